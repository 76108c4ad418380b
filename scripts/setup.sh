#!/usr/bin/env bash
# Installs what infrac needs to build and test on Debian bookworm (also a minimal one), then
# configures and builds. Safe to run again: it installs only what is missing.
# Usage: scripts/setup.sh [BUILD_DIR]   (default: build; INFRAC_WERROR=ON makes warnings errors,
# as scripts/test.sh and CI do; INFRAC_TESTS=OFF builds and installs for the binary alone)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"

packages=(ca-certificates g++ cmake ninja-build pkg-config git python3 python3-yaml
          libyaml-cpp-dev nlohmann-json3-dev libre2-dev libcli11-dev libfmt-dev libdtl-dev
          libcurl4-openssl-dev libjemalloc-dev tzdata dpkg-dev)
# dpkg-dev: dpkg-shlibdeps, which names the .deb's library dependencies (cpack).
tests="${INFRAC_TESTS:-ON}"  # OFF: the binary alone (the action's build on a cache miss)
if [ "$tests" = ON ]; then
  packages+=(libcpp-httplib-dev catch2 clang libclang-rt-14-dev prometheus locales postgresql
             pre-commit zsh fish)
fi
# prometheus brings promtool, which checks and unit-tests every generated alerting rule.
# postgresql: tests/cli/postgres_bootstrap_test.cpp runs the database-roles SQL on a real server.
# pre-commit runs .pre-commit-hooks.yaml in tests/package/pre_commit_test.sh; zsh and fish run
# their completion scripts in tests/cli/completion_test.cpp.
# node + npm run the external validators; a machine that already has them keeps its own.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Locales the determinism test builds under (tr_TR: I/ı case mapping; de_DE: decimal commas).
locales=(tr_TR.UTF-8 de_DE.UTF-8)
[ "$tests" = ON ] || locales=()
for l in "${locales[@]}"; do
  if ! locale -a 2>/dev/null | grep -qix "${l%%.*}.utf8"; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo sed -i "s/^# *\($l UTF-8\)/\1/" /etc/locale.gen
    grep -qx "$l UTF-8" /etc/locale.gen || echo "$l UTF-8" | $sudo tee -a /etc/locale.gen >/dev/null
    $sudo locale-gen >/dev/null
  fi
done

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DINFRAC_WERROR="${INFRAC_WERROR:-OFF}" -DINFRAC_TESTS="$tests" >/dev/null
ninja -C "$build" >&2
