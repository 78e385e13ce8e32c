/*
 * kneepain_lua.i - Lua 5.4 entry file of the libkneepain SWIG binding.
 *
 * Builds the core module "kneepain_core" (luaopen_kneepain_core) that
 * bindings/lua/kneepain.lua turns into the `require "kneepain"` API: flat
 * functions named like the C API without the kp_ prefix, handles
 * Model/Session/Report that free themselves from __gc (models are
 * refcounted in C, so any collection order is safe).  Run SWIG with
 * `-lua -nomoduleglobal`.
 *
 * Implements the typemap contract of bindings/TYPEMAPS.md for Lua, then
 * includes the shared core bindings/kneepain.i:
 *  - a failing kp_status raises a Lua error *table*
 *    {code = <int>, name = "ERANGE", message = "<C message>"} with
 *    __tostring (see doc/lua.md);
 *  - counts and other integral results are Lua integers (SWIG's default
 *    pushes floats);
 *  - `TYPE **out` handles are owned userdata, `char **out` results Lua
 *    strings (freed with kp_free), `(data, size)` pairs one Lua string.
 */
%module kneepain_core

%include <typemaps.i>

/* ---------------------------------------------------------- errors */

%{
#include <string.h>
#include "kneepain.h"

#define KPLUA_ERROR_MT "kneepain.error"

static const char *kplua_code_name(int code)
{
    static const char *const names[] = {
        "OK", "ERROR", "ENOMEM", "EINVAL", "ENOTFOUND", "ETYPE", "ERANGE",
        "EPARSE", "EMODEL", "EIO", "EVERSION", "ESTATE", "EFORMAT"
    };
    if (code <= 0 && -code < (int)(sizeof names / sizeof names[0]))
        return names[-code];
    return "EUNKNOWN";
}

static int kplua_error_tostring(lua_State *L)
{
    const char *name, *message;
    lua_getfield(L, 1, "name");
    lua_getfield(L, 1, "message");
    name = lua_tostring(L, -2);
    message = lua_tostring(L, -1);
    lua_pushfstring(L, "kneepain: %s: %s", name ? name : "?",
                    message ? message : "");
    return 1;
}

/* Push {code=, name=, message=} with the shared error metatable. */
static void kplua_push_error_table(lua_State *L, int code, const char *message)
{
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, code);
    lua_setfield(L, -2, "code");
    lua_pushstring(L, kplua_code_name(code));
    lua_setfield(L, -2, "name");
    lua_pushstring(L, message && *message ? message : kp_strerror(code));
    lua_setfield(L, -2, "message");
    if (luaL_newmetatable(L, KPLUA_ERROR_MT)) {
        lua_pushcfunction(L, kplua_error_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushstring(L, KPLUA_ERROR_MT);
        lua_setfield(L, -2, "__name");
    }
    lua_setmetatable(L, -2);
}

/* The error a failing kp_ call left in this thread's last-error slot. */
static void kplua_push_last_error(lua_State *L, int code)
{
    const char *msg = kp_error_code() == code ? kp_error_message() : NULL;
    kplua_push_error_table(L, code, msg);
}

/* kneepain_core.kplua_error(code, message) -> error table, so the Lua
 * layer's own argument checks raise errors of the same shape. */
static int kplua_error(lua_State *L)
{
    int code = (int)luaL_checkinteger(L, 1);
    kplua_push_error_table(L, code, luaL_optstring(L, 2, ""));
    return 1;
}

#define KP_SWIG_CUSTOM_RAISE 1
#define KP_SWIG_RAISE(status) \
    do { kplua_push_last_error(L, (status)); SWIG_fail; } while (0)
%}
#define KP_SWIG_CUSTOM_RAISE

/* ------------------------------------------------ integers, handles */

%typemap(out) int, unsigned int, long, unsigned long, size_t
    %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}
%typemap(in, numinputs=0) int *OUTPUT (int temp)
    %{ temp = 0; $1 = &temp; %}
%typemap(argout) int *OUTPUT
    %{ lua_pushinteger(L, (lua_Integer)*$1); SWIG_arg++; %}

