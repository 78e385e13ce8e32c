/*
 * test_session.c - evidence set/unset/get with type and range checks,
 * unknown IDs, failed calls leaving the session unchanged, options
 * versions, and validation of runs, shoes and pain-diary entries.
 */
#include "helpers.h"

#include <math.h>

static kp_model *model;
static kp_session *s;

static void setup(void)
{
    model = default_model();
    s = new_session(model);
}

static void teardown(void)
{
    kp_session_free(s);
    kp_model_free(model);
}

TestSuite(session, .init = setup, .fini = teardown);

/* The session as an input document (to compare before/after a failure). */
static char *snapshot(void)
{
    char *out = NULL;
    cr_assert_eq(kp_session_to_json(s, &out), KP_OK, "%s", kp_error_message());
    return out;
}

static void expect_unchanged(const char *before)
{
    char *after = snapshot();
    cr_expect_str_eq(after, before, "session changed by a failed call");
    kp_free(after);
}

Test(session, set_get_unset)
{
    double v = -1;
    cr_expect_eq(kp_session_get(s, "trauma", &v), 0, "unanswered is unknown");
    cr_assert_eq(kp_session_set_bool(s, "trauma", 1), KP_OK);
    cr_expect_eq(kp_session_get(s, "trauma", &v), 1);
    cr_expect_eq(v, 1);
    cr_assert_eq(kp_session_set_bool(s, "trauma", 0), KP_OK);
    cr_expect_eq(kp_session_get(s, "trauma", &v), 1, "false is answered, not unknown");
    cr_expect_eq(v, 0);
    cr_assert_eq(kp_session_set_bool(s, "calf_pain", 42), KP_OK);
    cr_expect_eq(kp_session_get(s, "calf_pain", &v), 1);
    cr_expect_eq(v, 1, "non-zero means present");
    cr_assert_eq(kp_session_set_number(s, "age", 34.5), KP_OK);
    cr_expect_eq(kp_session_get(s, "age", &v), 1);
    cr_expect_eq(v, 34.5);
    cr_assert_eq(kp_session_set_choice(s, "pain_side", "central"), KP_OK);
    cr_expect_eq(kp_session_get(s, "pain_side", &v), 1);
    cr_expect_eq(v, 2, "choice index of central");
    cr_assert_eq(kp_session_set_choice(s, "sex", "male"), KP_OK);
    cr_expect_eq(kp_session_get(s, "sex", &v), 1);
    cr_expect_eq(v, 1);
    cr_expect_eq(kp_session_get(s, "sex", NULL), 1);
    cr_assert_eq(kp_session_unset(s, "age"), KP_OK);
    cr_expect_eq(kp_session_get(s, "age", &v), 0);
    cr_assert_eq(kp_session_unset(s, "age"), KP_OK, "unsetting an unknown finding is fine");
    cr_expect_eq(kp_session_model(s), model);
}

Test(session, unknown_ids)
{
    char *before = snapshot();
    assert_error(kp_session_set_bool(s, "knee_colour", 1), KP_ENOTFOUND, "knee_colour");
    assert_error(kp_session_set_number(s, "agee", 30), KP_ENOTFOUND, "agee");
    assert_error(kp_session_set_choice(s, "side", "medial"), KP_ENOTFOUND, "side");
    assert_error(kp_session_set_choice(s, "pain_side", "left"), KP_ENOTFOUND, "pain_side");
    cr_expect_not_null(strstr(kp_error_message(), "left"));
    assert_error(kp_session_set_choice(s, "pain_side", NULL), KP_ENOTFOUND, "pain_side");
    assert_error(kp_session_unset(s, "ghost"), KP_ENOTFOUND, "ghost");
    double v;
    cr_expect_eq(kp_session_get(s, "ghost", &v), KP_ENOTFOUND);
    assert_error(kp_session_set_bool(s, "", 1), KP_ENOTFOUND, "");
    assert_error(kp_session_set_bool(s, NULL, 1), KP_EINVAL, "");
    expect_unchanged(before);
    kp_free(before);
}

