/* Diffusion: Granovetter's known answers, zero rates, monotonicity, the tipping switch,
 * determinism, parameter errors and out-of-memory paths.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "test_util.h"

/* A complete network on n states (every tie 1), one layer. */
static ns_net_t *complete(ns_ctx_t *ctx, size_t n)
{
    ns_net_t *net = NULL;
    size_t layer;
    assert_int_equal(ns_net_new(ctx, n, &net), NS_OK);
    assert_int_equal(ns_net_add_layer(ctx, net, "all", 1.0, &layer), NS_OK);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            assert_int_equal(ns_net_add_tie(ctx, net, layer, i, j, 1.0), NS_OK);
        }
    }
    return net;
}

/* Parameters with nothing but thresholds at work. */
static ns_diffusion_params_t thresholds_only(void)
{
    ns_diffusion_params_t p;
    ns_diffusion_params_default(&p);
    p.spont_rate = 0;
    p.impl_rate = 0;
    p.impl_peer = 0;
    p.internal_rate = 0;
    p.tipping = 1.0;
    p.cascade_scale = 1.0;
    return p;
}

/* Granovetter (1978, p. 1424): 100 actors with thresholds 0, 1, ..., 99 in count terms
 * (actor k joins once k others have joined). In a complete network the exposure of an
 * actor is (adopting others) / 99, so "at least k others" is E >= k/99; we use
 * theta_k = (k - 1/2)/99 for k >= 1 (and 0 for k = 0), which is the same condition with
 * no floating-point tie. With synchronous years, actor 0 joins in year 1 (E = 0 >= 0),
 * and in year t actor t-1 sees t-1 adopters and joins: t adopters after t years, all
 * 100 after 100 years. */
static void test_granovetter_full_cascade(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_net_t *net = complete(ctx, 100);
    ns_diffusion_params_t p = thresholds_only();
    ns_diffusion_t *d = NULL;
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &d), NS_OK);
    double theta[100];
    for (int k = 0; k < 100; k++) {
        theta[k] = k == 0 ? 0.0 : (k - 0.5) / 99.0;
    }
    assert_int_equal(ns_diffusion_set_thresholds(ctx, d, theta), NS_OK);
    ns_diffusion_reset(d, NULL, 1, 0, 0);
    assert_int_equal(ns_diffusion_count(d, NS_STAGE_ENDORSED), 0);
    for (int t = 1; t <= 120; t++) {
        ns_diffusion_step(d, t);
        assert_int_equal(ns_diffusion_count(d, NS_STAGE_ENDORSED), t < 100 ? t : 100);
    }
    ns_diffusion_free(d);
    ns_net_free(net);
    ns_ctx_free(ctx);
}

/* Granovetter's variation: the actor with threshold 1 is replaced by one with threshold
 * 2 (or removed). Actor 0 joins in year 1; then every other actor sees one adopter and
 * needs at least two, so the cascade stops at one adopter for ever. Removing the
 * lowest-threshold actor (threshold 0) instead leaves nobody to start: no adoption. */
static void run_and_count(size_t n, const double *theta, int years, size_t expect)
{
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_net_t *net = complete(ctx, n);
    ns_diffusion_params_t p = thresholds_only();
    ns_diffusion_t *d = NULL;
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &d), NS_OK);
    assert_int_equal(ns_diffusion_set_thresholds(ctx, d, theta), NS_OK);
    ns_diffusion_reset(d, NULL, 7, 0, 0);
    for (int t = 1; t <= years; t++) {
        ns_diffusion_step(d, t);
        assert_true(ns_diffusion_count(d, NS_STAGE_ENDORSED) <= (expect > 0 ? expect : 0));
    }
    assert_int_equal(ns_diffusion_count(d, NS_STAGE_ENDORSED), expect);
    ns_diffusion_free(d);
    ns_net_free(net);
    ns_ctx_free(ctx);
}

static void test_granovetter_stops(void **state)
{
    (void)state;
    double theta[100];
    /* Replaced: thresholds 0, 2, 2, 3, ..., 99 (count terms, 99 others). */
    for (int k = 0; k < 100; k++) {
        int count = k == 1 ? 2 : k;
        theta[k] = count == 0 ? 0.0 : (count - 0.5) / 99.0;
    }
    run_and_count(100, theta, 200, 1);
    /* Removed: 99 actors with thresholds 0, 2, 3, ..., 99 (98 others each). */
    for (int k = 0; k < 99; k++) {
        int count = k == 0 ? 0 : k + 1;
        theta[k] = count == 0 ? 0.0 : (count - 0.5) / 98.0;
    }
    run_and_count(99, theta, 200, 1);
    /* The lowest-threshold actor removed: 99 actors with thresholds 1, ..., 99. */
    for (int k = 0; k < 99; k++) {
        theta[k] = (k + 1 - 0.5) / 98.0;
    }
    run_and_count(99, theta, 200, 0);
}

