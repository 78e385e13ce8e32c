/*
 * test_plan.c - plan safety: contraindications, red flags, the safety net,
 * max_plan_items, cross-training variants, every item explained.
 */
#include "helpers.h"

#include <jansson.h>

static kp_model *model;
static void setup(void) { model = default_model(); }
static void teardown(void) { kp_model_free(model); }
TestSuite(plan, .init = setup, .fini = teardown);

/* Remedies that are self-care exercise, loading or icing: never with a red flag. */
static const char *const exercise_or_ice[] = {"ice", "strengthening", "isometrics", "technique",
                                              "cross_training", "return_to_run", "load_management"};

static kp_report *assess_doc(const char *evidence, const char *options)
{
    char doc[2048];
    snprintf(doc, sizeof doc, "{\"evidence\": %s%s%s}", evidence, options ? ", \"options\": " : "",
             options ? options : "");
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, model, doc, strlen(doc)), KP_OK, "%s: %s", doc,
                 kp_error_message());
    kp_report *r = assess(s);
    kp_session_free(s);
    return r;
}

/* Whether any fired rule is a red flag (from the report JSON). */
static int red_flag_fired(const kp_report *r)
{
    char *text = NULL;
    cr_assert_eq(kp_report_to_json(r, 0, &text), KP_OK);
    json_t *doc = json_loads(text, 0, NULL);
    cr_assert_not_null(doc);
    int red = 0;
    size_t i;
    json_t *reason;
    json_array_foreach(json_object_get(json_object_get(doc, "triage"), "reasons"), i, reason)
        red |= json_is_true(json_object_get(reason, "red_flag"));
    json_decref(doc);
    kp_free(text);
    return red;
}

/* Whether plan item i lists a caution containing `needle`. */
static int has_caution(const kp_report *r, size_t i, const char *needle)
{
    for (size_t j = 0; j < kp_report_plan_caution_count(r, i); j++)
        if (strstr(kp_report_plan_caution(r, i, j), needle))
            return 1;
    return 0;
}

/* Invariants that hold for every plan. */
static void check_plan(const kp_report *r, const char *label, unsigned max_items)
{
    size_t n = kp_report_plan_count(r);
    cr_assert_gt(n, 0, "%s: empty plan", label);
    cr_expect_str_eq(kp_report_plan_remedy(r, n - 1), "see_professional", "%s: safety net not last", label);
    cr_expect_leq(n, max_items, "%s: %zu items, max %u", label, n, max_items);
    for (size_t i = 0; i < n; i++) {
        const char *id = kp_report_plan_remedy(r, i);
        const char *text = kp_report_plan_text(r, i);
        cr_expect(text && *text, "%s: %s has no text", label, id);
        if (i + 1 < n) {
            cr_expect_str_neq(id, "see_professional", "%s: safety net twice", label);
            cr_expect_gt(kp_report_plan_because_count(r, i), 0, "%s: %s has no because", label, id);
        }
        for (size_t j = 0; j < kp_report_plan_because_count(r, i); j++) {
            const char *b = kp_report_plan_because(r, i, j);
            cr_expect(b && *b, "%s: %s has an empty because", label, id);
        }
        for (size_t j = 0; j < kp_report_plan_dose_count(r, i); j++)
            cr_expect_not_null(kp_report_plan_dose_key(r, i, j));
        for (size_t k = 0; k < i; k++)
            cr_expect_str_neq(kp_report_plan_remedy(r, k), id, "%s: %s twice", label, id);
    }
    cr_expect_null(kp_report_plan_remedy(r, n));
    if (red_flag_fired(r))
        for (size_t k = 0; k < sizeof exercise_or_ice / sizeof *exercise_or_ice; k++)
            cr_expect_lt(plan_index(r, exercise_or_ice[k]), 0, "%s: %s with a red flag", label,
                         exercise_or_ice[k]);
}

Test(plan, safety_net_always_last)
{
    kp_report *r = assess_doc("{}", NULL);
    cr_expect_eq(kp_report_plan_count(r), 1);
    check_plan(r, "no evidence", 7);
    kp_report_free(r);
    r = assess_doc("{\"cold_pale_foot\": true}", NULL);
    check_plan(r, "ischaemia", 7);
    kp_report_free(r);
}

