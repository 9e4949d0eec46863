/* CSV reader (RFC 4180, places of fields, errors) and output tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"

static ns_csv_t *open_text(ns_ctx_t *ctx, const char *text)
{
    ns_csv_t *csv = NULL;
    assert_int_equal(ns_csv_open_mem(ctx, "t.csv", text, strlen(text), &csv), NS_OK);
    return csv;
}

static void test_csv_quoting_and_places(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    /* Record 2 holds a quoted comma, a doubled quote and an embedded newline; record 3
     * ends with CRLF; the file has no final newline. */
    const char *text = "a,b,c\n"
                       "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
                       ",,last";
    ns_csv_t *csv = open_text(ctx, text);
    assert_int_equal(ns_csv_next(csv), NS_CONTINUE);
    assert_int_equal(ns_csv_nfields(csv), 3);
    assert_string_equal(ns_csv_field(csv, 2), "c");
    assert_int_equal(ns_csv_line(csv), 1);

    assert_int_equal(ns_csv_next(csv), NS_CONTINUE);
    assert_int_equal(ns_csv_nfields(csv), 3);
    assert_string_equal(ns_csv_field(csv, 0), "x,y");
    assert_string_equal(ns_csv_field(csv, 1), "say \"hi\"");
    assert_string_equal(ns_csv_field(csv, 2), "two\nlines");
    assert_int_equal(ns_csv_field_line(csv, 1), 2);
    assert_int_equal(ns_csv_field_col(csv, 1), 7); /* after "x,y", (6 bytes) */

    assert_int_equal(ns_csv_next(csv), NS_CONTINUE);
    assert_int_equal(ns_csv_line(csv), 4); /* the record after a two-line record */
    assert_int_equal(ns_csv_nfields(csv), 3);
    assert_string_equal(ns_csv_field(csv, 0), "");
    assert_string_equal(ns_csv_field(csv, 2), "last");
    assert_int_equal(ns_csv_field_col(csv, 2), 3);
    assert_null(ns_csv_field(csv, 3));

    assert_int_equal(ns_csv_next(csv), NS_DONE);
    assert_int_equal(ns_csv_next(csv), NS_DONE);
    ns_csv_free(csv);
    ns_csv_free(NULL);
    ns_ctx_free(ctx);
}

static void test_csv_errors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);

    ns_csv_t *csv = open_text(ctx, "a,b\n1,\"open\n");
    assert_int_equal(ns_csv_next(csv), NS_CONTINUE);
    assert_int_equal(ns_csv_next(csv), NS_EPARSE);
    assert_string_equal(ns_ctx_errmsg(ctx),
                        "t.csv:2:3: quoted field never closed (truncated file?)");
    ns_csv_free(csv);

    csv = open_text(ctx, "\"ab\"c,d\n");
    assert_int_equal(ns_csv_next(csv), NS_EPARSE);
    assert_int_equal(ns_ctx_errline(ctx), 1);
    assert_int_equal(ns_ctx_errcol(ctx), 5);
    ns_csv_free(csv);

    static const char nul_text[] = "a,b\n1,\0x\n";
    assert_int_equal(ns_csv_open_mem(ctx, "bin.csv", nul_text, sizeof nul_text - 1, &csv), NS_OK);
    assert_int_equal(ns_csv_next(csv), NS_CONTINUE);
    assert_int_equal(ns_csv_next(csv), NS_EPARSE);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "bin.csv:2:3: NUL byte"));
    ns_csv_free(csv);

    assert_int_equal(ns_csv_open_file(ctx, "/nonexistent/x.csv", &csv), NS_ENOTFOUND);
    assert_null(csv);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "/nonexistent/x.csv: cannot open"));
    /* A folder, a device and a FIFO are not regular files: refused as bad input (exit
     * 2), the FIFO without blocking on its missing writer. */
    assert_int_equal(ns_csv_open_file(ctx, "/", &csv), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "/: not a regular file (a folder)"));
    assert_int_equal(ns_csv_open_file(ctx, "/dev/null", &csv), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "not a regular file"));
    char fifo[] = "/tmp/ns-test-io-fifo-XXXXXX";
    int fd = mkstemp(fifo);
    assert_true(fd >= 0);
    close(fd);
    unlink(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(ns_csv_open_file(ctx, fifo, &csv), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "not a regular file (a FIFO)"));
    unlink(fifo);
    ns_ctx_free(ctx);
}

