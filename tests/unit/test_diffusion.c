/* Diffusion: Granovetter's known answers, zero rates, monotonicity, the tipping switch,
 * determinism, parameter errors and out-of-memory paths.
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
#include <unistd.h>

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

/* ---- Any adoption series: baselines and a user's file (issue 14 item 3) ---------------- */

/* A Bass curve worked from its closed form, F(t) = (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t),
 * computed here independently of ns_curve_at. */
static double bass_by_hand(double p, double q, double m, double t)
{
    double e = exp(-(p + q) * t);
    return m * (1 - e) / (1 + q / p * e);
}

/* Exact counts from p = 0.02, q = 0.45, m = 120 over 15 years give back the parameters;
 * counts rounded to whole states (what a file holds) give them within 10%; a logistic
 * with K = 150, r = 0.6, t0 = 8 likewise. */
static void test_curves_recover_known_parameters(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    double cum[15], rounded[15], logi[15];
    for (int k = 0; k < 15; k++) {
        cum[k] = bass_by_hand(0.02, 0.45, 120, k + 1);
        rounded[k] = floor(cum[k] + 0.5);
        logi[k] = 150 / (1 + exp(-0.6 * (k + 1 - 8.0)));
    }
    ns_curve_t c;
    assert_int_equal(ns_curve_fit(ctx, NS_CURVE_BASS, cum, 15, 193, &c), NS_OK);
    assert_float_equal(c.p, 0.02, 0.02 * 1e-3);
    assert_float_equal(c.q, 0.45, 0.45 * 1e-3);
    assert_float_equal(c.m, 120, 120 * 1e-3);
    assert_float_equal(ns_curve_at(&c, 7), bass_by_hand(0.02, 0.45, 120, 7), 1e-2);
    assert_int_equal(ns_curve_fit(ctx, NS_CURVE_BASS, rounded, 15, 193, &c), NS_OK);
    assert_float_equal(c.p, 0.02, 0.002);
    assert_float_equal(c.q, 0.45, 0.045);
    assert_float_equal(c.m, 120, 12);
    assert_int_equal(ns_curve_fit(ctx, NS_CURVE_LOGISTIC, logi, 15, 193, &c), NS_OK);
    assert_float_equal(c.k, 150, 150 * 1e-3);
    assert_float_equal(c.r, 0.6, 0.6 * 1e-3);
    assert_float_equal(c.t0, 8, 8 * 1e-3);
    /* Too few years, counts above the ceiling. */
    assert_int_equal(ns_curve_fit(ctx, NS_CURVE_BASS, cum, 2, 193, &c), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "at least 3 years"));
    assert_int_equal(ns_curve_fit(ctx, NS_CURVE_LOGISTIC, cum, 15, 50, &c), NS_EINVAL);
    ns_ctx_free(ctx);
}

