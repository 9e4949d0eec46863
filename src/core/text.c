/* Appending to a fixed text buffer (core/internal.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <stdarg.h>
#include <stdio.h>

void ns__text_put(ns__text_t *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *dst = t->len < t->size ? t->buf + t->len : NULL;
    size_t room = t->len < t->size ? t->size - t->len : 0;
    int n = vsnprintf(dst, room, fmt, ap);
    va_end(ap);
    if (n > 0) {
        t->len += (size_t)n;
    }
}
