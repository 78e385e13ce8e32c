/*
 * report.c - the report's read API and its receipt.
 */
#define _GNU_SOURCE   /* newlocale, uselocale */
#include "report.h"
#include "inputs.h"
#include "internal.h"
#include "sha256.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* An answer as printf's %.17g writes it in the "C" locale, whatever the
 * caller's LC_NUMERIC, with -0 as 0: integers directly, others through
 * snprintf under a "C" locale object. */
static int receipt_number(double v, char *buf, size_t cap)
{
    if (v == 0)
        v = 0;
    if (v == floor(v) && fabs(v) < 1e17)
        return snprintf(buf, cap, "%lld", (long long)v);
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    int n = snprintf(buf, cap, "%.17g", v);
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    for (int i = 0; i < n; i++)   /* no locale object: mend a decimal comma */
        if (buf[i] == ',')
            buf[i] = '.';
    return n;
}

/* Receipt = SHA-256 over "kneepain-receipt/1", the engine version, the model
 * hash, the answered evidence in finding-id order, the digest of the
 * normalised log/diary/as-of/load unit (inputs.h), and the text options.
 * Computed on first use, with the log digest, so that assessing stays
 * cheap; then kept in the report. */
const char *kp__report_receipt(kp_report *r)
{
    if (r->receipt_done)
        return r->receipt;
    const kp_model *m = r->model;
    kp__sha256 h;
    kp__sha256_init(&h);
    kp__sha256_update(&h, "kneepain-receipt/1", 19);
    kp__sha256_update(&h, KP_VERSION, sizeof KP_VERSION);
    kp__sha256_update(&h, m->sha256, 65);
    for (size_t k = 0; k < m->nfindings; k++) {
        uint32_t f = m->finding_order[k];
        if (r->origin[f] != KP_ORIGIN_ANSWERED)
            continue;
        char num[40];
        int n = receipt_number(r->value[f], num, sizeof num);
        kp__sha256_update(&h, m->findings[f].id, strlen(m->findings[f].id));
        kp__sha256_update(&h, "=", 1);
        kp__sha256_update(&h, num, (size_t)n);
        kp__sha256_update(&h, ";", 1);
    }
    char digest[65] = "";
    if (r->inputs)
        kp__inputs_digest(r->inputs, digest);
    kp__sha256_update(&h, digest, 65);
    char opts[96];
    int n = snprintf(opts, sizeof opts, "locale=%s;third_person=%d;", r->locale ? r->locale : "",
                     r->third_person);
    kp__sha256_update(&h, opts, (size_t)n);
    kp__sha256_hex(&h, r->receipt);
    r->receipt_done = 1;
    return r->receipt;
}

const char *kp_report_receipt(const kp_report *r)
{
    return r ? kp__report_receipt((kp_report *)r) : NULL;
}

int kp_report_level(const kp_report *r) { return r ? r->level : -1; }

const char *kp_report_locale(const kp_report *r)
{
    if (!r)
        return NULL;
    return r->locale ? r->locale : r->model->locales[0];
}

const char *kp_report_level_text(const kp_report *r)
{
    return r ? kp__report_level_text(r) : NULL;
}
size_t kp_report_reason_count(const kp_report *r) { return r ? r->nreasons : 0; }

#define REASON(r, i) ((r) && (i) < (r)->nreasons ? &(r)->reasons[i] : NULL)

const char *kp_report_reason_rule(const kp_report *r, size_t i)
{
    const kp__reason *x = REASON(r, i);
    return x ? r->model->rules[x->rule].id : NULL;
}

int kp__reason_superseded(const kp_report *r, const kp__reason *x)
{
    return r->level <= KP_LEVEL_EMERGENCY && r->model->rules[x->rule].level > r->level;
}

const kp__text *kp__reason_text(const kp_report *r, const kp__reason *x)
{
    return kp__reason_superseded(r, x) ? r->model->reason_superseded : &r->model->rules[x->rule].text;
}

const char *kp_report_reason_text(const kp_report *r, size_t i)
{
    const kp__reason *x = REASON(r, i);
    return x ? kp__text_get(kp__reason_text(r, x), r->locale, r->third_person) : NULL;
}

int kp_report_reason_superseded(const kp_report *r, size_t i)
{
    const kp__reason *x = REASON(r, i);
    return x ? kp__reason_superseded(r, x) : 0;
}

const char *kp_report_reason_source(const kp_report *r, size_t i)
{
    const kp__reason *x = REASON(r, i);
    return x ? r->model->refs[r->model->rules[x->rule].cite].text : NULL;
}

