/*
 * safe_text.h - text from files and arguments made harmless for a terminal.
 */
#ifndef KP_CLI_SAFE_TEXT_H
#define KP_CLI_SAFE_TEXT_H

#include <stdio.h>

#if defined(__GNUC__)
#  define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#  define CLI_PRINTF(a, b)
#endif

/** Write s to out with every byte a terminal could take as a command
 * escaped: C0 controls (ESC, CR, BEL, newline, ...), DEL and the UTF-8
 * encoded C1 controls become \xHH or \u00HH, and bytes that are not valid
 * UTF-8 become \xHH; valid printable UTF-8 is written as it is (NULL writes
 * nothing).  Returns the number of bytes written. */
size_t cli_put_safe(FILE *out, const char *s);

/** Print "<formatted message>\n" to stderr with the message escaped as by
 * cli_put_safe(): for every message that can carry a file name, an argument
 * or a library message that quotes input. */
void cli_errorf(const char *fmt, ...) CLI_PRINTF(1, 2);

#endif
