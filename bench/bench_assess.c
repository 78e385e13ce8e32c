/*
 * bench_assess.c - cost of one assessment.
 *
 * Loads examples/assessment.json (10 evidence answers, 10 runs, a shoe, a
 * two-entry pain diary) into a session once, then times
 *   - a full assessment: kp_session_assess + kp_report_free (no JSON),
 *   - the same after the as-of date changed (the training-load figures are
 *     derived again, as after any log change), and
 *   - a JSON round trip: kp_assess_json + kp_free (parse, assess, serialise),
 * as the median over 31 batches of N calls (ns per call).  A counting
 * allocator installed with kp_set_allocator() shows the heap allocations
 * per assessment: exactly one (the report) is required, or the program
 * fails.  Usage: bench_assess [N] (default 20000).
 */
#include <kneepain.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef KP_SRCDIR
#  define KP_SRCDIR ".."
#endif

#define BATCHES 31

static unsigned long nalloc;
static void *count_malloc(size_t n) { nalloc++; return malloc(n); }
static void *count_realloc(void *p, size_t n) { nalloc++; return realloc(p, n); }
static void count_free(void *p) { free(p); }

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int fail(const char *what, int rc)
{
    fprintf(stderr, "bench_assess: %s: %s: %s\n", what, kp_strerror(rc), kp_error_message());
    return 1;
}

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *size = (size_t)n;
    return buf;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000;
    if (n < 1)
        n = 1;
    static const kp_allocator counting = {KP_ALLOCATOR_VERSION, count_malloc, count_realloc,
                                          count_free};
    int rc = kp_set_allocator(&counting);
    if (rc)
        return fail("kp_set_allocator", rc);

    const char *path = KP_SRCDIR "/examples/assessment.json";
    size_t size = 0;
    char *input = slurp(path, &size);
    if (!input) {
        perror(path);
        return 1;
    }
    kp_model *model = NULL;
    kp_session *session = NULL;
    kp_report *report = NULL;
    if ((rc = kp_model_default(&model)))
        return fail("kp_model_default", rc);
    if ((rc = kp_session_from_json(&session, model, input, size)))
        return fail(path, rc);
    /* first assessment derives the training-load figures once */
    if ((rc = kp_session_assess(session, &report)))
        return fail("kp_session_assess", rc);
    kp_report_free(report);

    /* allocations per assessment */
    unsigned long before = nalloc;
    const int probe = 100;
    for (int i = 0; i < probe; i++) {
        if ((rc = kp_session_assess(session, &report)))
            return fail("kp_session_assess", rc);
        kp_report_free(report);
    }
    double allocs_assess = (double)(nalloc - before) / probe;
    before = nalloc;
    char *json = NULL;
    for (int i = 0; i < probe; i++) {
        if ((rc = kp_assess_json(model, input, size, 0, &json)))
            return fail("kp_assess_json", rc);
        kp_free(json);
    }
    double allocs_json = (double)(nalloc - before) / probe;

    /* timing */
    double assess_ns[BATCHES], changed_ns[BATCHES], json_ns[BATCHES];
    long nj = n / 20 > 0 ? n / 20 : 1;
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now_ns();
        for (long i = 0; i < n; i++) {
            kp_session_assess(session, &report);
            kp_report_free(report);
        }
        assess_ns[b] = (now_ns() - t0) / (double)n;
        t0 = now_ns();
        for (long i = 0; i < n; i++) {
            kp_session_set_as_of(session, i % 2 ? "2026-11-02" : "2026-11-01");
            kp_session_assess(session, &report);
            kp_report_free(report);
        }
        changed_ns[b] = (now_ns() - t0) / (double)n;
        kp_session_set_as_of(session, "2026-11-01");
        t0 = now_ns();
        for (long i = 0; i < nj; i++) {
            kp_assess_json(model, input, size, 0, &json);
            kp_free(json);
        }
        json_ns[b] = (now_ns() - t0) / (double)nj;
    }
    qsort(assess_ns, BATCHES, sizeof *assess_ns, cmp_double);
    qsort(changed_ns, BATCHES, sizeof *changed_ns, cmp_double);
    qsort(json_ns, BATCHES, sizeof *json_ns, cmp_double);
    double med = assess_ns[BATCHES / 2], medc = changed_ns[BATCHES / 2], medj = json_ns[BATCHES / 2];

    printf("input: examples/assessment.json (model %s %s, %zu findings, %zu conditions, %zu rules)\n",
           kp_model_id(model), kp_model_version(model), kp_model_count(model, KP_KIND_FINDING),
           kp_model_count(model, KP_KIND_CONDITION), kp_model_count(model, KP_KIND_RULE));
    printf("full assessment (kp_session_assess + kp_report_free): median %.0f ns "
           "(min %.0f, max %.0f; %d batches x %ld)\n",
           med, assess_ns[0], assess_ns[BATCHES - 1], BATCHES, n);
    printf("assessment after the as-of date changed: median %.0f ns (%.2fx the cached one; "
           "min %.0f, max %.0f)\n",
           medc, medc / med, changed_ns[0], changed_ns[BATCHES - 1]);
    printf("JSON round trip (kp_assess_json + kp_free): median %.0f ns "
           "(min %.0f, max %.0f; %d batches x %ld)\n",
           medj, json_ns[0], json_ns[BATCHES - 1], BATCHES, nj);
    printf("heap allocations per assessment: %.2f (the report itself); per JSON round trip: %.1f\n",
           allocs_assess, allocs_json);
    printf("target <= 2000 ns median per full assessment: %s\n", med <= 2000 ? "met" : "MISSED");

    kp_session_free(session);
    kp_model_free(model);
    free(input);
    if (allocs_assess != 1.0) {
        fprintf(stderr, "bench_assess: %.2f allocations per assessment, expected exactly 1\n",
                allocs_assess);
        return 1;
    }
    return 0;
}
