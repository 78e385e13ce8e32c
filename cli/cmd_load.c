/*
<<<<<<< HEAD
 * cmd_load.c - `kneepain load FILE... [--format text|json] [--as-of DATE]
 * [--units km|mi] [--load distance|duration|srpe]`: import training logs
 * and print the training-load figures of doc/training-load.md.
=======
 * cmd_load.c - `kneepain load [OPTION]... FILE...` (options in load_options
 * below): import training logs and print the
 * training-load figures of DESIGN section 4.
>>>>>>> d713fa3 (CLI: GNU option parsing with getopt_long from one option table per command)
 *
 * The JSON output is the report's `training_load` object (as_of, runs, the
 * figures with null where undefined, shoe_km) plus the import warnings, so
 * it matches what `kneepain assess` writes to the digit.
 */
#include "commands.h"
#include "options.h"
#include "util.h"

#include <kneepain.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Files above this size get a progress note on a terminal. */
#define PROGRESS_MIN_BYTES (8u << 20)

typedef struct load_args {
    const char **files;
    int nfiles;
    int json;
    const char *as_of;
    int miles;
    kp_load_unit unit;
} load_args;

enum { OPT_FORMAT, OPT_AS_OF, OPT_UNITS, OPT_LOAD, OPT_COUNT };

static const cli_option load_options[] = {
    [OPT_FORMAT] = {"format", 0, "FORMAT", "text|json",
                    "text (the default): the figures in words;\n"
                    "json: the report's training_load object plus the import warnings.",
                    "kneepain load --format=json activities.csv"},
    [OPT_AS_OF] = {"as-of", 0, "DATE", NULL,
                   "Compute the figures as of this day (YYYY-MM-DD); the default is the\n"
                   "day of the last run in the logs.  \"Last 7 days\" is this day and\n"
                   "the 6 before it.",
                   "kneepain load --as-of 2026-11-30 activities.csv"},
    [OPT_UNITS] = {"units", 0, "UNITS", "km|mi",
                   "Unit of distances in logs that do not name it (km, the default, or mi).",
                   "kneepain load --units mi garmin.csv"},
    [OPT_LOAD] = {"load", 0, "MEASURE", "distance|duration|srpe",
                  "What counts as load in the acute:chronic ratios: distance (the\n"
                  "default), duration, or session RPE (duration times effort).",
                  "kneepain load --load srpe activities.csv"},
    [OPT_COUNT] = {NULL, 0, NULL, NULL, NULL, NULL}};

const cli_command cli_cmd_load = {
    "load", "FILE...", "training-load figures from Strava/Garmin/plain CSV logs",
    "Import Strava, Garmin Connect or plain CSV training logs and print the\n"
    "training-load figures, the distance per shoe and the rows that could not\n"
    "be read.",
    load_options, cmd_load};

/* Returns 1 to go on, or 0 with the exit status in *status (--help shown,
 * or a bad argument). */
static int parse_args(int argc, char **argv, load_args *a, int *status)
{
    static const kp_load_unit units[] = {KP_LOAD_DISTANCE, KP_LOAD_DURATION, KP_LOAD_SRPE};
    memset(a, 0, sizeof *a);
    cli_parser p;
    cli_parser_init(&p, &cli_cmd_load, argc, argv);
    int which;
    while ((which = cli_next(&p)) >= 0) {
        switch (which) {
        case OPT_FORMAT: a->json = p.choice == 1; break;
        case OPT_AS_OF: a->as_of = p.value; break;
        case OPT_UNITS: a->miles = p.choice == 1; break;
        case OPT_LOAD: a->unit = units[p.choice]; break;
        }
    }
    if (which != CLI_END) {
        *status = cli_stop_status(which);
        return 0;
    }
    a->files = (const char **)argv + p.optind;
    a->nfiles = argc - p.optind;
    if (!a->nfiles) {
        *status = cli_usage_error(&cli_cmd_load, "no training-log file given");
        return 0;
    }
    return 1;
}

