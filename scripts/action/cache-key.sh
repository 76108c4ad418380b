#!/usr/bin/env bash
# The actions/cache key of a binary built from this action's source: infrac's version, a
# digest of every file the build reads, and the runner image (the binary links the image's
# shared libraries, so another image builds its own). Prints key=... for $GITHUB_OUTPUT.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
version="$(sed -n 's/^project(infrac VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"
sources="$(find CMakeLists.txt cmake compiler stdlib policies modules third_party scripts/setup.sh \
  -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
echo "key=infrac-$version-$sources-${ImageOS:-$(. /etc/os-release && echo "$ID$VERSION_ID")}-${ImageVersion:-none}-$(uname -m)"
