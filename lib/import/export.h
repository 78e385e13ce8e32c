/*
 * export.h - a Strava bulk export, as its ZIP archive or the unpacked
 * folder (internal).
 *
 * activities.csv gives the list of activities (with the gear and the type in
 * the account's language); each activity file it names in its Filename
 * column (activities/123.fit.gz, .gpx, .tcx.gz) adds what the watch measured;
 * activity files without a row are imported as well.  Other files of the
 * export (media, profile, routes...) are ignored.
 */
#ifndef KP_IMPORT_EXPORT_H
#define KP_IMPORT_EXPORT_H

#include <stddef.h>
#include "../trainload.h"

/** Non-zero when the bytes start a ZIP archive. */
int kp__export_is_zip(const unsigned char *p, size_t n);

/** Import a Strava export ZIP held in memory / the folder at `path`.
 * Errors: KP_EFORMAT ("a ZIP archive without activities.csv"), KP_EIO ("a
 * folder without activities.csv", as for any directory that is no log), KP_EPARSE (a damaged archive, naming the
 * entry), KP_EIO (folder), KP_ERANGE (an entry larger than the watch-file
 * limit), KP_ENOMEM.  An activity file that cannot be read is a warning
 * naming it, not an error.  `log` gets what was read before an error:
 * import into a scratch copy. */
kp_status kp__export_zip(kp__log *log, const unsigned char *data, size_t size,
                         const char *name, const kp_import_options *opts);
kp_status kp__export_dir(kp__log *log, const char *path, const kp_import_options *opts);

#endif
