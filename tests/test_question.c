/*
 * test_question.c - the next question: red-flag screens first, the
 * triage-aware objective, rationale, grouping, stopping rule; interviews
 * with budget, costs, exclusions and "don't know".
 */
#include "helpers.h"

#include <math.h>

static int is_screen_id(const char *id)
{
    static const char *const screens[] = {"cold_pale_foot", "breathless_or_chest_pain",
                                          "fever_hot_red_knee", "bladder_bowel_saddle",
                                          "knee_locked", "calf_swelling", NULL};
    for (const char *const *s = screens; *s; s++)
        if (!strcmp(*s, id))
            return 1;
    return 0;
}

/* Answer finding f "no" / first choice / middle of the range. */
static void answer_plain(kp_interview *iv, kp_model *m, const char *f)
{
    size_t idx = find_index(m, KP_KIND_FINDING, f);
    int t = kp_model_finding_type(m, idx), rc;
    if (t == KP_TYPE_BOOL)
        rc = kp_interview_answer_bool(iv, f, 0);
    else if (t == KP_TYPE_CHOICE)
        rc = kp_interview_answer_choice(iv, f, kp_model_finding_choice_id(m, idx, 0));
    else {
        double lo, hi;
        kp_model_finding_range(m, idx, &lo, &hi);
        rc = kp_interview_answer_number(iv, f, floor((lo + hi) / 2));
    }
    cr_assert_eq(rc, KP_OK, "%s: %s", f, kp_error_message());
}

Test(question, empty_session_asks_a_screen_with_rationale)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    kp_report *r = assess(s);
    const char *q = kp_report_next_question(r);
    cr_assert_not_null(q);
    cr_assert(is_screen_id(q), "first question %s is not a red-flag screen", q);
    cr_assert_str_eq(kp_report_next_question_kind(r), "screen");
    cr_assert_not_null(kp_report_next_question_rationale(r));
    cr_assert(strlen(kp_report_next_question_rationale(r)) > 10);
    cr_assert_eq(kp_report_should_stop(r), 0);
    cr_assert_str_eq(kp_report_stop_reason(r), "none");
    /* the red-flag screens are offered together */
    cr_assert_str_eq(kp_report_next_question_group(r), "red_flags");
    cr_assert_geq(kp_report_next_question_group_count(r), 2);
    cr_assert_str_eq(kp_report_next_question_group_finding(r, 0), q);
    cr_assert_null(kp_report_next_question_group_finding(r, 99));
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

/* Run an interview to its end with plain answers: every screen is asked
 * before any other question, the interview terminates, and the stop reason
 * is "nothing_useful". */
Test(question, screens_first_and_the_interview_ends)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    kp_interview *iv = NULL;
    cr_assert_eq(kp_interview_new(&iv, s, NULL), KP_OK);
    int seen_other = 0;
    size_t steps = 0, nf = kp_model_count(m, KP_KIND_FINDING);
    for (;;) {
        kp_report *r = NULL;
        cr_assert_eq(kp_interview_assess(iv, &r), KP_OK);
        const char *f = kp_report_next_question(r);
        if (!f) {
            cr_assert_str_eq(kp_report_stop_reason(r), "nothing_useful");
            cr_assert_eq(kp_report_should_stop(r), 1);
            kp_report_free(r);
            break;
        }
        const char *kind = kp_report_next_question_kind(r);
        if (!strcmp(kind, "screen"))
            cr_assert_not(seen_other, "screen %s asked after a non-screen question", f);
        else
            seen_other = 1;
        cr_assert_gt(kp_report_next_question_gain(r), 0);
        cr_assert_float_eq(kp_report_next_question_gain(r),
                           kp_report_next_question_gain_conditions(r) +
                               kp_report_next_question_gain_triage(r), 1e-9);
        if (!strcmp(kind, "separates"))
            cr_assert_eq(kp_report_next_question_condition_count(r), 2);
        const char *plain = kp_report_next_question(r);
        char id[64];
        snprintf(id, sizeof id, "%s", plain);
        kp_report_free(r);
        answer_plain(iv, m, id);
        cr_assert_lt(++steps, nf, "interview does not end");
    }
    cr_assert(seen_other);
    cr_assert_eq(kp_interview_asked_count(iv), steps);
    kp_interview_free(iv);
    kp_session_free(s);
    kp_model_free(m);
}

