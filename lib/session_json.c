/*
 * session_json.c - assessment input documents (doc/input-format.md) into
 * sessions and back.  Parsing fills a fresh session; the caller's session is
 * replaced only when everything was valid.
 */
#include "session.h"
#include "date.h"
#include "internal.h"
#include "interview.h"
#include "json_locate.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static kp_status check_keys(json_t *obj, const char *where, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (!strcmp(*a, key))
                ok = 1;
        if (!ok)
            return kp__error(KP_ENOTFOUND, "%s%s%s: unknown key", where, *where ? "." : "", key);
    }
    return KP_OK;
}

static kp_status evidence_in(kp_session *s, json_t *ev)
{
    if (!json_is_object(ev))
        return kp__error(KP_ETYPE, "evidence: expected an object of finding ids");
    const char *id;
    json_t *v;
    json_object_foreach(ev, id, v) {
        kp_status rc;
        int fi = kp__model_find_finding(s->model, id);
        if (fi < 0)
            return kp__error(KP_ENOTFOUND, "evidence.%s: unknown finding", id);
        if (json_is_null(v))
            continue;   /* null = unknown, same as leaving it out */
        kp_type t = s->model->findings[fi].type;
        if (json_is_boolean(v) && t == KP_TYPE_BOOL)
            rc = kp_session_set_bool(s, id, json_is_true(v));
        else if (json_is_number(v) && t == KP_TYPE_NUMBER)
            rc = kp_session_set_number(s, id, json_number_value(v));
        else if (json_is_string(v) && t == KP_TYPE_CHOICE)
            rc = kp_session_set_choice(s, id, json_string_value(v));
        else {
            static const char *names[] = {"true or false", "a number", "a choice id (string)"};
            rc = kp__error(KP_ETYPE, "evidence.%s: expected %s", id, names[t]);
        }
        if (rc)
            return rc;
    }
    return KP_OK;
}

/* Optional number member: NaN when absent; type and finiteness checked. */
static kp_status opt_number(json_t *o, const char *key, const char *where, size_t i, double *out)
{
    json_t *v = json_object_get(o, key);
    *out = NAN;
    if (!v || json_is_null(v))
        return KP_OK;
    if (!json_is_number(v))
        return kp__error(KP_ETYPE, "%s[%zu].%s: expected a number", where, i, key);
    *out = json_number_value(v);
    return KP_OK;
}

static kp_status opt_string(json_t *o, const char *key, const char *where, size_t i,
                            const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return KP_OK;
    if (!json_is_string(v))
        return kp__error(KP_ETYPE, "%s[%zu].%s: expected a string", where, i, key);
    *out = json_string_value(v);
    return KP_OK;
}

/* Re-point a field error from the API's generic name to the array element. */
static kp_status at(kp_status rc, const char *where, size_t i)
{
    if (rc && rc != KP_ENOMEM)
        kp__error_at(where, i);
    return rc;
}

static kp_status runs_in(kp_session *s, json_t *runs)
{
    static const char *const keys[] = {"date", "distance_km", "duration_min", "rpe", "gear",
                                       "elevation_gain_m", NULL};
    if (!json_is_array(runs))
        return kp__error(KP_ETYPE, "runs: expected an array");
    for (size_t i = 0; i < json_array_size(runs); i++) {
        json_t *r = json_array_get(runs, i);
        char where[32];
        snprintf(where, sizeof where, "runs[%zu]", i);
        if (!json_is_object(r))
            return kp__error(KP_ETYPE, "%s: expected an object", where);
        kp_status rc = check_keys(r, where, keys);
        double dist, dur, rpe, elev;
        const char *date, *gear;
        if (rc || (rc = opt_string(r, "date", "runs", i, &date)) ||
            (rc = opt_number(r, "distance_km", "runs", i, &dist)) ||
            (rc = opt_number(r, "duration_min", "runs", i, &dur)) ||
            (rc = opt_number(r, "rpe", "runs", i, &rpe)) ||
            (rc = opt_string(r, "gear", "runs", i, &gear)) ||
            (rc = opt_number(r, "elevation_gain_m", "runs", i, &elev)))
            return rc;
        if (!date)
            return kp__error(KP_EINVAL, "%s.date: required", where);
        if (isnan(dist))
            return kp__error(KP_EINVAL, "%s.distance_km: required", where);
        if ((rc = at(kp_session_add_run(s, date, dist, dur, rpe, gear, elev), "runs", i)))
            return rc;
    }
    return KP_OK;
}

