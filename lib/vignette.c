/*
 * vignette.c - the vignette harness ("kneepain-vignettes/1", see
 * doc/interview.md): run each vignette's input, compare with its
 * expectations, count accuracy, under- and over-triage.
 */
#include "internal.h"
#include "json_locate.h"
#include "report.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct run {
    kp_vignette_summary sum;
    json_t *failures;
    int oom;
} run;

static void problem(json_t *list, int *oom, const char *fmt, ...) KP_PRINTF(3, 4);
static void problem(json_t *list, int *oom, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (json_array_append_new(list, json_string(buf)))
        *oom = 1;
}

static int in_plan(const kp_report *r, const char *id)
{
    for (size_t i = 0; i < kp_report_plan_count(r); i++)
        if (!strcmp(kp_report_plan_remedy(r, i), id))
            return 1;
    return 0;
}

/* index 1 = the plan must contain them */
static const char *const plan_keys[2] = {"forbidden_plan", "required_plan"};
static const char *const plan_paths[2] = {"expect.forbidden_plan", "expect.required_plan"};

static int one_of(const char *key, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (!strcmp(*allowed, key))
            return 1;
    return 0;
}

/* Every key of obj is one of allowed; the error names the first that is not. */
static kp_status known_keys(json_t *obj, const char *where, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
        if (!one_of(key, allowed))
            return kp__error(KP_ENOTFOUND, "%s%s: unknown key", where, key);
    return KP_OK;
}

/* A list of remedy or condition IDs of the model. */
static kp_status id_list(const kp_model *m, json_t *list, kp_kind kind, const char *where)
{
    if (!json_is_array(list))
        return kp__error(KP_ETYPE, "%s: expected an array of IDs", where);
    size_t j;
    json_t *p;
    json_array_foreach(list, j, p) {
        const char *id = json_string_value(p);
        if (!id)
            return kp__error(KP_ETYPE, "%s[%zu]: expected an ID (string)", where, j);
        if (kp__model_find_in(m, kind, id) < 0)
            return kp__error(KP_ENOTFOUND, "%s[%zu]: unknown %s '%s'", where, j,
                             kind == KP_KIND_REMEDY ? "remedy" : "condition", id);
    }
    return KP_OK;
}

/* The vignette's shape and every expectation, before it is run: a misspelt
 * key or an impossible value is an error, never an expectation that
 * silently passes. */
static kp_status validate(const kp_model *m, json_t *vg, json_t *expect)
{
    static const char *const vignette_keys[] = {"id", "description", "input", "expect", NULL};
    static const char *const expect_keys[] = {"triage", "triage_at_least", "red_flag",
                                              "top_conditions", "causes_at_least",
                                              "forbidden_plan", "required_plan", "stop_reason", NULL};
    static const char *const top_keys[] = {"k", "include", NULL};
    kp_status rc;
    if ((rc = known_keys(vg, "", vignette_keys)) || (rc = known_keys(expect, "expect.", expect_keys)))
        return rc;
    json_t *v, *t = json_object_get(expect, "triage"), *tl = json_object_get(expect, "triage_at_least");
    if (t && tl)
        return kp__error(KP_EINVAL, "expect: triage and triage_at_least exclude each other");
    if ((v = t ? t : tl) && (!json_is_string(v) || kp__level_from_id(json_string_value(v)) < 0))
        return kp__error(KP_ENOTFOUND, "expect.%s: unknown triage level", t ? "triage" : "triage_at_least");
    if ((v = json_object_get(expect, "red_flag")) && !json_is_boolean(v))
        return kp__error(KP_ETYPE, "expect.red_flag: expected true or false");
    json_t *top = json_object_get(expect, "top_conditions");
    if (top) {
        if (!json_is_object(top))
            return kp__error(KP_ETYPE, "expect.top_conditions: expected an object");
        if ((rc = known_keys(top, "expect.top_conditions.", top_keys)))
            return rc;
        json_t *k = json_object_get(top, "k");
        if (k && !json_is_integer(k))
            return kp__error(KP_ETYPE, "expect.top_conditions.k: expected an integer");
        if (k && json_integer_value(k) < 1)
            return kp__error(KP_ERANGE, "expect.top_conditions.k: must be at least 1, not %" JSON_INTEGER_FORMAT,
                             json_integer_value(k));
        if ((rc = id_list(m, json_object_get(top, "include"), KP_KIND_CONDITION,
                          "expect.top_conditions.include")))
            return rc;
    }
    json_t *causes = json_object_get(expect, "causes_at_least");
    if (causes) {
        if (!json_is_object(causes))
            return kp__error(KP_ETYPE, "expect.causes_at_least: expected an object of cause IDs");
        const char *cid;
        json_t *min;
        json_object_foreach(causes, cid, min) {
            if (kp__model_find_in(m, KP_KIND_CAUSE, cid) < 0)
                return kp__error(KP_ENOTFOUND, "expect.causes_at_least.%s: unknown cause", cid);
            if (!json_is_number(min))
                return kp__error(KP_ETYPE, "expect.causes_at_least.%s: expected a number", cid);
        }
    }
    for (int p = 0; p < 2; p++)
        if ((v = json_object_get(expect, plan_keys[p])) &&
            (rc = id_list(m, v, KP_KIND_REMEDY, plan_paths[p])))
            return rc;
    if ((v = json_object_get(expect, "stop_reason"))) {
        size_t k = 0, n = sizeof kp__stop_names / sizeof *kp__stop_names;
        while (k < n && !(json_is_string(v) && !strcmp(json_string_value(v), kp__stop_names[k])))
            k++;
        if (k == n)
            return kp__error(KP_ENOTFOUND, "expect.stop_reason: expected one of none, nothing_useful, "
                                           "budget, red_flag, emergency");
    }
    return KP_OK;
}

