/* Appending to a fixed text buffer, and the nearest names for "did you mean"
 * (core/internal.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

size_t ns__edit_distance_fold(const char *a, const char *b, bool fold)
{
    /* Levenshtein (1966), one row of the table. */
    size_t la = strlen(a);
    size_t lb = strlen(b);
    if (la > 64 || lb > 64) {
        return SIZE_MAX;
    }
    size_t row[65];
    for (size_t j = 0; j <= lb; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            int ca = (unsigned char)a[i - 1];
            int cb = (unsigned char)b[j - 1];
            if (fold) {
                ca = tolower(ca);
                cb = tolower(cb);
            }
            size_t cost = ca == cb ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best) {
                best = up + 1;
            }
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

size_t ns__edit_distance(const char *a, const char *b)
{
    return ns__edit_distance_fold(a, b, false);
}

void ns__nearest(const char *word, size_t n, ns__distance_cb dist, ns__name_cb name,
                 const void *cands, char *buf, size_t size)
{
    size_t best[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
    size_t best_d[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
    size_t len = strlen(word);
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    for (size_t i = 0; i < n; i++) {
        size_t d = dist(word, i, cands);
        for (size_t k = 0; k < 3 && d <= limit; k++) {
            if (d < best_d[k]) {
                for (size_t m = 2; m > k; m--) {
                    best[m] = best[m - 1];
                    best_d[m] = best_d[m - 1];
                }
                best[k] = i;
                best_d[k] = d;
                break;
            }
        }
    }
    /* Two candidates may print alike (a key that is both a name and a pattern). */
    char names[3][96];
    size_t count = 0;
    for (size_t k = 0; k < 3 && best[k] != SIZE_MAX; k++) {
        name(best[k], cands, names[count], sizeof names[count]);
        bool dup = false;
        for (size_t j = 0; j < count; j++) {
            dup = dup || strcmp(names[j], names[count]) == 0;
        }
        count += dup ? 0 : 1;
    }
    ns__text_t t = {buf, size, 0};
    if (size > 0) {
        buf[0] = '\0';
    }
    for (size_t k = 0; k < count; k++) {
        ns__text_put(&t, "%s'%s'", k == 0 ? "" : k + 1 == count ? " or " : ", ", names[k]);
    }
}

static size_t list_distance(const char *word, size_t i, const void *names)
{
    return ns__edit_distance(word, ((const char *const *)names)[i]);
}

static void list_name(size_t i, const void *names, char *buf, size_t size)
{
    snprintf(buf, size, "%s", ((const char *const *)names)[i]);
}

void ns__nearest_names(const char *word, const char *const *names, size_t n, char *buf, size_t size)
{
    ns__nearest(word, n, list_distance, list_name, names, buf, size);
}