Test(session, wrong_types)
{
    char *before = snapshot();
    assert_error(kp_session_set_number(s, "trauma", 1), KP_ETYPE, "trauma");
    assert_error(kp_session_set_bool(s, "age", 1), KP_ETYPE, "age");
    assert_error(kp_session_set_choice(s, "age", "young"), KP_ETYPE, "age");
    assert_error(kp_session_set_number(s, "sex", 0), KP_ETYPE, "sex");
    assert_error(kp_session_set_bool(s, "pain_side", 1), KP_ETYPE, "pain_side");
    assert_error(kp_session_set_choice(s, "trauma", "yes"), KP_ETYPE, "trauma");
    expect_unchanged(before);
    kp_free(before);
}

Test(session, ranges_nan_and_infinity)
{
    cr_assert_eq(kp_session_set_number(s, "age", 41), KP_OK);
    char *before = snapshot();
    assert_error(kp_session_set_number(s, "age", 9.999), KP_ERANGE, "age");
    assert_error(kp_session_set_number(s, "age", 100.001), KP_ERANGE, "age");
    assert_error(kp_session_set_number(s, "age", NAN), KP_ERANGE, "age");
    assert_error(kp_session_set_number(s, "age", INFINITY), KP_ERANGE, "age");
    assert_error(kp_session_set_number(s, "age", -INFINITY), KP_ERANGE, "age");
    assert_error(kp_session_set_number(s, "pain_now", 10.5), KP_ERANGE, "pain_now");
    assert_error(kp_session_set_number(s, "pain_now", -0.1), KP_ERANGE, "pain_now");
    assert_error(kp_session_set_number(s, "symptom_days", 3651), KP_ERANGE, "symptom_days");
    assert_error(kp_session_set_number(s, "cadence_spm", 99), KP_ERANGE, "cadence_spm");
    assert_error(kp_session_set_number(s, "weekly_km_change_pct", -100.5), KP_ERANGE,
                 "weekly_km_change_pct");
    double v;
    cr_expect_eq(kp_session_get(s, "age", &v), 1);
    cr_expect_eq(v, 41, "a rejected value replaced the answer");
    expect_unchanged(before);
    kp_free(before);
    /* inclusive bounds */
    cr_expect_eq(kp_session_set_number(s, "age", 10), KP_OK);
    cr_expect_eq(kp_session_set_number(s, "age", 100), KP_OK);
    cr_expect_eq(kp_session_set_number(s, "pain_now", 0), KP_OK);
    cr_expect_eq(kp_session_set_number(s, "pain_now", 10), KP_OK);
    cr_expect_eq(kp_session_set_number(s, "weekly_km_change_pct", -100), KP_OK);
}

Test(session, every_number_finding_checks_its_range)
{
    for (size_t i = 0; i < kp_model_count(model, KP_KIND_FINDING); i++) {
        if (kp_model_finding_type(model, i) != KP_TYPE_NUMBER)
            continue;
        const char *id = kp_model_item_id(model, KP_KIND_FINDING, i);
        double lo, hi, v;
        cr_assert_eq(kp_model_finding_range(model, i, &lo, &hi), KP_OK);
        cr_expect_eq(kp_session_set_number(s, id, lo), KP_OK, "%s min", id);
        cr_expect_eq(kp_session_set_number(s, id, hi), KP_OK, "%s max", id);
        cr_expect_eq(kp_session_set_number(s, id, (lo + hi) / 2), KP_OK, "%s mid", id);
        assert_error(kp_session_set_number(s, id, lo - 1), KP_ERANGE, id);
        assert_error(kp_session_set_number(s, id, hi + 1), KP_ERANGE, id);
        assert_error(kp_session_set_number(s, id, NAN), KP_ERANGE, id);
        cr_expect_eq(kp_session_get(s, id, &v), 1);
        cr_expect_eq(v, (lo + hi) / 2, "%s kept its last good value", id);
    }
}

Test(session, clear_keeps_options)
{
    kp_options o;
    cr_assert_eq(kp_options_init(&o, KP_OPTIONS_VERSION), KP_OK);
    o.max_plan_items = 2;
    cr_assert_eq(kp_session_set_options(s, &o), KP_OK);
    cr_assert_eq(kp_session_set_bool(s, "trauma", 1), KP_OK);
    cr_assert_eq(kp_session_add_run(s, "2026-01-01", 5, NAN, NAN, NULL, NAN), KP_OK);
    cr_assert_eq(kp_session_run_count(s), 1);
    kp_session_clear(s);
    double v;
    cr_expect_eq(kp_session_get(s, "trauma", &v), 0);
    cr_expect_eq(kp_session_run_count(s), 0);
    /* pain 6/10 indicates rest, ice and cross-training: the plan is cut to 2 */
    cr_assert_eq(kp_session_set_number(s, "pain_now", 6), KP_OK);
    kp_report *r = assess(s);
    cr_expect_eq(kp_report_plan_count(r), 2, "options did not survive clear");
    kp_report_free(r);
    kp_session_clear(NULL);
}

