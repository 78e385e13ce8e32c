#!/usr/bin/env bash
# .ci/reliability.sh - the reliability steps of CI, run by .ci/run after the
# main build and `make check` (in the configured source tree).  Installs
# nothing.  Each step runs even when an earlier one failed; the summary
# lists them all and the exit status is non-zero when any failed.
#
#   sanitizers   `make check` of an ASan+UBSan build (make check-asan)
#   valgrind     memcheck over the C test programs and the CLI (make valgrind)
#   fuzz         every libFuzzer target for FUZZ_SECONDS (default 60) each
#   ubsan        every saved input and the grown corpus through the clang
#                ASan+UBSan targets, float-cast-overflow included (make fuzz-replay)
#   tsan         the 8-thread test under ThreadSanitizer (make check-tsan)
#   abi          abidiff against abi/libkneepain.abi (make abi-check), and
#                the proof that it fails on a moved struct member
#                (make abi-layout-check)
#   hardening    hardening-check on the library and the CLI (make hardening-check)
#   distcheck    make distcheck
#
# RELIABILITY_STEPS="fuzz abi" runs a subset; BUILDDIR a configured build
# tree other than the source tree (CI configures in place).  See
# doc/reliability.md.
set -u
cd "${BUILDDIR:-$(dirname "$0")/..}" || exit 1
if [ ! -f Makefile ]; then
  echo "reliability: $(pwd) is not a configured build tree" >&2
  exit 1
fi

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
STEPS=${RELIABILITY_STEPS:-sanitizers valgrind fuzz ubsan tsan abi hardening distcheck}
MAKE=${MAKE:-make}
JOBS=${JOBS:-2}
LOGDIR=${RELIABILITY_LOGS:-_build/reliability/logs}
mkdir -p "$LOGDIR"

summary=""
failed=0
t_all=$(date +%s)

step() {
  local name=$1; shift
  local log=$LOGDIR/$name.log t0 rc secs
  echo
  echo "==== reliability: $name ($*)"
  t0=$(date +%s)
  "$@" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - t0 ))
  if [ "$rc" -eq 0 ]; then
    tail -n 15 "$log"
    summary="$summary$(printf '  %-11s ok      %5ss' "$name" "$secs")"$'\n'
  else
    tail -n 150 "$log"
    echo "==== $name FAILED (exit $rc, ${secs}s); full log: $log"
    summary="$summary$(printf '  %-11s FAILED  %5ss  (%s)' "$name" "$secs" "$log")"$'\n'
    failed=1
  fi
}

for s in $STEPS; do
  case $s in
    sanitizers) step sanitizers $MAKE -j"$JOBS" check-asan ;;
    valgrind)   step valgrind $MAKE -j"$JOBS" valgrind ;;
    fuzz)       step fuzz $MAKE fuzz-run FUZZ_SECONDS="$FUZZ_SECONDS" ;;
    ubsan)      step ubsan $MAKE fuzz-replay ;;
    tsan)       step tsan $MAKE -j"$JOBS" check-tsan ;;
    abi)        step abi sh -c "$MAKE abi-check && $MAKE abi-layout-check" ;;
    hardening)  step hardening $MAKE hardening-check ;;
    distcheck)  step distcheck $MAKE -j"$JOBS" distcheck ;;
    *) echo "reliability: unknown step $s" >&2; failed=1 ;;
  esac
done

echo
echo "==== reliability summary ($(( $(date +%s) - t_all ))s in all)"
printf '%s' "$summary"
exit "$failed"
