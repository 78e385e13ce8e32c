/*
 * tcx.c - TCX activities: one <Activity> = one activity (see tcx.h).
 *
 * The laps' own totals win over the track: distance is the sum of the laps'
 * DistanceMeters, else the largest trackpoint DistanceMeters, else the
 * haversine sum over the positions; the moving time is the sum of the laps'
 * TotalTimeSeconds, else the time inside the tracks.  Elevation gain and
 * loss, mean heart rate and cadence come from the trackpoints (track.h);
 * without trackpoint heart rate the laps' AverageHeartRateBpm weighted by
 * lap time is used.  Running cadence is RunCadence (ActivityExtension, any
 * prefix) or the trackpoint's Cadence.
 */
#include "tcx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "import.h"
#include "track.h"
#include "xml.h"

typedef struct tcx_state {
    kp__activities *out;
    int in_act, in_pt;
    kp__activity act;
    kp__track track;
    kp__track_point pt;
    double id_time;                  /* <Id>: the activity's start */
    double lap_time, lap_dist, lap_hr_weighted, lap_hr_time, lap_max_hr;
    int have_lap_time, have_lap_dist;
    double this_lap_time, this_lap_hr;
} tcx_state;

static double number(const char *s)
{
    double v;
    return kp__parse_number(s, &v) ? NAN : v;
}

static void begin_activity(tcx_state *x, const kp__xml_node *n)
{
    char sport[64];
    x->in_act = 1;
    kp__activity_clear(&x->act);
    kp__track_init(&x->track);
    x->id_time = NAN;
    x->lap_time = x->lap_dist = x->lap_hr_weighted = x->lap_hr_time = 0;
    x->lap_max_hr = NAN;
    x->have_lap_time = x->have_lap_dist = 0;
    if (kp__xml_attr(n, "Sport", sport, sizeof sport))
        snprintf(x->act.sport, sizeof x->act.sport, "%s", sport);
}

static kp_status finish_activity(tcx_state *x)
{
    kp__track *t = &x->track;
    kp__activity *a = &x->act;
    kp__track_finish(t);
    a->is_run = a->sport[0] ? kp__activity_is_run(a->sport) : 1;
    a->sport_assumed = !a->sport[0];
    a->start_utc = !isnan(x->id_time) ? x->id_time : t->first_time;
    if (x->have_lap_dist && x->lap_dist > 0)
        a->distance_m = x->lap_dist;
    else if (!isnan(t->device_distance_m))
        a->distance_m = t->device_distance_m;
    else if (t->points || x->have_lap_dist)
        a->distance_m = t->distance_m;
    a->moving_s = x->have_lap_time ? x->lap_time
                                    : isnan(t->first_time) ? NAN : t->segment_s;
    a->elapsed_s = t->last_time - a->start_utc;
    if (!(a->elapsed_s >= 0))
        a->elapsed_s = a->moving_s;
    a->ascent_m = t->gain_m;
    a->descent_m = t->loss_m;
    a->avg_hr = t->hr_n ? kp__track_mean_hr(t)
                        : x->lap_hr_time > 0 ? x->lap_hr_weighted / x->lap_hr_time : NAN;
    a->max_hr = t->hr_max;
    if (!(a->max_hr >= x->lap_max_hr))
        a->max_hr = !isnan(x->lap_max_hr) ? x->lap_max_hr : a->max_hr;
    a->cadence_spm = kp__track_mean_cadence_spm(t);
    return kp__activities_push(x->out, a);
}

static void point_end(tcx_state *x, const kp__xml_node *n)
{
    kp__track_point *p = &x->pt;
    const char *el = n->path[n->depth];
    double local;
    if (kp__xml_is(n, "Time", "Trackpoint")) {
        if (kp__xml_time(n->text, &p->time, &local))
            p->time = NAN;
    } else if (kp__xml_is(n, "LatitudeDegrees", "Position")) {
        p->lat = number(n->text);
    } else if (kp__xml_is(n, "LongitudeDegrees", "Position")) {
        p->lon = number(n->text);
    } else if (kp__xml_is(n, "AltitudeMeters", "Trackpoint")) {
        p->ele = number(n->text);
    } else if (kp__xml_is(n, "DistanceMeters", "Trackpoint")) {
        p->distance = number(n->text);
    } else if (kp__xml_is(n, "Value", "HeartRateBpm")) {
        p->hr = number(n->text);
    } else if (!strcmp(el, "RunCadence") || kp__xml_is(n, "Cadence", "Trackpoint")) {
        if (isnan(p->cadence))
            p->cadence = number(n->text);
    }
}

static void lap_end(tcx_state *x, const kp__xml_node *n)
{
    double v = number(n->text);
    if (kp__xml_is(n, "TotalTimeSeconds", "Lap") && v >= 0) {
        x->lap_time += v;
        x->this_lap_time = v;
        x->have_lap_time = 1;
    } else if (kp__xml_is(n, "DistanceMeters", "Lap") && v >= 0) {
        x->lap_dist += v;
        x->have_lap_dist = 1;
    } else if (kp__xml_is(n, "Value", "AverageHeartRateBpm") && v > 0) {
        x->this_lap_hr = v;
    } else if (kp__xml_is(n, "Value", "MaximumHeartRateBpm") && v > 0) {
        if (isnan(x->lap_max_hr) || v > x->lap_max_hr)
            x->lap_max_hr = v;
    } else if (kp__xml_is(n, "Lap", NULL)) {
        if (x->this_lap_hr > 0 && x->this_lap_time > 0) {
            x->lap_hr_weighted += x->this_lap_hr * x->this_lap_time;
            x->lap_hr_time += x->this_lap_time;
        }
    }
}

static kp_status on_node(void *user, const kp__xml_node *n, kp__xml_event ev)
{
    tcx_state *x = user;
    if (ev == KP_XML_START) {
        if (kp__xml_is(n, "Activity", NULL) && n->depth >= 1 && !x->in_act) {
            begin_activity(x, n);
        } else if (x->in_act && kp__xml_is(n, "Lap", NULL)) {
            x->this_lap_time = x->this_lap_hr = 0;
        } else if (x->in_act && kp__xml_is(n, "Track", "Lap")) {
            kp__track_segment(&x->track);
        } else if (x->in_act && kp__xml_is(n, "Trackpoint", "Track")) {
            x->in_pt = 1;
            kp__track_point_clear(&x->pt);
        }
        return KP_OK;
    }
    if (!x->in_act)
        return KP_OK;
    if (x->in_pt) {
        if (kp__xml_is(n, "Trackpoint", "Track")) {
            x->in_pt = 0;
            kp__track_add(&x->track, &x->pt);
        } else {
            point_end(x, n);
        }
        return KP_OK;
    }
    if (kp__xml_is(n, "Id", "Activity")) {
        double local;
        if (kp__xml_time(n->text, &x->id_time, &local))
            x->id_time = NAN;
    } else if (kp__xml_is(n, "Activity", NULL)) {
        x->in_act = 0;
        return finish_activity(x);
    } else {
        lap_end(x, n);
    }
    return KP_OK;
}

kp_status kp__tcx_read(const unsigned char *data, size_t size, const char *name,
                       kp__activities *out)
{
    tcx_state x;
    memset(&x, 0, sizeof x);
    x.out = out;
    kp_status st = kp__xml_walk(data, size, name, "TCX", on_node, &x);
    if (!st && !out->n)
        st = kp__error(KP_EPARSE, "%s: a TCX file without an activity (no <Activity>)", name);
    return st;
}
