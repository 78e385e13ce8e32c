/*
 * test_followup.c - follow-up over time: the pain diary's trend and the
 * Silbernagel advice, "persists or worsens" raising the triage, and saved
 * sessions/interviews restored under the same or a newer model version.
 */
#include "helpers.h"

#include <jansson.h>
#include <math.h>

static kp_session *from_json(kp_model *m, const char *json)
{
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, m, json, strlen(json)), KP_OK, "%s", kp_error_message());
    return s;
}

static int has_because(const kp_report *r, const char *remedy, const char *id)
{
    int p = plan_index(r, remedy);
    if (p < 0)
        return 0;
    for (size_t j = 0; j < kp_report_plan_because_count(r, (size_t)p); j++)
        if (!strcmp(kp_report_plan_because(r, (size_t)p, j), id))
            return 1;
    return 0;
}

Test(followup, worsening_diary_raises_triage_and_says_stop)
{
    kp_model *m = default_model();
    kp_session *s = from_json(m,
        "{\"as_of\": \"2026-11-14\", \"evidence\": {\"pain_now\": 3},"
        " \"pain_diary\": [{\"date\": \"2026-11-01\", \"during\": 2, \"after\": 2, \"next_morning\": 1},"
        "                {\"date\": \"2026-11-04\", \"during\": 2, \"after\": 3, \"next_morning\": 1},"
        "                {\"date\": \"2026-11-10\", \"during\": 4, \"after\": 5, \"next_morning\": 4},"
        "                {\"date\": \"2026-11-13\", \"during\": 5, \"after\": 6, \"next_morning\": 4}]}");
    kp_report *r = assess(s);
    cr_assert_str_eq(kp_report_pain_trend(r), "worsening");
    cr_assert_leq(kp_report_level(r), KP_LEVEL_CONSULTATION);
    cr_assert_geq(reason_index(r, "pain_not_improving"), 0);
    cr_assert(has_because(r, "see_professional", "pain_not_improving"),
              "see_professional does not give the diary as its reason");
    cr_assert_str_eq(kp_report_pain_trend_next_run(r), "stop");
    cr_assert_not_null(kp_report_pain_trend_advice(r), "no pain_advice_stop text in the model");
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

Test(followup, improving_diary_continues)
{
    kp_model *m = default_model();
    kp_session *s = from_json(m,
        "{\"as_of\": \"2026-11-14\","
        " \"pain_diary\": [{\"date\": \"2026-11-01\", \"during\": 4, \"after\": 4, \"next_morning\": 2},"
        "                {\"date\": \"2026-11-04\", \"during\": 4, \"after\": 3, \"next_morning\": 1},"
        "                {\"date\": \"2026-11-10\", \"during\": 1, \"after\": 2, \"next_morning\": 0},"
        "                {\"date\": \"2026-11-13\", \"during\": 1, \"after\": 1, \"next_morning\": 0}]}");
    kp_report *r = assess(s);
    cr_assert_str_eq(kp_report_pain_trend(r), "improving");
    cr_assert_str_eq(kp_report_pain_trend_next_run(r), "continue");
    cr_assert_not_null(kp_report_pain_trend_advice(r));
    cr_assert_lt(reason_index(r, "pain_not_improving"), 0);
    /* German advice differs from English */
    kp_options o = KP_OPTIONS_INIT;
    o.locale = "de";
    cr_assert_eq(kp_session_set_options(s, &o), KP_OK);
    kp_report *rde = assess(s);
    cr_assert_str_neq(kp_report_pain_trend_advice(rde), kp_report_pain_trend_advice(r));
    kp_report_free(rde);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

Test(followup, interview_save_and_resume)
{
    kp_model *m = default_model();
    kp_session *s = from_json(m,
        "{\"as_of\": \"2026-11-14\", \"evidence\": {\"age\": 41},"
        " \"pain_diary\": [{\"date\": \"2026-11-10\", \"during\": 3}],"
        " \"options\": {\"locale\": \"de\"}}");
    kp_interview_options o = KP_INTERVIEW_OPTIONS_INIT;
    o.budget = 8;
    kp_interview *iv = NULL;
    cr_assert_eq(kp_interview_new(&iv, s, &o), KP_OK);
    cr_assert_eq(kp_interview_answer_bool(iv, "cold_pale_foot", 0), KP_OK);
    cr_assert_eq(kp_interview_answer_unknown(iv, "breathless_or_chest_pain"), KP_OK);
    cr_assert_eq(kp_interview_exclude(iv, "cadence_spm", 1), KP_OK);
    cr_assert_eq(kp_interview_set_cost(iv, "age", 3.5), KP_OK);
    char *saved = NULL;
    cr_assert_eq(kp_interview_to_json(iv, &saved), KP_OK);
    cr_assert_not_null(strstr(saved, "\"interview\""));
    cr_assert_not_null(strstr(saved, "\"version\""));

    kp_interview *iv2 = NULL;
    kp_session *s2 = NULL;
    kp_restore *info = NULL;
    cr_assert_eq(kp_interview_restore_json(&iv2, &s2, m, saved, strlen(saved), &info), KP_OK, "%s",
                 kp_error_message());
    cr_assert_eq(kp_restore_model_changed(info), 0);
    cr_assert_eq(kp_restore_dropped_count(info), 0);
    cr_assert_str_eq(kp_restore_saved_model_version(info), kp_model_version(m));
    cr_assert_eq(kp_interview_asked_count(iv2), 2);
    const char *f1, *f2;
    cr_assert_eq(kp_interview_next(iv, &f1), 1);
    cr_assert_eq(kp_interview_next(iv2, &f2), 1);
    cr_assert_str_eq(f1, f2);
    kp_report *r1 = NULL, *r2 = NULL;
    cr_assert_eq(kp_interview_assess(iv, &r1), KP_OK);
    cr_assert_eq(kp_interview_assess(iv2, &r2), KP_OK);
    cr_assert_str_eq(kp_report_receipt(r1), kp_report_receipt(r2));
    cr_assert_str_eq(kp_report_next_question_rationale(r1), kp_report_next_question_rationale(r2));
    kp_report_free(r1);
    kp_report_free(r2);
    /* the resumed interview keeps its budget */
    for (int i = 0; i < 6; i++) {
        const char *f;
        cr_assert_eq(kp_interview_next(iv2, &f), 1);
        char id[64];
        snprintf(id, sizeof id, "%s", f);
        cr_assert_eq(kp_interview_answer_unknown(iv2, id), KP_OK);
    }
    cr_assert_eq(kp_interview_next(iv2, &f2), 0);
    kp_restore_free(info);
    kp_interview_free(iv2);
    kp_session_free(s2);
    kp_free(saved);
    kp_interview_free(iv);
    kp_session_free(s);
    kp_model_free(m);
}

Test(followup, restore_reports_answers_that_no_longer_map)
{
    kp_model *m = default_model();
    const char *saved =
        "{\"model\": {\"id\": \"kneepain-default\", \"version\": \"0.9.0\"},"
        " \"evidence\": {\"age\": 120, \"pain_side\": \"posterior\", \"old_question\": true,"
        "  \"trauma\": 3, \"calf_pain\": true, \"sex\": \"female\"},"
        " \"pain_diary\": [{\"date\": \"2026-11-10\", \"during\": 3}]}";
    kp_session *s = NULL;
    kp_restore *info = NULL;
    cr_assert_eq(kp_session_restore_json(&s, m, saved, strlen(saved), &info), KP_OK, "%s",
                 kp_error_message());
    cr_assert_eq(kp_restore_model_changed(info), 1);
    cr_assert_str_eq(kp_restore_saved_model_version(info), "0.9.0");
    cr_assert_str_eq(kp_restore_saved_model_id(info), "kneepain-default");
    cr_assert_eq(kp_restore_dropped_count(info), 4);
    static const char *const want[][2] = {{"age", "out of range"},
                                          {"pain_side", "unknown choice"},
                                          {"old_question", "unknown finding"},
                                          {"trauma", "type changed"}};
    for (size_t k = 0; k < 4; k++) {
        int found = 0;
        for (size_t i = 0; i < kp_restore_dropped_count(info); i++)
            if (!strcmp(kp_restore_dropped_finding(info, i), want[k][0])) {
                found = 1;
                cr_assert_str_eq(kp_restore_dropped_reason(info, i), want[k][1]);
            }
        cr_assert(found, "%s not listed as dropped", want[k][0]);
    }
    cr_assert_null(kp_restore_dropped_finding(info, 99));
    double v;
    cr_assert_eq(kp_session_get(s, "calf_pain", &v), 1);
    cr_assert_eq(kp_session_get(s, "age", &v), 0);
    kp_restore_free(info);
    kp_session_free(s);

    /* a newer model version with a narrower range: restoring a session
     * saved under the current model drops what no longer fits */
    size_t n;
    char *text = read_text_file(KP_SRCDIR "/models/default.json", &n);
    json_error_t err;
    json_t *doc = json_loadb(text, n, 0, &err);
    cr_assert_not_null(doc, "%s", err.text);
    json_object_set_new(doc, "version", json_string("99.0.0"));
    json_t *fs = json_object_get(doc, "findings");
    size_t i;
    json_t *f;
    json_array_foreach(fs, i, f)
        if (!strcmp(json_string_value(json_object_get(f, "id")), "symptom_days"))
            json_object_set_new(f, "max", json_integer(365));
    char *newer_text = json_dumps(doc, 0);
    kp_model *newer = NULL;
    cr_assert_eq(kp_model_load_buffer(&newer, newer_text, strlen(newer_text), "newer"), KP_OK, "%s",
                 kp_error_message());
    kp_session *old = from_json(m, "{\"evidence\": {\"symptom_days\": 400, \"calf_pain\": false}}");
    char *doc_old = NULL;
    cr_assert_eq(kp_session_to_json(old, &doc_old), KP_OK);
    cr_assert_eq(kp_session_restore_json(&s, newer, doc_old, strlen(doc_old), &info), KP_OK, "%s",
                 kp_error_message());
    cr_assert_eq(kp_restore_model_changed(info), 1);
    cr_assert_eq(kp_restore_dropped_count(info), 1);
    cr_assert_str_eq(kp_restore_dropped_finding(info, 0), "symptom_days");
    cr_assert_str_eq(kp_restore_dropped_reason(info, 0), "out of range");
    kp_restore_free(info);
    kp_session_free(s);
    kp_free(doc_old);
    kp_session_free(old);
    kp_model_free(newer);
    free(newer_text);
    json_decref(doc);
    free(text);

    /* everything else is still validated */
    assert_error(kp_session_restore_json(&s, m, "{\"runs\": 3}", 11, &info), KP_ETYPE, "runs");
    cr_assert_null(s);
    cr_assert_null(info);
    assert_error(kp_session_restore_json(&s, m, "{", 1, NULL), KP_EPARSE, "input");
    kp_model_free(m);
}
