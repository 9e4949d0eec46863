/* The expected-utility challenge model (src/models/eum.c; Scholz, Calbert and Smith
 * 2011): closed forms at risk neutrality, the O(n^2) probabilities against the direct
 * O(n^3) sums, and the BDM 1994 emission-standards case.
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

#include "models/eum.h"
#include "models/models.h"
#include "test_util.h"

/* |got - want| <= eps, printing both on failure (cmocka's float check is single
 * precision). */
#define assert_near(got, want, eps) check_near((got), (want), (eps), #got, __LINE__)
/* The current positions of one issue, read through the model's trace (the last turn
 * it recorded), in table order; n gets how many actors take part. */
typedef struct last_turn {
    size_t issue, n;
    int turn;
    double x[16];
} last_turn_t;

static ns_status keep_last_turn(int turn, size_t issue, size_t actor, double position, void *user)
{
    last_turn_t *lt = user;
    (void)actor;
    if (issue != lt->issue) {
        return NS_OK;
    }
    if (turn != lt->turn) {
        lt->turn = turn;
        lt->n = 0;
    }
    if (lt->n < 16) {
        lt->x[lt->n++] = position;
    }
    return NS_OK;
}

static const double *eum_positions(last_turn_t *lt, void *model_state, size_t issue, size_t *n)
{
    *lt = (last_turn_t){.issue = issue, .turn = -1};
    assert_int_equal(ns_model_eum.trace(model_state, NULL, keep_last_turn, lt), NS_OK);
    *n = lt->n;
    return lt->x;
}

static void check_near(double got, double want, double eps, const char *what, int line)
{
    if (!(fabs(got - want) <= eps)) {
        print_error("line %d: %s = %.17g, want %.17g (+- %g)\n", line, what, got, want, eps);
        fail();
    }
}

/* Direct O(n^3) definition (Scholz, step 2-3): P_ij = sum of positive votes for i over
 * sum of absolute votes, v^k_ij = w_k (|x_k - x_j| - |x_k - x_i|). */
static double direct_p(size_t n, const double *x, const double *w, size_t i, size_t j)
{
    double pos = 0.0, all = 0.0;
    for (size_t k = 0; k < n; k++) {
        double v = w[k] * (fabs(x[k] - x[j]) - fabs(x[k] - x[i]));
        pos += v > 0.0 ? v : 0.0;
        all += fabs(v);
    }
    return all > 0.0 ? pos / all : 0.5;
}

/* With R = 1 every utility is linear: U^s = 2 - 4 (0.5 - 0.5 d) = 2d, U^f = -2d,
 * U^sq = 2 - 4 * 0.5 = 0, U^b = 2 - 4 (0.5 - 0.25 e) = e, U^w = -e. Substituting in
 *   EU = s (P U^s + (1-P) U^f) + (1-s) U^s - Q U^sq - (1-Q)(T U^b + (1-T) U^w)
 *      = s (2P - 1) 2d + (1-s) 2d - (1-Q)(2T - 1) e
 *      = 2d (1 - 2 s (1 - P)) - (1-Q)(2T - 1) e.
 * The test draws random inputs and compares the model's EU with this closed form. It
 * also checks one power case by hand: R = 2, d = 0.5 gives U^s = 2 - 4 (0.25)^2 = 1.75,
 * U^f = 2 - 4 (0.75)^2 = -0.25, U^sq = 2 - 4 (0.5)^2 = 1. */
static void test_eu_closed_form_at_risk_neutrality(void **state)
{
    (void)state;
    ns_rng_t rng;
    ns_rng_init(&rng, 11, 1, 0, 0);
    for (int trial = 0; trial < 1000; trial++) {
        double range = 1.0 + 99.0 * ns_rng_uniform(&rng);
        double xi = range * ns_rng_uniform(&rng), xj = range * ns_rng_uniform(&rng);
        double mu = range * ns_rng_uniform(&rng);
        double s = ns_rng_uniform(&rng), p = ns_rng_uniform(&rng);
        double q = ns_rng_uniform(&rng), t = ns_rng_uniform(&rng);
        ns__eum_util_t u = ns__eum_utilities(xi, xj, mu, range, 1.0);
        double d = fabs(xi - xj) / range, e = (fabs(xi - mu) - fabs(xi - xj)) / range;
        double want = 2.0 * d * (1.0 - 2.0 * s * (1.0 - p)) - (1.0 - q) * (2.0 * t - 1.0) * e;
        assert_near(ns__eum_expected_utility(&u, p, s, q, t), want, 1e-12);
    }
    ns__eum_util_t u = ns__eum_utilities(0.0, 5.0, 0.0, 10.0, 2.0);
    assert_near(u.success, 1.75, 1e-15);
    assert_near(u.failure, -0.25, 1e-15);
    assert_near(u.status_quo, 1.0, 1e-15);
    /* e = (0 - 5) / 10 = -0.5: U^b = 2 - 4 (0.625)^2 = 0.4375, U^w = 2 - 4 (0.375)^2. */
    assert_near(u.better, 0.4375, 1e-15);
    assert_near(u.worse, 2.0 - 4.0 * 0.140625, 1e-15);
}

