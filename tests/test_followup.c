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

static json_t *report_doc(kp_model *m, const char *input)
{
    char *out = NULL;
    cr_assert_eq(kp_assess_json(m, input, strlen(input), 0, &out), KP_OK, "%s", kp_error_message());
    json_error_t e;
    json_t *doc = json_loads(out, 0, &e);
    cr_assert_not_null(doc, "%s", e.text);
    kp_free(out);
    return doc;
}

static int has_warning(json_t *doc, const char *needle)
{
    json_t *w = json_object_get(doc, "warnings"), *v;
    size_t i;
    json_array_foreach(w, i, v)
        if (strstr(json_string_value(v), needle))
            return 1;
    return 0;
}

/* Silbernagel: pain during a run above 5/10 means the next runs are
 * reduced, even while the trend itself is stable or improving. */
Test(followup, pain_during_above_five_says_reduce)
{
    kp_model *m = default_model();
    kp_session *s = from_json(m,
        "{\"as_of\": \"2026-11-10\","
        " \"pain_diary\": [{\"date\": \"2026-11-08\", \"during\": 7, \"after\": 3, \"next_morning\": 1},"
        "                {\"date\": \"2026-11-10\", \"during\": 2, \"after\": 1, \"next_morning\": 0}]}");
    kp_report *r = assess(s);
    cr_expect_str_eq(kp_report_pain_trend(r), "stable");
    cr_expect_str_eq(kp_report_pain_trend_next_run(r), "reduce");
    cr_expect_not_null(strstr(kp_report_pain_trend_advice(r), "above 5"));
    kp_report_free(r);
    kp_session_free(s);
    /* 5 itself is acceptable; an old high entry no longer counts */
    s = from_json(m,
        "{\"as_of\": \"2026-11-20\","
        " \"pain_diary\": [{\"date\": \"2026-11-08\", \"during\": 8},"
        "                {\"date\": \"2026-11-20\", \"during\": 5, \"next_morning\": 0}]}");
    r = assess(s);
    cr_expect_str_eq(kp_report_pain_trend_next_run(r), "continue");
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

/* "No improvement after 14 days": a drop smaller than the trend step is
 * not an improvement, so the diary persists. */
Test(followup, small_drop_over_two_weeks_persists)
{
    kp_model *m = default_model();
    char doc[2048] = "{\"as_of\": \"2026-11-21\", \"pain_diary\": [";
    for (int d = 1; d <= 21; d++) {
        char e[96];
        snprintf(e, sizeof e, "%s{\"date\": \"2026-11-%02d\", \"during\": %s}", d > 1 ? "," : "", d,
                 d <= 7 ? "4" : "3.5");
        strcat(doc, e);
    }
    strcat(doc, "]}");
    kp_session *s = from_json(m, doc);
    kp_report *r = assess(s);
    cr_expect_str_eq(kp_report_pain_trend(r), "persisting");
    cr_expect_str_eq(kp_report_pain_trend_next_run(r), "reduce");
    cr_expect_leq(kp_report_level(r), KP_LEVEL_CONSULTATION);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

/* What the input asked for but could not get is said in the warnings:
 * diary entries and runs after as_of, runs without RPE under srpe, a
 * locale the model lacks, a derived figure outside its finding's range. */
Test(followup, warnings_say_what_was_not_used)
{
    kp_model *m = default_model();
    json_t *d = report_doc(m,
        "{\"as_of\": \"2026-11-05\", \"options\": {\"locale\": \"fr\", \"load_unit\": \"srpe\"},"
        " \"runs\": [{\"date\": \"2026-11-01\", \"distance_km\": 5, \"duration_min\": 30, \"rpe\": 4},"
        "          {\"date\": \"2026-11-03\", \"distance_km\": 5},"
        "          {\"date\": \"2026-11-08\", \"distance_km\": 5}],"
        " \"pain_diary\": [{\"date\": \"2026-11-01\", \"during\": 2}, {\"date\": \"2026-11-09\", \"during\": 3}]}");
    cr_expect(has_warning(d, "pain_diary: 1 entry after as_of 2026-11-05 not used"));
    cr_expect(has_warning(d, "training_load: 1 run after as_of 2026-11-05 not counted"));
    cr_expect(has_warning(d, "1 of 2 runs have no RPE or duration"));
    cr_expect(has_warning(d, "options.locale: the model has no texts in \"fr\""));
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(d, "training_load"), "as_of")),
                     "2026-11-05");
    json_decref(d);
    /* as_of before every run: no figures, but the date is still reported */
    d = report_doc(m, "{\"as_of\": \"2026-10-01\", \"runs\": [{\"date\": \"2026-11-01\", \"distance_km\": 5}]}");
    json_t *tl = json_object_get(d, "training_load");
    cr_expect_str_eq(json_string_value(json_object_get(tl, "as_of")), "2026-10-01");
    cr_expect(json_is_null(json_object_get(tl, "weekly_km")));
    json_decref(d);
    /* a 1900 % week-over-week rise: the evidence uses the range's end */
    d = report_doc(m,
        "{\"runs\": [{\"date\": \"2026-11-01\", \"distance_km\": 1},"
        "          {\"date\": \"2026-11-14\", \"distance_km\": 20}]}");
    cr_expect_float_eq(json_real_value(json_object_get(json_object_get(d, "training_load"),
                                                       "weekly_km_change_pct")), 1900.0, 1e-9);
    cr_expect(has_warning(d, "weekly_km_change_pct 1900 from the log is outside"));
    json_decref(d);
    kp_model_free(m);
}

/* Red flags win over the diary: an improving diary does not say "keep
 * running" next to "call an ambulance", and a worsening one does not send
 * the runner to book an appointment. */
