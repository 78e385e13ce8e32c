#!/bin/sh
# check-abi-baseline.sh - abi/libkneepain.abi covers the whole public
# surface: the same exported functions as the built library, and every
# public struct of include/kneepain.h (a struct no exported function
# reaches would escape `make abi-check`).  Fix a failure with
# `make abi-baseline` (abi/README.md).  TAP output.
: "${top_srcdir:=..}" "${top_builddir:=..}" "${NM:=nm}"
lib="$top_builddir/lib/.libs/libkneepain.so"
header="$top_srcdir/include/kneepain.h"
baseline="$top_srcdir/abi/libkneepain.abi"
tmp=${TMPDIR:-/tmp}/check-abi-baseline.$$
trap 'rm -f "$tmp".*' EXIT INT TERM
echo "1..2"

if [ ! -f "$lib" ]; then
    echo "ok 1 - # SKIP no shared library"
    echo "ok 2 - # SKIP no shared library"
    exit 0
fi

$NM -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
    sort -u > "$tmp.exported"
sed -n "s/.*<elf-symbol name='\([^']*\)'.*is-defined='yes'.*/\1/p" "$baseline" |
    sort -u > "$tmp.baseline"
diff=$(comm -3 "$tmp.exported" "$tmp.baseline")
if [ -z "$diff" ] && [ -s "$tmp.baseline" ]; then
    echo "ok 1 - the baseline lists the $(wc -l < "$tmp.baseline") exported functions"
else
    echo "not ok 1 - the baseline lists the exported functions (run make abi-baseline)"
    comm -23 "$tmp.exported" "$tmp.baseline" | sed 's/^/# exported, not in the baseline: /'
    comm -13 "$tmp.exported" "$tmp.baseline" | sed 's/^/# in the baseline, not exported: /'
fi

missing=
for s in $(sed -n 's/^typedef struct \(kp_[a-z_]*\) {.*/\1/p' "$header"); do
    grep -q "<class-decl name='$s' size-in-bits=" "$baseline" || missing="$missing $s"
done
if [ -z "$missing" ]; then
    echo "ok 2 - every public struct has its layout in the baseline"
else
    echo "not ok 2 - every public struct has its layout in the baseline (missing:$missing)"
fi
