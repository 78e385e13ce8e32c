/*
 * test_json.c - the report JSON against the project's schema
 * (doc/report.schema.json, checked by a small validator for the subset of
 * JSON Schema it uses), input/report round trips, kp_assess_json, and bad
 * input documents (code, field named, session unchanged).
 */
#include "helpers.h"

#include <jansson.h>
#include <math.h>
#include <regex.h>

#define SCHEMA KP_SRCDIR "/doc/report.schema.json"

/* ------------------------------------------------- schema validator */

typedef struct vstate {
    char errors[4096];
    size_t nerrors;
} vstate;

static void verr(vstate *st, const char *path, const char *msg, const char *detail)
{
    if (st->nerrors++ < 8) {
        size_t n = strlen(st->errors);
        snprintf(st->errors + n, sizeof st->errors - n, "\n  %s: %s%s%s", path, msg,
                 detail ? " " : "", detail ? detail : "");
    }
}

static int type_is(const json_t *v, const char *t)
{
    if (!strcmp(t, "object")) return json_is_object(v);
    if (!strcmp(t, "array")) return json_is_array(v);
    if (!strcmp(t, "string")) return json_is_string(v);
    if (!strcmp(t, "number")) return json_is_number(v);
    if (!strcmp(t, "integer"))
        return json_is_integer(v) || (json_is_real(v) && json_real_value(v) == floor(json_real_value(v)));
    if (!strcmp(t, "boolean")) return json_is_boolean(v);
    if (!strcmp(t, "null")) return json_is_null(v);
    return 0;
}

static void validate(const json_t *v, const json_t *schema, const char *path, vstate *st);

static size_t count_errors(const json_t *v, const json_t *schema, const char *path)
{
    vstate tmp;
    memset(&tmp, 0, sizeof tmp);
    validate(v, schema, path, &tmp);
    return tmp.nerrors;
}

static void validate(const json_t *v, const json_t *schema, const char *path, vstate *st)
{
    const json_t *k;
    char sub[512];
    if ((k = json_object_get(schema, "type"))) {
        int ok = 0;
        if (json_is_string(k))
            ok = type_is(v, json_string_value(k));
        else {
            size_t i;
            const json_t *t;
            json_array_foreach(k, i, t) ok |= type_is(v, json_string_value(t));
        }
        if (!ok) {
            char *dump = json_dumps(k, JSON_COMPACT | JSON_ENCODE_ANY);
            verr(st, path, "wrong type, expected", dump);
            free(dump);
            return;
        }
    }
    if ((k = json_object_get(schema, "const")) && !json_equal((json_t *)v, (json_t *)k))
        verr(st, path, "not the constant", json_string_value(k));
    if ((k = json_object_get(schema, "enum"))) {
        int ok = 0;
        size_t i;
        const json_t *e;
        json_array_foreach(k, i, e) ok |= json_equal((json_t *)v, (json_t *)e);
        if (!ok)
            verr(st, path, "not in the enum", json_is_string(v) ? json_string_value(v) : NULL);
    }
    if (json_is_number(v)) {
        double x = json_number_value(v);
        if ((k = json_object_get(schema, "minimum")) && x < json_number_value(k))
            verr(st, path, "below minimum", NULL);
        if ((k = json_object_get(schema, "maximum")) && x > json_number_value(k))
            verr(st, path, "above maximum", NULL);
        if (!isfinite(x))
            verr(st, path, "not finite", NULL);
    }
    if (json_is_string(v)) {
        if ((k = json_object_get(schema, "minLength")) &&
            json_string_length(v) < (size_t)json_integer_value(k))
            verr(st, path, "shorter than minLength", NULL);
        if ((k = json_object_get(schema, "pattern"))) {
            regex_t re;
            cr_assert_eq(regcomp(&re, json_string_value(k), REG_EXTENDED | REG_NOSUB), 0);
            if (regexec(&re, json_string_value(v), 0, NULL, 0))
                verr(st, path, "does not match", json_string_value(k));
            regfree(&re);
        }
    }
    if (json_is_object(v)) {
        size_t i;
        const json_t *r;
        json_array_foreach(json_object_get(schema, "required"), i, r)
            if (!json_object_get(v, json_string_value(r)))
                verr(st, path, "missing required key", json_string_value(r));
        const json_t *props = json_object_get(schema, "properties");
        const json_t *addl = json_object_get(schema, "additionalProperties");
        const char *key;
        json_t *val;
        json_object_foreach((json_t *)v, key, val) {
            snprintf(sub, sizeof sub, "%s.%s", path, key);
            const json_t *ps = json_object_get(props, key);
            if (ps)
                validate(val, ps, sub, st);
            else if (json_is_object(addl))
                validate(val, addl, sub, st);
            else if (json_is_false(addl))
                verr(st, sub, "unexpected key", NULL);
        }
    }
    if (json_is_array(v) && (k = json_object_get(schema, "items"))) {
        size_t i;
        json_t *item;
        json_array_foreach((json_t *)v, i, item) {
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            validate(item, k, sub, st);
        }
    }
    if ((k = json_object_get(schema, "oneOf"))) {
        size_t i, matches = 0;
        const json_t *alt;
        json_array_foreach(k, i, alt) matches += count_errors(v, alt, path) == 0;
        if (matches != 1)
            verr(st, path, matches ? "matches several oneOf branches" : "matches no oneOf branch", NULL);
    }
}

