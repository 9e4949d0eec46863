/* Output tables: text cells under named columns, written as an aligned table, CSV
 * (RFC 4180) or JSON (array of objects; numeric-looking cells as numbers).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ns_rows {
    ns_ctx_t *ctx;
    ns_arena_t arena; /* Column names and cell texts. */
    size_t n_cols;
    char **columns;
    const char **cells; /* n_rows * n_cols; NULL = empty. */
    size_t n_rows, cap_rows;
};

ns_status ns_format_parse(const char *s, ns_format_t *out)
{
    if (strcmp(s, "table") == 0) {
        *out = NS_FORMAT_TABLE;
    } else if (strcmp(s, "csv") == 0) {
        *out = NS_FORMAT_CSV;
    } else if (strcmp(s, "json") == 0) {
        *out = NS_FORMAT_JSON;
    } else {
        return NS_EINVAL;
    }
    return NS_OK;
}

ns_status ns_rows_new(ns_ctx_t *ctx, const char *const *columns, size_t n_cols, ns_rows_t **out)
{
    *out = NULL;
    if (n_cols == 0) {
        return ns_error(ctx, NS_EINVAL, "a table needs at least one column");
    }
    ns_rows_t *rows = ns_calloc(ctx, 1, sizeof *rows);
    if (rows == NULL) {
        return NS_ENOMEM;
    }
    rows->ctx = ctx;
    ns_arena_init(&rows->arena, ctx);
    rows->n_cols = n_cols;
    rows->columns = ns_arena_alloc(&rows->arena, n_cols * sizeof *rows->columns);
    if (rows->columns == NULL) {
        ns_rows_free(rows);
        return NS_ENOMEM;
    }
    for (size_t c = 0; c < n_cols; c++) {
        rows->columns[c] = ns_arena_strdup(&rows->arena, columns[c]);
        if (rows->columns[c] == NULL) {
            ns_rows_free(rows);
            return NS_ENOMEM;
        }
    }
    *out = rows;
    return NS_OK;
}

void ns_rows_free(ns_rows_t *rows)
{
    if (rows == NULL) {
        return;
    }
    ns_ctx_t *ctx = rows->ctx;
    ns_arena_free(&rows->arena);
    ns_free(ctx, rows->cells);
    ns_free(ctx, rows);
}

ns_status ns_rows_add(ns_rows_t *rows)
{
    size_t need = (rows->n_rows + 1) * rows->n_cols;
    size_t cap = rows->cap_rows * rows->n_cols;
    if (ns_grow(rows->ctx, (void **)&rows->cells, &cap, need, sizeof *rows->cells) != NS_OK) {
        return NS_ENOMEM;
    }
    rows->cap_rows = cap / rows->n_cols;
    memset(rows->cells + rows->n_rows * rows->n_cols, 0, rows->n_cols * sizeof *rows->cells);
    rows->n_rows++;
    return NS_OK;
}

ns_status ns_rows_set(ns_rows_t *rows, size_t col, const char *text)
{
    if (rows->n_rows == 0 || col >= rows->n_cols) {
        return ns_error(rows->ctx, NS_EINTERNAL, "ns_rows_set: no row or column %zu", col);
    }
    char *copy = ns_arena_strdup(&rows->arena, text != NULL ? text : "");
    if (copy == NULL) {
        return NS_ENOMEM;
    }
    rows->cells[(rows->n_rows - 1) * rows->n_cols + col] = copy;
    return NS_OK;
}

ns_status ns_rows_setf(ns_rows_t *rows, size_t col, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return ns_rows_set(rows, col, text);
}

ns_status ns_rows_set_num(ns_rows_t *rows, size_t col, double value, int digits)
{
    if (isnan(value)) {
        return ns_rows_set(rows, col, "");
    }
    /* No result is printed as "Inf": an infinity is an overflow upstream, and a table,
     * CSV or JSON holding it would be a silently wrong answer (NaN is an empty cell: not
     * defined, said so by the column's documentation). */
    if (isinf(value)) {
        return ns_error_at(rows->ctx, NS_ERANGE, NULL, 0, 0,
                           col < rows->n_cols ? rows->columns[col] : "",
                           "row %zu: the result is not finite (%s): an input is too large for "
                           "a finite answer",
                           rows->n_rows, value > 0 ? "Inf" : "-Inf");
    }
    char text[64];
    snprintf(text, sizeof text, "%.*g", digits, value);
    if (strcmp(text, "-0") == 0) {
        text[0] = '0';
        text[1] = '\0';
    }
    return ns_rows_set(rows, col, text);
}

size_t ns_rows_count(const ns_rows_t *rows)
{
    return rows->n_rows;
}
size_t ns_rows_ncols(const ns_rows_t *rows)
{
    return rows->n_cols;
}

const char *ns_rows_column(const ns_rows_t *rows, size_t col)
{
    return col < rows->n_cols ? rows->columns[col] : NULL;
}

