#!/bin/sh
# CLI tests of `kneepain load` (TAP).  Uses the synthetic fixtures only.
fx="$top_srcdir/tests/fixtures/logs"
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { # description, command...
    d="$1"; shift
    if "$@"; then ok "$d"; else not_ok "$d"; fi
}

out=$("$KNEEPAIN" load --format json "$fx/strava_94_en_us.csv"); rc=$?
check "json import exits 0" test "$rc" = 0
for key in '"weekly_km":15.001' '"weekly_km_change_pct":null' '"acwr_ewma":null' \
           '"run_spike_pct":-100' '"consecutive_run_days":1' '"as_of":"2022-10-06"' \
           '"runs":3' '"HOKA Speedgoat 5":5' 'strava_94_en_us.csv:9: Activity Date'; do
    case "$out" in *"$key"*) ok "json has $key" ;; *) not_ok "json has $key: $out" ;; esac
done

out=$("$KNEEPAIN" load --as-of 2024-05-10 "$fx/plain.csv" "$fx/garmin_de.csv"); rc=$?
check "several files, text output" test "$rc" = 0
case "$out" in *"shoe-a"*"11.2 km"*) ok "text lists shoe km" ;; *) not_ok "text lists shoe km: $out" ;; esac
case "$out" in *"consecutive run days"*0*) ok "streak ends at as_of" ;; *) not_ok "streak: $out" ;; esac

out=$("$KNEEPAIN" load --units mi --format json "$fx/garmin_miles.csv")
case "$out" in *'"weekly_km":17.70'*) ok "--units mi converts Garmin miles" ;; *) not_ok "miles: $out" ;; esac

"$KNEEPAIN" load "$fx/unknown.csv" >/dev/null 2>err.tmp; rc=$?
check "unknown header exits 2" test "$rc" = 2
check "message lists missing columns" grep -q "columns not found" err.tmp
"$KNEEPAIN" load --as-of 2024-02-30 "$fx/plain.csv" >/dev/null 2>&1; rc=$?
check "bad --as-of exits 2" test "$rc" = 2
"$KNEEPAIN" load --load watts "$fx/plain.csv" >/dev/null 2>&1; rc=$?
check "bad --load exits 2" test "$rc" = 2
"$KNEEPAIN" load "$fx/does-not-exist.csv" >/dev/null 2>&1; rc=$?
check "missing file fails" test "$rc" != 0
rm -f err.tmp
echo "1..$n"
exit $fail
