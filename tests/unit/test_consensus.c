/* Consensus drafting (model 7): known answers computed by hand, the invariants of
 * issue 5, the greedy search against the exhaustive one, the Nash and maximin texts
 * against independent checks, Monte Carlo, explanations, errors and out-of-memory.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"

#define MAXM 64
#define MAXD NS_CONSENSUS_MAX_DIMS

/* A table with its own storage. */
typedef struct inst {
    size_t m, d;
    double x[MAXM * MAXD], s[MAXM * MAXD], c[MAXM], w[MAXM], q[MAXD], z[MAXD];
    ns_para_action_t forced[MAXD];
    ns_consensus_table_t t;
} inst_t;

static void inst_init(inst_t *in, size_t m, size_t d)
{
    memset(in, 0, sizeof *in);
    in->m = m;
    in->d = d;
    for (size_t i = 0; i < m; i++) {
        in->c[i] = 1.0;
        for (size_t k = 0; k < d; k++) {
            in->s[i * d + k] = 1.0;
        }
    }
    for (size_t k = 0; k < d; k++) {
        in->q[k] = 50.0;
        in->forced[k] = NS_PARA_FREE;
    }
    in->t.m = m;
    in->t.d = d;
    in->t.ideal = in->x;
    in->t.salience = in->s;
    in->t.capability = in->c;
    in->t.will = in->w;
    in->t.status_quo = in->q;
    in->t.forced = in->forced;
    in->t.chair = -1;
}

/* Random instance: ideals on [0, 100], saliences on [0, 1], capabilities on (0, 1],
 * wills on [0, wmax], status quo on [20, 80]; fixed summary positions (so that removing
 * a member does not move them). */
static void inst_random(inst_t *in, size_t m, size_t d, uint64_t seed, uint32_t id, double wmax)
{
    ns_rng_t r;
    ns_rng_init(&r, seed, id, 0, 0);
    inst_init(in, m, d);
    for (size_t i = 0; i < m; i++) {
        in->c[i] = 0.05 + 0.95 * ns_rng_uniform(&r);
        in->w[i] = wmax * ns_rng_uniform(&r);
        for (size_t k = 0; k < d; k++) {
            in->x[i * d + k] = 100.0 * ns_rng_uniform(&r);
            in->s[i * d + k] = ns_rng_uniform(&r);
        }
    }
    for (size_t k = 0; k < d; k++) {
        in->q[k] = 20.0 + 60.0 * ns_rng_uniform(&r);
        in->z[k] = 100.0 * ns_rng_uniform(&r);
    }
    in->t.summary_at = in->z;
}

typedef struct fixture {
    ns_ctx_t *ctx;
    ns_consensus_ws_t *ws;
    ns_consensus_result_t res;
    ns_consensus_params_t p;
} fixture_t;

static int setup(void **state)
{
    static fixture_t f;
    memset(&f, 0, sizeof f);
    if (ns_ctx_new(NULL, &f.ctx) != NS_OK ||
        ns_consensus_ws_new(f.ctx, MAXM, MAXD, &f.ws) != NS_OK ||
        ns_consensus_result_init(f.ctx, &f.res, MAXM, 4) != NS_OK) {
        return -1;
    }
    ns_consensus_params_default(&f.p);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    ns_consensus_result_free(&f->res);
    ns_consensus_ws_free(f->ws);
    ns_ctx_free(f->ctx);
    return 0;
}

static int n_unconverged;

static void solve_ok(fixture_t *f, const inst_t *in)
{
    ns_status st = ns_consensus_solve(f->ctx, f->ws, &in->t, &f->p, &f->res);
    if (st != NS_OK) {
        fail_msg("solve: %s", ns_ctx_errmsg(f->ctx));
    }
    n_unconverged += !f->res.converged;
}

/* ---- Known answers ------------------------------------------------------------------ */

/* One state: its margin g(y) = w + sum s (l((1 - b c)|q - x|) - l(|y - x|)) is largest
 * at y = x on every paragraph it cares about, and g(x) >= 0, so it adopts its ideal. */
static void test_single_member_adopts_ideal(void **state)
{
    fixture_t *f = *state;
    for (int loss = 0; loss < 2; loss++) {
        inst_t in;
        inst_random(&in, 1, 5, 7, (uint32_t)loss, 0.0);
        for (size_t k = 0; k < 5; k++) {
            in.s[k] = 0.2 + 0.8 * in.s[k];
        }
        f->p.loss = loss == 0 ? NS_LOSS_LINEAR : NS_LOSS_QUADRATIC;
        solve_ok(f, &in);
        assert_true(f->res.adopted);
        for (size_t k = 0; k < 5; k++) {
            assert_int_equal(f->res.action[k], NS_PARA_KEEP);
            assert_float_equal(f->res.text[k], in.x[k], 1e-6);
        }
    }
}

/* Two members at 20 and 80, q = 50, linear loss, s = 1, b = 0, w = 0.
 * g_1(y) = |50 - 20| - |y - 20| = 30 - |y - 20| >= 0  <=>  y in [-10, 50];
 * g_2(y) = 30 - |80 - y| >= 0  <=>  y in [50, 110]. F = {50}: adopted at 50 with both
 * margins 0 and a Nash product of 0. */
static void test_two_members_single_point(void **state)
{
    fixture_t *f = *state;
    inst_t in;
    inst_init(&in, 2, 1);
    in.x[0] = 20;
    in.x[1] = 80;
    f->p.forum_shopping = 0.0;
    solve_ok(f, &in);
    assert_true(f->res.adopted);
    assert_int_equal(f->res.action[0], NS_PARA_KEEP);
    assert_float_equal(f->res.text[0], 50.0, 1e-6);
    assert_float_equal(f->res.margin[0], 0.0, 1e-6);
    assert_float_equal(f->res.margin[1], 0.0, 1e-6);
    assert_true(isinf(f->res.nash_log) && f->res.nash_log < 0);

    /* w = 10 each: g_1 = 40 - |y - 20| >= 0 <=> y <= 60; g_2 = 40 - |80 - y| >= 0 <=>
     * y >= 40: F = [40, 60]. On F the Nash product is (60 - y)(y - 40), largest at 50,
     * where both margins are 10. */
    in.w[0] = in.w[1] = 10;
    solve_ok(f, &in);
    assert_true(f->res.adopted);
    assert_float_equal(f->res.text[0], 50.0, 1e-6);
    assert_float_equal(f->res.margin[0], 10.0, 1e-6);
    assert_float_equal(f->res.margin[1], 10.0, 1e-6);
    assert_float_equal(f->res.nash_log, 2.0 * log(10.0), 1e-9);

    /* Quadratic loss, w = 500 each: g_1 = 900 + 500 - (y - 20)^2 >= 0 <=> y <= 20 +
     * sqrt(1400) = 57.42; symmetric for member 2; the Nash point is 50 by symmetry, with
     * margins 1400 - 900 = 500. */
    f->p.loss = NS_LOSS_QUADRATIC;
    in.w[0] = in.w[1] = 500;
    solve_ok(f, &in);
    assert_true(f->res.adopted);
    assert_float_equal(f->res.text[0], 50.0, 1e-6);
    assert_float_equal(f->res.margin[0], 500.0, 1e-6);
}

