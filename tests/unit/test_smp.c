/* KTAB's spatial model of politics (src/models/smp.c, docs/SMP.md): KTAB's building
 * blocks, a two-actor turn and a three-actor contest computed by hand, invariants, error
 * paths, and KTAB's own reference runs (examples/smp/doc/20170530_ref-*.txt) as
 * regression values.
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
#include "models/models.h"
#include "models/smp.h"
#include "test_util.h"

/* ---- Helpers ---------------------------------------------------------------------- */

static ns_table_t *table_of(ns_ctx_t *ctx, const char *csv)
{
    ns_table_t *t = NULL;
    ns_status st = ns_table_read_mem(ctx, "test.csv", csv, strlen(csv), &t);
    if (st != NS_OK) {
        print_error("%s\n", ns_ctx_errmsg(ctx));
    }
    assert_int_equal(st, NS_OK);
    return t;
}

/* A model run driven directly (no runner), so that the trace stays readable. */
typedef struct run {
    void *state;
    double values[NS__SMP_NPARAMS];
    ns_rng_t rng;
    int steps;
} run_t;

/* Init with the defaults overridden by "k=v" pairs (NULL-terminated), step to the end. */
static ns_status run_smp(run_t *r, ns_ctx_t *ctx, const ns_table_t *t, const char *const *kv,
                         uint64_t seed)
{
    ns_params_t *p = NULL;
    r->state = calloc(1, ns_model_smp.state_size);
    assert_non_null(r->state);
    assert_int_equal(ns_params_new(ctx, &p), NS_OK);
    for (size_t i = 0; kv != NULL && kv[i] != NULL; i++) {
        assert_int_equal(ns_params_parse(p, kv[i]), NS_OK);
    }
    ns_status st = ns_params_resolve(ctx, &ns_model_smp, p, r->values);
    ns_params_free(p);
    if (st != NS_OK) {
        return st;
    }
    ns_rng_init(&r->rng, seed, 0, 0, 0);
    if ((st = ns_model_smp.init(r->state, ctx, t, r->values, &r->rng)) != NS_OK) {
        free(r->state);
        r->state = NULL;
        return st;
    }
    r->steps = 0;
    do {
        st = ns_model_smp.step(r->state, ctx);
        r->steps++;
    } while (st == NS_CONTINUE && r->steps < 1000);
    return st;
}

static void run_free(run_t *r, ns_ctx_t *ctx)
{
    if (r->state != NULL) {
        ns_model_smp.destroy(r->state, ctx);
        free(r->state);
    }
}

/* Position of actor a on dimension d after turn t of problem q. */
static double at_turn(const run_t *r, size_t q, int t, size_t a, size_t d)
{
    int turns;
    size_t n, dims;
    const size_t *actor, *issue;
    const double *h = ns__smp_history(r->state, q, &turns, &n, &dims, &actor, &issue);
    assert_non_null(h);
    assert_true(t <= turns && a < n && d < dims);
    return h[((size_t)t * n + a) * dims + d];
}

static int turns_of(const run_t *r, size_t q)
{
    int turns;
    size_t n, dims;
    const size_t *actor, *issue;
    assert_non_null(ns__smp_history(r->state, q, &turns, &n, &dims, &actor, &issue));
    return turns;
}

/* ---- KTAB's building blocks ------------------------------------------------------- */

/* bsUtil: (1 - d)(1 + d R); vote rules; victory probabilities; the conditional PCE. */
static void test_building_blocks(void **state)
{
    (void)state;
    assert_near(ns__smp_bs_util(0.0, 0.7), 1.0, 1e-15);
    assert_near(ns__smp_bs_util(0.4, -0.5), 0.6 * 0.8, 1e-15);
    assert_near(ns__smp_bs_util(0.4, 1.0), 0.6 * 1.4, 1e-15);
    assert_near(ns__smp_bs_util(1.0, 1.0), 0.0, 1e-15);
    /* Past 1 (round-off in searches): (1 - d)(1 + R). */
    assert_near(ns__smp_bs_util(1.5, 1.0), -1.0, 1e-15);

    /* Votes of weight 2 on a utility difference of 0.1. */
    assert_near(ns__smp_vote(NS__SMP_VR_PROP, 2.0, 0.6, 0.5), 0.2, 1e-12);
    assert_near(ns__smp_vote(NS__SMP_VR_BINARY, 2.0, 0.6, 0.5), 2.0, 1e-12);
    assert_near(ns__smp_vote(NS__SMP_VR_PROPBIN, 2.0, 0.6, 0.5), 2.0 * (0.08 + 0.2), 1e-12);
    assert_near(ns__smp_vote(NS__SMP_VR_CUBIC, 2.0, 0.6, 0.5), 2.0 * 0.001, 1e-12);
    assert_near(ns__smp_vote(NS__SMP_VR_PROPCBC, 2.0, 0.6, 0.5), 2.0 * (0.05 + 0.0005), 1e-12);
    /* Prospect theory: a gain counts 2/3 of a loss. */
    assert_near(ns__smp_vote(NS__SMP_VR_ASYM, 2.0, 0.6, 0.5), 2.0 * 0.1 * 2.0 / 3.0, 1e-12);
    assert_near(ns__smp_vote(NS__SMP_VR_ASYM, 2.0, 0.5, 0.6), -0.2, 1e-12);

    /* 2:1 gives 2/3 (Linear), 4/5 (Square), 16/17 (Quartic), 256/257 (Octic);
     * Binary: 10% ahead wins with 1/(1 + 1e-6), 1.05:1 interpolates to 0.7439... */
    double p1, p2;
    ns__smp_vprob(NS__SMP_VPM_LINEAR, 2.0, 1.0, &p1, &p2);
    assert_near(p1, 2.0 / 3.0, 1e-15);
    assert_near(p2, 1.0 / 3.0, 1e-15);
    ns__smp_vprob(NS__SMP_VPM_SQUARE, 2.0, 1.0, &p1, &p2);
    assert_near(p1, 0.8, 1e-15);
    ns__smp_vprob(NS__SMP_VPM_QUARTIC, 2.0, 1.0, &p1, &p2);
    assert_near(p1, 16.0 / 17.0, 1e-15);
    ns__smp_vprob(NS__SMP_VPM_OCTIC, 2.0, 1.0, &p1, &p2);
    assert_near(p1, 256.0 / 257.0, 1e-15);
    ns__smp_vprob(NS__SMP_VPM_BINARY, 1.1, 1.0, &p1, &p2);
    assert_near(p1, 1.0 / (1.0 + 1e-6), 1e-15);
    /* r12 = 1.05 / 2.05; p = (r12 * 2.1 - 1) / 0.1. */
    ns__smp_vprob(NS__SMP_VPM_BINARY, 1.05, 1.0, &p1, &p2);
    assert_near(p1, (1.05 / 2.05 * 2.1 - 1.0) / 0.1, 1e-12);
    assert_near(p1 + p2, 1.0, 1e-15);

    /* PCE over two options with c_10 = 3, c_01 = 1: P_10 = 3/4; conditional
     * p_i = prod_j P_ij / sum: (0.5 * 0.25, 0.5 * 0.75) / 0.5 = (0.25, 0.75). The Markov
     * uniform chain q_i = (1/m) sum_j P_ij (p_i + p_j) has the fixed point p_1 = 0.75 too:
     * q_1 = (0.5 (2 p_1) + 0.75 (p_1 + p_0)) / 2 = (p_1 + 0.75) / 2. */
    double c[4] = {1e-8, 1.0, 3.0, 1e-8}, P[4], p[2], scratch[6];
    assert_int_equal(ns__smp_pce(NS__SMP_PCE_CONDITIONAL, NS__SMP_VPM_LINEAR, 2, c, P, p, scratch),
                     NS_OK);
    assert_near(P[2], 0.75, 1e-15);
    assert_near(P[1], 0.25, 1e-15);
    assert_near(p[0], 0.25, 1e-15);
    assert_near(p[1], 0.75, 1e-15);
    assert_int_equal(
        ns__smp_pce(NS__SMP_PCE_MARKOV_UNIFORM, NS__SMP_VPM_LINEAR, 2, c, P, p, scratch), NS_OK);
    assert_near(p[1], 0.75, 1e-5);
    assert_int_equal(
        ns__smp_pce(NS__SMP_PCE_MARKOV_INCENTIVE, NS__SMP_VPM_LINEAR, 2, c, P, p, scratch), NS_OK);
    assert_near(p[0] + p[1], 1.0, 1e-8);
    assert_true(p[1] > p[0]);

    /* S2P2 interpolation on one dimension: weights s^2 p^2, rounded to 4 decimals. */
    double bi, bj;
    ns__smp_interp(1, 0.6, 1.0, 0.5, 0.2, 1.0, 0.5, &bi, &bj);
    assert_near(bi, 0.4, 1e-15); /* Equal weights: the midpoint. */
    assert_near(bj, 0.4, 1e-15);
    ns__smp_interp(1, 0.6, 0.0, 0.5, 0.2, 0.0, 0.5, &bi, &bj);
    assert_near(bi, 0.6, 1e-15); /* Nobody cares: each keeps its own. */
    assert_near(bj, 0.2, 1e-15);
}

