/*
 * test_reallogs.c - the importers on real exports from
 * ../shared/data/real-logs (beside the source tree; never copied into the
 * project).  Every test skips when that folder is absent.
 *
 * Totals are checked against an independent reading: the file is split
 * with libcsv into a table here, the columns are picked by their header
 * names, and the run distances are summed without the importer's code.
 * Garmin totals are also checked against the figures in the folder's
 * README.
 */
#include <criterion/criterion.h>
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "import/import.h"

static char dir[1024];

static int have_real_logs(void)
{
    struct stat st;
    snprintf(dir, sizeof dir, "%s/../shared/data/real-logs", KP_SRCDIR);
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *slurp(const char *name, size_t *size)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    cr_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* ---- an independent table reader ---- */

typedef struct table {
    char ***rows;       /* rows[r][c] */
    size_t *ncols;
    size_t nrows, cap;
    char **cur;
    size_t ncur, curcap;
} table;

static void t_field(void *s, size_t len, void *data)
{
    table *t = data;
    if (t->ncur == t->curcap) {
        t->curcap = t->curcap ? t->curcap * 2 : 16;
        t->cur = realloc(t->cur, t->curcap * sizeof *t->cur);
    }
    char *v = malloc(len + 1);
    memcpy(v, s ? s : "", len);
    v[len] = '\0';
    t->cur[t->ncur++] = v;
}

static void t_row(int c, void *data)
{
    table *t = data;
    (void)c;
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 256;
        t->rows = realloc(t->rows, t->cap * sizeof *t->rows);
        t->ncols = realloc(t->ncols, t->cap * sizeof *t->ncols);
    }
    t->rows[t->nrows] = t->cur;
    t->ncols[t->nrows++] = t->ncur;
    t->cur = NULL;
    t->ncur = t->curcap = 0;
}

static void read_table(table *t, const char *data, size_t size)
{
    struct csv_parser p;
    memset(t, 0, sizeof *t);
    cr_assert_eq(csv_init(&p, 0), 0);
    csv_parse(&p, data, size, t_field, t_row, t);
    csv_fini(&p, t_field, t_row, t);
    csv_free(&p);
}

static void free_table(table *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols[r]; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    free(t->ncols);
}

/* Index of occurrence `occ` of header `name` (exact), or -1. */
static long col(const table *t, const char *name, int occ)
{
    for (size_t c = 0; c < t->ncols[0]; c++)
        if (!strcmp(t->rows[0][c], name) && --occ == 0)
            return (long)c;
    return -1;
}

/* ---- checks ---- */

typedef struct strava_case {
    const char *file;
    const char *type_col, *dist_col, *run_type; /* header names as written */
    int metres_in_first;                         /* 2018 format */
    size_t runs;                                 /* from the README */
    double km_first_column;                      /* README: run km total, first Distance */
} strava_case;

static void import_file(kp__log *log, const char *file, size_t *size_out)
{
    size_t size;
    char *data = slurp(file, &size);
    cr_assert(data, "cannot read %s", file);
    kp_status st = kp__import_buffer(log, data, size, file, NULL);
    cr_assert_eq(st, KP_OK, "%s: %s", file, kp_error_message());
    free(data);
    if (size_out)
        *size_out = size;
}

static void check_strava(const strava_case *c)
{
    size_t size;
    char *data = slurp(c->file, &size);
    cr_assert(data);
    table t;
    read_table(&t, data, size);
    free(data);
    long type = col(&t, c->type_col, 1);
    long d2 = c->metres_in_first ? col(&t, c->dist_col, 1) : col(&t, c->dist_col, 2);
    long d1 = col(&t, c->dist_col, 1);
    cr_assert(type >= 0 && d2 >= 0, "%s: columns", c->file);
    size_t runs = 0;
    double metres = 0, km_first = 0;
    for (size_t r = 1; r < t.nrows; r++) {
        if (strcmp(t.rows[r][type], c->run_type))
            continue;
        runs++;
        metres += atof(t.rows[r][d2]);
        km_first += atof(t.rows[r][d1]);
    }
    free_table(&t);

    kp__log log;
    kp__log_init(&log);
    import_file(&log, c->file, NULL);
    cr_expect_eq(log.nwarnings, 0, "%s: %s", c->file, log.nwarnings ? log.warnings[0] : "");
    double km = 0;
    for (size_t i = 0; i < log.nruns; i++)
        if (log.runs[i].is_run)
            km += log.runs[i].distance_km;
    cr_expect_eq(kp__log_run_count(&log), runs, "%s", c->file);
    cr_expect_eq(runs, c->runs, "%s", c->file);
    cr_expect(fabs(km - metres / 1000.0) < 1e-6, "%s: %.6f vs %.6f", c->file, km, metres / 1000);
    if (!c->metres_in_first)
        cr_expect(fabs(km_first - c->km_first_column) < 0.005, "%s: README total %.2f vs %.2f",
                  c->file, c->km_first_column, km_first);
    /* the rounded first column and the metres agree within 0.2 % */
    cr_expect(fabs(km - c->km_first_column) < 0.002 * c->km_first_column, "%s", c->file);
    kp__load_metrics m;
    double *shoe = calloc(log.ngears + 1, sizeof *shoe);
    cr_expect_eq(kp__load_compute(&log, INT32_MIN, KP_LOAD_DISTANCE, &m, shoe), KP_OK);
    cr_expect_eq(m.runs, runs);
    free(shoe);
    kp__log_free(&log);
}