/* The prefix-sum sweep against the direct sums on random inputs, with many ties (integer
 * positions) and zero weights; and P_ij + P_ji = 1. */
static void test_probabilities_match_direct_sums(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_rng_t rng;
    ns_rng_init(&rng, 12, 2, 0, 0);
    for (int trial = 0; trial < 40; trial++) {
        size_t n = 1 + ns_rng_below(&rng, 60);
        double *x = calloc(n, sizeof *x), *w = calloc(n, sizeof *w);
        double *P = calloc(n * n, sizeof *P);
        assert_non_null(P);
        for (size_t k = 0; k < n; k++) {
            x[k] = trial % 2 == 0 ? (double)ns_rng_below(&rng, 7) : 100.0 * ns_rng_uniform(&rng);
            w[k] = ns_rng_below(&rng, 5) == 0 ? 0.0 : ns_rng_uniform(&rng) * 16.0;
        }
        assert_int_equal(ns__eum_probabilities(ctx, n, x, w, P), NS_OK);
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                assert_near(P[i * n + j] + P[j * n + i], 1.0, 1e-12);
                assert_near(P[i * n + j], direct_p(n, x, w, i, j), 1e-9);
            }
        }
        free(x);
        free(w);
        free(P);
    }
    ns_ctx_free(ctx);
}

/* Run a model type directly (no runner), with its default parameters. */
typedef struct run {
    void *state;
    double values[NS__EUM_NPARAMS];
    ns_rng_t rng;
} run_t;

static void run_init(run_t *r, ns_ctx_t *ctx, const ns_table_t *t)
{
    r->state = calloc(1, ns_model_eum.state_size);
    assert_non_null(r->state);
    for (size_t k = 0; k < ns_model_eum.n_params; k++) {
        r->values[k] = ns_model_eum.params[k].dflt;
    }
    ns_rng_init(&r->rng, 1, 0, 0, 0);
    assert_int_equal(ns_model_eum.init(r->state, ctx, t, r->values, &r->rng), NS_OK);
}

static void run_destroy(run_t *r, ns_ctx_t *ctx)
{
    ns_model_eum.destroy(r->state, ctx);
    free(r->state);
}

static ns_table_t *read_fixture(ns_ctx_t *ctx, const char *name)
{
    const char *dir = getenv("NS_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/tables/%s", dir != NULL ? dir : "tests/data", name);
    ns_table_t *t = NULL;
    ns_status st = ns_table_read_file(ctx, path, &t);
    if (st != NS_OK) {
        print_error("%s\n", ns_ctx_errmsg(ctx));
    }
    assert_int_equal(st, NS_OK);
    return t;
}

