/*
 * kneepain_python.i - Python entry file of the libkneepain SWIG binding.
 *
 * Builds the low-level module kneepain.capi (extension kneepain._capi):
 * flat functions named like the C API without the kp_ prefix, handles
 * Model/Session/Report that free themselves.  The idiomatic API is the
 * pure-Python package around it (bindings/python/kneepain/).
 *
 * Implements the typemap contract of bindings/TYPEMAPS.md for Python, then
 * includes the shared core bindings/kneepain.i.
 */
%define KP_CAPI_DOC
"Low-level SWIG wrapper of libkneepain (use the kneepain package instead)."
%enddef
%module(package="kneepain", docstring=KP_CAPI_DOC) capi

%feature("autodoc", "2");

/* ------------------------------------------------------ GIL release */

/* Built with swig -threads: only the calls that parse, assess, read files
 * or serialise release the GIL; tiny accessors keep it (cheaper). */
%nothread;
%thread kp_model_load_file;
%thread kp_model_load_buffer;
%thread kp_session_from_json;
%thread kp_session_load_json;
%thread kp_session_to_json;
%thread kp_session_assess;
%thread kp_report_to_json;
%thread kp_assess_json;
%thread kpswig_session_import_file;
%thread kpswig_session_import_buffer;

/* ---------------------------------------------------------- errors */

%{
#include <string.h>
#include "kneepain.h"
#define KP_SWIG_CUSTOM_RAISE 1
static void kp_py_raise(int status);
static void kp_py_raise_message(int status, const char *msg);
#define KP_SWIG_RAISE(status) do { kp_py_raise(status); SWIG_fail; } while (0)
%}
#define KP_SWIG_CUSTOM_RAISE


/* ----------------------------------------------------- owned handles */

%define KP_PY_HANDLE_OUT(TYPE, NAME)
%typemap(in, numinputs=0) TYPE **NAME (TYPE *tmp = NULL) { $1 = &tmp; }
%typemap(argout) TYPE **NAME {
    $result = SWIG_Python_AppendOutput($result,
        SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $*1_descriptor, SWIG_POINTER_OWN));
}
%enddef
KP_PY_HANDLE_OUT(kp_model, out)
KP_PY_HANDLE_OUT(kp_session, out)
KP_PY_HANDLE_OUT(kp_report, out)
KP_PY_HANDLE_OUT(kp_interview, out)
KP_PY_HANDLE_OUT(kp_whatif, out)
KP_PY_HANDLE_OUT(kp_interview, interview_out)
KP_PY_HANDLE_OUT(kp_session, session_out)
KP_PY_HANDLE_OUT(kp_restore, info_out)

/* const char **finding_out: a borrowed ID as str, or None. */
%typemap(in, numinputs=0) const char **finding_out (const char *tmp = NULL) { $1 = ($1_ltype)&tmp; }
%typemap(argout) const char **finding_out {
    PyObject *s_;
    if (*$1 == NULL) {
        Py_INCREF(Py_None);
        s_ = Py_None;
    } else if ((s_ = PyUnicode_FromString(*$1)) == NULL) {
        SWIG_fail;
    }
    $result = SWIG_Python_AppendOutput($result, s_);
}

/* ------------------------------------------------ strings and buffers */

/* char **out: library-allocated UTF-8 text, copied to str then kp_free'd. */
%typemap(in, numinputs=0) char **out (char *tmp = NULL) { $1 = &tmp; }
%typemap(argout) char **out {
    PyObject *s_ = PyUnicode_FromString(*$1 ? *$1 : "");
    kp_free(*$1);
    *$1 = NULL;
    if (s_ == NULL) SWIG_fail;
    $result = SWIG_Python_AppendOutput($result, s_);
}
%typemap(freearg) char **out { kp_free(*$1); }

/* const char *: str, or None where C takes NULL.  C would read only up to
 * an embedded NUL ("default.json\0junk" would open default.json), so such
 * a string is refused with the library's InvalidInput (KP_EINVAL). */
