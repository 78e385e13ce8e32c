/*
 * question.c - the next most useful question: red-flag screens first, then
 * the askable finding whose answer is expected to tell most about the
 * condition ranking and the triage level, per unit of cost (the exact
 * objective, stopping rule and grouping are in doc/interview.md).
 *
 * Entropies reuse the precomputed ln likelihood tables, so the cost is a few
 * multiplications per condition and one logarithm per possible answer.
 */
#include "engine.h"
#include "predicate.h"
#include "question.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

const char *const kp__qkind_names[5] = {"none", "screen", "triage", "separates", "information"};
const char *const kp__stop_names[5] = {"none", "nothing_useful", "budget", "red_flag", "emergency"};

#define MAX_FINDINGS 1024   /* larger models get no triage term (documented) */
#define MAX_OPEN 256        /* open rules */
#define MAX_CUTS 32         /* thresholds of one numeric finding */
#define MAX_OUTCOMES 64     /* answers of one finding */

void kp__qsettings_default(kp__qsettings *set)
{
    set->cost = NULL;
    set->excluded = NULL;
    set->remaining = -1;
    set->triage_weight = 1.0;
    set->min_gain = NAN;
    set->stop_on_red_flag = 0;
}

/* ---- which rules mention which finding ----
 *
 * A compressed index: for finding f, rules f_rules[f_first[f] ..
 * f_first[f+1]).  It depends only on the model's content, so it is built
 * once per model (keyed by the model's SHA-256) into static storage: no
 * allocation, and a model too large for it gets the index built on the
 * stack at each call instead. */
#define IDX_MAX_FINDINGS 1024
#define IDX_MAX_PAIRS 2048
#define IDX_SLOTS 4

typedef struct rule_index {
    char sha[65];
    size_t nfindings;
    uint16_t f_first[IDX_MAX_FINDINGS + 1];
    uint16_t f_rules[IDX_MAX_PAIRS];
} rule_index;

static rule_index idx_slots[IDX_SLOTS];
static size_t idx_used;
static pthread_mutex_t idx_lock = PTHREAD_MUTEX_INITIALIZER;

static void mark_findings(const kp_model *m, uint32_t node, uint8_t *mark)
{
    const kp__node *n = &m->nodes[node];
    if (n->kind == KP_NODE_FINDING)
        mark[n->target] = 1;
    for (uint32_t i = 0; i < n->nchildren; i++)
        mark_findings(m, m->children[n->first_child + i], mark);
}

/* Build the index; 0 when the model does not fit. */
static int build_index(const kp_model *m, rule_index *ix)
{
    size_t nf = m->nfindings, np = 0;
    if (nf > IDX_MAX_FINDINGS || m->nrules > UINT16_MAX)
        return 0;
    uint8_t mark[IDX_MAX_FINDINGS];
    uint16_t count[IDX_MAX_FINDINGS + 1];
    memset(count, 0, sizeof count);
    for (size_t r = 0; r < m->nrules; r++) {
        memset(mark, 0, nf);
        mark_findings(m, m->rules[r].when, mark);
        for (size_t f = 0; f < nf; f++)
            if (mark[f]) {
                if (++np > IDX_MAX_PAIRS)
                    return 0;
                count[f]++;
            }
    }
    ix->f_first[0] = 0;
    for (size_t f = 0; f < nf; f++)
        ix->f_first[f + 1] = (uint16_t)(ix->f_first[f] + count[f]);
    memset(count, 0, sizeof count);
    for (size_t r = 0; r < m->nrules; r++) {
        memset(mark, 0, nf);
        mark_findings(m, m->rules[r].when, mark);
        for (size_t f = 0; f < nf; f++)
            if (mark[f])
                ix->f_rules[ix->f_first[f] + count[f]++] = (uint16_t)r;
    }
    ix->nfindings = nf;
    memcpy(ix->sha, m->sha256, sizeof ix->sha);
    return 1;
}

/* The index of m: a cached one, else `local` (built now), else NULL. */
static const rule_index *get_index(const kp_model *m, rule_index *local)
{
    const rule_index *found = NULL;
    pthread_mutex_lock(&idx_lock);
    for (size_t i = 0; i < idx_used && !found; i++)
        if (!memcmp(idx_slots[i].sha, m->sha256, sizeof idx_slots[i].sha))
            found = &idx_slots[i];
    if (!found && idx_used < IDX_SLOTS && build_index(m, &idx_slots[idx_used]))
        found = &idx_slots[idx_used++];
    pthread_mutex_unlock(&idx_lock);
    if (!found && local && build_index(m, local))
        found = local;
    return found;
}

