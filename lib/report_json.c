/*
 * report_json.c - the report as a "kneepain-report/1" document (DESIGN
 * section 3), with jansson.
 */
#include "engine.h"
#include "internal.h"
#include "report.h"
#include "date.h"
#include "whatif.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

/* Builders that record the first allocation failure instead of checking
 * every call: json_object_set_new() releases the value on failure. */
typedef struct jb {
    int failed;
} jb;

static json_t *chk(jb *b, json_t *v)
{
    if (!v)
        b->failed = 1;
    return v;
}

static void put(jb *b, json_t *obj, const char *key, json_t *v)
{
    if (!v || json_object_set_new(obj, key, v))
        b->failed = 1;
}

static void push(jb *b, json_t *arr, json_t *v)
{
    if (!v || json_array_append_new(arr, v))
        b->failed = 1;
}

static json_t *str_or_null(jb *b, const char *s) { return chk(b, s ? json_string(s) : json_null()); }
static json_t *num_or_null(jb *b, double v) { return chk(b, isnan(v) ? json_null() : json_real(v)); }

static const char *text(const kp_report *r, const kp__text *t)
{
    return kp__text_get(t, r->locale, r->third_person);
}

/* A finding's value in its natural JSON type. */
static json_t *finding_value(jb *b, const kp_model *m, int f, double v)
{
    const kp__finding *fd = &m->findings[f];
    switch (fd->type) {
    case KP_TYPE_BOOL: return chk(b, json_boolean(v != 0));
    case KP_TYPE_CHOICE: return chk(b, json_string(fd->choices[(size_t)v].id));
    default: return chk(b, json_real(v));
    }
}

static json_t *sourced(jb *b, const kp_model *m, const kp__sourced *s)
{
    json_t *o = chk(b, json_object());
    if (!o)
        return NULL;
    put(b, o, "value", json_real(s->value));
    put(b, o, "source", json_string(kp__source_names[s->source]));
    put(b, o, "cite", json_string(m->refs[s->cite].key));
    return o;
}

static json_t *triage_json(jb *b, const kp_report *r)
{
    const kp_model *m = r->model;
    json_t *t = chk(b, json_object()), *reasons = chk(b, json_array());
    if (!t || !reasons) {
        json_decref(t);
        json_decref(reasons);
        return NULL;
    }
    put(b, t, "level", json_string(kp_level_id(r->level)));
    put(b, t, "text", json_string(text(r, m->level_texts[r->level])));
    for (size_t i = 0; i < r->nreasons; i++) {
        const kp__rule *rule = &m->rules[r->reasons[i].rule];
        json_t *o = chk(b, json_object()), *fs = chk(b, json_array());
        if (!o || !fs) {
            json_decref(o);
            json_decref(fs);
            break;
        }
        put(b, o, "rule", json_string(rule->id));
        put(b, o, "level", json_string(kp_level_id(rule->level)));
        put(b, o, "red_flag", json_boolean(rule->red_flag));
        put(b, o, "text", json_string(text(r, &rule->text)));
        for (uint32_t j = 0; j < r->reasons[i].nids; j++)
            push(b, fs, json_string(r->ids[r->reasons[i].first_id + j]));
        put(b, o, "findings", fs);
        put(b, o, "source", json_string(m->refs[rule->cite].text));
        put(b, o, "evidence_level", json_string(kp__source_names[rule->source]));
        put(b, o, "cite", json_string(m->refs[rule->cite].key));
        push(b, reasons, o);
    }
    put(b, t, "reasons", reasons);
    return t;
}

