/* The median model: a hand-computed weighted median, ties, and the identity "Condorcet
 * winner among positions = unique weighted median" against the O(n^2) pairwise votes.
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
    /* Weights .5, 1.6, 3, .6, .2 at 20..90 (total 5.9, half 2.95): the cumulative weight
     * .5, 2.1, 5.1 first passes half at 60, so 60 is the median and beats everyone. */
    double x[] = {20, 40, 60, 80, 90}, s[] = {.5, .8, 1, .6, .4}, c[] = {1, 2, 3, 1, .5};
    ns_table_t *t = one_issue(ctx, 5, x, s, c, NAN);
    double o = 0, extra[3];
    assert_int_equal(run_model(ctx, "median", t, NULL, &o, extra), NS_OK);
    assert_near(o, 60, 0);
    assert_near(extra[0], 60, 0);
    assert_near(extra[1], 60, 0);
    assert_near(extra[2], 1, 0);
    ns_table_free(ctx, t);

    /* Two equal weights at 10 and 20: they tie (V = 0), no Condorcet winner; the
     * median interval [10, 20] is reported as 15. */
    double x2[] = {10, 20}, s2[] = {1, 1}, c2[] = {1, 1};
    t = one_issue(ctx, 2, x2, s2, c2, NAN);
    assert_int_equal(run_model(ctx, "median", t, NULL, &o, extra), NS_OK);
    assert_near(o, 15, 0);
    assert_true(isnan(extra[1]));
    assert_near(extra[2], 0, 0);
    ns_table_free(ctx, t);

    /* Weights .1 + .2 against .3: a tie that floating point would miss without the
     * tolerance (0.1 + 0.2 != 0.3). */
    double x3[] = {10, 20, 30}, s3[] = {1, 1, 1}, c3[] = {.1, .2, .3};
    t = one_issue(ctx, 3, x3, s3, c3, NAN);
    assert_int_equal(run_model(ctx, "median", t, NULL, &o, extra), NS_OK);
    assert_near(o, 25, 1e-12);
    assert_true(isnan(extra[1]));
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* The Condorcet winner by brute force from the definition: V(j,k) for every pair. */
static double brute_condorcet(size_t n, const double *x, const double *w, double range)
{
    for (size_t j = 0; j < n; j++) {
        bool wins = true;
        for (size_t k = 0; k < n && wins; k++) {
            if (x[k] == x[j]) {
                continue; /* the same alternative */
            }
            double v = 0;
            for (size_t i = 0; i < n; i++) {
                v += w[i] * (fabs(x[i] - x[k]) - fabs(x[i] - x[j])) / range;
            }
            wins = v > 1e-9;
        }
        if (wins) {
            return x[j];
        }
    }
    return NAN;
}

static void test_condorcet_is_median(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_rng_t rng;
    ns_rng_init(&rng, 7, 2, 0, 0);
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    int with_winner = 0, without = 0;
    for (int trial = 0; trial < 2000; trial++) {
        size_t n = 1 + ns_rng_below(&rng, 12);
        bool integral = trial % 2 == 0; /* small integers make ties and shared positions */
        double x[12], s[12], c[12], w[12];
        for (size_t a = 0; a < n; a++) {
            x[a] = integral ? (double)ns_rng_below(&rng, 6) * 10 : draw(&rng, 0, 100);
            s[a] = integral ? (double)ns_rng_below(&rng, 3) / 2.0 : draw(&rng, 0, 1);
            c[a] = integral ? (double)ns_rng_below(&rng, 4) : draw(&rng, 0, 5);
            w[a] = c[a] * s[a];
        }
        ns_table_t *t = one_issue(ctx, n, x, s, c, NAN);
        double o = 0, extra[3];
        assert_int_equal(run_model(ctx, "median", t, NULL, &o, extra), NS_OK);
        double want = brute_condorcet(n, x, w, 100.0);
        if (isnan(want) != isnan(extra[1]) || (!isnan(want) && want != extra[1])) {
            fail_msg("trial %d: brute force %g, model %g", trial, want, extra[1]);
        }
        with_winner += !isnan(want);
        without += isnan(want);
        ns_table_free(ctx, t);
    }
    /* Both cases were exercised. */
    assert_true(with_winner > 100);
    assert_true(without > 100);
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answer),
        cmocka_unit_test(test_condorcet_is_median),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
