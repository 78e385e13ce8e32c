/*
 * json_out.h - a streaming JSON writer: values are appended to one
 * growable buffer as they are produced, with no document tree.
 *
 * Containers and commas are tracked by the writer; compact output uses
 * "," and ":", pretty output two-space indentation with ": " (the layout
 * jansson's JSON_INDENT(2) gives).  Numbers are written in the shortest
 * form that reads back to the same double, independent of the C locale.
 * The first allocation failure is remembered; later calls do nothing and
 * kp__jo_finish() reports it.  Not thread-safe per writer; separate
 * writers may be used from separate threads.
 */
#ifndef KP_JSON_OUT_H
#define KP_JSON_OUT_H

#include <stddef.h>
#include <stdint.h>

#define KP__JO_MAX_DEPTH 32

typedef struct kp__jo {
    char *buf;
    size_t len, cap;
    int failed;         /* allocation failure or nesting too deep */
    int pretty;
    int depth;
    uint8_t count[KP__JO_MAX_DEPTH];   /* 0: container empty so far */
    int after_key;      /* a key was written; the value follows it */
} kp__jo;

/** Start writing; `pretty` selects indentation.  `hint` is the expected
 * size (the first allocation). */
void kp__jo_init(kp__jo *w, int pretty, size_t hint);

void kp__jo_begin_object(kp__jo *w);
void kp__jo_end_object(kp__jo *w);
void kp__jo_begin_array(kp__jo *w);
void kp__jo_end_array(kp__jo *w);
/** An object member's key; the next value call writes its value. */
void kp__jo_key(kp__jo *w, const char *key);

void kp__jo_string(kp__jo *w, const char *s);    /* NULL writes null */
/** A JSON real: shortest round-trip digits, an integral value as "2.0",
 * -0 as 0.0; NaN and infinities (no JSON form) as null. */
void kp__jo_real(kp__jo *w, double v);
void kp__jo_int(kp__jo *w, long long v);
void kp__jo_bool(kp__jo *w, int v);
void kp__jo_null(kp__jo *w);

/** Finish: on success the NUL-terminated text (allocated with the library
 * allocator, the caller frees it with kp__free) is returned; on failure
 * NULL, and the buffer is released. */
char *kp__jo_finish(kp__jo *w);
/** Release the buffer without finishing. */
void kp__jo_discard(kp__jo *w);

/** Format a finite double in the shortest decimal form that strtod reads
 * back to it: plain notation for decimal exponents -5..15, else d.ddde±X;
 * "-0" is written "0".  Returns the length (at most 24) written to
 * out[32], NUL-terminated; no ".0" is added. */
size_t kp__jo_format_double(double v, char out[32]);

#endif
