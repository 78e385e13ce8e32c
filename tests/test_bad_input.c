/*
 * test_bad_input.c - the bad-input catalogue: hostile inputs at every entry
 * point (input documents, session restore, model files, CSV imports, the C
 * setters, batch scoring).  For each case the call must
 *   - return its documented status (doc/reliability.md lists the table),
 *   - leave a message naming the place (field path, file:line, column),
 *   - not crash (ASan/UBSan and valgrind run this program too),
 *   - leak nothing (a counting allocator checks the live block count),
 *   - and leave the session exactly as it was (session document, run
 *     count and warnings compared before and after).
 * Cases that are accepted on purpose (BOM, mixed line endings, a Latin-1
 * gear name, rows skipped with warnings) are listed with KP_OK.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kneepain.h>

#ifndef KP_SRCDIR
#  define KP_SRCDIR "."
#endif

/* ---- counting allocator ---------------------------------------------------- */

static long live;
static void *c_malloc(size_t n) { void *p = malloc(n); if (p) live++; return p; }
static void *c_realloc(void *p, size_t n) { void *q = realloc(p, n); if (q && !p) live++; return q; }
static void c_free(void *p) { if (p) live--; free(p); }
static const kp_allocator counting = {KP_ALLOCATOR_VERSION, c_malloc, c_realloc, c_free};

/* ---- inputs ---------------------------------------------------------------- */

typedef enum entry {
    FROM_JSON,      /* kp_session_from_json */
    LOAD_JSON,      /* kp_session_load_json on a populated session */
    ASSESS_JSON,    /* kp_assess_json */
    MODEL,          /* kp_model_load_buffer, name "bad-model.json" */
    MODEL_FILE,     /* kp_model_load_file, input is a path */
    IMPORT_AUTO,    /* kp_session_import_buffer, name "bad.csv" */
    IMPORT_STRAVA,
    IMPORT_GARMIN,
    IMPORT_PLAIN,
    IMPORT_FILE,    /* kp_session_import_file, input is a path */
    API             /* a C call on the populated session (fn) */
} entry;

static const char *const entry_names[] = {
    "kp_session_from_json", "kp_session_load_json", "kp_assess_json", "kp_model_load_buffer",
    "kp_model_load_file", "import (auto)", "import (Strava)", "import (Garmin)",
    "import (plain)", "kp_session_import_file", "C API"};

typedef struct buf {
    char *data;
    size_t size;
} buf;

typedef struct bad_case {
    const char *id;
    entry where;
    const char *input;          /* text input (or NULL with gen) */
    buf (*gen)(void);           /* generated input */
    int (*fn)(kp_session *s);   /* API cases */
    int expect;                 /* status */
    const char *place;          /* substring of the message; NULL: none required */
} bad_case;

static buf text(const char *s)
{
    buf b = {strdup(s), strlen(s)};
    return b;
}

static buf slurp(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", KP_SRCDIR, rel);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf b = {malloc((size_t)n + 1), (size_t)n};
    cr_assert_eq(fread(b.data, 1, b.size, f), b.size);
    b.data[n] = '\0';
    fclose(f);
    return b;
}

static buf repeat(const char *head, char c, size_t n, const char *tail)
{
    size_t h = strlen(head), t = strlen(tail);
    buf b = {malloc(h + n + t + 1), h + n + t};
    memcpy(b.data, head, h);
    memset(b.data + h, c, n);
    memcpy(b.data + h + n, tail, t + 1);
    return b;
}

#define MB (1024 * 1024)

static buf gen_deep_json(void) { return repeat("{\"evidence\":", '[', 100000, ""); }
static buf gen_deep_model(void) { return repeat("", '[', 100000, ""); }
static buf gen_10mb_date(void) { return repeat("{\"as_of\":\"", '9', 10 * MB, "\"}"); }
static buf gen_10mb_key(void) { return repeat("{\"evidence\":{\"", 'k', 10 * MB, "\":true}}"); }
static buf gen_10mb_gear_value(void)
{
    return repeat("{\"runs\":[{\"date\":\"2026-10-01\",\"distance_km\":5,\"gear\":\"", 'g', 10 * MB,
                  "\"}],\"evidence\":{\"age\":\"x\"}}");
}
static buf gen_nul_in_doc(void)
{
    static const char d[] = "{\"as_of\":\"2026-11-01\"\0,\"evidence\":{}}";
    buf b = {malloc(sizeof d), sizeof d - 1};
    memcpy(b.data, d, sizeof d);
    return b;
}
static buf gen_nul_in_csv(void)
{
    static const char d[] = "date,distance_km\n2024-05-01,8\0.2\n2024-05-02,5\n";
    buf b = {malloc(sizeof d), sizeof d - 1};
    memcpy(b.data, d, sizeof d);
    return b;
}
static buf gen_1mb_line(void) { return repeat("date,distance_km,duration_min,rpe,gear\n2024-05-01,8,40,5,", 'x', MB, "\n"); }
static buf gen_1mb_header(void) { return repeat("", 'h', MB, ",date\n2024-05-01,8\n"); }
static buf gen_truncated_input(void)
{
    buf b = slurp("examples/assessment.json");
    b.size /= 2;
    b.data[b.size] = '\0';
    return b;
}
static buf gen_truncated_model(void)
{
    buf b = slurp("tests/fixtures/models/minimal.json");
    b.size = b.size * 2 / 3;
    b.data[b.size] = '\0';
    return b;
}
static buf gen_truncated_csv(void)
{
    buf b = slurp("tests/fixtures/logs/strava_94_en_us.csv");
    b.size = b.size * 2 / 3;
    b.data[b.size] = '\0';
    return b;
}
static buf gen_model_dup_key(void)
{
    buf b = slurp("tests/fixtures/models/minimal.json");
    char *p = strchr(b.data, '{');
    cr_assert_not_null(p);
    buf r = repeat("{\"format\":\"kneepain-model/1\",", ' ', 0, p + 1);
    free(b.data);
    return r;
}
static buf gen_model_bad_format(void)
{
    buf b = slurp("tests/fixtures/models/minimal.json");
    char *p = strstr(b.data, "kneepain-model/1");
    cr_assert_not_null(p);
    p[15] = '9';
    return b;
}
static buf gen_strava_no_distance(void)
{
    buf b = slurp("tests/fixtures/logs/strava_2018.csv");
    char *p = strstr(b.data, ",distance,");
    cr_assert_not_null(p, "strava_2018.csv has no distance column");
    memcpy(p, ",dxstance,", 10);
    return b;
}
static buf gen_garmin(void) { return slurp("tests/fixtures/logs/garmin_en.csv"); }

