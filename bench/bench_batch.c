/*
 * bench_batch.c - batch scoring throughput of kp_model_score().
 *
 * A synthetic cohort of ROWS cases x 20 findings (16 questionnaire
 * booleans, age, sex, pain side, weekly km; about 20% of the boolean cells
 * unknown) is scored with conditions, causes and triage levels as outputs,
 * 11 times; the median is printed as rows per second on one thread.
 * Usage: bench_batch [ROWS] (default 200000).  `make bench-callgrind` runs
 * it with 2,000 rows and counts the instructions inside kp_model_score.
 */
#include <kneepain.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define RUNS 11

static const char *const columns[] = {
    "age", "sex", "pain_side", "weekly_km",
    "onset_sudden", "trauma", "pain_resisted_flexion", "hill_or_speed_increase",
    "calf_swelling", "swelling_behind_knee", "calf_pain", "numbness_tingling",
    "mechanical_symptoms", "pain_downhill", "back_pain_radiating", "cold_pale_foot",
    "breathless_or_chest_pain", "fever_hot_red_knee", "knee_locked", "cannot_bear_weight",
};
#define COLS (sizeof columns / sizeof *columns)

static unsigned long long rng = 0x2545f4914f6cdd1dull;
static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Fill rows x COLS with the synthetic cohort. */
static void cohort(double *m, size_t rows)
{
    for (size_t r = 0; r < rows; r++) {
        double *row = m + r * COLS;
        row[0] = floor(16 + 64 * uniform());
        row[1] = uniform() < 0.5;
        row[2] = uniform() < 0.5;
        row[3] = fmin(300, 32 * -log(1 - uniform()));
        for (size_t c = 4; c < COLS; c++)
            row[c] = uniform() < 0.2 ? NAN : (double)(uniform() < 0.2);
    }
}

int main(int argc, char **argv)
{
    size_t rows = argc > 1 ? (size_t)atol(argv[1]) : 200000;
    if (rows < 1)
        rows = 1;
    kp_model *model = NULL;
    int rc = kp_model_default(&model);
    if (rc) {
        fprintf(stderr, "bench_batch: %s\n", kp_error_message());
        return 1;
    }
    size_t nc = kp_model_count(model, KP_KIND_CONDITION), nk = kp_model_count(model, KP_KIND_CAUSE);
    double *m = malloc(rows * COLS * sizeof *m), *conds = malloc(rows * nc * sizeof *conds),
           *causes = malloc(rows * nk * sizeof *causes);
    int *levels = malloc(rows * sizeof *levels);
    if (!m || !conds || !causes || !levels) {
        fprintf(stderr, "bench_batch: out of memory\n");
        return 1;
    }
    cohort(m, rows);
    double t[RUNS];
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_s();
        rc = kp_model_score(model, m, rows, COLS, columns, conds, causes, levels);
        t[i] = now_s() - t0;
        if (rc) {
            fprintf(stderr, "bench_batch: kp_model_score: %s\n", kp_error_message());
            return 1;
        }
    }
    qsort(t, RUNS, sizeof *t, cmp_double);
    printf("batch scoring (kp_model_score, %zu rows x %zu findings, 1 thread): median %.0f rows/s "
           "(%.1f ms; min %.1f, max %.1f; %d runs)\n",
           rows, (size_t)COLS, (double)rows / t[RUNS / 2], t[RUNS / 2] * 1e3, t[0] * 1e3,
           t[RUNS - 1] * 1e3, RUNS);
    free(m);
    free(conds);
    free(causes);
    free(levels);
    kp_model_free(model);
    return 0;
}
