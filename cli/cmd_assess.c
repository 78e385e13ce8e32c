/*
 * cmd_assess.c - `kneepain assess [OPTION]... [FILE|-]` (options in
 * assess_options below).
 * Nothing is written to stdout unless the whole assessment succeeded.
 */
#include "commands.h"
#include "options.h"
#include "text_report.h"
#include "util.h"

#include <errno.h>
#include <kneepain.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LOGS 64

enum { OPT_FORMAT, OPT_MODEL, OPT_LOG, OPT_LOCALE, OPT_TRIAGE_CHANGES, OPT_COUNT };

static const cli_option assess_options[] = {
    [OPT_FORMAT] = {"format", 0, "FORMAT", "text|json",
                    "text (the default): the report in words, triage first;\n"
                    "json: the report document \"kneepain-report/1\" for programs.",
                    "kneepain assess --format=json input.json > report.json"},
    [OPT_MODEL] = {"model", 0, "FILE", NULL,
                   CLI_HELP_MODEL,
                   "kneepain assess --model my-model.json input.json"},
    [OPT_LOG] = {"log", 0, "FILE", NULL,
                 CLI_HELP_LOG,
                 "kneepain assess --log activities.csv input.json"},
    [OPT_LOCALE] = {"locale", 0, "LL", NULL,
                    "Language of the report's texts (one of the model's locales).",
                    "kneepain assess --locale de input.json"},
    [OPT_TRIAGE_CHANGES] = {"triage-changes", 0, NULL, NULL,
                            "Also list the smallest sets of answers that would make the\n"
                            "triage more or less urgent.",
                            "kneepain assess --triage-changes input.json"},
    [OPT_COUNT] = {NULL, 0, NULL, NULL, NULL, NULL}};

const cli_command cli_cmd_assess = {
    "assess", "[FILE|-]", "assess an input document (default: stdin)",
    "Assess an input document in JSON (standard input when FILE is - or missing)\n"
    "and print the triage, the plan, the likely causes and conditions.",
    assess_options, cmd_assess};

int cmd_assess(int argc, char **argv)
{
    const char *input = "-", *model_path = NULL, *locale = NULL;
    const char *logs[MAX_LOGS];
    size_t nlogs = 0;
    int json_format = 0, triage_changes = 0;
    cli_parser p;
    cli_parser_init(&p, &cli_cmd_assess, argc, argv);
    int which;
    while ((which = cli_next(&p)) >= 0) {
        switch (which) {
        case OPT_FORMAT: json_format = p.choice == 1; break;
        case OPT_MODEL: model_path = p.value; break;
        case OPT_LOCALE: locale = p.value; break;
        case OPT_TRIAGE_CHANGES: triage_changes = 1; break;
        case OPT_LOG:
            if (nlogs == MAX_LOGS) {
                cli_errorf("kneepain assess: at most %d --log files", MAX_LOGS);
                return KP_EXIT_BADINPUT;
            }
            logs[nlogs++] = p.value;
            break;
        }
    }
    if (which != CLI_END)
        return cli_stop_status(which);
    if (p.optind < argc)
        input = argv[p.optind];
    if (argc - p.optind > 1)
        return cli_usage_error(&cli_cmd_assess, "more than one input file");
    kp_model *model;
    int rc = model_path ? kp_model_load_file(&model, model_path) : kp_model_default(&model);
    if (rc)
        return cli_fail(model_path ? model_path : "default model", rc);
    size_t size;
    char *text = cli_read_file(input, &size);
    if (!text) {
        kp_model_free(model);
        return KP_EXIT_BADINPUT;
    }
    kp_session *s = NULL;
    kp_report *r = NULL;
    char *json = NULL;
    int exit_code = KP_EXIT_OK;
    unsigned flags = KP_JSON_PRETTY | (triage_changes ? KP_JSON_TRIAGE_CHANGES : 0);
    /* the session keeps the document's "interview" member, so logs and a
     * locale added here give the answer kp_assess_json() would */
    rc = kp_session_from_json(&s, model, text, size);
    if (rc)
        exit_code = cli_fail(strcmp(input, "-") ? input : "stdin", rc);
    for (size_t i = 0; !exit_code && i < nlogs; i++) {
        kp_import_options io = KP_IMPORT_OPTIONS_INIT;
        if ((rc = kp_session_import_file(s, logs[i], &io)))
            exit_code = cli_fail(logs[i], rc);
    }
    if (!exit_code && locale) {
        kp_options o = KP_OPTIONS_INIT;
        o.locale = locale;
        if ((rc = kp_session_set_options(s, &o)))
            exit_code = cli_fail("--locale", rc);
    }
    if (!exit_code && (rc = kp_session_assess(s, &r)))
        exit_code = cli_fail("assess", rc);
    if (!exit_code && json_format && (rc = kp_report_to_json(r, flags, &json)))
        exit_code = cli_fail("json", rc);
    if (!exit_code) {
        if (json)
            printf("%s\n", json);
        else
            print_text_report(stdout, r, model, s, triage_changes);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_errorf("kneepain: cannot write the report: %s", strerror(errno));
            exit_code = KP_EXIT_ERROR;
        }
    }
    kp_free(json);
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(model);
    free(text);
    return exit_code;
}