/* ---- API cases -------------------------------------------------------------- */

static int api_run_nan(kp_session *s) { return kp_session_add_run(s, "2026-10-02", NAN, NAN, NAN, NULL, NAN); }
static int api_run_inf(kp_session *s) { return kp_session_add_run(s, "2026-10-02", INFINITY, NAN, NAN, NULL, NAN); }
static int api_run_negative(kp_session *s) { return kp_session_add_run(s, "2026-10-02", -3, NAN, NAN, NULL, NAN); }
static int api_run_huge(kp_session *s) { return kp_session_add_run(s, "2026-10-02", 1e12, NAN, NAN, NULL, NAN); }
static int api_run_rpe(kp_session *s) { return kp_session_add_run(s, "2026-10-02", 5, 30, 11, NULL, NAN); }
static int api_run_null_date(kp_session *s) { return kp_session_add_run(s, NULL, 5, NAN, NAN, NULL, NAN); }
static int api_run_bad_date(kp_session *s) { return kp_session_add_run(s, "2026-02-30", 5, NAN, NAN, NULL, NAN); }
static int api_pain_11(kp_session *s) { return kp_session_add_pain(s, "2026-10-02", 11, NAN, NAN); }
static int api_pain_nan_all(kp_session *s) { return kp_session_add_pain(s, "2026-10-02", NAN, NAN, NAN); }
static int api_number_nan(kp_session *s) { return kp_session_set_number(s, "age", NAN); }
static int api_number_range(kp_session *s) { return kp_session_set_number(s, "age", 1e9); }
static int api_bool_unknown(kp_session *s) { return kp_session_set_bool(s, "no_such_finding", 1); }
static int api_choice_unknown(kp_session *s) { return kp_session_set_choice(s, "pain_side", "upside_down"); }
static int api_number_on_bool(kp_session *s) { return kp_session_set_number(s, "trauma", 1); }
static int api_as_of_bad(kp_session *s) { return kp_session_set_as_of(s, "2026-13-01"); }
static int api_shoe_negative(kp_session *s) { return kp_session_add_shoe(s, "shoe-x", -1); }
static int api_shoe_empty(kp_session *s) { return kp_session_add_shoe(s, "   ", 10); }
static int api_options_version(kp_session *s)
{
    kp_options o = KP_OPTIONS_INIT;
    o.version = 99;
    return kp_session_set_options(s, &o);
}
static int api_options_unit(kp_session *s)
{
    kp_options o = KP_OPTIONS_INIT;
    o.load_unit = (kp_load_unit)7;
    return kp_session_set_options(s, &o);
}
static int api_import_version(kp_session *s)
{
    kp_import_options o = KP_IMPORT_OPTIONS_INIT;
    o.version = 0;
    return kp_session_import_buffer(s, "date,distance_km\n", 17, "bad.csv", &o);
}
static int api_import_format(kp_session *s)
{
    kp_import_options o = KP_IMPORT_OPTIONS_INIT;
    o.format = (kp_import_format)9;
    return kp_session_import_buffer(s, "date,distance_km\n", 17, "bad.csv", &o);
}
static int api_score_column(kp_session *s)
{
    const char *cols[] = {"no_such_column"};
    double m[1] = {1}, c[64];
    return kp_model_score(kp_session_model(s), m, 1, 1, cols, c, NULL, NULL);
}
static int api_score_cell(kp_session *s)
{
    const char *cols[] = {"age", "trauma"};
    double m[4] = {30, 0, 40, 7}, c[2 * 64];
    return kp_model_score(kp_session_model(s), m, 2, 2, cols, c, NULL, NULL);
}

/* ---- the catalogue ------------------------------------------------------------- */