/* Bueno de Mesquita's EU auto emission-standards case (BDM 1994, in Bueno de Mesquita
 * and Stokman (eds.), European Community Decision Making; the table reproduced by
 * public replications such as dmasad/BDM_DecisionModel_Replication's
 * ExampleActors.csv). Capability / position / salience(%), as recalled and not checked
 * against the printed table: Netherlands 8/4/80, Belgium 8/7/40, Luxembourg 3/4/20,
 * Germany 16/4/80, France 16/10/60, Italy 16/10/60, UK 16/10/90, Ireland 5/7/10,
 * Denmark 5/4/100, Greece 8/7/70. The scale is the span of positions, 4..10.
 *
 * Hand computation of the initial centre: weights c*s are 6.4, 3.2, 0.6, 12.8, 9.6, 9.6,
 * 14.4, 0.5, 5.0, 5.6 (total 67.7, half 33.85). At 4 they add to 24.8, at 7 to 9.3
 * (cumulative 34.1 >= 33.85): the weighted median is 7. The weighted mean is
 * (4 * 24.8 + 7 * 9.3 + 10 * 33.6) / 67.7 = 500.3 / 67.7 = 7.390.
 *
 * The path normsim takes with the defaults (median, challengers, ratio, nearest, Q = 0.5,
 * T = 1), printed by this test (positions NL BE LU DE FR IT UK IE DK GR):
 *   round 0   4     7     4     4     10    10    10    7     4     7     centre 7
 *   round 1   7     10    7     7     7     7     7     4     4.343 7     centre 7
 *   round 2   7     9.977 7     7     7     7     7     4.018 4.567 7     centre 7
 *   round 10  7     9.707 7     7     7     7     7     5.057 6.201 7     centre 7
 *   round 40  7     7.740 7     7     7     7     7     6.971 6.974 7     centre 7
 *   round 99  7     7.006 7     7     7     7     7     7     7     7     centre 7
 * In the first round both large blocs (4: NL, LU, DE; 10: FR, IT, UK) accept offers to
 * move to the median 7 (Greece's and Belgium's position), the nearest offers they get;
 * Belgium and low-salience Ireland take conflicting offers toward the wings, and Denmark
 * (salience 1) only a small compromise. The stragglers then creep back to 7 by
 * compromises of shrinking size (153 rounds to converge at tol 1e-6). The forecast is
 * 7 under every switch (centre=mean, security=own, compromise=half, offer=strongest,
 * Q=1 all end at 7). The published BDM forecast is about 8.3 and replications report
 * values near 8; normsim does not reproduce that with this reading of the
 * specification, and the test does not force it: it asserts what can be derived
 * independently (initial centre, first-round probabilities against the direct sums,
 * positions staying inside the initial hull, the forecast being the centre of the
 * final positions). */
static void test_bdm_emissions(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = read_fixture(ctx, "bdm_emissions.csv");
    assert_int_equal(t->n_actors, 10);
    run_t r;
    run_init(&r, ctx, t);
    double forecast, extra[3];
    assert_int_equal(ns_model_eum.result(r.state, ctx, &forecast, extra), NS_OK);
    assert_near(forecast, 7.0, 1e-12);
    assert_near(extra[2], 7.0, 1e-12);

    /* First round: the model's probabilities against the direct O(n^3) sums on the
     * initial positions. */
    size_t n = 0;
    last_turn_t lt;
    const double *pos = eum_positions(&lt, r.state, 0, &n);
    assert_int_equal(n, 10);
    double x0[10], w[10];
    for (size_t k = 0; k < n; k++) {
        x0[k] = pos[k];
        w[k] = t->capability[k] * t->salience[k];
    }
    ns_status st = ns_model_eum.step(r.state, ctx);
    assert_true(st == NS_CONTINUE || st == NS_DONE);
    const double *P = ns__eum_last_probabilities(r.state);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            if (i != j) {
                assert_near(P[i * n + j], direct_p(n, x0, w, i, j), 1e-12);
            }
        }
    }
    /* Netherlands (4) against France (10): voters at 4 (w 24.8) back NL with 6 each,
     * voters at 10 (33.6) back France, voters at 7 (9.3) are indifferent:
     * P = 24.8 / (24.8 + 33.6) = 0.42466. */
    assert_near(P[0 * n + 4], 24.8 / 58.4, 1e-12);
    const double *risk = ns__eum_last_risk(r.state);
    for (size_t k = 0; k < n; k++) {
        assert_true(risk[k] >= 0.5 - 1e-12 && risk[k] <= 2.0 + 1e-12);
    }

    print_message("round 0: centre 7 positions 4 7 4 4 10 10 10 7 4 7\n");
    int rounds = 1;
    while (st == NS_CONTINUE && rounds < 100) {
        assert_int_equal(ns_model_eum.result(r.state, ctx, &forecast, extra), NS_OK);
        print_message("round %d: centre %.4f positions", rounds, forecast);
        for (size_t k = 0; k < n; k++) {
            print_message(" %.3f", pos[k]);
            /* Offers only move actors toward others' positions: the hull never grows. */
            assert_true(pos[k] >= 4.0 - 1e-12 && pos[k] <= 10.0 + 1e-12);
        }
        print_message("\n");
        st = ns_model_eum.step(r.state, ctx);
        rounds++;
    }
    assert_int_equal(ns_model_eum.result(r.state, ctx, &forecast, extra), NS_OK);
    print_message("final after %d rounds (%s): centre %.4f\n", (int)extra[0],
                  st == NS_DONE ? "converged" : "not converged", forecast);
    assert_true(forecast >= 4.0 && forecast <= 10.0);
    assert_near(extra[1], forecast, 0.0);
    run_destroy(&r, ctx);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Two actors: max Sec = min Sec is guarded (everyone risk neutral, R = 1). */
