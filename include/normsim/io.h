/* normsim: CSV reading and the tables that every command prints.
 *
 * ns_csv_t reads RFC 4180 CSV (quoted fields, "" escapes, CRLF or LF) from memory and
 * keeps the line and column of every field, so that loaders can report file:line:col.
 *
 * ns_rows_t is a table of text cells with named columns, written as an aligned text
 * table, CSV (header row, RFC 4180, loadable by pandas and R as is) or JSON (an array
 * of objects; cells that parse as numbers are written as numbers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_IO_H
#define NORMSIM_IO_H

#include "normsim/core.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Files and cells ------------------------------------------------------------ */

/**
 * Open an input file for reading: only a regular file is accepted. The file is opened
 * with O_NONBLOCK and checked with fstat() before anything is read, so a FIFO never
 * blocks and a device or a folder is refused at once.
 * @param out  out: the stream (close with fclose()); NULL on failure.
 * @return NS_OK; NS_ENOTFOUND (no such file); NS_EINVAL ("FILE: not a regular file
 *         (a FIFO|a device|a folder|...)"); NS_EIO (cannot open: permissions, ...).
 */
ns_status ns_file_open_read(ns_ctx_t *ctx, const char *path, FILE **out);

/**
 * Open (create or truncate) an output file for writing without following a symbolic
 * link at `path` (O_NOFOLLOW): a link planted where normsim writes is refused, never
 * written through. Only a regular file is truncated.
 * @param out  out: the stream (close with fclose()); NULL on failure.
 * @return NS_OK; NS_EINVAL ("FILE: a symbolic link; refusing to write through it", or
 *         not a regular file); NS_EIO (cannot create: permissions, missing folder, ...).
 */
ns_status ns_file_open_write(ns_ctx_t *ctx, const char *path, FILE **out);

/**
 * Check a folder that normsim is to write into (`-o DIR`, `--plot DIR`): create it if
 * missing (one level, mode 0777 less the umask); refuse a symbolic link at the path
 * (NS_EINVAL: "DIR: a symbolic link; refusing to write through it") or anything that is
 * not a folder (NS_EINVAL); NS_EIO when it cannot be created.
 */
ns_status ns_file_output_dir(ns_ctx_t *ctx, const char *dir);

/**
 * Read a whole regular file into memory (NUL-terminated; the terminator is not counted
 * in *size). Free *bytes with ns_free(). Opened with ns_file_open_read().
 * @return NS_OK; NS_ENOTFOUND (no such file); NS_EINVAL (not a regular file); NS_EIO
 *         (unreadable), each naming the file; NS_ELIMIT over max_bytes; NS_ENOMEM.
 */
ns_status ns_read_file(ns_ctx_t *ctx, const char *path, size_t max_bytes, char **bytes,
                       size_t *size);

/* Write one CSV cell (RFC 4180: quoted when it holds a comma, quote or line break). */
void ns_csv_write_cell(FILE *out, const char *text);

/* The shortest "%.*g" text (15 to 17 digits) that reads back as exactly v; "" for NaN.
 * buf must hold 32 bytes. Returns buf. */
char *ns_format_double(char *buf, double v);

/* ---- Reading CSV ---------------------------------------------------------------- */

typedef struct ns_csv ns_csv_t;

/**
 * Start reading CSV text.
 * @param name  in: the file name used in error messages (copied).
 * @param text  in: borrowed; must outlive the reader. Need not be NUL-terminated.
 * @return NS_OK, NS_ENOMEM.
 */
ns_status ns_csv_open_mem(ns_ctx_t *ctx, const char *name, const char *text, size_t size,
                          ns_csv_t **out);
/* Read a whole file into memory and open it (the reader owns the bytes). NS_EIO or
 * NS_ENOTFOUND with a message naming the file; NS_ELIMIT over 1 GiB. */
ns_status ns_csv_open_file(ns_ctx_t *ctx, const char *path, ns_csv_t **out);
void ns_csv_free(ns_csv_t *csv);