Test(question, budget_stops_the_interview)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    kp_interview_options o;
    cr_assert_eq(kp_interview_options_init(&o, KP_INTERVIEW_OPTIONS_VERSION), KP_OK);
    o.budget = 3;
    kp_interview *iv = NULL;
    cr_assert_eq(kp_interview_new(&iv, s, &o), KP_OK);
    const char *f;
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(kp_interview_next(iv, &f), 1);
        char id[64];
        snprintf(id, sizeof id, "%s", f);
        answer_plain(iv, m, id);
    }
    cr_assert_eq(kp_interview_next(iv, &f), 0);
    cr_assert_null(f);
    kp_report *r = NULL;
    cr_assert_eq(kp_interview_assess(iv, &r), KP_OK);
    cr_assert_null(kp_report_next_question(r));
    cr_assert_str_eq(kp_report_stop_reason(r), "budget");
    kp_report_free(r);
    /* the plain report of the same session still proposes a question */
    r = assess(s);
    cr_assert_not_null(kp_report_next_question(r));
    kp_report_free(r);
    kp_interview_free(iv);
    kp_session_free(s);
    kp_model_free(m);
}

Test(question, exclusions_costs_and_dont_know)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    kp_interview *iv = NULL;
    cr_assert_eq(kp_interview_new(&iv, s, NULL), KP_OK);
    const char *f;
    cr_assert_eq(kp_interview_next(iv, &f), 1);
    char first[64];
    snprintf(first, sizeof first, "%s", f);
    cr_assert_eq(kp_interview_exclude(iv, first, 1), KP_OK);
    cr_assert_eq(kp_interview_next(iv, &f), 1);
    cr_assert_str_neq(f, first);
    cr_assert_eq(kp_interview_exclude(iv, first, 0), KP_OK);
    cr_assert_eq(kp_interview_next(iv, &f), 1);
    cr_assert_str_eq(f, first);

    /* "don't know": stays unknown, never proposed again, counts */
    cr_assert_eq(kp_interview_answer_unknown(iv, first), KP_OK);
    double v;
    cr_assert_eq(kp_session_get(s, first, &v), 0);
    cr_assert_eq(kp_interview_asked_count(iv), 1);
    cr_assert_eq(kp_interview_next(iv, &f), 1);
    cr_assert_str_neq(f, first);

    /* answer every screen "no", then a higher cost moves the best question */
    kp_interview_options o = KP_INTERVIEW_OPTIONS_INIT;
    kp_interview *iv2 = NULL;
    kp_session *s2 = new_session(m);
    cr_assert_eq(kp_interview_new(&iv2, s2, &o), KP_OK);
    kp_report *r = NULL;
    for (;;) {
        cr_assert_eq(kp_interview_assess(iv2, &r), KP_OK);
        const char *k = kp_report_next_question_kind(r);
        cr_assert_not_null(k);
        if (strcmp(k, "screen"))
            break;
        char id[64];
        snprintf(id, sizeof id, "%s", kp_report_next_question(r));
        kp_report_free(r);
        answer_plain(iv2, m, id);
    }
    char best[64];
    snprintf(best, sizeof best, "%s", kp_report_next_question(r));
    cr_assert_float_eq(kp_report_next_question_cost(r), 1.0, 1e-12);
    kp_report_free(r);
    cr_assert_eq(kp_interview_set_cost(iv2, best, 1000.0), KP_OK);
    cr_assert_eq(kp_interview_assess(iv2, &r), KP_OK);
    cr_assert_str_neq(kp_report_next_question(r), best);
    kp_report_free(r);

    assert_error(kp_interview_set_cost(iv2, best, 0), KP_ERANGE, "cost");
    assert_error(kp_interview_set_cost(iv2, best, NAN), KP_ERANGE, "cost");
    assert_error(kp_interview_set_cost(iv2, "no_such_finding", 2), KP_ENOTFOUND, "no_such_finding");
    assert_error(kp_interview_exclude(iv2, "no_such_finding", 1), KP_ENOTFOUND, "no_such_finding");
    assert_error(kp_interview_answer_bool(iv2, "age", 1), KP_ETYPE, "age");
    cr_assert_eq(kp_interview_asked_count(iv2) > 0, 1);
    kp_interview_free(iv2);
    kp_session_free(s2);
    kp_interview_free(iv);
    kp_session_free(s);
    kp_model_free(m);
}

