/*
 * targets_api.c - fuzz targets for saved-document restore, vignette files,
 * batch scoring, file import and interviews, over the public API only.
 *
 * Invariants besides "no crash, no leak, no undefined behaviour":
 *   - a failed call returns a negative status that kp_error_code() repeats,
 *     leaves a message, sets its outputs to NULL and changes nothing (the
 *     saved interview is byte-identical);
 *   - what is saved restores to the same document;
 *   - batch scores are probabilities, and a row scores the same alone;
 *   - a file imports exactly as the same bytes given as a buffer.
 */
#include "targets.h"

#include <math.h>
#include <float.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void check_error(int rc)
{
    CHECK(rc < 0);
    CHECK(kp_error_code() == rc);
    CHECK(kp_error_message()[0] != '\0');
}

/* ---- restore ---------------------------------------------------------------- */

static char *interview_doc(const kp_interview *iv)
{
    char *doc = NULL;
    CHECK(kp_interview_to_json(iv, &doc) == KP_OK);
    return doc;
}

/* Restores `doc` as an interview; its save must be `doc` again when
 * `same` (a document the library wrote itself). */
static void restore_again(kp_model *m, const char *doc, int same)
{
    kp_interview *iv = NULL;
    kp_session *s = NULL;
    CHECK(kp_interview_restore_json(&iv, &s, m, doc, strlen(doc), NULL) == KP_OK);
    char *again = interview_doc(iv);
    if (same)
        CHECK(strcmp(again, doc) == 0);
    kp_free(again);
    kp_interview_free(iv);
    kp_session_free(s);
}

int kp_fuzz_restore(const uint8_t *data, size_t size)
{
    kp_model *m = kp_fuzz_default_model();
    const char *json = (const char *)data;
    kp_session *s = (kp_session *)1;
    kp_restore *info = (kp_restore *)1;
    int rc = kp_session_restore_json(&s, m, json, size, &info);
    if (rc != KP_OK) {
        check_error(rc);
        CHECK(s == NULL && info == NULL);
    } else {
        for (size_t i = 0; i < kp_restore_dropped_count(info); i++)
            CHECK(kp_restore_dropped_finding(info, i) && kp_restore_dropped_reason(info, i));
        (void)kp_restore_saved_model_id(info);
        kp_fuzz_exercise_session(s);
        kp_session_free(s);
        kp_restore_free(info);
    }

    kp_interview *iv = (kp_interview *)1;
    kp_session *is = (kp_session *)1;
    int irc = kp_interview_restore_json(&iv, &is, m, json, size, NULL);
    if (irc != KP_OK) {
        check_error(irc);
        CHECK(iv == NULL && is == NULL);
        return 0;
    }
    /* an interview document is a session document plus one member */
    CHECK(rc == KP_OK);
    char *saved = interview_doc(iv);
    kp_interview_free(iv);
    kp_session_free(is);
    restore_again(m, saved, 1);
    kp_free(saved);
    return 0;
}

/* ---- vignettes ---------------------------------------------------------------- */

int kp_fuzz_vignettes(const uint8_t *data, size_t size)
{
    kp_model *m = kp_fuzz_default_model();
    kp_vignette_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.version = KP_VIGNETTE_SUMMARY_VERSION;
    char *report = (char *)1;
    int rc = kp_vignettes_run(m, (const char *)data, size, &sum, &report);
    if (rc != KP_OK) {
        check_error(rc);
        CHECK(report == NULL);
        return 0;
    }
    CHECK(report && report[0] == '{');
    CHECK(sum.failed <= sum.total && sum.ranked <= sum.total);
    CHECK(sum.top1 <= sum.top3 && sum.top3 <= sum.ranked);
    CHECK(sum.triage_exact + sum.under_triage + sum.over_triage <= sum.total);
    CHECK(sum.red_flag_under <= sum.under_triage);
    kp_free(report);
    return 0;
}

/* ---- values and IDs chosen by the input -------------------------------------- */

static const double numbers[] = {
    0, 1, 2, 4, 10, 34, 60, 0.5, -1, -0.0, 300, 1e9, 1e-300, DBL_MAX, NAN, INFINITY, -INFINITY,
};
#define NNUMBERS (sizeof numbers / sizeof numbers[0])