static json_t *schema;
static kp_model *model;

static void setup(void)
{
    json_error_t e;
    schema = json_load_file(SCHEMA, JSON_REJECT_DUPLICATES, &e);
    cr_assert_not_null(schema, "%s:%d: %s", SCHEMA, e.line, e.text);
    model = default_model();
}

static void teardown(void)
{
    json_decref(schema);
    kp_model_free(model);
}

TestSuite(json, .init = setup, .fini = teardown);

static size_t schema_errors(const char *text, char *buf, size_t size)
{
    json_error_t e;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &e);
    cr_assert_not_null(doc, "report is not JSON: %s at %d:%d", e.text, e.line, e.column);
    vstate st;
    memset(&st, 0, sizeof st);
    validate(doc, schema, "$", &st);
    json_decref(doc);
    snprintf(buf, size, "%s", st.errors);
    return st.nerrors;
}

static void expect_valid_report(const char *text, const char *label)
{
    char errs[4096];
    size_t n = schema_errors(text, errs, sizeof errs);
    cr_expect_eq(n, 0, "%s: %zu schema errors:%s", label, n, errs);
}

static char *report_json_for(const char *input, unsigned flags)
{
    char *out = NULL;
    cr_assert_eq(kp_assess_json(model, input, strlen(input), flags, &out), KP_OK, "%s: %s", input,
                 kp_error_message());
    return out;
}

Test(json, schema_keeps_the_design_contract)
{
    /* the keys integrators rely on stay required */
    static const char *const design[] = {"schema", "engine", "model", "receipt", "triage", "causes",
                                         "conditions", "plan", "next_question", "training_load",
                                         "disclaimer"};
    const json_t *req = json_object_get(schema, "required");
    for (size_t i = 0; i < sizeof design / sizeof *design; i++) {
        int found = 0;
        size_t j;
        const json_t *r;
        json_array_foreach(req, j, r) found |= !strcmp(json_string_value(r), design[i]);
        cr_expect(found, "%s is not required by doc/report.schema.json", design[i]);
    }
    cr_expect_str_eq(json_string_value(json_object_get(schema, "$id")), "kneepain-report/1");
}

