/*
 * util.h - small helpers shared by the CLI subcommands.
 */
#ifndef KP_CLI_UTIL_H
#define KP_CLI_UTIL_H

#include <stddef.h>

/** Read a whole file ("-" = stdin) into a NUL-terminated buffer (free()).
 * Returns NULL and prints a message on failure. */
char *cli_read_file(const char *path, size_t *size_out);

/** Print "kneepain: <what>: <library error message>" to stderr and map the
 * library status to an exit code (2 for bad input, 1 otherwise). */
int cli_fail(const char *what, int status);

/** Exit code for a library status (0, 1 or 2). */
int cli_exit_code(int status);

#endif
