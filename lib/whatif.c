/*
 * whatif.c - what would change the triage (doc/interview.md).
 *
 * Raise: for every rule more urgent than the current level whose predicate
 * is unknown, the minimal sets of still-unknown answers that make it true.
 * Lower: the minimal sets of changes to given answers (not derived values,
 * not unknowns) after which none of the rules at the current level fires;
 * the new level is then re-evaluated.  Unknown answers can never lower the
 * level: rules fire only when their predicate is true, and in Kleene logic
 * learning more never turns a true predicate false.
 *
 * A predicate is turned into a disjunction of conjunctions ("sets") of
 * literals, a literal being a finding leaf that must come out true or false.
 * Sets whose literals on one finding contradict each other are dropped;
 * supersets of other sets are dropped (minimal sets only).
 */
#include "engine.h"
#include "internal.h"
#include "json_locate.h"
#include "predicate.h"
#include "whatif.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_LIT 8           /* literals per set */
#define MAX_SETS 128        /* sets per sub-predicate (the rest is dropped: truncated) */
#define MAX_ENTRIES 64

typedef struct lit {
    uint32_t node;
    uint8_t positive;       /* the leaf must be true (1) or false (0) */
} lit;

typedef struct lset {
    uint8_t n;
    lit l[MAX_LIT];
} lset;

typedef struct sets {
    size_t n;
    lset s[MAX_SETS];
} sets;

enum { W_TRUE, W_FALSE, W_NOT_TRUE, W_NOT_FALSE };
enum { MODE_RAISE, MODE_LOWER };

typedef struct wctx {
    kp__eval_ctx ev;
    const uint8_t *origin;  /* KP_ORIGIN_* per finding */
    int mode;
    int truncated;
} wctx;

static void add_set(wctx *w, sets *out, const lset *s)
{
    /* minimal sets only: skip s if a subset is present, drop supersets */
    for (size_t i = 0; i < out->n; i++) {
        const lset *t = &out->s[i];
        int sub = 1;
        for (uint8_t a = 0; a < t->n && sub; a++) {
            int found = 0;
            for (uint8_t b = 0; b < s->n && !found; b++)
                found = t->l[a].node == s->l[b].node && t->l[a].positive == s->l[b].positive;
            sub = found;
        }
        if (sub)
            return;
    }
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        const lset *t = &out->s[i];
        int super = 1;
        for (uint8_t a = 0; a < s->n && super; a++) {
            int found = 0;
            for (uint8_t b = 0; b < t->n && !found; b++)
                found = t->l[b].node == s->l[a].node && t->l[b].positive == s->l[a].positive;
            super = found;
        }
        if (!super)
            out->s[k++] = *t;
    }
    out->n = k;
    if (out->n == MAX_SETS) {
        w->truncated = 1;
        return;
    }
    out->s[out->n++] = *s;
}

static int want_flip(int want)
{
    switch (want) {
    case W_TRUE: return W_FALSE;
    case W_FALSE: return W_TRUE;
    case W_NOT_TRUE: return W_NOT_FALSE;
    default: return W_NOT_TRUE;
    }
}

static int leaf_free(const wctx *w, const kp__node *n)
{
    if (n->kind != KP_NODE_FINDING)
        return 0;
    uint8_t o = w->origin[n->target];
    return w->mode == MODE_RAISE ? o == KP_ORIGIN_NONE : o == KP_ORIGIN_ANSWERED;
}

static int satisfied(int want, int v)
{
    switch (want) {
    case W_TRUE: return v == KP_TRUE;
    case W_FALSE: return v == KP_FALSE;
    case W_NOT_TRUE: return v != KP_TRUE;
    default: return v != KP_FALSE;
    }
}

/* out = sets making `node` satisfy `want`.  `tmp` is scratch for the
 * recursion (one `sets` per depth level, allocated by the caller). */
