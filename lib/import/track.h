/*
 * track.h - figures measured from a recorded track (internal): distance by
 * haversine, elevation gain and loss with a dead band, time, heart rate and
 * cadence.  Shared by the GPX and TCX readers; constant memory per track.
 */
#ifndef KP_IMPORT_TRACK_H
#define KP_IMPORT_TRACK_H

#include <stddef.h>

/** Mean Earth radius (IUGG), metres, for the haversine distance. */
#define KP_TRACK_EARTH_RADIUS_M 6371008.8

/** Elevation dead band, metres: a climb or descent is counted only once
 * the elevation has moved this far from the last counted point, so that
 * GPS and barometer noise of a few metres does not add up (a convention;
 * doc/training-load.md). */
#define KP_TRACK_ELEVATION_BAND_M 5.0

/** Running cadence is recorded per leg (strides per minute) and reported in
 * steps per minute (x 2); a mean per-leg figure above this is taken to be
 * steps per minute already (some treadmills write it doubled). */
#define KP_TRACK_MAX_PER_LEG_CADENCE 120.0

/** One track point; NAN for what it does not record. */
typedef struct kp__track_point {
    double lat, lon;        /**< degrees */
    double ele;             /**< metres */
    double time;            /**< seconds since 1970 (UTC) */
    double hr;              /**< beats/min */
    double cadence;         /**< per leg (strides/min) */
    double distance;        /**< metres from the start, as the device measured it */
} kp__track_point;

void kp__track_point_clear(kp__track_point *p);

typedef struct kp__track {
    double distance_m;      /**< haversine sum inside segments */
    double device_distance_m; /**< largest point distance, NAN when none */
    double gain_m, loss_m;  /**< NAN without elevation */
    double first_time, last_time; /**< NAN without time */
    double segment_s;       /**< time inside segments (pauses between excluded) */
    double hr_sum, hr_max;  size_t hr_n;
    double cad_sum;         size_t cad_n;
    size_t points;
    /* running state */
    double lat, lon, ele_ref, seg_first, seg_last;
    int have_pos, have_ele, have_seg_time;
} kp__track;

void kp__track_init(kp__track *t);
/** A new segment starts: no distance or time is counted across the gap. */
void kp__track_segment(kp__track *t);
void kp__track_add(kp__track *t, const kp__track_point *p);
/** Close the open segment (call once, before reading the figures). */
void kp__track_finish(kp__track *t);

/** Mean heart rate of the points that have one (NAN when none). */
double kp__track_mean_hr(const kp__track *t);
/** Mean running cadence in steps/min (see KP_TRACK_MAX_PER_LEG_CADENCE),
 * NAN when no point has one. */
double kp__track_mean_cadence_spm(const kp__track *t);

#endif
