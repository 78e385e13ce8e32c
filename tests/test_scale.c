/*
 * test_scale.c - pathological training logs cost time linear in their size.
 *
 * Each case imports n/5 and then n rows (n = KP_SCALE_ROWS, default 10^5)
 * of a file built to defeat a naive implementation, and checks both the
 * result and that the CPU time grew about five-fold, not 25-fold:
 *   - every row names a different gear (a linear gear lookup is quadratic),
 *   - every row starts at the same second with a different distance (a
 *     duplicate set keyed by start time alone is one long probe chain),
 *   - one field of several megabytes (a fixed growth step for the field
 *     buffer is quadratic in copies; counted as reallocations).
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kneepain.h>

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

static text distinct_gears(size_t n)
{
    text t = {malloc(64), 0, 64};
    put(&t, "date,distance_km,duration_min,rpe,gear\n");
    for (size_t i = 0; i < n; i++)
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

/* Import t into a fresh session; returns CPU seconds, fills the run count
 * and the warnings joined. */
static double import(kp_model *m, const text *t, size_t *runs, char *warn, size_t warn_size)
{
    kp_session *s = NULL;
    cr_assert_eq(kp_session_new(&s, m), KP_OK, "%s", kp_error_message());
    clock_t c0 = clock();
    int rc = kp_session_import_buffer(s, t->p, t->len, "scale.csv", NULL);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    cr_assert_eq(rc, KP_OK, "%s", kp_error_message());
    *runs = kp_session_run_count(s);
    warn[0] = '\0';
    for (size_t i = 0; i < kp_session_warning_count(s); i++)
        snprintf(warn + strlen(warn), warn_size - strlen(warn), "%s\n", kp_session_warning(s, i));
    kp_session_free(s);
    return secs;
}

static void check_linear(const char *what, double small, double big)
{
    /* five times the rows: linear is ~5x; the quadratic paths were ~25x.
     * Below 50 ms the clock is too coarse to judge. */
    cr_expect(big < 0.05 || big < 12 * (small > 0.004 ? small : 0.004),
              "%s: %.3f s for n/5 rows, %.3f s for n rows", what, small, big);
}

Test(scale, distinct_gears, .timeout = 120)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_default(&m), KP_OK);
    size_t n = rows(), got;
    char warn[4096];
    text a = distinct_gears(n / 5), b = distinct_gears(n);
    double ta = import(m, &a, &got, warn, sizeof warn);
    cr_expect_eq(got, n / 5);
    double tb = import(m, &b, &got, warn, sizeof warn);
    cr_expect_eq(got, n);
    check_linear("distinct gears", ta, tb);
    free(a.p);
    free(b.p);
    kp_model_free(m);
}

Test(scale, same_start_time, .timeout = 120)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_default(&m), KP_OK);
    size_t n = rows(), got;
    char warn[4096];
    text a = same_start(n / 5), b = same_start(n);
    double ta = import(m, &a, &got, warn, sizeof warn);
    cr_expect_eq(got, n / 5, "%zu runs", got);
    double tb = import(m, &b, &got, warn, sizeof warn);
    cr_expect_eq(got, n, "%zu runs: %s", got, warn);
    check_linear("same start time", ta, tb);
    /* the file twice: every second copy is a duplicate, counted once */
    text c = same_start(n);
    size_t half = c.len;
    put(&c, "%s", strchr(b.p, '\n') + 1);
    cr_assert_eq(c.len, half + (b.len - (size_t)(strchr(b.p, '\n') + 1 - b.p)));
    import(m, &c, &got, warn, sizeof warn);
    cr_expect_eq(got, n, "%zu runs", got);
    char want[64];
    snprintf(want, sizeof want, "%zu duplicate activities", n);
    cr_expect(strstr(warn, want) != NULL, "warnings: %s", warn);
    free(a.p);
    free(b.p);
    free(c.p);
    kp_model_free(m);
}

static size_t reallocs;
static void *count_realloc(void *p, size_t n) { reallocs++; return realloc(p, n); }
static const kp_allocator counting = {KP_ALLOCATOR_VERSION, malloc, count_realloc, free};

/* A field of 8 MB: the buffer grows geometrically (a few dozen reallocations;
 * a fixed 128-byte step made 65 536, each possibly copying the field). */
Test(scale, long_field, .timeout = 120)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_default(&m), KP_OK);
    size_t got, len = 8 * 1024 * 1024;
    char warn[4096];
    text x = {malloc(len + 256), 0, len + 256};
    put(&x, "date,distance_km,duration_min,rpe,gear\n2024-05-01,8,40,5,\"");
    memset(x.p + x.len, 'g', len);
    x.len += len;
    x.p[x.len] = '\0';
    put(&x, "\"\n");
    cr_assert_eq(kp_set_allocator(&counting), KP_OK);
    reallocs = 0;
    import(m, &x, &got, warn, sizeof warn);
    size_t used = reallocs;
    kp_set_allocator(NULL);
    cr_expect_eq(got, 1);
    cr_expect_lt(used, 1000, "%zu reallocations for one 8 MB field", used);
    free(x.p);
    kp_model_free(m);
}
