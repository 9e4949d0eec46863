/* Actor tables: reading the long CSV, every documented error with its status and line,
 * sitting out, and out-of-memory at every allocation.
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

#include "test_util.h"

static const char *data_path(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("NS_TEST_DATA");
    snprintf(buf, size, "%s/tables/%s", dir != NULL ? dir : "tests/data", name);
    return buf;
}

static size_t find(char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            return i;
        }
    }
    fail_msg("no '%s'", name);
    return 0;
}

static void test_good_table(void **state)
{
    (void)state;
    char path[1024];
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_table_read_file(ctx, data_path(path, sizeof path, "good.csv"), &t), NS_OK);
    /* good.csv: 3 issues x 5 actors, in order of first appearance. */
    assert_int_equal(t->n_issues, 3);
    assert_int_equal(t->n_actors, 5);
    assert_string_equal(t->issue[0], "ihl");
    assert_string_equal(t->issue[2], "cbm");
    assert_string_equal(t->actor[0], "USA");
    assert_int_equal(t->n_sat_out, 0);
    size_t cbm = find(t->issue, 3, "cbm"), chn = find(t->actor, 5, "CHN");
    size_t at = ns_table_at(t, cbm, chn);
    /* Row "CHN,cbm,6,0.6,3,2,6,0,10" of the file. */
    assert_true(t->position[at] == 6.0);
    assert_true(t->salience[at] == 0.6);
    assert_true(t->capability[at] == 3.0);
    assert_true(t->status_quo[cbm] == 2.0);
    assert_true(t->outcome[cbm] == 6.0);
    assert_true(t->scale_min[cbm] == 0.0);
    assert_true(t->scale_max[cbm] == 10.0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

static void test_sat_out_rows(void **state)
{
    (void)state;
    char path[1024];
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_table_read_file(ctx, data_path(path, sizeof path, "sat_out.csv"), &t),
                     NS_OK);
    /* RUS has no position, CHN no salience: two rows sit out. */
    assert_int_equal(t->n_sat_out, 2);
    assert_true(isnan(t->position[ns_table_at(t, 0, 1)]));
    assert_true(isnan(t->position[ns_table_at(t, 0, 2)]));
    assert_true(t->position[ns_table_at(t, 0, 3)] == 80.0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Each bad fixture with the status and line the reader must report. */
static void expect_error(const char *file, ns_status want, int line, const char *needle)
{
    char path[1024];
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_status st = ns_table_read_file(ctx, data_path(path, sizeof path, file), &t);
    if (st != want || ns_ctx_errline(ctx) != line || strstr(ns_ctx_errmsg(ctx), needle) == NULL) {
        fail_msg("%s: status %d line %d '%s'; wanted %d line %d '%s'", file, st,
                 ns_ctx_errline(ctx), ns_ctx_errmsg(ctx), want, line, needle);
    }
    assert_null(t);
    /* The message starts with the file name, so the user sees file:line. */
    assert_non_null(strstr(ns_ctx_errmsg(ctx), file));
    ns_ctx_free(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("bad_header.csv", NS_EPARSE, 1, "salience");
    expect_error("text_number.csv", NS_EINVAL, 3, "forty");
    expect_error("salience_range.csv", NS_ERANGE, 4, "1.5");
    expect_error("duplicate.csv", NS_EINVAL, 4, "duplicate");
    expect_error("empty.csv", NS_EPARSE, 1, "empty");
    expect_error("inconsistent_sq.csv", NS_EINVAL, 3, "constant");
}

static ns_status read_text(const char *text, ns_ctx_t **ctx, ns_table_t **t)
{
    assert_int_equal(ns_ctx_new(NULL, ctx), NS_OK);
    return ns_table_read_mem(*ctx, "mem.csv", text, strlen(text), t);
}

static void test_more_errors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL;
    /* Position outside the issue's scale (given on a later row). */
    assert_int_equal(read_text("issue,actor,position,salience,capability,scale_max\n"
                               "a,x,20,1,1,\n"
                               "a,y,5,1,1,10\n",
                               &ctx, &t),
                     NS_ERANGE);
    assert_int_equal(ns_ctx_errline(ctx), 2);
    ns_ctx_free(ctx);
    /* Negative capability. */
    assert_int_equal(read_text("issue,actor,position,salience,capability\na,x,20,1,-1\n", &ctx, &t),
                     NS_ERANGE);
    assert_int_equal(ns_ctx_errline(ctx), 2);
    ns_ctx_free(ctx);
    /* Infinity is not a finite number. */
    assert_int_equal(read_text("issue,actor,position,salience,capability\na,x,inf,1,1\n", &ctx, &t),
                     NS_ERANGE);
    ns_ctx_free(ctx);
    /* Header only. */
    assert_int_equal(read_text("issue,actor,position,salience,capability\n", &ctx, &t), NS_EPARSE);
    ns_ctx_free(ctx);
    /* A record over 1 MiB is refused by the CSV reader. */
    size_t big = (size_t)2 << 20;
    char *text = malloc(big + 64);
    assert_non_null(text);
    strcpy(text, "issue,actor,position,salience,capability\na,");
    size_t len = strlen(text);
    memset(text + len, 'x', big);
    strcpy(text + len + big, ",1,1,1\n");
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_table_read_mem(ctx, "big.csv", text, strlen(text), &t), NS_ELIMIT);
    ns_ctx_free(ctx);
    free(text);
    assert_null(t);
}

static void test_too_many_actors(void **state)
{
    (void)state;
    /* 100001 actors on one issue: refused at the row that introduces the 100001st. */
    size_t n = 100001;
    size_t cap = 64 + n * 24;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = (size_t)snprintf(text, cap, "issue,actor,position,salience,capability\n");
    for (size_t a = 0; a < n; a++) {
        len += (size_t)snprintf(text + len, cap - len, "i,a%zu,1,1,1\n", a);
    }
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_table_read_mem(ctx, "many.csv", text, len, &t), NS_ELIMIT);
    assert_int_equal(ns_ctx_errline(ctx), 100002);
    ns_ctx_free(ctx);
    free(text);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    char path[1024];
    data_path(path, sizeof path, "good.csv");
    /* Fail the k-th allocation for every k until reading succeeds: each failure must be
     * NS_ENOMEM with nothing leaked (ASan checks the leaks). */
    int failures = 0;
    for (long k = 1; k < 10000; k++) {
        failing_alloc_t f;
        ns_ctx_t *ctx = failing_ctx(&f, k);
        assert_non_null(ctx);
        ns_table_t *t = NULL;
        ns_status st = ns_table_read_file(ctx, path, &t);
        ns_table_free(ctx, t);
        ns_ctx_free(ctx);
        if (st == NS_OK) {
            break;
        }
        assert_int_equal(st, NS_ENOMEM);
        failures++;
    }
    assert_true(failures > 5);
}