/* ---- open rules, decided lazily per rule ----
 * A rule is open when an answer could still fire it: not fired, more
 * urgent than the current level, and unknown (a false rule stays false
 * whatever the unknowns turn out to be: Kleene logic is monotone). */
#define MAX_RULES 1024
enum { RS_UNSEEN = 0, RS_OPEN, RS_CLOSED };

typedef struct rules_state {
    const rule_index *ix;
    const uint8_t *fired;
    int level;
    uint8_t state[MAX_RULES];
} rules_state;

/* Open rules mentioning finding f, into out[]; returns how many. */
static size_t open_rules_of(kp__eval_ctx *ctx, rules_state *rs, int f, uint16_t *out, size_t cap)
{
    const kp_model *m = ctx->m;
    size_t n = 0;
    for (uint32_t k = rs->ix->f_first[f]; k < rs->ix->f_first[f + 1] && n < cap; k++) {
        uint16_t r = rs->ix->f_rules[k];
        if (rs->state[r] == RS_UNSEEN)
            rs->state[r] = !rs->fired[r] && m->rules[r].level < rs->level &&
                                   kp__pred_eval(ctx, m->rules[r].when) == KP_UNKNOWN
                               ? RS_OPEN
                               : RS_CLOSED;
        if (rs->state[r] == RS_OPEN)
            out[n++] = r;
    }
    return n;
}

static void add_cut(double *cuts, size_t *n, double v, const kp__finding *f)
{
    if (!(v > f->min && v <= f->max) || *n == MAX_CUTS)
        return;
    size_t i = 0;
    while (i < *n && cuts[i] < v)
        i++;
    if (i < *n && cuts[i] == v)
        return;
    memmove(cuts + i + 1, cuts + i, (*n - i) * sizeof *cuts);
    cuts[i] = v;
    (*n)++;
}

static void leaf_cuts(const kp_model *m, uint32_t node, int fi, double *cuts, size_t *nc)
{
    const kp__node *nd = &m->nodes[node];
    const kp__finding *f = &m->findings[fi];
    if (nd->kind == KP_NODE_FINDING) {
        if (nd->target != fi)
            return;
        if (nd->ops & KP_OP_LT) add_cut(cuts, nc, nd->lt, f);
        if (nd->ops & KP_OP_LE) add_cut(cuts, nc, nd->le, f);
        if (nd->ops & KP_OP_GT) add_cut(cuts, nc, nd->gt, f);
        if (nd->ops & KP_OP_GE) add_cut(cuts, nc, nd->ge, f);
        return;
    }
    for (uint32_t i = 0; i < nd->nchildren; i++)
        leaf_cuts(m, m->children[nd->first_child + i], fi, cuts, nc);
}

/* The answers of finding f considered for the triage term: a value and a
 * probability each.  Bool and choice: every value.  Numbers: the intervals
 * cut by the bins and the thresholds of the open rules, represented by
 * their midpoints.  Probabilities: from the condition model (po, per
 * outcome) shared equally by the intervals of one bin; outside the
 * condition model every answer is equally likely. */
static size_t answers(const kp_model *m, const kp__finding *f, int fi, const uint16_t *rules,
                      size_t nrules, const double *po, double *val, double *prob)
{
    size_t n = 0;
    if (f->type != KP_TYPE_NUMBER) {
        n = f->type == KP_TYPE_BOOL ? 2 : f->nchoices;
        if (n > MAX_OUTCOMES)
            n = MAX_OUTCOMES;
        for (size_t a = 0; a < n; a++) {
            val[a] = (double)a;
            prob[a] = f->in_bayes ? po[a] : 1.0 / (double)n;
        }
        return n;
    }
    double cuts[MAX_CUTS];
    size_t nc = 0;
    for (size_t b = 0; b < f->nbins; b++)
        add_cut(cuts, &nc, f->bins[b], f);
    for (size_t k = 0; k < nrules; k++)
        leaf_cuts(m, m->rules[rules[k]].when, fi, cuts, &nc);
    double lo = f->min;
    for (size_t i = 0; i <= nc && n < MAX_OUTCOMES; i++) {
        double hi = i < nc ? cuts[i] : f->max;
        val[n++] = i < nc ? (lo + hi) / 2 : (lo == hi ? hi : (lo + hi) / 2);
        lo = hi;
    }
    if (!f->in_bayes) {
        for (size_t a = 0; a < n; a++)
            prob[a] = 1.0 / (double)n;
        return n;
    }
    size_t per_bin[MAX_OUTCOMES] = {0};
    for (size_t a = 0; a < n; a++) {
        size_t b = kp__finding_outcome(f, val[a]);
        if (b < MAX_OUTCOMES)
            per_bin[b]++;
    }
    for (size_t a = 0; a < n; a++) {
        size_t b = kp__finding_outcome(f, val[a]);
        prob[a] = b < MAX_OUTCOMES && per_bin[b] ? po[b] / (double)per_bin[b] : 0;
    }
    return n;
}

