/* The validating reader shared by every loader: opens a dataset file, checks its header
 * column by column, refuses records of the wrong width, and parses fields with range
 * checks, reporting every problem as "FILE:LINE:COL: column: reason".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "data/loader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Years in the dataset: the UN's founding is 1945, and nothing is dated beyond 2100. */
#define YEAR_MIN 1900
#define YEAR_MAX 2100

static void header_text(const char *const *cols, size_t ncols, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ncols && n < cap; i++) {
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", i > 0 ? "," : "", cols[i]);
    }
}

ns_status ns__table_open(ns_ctx_t *ctx, const ns_data_options_t *opts, const char *name,
                         const char *const *cols, size_t ncols, ns__table_t *t)
{
    ns_status st = NS_OK;
    char path[4096];
    char expected[512];
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncols = ncols;
    const ns_data_file_t *f = NULL;
    if (opts != NULL && opts->dir == ns__data_mem_dir) {
        /* opts is the first member of an ns__data_source_t (see loader.h). */
        const ns__data_source_t *src = (const ns__data_source_t *)(const void *)opts;
        for (size_t i = 0; i < src->n_files && f == NULL; i++) {
            if (strcmp(src->files[i].name, name) == 0) {
                f = &src->files[i];
            }
        }
    }
    if (f != NULL) {
        st = ns_csv_open_mem(ctx, name, f->bytes, f->size, &t->csv);
    } else if (opts != NULL && opts->dir != NULL && opts->dir != ns__data_mem_dir) {
        int n = snprintf(path, sizeof path, "%s/%s", opts->dir, name);
        if (n < 0 || (size_t)n >= sizeof path) {
            st = ns_error(ctx, NS_ELIMIT, "data directory path too long: %s", opts->dir);
            goto cleanup;
        }
        st = ns_csv_open_file(ctx, path, &t->csv);
    } else {
        f = ns_data_builtin_file(name);
        if (f == NULL) {
            st = ns_error(ctx, NS_EINTERNAL, "built-in data file %s is missing", name);
            goto cleanup;
        }
        st = ns_csv_open_mem(ctx, name, f->bytes, f->size, &t->csv);
    }
    if (st != NS_OK) {
        goto cleanup;
    }
    header_text(cols, ncols, expected, sizeof expected);
    st = ns_csv_next(t->csv);
    if (st == NS_DONE) {
        st = ns_error_at(ctx, NS_EPARSE, ns_csv_name(t->csv), 1, 1, "header",
                         "the file is empty; expected the header %s", expected);
        goto cleanup;
    }
    if (st != NS_CONTINUE) {
        goto cleanup;
    }
    st = NS_OK;
    size_t nf = ns_csv_nfields(t->csv);
    for (size_t i = 0; i < ncols; i++) {
        if (i >= nf) {
            st = ns_csv_error(t->csv, NS_EPARSE, nf - 1, "header",
                              "column '%s' is missing; expected the header %s", cols[i], expected);
            goto cleanup;
        }
        if (strcmp(ns_csv_field(t->csv, i), cols[i]) != 0) {
            st = ns_csv_error(t->csv, NS_EPARSE, i, "header",
                              "expected column '%s', found '%s'; expected the header %s", cols[i],
                              ns_csv_field(t->csv, i), expected);
            goto cleanup;
        }
    }
    if (nf > ncols) {
        st = ns_csv_error(t->csv, NS_EPARSE, ncols, "header",
                          "unexpected column '%s'; expected the header %s",
                          ns_csv_field(t->csv, ncols), expected);
        goto cleanup;
    }
cleanup:
    if (st != NS_OK) {
        ns__table_close(t);
    }
    return st;
}

void ns__table_close(ns__table_t *t)
{
    if (t != NULL) {
        ns_csv_free(t->csv);
        t->csv = NULL;
    }
}

ns_status ns__table_next(ns__table_t *t)
{
    ns_status st = ns_csv_next(t->csv);
    if (st == NS_CONTINUE && ns_csv_nfields(t->csv) != t->ncols) {
        size_t nf = ns_csv_nfields(t->csv);
        /* Point at the last field read: where a truncated or overlong row goes wrong. */
        st = ns_csv_error(t->csv, NS_EPARSE, nf > 0 ? nf - 1 : 0, NULL,
                          "row has %zu fields, expected %zu (%s ... %s)", nf, t->ncols, t->cols[0],
                          t->cols[t->ncols - 1]);
    }
    if (st == NS_CONTINUE) {
        t->rows++;
    } else if (st == NS_DONE && t->rows == 0 && !t->may_be_empty) {
        st = ns_csv_error(t->csv, NS_EINVAL, 0, NULL,
                          "holds only its header and no rows; the dataset needs this table");
    }
    return st;
}

