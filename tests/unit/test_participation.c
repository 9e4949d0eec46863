/* ns_participation_table (MECHANISM.md 3.3) on a world of five states built by hand,
 * counted by hand; the paper's figures; the built-in data's invariants; out of memory.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_state(ns_ctx_t *ctx, ns_world_t *w, const char *iso3, ns_ungroup_t g, size_t *i)
{
    ns_state_t s;
    memset(&s, 0, sizeof s);
    memcpy(s.iso3, iso3, 4);
    s.name = iso3;
    s.group = g;
    s.member_since = 1945;
    s.notes = "";
    assert_int_equal(ns_world_add_state(ctx, w, &s, i), NS_OK);
}

static void add_body(ns_ctx_t *ctx, ns_world_t *w, const char *id, ns_body_kind_t kind,
                     const size_t *members, const ns_verified_t *ver, size_t n)
{
    ns_body_t b;
    memset(&b, 0, sizeof b);
    b.id = id;
    b.name = id;
    b.kind = kind;
    b.start_year = 2004;
    b.end_year = 2005;
    b.chair = -1;
    b.seats = (int)n;
    b.members = members;
    b.member_verified = ver;
    b.n_members = n;
    b.outcome = NS_OUTCOME_UNKNOWN;
    assert_int_equal(ns_world_add_body(ctx, w, &b, NULL), NS_OK);
}

/* Five states, one per UN group: A (WEOG), B (EEG), C (APG), D (AFR), E (GRULAC).
 *   GGE1 {A, B (unverified)}, GGE2 {A, C}, GGE3 {A, B, D}; no GGE4..GGE6;
 *   OEWG1 {A, B, C, D, E} and "XGGE1" {E}: not GGEs of the table.
 * By hand: A served 3, B 2 (one row unverified), C 1, D 1, E none; 4 distinct states,
 * 2 + 2 + 3 = 7 seats. */
static ns_world_t *tiny_world(ns_ctx_t *ctx)
{
    ns_world_t *w = NULL;
    size_t a, b, c, d, e;
    assert_int_equal(ns_world_new(ctx, &w), NS_OK);
    add_state(ctx, w, "AAA", NS_GROUP_WEOG, &a);
    add_state(ctx, w, "BBB", NS_GROUP_EASTERN_EUROPEAN, &b);
    add_state(ctx, w, "CCC", NS_GROUP_ASIA_PACIFIC, &c);
    add_state(ctx, w, "DDD", NS_GROUP_AFRICAN, &d);
    add_state(ctx, w, "EEE", NS_GROUP_GRULAC, &e);
    const ns_verified_t yes = NS_VERIFIED_YES, no = NS_VERIFIED_NO;
    size_t g1[] = {a, b}, g2[] = {a, c}, g3[] = {a, b, d}, all[] = {a, b, c, d, e}, x[] = {e};
    ns_verified_t v1[] = {yes, no}, v2[] = {yes, yes}, v3[] = {yes, yes, yes},
                  v5[] = {yes, yes, yes, yes, yes}, vx[] = {yes};
    add_body(ctx, w, "OEWG1", NS_BODY_OEWG, all, v5, 5);
    add_body(ctx, w, "GGE2", NS_BODY_GGE, g2, v2, 2); /* Out of order on purpose. */
    add_body(ctx, w, "GGE1", NS_BODY_GGE, g1, v1, 2);
    add_body(ctx, w, "GGE3", NS_BODY_GGE, g3, v3, 3);
    add_body(ctx, w, "XGGE1", NS_BODY_CUSTOM, x, vx, 1);
    return w;
}

/* The row of a table with a body (empty: all the GGEs) and a key: groups served for
 * "counts", the measure for "totals", the UN regional group for "seats"; fails when
 * absent. */
static size_t find_row(const ns_rows_t *rows, const char *table, const char *body, const char *key)
{
    size_t key_col = strcmp(table, "counts") == 0 ? 3 : strcmp(table, "totals") == 0 ? 4 : 2;
    for (size_t r = 0; r < ns_rows_count(rows); r++) {
        if (strcmp(ns_rows_cell(rows, r, 0), table) == 0 &&
            strcmp(ns_rows_cell(rows, r, 1), body) == 0 &&
            strcmp(ns_rows_cell(rows, r, key_col), key) == 0) {
            return r;
        }
    }
    fail_msg("no row %s/%s/%s", table, body, key);
    return 0;
}

static void expect(const ns_rows_t *rows, const char *table, const char *body, const char *key,
                   const char *count, const char *paper, const char *unverified)
{
    size_t r = find_row(rows, table, body, key);
    assert_string_equal(ns_rows_cell(rows, r, 5), count);
    assert_string_equal(ns_rows_cell(rows, r, 6), paper);
    assert_string_equal(ns_rows_cell(rows, r, 7), unverified);
}