static json_t *causes_json(jb *b, const kp_report *r)
{
    const kp_model *m = r->model;
    json_t *a = chk(b, json_array());
    for (size_t i = 0; a && i < r->ncauses; i++) {
        const kp__rcause *c = &r->causes[i];
        const kp__cause *cd = &m->causes[c->cause];
        json_t *o = chk(b, json_object()), *ev = chk(b, json_array());
        if (!o || !ev) {
            json_decref(o);
            json_decref(ev);
            break;
        }
        put(b, o, "id", json_string(cd->id));
        put(b, o, "name", json_string(text(r, &cd->name)));
        put(b, o, "score", json_real(c->score));
        put(b, o, "logit", json_real(c->logit));
        put(b, o, "bias", json_real(cd->bias.value));
        for (uint32_t j = 0; j < c->nev; j++) {
            const kp__evidence *e = &r->evidence[c->first_ev + j];
            json_t *eo = chk(b, json_object());
            if (!eo)
                break;
            put(b, eo, "finding", json_string(m->findings[e->finding].id));
            put(b, eo, "value", finding_value(b, m, e->finding, e->value));
            put(b, eo, "effect", json_real(e->effect));
            put(b, eo, "origin", json_string(r->origin[e->finding] == KP_ORIGIN_DERIVED ? "derived" : "answered"));
            push(b, ev, eo);
        }
        put(b, o, "evidence", ev);
        push(b, a, o);
    }
    return a;
}

static json_t *woe_list(jb *b, const kp_report *r, uint32_t first, uint32_t n)
{
    json_t *a = chk(b, json_array());
    for (uint32_t j = 0; a && j < n; j++)
        push(b, a, json_string(r->model->findings[r->woe[first + j].finding].id));
    return a;
}

static json_t *conditions_json(jb *b, const kp_report *r)
{
    const kp_model *m = r->model;
    json_t *a = chk(b, json_array());
    for (size_t i = 0; a && i < r->nconditions; i++) {
        const kp__rcondition *c = &r->conditions[i];
        const kp__condition *cd = &m->conditions[c->condition];
        json_t *o = chk(b, json_object()), *w = chk(b, json_array());
        if (!o || !w) {
            json_decref(o);
            json_decref(w);
            break;
        }
        put(b, o, "id", json_string(cd->id));
        put(b, o, "name", json_string(text(r, &cd->name)));
        put(b, o, "probability", json_real(c->probability));
        put(b, o, "must_not_miss", json_boolean(cd->must_not_miss));
        put(b, o, "supporting", woe_list(b, r, c->first_sup, c->nsup));
        put(b, o, "conflicting", woe_list(b, r, c->first_con, c->ncon));
        put(b, o, "log_prior", json_real(c->log_prior));
        /* every known finding's weight of evidence: log_prior + sum(weights)
         * - conditions_log_normaliser = ln(probability) */
        for (size_t k = 0; k < m->nbayes; k++) {
            uint32_t f = m->bayes_findings[k];
            if (!r->origin[f])
                continue;
            json_t *wo = chk(b, json_object());
            if (!wo)
                break;
            put(b, wo, "finding", json_string(m->findings[f].id));
            put(b, wo, "weight", json_real(kp__woe(m, (int)f, c->condition, r->value[f])));
            push(b, w, wo);
        }
        put(b, o, "weights", w);
        push(b, a, o);
    }
    return a;
}

static json_t *plan_json(jb *b, const kp_report *r)
{
    const kp_model *m = r->model;
    json_t *a = chk(b, json_array());
    for (size_t i = 0; a && i < r->nplan; i++) {
        const kp__rplan *p = &r->plan[i];
        const kp__remedy *rem = &m->remedies[p->remedy];
        json_t *o = chk(b, json_object()), *dose = chk(b, json_object()),
               *src = chk(b, json_object()), *bc = chk(b, json_array()),
               *cau = chk(b, json_array());
        if (!o || !dose || !src || !bc || !cau) {
            json_decref(o);
            json_decref(dose);
            json_decref(src);
            json_decref(bc);
            json_decref(cau);
            break;
        }
        put(b, o, "remedy", json_string(rem->id));
        put(b, o, "name", json_string(text(r, &rem->name)));
        put(b, o, "text", json_string(text(r, p->text)));
        for (size_t d = 0; d < p->ndose; d++) {
            put(b, dose, p->dose[d].key, json_real(p->dose[d].value.value));
            put(b, src, p->dose[d].key, sourced(b, m, &p->dose[d].value));
        }
        put(b, o, "dose", dose);
        put(b, o, "dose_sources", src);
        for (uint32_t j = 0; j < p->nbecause; j++)
            push(b, bc, json_string(r->ids[p->first_because + j]));
        put(b, o, "because", bc);
        for (size_t j = 0; j < kp_report_plan_caution_count(r, i); j++)
            push(b, cau, json_string(kp_report_plan_caution(r, i, j)));
        put(b, o, "cautions", cau);
        push(b, a, o);
    }
    return a;
}

