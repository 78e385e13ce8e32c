/*
 * report.h - the assessment report (internal layout).  A report is one
 * allocation: the struct followed by its arrays; strings are borrowed from
 * the model (the report holds a model reference) except gear names and
 * notes, which are copied into the same block.
 */
#ifndef KP_REPORT_H
#define KP_REPORT_H

#include <stdint.h>
#include "model.h"
#include "session.h"
#include "question.h"

typedef struct kp__reason {
    int rule;
    uint32_t first_id, nids;        /* finding ids in report->ids */
} kp__reason;

typedef struct kp__evidence {
    int finding;
    double value;
    double effect;
} kp__evidence;

typedef struct kp__rcause {
    int cause;
    double score, logit;
    uint32_t first_ev, nev;         /* report->evidence */
} kp__rcause;

typedef struct kp__woe_entry {
    int finding;
    double weight;                  /* nats */
} kp__woe_entry;

typedef struct kp__rcondition {
    int condition;
    double probability;
    double log_prior;
    int flagged;                    /* a fired red-flag rule names it: ranked first */
    uint32_t first_sup, nsup;       /* report->woe, weight > threshold, descending */
    uint32_t first_con, ncon;       /* report->woe, weight < -threshold, ascending */
} kp__rcondition;

typedef struct kp__rplan {
    int remedy;
    const kp__text *text;           /* resolved for the report's locale on access */
    const kp__dose *dose;
    size_t ndose;
    uint32_t first_because, nbecause; /* report->ids */
    uint32_t cautions;              /* contraindications still unknown (bit k = contra[k]) */
} kp__rplan;

struct kp_report {
    kp_model *model;
    const char *locale;             /* copied, may be NULL */
    int third_person;

    int triage_changes;             /* the document asked for them (its
                                     * interview's "triage_changes") */
    int level;
    size_t nunchecked;              /* provisional while non-zero */
    int *unchecked;                 /* finding indices, most urgent first */
    int *unchecked_level;           /* per finding: level it could give, or -1 */
    size_t nreasons;
    kp__reason *reasons;
    const char **ids;               /* pool of borrowed id strings */
    size_t nids;

    size_t ncauses;
    kp__rcause *causes;
    kp__evidence *evidence;

    size_t nconditions;
    kp__rcondition *conditions;
    kp__woe_entry *woe;
    double log_normaliser;          /* see doc: ln P = ln prior + sum(woe) - log_normaliser */

    size_t nplan;
    kp__rplan *plan;

    int next_question;              /* finding index or -1 */
    double next_gain;
    const char *next_reason;        /* "screen" or "information_gain" */

    kp__load_metrics load;
    size_t ngears;
    const char **gear_names;
    double *shoe_km;
    size_t *shoe_runs;              /* runs per gear up to as_of */
    char as_of[11];                 /* load.as_of as YYYY-MM-DD, "" if none */
    kp__trend trend;
    int pain_during_high;
    int pain_morning_unsettled;

    /* the effective evidence: value and origin per finding (model order) */
    double *value;
    uint8_t *origin;

    size_t nwarnings;
    const char **warnings;

    struct kp__inputs *inputs;      /* reference: hashed for the receipt */
    int receipt_done;
    char receipt[65];

    /* interview (doc/interview.md): the chosen question with its rationale
     * and group, or why to stop; the rationale text is built on first use */
    kp__question q;
    int rationale_done;
    char rationale[512];
};

/** Named training-load figures (NULL-terminated), shared by the read API
 * and the JSON writer. */
typedef struct kp__metric_def {
    const char *name;
    size_t offset;          /* of a double in kp__load_metrics */
} kp__metric_def;
extern const kp__metric_def kp__metric_defs[];

/** Store the chosen question (and why to stop) in the report. */
void kp__report_set_question(kp_report *r, const kp__question *q);

/** A named model text in the report's locale; NULL when the model has no
 * such text. */
const char *kp__report_text(const kp_report *r, const char *key);

/** The triage level's text, provisional wording included (provisional.c). */
const char *kp__report_level_text(const kp_report *r);

/** In an emergency report (emergency or emergency_ambulance), a reason whose
 * rule is less urgent than the report's level gives no instruction of its
 * own - "see a doctor within 24 hours" must not stand under "call an
 * ambulance" - and is listed as superseded with the model's
 * reason_superseded text. */
int kp__reason_superseded(const kp_report *r, const kp__reason *x);
/** The text of reason x: the rule's, or reason_superseded when superseded. */
const kp__text *kp__reason_text(const kp_report *r, const kp__reason *x);

/** Compute the receipt (lazily, cached in the report). */
const char *kp__report_receipt(kp_report *r);

#endif