#define RUN(fields) "{\"runs\":[{" fields "}]}"
#define DIARY(fields) "{\"pain_diary\":[{" fields "}]}"

static const bad_case cases[] = {
    /* numbers */
    {"nan_literal", LOAD_JSON, "{\"evidence\":{\"age\":NaN}}", NULL, NULL, KP_EPARSE, "input:1:"},
    {"inf_overflow", LOAD_JSON, "{\"evidence\":{\"age\":1e999}}", NULL, NULL, KP_EPARSE, "input:1:"},
    {"negative_distance", LOAD_JSON, RUN("\"date\":\"2026-10-01\",\"distance_km\":-5"), NULL, NULL, KP_ERANGE, "runs[0].distance_km"},
    {"huge_distance", LOAD_JSON, RUN("\"date\":\"2026-10-01\",\"distance_km\":1e6"), NULL, NULL, KP_ERANGE, "runs[0].distance_km"},
    {"negative_duration", LOAD_JSON, RUN("\"date\":\"2026-10-01\",\"distance_km\":5,\"duration_min\":-1"), NULL, NULL, KP_ERANGE, "runs[0].duration_min"},
    {"rpe_11", LOAD_JSON, RUN("\"date\":\"2026-10-01\",\"distance_km\":5,\"rpe\":11"), NULL, NULL, KP_ERANGE, "runs[0].rpe"},
    {"pain_11", LOAD_JSON, DIARY("\"date\":\"2026-10-01\",\"during\":11"), NULL, NULL, KP_ERANGE, "pain_diary[0].during"},
    {"pain_negative", LOAD_JSON, DIARY("\"date\":\"2026-10-01\",\"after\":-1"), NULL, NULL, KP_ERANGE, "pain_diary[0].after"},
    {"pain_now_11", LOAD_JSON, "{\"evidence\":{\"pain_now\":11}}", NULL, NULL, KP_ERANGE, "evidence.pain_now"},
    {"age_1e300", LOAD_JSON, "{\"evidence\":{\"age\":1e300}}", NULL, NULL, KP_ERANGE, "evidence.age"},
    {"shoe_negative", LOAD_JSON, "{\"shoes\":[{\"gear\":\"a\",\"start_km\":-1}]}", NULL, NULL, KP_ERANGE, "shoes[0].start_km"},
    {"max_plan_items_0", LOAD_JSON, "{\"options\":{\"max_plan_items\":0}}", NULL, NULL, KP_ERANGE, "options.max_plan_items"},
    /* dates */
    {"future_date", LOAD_JSON, RUN("\"date\":\"2999-01-01\",\"distance_km\":5"), NULL, NULL, KP_EPARSE, "runs[0].date"},
    {"date_before_1970", LOAD_JSON, RUN("\"date\":\"1969-12-31\",\"distance_km\":5"), NULL, NULL, KP_OK, NULL},
    {"date_feb_30", LOAD_JSON, RUN("\"date\":\"2026-02-30\",\"distance_km\":5"), NULL, NULL, KP_EPARSE, "runs[0].date"},
    {"date_us_format", LOAD_JSON, DIARY("\"date\":\"11/01/2026\",\"during\":2"), NULL, NULL, KP_EPARSE, "pain_diary[0].date"},
    {"as_of_month_13", LOAD_JSON, "{\"as_of\":\"2026-13-01\"}", NULL, NULL, KP_EPARSE, "as_of"},
    /* unknown ids and keys */
    {"unknown_finding", LOAD_JSON, "{\"evidence\":{\"no_such_finding\":true}}", NULL, NULL, KP_ENOTFOUND, "evidence.no_such_finding"},
    {"unknown_choice", LOAD_JSON, "{\"evidence\":{\"pain_side\":\"upside_down\"}}", NULL, NULL, KP_ENOTFOUND, "evidence.pain_side"},
    {"unknown_top_key", LOAD_JSON, "{\"evidense\":{}}", NULL, NULL, KP_ENOTFOUND, "evidense"},
    {"unknown_run_key", LOAD_JSON, RUN("\"date\":\"2026-10-01\",\"distance_km\":5,\"pace\":4"), NULL, NULL, KP_ENOTFOUND, "runs[0].pace"},
    /* wrong types */
    {"age_string", LOAD_JSON, "{\"evidence\":{\"age\":\"34\"}}", NULL, NULL, KP_ETYPE, "evidence.age"},
    {"bool_as_number", LOAD_JSON, "{\"evidence\":{\"trauma\":1}}", NULL, NULL, KP_ETYPE, "evidence.trauma"},
    {"runs_object", LOAD_JSON, "{\"runs\":{}}", NULL, NULL, KP_ETYPE, "runs"},
    {"run_not_object", LOAD_JSON, "{\"runs\":[5]}", NULL, NULL, KP_ETYPE, "runs[0]"},
    {"distance_string", LOAD_JSON, RUN("\"date\":\"2026-10-01\",\"distance_km\":\"5\""), NULL, NULL, KP_ETYPE, "runs[0].distance_km"},
    {"as_of_number", LOAD_JSON, "{\"as_of\":20261101}", NULL, NULL, KP_ETYPE, "as_of"},
    {"root_array", LOAD_JSON, "[]", NULL, NULL, KP_ETYPE, "input"},
    {"load_unit_miles", LOAD_JSON, "{\"options\":{\"load_unit\":\"miles\"}}", NULL, NULL, KP_ETYPE, "options.load_unit"},
    {"missing_run_date", LOAD_JSON, RUN("\"distance_km\":5"), NULL, NULL, KP_EINVAL, "runs[0].date"},
    {"missing_shoe_gear", LOAD_JSON, "{\"shoes\":[{\"start_km\":5}]}", NULL, NULL, KP_EINVAL, "shoes[0].gear"},
    /* syntax */
    {"duplicate_key", LOAD_JSON, "{\"as_of\":\"2026-11-01\",\"as_of\":\"2026-11-02\"}", NULL, NULL, KP_EPARSE, "input:1:"},
    {"duplicate_finding", FROM_JSON, "{\"evidence\":{\"age\":30,\n\"age\":31}}", NULL, NULL, KP_EPARSE, "input:2:"},
    {"deep_nesting", LOAD_JSON, NULL, gen_deep_json, NULL, KP_ERANGE, "input:1:76: nested deeper than 64"},
    {"string_10mb_date", LOAD_JSON, NULL, gen_10mb_date, NULL, KP_EPARSE, "as_of"},
    {"string_10mb_key", FROM_JSON, NULL, gen_10mb_key, NULL, KP_ENOTFOUND, "evidence.kkkk"},
    {"string_10mb_gear", ASSESS_JSON, NULL, gen_10mb_gear_value, NULL, KP_ETYPE, "evidence.age"},
    {"escaped_nul", LOAD_JSON, "{\"as_of\":\"2026-11-01\\u0000x\"}", NULL, NULL, KP_EPARSE, "input:1:"},
    {"raw_nul", LOAD_JSON, NULL, gen_nul_in_doc, NULL, KP_EPARSE, "input:1:"},
    {"utf8_bom", LOAD_JSON, "\xEF\xBB\xBF{\"as_of\":\"2026-11-01\"}", NULL, NULL, KP_EPARSE, "input:1:"},
    {"invalid_utf8", LOAD_JSON, "{\"as_of\":\"2026-11-01\",\"evidence\":{\"\xC3\x28\":true}}", NULL, NULL, KP_EPARSE, "input:1:"},
    {"truncated_input", LOAD_JSON, NULL, gen_truncated_input, NULL, KP_EPARSE, "input:"},
    {"empty_input", LOAD_JSON, "", NULL, NULL, KP_EPARSE, "input:"},
    {"assess_json_bad", ASSESS_JSON, "{\"evidence\":{\"calf_swelling\":\"yes\"}}", NULL, NULL, KP_ETYPE, "evidence.calf_swelling"},
    /* models */
    {"model_empty", MODEL, "", NULL, NULL, KP_EPARSE, "bad-model.json"},
    {"model_not_json", MODEL, "hello", NULL, NULL, KP_EPARSE, "bad-model.json:1:"},
    {"model_empty_object", MODEL, "{}", NULL, NULL, KP_EMODEL, "bad-model.json"},
    {"model_wrong_format", MODEL, NULL, gen_model_bad_format, NULL, KP_EMODEL, "format"},
    {"model_truncated", MODEL, NULL, gen_truncated_model, NULL, KP_EPARSE, "bad-model.json:"},
    {"model_duplicate_key", MODEL, NULL, gen_model_dup_key, NULL, KP_EPARSE, "bad-model.json:"},
    {"model_deep_nesting", MODEL, NULL, gen_deep_model, NULL, KP_ERANGE, "bad-model.json:1:65: nested deeper than 64"},
    {"model_missing_file", MODEL_FILE, "/nonexistent/kneepain/model.json", NULL, NULL, KP_EIO, "/nonexistent/kneepain/model.json"},
    /* CSV */
    {"csv_empty", IMPORT_AUTO, "", NULL, NULL, KP_EFORMAT, "bad.csv:1"},
    {"csv_unknown_header", IMPORT_AUTO, "when,how far\n2024-05-01,8\n", NULL, NULL, KP_EFORMAT, "bad.csv:1"},
    {"csv_missing_column", IMPORT_STRAVA, NULL, gen_strava_no_distance, NULL, KP_EFORMAT, "bad.csv:1"},
    {"csv_garmin_as_strava", IMPORT_STRAVA, NULL, gen_garmin, NULL, KP_EFORMAT, "bad.csv:1"},
    {"csv_plain_as_garmin", IMPORT_GARMIN, "date,distance_km\n2024-05-01,8\n", NULL, NULL, KP_EFORMAT, "bad.csv:1"},
    {"csv_unbalanced_quote", IMPORT_PLAIN, "date,distance_km,gear\n2024-05-01,8,\"shoe\n2024-05-02,5,a\n", NULL, NULL, KP_EPARSE, "bad.csv:2"},
    {"csv_1mb_line", IMPORT_PLAIN, NULL, gen_1mb_line, NULL, KP_OK, NULL},
    {"csv_1mb_header", IMPORT_AUTO, NULL, gen_1mb_header, NULL, KP_EFORMAT, "bad.csv:1"},
    {"csv_mixed_line_endings", IMPORT_PLAIN, "date,distance_km\r\n2024-05-01,8\n2024-05-02,5\r\n2024-05-03,6\n", NULL, NULL, KP_OK, NULL},
    {"csv_nul_byte", IMPORT_PLAIN, NULL, gen_nul_in_csv, NULL, KP_OK, NULL},
    {"csv_bom", IMPORT_AUTO, "\xEF\xBB\xBF" "date,distance_km\n2024-05-01,8\n", NULL, NULL, KP_OK, NULL},
    {"csv_latin1_gear", IMPORT_PLAIN, "date,distance_km,gear\n2024-05-01,8,Schuh gr\xFCn\n", NULL, NULL, KP_OK, NULL},
    {"csv_truncated", IMPORT_STRAVA, NULL, gen_truncated_csv, NULL, KP_OK, NULL},
    {"csv_rows_nan_negative", IMPORT_PLAIN, "date,distance_km\n2024-05-01,nan\n2024-05-02,-4\n2024-05-03,inf\n1969-12-31,5\n2024-05-04,6\n", NULL, NULL, KP_OK, NULL},
    {"csv_header_only", IMPORT_PLAIN, "date,distance_km\n", NULL, NULL, KP_OK, NULL},
    {"csv_missing_file", IMPORT_FILE, "/nonexistent/kneepain/log.csv", NULL, NULL, KP_EIO, "/nonexistent/kneepain/log.csv"},
    /* a directory opens but cannot be read: the code and the message agree */
    {"csv_directory", IMPORT_FILE, KP_SRCDIR "/tests", NULL, NULL, KP_EIO, "/tests"},
    {"model_directory", MODEL_FILE, KP_SRCDIR "/tests", NULL, NULL, KP_EIO, "/tests"},
    /* jansson errors are classified by code: a syntax error near the word
     * "memory" is a syntax error with its position, not out of memory */
    {"json_token_memory", FROM_JSON, "{\"as_of\": memory}", NULL, NULL, KP_EPARSE, "input:1:16"},
    {"json_token_memory_load", LOAD_JSON, "{\"as_of\": memory}", NULL, NULL, KP_EPARSE, "input:1:16"},
    {"json_token_memory_assess", ASSESS_JSON, "[\"out of memory\" memory]", NULL, NULL, KP_EPARSE, "input:1:"},
    {"json_token_memory_model", MODEL, "{\"version\": memory}", NULL, NULL, KP_EPARSE, "bad-model.json:1:"},
    {"duplicate_shoe", LOAD_JSON, "{\"shoes\":[{\"gear\":\"a\",\"start_km\":5},{\"gear\":\"b\"},{\"gear\":\" a\",\"start_km\":900}]}", NULL, NULL, KP_EINVAL, "shoes[2].gear: ' a' is declared more than once"},
    {"import_options_version", API, NULL, NULL, api_import_version, KP_EVERSION, "import options"},
    {"import_options_format", API, NULL, NULL, api_import_format, KP_EINVAL, "import options"},
    /* C setters */
    {"api_run_nan", API, NULL, NULL, api_run_nan, KP_ERANGE, "run.distance_km"},
    {"api_run_inf", API, NULL, NULL, api_run_inf, KP_ERANGE, "run.distance_km"},
    {"api_run_negative", API, NULL, NULL, api_run_negative, KP_ERANGE, "run.distance_km"},
    {"api_run_huge", API, NULL, NULL, api_run_huge, KP_ERANGE, "run.distance_km"},
    {"api_run_rpe_11", API, NULL, NULL, api_run_rpe, KP_ERANGE, "run.rpe"},
    {"api_run_null_date", API, NULL, NULL, api_run_null_date, KP_EPARSE, "run.date"},
    {"api_run_feb_30", API, NULL, NULL, api_run_bad_date, KP_EPARSE, "run.date"},
    {"api_pain_11", API, NULL, NULL, api_pain_11, KP_ERANGE, "pain_diary"},
    {"api_pain_all_nan", API, NULL, NULL, api_pain_nan_all, KP_EINVAL, "pain_diary"},
    {"api_number_nan", API, NULL, NULL, api_number_nan, KP_ERANGE, "age"},
    {"api_number_range", API, NULL, NULL, api_number_range, KP_ERANGE, "age"},
    {"api_unknown_finding", API, NULL, NULL, api_bool_unknown, KP_ENOTFOUND, "no_such_finding"},
    {"api_unknown_choice", API, NULL, NULL, api_choice_unknown, KP_ENOTFOUND, "pain_side"},
    {"api_wrong_type", API, NULL, NULL, api_number_on_bool, KP_ETYPE, "trauma"},
    {"api_as_of_month_13", API, NULL, NULL, api_as_of_bad, KP_EPARSE, "as_of"},
    {"api_shoe_negative", API, NULL, NULL, api_shoe_negative, KP_ERANGE, "shoes.start_km"},
    {"api_shoe_blank_name", API, NULL, NULL, api_shoe_empty, KP_EINVAL, "shoes.gear"},
    {"api_options_version", API, NULL, NULL, api_options_version, KP_EVERSION, "options"},
    {"api_options_load_unit", API, NULL, NULL, api_options_unit, KP_EINVAL, "options.load_unit"},
    {"score_unknown_column", API, NULL, NULL, api_score_column, KP_ENOTFOUND, "no_such_column"},
    {"score_bad_cell", API, NULL, NULL, api_score_cell, KP_ETYPE, "trauma"},
    /* "model" records a saved session's model; it never names a file */
    {"model_not_object", LOAD_JSON, "{\"model\":\"other.json\"}", NULL, NULL, KP_ETYPE, "model"},
    {"model_unknown_key", LOAD_JSON, "{\"model\":{\"path\":\"other.json\"}}", NULL, NULL, KP_ENOTFOUND, "model.path"},
};