/* Expected condition-entropy reduction of finding f; po receives P(answer). */
static double condition_gain(const kp_model *m, const kp__finding *f, const double *post,
                             const double *logp, double h0, double *po)
{
    size_t nc = m->nconditions;
    double eh = 0;
    for (size_t o = 0; o < f->noutcomes; o++) {
        double p = 0, s = 0;
        const double *lik = m->lik + f->lik_offset + o;
        const double *ll = m->loglik + f->lik_offset + o;
        for (size_t c = 0; c < nc; c++) {
            double q = post[c] * lik[c * f->noutcomes];
            p += q;
            if (q > 0)
                s += q * (logp[c] + ll[c * f->noutcomes]);
        }
        if (o < MAX_OUTCOMES)
            po[o] = p;
        if (p > 0)
            eh += p * log(p) - s;
    }
    double g = h0 - eh;
    return g > 0 ? g : 0;
}

typedef struct triage_eval {
    double gain;
    int rule, level_if;
} triage_eval;

/* Entropy of the triage level after answering f, under the answer
 * distribution; also the most urgent rule some answer fires.  `rules` are
 * the open rules mentioning f. */
static triage_eval triage_gain(kp__eval_ctx *ctx, double *value, uint8_t *known, int fi,
                               int level, const uint16_t *rules, size_t nrules, const double *po)
{
    const kp_model *m = ctx->m;
    const kp__finding *f = &m->findings[fi];
    triage_eval t = {0, -1, -1};
    double val[MAX_OUTCOMES], prob[MAX_OUTCOMES], plevel[KP_LEVEL_COUNT] = {0};
    size_t na = answers(m, f, fi, rules, nrules, po, val, prob);
    double saved = value[fi];
    known[fi] = 1;
    for (size_t a = 0; a < na; a++) {
        value[fi] = val[a];
        int lv = level;
        for (size_t j = 0; j < nrules; j++) {
            int r = rules[j];
            if (m->rules[r].level < lv && kp__pred_eval(ctx, m->rules[r].when) == KP_TRUE) {
                lv = m->rules[r].level;
                if (t.level_if < 0 || lv < t.level_if) {
                    t.level_if = lv;
                    t.rule = r;
                }
            }
        }
        plevel[lv] += prob[a];
    }
    value[fi] = saved;
    known[fi] = 0;
    double tot = 0, h = 0;
    for (int l = 0; l < KP_LEVEL_COUNT; l++)
        tot += plevel[l];
    for (int l = 0; tot > 0 && l < KP_LEVEL_COUNT; l++)
        if (plevel[l] > 0) {
            double p = plevel[l] / tot;
            h -= p * log(p);
        }
    t.gain = h;
    return t;
}

/* The two likely conditions the answer to f tells apart best: maximise
 * P(a) P(b) * total variation distance of the answer distributions. */
static void separates(const kp_model *m, const kp__finding *f, const double *post, int *a_out,
                      int *b_out)
{
    size_t nc = m->nconditions;
    double best = 0;
    *a_out = *b_out = -1;
    for (size_t a = 0; a < nc; a++)
        for (size_t b = a + 1; b < nc; b++) {
            double tv = 0;
            for (size_t o = 0; o < f->noutcomes; o++)
                tv += fabs(m->lik[f->lik_offset + a * f->noutcomes + o] -
                           m->lik[f->lik_offset + b * f->noutcomes + o]);
            double s = post[a] * post[b] * tv;
            if (s > best) {
                best = s;
                int hi = post[a] >= post[b];
                *a_out = (int)(hi ? a : b);
                *b_out = (int)(hi ? b : a);
            }
        }
}

