/*
 * test_model.c - the default model's accessors, loading the minimal model
 * fixture, and validation errors (code, file:line:column, JSON path) for
 * models built by mutating that fixture.
 */
#include "helpers.h"

#include <jansson.h>
#include <math.h>
#include <regex.h>

/* ----------------------------------------------------- default model */

static const char *const design_conditions[] = {
    "hamstring_tendinopathy_lateral", "hamstring_tendinopathy_medial", "popliteus_tendinopathy",
    "gastrocnemius_strain", "bakers_cyst", "meniscus_posterior_horn_tear", "pcl_injury",
    "fabella_syndrome", "nerve_irritation", "lumbar_referred_pain", "dvt",
    "popliteal_artery_entrapment", "popliteal_aneurysm", "nonspecific"};
static const char *const design_causes[] = {"overuse", "muscle_imbalance", "running_technique",
                                            "inadequate_shoes", "previous_injury"};
static const char *const design_remedies[] = {"rest", "ice", "strengthening", "technique",
                                              "shoes", "cross_training", "see_professional"};

Test(default_model, has_design_vocabulary)
{
    kp_model *m = default_model();
    size_t i;
    for (size_t k = 0; k < sizeof design_conditions / sizeof *design_conditions; k++)
        cr_expect_eq(kp_model_find(m, KP_KIND_CONDITION, design_conditions[k], &i), KP_OK,
                     "condition %s", design_conditions[k]);
    for (size_t k = 0; k < sizeof design_causes / sizeof *design_causes; k++)
        cr_expect_eq(kp_model_find(m, KP_KIND_CAUSE, design_causes[k], &i), KP_OK, "cause %s",
                     design_causes[k]);
    for (size_t k = 0; k < sizeof design_remedies / sizeof *design_remedies; k++)
        cr_expect_eq(kp_model_find(m, KP_KIND_REMEDY, design_remedies[k], &i), KP_OK,
                     "remedy %s", design_remedies[k]);
    cr_expect_eq(kp_model_count(m, KP_KIND_CONDITION), 20);   /* the brief's 14 and the six the red flags are about */
    cr_expect_eq(kp_model_count(m, KP_KIND_CAUSE), 5);
    cr_expect_gt(kp_model_count(m, KP_KIND_RULE), 10);
    cr_expect_gt(kp_model_count(m, KP_KIND_FINDING), 50);
    cr_expect_eq(kp_model_count(m, (kp_kind)99), 0);
    kp_model_free(m);
}

Test(default_model, identity)
{
    kp_model *m = default_model(), *m2 = default_model();
    regex_t hex;
    cr_assert_eq(regcomp(&hex, "^[0-9a-f]{64}$", REG_EXTENDED | REG_NOSUB), 0);
    cr_expect_eq(regexec(&hex, kp_model_sha256(m), 0, NULL, 0), 0, "%s", kp_model_sha256(m));
    regfree(&hex);
    cr_expect_str_eq(kp_model_sha256(m), kp_model_sha256(m2));
    cr_expect_gt(strlen(kp_model_id(m)), 0);
    cr_expect_gt(strlen(kp_model_version(m)), 0);
    cr_expect_geq(kp_model_locale_count(m), 1);
    cr_expect_str_eq(kp_model_locale(m, 0), "en");
    cr_expect_null(kp_model_locale(m, kp_model_locale_count(m)));
    kp_model_free(m2);
    kp_model_free(m);
}