size_t kp_report_reason_finding_count(const kp_report *r, size_t i)
{
    const kp__reason *x = REASON(r, i);
    return x ? x->nids : 0;
}

const char *kp_report_reason_finding(const kp_report *r, size_t i, size_t j)
{
    const kp__reason *x = REASON(r, i);
    return x && j < x->nids ? r->ids[x->first_id + j] : NULL;
}

size_t kp_report_cause_count(const kp_report *r) { return r ? r->ncauses : 0; }

#define CAUSE(r, i) ((r) && (i) < (r)->ncauses ? &(r)->causes[i] : NULL)

const char *kp_report_cause_id(const kp_report *r, size_t i)
{
    const kp__rcause *c = CAUSE(r, i);
    return c ? r->model->causes[c->cause].id : NULL;
}

double kp_report_cause_score(const kp_report *r, size_t i)
{
    const kp__rcause *c = CAUSE(r, i);
    return c ? c->score : NAN;
}

size_t kp_report_cause_evidence_count(const kp_report *r, size_t i)
{
    const kp__rcause *c = CAUSE(r, i);
    return c ? c->nev : 0;
}

const char *kp_report_cause_evidence_finding(const kp_report *r, size_t i, size_t j)
{
    const kp__rcause *c = CAUSE(r, i);
    return c && j < c->nev ? r->model->findings[r->evidence[c->first_ev + j].finding].id : NULL;
}

double kp_report_cause_evidence_effect(const kp_report *r, size_t i, size_t j)
{
    const kp__rcause *c = CAUSE(r, i);
    return c && j < c->nev ? r->evidence[c->first_ev + j].effect : NAN;
}

double kp_report_cause_evidence_value(const kp_report *r, size_t i, size_t j)
{
    const kp__rcause *c = CAUSE(r, i);
    return c && j < c->nev ? r->evidence[c->first_ev + j].value : NAN;
}

size_t kp_report_condition_count(const kp_report *r) { return r ? r->nconditions : 0; }

#define COND(r, i) ((r) && (i) < (r)->nconditions ? &(r)->conditions[i] : NULL)

const char *kp_report_condition_id(const kp_report *r, size_t i)
{
    const kp__rcondition *c = COND(r, i);
    return c ? r->model->conditions[c->condition].id : NULL;
}

double kp_report_condition_probability(const kp_report *r, size_t i)
{
    const kp__rcondition *c = COND(r, i);
    return c ? c->probability : NAN;
}

size_t kp_report_condition_supporting_count(const kp_report *r, size_t i)
{
    const kp__rcondition *c = COND(r, i);
    return c ? c->nsup : 0;
}

const char *kp_report_condition_supporting(const kp_report *r, size_t i, size_t j)
{
    const kp__rcondition *c = COND(r, i);
    return c && j < c->nsup ? r->model->findings[r->woe[c->first_sup + j].finding].id : NULL;
}

size_t kp_report_condition_conflicting_count(const kp_report *r, size_t i)
{
    const kp__rcondition *c = COND(r, i);
    return c ? c->ncon : 0;
}

const char *kp_report_condition_conflicting(const kp_report *r, size_t i, size_t j)
{
    const kp__rcondition *c = COND(r, i);
    return c && j < c->ncon ? r->model->findings[r->woe[c->first_con + j].finding].id : NULL;
}

/* The fired red-flag rules naming condition c, in model order. */
static const kp__rule *flagging_rule(const kp_report *r, const kp__rcondition *c, size_t j)
{
    const kp_model *m = r->model;
    for (size_t k = 0; c->flagged && k < r->nreasons; k++) {
        const kp__rule *rule = &m->rules[r->reasons[k].rule];
        if (!rule->red_flag)
            continue;
        for (size_t i = 0; i < rule->nconditions; i++)
            if (rule->conditions[i] == c->condition && j-- == 0)
                return rule;
    }
    return NULL;
}

size_t kp_report_condition_flagged_count(const kp_report *r, size_t i)
{
    const kp__rcondition *c = COND(r, i);
    size_t n = 0;
    while (c && flagging_rule(r, c, n))
        n++;
    return n;
}

const char *kp_report_condition_flagged_rule(const kp_report *r, size_t i, size_t j)
{
    const kp__rcondition *c = COND(r, i);
    const kp__rule *rule = c ? flagging_rule(r, c, j) : NULL;
    return rule ? rule->id : NULL;
}

size_t kp_report_plan_count(const kp_report *r) { return r ? r->nplan : 0; }

#define PLAN(r, i) ((r) && (i) < (r)->nplan ? &(r)->plan[i] : NULL)

