dnl Lua 5.4 binding detection (owned by bindings/lua).  Defines WITH_LUA and
dnl WITH_BUSTED.  Uses enable_lua (auto|yes|no) from configure.ac.
dnl
dnl Debian's ax_lua.m4 does not find lua5.4, so the headers come from
dnl pkg-config (lua5.4, lua-5.4, lua54) and the interpreter from LUA=.
dnl Install directories are prefix-relative (not the .pc's absolute
dnl INSTALL_CMOD/INSTALL_LMOD) so `make distcheck` can install elsewhere;
dnl override with luaexecdir=/usr/lib/x86_64-linux-gnu/lua/5.4 etc.

AC_ARG_VAR([LUA], [Lua 5.4 interpreter])
AC_ARG_VAR([SWIG], [SWIG interface compiler])
AC_ARG_VAR([luaexecdir], [directory for Lua C modules (default: ${libdir}/lua/5.4)])
AC_ARG_VAR([luadir], [directory for Lua modules (default: ${datadir}/lua/5.4)])

kp_lua_ok=no
kp_lua_why=
AS_IF([test "x$enable_lua" != xno], [
  dnl A LUA= given by the user wins (a bare name is looked up in PATH).
  AS_IF([test -n "$LUA"],
    [AS_CASE([$LUA], [/*], [],
       [kp_lua_path=`command -v "$LUA" 2>/dev/null`
        AS_IF([test -n "$kp_lua_path"], [LUA=$kp_lua_path],
          [kp_lua_why="LUA=$LUA not found in PATH"; LUA=])])],
    [AC_PATH_PROGS([LUA], [lua5.4 lua54 lua])])
  AS_IF([test -n "$LUA"], [
    AC_MSG_CHECKING([whether $LUA is Lua 5.4])
    AS_IF([$LUA -e 'if _VERSION ~= "Lua 5.4" then os.exit(1) end' >/dev/null 2>&1],
      [AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no]); kp_lua_why="$LUA is not Lua 5.4"; LUA=])
  ], [test -n "$kp_lua_why" || kp_lua_why="no Lua 5.4 interpreter (Debian: lua5.4)"])

  kp_lua_pc=
  AS_IF([test -n "$LUA"], [
    PKG_CHECK_MODULES([LUA], [lua5.4], [kp_lua_pc=lua5.4],
      [PKG_CHECK_MODULES([LUA], [lua-5.4], [kp_lua_pc=lua-5.4],
        [PKG_CHECK_MODULES([LUA], [lua54], [kp_lua_pc=lua54],
          [kp_lua_why="Lua 5.4 headers not found (Debian: liblua5.4-dev)"])])])
  ])

  dnl The shared SWIG interface (bindings/kneepain.i) must be there.
  AS_IF([test -n "$kp_lua_pc" && test ! -f "$srcdir/bindings/kneepain.i"],
    [kp_lua_pc=; kp_lua_why="bindings/kneepain.i (shared SWIG interface) not found"])

  AS_IF([test -n "$kp_lua_pc"], [
    dnl SWIG may already be set by the user or by the Python binding's
    dnl AX_PKG_SWIG (which stores a failing command when SWIG is missing).
    AS_IF([test -n "$SWIG"],
      [AS_IF([eval "$SWIG -version" >/dev/null 2>&1], [], [SWIG=])])
    AS_IF([test -z "$SWIG"], [AC_PATH_PROGS([SWIG], [swig4.0 swig])])
    AS_IF([test -n "$SWIG"], [kp_lua_ok=yes],
      [kp_lua_why="SWIG not found (Debian: swig)"])
  ])

  AS_IF([test "$kp_lua_ok" != yes && test "x$enable_lua" = xyes],
    [AC_MSG_ERROR([--enable-lua: $kp_lua_why])])
])

AS_IF([test "$kp_lua_ok" = yes], [
  test -n "$luaexecdir" || luaexecdir='${libdir}/lua/5.4'
  test -n "$luadir" || luadir='${datadir}/lua/5.4'
  dnl busted (Debian lua-busted) runs the specs; without it only the example runs.
  AC_MSG_CHECKING([whether busted runs under $LUA])
  AS_IF([$LUA -e 'require "busted.runner"' >/dev/null 2>&1],
    [kp_have_busted=yes], [kp_have_busted=no])
  AC_MSG_RESULT([$kp_have_busted])
  AS_IF([test "$kp_have_busted" != yes],
    [AC_MSG_WARN([busted not found for $LUA: Lua specs will not run (Debian: lua-busted)])])
], [
  kp_have_busted=no
  AS_IF([test "x$enable_lua" != xno],
    [AC_MSG_NOTICE([Lua binding disabled: $kp_lua_why])])
])
AC_SUBST([luaexecdir])
AC_SUBST([luadir])

AC_MSG_CHECKING([whether to build the Lua binding])
AC_MSG_RESULT([$kp_lua_ok])
AM_CONDITIONAL([WITH_LUA], [test "$kp_lua_ok" = yes])
AM_CONDITIONAL([WITH_BUSTED], [test "$kp_have_busted" = yes])
AC_CONFIG_FILES([bindings/lua/Makefile])
