/*
 * util.c - helpers shared by the CLI subcommands.
 */
#include "util.h"
#include "commands.h"

#include <errno.h>
#include <math.h>
#include <kneepain.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cli_read_file(const char *path, size_t *size_out)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        cli_errorf("kneepain: %s: %s", path, strerror(errno));
        return NULL;
    }
    /* never more than the library would accept: /dev/zero or an endless
     * pipe fails after max_document_bytes, not when memory runs out */
    kp_limits lim = KP_LIMITS_INIT;
    size_t max = kp_limits_get(&lim) ? KP_DEFAULT_MAX_DOCUMENT_BYTES : lim.max_document_bytes;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len > max) {
            cli_errorf("kneepain: %s: larger than %zu bytes (the input-document limit)",
                    path, max);
            free(buf);
            if (f != stdin)
                fclose(f);
            return NULL;
        }
        if (len < cap) {
            if (ferror(f)) {
                cli_errorf("kneepain: %s: read error", path);
                free(buf);
                buf = NULL;
            }
            break;
        }
        /* one byte past the limit is enough to know it was exceeded */
        size_t ncap = cap <= max / 2 ? cap * 2 : max + 1;
        char *bigger = realloc(buf, ncap + 1);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap = ncap;
    }
    if (f != stdin)
        fclose(f);
    if (!buf) {
        cli_errorf("kneepain: %s: cannot read the file", path);
        return NULL;
    }
    buf[len] = '\0';
    *size_out = len;
    return buf;
}

int cli_exit_code(int status)
{
    switch (status) {
    case KP_OK:
        return KP_EXIT_OK;
    case KP_ENOTFOUND:
    case KP_ETYPE:
    case KP_ERANGE:
    case KP_EPARSE:
    case KP_EMODEL:
    case KP_EFORMAT:
    case KP_EINVAL:
    case KP_EVERSION:
    case KP_EIO:
        return KP_EXIT_BADINPUT;
    default:
        return KP_EXIT_ERROR;
    }
}

int cli_fail(const char *what, int status)
{
    const char *msg = kp_error_message();
    cli_errorf("kneepain: %s: %s", what, *msg ? msg : kp_strerror(status));
    return cli_exit_code(status);
}

int cli_parse_whole(const char *option, const char *text, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    /* strtol saturates at LONG_MAX with ERANGE: never take that as a value */
    if (!*text || *end || errno == ERANGE || v < min || v > max) {
        cli_errorf("kneepain: %s: '%s' is not a whole number from %ld to %ld", option, text,
                min, max);
        return 0;
    }
    *out = v;
    return 1;
}

int cli_parse_number(const char *option, const char *text, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    /* overflow gives HUGE_VAL with ERANGE, "nan"/"inf" parse without one;
     * underflow (a tiny non-zero value) is left to the range check */
    if (!*text || *end || !isfinite(v) || (errno == ERANGE && fabs(v) > 1)) {
        cli_errorf("kneepain: %s: '%s' is not a finite number", option, text);
        return 0;
    }
    if (v < min || v > max) {
        cli_errorf("kneepain: %s: %s is outside %g..%g", option, text, min, max);
        return 0;
    }
    *out = v;
    return 1;
}
