/*
 * alloc.c - the allocator hook.  Every allocation of the library goes
 * through here.  jansson keeps its own allocator: the library never calls
 * json_set_alloc_funcs(), which is process-wide and would hand a host's
 * own jansson objects to the caller's functions (doc/reliability.md).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void *(*use_malloc)(size_t) = malloc;
static void *(*use_realloc)(void *, size_t) = realloc;
static void (*use_free)(void *) = free;

kp_status kp_set_allocator(const kp_allocator *a)
{
    if (!a) {
        use_malloc = malloc;
        use_realloc = realloc;
        use_free = free;
        return KP_OK;
    }
    if (a->version == 0 || a->version > KP_ALLOCATOR_VERSION)
        return kp__error(KP_EVERSION, "allocator: unsupported version %u", a->version);
    if (!a->malloc_fn || !a->realloc_fn || !a->free_fn)
        return kp__error(KP_EINVAL, "allocator: malloc_fn, realloc_fn and free_fn are required");
    use_malloc = a->malloc_fn;
    use_realloc = a->realloc_fn;
    use_free = a->free_fn;
    return KP_OK;
}

void *kp__malloc(size_t size) { return use_malloc(size ? size : 1); }

void *kp__calloc(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size)
        return NULL;
    void *p = kp__malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *kp__realloc(void *ptr, size_t size) { return use_realloc(ptr, size ? size : 1); }
void kp__free(void *ptr) { if (ptr) use_free(ptr); }
void kp_free(void *ptr) { kp__free(ptr); }

char *kp__strndup(const char *s, size_t n)
{
    char *p = kp__malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *kp__strdup(const char *s) { return kp__strndup(s, strlen(s)); }

int kp__grow(void **array, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > ((size_t)-1 / 2) / elem)
            return KP_ENOMEM;
        n *= 2;
    }
    void *p = kp__realloc(*array, n * elem);
    if (!p)
        return KP_ENOMEM;
    *array = p;
    *cap = n;
    return 0;
}