Test(default_model, priors_sum_to_one_and_are_sourced)
{
    kp_model *m = default_model();
    double sum = 0;
    size_t n = kp_model_count(m, KP_KIND_CONDITION);
    for (size_t c = 0; c < n; c++) {
        double p = kp_model_condition_prior(m, c);
        cr_expect(p > 0 && p < 1, "prior of %s: %g", kp_model_item_id(m, KP_KIND_CONDITION, c), p);
        sum += p;
        const char *src = kp_model_item_source(m, KP_KIND_CONDITION, c);
        cr_assert_not_null(src);
        cr_expect(!strcmp(src, "published") || !strcmp(src, "derived") || !strcmp(src, "estimated"),
                  "source %s", src);
        cr_expect_not_null(kp_model_item_cite(m, KP_KIND_CONDITION, c));
    }
    cr_expect_float_eq(sum, 1.0, 1e-6);
    cr_expect(isnan(kp_model_condition_prior(m, n)));
    /* every rule carries a source and a citation */
    for (size_t r = 0; r < kp_model_count(m, KP_KIND_RULE); r++) {
        cr_expect_not_null(kp_model_item_source(m, KP_KIND_RULE, r));
        const char *cite = kp_model_item_cite(m, KP_KIND_RULE, r);
        cr_expect(cite && *cite, "rule %s has no citation", kp_model_item_id(m, KP_KIND_RULE, r));
        cr_expect_not_null(kp_model_item_text(m, KP_KIND_RULE, r, NULL));
    }
    kp_model_free(m);
}

Test(default_model, finding_accessors)
{
    kp_model *m = default_model();
    size_t age = find_index(m, KP_KIND_FINDING, "age");
    size_t sex = find_index(m, KP_KIND_FINDING, "sex");
    size_t trauma = find_index(m, KP_KIND_FINDING, "trauma");
    size_t weekly = find_index(m, KP_KIND_FINDING, "weekly_km");
    double lo, hi;
    cr_expect_eq(kp_model_finding_type(m, age), KP_TYPE_NUMBER);
    cr_assert_eq(kp_model_finding_range(m, age, &lo, &hi), KP_OK);
    cr_expect_eq(lo, 10);
    cr_expect_eq(hi, 100);
    cr_expect_eq(kp_model_finding_type(m, sex), KP_TYPE_CHOICE);
    cr_expect_eq(kp_model_finding_choice_count(m, sex), 2);
    cr_expect_str_eq(kp_model_finding_choice_id(m, sex, 0), "female");
    cr_expect_str_eq(kp_model_finding_choice_id(m, sex, 1), "male");
    cr_expect_null(kp_model_finding_choice_id(m, sex, 2));
    cr_assert_eq(kp_model_finding_range(m, sex, &lo, &hi), KP_OK);
    cr_expect_eq(lo, 0);
    cr_expect_eq(hi, 1);
    cr_expect_eq(kp_model_finding_type(m, trauma), KP_TYPE_BOOL);
    cr_expect_eq(kp_model_finding_choice_count(m, trauma), 0);
    cr_expect(kp_model_finding_is_derived(m, weekly));
    cr_expect(!kp_model_finding_is_derived(m, trauma));
    size_t n = kp_model_count(m, KP_KIND_FINDING);
    cr_expect_eq(kp_model_finding_type(m, n), -1);
    assert_error(kp_model_finding_range(m, n, &lo, &hi), KP_EINVAL, "");
    cr_expect_null(kp_model_item_id(m, KP_KIND_FINDING, n));
    cr_expect_null(kp_model_item_text(m, KP_KIND_FINDING, n, NULL));
    cr_expect_str_eq(kp_model_item_id(m, KP_KIND_FINDING, age), "age");
    kp_model_free(m);
}

Test(default_model, find_errors)
{
    kp_model *m = default_model();
    size_t i = 12345;
    assert_error(kp_model_find(m, KP_KIND_FINDING, "no_such_finding", &i), KP_ENOTFOUND,
                 "no_such_finding");
    assert_error(kp_model_find(m, KP_KIND_CONDITION, "overuse", &i), KP_ENOTFOUND, "overuse");
    assert_error(kp_model_find(m, KP_KIND_FINDING, NULL, &i), KP_EINVAL, "");
    kp_model_free(m);
}

