/*
 * strava.c - Strava bulk export activities.csv, every header
 * generation (2018 snake_case in metres; 79/92/94/99/103 columns; HTML-
 * garbled names) and the translated headers (es, de, fr, it, pt).
 *
 * Distance: the second "Distance" column (metres, full precision) when the
 * row has it, else the first (km, rounded; metres for swims, with thousands
 * commas; metres in the 2018 format).  Duration: Moving Time, else the first
 * Elapsed Time (seconds).
 */
#include "import.h"

#include <math.h>
#include <string.h>

enum { C_ID, C_DATE, C_TYPE, C_DIST2, C_DIST1, C_MOVING, C_ELAPSED, C_GEAR, C_RPE, C_ELEV, NCOLS };

/* Set when the header is the pre-July-2019 snake_case one (distance in m). */
#define STRAVA_OLD_FORMAT 0x1u

static const char *const a_id[] = {"activity id", "id", "id. de actividad", "aktivitäts-id",
    "id de l'activité", "id attività", "id dell'attività", "id da atividade",
    "id. da atividade", NULL};
static const char *const a_date[] = {"activity date", "date", "fecha de la actividad",
    "aktivitätsdatum", "date de l'activité", "data dell'attività", "data attività",
    "data da atividade", NULL};
static const char *const a_type[] = {"activity type", "type", "tipo de actividad",
    "aktivitätsart", "type d'activité", "tipo di attività", "tipo attività",
    "tipo de atividade", NULL};
static const char *const a_dist[] = {"distance", "distancia", "distanz", "distanza",
    "distância", NULL};
static const char *const a_moving[] = {"moving time", "moving_time", "tiempo en movimiento",
    "bewegungszeit", "temps de déplacement", "tempo in movimento", "tempo em movimento", NULL};
static const char *const a_elapsed[] = {"elapsed time", "elapsed_time", "tiempo transcurrido",
    "verstrichene zeit", "temps écoulé", "tempo trascorso", "tempo decorrido", NULL};
static const char *const a_gear[] = {"activity gear", "gear", "equipamiento de la actividad",
    "aktivitätsausrüstung", "équipement de l'activité", "attrezzatura dell'attività",
    "attrezzatura attività", "equipamento da atividade", NULL};
static const char *const a_rpe[] = {"perceived exertion", "esfuerzo percibido",
    "empfundene anstrengung", "effort perçu", "sforzo percepito", "esforço percebido", NULL};
static const char *const a_elev[] = {"elevation gain", "desnivel positivo", "höhenzunahme",
    "dénivelé positif", "dislivello positivo", "ganho de elevação", NULL};

static const kp__column columns[NCOLS] = {
    [C_ID] = {"Activity ID", a_id, 1, 1},
    [C_DATE] = {"Activity Date", a_date, 1, 1},
    [C_TYPE] = {"Activity Type", a_type, 1, 1},
    [C_DIST2] = {"Distance (second, metres)", a_dist, 2, 0},
    [C_DIST1] = {"Distance", a_dist, 1, 1},
    [C_MOVING] = {"Moving Time", a_moving, 1, 0},
    [C_ELAPSED] = {"Elapsed Time", a_elapsed, 1, 0},
    [C_GEAR] = {"Activity Gear", a_gear, 1, 0},
    [C_RPE] = {"Perceived Exertion", a_rpe, 1, 0},
    [C_ELEV] = {"Elevation Gain", a_elev, 1, 0},
};

static void strava_header(kp__row_ctx *ctx, char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], "elapsed_time"))
            ctx->flags |= STRAVA_OLD_FORMAT;
}

static int optional_number(const char *s, double *out)
{
    if (!s || kp__field_missing(s))
        return 0;
    return kp__parse_number(s, out) == 0 && *out >= 0 && isfinite(*out);
}

/* 0 with *km set, 1 when the row was reported unreadable, or an error. */
static kp_status distance_km(kp__row_ctx *ctx, const char *const *v, int is_swim,
                             double *km)
{
    double x;
    kp_status st;
    if (v[C_DIST2] && !kp__field_missing(v[C_DIST2])) {
        if (kp__parse_number(v[C_DIST2], &x) || x < 0)
            goto bad2;
        *km = x / 1000.0;
        return 0;
    }
    if (kp__field_missing(v[C_DIST1])) {
        st = kp__import_warn(ctx, "Distance is empty");
        return st ? st : 1;
    }
    if (kp__parse_number(v[C_DIST1], &x) || x < 0) {
        st = kp__import_warn(ctx, "Distance \"%s\" is not a number", v[C_DIST1]);
        return st ? st : 1;
    }
    *km = (is_swim || (ctx->flags & STRAVA_OLD_FORMAT)) ? x / 1000.0 : x;
    return 0;
bad2:
    st = kp__import_warn(ctx, "Distance (metres) \"%s\" is not a number", v[C_DIST2]);
    return st ? st : 1;
}

static kp_status strava_row(kp__row_ctx *ctx, const char *const *v)
{
    kp__run run = {0};
    int is_run = kp__activity_is_run(v[C_TYPE]);
    const char *gear = v[C_GEAR] ? v[C_GEAR] : "";
    /* other sports matter only for the wear of the shoes they were done in */
    if (!is_run && kp__field_missing(gear))
        return KP_OK;
    if (kp__parse_datetime(v[C_DATE], &run.day, &run.start_sec))
        return kp__import_warn(ctx, "Activity Date \"%s\" is not a date", v[C_DATE]);
    kp_status st = distance_km(ctx, v, kp__activity_is_swim(v[C_TYPE]), &run.distance_km);
    if (st)
        return st < 0 ? st : KP_OK;
    if (run.distance_km > 1000.0)
        return kp__import_warn(ctx, "Distance %.1f km is out of range (0..1000)", run.distance_km);
    double sec;
    run.duration_min = NAN;
    if (optional_number(v[C_MOVING], &sec) || optional_number(v[C_ELAPSED], &sec))
        run.duration_min = sec / 60.0;
    run.rpe = NAN;
    double rpe;
    if (optional_number(v[C_RPE], &rpe) && rpe <= 10)
        run.rpe = rpe;
    run.elevation_gain_m = NAN;
    double elev;
    if (optional_number(v[C_ELEV], &elev))
        run.elevation_gain_m = elev;
    if ((st = kp__log_gear(ctx->log, gear, &run.gear)))
        return st;
    run.is_run = is_run;
    return kp__import_add(ctx, &run);
}

const kp__format kp__format_strava = {
    "Strava", KP_FORMAT_STRAVA, columns, NCOLS, strava_row, strava_header,
};