const char *kp_report_plan_remedy(const kp_report *r, size_t i)
{
    const kp__rplan *p = PLAN(r, i);
    return p ? r->model->remedies[p->remedy].id : NULL;
}

const char *kp_report_plan_text(const kp_report *r, size_t i)
{
    const kp__rplan *p = PLAN(r, i);
    return p ? kp__text_get(p->text, r->locale, r->third_person) : NULL;
}

size_t kp_report_plan_dose_count(const kp_report *r, size_t i)
{
    const kp__rplan *p = PLAN(r, i);
    return p ? p->ndose : 0;
}

const char *kp_report_plan_dose_key(const kp_report *r, size_t i, size_t j)
{
    const kp__rplan *p = PLAN(r, i);
    return p && j < p->ndose ? p->dose[j].key : NULL;
}

double kp_report_plan_dose_value(const kp_report *r, size_t i, size_t j)
{
    const kp__rplan *p = PLAN(r, i);
    return p && j < p->ndose ? p->dose[j].value.value : NAN;
}

size_t kp_report_plan_caution_count(const kp_report *r, size_t i)
{
    const kp__rplan *p = PLAN(r, i);
    return p ? (size_t)__builtin_popcount(p->cautions) : 0;
}

const char *kp_report_plan_caution(const kp_report *r, size_t i, size_t j)
{
    const kp__rplan *p = PLAN(r, i);
    if (!p)
        return NULL;
    const kp__remedy *rem = &r->model->remedies[p->remedy];
    for (size_t k = 0; k < rem->ncontra && k < 32; k++)
        if ((p->cautions >> k) & 1u) {
            if (j == 0)
                return kp__text_get(&rem->contra[k].text, r->locale, r->third_person);
            j--;
        }
    return NULL;
}

size_t kp_report_plan_because_count(const kp_report *r, size_t i)
{
    const kp__rplan *p = PLAN(r, i);
    return p ? p->nbecause : 0;
}

const char *kp_report_plan_because(const kp_report *r, size_t i, size_t j)
{
    const kp__rplan *p = PLAN(r, i);
    return p && j < p->nbecause ? r->ids[p->first_because + j] : NULL;
}

const char *kp_report_next_question(const kp_report *r)
{
    return r && r->next_question >= 0 ? r->model->findings[r->next_question].id : NULL;
}

const char *kp_report_next_question_text(const kp_report *r)
{
    if (!r || r->next_question < 0)
        return NULL;
    return kp__text_get(&r->model->findings[r->next_question].question, r->locale, r->third_person);
}

double kp_report_next_question_gain(const kp_report *r)
{
    return r && r->next_question >= 0 ? r->next_gain : 0.0;
}

/* Load figures by name: one table shared with the JSON writer. */
const kp__metric_def kp__metric_defs[] = {
    {"weekly_km", offsetof(kp__load_metrics, weekly_km)},
    {"weekly_km_change_pct", offsetof(kp__load_metrics, weekly_km_change_pct)},
    {"acwr_ewma", offsetof(kp__load_metrics, acwr_ewma)},
    {"acwr_rolling", offsetof(kp__load_metrics, acwr_rolling)},
    {"acwr_rolling_uncoupled", offsetof(kp__load_metrics, acwr_rolling_uncoupled)},
    {"run_spike_pct", offsetof(kp__load_metrics, run_spike_pct)},
    {"consecutive_run_days", offsetof(kp__load_metrics, consecutive_run_days)},
    {"runs_last_14d", offsetof(kp__load_metrics, runs_last_14d)},
    {"rest_days_last_14d", offsetof(kp__load_metrics, rest_days_last_14d)},
    {"monotony", offsetof(kp__load_metrics, monotony)},
    {"strain", offsetof(kp__load_metrics, strain)},
    {"days_since_previous_run", offsetof(kp__load_metrics, days_since_previous_run)},
    {"longest_gap_days_28d", offsetof(kp__load_metrics, longest_gap_days_28d)},
    {NULL, 0}};

int kp_report_load_metric(const kp_report *r, const char *name, double *value_out)
{
    if (!r || !name)
        return kp__error(KP_EINVAL, "kp_report_load_metric: report and name are required");
    for (const kp__metric_def *d = kp__metric_defs; d->name; d++) {
        if (strcmp(d->name, name))
            continue;
        if (r->load.runs == 0)
            return 0;
        double v = *(const double *)((const char *)&r->load + d->offset);
        if (isnan(v))
            return 0;
        if (value_out)
            *value_out = v;
        return 1;
    }
    if (!strncmp(name, "shoe_km.", 8)) {
        for (size_t g = 0; g < r->ngears; g++)
            if (!strcmp(r->gear_names[g], name + 8)) {
                if (value_out)
                    *value_out = r->shoe_km[g];
                return 1;
            }
    }
    return kp__error(KP_ENOTFOUND, "unknown training-load figure '%s'", name);
}