static double pick_number(kp_fuzz_bytes *b) { return numbers[kp_fuzz_take(b) % NNUMBERS]; }

/* A finding of the model, or (one value in count + 1) an unknown ID. */
static const char *pick_finding(const kp_model *m, kp_fuzz_bytes *b, size_t *index)
{
    size_t n = kp_model_count(m, KP_KIND_FINDING);
    size_t i = kp_fuzz_take(b) % (n + 1);
    *index = i;
    return i < n ? kp_model_item_id(m, KP_KIND_FINDING, i) : "no_such_finding";
}

/* ---- batch scoring ----------------------------------------------------------- */

#define MAX_ROWS 4
#define MAX_COLS 6

int kp_fuzz_score(const uint8_t *data, size_t size)
{
    kp_model *m = kp_fuzz_default_model();
    kp_fuzz_bytes b = {data, size, 0};
    size_t rows = 1 + kp_fuzz_take(&b) % MAX_ROWS, cols = kp_fuzz_take(&b) % (MAX_COLS + 1);
    const char *columns[MAX_COLS];
    double matrix[MAX_ROWS * MAX_COLS];
    size_t idx;
    for (size_t c = 0; c < cols; c++)
        columns[c] = pick_finding(m, &b, &idx);
    for (size_t k = 0; k < rows * cols; k++)
        matrix[k] = pick_number(&b);
    size_t nc = kp_model_count(m, KP_KIND_CONDITION), nk = kp_model_count(m, KP_KIND_CAUSE);
    double *cond = calloc(MAX_ROWS * nc + 1, sizeof *cond);
    double *cause = calloc(MAX_ROWS * nk + 1, sizeof *cause);
    double *one_cond = calloc(nc + 1, sizeof *one_cond);
    double *one_cause = calloc(nk + 1, sizeof *one_cause);
    int levels[MAX_ROWS], one_level;
    CHECK(cond && cause && one_cond && one_cause);
    int rc = kp_model_score(m, matrix, rows, cols, columns, cond, cause, levels);
    if (rc != KP_OK) {
        check_error(rc);
        CHECK(rc == KP_ENOTFOUND || rc == KP_ERANGE || rc == KP_ETYPE || rc == KP_EINVAL);
    } else {
        for (size_t r = 0; r < rows; r++) {
            CHECK(levels[r] >= 0 && levels[r] < KP_LEVEL_COUNT);
            for (size_t j = 0; j < nc; j++)
                CHECK(cond[r * nc + j] >= 0 && cond[r * nc + j] <= 1);
            for (size_t j = 0; j < nk; j++)
                CHECK(isfinite(cause[r * nk + j]));
            /* rows are independent: the same row alone scores the same */
            CHECK(kp_model_score(m, matrix + r * cols, 1, cols, columns, one_cond, one_cause,
                                 &one_level) == KP_OK);
            CHECK(one_level == levels[r]);
            CHECK(memcmp(one_cond, cond + r * nc, nc * sizeof *cond) == 0);
            CHECK(memcmp(one_cause, cause + r * nk, nk * sizeof *cause) == 0);
        }
    }
    free(cond);
    free(cause);
    free(one_cond);
    free(one_cause);
    return 0;
}

/* ---- file import --------------------------------------------------------------- */

static char import_path[4096];

static void remove_import_file(void) { unlink(import_path); }

/* One scratch file per process, rewritten for every input. */
static const char *write_import_file(const uint8_t *data, size_t size)
{
    if (!import_path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(import_path, sizeof import_path, "%s/kp-fuzz-import-%ld.csv",
                 tmp && *tmp ? tmp : "/tmp", (long)getpid());
        atexit(remove_import_file);
    }
    FILE *f = fopen(import_path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, size, f) == size);
    CHECK(fclose(f) == 0);
    return import_path;
}

static kp_session *session_with_one_run(void)
{
    kp_session *s = NULL;
    CHECK(kp_session_new(&s, kp_fuzz_default_model()) == KP_OK);
    CHECK(kp_session_add_run(s, "2020-01-01", 5, 30, 4, "before", 0) == KP_OK);
    return s;
}

