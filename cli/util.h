/*
 * util.h - small helpers shared by the CLI subcommands.
 */
#ifndef KP_CLI_UTIL_H
#define KP_CLI_UTIL_H

#include "safe_text.h"

#include <stddef.h>

/** Read a whole file ("-" = stdin) into a NUL-terminated buffer (free()).
 * Returns NULL and prints a message on failure. */
char *cli_read_file(const char *path, size_t *size_out);

/** Print "kneepain: <what>: <library error message>" to stderr and map the
 * library status to an exit code (2 for bad input, 1 otherwise). */
int cli_fail(const char *what, int status);

/** Exit code for a library status (0, 1 or 2). */
int cli_exit_code(int status);

/** Parse a whole command-line number for `option` in [min, max]: the whole
 * text, no overflow.  Returns 1, or prints "kneepain: <option>: ..." and
 * returns 0. */
int cli_parse_whole(const char *option, const char *text, long min, long max, long *out);

/** The same for a finite decimal number in [min, max]. */
int cli_parse_number(const char *option, const char *text, double min, double max, double *out);

#endif
