/* The compromise model: a hand-computed forecast, the lever identity, sitting out.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model_util.h"

static void test_known_answer(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    /* Issue ihl of tests/data/tables/good.csv. Weights c*s: .5, 1.6, 3, .6, .2 (sum 5.9);
     * sum w x = 10 + 64 + 180 + 48 + 18 = 320; o = 320 / 5.9 = 54.2372881... */
    double x[] = {20, 40, 60, 80, 90}, s[] = {.5, .8, 1, .6, .4}, c[] = {1, 2, 3, 1, .5};
    ns_table_t *t = one_issue(ctx, 5, x, s, c, NAN);
    double o = 0, extra[2];
    assert_int_equal(run_model(ctx, "compromise", t, NULL, &o, extra), NS_OK);
    assert_near(o, 320.0 / 5.9, 1e-12);
    assert_near(extra[0], 5.9, 1e-12);
    assert_near(extra[1], 5.0, 0);
    /* An actor that sits out (NaN position) is left out: drop BRA by hand. */
    t->position[4] = NAN;
    assert_int_equal(run_model(ctx, "compromise", t, NULL, &o, extra), NS_OK);
    assert_near(o, 302.0 / 5.7, 1e-12);
    assert_near(extra[1], 4.0, 0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

static void test_lever_identity(void **state)
{
    (void)state;
    /* The compromise is the balance point: sum_i w_i (x_i - o) = 0 (van den Bos 1991).
     * Checked on random tables, relative to sum_i w_i |x_i - o|. */
    ns_ctx_t *ctx = NULL;
    ns_rng_t rng;
    ns_rng_init(&rng, 42, 1, 0, 0);
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 1 + ns_rng_below(&rng, 50);
        double x[50], s[50], c[50];
        for (size_t a = 0; a < n; a++) {
            x[a] = draw(&rng, 0, 100);
            s[a] = draw(&rng, 0, 1);
            c[a] = draw(&rng, 0, 10);
        }
        ns_table_t *t = one_issue(ctx, n, x, s, c, NAN);
        double o = 0;
        assert_int_equal(run_model(ctx, "compromise", t, NULL, &o, NULL), NS_OK);
        double lever = 0, scale = 0;
        for (size_t a = 0; a < n; a++) {
            lever += c[a] * s[a] * (x[a] - o);
            scale += c[a] * s[a] * fabs(x[a] - o);
        }
        assert_true(fabs(lever) <= 1e-12 * (1 + scale));
        assert_true(o >= 0 && o <= 100);
        ns_table_free(ctx, t);
    }
    ns_ctx_free(ctx);
}

static void test_no_weight(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    /* Nobody has capability: the weighted mean is undefined, reported as NaN. */
    double x[] = {20, 40}, s[] = {1, 1}, c[] = {0, 0};
    ns_table_t *t = one_issue(ctx, 2, x, s, c, NAN);
    double o = 0;
    assert_int_equal(run_model(ctx, "compromise", t, NULL, &o, NULL), NS_OK);
    assert_true(isnan(o));
    /* The compromise model has no parameters: any key is unknown. */
    const char *kv[] = {"k=3", NULL};
    assert_int_equal(run_model(ctx, "compromise", t, kv, &o, NULL), NS_EINVAL);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answer),
        cmocka_unit_test(test_lever_identity),
        cmocka_unit_test(test_no_weight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
