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

#endif