static void test_write_round_trip(void **state)
{
    (void)state;
    char path[1024];
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL, *back = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_table_read_file(ctx, data_path(path, sizeof path, "good.csv"), &t), NS_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_non_null(mem);
    assert_int_equal(ns_table_write_csv(ctx, t, mem), NS_OK);
    fclose(mem);
    assert_int_equal(ns_table_read_mem(ctx, "back.csv", buf, len, &back), NS_OK);
    assert_int_equal(back->n_issues, t->n_issues);
    assert_int_equal(back->n_actors, t->n_actors);
    for (size_t c = 0; c < t->n_issues * t->n_actors; c++) {
        assert_true(back->position[c] == t->position[c]);
        assert_true(back->salience[c] == t->salience[c]);
        assert_true(back->capability[c] == t->capability[c]);
    }
    for (size_t i = 0; i < t->n_issues; i++) {
        assert_true(back->scale_max[i] == t->scale_max[i]);
        assert_true(back->status_quo[i] == t->status_quo[i]);
    }
    free(buf);
    ns_table_free(ctx, back);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_table),       cmocka_unit_test(test_sat_out_rows),
        cmocka_unit_test(test_errors),           cmocka_unit_test(test_more_errors),
        cmocka_unit_test(test_too_many_actors),  cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_write_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
