/*
 * model_load.c - parse and validate a kneepain-model/1 document into a
 * kp_model.  Every problem is reported with file:line:column and the JSON
 * path of the offending value; nothing is half-built on failure.
 */
#include "json_locate.h"
#include "model.h"
#include "internal.h"
#include "predicate.h"
#include "sha256.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 48

typedef struct loader {
    kp_model *m;
    const char *name;
    const char *text;
    size_t size;
    kp__path_seg path[MAX_DEPTH];
    size_t depth;
    int failed;
    /* growable predicate storage, copied into the arena at the end */
    kp__node *nodes;
    size_t nnodes, nodes_cap;
    uint32_t *children;
    size_t nchildren, children_cap;
    uint32_t *term_findings;
    size_t nterm_findings, term_findings_cap;
    int allow_plan_leaves;     /* cause/condition/level/rule leaves allowed */
} loader;

static void push_key(loader *L, const char *key)
{
    if (L->depth < MAX_DEPTH)
        L->path[L->depth] = (kp__path_seg){key, 0};
    L->depth++;
}

static void push_index(loader *L, size_t i)
{
    if (L->depth < MAX_DEPTH)
        L->path[L->depth] = (kp__path_seg){NULL, i};
    L->depth++;
}

static void pop(loader *L) { L->depth--; }

KP_PRINTF(2, 3)
static int fail(loader *L, const char *fmt, ...)
{
    if (L->failed)
        return -1;
    char msg[512], where[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t depth = L->depth < MAX_DEPTH ? L->depth : MAX_DEPTH;
    int line, col;
    kp__json_locate(L->text, L->size, L->path, depth, &line, &col);
    kp__json_path_format(L->path, depth, where, sizeof where);
    kp__error(KP_EMODEL, "%s:%d:%d: %s: %s", L->name, line, col, where, msg);
    L->failed = 1;
    return -1;
}

static int oom(loader *L)
{
    if (!L->failed)
        kp__oom();
    L->failed = 2;
    return -1;
}

#define ALLOC(L, n, type) ((type *)alloc_or_fail((L), (n) * sizeof(type)))
static void *alloc_or_fail(loader *L, size_t size)
{
    void *p = kp__arena_alloc(&L->m->arena, size);
    if (!p)
        oom(L);
    return p;
}

static const char *dup_str(loader *L, const char *s)
{
    char *p = kp__arena_strdup(&L->m->arena, s);
    if (!p)
        oom(L);
    return p;
}

/* Check that every key of `obj` is one of the NULL-terminated `allowed`. */
static int check_keys(loader *L, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (!strcmp(*a, key)) { ok = 1; break; }
        if (!ok) {
            push_key(L, key);
            fail(L, "unknown key '%s'", key);
            pop(L);
            return -1;
        }
    }
    return 0;
}

static json_t *member(loader *L, json_t *obj, const char *key, json_type type, int required)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            fail(L, "missing required key '%s'", key);
        return NULL;
    }
    if (json_typeof(v) != type && !(type == JSON_REAL && json_is_integer(v)) &&
        !(type == JSON_TRUE && json_is_boolean(v))) {
        static const char *names[] = {"an object", "an array", "a string", "a number", "a number",
                                      "a boolean", "a boolean", "null"};
        push_key(L, key);
        fail(L, "expected %s", names[type]);
        pop(L);
        return NULL;
    }
    return v;
}

