#!/bin/sh
# One input document, one answer (TAP): a document's "interview" member
# (here a budget of 0 questions and an excluded screen) is honoured by every
# path that reads the document - `kneepain assess` alone, with --locale,
# with --log and as text - so the next question, the stopping rule, the
# triage and the receipt never depend on which path read it.
: "${top_srcdir:=..}" "${top_builddir:=..}" "${KNEEPAIN:=$top_builddir/cli/kneepain}"
PY=/usr/bin/python3
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
if [ ! -x "$PY" ]; then echo "1..0 # SKIP $PY is needed to read the JSON reports"; exit 0; fi
tmp=${TMPDIR:-/tmp}/kp-one-answer-$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# the example with an interview member: no question left to ask
$PY - "$top_srcdir/examples/assessment.json" "$tmp/doc.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d.setdefault("options", {})["locale"] = "en"
d["interview"] = {"budget": 0}
json.dump(d, open(sys.argv[2], "w"))
PY
printf 'date,distance_km\n2026-10-30,5\n' >"$tmp/log.csv"

"$KNEEPAIN" assess --format json "$tmp/doc.json" >"$tmp/plain.json" 2>"$tmp/err"; rc=$?
[ "$rc" = 0 ] && ok "assess exits 0" || not_ok "assess exit $rc: $(cat "$tmp/err")"
"$KNEEPAIN" assess --format json --locale en "$tmp/doc.json" >"$tmp/locale.json" 2>"$tmp/err"; rc=$?
[ "$rc" = 0 ] && ok "assess --locale exits 0" || not_ok "assess --locale exit $rc: $(cat "$tmp/err")"
"$KNEEPAIN" assess --format json --log "$tmp/log.csv" "$tmp/doc.json" >"$tmp/log.json" 2>"$tmp/err"; rc=$?
[ "$rc" = 0 ] && ok "assess --log exits 0" || not_ok "assess --log exit $rc: $(cat "$tmp/err")"

for path in plain locale log; do
    if $PY - "$tmp/$path.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["should_stop"] is True and r["stop_reason"] == "budget", (r["should_stop"], r["stop_reason"])
assert r.get("next_question") is None, r["next_question"]
PY
    then ok "$path: the interview's budget of 0 stops the questions"
    else not_ok "$path: the document's interview member was ignored"; fi
done
if $PY - "$tmp/plain.json" "$tmp/locale.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a == b, [k for k in a if a[k] != b.get(k)]
PY
then ok "--locale (the document's own locale) changes nothing, receipt included"
else not_ok "--locale gives another report"; fi

# text: no next question either
"$KNEEPAIN" assess "$tmp/doc.json" >"$tmp/text.txt" 2>"$tmp/err"; rc=$?
if [ "$rc" = 0 ] && ! grep -q '^NEXT QUESTION' "$tmp/text.txt"; then ok "text report asks no next question"
else not_ok "text report: exit $rc, $(grep -A2 '^NEXT QUESTION' "$tmp/text.txt")"; fi

# without the member the same data do ask a question (the member matters)
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); del d["interview"]; json.dump(d, open(sys.argv[2], "w"))' \
    "$tmp/doc.json" "$tmp/bare.json"
"$KNEEPAIN" assess --format json "$tmp/bare.json" >"$tmp/bare.out" 2>/dev/null
if $PY -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["next_question"] and not r["should_stop"]' "$tmp/bare.out"
then ok "without the interview member a question is asked"; else not_ok "control document stops too"; fi
echo "1..$n"
exit $fail
