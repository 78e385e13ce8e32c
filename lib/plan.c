/*
 * plan.c - remedy selection.
 *
 * A remedy enters the plan when it is "always" or one of its indications is
 * true, unless a contraindication is true, a fired rule blocks it, the
 * triage level is more urgent than its max_level, or a red-flag rule fired
 * and it is marked drop_on_red_flag.  The safety net is always selected and
 * always last.  Items are ordered by the model's `order`.
 */
#include "plan.h"

#include <string.h>

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
    if (max_items == 0)
        max_items = (unsigned)m->max_plan_items.value;
    if (max_items < 1)
        max_items = 1;
    if (n > max_items - 1)
        n = max_items - 1;
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
