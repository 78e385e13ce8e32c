/*
 * test_report_stream.c - the report JSON writer against reference reports.
 *
 * tests/fixtures/reports/ holds the reports of examples/assessment.json
 * (compact, pretty, with triage changes) and of every vignette input
 * (every tests/vignettes file, with triage changes) as written by the earlier
 * jansson tree writer.  Every value in them must appear, equal, in what
 * kp_assess_json writes now (numbers to 1e-12 relative, same JSON types);
 * added members are allowed.  The references are tied to the built-in model
 * that made them: a report-changing model or engine change fails here until
 * the references are refreshed on purpose (KP_WRITE_REPORTS=DIR writes the
 * current reports to DIR; review the diff, then commit them), so the check
 * can never pass by skipping.
 *
 * The same reports are written again under a comma-decimal locale
 * (de_DE.UTF-8, skipped when not installed): numbers keep the '.'.
 */
#include "helpers.h"

#include <jansson.h>
#include <locale.h>
#include <math.h>

#define REPORTS KP_SRCDIR "/tests/fixtures/reports"

typedef struct ref_case {
    char id[128];
    unsigned flags;
    char *input;     /* JSON text, malloc'd */
} ref_case;

typedef struct ref_set {
    const char *name;     /* fixture file stem */
    ref_case *cases;
    size_t n;
} ref_set;

static char *dump(const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(17));
    cr_assert_not_null(s);
    return s;
}

static void add_case(ref_set *set, const char *id, unsigned flags, char *input)
{
    set->cases = realloc(set->cases, (set->n + 1) * sizeof *set->cases);
    cr_assert_not_null(set->cases);
    ref_case *c = &set->cases[set->n++];
    snprintf(c->id, sizeof c->id, "%s", id);
    c->flags = flags;
    c->input = input;
}

static void load_sets(ref_set sets[3])
{
    memset(sets, 0, 3 * sizeof *sets);
    sets[0].name = "example";
    size_t n = 0;
    char *ex = read_text_file(EXAMPLE_INPUT, &n);
    add_case(&sets[0], "compact", 0, strdup(ex));
    add_case(&sets[0], "pretty", KP_JSON_PRETTY, strdup(ex));
    add_case(&sets[0], "triage_changes", KP_JSON_TRIAGE_CHANGES, strdup(ex));
    free(ex);
    static const char *files[] = {"core", "brief-cases"};
    for (int f = 0; f < 2; f++) {
        char path[512];
        snprintf(path, sizeof path, KP_SRCDIR "/tests/vignettes/%s.json", files[f]);
        json_error_t err;
        json_t *doc = json_load_file(path, 0, &err);
        cr_assert_not_null(doc, "%s: %s", path, err.text);
        sets[1 + f].name = files[f];
        json_t *vs = json_object_get(doc, "vignettes");
        size_t i;
        json_t *v;
        json_array_foreach(vs, i, v) {
            add_case(&sets[1 + f], json_string_value(json_object_get(v, "id")),
                     KP_JSON_TRIAGE_CHANGES, dump(json_object_get(v, "input")));
        }
        json_decref(doc);
    }
}

static void free_sets(ref_set sets[3])
{
    for (int s = 0; s < 3; s++) {
        for (size_t i = 0; i < sets[s].n; i++)
            free(sets[s].cases[i].input);
        free(sets[s].cases);
    }
}

static json_t *report_of(kp_model *m, const ref_case *c)
{
    char *out = NULL;
    int rc = kp_assess_json(m, c->input, strlen(c->input), c->flags, &out);
    cr_assert_eq(rc, KP_OK, "%s: %s", c->id, kp_error_message());
    json_error_t err;
    json_t *r = json_loads(out, 0, &err);
    cr_assert_not_null(r, "%s: the report is not JSON: %s (line %d col %d)", c->id, err.text,
                       err.line, err.column);
    kp_free(out);
    return r;
}

