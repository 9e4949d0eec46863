/* The exchange model (src/models/exchange.c; Stokman and Van Oosten 1994): equal gains,
 * the random-rate variant's bounds, no exchange on one issue, and out of memory.
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

#include "models/exchange.h"
#include "models/models.h"
#include "test_util.h"

/* |got - want| <= eps, printing both on failure (cmocka's float check is single
 * precision). */
#define assert_near(got, want, eps) check_near((got), (want), (eps), #got, __LINE__)
static void check_near(double got, double want, double eps, const char *what, int line)
{
    if (!(fabs(got - want) <= eps)) {
        print_error("line %d: %s = %.17g, want %.17g (+- %g)\n", line, what, got, want, eps);
        fail();
    }
}

/* A random world: n actors, m issues, positions on 0..100, saliences in (0,1]. */
static ns_table_t *random_table(ns_ctx_t *ctx, size_t m, size_t n, uint64_t seed)
{
    ns_table_t *t = NULL;
    assert_int_equal(ns_table_new(ctx, m, n, &t), NS_OK);
    ns_rng_t rng;
    ns_rng_init(&rng, seed, 0, 0, 0);
    for (size_t a = 0; a < n; a++) {
        double cap = 1.0 + 9.0 * ns_rng_uniform(&rng);
        for (size_t d = 0; d < m; d++) {
            size_t at = ns_table_at(t, d, a);
            t->position[at] = 100.0 * ns_rng_uniform(&rng);
            t->salience[at] = 0.05 + 0.95 * ns_rng_uniform(&rng);
            t->capability[at] = cap;
        }
    }
    return t;
}

/* Utility of actor a at outcomes o, measured from ideal points x (Stokman and Van
 * Oosten: -sum_d s_ad |x_ad - O_d| / R_d), computed from scratch. */
static double utility(size_t n, size_t m, const double *x, const double *s, const double *o,
                      size_t a)
{
    double u = 0.0;
    for (size_t d = 0; d < m; d++) {
        u -= s[d * n + a] * fabs(x[d * n + a] - o[d]) / 100.0;
    }
    return u;
}

static void compromise(size_t n, size_t m, const double *x, const double *w, double *o,
                       double *wsum)
{
    for (size_t d = 0; d < m; d++) {
        double sw = 0.0, swx = 0.0;
        for (size_t a = 0; a < n; a++) {
            sw += w[d * n + a];
            swx += w[d * n + a] * x[d * n + a];
        }
        o[d] = swx / sw;
        wsum[d] = sw;
    }
}

/* Every possible exchange on random worlds: the gains the model reports are equal (to
 * 1e-12) and equal the utility changes recomputed from scratch from the positions
 * before and after (the ideal points being the positions before). */
static void test_equal_gains(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    enum { N = 9, M = 4 };
    int checked = 0;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        ns_table_t *t = random_table(ctx, M, N, seed);
        double w[N * M], o[M], wsum[M], range[M], o2[M], w2s[M];
        for (size_t c = 0; c < N * M; c++) {
            w[c] = t->capability[c] * t->salience[c];
        }
        for (size_t d = 0; d < M; d++) {
            range[d] = 100.0;
        }
        compromise(N, M, t->position, w, o, wsum);
        for (size_t i = 0; i < N; i++) {
            for (size_t j = 0; j < N; j++) {
                for (size_t p = 0; p < M; p++) {
                    for (size_t q = 0; q < M; q++) {
                        ns__exchange_t ex;
                        if (!ns__exchange_evaluate(N, t->position, t->salience, w, o, wsum, range,
                                                   i, j, p, q, -1.0, &ex)) {
                            continue;
                        }
                        assert_near(ex.gain_i, ex.gain_j, 1e-12);
                        assert_true(ex.gain_i > 0.0);
                        double x2[N * M];
                        memcpy(x2, t->position, sizeof x2);
                        x2[p * N + j] = ex.new_jp;
                        x2[q * N + i] = ex.new_iq;
                        compromise(N, M, x2, w, o2, w2s);
                        double gi = utility(N, M, t->position, t->salience, o2, i) -
                                    utility(N, M, t->position, t->salience, o, i);
                        double gj = utility(N, M, t->position, t->salience, o2, j) -
                                    utility(N, M, t->position, t->salience, o, j);
                        assert_near(gi, ex.gain_i, 1e-12);
                        assert_near(gj, ex.gain_j, 1e-12);
                        /* The movers move toward their partners, never past them. */
                        double xjp = t->position[p * N + j], xip = t->position[p * N + i];
                        assert_true(fabs(ex.new_jp - xip) <= fabs(xjp - xip) + 1e-12);
                        checked++;
                    }
                }
            }
        }
        ns_table_free(ctx, t);
    }
    /* The random worlds do offer exchanges (otherwise the loop above checked nothing). */
    assert_true(checked > 100);
    ns_ctx_free(ctx);
}