/* ---- the driver ------------------------------------------------------------------- */

static kp_model *model;
static buf example;

static kp_session *populated(void)
{
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, model, example.data, example.size), KP_OK, "%s",
                 kp_error_message());
    return s;
}

static char *snapshot(const kp_session *s)
{
    char *doc = NULL;
    cr_assert_eq(kp_session_to_json(s, &doc), KP_OK, "%s", kp_error_message());
    size_t n = strlen(doc) + 64;
    for (size_t i = 0; i < kp_session_warning_count(s); i++)
        n += strlen(kp_session_warning(s, i)) + 1;
    char *r = malloc(n);
    int k = snprintf(r, n, "%s\nruns=%zu\n", doc, kp_session_run_count(s));
    for (size_t i = 0; i < kp_session_warning_count(s); i++)
        k += snprintf(r + k, n - (size_t)k, "%s\n", kp_session_warning(s, i));
    kp_free(doc);
    return r;
}

static void run_case(const bad_case *c)
{
    buf in = c->gen ? c->gen() : c->input ? text(c->input) : (buf){NULL, 0};
    long live0 = live;
    kp_session *s = populated();
    char *before = snapshot(s);
    kp_session *made = NULL;
    kp_model *m = NULL;
    char *out = NULL;
    kp_import_options io = KP_IMPORT_OPTIONS_INIT;
    int rc;
    kp_error_clear();
    switch (c->where) {
    case FROM_JSON: rc = kp_session_from_json(&made, model, in.data, in.size); break;
    case LOAD_JSON: rc = kp_session_load_json(s, in.data, in.size); break;
    case ASSESS_JSON: rc = kp_assess_json(model, in.data, in.size, 0, &out); break;
    case MODEL: rc = kp_model_load_buffer(&m, in.data, in.size, "bad-model.json"); break;
    case MODEL_FILE: rc = kp_model_load_file(&m, in.data); break;
    case IMPORT_AUTO:
    case IMPORT_STRAVA:
    case IMPORT_GARMIN:
    case IMPORT_PLAIN:
        io.format = c->where == IMPORT_STRAVA ? KP_FORMAT_STRAVA
                  : c->where == IMPORT_GARMIN ? KP_FORMAT_GARMIN
                  : c->where == IMPORT_PLAIN ? KP_FORMAT_PLAIN : KP_FORMAT_AUTO;
        rc = kp_session_import_buffer(s, in.data, in.size, "bad.csv", &io);
        break;
    case IMPORT_FILE: rc = kp_session_import_file(s, in.data, NULL); break;
    default: rc = c->fn(s); break;
    }
    const char *msg = kp_error_message();
    cr_expect_eq(rc, c->expect, "%s (%s): status %d (%s), expected %d (%s); message: %.200s",
                 c->id, entry_names[c->where], rc, kp_strerror(rc), c->expect,
                 kp_strerror(c->expect), msg);
    if (rc != KP_OK) {
        cr_expect_eq(kp_error_code(), rc, "%s: kp_error_code() %d, returned %d", c->id,
                     kp_error_code(), rc);
        cr_expect(msg[0] != '\0', "%s: no message", c->id);
        cr_expect(strlen(msg) < 4096, "%s: message of %zu bytes", c->id, strlen(msg));
        if (c->place)
            cr_expect(strstr(msg, c->place) != NULL, "%s: message does not name %s: %.200s",
                      c->id, c->place, msg);
        cr_expect_null(made, "%s: *out set on failure", c->id);
        cr_expect_null(m, "%s: *out set on failure", c->id);
        cr_expect_null(out, "%s: *out set on failure", c->id);
        char *after = snapshot(s);
        cr_expect_str_eq(after, before, "%s: the session changed", c->id);
        free(after);
    } else {
        /* accepted inputs leave a session that assesses and serialises */
        kp_report *r = NULL;
        cr_expect_eq(kp_session_assess(s, &r), KP_OK, "%s: assess: %s", c->id,
                     kp_error_message());
        char *json = NULL;
        if (r)
            cr_expect_eq(kp_report_to_json(r, 0, &json), KP_OK, "%s: report JSON: %s", c->id,
                         kp_error_message());
        char *doc = NULL;
        cr_expect_eq(kp_session_to_json(s, &doc), KP_OK, "%s: session JSON: %s", c->id,
                     kp_error_message());
        kp_free(json);
        kp_free(doc);
        kp_report_free(r);
    }
    free(before);
    kp_session_free(made);
    kp_model_free(m);
    kp_free(out);
    kp_session_free(s);
    cr_expect_eq(live, live0, "%s: %ld blocks leaked", c->id, live - live0);
    free(in.data);
}

