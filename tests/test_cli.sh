#!/bin/sh
# test_cli.sh - the kneepain command: assess in text and JSON, exit status
# 0 / 2 (bad input: message names the field, nothing on stdout) / 1 (other
# error), model check / show, --version, --help.  TAP output.
: "${top_srcdir:=..}" "${top_builddir:=..}" "${KNEEPAIN:=$top_builddir/cli/kneepain}"
example="$top_srcdir/examples/assessment.json"
minimal="$top_srcdir/tests/fixtures/models/minimal.json"
tmp=${TMPDIR:-/tmp}/test_cli.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)); echo "not ok $n - $1"
    [ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err" | head -5
    [ -s "$tmp/out" ] && sed 's/^/# stdout: /' "$tmp/out" | head -5
    return 0
}
# check DESC EXPECTED_STATUS CMD...: runs CMD, stdout -> $tmp/out, stderr -> $tmp/err
check() {
    cdesc=$1 want=$2
    shift 2
    "$@" > "$tmp/out" 2> "$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$cdesc (exit $got)"; else not_ok "$cdesc: exit $got, want $want"; fi
}
expect() { # expect DESC COMMAND-that-must-succeed
    edesc=$1
    shift
    if "$@"; then ok "$edesc"; else not_ok "$edesc"; fi
}
# bad input: exit 2, nothing on stdout, stderr names NEEDLE
bad_input() {
    desc=$1 needle=$2 input=$3
    shift 3
    printf '%s' "$input" > "$tmp/in.json"
    check "$desc" 2 "$KNEEPAIN" assess "$tmp/in.json" "$@"
    expect "$desc: nothing on stdout" test ! -s "$tmp/out"
    expect "$desc: message names '$needle'" grep -qF -- "$needle" "$tmp/err"
}

if [ ! -x "$KNEEPAIN" ]; then
    echo "1..0 # SKIP $KNEEPAIN not built"
    exit 0
fi

# --- assess, text
check "assess example (text)" 0 "$KNEEPAIN" assess "$example"
expect "text report has a triage line" grep -qi "self.care\|consult\|emergency" "$tmp/out"
expect "text report ends with the disclaimer" grep -q "not a diagnosis" "$tmp/out"
expect "text report has no trailing spaces" sh -c "! grep -q ' \$' '$tmp/out'"
expect "nothing on stderr" test ! -s "$tmp/err"
cp "$tmp/out" "$tmp/text.out"
check "assess from stdin" 0 sh -c "'$KNEEPAIN' assess - < '$example'"
expect "stdin and file give the same report" cmp -s "$tmp/out" "$tmp/text.out"
check "assess with no file reads stdin" 0 sh -c "'$KNEEPAIN' assess < '$example'"
expect "same report without '-'" cmp -s "$tmp/out" "$tmp/text.out"

# --- assess, JSON
check "assess example (json)" 0 "$KNEEPAIN" assess "$example" --format json
expect "json report has the schema id" grep -q '"schema": "kneepain-report/1"' "$tmp/out"
if command -v python3 > /dev/null 2>&1; then
    expect "json report parses and has the required keys" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
need = ["schema", "engine", "model", "receipt", "triage", "causes", "conditions", "plan",
        "next_question", "training_load", "disclaimer"]
missing = [k for k in need if k not in d]
assert not missing, missing
assert abs(sum(c["probability"] for c in d["conditions"]) - 1) < 1e-9
assert d["plan"][-1]["remedy"] == "see_professional"
' "$tmp/out"
fi
cp "$tmp/out" "$tmp/json.out"
check "--format before the file" 0 "$KNEEPAIN" assess --format json "$example"
expect "option order does not matter" cmp -s "$tmp/out" "$tmp/json.out"
check "assess with --model (the default model's file)" 0 \
    "$KNEEPAIN" assess "$example" --format json --model "$top_srcdir/models/default.json"
expect "same report with the default model's file" cmp -s "$tmp/out" "$tmp/json.out"