/* Random rates lie between the break-even rates: both gains stay >= 0 for u in [0,1],
 * and u = 0 leaves j's gain at zero (j's break-even rate). */
static void test_random_rate_bounds(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    enum { N = 6, M = 3 };
    ns_table_t *t = random_table(ctx, M, N, 99);
    double w[N * M], o[M], wsum[M], range[M] = {100, 100, 100};
    for (size_t c = 0; c < N * M; c++) {
        w[c] = t->capability[c] * t->salience[c];
    }
    compromise(N, M, t->position, w, o, wsum);
    int seen = 0;
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < N; j++) {
            for (size_t p = 0; p < M; p++) {
                for (size_t q = 0; q < M; q++) {
                    ns__exchange_t eq, lo;
                    if (!ns__exchange_evaluate(N, t->position, t->salience, w, o, wsum, range, i, j,
                                               p, q, -1.0, &eq)) {
                        continue;
                    }
                    /* At u = 0 the rate is j's break-even rate: j gains nothing. */
                    (void)ns__exchange_evaluate(N, t->position, t->salience, w, o, wsum, range, i,
                                                j, p, q, 0.0, &lo);
                    assert_true(fabs(lo.gain_j) < 1e-12);
                    for (double u = 0.1; u < 1.0; u += 0.2) {
                        ns__exchange_t r;
                        if (ns__exchange_evaluate(N, t->position, t->salience, w, o, wsum, range, i,
                                                  j, p, q, u, &r)) {
                            assert_true(r.gain_i > 0.0 && r.gain_j > 0.0);
                        }
                    }
                    seen++;
                }
            }
        }
    }
    assert_true(seen > 0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

typedef struct run {
    void *state;
    double values[NS__EXCHANGE_NPARAMS];
    ns_rng_t rng;
} run_t;

/* Run to the end (variant: NS__EXCHANGE_DECIDE or NS__EXCHANGE_SINGLE; max_rounds 0:
 * the model's own stop). */
static ns_status run_variant(ns_ctx_t *ctx, const ns_table_t *t, int variant, double rate,
                             int max_rounds, double *forecast, double *extra, int *rounds)
{
    run_t r;
    r.state = calloc(1, ns_model_exchange.state_size);
    assert_non_null(r.state);
    for (size_t k = 0; k < NS__EXCHANGE_NPARAMS; k++) {
        r.values[k] = ns_model_exchange.params[k].dflt;
    }
    r.values[NS__EXCHANGE_RATE] = rate;
    r.values[NS__EXCHANGE_VARIANT] = variant;
    r.values[NS__EXCHANGE_ROUNDS] = max_rounds;
    ns_rng_init(&r.rng, 7, 0, 0, 0);
    ns_status st = ns_model_exchange.init(r.state, ctx, t, r.values, &r.rng);
    if (st != NS_OK) {
        free(r.state);
        return st;
    }
    *rounds = 0;
    while ((st = ns_model_exchange.step(r.state, ctx)) == NS_CONTINUE && *rounds < 1000) {
        (*rounds)++;
    }
    if (st == NS_DONE && max_rounds > 0 && *rounds < max_rounds) {
        (*rounds)++; /* variant=decide stops with NS_DONE after its last round. */
    }
    if (st < 0) {
        ns_model_exchange.destroy(r.state, ctx);
        free(r.state);
        return st;
    }
    assert_int_equal(st, NS_DONE);
    assert_int_equal(ns_model_exchange.result(r.state, ctx, forecast, extra), NS_OK);
    ns_model_exchange.destroy(r.state, ctx);
    free(r.state);
    return NS_OK;
}

/* normsim's earlier model (variant=single). */
static ns_status run_model(ns_ctx_t *ctx, const ns_table_t *t, double rate, double *forecast,
                           double *extra, int *rounds)
{
    return run_variant(ctx, t, NS__EXCHANGE_SINGLE, rate, 0, forecast, extra, rounds);
}

/* One issue: no pair of issues to trade across, so nothing moves and the forecast is
 * the compromise mean of the input, computed here by hand: actors at 10, 50, 90 with
 * c*s = 1*0.5, 2*0.5, 1*1.0 give (5 + 50 + 90) / 2.5 = 58. */
static void test_one_issue_no_exchange(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = NULL;
    assert_int_equal(ns_table_new(ctx, 1, 3, &t), NS_OK);
    double x[3] = {10, 50, 90}, s[3] = {0.5, 0.5, 1.0}, c[3] = {1, 2, 1};
    for (size_t a = 0; a < 3; a++) {
        t->position[a] = x[a];
        t->salience[a] = s[a];
        t->capability[a] = c[a];
    }
    double forecast, extra[4];
    int rounds;
    for (double rate = 0; rate <= 1; rate += 1) {
        assert_int_equal(run_model(ctx, t, rate, &forecast, extra, &rounds), NS_OK);
        assert_int_equal(rounds, 0);
        assert_near(forecast, 58.0, 1e-12);
        assert_near(extra[1], 0.0, 0.0);
    }
    /* variant=decide: no pair of issues, no candidate, the first round ends the run. */
    assert_int_equal(run_variant(ctx, t, NS__EXCHANGE_DECIDE, 0, 0, &forecast, extra, &rounds),
                     NS_OK);
    assert_int_equal(rounds, 0);
    assert_near(forecast, 58.0, 1e-12);
    assert_near(extra[1], 0.0, 0.0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Two issues, two actors with opposite priorities, a third to keep the outcomes
 * interior. Actor A (0 on both, cares 0.9 about issue 1, 0.1 about issue 2), B (100 on
 * both, 0.1 / 0.9), C (50, 50, 0.5 / 0.5); capabilities 1. Outcomes at the start:
 * (0 * 0.9 + 100 * 0.1 + 50 * 0.5) / 1.5 = 23.33 on issue 1 and 76.67 on issue 2. A
 * gains on issue 1 and gives on 2; B the reverse. Both must end better off than at the
 * start, by their utilities at the initial ideal points, and the run must stop. */
static void test_two_issue_trade(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = NULL;
    assert_int_equal(ns_table_new(ctx, 2, 3, &t), NS_OK);
    double x[6] = {0, 100, 50, 0, 100, 50}, s[6] = {0.9, 0.1, 0.5, 0.1, 0.9, 0.5};
    for (size_t k = 0; k < 6; k++) {
        t->position[k] = x[k];
        t->salience[k] = s[k];
        t->capability[k] = 1.0;
    }
    double forecast[2], extra[8];
    int rounds;
    assert_int_equal(run_model(ctx, t, 0, forecast, extra, &rounds), NS_OK);
    assert_true(rounds >= 1);
    assert_near(extra[2], 70.0 / 3.0, 1e-12);
    assert_near(extra[6], 230.0 / 3.0, 1e-12);
    double o0[2] = {70.0 / 3.0, 230.0 / 3.0};
    /* A's utility rises: issue 1 moved toward 0 more (in salience terms) than issue 2
     * moved away. */
    double ua0 = -0.9 * o0[0] - 0.1 * o0[1], ua1 = -0.9 * forecast[0] - 0.1 * forecast[1];
    double ub0 = -0.1 * (100 - o0[0]) - 0.9 * (100 - o0[1]);
    double ub1 = -0.1 * (100 - forecast[0]) - 0.9 * (100 - forecast[1]);
    assert_true(ua1 > ua0);
    assert_true(ub1 > ub0);
    assert_true(forecast[0] < o0[0] && forecast[1] > o0[1]);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* The random variant is reproducible from the seed. */
static void test_random_reproducible(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = random_table(ctx, 5, 8, 3);
    double f1[5], f2[5], e1[20], e2[20];
    int r1, r2;
    assert_int_equal(run_model(ctx, t, 1, f1, e1, &r1), NS_OK);
    assert_int_equal(run_model(ctx, t, 1, f2, e2, &r2), NS_OK);
    assert_int_equal(r1, r2);
    assert_memory_equal(f1, f2, sizeof f1);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* A table of 3 issues P, Q, R and 4 actors, capabilities 1 (NaN: sits out):
 *
 *          P (x, s)     Q (x, s)     R (x, s)
 *     A    0, 0.8       0, 0.2       -
 *     B  100, 0.2     100, 0.8       -
 *     C    0, 0.8       -            0, 0.2
 *     D  100, 0.2       -          100, 0.8
 */
static ns_table_t *two_trades_table(ns_ctx_t *ctx)
{
    ns_table_t *t = NULL;
    assert_int_equal(ns_table_new(ctx, 3, 4, &t), NS_OK);
    const double x[12] = {0, 100, 0, 100, 0, 100, NAN, NAN, NAN, NAN, 0, 100};
    const double s[12] = {0.8, 0.2, 0.8, 0.2, 0.2, 0.8, NAN, NAN, NAN, NAN, 0.2, 0.8};
    for (size_t k = 0; k < 12; k++) {
        t->position[k] = x[k];
        t->salience[k] = s[k];
        t->capability[k] = x[k] == x[k] ? 1.0 : NAN;
    }
    return t;
}

/* One round of variant=decide on two_trades_table, worked by hand from Decide's code
 * (decide/model/base.py, equalgain.py, calculations.py, utils.py):
 *
 * NBS (sum c s x / sum c s): W_P = 0.8 + 0.2 + 0.8 + 0.2 = 2, O_P = (20 + 20) / 2 = 20;
 * W_Q = 1, O_Q = 100 * 0.8 = 80; W_R = 1, O_R = 80. Left (x <= O): A and C on P, A on Q,
 * C on R. Groups of the pair (P, Q), actors on both: A left/left (d), B right/right (a);
 * of (P, R): C (d), D (a); (Q, R): nobody. Candidates, in order: E1 = B with A on (P, Q),
 * E2 = D with C on (P, R).
 *
 * E1: B's s_P / s_Q = 0.25 < A's 4, so A demands P and supplies Q (side i), B supplies P
 * (side j). dp = |x_AP - x_BP| s_BP c_BP / W_P = 100 * 0.2 / 2 = 10; dq = dp (s_BP + s_AP)
 * / (s_BQ + s_AQ) = 10; A's move on Q = dq W_Q / (c_AQ s_AQ) = 10 / 0.2 = 50 (not beyond
 * B's 100, so it stands); B's move on P = -|0 - 100| = -100. Gain |dq s_AQ - dp s_AP| =
 * |2 - 8| = 6. Moves valid (within 0..100, one sign). check_nbs: A at 50 puts O_Q at 90,
 * still short of B's 100; B at 0 puts O_P at 10, still above A's 0: no cut. E2 is the
 * same with C, D and R: gain 6.
 *
 * The gains tie (Decide draws one at random; normsim takes the first, E1). After E1 is
 * carried out E2 shares no actor with it, so it is not recalculated and is carried out
 * too: two exchanges move P in one round (variant=single moves an issue once per round).
 *
 * Voting positions: A_Q = 50, B_P = 0, C_R = 50, D_P = 0. Forecast (NBS at them):
 * O_P = 0, O_Q = (50 * 0.2 + 100 * 0.8) / 1 = 90, O_R = 90.
 * Next round's positions, x' = ((1 - s) 0.4 + 0.1) y + (1 - (1 - s) 0.4 - 0.1) x with the
 * supply salience s = 0.2: A_Q = C_R = 0.42 * 50 = 21, B_P = D_P = 0.58 * 100 = 58.
 * Preference NBS: O_P = (58 * 0.2 * 2) / 2 = 11.6, O_Q = O_R = 21 * 0.2 + 80 = 84.2. */
static void test_decide_round_by_hand(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = two_trades_table(ctx);
    double f[3], e[12];
    int rounds;
    assert_int_equal(run_variant(ctx, t, NS__EXCHANGE_DECIDE, 0, 1, f, e, &rounds), NS_OK);
    assert_int_equal(rounds, 1);
    assert_near(f[0], 0.0, 1e-12);
    assert_near(f[1], 90.0, 1e-12);
    assert_near(f[2], 90.0, 1e-12);
    /* Columns: rounds, exchanges, initial, preference. */
    assert_near(e[0 * 4 + 1], 2.0, 0.0);
    assert_near(e[1 * 4 + 1], 1.0, 0.0);
    assert_near(e[2 * 4 + 1], 1.0, 0.0);
    assert_near(e[0 * 4 + 2], 20.0, 1e-12);
    assert_near(e[1 * 4 + 2], 80.0, 1e-12);
    assert_near(e[0 * 4 + 3], 11.6, 1e-12);
    assert_near(e[1 * 4 + 3], 84.2, 1e-12);
    assert_near(e[2 * 4 + 3], 84.2, 1e-12);
    /* The same round on another scale: positions are normalised to 0..100 and back. */
    for (size_t k = 0; k < 12; k++) {
        t->position[k] = t->position[k] == t->position[k] ? 10.0 + t->position[k] / 10.0 : NAN;
    }
    for (size_t d = 0; d < 3; d++) {
        t->scale_min[d] = 10.0;
        t->scale_max[d] = 20.0;
    }
    assert_int_equal(run_variant(ctx, t, NS__EXCHANGE_DECIDE, 0, 1, f, e, &rounds), NS_OK);
    assert_near(f[0], 10.0, 1e-12);
    assert_near(f[1], 19.0, 1e-12);
    assert_near(e[0 * 4 + 3], 11.16, 1e-12);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* variant=single on the same table: at most one exchange moves P in a round. */
static void test_single_one_per_issue(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = two_trades_table(ctx);
    run_t r;
    r.state = calloc(1, ns_model_exchange.state_size);
    assert_non_null(r.state);
    for (size_t k = 0; k < NS__EXCHANGE_NPARAMS; k++) {
        r.values[k] = ns_model_exchange.params[k].dflt;
    }
    r.values[NS__EXCHANGE_VARIANT] = NS__EXCHANGE_SINGLE;
    ns_rng_init(&r.rng, 7, 0, 0, 0);
    assert_int_equal(ns_model_exchange.init(r.state, ctx, t, r.values, &r.rng), NS_OK);
    assert_int_equal(ns_model_exchange.step(r.state, ctx), NS_CONTINUE);
    double f[3], e[12];
    assert_int_equal(ns_model_exchange.result(r.state, ctx, f, e), NS_OK);
    assert_near(e[0 * 4 + 1], 1.0, 0.0);
    ns_model_exchange.destroy(r.state, ctx);
    free(r.state);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* A round of variant=decide on random tables: every outcome stays on the scale, the run
 * is deterministic, and out of memory at any allocation of init or of the rounds gives
 * NS_ENOMEM without a leak (the sanitizer build checks the leaks). */
static void test_decide_random_tables(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    for (uint64_t seed = 1; seed <= 5; seed++) {
        ns_table_t *t = random_table(ctx, 5, 9, seed);
        double f1[5], f2[5], e1[20], e2[20];
        int r1, r2;
        assert_int_equal(run_variant(ctx, t, NS__EXCHANGE_DECIDE, 0, 10, f1, e1, &r1), NS_OK);
        assert_int_equal(run_variant(ctx, t, NS__EXCHANGE_DECIDE, 0, 10, f2, e2, &r2), NS_OK);
        assert_int_equal(r1, r2);
        assert_memory_equal(f1, f2, sizeof f1);
        for (size_t d = 0; d < 5; d++) {
            assert_true(f1[d] >= 0.0 && f1[d] <= 100.0);
            assert_true(e1[d * 4 + 3] >= 0.0 && e1[d * 4 + 3] <= 100.0);
        }
        ns_table_free(ctx, t);
    }
    ns_table_t *t = random_table(ctx, 4, 6, 11);
    for (long k = 1;; k++) {
        failing_alloc_t fa;
        ns_ctx_t *fctx = failing_ctx(&fa, k);
        double f[4], e[16];
        int rounds;
        ns_status st = run_variant(fctx, t, NS__EXCHANGE_DECIDE, 0, 3, f, e, &rounds);
        ns_ctx_free(fctx);
        if (st == NS_OK) {
            break;
        }
        assert_int_equal(st, NS_ENOMEM);
        assert_true(k < 100000);
    }
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* A 2-issue table (P, Q), capabilities 1, from positions and saliences issue-major
 * (NaN: sits out). */
static ns_table_t *small_table(ns_ctx_t *ctx, size_t n, const double *x, const double *s)
{
    ns_table_t *t = NULL;
    assert_int_equal(ns_table_new(ctx, 2, n, &t), NS_OK);
    for (size_t k = 0; k < 2 * n; k++) {
        t->position[k] = x[k];
        t->salience[k] = s[k];
        t->capability[k] = x[k] == x[k] ? 1.0 : NAN;
    }
    return t;
}

/* Decide's check_nbs, by hand. Actors A (P: 10, s 0.8; Q: 0, s 0.2), B (P: 90, s 0.2;
 * Q: 100, s 0.8), X (P: 0, s 0.8; not on Q). W_P = 1.8, O_P = (8 + 18) / 1.8 = 14.44;
 * W_Q = 1, O_Q = 80. One candidate, A with B on (P, Q): A demands P. dp = |10 - 90| 0.2
 * / 1.8 = 8.89 = dq; A's move on Q 8.89 / 0.2 = 44.4, B's on P -80 (to A's 10). With B at
 * 10 the outcome of P would be (8 + 2) / 1.8 = 5.56, past A's 10, so check_nbs cuts:
 * delta = (10 * 1.8 - 8) / 0.2 = 50, the position of B that puts O_P at A's 10; Decide's
 * code then moves B by that number, 90 - 50 = 40 (not to 50); dp = 50 * 0.2 / 1.8 = 5.56
 * = dq, A's move 5.56 / 0.2 = 27.8. Voting: O_P = (8 + 40 * 0.2) / 1.8 = 8.89, O_Q =
 * 27.78 * 0.2 + 80 = 85.56. Next positions (s = 0.2: 0.42 y + 0.58 x): B_P = 16.8 + 52.2
 * = 69, A_Q = 11.67; preference O_P = (8 + 13.8) / 1.8 = 12.11, O_Q = 82.33. */
static void test_decide_check_nbs_by_hand(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const double x[6] = {10, 90, 0, 0, 100, NAN}, s[6] = {0.8, 0.2, 0.8, 0.2, 0.8, NAN};
    ns_table_t *t = small_table(ctx, 3, x, s);
    double f[2], e[8];
    int rounds;
    assert_int_equal(run_variant(ctx, t, NS__EXCHANGE_DECIDE, 0, 1, f, e, &rounds), NS_OK);
    assert_near(f[0], 16.0 / 1.8, 1e-9);
    assert_near(f[1], 80.0 + 0.2 * (50.0 / 1.8), 1e-9); /* A at 27.78 on Q. */
    assert_near(e[0 * 4 + 3], 21.8 / 1.8, 1e-9);
    assert_near(e[1 * 4 + 3], 80.0 + 0.2 * 0.42 * (50.0 / 1.8), 1e-9);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Recalculation after an exchange, by hand. Actors A (P: 0, s 0.8; Q: 0, s 0.2), A2 (P:
 * 10, s 0.8; Q: 0, s 0.2), B (P: 100, s 0.2; Q: 100, s 0.8). W_P = 1.8, O_P = 28 / 1.8 =
 * 15.56; W_Q = 1.2, O_Q = 66.67. Candidates E1 = B with A, E2 = B with A2; in both B
 * supplies P. E1: dp = 100 * 0.2 / 1.8 = 11.11 = dq, A's move on Q 11.11 * 1.2 / 0.2 =
 * 66.67, B's on P -100; gain 11.11 * 0.6 = 6.67; no cut. E2 (gain 3.33 after check_nbs
 * cuts B's move to -50) comes second. Carrying out E1 moves B to 0 on P; E2 continues
 * from there: B's move to A2's 10 is now +10, back against its earlier -50 in E2, so
 * E2 is no longer valid (is_move_valid: an actor's moves in an exchange keep one sign)
 * and is dropped. One exchange: voting O_P = 8 / 1.8 = 4.44, O_Q = (13.33 + 80) / 1.2 =
 * 77.78; next positions A_Q = 0.42 * 66.67 = 28, B_P = 58: preference O_P = 19.6 / 1.8
 * = 10.89, O_Q = 85.6 / 1.2 = 71.33. */
static void test_decide_recalculate_by_hand(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const double x[6] = {0, 10, 100, 0, 0, 100}, s[6] = {0.8, 0.8, 0.2, 0.2, 0.2, 0.8};
    ns_table_t *t = small_table(ctx, 3, x, s);
    double f[2], e[8];
    int rounds;
    assert_int_equal(run_variant(ctx, t, NS__EXCHANGE_DECIDE, 0, 1, f, e, &rounds), NS_OK);
    assert_near(e[0 * 4 + 1], 1.0, 0.0);
    assert_near(e[1 * 4 + 1], 1.0, 0.0);
    assert_near(f[0], 8.0 / 1.8, 1e-9);
    assert_near(f[1], (0.2 * 200.0 / 3.0 + 80.0) / 1.2, 1e-9);
    assert_near(e[0 * 4 + 3], 19.6 / 1.8, 1e-9);
    assert_near(e[1 * 4 + 3], 85.6 / 1.2, 1e-9);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

static void test_init_out_of_memory(void **state)
{
    (void)state;
    failing_alloc_t f;
    ns_ctx_t *good = NULL;
    assert_int_equal(ns_ctx_new(NULL, &good), NS_OK);
    ns_table_t *t = random_table(good, 3, 4, 5);
    for (long k = 1; k < 6; k++) {
        ns_ctx_t *ctx = failing_ctx(&f, k);
        double forecast[3], extra[12];
        int rounds;
        ns_status st = run_model(ctx, t, 0, forecast, extra, &rounds);
        assert_true(st == NS_OK || st == NS_ENOMEM);
        if (k == 1) {
            assert_int_equal(st, NS_ENOMEM);
        }
        ns_ctx_free(ctx);
    }
    ns_table_free(good, t);
    ns_ctx_free(good);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_gains),
        cmocka_unit_test(test_random_rate_bounds),
        cmocka_unit_test(test_one_issue_no_exchange),
        cmocka_unit_test(test_two_issue_trade),
        cmocka_unit_test(test_random_reproducible),
        cmocka_unit_test(test_init_out_of_memory),
        cmocka_unit_test(test_decide_round_by_hand),
        cmocka_unit_test(test_single_one_per_issue),
        cmocka_unit_test(test_decide_random_tables),
        cmocka_unit_test(test_decide_check_nbs_by_hand),
        cmocka_unit_test(test_decide_recalculate_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
