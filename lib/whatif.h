/*
 * whatif.h - "what would change the triage" (internal layout).
 */
#ifndef KP_WHATIF_H
#define KP_WHATIF_H

#include <jansson.h>
#include "report.h"

typedef struct kp__wanswer {
    int finding;
    double value;               /* an example value satisfying the test */
    char test[64];              /* "= yes", ">= 55", "in medial, lateral" */
} kp__wanswer;

typedef struct kp__wentry {
    int direction;              /* +1 raise, -1 lower */
    int level;                  /* resulting triage level */
    int rule;                   /* raise: the rule that fires; lower: -1 */
    size_t first, n;            /* answers */
} kp__wentry;

struct kp_whatif {
    kp_model *model;            /* reference */
    char *locale;
    int third_person;
    int current_level;
    size_t nentries, entries_cap;
    kp__wentry *entries;
    size_t nanswers, answers_cap;
    kp__wanswer *answers;
    int truncated;              /* some predicate had more sets than analysed */
};

/** The analysis as a JSON array (NULL on allocation failure). */
json_t *kp__whatif_json(const kp_whatif *w);

#endif
