/*
 * restore.c - saving interviews and restoring saved sessions, possibly
 * under a newer model version (doc/interview.md, "Follow-up").
 *
 * A saved document is an input document (kp_session_to_json()) with
 * "model": {"id", "version"} and, for interviews, an "interview" member.
 * Restoring drops the answers the model no longer understands, lists them,
 * and hands the rest to kp_session_from_json(), so every other member is
 * validated exactly as for a fresh input.
 */
#include "internal.h"
#include "json_locate.h"
#include "interview.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

typedef struct dropped {
    char *finding;
    const char *reason;
} dropped;

struct kp_restore {
    char *saved_id, *saved_version;
    int changed;
    size_t n, cap;
    dropped *d;
};

void kp_restore_free(kp_restore *info)
{
    if (!info)
        return;
    for (size_t i = 0; i < info->n; i++)
        kp__free(info->d[i].finding);
    kp__free(info->d);
    kp__free(info->saved_id);
    kp__free(info->saved_version);
    kp__free(info);
}

const char *kp_restore_saved_model_id(const kp_restore *i) { return i ? i->saved_id : NULL; }
const char *kp_restore_saved_model_version(const kp_restore *i) { return i ? i->saved_version : NULL; }
int kp_restore_model_changed(const kp_restore *i) { return i ? i->changed : 0; }
size_t kp_restore_dropped_count(const kp_restore *i) { return i ? i->n : 0; }

const char *kp_restore_dropped_finding(const kp_restore *i, size_t k)
{
    return i && k < i->n ? i->d[k].finding : NULL;
}

const char *kp_restore_dropped_reason(const kp_restore *i, size_t k)
{
    return i && k < i->n ? i->d[k].reason : NULL;
}

static kp_status drop(kp_restore *info, const char *finding, const char *reason)
{
    for (size_t i = 0; i < info->n; i++)
        if (!strcmp(info->d[i].finding, finding))
            return KP_OK;
    if (kp__grow((void **)&info->d, &info->cap, info->n + 1, sizeof *info->d))
        return kp__oom();
    char *copy = kp__strdup(finding);
    if (!copy)
        return kp__oom();
    info->d[info->n].finding = copy;
    info->d[info->n].reason = reason;
    info->n++;
    return KP_OK;
}

/* Why a saved answer no longer maps, or NULL when it does. */
static const char *unmappable(const kp_model *m, const char *id, json_t *v)
{
    int fi = kp__model_find_finding(m, id);
    if (fi < 0)
        return "unknown finding";
    if (json_is_null(v))
        return NULL;
    const kp__finding *f = &m->findings[fi];
    switch (f->type) {
    case KP_TYPE_BOOL:
        return json_is_boolean(v) ? NULL : "type changed";
    case KP_TYPE_CHOICE:
        if (!json_is_string(v))
            return "type changed";
        return kp__model_find_choice(f, json_string_value(v)) < 0 ? "unknown choice" : NULL;
    default:
        if (!json_is_number(v))
            return "type changed";
        double x = json_number_value(v);
        return isfinite(x) && x >= f->min && x <= f->max ? NULL : "out of range";
    }
}

/* The dump in kp_malloc'd memory, or NULL (out of memory). */
static char *dumps(json_t *root, size_t flags)
{
    char *s;
    return kp__json_dump(root, flags, &s) ? NULL : s;
}

static kp_status parse(json_t **root, const char *json, size_t size)
{
    if (!json) {
        *root = NULL;
        return kp__error(KP_EINVAL, "restore: NULL document");
    }
    kp_status rc = kp__json_load(root, json, size, "input");
    if (rc)
        return rc;
    if (!json_is_object(*root)) {
        json_decref(*root);
        *root = NULL;
        return kp__error(KP_ETYPE, "input: expected a JSON object");
    }
    return KP_OK;
}

/* Clean root in place (evidence that no longer maps, the interview member
 * removed into *interview) and build the session. */
static kp_status restore_session(kp_session **out, kp_model *model, json_t *root,
                                 json_t **interview, kp_restore *info)
{
    json_t *saved = json_object_get(root, "model");
    if (saved && json_is_object(saved)) {
        json_t *id = json_object_get(saved, "id"), *ver = json_object_get(saved, "version");
        if ((json_is_string(id) && !(info->saved_id = kp__strdup(json_string_value(id)))) ||
            (json_is_string(ver) && !(info->saved_version = kp__strdup(json_string_value(ver)))))
            return kp__oom();
        info->changed = (info->saved_id && strcmp(info->saved_id, model->id)) ||
                        (info->saved_version && strcmp(info->saved_version, model->version));
    }
    json_t *ev = json_object_get(root, "evidence");
    if (ev && json_is_object(ev)) {
        const char *id;
        json_t *v;
        void *tmp;
        json_object_foreach_safe(ev, tmp, id, v) {
            const char *why = unmappable(model, id, v);
            if (!why)
                continue;
            kp_status rc = drop(info, id, why);
            if (rc)
                return rc;
            json_object_del(ev, id);
        }
    }
    *interview = json_incref(json_object_get(root, "interview"));
    if (*interview)
        json_object_del(root, "interview");
    char *text = dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(17));
    if (!text)
        return kp__oom();
    kp_status rc = kp_session_from_json(out, model, text, strlen(text));
    kp__free(text);
    return rc;
}