const char *kp_report_pain_trend(const kp_report *r)
{
    return r ? kp__trend_names[r->trend] : NULL;
}

const char *kp_report_disclaimer(const kp_report *r)
{
    return r ? kp__text_get(r->model->disclaimer, r->locale, r->third_person) : NULL;
}

size_t kp_report_shoe_count(const kp_report *r) { return r ? r->ngears : 0; }

const char *kp_report_shoe_gear(const kp_report *r, size_t i)
{
    return r && i < r->ngears ? r->gear_names[i] : NULL;
}

double kp_report_shoe_km(const kp_report *r, size_t i)
{
    return r && i < r->ngears ? r->shoe_km[i] : NAN;
}

size_t kp_report_shoe_run_count(const kp_report *r, size_t i)
{
    return r && i < r->ngears ? r->shoe_runs[i] : 0;
}

const char *kp_report_load_as_of(const kp_report *r)
{
    return r && r->as_of[0] ? r->as_of : NULL;
}

size_t kp_report_warning_count(const kp_report *r) { return r ? r->nwarnings : 0; }

const char *kp_report_warning(const kp_report *r, size_t i)
{
    return r && i < r->nwarnings ? r->warnings[i] : NULL;
}

/* Silbernagel: keep running while pain stays acceptable and settles;
 * reduce while it persists or went above the acceptable level during a
 * run; stop and get checked when it worsens. */
static const char *const advice_keys[5] = {NULL, "pain_advice_continue", "pain_advice_continue",
                                           "pain_advice_stop", "pain_advice_reduce"};
static const char *const next_run_words[5] = {NULL, "continue", "continue", "stop", "reduce"};

/* Improving or stable, but too painful during a recent run. */
static int reduce_for_during(const kp_report *r)
{
    return r->pain_during_high &&
           (r->trend == KP_TREND_IMPROVING || r->trend == KP_TREND_STABLE);
}

/* Improving or stable, but the latest morning had not settled: one bad
 * morning (e.g. after a race) reduces the next run, it is not a trend. */
static int reduce_for_morning(const kp_report *r)
{
    return r->pain_morning_unsettled &&
           (r->trend == KP_TREND_IMPROVING || r->trend == KP_TREND_STABLE);
}

/* Red flags win over the diary: no running advice until the runner has
 * been checked, whatever the trend. */
static int checked_first(const kp_report *r)
{
    if (r->level < KP_LEVEL_CONSULTATION)
        return 1;
    for (size_t i = 0; i < r->nreasons; i++)
        if (r->model->rules[r->reasons[i].rule].red_flag)
            return 1;
    return 0;
}

/* Above self-care (no red flag) the level asks for an examination: a
 * settling diary must not say "keep running"; hold the running instead. */
static int hold_for_level(const kp_report *r)
{
    return r->level < KP_LEVEL_SELF_CARE &&
           (r->trend == KP_TREND_IMPROVING || r->trend == KP_TREND_STABLE);
}

const char *kp_report_pain_trend_advice(const kp_report *r)
{
    if (!r || !advice_keys[r->trend])
        return NULL;
    const kp__text *t = NULL;
    if (checked_first(r))
        t = kp__model_text(r->model, "pain_advice_red_flag");
    else if (hold_for_level(r)) {
        t = kp__model_text(r->model, "pain_advice_hold");
        if (!t)
            t = kp__model_text(r->model, "pain_advice_reduce");
    } else if (reduce_for_during(r))
        t = kp__model_text(r->model, "pain_advice_reduce_during");
    else if (reduce_for_morning(r))
        t = kp__model_text(r->model, "pain_advice_reduce_morning");
    if (!t)
        t = kp__model_text(r->model, advice_keys[r->trend]);
    return t ? kp__text_get(t, r->locale, r->third_person) : NULL;
}

const char *kp_report_pain_trend_next_run(const kp_report *r)
{
    if (!r || !next_run_words[r->trend])
        return NULL;
    if (checked_first(r))
        return "stop";
    return reduce_for_during(r) || reduce_for_morning(r) || hold_for_level(r) ? "reduce"
                                                                             : next_run_words[r->trend];
}

kp_model *kp_report_model(const kp_report *r) { return r ? r->model : NULL; }

int kp_report_third_person(const kp_report *r) { return r ? r->third_person : 0; }