# --- bad input: exit 2, nothing on stdout, the field is named
bad_input "unknown finding" "knee_colour" '{"evidence": {"knee_colour": true}}'
bad_input "out of range" "evidence.age" '{"evidence": {"age": 500}}'
bad_input "wrong type" "evidence.trauma" '{"evidence": {"trauma": "yes"}}'
bad_input "unknown choice" "pain_side" '{"evidence": {"pain_side": "left"}}'
bad_input "unknown top-level key" "colour" '{"colour": "red"}'
bad_input "malformed JSON" "2:" '{"evidence": {
  "age": 30,,}'
bad_input "duplicate key" "age" '{"evidence": {"age": 30, "age": 31}}'
bad_input "bad run distance" "runs[1].distance_km" '{"runs": [{"date": "2026-01-01", "distance_km": 5}, {"date": "2026-01-02", "distance_km": -5}]}'
bad_input "bad date" "date" '{"runs": [{"date": "2026-02-30", "distance_km": 5}]}'
bad_input "bad --format" "format" '{}' --format xml
bad_input "invalid model" "bad.json" '{}' --model "$tmp/bad.json"
check "missing input file" 2 "$KNEEPAIN" assess "$tmp/does-not-exist.json"
expect "missing file: nothing on stdout" test ! -s "$tmp/out"
expect "missing file: message names the file" grep -q "does-not-exist.json" "$tmp/err"
check "unknown command" 2 "$KNEEPAIN" frobnicate
expect "unknown command: nothing on stdout" test ! -s "$tmp/out"

# --- other errors: exit 1
if [ -w /dev/full ]; then
    check "report cannot be written (stdout is /dev/full)" 1 sh -c "'$KNEEPAIN' assess '$example' > /dev/full"
fi

# --- model check / show
check "model check default.json" 0 "$KNEEPAIN" model check "$top_srcdir/models/default.json"
expect "model check says ok" grep -q "ok" "$tmp/out"
expect "model check: the default model has no warnings (every reference is cited)" test ! -s "$tmp/err"
check "model check minimal fixture" 0 "$KNEEPAIN" model check "$minimal"
expect "model check: no uncited-reference warning on the minimal fixture" sh -c "! grep -q 'not cited' '$tmp/err'"
sed 's/"cite": "test"}}]}/"cite": "nowhere"}}]}/' "$minimal" > "$tmp/bad.json"
check "model check with a missing reference" 2 "$KNEEPAIN" model check "$tmp/bad.json"
expect "model check failure: file:line:column and the key" grep -q "bad.json:[0-9]*:[0-9]*:.*nowhere" "$tmp/err"
expect "model check failure: nothing on stdout" test ! -s "$tmp/out"
sed 's/"references": {"test": {"text": "Test reference"}}/"references": {"test": {"text": "Test reference"}, "spare": {"text": "nobody cites this"}}/' "$minimal" > "$tmp/uncited.json"
check "model check with an uncited reference still succeeds" 0 "$KNEEPAIN" model check "$tmp/uncited.json"
expect "model check warns about the uncited reference" grep -q "uncited.json: warning: reference 'spare' is not cited anywhere" "$tmp/err"
expect "model check names only the uncited reference" sh -c "! grep -q \"'test'\" '$tmp/err'"
printf '{"format": "kneepain-model/1",\n "id": "x",\n "id": "y"}\n' > "$tmp/dup.json"
check "model check with a duplicate key" 2 "$KNEEPAIN" model check "$tmp/dup.json"
expect "duplicate key: line 3" grep -q "dup.json:3:" "$tmp/err"
check "model show" 0 "$KNEEPAIN" model show
expect "model show lists findings and conditions" sh -c "grep -q calf_swelling '$tmp/out' && grep -q bakers_cyst '$tmp/out'"
check "model show FILE" 0 "$KNEEPAIN" model show "$minimal"
expect "model show FILE shows that model" grep -q "minimal" "$tmp/out"

