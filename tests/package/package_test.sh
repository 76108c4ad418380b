#!/usr/bin/env bash
# The packages as a user gets them: CPack makes the .deb and the .tar.gz from the build tree
# (nothing is compiled), the .deb is unpacked into a scratch root with dpkg -x, and the
# installed binary must build examples/acme byte for byte as the build tree's binary does.
# Also checked: the binary is stripped, the .deb names its library dependencies, and the man
# pages, completions, embedded data and licence notices are where the packages put them.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
source_dir="$(cd "$2" && pwd)"
for tool in cpack dpkg-deb dpkg-shlibdeps readelf tar node npm python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "package: $tool not found: the packages cannot be made and checked" \
         "(scripts/setup.sh installs it)" >&2
    exit 1
  fi
done
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failures=0
check() {  # check NAME COMMAND...
  local name="$1"
  shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name" >&2; failures=$((failures + 1)); fi
}

start=$SECONDS
if ! (cd "$build" && cpack -G "DEB;TGZ" -B "$scratch/packages" >"$scratch/cpack.log" 2>&1); then
  cat "$scratch/cpack.log" >&2
  exit 1
fi
deb="$(ls "$scratch"/packages/infrac_*.deb)"
tgz="$(ls "$scratch"/packages/infrac-*.tar.gz)"
echo "package: cpack took $((SECONDS - start)) s"

dpkg -x "$deb" "$scratch/root"
installed="$scratch/root/usr/bin/infrac"
check "the .deb installs usr/bin/infrac" test -x "$installed"
check "the installed binary is stripped" \
  bash -c "! readelf -S '$installed' | grep -q -e '\.debug_info' -e '\.symtab'"
depends="$(dpkg-deb --field "$deb" Depends)"
check "the .deb depends on the libraries infrac links (dpkg-shlibdeps): $depends" \
  bash -c "grep -q libyaml-cpp <<<'$depends' && grep -q libre2 <<<'$depends'"
share="$scratch/root/usr/share"
for file in man/man1/infrac.1.gz man/man1/infrac-check.1.gz man/man1/infrac-ci-targets.1.gz \
            bash-completion/completions/infrac zsh/vendor-completions/_infrac \
            fish/vendor_completions.d/infrac.fish infrac/modules/aws/postgres/README.md \
            infrac/policies infrac/stdlib/defaults.yaml doc/infrac/README.md \
            doc/infrac/licenses/tree-sitter doc/infrac/licenses/tree-sitter-hcl \
            doc/infrac/licenses/libcli11-dev; do
  check "the .deb installs usr/share/$file" test -e "$share/$file"
done
check "the installed bash completion is the binary's own" \
  cmp -s "$share/bash-completion/completions/infrac" <("$installed" completion bash)

# The same build by both binaries, on a copy of acme (its exceptions hold on the pinned day).
cp -r "$source_dir/examples/acme" "$scratch/acme"
rm -rf "$scratch/acme/out"
export INFRAC_NOW=2026-11-22
"$build/infrac" build -q --root "$scratch/acme" --out "$scratch/out-build-tree"
"$installed" build -q --root "$scratch/acme" --out "$scratch/out-installed"
check "the installed binary builds acme identically" \
  diff -r "$scratch/out-build-tree" "$scratch/out-installed"
check "acme's build wrote every target" test -d "$scratch/out-installed/terraform/prod/payments"
check "the installed binary reports the build tree's version" \
  test "$("$installed" --version)" = "$("$build/infrac" --version)"

mkdir "$scratch/tgz"
tar -xzf "$tgz" -C "$scratch/tgz"
top="$(ls "$scratch/tgz")"
check "the .tar.gz holds the stripped binary" \
  cmp -s "$scratch/tgz/$top/bin/infrac" "$installed"
check "the .tar.gz holds the licence notices" \
  test -s "$scratch/tgz/$top/share/doc/infrac/licenses/tree-sitter-hcl"

# The action's install from a release (scripts/action/install-release.sh), from a release laid
# out as the release workflow publishes it, read through file:// instead of GitHub.
version_tag="v$(dpkg-deb --field "$deb" Version)"
release="$scratch/releases/platform/infrac/releases/download/$version_tag"
mkdir -p "$release"
cp "$tgz" "$release/"
(cd "$release" && sha256sum "$(basename "$tgz")" >SHA256SUMS)
GITHUB_SERVER_URL="file://$scratch/releases" "$source_dir/scripts/action/install-release.sh" \
  "$version_tag" platform/infrac "$scratch/action" >/dev/null
check "the action installs the release's archive" cmp -s "$scratch/action/bin/infrac" "$installed"
echo "tampered" >>"$release/$(basename "$tgz")"
check "the action refuses an archive that does not match SHA256SUMS" bash -c "! GITHUB_SERVER_URL='file://$scratch/releases' \
  '$source_dir/scripts/action/install-release.sh' '$version_tag' platform/infrac '$scratch/action2' >/dev/null 2>&1"
check "nothing of a refused archive is installed" test ! -e "$scratch/action2/bin/infrac"

# The release's SBOM (scripts/release/sbom.sh, as examples/workflows/release.yml runs it).
"$source_dir/scripts/release/sbom.sh" "$build" "$deb" "$scratch/infrac.cdx.json"
check "the SBOM is CycloneDX 1.6 of infrac with what it compiles in and links" python3 -c '
import json, sys
bom = json.load(open(sys.argv[1]))
names = {c["name"] for c in bom["components"]}
assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6", bom["specVersion"]
assert bom["metadata"]["component"]["name"] == "infrac"
assert {"tree-sitter", "tree-sitter-hcl", "libcli11-dev"} <= names, names
assert any(n.startswith("libyaml-cpp") for n in names), names
' "$scratch/infrac.cdx.json"

echo "package: stripped binary $(stat -c %s "$installed") bytes, .deb $(stat -c %s "$deb")" \
     "bytes, .tar.gz $(stat -c %s "$tgz") bytes; $((SECONDS - start)) s in all"
if [ "$failures" -gt 0 ]; then
  echo "package: $failures check(s) failed" >&2
  exit 1
fi