int kp_fuzz_import_file(const uint8_t *data, size_t size)
{
    static const kp_import_format formats[] = {KP_FORMAT_AUTO, KP_FORMAT_STRAVA,
                                               KP_FORMAT_GARMIN, KP_FORMAT_PLAIN, KP_FORMAT_FIT};
    const char *path = write_import_file(data, size);
    kp_import_options o;
    CHECK(kp_import_options_init(&o, KP_IMPORT_OPTIONS_VERSION) == KP_OK);
    /* mostly detection, which is what a file path usually gets */
    unsigned last = size ? data[size - 1] : 0;
    o.format = last % 8 < 5 ? formats[last % 8] : KP_FORMAT_AUTO;
    o.miles = (last >> 3) & 1;

    kp_session *from_file = session_with_one_run(), *from_buffer = session_with_one_run();
    int rc = kp_session_import_file(from_file, path, &o);
    int brc = kp_session_import_buffer(from_buffer, (const char *)data, size, path, &o);
    CHECK(rc == brc);
    if (rc != KP_OK) {
        check_error(rc);
        CHECK(kp_session_run_count(from_file) == 1);   /* on error nothing is added */
        CHECK(kp_session_warning_count(from_file) == 0);
        CHECK(strstr(kp_error_message(), path) != NULL || rc == KP_ENOMEM);
    } else {
        char *a = NULL, *b = NULL;
        CHECK(kp_session_to_json(from_file, &a) == KP_OK);
        CHECK(kp_session_to_json(from_buffer, &b) == KP_OK);
        CHECK(strcmp(a, b) == 0);
        CHECK(kp_session_warning_count(from_file) == kp_session_warning_count(from_buffer));
        kp_free(a);
        kp_free(b);
        kp_fuzz_exercise_session(from_file);
    }
    kp_session_free(from_file);
    kp_session_free(from_buffer);
    return 0;
}

/* ---- a sequence of interview calls ---------------------------------------------- */

static const char interview_base[] =
    "{\"as_of\":\"2026-11-01\",\"evidence\":{\"age\":41,\"sex\":\"male\"},"
    "\"runs\":[{\"date\":\"2026-10-20\",\"distance_km\":9,\"duration_min\":50,\"rpe\":5,"
    "\"gear\":\"a\"},{\"date\":\"2026-10-27\",\"distance_km\":14,\"rpe\":7,\"gear\":\"a\"},"
    "{\"date\":\"2026-11-01\",\"distance_km\":12}],"
    "\"pain_diary\":[{\"date\":\"2026-11-01\",\"during\":3,\"after\":4}]}";

typedef struct iv_state {
    kp_model *m;
    kp_session *s;
    kp_interview *iv;
    long budget;
} iv_state;

/* Assess through the interview and use everything a report offers. */
static void assess_interview(iv_state *st)
{
    kp_report *r = (kp_report *)1;
    int rc = kp_interview_assess(st->iv, &r);
    if (rc != KP_OK) {
        check_error(rc);
        CHECK(r == NULL);
        return;
    }
    CHECK(kp_report_level(r) >= 0 && kp_report_level(r) < KP_LEVEL_COUNT);
    char *json = NULL;
    CHECK(kp_report_to_json(r, KP_JSON_TRIAGE_CHANGES, &json) == KP_OK);
    kp_free(json);
    kp_whatif *w = NULL;
    CHECK(kp_report_triage_changes(r, &w) == KP_OK);
    CHECK(kp_whatif_to_json(w, &json) == KP_OK);
    kp_free(json);
    kp_whatif_free(w);
    kp_report_free(r);
}

/* Save, restore, and go on with the restored interview. */
static void save_and_resume(iv_state *st, const char *saved)
{
    kp_interview *iv = NULL;
    kp_session *s = NULL;
    CHECK(kp_interview_restore_json(&iv, &s, st->m, saved, strlen(saved), NULL) == KP_OK);
    char *again = interview_doc(iv);
    CHECK(strcmp(again, saved) == 0);
    kp_free(again);
    kp_interview_free(st->iv);
    kp_session_free(st->s);
    st->iv = iv;
    st->s = s;
}

/* One call chosen by the input; returns its status (KP_OK for the calls
 * that must not change the saved interview). */