/* The must-not-miss condition a "yes" to a screening question points to
 * most (highest likelihood ratio, at least 2), or -1. */
static int screened_condition(const kp_model *m, const kp__finding *f)
{
    if (!f->in_bayes || f->type != KP_TYPE_BOOL)
        return -1;
    int best = -1;
    double best_lr = 2.0;   /* a "yes" must at least double the odds */
    for (size_t c = 0; c < m->nconditions; c++) {
        if (!m->conditions[c].must_not_miss)
            continue;
        double lr = exp(m->loglik[f->lik_offset + c * 2 + 1] -
                        m->logmarg[f->lik_offset / m->nconditions + 1]);
        if (lr > best_lr) {
            best_lr = lr;
            best = (int)c;
        }
    }
    return best;
}

static int same_group(const kp__finding *a, const kp__finding *b)
{
    return a->group && b->group &&
           (a->group == b->group || (a->group[0] == b->group[0] && !strcmp(a->group, b->group)));
}

typedef struct sel {
    const kp_model *m;
    const double *post, *logp;
    double h0;
    const kp__qsettings *set;
    kp__eval_ctx ctx;
    double *value;
    uint8_t *known;
    rules_state *rs;            /* NULL: triage term off */
    int level;
} sel;

/* Whether some open rule mentions fi (the triage term can be non-zero). */
static size_t open_rules_for(sel *x, int fi, uint16_t *rules)
{
    if (!x->rs)
        return 0;
    return open_rules_of(&x->ctx, x->rs, fi, rules, MAX_OPEN);
}

/* Gains and cost of asking finding fi. */
static kp__question evaluate(sel *x, int fi, const kp__question *blank)
{
    const kp_model *m = x->m;
    const kp__finding *f = &m->findings[fi];
    double po[MAX_OUTCOMES];
    double gc = f->in_bayes ? condition_gain(m, f, x->post, x->logp, x->h0, po) : 0;
    triage_eval te = {0, -1, -1};
    uint16_t rules[MAX_OPEN];
    size_t nr = open_rules_for(x, fi, rules);
    if (nr)
        te = triage_gain(&x->ctx, x->value, x->known, fi, x->level, rules, nr, po);
    double cost = x->set->cost && x->set->cost[fi] > 0 ? x->set->cost[fi] : f->cost;
    kp__question c = *blank;
    c.finding = fi;
    c.gain_conditions = gc;
    c.gain_triage = te.gain;
    c.gain = gc + x->set->triage_weight * te.gain;
    c.cost = cost;
    c.rule = te.rule;
    c.level_if = te.level_if;
    return c;
}

static int eligible(const kp__eval_ctx *ev, const kp__qsettings *set, size_t fi)
{
    return !ev->known[fi] && ev->m->findings[fi].askable && !(set->excluded && set->excluded[fi]) &&
           kp__finding_applies(ev, fi);
}