static kp_status shoes_in(kp_session *s, json_t *shoes)
{
    static const char *const keys[] = {"gear", "start_km", NULL};
    if (!json_is_array(shoes))
        return kp__error(KP_ETYPE, "shoes: expected an array");
    for (size_t i = 0; i < json_array_size(shoes); i++) {
        json_t *o = json_array_get(shoes, i);
        char where[32];
        snprintf(where, sizeof where, "shoes[%zu]", i);
        if (!json_is_object(o))
            return kp__error(KP_ETYPE, "%s: expected an object", where);
        const char *gear;
        double start;
        kp_status rc = check_keys(o, where, keys);
        if (rc || (rc = opt_string(o, "gear", "shoes", i, &gear)) ||
            (rc = opt_number(o, "start_km", "shoes", i, &start)))
            return rc;
        if (!gear)
            return kp__error(KP_EINVAL, "%s.gear: required", where);
        /* shoes are read first into a fresh session, so a name that adds
         * no gear was declared by an earlier entry: two start distances for
         * one shoe are a mistake, not something to resolve silently */
        size_t ngears = s->log.ngears;
        if ((rc = at(kp_session_add_shoe(s, gear, isnan(start) ? 0 : start), "shoes", i)))
            return rc;
        if (s->log.ngears == ngears)
            return kp__error(KP_EINVAL, "%s.gear: '%s' is declared more than once", where, gear);
    }
    return KP_OK;
}

static kp_status diary_in(kp_session *s, json_t *diary)
{
    static const char *const keys[] = {"date", "during", "after", "next_morning", NULL};
    if (!json_is_array(diary))
        return kp__error(KP_ETYPE, "pain_diary: expected an array");
    for (size_t i = 0; i < json_array_size(diary); i++) {
        json_t *o = json_array_get(diary, i);
        char where[40];
        snprintf(where, sizeof where, "pain_diary[%zu]", i);
        if (!json_is_object(o))
            return kp__error(KP_ETYPE, "%s: expected an object", where);
        const char *date;
        double d, a, n;
        kp_status rc = check_keys(o, where, keys);
        if (rc || (rc = opt_string(o, "date", "pain_diary", i, &date)) ||
            (rc = opt_number(o, "during", "pain_diary", i, &d)) ||
            (rc = opt_number(o, "after", "pain_diary", i, &a)) ||
            (rc = opt_number(o, "next_morning", "pain_diary", i, &n)))
            return rc;
        if (!date)
            return kp__error(KP_EINVAL, "%s.date: required", where);
        if ((rc = at(kp_session_add_pain(s, date, d, a, n), "pain_diary", i)))
            return rc;
    }
    return KP_OK;
}

static kp_status options_in(kp_session *s, json_t *o)
{
    static const char *const keys[] = {"locale", "max_plan_items", "load_unit", "third_person", NULL};
    if (!json_is_object(o))
        return kp__error(KP_ETYPE, "options: expected an object");
    kp_status rc = check_keys(o, "options", keys);
    if (rc)
        return rc;
    kp_options opts = KP_OPTIONS_INIT;
    json_t *v;
    if ((v = json_object_get(o, "locale"))) {
        if (!json_is_string(v))
            return kp__error(KP_ETYPE, "options.locale: expected a string");
        opts.locale = json_string_value(v);
    }
    if ((v = json_object_get(o, "max_plan_items"))) {
        if (!json_is_integer(v))
            return kp__error(KP_ETYPE, "options.max_plan_items: expected an integer");
        json_int_t n = json_integer_value(v);
        if (n < 1 || n > 100)
            return kp__error(KP_ERANGE, "options.max_plan_items: %lld is outside 1..100", (long long)n);
        opts.max_plan_items = (unsigned)n;
    }
    if ((v = json_object_get(o, "load_unit"))) {
        const char *u = json_is_string(v) ? json_string_value(v) : "";
        if (!strcmp(u, "distance")) opts.load_unit = KP_LOAD_DISTANCE;
        else if (!strcmp(u, "duration")) opts.load_unit = KP_LOAD_DURATION;
        else if (!strcmp(u, "srpe")) opts.load_unit = KP_LOAD_SRPE;
        else return kp__error(KP_ETYPE, "options.load_unit: expected \"distance\", \"duration\" or \"srpe\"");
    }
    if ((v = json_object_get(o, "third_person"))) {
        if (!json_is_boolean(v))
            return kp__error(KP_ETYPE, "options.third_person: expected true or false");
        opts.third_person = json_is_true(v);
    }
    return kp_session_set_options(s, &opts);
}

