/*
 * paintrend.c - pain diary trend (DESIGN section 5, Silbernagel's pain
 * monitoring model).
 *
 * Each entry's pain is the highest of its during/after/next-morning values.
 * The thresholds are model settings (step = pain_trend_step, settled =
 * pain_settled_max, span = pain_persisting_days):
 *  - worsening: the mean of the last 7 days' entries is at least `step`
 *    above the mean of the 7 days before, or the latest next-morning value
 *    is above `settled` (pain has not settled by the next morning);
 *  - persisting: entries span at least `span` days and the last 7 days'
 *    mean is not below the first 7 days' mean while pain is still present;
 *  - improving: the last 7 days' mean is at least `step` below the 7 days
 *    before;
 *  - stable otherwise; unknown without entries.
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

kp__trend kp__pain_trend(const kp_model *m, const kp__pain *d, size_t n, int32_t as_of)
{
    const double step = m->pain_trend_step.value, settled = m->pain_settled_max.value;
    const int32_t span = (int32_t)m->pain_persisting_days.value;
    if (n == 0)
        return KP_TREND_UNKNOWN;
    int32_t first = d[0].day, last = d[0].day;
    for (size_t i = 1; i < n; i++) {
        if (d[i].day < first) first = d[i].day;
        if (d[i].day > last) last = d[i].day;
    }
    int32_t end = as_of != INT32_MIN && as_of > last ? as_of : last;

    /* latest entry that recorded next-morning pain */
    int32_t morning_day = INT32_MIN;
    double morning = NAN;
    for (size_t i = 0; i < n; i++)
        if (!isnan(d[i].next_morning) && d[i].day <= end && d[i].day >= morning_day) {
            morning_day = d[i].day;
            morning = d[i].next_morning;
        }

    double recent = window_mean(d, n, end - 6, end);
    double before = window_mean(d, n, end - 13, end - 7);
    if ((!isnan(recent) && !isnan(before) && recent >= before + step) ||
        (!isnan(morning) && morning > settled && morning_day >= end - 6))
        return KP_TREND_WORSENING;
    if (end - first >= span - 1) {
        double start = window_mean(d, n, first, first + 6);
        if (!isnan(recent) && !isnan(start) && recent > 0 && recent >= start)
            return KP_TREND_PERSISTING;
    }
    if (!isnan(recent) && !isnan(before) && recent <= before - step)
        return KP_TREND_IMPROVING;
    return KP_TREND_STABLE;
}