static void test_csv_record_limit(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    size_t n = ((size_t)1 << 20) + 10;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[n] = '\0';
    ns_csv_t *csv = NULL;
    assert_int_equal(ns_csv_open_mem(ctx, "big.csv", big, n, &csv), NS_OK);
    assert_int_equal(ns_csv_next(csv), NS_ELIMIT);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "big.csv:1: record longer than the 1 MiB limit"));
    ns_csv_free(csv);
    free(big);
    ns_ctx_free(ctx);
}

static void test_csv_numbers(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_csv_t *csv = open_text(ctx, "2017,0.5,,abc,1e999,nan,7x\n");
    assert_int_equal(ns_csv_next(csv), NS_CONTINUE);
    long year = 0;
    double s = 0;
    assert_int_equal(ns_csv_int(csv, 0, "year", 1900, 2100, &year), NS_OK);
    assert_int_equal(year, 2017);
    assert_int_equal(ns_csv_int(csv, 0, "year", 1900, 2000, &year), NS_ERANGE);
    assert_string_equal(ns_ctx_errmsg(ctx), "t.csv:1:1: year: 2017 is outside [1900, 2000]");
    assert_int_equal(ns_csv_double(csv, 1, "salience", 0, 1, &s), NS_OK);
    assert_true(s == 0.5);
    assert_int_equal(ns_csv_double(csv, 2, "salience", 0, 1, &s), NS_EINVAL);
    assert_string_equal(ns_ctx_errmsg(ctx), "t.csv:1:10: salience: missing value");
    assert_int_equal(ns_csv_double_opt(csv, 2, "salience", 0, 1, -1.0, &s), NS_OK);
    assert_true(s == -1.0);
    assert_int_equal(ns_csv_double(csv, 3, "x", 0, 1, &s), NS_EINVAL);
    assert_int_equal(ns_csv_double(csv, 4, "x", -1e308, 1e308, &s), NS_ERANGE);
    assert_int_equal(ns_csv_double(csv, 5, "x", -1, 1, &s), NS_ERANGE);
    assert_int_equal(ns_csv_int(csv, 6, "n", 0, 10, &year), NS_EINVAL);
    assert_int_equal(ns_csv_int(csv, 9, "n", 0, 10, &year), NS_EINVAL);
    ns_csv_free(csv);
    ns_ctx_free(ctx);
}

/* Every allocation of a full read fails in turn; each must end in NS_ENOMEM without a
 * leak (checked by the sanitizer build). */
static void test_csv_oom(void **state)
{
    (void)state;
    const char *text = "issue,actor,position\ni1,USA,90\ni1,\"CHN\",10\n";
    for (long k = 1;; k++) {
        failing_alloc_t f;
        ns_ctx_t *ctx = failing_ctx(&f, k);
        ns_csv_t *csv = NULL;
        ns_status st = ns_csv_open_mem(ctx, "t.csv", text, strlen(text), &csv);
        while (st == NS_OK || st == NS_CONTINUE) {
            st = ns_csv_next(csv);
        }
        ns_csv_free(csv);
        ns_ctx_free(ctx);
        if (f.count < k) {
            assert_int_equal(st, NS_DONE);
            break;
        }
        assert_int_equal(st, NS_ENOMEM);
    }
}

static char *capture(ns_ctx_t *ctx, const ns_rows_t *rows, ns_format_t fmt, const char *title)
{
    static char buf[4096];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    assert_int_equal(ns_rows_write(ctx, rows, fmt, title, f), NS_OK);
    fclose(f);
    return buf;
}

