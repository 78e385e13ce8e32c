/*
 * test_trainload.c - load metrics of doc/training-load.md on hand-built logs.
 * Expected values are worked out by hand in the comments.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "date.h"
#include "trainload.h"

#define EPS 1e-9

static kp__log log_;

static void setup(void) { kp__log_init(&log_); }
static void teardown(void) { kp__log_free(&log_); }

TestSuite(load, .init = setup, .fini = teardown);

static int32_t day0(void) { return kp__days_from_civil(2024, 1, 1); }

/* A run `d` days after 2024-01-01. */
static void run(int d, double km)
{
    kp__run r = {day0() + d, -1, km, NAN, NAN, NAN, -1, 1};
    cr_assert_eq(kp__log_add(&log_, &r), 0);
}

static void run_full(int d, double km, double minutes, double rpe, const char *gear, int is_run)
{
    kp__run r = {day0() + d, -1, km, minutes, rpe, NAN, -1, is_run};
    cr_assert_eq(kp__log_gear(&log_, gear, &r.gear), KP_OK);
    cr_assert_eq(kp__log_add(&log_, &r), 0);
}

static kp__load_metrics compute(int as_of_offset, kp_load_unit unit)
{
    kp__load_metrics m;
    int32_t as_of = as_of_offset == INT32_MIN ? INT32_MIN : day0() + as_of_offset;
    cr_assert_eq(kp__load_compute(&log_, as_of, unit, &m, NULL), KP_OK);
    return m;
}

Test(load, empty_log_is_undefined_not_zero)
{
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect_eq(m.as_of, INT32_MIN);
    cr_expect_eq(m.runs, 0);
    cr_expect(isnan(m.acwr_ewma) && isnan(m.acwr_rolling) && isnan(m.run_spike_pct));
    cr_expect(isnan(m.weekly_km_change_pct));
    cr_expect_eq(m.consecutive_run_days, 0);
}

/* 10 days of 5 km: < 14 days of history, so no change %; < 28, no ACWR. */
Test(load, short_history)
{
    for (int d = 0; d < 10; d++)
        run(d, 5.0);
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect_eq(m.as_of, day0() + 9);
    cr_expect_eq(m.history_days, 10);
    cr_expect_float_eq(m.weekly_km, 35.0, EPS);
    cr_expect(isnan(m.weekly_km_change_pct));
    cr_expect(isnan(m.acwr_rolling) && isnan(m.acwr_rolling_uncoupled) && isnan(m.acwr_ewma));
    cr_expect_float_eq(m.run_spike_pct, 0.0, EPS); /* 5 km vs longest 5 km */
    cr_expect_eq(m.consecutive_run_days, 10);
    cr_expect_eq(m.runs_last_14d, 10);
    cr_expect_eq(m.rest_days_last_14d, 4);
    cr_expect_float_eq(m.days_since_previous_run, 1.0, EPS);
}

/* 28 days of 5 km: every ratio is exactly 1 (EWMA seeded with 5). */
Test(load, steady_load_gives_ratio_one)
{
    for (int d = 0; d < 28; d++)
        run(d, 5.0);
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect_float_eq(m.acwr_rolling, 1.0, EPS);           /* 35 / (140/4) */
    cr_expect_float_eq(m.acwr_rolling_uncoupled, 1.0, EPS); /* 35 / (105/3) */
    cr_expect_float_eq(m.acwr_ewma, 1.0, EPS);
    cr_expect_float_eq(m.weekly_km_change_pct, 0.0, EPS);
}

/* A 0-km run on day 0 starts the calendar; 10 km on day 27.
 * Seed = mean of days 0..6 = 0.  Acute EWMA = 0.25 x 10 = 2.5, chronic =
 * 2/29 x 10, ratio = 2.5 x 29 / 20 = 3.625.  Rolling coupled = 10/(10/4) = 4;
 * uncoupled: days 8..28 hold 0 km -> undefined.  The previous week is empty
 * -> change % undefined.  The only earlier run is 0 km -> spike undefined. */