Test(plan, safety_net_text_follows_level)
{
    kp_report *a = assess_doc("{}", NULL), *b = assess_doc("{\"cold_pale_foot\": true}", NULL);
    size_t na = kp_report_plan_count(a), nb = kp_report_plan_count(b);
    cr_expect_str_neq(kp_report_plan_text(a, na - 1), kp_report_plan_text(b, nb - 1),
                      "the safety net says the same at self_care and emergency_ambulance");
    /* concrete time frames at self-care */
    cr_expect_not_null(strstr(kp_report_plan_text(a, na - 1), "week"), "%s", kp_report_plan_text(a, na - 1));
    /* at an emergency the safety net names the fired rule */
    int names_rule = 0;
    for (size_t j = 0; j < kp_report_plan_because_count(b, nb - 1); j++)
        names_rule |= !strcmp(kp_report_plan_because(b, nb - 1, j), "acute_limb_ischaemia");
    cr_expect(names_rule);
    kp_report_free(a);
    kp_report_free(b);
}

Test(plan, no_ice_with_cold_intolerance_or_reduced_sensation)
{
    const char *base = "{\"pain_now\": 6, \"onset_sudden\": true, \"symptom_days\": 2";
    char ev[512];
    snprintf(ev, sizeof ev, "%s}", base);
    kp_report *r = assess_doc(ev, NULL);
    cr_assert_geq(plan_index(r, "ice"), 0, "ice should be indicated here (else the test is void)");
    kp_report_free(r);
    snprintf(ev, sizeof ev, "%s, \"cold_intolerance\": true}", base);
    r = assess_doc(ev, NULL);
    cr_expect_lt(plan_index(r, "ice"), 0, "ice with cold intolerance");
    check_plan(r, ev, 7);
    kp_report_free(r);
    snprintf(ev, sizeof ev, "%s, \"reduced_sensation\": true}", base);
    r = assess_doc(ev, NULL);
    cr_expect_lt(plan_index(r, "ice"), 0, "ice with reduced sensation");
    kp_report_free(r);
    snprintf(ev, sizeof ev, "%s, \"cold_intolerance\": false, \"reduced_sensation\": false}", base);
    r = assess_doc(ev, NULL);
    cr_expect_geq(plan_index(r, "ice"), 0, "answering 'no' to the contraindications removed ice");
    kp_report_free(r);
}

Test(plan, ice_dose)
{
    kp_report *r = assess_doc("{\"pain_now\": 6}", NULL);
    int i = plan_index(r, "ice");
    cr_assert_geq(i, 0);
    int found = 0;
    for (size_t j = 0; j < kp_report_plan_dose_count(r, (size_t)i); j++)
        if (!strcmp(kp_report_plan_dose_key(r, (size_t)i, j), "minutes_on")) {
            cr_expect_eq(kp_report_plan_dose_value(r, (size_t)i, j), 10);
            found = 1;
        }
    cr_expect(found, "ice has no minutes_on dose");
    kp_report_free(r);
}

/* Each red-flag scenario, on top of evidence that would otherwise call for
 * exercise, ice and cross-training. */
Test(plan, no_exercise_or_ice_with_red_flags)
{
    static const char *const flags[] = {
        "\"cold_pale_foot\": true", "\"breathless_or_chest_pain\": true", "\"fever_hot_red_knee\": true",
        "\"knee_locked\": true", "\"calf_swelling\": true", "\"pulsatile_lump\": true",
        "\"foot_weakness\": true", "\"trauma\": true, \"cannot_bear_weight\": true",
        "\"bladder_bowel_saddle\": true", "\"knee_swelling_rapid\": true",
        "\"numbness_tingling\": true"};
    const char *busy = "\"pain_now\": 6, \"pain_resisted_flexion\": true, \"overstriding\": true,"
                       " \"hill_or_speed_increase\": true, \"symptom_days\": 10, \"cadence_spm\": 150,"
                       " \"strength_sessions_per_week\": 0, \"pool_access\": true";
    char ev[1024];
    snprintf(ev, sizeof ev, "{%s}", busy);
    kp_report *r = assess_doc(ev, "{\"max_plan_items\": 20}");
    cr_assert_eq(kp_report_level(r), KP_LEVEL_CONSULTATION, "baseline should have no red flag");
    cr_assert_geq(plan_index(r, "cross_training"), 0);
    cr_assert_geq(plan_index(r, "ice"), 0);
    kp_report_free(r);
    for (size_t k = 0; k < sizeof flags / sizeof *flags; k++) {
        snprintf(ev, sizeof ev, "{%s, %s}", busy, flags[k]);
        r = assess_doc(ev, "{\"max_plan_items\": 20}");
        cr_expect(red_flag_fired(r), "%s: no red flag", flags[k]);
        check_plan(r, flags[k], 20);
        kp_report_free(r);
    }
}