Test(question, options_are_validated)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    kp_interview_options o;
    assert_error(kp_interview_options_init(&o, 99), KP_EVERSION, "version");
    kp_interview_options_init(&o, KP_INTERVIEW_OPTIONS_VERSION);
    cr_assert_eq(o.budget, -1);
    cr_assert_eq(o.stop_on_red_flag, 1);
    o.triage_weight = -1;
    kp_interview *iv = NULL;
    assert_error(kp_interview_new(&iv, s, &o), KP_ERANGE, "triage_weight");
    cr_assert_null(iv);
    o.triage_weight = 1;
    o.version = 7;
    assert_error(kp_interview_new(&iv, s, &o), KP_EVERSION, "version");
    assert_error(kp_interview_new(&iv, NULL, NULL), KP_EINVAL, "session");
    kp_session_free(s);
    kp_model_free(m);
}

Test(question, red_flag_stops_an_interview_but_not_a_report)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    cr_assert_eq(kp_session_set_bool(s, "calf_swelling", 1), KP_OK);
    kp_interview *iv = NULL;
    cr_assert_eq(kp_interview_new(&iv, s, NULL), KP_OK);
    const char *f;
    cr_assert_eq(kp_interview_next(iv, &f), 0);
    kp_report *r = NULL;
    cr_assert_eq(kp_interview_assess(iv, &r), KP_OK);
    cr_assert_str_eq(kp_report_stop_reason(r), "red_flag");
    cr_assert_eq(kp_report_level(r), KP_LEVEL_CONSULTATION_24);
    kp_report_free(r);
    r = assess(s);
    cr_assert_str_eq(kp_report_stop_reason(r), "none");
    cr_assert_not_null(kp_report_next_question(r));
    kp_report_free(r);
    kp_interview_free(iv);
    kp_session_free(s);
    kp_model_free(m);
}

/* After a trauma with the red-flag screens answered, the Ottawa items are
 * proposed as a group, and the triage term is what makes them useful. */
Test(question, ottawa_items_are_grouped_after_trauma)
{
    kp_model *m = default_model();
    const char *json =
        "{\"evidence\": {\"trauma\": true, \"cold_pale_foot\": false, \"breathless_or_chest_pain\": false,"
        " \"fever_hot_red_knee\": false, \"bladder_bowel_saddle\": false, \"knee_locked\": false,"
        " \"calf_swelling\": false}}";
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, m, json, strlen(json)), KP_OK, "%s", kp_error_message());
    kp_report *r = assess(s);
    const char *g = kp_report_next_question_group(r);
    cr_assert_not_null(g, "question %s has no group", kp_report_next_question(r));
    cr_assert_str_eq(g, "ottawa");
    int deformity = 0;
    for (size_t i = 0; i < kp_report_next_question_group_count(r); i++)
        deformity |= !strcmp(kp_report_next_question_group_finding(r, i), "visible_deformity");
    cr_assert(deformity, "visible_deformity not asked with the Ottawa group");
    cr_assert_gt(kp_report_next_question_gain_triage(r), 0);
    cr_assert_not_null(kp_report_next_question_rule(r));
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