/* Zero rates: no spontaneous rate and thresholds above any reachable exposure (one
 * endorser of 10 gives the others 1/9 < 0.9) mean nobody else ever adopts, and with no
 * implementation rate nobody implements. */
static void test_zero_rates_no_adoption(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_net_t *net = complete(ctx, 10);
    ns_diffusion_params_t p = thresholds_only();
    ns_diffusion_t *d = NULL;
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &d), NS_OK);
    double theta[10];
    for (int k = 0; k < 10; k++) {
        theta[k] = 0.9;
    }
    assert_int_equal(ns_diffusion_set_thresholds(ctx, d, theta), NS_OK);
    uint8_t initial[10] = {NS_STAGE_ENDORSED};
    ns_diffusion_reset(d, initial, 3, 0, 0);
    for (int t = 1; t <= 50; t++) {
        ns_diffusion_step(d, t);
        assert_int_equal(ns_diffusion_count(d, NS_STAGE_ENDORSED), 1);
        assert_int_equal(ns_diffusion_count(d, NS_STAGE_IMPLEMENTED), 0);
    }
    /* Drawn thresholds, nobody to start, no spontaneous rate: exposure stays 0, and a
     * drawn (log-normal) threshold is positive, so nobody adopts in any replicate. */
    assert_int_equal(ns_diffusion_set_thresholds(ctx, d, NULL), NS_OK);
    for (uint32_t rep = 0; rep < 20; rep++) {
        ns_diffusion_reset(d, NULL, 3, rep, 0);
        for (int t = 1; t <= 30; t++) {
            ns_diffusion_step(d, t);
        }
        assert_int_equal(ns_diffusion_count(d, NS_STAGE_ENDORSED), 0);
    }
    ns_diffusion_free(d);
    ns_net_free(net);
    ns_ctx_free(ctx);
}

/* A ring with chords: every state tied to its two neighbours and to the state n/3 on. */
static ns_net_t *ring(ns_ctx_t *ctx, size_t n)
{
    ns_net_t *net = NULL;
    size_t layer;
    assert_int_equal(ns_net_new(ctx, n, &net), NS_OK);
    assert_int_equal(ns_net_add_layer(ctx, net, "ring", 1.0, &layer), NS_OK);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(ns_net_add_tie(ctx, net, layer, i, (i + 1) % n, 1.0), NS_OK);
        assert_int_equal(ns_net_add_tie(ctx, net, layer, i, (i + n / 3) % n, 0.5), NS_OK);
    }
    return net;
}

/* Count the years in which some state's stage went down. */
static int decreases(ns_diffusion_t *d, size_t n, uint32_t rep)
{
    uint8_t before[60];
    int down = 0;
    ns_diffusion_reset(d, NULL, 11, rep, 2);
    for (int t = 1; t <= 40; t++) {
        for (size_t i = 0; i < n; i++) {
            before[i] = ns_diffusion_stage(d, i);
        }
        ns_diffusion_step(d, 2000 + t);
        for (size_t i = 0; i < n; i++) {
            down += ns_diffusion_stage(d, i) < before[i];
        }
    }
    return down;
}

static void test_monotone_without_disadoption(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_net_t *net = ring(ctx, 60);
    ns_diffusion_params_t p;
    ns_diffusion_params_default(&p);
    p.spont_rate = 0.03;
    p.theta_median = 0.6;
    p.disadopt = 0;
    ns_diffusion_t *d = NULL;
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &d), NS_OK);
    for (uint32_t rep = 0; rep < 50; rep++) {
        assert_int_equal(decreases(d, 60, rep), 0);
    }
    ns_diffusion_free(d);
    /* The check can fail: with dis-adoption some endorser below its threshold drops. */
    p.disadopt = 0.5;
    p.impl_rate = 0;
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &d), NS_OK);
    int total = 0;
    for (uint32_t rep = 0; rep < 50; rep++) {
        total += decreases(d, 60, rep);
    }
    assert_true(total > 0);
    ns_diffusion_free(d);
    ns_net_free(net);
    ns_ctx_free(ctx);
}

