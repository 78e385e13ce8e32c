/*
 * gpx.c - GPX 1.1 (and 1.0) tracks: one <trk> = one activity (see gpx.h).
 *
 * Distance is the haversine sum over the points of each <trkseg>; time is
 * first to last point, the moving time the time inside segments; elevation
 * gain and loss go through the dead band of track.h.  Heart rate and
 * cadence come from a point's <extensions>, whatever the prefix: Garmin's
 * TrackPointExtension (hr, cad), Cluetrust's gpxdata (hr, cadence) and the
 * bare <heartrate>/<cadence> some watches write; the first value of a point
 * counts.  Routes and waypoints are plans, not records, and are ignored.
 */
#include "gpx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "import.h"
#include "track.h"
#include "xml.h"

typedef struct gpx_state {
    kp__activities *out;
    const char *name;
    int in_trk, in_pt;
    kp__activity act;
    kp__track track;
    kp__track_point pt;
    double offset;           /* local - UTC of the first time with a zone */
} gpx_state;

/* Strava's GPX writes its activity type as a number; 9 is Run. */
static int gpx_type_is_run(const char *type)
{
    return !strcmp(type, "9") || kp__activity_is_run(type);
}

static double number(const char *s)
{
    double v;
    return kp__parse_number(s, &v) ? NAN : v;
}

static kp_status finish_track(gpx_state *g)
{
    kp__track *t = &g->track;
    kp__activity *a = &g->act;
    kp__track_finish(t);
    if (!t->points)
        return KP_OK; /* an empty <trk/> records nothing */
    a->is_run = a->sport[0] ? gpx_type_is_run(a->sport) : 1;
    a->sport_assumed = !a->sport[0];
    a->start_utc = t->first_time;
    a->start_local = t->first_time + g->offset;
    a->distance_m = t->distance_m;
    a->elapsed_s = t->last_time - t->first_time;
    a->moving_s = isnan(t->first_time) ? NAN : t->segment_s;
    a->ascent_m = t->gain_m;
    a->descent_m = t->loss_m;
    a->avg_hr = kp__track_mean_hr(t);
    a->max_hr = t->hr_max;
    a->cadence_spm = kp__track_mean_cadence_spm(t);
    return kp__activities_push(g->out, a);
}

static kp_status on_node(void *user, const kp__xml_node *n, kp__xml_event ev)
{
    gpx_state *g = user;
    const char *el = n->path[n->depth];
    if (ev == KP_XML_START) {
        if (kp__xml_is(n, "trk", "gpx")) {
            g->in_trk = 1;
            kp__activity_clear(&g->act);
            kp__track_init(&g->track);
            g->offset = NAN;
        } else if (g->in_trk && kp__xml_is(n, "trkseg", "trk")) {
            kp__track_segment(&g->track);
        } else if (g->in_trk && kp__xml_is(n, "trkpt", "trkseg")) {
            char buf[64];
            g->in_pt = 1;
            kp__track_point_clear(&g->pt);
            if (kp__xml_attr(n, "lat", buf, sizeof buf))
                g->pt.lat = number(buf);
            if (kp__xml_attr(n, "lon", buf, sizeof buf))
                g->pt.lon = number(buf);
        }
        return KP_OK;
    }
    if (g->in_pt) {
        kp__track_point *p = &g->pt;
        if (kp__xml_is(n, "trkpt", "trkseg")) {
            g->in_pt = 0;
            kp__track_add(&g->track, p);
        } else if (kp__xml_is(n, "ele", "trkpt")) {
            p->ele = number(n->text);
        } else if (kp__xml_is(n, "time", "trkpt")) {
            double local;
            if (kp__xml_time(n->text, &p->time, &local))
                p->time = NAN;
            else if (isnan(g->offset) && !isnan(local))
                g->offset = local - p->time;
        } else if ((!strcmp(el, "hr") || !strcmp(el, "heartrate")) && isnan(p->hr)) {
            p->hr = number(n->text);
        } else if ((!strcmp(el, "cad") || !strcmp(el, "cadence")) && isnan(p->cadence)) {
            p->cadence = number(n->text);
        }
        return KP_OK;
    }
    if (g->in_trk && kp__xml_is(n, "type", "trk")) {
        snprintf(g->act.sport, sizeof g->act.sport, "%s", n->text);
    } else if (g->in_trk && kp__xml_is(n, "trk", "gpx")) {
        g->in_trk = 0;
        return finish_track(g);
    }
    return KP_OK;
}

kp_status kp__gpx_read(const unsigned char *data, size_t size, const char *name,
                       kp__activities *out)
{
    gpx_state g;
    memset(&g, 0, sizeof g);
    g.out = out;
    g.name = name;
    kp_status st = kp__xml_walk(data, size, name, "GPX", on_node, &g);
    if (!st && !out->n)
        st = kp__error(KP_EPARSE, "%s: a GPX file without a recorded track (no <trkpt>)", name);
    return st;
}
