/*
 * bench_ops.c - one operation repeated, for instruction counts under
 * callgrind (`make bench-callgrind`).
 *
 * Usage: bench_ops OP [N]   (N default 10)
 *   assess     kp_session_assess + kp_report_free on an unchanged session
 *   logchange  the as-of date alternates between two days before each
 *              assessment, so the training-load figures are derived again
 *   receipt    as logchange, then the receipt is read
 *   json       kp_assess_json + kp_free on examples/assessment.json
 * The session is set up and one operation runs as a warm-up before the
 * function `measured` is entered; callgrind collects only inside it
 * (--toggle-collect=measured), so the totals divided by N are the
 * instructions per operation.
 */
#include <kneepain.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KP_SRCDIR
#  define KP_SRCDIR ".."
#endif

static kp_model *model;
static kp_session *session;
static char *input;
static size_t input_size;

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    long n = -1;
    if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
        (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *size = (size_t)n;
    }
    return buf;
}

/* One operation; returns nonzero on failure. */
static int op(const char *name, long i)
{
    kp_report *r = NULL;
    int rc = 0;
    if (!strcmp(name, "assess")) {
        rc = kp_session_assess(session, &r);
    } else if (!strcmp(name, "logchange") || !strcmp(name, "receipt")) {
        rc = kp_session_set_as_of(session, i % 2 ? "2026-11-02" : "2026-11-01");
        if (!rc)
            rc = kp_session_assess(session, &r);
        if (!rc && name[0] == 'r' && !kp_report_receipt(r))
            rc = -1;
    } else if (!strcmp(name, "json")) {
        char *out = NULL;
        rc = kp_assess_json(model, input, input_size, 0, &out);
        kp_free(out);
    } else {
        return -2;
    }
    kp_report_free(r);
    return rc;
}

/* noinline and external so callgrind can toggle collection on it */
__attribute__((noinline)) int measured(const char *name, long n);
__attribute__((noinline)) int measured(const char *name, long n)
{
    for (long i = 0; i < n; i++)
        if (op(name, i))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_ops assess|logchange|receipt|json [N]\n");
        return 2;
    }
    long n = argc > 2 ? atol(argv[2]) : 10;
    const char *path = KP_SRCDIR "/examples/assessment.json";
    if (!(input = slurp(path, &input_size))) {
        perror(path);
        return 1;
    }
    int rc;
    if ((rc = kp_model_default(&model)) ||
        (rc = kp_session_from_json(&session, model, input, input_size))) {
        fprintf(stderr, "bench_ops: %s: %s\n", kp_strerror(rc), kp_error_message());
        return 1;
    }
    rc = op(argv[1], 1);
    if (rc == -2) {
        fprintf(stderr, "bench_ops: unknown operation '%s'\n", argv[1]);
        return 2;
    }
    if (rc || measured(argv[1], n)) {
        fprintf(stderr, "bench_ops: %s failed: %s\n", argv[1], kp_error_message());
        return 1;
    }
    kp_session_free(session);
    kp_model_free(model);
    free(input);
    return 0;
}