Test(default_model, locales_fall_back)
{
    kp_model *m = default_model();
    size_t age = find_index(m, KP_KIND_FINDING, "age");
    const char *en = kp_model_item_text(m, KP_KIND_FINDING, age, "en");
    const char *dflt = kp_model_item_text(m, KP_KIND_FINDING, age, NULL);
    const char *xx = kp_model_item_text(m, KP_KIND_FINDING, age, "xx");
    cr_assert_not_null(en);
    cr_expect_str_eq(en, dflt);
    cr_expect_str_eq(en, xx);
    const char *de = kp_model_item_text(m, KP_KIND_FINDING, age, "de");
    cr_assert_not_null(de);
    cr_expect_str_neq(de, en, "German text expected for age");
    kp_model_free(m);
}

/* ---------------------------------------------------- minimal model */

Test(minimal_model, loads_from_file)
{
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_file(&m, MINIMAL_MODEL), KP_OK, "%s", kp_error_message());
    cr_expect_str_eq(kp_model_id(m), "minimal");
    cr_expect_str_eq(kp_model_version(m), "1.0.0");
    cr_expect_eq(kp_model_count(m, KP_KIND_FINDING), 4);
    cr_expect_eq(kp_model_count(m, KP_KIND_CONDITION), 2);
    cr_expect_eq(kp_model_count(m, KP_KIND_CAUSE), 1);
    cr_expect_eq(kp_model_count(m, KP_KIND_RULE), 1);
    cr_expect_eq(kp_model_count(m, KP_KIND_REMEDY), 2);
    cr_expect_float_eq(kp_model_condition_prior(m, 0), 0.3, 1e-12);
    cr_expect_str_eq(kp_model_item_source(m, KP_KIND_CONDITION, 0), "estimated");
    cr_expect_str_eq(kp_model_item_text(m, KP_KIND_REMEDY, 1, NULL), "See a professional");
    double lo, hi;
    cr_assert_eq(kp_model_finding_range(m, 2, &lo, &hi), KP_OK);
    cr_expect_eq(lo, 10);
    cr_expect_eq(hi, 100);
    kp_model_free(m);
}

Test(minimal_model, hash_follows_content)
{
    size_t n;
    char *text = read_text_file(MINIMAL_MODEL, &n);
    kp_model *a = NULL, *b = NULL, *c = NULL;
    cr_assert_eq(kp_model_load_buffer(&a, text, n, "a.json"), KP_OK, "%s", kp_error_message());
    cr_assert_eq(kp_model_load_file(&b, MINIMAL_MODEL), KP_OK);
    cr_expect_str_eq(kp_model_sha256(a), kp_model_sha256(b));
    /* same content, different whitespace: same canonical hash */
    json_t *root = json_loadb(text, n, 0, NULL);
    char *compact = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    kp_model *d = NULL;
    cr_assert_eq(kp_model_load_buffer(&d, compact, strlen(compact), NULL), KP_OK);
    cr_expect_str_eq(kp_model_sha256(a), kp_model_sha256(d));
    free(compact);
    /* different content: different hash */
    json_object_set_new(root, "version", json_string("1.0.1"));
    char *changed = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    cr_assert_eq(kp_model_load_buffer(&c, changed, strlen(changed), NULL), KP_OK);
    cr_expect_str_neq(kp_model_sha256(a), kp_model_sha256(c));
    free(changed);
    json_decref(root);
    kp_model_free(a);
    kp_model_free(b);
    kp_model_free(c);
    kp_model_free(d);
    free(text);
}

Test(minimal_model, missing_file)
{
    kp_model *m = (kp_model *)1;
    assert_error(kp_model_load_file(&m, "/nonexistent/dir/model.json"), KP_EIO,
                 "/nonexistent/dir/model.json");
    cr_expect_null(m);
}

/* --------------------------------------------------- bad models */

static json_t *minimal(void)
{
    json_error_t e;
    json_t *root = json_load_file(MINIMAL_MODEL, 0, &e);
    cr_assert_not_null(root, "%s", e.text);
    return root;
}

