/*
 * activity.c - watch activities into the training log (see activity.h).
 */
#include "activity.h"

#include <math.h>
#include <string.h>
#include "import.h"

void kp__activity_clear(kp__activity *a)
{
    memset(a, 0, sizeof *a);
    a->start_utc = a->start_local = a->distance_m = a->elapsed_s = a->moving_s = NAN;
    a->ascent_m = a->descent_m = a->cadence_spm = a->avg_hr = a->max_hr = NAN;
}

kp_status kp__activities_push(kp__activities *list, const kp__activity *a)
{
    if (kp__grow((void **)&list->v, &list->cap, list->n + 1, sizeof *list->v))
        return kp__oom();
    list->v[list->n++] = *a;
    return KP_OK;
}

void kp__activities_free(kp__activities *list)
{
    kp__free(list->v);
    list->v = NULL;
    list->n = list->cap = 0;
}

/* Skipped sports: the first activity of each sport, and how many. */
typedef struct skipped {
    const char *sport;
    size_t count;
} skipped;

static kp_status count_skipped(skipped **v, size_t *n, size_t *cap, const char *sport)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i].sport, sport)) {
            (*v)[i].count++;
            return KP_OK;
        }
    if (kp__grow((void **)v, cap, *n + 1, sizeof **v))
        return kp__oom();
    (*v)[(*n)++] = (skipped){sport, 1};
    return KP_OK;
}

static const char *activities_word(size_t n) { return n == 1 ? "activity" : "activities"; }

kp_status kp__activities_import(kp__log *log, const kp__activities *list, const char *name,
                                const kp_import_options *opts)
{
    kp__row_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.log = log;
    ctx.name = name;
    ctx.opts = opts;
    skipped *other = NULL;
    size_t nother = 0, other_cap = 0, assumed = 0;
    kp_status rc = KP_OK;
    for (size_t i = 0; !rc && i < list->n; i++) {
        const kp__activity *a = &list->v[i];
        ctx.line = (long)i + 1;
        if (!a->is_run) {
            rc = count_skipped(&other, &nother, &other_cap, a->sport);
            continue;
        }
        double start = !isnan(a->start_local) ? a->start_local : a->start_utc;
        if (!(fabs(start) < 1e11) || !(a->distance_m >= 0 && a->distance_m <= 1e6)) {
            rc = kp__import_warn(&ctx, "activity %zu has no %s", i + 1,
                                 !(fabs(start) < 1e11) ? "start time" : "usable distance");
            continue;
        }
        assumed += a->sport_assumed;
        kp__run run;
        memset(&run, 0, sizeof run);
        run.start_sec = (int64_t)floor(start);
        run.day = (int32_t)floor(start / 86400);
        run.distance_km = a->distance_m / 1000.0;
        double sec = !isnan(a->moving_s) ? a->moving_s : a->elapsed_s;
        run.duration_min = isnan(sec) ? NAN : sec / 60.0;
        run.rpe = NAN;
        run.elevation_gain_m = a->ascent_m;
        run.gear = -1;
        run.is_run = 1;
        rc = kp__import_add(&ctx, &run);
    }
    for (size_t i = 0; !rc && i < nother; i++)
        rc = other[i].sport[0]
                 ? kp__log_warn(log, "%s: %zu %s %s skipped (only runs are imported)", name,
                                other[i].count, other[i].sport, activities_word(other[i].count))
                 : kp__log_warn(log, "%s: %zu %s without a sport skipped", name,
                                other[i].count, activities_word(other[i].count));
    if (!rc && assumed)
        rc = kp__log_warn(log, "%s: %zu %s without a sport counted as %s", name, assumed,
                          activities_word(assumed), assumed == 1 ? "a run" : "runs");
    if (!rc && ctx.duplicates)
        rc = kp__log_warn(log, "%s: %zu duplicate activities (same start time and distance) "
                          "counted once", name, ctx.duplicates);
    kp__free(other);
    return rc;
}
