/*
 * test_texts.c - the default model's texts in every locale: third-person
 * variants (options.third_person) never address the runner as "you"/"Sie",
 * the plain texts still do; every text map has every locale; the text
 * report's section labels are localized.
 */
#include "helpers.h"

#include <jansson.h>
#include <strings.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* second-person markers */

/* Letters, digits, '_' and any UTF-8 byte (umlauts) are part of a word. */
static int word_char(unsigned char c)
{
    return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* `word` occurs in `text` as a whole word (case-insensitive when `icase`). */
static int has_word(const char *text, const char *word, int icase)
{
    size_t n = strlen(word);
    for (const char *p = text; *p; p++) {
        if (p > text && word_char((unsigned char)p[-1]))
            continue;
        if ((icase ? strncasecmp(p, word, n) : strncmp(p, word, n)) || word_char((unsigned char)p[n]))
            continue;
        return 1;
    }
    return 0;
}

/* The second-person marker in `text` for the language of `locale` (en:
 * you/your, any case; de: Sie/Ihr/Ihre/Ihren/Ihrem/Ihrer/Ihres, capitalised
 * only: lowercase "sie"/"ihr" is the third person), or NULL. */
static const char *second_person(const char *text, const char *locale)
{
    static const char *const en[] = {"you", "your", NULL};
    static const char *const de[] = {"Sie", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "Ihres", NULL};
    const char *const *words = !strncmp(locale, "en", 2) ? en : !strncmp(locale, "de", 2) ? de : NULL;
    if (!text || !words)
        return NULL;
    for (size_t i = 0; words[i]; i++)
        if (has_word(text, words[i], words == en))
            return words[i];
    return NULL;
}

Test(texts, marker_words)
{
    cr_expect_str_eq(second_person("Book an appointment if YOU can.", "en"), "you");
    cr_expect_str_eq(second_person("Check your shoes", "en-GB"), "your");
    cr_expect_null(second_person("Keep the runner young; yourself", "en"));
    cr_expect_str_eq(second_person("Laufen Sie nicht.", "de"), "Sie");
    cr_expect_str_eq(second_person("Ihr Schmerz", "de"), "Ihr");
    cr_expect_str_eq(second_person("bei Ihren Läufen", "de"), "Ihren");
    cr_expect_null(second_person("bis sie untersucht wurde; ihre Schritte", "de"));
    cr_expect_null(second_person("Ihrerseits", "de"));
    cr_expect_null(second_person("you", "fr"));
}

/* ------------------------------------------------------------------ */
/* inputs: every triage rule (tests/test_triage.c) and every remedy, variant
 * and level text, each with and without a pain diary of every trend */

static const char *const evidence[] = {
    "{}",
    "{\"cold_pale_foot\": true}",
    "{\"breathless_or_chest_pain\": true}",
    "{\"fever_hot_red_knee\": true}",
    "{\"knee_locked\": true}",
    "{\"trauma\": true, \"visible_deformity\": true}",
    "{\"trauma\": true, \"cannot_bear_weight\": true}",
    "{\"bladder_bowel_saddle\": true}",
    "{\"bilateral\": true, \"back_pain_radiating\": true, \"foot_weakness\": true}",
    "{\"foot_weakness\": true, \"weakness_progressing\": true}",
    "{\"calf_swelling\": true, \"recent_travel_or_immobilisation\": true}",
    "{\"calf_swelling\": true, \"previous_dvt\": true}",
    "{\"calf_swelling\": true}",
    "{\"calf_swelling\": true, \"swelling_behind_knee\": true, \"onset_sudden\": true}",
    "{\"onset_sudden\": true, \"calf_pain\": true, \"calf_swelling\": true}",
    "{\"calf_pain\": true, \"active_cancer\": true}",
    "{\"calf_pain\": true, \"recent_surgery\": true}",
    "{\"trauma\": true, \"age\": 55}",
    "{\"trauma\": true, \"fibular_head_tenderness\": true}",
    "{\"trauma\": true, \"isolated_patella_tenderness\": true}",
    "{\"trauma\": true, \"cannot_flex_90\": true}",
    "{\"trauma\": true, \"age\": 51}",
    "{\"trauma\": true, \"age\": 11}",
    "{\"knee_swelling_rapid\": true}",
    "{\"knee_gave_way_fall\": true}",
    "{\"cannot_bear_weight\": true}",
    "{\"pulsatile_lump\": true}",
    "{\"foot_weakness\": true}",
    "{\"numbness_tingling\": true}",
    "{\"exertional_calf_cramp\": true}",
    "{\"bone_pain_hopping\": true}",
    "{\"pain_at_rest_or_night\": true}",
    "{\"mechanical_symptoms\": true}",
    "{\"swelling_behind_knee\": true, \"symptom_days\": 14}",
    "{\"back_pain_radiating\": true}",
    "{\"symptom_days\": 43}",
    "{\"pain_trend\": \"worsening\"}",
    "{\"pain_trend\": \"persisting\"}",
    "{\"pain_trend\": \"stable\", \"symptom_days\": 21}",
    "{\"pain_now\": 6}",
    "{\"knee_hot_red_swollen\": true}",
    "{\"recent_knee_surgery\": true}",
    "{\"trauma\": true, \"mechanical_symptoms\": true, \"symptom_days\": 30}",
    "{\"swelling_behind_knee\": true, \"swelling_checked\": false}",
    "{\"sciatica_both_legs\": true}",
    "{\"calf_pain\": true, \"combined_pill\": true}",
    /* remedies and their variants */
    "{\"pain_now\": 4}",
    "{\"pain_now\": 6, \"pool_access\": true}",
    "{\"pain_now\": 6, \"pool_access\": false, \"bike_access\": true}",
    "{\"pain_now\": 6, \"pool_access\": false, \"bike_access\": false}",
    "{\"pain_now\": 6, \"pool_access\": false}",
    "{\"pain_now\": 6, \"bike_access\": false}",
    "{\"calf_pain\": true, \"onset_sudden\": true}",
    "{\"pain_side\": \"lateral\", \"pain_resisted_flexion\": true, \"cadence_spm\": 160}",
    "{\"cadence_spm\": 160}",
    "{\"overstriding\": true, \"shoe_km\": 700}",
    "{\"shoe_km\": 600, \"shoe_rotation_pairs\": 1}",
    "{\"hill_or_speed_increase\": true}",
    "{\"pain_trend\": \"improving\"}",
    "{\"pain_trend\": \"stable\"}",
    "{\"symptom_days\": 10, \"pain_now\": 2}",
    "{\"prior_hamstring_strain\": true}",
    "{\"cold_intolerance\": true, \"pain_now\": 5}",
    "{\"age\": 34, \"sex\": \"female\", \"pain_side\": \"lateral\", \"onset_sudden\": false, \"trauma\": false,"
    " \"pain_resisted_flexion\": true, \"hill_or_speed_increase\": true, \"calf_swelling\": false,"
    " \"strength_sessions_per_week\": 0, \"pool_access\": true}",
};
#define NEVIDENCE (sizeof evidence / sizeof *evidence)

/* Pain diaries: none, improving (continue), worsening (stop), stable with
 * a run above 5/10 (reduce_during), persisting (reduce; built in setup). */
static char persisting_diary[2048];
static struct {
    const char *as_of;
    const char *diary;
} diaries[] = {
    {NULL, NULL},
    {"2026-11-14",
     "[{\"date\": \"2026-11-01\", \"during\": 4, \"after\": 4, \"next_morning\": 2},"
     " {\"date\": \"2026-11-04\", \"during\": 4, \"after\": 3, \"next_morning\": 1},"
     " {\"date\": \"2026-11-10\", \"during\": 1, \"after\": 2, \"next_morning\": 0},"
     " {\"date\": \"2026-11-13\", \"during\": 1, \"after\": 1, \"next_morning\": 0}]"},
    {"2026-11-14",
     "[{\"date\": \"2026-11-01\", \"during\": 2, \"after\": 2, \"next_morning\": 1},"
     " {\"date\": \"2026-11-04\", \"during\": 2, \"after\": 3, \"next_morning\": 1},"
     " {\"date\": \"2026-11-10\", \"during\": 4, \"after\": 5, \"next_morning\": 4},"
     " {\"date\": \"2026-11-13\", \"during\": 5, \"after\": 6, \"next_morning\": 4}]"},
    {"2026-11-10",
     "[{\"date\": \"2026-11-08\", \"during\": 7, \"after\": 3, \"next_morning\": 1},"
     " {\"date\": \"2026-11-10\", \"during\": 2, \"after\": 1, \"next_morning\": 0}]"},
    {"2026-11-21", persisting_diary},
};
#define NDIARIES (sizeof diaries / sizeof *diaries)

static void build_persisting_diary(void)
{
    char *p = persisting_diary;
    p += sprintf(p, "[");
    for (int d = 1; d <= 21; d++)
        p += sprintf(p, "%s{\"date\": \"2026-11-%02d\", \"during\": %s}", d > 1 ? ", " : "", d, d <= 7 ? "4" : "3.5");
    sprintf(p, "]");
}

/* ------------------------------------------------------------------ */
/* what the English plain-text pass has seen (coverage of the inputs) */

typedef struct seen {
    char **texts;
    size_t n, cap;
} seen;

static int seen_has(const seen *s, const char *t)
{
    for (size_t i = 0; t && i < s->n; i++)
        if (!strcmp(s->texts[i], t))
            return 1;
    return 0;
}

static void seen_add(seen *s, const char *t)
{
    if (!t || seen_has(s, t))
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->texts = realloc(s->texts, s->cap * sizeof *s->texts);
        cr_assert_not_null(s->texts);
    }
    s->texts[s->n] = strdup(t);
    cr_assert_not_null(s->texts[s->n]);
    s->n++;
}

