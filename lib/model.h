/*
 * model.h - the in-memory knowledge base (internal).  Built by model_load.c
 * from a kneepain-model/1 document; immutable afterwards.
 */
#ifndef KP_MODEL_H
#define KP_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "kneepain.h"

/* ---- arena: every model allocation lives here and dies with the model ---- */
typedef struct kp__arena_block kp__arena_block;
typedef struct kp__arena {
    kp__arena_block *head;
} kp__arena;
void *kp__arena_alloc(kp__arena *a, size_t size);           /* zeroed, 8-aligned */
char *kp__arena_strdup(kp__arena *a, const char *s);
void kp__arena_free(kp__arena *a);

typedef enum kp__source { KP_SRC_PUBLISHED = 0, KP_SRC_DERIVED, KP_SRC_ESTIMATED } kp__source;
extern const char *const kp__source_names[3];

/** A number with its evidence marker and citation. */
typedef struct kp__sourced {
    double value;
    kp__source source;
    int32_t cite;          /* index into model->refs */
} kp__sourced;

/** Text per locale; entry 0 is the model's default locale when present. */
typedef struct kp__text {
    size_t n;
    const char **locales;
    const char **texts;
} kp__text;

typedef enum kp__derived { KP_DERIVED_NONE = 0, KP_DERIVED_LOAD, KP_DERIVED_DIARY } kp__derived;

typedef struct kp__choice {
    const char *id;
    kp__text text;
} kp__choice;

typedef struct kp__finding {
    const char *id;
    kp_type type;
    double min, max;            /* inclusive range (bool 0..1, choice 0..n-1) */
    size_t nchoices;
    kp__choice *choices;
    size_t nbins;               /* cut points */
    double *bins;
    size_t noutcomes;           /* bool 2, choice n, number nbins+1 (0 when not in the Bayes model) */
    int in_bayes;
    size_t lik_offset;          /* lik[lik_offset + c * noutcomes + outcome] */
    kp__source lik_source;      /* marker of the first condition's entry (for listings) */
    kp__text question;
    const char *unit;
    const char *group;
    double cost;
    int screen;
    int askable;
    int has_ask_if;             /* asked only while ask_if is not false */
    uint32_t ask_if;            /* node index (finding leaves only) */
    kp__derived derived;
} kp__finding;

typedef struct kp__condition {
    const char *id;
    kp__text name;
    kp__sourced prior;
    int must_not_miss;
} kp__condition;

/* ---- predicates: a tree stored in model->nodes ---- */
typedef enum kp__node_kind {
    KP_NODE_ALL = 0, KP_NODE_ANY, KP_NODE_NOT,
    KP_NODE_FINDING, KP_NODE_CAUSE, KP_NODE_CONDITION, KP_NODE_LEVEL, KP_NODE_RULE
} kp__node_kind;

enum {
    KP_OP_EQ = 1u << 0, KP_OP_NE = 1u << 1, KP_OP_IN = 1u << 2,
    KP_OP_LT = 1u << 3, KP_OP_LE = 1u << 4, KP_OP_GT = 1u << 5, KP_OP_GE = 1u << 6
};

typedef struct kp__node {
    kp__node_kind kind;
    uint32_t ops;               /* KP_OP_* for leaves */
    int32_t target;             /* finding/cause/condition/rule index, or level */
    uint32_t first_child;       /* index into model->children */
    uint32_t nchildren;
    uint32_t nleaves;           /* leaves under this node (1 for a leaf) */
    int32_t if_unknown;         /* finding leaf: value while the finding is
                                 * unknown (KP_FALSE/KP_TRUE), else KP_UNKNOWN */
    double eq, ne, lt, le, gt, ge;
    uint64_t in_mask;           /* choice set for KP_OP_IN */
} kp__node;

typedef struct kp__term {
    uint32_t when;              /* node index */
    kp__sourced weight;
    uint32_t first_finding;     /* into model->term_findings */
    uint32_t nfindings;
} kp__term;

typedef struct kp__cause {
    const char *id;
    kp__text name;
    kp__text description;
    kp__sourced bias;
    size_t nterms;
    kp__term *terms;
} kp__cause;

typedef struct kp__rule {
    const char *id;
    int level;                  /* kp_level */
    int red_flag;
    uint32_t when;
    kp__text text;
    size_t nblocks;
    int32_t *blocks;            /* remedy indices */
    size_t nconditions;
    int32_t *conditions;        /* must-not-miss conditions it is about; they
                                 * rank first in a report while it fires */
    kp__source source;
    int32_t cite;
} kp__rule;

typedef struct kp__dose {
    const char *key;
    kp__sourced value;
} kp__dose;

typedef struct kp__variant {
    uint32_t when;
    int has_text;
    kp__text text;
    int has_dose;               /* 0 = keep the remedy's dose; 1 = use this
                                 * one (possibly empty: no dose) */
    size_t ndose;
    kp__dose *dose;
} kp__variant;

