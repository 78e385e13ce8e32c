/*
 * cmd_vignettes.c - `kneepain vignettes FILE [--format text|json]
 * [--model FILE] [--strict]`: run a vignette file, print accuracy, triage
 * rates and every failure.  Exit status 1 on any red-flag under-triage (any
 * failure with --strict), 2 on bad input.
 */
#include "commands.h"
#include "util.h"

#include <jansson.h>
#include <kneepain.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double pct(size_t a, size_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

static void print_text(const char *json, const kp_vignette_summary *s)
{
    printf("vignettes: %zu run, %zu failed\n", s->total, s->failed);
    printf("top-1 accuracy: %zu/%zu (%.1f%%)\n", s->top1, s->ranked, pct(s->top1, s->ranked));
    printf("top-3 accuracy: %zu/%zu (%.1f%%)\n", s->top3, s->ranked, pct(s->top3, s->ranked));
    printf("exact triage:   %zu/%zu (%.1f%%)\n", s->triage_exact, s->total,
           pct(s->triage_exact, s->total));
    printf("under-triage:   %zu (%.1f%%)\n", s->under_triage, pct(s->under_triage, s->total));
    printf("over-triage:    %zu (%.1f%%)\n", s->over_triage, pct(s->over_triage, s->total));
    printf("red-flag under-triage: %zu\n", s->red_flag_under);
    json_t *root = json_loads(json, 0, NULL);
    json_t *fails = json_object_get(root, "failures");
    size_t i;
    json_t *f;
    json_array_foreach(fails, i, f) {
        /* the ID comes from the vignette file */
        fputs("\nFAIL ", stdout);
        cli_put_safe(stdout, json_string_value(json_object_get(f, "id")));
        printf(" (triage %s)%s\n", json_string_value(json_object_get(f, "level")),
               json_is_true(json_object_get(f, "red_flag_under_triage")) ? " RED-FLAG UNDER-TRIAGE" : "");
        size_t j;
        json_t *p;
        json_array_foreach(json_object_get(f, "problems"), j, p) {
            fputs("  - ", stdout);
            cli_put_safe(stdout, json_string_value(p));
            putchar('\n');
        }
    }
    json_decref(root);
}

int cmd_vignettes(int argc, char **argv)
{
    const char *file = NULL, *format = "text", *model_path = NULL;
    int strict = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "--format") || !strcmp(a, "--model")) && i + 1 >= argc) {
            cli_errorf("kneepain vignettes: %s needs a value", a);
            return KP_EXIT_BADINPUT;
        }
        if (!strcmp(a, "--format")) format = argv[++i];
        else if (!strcmp(a, "--model")) model_path = argv[++i];
        else if (!strcmp(a, "--strict")) strict = 1;
        else if (a[0] == '-' && a[1] == '-') {
            cli_errorf("kneepain vignettes: unknown option '%s'", a);
            return KP_EXIT_BADINPUT;
        } else if (!file) file = a;
        else {
            cli_errorf("kneepain vignettes: more than one vignette file");
            return KP_EXIT_BADINPUT;
        }
    }
    if (!file) {
        cli_errorf("kneepain vignettes: a vignette file is required");
        return KP_EXIT_BADINPUT;
    }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        cli_errorf("kneepain vignettes: --format must be text or json");
        return KP_EXIT_BADINPUT;
    }
    kp_model *model;
    int rc = model_path ? kp_model_load_file(&model, model_path) : kp_model_default(&model);
    if (rc)
        return cli_fail(model_path ? model_path : "default model", rc);
    size_t size;
    char *text = cli_read_file(file, &size);
    if (!text) {
        kp_model_free(model);
        return KP_EXIT_BADINPUT;
    }
    kp_vignette_summary s = {KP_VIGNETTE_SUMMARY_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    char *json = NULL;
    int exit_code = KP_EXIT_OK;
    rc = kp_vignettes_run(model, text, size, &s, &json);
    if (rc)
        exit_code = cli_fail(file, rc);
    else {
        if (!strcmp(format, "json"))
            printf("%s\n", json);
        else
            print_text(json, &s);
        if (s.red_flag_under || (strict && s.failed))
            exit_code = KP_EXIT_ERROR;
    }
    kp_free(json);
    free(text);
    kp_model_free(model);
    return exit_code;
}
