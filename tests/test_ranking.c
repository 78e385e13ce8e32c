/*
 * test_ranking.c - must-not-miss ranking: the conditions a fired red-flag
 * rule names (models/default.json, rule "conditions") come first in the
 * report, whatever their probability, with the note that says why; the
 * rest stay in probability order.  Checked on chosen cases and on random
 * evidence, through the C accessors and the JSON report.
 */
#include "helpers.h"

#include <jansson.h>
#include <math.h>

static kp_model *model;
static void setup(void) { model = default_model(); }
static void teardown(void) { kp_model_free(model); }
TestSuite(ranking, .init = setup, .fini = teardown);

static kp_report *assess_evidence(const char *evidence) { return assess_evidence_in(model, evidence); }

static int rule_fired(const kp_report *r, const char *rule) { return reason_index(r, rule) >= 0; }

static json_t *report_json(const kp_report *r)
{
    char *text = NULL;
    cr_assert_eq(kp_report_to_json(r, 0, &text), KP_OK);
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    cr_assert_not_null(j, "%s", e.text);
    kp_free(text);
    return j;
}

/* The invariants of the ranking, for any report. */
static void check_order(const kp_report *r, const char *what)
{
    size_t n = kp_report_condition_count(r), nflagged = 0;
    cr_assert_eq(n, kp_model_count(model, KP_KIND_CONDITION), "%s", what);
    for (size_t i = 0; i < n; i++) {
        size_t nf = kp_report_condition_flagged_count(r, i);
        if (nf) {
            cr_assert_eq(nflagged, i, "%s: flagged %s after an unflagged condition", what,
                         kp_report_condition_id(r, i));
            nflagged++;
        }
        for (size_t j = 0; j < nf; j++) {
            const char *rule = kp_report_condition_flagged_rule(r, i, j);
            cr_assert_not_null(rule, "%s", what);
            cr_assert(rule_fired(r, rule), "%s: %s flagged by %s, which did not fire", what,
                      kp_report_condition_id(r, i), rule);
        }
        cr_assert_null(kp_report_condition_flagged_rule(r, i, nf), "%s", what);
        /* probability order within the flagged block and within the rest */
        if (i > 0 && !kp_report_condition_flagged_count(r, i - 1) == !nf)
            cr_assert_geq(kp_report_condition_probability(r, i - 1),
                          kp_report_condition_probability(r, i), "%s: %s before %s", what,
                          kp_report_condition_id(r, i - 1), kp_report_condition_id(r, i));
    }
    /* the JSON report says the same, and carries the note exactly when
     * something is flagged */
    json_t *j = report_json(r), *conds = json_object_get(j, "conditions");
    cr_assert_eq(json_array_size(conds), n);
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_array_get(conds, i), *fb = json_object_get(c, "flagged_by");
        cr_assert_str_eq(json_string_value(json_object_get(c, "id")), kp_report_condition_id(r, i));
        cr_assert(json_is_array(fb), "%s", what);
        cr_assert_eq(json_array_size(fb), kp_report_condition_flagged_count(r, i), "%s", what);
        if (json_array_size(fb))
            cr_assert(json_is_true(json_object_get(c, "must_not_miss")), "%s: %s flagged but not must_not_miss",
                      what, kp_report_condition_id(r, i));
    }
    json_t *note = json_object_get(j, "conditions_note");
    cr_assert_not_null(note, "%s: conditions_note missing", what);
    if (nflagged)
        cr_assert_str_eq(json_string_value(note),
                         kp_model_text(model, "conditions_flagged_note", NULL, 0), "%s", what);
    else
        cr_assert(json_is_null(note), "%s", what);
    json_decref(j);
}

Test(ranking, joint_infection_flag_ranks_septic_arthritis_above_a_likelier_cyst)
{
    kp_report *r = assess_evidence("{\"knee_hot_red_swollen\": true, \"fever_hot_red_knee\": false,"
                                   " \"swelling_behind_knee\": true, \"pain_at_rest_or_night\": true,"
                                   " \"age\": 45}");
    cr_assert_str_eq(kp_report_condition_id(r, 0), "septic_arthritis");
    cr_assert_eq(kp_report_condition_flagged_count(r, 0), 1);
    cr_assert_str_eq(kp_report_condition_flagged_rule(r, 0, 0), "hot_swollen_knee");
    /* its place is not its probability: the next one is far likelier */
    cr_assert_lt(kp_report_condition_probability(r, 0), 0.1);
    cr_assert_gt(kp_report_condition_probability(r, 1), 0.3);
    cr_assert_eq(kp_report_condition_flagged_count(r, 1), 0);
    check_order(r, "hot knee");
    kp_report_free(r);
}