static void seen_free(seen *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->texts[i]);
    free(s->texts);
}

/* The runner-facing texts of a report: triage level and reasons, plan,
 * pain-trend advice, next question and its rationale, disclaimer. */
typedef struct text_item {
    const char *what;
    const char *text;
} text_item;

static size_t report_texts(const kp_report *r, text_item *out, size_t cap)
{
    size_t n = 0;
#define PUT(w, t)                                      \
    do {                                               \
        const char *t_ = (t);                          \
        if (t_ && n < cap)                             \
            out[n++] = (text_item){(w), t_};           \
    } while (0)
    PUT("level text", kp_report_level_text(r));
    for (size_t i = 0; i < kp_report_reason_count(r); i++)
        PUT(kp_report_reason_rule(r, i), kp_report_reason_text(r, i));
    for (size_t i = 0; i < kp_report_plan_count(r); i++)
        PUT(kp_report_plan_remedy(r, i), kp_report_plan_text(r, i));
    PUT("pain-trend advice", kp_report_pain_trend_advice(r));
    PUT("next question", kp_report_next_question_text(r));
    PUT("next-question rationale", kp_report_next_question_rationale(r));
    PUT("disclaimer", kp_report_disclaimer(r));
#undef PUT
    cr_assert_lt(n, cap, "too many texts");
    return n;
}