static void test_security_guard(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = NULL;
    assert_int_equal(ns_table_new(ctx, 1, 2, &t), NS_OK);
    double x[2] = {20, 80};
    for (size_t a = 0; a < 2; a++) {
        t->position[a] = x[a];
        t->salience[a] = 0.5;
        t->capability[a] = 1.0;
    }
    run_t r;
    run_init(&r, ctx, t);
    ns_status st = ns_model_eum.step(r.state, ctx);
    assert_true(st == NS_CONTINUE || st == NS_DONE);
    const double *risk = ns__eum_last_risk(r.state);
    /* Symmetric pair: both Sec equal, so the guard must give R = 1 exactly. */
    assert_near(risk[0], 1.0, 0.0);
    assert_near(risk[1], 1.0, 0.0);
    /* By hand: equal weights tie the median on [20, 80], so the centre is 50; P = 1/2
     * each; d = 0.6 and e = (|20 - 50| - 60) / 100 = -0.3 for both. With R = 1,
     * EU = 2d (1 - 2 s (1 - P)) - (1 - Q)(2T - 1) e = 1.2 * 0.5 + 0.5 * 0.3 = 0.75 for
     * both: positive and equal, so neither expects to win a conflict (a > b fails) and
     * no offer is made: nobody moves. */
    size_t n;
    last_turn_t lt;
    const double *pos = eum_positions(&lt, r.state, 0, &n);
    assert_near(pos[0], 20.0, 0.0);
    assert_near(pos[1], 80.0, 0.0);
    run_destroy(&r, ctx);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Out of memory in init is reported and leaves nothing allocated (ASan checks). */
static void test_init_out_of_memory(void **state)
{
    (void)state;
    failing_alloc_t f;
    for (long k = 1; k < 8; k++) {
        ns_ctx_t *good = NULL;
        assert_int_equal(ns_ctx_new(NULL, &good), NS_OK);
        ns_table_t *t = NULL;
        assert_int_equal(ns_table_new(good, 2, 3, &t), NS_OK);
        for (size_t c = 0; c < 6; c++) {
            t->position[c] = (double)(c * 10);
            t->salience[c] = 0.5;
            t->capability[c] = 1.0;
        }
        ns_ctx_t *ctx = failing_ctx(&f, k);
        assert_non_null(ctx);
        void *mem = calloc(1, ns_model_eum.state_size);
        double values[NS__EUM_NPARAMS];
        for (size_t p = 0; p < NS__EUM_NPARAMS; p++) {
            values[p] = ns_model_eum.params[p].dflt;
        }
        ns_rng_t rng;
        ns_rng_init(&rng, 1, 0, 0, 0);
        ns_status st = ns_model_eum.init(mem, ctx, t, values, &rng);
        if (st == NS_OK) {
            ns_model_eum.destroy(mem, ctx);
        } else {
            assert_int_equal(st, NS_ENOMEM);
        }
        free(mem);
        ns_ctx_free(ctx);
        ns_table_free(good, t);
        ns_ctx_free(good);
    }
}

/* A table over NS_MODEL_MAX_ACTORS_QUADRATIC actors is refused by ns_forecast before the
 * first round (NS_ELIMIT, the message names the limit). (Before: an eum of 2,000 actors
 * ran for minutes, and nothing bounded it.) The exchange model has the same limit. A run
 * below the limit is tests/cli/test_files.sh's (2,000 actors, with its progress). */
static void test_actor_limit(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const ns_model_type_t *models[] = {&ns_model_eum, &ns_model_exchange};
    for (size_t m = 0; m < 2; m++) {
        size_t n = NS_MODEL_MAX_ACTORS_QUADRATIC + 1;
        ns_table_t *t = NULL;
        assert_int_equal(ns_table_new(ctx, 2, n, &t), NS_OK);
        for (size_t c = 0; c < 2 * n; c++) {
            t->position[c] = (double)(c % 101);
            t->salience[c] = 0.5;
            t->capability[c] = 1.0;
        }
        ns_forecast_t *f = NULL;
        assert_int_equal(ns_forecast(ctx, models[m], t, NULL, NULL, &f), NS_ELIMIT);
        assert_non_null(strstr(ns_ctx_errmsg(ctx), "over the model's limit of 5000"));
        assert_null(f);
        ns_table_free(ctx, t);
    }
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eu_closed_form_at_risk_neutrality),
        cmocka_unit_test(test_probabilities_match_direct_sums),
        cmocka_unit_test(test_bdm_emissions),
        cmocka_unit_test(test_security_guard),
        cmocka_unit_test(test_init_out_of_memory),
        cmocka_unit_test(test_actor_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