/* Forum shopping with unequal capability: b = 0.5, c = (1, 0.2), w = 10, q = 50.
 * o_1 = 50 + 0.5 * 1 * (20 - 50) = 35, |o_1 - x_1| = 15;
 * o_2 = 50 + 0.5 * 0.2 * (80 - 50) = 53, |o_2 - x_2| = 27.
 * g_1 = 10 + 15 - |y - 20| >= 0 <=> y <= 45; g_2 = 10 + 27 - |80 - y| >= 0 <=> y >= 43.
 * F = [43, 45]; Nash: (45 - y)(y - 43) is largest at 44, margins 1 and 1. The strong
 * member's better outside option pulls the text from 50 to 44. */
static void test_forum_shopping_shifts_text(void **state)
{
    fixture_t *f = *state;
    inst_t in;
    inst_init(&in, 2, 1);
    in.x[0] = 20;
    in.x[1] = 80;
    in.c[0] = 1.0;
    in.c[1] = 0.2;
    in.w[0] = in.w[1] = 10;
    f->p.forum_shopping = 0.5;
    solve_ok(f, &in);
    assert_true(f->res.adopted);
    assert_float_equal(f->res.text[0], 44.0, 1e-6);
    assert_float_equal(f->res.margin[0], 1.0, 1e-6);
    assert_float_equal(f->res.margin[1], 1.0, 1e-6);

    /* w = 0 and no summary: y <= 35 and y >= 53 cannot both hold. The least-violating
     * draft maximises min(15 - |y - 20|, 27 - |80 - y|) = min(35 - y, y - 53): y = 44,
     * M* = -9. Both block, each needs 9 more will, each objects to the paragraph by 9
     * (member 1: |44 - 20| - 15; member 2: |80 - 44| - 27). */
    in.w[0] = in.w[1] = 0;
    f->p.summary_available = false;
    solve_ok(f, &in);
    assert_false(f->res.adopted);
    assert_float_equal(f->res.text[0], 44.0, 1e-5);
    assert_float_equal(f->res.worst_margin, -9.0, 1e-6);
    assert_int_equal(f->res.n_blockers, 2);
    for (size_t b = 0; b < 2; b++) {
        assert_float_equal(f->res.blockers[b].will_needed, 9.0, 1e-6);
        assert_int_equal(f->res.blockers[b].n_paras, 1);
        assert_int_equal(f->res.blockers[b].paras[0], 0);
        assert_float_equal(f->res.blockers[b].objection[0], 9.0, 1e-6);
    }
    /* Exactly the will needed (plus the tolerance) carries the text. */
    in.w[0] = in.w[1] = 9.0 + 1e-7;
    solve_ok(f, &in);
    assert_true(f->res.adopted);
    assert_float_equal(f->res.text[0], 44.0, 1e-5);
}

/* The chair's summary rescues a report. Two members, b = 0.5, c = 1, w = 0, f = 0.5,
 * q = (0, 50), the chair is member B, so z = B's ideal (100, 100).
 *   A: x = (100, 0),   s = (0.75, 1);  o_A = (50, 25): losses 37.5 and 25, sum 62.5.
 *   B: x = (100, 100), s = (0.125, 1); o_B = (50, 75): losses 6.25 and 25, sum 31.25.
 * All kept (y_0 = 100 is best for both): g_A = 62.5 - y_1, g_B = 31.25 - (100 - y_1):
 * y_1 <= 62.5 and y_1 >= 68.75, infeasible; M* at y_1 = 65.625 is -3.125.
 * Paragraph 1 in the summary: A prefers q (|50 - 0| < |100 - 0|), so it counts as 50
 * (loss 50); B prefers z, so it counts as 50 + 0.5 * 50 = 75 (loss 25). With y_0 = 100:
 * g_A = 62.5 - 50 = 12.5, g_B = 31.25 - 25 = 6.25: adopted.
 * Paragraph 0 is never moved: both prefer z_0 = 100, so the summary would count as
 * 0 + 0.5 * 100 = 50 for both, and keeping it anywhere in [50, 150] is better for both. */
static void summary_case(inst_t *in)
{
    inst_init(in, 2, 2);
    double x[] = {100, 0, 100, 100}, s[] = {0.75, 1, 0.125, 1};
    memcpy(in->x, x, sizeof x);
    memcpy(in->s, s, sizeof s);
    in->q[0] = 0;
    in->q[1] = 50;
    in->t.chair = 1;
}

static void test_summary_rescues_report(void **state)
{
    fixture_t *f = *state;
    inst_t in;
    summary_case(&in);
    for (int search = 0; search < 2; search++) {
        f->p.search = search == 0 ? NS_SEARCH_GREEDY : NS_SEARCH_EXHAUSTIVE;
        solve_ok(f, &in);
        assert_true(f->res.adopted);
        assert_int_equal(f->res.action[0], NS_PARA_KEEP);
        assert_int_equal(f->res.action[1], NS_PARA_SUMMARY);
        assert_float_equal(f->res.text[0], 100.0, 1e-6);
        assert_float_equal(f->res.text[1], 100.0, 1e-12);
        assert_float_equal(f->res.margin[0], 12.5, 1e-6);
        assert_float_equal(f->res.margin[1], 6.25, 1e-6);
    }
    assert_float_equal(f->res.nash_log, log(12.5) + log(6.25), 1e-9);
    f->p.search = NS_SEARCH_GREEDY;
    solve_ok(f, &in);
    assert_float_equal(f->res.move_before[1], -3.125, 1e-6);
    assert_float_equal(f->res.move_after[1], 6.25, 1e-6);

    /* Without a summary: no consensus at (100, 65.625); A objects to paragraph 1 by
     * 65.625 - 25 = 40.625, B by |100 - 65.625| - 25 = 9.375; each needs 3.125. */
    f->p.summary_available = false;
    solve_ok(f, &in);
    assert_false(f->res.adopted);
    assert_float_equal(f->res.text[1], 65.625, 1e-5);
    assert_float_equal(f->res.worst_margin, -3.125, 1e-6);
    assert_int_equal(f->res.n_blockers, 2);
    for (size_t b = 0; b < 2; b++) {
        const ns_consensus_blocker_t *bl = &f->res.blockers[b];
        assert_float_equal(bl->will_needed, 3.125, 1e-6);
        assert_int_equal(bl->n_paras, 1);
        assert_int_equal(bl->paras[0], 1);
        assert_float_equal(bl->objection[0], bl->member == 0 ? 40.625 : 9.375, 1e-5);
    }

    /* Forcing paragraph 1 out (dropped) cannot help: dropping is never better than
     * keeping at q (A: 62.5 - 50 = 12.5, B: 31.25 - 50 < 0). */
    in.forced[1] = NS_PARA_DROP;
    solve_ok(f, &in);
    assert_false(f->res.adopted);
    assert_int_equal(f->res.action[1], NS_PARA_DROP);
    assert_float_equal(f->res.margin[1], -18.75, 1e-6);
}

