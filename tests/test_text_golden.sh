#!/bin/sh
# test_text_golden.sh - golden text reports, reviewed for wording: the
# example assessment (pain diary, training load) in English and German, a
# calf-swelling case (see a doctor within 24 hours) in German with what
# would change the triage, a rising pain diary in English, and an ambulance
# report whose less urgent reasons are superseded (English).  After an
# intended wording change, regenerate with KP_REGEN=1 and review the diff.
: "${top_srcdir:=..}" "${top_builddir:=..}" "${KNEEPAIN:=$top_builddir/cli/kneepain}"
fx="$top_srcdir/tests/fixtures/text"
tmp=${TMPDIR:-/tmp}/test_text_golden.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
golden() { # golden NAME KNEEPAIN-ARGS...
    name=$1
    shift
    n=$((n + 1))
    if ! "$KNEEPAIN" assess "$@" > "$tmp/$name" 2> "$tmp/err"; then
        echo "not ok $n - $name: exit $?"; sed 's/^/# /' "$tmp/err"; return
    fi
    [ -n "$KP_REGEN" ] && cp "$tmp/$name" "$fx/$name"
    if cmp -s "$tmp/$name" "$fx/$name"; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name differs from the golden report"
        diff -u "$fx/$name" "$tmp/$name" | sed 's/^/# /' | head -40
    fi
}
golden assessment.en.txt "$top_srcdir/examples/assessment.json"
golden assessment.de.txt --locale de "$top_srcdir/examples/assessment.json"
golden calf_swelling.de.txt --locale de --triage-changes "$fx/calf_swelling.json"
golden pain_diary_rising.en.txt "$fx/pain_diary_rising.json"
golden ambulance_swollen_calf.en.txt "$fx/ambulance_swollen_calf.json"
echo "1..$n"
