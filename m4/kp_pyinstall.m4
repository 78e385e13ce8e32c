dnl kp_pyinstall.m4 - where `make install` puts the Python package.
dnl
dnl Input:  PYTHON (after kp_python.m4), prefix/exec_prefix.
dnl Output: pythondir and pyexecdir, prefix-relative (make distcheck works).
dnl
dnl AM_PATH_PYTHON answers lib/pythonX.Y/site-packages, which Debian's
dnl Python never searches.  Ask the interpreter instead: under its default
dnl install location (Debian: /usr/local/lib/python3/dist-packages for the
dnl default prefix) when the prefix is that location's, otherwise the
dnl posix_prefix layout that `python -m venv` and `pip --prefix` use.
dnl Override with ./configure pyexecdir=... pythondir=... as before.

AS_IF([test "x$kp_python_ok" = xyes], [
  AC_MSG_CHECKING([for the Python install directory under the prefix])
  kp_py_prefix=$prefix
  AS_IF([test "x$kp_py_prefix" = xNONE], [kp_py_prefix=$ac_default_prefix])
  kp_py_rel=`$PYTHON - "$kp_py_prefix" <<'KP_EOF'
import sys, sysconfig
prefix = sys.argv[[1]].rstrip("/")
default = sysconfig.get_path("platlib")
if default.startswith(prefix + "/"):
    print(default[[len(prefix) + 1:]])
else:
    p = sysconfig.get_path("platlib", "posix_prefix",
                           vars={"base": "/@P@", "platbase": "/@P@"})
    print(p[[len("/@P@/"):]])
KP_EOF`
  AS_IF([test "x$kp_py_rel" != x], [
    AS_CASE([$ac_configure_args], [*pyexecdir=*], [],
      [pyexecdir="\${exec_prefix}/$kp_py_rel"])
    AS_CASE([$ac_configure_args], [*pythondir=*], [],
      [pythondir="\${prefix}/$kp_py_rel"])
  ])
  AC_MSG_RESULT([$pyexecdir])
])
