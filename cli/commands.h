/*
 * commands.h - subcommands of the kneepain command-line tool.
 * Each returns the process exit status: 0 ok, 2 bad input, 1 other error.
 */
#ifndef KP_CLI_COMMANDS_H
#define KP_CLI_COMMANDS_H

#define KP_EXIT_OK 0
#define KP_EXIT_ERROR 1
#define KP_EXIT_BADINPUT 2

int cmd_assess(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_interview(int argc, char **argv);
int cmd_vignettes(int argc, char **argv);

#endif
