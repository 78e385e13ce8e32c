/*
 * track.c - figures measured from a recorded track (see track.h).
 */
#include "track.h"

#include <math.h>

void kp__track_point_clear(kp__track_point *p)
{
    p->lat = p->lon = p->ele = p->time = p->hr = p->cadence = p->distance = NAN;
}

void kp__track_init(kp__track *t)
{
    *t = (kp__track){0};
    t->device_distance_m = t->gain_m = t->loss_m = NAN;
    t->first_time = t->last_time = t->hr_max = NAN;
}

static double radians(double deg) { return deg * (M_PI / 180.0); }

static double haversine_m(double lat1, double lon1, double lat2, double lon2)
{
    double dlat = radians(lat2 - lat1), dlon = radians(lon2 - lon1);
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * KP_TRACK_EARTH_RADIUS_M * asin(sqrt(a > 1 ? 1 : a));
}

static void close_segment(kp__track *t)
{
    if (t->have_seg_time)
        t->segment_s += t->seg_last - t->seg_first;
    t->have_seg_time = 0;
}

void kp__track_segment(kp__track *t)
{
    close_segment(t);
    t->have_pos = 0;
}

void kp__track_finish(kp__track *t) { close_segment(t); }

static void add_elevation(kp__track *t, double ele)
{
    if (!t->have_ele) {
        t->ele_ref = ele;
        t->gain_m = t->loss_m = 0;
        t->have_ele = 1;
    } else if (ele - t->ele_ref >= KP_TRACK_ELEVATION_BAND_M) {
        t->gain_m += ele - t->ele_ref;
        t->ele_ref = ele;
    } else if (t->ele_ref - ele >= KP_TRACK_ELEVATION_BAND_M) {
        t->loss_m += t->ele_ref - ele;
        t->ele_ref = ele;
    }
}

static void add_time(kp__track *t, double time)
{
    if (isnan(t->first_time) || time < t->first_time)
        t->first_time = time;
    if (isnan(t->last_time) || time > t->last_time)
        t->last_time = time;
    if (!t->have_seg_time) {
        t->seg_first = t->seg_last = time;
        t->have_seg_time = 1;
    } else {
        /* out-of-order stamps (seen in Sports Tracker files) widen the span */
        if (time < t->seg_first)
            t->seg_first = time;
        if (time > t->seg_last)
            t->seg_last = time;
    }
}

void kp__track_add(kp__track *t, const kp__track_point *p)
{
    t->points++;
    if (fabs(p->lat) <= 90 && fabs(p->lon) <= 180) {
        if (t->have_pos)
            t->distance_m += haversine_m(t->lat, t->lon, p->lat, p->lon);
        t->lat = p->lat, t->lon = p->lon, t->have_pos = 1;
    }
    if (isfinite(p->ele) && fabs(p->ele) < 20000)
        add_elevation(t, p->ele);
    if (isfinite(p->time))
        add_time(t, p->time);
    if (p->hr > 0 && p->hr < 300) {
        t->hr_sum += p->hr, t->hr_n++;
        if (isnan(t->hr_max) || p->hr > t->hr_max)
            t->hr_max = p->hr;
    }
    if (p->cadence > 0 && p->cadence < 400)
        t->cad_sum += p->cadence, t->cad_n++;
    if (p->distance >= 0 && p->distance < 1e7 &&
        (isnan(t->device_distance_m) || p->distance > t->device_distance_m))
        t->device_distance_m = p->distance;
}

double kp__track_mean_hr(const kp__track *t)
{
    return t->hr_n ? t->hr_sum / (double)t->hr_n : NAN;
}

double kp__track_mean_cadence_spm(const kp__track *t)
{
    if (!t->cad_n)
        return NAN;
    double mean = t->cad_sum / (double)t->cad_n;
    return mean > KP_TRACK_MAX_PER_LEG_CADENCE ? mean : 2 * mean;
}
