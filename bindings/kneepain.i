/*
 * kneepain.i - shared, language-neutral SWIG core of the libkneepain bindings.
 *
 * Each language has an entry file (bindings/python/kneepain_python.i,
 * bindings/lua/kneepain_lua.i) that declares %module, defines the typemaps
 * listed in bindings/TYPEMAPS.md and then %includes this file.  Everything
 * here must work for every target language: no cstring.i, no
 * language-specific runtime calls outside #ifdef SWIG<LANG> guards.
 *
 * What this file does:
 *  - includes kneepain.h in the wrapper and neutralises KP_API;
 *  - strips the kp_/KP_ prefixes (kp_session_new -> session_new,
 *    KP_ENOTFOUND -> ENOTFOUND) and names the handles Model, Session, Report;
 *  - gives the handles no constructor and a destructor calling the library's
 *    _free function (never SWIG's default free());
 *  - turns every kp_status < 0 into a target-language error through
 *    KP_SWIG_RAISE(status) (overridable, see TYPEMAPS.md);
 *  - hides what a script cannot use (allocator hook, options structs, the
 *    raw matrix scorer) and replaces it with flat helpers.
 */

%{
#include <stdio.h>
#include <string.h>
#include "kneepain.h"
%}

#define KP_API
#define KP_BEGIN_DECL
#define KP_END_DECL

%include <exception.i>
%include <typemaps.i>

/* ---------------------------------------------------------------- errors */

%{
/* Name of a status code ("KP_ENOTFOUND"); never NULL. */
static const char *kp_swig_code_name(int status)
{
    switch (status) {
    case KP_OK: return "KP_OK";
    case KP_ERROR: return "KP_ERROR";
    case KP_ENOMEM: return "KP_ENOMEM";
    case KP_EINVAL: return "KP_EINVAL";
    case KP_ENOTFOUND: return "KP_ENOTFOUND";
    case KP_ETYPE: return "KP_ETYPE";
    case KP_ERANGE: return "KP_ERANGE";
    case KP_EPARSE: return "KP_EPARSE";
    case KP_EMODEL: return "KP_EMODEL";
    case KP_EIO: return "KP_EIO";
    case KP_EVERSION: return "KP_EVERSION";
    case KP_ESTATE: return "KP_ESTATE";
    case KP_EFORMAT: return "KP_EFORMAT";
    default: return "KP_E?";
    }
}

/* The calling thread's message for `status`: kp_error_message() when it
 * belongs to this status, else kp_strerror(status).  Call right after the
 * failing kp_ function, before any other kp_ call on this thread. */
static const char *kp_swig_message(int status)
{
    const char *msg;
    if (kp_error_code() != status)
        return kp_strerror(status);
    msg = kp_error_message();
    return (msg == NULL || msg[0] == '\0') ? kp_strerror(status) : msg;
}
%}

#ifndef KP_SWIG_CUSTOM_RAISE
/* Default raiser: SWIG_exception with the SWIG family and the text
 * "KP_ENOTFOUND (-4): <kp_error_message()>".  A language entry file may
 * define KP_SWIG_CUSTOM_RAISE and its own KP_SWIG_RAISE(status) macro (in a
 * %{ %} block, before %including this file); it must raise and jump to
 * `fail` (SWIG_fail). */
%{
/* SWIG exception family for a status (used by the default raiser). */
static int kp_swig_family(int status)
{
    switch (status) {
    case KP_ENOMEM: return SWIG_MemoryError;
    case KP_EIO: return SWIG_IOError;
    case KP_EINVAL: case KP_ENOTFOUND: case KP_ETYPE: case KP_ERANGE:
    case KP_EPARSE: case KP_EFORMAT: case KP_EVERSION:
        return SWIG_ValueError;
    default: return SWIG_RuntimeError;
    }
}

#define KP_SWIG_RAISE(status) do { \
        char kp_swig_buf_[1024]; \
        int kp_swig_st_ = (status); \
        snprintf(kp_swig_buf_, sizeof kp_swig_buf_, "%s (%d): %s", \
                 kp_swig_code_name(kp_swig_st_), kp_swig_st_, \
                 kp_swig_message(kp_swig_st_)); \
        switch (kp_swig_family(kp_swig_st_)) { \
        case SWIG_MemoryError: SWIG_exception(SWIG_MemoryError, kp_swig_buf_); break; \
        case SWIG_IOError: SWIG_exception(SWIG_IOError, kp_swig_buf_); break; \
        case SWIG_ValueError: SWIG_exception(SWIG_ValueError, kp_swig_buf_); break; \
        default: SWIG_exception(SWIG_RuntimeError, kp_swig_buf_); break; \
        } \
    } while (0)