size_t ns_rows_find_column(const ns_rows_t *rows, const char *name)
{
    for (size_t c = 0; c < ns_rows_ncols(rows); c++) {
        if (strcmp(ns_rows_column(rows, c), name) == 0) {
            return c;
        }
    }
    return SIZE_MAX;
}

const char *ns_rows_cell(const ns_rows_t *rows, size_t row, size_t col)
{
    if (row >= rows->n_rows || col >= rows->n_cols) {
        return "";
    }
    const char *s = rows->cells[row * rows->n_cols + col];
    return s != NULL ? s : "";
}

/* ---- Writers ---- */

/* Display width of UTF-8 text: count code points, not bytes. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s != '\0'; s++) {
        if (((unsigned char)*s & 0xC0) != 0x80) {
            w++;
        }
    }
    return w;
}

static bool looks_numeric(const char *s)
{
    if (s[0] == '\0') {
        return false;
    }
    char *end = NULL;
    double v = strtod(s, &end);
    /* JSON numbers: no leading '+', no "inf"/"nan", no hex, no leading zeros like "007". */
    if (*end != '\0' || !isfinite(v) || s[0] == '+' || s[0] == '.' ||
        strpbrk(s, "xXnNiI") != NULL) {
        return false;
    }
    const char *d = s[0] == '-' ? s + 1 : s;
    if (d[0] == '0' && d[1] != '\0' && d[1] != '.' && d[1] != 'e' && d[1] != 'E') {
        return false;
    }
    return d[0] >= '0' && d[0] <= '9';
}

static void write_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20) {
                fprintf(out, "\\u%04x", c);
            } else {
                fputc(c, out);
            }
        }
    }
    fputc('"', out);
}

static void write_table(const ns_rows_t *rows, const char *title, FILE *out, size_t *width)
{
    for (size_t c = 0; c < rows->n_cols; c++) {
        width[c] = text_width(rows->columns[c]);
        for (size_t r = 0; r < rows->n_rows; r++) {
            size_t w = text_width(ns_rows_cell(rows, r, c));
            if (w > width[c]) {
                width[c] = w;
            }
        }
    }
    if (title != NULL) {
        fprintf(out, "%s\n", title);
    }
    for (size_t r = 0; r <= rows->n_rows + 1; r++) {
        /* Spaces are held back until text follows, so no line ends in spaces. */
        size_t pending = 0;
        for (size_t c = 0; c < rows->n_cols; c++) {
            const char *s;
            if (r == 0) {
                s = rows->columns[c];
            } else if (r == 1) {
                s = NULL;
            } else {
                s = ns_rows_cell(rows, r - 2, c);
            }
            size_t pad = 0;
            if (s == NULL) {
                fprintf(out, "%*s", (int)pending, "");
                pending = 0;
                for (size_t k = 0; k < width[c]; k++) {
                    fputc('-', out);
                }
            } else {
                bool right = r >= 2 && looks_numeric(s);
                pad = width[c] - text_width(s);
                if (right) {
                    pending += pad;
                    pad = 0;
                }
                if (s[0] != '\0') {
                    fprintf(out, "%*s", (int)pending, "");
                    pending = 0;
                    fputs(s, out);
                }
            }
            pending += pad + 2;
        }
        fputc('\n', out);
    }
}

ns_status ns_rows_write(ns_ctx_t *ctx, const ns_rows_t *rows, ns_format_t fmt, const char *title,
                        FILE *out)
{
    switch (fmt) {
    case NS_FORMAT_TABLE: {
        size_t *width = ns_calloc(ctx, rows->n_cols, sizeof *width);
        if (width == NULL) {
            return NS_ENOMEM;
        }
        write_table(rows, title, out, width);
        ns_free(ctx, width);
        break;
    }
    case NS_FORMAT_CSV:
        for (size_t r = 0; r <= rows->n_rows; r++) {
            for (size_t c = 0; c < rows->n_cols; c++) {
                if (c > 0) {
                    fputc(',', out);
                }
                ns_csv_write_cell(out, r == 0 ? rows->columns[c] : ns_rows_cell(rows, r - 1, c));
            }
            fputc('\n', out);
        }
        break;
    case NS_FORMAT_JSON:
        fputs("[", out);
        for (size_t r = 0; r < rows->n_rows; r++) {
            fputs(r == 0 ? "\n  {" : ",\n  {", out);
            for (size_t c = 0; c < rows->n_cols; c++) {
                const char *s = ns_rows_cell(rows, r, c);
                if (c > 0) {
                    fputs(", ", out);
                }
                write_json_string(out, rows->columns[c]);
                fputs(": ", out);
                if (s[0] == '\0') {
                    fputs("null", out);
                } else if (looks_numeric(s)) {
                    fputs(s, out);
                } else {
                    write_json_string(out, s);
                }
            }
            fputs("}", out);
        }
        fputs(rows->n_rows > 0 ? "\n]\n" : "]\n", out);
        break;
    default: return ns_error(ctx, NS_EINVAL, "unknown output format %d", (int)fmt);
    }
    if (ferror(out)) {
        return ns_error(ctx, NS_EIO, "write failed: %s", strerror(errno));
    }
    return NS_OK;
}
