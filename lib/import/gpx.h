/*
 * gpx.h - GPX activity files (internal).
 */
#ifndef KP_IMPORT_GPX_H
#define KP_IMPORT_GPX_H

#include <stddef.h>
#include "activity.h"

/** Read every recorded track of a GPX document into `out` (appended).
 * KP_EPARSE: not well-formed XML (the message names the line), a DTD, or
 * no track with points.  KP_ENOMEM.  On error `out` may hold activities
 * read before it; the caller frees them. */
kp_status kp__gpx_read(const unsigned char *data, size_t size, const char *name,
                       kp__activities *out);

#endif
