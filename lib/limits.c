/*
 * limits.c - the input limits (kp_limits) and the one JSON loader every
 * document goes through: size and nesting are checked before jansson sees
 * the text, and its errors are classified by code (kp__json_error).
 */
#include "internal.h"
#include "json_locate.h"

#include <jansson.h>

static const kp_limits defaults = KP_LIMITS_INIT;
static kp_limits current = KP_LIMITS_INIT;

const kp_limits *kp__limits(void) { return &current; }

kp_status kp_limits_get(kp_limits *out)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_limits_get: out is required");
    if (out->version == 0 || out->version > KP_LIMITS_VERSION)
        return kp__error(KP_EVERSION, "limits: unsupported version %u", out->version);
    *out = current;
    out->version = KP_LIMITS_VERSION;
    return KP_OK;
}

kp_status kp_limits_set(const kp_limits *l)
{
    if (!l) {
        current = defaults;
        return KP_OK;
    }
    if (l->version == 0 || l->version > KP_LIMITS_VERSION)
        return kp__error(KP_EVERSION, "limits: unsupported version %u", l->version);
    kp_limits n = *l;
    /* 0 keeps the default, so that a partly filled struct is safe */
    if (!n.max_document_bytes) n.max_document_bytes = defaults.max_document_bytes;
    if (!n.max_json_depth) n.max_json_depth = defaults.max_json_depth;
    if (!n.max_log_bytes) n.max_log_bytes = defaults.max_log_bytes;
    if (!n.max_field_bytes) n.max_field_bytes = defaults.max_field_bytes;
    if (!n.max_runs) n.max_runs = defaults.max_runs;
    if (!n.max_gears) n.max_gears = defaults.max_gears;
    if (n.max_json_depth > 2000)   /* jansson stops at 2048 on its own */
        return kp__error(KP_ERANGE, "limits.max_json_depth: %u is above 2000", n.max_json_depth);
    if (n.max_runs > 0xFFFFFFF0u)
        return kp__error(KP_ERANGE, "limits.max_runs: %zu is above 4294967280", n.max_runs);
    if (n.max_gears > 0x7FFFFFF0)
        return kp__error(KP_ERANGE, "limits.max_gears: %zu is above 2147483632", n.max_gears);
    current = n;
    return KP_OK;
}

/* Nesting deeper than the limit, found by one pass over the text (strings
 * skipped), so that a document of a million '[' costs microseconds rather
 * than jansson's recursion.  Returns 0, or the 1-based line and column. */
static int too_deep(const char *s, size_t n, unsigned max, int *line, int *col)
{
    unsigned depth = 0;
    int in_string = 0, l = 1, c = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n') {
            l++;
            c = 0;
            continue;
        }
        if ((ch & 0xC0) != 0x80)
            c++;
        if (in_string) {
            if (ch == '\\')
                i++, c++;
            else if (ch == '"')
                in_string = 0;
        } else if (ch == '"') {
            in_string = 1;
        } else if (ch == '[' || ch == '{') {
            if (++depth > max) {
                *line = l;
                *col = c;
                return 1;
            }
        } else if ((ch == ']' || ch == '}') && depth) {
            depth--;
        }
    }
    return 0;
}

kp_status kp__json_load(json_t **out, const char *text, size_t size, const char *name)
{
    *out = NULL;
    const kp_limits *lim = kp__limits();
    if (size > lim->max_document_bytes)
        return kp__error(KP_ERANGE, "%s: document of %zu bytes is larger than the limit of %zu "
                         "(kp_limits.max_document_bytes)", name, size, lim->max_document_bytes);
    int line, col;
    if (too_deep(text, size, lim->max_json_depth, &line, &col))
        return kp__error(KP_ERANGE, "%s:%d:%d: nested deeper than %u levels "
                         "(kp_limits.max_json_depth)", name, line, col, lim->max_json_depth);
    json_error_t err;
    /* jansson allocates with its own functions, never with the caller's
     * (kp_set_allocator): the tree is private to this call and freed before
     * it returns, and jansson 2.14's lexer is not safe under a failing
     * allocator (doc/reliability.md, "Allocator isolation") */
    json_t *root = json_loadb(text, size, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return kp__json_error(&err, name);
    *out = root;
    return KP_OK;
}
