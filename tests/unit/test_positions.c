/* The position model: known answers on a hand-made world (each number derived by hand in
 * the comments from the formulas of docs/POSITIONS.md), the lag rule (never the same
 * session), national positions only once published, the year range, and checks on the
 * built-in data against the CSV values.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <math.h>
#include <string.h>

typedef struct fixture {
    ns_ctx_t *ctx;
    ns_world_t *w;
    size_t w1, w2, e1, e2, n1;
} fixture_t;

static size_t add_state(fixture_t *f, const char *iso3)
{
    ns_state_t s;
    memset(&s, 0, sizeof s);
    memcpy(s.iso3, iso3, 4);
    s.name = iso3;
    s.group = NS_GROUP_AFRICAN;
    s.member_since = 1945;
    s.notes = "";
    size_t i = 0;
    assert_int_equal(ns_world_add_state(f->ctx, f->w, &s, &i), NS_OK);
    return i;
}

/* 1.645 sd either side: (q95 - q05) / 3.29 = sd exactly. */
static void add_ideal(fixture_t *f, size_t s, int year, double x, double sd)
{
    ns_ideal_point_t p = {s, year - 1945, year, x, x - 1.645 * sd, x + 1.645 * sd, 50};
    assert_int_equal(ns_world_add_ideal_point(f->ctx, f->w, &p), NS_OK);
}

static void join(fixture_t *f, size_t s, size_t org, int year)
{
    ns_membership_t m = {s, org, year, 0, "member", NS_VERIFIED_YES};
    assert_int_equal(ns_world_add_membership(f->ctx, f->w, &m), NS_OK);
}

/* NATO: W1 (ideal 1), W2 (2); SCO: E1 (-1), E2 (0); N1 (0.5) in no camp. Ideal points
 * of 2000 with sd 0.2; N1 also has a 2001 estimate of 3.0, which positions for 2001
 * must not use (the same session). */
static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(ns_ctx_new(NULL, &f->ctx), NS_OK);
    assert_int_equal(ns_world_new(f->ctx, &f->w), NS_OK);
    f->w1 = add_state(f, "WAA");
    f->w2 = add_state(f, "WBB");
    f->e1 = add_state(f, "EAA");
    f->e2 = add_state(f, "EBB");
    f->n1 = add_state(f, "NAA");
    ns_org_t nato = {"NATO", "North Atlantic Treaty Organization"};
    ns_org_t sco = {"SCO", "Shanghai Cooperation Organisation"};
    size_t o_nato = 0;
    size_t o_sco = 0;
    assert_int_equal(ns_world_add_org(f->ctx, f->w, &nato, &o_nato), NS_OK);
    assert_int_equal(ns_world_add_org(f->ctx, f->w, &sco, &o_sco), NS_OK);
    join(f, f->w1, o_nato, 1949);
    join(f, f->w2, o_nato, 1949);
    join(f, f->e1, o_sco, 1996);
    join(f, f->e2, o_sco, 1996);
    add_ideal(f, f->w1, 2000, 1.0, 0.2);
    add_ideal(f, f->w2, 2000, 2.0, 0.2);
    add_ideal(f, f->e1, 2000, -1.0, 0.2);
    add_ideal(f, f->e2, 2000, 0.0, 0.2);
    add_ideal(f, f->n1, 2000, 0.5, 0.2);
    add_ideal(f, f->n1, 2001, 3.0, 0.2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    ns_world_free(f->w);
    ns_ctx_free(f->ctx);
    free(f);
    return 0;
}

enum { IHL = 0, SELF_DEFENCE = 1 };

static void account(fixture_t *f, size_t s, int year, ns_pos_account_t *a)
{
    ns_pos_anchors_t an;
    assert_int_equal(ns_positions_anchors(f->ctx, f->w, year, &an), NS_OK);
    assert_int_equal(ns_positions_explain(f->ctx, f->w, &an, s, a), NS_OK);
}