%}
#endif

/* kp_status results: raise on failure, return nothing on success (the
 * **out argout typemaps then supply the result). */
#ifdef SWIGPYTHON
%typemap(out) kp_status {
    if ($1 < 0) KP_SWIG_RAISE($1);
    $result = SWIG_Py_Void();
}
#else
%typemap(out) kp_status {
    if ($1 < 0) KP_SWIG_RAISE($1);
}
#endif

/* Functions returning int "1 = defined, 0 = undefined, < 0 = error":
 * raise on errors, return the flag otherwise (the value comes from the
 * double *OUTPUT argument). */
%define KP_RAISE_IF_NEGATIVE(func)
%exception func {
    $action
    if (result < 0) KP_SWIG_RAISE((int)result);
}
%enddef
KP_RAISE_IF_NEGATIVE(kp_session_get)
KP_RAISE_IF_NEGATIVE(kp_report_load_metric)
KP_RAISE_IF_NEGATIVE(kpswig_model_find)

/* ------------------------------------------------------------ out values */

%apply int *OUTPUT { int *major, int *minor, int *patch };
%apply double *OUTPUT { double *min_out, double *max_out, double *value_out };

/* --------------------------------------------------------------- names */

%rename("%(strip:[kp_])s", %$isfunction) "";
%rename("%(strip:[KP_])s", %$isconstant) "";
%rename("%(strip:[KP_])s", %$isenumitem) "";
%rename(Model) kp_model;
%rename(Session) kp_session;
%rename(Report) kp_report;
%rename(Interview) kp_interview;
%rename(Whatif) kp_whatif;
%rename(Restore) kp_restore;

/* -------------------------------------------------------------- handles */

/* Opaque in C; declared empty for SWIG so %extend can give destructors.
 * Objects come only from the **out typemaps (owned) - never constructed. */
%nodefaultctor kp_model;
%nodefaultctor kp_session;
%nodefaultctor kp_report;
%nodefaultctor kp_interview;
%nodefaultctor kp_whatif;
%nodefaultctor kp_restore;
struct kp_model {};
struct kp_session {};
struct kp_report {};
struct kp_interview {};
struct kp_whatif {};
struct kp_restore {};
%extend kp_model { ~kp_model() { kp_model_free($self); } }
%extend kp_session { ~kp_session() { kp_session_free($self); } }
%extend kp_report { ~kp_report() { kp_report_free($self); } }
/* An interview borrows its session: the language layer keeps a reference
 * to the Session for as long as the Interview lives.  kp_interview_free()
 * does not touch the session, so collection order does not matter. */
%extend kp_interview { ~kp_interview() { kp_interview_free($self); } }
/* A what-if result and a restore result own what they hold (the what-if
 * keeps a model reference), so they outlive their report or model safely. */
%extend kp_whatif { ~kp_whatif() { kp_whatif_free($self); } }
%extend kp_restore { ~kp_restore() { kp_restore_free($self); } }

/* --------------------------------------------------- hidden and replaced */

/* Destroyed by the handle destructors, not by scripts. */
%ignore kp_model_free;
%ignore kp_session_free;
%ignore kp_report_free;
%ignore kp_interview_free;
%ignore kp_whatif_free;
%ignore kp_restore_free;
/* Borrowed session pointer: scripts keep their own Session. */
%ignore kp_interview_session;
/* Options struct and int/const char ** result: replaced by flat helpers. */
%ignore kp_interview_options;
%ignore kp_interview_options_init;
%ignore kp_interview_new;
%ignore kp_interview_next;
/* Memory is managed by the char **out typemaps. */
%ignore kp_free;
%ignore kp_allocator;
%ignore kp_set_allocator;
/* Borrowed model pointer: would outlive-check nothing; scripts keep their
 * own Model. */
