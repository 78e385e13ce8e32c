/*
 * engine.c - condition posterior (naive Bayes over mutually exclusive
 * conditions), cause scores (independent logistic scores) and triage rules.
 *
 * Posterior: P(c | e) = prior(c) * prod_f P(e_f | c) / Z over the known
 * findings f of the condition model; an unknown finding is summed out, and
 * because each P(. | c) is a proper distribution it contributes a factor 1.
 *
 * Explanations: the weight of evidence of finding f for condition c is
 * woe_f(c) = ln P(e_f | c) - ln P(e_f), with P(e_f) the marginal under the
 * priors.  Then ln P(c | e) = ln prior(c) + sum_f woe_f(c) - N, where the
 * normaliser N = ln Z - sum_f ln P(e_f) is the same for every condition.
 */
#include "engine.h"
#include "predicate.h"

#include <math.h>

double kp__posterior(const kp_model *m, const double *value, const uint8_t *known,
                     double *logpost, double *post)
{
    size_t nc = m->nconditions;
    for (size_t c = 0; c < nc; c++)
        logpost[c] = m->logprior[c];
    for (size_t k = 0; k < m->nbayes; k++) {
        uint32_t fi = m->bayes_findings[k];
        if (!known[fi])
            continue;
        const kp__finding *f = &m->findings[fi];
        size_t o = kp__finding_outcome(f, value[fi]);
        const double *ll = m->loglik + f->lik_offset + o;
        for (size_t c = 0; c < nc; c++)
            logpost[c] += ll[c * f->noutcomes];
    }
    double max = logpost[0];
    for (size_t c = 1; c < nc; c++)
        if (logpost[c] > max)
            max = logpost[c];
    double sum = 0;
    for (size_t c = 0; c < nc; c++) {
        post[c] = exp(logpost[c] - max);
        sum += post[c];
    }
    double inv = 1.0 / sum;
    for (size_t c = 0; c < nc; c++)
        post[c] *= inv;
    return max + log(sum);
}

double kp__woe(const kp_model *m, int fi, int c, double v)
{
    const kp__finding *f = &m->findings[fi];
    size_t o = kp__finding_outcome(f, v);
    return m->loglik[f->lik_offset + (size_t)c * f->noutcomes + o] -
           m->logmarg[f->lik_offset / m->nconditions + o];
}

void kp__cause_scores(const kp_model *m, const double *value, const uint8_t *known,
                      double *logit, double *score, uint8_t *term_true)
{
    kp__eval_ctx ctx = {m, value, known, NULL, NULL, KP_LEVEL_SELF_CARE, NULL};
    size_t ti = 0;
    for (size_t k = 0; k < m->ncauses; k++) {
        const kp__cause *c = &m->causes[k];
        double z = c->bias.value;
        for (size_t t = 0; t < c->nterms; t++, ti++) {
            int on = kp__pred_eval(&ctx, c->terms[t].when) == KP_TRUE;
            if (term_true)
                term_true[ti] = (uint8_t)on;
            if (on)
                z += c->terms[t].weight.value;
        }
        logit[k] = z;
        score[k] = 1.0 / (1.0 + exp(-z));
    }
}

int kp__triage(const kp_model *m, const double *value, const uint8_t *known, uint8_t *fired)
{
    kp__eval_ctx ctx = {m, value, known, NULL, NULL, KP_LEVEL_SELF_CARE, NULL};
    int level = KP_LEVEL_SELF_CARE;
    for (size_t r = 0; r < m->nrules; r++) {
        fired[r] = kp__pred_eval(&ctx, m->rules[r].when) == KP_TRUE;
        if (fired[r] && m->rules[r].level < level)
            level = m->rules[r].level;
    }
    return level;
}
