/*
 * text_report.c - triage first, then the plan, then causes and conditions
 * with their main reasons, then the disclaimer.  Section labels come from
 * the model's texts ("label_*") in the report's locale, falling back to the
 * English literals for models without them.
 */
#include "text_report.h"
#include "safe_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A section label: the model's text `key` in `locale`, else `fallback`. */
static const char *label(const kp_model *m, const char *key, const char *locale, int third,
                         const char *fallback)
{
    const char *t = m ? kp_model_text(m, key, locale, third) : NULL;
    return t && *t ? t : fallback;
}

static const char *item_name(const kp_model *m, kp_kind kind, const char *id, const char *locale)
{
    size_t i;
    if (!id || kp_model_find(m, kind, id, &i) != KP_OK)
        return id;
    const char *t = kp_model_item_text(m, kind, i, locale);
    return t ? t : id;
}


/* Context for naming things in words: model, report locale, third person. */
struct names {
    const kp_model *m;
    const kp_session *s;
    const kp_report *r;
    const char *locale, *name_locale;
    int third;
};

/* A finding's short name (texts "finding_<id>"), else its question. */
static const char *finding_name(const struct names *n, const char *id)
{
    char key[160];
    snprintf(key, sizeof key, "finding_%s", id ? id : "");
    const char *t = kp_model_text(n->m, key, n->locale, n->third);
    if (t && *t)
        return t;
    return item_name(n->m, KP_KIND_FINDING, id, n->name_locale);
}

/* The answer to a finding in words ("yes", "no", a choice's label, a
 * number); NULL when the session has no answer (derived or unknown). */
static const char *answer_words(const struct names *n, const char *id, double v, char *buf,
                                size_t size)
{
    size_t i;
    if (!id || kp_model_find(n->m, KP_KIND_FINDING, id, &i) != KP_OK)
        return NULL;
    switch (kp_model_finding_type(n->m, i)) {
    case KP_TYPE_BOOL:
        return label(n->m, v ? "answer_yes" : "answer_no", n->locale, n->third, v ? "yes" : "no");
    case KP_TYPE_CHOICE: {
        const char *t = kp_model_finding_choice_text(n->m, i, (size_t)v, n->locale, n->third);
        if (t)
            return t;
        t = kp_model_finding_choice_id(n->m, i, (size_t)v);
        return t;
    }
    default:
        snprintf(buf, size, "%.3g", v);
        return buf;
    }
}

/* The value a finding had in the report: the session's answer, else for
 * findings derived from the log or diary the report's figure.  1 when known. */
static int finding_value(const struct names *n, const char *id, double *v)
{
    size_t i;
    if (n->s && kp_session_get(n->s, id, v) == 1)
        return 1;
    if (kp_model_find(n->m, KP_KIND_FINDING, id, &i) != KP_OK || !kp_model_finding_is_derived(n->m, i))
        return 0;
    if (kp_model_finding_type(n->m, i) == KP_TYPE_CHOICE) {
        /* the pain trend: the report's trend is one of the choices */
        const char *t = kp_report_pain_trend(n->r);
        for (size_t c = 0; t && c < kp_model_finding_choice_count(n->m, i); c++)
            if (!strcmp(t, kp_model_finding_choice_id(n->m, i, c))) {
                *v = (double)c;
                return 1;
            }
        return 0;
    }
    return kp_report_load_metric(n->r, id, v) == 1;
}

/* "calf swelling: no" when the answer is known, else the name. */
static void print_finding(FILE *out, const struct names *n, const char *id)
{
    double v;
    char buf[32];
    const char *a = NULL;
    if (finding_value(n, id, &v))
        a = answer_words(n, id, v, buf, sizeof buf);
    if (a)
        fprintf(out, "%s: %s", finding_name(n, id), a);
    else
        fputs(finding_name(n, id), out);
}

/* Non-zero when the finding is a yes/no question answered "no": such an
 * answer is never shown as support (its absence only rules others out). */
static int answered_no(const struct names *n, const char *id)
{
    size_t i;
    double v;
    return n->s && kp_model_find(n->m, KP_KIND_FINDING, id, &i) == KP_OK &&
           kp_model_finding_type(n->m, i) == KP_TYPE_BOOL && kp_session_get(n->s, id, &v) == 1 &&
           v == 0;
}

/* A triage level in words: texts "level_title_<level>", else its ID. */
static const char *level_name(const struct names *n, int level)
{
    char key[64];
    snprintf(key, sizeof key, "level_title_%s", kp_level_id(level) ? kp_level_id(level) : "");
    return label(n->m, key, n->locale, n->third, kp_level_id(level));
}