Test(json, validator_rejects_broken_reports)
{
    char *text = report_json_for("{\"evidence\": {\"cold_pale_foot\": true}}", 0);
    json_t *doc = json_loads(text, 0, NULL);
    struct { const char *what; void (*mutate)(json_t *); } cases[4];
    (void)cases;
    char errs[4096];
    /* missing receipt */
    json_t *d = json_deep_copy(doc);
    json_object_del(d, "receipt");
    char *s = json_dumps(d, 0);
    cr_expect_gt(schema_errors(s, errs, sizeof errs), 0, "missing receipt accepted");
    free(s);
    json_decref(d);
    /* probability above 1 */
    d = json_deep_copy(doc);
    json_object_set_new(json_array_get(json_object_get(d, "conditions"), 0), "probability", json_real(1.5));
    s = json_dumps(d, 0);
    cr_expect_gt(schema_errors(s, errs, sizeof errs), 0, "probability 1.5 accepted");
    free(s);
    json_decref(d);
    /* unknown level */
    d = json_deep_copy(doc);
    json_object_set_new(json_object_get(d, "triage"), "level", json_string("panic"));
    s = json_dumps(d, 0);
    cr_expect_gt(schema_errors(s, errs, sizeof errs), 0, "level 'panic' accepted");
    free(s);
    json_decref(d);
    /* a next question that is a string */
    d = json_deep_copy(doc);
    json_object_set_new(d, "next_question", json_string("age"));
    s = json_dumps(d, 0);
    cr_expect_gt(schema_errors(s, errs, sizeof errs), 0, "next_question string accepted");
    free(s);
    json_decref(d);
    /* a bad receipt */
    d = json_deep_copy(doc);
    json_object_set_new(d, "receipt", json_string("ABC"));
    s = json_dumps(d, 0);
    cr_expect_gt(schema_errors(s, errs, sizeof errs), 0, "receipt ABC accepted");
    free(s);
    json_decref(d);
    json_decref(doc);
    kp_free(text);
}

Test(json, reports_match_the_schema)
{
    static const char *const inputs[] = {
        "{}",
        "{\"evidence\": {\"cold_pale_foot\": true, \"calf_swelling\": true, \"trauma\": true, \"age\": 70}}",
        "{\"evidence\": {\"pain_now\": 6, \"pool_access\": true, \"sex\": \"male\", \"pain_side\": \"medial\"},"
        " \"options\": {\"locale\": \"de\", \"max_plan_items\": 3}}",
        "{\"runs\": [{\"date\": \"2026-01-01\", \"distance_km\": 5, \"gear\": \"a\"},"
        " {\"date\": \"2026-01-20\", \"distance_km\": 12, \"gear\": \"a\"}],"
        " \"shoes\": [{\"gear\": \"a\", \"start_km\": 700}],"
        " \"pain_diary\": [{\"date\": \"2026-01-18\", \"during\": 2}, {\"date\": \"2026-01-20\", \"during\": 5}]}",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        char *text = report_json_for(inputs[i], i % 2 ? KP_JSON_PRETTY : 0);
        expect_valid_report(text, inputs[i]);
        kp_free(text);
    }
    size_t n;
    char *input = read_text_file(EXAMPLE_INPUT, &n);
    char *text = report_json_for(input, KP_JSON_PRETTY);
    expect_valid_report(text, "examples/assessment.json");
    kp_free(text);
    free(input);
}

/* Every single red-flag answer gives a schema-valid report. */
Test(json, every_bool_finding_report_matches_the_schema)
{
    size_t nf = kp_model_count(model, KP_KIND_FINDING);
    for (size_t f = 0; f < nf; f++) {
        if (kp_model_finding_type(model, f) != KP_TYPE_BOOL)
            continue;
        char in[256];
        snprintf(in, sizeof in, "{\"evidence\": {\"%s\": true}}", kp_model_item_id(model, KP_KIND_FINDING, f));
        char *text = report_json_for(in, 0);
        expect_valid_report(text, in);
        kp_free(text);
    }
}

/* ---------------------------------------------------------- round trips */

