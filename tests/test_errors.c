/*
 * test_errors.c - status codes, kp_strerror, the per-thread last-error slot,
 * version, NULL handling and the allocator hook.
 */
#include "helpers.h"

#include <criterion/parameterized.h>
#include <pthread.h>

/* Parameters cross a process boundary, so they hold codes only; the
 * expected texts are looked up here. */
static const char *expected_text(int code)
{
    static const char *const texts[] = {
        "success", "internal error", "out of memory", "invalid argument",
        "unknown identifier", "wrong type", "value out of range", "malformed input",
        "invalid model", "input/output error", "unsupported version", "invalid state",
        "unrecognised format"};
    return texts[-code];
}

ParameterizedTestParameters(errors, strerror_text)
{
    static int params[] = {KP_OK, KP_ERROR, KP_ENOMEM, KP_EINVAL, KP_ENOTFOUND, KP_ETYPE,
                           KP_ERANGE, KP_EPARSE, KP_EMODEL, KP_EIO, KP_EVERSION, KP_ESTATE,
                           KP_EFORMAT};
    return cr_make_param_array(int, params, sizeof params / sizeof *params);
}

ParameterizedTest(int *code, errors, strerror_text)
{
    cr_expect_str_eq(kp_strerror(*code), expected_text(*code), "code %d", *code);
}

Test(errors, codes_are_stable)
{
    cr_expect_eq(KP_OK, 0);
    cr_expect_eq(KP_ERROR, -1);
    cr_expect_eq(KP_ENOMEM, -2);
    cr_expect_eq(KP_EINVAL, -3);
    cr_expect_eq(KP_ENOTFOUND, -4);
    cr_expect_eq(KP_ETYPE, -5);
    cr_expect_eq(KP_ERANGE, -6);
    cr_expect_eq(KP_EPARSE, -7);
    cr_expect_eq(KP_EMODEL, -8);
    cr_expect_eq(KP_EIO, -9);
    cr_expect_eq(KP_EVERSION, -10);
    cr_expect_eq(KP_ESTATE, -11);
    cr_expect_eq(KP_EFORMAT, -12);
}

Test(errors, every_code_has_distinct_text_and_unknown_codes_have_one)
{
    for (int a = 0; a >= -12; a--) {
        cr_assert_not_null(kp_strerror(a));
        cr_expect_str_neq(kp_strerror(a), "unknown error code", "code %d", a);
        for (int b = a - 1; b >= -12; b--)
            cr_expect_str_neq(kp_strerror(a), kp_strerror(b), "codes %d and %d", a, b);
    }
    cr_expect_str_eq(kp_strerror(-13), "unknown error code");
    cr_expect_str_eq(kp_strerror(1), "unknown error code");
    cr_expect_str_eq(kp_strerror(-2147483647 - 1), "unknown error code");
}

Test(errors, last_error_slot)
{
    kp_error_clear();
    cr_expect_str_eq(kp_error_message(), "");
    cr_expect_eq(kp_error_code(), KP_OK);
    kp_model *m = default_model();
    size_t i;
    assert_error(kp_model_find(m, KP_KIND_FINDING, "knee_colour", &i), KP_ENOTFOUND, "knee_colour");
    kp_error_clear();
    cr_expect_str_eq(kp_error_message(), "");
    cr_expect_eq(kp_error_code(), KP_OK);
    kp_model_free(m);
}

static void *other_thread(void *arg)
{
    (void)arg;
    /* a fresh thread starts with an empty slot and its errors stay there */
    int clean = kp_error_code() == KP_OK && kp_error_message()[0] == '\0';
    kp_model *m = NULL;
    kp_model_load_file(&m, "/nonexistent/other-thread.json");
    return (void *)(intptr_t)(clean && kp_error_code() == KP_EIO);
}

Test(errors, slot_is_per_thread)
{
    kp_model *m = default_model();
    size_t i;
    cr_assert_eq(kp_model_find(m, KP_KIND_CAUSE, "main_thread_id", &i), KP_ENOTFOUND);
    pthread_t t;
    void *res = NULL;
    cr_assert_eq(pthread_create(&t, NULL, other_thread, NULL), 0);
    pthread_join(t, &res);
    cr_expect(res != NULL, "the other thread saw this thread's error or lost its own");
    cr_expect_eq(kp_error_code(), KP_ENOTFOUND);
    cr_expect_not_null(strstr(kp_error_message(), "main_thread_id"));
    kp_model_free(m);
}

