/*
 * kneepain_lua.i - Lua 5.4 entry file: builds the core module
 * "kneepain_core" (luaopen_kneepain_core) that bindings/lua/kneepain.lua
 * turns into the `require "kneepain"` API.  Run SWIG with
 * `-lua -nomoduleglobal`.
 *
 * Lua-specific parts (the shared, language-neutral part is ../kneepain.i):
 *  - handles returned through `**out` become owned userdata whose __gc
 *    calls the library's _free (models are refcounted in C, so any
 *    collection order is safe);
 *  - a failing kp_status raises a Lua error *table*
 *    {code = <int>, name = "ERANGE", message = "<C message>"} with
 *    __tostring (see doc/lua.md);
 *  - counts and other integral results come back as Lua integers;
 *  - `char **out` results come back as Lua strings (freed with kp_free);
 *  - small helpers for the options structs, which stay in C.
 */
%module kneepain_core

%include <typemaps.i>

/* ---- C helpers (header section: visible to every wrapper) ------------ */
%header %{
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
        lua_pushstring(L, "kneepain.error");
        lua_setfield(L, -2, "__name");
    }
    lua_setmetatable(L, -2);
}

/* The error the last kp_ call on this thread left behind. */
static void kplua_push_last_error(lua_State *L, int code)
{
    if (kp_error_code() == code)
        kplua_push_error_table(L, code, kp_error_message());
    else
        kplua_push_error_table(L, code, kp_strerror(code));
}

/* kneepain_core.kplua_error(code, message) -> error table (for the Lua
 * layer's own argument checks, so every error has one shape). */
static int kplua_error(lua_State *L)
{
    int code = (int)luaL_checkinteger(L, 1);
    kplua_push_error_table(L, code, luaL_optstring(L, 2, ""));
    return 1;
}

/* Options and import options stay C structs; these take plain values. */
static kp_status kplua_set_options(kp_session *session, const char *locale,
                                   unsigned int max_plan_items, int load_unit,
                                   int third_person)
{
    kp_options opts;
    kp_status rc = kp_options_init(&opts, KP_OPTIONS_VERSION);
    if (rc != KP_OK)
        return rc;
    opts.locale = locale;
    opts.max_plan_items = max_plan_items;
    opts.load_unit = (kp_load_unit)load_unit;
    opts.third_person = third_person;
    return kp_session_set_options(session, &opts);
}

static kp_status kplua_import_file(kp_session *session, const char *path,
                                   int format, int miles)
{
    kp_import_options opts;
    kp_status rc = kp_import_options_init(&opts, KP_IMPORT_OPTIONS_VERSION);
    if (rc != KP_OK)
        return rc;
    opts.format = (kp_import_format)format;
    opts.miles = miles;
    return kp_session_import_file(session, path, &opts);
}
%}

/* ---- typemaps --------------------------------------------------------- */

/* kp_status: nothing on success, an error table on failure. */
%typemap(out) kp_status {
    if ($1 < 0) {
        kplua_push_last_error(L, $1);
        SWIG_fail;
    }
}

/* Integral results as Lua integers (SWIG's default pushes floats). */
%typemap(out) int, unsigned int, long, unsigned long, size_t
    %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}
%typemap(in, numinputs=0) int *OUTPUT (int temp), size_t *OUTPUT (size_t temp)
    %{ temp = 0; $1 = &temp; %}
%typemap(argout) int *OUTPUT, size_t *OUTPUT
    %{ lua_pushinteger(L, (lua_Integer)*$1); SWIG_arg++; %}

/* New handles: owned userdata (the __gc below frees them). */
%apply SWIGTYPE **OUTPUT { kp_model **out, kp_session **out, kp_report **out };

/* Caller-owned strings: copied into Lua, then released with kp_free. */
%typemap(in, numinputs=0) char **out (char *temp)
    %{ temp = NULL; $1 = &temp; %}
%typemap(argout) char **out {
    lua_pushstring(L, *$1);
    kp_free(*$1);
    SWIG_arg++;
}

%apply double *OUTPUT { double *value_out, double *min_out, double *max_out };
%apply int *OUTPUT { int *major, int *minor, int *patch };
%apply size_t *OUTPUT { size_t *index_out };

/* Not for scripts: allocator hooks, raw frees (handles free themselves),
 * the matrix scorer, and the option structs (see the helpers above). */
%ignore kp_set_allocator;
%ignore kp_allocator;
%ignore kp_free;
%ignore kp_model_free;
%ignore kp_session_free;
%ignore kp_report_free;
%ignore kp_model_score;
%ignore kp_options;
%ignore kp_options_init;
%ignore kp_session_set_options;
%ignore kp_import_options;
%ignore kp_import_options_init;
%ignore kp_session_import_file;
%ignore kp_session_import_buffer;

%include "../kneepain.i"

/* Every SWIG_exception the shared interface raises becomes the same
 * error table (built from the thread's last kp_ error). */
%header %{
#ifdef SWIG_exception
#  undef SWIG_exception
#endif
#define SWIG_exception(code, msg) \
    { if (kp_error_code() < 0) kplua_push_last_error(L, kp_error_code()); \
      else lua_pushstring(L, (msg)); \
      SWIG_fail; }
%}

/* Handle destructors, unless the shared interface declares them. */
#ifndef KP_SWIG_HANDLE_DESTRUCTORS
%nodefaultctor kp_model;
%nodefaultctor kp_session;
%nodefaultctor kp_report;
struct kp_model {};
struct kp_session {};
struct kp_report {};
%extend kp_model { ~kp_model() { kp_model_free($self); } }
%extend kp_session { ~kp_session() { kp_session_free($self); } }
%extend kp_report { ~kp_report() { kp_report_free($self); } }
#endif

%native(kplua_error) int kplua_error(lua_State *L);
kp_status kplua_set_options(kp_session *session, const char *locale,
                            unsigned int max_plan_items, int load_unit,
                            int third_person);
kp_status kplua_import_file(kp_session *session, const char *path,
                            int format, int miles);