Test(session, options_versions)
{
    kp_options o;
    memset(&o, 0xab, sizeof o);
    cr_assert_eq(kp_options_init(&o, KP_OPTIONS_VERSION), KP_OK);
    cr_expect_eq(o.version, KP_OPTIONS_VERSION);
    cr_expect_null(o.locale);
    cr_expect_eq(o.max_plan_items, 0);
    cr_expect_eq(o.load_unit, KP_LOAD_DISTANCE);
    cr_expect_eq(o.third_person, 0);
    kp_options lit = KP_OPTIONS_INIT;
    cr_expect_eq(memcmp(&lit.version, &o.version, sizeof o.version), 0);
    assert_error(kp_options_init(&o, 0), KP_EVERSION, "version");
    assert_error(kp_options_init(&o, KP_OPTIONS_VERSION + 1), KP_EVERSION, "version");
    assert_error(kp_options_init(NULL, KP_OPTIONS_VERSION), KP_EINVAL, "");
    kp_import_options io;
    cr_assert_eq(kp_import_options_init(&io, KP_IMPORT_OPTIONS_VERSION), KP_OK);
    cr_expect_eq(io.format, KP_FORMAT_AUTO);
    assert_error(kp_import_options_init(&io, 7), KP_EVERSION, "");
}

Test(session, set_options_validation)
{
    cr_assert_eq(kp_session_set_options(s, NULL), KP_OK, "NULL means defaults");
    kp_options o = KP_OPTIONS_INIT;
    o.version = 99;
    assert_error(kp_session_set_options(s, &o), KP_EVERSION, "99");
    o = (kp_options)KP_OPTIONS_INIT;
    o.load_unit = (kp_load_unit)7;
    assert_error(kp_session_set_options(s, &o), KP_EINVAL, "load_unit");
    o = (kp_options)KP_OPTIONS_INIT;
    o.max_plan_items = 101;
    assert_error(kp_session_set_options(s, &o), KP_ERANGE, "max_plan_items");
    o = (kp_options)KP_OPTIONS_INIT;
    o.locale = "";
    assert_error(kp_session_set_options(s, &o), KP_EINVAL, "locale");
    /* strings are copied */
    char loc[] = "de";
    o = (kp_options)KP_OPTIONS_INIT;
    o.locale = loc;
    cr_assert_eq(kp_session_set_options(s, &o), KP_OK);
    loc[0] = 'x';
    kp_report *r = assess(s);
    kp_report *r_en;
    kp_options en = KP_OPTIONS_INIT;
    en.locale = "en";
    cr_assert_eq(kp_session_set_options(s, &en), KP_OK);
    r_en = assess(s);
    cr_expect_str_neq(kp_report_disclaimer(r), kp_report_disclaimer(r_en),
                      "locale 'de' was not kept (German disclaimer expected)");
    kp_report_free(r);
    kp_report_free(r_en);
}

