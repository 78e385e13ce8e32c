/*
 * commands.h - subcommands of the kneepain command-line tool.
 * Each returns the process exit status: 0 ok, 2 bad input, 1 other error.
 * Each cli_cmd_* holds its command's options and help (options.h).
 */
#ifndef KP_CLI_COMMANDS_H
#define KP_CLI_COMMANDS_H

#include "options.h"

#define KP_EXIT_OK 0
#define KP_EXIT_ERROR 1
#define KP_EXIT_BADINPUT 2

int cmd_assess(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_interview(int argc, char **argv);
int cmd_vignettes(int argc, char **argv);

extern const cli_command cli_cmd_assess, cli_cmd_load, cli_cmd_interview, cli_cmd_vignettes,
    cli_cmd_model;

#endif
