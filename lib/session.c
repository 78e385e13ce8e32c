/*
 * session.c - session lifetime, evidence, options, training log and pain
 * diary entry points.  Every setter validates first and changes nothing on
 * error.
 */
#include "session.h"
#include "date.h"
#include "inputs.h"
#include "internal.h"
#include "import/export.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void scratch_free(kp__scratch *s)
{
    kp__free(s->value);
    kp__free(s->known);
    kp__free(s->logpost);
    kp__free(s->post);
    kp__free(s->cause_logit);
    kp__free(s->cause_score);
    kp__free(s->rule_fired);
    kp__free(s->rule_order);
    kp__free(s->plan);
    kp__free(s->plan_variant);
    kp__free(s->qbuf);
    kp__free(s->term_true);
    kp__free(s->indicated);
    kp__free(s->blocked);
    kp__free(s->bayes_known);
    kp__free(s->bayes_outcome);
    kp__free(s->weights);
}

static int scratch_init(kp__scratch *s, const kp_model *m)
{
    size_t nf = m->nfindings + 1, nc = m->nconditions + 1, nk = m->ncauses + 1;
    size_t nr = m->nrules + 1, nm = m->nremedies + 1;
    s->value = kp__calloc(nf, sizeof *s->value);
    s->known = kp__calloc(nf, 1);
    s->logpost = kp__calloc(nc, sizeof(double));
    s->post = kp__calloc(nc, sizeof(double));
    s->cause_logit = kp__calloc(nk, sizeof(double));
    s->cause_score = kp__calloc(nk, sizeof(double));
    s->rule_fired = kp__calloc(nr, 1);
    s->rule_order = kp__calloc(nr, sizeof(int));
    s->plan = kp__calloc(nm, sizeof(int));
    s->plan_variant = kp__calloc(nm, sizeof(int));
    s->qbuf = kp__calloc(nc * 2, sizeof(double));
    s->term_true = kp__calloc(m->nterms + 1, 1);
    s->indicated = kp__calloc(nm, sizeof(uint64_t));
    s->blocked = kp__calloc(nm, 1);
    s->bayes_known = kp__calloc(m->nbayes + 1, sizeof(int));
    s->bayes_outcome = kp__calloc(m->nbayes + 1, sizeof(size_t));
    s->weights = kp__calloc(m->nbayes + 1, sizeof(double));
    if (!s->term_true || !s->indicated || !s->blocked || !s->bayes_known || !s->bayes_outcome || !s->weights ||
        !s->value || !s->known || !s->logpost || !s->post || !s->cause_logit ||
        !s->cause_score || !s->rule_fired || !s->rule_order || !s->plan || !s->plan_variant ||
        !s->qbuf)
        return KP_ENOMEM;
    return 0;
}

kp_status kp_session_new(kp_session **out, kp_model *model)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_session_new: out is NULL");
    *out = NULL;
    if (!model)
        return kp__error(KP_EINVAL, "kp_session_new: model is NULL");
    kp_session *s = kp__calloc(1, sizeof *s);
    if (!s)
        return kp__oom();
    s->model = model;
    s->as_of = INT32_MIN;
    s->load_unit = KP_LOAD_DISTANCE;
    kp__log_init(&s->log);
    size_t nf = model->nfindings + 1;
    s->answer = kp__calloc(nf, sizeof *s->answer);
    s->answered = kp__calloc(nf, 1);
    s->derived = kp__calloc(nf, sizeof *s->derived);
    s->derived_known = kp__calloc(nf, 1);
    if (!s->answer || !s->answered || !s->derived || !s->derived_known ||
        scratch_init(&s->s, model)) {
        s->model = NULL;
        kp_session_free(s);
        return kp__oom();
    }
    kp__model_ref(model);
    *out = s;
    return KP_OK;
}

static void free_notes(kp_session *s)
{
    for (size_t i = 0; i < s->nderived_notes; i++)
        kp__free(s->derived_notes[i]);
    s->nderived_notes = 0;
}

void kp_session_free(kp_session *s)
{
    if (!s)
        return;
    kp_interview_free(s->doc_interview);   /* never touches its session */
    kp__free(s->answer);
    kp__free(s->answered);
    kp__free(s->derived);
    kp__free(s->derived_known);
    kp__log_free(&s->log);
    kp__free(s->diary);
    kp__free(s->locale);
    kp__free(s->shoe_km);
    kp__inputs_unref(s->inputs);
    free_notes(s);
    kp__free(s->derived_notes);
    scratch_free(&s->s);
    if (s->model)
        kp_model_free(s->model);
    kp__free(s);
}

kp_model *kp_session_model(const kp_session *s) { return s ? s->model : NULL; }

void kp__session_touch(kp_session *s) { s->derived_valid = 0; }

/* ------------------------------------------------------------ evidence */

