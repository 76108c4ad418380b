#!/usr/bin/env bash
# Breadth of the generated NetworkPolicies, as `infrac access` reads them: per repository and
# environment, the workloads, the open paths between namespaces, the rules to addresses
# outside the cluster and how many of those admit any public address (cloud APIs through NAT,
# spec egress hosts), with blocked needs and paths to non-dependencies (both must be 0).
# Usage: bench/access_breadth.sh [INFRAC]   (default: build/infrac)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infrac="${1:-$root/build/infrac}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/bench/gen_repo.py" 200 "$work/gen-aws" >/dev/null
python3 "$root/bench/gen_repo.py" 200 "$work/gen-gcp" --cloud gcp >/dev/null
echo "| repository | env | workloads | open paths | rules outside | of which any public address | blocked needs | to non-dependencies |"
echo "|---|---|---|---|---|---|---|---|"
for repo in "$root/examples/acme" "$root/examples/shop-gcp" "$root/examples/score" "$work/gen-aws" "$work/gen-gcp"; do
  for env in dev prod; do
    json="$("$infrac" access "$env" --format json --root "$repo" 2>/dev/null || true)"
    [ -n "$json" ] || continue
    python3 - "$(basename "$repo")" "$env" <<PY
import json, sys
j = json.loads('''$json''')
public = sum(1 for p in j["outside"] if p["to"].startswith("0.0.0.0/0"))
print("| %s | %s | %d | %d | %d | %d | %d | %d |" % (sys.argv[1], sys.argv[2], j["workloads"], len(j["open"]),
      len(j["outside"]), public, len(j["blocked_needs"]), len(j["to_non_dependencies"])))
PY
  done
done