const char *ns__text(const ns__table_t *t, size_t i)
{
    const char *s = ns_csv_field(t->csv, i);
    return s != NULL ? s : "";
}

int ns__line(const ns__table_t *t)
{
    return ns_csv_line(t->csv);
}

ns_status ns__error(ns__table_t *t, ns_status st, size_t i, const char *fmt, ...)
{
    char text[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return ns_csv_error(t->csv, st, i, i < t->ncols ? t->cols[i] : NULL, "%s", text);
}

ns_status ns__need(ns__table_t *t, size_t i)
{
    return ns__text(t, i)[0] != '\0' ? NS_OK : ns__error(t, NS_EINVAL, i, "missing value");
}

ns_status ns__state(ns__table_t *t, const ns_world_t *w, size_t i, size_t *state)
{
    ns_ctx_t *ctx = ns_csv_ctx(t->csv);
    ns_status st = ns__need(t, i);
    if (st == NS_OK && ns_world_find_state(ctx, w, ns__text(t, i), state) != NS_OK) {
        /* Keep the lookup's message, with its suggestion, and add the place. */
        char msg[512];
        snprintf(msg, sizeof msg, "%s (not in states.csv)", ns_ctx_errmsg(ctx));
        st = ns__error(t, NS_EINVAL, i, "%s", msg);
    }
    return st;
}

ns_status ns__choice(ns__table_t *t, size_t i, const char *const *choices, size_t n, bool required,
                     int *k)
{
    const char *s = ns__text(t, i);
    *k = -1;
    if (s[0] == '\0') {
        return required ? ns__error(t, NS_EINVAL, i, "missing value") : NS_OK;
    }
    char allowed[512];
    size_t len = 0;
    allowed[0] = '\0';
    for (size_t c = 0; c < n; c++) {
        if (strcmp(s, choices[c]) == 0) {
            *k = (int)c;
            return NS_OK;
        }
        if (len < sizeof allowed) {
            len += (size_t)snprintf(allowed + len, sizeof allowed - len, "%s%s", c > 0 ? ", " : "",
                                    choices[c]);
        }
    }
    return ns__error(t, NS_EINVAL, i, "'%s' is not one of %s", s, allowed);
}

ns_status ns__verified(ns__table_t *t, size_t i, ns_verified_t *v)
{
    static const char *const values[] = {"yes", "partly", "no"};
    int k = -1;
    ns_status st = ns__choice(t, i, values, NS__NCOLS(values), true, &k);
    if (st == NS_OK) {
        *v = (ns_verified_t)(NS_VERIFIED_YES + k);
    }
    return st;
}

ns_status ns__int(ns__table_t *t, size_t i, bool required, long min, long max, long dflt, int *out)
{
    long v = dflt;
    const char *col = t->cols[i];
    ns_status st = required ? ns_csv_int(t->csv, i, col, min, max, &v)
                            : ns_csv_int_opt(t->csv, i, col, min, max, dflt, &v);
    if (st == NS_OK) {
        *out = (int)v;
    }
    return st;
}

ns_status ns__year(ns__table_t *t, size_t i, bool required, int *year)
{
    return ns__int(t, i, required, YEAR_MIN, YEAR_MAX, 0, year);
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

ns_status ns__date(ns__table_t *t, size_t i, bool required, int *year)
{
    static const int month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const char *s = ns__text(t, i);
    size_t n = strlen(s);
    *year = 0;
    if (n == 0) {
        return required ? ns__error(t, NS_EINVAL, i, "missing value") : NS_OK;
    }
    bool shape = (n == 4 || n == 7 || n == 10) && digits(s, 4) &&
                 (n < 7 || (s[4] == '-' && digits(s + 5, 2))) &&
                 (n < 10 || (s[7] == '-' && digits(s + 8, 2)));
    if (!shape) {
        return ns__error(t, NS_EPARSE, i, "'%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s);
    }
    int y = atoi(s);
    int m = n >= 7 ? atoi(s + 5) : 1;
    int d = n >= 10 ? atoi(s + 8) : 1;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1 ||
        d > month_days[m - 1] - (m == 2 && !leap ? 1 : 0)) {
        return ns__error(t, NS_ERANGE, i, "'%s' is not a valid date between %d and %d", s, YEAR_MIN,
                         YEAR_MAX);
    }
    *year = y;
    return NS_OK;
}

bool ns__keep(ns_verified_filter_t filter, ns_verified_t v)
{
    switch (filter) {
    case NS_FILTER_VERIFIED: return v == NS_VERIFIED_NA || v == NS_VERIFIED_YES;
    case NS_FILTER_PARTLY: return v != NS_VERIFIED_NO;
    case NS_FILTER_ALL: break;
    }
    return true;
}