/* ---- Invariants ---------------------------------------------------------------------- */

/* With unlimited will nobody blocks: every package passes with every paragraph kept. */
static void test_unlimited_will_passes_everything(void **state)
{
    fixture_t *f = *state;
    for (uint32_t r = 0; r < 20; r++) {
        inst_t in;
        inst_random(&in, 9, 6, 11, r, 0.0);
        for (size_t i = 0; i < in.m; i++) {
            in.w[i] = INFINITY;
        }
        f->p.loss = r % 2 ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
        f->p.forum_shopping = 1.0;
        solve_ok(f, &in);
        assert_true(f->res.adopted);
        for (size_t k = 0; k < in.d; k++) {
            assert_int_equal(f->res.action[k], NS_PARA_KEEP);
        }
        /* A very large finite will gives the same verdict through the solver. */
        for (size_t i = 0; i < in.m; i++) {
            in.w[i] = 1e7;
        }
        solve_ok(f, &in);
        assert_true(f->res.adopted);
        for (size_t k = 0; k < in.d; k++) {
            assert_int_equal(f->res.action[k], NS_PARA_KEEP);
        }
    }
}

/* Removing a member never shrinks the acceptable drafts: for random drafts, acceptance
 * by the whole body implies acceptance by the body without member j; and (with the
 * exhaustive search, which is exact) adoption by the body implies adoption without j. */
static void test_removing_member_never_shrinks(void **state)
{
    fixture_t *f = *state;
    f->p.search = NS_SEARCH_EXHAUSTIVE;
    int adopted_big = 0;
    for (uint32_t r = 0; r < 40; r++) {
        inst_t big, small;
        inst_random(&big, 7, 4, 23, r, 8.0);
        size_t j = r % big.m;
        inst_init(&small, big.m - 1, big.d);
        for (size_t i = 0, n = 0; i < big.m; i++) {
            if (i == j) {
                continue;
            }
            memcpy(small.x + n * big.d, big.x + i * big.d, big.d * sizeof(double));
            memcpy(small.s + n * big.d, big.s + i * big.d, big.d * sizeof(double));
            small.c[n] = big.c[i];
            small.w[n] = big.w[i];
            n++;
        }
        memcpy(small.q, big.q, sizeof big.q);
        memcpy(small.z, big.z, sizeof big.z);
        small.t.summary_at = small.z;

        ns_rng_t rng;
        ns_rng_init(&rng, 99, r, 0, 0);
        for (int draft = 0; draft < 200; draft++) {
            ns_para_action_t act[MAXD];
            double y[MAXD], gb[MAXM], gs[MAXM];
            for (size_t k = 0; k < big.d; k++) {
                act[k] = (ns_para_action_t)ns_rng_below(&rng, 3);
                y[k] = big.q[k] + (ns_rng_uniform(&rng) - 0.5) * 20.0;
            }
            assert_int_equal(ns_consensus_margins(f->ctx, f->ws, &big.t, &f->p, act, y, gb), NS_OK);
            assert_int_equal(ns_consensus_margins(f->ctx, f->ws, &small.t, &f->p, act, y, gs),
                             NS_OK);
            bool all_big = true, all_small = true;
            for (size_t i = 0; i < big.m; i++) {
                all_big = all_big && gb[i] >= 0.0;
            }
            for (size_t i = 0; i < small.m; i++) {
                all_small = all_small && gs[i] >= 0.0;
            }
            assert_true(!all_big || all_small);
        }
        solve_ok(f, &big);
        bool a_big = f->res.adopted;
        solve_ok(f, &small);
        assert_true(!a_big || f->res.adopted);
        adopted_big += a_big;
    }
    /* The instances must exercise both outcomes for the test to mean something. */
    assert_true(adopted_big > 0 && adopted_big < 40);
}

/* A chair's summary paragraph is never blocked: for every member and any draft, moving
 * a paragraph from "dropped" to "summary" never lowers its margin. */
static void test_summary_never_blocked(void **state)
{
    fixture_t *f = *state;
    for (uint32_t r = 0; r < 50; r++) {
        inst_t in;
        inst_random(&in, 12, 5, 31, r, 5.0);
        f->p.summary_record = 0.02 * (double)r;
        if (f->p.summary_record > 1.0) {
            f->p.summary_record = 1.0;
        }
        ns_para_action_t act[MAXD];
        double y[MAXD], gd[MAXM], gsum[MAXM];
        for (size_t k = 0; k < in.d; k++) {
            act[k] = NS_PARA_KEEP;
            y[k] = in.q[k] + 5.0;
        }
        for (size_t k = 0; k < in.d; k++) {
            act[k] = NS_PARA_DROP;
            assert_int_equal(ns_consensus_margins(f->ctx, f->ws, &in.t, &f->p, act, y, gd), NS_OK);
            act[k] = NS_PARA_SUMMARY;
            assert_int_equal(ns_consensus_margins(f->ctx, f->ws, &in.t, &f->p, act, y, gsum),
                             NS_OK);
            for (size_t i = 0; i < in.m; i++) {
                assert_true(gsum[i] >= gd[i] - 1e-12);
            }
            act[k] = NS_PARA_KEEP;
        }
    }
}

/* One veto player whose ideal is the status quo, with no will: no kept paragraph that
 * it cares about moves away from q (its margin is -sum s |y - q| there). */
static void test_veto_player_at_status_quo(void **state)
{
    fixture_t *f = *state;
    int adopted = 0;
    for (uint32_t r = 0; r < 40; r++) {
        inst_t in;
        inst_random(&in, 8, 5, 41, r, 10.0);
        for (size_t k = 0; k < in.d; k++) {
            in.x[k] = in.q[k]; /* Member 0 is the veto player. */
            in.s[k] = 0.1 + 0.9 * in.s[k];
        }
        in.w[0] = 0.0;
        f->p.loss = r % 2 ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
        solve_ok(f, &in);
        if (!f->res.adopted) {
            continue;
        }
        adopted++;
        for (size_t k = 0; k < in.d; k++) {
            if (f->res.action[k] == NS_PARA_KEEP) {
                assert_float_equal(f->res.text[k], in.q[k], 1e-6);
            }
        }
    }
    assert_true(adopted > 0);
}

