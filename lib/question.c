/*
 * question.c - the next most useful question.
 *
 * 1. Red-flag screening questions (findings marked "screen") come first, in
 *    model order, until each is answered.
 * 2. Otherwise the askable, unanswered finding of the condition model with
 *    the highest expected information gain about the condition ranking per
 *    unit of cost: IG(f) = H(C | e) - sum_a P(f=a | e) H(C | e, f=a), in
 *    nats.  Below the model's min_information_gain nothing is asked.
 *
 * Entropies reuse the precomputed ln likelihood tables, so the cost is a few
 * multiplications per condition and one logarithm per possible answer.
 */
#include "engine.h"

#include <math.h>

static double entropy(const double *p, const double *logp, size_t n)
{
    double h = 0;
    for (size_t c = 0; c < n; c++)
        if (p[c] > 0)
            h -= p[c] * logp[c];
    return h;
}

int kp__next_question(const kp_model *m, const double *post, const uint8_t *known, double *qbuf,
                      double *gain, const char **reason)
{
    size_t nc = m->nconditions;
    double *logp = qbuf;
    for (size_t c = 0; c < nc; c++)
        logp[c] = post[c] > 0 ? log(post[c]) : -INFINITY;
    double h0 = entropy(post, logp, nc);

    for (size_t fi = 0; fi < m->nfindings; fi++) {
        const kp__finding *f = &m->findings[fi];
        if (f->screen && f->askable && !known[fi]) {
            *reason = "screen";
            *gain = 0;
            if (f->in_bayes) {
                /* report its gain too, for the explanation */
                double eh = 0;
                for (size_t o = 0; o < f->noutcomes; o++) {
                    double po = 0, s = 0;
                    for (size_t c = 0; c < nc; c++) {
                        double q = post[c] * m->lik[f->lik_offset + c * f->noutcomes + o];
                        po += q;
                        if (q > 0)
                            s += q * (logp[c] + m->loglik[f->lik_offset + c * f->noutcomes + o]);
                    }
                    if (po > 0)
                        eh += po * log(po) - s;
                }
                *gain = h0 - eh > 0 ? h0 - eh : 0;
            }
            return (int)fi;
        }
    }

    int best = -1;
    double best_score = 0, best_gain = 0;
    for (size_t k = 0; k < m->nbayes; k++) {
        uint32_t fi = m->bayes_findings[k];
        const kp__finding *f = &m->findings[fi];
        if (known[fi] || !f->askable)
            continue;
        /* expected posterior entropy: sum_a P(a) H(C|a), where
         * P(a) H(C|a) = P(a) ln P(a) - sum_c q_c ln q_c, q_c = p_c P(a|c) */
        double eh = 0;
        for (size_t o = 0; o < f->noutcomes; o++) {
            double po = 0, s = 0;
            const double *lik = m->lik + f->lik_offset + o;
            const double *ll = m->loglik + f->lik_offset + o;
            for (size_t c = 0; c < nc; c++) {
                double q = post[c] * lik[c * f->noutcomes];
                po += q;
                if (q > 0)
                    s += q * (logp[c] + ll[c * f->noutcomes]);
            }
            if (po > 0)
                eh += po * log(po) - s;
        }
        double ig = h0 - eh;
        double score = ig / f->cost;
        if (best < 0 || score > best_score) {
            best = (int)fi;
            best_score = score;
            best_gain = ig;
        }
    }
    if (best < 0 || best_gain < m->min_information_gain.value)
        return -1;
    *gain = best_gain;
    *reason = "information_gain";
    return best;
}
