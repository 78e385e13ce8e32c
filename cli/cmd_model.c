/*
 * cmd_model.c - `kneepain model check FILE` and `kneepain model show [FILE]`.
 *
 * `check` also warns (stderr, exit status unchanged) about entries of the
 * top-level `references` object that no "cite" member anywhere in the model
 * names: the loader only checks that each cite resolves, not the converse.
 */
#include "commands.h"
#include "options.h"
#include "util.h"

#include <jansson.h>
#include <kneepain.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int load(const char *path, kp_model **m)
{
    int rc = path ? kp_model_load_file(m, path) : kp_model_default(m);
    return rc ? cli_fail(path ? path : "default model", rc) : 0;
}

/* Add to `cited` (an object used as a set) every string value of a member
 * named "cite" in `v`, at any depth.  The model already loaded, so the
 * document is a valid model and its nesting is bounded by the loader. */
static void collect_cites(json_t *v, json_t *cited)
{
    const char *key;
    json_t *x;
    size_t i;
    if (json_is_object(v)) {
        json_object_foreach(v, key, x) {
            if (!strcmp(key, "cite") && json_is_string(x))
                json_object_set_new(cited, json_string_value(x), json_true());
            else
                collect_cites(x, cited);
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, x) collect_cites(x, cited);
    }
}

/* Warn about each uncited reference of the model file at `path`; returns
 * the number of warnings (0 when the file cannot be re-read as JSON, which
 * cannot happen after a successful load). */
static size_t warn_uncited(const char *path)
{
    json_error_t err;
    json_t *doc = json_load_file(path, 0, &err);
    json_t *cited = json_object();
    size_t n = 0;
    if (doc && cited) {
        json_t *refs = json_object_get(doc, "references");
        json_t *copy = json_deep_copy(doc);
        if (copy) {
            json_object_del(copy, "references");
            collect_cites(copy, cited);
            json_decref(copy);
            const char *key;
            json_t *x;
            json_object_foreach(refs, key, x) {
                if (!json_object_get(cited, key)) {
                    cli_errorf("%s: warning: reference '%s' is not cited anywhere", path, key);
                    n++;
                }
            }
        }
    }
    json_decref(cited);
    json_decref(doc);
    return n;
}

static void show(const kp_model *m)
{
    static const char *types[] = {"bool", "number", "choice"};
    printf("model %s %s  sha256 %s\n", kp_model_id(m), kp_model_version(m), kp_model_sha256(m));
    printf("locales:");
    for (size_t i = 0; i < kp_model_locale_count(m); i++)
        printf(" %s", kp_model_locale(m, i));
    printf("\n\nFINDINGS (%zu)\n%-34s %-7s %-16s %-10s %s\n", kp_model_count(m, KP_KIND_FINDING),
           "id", "type", "range/choices", "likelihood", "question");
    for (size_t i = 0; i < kp_model_count(m, KP_KIND_FINDING); i++) {
        char range[64] = "";
        int t = kp_model_finding_type(m, i);
        double lo, hi;
        if (t == KP_TYPE_NUMBER && kp_model_finding_range(m, i, &lo, &hi) == KP_OK)
            snprintf(range, sizeof range, "%g..%g", lo, hi);
        else if (t == KP_TYPE_CHOICE)
            for (size_t c = 0; c < kp_model_finding_choice_count(m, i); c++) {
                size_t n = strlen(range);
                snprintf(range + n, sizeof range - n, "%s%s", c ? "/" : "", kp_model_finding_choice_id(m, i, c));
            }
        const char *src = kp_model_item_source(m, KP_KIND_FINDING, i);
        const char *q = kp_model_item_text(m, KP_KIND_FINDING, i, NULL);
        printf("%-34s %-7s %-16s %-10s %s%s\n", kp_model_item_id(m, KP_KIND_FINDING, i), types[t],
               range, src ? src : "-", kp_model_finding_is_derived(m, i) ? "(derived) " : "",
               q ? q : "");
    }
    printf("\nCONDITIONS (%zu)\n%-34s %-8s %-10s %s\n", kp_model_count(m, KP_KIND_CONDITION), "id", "prior",
           "source", "citation");
    for (size_t i = 0; i < kp_model_count(m, KP_KIND_CONDITION); i++)
        printf("%-34s %-8.4f %-10s %s\n", kp_model_item_id(m, KP_KIND_CONDITION, i),
               kp_model_condition_prior(m, i), kp_model_item_source(m, KP_KIND_CONDITION, i),
               kp_model_item_cite(m, KP_KIND_CONDITION, i));
    printf("\nCAUSES (%zu)\n", kp_model_count(m, KP_KIND_CAUSE));
    for (size_t i = 0; i < kp_model_count(m, KP_KIND_CAUSE); i++)
        printf("%-34s %s\n", kp_model_item_id(m, KP_KIND_CAUSE, i), kp_model_item_text(m, KP_KIND_CAUSE, i, NULL));
    printf("\nTRIAGE RULES (%zu)\n%-34s %-10s %s\n", kp_model_count(m, KP_KIND_RULE), "id", "source", "citation");
    for (size_t i = 0; i < kp_model_count(m, KP_KIND_RULE); i++)
        printf("%-34s %-10s %s\n", kp_model_item_id(m, KP_KIND_RULE, i), kp_model_item_source(m, KP_KIND_RULE, i),
               kp_model_item_cite(m, KP_KIND_RULE, i));
    printf("\nREMEDIES (%zu)\n", kp_model_count(m, KP_KIND_REMEDY));
    for (size_t i = 0; i < kp_model_count(m, KP_KIND_REMEDY); i++) {
        const char *src = kp_model_item_source(m, KP_KIND_REMEDY, i);
        printf("%-34s %-10s %s\n", kp_model_item_id(m, KP_KIND_REMEDY, i), src ? src : "-",
               kp_model_item_text(m, KP_KIND_REMEDY, i, NULL));
    }
}

