#!/usr/bin/env bash
# The build cache and the plan's reach, two binaries side by side in one run (BEFORE and
# AFTER, alternating per measurement, so both see the same machine load):
#   no-op           a clean repository built again: nothing to say, nothing to write
#   no-op, warnings the same on a copy whose services have no description (a warning on every
#                   target), which the cache used to refuse to remember
#   one-edit        one service's env value flipped, then build
#   plan one        `plan` of a commit that changes one service's env value (with the side's
#                   cache folder, as a developer's or a CI job's cached ~/.cache would be)
# and the peak memory of a cold build at N (the largest N given).
# Usage: BEFORE=path/to/old/infrac bench/incremental.sh [N ...]  (default 1000). SCRATCH picks
# the directory (default /dev/shm/infrac-bench-inc: tmpfs, so the disk is not measured).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
after="${AFTER:-$root/build/infrac}"
before="${BEFORE:?BEFORE=path of the binary to compare with}"
scratch="${SCRATCH:-/dev/shm/infrac-bench-inc}"
runs="${RUNS:-5}"
ns=("$@")
[ "${#ns[@]}" -gt 0 ] || ns=(1000)

report() {  # JSON line from measure.py
  python3 - "$1" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print("%-44s median %7.3fs  min %7.3fs  peak RSS %5.0f MB" % (
    r["label"], r["wall_median_s"], r["wall_min_s"], r["peak_rss_mb"]))
PY
}
measure() { report "$(python3 "$root/bench/measure.py" "$runs" "$@")"; }

for n in "${ns[@]}"; do
  repo="$scratch/N$n"
  git_() { git -C "$repo" -c user.email=b@example.com -c user.name=bench "$@"; }
  if [ ! -d "$repo/.git" ]; then
    rm -rf "$repo"
    python3 "$root/bench/gen_repo.py" "$n" "$repo"
    git_ init -q -b main && git_ add -A && git_ commit -qm base
    git_ checkout -q -b one
    sed -i 's/LOG_FORMAT: json/LOG_FORMAT: text/' "$repo/services/svc-0007/service.yaml"
    git_ commit -qam "one service's env value"
    git_ checkout -q main
  fi
  warn="$scratch/N$n-warnings"
  if [ ! -f "$warn/infrac.yaml" ]; then
    rm -rf "$warn"
    cp -r "$repo" "$warn"
    rm -rf "$warn/.git"
    sed -i '/^  description: /d' "$warn"/services/*/service.yaml
  fi
  echo "== $n services, $((2 * n)) targets"
  for side in before after; do
    bin="$before"; [ "$side" = after ] && bin="$after"
    out="$scratch/out-$side-N$n"; cache="$scratch/cache-$side-N$n"
    rm -rf "$out" "$out-warn" "$cache"
    env XDG_CACHE_HOME="$cache" "$bin" build -q --root "$repo" --out "$out"
    env XDG_CACHE_HOME="$cache" "$bin" build -q --root "$warn" --out "$out-warn"
  done
  for side in before after; do
    bin="$before"; [ "$side" = after ] && bin="$after"
    measure "no-op $side N$n" -- env XDG_CACHE_HOME="$scratch/cache-$side-N$n" \
      "$bin" build -q --root "$repo" --out "$scratch/out-$side-N$n"
  done
  for side in before after; do
    bin="$before"; [ "$side" = after ] && bin="$after"
    measure "no-op with warnings $side N$n" -- env XDG_CACHE_HOME="$scratch/cache-$side-N$n" \
      "$bin" build -q --root "$warn" --out "$scratch/out-$side-N$n-warn"
  done
  for side in before after; do
    bin="$before"; [ "$side" = after ] && bin="$after"
    measure "one-edit $side N$n" -- sh -c \
      "sed -i 's/LOG_FORMAT: json/LOG_FORMAT: text/;t;s/LOG_FORMAT: text/LOG_FORMAT: json/' '$repo/services/svc-0003/service.yaml'; XDG_CACHE_HOME='$scratch/cache-$side-N$n' '$bin' build -q --root '$repo' --out '$scratch/out-$side-N$n'"
  done
  git_ checkout -q -- .
  for side in before after; do
    bin="$before"; [ "$side" = after ] && bin="$after"
    measure "plan one service $side N$n" -- env XDG_CACHE_HOME="$scratch/cache-$side-N$n" \
      "$bin" plan --base main --head one --format json --root "$repo" -q
  done
done
n="${ns[-1]}"
for side in before after; do
  bin="$before"; [ "$side" = after ] && bin="$after"
  measure "cold build $side N$n (peak memory)" --setup "rm -rf '$scratch/cold'" -- \
    env XDG_CACHE_HOME= HOME= "$bin" build -q --root "$scratch/N$n" --out "$scratch/cold"
done
rm -rf "$scratch"/out-* "$scratch"/cache-* "$scratch/cold"
