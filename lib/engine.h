/*
 * engine.h - the inference steps shared by sessions and batch scoring.
 */
#ifndef KP_ENGINE_H
#define KP_ENGINE_H

#include <stdint.h>
#include "model.h"

/** Condition posterior: post[c] (sums to 1) and logpost[c] (unnormalised
 * ln prior + ln likelihoods).  Unknown findings are marginalised.  Returns
 * ln of the normalising sum. */
double kp__posterior(const kp_model *m, const double *value, const uint8_t *known,
                     double *logpost, double *post);

/** Cause scores: logit[k] = bias + weights of true terms; score = logistic.
 * term_true (may be NULL) receives 1/0 per term, causes' terms in order. */
void kp__cause_scores(const kp_model *m, const double *value, const uint8_t *known,
                      double *logit, double *score, uint8_t *term_true);

/** Evaluate the triage rules: fired[r] (0/1); returns the most urgent level
 * (KP_LEVEL_SELF_CARE when none fired). */
int kp__triage(const kp_model *m, const double *value, const uint8_t *known, uint8_t *fired);

/** The unknown screening or red-flag findings that could still make `level`
 * more urgent, most urgent first, into out (room for nfindings); urgency
 * (nfindings ints) receives per finding the most urgent level it could give,
 * or -1.  Returns how many (lib/provisional.c). */
size_t kp__unchecked(const kp_model *m, const double *value, const uint8_t *known, int level,
                     int *urgency, int *out);

/** Weight of evidence (nats) of known finding f for condition c. */
double kp__woe(const kp_model *m, int f, int c, double value);

#endif
