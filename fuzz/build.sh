#!/bin/sh
# fuzz/build.sh - build the libFuzzer targets with clang, ASan and UBSan,
# and fuzz_replay: the same targets over saved inputs, without libFuzzer.
#
#   fuzz/build.sh SRCDIR BUILDDIR OUTDIR
#
# SRCDIR is the source tree, BUILDDIR a configured build tree of it (for
# config.h, include/kneepain-version.h and lib/default_model.c), OUTDIR
# receives fuzz_<target> binaries and fuzz_replay.  clang's UBSan checks
# float-to-integer overflow (named explicitly below), which gcc's
# -fsanitize=undefined leaves out.  The library sources are compiled
# straight into the fuzzers (no libtool, no shared library), with
# -fsanitize=fuzzer-no-link so that libFuzzer sees their coverage.
# Environment: FUZZ_CC (default clang), FUZZ_CFLAGS (extra flags).
set -eu
srcdir=$1 builddir=$2 out=$3
CC=${FUZZ_CC:-clang}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "fuzz/build.sh: $CC not found (Debian: clang libclang-rt-14-dev)" >&2
  exit 1
fi
SAN="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer"
CFLAGS="-g -O1 $SAN ${FUZZ_CFLAGS:-}"
INC="-I$srcdir/include -I$builddir/include -I$srcdir/lib -I$builddir/lib -I$builddir -I$srcdir/fuzz"
PKG_CFLAGS=$(pkg-config --cflags jansson nettle libxml-2.0 libarchive)
LIBS="$(pkg-config --libs jansson nettle zlib libxml-2.0 libarchive) -lcsv -lm -lpthread"

mkdir -p "$out/obj"
objs=""
for src in "$srcdir"/lib/*.c "$srcdir"/lib/import/*.c DEFAULT_MODEL; do
  # lib/default_model.c is generated in BUILDDIR (an in-tree build has it
  # in SRCDIR as well: use it once)
  case $src in
    */lib/default_model.c) continue ;;
    DEFAULT_MODEL) src=$builddir/lib/default_model.c ;;
  esac
  base=$(basename "$src" .c)
  obj="$out/obj/lib_$base.o"
  # rebuilt when the source or any header is newer (struct layouts must
  # agree across objects)
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
     [ -n "$(find "$srcdir/lib" "$srcdir/include" "$builddir/include" -name '*.h' -newer "$obj" | head -n 1)" ]; then
    echo "  CC(fuzz) lib/$base.c"
    # shellcheck disable=SC2086
    $CC $CFLAGS -fsanitize=fuzzer-no-link -DKP_BUILDING -DHAVE_CONFIG_H $INC $PKG_CFLAGS \
      -c "$src" -o "$obj"
  fi
  objs="$objs $obj"
done
# shellcheck disable=SC2086
$CC $CFLAGS -fsanitize=fuzzer-no-link $INC -c "$srcdir/fuzz/targets.c" -o "$out/obj/targets.o"
$CC $CFLAGS -fsanitize=fuzzer-no-link $INC -c "$srcdir/fuzz/targets_watch.c" -o "$out/obj/targets_watch.o"
$CC $CFLAGS -fsanitize=fuzzer-no-link $INC -c "$srcdir/fuzz/targets_api.c" -o "$out/obj/targets_api.o"
targets_o="$out/obj/targets.o $out/obj/targets_watch.o $out/obj/targets_api.o"

echo "  CCLD(fuzz) fuzz_replay"
# shellcheck disable=SC2086
$CC $CFLAGS -fsanitize=fuzzer-no-link $INC "$srcdir/fuzz/replay.c" $targets_o $objs $LIBS \
  -o "$out/fuzz_replay"

for t in $(sed -e '/^#/d' -e 's/ .*//' "$srcdir/fuzz/targets.list"); do
  echo "  CCLD(fuzz) fuzz_$t"
  # shellcheck disable=SC2086
  $CC $CFLAGS -fsanitize=fuzzer $INC -DKP_FUZZ_FN=kp_fuzz_$t \
    "$srcdir/fuzz/libfuzzer_main.c" $targets_o $objs $LIBS -o "$out/fuzz_$t"
done
