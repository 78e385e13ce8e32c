/*
 * test_triage.c - every triage rule of the default model fired on its own
 * minimal evidence (level, reason, findings, source); thresholds at their
 * edges; red flags only ever raise urgency.
 */
#include "helpers.h"

typedef struct rule_case {
    const char *rule;
    int level;
    const char *evidence; /* JSON object of findings */
} rule_case;

#define AMB KP_LEVEL_EMERGENCY_AMBULANCE
#define EMG KP_LEVEL_EMERGENCY
#define C24 KP_LEVEL_CONSULTATION_24
#define CON KP_LEVEL_CONSULTATION

/* Minimal evidence per rule (models/default.json, triage_rules). */
static const rule_case cases[] = {
    {"acute_limb_ischaemia", AMB, "{\"cold_pale_foot\": true}"},
    {"pulmonary_embolism", AMB, "{\"breathless_or_chest_pain\": true}"},
    {"septic_arthritis", EMG, "{\"fever_hot_red_knee\": true}"},
    {"bone_stress_injury", CON, "{\"bone_pain_hopping\": true}"},
    {"locked_knee", EMG, "{\"knee_locked\": true}"},
    {"trauma_deformity_or_no_weight", EMG, "{\"trauma\": true, \"visible_deformity\": true}"},
    {"trauma_deformity_or_no_weight", EMG, "{\"trauma\": true, \"cannot_bear_weight\": true}"},
    {"cauda_equina", EMG, "{\"bladder_bowel_saddle\": true}"},
    {"cauda_equina", EMG, "{\"bilateral\": true, \"back_pain_radiating\": true, \"foot_weakness\": true}"},
    {"progressive_weakness", EMG, "{\"foot_weakness\": true, \"weakness_progressing\": true}"},
    {"calf_swelling_clot_risk", C24, "{\"calf_swelling\": true, \"recent_travel_or_immobilisation\": true}"},
    {"calf_swelling_clot_risk", C24, "{\"calf_swelling\": true, \"recent_surgery\": true}"},
    {"calf_swelling_clot_risk", C24, "{\"calf_swelling\": true, \"previous_dvt\": true}"},
    {"calf_swelling_clot_risk", C24, "{\"calf_swelling\": true, \"active_cancer\": true}"},
    {"calf_swelling_unilateral", C24, "{\"calf_swelling\": true}"},
    {"calf_and_popliteal_swelling_sudden", C24,
     "{\"calf_swelling\": true, \"swelling_behind_knee\": true, \"onset_sudden\": true}"},
    {"calf_pop_swelling", C24, "{\"onset_sudden\": true, \"calf_pain\": true, \"calf_swelling\": true}"},
    {"calf_tenderness_clot_risk", C24, "{\"calf_pain\": true, \"active_cancer\": true}"},
    {"calf_tenderness_clot_risk", C24, "{\"calf_pain\": true, \"previous_dvt\": true}"},
    {"calf_tenderness_clot_risk", C24,
     "{\"calf_pain\": true, \"recent_travel_or_immobilisation\": true}"},
    {"calf_tenderness_clot_risk", C24, "{\"calf_pain\": true, \"recent_surgery\": true}"},
    {"ottawa_knee_rule", C24, "{\"trauma\": true, \"age\": 55}"},
    {"ottawa_knee_rule", C24, "{\"trauma\": true, \"fibular_head_tenderness\": true}"},
    {"ottawa_knee_rule", C24, "{\"trauma\": true, \"isolated_patella_tenderness\": true}"},
    {"ottawa_knee_rule", C24, "{\"trauma\": true, \"cannot_flex_90\": true}"},
    {"ottawa_knee_rule", C24, "{\"trauma\": true, \"age\": 60, \"symptom_days\": 7}"},
    {"pittsburgh_knee_rule", C24, "{\"trauma\": true, \"age\": 51}"},
    {"pittsburgh_knee_rule", C24, "{\"trauma\": true, \"age\": 11}"},
    {"pittsburgh_knee_rule", C24, "{\"trauma\": true, \"age\": 51, \"symptom_days\": 6}"},
    {"rapid_knee_swelling", C24, "{\"knee_swelling_rapid\": true}"},
    {"giving_way_fall", C24, "{\"knee_gave_way_fall\": true}"},
    {"cannot_bear_weight", C24, "{\"cannot_bear_weight\": true}"},
    {"pulsatile_lump", C24, "{\"pulsatile_lump\": true}"},
    {"foot_weakness", C24, "{\"foot_weakness\": true}"},
    {"new_numbness_tingling", C24, "{\"numbness_tingling\": true}"},
    {"claudication_pattern", CON, "{\"exertional_calf_cramp\": true}"},
    {"rest_or_night_pain", CON, "{\"pain_at_rest_or_night\": true}"},
    {"recurrent_catching", CON, "{\"mechanical_symptoms\": true}"},
    {"persistent_popliteal_swelling", CON, "{\"swelling_behind_knee\": true, \"symptom_days\": 14}"},
    {"back_pain_leg_symptoms", CON, "{\"back_pain_radiating\": true}"},
    {"symptoms_over_6_weeks", CON, "{\"symptom_days\": 43}"},
    {"pain_not_improving", CON, "{\"pain_trend\": \"worsening\"}"},
    {"pain_not_improving", CON, "{\"pain_trend\": \"persisting\"}"},
    {"pain_worsening", CON, "{\"pain_trend\": \"worsening\"}"},
    {"pain_not_improving", CON, "{\"pain_trend\": \"stable\", \"symptom_days\": 21}"},
    {"pain_high", CON, "{\"pain_now\": 6}"},
    {"calf_tenderness_clot_risk", C24, "{\"calf_pain\": true, \"combined_pill\": true}"},
    {"calf_tenderness_clot_risk", C24, "{\"calf_pain\": true, \"oral_hrt\": true}"},
    {"calf_tenderness_clot_risk", C24, "{\"calf_pain\": true, \"pregnant\": true}"},
    {"calf_swelling_clot_risk", C24, "{\"calf_swelling\": true, \"postpartum_6w\": true}"},
    {"calf_tenderness_clot_risk", C24, "{\"calf_pain\": true, \"recent_knee_surgery\": true}"},
    {"cauda_equina", EMG, "{\"sciatica_both_legs\": true}"},
    {"hot_swollen_knee", C24, "{\"knee_hot_red_swollen\": true}"},
    {"after_knee_surgery", C24, "{\"recent_knee_surgery\": true}"},
    {"unchecked_popliteal_swelling", CON, "{\"swelling_behind_knee\": true, \"swelling_checked\": false}"},
    {"injury_needs_examination", CON, "{\"trauma\": true, \"mechanical_symptoms\": true, \"symptom_days\": 30}"},
    {"injury_needs_examination", CON, "{\"trauma\": true, \"swelling_behind_knee\": true, \"symptom_days\": 30}"},
};
#define NCASES (sizeof cases / sizeof *cases)

