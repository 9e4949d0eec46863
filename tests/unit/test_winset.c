/* Win-sets: the 1-D closed forms against hand answers and a brute-force count, k-of-n
 * pivots, the setter, the veto-player invariant, the winset model; d dimensions: the
 * one-member case, the core test, the setter's invariant.
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

#include "model_util.h"

static void test_textbook_example(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    double x[] = {2, 5, 9};
    ns_winset1_t w;
    /* q = 0: member 2 accepts (0, 4), member 5 (0, 10), member 9 (0, 18); their
     * intersection is W(q) = (0, 4). A setter at 9 proposes the end 4, where member 2
     * is indifferent and, by the closure convention, accepts. */
    assert_int_equal(ns_winset_1d(ctx, x, 3, 0, 0.0, NULL, &w), NS_OK);
    assert_false(w.in_core);
    assert_near(w.low, 0, 0);
    assert_near(w.high, 4, 0);
    assert_near(w.gridlock_low, 2, 0);
    assert_near(w.gridlock_high, 9, 0);
    assert_near(ns_winset_setter_1d(&w, 9), 4, 0);
    assert_near(ns_winset_setter_1d(&w, 3), 3, 0);  /* inside W(q): its ideal */
    assert_near(ns_winset_setter_1d(&w, -5), 0, 0); /* prefers q itself */
    /* q = 6 lies in [2, 9]: the core; W(q) empty, the setter gets q. */
    assert_int_equal(ns_winset_1d(ctx, x, 3, 3, 6.0, NULL, &w), NS_OK);
    assert_true(w.in_core);
    assert_true(isnan(w.low) && isnan(w.high));
    assert_near(ns_winset_setter_1d(&w, 9), 6, 0);
    /* q = 12 above everyone: member 9 accepts (6, 12), the others more: W = (6, 12). */
    assert_int_equal(ns_winset_1d(ctx, x, 3, 0, 12.0, NULL, &w), NS_OK);
    assert_near(w.low, 6, 0);
    assert_near(w.high, 12, 0);
    assert_near(ns_winset_setter_1d(&w, 2), 6, 0);
    ns_ctx_free(ctx);
}

static void test_k_of_n_pivots(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    double x[] = {4, 1, 5, 3, 2}, scratch[5];
    ns_winset1_t w;
    /* 5 members at 1..5, k = 4: pivots x_(2) = 2 and x_(4) = 4 (Krehbiel 1998). */
    assert_int_equal(ns_winset_1d(ctx, x, 5, 4, 3.0, scratch, &w), NS_OK);
    assert_true(w.in_core);
    assert_near(w.gridlock_low, 2, 0);
    assert_near(w.gridlock_high, 4, 0);
    /* q = 1: a point y > 1 needs 4 members with x > (1 + y)/2, i.e. x_(2) = 2 > (1+y)/2,
     * y < 3: W = (1, 3). */
    assert_int_equal(ns_winset_1d(ctx, x, 5, 4, 1.0, scratch, &w), NS_OK);
    assert_false(w.in_core);
    assert_near(w.low, 1, 0);
    assert_near(w.high, 3, 0);
    /* k = 2 <= n/2: both sides win: up to 2 x_(4) - 3 = 5, down to 2 x_(2) - 3 = 1;
     * the pivots cross, so there is no gridlock interval. */
    assert_int_equal(ns_winset_1d(ctx, x, 5, 2, 3.0, scratch, &w), NS_OK);
    assert_false(w.in_core);
    assert_near(w.low, 1, 0);
    assert_near(w.high, 5, 0);
    assert_true(isnan(w.gridlock_low));
    /* Errors: k > n, no scratch for k-of-n, n = 0. */
    assert_int_equal(ns_winset_1d(ctx, x, 5, 6, 3.0, scratch, &w), NS_EINVAL);
    assert_int_equal(ns_winset_1d(ctx, x, 5, 2, 3.0, NULL, &w), NS_EINVAL);
    assert_int_equal(ns_winset_1d(ctx, x, 0, 0, 3.0, NULL, &w), NS_EINVAL);
    assert_int_equal(ns_winset_1d(ctx, x, 5, 0, NAN, NULL, &w), NS_EINVAL);
    ns_ctx_free(ctx);
}

