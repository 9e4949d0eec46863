/* normsim: status codes, the context object, allocation, arenas and random numbers.
 *
 * Every fallible function of libnormsim takes an ns_ctx_t and returns an ns_status.
 * The context carries the detailed message of the last error (with file, line, column
 * and field for input errors) and the allocation hook. The library keeps no global
 * mutable state: two contexts never share anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_CORE_H
#define NORMSIM_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status codes --------------------------------------------------------------- */

/* Zero is success; positive values are non-error signals of step functions; negative
 * values are errors. */
typedef int ns_status;

enum {
    NS_OK = 0,
    NS_CONTINUE = 1, /* A step function has more to do. */
    NS_DONE = 2,     /* A step function has finished. */

    NS_EINVAL = -1,    /* Bad argument or bad input; the message names it. */
    NS_ENOMEM = -2,    /* An allocation failed. */
    NS_EIO = -3,       /* Reading or writing a file failed. */
    NS_ENOTFOUND = -4, /* A named thing (state, body, model, file) does not exist. */
    NS_ERANGE = -5,    /* A value is out of its allowed range. */
    NS_EPARSE = -6,    /* Malformed input text (CSV, YAML, JSON). */
    NS_ELIMIT = -7,    /* Input larger than normsim accepts (refused before trying). */
    NS_ENOCONV = -8,   /* An iterative method did not converge. */
    NS_EINTERNAL = -9  /* A bug in normsim. */
};

/* Short name of a status ("ok", "invalid input", ...). Never NULL. */
const char *ns_status_str(ns_status st);

/* ---- Allocation hook ------------------------------------------------------------ */

/* All of the library's allocation goes through one of these, so that tests can fail
 * the k-th allocation. The callbacks follow malloc/realloc/free semantics. */
/* A long call's progress: called after each step (a round, a replicate, a run) with its
 * number; return non-zero to stop the call, which then ends with NS_EINVAL and a message
 * that says "interrupted". Callbacks of this type may be NULL. */
typedef int (*ns_round_cb)(int round, void *user);

typedef struct ns_allocator {
    void *(*malloc_cb)(size_t size, void *user);
    void *(*realloc_cb)(void *ptr, size_t size, void *user);
    void (*free_cb)(void *ptr, void *user);
    void *user;
} ns_allocator_t;

/* ---- Context -------------------------------------------------------------------- */

typedef struct ns_ctx ns_ctx_t;

/**
 * Create a context.
 *
 * @param alloc  in: allocation hook, copied; NULL for the C library's malloc.
 * @param out    out: the new context; free it with ns_ctx_free().
 * @return NS_OK or NS_ENOMEM.
 */
ns_status ns_ctx_new(const ns_allocator_t *alloc, ns_ctx_t **out);

/* Free a context. Accepts NULL. */
void ns_ctx_free(ns_ctx_t *ctx);

/* The message of the last error, "" when none. Owned by the context; valid until the
 * next call that fails or ns_ctx_clear_error(). */
const char *ns_ctx_errmsg(const ns_ctx_t *ctx);

/* The status of the last error (NS_OK when none). */
ns_status ns_ctx_status(const ns_ctx_t *ctx);

/* Where the last input error was found: file ("" if none), 1-based line and column
 * (0 if unknown), field name ("" if none). */
const char *ns_ctx_errfile(const ns_ctx_t *ctx);
int ns_ctx_errline(const ns_ctx_t *ctx);
int ns_ctx_errcol(const ns_ctx_t *ctx);
const char *ns_ctx_errfield(const ns_ctx_t *ctx);

void ns_ctx_clear_error(ns_ctx_t *ctx);

/**
 * Record an error on the context and return its status, so that callers can write
 * `return ns_error(ctx, NS_EINVAL, "salience %g outside [0,1]", s);`.
 * The message is formatted printf-style and truncated at 1023 bytes.
 */