/* Evidence that must NOT fire the rule (thresholds and combinations). */
static const rule_case non_cases[] = {
    {"symptoms_over_6_weeks", -1, "{\"symptom_days\": 42}"},
    {"pain_high", -1, "{\"pain_now\": 5}"},
    {"persistent_popliteal_swelling", -1, "{\"swelling_behind_knee\": true, \"symptom_days\": 13}"},
    {"ottawa_knee_rule", -1, "{\"trauma\": true, \"age\": 54}"},
    {"ottawa_knee_rule", -1, "{\"age\": 80, \"fibular_head_tenderness\": true}"},
    {"pittsburgh_knee_rule", -1, "{\"trauma\": true, \"age\": 50}"},
    {"pittsburgh_knee_rule", -1, "{\"trauma\": true, \"age\": 12}"},
    /* the rules are for fresh injuries: Ottawa <= 7 days, Pittsburgh <= 6 */
    {"ottawa_knee_rule", -1, "{\"trauma\": true, \"age\": 60, \"symptom_days\": 8}"},
    {"pittsburgh_knee_rule", -1, "{\"trauma\": true, \"age\": 60, \"symptom_days\": 7}"},
    {"calf_tenderness_clot_risk", -1, "{\"calf_pain\": true}"},
    {"calf_tenderness_clot_risk", -1, "{\"calf_pain\": false, \"active_cancer\": true}"},
    {"trauma_deformity_or_no_weight", -1, "{\"visible_deformity\": true}"},
    {"cauda_equina", -1, "{\"bilateral\": true, \"back_pain_radiating\": true}"},
    {"cauda_equina", -1, "{\"bilateral\": true, \"sciatica_both_legs\": false}"},
    {"unchecked_popliteal_swelling", -1, "{\"swelling_behind_knee\": true, \"swelling_checked\": true}"},
    {"injury_needs_examination", -1, "{\"mechanical_symptoms\": true, \"trauma\": false}"},
    {"hot_swollen_knee", -1, "{\"fever_hot_red_knee\": true}"},
    {"calf_tenderness_clot_risk", -1, "{\"calf_pain\": false, \"combined_pill\": true}"},
    {"progressive_weakness", -1, "{\"weakness_progressing\": true}"},
    {"calf_swelling_clot_risk", -1, "{\"calf_swelling\": false, \"recent_surgery\": true}"},
    {"pain_not_improving", -1, "{\"pain_trend\": \"stable\", \"symptom_days\": 20}"},
    {"pain_not_improving", -1, "{\"pain_trend\": \"improving\", \"symptom_days\": 60}"},
    {"pain_worsening", -1, "{\"pain_trend\": \"persisting\"}"},
    {"acute_limb_ischaemia", -1, "{\"cold_pale_foot\": false}"},
};