Test(texts, third_person_never_addresses_the_runner)
{
    kp_model *m = default_model();
    build_persisting_diary();
    size_t nrules = kp_model_count(m, KP_KIND_RULE);
    int *fired = calloc(nrules, sizeof *fired);
    int levels[KP_LEVEL_COUNT] = {0};
    seen plans = {0}, advice = {0};
    size_t plain_markers[8] = {0}, third_checked[8] = {0}, nloc = kp_model_locale_count(m);
    cr_assert_not_null(fired);
    cr_assert_leq(nloc, 8);
    cr_assert_geq(nloc, 2, "the default model has en and de");

    for (size_t e = 0; e < NEVIDENCE; e++)
        for (size_t d = 0; d < NDIARIES; d++) {
            char doc[4096];
            if (diaries[d].diary)
                snprintf(doc, sizeof doc, "{\"as_of\": \"%s\", \"evidence\": %s, \"pain_diary\": %s}",
                         diaries[d].as_of, evidence[e], diaries[d].diary);
            else
                snprintf(doc, sizeof doc, "{\"evidence\": %s}", evidence[e]);
            kp_session *s = NULL;
            cr_assert_eq(kp_session_from_json(&s, m, doc, strlen(doc)), KP_OK, "%s: %s", doc,
                         kp_error_message());
            for (size_t l = 0; l < nloc; l++)
                for (int third = 0; third <= 1; third++) {
                    const char *locale = kp_model_locale(m, l);
                    kp_options o;
                    cr_assert_eq(kp_options_init(&o, KP_OPTIONS_VERSION), KP_OK);
                    o.locale = locale;
                    o.third_person = third;
                    cr_assert_eq(kp_session_set_options(s, &o), KP_OK, "%s", kp_error_message());
                    kp_report *r = assess(s);
                    text_item items[64];
                    size_t n = report_texts(r, items, 64);
                    for (size_t i = 0; i < n; i++) {
                        const char *w = second_person(items[i].text, locale);
                        if (third) {
                            cr_expect_null(w, "%s, third person: %s text says \"%s\": %s\n  input: %s", locale,
                                           items[i].what, w, items[i].text, doc);
                            third_checked[l]++;
                        } else if (w) {
                            plain_markers[l]++;
                        }
                    }
                    if (!third && !strcmp(locale, "en")) {
                        for (size_t i = 0; i < kp_report_reason_count(r); i++) {
                            size_t k = find_index(m, KP_KIND_RULE, kp_report_reason_rule(r, i));
                            fired[k] = 1;
                        }
                        levels[kp_report_level(r)] = 1;
                        for (size_t i = 0; i < kp_report_plan_count(r); i++)
                            seen_add(&plans, kp_report_plan_text(r, i));
                        seen_add(&advice, kp_report_pain_trend_advice(r));
                    }
                    kp_report_free(r);
                }
            kp_session_free(s);
        }

    /* sanity: the plain texts do address the runner, in every locale we
     * have markers for */
    for (size_t l = 0; l < nloc; l++) {
        const char *locale = kp_model_locale(m, l);
        cr_expect_gt(third_checked[l], 0);
        if (second_person("you Sie", locale))
            cr_expect_gt(plain_markers[l], 0, "%s: no second-person text without third_person", locale);
    }

    /* coverage: every rule fired, every level, every pain advice */
    for (size_t k = 0; k < nrules; k++)
        cr_expect(fired[k], "rule %s never fired by the inputs", kp_model_item_id(m, KP_KIND_RULE, k));
    for (int lv = 0; lv < KP_LEVEL_COUNT; lv++)
        cr_expect(levels[lv], "level %s never reached", kp_level_id(lv));
    static const char *const advice_keys[] = {"pain_advice_continue", "pain_advice_reduce",
                                              "pain_advice_reduce_during", "pain_advice_stop",
                                              "pain_advice_red_flag"};
    for (size_t i = 0; i < sizeof advice_keys / sizeof *advice_keys; i++) {
        const char *t = kp_model_text(m, advice_keys[i], "en", 0);
        cr_expect(t && seen_has(&advice, t), "%s never given", advice_keys[i]);
    }

    /* coverage: every remedy text, variant and level text (from the file) */
    json_error_t err;
    json_t *file = json_load_file(KP_SRCDIR "/models/default.json", 0, &err);
    cr_assert_not_null(file, "models/default.json: %s", err.text);
    size_t i;
    json_t *rem;
    json_array_foreach(json_object_get(file, "remedies"), i, rem) {
        const char *id = json_string_value(json_object_get(rem, "id"));
        const char *t = json_string_value(json_object_get(json_object_get(rem, "text"), "en"));
        cr_expect(seen_has(&plans, t), "remedy %s: text never in a plan", id);
        size_t j;
        json_t *v;
        json_array_foreach(json_object_get(rem, "variants"), j, v) {
            t = json_string_value(json_object_get(json_object_get(v, "text"), "en"));
            if (t)
                cr_expect(seen_has(&plans, t), "remedy %s: variant %zu never in a plan", id, j);
        }
        const char *lv;
        json_object_foreach(json_object_get(rem, "texts_by_level"), lv, v) {
            t = json_string_value(json_object_get(v, "en"));
            cr_expect(seen_has(&plans, t), "remedy %s: %s text never in a plan", id, lv);
        }
    }
    json_decref(file);
    seen_free(&plans);
    seen_free(&advice);
    free(fired);
    kp_model_free(m);
}

