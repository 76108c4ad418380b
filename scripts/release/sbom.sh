#!/usr/bin/env bash
# A CycloneDX 1.6 SBOM (JSON) of a release build: infrac, the npm packages whose C sources are
# compiled into it (listed by @cyclonedx/cyclonedx-npm from their lock file, pinned here by
# package-lock.json), and the Debian packages it links (the .deb's Depends) or compiles in
# (header-only libraries, tzdata's zone names), at the versions installed on the build machine.
# Usage: scripts/release/sbom.sh BUILD_DIR DEB OUT.cdx.json
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "$1" && pwd)"
deb="$2"
out="$3"
key=$(sha256sum "$here/package-lock.json" | cut -c1-16)
cache="${INFRAC_RELEASE_TOOLING_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/infrac-release-tooling}/$key"
if [ ! -f "$cache/.ready" ]; then
  mkdir -p "$cache"
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$cache/.ready"
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$build/third_party/tree-sitter" &&
  "$cache/node_modules/.bin/cyclonedx-npm" --package-lock-only --omit dev --spec-version 1.6 \
    --output-reproducible --output-format JSON --output-file "$scratch/npm.cdx.json")
# One "name version" line per Debian package: the linked ones, then the compiled-in ones.
dpkg-deb --field "$deb" Depends | tr ',' '\n' | sed 's/[(|].*//; s/ //g' | grep -v '^$' |
  cat - <(printf '%s\n' nlohmann-json3-dev libcli11-dev libdtl-dev tzdata) |
  while read -r name; do
    echo "$name $(dpkg-query -W -f='${Version}' "$name" 2>/dev/null || echo unknown)"
  done >"$scratch/debian.txt"
version="$(dpkg-deb --field "$deb" Version)"
node "$here/sbom.mjs" "$scratch/npm.cdx.json" "$scratch/debian.txt" "$version" >"$out"
