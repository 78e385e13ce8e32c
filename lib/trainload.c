/*
 * trainload.c - training-load figures of doc/training-load.md.
 *
 * Everything is computed on a daily calendar from the first logged run day
 * to as_of.  Conventions where the design is silent are documented in
 * doc/training-load.md; the comments below name them where they apply.
 */
#include "trainload.h"
#include "internal.h"

#include <math.h>
#include <string.h>

#define ACUTE_DAYS 7
#define CHRONIC_DAYS 28
#define SPIKE_WINDOW_DAYS 30

typedef struct day_totals {
    double km;        /* run distance of the day */
    double load;      /* daily load in the chosen unit */
    double longest;   /* longest single run of the day (km) */
    double srpe;      /* Foster session-RPE load of the day */
    int runs;         /* runs that day */
    int load_known;   /* runs whose load in the chosen unit is known */
    int srpe_known;   /* runs with both RPE and duration */
} day_totals;

static double run_load(const kp__run *r, kp_load_unit unit)
{
    switch (unit) {
    case KP_LOAD_DURATION:
        return r->duration_min;
    case KP_LOAD_SRPE:
        return r->rpe * r->duration_min;
    case KP_LOAD_DISTANCE:
    default:
        return r->distance_km;
    }
}

static void metrics_undefined(kp__load_metrics *m)
{
    m->history_days = 0;
    m->weekly_km = 0.0;
    m->weekly_km_change_pct = NAN;
    m->acwr_ewma = m->acwr_rolling = m->acwr_rolling_uncoupled = NAN;
    m->run_spike_pct = NAN;
    m->consecutive_run_days = 0.0;
    m->runs_last_14d = 0.0;
    m->rest_days_last_14d = 14.0;
    m->monotony = m->strain = NAN;
    m->days_since_previous_run = NAN;
    m->longest_gap_days_28d = NAN;
}

/* Sum of a day field over days [from, to] (indexes into the calendar,
 * clipped to it: days before the first logged day contribute nothing). */
static double sum_days(const day_totals *d, int32_t n, int32_t from, int32_t to,
                       int load)
{
    double s = 0.0;
    if (from < 0)
        from = 0;
    if (to >= n)
        to = n - 1;
    for (int32_t i = from; i <= to; i++)
        s += load ? d[i].load : d[i].km;
    return s;
}

static double ratio_or_nan(double num, double den)
{
    return den > 0.0 ? num / den : NAN;
}

static void rolling_acwr(const day_totals *d, int32_t n, kp__load_metrics *m)
{
    if (n < CHRONIC_DAYS)
        return;
    int32_t t = n - 1;
    double acute = sum_days(d, n, t - 6, t, 1);
    double chronic28 = sum_days(d, n, t - 27, t, 1);
    double older21 = sum_days(d, n, t - 27, t - 7, 1);
    m->acwr_rolling = ratio_or_nan(acute, chronic28 / 4.0);
    m->acwr_rolling_uncoupled = ratio_or_nan(acute, older21 / 3.0);
}

/* Williams et al. 2017: lambda = 2/(N+1); both averages start from the mean
 * daily load of the first 7 calendar days and are updated every day from
 * the first day on. */
static void ewma_acwr(const day_totals *d, int32_t n, kp__load_metrics *m)
{
    if (n < CHRONIC_DAYS)
        return;
    const double la = 2.0 / (ACUTE_DAYS + 1), lc = 2.0 / (CHRONIC_DAYS + 1);
    double seed = sum_days(d, n, 0, ACUTE_DAYS - 1, 1) / ACUTE_DAYS;
    double acute = seed, chronic = seed;
    for (int32_t i = 0; i < n; i++) {
        acute = la * d[i].load + (1.0 - la) * acute;
        chronic = lc * d[i].load + (1.0 - lc) * chronic;
    }
    m->acwr_ewma = ratio_or_nan(acute, chronic);
}

/* Frandsen et al. 2025: longest run of the latest run day against the
 * longest run of the 30 days before it. */
static void run_spike(const day_totals *d, int32_t n, kp__load_metrics *m)
{
    int32_t last = n - 1;
    while (last >= 0 && !d[last].runs)
        last--;
    if (last < 0)
        return;
    int earlier = 0;
    double longest_before = 0.0;
    for (int32_t i = last - SPIKE_WINDOW_DAYS; i < last; i++) {
        if (i < 0 || !d[i].runs)
            continue;
        earlier = 1;
        if (d[i].longest > longest_before)
            longest_before = d[i].longest;
    }
    /* only zero-distance runs before: a ratio against 0 km is undefined */
    if (earlier && longest_before > 0.0)
        m->run_spike_pct = 100.0 * (d[last].longest / longest_before - 1.0);
    int32_t prev = last - 1;
    while (prev >= 0 && !d[prev].runs)
        prev--;
    if (prev >= 0)
        m->days_since_previous_run = (double)(last - prev);
}