/* Object at a dotted path with [i] indexes (e.g. "conditions[0].prior"). */
static json_t *at(json_t *root, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *v = root;
    for (char *tok = strtok(buf, "."); tok; tok = strtok(NULL, ".")) {
        char *br = strchr(tok, '[');
        if (br)
            *br = '\0';
        if (*tok)
            v = json_object_get(v, tok);
        while (br) {
            v = json_array_get(v, (size_t)strtoul(br + 1, &br, 10));
            br = strchr(br, '[');
        }
        cr_assert_not_null(v, "fixture has no %s", path);
    }
    return v;
}

/* Line `line` (1-based) of text, copied into buf. */
static const char *line_of(const char *text, int line, char *buf, size_t size)
{
    const char *p = text;
    for (int i = 1; i < line && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    cr_assert_not_null(p, "line %d is past the end", line);
    size_t n = strcspn(p, "\n");
    if (n >= size)
        n = size - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

/* Load `text` as "bad.json"; expect `code`, a "bad.json:LINE:COL: " prefix,
 * `needle` in the message and `on_line` on the line the message names. */
static void expect_bad_text(const char *text, int code, const char *needle, const char *on_line)
{
    kp_model *m = (kp_model *)1;
    int rc = kp_model_load_buffer(&m, text, strlen(text), "bad.json");
    const char *msg = kp_error_message();
    cr_assert_eq(rc, code, "got %d (%s): %s", rc, kp_strerror(rc), msg);
    cr_assert_null(m);
    int line = 0, col = 0, used = 0;
    cr_assert_eq(sscanf(msg, "bad.json:%d:%d: %n", &line, &col, &used), 2,
                 "message lacks file:line:column: %s", msg);
    cr_expect_gt(used, 0);
    cr_expect_gt(line, 0, "%s", msg);
    cr_expect_geq(col, 0, "%s", msg);
    cr_expect_not_null(strstr(msg, needle), "message '%s' does not contain '%s'", msg, needle);
    if (on_line) {
        char buf[512];
        line_of(text, line, buf, sizeof buf);
        cr_expect_not_null(strstr(buf, on_line), "line %d is '%s', expected it to hold '%s' (%s)",
                           line, buf, on_line, msg);
    }
}

static void expect_bad(json_t *root, int code, const char *needle, const char *on_line)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    cr_assert_not_null(text);
    expect_bad_text(text, code, needle, on_line);
    free(text);
    json_decref(root);
}

/* The document loads (and is released). */
static void expect_loads(json_t *root)
{
    char *text = json_dumps(root, 0);
    kp_model *m = NULL;
    cr_expect_eq(kp_model_load_buffer(&m, text, strlen(text), "ok.json"), KP_OK, "%s",
                 kp_error_message());
    kp_model_free(m);
    free(text);
    json_decref(root);
}

Test(bad_model, malformed_json)
{
    expect_bad_text("{\n  \"format\": \"kneepain-model/1\"\n  \"id\": \"x\"\n}\n", KP_EPARSE, "bad.json:3:",
                    "\"id\"");
    expect_bad_text("", KP_EPARSE, "bad.json:", NULL);
    expect_bad_text("{\"format\": [1, 2,]}", KP_EPARSE, "bad.json:1:", NULL);
}

Test(bad_model, duplicate_keys)
{
    expect_bad_text("{\n  \"id\": \"a\",\n  \"id\": \"b\"\n}\n", KP_EPARSE, "duplicate", NULL);
    /* a duplicate deep inside a valid model */
    size_t n;
    char *text = read_text_file(MINIMAL_MODEL, &n);
    const char *needle = "\"prior\": {\"value\": 0.3,";
    char *p = strstr(text, needle);
    cr_assert_not_null(p);
    size_t off = (size_t)(p - text) + strlen("\"prior\": {");
    char *bad = malloc(n + 64);
    memcpy(bad, text, off);
    strcpy(bad + off, "\"value\": 0.2, ");
    strcat(bad, text + off);
    expect_bad_text(bad, KP_EPARSE, "duplicate", "\"prior\"");
    free(bad);
    free(text);
}

Test(bad_model, not_an_object)
{
    expect_bad_text("[1, 2, 3]\n", KP_EMODEL, "object", NULL);
}

Test(bad_model, wrong_format)
{
    json_t *r = minimal();
    json_object_set_new(r, "format", json_string("kneepain-model/9"));
    expect_bad(r, KP_EMODEL, "kneepain-model/9", "\"format\"");
}

Test(bad_model, unknown_key)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "conditions[0]"), "colour", json_string("red"));
    expect_bad(r, KP_EMODEL, "conditions[0]", "\"colour\"");
    r = minimal();
    json_object_set_new(r, "extra_top_level", json_true());
    expect_bad(r, KP_EMODEL, "extra_top_level", "\"extra_top_level\"");
    r = minimal();
    json_object_set_new(at(r, "findings[2]"), "maximum", json_integer(3));
    expect_bad(r, KP_EMODEL, "findings[2]", "\"maximum\"");
}

