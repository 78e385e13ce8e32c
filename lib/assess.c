/*
 * assess.c - one assessment: effective evidence, posterior, cause scores,
 * triage, plan, next question; then the report, built in one allocation.
 */
#include "date.h"
#include "engine.h"
#include "inputs.h"
#include "internal.h"
#include "plan.h"
#include "predicate.h"
#include "question.h"
#include "report.h"

#include <math.h>
#include <string.h>

/* ----------------------------------------------------- id collection */

typedef struct id_sink {
    const kp_model *m;
    const char **ids;     /* NULL in the counting pass */
    size_t n, start;
    int findings_only;
    const uint8_t *rule_fired;
} id_sink;

static const char *leaf_id(const kp_model *m, int kind, int32_t target)
{
    switch (kind) {
    case KP_NODE_FINDING: return m->findings[target].id;
    case KP_NODE_CAUSE: return m->causes[target].id;
    case KP_NODE_CONDITION: return m->conditions[target].id;
    case KP_NODE_RULE: return m->rules[target].id;
    default: return NULL;
    }
}

static void sink_add(id_sink *k, const char *id)
{
    if (!id)
        return;
    if (k->ids) {
        for (size_t i = k->start; i < k->n; i++)
            if (k->ids[i] == id)
                return;
        k->ids[k->n] = id;
    }
    k->n++;
}

static void sink_leaf(int kind, int32_t target, void *payload)
{
    id_sink *k = payload;
    if (k->findings_only && kind != KP_NODE_FINDING)
        return;
    if (kind == KP_NODE_LEVEL) {
        /* "because the triage level is at least X": the rules that made it so */
        for (size_t i = 0; i < k->m->nrules; i++)
            if (k->rule_fired[i] && k->m->rules[i].level <= target)
                sink_add(k, k->m->rules[i].id);
        return;
    }
    sink_add(k, leaf_id(k->m, kind, target));
}

/* Reasons' findings and plan items' "because" ids, into k. */
static void collect_ids(const kp__eval_ctx *ctx, const kp__scratch *s, size_t nplan,
                        id_sink *k, kp_report *r)
{
    const kp_model *m = ctx->m;
    size_t nr = 0;
    for (size_t i = 0; i < m->nrules; i++) {
        if (!s->rule_fired[i])
            continue;
        k->start = k->n;
        k->findings_only = 1;
        kp__pred_true_leaves(ctx, m->rules[i].when, sink_leaf, k);
        if (r) {
            r->reasons[nr].rule = (int)i;
            r->reasons[nr].first_id = (uint32_t)k->start;
            r->reasons[nr].nids = (uint32_t)(k->n - k->start);
        }
        nr++;
    }
    for (size_t p = 0; p < nplan; p++) {
        const kp__remedy *rem = &m->remedies[s->plan[p]];
        k->start = k->n;
        k->findings_only = 0;
        for (size_t i = 0; i < rem->nindications && i < 64; i++)
            if ((s->indicated[p] >> i) & 1u)
                kp__pred_true_leaves(ctx, rem->indications[i], sink_leaf, k);
        if (rem->safety_net)
            for (size_t i = 0; i < m->nrules; i++)
                if (s->rule_fired[i])
                    sink_add(k, m->rules[i].id);
        if (r) {
            r->plan[p].first_because = (uint32_t)k->start;
            r->plan[p].nbecause = (uint32_t)(k->n - k->start);
        }
    }
}

/* ----------------------------------------------------------- layout */

typedef struct layout {
    size_t size;
    size_t reasons, ids, causes, evidence, conditions, woe, plan, gears, gear_names,
        shoe_km, shoe_runs, value, origin, unchecked, warnings, strings, locale;
} layout;

static size_t take(size_t *size, size_t bytes)
{
    size_t at = (*size + 15) & ~(size_t)15;
    *size = at + bytes;
    return at;
}