static void test_brute_force(void **state)
{
    (void)state;
    /* For random committees, rules and status quos, count at grid points y how many
     * members strictly prefer y (|y - x_i| < |q - x_i|) and compare "at least k" with
     * membership of (low, high) minus {q}. */
    ns_ctx_t *ctx = NULL;
    ns_rng_t rng;
    ns_rng_init(&rng, 11, 5, 0, 0);
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    for (int trial = 0; trial < 500; trial++) {
        size_t n = 1 + ns_rng_below(&rng, 9);
        size_t k = 1 + ns_rng_below(&rng, (uint32_t)n);
        double x[9], scratch[9];
        for (size_t a = 0; a < n; a++) {
            x[a] = (double)ns_rng_below(&rng, 21); /* integers: shared positions too */
        }
        double q = (double)ns_rng_below(&rng, 21);
        ns_winset1_t w;
        assert_int_equal(ns_winset_1d(ctx, x, n, k, q, scratch, &w), NS_OK);
        for (double y = -25; y <= 45; y += 0.25) {
            size_t count = 0;
            for (size_t a = 0; a < n; a++) {
                count += fabs(y - x[a]) < fabs(q - x[a]);
            }
            bool in = !w.in_core && y > w.low && y < w.high && y != q;
            if ((count >= k) != in) {
                fail_msg("trial %d: y %g count %zu k %zu, W (%g, %g)", trial, y, count, k, w.low,
                         w.high);
            }
        }
    }
    ns_ctx_free(ctx);
}

static void test_veto_invariant(void **state)
{
    (void)state;
    /* With unanimity every member is a veto player: whoever sets the agenda, the outcome
     * is never farther from any member's ideal point than q is. */
    ns_ctx_t *ctx = NULL;
    ns_rng_t rng;
    ns_rng_init(&rng, 12, 6, 0, 0);
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    for (int trial = 0; trial < 1000; trial++) {
        size_t n = 1 + ns_rng_below(&rng, 7);
        double x[7];
        for (size_t a = 0; a < n; a++) {
            x[a] = draw(&rng, 0, 100);
        }
        double q = draw(&rng, 0, 100), setter = draw(&rng, -50, 150);
        ns_winset1_t w;
        assert_int_equal(ns_winset_1d(ctx, x, n, 0, q, NULL, &w), NS_OK);
        double y = ns_winset_setter_1d(&w, setter);
        for (size_t a = 0; a < n; a++) {
            assert_true(fabs(y - x[a]) <= fabs(q - x[a]) + 1e-12);
        }
        /* One member: it gets its ideal point when it sets the agenda. */
        if (n == 1) {
            assert_near(ns_winset_setter_1d(&w, x[0]), x[0], 1e-12);
        }
    }
    ns_ctx_free(ctx);
}

