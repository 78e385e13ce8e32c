/*
 * activity.h - whole activities read from watch files (FIT sessions, GPX
 * tracks, TCX activities) and the one rule that puts them into the
 * training log (internal).
 */
#ifndef KP_IMPORT_ACTIVITY_H
#define KP_IMPORT_ACTIVITY_H

#include <stddef.h>
#include "../trainload.h"

/** One activity; NAN for what the file does not record. */
typedef struct kp__activity {
    char sport[64];          /**< the file's name for the sport ("" = none) */
    int is_run;              /**< 1: a run (counts for load) */
    int sport_assumed;       /**< 1: the file names no sport; taken as a run */
    double start_utc;        /**< seconds since 1970 */
    double start_local;      /**< written local time (seconds since 1970), NAN unknown */
    double distance_m;
    double elapsed_s;        /**< first to last recorded moment */
    double moving_s;         /**< timer time: pauses excluded */
    double ascent_m, descent_m;
    double cadence_spm;      /**< steps per minute */
    double avg_hr, max_hr;   /**< beats per minute */
} kp__activity;

/** Start an activity with every figure unknown. */
void kp__activity_clear(kp__activity *a);

/** A growing list: memory is one entry per activity, not per point. */
typedef struct kp__activities {
    kp__activity *v;
    size_t n, cap;
} kp__activities;

kp_status kp__activities_push(kp__activities *list, const kp__activity *a);
void kp__activities_free(kp__activities *list);

/** Add the runs of `list` to the log.  Other sports are skipped with one
 * warning per sport naming it and the count; activities without start time
 * or distance are skipped with a warning; activities taken as runs because
 * the file names no sport are counted in a warning; duplicates are counted
 * once.  `name` is the file name for messages.  KP_ENOMEM. */
kp_status kp__activities_import(kp__log *log, const kp__activities *list, const char *name,
                                const kp_import_options *opts);

#endif
