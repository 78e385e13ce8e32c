/*
 * test_scale.c - pathological training logs cost work linear in their size.
 *
 * Nothing is timed: the training-log sources are compiled into this program
 * with -DKP_COUNT_PROBES, so lib/log.c counts every probe of its gear and
 * duplicate sets (kp__log_probes).  Each case imports n/5 and then n rows
 * (n = KP_SCALE_ROWS, default 10^5) of a file built to defeat a naive
 * implementation, checks the result, and requires a bounded number of
 * probes per row for both sizes (a linear scan or one long probe chain
 * needs about n/2 per row, i.e. 25 times the probes for 5 times the rows):
 *   - every row names a different gear (a linear gear lookup is quadratic),
 *   - every row starts at the same second with a different distance (a
 *     duplicate set keyed by start time alone is one long probe chain),
 *   - the same after a copy of the log (what a session's all-or-nothing
 *     import does before a second file: the gear set is rebuilt),
 *   - one field of several megabytes (a fixed growth step for the field
 *     buffer is quadratic in copies; counted as reallocations).
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kneepain.h>

#include "trainload.h"

/* Probes per imported row allowed.  A row costs up to three lookups (the
 * duplicate set also looks in the neighbouring distance buckets), one
 * insert, and its share of re-inserting every entry when a set doubles;
 * the sets are at most half full, so each of these is a short probe
 * sequence (measured: 5-6 per row for gears, about 9 for equal start
 * times).  A linear scan or one shared probe chain costs about n/2. */
#define MAX_PROBES_PER_ROW 16.0

static size_t rows(void)
{
    const char *e = getenv("KP_SCALE_ROWS");
    long n = e ? atol(e) : 100000;
    return n >= 1000 ? (size_t)n : 1000;
}

typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        cr_assert_geq(k, 0);
        if ((size_t)k < t->cap - t->len) {
            t->len += (size_t)k;
            return;
        }
        t->cap = t->cap * 2 + (size_t)k + 64;
        t->p = realloc(t->p, t->cap);
        cr_assert_not_null(t->p);
    }
}

/* `n` rows from `first`, each naming a different gear. */
static text distinct_gears(size_t first, size_t n)
{
    text t = {malloc(64), 0, 64};
    put(&t, "date,distance_km,duration_min,rpe,gear\n");
    for (size_t i = first; i < first + n; i++)
        put(&t, "2024-%02zu-%02zu,5,30,4,shoe number %zu\n", 1 + i % 12, 1 + i % 28, i);
    return t;
}

static text same_start(size_t n)
{
    text t = {malloc(64), 0, 64};
    put(&t, "Activity Type,Date,Title,Distance,Time\n");
    for (size_t i = 0; i < n; i++)
        put(&t, "Running,2024-03-05 07:00:00,Run,%zu.%03zu,00:30:00\n", 1 + i / 1000, i % 1000);
    return t;
}

/* Import t into `log`; returns the probes it took. */
static size_t import(kp__log *log, const text *t)
{
    size_t before = kp__log_probes;
    cr_assert_eq(kp__import_buffer(log, t->p, t->len, "scale.csv", NULL), KP_OK, "%s",
                 kp_error_message());
    return kp__log_probes - before;
}

static void check_probes(const char *what, size_t probes, size_t n)
{
    cr_expect_leq((double)probes, MAX_PROBES_PER_ROW * (double)n,
                  "%s: %zu probes for %zu rows (%.1f per row)", what, probes, n,
                  (double)probes / (double)n);
    cr_log_info("%s: %zu rows, %.2f probes per row", what, n, (double)probes / (double)n);
}

static int has_warning(const kp__log *log, const char *needle)
{
    for (size_t i = 0; i < log->nwarnings; i++)
        if (strstr(log->warnings[i], needle))
            return 1;
    return 0;
}

Test(scale, distinct_gears, .timeout = 120)
{
    size_t n = rows();
    for (size_t k = n / 5; k <= n; k += n - n / 5) {
        kp__log log;
        kp__log_init(&log);
        text t = distinct_gears(0, k);
        check_probes("distinct gears", import(&log, &t), k);
        cr_expect_eq(log.nruns, k);
        cr_expect_eq(log.ngears, k);
        free(t.p);
        kp__log_free(&log);
    }
}

Test(scale, distinct_gears_after_copy, .timeout = 120)
{
    /* a second file into a copy of the log: every gear of the first is
     * indexed again, then the second's are added */
    size_t n = rows() / 2;
    kp__log log, copy;
    kp__log_init(&log);
    text a = distinct_gears(0, n), b = distinct_gears(n, n);
    import(&log, &a);
    cr_assert_eq(kp__log_copy(&copy, &log), KP_OK);
    check_probes("distinct gears after a copy", import(&copy, &b), 2 * n);
    cr_expect_eq(copy.ngears, 2 * n);
    free(a.p);
    free(b.p);
    kp__log_free(&log);
    kp__log_free(&copy);
}

Test(scale, same_start_time, .timeout = 120)
{
    size_t n = rows();
    for (size_t k = n / 5; k <= n; k += n - n / 5) {
        kp__log log;
        kp__log_init(&log);
        text t = same_start(k);
        check_probes("same start time", import(&log, &t), k);
        cr_expect_eq(log.nruns, k, "%zu runs", log.nruns);
        free(t.p);
        kp__log_free(&log);
    }
    /* the file twice: every second copy is a duplicate, counted once */
    kp__log log;
    kp__log_init(&log);
    text b = same_start(n), c = same_start(n);
    put(&c, "%s", strchr(b.p, '\n') + 1);
    check_probes("same start time, every row twice", import(&log, &c), 2 * n);
    cr_expect_eq(log.nruns, n, "%zu runs", log.nruns);
    char want[64];
    snprintf(want, sizeof want, "%zu duplicate activities", n);
    cr_expect(has_warning(&log, want), "no warning '%s'", want);
    free(b.p);
    free(c.p);
    kp__log_free(&log);
}

static size_t reallocs;
static void *count_realloc(void *p, size_t n) { reallocs++; return realloc(p, n); }
static const kp_allocator counting = {KP_ALLOCATOR_VERSION, malloc, count_realloc, free};

/* A field of 8 MB: the buffer grows geometrically (a few dozen reallocations;
 * a fixed 128-byte step made 65 536, each possibly copying the field). */
Test(scale, long_field, .timeout = 120)
{
    size_t len = 8 * 1024 * 1024;
    text x = {malloc(len + 256), 0, len + 256};
    put(&x, "date,distance_km,duration_min,rpe,gear\n2024-05-01,8,40,5,\"");
    memset(x.p + x.len, 'g', len);
    x.len += len;
    x.p[x.len] = '\0';
    put(&x, "\"\n");
    kp__log log;
    kp__log_init(&log);
    cr_assert_eq(kp_set_allocator(&counting), KP_OK);
    reallocs = 0;
    import(&log, &x);
    size_t used = reallocs;
    cr_expect_eq(log.nruns, 1);
    kp__log_free(&log);
    kp_set_allocator(NULL);
    cr_expect_lt(used, 1000, "%zu reallocations for one 8 MB field", used);
    cr_log_info("one 8 MB field: %zu reallocations", used);
    free(x.p);
}
