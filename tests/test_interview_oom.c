/*
 * test_interview_oom.c - allocation failures in the interview, what-if,
 * restore and vignette functions: a counting allocator fails the Nth
 * allocation for N = 1, 2, ... until the call succeeds; every failed call
 * must return KP_ENOMEM, leave its output NULL and leak nothing.  The
 * calls that change an interview are walked on a fresh interview per
 * attempt and must also leave its saved document unchanged.
 */
#include "helpers.h"

#include "failing_alloc.h"

static kp_model *M;
static kp_session *S;
static kp_report *R;
static kp_interview *IV;
static kp_whatif *W;
static char *SAVED;

static void setup(void)
{
    cr_assert_eq(kp_set_allocator(&failing), KP_OK);
    M = default_model();
    const char *doc = "{\"evidence\": {\"trauma\": true, \"calf_swelling\": true, \"age\": 60}}";
    cr_assert_eq(kp_session_from_json(&S, M, doc, strlen(doc)), KP_OK);
    R = assess(S);
    cr_assert_eq(kp_interview_new(&IV, S, NULL), KP_OK);
    cr_assert_eq(kp_interview_answer_unknown(IV, "cold_pale_foot"), KP_OK);
    cr_assert_eq(kp_interview_exclude(IV, "cadence_spm", 1), KP_OK);
    cr_assert_eq(kp_interview_to_json(IV, &SAVED), KP_OK);
    cr_assert_eq(kp_report_triage_changes(R, &W), KP_OK);
}

static void teardown(void)
{
    kp_free(SAVED);
    kp_whatif_free(W);
    kp_interview_free(IV);
    kp_report_free(R);
    kp_session_free(S);
    kp_model_free(M);
    kp_set_allocator(NULL);
}

typedef int (*op_fn)(void **out);

/* Run op with the Nth allocation failing, N = 1, 2, ...; release_fn frees
 * a successful result. */
static void walk(const char *name, op_fn op, void (*release_fn)(void *))
{
    for (long n = 1; n < 100000; n++) {
        void *out = (void *)1;
        long before = live;
        alloc_count = 0;
        fail_at = n;
        int rc = op(&out);
        fail_at = 0;
        if (alloc_count < n) {
            cr_assert_eq(rc, KP_OK, "%s: %s", name, kp_error_message());
            release_fn(out);
            cr_assert_eq(live, before, "%s leaks on success", name);
            return;
        }
        if (rc == KP_OK) {
            /* the failure was absorbed (e.g. an optional cache); fine */
            release_fn(out);
            cr_assert_eq(live, before, "%s leaks after an absorbed failure at %ld", name, n);
            continue;
        }
        cr_assert_eq(rc, KP_ENOMEM, "%s: allocation %ld: got %d (%s)", name, n, rc, kp_error_message());
        cr_assert_null(out, "%s: allocation %ld: output not NULL", name, n);
        cr_assert_eq(live, before, "%s: allocation %ld: %ld blocks leaked", name, n, live - before);
    }
    cr_assert_fail("%s never succeeded", name);
}

static int op_whatif(void **out) { return kp_report_triage_changes(R, (kp_whatif **)out); }
static void rel_whatif(void *p) { kp_whatif_free(p); }

static int op_report_json(void **out)
{
    return kp_report_to_json(R, KP_JSON_TRIAGE_CHANGES, (char **)out);
}
static void rel_text(void *p) { kp_free(p); }

static int op_save(void **out) { return kp_interview_to_json(IV, (char **)out); }

static int op_interview_new(void **out) { return kp_interview_new((kp_interview **)out, S, NULL); }
static void rel_interview(void *p) { kp_interview_free(p); }

static kp_session *restored_session;
static int op_restore(void **out)
{
    restored_session = NULL;
    int rc = kp_interview_restore_json((kp_interview **)out, &restored_session, M, SAVED,
                                       strlen(SAVED), NULL);
    if (rc)
        cr_assert_null(restored_session);
    return rc;
}
static void rel_restore(void *p)
{
    kp_interview_free(p);
    kp_session_free(restored_session);
}

static kp_restore *restore_info;
static int op_session_restore(void **out)
{
    const char *doc = "{\"model\": {\"id\": \"x\", \"version\": \"0\"},"
                      " \"evidence\": {\"gone\": true, \"age\": 500, \"trauma\": true}}";
    restore_info = NULL;
    int rc = kp_session_restore_json((kp_session **)out, M, doc, strlen(doc), &restore_info);
    if (rc)
        cr_assert_null(restore_info);
    return rc;
}
static void rel_session_restore(void *p)
{
    kp_session_free(p);
    kp_restore_free(restore_info);
}

