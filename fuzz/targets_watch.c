/*
 * targets_watch.c - fuzz target for watch files (FIT, gzip) through the
 * public API: an input either imports, or fails leaving the session as it
 * was with a message naming the file.
 */
#include "targets.h"

#include <string.h>

int kp_fuzz_import_fit(const uint8_t *data, size_t size)
{
    kp_model *m = NULL;
    CHECK(kp_model_default(&m) == KP_OK);
    kp_session *s = NULL;
    CHECK(kp_session_new(&s, m) == KP_OK);
    CHECK(kp_session_add_run(s, "2020-01-01", 5, 30, 4, "before", 0) == KP_OK);
    kp_import_options o;
    CHECK(kp_import_options_init(&o, KP_IMPORT_OPTIONS_VERSION) == KP_OK);
    /* odd first bytes: let detection decide (gzip holding CSV included) */
    o.format = size && (data[size - 1] & 1) ? KP_FORMAT_AUTO : KP_FORMAT_FIT;
    if (kp_session_import_buffer(s, (const char *)data, size, "fuzz.fit", &o) != KP_OK) {
        CHECK(kp_session_run_count(s) == 1);   /* on error nothing is added */
        CHECK(kp_session_warning_count(s) == 0);
        CHECK(strstr(kp_error_message(), "fuzz.fit") != NULL ||
              kp_error_code() == KP_ENOMEM);
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