static void setup(void)
{
    cr_assert_eq(kp_set_allocator(&counting), KP_OK);
    char path[4096];
    snprintf(path, sizeof path, "%s/models/default.json", KP_SRCDIR);
    cr_assert_eq(kp_model_load_file(&model, path), KP_OK, "%s", kp_error_message());
    example = slurp("examples/assessment.json");
}

static void teardown(void)
{
    kp_model_free(model);
    free(example.data);
    cr_expect_eq(live, 0, "%ld blocks live at the end", live);
    kp_set_allocator(NULL);
}

Test(bad_input, catalogue, .init = setup, .fini = teardown, .timeout = 300)
{
    size_t n = sizeof cases / sizeof cases[0];
    cr_assert_geq(n, 50, "the catalogue has %zu cases", n);
    for (size_t i = 0; i < n; i++)
        run_case(&cases[i]);
}

Test(bad_input, ids_are_unique)
{
    size_t n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            cr_expect_str_neq(cases[i].id, cases[j].id);
}

/* ---- model mutations ---------------------------------------------------------
 * Every value of the minimal model, in turn, removed or replaced by a value
 * of another type: the loader must answer KP_OK or KP_EMODEL (never crash,
 * leak or accept garbage silently), with file:line:column in the message. */

typedef struct mut {
    size_t target, seen;
    int kind;          /* 0: remove, 1: wrong type */
    int done;
} mut;