/* Four states, complete network, thresholds 0, 0.3, 0.6 and 2. Year 1: state 0
 * (theta 0) adopts; share 1/4. Year 2: the others see 1/3; state 1 (0.3) adopts;
 * share 2/4. Year 3: states 2 and 3 see 2/3: state 2 (0.6) adopts, state 3 never.
 * With equal criticality and tipping 1/2 the switch happens exactly in year 2 (share
 * 2/4 = 1/2, exact in binary); with tipping a hair above 1/2 it waits for year 3
 * (share 3/4). With criticality (3, 1, 1, 1) the share is 3/6 = 1/2 already in year 1.
 * In the cascade regime (scale 1/2) state 3's threshold 2 becomes 1: still above the
 * largest exposure 1 only when not everyone else adopted; here it sees 3/3 = 1 in
 * year 4 and adopts, which it never does without the cascade. */
static void test_tipping_switch(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_net_t *net = complete(ctx, 4);
    ns_diffusion_params_t p = thresholds_only();
    p.tipping = 0.5;
    p.cascade_scale = 0.5;
    double theta[4] = {0, 0.3, 0.6, 2.0};
    ns_diffusion_t *d = NULL;
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &d), NS_OK);
    assert_int_equal(ns_diffusion_set_thresholds(ctx, d, theta), NS_OK);
    ns_diffusion_reset(d, NULL, 5, 0, 0);
    assert_false(ns_diffusion_tipped(d));
    ns_diffusion_step(d, 1);
    assert_true(fabs(ns_diffusion_weighted_share(d) - 0.25) < 1e-15);
    assert_false(ns_diffusion_tipped(d));
    ns_diffusion_step(d, 2);
    assert_true(ns_diffusion_weighted_share(d) == 0.5);
    assert_true(ns_diffusion_tipped(d));
    assert_int_equal(ns_diffusion_tipping_year(d), 2);
    ns_diffusion_step(d, 3);
    assert_int_equal(ns_diffusion_count(d, NS_STAGE_ENDORSED), 3);
    ns_diffusion_step(d, 4);
    assert_int_equal(ns_diffusion_count(d, NS_STAGE_ENDORSED), 4); /* the cascade */
    ns_diffusion_free(d);

    /* Just above one half: no switch in year 2, one in year 3; and without the cascade
     * state 3 never adopts. */
    p.tipping = 0.5 + 1e-12;
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &d), NS_OK);
    assert_int_equal(ns_diffusion_set_thresholds(ctx, d, theta), NS_OK);
    ns_diffusion_reset(d, NULL, 5, 0, 0);
    ns_diffusion_step(d, 1);
    ns_diffusion_step(d, 2);
    assert_false(ns_diffusion_tipped(d));
    ns_diffusion_step(d, 3);
    assert_int_equal(ns_diffusion_tipping_year(d), 3);
    ns_diffusion_free(d);
    p.tipping = 1.0;
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &d), NS_OK);
    assert_int_equal(ns_diffusion_set_thresholds(ctx, d, theta), NS_OK);
    ns_diffusion_reset(d, NULL, 5, 0, 0);
    for (int t = 1; t <= 20; t++) {
        ns_diffusion_step(d, t);
    }
    assert_int_equal(ns_diffusion_count(d, NS_STAGE_ENDORSED), 3);
    assert_false(ns_diffusion_tipped(d));
    ns_diffusion_free(d);

    /* Criticality (3, 1, 1, 1): share 3/6 after year 1. */
    p.tipping = 0.5;
    double crit[4] = {3, 1, 1, 1};
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &d), NS_OK);
    assert_int_equal(ns_diffusion_set_thresholds(ctx, d, theta), NS_OK);
    assert_int_equal(ns_diffusion_set_criticality(ctx, d, crit), NS_OK);
    ns_diffusion_reset(d, NULL, 5, 0, 0);
    ns_diffusion_step(d, 1);
    assert_true(ns_diffusion_tipped(d));
    assert_int_equal(ns_diffusion_tipping_year(d), 1);
    ns_diffusion_free(d);
    ns_net_free(net);
    ns_ctx_free(ctx);
}

