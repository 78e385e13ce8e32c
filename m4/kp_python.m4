dnl kp_python.m4 - Python binding detection (owned by bindings/python).
dnl
dnl Input:  enable_python = auto | yes | no  (configure.ac's AC_ARG_ENABLE)
dnl         PYTHON        = interpreter to build for (precious, AM_PATH_PYTHON)
dnl Output: AM_CONDITIONAL WITH_PYTHON, PYTHON_CPPFLAGS, SWIG,
dnl         pyexecdir (prefix-relative, from AM_PATH_PYTHON), and
dnl         bindings/python/Makefile.
dnl
dnl `yes` fails when something is missing; `auto` disables the binding with a
dnl notice.  The binding needs: Python >= 3.9, its C headers (found through
dnl the interpreter's own sysconfig, so PYTHON= a pyenv or venv build works)
dnl and SWIG >= 4.0.

kp_python_ok=no
kp_python_why=
AS_IF([test "x$enable_python" != xno], [
  AM_PATH_PYTHON([3.9], [], [:])
  AS_IF([test "x$PYTHON" = "x:"], [kp_python_why="no Python >= 3.9 interpreter (set PYTHON=)"])
])

AS_IF([test "x$enable_python" != xno && test "x$kp_python_why" = x], [
  AC_ARG_VAR([PYTHON_CPPFLAGS], [C preprocessor flags for Python extension modules])
  AC_MSG_CHECKING([for Python include flags])
  AS_IF([test "x$PYTHON_CPPFLAGS" = x], [
    kp_py_inc=`$PYTHON -c 'import sysconfig as s; p = s.get_paths(); print(" ".join(sorted({"-I" + p["include"], "-I" + p["platinclude"]})))' 2>/dev/null`
    AS_IF([test "x$kp_py_inc" = x && test "x$PKG_CONFIG" != x],
      [kp_py_inc=`$PKG_CONFIG --cflags-only-I python-$PYTHON_VERSION 2>/dev/null`])
    PYTHON_CPPFLAGS=$kp_py_inc
  ])
  AC_MSG_RESULT([$PYTHON_CPPFLAGS])
  kp_save_CPPFLAGS=$CPPFLAGS
  CPPFLAGS="$CPPFLAGS $PYTHON_CPPFLAGS"
  AC_MSG_CHECKING([for Python.h])
  AC_PREPROC_IFELSE([AC_LANG_SOURCE([[#include <Python.h>]])],
    [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no])
     kp_python_why="Python.h not found for $PYTHON (Debian: python3-dev)"])
  CPPFLAGS=$kp_save_CPPFLAGS
])

AS_IF([test "x$enable_python" != xno && test "x$kp_python_why" = x], [
  AX_PKG_SWIG([4.0], [], [kp_python_why="SWIG >= 4.0 not found (Debian: swig)"])
])

AS_IF([test "x$enable_python" != xno && test "x$kp_python_why" = x], [kp_python_ok=yes])
AS_IF([test "x$enable_python" = xyes && test "x$kp_python_ok" != xyes],
  [AC_MSG_ERROR([--enable-python: $kp_python_why])])
AS_IF([test "x$enable_python" = xauto && test "x$kp_python_ok" != xyes],
  [AC_MSG_NOTICE([Python binding disabled: $kp_python_why])])
AC_MSG_CHECKING([whether to build the Python binding])
AC_MSG_RESULT([$kp_python_ok])

AC_SUBST([PYTHON_CPPFLAGS])
AM_CONDITIONAL([WITH_PYTHON], [test "x$kp_python_ok" = xyes])
AC_CONFIG_FILES([bindings/python/Makefile])
