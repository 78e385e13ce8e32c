/*
 * failing_alloc.h - a counting allocator for kp_set_allocator() that refuses
 * allocation number `fail_at` (1-based; 0 = never) and tracks live blocks,
 * shared by the out-of-memory tests.  Include once per test program.
 */
#ifndef KP_TEST_FAILING_ALLOC_H
#define KP_TEST_FAILING_ALLOC_H

#include <kneepain.h>
#include <stdlib.h>

static long alloc_count, fail_at, live;
static int injected;    /* set when a failure was actually injected */

static int should_fail(void)
{
    alloc_count++;
    if (fail_at > 0 && alloc_count == fail_at) {
        injected = 1;
        return 1;
    }
    return 0;
}

static void *t_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    void *p = malloc(n);
    if (p)
        live++;
    return p;
}

static void *t_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        live++;
    return q;
}

static void t_free(void *p)
{
    if (p)
        live--;
    free(p);
}

static const kp_allocator failing = {KP_ALLOCATOR_VERSION, t_malloc, t_realloc, t_free};

#endif
