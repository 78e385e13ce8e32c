#!/bin/sh
# fuzz/seed-corpus.sh - build the seed corpora from the project's fixtures.
#
#   fuzz/seed-corpus.sh SRCDIR OUTDIR
#
# Writes OUTDIR/<target>/ for every fuzz target.  Seeds are copied at build
# time from files that are checked in for other reasons (the default model,
# the example input, the clinical vignettes, the training-log fixtures, the
# bad-input fixtures, the vignette files), plus the few hand-made seeds of
# fuzz/seeds/<target>/ for inputs no fixture has (saved interviews, the
# byte programs of the score and interview targets).
set -eu
srcdir=$1 out=$2
rm -rf "$out"
targets=$(sed -e '/^#/d' -e 's/ .*//' "$srcdir/fuzz/targets.list")
for t in $targets; do
  mkdir -p "$out/$t"
  if [ -d "$srcdir/fuzz/seeds/$t" ]; then
    cp "$srcdir/fuzz/seeds/$t"/* "$out/$t/"
  fi
done

cp "$srcdir/models/default.json" "$out/model/default.json"
# small models mutate much faster than the 200 kB default one
for f in "$srcdir"/tests/fixtures/models/*.json; do
  [ -f "$f" ] && cp "$f" "$out/model/"
done
for f in "$srcdir"/tests/fixtures/bad/*.json; do
  [ -f "$f" ] || continue
  cp "$f" "$out/model/"
  cp "$f" "$out/assess/"
  cp "$f" "$out/session_load/"
done

for t in assess session_load restore; do
  cp "$srcdir/examples/assessment.json" "$out/$t/example.json"
done
for f in "$srcdir"/tests/vignettes/*.json; do
  [ -f "$f" ] && cp "$f" "$out/vignettes/"
done
# one seed per clinical vignette input
if [ -f "$srcdir/tests/vignettes/core.json" ]; then
  if command -v jq >/dev/null 2>&1; then
    jq -c '.vignettes[].input' "$srcdir/tests/vignettes/core.json"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys
for v in json.load(open(sys.argv[1]))["vignettes"]: print(json.dumps(v["input"]))' \
      "$srcdir/tests/vignettes/core.json"
  fi | {
    n=0
    while IFS= read -r line; do
      n=$((n + 1))
      printf '%s\n' "$line" > "$out/assess/vignette_$n.json"
      printf '%s\n' "$line" > "$out/session_load/vignette_$n.json"
    done
  }
fi

for t in import_strava import_garmin import_plain import_auto import_file; do
  for f in "$srcdir"/tests/fixtures/logs/*.csv "$srcdir"/tests/fixtures/bad/*.csv \
           "$srcdir/examples/python/strava_activities.csv"; do
    [ -f "$f" ] && cp "$f" "$out/$t/"
  done
done
for f in "$srcdir"/tests/fixtures/logs/*.fit "$srcdir"/tests/fixtures/logs/*.gz; do
  [ -f "$f" ] || continue
  cp "$f" "$out/import_fit/"
  cp "$f" "$out/import_file/"
done
for f in "$srcdir"/tests/fixtures/logs/*.gpx; do
  [ -f "$f" ] && cp "$f" "$out/import_gpx/"
done
for f in "$srcdir"/tests/fixtures/logs/*.tcx "$srcdir"/tests/fixtures/logs/*.tcx.gz; do
  [ -f "$f" ] && cp "$f" "$out/import_tcx/"
done
for t in $targets; do
  printf '%s: %s seeds\n' "$t" "$(ls "$out/$t" | wc -l)"
done
