#!/bin/sh
# `kneepain vignettes` (TAP): the shipped clinical vignettes - core.json
# (pinned behaviour) and brief-cases.json (one or more cases per condition,
# red flag, decision rule, cause and diary pattern of the clinical brief) and
# safety-cases.json (independent cases for the clot risk factors, cauda
# equina and the other safety items of the addendum),
# differential-cases.json (the conditions the red flags are about),
# plan-cases.json (independent cases for coherent plans: exclusions,
# acute-injury windows) and diary-cases.json (one bad morning is not a
# worsening trend; a real trend is) -
# must meet every expectation (--strict), so any red-flag under-triage fails
# `make check`; the harness itself must catch one.
vg="$top_srcdir/tests/vignettes/core.json"
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
tmp=${TMPDIR:-/tmp}/kp-vignettes-$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT

for set in core brief-cases safety-cases differential-cases plan-cases diary-cases; do
    "$KNEEPAIN" vignettes --strict "$top_srcdir/tests/vignettes/$set.json" >"$tmp/$set.txt" 2>&1; rc=$?
    if [ "$rc" = 0 ]; then ok "every expectation of $set.json holds"
    else not_ok "$set.json fails (exit $rc)"; sed 's/^/# /' "$tmp/$set.txt"; fi
done
"$KNEEPAIN" vignettes "$vg" >"$tmp/out.txt" 2>"$tmp/err.txt"; rc=$?
if [ "$rc" = 0 ]; then ok "no red-flag under-triage in core.json"
else not_ok "red-flag under-triage in core.json (exit $rc): $(cat "$tmp/out.txt" "$tmp/err.txt")"; fi
grep '^red-flag under-triage: 0$' "$tmp/out.txt" >/dev/null && ok "text summary says 0" || not_ok "text summary: $(cat "$tmp/out.txt")"
for k in 'top-1 accuracy' 'top-3 accuracy' 'exact triage' 'under-triage' 'over-triage'; do
    grep "^$k" "$tmp/out.txt" >/dev/null && ok "text has $k" || not_ok "text lacks $k"
done
sed -n '/^FAIL/,$p' "$tmp/out.txt" | sed 's/^/# /'

"$KNEEPAIN" vignettes --format json "$vg" >"$tmp/out.json"; rc=$?
[ "$rc" = 0 ] && ok "json exits 0" || not_ok "json exit $rc"
if /usr/bin/python3 - "$tmp/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "kneepain-vignette-results/1"
assert d["total"] >= 50, d["total"]
assert d["red_flag_under_triage"] == 0
for k in ("top1", "top3", "triage_exact", "under_triage", "over_triage"):
    assert 0 <= d["rates"][k] <= 1
PY
then ok "json results are well-formed"; else not_ok "json results"; fi

# a deliberately under-triaged red-flag vignette must fail the run
cat >"$tmp/bad.json" <<'JSON'
{"format": "kneepain-vignettes/1", "vignettes": [
 {"id": "clot_missed", "description": "swollen calf expected as an emergency",
  "input": {"evidence": {"calf_swelling": true}},
  "expect": {"triage": "emergency_ambulance", "red_flag": true}},
 {"id": "plain", "description": "nothing",
  "input": {"evidence": {}}, "expect": {"triage": "self_care", "forbidden_plan": ["see_professional"]}}]}
JSON
"$KNEEPAIN" vignettes "$tmp/bad.json" >"$tmp/bad.txt" 2>&1; rc=$?
[ "$rc" = 1 ] && ok "red-flag under-triage exits 1" || not_ok "red-flag under-triage exit $rc"
grep 'FAIL clot_missed.*RED-FLAG UNDER-TRIAGE' "$tmp/bad.txt" >/dev/null && ok "failure is named" || not_ok "failure not named: $(cat "$tmp/bad.txt")"
grep 'plan has forbidden see_professional' "$tmp/bad.txt" >/dev/null && ok "plan failure listed" || not_ok "plan failure: $(cat "$tmp/bad.txt")"
grep '^under-triage:   1' "$tmp/bad.txt" >/dev/null && ok "under-triage counted" || not_ok "under-triage count"

# a misspelt or impossible expectation is bad input naming the key and the
# case, never an expectation that silently passes
vg_one() { # id expect-json
    printf '{"format": "kneepain-vignettes/1", "vignettes": [{"id": "%s", "input": {"evidence": {}}, "expect": %s}]}\n' "$1" "$2" >"$tmp/one.json"
}
expect_bad() { # what id expect-json message-pattern
    vg_one "$2" "$3"
    "$KNEEPAIN" vignettes --strict "$tmp/one.json" >"$tmp/one.out" 2>"$tmp/one.err"; rc=$?
    if [ "$rc" = 2 ] && grep "vignettes\[0\] ($2)" "$tmp/one.err" | grep -- "$4" >/dev/null; then ok "$1 rejected"
    else not_ok "$1: exit $rc: $(cat "$tmp/one.out" "$tmp/one.err")"; fi
}
expect_bad "misspelt expectation" typo '{"forbiden_plan": ["see_professional"]}' 'expect.forbiden_plan: unknown key'
expect_bad "misspelt top_conditions key" typo_k '{"top_conditions": {"kk": 1, "include": []}}' 'expect.top_conditions.kk: unknown key'
expect_bad "k = 0" k_zero '{"top_conditions": {"k": 0, "include": []}}' 'expect.top_conditions.k: must be at least 1'
expect_bad "k = -1" k_neg '{"top_conditions": {"k": -1, "include": []}}' 'expect.top_conditions.k: must be at least 1'
expect_bad "k as a string" k_str '{"top_conditions": {"k": "3", "include": []}}' 'expect.top_conditions.k: expected an integer'
expect_bad "triage and triage_at_least together" both '{"triage": "self_care", "triage_at_least": "self_care"}' 'exclude each other'
expect_bad "causes_at_least not an object" causes '{"causes_at_least": ["overuse"]}' 'expect.causes_at_least: expected an object'
expect_bad "required_plan not an array" plan '{"required_plan": "see_professional"}' 'expect.required_plan: expected an array'
expect_bad "unknown remedy" remedy '{"forbidden_plan": ["icee"]}' "unknown remedy 'icee'"
printf '{"format": "kneepain-vignettes/1", "vignettes": [{"id": "x", "inputs": {}, "input": {"evidence": {}}, "expect": {}}]}\n' >"$tmp/one.json"
"$KNEEPAIN" vignettes "$tmp/one.json" >/dev/null 2>"$tmp/one.err"; rc=$?
[ "$rc" = 2 ] && grep 'inputs: unknown key' "$tmp/one.err" >/dev/null && ok "unknown vignette key rejected" || not_ok "unknown vignette key: exit $rc $(cat "$tmp/one.err")"
vg_one fine '{"top_conditions": {"k": 1, "include": []}, "triage_at_least": "self_care"}'
"$KNEEPAIN" vignettes --strict "$tmp/one.json" >/dev/null 2>&1; rc=$?
[ "$rc" = 0 ] && ok "k = 1 accepted" || not_ok "k = 1: exit $rc"

echo '{"format": "other"}' >"$tmp/fmt.json"
"$KNEEPAIN" vignettes "$tmp/fmt.json" >/dev/null 2>"$tmp/err.txt"; rc=$?
[ "$rc" = 2 ] && ok "wrong format exits 2" || not_ok "wrong format exit $rc"
"$KNEEPAIN" vignettes >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] && ok "missing file argument exits 2" || not_ok "missing argument exit $rc"
echo "1..$n"
exit $fail