static kp_model *model;
static void setup(void) { model = default_model(); }
static void teardown(void) { kp_model_free(model); }
TestSuite(triage, .init = setup, .fini = teardown);

static kp_report *assess_evidence(const char *evidence, kp_session **keep)
{
    char doc[1024];
    snprintf(doc, sizeof doc, "{\"evidence\": %s}", evidence);
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, model, doc, strlen(doc)), KP_OK, "%s: %s", evidence,
                 kp_error_message());
    kp_report *r = assess(s);
    if (keep)
        *keep = s;
    else
        kp_session_free(s);
    return r;
}

Test(triage, no_evidence_is_self_care)
{
    kp_report *r = assess_evidence("{}", NULL);
    cr_expect_eq(kp_report_level(r), KP_LEVEL_SELF_CARE);
    cr_expect_eq(kp_report_reason_count(r), 0);
    cr_expect_null(kp_report_reason_rule(r, 0));
    kp_report_free(r);
}

Test(triage, every_rule_has_a_case)
{
    size_t n = kp_model_count(model, KP_KIND_RULE);
    for (size_t i = 0; i < n; i++) {
        const char *id = kp_model_item_id(model, KP_KIND_RULE, i);
        int covered = 0;
        for (size_t k = 0; k < NCASES; k++)
            covered |= !strcmp(cases[k].rule, id);
        cr_expect(covered, "triage rule %s has no test case", id);
    }
    for (size_t k = 0; k < NCASES; k++) {
        size_t i;
        cr_expect_eq(kp_model_find(model, KP_KIND_RULE, cases[k].rule, &i), KP_OK,
                     "test case for unknown rule %s", cases[k].rule);
    }
}