/* ------------------------------------------------------------------ */
/* the model file: every text map has every locale; the third-person
 * variants come in pairs and exist wherever a text addresses the runner */

typedef struct map_check {
    const char *const *locales;
    size_t nlocales, maps, third;
} map_check;

/* Texts of the interactive interview address the person at the keyboard
 * (who is the carer in the third person), not the runner. */
static int addresses_the_user(const char *path) { return !strncmp(path, "texts.interview_", 16); }

static int is_text_map(json_t *o)
{
    if (!json_is_object(o) || !json_object_get(o, "en"))
        return 0;
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        if (!json_is_string(v))
            return 0;
    }
    return 1;
}

static void check_maps(json_t *o, const char *path, map_check *c)
{
    char sub[512];
    if (is_text_map(o)) {
        c->maps++;
        for (size_t l = 0; l < c->nlocales; l++) {
            char k3[32];
            snprintf(k3, sizeof k3, "%s-3p", c->locales[l]);
            cr_expect_not_null(json_object_get(o, c->locales[l]), "%s has no '%s' text", path, c->locales[l]);
            int has3 = json_object_get(o, "en-3p") != NULL;
            cr_expect_eq(json_object_get(o, k3) != NULL, has3, "%s: '%s' without its pair", path, k3);
            const char *plain = json_string_value(json_object_get(o, c->locales[l]));
            const char *third = json_string_value(json_object_get(o, k3));
            if (addresses_the_user(path))
                continue;
            if (third)
                cr_expect_null(second_person(third, c->locales[l]), "%s.%s addresses the runner: %s", path, k3,
                               third);
            else if (plain)
                cr_expect_null(second_person(plain, c->locales[l]),
                               "%s.%s addresses the runner but has no '%s' variant: %s", path, c->locales[l], k3,
                               plain);
        }
        c->third += json_object_get(o, "en-3p") != NULL;
        return;
    }
    if (json_is_object(o)) {
        const char *k;
        json_t *v;
        json_object_foreach(o, k, v) {
            snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", k);
            check_maps(v, sub, c);
        }
    } else if (json_is_array(o)) {
        size_t i;
        json_t *v;
        json_array_foreach(o, i, v) {
            const char *id = json_string_value(json_object_get(v, "id"));
            if (id)
                snprintf(sub, sizeof sub, "%s[%s]", path, id);
            else
                snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            check_maps(v, sub, c);
        }
    }
}

