/*
 * test_load_api.c - the training log through the public API: imports are
 * all-or-nothing, re-imports are deduplicated, figures and shoe km reach
 * the report, undefined figures stay undefined.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <kneepain.h>

static kp_model *model;
static kp_session *s;

static void setup(void)
{
    cr_assert_eq(kp_model_default(&model), KP_OK);
    cr_assert_eq(kp_session_new(&s, model), KP_OK);
}

static void teardown(void)
{
    kp_session_free(s);
    kp_model_free(model);
}

TestSuite(load_api, .init = setup, .fini = teardown);

static kp_status import(const char *fixture)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/logs/%s", KP_SRCDIR, fixture);
    return kp_session_import_file(s, path, NULL);
}

static kp_report *assess(void)
{
    kp_report *r = NULL;
    cr_assert_eq(kp_session_assess(s, &r), KP_OK, "%s", kp_error_message());
    return r;
}

static double metric(const kp_report *r, const char *name)
{
    double v = NAN;
    int got = kp_report_load_metric(r, name, &v);
    cr_assert(got >= 0, "%s", name);
    return got ? v : NAN;
}

Test(load_api, plain_log_with_declared_shoe)
{
    cr_assert_eq(kp_session_add_shoe(s, "shoe-a", 300.0), KP_OK);
    cr_assert_eq(import("plain.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(kp_session_run_count(s), 4);
    kp_report *r = assess();
    cr_expect_float_eq(metric(r, "weekly_km"), 26.2, 1e-9);
    cr_expect(isnan(metric(r, "acwr_ewma")));            /* < 28 days: null, not 0 */
    cr_expect(isnan(metric(r, "weekly_km_change_pct"))); /* < 14 days */
    cr_expect_float_eq(metric(r, "run_spike_pct"), -50.0, 1e-9); /* 5 vs 10 km */
    cr_expect_float_eq(metric(r, "shoe_km.shoe-a"), 311.2, 1e-9);
    int found = 0;
    for (size_t i = 0; i < kp_report_shoe_count(r); i++)
        if (!strcmp(kp_report_shoe_gear(r, i), "shoe-b")) {
            cr_expect_float_eq(kp_report_shoe_km(r, i), 10.0, 1e-9);
            found = 1;
        }
    cr_expect(found);
    kp_report_free(r);
}

Test(load_api, failed_import_changes_nothing)
{
    cr_assert_eq(import("plain_bad.csv"), KP_OK);
    size_t runs = kp_session_run_count(s), warnings = kp_session_warning_count(s);
    cr_expect_eq(runs, 3);
    cr_expect_eq(warnings, 4);
    /* warnings name the file as given and the line */
    cr_expect(strstr(kp_session_warning(s, 0),
                     "plain_bad.csv:3: date \"2024-13-01\" is not a date (YYYY-MM-DD)"),
              "%s", kp_session_warning(s, 0));
    cr_expect_eq(import("unknown.csv"), KP_EFORMAT);
    cr_expect(strstr(kp_error_message(), "columns not found"), "%s", kp_error_message());
    cr_expect_eq(kp_session_run_count(s), runs);
    cr_expect_eq(kp_session_warning_count(s), warnings);
}

