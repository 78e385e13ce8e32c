/*
 * version.c - run-time version.
 */
#include "internal.h"

void kp_version(int *major, int *minor, int *patch)
{
    if (major) *major = KP_VERSION_MAJOR;
    if (minor) *minor = KP_VERSION_MINOR;
    if (patch) *patch = KP_VERSION_PATCH;
}

const char *kp_version_string(void) { return KP_VERSION; }
