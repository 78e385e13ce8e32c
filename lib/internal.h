/*
 * internal.h - helpers shared by the library's source files (not exported).
 */
#ifndef KP_INTERNAL_H
#define KP_INTERNAL_H

#include <stddef.h>
#include "kneepain.h"

#if defined(__GNUC__)
#  define KP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#  define KP_PRINTF(a, b)
#endif

/* Allocation through the installed allocator (kp_set_allocator). */
void *kp__malloc(size_t size);
void *kp__calloc(size_t n, size_t size);
void *kp__realloc(void *ptr, size_t size);
void kp__free(void *ptr);
char *kp__strdup(const char *s);
char *kp__strndup(const char *s, size_t n);
/** Grow *array (element size `elem`) so that it holds at least `need`
 * elements; doubles the capacity.  Returns 0 or KP_ENOMEM (array untouched). */
int kp__grow(void **array, size_t *cap, size_t need, size_t elem);

/* Thread-local last error.  Returns `code` so callers can
 * `return kp__error(KP_ERANGE, "...")`. */
int kp__error(int code, const char *fmt, ...) KP_PRINTF(2, 3);
/** Re-point a message "name.field: text" (or "name: text") from the API's
 * generic name to an element: "where[index].field: text" (keeps the code). */
void kp__error_at(const char *where, size_t index);
/** Prefix the current message with "prefix: " (keeps the code). */
void kp__error_prefix(const char *fmt, ...) KP_PRINTF(1, 2);
#define kp__oom() kp__error(KP_ENOMEM, "out of memory")

/** The process's input limits (kp_limits_set); never NULL. */
const kp_limits *kp__limits(void);

#endif