static int valid_id(const char *s)
{
    if (!*s || strlen(s) > 64 || !(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

static const char *get_id(loader *L, json_t *obj)
{
    json_t *v = member(L, obj, "id", JSON_STRING, 1);
    if (!v)
        return NULL;
    if (!valid_id(json_string_value(v))) {
        push_key(L, "id");
        fail(L, "'%s' is not a lowercase snake_case id", json_string_value(v));
        pop(L);
        return NULL;
    }
    return dup_str(L, json_string_value(v));
}

/* ------------------------------------------------------------- texts */

static int parse_text(loader *L, json_t *obj, const char *key, kp__text *out, int required)
{
    json_t *t = member(L, obj, key, JSON_OBJECT, required);
    if (!t)
        return L->failed ? -1 : 0;
    push_key(L, key);
    size_t n = json_object_size(t);
    const char *def = L->m->locales[0];
    if (!json_object_get(t, def)) {
        fail(L, "text has no '%s' entry (the model's default locale)", def);
        pop(L);
        return -1;
    }
    out->locales = ALLOC(L, n, const char *);
    out->texts = ALLOC(L, n, const char *);
    if (L->failed) { pop(L); return -1; }
    out->n = 0;
    out->locales[out->n] = def;
    out->texts[out->n++] = dup_str(L, json_string_value(json_object_get(t, def)) ?
                                          json_string_value(json_object_get(t, def)) : "");
    const char *loc;
    json_t *v;
    json_object_foreach(t, loc, v) {
        push_key(L, loc);
        if (!json_is_string(v) || json_string_length(v) == 0) {
            fail(L, "expected a non-empty string");
            pop(L);
            pop(L);
            return -1;
        }
        pop(L);
        if (!strcmp(loc, def))
            continue;
        out->locales[out->n] = dup_str(L, loc);
        out->texts[out->n++] = dup_str(L, json_string_value(v));
    }
    pop(L);
    return L->failed ? -1 : 0;
}

/* ---------------------------------------------------- sourced numbers */

static int find_ref(const kp_model *m, const char *key)
{
    for (size_t i = 0; i < m->nrefs; i++)
        if (!strcmp(m->refs[i].key, key))
            return (int)i;
    return -1;
}

static int parse_source_fields(loader *L, json_t *obj, kp__source *src, int32_t *cite)
{
    json_t *s = member(L, obj, "source", JSON_STRING, 1);
    json_t *c = member(L, obj, "cite", JSON_STRING, 1);
    if (!s || !c)
        return -1;
    const char *sv = json_string_value(s);
    int found = -1;
    for (int i = 0; i < 3; i++)
        if (!strcmp(sv, kp__source_names[i]))
            found = i;
    if (found < 0) {
        push_key(L, "source");
        fail(L, "'%s' is not one of published, derived, estimated", sv);
        pop(L);
        return -1;
    }
    *src = (kp__source)found;
    int r = find_ref(L->m, json_string_value(c));
    if (r < 0) {
        push_key(L, "cite");
        fail(L, "reference '%s' is not in the references list", json_string_value(c));
        pop(L);
        return -1;
    }
    *cite = r;
    return 0;
}

/* {"value": x, "source": ..., "cite": ..., "note": ...} at obj[key]. */
static int parse_sourced(loader *L, json_t *obj, const char *key, kp__sourced *out, int required)
{
    json_t *o = member(L, obj, key, JSON_OBJECT, required);
    if (!o)
        return L->failed ? -1 : 0;
    push_key(L, key);
    static const char *const keys[] = {"value", "source", "cite", "note", NULL};
    json_t *v;
    if (check_keys(L, o, keys) || !(v = member(L, o, "value", JSON_REAL, 1)) ||
        parse_source_fields(L, o, &out->source, &out->cite)) {
        pop(L);
        return -1;
    }
    out->value = json_number_value(v);
    if (!isfinite(out->value)) {
        fail(L, "value must be finite");
        pop(L);
        return -1;
    }
    pop(L);
    return 0;
}

/* ---------------------------------------------------------- top level */

static int parse_references(loader *L, json_t *root)
{
    json_t *refs = member(L, root, "references", JSON_OBJECT, 1);
    if (!refs)
        return -1;
    push_key(L, "references");
    L->m->nrefs = json_object_size(refs);
    L->m->refs = ALLOC(L, L->m->nrefs + 1, kp__reference);
    size_t i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(refs, key, v) {
        push_key(L, key);
        static const char *const keys[] = {"text", "url", NULL};
        json_t *t;
        if (!json_is_object(v)) {
            fail(L, "expected an object with 'text' (and optional 'url')");
        } else if (!check_keys(L, v, keys) && (t = member(L, v, "text", JSON_STRING, 1))) {
            json_t *u = member(L, v, "url", JSON_STRING, 0);
            L->m->refs[i].key = dup_str(L, key);
            L->m->refs[i].text = dup_str(L, json_string_value(t));
            L->m->refs[i].url = u ? dup_str(L, json_string_value(u)) : NULL;
            i++;
        }
        pop(L);
        if (L->failed)
            break;
    }
    pop(L);
    return L->failed ? -1 : 0;
}

static int parse_locales(loader *L, json_t *root)
{
    json_t *a = member(L, root, "locales", JSON_ARRAY, 1);
    if (!a)
        return -1;
    push_key(L, "locales");
    size_t n = json_array_size(a);
    if (n == 0) {
        fail(L, "at least one locale is required");
        pop(L);
        return -1;
    }
    L->m->locales = ALLOC(L, n, const char *);
    for (size_t i = 0; i < n && !L->failed; i++) {
        json_t *v = json_array_get(a, i);
        push_index(L, i);
        if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 20)
            fail(L, "expected a locale code such as \"en\"");
        else
            L->m->locales[i] = dup_str(L, json_string_value(v));
        pop(L);
    }
    L->m->nlocales = n;
    pop(L);
    return L->failed ? -1 : 0;
}

static int parse_texts(loader *L, json_t *root)
{
    json_t *t = member(L, root, "texts", JSON_OBJECT, 1);
    if (!t)
        return -1;
    push_key(L, "texts");
    L->m->ntexts = json_object_size(t);
    L->m->texts = ALLOC(L, L->m->ntexts + 1, kp__named_text);
    if (L->failed) { /* out of memory: nothing to fill */
        pop(L);
        return -1;
    }
    size_t i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(t, key, v) {
        L->m->texts[i].key = dup_str(L, key);
        if (parse_text(L, t, key, &L->m->texts[i].text, 1))
            break;
        i++;
    }
    if (!L->failed) {
        L->m->disclaimer = kp__model_text(L->m, "disclaimer");
        if (!L->m->disclaimer)
            fail(L, "missing required text 'disclaimer'");
        for (int lv = 0; lv < KP_LEVEL_COUNT && !L->failed; lv++) {
            char k[64];
            snprintf(k, sizeof k, "level_%s", kp_level_id(lv));
            L->m->level_texts[lv] = kp__model_text(L->m, k);
            if (!L->m->level_texts[lv])
                fail(L, "missing required text '%s'", k);
        }
        L->m->reason_superseded = kp__model_text(L->m, "reason_superseded");
        if (!L->failed && !L->m->reason_superseded)
            fail(L, "missing required text 'reason_superseded'");
    }
    pop(L);
    return L->failed ? -1 : 0;
}

static int parse_settings(loader *L, json_t *root)
{
    json_t *s = member(L, root, "settings", JSON_OBJECT, 1);
    if (!s)
        return -1;
    push_key(L, "settings");
    static const char *const keys[] = {"min_information_gain", "max_plan_items",
                                       "support_threshold", "pain_settled_max",
                                       "pain_trend_step", "pain_persisting_days",
                                       "acwr_gap_days", "pain_during_max",
                                       "plan_key_cause_min", NULL};
    /* optional (added in model format 1 without a version change): these
     * defaults only keep older model files loading; the default model sets
     * both with their sources */
    L->m->pain_during_max = (kp__sourced){5, KP_SRC_PUBLISHED, -1};
    L->m->plan_key_cause_min = (kp__sourced){0.5, KP_SRC_ESTIMATED, -1};
    if (!check_keys(L, s, keys) &&
        !parse_sourced(L, s, "min_information_gain", &L->m->min_information_gain, 1) &&
        !parse_sourced(L, s, "max_plan_items", &L->m->max_plan_items, 1) &&
        !parse_sourced(L, s, "support_threshold", &L->m->support_threshold, 1) &&
        !parse_sourced(L, s, "pain_settled_max", &L->m->pain_settled_max, 1) &&
        !parse_sourced(L, s, "pain_trend_step", &L->m->pain_trend_step, 1) &&
        !parse_sourced(L, s, "pain_persisting_days", &L->m->pain_persisting_days, 1) &&
        !parse_sourced(L, s, "acwr_gap_days", &L->m->acwr_gap_days, 1) &&
        !parse_sourced(L, s, "pain_during_max", &L->m->pain_during_max, 0) &&
        !parse_sourced(L, s, "plan_key_cause_min", &L->m->plan_key_cause_min, 0)) {
        if (L->m->min_information_gain.value < 0) {
            push_key(L, "min_information_gain");
            fail(L, "must be >= 0");
            pop(L);
        } else if (L->m->max_plan_items.value < 1 || L->m->max_plan_items.value > 100) {
            push_key(L, "max_plan_items");
            fail(L, "must be 1..100");
            pop(L);
        } else if (L->m->support_threshold.value < 0) {
            push_key(L, "support_threshold");
            fail(L, "must be >= 0");
            pop(L);
        } else if (L->m->pain_settled_max.value < 0 || L->m->pain_settled_max.value > 10) {
            push_key(L, "pain_settled_max");
            fail(L, "must be 0..10");
            pop(L);
        } else if (!(L->m->pain_trend_step.value > 0) || L->m->pain_trend_step.value > 10) {
            push_key(L, "pain_trend_step");
            fail(L, "must be > 0 and <= 10");
            pop(L);
        } else if (L->m->pain_persisting_days.value < 1 || L->m->pain_persisting_days.value > 365) {
            push_key(L, "pain_persisting_days");
            fail(L, "must be 1..365");
            pop(L);
        } else if (!(L->m->plan_key_cause_min.value >= 0) || L->m->plan_key_cause_min.value > 1) {
            push_key(L, "plan_key_cause_min");
            fail(L, "must be 0..1");
            pop(L);
        } else if (L->m->pain_during_max.value < 0 || L->m->pain_during_max.value > 10) {
            push_key(L, "pain_during_max");
            fail(L, "must be 0..10");
            pop(L);
        } else if (L->m->acwr_gap_days.value < 1 || L->m->acwr_gap_days.value > 365) {
            push_key(L, "acwr_gap_days");
            fail(L, "must be 1..365");
            pop(L);
        }
    }
    pop(L);
    return L->failed ? -1 : 0;
}

/* ------------------------------------------------------------ findings */

static int parse_finding(loader *L, json_t *o, kp__finding *f)
{
    static const char *const keys[] = {"id", "type", "min", "max", "unit", "bins", "choices",
                                       "question", "group", "cost", "screen", "derived",
                                       "askable", "ask_if", NULL};
    if (!json_is_object(o))
        return fail(L, "expected an object");
    if (check_keys(L, o, keys) || !(f->id = get_id(L, o)))
        return -1;
    json_t *t = member(L, o, "type", JSON_STRING, 1);
    if (!t)
        return -1;
    const char *ts = json_string_value(t);
    json_t *v;
    if (!strcmp(ts, "bool")) {
        f->type = KP_TYPE_BOOL;
        f->min = 0;
        f->max = 1;
        f->noutcomes = 2;
    } else if (!strcmp(ts, "number")) {
        f->type = KP_TYPE_NUMBER;
        json_t *mn = member(L, o, "min", JSON_REAL, 1), *mx = member(L, o, "max", JSON_REAL, 1);
        if (!mn || !mx)
            return -1;
        f->min = json_number_value(mn);
        f->max = json_number_value(mx);
        if (!(f->min < f->max)) {
            push_key(L, "max");
            fail(L, "max must be greater than min");
            pop(L);
            return -1;
        }
        if ((v = member(L, o, "bins", JSON_ARRAY, 0))) {
            push_key(L, "bins");
            f->nbins = json_array_size(v);
            f->bins = ALLOC(L, f->nbins + 1, double);
            for (size_t i = 0; i < f->nbins && !L->failed; i++) {
                json_t *b = json_array_get(v, i);
                push_index(L, i);
                if (!json_is_number(b))
                    fail(L, "expected a number");
                else {
                    f->bins[i] = json_number_value(b);
                    if (i > 0 && !(f->bins[i] > f->bins[i - 1]))
                        fail(L, "bin cut points must be ascending");
                }
                pop(L);
            }
            pop(L);
            if (L->failed)
                return -1;
        } else if (L->failed) {
            return -1;
        }
        f->noutcomes = f->nbins + 1;
        if ((v = member(L, o, "unit", JSON_STRING, 0)))
            f->unit = dup_str(L, json_string_value(v));
    } else if (!strcmp(ts, "choice")) {
        f->type = KP_TYPE_CHOICE;
        json_t *cs = member(L, o, "choices", JSON_ARRAY, 1);
        if (!cs)
            return -1;
        push_key(L, "choices");
        f->nchoices = json_array_size(cs);
        if (f->nchoices < 2 || f->nchoices > 64) {
            fail(L, "a choice finding needs 2..64 choices");
            pop(L);
            return -1;
        }
        f->choices = ALLOC(L, f->nchoices, kp__choice);
        for (size_t i = 0; i < f->nchoices && !L->failed; i++) {
            json_t *c = json_array_get(cs, i);
            static const char *const ckeys[] = {"id", "text", NULL};
            push_index(L, i);
            if (!json_is_object(c))
                fail(L, "expected an object with id and text");
            else if (!check_keys(L, c, ckeys) && (f->choices[i].id = get_id(L, c))) {
                parse_text(L, c, "text", &f->choices[i].text, 1);
                for (size_t j = 0; j < i && !L->failed; j++)
                    if (!strcmp(f->choices[j].id, f->choices[i].id))
                        fail(L, "duplicate choice id '%s'", f->choices[i].id);
            }
            pop(L);
        }
        pop(L);
        if (L->failed)
            return -1;
        f->min = 0;
        f->max = (double)(f->nchoices - 1);
        f->noutcomes = f->nchoices;
    } else {
        push_key(L, "type");
        fail(L, "'%s' is not one of bool, number, choice", ts);
        pop(L);
        return -1;
    }
    if (f->type != KP_TYPE_NUMBER && (json_object_get(o, "min") || json_object_get(o, "bins")))
        return fail(L, "min/max/bins are only for number findings");
    if (f->type != KP_TYPE_CHOICE && json_object_get(o, "choices"))
        return fail(L, "choices are only for choice findings");

    f->derived = KP_DERIVED_NONE;
    if ((v = json_object_get(o, "derived")) && !json_is_null(v)) {
        const char *d = json_is_string(v) ? json_string_value(v) : "";
        push_key(L, "derived");
        if (!strcmp(d, "training_load"))
            f->derived = KP_DERIVED_LOAD;
        else if (!strcmp(d, "pain_diary"))
            f->derived = KP_DERIVED_DIARY;
        else
            fail(L, "expected \"training_load\", \"pain_diary\" or null");
        pop(L);
        if (L->failed)
            return -1;
    }
    if (parse_text(L, o, "question", &f->question, f->derived == KP_DERIVED_NONE))
        return -1;
    if ((v = member(L, o, "group", JSON_STRING, 0)))
        f->group = dup_str(L, json_string_value(v));
    f->cost = 1.0;
    if ((v = member(L, o, "cost", JSON_REAL, 0))) {
        f->cost = json_number_value(v);
        if (!(f->cost > 0)) {
            push_key(L, "cost");
            fail(L, "cost must be > 0");
            pop(L);
        }
    }
    if ((v = member(L, o, "screen", JSON_TRUE, 0)))
        f->screen = json_is_true(v);
    f->askable = f->derived == KP_DERIVED_NONE;
    if ((v = member(L, o, "askable", JSON_TRUE, 0)))
        f->askable = json_is_true(v);
    if (f->askable && f->question.n == 0)
        return fail(L, "an askable finding needs a question");
    return L->failed ? -1 : 0;
}

static int compile_pred(loader *L, json_t *o, uint32_t *index, int depth);

/* "ask_if": the finding is asked, and counted as an unchecked warning sign,
 * only while this predicate over other findings is not false (e.g. the pill
 * question unless the runner is male).  Parsed once every finding is known
 * and before any cause, condition or rule, so only finding leaves resolve
 * (level leaves are refused outside remedies). */
static int parse_ask_if(loader *L, json_t *o, kp__finding *f, size_t self)
{
    json_t *v = json_object_get(o, "ask_if");
    if (!v)
        return 0;
    push_key(L, "ask_if");
    size_t before = L->nnodes;
    if (!compile_pred(L, v, &f->ask_if, 0)) {
        f->has_ask_if = 1;
        for (size_t n = before; n < L->nnodes && !L->failed; n++)
            if (L->nodes[n].kind == KP_NODE_FINDING && (size_t)L->nodes[n].target == self)
                fail(L, "ask_if cannot test its own finding '%s'", f->id);
    }
    pop(L);
    return L->failed ? -1 : 0;
}

static const kp_model *sort_model;
static int cmp_finding_ids(const void *a, const void *b)
{
    return strcmp(sort_model->findings[*(const uint32_t *)a].id,
                  sort_model->findings[*(const uint32_t *)b].id);
}

static int parse_findings(loader *L, json_t *root)
{
    json_t *a = member(L, root, "findings", JSON_ARRAY, 1);
    if (!a)
        return -1;
    push_key(L, "findings");
    kp_model *m = L->m;
    m->nfindings = json_array_size(a);
    m->findings = ALLOC(L, m->nfindings + 1, kp__finding);
    m->finding_order = ALLOC(L, m->nfindings + 1, uint32_t);
    for (size_t i = 0; i < m->nfindings && !L->failed; i++) {
        push_index(L, i);
        parse_finding(L, json_array_get(a, i), &m->findings[i]);
        m->finding_order[i] = (uint32_t)i;
        pop(L);
    }
    if (!L->failed) {
        sort_model = m;
        qsort(m->finding_order, m->nfindings, sizeof *m->finding_order, cmp_finding_ids);
        for (size_t i = 1; i < m->nfindings; i++) {
            if (!strcmp(m->findings[m->finding_order[i]].id, m->findings[m->finding_order[i - 1]].id)) {
                push_index(L, m->finding_order[i]);
                fail(L, "duplicate finding id '%s'", m->findings[m->finding_order[i]].id);
                pop(L);
                break;
            }
        }
    }
    for (size_t i = 0; i < m->nfindings && !L->failed; i++) {
        push_index(L, i);
        parse_ask_if(L, json_array_get(a, i), &m->findings[i], i);
        pop(L);
    }
    pop(L);
    return L->failed ? -1 : 0;
}

/* ---------------------------------------------------------- conditions */

static int parse_probability(loader *L, json_t *v, double *out)
{
    if (!json_is_number(v))
        return fail(L, "expected a probability");
    double p = json_number_value(v);
    if (!(p > 0.0 && p < 1.0))
        return fail(L, "probability %g must be strictly between 0 and 1", p);
    *out = p;
    return 0;
}

/* One likelihood entry: fills lik[outcome] for condition c of finding f. */
static int parse_likelihood(loader *L, json_t *entry, const kp__finding *f, double *lik,
                            kp__source *src_out)
{
    static const char *const keys[] = {"p", "source", "cite", "note", NULL};
    if (!json_is_object(entry))
        return fail(L, "expected an object {\"p\": ..., \"source\": ..., \"cite\": ...}");
    int32_t cite;
    if (check_keys(L, entry, keys) || parse_source_fields(L, entry, src_out, &cite))
        return -1;
    json_t *p = json_object_get(entry, "p");
    if (!p)
        return fail(L, "missing required key 'p'");
    push_key(L, "p");
    double sum = 0;
    if (f->type == KP_TYPE_BOOL) {
        if (!parse_probability(L, p, &lik[1]))
            lik[0] = 1.0 - lik[1];
        pop(L);
        return L->failed ? -1 : 0;
    }
    if (f->type == KP_TYPE_CHOICE) {
        if (!json_is_object(p) || json_object_size(p) != f->nchoices) {
            fail(L, "expected an object with a probability for each of the %zu choices", f->nchoices);
            pop(L);
            return -1;
        }
        for (size_t i = 0; i < f->nchoices && !L->failed; i++) {
            json_t *v = json_object_get(p, f->choices[i].id);
            if (!v) {
                fail(L, "missing probability for choice '%s'", f->choices[i].id);
                break;
            }
            push_key(L, f->choices[i].id);
            if (!parse_probability(L, v, &lik[i]))
                sum += lik[i];
            pop(L);
        }
    } else {
        if (!json_is_array(p) || json_array_size(p) != f->noutcomes) {
            fail(L, "expected an array of %zu probabilities (one per bin)", f->noutcomes);
            pop(L);
            return -1;
        }
        for (size_t i = 0; i < f->noutcomes && !L->failed; i++) {
            push_index(L, i);
            if (!parse_probability(L, json_array_get(p, i), &lik[i]))
                sum += lik[i];
            pop(L);
        }
    }
    if (!L->failed && fabs(sum - 1.0) > 1e-6)
        fail(L, "probabilities sum to %.9g, not 1", sum);
    pop(L);
    return L->failed ? -1 : 0;
}

static int parse_conditions(loader *L, json_t *root)
{
    json_t *a = member(L, root, "conditions", JSON_ARRAY, 1);
    if (!a)
        return -1;
    push_key(L, "conditions");
    kp_model *m = L->m;
    m->nconditions = json_array_size(a);
    if (m->nconditions < 2) {
        fail(L, "at least two conditions are required");
        pop(L);
        return -1;
    }
    m->conditions = ALLOC(L, m->nconditions, kp__condition);
    m->logprior = ALLOC(L, m->nconditions, double);
    if (L->failed) { pop(L); return -1; }

    /* which findings are in the Bayes model: decided by the first condition */
    json_t *first_liks = json_object_get(json_array_get(a, 0), "likelihoods");
    size_t offset = 0;
    m->bayes_findings = ALLOC(L, m->nfindings + 1, uint32_t);
    for (size_t fi = 0; fi < m->nfindings && !L->failed; fi++) {
        kp__finding *f = &m->findings[fi];
        if (json_is_object(first_liks) && json_object_get(first_liks, f->id)) {
            f->in_bayes = 1;
            f->lik_offset = offset;
            offset += m->nconditions * f->noutcomes;
            m->bayes_findings[m->nbayes++] = (uint32_t)fi;
        }
    }
    m->lik = ALLOC(L, offset + 1, double);
    m->loglik = ALLOC(L, offset + 1, double);

    double prior_sum = 0;
    static const char *const keys[] = {"id", "name", "prior", "likelihoods", "must_not_miss",
                                       "description", NULL};
    for (size_t c = 0; c < m->nconditions && !L->failed; c++) {
        json_t *o = json_array_get(a, c);
        kp__condition *cd = &m->conditions[c];
        push_index(L, c);
        if (!json_is_object(o)) {
            fail(L, "expected an object");
        } else if (!check_keys(L, o, keys) && (cd->id = get_id(L, o)) &&
                   !parse_text(L, o, "name", &cd->name, 1) &&
                   !parse_sourced(L, o, "prior", &cd->prior, 1)) {
            json_t *mnm = member(L, o, "must_not_miss", JSON_TRUE, 0);
            cd->must_not_miss = mnm && json_is_true(mnm);
            if (!(cd->prior.value > 0 && cd->prior.value < 1)) {
                push_key(L, "prior");
                fail(L, "prior %g must be strictly between 0 and 1", cd->prior.value);
                pop(L);
            }
            prior_sum += cd->prior.value;
            m->logprior[c] = log(cd->prior.value);
            for (size_t j = 0; j < c && !L->failed; j++)
                if (!strcmp(m->conditions[j].id, cd->id))
                    fail(L, "duplicate condition id '%s'", cd->id);
            json_t *liks = member(L, o, "likelihoods", JSON_OBJECT, 1);
            if (liks) {
                push_key(L, "likelihoods");
                const char *fid;
                json_t *entry;
                json_object_foreach(liks, fid, entry) {
                    int fi = kp__model_find_finding(m, fid);
                    push_key(L, fid);
                    if (fi < 0)
                        fail(L, "unknown finding '%s'", fid);
                    else if (!m->findings[fi].in_bayes)
                        fail(L, "finding '%s' has likelihoods here but not in condition '%s'; "
                                "a finding needs an entry in every condition or in none",
                             fid, m->conditions[0].id);
                    else {
                        kp__finding *f = &m->findings[fi];
                        kp__source src;
                        if (!parse_likelihood(L, entry, f, &m->lik[f->lik_offset + c * f->noutcomes], &src) && c == 0)
                            f->lik_source = src;
                    }
                    pop(L);
                    if (L->failed)
                        break;
                }
                for (size_t k = 0; k < m->nbayes && !L->failed; k++) {
                    const kp__finding *f = &m->findings[m->bayes_findings[k]];
                    if (!json_object_get(liks, f->id))
                        fail(L, "missing likelihood for finding '%s' (it has one in condition '%s')",
                             f->id, m->conditions[0].id);
                }
                pop(L);
            }
        }
        pop(L);
    }
    if (!L->failed && fabs(prior_sum - 1.0) > 1e-6)
        fail(L, "condition priors sum to %.9g, not 1", prior_sum);
    for (size_t i = 0; i < offset && !L->failed; i++)
        m->loglik[i] = log(m->lik[i]);
    m->logmarg = ALLOC(L, offset / m->nconditions + 1, double);
    for (size_t k = 0; k < m->nbayes && !L->failed; k++) {
        const kp__finding *f = &m->findings[m->bayes_findings[k]];
        for (size_t o = 0; o < f->noutcomes; o++) {
            double p = 0;
            for (size_t c = 0; c < m->nconditions; c++)
                p += m->conditions[c].prior.value * m->lik[f->lik_offset + c * f->noutcomes + o];
            m->logmarg[f->lik_offset / m->nconditions + o] = log(p);
        }
    }
    pop(L);
    return L->failed ? -1 : 0;
}

/* ---------------------------------------------------------- predicates */

/* Causes and conditions a predicate names (bits; indices >= 64 ignored). */
static void named_targets(const loader *L, uint32_t node, uint64_t *causes, uint64_t *conds)
{
    const kp__node *n = &L->nodes[node];
    if (n->kind == KP_NODE_CAUSE && n->target < 64)
        *causes |= (uint64_t)1 << n->target;
    if (n->kind == KP_NODE_CONDITION && n->target < 64)
        *conds |= (uint64_t)1 << n->target;
    for (uint32_t i = 0; i < n->nchildren; i++)
        named_targets(L, L->children[n->first_child + i], causes, conds);
}

static int add_node(loader *L, const kp__node *n, uint32_t *index)
{
    if (kp__grow((void **)&L->nodes, &L->nodes_cap, L->nnodes + 1, sizeof *L->nodes))
        return oom(L);
    L->nodes[L->nnodes] = *n;
    /* children are always added before their parent */
    uint32_t leaves = n->nchildren ? 0 : 1;
    for (uint32_t i = 0; i < n->nchildren; i++)
        leaves += L->nodes[L->children[n->first_child + i]].nleaves;
    L->nodes[L->nnodes].nleaves = leaves;
    *index = (uint32_t)L->nnodes++;
    return 0;
}

static int leaf_number(loader *L, json_t *o, const char *op, double *out)
{
    json_t *v = json_object_get(o, op);
    push_key(L, op);
    if (!json_is_number(v))
        fail(L, "expected a number");
    else
        *out = json_number_value(v);
    pop(L);
    return L->failed ? -1 : 0;
}

/* eq/ne value for a finding leaf: bool, number or choice id. */
static int leaf_value(loader *L, json_t *o, const char *op, const kp__finding *f, double *out)
{
    json_t *v = json_object_get(o, op);
    push_key(L, op);
    if (f->type == KP_TYPE_BOOL) {
        if (!json_is_boolean(v))
            fail(L, "finding '%s' is bool: expected true or false", f->id);
        else
            *out = json_is_true(v);
    } else if (f->type == KP_TYPE_CHOICE) {
        int ci = json_is_string(v) ? kp__model_find_choice(f, json_string_value(v)) : -1;
        if (ci < 0)
            fail(L, "expected one of the choices of '%s'", f->id);
        else
            *out = ci;
    } else if (!json_is_number(v)) {
        fail(L, "finding '%s' is a number: expected a number", f->id);
    } else {
        *out = json_number_value(v);
    }
    pop(L);
    return L->failed ? -1 : 0;
}

static int record_term_finding(loader *L, uint32_t fi)
{
    if (kp__grow((void **)&L->term_findings, &L->term_findings_cap, L->nterm_findings + 1,
                 sizeof *L->term_findings))
        return oom(L);
    L->term_findings[L->nterm_findings++] = fi;
    return 0;
}

static int compile_pred(loader *L, json_t *o, uint32_t *index, int depth);

static int compile_children(loader *L, json_t *arr, kp__node *n, int depth)
{
    size_t k = json_array_size(arr);
    if (k == 0)
        return fail(L, "expected a non-empty array of predicates");
    uint32_t *tmp = kp__malloc(k * sizeof *tmp);
    if (!tmp)
        return oom(L);
    for (size_t i = 0; i < k && !L->failed; i++) {
        push_index(L, i);
        compile_pred(L, json_array_get(arr, i), &tmp[i], depth + 1);
        pop(L);
    }
    if (!L->failed) {
        if (kp__grow((void **)&L->children, &L->children_cap, L->nchildren + k, sizeof *L->children)) {
            kp__free(tmp);
            return oom(L);
        }
        n->first_child = (uint32_t)L->nchildren;
        n->nchildren = (uint32_t)k;
        memcpy(L->children + L->nchildren, tmp, k * sizeof *tmp);
        L->nchildren += k;
    }
    kp__free(tmp);
    return L->failed ? -1 : 0;
}

static int compile_pred(loader *L, json_t *o, uint32_t *index, int depth)
{
    kp_model *m = L->m;
    kp__node n;
    memset(&n, 0, sizeof n);
    if (depth > 32)
        return fail(L, "predicate nested too deeply");
    if (!json_is_object(o))
        return fail(L, "expected a predicate object");
    json_t *v;
    if ((v = json_object_get(o, "all")) || (v = json_object_get(o, "any"))) {
        const char *key = json_object_get(o, "all") ? "all" : "any";
        if (json_object_size(o) != 1)
            return fail(L, "'%s' must be the only key of its object", key);
        n.kind = key[1] == 'l' ? KP_NODE_ALL : KP_NODE_ANY;
        push_key(L, key);
        if (!json_is_array(v))
            fail(L, "expected an array");
        else
            compile_children(L, v, &n, depth);
        pop(L);
        if (L->failed)
            return -1;
        return add_node(L, &n, index);
    }
    if ((v = json_object_get(o, "not"))) {
        if (json_object_size(o) != 1)
            return fail(L, "'not' must be the only key of its object");
        n.kind = KP_NODE_NOT;
        uint32_t child;
        push_key(L, "not");
        compile_pred(L, v, &child, depth + 1);
        pop(L);
        if (L->failed)
            return -1;
        if (kp__grow((void **)&L->children, &L->children_cap, L->nchildren + 1, sizeof *L->children))
            return oom(L);
        n.first_child = (uint32_t)L->nchildren;
        n.nchildren = 1;
        L->children[L->nchildren++] = child;
        return add_node(L, &n, index);
    }

    static const char *const ops[] = {"eq", "ne", "in", "lt", "le", "gt", "ge"};
    if ((v = json_object_get(o, "finding"))) {
        static const char *const keys[] = {"finding", "eq", "ne", "in", "lt", "le", "gt", "ge",
                                           "if_unknown", NULL};
        if (check_keys(L, o, keys))
            return -1;
        int fi = json_is_string(v) ? kp__model_find_finding(m, json_string_value(v)) : -1;
        if (fi < 0) {
            push_key(L, "finding");
            fail(L, "unknown finding '%s'", json_is_string(v) ? json_string_value(v) : "?");
            pop(L);
            return -1;
        }
        const kp__finding *f = &m->findings[fi];
        n.kind = KP_NODE_FINDING;
        n.target = fi;
        for (int k = 0; k < 7; k++) {
            if (!json_object_get(o, ops[k]))
                continue;
            n.ops |= 1u << k;
            if (k == 0 && leaf_value(L, o, "eq", f, &n.eq)) return -1;
            if (k == 1 && leaf_value(L, o, "ne", f, &n.ne)) return -1;
            if (k == 2) {
                json_t *arr = json_object_get(o, "in");
                push_key(L, "in");
                if (f->type != KP_TYPE_CHOICE || !json_is_array(arr) || json_array_size(arr) == 0)
                    fail(L, "'in' needs a choice finding and a non-empty array of choice ids");
                for (size_t i = 0; !L->failed && i < json_array_size(arr); i++) {
                    json_t *c = json_array_get(arr, i);
                    int ci = json_is_string(c) ? kp__model_find_choice(f, json_string_value(c)) : -1;
                    push_index(L, i);
                    if (ci < 0)
                        fail(L, "not a choice of '%s'", f->id);
                    else
                        n.in_mask |= (uint64_t)1 << ci;
                    pop(L);
                }
                pop(L);
                if (L->failed) return -1;
            }
            if (k >= 3) {
                if (f->type != KP_TYPE_NUMBER)
                    return fail(L, "'%s' needs a number finding ('%s' is not)", ops[k], f->id);
                double *dst = k == 3 ? &n.lt : k == 4 ? &n.le : k == 5 ? &n.gt : &n.ge;
                if (leaf_number(L, o, ops[k], dst)) return -1;
            }
        }
        if (!n.ops)
            return fail(L, "a finding leaf needs an operator (eq, ne, in, lt, le, gt, ge)");
        n.if_unknown = KP_UNKNOWN;
        json_t *iu = json_object_get(o, "if_unknown");
        if (iu) {
            if (!json_is_boolean(iu)) {
                push_key(L, "if_unknown");
                fail(L, "'if_unknown' must be true or false");
                pop(L);
                return -1;
            }
            n.if_unknown = json_is_true(iu) ? KP_TRUE : KP_FALSE;
        }
        if (add_node(L, &n, index))
            return -1;
        return record_term_finding(L, (uint32_t)fi);
    }
    if ((v = json_object_get(o, "cause")) || (v = json_object_get(o, "condition"))) {
        int is_cause = json_object_get(o, "cause") != NULL;
        const char *key = is_cause ? "cause" : "condition";
        static const char *const keys_c[] = {"cause", "lt", "le", "gt", "ge", NULL};
        static const char *const keys_d[] = {"condition", "lt", "le", "gt", "ge", NULL};
        if (!L->allow_plan_leaves)
            return fail(L, "'%s' leaves are only allowed in remedy predicates", key);
        if (check_keys(L, o, is_cause ? keys_c : keys_d))
            return -1;
        int idx = json_is_string(v) ? kp__model_find_in(m, is_cause ? KP_KIND_CAUSE : KP_KIND_CONDITION,
                                                        json_string_value(v)) : -1;
        if (idx < 0) {
            push_key(L, key);
            fail(L, "unknown %s '%s'", key, json_is_string(v) ? json_string_value(v) : "?");
            pop(L);
            return -1;
        }
        n.kind = is_cause ? KP_NODE_CAUSE : KP_NODE_CONDITION;
        n.target = idx;
        for (int k = 3; k < 7; k++) {
            if (!json_object_get(o, ops[k]))
                continue;
            n.ops |= 1u << k;
            double *dst = k == 3 ? &n.lt : k == 4 ? &n.le : k == 5 ? &n.gt : &n.ge;
            if (leaf_number(L, o, ops[k], dst)) return -1;
        }
        if (!n.ops)
            return fail(L, "a %s leaf needs an operator (lt, le, gt, ge)", key);
        return add_node(L, &n, index);
    }
    if ((v = json_object_get(o, "level"))) {
        static const char *const keys[] = {"level", "op", NULL};
        if (!L->allow_plan_leaves)
            return fail(L, "'level' leaves are only allowed in remedy predicates");
        if (check_keys(L, o, keys))
            return -1;
        int lv = json_is_string(v) ? kp__level_from_id(json_string_value(v)) : -1;
        json_t *op = json_object_get(o, "op");
        const char *ops_s = json_is_string(op) ? json_string_value(op) : "";
        if (lv < 0)
            return fail(L, "unknown triage level");
        if (strcmp(ops_s, "ge") && strcmp(ops_s, "le"))
            return fail(L, "'op' must be \"ge\" (at least as urgent) or \"le\" (at most as urgent)");
        n.kind = KP_NODE_LEVEL;
        n.target = lv;
        n.ops = ops_s[0] == 'g' ? KP_OP_GE : KP_OP_LE;
        return add_node(L, &n, index);
    }
    if ((v = json_object_get(o, "rule"))) {
        if (!L->allow_plan_leaves)
            return fail(L, "'rule' leaves are only allowed in remedy predicates");
        if (json_object_size(o) != 1)
            return fail(L, "'rule' must be the only key of its object");
        int idx = json_is_string(v) ? kp__model_find_in(m, KP_KIND_RULE, json_string_value(v)) : -1;
        if (idx < 0)
            return fail(L, "unknown rule");
        n.kind = KP_NODE_RULE;
        n.target = idx;
        return add_node(L, &n, index);
    }
    return fail(L, "a predicate needs one of all, any, not, finding, cause, condition, level, rule");
}

static int parse_pred_member(loader *L, json_t *o, const char *key, uint32_t *index)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return fail(L, "missing required key '%s'", key);
    push_key(L, key);
    compile_pred(L, v, index, 0);
    pop(L);
    return L->failed ? -1 : 0;
}

/* -------------------------------------------------------------- causes */

static int parse_causes(loader *L, json_t *a)
{
    kp_model *m = L->m;
    static const char *const keys[] = {"id", "name", "description", "bias", "terms", NULL};
    static const char *const tkeys[] = {"when", "weight", NULL};
    push_key(L, "causes");
    for (size_t i = 0; i < m->ncauses && !L->failed; i++) {
        json_t *o = json_array_get(a, i);
        kp__cause *c = &m->causes[i];
        push_index(L, i);
        json_t *terms;
        if (!check_keys(L, o, keys) && !parse_text(L, o, "name", &c->name, 1) &&
            !parse_text(L, o, "description", &c->description, 0) &&
            !parse_sourced(L, o, "bias", &c->bias, 1) &&
            (terms = member(L, o, "terms", JSON_ARRAY, 1))) {
            push_key(L, "terms");
            c->nterms = json_array_size(terms);
            m->nterms += c->nterms;
            c->terms = ALLOC(L, c->nterms + 1, kp__term);
            for (size_t t = 0; t < c->nterms && !L->failed; t++) {
                json_t *to = json_array_get(terms, t);
                push_index(L, t);
                size_t before = L->nterm_findings;
                if (!json_is_object(to))
                    fail(L, "expected an object with 'when' and 'weight'");
                else if (!check_keys(L, to, tkeys) &&
                         !parse_pred_member(L, to, "when", &c->terms[t].when) &&
                         !parse_sourced(L, to, "weight", &c->terms[t].weight, 1)) {
                    c->terms[t].first_finding = (uint32_t)before;
                    c->terms[t].nfindings = (uint32_t)(L->nterm_findings - before);
                    if (c->terms[t].nfindings == 0)
                        fail(L, "a term must reference at least one finding");
                }
                pop(L);
            }
            pop(L);
        }
        pop(L);
    }
    pop(L);
    return L->failed ? -1 : 0;
}

/* -------------------------------------------------------- acute injury */

/* Optional "acute_injury": what counts as an acute injury and which number
 * finding says how many days ago it happened.  Loading remedies declare an
 * "acute_ban" window against it (see parse_acute_ban). */
static int parse_acute_injury(loader *L, json_t *root)
{
    kp_model *m = L->m;
    json_t *a = member(L, root, "acute_injury", JSON_OBJECT, 0);
    if (!a)
        return L->failed ? -1 : 0;
    static const char *const keys[] = {"when", "days_finding", "source", "cite", "note", NULL};
    kp__source src;
    int32_t cite;
    json_t *df;
    push_key(L, "acute_injury");
    if (!check_keys(L, a, keys) && !parse_source_fields(L, a, &src, &cite) &&
        !parse_pred_member(L, a, "when", &m->acute_injury_when) &&
        (df = member(L, a, "days_finding", JSON_STRING, 1))) {
        int fi = kp__model_find_finding(m, json_string_value(df));
        push_key(L, "days_finding");
        if (fi < 0)
            fail(L, "unknown finding '%s'", json_string_value(df));
        else if (m->findings[fi].type != KP_TYPE_NUMBER)
            fail(L, "'%s' is not a number finding", json_string_value(df));
        else {
            m->acute_days_finding = fi;
            m->has_acute_injury = 1;
        }
        pop(L);
    }
    pop(L);
    return L->failed ? -1 : 0;
}

/* An optional array of remedy IDs at obj[key] ("blocks", "excludes") into
 * indices.  The safety net is always in the plan, so it cannot be `verb`;
 * `self` (a remedy's own ID, or NULL) cannot be named either. */
static int parse_remedy_list(loader *L, json_t *obj, const char *key, const char *verb,
                             const char *self, size_t *n, int32_t **out)
{
    kp_model *m = L->m;
    json_t *arr = member(L, obj, key, JSON_ARRAY, 0);
    if (!arr)
        return L->failed ? -1 : 0;
    push_key(L, key);
    *n = json_array_size(arr);
    *out = ALLOC(L, *n + 1, int32_t);
    for (size_t k = 0; k < *n && !L->failed; k++) {
        json_t *e = json_array_get(arr, k);
        int ri = json_is_string(e) ? kp__model_find_in(m, KP_KIND_REMEDY, json_string_value(e)) : -1;
        push_index(L, k);
        if (ri < 0)
            fail(L, "unknown remedy '%s'", json_is_string(e) ? json_string_value(e) : "?");
        else if (m->remedies[ri].safety_net)
            fail(L, "the safety-net remedy cannot be %s", verb);
        else if (self && !strcmp(m->remedies[ri].id, self))
            fail(L, "a remedy cannot name itself in '%s'", key);
        else
            (*out)[k] = ri;
        pop(L);
    }
    pop(L);
    return L->failed ? -1 : 0;
}

/* --------------------------------------------------------------- rules */

/* "conditions": the must-not-miss conditions a red-flag rule is about; a
 * report ranks them first while the rule fires, so each must be a known
 * must_not_miss condition and the rule a red flag. */
static int parse_rule_conditions(loader *L, json_t *o, kp__rule *r)
{
    kp_model *m = L->m;
    json_t *a = member(L, o, "conditions", JSON_ARRAY, 0);
    if (!a)
        return L->failed ? -1 : 0;
    push_key(L, "conditions");
    if (!r->red_flag)
        fail(L, "only a red-flag rule (\"red_flag\": true) can name conditions to rank first");
    r->nconditions = json_array_size(a);
    r->conditions = ALLOC(L, r->nconditions + 1, int32_t);
    for (size_t k = 0; k < r->nconditions && !L->failed; k++) {
        json_t *c = json_array_get(a, k);
        const char *id = json_is_string(c) ? json_string_value(c) : NULL;
        int ci = id ? kp__model_find_in(m, KP_KIND_CONDITION, id) : -1;
        push_index(L, k);
        if (ci < 0)
            fail(L, "unknown condition '%s'", id ? id : "?");
        else if (!m->conditions[ci].must_not_miss)
            fail(L, "condition '%s' is not must_not_miss; only must-not-miss conditions rank "
                    "first under a red flag", id);
        else
            for (size_t j = 0; j < k; j++)
                if (r->conditions[j] == ci)
                    fail(L, "condition '%s' is listed twice", id);
        r->conditions[k] = ci;
        pop(L);
    }
    pop(L);
    return L->failed ? -1 : 0;
}

static int parse_rules(loader *L, json_t *a)
{
    kp_model *m = L->m;
    static const char *const keys[] = {"id", "level", "red_flag", "when", "text", "blocks",
                                       "conditions", "source", "cite", "note", NULL};
    int named = 0;
    push_key(L, "triage_rules");
    for (size_t i = 0; i < m->nrules && !L->failed; i++) {
        json_t *o = json_array_get(a, i);
        kp__rule *r = &m->rules[i];
        push_index(L, i);
        json_t *lv;
        if (!check_keys(L, o, keys) && (lv = member(L, o, "level", JSON_STRING, 1)) &&
            !parse_text(L, o, "text", &r->text, 1) &&
            !parse_source_fields(L, o, &r->source, &r->cite) &&
            !parse_pred_member(L, o, "when", &r->when)) {
            r->level = kp__level_from_id(json_string_value(lv));
            push_key(L, "level");
            if (r->level < 0 || r->level == KP_LEVEL_SELF_CARE)
                fail(L, "a rule's level must be emergency_ambulance, emergency, consultation_24 or consultation");
            pop(L);
            json_t *rf = member(L, o, "red_flag", JSON_TRUE, 0);
            r->red_flag = rf && json_is_true(rf);
            parse_remedy_list(L, o, "blocks", "blocked", NULL, &r->nblocks, &r->blocks);
            if (!L->failed)
                parse_rule_conditions(L, o, r);
            if (!L->failed && r->nconditions)
                named = 1;
        }
        pop(L);
    }
    pop(L);
    /* a report that ranks a condition first must say why */
    if (!L->failed && named && !kp__model_text(m, "conditions_flagged_note"))
        fail(L, "rules name conditions to rank first, so texts.conditions_flagged_note is required");
    return L->failed ? -1 : 0;
}

/* ------------------------------------------------------------ remedies */

static int parse_dose(loader *L, json_t *o, size_t *n_out, kp__dose **out)
{
    json_t *d = member(L, o, "dose", JSON_OBJECT, 0);
    if (!d)
        return L->failed ? -1 : 0;
    push_key(L, "dose");
    *n_out = json_object_size(d);
    *out = ALLOC(L, *n_out + 1, kp__dose);
    size_t i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(d, key, v) {
        (*out)[i].key = dup_str(L, key);
        if (parse_sourced(L, d, key, &(*out)[i].value, 1))
            break;
        i++;
    }
    pop(L);
    return L->failed ? -1 : 0;
}

/* "acute_ban": {"days": sourced number, "text": caution}: a loading remedy
 * stays out of the plan while the model's acute injury is true and fewer
 * than `days` days old.  Compiled into one more contraindication,
 * all(acute_injury.when, days_finding < days), so that an unanswered
 * window travels with the item as a caution like any other. */
static int parse_acute_ban(loader *L, json_t *o, kp__remedy *r)
{
    kp_model *m = L->m;
    json_t *b = member(L, o, "acute_ban", JSON_OBJECT, 0);
    if (!b)
        return L->failed ? -1 : 0;
    static const char *const keys[] = {"days", "text", NULL};
    push_key(L, "acute_ban");
    if (!m->has_acute_injury)
        fail(L, "an acute_ban needs the top-level \"acute_injury\"");
    else if (r->ncontra >= 32)
        fail(L, "at most 32 contraindications per remedy, the acute_ban included");
    kp__contra *all = L->failed ? NULL : ALLOC(L, r->ncontra + 2, kp__contra);
    if (all && !check_keys(L, b, keys) && !parse_sourced(L, b, "days", &r->acute_ban_days, 1) &&
        !parse_text(L, b, "text", &all[r->ncontra].text, 1)) {
        push_key(L, "days");
        if (!(r->acute_ban_days.value > 0))
            fail(L, "days must be greater than 0");
        pop(L);
        kp__node leaf, both;
        memset(&leaf, 0, sizeof leaf);
        memset(&both, 0, sizeof both);
        leaf.kind = KP_NODE_FINDING;
        leaf.target = m->acute_days_finding;
        leaf.ops = KP_OP_LT;
        leaf.lt = r->acute_ban_days.value;
        leaf.if_unknown = KP_UNKNOWN;
        uint32_t li;
        if (!L->failed && !add_node(L, &leaf, &li)) {
            if (kp__grow((void **)&L->children, &L->children_cap, L->nchildren + 2,
                         sizeof *L->children)) {
                oom(L);
            } else {
                both.kind = KP_NODE_ALL;
                both.first_child = (uint32_t)L->nchildren;
                both.nchildren = 2;
                L->children[L->nchildren++] = m->acute_injury_when;
                L->children[L->nchildren++] = li;
                if (!add_node(L, &both, &all[r->ncontra].when)) {
                    if (r->ncontra)
                        memcpy(all, r->contra, r->ncontra * sizeof *all);
                    r->contra = all;
                    r->ncontra++;
                    r->has_acute_ban = 1;
                }
            }
        }
    }
    pop(L);
    return L->failed ? -1 : 0;
}

static int parse_remedy_body(loader *L, json_t *o, kp__remedy *r)
{
    static const char *const keys[] = {"id", "name", "text", "texts_by_level", "dose",
                                       "indications", "contraindications", "variants", "order",
                                       "drop_on_red_flag", "max_level", "always", "safety_net",
                                       "excludes", "acute_ban", NULL};
    json_t *v;
    if (check_keys(L, o, keys) || parse_text(L, o, "name", &r->name, 1) ||
        parse_text(L, o, "text", &r->text, 1) || parse_dose(L, o, &r->ndose, &r->dose))
        return -1;
    if ((v = member(L, o, "texts_by_level", JSON_OBJECT, 0))) {
        push_key(L, "texts_by_level");
        const char *key;
        json_t *t;
        json_object_foreach(v, key, t) {
            int lv = kp__level_from_id(key);
            if (lv < 0) {
                push_key(L, key);
                fail(L, "'%s' is not a triage level", key);
                pop(L);
                break;
            }
            if (parse_text(L, v, key, &r->level_text[lv], 1))
                break;
            r->has_level_text[lv] = 1;
        }
        pop(L);
        if (L->failed)
            return -1;
    }
    if ((v = member(L, o, "indications", JSON_ARRAY, 0))) {
        push_key(L, "indications");
        r->nindications = json_array_size(v);
        if (r->nindications > KP__MAX_INDICATIONS) {
            fail(L, "at most %d indications per remedy, not %zu (combine them with \"any\")",
                 KP__MAX_INDICATIONS, r->nindications);
            pop(L);
            return -1;
        }
        r->indications = ALLOC(L, r->nindications + 1, uint32_t);
        for (size_t i = 0; i < r->nindications && !L->failed; i++) {
            json_t *io = json_array_get(v, i);
            static const char *const ikeys[] = {"when", NULL};
            push_index(L, i);
            if (!json_is_object(io))
                fail(L, "expected an object with 'when'");
            else if (!check_keys(L, io, ikeys) &&
                     !parse_pred_member(L, io, "when", &r->indications[i]))
                named_targets(L, r->indications[i], &r->ind_causes, &r->ind_conditions);
            pop(L);
        }
        pop(L);
    }
    if (!L->failed && (v = member(L, o, "contraindications", JSON_ARRAY, 0))) {
        push_key(L, "contraindications");
        r->ncontra = json_array_size(v);
        if (r->ncontra > 32) {
            fail(L, "at most 32 contraindications per remedy");
            pop(L);
            return -1;
        }
        r->contra = ALLOC(L, r->ncontra + 1, kp__contra);
        for (size_t i = 0; i < r->ncontra && !L->failed; i++) {
            json_t *co = json_array_get(v, i);
            static const char *const ckeys[] = {"when", "text", "source", "cite", NULL};
            push_index(L, i);
            if (!json_is_object(co))
                fail(L, "expected an object with 'when' and 'text'");
            else if (!check_keys(L, co, ckeys) && !parse_pred_member(L, co, "when", &r->contra[i].when) &&
                     !parse_text(L, co, "text", &r->contra[i].text, 1) &&
                     (json_object_get(co, "source") || json_object_get(co, "cite")) &&
                     !parse_source_fields(L, co, &r->contra[i].source, &r->contra[i].cite))
                r->contra[i].has_source = 1;
            pop(L);
        }
        pop(L);
    }
    if (!L->failed && (v = member(L, o, "variants", JSON_ARRAY, 0))) {
        push_key(L, "variants");
        r->nvariants = json_array_size(v);
        r->variants = ALLOC(L, r->nvariants + 1, kp__variant);
        for (size_t i = 0; i < r->nvariants && !L->failed; i++) {
            json_t *vo = json_array_get(v, i);
            kp__variant *va = &r->variants[i];
            static const char *const vkeys[] = {"when", "text", "dose", NULL};
            push_index(L, i);
            if (!json_is_object(vo))
                fail(L, "expected an object with 'when'");
            else if (!check_keys(L, vo, vkeys) && !parse_pred_member(L, vo, "when", &va->when) &&
                     !parse_text(L, vo, "text", &va->text, 0) &&
                     !parse_dose(L, vo, &va->ndose, &va->dose)) {
                va->has_text = va->text.n > 0;
                va->has_dose = json_object_get(vo, "dose") != NULL;
            }
            pop(L);
        }
        pop(L);
    }
    /* "excludes": remedies this one keeps out of the plan when both qualify */
    if (L->failed ||
        parse_remedy_list(L, o, "excludes", "excluded", r->id, &r->nexcludes, &r->excludes) ||
        parse_acute_ban(L, o, r))
        return -1;
    r->order = 100;
    if ((v = member(L, o, "order", JSON_REAL, 0)))
        r->order = json_number_value(v);
    if ((v = member(L, o, "drop_on_red_flag", JSON_TRUE, 0)))
        r->drop_on_red_flag = json_is_true(v);
    if ((v = member(L, o, "always", JSON_TRUE, 0)))
        r->always = json_is_true(v);
    if ((v = member(L, o, "safety_net", JSON_TRUE, 0)))
        r->safety_net = json_is_true(v);
    r->max_level = KP_LEVEL_CONSULTATION;
    if ((v = member(L, o, "max_level", JSON_STRING, 0))) {
        r->max_level = kp__level_from_id(json_string_value(v));
        if (r->max_level < 0) {
            push_key(L, "max_level");
            fail(L, "unknown triage level '%s'", json_string_value(v));
            pop(L);
        }
    }
    if (r->safety_net)
        r->max_level = KP_LEVEL_EMERGENCY_AMBULANCE;
    return L->failed ? -1 : 0;
}

/* IDs of causes, rules and remedies first: predicates may refer to any. */
static int collect_ids(loader *L, json_t *root, const char *key, size_t elem, size_t *n,
                       void **items, size_t id_offset)
{
    json_t *a = member(L, root, key, JSON_ARRAY, 1);
    if (!a)
        return -1;
    push_key(L, key);
    *n = json_array_size(a);
    *items = alloc_or_fail(L, (*n + 1) * elem);
    for (size_t i = 0; i < *n && !L->failed; i++) {
        json_t *o = json_array_get(a, i);
        push_index(L, i);
        const char *id = json_is_object(o) ? get_id(L, o) : NULL;
        if (!json_is_object(o))
            fail(L, "expected an object");
        if (id) {
            *(const char **)((char *)*items + i * elem + id_offset) = id;
            for (size_t j = 0; j < i && !L->failed; j++)
                if (!strcmp(*(const char **)((char *)*items + j * elem + id_offset), id))
                    fail(L, "duplicate id '%s'", id);
        }
        pop(L);
    }
    pop(L);
    return L->failed ? -1 : 0;
}

/* Whether following "excludes" from remedy i comes back to `start`
 * (depth-first; seen[] marks remedies already explored). */
static int excludes_reach(const kp_model *m, size_t i, size_t start, uint8_t *seen)
{
    const kp__remedy *r = &m->remedies[i];
    for (size_t k = 0; k < r->nexcludes; k++) {
        size_t e = (size_t)r->excludes[k];
        if (e == start)
            return 1;
        if (!seen[e]) {
            seen[e] = 1;
            if (excludes_reach(m, e, start, seen))
                return 1;
        }
    }
    return 0;
}

/* A cycle of exclusions (a excludes b, b excludes a) would leave it undefined
 * which remedy wins, so it is an error. */
static int check_exclusion_cycles(loader *L)
{
    kp_model *m = L->m;
    uint8_t *seen = alloc_or_fail(L, m->nremedies + 1);
    for (size_t i = 0; seen && i < m->nremedies && !L->failed; i++) {
        memset(seen, 0, m->nremedies);
        if (m->remedies[i].nexcludes && excludes_reach(m, i, i, seen)) {
            push_index(L, i);
            push_key(L, "excludes");
            fail(L, "'%s' is part of a cycle of exclusions: the winner would be undefined",
                 m->remedies[i].id);
            pop(L);
            pop(L);
        }
    }
    return L->failed ? -1 : 0;
}

static int parse_remedies(loader *L, json_t *a)
{
    kp_model *m = L->m;
    int nets = 0;
    push_key(L, "remedies");
    for (size_t i = 0; i < m->nremedies && !L->failed; i++) {
        push_index(L, i);
        if (!parse_remedy_body(L, json_array_get(a, i), &m->remedies[i]) && m->remedies[i].safety_net) {
            nets++;
            m->safety_net = (int)i;
        }
        pop(L);
    }
    if (!L->failed && nets != 1)
        fail(L, "exactly one remedy must have \"safety_net\": true (found %d)", nets);
    if (!L->failed)
        check_exclusion_cycles(L);
    pop(L);
    return L->failed ? -1 : 0;
}

static int parse_safety_flags_first(loader *L, json_t *a)
{
    /* rules' "blocks" check the safety-net flag before remedy bodies are
     * parsed: read just that flag now. */
    for (size_t i = 0; i < L->m->nremedies; i++) {
        json_t *sn = json_object_get(json_array_get(a, i), "safety_net");
        L->m->remedies[i].safety_net = json_is_true(sn);
    }
    return 0;
}

/* --------------------------------------------------------------- entry */

static int copy_tables(loader *L)
{
    kp_model *m = L->m;
    m->nnodes = L->nnodes;
    m->nodes = ALLOC(L, L->nnodes + 1, kp__node);
    m->children = ALLOC(L, L->nchildren + 1, uint32_t);
    m->term_findings = ALLOC(L, L->nterm_findings + 1, uint32_t);
    if (L->failed)
        return -1;
    if (L->nnodes) memcpy(m->nodes, L->nodes, L->nnodes * sizeof *L->nodes);
    if (L->nchildren) memcpy(m->children, L->children, L->nchildren * sizeof *L->children);
    if (L->nterm_findings)
        memcpy(m->term_findings, L->term_findings, L->nterm_findings * sizeof *L->term_findings);
    return 0;
}

static int parse_root(loader *L, json_t *root)
{
    kp_model *m = L->m;
    static const char *const keys[] = {"format", "id", "version", "title", "locales", "settings",
                                       "references", "texts", "findings", "conditions", "causes",
                                       "triage_rules", "remedies", "acute_injury", "$comment",
                                       NULL};
    if (!json_is_object(root))
        return fail(L, "a model must be a JSON object");
    if (check_keys(L, root, keys))
        return -1;
    json_t *f = member(L, root, "format", JSON_STRING, 1);
    if (!f)
        return -1;
    if (strcmp(json_string_value(f), "kneepain-model/1")) {
        push_key(L, "format");
        fail(L, "unsupported format '%s' (expected \"kneepain-model/1\")", json_string_value(f));
        pop(L);
        return -1;
    }
    json_t *id = member(L, root, "id", JSON_STRING, 1);
    json_t *ver = member(L, root, "version", JSON_STRING, 1);
    if (!id || !ver)
        return -1;
    m->id = dup_str(L, json_string_value(id));
    m->version = dup_str(L, json_string_value(ver));
    if (parse_references(L, root) || parse_locales(L, root) ||
        parse_text(L, root, "title", &m->title, 0) || parse_texts(L, root) ||
        parse_settings(L, root) || parse_findings(L, root) || parse_conditions(L, root))
        return -1;
    json_t *ca = json_object_get(root, "causes");
    json_t *ru = json_object_get(root, "triage_rules");
    json_t *re = json_object_get(root, "remedies");
    if (collect_ids(L, root, "causes", sizeof(kp__cause), &m->ncauses, (void **)&m->causes,
                    offsetof(kp__cause, id)) ||
        collect_ids(L, root, "triage_rules", sizeof(kp__rule), &m->nrules, (void **)&m->rules,
                    offsetof(kp__rule, id)) ||
        collect_ids(L, root, "remedies", sizeof(kp__remedy), &m->nremedies,
                    (void **)&m->remedies, offsetof(kp__remedy, id)))
        return -1;
    parse_safety_flags_first(L, re);
    L->allow_plan_leaves = 0;
    if (parse_acute_injury(L, root) || parse_causes(L, ca) || parse_rules(L, ru))
        return -1;
    L->allow_plan_leaves = 1;
    if (parse_remedies(L, re))
        return -1;
    return copy_tables(L);
}

kp_status kp__model_parse(kp_model **out, const char *data, size_t size, const char *name)
{
    *out = NULL;
    json_t *root;
    kp_status lrc = kp__json_load(&root, data, size, name);
    if (lrc)
        return lrc;
    kp__arena arena = {NULL};
    kp_model *m = kp__arena_alloc(&arena, sizeof *m);
    if (!m) {
        json_decref(root);
        return kp__oom();
    }
    m->arena = arena;
    m->refcount = 1;
    loader L;
    memset(&L, 0, sizeof L);
    L.m = m;
    L.name = name;
    L.text = data;
    L.size = size;
    int rc = parse_root(&L, root);
    if (rc == 0) {
        /* the hash of the canonical dump, streamed: no copy of the text */
        if (kp__json_sha256(root, JSON_SORT_KEYS | JSON_COMPACT | JSON_REAL_PRECISION(17),
                            m->sha256))
            rc = oom(&L);
    }
    kp__free(L.nodes);
    kp__free(L.children);
    kp__free(L.term_findings);
    json_decref(root);
    if (rc) {
        kp__arena a = m->arena;
        kp__arena_free(&a);
        return kp_error_code() == KP_ENOMEM && L.failed == 2 ? KP_ENOMEM : KP_EMODEL;
    }
    *out = m;
    return KP_OK;
}