static json_t *question_json(jb *b, const kp_report *r)
{
    if (r->next_question < 0)
        return chk(b, json_null());
    const kp__finding *f = &r->model->findings[r->next_question];
    json_t *o = chk(b, json_object());
    if (!o)
        return NULL;
    static const char *types[] = {"bool", "number", "choice"};
    put(b, o, "finding", json_string(f->id));
    put(b, o, "text", json_string(text(r, &f->question)));
    put(b, o, "type", json_string(types[f->type]));
    put(b, o, "information_gain", json_real(r->next_gain));
    put(b, o, "reason", json_string(r->next_reason));
    if (f->group)
        put(b, o, "group", json_string(f->group));
    if (f->type == KP_TYPE_NUMBER) {
        put(b, o, "min", json_real(f->min));
        put(b, o, "max", json_real(f->max));
        if (f->unit)
            put(b, o, "unit", json_string(f->unit));
    }
    if (f->type == KP_TYPE_CHOICE) {
        json_t *cs = chk(b, json_array());
        for (size_t i = 0; cs && i < f->nchoices; i++) {
            json_t *c = chk(b, json_object());
            if (!c)
                break;
            put(b, c, "id", json_string(f->choices[i].id));
            put(b, c, "text", json_string(text(r, &f->choices[i].text)));
            push(b, cs, c);
        }
        put(b, o, "choices", cs);
    }
    return o;
}

static json_t *load_json(jb *b, const kp_report *r)
{
    json_t *o = chk(b, json_object()), *shoes = chk(b, json_object());
    if (!o || !shoes) {
        json_decref(o);
        json_decref(shoes);
        return NULL;
    }
    int have = r->load.runs > 0 && r->load.as_of != INT32_MIN;
    for (const kp__metric_def *d = kp__metric_defs; d->name; d++) {
        double v = have ? *(const double *)((const char *)&r->load + d->offset) : NAN;
        if (!strcmp(d->name, "consecutive_run_days") || !strcmp(d->name, "runs_last_14d") ||
            !strcmp(d->name, "rest_days_last_14d"))
            put(b, o, d->name, chk(b, isnan(v) ? json_null() : json_integer((json_int_t)v)));
        else
            put(b, o, d->name, num_or_null(b, v));
    }
    for (size_t g = 0; g < r->ngears; g++)
        put(b, shoes, r->gear_names[g], json_real(r->shoe_km[g]));
    put(b, o, "shoe_km", shoes);
    /* the as-of date is known with runs, or when the input set it */
    char day[11];
    int dated = r->load.as_of != INT32_MIN;
    if (dated)
        kp__date_format(r->load.as_of, day);
    put(b, o, "as_of", str_or_null(b, dated ? day : NULL));
    put(b, o, "runs", json_integer((json_int_t)r->load.runs));
    return o;
}

static json_t *trend_json(jb *b, const kp_report *r)
{
    json_t *o = chk(b, json_object());
    if (!o)
        return NULL;
    put(b, o, "status", json_string(kp_report_pain_trend(r)));
    put(b, o, "advice", str_or_null(b, kp_report_pain_trend_advice(r)));
    put(b, o, "next_run", str_or_null(b, kp_report_pain_trend_next_run(r)));
    return o;
}