/* ---- The texts against independent checks ------------------------------------------ */

static double nash_at(fixture_t *f, const inst_t *in, const ns_para_action_t *act, const double *y)
{
    double g[MAXM], v = 0.0;
    assert_int_equal(ns_consensus_margins(f->ctx, f->ws, &in->t, &f->p, act, y, g), NS_OK);
    for (size_t i = 0; i < in->m; i++) {
        if (!(g[i] > 0.0)) {
            return -INFINITY;
        }
        v += log(g[i]);
    }
    return v;
}

static double worst_at(fixture_t *f, const inst_t *in, const ns_para_action_t *act, const double *y)
{
    double g[MAXM], v = INFINITY;
    assert_int_equal(ns_consensus_margins(f->ctx, f->ws, &in->t, &f->p, act, y, g), NS_OK);
    for (size_t i = 0; i < in->m; i++) {
        v = fmin(v, g[i]);
    }
    return v;
}

/* The Nash text beats every random nearby draft of the same choice, and the
 * least-violating text beats every random draft on the worst margin. */
static void test_texts_are_optimal(void **state)
{
    fixture_t *f = *state;
    int n_adopted = 0, n_failed = 0;
    for (uint32_t r = 0; r < 60; r++) {
        inst_t in;
        inst_random(&in, 10, 4, 53, r, 25.0);
        f->p.loss = r % 2 ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
        f->p.forum_shopping = 0.6;
        if (f->p.loss == NS_LOSS_QUADRATIC) {
            for (size_t i = 0; i < in.m; i++) {
                in.w[i] *= 60.0;
            }
        }
        solve_ok(f, &in);
        ns_para_action_t act[MAXD];
        double y[MAXD], trial[MAXD];
        for (size_t k = 0; k < in.d; k++) {
            act[k] = f->res.action[k];
            y[k] = f->res.text[k];
        }
        ns_rng_t rng;
        ns_rng_init(&rng, 5, r, 0, 0);
        if (f->res.adopted) {
            n_adopted++;
            double best = nash_at(f, &in, act, y);
            assert_float_equal(best, f->res.nash_log, 1e-9);
            for (int t = 0; t < 400; t++) {
                double radius = t < 200 ? 1e-3 : 3.0;
                for (size_t k = 0; k < in.d; k++) {
                    trial[k] = y[k] + radius * (2.0 * ns_rng_uniform(&rng) - 1.0);
                }
                assert_true(nash_at(f, &in, act, trial) <= best + 1e-9);
            }
        } else {
            n_failed++;
            double best = worst_at(f, &in, act, y);
            assert_float_equal(best, f->res.worst_margin, 1e-9);
            for (int t = 0; t < 400; t++) {
                double radius = t < 200 ? 1e-3 : 10.0;
                for (size_t k = 0; k < in.d; k++) {
                    trial[k] = y[k] + radius * (2.0 * ns_rng_uniform(&rng) - 1.0);
                }
                assert_true(worst_at(f, &in, act, trial) <= best + 1e-6);
            }
        }
    }
    print_message("texts: %d adopted, %d failed\n", n_adopted, n_failed);
    assert_true(n_adopted > 5 && n_failed > 5);
}

/* In one dimension the Nash text is checked against a fine grid over F. */
static void test_nash_1d_against_grid(void **state)
{
    fixture_t *f = *state;
    for (uint32_t r = 0; r < 40; r++) {
        inst_t in;
        inst_random(&in, 6, 1, 61, r, 30.0);
        f->p.loss = r % 2 ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
        f->p.summary_available = false;
        f->p.forum_shopping = 0.3;
        if (f->p.loss == NS_LOSS_QUADRATIC) {
            for (size_t i = 0; i < in.m; i++) {
                in.w[i] *= 60.0;
            }
        }
        solve_ok(f, &in);
        ns_para_action_t act[1] = {NS_PARA_KEEP};
        double gy = -INFINITY, arg = NAN;
        for (int s = 0; s <= 200000; s++) {
            double y = s * 0.0005;
            double v = nash_at(f, &in, act, &y);
            if (v > gy) {
                gy = v;
                arg = y;
            }
        }
        if (isinf(gy)) {
            assert_false(f->res.adopted && f->res.nash_log > -INFINITY);
            continue;
        }
        assert_true(f->res.adopted);
        assert_float_equal(f->res.text[0], arg, 2e-3);
        assert_true(f->res.nash_log >= gy - 1e-9);
    }
}

/* ---- Greedy against exhaustive ---------------------------------------------------------- */

#ifndef WILL_GREEDY
#define WILL_GREEDY 40.0
#endif
static void test_greedy_against_exhaustive(void **state)
{
    fixture_t *f = *state;
    int n = 0, same_verdict = 0, same_kept = 0, same_actions = 0, rescued = 0;
    for (size_t d = 2; d <= 6; d++) {
        for (uint32_t r = 0; r < 100; r++) {
            inst_t in;
            inst_random(&in, 5 + r % 20, d, 71, (uint32_t)(d * 1000 + r), WILL_GREEDY);
            f->p.loss = r % 2 ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
            f->p.forum_shopping = 0.8;
            f->p.summary_record = 0.8;
            if (f->p.loss == NS_LOSS_QUADRATIC) {
                for (size_t i = 0; i < in.m; i++) {
                    in.w[i] *= 40.0;
                }
            }
            f->p.search = NS_SEARCH_EXHAUSTIVE;
            solve_ok(f, &in);
            ns_consensus_result_t ex = f->res;
            ns_para_action_t ex_act[MAXD];
            memcpy(ex_act, ex.action, sizeof ex_act);
            size_t ex_kept = 0, gr_kept = 0;
            for (size_t k = 0; k < d; k++) {
                ex_kept += ex_act[k] == NS_PARA_KEEP;
            }
            f->p.search = NS_SEARCH_GREEDY;
            solve_ok(f, &in);
            for (size_t k = 0; k < d; k++) {
                gr_kept += f->res.action[k] == NS_PARA_KEEP;
            }
            n++;
            /* The exhaustive search is exact: the greedy never adopts where it fails. */
            assert_true(!f->res.adopted || ex.adopted);
            same_verdict += f->res.adopted == ex.adopted;
            same_kept += f->res.adopted == ex.adopted && gr_kept == ex_kept;
            same_actions += f->res.adopted == ex.adopted &&
                            memcmp(ex_act, f->res.action, d * sizeof ex_act[0]) == 0;
            rescued += ex.adopted && ex_kept < d;
        }
    }
    print_message("unconverged solves so far: %d\n", n_unconverged);
    print_message("greedy vs exhaustive on %d instances (D = 2..6): same verdict %d, same "
                  "number kept %d, same actions %d; %d adopted only thanks to the summary\n",
                  n, same_verdict, same_kept, same_actions, rescued);
    assert_true(rescued > 20); /* The instances exercise the search. */
    assert_true(same_verdict >= n * 95 / 100);
    assert_true(same_kept >= n * 95 / 100);
    assert_int_equal(n_unconverged, 0); /* Every solve of every test so far. */
}

