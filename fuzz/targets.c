/*
 * targets.c - fuzz targets over the public API only, so the same code runs
 * under libFuzzer (fuzz/libfuzzer_main.c) and as the replay test of
 * `make check` (fuzz/replay.c over fuzz/regressions/).
 */
#include "targets.h"

#include <string.h>

kp_model *kp_fuzz_default_model(void)
{
    kp_model *m = NULL;
    CHECK(kp_model_default(&m) == KP_OK);
    kp_model_free(m);   /* the process keeps the default model alive */
    return m;
}

int kp_fuzz_exercise_session(kp_session *s)
{
    kp_report *r = NULL;
    int rc = kp_session_assess(s, &r);
    if (rc == KP_OK) {
        char *json = NULL;
        CHECK(kp_report_to_json(r, KP_JSON_PRETTY, &json) == KP_OK);
        kp_free(json);
        (void)kp_report_level(r);
        for (size_t i = 0; i < kp_report_condition_count(r); i++)
            (void)kp_report_condition_id(r, i);
        (void)kp_report_next_question_text(r);
        kp_report_free(r);
    }
    char *doc = NULL;
    CHECK(kp_session_to_json(s, &doc) == KP_OK);
    kp_session *back = NULL;
    /* whatever a session holds must load back from its own document */
    CHECK(kp_session_from_json(&back, kp_session_model(s), doc, strlen(doc)) == KP_OK);
    kp_session_free(back);
    kp_free(doc);
    return rc;
}

int kp_fuzz_model(const uint8_t *data, size_t size)
{
    kp_model *m = NULL;
    if (kp_model_load_buffer(&m, (const char *)data, size, "fuzz") != KP_OK) {
        CHECK(m == NULL);
        CHECK(kp_error_message()[0] != '\0');
        return 0;
    }
    for (int k = KP_KIND_FINDING; k <= KP_KIND_RULE; k++)
        for (size_t i = 0; i < kp_model_count(m, (kp_kind)k); i++) {
            (void)kp_model_item_id(m, (kp_kind)k, i);
            (void)kp_model_item_text(m, (kp_kind)k, i, "de");
            (void)kp_model_item_source(m, (kp_kind)k, i);
        }
    kp_session *s = NULL;
    if (kp_session_new(&s, m) == KP_OK) {
        kp_fuzz_exercise_session(s);
        kp_session_free(s);
    }
    kp_model_free(m);
    return 0;
}

int kp_fuzz_assess(const uint8_t *data, size_t size)
{
    kp_model *m = kp_fuzz_default_model();
    kp_session *s = NULL;
    if (kp_session_from_json(&s, m, (const char *)data, size) != KP_OK) {
        CHECK(s == NULL);
        return 0;
    }
    int assessed = kp_fuzz_exercise_session(s);
    kp_session_free(s);
    char *out = NULL;
    CHECK(kp_assess_json(m, (const char *)data, size, 0, &out) == assessed);
    kp_free(out);
    return 0;
}

static const char base_doc[] =
    "{\"as_of\":\"2026-11-01\",\"evidence\":{\"age\":34,\"sex\":\"female\","
    "\"trauma\":false},\"runs\":[{\"date\":\"2026-10-30\",\"distance_km\":8,"
    "\"gear\":\"a\"},{\"date\":\"2026-11-01\",\"distance_km\":12,\"rpe\":6}],"
    "\"shoes\":[{\"gear\":\"a\",\"start_km\":300}],\"pain_diary\":[{\"date\":"
    "\"2026-11-01\",\"during\":3}],\"options\":{\"locale\":\"de\"}}";

int kp_fuzz_session_load(const uint8_t *data, size_t size)
{
    kp_model *m = kp_fuzz_default_model();
    kp_session *s = NULL;
    CHECK(kp_session_from_json(&s, m, base_doc, sizeof base_doc - 1) == KP_OK);
    char *before = NULL, *after = NULL;
    CHECK(kp_session_to_json(s, &before) == KP_OK);
    if (kp_session_load_json(s, (const char *)data, size) != KP_OK) {
        CHECK(kp_session_to_json(s, &after) == KP_OK);
        CHECK(strcmp(before, after) == 0);   /* a failed load changes nothing */
    } else {
        kp_fuzz_exercise_session(s);
    }
    kp_free(before);
    kp_free(after);
    kp_session_free(s);
    return 0;
}

static int fuzz_import(const uint8_t *data, size_t size, kp_import_format format)
{
    kp_model *m = kp_fuzz_default_model();
    kp_session *s = NULL;
    CHECK(kp_session_new(&s, m) == KP_OK);
    CHECK(kp_session_add_run(s, "2020-01-01", 5, 30, 4, "before", 0) == KP_OK);
    kp_import_options o;
    CHECK(kp_import_options_init(&o, KP_IMPORT_OPTIONS_VERSION) == KP_OK);
    o.format = format;
    o.miles = size && (data[0] & 1);
    if (kp_session_import_buffer(s, (const char *)data, size, "fuzz.csv", &o) != KP_OK) {
        CHECK(kp_session_run_count(s) == 1);   /* on error nothing is added */
        CHECK(kp_session_warning_count(s) == 0);
        CHECK(strstr(kp_error_message(), "fuzz.csv") != NULL ||
              kp_error_code() == KP_ENOMEM);
    } else {
        kp_fuzz_exercise_session(s);
    }
    kp_session_free(s);
    return 0;
}

int kp_fuzz_import_strava(const uint8_t *d, size_t n) { return fuzz_import(d, n, KP_FORMAT_STRAVA); }
int kp_fuzz_import_garmin(const uint8_t *d, size_t n) { return fuzz_import(d, n, KP_FORMAT_GARMIN); }
int kp_fuzz_import_plain(const uint8_t *d, size_t n) { return fuzz_import(d, n, KP_FORMAT_PLAIN); }
int kp_fuzz_import_auto(const uint8_t *d, size_t n) { return fuzz_import(d, n, KP_FORMAT_AUTO); }

const kp_fuzz_target kp_fuzz_targets[] = {
    {"model", kp_fuzz_model},
    {"assess", kp_fuzz_assess},
    {"session_load", kp_fuzz_session_load},
    {"import_strava", kp_fuzz_import_strava},
    {"import_garmin", kp_fuzz_import_garmin},
    {"import_plain", kp_fuzz_import_plain},
    {"import_auto", kp_fuzz_import_auto},
    {"import_fit", kp_fuzz_import_fit},
    {"import_gpx", kp_fuzz_import_gpx},
    {"import_tcx", kp_fuzz_import_tcx},
    {"restore", kp_fuzz_restore},
    {"vignettes", kp_fuzz_vignettes},
    {"score", kp_fuzz_score},
    {"import_file", kp_fuzz_import_file},
    {"interview", kp_fuzz_interview},
    {NULL, NULL},
};