%apply SWIGTYPE **OUTPUT { kp_model **out, kp_session **out, kp_report **out,
                           kp_interview **out, kp_whatif **out,
                           kp_interview **interview_out,
                           kp_session **session_out, kp_restore **info_out };

/* const char **finding_out: a borrowed ID as a string, or nil. */
%typemap(in, numinputs=0) const char **finding_out (const char *temp)
    %{ temp = NULL; $1 = ($1_ltype)&temp; %}
%typemap(argout) const char **finding_out {
    if (*$1) lua_pushstring(L, *$1); else lua_pushnil(L);
    SWIG_arg++;
}

/* Integer arguments: a Lua integer (or an integral float) inside the C
 * type's range; anything else is ERANGE naming the parameter.  SWIG's
 * default casts lua_tonumber(), which wraps 2^32 + 1 to 1 for an int. */
%{
#include <limits.h>
#include <stdio.h>

static int kplua_integer_arg(lua_State *L, int idx, const char *name, lua_Integer lo,
                             lua_Integer hi, lua_Integer *out)
{
    int isnum = 0;
    lua_Integer v = lua_tointegerx(L, idx, &isnum);
    if (isnum && v >= lo && v <= hi) {
        *out = v;
        return 1;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "%s: expected a whole number from %lld to %lld", name,
             (long long)lo, (long long)hi);
    kplua_push_error_table(L, KP_ERANGE, msg);
    return 0;
}
%}
%define KPLUA_INTEGER_IN(TYPE, LO, HI)
%typemap(in, checkfn="lua_isnumber") TYPE (lua_Integer v_) {
    if (!kplua_integer_arg(L, $input, "$1_name", (lua_Integer)(LO), (lua_Integer)(HI), &v_))
        SWIG_fail;
    $1 = ($1_ltype)v_;
}
%enddef
KPLUA_INTEGER_IN(int, INT_MIN, INT_MAX)
KPLUA_INTEGER_IN(unsigned int, 0, UINT_MAX)
KPLUA_INTEGER_IN(long, LONG_MIN, LONG_MAX)
KPLUA_INTEGER_IN(unsigned long, 0, (ULONG_MAX > LUA_MAXINTEGER ? LUA_MAXINTEGER : ULONG_MAX))
KPLUA_INTEGER_IN(size_t, 0, (SIZE_MAX > LUA_MAXINTEGER ? LUA_MAXINTEGER : SIZE_MAX))

/* ------------------------------------------------ strings and buffers */

/* const char *: a Lua string, or nil where C takes NULL.  C would read only
 * up to an embedded NUL ("default.json\0junk" would open default.json), so
 * such a string is EINVAL. */
%typemap(in, checkfn="SWIG_lua_isnilstring", fragment="SWIG_lua_isnilstring") const char * {
    size_t len_ = 0;
    $1 = ($1_ltype)lua_tolstring(L, $input, &len_);
    if ($1 && strlen($1) != len_) {
        kplua_push_error_table(L, KP_EINVAL, "$1_name: contains a NUL character");
        SWIG_fail;
    }
}

/* char **out: library-allocated text, copied to a Lua string, kp_free'd. */
%typemap(in, numinputs=0) char **out (char *temp)
    %{ temp = NULL; $1 = &temp; %}
%typemap(argout) char **out {
    lua_pushstring(L, *$1 ? *$1 : "");
    kp_free(*$1);
    *$1 = NULL;
    SWIG_arg++;
}

/* (const char *data, size_t size): one Lua string (embedded NULs kept). */
%typemap(in, checkfn="lua_isstring") (const char *data, size_t size),
                                     (const char *json, size_t size) {
    size_t len_ = 0;
    $1 = (char *)lua_tolstring(L, $input, &len_);
    $2 = len_;
}

%native(kplua_error) int kplua_error(lua_State *L);

%include "kneepain.i"

/* The report table built in C in one call (kplua_report_table). */
%include "lua/kneepain_lua_report.i"