/* ---- The selection rule: the Nash maximiser nearest the status quo ------------------------ */

/* Two members with one salience each on every paragraph, ideals 0 and 100 everywhere, no
 * outside option (b = 0) and wills w0, w1. Inside the box [0, 100]^D every margin depends
 * on the text only through its sum S: with u = S - sum_d q_d, g0 = w0 - s0 u and
 * g1 = w1 + s1 u, so the Nash product (w0 - s0 u)(w1 + s1 u) is largest at
 * u* = (s1 w0 - s0 w1) / (2 s0 s1), and every text of the box with that sum is a
 * maximiser: a face of dimension D - 1 (docs/CONSENSUS.md, section 4). The rule picks the
 * point of that face nearest q, the Euclidean projection of q on {y in [0, 100]^D :
 * sum y = sum q + u*}, which by its KKT conditions is y_d = clamp(q_d + tau, 0, 100)
 * with tau fixed by the sum (found here by bisection). The wills are drawn from u*, so
 * the answer is known; q near the ends of the scale makes the projection clip, i.e. the
 * nearest point sits on a kink (an ideal point). The same text must come out of solve,
 * decide, the exhaustive search, another tolerance (another barrier path), and the
 * table with its paragraphs reversed (reversed). */
static void test_nash_text_nearest_q(void **state)
{
    fixture_t *f = *state;
    int tested = 0, clipped = 0;
    for (uint32_t r = 0; r < 60; r++) {
        inst_t in;
        size_t d = 2 + r % 5;
        inst_init(&in, 2, d);
        ns_rng_t g;
        ns_rng_init(&g, 2024, r, 0, 0);
        double s0 = 0.3 + 0.7 * ns_rng_uniform(&g), s1 = 0.3 + 0.7 * ns_rng_uniform(&g);
        double u = (double)d * (30.0 * ns_rng_uniform(&g) - 15.0), sq = 0.0;
        for (size_t k = 0; k < d; k++) {
            in.x[k] = 0.0;
            in.x[d + k] = 100.0;
            in.s[k] = s0;
            in.s[d + k] = s1;
            in.q[k] = 100.0 * ns_rng_uniform(&g);
            sq += in.q[k];
        }
        in.w[0] = (double)d * (35.0 + 25.0 * ns_rng_uniform(&g));
        in.w[1] = s1 * (in.w[0] - 2.0 * s0 * u) / s0; /* So that u* = u. */
        double c = sq + u;
        if (!(c > 0.0 && c < 100.0 * (double)d)) {
            continue;
        }
        double lo = -100.0, hi = 100.0, want[MAXD];
        for (int it = 0; it < 200; it++) {
            double tau = 0.5 * (lo + hi), sum = 0.0;
            for (size_t k = 0; k < d; k++) {
                sum += fmin(100.0, fmax(0.0, in.q[k] + tau));
            }
            *(sum < c ? &lo : &hi) = tau;
        }
        bool clip = false;
        for (size_t k = 0; k < d; k++) {
            want[k] = fmin(100.0, fmax(0.0, in.q[k] + 0.5 * (lo + hi)));
            clip = clip || want[k] == 0.0 || want[k] == 100.0;
        }
        clipped += clip;
        double nash = log(in.w[0] - s0 * u) + log(in.w[1] + s1 * u);
        ns_consensus_params_default(&f->p);
        f->p.loss = NS_LOSS_LINEAR;
        f->p.forum_shopping = 0.0;
        f->p.summary_available = false;
        for (int variant = 0; variant < 4; variant++) {
            f->p.search = variant == 2 ? NS_SEARCH_EXHAUSTIVE : NS_SEARCH_GREEDY;
            f->p.tolerance = variant == 3 ? 1e-7 : 0.0;
            if (variant == 1) {
                assert_int_equal(ns_consensus_decide(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_OK);
            } else {
                solve_ok(f, &in);
            }
            assert_true(f->res.adopted);
            assert_float_equal(f->res.nash_log, nash, 1e-9 * fabs(nash));
            for (size_t k = 0; k < d; k++) {
                assert_int_equal(f->res.action[k], NS_PARA_KEEP);
                assert_float_equal(f->res.text[k], want[k], variant == 3 ? 1e-4 : 1e-5);
            }
        }
        /* Paragraphs reversed: the text is reversed with them. */
        inst_t rev = in;
        rev.t.ideal = rev.x;
        rev.t.salience = rev.s;
        rev.t.capability = rev.c;
        rev.t.will = rev.w;
        rev.t.status_quo = rev.q;
        rev.t.forced = rev.forced;
        for (size_t k = 0; k < d; k++) {
            rev.q[k] = in.q[d - 1 - k];
        }
        f->p.search = NS_SEARCH_GREEDY;
        f->p.tolerance = 0.0;
        solve_ok(f, &rev);
        for (size_t k = 0; k < d; k++) {
            assert_float_equal(f->res.text[k], want[d - 1 - k], 1e-5);
        }
        tested++;
    }
    print_message("nearest-q selection: %d tables with a flat Nash face, %d of them with the "
                  "nearest point on a kink\n",
                  tested, clipped);
    assert_true(tested >= 50);
    assert_true(clipped >= 5); /* The kink case is exercised. */
    ns_consensus_params_default(&f->p);
}

/* ---- Decide against solve ------------------------------------------------------------------ */

/* ns_consensus_decide must give ns_consensus_solve's verdict, and when the report is
 * adopted the same actions, Nash text and margins; when it is not, no diagnostics (NaN
 * text and margins, no blockers). Random tables of both losses, with wills that make
 * about half of them fail, some adopted only thanks to the summary, some with forced
 * actions and some with a chair (whose ideal is then the summary). Decide never works
 * harder than solve: it examines at most as many choices. */
#if defined(__SANITIZE_ADDRESS__)
#define DECIDE_TABLES 80
#else
#define DECIDE_TABLES 320
#endif
static void test_decide_matches_solve(void **state)
{
    fixture_t *f = *state;
    int adopted = 0, failed = 0, rescued = 0, forced = 0, chaired = 0, shortcut = 0;
    int forced_adopted = 0, chair_adopted = 0;
    for (uint32_t r = 0; r < DECIDE_TABLES; r++) {
        inst_t in;
        size_t m = 4 + r % 23, d = 2 + r % 6;
        inst_random(&in, m, d, 113, r, r % 5 == 0 ? 15.0 : 70.0);
        f->p.loss = r % 2 ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
        f->p.forum_shopping = 0.5 + 0.1 * (double)(r % 4);
        f->p.summary_record = 0.8;
        f->p.summary_available = r % 7 != 3;
        if (f->p.loss == NS_LOSS_QUADRATIC) {
            for (size_t i = 0; i < in.m; i++) {
                in.w[i] *= 40.0;
            }
        }
        if (r % 3 == 1) {
            /* One paragraph imposed on the chair, cycling through the three actions. */
            in.forced[r % d] = (ns_para_action_t)((r / 3) % 3);
            if (in.forced[r % d] == NS_PARA_SUMMARY && !f->p.summary_available) {
                in.forced[r % d] = NS_PARA_DROP;
            }
            forced++;
        }
        if (r % 4 == 2) {
            in.t.chair = (long)(r % m);
            in.t.summary_at = NULL;
            chaired++;
        }
        solve_ok(f, &in);
        ns_consensus_result_t so = f->res;
        ns_para_action_t so_act[MAXD];
        double so_text[MAXD], so_margin[MAXM];
        memcpy(so_act, so.action, sizeof so_act);
        memcpy(so_text, so.text, sizeof so_text);
        memcpy(so_margin, so.margin, m * sizeof so_margin[0]);
        /* Scribble over the result: decide must fill it. */
        for (size_t i = 0; i < m; i++) {
            f->res.margin[i] = 12345.0;
        }
        f->res.n_blockers = 77;
        assert_int_equal(ns_consensus_decide(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_OK);
        assert_int_equal(f->res.adopted, so.adopted);
        assert_int_equal(f->res.m, m);
        assert_int_equal(f->res.d, d);
        assert_int_equal(f->res.n_blockers, 0);
        assert_true(f->res.choices <= so.choices);
        shortcut += f->res.choices < so.choices;
        if (so.adopted) {
            adopted++;
            bool moved = false;
            for (size_t k = 0; k < d; k++) {
                assert_int_equal(f->res.action[k], so_act[k]);
                assert_float_equal(f->res.text[k], so_text[k], 1e-6);
                moved = moved || (so_act[k] == NS_PARA_SUMMARY && in.forced[k] == NS_PARA_FREE);
                if (in.forced[k] != NS_PARA_FREE) {
                    assert_int_equal(f->res.action[k], in.forced[k]);
                }
            }
            rescued += moved;
            forced_adopted += r % 3 == 1;
            chair_adopted += r % 4 == 2;
            for (size_t i = 0; i < m; i++) {
                assert_float_equal(f->res.margin[i], so_margin[i], 1e-6);
                assert_true(f->res.margin[i] >= -1e-6);
            }
            assert_float_equal(f->res.nash_log, so.nash_log, 1e-6);
        } else {
            failed++;
            for (size_t k = 0; k < d; k++) {
                assert_true(isnan(f->res.text[k]));
            }
            for (size_t i = 0; i < m; i++) {
                assert_true(isnan(f->res.margin[i]));
            }
            assert_true(isnan(f->res.worst_margin));
        }
    }
    print_message("decide vs solve on %d tables: %d adopted (%d only thanks to the summary), "
                  "%d failed, %d with a forced action (%d adopted), %d with a chair (%d "
                  "adopted); decide examined fewer choices on %d\n",
                  DECIDE_TABLES, adopted, rescued, failed, forced, forced_adopted, chaired,
                  chair_adopted, shortcut);
    assert_true(adopted >= DECIDE_TABLES / 5 && failed >= DECIDE_TABLES / 5);
    assert_true(rescued >= DECIDE_TABLES / 40);
    assert_true(forced_adopted >= DECIDE_TABLES / 40 && chair_adopted >= DECIDE_TABLES / 40);
    assert_true(shortcut >= DECIDE_TABLES / 10);
}

/* ---- Monte Carlo -------------------------------------------------------------------------- */

/* The greedy's pruning (tangent bound on Nash products, cut levels, the add-back memo;
 * docs/CONSENSUS.md section 8) must leave its moves those of solving every candidate.
 * Independent check on tables shaped like the frontier study's (two camps, a chair whose
 * ideal is the summary, one salience per member, so that Nash texts are not unique):
 * when the report needs exactly one move, that move is the best single move, found by
 * solving every one-move choice on its own (all actions forced: one solve, no search);
 * keeping everything fails; and decide gives the same actions and text as solve. */
#if defined(__SANITIZE_ADDRESS__)
#define FRONTIER_TABLES 30
#else
#define FRONTIER_TABLES 120
#endif
static void test_greedy_move_is_best_single_move(void **state)
{
    fixture_t *f = *state;
    int one_move = 0;
    ns_consensus_params_default(&f->p);
    f->p.forum_shopping = 0.25;
    for (uint32_t r = 0; r < FRONTIER_TABLES; r++) {
        inst_t in;
        size_t m = 12 + r % 29, d = 6;
        ns_rng_t rng;
        ns_rng_init(&rng, 2015, r, 0, 0);
        inst_init(&in, m, d);
        for (size_t i = 0; i < m; i++) {
            double camp = i % 3 == 0 ? 20.0 : 75.0, sal = 0.5 + 0.5 * ns_rng_uniform(&rng);
            in.c[i] = 0.05 + 0.95 * ns_rng_uniform(&rng);
            in.w[i] = (10.0 + 30.0 * ns_rng_uniform(&rng)) * (0.5 + (double)(r % 4) / 4.0);
            for (size_t k = 0; k < d; k++) {
                in.x[i * d + k] = camp + 12.0 * ns_rng_normal(&rng);
                in.s[i * d + k] = sal;
            }
        }
        for (size_t k = 0; k < d; k++) {
            in.q[k] = 35.0 + 30.0 * ns_rng_uniform(&rng);
        }
        in.t.chair = (long)(r % m);
        solve_ok(f, &in);
        ns_consensus_result_t so = f->res;
        ns_para_action_t act[MAXD];
        double text[MAXD];
        memcpy(act, so.action, sizeof act);
        memcpy(text, so.text, sizeof text);
        size_t moved = 0, moved_k = 0;
        for (size_t k = 0; k < d; k++) {
            if (act[k] == NS_PARA_SUMMARY) {
                moved++;
                moved_k = k;
            }
        }
        assert_int_equal(ns_consensus_decide(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_OK);
        assert_int_equal(f->res.adopted, so.adopted);
        if (so.adopted) {
            for (size_t k = 0; k < d; k++) {
                assert_int_equal(f->res.action[k], act[k]);
                assert_float_equal(f->res.text[k], text[k], 1e-6);
            }
        }
        if (!so.adopted || moved != 1) {
            continue;
        }
        one_move++;
        double nash = so.nash_log;
        for (size_t j = 0; j <= d; j++) {
            /* j < d: only paragraph j in the summary; j = d: everything kept. */
            if (j == moved_k) {
                continue;
            }
            for (size_t k = 0; k < d; k++) {
                in.forced[k] = k == j ? NS_PARA_SUMMARY : NS_PARA_KEEP;
            }
            solve_ok(f, &in);
            if (j == d) {
                assert_false(f->res.adopted);
            } else if (f->res.adopted) {
                assert_true(f->res.nash_log <= nash + 1e-7 * (1.0 + fabs(nash)));
            }
        }
    }
    print_message("frontier-shaped tables: %d of %d adopted after exactly one move, each the "
                  "best single move\n",
                  one_move, FRONTIER_TABLES);
    assert_true(one_move >= FRONTIER_TABLES / 10);
}

static void test_monte_carlo(void **state)
{
    fixture_t *f = *state;
    inst_t in;
    inst_init(&in, 2, 1);
    in.x[0] = 20;
    in.x[1] = 80;
    in.w[0] = in.w[1] = 10;
    f->p.forum_shopping = 0.0;
    ns_consensus_mc_t mc, mc2;
    /* No uncertainty: the verdict of the single negotiation, p = 1; the Wilson interval
     * for 20 successes out of 20 at z = 1.645 has lower end 20 / (20 + z^2) = 0.881. */
    assert_int_equal(
        ns_consensus_mc(f->ctx, f->ws, &in.t, NULL, 0, 100, &f->p, 1, 20, &f->res, &mc), NS_OK);
    assert_int_equal(mc.adopted, 20);
    assert_float_equal(mc.p, 1.0, 0);
    assert_float_equal(mc.lo, 20.0 / (20.0 + 1.6448536269514722 * 1.6448536269514722), 1e-9);
    assert_float_equal(mc.hi, 1.0, 0);

    /* With uncertainty: b = 0.5 makes agreement depend on the draw; reproducible for a
     * seed, and the replicate streams do not depend on R (the first 50 of 100 are the 50
     * of a run of 50). */
    f->p.forum_shopping = 0.5;
    in.w[0] = in.w[1] = 3;
    double sd[2] = {15, 15};
    assert_int_equal(
        ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 0, 100, &f->p, 42, 400, &f->res, &mc), NS_OK);
    assert_int_equal(
        ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 0, 100, &f->p, 42, 400, &f->res, &mc2), NS_OK);
    assert_int_equal(mc.adopted, mc2.adopted);
    assert_true(mc.adopted > 0 && mc.adopted < 400);
    assert_true(mc.lo < mc.p && mc.p < mc.hi);
    assert_int_equal(
        ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 0, 100, &f->p, 43, 400, &f->res, &mc2), NS_OK);
    assert_true(mc2.adopted > 0 && mc2.adopted < 400);

    /* Errors. */
    assert_int_equal(ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 0, 100, &f->p, 1, 0, &f->res, &mc),
                     NS_EINVAL);
    assert_int_equal(ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 100, 0, &f->p, 1, 5, &f->res, &mc),
                     NS_EINVAL);
    sd[1] = -1;
    assert_int_equal(ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 0, 100, &f->p, 1, 5, &f->res, &mc),
                     NS_ERANGE);
}

