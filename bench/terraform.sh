#!/usr/bin/env bash
# Benchmarks reading and policy-checking hand-written Terraform: `infrac check --terraform`
# (the example's specs plus N .tf files of ~5 KB: parse, inventory, 38 rules, inline waivers),
# `infrac inventory` (parse only) and `infrac fmt --check`.
# Usage: bench/terraform.sh [N ...]   (default: 1000). Needs a release build in build/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infrac="$root/build/infrac"
scratch="${SCRATCH:-/tmp/infrac-bench-terraform}"
ns=("$@")
[ "${#ns[@]}" -gt 0 ] || ns=(1000)
report() {
  python3 - "$1" "$2" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); n = int(sys.argv[2])
print("%-32s median %.3fs  min %.3fs  %8.0f files/s  peak RSS %.0f MB" % (
    r["label"], r["wall_median_s"], r["wall_min_s"], n / r["wall_median_s"], r["peak_rss_mb"]))
PY
}
for n in "${ns[@]}"; do
  repo="$scratch/N$n"
  [ -d "$repo/live" ] || python3 "$root/bench/gen_terraform.py" "$n" "$repo"
  echo "N=$n: $(du -sh "$repo/live" | cut -f1) of .tf"
  for jobs in 1 2; do
    report "$(python3 "$root/bench/measure.py" 5 "check --terraform N=$n j=$jobs" --ok-exit 1 -- \
      "$infrac" check -q -j "$jobs" --root "$repo" --terraform "$repo/live")" "$n"
  done
  report "$(python3 "$root/bench/measure.py" 5 "inventory N=$n" -- "$infrac" inventory -q "$repo/live")" "$n"
  report "$(python3 "$root/bench/measure.py" 5 "fmt --check N=$n" --ok-exit 1 -- "$infrac" fmt --check "$repo/live")" "$n"
done
