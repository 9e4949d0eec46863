/* Internals shared by the library's files. Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_CORE_INTERNAL_H
#define NS_CORE_INTERNAL_H

#include "normsim/normsim.h"
#include <stdbool.h>

struct ns_ctx {
    ns_allocator_t alloc;
    ns_status status;
    int line;
    int col;
    char file[512];
    char field[128];
    char msg[1024];
};

/* Hard limits: inputs beyond these are refused before any work (NS_ELIMIT). */
#define NS_MAX_LINE_BYTES ((size_t)1 << 20) /* one CSV/YAML line: 1 MiB */
#define NS_MAX_FILE_BYTES ((size_t)1 << 30) /* one input file: 1 GiB */
#define NS_MAX_ACTORS     100000            /* actors in one table or world */
#define NS_MAX_DIMS       1024              /* dimensions / issues per model call */
/* A YAML mapping key: libyaml refuses an implicit key over 1024 characters, and a study's
 * canonical JSON writes keys quoted with escapes (up to 6 characters a byte), so a longer
 * key would read but not read back. No key of the schema comes near it. */
#define NS_MAX_KEY_BYTES 128

#define NS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A text written into a fixed buffer (the explain functions): `len` counts what the full
 * text needs, so a caller can report it when the buffer was too small. */
typedef struct ns__text {
    char *buf;
    size_t size, len;
} ns__text_t;

/* Append printf-style; the buffer stays NUL-terminated when size > 0. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void ns__text_put(ns__text_t *t, const char *fmt, ...);

/* Levenshtein distance, for "did you mean"; SIZE_MAX when a word is over 64 bytes.
 * _fold: letters compared case-insensitively. */
size_t ns__edit_distance(const char *a, const char *b);
size_t ns__edit_distance_fold(const char *a, const char *b, bool fold);
/* "'a', 'b' or 'c'": up to three of n candidates nearest to word (distance at most 2, or a
 * third of the word's length), nearest first, as name() prints them; "" when none is
 * near. dist() gives candidate i's distance to word. */
typedef size_t (*ns__distance_cb)(const char *word, size_t i, const void *cands);
typedef void (*ns__name_cb)(size_t i, const void *cands, char *buf, size_t size);
void ns__nearest(const char *word, size_t n, ns__distance_cb dist, ns__name_cb name,
                 const void *cands, char *buf, size_t size);
/* The same among a list of names. */
void ns__nearest_names(const char *word, const char *const *names, size_t n, char *buf,
                       size_t size);

#endif
