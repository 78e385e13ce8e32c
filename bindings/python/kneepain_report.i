/*
 * kneepain_report.i - the whole report as Python objects in one C call
 * (included by kneepain_python.i).
 *
 * report_objects(report, types) reads the report through the kp_report_*
 * accessors and returns (triage, causes, conditions, plan, next_question,
 * conditions_note) with the objects of kneepain.report, so that reading a
 * report never serialises it to JSON and parses it again.  Each value is
 * the one the JSON report holds: strings that the JSON writes as null are
 * None, numbers that are not finite are None, a finding's value has its
 * natural type (bool, choice ID, float).
 *
 * `types` is the tuple (Triage, TriageReason, CauseScore,
 * ConditionProbability, PlanItem, NextQuestion) of plain (not slotted)
 * dataclasses; their instances are made without calling __init__ (frozen
 * dataclasses set each field through object.__setattr__, the slow part) by
 * giving them their complete __dict__.
 */

%rename(report_objects) kpswig_report_objects;
%feature("autodoc", "report_objects(report, types) -> (triage, causes, conditions, plan, next_question, conditions_note)") kpswig_report_objects;

%{
#include <math.h>
#include <stdint.h>

static PyObject *kp_py_key_rule, *kp_py_key_level, *kp_py_key_text, *kp_py_key_superseded,
    *kp_py_key_findings, *kp_py_key_red_flag, *kp_py_key_source, *kp_py_key_evidence_level,
    *kp_py_key_cite, *kp_py_key_reasons, *kp_py_key_provisional, *kp_py_key_unchecked,
    *kp_py_key_finding, *kp_py_key_value, *kp_py_key_effect, *kp_py_key_origin, *kp_py_key_id,
    *kp_py_key_score, *kp_py_key_name, *kp_py_key_logit, *kp_py_key_bias, *kp_py_key_evidence,
    *kp_py_key_weight, *kp_py_key_probability, *kp_py_key_must_not_miss, *kp_py_key_flagged_by,
    *kp_py_key_supporting, *kp_py_key_conflicting, *kp_py_key_log_prior, *kp_py_key_weights,
    *kp_py_key_dose, *kp_py_key_dose_sources, *kp_py_key_remedy, *kp_py_key_because,
    *kp_py_key_cautions, *kp_py_key_type, *kp_py_key_information_gain, *kp_py_key_reason,
    *kp_py_key_group, *kp_py_key_kind, *kp_py_key_rationale, *kp_py_key_rationale_conditions,
    *kp_py_key_rationale_rule, *kp_py_key_asked_with, *kp_py_key_gain_conditions,
    *kp_py_key_gain_triage, *kp_py_key_cost;

/* Interned key, made once (under the GIL). */
#define KP_PY_KEY(name) kp_py_key_(&kp_py_key_##name, #name)
static PyObject *kp_py_key_(PyObject **slot, const char *name)
{
    if (*slot == NULL)
        *slot = PyUnicode_InternFromString(name);
    return *slot;
}

/* Steals `v`; returns -1 (exception set) when v is NULL or the store fails. */
static int kp_py_put(PyObject *d, PyObject *key, PyObject *v)
{
    int rc;
    if (v == NULL || key == NULL) {
        Py_XDECREF(v);
        return -1;
    }
    rc = PyDict_SetItem(d, key, v);
    Py_DECREF(v);
    return rc;
}

/* The str objects made during one report_objects() call, by C pointer:
 * a report repeats the same borrowed IDs many times (each condition's
 * weights name the same findings), and within one call a pointer always
 * holds the same text.  Open addressing; when full, strings are made
 * afresh. */
#define KP_PY_STRCACHE 256
typedef struct kp_py_strcache {
    const char *key[KP_PY_STRCACHE];
    PyObject *str[KP_PY_STRCACHE];
} kp_py_strcache;
static kp_py_strcache *kp_py_cache; /* of the call under way (GIL held) */

/* A C string as str, NULL as None (what the JSON writer writes). */
static PyObject *kp_py_str(const char *s)
{
    kp_py_strcache *c = kp_py_cache;
    size_t h, n;
    if (s == NULL)
        Py_RETURN_NONE;
    if (c == NULL)
        return PyUnicode_FromString(s);
    h = ((size_t)(uintptr_t)s >> 3) % KP_PY_STRCACHE;
    for (n = 0; n < KP_PY_STRCACHE / 4; n++, h = (h + 1) % KP_PY_STRCACHE) {
        if (c->key[h] == s) {
            Py_INCREF(c->str[h]);
            return c->str[h];
        }
        if (c->key[h] == NULL) {
            PyObject *o = PyUnicode_FromString(s);
            if (o != NULL) {
                c->key[h] = s;
                c->str[h] = o;
                Py_INCREF(o);
            }
            return o;
        }
    }
    return PyUnicode_FromString(s);
}

/* A number as float, a non-finite one as None (JSON null). */
static PyObject *kp_py_real(double v)
{
    if (!isfinite(v))
        Py_RETURN_NONE;
    return PyFloat_FromDouble(v);
}

/* An instance of `cls` whose attributes are `d` (stolen), without __init__. */
static PyObject *kp_py_instance(PyObject *cls, PyObject *d)
{
    static PyObject *no_args = NULL;
    PyObject *obj;

    if (d == NULL)
        return NULL;
    if (no_args == NULL && (no_args = PyTuple_New(0)) == NULL) {
        Py_DECREF(d);
        return NULL;
    }
    obj = PyBaseObject_Type.tp_new((PyTypeObject *)cls, no_args, NULL);
    if (obj != NULL && PyObject_GenericSetDict(obj, d, NULL) < 0)
        Py_CLEAR(obj);
    Py_DECREF(d);
    return obj;
}

/* A list of the n strings get(r, i, j), j = 0..n-1. */
typedef const char *(*kp_py_str_at)(const kp_report *, size_t, size_t);
static PyObject *kp_py_str_list(const kp_report *r, size_t i, size_t n, kp_py_str_at get)
{
    PyObject *l = PyList_New((Py_ssize_t)n);
    size_t j;
    if (l == NULL)
        return NULL;
    for (j = 0; j < n; j++) {
        PyObject *s = kp_py_str(get(r, i, j));
        if (s == NULL) {
            Py_DECREF(l);
            return NULL;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)j, s);
    }
    return l;
}