Test(plan, max_plan_items)
{
    const char *busy = "{\"pain_now\": 6, \"pain_resisted_flexion\": true, \"overstriding\": true,"
                       " \"hill_or_speed_increase\": true, \"symptom_days\": 10,"
                       " \"strength_sessions_per_week\": 0, \"shoe_rotation_pairs\": 1}";
    kp_report *full = assess_doc(busy, "{\"max_plan_items\": 100}");
    size_t nfull = kp_report_plan_count(full);
    cr_assert_geq(nfull, 5, "need a long plan to test cutting (got %zu)", nfull);
    for (unsigned n = 1; n <= nfull + 1; n++) {
        char opt[64];
        snprintf(opt, sizeof opt, "{\"max_plan_items\": %u}", n);
        kp_report *r = assess_doc(busy, opt);
        size_t expect = n < nfull ? n : nfull;
        cr_expect_eq(kp_report_plan_count(r), expect, "max %u", n);
        check_plan(r, opt, n);
        /* a cut plan is a subsequence of the full one, in the same order */
        int last = -1;
        for (size_t i = 0; i + 1 < kp_report_plan_count(r); i++) {
            int at = plan_index(full, kp_report_plan_remedy(r, i));
            cr_expect_gt(at, last, "max %u: %s out of order or not in the full plan", n,
                         kp_report_plan_remedy(r, i));
            last = at;
        }
        kp_report_free(r);
    }
    /* the model default (7) applies without options; the C API also takes 0 = default */
    kp_report *r = assess_doc(busy, NULL);
    cr_expect_leq(kp_report_plan_count(r), 7);
    kp_report_free(r);
    kp_report_free(full);
}

Test(plan, cross_training_follows_equipment)
{
    const char *base = "\"pain_now\": 6";
    char ev[256];
    const char *texts[4];
    kp_report *rs[4];
    const char *equip[] = {"", ", \"pool_access\": true", ", \"pool_access\": false, \"bike_access\": true",
                           ", \"pool_access\": false, \"bike_access\": false"};
    for (int k = 0; k < 4; k++) {
        snprintf(ev, sizeof ev, "{%s%s}", base, equip[k]);
        rs[k] = assess_doc(ev, NULL);
        int i = plan_index(rs[k], "cross_training");
        cr_assert_geq(i, 0, "%s: no cross-training", ev);
        texts[k] = kp_report_plan_text(rs[k], (size_t)i);
    }
    cr_expect_not_null(strstr(texts[1], "water"), "pool: %s", texts[1]);
    cr_expect_null(strstr(texts[2], "water"), "no pool but water running: %s", texts[2]);
    cr_expect_not_null(strstr(texts[2], "Cycling"), "bike: %s", texts[2]);
    cr_expect_null(strstr(texts[3], "water"), "no pool: %s", texts[3]);
    cr_expect_null(strstr(texts[3], "Cycling"), "no bike: %s", texts[3]);
    for (int a = 0; a < 4; a++)
        for (int b = a + 1; b < 4; b++)
            cr_expect_str_neq(texts[a], texts[b], "variants %d and %d say the same", a, b);
    /* the pool variant has its own dose */
    int i = plan_index(rs[1], "cross_training");
    int has = 0;
    for (size_t j = 0; j < kp_report_plan_dose_count(rs[1], (size_t)i); j++)
        has |= !strcmp(kp_report_plan_dose_key(rs[1], (size_t)i, j), "sessions_per_week_max");
    cr_expect(has);
    for (int k = 0; k < 4; k++)
        kp_report_free(rs[k]);
}