Test(triage, each_rule_fires_on_its_evidence)
{
    for (size_t k = 0; k < NCASES; k++) {
        const rule_case *c = &cases[k];
        kp_report *r = assess_evidence(c->evidence, NULL);
        int at = reason_index(r, c->rule);
        cr_expect_geq(at, 0, "%s did not fire on %s", c->rule, c->evidence);
        cr_expect_eq(kp_report_level(r), c->level, "%s on %s: level %s, expected %s", c->rule,
                     c->evidence, kp_level_id(kp_report_level(r)), kp_level_id(c->level));
        if (at >= 0) {
            size_t i = (size_t)at;
            const char *text = kp_report_reason_text(r, i), *src = kp_report_reason_source(r, i);
            cr_expect(text && *text, "%s has no advice text", c->rule);
            cr_expect(src && *src, "%s has no source", c->rule);
            size_t nf = kp_report_reason_finding_count(r, i);
            cr_expect_gt(nf, 0, "%s lists no findings", c->rule);
            for (size_t j = 0; j < nf; j++) {
                const char *f = kp_report_reason_finding(r, i, j);
                char quoted[96];
                snprintf(quoted, sizeof quoted, "\"%s\"", f);
                cr_expect_not_null(strstr(c->evidence, quoted),
                                   "%s lists finding %s that is not in its evidence %s", c->rule, f,
                                   c->evidence);
            }
            cr_expect_null(kp_report_reason_finding(r, i, nf));
        }
        kp_report_free(r);
    }
}

Test(triage, rules_do_not_fire_off_their_evidence)
{
    for (size_t k = 0; k < sizeof non_cases / sizeof *non_cases; k++) {
        kp_report *r = assess_evidence(non_cases[k].evidence, NULL);
        cr_expect_lt(reason_index(r, non_cases[k].rule), 0, "%s fired on %s", non_cases[k].rule,
                     non_cases[k].evidence);
        kp_report_free(r);
    }
}

Test(triage, the_most_urgent_rule_decides)
{
    kp_report *r = assess_evidence(
        "{\"cold_pale_foot\": true, \"pain_now\": 8, \"calf_swelling\": true, \"knee_locked\": true}", NULL);
    cr_expect_eq(kp_report_level(r), KP_LEVEL_EMERGENCY_AMBULANCE);
    cr_expect_geq(reason_index(r, "acute_limb_ischaemia"), 0);
    cr_expect_geq(reason_index(r, "locked_knee"), 0);
    cr_expect_geq(reason_index(r, "calf_swelling_unilateral"), 0);
    cr_expect_geq(reason_index(r, "pain_high"), 0);
    cr_expect_eq(kp_report_reason_count(r), 4);
    kp_report_free(r);
}

/* Triage does not depend on probabilities: a clot-risk prompt fires even
 * when the evidence makes DVT unlikely. */
Test(triage, independent_of_probabilities)
{
    kp_report *r = assess_evidence("{\"calf_swelling\": true, \"previous_dvt\": true, \"age\": 25,"
                                   " \"pain_resisted_flexion\": true, \"pain_side\": \"lateral\"}",
                                   NULL);
    cr_expect_eq(kp_report_level(r), KP_LEVEL_CONSULTATION_24);
    cr_expect_geq(reason_index(r, "calf_swelling_clot_risk"), 0);
    kp_report_free(r);
}

/* Adding any boolean answer (true or false) never lowers urgency. */
Test(triage, red_flags_only_raise_urgency)
{
    size_t nf = kp_model_count(model, KP_KIND_FINDING);
    const char *bases[NCASES + 2];
    size_t nb = 0;
    bases[nb++] = "{}";
    bases[nb++] = "{\"age\": 60, \"symptom_days\": 30, \"pain_now\": 3}";
    for (size_t k = 0; k < NCASES; k++)
        bases[nb++] = cases[k].evidence;
    for (size_t b = 0; b < nb; b++) {
        kp_session *s = NULL;
        kp_report *base = assess_evidence(bases[b], &s);
        int level = kp_report_level(base);
        kp_report_free(base);
        for (size_t f = 0; f < nf; f++) {
            if (kp_model_finding_type(model, f) != KP_TYPE_BOOL)
                continue;
            const char *id = kp_model_item_id(model, KP_KIND_FINDING, f);
            double old;
            int had = kp_session_get(s, id, &old);
            for (int v = 0; v <= 1; v++) {
                if (had == 1)
                    break;
                cr_assert_eq(kp_session_set_bool(s, id, v), KP_OK);
                kp_report *r = assess(s);
                cr_expect_leq(kp_report_level(r), level, "%s=%d lowered urgency of %s from %s to %s",
                              id, v, bases[b], kp_level_id(level), kp_level_id(kp_report_level(r)));
                kp_report_free(r);
            }
            if (had != 1)
                cr_assert_eq(kp_session_unset(s, id), KP_OK);
        }
        kp_session_free(s);
    }
}

