/*
 * helpers.h - small helpers shared by the core Criterion programs.
 */
#ifndef KP_TEST_HELPERS_H
#define KP_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kneepain.h>

#ifndef KP_SRCDIR
#  define KP_SRCDIR "."
#endif

#define MINIMAL_MODEL KP_SRCDIR "/tests/fixtures/models/minimal.json"
#define EXAMPLE_INPUT KP_SRCDIR "/examples/assessment.json"

/* Whole file into a NUL-terminated heap buffer (fails the test on error). */
static inline char *read_text_file(const char *path, size_t *size_out)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (size_out)
        *size_out = (size_t)n;
    return buf;
}

static inline kp_model *default_model(void)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_default(&m), KP_OK, "%s", kp_error_message());
    cr_assert_not_null(m);
    return m;
}

static inline kp_session *new_session(kp_model *m)
{
    kp_session *s = NULL;
    cr_assert_eq(kp_session_new(&s, m), KP_OK, "%s", kp_error_message());
    return s;
}

static inline kp_report *assess(kp_session *s)
{
    kp_report *r = NULL;
    cr_assert_eq(kp_session_assess(s, &r), KP_OK, "%s", kp_error_message());
    cr_assert_not_null(r);
    return r;
}

/* Assess the input document {"evidence": <evidence>} under model m. */
static inline kp_report *assess_evidence_in(kp_model *m, const char *evidence)
{
    size_t n = strlen(evidence) + 32;
    char *doc = malloc(n);
    cr_assert_not_null(doc);
    snprintf(doc, n, "{\"evidence\": %s}", evidence);
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, m, doc, strlen(doc)), KP_OK, "%s: %s", evidence,
                 kp_error_message());
    free(doc);
    kp_report *r = assess(s);
    kp_session_free(s);
    return r;
}

/* The call failed with `code`, kp_error_code() agrees, and the last-error
 * message is non-empty and contains `needle`. */
#define assert_error(call, code, needle)                                        \
    do {                                                                        \
        int rc_ = (call);                                                       \
        cr_assert_eq(rc_, (code), "%s: got %d (%s), want %d; message: %s",      \
                     #call, rc_, kp_strerror(rc_), (code), kp_error_message()); \
        cr_assert_eq(kp_error_code(), (code), "kp_error_code() for %s", #call); \
        cr_assert(kp_error_message()[0] != '\0', "%s: empty message", #call);   \
        cr_assert_not_null(strstr(kp_error_message(), (needle)),                \
                           "%s: message '%s' does not name '%s'", #call,        \
                           kp_error_message(), (needle));                       \
    } while (0)

/* Index of `id` among kinds, or fail. */
static inline size_t find_index(const kp_model *m, kp_kind kind, const char *id)
{
    size_t i = 0;
    cr_assert_eq(kp_model_find(m, kind, id, &i), KP_OK, "no %s in the model", id);
    return i;
}

/* Position of a plan remedy, or -1. */
static inline int plan_index(const kp_report *r, const char *remedy)
{
    for (size_t i = 0; i < kp_report_plan_count(r); i++)
        if (!strcmp(kp_report_plan_remedy(r, i), remedy))
            return (int)i;
    return -1;
}

/* Position of a fired rule among the reasons, or -1. */
static inline int reason_index(const kp_report *r, const char *rule)
{
    for (size_t i = 0; i < kp_report_reason_count(r); i++)
        if (!strcmp(kp_report_reason_rule(r, i), rule))
            return (int)i;
    return -1;
}

#endif