/* Every value of `want` is in `got`: "" when so, else the first path. */
static int same(const json_t *want, const json_t *got, char *path, size_t cap)
{
    size_t len = strlen(path);
    if (json_typeof(want) != json_typeof(got))
        return 0;
    switch (json_typeof(want)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)want, k, v) {
            snprintf(path + len, cap - len, ".%s", k);
            json_t *g = json_object_get(got, k);
            if (!g || !same(v, g, path, cap))
                return 0;
        }
        path[len] = '\0';
        return 1;
    }
    case JSON_ARRAY: {
        if (json_array_size(want) != json_array_size(got))
            return 0;
        for (size_t i = 0; i < json_array_size(want); i++) {
            snprintf(path + len, cap - len, "[%zu]", i);
            if (!same(json_array_get(want, i), json_array_get(got, i), path, cap))
                return 0;
        }
        path[len] = '\0';
        return 1;
    }
    case JSON_STRING: return !strcmp(json_string_value(want), json_string_value(got));
    case JSON_INTEGER: return json_integer_value(want) == json_integer_value(got);
    case JSON_REAL: {
        double a = json_real_value(want), b = json_real_value(got);
        return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
    }
    default: return 1;
    }
}

static kp_model *model;
static ref_set sets[3];

static void setup(void)
{
    model = default_model();
    load_sets(sets);
}

static void teardown(void)
{
    free_sets(sets);
    kp_model_free(model);
}

/* Write the current reports (KP_WRITE_REPORTS=DIR); 1 when done. */
static int write_references(void)
{
    const char *dir = getenv("KP_WRITE_REPORTS");
    if (!dir || !*dir)
        return 0;
    for (int s = 0; s < 3; s++) {
        json_t *doc = json_object(), *arr = json_array();
        json_object_set_new(doc, "model_sha256", json_string(kp_model_sha256(model)));
        json_object_set_new(doc, "engine", json_string(kp_version_string()));
        json_object_set_new(doc, "reports", arr);
        for (size_t i = 0; i < sets[s].n; i++) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_string(sets[s].cases[i].id));
            json_object_set_new(o, "flags", json_integer(sets[s].cases[i].flags));
            json_object_set_new(o, "report", report_of(model, &sets[s].cases[i]));
            json_array_append_new(arr, o);
        }
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.json", dir, sets[s].name);
        cr_assert_eq(json_dump_file(doc, path, JSON_COMPACT | JSON_REAL_PRECISION(17)), 0,
                     "cannot write %s", path);
        json_decref(doc);
    }
    return 1;
}

/* Compare every case of every set; returns the number compared. */
static size_t compare_all(void)
{
    size_t compared = 0;
    for (int s = 0; s < 3; s++) {
        char path[512];
        snprintf(path, sizeof path, REPORTS "/%s.json", sets[s].name);
        json_error_t err;
        json_t *doc = json_load_file(path, 0, &err);
        cr_assert_not_null(doc, "%s: %s", path, err.text);
        const char *sha = json_string_value(json_object_get(doc, "model_sha256"));
        cr_assert(sha && !strcmp(sha, kp_model_sha256(model)),
                  "%s was made with another built-in model (%s, now %s): review the "
                  "change and refresh with KP_WRITE_REPORTS=tests/fixtures/reports",
                  path, sha ? sha : "none", kp_model_sha256(model));
        json_t *reports = json_object_get(doc, "reports");
        cr_assert_eq(json_array_size(reports), sets[s].n, "%s: %zu reports, %zu inputs", path,
                     json_array_size(reports), sets[s].n);
        for (size_t i = 0; i < sets[s].n; i++) {
            const ref_case *c = &sets[s].cases[i];
            json_t *ref = json_array_get(reports, i);
            cr_assert_str_eq(json_string_value(json_object_get(ref, "id")), c->id);
            json_t *got = report_of(model, c);
            char where[512] = "";
            json_t *want = json_object_get(ref, "report");
            /* the receipt covers the engine version; compare it only when
             * the references were made by this version */
            const char *eng = json_string_value(json_object_get(doc, "engine"));
            if (!eng || strcmp(eng, kp_version_string())) {
                want = json_deep_copy(want);
                json_object_del(want, "receipt");
                json_object_del(json_object_get(want, "engine"), "version");
            } else {
                json_incref(want);
            }
            int ok = same(want, got, where, sizeof where);
            cr_assert(ok, "%s/%s: differs at %s", sets[s].name, c->id, where);
            json_decref(want);
            json_decref(got);
            compared++;
        }
        json_decref(doc);
    }
    return compared;
}

