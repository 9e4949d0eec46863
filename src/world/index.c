/* The string index behind the world's lookups by id: open addressing with linear
 * probing, kept at most half full, so a lookup is O(1) on average.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "world/world_internal.h"

#include <string.h>

/* FNV-1a: ids are short (ISO3 codes, body ids, symbols), so a simple hash suffices. */
static size_t hash_key(const char *key)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++) {
        h = (h ^ *p) * 1099511628211ULL;
    }
    return (size_t)h;
}

void ns__index_destroy(ns_ctx_t *ctx, ns__index_t *ix)
{
    if (ix == NULL) {
        return;
    }
    ns_free(ctx, (void *)ix->keys);
    ns_free(ctx, ix->values);
    memset(ix, 0, sizeof *ix);
}

static void place(const char **keys, size_t *values, size_t cap, const char *key, size_t value)
{
    size_t slot = hash_key(key) & (cap - 1);
    while (keys[slot] != NULL) {
        slot = (slot + 1) & (cap - 1);
    }
    keys[slot] = key;
    values[slot] = value;
}

ns_status ns__index_put(ns_ctx_t *ctx, ns__index_t *ix, const char *key, size_t value)
{
    ns_status st = NS_OK;
    if (2 * (ix->count + 1) > ix->cap) {
        size_t ncap = ix->cap > 0 ? 2 * ix->cap : 16;
        const char **keys = ns_calloc(ctx, ncap, sizeof *keys);
        size_t *values = ns_calloc(ctx, ncap, sizeof *values);
        if (keys == NULL || values == NULL) {
            ns_free(ctx, (void *)keys);
            ns_free(ctx, values);
            st = NS_ENOMEM;
            goto cleanup;
        }
        for (size_t i = 0; i < ix->cap; i++) {
            if (ix->keys[i] != NULL) {
                place(keys, values, ncap, ix->keys[i], ix->values[i]);
            }
        }
        ns_free(ctx, (void *)ix->keys);
        ns_free(ctx, ix->values);
        ix->keys = keys;
        ix->values = values;
        ix->cap = ncap;
    }
    place(ix->keys, ix->values, ix->cap, key, value);
    ix->count++;
cleanup:
    return st;
}

bool ns__index_get(const ns__index_t *ix, const char *key, size_t *value)
{
    if (ix->cap == 0 || key == NULL) {
        return false;
    }
    size_t slot = hash_key(key) & (ix->cap - 1);
    while (ix->keys[slot] != NULL) {
        if (strcmp(ix->keys[slot], key) == 0) {
            if (value != NULL) {
                *value = ix->values[slot];
            }
            return true;
        }
        slot = (slot + 1) & (ix->cap - 1);
    }
    return false;
}