Test(reallogs, strava_every_generation)
{
    if (!have_real_logs())
        cr_skip_test("../shared/data/real-logs not present");
    static const strava_case cases[] = {
        {"AakashB-1996_Strava_Analysis__activities.csv", "Activity Type", "Distance", "Run", 0, 439, 4712.49},
        {"Bergolito_strava-atividades__atividades-strava-20250207.csv", "Activity Type", "Distance", "Run", 0, 339, 1687.63},
        {"DanielAlejandroDuquePerez_running-coach__activities_es.csv", "Tipo de actividad", "Distancia", "Carrera", 0, 176, 944.14},
        {"DillM94_Strava__activities.csv", "Activity Type", "Distance", "Run", 0, 127, 878.66},
        {"Lorraine-Sanares_running-dashboard__activities.csv", "Activity Type", "Distance", "Run", 0, 29, 86.41},
        {"savmul_run-performance-dropoff__activities.csv", "Activity Type", "Distance", "Run", 0, 401, 2839.64},
        {"slalom007_strava-running-analysis__activities.csv", "Activity Type", "Distance", "Run", 0, 219, 1867.43},
        {"AhmedAldahshoury_StravaData__activities_oldformat2018.csv", "type", "distance", "Run", 1, 45, 257.05},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_strava(&cases[i]);
}

typedef struct garmin_case {
    const char *file;
    size_t runs;
    double km; /* README figure */
} garmin_case;

Test(reallogs, garmin_languages)
{
    if (!have_real_logs())
        cr_skip_test("../shared/data/real-logs not present");
    static const garmin_case cases[] = {
        {"kostaskes_my-garmin-runs__Activities.csv", 673, 5099.59},
        {"HLasse_GarminRunStats__Activities_da.csv", 41, 220.79},
        {"kosek-g_Running_performance_analysis__Activities_pl.csv", 182, 1467.05},
        {"PhilippPro_Running-App__Activities_de.csv", 103, 401.04},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kp__log log;
        kp__log_init(&log);
        import_file(&log, cases[i].file, NULL);
        double km = 0;
        for (size_t r = 0; r < log.nruns; r++)
            km += log.runs[r].distance_km;
        cr_expect_eq(log.nruns, cases[i].runs, "%s", cases[i].file);
        cr_expect(fabs(km - cases[i].km) < 0.005, "%s: %.2f", cases[i].file, km);
        cr_expect_eq(log.nwarnings, 0, "%s", cases[i].file);
        kp__log_free(&log);
    }
}

/* The hand-renamed French Garmin file: 306 runs, of which 17 repeat the
 * start minute and distance of another row (two athletes logged together). */
Test(reallogs, garmin_french_renamed_header)
{
    if (!have_real_logs())
        cr_skip_test("../shared/data/real-logs not present");
    kp__log log;
    kp__log_init(&log);
    import_file(&log, "mgirardot_Running__Activities_fr.csv", NULL);
    cr_expect_eq(log.nruns, 306 - 17);
    cr_expect_eq(log.nwarnings, 1);
    kp__log_free(&log);
}

/* The slalom007 knee case: the run of 2025-05-13 came 49 days after the
 * previous one (2025-03-25). */
Test(reallogs, slalom_gap_and_shoes)
{
    if (!have_real_logs())
        cr_skip_test("../shared/data/real-logs not present");
    kp__log log;
    kp__log_init(&log);
    import_file(&log, "slalom007_strava-running-analysis__activities.csv", NULL);
    kp__load_metrics m;
    double shoe[4];
    cr_assert_eq(log.ngears, 2);
    cr_assert_eq(kp__load_compute(&log, kp__days_from_civil(2025, 5, 13), KP_LOAD_DISTANCE, &m, shoe), KP_OK);
    cr_expect_float_eq(m.days_since_previous_run, 49.0, 1e-9);
    cr_expect(isnan(m.run_spike_pct));
    cr_expect(isnan(m.acwr_rolling_uncoupled));
    cr_expect_float_eq(m.acwr_rolling, 4.0, 1e-9); /* one run in both windows */
    kp__log_free(&log);
}

/* Files that are not training-log exports are refused with the missing
 * columns named (the Garmin file whose owner stripped the header, a
 * shoes list, a multi-athlete dataset, a load table). */
Test(reallogs, non_logs_are_refused)
{
    if (!have_real_logs())
        cr_skip_test("../shared/data/real-logs not present");
    const char *files[] = {
        "AdamPoper_RunningAverages__activities_garmin_noheader.csv",
        "slalom007_strava-running-analysis__shoes.csv",
        "asierrodri_EDA-Running__raw-data-kaggle.csv",
        "JorgeDelro_ACWR__training_load_decoded.csv",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t size;
        char *data = slurp(files[i], &size);
        cr_assert(data);
        kp__log log;
        kp__log_init(&log);
        cr_expect_eq(kp__import_buffer(&log, data, size, files[i], NULL), KP_EFORMAT, "%s", files[i]);
        cr_expect(strstr(kp_error_message(), "not found"), "%s", kp_error_message());
        kp__log_free(&log);
        free(data);
    }
}

/* The plain reader accepts the Intervals.icu-derived log (dist_m, mov_s). */
Test(reallogs, plain_metres_log)
{
    if (!have_real_logs())
        cr_skip_test("../shared/data/real-logs not present");
    kp__log log;
    kp__log_init(&log);
    import_file(&log, "SamirRehm_half-marathon-training__activities.csv", NULL);
    cr_expect_eq(log.nruns, 1055);
    kp__log_free(&log);
}