static kp_status lookup(const kp_session *s, const char *id, const kp__finding **f, int *index)
{
    *f = NULL;
    *index = -1;
    if (!s || !id)
        return kp__error(KP_EINVAL, "session and finding id are required");
    int i = kp__model_find_finding(s->model, id);
    if (i < 0)
        return kp__error(KP_ENOTFOUND, "evidence.%s: unknown finding", id);
    *f = &s->model->findings[i];
    *index = i;
    return KP_OK;
}

static kp_status set_value(kp_session *s, const char *id, kp_type type, double v,
                           const char *choice)
{
    const kp__finding *f;
    int i;
    kp_status rc = lookup(s, id, &f, &i);
    if (rc)
        return rc;
    if (f->type != type) {
        static const char *names[] = {"true or false", "a number", "one of its choices"};
        return kp__error(KP_ETYPE, "evidence.%s: expected %s", id, names[f->type]);
    }
    if (type == KP_TYPE_CHOICE) {
        int c = kp__model_find_choice(f, choice);
        if (c < 0)
            return kp__error(KP_ENOTFOUND, "evidence.%s: '%s' is not one of its choices", id,
                             choice ? choice : "(null)");
        v = c;
    }
    char where[96];
    snprintf(where, sizeof where, "evidence.%s", id);
    if ((rc = kp__finding_check(f, v, where)))
        return rc;
    s->answer[i] = v;
    s->answered[i] = 1;
    return KP_OK;
}

kp_status kp_session_set_bool(kp_session *s, const char *id, int value)
{
    return set_value(s, id, KP_TYPE_BOOL, value ? 1.0 : 0.0, NULL);
}

kp_status kp_session_set_number(kp_session *s, const char *id, double value)
{
    return set_value(s, id, KP_TYPE_NUMBER, value, NULL);
}

kp_status kp_session_set_choice(kp_session *s, const char *id, const char *choice)
{
    return set_value(s, id, KP_TYPE_CHOICE, 0, choice);
}

kp_status kp_session_unset(kp_session *s, const char *id)
{
    const kp__finding *f;
    int i;
    kp_status rc = lookup(s, id, &f, &i);
    if (rc)
        return rc;
    s->answered[i] = 0;
    s->answer[i] = 0;
    return KP_OK;
}

int kp_session_get(const kp_session *s, const char *id, double *value_out)
{
    const kp__finding *f;
    int i;
    kp_status rc = lookup(s, id, &f, &i);
    if (rc)
        return rc;
    if (!s->answered[i])
        return 0;
    if (value_out)
        *value_out = s->answer[i];
    return 1;
}

void kp_session_clear(kp_session *s)
{
    if (!s)
        return;
    memset(s->answered, 0, s->model->nfindings);
    memset(s->answer, 0, s->model->nfindings * sizeof *s->answer);
    kp__log_clear(&s->log);
    s->ndiary = 0;
    /* its asked findings and exclusions were about the evidence just gone */
    kp_interview_free(s->doc_interview);
    s->doc_interview = NULL;
    s->doc_triage_changes = 0;
    kp__session_touch(s);
}

/* ------------------------------------------------------------- options */

kp_status kp_options_init(kp_options *o, unsigned int version)
{
    if (!o)
        return kp__error(KP_EINVAL, "kp_options_init: opts is NULL");
    if (version == 0 || version > KP_OPTIONS_VERSION)
        return kp__error(KP_EVERSION, "kp_options: unsupported version %u (latest %d)", version,
                         KP_OPTIONS_VERSION);
    kp_options def = KP_OPTIONS_INIT;
    *o = def;
    o->version = version;
    return KP_OK;
}

kp_status kp_session_set_options(kp_session *s, const kp_options *o)
{
    if (!s)
        return kp__error(KP_EINVAL, "kp_session_set_options: session is NULL");
    kp_options def = KP_OPTIONS_INIT;
    if (!o)
        o = &def;
    if (o->version == 0 || o->version > KP_OPTIONS_VERSION)
        return kp__error(KP_EVERSION, "options: unsupported version %u (latest %d)", o->version,
                         KP_OPTIONS_VERSION);
    if ((unsigned)o->load_unit > KP_LOAD_SRPE)
        return kp__error(KP_EINVAL, "options.load_unit: %d is not a load unit", (int)o->load_unit);
    if (o->max_plan_items > 100)
        return kp__error(KP_ERANGE, "options.max_plan_items: %u is outside 0..100", o->max_plan_items);
    if (o->locale && (strlen(o->locale) == 0 || strlen(o->locale) > 20))
        return kp__error(KP_EINVAL, "options.locale: expected a locale code such as \"en\"");
    char *loc = NULL;
    if (o->locale && !(loc = kp__strdup(o->locale)))
        return kp__oom();
    /* the locale (its notes) and the load unit (its figures) feed the
     * derived cache: rebuild it only when one of them changes */
    int locale_changed = !s->locale != !loc || (loc && strcmp(s->locale, loc));
    kp__free(s->locale);
    s->locale = loc;
    s->max_plan_items = o->max_plan_items;
    if (locale_changed || s->load_unit != o->load_unit)
        kp__session_touch(s);
    s->load_unit = o->load_unit;
    s->third_person = o->third_person != 0;
    return KP_OK;
}

