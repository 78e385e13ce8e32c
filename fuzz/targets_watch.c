/*
 * targets_watch.c - fuzz targets for watch files (FIT, GPX, TCX, gzip)
 * through the public API: an input either imports, or fails leaving the
 * session as it was with a message naming the file.
 */
#include "targets.h"

#include <string.h>

static int fuzz_watch(const uint8_t *data, size_t size, kp_import_format format,
                      const char *name)
{
    kp_model *m = NULL;
    CHECK(kp_model_default(&m) == KP_OK);
    kp_session *s = NULL;
    CHECK(kp_session_new(&s, m) == KP_OK);
    CHECK(kp_session_add_run(s, "2020-01-01", 5, 30, 4, "before", 0) == KP_OK);
    kp_import_options o;
    CHECK(kp_import_options_init(&o, KP_IMPORT_OPTIONS_VERSION) == KP_OK);
    /* odd last byte: let detection decide (gzip holding CSV included) */
    o.format = size && (data[size - 1] & 1) ? KP_FORMAT_AUTO : format;
    if (kp_session_import_buffer(s, (const char *)data, size, name, &o) != KP_OK) {
        CHECK(kp_session_run_count(s) == 1);   /* on error nothing is added */
        CHECK(kp_session_warning_count(s) == 0);
        CHECK(strstr(kp_error_message(), name) != NULL || kp_error_code() == KP_ENOMEM);
    } else {
        char *doc = NULL;
        CHECK(kp_session_to_json(s, &doc) == KP_OK);
        kp_session *back = NULL;
        CHECK(kp_session_from_json(&back, m, doc, strlen(doc)) == KP_OK);
        CHECK(kp_session_run_count(back) == kp_session_run_count(s));
        kp_session_free(back);
        kp_free(doc);
    }
    kp_session_free(s);
    kp_model_free(m);
    return 0;
}

int kp_fuzz_import_fit(const uint8_t *d, size_t n) { return fuzz_watch(d, n, KP_FORMAT_FIT, "fuzz.fit"); }
int kp_fuzz_import_gpx(const uint8_t *d, size_t n) { return fuzz_watch(d, n, KP_FORMAT_GPX, "fuzz.gpx"); }
int kp_fuzz_import_tcx(const uint8_t *d, size_t n) { return fuzz_watch(d, n, KP_FORMAT_TCX, "fuzz.tcx"); }
