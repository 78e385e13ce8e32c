/*
 * main.c - the kneepain command: dispatch to subcommands.
 */
#include "commands.h"
#include "util.h"

#include <kneepain.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const cli_command *const commands[] = {&cli_cmd_assess, &cli_cmd_load,
                                              &cli_cmd_interview, &cli_cmd_vignettes,
                                              &cli_cmd_model};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *out)
{
    fputs("Usage: kneepain COMMAND [OPTION]... [ARGS]\n"
          "Decision support for runners with pain behind the knee (not a diagnosis).\n\n"
          "Commands:\n", out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %s %s\n      %s\n", commands[i]->name, commands[i]->args,
                commands[i]->summary);
    fputs("\nRun 'kneepain COMMAND --help' for the options of a command, with examples.\n"
          "\nOptions:\n"
          "  -h, --help       this text\n"
          "      --version    library and model versions\n\n"
          "Exit status: 0 ok, 2 bad input (the message names the field), 1 other error.\n",
          out);
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
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
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
    const char *names[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!strcmp(cmd, commands[i]->name))
            return finish(commands[i]->run(argc - 1, argv + 1));
        names[i] = commands[i]->name;
    }
    if (cmd[0] == '-') {
        static const char *const options[] = {"--help", "--version"};
        const char *near = cli_nearest(cmd, options, 2);
        if (near)
            cli_errorf("kneepain: unknown option '%s'; did you mean %s?", cmd, near);
        else
            cli_errorf("kneepain: unknown option '%s' (see kneepain --help)", cmd);
        return KP_EXIT_BADINPUT;
    }
    const char *near = cli_nearest(cmd, names, NCOMMANDS);
    if (near)
        cli_errorf("kneepain: unknown command '%s'; did you mean %s?", cmd, near);
    else
        cli_errorf("kneepain: unknown command '%s' (see kneepain --help)", cmd);
    return KP_EXIT_BADINPUT;
}