Test(load_api, reimport_counts_activities_once)
{
    cr_assert_eq(import("strava_94_en_us.csv"), KP_OK, "%s", kp_error_message());
    size_t runs = kp_session_run_count(s);
    cr_assert_eq(import("strava_94_en_us.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(kp_session_run_count(s), runs);
    kp_report *r = assess();
    cr_expect_float_eq(metric(r, "weekly_km"), 15.0013, 1e-9);
    kp_report_free(r);
}

/* 28 days of 5 km, 30 min, RPE 5, as JSON-style runs. */
Test(load_api, added_runs_and_options)
{
    char date[16];
    for (int d = 1; d <= 28; d++) {
        snprintf(date, sizeof date, "2026-02-%02d", d);
        cr_assert_eq(kp_session_add_run(s, date, 5.0, d > 21 ? 60.0 : 30.0, 5.0, "a", NAN), KP_OK);
    }
    kp_report *r = assess();
    cr_expect_float_eq(metric(r, "acwr_rolling"), 1.0, 1e-12);
    cr_expect_float_eq(metric(r, "acwr_ewma"), 1.0, 1e-12);
    cr_expect_float_eq(metric(r, "consecutive_run_days"), 28.0, 1e-12);
    kp_report_free(r);

    kp_options o = KP_OPTIONS_INIT;
    o.load_unit = KP_LOAD_DURATION;
    cr_assert_eq(kp_session_set_options(s, &o), KP_OK);
    r = assess();
    cr_expect_float_eq(metric(r, "acwr_rolling"), 420.0 / (1050.0 / 4), 1e-12);
    kp_report_free(r);

    cr_assert_eq(kp_session_set_as_of(s, "2026-03-03"), KP_OK);
    r = assess();
    cr_expect_float_eq(metric(r, "consecutive_run_days"), 0.0, 1e-12);
    cr_expect_float_eq(metric(r, "weekly_km"), 20.0, 1e-12); /* Feb 25..28 */
    kp_report_free(r);
}

/* Gear used only for other activities (a bike) has no runs; the as-of day
 * is the last run's day unless the session sets one. */
Test(load_api, shoe_run_counts_and_as_of)
{
    static const char log[] =
        "Activity ID,Activity Date,Activity Name,Activity Type,Distance,Activity Gear\n"
        "1,\"May 1, 2024, 7:00:00 AM\",a,Run,8.0,Pegasus\n"
        "2,\"May 2, 2024, 7:00:00 AM\",b,Ride,30.0,Canyon\n"
        "3,\"May 3, 2024, 7:00:00 AM\",c,Walk,2.0,Pegasus\n"
        "4,\"May 4, 2024, 7:00:00 AM\",d,Run,5.0,Pegasus\n";
    cr_assert_eq(kp_session_import_buffer(s, log, sizeof log - 1, "gear.csv", NULL), KP_OK,
                 "%s", kp_error_message());
    kp_report *r = assess();
    cr_assert_str_eq(kp_report_load_as_of(r), "2024-05-04");
    size_t seen = 0;
    for (size_t i = 0; i < kp_report_shoe_count(r); i++) {
        const char *g = kp_report_shoe_gear(r, i);
        if (!strcmp(g, "Pegasus")) {
            cr_expect_eq(kp_report_shoe_run_count(r, i), 2); /* the walk is no run */
            cr_expect_float_eq(kp_report_shoe_km(r, i), 15.0, 1e-9);
            seen++;
        } else if (!strcmp(g, "Canyon")) {
            cr_expect_eq(kp_report_shoe_run_count(r, i), 0);
            seen++;
        }
    }
    cr_expect_eq(seen, 2);
    cr_expect_eq(kp_report_shoe_run_count(r, kp_report_shoe_count(r)), 0);
    cr_expect_null(kp_report_load_as_of(NULL));
    kp_report_free(r);
    /* an earlier as-of date: only the runs up to it count */
    cr_assert_eq(kp_session_set_as_of(s, "2024-05-02"), KP_OK);
    r = assess();
    cr_expect_str_eq(kp_report_load_as_of(r), "2024-05-02");
    for (size_t i = 0; i < kp_report_shoe_count(r); i++)
        if (!strcmp(kp_report_shoe_gear(r, i), "Pegasus"))
            cr_expect_eq(kp_report_shoe_run_count(r, i), 1);
    kp_report_free(r);
}

Test(load_api, no_runs_no_as_of)
{
    kp_report *r = assess();
    cr_expect_null(kp_report_load_as_of(r));
    cr_expect_eq(kp_report_shoe_count(r), 0);
    kp_report_free(r);
}
