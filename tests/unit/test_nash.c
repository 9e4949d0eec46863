/* The Nash bargaining model: closed-form answers, scale invariance, the core, errors.
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

static void test_closed_forms(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    double x[] = {10, 20}, s[] = {1, 1}, c[] = {1, 3}, y = 0, extra[3];
    ns_table_t *t = one_issue(ctx, 2, x, s, c, 0);

    /* Linear, symmetric, q = 0: W(q) = (0, 20). On (0, 10] both gains equal y, so
     * f = 2 ln y rises; on [10, 20) f = ln(20 - y) + ln y, maximal at its centre 10.
     * So y* = 10, the kink. */
    assert_int_equal(run_model(ctx, "nash", t, NULL, &y, extra), NS_OK);
    assert_near(y, 10, 1e-7);
    assert_near(extra[0], 0, 0);
    assert_near(extra[1], 20, 0);
    assert_near(extra[2], 2, 0);

    /* Linear, b = capability (1, 3): on [10, 20) f = ln(20 - y) + 3 ln y, f' = 0 at
     * 3 (20 - y) = y, y = 15. */
    const char *cap[] = {"weighting=capability", NULL};
    assert_int_equal(run_model(ctx, "nash", t, cap, &y, NULL), NS_OK);
    assert_near(y, 15, 1e-7);

    /* Quadratic, symmetric: gains y (20 - y) and y (40 - y); f' = 2/y - 1/(20-y) -
     * 1/(40-y) = 0 gives y^2 - 45 y + 400 = 0, y = (45 - sqrt(425)) / 2 = 12.19224... */
    const char *quad[] = {"loss=quadratic", NULL};
    assert_int_equal(run_model(ctx, "nash", t, quad, &y, NULL), NS_OK);
    assert_near(y, (45 - sqrt(425)) / 2, 1e-7);

    /* q = 15 lies between the ideal points: the core, so y* = q. */
    t->status_quo[0] = 15;
    assert_int_equal(run_model(ctx, "nash", t, NULL, &y, NULL), NS_OK);
    assert_near(y, 15, 0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

static void test_scale_invariance(void **state)
{
    (void)state;
    /* Nash's axiom: multiplying one actor's utility (here its salience) by 7 leaves y*
     * unchanged, for both losses and both weightings, on random issues. */
    ns_ctx_t *ctx = NULL;
    ns_rng_t rng;
    ns_rng_init(&rng, 3, 3, 0, 0);
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const char *combos[4][3] = {{"loss=linear", "weighting=symmetric", NULL},
                                {"loss=quadratic", "weighting=symmetric", NULL},
                                {"loss=linear", "weighting=capability", NULL},
                                {"loss=quadratic", "weighting=capability", NULL}};
    int moved = 0;
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 2 + ns_rng_below(&rng, 8);
        double x[10], s[10], c[10];
        for (size_t a = 0; a < n; a++) {
            x[a] = draw(&rng, 20, 100);
            s[a] = draw(&rng, 0.05, 0.14); /* times 7 stays within [0, 1] */
            c[a] = draw(&rng, 0.1, 5);
        }
        double q = draw(&rng, 0, 20); /* below everyone: W(q) is not empty */
        ns_table_t *t = one_issue(ctx, n, x, s, c, q);
        for (int k = 0; k < 4; k++) {
            double before = 0, after = 0;
            assert_int_equal(run_model(ctx, "nash", t, combos[k], &before, NULL), NS_OK);
            size_t who = ns_rng_below(&rng, (uint32_t)n);
            t->salience[who] *= 7;
            assert_int_equal(run_model(ctx, "nash", t, combos[k], &after, NULL), NS_OK);
            t->salience[who] /= 7;
            assert_near(before, after, 1e-8);
            moved += before > q + 1e-6;
        }
        ns_table_free(ctx, t);
    }
    assert_true(moved > 700); /* the solutions were not stuck at q */
    ns_ctx_free(ctx);
}

static void test_inside_winset(void **state)
{
    (void)state;
    /* Every member weakly gains: y* is in the closure of W(q), so no member's distance
     * to y* exceeds its distance to q (the veto-player invariant). */
    ns_ctx_t *ctx = NULL;
    ns_rng_t rng;
    ns_rng_init(&rng, 4, 4, 0, 0);
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    for (int trial = 0; trial < 300; trial++) {
        size_t n = 1 + ns_rng_below(&rng, 6);
        double x[6], s[6], c[6];
        for (size_t a = 0; a < n; a++) {
            x[a] = draw(&rng, 0, 100);
            s[a] = draw(&rng, 0.1, 1);
            c[a] = draw(&rng, 0.1, 1);
        }
        double q = draw(&rng, 0, 100), y = 0;
        ns_table_t *t = one_issue(ctx, n, x, s, c, q);
        assert_int_equal(run_model(ctx, "nash", t, NULL, &y, NULL), NS_OK);
        for (size_t a = 0; a < n; a++) {
            assert_true(fabs(y - x[a]) <= fabs(q - x[a]) + 1e-9);
        }
        ns_table_free(ctx, t);
    }
    ns_ctx_free(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    double x[] = {10, 20}, s[] = {1, 1}, c[] = {1, 3}, y = 0;
    ns_table_t *t = one_issue(ctx, 2, x, s, c, NAN);
    /* No status quo: NS_EINVAL naming the issue. */
    assert_int_equal(run_model(ctx, "nash", t, NULL, &y, NULL), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "'i1'"));
    t->status_quo[0] = 0;
    /* A choice that does not exist, listing the choices. */
    const char *bad[] = {"loss=cubic", NULL};
    assert_int_equal(run_model(ctx, "nash", t, bad, &y, NULL), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "linear, quadratic"));
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_forms),
        cmocka_unit_test(test_scale_invariance),
        cmocka_unit_test(test_inside_winset),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
