/*
 * plan.h - remedy selection (internal).
 */
#ifndef KP_PLAN_H
#define KP_PLAN_H

#include <stddef.h>
#include "predicate.h"

/** Select and order the plan for a fully evaluated context (causes,
 * conditions, level and fired rules set).  Writes remedy indices to plan[]
 * and the chosen variant (or -1) to variant[]; returns the item count. */
size_t kp__plan_select(const kp__eval_ctx *ctx, unsigned max_items, int *plan, int *variant);

#endif