/* The progress callback: called before each replicate with its number; 0 changes
 * nothing, non-zero stops the run there with NS_EINVAL "interrupted". */
typedef struct calls {
    int n;
    int last;
    int stop_at; /* -1: never. */
} calls_t;

static int count_calls(int round, void *user)
{
    calls_t *c = user;
    c->n++;
    c->last = round;
    return round == c->stop_at;
}

static void test_monte_carlo_progress(void **state)
{
    fixture_t *f = *state;
    inst_t in;
    inst_init(&in, 2, 1);
    in.x[0] = 20;
    in.x[1] = 80;
    in.w[0] = in.w[1] = 3;
    double sd[2] = {15, 15};
    ns_consensus_mc_t plain, watched;
    assert_int_equal(
        ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 0, 100, &f->p, 42, 50, &f->res, &plain), NS_OK);
    calls_t c = {0, -1, -1};
    f->p.progress = count_calls;
    f->p.progress_user = &c;
    assert_int_equal(
        ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 0, 100, &f->p, 42, 50, &f->res, &watched), NS_OK);
    assert_int_equal(c.n, 50);
    assert_int_equal(c.last, 49);
    assert_int_equal(watched.adopted, plain.adopted);
    c = (calls_t){0, -1, 7};
    assert_int_equal(
        ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 0, 100, &f->p, 42, 50, &f->res, &watched),
        NS_EINVAL);
    assert_int_equal(c.n, 8);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "interrupted after 7 of 50 replicates"));
    f->p.progress = NULL;
}