Test(session, runs_validation)
{
    cr_assert_eq(kp_session_add_run(s, "2026-03-01", 10, 60, 5, "shoe-a", 100), KP_OK);
    char *before = snapshot();
    assert_error(kp_session_add_run(s, "2026-13-01", 5, NAN, NAN, NULL, NAN), KP_EPARSE, "date");
    assert_error(kp_session_add_run(s, "2026-02-30", 5, NAN, NAN, NULL, NAN), KP_EPARSE, "date");
    assert_error(kp_session_add_run(s, "yesterday", 5, NAN, NAN, NULL, NAN), KP_EPARSE, "yesterday");
    assert_error(kp_session_add_run(s, NULL, 5, NAN, NAN, NULL, NAN), KP_EPARSE, "date");
    assert_error(kp_session_add_run(s, "2026-03-02", -1, NAN, NAN, NULL, NAN), KP_ERANGE, "distance_km");
    assert_error(kp_session_add_run(s, "2026-03-02", 1000.5, NAN, NAN, NULL, NAN), KP_ERANGE, "distance_km");
    assert_error(kp_session_add_run(s, "2026-03-02", NAN, NAN, NAN, NULL, NAN), KP_ERANGE, "distance_km");
    assert_error(kp_session_add_run(s, "2026-03-02", INFINITY, NAN, NAN, NULL, NAN), KP_ERANGE, "distance_km");
    assert_error(kp_session_add_run(s, "2026-03-02", 5, -3, NAN, NULL, NAN), KP_ERANGE, "duration");
    assert_error(kp_session_add_run(s, "2026-03-02", 5, INFINITY, NAN, NULL, NAN), KP_ERANGE, "duration");
    assert_error(kp_session_add_run(s, "2026-03-02", 5, NAN, 11, NULL, NAN), KP_ERANGE, "rpe");
    assert_error(kp_session_add_run(s, "2026-03-02", 5, NAN, -1, NULL, NAN), KP_ERANGE, "rpe");
    assert_error(kp_session_add_run(s, "2026-03-02", 5, NAN, NAN, NULL, -10), KP_ERANGE, "elevation");
    cr_expect_eq(kp_session_run_count(s), 1);
    expect_unchanged(before);
    kp_free(before);
    cr_expect_eq(kp_session_add_run(s, "2026-03-02", 0, NAN, NAN, NULL, NAN), KP_OK);
    cr_expect_eq(kp_session_add_run(s, "2026-03-03", 1000, NAN, 10, "  shoe-a ", 0), KP_OK);
    cr_expect_eq(kp_session_run_count(s), 3);
}

Test(session, shoes_validation)
{
    char *before = snapshot();
    assert_error(kp_session_add_shoe(s, "", 10), KP_EINVAL, "gear");
    assert_error(kp_session_add_shoe(s, NULL, 10), KP_EINVAL, "gear");
    assert_error(kp_session_add_shoe(s, "shoe-a", -1), KP_ERANGE, "start_km");
    assert_error(kp_session_add_shoe(s, "shoe-a", NAN), KP_ERANGE, "start_km");
    assert_error(kp_session_add_shoe(s, "shoe-a", INFINITY), KP_ERANGE, "start_km");
    expect_unchanged(before);
    kp_free(before);
    cr_assert_eq(kp_session_add_shoe(s, "shoe-a", 300), KP_OK);
    cr_assert_eq(kp_session_add_run(s, "2026-03-01", 8, NAN, NAN, "shoe-a", NAN), KP_OK);
    kp_report *r = assess(s);
    cr_assert_eq(kp_report_shoe_count(r), 1);
    cr_expect_str_eq(kp_report_shoe_gear(r, 0), "shoe-a");
    cr_expect_float_eq(kp_report_shoe_km(r, 0), 308, 1e-9);
    kp_report_free(r);
}

Test(session, pain_validation)
{
    char *before = snapshot();
    assert_error(kp_session_add_pain(s, "2026-03-01", 11, NAN, NAN), KP_ERANGE, "during");
    assert_error(kp_session_add_pain(s, "2026-03-01", NAN, -1, NAN), KP_ERANGE, "after");
    assert_error(kp_session_add_pain(s, "2026-03-01", NAN, NAN, INFINITY), KP_ERANGE, "next_morning");
    assert_error(kp_session_add_pain(s, "03/01/2026", 1, 1, 1), KP_EPARSE, "date");
    assert_error(kp_session_add_pain(s, "2026-03-01", NAN, NAN, NAN), KP_EINVAL, "pain");
    expect_unchanged(before);
    kp_free(before);
    cr_expect_eq(kp_session_add_pain(s, "2026-03-01", 0, 10, NAN), KP_OK);
}

Test(session, as_of_validation)
{
    assert_error(kp_session_set_as_of(s, "2026-02-29"), KP_EPARSE, "as_of");
    assert_error(kp_session_set_as_of(s, "2026-1-1"), KP_EPARSE, "as_of");
    cr_expect_eq(kp_session_set_as_of(s, "2024-02-29"), KP_OK);
    cr_expect_eq(kp_session_set_as_of(s, NULL), KP_OK);
}

