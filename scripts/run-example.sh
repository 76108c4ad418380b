#!/usr/bin/env bash
# Sets up, builds, and runs infrac's main job on the bundled example repository.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" "$root/build"
infrac="$root/build/infrac"
cd "$root/examples/acme"
echo "\$ infrac build"
"$infrac" build
echo
echo "\$ ls out/terraform/prod/payments out/kubernetes/prod/payments"
ls out/terraform/prod/payments out/kubernetes/prod/payments
echo
echo "\$ cat out/terraform/prod/payments/main.tf"
cat out/terraform/prod/payments/main.tf
echo
echo "\$ infrac graph --format mermaid"
"$infrac" graph --format mermaid
