#!/usr/bin/env bash
# pre-commit hook infrac-check: `infrac check` once per infrac project the staged files belong
# to, with --service for each changed service (its spec, patches or own Terraform); a change
# to infrac.yaml, a policy pack, an exception or a service folder without a spec checks every
# service. What it prints is what `infrac check` prints.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/roots.sh"
declare -A services=() everything=()
roots=()
for file in "$@"; do
  root="$(infrac_root "$file")"
  [ -n "$root" ] || continue
  [[ " ${roots[*]} " == *" $root "* ]] || roots+=("$root")
  relative="${file#"$root"/}"
  service=""
  if [[ $relative == services/*/* ]]; then
    service="${relative#services/}"
    service="${service%%/*}"
  fi
  if [ -n "$service" ] && { [ -f "$root/services/$service/service.yaml" ] ||
                            [ -f "$root/services/$service/score.yaml" ]; }; then
    services[$root]+=" --service $service"
  else
    everything[$root]=1
  fi
done
status=0
for root in "${roots[@]}"; do
  if [ -n "${everything[$root]:-}" ]; then
    infrac check --root "$root" || status=1
  else
    # shellcheck disable=SC2086 # --service NAME pairs; service names are DNS labels
    infrac check --root "$root" ${services[$root]} || status=1
  fi
done
exit "$status"
