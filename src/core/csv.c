/* RFC 4180 CSV reader over a buffer, keeping the line and column of every field so
 * that every loader can name file:line:column in its errors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct ns_csv {
    ns_ctx_t *ctx;
    char *name;
    const char *text;
    size_t size;
    size_t pos;
    char *owned; /* The bytes, when the reader read the file itself. */
    int line;    /* Line where the next record starts. */
    int col;     /* Column (1-based, bytes) of pos. */
    int rec_line;

    /* Current record: fields stored NUL-separated in buf. */
    char *buf;
    size_t buf_len, buf_cap;
    struct field_place {
        size_t start; /* Offset in buf. */
        int line, col;
    } * field;
    size_t nfields, fcap;
};

ns_status ns_csv_open_mem(ns_ctx_t *ctx, const char *name, const char *text, size_t size,
                          ns_csv_t **out)
{
    *out = NULL;
    ns_csv_t *csv = ns_calloc(ctx, 1, sizeof *csv);
    if (csv == NULL) {
        return NS_ENOMEM;
    }
    csv->ctx = ctx;
    csv->name = ns_strdup(ctx, name != NULL ? name : "<memory>");
    if (csv->name == NULL) {
        ns_free(ctx, csv);
        return NS_ENOMEM;
    }
    csv->text = text;
    csv->size = size;
    csv->line = 1;
    csv->col = 1;
    /* A UTF-8 byte order mark is not part of the first field. */
    if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        csv->pos = 3;
    }
    *out = csv;
    return NS_OK;
}

ns_status ns_read_file(ns_ctx_t *ctx, const char *path, size_t max_bytes, char **bytes,
                       size_t *size)
{
    ns_status st = NS_OK;
    char *buf = NULL;
    *bytes = NULL;
    *size = 0;
    FILE *f = NULL;
    st = ns_file_open_read(ctx, path, &f);
    if (st != NS_OK) {
        return st;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0) {
        st = ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
        goto cleanup;
    }
    if ((unsigned long long)sb.st_size > max_bytes) {
        st = ns_error_at(ctx, NS_ELIMIT, path, 0, 0, NULL,
                         "file of %lld bytes is over the limit of %zu bytes", (long long)sb.st_size,
                         max_bytes);
        goto cleanup;
    }
    size_t n = (size_t)sb.st_size;
    buf = ns_malloc(ctx, n + 1);
    if (buf == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    if (n > 0 && fread(buf, 1, n, f) != n) {
        st = ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "read failed (file truncated while read?)");
        goto cleanup;
    }
    buf[n] = '\0';
    *bytes = buf;
    *size = n;
    buf = NULL;
cleanup:
    ns_free(ctx, buf);
    fclose(f);
    return st;
}

ns_status ns_csv_open_file(ns_ctx_t *ctx, const char *path, ns_csv_t **out)
{
    *out = NULL;
    char *bytes = NULL;
    size_t size = 0;
    ns_status st = ns_read_file(ctx, path, NS_MAX_FILE_BYTES, &bytes, &size);
    if (st == NS_OK) {
        st = ns_csv_open_mem(ctx, path, bytes, size, out);
    }
    if (st == NS_OK) {
        (*out)->owned = bytes;
    } else {
        ns_free(ctx, bytes);
    }
    return st;
}

void ns_csv_write_cell(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s != '\0'; s++) {
        if (*s == '"') {
            fputc('"', out);
        }
        fputc(*s, out);
    }
    fputc('"', out);
}

char *ns_format_double(char *buf, double v)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return buf;
    }
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) {
            break;
        }
    }
    return buf;
}

void ns_csv_free(ns_csv_t *csv)
{
    if (csv == NULL) {
        return;
    }
    ns_ctx_t *ctx = csv->ctx;
    ns_free(ctx, csv->owned);
    ns_free(ctx, csv->name);
    ns_free(ctx, csv->buf);
    ns_free(ctx, csv->field);
    ns_free(ctx, csv);
}

static ns_status put_byte(ns_csv_t *csv, char c)
{
    if (csv->buf_len + 1 > NS_MAX_LINE_BYTES) {
        return ns_error_at(csv->ctx, NS_ELIMIT, csv->name, csv->rec_line, 0, NULL,
                           "record longer than the 1 MiB limit");
    }
    if (ns_grow(csv->ctx, (void **)&csv->buf, &csv->buf_cap, csv->buf_len + 1, 1) != NS_OK) {
        return NS_ENOMEM;
    }
    csv->buf[csv->buf_len++] = c;
    return NS_OK;
}

static ns_status begin_field(ns_csv_t *csv)
{
    if (ns_grow(csv->ctx, (void **)&csv->field, &csv->fcap, csv->nfields + 1, sizeof *csv->field) !=
        NS_OK) {
        return NS_ENOMEM;
    }
    csv->field[csv->nfields].start = csv->buf_len;
    csv->field[csv->nfields].line = csv->line;
    csv->field[csv->nfields].col = csv->col;
    csv->nfields++;
    return NS_OK;
}

/* Advance over one byte, tracking line and column. */
static char advance(ns_csv_t *csv)
{
    char c = csv->text[csv->pos++];
    if (c == '\n') {
        csv->line++;
        csv->col = 1;
    } else {
        csv->col++;
    }
    return c;
}

