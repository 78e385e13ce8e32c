/*
 * bench_pathological.c - import time of logs built to defeat naive
 * lookups, at 10^4, 10^5 and 10^6 rows: every row a different gear, and
 * every row the same start time with a different distance.  Prints seconds
 * and nanoseconds per row; linear cost keeps ns/row flat.  Usage:
 * bench_pathological [MAX_ROWS] (default 1000000).
 */
#include <kneepain.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* kind 0: distinct gears (plain format); kind 1: one start time (Garmin) */
static char *make(int kind, size_t n, size_t *len)
{
    size_t cap = 64 + n * 64, used = 0;
    char *p = malloc(cap);
    if (!p)
        return NULL;
    used += (size_t)snprintf(p, cap, "%s", kind ? "Activity Type,Date,Title,Distance,Time\n"
                                                : "date,distance_km,duration_min,rpe,gear\n");
    for (size_t i = 0; i < n; i++)
        used += (size_t)(kind ? snprintf(p + used, cap - used,
                                         "Running,2024-03-05 07:00:00,Run,%.4f,00:30:00\n",
                                         1 + (double)i * 0.0009)
                              : snprintf(p + used, cap - used, "2024-%02zu-%02zu,5,30,4,shoe %zu\n",
                                         1 + i % 12, 1 + i % 28, i));
    *len = used;
    return p;
}

int main(int argc, char **argv)
{
    size_t max = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000000;
    kp_model *m = NULL;
    if (kp_model_default(&m)) {
        fprintf(stderr, "%s\n", kp_error_message());
        return 1;
    }
    static const char *const names[] = {"distinct gears", "same start time"};
    for (int kind = 0; kind < 2; kind++) {
        for (size_t n = 10000; n <= max; n *= 10) {
            size_t len;
            char *text = make(kind, n, &len);
            kp_session *s = NULL;
            if (!text || kp_session_new(&s, m)) {
                fprintf(stderr, "out of memory\n");
                return 1;
            }
            double t0 = now();
            int rc = kp_session_import_buffer(s, text, len, "bench.csv", NULL);
            double secs = now() - t0;
            if (rc || kp_session_run_count(s) != n) {
                fprintf(stderr, "%s: %zu of %zu runs: %s\n", names[kind], kp_session_run_count(s),
                        n, rc ? kp_error_message() : kp_session_warning(s, 0));
                return 1;
            }
            printf("%-16s %8zu rows  %7.3f s  %6.0f ns/row\n", names[kind], n, secs,
                   secs * 1e9 / (double)n);
            kp_session_free(s);
            free(text);
        }
    }
    kp_model_free(m);
    return 0;
}