/* A plan item's reason: a cause, a condition, a finding or a level. */
static void print_because(FILE *out, const struct names *n, const char *id)
{
    size_t i;
    if (kp_model_find(n->m, KP_KIND_CAUSE, id, &i) == KP_OK)
        fputs(item_name(n->m, KP_KIND_CAUSE, id, n->name_locale), out);
    else if (kp_model_find(n->m, KP_KIND_CONDITION, id, &i) == KP_OK)
        fputs(item_name(n->m, KP_KIND_CONDITION, id, n->name_locale), out);
    else if (kp_model_find(n->m, KP_KIND_FINDING, id, &i) == KP_OK)
        print_finding(out, n, id);
    else if (kp_model_find(n->m, KP_KIND_RULE, id, &i) == KP_OK) {
        /* a warning sign: its short name (texts "rule_<id>") */
        char key[160];
        snprintf(key, sizeof key, "rule_%s", id);
        fputs(label(n->m, key, n->locale, n->third, id), out);
    } else {
        for (int l = 0; l < KP_LEVEL_COUNT; l++)
            if (!strcmp(kp_level_id(l), id)) {
                fputs(level_name(n, l), out);
                return;
            }
        fputs(id, out);
    }
}

/* Print text wrapped at 78 columns, the first line after `first`, the
 * others after `indent` (no trailing spaces). */
static void wrap_hanging(FILE *out, const char *first, const char *indent, const char *text)
{
    const int width = 78, ind = (int)strlen(indent);
    int col = (int)strlen(first), words = 0; /* words on the current line */
    const char *p = text;
    fputs(first, out);
    while (*p) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (!w)
            break;
        if (words && col + 1 + (int)w > width) {
            fputc('\n', out);
            fputs(indent, out);
            col = ind;
            words = 0;
        } else if (words) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, w, out);
        col += (int)w;
        words++;
        p += w;
    }
    fputc('\n', out);
}

static void wrap(FILE *out, const char *indent, const char *text)
{
    wrap_hanging(out, indent, indent, text);
}

/* A long line built piece by piece, printed wrapped: begin_line() gives a
 * stream to write to (the output itself when memory is short), end_line()
 * wraps what was written after `indent`. */
struct line {
    FILE *f;
    char *buf;
    size_t size;
};

static FILE *begin_line(struct line *l, FILE *out)
{
    l->buf = NULL;
    l->size = 0;
    l->f = open_memstream(&l->buf, &l->size);
    return l->f ? l->f : out;
}

static void end_line(struct line *l, FILE *out, const char *indent)
{
    if (!l->f) {
        if (out)
            fputc('\n', out);
        return;
    }
    /* out NULL: drop what was written (nothing worth a line) */
    if (fclose(l->f) == 0 && l->buf && out)
        wrap(out, indent, l->buf);
    free(l->buf);
}