static size_t count_evidence(const kp_model *m, const uint8_t *term_true)
{
    size_t n = 0, ti = 0;
    for (size_t k = 0; k < m->ncauses; k++)
        for (size_t t = 0; t < m->causes[k].nterms; t++, ti++)
            if (term_true[ti])
                n += m->causes[k].terms[t].nfindings;
    return n;
}

static size_t count_known_bayes(const kp_model *m, const uint8_t *known)
{
    size_t n = 0;
    for (size_t k = 0; k < m->nbayes; k++)
        n += known[m->bayes_findings[k]] != 0;
    return n;
}

/* ------------------------------------------------------------ fill */

static void fill_causes(kp_report *r, const kp__eval_ctx *ctx, const kp__scratch *s)
{
    const kp_model *m = ctx->m;
    size_t nev = 0, ti = 0;
    for (size_t k = 0; k < m->ncauses; k++) {
        const kp__cause *c = &m->causes[k];
        kp__rcause *rc = &r->causes[k];
        rc->cause = (int)k;
        rc->score = s->cause_score[k];
        rc->logit = s->cause_logit[k];
        rc->first_ev = (uint32_t)nev;
        for (size_t t = 0; t < c->nterms; t++, ti++) {
            const kp__term *term = &c->terms[t];
            if (!s->term_true[ti])
                continue;
            /* a term over several findings shares its weight equally, so
             * the effects still add up to the logit */
            double share = term->weight.value / term->nfindings;
            for (uint32_t j = 0; j < term->nfindings; j++) {
                int f = (int)m->term_findings[term->first_finding + j];
                size_t e = rc->first_ev;
                while (e < nev && r->evidence[e].finding != f)
                    e++;
                if (e == nev) {
                    r->evidence[nev].finding = f;
                    r->evidence[nev].value = ctx->value[f];
                    r->evidence[nev].effect = 0;
                    nev++;
                }
                r->evidence[e].effect += share;
            }
        }
        rc->nev = (uint32_t)(nev - rc->first_ev);
        /* strongest effects first */
        for (uint32_t i = 1; i < rc->nev; i++)
            for (uint32_t j = i; j > 0; j--) {
                kp__evidence *a = &r->evidence[rc->first_ev + j - 1], *b = a + 1;
                if (fabs(b->effect) <= fabs(a->effect))
                    break;
                kp__evidence t = *a;
                *a = *b;
                *b = t;
            }
    }
    r->ncauses = m->ncauses;
    /* causes by score, descending (stable) */
    for (size_t i = 1; i < r->ncauses; i++)
        for (size_t j = i; j > 0 && r->causes[j].score > r->causes[j - 1].score; j--) {
            kp__rcause t = r->causes[j];
            r->causes[j] = r->causes[j - 1];
            r->causes[j - 1] = t;
        }
}

static void sort_woe(kp__woe_entry *w, size_t n, int descending)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0; j--) {
            int swap = descending ? w[j].weight > w[j - 1].weight : w[j].weight < w[j - 1].weight;
            if (!swap)
                break;
            kp__woe_entry t = w[j];
            w[j] = w[j - 1];
            w[j - 1] = t;
        }
}

static int ranks_before(const kp__rcondition *a, const kp__rcondition *b)
{
    if (a->flagged != b->flagged)
        return a->flagged;
    return a->probability > b->probability;
}

/* Weights of evidence per condition; each known finding's outcome and
 * marginal are looked up once. */
