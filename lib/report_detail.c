/*
 * report_detail.c - the report's remaining read API: every member of the
 * JSON report's triage reasons, causes, conditions, plan and next question
 * that report.c does not give, so that a binding can read a whole report
 * through accessors instead of serialising it and parsing it again.  Each
 * value is the one report_json.c writes.
 */
#include "engine.h"
#include "internal.h"
#include "report.h"

#include <math.h>

static const char *text(const kp_report *r, const kp__text *t)
{
    return kp__text_get(t, r->locale, r->third_person);
}

#define REASON(r, i) ((r) && (i) < (r)->nreasons ? &(r)->reasons[i] : NULL)
#define CAUSE(r, i) ((r) && (i) < (r)->ncauses ? &(r)->causes[i] : NULL)
#define COND(r, i) ((r) && (i) < (r)->nconditions ? &(r)->conditions[i] : NULL)
#define PLAN(r, i) ((r) && (i) < (r)->nplan ? &(r)->plan[i] : NULL)

/* ---- triage reasons ---- */

int kp_report_reason_level(const kp_report *r, size_t i)
{
    const kp__reason *x = REASON(r, i);
    return x ? (int)r->model->rules[x->rule].level : -1;
}

int kp_report_reason_red_flag(const kp_report *r, size_t i)
{
    const kp__reason *x = REASON(r, i);
    return x ? r->model->rules[x->rule].red_flag != 0 : 0;
}

const char *kp_report_reason_evidence_level(const kp_report *r, size_t i)
{
    const kp__reason *x = REASON(r, i);
    return x ? kp__source_names[r->model->rules[x->rule].source] : NULL;
}

const char *kp_report_reason_cite(const kp_report *r, size_t i)
{
    const kp__reason *x = REASON(r, i);
    return x ? r->model->refs[r->model->rules[x->rule].cite].key : NULL;
}

/* ---- causes ---- */

const char *kp_report_cause_name(const kp_report *r, size_t i)
{
    const kp__rcause *c = CAUSE(r, i);
    return c ? text(r, &r->model->causes[c->cause].name) : NULL;
}

double kp_report_cause_logit(const kp_report *r, size_t i)
{
    const kp__rcause *c = CAUSE(r, i);
    return c ? c->logit : NAN;
}

double kp_report_cause_bias(const kp_report *r, size_t i)
{
    const kp__rcause *c = CAUSE(r, i);
    return c ? r->model->causes[c->cause].bias.value : NAN;
}

const char *kp_report_cause_evidence_origin(const kp_report *r, size_t i, size_t j)
{
    const kp__rcause *c = CAUSE(r, i);
    if (!c || j >= c->nev)
        return NULL;
    return r->origin[r->evidence[c->first_ev + j].finding] == KP_ORIGIN_DERIVED ? "derived"
                                                                               : "answered";
}

/* ---- conditions ---- */

const char *kp_report_condition_name(const kp_report *r, size_t i)
{
    const kp__rcondition *c = COND(r, i);
    return c ? text(r, &r->model->conditions[c->condition].name) : NULL;
}

int kp_report_condition_must_not_miss(const kp_report *r, size_t i)
{
    const kp__rcondition *c = COND(r, i);
    return c ? r->model->conditions[c->condition].must_not_miss != 0 : 0;
}

double kp_report_condition_log_prior(const kp_report *r, size_t i)
{
    const kp__rcondition *c = COND(r, i);
    return c ? c->log_prior : NAN;
}

size_t kp_report_condition_weights(const kp_report *r, size_t i, const char **findings,
                                   double *weights, size_t cap)
{
    const kp__rcondition *c = COND(r, i);
    if (!c)
        return 0;
    const kp_model *m = r->model;
    size_t n = 0;
    for (size_t k = 0; k < m->nbayes; k++) {
        uint32_t f = m->bayes_findings[k];
        if (!r->origin[f])
            continue;
        if (n < cap) {
            if (findings)
                findings[n] = m->findings[f].id;
            if (weights)
                weights[n] = kp__woe(m, (int)f, c->condition, r->value[f]);
        }
        n++;
    }
    return n;
}

const char *kp_report_conditions_note(const kp_report *r)
{
    if (!r || !r->nconditions || !r->conditions[0].flagged)
        return NULL;
    return kp__report_text(r, "conditions_flagged_note");
}

/* ---- plan ---- */

const char *kp_report_plan_name(const kp_report *r, size_t i)
{
    const kp__rplan *p = PLAN(r, i);
    return p ? text(r, &r->model->remedies[p->remedy].name) : NULL;
}

const char *kp_report_plan_dose_source(const kp_report *r, size_t i, size_t j)
{
    const kp__rplan *p = PLAN(r, i);
    return p && j < p->ndose ? kp__source_names[p->dose[j].value.source] : NULL;
}

const char *kp_report_plan_dose_cite(const kp_report *r, size_t i, size_t j)
{
    const kp__rplan *p = PLAN(r, i);
    return p && j < p->ndose ? r->model->refs[p->dose[j].value.cite].key : NULL;
}

/* ---- next question ---- */

const char *kp_report_next_question_reason(const kp_report *r)
{
    return r && r->next_question >= 0 ? r->next_reason : NULL;
}

/* ---- model ---- */

const char *kp_model_finding_group(const kp_model *m, size_t i)
{
    return m && i < m->nfindings ? m->findings[i].group : NULL;
}
