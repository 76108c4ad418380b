#!/usr/bin/env bash
# The action's install from a release: the .tar.gz of the stripped binary and SHA256SUMS from
# the GitHub release of VERSION, the archive checked against its line there before anything of
# it runs, unpacked into PREFIX (bin/infrac). The archive is built on Debian bookworm and links
# its shared libraries (docs/install.md).
# Usage: install-release.sh VERSION REPOSITORY PREFIX
set -euo pipefail
version="$1"
repository="$2"
prefix="$3"
asset="infrac-${version#v}-linux-$(uname -m).tar.gz"
base="${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download/$version"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "infrac: installing $asset of $repository $version into $prefix"
curl -fsSL --retry 3 -o "$scratch/$asset" "$base/$asset"
curl -fsSL --retry 3 -o "$scratch/SHA256SUMS" "$base/SHA256SUMS"
if ! grep -q " \*\?$asset\$" "$scratch/SHA256SUMS"; then
  echo "infrac: SHA256SUMS of $version does not list $asset" >&2
  exit 1
fi
(cd "$scratch" && grep " \*\?$asset\$" SHA256SUMS | sha256sum -c -)
mkdir -p "$prefix"
tar -xzf "$scratch/$asset" -C "$prefix" --strip-components=1
