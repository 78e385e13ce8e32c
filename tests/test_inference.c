/*
 * test_inference.c - the condition posterior against brute-force
 * enumeration of the joint distribution read straight from the model JSON,
 * explanations that add up (weights of evidence, cause effects), unknown
 * findings marginalised (not absent), and batch scoring equal to sessions.
 */
#include "helpers.h"

#include <jansson.h>
#include <math.h>

/* ------------------------------------------------- the model, by hand */

typedef struct bf_finding {
    const char *id;
    int type;                 /* KP_TYPE_* */
    double min, max;
    size_t nbins;
    double bins[32];
    size_t nout;              /* outcomes */
    const char *choices[64];
    double lik[64][16];       /* lik[condition][outcome] */
} bf_finding;

typedef struct bf_model {
    json_t *root;
    size_t nconditions;
    const char *conditions[64];
    double prior[64];
    size_t nbayes;
    bf_finding bayes[128];
} bf_model;

static void bf_load(bf_model *bm, const char *path)
{
    json_error_t e;
    memset(bm, 0, sizeof *bm);
    bm->root = json_load_file(path, 0, &e);
    cr_assert_not_null(bm->root, "%s: %s", path, e.text);
    json_t *conds = json_object_get(bm->root, "conditions");
    json_t *finds = json_object_get(bm->root, "findings");
    bm->nconditions = json_array_size(conds);
    cr_assert_leq(bm->nconditions, 64);
    json_t *first = json_object_get(json_array_get(conds, 0), "likelihoods");
    size_t i;
    json_t *f;
    json_array_foreach(finds, i, f) {
        const char *id = json_string_value(json_object_get(f, "id"));
        if (!json_object_get(first, id))
            continue;
        bf_finding *bf = &bm->bayes[bm->nbayes++];
        bf->id = id;
        const char *type = json_string_value(json_object_get(f, "type"));
        if (!strcmp(type, "bool")) {
            bf->type = KP_TYPE_BOOL;
            bf->nout = 2;
        } else if (!strcmp(type, "choice")) {
            bf->type = KP_TYPE_CHOICE;
            json_t *cs = json_object_get(f, "choices");
            bf->nout = json_array_size(cs);
            for (size_t k = 0; k < bf->nout; k++)
                bf->choices[k] = json_string_value(json_object_get(json_array_get(cs, k), "id"));
        } else {
            bf->type = KP_TYPE_NUMBER;
            bf->min = json_number_value(json_object_get(f, "min"));
            bf->max = json_number_value(json_object_get(f, "max"));
            json_t *bins = json_object_get(f, "bins");
            bf->nbins = json_array_size(bins);
            for (size_t k = 0; k < bf->nbins; k++)
                bf->bins[k] = json_number_value(json_array_get(bins, k));
            bf->nout = bf->nbins + 1;
        }
    }
    json_t *c;
    json_array_foreach(conds, i, c) {
        bm->conditions[i] = json_string_value(json_object_get(c, "id"));
        bm->prior[i] = json_number_value(json_object_get(json_object_get(c, "prior"), "value"));
        json_t *liks = json_object_get(c, "likelihoods");
        for (size_t k = 0; k < bm->nbayes; k++) {
            bf_finding *bf = &bm->bayes[k];
            json_t *p = json_object_get(json_object_get(liks, bf->id), "p");
            cr_assert_not_null(p, "%s lacks %s", bm->conditions[i], bf->id);
            for (size_t o = 0; o < bf->nout; o++) {
                double v;
                if (bf->type == KP_TYPE_BOOL)
                    v = o ? json_number_value(p) : 1 - json_number_value(p);
                else if (bf->type == KP_TYPE_CHOICE)
                    v = json_number_value(json_object_get(p, bf->choices[o]));
                else
                    v = json_number_value(json_array_get(p, o));
                bf->lik[i][o] = v;
            }
        }
    }
}

/* ------------------------------------------------------- randomness */

static uint64_t rng_state;
static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) * (1.0 / 9007199254740992.0);
}
static size_t pick(size_t n) { return (size_t)(uniform() * (double)n); }

/* Bounds of bin o of a number finding, within its range; 0 when empty. */
static int bin_bounds(const bf_finding *f, size_t o, double *lo, double *hi)
{
    *lo = o == 0 ? f->min : fmax(f->min, f->bins[o - 1]);
    *hi = o == f->nbins ? f->max : fmin(f->max, f->bins[o]);
    return o == f->nbins ? *lo <= *hi : *lo < *hi;
}

/* Answer finding f with outcome o in the session; 0 when the outcome cannot
 * be expressed (a bin outside the finding's range). */