static void test_known_answers(void **state)
{
    fixture_t *f = *state;
    ns_pos_anchors_t an;
    assert_int_equal(ns_positions_anchors(f->ctx, f->w, 2001, &an), NS_OK);
    /* Anchors: NATO mean (1 + 2) / 2 = 1.5, SCO mean (-1 + 0) / 2 = -0.5; gap 2. */
    assert_float_equal(an.west_mean, 1.5, 1e-12);
    assert_float_equal(an.east_mean, -0.5, 1e-12);

    ns_pos_account_t a;
    /* N1: uses 2000 (0.5), not 2001 (3.0). t = (0.5 + 0.5) / 2 = 0.5; no camp: c = t;
     * no roll calls: r = 0; a = 0.7 * 0.5 + 0.3 * 0.5 = 0.5.
     * ihl = 25 + (85 - 25) * 0.5 = 55. sd_t = 0.2 / 2 = 0.1, sd_a = 0.7 * 0.1 = 0.07,
     * propagated 60 * 0.07 = 4.2, sd = sqrt(4.2^2 + 5^2) = sqrt(42.64) = 6.529931.
     * No GDP anywhere: capability = the default median 0.5; no engagement:
     * salience = 0.2 + 0.5 * 0.5 + 0 = 0.45. */
    account(f, f->n1, 2001, &a);
    assert_int_equal(a.ideal_year, 2000);
    assert_float_equal(a.ideal, 0.5, 1e-12);
    assert_float_equal(a.ideal_sd, 0.2, 1e-9);
    assert_float_equal(a.alignment, 0.5, 1e-9);
    assert_float_equal(a.dim[IHL].result.x, 55.0, 1e-9);
    assert_float_equal(a.dim[IHL].result.sd, 6.529931, 1e-6);
    assert_float_equal(a.dim[IHL].result.salience, 0.45, 1e-9);

    /* W1: t = (1 + 0.5) / 2 = 0.75; Western camp c = 1; a = 0.7 * 0.75 + 0.3 = 0.825;
     * ihl = 25 + 60 * 0.825 = 74.5. */
    account(f, f->w1, 2001, &a);
    assert_int_equal(a.camp_side, 1);
    assert_float_equal(a.alignment, 0.825, 1e-9);
    assert_float_equal(a.dim[IHL].result.x, 74.5, 1e-9);

    /* E1: t = (-1 + 0.5) / 2 = -0.25; Eastern camp c = 0; a = -0.175;
     * ihl = 25 + 60 * -0.175 = 14.5; self_defence = 10 + 75 * -0.175 = -3.125 -> 0. */
    account(f, f->e1, 2001, &a);
    assert_int_equal(a.camp_side, -1);
    assert_float_equal(a.alignment, -0.175, 1e-9);
    assert_float_equal(a.dim[IHL].result.x, 14.5, 1e-9);
    assert_float_equal(a.dim[SELF_DEFENCE].result.x, 0.0, 0);
}

static void test_national_position_once_published(void **state)
{
    fixture_t *f = *state;
    /* N1 published "IHL applies" in 2001, W1 in 2002. */
    ns_national_position_t np = {f->n1, 2001, "2001", 0, 1, -1, -1, -1, -1, NS_VERIFIED_YES};
    assert_int_equal(ns_world_add_national_position(f->ctx, f->w, &np), NS_OK);
    np.state = f->w1;
    np.first_year = 2002;
    np.years = "2002";
    assert_int_equal(ns_world_add_national_position(f->ctx, f->w, &np), NS_OK);
    ns_pos_account_t a;
    /* N1: 0.4 * 55 + 0.6 * 90 = 76; sd: propagated 4.2 * 0.4 = 1.68,
     * sqrt(1.68^2 + 25) = sqrt(27.8224) = 5.274694; engagement on a legal question 1:
     * salience 0.2 + 0.25 + 0.3 = 0.75. Self-defence is not coded: unchanged (10 + 75 *
     * 0.5 = 47.5). */
    account(f, f->n1, 2001, &a);
    assert_int_equal(a.dim[IHL].np_code, 1);
    assert_float_equal(a.dim[IHL].result.x, 76.0, 1e-9);
    assert_float_equal(a.dim[IHL].result.sd, 5.274694, 1e-6);
    assert_float_equal(a.dim[IHL].result.salience, 0.75, 1e-9);
    assert_float_equal(a.dim[SELF_DEFENCE].result.x, 47.5, 1e-9);
    /* W1's position is not public in 2001: 74.5 as before. */
    account(f, f->w1, 2001, &a);
    assert_int_equal(a.national_position, -1);
    assert_float_equal(a.dim[IHL].result.x, 74.5, 1e-9);
}

