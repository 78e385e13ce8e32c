/*
 * plan.h - remedy selection (internal).
 */
#ifndef KP_PLAN_H
#define KP_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include "predicate.h"

/** Select and order the plan for a fully evaluated context (causes,
 * conditions, level and fired rules set).  Writes remedy indices to plan[]
 * and the chosen variant (or -1) to variant[]; returns the item count. */
size_t kp__plan_select(const kp__eval_ctx *ctx, unsigned max_items, int *plan, int *variant,
                       uint64_t *indicated, uint8_t *blocked);
/* indicated[k]: bit i set when indication i of plan item k is true (only the
 * first 64 indications are tracked); blocked: scratch of nremedies bytes. */

#endif
