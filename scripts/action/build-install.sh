#!/usr/bin/env bash
# The action on a cache miss: packages and a build without the test suite (scripts/setup.sh),
# then `cmake --install --strip` into PREFIX, which actions/cache keeps for the next job.
# Usage: build-install.sh BUILD_DIR PREFIX
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRAC_TESTS=OFF "$root/scripts/setup.sh" "$1"
cmake --install "$1" --prefix "$2" --strip >/dev/null