Test(session, report_is_independent_of_later_changes)
{
    cr_assert_eq(kp_session_set_bool(s, "calf_swelling", 1), KP_OK);
    kp_report *r = assess(s);
    int level = kp_report_level(r);
    double p0 = kp_report_condition_probability(r, 0);
    const char *c0 = kp_report_condition_id(r, 0);
    cr_assert_eq(kp_session_set_bool(s, "calf_swelling", 0), KP_OK);
    cr_assert_eq(kp_session_set_bool(s, "cold_pale_foot", 1), KP_OK);
    kp_report *r2 = assess(s);
    cr_expect_neq(kp_report_level(r2), level);
    cr_expect_eq(kp_report_level(r), level);
    cr_expect_eq(kp_report_condition_probability(r, 0), p0);
    cr_expect_str_eq(kp_report_condition_id(r, 0), c0);
    kp_session_free(s);
    s = NULL;
    cr_expect_eq(kp_report_level(r), level, "report outlives its session");
    kp_report_free(r2);
    kp_report_free(r);
}

Test(session, session_keeps_model_alive)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_file(&m, MINIMAL_MODEL), KP_OK);
    kp_session *ms = new_session(m);
    kp_model_free(m);
    cr_assert_eq(kp_session_set_bool(ms, "swollen", 1), KP_OK);
    kp_report *r = assess(ms);
    kp_session_free(ms);
    cr_expect_str_eq(kp_model_id(kp_report_model(r)), "minimal");
    cr_expect_str_eq(kp_report_condition_id(r, 0), "cyst");
    kp_report_free(r);
}

/* The document's "interview" member chooses the questions on every path:
 * kp_assess_json, kp_session_from_json + kp_session_assess, a session that
 * was changed after loading, kp_session_load_json, and a session saved with
 * kp_session_to_json and read back all give the same report. */
static char *report_of(kp_session *se)
{
    kp_report *r = NULL;
    char *json = NULL;
    cr_assert_eq(kp_session_assess(se, &r), KP_OK, "%s", kp_error_message());
    cr_assert_eq(kp_report_to_json(r, 0, &json), KP_OK, "%s", kp_error_message());
    kp_report_free(r);
    return json;
}

Test(session, document_interview_on_every_path)
{
    static const char doc[] =
        "{\"as_of\": \"2026-11-01\", \"evidence\": {\"age\": 34, \"calf_swelling\": false},"
        " \"runs\": [{\"date\": \"2026-10-30\", \"distance_km\": 8}],"
        " \"interview\": {\"excluded\": [\"cold_pale_foot\", \"pain_now\"], \"budget\": 5,"
        " \"triage_changes\": true}}";
    char *one = NULL;
    cr_assert_eq(kp_assess_json(model, doc, strlen(doc), 0, &one), KP_OK, "%s", kp_error_message());
    cr_expect_not_null(strstr(one, "\"triage_changes\""), "the member's triage_changes");
    static const char first_screen[] = "\"next_question\":{\"finding\":\"cold_pale_foot\"";
    cr_expect_null(strstr(one, first_screen), "an excluded finding was asked");

    kp_session *se = NULL;
    cr_assert_eq(kp_session_from_json(&se, model, doc, strlen(doc)), KP_OK, "%s", kp_error_message());
    char *two = report_of(se);
    cr_expect_str_eq(two, one, "kp_session_assess differs from kp_assess_json");

    /* saved and read back: the member travels with the document */
    char *saved = NULL;
    cr_assert_eq(kp_session_to_json(se, &saved), KP_OK);
    cr_expect_not_null(strstr(saved, "\"interview\""));
    cr_assert_eq(kp_session_load_json(s, saved, strlen(saved)), KP_OK, "%s", kp_error_message());
    char *three = report_of(s);
    cr_expect_str_eq(three, one, "the saved document gives another report");

    /* the same document without the member asks the excluded screen first */
    kp_session *bare = NULL;
    static const char plain[] =
        "{\"as_of\": \"2026-11-01\", \"evidence\": {\"age\": 34, \"calf_swelling\": false},"
        " \"runs\": [{\"date\": \"2026-10-30\", \"distance_km\": 8}]}";
    cr_assert_eq(kp_session_from_json(&bare, model, plain, strlen(plain)), KP_OK);
    char *four = report_of(bare);
    cr_expect_not_null(strstr(four, first_screen), "the member changed nothing: the test cannot fail");

    /* kp_session_clear forgets it with the evidence */
    kp_session_clear(se);
    char *five = report_of(se);
    cr_expect_null(strstr(five, "\"triage_changes\""));
    kp_free(one);
    kp_free(two);
    kp_free(three);
    kp_free(four);
    kp_free(five);
    kp_free(saved);
    kp_session_free(bare);
    kp_session_free(se);
}
