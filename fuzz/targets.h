/*
 * targets.h - the fuzz targets of libkneepain.  Each takes one input and
 * returns 0; an invariant violation (state changed after an error, a
 * round trip that does not load back) calls abort() so that libFuzzer and
 * the replay test both report it.
 */
#ifndef KP_FUZZ_TARGETS_H
#define KP_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

int kp_fuzz_model(const uint8_t *data, size_t size);
int kp_fuzz_assess(const uint8_t *data, size_t size);
int kp_fuzz_session_load(const uint8_t *data, size_t size);
int kp_fuzz_import_strava(const uint8_t *data, size_t size);
int kp_fuzz_import_garmin(const uint8_t *data, size_t size);
int kp_fuzz_import_plain(const uint8_t *data, size_t size);
int kp_fuzz_import_auto(const uint8_t *data, size_t size);
/* targets_watch.c */
int kp_fuzz_import_fit(const uint8_t *data, size_t size);

typedef struct kp_fuzz_target {
    const char *name;
    int (*fn)(const uint8_t *, size_t);
} kp_fuzz_target;

/* NULL-terminated list, in the order `make fuzz-run` runs them. */
extern const kp_fuzz_target kp_fuzz_targets[];

#endif