Test(texts, every_text_map_has_every_locale)
{
    json_error_t err;
    json_t *file = json_load_file(KP_SRCDIR "/models/default.json", 0, &err);
    cr_assert_not_null(file, "models/default.json: %s", err.text);
    json_t *locs = json_object_get(file, "locales");
    size_t n = json_array_size(locs);
    cr_assert_geq(n, 2);
    const char *locales[8];
    cr_assert_leq(n, 8);
    for (size_t i = 0; i < n; i++)
        locales[i] = json_string_value(json_array_get(locs, i));
    cr_expect_str_eq(locales[0], "en");
    cr_expect_str_eq(locales[1], "de");
    map_check c = {locales, n, 0, 0};
    check_maps(file, "", &c);
    cr_expect_gt(c.maps, 100);
    cr_expect_gt(c.third, 100, "only %zu text maps have third-person variants", c.third);
    json_decref(file);

    /* the model behind the file is the compiled-in default */
    kp_model *m = default_model();
    cr_expect_str_eq(kp_model_text(m, "label_plan", "en", 0), "PLAN");
    cr_expect_str_eq(kp_model_text(m, "label_dose", "de", 1), "Dosis:");
    kp_model_free(m);
}

/* ------------------------------------------------------------------ */
/* the kneepain text report's labels follow the locale */

