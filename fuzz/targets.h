/*
 * targets.h - the fuzz targets of libkneepain.  Each takes one input and
 * returns 0; an invariant violation (state changed after an error, a
 * round trip that does not load back) calls abort() so that libFuzzer and
 * the replay test both report it.
 */
#ifndef KP_FUZZ_TARGETS_H
#define KP_FUZZ_TARGETS_H

#include <kneepain.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* targets.c: shared by every target */
/** The default model (the process keeps it alive). */
kp_model *kp_fuzz_default_model(void);
/** Assess, read the report, write both documents and load the session
 * document back (it must load); returns kp_session_assess()'s status. */
int kp_fuzz_exercise_session(kp_session *s);

/* Input bytes read one at a time: 0 once they run out. */
typedef struct kp_fuzz_bytes {
    const uint8_t *data;
    size_t size, pos;
} kp_fuzz_bytes;

static inline unsigned kp_fuzz_take(kp_fuzz_bytes *b)
{
    return b->pos < b->size ? b->data[b->pos++] : 0;
}

int kp_fuzz_model(const uint8_t *data, size_t size);
int kp_fuzz_assess(const uint8_t *data, size_t size);
int kp_fuzz_session_load(const uint8_t *data, size_t size);
int kp_fuzz_import_strava(const uint8_t *data, size_t size);
int kp_fuzz_import_garmin(const uint8_t *data, size_t size);
int kp_fuzz_import_plain(const uint8_t *data, size_t size);
int kp_fuzz_import_auto(const uint8_t *data, size_t size);
/* targets_watch.c */
int kp_fuzz_import_fit(const uint8_t *data, size_t size);
int kp_fuzz_import_gpx(const uint8_t *data, size_t size);
int kp_fuzz_import_tcx(const uint8_t *data, size_t size);
/* targets_api.c: restore, vignettes, batch scoring, file import and a
 * sequence of interview calls driven by the input bytes */
int kp_fuzz_restore(const uint8_t *data, size_t size);
int kp_fuzz_vignettes(const uint8_t *data, size_t size);
int kp_fuzz_score(const uint8_t *data, size_t size);
int kp_fuzz_import_file(const uint8_t *data, size_t size);
int kp_fuzz_interview(const uint8_t *data, size_t size);

typedef struct kp_fuzz_target {
    const char *name;
    int (*fn)(const uint8_t *, size_t);
} kp_fuzz_target;

/* NULL-terminated list, in the order `make fuzz-run` runs them. */
extern const kp_fuzz_target kp_fuzz_targets[];

#endif