Test(bad_model, missing_reference)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "conditions[1].prior"), "cite", json_string("nowhere2020"));
    expect_bad(r, KP_EMODEL, "nowhere2020", "nowhere2020");
    r = minimal();
    json_object_set_new(at(r, "triage_rules[0]"), "cite", json_string("ghost"));
    expect_bad(r, KP_EMODEL, "triage_rules[0]", "ghost");
}

Test(bad_model, probability_outside_unit_interval)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "conditions[0].likelihoods.swollen"), "p", json_real(1.5));
    expect_bad(r, KP_EMODEL, "conditions[0].likelihoods.swollen", "1.5");
    r = minimal();
    json_object_set_new(at(r, "conditions[1].likelihoods.swollen"), "p", json_real(-0.2));
    expect_bad(r, KP_EMODEL, "conditions[1].likelihoods.swollen", "-0.2");
    r = minimal();
    json_object_set_new(at(r, "conditions[0].prior"), "value", json_real(1.25));
    expect_bad(r, KP_EMODEL, "conditions[0].prior: prior 1.25", "\"prior\"");
}

Test(bad_model, likelihoods_do_not_sum_to_one)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "conditions[1].likelihoods.side.p"), "inner", json_real(0.6));
    expect_bad(r, KP_EMODEL, "conditions[1].likelihoods.side", "\"p\"");
    r = minimal();
    json_t *bins = json_pack("[f, f]", 0.5, 0.6);
    json_object_set_new(at(r, "conditions[0].likelihoods.age"), "p", bins);
    expect_bad(r, KP_EMODEL, "sum", NULL);
    r = minimal();
    json_t *short_bins = json_pack("[f]", 1.0);
    json_object_set_new(at(r, "conditions[0].likelihoods.age"), "p", short_bins);
    expect_bad(r, KP_EMODEL, "conditions[0].likelihoods.age", NULL);
}

Test(bad_model, finding_missing_from_a_condition)
{
    json_t *r = minimal();
    json_object_del(at(r, "conditions[1].likelihoods"), "age");
    expect_bad(r, KP_EMODEL, "'age'", NULL);
    r = minimal();
    json_object_del(at(r, "conditions[0].likelihoods"), "age");
    expect_bad(r, KP_EMODEL, "'age'", NULL);
}

Test(bad_model, unknown_finding_in_a_predicate)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "causes[0].terms[0].when"), "finding", json_string("knee_colour"));
    expect_bad(r, KP_EMODEL, "knee_colour", "knee_colour");
    r = minimal();
    json_object_set_new(at(r, "triage_rules[0].when"), "finding", json_string("ghost_finding"));
    expect_bad(r, KP_EMODEL, "triage_rules[0].when", "ghost_finding");
    r = minimal();
    json_object_set_new(at(r, "conditions[0].likelihoods"), "ghost",
                        json_pack("{s:f,s:s,s:s}", "p", 0.5, "source", "estimated", "cite", "test"));
    expect_bad(r, KP_EMODEL, "ghost", NULL);
}

Test(bad_model, if_unknown_must_be_boolean)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "triage_rules[0].when"), "if_unknown", json_string("yes"));
    expect_bad(r, KP_EMODEL, "triage_rules[0].when.if_unknown", "if_unknown");
    r = minimal();
    json_object_set_new(at(r, "triage_rules[0].when"), "if_unknown", json_true());
    expect_loads(r);
}

