#!/bin/sh
# abi-layout.sh - shows that `make abi-check` fails on a layout change.
#
#   sh tests/abi-layout.sh SRCDIR WORKDIR
#
# Copies the distributed sources SRCDIR (a `make distdir` tree) to WORKDIR,
# swaps the last two members of every public struct in include/kneepain.h
# (same-size members in most structs, so only the offsets change: the case
# the old check let through), builds the library there and runs
# abi/check.sh against the committed baseline.  Passes only when the check
# fails and its report names every public struct.  TAP output.
set -u
if [ $# -ne 2 ]; then
    echo "usage: $0 SRCDIR WORKDIR" >&2
    exit 2
fi
src=$1 work=$2
header=include/kneepain.h
echo "1..3"

rm -rf "$work" && mkdir -p "$work" || exit 1
cp -R "$src" "$work/src" || exit 1
cd "$work" || exit 1

structs=$(sed -n 's/^typedef struct \(kp_[a-z_]*\) {.*/\1/p' "src/$header")
# Swap the last two member lines of each struct body.
awk '
    /^typedef struct kp_[a-z_]* \{/ { inside = 1; n = 0; print; next }
    inside && /^\}/ {
        if (n >= 2) { t = body[n]; body[n] = body[n - 1]; body[n - 1] = t }
        for (i = 1; i <= n; i++) print body[i]
        inside = 0; print; next
    }
    inside { body[++n] = $0; next }
    { print }
' "src/$header" > swapped.h && mv swapped.h "src/$header"
if cmp -s "$src/$header" "src/$header"; then
    echo "not ok 1 - swapped the last two members of: $(echo $structs)"
    exit 0
fi
echo "ok 1 - swapped the last two members of: $(echo $structs)"

mkdir build && cd build || exit 1
if ../src/configure --disable-python --disable-lua >configure.log 2>&1 &&
   ${MAKE:-make} -C include >make.log 2>&1 && ${MAKE:-make} -C lib >>make.log 2>&1; then
    echo "ok 2 - the library builds with the swapped header"
else
    tail -n 40 configure.log make.log | sed 's/^/# /'
    echo "not ok 2 - the library builds with the swapped header"
    exit 0
fi

sh ../src/abi/check.sh ../src/abi/libkneepain.abi lib/.libs/libkneepain.so \
    ../src/include include >abi-check.log 2>&1
rc=$?
missed=
for s in $structs; do
    grep -q "struct $s'" abi-check.log || missed="$missed $s"
done
if [ "$rc" -ne 0 ] && [ -z "$missed" ]; then
    echo "ok 3 - abi-check fails and names every struct ($(grep -c 'offset changed' abi-check.log) moved members)"
else
    sed 's/^/# /' abi-check.log
    echo "not ok 3 - abi-check fails (exit $rc) and names every struct${missed:+ (not named:$missed)}"
fi