static void run_days(const day_totals *d, int32_t n, kp__load_metrics *m)
{
    int32_t streak = 0;
    for (int32_t i = n - 1; i >= 0 && d[i].runs; i--)
        streak++;
    m->consecutive_run_days = streak;

    int32_t with_run = 0;
    for (int32_t i = n - 14; i < n; i++)
        if (i >= 0 && d[i].runs)
            with_run++;
    m->runs_last_14d = with_run;
    m->rest_days_last_14d = 14 - with_run;

    /* longest stretch without a run among the last 28 logged days */
    int32_t gap = 0, longest = 0;
    for (int32_t i = n - CHRONIC_DAYS < 0 ? 0 : n - CHRONIC_DAYS; i < n; i++) {
        gap = d[i].runs ? 0 : gap + 1;
        if (gap > longest)
            longest = gap;
    }
    m->longest_gap_days_28d = longest;
}

/* Foster 1998: monotony = mean / sd of the daily session-RPE load over the
 * 7 days ending at as_of, strain = weekly load x monotony.  Defined only
 * when every run of those days has RPE and duration, and sd > 0. */
static void foster(const day_totals *d, int32_t n, kp__load_metrics *m)
{
    double v[ACUTE_DAYS], sum = 0.0;
    int any = 0;
    for (int k = 0; k < ACUTE_DAYS; k++) {
        int32_t i = n - ACUTE_DAYS + k;
        v[k] = 0.0;
        if (i < 0)
            continue;
        if (d[i].srpe_known != d[i].runs)
            return;
        any |= d[i].srpe_known > 0;
        v[k] = d[i].srpe;
        sum += v[k];
    }
    if (!any)
        return;
    double mean = sum / ACUTE_DAYS, var = 0.0;
    for (int k = 0; k < ACUTE_DAYS; k++)
        var += (v[k] - mean) * (v[k] - mean);
    double sd = sqrt(var / ACUTE_DAYS);
    if (sd <= 0.0)
        return;
    m->monotony = mean / sd;
    m->strain = sum * m->monotony;
}

static void shoe_totals(const kp__log *log, int32_t as_of, double *shoe_km)
{
    for (size_t g = 0; g < log->ngears; g++)
        shoe_km[g] = log->gear_start_km[g];
    for (size_t i = 0; i < log->nruns; i++) {
        const kp__run *r = &log->runs[i];
        if (r->gear >= 0 && (size_t)r->gear < log->ngears &&
            (as_of == INT32_MIN || r->day <= as_of))
            shoe_km[r->gear] += r->distance_km;
    }
}

void kp__gear_run_counts(const kp__log *log, int32_t as_of, size_t *counts_out)
{
    for (size_t g = 0; g < log->ngears; g++)
        counts_out[g] = 0;
    for (size_t i = 0; i < log->nruns; i++) {
        const kp__run *r = &log->runs[i];
        if (r->is_run && r->gear >= 0 && (size_t)r->gear < log->ngears &&
            (as_of == INT32_MIN || r->day <= as_of))
            counts_out[r->gear]++;
    }
}

kp_status kp__load_compute(const kp__log *log, int32_t as_of,
                           kp_load_unit unit, kp__load_metrics *out,
                           double *shoe_km_out)
{
    kp__load_metrics m;
    memset(&m, 0, sizeof m);
    metrics_undefined(&m);

    int32_t first = INT32_MAX, last = INT32_MIN;
    for (size_t i = 0; i < log->nruns; i++) {
        const kp__run *r = &log->runs[i];
        if (!r->is_run || (as_of != INT32_MIN && r->day > as_of))
            continue;
        if (r->day < first)
            first = r->day;
        if (r->day > last)
            last = r->day;
        m.runs++;
    }
    m.as_of = as_of != INT32_MIN ? as_of : (m.runs ? last : INT32_MIN);
    /* without an explicit as-of date, shoes count every logged activity,
     * also walks after the last run (as Strava's gear totals do) */
    if (shoe_km_out)
        shoe_totals(log, as_of, shoe_km_out);
    if (!m.runs) {
        *out = m;
        return KP_OK;
    }

    int32_t n = m.as_of - first + 1;
    day_totals *d = kp__calloc((size_t)n, sizeof *d);
    if (!d)
        return kp__oom();
    size_t unit_known = 0;
    for (size_t i = 0; i < log->nruns; i++) {
        const kp__run *r = &log->runs[i];
        if (!r->is_run || r->day > m.as_of)
            continue;
        day_totals *t = &d[r->day - first];
        t->runs++;
        t->km += r->distance_km;
        if (r->distance_km > t->longest)
            t->longest = r->distance_km;
        double l = run_load(r, unit);
        if (!isnan(l)) {
            t->load += l;
            t->load_known++;
            unit_known++;
        }
        if (!isnan(r->rpe) && !isnan(r->duration_min)) {
            t->srpe += r->rpe * r->duration_min;
            t->srpe_known++;
        }
    }

    m.history_days = n;
    int32_t t = n - 1;
    m.weekly_km = sum_days(d, n, t - 6, t, 0);
    if (n >= 14)
        m.weekly_km_change_pct =
            100.0 * (ratio_or_nan(m.weekly_km, sum_days(d, n, t - 13, t - 7, 0)) - 1.0);
    /* Without any run whose load is known in this unit (e.g. no durations
     * for the "duration" unit) the ratios would compare zeros: undefined. */
    if (unit_known) {
        rolling_acwr(d, n, &m);
        ewma_acwr(d, n, &m);
    }
    run_spike(d, n, &m);
    run_days(d, n, &m);
    foster(d, n, &m);
    kp__free(d);
    *out = m;
    return KP_OK;
}