/* Check one (validated) vignette's expectations against its report. */
static kp_status check(run *rn, json_t *vg, const char *id, json_t *expect, const kp_report *r)
{
    const kp_model *m = r->model;
    json_t *problems = json_array();
    if (!problems)
        return kp__oom();
    int level = r->level, fired_red = 0;
    for (size_t k = 0; k < r->nreasons; k++)
        fired_red |= m->rules[r->reasons[k].rule].red_flag;
    json_t *v;
    int expected = -1, at_least = 0, red_flag = 0;
    if ((v = json_object_get(expect, "triage")) || (v = json_object_get(expect, "triage_at_least"))) {
        at_least = !json_object_get(expect, "triage");
        expected = kp__level_from_id(json_string_value(v));
    }
    if ((v = json_object_get(expect, "red_flag")))
        red_flag = json_is_true(v);
    int under = 0;
    if (expected >= 0) {
        if (level == expected)
            rn->sum.triage_exact++;
        if (level > expected) {
            under = 1;
            rn->sum.under_triage++;
            problem(problems, &rn->oom, "under-triage: %s, expected %s%s", kp_level_id(level),
                    at_least ? "at least " : "", kp_level_id(expected));
        } else if (level < expected && !at_least) {
            rn->sum.over_triage++;
            problem(problems, &rn->oom, "over-triage: %s, expected %s", kp_level_id(level),
                    kp_level_id(expected));
        }
    }
    if (v && red_flag != fired_red) {
        if (red_flag)
            under = 1;
        problem(problems, &rn->oom, red_flag ? "no red-flag rule fired" : "a red-flag rule fired");
    }
    if (red_flag && under)
        rn->sum.red_flag_under++;

    json_t *top = json_object_get(expect, "top_conditions");
    if (top) {
        json_t *inc = json_object_get(top, "include"), *kv = json_object_get(top, "k");
        size_t k = kv ? (size_t)json_integer_value(kv) : 3;
        rn->sum.ranked++;
        int t1 = 0, t3 = 0;
        size_t j;
        json_t *c;
        json_array_foreach(inc, j, c) {
            const char *cid = json_string_value(c);
            size_t rank = 0;
            while (rank < r->nconditions && strcmp(m->conditions[r->conditions[rank].condition].id, cid))
                rank++;
            t1 |= rank == 0;
            t3 |= rank < 3;
            if (rank >= k)
                problem(problems, &rn->oom, "%s ranked %zu, expected in the top %zu", cid, rank + 1, k);
        }
        rn->sum.top1 += (size_t)t1;
        rn->sum.top3 += (size_t)t3;
    }
    json_t *causes = json_object_get(expect, "causes_at_least");
    if (causes) {
        const char *cid;
        json_t *min;
        json_object_foreach(causes, cid, min) {
            size_t k = 0;
            while (k < r->ncauses && strcmp(m->causes[r->causes[k].cause].id, cid))
                k++;
            /* the report scores every cause of the model */
            if (k < r->ncauses && r->causes[k].score < json_number_value(min))
                problem(problems, &rn->oom, "cause %s scored %.3f, expected at least %.3f", cid,
                        r->causes[k].score, json_number_value(min));
        }
    }
    for (int want = 0; want < 2; want++) {
        json_t *list = json_object_get(expect, plan_keys[want]);
        size_t j;
        json_t *p;
        json_array_foreach(list, j, p) {
            const char *rid = json_string_value(p);
            if (in_plan(r, rid) != want)
                problem(problems, &rn->oom, want ? "plan lacks %s" : "plan has forbidden %s", rid);
        }
    }
    if ((v = json_object_get(expect, "stop_reason")) &&
        strcmp(kp_report_stop_reason(r), json_string_value(v)))
        problem(problems, &rn->oom, "stop reason %s, expected %s", kp_report_stop_reason(r),
                json_string_value(v));
    if (json_array_size(problems) == 0) {
        json_decref(problems);
        return KP_OK;
    }
    rn->sum.failed++;
    /* attached first, filled after: nothing leaks on failure */
    json_t *f = json_object();
    if (!f || json_array_append_new(rn->failures, f)) {
        json_decref(problems);
        return kp__oom();
    }
    json_t *desc = json_object_get(vg, "description");
    if (json_object_set_new(f, "problems", problems))
        rn->oom = 1;
    json_t *tops = rn->oom ? NULL : json_array();
    if (rn->oom || json_object_set_new(f, "top_conditions", tops) ||
        json_object_set_new(f, "id", json_string(id)) ||
        json_object_set_new(f, "description", desc ? json_incref(desc) : json_null()) ||
        json_object_set_new(f, "level", json_string(kp_level_id(level))) ||
        json_object_set_new(f, "red_flag_under_triage", json_boolean(red_flag && under)))
        rn->oom = 1;
    for (size_t k = 0; !rn->oom && k < 3 && k < r->nconditions; k++)
        if (json_array_append_new(tops, json_string(m->conditions[r->conditions[k].condition].id)))
            rn->oom = 1;
    return rn->oom ? kp__oom() : KP_OK;
}