Test(report_stream, equals_the_reference_reports, .init = setup, .fini = teardown)
{
    if (write_references())
        cr_skip_test("reports written to $KP_WRITE_REPORTS");
    size_t n = compare_all();
    cr_assert_geq(n, 3 + 100, "only %zu reports compared", n);
}

Test(report_stream, comma_decimal_locale_keeps_the_point, .init = setup, .fini = teardown)
{
    if (!setlocale(LC_ALL, "de_DE.UTF-8"))
        cr_skip_test("de_DE.UTF-8 locale not installed");
    char buf[8];
    snprintf(buf, sizeof buf, "%.1f", 0.5);
    cr_assert_str_eq(buf, "0,5", "the locale does not use a decimal comma");
    size_t n = compare_all();
    const ref_case *c = &sets[0].cases[0];
    char *out = NULL;
    cr_assert_eq(kp_assess_json(model, c->input, strlen(c->input), 0, &out), KP_OK);
    json_error_t err;
    json_t *r = json_loads(out, 0, &err);
    setlocale(LC_ALL, "C");
    cr_assert_not_null(r, "not JSON under de_DE: %s", err.text);
    json_decref(r);
    kp_free(out);
    cr_assert_geq(n, 3 + 100, "only %zu reports compared under de_DE", n);
}

/* ------------------------------------------------------------ receipts */

static char *receipt_of(kp_session *s)
{
    kp_report *r = assess(s);
    char *out = strdup(kp_report_receipt(r));
    kp_report_free(r);
    return out;
}

static kp_session *example_session(kp_model *m)
{
    size_t n = 0;
    char *text = read_text_file(EXAMPLE_INPUT, &n);
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, m, text, n), KP_OK, "%s", kp_error_message());
    free(text);
    return s;
}

Test(receipt, ignores_the_numeric_locale_and_the_sign_of_zero, .init = setup, .fini = teardown)
{
    kp_session *s = example_session(model);
    cr_assert_eq(kp_session_set_number(s, "age", 34.5), KP_OK, "%s", kp_error_message());
    cr_assert_eq(kp_session_set_number(s, "strength_sessions_per_week", 0.0), KP_OK);
    char *plain = receipt_of(s);
    cr_assert_eq(kp_session_set_number(s, "strength_sessions_per_week", -0.0), KP_OK);
    char *negzero = receipt_of(s);
    cr_assert_str_eq(negzero, plain, "-0 and 0 give different receipts");
    if (setlocale(LC_ALL, "de_DE.UTF-8")) {
        char *de = receipt_of(s);
        setlocale(LC_ALL, "C");
        cr_assert_str_eq(de, plain, "the receipt depends on LC_NUMERIC");
        free(de);
    }
    cr_assert_eq(kp_session_set_number(s, "age", 34.25), KP_OK);
    char *other = receipt_of(s);
    cr_assert_str_neq(other, plain, "a changed answer keeps the receipt");
    free(plain);
    free(negzero);
    free(other);
    kp_session_free(s);
}

Test(receipt, a_report_keeps_the_inputs_it_was_made_from, .init = setup, .fini = teardown)
{
    kp_session *s = example_session(model);
    kp_report *before = assess(s);   /* receipt not read yet */
    cr_assert_eq(kp_session_add_run(s, "2026-11-01", 5, 30, 3, "shoe-a", NAN), KP_OK);
    cr_assert_eq(kp_session_set_as_of(s, "2026-11-02"), KP_OK);
    kp_report *after = assess(s);
    kp_session *fresh = example_session(model);
    char *want = receipt_of(fresh);
    const char *got = kp_report_receipt(before);
    cr_assert_str_eq(got, want, "a report's receipt follows later changes to its session");
    cr_assert_str_eq(kp_report_receipt(before), got, "the receipt changes when read again");
    cr_assert_str_neq(kp_report_receipt(after), want, "a changed log keeps the receipt");
    kp_session_free(s);   /* the report outlives its session */
    cr_assert_str_eq(kp_report_receipt(before), want);
    kp_report_free(before);
    kp_report_free(after);
    kp_session_free(fresh);
    free(want);
}
