/* The context: error state and allocation hook. No global mutable state.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *std_malloc(size_t size, void *user)
{
    (void)user;
    return malloc(size);
}

static void *std_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    return realloc(ptr, size);
}

static void std_free(void *ptr, void *user)
{
    (void)user;
    free(ptr);
}

ns_status ns_ctx_new(const ns_allocator_t *alloc, ns_ctx_t **out)
{
    ns_allocator_t a = {std_malloc, std_realloc, std_free, NULL};
    if (alloc != NULL) {
        a = *alloc;
    }
    *out = NULL;
    ns_ctx_t *ctx = a.malloc_cb(sizeof *ctx, a.user);
    if (ctx == NULL) {
        return NS_ENOMEM;
    }
    memset(ctx, 0, sizeof *ctx);
    ctx->alloc = a;
    *out = ctx;
    return NS_OK;
}

void ns_ctx_free(ns_ctx_t *ctx)
{
    if (ctx == NULL) {
        return;
    }
    ns_allocator_t a = ctx->alloc;
    a.free_cb(ctx, a.user);
}

const char *ns_ctx_errmsg(const ns_ctx_t *ctx)
{
    return ctx->msg;
}
ns_status ns_ctx_status(const ns_ctx_t *ctx)
{
    return ctx->status;
}
const char *ns_ctx_errfile(const ns_ctx_t *ctx)
{
    return ctx->file;
}
int ns_ctx_errline(const ns_ctx_t *ctx)
{
    return ctx->line;
}
int ns_ctx_errcol(const ns_ctx_t *ctx)
{
    return ctx->col;
}
const char *ns_ctx_errfield(const ns_ctx_t *ctx)
{
    return ctx->field;
}

void ns_ctx_clear_error(ns_ctx_t *ctx)
{
    ctx->status = NS_OK;
    ctx->msg[0] = '\0';
    ctx->file[0] = '\0';
    ctx->field[0] = '\0';
    ctx->line = 0;
    ctx->col = 0;
}

const char *ns_status_str(ns_status st)
{
    switch (st) {
    case NS_OK: return "ok";
    case NS_CONTINUE: return "continue";
    case NS_DONE: return "done";
    case NS_EINVAL: return "invalid input";
    case NS_ENOMEM: return "out of memory";
    case NS_EIO: return "input/output error";
    case NS_ENOTFOUND: return "not found";
    case NS_ERANGE: return "out of range";
    case NS_EPARSE: return "parse error";
    case NS_ELIMIT: return "over a size limit";
    case NS_ENOCONV: return "did not converge";
    case NS_EINTERNAL: return "internal error";
    default: return "unknown status";
    }
}

static void copy_bounded(char *dst, size_t cap, const char *src)
{
    size_t n = src != NULL ? strlen(src) : 0;
    if (n >= cap) {
        n = cap - 1;
    }
    if (n > 0) {
        memcpy(dst, src, n);
    }
    dst[n] = '\0';
}

ns_status ns_verror_at(ns_ctx_t *ctx, ns_status st, const char *file, int line, int col,
                       const char *field, const char *fmt, va_list ap)
{
    char text[sizeof ctx->msg];
    vsnprintf(text, sizeof text, fmt, ap);
    copy_bounded(ctx->file, sizeof ctx->file, file);
    copy_bounded(ctx->field, sizeof ctx->field, field);
    ctx->line = line > 0 ? line : 0;
    ctx->col = col > 0 ? col : 0;
    ctx->status = st;

    /* "FILE:LINE:COL: FIELD: MSG", leaving out what is unknown. */
    size_t n = 0;
    size_t cap = sizeof ctx->msg;
    if (ctx->file[0] != '\0') {
        n += (size_t)snprintf(ctx->msg + n, cap - n, "%s", ctx->file);
        if (ctx->line > 0 && n < cap) {
            n += (size_t)snprintf(ctx->msg + n, cap - n, ":%d", ctx->line);
            if (ctx->col > 0 && n < cap) {
                n += (size_t)snprintf(ctx->msg + n, cap - n, ":%d", ctx->col);
            }
        }
        if (n < cap) {
            n += (size_t)snprintf(ctx->msg + n, cap - n, ": ");
        }
    }
    if (ctx->field[0] != '\0' && n < cap) {
        n += (size_t)snprintf(ctx->msg + n, cap - n, "%s: ", ctx->field);
    }
    if (n < cap) {
        snprintf(ctx->msg + n, cap - n, "%s", text);
    }
    return st;
}

ns_status ns_error_at(ns_ctx_t *ctx, ns_status st, const char *file, int line, int col,
                      const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ns_verror_at(ctx, st, file, line, col, field, fmt, ap);
    va_end(ap);
    return st;
}

ns_status ns_error(ns_ctx_t *ctx, ns_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ns_verror_at(ctx, st, NULL, 0, 0, NULL, fmt, ap);
    va_end(ap);
    return st;
}

const char *ns_version(void)
{
    return NS_VERSION_STRING;
}