static void dnf(wctx *w, uint32_t node, int want, sets *out, sets *tmp, int depth)
{
    const kp_model *m = w->ev.m;
    const kp__node *n = &m->nodes[node];
    out->n = 0;
    if (n->kind == KP_NODE_NOT) {
        dnf(w, m->children[n->first_child], want_flip(want), out, tmp, depth);
        return;
    }
    if (n->kind != KP_NODE_ALL && n->kind != KP_NODE_ANY) {
        if (leaf_free(w, n)) {
            /* an unanswered leaf is unknown unless the model gave it an
             * if_unknown default; then it behaves like an answered one */
            int cur = kp__pred_eval(&w->ev, node);
            lset s = {0};
            if (cur != KP_UNKNOWN && satisfied(want, cur)) {
                add_set(w, out, &s);    /* already so: no change needed */
                return;
            }
            if (cur == KP_UNKNOWN && (want == W_NOT_TRUE || want == W_NOT_FALSE)) {
                add_set(w, out, &s);    /* unknown is neither true nor false */
                return;
            }
            s.n = 1;
            s.l[0].node = node;
            s.l[0].positive = want == W_TRUE || want == W_NOT_FALSE;
            add_set(w, out, &s);
        } else if (satisfied(want, kp__pred_eval(&w->ev, node))) {
            lset s = {0};
            add_set(w, out, &s);
        }
        return;
    }
    /* union for any/TRUE, all/FALSE, all/NOT_TRUE, any/NOT_FALSE; else cross */
    int is_all = n->kind == KP_NODE_ALL;
    int uni = is_all ? (want == W_FALSE || want == W_NOT_TRUE) : (want == W_TRUE || want == W_NOT_FALSE);
    sets *child = tmp + 2 * depth, *acc = tmp + 2 * depth + 1;
    if (!uni) {
        lset empty = {0};
        out->s[0] = empty;
        out->n = 1;
    }
    for (uint32_t i = 0; i < n->nchildren; i++) {
        dnf(w, m->children[n->first_child + i], want, child, tmp, depth + 1);
        if (uni) {
            for (size_t k = 0; k < child->n; k++)
                add_set(w, out, &child->s[k]);
            continue;
        }
        acc->n = 0;
        for (size_t a = 0; a < out->n; a++)
            for (size_t b = 0; b < child->n; b++) {
                lset s = out->s[a];
                int ok = 1;
                for (uint8_t j = 0; j < child->s[b].n && ok; j++) {
                    int dup = 0;
                    for (uint8_t k = 0; k < s.n; k++)
                        dup |= s.l[k].node == child->s[b].l[j].node &&
                               s.l[k].positive == child->s[b].l[j].positive;
                    if (dup)
                        continue;
                    if (s.n == MAX_LIT) {
                        ok = 0;
                        w->truncated = 1;
                    } else
                        s.l[s.n++] = child->s[b].l[j];
                }
                if (ok)
                    add_set(w, acc, &s);
            }
        *out = *acc;
        if (!out->n)
            return;
    }
}

static int node_depth(const kp_model *m, uint32_t node)
{
    const kp__node *n = &m->nodes[node];
    int d = 0;
    for (uint32_t i = 0; i < n->nchildren; i++) {
        int c = node_depth(m, m->children[n->first_child + i]);
        if (c > d)
            d = c;
    }
    return d + 1;
}

/* ------------------------------------------------------------ values */

static int compare(const kp__node *n, double v)
{
    if ((n->ops & KP_OP_EQ) && !(v == n->eq)) return 0;
    if ((n->ops & KP_OP_NE) && !(v != n->ne)) return 0;
    if ((n->ops & KP_OP_IN) && !(v >= 0 && v < 64 && ((n->in_mask >> (unsigned)v) & 1u))) return 0;
    if ((n->ops & KP_OP_LT) && !(v < n->lt)) return 0;
    if ((n->ops & KP_OP_LE) && !(v <= n->le)) return 0;
    if ((n->ops & KP_OP_GT) && !(v > n->gt)) return 0;
    if ((n->ops & KP_OP_GE) && !(v >= n->ge)) return 0;
    return 1;
}

static int all_ok(const kp_model *m, const lit *l, size_t n, int f, double v)
{
    for (size_t i = 0; i < n; i++)
        if (m->nodes[l[i].node].target == f && compare(&m->nodes[l[i].node], v) != l[i].positive)
            return 0;
    return 1;
}

/* An example value of finding f satisfying every literal on it; returns 0
 * when they contradict.  Numbers: thresholds and their neighbours. */