static void test_year_range(void **state)
{
    fixture_t *f = *state;
    ns_pos_anchors_t an;
    int first = 0;
    int last = 0;
    /* Ideal points end in 2001: positions run 1998 .. 2002. */
    assert_int_equal(ns_positions_years(f->ctx, f->w, &first, &last), NS_OK);
    assert_int_equal(first, 1998);
    assert_int_equal(last, 2002);
    assert_int_equal(ns_positions_anchors(f->ctx, f->w, 1997, &an), NS_ERANGE);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "1997"));
    assert_int_equal(ns_positions_anchors(f->ctx, f->w, 2003, &an), NS_ERANGE);
    /* 1998: no session before it; every state sits midway (t = 0.5, sd 0.5). */
    ns_pos_account_t a;
    account(f, f->n1, 1998, &a);
    assert_int_equal(a.ideal_session, 0);
    assert_float_equal(a.scaled, 0.5, 0);
    assert_float_equal(a.scaled_sd, 0.5, 0);
}

static void test_apply_needs_dimensions(void **state)
{
    fixture_t *f = *state;
    /* The hand-made world has no dimensions. */
    assert_int_equal(ns_positions_apply(f->ctx, f->w, 2001), NS_ENOTFOUND);
    const ns_pos_dimension_map_t *map = ns_positions_map();
    for (size_t d = 0; d < NS_POS_NDIM; d++) {
        ns_dimension_t dim = {map[d].id, map[d].id, "0", "100", 0, 100, 0};
        assert_int_equal(ns_world_add_dimension(f->ctx, f->w, &dim, NULL), NS_OK);
    }
    assert_int_equal(ns_positions_apply(f->ctx, f->w, 2001), NS_OK);
    size_t ihl = 0;
    assert_int_equal(ns_world_find_dimension(f->ctx, f->w, "ihl", &ihl), NS_OK);
    assert_float_equal(ns_world_position(f->w, NS_ACTOR_STATE, f->n1, ihl)->x, 55.0, 1e-9);
}

/* The built-in data: the USA in 2017 uses session 71 (2016) with sd from its q05/q95 as
 * in ideal_points.csv (2.2983, 2.7433); China is in the Eastern camp. */
static void test_builtin_data(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_world_t *w = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_data_load(ctx, NULL, &w), NS_OK);
    ns_pos_anchors_t an;
    ns_pos_account_t a;
    size_t usa = 0;
    size_t chn = 0;
    assert_int_equal(ns_world_find_state(ctx, w, "USA", &usa), NS_OK);
    assert_int_equal(ns_world_find_state(ctx, w, "CHN", &chn), NS_OK);
    assert_int_equal(ns_positions_anchors(ctx, w, 2017, &an), NS_OK);
    assert_int_equal(ns_positions_explain(ctx, w, &an, usa, &a), NS_OK);
    assert_int_equal(a.ideal_session, 71);
    assert_float_equal(a.ideal_sd, (2.743337 - 2.298347) / 3.29, 1e-3);
    assert_int_equal(a.camp_side, 1);
    assert_true(a.national_position >= 0); /* Published 2016. */
    assert_int_equal(ns_positions_explain(ctx, w, &an, chn, &a), NS_OK);
    assert_int_equal(a.camp_side, -1);
    assert_int_equal(a.national_position, -1); /* Published 2021. */
    int first = 0;
    int last = 0;
    assert_int_equal(ns_positions_years(ctx, w, &first, &last), NS_OK);
    assert_int_equal(last, 2019); /* Sessions end at 73 (2018). */
    assert_int_equal(ns_positions_anchors(ctx, w, 2020, &an), NS_ERANGE);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_known_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_national_position_once_published, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apply_needs_dimensions, setup, teardown),
        cmocka_unit_test(test_builtin_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