Test(load, single_spike_after_zero_distance_run)
{
    run(0, 0.0);
    run(27, 10.0);
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect_eq(m.history_days, 28);
    cr_expect_float_eq(m.acwr_ewma, 3.625, EPS);
    cr_expect_float_eq(m.acwr_rolling, 4.0, EPS);
    cr_expect(isnan(m.acwr_rolling_uncoupled));
    cr_expect(isnan(m.weekly_km_change_pct));
    cr_expect(isnan(m.run_spike_pct));
    cr_expect_float_eq(m.weekly_km, 10.0, EPS);
    cr_expect_float_eq(m.days_since_previous_run, 27.0, EPS);
    cr_expect_eq(m.longest_gap_days_28d, 26);
}

/* Seed from the first 7 calendar days: 7 km on day 0 -> seed 1.  Day 0
 * then updates both averages: acute = 0.25x7 + 0.75x1 = 2.5, chronic =
 * (2/29)x7 + (27/29)x1 = 41/29; 27 empty days follow. */
Test(load, ewma_seed_and_decay)
{
    run(0, 7.0);
    run(27, 0.0);
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    double acute = 2.5 * pow(0.75, 27);
    double chronic = 41.0 / 29.0 * pow(27.0 / 29.0, 27);
    cr_expect_float_eq(m.acwr_ewma, acute / chronic, 1e-12);
    cr_expect_float_eq(m.acwr_rolling, 0.0, EPS); /* 0 km in the last 7 days / (7/4) */
}

/* Several runs a day add up for the load; the spike uses the longest. */
Test(load, several_runs_a_day)
{
    run(0, 3.0);
    run(0, 5.0);
    run(1, 4.0);
    run(1, 1.0);
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect_float_eq(m.weekly_km, 13.0, EPS);
    cr_expect_float_eq(m.run_spike_pct, -20.0, EPS); /* 4 / 5 - 1 */
    cr_expect_eq(m.runs, 4);
    cr_expect_eq(m.consecutive_run_days, 2);
}

/* Week 1 (days 0..6) 20 km, week 2 (days 7..13) 30 km: +50 %. */
Test(load, week_over_week_change)
{
    run(0, 10.0);
    run(3, 10.0);
    run(7, 15.0);
    run(13, 15.0);
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect_float_eq(m.weekly_km_change_pct, 50.0, EPS);
    cr_expect_float_eq(m.run_spike_pct, 0.0, EPS); /* 15 vs 15 on day 7 */
}

/* A 50-day gap: the spike window (30 days) is empty -> undefined, not a
 * false alarm; the gap is reported. */
Test(load, long_gap)
{
    run(0, 5.0);
    run(50, 5.0);
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect(isnan(m.run_spike_pct));
    cr_expect_float_eq(m.days_since_previous_run, 50.0, EPS);
    cr_expect_eq(m.longest_gap_days_28d, 27);
    cr_expect_float_eq(m.acwr_rolling, 4.0, EPS);
    cr_expect(isnan(m.acwr_rolling_uncoupled));
}

/* as_of after the last run: no current streak; runs after as_of ignored. */
Test(load, explicit_as_of)
{
    run(0, 5.0);
    run(1, 5.0);
    run(20, 9.0);
    kp__load_metrics m = compute(3, KP_LOAD_DISTANCE);
    cr_expect_eq(m.as_of, day0() + 3);
    cr_expect_eq(m.runs, 2);
    cr_expect_eq(m.consecutive_run_days, 0);
    cr_expect_float_eq(m.weekly_km, 10.0, EPS);
    cr_expect_eq(m.history_days, 4);
}

/* Loads in minutes and in RPE x minutes. */
Test(load, duration_and_srpe_units)
{
    for (int d = 0; d < 28; d++)
        run_full(d, 5.0, d < 21 ? 30.0 : 60.0, 5.0, NULL, 1);
    /* acute 7 x 60, chronic 21 x 30 + 7 x 60 = 1050 */
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DURATION);
    cr_expect_float_eq(m.acwr_rolling, 420.0 / (1050.0 / 4), EPS);
    cr_expect_float_eq(m.acwr_rolling_uncoupled, 420.0 / (630.0 / 3), EPS);
    kp__load_metrics s = compute(INT32_MIN, KP_LOAD_SRPE);
    cr_expect_float_eq(s.acwr_rolling, m.acwr_rolling, EPS);
    kp__load_metrics k = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect_float_eq(k.acwr_rolling, 1.0, EPS);
}

Test(load, unit_without_values_is_undefined)
{
    for (int d = 0; d < 28; d++)
        run(d, 5.0);
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DURATION);
    cr_expect(isnan(m.acwr_rolling) && isnan(m.acwr_ewma));
}