static void fill_conditions(kp_report *r, const kp_model *m, const kp__scratch *s, double log_z)
{
    double thr = m->support_threshold.value;
    double marg = 0;
    size_t nk = 0;
    for (size_t k = 0; k < m->nbayes; k++) {
        uint32_t f = m->bayes_findings[k];
        if (!s->known[f])
            continue;
        const kp__finding *fd = &m->findings[f];
        size_t o = kp__finding_outcome(fd, s->value[f]);
        s->bayes_known[nk] = (int)f;
        s->bayes_outcome[nk] = o;
        marg += m->logmarg[fd->lik_offset / m->nconditions + o];
        nk++;
    }
    r->log_normaliser = log_z - marg;
    size_t nw = 0;
    for (size_t c = 0; c < m->nconditions; c++) {
        kp__rcondition *rc = &r->conditions[c];
        rc->condition = (int)c;
        rc->probability = s->post[c];
        rc->log_prior = m->logprior[c];
        rc->flagged = 0;
        for (size_t j = 0; j < nk; j++) {
            const kp__finding *fd = &m->findings[s->bayes_known[j]];
            size_t o = s->bayes_outcome[j];
            s->weights[j] = m->loglik[fd->lik_offset + c * fd->noutcomes + o] -
                            m->logmarg[fd->lik_offset / m->nconditions + o];
        }
        rc->first_sup = (uint32_t)nw;
        for (size_t j = 0; j < nk; j++)
            if (s->weights[j] > thr)
                r->woe[nw++] = (kp__woe_entry){s->bayes_known[j], s->weights[j]};
        rc->nsup = (uint32_t)(nw - rc->first_sup);
        sort_woe(r->woe + rc->first_sup, rc->nsup, 1);
        rc->first_con = (uint32_t)nw;
        for (size_t j = 0; j < nk; j++)
            if (s->weights[j] < -thr)
                r->woe[nw++] = (kp__woe_entry){s->bayes_known[j], s->weights[j]};
        rc->ncon = (uint32_t)(nw - rc->first_con);
        sort_woe(r->woe + rc->first_con, rc->ncon, 0);
    }
    /* a must-not-miss condition named by a fired red-flag rule ranks first
     * (the ranking is about not missing it, not about its probability);
     * the rest, and the flagged ones among themselves, by probability */
    for (size_t k = 0; k < m->nrules; k++)
        if (s->rule_fired[k] && m->rules[k].red_flag)
            for (size_t j = 0; j < m->rules[k].nconditions; j++)
                r->conditions[m->rules[k].conditions[j]].flagged = 1;
    r->nconditions = m->nconditions;
    for (size_t i = 1; i < r->nconditions; i++)
        for (size_t j = i; j > 0 && ranks_before(&r->conditions[j], &r->conditions[j - 1]); j--) {
            kp__rcondition t = r->conditions[j];
            r->conditions[j] = r->conditions[j - 1];
            r->conditions[j - 1] = t;
        }
}

static void fill_plan(kp_report *r, const kp_session *se, const kp__eval_ctx *ctx, size_t nplan)
{
    const kp_model *m = se->model;
    const kp__scratch *s = &se->s;
    for (size_t p = 0; p < nplan; p++) {
        const kp__remedy *rem = &m->remedies[s->plan[p]];
        kp__rplan *it = &r->plan[p];
        const kp__text *text = &rem->text;
        it->remedy = s->plan[p];
        it->dose = rem->dose;
        it->ndose = rem->ndose;
        /* a contraindication nobody has answered yet is shown as a caution
         * (a true one has kept the remedy out of the plan) */
        it->cautions = 0;
        for (size_t k = 0; k < rem->ncontra && k < 32; k++)
            if (kp__pred_eval(ctx, rem->contra[k].when) == KP_UNKNOWN)
                it->cautions |= (uint32_t)1 << k;
        if (s->plan_variant[p] >= 0) {
            const kp__variant *v = &rem->variants[s->plan_variant[p]];
            if (v->has_text)
                text = &v->text;
            if (v->has_dose) {
                it->dose = v->dose;
                it->ndose = v->ndose;
            }
        }
        /* a level's own text (e.g. "call an ambulance now") replaces the
         * self-management text, and with it the schedule of its dose */
        if (rem->has_level_text[r->level]) {
            text = &rem->level_text[r->level];
            it->ndose = 0;
        }
        it->text = text;
    }
    r->nplan = nplan;
}

static char *copy_string(char **cursor, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = *cursor;
    memcpy(p, s, n);
    *cursor += n;
    return p;
}