void print_text_report(FILE *out, const kp_report *r, const kp_model *m, const kp_session *s,
                       int with_changes)
{
    struct line ln;
    const char *locale = kp_report_locale(r);
    const kp_model *rm = kp_report_model(r);
    if (rm)
        m = rm;
    int third = kp_report_third_person(r);
    /* item names in the third person: the "<lang>-3p" locale key (the
     * lookup falls back to the plain locale) */
    char buf3p[64];
    const char *name_locale = locale;
    if (third && locale && strlen(locale) < sizeof buf3p - 4) {
        snprintf(buf3p, sizeof buf3p, "%.*s-3p", (int)strcspn(locale, "-_"), locale);
        name_locale = buf3p;
    }
    struct names nm = { m, s, r, locale, name_locale, third };
#define L(key, en) label(m, (key), locale, third, (en))
    int level = kp_report_level(r);
    fprintf(out, "%s %s\n", L("label_triage", "TRIAGE:"), level_name(&nm, level));
    wrap(out, "  ", kp_report_level_text(r));
    for (size_t i = 0; i < kp_report_reason_count(r); i++) {
        if (kp_report_reason_superseded(r, i)) {
            /* less urgent than the emergency: its short name, no instruction */
            char key[160], line[1024];
            snprintf(key, sizeof key, "rule_%s", kp_report_reason_rule(r, i));
            snprintf(line, sizeof line, "%s. %s", label(m, key, locale, third, kp_report_reason_rule(r, i)),
                     kp_report_reason_text(r, i));
            wrap_hanging(out, "  - ", "    ", line);
        } else
            wrap_hanging(out, "  - ", "    ", kp_report_reason_text(r, i));
        size_t nf = kp_report_reason_finding_count(r, i);
        if (nf) {
            fprintf(out, "    %s", L("label_answered", "answered:"));
            for (size_t j = 0; j < nf; j++) {
                fputs(j ? ", " : " ", out);
                print_finding(out, &nm, kp_report_reason_finding(r, i, j));
            }
            fputc('\n', out);
        }
        char src[1024];
        snprintf(src, sizeof src, "%s %s", L("label_source", "source:"), kp_report_reason_source(r, i));
        wrap(out, "    ", src);
    }

    /* a provisional triage leads with the warning signs not yet checked,
     * under the level text (and the reasons) that refer to them */
    if (kp_report_triage_provisional(r)) {
        fprintf(out, "  %s:\n", L("label_unchecked", "Warning signs not checked yet"));
        for (size_t i = 0; i < kp_report_triage_unchecked_count(r); i++) {
            const char *id = kp_report_triage_unchecked(r, i);
            wrap_hanging(out, "  - ", "    ", finding_name(&nm, id));
        }
    }
    /* the pain diary's advice for the next run comes right after the
     * triage: it is what the runner acts on first */
    const char *advice = kp_report_pain_trend_advice(r);
    const char *next_run = kp_report_pain_trend_next_run(r);
    if (advice || next_run) {
        fprintf(out, "\n%s\n", L("label_pain_diary", "PAIN DIARY"));
        if (next_run) {
            char key[64], line[1024];
            snprintf(key, sizeof key, "next_run_%s", next_run);
            snprintf(line, sizeof line, "%s %s.", L("label_next_run", "Next run:"), L(key, next_run));
            wrap(out, "  ", line);
        }
        if (advice)
            wrap(out, "  ", advice);
    }

    /* doses are spelled out in the remedy's text ("for 1 to 3 days"), so
     * the text report shows no dose keys */
    fprintf(out, "\n%s\n", L("label_plan", "PLAN"));
    for (size_t i = 0; i < kp_report_plan_count(r); i++) {
        fprintf(out, "%2zu. %s\n", i + 1, item_name(m, KP_KIND_REMEDY, kp_report_plan_remedy(r, i), name_locale));
        wrap(out, "    ", kp_report_plan_text(r, i));
        size_t nb = kp_report_plan_because_count(r, i);
        if (nb) {
            FILE *o = begin_line(&ln, out);
            fprintf(o, "%s", L("label_because", "because:"));
            for (size_t j = 0; j < nb; j++) {
                fputs(j ? ", " : " ", o);
                print_because(o, &nm, kp_report_plan_because(r, i, j));
            }
            end_line(&ln, out, "    ");
        }
        /* contraindications nobody has answered yet */
        for (size_t j = 0; j < kp_report_plan_caution_count(r, i); j++) {
            char line[1024];
            snprintf(line, sizeof line, "%s %s", L("label_caution", "caution:"),
                     kp_report_plan_caution(r, i, j));
            wrap(out, "    ", line);
        }
    }

    fprintf(out, "\n%s\n", L("label_causes", "CONTRIBUTING CAUSES (score 0..1)"));
    for (size_t i = 0; i < kp_report_cause_count(r); i++) {
        fprintf(out, "  %.2f  %s\n", kp_report_cause_score(r, i),
                item_name(m, KP_KIND_CAUSE, kp_report_cause_id(r, i), name_locale));
        size_t ne = kp_report_cause_evidence_count(r, i), shown = 0;
        /* what raised the score, with the value that counted */
        FILE *o = begin_line(&ln, out);
        for (size_t j = 0; j < ne && shown < 3; j++) {
            const char *f = kp_report_cause_evidence_finding(r, i, j);
            if (!(kp_report_cause_evidence_effect(r, i, j) > 0) || answered_no(&nm, f))
                continue;
            char buf[32];
            const char *a = answer_words(&nm, f, kp_report_cause_evidence_value(r, i, j), buf, sizeof buf);
            if (!shown++)
                fprintf(o, "%s ", L("label_supported_by", "supported by:"));
            else
                fputs(", ", o);
            fputs(finding_name(&nm, f), o);
            if (a)
                fprintf(o, ": %s", a);
        }
        if (shown)
            end_line(&ln, out, "        ");
        else
            end_line(&ln, NULL, NULL);
    }

    fprintf(out, "\n%s\n", L("label_conditions", "LIKELY CONDITIONS (probability)"));
    /* must-not-miss conditions a warning sign points to come first: say
     * that their place is not their likelihood */
    if (kp_report_condition_flagged_count(r, 0))
        wrap(out, "  ", L("conditions_flagged_note",
                          "Listed first because a warning sign points to them, not because they are likely."));
    size_t nshow = 5;
    while (nshow < kp_report_condition_count(r) && kp_report_condition_flagged_count(r, nshow - 2))
        nshow++;                /* the flagged ones and the two most likely others */
    for (size_t i = 0; i < kp_report_condition_count(r) && i < nshow; i++) {
        fprintf(out, "  %4.1f%%  %s\n", 100 * kp_report_condition_probability(r, i),
                item_name(m, KP_KIND_CONDITION, kp_report_condition_id(r, i), name_locale));
        size_t nfl = kp_report_condition_flagged_count(r, i), shown = 0;
        FILE *o;
        if (nfl) {
            o = begin_line(&ln, out);
            fprintf(o, "%s", L("label_flagged_by", "to rule out because of:"));
            for (size_t j = 0; j < nfl; j++) {
                fputs(j ? ", " : " ", o);
                print_because(o, &nm, kp_report_condition_flagged_rule(r, i, j));
            }
            end_line(&ln, out, "         ");
        }
        size_t ns = kp_report_condition_supporting_count(r, i);
        o = begin_line(&ln, out);
        for (size_t j = 0; j < ns && shown < 3; j++) {
            const char *f = kp_report_condition_supporting(r, i, j);
            if (answered_no(&nm, f))
                continue;
            if (!shown++)
                fprintf(o, "%s ", L("label_supported_by", "supported by:"));
            else
                fputs(", ", o);
            print_finding(o, &nm, f);
        }
        if (shown)
            end_line(&ln, out, "         ");
        else
            end_line(&ln, NULL, NULL);
        size_t nc = kp_report_condition_conflicting_count(r, i);
        if (nc) {
            o = begin_line(&ln, out);
            for (size_t j = 0; j < nc && j < 2; j++) {
                fprintf(o, "%s", j ? ", " : "");
                if (!j)
                    fprintf(o, "%s ", L("label_against", "against:"));
                print_finding(o, &nm, kp_report_condition_conflicting(r, i, j));
            }
            end_line(&ln, out, "         ");
        }
    }

    double v;
    if (kp_report_load_metric(r, "weekly_km", &v) == 1) {
        fprintf(out, "\n%s\n", L("label_training_load", "TRAINING LOAD"));
        fprintf(out, "  %s %.1f km", L("label_load_last_7_days", "last 7 days:"), v);
        if (kp_report_load_metric(r, "weekly_km_change_pct", &v) == 1)
            fprintf(out, " (%+.0f%% %s)", v, L("label_load_vs_week_before", "vs the week before"));
        fputc('\n', out);
        if (kp_report_load_metric(r, "run_spike_pct", &v) == 1)
            fprintf(out, "  %s %+.0f%%\n",
                    L("label_load_run_spike", "latest run vs longest of the previous 30 days:"), v);
        if (kp_report_load_metric(r, "acwr_ewma", &v) == 1)
            fprintf(out, "  %s %.2f\n", L("label_load_acwr", "acute:chronic ratio (EWMA, a weak signal):"), v);
        /* gear names and warnings come from imported files */
        for (size_t g = 0; g < kp_report_shoe_count(r); g++) {
            fprintf(out, "  %s '", L("label_shoe", "shoe"));
            cli_put_safe(out, kp_report_shoe_gear(r, g));
            fprintf(out, "': %.0f km\n", kp_report_shoe_km(r, g));
        }
    }
    for (size_t w = 0; w < kp_report_warning_count(r); w++) {
        fprintf(out, "  %s ", L("label_note", "note:"));
        cli_put_safe(out, kp_report_warning(r, w));
        fputc('\n', out);
    }

    const char *q = kp_report_next_question(r);
    if (q) {
        fprintf(out, "\n%s\n", L("label_next_question", "NEXT QUESTION"));
        wrap(out, "  ", kp_report_next_question_text(r));
        const char *why = kp_report_next_question_rationale(r);
        if (why)
            wrap(out, "  ", why);
    }
    kp_whatif *w = NULL;
    if (with_changes && kp_report_triage_changes(r, &w) == KP_OK && kp_whatif_count(w)) {
        fprintf(out, "\n%s\n", L("label_triage_changes", "WHAT WOULD CHANGE THE TRIAGE"));
        for (size_t i = 0; i < kp_whatif_count(w); i++) {
            fprintf(out, "  %s \"%s\":",
                    kp_whatif_direction(w, i) > 0 ? L("label_raise_to", "raise to") : L("label_lower_to", "lower to"),
                    level_name(&nm, kp_whatif_level(w, i)));
            for (size_t j = 0; j < kp_whatif_answer_count(w, i); j++) {
                const char *f = kp_whatif_answer_finding(w, i, j);
                char buf[32];
                const char *a = answer_words(&nm, f, kp_whatif_answer_value(w, i, j), buf, sizeof buf);
                fprintf(out, "%s %s", j ? "," : "", finding_name(&nm, f));
                if (a)
                    fprintf(out, ": %s", a);
            }
            fputc('\n', out);
        }
    }
    kp_whatif_free(w);
    fputs("\n", out);
    wrap(out, "", kp_report_disclaimer(r));
#undef L
}
