/*
 * test_whatif.c - what would change the triage: raise sets of unknown
 * answers, lower sets of changed answers; soundness (applying an entry gives
 * its level), minimality and the JSON section.
 */
#include "helpers.h"

#include <math.h>

static kp_session *from_json(kp_model *m, const char *json)
{
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, m, json, strlen(json)), KP_OK, "%s", kp_error_message());
    return s;
}

static kp_whatif *whatif(const kp_report *r)
{
    kp_whatif *w = NULL;
    cr_assert_eq(kp_report_triage_changes(r, &w), KP_OK, "%s", kp_error_message());
    cr_assert_not_null(w);
    return w;
}

static void apply(kp_session *s, kp_model *m, const kp_whatif *w, size_t i)
{
    for (size_t j = 0; j < kp_whatif_answer_count(w, i); j++) {
        const char *f = kp_whatif_answer_finding(w, i, j);
        double v = kp_whatif_answer_value(w, i, j);
        size_t idx = find_index(m, KP_KIND_FINDING, f);
        int t = kp_model_finding_type(m, idx), rc;
        if (t == KP_TYPE_BOOL)
            rc = kp_session_set_bool(s, f, v != 0);
        else if (t == KP_TYPE_CHOICE)
            rc = kp_session_set_choice(s, f, kp_model_finding_choice_id(m, idx, (size_t)v));
        else
            rc = kp_session_set_number(s, f, v);
        cr_assert_eq(rc, KP_OK, "%s: %s", f, kp_error_message());
    }
}

/* Every entry, applied to a copy of the session, gives (at least) its
 * level; no entry's findings are a superset of another's with a level at
 * least as far from the current one. */
static void check_sound_and_minimal(kp_model *m, const char *json)
{
    kp_session *s = from_json(m, json);
    kp_report *r = assess(s);
    kp_whatif *w = whatif(r);
    int level = kp_report_level(r);
    for (size_t i = 0; i < kp_whatif_count(w); i++) {
        kp_session *c = from_json(m, json);
        apply(c, m, w, i);
        kp_report *r2 = assess(c);
        if (kp_whatif_direction(w, i) > 0) {
            cr_assert_lt(kp_whatif_level(w, i), level);
            cr_assert_leq(kp_report_level(r2), kp_whatif_level(w, i), "raise entry %zu (%s) gives %s", i,
                          kp_whatif_rule(w, i), kp_level_id(kp_report_level(r2)));
            cr_assert_geq(reason_index(r2, kp_whatif_rule(w, i)), 0, "rule %s did not fire",
                          kp_whatif_rule(w, i));
        } else {
            cr_assert_eq(kp_whatif_direction(w, i), -1);
            cr_assert_null(kp_whatif_rule(w, i));
            cr_assert_gt(kp_whatif_level(w, i), level);
            cr_assert_eq(kp_report_level(r2), kp_whatif_level(w, i), "lower entry %zu", i);
        }
        cr_assert_not_null(kp_whatif_text(w, i));
        kp_report_free(r2);
        kp_session_free(c);
        for (size_t k = 0; k < kp_whatif_count(w); k++) {
            if (k == i || kp_whatif_direction(w, k) != kp_whatif_direction(w, i))
                continue;
            int as_far = kp_whatif_direction(w, i) > 0 ? kp_whatif_level(w, k) <= kp_whatif_level(w, i)
                                                       : kp_whatif_level(w, k) >= kp_whatif_level(w, i);
            if (!as_far)
                continue;
            int subset = 1;
            for (size_t a = 0; a < kp_whatif_answer_count(w, k) && subset; a++) {
                int found = 0;
                for (size_t b = 0; b < kp_whatif_answer_count(w, i) && !found; b++)
                    found = !strcmp(kp_whatif_answer_finding(w, k, a), kp_whatif_answer_finding(w, i, b));
                subset = found;
            }
            cr_assert_not(subset, "entry %zu is a superset of entry %zu", i, k);
        }
    }
    kp_whatif_free(w);
    kp_report_free(r);
    kp_session_free(s);
}

