#!/usr/bin/env bash
# Hunts for plans that disagree with two full builds: the differential test of the suite
# (tests/differential/plan_differential.py) on more seeds than CI runs, from a given seed on.
# Usage: scripts/plan-hunt.sh [SEEDS] [FIRST_SEED]   (default: 500 seeds from 1000)
#        SCRATCH=/dev/shm/x scripts/plan-hunt.sh      (keep the temporary repositories on tmpfs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -x "$root/build/infrac" ] || "$root/scripts/setup.sh" "$root/build"
args=(--infrac "$root/build/infrac" --seeds "${1:-500}" --first-seed "${2:-1000}" --histories 10)
[ -z "${SCRATCH:-}" ] || { mkdir -p "$SCRATCH"; args+=(--scratch "$SCRATCH"); }
exec python3 "$root/tests/differential/plan_differential.py" "${args[@]}"
