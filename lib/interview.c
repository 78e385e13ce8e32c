/*
 * interview.c - an adaptive interview over a session: budget, cost
 * overrides, exclusions and "don't know" answers on top of the question
 * selection of question.c (doc/interview.md).
 */
#include "engine.h"
#include "internal.h"
#include "interview.h"
#include "report.h"

#include <math.h>
#include <string.h>

kp_status kp_interview_options_init(kp_interview_options *opts, unsigned int version)
{
    if (!opts)
        return kp__error(KP_EINVAL, "kp_interview_options_init: opts is NULL");
    if (version != KP_INTERVIEW_OPTIONS_VERSION)
        return kp__error(KP_EVERSION, "kp_interview_options: unsupported version %u", version);
    kp_interview_options d = KP_INTERVIEW_OPTIONS_INIT;
    *opts = d;
    return KP_OK;
}

kp_status kp__interview_check_options(const kp_interview_options *o)
{
    if (o->version != KP_INTERVIEW_OPTIONS_VERSION)
        return kp__error(KP_EVERSION, "kp_interview_options: unsupported version %u", o->version);
    if (!(o->triage_weight >= 0) || !isfinite(o->triage_weight))
        return kp__error(KP_ERANGE, "triage_weight: must be a finite number >= 0");
    if (isnan(o->min_gain) || isinf(o->min_gain))
        return kp__error(KP_ERANGE, "min_gain: must be a finite number");
    return KP_OK;
}

kp_status kp_interview_new(kp_interview **out, kp_session *session,
                           const kp_interview_options *opts)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_interview_new: out is NULL");
    *out = NULL;
    if (!session)
        return kp__error(KP_EINVAL, "kp_interview_new: session is NULL");
    kp_interview_options d = KP_INTERVIEW_OPTIONS_INIT;
    if (!opts)
        opts = &d;
    kp_status rc = kp__interview_check_options(opts);
    if (rc)
        return rc;
    const kp_model *m = session->model;
    size_t nf = m->nfindings, nc = m->nconditions;
    kp_interview *iv = kp__calloc(1, sizeof *iv);
    if (!iv)
        return kp__oom();
    iv->session = session;
    iv->opts = *opts;
    iv->cost = kp__calloc(nf + 1, sizeof(double));
    iv->excluded = kp__calloc(nf + 1, 1);
    iv->asked = kp__calloc(nf + 1, 1);
    iv->dont_know = kp__calloc(nf + 1, 1);
    iv->blocked = kp__calloc(nf + 1, 1);
    iv->value = kp__calloc(nf + 1, sizeof(double));
    iv->known = kp__calloc(nf + 1, 1);
    iv->logpost = kp__calloc(nc + 1, sizeof(double));
    iv->post = kp__calloc(nc + 1, sizeof(double));
    iv->work = kp__calloc(2 * nc + 1, sizeof(double));
    iv->fired = kp__calloc(m->nrules + 1, 1);
    if (!iv->cost || !iv->excluded || !iv->asked || !iv->dont_know || !iv->blocked ||
        !iv->value || !iv->known || !iv->logpost || !iv->post || !iv->work || !iv->fired) {
        kp_interview_free(iv);
        return kp__oom();
    }
    for (size_t f = 0; f < nf; f++)
        iv->cost[f] = m->findings[f].cost;
    *out = iv;
    return KP_OK;
}

void kp_interview_free(kp_interview *iv)
{
    if (!iv)
        return;
    kp__free(iv->cost);
    kp__free(iv->excluded);
    kp__free(iv->asked);
    kp__free(iv->dont_know);
    kp__free(iv->blocked);
    kp__free(iv->value);
    kp__free(iv->known);
    kp__free(iv->logpost);
    kp__free(iv->post);
    kp__free(iv->work);
    kp__free(iv->fired);
    kp__free(iv);
}

kp_session *kp_interview_session(const kp_interview *iv)
{
    return iv ? iv->session : NULL;
}

static int finding_of(const kp_interview *iv, const char *finding)
{
    if (!iv || !finding) {
        kp__error(KP_EINVAL, "interview and finding are required");
        return KP_EINVAL;
    }
    int f = kp__model_find_finding(iv->session->model, finding);
    if (f < 0) {
        kp__error(KP_ENOTFOUND, "unknown finding '%s'", finding);
        return KP_ENOTFOUND;
    }
    return f;
}

kp_status kp_interview_set_cost(kp_interview *iv, const char *finding, double cost)
{
    int f = finding_of(iv, finding);
    if (f < 0)
        return f;
    if (!(cost > 0) || !isfinite(cost))
        return kp__error(KP_ERANGE, "cost of '%s': must be a finite number > 0", finding);
    iv->cost[f] = cost;
    return KP_OK;
}

kp_status kp_interview_exclude(kp_interview *iv, const char *finding, int excluded)
{
    int f = finding_of(iv, finding);
    if (f < 0)
        return f;
    iv->excluded[f] = excluded != 0;
    return KP_OK;
}

static kp_status answered(kp_interview *iv, const char *finding, kp_status rc)
{
    if (rc)
        return rc;
    int f = kp__model_find_finding(iv->session->model, finding);
    if (!iv->asked[f]) {
        iv->asked[f] = 1;
        iv->nasked++;
    }
    iv->dont_know[f] = 0;
    return KP_OK;
}