Test(json, session_round_trip_keeps_the_receipt)
{
    size_t n;
    char *input = read_text_file(EXAMPLE_INPUT, &n);
    kp_session *a = NULL, *b = NULL;
    cr_assert_eq(kp_session_from_json(&a, model, input, n), KP_OK, "%s", kp_error_message());
    char *saved = NULL;
    cr_assert_eq(kp_session_to_json(a, &saved), KP_OK);
    cr_assert_eq(kp_session_from_json(&b, model, saved, strlen(saved)), KP_OK, "%s\n%s",
                 kp_error_message(), saved);
    kp_report *ra = assess(a), *rb = assess(b);
    cr_expect_str_eq(kp_report_receipt(ra), kp_report_receipt(rb));
    char *ja = NULL, *jb = NULL;
    cr_assert_eq(kp_report_to_json(ra, 0, &ja), KP_OK);
    cr_assert_eq(kp_report_to_json(rb, 0, &jb), KP_OK);
    cr_expect_str_eq(ja, jb, "the restored session gives another report");
    /* and saving again gives the same document */
    char *saved2 = NULL;
    cr_assert_eq(kp_session_to_json(b, &saved2), KP_OK);
    cr_expect_str_eq(saved, saved2);
    kp_free(ja);
    kp_free(jb);
    kp_free(saved);
    kp_free(saved2);
    kp_report_free(ra);
    kp_report_free(rb);
    kp_session_free(a);
    kp_session_free(b);
    free(input);
}

Test(json, receipt_follows_the_input)
{
    char *a = report_json_for("{\"evidence\": {\"age\": 30}}", 0);
    char *b = report_json_for("{\"evidence\": {\"age\": 30}}", KP_JSON_PRETTY);
    char *c = report_json_for("{\"evidence\": {\"age\": 31}}", 0);
    char *d = report_json_for("{ \"evidence\" : { \"age\" : 30.0 } }", 0);
    json_t *ja = json_loads(a, 0, NULL), *jb = json_loads(b, 0, NULL), *jc = json_loads(c, 0, NULL),
           *jd = json_loads(d, 0, NULL);
    const char *ra = json_string_value(json_object_get(ja, "receipt"));
    cr_expect_str_eq(ra, json_string_value(json_object_get(jb, "receipt")), "formatting changed the receipt");
    cr_expect_str_eq(ra, json_string_value(json_object_get(jd, "receipt")), "whitespace/30.0 changed the receipt");
    cr_expect_str_neq(ra, json_string_value(json_object_get(jc, "receipt")), "different input, same receipt");
    json_decref(ja);
    json_decref(jb);
    json_decref(jc);
    json_decref(jd);
    kp_free(a);
    kp_free(b);
    kp_free(c);
    kp_free(d);
}

Test(json, assess_json_equals_session_assess_to_json)
{
    size_t n;
    char *input = read_text_file(EXAMPLE_INPUT, &n);
    for (unsigned flags = 0; flags <= KP_JSON_PRETTY; flags++) {
        char *one = NULL, *two = NULL;
        cr_assert_eq(kp_assess_json(model, input, n, flags, &one), KP_OK, "%s", kp_error_message());
        kp_session *s = NULL;
        cr_assert_eq(kp_session_from_json(&s, model, input, n), KP_OK);
        kp_report *r = assess(s);
        cr_assert_eq(kp_report_to_json(r, flags, &two), KP_OK);
        cr_expect_str_eq(one, two, "flags %u", flags);
        if (flags & KP_JSON_PRETTY)
            cr_expect_not_null(strstr(one, "\n  \"schema\""), "not indented with two spaces");
        else
            cr_expect_null(strchr(one, '\n'), "compact output has newlines");
        kp_free(one);
        kp_free(two);
        kp_report_free(r);
        kp_session_free(s);
    }
    free(input);
}