/* List readers of the report without a row index, in kp_py_str_at form. */
static const char *kp_py_unchecked_at(const kp_report *r, size_t i, size_t j)
{
    (void)i;
    return kp_report_triage_unchecked(r, j);
}
static const char *kp_py_qcond_at(const kp_report *r, size_t i, size_t j)
{
    (void)i;
    return kp_report_next_question_condition(r, j);
}
static const char *kp_py_qgroup_at(const kp_report *r, size_t i, size_t j)
{
    (void)i;
    return kp_report_next_question_group_finding(r, j);
}

/* A finding's value in its natural type, as the JSON report writes it. */
static PyObject *kp_py_finding_value(const kp_model *m, const char *finding, double v)
{
    size_t f;
    if (kp_model_find(m, KP_KIND_FINDING, finding, &f) == KP_OK) {
        switch (kp_model_finding_type(m, f)) {
        case KP_TYPE_BOOL:
            return PyBool_FromLong(v != 0);
        case KP_TYPE_CHOICE:
            return kp_py_str(kp_model_finding_choice_id(m, f, (size_t)v));
        default:
            break;
        }
    }
    return kp_py_real(v);
}

static PyObject *kp_py_triage(const kp_report *r, PyObject *triage_t, PyObject *reason_t)
{
    size_t n = kp_report_reason_count(r), i;
    PyObject *reasons = PyList_New((Py_ssize_t)n), *d;

    if (reasons == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        PyObject *x = PyDict_New();
        if (x == NULL
            || kp_py_put(x, KP_PY_KEY(rule), kp_py_str(kp_report_reason_rule(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(level), kp_py_str(kp_level_id(kp_report_reason_level(r, i)))) < 0
            || kp_py_put(x, KP_PY_KEY(text), kp_py_str(kp_report_reason_text(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(superseded), PyBool_FromLong(kp_report_reason_superseded(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(findings), kp_py_str_list(r, i, kp_report_reason_finding_count(r, i),
                                                                kp_report_reason_finding)) < 0
            || kp_py_put(x, KP_PY_KEY(red_flag), PyBool_FromLong(kp_report_reason_red_flag(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(source), kp_py_str(kp_report_reason_source(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(evidence_level), kp_py_str(kp_report_reason_evidence_level(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(cite), kp_py_str(kp_report_reason_cite(r, i))) < 0
            || (x = kp_py_instance(reason_t, x)) == NULL) {
            Py_XDECREF(x);
            Py_DECREF(reasons);
            return NULL;
        }
        PyList_SET_ITEM(reasons, (Py_ssize_t)i, x);
    }
    d = PyDict_New();
    if (d == NULL
        || kp_py_put(d, KP_PY_KEY(level), kp_py_str(kp_level_id(kp_report_level(r)))) < 0
        || kp_py_put(d, KP_PY_KEY(text), kp_py_str(kp_report_level_text(r))) < 0
        || kp_py_put(d, KP_PY_KEY(reasons), reasons) < 0
        || kp_py_put(d, KP_PY_KEY(provisional), PyBool_FromLong(kp_report_triage_provisional(r))) < 0
        || kp_py_put(d, KP_PY_KEY(unchecked), kp_py_str_list(r, 0, kp_report_triage_unchecked_count(r),
                                                             kp_py_unchecked_at)) < 0) {
        Py_XDECREF(d);
        return NULL;
    }
    return kp_py_instance(triage_t, d);
}

static PyObject *kp_py_cause_evidence(const kp_report *r, const kp_model *m, size_t i)
{
    size_t n = kp_report_cause_evidence_count(r, i), j;
    PyObject *l = PyList_New((Py_ssize_t)n);
    if (l == NULL)
        return NULL;
    for (j = 0; j < n; j++) {
        const char *f = kp_report_cause_evidence_finding(r, i, j);
        PyObject *e = PyDict_New();
        if (e == NULL
            || kp_py_put(e, KP_PY_KEY(finding), kp_py_str(f)) < 0
            || kp_py_put(e, KP_PY_KEY(value),
                         kp_py_finding_value(m, f, kp_report_cause_evidence_value(r, i, j))) < 0
            || kp_py_put(e, KP_PY_KEY(effect), kp_py_real(kp_report_cause_evidence_effect(r, i, j))) < 0
            || kp_py_put(e, KP_PY_KEY(origin), kp_py_str(kp_report_cause_evidence_origin(r, i, j))) < 0) {
            Py_XDECREF(e);
            Py_DECREF(l);
            return NULL;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)j, e);
    }
    return l;
}

static PyObject *kp_py_causes(const kp_report *r, PyObject *cause_t)
{
    const kp_model *m = kp_report_model(r);
    size_t n = kp_report_cause_count(r), i;
    PyObject *l = PyList_New((Py_ssize_t)n);
    if (l == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        PyObject *x = PyDict_New();
        if (x == NULL
            || kp_py_put(x, KP_PY_KEY(id), kp_py_str(kp_report_cause_id(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(score), kp_py_real(kp_report_cause_score(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(name), kp_py_str(kp_report_cause_name(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(logit), kp_py_real(kp_report_cause_logit(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(bias), kp_py_real(kp_report_cause_bias(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(evidence), kp_py_cause_evidence(r, m, i)) < 0
            || (x = kp_py_instance(cause_t, x)) == NULL) {
            Py_XDECREF(x);
            Py_DECREF(l);
            return NULL;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, x);
    }
    return l;
}

/* Condition i's weights as [{"finding", "weight"}] (scratch on the stack,
 * on the heap for a model with more than 64 condition findings). */
static PyObject *kp_py_weights(const kp_report *r, size_t i)
{
    const char *ids_small[64];
    double w_small[64];
    const char **ids = ids_small;
    double *w = w_small;
    size_t n = kp_report_condition_weights(r, i, ids, w, 64), j;
    PyObject *l = NULL;

    if (n > 64) {
        ids = PyMem_Malloc(n * sizeof *ids);
        w = PyMem_Malloc(n * sizeof *w);
        if (ids == NULL || w == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        kp_report_condition_weights(r, i, ids, w, n);
    }
    if ((l = PyList_New((Py_ssize_t)n)) == NULL)
        goto done;
    for (j = 0; j < n; j++) {
        PyObject *e = PyDict_New();
        if (e == NULL
            || kp_py_put(e, KP_PY_KEY(finding), kp_py_str(ids[j])) < 0
            || kp_py_put(e, KP_PY_KEY(weight), kp_py_real(w[j])) < 0) {
            Py_XDECREF(e);
            Py_CLEAR(l);
            goto done;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)j, e);
    }
done:
    if (ids != ids_small)
        PyMem_Free((void *)ids);
    if (w != w_small)
        PyMem_Free(w);
    return l;
}

static PyObject *kp_py_conditions(const kp_report *r, PyObject *cond_t)
{
    size_t n = kp_report_condition_count(r), i;
    PyObject *l = PyList_New((Py_ssize_t)n);
    if (l == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        PyObject *x = PyDict_New();
        if (x == NULL
            || kp_py_put(x, KP_PY_KEY(id), kp_py_str(kp_report_condition_id(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(probability), kp_py_real(kp_report_condition_probability(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(name), kp_py_str(kp_report_condition_name(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(must_not_miss),
                         PyBool_FromLong(kp_report_condition_must_not_miss(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(flagged_by), kp_py_str_list(r, i, kp_report_condition_flagged_count(r, i),
                                                                  kp_report_condition_flagged_rule)) < 0
            || kp_py_put(x, KP_PY_KEY(supporting), kp_py_str_list(r, i, kp_report_condition_supporting_count(r, i),
                                                                  kp_report_condition_supporting)) < 0
            || kp_py_put(x, KP_PY_KEY(conflicting), kp_py_str_list(r, i, kp_report_condition_conflicting_count(r, i),
                                                                   kp_report_condition_conflicting)) < 0
            || kp_py_put(x, KP_PY_KEY(log_prior), kp_py_real(kp_report_condition_log_prior(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(weights), kp_py_weights(r, i)) < 0
            || (x = kp_py_instance(cond_t, x)) == NULL) {
            Py_XDECREF(x);
            Py_DECREF(l);
            return NULL;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, x);
    }
    return l;
}

/* Plan item i's dose {key: value} and dose_sources {key: {value, source, cite}}. */
static int kp_py_doses(const kp_report *r, size_t i, PyObject *item)
{
    size_t n = kp_report_plan_dose_count(r, i), j;
    PyObject *dose = PyDict_New(), *sources = PyDict_New();
    if (dose == NULL || sources == NULL)
        goto fail;
    for (j = 0; j < n; j++) {
        double v = kp_report_plan_dose_value(r, i, j);
        PyObject *key = PyUnicode_FromString(kp_report_plan_dose_key(r, i, j));
        PyObject *s = PyDict_New();
        int bad = key == NULL || s == NULL
            || kp_py_put(dose, key, kp_py_real(v)) < 0
            || kp_py_put(s, KP_PY_KEY(value), kp_py_real(v)) < 0
            || kp_py_put(s, KP_PY_KEY(source), kp_py_str(kp_report_plan_dose_source(r, i, j))) < 0
            || kp_py_put(s, KP_PY_KEY(cite), kp_py_str(kp_report_plan_dose_cite(r, i, j))) < 0;
        if (!bad) {
            bad = PyDict_SetItem(sources, key, s) < 0;
        }
        Py_XDECREF(key);
        Py_XDECREF(s);
        if (bad)
            goto fail;
    }
    if (kp_py_put(item, KP_PY_KEY(dose), dose) < 0) {
        dose = NULL;
        goto fail;
    }
    return kp_py_put(item, KP_PY_KEY(dose_sources), sources);
fail:
    Py_XDECREF(dose);
    Py_XDECREF(sources);
    return -1;
}

static PyObject *kp_py_plan(const kp_report *r, PyObject *plan_t)
{
    size_t n = kp_report_plan_count(r), i;
    PyObject *l = PyList_New((Py_ssize_t)n);
    if (l == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        PyObject *x = PyDict_New();
        if (x == NULL
            || kp_py_put(x, KP_PY_KEY(remedy), kp_py_str(kp_report_plan_remedy(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(name), kp_py_str(kp_report_plan_name(r, i))) < 0
            || kp_py_put(x, KP_PY_KEY(text), kp_py_str(kp_report_plan_text(r, i))) < 0
            || kp_py_doses(r, i, x) < 0
            || kp_py_put(x, KP_PY_KEY(because), kp_py_str_list(r, i, kp_report_plan_because_count(r, i),
                                                               kp_report_plan_because)) < 0
            || kp_py_put(x, KP_PY_KEY(cautions), kp_py_str_list(r, i, kp_report_plan_caution_count(r, i),
                                                                kp_report_plan_caution)) < 0
            || (x = kp_py_instance(plan_t, x)) == NULL) {
            Py_XDECREF(x);
            Py_DECREF(l);
            return NULL;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, x);
    }
    return l;
}

static PyObject *kp_py_question(const kp_report *r, PyObject *question_t)
{
    static const char *const types[] = {"bool", "number", "choice"};
    const kp_model *m = kp_report_model(r);
    const char *id = kp_report_next_question(r), *group;
    PyObject *x;
    size_t f = 0;
    int type;

    if (id == NULL)
        Py_RETURN_NONE;
    if (kp_model_find(m, KP_KIND_FINDING, id, &f) < 0) {
        kp_py_raise(KP_ENOTFOUND);
        return NULL;
    }
    type = kp_model_finding_type(m, f);
    group = kp_model_finding_group(m, f);
    x = PyDict_New();
    if (x == NULL
        || kp_py_put(x, KP_PY_KEY(finding), kp_py_str(id)) < 0
        || kp_py_put(x, KP_PY_KEY(text), kp_py_str(kp_report_next_question_text(r))) < 0
        || kp_py_put(x, KP_PY_KEY(type), kp_py_str(type >= 0 && type < 3 ? types[type] : NULL)) < 0
        || kp_py_put(x, KP_PY_KEY(information_gain), kp_py_real(kp_report_next_question_gain(r))) < 0
        || kp_py_put(x, KP_PY_KEY(reason), kp_py_str(kp_report_next_question_reason(r))) < 0
        /* the JSON omits "group" for a question without one: the default "" */
        || kp_py_put(x, KP_PY_KEY(group), kp_py_str(group ? group : "")) < 0
        || kp_py_put(x, KP_PY_KEY(kind), kp_py_str(kp_report_next_question_kind(r))) < 0
        || kp_py_put(x, KP_PY_KEY(rationale), kp_py_str(kp_report_next_question_rationale(r))) < 0
        || kp_py_put(x, KP_PY_KEY(rationale_conditions),
                     kp_py_str_list(r, 0, kp_report_next_question_condition_count(r), kp_py_qcond_at)) < 0
        || kp_py_put(x, KP_PY_KEY(rationale_rule), kp_py_str(kp_report_next_question_rule(r))) < 0
        || kp_py_put(x, KP_PY_KEY(asked_with),
                     kp_py_str_list(r, 0, kp_report_next_question_group_count(r), kp_py_qgroup_at)) < 0
        || kp_py_put(x, KP_PY_KEY(gain_conditions), kp_py_real(kp_report_next_question_gain_conditions(r))) < 0
        || kp_py_put(x, KP_PY_KEY(gain_triage), kp_py_real(kp_report_next_question_gain_triage(r))) < 0
        || kp_py_put(x, KP_PY_KEY(cost), kp_py_real(kp_report_next_question_cost(r))) < 0) {
        Py_XDECREF(x);
        return NULL;
    }
    return kp_py_instance(question_t, x);
}

%}

%inline %{
static PyObject *kpswig_report_objects(kp_report *report, PyObject *types)
{
    PyObject *t[6], *out;
    Py_ssize_t k;
    kp_py_strcache cache, *prev;
    int gc_was;

    if (report == NULL) {
        kp_py_raise_message(KP_EINVAL, "report: None");
        return NULL;
    }
    if (!PyTuple_Check(types) || PyTuple_GET_SIZE(types) != 6) {
        PyErr_SetString(PyExc_TypeError, "types must be a tuple of 6 classes");
        return NULL;
    }
    for (k = 0; k < 6; k++) {
        t[k] = PyTuple_GET_ITEM(types, k);
        if (!PyType_Check(t[k])) {
            PyErr_Format(PyExc_TypeError, "types[%zd] is not a class", k);
            return NULL;
        }
    }
    out = PyTuple_New(6);
    if (out == NULL)
        return NULL;
    /* No garbage collection while the few hundred new containers are made:
     * they are all alive, and a collection would only walk them (nor can it
     * run finalizers, i.e. Python code, in the middle).  The previous state
     * and cache are restored, so nested or later calls see their own. */
#if PY_VERSION_HEX >= 0x030A0000
    gc_was = PyGC_Disable();
#else
    gc_was = 0;   /* no C API to pause the collector before 3.10 */
#endif
    prev = kp_py_cache;
    memset(&cache, 0, sizeof cache);
    kp_py_cache = &cache;
    /* stop at the first failure: no Python call with an exception set */
    for (k = 0; k < 6; k++) {
        PyObject *v;
        switch (k) {
        case 0: v = kp_py_triage(report, t[0], t[1]); break;
        case 1: v = kp_py_causes(report, t[2]); break;
        case 2: v = kp_py_conditions(report, t[3]); break;
        case 3: v = kp_py_plan(report, t[4]); break;
        case 4: v = kp_py_question(report, t[5]); break;
        default: v = kp_py_str(kp_report_conditions_note(report)); break;
        }
        if (v == NULL) {
            Py_CLEAR(out);    /* the unset items are NULL: skipped */
            break;
        }
        PyTuple_SET_ITEM(out, k, v);
    }
    kp_py_cache = prev;
    for (k = 0; k < KP_PY_STRCACHE; k++)
        Py_XDECREF(cache.str[k]);
#if PY_VERSION_HEX >= 0x030A0000
    if (gc_was)
        PyGC_Enable();
#endif
    return out;
}
%}
