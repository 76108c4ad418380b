#!/usr/bin/env bash
# The hooks of .pre-commit-hooks.yaml as a team runs them: Debian's pre-commit installs them
# from a scratch clone of this repository's hooks into a scratch git repository (a copy of
# tests/corpus/base), and commits go through them. A bad spec must stop the commit with what
# `infrac check` says about it; a mis-formatted .tf file and a stale editor schema are
# rewritten and stop the commit until they are staged. Nothing is downloaded: the hooks are
# `script` and `system` hooks and the hook repository is a local path.
# Usage: pre_commit_test.sh INFRAC_BINARY SOURCE_DIR
set -euo pipefail
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
source_dir="$(cd "$2" && pwd)"
for tool in pre-commit git; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "pre-commit: $tool not found: the hooks cannot run (scripts/setup.sh installs it)" >&2
    exit 1
  fi
done
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
start=$SECONDS
bin_dir="$(dirname "$binary")"
export PRE_COMMIT_HOME="$scratch/cache" PATH="$bin_dir:$PATH" INFRAC_NOW=2026-11-22
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=test \
       GIT_COMMITTER_EMAIL=test@example.com GIT_CONFIG_GLOBAL=/dev/null
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# The hook repository: what a team's config names by URL, here a local clone.
hooks="$scratch/hooks"
mkdir -p "$hooks/scripts"
cp "$source_dir/.pre-commit-hooks.yaml" "$hooks/"
cp -r "$source_dir/scripts/pre-commit" "$hooks/scripts/"
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" commit -q -m hooks
rev="$(git -C "$hooks" rev-parse HEAD)"

repo="$scratch/repo"
cp -r "$source_dir/tests/corpus/base" "$repo"
cd "$repo"
git init -q
mkdir -p .infrac modules/extra
infrac schema --draft 7 >.infrac/infrac.schema.json
printf 'variable "name" {\n  type = string\n}\n' >modules/extra/variables.tf
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: infrac-check
      - id: infrac-fmt
      - id: infrac-schema
YAML
pre-commit install >/dev/null
git add -A
git commit -q -m base >"$scratch/base.log" 2>&1 || { cat "$scratch/base.log" >&2; fail "a valid repository commits"; }

# A bad spec: the commit stops, with infrac check's own words.
sed -i 's/^  team: .*/  team: nobody/' services/web/service.yaml
git add services/web/service.yaml
head_before="$(git rev-parse HEAD)"
if git commit -q -m "bad spec" >"$scratch/bad.log" 2>&1; then
  fail "a bad spec was committed"
fi
[ "$(git rev-parse HEAD)" = "$head_before" ] || fail "HEAD moved on a blocked commit"
infrac check --service web >/dev/null 2>"$scratch/check.err" && fail "infrac check passed the bad spec"
grep -q "error" "$scratch/check.err" || fail "infrac check said no error"
if ! python3 -c 'import sys; a, b = (open(p).read() for p in sys.argv[1:]); sys.exit(a not in b)' \
        "$scratch/check.err" "$scratch/bad.log"; then
  fail "the hook's output is not infrac check's"
  echo "--- hook:" >&2; cat "$scratch/bad.log" >&2
  echo "--- infrac check:" >&2; cat "$scratch/check.err" >&2
fi
git checkout -q HEAD -- services/web/service.yaml

# A .tf file not in canonical form: rewritten, the commit stops; staged again, it passes.
printf 'variable "name" {\n  type = string\n}\n\nvariable "size" {\n  type=number\n}\n' \
  >modules/extra/variables.tf
git add modules/extra/variables.tf
git commit -q -m "unformatted" >"$scratch/fmt.log" 2>&1 && fail "an unformatted .tf file was committed"
grep -q "type = number" modules/extra/variables.tf || fail "infrac fmt did not rewrite the file"
git add modules/extra/variables.tf
git commit -q -m "formatted" >"$scratch/fmt2.log" 2>&1 || { cat "$scratch/fmt2.log" >&2; fail "the rewritten file commits"; }

# A stale editor schema: rewritten, the commit stops; staged again, it passes.
echo '{}' >.infrac/infrac.schema.json
git add .infrac/infrac.schema.json
git commit -q -m "stale schema" >"$scratch/schema.log" 2>&1 && fail "a stale schema was committed"
grep -q "rewritten, stage it" "$scratch/schema.log" || fail "the schema hook did not say why"
cmp -s .infrac/infrac.schema.json <(infrac schema --draft 7) || fail "the schema was not rewritten"
git add .infrac/infrac.schema.json
pre-commit run infrac-schema --files .infrac/infrac.schema.json >"$scratch/schema2.log" 2>&1 ||
  { cat "$scratch/schema2.log" >&2; fail "the rewritten schema passes"; }

echo "pre-commit: $((SECONDS - start)) s"
if [ "$failures" -gt 0 ]; then
  echo "pre-commit: $failures check(s) failed" >&2
  exit 1
fi
echo "pre-commit: all checks passed"