ns_status ns_error(ns_ctx_t *ctx, ns_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/**
 * Record an input error at a place: the message reads "FILE:LINE:COL: FIELD: MSG"
 * (parts that are unknown are left out).
 *
 * @param file   in: file name as the user gave it, or NULL.
 * @param line   in: 1-based line, 0 if unknown.
 * @param col    in: 1-based column, 0 if unknown.
 * @param field  in: column or key name, or NULL.
 */
ns_status ns_error_at(ns_ctx_t *ctx, ns_status st, const char *file, int line, int col,
                      const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

ns_status ns_verror_at(ns_ctx_t *ctx, ns_status st, const char *file, int line, int col,
                       const char *field, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 0)))
#endif
    ;

/* ---- Allocation through the context's hook ------------------------------------- */

/* Each returns NULL and records NS_ENOMEM on the context on failure. ns_calloc and
 * ns_reallocarray check n * size for overflow. ns_free accepts NULL. */
void *ns_malloc(ns_ctx_t *ctx, size_t size);
void *ns_calloc(ns_ctx_t *ctx, size_t n, size_t size);
void *ns_realloc(ns_ctx_t *ctx, void *ptr, size_t size);
void *ns_reallocarray(ns_ctx_t *ctx, void *ptr, size_t n, size_t size);
void ns_free(ns_ctx_t *ctx, void *ptr);
char *ns_strdup(ns_ctx_t *ctx, const char *s);

/**
 * Grow a dynamic array so that it holds at least `need` elements of `size` bytes.
 * *items and *cap are updated; the capacity at least doubles.
 * @return NS_OK or NS_ENOMEM (the array is unchanged).
 */
ns_status ns_grow(ns_ctx_t *ctx, void **items, size_t *cap, size_t need, size_t size);

/* ---- Arenas --------------------------------------------------------------------- */

/* A bump allocator: many small allocations freed at once. Value type. */
typedef struct ns_arena_chunk ns_arena_chunk_t;
typedef struct ns_arena {
    ns_ctx_t *ctx; /* Borrowed; chunks come from its allocation hook. */
    ns_arena_chunk_t *head;
    size_t chunk_size;
    size_t total; /* Bytes handed out. */
} ns_arena_t;

void ns_arena_init(ns_arena_t *arena, ns_ctx_t *ctx);
/* Free every chunk. Accepts a zeroed arena. */
void ns_arena_free(ns_arena_t *arena);
/* Aligned to max_align_t; NULL and NS_ENOMEM on failure. Zero-filled. */
void *ns_arena_alloc(ns_arena_t *arena, size_t size);
char *ns_arena_strdup(ns_arena_t *arena, const char *s);
char *ns_arena_strndup(ns_arena_t *arena, const char *s, size_t n);

/* ---- Random numbers ------------------------------------------------------------- */

/* Counter-based generator (Random123 Philox4x32-10): the stream is a pure function of
 * (seed, stream key), so a replicate draws the same numbers whichever thread or process
 * runs it. Value type, no allocation. */
typedef struct ns_rng {
    uint32_t key[2];
    uint32_t ctr[4];
    uint32_t buf[4];
    int left; /* Unused words in buf. */
} ns_rng_t;

/**
 * Initialise a stream.
 * @param seed    in: the study's seed.
 * @param stream  in: up to three 32-bit ids naming the stream (for example replicate,
 *                actor, round); pass 0 for unused ones.
 */
void ns_rng_init(ns_rng_t *rng, uint64_t seed, uint32_t a, uint32_t b, uint32_t c);
uint32_t ns_rng_u32(ns_rng_t *rng);
uint64_t ns_rng_u64(ns_rng_t *rng);
/* Uniform on [0, 1), 53 random bits. */
double ns_rng_uniform(ns_rng_t *rng);
/* Standard normal (Box-Muller, no cached second value, so streams stay stateless). */
double ns_rng_normal(ns_rng_t *rng);
/* Uniform integer in [0, n), unbiased; n > 0. */
uint32_t ns_rng_below(ns_rng_t *rng, uint32_t n);

/* ---- Version -------------------------------------------------------------------- */

/* "MAJOR.MINOR.PATCH". */
const char *ns_version(void);

#ifdef __cplusplus
}
#endif
#endif