%ignore kp_session_model;
/* Structs with borrowed strings: replaced by flat helpers below. */
%ignore kp_options;
%ignore kp_options_init;
%ignore kp_session_set_options;
%ignore kp_import_options;
%ignore kp_import_options_init;
%ignore kp_session_import_file;
%ignore kp_session_import_buffer;
/* size_t *OUTPUT is not portable across languages: see model_find. */
%ignore kp_model_find;
/* Raw matrix scorer: a language wraps it with its own buffer helper. */
%ignore kp_model_score;

%rename(session_set_options) kpswig_session_set_options;
%rename(session_import_file) kpswig_session_import_file;
%rename(session_import_buffer) kpswig_session_import_buffer;
%rename(model_find) kpswig_model_find;
%rename(interview_new) kpswig_interview_new;
%rename(interview_next) kpswig_interview_next;

%inline %{
/* kp_session_set_options() with the struct flattened: locale may be NULL
 * (model default), max_plan_items 0 = model default, load_unit a
 * kp_load_unit, third_person 0/1. */
static kp_status kpswig_session_set_options(kp_session *session,
                                            const char *locale,
                                            unsigned int max_plan_items,
                                            int load_unit, int third_person)
{
    kp_options opts;
    kp_status st = kp_options_init(&opts, KP_OPTIONS_VERSION);
    if (st < 0)
        return st;
    opts.locale = locale;
    opts.max_plan_items = max_plan_items;
    opts.load_unit = (kp_load_unit)load_unit;
    opts.third_person = third_person;
    return kp_session_set_options(session, &opts);
}

/* kp_session_import_file() with the struct flattened: format is a
 * kp_import_format, miles 0/1. */
static kp_status kpswig_session_import_file(kp_session *session,
                                            const char *path, int format,
                                            int miles)
{
    kp_import_options opts;
    kp_status st = kp_import_options_init(&opts, KP_IMPORT_OPTIONS_VERSION);
    if (st < 0)
        return st;
    opts.format = (kp_import_format)format;
    opts.miles = miles;
    return kp_session_import_file(session, path, &opts);
}

/* kp_session_import_buffer() with the struct flattened (needs the
 * language's (const char *data, size_t size) typemap). */
static kp_status kpswig_session_import_buffer(kp_session *session,
                                              const char *data, size_t size,
                                              const char *name, int format,
                                              int miles)
{
    kp_import_options opts;
    kp_status st = kp_import_options_init(&opts, KP_IMPORT_OPTIONS_VERSION);
    if (st < 0)
        return st;
    opts.format = (kp_import_format)format;
    opts.miles = miles;
    return kp_session_import_buffer(session, data, size, name, &opts);
}

/* kp_interview_new() with the options flattened: budget < 0 = no limit,
 * min_gain < 0 = the model's setting, stop_on_red_flag 0/1. */
static kp_status kpswig_interview_new(kp_interview **out, kp_session *session,
                                      long budget, double triage_weight,
                                      double min_gain, int stop_on_red_flag)
{
    kp_interview_options opts;
    kp_status st = kp_interview_options_init(&opts,
                                             KP_INTERVIEW_OPTIONS_VERSION);
    if (st < 0)
        return st;
    opts.budget = budget;
    opts.triage_weight = triage_weight;
    opts.min_gain = min_gain;
    opts.stop_on_red_flag = stop_on_red_flag;
    return kp_interview_new(out, session, &opts);
}

/* kp_interview_next() as a status: the finding ID (borrowed from the
 * model) or NULL when the interview should stop. */
static kp_status kpswig_interview_next(kp_interview *interview,
                                       const char **finding_out)
{
    int r = kp_interview_next(interview, finding_out);
    if (r < 0)
        return r;
    if (r == 0)
        *finding_out = NULL;
    return KP_OK;
}

/* kp_model_find() returning the index (>= 0) or raising. */
static long kpswig_model_find(const kp_model *model, kp_kind kind,
                              const char *id)
{
    size_t index = 0;
    kp_status st = kp_model_find(model, kind, id, &index);
    return st < 0 ? (long)st : (long)index;
}
%}

%include "kneepain.h"
