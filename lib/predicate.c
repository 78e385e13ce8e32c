/*
 * predicate.c - Kleene three-valued logic over findings (unknown stays
 * unknown), cause scores, condition probabilities, the triage level and
 * fired rules.
 */
#include "predicate.h"

static inline __attribute__((always_inline)) int compare_ops(const kp__node *n, double v)
{
    if (n->ops == KP_OP_EQ)   /* the common case: one equality */
        return v == n->eq;
    if ((n->ops & KP_OP_EQ) && !(v == n->eq)) return KP_FALSE;
    if ((n->ops & KP_OP_NE) && !(v != n->ne)) return KP_FALSE;
    if ((n->ops & KP_OP_IN) && !((n->in_mask >> (unsigned)v) & 1u)) return KP_FALSE;
    if ((n->ops & KP_OP_LT) && !(v < n->lt)) return KP_FALSE;
    if ((n->ops & KP_OP_LE) && !(v <= n->le)) return KP_FALSE;
    if ((n->ops & KP_OP_GT) && !(v > n->gt)) return KP_FALSE;
    if ((n->ops & KP_OP_GE) && !(v >= n->ge)) return KP_FALSE;
    return KP_TRUE;
}

/* A finding leaf, evaluated without a call (most children are leaves). */
static inline __attribute__((always_inline)) int leaf_eval(const kp__eval_ctx *ctx,
                                                           const kp__node *n)
{
    if (!ctx->known[n->target])
        return n->if_unknown;
    return compare_ops(n, ctx->value[n->target]);
}

int kp__pred_eval(const kp__eval_ctx *ctx, uint32_t index)
{
    const kp_model *m = ctx->m;
    const kp__node *n = &m->nodes[index];
    switch (n->kind) {
    case KP_NODE_ALL: {
        int result = KP_TRUE;
        for (uint32_t i = 0; i < n->nchildren; i++) {
            const kp__node *c = &m->nodes[m->children[n->first_child + i]];
            int r = c->kind == KP_NODE_FINDING ? leaf_eval(ctx, c)
                                               : kp__pred_eval(ctx, m->children[n->first_child + i]);
            if (r == KP_FALSE)
                return KP_FALSE;
            if (r == KP_UNKNOWN)
                result = KP_UNKNOWN;
        }
        return result;
    }
    case KP_NODE_ANY: {
        int result = KP_FALSE;
        for (uint32_t i = 0; i < n->nchildren; i++) {
            const kp__node *c = &m->nodes[m->children[n->first_child + i]];
            int r = c->kind == KP_NODE_FINDING ? leaf_eval(ctx, c)
                                               : kp__pred_eval(ctx, m->children[n->first_child + i]);
            if (r == KP_TRUE)
                return KP_TRUE;
            if (r == KP_UNKNOWN)
                result = KP_UNKNOWN;
        }
        return result;
    }
    case KP_NODE_NOT: {
        int r = kp__pred_eval(ctx, m->children[n->first_child]);
        return r == KP_UNKNOWN ? KP_UNKNOWN : !r;
    }
    case KP_NODE_FINDING:
        return leaf_eval(ctx, n);
    case KP_NODE_CAUSE:
        return ctx->cause_score ? compare_ops(n, ctx->cause_score[n->target]) : KP_UNKNOWN;
    case KP_NODE_CONDITION:
        return ctx->cond_prob ? compare_ops(n, ctx->cond_prob[n->target]) : KP_UNKNOWN;
    case KP_NODE_LEVEL:
        /* lower level number = more urgent */
        if (n->ops == KP_OP_GE)
            return ctx->level <= n->target;
        return ctx->level >= n->target;
    case KP_NODE_RULE:
        return ctx->rule_fired ? ctx->rule_fired[n->target] != 0 : KP_UNKNOWN;
    }
    return KP_UNKNOWN;
}

void kp__pred_true_leaves(const kp__eval_ctx *ctx, uint32_t index, kp__leaf_fn fn, void *payload)
{
    const kp_model *m = ctx->m;
    const kp__node *n = &m->nodes[index];
    switch (n->kind) {
    case KP_NODE_ALL:
    case KP_NODE_ANY:
        for (uint32_t i = 0; i < n->nchildren; i++) {
            uint32_t c = m->children[n->first_child + i];
            if (kp__pred_eval(ctx, c) == KP_TRUE)
                kp__pred_true_leaves(ctx, c, fn, payload);
        }
        return;
    case KP_NODE_NOT:
        return;
    case KP_NODE_FINDING:
        /* a leaf true only by its if_unknown default is not evidence */
        if (!ctx->known[n->target])
            return;
        fn((int)n->kind, n->target, payload);
        return;
    default:
        fn((int)n->kind, n->target, payload);
    }
}

int kp__finding_applies(const kp__eval_ctx *ctx, size_t fi)
{
    const kp__finding *f = &ctx->m->findings[fi];
    return !f->has_ask_if || kp__pred_eval(ctx, f->ask_if) != KP_FALSE;
}