Test(triage, level_ids_in_report)
{
    kp_report *r = assess_evidence("{\"fever_hot_red_knee\": true}", NULL);
    cr_expect_str_eq(kp_level_id(kp_report_level(r)), "emergency");
    cr_expect_str_eq(kp_report_reason_rule(r, 0), "septic_arthritis");
    cr_expect_str_eq(kp_report_reason_finding(r, 0, 0), "fever_hot_red_knee");
    kp_report_free(r);
}

/* A leaf with "if_unknown": true holds while its finding is unknown but is
 * not evidence: the reason lists only the answered findings, and answering
 * it outside the limit switches the rule off. */
Test(triage, unknown_injury_age_keeps_the_knee_rules)
{
    kp_session *s = NULL;
    kp_report *r = assess_evidence("{\"trauma\": true, \"age\": 60}", &s);
    int at = reason_index(r, "ottawa_knee_rule");
    cr_assert_geq(at, 0);
    for (size_t j = 0; j < kp_report_reason_finding_count(r, (size_t)at); j++)
        cr_expect_str_neq(kp_report_reason_finding(r, (size_t)at, j), "symptom_days");
    kp_report_free(r);
    cr_assert_eq(kp_session_set_number(s, "symptom_days", 2), KP_OK);
    r = assess(s);
    at = reason_index(r, "ottawa_knee_rule");
    cr_assert_geq(at, 0);
    int listed = 0;
    for (size_t j = 0; j < kp_report_reason_finding_count(r, (size_t)at); j++)
        listed |= !strcmp(kp_report_reason_finding(r, (size_t)at, j), "symptom_days");
    cr_expect(listed, "an answered symptom_days is part of the reason");
    kp_report_free(r);
    cr_assert_eq(kp_session_set_number(s, "symptom_days", 35), KP_OK);
    r = assess(s);
    cr_expect_lt(reason_index(r, "ottawa_knee_rule"), 0);
    cr_expect_lt(reason_index(r, "pittsburgh_knee_rule"), 0);
    cr_expect_eq(kp_report_level(r), KP_LEVEL_SELF_CARE);
    kp_report_free(r);
    kp_session_free(s);
}

/* Exertional calf cramp (possible artery entrapment) is a red flag at the
 * booking level: exercise advice waits for the vascular check. */
Test(triage, claudication_is_a_red_flag_without_urgency)
{
    kp_report *r = assess_evidence("{\"exertional_calf_cramp\": true, \"pain_resisted_flexion\": true}",
                                   NULL);
    cr_expect_eq(kp_report_level(r), KP_LEVEL_CONSULTATION);
    char *json = NULL;
    cr_assert_eq(kp_report_to_json(r, 0, &json), KP_OK);
    cr_expect(strstr(json, "\"red_flag\": true") || strstr(json, "\"red_flag\":true"),
              "no red-flag reason in %s", json);
    kp_free(json);
    cr_expect_lt(plan_index(r, "strengthening"), 0);
    cr_expect_lt(plan_index(r, "return_to_run"), 0);
    cr_expect_lt(plan_index(r, "ice"), 0);
    cr_expect_geq(plan_index(r, "see_professional"), 0);
    kp_report_free(r);
}