%typemap(in) const char * (int res_, char *buf_ = 0, size_t size_ = 0, int alloc_ = 0) {
    res_ = SWIG_AsCharPtrAndSize($input, &buf_, &size_, &alloc_);
    if (!SWIG_IsOK(res_))
        SWIG_exception_fail(SWIG_ArgError(res_), "in method '$symname', argument $argnum of type '$type'");
    if (buf_ && size_ > 0 && strlen(buf_) != size_ - 1) {
        kp_py_raise_message(KP_EINVAL, "$1_name: contains a NUL character");
        SWIG_fail;
    }
    $1 = buf_;
}
%typemap(freearg) const char * { if (alloc_$argnum == SWIG_NEWOBJ) %delete_array(buf_$argnum); }

/* (const char *data, size_t size): str (UTF-8) or any bytes-like object. */
%typemap(in) (const char *data, size_t size) (Py_buffer view_, int have_view_ = 0),
             (const char *json, size_t size) (Py_buffer view_, int have_view_ = 0) {
    if (PyUnicode_Check($input)) {
        Py_ssize_t n_;
        $1 = (char *)PyUnicode_AsUTF8AndSize($input, &n_);
        if ($1 == NULL) SWIG_fail;
        $2 = (size_t)n_;
    } else {
        if (PyObject_GetBuffer($input, &view_, PyBUF_SIMPLE) < 0) SWIG_fail;
        have_view_ = 1;
        $1 = (char *)view_.buf;
        $2 = (size_t)view_.len;
    }
}
%typemap(freearg) (const char *data, size_t size),
                  (const char *json, size_t size) {
    if (have_view_$argnum) PyBuffer_Release(&view_$argnum);
}
%typemap(typecheck) (const char *data, size_t size),
                    (const char *json, size_t size) {
    $1 = PyUnicode_Check($input) || PyObject_CheckBuffer($input);
}

/* ------------------------------------------------------ batch scoring */


