#!/bin/sh
# Install smoke test (TAP): `make install DESTDIR=tmp` from a configured build
# tree, then use what landed there from clean processes, the way a user's
# program would after `make install`.
#   tests/install-smoke.sh [BUILDDIR]     (default: the current directory)
set -u
build=$(cd "${1:-.}" && pwd)
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
make=${MAKE:-make}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0; fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

# A make variable of the configured tree, expanded (${prefix} etc.).
var() { $make -s -C "$build/$1" --no-print-directory -f Makefile -f - kp-print-var V="$2" <<'MK'
kp-print-var:
	@echo '$($(V))'
MK
}

if $make -s -C "$build" install DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1; then
  ok "make install DESTDIR"
else
  not_ok "make install DESTDIR: $(tail -n 5 "$tmp/install.log")"
  echo "1..$n"; exit 1
fi
prefix=$(var . prefix)
libdir=$(var . libdir)
root="$tmp/root"

if [ -f "$build/bindings/python/Makefile" ] && grep -q '^PYTHON = /' "$build/bindings/python/Makefile"; then
  py=$(var bindings/python PYTHON)
  pyexecdir=$(var bindings/python pyexecdir)
  if [ -f "$root$pyexecdir/kneepain/__init__.py" ] && ls "$root$pyexecdir"/kneepain/_capi*.so >/dev/null 2>&1; then
    ok "python package installed in $pyexecdir"
  else
    not_ok "python package missing under $root$pyexecdir"
  fi
  # Where the interpreter itself would install for this prefix.
  want=$("$py" -c 'import sys, sysconfig
p = sys.argv[1].rstrip("/"); d = sysconfig.get_path("platlib")
print(d if d.startswith(p + "/") else sysconfig.get_path("platlib", "posix_prefix", vars={"base": p, "platbase": p}))' "$prefix")
  if [ "$pyexecdir" = "$want" ]; then ok "pyexecdir is the interpreter's platlib for $prefix"
  else not_ok "pyexecdir $pyexecdir, interpreter says $want"; fi
  if [ "$prefix" = /usr/local ]; then
    if env -i "$py" -c 'import sys; sys.exit(sys.argv[1] not in sys.path)' "$pyexecdir"; then
      ok "$pyexecdir is on the default sys.path (no PYTHONPATH needed)"
    else
      not_ok "$pyexecdir is not on $py's default sys.path"
    fi
  else
    skip "prefix $prefix is not the default /usr/local"
  fi
  out=$(cd "$tmp" && env -i PATH=/usr/bin:/bin PYTHONPATH="$root$pyexecdir" \
        LD_LIBRARY_PATH="$root$libdir" "$py" -c \
        'import kneepain, os; print(os.path.dirname(kneepain.__file__)); print(kneepain.version().startswith("0."))' 2>&1)
  case "$out" in
    "$root$pyexecdir/kneepain"*True) ok "import kneepain from the installed tree in a clean process" ;;
    *) not_ok "import kneepain from the installed tree: $out" ;;
  esac
else
  skip "Python binding not configured"
fi

# pip route: a venv on Debian's setuptools, offline, from a copy of the
# binding's sources (pip builds in place; the source tree may be read-only).
if [ -n "${py:-}" ] && command -v swig >/dev/null 2>&1 && "$py" -c 'import venv, ensurepip, setuptools, wheel' 2>/dev/null; then
  src="$top_srcdir"
  mkdir -p "$tmp/pysrc/bindings" && cp -R "$src/bindings/python" "$tmp/pysrc/bindings/" &&
    cp "$src/bindings/kneepain.i" "$tmp/pysrc/bindings/" &&
    rm -rf "$tmp/pysrc/bindings/python/stage" "$tmp/pysrc/bindings/python/src/kneepain/capi.py"
  "$py" -m venv --system-site-packages "$tmp/venv" >/dev/null 2>&1
  vpy="$tmp/venv/bin/python"
  # pkg-config finds the DESTDIR install; the sysroot prefixes its -I/-L.
  if env PKG_CONFIG_PATH="$root$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root" \
       PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
       "$vpy" -m pip install -q --no-build-isolation "$tmp/pysrc/bindings/python" >"$tmp/pip.log" 2>&1; then
    ok "pip install --no-build-isolation into a venv (pkg-config)"
  else
    not_ok "pip install: $(tail -n 15 "$tmp/pip.log")"
  fi
  out=$(cd "$tmp" && env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH="$root$libdir" "$vpy" -c \
        'import kneepain, json; print(kneepain.__file__); r = kneepain.assess(json.load(open(__import__("sys").argv[1]))); print(type(r).__name__)' \
        "$src/examples/assessment.json" 2>&1)
  case "$out" in
    "$tmp/venv/"*site-packages/kneepain/__init__.py*Report*) ok "venv's kneepain imports and assesses in a clean process" ;;
    *) not_ok "venv import: $out" ;;
  esac
  if env KNEEPAIN_BUILD_DIR="$build" PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
       "$vpy" -m pip wheel -q --no-build-isolation --no-deps -w "$tmp/wheels" \
       "$tmp/pysrc/bindings/python" >"$tmp/wheel.log" 2>&1 &&
     ls "$tmp/wheels"/kneepain-*.whl >/dev/null 2>&1; then
    ok "pip wheel builds a wheel against the build tree"
  else
    not_ok "pip wheel: $(tail -n 15 "$tmp/wheel.log")"
  fi
