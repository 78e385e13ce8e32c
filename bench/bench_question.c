/*
 * bench_question.c - median time of next-question selection
 * (kp_interview_next: effective evidence, posterior, triage, selection over
 * every finding of the default model) and of the what-changes-triage
 * analysis (kp_report_triage_changes), at several interview stages.
 * Exits 1 when a median misses its target (20 us, 200 us).
 */
#include <kneepain.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ROUNDS 31
#define CALLS 200

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void die(const char *what)
{
    fprintf(stderr, "bench_question: %s: %s\n", what, kp_error_message());
    exit(2);
}

/* Answer the proposed question n times ("no" / first choice / middle of
 * the range), as an interview would. */
static void advance(kp_interview *iv, kp_model *m, int n)
{
    for (int i = 0; i < n; i++) {
        const char *f;
        if (kp_interview_next(iv, &f) != 1)
            return;
        size_t idx;
        kp_model_find(m, KP_KIND_FINDING, f, &idx);
        int t = kp_model_finding_type(m, idx);
        int rc;
        if (t == KP_TYPE_BOOL)
            rc = kp_interview_answer_bool(iv, f, 0);
        else if (t == KP_TYPE_CHOICE)
            rc = kp_interview_answer_choice(iv, f, kp_model_finding_choice_id(m, idx, 0));
        else {
            double lo, hi;
            kp_model_finding_range(m, idx, &lo, &hi);
            rc = kp_interview_answer_number(iv, f, (lo + hi) / 2);
        }
        if (rc)
            die("answer");
    }
}

int main(void)
{
    kp_model *m;
    if (kp_model_default(&m))
        die("model");
    static const int stages[] = {0, 5, 12, 20};
    double worst_next = 0, worst_whatif = 0;
    for (size_t st = 0; st < sizeof stages / sizeof *stages; st++) {
        kp_session *s;
        kp_interview *iv;
        if (kp_session_new(&s, m) || kp_interview_new(&iv, s, NULL))
            die("session");
        /* a trauma story so that rules stay open */
        if (kp_session_set_bool(s, "trauma", 1) || kp_session_set_number(s, "age", 44))
            die("evidence");
        advance(iv, m, stages[st]);
        double next[ROUNDS], whatif[ROUNDS];
        const char *f;
        for (int r = 0; r < ROUNDS; r++) {
            double t0 = now_us();
            for (int c = 0; c < CALLS; c++)
                if (kp_interview_next(iv, &f) < 0)
                    die("next");
            next[r] = (now_us() - t0) / CALLS;
        }
        kp_report *rep;
        if (kp_session_assess(s, &rep))
            die("assess");
        for (int r = 0; r < ROUNDS; r++) {
            double t0 = now_us();
            for (int c = 0; c < CALLS / 10; c++) {
                kp_whatif *w;
                if (kp_report_triage_changes(rep, &w))
                    die("whatif");
                kp_whatif_free(w);
            }
            whatif[r] = (now_us() - t0) / (CALLS / 10);
        }
        qsort(next, ROUNDS, sizeof *next, cmp);
        qsort(whatif, ROUNDS, sizeof *whatif, cmp);
        printf("after %2d answers: next question median %7.2f us, what-changes-triage median %7.2f us\n",
               stages[st], next[ROUNDS / 2], whatif[ROUNDS / 2]);
        if (next[ROUNDS / 2] > worst_next)
            worst_next = next[ROUNDS / 2];
        if (whatif[ROUNDS / 2] > worst_whatif)
            worst_whatif = whatif[ROUNDS / 2];
        kp_report_free(rep);
        kp_interview_free(iv);
        kp_session_free(s);
    }
    int fail = worst_next > 20.0 || worst_whatif > 200.0;
    printf("next question: worst median %.2f us (target <= 20 us) %s\n", worst_next,
           worst_next > 20.0 ? "FAIL" : "ok");
    printf("what-changes-triage: worst median %.2f us (target <= 200 us) %s\n", worst_whatif,
           worst_whatif > 200.0 ? "FAIL" : "ok");
    kp_model_free(m);
    return fail;
}