/* Write text to a fresh temporary file; path receives its name. */
static void write_temp(char *path, size_t size, const char *text)
{
    snprintf(path, size, "/tmp/normsim-events-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static ns_world_t *builtin_world(ns_ctx_t *ctx)
{
    ns_world_t *w = NULL;
    ns_data_options_t opts = {NULL, NS_FILTER_ALL};
    assert_int_equal(ns_data_load(ctx, &opts, &w), NS_OK);
    return w;
}

/* A synthetic series on the real states: the first 60 states in the data's order adopt,
 * as many each year from 2001 as the Bass curve p = 0.02, q = 0.45, m = 120 gives
 * (rounded), until 2012; `tail` is appended as more rows. */
static void bass_file(char *path, size_t size, const ns_world_t *w, const char *tail)
{
    static char text[16384];
    size_t len = (size_t)snprintf(text, sizeof text, "date,iso3,source\n");
    size_t next = 0;
    double before = 0;
    for (int year = 2001; year <= 2012; year++) {
        double now = floor(bass_by_hand(0.02, 0.45, 120, year - 2000) + 0.5);
        for (; before < now; before++) {
            len += (size_t)snprintf(text + len, sizeof text - len, "%d-06-30,%s,synthetic\n", year,
                                    ns_world_state(w, next++)->iso3);
        }
    }
    snprintf(text + len, sizeof text - len, "%s", tail);
    write_temp(path, size, text);
}

/* Every cell of columns [c0, c1) of two tables, row by row. */
static void assert_same_columns(const ns_rows_t *a, const ns_rows_t *b, size_t c0, size_t c1)
{
    assert_int_equal(ns_rows_count(a), ns_rows_count(b));
    for (size_t r = 0; r < ns_rows_count(a); r++) {
        for (size_t c = c0; c < c1; c++) {
            assert_string_equal(ns_rows_cell(a, r, c), ns_rows_cell(b, r, c));
        }
    }
}

/* The held-out split never uses a held-out event: two files that agree before the
 * held-out year (2009) and differ after it (other states, other years, one more event;
 * the same last year, 2012) give the same fitted parameters, the same forecast and band
 * every year, the same per-state probabilities and the same baseline fits. Only the
 * observed columns differ. */
static void test_fit_file_holdout_blind(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = builtin_world(ctx);
    char a[64], b[64];
    bass_file(a, sizeof a, w, "");
    /* B: the rows before 2009 of A, then different held-out events. */
    {
        static char text[16384];
        FILE *in = fopen(a, "r");
        assert_non_null(in);
        size_t len = 0;
        char line[128];
        while (fgets(line, sizeof line, in) != NULL) {
            if (strncmp(line, "date", 4) == 0 || atoi(line) < 2009) {
                len += (size_t)snprintf(text + len, sizeof text - len, "%s", line);
            }
        }
        fclose(in);
        snprintf(text + len, sizeof text - len,
                 "2010,ZWE,x\n2012-01-01,ZMB,x\n2011,YEM,x\n2012,USA,x\n2009-03-03,VNM,x\n");
        write_temp(b, sizeof b, text);
    }
    ns_fit_file_options_t opt;
    ns_fit_file_options_default(&opt);
    opt.holdout_from = 2009;
    opt.runs = 200;
    ns_diffusion_params_t base;
    ns_diffusion_params_default(&base);
    ns_fit_t *fa = NULL, *fb = NULL;
    assert_int_equal(ns_fit_file(ctx, w, a, &opt, &base, &fa), NS_OK);
    assert_int_equal(ns_fit_file(ctx, w, b, &opt, &base, &fb), NS_OK);
    ns_fit_summary_t sa, sb;
    ns_fit_summary(fa, &sa);
    ns_fit_summary(fb, &sb);
    assert_int_equal(sa.cutoff_year, 2008);
    assert_int_equal(sa.last_year, 2012);
    assert_int_equal(sb.last_year, 2012);
    assert_true(sa.train.spont_rate == sb.train.spont_rate);
    assert_true(sa.train.spont_capacity == sb.train.spont_capacity);
    assert_true(sa.train.theta_median == sb.train.theta_median);
    assert_true(sa.loglik_train == sb.loglik_train);
    ns_rows_t *ya = NULL, *yb = NULL, *pa = NULL, *pb = NULL, *ca = NULL, *cb = NULL;
    assert_int_equal(ns_fit_file_rows(ctx, fa, &ya), NS_OK);
    assert_int_equal(ns_fit_file_rows(ctx, fb, &yb), NS_OK);
    assert_int_equal(ns_rows_count(ya), 12);
    assert_string_equal(ns_rows_column(ya, 2), "predicted");
    assert_same_columns(ya, yb, 2, 6); /* predicted, lo, hi, held_out */
    assert_false(strcmp(ns_rows_cell(ya, 11, 1), ns_rows_cell(yb, 11, 1)) == 0);
    assert_int_equal(ns_fit_state_rows(ctx, fa, &pa), NS_OK);
    assert_int_equal(ns_fit_state_rows(ctx, fb, &pb), NS_OK);
    assert_same_columns(pa, pb, 0, 1);
    assert_same_columns(pa, pb, 2, 3); /* p_by_end */
    assert_int_equal(ns_fit_compare_rows(ctx, fa, &ca), NS_OK);
    assert_int_equal(ns_fit_compare_rows(ctx, fb, &cb), NS_OK);
    assert_int_equal(ns_rows_count(ca), 3);
    assert_same_columns(ca, cb, 0, 4); /* model, parameters, fit_rmse, held_out_years */
    assert_string_equal(ns_rows_cell(ca, 1, 0), "bass");
    assert_string_equal(ns_rows_cell(ca, 0, 3), "4");
    ns_rows_free(ya);
    ns_rows_free(yb);
    ns_rows_free(pa);
    ns_rows_free(pb);
    ns_rows_free(ca);
    ns_rows_free(cb);
    ns_fit_free(fa);
    ns_fit_free(fb);
    remove(a);
    remove(b);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* With every year fitted, the Bass row of the comparison recovers the synthetic series'
 * parameters within the tolerance of whole-state counts (12 years: 10%, 15% for q); the
 * per-state rows give adopters their year, and a state that adopted before the last
 * year has p_by_end 1. */
static void test_fit_file_bass_recovered(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = builtin_world(ctx);
    char path[64];
    bass_file(path, sizeof path, w, "");
    ns_fit_file_options_t opt;
    ns_fit_file_options_default(&opt);
    opt.runs = 50;
    ns_diffusion_params_t base;
    ns_diffusion_params_default(&base);
    ns_fit_t *fit = NULL;
    assert_int_equal(ns_fit_file(ctx, w, path, &opt, &base, &fit), NS_OK);
    ns_rows_t *cmp = NULL, *per = NULL;
    assert_int_equal(ns_fit_compare_rows(ctx, fit, &cmp), NS_OK);
    double p = 0, q = 0, m = 0;
    assert_int_equal(sscanf(ns_rows_cell(cmp, 1, 1), "p=%lf q=%lf m=%lf", &p, &q, &m), 3);
    assert_float_equal(p, 0.02, 0.002);
    assert_float_equal(q, 0.45, 0.07);
    assert_float_equal(m, 120, 12);
    assert_string_equal(ns_rows_cell(cmp, 0, 3), "0"); /* no held-out years */
    assert_string_equal(ns_rows_cell(cmp, 0, 4), "");
    assert_int_equal(ns_fit_state_rows(ctx, fit, &per), NS_OK);
    assert_string_equal(ns_rows_column(per, 1), "adopted_year");
    assert_string_equal(ns_rows_cell(per, 0, 0), ns_world_state(w, 0)->iso3);
    assert_string_equal(ns_rows_cell(per, 0, 1), "2001");
    assert_float_equal(atof(ns_rows_cell(per, 0, 2)), 1.0, 1e-12);
    ns_rows_free(cmp);
    ns_rows_free(per);
    ns_fit_free(fit);
    remove(path);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* Bad files: every error names the file, line and field. */
static void test_fit_file_errors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = builtin_world(ctx);
    ns_fit_file_options_t opt;
    ns_fit_file_options_default(&opt);
    opt.runs = 10;
    ns_diffusion_params_t base;
    ns_diffusion_params_default(&base);
    static const struct {
        const char *text;
        ns_status st;
        const char *where; /* After the file name. */
        const char *what;
    } cases[] = {
        {"country,year\nFRA,2001\n", NS_EINVAL, ":1:", "header: needs the columns iso3 and date"},
        {"iso3,date\nFRA,2001\nXXX,2002\n", NS_EINVAL, ":3:1: iso3:", "unknown state 'XXX'"},
        {"iso3,date\nFRA,2001\nDEU,2002-13-01\n", NS_EINVAL, ":3:5: date:", "'2002-13-01'"},
        {"iso3,date\nFRA,2001\nDEU,soon\n", NS_EINVAL, ":3:5: date:", "not a year"},
        {"iso3,date,event\nFRA,2001,signed\nDEU,2002,ratified\n", NS_EINVAL,
         ":3:10: event:", "several events (signed, ratified)"},
        {"iso3,date\nSSD,2005\n", NS_EINVAL, ":2:1: iso3:", "not a UN member in 2005"},
        {"iso3,date\n", NS_EINVAL, "", "no adoption rows"},
        {"iso3,date\nFRA,2001\nDEU\n", NS_EINVAL, ":3:", "row:"},
        {"iso3,date\nFRA,\"2001\n", NS_EPARSE, ":2:", ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[64];
        write_temp(path, sizeof path, cases[k].text);
        ns_fit_t *fit = NULL;
        ns_status st = ns_fit_file(ctx, w, path, &opt, &base, &fit);
        if (st != cases[k].st) {
            print_error("case %zu: status %d, message %s\n", k, st, ns_ctx_errmsg(ctx));
        }
        assert_int_equal(st, cases[k].st);
        assert_null(fit);
        char where[128];
        snprintf(where, sizeof where, "%s%s", path, cases[k].where);
        if (strstr(ns_ctx_errmsg(ctx), where) == NULL ||
            strstr(ns_ctx_errmsg(ctx), cases[k].what) == NULL) {
            print_error("case %zu: message %s\n", k, ns_ctx_errmsg(ctx));
            fail();
        }
        remove(path);
    }
    /* What spreadsheets write: a byte-order mark, CRLF, header names in capitals,
     * names for codes, quoted cells. */
    {
        char path[64];
        write_temp(
            path, sizeof path,
            "\xEF\xBB\xBFISO3,Date,Source\r\n\"France\",2001,\"a, b\"\r\ndeu,2002-02-02,c\r\n");
        ns_fit_t *fit = NULL;
        assert_int_equal(ns_fit_file(ctx, w, path, &opt, &base, &fit), NS_OK);
        ns_fit_summary_t s;
        ns_fit_summary(fit, &s);
        assert_int_equal(s.n_exact, 2);
        assert_int_equal(s.first_year, 2001);
        assert_int_equal(s.last_year, 2002);
        ns_fit_free(fit);
        remove(path);
    }
    /* A held-out year that leaves nothing to fit or to forecast; a missing file. */
    char path[64];
    write_temp(path, sizeof path, "iso3,date\nFRA,2001\nDEU,2003\n");
    ns_fit_t *fit = NULL;
    opt.holdout_from = 2001;
    assert_int_equal(ns_fit_file(ctx, w, path, &opt, &base, &fit), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "--holdout-from 2001"));
    opt.holdout_from = 2004;
    assert_int_equal(ns_fit_file(ctx, w, path, &opt, &base, &fit), NS_EINVAL);
    opt.holdout_from = 0;
    opt.event = "signed"; /* No event column. */
    assert_int_equal(ns_fit_file(ctx, w, path, &opt, &base, &fit), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "no event column"));
    remove(path);
    opt.event = NULL;
    assert_int_equal(ns_fit_file(ctx, w, "/nonexistent/events.csv", &opt, &base, &fit),
                     NS_ENOTFOUND);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* Out of memory at each allocation of a file fit (a three-year file: few networks to
 * build) and of its tables: an error, no leak (the sanitizer build checks). */
static void test_fit_file_out_of_memory(void **state)
{
    (void)state;
    ns_ctx_t *build = NULL;
    assert_int_equal(ns_ctx_new(NULL, &build), NS_OK);
    ns_world_t *w = builtin_world(build);
    char path[64];
    write_temp(path, sizeof path, "iso3,date\nFRA,2001\nDEU,2002\nITA,2002\nESP,2003\n");
    ns_fit_file_options_t opt;
    ns_fit_file_options_default(&opt);
    opt.runs = 5;
    opt.holdout_from = 2003;
    ns_diffusion_params_t base;
    ns_diffusion_params_default(&base);
    bool done = false;
    for (long k = 1; !done && k < 100000; k++) {
        failing_alloc_t fa;
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_fit_t *fit = NULL;
        ns_rows_t *a = NULL, *b = NULL, *c = NULL;
        ns_status st = ns_fit_file(ctx, w, path, &opt, &base, &fit);
        if (st == NS_OK && (st = ns_fit_file_rows(ctx, fit, &a)) == NS_OK &&
            (st = ns_fit_state_rows(ctx, fit, &b)) == NS_OK) {
            st = ns_fit_compare_rows(ctx, fit, &c);
        }
        assert_true(st == NS_OK || st == NS_ENOMEM);
        done = st == NS_OK;
        ns_rows_free(a);
        ns_rows_free(b);
        ns_rows_free(c);
        ns_fit_free(fit);
        ns_ctx_free(ctx);
    }
    assert_true(done);
    remove(path);
    ns_world_free(w);
    ns_ctx_free(build);
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
        cmocka_unit_test(test_curves_recover_known_parameters),
        cmocka_unit_test(test_fit_file_holdout_blind),
        cmocka_unit_test(test_fit_file_bass_recovered),
        cmocka_unit_test(test_fit_file_errors),
        cmocka_unit_test(test_fit_file_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
