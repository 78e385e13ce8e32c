/*
 * test_alloc_fail.c - allocation-failure testing (SQLite style).
 *
 * A counting allocator installed with kp_set_allocator() fails the Nth
 * allocation.  For every operation below the test walks N = 1, 2, ... until
 * the operation completes without reaching N, and checks after each
 * injected failure that the call
 *   - returned KP_ENOMEM (kp_error_code() agrees),
 *   - set its output pointer to NULL,
 *   - leaked nothing (live blocks back to the count before the call),
 *   - left its objects unchanged (session document, runs, warnings),
 *   - and that the same call then succeeds on the same objects.
 * Covered: model load, session building, input documents, assessment, JSON
 * output, CSV and FIT import (Strava, Garmin, plain, FIT, gzip, auto), model
 * files, batch scoring and the lazily built default model.  The interview,
 * what-if, restore and vignette calls are walked in test_interview_oom.c.
 *
 * KP_ALLOC_STRIDE=k tests every k-th allocation only (make valgrind uses
 * it to keep memcheck fast); the default is 1: every allocation.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kneepain.h>

#ifndef KP_SRCDIR
#  define KP_SRCDIR "."
#endif

/* ---- the failing allocator ----------------------------------------------- */

#include "failing_alloc.h"

static void install(void) { cr_assert_eq(kp_set_allocator(&failing), KP_OK); }
static void uninstall(void) { kp_set_allocator(NULL); }

/* ---- fixtures -------------------------------------------------------------- */

static char *slurp(const char *rel, size_t *size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", KP_SRCDIR, rel);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (size)
        *size = (size_t)n;
    return buf;
}

typedef struct ctx {
    kp_model *model;
    kp_session *session;
    kp_report *report;
    /* outputs of the operation under test, released by undo() */
    kp_model *out_model;
    kp_session *out_session;
    kp_report *out_report;
    char *out_text;
    /* inputs */
    char *doc;
    size_t doc_size;
    const char *csv_name;
    kp_import_format format;
} ctx;

static ctx C;

static void undo(void)
{
    kp_model_free(C.out_model);
    kp_session_free(C.out_session);
    kp_report_free(C.out_report);
    kp_free(C.out_text);
    C.out_model = NULL;
    C.out_session = NULL;
    C.out_report = NULL;
    C.out_text = NULL;
}

/* Everything observable about the session, as one string (malloc'd). */
static char *snapshot(void)
{
    if (!C.session)
        return strdup("");
    char *doc = NULL;
    cr_assert_eq(kp_session_to_json(C.session, &doc), KP_OK, "%s", kp_error_message());
    size_t n = strlen(doc) + 64;
    for (size_t i = 0; i < kp_session_warning_count(C.session); i++)
        n += strlen(kp_session_warning(C.session, i)) + 1;
    char *s = malloc(n);
    int k = snprintf(s, n, "%s\nruns=%zu\n", doc, kp_session_run_count(C.session));
    for (size_t i = 0; i < kp_session_warning_count(C.session); i++)
        k += snprintf(s + k, n - (size_t)k, "%s\n", kp_session_warning(C.session, i));
    kp_free(doc);
    return s;
}

static void (*build)(void);   /* makes the objects op() works on */
static int no_retry;          /* op() keeps what it built (the default model) */

static void destroy(void)
{
    kp_report_free(C.report);
    kp_session_free(C.session);
    C.report = NULL;
    C.session = NULL;
}

/* What a call produced (its output and the session), for comparing a call
 * that recovered from a failure on its own with an undisturbed one. */
static char *result(void)
{
    long saved = fail_at;
    fail_at = 0;
    char *out = NULL;
    if (C.out_report)
        cr_assert_eq(kp_report_to_json(C.out_report, 0, &out), KP_OK);
    char *snap = snapshot();
    const char *main = C.out_text ? C.out_text : C.out_model ? kp_model_sha256(C.out_model)
                     : out ? out : "";
    char *r = malloc(strlen(main) + strlen(snap) + 2);
    sprintf(r, "%s\n%s", main, snap);
    kp_free(out);
    free(snap);
    fail_at = saved;
    return r;
}

/* Walk the allocations of op().  Before each attempt the objects are
 * rebuilt by `build` (may be NULL) with injection off; after it they are
 * destroyed, so that "no leak" is exact: the live block count must return
 * to what it was before they were built.  Calls of more than 3000
 * allocations are walked over their first 100, last 300 and every
 * (total/1000)-th allocation unless KP_ALLOC_FULL is set.  Returns the
 * number of allocations of a complete call. */