# --- --version, --help
check "--version" 0 "$KNEEPAIN" --version
version=$(sed -n 's/^#define KP_VERSION "\(.*\)"$/\1/p' "$top_builddir/include/kneepain-version.h")
expect "--version prints $version" grep -q "$version" "$tmp/out"
check "--help" 0 "$KNEEPAIN" --help
expect "--help lists assess and model" sh -c "grep -q assess '$tmp/out' && grep -q 'model check' '$tmp/out'"
expect "--help documents the exit status" grep -qi "exit status" "$tmp/out"
for c in assess load interview vignettes model; do
    check "$c --help" 0 "$KNEEPAIN" $c --help
    expect "$c --help shows its usage" grep -q "kneepain $c" "$tmp/out"
done

# --- GNU option syntax (one parser for every command, cli/options.c)
check "--format=json (one word)" 0 "$KNEEPAIN" assess --format=json "$example"
expect "--format=json gives the same report as --format json" cmp -s "$tmp/out" "$tmp/json.out"
check "an unambiguous abbreviation (--form json)" 0 "$KNEEPAIN" assess --form json "$example"
expect "--form json gives the same report" cmp -s "$tmp/out" "$tmp/json.out"
cp "$example" "$tmp/--format"
check "-- ends the options: '--format' after it is a file" 0 "$KNEEPAIN" assess --format=json -- "$tmp/--format"
expect "the file after -- was read" cmp -s "$tmp/out" "$tmp/json.out"
check "-h is --help" 0 "$KNEEPAIN" assess -h
expect "-h shows the usage" grep -q "Usage: kneepain assess" "$tmp/out"
check "--help after -- is an operand, not help" 2 "$KNEEPAIN" assess -- --help
expect "--help after --: read as a file" grep -q -- "--help" "$tmp/err"
for spec in "assess --fromat json:--format" "assess --triage-chnages:--triage-changes" \
            "load --as_of 2024-01-01:--as-of" "interview --budgte 1:--budget" \
            "vignettes --stict:--strict" "model --hepl:--help"; do
    args=${spec%%:*} near=${spec##*:}
    # shellcheck disable=SC2086
    check "unknown option: $args" 2 "$KNEEPAIN" $args "$example"
    expect "$args: suggests $near" grep -qF -- "did you mean $near?" "$tmp/err"
    expect "$args: nothing on stdout" test ! -s "$tmp/out"
done
check "an option far from every known one" 2 "$KNEEPAIN" assess --zzzzzzzz "$example"
expect "no suggestion for it" sh -c "! grep -q 'did you mean' '$tmp/err' && grep -q -- '--zzzzzzzz' '$tmp/err'"
check "unknown top-level option" 2 "$KNEEPAIN" --verison
expect "suggests --version" grep -qF "did you mean --version?" "$tmp/err"
check "misspelt command" 2 "$KNEEPAIN" asess "$example"
expect "suggests assess" grep -qF "did you mean assess?" "$tmp/err"
check "an ambiguous abbreviation" 2 "$KNEEPAIN" interview --lo de
expect "ambiguous: both candidates named" sh -c "grep -q -- '--locale' '$tmp/err' && grep -q -- '--log' '$tmp/err'"
check "a missing value" 2 "$KNEEPAIN" assess "$example" --model
expect "the missing value is named" grep -q -- "--model needs a value" "$tmp/err"
check "a value for a flag" 2 "$KNEEPAIN" assess --triage-changes=yes "$example"
expect "the flag is named" grep -q -- "--triage-changes takes no value" "$tmp/err"
check "a value outside the choices" 2 "$KNEEPAIN" load --units=furlongs "$top_srcdir/tests/fixtures/logs/plain.csv"
expect "the choices are named" grep -q -- "--units must be one of km|mi" "$tmp/err"
check "an unknown short option" 2 "$KNEEPAIN" vignettes -q "$example"
expect "the short option is named" grep -q -- "'-q'" "$tmp/err"
check "--budget=0 (range-checked number, = form)" 0 sh -c "'$KNEEPAIN' interview --budget=0 --format=json < /dev/null"
expect "--budget=0 reached the interview" grep -q '"stop_reason": "budget"' "$tmp/out"
check "--budget=-1 is range-checked" 2 "$KNEEPAIN" interview --budget=-1
expect "--budget=-1: the range is named" grep -q "from 0 to" "$tmp/err"
# every option of every command is explained with an example in its --help
# (the block of an option runs from its line to the next option's line)
has_example() { # HELPFILE COMMAND OPTION
    awk -v o="$3" -v c="$2" '
        /^ *(-[a-zA-Z], )?--[a-z-]/ { inside = ($0 ~ ("--" o "([= ]|$)")) ; next }
        inside && index($0, "Example: kneepain " c " ") && index($0, "--" o) { found = 1 }
        END { exit !found }' "$1"
}
for c in assess load interview vignettes model; do
    "$KNEEPAIN" $c --help > "$tmp/help" 2>&1
    opts=$(grep -o '^ *\(-[a-z], \)\{0,1\}--[a-z-]*' "$tmp/help" | sed 's/.*--//')
    expect "$c --help lists options" test -n "$opts"
    for o in $opts; do
        [ "$o" = help ] && continue
        expect "$c --help: --$o has an example" has_example "$tmp/help" "$c" "$o"
    done
done
"$KNEEPAIN" assess --help | sed '/Example: kneepain assess --model/d' > "$tmp/help"
if has_example "$tmp/help" assess model; then not_ok "the example check misses a missing example"
else ok "the example check finds a missing example"; fi
# --- the man page documents every option of every command's --help and
# no other (they cannot drift apart), and groff finds nothing to warn about
man="$top_builddir/cli/kneepain.1"
[ -f "$man" ] || man="$top_srcdir/cli/kneepain.1"
[ -f "$man" ] || man="$top_srcdir/cli/kneepain.1.in"
version=$("$KNEEPAIN" --version | sed -n '1s/^kneepain //p')
if [ -n "$version" ] && grep -q "^\.TH KNEEPAIN 1 .* \"libkneepain $version\"" "$man"; then
  ok "man page carries the program's version $version"
else
  not_ok "man page $man: $(head -n 1 "$man"), program version '$version'"
fi
# man_options COMMAND: the --options in the man page's sections on COMMAND
man_options() {
    awk -v c="$1" '
        /^\.S[SH]/ { inside = index($0, "\"kneepain " c " ") > 0 }
        inside' "$man" | sed 's/\\-/-/g; s/\\f[BIRP]//g' |
        grep -o -- '--[a-z][a-z-]*' | sort -u
}
help_options() { # COMMAND: the --options of its --help
    "$KNEEPAIN" "$1" --help | grep -o '^ *\(-[a-z], \)\{0,1\}--[a-z-]*' | sed 's/.*--/--/' |
        grep -vx -- --help | sort -u
}
for c in assess load interview vignettes model; do
    help_options "$c" > "$tmp/help.opts"
    man_options "$c" | grep -vx -- --help > "$tmp/man.opts"
    missing=$(comm -23 "$tmp/help.opts" "$tmp/man.opts" | tr '\n' ' ')
    extra=$(comm -13 "$tmp/help.opts" "$tmp/man.opts" | tr '\n' ' ')
    expect "man page: section on $c found" grep -q "^\.SS \"kneepain $c " "$man"
    if [ -z "$missing" ]; then ok "man page has every option of $c --help"
    else not_ok "man page lacks options of $c --help: $missing"; fi
    if [ -z "$extra" ]; then ok "man page has no option $c --help lacks"
    else not_ok "man page has options $c --help lacks: $extra"; fi
done
# the drift check itself: a man page without --strict must fail it
sed '/^\.B \\-\\-strict$/d' "$man" > "$tmp/drift.1"
real_man=$man man=$tmp/drift.1
if man_options vignettes | grep -qx -- --strict; then
    not_ok "the drift check misses a removed option"
else ok "the drift check sees a removed option"; fi
man=$real_man
if command -v groff > /dev/null 2>&1 && [ "${man%.in}" = "$man" ]; then
    groff -man -Tutf8 -ww -z "$man" > "$tmp/out" 2> "$tmp/err"
    expect "groff -man -ww: no warnings" test ! -s "$tmp/err"
fi

# --- hostile input: a syntax error near "memory" keeps its position; an
# endless file stops at the document limit, fast
bad_input "syntax error near 'memory'" "input:1:16" '{"as_of": memory}'
bad_input "syntax error near 'memory' (json)" "input:1:16" '{"as_of": memory}' --format json
if [ -r /dev/zero ]; then
    t0=$(date +%s)
    check "assess /dev/zero" 2 "$KNEEPAIN" assess /dev/zero
    expect "assess /dev/zero names the limit" grep -q "input-document limit" "$tmp/err"
    check "assess --log /dev/zero" 2 "$KNEEPAIN" assess --log /dev/zero "$example"
    expect "assess --log /dev/zero names the field limit" grep -q "max_field_bytes" "$tmp/err"
    expect "both within 20 s" test $(( $(date +%s) - t0 )) -lt 20
fi

# --- output that cannot be written is an error (exit 1), for every command
if [ -w /dev/full ]; then
    for args in "model show" "--version" "--help" "assess $example" \
                "load $top_srcdir/tests/fixtures/logs/plain.csv"; do
        # shellcheck disable=SC2086
        "$KNEEPAIN" $args > /dev/full 2> "$tmp/err"
        got=$?
        if [ "$got" -eq 1 ]; then ok "$args to a full disk: exit 1"
        else not_ok "$args to a full disk: exit $got, want 1"; fi
    done
fi

# --- terminal safety: control characters from imported data and from
# input quoted in error messages reach the terminal escaped (\x1b), never raw
esc=$(printf '\033')
no_raw_controls() { # DESC FILE: no ESC, BEL or CR byte in FILE, and the escaped form present
    if LC_ALL=C grep -q "$(printf '[\033\007\r]')" "$2"; then not_ok "$1: raw control character"
    elif grep -qF '\x1b' "$2"; then ok "$1: escaped"
    else not_ok "$1: escaped form missing: $(head -c 300 "$2")"; fi
}
printf 'date,distance_km,gear\n2026-11-01,5,%s]0;pwned%s evil%s[2J\r\n' "$esc" "$(printf '\007')" "$esc" > "$tmp/esc.csv"
check "load with an ESC in a gear name" 0 "$KNEEPAIN" load "$tmp/esc.csv"
no_raw_controls "gear name in load's text" "$tmp/out"
check "assess with an ESC in a gear name" 0 "$KNEEPAIN" assess --log "$tmp/esc.csv" "$example"
no_raw_controls "gear name in the text report" "$tmp/out"
printf '{"shoes": [{"gear": "a\\u001b[2Jb"}, {"gear": "a\\u001b[2Jb"}]}' > "$tmp/dup.json"
check "duplicate gear with an ESC" 2 "$KNEEPAIN" assess "$tmp/dup.json"
no_raw_controls "gear name in an error message" "$tmp/err"
check "unknown option with an ESC" 2 "$KNEEPAIN" assess "--x${esc}[2J"
no_raw_controls "argument in an error message" "$tmp/err"
check "file name with an ESC" 2 "$KNEEPAIN" assess "$tmp/no${esc}]0;t"
no_raw_controls "file name in an error message" "$tmp/err"
printf 'n%s[2J\n' "$esc" | "$KNEEPAIN" interview --budget 1 > "$tmp/out" 2> "$tmp/err"
no_raw_controls "piped interview answer echoed" "$tmp/out"

echo "1..$n"