Test(errors, version)
{
    int major = -1, minor = -1, patch = -1;
    kp_version(&major, &minor, &patch);
    cr_expect_eq(major, KP_VERSION_MAJOR);
    cr_expect_eq(minor, KP_VERSION_MINOR);
    cr_expect_eq(patch, KP_VERSION_PATCH);
    kp_version(NULL, NULL, NULL);
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", major, minor, patch);
    cr_expect_str_eq(kp_version_string(), buf);
}

Test(errors, null_arguments)
{
    kp_model *m = default_model();
    kp_session *s = NULL;
    assert_error(kp_session_new(NULL, m), KP_EINVAL, "");
    assert_error(kp_session_new(&s, NULL), KP_EINVAL, "");
    cr_expect_null(s);
    assert_error(kp_session_assess(NULL, NULL), KP_EINVAL, "");
    kp_report *r = (kp_report *)1;
    assert_error(kp_session_assess(NULL, &r), KP_EINVAL, "");
    cr_expect_null(r);
    char *out = (char *)1;
    assert_error(kp_report_to_json(NULL, 0, &out), KP_EINVAL, "");
    cr_expect_null(out);
    assert_error(kp_session_set_bool(NULL, "trauma", 1), KP_EINVAL, "");
    assert_error(kp_assess_json(NULL, "{}", 2, 0, &out), KP_EINVAL, "");
    assert_error(kp_model_load_file(NULL, "x"), KP_EINVAL, "");
    /* _free(NULL) is always a no-op */
    kp_model_free(NULL);
    kp_session_free(NULL);
    kp_report_free(NULL);
    kp_free(NULL);
    cr_expect_null(kp_level_id(-1));
    cr_expect_null(kp_level_id(KP_LEVEL_COUNT));
    kp_model_free(m);
}

Test(errors, level_ids)
{
    static const char *const ids[] = {"emergency_ambulance", "emergency", "consultation_24",
                                      "consultation", "self_care"};
    for (int i = 0; i < KP_LEVEL_COUNT; i++)
        cr_expect_str_eq(kp_level_id(i), ids[i]);
}

/* ---------------------------------------------------- allocator hook */

static size_t live, calls;
static size_t fail_after = (size_t)-1;

static void *count_malloc(size_t n)
{
    if (calls++ >= fail_after)
        return NULL;
    void *p = malloc(n);
    if (p)
        live++;
    return p;
}

static void *count_realloc(void *p, size_t n)
{
    if (calls++ >= fail_after)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        live++;
    return q;
}

static void count_free(void *p)
{
    if (p)
        live--;
    free(p);
}

static const kp_allocator counting = {KP_ALLOCATOR_VERSION, count_malloc, count_realloc, count_free};

Test(allocator, bad_versions_are_refused)
{
    kp_allocator bad = counting;
    bad.version = 99;
    assert_error(kp_set_allocator(&bad), KP_EVERSION, "");
    cr_assert_eq(kp_set_allocator(NULL), KP_OK);
}

Test(allocator, everything_goes_through_the_hook_and_is_released)
{
    cr_assert_eq(kp_set_allocator(&counting), KP_OK);
    size_t n;
    char *input = read_text_file(EXAMPLE_INPUT, &n);
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_file(&m, MINIMAL_MODEL), KP_OK, "%s", kp_error_message());
    kp_model *d = default_model();
    cr_expect_gt(calls, 0, "the loader did not allocate through the hook");
    char *json = NULL;
    cr_assert_eq(kp_assess_json(d, input, n, KP_JSON_PRETTY, &json), KP_OK, "%s", kp_error_message());
    kp_free(json);
    kp_session *s = new_session(m);
    kp_report *r = assess(s);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
    kp_model_free(d);
    free(input);
    /* the default model may stay cached for the process: at most its blocks
     * remain; everything else was returned through the hook */
    size_t after_default = live;
    kp_model *d2 = default_model();
    kp_model_free(d2);
    cr_expect_eq(live, after_default, "default model reference leaked blocks");
    cr_assert_eq(kp_set_allocator(NULL), KP_OK);
}