/* Random evidence: the invariants hold for every plan. */
Test(plan, invariants_on_random_evidence)
{
    uint64_t st = 12345;
    size_t nf = kp_model_count(model, KP_KIND_FINDING);
    for (int t = 0; t < 200; t++) {
        kp_session *s = new_session(model);
        for (size_t f = 0; f < nf; f++) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            double u = (double)(st >> 11) / 9007199254740992.0;
            if (u > 0.3)
                continue;
            const char *id = kp_model_item_id(model, KP_KIND_FINDING, f);
            double lo, hi;
            kp_model_finding_range(model, f, &lo, &hi);
            int type = kp_model_finding_type(model, f);
            if (type == KP_TYPE_BOOL)
                kp_session_set_bool(s, id, u < 0.08);
            else if (type == KP_TYPE_CHOICE)
                kp_session_set_choice(s, id, kp_model_finding_choice_id(model, f, (size_t)(u * 10) % kp_model_finding_choice_count(model, f)));
            else
                kp_session_set_number(s, id, lo + (hi - lo) * u / 0.3);
        }
        kp_options o = KP_OPTIONS_INIT;
        o.max_plan_items = 1 + (unsigned)(t % 9);
        cr_assert_eq(kp_session_set_options(s, &o), KP_OK);
        kp_report *r = assess(s);
        char label[32];
        snprintf(label, sizeof label, "random case %d", t);
        check_plan(r, label, o.max_plan_items);
        double v;
        if ((kp_session_get(s, "cold_intolerance", &v) == 1 && v) ||
            (kp_session_get(s, "reduced_sensation", &v) == 1 && v))
            cr_expect_lt(plan_index(r, "ice"), 0, "%s: ice despite a contraindication", label);
        kp_report_free(r);
        kp_session_free(s);
    }
}

/* `rest` is indicated by the triage level alone here: it must still say why. */
Test(plan, level_indication_says_why)
{
    kp_report *r = assess_doc("{\"knee_swelling_rapid\": true}", NULL);
    int i = plan_index(r, "rest");
    cr_assert_geq(i, 0, "rest not selected at consultation_24");
    cr_expect_gt(kp_report_plan_because_count(r, (size_t)i), 0, "rest has no because");
    kp_report_free(r);
}

/* Saying no to one piece of equipment removes it from the suggestions even
 * while the other is unknown. */
Test(plan, cross_training_without_one_piece_of_equipment)
{
    kp_report *r = assess_doc("{\"pain_now\": 6, \"pool_access\": false}", NULL);
    int i = plan_index(r, "cross_training");
    cr_assert_geq(i, 0);
    const char *t = kp_report_plan_text(r, (size_t)i);
    cr_expect_null(strstr(t, "pool"), "%s", t);
    cr_expect_null(strstr(t, "swimming"), "%s", t);
    kp_report_free(r);
    r = assess_doc("{\"pain_now\": 6, \"bike_access\": false}", NULL);
    i = plan_index(r, "cross_training");
    cr_assert_geq(i, 0);
    t = kp_report_plan_text(r, (size_t)i);
    cr_expect_null(strstr(t, "ycling"), "%s", t);
    kp_report_free(r);
}

/* A dose is the schedule of its text: none with "call an ambulance now" or
 * "do not run until checked", the review days with the self-care text. */
Test(plan, doses_follow_the_text)
{
    kp_report *r = assess_doc("{\"calf_swelling\": true, \"pain_now\": 5}", NULL);
    for (size_t i = 0; i < kp_report_plan_count(r); i++)
        cr_expect_eq(kp_report_plan_dose_count(r, i), 0, "%s has a dose at %s",
                     kp_report_plan_remedy(r, i), kp_level_id(kp_report_level(r)));
    kp_report_free(r);
    r = assess_doc("{\"pain_side\": \"lateral\"}", NULL);
    int i = plan_index(r, "see_professional");
    cr_assert_geq(i, 0);
    cr_expect_eq(kp_report_level(r), KP_LEVEL_SELF_CARE);
    cr_expect_eq(kp_report_plan_dose_count(r, (size_t)i), 3);
    kp_report_free(r);
}

/* An unanswered contraindication travels with the item as a caution; an
 * answered "no" removes the caution, an answered "yes" the item. */
