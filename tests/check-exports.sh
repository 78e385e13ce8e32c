#!/bin/sh
# check-exports.sh - the shared library exports only kp_* symbols, and
# exactly the functions declared KP_API in include/kneepain.h.  TAP output.
: "${top_srcdir:=..}" "${top_builddir:=..}" "${NM:=nm}"
lib="$top_builddir/lib/.libs/libkneepain.so"
header="$top_srcdir/include/kneepain.h"
tmp=${TMPDIR:-/tmp}/check-exports.$$
trap 'rm -f "$tmp".*' EXIT INT TERM
echo "1..4"

if [ ! -f "$lib" ]; then
    echo "not ok 1 - $lib exists"
    echo "not ok 2 - # SKIP no library"
    echo "not ok 3 - # SKIP no library"
    echo "not ok 4 - # SKIP no library"
    exit 0
fi
echo "ok 1 - $lib exists"

# defined dynamic symbols, without the version-node (type A) entries
$NM -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
    sort -u > "$tmp.exported"
# functions declared KP_API: drop preprocessor lines, join lines, split at
# ';', keep the name before '('
grep -v '^[[:space:]]*#' "$header" | tr '\n' ' ' | tr ';' '\n' |
    sed -n 's/.*KP_API[^(]*[ *]\([A-Za-z_][A-Za-z0-9_]*\) *(.*/\1/p' | sort -u > "$tmp.declared"

bad=$(grep -v '^kp_' "$tmp.exported")
if [ -z "$bad" ]; then
    echo "ok 2 - only kp_* symbols are exported ($(wc -l < "$tmp.exported") symbols)"
else
    echo "not ok 2 - only kp_* symbols are exported"
    echo "$bad" | sed 's/^/# not kp_: /'
fi

extra=$(comm -23 "$tmp.exported" "$tmp.declared")
if [ -z "$extra" ]; then
    echo "ok 3 - every exported symbol is declared KP_API in kneepain.h"
else
    echo "not ok 3 - every exported symbol is declared KP_API in kneepain.h"
    echo "$extra" | sed 's/^/# exported but not declared: /'
fi

missing=$(comm -13 "$tmp.exported" "$tmp.declared")
if [ -z "$missing" ] && [ -s "$tmp.declared" ]; then
    echo "ok 4 - every KP_API function is exported ($(wc -l < "$tmp.declared") functions)"
else
    echo "not ok 4 - every KP_API function is exported"
    echo "$missing" | sed 's/^/# declared but not exported: /'
fi
