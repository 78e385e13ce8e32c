/*
 * plan.c - remedy selection.
 *
 * A remedy enters the plan when it is "always" or one of its indications is
 * true, unless a contraindication is true, a fired rule blocks it, the
 * triage level is more urgent than its max_level, or a red-flag rule fired
 * and it is marked drop_on_red_flag.  A loading remedy's acute_ban is one of
 * its contraindications (compiled by the loader).  Among the remedies that
 * qualify so far, one that another qualifying remedy `excludes` is dropped:
 * the excluding remedy wins (the model lets the more protective one
 * declare the exclusion, and the loader rejects cycles, so the winner is
 * always defined).  The safety net is always selected and always last.
 * Items are ordered by the model's `order`.
 *
 * When more remedies qualify than max_items allows, the cut keeps first the
 * first remedy (in order) for each contributing cause that scores at least
 * the model's plan_key_cause_min, strongest cause first, and for the most likely condition, so that
 * the plan answers what the report says is most likely going on; the
 * remaining places go to the other remedies in order.
 */
#include "plan.h"

#include <string.h>

typedef struct leaf_query {
    int kind;
    int32_t target;
    int found;
} leaf_query;

static void match_leaf(int kind, int32_t target, void *payload)
{
    leaf_query *q = payload;
    if (kind == q->kind && target == q->target)
        q->found = 1;
}

/* Whether a true indication of plan item k names this cause or condition. */
static int answers(const kp__eval_ctx *ctx, const int *plan, const uint64_t *indicated, size_t k,
                   int kind, int32_t target)
{
    const kp__remedy *rem = &ctx->m->remedies[plan[k]];
    /* most remedies never name the target: skip the tree walk */
    uint64_t named = kind == KP_NODE_CAUSE ? rem->ind_causes : rem->ind_conditions;
    if (target < 64 && !((named >> target) & 1u))
        return 0;
    leaf_query q = {kind, target, 0};
    for (size_t i = 0; i < rem->nindications && i < 64 && !q.found; i++)
        if ((indicated[k] >> i) & 1u)
            kp__pred_true_leaves(ctx, rem->indications[i], match_leaf, &q);
    return q.found;
}

/* Mark the first item answering (kind, target); returns 1 when newly kept. */
static size_t keep_first(const kp__eval_ctx *ctx, const int *plan, const uint64_t *indicated,
                         size_t n, uint8_t *keep, int kind, int32_t target)
{
    for (size_t k = 0; k < n; k++)
        if (answers(ctx, plan, indicated, k, kind, target)) {
            if (keep[k])
                return 0;
            keep[k] = 1;
            return 1;
        }
    return 0;
}

/* Cut the n candidates (in order) to `slots`, keeping the remedies of the
 * key causes and the top condition; keep is scratch of n bytes. */
static size_t cut(const kp__eval_ctx *ctx, int *plan, uint64_t *indicated, size_t n,
                  size_t slots, uint8_t *keep)
{
    const kp_model *m = ctx->m;
    size_t nkeep = 0;
    memset(keep, 0, n);
    uint8_t done[64] = {0};
    for (size_t round = 0; round < m->ncauses && round < 64; round++) {
        int best = -1;
        for (size_t c = 0; c < m->ncauses && c < 64; c++)
            if (!done[c] && ctx->cause_score[c] >= m->plan_key_cause_min.value &&
                (best < 0 || ctx->cause_score[c] > ctx->cause_score[best]))
                best = (int)c;
        if (best < 0)
            break;
        done[best] = 1;
        nkeep += keep_first(ctx, plan, indicated, n, keep, KP_NODE_CAUSE, best);
    }
    if (m->nconditions) {
        int top = 0;
        for (size_t c = 1; c < m->nconditions; c++)
            if (ctx->cond_prob[c] > ctx->cond_prob[top])
                top = (int)c;
        nkeep += keep_first(ctx, plan, indicated, n, keep, KP_NODE_CONDITION, top);
    }
    for (size_t k = 0; k < n && nkeep < slots; k++)
        if (!keep[k]) {
            keep[k] = 1;
            nkeep++;
        }
    size_t out = 0;
    for (size_t k = 0; k < n && out < slots; k++)
        if (keep[k]) {
            plan[out] = plan[k];
            indicated[out] = indicated[k];
            out++;
        }
    return out;
}