/* Monte Carlo decides its earlier replicates by verdict only (quick certificates, see
 * docs/CONSENSUS.md section 7): the count must equal that of full negotiations on the
 * same draws, reproduced here from the documented streams (seed, r, i, k). */
static void test_monte_carlo_matches_full_solves(void **state)
{
    fixture_t *f = *state;
    int mixed = 0;
    for (uint32_t r0 = 0; r0 < 8; r0++) {
        inst_t in, dr;
        inst_random(&in, 6 + r0 * 3, 2 + r0 % 4, 91, r0, 30.0);
        f->p.loss = r0 % 4 == 3 ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
        f->p.forum_shopping = 0.5 + 0.05 * r0;
        f->p.summary_available = r0 % 3 != 2;
        if (f->p.loss == NS_LOSS_QUADRATIC) {
            for (size_t i = 0; i < in.m; i++) {
                in.w[i] *= 40.0;
            }
        }
        double sd[MAXM * MAXD];
        for (size_t ik = 0; ik < in.m * in.d; ik++) {
            sd[ik] = 10.0;
        }
        const size_t R = 40;
        ns_consensus_mc_t mc;
        assert_int_equal(
            ns_consensus_mc(f->ctx, f->ws, &in.t, sd, 0, 100, &f->p, 7, R, &f->res, &mc), NS_OK);
        size_t adopted = 0;
        for (uint32_t r = 0; r < R; r++) {
            dr = in;
            dr.t.ideal = dr.x;
            for (size_t i = 0; i < in.m; i++) {
                for (size_t k = 0; k < in.d; k++) {
                    ns_rng_t g;
                    ns_rng_init(&g, 7, r, (uint32_t)i, (uint32_t)k);
                    double v = in.x[i * in.d + k] + 10.0 * ns_rng_normal(&g);
                    dr.x[i * in.d + k] = v < 0 ? 0 : (v > 100 ? 100 : v);
                }
            }
            solve_ok(f, &dr);
            adopted += f->res.adopted;
        }
        assert_int_equal(mc.adopted, adopted);
        mixed += adopted > 0 && adopted < R;
    }
    assert_true(mixed >= 2); /* The draws exercise both verdicts. */
}