void kp__question_select(const kp_model *m, const double *post, const double *value_in,
                         const uint8_t *known_in, int level, const uint8_t *rule_fired,
                         const kp__qsettings *set, double *work, kp__question *q)
{
    memset(q, 0, sizeof *q);
    q->finding = q->cond_a = q->cond_b = q->rule = q->level_if = -1;
    double min_gain = isnan(set->min_gain) ? m->min_information_gain.value : set->min_gain;

    if (set->stop_on_red_flag)
        for (size_t r = 0; r < m->nrules; r++)
            if (rule_fired[r] && m->rules[r].red_flag) {
                q->stop = KP_STOP_RED_FLAG;
                return;
            }
    /* an emergency report holds only the emergency instructions: no answer
     * could make going now less necessary, and a question would delay it */
    if (level <= KP_LEVEL_EMERGENCY) {
        q->stop = KP_STOP_EMERGENCY;
        return;
    }
    if (set->remaining == 0) {
        q->stop = KP_STOP_BUDGET;
        return;
    }

    size_t nc = m->nconditions, nf = m->nfindings;
    double *logp = work;
    double h0 = 0;
    for (size_t c = 0; c < nc; c++) {
        logp[c] = post[c] > 0 ? log(post[c]) : -INFINITY;
        if (post[c] > 0)
            h0 -= post[c] * logp[c];
    }

    /* writable copies for the hypothetical answers; rule states are
     * decided on first use */
    double value[MAX_FINDINGS];
    uint8_t known[MAX_FINDINGS];
    rules_state rs;
    rule_index local;
    sel x = {m, post, logp, h0, set, {m, value, known, NULL, NULL, KP_LEVEL_SELF_CARE, NULL},
             value, known, NULL, level};
    if (nf <= MAX_FINDINGS && m->nrules <= MAX_RULES && set->triage_weight > 0 &&
        level > KP_LEVEL_EMERGENCY_AMBULANCE && (rs.ix = get_index(m, &local))) {
        memcpy(value, value_in, nf * sizeof *value);
        for (size_t f = 0; f < nf; f++)
            known[f] = known_in[f] != 0;
        rs.fired = rule_fired;
        rs.level = level;
        memset(rs.state, RS_UNSEEN, m->nrules);
        x.rs = &rs;
    }
    uint16_t scratch_rules[MAX_OPEN];
    const kp__eval_ctx ev = {m, value_in, known_in, NULL, NULL, KP_LEVEL_SELF_CARE, NULL};

    /* screening questions first, in model order, while anything more
     * urgent than the current level is still possible */
    int screen = -1;
    for (size_t fi = 0; level > KP_LEVEL_EMERGENCY_AMBULANCE && fi < nf && screen < 0; fi++)
        if (m->findings[fi].screen && eligible(&ev, set, fi))
            screen = (int)fi;

    double gain_of[MAX_FINDINGS];
    kp__question blank = *q;
    if (screen >= 0) {
        *q = evaluate(&x, screen, &blank);
        q->kind = KP_Q_SCREEN;
        q->cond_a = screened_condition(m, &m->findings[screen]);
    } else {
        kp__question best = blank;
        double best_score = 0;
        for (size_t fi = 0; fi < nf; fi++) {
            if (fi < MAX_FINDINGS)
                gain_of[fi] = -1;
            if (!eligible(&ev, set, fi))
                continue;
            const kp__finding *f = &m->findings[fi];
            if (!f->in_bayes && !open_rules_for(&x, (int)fi, scratch_rules))
                continue;
            kp__question c = evaluate(&x, (int)fi, &blank);
            if (fi < MAX_FINDINGS)
                gain_of[fi] = c.gain;
            double sc = c.gain / c.cost;
            if (best.finding < 0 || sc > best_score) {
                best = c;
                best_score = sc;
            }
        }
        if (best.finding < 0 || best.gain < min_gain || !(best.gain > 0)) {
            q->stop = KP_STOP_NOTHING_USEFUL;
            return;
        }
        *q = best;
        const kp__finding *f = &m->findings[q->finding];
        if (set->triage_weight * q->gain_triage > q->gain_conditions)
            q->kind = KP_Q_TRIAGE;
        else if (f->in_bayes) {
            separates(m, f, post, &q->cond_a, &q->cond_b);
            q->kind = q->cond_b >= 0 ? KP_Q_SEPARATES : KP_Q_INFORMATION;
        } else
            q->kind = KP_Q_INFORMATION;
    }

    /* group: the other screening or useful questions of the same group,
     * asked together */
    const kp__finding *chosen = &m->findings[q->finding];
    q->group[0] = q->finding;
    q->ngroup = 1;
    long cap = set->remaining < 0 ? KP_Q_MAX_GROUP : set->remaining;
    if (cap > KP_Q_MAX_GROUP)
        cap = KP_Q_MAX_GROUP;
    for (size_t fi = 0; chosen->group && fi < nf && q->ngroup < cap; fi++) {
        const kp__finding *f = &m->findings[fi];
        if ((int)fi == q->finding || !eligible(&ev, set, fi) || !same_group(f, chosen))
            continue;
        int useful = f->screen;
        if (!useful) {
            double g;
            if (screen < 0)
                g = fi < MAX_FINDINGS ? gain_of[fi] : -1;
            else if (!f->in_bayes && !open_rules_for(&x, (int)fi, scratch_rules))
                g = -1;
            else
                g = evaluate(&x, (int)fi, &blank).gain;
            useful = g >= min_gain && g > 0;
        }
        if (useful)
            q->group[q->ngroup++] = (int)fi;
    }
    if (q->ngroup < 2)
        q->ngroup = 0;
}