kp_status kp_session_set_as_of(kp_session *s, const char *date)
{
    if (!s)
        return kp__error(KP_EINVAL, "kp_session_set_as_of: session is NULL");
    int32_t day = INT32_MIN;
    if (date && kp__date_parse_iso(date, &day))
        return kp__error(KP_EPARSE, "as_of: '%s' is not a date (YYYY-MM-DD)", date);
    s->as_of = day;
    kp__session_touch(s);
    return KP_OK;
}

/* ---------------------------------------------------------- log, diary */

static kp_status check_optional(double v, double lo, double hi, const char *field)
{
    if (isnan(v))
        return KP_OK;
    if (!isfinite(v) || v < lo || v > hi)
        return kp__error(KP_ERANGE, "%s: %g is outside the range %g..%g", field, v, lo, hi);
    return KP_OK;
}

kp_status kp_session_add_run(kp_session *s, const char *date, double distance_km,
                             double duration_min, double rpe, const char *gear,
                             double elevation_gain_m)
{
    if (!s)
        return kp__error(KP_EINVAL, "kp_session_add_run: session is NULL");
    kp__run r;
    memset(&r, 0, sizeof r);
    if (!date || kp__date_parse_iso(date, &r.day))
        return kp__error(KP_EPARSE, "run.date: '%s' is not a date (YYYY-MM-DD)", date ? date : "(null)");
    kp_status rc;
    if (!isfinite(distance_km) || distance_km < 0 || distance_km > 1000)
        return kp__error(KP_ERANGE, "run.distance_km: %g is outside the range 0..1000", distance_km);
    if ((rc = check_optional(duration_min, 0, 10000, "run.duration_min")) ||
        (rc = check_optional(rpe, 0, 10, "run.rpe")) ||
        (rc = check_optional(elevation_gain_m, 0, 20000, "run.elevation_gain_m")))
        return rc;
    r.start_sec = -1;
    r.distance_km = distance_km;
    r.duration_min = duration_min;
    r.rpe = rpe;
    r.elevation_gain_m = elevation_gain_m;
    r.is_run = 1;
    r.gear = -1;
    size_t ngears = s->log.ngears;
    if (gear && (rc = kp__log_gear(&s->log, gear, &r.gear)))
        return rc;
    if ((rc = kp__log_add(&s->log, &r)) < 0) {
        /* a gear declared by this run alone must not outlive the failure */
        while (s->log.ngears > ngears)
            kp__free(s->log.gears[--s->log.ngears]);
        return rc;   /* KP_ENOMEM or KP_ERANGE (kp_limits.max_runs), message set */
    }
    kp__session_touch(s);
    return KP_OK;
}

kp_status kp_session_add_shoe(kp_session *s, const char *gear, double start_km)
{
    if (!s || !gear)
        return kp__error(KP_EINVAL, "kp_session_add_shoe: session and gear are required");
    if (!isfinite(start_km) || start_km < 0 || start_km > 100000)
        return kp__error(KP_ERANGE, "shoes.start_km: %g is outside the range 0..100000", start_km);
    int32_t g;
    kp_status rc = kp__log_gear(&s->log, gear, &g);
    if (rc)
        return rc;
    if (g < 0)
        return kp__error(KP_EINVAL, "shoes.gear: the name is empty");
    s->log.gear_start_km[g] = start_km;
    kp__session_touch(s);
    return KP_OK;
}

kp_status kp_session_add_pain(kp_session *s, const char *date, double during, double after,
                              double next_morning)
{
    if (!s)
        return kp__error(KP_EINVAL, "kp_session_add_pain: session is NULL");
    kp__pain p;
    if (!date || kp__date_parse_iso(date, &p.day))
        return kp__error(KP_EPARSE, "pain_diary.date: '%s' is not a date (YYYY-MM-DD)",
                         date ? date : "(null)");
    kp_status rc;
    if ((rc = check_optional(during, 0, 10, "pain_diary.during")) ||
        (rc = check_optional(after, 0, 10, "pain_diary.after")) ||
        (rc = check_optional(next_morning, 0, 10, "pain_diary.next_morning")))
        return rc;
    if (isnan(during) && isnan(after) && isnan(next_morning))
        return kp__error(KP_EINVAL, "pain_diary: an entry needs at least one pain value");
    if (kp__grow((void **)&s->diary, &s->diary_cap, s->ndiary + 1, sizeof *s->diary))
        return kp__oom();
    p.during = during;
    p.after = after;
    p.next_morning = next_morning;
    s->diary[s->ndiary++] = p;
    kp__session_touch(s);
    return KP_OK;
}