static int op_vignettes(void **out)
{
    const char *doc =
        "{\"format\": \"kneepain-vignettes/1\", \"vignettes\": ["
        "{\"id\": \"a\", \"input\": {\"evidence\": {\"calf_swelling\": true}},"
        " \"expect\": {\"triage\": \"emergency\", \"red_flag\": true, \"required_plan\": [\"ice\"],"
        "  \"top_conditions\": {\"k\": 1, \"include\": [\"dvt\"]}}},"
        "{\"id\": \"b\", \"input\": {}, \"expect\": {\"triage\": \"self_care\"}}]}";
    kp_vignette_summary sum = {KP_VIGNETTE_SUMMARY_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    return kp_vignettes_run(M, doc, strlen(doc), &sum, (char **)out);
}

static int op_assess_json(void **out)
{
    /* strings of exactly 14 characters ("triage_changes", the gear name):
     * jansson 2.14 reads and writes past its lexer buffer when the
     * allocation that grows it for such a string fails, so the library
     * never parses with the caller's allocator (ASan and valgrind see the
     * overrun otherwise) */
    const char *doc = "{\"evidence\": {\"trauma\": true}, \"interview\": {\"budget\": 3,"
                      " \"excluded\": [\"age\"]}, \"runs\": [{\"date\": \"2026-10-01\","
                      " \"distance_km\": 5, \"gear\": \"triage_changes\"}]}";
    return kp_assess_json(M, doc, strlen(doc), 0, (char **)out);
}

TestSuite(interview_oom, .init = setup, .fini = teardown);

Test(interview_oom, whatif) { walk("kp_report_triage_changes", op_whatif, rel_whatif); }
Test(interview_oom, report_json) { walk("kp_report_to_json", op_report_json, rel_text); }
Test(interview_oom, save) { walk("kp_interview_to_json", op_save, rel_text); }
Test(interview_oom, interview_new) { walk("kp_interview_new", op_interview_new, rel_interview); }
Test(interview_oom, restore) { walk("kp_interview_restore_json", op_restore, rel_restore); }
Test(interview_oom, session_restore) { walk("kp_session_restore_json", op_session_restore, rel_session_restore); }
Test(interview_oom, vignettes) { walk("kp_vignettes_run", op_vignettes, rel_text); }
Test(interview_oom, assess_json) { walk("kp_assess_json", op_assess_json, rel_text); }

static int op_whatif_json(void **out) { return kp_whatif_to_json(W, (char **)out); }
Test(interview_oom, whatif_to_json) { walk("kp_whatif_to_json", op_whatif_json, rel_text); }

/* ---- calls that change an interview ---------------------------------------- */

typedef int (*change_fn)(kp_interview *iv);

static char *saved_state(kp_interview *iv)
{
    long at = fail_at;
    fail_at = 0;
    char *doc = NULL;
    cr_assert_eq(kp_interview_to_json(iv, &doc), KP_OK, "%s", kp_error_message());
    fail_at = at;
    return doc;
}

/* For N = 1, 2, ...: a fresh interview (from the same document as IV), the
 * Nth allocation of `op` fails; a failed call returns KP_ENOMEM, leaves the
 * saved interview byte-identical and the same call then succeeds; nothing
 * leaks. */
static void walk_change(const char *name, change_fn op)
{
    for (long n = 1; n < 100000; n++) {
        long before = live;
        kp_interview *iv = NULL;
        kp_session *s = NULL;
        cr_assert_eq(kp_interview_restore_json(&iv, &s, M, SAVED, strlen(SAVED), NULL), KP_OK);
        char *was = saved_state(iv);
        alloc_count = 0;
        fail_at = n;
        int rc = op(iv);
        fail_at = 0;
        long used = alloc_count;
        if (rc < 0) {
            cr_assert_eq(rc, KP_ENOMEM, "%s: allocation %ld: got %d (%s)", name, n, rc,
                         kp_error_message());
            cr_assert_eq(kp_error_code(), KP_ENOMEM);
            char *now = saved_state(iv);
            cr_assert_str_eq(now, was, "%s: allocation %ld failed: the interview changed", name, n);
            kp_free(now);
            rc = op(iv);
            cr_assert_geq(rc, 0, "%s: retry after allocation %ld failed: %d (%s)", name, n, rc,
                          kp_error_message());
        }
        kp_free(was);
        kp_interview_free(iv);
        kp_session_free(s);
        cr_assert_eq(live, before, "%s: allocation %ld: %ld blocks leaked", name, n, live - before);
        if (used < n) {   /* the call completed without reaching allocation N */
            cr_log_info("%s: %ld allocations walked", name, n - 1);
            return;
        }
    }
    cr_assert_fail("%s never succeeded", name);
}

static int ch_next(kp_interview *iv)
{
    const char *f = NULL;
    return kp_interview_next(iv, &f);
}
static int ch_answer_bool(kp_interview *iv) { return kp_interview_answer_bool(iv, "calf_pain", 1); }
static int ch_answer_number(kp_interview *iv) { return kp_interview_answer_number(iv, "pain_now", 4); }
static int ch_answer_choice(kp_interview *iv)
{
    return kp_interview_answer_choice(iv, "pain_side", "medial");
}
static int ch_answer_unknown(kp_interview *iv) { return kp_interview_answer_unknown(iv, "age"); }
static int ch_set_cost(kp_interview *iv) { return kp_interview_set_cost(iv, "pain_now", 3); }
static int ch_exclude(kp_interview *iv) { return kp_interview_exclude(iv, "pain_side", 1); }
static int ch_assess(kp_interview *iv)
{
    kp_report *r = (kp_report *)1;
    int rc = kp_interview_assess(iv, &r);
    if (rc)
        cr_assert_null(r, "kp_interview_assess: *out not NULL after a failure");
    kp_report_free(r);
    return rc;
}

Test(interview_oom, interview_changes)
{
    walk_change("kp_interview_next", ch_next);
    walk_change("kp_interview_answer_bool", ch_answer_bool);
    walk_change("kp_interview_answer_number", ch_answer_number);
    walk_change("kp_interview_answer_choice", ch_answer_choice);
    walk_change("kp_interview_answer_unknown", ch_answer_unknown);
    walk_change("kp_interview_set_cost", ch_set_cost);
    walk_change("kp_interview_exclude", ch_exclude);
    walk_change("kp_interview_assess", ch_assess);
}