static const cli_option model_options[] = {{NULL, 0, NULL, NULL, NULL, NULL}};

const cli_command cli_cmd_model = {
    "model", "check FILE | show [FILE]",
    "validate a model file (check) or print a model as tables (show)",
    "check FILE: validate a model file; errors give file:line:column and the\n"
    "path of the offending value, uncited references are warned about.\n"
    "show [FILE]: print a model (default: the built-in one) as tables, with\n"
    "the evidence marker and citation of each number.\n"
    "Example: kneepain model check my-model.json",
    model_options, cmd_model};

int cmd_model(int argc, char **argv)
{
    cli_parser p;
    cli_parser_init(&p, &cli_cmd_model, argc, argv);
    int which = cli_next(&p);
    if (which != CLI_END)
        return cli_stop_status(which);
    char **args = argv + p.optind - 1; /* args[1] is the subcommand */
    int nargs = argc - p.optind + 1;
    if (nargs < 2)
        return cli_usage_error(&cli_cmd_model, "check or show is required");
    kp_model *m = NULL;
    int rc;
    if (!strcmp(args[1], "check")) {
        if (nargs != 3)
            return cli_usage_error(&cli_cmd_model, "model check needs exactly one FILE");
        if ((rc = load(args[2], &m)))
            return rc;
        printf("%s: ok: model %s %s, %zu findings, %zu conditions, %zu causes, %zu rules, %zu remedies\n",
               args[2], kp_model_id(m), kp_model_version(m), kp_model_count(m, KP_KIND_FINDING),
               kp_model_count(m, KP_KIND_CONDITION), kp_model_count(m, KP_KIND_CAUSE),
               kp_model_count(m, KP_KIND_RULE), kp_model_count(m, KP_KIND_REMEDY));
        warn_uncited(args[2]);
        kp_model_free(m);
        return KP_EXIT_OK;
    }
    if (!strcmp(args[1], "show")) {
        if (nargs > 3)
            return cli_usage_error(&cli_cmd_model, "model show takes at most one FILE");
        if ((rc = load(nargs == 3 ? args[2] : NULL, &m)))
            return rc;
        show(m);
        kp_model_free(m);
        return KP_EXIT_OK;
    }
    cli_errorf("kneepain model: unknown subcommand '%s' (check or show)", args[1]);
    return KP_EXIT_BADINPUT;
}