kp_status kp_session_restore_json(kp_session **out, kp_model *model, const char *json,
                                  size_t size, kp_restore **info_out)
{
    if (info_out)
        *info_out = NULL;
    if (!out || !model)
        return kp__error(KP_EINVAL, "kp_session_restore_json: out and model are required");
    *out = NULL;
    json_t *root, *iv = NULL;
    kp_status rc = parse(&root, json, size);
    if (rc)
        return rc;
    kp_restore *info = kp__calloc(1, sizeof *info);
    rc = info ? restore_session(out, model, root, &iv, info) : kp__oom();
    json_decref(root);
    json_decref(iv);
    if (rc || !info_out)
        kp_restore_free(info);
    else
        *info_out = info;
    return rc;
}

/* ------------------------------------------------------------ interviews */

static kp_status finding_list(kp_interview *iv, json_t *arr, const char *key, uint8_t *flags,
                              kp_restore *info)
{
    if (!arr)
        return KP_OK;
    if (!json_is_array(arr))
        return kp__error(KP_ETYPE, "interview.%s: expected an array of finding ids", key);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v))
            return kp__error(KP_ETYPE, "interview.%s[%zu]: expected a finding id", key, i);
        int f = kp__model_find_finding(iv->session->model, json_string_value(v));
        if (f < 0 && !info)
            return kp__error(KP_ENOTFOUND, "interview.%s[%zu]: unknown finding '%s'", key, i,
                             json_string_value(v));
        if (f < 0) {
            kp_status rc = drop(info, json_string_value(v), "unknown finding");
            if (rc)
                return rc;
            continue;
        }
        flags[f] = 1;
    }
    return KP_OK;
}

static kp_status number_member(json_t *o, const char *key, double *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return KP_OK;
    if (!json_is_number(v))
        return kp__error(KP_ETYPE, "interview.%s: expected a number", key);
    *out = json_number_value(v);
    return KP_OK;
}

/* The "interview" member into a new interview on s.  info NULL: strict
 * (an unknown finding is an error, for assessment input); otherwise
 * unknown findings are dropped into info (restoring).  *whatif (may be
 * NULL) receives the member's "triage_changes" flag. */
static kp_status interview_in(kp_interview **out, kp_session *s, json_t *o, kp_restore *info,
                              int *whatif)
{
    kp_interview_options opts = KP_INTERVIEW_OPTIONS_INIT;
    double budget = -1;
    kp_status rc;
    if (o && !json_is_object(o))
        return kp__error(KP_ETYPE, "interview: expected an object");
    if (o) {
        static const char *const keys[] = {"budget", "triage_weight", "min_gain", "stop_on_red_flag",
                                           "costs", "excluded", "asked", "dont_know",
                                           "triage_changes", NULL};
        const char *key;
        json_t *v;
        json_object_foreach(o, key, v) {
            const char *const *k = keys;
            while (*k && strcmp(*k, key))
                k++;
            if (!*k)
                return kp__error(KP_ENOTFOUND, "interview.%s: unknown key", key);
        }
        if ((rc = number_member(o, "budget", &budget)) ||
            (rc = number_member(o, "triage_weight", &opts.triage_weight)) ||
            (rc = number_member(o, "min_gain", &opts.min_gain)))
            return rc;
        json_t *v2 = json_object_get(o, "stop_on_red_flag");
        if (v2 && !json_is_boolean(v2))
            return kp__error(KP_ETYPE, "interview.stop_on_red_flag: expected true or false");
        if (v2)
            opts.stop_on_red_flag = json_is_true(v2);
        v2 = json_object_get(o, "triage_changes");
        if (v2 && !json_is_boolean(v2))
            return kp__error(KP_ETYPE, "interview.triage_changes: expected true or false");
        if (whatif)
            *whatif = json_is_true(v2);
        if (budget != floor(budget) || budget > 1e9)
            return kp__error(KP_ERANGE, "interview.budget: expected a whole number");
        opts.budget = budget < 0 ? -1 : (long)budget;
    }
    kp_interview *iv;
    if ((rc = kp_interview_new(&iv, s, &opts)))
        return rc;
    if (o) {
        json_t *costs = json_object_get(o, "costs");
        if (costs && !json_is_object(costs))
            rc = kp__error(KP_ETYPE, "interview.costs: expected an object");
        const char *id;
        json_t *v;
        if (!rc && costs)
            json_object_foreach(costs, id, v) {
                if (kp__model_find_finding(s->model, id) < 0) {
                    if (!info) {
                        rc = kp__error(KP_ENOTFOUND, "interview.costs.%s: unknown finding", id);
                        break;
                    }
                    if ((rc = drop(info, id, "unknown finding")))
                        break;
                    continue;
                }
                if (!json_is_number(v)) {
                    rc = kp__error(KP_ETYPE, "interview.costs.%s: expected a number", id);
                    break;
                }
                if ((rc = kp_interview_set_cost(iv, id, json_number_value(v))))
                    break;
            }
        if (!rc)
            rc = finding_list(iv, json_object_get(o, "excluded"), "excluded", iv->excluded, info);
        if (!rc)
            rc = finding_list(iv, json_object_get(o, "asked"), "asked", iv->asked, info);
        if (!rc)
            rc = finding_list(iv, json_object_get(o, "dont_know"), "dont_know", iv->dont_know, info);
        if (!rc) {
            size_t nf = s->model->nfindings;
            iv->nasked = 0;
            for (size_t f = 0; f < nf; f++) {
                iv->asked[f] |= iv->dont_know[f];
                iv->nasked += iv->asked[f];
            }
        }
    }
    if (rc) {
        kp_interview_free(iv);
        return rc;
    }
    *out = iv;
    return KP_OK;
}

