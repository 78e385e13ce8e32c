/*
 * garmin.c - Garmin Connect Activities.csv (English, Danish, German,
 * Polish, French headers).  Distances are in the account's unit (km, or
 * miles with opts->miles); "--" marks missing values; quoted values may use
 * a decimal comma; rows come in any order.  The export has no gear column,
 * so only runs are read.
 */
#include "import.h"

#include <math.h>

#define KM_PER_MILE 1.609344

enum { C_TYPE, C_DATE, C_DIST, C_TIME, C_ASCENT, NCOLS };

static const char *const a_type[] = {"activity type", "aktivitetstype", "aktivitätstyp",
    "typ aktywności", "type d'activité", "type", "tipo de actividad", "tipo di attività",
    "activiteittype", NULL};
static const char *const a_date[] = {"date", "dato", "datum", "data", "fecha", NULL};
static const char *const a_dist[] = {"distance", "distanz", "dystans", "distancia",
    "distanza", "afstand", NULL};
static const char *const a_time[] = {"time", "tid", "zeit", "czas", "temps", "durée",
    "tiempo", "tempo", "tijd", NULL};
static const char *const a_ascent[] = {"total ascent", "højdeforøgelse", "anstieg gesamt",
    "całkowity wznios", "ascenso total", "dénivelé positif", "gain_altitude",
    "totale stijging", NULL};

static const kp__column columns[NCOLS] = {
    [C_TYPE] = {"Activity Type", a_type, 1, 1},
    [C_DATE] = {"Date", a_date, 1, 1},
    [C_DIST] = {"Distance", a_dist, 1, 1},
    [C_TIME] = {"Time", a_time, 1, 0},
    [C_ASCENT] = {"Total Ascent", a_ascent, 1, 0},
};

static kp_status garmin_row(kp__row_ctx *ctx, const char *const *v)
{
    kp__run run = {0};
    if (!kp__activity_is_run(v[C_TYPE]))
        return KP_OK;
    if (kp__parse_datetime(v[C_DATE], &run.day, &run.start_sec))
        return kp__import_warn(ctx, "Date \"%s\" is not a date", v[C_DATE]);
    if (kp__field_missing(v[C_DIST]))
        return kp__import_warn(ctx, "Distance is missing");
    if (kp__parse_number(v[C_DIST], &run.distance_km) || run.distance_km < 0)
        return kp__import_warn(ctx, "Distance \"%s\" is not a number", v[C_DIST]);
    if (ctx->opts->miles)
        run.distance_km *= KM_PER_MILE;
    if (run.distance_km > 1000.0)
        return kp__import_warn(ctx, "Distance \"%s\" is out of range", v[C_DIST]);
    double sec;
    run.duration_min = NAN;
    if (v[C_TIME] && !kp__field_missing(v[C_TIME]) && !kp__parse_clock(v[C_TIME], &sec))
        run.duration_min = sec / 60.0;
    run.rpe = NAN;
    run.elevation_gain_m = NAN;
    double gain;
    if (v[C_ASCENT] && !kp__field_missing(v[C_ASCENT]) &&
        !kp__parse_number(v[C_ASCENT], &gain) && gain >= 0)
        run.elevation_gain_m = gain;
    run.gear = -1;
    run.is_run = 1;
    return kp__import_add(ctx, &run);
}

const kp__format kp__format_garmin = {
    "Garmin", KP_FORMAT_GARMIN, columns, NCOLS, garmin_row, NULL,
};