static long walk(const char *what, int (*op)(void))
{
    long stride = 1, total = -1;
    const char *env = getenv("KP_ALLOC_STRIDE");
    if (env && atol(env) > 0)
        stride = atol(env);
    char *reference = NULL;
    if (!no_retry) {
        /* an undisturbed call: how many allocations, and what it gives */
        long live0 = live;
        if (build)
            build();
        alloc_count = 0;
        fail_at = 0;
        cr_assert_eq(op(), KP_OK, "%s: %s", what, kp_error_message());
        total = alloc_count;
        reference = result();
        undo();
        if (build)
            destroy();
        cr_assert_eq(live, live0, "%s: %ld blocks leaked without a failure", what, live - live0);
    }
    int full = getenv("KP_ALLOC_FULL") != NULL || total <= 3000;
    long sparse = total / 1000;
    for (long n = 1;; n++) {
        if (total >= 0 && n > total)
            break;
        if (n % stride && n != total)
            continue;
        if (!full && n > 100 && n < total - 300 && n % sparse)
            continue;
        if (no_retry && !getenv("KP_ALLOC_FULL") && n > 100 && n % 97)
            continue;   /* same parser as model_load_default: sample it */
        long live0 = live;
        if (build)
            build();
        char *before = snapshot();
        alloc_count = 0;
        injected = 0;
        fail_at = n;
        kp_error_clear();
        int rc = op();
        fail_at = 0;
        if (injected && rc != KP_OK) {
            cr_assert_eq(rc, KP_ENOMEM, "%s: allocation %ld failed: got %d (%s)", what, n, rc,
                         kp_error_message());
            cr_assert_eq(kp_error_code(), KP_ENOMEM, "%s: allocation %ld: error code %d", what,
                         n, kp_error_code());
            cr_assert_null(C.out_model, "%s: allocation %ld: *out not NULL", what, n);
            cr_assert_null(C.out_session, "%s: allocation %ld: *out not NULL", what, n);
            cr_assert_null(C.out_report, "%s: allocation %ld: *out not NULL", what, n);
            cr_assert_null(C.out_text, "%s: allocation %ld: *out not NULL", what, n);
            char *after = snapshot();
            cr_assert_str_eq(after, before, "%s: allocation %ld failed: session changed", what,
                             n);
            free(after);
            if (no_retry) {
                cr_assert_eq(live, live0, "%s: allocation %ld failed: %ld blocks leaked", what,
                             n, live - live0);
                free(before);
                continue;
            }
            /* the objects are still usable: the same call now succeeds */
            rc = op();
            cr_assert_eq(rc, KP_OK, "%s: after allocation %ld failed, the retry failed: %d %s",
                         what, n, rc, kp_error_message());
        } else {
            cr_assert_eq(rc, KP_OK, "%s: failed without an injected failure: %d %s", what, rc,
                         kp_error_message());
            if (injected && reference) {
                /* recovered from the failure on its own: same result */
                char *got = result();
                cr_assert_str_eq(got, reference, "%s: allocation %ld failed, the call "
                                 "succeeded but with a different result", what, n);
                free(got);
            }
        }
        free(before);
        if (no_retry && rc == KP_OK)
            return n;   /* the default model now exists for good */
        undo();
        if (build)
            destroy();
        cr_assert_eq(live, live0, "%s: allocation %ld failed: %ld blocks leaked", what, n,
                     live - live0);
        if (!injected)
            break;
    }
    free(reference);
    return total;
}

static kp_model *load_model(const char *rel)
{
    size_t n;
    char *text = slurp(rel, &n);
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_buffer(&m, text, n, rel), KP_OK, "%s", kp_error_message());
    free(text);
    return m;
}

/* Builders (run with injection off, before every attempt). */
static char *example_doc;
static size_t example_size;
static int build_runs;     /* runs and diary entries of build_log() */
static int report_de;      /* build_report(): German, third person, warnings */

static void build_example(void)
{
    cr_assert_eq(kp_session_from_json(&C.session, C.model, example_doc, example_size), KP_OK,
                 "%s", kp_error_message());
}

static void build_log(void)
{
    cr_assert_eq(kp_session_new(&C.session, C.model), KP_OK);
    for (int i = 0; i < build_runs; i++) {
        char day[16];
        snprintf(day, sizeof day, "2026-09-%02d", 1 + i % 28);
        cr_assert_eq(kp_session_add_run(C.session, day, 5 + i % 7, NAN, NAN,
                                        i % 3 ? "a" : "b", NAN), KP_OK);
        cr_assert_eq(kp_session_add_pain(C.session, day, i % 5, NAN, NAN), KP_OK);
    }
}

