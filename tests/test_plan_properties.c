/*
 * test_plan_properties.c - plan safety properties on thousands of random
 * evidence sets (seeded, deterministic):
 *   - no plan holds two remedies of which one excludes the other;
 *   - no loading remedy appears while an acute injury is within its window;
 *   - no ice with a cold contraindication or a swollen calf;
 *   - above self-care no remedy says "keep running" or "return to run",
 *     and the pain diary does not say "go ahead";
 *   - an emergency report holds only emergency instructions: the plan is the
 *     emergency instruction alone, there is no next question, and every
 *     less urgent reason is superseded (no "see a doctor within 24 hours" under "call an
 *     ambulance").
 * The exclusions and windows are read from models/default.json; the test
 * also holds its own clinical minimum (pairs that must exclude each other,
 * remedies that must carry an acute ban), so that deleting one from the
 * model fails here rather than weakening the check.
 */
#include "helpers.h"

#include <jansson.h>

#define CASES 6000
#define MAX_REMEDIES 64

/* Clinical minimum, independent of the model file. */
static const char *const must_exclude[][2] = {{"rest", "pain_monitoring"}};
static const char *const loading[] = {"isometrics", "strengthening", "pain_monitoring",
                                      "return_to_run", "load_management", "technique"};
static const char *const acute_findings[] = {"onset_sudden", "trauma"};
/* Answered yes, each keeps ice out of the plan (addendum A11). */
static const char *const no_ice[] = {"cold_intolerance", "reduced_sensation", "poor_circulation",
                                     "diabetes_reduced_feeling", "calf_swelling", "cold_pale_foot",
                                     "exertional_calf_cramp"};
/* Advice to keep running, return to running or change how one runs. */
static const char *const keep_running[] = {"pain_monitoring", "return_to_run", "technique"};

typedef struct facts {
    size_t nremedies;
    const char *id[MAX_REMEDIES];
    uint8_t excludes[MAX_REMEDIES][MAX_REMEDIES];   /* [a][b]: a keeps b out */
    double ban_days[MAX_REMEDIES];                  /* 0: no acute ban */
    const char *days_finding;
    size_t nrules;
    const char *rule_id[128];
    int rule_level[128];
    const char *superseded_en;
    json_t *root;
} facts;

static kp_model *model;
static facts F;

static int remedy_index(const char *id)
{
    for (size_t i = 0; i < F.nremedies; i++)
        if (!strcmp(F.id[i], id))
            return (int)i;
    return -1;
}

/* What the model file declares about exclusions and acute bans. */
static void read_facts(void)
{
    json_error_t e;
    F.root = json_load_file(KP_SRCDIR "/models/default.json", 0, &e);
    cr_assert_not_null(F.root, "%s", e.text);
    json_t *rems = json_object_get(F.root, "remedies");
    F.nremedies = json_array_size(rems);
    cr_assert_leq(F.nremedies, MAX_REMEDIES);
    for (size_t i = 0; i < F.nremedies; i++)
        F.id[i] = json_string_value(json_object_get(json_array_get(rems, i), "id"));
    for (size_t i = 0; i < F.nremedies; i++) {
        json_t *r = json_array_get(rems, i), *x;
        size_t k;
        json_array_foreach(json_object_get(r, "excludes"), k, x) {
            int j = remedy_index(json_string_value(x));
            cr_assert_geq(j, 0);
            F.excludes[i][j] = 1;
        }
        json_t *days = json_object_get(json_object_get(json_object_get(r, "acute_ban"), "days"), "value");
        F.ban_days[i] = days ? json_number_value(days) : 0;
    }
    json_t *rules = json_object_get(F.root, "triage_rules");
    F.nrules = json_array_size(rules);
    cr_assert_leq(F.nrules, 128);
    for (size_t i = 0; i < F.nrules; i++) {
        json_t *r = json_array_get(rules, i);
        F.rule_id[i] = json_string_value(json_object_get(r, "id"));
        F.rule_level[i] = -1;
        for (int l = 0; l < KP_LEVEL_COUNT; l++)
            if (!strcmp(kp_level_id(l), json_string_value(json_object_get(r, "level"))))
                F.rule_level[i] = l;
        cr_assert_geq(F.rule_level[i], 0);
    }
    F.superseded_en = json_string_value(json_object_get(
        json_object_get(json_object_get(F.root, "texts"), "reason_superseded"), "en"));
    cr_assert_not_null(F.superseded_en);
    F.days_finding = json_string_value(
        json_object_get(json_object_get(F.root, "acute_injury"), "days_finding"));
    cr_assert_not_null(F.days_finding, "the model has no acute_injury");
}

static void setup(void)
{
    model = default_model();
    read_facts();
}

static void teardown(void)
{
    json_decref(F.root);
    kp_model_free(model);
}

