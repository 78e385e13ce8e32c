/*
 * main.c - the kneepain command: dispatch to subcommands.
 */
#include "commands.h"
#include "util.h"

#include <kneepain.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* One command: its name, usage lines and entry point. */
typedef struct command {
    const char *name;
    const char *usage;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"assess",
     "  assess [FILE|-] [--format text|json] [--model FILE] [--log FILE]... [--locale LL]\n"
     "         [--triage-changes]\n"
     "                       assess an input document (default: stdin)\n",
     cmd_assess},
    {"load",
     "  load FILE... [--format text|json] [--as-of DATE] [--units km|mi]\n"
     "       [--load distance|duration|srpe]\n"
     "                       training-load figures from Strava/Garmin/plain CSV logs\n",
     cmd_load},
    {"interview",
     "  interview [FILE] [--format text|json] [--budget N] [--exclude F]...\n"
     "       [--cost F=C]... [--locale LL] [--third-person] [--resume FILE]\n"
     "       [--save FILE] [--log FILE]... [--model FILE] [--no-red-flag-stop]\n"
     "                       ask the most useful questions one at a time\n",
     cmd_interview},
    {"vignettes",
     "  vignettes FILE [--format text|json] [--model FILE] [--strict]\n"
     "                       run clinical vignettes; fails on red-flag under-triage\n",
     cmd_vignettes},
    {"model",
     "  model check FILE     validate a model file\n"
     "  model show [FILE]    print a model (default: the built-in one) as tables\n",
     cmd_model},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static const char exit_status[] =
    "Exit status: 0 ok, 2 bad input (the message names the field), 1 other error.\n";

static void usage(FILE *out)
{
    fputs("Usage: kneepain COMMAND [ARGS]\n"
          "Decision support for runners with pain behind the knee (not a diagnosis).\n\n"
          "Commands:\n", out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fputs(commands[i].usage, out);
    fputs("\nOptions:\n"
          "  --help               this text (COMMAND --help: that command's usage)\n"
          "  --version            library and model versions\n\n", out);
    fputs(exit_status, out);
}

static int is_help(const char *arg)
{
    return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* Output that could not be written (full disk, closed pipe) is an error;
 * a command that already failed has said why. */
static int finish(int status)
{
    if ((fflush(stdout) != 0 || ferror(stdout)) && status == KP_EXIT_OK) {
        cli_errorf("kneepain: cannot write the output: %s", strerror(errno));
        return KP_EXIT_ERROR;
    }
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return KP_EXIT_BADINPUT;
    }
    const char *cmd = argv[1];
    if (is_help(cmd) || !strcmp(cmd, "help")) {
        usage(stdout);
        return finish(KP_EXIT_OK);
    }
    if (!strcmp(cmd, "--version")) {
        kp_model *m;
        printf("kneepain %s\n", kp_version_string());
        if (kp_model_default(&m) == KP_OK) {
            printf("default model %s %s (sha256 %s)\n", kp_model_id(m), kp_model_version(m),
                   kp_model_sha256(m));
            kp_model_free(m);
        }
        return finish(KP_EXIT_OK);
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(cmd, commands[i].name))
            continue;
        for (int a = 2; a < argc; a++)
            if (is_help(argv[a])) {
                printf("Usage: kneepain %s ...\n%s\n%s", cmd, commands[i].usage, exit_status);
                return finish(KP_EXIT_OK);
            }
        return finish(commands[i].run(argc - 1, argv + 1));
    }
    cli_errorf("kneepain: unknown command '%s' (see kneepain --help)", cmd);
    return KP_EXIT_BADINPUT;
}