Test(json, report_json_agrees_with_the_api)
{
    size_t n;
    char *input = read_text_file(EXAMPLE_INPUT, &n);
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, model, input, n), KP_OK);
    kp_report *r = assess(s);
    char *text = NULL;
    cr_assert_eq(kp_report_to_json(r, 0, &text), KP_OK);
    json_t *doc = json_loads(text, 0, NULL);
    cr_expect_str_eq(json_string_value(json_object_get(doc, "receipt")), kp_report_receipt(r));
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(doc, "triage"), "level")),
                     kp_level_id(kp_report_level(r)));
    cr_expect_str_eq(json_string_value(json_object_get(doc, "disclaimer")), kp_report_disclaimer(r));
    json_t *plan = json_object_get(doc, "plan");
    cr_assert_eq(json_array_size(plan), kp_report_plan_count(r));
    for (size_t i = 0; i < kp_report_plan_count(r); i++)
        cr_expect_str_eq(json_string_value(json_object_get(json_array_get(plan, i), "remedy")),
                         kp_report_plan_remedy(r, i));
    json_t *conds = json_object_get(doc, "conditions");
    for (size_t i = 0; i < kp_report_condition_count(r); i++)
        cr_expect_str_eq(json_string_value(json_object_get(json_array_get(conds, i), "id")),
                         kp_report_condition_id(r, i));
    double wk;
    cr_assert_eq(kp_report_load_metric(r, "weekly_km", &wk), 1);
    cr_expect_float_eq(json_number_value(json_object_get(json_object_get(doc, "training_load"), "weekly_km")),
                       wk, 1e-9);
    cr_expect_eq(kp_report_load_metric(r, "no_such_metric", &wk), KP_ENOTFOUND);
    json_decref(doc);
    kp_free(text);
    kp_report_free(r);
    kp_session_free(s);
    free(input);
}

/* -------------------------------------------------------- bad input */

typedef struct bad_doc {
    const char *doc;
    int code;
    const char *needle;
} bad_doc;

static const bad_doc bad_docs[] = {
    {"{\n  \"evidence\": {\n    \"age\": 30,,\n  }\n}", KP_EPARSE, "input:3:"},
    {"{\"evidence\": {\"age\": 30}", KP_EPARSE, "input:1:"},
    {"", KP_EPARSE, "input:"},
    {"{\"evidence\": {\"age\": NaN}}", KP_EPARSE, "input:1:"},
    {"{\"evidence\": {\"age\": 30, \"age\": 31}}", KP_EPARSE, "duplicate"},
    {"{\"evidence\": {}, \"evidence\": {}}", KP_EPARSE, "duplicate"},
    {"{\"colour\": \"red\"}", KP_ENOTFOUND, "colour"},
    {"{\"options\": {\"colour\": \"red\"}}", KP_ENOTFOUND, "options.colour"},
    {"{\"runs\": [{\"date\": \"2026-01-01\", \"distance_km\": 5, \"speed\": 3}]}", KP_ENOTFOUND, "speed"},
    {"{\"evidence\": {\"knee_colour\": true}}", KP_ENOTFOUND, "evidence.knee_colour"},
    {"{\"evidence\": {\"pain_side\": \"left\"}}", KP_ENOTFOUND, "evidence.pain_side"},
    {"{\"evidence\": {\"trauma\": \"yes\"}}", KP_ETYPE, "evidence.trauma"},
    {"{\"evidence\": {\"trauma\": 1}}", KP_ETYPE, "evidence.trauma"},
    {"{\"evidence\": {\"age\": \"old\"}}", KP_ETYPE, "evidence.age"},
    {"{\"evidence\": {\"sex\": 1}}", KP_ETYPE, "evidence.sex"},
    {"{\"evidence\": []}", KP_ETYPE, "evidence"},
    {"[]", KP_ETYPE, "input"},
    {"{\"runs\": {}}", KP_ETYPE, "runs"},
    {"{\"runs\": [{\"date\": \"2026-01-01\", \"distance_km\": \"5\"}]}", KP_ETYPE, "runs[0].distance_km"},
    {"{\"runs\": [{\"date\": 20260101, \"distance_km\": 5}]}", KP_ETYPE, "runs[0].date"},
    {"{\"options\": {\"max_plan_items\": \"3\"}}", KP_ETYPE, "options.max_plan_items"},
    {"{\"as_of\": 2026}", KP_ETYPE, "as_of"},
    {"{\"evidence\": {\"age\": 500}}", KP_ERANGE, "evidence.age"},
    {"{\"evidence\": {\"pain_now\": -1}}", KP_ERANGE, "evidence.pain_now"},
    {"{\"options\": {\"max_plan_items\": 0}}", KP_ERANGE, "options.max_plan_items"},
    {"{\"runs\": [{\"date\": \"2026-01-01\", \"distance_km\": 5},"
     " {\"date\": \"2026-01-02\", \"distance_km\": -5}]}", KP_ERANGE, "runs[1].distance_km"},
    {"{\"runs\": [{\"date\": \"2026-01-01\", \"distance_km\": 5, \"rpe\": 12}]}", KP_ERANGE, "runs[0].rpe"},
    {"{\"shoes\": [{\"gear\": \"a\", \"start_km\": -1}]}", KP_ERANGE, "shoes[0].start_km"},
    {"{\"pain_diary\": [{\"date\": \"2026-01-01\", \"during\": 11}]}", KP_ERANGE, "pain_diary[0].during"},
    {"{\"runs\": [{\"date\": \"2026-02-30\", \"distance_km\": 5}]}", KP_EPARSE, "runs[0].date"},
    {"{\"as_of\": \"tomorrow\"}", KP_EPARSE, "as_of"},
};