static int interview_step(iv_state *st, kp_fuzz_bytes *b, const char *saved, int *changes)
{
    size_t idx;
    const char *f;
    *changes = 1;
    switch (kp_fuzz_take(b) % 10) {
    case 0: {
        const char *next = NULL;
        *changes = 0;
        int rc = kp_interview_next(st->iv, &next);
        if (rc < 0) {
            check_error(rc);
            return KP_OK;
        }
        CHECK(rc == 0 || rc == 1);
        if (rc == 1) {
            CHECK(next && kp_model_find(st->m, KP_KIND_FINDING, next, &idx) == KP_OK);
            CHECK(st->budget < 0 || (long)kp_interview_asked_count(st->iv) < st->budget);
        }
        return KP_OK;
    }
    case 1:
        f = pick_finding(st->m, b, &idx);
        return kp_interview_answer_bool(st->iv, f, kp_fuzz_take(b) & 1);
    case 2:
        f = pick_finding(st->m, b, &idx);
        return kp_interview_answer_number(st->iv, f, pick_number(b));
    case 3: {
        f = pick_finding(st->m, b, &idx);
        size_t n = kp_model_finding_choice_count(st->m, idx);
        size_t c = kp_fuzz_take(b) % (n + 1);
        const char *choice = c < n ? kp_model_finding_choice_id(st->m, idx, c) : "no_such_choice";
        return kp_interview_answer_choice(st->iv, f, choice);
    }
    case 4:
        return kp_interview_answer_unknown(st->iv, pick_finding(st->m, b, &idx));
    case 5:
        f = pick_finding(st->m, b, &idx);
        return kp_interview_exclude(st->iv, f, kp_fuzz_take(b) & 1);
    case 6:
        f = pick_finding(st->m, b, &idx);
        return kp_interview_set_cost(st->iv, f, pick_number(b));
    case 7:
        *changes = 0;
        assess_interview(st);
        return KP_OK;
    case 8:
        save_and_resume(st, saved);
        *changes = 0;
        return KP_OK;
    default: {
        /* the app's loop: ask what the interview proposes, answer "don't know" */
        const char *next = NULL;
        if (kp_interview_next(st->iv, &next) != 1)
            return KP_OK;
        return kp_interview_answer_unknown(st->iv, next);
    }
    }
}

int kp_fuzz_interview(const uint8_t *data, size_t size)
{
    kp_fuzz_bytes b = {data, size, 0};
    iv_state st = {kp_fuzz_default_model(), NULL, NULL, -1};
    CHECK(kp_session_from_json(&st.s, st.m, interview_base, sizeof interview_base - 1) == KP_OK);
    kp_interview_options o;
    CHECK(kp_interview_options_init(&o, KP_INTERVIEW_OPTIONS_VERSION) == KP_OK);
    o.budget = (long)(kp_fuzz_take(&b) % 12) - 1;
    o.stop_on_red_flag = kp_fuzz_take(&b) & 1;
    if (kp_fuzz_take(&b) & 1)
        o.triage_weight = pick_number(&b);
    if (kp_fuzz_take(&b) & 1)
        o.min_gain = pick_number(&b);
    st.budget = o.budget;
    st.iv = (kp_interview *)1;
    int rc = kp_interview_new(&st.iv, st.s, &o);
    if (rc != KP_OK) {
        check_error(rc);
        CHECK(st.iv == NULL);
        kp_session_free(st.s);
        return 0;
    }
    for (int step = 0; step < 64 && b.pos < b.size; step++) {
        char *before = interview_doc(st.iv);
        size_t asked = kp_interview_asked_count(st.iv);
        int changes;
        rc = interview_step(&st, &b, before, &changes);
        char *after = interview_doc(st.iv);
        if (rc != KP_OK) {
            check_error(rc);
            CHECK(strcmp(before, after) == 0);   /* a failed call changes nothing */
        } else if (!changes) {
            CHECK(strcmp(before, after) == 0);
        }
        CHECK(kp_interview_asked_count(st.iv) >= asked);
        CHECK(kp_interview_asked_count(st.iv) <= asked + 1);
        kp_free(before);
        kp_free(after);
    }
    assess_interview(&st);
    char *saved = interview_doc(st.iv);
    restore_again(st.m, saved, 1);
    kp_free(saved);
    kp_interview_free(st.iv);
    kp_session_free(st.s);
    return 0;
}
