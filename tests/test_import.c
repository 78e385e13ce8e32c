/*
 * test_import.c - CSV importers on the synthetic fixtures in
 * tests/fixtures/logs (one per header generation, locale and quirk), and
 * the localized value parsers.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "import/import.h"

#define EPS 1e-9

static kp__log log_;
static void setup(void) { kp__log_init(&log_); }
static void teardown(void) { kp__log_free(&log_); }
TestSuite(import, .init = setup, .fini = teardown);

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    cr_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

static kp_status import_opts(const char *fixture, const kp_import_options *opts)
{
    char path[1024];
    size_t size;
    snprintf(path, sizeof path, "%s/tests/fixtures/logs/%s", KP_SRCDIR, fixture);
    char *data = slurp(path, &size);
    kp_status st = kp__import_buffer(&log_, data, size, fixture, opts);
    free(data);
    return st;
}

static kp_status import(const char *fixture) { return import_opts(fixture, NULL); }

static int32_t ymd(int y, int m, int d) { return kp__days_from_civil(y, (unsigned)m, (unsigned)d); }

static double run_km(void)
{
    double km = 0;
    for (size_t i = 0; i < log_.nruns; i++)
        if (log_.runs[i].is_run)
            km += log_.runs[i].distance_km;
    return km;
}

static int has_warning(const char *text)
{
    for (size_t i = 0; i < log_.nwarnings; i++)
        if (strstr(log_.warnings[i], text))
            return 1;
    return 0;
}

Test(import, strava_94_en_us_quirks)
{
    cr_assert_eq(import("strava_94_en_us.csv"), KP_OK, "%s", kp_error_message());
    /* runs: 10.0013 (Oct 1), 5.0 (Oct 4, the duplicate dropped), 0 (Oct 6);
     * the walk has gear, the gearless swim is ignored */
    cr_expect_eq(kp__log_run_count(&log_), 3);
    cr_expect_eq(log_.nruns, 4);
    cr_expect_float_eq(run_km(), 15.0013, EPS);
    cr_expect_eq(log_.runs[0].day, ymd(2022, 10, 1)); /* 11:19 PM UTC stays on Oct 1 */
    cr_expect_eq(log_.runs[0].start_sec, (int64_t)ymd(2022, 10, 1) * 86400 + 23 * 3600 + 19 * 60 + 20);
    cr_expect_float_eq(log_.runs[0].duration_min, 50.0, EPS);
    cr_expect_eq(log_.runs[1].day, ymd(2022, 10, 2)); /* 12:05 AM */
    cr_expect_eq(log_.runs[1].is_run, 0);
    cr_expect_float_eq(log_.runs[1].distance_km, 2.43277001953125, EPS);
    cr_expect_str_eq(log_.gears[0], "Saucony Endorphin Pro 2 Yellove");
    cr_expect_eq(log_.runs[0].gear, log_.runs[1].gear);
    cr_expect_float_eq(log_.runs[2].rpe, 7.0, EPS);
    cr_expect_float_eq(log_.runs[2].elevation_gain_m, 120.5, EPS);
    /* quoted LF and CRLF in descriptions keep the line numbers right */
    cr_expect(has_warning("strava_94_en_us.csv:9: Activity Date \"yesterday\" is not a date"));
    cr_expect(has_warning("strava_94_en_us.csv:11: Distance is empty"));
    cr_expect(has_warning("1 duplicate activities"));
    cr_expect_eq(log_.nwarnings, 3);
}

