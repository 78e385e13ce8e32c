/*
 * interview.h - the interview object (internal layout).
 */
#ifndef KP_INTERVIEW_H
#define KP_INTERVIEW_H

#include <jansson.h>
#include <stdint.h>
#include "question.h"
#include "session.h"

struct kp_interview {
    kp_session *session;        /* borrowed */
    kp_interview_options opts;
    double *cost;               /* per finding: the cost used */
    uint8_t *excluded;          /* per finding: set by the app */
    uint8_t *asked;             /* per finding: answered through the interview */
    uint8_t *dont_know;         /* per finding: answered "don't know" */
    size_t nasked;
    /* scratch, sized at creation */
    uint8_t *blocked;
    double *value;
    uint8_t *known;
    double *logpost, *post, *work;
    uint8_t *fired;
};

/** Validate an options struct (version, ranges). */
kp_status kp__interview_check_options(const kp_interview_options *o);

/** An input document's "interview" member (budget, costs, exclusions,
 * asked findings, "triage_changes") as a new interview on s, strictly (an
 * unknown finding is KP_ENOTFOUND); *triage_changes gets the flag
 * (restore.c). */
kp_status kp__interview_from_member(kp_interview **out, kp_session *s, json_t *member,
                                    int *triage_changes);

/** The "interview" member that saves iv (new reference; NULL when out of
 * memory), with "triage_changes": true when triage_changes. */
json_t *kp__interview_member(const kp_interview *iv, int triage_changes);

#endif
