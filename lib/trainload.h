/*
 * trainload.h - training log container and load metrics (doc/training-load.md).
 * Internal to the library (kp__ prefix, not exported).
 */
#ifndef KP_TRAINLOAD_H
#define KP_TRAINLOAD_H

#include <stddef.h>
#include <stdint.h>
#include "kneepain.h"

/** One activity.  Days are counted from 1970-01-01 (see date.h). */
typedef struct kp__run {
    int32_t day;             /**< calendar day as written in the export */
    int64_t start_sec;       /**< start time in seconds (for duplicate detection), -1 unknown */
    double distance_km;      /**< >= 0 */
    double duration_min;     /**< NaN unknown */
    double rpe;              /**< 0..10, NaN unknown */
    double elevation_gain_m; /**< NaN unknown */
    int32_t gear;            /**< index into kp__log.gears, -1 none */
    int is_run;              /**< 1 = run (counts for load); 0 = other activity (shoe wear only) */
} kp__run;

/** A runner's log: activities, gear (shoes) and import warnings. */
typedef struct kp__log {
    kp__run *runs;
    size_t nruns, runs_cap;
    char **gears;            /**< trimmed gear names, owned */
    double *gear_start_km;   /**< start km per gear (0 when not declared) */
    size_t ngears, gears_cap;
    char **warnings;         /**< "name:line: reason", owned */
    size_t nwarnings, warnings_cap;
    /* Duplicate detection: open-addressing set of run indexes + 1 keyed by
     * start_sec (0 = empty slot); only runs with start_sec >= 0 are in it. */
    uint32_t *dup_slots;
    size_t dup_cap;          /**< power of two, or 0 */
    size_t dup_used;
    /* Gear lookup: open-addressing set of gear indexes + 1 keyed by name,
     * covering gears[0..gear_indexed).  Rebuilt lazily when ngears moved
     * below it (a rollback) and extended when gears were appended (a copy). */
    uint32_t *gear_slots;
    size_t gear_slots_cap;   /**< power of two, or 0 */
    size_t gear_indexed;
} kp__log;

#ifdef KP_COUNT_PROBES
/** Probes of the gear and duplicate sets so far (test builds only). */
extern size_t kp__log_probes;
#endif

void kp__log_init(kp__log *log);
void kp__log_free(kp__log *log);
/** Remove all runs, gears and warnings (keeps allocations). */
void kp__log_clear(kp__log *log);
/** Deep copy (for all-or-nothing updates).  KP_ENOMEM. */
kp_status kp__log_copy(kp__log *dst, const kp__log *src);
/** Index of gear `name` (trimmed), adding it when absent.  NULL/empty name -> -1
 * via *index_out.  KP_ENOMEM. */
kp_status kp__log_gear(kp__log *log, const char *name, int32_t *index_out);
/** Append an activity (validated by the caller).  Duplicate activities (same
 * start_sec >= 0 and same distance) are ignored and reported as 1.  KP_ENOMEM. */
int kp__log_add(kp__log *log, const kp__run *run);
/** Append a warning (printf-style).  KP_ENOMEM. */
kp_status kp__log_warn(kp__log *log, const char *fmt, ...);

/** Figures of doc/training-load.md.  NaN means "undefined" (JSON null). */
typedef struct kp__load_metrics {
    int32_t as_of;                 /**< day the figures are for; INT32_MIN when no runs */
    size_t runs;                   /**< run count in the log */
    int32_t history_days;          /**< as_of - first logged day + 1 */
    double weekly_km;              /**< distance of the 7 days ending at as_of */
    double weekly_km_change_pct;   /**< vs the 7 days before; NaN if those are 0 or history < 14 */
    double acwr_ewma;              /**< Williams EWMA ratio; NaN if history < 28 */
    double acwr_rolling;           /**< coupled 7/28; NaN if history < 28 or chronic 0 */
    double acwr_rolling_uncoupled; /**< 7 / (days 8..28 / 3); NaN likewise */
    double run_spike_pct;          /**< Frandsen spike; NaN when no earlier run in 30 days */
    double consecutive_run_days;   /**< days in a row with a run ending at as_of */
    double runs_last_14d;          /**< days with a run among the last 14 */
    double rest_days_last_14d;
    double monotony;               /**< Foster: mean / sd of daily sRPE over 7 days; NaN without RPE */
    double strain;                 /**< Foster: weekly sRPE x monotony; NaN without RPE */
    double days_since_previous_run;/**< gap before the latest run day; NaN when only one run day */
    double longest_gap_days_28d;   /**< longest run of days without a run inside the last 28 days */
} kp__load_metrics;

/** Compute the metrics for `as_of` (INT32_MIN = last run's day) with the
 * given load unit.  shoe_km_out (may be NULL) receives log->ngears values
 * (start km + distance of every activity with that gear up to as_of).
 * Never fails for a valid log; KP_ENOMEM if scratch memory cannot be had. */
kp_status kp__load_compute(const kp__log *log, int32_t as_of,
                           kp_load_unit unit, kp__load_metrics *out,
                           double *shoe_km_out);

/** Import a CSV training log into `log` (all-or-nothing for hard errors;
 * row problems become warnings).  `name` is used in messages. */
kp_status kp__import_buffer(kp__log *log, const char *data, size_t size,
                            const char *name, const kp_import_options *opts);

/** Streaming import, for files too large to hold in memory: begin, feed
 * chunks of any size (split anywhere), then end.  Memory stays proportional
 * to the needed columns of one row, not to the file.  On any error the
 * importer must still be released with kp__import_end (which then returns
 * the first error).  Errors as kp__import_buffer; `log` gets the rows read
 * so far, so import into a scratch copy for all-or-nothing behaviour. */
typedef struct kp__importer kp__importer;
kp_status kp__import_begin(kp__importer **out, kp__log *log, const char *name,
                           const kp_import_options *opts);
kp_status kp__import_feed(kp__importer *imp, const char *data, size_t size);
kp_status kp__import_end(kp__importer *imp);
/** Release an importer without finishing it (after the caller's own error;
 * the last error is left alone). */
void kp__import_discard(kp__importer *imp);

/** Runs (is_run) per gear up to as_of (INT32_MIN: all): counts_out
 * receives log->ngears values. */
void kp__gear_run_counts(const kp__log *log, int32_t as_of, size_t *counts_out);

/** Number of activities in the log that are runs (is_run != 0). */
size_t kp__log_run_count(const kp__log *log);

#endif