kp_status kp_interview_answer_bool(kp_interview *iv, const char *finding, int value)
{
    if (!iv)
        return kp__error(KP_EINVAL, "kp_interview_answer_bool: interview is NULL");
    return answered(iv, finding, kp_session_set_bool(iv->session, finding, value));
}

kp_status kp_interview_answer_number(kp_interview *iv, const char *finding, double value)
{
    if (!iv)
        return kp__error(KP_EINVAL, "kp_interview_answer_number: interview is NULL");
    return answered(iv, finding, kp_session_set_number(iv->session, finding, value));
}

kp_status kp_interview_answer_choice(kp_interview *iv, const char *finding, const char *choice)
{
    if (!iv)
        return kp__error(KP_EINVAL, "kp_interview_answer_choice: interview is NULL");
    return answered(iv, finding, kp_session_set_choice(iv->session, finding, choice));
}

kp_status kp_interview_answer_unknown(kp_interview *iv, const char *finding)
{
    int f = finding_of(iv, finding);
    if (f < 0)
        return f;
    kp_status rc = kp_session_unset(iv->session, finding);
    if (rc)
        return rc;
    if (!iv->asked[f]) {
        iv->asked[f] = 1;
        iv->nasked++;
    }
    iv->dont_know[f] = 1;
    return KP_OK;
}

size_t kp_interview_asked_count(const kp_interview *iv)
{
    return iv ? iv->nasked : 0;
}

/* The selection settings: exclusions plus "don't know" answers. */
static void settings(kp_interview *iv, kp__qsettings *set)
{
    size_t nf = iv->session->model->nfindings;
    for (size_t f = 0; f < nf; f++)
        iv->blocked[f] = iv->excluded[f] | iv->dont_know[f];
    kp__qsettings_default(set);
    set->cost = iv->cost;
    set->excluded = iv->blocked;
    set->remaining = iv->opts.budget < 0 ? -1
                     : (size_t)iv->opts.budget > iv->nasked ? iv->opts.budget - (long)iv->nasked
                                                            : 0;
    set->triage_weight = iv->opts.triage_weight;
    set->min_gain = iv->opts.min_gain < 0 ? NAN : iv->opts.min_gain;
    set->stop_on_red_flag = iv->opts.stop_on_red_flag;
}

int kp_interview_next(kp_interview *iv, const char **finding_out)
{
    if (!iv || !finding_out)
        return kp__error(KP_EINVAL, "kp_interview_next: interview and finding_out are required");
    *finding_out = NULL;
    kp_session *se = iv->session;
    kp_status rc = kp__session_derive(se);
    if (rc)
        return rc;
    const kp_model *m = se->model;
    for (size_t f = 0; f < m->nfindings; f++) {
        if (se->answered[f]) {
            iv->value[f] = se->answer[f];
            iv->known[f] = KP_ORIGIN_ANSWERED;
        } else if (se->derived_known[f]) {
            iv->value[f] = se->derived[f];
            iv->known[f] = KP_ORIGIN_DERIVED;
        } else {
            iv->value[f] = 0;
            iv->known[f] = KP_ORIGIN_NONE;
        }
    }
    kp__posterior(m, iv->value, iv->known, iv->logpost, iv->post);
    int level = kp__triage(m, iv->value, iv->known, iv->fired);
    kp__qsettings set;
    settings(iv, &set);
    kp__question q;
    kp__question_select(m, iv->post, iv->value, iv->known, level, iv->fired, &set, iv->work, &q);
    if (q.finding < 0)
        return 0;
    *finding_out = m->findings[q.finding].id;
    return 1;
}

kp_status kp_interview_assess(kp_interview *iv, kp_report **out)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_interview_assess: out is NULL");
    *out = NULL;
    if (!iv)
        return kp__error(KP_EINVAL, "kp_interview_assess: interview is NULL");
    kp_report *r;
    kp_status rc = kp__session_assess_plain(iv->session, &r);
    if (rc)
        return rc;
    /* the same selection again, under this interview's settings; the
     * report holds the effective evidence, posterior and fired rules */
    const kp_model *m = r->model;
    for (size_t i = 0; i < r->nconditions; i++)
        iv->post[r->conditions[i].condition] = r->conditions[i].probability;
    memset(iv->fired, 0, m->nrules);
    for (size_t i = 0; i < r->nreasons; i++)
        iv->fired[r->reasons[i].rule] = 1;
    kp__qsettings set;
    settings(iv, &set);
    kp__question q;
    kp__question_select(m, iv->post, r->value, r->origin, r->level, iv->fired, &set, iv->work, &q);
    kp__report_set_question(r, &q);
    *out = r;
    return KP_OK;
}

const char *kp_model_text(const kp_model *m, const char *key, const char *locale, int third_person)
{
    if (!m || !key)
        return NULL;
    const kp__text *t = kp__model_text(m, key);
    return t ? kp__text_get(t, locale, third_person) : NULL;
}

const char *kp_model_finding_choice_text(const kp_model *m, size_t index, size_t choice,
                                         const char *locale, int third_person)
{
    if (!m || index >= m->nfindings || choice >= m->findings[index].nchoices)
        return NULL;
    return kp__text_get(&m->findings[index].choices[choice].text, locale, third_person);
}