Test(bad_model, priors_do_not_sum_to_one)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "conditions[0].prior"), "value", json_real(0.4));
    expect_bad(r, KP_EMODEL, "priors sum", NULL);
}

/* A red-flag rule's "conditions" rank first in a report: only known
 * must-not-miss conditions, on red-flag rules, with the note text. */
static json_t *with_rule_conditions(const char *ids_json, int must_not_miss, int note)
{
    json_t *r = minimal();
    json_error_t e;
    json_object_set_new(at(r, "triage_rules[0]"), "conditions", json_loads(ids_json, 0, &e));
    if (must_not_miss)
        json_object_set_new(at(r, "conditions[0]"), "must_not_miss", json_true());
    if (note)
        json_object_set_new(at(r, "texts"), "conditions_flagged_note",
                            json_pack("{s:s}", "en", "Listed first: rule it out."));
    return r;
}

Test(bad_model, rule_conditions)
{
    expect_loads(with_rule_conditions("[\"cyst\"]", 1, 1));
    expect_bad(with_rule_conditions("[\"ghost\"]", 1, 1), KP_EMODEL,
               "triage_rules[0].conditions[0]: unknown condition 'ghost'", "ghost");
    expect_bad(with_rule_conditions("[\"cyst\"]", 0, 1), KP_EMODEL, "'cyst' is not must_not_miss", NULL);
    expect_bad(with_rule_conditions("[\"cyst\", \"cyst\"]", 1, 1), KP_EMODEL, "listed twice", NULL);
    expect_bad(with_rule_conditions("[\"cyst\"]", 1, 0), KP_EMODEL, "conditions_flagged_note", NULL);
    expect_bad(with_rule_conditions("[7]", 1, 1), KP_EMODEL, "unknown condition", NULL);
    json_t *r = with_rule_conditions("[\"cyst\"]", 1, 1);
    json_object_set_new(at(r, "triage_rules[0]"), "red_flag", json_false());
    expect_bad(r, KP_EMODEL, "only a red-flag rule", NULL);
    r = with_rule_conditions("[\"cyst\"]", 1, 1);
    json_object_set_new(at(r, "triage_rules[0]"), "conditions", json_string("cyst"));
    expect_bad(r, KP_EMODEL, "conditions", NULL);
}

Test(bad_model, ask_if)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "findings[0]"), "ask_if", json_pack("{s:s,s:f}", "finding", "age", "ge", 40.0));
    expect_loads(r);
    r = minimal();
    json_object_set_new(at(r, "findings[0]"), "ask_if", json_pack("{s:s,s:b}", "finding", "ghost", "eq", 1));
    expect_bad(r, KP_EMODEL, "findings[0].ask_if", "ghost");
    r = minimal();
    json_object_set_new(at(r, "findings[0]"), "ask_if", json_pack("{s:s,s:b}", "finding", "swollen", "eq", 1));
    expect_bad(r, KP_EMODEL, "cannot test its own finding", NULL);
    r = minimal();
    json_object_set_new(at(r, "findings[0]"), "ask_if", json_pack("{s:s,s:f}", "condition", "cyst", "ge", 0.1));
    expect_bad(r, KP_EMODEL, "findings[0].ask_if", "ask_if");
    r = minimal();
    json_object_set_new(at(r, "findings[0]"), "ask_if", json_pack("{s:s,s:s}", "level", "consultation", "op", "ge"));
    expect_bad(r, KP_EMODEL, "findings[0].ask_if", NULL);
}

Test(bad_model, two_safety_nets)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "remedies[0]"), "safety_net", json_true());
    json_object_del(at(r, "triage_rules[0]"), "blocks");
    expect_bad(r, KP_EMODEL, "safety_net", NULL);
    r = minimal();
    json_object_set_new(at(r, "remedies[1]"), "safety_net", json_false());
    expect_bad(r, KP_EMODEL, "safety_net", NULL);
}