static void build_report(void)
{
    build_example();
    if (report_de) {
        size_t n;
        char *csv = slurp("tests/fixtures/logs/plain_bad.csv", &n);
        cr_assert_eq(kp_session_import_buffer(C.session, csv, n, "plain_bad.csv", NULL), KP_OK,
                     "%s", kp_error_message());
        free(csv);
        kp_options o;
        kp_options_init(&o, KP_OPTIONS_VERSION);
        o.locale = "de";
        o.third_person = 1;
        cr_assert_eq(kp_session_set_options(C.session, &o), KP_OK);
    }
    cr_assert_eq(kp_session_assess(C.session, &C.report), KP_OK, "%s", kp_error_message());
}

static void setup(void)
{
    memset(&C, 0, sizeof C);
    build = NULL;
    no_retry = 0;
    build_runs = 0;
    report_de = 0;
    install();
    C.model = load_model("models/default.json");
    example_doc = slurp("examples/assessment.json", &example_size);
}

static void teardown(void)
{
    undo();
    destroy();
    kp_model_free(C.model);
    free(C.doc);
    free(example_doc);
    if (!no_retry)
        cr_expect_eq(live, 0, "%ld blocks still live at the end", live);
    uninstall();
}

TestSuite(alloc_fail, .init = setup, .fini = teardown, .timeout = 900);

/* ---- models --------------------------------------------------------------- */

static int op_model_load(void)
{
    return kp_model_load_buffer(&C.out_model, C.doc, C.doc_size, "model.json");
}

Test(alloc_fail, model_load_minimal)
{
    C.doc = slurp("tests/fixtures/models/minimal.json", &C.doc_size);
    cr_log_info("minimal model: %ld allocations", walk("model load (minimal)", op_model_load));
}

Test(alloc_fail, model_load_default)
{
    C.doc = slurp("models/default.json", &C.doc_size);
    cr_log_info("default model: %ld allocations", walk("model load (default)", op_model_load));
}

static int op_model_load_file(void)
{
    return kp_model_load_file(&C.out_model, KP_SRCDIR "/tests/fixtures/models/minimal.json");
}

Test(alloc_fail, model_load_file)
{
    walk("kp_model_load_file", op_model_load_file);
}

static int op_model_default(void) { return kp_model_default(&C.out_model); }

Test(alloc_fail, model_default)
{
    /* each Criterion test is its own process: the default model is built
     * here for the first time, so a failure must leave it buildable */
    no_retry = 1;   /* stays set: the default model outlives the test */
    walk("kp_model_default", op_model_default);
    kp_model_free(C.out_model);
    C.out_model = NULL;
}

/* ---- sessions --------------------------------------------------------------- */

static int op_session_new(void) { return kp_session_new(&C.out_session, C.model); }

Test(alloc_fail, session_new) { walk("kp_session_new", op_session_new); }

static int op_set_bool(void) { return kp_session_set_bool(C.session, "calf_pain", 1); }
static int op_set_number(void) { return kp_session_set_number(C.session, "pain_now", 4); }
static int op_set_choice(void) { return kp_session_set_choice(C.session, "pain_side", "medial"); }
static int op_unset(void) { return kp_session_unset(C.session, "age"); }
static int op_add_run(void)
{
    return kp_session_add_run(C.session, "2026-10-31", 5.5, 31, 4, "new shoe", 40);
}
static int op_add_shoe(void) { return kp_session_add_shoe(C.session, "spare shoe", 120); }
static int op_add_pain(void) { return kp_session_add_pain(C.session, "2026-10-30", 2, 3, 1); }
static int op_as_of(void) { return kp_session_set_as_of(C.session, "2026-11-02"); }
static int op_options(void)
{
    kp_options o;
    kp_options_init(&o, KP_OPTIONS_VERSION);
    o.locale = "de";
    o.max_plan_items = 4;
    o.load_unit = KP_LOAD_SRPE;
    return kp_session_set_options(C.session, &o);
}
static int op_clear(void) { kp_session_clear(C.session); return KP_OK; }

Test(alloc_fail, session_setters)
{
    build = build_example;
    walk("kp_session_set_bool", op_set_bool);
    walk("kp_session_set_number", op_set_number);
    walk("kp_session_set_choice", op_set_choice);
    walk("kp_session_unset", op_unset);
    walk("kp_session_add_run", op_add_run);
    walk("kp_session_add_shoe", op_add_shoe);
    walk("kp_session_add_pain", op_add_pain);
    walk("kp_session_set_as_of", op_as_of);
    walk("kp_session_set_options", op_options);
    walk("kp_session_clear", op_clear);
}

Test(alloc_fail, session_grows)
{
    /* the first entry, and entries that make the arrays grow */
    static const int sizes[] = {0, 1, 7, 8, 15, 16, 31, 32, 63, 64};
    build = build_log;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        build_runs = sizes[i];
        walk("kp_session_add_run (growing)", op_add_run);
        walk("kp_session_add_pain (growing)", op_add_pain);
        walk("kp_session_add_shoe (growing)", op_add_shoe);
    }
}