/**
 * Read the next record.
 * @return NS_CONTINUE (a record was read), NS_DONE (end of input), NS_EPARSE
 *         (unterminated quote, text after a closing quote, NUL byte; the message names
 *         line and column), NS_ELIMIT (a record over 1 MiB), NS_ENOMEM.
 * A blank last line is not a record.
 */
ns_status ns_csv_next(ns_csv_t *csv);
size_t ns_csv_nfields(const ns_csv_t *csv);
/* Field i of the current record (NUL-terminated, valid until the next ns_csv_next), or
 * NULL if i is out of range. */
const char *ns_csv_field(const ns_csv_t *csv, size_t i);
/* Line and column where field i starts (1-based); line of the record's start for i
 * out of range. */
int ns_csv_line(const ns_csv_t *csv);
int ns_csv_field_line(const ns_csv_t *csv, size_t i);
int ns_csv_field_col(const ns_csv_t *csv, size_t i);
const char *ns_csv_name(const ns_csv_t *csv);

/* Helpers that parse field i of the current record and report errors at its place,
 * using `field` as the column name in the message. Empty fields: NS_EINVAL unless
 * the _opt variant is used, which leaves *out as the given default. */
ns_status ns_csv_int(ns_csv_t *csv, size_t i, const char *field, long min, long max, long *out);
ns_status ns_csv_int_opt(ns_csv_t *csv, size_t i, const char *field, long min, long max, long dflt,
                         long *out);
ns_status ns_csv_double(ns_csv_t *csv, size_t i, const char *field, double min, double max,
                        double *out);
ns_status ns_csv_double_opt(ns_csv_t *csv, size_t i, const char *field, double min, double max,
                            double dflt, double *out);
/* Report an error at field i of the current record. */
ns_status ns_csv_error(ns_csv_t *csv, ns_status st, size_t i, const char *field, const char *fmt,
                       ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
ns_ctx_t *ns_csv_ctx(const ns_csv_t *csv);

/* ---- Output tables -------------------------------------------------------------- */

typedef enum ns_format { NS_FORMAT_TABLE = 0, NS_FORMAT_CSV, NS_FORMAT_JSON } ns_format_t;

ns_status ns_format_parse(const char *s, ns_format_t *out); /* NS_EINVAL if unknown */

typedef struct ns_rows ns_rows_t;

/* A table with n_cols named columns (names copied). */
ns_status ns_rows_new(ns_ctx_t *ctx, const char *const *columns, size_t n_cols, ns_rows_t **out);
void ns_rows_free(ns_rows_t *rows);
/* Start a new row; its cells are empty until set. */
ns_status ns_rows_add(ns_rows_t *rows);
/* Set a cell of the last row (copied). col < n_cols. */
ns_status ns_rows_set(ns_rows_t *rows, size_t col, const char *text);
ns_status ns_rows_setf(ns_rows_t *rows, size_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A number with up to `digits` significant digits ("%.*g"); NaN gives an empty cell.
 * An infinity is refused (NS_ERANGE naming the column): no result is printed as "Inf". */
ns_status ns_rows_set_num(ns_rows_t *rows, size_t col, double value, int digits);
size_t ns_rows_count(const ns_rows_t *rows);
size_t ns_rows_ncols(const ns_rows_t *rows);
const char *ns_rows_column(const ns_rows_t *rows, size_t col);
/* The index of the column called name, or SIZE_MAX if the table has none. */
size_t ns_rows_find_column(const ns_rows_t *rows, const char *name);
const char *ns_rows_cell(const ns_rows_t *rows, size_t row, size_t col); /* "" if unset */

/**
 * Write the table.
 * @param title  in: for NS_FORMAT_TABLE, a line printed above the table (NULL: none).
 *               Not written in CSV or JSON, which carry data only.
 * @return NS_OK or NS_EIO (write failed, e.g. disk full; message names the cause).
 */
ns_status ns_rows_write(ns_ctx_t *ctx, const ns_rows_t *rows, ns_format_t fmt, const char *title,
                        FILE *out);

#ifdef __cplusplus
}
#endif
#endif