static json_t *other_type(json_t *v)
{
    if (json_is_string(v)) return json_integer(7);
    if (json_is_number(v)) return json_string("x");
    if (json_is_object(v)) return json_array();
    if (json_is_array(v)) return json_object();
    return json_string("null");
}

static void mutate(json_t *node, mut *m)
{
    if (json_is_object(node)) {
        const char *key;
        json_t *v;
        void *tmp;
        json_object_foreach_safe(node, tmp, key, v) {
            if (m->done)
                return;
            if (m->seen++ == m->target) {
                if (m->kind == 0)
                    json_object_del(node, key);
                else
                    json_object_set_new(node, key, other_type(v));
                m->done = 1;
                return;
            }
            mutate(v, m);
        }
    } else if (json_is_array(node)) {
        for (size_t i = 0; i < json_array_size(node) && !m->done; i++) {
            json_t *v = json_array_get(node, i);
            if (m->seen++ == m->target) {
                if (m->kind == 0)
                    json_array_remove(node, i);
                else
                    json_array_set_new(node, i, other_type(v));
                m->done = 1;
                return;
            }
            mutate(v, m);
        }
    }
}

Test(bad_input, model_mutations, .init = setup, .fini = teardown, .timeout = 300)
{
    buf b = slurp("tests/fixtures/models/minimal.json");
    json_error_t err;
    /* the test's own jansson objects use the counting allocator too */
    json_t *root = json_loadb(b.data, b.size, 0, &err);
    cr_assert_not_null(root, "minimal.json: %s", err.text);
    mut count = {(size_t)-1, 0, 0, 0};
    mutate(root, &count);
    size_t nodes = count.seen, accepted = 0, rejected = 0;
    cr_assert_gt(nodes, 50);
    for (int kind = 0; kind < 2; kind++)
        for (size_t t = 0; t < nodes; t++) {
            json_t *copy = json_deep_copy(root);
            mut m = {t, 0, kind, 0};
            mutate(copy, &m);
            char *text = json_dumps(copy, JSON_INDENT(1));
            json_decref(copy);
            cr_assert(m.done && text);
            long live0 = live;
            kp_model *mm = NULL;
            int rc = kp_model_load_buffer(&mm, text, strlen(text), "bad-model.json");
            if (rc == KP_OK) {
                accepted++;
                kp_session *s = NULL;
                kp_report *r = NULL;
                char *json = NULL;
                cr_expect_eq(kp_session_new(&s, mm), KP_OK);
                cr_expect_eq(kp_session_assess(s, &r), KP_OK, "mutation %d/%zu: %s", kind, t,
                             kp_error_message());
                if (r)
                    cr_expect_eq(kp_report_to_json(r, 0, &json), KP_OK);
                kp_free(json);
                kp_report_free(r);
                kp_session_free(s);
                kp_model_free(mm);
            } else {
                rejected++;
                cr_expect_eq(rc, KP_EMODEL, "mutation %d/%zu: status %d: %s", kind, t, rc,
                             kp_error_message());
                cr_expect(strncmp(kp_error_message(), "bad-model.json:", 15) == 0,
                          "mutation %d/%zu: message does not name the file: %s", kind, t,
                          kp_error_message());
                cr_expect_null(mm);
            }
            cr_expect_eq(live, live0, "mutation %d/%zu: %ld blocks leaked", kind, t, live - live0);
            /* json_dumps allocated through the library's hook */
            kp_free(text);
        }
    cr_log_info("%zu model mutations: %zu accepted, %zu rejected", 2 * nodes, accepted, rejected);
    cr_expect_gt(rejected, nodes, "most mutations must be rejected");
    json_decref(root);
    free(b.data);
}