static int op_from_json(void)
{
    return kp_session_from_json(&C.out_session, C.model, example_doc, example_size);
}
static int op_load_json(void) { return kp_session_load_json(C.session, example_doc, example_size); }
static int op_to_json(void) { return kp_session_to_json(C.session, &C.out_text); }

Test(alloc_fail, input_documents)
{
    walk("kp_session_from_json", op_from_json);
    /* a session with other content, to be replaced by the document */
    build = build_log;
    build_runs = 9;
    walk("kp_session_load_json", op_load_json);
    build = build_example;
    walk("kp_session_to_json", op_to_json);
}

/* ---- assessment and reports ------------------------------------------------- */

static int op_assess(void) { return kp_session_assess(C.session, &C.out_report); }
static int op_report_json(void) { return kp_report_to_json(C.report, 0, &C.out_text); }
static int op_report_json_pretty(void)
{
    return kp_report_to_json(C.report, KP_JSON_PRETTY, &C.out_text);
}
static int op_assess_json(void)
{
    return kp_assess_json(C.model, example_doc, example_size, KP_JSON_PRETTY, &C.out_text);
}

Test(alloc_fail, assessment_and_json)
{
    build = build_example;
    walk("kp_session_assess", op_assess);
    build = build_report;
    walk("kp_report_to_json", op_report_json);
    walk("kp_report_to_json (pretty)", op_report_json_pretty);
    build = NULL;
    walk("kp_assess_json", op_assess_json);
}

Test(alloc_fail, report_with_warnings_de)
{
    report_de = 1;
    build = build_report;
    walk("kp_report_to_json (de, third person, warnings)", op_report_json_pretty);
    walk("kp_session_assess (de, third person, warnings)", op_assess);
    walk("kp_session_to_json (warnings)", op_to_json);
}

/* ---- CSV import ------------------------------------------------------------- */

static int op_import(void)
{
    kp_import_options o;
    kp_import_options_init(&o, KP_IMPORT_OPTIONS_VERSION);
    o.format = C.format;
    return kp_session_import_buffer(C.session, C.doc, C.doc_size, C.csv_name, &o);
}

static int op_import_file(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/logs/%s", KP_SRCDIR, C.csv_name);
    kp_import_options o;
    kp_import_options_init(&o, KP_IMPORT_OPTIONS_VERSION);
    o.format = C.format;
    return kp_session_import_file(C.session, path, &o);
}

static void import_walk(const char *file, kp_import_format format)
{
    char rel[256], what[300];
    snprintf(rel, sizeof rel, "tests/fixtures/logs/%s", file);
    free(C.doc);
    C.doc = slurp(rel, &C.doc_size);
    C.csv_name = file;
    C.format = format;
    build = build_example;
    snprintf(what, sizeof what, "import %s (format %d)", file, (int)format);
    walk(what, op_import);
}

Test(alloc_fail, import_strava)
{
    import_walk("strava_94_en_us.csv", KP_FORMAT_STRAVA);
    import_walk("strava_de.csv", KP_FORMAT_AUTO);
    import_walk("strava_79_html.csv", KP_FORMAT_STRAVA);
}

Test(alloc_fail, import_garmin)
{
    import_walk("garmin_en.csv", KP_FORMAT_GARMIN);
    import_walk("garmin_fr.csv", KP_FORMAT_AUTO);
}

Test(alloc_fail, import_plain)
{
    import_walk("plain.csv", KP_FORMAT_PLAIN);
    import_walk("plain_bad.csv", KP_FORMAT_AUTO);
    import_walk("plain_semicolon.csv", KP_FORMAT_AUTO);
}

Test(alloc_fail, import_fit)
{
    import_walk("watch_run.fit", KP_FORMAT_FIT);
    import_walk("watch_run.fit.gz", KP_FORMAT_AUTO);
}

Test(alloc_fail, import_file)
{
    C.csv_name = "garmin_de.csv";
    C.format = KP_FORMAT_AUTO;
    build = build_example;
    walk("kp_session_import_file", op_import_file);
}

/* ---- batch scoring ---------------------------------------------------------- */

static int op_score(void)
{
    static const char *const cols[] = {"age", "trauma", "calf_pain"};
    double m[2 * 3] = {34, 0, 1, 60, 1, NAN};
    double cond[2 * 64], cause[2 * 64];
    int levels[2];
    cr_assert_leq(kp_model_count(C.model, KP_KIND_CONDITION), 64);
    cr_assert_leq(kp_model_count(C.model, KP_KIND_CAUSE), 64);
    return kp_model_score(C.model, m, 2, 3, cols, cond, cause, levels);
}

Test(alloc_fail, batch_score) { walk("kp_model_score", op_score); }