Test(import, strava_79_html_headers_crlf_swim_metres)
{
    cr_assert_eq(import("strava_79_html.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(kp__log_run_count(&log_), 2);
    cr_expect_float_eq(run_km(), 13.0225, EPS);
    /* swim with gear: "1,073" on the first Distance is metres */
    cr_expect_eq(log_.runs[1].is_run, 0);
    cr_expect_float_eq(log_.runs[1].distance_km, 1.073, EPS);
    cr_expect_eq(log_.nwarnings, 0);
}

Test(import, strava_92_en_gb)
{
    cr_assert_eq(import("strava_92_en_gb.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(log_.nruns, 2);
    cr_expect_eq(log_.runs[0].day, ymd(2024, 5, 22));
    cr_expect_float_eq(run_km(), 10.012, EPS);
}

Test(import, strava_99_zero_km_run)
{
    cr_assert_eq(import("strava_99.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(log_.nruns, 2);
    cr_expect_float_eq(log_.runs[0].distance_km, 0.0, EPS);
    cr_expect_eq(log_.runs[0].day, ymd(2024, 6, 3));
}

Test(import, strava_103_spanish)
{
    cr_assert_eq(import("strava_103_es.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(log_.nruns, 2); /* a run and a walk in the same shoes */
    cr_expect_eq(log_.runs[0].day, ymd(2026, 8, 2));
    cr_expect_eq(log_.runs[0].start_sec, (int64_t)ymd(2026, 8, 2) * 86400 + 12 * 3600 + 20 * 60 + 32);
    cr_expect_eq(log_.runs[1].start_sec, (int64_t)ymd(2026, 8, 1) * 86400 + 6 * 3600 + 5 * 60);
    cr_expect_float_eq(log_.runs[0].distance_km, 7.5032, EPS);
    cr_expect_eq(log_.ngears, 1);
    cr_expect_str_eq(log_.gears[0], "Adidas Latín Run 2.0 Rojo");
}

Test(import, strava_2018_metres)
{
    cr_assert_eq(import("strava_2018.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(kp__log_run_count(&log_), 2);
    cr_expect_float_eq(run_km(), 12.0123, EPS);
    cr_expect_float_eq(log_.runs[0].distance_km, 43.0574, EPS); /* the ride with a bike */
    cr_expect_float_eq(log_.runs[1].duration_min, 30.0, EPS);
}

Test(import, strava_translated_headers)
{
    cr_assert_eq(import("strava_de.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_float_eq(run_km(), 9.4405 + 5.2, EPS); /* "5,2" decimal comma fallback */
    cr_expect_eq(log_.runs[0].day, ymd(2022, 12, 9));
    cr_expect_str_eq(log_.gears[0], "Schuh");
    kp__log_clear(&log_);
    cr_assert_eq(import("strava_fr.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_float_eq(run_km(), 9.62, EPS);
    cr_expect_eq(log_.runs[0].day, ymd(2012, 5, 24));
    kp__log_clear(&log_);
    cr_assert_eq(import("strava_it.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_float_eq(run_km(), 9.625900390625, EPS);
    cr_expect_eq(log_.runs[0].day, ymd(2014, 8, 11));
    kp__log_clear(&log_);
    cr_assert_eq(import("strava_pt.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(log_.runs[0].day, ymd(2022, 10, 6));
}

Test(import, garmin_english)
{
    cr_assert_eq(import("garmin_en.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(log_.nruns, 2);
    cr_expect_float_eq(run_km(), 15.02, EPS);
    cr_expect_float_eq(log_.runs[0].duration_min, 52.0 + 10.0 / 60, EPS);
    cr_expect_float_eq(log_.runs[0].elevation_gain_m, 45.0, EPS);
    cr_expect_float_eq(log_.runs[1].duration_min, 25.0 + 0.5 / 60, EPS);
    cr_expect(has_warning("garmin_en.csv:5: Distance is missing"));
}

Test(import, garmin_languages)
{
    cr_assert_eq(import("garmin_da.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_float_eq(run_km(), 14.29, EPS);
    kp__log_clear(&log_);
    cr_assert_eq(import("garmin_de.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_float_eq(run_km(), 4.23 + 2.81 + 5.0, EPS);
    kp__log_clear(&log_);
    cr_assert_eq(import("garmin_pl.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_float_eq(run_km(), 8.05, EPS);
    kp__log_clear(&log_);
    cr_assert_eq(import("garmin_fr.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(log_.nruns, 2); /* the hike is not a run */
    cr_expect_float_eq(run_km(), 2.94 + 6.88, EPS);
    cr_expect_eq(log_.runs[1].day, ymd(2014, 7, 1)); /* "mar., 1 juil." is July */
    cr_expect_float_eq(log_.runs[1].duration_min, 62.05, EPS);
    cr_expect_eq(log_.nwarnings, 0);
}

Test(import, garmin_miles)
{
    kp_import_options o = KP_IMPORT_OPTIONS_INIT;
    o.miles = 1;
    cr_assert_eq(import_opts("garmin_miles.csv", &o), KP_OK, "%s", kp_error_message());
    cr_expect_float_eq(run_km(), 11.0 * 1.609344, EPS);
}

Test(import, plain_with_header)
{
    cr_assert_eq(import("plain.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(log_.nruns, 4); /* two runs on one day: no start time, both kept */
    cr_expect_float_eq(run_km(), 26.2, EPS);
    cr_expect_eq(log_.ngears, 2);
    cr_expect_eq(log_.runs[0].gear, log_.runs[1].gear);
    cr_expect_float_eq(log_.runs[0].rpe, 5.0, EPS);
    cr_expect(isnan(log_.runs[1].rpe));
    cr_expect_eq(log_.runs[3].gear, -1);
}

Test(import, plain_unreadable_rows_are_warnings)
{
    cr_assert_eq(import("plain_bad.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(log_.nruns, 3);
    cr_expect(has_warning("plain_bad.csv:3: date"));
    cr_expect(has_warning("plain_bad.csv:4: distance"));
    cr_expect(has_warning("plain_bad.csv:5: rpe"));
    cr_expect(has_warning("plain_bad.csv:7: distance"));
    cr_expect_eq(log_.nwarnings, 4);
}

Test(import, plain_without_header_and_semicolons)
{
    cr_assert_eq(import("plain_noheader.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_eq(log_.nruns, 2);
    cr_expect_float_eq(run_km(), 12.2, EPS);
    kp__log_clear(&log_);
    cr_assert_eq(import("plain_semicolon.csv"), KP_OK, "%s", kp_error_message());
    cr_expect_float_eq(run_km(), 12.5, EPS);
}

Test(import, unknown_header_lists_missing_columns)
{
    cr_expect_eq(import("unknown.csv"), KP_EFORMAT);
    const char *msg = kp_error_message();
    cr_expect(strstr(msg, "unknown.csv:1:") != NULL, "%s", msg);
    cr_expect(strstr(msg, "Activity Date") && strstr(msg, "distance_km"), "%s", msg);
    kp_import_options o = KP_IMPORT_OPTIONS_INIT;
    o.format = KP_FORMAT_GARMIN;
    kp__log_clear(&log_);
    cr_expect_eq(import_opts("plain.csv", &o), KP_EFORMAT);
    cr_expect(strstr(kp_error_message(), "Activity Type"), "%s", kp_error_message());
    cr_expect_eq(kp__import_buffer(&log_, "", 0, "empty.csv", NULL), KP_EFORMAT);
}

Test(import, streaming_in_tiny_chunks_matches_whole_buffer)
{
    char path[1024];
    size_t size;
    snprintf(path, sizeof path, "%s/tests/fixtures/logs/strava_94_en_us.csv", KP_SRCDIR);
    char *data = slurp(path, &size);
    kp__importer *imp;
    cr_assert_eq(kp__import_begin(&imp, &log_, "x.csv", NULL), KP_OK);
    for (size_t i = 0; i < size; i += 7)
        kp__import_feed(imp, data + i, size - i < 7 ? size - i : 7);
    cr_assert_eq(kp__import_end(imp), KP_OK);
    free(data);
    cr_expect_eq(log_.nruns, 4);
    cr_expect(has_warning("x.csv:9:"));
}

/* ---- value parsers ---- */

Test(fields, numbers)
{
    double x;
    cr_expect(!kp__parse_number("2432.77001953125", &x) && x == 2432.77001953125);
    cr_expect(!kp__parse_number("1,025", &x) && x == 1025.0);
    cr_expect(!kp__parse_number("12,345.5", &x) && x == 12345.5);
    cr_expect(!kp__parse_number("2,81", &x) && x == 2.81);
    cr_expect(!kp__parse_number(" 5 ", &x) && x == 5.0);
    cr_expect(!kp__parse_number("63.40000153", &x) && x == 63.40000153);
    cr_expect(!kp__parse_number("1677330048.0", &x) && x == 1677330048.0);
    cr_expect(!kp__parse_number("1.5e3", &x) && x == 1500.0);
    cr_expect(kp__parse_number("1,2345", &x));
    cr_expect(kp__parse_number("far", &x));
    cr_expect(kp__parse_number("", &x));
    cr_expect(kp__field_missing("--") && kp__field_missing("  ") && !kp__field_missing("0"));
}

Test(fields, clock)
{
    double s;
    cr_expect(!kp__parse_clock("00:36:26", &s) && s == 2186.0);
    cr_expect(!kp__parse_clock("00:05:13.1", &s) && fabs(s - 313.1) < 1e-9);
    cr_expect(!kp__parse_clock("20:46", &s) && s == 1246.0);
    cr_expect(!kp__parse_clock("1:02:03", &s) && s == 3723.0);
    cr_expect(kp__parse_clock("1:75", &s));
}

static void expect_date(const char *text, int y, int m, int d, int hh, int mm, int ss)
{
    int32_t day;
    int64_t sec;
    cr_assert_eq(kp__parse_datetime(text, &day, &sec), 0, "%s", text);
    cr_expect_eq(day, ymd(y, m, d), "%s", text);
    if (hh >= 0)
        cr_expect_eq(sec, (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss, "%s", text);
    else
        cr_expect_eq(sec, -1, "%s", text);
}

Test(fields, dates_in_every_locale)
{
    expect_date("Oct 6, 2022, 11:19:20 PM", 2022, 10, 6, 23, 19, 20);
    expect_date("Oct 6, 2022, 12:19:20 AM", 2022, 10, 6, 0, 19, 20);
    expect_date("Oct 6, 2022, 12:19:20 PM", 2022, 10, 6, 12, 19, 20);
    expect_date("22 May 2024, 08:19:26", 2024, 5, 22, 8, 19, 26);
    expect_date("2 ago 2026, 12:20:32\xE2\x80\xAFp.m.", 2026, 8, 2, 12, 20, 32);
    expect_date("2 ago 2026, 1:20:32\xE2\x80\xAF" "a.m.", 2026, 8, 2, 1, 20, 32);
    expect_date("09.12.2022, 15:24:49", 2022, 12, 9, 15, 24, 49);
    expect_date("24 mai 2012 \xC3\xA0 16:27:40", 2012, 5, 24, 16, 27, 40);
    expect_date("11 ago 2014, 16:27:28", 2014, 8, 11, 16, 27, 28);
    expect_date("6 de out. de 2022 23:19:20", 2022, 10, 6, 23, 19, 20);
    expect_date("2014-09-12 16:54:28", 2014, 9, 12, 16, 54, 28);
    expect_date("2014-09-12T16:54:28Z", 2014, 9, 12, 16, 54, 28);
    expect_date("2024-05-01", 2024, 5, 1, -1, 0, 0);
    expect_date("lun., 30 juin 2014 7:03", 2014, 6, 30, 7, 3, 0);
    expect_date("3 d\xC3\xA9" "c. 2021, 10:00:00", 2021, 12, 3, 10, 0, 0);
    int32_t day;
    int64_t sec;
    cr_expect(kp__parse_datetime("15/12/2019 09:08", &day, &sec)); /* day/month order unknown */
    cr_expect(kp__parse_datetime("Feb 30, 2022, 1:00:00 PM", &day, &sec));
    cr_expect(kp__parse_datetime("yesterday", &day, &sec));
    cr_expect(kp__parse_datetime("2024-13-01", &day, &sec));
}

Test(fields, activity_types_and_headers)
{
    const char *runs[] = {"Run", "Trail Run", "Virtual Run", "Carrera", "Corrida", "Laufen",
                          "L\xC3\xB8" "b", "Bieganie", "Course \xC3\xA0 pied", "Corsa",
                          "Running", "Treadmill Running", "Laufbandtraining", " run "};
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++)
        cr_expect(kp__activity_is_run(runs[i]), "%s", runs[i]);
    cr_expect(!kp__activity_is_run("Walk"));
    cr_expect(!kp__activity_is_run("Caminata"));
    cr_expect(kp__activity_is_swim("Swim"));
    char h[] = "<span class=\"translation_missing\" title=\"x\">Type</span>";
    kp__header_normalize(h);
    cr_expect_str_eq(h, "type");
    char it[] = "Data dell\xE2\x80\x99" "attivit\xC3\xA0";
    kp__header_normalize(it);
    cr_expect_str_eq(it, "data dell'attivit\xC3\xA0");
}

Test(import, warnings_are_capped_and_summarized)
{
    size_t cap = 64 + 1500 * 16;
    char *buf = malloc(cap), *p = buf;
    p += sprintf(p, "date,distance_km\n");
    for (int i = 0; i < 1500; i++)
        p += sprintf(p, "someday,%d\n", i);
    cr_assert_eq(kp__import_buffer(&log_, buf, (size_t)(p - buf), "many.csv", NULL), KP_OK);
    free(buf);
    cr_expect_eq(log_.nwarnings, 1001);
    cr_expect_str_eq(log_.warnings[0], "many.csv:2: date \"someday\" is not a date (YYYY-MM-DD)");
    cr_expect_str_eq(log_.warnings[1000], "many.csv: 500 more unreadable rows not listed");
}

Test(import, header_only_and_last_line_without_newline)
{
    cr_expect_eq(kp__import_buffer(&log_, "date,distance_km\n", 17, "h.csv", NULL), KP_OK);
    cr_expect_eq(log_.nruns, 0);
    const char *data = "date,distance_km\r\n2024-01-01,5\r\n2024-01-02,\"6,5\"";
    cr_expect_eq(kp__import_buffer(&log_, data, strlen(data), "h.csv", NULL), KP_OK);
    cr_expect_eq(log_.nruns, 2);
    cr_expect_float_eq(log_.runs[1].distance_km, 6.5, EPS);
}

/* Allocation failures: every failing allocation gives KP_ENOMEM and,
 * once the log is freed, nothing is left allocated. */
static long live, budget;

static void *count_malloc(size_t n)
{
    if (budget-- == 0)
        return NULL;
    void *p = malloc(n);
    live += p != NULL;
    return p;
}

static void *count_realloc(void *p, size_t n)
{
    if (budget-- == 0)
        return NULL;
    void *q = realloc(p, n);
    live += q && !p;
    return q;
}

static void count_free(void *p)
{
    live -= p != NULL;
    free(p);
}

Test(import, allocation_failures_are_clean)
{
    char path[1024];
    size_t size;
    snprintf(path, sizeof path, "%s/tests/fixtures/logs/strava_94_en_us.csv", KP_SRCDIR);
    char *data = slurp(path, &size);
    kp_allocator a = {KP_ALLOCATOR_VERSION, count_malloc, count_realloc, count_free};
    cr_assert_eq(kp_set_allocator(&a), KP_OK);
    int succeeded = 0;
    for (long fail_at = 0; fail_at < 2000 && !succeeded; fail_at++) {
        kp__log log;
        kp__log_init(&log);
        live = 0;
        budget = fail_at;
        kp_status st = kp__import_buffer(&log, data, size, "oom.csv", NULL);
        if (st == KP_OK) {
            succeeded = 1;
            kp__log c;
            budget = -1;
            cr_expect_eq(kp__log_copy(&c, &log), KP_OK);
            kp__log_free(&c);
        } else {
            cr_expect_eq(st, KP_ENOMEM, "allocation %ld: %d %s", fail_at, st, kp_error_message());
        }
        kp__log_free(&log);
        cr_expect_eq(live, 0, "allocation %ld leaks %ld blocks", fail_at, live);
    }
    budget = -1;
    kp_set_allocator(NULL);
    free(data);
    cr_expect(succeeded);
}

/* Parsed values that later become integers stay in range: an overlong
 * clock or an overflowing exponent is not a value (no float-to-integer
 * overflow, which is undefined behaviour). */
Test(fields, out_of_range_values_are_not_values)
{
    double s = -1;
    cr_expect(kp__parse_clock("99999999999999999999:25:00", &s));
    cr_expect(kp__parse_clock("9999999999:25:00", &s));
    cr_expect(kp__parse_clock("1e999", &s));
    cr_expect(kp__parse_clock("1e300:00", &s));
    cr_expect(!kp__parse_clock("2400:00:00", &s) && s == 2400.0 * 3600);
    cr_expect(kp__parse_number("1e999", &s));
    cr_expect(kp__parse_number("-1e999", &s));
    cr_expect(!kp__parse_number("1e300", &s) && s == 1e300);
}