Test(json, bad_documents)
{
    const char *good = "{\"evidence\": {\"age\": 41, \"trauma\": false},"
                       " \"runs\": [{\"date\": \"2026-01-01\", \"distance_km\": 5}]}";
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, model, good, strlen(good)), KP_OK);
    char *before = NULL;
    cr_assert_eq(kp_session_to_json(s, &before), KP_OK);
    for (size_t i = 0; i < sizeof bad_docs / sizeof *bad_docs; i++) {
        const bad_doc *b = &bad_docs[i];
        size_t len = strlen(b->doc);
        kp_session *ns = (kp_session *)1;
        int rc = kp_session_from_json(&ns, model, b->doc, len);
        cr_expect_eq(rc, b->code, "%s: got %d (%s), want %d", b->doc, rc, kp_error_message(), b->code);
        cr_expect_null(ns, "%s: *out not NULL on failure", b->doc);
        cr_expect_not_null(strstr(kp_error_message(), b->needle), "%s: message '%s' does not name '%s'",
                           b->doc, kp_error_message(), b->needle);
        /* the same through kp_session_load_json: the session is unchanged */
        rc = kp_session_load_json(s, b->doc, len);
        cr_expect_eq(rc, b->code, "load_json %s: got %d", b->doc, rc);
        char *after = NULL;
        cr_assert_eq(kp_session_to_json(s, &after), KP_OK);
        cr_expect_str_eq(after, before, "%s changed the session", b->doc);
        kp_free(after);
        /* and through kp_assess_json: no output */
        char *out = (char *)1;
        rc = kp_assess_json(model, b->doc, len, 0, &out);
        cr_expect_eq(rc, b->code, "assess_json %s: got %d", b->doc, rc);
        cr_expect_null(out);
    }
    kp_free(before);
    kp_session_free(s);
}

Test(json, load_json_replaces_content)
{
    kp_session *s = new_session(model);
    cr_assert_eq(kp_session_set_bool(s, "trauma", 1), KP_OK);
    const char *doc = "{\"evidence\": {\"age\": 41}}";
    cr_assert_eq(kp_session_load_json(s, doc, strlen(doc)), KP_OK);
    double v;
    cr_expect_eq(kp_session_get(s, "trauma", &v), 0, "load_json kept old evidence");
    cr_expect_eq(kp_session_get(s, "age", &v), 1);
    cr_expect_eq(v, 41);
    kp_session_free(s);
}

/* A document from another model version is refused field by field, not
 * half-loaded: the minimal model does not know 'trauma'. */
Test(json, other_model_ids_are_unknown)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_file(&m, MINIMAL_MODEL), KP_OK);
    kp_session *s = NULL;
    const char *doc = "{\"evidence\": {\"swollen\": true, \"trauma\": true}}";
    assert_error(kp_session_from_json(&s, m, doc, strlen(doc)), KP_ENOTFOUND, "evidence.trauma");
    cr_expect_null(s);
    kp_model_free(m);
}
