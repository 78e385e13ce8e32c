/*
 * tcx.h - Garmin Training Center (TCX) activity files (internal).
 */
#ifndef KP_IMPORT_TCX_H
#define KP_IMPORT_TCX_H

#include <stddef.h>
#include "activity.h"

/** Read every <Activity> of a TCX document into `out` (appended).
 * KP_EPARSE: not well-formed XML (the message names the line), a DTD, or
 * no activity.  KP_ENOMEM.  On error `out` may hold activities read before
 * it; the caller frees them. */
kp_status kp__tcx_read(const unsigned char *data, size_t size, const char *name,
                       kp__activities *out);

#endif
