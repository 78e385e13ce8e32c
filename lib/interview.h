/*
 * interview.h - the interview object (internal layout).
 */
#ifndef KP_INTERVIEW_H
#define KP_INTERVIEW_H

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

/** kp_assess_json() for documents with an "interview" member (budget,
 * costs, exclusions, asked findings, "triage_changes": true): *handled is
 * 1 when the document had one and *out was produced (restore.c). */
kp_status kp__assess_json_interview(kp_model *model, const char *json, size_t size,
                                    unsigned int flags, char **out, int *handled);

#endif