Test(plan, unanswered_contraindications_are_cautions)
{
    kp_report *r = assess_doc("{\"pain_now\": 6}", NULL);
    int i = plan_index(r, "ice");
    cr_assert_geq(i, 0);
    cr_expect(has_caution(r, (size_t)i, "cold intolerance"), "ice without a cold-intolerance caution");
    cr_expect_null(kp_report_plan_caution(r, (size_t)i, kp_report_plan_caution_count(r, (size_t)i)));
    size_t before = kp_report_plan_caution_count(r, (size_t)i);
    kp_report_free(r);
    r = assess_doc("{\"pain_now\": 6, \"cold_intolerance\": false}", NULL);
    i = plan_index(r, "ice");
    cr_assert_geq(i, 0);
    cr_expect_eq(kp_report_plan_caution_count(r, (size_t)i), before - 1);
    cr_expect(!has_caution(r, (size_t)i, "cold intolerance"));
    kp_report_free(r);
}

/* When the plan is cut, the remedy for the strongest contributing cause
 * stays even though it comes late in the model's order. */
Test(plan, cut_keeps_the_remedy_of_the_top_cause)
{
    const char *ev = "{\"cadence_spm\": 160, \"overstriding\": true, \"shoe_km\": 600,"
                     " \"shoe_rotation_pairs\": 1, \"pain_now\": 5, \"pain_resisted_flexion\": true,"
                     " \"onset_sudden\": false, \"weekly_km_change_pct\": 50, \"symptom_days\": 10}";
    kp_report *all = assess_doc(ev, "{\"max_plan_items\": 20}");
    kp_report *r = assess_doc(ev, NULL);
    cr_assert_str_eq(kp_report_cause_id(r, 0), "running_technique");
    cr_assert_geq(kp_report_cause_score(r, 0), 0.5);
    cr_assert_gt(kp_report_plan_count(all), kp_report_plan_count(r), "the default plan is not cut");
    cr_expect_geq(plan_index(r, "technique"), 0, "technique was cut");
    check_plan(r, "cut", 7);
    /* still in the model's order, safety net last */
    for (size_t i = 1; i + 1 < kp_report_plan_count(r); i++)
        cr_expect_lt(plan_index(all, kp_report_plan_remedy(r, i - 1)),
                     plan_index(all, kp_report_plan_remedy(r, i)));
    kp_report_free(all);
    kp_report_free(r);
}

/* PEACE & LOVE: protect for the first days after a sudden injury, load
 * later (brief 4.1, 4.3). */
Test(plan, no_loading_in_the_first_days_after_a_sudden_injury)
{
    const char *early = "{\"onset_sudden\": true, \"symptom_days\": 2, \"calf_pain\": true,"
                        " \"pain_resisted_flexion\": true}";
    const char *later = "{\"onset_sudden\": true, \"symptom_days\": 10, \"calf_pain\": true,"
                        " \"pain_resisted_flexion\": true}";
    kp_report *r = assess_doc(early, NULL);
    cr_expect_lt(plan_index(r, "strengthening"), 0);
    cr_expect_geq(plan_index(r, "rest"), 0);
    kp_report_free(r);
    r = assess_doc(later, NULL);
    cr_expect_geq(plan_index(r, "strengthening"), 0);
    kp_report_free(r);
}

/* Relative rest ("take a break from running") excludes pain-guided running
 * ("running is fine while..."): the rest wins, and pain-guided running comes
 * back as soon as rest is no longer indicated. */
Test(plan, rest_excludes_pain_guided_running)
{
    kp_report *r = assess_doc("{\"pain_trend\": \"stable\", \"pain_now\": 2, \"symptom_days\": 10}",
                              "{\"max_plan_items\": 20}");
    cr_assert_lt(plan_index(r, "rest"), 0, "rest indicated without pain or overuse");
    cr_expect_geq(plan_index(r, "pain_monitoring"), 0, "pain-guided running not indicated");
    kp_report_free(r);
    r = assess_doc("{\"pain_trend\": \"stable\", \"pain_now\": 4, \"symptom_days\": 10}",
                   "{\"max_plan_items\": 20}");
    cr_expect_geq(plan_index(r, "rest"), 0);
    cr_expect_lt(plan_index(r, "pain_monitoring"), 0, "rest and pain-guided running together");
    check_plan(r, "rest and pain", 20);
    kp_report_free(r);
}

/* Every loading remedy waits for its own window after an acute injury
 * (a fall, twist or sudden pop): easy holds from day 2, strengthening from
 * day 5, running advice from day 7 (addendum A9.2). */
