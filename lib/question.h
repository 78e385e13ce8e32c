/*
 * question.h - choosing the next question (internal).  The objective, the
 * stopping rule and the grouping are documented in doc/interview.md.
 */
#ifndef KP_QUESTION_H
#define KP_QUESTION_H

#include <stdint.h>
#include "model.h"

#define KP_Q_MAX_GROUP 16

/** Why a question is proposed. */
enum { KP_Q_NONE = 0, KP_Q_SCREEN, KP_Q_TRIAGE, KP_Q_SEPARATES, KP_Q_INFORMATION };
extern const char *const kp__qkind_names[5];

/** Why the interview should stop (KP_STOP_NO: it should not). */
enum { KP_STOP_NO = 0, KP_STOP_NOTHING_USEFUL, KP_STOP_BUDGET, KP_STOP_RED_FLAG, KP_STOP_EMERGENCY };
extern const char *const kp__stop_names[5];

/** What the caller may change about the selection. */
typedef struct kp__qsettings {
    const double *cost;         /* per finding (> 0), NULL = the model's costs */
    const uint8_t *excluded;    /* per finding, non-zero = never ask; NULL = none */
    long remaining;             /* questions left in the budget; < 0 = unlimited */
    double triage_weight;       /* weight of the triage-level information */
    double min_gain;            /* nats; NaN = the model's min_information_gain */
    int stop_on_red_flag;       /* stop as soon as a red-flag rule fired */
} kp__qsettings;

/** The defaults used by every report: model costs, nothing excluded, no
 * budget, triage weight 1, the model's threshold, no red-flag stop. */
void kp__qsettings_default(kp__qsettings *set);

/** The chosen question and its explanation. */
typedef struct kp__question {
    int finding;                /* -1: nothing to ask (see stop) */
    double gain;                /* gain_conditions + weight * gain_triage, nats */
    double gain_conditions;     /* expected entropy reduction of the condition posterior */
    double gain_triage;         /* entropy of the triage level after the answer */
    double cost;
    int kind;                   /* KP_Q_* */
    int cond_a, cond_b;         /* conditions it separates; cond_a alone: screened for */
    int rule;                   /* most urgent rule an answer could fire, -1 none */
    int level_if;               /* the level that rule would give, -1 none */
    int stop;                   /* KP_STOP_* */
    int ngroup;                 /* findings to ask together, the chosen one first */
    int group[KP_Q_MAX_GROUP];
} kp__question;

/** Choose the next question for the effective evidence (value/known per
 * finding), the condition posterior `post` and the triage state (`level`,
 * `rule_fired`).  `work` holds 2 * nconditions doubles.  Allocates
 * nothing. */
void kp__question_select(const kp_model *m, const double *post, const double *value,
                         const uint8_t *known, int level, const uint8_t *rule_fired,
                         const kp__qsettings *set, double *work, kp__question *q);

#endif
