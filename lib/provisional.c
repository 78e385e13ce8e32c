/*
 * provisional.c - is the triage final?  A triage is provisional while a
 * screening or red-flag finding that could still make it more urgent is
 * unknown (kp_report_triage_provisional() in kneepain.h).  Such a finding is an
 * unknown finding leaf that decides a rule more urgent than the current
 * level whose predicate is still unknown: only the unknown branches of an
 * unknown node are followed, so a finding under a branch that is already
 * decided is not listed.
 */
#include "engine.h"
#include "internal.h"
#include "predicate.h"
#include "report.h"

#include <string.h>

#define MAX_DEPTH 32            /* rule references nest at most this deep */

typedef struct walk {
    const kp__eval_ctx *ctx;
    int level;                  /* the most urgent level of the rule walked */
    int red_flag;
    int *urgency;               /* per finding: most urgent level it could give, or -1 */
} walk;

static void mark(walk *w, uint32_t index, int depth)
{
    const kp_model *m = w->ctx->m;
    const kp__node *n = &m->nodes[index];
    if (depth > MAX_DEPTH || kp__pred_eval(w->ctx, index) != KP_UNKNOWN)
        return;
    switch (n->kind) {
    case KP_NODE_ALL:
    case KP_NODE_ANY:
    case KP_NODE_NOT:
        for (uint32_t i = 0; i < n->nchildren; i++)
            mark(w, m->children[n->first_child + i], depth + 1);
        return;
    case KP_NODE_RULE:
        mark(w, m->rules[n->target].when, depth + 1);
        return;
    case KP_NODE_FINDING: {
        int f = n->target;
        if (w->ctx->known[f] || !(w->red_flag || m->findings[f].screen) ||
            !kp__finding_applies(w->ctx, (size_t)f))
            return;
        if (w->urgency[f] < 0 || w->level < w->urgency[f])
            w->urgency[f] = w->level;
        return;
    }
    default:
        return;
    }
}

size_t kp__unchecked(const kp_model *m, const double *value, const uint8_t *known, int level,
                     int *urgency, int *out)
{
    kp__eval_ctx ctx = {m, value, known, NULL, NULL, KP_LEVEL_SELF_CARE, NULL};
    for (size_t f = 0; f < m->nfindings; f++)
        urgency[f] = -1;
    for (size_t r = 0; r < m->nrules; r++) {
        const kp__rule *rule = &m->rules[r];
        if (rule->level >= level)
            continue;           /* could not make the triage more urgent */
        walk w = {&ctx, rule->level, rule->red_flag, urgency};
        mark(&w, rule->when, 0);
    }
    /* most urgent first, then model order (a stable counting pass per level) */
    size_t n = 0;
    for (int lv = KP_LEVEL_EMERGENCY_AMBULANCE; lv < KP_LEVEL_COUNT; lv++)
        for (size_t f = 0; f < m->nfindings; f++)
            if (urgency[f] == lv)
                out[n++] = (int)f;
    return n;
}

int kp_report_triage_provisional(const kp_report *r)
{
    return r ? r->nunchecked > 0 : 0;
}

size_t kp_report_triage_unchecked_count(const kp_report *r)
{
    return r ? r->nunchecked : 0;
}

const char *kp_report_triage_unchecked(const kp_report *r, size_t i)
{
    if (!r || i >= r->nunchecked)
        return NULL;
    return r->model->findings[r->unchecked[i]].id;
}

/* Self-care on an incomplete screen says so (model text
 * "level_self_care_provisional"); other levels and a complete screen keep
 * their wording. */
const char *kp__report_level_text(const kp_report *r)
{
    if (r->nunchecked && r->level == KP_LEVEL_SELF_CARE) {
        const char *t = kp__report_text(r, "level_self_care_provisional");
        if (t)
            return t;
    }
    return kp__text_get(r->model->level_texts[r->level], r->locale, r->third_person);
}