Test(plan, every_loading_remedy_waits_for_its_acute_window)
{
    static const char *const running[] = {"return_to_run", "load_management", "technique"};
    char ev[512];
    kp_report *r[4];
    const int days[4] = {1, 3, 6, 8};
    for (int k = 0; k < 4; k++) {
        snprintf(ev, sizeof ev,
                 "{\"trauma\": true, \"symptom_days\": %d, \"pain_trend\": \"improving\","
                 " \"pain_now\": 2, \"run_spike_pct\": 40, \"cadence_spm\": 160,"
                 " \"pain_resisted_flexion\": true, \"prior_hamstring_strain\": true,"
                 " \"knee_locked\": false, \"cannot_bear_weight\": false}", days[k]);
        r[k] = assess_doc(ev, "{\"max_plan_items\": 20}");
        cr_assert_eq(kp_report_level(r[k]), KP_LEVEL_SELF_CARE, "day %d", days[k]);
    }
    cr_expect_lt(plan_index(r[0], "isometrics"), 0, "holds on day 1");
    cr_expect_geq(plan_index(r[1], "isometrics"), 0, "no holds on day 3");
    cr_expect_lt(plan_index(r[1], "strengthening"), 0, "strengthening on day 3");
    cr_expect_geq(plan_index(r[2], "strengthening"), 0, "no strengthening on day 6");
    for (size_t j = 0; j < sizeof running / sizeof *running; j++) {
        for (int k = 0; k < 3; k++)
            cr_expect_lt(plan_index(r[k], running[j]), 0, "%s on day %d", running[j], days[k]);
        cr_expect_geq(plan_index(r[3], running[j]), 0, "no %s on day 8", running[j]);
    }
    for (int k = 0; k < 3; k++)
        cr_expect_lt(plan_index(r[k], "pain_monitoring"), 0, "pain-guided running on day %d", days[k]);
    for (int k = 0; k < 4; k++)
        kp_report_free(r[k]);
}

/* While the days since the injury are unknown the window cannot be
 * checked: the remedy stays, with the ban as a caution. */
Test(plan, unknown_acute_window_is_a_caution)
{
    kp_report *r = assess_doc("{\"trauma\": true, \"prior_hamstring_strain\": true,"
                              " \"knee_locked\": false, \"cannot_bear_weight\": false}",
                              "{\"max_plan_items\": 20}");
    int i = plan_index(r, "strengthening");
    cr_assert_geq(i, 0);
    cr_expect(has_caution(r, (size_t)i, "first 5 days"), "strengthening without the acute-window caution");
    kp_report_free(r);
    r = assess_doc("{\"trauma\": false, \"onset_sudden\": false, \"prior_hamstring_strain\": true}",
                   "{\"max_plan_items\": 20}");
    i = plan_index(r, "strengthening");
    cr_assert_geq(i, 0);
    cr_expect(!has_caution(r, (size_t)i, "first 5 days"), "acute-window caution without an injury");
    kp_report_free(r);
}

/* A fresh muscle tear is protected first: relative rest gives the
 * protect-then-load schedule with its doses. */
Test(plan, fresh_muscle_tear_gets_protection_first)
{
    kp_report *r = assess_doc("{\"onset_sudden\": true, \"calf_pain\": true, \"symptom_days\": 0,"
                              " \"calf_swelling\": false, \"pain_resisted_flexion\": true}",
                              "{\"max_plan_items\": 20}");
    cr_assert_eq(kp_report_level(r), KP_LEVEL_SELF_CARE);
    int i = plan_index(r, "rest");
    cr_assert_eq(i, 0, "protection is not the first item");
    cr_expect_not_null(strstr(kp_report_plan_text(r, 0), "Protect the injured muscle"), "%s",
                       kp_report_plan_text(r, 0));
    int has = 0;
    for (size_t j = 0; j < kp_report_plan_dose_count(r, 0); j++)
        has |= !strcmp(kp_report_plan_dose_key(r, 0, j), "loading_start_day");
    cr_expect(has, "no loading start day in the protection dose");
    static const char *const loading[] = {"isometrics", "strengthening", "pain_monitoring",
                                          "return_to_run", "load_management", "technique"};
    for (size_t k = 0; k < sizeof loading / sizeof *loading; k++)
        cr_expect_lt(plan_index(r, loading[k]), 0, "%s on day 0 of a tear", loading[k]);
    kp_report_free(r);
}

