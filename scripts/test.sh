#!/usr/bin/env bash
# The whole test suite, from a fresh clone: set-up, release build + every test, then a
# sanitizer build (ASan + UBSan, clang) of the unit tests and a short fuzzing run.
# Usage: scripts/test.sh        (FUZZ_SECONDS=N to fuzz longer; default 80, a quarter per fuzzer)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Warnings are errors here and in CI; a user's default build only reports them.
INFRAC_WERROR=ON "$root/scripts/setup.sh" "$root/build"

echo "== tests (release build)"
(cd "$root/build" && ctest --output-on-failure)

echo "== unit tests under ASan + UBSan"
# -O1, as AddressSanitizer's documentation advises for reasonable speed
# (https://clang.llvm.org/docs/AddressSanitizer.html): at -O0 the CLI suite took three times as long.
CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DCMAKE_C_FLAGS_DEBUG="-O1 -g" \
  -DINFRAC_SANITIZE=ON -DINFRAC_FUZZ=ON -DINFRAC_WERROR=ON >/dev/null
ninja -C "$root/build-asan" >&2
(cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -R '^(unit|cli)$')

echo "== fuzzing (spec loader, HCL reader, plan JSON, plan comment) for ${FUZZ_SECONDS:-80}s"
"$root/scripts/fuzz.sh" "${FUZZ_SECONDS:-80}" "$root/build-asan"
echo "test.sh: all suites passed"
