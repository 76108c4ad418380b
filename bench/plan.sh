#!/usr/bin/env bash
# Benchmarks `infrac plan` on a generated repository of N services × 2 environments in git:
#   env-value   one service's env value changed (reaches it and its neighbours)
#   dependency  one dependency dropped (reaches the caller and the callee, on either side)
#   shared      infrac.yaml changed (reaches every target)
# Usage: bench/plan.sh [N] (default 1000). SCRATCH picks the directory (/dev/shm keeps the
# repository and the exported base on tmpfs); INFRAC=path compares another build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infrac="${INFRAC:-$root/build/infrac}"
n="${1:-1000}"
scratch="${SCRATCH:-/tmp/infrac-bench-plan}"
runs="${RUNS:-5}"
repo="$scratch/plan-N$n"
git_() { git -C "$repo" -c user.email=b@example.com -c user.name=bench "$@"; }
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo"
  python3 "$root/bench/gen_repo.py" "$n" "$repo"
  git_ init -q -b main && git_ add -A && git_ commit -qm base
  git_ checkout -q -b env-value
  sed -i 's/LOG_FORMAT: json/LOG_FORMAT: text/' "$repo/services/svc-0007/service.yaml"
  git_ commit -qam "env value"
  git_ checkout -q -b dependency main
  python3 - "$repo/services/svc-0009/service.yaml" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r"  dependencies: \[([^,\]]+)(, [^\]]+)?\]", lambda m: "  dependencies: [%s]" % m.group(1), s)
open(p, "w").write(s)
PY
  git_ commit -qam "dependency"
  git_ checkout -q -b shared main
  sed -i 's/bucket: bench-tfstate/bucket: bench-tfstate-2/' "$repo/infrac.yaml"
  git_ commit -qam "shared"
  git_ checkout -q main
fi
for what in env-value dependency shared; do
  line=$(python3 "$root/bench/measure.py" "$runs" "plan N=$n $what" -- \
    "$infrac" plan --base main --head "$what" --format json --root "$repo" -q)
  python3 - "$line" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print("%-28s median %6.3fs  min %6.3fs  peak RSS %4.0f MB" % (
    r["label"], r["wall_median_s"], r["wall_min_s"], r["peak_rss_mb"]))
PY
done