/* Above self-care the plan gives no "running is fine", return-to-run or
 * technique advice, and load management holds the running until the
 * examination (night pain in a teenager, catching, an unchecked lump). */
Test(plan, no_keep_running_advice_above_self_care)
{
    static const char *const cases[] = {
        "{\"pain_at_rest_or_night\": true, \"age\": 14}",
        "{\"mechanical_symptoms\": true}",
        "{\"swelling_behind_knee\": true, \"swelling_checked\": false}"};
    static const char *const keep_running[] = {"pain_monitoring", "return_to_run", "technique"};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        /* cases[c] is "{...}": splice its members before the common ones */
        char doc[512];
        snprintf(doc, sizeof doc, "%.*s, \"pain_trend\": \"improving\", \"pain_now\": 2,"
                 " \"symptom_days\": 10, \"cadence_spm\": 160, \"run_spike_pct\": 30}",
                 (int)strlen(cases[c]) - 1, cases[c]);
        kp_report *r = assess_doc(doc, "{\"max_plan_items\": 20}");
        cr_assert_eq(kp_report_level(r), KP_LEVEL_CONSULTATION, "%s", doc);
        for (size_t k = 0; k < sizeof keep_running / sizeof *keep_running; k++)
            cr_expect_lt(plan_index(r, keep_running[k]), 0, "%s with %s", keep_running[k], doc);
        int i = plan_index(r, "load_management");
        cr_assert_geq(i, 0, "%s", doc);
        cr_expect_not_null(strstr(kp_report_plan_text(r, (size_t)i), "Until you have been examined"),
                           "%s", kp_report_plan_text(r, (size_t)i));
        kp_report_free(r);
    }
    /* the same runner without the warning sign: running advice is back */
    kp_report *r = assess_doc("{\"pain_trend\": \"improving\", \"pain_now\": 2, \"symptom_days\": 10,"
                              " \"cadence_spm\": 160, \"run_spike_pct\": 30}",
                              "{\"max_plan_items\": 20}");
    cr_assert_eq(kp_report_level(r), KP_LEVEL_SELF_CARE);
    cr_expect_geq(plan_index(r, "technique"), 0);
    cr_expect_geq(plan_index(r, "return_to_run"), 0);
    kp_report_free(r);
}

/* A settling pain diary does not say "go ahead" while the level asks for an
 * examination. */
Test(plan, settling_diary_holds_running_above_self_care)
{
    const char *diary = "\"as_of\": \"2026-06-20\", \"pain_diary\": ["
                        "{\"date\": \"2026-06-07\", \"during\": 4, \"after\": 4, \"next_morning\": 4},"
                        "{\"date\": \"2026-06-10\", \"during\": 3, \"after\": 3, \"next_morning\": 3},"
                        "{\"date\": \"2026-06-14\", \"during\": 2, \"after\": 2, \"next_morning\": 2},"
                        "{\"date\": \"2026-06-18\", \"during\": 1, \"after\": 1, \"next_morning\": 1}]";
    char doc[1024];
    snprintf(doc, sizeof doc, "{\"evidence\": {\"pain_at_rest_or_night\": true}, %s}", diary);
    kp_report *r = NULL;
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, model, doc, strlen(doc)), KP_OK, "%s", kp_error_message());
    r = assess(s);
    cr_assert_eq(kp_report_level(r), KP_LEVEL_CONSULTATION);
    cr_expect_str_eq(kp_report_pain_trend(r), "improving");
    cr_expect_str_eq(kp_report_pain_trend_next_run(r), "reduce");
    cr_expect_not_null(strstr(kp_report_pain_trend_advice(r), "do not add running"), "%s",
                       kp_report_pain_trend_advice(r));
    kp_report_free(r);
    kp_session_free(s);
    snprintf(doc, sizeof doc, "{\"evidence\": {\"pain_at_rest_or_night\": false}, %s}", diary);
    cr_assert_eq(kp_session_from_json(&s, model, doc, strlen(doc)), KP_OK, "%s", kp_error_message());
    r = assess(s);
    cr_expect_str_eq(kp_report_pain_trend_next_run(r), "continue");
    kp_report_free(r);
    kp_session_free(s);
}