/* ---- Two actors, one dimension, by hand ------------------------------------------- */

/* A at 20, salience 0.5, capability 1; B at 60, salience 1, capability 4 (scale 0..100,
 * so x_A = 0.2, x_B = 0.6 and d_AB = 0.4 in KTAB's units).
 *  Risk-neutral utilities 1 - d: U(A,B) = U(B,A) = 0.6. Coalitions (votes weighted by
 *  capability): B over A: 4 * 0.4 = 1.6, A over B: 1 * 0.4 = 0.4 (each + 1e-8), so
 *  P_BA = 0.8 and the conditional PCE gives p = (0.2, 0.8).
 *  Mid range: r = (3p - (pmax + 2 pmin)) / (2 (pmax - pmin)): r_A = (0.6 - 1.2)/1.2
 *  = -0.5, r_B = (2.4 - 1.2)/1.2 = 1.
 *  OneThird adjustment rhat_ha = (2 r_h + r_a)/3: rhat_AA = -0.5, rhat_AB = 0,
 *  rhat_BA = 0.5, rhat_BB = 1. U_h(a,b) = (1 - d)(1 + d rhat_ha):
 *  U_A(A,B) = 0.6 * 0.8 = 0.48, U_A(B,A) = 0.6, U_B(A,B) = 0.6 * 1.2 = 0.72,
 *  U_B(B,A) = 0.6 * 1.4 = 0.84.
 *  A challenging B, in A's eyes: w = capability x salience, w_A = 0.5, w_B = 4.
 *  A's own vote 0.5 (1 - 0.48) = 0.26 for A, B's 4 (0.6 - 1) = -1.6 for B:
 *  P = 0.26 / 1.86 = 0.139785; no third parties. EU(status quo) = U(A,A) + U(A,B)
 *  = 1.48; victory 2 U(A,A) = 2; defeat 2 U(A,B) = 0.96; s_B = 1, so
 *  EU = P 2 + (1 - P) 0.96 = 1.105376 and the gain is -0.374624: A does not challenge.
 *  B challenging A, in B's eyes: B's vote 4 (1 - 0.84) = 0.64, A's 0.5 (0.72 - 1)
 *  = -0.14: P = 0.64 / 0.78 = 0.820513. EU(sq) = 1.84, victory 2, defeat 1.68,
 *  s_A = 0.5: EU = 0.5 * 2 + 0.5 (P 2 + (1 - P) 1.68) = 1.971282, gain 0.131282 > 0.
 *  The bargain (S2P2): w_B = 1^2 P^2 = 0.673241, w_A = 0.5^2 (1-P)^2 = 0.008054;
 *  both at (w_B 0.6 + w_A 0.2) / (w_B + w_A) = 0.595271 -> rounded 0.5953.
 *  Each actor's election (status quo or the bargain) on the average utility of the
 *  state: A: sq (1 + 0.48)/2 = 0.74, bargain 2 u_A(0.5953)/2 with u_A(x) = (1 - |x -
 *  0.2|)(1 - 0.5 |x - 0.2|) = 0.485181; B: sq (1 + 0.84)/2 = 0.92, bargain
 *  (1 - 0.0047)(1 + 0.0047) = 0.999978. Votes for the bargain: A 1 (0.485181 - 0.74)
 *  = -0.254819, B 4 (0.999978 - 0.92) = 0.319912; P(bargain) = 0.319912 / 0.574731 =
 *  0.556629 > 1/2: both adopt 59.53. Turn 2: no gains left, nobody moves; the movement
 *  ratio is 0 < 0.02, so the run stops after 2 turns. */
