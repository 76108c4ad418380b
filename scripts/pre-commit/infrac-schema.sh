#!/usr/bin/env bash
# pre-commit hook infrac-schema: .infrac/infrac.schema.json (written by `infrac init`, read by
# yaml-language-server through the specs' modeline) must be what this infrac's `schema --draft
# 7` writes; a stale one is rewritten and the commit stops so the new schema can be staged.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/roots.sh"
status=0
declare -A seen=()
for file in "$@"; do
  root="$(infrac_root "$file")"
  [ -n "$root" ] && [ -z "${seen[$root]:-}" ] || continue
  seen[$root]=1
  schema="$root/.infrac/infrac.schema.json"
  [ -f "$schema" ] || continue  # the project keeps no editor schema
  fresh="$(mktemp)"
  if ! infrac schema --draft 7 >"$fresh"; then
    rm -f "$fresh"
    exit 1
  fi
  if ! cmp -s "$fresh" "$schema"; then
    echo "infrac-schema: ${schema#./} was not this infrac's schema: rewritten, stage it" >&2
    cp "$fresh" "$schema"
    status=1
  fi
  rm -f "$fresh"
done
exit "$status"