static int import_one(kp_session *s, const char *path, const kp_import_options *opts)
{
    struct stat st;
    int progress = isatty(STDERR_FILENO) && !stat(path, &st) &&
                   (unsigned long long)st.st_size >= PROGRESS_MIN_BYTES;
    struct timespec t0, t1;
    if (progress) {
        fputs("kneepain: importing ", stderr);
        cli_put_safe(stderr, path);
        fprintf(stderr, " (%.1f MB)...", st.st_size / 1e6);
        fflush(stderr);
        clock_gettime(CLOCK_MONOTONIC, &t0);
    }
    kp_status rc = kp_session_import_file(s, path, opts);
    if (progress) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        cli_errorf(" %s in %.1f s", rc ? "failed" : "done",
                (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    return rc ? cli_fail(path, rc) : KP_EXIT_OK;
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* The value of top-level member `key` of a JSON object written by the
 * library (valid JSON): start and length of the value's text. */
static int json_member(const char *json, const char *key, const char **start, size_t *len)
{
    int depth = 0;
    size_t klen = strlen(key);
    for (const char *p = json; *p; p++) {
        if (*p == '"') {
            const char *q = p + 1;
            while (*q && *q != '"')
                q += *q == '\\' ? 2 : 1;
            if (depth == 1 && (size_t)(q - p - 1) == klen && !strncmp(p + 1, key, klen)) {
                const char *v = q + 1;
                while (*v == ' ' || *v == ':' || *v == '\n')
                    v++;
                /* the value runs to the matching close (objects only) */
                int d = 0;
                const char *e = v;
                for (; *e; e++) {
                    if (*e == '"') {
                        for (e++; *e && *e != '"'; e += *e == '\\' ? 2 : 1)
                            ;
                    } else if (*e == '{' || *e == '[') {
                        d++;
                    } else if ((*e == '}' || *e == ']') && --d == 0) {
                        *start = v;
                        *len = (size_t)(e - v) + 1;
                        return 0;
                    }
                }
                return -1;
            }
            p = q;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            depth--;
        }
    }
    return -1;
}

static int print_json(const kp_report *r)
{
    char *doc = NULL;
    kp_status rc = kp_report_to_json(r, 0, &doc);
    if (rc)
        return cli_fail("report", rc);
    const char *load;
    size_t len;
    if (json_member(doc, "training_load", &load, &len) || len < 2) {
        kp_free(doc);
        cli_errorf("kneepain load: report has no training_load");
        return KP_EXIT_ERROR;
    }
    /* the training_load object without its closing brace, then warnings */
    fwrite(load, 1, len - 1, stdout);
    fputs(len > 2 ? ",\"warnings\":[" : "\"warnings\":[", stdout);
    for (size_t i = 0; i < kp_report_warning_count(r); i++) {
        if (i)
            fputc(',', stdout);
        json_string(stdout, kp_report_warning(r, i));
    }
    fputs("]}\n", stdout);
    kp_free(doc);
    return KP_EXIT_OK;
}

static void print_metric(const kp_report *r, const char *label, const char *name,
                         const char *fmt, const char *why_null)
{
    double v;
    printf("  %-32s", label);
    if (kp_report_load_metric(r, name, &v) == 1)
        printf(fmt, v);
    else
        printf("n/a (%s)", why_null);
    putchar('\n');
}

/* `date` ("YYYY-MM-DD") moved by `days`, into out[11]; "?" when unreadable
 * (cannot happen for the library's dates). */
static void date_add(const char *date, int days, char out[11])
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    /* noon: a daylight-saving shift cannot move the day */
    if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
        snprintf(out, 11, "?");
        return;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += days;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    if (mktime(&tm) == (time_t)-1 || !strftime(out, 11, "%Y-%m-%d", &tm))
        snprintf(out, 11, "?");
}

/* The as-of day and what "last 7 days" and "previous 7 days" cover. */
static void print_window(const kp_report *r, const char *as_of_option)
{
    const char *as_of = kp_report_load_as_of(r);
    if (!as_of)
        return;
    char week_start[11], prev_start[11], prev_end[11];
    date_add(as_of, -6, week_start);
    date_add(as_of, -13, prev_start);
    date_add(as_of, -7, prev_end);
    printf("  as of %s (%s)\n", as_of,
           as_of_option ? "the --as-of date" : "the day of the last run in the logs");
    printf("  last 7 days = %s to %s, both included\n", week_start, as_of);
    printf("  previous 7 days = %s to %s\n", prev_start, prev_end);
}

/* Gear with runs under "Shoes", gear without (a bike, shoes only walked
 * in) under "Other gear"; names come from the files: escaped. */
static void print_gear(const kp_report *r, int running)
{
    size_t shown = 0;
    for (size_t i = 0; i < kp_report_shoe_count(r); i++) {
        size_t runs = kp_report_shoe_run_count(r, i);
        if ((runs > 0) != running)
            continue;
        if (!shown++)
            printf(running ? "Shoes (gear used for runs, km of every activity in them)\n"
                           : "Other gear (used for no run up to the as-of date)\n");
        fputs("  ", stdout);
        for (size_t w = cli_put_safe(stdout, kp_report_shoe_gear(r, i)); w < 32; w++)
            putchar(' ');
        printf("%.1f km", kp_report_shoe_km(r, i));
        if (running)
            printf(", %zu run%s", runs, runs == 1 ? "" : "s");
        putchar('\n');
    }
}

static void print_text(const kp_report *r, size_t runs, const char *as_of_option)
{
    double wk;
    printf("Training load (%zu runs)\n", runs);
    print_window(r, as_of_option);
    if (kp_report_load_metric(r, "weekly_km", &wk) != 1) {
        printf("  no runs in the log\n");
    } else {
        print_metric(r, "distance, last 7 days", "weekly_km", "%.2f km", "");
        print_metric(r, "change vs previous 7 days", "weekly_km_change_pct", "%+.1f %%",
                     "previous week empty or log < 14 days");
        print_metric(r, "single-run spike", "run_spike_pct", "%+.1f %%",
                     "no earlier run in the 30 days before");
        print_metric(r, "ACWR, EWMA (weak signal)", "acwr_ewma", "%.2f", "log < 28 days");
        print_metric(r, "ACWR, rolling coupled", "acwr_rolling", "%.2f",
                     "log < 28 days or no load");
        print_metric(r, "ACWR, rolling uncoupled", "acwr_rolling_uncoupled", "%.2f",
                     "log < 28 days or no load in days 8-28");
        print_metric(r, "consecutive run days", "consecutive_run_days", "%.0f", "");
        print_metric(r, "run days in last 14", "runs_last_14d", "%.0f", "");
        print_metric(r, "days since previous run", "days_since_previous_run", "%.0f",
                     "only one run day");
        print_metric(r, "longest gap in last 28 days", "longest_gap_days_28d", "%.0f", "");
        print_metric(r, "monotony (Foster)", "monotony", "%.2f", "no RPE");
        print_metric(r, "strain (Foster)", "strain", "%.0f", "no RPE");
    }
    print_gear(r, 1);
    print_gear(r, 0);
    /* warnings come from the files: escaped for the terminal */
    size_t nw = kp_report_warning_count(r);
    if (nw)
        printf("Warnings (%zu)\n", nw);
    for (size_t i = 0; i < nw; i++) {
        fputs("  ", stdout);
        cli_put_safe(stdout, kp_report_warning(r, i));
        putchar('\n');
    }
}

int cmd_load(int argc, char **argv)
{
    load_args a;
    int code = KP_EXIT_OK;
    if (!parse_args(argc, argv, &a, &code))
        return code;
    kp_model *model = NULL;
    kp_session *s = NULL;
    kp_report *r = NULL;
    kp_status rc = kp_model_default(&model);
    if (rc) {
        code = cli_fail("default model", rc);
        goto out;
    }
    if ((rc = kp_session_new(&s, model))) {
        code = cli_fail("session", rc);
        goto out;
    }
    kp_options o = KP_OPTIONS_INIT;
    o.load_unit = a.unit;
    if ((rc = kp_session_set_options(s, &o))) {
        code = cli_fail("--load", rc);
        goto out;
    }
    if (a.as_of && (rc = kp_session_set_as_of(s, a.as_of))) {
        code = cli_fail("--as-of", rc);
        goto out;
    }
    kp_import_options io = KP_IMPORT_OPTIONS_INIT;
    io.miles = a.miles;
    for (int i = 0; i < a.nfiles; i++)
        if ((code = import_one(s, a.files[i], &io)))
            goto out;
    if ((rc = kp_session_assess(s, &r))) {
        code = cli_fail("assess", rc);
        goto out;
    }
    if (a.json)
        code = print_json(r);
    else
        print_text(r, kp_session_run_count(s), a.as_of);
out:
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(model);
    return code;
}