static kp_status fill(kp_session *s, json_t *root)
{
    /* "interview": see the end; kp_interview_restore_json() reads it too */
    static const char *const keys[] = {"as_of", "evidence", "runs", "shoes", "pain_diary",
                                       "options", "model", "interview", NULL};
    if (!json_is_object(root))
        return kp__error(KP_ETYPE, "input: expected a JSON object");
    kp_status rc = check_keys(root, "", keys);
    if (rc)
        return rc;
    json_t *v;
    /* "model" is what kp_session_to_json() records; kp_session_restore_json()
     * compares it with the model in use.  Only its shape is checked here. */
    if ((v = json_object_get(root, "model"))) {
        static const char *const mkeys[] = {"id", "version", NULL};
        if (!json_is_object(v))
            return kp__error(KP_ETYPE, "model: expected an object {\"id\", \"version\"} "
                                       "(a saved session's model; choose the model with the API "
                                       "or --model)");
        if ((rc = check_keys(v, "model", mkeys)))
            return rc;
        for (const char *const *k = mkeys; *k; k++) {
            json_t *f = json_object_get(v, *k);
            if (f && !json_is_string(f))
                return kp__error(KP_ETYPE, "model.%s: expected a string", *k);
        }
    }
    if ((v = json_object_get(root, "as_of")) && !json_is_null(v)) {
        if (!json_is_string(v))
            return kp__error(KP_ETYPE, "as_of: expected a date string (YYYY-MM-DD)");
        if ((rc = kp_session_set_as_of(s, json_string_value(v))))
            return rc;
    }
    if ((v = json_object_get(root, "options")) && (rc = options_in(s, v)))
        return rc;
    /* shoes before runs so that start distances are declared first (order
     * does not change the result) */
    if ((v = json_object_get(root, "shoes")) && (rc = shoes_in(s, v)))
        return rc;
    if ((v = json_object_get(root, "runs")) && (rc = runs_in(s, v)))
        return rc;
    if ((v = json_object_get(root, "pain_diary")) && (rc = diary_in(s, v)))
        return rc;
    if ((v = json_object_get(root, "evidence")) && (rc = evidence_in(s, v)))
        return rc;
    /* the interview the document was saved under, or that the app asks
     * for: every assessment of this session chooses its questions under it */
    if ((v = json_object_get(root, "interview")) &&
        (rc = kp__interview_from_member(&s->doc_interview, s, v, &s->doc_triage_changes)))
        return rc;
    return KP_OK;
}

static kp_status parse_into_new(kp_session **out, kp_model *model, const char *json, size_t size)
{
    *out = NULL;
    if (!json)
        return kp__error(KP_EINVAL, "input: NULL document");
    json_t *root;
    kp_status prc = kp__json_load(&root, json, size, "input");
    if (prc)
        return prc;
    kp_session *s;
    kp_status rc = kp_session_new(&s, model);
    if (!rc && (rc = fill(s, root))) {
        kp_session_free(s);
        s = NULL;
    }
    json_decref(root);
    *out = s;
    return rc;
}

kp_status kp_session_from_json(kp_session **out, kp_model *model, const char *json, size_t size)
{
    if (!out || !model)
        return kp__error(KP_EINVAL, "kp_session_from_json: out and model are required");
    return parse_into_new(out, model, json, size);
}

kp_status kp_session_load_json(kp_session *s, const char *json, size_t size)
{
    if (!s)
        return kp__error(KP_EINVAL, "kp_session_load_json: session is NULL");
    kp_session *fresh;
    kp_status rc = parse_into_new(&fresh, s->model, json, size);
    if (rc)
        return rc;
    kp_session tmp = *s;
    *s = *fresh;
    *fresh = tmp;
    /* the document's interviews follow their content to the new address */
    if (s->doc_interview)
        s->doc_interview->session = s;
    if (fresh->doc_interview)
        fresh->doc_interview->session = fresh;
    kp_session_free(fresh);
    return KP_OK;
}

kp_status kp_assess_json(kp_model *model, const char *json, size_t size, unsigned int flags,
                         char **out)
{
    if (!out || !model)
        return kp__error(KP_EINVAL, "kp_assess_json: model and out are required");
    *out = NULL;
    kp_session *s;
    kp_status rc = kp_session_from_json(&s, model, json, size);
    if (rc)
        return rc;
    kp_report *r;
    rc = kp_session_assess(s, &r);
    if (!rc) {
        rc = kp_report_to_json(r, flags, out);
        kp_report_free(r);
    }
    kp_session_free(s);
    return rc;
}

/* ------------------------------------------------------------ output */

static int put(json_t *o, const char *k, json_t *v)
{
    return !v || json_object_set_new(o, k, v);
}

static json_t *num_or_absent(double v) { return isnan(v) ? NULL : json_real(v); }