static void test_two_actors_by_hand(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    /* The contest values from hand-made matrices (actor 0 = A, 1 = B). */
    double diff[4] = {0.0, 0.4, 0.4, 0.0};
    double rhat[4] = {-0.5, 0.0, 0.5, 1.0};
    double w[2] = {0.5, 4.0}, ssum[2] = {0.5, 1.0};
    double prob, edu;
    ns__smp_prob_edu(2, diff, rhat, w, ssum, NS__SMP_VR_PROP, NS__SMP_TPC_SEMI, 0, 0, 0, 1, &prob,
                     &edu);
    assert_near(prob, 0.26 / 1.86, 1e-9);
    assert_near(edu, (0.26 / 1.86) * 2.0 + (1.6 / 1.86) * 0.96 - 1.48, 1e-9);
    assert_near(edu, -0.374624, 1e-6);
    ns__smp_prob_edu(2, diff, rhat, w, ssum, NS__SMP_VR_PROP, NS__SMP_TPC_SEMI, 1, 1, 1, 0, &prob,
                     &edu);
    assert_near(prob, 0.64 / 0.78, 1e-9);
    assert_near(edu, 0.131282, 1e-6);

    /* The whole model: both at 59.53 after turn 1, stop after turn 2. */
    ns_table_t *t = table_of(ctx, "issue,actor,position,salience,capability\n"
                                  "x,A,20,0.5,1\n"
                                  "x,B,60,1,4\n");
    run_t r;
    assert_int_equal(run_smp(&r, ctx, t, NULL, 0), NS_DONE);
    assert_int_equal(turns_of(&r, 0), 2);
    assert_near(at_turn(&r, 0, 0, 0, 0), 20.0, 1e-12);
    assert_near(at_turn(&r, 0, 1, 0, 0), 59.53, 1e-9);
    assert_near(at_turn(&r, 0, 1, 1, 0), 59.53, 1e-9);
    assert_near(at_turn(&r, 0, 2, 0, 0), 59.53, 1e-9);
    run_free(&r, ctx);
    /* Through the runner: one position left, so the forecast is 59.53 with p = 1. */
    double f = NAN, extra[4] = {0};
    assert_int_equal(run_model(ctx, "smp", t, NULL, &f, extra), NS_OK);
    assert_near(f, 59.53, 1e-9);
    assert_near(extra[0], 2.0, 0.0);
    assert_near(extra[1], 59.53, 1e-9);
    assert_near(extra[2], 1.0, 1e-12);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* ---- A third party, by hand --------------------------------------------------------- */

/* A at 0 (w = 1), B at 1 (w = 3), C at 0.5 (w = 2), everyone risk neutral, so
 * U(a, b) = 1 - |x_a - x_b|. A challenges B, in A's eyes: principals' votes 1 (1 - 0)
 * = 1 for A and 3 (0 - 1) = -3 for B. C is indifferent (U(C,A) = U(C,B) = 0.5), so
 * its own vote is 0 and its little contest gives p = 1 / (1 + 3) = 0.25.
 * SemiCommit: joining i is worth p (2 u_CA + u_CC) + (1 - p) 3 u_CB = 0.25 * 2 + 0.75 *
 * 1.5 = 1.625, joining j 0.25 * 1.5 + 0.75 * 2 = 1.875: C votes 2 (1.625 - 1.875)
 * = -0.5 with the likelier side, and P(A beats B) = 1 / (1 + 3.5) = 2/9.
 * NoCommit and FullCommit value both sides alike (2 and 1.5): C abstains, P = 1/4.
 * A's gain: s_B = 1, EU = P * 2 U(A,A) + (1 - P) 2 U(A,B) = 2P, status quo 1 + 0:
 * 4/9 - 1 under SemiCommit. */
static void test_third_party_by_hand(void **state)
{
    (void)state;
    double diff[9] = {0.0, 1.0, 0.5, 1.0, 0.0, 0.5, 0.5, 0.5, 0.0};
    double rhat[9] = {0};
    double w[3] = {1.0, 3.0, 2.0}, ssum[3] = {1.0, 1.0, 1.0};
    double prob, edu;
    ns__smp_prob_edu(3, diff, rhat, w, ssum, NS__SMP_VR_PROP, NS__SMP_TPC_SEMI, 0, 0, 0, 1, &prob,
                     &edu);
    assert_near(prob, 2.0 / 9.0, 1e-9);
    assert_near(edu, 4.0 / 9.0 - 1.0, 1e-9);
    ns__smp_prob_edu(3, diff, rhat, w, ssum, NS__SMP_VR_PROP, NS__SMP_TPC_NO, 0, 0, 0, 1, &prob,
                     &edu);
    assert_near(prob, 0.25, 1e-9);
    ns__smp_prob_edu(3, diff, rhat, w, ssum, NS__SMP_VR_PROP, NS__SMP_TPC_FULL, 0, 0, 0, 1, &prob,
                     &edu);
    assert_near(prob, 0.25, 1e-9);
}

/* ---- Invariants --------------------------------------------------------------------- */

/* A single actor never moves; identical actors stop at once without moving. */
static void test_single_and_identical_actors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = table_of(ctx, "issue,actor,position,salience,capability\n"
                                  "x,A,37,0.4,2\n");
    double f = NAN, extra[4] = {0};
    assert_int_equal(run_model(ctx, "smp", t, NULL, &f, extra), NS_OK);
    assert_near(f, 37.0, 1e-12);
    assert_near(extra[0], 2.0, 0.0);
    ns_table_free(ctx, t);

    t = table_of(ctx, "issue,actor,position,salience,capability\n"
                      "x,A,37,0.4,2\n"
                      "y,A,70,0.2,2\n"
                      "x,B,37,0.4,2\n"
                      "y,B,70,0.2,2\n"
                      "x,C,37,0.4,2\n"
                      "y,C,70,0.2,2\n");
    run_t r;
    assert_int_equal(run_smp(&r, ctx, t, NULL, 0), NS_DONE);
    assert_int_equal(turns_of(&r, 0), 2);
    for (size_t a = 0; a < 3; a++) {
        assert_near(at_turn(&r, 0, 2, a, 0), 37.0, 1e-12);
        assert_near(at_turn(&r, 0, 2, a, 1), 70.0, 1e-12);
    }
    run_free(&r, ctx);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Random tables, 1 to 3 dimensions, under several options: every position of every turn
 * stays on the scale, and a run is a pure function of its inputs and seed. */
static void test_positions_stay_on_scale(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_rng_t rng;
    ns_rng_init(&rng, 16, 1, 0, 0);
    const char *const opts[][4] = {
        {NULL},
        {"StateTransitions=Stochastic", "seed=5", NULL},
        {"PCEModel=MarkovUniform", "VictoryProbModel=Square", NULL},
        {"BargnModel=PWCompInterp", "InterVecBrgn=S2PMax", NULL},
        {"VotingRule=Binary", "BigRAdjust=Full", "BigRRange=Max", NULL},
    };
    for (int trial = 0; trial < 20; trial++) {
        size_t n = 2 + ns_rng_below(&rng, 12), D = 1 + ns_rng_below(&rng, 3);
        ns_table_t *t = NULL;
        assert_int_equal(ns_table_new(ctx, D, n, &t), NS_OK);
        for (size_t a = 0; a < n; a++) {
            double cap = draw(&rng, 1.0, 100.0);
            for (size_t d = 0; d < D; d++) {
                size_t at = ns_table_at(t, d, a);
                t->position[at] = draw(&rng, 0.0, 100.0);
                t->salience[at] = draw(&rng, 0.05, 1.0) / (double)D;
                t->capability[at] = cap;
            }
        }
        const char *const *kv = opts[trial % 5];
        run_t r, again;
        assert_int_equal(run_smp(&r, ctx, t, kv, 9), NS_DONE);
        assert_int_equal(run_smp(&again, ctx, t, kv, 9), NS_DONE);
        int turns = turns_of(&r, 0);
        assert_int_equal(turns, turns_of(&again, 0));
        for (int k = 0; k <= turns; k++) {
            for (size_t a = 0; a < n; a++) {
                for (size_t d = 0; d < D; d++) {
                    double x = at_turn(&r, 0, k, a, d);
                    assert_true(x >= 0.0 && x <= 100.0);
                    assert_true(x == at_turn(&again, 0, k, a, d));
                }
            }
        }
        run_free(&r, ctx);
        run_free(&again, ctx);
        ns_table_free(ctx, t);
    }
    ns_ctx_free(ctx);
}

/* Separate dimensions: one 1-D SMP per issue; an actor may sit out an issue. */
static void test_separate_dimensions(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = table_of(ctx, "issue,actor,position,salience,capability\n"
                                  "x,A,20,0.5,1\n"
                                  "x,B,60,1,4\n"
                                  "y,A,20,0.5,1\n"
                                  "y,B,60,1,4\n"
                                  "y,C,,,3\n");
    const char *const kv[] = {"dimensions=separate", NULL};
    run_t r;
    assert_int_equal(run_smp(&r, ctx, t, kv, 0), NS_DONE);
    /* Each issue is the two-actor case worked by hand above. */
    for (size_t q = 0; q < 2; q++) {
        assert_int_equal(turns_of(&r, q), 2);
        assert_near(at_turn(&r, q, 1, 0, 0), 59.53, 1e-9);
    }
    run_free(&r, ctx);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Stochastic transitions draw each actor's option with its election's probability: in
 * the two-actor case above both elections give the bargain 0.556629, and A and B draw
 * apart. Over 2000 seeds, each adopts it with frequency 0.5566 (standard error 0.011;
 * the bound is 4 of them). The same seed gives the same run. */
static void test_stochastic_frequencies(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = table_of(ctx, "issue,actor,position,salience,capability\n"
                                  "x,A,20,0.5,1\n"
                                  "x,B,60,1,4\n");
    const char *const kv[] = {"StateTransitions=Stochastic", "min_turns=1", "max_turns=1", NULL};
    const int runs = 2000;
    int moved_a = 0, moved_b = 0, both = 0;
    for (int seed = 1; seed <= runs; seed++) {
        run_t r;
        assert_int_equal(run_smp(&r, ctx, t, kv, (uint64_t)seed), NS_DONE);
        bool a = at_turn(&r, 0, 1, 0, 0) != 20.0, b = at_turn(&r, 0, 1, 1, 0) != 60.0;
        moved_a += a;
        moved_b += b;
        both += a && b;
        run_free(&r, ctx);
    }
    assert_near((double)moved_a / runs, 0.556629, 0.045);
    assert_near((double)moved_b / runs, 0.556629, 0.045);
    /* Independent draws: both move with probability 0.5566^2 = 0.3098. */
    assert_near((double)both / runs, 0.556629 * 0.556629, 0.045);
    run_t r1, r2;
    assert_int_equal(run_smp(&r1, ctx, t, kv, 77), NS_DONE);
    assert_int_equal(run_smp(&r2, ctx, t, kv, 77), NS_DONE);
    assert_true(at_turn(&r1, 0, 1, 0, 0) == at_turn(&r2, 0, 1, 0, 0));
    assert_true(at_turn(&r1, 0, 1, 1, 0) == at_turn(&r2, 0, 1, 1, 0));
    run_free(&r1, ctx);
    run_free(&r2, ctx);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* ---- KTAB's reference runs ------------------------------------------------------------ */

/* examples/smp/doc/dummyData_3Dim.csv (kmodel/doc version: capabilities with three
 * decimals; saliences / 100). */
static const char dummy3[] = "issue,actor,position,salience,capability\n"
                             "Pstn1,SActor-00,75.79,0.4953,102.543\n"
                             "Pstn2,SActor-00,6.37,0.0591,102.543\n"
                             "Pstn3,SActor-00,70.45,0.2815,102.543\n"
                             "Pstn1,SActor-01,82.72,0.3033,53.393\n"
                             "Pstn2,SActor-01,73.50,0.2122,53.393\n"
                             "Pstn3,SActor-01,64.00,0.2479,53.393\n"
                             "Pstn1,SActor-02,82.45,0.4847,129.643\n"
                             "Pstn2,SActor-02,90.89,0.1355,129.643\n"
                             "Pstn3,SActor-02,0.07,0.3462,129.643\n"
                             "Pstn1,SActor-03,62.52,0.2076,75.92\n"
                             "Pstn2,SActor-03,50.82,0.3924,75.92\n"
                             "Pstn3,SActor-03,62.33,0.2221,75.92\n"
                             "Pstn1,SActor-04,82.34,0.4096,63.224\n"
                             "Pstn2,SActor-04,45.77,0.2543,63.224\n"
                             "Pstn3,SActor-04,73.31,0.2259,63.224\n"
                             "Pstn1,SActor-05,84.48,0.2292,120.048\n"
                             "Pstn2,SActor-05,33.70,0.3935,120.048\n"
                             "Pstn3,SActor-05,88.11,0.1542,120.048\n"
                             "Pstn1,SActor-06,70.96,0.3175,54.178\n"
                             "Pstn2,SActor-06,33.46,0.2793,54.178\n"
                             "Pstn3,SActor-06,90.36,0.2603,54.178\n";

/* Every actor's position on every turn, as printed by KTAB (%5.1f) in
 * examples/smp/doc/20170530_ref-dummyData_3Dim.txt ("History of actor positions over
 * time"), rows actor-major by dimension. */
static const double dummy3_ref[21][11] = {
    {75.8, 79.5, 80.6, 80.6, 78.5, 78.5, 78.5, 78.5, 78.6, 78.6, 78.6},
    {6.4, 44.7, 34.2, 35.0, 30.5, 30.5, 31.2, 31.2, 31.5, 31.8, 31.8},
    {70.5, 72.0, 75.9, 76.1, 74.0, 74.0, 74.0, 74.0, 74.0, 74.1, 74.1},
    {82.7, 78.9, 76.0, 78.3, 79.0, 79.0, 79.1, 78.5, 79.9, 78.6, 78.6},
    {73.5, 56.3, 27.5, 30.5, 30.6, 30.6, 30.9, 31.2, 34.4, 31.8, 31.8},
    {64.0, 72.5, 72.0, 73.8, 74.2, 74.2, 74.3, 74.0, 75.2, 74.1, 74.1},
    {82.5, 82.5, 82.5, 82.5, 82.5, 82.5, 82.5, 82.5, 82.5, 82.5, 82.5},
    {90.9, 90.9, 90.9, 90.9, 90.9, 90.9, 90.9, 90.9, 90.9, 90.9, 90.9},
    {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1},
    {62.5, 65.8, 66.7, 66.7, 66.7, 66.7, 67.1, 67.1, 67.1, 67.1, 67.1},
    {50.8, 50.8, 50.2, 50.2, 50.2, 50.2, 50.1, 50.1, 50.1, 50.1, 50.1},
    {62.3, 63.0, 63.5, 63.5, 63.5, 63.5, 63.7, 63.7, 63.7, 63.7, 63.7},
    {82.3, 79.5, 81.5, 78.3, 78.5, 78.5, 78.6, 80.5, 78.6, 78.6, 78.6},
    {45.8, 44.7, 35.8, 30.5, 30.5, 30.5, 30.6, 34.6, 31.6, 31.6, 31.6},
    {73.3, 72.0, 79.1, 73.8, 74.0, 74.0, 74.1, 75.9, 74.0, 74.1, 74.1},
    {84.5, 84.4, 80.6, 80.7, 80.6, 80.5, 80.5, 80.5, 79.9, 79.9, 79.9},
    {33.7, 34.1, 34.2, 34.3, 34.7, 34.6, 34.6, 34.6, 34.4, 34.4, 34.4},
    {88.1, 86.3, 75.9, 76.3, 76.1, 75.9, 75.9, 75.9, 75.2, 75.2, 75.2},
    {71.0, 75.6, 76.0, 77.4, 77.4, 80.5, 78.5, 78.5, 78.7, 78.7, 78.6},
    {33.5, 24.8, 27.5, 28.7, 28.7, 34.6, 31.2, 31.2, 31.3, 31.3, 31.6},
    {90.4, 72.0, 72.0, 73.0, 73.0, 75.9, 74.0, 74.0, 74.1, 74.1, 74.1},
};

/* KTAB's default options; every turn within the print's rounding (0.05, plus 1e-9). */
static void test_ktab_dummy_3dim(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = table_of(ctx, dummy3);
    run_t r;
    assert_int_equal(run_smp(&r, ctx, t, NULL, 0), NS_DONE);
    assert_int_equal(turns_of(&r, 0), 10);
    for (size_t row = 0; row < 21; row++) {
        for (int k = 0; k <= 10; k++) {
            assert_near(at_turn(&r, 0, k, row / 3, row % 3), dummy3_ref[row][k], 0.05 + 1e-9);
        }
    }
    run_free(&r, ctx);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* The trace (model.h, ns_forecast_trace): the same run through the public API hands
 * every actor's position on every turn of KTAB's reference run to the callback, turn 0
 * the input, in order of turn; a callback's error stops it; static models have none. */
typedef struct trace_log {
    size_t rows;
    int last_turn;
    bool ordered;
    double pos[11][7][3];
    size_t stop_after; /* 0: never. */
} trace_log_t;

static ns_status log_row(int turn, size_t issue, size_t actor, double position, void *user)
{
    trace_log_t *log = user;
    log->ordered = log->ordered && turn >= log->last_turn;
    log->last_turn = turn;
    if (turn >= 0 && turn <= 10 && actor < 7 && issue < 3) {
        log->pos[turn][actor][issue] = position;
    }
    log->rows++;
    return log->stop_after > 0 && log->rows == log->stop_after ? NS_EIO : NS_OK;
}

static void test_trace_dummy_3dim(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = table_of(ctx, dummy3);
    ns_forecast_t *f = NULL;
    static trace_log_t log;
    memset(&log, 0, sizeof log);
    log.ordered = true;
    assert_int_equal(ns_forecast_trace(ctx, &ns_model_smp, t, NULL, NULL, log_row, &log, &f),
                     NS_OK);
    assert_int_equal(f->rounds, 10);
    assert_int_equal(log.rows, 11 * 7 * 3);
    assert_true(log.ordered);
    assert_int_equal(log.last_turn, 10);
    for (size_t row = 0; row < 21; row++) {
        /* Turn 0 is the input (to rounding: positions pass through [0,1]); every turn
         * within KTAB's print. */
        assert_near(log.pos[0][row / 3][row % 3], t->position[ns_table_at(t, row % 3, row / 3)],
                    1e-12);
        for (int k = 0; k <= 10; k++) {
            assert_near(log.pos[k][row / 3][row % 3], dummy3_ref[row][k], 0.05 + 1e-9);
        }
    }
    ns_forecast_free(ctx, f);
    /* The callback's error stops the trace and is returned; no forecast. */
    memset(&log, 0, sizeof log);
    log.stop_after = 5;
    assert_int_equal(ns_forecast_trace(ctx, &ns_model_smp, t, NULL, NULL, log_row, &log, &f),
                     NS_EIO);
    assert_null(f);
    assert_int_equal(log.rows, 5);
    /* A model without turns: NS_EINVAL naming it; ns_forecast is unchanged. */
    const ns_model_type_t *comp = NULL;
    assert_int_equal(ns_model_find(ctx, "compromise", &comp), NS_OK);
    assert_int_equal(ns_forecast_trace(ctx, comp, t, NULL, NULL, log_row, &log, &f), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "compromise"));
    assert_int_equal(ns_forecast_trace(ctx, comp, t, NULL, NULL, NULL, NULL, &f), NS_EINVAL);
    assert_int_equal(ns_forecast(ctx, comp, t, NULL, NULL, &f), NS_OK);
    ns_forecast_free(ctx, f);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* examples/smp/doc/SOE-Pol-Comp.csv: 13 actors, 2 dimensions. */
static const char pol_comp[] = "issue,actor,position,salience,capability\n"
                               "Policy,XJ,30,0.240,100.0\n"
                               "Competitive,XJ,20,0.480,100.0\n"
                               "Policy,LK,45,0.447,60.2\n"
                               "Competitive,LK,65,0.413,60.2\n"
                               "Policy,ZG,30,0.289,35.0\n"
                               "Competitive,ZG,15,0.651,35.0\n"
                               "Policy,MK,45,0.206,35.0\n"
                               "Competitive,MK,45,0.494,35.0\n"
                               "Policy,LH,50,0.447,40.0\n"
                               "Competitive,LH,65,0.478,40.0\n"
                               "Policy,XS,15,0.320,20.0\n"
                               "Competitive,XS,10,0.320,20.0\n"
                               "Policy,NEA,20,0.320,15.0\n"
                               "Competitive,NEA,15,0.320,15.0\n"
                               "Policy,MLR,60,0.439,25.0\n"
                               "Competitive,MLR,50,0.501,25.0\n"
                               "Policy,MEP,30,0.264,20.0\n"
                               "Competitive,MEP,15,0.176,20.0\n"
                               "Policy,MOF,45,0.359,35.0\n"
                               "Competitive,MOF,40,0.466,35.0\n"
                               "Policy,SHX,50,0.447,20.0\n"
                               "Competitive,SHX,50,0.478,20.0\n"
                               "Policy,HLJ,20,0.474,20.0\n"
                               "Competitive,HLJ,30,0.406,20.0\n"
                               "Policy,WY,15,0.490,40.0\n"
                               "Competitive,WY,60,0.460,40.0\n";

/* Every actor's position on every turn of 20170530_ref-SOE-Pol-Comp.txt (27 turns),
 * rows actor-major by dimension (Policy, Competitive). */
static const double pol_comp_ref[26][28] = {
    {30.0, 30.0, 30.9, 31.4, 31.4, 34.2, 34.2, 40.1, 40.1, 40.1, 40.1, 40.1, 40.1, 40.1,
     39.6, 36.9, 37.1, 37.2, 37.2, 37.2, 37.4, 43.2, 43.2, 43.2, 43.2, 43.2, 43.2, 43.2},
    {20.0, 20.0, 20.4, 20.6, 20.6, 21.6, 21.6, 28.0, 28.0, 28.0, 28.2, 28.2, 28.2, 29.0,
     29.5, 24.6, 25.0, 25.1, 25.1, 25.5, 25.6, 43.4, 43.4, 43.3, 43.3, 43.3, 43.3, 43.3},
    {45.0, 44.8, 44.7, 44.7, 44.7, 44.7, 44.7, 44.7, 44.7, 44.7, 44.7, 44.7, 44.7, 44.7,
     44.7, 44.7, 44.7, 44.7, 44.7, 44.7, 44.7, 43.2, 43.2, 43.2, 43.2, 43.2, 43.2, 43.2},
    {65.0, 64.6, 64.4, 64.4, 64.4, 64.4, 64.4, 64.4, 64.4, 64.4, 64.4, 64.4, 64.4, 64.4,
     64.4, 64.4, 64.4, 64.4, 64.4, 64.4, 64.4, 43.4, 43.3, 43.3, 43.3, 43.3, 43.3, 43.3},
    {30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0,
     30.0, 36.9, 36.9, 36.9, 37.1, 37.1, 37.1, 37.1, 38.1, 38.1, 38.1, 38.7, 38.7, 38.7},
    {15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0,
     15.0, 24.6, 24.6, 24.6, 24.9, 24.9, 24.9, 24.9, 27.6, 27.6, 27.6, 28.8, 28.8, 28.8},
    {45.0, 44.9, 44.8, 44.8, 41.6, 41.6, 41.6, 41.6, 41.6, 37.4, 39.6, 39.6, 39.6, 40.1,
     39.0, 39.2, 39.2, 39.2, 39.2, 37.2, 38.4, 38.4, 38.1, 38.1, 38.7, 38.7, 38.6, 38.6},
    {45.0, 45.0, 45.0, 45.0, 43.5, 43.5, 43.5, 43.5, 43.5, 38.5, 39.4, 39.4, 39.4, 29.0,
     31.8, 31.7, 31.7, 31.7, 31.7, 25.5, 28.3, 28.3, 27.6, 27.6, 28.9, 28.8, 28.8, 28.8},
    {50.0, 49.6, 49.6, 49.6, 49.6, 49.6, 49.6, 40.1, 40.0, 40.0, 38.3, 38.3, 38.3, 38.3,
     38.3, 38.3, 38.4, 38.4, 38.4, 38.4, 38.4, 38.4, 38.4, 38.4, 38.4, 38.4, 38.7, 38.7},
    {65.0, 64.4, 64.4, 64.4, 64.4, 64.4, 64.4, 28.0, 28.0, 28.0, 28.1, 28.1, 28.1, 28.1,
     28.1, 28.1, 28.5, 28.5, 28.5, 28.5, 28.5, 28.5, 28.5, 28.5, 28.5, 28.5, 28.8, 28.8},
    {15.0, 42.9, 39.7, 40.7, 35.2, 35.2, 40.1, 40.1, 40.0, 39.9, 39.9, 39.1, 38.3, 39.0,
     39.0, 39.0, 38.4, 38.4, 38.4, 38.4, 38.4, 38.4, 38.4, 38.4, 38.4, 38.8, 38.6, 38.6},
    {10.0, 38.8, 35.4, 36.3, 26.5, 26.5, 39.5, 39.5, 39.4, 39.1, 39.1, 34.6, 28.1, 32.9,
     32.5, 32.5, 28.5, 28.5, 28.5, 28.5, 28.3, 28.3, 28.3, 28.2, 28.2, 30.8, 29.5, 29.5},
    {20.0, 20.0, 39.7, 43.5, 32.6, 41.5, 34.5, 40.0, 39.6, 40.2, 40.1, 39.0, 39.0, 39.0,
     39.1, 39.3, 39.2, 39.2, 37.2, 38.8, 38.8, 38.8, 38.8, 38.8, 38.7, 38.7, 38.7, 38.7},
    {15.0, 15.0, 35.4, 44.4, 22.7, 43.4, 22.4, 39.1, 38.7, 37.8, 38.6, 33.0, 33.0, 32.7,
     30.7, 30.4, 30.4, 30.4, 25.1, 29.4, 29.4, 29.4, 29.4, 29.3, 29.0, 29.0, 29.0, 29.0},
    {60.0, 59.7, 59.4, 59.4, 59.4, 34.2, 34.2, 34.2, 34.2, 37.4, 37.4, 37.4, 37.4, 37.4,
     39.6, 39.2, 39.2, 39.2, 39.2, 39.2, 37.4, 38.3, 38.3, 38.7, 38.7, 38.7, 38.6, 38.7},
    {50.0, 49.8, 49.6, 49.6, 49.6, 21.6, 21.6, 21.6, 21.6, 38.5, 38.5, 38.5, 38.5, 38.5,
     29.5, 30.4, 30.4, 30.4, 30.4, 30.4, 25.6, 27.2, 26.9, 28.9, 28.9, 28.7, 28.7, 29.0},
    {30.0, 29.6, 44.8, 40.7, 40.7, 40.7, 40.7, 34.5, 40.0, 40.0, 40.1, 38.6, 39.0, 38.9,
     39.0, 39.2, 39.2, 37.5, 38.8, 38.3, 38.3, 38.3, 38.8, 38.7, 38.7, 38.7, 38.7, 38.7},
    {15.0, 14.7, 45.0, 36.3, 36.3, 36.3, 36.3, 21.9, 39.4, 39.4, 38.3, 29.1, 33.0, 32.1,
     31.6, 30.4, 30.4, 25.4, 29.4, 27.3, 27.3, 27.3, 30.8, 29.5, 29.0, 29.0, 29.0, 28.9},
    {45.0, 42.9, 42.0, 42.8, 41.2, 41.2, 41.2, 41.2, 41.2, 40.2, 40.1, 39.3, 39.3, 39.3,
     39.3, 39.3, 37.1, 38.8, 38.8, 38.8, 38.8, 38.8, 38.8, 38.8, 38.8, 38.8, 38.8, 38.8},
    {40.0, 38.8, 38.2, 38.9, 37.0, 37.0, 37.0, 37.0, 37.0, 37.8, 38.3, 35.8, 35.8, 35.8,
     35.8, 35.8, 25.1, 30.8, 30.8, 30.8, 30.8, 30.8, 30.8, 30.8, 30.7, 30.7, 30.7, 30.7},
    {50.0, 49.9, 49.9, 31.4, 41.6, 41.6, 41.6, 41.6, 41.6, 41.6, 39.6, 39.6, 40.1, 39.4,
     39.0, 39.1, 39.1, 37.2, 37.1, 38.3, 38.3, 38.3, 38.2, 38.8, 38.8, 38.8, 38.8, 38.8},
    {50.0, 50.0, 49.9, 20.6, 43.5, 43.5, 43.5, 43.5, 43.5, 43.5, 39.4, 39.4, 28.2, 29.9,
     32.5, 32.1, 32.1, 25.1, 24.9, 27.3, 27.3, 27.2, 26.4, 30.8, 30.8, 30.8, 30.8, 30.8},
    {20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 38.3, 39.0, 39.0, 39.0,
     39.0, 39.1, 39.1, 38.8, 38.8, 38.8, 38.7, 38.7, 38.7, 38.7, 38.7, 38.7, 38.8, 38.8},
    {30.0, 29.9, 29.9, 29.9, 29.9, 29.9, 29.9, 29.9, 29.9, 29.9, 28.1, 33.0, 33.0, 32.9,
     31.8, 31.4, 31.4, 29.4, 29.4, 29.4, 28.8, 28.8, 28.8, 28.8, 28.8, 28.8, 30.8, 30.8},
    {15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0,
     15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 15.0},
    {60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0,
     60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 60.0},
};

/* KTAB's default options; every turn within the print's rounding. */
static void test_ktab_soe_pol_comp(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = table_of(ctx, pol_comp);
    run_t r;
    assert_int_equal(run_smp(&r, ctx, t, NULL, 0), NS_DONE);
    assert_int_equal(turns_of(&r, 0), 27);
    for (size_t row = 0; row < 26; row++) {
        for (int k = 0; k <= 27; k++) {
            assert_near(at_turn(&r, 0, k, row / 2, row % 2), pol_comp_ref[row][k], 0.05 + 1e-9);
        }
    }
    run_free(&r, ctx);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* examples/smp/doc/smpExample.xml: 5 actors, 3 dimensions. */
static const char smp_example[] = "issue,actor,position,salience,capability\n"
                                  "d0,Alice,52.8,0.323,117.7\n"
                                  "d1,Alice,39.8,0.224,117.7\n"
                                  "d2,Alice,39.6,0.134,117.7\n"
                                  "d0,Bob,15.9,0.252,93.2\n"
                                  "d1,Bob,61.4,0.345,93.2\n"
                                  "d2,Bob,72.0,0.265,93.2\n"
                                  "d0,Carol,61.1,0.288,61.4\n"
                                  "d1,Carol,86.5,0.286,61.4\n"
                                  "d2,Carol,44.5,0.182,61.4\n"
                                  "d0,David,26.3,0.156,135.4\n"
                                  "d1,David,16.5,0.420,135.4\n"
                                  "d2,David,15.9,0.143,135.4\n"
                                  "d0,Ellie,73.3,0.397,63.8\n"
                                  "d1,Ellie,61.1,0.199,63.8\n"
                                  "d2,Ellie,26.3,0.158,63.8\n";

/* examples/smp/doc/20170530_ref-smpExample.txt (smpExample.xml: 5 actors, 3 dimensions,
 * VotingRule=PropCbc, PCEModel=MarkovIncentive). KTAB's run is stochastic and adjusts
 * ideals, so only its first turn's elections can be compared: each actor's most probable
 * option in KTAB's log ("Probability Opt_i") is the bargain whose position normsim
 * adopts under Deterministic transitions (positions printed with 3 decimals). */
static void test_ktab_smp_example_first_turn(void **state)
{
    (void)state;
    static const double want[5][3] = {{55.53, 63.19, 42.21},
                                      {23.48, 63.81, 70.13},
                                      {33.48, 18.89, 19.04},
                                      {33.48, 18.89, 19.04},
                                      {64.11, 48.13, 32.54}};
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = table_of(ctx, smp_example);
    const char *const kv[] = {"VotingRule=PropCbc", "PCEModel=MarkovIncentive", "min_turns=1",
                              "max_turns=1", NULL};
    run_t r;
    assert_int_equal(run_smp(&r, ctx, t, kv, 0), NS_DONE);
    for (size_t a = 0; a < 5; a++) {
        for (size_t d = 0; d < 3; d++) {
            assert_near(at_turn(&r, 0, 1, a, d), want[a][d], 0.0005 + 1e-9);
        }
    }
    run_free(&r, ctx);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* KTAB's turn-0 elections in 20170530_ref-smpExample.txt, the run with
 * StateTransitions=Stochastic: each actor's options in normsim's order (status quo first,
 * then the bargains by initiator; KTAB lists them in its threads' order), with the
 * probability KTAB's log gives each ("Probability Opt_i", 4 decimals) and the position the
 * actor adopts with it (the bargain's coordinates, exact at 2 decimals on 0..100). */
enum { EX_ACTORS = 5, EX_MAX_OPTIONS = 5 };
typedef struct ex_option {
    double p;
    double x[3];
} ex_option_t;
static const size_t ex_options[EX_ACTORS] = {3, 2, 5, 2, 3};
static const ex_option_t ex_option[EX_ACTORS][EX_MAX_OPTIONS] = {
    {{0.0054, {52.8, 39.8, 39.6}},
     {0.2444, {64.11, 48.13, 32.54}},                                /* 0:4 */
     {0.7502, {55.53, 63.19, 42.21}}},                               /* 2:0 */
    {{0.4205, {15.9, 61.4, 72.0}}, {0.5795, {23.48, 63.81, 70.13}}}, /* 1:2 */
    {{0.0859, {61.1, 86.5, 44.5}},
     {0.1976, {23.48, 63.81, 70.13}},                                /* 1:2 */
     {0.2255, {55.53, 63.19, 42.21}},                                /* 2:0 */
     {0.4215, {33.48, 18.89, 19.04}},                                /* 3:2 */
     {0.0695, {70.06, 76.01, 34.98}}},                               /* 4:2 */
    {{0.3948, {26.3, 16.5, 15.9}}, {0.6052, {33.48, 18.89, 19.04}}}, /* 3:2 */
    {{0.0264, {73.3, 61.1, 26.3}},
     {0.9486, {64.11, 48.13, 32.54}},  /* 0:4 */
     {0.0250, {70.06, 76.00, 34.98}}}, /* 4:2 */
};

/* Upper tail of the chi-square distribution with an even number df of degrees of
 * freedom: exp(-x/2) sum_{i < df/2} (x/2)^i / i!. */
static double chi2_upper_even(double x, int df)
{
    double term = 1.0, sum = 0.0;
    for (int i = 0; i < df / 2; i++) {
        term *= i > 0 ? x / 2.0 / i : 1.0;
        sum += term;
    }
    return exp(-x / 2.0) * sum;
}

/* The option of actor k that a draw u selects: the first whose cumulative probability
 * reaches u; *margin is u's distance to the nearest cumulative probability. */
static size_t ex_select(size_t k, double u, double *margin)
{
    double cum = 0.0;
    size_t sel = ex_options[k] - 1;
    bool found = false;
    *margin = 1.0;
    for (size_t o = 0; o < ex_options[k]; o++) {
        cum += ex_option[k][o].p;
        *margin = fmin(*margin, fabs(u - cum));
        if (!found && u <= cum) {
            sel = o;
            found = true;
        }
    }
    return sel;
}

/* normsim's first stochastic turn of smpExample over seeds 1..20000 against the
 * distribution KTAB draws from (docs/SMP.md section 5):
 * - every actor adopts one of the options KTAB's log lists for it;
 * - the option is the one that the uniform of normsim's stream for (seed, turn 1, actor)
 *   selects from KTAB's probabilities (computed here independently, actors in reverse
 *   order), except within 3e-4 of a boundary, where KTAB's rounding could decide;
 * - Pearson's X^2 of the counts against KTAB's probabilities, summed over the five
 *   actors (independent streams; 10 degrees of freedom, every expected count >= 108),
 *   has p > 0.001;
 * - the mean position after turn 1 is KTAB's probability-weighted mean of the options
 *   within 4 standard errors on every coordinate. */
static void test_ktab_smp_example_distribution(void **state)
{
    (void)state;
    enum { SEEDS = 20000 };
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = table_of(ctx, smp_example);
    const char *const kv[] = {"VotingRule=PropCbc",
                              "PCEModel=MarkovIncentive",
                              "StateTransitions=Stochastic",
                              "min_turns=1",
                              "max_turns=1",
                              NULL};
    int count[EX_ACTORS][EX_MAX_OPTIONS] = {{0}};
    double sum[EX_ACTORS][3] = {{0.0}};
    int near_boundary = 0;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        run_t r;
        assert_int_equal(run_smp(&r, ctx, t, kv, seed), NS_DONE);
        for (size_t k = EX_ACTORS; k-- > 0;) {
            size_t chosen = SIZE_MAX;
            for (size_t o = 0; o < ex_options[k] && chosen == SIZE_MAX; o++) {
                bool same = true;
                for (size_t d = 0; d < 3; d++) {
                    same = same &&
                           fabs(at_turn(&r, 0, 1, k, d) - ex_option[k][o].x[d]) < 0.0005 + 1e-9;
                }
                chosen = same ? o : SIZE_MAX;
            }
            assert_true(chosen != SIZE_MAX);
            count[k][chosen]++;
            for (size_t d = 0; d < 3; d++) {
                sum[k][d] += at_turn(&r, 0, 1, k, d);
            }
            ns_rng_t rng;
            ns_rng_init(&rng, seed, 0x534d50u /* "SMP" */, 1, (uint32_t)k);
            double margin;
            size_t want = ex_select(k, ns_rng_uniform(&rng), &margin);
            if (margin < 3e-4) {
                near_boundary++;
            } else {
                assert_int_equal(chosen, want);
            }
        }
        run_free(&r, ctx);
    }
    double x2 = 0.0, zmax = 0.0;
    int df = 0;
    for (size_t k = 0; k < EX_ACTORS; k++) {
        for (size_t o = 0; o < ex_options[k]; o++) {
            double e = SEEDS * ex_option[k][o].p;
            assert_true(e >= 5.0);
            x2 += (count[k][o] - e) * (count[k][o] - e) / e;
        }
        df += (int)ex_options[k] - 1;
        for (size_t d = 0; d < 3; d++) {
            double mu = 0.0, m2 = 0.0;
            for (size_t o = 0; o < ex_options[k]; o++) {
                mu += ex_option[k][o].p * ex_option[k][o].x[d];
                m2 += ex_option[k][o].p * ex_option[k][o].x[d] * ex_option[k][o].x[d];
            }
            double z = (sum[k][d] / SEEDS - mu) / sqrt((m2 - mu * mu) / SEEDS);
            zmax = fmax(zmax, fabs(z));
        }
    }
    double pv = chi2_upper_even(x2, df);
    print_message("smpExample turn 0, seeds 1..%d: X^2 = %.3f, df = %d, p = %.3f; "
                  "mean positions max |z| = %.2f; %d draws within 3e-4 of a boundary\n",
                  SEEDS, x2, df, pv, zmax, near_boundary);
    assert_int_equal(df, 10);
    assert_true(pv > 0.001);
    assert_true(zmax < 4.0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* ---- Error paths ---------------------------------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    double f = NAN;
    run_t r;
    const char *const joint[] = {"dimensions=joint", NULL};
    const char *const separate[] = {"dimensions=separate", NULL};
    /* Joint dimensions need every actor on every issue; auto then treats the issues
     * one by one (the two-actor case by hand, and A alone on y). */
    ns_table_t *t = table_of(ctx, "issue,actor,position,salience,capability\n"
                                  "x,A,20,0.5,1\n"
                                  "x,B,60,1,4\n"
                                  "y,A,20,0.5,1\n");
    assert_int_equal(run_model(ctx, "smp", t, joint, &f, NULL), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "dimensions=separate"));
    assert_int_equal(run_model(ctx, "smp", t, NULL, &f, NULL), NS_OK);
    assert_near(f, 59.53, 1e-9);
    ns_table_free(ctx, t);
    /* One capability per actor in joint mode. */
    t = table_of(ctx, "issue,actor,position,salience,capability\n"
                      "x,A,20,0.5,1\n"
                      "y,A,20,0.5,2\n");
    assert_int_equal(run_model(ctx, "smp", t, joint, &f, NULL), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "one capability"));
    assert_int_equal(run_model(ctx, "smp", t, NULL, &f, NULL), NS_OK);
    ns_table_free(ctx, t);
    /* Saliences are shares: at most 1 in all. */
    t = table_of(ctx, "issue,actor,position,salience,capability\n"
                      "x,A,20,0.7,1\n"
                      "y,A,20,0.7,1\n");
    assert_int_equal(run_model(ctx, "smp", t, joint, &f, NULL), NS_ERANGE);
    assert_int_equal(run_model(ctx, "smp", t, separate, &f, NULL), NS_OK);
    assert_near(f, 20.0, 1e-12);
    assert_int_equal(run_model(ctx, "smp", t, NULL, &f, NULL), NS_OK);
    assert_near(f, 20.0, 1e-12);
    ns_table_free(ctx, t);
    /* KTAB votes with capability: it must be positive. */
    t = table_of(ctx, "issue,actor,position,salience,capability\n"
                      "x,A,20,0.7,0\n");
    assert_int_equal(run_model(ctx, "smp", t, joint, &f, NULL), NS_EINVAL);
    /* ... and treated issue by issue such an actor sits out: no member, no forecast. */
    assert_int_equal(run_model(ctx, "smp", t, separate, &f, NULL), NS_OK);
    assert_true(f != f);
    assert_int_equal(run_model(ctx, "smp", t, NULL, &f, NULL), NS_OK);
    assert_true(f != f);
    ns_table_free(ctx, t);
    /* No salience at all. */
    t = table_of(ctx, "issue,actor,position,salience,capability\n"
                      "x,A,20,0,1\n");
    assert_int_equal(run_model(ctx, "smp", t, joint, &f, NULL), NS_EINVAL);
    ns_table_free(ctx, t);
    /* A position off the scale (the CSV reader refuses one; a table built in memory
     * may hold one). */
    double x = 120.0, s = 0.5, c = 1.0;
    t = one_issue(ctx, 1, &x, &s, &c, NAN);
    assert_int_equal(run_model(ctx, "smp", t, NULL, &f, NULL), NS_ERANGE);
    ns_table_free(ctx, t);
    /* Parameters: unknown, not a choice, out of range, inconsistent. */
    t = table_of(ctx, "issue,actor,position,salience,capability\n"
                      "x,A,20,0.5,1\n");
    const char *const unknown[] = {"bogus=1", NULL};
    assert_int_equal(run_model(ctx, "smp", t, unknown, &f, NULL), NS_EINVAL);
    const char *const choice[] = {"VotingRule=Loud", NULL};
    assert_int_equal(run_model(ctx, "smp", t, choice, &f, NULL), NS_EINVAL);
    const char *const range[] = {"stop_ratio=2", NULL};
    assert_int_equal(run_model(ctx, "smp", t, range, &f, NULL), NS_ERANGE);
    const char *const turns[] = {"min_turns=5", "max_turns=3", NULL};
    assert_int_equal(run_smp(&r, ctx, t, turns, 0), NS_EINVAL);
    assert_null(r.state);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Every allocation of init can fail; init then frees what it took. */
static void test_out_of_memory(void **state)
{
    (void)state;
    ns_ctx_t *plain = NULL;
    assert_int_equal(ns_ctx_new(NULL, &plain), NS_OK);
    ns_table_t *t = table_of(plain, dummy3);
    bool succeeded = false;
    for (long k = 1; k < 200 && !succeeded; k++) {
        failing_alloc_t fa;
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        void *mem = calloc(1, ns_model_smp.state_size);
        double values[NS__SMP_NPARAMS];
        for (size_t p = 0; p < NS__SMP_NPARAMS; p++) {
            values[p] = ns_model_smp.params[p].dflt;
        }
        ns_rng_t rng;
        ns_rng_init(&rng, 1, 0, 0, 0);
        ns_status st = ns_model_smp.init(mem, ctx, t, values, &rng);
        if (st == NS_OK) {
            ns_model_smp.destroy(mem, ctx);
            succeeded = true;
        } else {
            assert_int_equal(st, NS_ENOMEM);
        }
        free(mem);
        ns_ctx_free(ctx);
    }
    assert_true(succeeded);
    ns_table_free(plain, t);
    ns_ctx_free(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_building_blocks),
        cmocka_unit_test(test_two_actors_by_hand),
        cmocka_unit_test(test_third_party_by_hand),
        cmocka_unit_test(test_single_and_identical_actors),
        cmocka_unit_test(test_positions_stay_on_scale),
        cmocka_unit_test(test_separate_dimensions),
        cmocka_unit_test(test_stochastic_frequencies),
        cmocka_unit_test(test_ktab_dummy_3dim),
        cmocka_unit_test(test_trace_dummy_3dim),
        cmocka_unit_test(test_ktab_soe_pol_comp),
        cmocka_unit_test(test_ktab_smp_example_first_turn),
        cmocka_unit_test(test_ktab_smp_example_distribution),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
