/*
 * kneepain_lua_report.i - the report table built in C in one call
 * (included by kneepain_lua.i).
 *
 * kneepain_core.kplua_report_table(report, third_person) returns the table
 * that session:assess() gives (doc/lua.md, "Report tables"): the members of
 * the JSON report that the Lua API documents, read through the kp_report_*
 * accessors with lua_createtable/lua_setfield, instead of some 250 SWIG
 * calls and a Lua table per value from kneepain.lua.  Integral figures
 * (doses, day counts, a number question's min and max) are Lua integers, as
 * math.tointeger makes them; probabilities, scores and effects stay floats.
 * A C NULL is an absent key (nil).
 */

%{
#include <math.h>

/* A figure as Lua integer when it is integral (as math.tointeger), else float. */
static void kplua_push_int(lua_State *L, double v)
{
    if (v == floor(v) && v >= -9223372036854775808.0 && v < 9223372036854775808.0)
        lua_pushinteger(L, (lua_Integer)v);
    else
        lua_pushnumber(L, v);
}

static void kplua_set_string(lua_State *L, const char *key, const char *s)
{
    if (s == NULL)
        return;
    lua_pushstring(L, s);
    lua_setfield(L, -2, key);
}

static void kplua_set_number(lua_State *L, const char *key, double v)
{
    lua_pushnumber(L, v);
    lua_setfield(L, -2, key);
}

static void kplua_set_bool(lua_State *L, const char *key, int v)
{
    lua_pushboolean(L, v);
    lua_setfield(L, -2, key);
}

/* Push a list of the n strings get(r, i, j). */
typedef const char *(*kplua_str_at)(const kp_report *, size_t, size_t);
static void kplua_push_strings(lua_State *L, const kp_report *r, size_t i, size_t n,
                               kplua_str_at get)
{
    size_t j;
    lua_createtable(L, (int)n, 0);
    for (j = 0; j < n; j++) {
        lua_pushstring(L, get(r, i, j));
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
}
static const char *kplua_unchecked_at(const kp_report *r, size_t i, size_t j)
{
    (void)i;
    return kp_report_triage_unchecked(r, j);
}
static const char *kplua_qcond_at(const kp_report *r, size_t i, size_t j)
{
    (void)i;
    return kp_report_next_question_condition(r, j);
}
static const char *kplua_qgroup_at(const kp_report *r, size_t i, size_t j)
{
    (void)i;
    return kp_report_next_question_group_finding(r, j);
}
static const char *kplua_warning_at(const kp_report *r, size_t i, size_t j)
{
    (void)i;
    return kp_report_warning(r, j);
}

/* A finding's value as C stores it (bool 0/1, choice index, number) in
 * its Lua type. */
static void kplua_push_finding_value(lua_State *L, const kp_model *m, const char *id, double v)
{
    size_t f;
    if (kp_model_find(m, KP_KIND_FINDING, id, &f) == KP_OK) {
        switch (kp_model_finding_type(m, f)) {
        case KP_TYPE_BOOL:
            lua_pushboolean(L, v != 0);
            return;
        case KP_TYPE_CHOICE:
            lua_pushstring(L, kp_model_finding_choice_id(m, f, (size_t)v));
            return;
        default:
            break;
        }
    }
    lua_pushnumber(L, v);
}

static void kplua_push_triage(lua_State *L, const kp_report *r)
{
    size_t n = kp_report_reason_count(r), i;
    lua_createtable(L, 0, 4);
    kplua_set_string(L, "level", kp_level_id(kp_report_level(r)));
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        lua_createtable(L, 0, 5);
        kplua_set_string(L, "rule", kp_report_reason_rule(r, i));
        kplua_set_string(L, "text", kp_report_reason_text(r, i));
        /* true in an emergency report for a rule less urgent than the
         * level: text is then "get the emergency help first" */
        kplua_set_bool(L, "superseded", kp_report_reason_superseded(r, i));
        kplua_set_string(L, "source", kp_report_reason_source(r, i));
        kplua_push_strings(L, r, i, kp_report_reason_finding_count(r, i), kp_report_reason_finding);
        lua_setfield(L, -2, "findings");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "reasons");
    kplua_set_bool(L, "provisional", kp_report_triage_provisional(r));
    kplua_push_strings(L, r, 0, kp_report_triage_unchecked_count(r), kplua_unchecked_at);
    lua_setfield(L, -2, "unchecked");
}

static void kplua_push_causes(lua_State *L, const kp_report *r, const kp_model *m)
{
    size_t n = kp_report_cause_count(r), i, j;
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        size_t ne = kp_report_cause_evidence_count(r, i);
        lua_createtable(L, 0, 3);
        kplua_set_string(L, "id", kp_report_cause_id(r, i));
        kplua_set_number(L, "score", kp_report_cause_score(r, i));
        lua_createtable(L, (int)ne, 0);
        for (j = 0; j < ne; j++) {
            const char *f = kp_report_cause_evidence_finding(r, i, j);
            lua_createtable(L, 0, 3);
            kplua_set_string(L, "finding", f);
            kplua_push_finding_value(L, m, f, kp_report_cause_evidence_value(r, i, j));
            lua_setfield(L, -2, "value");
            kplua_set_number(L, "effect", kp_report_cause_evidence_effect(r, i, j));
            lua_rawseti(L, -2, (lua_Integer)j + 1);
        }
        lua_setfield(L, -2, "evidence");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void kplua_push_conditions(lua_State *L, const kp_report *r)
{
    size_t n = kp_report_condition_count(r), i;
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        lua_createtable(L, 0, 4);
        kplua_set_string(L, "id", kp_report_condition_id(r, i));
        kplua_set_number(L, "probability", kp_report_condition_probability(r, i));
        kplua_push_strings(L, r, i, kp_report_condition_supporting_count(r, i),
                           kp_report_condition_supporting);
        lua_setfield(L, -2, "supporting");
        kplua_push_strings(L, r, i, kp_report_condition_conflicting_count(r, i),
                           kp_report_condition_conflicting);
        lua_setfield(L, -2, "conflicting");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void kplua_push_plan(lua_State *L, const kp_report *r)
{
    size_t n = kp_report_plan_count(r), i, j;
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        size_t nd = kp_report_plan_dose_count(r, i);
        lua_createtable(L, 0, 5);
        kplua_set_string(L, "remedy", kp_report_plan_remedy(r, i));
        kplua_set_string(L, "text", kp_report_plan_text(r, i));
        lua_createtable(L, 0, (int)nd);
        for (j = 0; j < nd; j++) {
            kplua_push_int(L, kp_report_plan_dose_value(r, i, j));
            lua_setfield(L, -2, kp_report_plan_dose_key(r, i, j));
        }
        lua_setfield(L, -2, "dose");
        kplua_push_strings(L, r, i, kp_report_plan_because_count(r, i), kp_report_plan_because);
        lua_setfield(L, -2, "because");
        kplua_push_strings(L, r, i, kp_report_plan_caution_count(r, i), kp_report_plan_caution);
        lua_setfield(L, -2, "cautions");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* The next question as the JSON report's "next_question" (nil when none);
 * a choice question's answer labels in the report's locale, third person
 * when `third`. */
static void kplua_push_question(lua_State *L, const kp_report *r, const kp_model *m, int third)
{
    static const char *const types[] = {"bool", "number", "choice"};
    const char *id = kp_report_next_question(r);
    size_t f = 0, c, nc;
    int type;

    if (id == NULL || kp_model_find(m, KP_KIND_FINDING, id, &f) != KP_OK) {
        lua_pushnil(L);
        return;
    }
    type = kp_model_finding_type(m, f);
    lua_createtable(L, 0, 14);
    kplua_set_string(L, "finding", id);
    kplua_set_string(L, "text", kp_report_next_question_text(r));
    kplua_set_string(L, "type", type >= 0 && type < 3 ? types[type] : NULL);
    kplua_set_string(L, "kind", kp_report_next_question_kind(r));
    kplua_set_number(L, "information_gain", kp_report_next_question_gain(r));
    kplua_set_number(L, "gain_conditions", kp_report_next_question_gain_conditions(r));
    kplua_set_number(L, "gain_triage", kp_report_next_question_gain_triage(r));
    kplua_set_number(L, "cost", kp_report_next_question_cost(r));
    kplua_set_string(L, "rationale", kp_report_next_question_rationale(r));
    kplua_set_string(L, "rationale_rule", kp_report_next_question_rule(r));
    kplua_push_strings(L, r, 0, kp_report_next_question_condition_count(r), kplua_qcond_at);
    lua_setfield(L, -2, "rationale_conditions");
    kplua_push_strings(L, r, 0, kp_report_next_question_group_count(r), kplua_qgroup_at);
    lua_setfield(L, -2, "asked_with");
    if (type == KP_TYPE_NUMBER) {
        double lo = 0, hi = 0;
        kp_model_finding_range(m, f, &lo, &hi);
        kplua_push_int(L, lo);
        lua_setfield(L, -2, "min");
        kplua_push_int(L, hi);
        lua_setfield(L, -2, "max");
    } else if (type == KP_TYPE_CHOICE) {
        const char *locale = kp_report_locale(r);
        nc = kp_model_finding_choice_count(m, f);
        lua_createtable(L, (int)nc, 0);
        for (c = 0; c < nc; c++) {
            lua_createtable(L, 0, 2);
            kplua_set_string(L, "id", kp_model_finding_choice_id(m, f, c));
            kplua_set_string(L, "text", kp_model_finding_choice_text(m, f, c, locale, third));
            lua_rawseti(L, -2, (lua_Integer)c + 1);
        }
        lua_setfield(L, -2, "choices");
    }
}

/* Training-load figures by kp_report_load_metric() name; undefined ones
 * absent, day counts integers; shoe_km by gear. */
static void kplua_push_load(lua_State *L, const kp_report *r)
{
    static const char *const metrics[] = {
        "weekly_km", "weekly_km_change_pct", "acwr_ewma", "acwr_rolling",
        "acwr_rolling_uncoupled", "run_spike_pct", "consecutive_run_days",
        "runs_last_14d", "rest_days_last_14d", "monotony", "strain",
        "days_since_previous_run", "longest_gap_days_28d", NULL
    };
    static const char *const counts[] = {
        "consecutive_run_days", "runs_last_14d", "rest_days_last_14d",
        "days_since_previous_run", "longest_gap_days_28d", NULL
    };
    size_t k, g, ng = kp_report_shoe_count(r);

    lua_createtable(L, 0, 14);
    for (k = 0; metrics[k]; k++) {
        double v = 0;
        int is_count = 0;
        size_t c;
        /* 0: undefined (absent); < 0: a name this library does not know */
        if (kp_report_load_metric(r, metrics[k], &v) != 1)
            continue;
        for (c = 0; counts[c]; c++)
            if (strcmp(counts[c], metrics[k]) == 0)
                is_count = 1;
        if (is_count)
            kplua_push_int(L, v);
        else
            lua_pushnumber(L, v);
        lua_setfield(L, -2, metrics[k]);
    }
    lua_createtable(L, 0, (int)ng);
    for (g = 0; g < ng; g++) {
        lua_pushnumber(L, kp_report_shoe_km(r, g));
        lua_setfield(L, -2, kp_report_shoe_gear(r, g));
    }
    lua_setfield(L, -2, "shoe_km");
}

/* kneepain_core.kplua_report_table(report, third_person) -> report table. */
static int kplua_report_table(lua_State *L)
{
    kp_report *r = NULL;
    const kp_model *m;
    int third = lua_toboolean(L, 2);

    if (!SWIG_IsOK(SWIG_ConvertPtr(L, 1, (void **)&r, SWIGTYPE_p_kp_report, 0)) || r == NULL) {
        kplua_push_error_table(L, KP_EINVAL, "report: expected a report handle");
        return lua_error(L);
    }
    m = kp_report_model(r);
    /* about 12 tables nest at most: keep room for them */
    luaL_checkstack(L, 24, "kneepain report table");
    lua_createtable(L, 0, 16);
    kplua_set_string(L, "schema", "kneepain-report/1");
    lua_createtable(L, 0, 1);
    kplua_set_string(L, "version", kp_version_string());
    lua_setfield(L, -2, "engine");
    lua_createtable(L, 0, 3);
    kplua_set_string(L, "id", kp_model_id(m));
    kplua_set_string(L, "version", kp_model_version(m));
    kplua_set_string(L, "sha256", kp_model_sha256(m));
    lua_setfield(L, -2, "model");
    kplua_set_string(L, "receipt", kp_report_receipt(r));
    kplua_set_string(L, "disclaimer", kp_report_disclaimer(r));
    lua_createtable(L, 0, 3);
    kplua_set_string(L, "status", kp_report_pain_trend(r));
    kplua_set_string(L, "advice", kp_report_pain_trend_advice(r));
    kplua_set_string(L, "next_run", kp_report_pain_trend_next_run(r));
    lua_setfield(L, -2, "pain_trend");
    kplua_push_triage(L, r);
    lua_setfield(L, -2, "triage");
    kplua_push_causes(L, r, m);
    lua_setfield(L, -2, "causes");
    kplua_push_conditions(L, r);
    lua_setfield(L, -2, "conditions");
    kplua_push_plan(L, r);
    lua_setfield(L, -2, "plan");
    kplua_push_question(L, r, m, third);
    lua_setfield(L, -2, "next_question");
    kplua_set_bool(L, "should_stop", kp_report_should_stop(r));
    kplua_set_string(L, "stop_reason", kp_report_stop_reason(r));
    kplua_push_load(L, r);
    lua_setfield(L, -2, "training_load");
    kplua_push_strings(L, r, 0, kp_report_warning_count(r), kplua_warning_at);
    lua_setfield(L, -2, "warnings");
    return 1;
}
%}

%native(kplua_report_table) int kplua_report_table(lua_State *L);
