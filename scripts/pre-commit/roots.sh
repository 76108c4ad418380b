# shellcheck shell=bash
# Sourced by the pre-commit hooks: infrac_root FILE prints the nearest directory at or above
# FILE that holds infrac.yaml (a repository may keep several infrac projects), or nothing.
infrac_root() {
  local dir
  dir="$(dirname "$1")"
  while :; do
    if [ -f "$dir/infrac.yaml" ]; then
      echo "$dir"
      return
    fi
    [ "$dir" = . ] || [ "$dir" = / ] && return
    dir="$(dirname "$dir")"
  done
}
