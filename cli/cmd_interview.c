/*
 * cmd_interview.c - `kneepain interview`: an adaptive questionnaire in the
 * terminal.  Asks the next question with its choices, accepts answers
 * (including "don't know"), shows the triage after each answer, stops when
 * the library says so (nothing useful left, budget, red flag) or at EOF /
 * "q", then prints the report.  With --format json the conversation goes to
 * stderr so that stdout holds only the report.
 */
#include "atomic_file.h"
#include "commands.h"
#include "options.h"
#include "text_report.h"
#include "util.h"

#include <kneepain.h>
#include <ctype.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_LIST 64
#define CLI_MAX_BUDGET 1000000000L

typedef struct ui {
    FILE *out;
    const kp_model *m;
    const char *locale;
    int third_person;
} ui;

/* UI strings: the model's texts, else these (English, German). */
static const struct {
    const char *key, *en, *de;
} builtin[] = {
    {"interview_intro", "Answer each question. Type ? if you do not know, q to finish.",
     "Beantworten Sie jede Frage. ? wenn Sie es nicht wissen, q zum Beenden."},
    {"interview_yes_no", "[y]es / [n]o / [?] don't know", "[j]a / [n]ein / [?] weiß nicht"},
    {"interview_choose", "Type the number of your answer, or ? if you don't know.",
     "Nummer der Antwort eingeben, oder ? wenn Sie es nicht wissen."},
    {"interview_number", "Type a number, or ? if you don't know.",
     "Zahl eingeben, oder ? wenn Sie es nicht wissen."},
    {"interview_invalid", "Sorry, that is not one of the possible answers.",
     "Das ist leider keine der möglichen Antworten."},
    {"interview_why", "Why:", "Warum:"},
    {"interview_together", "Asked together:", "Zusammen gefragt:"},
    {"interview_triage_now", "Triage now:", "Einstufung jetzt:"},
    {"interview_red_flag", "WARNING SIGN - please act on this now:",
     "WARNZEICHEN - bitte jetzt danach handeln:"},
    {"interview_stop_budget", "That was the last question of this interview.",
     "Das war die letzte Frage dieses Interviews."},
    {"interview_stop_done", "No further question would change the result much.",
     "Weitere Fragen würden das Ergebnis kaum ändern."},
    {"interview_stop_emergency",
     "This is an emergency, so no more questions are asked: act on the advice above now.",
     "Das ist ein Notfall, deshalb werden keine weiteren Fragen gestellt: jetzt nach dem Rat oben handeln."},
    {"interview_whatif_raise", "These answers would make it more urgent:",
     "Diese Antworten würden es dringender machen:"},
    {"interview_whatif_lower", "These changed answers would make it less urgent:",
     "Diese geänderten Antworten würden es weniger dringend machen:"},
    {NULL, NULL, NULL}};

