/*
 * watch.h - import of what watches and services record (internal): FIT,
 * GPX, TCX, and any of them compressed with gzip.  Detected from the content, never
 * from the file name.  import.c hands such a file over whole.
 */
#ifndef KP_IMPORT_WATCH_H
#define KP_IMPORT_WATCH_H

#include <stddef.h>
#include "../trainload.h"
#include "activity.h"

/** Largest file taken whole (raw, and inflated from gzip): bounds memory. */
#define KP_WATCH_MAX_BYTES ((size_t)64 << 20)

/** Bytes needed to tell the formats apart (XML may follow white space). */
#define KP_WATCH_SNIFF_BYTES 64

/** Format the first bytes belong to: KP_FORMAT_FIT, KP__FORMAT_GZIP,
 * KP__FORMAT_XML (GPX or TCX: the root element decides), or KP_FORMAT_AUTO
 * (0) for "not one of these" (then it is a CSV log). */
#define KP__FORMAT_GZIP (-1)
#define KP__FORMAT_XML (-2)
#define KP__FORMAT_ZIP (-3)   /* a Strava bulk export (export.h) */
int kp__watch_sniff(const unsigned char *p, size_t n);

/** Import a whole watch file into `log` (runs; other sports are skipped with
 * a warning naming the sport and how many).  A gzip file is inflated
 * (KP_WATCH_MAX_BYTES at most) and its content detected again; content that
 * is not a watch format goes to the CSV importer.  Errors: KP_EFORMAT (not
 * the format opts asks for), KP_EPARSE (damaged file, no activity: the
 * message says what the file is and where), KP_ENOMEM. */
kp_status kp__watch_import(kp__log *log, const unsigned char *data, size_t size,
                           const char *name, const kp_import_options *opts);

/** The activities of one watch file (FIT, GPX, TCX, or one of them in
 * gzip) into `out`, without adding them to the log (a FIT file cut short
 * adds its warning to `log`).  KP_EFORMAT when the content is none of
 * these; else as kp__watch_import. */
kp_status kp__watch_activities(kp__log *log, const unsigned char *data, size_t size,
                               const char *name, kp__activities *out);

#endif
