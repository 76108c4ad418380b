#!/usr/bin/env bash
# Sets up, builds, and runs infrac's main job on the bundled example repository.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" "$root/build"
infrac="$root/build/infrac"
cd "$root/examples/acme"
echo "\$ infrac check"
"$infrac" check
echo
echo "\$ infrac graph --format mermaid"
"$infrac" graph --format mermaid
echo
echo "\$ infrac check --dump resolve --env prod --service payments   (what infrac understood)"
"$infrac" check --dump resolve --env prod --service payments -q