Test(ranking, several_flagged_conditions_keep_probability_order_among_themselves)
{
    /* after knee surgery a new calf pain: clot first, then infection */
    kp_report *r = assess_evidence("{\"recent_knee_surgery\": true, \"calf_pain\": true, \"age\": 34}");
    cr_assert(rule_fired(r, "after_knee_surgery"));
    cr_assert_str_eq(kp_report_condition_id(r, 0), "dvt");
    cr_assert_str_eq(kp_report_condition_id(r, 1), "septic_arthritis");
    cr_assert_eq(kp_report_condition_flagged_count(r, 2), 0);
    check_order(r, "after surgery");
    kp_report_free(r);
    /* a cold foot names three arterial conditions */
    r = assess_evidence("{\"cold_pale_foot\": true, \"age\": 70}");
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(kp_report_condition_flagged_count(r, i), 1, "%zu", i);
    cr_assert_str_eq(kp_report_condition_id(r, 0), "peripheral_arterial_disease");
    check_order(r, "cold foot");
    kp_report_free(r);
}

Test(ranking, two_rules_naming_one_condition_are_both_listed)
{
    kp_report *r = assess_evidence("{\"knee_hot_red_swollen\": true, \"fever_hot_red_knee\": true}");
    cr_assert_str_eq(kp_report_condition_id(r, 0), "septic_arthritis");
    cr_assert_eq(kp_report_condition_flagged_count(r, 0), 2);
    cr_assert_str_eq(kp_report_condition_flagged_rule(r, 0, 0), "septic_arthritis");
    cr_assert_str_eq(kp_report_condition_flagged_rule(r, 0, 1), "hot_swollen_knee");
    check_order(r, "hot knee with fever");
    kp_report_free(r);
}

Test(ranking, without_a_red_flag_the_order_is_probability_alone)
{
    kp_report *r = assess_evidence("{\"pain_side\": \"lateral\", \"pain_resisted_flexion\": true}");
    for (size_t i = 0; i < kp_report_condition_count(r); i++)
        cr_assert_eq(kp_report_condition_flagged_count(r, i), 0);
    check_order(r, "tendon pain");
    kp_report_free(r);
    /* a red flag that names no condition (locked knee) flags nothing */
    r = assess_evidence("{\"knee_locked\": true}");
    cr_assert(rule_fired(r, "locked_knee"));
    cr_assert_eq(kp_report_condition_flagged_count(r, 0), 0);
    check_order(r, "locked knee");
    kp_report_free(r);
}

Test(ranking, out_of_range_and_null)
{
    cr_assert_eq(kp_report_condition_flagged_count(NULL, 0), 0);
    cr_assert_null(kp_report_condition_flagged_rule(NULL, 0, 0));
    kp_report *r = assess_evidence("{\"calf_swelling\": true}");
    cr_assert_eq(kp_report_condition_flagged_count(r, 999), 0);
    cr_assert_null(kp_report_condition_flagged_rule(r, 999, 0));
    cr_assert_null(kp_report_condition_flagged_rule(r, 0, 99));
    kp_report_free(r);
}

/* Random answers to every bool finding (a fixed seed, so a failure
 * reproduces): the invariants hold on every report. */
Test(ranking, invariants_on_random_evidence)
{
    unsigned seed = 12345u;
    size_t nf = kp_model_count(model, KP_KIND_FINDING);
    size_t flagged_seen = 0;
    for (int round = 0; round < 300; round++) {
        char doc[8192];
        size_t len = (size_t)snprintf(doc, sizeof doc, "{");
        int first = 1;
        for (size_t f = 0; f < nf; f++) {
            if (kp_model_finding_type(model, f) != KP_TYPE_BOOL)
                continue;
            seed = seed * 1103515245u + 12345u;
            unsigned pick = (seed >> 16) % 10;   /* 1 in 10 yes, 3 in 10 no, else unknown */
            if (pick >= 4)
                continue;
            len += (size_t)snprintf(doc + len, sizeof doc - len, "%s\"%s\": %s", first ? "" : ", ",
                                    kp_model_item_id(model, KP_KIND_FINDING, f),
                                    pick == 0 ? "true" : "false");
            first = 0;
        }
        snprintf(doc + len, sizeof doc - len, "}");
        kp_report *r = assess_evidence(doc);
        flagged_seen += kp_report_condition_flagged_count(r, 0) > 0;
        check_order(r, doc);
        kp_report_free(r);
    }
    cr_assert_gt(flagged_seen, 30, "random evidence flagged only %zu reports", flagged_seen);
}