#ifdef KP_BUILDDIR
static char *run_cli(const char *args, const char *doc)
{
    char in[] = "/tmp/kp-texts-XXXXXX";
    int fd = mkstemp(in);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, doc, strlen(doc)), (ssize_t)strlen(doc));
    close(fd);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s/cli/kneepain' assess '%s' --format text %s", KP_BUILDDIR, in, args);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    size_t k;
    while ((k = fread(out + n, 1, cap - 1 - n, p)) > 0)
        n += k;
    out[n] = '\0';
    cr_assert_eq(pclose(p), 0, "%s failed:\n%s", cmd, out);
    unlink(in);
    return out;
}

Test(texts, text_report_labels)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/cli/kneepain", KP_BUILDDIR);
    if (access(path, X_OK))
        cr_skip_test("no kneepain command at %s", path);
    char *doc = read_text_file(EXAMPLE_INPUT, NULL);
    char *en = run_cli("", doc);
    cr_expect_eq(strncmp(en, "TRIAGE: ", 8), 0, "%.80s", en);
    /* the example stops before every warning sign was asked: the signs
     * come right after the level text, before the plan */
    const char *unchecked = strstr(en, "\n  Warning signs not checked yet:\n  - ");
    cr_expect(unchecked && unchecked < strstr(en, "\nPLAN\n"), "%.400s", en);
    for (const char *l = "\nPAIN DIARY\n\0  Next run: \0\nPLAN\n\0    because: \0\nCONTRIBUTING CAUSES (score 0..1)\n\0"
                         "\nLIKELY CONDITIONS (probability)\n\0\nTRAINING LOAD\n\0  last 7 days: \0"
                         "\nNEXT QUESTION\n\0";
         *l; l += strlen(l) + 1)
        cr_expect_not_null(strstr(en, l), "English report lacks '%s'", l);
    char *de = run_cli("--locale de --triage-changes", doc);
    cr_expect_eq(strncmp(de, "DRINGLICHKEIT: ", 15), 0, "%.80s", de);
    for (const char *l = "\nSCHMERZTAGEBUCH\n\0\nPLAN\n\0    weil: \0\nMÖGLICHE URSACHEN (Wert 0..1)\n\0"
                         "\nMÖGLICHE ERKRANKUNGEN (Wahrscheinlichkeit)\n\0\nTRAININGSBELASTUNG\n\0"
                         "  letzte 7 Tage: \0\nNÄCHSTE FRAGE\n\0\nWAS DIE DRINGLICHKEIT ÄNDERN WÜRDE\n\0"
                         "  hochstufen auf \0";
         *l; l += strlen(l) + 1)
        cr_expect_not_null(strstr(de, l), "German report lacks '%s'", l);
    cr_expect_null(strstr(de, "dose:"));
    cr_expect_null(strstr(de, "because:"));
    free(de);
    free(en);

    /* third person (options in the document): the whole report, item
     * names included, talks about the runner */
    static const char *const opts[] = {"{\"locale\": \"en\", \"third_person\": true}",
                                       "{\"locale\": \"de\", \"third_person\": true}"};
    for (size_t i = 0; i < 2; i++) {
        json_t *d = json_loads(doc, 0, NULL);
        cr_assert_not_null(d);
        json_object_set_new(d, "options", json_loads(opts[i], 0, NULL));
        json_object_set_new(json_object_get(d, "evidence"), "shoe_rotation_pairs", json_integer(1));
        char *text = json_dumps(d, 0);
        char *out = run_cli("--triage-changes", text);
        const char *locale = i ? "de" : "en";
        for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
            cr_expect_null(second_person(line, locale), "%s third person: \"%s\"", locale, line);
        free(out);
        free(text);
        json_decref(d);
    }
    free(doc);
}
#endif
