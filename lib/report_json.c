/*
 * report_json.c - the report as a "kneepain-report/1" document, written straight into one buffer by the streaming writer
 * (json_out.h): no document tree, one growing allocation.  Member order
 * is the order below; doc/report.schema.json describes the members.
 */
#include "engine.h"
#include "internal.h"
#include "json_out.h"
#include "report.h"
#include "date.h"
#include "whatif.h"

#include <math.h>
#include <string.h>

static const char *text(const kp_report *r, const kp__text *t)
{
    return kp__text_get(t, r->locale, r->third_person);
}

static void kstr(kp__jo *w, const char *k, const char *v)
{
    kp__jo_key(w, k);
    kp__jo_string(w, v);
}

static void kreal(kp__jo *w, const char *k, double v)
{
    kp__jo_key(w, k);
    kp__jo_real(w, v);
}

static void kbool(kp__jo *w, const char *k, int v)
{
    kp__jo_key(w, k);
    kp__jo_bool(w, v);
}

/* A finding's value in its natural JSON type. */
static void finding_value(kp__jo *w, const kp_model *m, int f, double v)
{
    const kp__finding *fd = &m->findings[f];
    switch (fd->type) {
    case KP_TYPE_BOOL: kp__jo_bool(w, v != 0); break;
    case KP_TYPE_CHOICE: kp__jo_string(w, fd->choices[(size_t)v].id); break;
    default: kp__jo_real(w, v); break;
    }
}

static const char *origin_name(const kp_report *r, int f)
{
    return r->origin[f] == KP_ORIGIN_DERIVED ? "derived" : "answered";
}

static void triage_json(kp__jo *w, const kp_report *r)
{
    const kp_model *m = r->model;
    kp__jo_begin_object(w);
    kstr(w, "level", kp_level_id(r->level));
    kstr(w, "text", kp__report_level_text(r));
    kbool(w, "provisional", r->nunchecked > 0);
    kp__jo_key(w, "unchecked");
    kp__jo_begin_array(w);
    for (size_t i = 0; i < r->nunchecked; i++)
        kp__jo_string(w, m->findings[r->unchecked[i]].id);
    kp__jo_end_array(w);
    kp__jo_key(w, "reasons");
    kp__jo_begin_array(w);
    for (size_t i = 0; i < r->nreasons; i++) {
        const kp__rule *rule = &m->rules[r->reasons[i].rule];
        kp__jo_begin_object(w);
        kstr(w, "rule", rule->id);
        kstr(w, "level", kp_level_id(rule->level));
        kbool(w, "red_flag", rule->red_flag);
        kstr(w, "text", text(r, kp__reason_text(r, &r->reasons[i])));
        kbool(w, "superseded", kp__reason_superseded(r, &r->reasons[i]));
        kp__jo_key(w, "findings");
        kp__jo_begin_array(w);
        for (uint32_t j = 0; j < r->reasons[i].nids; j++)
            kp__jo_string(w, r->ids[r->reasons[i].first_id + j]);
        kp__jo_end_array(w);
        kstr(w, "source", m->refs[rule->cite].text);
        kstr(w, "evidence_level", kp__source_names[rule->source]);
        kstr(w, "cite", m->refs[rule->cite].key);
        kp__jo_end_object(w);
    }
    kp__jo_end_array(w);
    kp__jo_end_object(w);
}

static void causes_json(kp__jo *w, const kp_report *r)
{
    const kp_model *m = r->model;
    kp__jo_begin_array(w);
    for (size_t i = 0; i < r->ncauses; i++) {
        const kp__rcause *c = &r->causes[i];
        const kp__cause *cd = &m->causes[c->cause];
        kp__jo_begin_object(w);
        kstr(w, "id", cd->id);
        kstr(w, "name", text(r, &cd->name));
        kreal(w, "score", c->score);
        kreal(w, "logit", c->logit);
        kreal(w, "bias", cd->bias.value);
        kp__jo_key(w, "evidence");
        kp__jo_begin_array(w);
        for (uint32_t j = 0; j < c->nev; j++) {
            const kp__evidence *e = &r->evidence[c->first_ev + j];
            kp__jo_begin_object(w);
            kstr(w, "finding", m->findings[e->finding].id);
            kp__jo_key(w, "value");
            finding_value(w, m, e->finding, e->value);
            kreal(w, "effect", e->effect);
            kstr(w, "origin", origin_name(r, e->finding));
            kp__jo_end_object(w);
        }
        kp__jo_end_array(w);
        kp__jo_end_object(w);
    }
    kp__jo_end_array(w);
}

