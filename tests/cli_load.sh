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
# the as-of day and the days "last 7 days" covers, and that the printed
# window is the one computed: 1 km the day before it, 2 km on its first day
printf 'date,distance_km\n2024-05-03,1\n2024-05-04,2\n2024-05-10,4\n' > window.tmp.csv
out=$("$KNEEPAIN" load --as-of 2024-05-10 window.tmp.csv); rc=$?
check "window log exits 0" test "$rc" = 0
case "$out" in *"as of 2024-05-10 (the --as-of date)"*) ok "names the --as-of day" ;;
    *) not_ok "names the --as-of day: $out" ;; esac
case "$out" in *"last 7 days = 2024-05-04 to 2024-05-10, both included"*) ok "names the 7 days" ;;
    *) not_ok "names the 7 days: $out" ;; esac
case "$out" in *"previous 7 days = 2024-04-27 to 2024-05-03"*) ok "names the week before" ;;
    *) not_ok "names the week before: $out" ;; esac
case "$out" in *"distance, last 7 days"*" 6.00 km"*) ok "the 7 days hold the runs of 05-04 and 05-10, not 05-03" ;;
    *) not_ok "7-day distance: $out" ;; esac
out=$("$KNEEPAIN" load window.tmp.csv)
case "$out" in *"as of 2024-05-10 (the day of the last run in the logs)"*) ok "default as-of: the last run" ;;
    *) not_ok "default as-of: $out" ;; esac
out=$("$KNEEPAIN" load --as-of=2024-03-01 window.tmp.csv)
case "$out" in *"as of 2024-03-01"*"no runs in the log"*) ok "an as-of day before every run" ;;
    *) not_ok "as-of before the runs: $out" ;; esac
# only gear used for runs under Shoes; a bike is listed apart
printf 'Activity ID,Activity Date,Activity Name,Activity Type,Distance,Activity Gear\n%s\n%s\n%s\n' \
    '1,"May 1, 2024, 7:00:00 AM",a,Run,8.0,Pegasus' '2,"May 2, 2024, 7:00:00 AM",b,Ride,30.0,Canyon' \
    '3,"May 3, 2024, 7:00:00 AM",c,Walk,2.0,Pegasus' > gear.tmp.csv
out=$("$KNEEPAIN" load gear.tmp.csv); rc=$?
check "gear log exits 0" test "$rc" = 0
shoes=$(printf '%s\n' "$out" | sed -n '/^Shoes/,/^[A-Z]/p' | sed '1d;/^[A-Z]/d')
other=$(printf '%s\n' "$out" | sed -n '/^Other gear/,/^[A-Z]/p' | sed '1d;/^[A-Z]/d')
case "$shoes" in *Pegasus*"10.0 km, 1 run"*) ok "the running shoe under Shoes (walk km counted, 1 run)" ;;
    *) not_ok "running shoe: $out" ;; esac
case "$shoes" in *Canyon*) not_ok "the bike is under Shoes: $out" ;; *) ok "the bike is not under Shoes" ;; esac
case "$other" in *Canyon*"30.0 km"*) ok "the bike under Other gear" ;; *) not_ok "Other gear: $out" ;; esac
rm -f err.tmp window.tmp.csv gear.tmp.csv
# watch files: FIT, GPX and gzip-compressed TCX, detected from their content
out=$("$KNEEPAIN" load --format json "$fx/watch_run.fit"); rc=$?
check "FIT file exits 0" test "$rc" = 0
for key in '"runs":1' '"weekly_km":10'; do
    case "$out" in *"$key"*) ok "FIT json has $key" ;; *) not_ok "FIT json has $key: $out" ;; esac
done
out=$("$KNEEPAIN" load "$fx/watch_run.gpx" "$fx/watch_run.tcx.gz"); rc=$?
check "GPX and TCX exit 0" test "$rc" = 0
case "$out" in *"(2 runs)"*"1 Cycling activity skipped"*"1 Biking activity skipped"*) ok "GPX and TCX runs, other sports named" ;;
    *) not_ok "GPX and TCX: $out" ;; esac
printf '<?xml version="1.0"?>\n<gpx><trk>\n' > cut.gpx.tmp
"$KNEEPAIN" load cut.gpx.tmp >/dev/null 2>err.tmp; rc=$?
check "a cut GPX exits 2" test "$rc" = 2
check "and says what it is" grep -q "a GPX file that is not well-formed XML" err.tmp
rm -f err.tmp cut.gpx.tmp
echo "1..$n"
exit $fail