static void test_tiny_world_by_hand(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = tiny_world(ctx);
    assert_int_equal(ns_participation_table(ctx, w, &rows), NS_OK);
    /* One type per column: no cell mixes a body range, a count and a name. */
    static const char *const cols[] = {"table",   "body",  "un_group", "groups_served",
                                       "measure", "count", "paper",    "unverified"};
    assert_int_equal(ns_rows_ncols(rows), 8);
    for (size_t c = 0; c < 8; c++) {
        assert_string_equal(ns_rows_column(rows, c), cols[c]);
    }
    /* 6 counts + 2 totals + 5 groups x 3 GGEs present. */
    assert_int_equal(ns_rows_count(rows), 6 + 2 + 15);
    /* The paper's figures: 6, 4, 3, 5, 4, 18 states for 6..1 groups; 40 states; seats
     * 6*6 + 4*5 + 3*4 + 5*3 + 4*2 + 18*1 = 109. */
    expect(rows, "counts", "", "6", "0", "6", "no");
    expect(rows, "counts", "", "5", "0", "4", "no");
    expect(rows, "counts", "", "4", "0", "3", "no");
    expect(rows, "counts", "", "3", "1", "5", "no");  /* A */
    expect(rows, "counts", "", "2", "1", "4", "yes"); /* B, one unverified row */
    expect(rows, "counts", "", "1", "2", "18", "no"); /* C, D */
    /* The totals are unverified when a count is (B's row). */
    expect(rows, "totals", "", "distinct_states", "4", "40", "yes");
    expect(rows, "totals", "", "seats", "7", "109", "yes");
    /* Rows in order: counts 6..1 first. */
    assert_string_equal(ns_rows_cell(rows, 0, 3), "6");
    assert_string_equal(ns_rows_cell(rows, 5, 3), "1");
    expect(rows, "seats", "GGE1", "WEOG", "1", "", "no");
    expect(rows, "seats", "GGE1", "EEG", "1", "", "yes");
    expect(rows, "seats", "GGE1", "APG", "0", "", "no");
    expect(rows, "seats", "GGE2", "APG", "1", "", "no");
    expect(rows, "seats", "GGE3", "AFR", "1", "", "no");
    expect(rows, "seats", "GGE3", "EEG", "1", "", "no");
    expect(rows, "seats", "GGE3", "GRULAC", "0", "", "no");
    for (size_t r = 0; r < ns_rows_count(rows); r++) {
        /* No GGE4..6 (not in the world), no OEWG1, no XGGE1. */
        const char *body = ns_rows_cell(rows, r, 1);
        assert_true(strcmp(body, "") == 0 || strcmp(body, "GGE1") == 0 ||
                    strcmp(body, "GGE2") == 0 || strcmp(body, "GGE3") == 0);
    }
    ns_rows_free(rows);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* The built-in data: sum over k of k x (states serving k groups) = seats = sum of the
 * seats rows; distinct states = sum of the counts; and the six recorded groups had
 * 15 + 15 + 15 + 20 + 25 + 25 = 115 members (gge_members.csv has one row per seat). */
static void test_builtin_invariants(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_world_t *w = NULL;
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_data_load(ctx, NULL, &w), NS_OK);
    assert_int_equal(ns_participation_table(ctx, w, &rows), NS_OK);
    long weighted = 0, distinct = 0, seat_rows = 0;
    for (size_t r = 0; r < ns_rows_count(rows); r++) {
        long n = atol(ns_rows_cell(rows, r, 5));
        if (strcmp(ns_rows_cell(rows, r, 0), "counts") == 0) {
            weighted += atol(ns_rows_cell(rows, r, 3)) * n;
            distinct += n;
        } else if (strcmp(ns_rows_cell(rows, r, 0), "seats") == 0) {
            seat_rows += n;
        }
    }
    size_t seats = find_row(rows, "totals", "", "seats");
    size_t states = find_row(rows, "totals", "", "distinct_states");
    assert_int_equal(atol(ns_rows_cell(rows, seats, 5)), 115);
    assert_int_equal(weighted, 115);
    assert_int_equal(seat_rows, 115);
    assert_int_equal(atol(ns_rows_cell(rows, states, 5)), distinct);
    assert_string_equal(ns_rows_cell(rows, seats, 6), "109");
    assert_string_equal(ns_rows_cell(rows, states, 6), "40");
    ns_rows_free(rows);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* Every allocation failing in turn: NS_ENOMEM, *out NULL, nothing leaked (ASan). */
static void test_out_of_memory(void **state)
{
    (void)state;
    ns_ctx_t *wctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &wctx), NS_OK);
    ns_world_t *w = tiny_world(wctx);
    bool succeeded = false;
    for (long k = 1; k < 500 && !succeeded; k++) {
        failing_alloc_t fa;
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_rows_t *rows = (ns_rows_t *)&fa; /* Must be overwritten. */
        ns_status st = ns_participation_table(ctx, w, &rows);
        if (st == NS_OK) {
            succeeded = true;
            assert_int_equal(ns_rows_count(rows), 23);
            ns_rows_free(rows);
        } else {
            assert_int_equal(st, NS_ENOMEM);
            assert_null(rows);
        }
        ns_ctx_free(ctx);
    }
    assert_true(succeeded);
    ns_world_free(w);
    ns_ctx_free(wctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_world_by_hand),
        cmocka_unit_test(test_builtin_invariants),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
