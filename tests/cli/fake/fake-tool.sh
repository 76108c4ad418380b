#!/bin/sh
# A stand-in for terraform and kubectl (installed under both names): appends each call to
# $FAKE_LOG, writes the saved plan of `terraform plan -out=F`, prints a plan for `show -json`,
# answers `kubectl get job NAME` as if $FAKE_EXISTING_JOBS named the jobs that exist and
# `kubectl get job/NAME` (a Job's true conditions) with $FAKE_JOB_CONDITIONS (default: it
# completed; only for Jobs whose name starts with $FAKE_JOB_PREFIX when that is set), answers
# `kubectl config get-contexts` with the words of $FAKE_CONTEXTS, and fails a call whose
# arguments contain $FAKE_FAIL.
name=$(basename "$0")
echo "$name $*" >> "$FAKE_LOG"
if [ -n "$FAKE_FAIL" ]; then
  case " $* " in *"$FAKE_FAIL"*) echo "$name: failing as asked ($FAKE_FAIL)" >&2; exit 1 ;; esac
fi
if [ "$name" = terraform ]; then
  dir=. out=
  for a in "$@"; do
    case "$a" in -chdir=*) dir="${a#-chdir=}" ;; -out=*) out="${a#-out=}" ;; esac
  done
  case " $* " in
    *" plan "*) echo "saved plan" > "$dir/$out" ;;
    *" show "*) echo '{"format_version":"1.2","terraform_version":"1.11.0"}' ;;
  esac
elif [ "$name" = kubectl ]; then
  case " $* " in
    *" config get-contexts "*) for c in $FAKE_CONTEXTS; do echo "$c"; done ;;
    *" get job/$FAKE_JOB_PREFIX"*) echo "${FAKE_JOB_CONDITIONS:-SuccessCriteriaMet Complete}" ;;
    *" get job/"*) echo "SuccessCriteriaMet Complete" ;;
    *" get job "*)
      for job in $FAKE_EXISTING_JOBS; do
        case " $* " in *" $job "*) echo "job.batch/$job" ;; esac
      done ;;
  esac
fi
exit 0