/* ---- Explanations ------------------------------------------------------------------------ */

static void test_explain(void **state)
{
    fixture_t *f = *state;
    inst_t in;
    summary_case(&in);
    const char *members[] = {"USA", "RUS"};
    const char *paras[] = {"cbm", "self_defence"};
    char buf[2048];
    size_t need = 0;
    solve_ok(f, &in);
    assert_int_equal(
        ns_consensus_explain(f->ctx, &in.t, &f->res, members, paras, buf, sizeof buf, &need),
        NS_OK);
    assert_int_equal(need, strlen(buf));
    assert_non_null(strstr(buf, "adopted"));
    assert_non_null(strstr(buf, "self_defence: moved to the chair's summary at 100"));
    assert_non_null(strstr(buf, "from -3.12 to 6.25"));

    f->p.summary_available = false;
    solve_ok(f, &in);
    assert_int_equal(
        ns_consensus_explain(f->ctx, &in.t, &f->res, members, paras, buf, sizeof buf, &need),
        NS_OK);
    assert_non_null(strstr(buf, "No consensus"));
    assert_non_null(strstr(buf, "USA blocks: it would need 3.12 more political will; its "
                                "objection comes from self_defence (40.6)"));
    assert_non_null(strstr(buf, "RUS blocks"));
    assert_null(strstr(buf, "cbm ("));
    /* Too small a buffer: truncated, NUL-terminated, NS_ELIMIT, the size needed. */
    char small[16];
    assert_int_equal(
        ns_consensus_explain(f->ctx, &in.t, &f->res, NULL, NULL, small, sizeof small, &need),
        NS_ELIMIT);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_true(need > sizeof small);
}

/* ---- Errors ---------------------------------------------------------------------------------- */

static void test_errors(void **state)
{
    fixture_t *f = *state;
    inst_t in;
    inst_init(&in, 2, 2);
    in.s[1] = 1.5;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_ERANGE);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "salience 1.5"));
    in.s[1] = 1.0;
    in.x[2] = NAN;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_EINVAL);
    in.x[2] = 0.0;
    f->p.forum_shopping = 1.5;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_ERANGE);
    f->p.forum_shopping = 0.5;
    f->p.summary_record = -0.1;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_ERANGE);
    f->p.summary_record = 0.5;
    in.w[0] = -1;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_ERANGE);
    in.w[0] = 0;
    in.c[1] = 2;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_ERANGE);
    in.c[1] = 1;
    in.t.chair = 2;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_EINVAL);
    in.t.chair = -1;
    in.forced[0] = NS_PARA_SUMMARY;
    f->p.summary_available = false;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "has none"));
    in.forced[0] = NS_PARA_FREE;
    in.t.d = 0;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_EINVAL);
    in.t.d = 2;
    in.t.status_quo = NULL;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_EINVAL);
    in.t.status_quo = in.q;
    f->p.loss = (ns_loss_t)7;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_EINVAL);
    f->p.loss = NS_LOSS_LINEAR;
    f->p.summary_record = -1;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_ERANGE);
    f->p.summary_record = 0.5;
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &f->res), NS_OK);

    /* A table larger than the workspace or the result: NS_ELIMIT. */
    ns_consensus_ws_t *small = NULL;
    assert_int_equal(ns_consensus_ws_new(f->ctx, 1, 1, &small), NS_OK);
    assert_int_equal(ns_consensus_solve(f->ctx, small, &in.t, &f->p, &f->res), NS_ELIMIT);
    ns_consensus_ws_free(small);
    ns_consensus_result_t r1;
    assert_int_equal(ns_consensus_result_init(f->ctx, &r1, 1, 0), NS_OK);
    assert_int_equal(ns_consensus_solve(f->ctx, f->ws, &in.t, &f->p, &r1), NS_ELIMIT);
    ns_consensus_result_free(&r1);
    ns_consensus_result_free(NULL);
    ns_consensus_ws_free(NULL);
    assert_int_equal(ns_consensus_ws_new(f->ctx, 0, 1, &small), NS_EINVAL);
    assert_int_equal(ns_consensus_ws_new(f->ctx, 1, MAXD + 1, &small), NS_EINVAL);
    assert_int_equal(ns_consensus_result_init(f->ctx, &r1, 0, 0), NS_EINVAL);

    /* Margins: a draft with an undecided paragraph. */
    ns_para_action_t act[2] = {NS_PARA_KEEP, NS_PARA_FREE};
    double y[2] = {50, 50}, g[2];
    assert_int_equal(ns_consensus_margins(f->ctx, f->ws, &in.t, &f->p, act, y, g), NS_EINVAL);
    assert_string_equal(ns_consensus_action_name(NS_PARA_SUMMARY), "summary");
    assert_string_equal(ns_consensus_action_name((ns_para_action_t)9), "?");
}

/* Every allocation of the engine fails in turn: NS_ENOMEM, nothing leaked (the
 * sanitizer build checks leaks), and solving allocates nothing. */
static void test_out_of_memory(void **state)
{
    (void)state;
    failing_alloc_t fa;
    int failures = 0;
    for (long k = 1; k < 64; k++) {
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_consensus_ws_t *ws = NULL;
        ns_consensus_result_t res;
        memset(&res, 0, sizeof res);
        ns_status st = ns_consensus_ws_new(ctx, 8, 3, &ws);
        if (st == NS_OK) {
            st = ns_consensus_result_init(ctx, &res, 8, 2);
        }
        if (st == NS_OK) {
            long before = fa.count;
            inst_t in;
            inst_random(&in, 8, 3, 3, 0, 2.0);
            ns_consensus_params_t p;
            ns_consensus_params_default(&p);
            assert_int_equal(ns_consensus_solve(ctx, ws, &in.t, &p, &res), NS_OK);
            assert_int_equal(fa.count, before); /* No allocation while solving. */
        } else {
            assert_int_equal(st, NS_ENOMEM);
            failures++;
        }
        ns_consensus_result_free(&res);
        ns_consensus_ws_free(ws);
        ns_ctx_free(ctx);
    }
    assert_true(failures >= 15); /* 12 workspace arrays + the workspace + 3 result arrays. */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_single_member_adopts_ideal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_members_single_point, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forum_shopping_shifts_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary_rescues_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unlimited_will_passes_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removing_member_never_shrinks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary_never_blocked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_veto_player_at_status_quo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_texts_are_optimal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nash_1d_against_grid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_greedy_against_exhaustive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decide_matches_solve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_greedy_move_is_best_single_move, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nash_text_nearest_q, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monte_carlo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monte_carlo_progress, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monte_carlo_matches_full_solves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_explain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