/* ---- limits ------------------------------------------------------------------------ */

/* Each kp_limits field, lowered, turns the input just past it into KP_ERANGE
 * naming the limit; the session is unchanged and the defaults come back. */
Test(bad_input, limits, .init = setup, .fini = teardown)
{
    kp_limits l = KP_LIMITS_INIT, got = KP_LIMITS_INIT;
    cr_assert_eq(kp_limits_get(&got), KP_OK);
    cr_expect_eq(got.max_document_bytes, KP_DEFAULT_MAX_DOCUMENT_BYTES);
    cr_expect_eq(got.max_json_depth, KP_DEFAULT_MAX_JSON_DEPTH);
    l.version = 99;
    cr_expect_eq(kp_limits_set(&l), KP_EVERSION);
    l.version = KP_LIMITS_VERSION;
    l.max_json_depth = 5000;
    cr_expect_eq(kp_limits_set(&l), KP_ERANGE);
    cr_expect_eq(kp_error_code(), KP_ERANGE);

    kp_limits small = {KP_LIMITS_VERSION, 2000, 4, 300, 20, 3, 2};
    cr_assert_eq(kp_limits_set(&small), KP_OK, "%s", kp_error_message());
    kp_session *s = NULL;
    cr_assert_eq(kp_session_new(&s, model), KP_OK);
    cr_assert_eq(kp_session_add_run(s, "2026-10-01", 5, NAN, NAN, "a", NAN), KP_OK);
    char *before = snapshot(s);
    static const char big[] = "{\"as_of\":\"2026-11-01\",\"evidence\":{}}";
    char doc[2100];
    snprintf(doc, sizeof doc, "%-2050s", big);
    kp_session *made = NULL;
    int rc = kp_session_from_json(&made, model, doc, strlen(doc));
    cr_expect_eq(rc, KP_ERANGE, "%s", kp_error_message());
    cr_expect(strstr(kp_error_message(), "max_document_bytes") != NULL, "%s", kp_error_message());
    static const char deep[] = "{\"evidence\":{\"a\":[[[[1]]]]}}";
    rc = kp_session_load_json(s, deep, strlen(deep));
    cr_expect_eq(rc, KP_ERANGE, "%s", kp_error_message());
    cr_expect(strstr(kp_error_message(), "input:1:20: nested deeper than 4") != NULL, "%s",
              kp_error_message());
    /* brackets inside strings are not nesting */
    static const char flat[] = "{\"as_of\":\"[[[[[[[[\"}";
    rc = kp_session_load_json(s, flat, strlen(flat));
    cr_expect_eq(rc, KP_EPARSE, "%s", kp_error_message());   /* a bad date, not too deep */
    cr_expect(strstr(kp_error_message(), "as_of") != NULL, "%s", kp_error_message());
    static const char runs[] = "date,distance_km\n2024-05-01,1\n2024-05-02,2\n2024-05-03,3\n";
    rc = kp_session_import_buffer(s, runs, strlen(runs), "r.csv", NULL);
    cr_expect_eq(rc, KP_ERANGE, "%s", kp_error_message());
    cr_expect(strstr(kp_error_message(), "max_runs") != NULL, "%s", kp_error_message());
    static const char gears[] = "date,distance_km,duration_min,rpe,gear\n2024-05-01,1,,,b\n2024-05-02,1,,,c\n";
    rc = kp_session_import_buffer(s, gears, strlen(gears), "g.csv", NULL);
    cr_expect_eq(rc, KP_ERANGE, "%s", kp_error_message());
    cr_expect(strstr(kp_error_message(), "max_gears") != NULL, "%s", kp_error_message());
    static const char field[] = "date,distance_km,duration_min,rpe,gear\n2024-05-01,1,,,\"aaaaaaaaaaaaaaaaaaaaaaaaa\"\n";
    rc = kp_session_import_buffer(s, field, strlen(field), "f.csv", NULL);
    cr_expect_eq(rc, KP_ERANGE, "%s", kp_error_message());
    cr_expect(strstr(kp_error_message(), "f.csv:2: field longer than 20") != NULL, "%s",
              kp_error_message());
    char log[400];
    snprintf(log, sizeof log, "date,distance_km\n%-360s\n", "2024-05-01,1");
    rc = kp_session_import_buffer(s, log, strlen(log), "l.csv", NULL);
    cr_expect_eq(rc, KP_ERANGE, "%s", kp_error_message());
    cr_expect(strstr(kp_error_message(), "max_log_bytes") != NULL, "%s", kp_error_message());
    char *after = snapshot(s);
    cr_expect_str_eq(after, before);
    cr_expect_null(made);
    free(before);
    free(after);
    kp_session_free(s);
    cr_assert_eq(kp_limits_set(NULL), KP_OK);
    cr_assert_eq(kp_limits_get(&got), KP_OK);
    cr_expect_eq(got.max_runs, KP_DEFAULT_MAX_RUNS);
}