kp_status kp_import_options_init(kp_import_options *o, unsigned int version)
{
    if (!o)
        return kp__error(KP_EINVAL, "kp_import_options_init: opts is NULL");
    if (version == 0 || version > KP_IMPORT_OPTIONS_VERSION)
        return kp__error(KP_EVERSION, "kp_import_options: unsupported version %u", version);
    kp_import_options def = KP_IMPORT_OPTIONS_INIT;
    *o = def;
    o->version = version;
    return KP_OK;
}

/* An import works on a copy of the log: kept on success, dropped on error
 * so that a failed import leaves the session unchanged. */
static kp_status keep_copy(kp_session *s, kp__log *copy, kp_status rc)
{
    if (rc) {
        kp__log_free(copy);
        return rc;
    }
    kp__log_free(&s->log);
    s->log = *copy;
    kp__session_touch(s);
    return KP_OK;
}

kp_status kp_session_import_buffer(kp_session *s, const char *data, size_t size,
                                   const char *name, const kp_import_options *opts)
{
    if (!s || !data)
        return kp__error(KP_EINVAL, "kp_session_import_buffer: session and data are required");
    kp_import_options def = KP_IMPORT_OPTIONS_INIT;
    if (!opts)
        opts = &def;
    if (opts->version == 0 || opts->version > KP_IMPORT_OPTIONS_VERSION)
        return kp__error(KP_EVERSION, "import options: unsupported version %u", opts->version);
    /* import into a copy so a failed import leaves the session unchanged */
    kp__log copy;
    kp__log_init(&copy);
    kp_status rc = kp__log_copy(&copy, &s->log);
    if (!rc)
        rc = kp__import_buffer(&copy, data, size, name ? name : "<buffer>", opts);
    return keep_copy(s, &copy, rc);
}

size_t kp_session_run_count(const kp_session *s) { return s ? kp__log_run_count(&s->log) : 0; }

size_t kp_session_warning_count(const kp_session *s)
{
    return s ? s->log.nwarnings + s->nderived_notes : 0;
}

const char *kp_session_warning(const kp_session *s, size_t i)
{
    if (!s)
        return NULL;
    if (i < s->log.nwarnings)
        return s->log.warnings[i];
    i -= s->log.nwarnings;
    return i < s->nderived_notes ? s->derived_notes[i] : NULL;
}

/* A folder is a Strava bulk export unpacked (lib/import/export.c). */
static kp_status import_export_folder(kp_session *s, const char *path,
                                      const kp_import_options *opts)
{
    if (opts->format != KP_FORMAT_AUTO && opts->format != KP_FORMAT_STRAVA)
        return kp__error(KP_EFORMAT, "%s: a folder (only a Strava export folder is read)", path);
    kp__log copy;
    kp__log_init(&copy);
    kp_status rc = kp__log_copy(&copy, &s->log);
    if (!rc)
        rc = kp__export_dir(&copy, path, opts);
    return keep_copy(s, &copy, rc);
}

kp_status kp_session_import_file(kp_session *s, const char *path, const kp_import_options *opts)
{
    if (!s || !path)
        return kp__error(KP_EINVAL, "kp_session_import_file: session and path are required");
    kp_import_options def = KP_IMPORT_OPTIONS_INIT;
    if (!opts)
        opts = &def;
    if (opts->version == 0 || opts->version > KP_IMPORT_OPTIONS_VERSION)
        return kp__error(KP_EVERSION, "import options: unsupported version %u", opts->version);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return import_export_folder(s, path, opts);
    FILE *f = fopen(path, "rb");
    if (!f)
        return kp__error(KP_EIO, "%s: %s", path, strerror(errno));
    errno = 0;
    kp__log copy;
    kp__log_init(&copy);
    kp__importer *imp = NULL;
    kp_status rc = kp__log_copy(&copy, &s->log);
    if (!rc)
        rc = kp__import_begin(&imp, &copy, path, opts);
    /* stream the file: memory stays proportional to one row */
    char buf[1 << 16];
    while (!rc) {
        size_t got = fread(buf, 1, sizeof buf, f);
        if (got == 0)
            break;
        rc = kp__import_feed(imp, buf, got);
    }
    if (!rc && ferror(f))
        rc = kp__error(KP_EIO, "%s: %s", path, strerror(errno ? errno : EIO));
    if (imp) {
        /* after a failure of our own, finishing the import would replace the
         * error (a directory reads as nothing: "empty file") */
        if (rc)
            kp__import_discard(imp);
        else
            rc = kp__import_end(imp);
    }
    fclose(f);
    return keep_copy(s, &copy, rc);
}
