/*
 * test_provisional.c - a triage is provisional while a warning sign that
 * could make it more urgent is unchecked: the flag, the list (most urgent
 * first), a complete negative screen, and the JSON report members.
 */
#include "helpers.h"

#include <jansson.h>

TestSuite(provisional);

static kp_report *assess_doc(kp_model *m, const char *evidence)
{
    char doc[512];
    snprintf(doc, sizeof doc, "{\"evidence\": %s}", evidence);
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, m, doc, strlen(doc)), KP_OK, "%s", kp_error_message());
    kp_report *r = assess(s);
    kp_session_free(s);
    return r;
}

static kp_model *minimal(void)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_file(&m, MINIMAL_MODEL), KP_OK, "%s", kp_error_message());
    return m;
}

Test(provisional, unanswered_red_flag_is_listed)
{
    kp_model *m = minimal();
    kp_report *r = assess_doc(m, "{\"swollen\": true}");
    cr_expect_eq(kp_report_level(r), KP_LEVEL_SELF_CARE);
    cr_expect(kp_report_triage_provisional(r));
    /* "swollen" is neither a screen nor in a red-flag rule */
    cr_assert_eq(kp_report_triage_unchecked_count(r), 1);
    cr_expect_str_eq(kp_report_triage_unchecked(r, 0), "cold_foot");
    cr_expect_null(kp_report_triage_unchecked(r, 1));
    kp_report_free(r);
    kp_model_free(m);
}

Test(provisional, complete_negative_screen_is_final)
{
    kp_model *m = minimal();
    kp_report *r = assess_doc(m, "{\"cold_foot\": false}");
    cr_expect_eq(kp_report_level(r), KP_LEVEL_SELF_CARE);
    cr_expect_not(kp_report_triage_provisional(r));
    cr_expect_eq(kp_report_triage_unchecked_count(r), 0);
    cr_expect_null(kp_report_triage_unchecked(r, 0));
    kp_report_free(r);
    kp_model_free(m);
}

Test(provisional, null_report)
{
    cr_expect_eq(kp_report_triage_provisional(NULL), 0);
    cr_expect_eq(kp_report_triage_unchecked_count(NULL), 0);
    cr_expect_null(kp_report_triage_unchecked(NULL, 0));
}

/* Default model: nothing answered lists the most urgent sign first (a yes to
 * it calls an ambulance); once an ambulance rule fired nothing can be more
 * urgent and the triage is final. */
Test(provisional, default_model_most_urgent_first)
{
    kp_model *m = default_model();
    kp_report *r = assess_doc(m, "{}");
    cr_expect(kp_report_triage_provisional(r));
    cr_assert_gt(kp_report_triage_unchecked_count(r), 1);
    const char *first = kp_report_triage_unchecked(r, 0);
    char ev[128];
    snprintf(ev, sizeof ev, "{\"%s\": true}", first);
    kp_report *r2 = assess_doc(m, ev);
    cr_expect_eq(kp_report_level(r2), KP_LEVEL_EMERGENCY_AMBULANCE, "%s", first);
    cr_expect_not(kp_report_triage_provisional(r2));
    cr_expect_eq(kp_report_triage_unchecked_count(r2), 0);
    /* an answered finding is never listed as unchecked */
    snprintf(ev, sizeof ev, "{\"%s\": false}", first);
    kp_report *r3 = assess_doc(m, ev);
    for (size_t i = 0; i < kp_report_triage_unchecked_count(r3); i++)
        cr_expect_str_neq(kp_report_triage_unchecked(r3, i), first);
    kp_report_free(r3);
    kp_report_free(r2);
    kp_report_free(r);
    kp_model_free(m);
}

Test(provisional, json_members)
{
    kp_model *m = minimal();
    const char *cases[] = {"{}", "{\"cold_foot\": false}"};
    for (int k = 0; k < 2; k++) {
        kp_report *r = assess_doc(m, cases[k]);
        char *out = NULL;
        cr_assert_eq(kp_report_to_json(r, 0, &out), KP_OK, "%s", kp_error_message());
        json_t *doc = json_loads(out, 0, NULL);
        cr_assert_not_null(doc);
        json_t *t = json_object_get(doc, "triage");
        json_t *p = json_object_get(t, "provisional"), *u = json_object_get(t, "unchecked");
        cr_assert(json_is_boolean(p) && json_is_array(u));
        cr_expect_eq(json_is_true(p), k == 0);
        cr_expect_eq(json_array_size(u), k == 0 ? 1 : 0);
        if (k == 0)
            cr_expect_str_eq(json_string_value(json_array_get(u, 0)), "cold_foot");
        json_decref(doc);
        kp_free(out);
        kp_report_free(r);
    }
    kp_model_free(m);
}

/* ask_if: the oestrogen and pregnancy questions do not apply to a man, so
 * they are never asked of him and never left as unchecked warning signs;
 * for a woman, or while the sex is unknown, they are. */
static int lists(const kp_report *r, const char *finding)
{
    for (size_t i = 0; i < kp_report_triage_unchecked_count(r); i++)
        if (!strcmp(kp_report_triage_unchecked(r, i), finding))
            return 1;
    return 0;
}

Test(provisional, questions_that_do_not_apply_are_not_unchecked)
{
    kp_model *m = default_model();
    static const char *const female_only[] = {"combined_pill", "oral_hrt", "pregnant", "postpartum_6w"};
    static const char *const sexes[] = {"\"male\"", "\"female\"", NULL};
    for (int k = 0; k < 3; k++) {
        char ev[512];
        snprintf(ev, sizeof ev,
                 "{%s%s%s \"calf_pain\": true, \"recent_travel_or_immobilisation\": false,"
                 " \"recent_surgery\": false, \"previous_dvt\": false, \"active_cancer\": false,"
                 " \"recent_knee_surgery\": false}",
                 sexes[k] ? "\"sex\": " : "", sexes[k] ? sexes[k] : "", sexes[k] ? "," : "");
        kp_report *r = assess_evidence_in(m, ev);
        for (size_t j = 0; j < 4; j++)
            cr_assert_eq(lists(r, female_only[j]), k != 0, "%s listed=%d for %s", female_only[j],
                         lists(r, female_only[j]), ev);
        kp_report_free(r);
    }
    /* an interview with a man: answer no to everything, never asked them */
    kp_session *s = new_session(m);
    cr_assert_eq(kp_session_set_choice(s, "sex", "male"), KP_OK);
    kp_interview *iv = NULL;
    cr_assert_eq(kp_interview_new(&iv, s, NULL), KP_OK);
    size_t asked = 0;
    for (;;) {
        kp_report *r = NULL;
        cr_assert_eq(kp_interview_assess(iv, &r), KP_OK);
        const char *f = kp_report_next_question(r);
        if (!f) {
            kp_report_free(r);
            break;
        }
        for (size_t j = 0; j < 4; j++)
            cr_assert_str_neq(f, female_only[j], "asked a man %s", f);
        size_t fi = find_index(m, KP_KIND_FINDING, f);
        int type = kp_model_finding_type(m, fi);
        if (type == KP_TYPE_BOOL)
            cr_assert_eq(kp_interview_answer_bool(iv, f, 0), KP_OK, "%s", kp_error_message());
        else
            cr_assert_eq(kp_interview_answer_unknown(iv, f), KP_OK, "%s", kp_error_message());
        kp_report_free(r);
        cr_assert_lt(++asked, 200, "the interview does not end");
    }
    cr_assert_gt(asked, 5);
    kp_interview_free(iv);
    kp_session_free(s);
    kp_model_free(m);
}