Test(followup, red_flags_override_the_diary_advice)
{
    kp_model *m = default_model();
    const char *diaries[] = {
        "[{\"date\": \"2026-11-01\", \"during\": 5}, {\"date\": \"2026-11-13\", \"during\": 1}]",
        "[{\"date\": \"2026-11-01\", \"during\": 1}, {\"date\": \"2026-11-13\", \"during\": 5, \"next_morning\": 4}]"};
    const char *flags[] = {"\"cold_pale_foot\": true", "\"fever_hot_red_knee\": true",
                           "\"calf_swelling\": true", "\"exertional_calf_cramp\": true"};
    for (size_t d = 0; d < 2; d++)
        for (size_t f = 0; f < 4; f++) {
            char doc[512];
            snprintf(doc, sizeof doc, "{\"as_of\": \"2026-11-14\", \"evidence\": {%s}, \"pain_diary\": %s}",
                     flags[f], diaries[d]);
            kp_session *s = from_json(m, doc);
            kp_report *r = assess(s);
            cr_expect_str_eq(kp_report_pain_trend_next_run(r), "stop", "%s", doc);
            cr_expect_not_null(strstr(kp_report_pain_trend_advice(r), "until you have been checked"),
                               "%s: %s", doc, kp_report_pain_trend_advice(r));
            kp_report_free(r);
            kp_session_free(s);
        }
    kp_model_free(m);
}

/* "Stop running" and "running is fine while pain stays <= 5" never appear
 * together: a worsening diary blocks pain-guided running. */
Test(followup, worsening_blocks_pain_guided_running)
{
    kp_model *m = default_model();
    kp_session *s = from_json(m,
        "{\"as_of\": \"2026-11-14\", \"evidence\": {\"pain_side\": \"medial\", \"symptom_days\": 16},"
        " \"pain_diary\": [{\"date\": \"2026-11-10\", \"during\": 3, \"next_morning\": 3},"
        "                {\"date\": \"2026-11-13\", \"during\": 3, \"next_morning\": 3}]}");
    kp_report *r = assess(s);
    cr_assert_str_eq(kp_report_pain_trend_next_run(r), "stop");
    cr_expect_geq(reason_index(r, "pain_worsening"), 0);
    cr_expect_lt(plan_index(r, "pain_monitoring"), 0);
    cr_expect_lt(plan_index(r, "return_to_run"), 0);
    cr_expect_lt(plan_index(r, "load_management"), 0);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

/* One bad morning (e.g. after a race) is not a worsening trend: no rule
 * fires, the next run is reduced (24-hour rule); a second unsettled
 * morning in a row, or a rise over a week carried by two entries, is. */
Test(followup, one_bad_morning_is_not_worsening)
{
    kp_model *m = default_model();
    static const char *const flare[] = {
        /* daily-ish entries at 2 (under two weeks: not yet persisting),
         * then a race and one morning at 6 */
        "{\"as_of\": \"2026-05-14\", \"pain_diary\": ["
        "{\"date\": \"2026-05-03\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-04\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-07\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-09\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-11\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-14\", \"during\": 4, \"after\": 5, \"next_morning\": 6}]}",
        /* three entries a week: the spike alone lifts the weekly mean by 2 */
        "{\"as_of\": \"2026-05-13\", \"pain_diary\": ["
        "{\"date\": \"2026-05-01\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-04\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-09\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-11\", \"during\": 3, \"next_morning\": 7},"
        "{\"date\": \"2026-05-13\", \"during\": 2, \"next_morning\": 1}]}"};
    for (size_t k = 0; k < 2; k++) {
        kp_session *s = from_json(m, flare[k]);
        kp_report *r = assess(s);
        cr_assert_str_neq(kp_report_pain_trend(r), "worsening", "case %zu", k);
        cr_assert_lt(reason_index(r, "pain_worsening"), 0, "case %zu", k);
        cr_assert_eq(kp_report_level(r), KP_LEVEL_SELF_CARE, "case %zu", k);
        if (k == 0) {
            /* the latest morning had not settled: reduce, and say why */
            cr_assert_str_eq(kp_report_pain_trend_next_run(r), "reduce");
            cr_assert_str_eq(kp_report_pain_trend_advice(r),
                             kp_model_text(m, "pain_advice_reduce_morning", NULL, 0));
        }
        kp_report_free(r);
        kp_session_free(s);
    }
    static const char *const trend[] = {
        /* two mornings in a row not settled */
        "{\"as_of\": \"2026-05-12\", \"pain_diary\": ["
        "{\"date\": \"2026-05-01\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-04\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-10\", \"during\": 3, \"next_morning\": 4},"
        "{\"date\": \"2026-05-12\", \"during\": 3, \"next_morning\": 5}]}",
        /* a rise over the week carried by several entries, mornings settled */
        "{\"as_of\": \"2026-05-14\", \"pain_diary\": ["
        "{\"date\": \"2026-05-01\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-04\", \"during\": 2, \"next_morning\": 1},"
        "{\"date\": \"2026-05-09\", \"during\": 4, \"next_morning\": 2},"
        "{\"date\": \"2026-05-11\", \"during\": 4, \"next_morning\": 2},"
        "{\"date\": \"2026-05-14\", \"during\": 5, \"next_morning\": 2}]}"};
    for (size_t k = 0; k < 2; k++) {
        kp_session *s = from_json(m, trend[k]);
        kp_report *r = assess(s);
        cr_assert_str_eq(kp_report_pain_trend(r), "worsening", "trend case %zu", k);
        cr_assert_geq(reason_index(r, "pain_worsening"), 0, "trend case %zu", k);
        cr_assert_str_eq(kp_report_pain_trend_next_run(r), "stop");
        kp_report_free(r);
        kp_session_free(s);
    }
    kp_model_free(m);
}