static const char minimal_input[] =
    "{\"as_of\": \"2026-01-03\", \"evidence\": {\"swollen\": true, \"age\": 50, \"side\": \"inner\"},"
    " \"runs\": [{\"date\": \"2026-01-01\", \"distance_km\": 5, \"gear\": \"shoe-a\"}],"
    " \"shoes\": [{\"gear\": \"shoe-a\", \"start_km\": 100}],"
    " \"options\": {\"max_plan_items\": 3}}";

/* One pass of load + session + assess + JSON with allocation `k` failing:
 * every step either succeeds or fails with KP_ENOMEM, and nothing leaks. */
Test(allocator, failures_give_enomem_and_no_leak)
{
    char *mtext = read_text_file(MINIMAL_MODEL, NULL);
    cr_assert_eq(kp_set_allocator(&counting), KP_OK);
    int saw_enomem = 0, completed = 0;
    for (size_t k = 0; k < 8000 && !completed; k += 13) {
        calls = 0;
        live = 0;
        fail_after = k;
        kp_model *m = NULL;
        kp_session *s = NULL;
        kp_report *r = NULL;
        char *json = NULL;
        int rc = kp_model_load_buffer(&m, mtext, strlen(mtext), "minimal.json");
        if (rc == KP_OK)
            rc = kp_session_new(&s, m);
        if (rc == KP_OK)
            rc = kp_session_load_json(s, minimal_input, strlen(minimal_input));
        if (rc == KP_OK)
            rc = kp_session_assess(s, &r);
        if (rc == KP_OK)
            rc = kp_report_to_json(r, 0, &json);
        if (rc == KP_OK)
            completed = 1;
        else {
            cr_expect_eq(rc, KP_ENOMEM, "allocation %zu failed: got %d (%s)", k, rc, kp_error_message());
            saw_enomem = 1;
        }
        kp_free(json);
        kp_report_free(r);
        kp_session_free(s);
        kp_model_free(m);
        fail_after = (size_t)-1;
        cr_expect_eq(live, 0, "%zu blocks leaked when allocation %zu failed", live, k);
    }
    cr_expect(saw_enomem);
    cr_expect(completed, "never completed within 8000 allocations");
    cr_assert_eq(kp_set_allocator(NULL), KP_OK);
    free(mtext);
}

/* Every JSON entry point classifies jansson's errors by its error code: a
 * syntax error whose text mentions "memory" is KP_EPARSE with a position. */
Test(errors, json_syntax_near_memory_is_a_syntax_error)
{
    static const char doc[] = "{\"as_of\": memory}";
    kp_model *m = default_model();
    kp_session *s = NULL;
    kp_interview *iv = NULL;
    kp_vignette_summary sum = {KP_VIGNETTE_SUMMARY_VERSION};
    char *out = NULL;
    assert_error(kp_session_from_json(&s, m, doc, sizeof doc - 1), KP_EPARSE, "input:1:16");
    assert_error(kp_session_restore_json(&s, m, doc, sizeof doc - 1, NULL), KP_EPARSE, "input:1:16");
    assert_error(kp_interview_restore_json(&iv, &s, m, doc, sizeof doc - 1, NULL), KP_EPARSE,
                 "input:1:16");
    assert_error(kp_assess_json(m, doc, sizeof doc - 1, 0, &out), KP_EPARSE, "input:1:16");
    assert_error(kp_vignettes_run(m, doc, sizeof doc - 1, &sum, &out), KP_EPARSE, "vignettes:1:16");
    kp_model *m2 = NULL;
    assert_error(kp_model_load_buffer(&m2, doc, sizeof doc - 1, "x.json"), KP_EPARSE, "x.json:1:16");
    cr_expect_null(s);
    cr_expect_null(out);
    kp_model_free(m);
}

/* A directory opens but reads as nothing: the status, kp_error_code() and
 * the message must all say the same thing. */
Test(errors, import_file_on_a_directory)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    assert_error(kp_session_import_file(s, KP_SRCDIR "/tests", NULL), KP_EIO, "/tests");
    cr_expect_null(strstr(kp_error_message(), "empty file"), "%s", kp_error_message());
    kp_session_free(s);
    kp_model_free(m);
}