kp_status kp_session_assess(kp_session *se, kp_report **out)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_session_assess: out is NULL");
    *out = NULL;
    if (!se)
        return kp__error(KP_EINVAL, "kp_session_assess: session is NULL");
    /* the input document's interview chooses the next question, whichever
     * path (kp_assess_json, a session changed after loading, a binding)
     * assesses the document */
    kp_status rc = se->doc_interview ? kp_interview_assess(se->doc_interview, out)
                                     : kp__session_assess_plain(se, out);
    if (!rc)
        (*out)->triage_changes = se->doc_triage_changes;
    return rc;
}

kp_status kp__session_assess_plain(kp_session *se, kp_report **out)
{
    *out = NULL;
    kp_status rc = kp__session_derive(se);
    if (rc)
        return rc;
    const kp_model *m = se->model;
    kp__scratch *s = &se->s;

    /* effective evidence: an explicit answer wins over a derived value */
    for (size_t f = 0; f < m->nfindings; f++) {
        if (se->answered[f]) {
            s->value[f] = se->answer[f];
            s->known[f] = KP_ORIGIN_ANSWERED;
        } else if (se->derived_known[f]) {
            s->value[f] = se->derived[f];
            s->known[f] = KP_ORIGIN_DERIVED;
        } else {
            s->value[f] = 0;
            s->known[f] = KP_ORIGIN_NONE;
        }
    }
    double log_z = kp__posterior(m, s->value, s->known, s->logpost, s->post);
    kp__cause_scores(m, s->value, s->known, s->cause_logit, s->cause_score, s->term_true);
    int level = kp__triage(m, s->value, s->known, s->rule_fired);
    kp__eval_ctx ctx = {m, s->value, s->known, s->cause_score, s->post, level, s->rule_fired};
    size_t nplan = kp__plan_select(&ctx, se->max_plan_items, s->plan, s->plan_variant, s->indicated,
                                   s->blocked);
    kp__qsettings qset;
    kp__question question;
    kp__qsettings_default(&qset);
    kp__question_select(m, s->post, s->value, s->known, level, s->rule_fired, &qset, s->qbuf,
                        &question);

    /* sizes */
    size_t nreasons = 0;
    for (size_t i = 0; i < m->nrules; i++)
        nreasons += s->rule_fired[i];
    /* an upper bound of the ids the reasons and plan items will list */
    size_t nids = 0;
    for (size_t i = 0; i < m->nrules; i++)
        if (s->rule_fired[i])
            nids += m->nodes[m->rules[i].when].nleaves + 1;
    size_t nfired = 0;
    for (size_t i = 0; i < m->nrules; i++)
        nfired += s->rule_fired[i];
    for (size_t p = 0; p < nplan; p++) {
        const kp__remedy *rem = &m->remedies[s->plan[p]];
        for (size_t i = 0; i < rem->nindications && i < 64; i++)
            if ((s->indicated[p] >> i) & 1u)   /* a level leaf may list every fired rule */
                nids += m->nodes[rem->indications[i]].nleaves * (nfired + 1);
    }
    size_t nev = count_evidence(m, s->term_true);
    size_t nwoe = count_known_bayes(m, s->known) * m->nconditions;
    size_t ngears = se->log.ngears;
    size_t nwarn = se->log.nwarnings + se->nderived_notes;
    size_t strbytes = 0;
    for (size_t g = 0; g < ngears; g++)
        strbytes += strlen(se->log.gears[g]) + 1;
    for (size_t w = 0; w < nwarn; w++)
        strbytes += strlen(kp_session_warning(se, w)) + 1;
    if (se->locale)
        strbytes += strlen(se->locale) + 1;

    layout L;
    memset(&L, 0, sizeof L);
    L.size = sizeof(kp_report);
    L.reasons = take(&L.size, nreasons * sizeof(kp__reason));
    L.ids = take(&L.size, nids * sizeof(const char *));
    L.causes = take(&L.size, m->ncauses * sizeof(kp__rcause));
    L.evidence = take(&L.size, nev * sizeof(kp__evidence));
    L.conditions = take(&L.size, m->nconditions * sizeof(kp__rcondition));
    L.woe = take(&L.size, nwoe * sizeof(kp__woe_entry));
    L.plan = take(&L.size, nplan * sizeof(kp__rplan));
    L.gear_names = take(&L.size, ngears * sizeof(const char *));
    L.shoe_km = take(&L.size, ngears * sizeof(double));
    L.shoe_runs = take(&L.size, ngears * sizeof(size_t));
    L.value = take(&L.size, m->nfindings * sizeof(double));
    L.origin = take(&L.size, m->nfindings);
    L.unchecked = take(&L.size, 2 * m->nfindings * sizeof(int));
    L.warnings = take(&L.size, nwarn * sizeof(const char *));
    L.strings = take(&L.size, strbytes);

    char *block = kp__malloc(L.size);
    if (!block)
        return kp__oom();
    memset(block, 0, sizeof(kp_report));
    kp_report *r = (kp_report *)block;
    r->reasons = (kp__reason *)(block + L.reasons);
    r->ids = (const char **)(block + L.ids);
    r->causes = (kp__rcause *)(block + L.causes);
    r->evidence = (kp__evidence *)(block + L.evidence);
    r->conditions = (kp__rcondition *)(block + L.conditions);
    r->woe = (kp__woe_entry *)(block + L.woe);
    r->plan = (kp__rplan *)(block + L.plan);
    r->gear_names = (const char **)(block + L.gear_names);
    r->shoe_km = (double *)(block + L.shoe_km);
    r->shoe_runs = (size_t *)(block + L.shoe_runs);
    r->value = (double *)(block + L.value);
    r->origin = (uint8_t *)(block + L.origin);
    r->unchecked = (int *)(block + L.unchecked);
    r->unchecked_level = r->unchecked + m->nfindings;
    r->warnings = (const char **)(block + L.warnings);
    char *cursor = block + L.strings;

    r->model = kp__model_ref(se->model);
    r->locale = se->locale ? copy_string(&cursor, se->locale) : NULL;
    r->third_person = se->third_person;
    r->level = level;
    r->nunchecked = kp__unchecked(m, s->value, s->known, level, r->unchecked_level, r->unchecked);
    r->nreasons = nreasons;
    id_sink filler = {m, r->ids, 0, 0, 0, s->rule_fired};
    collect_ids(&ctx, s, nplan, &filler, r);
    r->nids = filler.n;
    fill_causes(r, &ctx, s);
    fill_conditions(r, m, s, log_z);
    fill_plan(r, se, &ctx, nplan);
    kp__report_set_question(r, &question);
    r->load = se->metrics;
    if (r->load.as_of != INT32_MIN)
        kp__date_format(r->load.as_of, r->as_of);
    r->ngears = ngears;
    kp__gear_run_counts(&se->log, se->as_of, r->shoe_runs);
    for (size_t g = 0; g < ngears; g++) {
        r->gear_names[g] = copy_string(&cursor, se->log.gears[g]);
        r->shoe_km[g] = se->shoe_km[g];
    }
    r->trend = se->trend;
    r->pain_during_high = se->pain_during_high;
    r->pain_morning_unsettled = se->pain_morning_unsettled;
    memcpy(r->value, s->value, m->nfindings * sizeof(double));
    memcpy(r->origin, s->known, m->nfindings);
    r->nwarnings = nwarn;
    for (size_t w = 0; w < nwarn; w++)
        r->warnings[w] = copy_string(&cursor, kp_session_warning(se, w));
    r->inputs = kp__inputs_ref(se->inputs);
    *out = r;
    return KP_OK;
}

void kp_report_free(kp_report *r)
{
    if (!r)
        return;
    kp_model_free(r->model);
    kp__inputs_unref(r->inputs);
    kp__free(r);
}