kp_status kp_interview_restore_json(kp_interview **interview_out, kp_session **session_out,
                                    kp_model *model, const char *json, size_t size,
                                    kp_restore **info_out)
{
    if (info_out)
        *info_out = NULL;
    if (!interview_out || !session_out || !model)
        return kp__error(KP_EINVAL,
                         "kp_interview_restore_json: interview_out, session_out and model are required");
    *interview_out = NULL;
    *session_out = NULL;
    json_t *root, *ivj = NULL;
    kp_status rc = parse(&root, json, size);
    if (rc)
        return rc;
    kp_session *s = NULL;
    kp_interview *iv = NULL;
    kp_restore *info = kp__calloc(1, sizeof *info);
    rc = info ? restore_session(&s, model, root, &ivj, info) : kp__oom();
    if (!rc)
        rc = interview_in(&iv, s, ivj, info, NULL);
    json_decref(root);
    json_decref(ivj);
    if (rc) {
        kp_session_free(s);
        kp_restore_free(info);
        return rc;
    }
    *interview_out = iv;
    *session_out = s;
    if (info_out)
        *info_out = info;
    else
        kp_restore_free(info);
    return KP_OK;
}

static json_t *flag_list(const kp_model *m, const uint8_t *flags)
{
    json_t *a = json_array();
    for (size_t f = 0; a && f < m->nfindings; f++)
        if (flags[f] && json_array_append_new(a, json_string(m->findings[f].id))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

json_t *kp__interview_member(const kp_interview *iv, int triage_changes)
{
    const kp_model *m = iv->session->model;
    json_t *o = json_object(), *costs = json_object();
    int bad = !o || !costs;
    for (size_t f = 0; !bad && f < m->nfindings; f++)
        if (iv->cost[f] != m->findings[f].cost)
            bad = json_object_set_new(costs, m->findings[f].id, json_real(iv->cost[f]));
    uint8_t *only_asked = kp__calloc(m->nfindings + 1, 1);
    bad |= !only_asked;
    for (size_t f = 0; !bad && f < m->nfindings; f++)
        only_asked[f] = iv->asked[f] && !iv->dont_know[f];
    if (!bad) {
        bad = json_object_set_new(o, "costs", costs);
        costs = NULL;   /* owned by o now, even on failure */
    }
    bad = bad || json_object_set_new(o, "budget", json_integer(iv->opts.budget)) ||
          json_object_set_new(o, "triage_weight", json_real(iv->opts.triage_weight)) ||
          json_object_set_new(o, "min_gain", json_real(iv->opts.min_gain)) ||
          json_object_set_new(o, "stop_on_red_flag", json_boolean(iv->opts.stop_on_red_flag)) ||
          json_object_set_new(o, "excluded", flag_list(m, iv->excluded)) ||
          json_object_set_new(o, "asked", flag_list(m, only_asked)) ||
          json_object_set_new(o, "dont_know", flag_list(m, iv->dont_know)) ||
          (triage_changes && json_object_set_new(o, "triage_changes", json_true()));
    kp__free(only_asked);
    json_decref(costs);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

kp_status kp_interview_to_json(const kp_interview *iv, char **out)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_interview_to_json: out is NULL");
    *out = NULL;
    if (!iv)
        return kp__error(KP_EINVAL, "kp_interview_to_json: interview is NULL");
    char *doc;
    kp_status rc = kp_session_to_json(iv->session, &doc);
    if (rc)
        return rc;
    json_t *root = NULL;
    rc = parse(&root, doc, strlen(doc));
    kp__free(doc);
    if (rc)
        return rc;
    /* replaces the member of the session's own document, if it had one */
    json_t *o = kp__interview_member(iv, 0);
    int bad = !root || !o;
    if (!bad)
        bad = json_object_set_new(root, "interview", o);   /* takes o even when it fails */
    else
        json_decref(o);
    char *text = bad ? NULL : dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (!text)
        return kp__oom();
    *out = text;
    return KP_OK;
}

kp_status kp__interview_from_member(kp_interview **out, kp_session *s, json_t *member,
                                    int *triage_changes)
{
    return interview_in(out, s, member, NULL, triage_changes);
}
