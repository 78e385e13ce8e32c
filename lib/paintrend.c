/*
 * paintrend.c - pain diary trend (doc/knowledge.md 4.2, Silbernagel's pain
 * monitoring model).
 *
 * Each entry's pain is the highest of its during/after/next-morning values.
 * The thresholds are model settings (step = pain_trend_step, settled =
 * pain_settled_max, span = pain_persisting_days):
 *  - worsening, a trend rather than one bad day (clinical-brief addendum
 *    A12: a single post-race flare is expected soreness): either the mean
 *    of the last 7 days' entries is at least `step` above the mean of the
 *    7 days before and at least two of the last 7 days' entries are that
 *    high (a rise over a week that one entry does not carry), or the two
 *    latest next-morning values of the last 7 days, on different days, are
 *    both above `settled` (pain has not settled two mornings in a row);
 *  - persisting: entries span at least `span` days, pain is still present
 *    and the last 7 days' mean has not improved by `step` over the first 7
 *    days' mean (the same step that counts as an improvement);
 *  - improving: the last 7 days' mean is at least `step` below the 7 days
 *    before;
 *  - stable otherwise; unknown without entries.
 * Separately, pain during a run above pain_during_max (Silbernagel: 5/10)
 * in the last 7 days, or a latest next-morning value above `settled` that is
 * not (yet) a trend, means the next run should be reduced (the 24-hour
 * rule).
 */
#include "session.h"

#include <math.h>

const char *const kp__trend_names[5] = {"unknown", "improving", "stable", "worsening",
                                        "persisting"};

static double entry_pain(const kp__pain *p)
{
    double v = -1;
    if (!isnan(p->during) && p->during > v) v = p->during;
    if (!isnan(p->after) && p->after > v) v = p->after;
    if (!isnan(p->next_morning) && p->next_morning > v) v = p->next_morning;
    return v;
}

/* mean pain of entries with first <= day <= last; NaN when none */
static double window_mean(const kp__pain *d, size_t n, int32_t first, int32_t last)
{
    double sum = 0;
    int count = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i].day >= first && d[i].day <= last) {
            sum += entry_pain(&d[i]);
            count++;
        }
    return count ? sum / count : NAN;
}

/* entries with first <= day <= last whose pain is at least `min` */
static int entries_at_least(const kp__pain *d, size_t n, int32_t first, int32_t last, double min)
{
    int count = 0;
    for (size_t i = 0; i < n; i++)
        count += d[i].day >= first && d[i].day <= last && entry_pain(&d[i]) >= min;
    return count;
}

/* The latest next-morning value on or before `end` and its day, and the
 * latest one on an earlier day (NaN / INT32_MIN when none).  The later of
 * two entries of one day counts for that day. */
static void last_mornings(const kp__pain *d, size_t n, int32_t end, double v[2], int32_t day[2])
{
    v[0] = v[1] = NAN;
    day[0] = day[1] = INT32_MIN;
    for (size_t i = 0; i < n; i++) {
        if (isnan(d[i].next_morning) || d[i].day > end)
            continue;
        if (d[i].day >= day[0]) {
            if (d[i].day > day[0]) {
                v[1] = v[0];
                day[1] = day[0];
            }
            v[0] = d[i].next_morning;
            day[0] = d[i].day;
        } else if (d[i].day >= day[1]) {
            v[1] = d[i].next_morning;
            day[1] = d[i].day;
        }
    }
}

static kp__trend trend_of(const kp_model *m, const kp__pain *d, size_t n, int32_t first,
                          int32_t end, int *morning_unsettled)
{
    const double step = m->pain_trend_step.value, settled = m->pain_settled_max.value;
    const int32_t span = (int32_t)m->pain_persisting_days.value;

    double morning[2];
    int32_t morning_day[2];
    last_mornings(d, n, end, morning, morning_day);
    int latest_unsettled = !isnan(morning[0]) && morning[0] > settled && morning_day[0] >= end - 6;
    int two_unsettled = latest_unsettled && !isnan(morning[1]) && morning[1] > settled &&
                        morning_day[1] >= end - 6;

    double recent = window_mean(d, n, end - 6, end);
    double before = window_mean(d, n, end - 13, end - 7);
    int week_rise = !isnan(recent) && !isnan(before) && recent >= before + step &&
                    entries_at_least(d, n, end - 6, end, before + step) >= 2;
    *morning_unsettled = latest_unsettled && !two_unsettled;
    if (week_rise || two_unsettled) {
        *morning_unsettled = 0;
        return KP_TREND_WORSENING;
    }
    if (end - first >= span - 1) {
        double start = window_mean(d, n, first, first + 6);
        if (!isnan(recent) && !isnan(start) && recent > 0 && recent > start - step)
            return KP_TREND_PERSISTING;
    }
    if (!isnan(recent) && !isnan(before) && recent <= before - step)
        return KP_TREND_IMPROVING;
    return KP_TREND_STABLE;
}

kp__pain_state kp__pain_trend(const kp_model *m, const kp__pain *d, size_t n, int32_t end,
                              int32_t cutoff)
{
    kp__pain_state st = {KP_TREND_UNKNOWN, 0, 0, 0};
    int32_t first = INT32_MAX, last = INT32_MIN;
    for (size_t i = 0; i < n; i++) {
        if (cutoff != INT32_MIN && d[i].day > cutoff) {
            st.ignored++;
            continue;
        }
        if (d[i].day < first) first = d[i].day;
        if (d[i].day > last) last = d[i].day;
    }
    if (last == INT32_MIN)
        return st;
    if (end == INT32_MIN || end < last)
        end = last;
    /* entries after the cutoff lie after `end` and so fall outside every
     * window below */
    st.trend = trend_of(m, d, n, first, end, &st.morning_unsettled);
    for (size_t i = 0; i < n; i++)
        if (d[i].day >= end - 6 && d[i].day <= end && !isnan(d[i].during) &&
            d[i].during > m->pain_during_max.value)
            st.during_high = 1;
    return st;
}