Test(bad_model, bad_source_marker_and_types)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "conditions[0].prior"), "source", json_string("guessed"));
    expect_bad(r, KP_EMODEL, "guessed", "guessed");
    r = minimal();
    json_object_set_new(at(r, "findings[0]"), "type", json_string("colour"));
    expect_bad(r, KP_EMODEL, "findings[0]", "colour");
    r = minimal();
    json_object_set_new(at(r, "triage_rules[0]"), "level", json_string("self_care"));
    expect_bad(r, KP_EMODEL, "triage_rules[0]", "self_care");
    r = minimal();
    json_object_del(at(r, "texts"), "disclaimer");
    expect_bad(r, KP_EMODEL, "disclaimer", NULL);
}

Test(bad_model, error_leaves_no_model_and_good_load_still_works)
{
    kp_model *m = (kp_model *)1;
    cr_assert_eq(kp_model_load_buffer(&m, "{", 1, NULL), KP_EPARSE);
    cr_assert_null(m);
    cr_assert_eq(kp_model_load_file(&m, MINIMAL_MODEL), KP_OK, "%s", kp_error_message());
    kp_model_free(m);
}

/* ice with n indications, only the last of which is true for swollen = true */
static json_t *with_indications(size_t n)
{
    json_t *r = minimal(), *list = json_array();
    for (size_t i = 0; i + 1 < n; i++)
        json_array_append_new(list, json_pack("{s:{s:s, s:b}}", "when", "finding", "swollen", "eq", 0));
    json_array_append_new(list, json_pack("{s:{s:s, s:b}}", "when", "finding", "swollen", "eq", 1));
    json_object_set_new(at(r, "remedies[0]"), "indications", list);
    return r;
}

/* The plan evaluates at most 64 indications of a remedy: the 64th still
 * selects it, a 65th is refused when the model loads, never ignored. */
Test(bad_model, no_more_indications_than_the_plan_evaluates)
{
    json_t *r = with_indications(64);
    char *text = json_dumps(r, JSON_INDENT(2));
    json_decref(r);
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_buffer(&m, text, strlen(text), "ok.json"), KP_OK, "%s", kp_error_message());
    free(text);
    kp_session *s = NULL;
    kp_report *rep = NULL;
    cr_assert_eq(kp_session_new(&s, m), KP_OK);
    cr_assert_eq(kp_session_set_bool(s, "swollen", 1), KP_OK, "%s", kp_error_message());
    cr_assert_eq(kp_session_assess(s, &rep), KP_OK, "%s", kp_error_message());
    int has_ice = 0;
    for (size_t i = 0; i < kp_report_plan_count(rep); i++)
        has_ice |= !strcmp(kp_report_plan_remedy(rep, i), "ice");
    cr_expect(has_ice, "the 64th indication did not select the remedy");
    kp_report_free(rep);
    kp_session_free(s);
    kp_model_free(m);
    expect_bad(with_indications(65), KP_EMODEL, "remedies[0].indications: at most 64 indications", NULL);
}

/* A second remedy for the exclusion tests: a copy of the fixture's ice. */
static json_t *with_rest(void)
{
    json_t *r = minimal();
    json_t *rest = json_deep_copy(at(r, "remedies[0]"));
    json_object_set_new(rest, "id", json_string("rest"));
    json_array_insert_new(json_object_get(r, "remedies"), 1, rest);
    return r;
}

Test(bad_model, excludes_names_known_other_remedies)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "remedies[0]"), "excludes", json_pack("[s]", "nope"));
    expect_bad(r, KP_EMODEL, "remedies[0].excludes[0]: unknown remedy 'nope'", "nope");
    r = minimal();
    json_object_set_new(at(r, "remedies[0]"), "excludes", json_pack("[s]", "see_professional"));
    expect_bad(r, KP_EMODEL, "safety-net remedy cannot be excluded", "see_professional");
    r = minimal();
    json_object_set_new(at(r, "remedies[0]"), "excludes", json_pack("[s]", "ice"));
    expect_bad(r, KP_EMODEL, "cannot name itself in 'excludes'", NULL);
    r = minimal();
    json_object_set_new(at(r, "remedies[0]"), "excludes", json_pack("{}"));
    expect_bad(r, KP_EMODEL, "remedies[0].excludes", NULL);
}