static int example(const kp_model *m, const lit *l, size_t n, int f, double avoid, double *out)
{
    const kp__finding *fd = &m->findings[f];
    if (fd->type != KP_TYPE_NUMBER) {
        size_t nv = fd->type == KP_TYPE_BOOL ? 2 : fd->nchoices;
        /* bool: prefer "yes" (1) for positive tests */
        for (size_t k = 0; k < nv; k++) {
            double v = fd->type == KP_TYPE_BOOL ? (double)(1 - k) : (double)k;
            if (v != avoid && all_ok(m, l, n, f, v)) {
                *out = v;
                return 1;
            }
        }
        return 0;
    }
    double cand[64];
    size_t nc = 0;
    for (size_t i = 0; i < n && nc + 6 < 64; i++) {
        const kp__node *nd = &m->nodes[l[i].node];
        if (nd->target != f)
            continue;
        double t[6];
        size_t nt = 0;
        if (nd->ops & KP_OP_EQ) t[nt++] = nd->eq;
        if (nd->ops & KP_OP_NE) t[nt++] = nd->ne;
        if (nd->ops & KP_OP_LT) t[nt++] = nd->lt;
        if (nd->ops & KP_OP_LE) t[nt++] = nd->le;
        if (nd->ops & KP_OP_GT) t[nt++] = nd->gt;
        if (nd->ops & KP_OP_GE) t[nt++] = nd->ge;
        for (size_t k = 0; k < nt && nc + 3 < 64; k++) {
            cand[nc++] = t[k];
            cand[nc++] = t[k] + 1;
            cand[nc++] = t[k] - 1;
        }
    }
    if (nc + 2 < 64) {
        cand[nc++] = fd->min;
        cand[nc++] = fd->max;
    }
    for (size_t k = 0; k < nc; k++) {
        double v = cand[k];
        if (v < fd->min || v > fd->max || v == avoid)
            continue;
        if (all_ok(m, l, n, f, v)) {
            *out = v;
            return 1;
        }
    }
    return 0;
}

static void describe(const kp_model *m, const lit *l, size_t n, int f, double v, char *buf,
                     size_t cap)
{
    const kp__finding *fd = &m->findings[f];
    if (fd->type == KP_TYPE_BOOL) {
        snprintf(buf, cap, "= %s", v != 0 ? "yes" : "no");
        return;
    }
    if (fd->type == KP_TYPE_CHOICE) {
        size_t len = (size_t)snprintf(buf, cap, "in ");
        int first = 1;
        for (size_t c = 0; c < fd->nchoices && len < cap; c++)
            if (all_ok(m, l, n, f, (double)c)) {
                len += (size_t)snprintf(buf + len, cap - len, "%s%s", first ? "" : ", ",
                                        fd->choices[c].id);
                first = 0;
            }
        return;
    }
    /* numbers: the satisfying interval around the example, probing each
     * threshold and its neighbourhood */
    double ts[64];
    size_t nt = 0;
    for (size_t i = 0; i < n && nt + 6 < 64; i++) {
        const kp__node *nd = &m->nodes[l[i].node];
        if (nd->target != f)
            continue;
        if (nd->ops & KP_OP_LT) ts[nt++] = nd->lt;
        if (nd->ops & KP_OP_LE) ts[nt++] = nd->le;
        if (nd->ops & KP_OP_GT) ts[nt++] = nd->gt;
        if (nd->ops & KP_OP_GE) ts[nt++] = nd->ge;
        if (nd->ops & KP_OP_EQ) ts[nt++] = nd->eq;
        if (nd->ops & KP_OP_NE) ts[nt++] = nd->ne;
    }
    double lo = fd->min, hi = fd->max;
    int lo_in = 1, hi_in = 1, bounded_lo = 0, bounded_hi = 0;
    for (size_t k = 0; k < nt; k++) {
        double t = ts[k], eps = 1e-9 * (fabs(t) > 1 ? fabs(t) : 1);
        int below = all_ok(m, l, n, f, t - eps), at = all_ok(m, l, n, f, t),
            above = all_ok(m, l, n, f, t + eps);
        if (t <= v && (!below || !at) && (t > lo || !bounded_lo || (t == lo && !at))) {
            lo = t;
            lo_in = at;
            bounded_lo = 1;
        }
        if (t >= v && (!above || !at) && (t < hi || !bounded_hi || (t == hi && !at))) {
            hi = t;
            hi_in = at;
            bounded_hi = 1;
        }
    }
    if (bounded_lo && bounded_hi && lo == hi)
        snprintf(buf, cap, "= %g", lo);
    else if (bounded_lo && bounded_hi)
        snprintf(buf, cap, "%s %g and %s %g", lo_in ? ">=" : ">", lo, hi_in ? "<=" : "<", hi);
    else if (bounded_hi)
        snprintf(buf, cap, "%s %g", hi_in ? "<=" : "<", hi);
    else if (bounded_lo)
        snprintf(buf, cap, "%s %g", lo_in ? ">=" : ">", lo);
    else
        snprintf(buf, cap, "= %g", v);
}

