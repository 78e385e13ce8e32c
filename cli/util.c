/*
 * util.c - helpers shared by the CLI subcommands.
 */
#include "util.h"
#include "commands.h"

#include <errno.h>
#include <kneepain.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cli_read_file(const char *path, size_t *size_out)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "kneepain: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len < cap) {
            if (ferror(f)) {
                fprintf(stderr, "kneepain: %s: read error\n", path);
                free(buf);
                buf = NULL;
            }
            break;
        }
        char *bigger = realloc(buf, cap * 2 + 1);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    if (f != stdin)
        fclose(f);
    if (!buf) {
        fprintf(stderr, "kneepain: %s: cannot read the file\n", path);
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
    fprintf(stderr, "kneepain: %s: %s\n", what, *msg ? msg : kp_strerror(status));
    return cli_exit_code(status);
}
