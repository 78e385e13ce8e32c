/*
 * cmd_assess.c - `kneepain assess [FILE|-] [--format text|json]
 * [--model FILE] [--log FILE]... [--locale LL] [--triage-changes]`.
 * Nothing is written to stdout unless the whole assessment succeeded.
 */
#include "commands.h"
#include "text_report.h"
#include "util.h"

#include <errno.h>
#include <kneepain.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LOGS 64

int cmd_assess(int argc, char **argv)
{
    const char *input = "-", *format = "text", *model_path = NULL, *locale = NULL;
    const char *logs[MAX_LOGS];
    size_t nlogs = 0;
    int have_input = 0, triage_changes = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "--format") || !strcmp(a, "--model") || !strcmp(a, "--log") ||
             !strcmp(a, "--locale")) && i + 1 >= argc) {
            cli_errorf("kneepain assess: %s needs a value", a);
            return KP_EXIT_BADINPUT;
        }
        if (!strcmp(a, "--triage-changes")) triage_changes = 1;
        else if (!strcmp(a, "--format")) format = argv[++i];
        else if (!strcmp(a, "--model")) model_path = argv[++i];
        else if (!strcmp(a, "--locale")) locale = argv[++i];
        else if (!strcmp(a, "--log")) {
            if (nlogs == MAX_LOGS) {
                cli_errorf("kneepain assess: at most %d --log files", MAX_LOGS);
                return KP_EXIT_BADINPUT;
            }
            logs[nlogs++] = argv[++i];
        } else if (a[0] == '-' && a[1] == '-') {
            cli_errorf("kneepain assess: unknown option '%s'", a);
            return KP_EXIT_BADINPUT;
        } else if (!have_input) {
            input = a;
            have_input = 1;
        } else {
            cli_errorf("kneepain assess: more than one input file");
            return KP_EXIT_BADINPUT;
        }
    }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        cli_errorf("kneepain assess: --format must be text or json");
        return KP_EXIT_BADINPUT;
    }
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
    if (!exit_code && !strcmp(format, "json") && (rc = kp_report_to_json(r, flags, &json)))
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
