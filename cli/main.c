/*
 * main.c - the kneepain command: dispatch to subcommands.
 */
#include "commands.h"

#include <kneepain.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("Usage: kneepain COMMAND [ARGS]\n"
          "Decision support for runners with pain behind the knee (not a diagnosis).\n\n"
          "Commands:\n"
          "  assess [FILE|-] [--format text|json] [--model FILE] [--log FILE]... [--locale LL]\n"
          "         [--triage-changes]\n"
          "                       assess an input document (default: stdin)\n"
          "  load FILE... [--format text|json] [--as-of DATE] [--units km|mi]\n"
          "       [--load distance|duration|srpe]\n"
          "                       training-load figures from Strava/Garmin/plain CSV logs\n"
          "  interview [FILE] [--format text|json] [--budget N] [--exclude F]...\n"
          "       [--cost F=C]... [--locale LL] [--third-person] [--resume FILE]\n"
          "       [--save FILE] [--log FILE]... [--model FILE] [--no-red-flag-stop]\n"
          "                       ask the most useful questions one at a time\n"
          "  vignettes FILE [--format text|json] [--model FILE] [--strict]\n"
          "                       run clinical vignettes; fails on red-flag under-triage\n"
          "  model check FILE     validate a model file\n"
          "  model show [FILE]    print a model (default: the built-in one) as tables\n\n"
          "Options:\n"
          "  --help               this text\n"
          "  --version            library and model versions\n\n"
          "Exit status: 0 ok, 2 bad input (the message names the field), 1 other error.\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return KP_EXIT_BADINPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return KP_EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        kp_model *m;
        printf("kneepain %s\n", kp_version_string());
        if (kp_model_default(&m) == KP_OK) {
            printf("default model %s %s (sha256 %s)\n", kp_model_id(m), kp_model_version(m),
                   kp_model_sha256(m));
            kp_model_free(m);
        }
        return KP_EXIT_OK;
    }
    if (!strcmp(cmd, "assess"))
        return cmd_assess(argc - 1, argv + 1);
    if (!strcmp(cmd, "model"))
        return cmd_model(argc - 1, argv + 1);
    if (!strcmp(cmd, "load"))
        return cmd_load(argc - 1, argv + 1);
    if (!strcmp(cmd, "interview"))
        return cmd_interview(argc - 1, argv + 1);
    if (!strcmp(cmd, "vignettes"))
        return cmd_vignettes(argc - 1, argv + 1);
    fprintf(stderr, "kneepain: unknown command '%s' (see kneepain --help)\n", cmd);
    return KP_EXIT_BADINPUT;
}