/* ------------------------------------------------------------ result */

/* every finding of a[] also in b[] */
static int subset(const kp__wanswer *a, size_t na, const kp__wanswer *b, size_t nb)
{
    for (size_t i = 0; i < na; i++) {
        int found = 0;
        for (size_t j = 0; j < nb && !found; j++)
            found = a[i].finding == b[j].finding;
        if (!found)
            return 0;
    }
    return 1;
}

static kp_status push_entry(kp_whatif *w, const kp_model *m, const lset *s, int direction,
                            int level, int rule, const double *current)
{
    kp__wanswer ans[MAX_LIT];
    size_t na = 0;
    for (uint8_t i = 0; i < s->n; i++) {
        int f = m->nodes[s->l[i].node].target;
        int seen = 0;
        for (size_t k = 0; k < na; k++)
            seen |= ans[k].finding == f;
        if (seen)
            continue;
        double v;
        double avoid = direction < 0 ? current[f] : NAN;
        if (!example(m, s->l, s->n, f, avoid, &v))
            return KP_OK;   /* contradictory set */
        ans[na].finding = f;
        ans[na].value = v;
        describe(m, s->l, s->n, f, v, ans[na].test, sizeof ans[na].test);
        na++;
    }
    if (!na)
        return KP_OK;
    /* minimal sets by finding: an entry whose findings are a subset of
     * another's, with a level at least as far from the current one, makes
     * the other redundant */
    size_t keep = 0;
    for (size_t e = 0; e < w->nentries; e++) {
        kp__wentry *x = &w->entries[e];
        int dominated_new = 0, dominated_old = 0;
        if (x->direction == direction) {
            int as_far = direction > 0 ? x->level <= level : x->level >= level;
            int farther = direction > 0 ? level <= x->level : level >= x->level;
            if (as_far && subset(w->answers + x->first, x->n, ans, na))
                dominated_new = 1;
            else if (farther && subset(ans, na, w->answers + x->first, x->n))
                dominated_old = 1;
        }
        if (dominated_new)
            return KP_OK;
        if (!dominated_old)
            w->entries[keep++] = *x;
    }
    w->nentries = keep;
    if (w->nentries >= MAX_ENTRIES * 4) {
        w->truncated = 1;
        return KP_OK;
    }
    if (kp__grow((void **)&w->entries, &w->entries_cap, w->nentries + 1, sizeof *w->entries) ||
        kp__grow((void **)&w->answers, &w->answers_cap, w->nanswers + na, sizeof *w->answers))
        return kp__oom();
    kp__wentry *x = &w->entries[w->nentries++];
    x->direction = direction;
    x->level = level;
    x->rule = rule;
    x->first = w->nanswers;
    x->n = na;
    memcpy(w->answers + w->nanswers, ans, na * sizeof *ans);
    w->nanswers += na;
    return KP_OK;
}

static int entry_cmp(const kp__wentry *a, const kp__wentry *b)
{
    if (a->direction != b->direction)
        return a->direction > b->direction ? -1 : 1;
    if (a->level != b->level)
        return a->direction > 0 ? (a->level < b->level ? -1 : 1) : (a->level > b->level ? -1 : 1);
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    return 0;
}

static void sort_entries(kp_whatif *w)
{
    for (size_t i = 1; i < w->nentries; i++)
        for (size_t j = i; j > 0 && entry_cmp(&w->entries[j], &w->entries[j - 1]) < 0; j--) {
            kp__wentry t = w->entries[j];
            w->entries[j] = w->entries[j - 1];
            w->entries[j - 1] = t;
        }
    if (w->nentries > MAX_ENTRIES) {
        w->nentries = MAX_ENTRIES;
        w->truncated = 1;
    }
}

