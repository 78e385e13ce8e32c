/*
 * test_threads.c - one model shared by 8 threads, each with its own
 * sessions, assessing every clinical vignette (tests/vignettes/core.json)
 * concurrently; every report must be byte-identical to the single-threaded
 * one.  Also: 8 threads racing for the lazily built default model, and the
 * per-thread last-error slot.  Plain C with TAP output so that the
 * ThreadSanitizer build (make check-tsan) sees every access.
 *
 * Environment: KP_THREAD_ROUNDS (default 3) passes over the vignettes per
 * thread.
 */
#include <jansson.h>
#include <kneepain.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 8

#ifndef KP_SRCDIR
#  define KP_SRCDIR "."
#endif

static int test_no;
static int failures;

static void ok(int cond, const char *fmt, const char *detail)
{
    printf("%s %d - ", cond ? "ok" : "not ok", ++test_no);
    printf(fmt, detail ? detail : "");
    printf("\n");
    if (!cond)
        failures++;
}

typedef struct vignette {
    char *id;
    char *input;      /* compact JSON of the vignette's "input" */
    char *expected;   /* single-threaded report JSON */
    char *session;    /* single-threaded session JSON */
} vignette;

static vignette *vignettes;
static size_t nvignettes;
static kp_model *shared_model;
static int rounds = 3;

/* Report through the session API, and the session document. */
static int assess_one(kp_model *m, const char *input, char **report_out, char **session_out)
{
    kp_session *s = NULL;
    kp_report *r = NULL;
    *report_out = *session_out = NULL;
    int rc = kp_session_from_json(&s, m, input, strlen(input));
    if (!rc)
        rc = kp_session_assess(s, &r);
    if (!rc)
        rc = kp_report_to_json(r, KP_JSON_PRETTY, report_out);
    if (!rc)
        rc = kp_session_to_json(s, session_out);
    kp_report_free(r);
    kp_session_free(s);
    return rc;
}

typedef struct worker {
    int index;
    size_t mismatches, errors, done;
    char first_bad[160];
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (int round = 0; round < rounds; round++)
        for (size_t k = 0; k < nvignettes; k++) {
            /* each thread walks the vignettes from a different start */
            size_t i = (k + (size_t)w->index * 7 + (size_t)round) % nvignettes;
            char *report = NULL, *session = NULL, *direct = NULL;
            int rc = assess_one(shared_model, vignettes[i].input, &report, &session);
            if (!rc)
                rc = kp_assess_json(shared_model, vignettes[i].input,
                                    strlen(vignettes[i].input), KP_JSON_PRETTY, &direct);
            if (rc) {
                if (!w->errors++)
                    snprintf(w->first_bad, sizeof w->first_bad, "%s: %s", vignettes[i].id,
                             kp_error_message());
            } else if (strcmp(report, vignettes[i].expected) || strcmp(direct, report) ||
                       strcmp(session, vignettes[i].session)) {
                if (!w->mismatches++ && !w->errors)
                    snprintf(w->first_bad, sizeof w->first_bad, "%s differs", vignettes[i].id);
            }
            w->done++;
            kp_free(report);
            kp_free(session);
            kp_free(direct);
        }
    return NULL;
}

static kp_model *raced[NTHREADS];
static pthread_barrier_t start_line;

static void *race_default(void *arg)
{
    size_t i = (size_t)arg;
    pthread_barrier_wait(&start_line);
    if (kp_model_default(&raced[i]) != KP_OK)
        raced[i] = NULL;
    return NULL;
}

static int thread_error_ok[NTHREADS];

static void *error_slot(void *arg)
{
    size_t i = (size_t)arg;
    kp_session *s = NULL;
    int good = kp_session_new(&s, shared_model) == KP_OK;
    pthread_barrier_wait(&start_line);
    for (int k = 0; good && k < 200; k++) {
        char finding[32];
        snprintf(finding, sizeof finding, "no_such_finding_%zu", i);
        good = kp_session_set_bool(s, finding, 1) == KP_ENOTFOUND &&
               strstr(kp_error_message(), finding) != NULL &&
               kp_error_code() == KP_ENOTFOUND;
    }
    kp_session_free(s);
    thread_error_ok[i] = good;
    return NULL;
}