static int answer(kp_session *s, const bf_finding *f, size_t o)
{
    switch (f->type) {
    case KP_TYPE_BOOL:
        cr_assert_eq(kp_session_set_bool(s, f->id, (int)o), KP_OK);
        return 1;
    case KP_TYPE_CHOICE:
        cr_assert_eq(kp_session_set_choice(s, f->id, f->choices[o]), KP_OK);
        return 1;
    default: {
        double lo, hi;
        if (!bin_bounds(f, o, &lo, &hi))
            return 0;
        double v = lo + (hi - lo) * uniform();
        if (o < f->nbins && v >= hi)
            v = lo;
        cr_assert_eq(kp_session_set_number(s, f->id, v), KP_OK, "%s=%g: %s", f->id, v,
                     kp_error_message());
        return 1;
    }
    }
}

static double report_probability(const kp_report *r, const char *condition)
{
    for (size_t i = 0; i < kp_report_condition_count(r); i++)
        if (!strcmp(kp_report_condition_id(r, i), condition))
            return kp_report_condition_probability(r, i);
    cr_assert_fail("condition %s missing from the report", condition);
    return NAN;
}

/* Brute force: sum the joint P(condition, all enumerated findings) over
 * every assignment of the enumerated findings that agrees with the
 * evidence.  `outcome[k]` is the known outcome of bayes finding k, or -1
 * when unknown; unknown findings in `enumerate` are summed over explicitly,
 * the others are left out (their likelihoods sum to 1 for every condition).
 */
static void brute_force(const bf_model *bm, const int *outcome, const size_t *enumerate,
                        size_t nenum, double *post)
{
    size_t idx[32] = {0};
    double total = 0;
    for (size_t c = 0; c < bm->nconditions; c++)
        post[c] = 0;
    for (;;) {
        for (size_t c = 0; c < bm->nconditions; c++) {
            double p = bm->prior[c];
            for (size_t k = 0; k < bm->nbayes; k++)
                if (outcome[k] >= 0)
                    p *= bm->bayes[k].lik[c][outcome[k]];
            for (size_t j = 0; j < nenum; j++)
                p *= bm->bayes[enumerate[j]].lik[c][idx[j]];
            post[c] += p;
            total += p;
        }
        size_t j = 0;
        while (j < nenum && ++idx[j] == bm->bayes[enumerate[j]].nout)
            idx[j++] = 0;
        if (j == nenum)
            break;
    }
    for (size_t c = 0; c < bm->nconditions; c++)
        post[c] /= total;
}

static void compare_random_cases(const char *model_path, kp_model *model, size_t cases,
                                 double p_known, size_t max_enum)
{
    bf_model *bm = calloc(1, sizeof *bm);
    bf_load(bm, model_path);
    cr_assert_eq(bm->nconditions, kp_model_count(model, KP_KIND_CONDITION));
    rng_state = 20260101;
    for (size_t t = 0; t < cases; t++) {
        kp_session *s = new_session(model);
        int outcome[128];
        size_t unknown[128], nunknown = 0;
        for (size_t k = 0; k < bm->nbayes; k++) {
            outcome[k] = -1;
            if (uniform() < p_known) {
                size_t o = pick(bm->bayes[k].nout);
                if (answer(s, &bm->bayes[k], o))
                    outcome[k] = (int)o;
            }
            if (outcome[k] < 0)
                unknown[nunknown++] = k;
        }
        /* a random subset of the unknown findings is enumerated */
        size_t enumerate[8], nenum = 0;
        while (nenum < max_enum && nunknown > 0) {
            size_t j = pick(nunknown);
            enumerate[nenum++] = unknown[j];
            unknown[j] = unknown[--nunknown];
        }
        double post[64], sum = 0;
        brute_force(bm, outcome, enumerate, nenum, post);
        kp_report *r = assess(s);
        cr_assert_eq(kp_report_condition_count(r), bm->nconditions);
        for (size_t c = 0; c < bm->nconditions; c++) {
            double got = report_probability(r, bm->conditions[c]);
            cr_expect(fabs(got - post[c]) <= 1e-9 * fmax(1e-3, post[c]),
                      "case %zu, %s: engine %.15g, enumeration %.15g", t, bm->conditions[c],
                      got, post[c]);
        }
        for (size_t i = 0; i < kp_report_condition_count(r); i++) {
            sum += kp_report_condition_probability(r, i);
            /* by probability, within the block a red flag ranks first
             * (test_ranking.c) and within the rest */
            if (i && !kp_report_condition_flagged_count(r, i - 1) == !kp_report_condition_flagged_count(r, i))
                cr_expect_geq(kp_report_condition_probability(r, i - 1),
                              kp_report_condition_probability(r, i), "not sorted");
        }
        cr_expect_float_eq(sum, 1.0, 1e-12);
        kp_report_free(r);
        kp_session_free(s);
    }
    json_decref(bm->root);
    free(bm);
}