/* An emergency report holds only emergency instructions: the plan is the
 * ambulance text alone and the less urgent reasons are superseded, with
 * their findings still listed. */
Test(plan, emergency_report_holds_only_emergency_instructions)
{
    kp_report *r = assess_doc("{\"cold_pale_foot\": true, \"calf_swelling\": true,"
                              " \"knee_locked\": true, \"pain_now\": 6}", NULL);
    cr_assert_eq(kp_report_level(r), KP_LEVEL_EMERGENCY_AMBULANCE);
    cr_assert_eq(kp_report_plan_count(r), 1);
    cr_expect_not_null(strstr(kp_report_plan_text(r, 0), "Call an ambulance"));
    size_t superseded = 0;
    for (size_t i = 0; i < kp_report_reason_count(r); i++) {
        const char *rule = kp_report_reason_rule(r, i);
        const char *text = kp_report_reason_text(r, i);
        int own = !strcmp(rule, "acute_limb_ischaemia");
        cr_expect_eq(kp_report_reason_superseded(r, i), !own, "%s", rule);
        cr_expect_null(strstr(text, "24 hours"), "%s: %s", rule, text);
        cr_expect_null(strstr(text, "appointment"), "%s: %s", rule, text);
        cr_expect_gt(kp_report_reason_finding_count(r, i), 0, "%s lost its findings", rule);
        superseded += !own;
    }
    cr_expect_geq(superseded, 3, "calf swelling, locked knee and pain not all listed");
    cr_expect_eq(kp_report_reason_superseded(r, kp_report_reason_count(r)), 0);
    char *json = NULL;
    cr_assert_eq(kp_report_to_json(r, 0, &json), KP_OK);
    cr_expect_not_null(strstr(json, "\"superseded\":true"), "%s", json);
    kp_free(json);
    kp_report_free(r);
    /* below the emergency levels a reason keeps its own advice */
    r = assess_doc("{\"calf_swelling\": true, \"pain_now\": 6}", NULL);
    cr_assert_eq(kp_report_level(r), KP_LEVEL_CONSULTATION_24);
    for (size_t i = 0; i < kp_report_reason_count(r); i++)
        cr_expect_eq(kp_report_reason_superseded(r, i), 0, "%s", kp_report_reason_rule(r, i));
    kp_report_free(r);
}

/* Ice cautions (addendum A11): poor circulation, diabetes with reduced
 * feeling, Raynaud's and a swollen calf before a clot is excluded each keep
 * ice out when answered yes, and travel with the item as cautions while
 * unanswered. */
Test(plan, ice_cautions_for_circulation_diabetes_and_a_swollen_calf)
{
    static const struct { const char *finding, *caution; } cases[] = {
        {"poor_circulation", "poor circulation"},
        {"diabetes_reduced_feeling", "diabetes"},
        {"cold_intolerance", "Raynaud"},
        {"calf_swelling", "until a doctor has ruled out a clot"}};
    const char *base = "{\"pain_now\": 4, \"onset_sudden\": true, \"symptom_days\": 2, \"calf_pain\": false";
    char ev[512];
    snprintf(ev, sizeof ev, "%s}", base);
    kp_report *r = assess_doc(ev, "{\"max_plan_items\": 20}");
    int i = plan_index(r, "ice");
    cr_assert_geq(i, 0, "ice not indicated (the test would be void)");
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        cr_expect(has_caution(r, (size_t)i, cases[k].caution), "no caution for %s", cases[k].finding);
    kp_report_free(r);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        snprintf(ev, sizeof ev, "%s, \"%s\": true}", base, cases[k].finding);
        r = assess_doc(ev, "{\"max_plan_items\": 20}");
        cr_expect_lt(plan_index(r, "ice"), 0, "ice with %s", cases[k].finding);
        kp_report_free(r);
        snprintf(ev, sizeof ev, "%s, \"%s\": false}", base, cases[k].finding);
        r = assess_doc(ev, "{\"max_plan_items\": 20}");
        i = plan_index(r, "ice");
        cr_assert_geq(i, 0, "no ice after answering no to %s", cases[k].finding);
        cr_expect(!has_caution(r, (size_t)i, cases[k].caution), "caution for %s answered no",
                  cases[k].finding);
        kp_report_free(r);
    }
}
