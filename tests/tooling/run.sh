#!/usr/bin/env bash
# Runs the tests that judge infrac's output with tools infrac did not write.
# Usage: run.sh INFRAC_BINARY SOURCE_DIR
# The npm packages are pinned by package-lock.json and installed once into a cache directory.
set -euo pipefail
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "external: $tool not found: the validators infrac did not write cannot run" \
         "(scripts/setup.sh installs it)" >&2
    exit 1
  fi
done
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary="$1"
source_dir="$2"
key=$(sha256sum "$here/package-lock.json" | cut -c1-16)
cache="${INFRAC_TEST_TOOLING_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/infrac-test-tooling}/$key"
if [ ! -f "$cache/.ready" ]; then
  mkdir -p "$cache"
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$cache/.ready"
fi
status=0
for test in "$here"/*.test.mjs; do
  NODE_PATH="$cache/node_modules" node --no-warnings "$test" "$cache/node_modules" "$binary" "$source_dir" || status=1
done
exit $status