Test(posterior, minimal_model_full_enumeration)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_file(&m, MINIMAL_MODEL), KP_OK, "%s", kp_error_message());
    /* every unknown finding of the minimal model is enumerated */
    compare_random_cases(MINIMAL_MODEL, m, 200, 0.5, 8);
    kp_model_free(m);
}

Test(posterior, minimal_model_by_hand)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_file(&m, MINIMAL_MODEL), KP_OK);
    kp_session *s = new_session(m);
    /* swollen, inner side, age 50 (bin 1):
     * cyst 0.3*0.8*0.7*0.6 = 0.1008, nonspecific 0.7*0.1*0.5*0.5 = 0.0175 */
    cr_assert_eq(kp_session_set_bool(s, "swollen", 1), KP_OK);
    cr_assert_eq(kp_session_set_choice(s, "side", "inner"), KP_OK);
    cr_assert_eq(kp_session_set_number(s, "age", 50), KP_OK);
    kp_report *r = assess(s);
    cr_expect_str_eq(kp_report_condition_id(r, 0), "cyst");
    cr_expect_float_eq(kp_report_condition_probability(r, 0), 0.1008 / 0.1183, 1e-12);
    cr_expect_float_eq(kp_report_condition_probability(r, 1), 0.0175 / 0.1183, 1e-12);
    /* the bin edge belongs to the upper bin: age 40 is like 50 */
    cr_assert_eq(kp_session_set_number(s, "age", 40), KP_OK);
    kp_report *r40 = assess(s);
    cr_expect_float_eq(kp_report_condition_probability(r40, 0), 0.1008 / 0.1183, 1e-12);
    kp_report_free(r40);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

Test(posterior, default_model_random_evidence)
{
    kp_model *m = default_model();
    compare_random_cases(KP_SRCDIR "/models/default.json", m, 300, 0.4, 4);
    compare_random_cases(KP_SRCDIR "/models/default.json", m, 100, 0.9, 3);
    kp_model_free(m);
}

Test(posterior, unknown_is_not_absent)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    kp_report *r0 = assess(s);
    /* no evidence: the posterior is the prior */
    for (size_t i = 0; i < kp_report_condition_count(r0); i++) {
        size_t c = find_index(m, KP_KIND_CONDITION, kp_report_condition_id(r0, i));
        cr_expect_float_eq(kp_report_condition_probability(r0, i), kp_model_condition_prior(m, c),
                           1e-12, "%s", kp_report_condition_id(r0, i));
    }
    cr_assert_eq(kp_session_set_bool(s, "calf_swelling", 0), KP_OK);
    kp_report *r1 = assess(s);
    double dvt0 = report_probability(r0, "dvt"), dvt1 = report_probability(r1, "dvt");
    cr_expect_lt(dvt1, dvt0, "answering 'no calf swelling' should lower DVT (%g vs %g)", dvt1, dvt0);
    cr_assert_eq(kp_session_unset(s, "calf_swelling"), KP_OK);
    kp_report *r2 = assess(s);
    cr_expect_eq(report_probability(r2, "dvt"), dvt0, "unset did not restore the prior");
    kp_report_free(r0);
    kp_report_free(r1);
    kp_report_free(r2);
    kp_session_free(s);
    kp_model_free(m);
}

/* -------------------------------------------------- explanations add up */