/* The same (seed, replicate, norm) gives the same run; another replicate differs. */
static void test_deterministic_streams(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_net_t *net = ring(ctx, 60);
    ns_diffusion_params_t p;
    ns_diffusion_params_default(&p);
    p.spont_rate = 0.05;
    ns_diffusion_t *a = NULL, *b = NULL;
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &a), NS_OK);
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &b), NS_OK);
    ns_diffusion_reset(a, NULL, 42, 3, 1);
    ns_diffusion_reset(b, NULL, 42, 4, 1); /* another replicate in between */
    for (int t = 1; t <= 10; t++) {
        ns_diffusion_step(b, t);
    }
    ns_diffusion_reset(b, NULL, 42, 3, 1);
    int same = 1;
    for (int t = 1; t <= 30; t++) {
        ns_diffusion_step(a, t);
        ns_diffusion_step(b, t);
        for (size_t i = 0; i < 60; i++) {
            same &= ns_diffusion_stage(a, i) == ns_diffusion_stage(b, i);
        }
    }
    assert_true(same);
    ns_diffusion_free(a);
    ns_diffusion_free(b);
    ns_net_free(net);
    ns_ctx_free(ctx);
}

static void test_parameter_errors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_diffusion_params_t p;
    ns_diffusion_params_default(&p);
    assert_int_equal(ns_diffusion_params_check(ctx, &p), NS_OK);
    p.theta_median = 0;
    assert_int_equal(ns_diffusion_params_check(ctx, &p), NS_ERANGE);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "theta_median"));
    ns_diffusion_params_default(&p);
    p.tipping = NAN;
    assert_int_equal(ns_diffusion_params_check(ctx, &p), NS_ERANGE);
    ns_diffusion_params_default(&p);
    assert_int_equal(ns_diffusion_params_option(ctx, &p, "capacity-building", "developing"), NS_OK);
    assert_true(p.cb_boost > 0 && p.cb_below > 0);
    assert_int_equal(ns_diffusion_params_option(ctx, &p, "mandate", "implementation"), NS_OK);
    ns_diffusion_params_t d;
    ns_diffusion_params_default(&d);
    assert_true(p.impl_rate > d.impl_rate);
    assert_int_equal(ns_diffusion_params_option(ctx, &p, "channel", "nowhere"), NS_EINVAL);
    assert_int_equal(ns_diffusion_params_option(ctx, &p, "colour", "red"), NS_EINVAL);
    /* An implementation layer the network does not have. */
    ns_net_t *net = complete(ctx, 3);
    ns_diffusion_t *m = NULL;
    ns_diffusion_params_default(&p);
    p.impl_layer = "regional";
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &m), NS_EINVAL);
    assert_null(m);
    ns_diffusion_params_default(&p);
    assert_int_equal(ns_diffusion_new(ctx, net, &p, &m), NS_OK);
    double bad[3] = {0.5, 1.5, 0.5};
    assert_int_equal(ns_diffusion_set_capacity(ctx, m, bad), NS_ERANGE);
    double zero[3] = {0, 0, 0};
    assert_int_equal(ns_diffusion_set_criticality(ctx, m, zero), NS_ERANGE);
    double neg[3] = {0.5, -1, 0.5};
    assert_int_equal(ns_diffusion_set_thresholds(ctx, m, neg), NS_ERANGE);
    ns_diffusion_free(m);
    ns_diffusion_free(NULL);
    ns_net_free(net);
    ns_ctx_free(ctx);
}

/* Every allocation of ns_diffusion_new can fail cleanly (ASan checks for leaks). */
static void test_out_of_memory(void **state)
{
    (void)state;
    ns_ctx_t *plain = NULL;
    assert_int_equal(ns_ctx_new(NULL, &plain), NS_OK);
    ns_net_t *net = complete(plain, 5);
    ns_diffusion_params_t p;
    ns_diffusion_params_default(&p);
    int succeeded = 0;
    for (long k = 1; k < 40 && !succeeded; k++) {
        failing_alloc_t f;
        ns_ctx_t *ctx = failing_ctx(&f, k);
        assert_non_null(ctx);
        ns_diffusion_t *d = NULL;
        ns_status st = ns_diffusion_new(ctx, net, &p, &d);
        if (st == NS_OK) {
            succeeded = 1;
            ns_diffusion_free(d);
        } else {
            assert_int_equal(st, NS_ENOMEM);
            assert_null(d);
        }
        ns_ctx_free(ctx);
    }
    assert_true(succeeded);
    ns_net_free(net);
    ns_ctx_free(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_granovetter_full_cascade),
        cmocka_unit_test(test_granovetter_stops),
        cmocka_unit_test(test_zero_rates_no_adoption),
        cmocka_unit_test(test_monotone_without_disadoption),
        cmocka_unit_test(test_tipping_switch),
        cmocka_unit_test(test_deterministic_streams),
        cmocka_unit_test(test_parameter_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
