#!/usr/bin/env bash
# Runs the fuzzers for N seconds in all, a share each: the spec loader (seeded with every spec
# in the repository), the HCL reader (every .tf file), the Terraform plan JSON reader (the plan
# corpus) and the plan comment's splitting.
# Usage: scripts/fuzz.sh [SECONDS] [ASAN_BUILD_DIR]
# A crash leaves the input as crash-* in the current directory: add it to tests/corpus as a
# regression case.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
build="${2:-$root/build-asan}"
half=$(( (seconds + 3) / 4 ))  # a quarter each
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {  # NAME SEED_PATTERN...
  local name="$1"; shift
  mkdir -p "$work/$name-seeds" "$work/$name-corpus"
  local i=0
  while IFS= read -r f; do cp "$f" "$work/$name-seeds/seed-$i"; i=$((i + 1)); done < <(
    find "$root/examples" "$root/tests/corpus" "$root/modules" \( "$@" \) -type f | sort)
  echo "== fuzzing $name for ${half}s ($i seeds)"
  "$build/tests/fuzz/$name" "$work/$name-corpus" "$work/$name-seeds" -max_total_time="$half" \
    -timeout=2 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 2>&1 | tail -n 12
}
run spec_loader_fuzz -name '*.yaml' -o -name '*.txtar'
run hcl_reader_fuzz -name '*.tf'
run plan_json_fuzz -path '*terraform-plan*' -name '*.json'
run plan_comment_fuzz -path '*terraform-plan*' -name '*.json'