static void woe_list(kp__jo *w, const kp_report *r, const char *key, uint32_t first, uint32_t n)
{
    kp__jo_key(w, key);
    kp__jo_begin_array(w);
    for (uint32_t j = 0; j < n; j++)
        kp__jo_string(w, r->model->findings[r->woe[first + j].finding].id);
    kp__jo_end_array(w);
}

static void conditions_json(kp__jo *w, const kp_report *r)
{
    const kp_model *m = r->model;
    kp__jo_begin_array(w);
    for (size_t i = 0; i < r->nconditions; i++) {
        const kp__rcondition *c = &r->conditions[i];
        const kp__condition *cd = &m->conditions[c->condition];
        kp__jo_begin_object(w);
        kstr(w, "id", cd->id);
        kstr(w, "name", text(r, &cd->name));
        kreal(w, "probability", c->probability);
        kbool(w, "must_not_miss", cd->must_not_miss);
        kp__jo_key(w, "flagged_by");
        kp__jo_begin_array(w);
        for (size_t j = 0; j < kp_report_condition_flagged_count(r, i); j++)
            kp__jo_string(w, kp_report_condition_flagged_rule(r, i, j));
        kp__jo_end_array(w);
        woe_list(w, r, "supporting", c->first_sup, c->nsup);
        woe_list(w, r, "conflicting", c->first_con, c->ncon);
        kreal(w, "log_prior", c->log_prior);
        /* every known finding's weight of evidence: log_prior + sum(weights)
         * - conditions_log_normaliser = ln(probability) */
        kp__jo_key(w, "weights");
        kp__jo_begin_array(w);
        for (size_t k = 0; k < m->nbayes; k++) {
            uint32_t f = m->bayes_findings[k];
            if (!r->origin[f])
                continue;
            kp__jo_begin_object(w);
            kstr(w, "finding", m->findings[f].id);
            kreal(w, "weight", kp__woe(m, (int)f, c->condition, r->value[f]));
            kp__jo_end_object(w);
        }
        kp__jo_end_array(w);
        kp__jo_end_object(w);
    }
    kp__jo_end_array(w);
}

static void plan_json(kp__jo *w, const kp_report *r)
{
    const kp_model *m = r->model;
    kp__jo_begin_array(w);
    for (size_t i = 0; i < r->nplan; i++) {
        const kp__rplan *p = &r->plan[i];
        const kp__remedy *rem = &m->remedies[p->remedy];
        kp__jo_begin_object(w);
        kstr(w, "remedy", rem->id);
        kstr(w, "name", text(r, &rem->name));
        kstr(w, "text", text(r, p->text));
        kp__jo_key(w, "dose");
        kp__jo_begin_object(w);
        for (size_t d = 0; d < p->ndose; d++)
            kreal(w, p->dose[d].key, p->dose[d].value.value);
        kp__jo_end_object(w);
        kp__jo_key(w, "dose_sources");
        kp__jo_begin_object(w);
        for (size_t d = 0; d < p->ndose; d++) {
            const kp__sourced *s = &p->dose[d].value;
            kp__jo_key(w, p->dose[d].key);
            kp__jo_begin_object(w);
            kreal(w, "value", s->value);
            kstr(w, "source", kp__source_names[s->source]);
            kstr(w, "cite", m->refs[s->cite].key);
            kp__jo_end_object(w);
        }
        kp__jo_end_object(w);
        kp__jo_key(w, "because");
        kp__jo_begin_array(w);
        for (uint32_t j = 0; j < p->nbecause; j++)
            kp__jo_string(w, r->ids[p->first_because + j]);
        kp__jo_end_array(w);
        kp__jo_key(w, "cautions");
        kp__jo_begin_array(w);
        for (size_t j = 0; j < kp_report_plan_caution_count(r, i); j++)
            kp__jo_string(w, kp_report_plan_caution(r, i, j));
        kp__jo_end_array(w);
        kp__jo_end_object(w);
    }
    kp__jo_end_array(w);
}

/* The next question with its interview rationale (doc/interview.md), or
 * null; then the stopping rule as members of the report. */