ns_status ns_csv_next(ns_csv_t *csv)
{
    ns_status st;
    csv->nfields = 0;
    csv->buf_len = 0;
    if (csv->pos >= csv->size) {
        return NS_DONE;
    }
    csv->rec_line = csv->line;
    if ((st = begin_field(csv)) != NS_OK) {
        return st;
    }
    bool quoted = false;
    bool after_quote = false; /* A quoted field has closed; only , or newline may follow. */
    bool field_start = true;
    while (csv->pos < csv->size) {
        char c = csv->text[csv->pos];
        if (c == '\0') {
            return ns_error_at(csv->ctx, NS_EPARSE, csv->name, csv->line, csv->col, NULL,
                               "NUL byte in text (is this a binary file?)");
        }
        if (quoted) {
            advance(csv);
            if (c == '"') {
                if (csv->pos < csv->size && csv->text[csv->pos] == '"') {
                    advance(csv);
                    if ((st = put_byte(csv, '"')) != NS_OK) {
                        return st;
                    }
                } else {
                    quoted = false;
                    after_quote = true;
                }
            } else if ((st = put_byte(csv, c)) != NS_OK) {
                return st;
            }
            continue;
        }
        if (c == ',') {
            advance(csv);
            if ((st = put_byte(csv, '\0')) != NS_OK || (st = begin_field(csv)) != NS_OK) {
                return st;
            }
            after_quote = false;
            field_start = true;
            continue;
        }
        if (c == '\n' || c == '\r') {
            advance(csv);
            if (c == '\r' && csv->pos < csv->size && csv->text[csv->pos] == '\n') {
                advance(csv);
            } else if (c == '\r') {
                csv->line++;
                csv->col = 1;
            }
            return put_byte(csv, '\0') == NS_OK ? NS_CONTINUE : NS_ENOMEM;
        }
        if (after_quote) {
            return ns_error_at(csv->ctx, NS_EPARSE, csv->name, csv->line, csv->col, NULL,
                               "text after a closing quote (a quote inside a field must be "
                               "doubled)");
        }
        if (c == '"' && field_start) {
            advance(csv);
            quoted = true;
            field_start = false;
            continue;
        }
        field_start = false;
        advance(csv);
        if ((st = put_byte(csv, c)) != NS_OK) {
            return st;
        }
    }
    if (quoted) {
        return ns_error_at(csv->ctx, NS_EPARSE, csv->name, csv->field[csv->nfields - 1].line,
                           csv->field[csv->nfields - 1].col, NULL,
                           "quoted field never closed (truncated file?)");
    }
    return put_byte(csv, '\0') == NS_OK ? NS_CONTINUE : NS_ENOMEM;
}

size_t ns_csv_nfields(const ns_csv_t *csv)
{
    return csv->nfields;
}

const char *ns_csv_field(const ns_csv_t *csv, size_t i)
{
    return i < csv->nfields ? csv->buf + csv->field[i].start : NULL;
}

int ns_csv_line(const ns_csv_t *csv)
{
    return csv->rec_line;
}

int ns_csv_field_line(const ns_csv_t *csv, size_t i)
{
    return i < csv->nfields ? csv->field[i].line : csv->rec_line;
}

int ns_csv_field_col(const ns_csv_t *csv, size_t i)
{
    return i < csv->nfields ? csv->field[i].col : 0;
}

const char *ns_csv_name(const ns_csv_t *csv)
{
    return csv->name;
}
ns_ctx_t *ns_csv_ctx(const ns_csv_t *csv)
{
    return csv->ctx;
}

ns_status ns_csv_error(ns_csv_t *csv, ns_status st, size_t i, const char *field, const char *fmt,
                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    ns_verror_at(csv->ctx, st, csv->name, ns_csv_field_line(csv, i), ns_csv_field_col(csv, i),
                 field, fmt, ap);
    va_end(ap);
    return st;
}

ns_status ns_csv_int_opt(ns_csv_t *csv, size_t i, const char *field, long min, long max, long dflt,
                         long *out)
{
    const char *s = ns_csv_field(csv, i);
    if (s == NULL || s[0] == '\0') {
        *out = dflt;
        return NS_OK;
    }
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE) {
        return ns_csv_error(csv, NS_EINVAL, i, field, "'%s' is not a whole number", s);
    }
    if (v < min || v > max) {
        return ns_csv_error(csv, NS_ERANGE, i, field, "%ld is outside [%ld, %ld]", v, min, max);
    }
    *out = v;
    return NS_OK;
}

ns_status ns_csv_int(ns_csv_t *csv, size_t i, const char *field, long min, long max, long *out)
{
    const char *s = ns_csv_field(csv, i);
    if (s == NULL || s[0] == '\0') {
        return ns_csv_error(csv, NS_EINVAL, i, field, "missing value");
    }
    return ns_csv_int_opt(csv, i, field, min, max, 0, out);
}

ns_status ns_csv_double_opt(ns_csv_t *csv, size_t i, const char *field, double min, double max,
                            double dflt, double *out)
{
    const char *s = ns_csv_field(csv, i);
    if (s == NULL || s[0] == '\0') {
        *out = dflt;
        return NS_OK;
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0') {
        return ns_csv_error(csv, NS_EINVAL, i, field, "'%s' is not a number", s);
    }
    if (!isfinite(v)) {
        return ns_csv_error(csv, NS_ERANGE, i, field, "'%s' is not a finite number", s);
    }
    if (v < min || v > max) {
        return ns_csv_error(csv, NS_ERANGE, i, field, "%g is outside [%g, %g]", v, min, max);
    }
    *out = v;
    return NS_OK;
}

ns_status ns_csv_double(ns_csv_t *csv, size_t i, const char *field, double min, double max,
                        double *out)
{
    const char *s = ns_csv_field(csv, i);
    if (s == NULL || s[0] == '\0') {
        return ns_csv_error(csv, NS_EINVAL, i, field, "missing value");
    }
    return ns_csv_double_opt(csv, i, field, min, max, NAN, out);
}
