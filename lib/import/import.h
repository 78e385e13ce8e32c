/*
 * import.h - pieces shared by the CSV training-log importers (internal).
 *
 * import.c drives libcsv and matches the header against the formats below;
 * each <format>.c beside it describes its columns and turns one row (only the
 * needed columns, as NUL-terminated strings) into an activity.
 * fields.c parses the localized values those rows hold.
 */
#ifndef KP_IMPORT_H
#define KP_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include "../internal.h"
#include "../trainload.h"

/** One logical column: header aliases (normalized: tags stripped, trimmed,
 * ASCII lower case) tried in order, and which occurrence of the name. */
typedef struct kp__column {
    const char *label;          /**< name used in messages */
    const char *const *aliases; /**< NULL-terminated */
    int occurrence;             /**< 1 = first column with that name, 2 = second */
    int required;               /**< 1 = required, 2 = one of this group required */
} kp__column;

/** State a row handler sees. */
typedef struct kp__row_ctx {
    kp__log *log;
    const char *name;            /**< file name for messages */
    long line;                   /**< line the row starts on (1 = header) */
    const kp_import_options *opts;
    unsigned flags;              /**< format-specific header facts */
    size_t duplicates;           /**< rows that repeated an earlier activity */
    size_t warnings;             /**< row warnings issued (also beyond the cap) */
} kp__row_ctx;

/** Values of the needed columns of one row: v[k] for format column k,
 * NULL when the header has no such column. */
typedef kp_status (*kp__row_fn)(kp__row_ctx *ctx, const char *const *v);

typedef struct kp__format {
    const char *name;            /**< "Strava", "Garmin", "plain" */
    kp_import_format id;
    const kp__column *columns;
    size_t ncolumns;
    kp__row_fn row;
    /** Optional: inspect the matched header (all normalized names) and set
     * ctx->flags. */
    void (*header)(kp__row_ctx *ctx, char *const *names, size_t n);
} kp__format;

extern const kp__format kp__format_strava;
extern const kp__format kp__format_garmin;
extern const kp__format kp__format_plain;

/* Helpers for row handlers (import.c). */

/** Record a row warning "name:line: reason".  Past a cap the warnings are
 * only counted (a summary line is added at the end).  KP_ENOMEM. */
kp_status kp__import_warn(kp__row_ctx *ctx, const char *fmt, ...) KP_PRINTF(2, 3);
/** Add an activity; counts duplicates.  KP_ENOMEM. */
kp_status kp__import_add(kp__row_ctx *ctx, const kp__run *run);

/* Value parsing (fields.c).  All return 0 on success, -1 when the
 * text is not a value of that kind.  Missing values ("" or "--") are
 * reported by kp__field_missing, not parsed. */

/** Non-zero for "", white space only or Garmin's "--". */
int kp__field_missing(const char *s);
/** A decimal number: "12.5", "1,025" (thousands comma), "2,81" (decimal
 * comma), independent of the C locale.  Finite values only ("1e999" is not
 * a number). */
int kp__parse_number(const char *s, double *out);
/** A duration "SS", "MM:SS", "H:MM:SS", fractions allowed -> seconds
 * (at most 10^7 s; a longer clock is not a value). */
int kp__parse_clock(const char *s, double *seconds_out);
/** A date-time as exports write it (ISO, en-US/en-GB, es with U+202F,
 * de "09.12.2022, 15:24:49", fr "24 mai 2012 à 16:27:40", it, pt, Garmin
 * French "lun., 30 juin 2014 7:03").  *day_out gets the calendar day as
 * written and *sec_out the seconds since 1970 of the written local time
 * (-1 when there is no time of day). */
int kp__parse_datetime(const char *s, int32_t *day_out, int64_t *sec_out);
/** Run activity types in the languages the exports use. */
int kp__activity_is_run(const char *type);
/** Swim activity types (Strava's first distance is then metres). */
int kp__activity_is_swim(const char *type);
/** Normalize a header cell in place: strip HTML tags, trim, ASCII lower
 * case, U+2019 apostrophe -> "'". */
void kp__header_normalize(char *s);

#endif