Test(question, rationale_is_localized_and_json_has_the_fields)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    kp_options o = KP_OPTIONS_INIT;
    o.locale = "de";
    cr_assert_eq(kp_session_set_options(s, &o), KP_OK);
    kp_report *r = assess(s);
    const char *why = kp_report_next_question_rationale(r);
    cr_assert_not_null(strstr(why, "Warnzeichen"), "rationale not German: %s", why);
    const char *de_text = kp_report_next_question_text(r);
    char *json = NULL;
    cr_assert_eq(kp_report_to_json(r, 0, &json), KP_OK);
    for (const char *key = "\"should_stop\":false\0\"stop_reason\":\"none\"\0\"rationale\":\0"
                           "\"kind\":\"screen\"\0\"asked_with\":[\0\"gain_triage\":\0";
         *key; key += strlen(key) + 1)
        cr_assert_not_null(strstr(json, key), "report JSON lacks %s", key);
    cr_assert_null(strstr(json, "triage_changes"));
    kp_free(json);

    o.third_person = 1;
    cr_assert_eq(kp_session_set_options(s, &o), KP_OK);
    kp_report *r3 = assess(s);
    cr_assert_str_eq(kp_report_next_question(r3), kp_report_next_question(r));
    cr_assert_str_neq(kp_report_next_question_text(r3), de_text, "no third-person variant");
    kp_report_free(r3);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

Test(question, model_texts_and_choice_labels)
{
    kp_model *m = default_model();
    cr_assert_not_null(kp_model_text(m, "disclaimer", "de", 0));
    cr_assert_str_neq(kp_model_text(m, "disclaimer", "de", 0), kp_model_text(m, "disclaimer", "en", 0));
    cr_assert_null(kp_model_text(m, "no_such_text", NULL, 0));
    size_t side = find_index(m, KP_KIND_FINDING, "pain_side");
    cr_assert_not_null(kp_model_finding_choice_text(m, side, 0, "en", 0));
    cr_assert_null(kp_model_finding_choice_text(m, side, 99, "en", 0));
    kp_model_free(m);
}

/* JSON in, JSON out: an "interview" member in the input document. */
Test(question, assess_json_with_an_interview_member)
{
    kp_model *m = default_model();
    char *out = NULL;
    const char *doc = "{\"evidence\": {\"age\": 30}, \"interview\": {\"budget\": 2,"
                      " \"asked\": [\"cold_pale_foot\", \"breathless_or_chest_pain\"]}}";
    cr_assert_eq(kp_assess_json(m, doc, strlen(doc), 0, &out), KP_OK, "%s", kp_error_message());
    cr_assert_not_null(strstr(out, "\"stop_reason\":\"budget\""), "%s", out);
    cr_assert_not_null(strstr(out, "\"next_question\":null"));
    cr_assert_null(strstr(out, "triage_changes"));
    kp_free(out);

    doc = "{\"interview\": {\"excluded\": [\"cold_pale_foot\"], \"triage_changes\": true}}";
    cr_assert_eq(kp_assess_json(m, doc, strlen(doc), 0, &out), KP_OK, "%s", kp_error_message());
    cr_assert_null(strstr(out, "\"finding\":\"cold_pale_foot\",\"text\""), "%s", out);
    cr_assert_not_null(strstr(out, "\"triage_changes\":["));
    kp_free(out);

    doc = "{\"interview\": {\"excluded\": [\"no_such_finding\"]}}";
    assert_error(kp_assess_json(m, doc, strlen(doc), 0, &out), KP_ENOTFOUND, "no_such_finding");
    cr_assert_null(out);
    doc = "{\"interview\": {\"budget\": \"two\"}}";
    assert_error(kp_assess_json(m, doc, strlen(doc), 0, &out), KP_ETYPE, "interview.budget");
    doc = "{\"interview\": {\"bugdet\": 2}}";
    assert_error(kp_assess_json(m, doc, strlen(doc), 0, &out), KP_ENOTFOUND, "interview.bugdet");

    /* a plain session document may carry the member; it is ignored there */
    kp_session *s = NULL;
    doc = "{\"interview\": {\"budget\": 0}}";
    cr_assert_eq(kp_session_from_json(&s, m, doc, strlen(doc)), KP_OK, "%s", kp_error_message());
    kp_session_free(s);
    kp_model_free(m);
}