static void test_model(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    /* The textbook example as a table; C has the greatest capability, so sets the
     * agenda: forecast 4. Extra: gridlock [2, 9], W = (0, 4), setter at 9. */
    double x[] = {2, 5, 9}, s[] = {1, 1, 1}, c[] = {1, 1, 2}, y = 0, extra[5];
    ns_table_t *t = one_issue(ctx, 3, x, s, c, 0);
    assert_int_equal(run_model(ctx, "winset", t, NULL, &y, extra), NS_OK);
    assert_near(y, 4, 0);
    assert_near(extra[0], 2, 0);
    assert_near(extra[1], 9, 0);
    assert_near(extra[2], 0, 0);
    assert_near(extra[3], 4, 0);
    assert_near(extra[4], 9, 0);
    /* setter_rank=2: by capability C (2), then A and B (1 each) in table order, so A at
     * 2 sets the agenda and gets its ideal point, inside W(q). rank 3 is B at 5: 4. */
    const char *rank2[] = {"setter_rank=2", NULL};
    assert_int_equal(run_model(ctx, "winset", t, rank2, &y, NULL), NS_OK);
    assert_near(y, 2, 0);
    const char *rank3[] = {"setter_rank=3", NULL};
    assert_int_equal(run_model(ctx, "winset", t, rank3, &y, NULL), NS_OK);
    assert_near(y, 4, 0);
    /* 2-of-3: pivots x_(2) = 5 and x_(2) = 5; W(0) = (0, 10); the setter at 9 gets 9. */
    const char *k2[] = {"rule=k_of_n", "k=2", NULL};
    assert_int_equal(run_model(ctx, "winset", t, k2, &y, extra), NS_OK);
    assert_near(y, 9, 0);
    assert_near(extra[3], 10, 0);
    /* A salience-0 member is indifferent and does not veto: drop A's salience, the
     * intersection becomes (0, 10) and C gets its ideal 9. */
    t->salience[0] = 0;
    assert_int_equal(run_model(ctx, "winset", t, NULL, &y, NULL), NS_OK);
    assert_near(y, 9, 0);
    t->salience[0] = 1;
    /* Errors: k_of_n without k; k larger than the members; setter_rank too large;
     * parameter out of range; no status quo. */
    const char *nok[] = {"rule=k_of_n", NULL};
    assert_int_equal(run_model(ctx, "winset", t, nok, &y, NULL), NS_EINVAL);
    const char *k4[] = {"rule=k_of_n", "k=4", NULL};
    assert_int_equal(run_model(ctx, "winset", t, k4, &y, NULL), NS_EINVAL);
    const char *rank4[] = {"setter_rank=4", NULL};
    assert_int_equal(run_model(ctx, "winset", t, rank4, &y, NULL), NS_ERANGE);
    const char *rank0[] = {"setter_rank=0", NULL};
    assert_int_equal(run_model(ctx, "winset", t, rank0, &y, NULL), NS_ERANGE);
    t->status_quo[0] = NAN;
    assert_int_equal(run_model(ctx, "winset", t, NULL, &y, NULL), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "'i1'"));
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* ---- d dimensions ---------------------------------------------------------------- */

static void test_nd_one_member(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    /* One member at (3, 4), q at the origin: W(q) is its preferred-to set, the open disc
     * of radius 5 about (3, 4). As setter it gets its own ideal point. */
    double x[] = {3, 4}, q[] = {0, 0}, y[2];
    ns_committee_t c = {1, 2, x, NULL, NS_METRIC_EUCLIDEAN, 0};
    bool in = false;
    double inside[] = {1, 1}, rim[] = {6, 8}, out[] = {7, 8};
    assert_int_equal(ns_winset_contains(ctx, &c, q, inside, &in), NS_OK);
    assert_true(in);
    assert_int_equal(ns_winset_contains(ctx, &c, q, rim, &in), NS_OK);
    assert_false(in); /* on the circle: indifferent, not strictly better */
    assert_int_equal(ns_winset_contains(ctx, &c, q, out, &in), NS_OK);
    assert_false(in);
    assert_int_equal(ns_winset_setter(ctx, &c, q, x, NULL, y), NS_OK);
    assert_near(y[0], 3, 0);
    assert_near(y[1], 4, 0);
    /* A setter at (6, 0) outside the disc gets the disc's nearest point to it:
     * centre + 5 * unit(6 - 3, 0 - 4) = (3 + 3, 4 - 4) = (6, 0)? |(3,-4)| = 5, so (6, 0)
     * is on the circle itself and is reachable. (9, 0): direction (6, -4)/sqrt(52). */
    double far[] = {9, 0};
    assert_int_equal(ns_winset_setter(ctx, &c, q, far, NULL, y), NS_OK);
    double len = sqrt(52.0);
    assert_near(y[0], 3 + 5 * 6 / len, 1e-4); /* 1e-5 of the scale, see winset.h */
    assert_near(y[1], 4 - 5 * 4 / len, 1e-4);
    bool core = true;
    assert_int_equal(ns_winset_in_core(ctx, &c, q, &core), NS_OK);
    assert_false(core);
    assert_int_equal(ns_winset_in_core(ctx, &c, x, &core), NS_OK);
    assert_true(core); /* its ideal point: nothing is better */
    ns_ctx_free(ctx);
}