static const char *ui_text(const ui *u, const char *key)
{
    const char *t = kp_model_text(u->m, key, u->locale, u->third_person);
    if (t)
        return t;
    const char *loc = u->locale ? u->locale : kp_model_locale(u->m, 0);
    for (size_t i = 0; builtin[i].key; i++)
        if (!strcmp(builtin[i].key, key))
            return loc && !strncmp(loc, "de", 2) ? builtin[i].de : builtin[i].en;
    return key;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int is_one_of(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (!strcasecmp(s, *words))
            return 1;
    return 0;
}

static const char *const dont_know_words[] = {"?", "dk", "don't know", "dont know", "unknown",
                                              "weiß nicht", "weiss nicht", "-", NULL};
static const char *const yes_words[] = {"y", "yes", "j", "ja", "true", "1", NULL};
static const char *const no_words[] = {"n", "no", "nein", "false", "0", NULL};
static const char *const quit_words[] = {"q", "quit", "exit", "stop", NULL};

enum { ANS_OK, ANS_INVALID, ANS_QUIT, ANS_EOF, ANS_ERROR };

static void show_question(const ui *u, const kp_report *r, size_t number)
{
    const char *f = kp_report_next_question(r);
    size_t idx;
    kp_model_find(u->m, KP_KIND_FINDING, f, &idx);
    fprintf(u->out, "\n%zu. %s\n", number, kp_report_next_question_text(r));
    const char *why = kp_report_next_question_rationale(r);
    if (why && *why)
        fprintf(u->out, "   (%s %s)\n", ui_text(u, "interview_why"), why);
    int type = kp_model_finding_type(u->m, idx);
    if (type == KP_TYPE_BOOL) {
        fprintf(u->out, "   %s\n", ui_text(u, "interview_yes_no"));
    } else if (type == KP_TYPE_CHOICE) {
        size_t n = kp_model_finding_choice_count(u->m, idx);
        for (size_t c = 0; c < n; c++)
            fprintf(u->out, "   %zu) %s\n", c + 1,
                    kp_model_finding_choice_text(u->m, idx, c, u->locale, u->third_person));
        fprintf(u->out, "   %s\n", ui_text(u, "interview_choose"));
    } else {
        double lo, hi;
        kp_model_finding_range(u->m, idx, &lo, &hi);
        fprintf(u->out, "   %s (%g..%g)\n", ui_text(u, "interview_number"), lo, hi);
    }
    fputs("> ", u->out);
    fflush(u->out);
}

/* Read and apply one answer to finding f. */
static int answer(const ui *u, kp_interview *iv, const char *f, FILE *in)
{
    char line[256];
    if (!fgets(line, sizeof line, in))
        return ANS_EOF;
    char *a = trim(line);
    /* echo a piped answer (escaped: it is whatever the pipe carried) */
    if (!isatty(fileno(in))) {
        cli_put_safe(u->out, a);
        fputc('\n', u->out);
    }
    if (is_one_of(a, quit_words))
        return ANS_QUIT;
    if (is_one_of(a, dont_know_words))
        return kp_interview_answer_unknown(iv, f) ? ANS_ERROR : ANS_OK;
    size_t idx;
    kp_model_find(u->m, KP_KIND_FINDING, f, &idx);
    int type = kp_model_finding_type(u->m, idx);
    int rc;
    if (type == KP_TYPE_BOOL) {
        if (is_one_of(a, yes_words))
            rc = kp_interview_answer_bool(iv, f, 1);
        else if (is_one_of(a, no_words))
            rc = kp_interview_answer_bool(iv, f, 0);
        else
            return ANS_INVALID;
    } else if (type == KP_TYPE_CHOICE) {
        size_t n = kp_model_finding_choice_count(u->m, idx);
        char *end;
        long k = strtol(a, &end, 10);
        const char *choice = NULL;
        if (*a && !*end && k >= 1 && (size_t)k <= n)
            choice = kp_model_finding_choice_id(u->m, idx, (size_t)k - 1);
        for (size_t c = 0; !choice && c < n; c++)
            if (!strcasecmp(a, kp_model_finding_choice_id(u->m, idx, c)))
                choice = kp_model_finding_choice_id(u->m, idx, c);
        if (!choice)
            return ANS_INVALID;
        rc = kp_interview_answer_choice(iv, f, choice);
    } else {
        char *end;
        double v = strtod(a, &end);
        if (!*a || *end)
            return ANS_INVALID;
        rc = kp_interview_answer_number(iv, f, v);
    }
    if (rc == KP_ERANGE)
        return ANS_INVALID;
    return rc ? ANS_ERROR : ANS_OK;
}

static void show_triage(const ui *u, const kp_report *r)
{
    fprintf(u->out, "   %s %s\n", ui_text(u, "interview_triage_now"), kp_level_id(kp_report_level(r)));
}

static void show_red_flag(const ui *u, const kp_report *r)
{
    char key[64];
    snprintf(key, sizeof key, "level_%s", kp_level_id(kp_report_level(r)));
    fprintf(u->out, "\n*** %s %s\n", ui_text(u, "interview_red_flag"), kp_level_id(kp_report_level(r)));
    const char *lt = kp_model_text(u->m, key, u->locale, u->third_person);
    if (lt)
        fprintf(u->out, "    %s\n", lt);
    for (size_t i = 0; i < kp_report_reason_count(r); i++)
        fprintf(u->out, "    - %s\n", kp_report_reason_text(r, i));
}

/* What would change the triage, most useful entries first (text). */
static void show_whatif(const ui *u, const kp_report *r, FILE *out)
{
    kp_whatif *w = NULL;
    if (kp_report_triage_changes(r, &w))
        return;
    for (int dir = 1; dir >= -1; dir -= 2) {
        int shown = 0;
        for (size_t i = 0; i < kp_whatif_count(w) && shown < 6; i++) {
            if (kp_whatif_direction(w, i) != dir)
                continue;
            if (!shown++)
                fprintf(out, "\n%s\n", ui_text(u, dir > 0 ? "interview_whatif_raise" : "interview_whatif_lower"));
            fprintf(out, "  %s:", kp_level_id(kp_whatif_level(w, i)));
            for (size_t j = 0; j < kp_whatif_answer_count(w, i); j++)
                fprintf(out, "%s %s %s", j ? "," : "", kp_whatif_answer_finding(w, i, j),
                        kp_whatif_answer_test(w, i, j));
            fputc('\n', out);
        }
    }
    kp_whatif_free(w);
}

enum {
    OPT_FORMAT, OPT_BUDGET, OPT_EXCLUDE, OPT_COST, OPT_LOCALE, OPT_THIRD_PERSON, OPT_RESUME,
    OPT_SAVE, OPT_LOG, OPT_MODEL, OPT_NO_RED_FLAG_STOP, OPT_COUNT
};

static const cli_option interview_options[] = {
    [OPT_FORMAT] = {"format", 0, "FORMAT", "text|json",
                    "text (the default): the report in words at the end;\n"
                    "json: the report document on stdout, the questions on stderr.",
                    "kneepain interview --format=json > report.json"},
    [OPT_BUDGET] = {"budget", 0, "N", NULL,
                    "Ask at most N questions (0 to 1000000000; 0 asks none).",
                    "kneepain interview --budget 10"},
    [OPT_EXCLUDE] = {"exclude", 0, "FINDING", NULL,
                     "Never ask this finding's question (repeatable).",
                     "kneepain interview --exclude age"},
    [OPT_COST] = {"cost", 0, "FINDING=COST", NULL,
                  "Cost of asking this finding (> 0): its information gain is divided\n"
                  "by it, so a dearer question comes later.  Repeatable.",
                  "kneepain interview --cost age=2.5"},
    [OPT_LOCALE] = {"locale", 0, "LL", NULL,
                    "Language of the questions and the report (a locale of the model).",
                    "kneepain interview --locale de"},
    [OPT_THIRD_PERSON] = {"third-person", 0, NULL, NULL,
                          "Ask about someone else (\"Does the runner ...\"), e.g. for a coach.",
                          "kneepain interview --third-person"},
    [OPT_RESUME] = {"resume", 0, "FILE", NULL,
                    "Continue an interview saved with --save (not with an input FILE).",
                    "kneepain interview --resume saved.json"},
    [OPT_SAVE] = {"save", 0, "FILE", NULL,
                  "At the end, save the interview to FILE (replaced atomically).",
                  "kneepain interview --save saved.json"},
    [OPT_LOG] = {"log", 0, "FILE", NULL,
                 CLI_HELP_LOG,
                 "kneepain interview --log activities.csv"},
    [OPT_MODEL] = {"model", 0, "FILE", NULL,
                   CLI_HELP_MODEL,
                   "kneepain interview --model my-model.json"},
    [OPT_NO_RED_FLAG_STOP] = {"no-red-flag-stop", 0, NULL, NULL,
                              "Keep asking after a red flag (the red flag still decides the\n"
                              "triage).",
                              "kneepain interview --no-red-flag-stop"},
    [OPT_COUNT] = {NULL, 0, NULL, NULL, NULL, NULL}};

const cli_command cli_cmd_interview = {
    "interview", "[FILE]", "ask the most useful questions one at a time",
    "Ask the most useful questions one at a time in the terminal (red-flag\n"
    "screens first), starting from the answers in FILE if given; ? answers\n"
    "\"don't know\", q finishes; the report is printed at the end.",
    interview_options, cmd_interview};

/* Returns 1 to go on, or 0 with the exit status in *status. */
static int parse_args(int argc, char **argv, const char **opt, kp_interview_options *io,
                      const char **excl, size_t *nexcl, const char **costs, size_t *ncosts,
                      const char **logs, size_t *nlogs, int *third, int *status)
{
    /* opt: 0 input, 1 format, 2 model, 3 locale, 4 resume, 5 save */
    static const int slot[OPT_COUNT] = {[OPT_FORMAT] = 1, [OPT_MODEL] = 2, [OPT_LOCALE] = 3,
                                        [OPT_RESUME] = 4, [OPT_SAVE] = 5};
    cli_parser p;
    cli_parser_init(&p, &cli_cmd_interview, argc, argv);
    *status = KP_EXIT_BADINPUT;
    int which;
    while ((which = cli_next(&p)) >= 0) {
        const char **list = which == OPT_EXCLUDE ? excl : which == OPT_COST ? costs : logs;
        size_t *n = which == OPT_EXCLUDE ? nexcl : which == OPT_COST ? ncosts : nlogs;
        switch (which) {
        case OPT_THIRD_PERSON: *third = 1; break;
        case OPT_NO_RED_FLAG_STOP: io->stop_on_red_flag = 0; break;
        case OPT_BUDGET:
            /* the same bound as an input document's interview.budget */
            if (!cli_parse_whole("--budget", p.value, 0, CLI_MAX_BUDGET, &io->budget))
                return 0;
            break;
        case OPT_EXCLUDE:
        case OPT_COST:
        case OPT_LOG:
            if (*n == MAX_LIST) {
                cli_errorf("kneepain interview: too many --%s options",
                           interview_options[which].name);
                return 0;
            }
            list[(*n)++] = p.value;
            break;
        default: opt[slot[which]] = p.value; break;
        }
    }
    if (which != CLI_END) {
        *status = cli_stop_status(which);
        return 0;
    }
    if (argc - p.optind > 1) {
        cli_usage_error(&cli_cmd_interview, "more than one input file");
        return 0;
    }
    if (p.optind < argc)
        opt[0] = argv[p.optind];
    if (opt[0] && opt[4]) {
        cli_usage_error(&cli_cmd_interview, "give an input file or --resume, not both");
        return 0;
    }
    return 1;
}

static int setup(kp_model *model, const char **opt, const kp_interview_options *io,
                 kp_session **s, kp_interview **iv)
{
    int rc;
    if (opt[4]) {
        size_t size;
        char *text = cli_read_file(opt[4], &size);
        if (!text)
            return KP_EXIT_BADINPUT;
        kp_restore *info = NULL;
        rc = kp_interview_restore_json(iv, s, model, text, size, &info);
        free(text);
        if (rc)
            return cli_fail(opt[4], rc);
        if (kp_restore_model_changed(info))
            cli_errorf("kneepain interview: %s was saved with model %s %s, now %s %s", opt[4],
                    kp_restore_saved_model_id(info) ? kp_restore_saved_model_id(info) : "?",
                    kp_restore_saved_model_version(info) ? kp_restore_saved_model_version(info) : "?",
                    kp_model_id(model), kp_model_version(model));
        for (size_t i = 0; i < kp_restore_dropped_count(info); i++)
            cli_errorf("kneepain interview: dropped saved answer '%s': %s",
                    kp_restore_dropped_finding(info, i), kp_restore_dropped_reason(info, i));
        kp_restore_free(info);
        return KP_EXIT_OK;
    }
    if (opt[0]) {
        size_t size;
        char *text = cli_read_file(opt[0], &size);
        if (!text)
            return KP_EXIT_BADINPUT;
        rc = kp_session_from_json(s, model, text, size);
        free(text);
        if (rc)
            return cli_fail(opt[0], rc);
    } else if ((rc = kp_session_new(s, model))) {
        return cli_fail("session", rc);
    }
    if ((rc = kp_interview_new(iv, *s, io)))
        return cli_fail("interview", rc);
    return KP_EXIT_OK;
}

int cmd_interview(int argc, char **argv)
{
    const char *opt[6] = {NULL, "text", NULL, NULL, NULL, NULL};
    const char *excl[MAX_LIST], *costs[MAX_LIST], *logs[MAX_LIST];
    size_t nexcl = 0, ncosts = 0, nlogs = 0;
    int third = 0;
    kp_interview_options io = KP_INTERVIEW_OPTIONS_INIT;
    int status;
    if (!parse_args(argc, argv, opt, &io, excl, &nexcl, costs, &ncosts, logs, &nlogs, &third,
                    &status))
        return status;
    kp_model *model;
    int rc = opt[2] ? kp_model_load_file(&model, opt[2]) : kp_model_default(&model);
    if (rc)
        return cli_fail(opt[2] ? opt[2] : "default model", rc);
    kp_session *s = NULL;
    kp_interview *iv = NULL;
    kp_report *r = NULL;
    int exit_code = setup(model, opt, &io, &s, &iv);
    if (!exit_code && (opt[3] || third)) {
        kp_options o = KP_OPTIONS_INIT;
        o.locale = opt[3];
        o.third_person = third;
        if ((rc = kp_session_set_options(s, &o)))
            exit_code = cli_fail("--locale", rc);
    }
    for (size_t i = 0; !exit_code && i < nlogs; i++) {
        kp_import_options imp = KP_IMPORT_OPTIONS_INIT;
        if ((rc = kp_session_import_file(s, logs[i], &imp)))
            exit_code = cli_fail(logs[i], rc);
    }
    for (size_t i = 0; !exit_code && i < nexcl; i++)
        if ((rc = kp_interview_exclude(iv, excl[i], 1)))
            exit_code = cli_fail("--exclude", rc);
    for (size_t i = 0; !exit_code && i < ncosts; i++) {
        char name[128];
        const char *eq = strchr(costs[i], '=');
        double c;
        if (!eq || (size_t)(eq - costs[i]) >= sizeof name || eq == costs[i]) {
            cli_errorf("kneepain interview: --cost expects FINDING=COST");
            exit_code = KP_EXIT_BADINPUT;
            break;
        }
        /* the library checks the range (> 0) and names the finding */
        if (!cli_parse_number("--cost", eq + 1, -DBL_MAX, DBL_MAX, &c)) {
            exit_code = KP_EXIT_BADINPUT;
            break;
        }
        memcpy(name, costs[i], (size_t)(eq - costs[i]));
        name[eq - costs[i]] = '\0';
        if ((rc = kp_interview_set_cost(iv, name, c)))
            exit_code = cli_fail("--cost", rc);
    }

    ui u = {!strcmp(opt[1], "json") ? stderr : stdout, model, opt[3], third};
    if (!exit_code)
        fprintf(u.out, "%s\n", ui_text(&u, "interview_intro"));
    size_t number = kp_interview_asked_count(iv ? iv : NULL);
    const char *last_group = NULL;
    while (!exit_code) {
        if ((rc = kp_interview_assess(iv, &r))) {
            exit_code = cli_fail("assess", rc);
            break;
        }
        if (kp_report_should_stop(r)) {
            const char *why = kp_report_stop_reason(r);
            if (!strcmp(why, "red_flag")) {
                show_red_flag(&u, r);
            } else if (!strcmp(why, "emergency")) {
                show_red_flag(&u, r);
                fprintf(u.out, "\n%s\n", ui_text(&u, "interview_stop_emergency"));
            } else
                fprintf(u.out, "\n%s\n", ui_text(&u, !strcmp(why, "budget") ? "interview_stop_budget"
                                                                          : "interview_stop_done"));
            break;
        }
        const char *group = kp_report_next_question_group(r);
        if (group && (!last_group || strcmp(group, last_group))) {
            fprintf(u.out, "\n%s", ui_text(&u, "interview_together"));
            for (size_t i = 0; i < kp_report_next_question_group_count(r); i++)
                fprintf(u.out, " %s", kp_report_next_question_group_finding(r, i));
            fputc('\n', u.out);
        }
        last_group = group;
        char finding[128];
        snprintf(finding, sizeof finding, "%s", kp_report_next_question(r));
        int st;
        do {
            show_question(&u, r, number + 1);
            st = answer(&u, iv, finding, stdin);
            if (st == ANS_INVALID)
                fprintf(u.out, "   %s\n", ui_text(&u, "interview_invalid"));
        } while (st == ANS_INVALID);
        if (st == ANS_ERROR) {
            exit_code = cli_fail(finding, kp_error_code());
            break;
        }
        if (st == ANS_EOF || st == ANS_QUIT) {
            fputc('\n', u.out);
            break;
        }
        number++;
        kp_report_free(r);
        r = NULL;
        if ((rc = kp_interview_assess(iv, &r))) {
            exit_code = cli_fail("assess", rc);
            break;
        }
        show_triage(&u, r);
        kp_report_free(r);
        r = NULL;
    }
    kp_report_free(r);
    r = NULL;
    if (!exit_code && (rc = kp_interview_assess(iv, &r)))
        exit_code = cli_fail("assess", rc);
    if (!exit_code) {
        char *json = NULL;
        if (!strcmp(opt[1], "json")) {
            if ((rc = kp_report_to_json(r, KP_JSON_PRETTY | KP_JSON_TRIAGE_CHANGES, &json)))
                exit_code = cli_fail("json", rc);
            else
                printf("%s\n", json);
        } else {
            fputc('\n', stdout);
            print_text_report(stdout, r, model, s, 0);
            show_whatif(&u, r, stdout);
        }
        kp_free(json);
    }
    if (!exit_code && opt[5]) {
        char *saved = NULL;
        if ((rc = kp_interview_to_json(iv, &saved)))
            exit_code = cli_fail("--save", rc);
        else {
            /* a text file ends in a newline; the library's string has none */
            size_t len = strlen(saved);
            char *text = malloc(len + 2);
            if (!text) {
                cli_errorf("kneepain interview: out of memory");
                exit_code = KP_EXIT_ERROR;
            } else {
                memcpy(text, saved, len);
                text[len] = '\n';
                if (cli_atomic_write(opt[5], text, len + 1))
                    exit_code = KP_EXIT_ERROR;
                free(text);
            }
        }
        kp_free(saved);
    }
    kp_report_free(r);
    kp_interview_free(iv);
    kp_session_free(s);
    kp_model_free(model);
    return exit_code;
}