/* An emergency report asks nothing more: no next question in the report, in
 * its JSON or from an interview (even one that does not stop on red flags),
 * while a less urgent red flag still asks on; the triage can stay
 * provisional, listing the unasked signs that would call an ambulance. */
static kp_report *assess_json_evidence(kp_model *m, const char *evidence, kp_session **keep)
{
    char doc[512];
    snprintf(doc, sizeof doc, "{\"evidence\": %s}", evidence);
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, m, doc, strlen(doc)), KP_OK, "%s", kp_error_message());
    kp_report *r = assess(s);
    *keep = s;
    return r;
}

Test(question, an_emergency_asks_nothing_more)
{
    kp_model *m = default_model();
    static const char *const emergencies[] = {
        "{\"fever_hot_red_knee\": true}", "{\"cold_pale_foot\": true}",
        "{\"trauma\": true, \"visible_deformity\": true}", "{\"sciatica_both_legs\": true}"};
    for (size_t k = 0; k < sizeof emergencies / sizeof *emergencies; k++) {
        kp_session *s;
        kp_report *r = assess_json_evidence(m, emergencies[k], &s);
        cr_assert_leq(kp_report_level(r), KP_LEVEL_EMERGENCY, "%s", emergencies[k]);
        cr_assert_null(kp_report_next_question(r), "%s asks %s", emergencies[k],
                       kp_report_next_question(r));
        cr_assert_eq(kp_report_should_stop(r), 1);
        cr_assert_str_eq(kp_report_stop_reason(r), "emergency");
        cr_assert_null(kp_report_next_question_kind(r));
        char *json = NULL;
        cr_assert_eq(kp_report_to_json(r, 0, &json), KP_OK);
        cr_assert_not_null(strstr(json, "\"next_question\":null"), "%s", json);
        cr_assert_not_null(strstr(json, "\"stop_reason\":\"emergency\""));
        kp_free(json);
        /* an interview that would go on after a red flag stops too */
        kp_interview *iv = NULL;
        kp_interview_options o = KP_INTERVIEW_OPTIONS_INIT;
        o.stop_on_red_flag = 0;
        cr_assert_eq(kp_interview_new(&iv, s, &o), KP_OK);
        kp_report *ri = NULL;
        cr_assert_eq(kp_interview_assess(iv, &ri), KP_OK);
        cr_assert_null(kp_report_next_question(ri));
        cr_assert_str_eq(kp_report_stop_reason(ri), "emergency");
        kp_report_free(ri);
        kp_interview_free(iv);
        kp_report_free(r);
        kp_session_free(s);
    }
    /* still provisional at emergency: an unasked breathlessness screen
     * could make it an ambulance, and the report lists it */
    kp_session *s;
    kp_report *r = assess_json_evidence(m, "{\"fever_hot_red_knee\": true}", &s);
    cr_assert_eq(kp_report_level(r), KP_LEVEL_EMERGENCY);
    cr_assert(kp_report_triage_provisional(r));
    int listed = 0;
    for (size_t i = 0; i < kp_report_triage_unchecked_count(r); i++)
        listed |= !strcmp(kp_report_triage_unchecked(r, i), "breathless_or_chest_pain");
    cr_assert(listed, "breathlessness not listed as unchecked");
    kp_report_free(r);
    kp_session_free(s);
    /* below emergency a question is still proposed */
    r = assess_json_evidence(m, "{\"calf_swelling\": true}", &s);
    cr_assert_eq(kp_report_level(r), KP_LEVEL_CONSULTATION_24);
    cr_assert_not_null(kp_report_next_question(r));
    cr_assert_str_eq(kp_report_stop_reason(r), "none");
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}