static void test_nd_core_hull(void **state)
{
    (void)state;
    /* Common Euclidean weights: the unanimity core is the convex hull of the ideal
     * points, here the triangle x >= 0, y >= 0, x + y <= 10. City-block with two
     * members: the core is the box they span. Random q, away from the boundaries. */
    ns_ctx_t *ctx = NULL;
    ns_rng_t rng;
    ns_rng_init(&rng, 21, 7, 0, 0);
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    double tri[] = {0, 0, 10, 0, 0, 10}, box[] = {0, 0, 10, 10};
    ns_committee_t ce = {3, 2, tri, NULL, NS_METRIC_EUCLIDEAN, 0};
    ns_committee_t cl = {2, 2, box, NULL, NS_METRIC_CITYBLOCK, 0};
    int in_tri = 0, in_box = 0;
    for (int trial = 0; trial < 2000; trial++) {
        double q[] = {draw(&rng, -5, 15), draw(&rng, -5, 15)};
        bool core = false;
        double margin = fmin(fmin(q[0], q[1]), 10 - q[0] - q[1]);
        if (fabs(margin) > 1e-6) {
            assert_int_equal(ns_winset_in_core(ctx, &ce, q, &core), NS_OK);
            assert_true(core == (margin > 0));
            in_tri += core;
        }
        assert_int_equal(ns_winset_in_core(ctx, &cl, q, &core), NS_OK);
        bool want = q[0] >= 0 && q[0] <= 10 && q[1] >= 0 && q[1] <= 10;
        assert_true(core == want);
        in_box += core;
    }
    assert_true(in_tri > 100 && in_box > 100);
    /* City-block ties: q = (5, 0) shares member 1's second coordinate; still the box. */
    double qt[] = {5, 0}, qo[] = {12, 0};
    bool core = false;
    assert_int_equal(ns_winset_in_core(ctx, &cl, qt, &core), NS_OK);
    assert_true(core);
    assert_int_equal(ns_winset_in_core(ctx, &cl, qo, &core), NS_OK);
    assert_false(core);
    ns_ctx_free(ctx);
}

static void test_nd_k_of_n(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    /* 2-of-3 on a line in the plane: the middle member's point is a core (every pair's
     * segment holds it, or it is a member's ideal). Off the line, the two members of a
     * side can both move towards their segment: no core. */
    double line[] = {0, 0, 5, 5, 10, 10}, mid[] = {5, 5}, off[] = {5, 6};
    ns_committee_t c = {3, 2, line, NULL, NS_METRIC_EUCLIDEAN, 2};
    bool core = false;
    assert_int_equal(ns_winset_in_core(ctx, &c, mid, &core), NS_OK);
    assert_true(core);
    assert_int_equal(ns_winset_in_core(ctx, &c, off, &core), NS_OK);
    assert_false(core);
    /* Errors: the setter is unanimity only; too many subsets; a malformed committee. */
    double y[2];
    assert_int_equal(ns_winset_setter(ctx, &c, off, mid, NULL, y), NS_EINVAL);
    double many[80] = {0};
    ns_committee_t big = {40, 2, many, NULL, NS_METRIC_EUCLIDEAN, 20};
    assert_int_equal(ns_winset_in_core(ctx, &big, off, &core), NS_ELIMIT);
    ns_committee_t bad = {3, 2, line, NULL, NS_METRIC_EUCLIDEAN, 4};
    assert_int_equal(ns_winset_contains(ctx, &bad, off, mid, &core), NS_EINVAL);
    ns_ctx_free(ctx);
}