static void check_explanations(kp_session *s, const char *label)
{
    kp_report *r = assess(s);
    char *text = NULL;
    cr_assert_eq(kp_report_to_json(r, 0, &text), KP_OK);
    json_error_t e;
    json_t *doc = json_loads(text, 0, &e);
    cr_assert_not_null(doc, "%s", e.text);
    double norm = json_number_value(json_object_get(doc, "conditions_log_normaliser"));
    cr_assert(json_is_number(json_object_get(doc, "conditions_log_normaliser")));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "conditions"), i, c) {
        double total = json_number_value(json_object_get(c, "log_prior"));
        size_t j;
        json_t *w;
        json_array_foreach(json_object_get(c, "weights"), j, w)
            total += json_number_value(json_object_get(w, "weight"));
        double p = json_number_value(json_object_get(c, "probability"));
        cr_expect(fabs(total - norm - log(p)) <= 1e-9, "%s %s: log_prior + weights - normaliser = %.12g, ln p = %.12g",
                  label, json_string_value(json_object_get(c, "id")), total - norm, log(p));
        /* the API probability agrees with the JSON one */
        cr_expect_float_eq(p, kp_report_condition_probability(r, i), 1e-9);
    }
    json_array_foreach(json_object_get(doc, "causes"), i, c) {
        double logit = json_number_value(json_object_get(c, "logit"));
        double sum = json_number_value(json_object_get(c, "bias"));
        size_t j;
        json_t *ev;
        json_array_foreach(json_object_get(c, "evidence"), j, ev)
            sum += json_number_value(json_object_get(ev, "effect"));
        cr_expect(fabs(logit - sum) <= 1e-9, "%s cause %s: logit %.12g != bias + effects %.12g", label,
                  json_string_value(json_object_get(c, "id")), logit, sum);
        double score = json_number_value(json_object_get(c, "score"));
        cr_expect(fabs(score - 1 / (1 + exp(-logit))) <= 1e-9, "score is not logistic(logit)");
        /* API: same cause, same score, same effects */
        cr_expect_str_eq(kp_report_cause_id(r, i), json_string_value(json_object_get(c, "id")));
        cr_expect_float_eq(kp_report_cause_score(r, i), score, 1e-9);
        cr_assert_eq(kp_report_cause_evidence_count(r, i), json_array_size(json_object_get(c, "evidence")));
        double api_sum = 0;
        for (size_t k = 0; k < kp_report_cause_evidence_count(r, i); k++)
            api_sum += kp_report_cause_evidence_effect(r, i, k);
        cr_expect_float_eq(api_sum + json_number_value(json_object_get(c, "bias")), logit, 1e-9);
    }
    json_decref(doc);
    kp_free(text);
    kp_report_free(r);
}

Test(explanations, add_up_on_random_evidence)
{
    kp_model *m = default_model();
    rng_state = 7;
    size_t nf = kp_model_count(m, KP_KIND_FINDING);
    for (int t = 0; t < 60; t++) {
        kp_session *s = new_session(m);
        for (size_t f = 0; f < nf; f++) {
            if (uniform() > 0.5)
                continue;
            const char *id = kp_model_item_id(m, KP_KIND_FINDING, f);
            double lo, hi;
            cr_assert_eq(kp_model_finding_range(m, f, &lo, &hi), KP_OK);
            switch (kp_model_finding_type(m, f)) {
            case KP_TYPE_BOOL: kp_session_set_bool(s, id, uniform() < 0.3); break;
            case KP_TYPE_CHOICE:
                kp_session_set_choice(s, id, kp_model_finding_choice_id(m, f, pick(kp_model_finding_choice_count(m, f))));
                break;
            default: kp_session_set_number(s, id, lo + (hi - lo) * uniform()); break;
            }
        }
        char label[32];
        snprintf(label, sizeof label, "case %d", t);
        check_explanations(s, label);
        kp_session_free(s);
    }
    kp_model_free(m);
}

Test(explanations, example_input)
{
    kp_model *m = default_model();
    size_t n;
    char *input = read_text_file(EXAMPLE_INPUT, &n);
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, m, input, n), KP_OK, "%s", kp_error_message());
    check_explanations(s, "examples/assessment.json");
    kp_session_free(s);
    free(input);
    kp_model_free(m);
}

/* Supporting/conflicting lists hold answered findings only, strongest first. */
Test(explanations, supporting_and_conflicting)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    cr_assert_eq(kp_session_set_bool(s, "calf_swelling", 1), KP_OK);
    cr_assert_eq(kp_session_set_bool(s, "recent_travel_or_immobilisation", 1), KP_OK);
    cr_assert_eq(kp_session_set_bool(s, "pulsatile_lump", 0), KP_OK);
    kp_report *r = assess(s);
    int found = 0;
    for (size_t i = 0; i < kp_report_condition_count(r); i++) {
        if (strcmp(kp_report_condition_id(r, i), "dvt"))
            continue;
        found = 1;
        int has_swelling = 0;
        for (size_t j = 0; j < kp_report_condition_supporting_count(r, i); j++)
            has_swelling |= !strcmp(kp_report_condition_supporting(r, i, j), "calf_swelling");
        cr_expect(has_swelling, "calf swelling should support DVT");
        for (size_t j = 0; j < kp_report_condition_conflicting_count(r, i); j++)
            cr_expect_str_neq(kp_report_condition_conflicting(r, i, j), "calf_swelling");
        cr_expect_null(kp_report_condition_supporting(r, i, 999));
    }
    cr_expect(found);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

/* ------------------------------------------------------------ batch */

