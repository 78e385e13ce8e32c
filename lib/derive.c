/*
 * derive.c - what the training log and pain diary imply: load figures,
 * derived findings (an explicit answer always wins over them), the pain
 * trend, notes that explain what was not used, and the copy of the
 * inputs that the report's receipt covers (inputs.h).  Rebuilt only when the log,
 * diary, as-of date or load unit change.
 */
#include "session.h"
#include "date.h"
#include "internal.h"
#include "inputs.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


KP_PRINTF(2, 3)
static kp_status note(kp_session *s, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (kp__grow((void **)&s->derived_notes, &s->derived_notes_cap, s->nderived_notes + 1,
                 sizeof *s->derived_notes))
        return kp__oom();
    char *p = kp__strdup(buf);
    if (!p)
        return kp__oom();
    s->derived_notes[s->nderived_notes++] = p;
    return KP_OK;
}

static kp_status set_derived(kp_session *s, const char *id, double v)
{
    int i = kp__model_find_finding(s->model, id);
    if (i < 0 || isnan(v))
        return KP_OK;
    const kp__finding *f = &s->model->findings[i];
    if (f->derived != KP_DERIVED_LOAD && f->derived != KP_DERIVED_DIARY)
        return KP_OK;
    if (f->type == KP_TYPE_NUMBER && (v < f->min || v > f->max)) {
        /* the finding's documented range bounds the evidence; the
         * training_load section keeps the true figure */
        double used = v < f->min ? f->min : f->max;
        kp_status rc = note(s, "evidence_used: %s %.6g from the log is outside the finding's "
                               "range %.6g..%.6g; used as %.6g", id, v, f->min, f->max, used);
        if (rc)
            return rc;
        v = used;
    }
    s->derived[i] = v;
    s->derived_known[i] = 1;
    return KP_OK;
}

/* Whether texts exist for `locale` (or its language) in the model. */
static int locale_known(const kp_model *m, const char *locale)
{
    size_t lang = strcspn(locale, "-_");
    for (size_t i = 0; i < m->nlocales; i++)
        if (!strcmp(m->locales[i], locale) ||
            (strlen(m->locales[i]) == lang && !strncmp(m->locales[i], locale, lang)))
            return 1;
    return 0;
}

/* Notes on what the inputs asked for but could not get. */
static kp_status input_notes(kp_session *s)
{
    kp_status rc = KP_OK;
    const kp_model *m = s->model;
    if (s->locale && !locale_known(m, s->locale) && m->nlocales)
        rc = note(s, "options.locale: the model has no texts in \"%s\"; using \"%s\"", s->locale,
                  m->locales[0]);
    size_t after = 0, no_rpe = 0, runs = 0;
    for (size_t i = 0; !rc && i < s->log.nruns; i++) {
        const kp__run *r = &s->log.runs[i];
        if (!r->is_run)
            continue;
        if (s->as_of != INT32_MIN && r->day > s->as_of) {
            after++;
            continue;
        }
        runs++;
        if (isnan(r->rpe) || isnan(r->duration_min))
            no_rpe++;
    }
    if (!rc && after) {
        char day[11];
        kp__date_format(s->as_of, day);
        rc = note(s, "training_load: %zu %s after as_of %s not counted", after,
                  after == 1 ? "run" : "runs", day);
    }
    if (!rc && s->load_unit == KP_LOAD_SRPE && no_rpe)
        rc = note(s, "training_load: %zu of %zu runs have no RPE or duration and add no sRPE load",
                  no_rpe, runs);
    return rc;
}

/* Shoe in use: the gear of the latest run that has one. */
static int current_gear(const kp__log *log, int32_t as_of)
{
    int best = -1;
    int32_t best_day = INT32_MIN;
    for (size_t i = 0; i < log->nruns; i++) {
        const kp__run *r = &log->runs[i];
        if (r->is_run && r->gear >= 0 && r->day <= as_of && r->day >= best_day) {
            best_day = r->day;
            best = r->gear;
        }
    }
    return best;
}

kp_status kp__session_derive(kp_session *s)
{
    if (s->derived_valid)
        return KP_OK;
    kp_model *m = s->model;
    memset(s->derived_known, 0, m->nfindings);

    for (size_t i = 0; i < s->nderived_notes; i++)
        kp__free(s->derived_notes[i]);
    s->nderived_notes = 0;

    if (kp__grow((void **)&s->shoe_km, &s->shoe_km_cap, s->log.ngears + 1, sizeof *s->shoe_km))
        return kp__oom();
    kp_status rc = kp__load_compute(&s->log, s->as_of, s->load_unit, &s->metrics, s->shoe_km);
    if (rc)
        return rc;
    const kp__load_metrics *lm = &s->metrics;
    if ((rc = input_notes(s)))
        return rc;
    if (lm->runs > 0 && lm->as_of != INT32_MIN) {
        if ((rc = set_derived(s, "weekly_km", lm->weekly_km)) ||
            (rc = set_derived(s, "weekly_km_change_pct", lm->weekly_km_change_pct)) ||
            (rc = set_derived(s, "run_spike_pct", lm->run_spike_pct)) ||
            (rc = set_derived(s, "consecutive_run_days", lm->consecutive_run_days)))
            return rc;
        char day[11];
        if (!isnan(lm->days_since_previous_run) && lm->days_since_previous_run > m->acwr_gap_days.value) {
            /* a chronic window that is mostly empty makes any ratio meaningless */
            kp__date_format(lm->as_of, day);
            rc = note(s, "training_load: no runs for %.0f days before the latest run (as of %s); "
                         "the acute:chronic ratio compares against an almost empty chronic window "
                         "after such a gap, so it is not used as evidence",
                      lm->days_since_previous_run - 1, day);
            if (rc)
                return rc;
        } else {
            if ((rc = set_derived(s, "acwr", lm->acwr_ewma)))
                return rc;
        }
        int g = current_gear(&s->log, lm->as_of);
        if (g >= 0 && (rc = set_derived(s, "shoe_km", s->shoe_km[g])))
            return rc;
    }
    kp__pain_state ps = kp__pain_trend(m, s->diary, s->ndiary,
                                       s->as_of != INT32_MIN ? s->as_of : lm->as_of, s->as_of);
    s->trend = ps.trend;
    s->pain_during_high = ps.during_high;
    s->pain_morning_unsettled = ps.morning_unsettled;
    if (ps.ignored) {
        char day[11];
        kp__date_format(s->as_of, day);
        if ((rc = note(s, "pain_diary: %zu %s after as_of %s not used", ps.ignored,
                       ps.ignored == 1 ? "entry" : "entries", day)))
            return rc;
    }
    if (s->trend != KP_TREND_UNKNOWN) {
        int fi = kp__model_find_finding(m, "pain_trend");
        if (fi >= 0 && m->findings[fi].type == KP_TYPE_CHOICE) {
            int c = kp__model_find_choice(&m->findings[fi], kp__trend_names[s->trend]);
            if (c >= 0)
                if ((rc = set_derived(s, "pain_trend", c)))
                    return rc;
        }
    }
    /* the receipt's copy of the inputs: hashed only if a receipt is read */
    kp__inputs *in = kp__inputs_snapshot(s);
    if (!in)
        return kp__oom();
    kp__inputs_unref(s->inputs);
    s->inputs = in;
    s->derived_valid = 1;
    return KP_OK;
}
