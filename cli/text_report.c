/*
 * text_report.c - triage first, then the plan, then causes and conditions
 * with their main reasons, then the disclaimer.  Section labels come from
 * the model's texts ("label_*") in the report's locale, falling back to the
 * English literals for models without them.
 */
#include "text_report.h"

#include <math.h>
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

/* Print text wrapped at 78 columns after an indent (no trailing spaces). */
static void wrap(FILE *out, const char *indent, const char *text)
{
    const int width = 78, ind = (int)strlen(indent);
    int col = ind;
    const char *p = text;
    fputs(indent, out);
    while (*p) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (!w)
            break;
        if (col > ind && col + 1 + (int)w > width) {
            fputc('\n', out);
            fputs(indent, out);
            col = ind;
        } else if (col > ind) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, w, out);
        col += (int)w;
        p += w;
    }
    fputc('\n', out);
}

void print_text_report(FILE *out, const kp_report *r, const kp_model *m, int with_changes)
{
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
#define L(key, en) label(m, (key), locale, third, (en))
    int level = kp_report_level(r);
    fprintf(out, "%s %s\n", L("label_triage", "TRIAGE:"), kp_level_id(level));
    wrap(out, "  ", kp_report_level_text(r));
    for (size_t i = 0; i < kp_report_reason_count(r); i++) {
        fprintf(out, "  - [%s]\n", kp_report_reason_rule(r, i));
        wrap(out, "    ", kp_report_reason_text(r, i));
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
            fprintf(out, "  - [%s]\n", id);
            wrap(out, "    ", item_name(m, KP_KIND_FINDING, id, name_locale));
        }
    }
    fprintf(out, "\n%s\n", L("label_plan", "PLAN"));
    for (size_t i = 0; i < kp_report_plan_count(r); i++) {
        fprintf(out, "%2zu. %s\n", i + 1, item_name(m, KP_KIND_REMEDY, kp_report_plan_remedy(r, i), name_locale));
        wrap(out, "    ", kp_report_plan_text(r, i));
        size_t nd = kp_report_plan_dose_count(r, i);
        if (nd) {
            fprintf(out, "    %s", L("label_dose", "dose:"));
            for (size_t j = 0; j < nd; j++)
                fprintf(out, " %s=%g", kp_report_plan_dose_key(r, i, j), kp_report_plan_dose_value(r, i, j));
            fputc('\n', out);
        }
        size_t nb = kp_report_plan_because_count(r, i);
        if (nb) {
            fprintf(out, "    %s", L("label_because", "because:"));
            for (size_t j = 0; j < nb; j++)
                fprintf(out, "%s %s", j ? "," : "", kp_report_plan_because(r, i, j));
            fputc('\n', out);
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
        fprintf(out, "  %.2f  %s", kp_report_cause_score(r, i),
                item_name(m, KP_KIND_CAUSE, kp_report_cause_id(r, i), name_locale));
        size_t ne = kp_report_cause_evidence_count(r, i);
        for (size_t j = 0; j < ne && j < 3; j++)
            fprintf(out, "%s%s %+.2f", j ? ", " : "  <- ", kp_report_cause_evidence_finding(r, i, j),
                    kp_report_cause_evidence_effect(r, i, j));
        fputc('\n', out);
    }

    fprintf(out, "\n%s\n", L("label_conditions", "LIKELY CONDITIONS (probability)"));
    for (size_t i = 0; i < kp_report_condition_count(r) && i < 5; i++) {
        fprintf(out, "  %4.1f%%  %s", 100 * kp_report_condition_probability(r, i),
                item_name(m, KP_KIND_CONDITION, kp_report_condition_id(r, i), name_locale));
        size_t ns = kp_report_condition_supporting_count(r, i);
        for (size_t j = 0; j < ns && j < 3; j++)
            fprintf(out, "%s%s", j ? ", " : "  + ", kp_report_condition_supporting(r, i, j));
        size_t nc = kp_report_condition_conflicting_count(r, i);
        for (size_t j = 0; j < nc && j < 2; j++)
            fprintf(out, "%s%s", j ? ", " : "  - ", kp_report_condition_conflicting(r, i, j));
        fputc('\n', out);
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
        for (size_t g = 0; g < kp_report_shoe_count(r); g++)
            fprintf(out, "  %s '%s': %.0f km\n", L("label_shoe", "shoe"), kp_report_shoe_gear(r, g),
                    kp_report_shoe_km(r, g));
    }
    for (size_t w = 0; w < kp_report_warning_count(r); w++)
        fprintf(out, "  %s %s\n", L("label_note", "note:"), kp_report_warning(r, w));

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
            fprintf(out, "  %s %s:",
                    kp_whatif_direction(w, i) > 0 ? L("label_raise_to", "raise to") : L("label_lower_to", "lower to"),
                    kp_level_id(kp_whatif_level(w, i)));
            for (size_t j = 0; j < kp_whatif_answer_count(w, i); j++)
                fprintf(out, "%s %s", j ? "," : "", kp_whatif_answer_finding(w, i, j));
            fputc('\n', out);
        }
    }
    kp_whatif_free(w);
    fputs("\n", out);
    wrap(out, "", kp_report_disclaimer(r));
#undef L
}