/* Mutual exclusion leaves the winner undefined. */
Test(bad_model, exclusion_cycle)
{
    json_t *r = with_rest();
    json_object_set_new(at(r, "remedies[0]"), "excludes", json_pack("[s]", "rest"));
    json_object_set_new(at(r, "remedies[1]"), "excludes", json_pack("[s]", "ice"));
    expect_bad(r, KP_EMODEL, "cycle of exclusions", NULL);
    r = with_rest();
    json_object_set_new(at(r, "remedies[1]"), "excludes", json_pack("[s]", "ice"));
    kp_model *m = NULL;
    char *text = json_dumps(r, 0);
    cr_expect_eq(kp_model_load_buffer(&m, text, strlen(text), "ok.json"), KP_OK, "%s",
                 kp_error_message());
    kp_model_free(m);
    free(text);
    json_decref(r);
}

static json_t *acute_injury(const char *days_finding)
{
    return json_pack("{s:{s:s,s:b},s:s,s:s,s:s}", "when", "finding", "swollen", "eq", 1,
                     "days_finding", days_finding, "source", "estimated", "cite", "test");
}

static json_t *acute_ban(double days)
{
    return json_pack("{s:{s:f,s:s,s:s},s:{s:s}}", "days", "value", days, "source", "estimated",
                     "cite", "test", "text", "en", "Not in the first days.");
}

Test(bad_model, acute_ban_needs_a_valid_acute_injury)
{
    json_t *r = minimal();
    json_object_set_new(at(r, "remedies[0]"), "acute_ban", acute_ban(3));
    expect_bad(r, KP_EMODEL, "remedies[0].acute_ban: an acute_ban needs the top-level \"acute_injury\"", NULL);
    r = minimal();
    json_object_set_new(r, "acute_injury", acute_injury("side"));
    expect_bad(r, KP_EMODEL, "acute_injury.days_finding: 'side' is not a number finding", NULL);
    r = minimal();
    json_object_set_new(r, "acute_injury", acute_injury("nope"));
    expect_bad(r, KP_EMODEL, "unknown finding 'nope'", "nope");
    r = minimal();
    json_object_set_new(r, "acute_injury", acute_injury("age"));
    json_object_set_new(at(r, "remedies[0]"), "acute_ban", acute_ban(0));
    expect_bad(r, KP_EMODEL, "remedies[0].acute_ban.days: days must be greater than 0", NULL);
    r = minimal();
    json_object_set_new(r, "acute_injury", acute_injury("age"));
    json_object_del(at(r, "acute_injury"), "source");
    expect_bad(r, KP_EMODEL, "acute_injury: missing required key 'source'", NULL);
}

/* A contraindication may cite its source; then both fields are checked. */
Test(bad_model, contraindication_source_needs_a_cite)
{
    json_t *r = minimal();
    json_t *contra = json_pack("[{s:{s:s,s:b},s:{s:s},s:s}]", "when", "finding", "swollen", "eq", 1,
                               "text", "en", "Not when swollen.", "source", "published");
    json_object_set_new(at(r, "remedies[0]"), "contraindications", contra);
    expect_bad(r, KP_EMODEL, "remedies[0].contraindications[0]: missing required key 'cite'", NULL);
    r = minimal();
    contra = json_pack("[{s:{s:s,s:b},s:{s:s},s:s,s:s}]", "when", "finding", "swollen", "eq", 1,
                       "text", "en", "Not when swollen.", "source", "published", "cite", "nowhere");
    json_object_set_new(at(r, "remedies[0]"), "contraindications", contra);
    expect_bad(r, KP_EMODEL, "reference 'nowhere' is not in the references list", "nowhere");
}