else
  skip "pip route: needs the Python binding, swig, venv, setuptools and wheel"
fi

# CMake route: a user's project (tests/fixtures/cmake) finds the DESTDIR
# install through CMAKE_PREFIX_PATH, builds and runs; versions the install
# does not satisfy are refused.
if command -v cmake >/dev/null 2>&1 && command -v "${CC:-cc}" >/dev/null 2>&1; then
  cmdir=$libdir/cmake/kneepain
  if [ -f "$root$cmdir/kneepainConfig.cmake" ] && [ -f "$root$cmdir/kneepainConfigVersion.cmake" ]; then
    ok "kneepainConfig.cmake and kneepainConfigVersion.cmake installed in $cmdir"
  else
    not_ok "CMake package files missing under $root$cmdir"
  fi
  if cmake -S "$top_srcdir/tests/fixtures/cmake" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$root$prefix" \
       -DKNEEPAIN_VERSION=0.2 >"$tmp/cmake.log" 2>&1 &&
     cmake --build "$tmp/cmake" >>"$tmp/cmake.log" 2>&1; then
    ok "find_package(kneepain 0.2 REQUIRED) configures and builds against the install"
  else
    not_ok "CMake project: $(tail -n 15 "$tmp/cmake.log")"
  fi
  version=$(var . PACKAGE_VERSION)
  out=$(cd "$tmp" && env -i "$tmp/cmake/assess_example" "$top_srcdir/examples/assessment.json" 2>&1)
  case "$out" in
    "header $version library $version \"level\":"*) ok "the CMake-built program runs in a clean process: $out" ;;
    *) not_ok "CMake-built program: $out" ;;
  esac
  linked=$(env -i ldd "$tmp/cmake/assess_example" 2>&1 | sed -n 's/.*libkneepain[^ ]* => \([^ ]*\).*/\1/p')
  case "$linked" in
    "$root$libdir"/*) ok "kneepain::kneepain links the installed library ($linked)" ;;
    *) not_ok "the program uses '$linked', not the library under $root$libdir" ;;
  esac
  # pkg_check_modules keeps working beside find_package.  A copy of the
  # installed kneepain.pc moved to the DESTDIR prefix (a sysroot would also
  # move the system -I paths of its Requires.private).
  out=
  mkdir -p "$tmp/pc" && sed "s|^prefix=.*|prefix=$root$prefix|" "$root$libdir/pkgconfig/kneepain.pc" >"$tmp/pc/kneepain.pc"
  if env PKG_CONFIG_PATH="$tmp/pc" \
       cmake -S "$top_srcdir/tests/fixtures/cmake" -B "$tmp/cmake-pc" -DKNEEPAIN_VIA_PKGCONFIG=ON \
       >"$tmp/cmake-pc.log" 2>&1 && cmake --build "$tmp/cmake-pc" >>"$tmp/cmake-pc.log" 2>&1 &&
     out=$(env -i "$tmp/cmake-pc/assess_example" "$top_srcdir/examples/assessment.json" 2>&1) &&
     case "$out" in "header $version library $version"*) true ;; *) false ;; esac; then
    ok "pkg_check_modules(IMPORTED_TARGET kneepain) builds a program that runs"
  else
    not_ok "pkg_check_modules route: ${out:-$(tail -n 15 "$tmp/cmake-pc.log")}"
  fi
  for v in 9.0 0.1; do
    if cmake -S "$top_srcdir/tests/fixtures/cmake" -B "$tmp/cmake-$v" -DCMAKE_PREFIX_PATH="$root$prefix" \
         -DKNEEPAIN_VERSION=$v >"$tmp/cmake-$v.log" 2>&1; then
      not_ok "find_package(kneepain $v) accepted version $version"
    elif grep -q 'compatible with requested version' "$tmp/cmake-$v.log"; then
      ok "find_package(kneepain $v) refuses version $version"
    else
      not_ok "find_package(kneepain $v) failed for another reason: $(tail -n 8 "$tmp/cmake-$v.log")"
    fi
  done
else
  skip "CMake route: needs cmake and a C compiler"
fi

echo "1..$n"
exit $fail