static void test_rows_formats(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const char *cols[] = {"iso3", "name", "score"};
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_rows_new(ctx, cols, 3, &rows), NS_OK);
    assert_int_equal(ns_rows_find_column(rows, "iso3"), 0);
    assert_int_equal(ns_rows_find_column(rows, "score"), 2);
    assert_true(ns_rows_find_column(rows, "Score") == SIZE_MAX);
    assert_true(ns_rows_find_column(rows, "") == SIZE_MAX);
    assert_int_equal(ns_rows_add(rows), NS_OK);
    ns_rows_set(rows, 0, "USA");
    ns_rows_set(rows, 1, "United States of America");
    ns_rows_set_num(rows, 2, 0.926, 6);
    assert_int_equal(ns_rows_add(rows), NS_OK);
    ns_rows_set(rows, 0, "CIV");
    ns_rows_set(rows, 1, "Côte d'Ivoire, \"CI\"");
    ns_rows_set_num(rows, 2, NAN, 6);
    assert_int_equal(ns_rows_count(rows), 2);
    assert_string_equal(ns_rows_cell(rows, 1, 2), "");

    assert_string_equal(capture(ctx, rows, NS_FORMAT_CSV, "ignored"),
                        "iso3,name,score\n"
                        "USA,United States of America,0.926\n"
                        "CIV,\"Côte d'Ivoire, \"\"CI\"\"\",\n");
    assert_string_equal(capture(ctx, rows, NS_FORMAT_JSON, NULL),
                        "[\n"
                        "  {\"iso3\": \"USA\", \"name\": \"United States of America\", "
                        "\"score\": 0.926},\n"
                        "  {\"iso3\": \"CIV\", \"name\": \"Côte d'Ivoire, \\\"CI\\\"\", "
                        "\"score\": null}\n"
                        "]\n");
    /* Text table: the accented name is 19 characters wide though 20 bytes long; padding is
     * by characters, and no line ends in spaces (the empty score adds nothing). */
    assert_string_equal(capture(ctx, rows, NS_FORMAT_TABLE, "Title"),
                        "Title\n"
                        "iso3  name                      score\n"
                        "----  ------------------------  -----\n"
                        "USA   United States of America  0.926\n"
                        "CIV   Côte d'Ivoire, \"CI\"\n");
    ns_rows_free(rows);

    /* Cells that merely look like numbers in other notations stay strings in JSON. */
    const char *one[] = {"v"};
    assert_int_equal(ns_rows_new(ctx, one, 1, &rows), NS_OK);
    const char *texts[] = {"007", "0x1A", "inf", "+3", "-0.5", "1e3", ".5"};
    for (size_t i = 0; i < 7; i++) {
        ns_rows_add(rows);
        ns_rows_set(rows, 0, texts[i]);
    }
    assert_string_equal(capture(ctx, rows, NS_FORMAT_JSON, NULL),
                        "[\n  {\"v\": \"007\"},\n  {\"v\": \"0x1A\"},\n  {\"v\": \"inf\"},\n"
                        "  {\"v\": \"+3\"},\n  {\"v\": -0.5},\n  {\"v\": 1e3},\n"
                        "  {\"v\": \".5\"}\n]\n");
    ns_rows_free(rows);

    ns_format_t fmt;
    assert_int_equal(ns_format_parse("csv", &fmt), NS_OK);
    assert_int_equal(fmt, NS_FORMAT_CSV);
    assert_int_equal(ns_format_parse("xml", &fmt), NS_EINVAL);
    assert_int_equal(ns_rows_new(ctx, cols, 0, &rows), NS_EINVAL);
    ns_ctx_free(ctx);
}

static void test_rows_write_failure(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const char *cols[] = {"x"};
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_rows_new(ctx, cols, 1, &rows), NS_OK);
    for (int i = 0; i < 1000; i++) {
        ns_rows_add(rows);
        ns_rows_set(rows, 0, "some text that fills the disk");
    }
    FILE *full = fopen("/dev/full", "w");
    if (full != NULL) {
        setvbuf(full, NULL, _IONBF, 0);
        assert_int_equal(ns_rows_write(ctx, rows, NS_FORMAT_CSV, NULL, full), NS_EIO);
        assert_non_null(strstr(ns_ctx_errmsg(ctx), "write failed"));
        fclose(full);
    }
    ns_rows_free(rows);
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quoting_and_places),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_csv_record_limit),
        cmocka_unit_test(test_csv_numbers),
        cmocka_unit_test(test_csv_oom),
        cmocka_unit_test(test_rows_formats),
        cmocka_unit_test(test_rows_write_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