static void test_nd_setter_invariant(void **state)
{
    (void)state;
    /* Random committees with random weights: the setter's outcome is acceptable to every
     * member (no veto player is made worse off than at q), and, for ellipsoids, no point
     * of a fine grid that every member accepts is nearer the setter. (City-block: the
     * penalised Nelder-Mead can stall on the kinks, so only acceptability is asserted;
     * see the note in winset.h.) */
    ns_ctx_t *ctx = NULL;
    ns_rng_t rng;
    ns_rng_init(&rng, 22, 8, 0, 0);
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    for (int trial = 0; trial < 40; trial++) {
        size_t n = 1 + ns_rng_below(&rng, 4);
        double x[8], s[8], q[2], setter[2], y[2];
        for (size_t j = 0; j < 2 * n; j++) {
            x[j] = draw(&rng, 0, 10);
            s[j] = draw(&rng, 0.2, 1);
        }
        q[0] = draw(&rng, 0, 10);
        q[1] = draw(&rng, 0, 10);
        setter[0] = draw(&rng, 0, 10);
        setter[1] = draw(&rng, 0, 10);
        ns_metric_t metric = trial % 2 == 0 ? NS_METRIC_EUCLIDEAN : NS_METRIC_CITYBLOCK;
        ns_committee_t c = {n, 2, x, s, metric, 0};
        assert_int_equal(ns_winset_setter(ctx, &c, q, setter, NULL, y), NS_OK);
        for (size_t i = 0; i < n; i++) {
            double dq = ns_winset_distance(&c, i, q);
            assert_true(ns_winset_distance(&c, i, y) <= dq + 1e-8 * (1 + dq));
        }
        /* The setter's own metric: plain Euclidean / city-block (weights NULL). */
        ns_committee_t me = {1, 2, setter, NULL, metric, 0};
        double got = ns_winset_distance(&me, 0, y), best = ns_winset_distance(&me, 0, q);
        for (int a = 0; a <= 200; a++) {
            for (int b = 0; b <= 200; b++) {
                double g[2] = {a * 0.05, b * 0.05};
                bool ok = true;
                for (size_t i = 0; i < n && ok; i++) {
                    ok = ns_winset_distance(&c, i, g) <= ns_winset_distance(&c, i, q);
                }
                if (ok) {
                    best = fmin(best, ns_winset_distance(&me, 0, g));
                }
            }
        }
        if (metric == NS_METRIC_EUCLIDEAN && !(got <= best + 1e-6)) {
            fail_msg("trial %d: setter at distance %.9g, a grid point at %.9g", trial, got, best);
        }
        assert_true(got <= ns_winset_distance(&me, 0, q) + 1e-12);
    }
    ns_ctx_free(ctx);
}

static void test_nd_nash(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    /* In one dimension the Euclidean distance is |y - x|: the closed forms of
     * test_nash.c hold (members at 10 and 20, q = 0: y* = 10; b = (1, 3): y* = 15). */
    double x[] = {10, 20}, q[] = {0}, b[] = {1, 3}, y[2];
    ns_committee_t c = {2, 1, x, NULL, NS_METRIC_EUCLIDEAN, 0};
    assert_int_equal(ns_winset_nash(ctx, &c, q, NULL, y), NS_OK);
    assert_near(y[0], 10, 1e-6);
    assert_int_equal(ns_winset_nash(ctx, &c, q, b, y), NS_OK);
    assert_near(y[0], 15, 1e-6);
    /* Two dimensions, symmetric members at (10, 0) and (0, 10), q at the origin: by
     * symmetry y* is on the diagonal; with gains 10 - |y - x_i| maximised jointly it is
     * the midpoint of their segment (5, 5) (each gain 10 - sqrt(50)); and multiplying
     * member 1's weights by 49 (its distances by 7) does not move it. */
    double x2[] = {10, 0, 0, 10}, q2[] = {0, 0}, s2[] = {1, 1, 1, 1}, y1[2];
    ns_committee_t c2 = {2, 2, x2, s2, NS_METRIC_EUCLIDEAN, 0};
    assert_int_equal(ns_winset_nash(ctx, &c2, q2, NULL, y1), NS_OK);
    assert_near(y1[0], 5, 1e-5);
    assert_near(y1[1], 5, 1e-5);
    s2[0] = s2[1] = 49;
    assert_int_equal(ns_winset_nash(ctx, &c2, q2, NULL, y), NS_OK);
    assert_near(y[0], y1[0], 1e-5);
    assert_near(y[1], y1[1], 1e-5);
    /* q inside the hull (the core): y* = q. */
    double qc[] = {5, 5};
    assert_int_equal(ns_winset_nash(ctx, &c2, qc, NULL, y), NS_OK);
    assert_near(y[0], 5, 0);
    assert_near(y[1], 5, 0);
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textbook_example),
        cmocka_unit_test(test_k_of_n_pivots),
        cmocka_unit_test(test_brute_force),
        cmocka_unit_test(test_veto_invariant),
        cmocka_unit_test(test_model),
        cmocka_unit_test(test_nd_one_member),
        cmocka_unit_test(test_nd_core_hull),
        cmocka_unit_test(test_nd_k_of_n),
        cmocka_unit_test(test_nd_setter_invariant),
        cmocka_unit_test(test_nd_nash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
