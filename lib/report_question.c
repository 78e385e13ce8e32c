/*
 * report_question.c - the next question in a report: rationale, group and
 * stopping rule (doc/interview.md).
 *
 * The rationale is a sentence built from a template in the model's texts
 * (question_why_screen, question_why_screen_for, question_why_triage,
 * question_why_separates, question_why_information) with {a}, {b} replaced
 * by condition names.  Models without those texts get the built-in English
 * and German ones, so older models still explain their questions.
 */
#include "internal.h"
#include "report.h"

#include <string.h>

void kp__report_set_question(kp_report *r, const kp__question *q)
{
    r->q = *q;
    r->next_question = q->finding;
    r->next_gain = q->finding >= 0 ? q->gain : 0;
    r->next_reason = q->finding < 0 ? NULL : q->kind == KP_Q_SCREEN ? "screen" : "information_gain";
    r->rationale_done = 0;
}

/* A named text of the model in the report's locale (the rationale
 * templates are model texts; a model without them gives no rationale). */
const char *kp__report_text(const kp_report *r, const char *key)
{
    const kp__text *t = kp__model_text(r->model, key);
    return t ? kp__text_get(t, r->locale, r->third_person) : NULL;
}

static const char *condition_name(const kp_report *r, int c)
{
    return c >= 0 ? kp__text_get(&r->model->conditions[c].name, r->locale, r->third_person) : "";
}

/* Copy `tpl` into r->rationale replacing {a} and {b}. */
static void expand(kp_report *r, const char *tpl, const char *a, const char *b)
{
    size_t cap = sizeof r->rationale, n = 0;
    for (const char *p = tpl; *p && n + 1 < cap; p++) {
        const char *sub = NULL;
        if (p[0] == '{' && (p[1] == 'a' || p[1] == 'b') && p[2] == '}') {
            sub = p[1] == 'a' ? a : b;
            p += 2;
        }
        if (sub) {
            size_t len = strlen(sub);
            if (len > cap - 1 - n)
                len = cap - 1 - n;
            memcpy(r->rationale + n, sub, len);
            n += len;
        } else {
            r->rationale[n++] = *p;
        }
    }
    r->rationale[n] = '\0';
}

const char *kp_report_next_question_rationale(const kp_report *cr)
{
    if (!cr || cr->next_question < 0)
        return NULL;
    kp_report *r = (kp_report *)cr;   /* the rationale is cached on first use */
    if (r->rationale_done)
        return r->rationale;
    const kp__question *q = &r->q;
    const char *key = "question_why_information";
    switch (q->kind) {
    case KP_Q_SCREEN: key = q->cond_a >= 0 ? "question_why_screen_for" : "question_why_screen"; break;
    case KP_Q_TRIAGE: key = "question_why_triage"; break;
    case KP_Q_SEPARATES: key = "question_why_separates"; break;
    default: break;
    }
    const char *tpl = kp__report_text(r, key);
    expand(r, tpl ? tpl : "", condition_name(r, q->cond_a), condition_name(r, q->cond_b));
    r->rationale_done = 1;
    return r->rationale;
}

const char *kp_report_next_question_kind(const kp_report *r)
{
    return r && r->next_question >= 0 ? kp__qkind_names[r->q.kind] : NULL;
}

double kp_report_next_question_gain_conditions(const kp_report *r)
{
    return r && r->next_question >= 0 ? r->q.gain_conditions : 0.0;
}

double kp_report_next_question_gain_triage(const kp_report *r)
{
    return r && r->next_question >= 0 ? r->q.gain_triage : 0.0;
}

double kp_report_next_question_cost(const kp_report *r)
{
    return r && r->next_question >= 0 ? r->q.cost : 0.0;
}

const char *kp_report_next_question_rule(const kp_report *r)
{
    return r && r->next_question >= 0 && r->q.rule >= 0 ? r->model->rules[r->q.rule].id : NULL;
}

size_t kp_report_next_question_condition_count(const kp_report *r)
{
    if (!r || r->next_question < 0)
        return 0;
    return (size_t)(r->q.cond_a >= 0) + (size_t)(r->q.cond_b >= 0);
}

const char *kp_report_next_question_condition(const kp_report *r, size_t i)
{
    if (i >= kp_report_next_question_condition_count(r))
        return NULL;
    return r->model->conditions[i == 0 ? r->q.cond_a : r->q.cond_b].id;
}

const char *kp_report_next_question_group(const kp_report *r)
{
    return r && r->next_question >= 0 && r->q.ngroup ? r->model->findings[r->next_question].group
                                                     : NULL;
}

size_t kp_report_next_question_group_count(const kp_report *r)
{
    return r && r->next_question >= 0 ? (size_t)r->q.ngroup : 0;
}

const char *kp_report_next_question_group_finding(const kp_report *r, size_t i)
{
    return r && i < (size_t)r->q.ngroup && r->next_question >= 0
               ? r->model->findings[r->q.group[i]].id
               : NULL;
}

int kp_report_should_stop(const kp_report *r)
{
    return r ? r->next_question < 0 : 1;
}

const char *kp_report_stop_reason(const kp_report *r)
{
    return r ? kp__stop_names[r->next_question < 0 ? r->q.stop : KP_STOP_NO] : NULL;
}