/* The dump in kp_malloc'd memory, or NULL (out of memory). */
static char *dumps(json_t *root, size_t flags)
{
    char *s;
    return kp__json_dump(root, flags, &s) ? NULL : s;
}

static double rate(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }

static json_t *results_json(const kp_model *m, const run *rn)
{
    const kp_vignette_summary *s = &rn->sum;
    json_t *o = json_pack("{s:s, s:{s:s, s:s}, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
                          "s:{s:f, s:f, s:f, s:f, s:f}, s:O}",
                          "format", "kneepain-vignette-results/1", "model", "id", m->id, "version",
                          m->version, "total", (json_int_t)s->total, "failed", (json_int_t)s->failed,
                          "ranked", (json_int_t)s->ranked, "top1", (json_int_t)s->top1, "top3",
                          (json_int_t)s->top3, "triage_exact", (json_int_t)s->triage_exact,
                          "under_triage", (json_int_t)s->under_triage, "over_triage",
                          (json_int_t)s->over_triage, "red_flag_under_triage",
                          (json_int_t)s->red_flag_under, "rates", "top1",
                          rate(s->top1, s->ranked), "top3", rate(s->top3, s->ranked), "triage_exact",
                          rate(s->triage_exact, s->total), "under_triage",
                          rate(s->under_triage, s->total), "over_triage",
                          rate(s->over_triage, s->total), "failures", rn->failures);
    return o;
}

kp_status kp_vignettes_run(kp_model *model, const char *json, size_t size,
                           kp_vignette_summary *summary, char **report_out)
{
    if (report_out)
        *report_out = NULL;
    if (!model || !json)
        return kp__error(KP_EINVAL, "kp_vignettes_run: model and json are required");
    if (summary && summary->version != KP_VIGNETTE_SUMMARY_VERSION)
        return kp__error(KP_EVERSION, "kp_vignette_summary: unsupported version %u", summary->version);
    json_t *root;
    kp_status rc = kp__json_load(&root, json, size, "vignettes");
    if (rc)
        return rc;
    run rn;
    memset(&rn, 0, sizeof rn);
    rn.failures = json_array();
    json_t *fmt = json_object_get(root, "format"), *list = json_object_get(root, "vignettes");
    if (!rn.failures)
        rc = kp__oom();
    else if (!json_is_string(fmt) || strcmp(json_string_value(fmt), "kneepain-vignettes/1"))
        rc = kp__error(KP_EFORMAT, "vignettes: format must be \"kneepain-vignettes/1\"");
    else if (!json_is_array(list))
        rc = kp__error(KP_ETYPE, "vignettes.vignettes: expected an array");
    size_t i;
    json_t *vg;
    json_array_foreach(list, i, vg) {
        if (rc)
            break;
        json_t *idv = json_object_get(vg, "id"), *input = json_object_get(vg, "input"),
               *expect = json_object_get(vg, "expect");
        const char *id = json_is_string(idv) ? json_string_value(idv) : "?";
        if (!json_is_object(vg) || !json_is_object(input) || !json_is_object(expect))
            rc = kp__error(KP_ETYPE, "vignette, input and expect must be objects");
        else
            rc = validate(model, vg, expect);
        if (rc) {
            kp__error_prefix("vignettes[%zu] (%s)", i, id);
            break;
        }
        char *text = dumps(input, JSON_COMPACT | JSON_REAL_PRECISION(17));
        if (!text) {
            rc = kp__oom();
            break;
        }
        kp_session *s = NULL;
        kp_report *r = NULL;
        rc = kp_session_from_json(&s, model, text, strlen(text));
        kp__free(text);
        if (rc)
            kp__error_prefix("vignettes[%zu] (%s).input", i, id);
        else if (!(rc = kp_session_assess(s, &r))) {
            rn.sum.total++;
            rc = check(&rn, vg, id, expect, r);
        }
        kp_report_free(r);
        kp_session_free(s);
    }
    if (!rc && report_out) {
        json_t *o = results_json(model, &rn);
        char *text = o ? dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) : NULL;
        json_decref(o);
        if (!text)
            rc = kp__oom();
        else
            *report_out = text;
    }
    if (!rc && summary) {
        rn.sum.version = KP_VIGNETTE_SUMMARY_VERSION;
        *summary = rn.sum;
    }
    json_decref(rn.failures);
    json_decref(root);
    return rc;
}