kp_status kp_report_triage_changes(const kp_report *r, kp_whatif **out)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_report_triage_changes: out is NULL");
    *out = NULL;
    if (!r)
        return kp__error(KP_EINVAL, "kp_report_triage_changes: report is NULL");
    const kp_model *m = r->model;
    size_t nf = m->nfindings;
    kp_whatif *w = kp__calloc(1, sizeof *w);
    uint8_t *known = kp__calloc(nf + 1, 1);
    uint8_t *fired = kp__calloc(m->nrules + 1, 1);
    double *value = kp__calloc(nf + 1, sizeof(double));
    int depth = 1;
    for (size_t i = 0; i < m->nrules; i++) {
        int d = node_depth(m, m->rules[i].when);
        if (d > depth)
            depth = d;
    }
    sets *out_sets = kp__malloc(sizeof(sets));
    sets *all = kp__malloc(sizeof(sets));
    sets *tmp = kp__calloc((size_t)(2 * depth + 2), sizeof(sets));
    kp_status rc = KP_OK;
    if (!w || !known || !fired || !value || !out_sets || !all || !tmp ||
        (r->locale && !(w->locale = kp__strdup(r->locale)))) {
        rc = kp__oom();
        goto done;
    }
    w->model = kp__model_ref(r->model);
    w->third_person = r->third_person;
    w->current_level = r->level;
    for (size_t f = 0; f < nf; f++)
        known[f] = r->origin[f] != 0;
    memcpy(value, r->value, nf * sizeof(double));
    wctx c = {{m, value, known, NULL, NULL, KP_LEVEL_SELF_CARE, NULL}, r->origin, MODE_RAISE, 0};
    int level = kp__triage(m, value, known, fired);

    /* raise */
    for (size_t i = 0; !rc && i < m->nrules; i++) {
        const kp__rule *rule = &m->rules[i];
        if (fired[i] || rule->level >= level || kp__pred_eval(&c.ev, rule->when) != KP_UNKNOWN)
            continue;
        dnf(&c, rule->when, W_TRUE, out_sets, tmp, 0);
        for (size_t k = 0; !rc && k < out_sets->n; k++)
            rc = push_entry(w, m, &out_sets->s[k], +1, rule->level, (int)i, value);
    }

    /* lower: every rule at the current level must stop firing */
    c.mode = MODE_LOWER;
    if (!rc && level < KP_LEVEL_SELF_CARE) {
        all->n = 1;
        all->s[0].n = 0;
        for (size_t i = 0; i < m->nrules && all->n; i++) {
            if (!fired[i] || m->rules[i].level != level)
                continue;
            dnf(&c, m->rules[i].when, W_NOT_TRUE, out_sets, tmp, 0);
            sets *acc = tmp;    /* depth-0 scratch is free again */
            acc->n = 0;
            for (size_t a = 0; a < all->n; a++)
                for (size_t b = 0; b < out_sets->n; b++) {
                    lset s = all->s[a];
                    int ok = 1;
                    for (uint8_t j = 0; j < out_sets->s[b].n && ok; j++) {
                        if (s.n == MAX_LIT) {
                            ok = 0;
                            c.truncated = 1;
                        } else
                            s.l[s.n++] = out_sets->s[b].l[j];
                    }
                    if (ok)
                        add_set(&c, acc, &s);
                }
            *all = *acc;
        }
        uint8_t *fired2 = fired;
        for (size_t k = 0; !rc && k < all->n; k++) {
            const lset *s = &all->s[k];
            /* apply the changes, re-evaluate, restore */
            double saved[MAX_LIT];
            int ok = 1;
            for (uint8_t j = 0; j < s->n; j++) {
                int f = m->nodes[s->l[j].node].target;
                saved[j] = value[f];
            }
            for (uint8_t j = 0; j < s->n && ok; j++) {
                int f = m->nodes[s->l[j].node].target;
                double v;
                ok = example(m, s->l, s->n, f, r->value[f], &v);
                if (ok)
                    value[f] = v;
            }
            int new_level = ok ? kp__triage(m, value, known, fired2) : level;
            for (int j = s->n - 1; j >= 0; j--)
                value[m->nodes[s->l[j].node].target] = saved[j];
            if (ok && new_level > level)
                rc = push_entry(w, m, s, -1, new_level, -1, r->value);
        }
    }
    w->truncated |= c.truncated;
    if (!rc)
        sort_entries(w);
done:
    kp__free(known);
    kp__free(fired);
    kp__free(value);
    kp__free(out_sets);
    kp__free(all);
    kp__free(tmp);
    if (rc) {
        kp_whatif_free(w);
        return rc;
    }
    *out = w;
    return KP_OK;
}

void kp_whatif_free(kp_whatif *w)
{
    if (!w)
        return;
    kp_model_free(w->model);
    kp__free(w->locale);
    kp__free(w->entries);
    kp__free(w->answers);
    kp__free(w);
}

size_t kp_whatif_count(const kp_whatif *w) { return w ? w->nentries : 0; }

