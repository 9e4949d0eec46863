/* Allocation through the context's hook, and arenas.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

void *ns_malloc(ns_ctx_t *ctx, size_t size)
{
    void *p = ctx->alloc.malloc_cb(size > 0 ? size : 1, ctx->alloc.user);
    if (p == NULL) {
        ns_error(ctx, NS_ENOMEM, "out of memory (asked for %zu bytes)", size);
    }
    return p;
}

void *ns_calloc(ns_ctx_t *ctx, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size) {
        ns_error(ctx, NS_ENOMEM, "out of memory (%zu x %zu bytes overflows)", n, size);
        return NULL;
    }
    void *p = ns_malloc(ctx, n * size);
    if (p != NULL) {
        memset(p, 0, n * size > 0 ? n * size : 1);
    }
    return p;
}

void *ns_realloc(ns_ctx_t *ctx, void *ptr, size_t size)
{
    void *p = ctx->alloc.realloc_cb(ptr, size > 0 ? size : 1, ctx->alloc.user);
    if (p == NULL) {
        ns_error(ctx, NS_ENOMEM, "out of memory (asked for %zu bytes)", size);
    }
    return p;
}

void *ns_reallocarray(ns_ctx_t *ctx, void *ptr, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size) {
        ns_error(ctx, NS_ENOMEM, "out of memory (%zu x %zu bytes overflows)", n, size);
        return NULL;
    }
    return ns_realloc(ctx, ptr, n * size);
}

void ns_free(ns_ctx_t *ctx, void *ptr)
{
    if (ptr != NULL) {
        ctx->alloc.free_cb(ptr, ctx->alloc.user);
    }
}

char *ns_strdup(ns_ctx_t *ctx, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = ns_malloc(ctx, n);
    if (p != NULL) {
        memcpy(p, s, n);
    }
    return p;
}

ns_status ns_grow(ns_ctx_t *ctx, void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) {
        return NS_OK;
    }
    size_t ncap = *cap > 0 ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) {
            return ns_error(ctx, NS_ENOMEM, "out of memory (array of %zu items)", need);
        }
        ncap *= 2;
    }
    void *p = ns_reallocarray(ctx, *items, ncap, size);
    if (p == NULL) {
        return NS_ENOMEM;
    }
    *items = p;
    *cap = ncap;
    return NS_OK;
}

/* ---- Arenas ---- */

struct ns_arena_chunk {
    ns_arena_chunk_t *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

void ns_arena_init(ns_arena_t *arena, ns_ctx_t *ctx)
{
    memset(arena, 0, sizeof *arena);
    arena->ctx = ctx;
    arena->chunk_size = 16384;
}

void ns_arena_free(ns_arena_t *arena)
{
    if (arena == NULL) {
        return;
    }
    ns_arena_chunk_t *c = arena->head;
    while (c != NULL) {
        ns_arena_chunk_t *next = c->next;
        ns_free(arena->ctx, c);
        c = next;
    }
    arena->head = NULL;
    arena->total = 0;
}

void *ns_arena_alloc(ns_arena_t *arena, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX - align) {
        ns_error(arena->ctx, NS_ENOMEM, "out of memory (arena request of %zu bytes)", size);
        return NULL;
    }
    size_t rounded = (size + align - 1) / align * align;
    if (rounded == 0) {
        rounded = align;
    }
    ns_arena_chunk_t *c = arena->head;
    if (c == NULL || c->size - c->used < rounded) {
        size_t want = rounded > arena->chunk_size ? rounded : arena->chunk_size;
        c = ns_malloc(arena->ctx, sizeof *c + want);
        if (c == NULL) {
            return NULL;
        }
        c->size = want;
        c->used = 0;
        c->next = arena->head;
        arena->head = c;
        if (arena->chunk_size < ((size_t)1 << 20)) {
            arena->chunk_size *= 2;
        }
    }
    void *p = c->data + c->used;
    c->used += rounded;
    arena->total += size;
    memset(p, 0, size);
    return p;
}

char *ns_arena_strndup(ns_arena_t *arena, const char *s, size_t n)
{
    char *p = ns_arena_alloc(arena, n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *ns_arena_strdup(ns_arena_t *arena, const char *s)
{
    return ns_arena_strndup(arena, s, strlen(s));
}