static void question_json(kp__jo *w, const kp_report *r)
{
    kp__jo_key(w, "next_question");
    if (r->next_question < 0) {
        kp__jo_null(w);
    } else {
        static const char *types[] = {"bool", "number", "choice"};
        const kp__finding *f = &r->model->findings[r->next_question];
        kp__jo_begin_object(w);
        kstr(w, "finding", f->id);
        kstr(w, "text", text(r, &f->question));
        kstr(w, "type", types[f->type]);
        kreal(w, "information_gain", r->next_gain);
        kstr(w, "reason", r->next_reason);
        if (f->group)
            kstr(w, "group", f->group);
        if (f->type == KP_TYPE_NUMBER) {
            kreal(w, "min", f->min);
            kreal(w, "max", f->max);
            if (f->unit)
                kstr(w, "unit", f->unit);
        }
        if (f->type == KP_TYPE_CHOICE) {
            kp__jo_key(w, "choices");
            kp__jo_begin_array(w);
            for (size_t i = 0; i < f->nchoices; i++) {
                kp__jo_begin_object(w);
                kstr(w, "id", f->choices[i].id);
                kstr(w, "text", text(r, &f->choices[i].text));
                kp__jo_end_object(w);
            }
            kp__jo_end_array(w);
        }
        kp__jo_key(w, "rationale_conditions");
        kp__jo_begin_array(w);
        for (size_t i = 0; i < kp_report_next_question_condition_count(r); i++)
            kp__jo_string(w, kp_report_next_question_condition(r, i));
        kp__jo_end_array(w);
        kp__jo_key(w, "asked_with");
        kp__jo_begin_array(w);
        for (size_t i = 0; i < kp_report_next_question_group_count(r); i++)
            kp__jo_string(w, kp_report_next_question_group_finding(r, i));
        kp__jo_end_array(w);
        kstr(w, "kind", kp_report_next_question_kind(r));
        kstr(w, "rationale", kp_report_next_question_rationale(r));
        kstr(w, "rationale_rule", kp_report_next_question_rule(r));
        kreal(w, "gain_conditions", r->q.gain_conditions);
        kreal(w, "gain_triage", r->q.gain_triage);
        kreal(w, "cost", r->q.cost);
        kp__jo_end_object(w);
    }
    kstr(w, "stop_reason", kp_report_stop_reason(r));
    kbool(w, "should_stop", kp_report_should_stop(r));
}

/* The what-if analysis (as kp_whatif_to_json, at full precision). */
static void whatif_json(kp__jo *w, const kp_whatif *wi)
{
    const kp_model *m = wi->model;
    kp__jo_begin_array(w);
    for (size_t i = 0; i < wi->nentries; i++) {
        const kp__wentry *e = &wi->entries[i];
        kp__jo_begin_object(w);
        kstr(w, "direction", e->direction > 0 ? "raise" : "lower");
        kstr(w, "level", kp_level_id(e->level));
        kstr(w, "rule", e->rule >= 0 ? m->rules[e->rule].id : NULL);
        kstr(w, "text", kp_whatif_text(wi, i));
        kp__jo_key(w, "answers");
        kp__jo_begin_array(w);
        for (size_t j = 0; j < e->n; j++) {
            const kp__wanswer *a = &wi->answers[e->first + j];
            kp__jo_begin_object(w);
            kstr(w, "finding", m->findings[a->finding].id);
            kp__jo_key(w, "value");
            finding_value(w, m, a->finding, a->value);
            kstr(w, "test", a->test);
            kp__jo_end_object(w);
        }
        kp__jo_end_array(w);
        kp__jo_end_object(w);
    }
    kp__jo_end_array(w);
}

static int is_count(const char *name)
{
    return !strcmp(name, "consecutive_run_days") || !strcmp(name, "runs_last_14d") ||
           !strcmp(name, "rest_days_last_14d");
}

static void load_json(kp__jo *w, const kp_report *r)
{
    kp__jo_begin_object(w);
    int have = r->load.runs > 0 && r->load.as_of != INT32_MIN;
    for (const kp__metric_def *d = kp__metric_defs; d->name; d++) {
        double v = have ? *(const double *)((const char *)&r->load + d->offset) : NAN;
        kp__jo_key(w, d->name);
        if (isnan(v))
            kp__jo_null(w);
        else if (is_count(d->name))
            kp__jo_int(w, (long long)v);
        else
            kp__jo_real(w, v);
    }
    kp__jo_key(w, "shoe_km");
    kp__jo_begin_object(w);
    for (size_t g = 0; g < r->ngears; g++)
        kreal(w, r->gear_names[g], r->shoe_km[g]);
    kp__jo_end_object(w);
    /* the as-of date is known with runs, or when the input set it */
    char day[11];
    int dated = r->load.as_of != INT32_MIN;
    if (dated)
        kp__date_format(r->load.as_of, day);
    kstr(w, "as_of", dated ? day : NULL);
    kp__jo_key(w, "runs");
    kp__jo_int(w, (long long)r->load.runs);
    kp__jo_end_object(w);
}