Test(whatif, empty_evidence_lists_the_red_flags)
{
    kp_model *m = default_model();
    kp_session *s = new_session(m);
    kp_report *r = assess(s);
    kp_whatif *w = whatif(r);
    cr_assert_gt(kp_whatif_count(w), 5);
    int calf = 0, foot = 0;
    for (size_t i = 0; i < kp_whatif_count(w); i++) {
        cr_assert_eq(kp_whatif_direction(w, i), 1);
        if (i)
            cr_assert_geq(kp_whatif_level(w, i), kp_whatif_level(w, i - 1), "not sorted by urgency");
        if (kp_whatif_answer_count(w, i) == 1 &&
            !strcmp(kp_whatif_answer_finding(w, i, 0), "calf_swelling")) {
            calf = 1;
            cr_assert_eq(kp_whatif_level(w, i), KP_LEVEL_CONSULTATION_24);
            cr_assert_float_eq(kp_whatif_answer_value(w, i, 0), 1.0, 0);
            cr_assert_str_eq(kp_whatif_answer_test(w, i, 0), "= yes");
        }
        if (kp_whatif_answer_count(w, i) == 1 &&
            !strcmp(kp_whatif_answer_finding(w, i, 0), "cold_pale_foot")) {
            foot = 1;
            cr_assert_eq(kp_whatif_level(w, i), KP_LEVEL_EMERGENCY_AMBULANCE);
            cr_assert_str_eq(kp_whatif_rule(w, i), "acute_limb_ischaemia");
        }
    }
    cr_assert(calf && foot);
    cr_assert_eq(kp_whatif_direction(w, 999), 0);
    cr_assert_null(kp_whatif_answer_finding(w, 0, 99));
    cr_assert(isnan(kp_whatif_answer_value(w, 999, 0)));
    kp_whatif_free(w);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

Test(whatif, numeric_thresholds_and_lowering)
{
    kp_model *m = default_model();
    const char *json = "{\"evidence\": {\"trauma\": true, \"calf_swelling\": true, \"cold_pale_foot\": false}}";
    kp_session *s = from_json(m, json);
    kp_report *r = assess(s);
    cr_assert_eq(kp_report_level(r), KP_LEVEL_CONSULTATION_24);
    kp_whatif *w = whatif(r);
    int lower = 0;
    for (size_t i = 0; i < kp_whatif_count(w); i++) {
        if (kp_whatif_direction(w, i) < 0) {
            lower = 1;
            int calf = 0;
            for (size_t j = 0; j < kp_whatif_answer_count(w, i); j++)
                calf |= !strcmp(kp_whatif_answer_finding(w, i, j), "calf_swelling");
            cr_assert(calf, "lowering must change calf_swelling");
        }
        /* cold_pale_foot was answered "no": never offered to raise */
        for (size_t j = 0; j < kp_whatif_answer_count(w, i); j++)
            if (kp_whatif_direction(w, i) > 0)
                cr_assert_str_neq(kp_whatif_answer_finding(w, i, j), "cold_pale_foot");
    }
    cr_assert(lower);
    kp_whatif_free(w);
    kp_report_free(r);
    kp_session_free(s);

    /* age thresholds after trauma (Ottawa >= 55, Pittsburgh > 50) */
    s = from_json(m, "{\"evidence\": {\"trauma\": true}}");
    r = assess(s);
    w = whatif(r);
    int age = 0;
    for (size_t i = 0; i < kp_whatif_count(w); i++)
        if (kp_whatif_answer_count(w, i) == 1 && !strcmp(kp_whatif_answer_finding(w, i, 0), "age")) {
            age = 1;
            cr_assert_eq(kp_whatif_level(w, i), KP_LEVEL_CONSULTATION_24);
            const char *t = kp_whatif_answer_test(w, i, 0);
            cr_assert(!strcmp(t, "> 50") || !strcmp(t, ">= 55") || !strncmp(t, ">= ", 3) ||
                          !strncmp(t, "< ", 2) || !strncmp(t, "<= ", 3),
                      "age test %s", t);
        }
    cr_assert(age, "no age entry after trauma");
    kp_whatif_free(w);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

Test(whatif, entries_are_sound_and_minimal)
{
    kp_model *m = default_model();
    check_sound_and_minimal(m, "{}");
    check_sound_and_minimal(m, "{\"evidence\": {\"trauma\": true, \"age\": 60}}");
    check_sound_and_minimal(m, "{\"evidence\": {\"trauma\": true, \"calf_swelling\": true, \"age\": 60}}");
    check_sound_and_minimal(m, "{\"evidence\": {\"calf_swelling\": true, \"onset_sudden\": true,"
                               " \"calf_pain\": true, \"symptom_days\": 50, \"pain_now\": 8}}");
    check_sound_and_minimal(m, "{\"evidence\": {\"foot_weakness\": true, \"bilateral\": true}}");
    kp_model_free(m);
}

Test(whatif, json_section_only_when_asked)
{
    kp_model *m = default_model();
    kp_session *s = from_json(m, "{\"evidence\": {\"trauma\": true}}");
    kp_report *r = assess(s);
    char *json = NULL;
    cr_assert_eq(kp_report_to_json(r, KP_JSON_TRIAGE_CHANGES, &json), KP_OK);
    cr_assert_not_null(strstr(json, "\"triage_changes\":[{\"direction\":\"raise\""), "%s", json);
    cr_assert_not_null(strstr(json, "\"answers\":[{\"finding\":"));
    kp_free(json);
    kp_whatif *w = whatif(r);
    cr_assert_eq(kp_whatif_to_json(w, &json), KP_OK);
    cr_assert_eq(json[0], '[');
    kp_free(json);
    kp_whatif_free(w);
    assert_error(kp_report_triage_changes(NULL, &w), KP_EINVAL, "report");
    cr_assert_null(w);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
}

/* Random evidence (fixed seed): every entry is sound, raise entries use
 * only unknown findings and lower entries only answered ones. */
Test(whatif, random_stories_are_sound)
{
    kp_model *m = default_model();
    size_t nf = kp_model_count(m, KP_KIND_FINDING);
    unsigned seed = 12345;
    for (int story = 0; story < 150; story++) {
        kp_session *s = new_session(m);
        for (size_t f = 0; f < nf; f++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 4 != 0 || kp_model_finding_is_derived(m, f))
                continue;
            const char *id = kp_model_item_id(m, KP_KIND_FINDING, f);
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            int t = kp_model_finding_type(m, f);
            if (t == KP_TYPE_BOOL)
                kp_session_set_bool(s, id, r % 5 == 0);   /* mostly "no" */
            else if (t == KP_TYPE_CHOICE)
                kp_session_set_choice(s, id, kp_model_finding_choice_id(m, f, r % kp_model_finding_choice_count(m, f)));
            else {
                double lo, hi;
                kp_model_finding_range(m, f, &lo, &hi);
                kp_session_set_number(s, id, lo + (double)(r % 1000) / 999.0 * (hi - lo));
            }
        }
        char *doc = NULL;
        cr_assert_eq(kp_session_to_json(s, &doc), KP_OK);
        kp_report *r = assess(s);
        kp_whatif *w = whatif(r);
        for (size_t i = 0; i < kp_whatif_count(w); i++) {
            kp_session *c = from_json(m, doc);
            for (size_t j = 0; j < kp_whatif_answer_count(w, i); j++) {
                double v;
                int answered = kp_session_get(c, kp_whatif_answer_finding(w, i, j), &v);
                cr_assert_eq(answered, kp_whatif_direction(w, i) < 0, "story %d entry %zu: %s", story, i,
                             kp_whatif_answer_finding(w, i, j));
            }
            apply(c, m, w, i);
            kp_report *r2 = assess(c);
            if (kp_whatif_direction(w, i) > 0)
                cr_assert_leq(kp_report_level(r2), kp_whatif_level(w, i), "story %d raise %zu", story, i);
            else
                cr_assert_eq(kp_report_level(r2), kp_whatif_level(w, i), "story %d lower %zu", story, i);
            kp_report_free(r2);
            kp_session_free(c);
        }
        kp_whatif_free(w);
        kp_report_free(r);
        kp_free(doc);
        kp_session_free(s);
    }
    kp_model_free(m);
}

/* The knee rules hold while the injury's age is unknown ("if_unknown"), so
 * after {"age": 60} the single answer trauma = yes is enough to fire
 * Ottawa; no symptom_days answer is demanded. */
Test(whatif, unknown_default_leaves_need_no_answer)
{
    kp_model *m = default_model();
    const char *json = "{\"evidence\": {\"age\": 60}}";
    kp_session *s = from_json(m, json);
    kp_report *r = assess(s);
    kp_whatif *w = whatif(r);
    int found = 0;
    for (size_t i = 0; i < kp_whatif_count(w); i++) {
        const char *rule = kp_whatif_rule(w, i);
        if (kp_whatif_direction(w, i) < 0 || !rule || strcmp(rule, "ottawa_knee_rule"))
            continue;
        for (size_t j = 0; j < kp_whatif_answer_count(w, i); j++)
            cr_expect_str_neq(kp_whatif_answer_finding(w, i, j), "symptom_days");
        if (kp_whatif_answer_count(w, i) == 1 &&
            !strcmp(kp_whatif_answer_finding(w, i, 0), "trauma"))
            found = 1;
    }
    cr_expect(found, "no raise entry {trauma} for the Ottawa rule");
    kp_whatif_free(w);
    kp_report_free(r);
    kp_session_free(s);
    check_sound_and_minimal(m, json);
    check_sound_and_minimal(m, "{\"evidence\": {\"age\": 60, \"symptom_days\": 3}}");
    kp_model_free(m);
}
