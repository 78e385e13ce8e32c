#!/bin/sh
# abi/check.sh - compare a built libkneepain.so with the ABI baseline.
#
#   sh abi/check.sh BASELINE LIBRARY INCLUDEDIR...
#
# Fails on every difference abidiff reports between the baseline and the
# public part of LIBRARY (types declared in the INCLUDEDIRs): a function
# removed, added or with another signature, and a public struct or enum
# whose layout or values changed.  abidiff exits 4 ("ABI change") rather
# than 8 ("incompatible") for a reordered or resized struct, because it
# cannot prove that a caller uses the field; a caller compiled against the
# old header does, so this script treats both alike.  Additions fail too:
# the baseline is the whole public surface, regenerated with
# `make abi-baseline` in the commit that changes the interface
# (abi/README.md).  ABIDIFF names the program (default abidiff).
set -u
if [ $# -lt 3 ]; then
    echo "usage: $0 BASELINE LIBRARY INCLUDEDIR..." >&2
    exit 2
fi
baseline=$1 lib=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
hdirs=
for d in "$@"; do hdirs="$hdirs --headers-dir2 $d"; done

# shellcheck disable=SC2086 # $hdirs is a list of options
"${ABIDIFF:-abidiff}" --suppressions "$here/suppressions.txt" $hdirs \
    --fail-no-debug-info "$baseline" "$lib"
rc=$?
if [ "$rc" -eq 0 ]; then
    echo "abi-check: ok ($lib matches $baseline)"
    exit 0
fi
if [ $((rc & 3)) -ne 0 ]; then
    echo "abi-check: abidiff could not compare (exit $rc)"
    exit 1
fi
if [ $((rc & 8)) -ne 0 ]; then
    echo "abi-check: FAILED: incompatible change (a symbol was removed or changed), see above"
else
    echo "abi-check: FAILED: the public interface differs from the baseline, see above."
    echo "abi-check: a deliberate addition or change needs \`make abi-baseline\` in the same commit"
fi
exit 1