static void trend_json(kp__jo *w, const kp_report *r)
{
    kp__jo_begin_object(w);
    kstr(w, "status", kp_report_pain_trend(r));
    kstr(w, "advice", kp_report_pain_trend_advice(r));
    kstr(w, "next_run", kp_report_pain_trend_next_run(r));
    kp__jo_end_object(w);
}

static void evidence_json(kp__jo *w, const kp_report *r)
{
    const kp_model *m = r->model;
    kp__jo_begin_array(w);
    for (size_t f = 0; f < m->nfindings; f++) {
        if (!r->origin[f])
            continue;
        kp__jo_begin_object(w);
        kstr(w, "finding", m->findings[f].id);
        kp__jo_key(w, "value");
        finding_value(w, m, (int)f, r->value[f]);
        kstr(w, "origin", origin_name(r, (int)f));
        kp__jo_end_object(w);
    }
    kp__jo_end_array(w);
}

kp_status kp_report_to_json(const kp_report *r, unsigned int flags, char **out)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_report_to_json: out is NULL");
    *out = NULL;
    if (!r)
        return kp__error(KP_EINVAL, "kp_report_to_json: report is NULL");
    if (r->triage_changes)
        flags |= KP_JSON_TRIAGE_CHANGES;
    const kp_model *m = r->model;
    kp_whatif *wi = NULL;
    if ((flags & KP_JSON_TRIAGE_CHANGES) && kp_report_triage_changes(r, &wi))
        return kp__oom();
    kp__jo w;
    /* a typical report is 20-30 KB compact; one allocation serves it */
    kp__jo_init(&w, (flags & KP_JSON_PRETTY) != 0, (flags & KP_JSON_PRETTY) ? 65536 : 32768);
    kp__jo_begin_object(&w);
    kstr(&w, "schema", "kneepain-report/1");
    kp__jo_key(&w, "engine");
    kp__jo_begin_object(&w);
    kstr(&w, "version", KP_VERSION);
    kp__jo_end_object(&w);
    kp__jo_key(&w, "model");
    kp__jo_begin_object(&w);
    kstr(&w, "id", m->id);
    kstr(&w, "version", m->version);
    kstr(&w, "sha256", m->sha256);
    kp__jo_end_object(&w);
    kstr(&w, "receipt", kp__report_receipt((kp_report *)r));
    kstr(&w, "locale", r->locale ? r->locale : m->locales[0]);
    kp__jo_key(&w, "triage");
    triage_json(&w, r);
    kp__jo_key(&w, "causes");
    causes_json(&w, r);
    kp__jo_key(&w, "conditions");
    conditions_json(&w, r);
    kreal(&w, "conditions_log_normaliser", r->log_normaliser);
    /* why flagged conditions come first (model text), null when none is */
    kp__jo_key(&w, "conditions_note");
    const char *note = r->nconditions && r->conditions[0].flagged
                           ? kp__report_text(r, "conditions_flagged_note") : NULL;
    if (note)
        kp__jo_string(&w, note);
    else
        kp__jo_null(&w);
    kp__jo_key(&w, "plan");
    plan_json(&w, r);
    question_json(&w, r);
    if (wi) {
        kp__jo_key(&w, "triage_changes");
        whatif_json(&w, wi);
    }
    kp_whatif_free(wi);
    kp__jo_key(&w, "training_load");
    load_json(&w, r);
    kp__jo_key(&w, "pain_trend");
    trend_json(&w, r);
    kp__jo_key(&w, "evidence_used");
    evidence_json(&w, r);
    kp__jo_key(&w, "warnings");
    kp__jo_begin_array(&w);
    for (size_t i = 0; i < r->nwarnings; i++)
        kp__jo_string(&w, r->warnings[i]);
    kp__jo_end_array(&w);
    kstr(&w, "disclaimer", text(r, m->disclaimer));
    kp__jo_end_object(&w);
    char *s = kp__jo_finish(&w);
    if (!s)
        return kp__oom();
    *out = s;   /* allocated through the library's allocator hook */
    return KP_OK;
}