typedef struct kp__contra {
    uint32_t when;
    kp__text text;
    int has_source;             /* optional "source"/"cite" of the caution */
    kp__source source;
    int32_t cite;
} kp__contra;

/* The plan records which indications of a remedy are true in a uint64_t
 * (lib/plan.c), so the loader refuses more than it can evaluate. */
#define KP__MAX_INDICATIONS 64

typedef struct kp__remedy {
    const char *id;
    kp__text name;
    kp__text text;
    int has_level_text[KP_LEVEL_COUNT];
    kp__text level_text[KP_LEVEL_COUNT];
    size_t ndose;
    kp__dose *dose;
    size_t nindications;        /* at most KP__MAX_INDICATIONS */
    uint32_t *indications;      /* node indices */
    uint64_t ind_causes;        /* causes / conditions named anywhere in the */
    uint64_t ind_conditions;    /* indications (bit = index; first 64 only) */
    size_t ncontra;
    kp__contra *contra;
    size_t nvariants;
    kp__variant *variants;
    size_t nexcludes;
    int32_t *excludes;          /* remedy indices this one keeps out of the
                                 * plan when both qualify (it wins) */
    int has_acute_ban;          /* a loading remedy: kept out while the model's
                                 * acute injury is younger than acute_ban_days;
                                 * the ban is contraindication contra[ncontra-1] */
    kp__sourced acute_ban_days;
    double order;
    int drop_on_red_flag;
    int max_level;              /* most urgent level still offered */
    int always;
    int safety_net;
} kp__remedy;

typedef struct kp__reference {
    const char *key;
    const char *text;
    const char *url;
} kp__reference;

typedef struct kp__named_text {
    const char *key;
    kp__text text;
} kp__named_text;

struct kp_model {
    int refcount;               /* atomic */
    kp__arena arena;
    const char *id, *version, *format;
    char sha256[65];
    kp__text title;
    size_t nlocales;
    const char **locales;

    size_t nfindings;
    kp__finding *findings;
    uint32_t *finding_order;    /* indices sorted by id, for bsearch */
    size_t nconditions;
    kp__condition *conditions;
    size_t ncauses;
    kp__cause *causes;
    size_t nterms;              /* terms of all causes */
    size_t nrules;
    kp__rule *rules;
    size_t nremedies;
    kp__remedy *remedies;
    size_t nrefs;
    kp__reference *refs;
    size_t ntexts;
    kp__named_text *texts;

    size_t nnodes;
    kp__node *nodes;
    uint32_t *children;
    uint32_t *term_findings;

    /* naive-Bayes tables for findings in the condition model */
    double *lik;                /* P(outcome | condition) */
    double *loglik;             /* ln of lik */
    double *logmarg;            /* ln P(outcome) under the priors: [lik_offset / nconditions + outcome] */
    double *logprior;           /* ln prior per condition */
    size_t nbayes;              /* findings with in_bayes */
    uint32_t *bayes_findings;

    kp__sourced min_information_gain;
    kp__sourced max_plan_items;
    kp__sourced support_threshold;
    kp__sourced pain_settled_max;      /* next-morning pain above this has not settled */
    kp__sourced pain_trend_step;       /* weekly mean change that counts as a trend */
    kp__sourced pain_persisting_days;  /* span of entries without improvement */
    kp__sourced pain_during_max;       /* pain during a run above this: reduce */
    kp__sourced plan_key_cause_min;    /* a plan cut keeps a remedy for causes >= this */
    kp__sourced acwr_gap_days;         /* a break longer than this voids the ACWR */
    int has_acute_injury;       /* top-level "acute_injury" present */
    uint32_t acute_injury_when; /* node: an acute injury happened */
    int32_t acute_days_finding; /* number finding: days since it started */
    int safety_net;             /* remedy index */
    const kp__text *disclaimer;
    const kp__text *level_texts[KP_LEVEL_COUNT];
    const kp__text *reason_superseded;   /* a reason's text in an emergency
                                          * report when less urgent than it */
};

/* lookups */
int kp__model_find_finding(const kp_model *m, const char *id);       /* -1 if absent */
int kp__model_find_choice(const kp__finding *f, const char *id);     /* -1 if absent */
int kp__model_find_in(const kp_model *m, kp_kind kind, const char *id);
const char *kp__text_get(const kp__text *t, const char *locale, int third_person);
const kp__text *kp__model_text(const kp_model *m, const char *key);
int kp__level_from_id(const char *id);                               /* -1 if unknown */

/** Outcome index of a value of finding f (bool 0/1, choice index, number bin). */
size_t kp__finding_outcome(const kp__finding *f, double value);

/** Validate a value for finding f; returns KP_OK or KP_ERANGE/KP_ETYPE with a
 * message naming `where` (e.g. "evidence.age"). */
kp_status kp__finding_check(const kp__finding *f, double value, const char *where);

kp_model *kp__model_ref(kp_model *m);
kp_status kp__model_parse(kp_model **out, const char *data, size_t size, const char *name);

#endif