TestSuite(plan_properties, .init = setup, .fini = teardown);

/* The model keeps the clinical minimum. */
Test(plan_properties, model_declares_the_clinical_minimum)
{
    for (size_t k = 0; k < sizeof must_exclude / sizeof *must_exclude; k++) {
        int a = remedy_index(must_exclude[k][0]), b = remedy_index(must_exclude[k][1]);
        cr_assert(a >= 0 && b >= 0);
        cr_expect(F.excludes[a][b] || F.excludes[b][a], "%s and %s do not exclude each other",
                  must_exclude[k][0], must_exclude[k][1]);
    }
    for (size_t k = 0; k < sizeof loading / sizeof *loading; k++) {
        int a = remedy_index(loading[k]);
        cr_assert_geq(a, 0, "%s", loading[k]);
        cr_expect_geq(F.ban_days[a], 2, "%s has no acute ban of at least 2 days", loading[k]);
    }
}

static uint64_t rng_state;
static double uniform(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

/* Random evidence: each finding answered with probability 0.4; yes for
 * about one bool in twelve (so red flags fire in a good share of cases);
 * the injury findings and the days since the injury are answered more
 * often and the days are mostly within the first two weeks. */
static kp_session *random_session(void)
{
    kp_session *s = new_session(model);
    size_t nf = kp_model_count(model, KP_KIND_FINDING);
    for (size_t f = 0; f < nf; f++) {
        const char *id = kp_model_item_id(model, KP_KIND_FINDING, f);
        int injury = !strcmp(id, F.days_finding);
        for (size_t k = 0; k < sizeof acute_findings / sizeof *acute_findings; k++)
            injury |= !strcmp(id, acute_findings[k]);
        if (uniform() > (injury ? 0.8 : 0.4))
            continue;
        double lo, hi, u = uniform();
        kp_model_finding_range(model, f, &lo, &hi);
        int type = kp_model_finding_type(model, f);
        if (type == KP_TYPE_BOOL)
            kp_session_set_bool(s, id, u < (injury ? 0.5 : 0.08));
        else if (type == KP_TYPE_CHOICE)
            kp_session_set_choice(s, id, kp_model_finding_choice_id(model, f,
                                  (size_t)(u * 1000) % kp_model_finding_choice_count(model, f)));
        else if (injury)
            kp_session_set_number(s, id, u < 0.8 ? (double)(int)(u * 17.5) : lo + (hi - lo) * u);
        else
            kp_session_set_number(s, id, lo + (hi - lo) * u);
    }
    if (uniform() < 0.5) {
        /* a pain diary over the last three weeks, falling, flat or rising */
        cr_assert_eq(kp_session_set_as_of(s, "2026-06-28"), KP_OK);
        double base = uniform() * 5, slope = (uniform() - 0.6) * 0.5;
        for (int d = 0; d < 21; d += 1 + (int)(uniform() * 3)) {
            char date[32];
            snprintf(date, sizeof date, "2026-06-%02d", 7 + d);
            double p = base + slope * d + uniform();
            p = p < 0 ? 0 : p > 10 ? 10 : (double)(int)p;
            cr_assert_eq(kp_session_add_pain(s, date, p, p, p), KP_OK, "%s", kp_error_message());
        }
    }
    kp_options o = KP_OPTIONS_INIT;
    o.max_plan_items = uniform() < 0.5 ? 0 : 1 + (unsigned)(uniform() * 12);
    cr_assert_eq(kp_session_set_options(s, &o), KP_OK);
    return s;
}

static int rule_level(const char *id)
{
    for (size_t i = 0; i < F.nrules; i++)
        if (!strcmp(F.rule_id[i], id))
            return F.rule_level[i];
    cr_assert_fail("unknown rule %s", id);
    return -1;
}

static int answered_true(const kp_session *s, const char *id)
{
    double v;
    return kp_session_get(s, id, &v) == 1 && v != 0;
}

typedef struct tally {
    int excl_pairs_met, acute_in_window, emergencies, superseded, above_self_care, diary_held;
} tally;

static void check_case(int t, const kp_session *s, const kp_report *r, tally *seen)
{
    size_t n = kp_report_plan_count(r);
    int in[MAX_REMEDIES] = {0};
    for (size_t i = 0; i < n; i++) {
        int k = remedy_index(kp_report_plan_remedy(r, i));
        cr_assert_geq(k, 0, "case %d: unknown remedy in the plan", t);
        in[k] = 1;
    }
    /* 1. no two remedies that exclude each other */
    for (size_t a = 0; a < F.nremedies; a++)
        for (size_t b = 0; b < F.nremedies; b++)
            if (F.excludes[a][b] && in[a])
                cr_assert(!in[b], "case %d: %s and %s, which it excludes, in one plan", t, F.id[a],
                          F.id[b]);
    for (size_t k = 0; k < sizeof must_exclude / sizeof *must_exclude; k++)
        cr_assert(!(in[remedy_index(must_exclude[k][0])] && in[remedy_index(must_exclude[k][1])]),
                  "case %d: %s with %s", t, must_exclude[k][0], must_exclude[k][1]);
    /* 2. no loading remedy within its acute window */
    int acute = 0;
    for (size_t k = 0; k < sizeof acute_findings / sizeof *acute_findings; k++)
        acute |= answered_true(s, acute_findings[k]);
    double days;
    if (acute && kp_session_get(s, F.days_finding, &days) == 1) {
        for (size_t k = 0; k < sizeof loading / sizeof *loading; k++) {
            int a = remedy_index(loading[k]);
            double window = F.ban_days[a] > 2 ? F.ban_days[a] : 2;
            if (days < window) {
                seen->acute_in_window++;
                cr_assert(!in[a], "case %d: %s on day %g of an acute injury (window %g days)", t,
                          loading[k], days, window);
            }
        }
    }
    /* ice and its contraindications */
    if (in[remedy_index("ice")])
        for (size_t k = 0; k < sizeof no_ice / sizeof *no_ice; k++)
            cr_assert(!answered_true(s, no_ice[k]), "case %d: ice with %s", t, no_ice[k]);
    /* 3. above self-care nothing says "keep running" */
    int level = kp_report_level(r);
    if (level < KP_LEVEL_SELF_CARE) {
        seen->above_self_care++;
        for (size_t k = 0; k < sizeof keep_running / sizeof *keep_running; k++)
            cr_assert(!in[remedy_index(keep_running[k])], "case %d: %s at %s", t, keep_running[k],
                      kp_level_id(level));
        const char *next = kp_report_pain_trend_next_run(r);
        cr_assert(!next || strcmp(next, "continue"), "case %d: diary says go ahead at %s", t,
                  kp_level_id(level));
        seen->diary_held += next != NULL;
    }
    /* 4. an emergency report holds only emergency instructions */
    if (level <= KP_LEVEL_EMERGENCY) {
        seen->emergencies++;
        cr_assert_eq(n, 1, "case %d: %zu plan items at %s", t, n, kp_level_id(level));
        cr_assert_str_eq(kp_report_plan_remedy(r, 0), "see_professional");
        cr_assert_eq(kp_report_plan_dose_count(r, 0), 0, "case %d: a dose in an emergency", t);
        cr_assert_null(kp_report_next_question(r), "case %d: a next question at %s", t,
                       kp_level_id(level));
        for (size_t i = 0; i < kp_report_reason_count(r); i++) {
            const char *rule = kp_report_reason_rule(r, i);
            if (rule_level(rule) <= level)
                continue;
            seen->superseded++;
            cr_assert(kp_report_reason_superseded(r, i), "case %d: %s not superseded at %s", t,
                      rule, kp_level_id(level));
            cr_assert_str_eq(kp_report_reason_text(r, i), F.superseded_en,
                             "case %d: %s keeps its own advice at %s", t, rule, kp_level_id(level));
        }
    }
    for (size_t a = 0; a < F.nremedies; a++)
        for (size_t b = 0; b < F.nremedies; b++)
            if (F.excludes[a][b] && in[a] && !in[b])
                seen->excl_pairs_met++;
}

Test(plan_properties, random_evidence, .timeout = 120)
{
    rng_state = 20261202;
    tally seen = {0, 0, 0, 0, 0, 0};
    for (int t = 0; t < CASES; t++) {
        kp_session *s = random_session();
        kp_report *r = assess(s);
        check_case(t, s, r, &seen);
        kp_report_free(r);
        kp_session_free(s);
    }
    cr_log_info("excluders in plan %d, loading checks in a window %d, above self-care %d,"
                " emergencies %d, superseded reasons %d, diaries above self-care %d",
                seen.excl_pairs_met, seen.acute_in_window, seen.above_self_care, seen.emergencies,
                seen.superseded, seen.diary_held);
    /* the random cases reach every property often enough to mean something */
    cr_expect_gt(seen.excl_pairs_met, CASES / 50, "exclusions rarely in play: %d", seen.excl_pairs_met);
    cr_expect_gt(seen.acute_in_window, CASES / 10, "acute windows rarely in play: %d",
                 seen.acute_in_window);
    cr_expect_gt(seen.emergencies, CASES / 20, "emergencies rare: %d", seen.emergencies);
    cr_expect_gt(seen.superseded, CASES / 20, "superseded reasons rare: %d", seen.superseded);
    cr_expect_gt(seen.above_self_care, CASES / 5, "few cases above self-care: %d",
                 seen.above_self_care);
    cr_expect_gt(seen.diary_held, CASES / 10, "few diaries above self-care: %d", seen.diary_held);
}
