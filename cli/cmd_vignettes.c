/*
 * cmd_vignettes.c - `kneepain vignettes [OPTION]... FILE` (options in
 * vignettes_options below): run a vignette file, print accuracy, triage
 * rates and every failure.  Exit status 1 on any red-flag under-triage (any
 * failure with --strict), 2 on bad input.
 */
#include "commands.h"
#include "options.h"
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

enum { OPT_FORMAT, OPT_MODEL, OPT_STRICT, OPT_COUNT };

static const cli_option vignettes_options[] = {
    [OPT_FORMAT] = {"format", 0, "FORMAT", "text|json",
                    "text (the default): accuracy, triage rates and every failure;\n"
                    "json: the same as a JSON document.",
                    "kneepain vignettes --format=json tests/vignettes/core.json"},
    [OPT_MODEL] = {"model", 0, "FILE", NULL,
                   "Run the vignettes against this model file instead of the built-in one.",
                   "kneepain vignettes --model my-model.json tests/vignettes/core.json"},
    [OPT_STRICT] = {"strict", 0, NULL, NULL,
                    "Exit 1 on any failed vignette, not only on red-flag under-triage.",
                    "kneepain vignettes --strict tests/vignettes/core.json"},
    [OPT_COUNT] = {NULL, 0, NULL, NULL, NULL, NULL}};

const cli_command cli_cmd_vignettes = {
    "vignettes", "FILE", "run clinical vignettes; fails on red-flag under-triage",
    "Run the clinical case vignettes of FILE and print top-1/top-3 accuracy,\n"
    "exact, under- and over-triage and every failure; exit 1 on any red-flag\n"
    "under-triage.",
    vignettes_options, cmd_vignettes};

int cmd_vignettes(int argc, char **argv)
{
    const char *file = NULL, *model_path = NULL;
    int strict = 0, json_format = 0;
    cli_parser p;
    cli_parser_init(&p, &cli_cmd_vignettes, argc, argv);
    int which;
    while ((which = cli_next(&p)) >= 0) {
        switch (which) {
        case OPT_FORMAT: json_format = p.choice == 1; break;
        case OPT_MODEL: model_path = p.value; break;
        case OPT_STRICT: strict = 1; break;
        }
    }
    if (which != CLI_END)
        return cli_stop_status(which);
    if (p.optind == argc)
        return cli_usage_error(&cli_cmd_vignettes, "a vignette file is required");
    if (argc - p.optind > 1)
        return cli_usage_error(&cli_cmd_vignettes, "more than one vignette file");
    file = argv[p.optind];
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
        if (json_format)
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