static int load_vignettes(void)
{
    const char *top = getenv("top_srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/vignettes/core.json", top ? top : KP_SRCDIR);
    json_error_t err;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        printf("# %s:%d: %s\n", path, err.line, err.text);
        return -1;
    }
    json_t *list = json_object_get(root, "vignettes");
    const char *format = json_string_value(json_object_get(root, "format"));
    if (!json_is_array(list) || !format || strcmp(format, "kneepain-vignettes/1")) {
        printf("# %s: not a kneepain-vignettes/1 document\n", path);
        json_decref(root);
        return -1;
    }
    nvignettes = json_array_size(list);
    vignettes = calloc(nvignettes ? nvignettes : 1, sizeof *vignettes);
    for (size_t i = 0; i < nvignettes; i++) {
        json_t *v = json_array_get(list, i);
        const char *id = json_string_value(json_object_get(v, "id"));
        vignettes[i].id = strdup(id ? id : "?");
        vignettes[i].input = json_dumps(json_object_get(v, "input"), JSON_COMPACT);
        if (!vignettes[i].input) {
            printf("# vignette %s has no input\n", vignettes[i].id);
            json_decref(root);
            return -1;
        }
    }
    json_decref(root);
    return 0;
}

int main(void)
{
    const char *env = getenv("KP_THREAD_ROUNDS");
    if (env && atoi(env) > 0)
        rounds = atoi(env);
    printf("1..5\n");

    /* 1: the default model built lazily by 8 threads at once is one model */
    pthread_t t[NTHREADS];
    pthread_barrier_init(&start_line, NULL, NTHREADS);
    for (size_t i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, race_default, (void *)i);
    int same = 1;
    for (size_t i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
        same &= raced[i] != NULL && raced[i] == raced[0];
    }
    ok(same, "8 threads racing for kp_model_default get one model%s", NULL);
    for (size_t i = 0; i < NTHREADS; i++)
        kp_model_free(raced[i]);

    /* 2: the vignettes, single-threaded, on a model loaded from the file */
    if (load_vignettes() != 0) {
        printf("Bail out! cannot read tests/vignettes/core.json\n");
        return 1;
    }
    const char *top = getenv("top_srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/models/default.json", top ? top : KP_SRCDIR);
    if (kp_model_load_file(&shared_model, path) != KP_OK) {
        printf("Bail out! %s\n", kp_error_message());
        return 1;
    }
    size_t single_errors = 0;
    char detail[256] = "";
    for (size_t i = 0; i < nvignettes; i++)
        if (assess_one(shared_model, vignettes[i].input, &vignettes[i].expected,
                       &vignettes[i].session) != KP_OK && !single_errors++)
            snprintf(detail, sizeof detail, " (%s: %s)", vignettes[i].id, kp_error_message());
    char what[64];
    snprintf(what, sizeof what, "%zu", nvignettes);
    ok(single_errors == 0 && nvignettes > 0, "single-threaded: %s vignettes assessed", what);
    if (single_errors)
        printf("# %s\n", detail);

    /* 3: 8 threads, one shared model, each with its own sessions */
    worker w[NTHREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < NTHREADS; i++) {
        w[i].index = i;
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    size_t mismatches = 0, errors = 0, done = 0;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
        mismatches += w[i].mismatches;
        errors += w[i].errors;
        done += w[i].done;
        if (w[i].first_bad[0])
            printf("# thread %d: %s\n", i, w[i].first_bad);
    }
    snprintf(what, sizeof what, "%zu", done);
    ok(errors == 0 && done == (size_t)NTHREADS * rounds * nvignettes,
       "8 threads: %s assessments without error", what);
    ok(mismatches == 0, "8 threads: every report and session document identical to the "
       "single-threaded one%s", NULL);

    /* 5: the last-error slot is per thread */
    for (size_t i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, error_slot, (void *)i);
    int slots = 1;
    for (size_t i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
        slots &= thread_error_ok[i];
    }
    ok(slots, "8 threads: each sees its own kp_error_message()%s", NULL);
    pthread_barrier_destroy(&start_line);

    for (size_t i = 0; i < nvignettes; i++) {
        free(vignettes[i].id);
        free(vignettes[i].input);
        kp_free(vignettes[i].expected);
        kp_free(vignettes[i].session);
    }
    free(vignettes);
    kp_model_free(shared_model);
    return failures ? 1 : 0;
}
