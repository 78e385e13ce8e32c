/*
 * json_locate.h - find the line and column of a value inside JSON text, by
 * its path.  Used only to point validation errors at the right place: the
 * document itself is parsed by jansson.
 */
#ifndef KP_JSON_LOCATE_H
#define KP_JSON_LOCATE_H

#include <stddef.h>

typedef struct kp__path_seg {
    const char *key;    /* object member name, or NULL for an array index */
    size_t index;
} kp__path_seg;

/** Position (1-based) of the value at `path` in `text`.  When the path cannot
 * be followed, the position of the deepest value reached is returned. */
void kp__json_locate(const char *text, size_t size, const kp__path_seg *path,
                     size_t depth, int *line, int *column);

/** Format a path as "a.b[3].c" into buf. */
void kp__json_path_format(const kp__path_seg *path, size_t depth, char *buf, size_t bufsize);

typedef struct json_error_t json_error_t;
/** Record a failed jansson parse of the document `name` as the last error
 * and return its code: KP_ENOMEM when jansson's error code says so,
 * otherwise KP_EPARSE "name:line:column: text". */
int kp__json_error(const json_error_t *e, const char *name);

typedef struct json_t json_t;
/** Parse the document `name` (text need not be NUL-terminated) under the
 * kp_limits size and nesting limits (KP_ERANGE with the position), with
 * duplicate keys rejected; errors as kp__json_error.  *out is NULL on
 * failure. */
int kp__json_load(json_t **out, const char *text, size_t size, const char *name);

/** Serialise `root` with jansson's dump `flags` into *out, allocated with
 * kp__malloc (the caller's kp_free() releases it); NULL root or a failed
 * dump is KP_ENOMEM with *out NULL. */
int kp__json_dump(json_t *root, size_t flags, char **out);
/** SHA-256 (lowercase hex) of the dump of `root` with `flags`, without
 * building the text.  KP_ENOMEM when jansson's dump fails. */
int kp__json_sha256(json_t *root, size_t flags, char hex[65]);

#endif
