/*
 * session.h - a runner's session (internal layout).
 */
#ifndef KP_SESSION_H
#define KP_SESSION_H

#include <stdint.h>
#include "model.h"
#include "trainload.h"

typedef struct kp__pain {
    int32_t day;
    double during, after, next_morning;   /* NaN when not recorded */
} kp__pain;

/** Pain-trend states (the order of the pain_trend finding's choices is
 * looked up by id, not assumed). */
typedef enum kp__trend {
    KP_TREND_UNKNOWN = 0, KP_TREND_IMPROVING, KP_TREND_STABLE, KP_TREND_WORSENING,
    KP_TREND_PERSISTING
} kp__trend;
extern const char *const kp__trend_names[5];

/** Where an effective finding value came from. */
enum { KP_ORIGIN_NONE = 0, KP_ORIGIN_ANSWERED = 1, KP_ORIGIN_DERIVED = 2 };

/** Per-session scratch for one assessment, sized from the model at
 * session creation so that assessing allocates nothing but the report. */
typedef struct kp__scratch {
    double *value;          /* effective value per finding */
    uint8_t *known;         /* origin per finding (KP_ORIGIN_*) */
    double *logpost;        /* per condition */
    double *post;
    double *cause_logit, *cause_score;
    uint8_t *rule_fired;
    int *rule_order;        /* fired rules */
    int *plan;              /* remedy indices in plan order */
    int *plan_variant;      /* chosen variant per plan item, -1 none */
    double *qbuf;           /* question scoring: per condition */
    uint8_t *term_true;     /* per cause term */
    uint64_t *indicated;    /* per plan item: true indications */
    uint8_t *blocked;       /* per remedy */
    int *bayes_known;       /* known findings of the condition model */
    size_t *bayes_outcome;  /* their outcomes */
    double *weights;        /* per known finding, for one condition */
} kp__scratch;

struct kp_session {
    kp_model *model;
    double *answer;         /* explicit answers per finding */
    uint8_t *answered;

    kp__log log;
    kp__pain *diary;
    size_t ndiary, diary_cap;
    int32_t as_of;          /* INT32_MIN = last run's day */

    char *locale;           /* NULL = model default */
    unsigned max_plan_items;
    kp_load_unit load_unit;
    int third_person;

    /* cache of what the log and diary imply, rebuilt when they change */
    int derived_valid;
    kp__load_metrics metrics;
    double *shoe_km;        /* per gear */
    size_t shoe_km_cap;
    double *derived;        /* derived value per finding */
    uint8_t *derived_known;
    kp__trend trend;
    int pain_during_high;
    int pain_morning_unsettled;
    char **derived_notes;   /* explanations (e.g. a long gap), owned */
    size_t nderived_notes, derived_notes_cap;
    struct kp__inputs *inputs; /* what the receipt covers, shared with reports */

    /* the "interview" member of the input document the session was read
     * from (owned, on this session; NULL = none): kp_session_assess()
     * chooses the next question under it and kp_session_to_json() writes
     * it back, so that one document gives one answer on every path */
    struct kp_interview *doc_interview;
    int doc_triage_changes;     /* its "triage_changes": true */

    kp__scratch s;
};

/** kp_session_assess() without the document's interview (the plain
 * default question selection); kp_interview_assess() builds on it. */
kp_status kp__session_assess_plain(kp_session *s, kp_report **out);
/** Drop the derived cache (after any change to log, diary, as-of, options). */
void kp__session_touch(kp_session *s);
/** Rebuild the derived cache when needed.  KP_ENOMEM. */
kp_status kp__session_derive(kp_session *s);
/** What a pain diary says (doc/knowledge.md 4.2). */
typedef struct kp__pain_state {
    kp__trend trend;
    int during_high;        /* an entry of the last 7 days had pain during
                             * the run above the model's pain_during_max */
    int morning_unsettled;  /* the latest next morning had not settled, one
                             * bad morning that is not a trend (yet) */
    size_t ignored;         /* entries after the cutoff, not used */
} kp__pain_state;

/** The state of a diary.  `end` is the day the trend is judged at (the
 * latest entry when later or INT32_MIN); entries after `cutoff` (an explicit
 * as-of date; INT32_MIN = none) are ignored. */
kp__pain_state kp__pain_trend(const kp_model *m, const kp__pain *diary, size_t n, int32_t end,
                              int32_t cutoff);

#endif
