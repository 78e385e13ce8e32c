/*
 * fit.h - decoder for FIT activity files (internal).
 *
 * FIT is the binary format Garmin, COROS, Suunto, Wahoo, Polar and others
 * write.  Debian packages no maintained C FIT decoder, so this one is
 * written against the public FIT protocol description: a 12- or 14-byte
 * file header ending in ".FIT", then records (definition messages that
 * describe the layout of a local message type, and data messages in that
 * layout), then a CRC-16 of everything before it.  Only the summary
 * messages are decoded (file_id, session, activity); records, laps and
 * developer fields are skipped by size, so memory does not grow with the
 * file's length.
 */
#ifndef KP_IMPORT_FIT_H
#define KP_IMPORT_FIT_H

#include <stddef.h>
#include <stdint.h>
#include "kneepain.h"

/** FIT sport code for running (profile enum "sport"). */
#define KP_FIT_SPORT_RUNNING 1

/** One activity = one session message.  NaN / -1 mean "not recorded". */
typedef struct kp__fit_session {
    int sport;                /**< FIT sport enum, -1 unknown */
    int sub_sport;            /**< FIT sub_sport enum, -1 unknown */
    int64_t start_utc;        /**< seconds since 1970 (UTC), -1 unknown */
    int64_t start_local;      /**< start in local time (seconds since 1970 of the
                                   wall-clock time), -1 when the file has no
                                   local_timestamp */
    double distance_m;
    double elapsed_s;         /**< total_elapsed_time */
    double timer_s;           /**< total_timer_time (excludes pauses) */
    double ascent_m, descent_m;
    double avg_cadence;       /**< steps/min for running and walking (both legs,
                                   fractional cadence included), rpm otherwise */
    double avg_hr, max_hr;    /**< beats/min */
} kp__fit_session;

/** What a decode produced.  Free with kp__fit_result_free(). */
typedef struct kp__fit_result {
    kp__fit_session *sessions;
    size_t nsessions, cap;
    int manufacturer;         /**< file_id manufacturer, -1 unknown */
    int product;              /**< file_id product, -1 unknown */
    int truncated;            /**< 1: the file ended early; `warning` says where */
    char warning[160];        /**< empty unless truncated */
} kp__fit_result;

/** Non-zero when `p` (n bytes) starts with a FIT file header. */
int kp__fit_sniff(const unsigned char *p, size_t n);

/** Decode a FIT file (several chained FIT files are accepted).  A bad
 * header or file CRC, an undefined local message or a malformed definition
 * is an error naming the byte offset (KP_EPARSE; KP_EFORMAT when there is
 * no FIT header); nothing is then kept.  A file that stops early keeps the
 * sessions read and sets res->truncated.  `name` is used in messages.
 * KP_ENOMEM.  Thread-safe (no shared state). */
kp_status kp__fit_decode(const unsigned char *p, size_t n, const char *name,
                         kp__fit_result *res);

void kp__fit_result_free(kp__fit_result *res);

/** English name of a FIT sport code ("cycling"), or NULL when unknown. */
const char *kp__fit_sport_name(int sport);

#endif
