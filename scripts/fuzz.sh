#!/usr/bin/env bash
# Runs the spec-loader fuzzer for N seconds, seeded with every spec in the repository.
# Usage: scripts/fuzz.sh [SECONDS] [ASAN_BUILD_DIR]
# A crash leaves the input as crash-* in the current directory: add it to tests/corpus as a
# regression case.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
build="${2:-$root/build-asan}"
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
i=0
while IFS= read -r f; do cp "$f" "$seeds/seed-$i"; i=$((i + 1)); done < <(
  find "$root/examples" "$root/tests/corpus" -name '*.yaml' -o -name '*.txtar' | sort)
work=$(mktemp -d)
"$build/tests/fuzz/spec_loader_fuzz" "$work" "$seeds" -max_total_time="$seconds" \
  -timeout=1 -rss_limit_mb=512 -max_len=65536 -print_final_stats=1 2>&1 | tail -n 12
rm -rf "$work"
