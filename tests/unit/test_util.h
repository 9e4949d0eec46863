/* Helpers shared by the unit tests: a failing allocator for fault injection.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_TEST_UTIL_H
#define NS_TEST_UTIL_H

#include "normsim/normsim.h"

#include <stdlib.h>

/* Counts allocations and fails the fail_at-th one (1-based; 0 = never). */
typedef struct failing_alloc {
    long count;
    long fail_at;
} failing_alloc_t;

static inline void *failing_malloc(size_t size, void *user)
{
    failing_alloc_t *f = user;
    if (++f->count == f->fail_at) {
        return NULL;
    }
    return malloc(size);
}

static inline void *failing_realloc(void *ptr, size_t size, void *user)
{
    failing_alloc_t *f = user;
    if (++f->count == f->fail_at) {
        return NULL;
    }
    return realloc(ptr, size);
}

static inline void failing_free(void *ptr, void *user)
{
    (void)user;
    free(ptr);
}

/* A context whose allocator fails the k-th allocation after creation. */
static inline ns_ctx_t *failing_ctx(failing_alloc_t *f, long k)
{
    f->count = 0;
    f->fail_at = 0;
    ns_allocator_t a = {failing_malloc, failing_realloc, failing_free, f};
    ns_ctx_t *ctx = NULL;
    if (ns_ctx_new(&a, &ctx) != NS_OK) {
        return NULL;
    }
    f->count = 0;
    f->fail_at = k;
    return ctx;
}

#ifdef cmocka_unit_test
/* Index of body `id` / state `iso3` / dimension `id` in w, failing the test when absent
 * (for tests that include cmocka.h before this header). */
static inline size_t test_body(ns_ctx_t *ctx, const ns_world_t *w, const char *id)
{
    size_t i = 0;
    assert_int_equal(ns_world_find_body(ctx, w, id, &i), NS_OK);
    return i;
}

static inline size_t test_state(ns_ctx_t *ctx, const ns_world_t *w, const char *iso3)
{
    size_t i = 0;
    assert_int_equal(ns_world_find_state(ctx, w, iso3, &i), NS_OK);
    return i;
}

static inline size_t test_dimension(ns_ctx_t *ctx, const ns_world_t *w, const char *id)
{
    size_t i = 0;
    assert_int_equal(ns_world_find_dimension(ctx, w, id, &i), NS_OK);
    return i;
}
#endif

#endif
