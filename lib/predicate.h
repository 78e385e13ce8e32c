/*
 * predicate.h - three-valued evaluation of model predicates (internal).
 */
#ifndef KP_PREDICATE_H
#define KP_PREDICATE_H

#include <stdint.h>
#include "model.h"

enum { KP_FALSE = 0, KP_TRUE = 1, KP_UNKNOWN = 2 };

/** What a predicate may look at.  Arrays are indexed like the model's. */
typedef struct kp__eval_ctx {
    const kp_model *m;
    const double *value;        /* per finding */
    const uint8_t *known;       /* per finding: non-zero when the value is known */
    const double *cause_score;  /* per cause (NULL before scoring) */
    const double *cond_prob;    /* per condition (NULL before inference) */
    int level;                  /* triage level (plan stage) */
    const uint8_t *rule_fired;  /* per rule (plan stage) */
} kp__eval_ctx;

/** KP_TRUE, KP_FALSE or KP_UNKNOWN.  A finding leaf on an unknown finding
 * gives its node's if_unknown (KP_UNKNOWN unless the model set a default). */
int kp__pred_eval(const kp__eval_ctx *ctx, uint32_t node);

/** Zero when finding `fi` does not apply (its model ask_if is false for
 * the evidence in ctx): it is not asked and not an unchecked warning sign. */
int kp__finding_applies(const kp__eval_ctx *ctx, size_t fi);

/** Call `fn(kind, target, payload)` for each leaf that makes a TRUE
 * predicate true (all children of a true "all", the true children of a true
 * "any"; nothing under "not").  kind is a kp__node_kind. */
typedef void (*kp__leaf_fn)(int kind, int32_t target, void *payload);
void kp__pred_true_leaves(const kp__eval_ctx *ctx, uint32_t node, kp__leaf_fn fn, void *payload);

#endif
