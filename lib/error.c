/*
 * error.c - status texts and the per-thread last-error slot.
 */
#include "internal.h"
#include "json_locate.h"

#include <jansson.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define KP_ERRMSG_MAX 1024

static _Thread_local char last_message[KP_ERRMSG_MAX];
static _Thread_local int last_code;

const char *kp_strerror(int code)
{
    switch (code) {
    case KP_OK: return "success";
    case KP_ERROR: return "internal error";
    case KP_ENOMEM: return "out of memory";
    case KP_EINVAL: return "invalid argument";
    case KP_ENOTFOUND: return "unknown identifier";
    case KP_ETYPE: return "wrong type";
    case KP_ERANGE: return "value out of range";
    case KP_EPARSE: return "malformed input";
    case KP_EMODEL: return "invalid model";
    case KP_EIO: return "input/output error";
    case KP_EVERSION: return "unsupported version";
    case KP_ESTATE: return "invalid state";
    case KP_EFORMAT: return "unrecognised format";
    default: return "unknown error code";
    }
}

const char *kp_error_message(void) { return last_message; }
int kp_error_code(void) { return last_code; }

void kp_error_clear(void)
{
    last_message[0] = '\0';
    last_code = KP_OK;
}

int kp__error(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    va_end(ap);
    last_code = code;
    return code;
}

void kp__error_prefix(const char *fmt, ...)
{
    char prefix[256], old[KP_ERRMSG_MAX - 300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    size_t n = strlen(last_message);
    if (n >= sizeof old)
        n = sizeof old - 1;
    memcpy(old, last_message, n);
    old[n] = '\0';
    snprintf(last_message, sizeof last_message, "%s: %s", prefix, old);
}

void kp__error_at(const char *where, size_t index)
{
    char old[KP_ERRMSG_MAX - 300];
    size_t n = strlen(last_message);
    if (n >= sizeof old)
        n = sizeof old - 1;
    memcpy(old, last_message, n);
    old[n] = '\0';
    /* the field is what follows the generic name's first '.' up to ':' */
    const char *colon = strchr(old, ':');
    const char *dot = strchr(old, '.');
    if (dot && colon && dot < colon)
        snprintf(last_message, sizeof last_message, "%s[%zu].%s", where, index, dot + 1);
    else if (colon)
        snprintf(last_message, sizeof last_message, "%s[%zu]%s", where, index, colon);
    else
        snprintf(last_message, sizeof last_message, "%s[%zu]: %s", where, index, old);
}

int kp__json_error(const json_error_t *e, const char *name)
{
    /* Classified by jansson's error code, never by its message: a syntax
     * error near the word "memory" is still a syntax error. */
    enum json_error_code code = json_error_code(e);
    if (code == json_error_out_of_memory)
        return kp__oom();
    if (!e->text[0])
        return kp__oom();   /* jansson left no message: only its allocation paths do that */
    return kp__error(KP_EPARSE, "%s:%d:%d: %s", name, e->line, e->column, e->text);
}