static json_t *evidence_json(jb *b, const kp_report *r)
{
    const kp_model *m = r->model;
    json_t *a = chk(b, json_array());
    for (size_t f = 0; a && f < m->nfindings; f++) {
        if (!r->origin[f])
            continue;
        json_t *o = chk(b, json_object());
        if (!o)
            break;
        put(b, o, "finding", json_string(m->findings[f].id));
        put(b, o, "value", finding_value(b, m, (int)f, r->value[f]));
        put(b, o, "origin", json_string(r->origin[f] == KP_ORIGIN_DERIVED ? "derived" : "answered"));
        push(b, a, o);
    }
    return a;
}

kp_status kp_report_to_json(const kp_report *r, unsigned int flags, char **out)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_report_to_json: out is NULL");
    *out = NULL;
    if (!r)
        return kp__error(KP_EINVAL, "kp_report_to_json: report is NULL");
    const kp_model *m = r->model;
    jb b = {0};
    json_t *root = chk(&b, json_object());
    if (!root)
        return kp__oom();
    put(&b, root, "schema", json_string("kneepain-report/1"));
    json_t *engine = chk(&b, json_object());
    if (engine)
        put(&b, engine, "version", json_string(KP_VERSION));
    put(&b, root, "engine", engine);
    json_t *model = chk(&b, json_object());
    if (model) {
        put(&b, model, "id", json_string(m->id));
        put(&b, model, "version", json_string(m->version));
        put(&b, model, "sha256", json_string(m->sha256));
    }
    put(&b, root, "model", model);
    put(&b, root, "receipt", json_string(kp__report_receipt((kp_report *)r)));
    put(&b, root, "locale", json_string(r->locale ? r->locale : m->locales[0]));
    put(&b, root, "triage", triage_json(&b, r));
    put(&b, root, "causes", causes_json(&b, r));
    put(&b, root, "conditions", conditions_json(&b, r));
    put(&b, root, "conditions_log_normaliser", json_real(r->log_normaliser));
    put(&b, root, "plan", plan_json(&b, r));
    put(&b, root, "next_question", question_json(&b, r));
    /* interview: question rationale, group, stopping rule, what-if */
    if (!b.failed && kp__question_json_extend(r, root, json_object_get(root, "next_question")))
        b.failed = 1;
    if (!b.failed && (flags & KP_JSON_TRIAGE_CHANGES)) {
        kp_whatif *w = NULL;
        if (kp_report_triage_changes(r, &w))
            b.failed = 1;
        else
            put(&b, root, "triage_changes", w ? kp__whatif_json(w) : NULL);
        kp_whatif_free(w);
    }
    put(&b, root, "training_load", load_json(&b, r));
    put(&b, root, "pain_trend", trend_json(&b, r));
    put(&b, root, "evidence_used", evidence_json(&b, r));
    json_t *warn = chk(&b, json_array());
    for (size_t i = 0; warn && i < r->nwarnings; i++)
        push(&b, warn, json_string(r->warnings[i]));
    put(&b, root, "warnings", warn);
    put(&b, root, "disclaimer", json_string(text(r, m->disclaimer)));
    char *s = NULL;
    if (!b.failed) {
        /* 15 significant digits: exact enough for the explanations to add up
         * (to ~1e-14) while decimal inputs print as written */
        size_t jflags = JSON_REAL_PRECISION(15);
        jflags |= (flags & KP_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
        kp__alloc_failed_clear();
        s = json_dumps(root, jflags);
        if (s && kp__alloc_failed()) {   /* a failure jansson skipped */
            kp__free(s);
            s = NULL;
        }
    }
    json_decref(root);
    if (!s)
        return kp__oom();
    *out = s;   /* jansson allocates through the library's allocator hook */
    return KP_OK;
}