%rename(model_score) kpswig_model_score;
%feature("autodoc", "model_score(model, matrix, rows, columns, conditions_out, causes_out, levels_out) -> None") kpswig_model_score;
%feature("docstring", "Score `rows` cases with kp_model_score().

matrix: C-contiguous float64 buffer of rows x len(columns) (NaN = unknown).
columns: sequence of finding IDs (str).
conditions_out, causes_out: writable float64 buffers of rows x count, or None.
levels_out: writable int32 buffer of rows, or None.
The GIL is released while C scores.") kpswig_model_score;


%include "kneepain.i"

/* ------------------------------------------- definitions (after the core) */

%{
/* Raise kneepain.<Error subclass>(code, message) built by
 * kneepain._errors.from_status; RuntimeError if that module is missing. */
static void kp_py_raise(int status)
{
    kp_py_raise_message(status, kp_swig_message(status));
}

/* The same for a message of the binding's own (an argument C never saw). */
static void kp_py_raise_message(int status, const char *msg)
{
    static PyObject *factory = NULL;
    PyObject *exc;

    if (factory == NULL) {
        PyObject *mod = PyImport_ImportModule("kneepain._errors");
        if (mod != NULL) {
            factory = PyObject_GetAttrString(mod, "from_status");
            Py_DECREF(mod);
        }
        if (factory == NULL) {
            PyErr_Clear();
            PyErr_Format(PyExc_RuntimeError, "%s (%d): %s",
                         kp_swig_code_name(status), status, msg);
            return;
        }
    }
    exc = PyObject_CallFunction(factory, "is", status, msg);
    if (exc == NULL)
        return; /* the factory's own exception propagates */
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}
%}

%{
/* Borrow a C-contiguous buffer of `itemsize`-byte items whose format code
 * is one of `codes`.  Returns 0 or -1 with TypeError/ValueError set. */
static int kp_py_get_buffer(PyObject *obj, Py_buffer *view, int writable,
                            Py_ssize_t itemsize, const char *codes,
                            const char *what)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    const char *fmt;
    size_t n;

    if (PyObject_GetBuffer(obj, view, flags) < 0)
        return -1;
    fmt = view->format ? view->format : "B";
    if (*fmt == '<' || *fmt == '=' || *fmt == '@')
        fmt++;
    n = strlen(fmt);
    if (view->itemsize != itemsize || n != 1 || strchr(codes, fmt[0]) == NULL) {
        PyErr_Format(PyExc_TypeError,
                     "%s: expected a C-contiguous buffer of %zd-byte '%s' items, got format '%s'",
                     what, itemsize, codes, view->format ? view->format : "B");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}
%}

%inline %{
static PyObject *kpswig_model_score(kp_model *model, PyObject *matrix,
                                    long rows, PyObject *columns,
                                    PyObject *conditions_out,
                                    PyObject *causes_out,
                                    PyObject *levels_out)
{
    Py_buffer in = {0}, cond = {0}, cause = {0}, lev = {0};
    int have_in = 0, have_cond = 0, have_cause = 0, have_lev = 0;
    PyObject *seq = NULL, *ret = NULL;
    const char **names = NULL;
    Py_ssize_t cols, i;
    size_t ncond, ncause;
    kp_status st;

    if (rows < 0) {
        PyErr_SetString(PyExc_ValueError, "rows must be >= 0");
        return NULL;
    }
    seq = PySequence_Fast(columns, "columns must be a sequence of str");
    if (seq == NULL)
        return NULL;
    cols = PySequence_Fast_GET_SIZE(seq);
    names = PyMem_Calloc((size_t)(cols > 0 ? cols : 1), sizeof *names);
    if (names == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (i = 0; i < cols; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyUnicode_Check(item)) {
            PyErr_Format(PyExc_TypeError, "columns[%zd] must be str", i);
            goto done;
        }
        names[i] = PyUnicode_AsUTF8(item);
        if (names[i] == NULL)
            goto done;
    }
    if (kp_py_get_buffer(matrix, &in, 0, sizeof(double), "d", "matrix") < 0)
        goto done;
    have_in = 1;
    if ((size_t)in.len / sizeof(double) != (size_t)rows * (size_t)cols) {
        PyErr_Format(PyExc_ValueError,
                     "matrix holds %zd values, expected rows x columns = %ld x %zd",
                     in.len / (Py_ssize_t)sizeof(double), rows, cols);
        goto done;
    }
    ncond = kp_model_count(model, KP_KIND_CONDITION);
    ncause = kp_model_count(model, KP_KIND_CAUSE);
    if (conditions_out != Py_None) {
        if (kp_py_get_buffer(conditions_out, &cond, 1, sizeof(double), "d", "conditions_out") < 0)
            goto done;
        have_cond = 1;
        if ((size_t)cond.len / sizeof(double) < (size_t)rows * ncond) {
            PyErr_Format(PyExc_ValueError, "conditions_out needs rows x %zu float64 values", ncond);
            goto done;
        }
    }
    if (causes_out != Py_None) {
        if (kp_py_get_buffer(causes_out, &cause, 1, sizeof(double), "d", "causes_out") < 0)
            goto done;
        have_cause = 1;
        if ((size_t)cause.len / sizeof(double) < (size_t)rows * ncause) {
            PyErr_Format(PyExc_ValueError, "causes_out needs rows x %zu float64 values", ncause);
            goto done;
        }
    }
    if (levels_out != Py_None) {
        if (kp_py_get_buffer(levels_out, &lev, 1, sizeof(int), "il", "levels_out") < 0)
            goto done;
        have_lev = 1;
        if ((size_t)lev.len / sizeof(int) < (size_t)rows) {
            PyErr_SetString(PyExc_ValueError, "levels_out needs rows int32 values");
            goto done;
        }
    }
    Py_BEGIN_ALLOW_THREADS
    st = kp_model_score(model, (const double *)in.buf, (size_t)rows,
                        (size_t)cols, names,
                        have_cond ? (double *)cond.buf : NULL,
                        have_cause ? (double *)cause.buf : NULL,
                        have_lev ? (int *)lev.buf : NULL);
    Py_END_ALLOW_THREADS
    if (st < 0) {
        kp_py_raise(st);
        goto done;
    }
    Py_INCREF(Py_None);
    ret = Py_None;
done:
    if (have_in) PyBuffer_Release(&in);
    if (have_cond) PyBuffer_Release(&cond);
    if (have_cause) PyBuffer_Release(&cause);
    if (have_lev) PyBuffer_Release(&lev);
    PyMem_Free(names);
    Py_XDECREF(seq);
    return ret;
}
%}

/* The whole report as Python objects in one call (report_objects). */
%include "python/kneepain_report.i"
