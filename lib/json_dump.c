/*
 * json_dump.c - serialise a jansson tree into memory from the library's
 * allocator.
 *
 * jansson allocates with its own functions (malloc, unless the host changed
 * them with json_set_alloc_funcs()); the library never changes them, so a
 * host's jansson objects and the library's allocator stay apart
 * (doc/reliability.md).  Text handed to the caller must still be freeable
 * with kp_free(), so it is written here through kp__malloc, not by
 * json_dumps().
 */
#include "internal.h"
#include "json_locate.h"
#include "sha256.h"

#include <jansson.h>
#include <string.h>

typedef struct sink {
    char *buf;
    size_t len, cap;
    int failed;
} sink;

/* jansson 2.14 ignores the callback's result when it writes an object key
 * (dump.c), so a failure must stick: later pieces are refused too and the
 * flag, not only the dump's result, decides. */
static int append(const char *text, size_t size, void *data)
{
    sink *s = data;
    if (s->failed || kp__grow((void **)&s->buf, &s->cap, s->len + size + 1, 1)) {
        s->failed = 1;
        return -1;
    }
    memcpy(s->buf + s->len, text, size);
    s->len += size;
    s->buf[s->len] = '\0';
    return 0;
}

kp_status kp__json_dump(json_t *root, size_t flags, char **out)
{
    *out = NULL;
    sink s = {NULL, 0, 0, 0};
    /* an empty document still needs its terminating NUL */
    if (!root || append("", 0, &s) || json_dump_callback(root, append, &s, flags) ||
        s.failed) {
        kp__free(s.buf);
        return kp__oom();   /* jansson's dump fails only for memory */
    }
    *out = s.buf;
    return KP_OK;
}

static int hash(const char *text, size_t size, void *data)
{
    kp__sha256_update(data, text, size);
    return 0;
}

kp_status kp__json_sha256(json_t *root, size_t flags, char hex[65])
{
    kp__sha256 ctx;
    kp__sha256_init(&ctx);
    if (json_dump_callback(root, hash, &ctx, flags))
        return kp__oom();
    kp__sha256_hex(&ctx, hex);
    return KP_OK;
}