kp_status kp_session_to_json(const kp_session *s, char **out)
{
    if (!s || !out)
        return kp__error(KP_EINVAL, "kp_session_to_json: session and out are required");
    *out = NULL;
    const kp_model *m = s->model;
    int bad = 0;
    json_t *root = json_object(), *ev = json_object(), *runs = json_array(),
           *shoes = json_array(), *diary = json_array(), *opts = json_object(),
           *model = json_object();
    if (!root || !ev || !runs || !shoes || !diary || !opts || !model)
        bad = 1;
    char day[11];
    for (size_t f = 0; !bad && f < m->nfindings; f++) {
        if (!s->answered[f])
            continue;
        const kp__finding *fd = &m->findings[f];
        json_t *v = fd->type == KP_TYPE_BOOL ? json_boolean(s->answer[f] != 0)
                  : fd->type == KP_TYPE_CHOICE ? json_string(fd->choices[(size_t)s->answer[f]].id)
                  : json_real(s->answer[f]);
        bad |= put(ev, fd->id, v);
    }
    for (size_t i = 0; !bad && i < s->log.nruns; i++) {
        const kp__run *r = &s->log.runs[i];
        if (!r->is_run)
            continue;   /* other activities only count for shoes; kept via shoes' start_km below */
        json_t *o = json_object();
        kp__date_format(r->day, day);
        bad |= !o || put(o, "date", json_string(day)) ||
               put(o, "distance_km", json_real(r->distance_km));
        if (!bad && !isnan(r->duration_min)) bad |= put(o, "duration_min", num_or_absent(r->duration_min));
        if (!bad && !isnan(r->rpe)) bad |= put(o, "rpe", num_or_absent(r->rpe));
        if (!bad && !isnan(r->elevation_gain_m)) bad |= put(o, "elevation_gain_m", num_or_absent(r->elevation_gain_m));
        if (!bad && r->gear >= 0) bad |= put(o, "gear", json_string(s->log.gears[r->gear]));
        bad |= json_array_append_new(runs, o);
    }
    for (size_t g = 0; !bad && g < s->log.ngears; g++) {
        /* walks and other activities wear shoes too: fold them into start_km */
        double start = s->log.gear_start_km[g];
        for (size_t i = 0; i < s->log.nruns; i++)
            if (!s->log.runs[i].is_run && s->log.runs[i].gear == (int32_t)g)
                start += s->log.runs[i].distance_km;
        json_t *o = json_object();
        bad |= !o || put(o, "gear", json_string(s->log.gears[g])) ||
               put(o, "start_km", json_real(start));
        bad |= json_array_append_new(shoes, o);   /* takes o even when it fails */
    }
    for (size_t i = 0; !bad && i < s->ndiary; i++) {
        const kp__pain *p = &s->diary[i];
        json_t *o = json_object();
        kp__date_format(p->day, day);
        bad |= !o || put(o, "date", json_string(day));
        if (!bad && !isnan(p->during)) bad |= put(o, "during", json_real(p->during));
        if (!bad && !isnan(p->after)) bad |= put(o, "after", json_real(p->after));
        if (!bad && !isnan(p->next_morning)) bad |= put(o, "next_morning", json_real(p->next_morning));
        bad |= json_array_append_new(diary, o);
    }
    if (!bad) {
        static const char *units[] = {"distance", "duration", "srpe"};
        if (s->locale)
            bad |= put(opts, "locale", json_string(s->locale));
        if (s->max_plan_items)
            bad |= put(opts, "max_plan_items", json_integer(s->max_plan_items));
        bad |= put(opts, "load_unit", json_string(units[s->load_unit]));
        bad |= put(opts, "third_person", json_boolean(s->third_person));
        bad |= put(model, "id", json_string(m->id)) || put(model, "version", json_string(m->version));
        if (s->as_of != INT32_MIN) {
            kp__date_format(s->as_of, day);
            bad |= put(root, "as_of", json_string(day));
        }
    }
    if (!bad) {
        bad |= put(root, "model", model);
        model = NULL;
        bad |= put(root, "evidence", ev);
        ev = NULL;
        bad |= put(root, "runs", runs);
        runs = NULL;
        bad |= put(root, "shoes", shoes);
        shoes = NULL;
        bad |= put(root, "pain_diary", diary);
        diary = NULL;
        bad |= put(root, "options", opts);
        opts = NULL;
        if (s->doc_interview)
            bad |= put(root, "interview", kp__interview_member(s->doc_interview, s->doc_triage_changes));
    }
    json_decref(ev);
    json_decref(runs);
    json_decref(shoes);
    json_decref(diary);
    json_decref(opts);
    json_decref(model);
    char *text = NULL;
    if (!bad)
        kp__json_dump(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17), &text);
    json_decref(root);
    if (!text)
        return kp__oom();
    *out = text;
    return KP_OK;
}
