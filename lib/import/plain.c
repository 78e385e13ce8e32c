/*
 * plain.c - plain CSV "date,distance_km[,duration_min,rpe,gear]"
 * (also with a header naming the columns in any order, distance in metres
 * "distance_m"/"dist_m" and duration in seconds "duration_s"/"mov_s").
 * Every row is a run.
 */
#include "import.h"

#include <math.h>

/* The first five are also the positional columns of a file without header. */
enum { C_DATE, C_KM, C_MIN, C_RPE, C_GEAR, C_M, C_SEC, C_ELEV, NCOLS };

static const char *const a_date[] = {"date", "day", NULL};
static const char *const a_km[] = {"distance_km", "distance", "km", "distance (km)", NULL};
static const char *const a_min[] = {"duration_min", "duration", "minutes", "duration (min)", NULL};
static const char *const a_rpe[] = {"rpe", NULL};
static const char *const a_gear[] = {"gear", "shoe", "shoes", NULL};
static const char *const a_m[] = {"distance_m", "dist_m", "distance (m)", NULL};
static const char *const a_sec[] = {"duration_s", "mov_s", "moving_time_s", NULL};
static const char *const a_elev[] = {"elevation_gain_m", "elevation_gain", NULL};

static const kp__column columns[NCOLS] = {
    [C_DATE] = {"date", a_date, 1, 1},
    [C_KM] = {"distance_km", a_km, 1, 2},
    [C_MIN] = {"duration_min", a_min, 1, 0},
    [C_RPE] = {"rpe", a_rpe, 1, 0},
    [C_GEAR] = {"gear", a_gear, 1, 0},
    [C_M] = {"distance_m", a_m, 1, 2},
    [C_SEC] = {"duration_s", a_sec, 1, 0},
    [C_ELEV] = {"elevation_gain_m", a_elev, 1, 0},
};

/* 1 and *out set when the cell has a number >= 0; 0 when empty; -1 bad. */
static int cell(const char *s, double *out)
{
    if (!s || kp__field_missing(s))
        return 0;
    if (kp__parse_number(s, out) || *out < 0 || !isfinite(*out))
        return -1;
    return 1;
}

static kp_status plain_row(kp__row_ctx *ctx, const char *const *v)
{
    kp__run run = {0};
    double x;
    int r;
    if (kp__parse_datetime(v[C_DATE], &run.day, &run.start_sec))
        return kp__import_warn(ctx, "date \"%s\" is not a date (YYYY-MM-DD)", v[C_DATE]);
    if ((r = cell(v[C_KM], &x)) == 1) {
        run.distance_km = x;
    } else if (r == 0 && (r = cell(v[C_M], &x)) == 1) {
        run.distance_km = x / 1000.0;
    } else {
        return kp__import_warn(ctx, "distance is %s", r == 0 ? "missing" : "not a number >= 0");
    }
    if (run.distance_km > 1000.0)
        return kp__import_warn(ctx, "distance_km %.1f is out of range (0..1000)", run.distance_km);
    run.duration_min = run.rpe = run.elevation_gain_m = NAN;
    if ((r = cell(v[C_MIN], &x)) == 1)
        run.duration_min = x;
    else if (r == 0 && (r = cell(v[C_SEC], &x)) == 1)
        run.duration_min = x / 60.0;
    if (r < 0)
        return kp__import_warn(ctx, "duration is not a number >= 0");
    if ((r = cell(v[C_RPE], &x)) < 0 || (r == 1 && x > 10))
        return kp__import_warn(ctx, "rpe \"%s\" is not a number in 0..10", v[C_RPE]);
    if (r == 1)
        run.rpe = x;
    if ((r = cell(v[C_ELEV], &x)) < 0)
        return kp__import_warn(ctx, "elevation_gain_m \"%s\" is not a number >= 0", v[C_ELEV]);
    if (r == 1)
        run.elevation_gain_m = x;
    kp_status st = kp__log_gear(ctx->log, v[C_GEAR], &run.gear);
    if (st)
        return st;
    run.is_run = 1;
    return kp__import_add(ctx, &run);
}

const kp__format kp__format_plain = {
    "plain", KP_FORMAT_PLAIN, columns, NCOLS, plain_row, NULL,
};