/* Drop every candidate that another candidate excludes; mark is scratch of
 * nremedies bytes.  Returns the new count (order kept). */
static size_t drop_excluded(const kp_model *m, int *plan, uint64_t *indicated, size_t n,
                            uint8_t *mark)
{
    enum { QUALIFIES = 1, EXCLUDED = 2 };
    memset(mark, 0, m->nremedies);
    for (size_t k = 0; k < n; k++)
        mark[plan[k]] = QUALIFIES;
    for (size_t k = 0; k < n; k++) {
        const kp__remedy *rem = &m->remedies[plan[k]];
        for (size_t e = 0; e < rem->nexcludes; e++)
            if (mark[rem->excludes[e]])
                mark[rem->excludes[e]] |= EXCLUDED;
    }
    size_t out = 0;
    for (size_t k = 0; k < n; k++)
        if (!(mark[plan[k]] & EXCLUDED)) {
            plan[out] = plan[k];
            indicated[out] = indicated[k];
            out++;
        }
    return out;
}

size_t kp__plan_select(const kp__eval_ctx *ctx, unsigned max_items, int *plan, int *variant,
                       uint64_t *indicated, uint8_t *blocked)
{
    const kp_model *m = ctx->m;
    int red_flag = 0;
    memset(blocked, 0, m->nremedies);
    for (size_t r = 0; r < m->nrules; r++) {
        if (!ctx->rule_fired[r])
            continue;
        red_flag |= m->rules[r].red_flag;
        for (size_t b = 0; b < m->rules[r].nblocks; b++)
            blocked[m->rules[r].blocks[b]] = 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < m->nremedies; i++) {
        const kp__remedy *rem = &m->remedies[i];
        if ((int)i == m->safety_net || blocked[i] || ctx->level < rem->max_level ||
            (red_flag && rem->drop_on_red_flag))
            continue;
        int contra = 0;
        for (size_t k = 0; k < rem->ncontra && !contra; k++)
            contra = kp__pred_eval(ctx, rem->contra[k].when) == KP_TRUE;
        if (contra)
            continue;
        uint64_t mask = 0;
        for (size_t k = 0; k < rem->nindications && k < 64; k++)
            if (kp__pred_eval(ctx, rem->indications[k]) == KP_TRUE)
                mask |= (uint64_t)1 << k;
        if (!mask && !rem->always)
            continue;
        /* insertion by order keeps equal orders in model order */
        size_t pos = n;
        while (pos > 0 && m->remedies[plan[pos - 1]].order > rem->order) {
            plan[pos] = plan[pos - 1];
            indicated[pos] = indicated[pos - 1];
            pos--;
        }
        plan[pos] = (int)i;
        indicated[pos] = mask;
        n++;
    }
    n = drop_excluded(m, plan, indicated, n, blocked);
    if (max_items == 0)
        max_items = (unsigned)m->max_plan_items.value;
    if (max_items < 1)
        max_items = 1;
    /* blocked[] is no longer needed: it serves as the cut's scratch */
    if (n > max_items - 1)
        n = cut(ctx, plan, indicated, n, max_items - 1, blocked);
    plan[n] = m->safety_net;
    indicated[n] = 0;
    n++;
    for (size_t k = 0; k < n; k++) {
        const kp__remedy *rem = &m->remedies[plan[k]];
        variant[k] = -1;
        for (size_t v = 0; v < rem->nvariants; v++)
            if (kp__pred_eval(ctx, rem->variants[v].when) == KP_TRUE) {
                variant[k] = (int)v;
                break;
            }
    }
    return n;
}