#define ENTRY(w, i) ((w) && (i) < (w)->nentries ? &(w)->entries[i] : NULL)

int kp_whatif_direction(const kp_whatif *w, size_t i)
{
    const kp__wentry *e = ENTRY(w, i);
    return e ? e->direction : 0;
}

int kp_whatif_level(const kp_whatif *w, size_t i)
{
    const kp__wentry *e = ENTRY(w, i);
    return e ? e->level : -1;
}

const char *kp_whatif_rule(const kp_whatif *w, size_t i)
{
    const kp__wentry *e = ENTRY(w, i);
    return e && e->rule >= 0 ? w->model->rules[e->rule].id : NULL;
}

const char *kp_whatif_text(const kp_whatif *w, size_t i)
{
    const kp__wentry *e = ENTRY(w, i);
    if (!e)
        return NULL;
    if (e->rule >= 0)
        return kp__text_get(&w->model->rules[e->rule].text, w->locale, w->third_person);
    return kp__text_get(w->model->level_texts[e->level], w->locale, w->third_person);
}

size_t kp_whatif_answer_count(const kp_whatif *w, size_t i)
{
    const kp__wentry *e = ENTRY(w, i);
    return e ? e->n : 0;
}

static const kp__wanswer *answer(const kp_whatif *w, size_t i, size_t j)
{
    const kp__wentry *e = ENTRY(w, i);
    return e && j < e->n ? &w->answers[e->first + j] : NULL;
}

const char *kp_whatif_answer_finding(const kp_whatif *w, size_t i, size_t j)
{
    const kp__wanswer *a = answer(w, i, j);
    return a ? w->model->findings[a->finding].id : NULL;
}

double kp_whatif_answer_value(const kp_whatif *w, size_t i, size_t j)
{
    const kp__wanswer *a = answer(w, i, j);
    return a ? a->value : NAN;
}

const char *kp_whatif_answer_test(const kp_whatif *w, size_t i, size_t j)
{
    const kp__wanswer *a = answer(w, i, j);
    return a ? a->test : NULL;
}

static json_t *value_json(const kp__finding *fd, double v)
{
    return fd->type == KP_TYPE_BOOL ? json_boolean(v != 0)
         : fd->type == KP_TYPE_CHOICE ? json_string(fd->choices[(size_t)v].id)
         : json_real(v);
}

/* Values are attached to their parent as soon as they are created, so a
 * failure leaks nothing (jansson's *_new setters release on failure). */
json_t *kp__whatif_json(const kp_whatif *w)
{
    const kp_model *m = w->model;
    json_t *arr = json_array();
    int bad = !arr;
    for (size_t i = 0; !bad && i < w->nentries; i++) {
        const kp__wentry *e = &w->entries[i];
        json_t *o = json_object();
        if (!o || json_array_append_new(arr, o)) {
            bad = 1;
            break;
        }
        const char *text = kp_whatif_text(w, i);
        bad = json_object_set_new(o, "direction", json_string(e->direction > 0 ? "raise" : "lower")) ||
              json_object_set_new(o, "level", json_string(kp_level_id(e->level))) ||
              json_object_set_new(o, "rule", e->rule >= 0 ? json_string(m->rules[e->rule].id) : json_null()) ||
              json_object_set_new(o, "text", text ? json_string(text) : json_null());
        json_t *ans = bad ? NULL : json_array();
        bad = bad || json_object_set_new(o, "answers", ans);
        for (size_t j = 0; !bad && j < e->n; j++) {
            const kp__wanswer *a = &w->answers[e->first + j];
            const kp__finding *fd = &m->findings[a->finding];
            json_t *x = json_object();
            if (!x || json_array_append_new(ans, x)) {
                bad = 1;
                break;
            }
            bad = json_object_set_new(x, "finding", json_string(fd->id)) ||
                  json_object_set_new(x, "value", value_json(fd, a->value)) ||
                  json_object_set_new(x, "test", json_string(a->test));
        }
    }
    if (bad) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

kp_status kp_whatif_to_json(const kp_whatif *w, char **out)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_whatif_to_json: out is NULL");
    *out = NULL;
    if (!w)
        return kp__error(KP_EINVAL, "kp_whatif_to_json: whatif is NULL");
    json_t *a = kp__whatif_json(w);
    kp_status rc = kp__json_dump(a, JSON_COMPACT | JSON_REAL_PRECISION(10), out);
    json_decref(a);
    return rc;
}
