#!/usr/bin/env bash
# Benchmarks `infrac build` on generated repositories (2 environments per service):
#   cold      into a directory that does not exist yet
#   no-op     again into the same directory: the build cache's fast path (nothing changed)
#   compare   again without the build cache (XDG_CACHE_HOME and HOME empty): every target
#             compiled and every file compared, none rewritten
#   one-edit  after changing one service's spec (the files of its two targets are rewritten)
# and, where ../shared/peers has generated it, the peer workload (1 environment).
# Usage: bench/build.sh [N ...]   (default: 100 1000 5000). CLOUD=gcp generates a Google Cloud
# repository (GKE and Cloud Run services) instead of AWS. OUT_BASE picks the disk written to
# (default: $SCRATCH); a tmpfs such as /dev/shm separates compile cost from disk cost.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infrac="${INFRAC:-$root/build/infrac}"  # INFRAC=path measures another binary (before/after)
scratch="${SCRATCH:-/tmp/infrac-bench-own}"
out_base="${OUT_BASE:-$scratch}"
runs="${RUNS:-5}"
ns=("$@")
[ "${#ns[@]}" -gt 0 ] || ns=(100 1000 5000)

report() {  # JSON line from measure.py, services
  python3 - "$1" "$2" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); n = int(sys.argv[2])
print("%-34s median %7.3fs  min %7.3fs  %8.0f services/s  peak RSS %5.0f MB" % (
    r["label"], r["wall_median_s"], r["wall_min_s"], n / r["wall_median_s"], r["peak_rss_mb"]))
PY
}

measure_build() {  # label repo services
  local label="$1" repo="$2" n="$3"
  local out="$out_base/out-$label" cache="$scratch/cache-$label"
  rm -rf "$out" "$out_base"/cold-* "$cache"
  # cold: into a directory that does not exist; removing the previous run's tree and flushing
  # the disk happen before the clock starts
  line=$(python3 "$root/bench/measure.py" "$runs" "cold $label" \
    --setup "rm -rf '$out_base/cold-$label' '$cache'; sync" -- \
    env XDG_CACHE_HOME="$cache" "$infrac" build -q --root "$repo" --out "$out_base/cold-$label")
  report "$line" "$n"
  line=$(python3 "$root/bench/measure.py" "$runs" "no-op $label" -- env XDG_CACHE_HOME="$cache" \
    "$infrac" build -q --root "$repo" --out "$out")
  report "$line" "$n"
  line=$(python3 "$root/bench/measure.py" "$runs" "compare $label" -- env XDG_CACHE_HOME= HOME= \
    "$infrac" build -q --root "$repo" --out "$out")
  report "$line" "$n"
  rm -rf "$out_base/cold-$label" "$cache"
}

cloud="${CLOUD:-aws}"
for n in "${ns[@]}"; do
  repo="$scratch/N$n${cloud/aws/}"
  [ -f "$repo/infrac.yaml" ] || python3 "$root/bench/gen_repo.py" "$n" "$repo" --cloud "$cloud"
  echo "== $n services, $((2 * n)) targets: $(find "$repo/services" -name service.yaml | wc -l) specs"
  measure_build "N$n" "$repo" "$n"
  # one edit: flip one env value back and forth, so every run changes two targets
  specs=("$repo"/services/*)
  svc=$(basename "${specs[0]}")
  line=$(python3 "$root/bench/measure.py" "$runs" "one-edit N$n" -- sh -c \
    "sed -i 's/LOG_FORMAT: json/LOG_FORMAT: text/;t;s/LOG_FORMAT: text/LOG_FORMAT: json/' '$repo/services/$svc/service.yaml'; XDG_CACHE_HOME='$scratch/cache-edit' '$infrac' build -q --root '$repo' --out '$out_base/out-N$n'")
  report "$line" "$n"
  files=$(find "$out_base/out-N$n" -type f | wc -l)
  echo "   output: $files files, $(du -sm "$out_base/out-N$n" | cut -f1) MB"
  # The floor on this disk: copying the same tree (same files, same bytes) with cp -r.
  line=$(python3 "$root/bench/measure.py" "$runs" "floor: cp -r of the tree N$n" \
    --setup "rm -rf '$out_base/floor-N$n'; sync" -- cp -r "$out_base/out-N$n" "$out_base/floor-N$n")
  report "$line" "$n"
  rm -rf "$out_base/floor-N$n"
  rm -rf "$out_base/out-N$n" "$scratch/cache-edit"
done

# The peers' workload (../shared/peers/gen.py): the same N services compiled by jsonnet,
# kustomize, cdk8s and cdktf; their figures are in that directory's README.
peers="${PEERS_SCRATCH:-/tmp/infrac-bench}"
for n in "${ns[@]}"; do
  if [ -f "$peers/N$n/infrac/infrac.yaml" ]; then
    echo "== peer workload, $n services"
    copy="$scratch/peers-N$n"
    if [ ! -f "$copy/infrac.yaml" ]; then
      cp -r "$peers/N$n/infrac" "$copy"
      # The peers' workload runs single-zone databases in production; one exception waives
      # that rule, so every finding is still computed but the build can write.
      python3 - "$copy" <<'PY'
import datetime, os, sys
root = sys.argv[1]
services = sorted(os.listdir(os.path.join(root, "services")))
expires = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()
os.makedirs(os.path.join(root, "policies"), exist_ok=True)
with open(os.path.join(root, "policies", "exceptions.yaml"), "w") as f:
    f.write("apiVersion: infrac/v1\nkind: Exceptions\nexceptions:\n")
    f.write("  - rule: datastore.prod-ha\n    services: [%s]\n" % ", ".join(services))
    f.write("    reason: benchmark workload\n    owner: bench\n    expires: %s\n" % expires)
PY
    fi
    measure_build "peers-N$n" "$copy" "$n"
  fi
done
