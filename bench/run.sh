#!/usr/bin/env bash
# Benchmarks `infrac check` (load + validate + resolve) on generated repositories.
# Usage: bench/run.sh [N ...]   (default: 100 1000 5000). Needs a release build in build/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infrac="$root/build/infrac"
scratch="${SCRATCH:-/tmp/infrac-bench-own}"
ns=("$@")
[ "${#ns[@]}" -gt 0 ] || ns=(100 1000 5000)
for n in "${ns[@]}"; do
  repo="$scratch/N$n"
  [ -f "$repo/infrac.yaml" ] || python3 "$root/bench/gen_repo.py" "$n" "$repo"
  for jobs in 1 2; do
    line=$(python3 "$root/bench/measure.py" 5 "check N=$n j=$jobs" -- "$infrac" check -q -j "$jobs" --root "$repo")
    python3 - "$line" "$n" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); n = int(sys.argv[2])
print("%-20s median %.3fs  min %.3fs  %8.0f services/s  peak RSS %.0f MB" % (
    r["label"], r["wall_median_s"], r["wall_min_s"], n / r["wall_median_s"], r["peak_rss_mb"]))
PY
  done
done