Test(batch, equals_session_assessment)
{
    kp_model *m = default_model();
    size_t nf = kp_model_count(m, KP_KIND_FINDING), nc = kp_model_count(m, KP_KIND_CONDITION),
           nk = kp_model_count(m, KP_KIND_CAUSE);
    enum { ROWS = 80 };
    const char **cols = calloc(nf, sizeof *cols);
    double *matrix = malloc(ROWS * nf * sizeof *matrix);
    double *conds = malloc(ROWS * nc * sizeof *conds), *causes = malloc(ROWS * nk * sizeof *causes);
    int levels[ROWS];
    for (size_t f = 0; f < nf; f++)
        cols[f] = kp_model_item_id(m, KP_KIND_FINDING, f);
    rng_state = 99;
    for (size_t row = 0; row < ROWS; row++)
        for (size_t f = 0; f < nf; f++) {
            double lo, hi, v = NAN;
            kp_model_finding_range(m, f, &lo, &hi);
            if (uniform() < 0.35) {
                int type = kp_model_finding_type(m, f);
                if (type == KP_TYPE_BOOL)
                    v = uniform() < 0.2;
                else if (type == KP_TYPE_CHOICE)
                    v = (double)pick(kp_model_finding_choice_count(m, f));
                else
                    v = lo + (hi - lo) * uniform();
            }
            matrix[row * nf + f] = v;
        }
    cr_assert_eq(kp_model_score(m, matrix, ROWS, nf, cols, conds, causes, levels), KP_OK, "%s",
                 kp_error_message());
    int nonself = 0;
    for (size_t row = 0; row < ROWS; row++) {
        kp_session *s = new_session(m);
        for (size_t f = 0; f < nf; f++) {
            double v = matrix[row * nf + f];
            if (isnan(v))
                continue;
            int type = kp_model_finding_type(m, f);
            int rc = type == KP_TYPE_BOOL ? kp_session_set_bool(s, cols[f], v != 0)
                     : type == KP_TYPE_CHOICE ? kp_session_set_choice(s, cols[f], kp_model_finding_choice_id(m, f, (size_t)v))
                                              : kp_session_set_number(s, cols[f], v);
            cr_assert_eq(rc, KP_OK, "%s", kp_error_message());
        }
        kp_report *r = assess(s);
        cr_expect_eq(levels[row], kp_report_level(r), "row %zu", row);
        nonself += levels[row] != KP_LEVEL_SELF_CARE;
        for (size_t i = 0; i < kp_report_condition_count(r); i++) {
            size_t c = find_index(m, KP_KIND_CONDITION, kp_report_condition_id(r, i));
            cr_expect_float_eq(conds[row * nc + c], kp_report_condition_probability(r, i), 1e-12,
                               "row %zu %s", row, kp_report_condition_id(r, i));
        }
        for (size_t i = 0; i < kp_report_cause_count(r); i++) {
            size_t k = find_index(m, KP_KIND_CAUSE, kp_report_cause_id(r, i));
            cr_expect_float_eq(causes[row * nk + k], kp_report_cause_score(r, i), 1e-12,
                               "row %zu %s", row, kp_report_cause_id(r, i));
        }
        kp_report_free(r);
        kp_session_free(s);
    }
    cr_expect_gt(nonself, 0, "random rows never fired a rule: the comparison is too weak");
    free(cols);
    free(matrix);
    free(conds);
    free(causes);
    kp_model_free(m);
}

Test(batch, bad_cells_and_columns)
{
    kp_model *m = default_model();
    const char *cols[] = {"age", "trauma"};
    double ok[] = {30, 1, 40, 0};
    int levels[2] = {-1, -1};
    cr_assert_eq(kp_model_score(m, ok, 2, 2, cols, NULL, NULL, levels), KP_OK);
    cr_expect_eq(levels[0], KP_LEVEL_SELF_CARE);
    double bad[] = {30, 1, 400, 0};
    assert_error(kp_model_score(m, bad, 2, 2, cols, NULL, NULL, levels), KP_ERANGE, "row 1");
    cr_expect_not_null(strstr(kp_error_message(), "age"));
    double inf[] = {INFINITY, 1};
    assert_error(kp_model_score(m, inf, 1, 2, cols, NULL, NULL, levels), KP_ERANGE, "age");
    const char *badcols[] = {"age", "knee_colour"};
    assert_error(kp_model_score(m, ok, 2, 2, badcols, NULL, NULL, levels), KP_ENOTFOUND, "knee_colour");
    const char *dup[] = {"age", "age"};
    assert_error(kp_model_score(m, ok, 2, 2, dup, NULL, NULL, levels), KP_EINVAL, "age");
    kp_model_free(m);
}
