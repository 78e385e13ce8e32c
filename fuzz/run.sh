#!/bin/sh
# fuzz/run.sh - run every fuzz target for a fixed time.
#
#   fuzz/run.sh SRCDIR FUZZDIR [TARGET...]
#
# FUZZDIR holds the fuzz_<target> binaries (fuzz/build.sh) and the seeds
# (fuzz/seed-corpus.sh into FUZZDIR/seeds).  New corpus entries go to
# FUZZDIR/corpus/<target> (kept between runs, never committed); crashes,
# leaks and timeouts to FUZZDIR/artifacts/.  Environment:
#   FUZZ_SECONDS  time per target (default 60)
#   FUZZ_FLAGS    extra libFuzzer flags (e.g. -jobs=2 -workers=2)
# Exits non-zero when any target found a problem.
set -u
srcdir=$1 dir=$2
shift 2
seconds=${FUZZ_SECONDS:-60}
list=$srcdir/fuzz/targets.list
targets=${*:-$(sed -e '/^#/d' -e 's/ .*//' "$list")}
mkdir -p "$dir/artifacts"
failed=""
summary=""
for t in $targets; do
  dict=$(awk -v t="$t" '$1 == t { print $2 }' "$list")
  dictflag=
  [ -n "$dict" ] && [ "$dict" != - ] && dictflag=-dict=$srcdir/fuzz/$dict.dict
  mkdir -p "$dir/corpus/$t"
  echo "== fuzz_$t for ${seconds}s"
  log=$dir/fuzz_$t.log
  # shellcheck disable=SC2086
  "$dir/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 $dictflag -artifact_prefix="$dir/artifacts/$t-" \
      ${FUZZ_FLAGS:-} "$dir/corpus/$t" "$dir/seeds/$t" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
  if [ "$rc" -ne 0 ]; then
    failed="$failed $t"
    tail -n 60 "$log"
    summary="$summary
  fuzz_$t: FAILED (exit $rc; log $log; artifacts $dir/artifacts/$t-*)"
  else
    summary="$summary
  fuzz_$t: ok, ${execs:-?} runs, ${cov:-cov: ?}"
  fi
done
echo "== fuzz summary (${seconds}s per target)$summary"
if [ -n "$failed" ]; then
  echo "Reproduce with: $dir/fuzz_<target> <artifact>; save the input under" \
       "fuzz/regressions/<target>/ so that make check replays it."
  exit 1
fi