/* Foster: 150 on 4 of 7 days -> monotony = sqrt(4/3), strain = 600 x it. */
Test(load, foster_monotony_and_strain)
{
    for (int d = 0; d < 7; d += 2)
        run_full(d, 5.0, 30.0, 5.0, NULL, 1);
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect_float_eq(m.monotony, sqrt(4.0 / 3.0), 1e-12);
    cr_expect_float_eq(m.strain, 600.0 * sqrt(4.0 / 3.0), 1e-9);
}

Test(load, foster_needs_rpe)
{
    run_full(0, 5.0, 30.0, 5.0, NULL, 1);
    run(2, 5.0); /* no RPE */
    kp__load_metrics m = compute(INT32_MIN, KP_LOAD_DISTANCE);
    cr_expect(isnan(m.monotony) && isnan(m.strain));
}

/* Shoe km: start km + every activity with that gear, walks included. */
Test(load, shoe_km_counts_walks)
{
    run_full(0, 10.0, NAN, NAN, "shoe-a ", 1);
    run_full(1, 2.5, NAN, NAN, " shoe-a", 0);
    run_full(2, 4.0, NAN, NAN, "shoe-b", 1);
    cr_assert_eq(log_.ngears, 2);
    log_.gear_start_km[0] = 300.0;
    double shoe[2];
    kp__load_metrics m;
    cr_assert_eq(kp__load_compute(&log_, INT32_MIN, KP_LOAD_DISTANCE, &m, shoe), KP_OK);
    cr_expect_float_eq(shoe[0], 312.5, EPS);
    cr_expect_float_eq(shoe[1], 4.0, EPS);
    cr_expect_float_eq(m.weekly_km, 14.0, EPS); /* the walk is not load */
}

Test(load, duplicates_counted_once)
{
    kp__run r = {day0(), (int64_t)day0() * 86400 + 3600, 10.0, NAN, NAN, NAN, -1, 1};
    cr_expect_eq(kp__log_add(&log_, &r), 0);
    r.distance_km = 10.0001; /* same to the metre */
    cr_expect_eq(kp__log_add(&log_, &r), 1);
    r.distance_km = 5.0; /* same start, another distance */
    cr_expect_eq(kp__log_add(&log_, &r), 0);
    for (int i = 0; i < 1000; i++) { /* grows the duplicate index */
        kp__run s = {day0() + i, (int64_t)(day0() + i) * 86400 + 7200, 1.0, NAN, NAN, NAN, -1, 1};
        cr_assert_eq(kp__log_add(&log_, &s), 0);
        cr_assert_eq(kp__log_add(&log_, &s), 1);
    }
    cr_expect_eq(log_.nruns, 1002);
}

Test(load, copy_is_deep)
{
    run_full(0, 10.0, NAN, NAN, "shoe", 1);
    kp__log_warn(&log_, "x:%d: %s", 2, "bad row");
    kp__log c;
    cr_assert_eq(kp__log_copy(&c, &log_), KP_OK);
    kp__log_clear(&log_);
    cr_expect_eq(c.nruns, 1);
    cr_expect_str_eq(c.gears[0], "shoe");
    cr_expect_str_eq(c.warnings[0], "x:2: bad row");
    cr_expect_eq(kp__log_run_count(&c), 1);
    kp__log_free(&c);
}

/* Without an explicit as-of date, shoes count every activity, also a walk
 * after the last run (Strava's gear totals); with one, those up to it. */
Test(load, shoe_km_counts_walks_after_the_last_run)
{
    run_full(0, 10.0, NAN, NAN, "shoe-a", 1);
    run_full(5, 3.0, NAN, NAN, "shoe-a", 0);
    double shoe[1];
    kp__load_metrics m;
    cr_assert_eq(kp__load_compute(&log_, INT32_MIN, KP_LOAD_DISTANCE, &m, shoe), KP_OK);
    cr_expect_eq(m.as_of, day0());
    cr_expect_float_eq(shoe[0], 13.0, EPS);
    cr_assert_eq(kp__load_compute(&log_, day0() + 4, KP_LOAD_DISTANCE, &m, shoe), KP_OK);
    cr_expect_float_eq(shoe[0], 10.0, EPS);
}
