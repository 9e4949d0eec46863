/* Helpers of the model tests: build an actor table in memory and run a model on it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_TEST_MODEL_UTIL_H
#define NS_TEST_MODEL_UTIL_H

#include "normsim/normsim.h"

#include <math.h>
#include <stdlib.h>

/* |a - b| <= tol, with both values in the message (the installed cmocka has no
 * assert_double_equal). Include after <cmocka.h>. */
#define assert_near(a, b, tol)                                                                     \
    do {                                                                                           \
        double near_a_ = (a), near_b_ = (b);                                                       \
        if (!(fabs(near_a_ - near_b_) <= (tol))) {                                                 \
            fail_msg("%s = %.17g, expected %.17g (tolerance %g)", #a, near_a_, near_b_,            \
                     (double)(tol));                                                               \
        }                                                                                          \
    } while (0)

/* One issue of n actors (scale 0..100); q may be NAN. Aborts the test on failure. */
static inline ns_table_t *one_issue(ns_ctx_t *ctx, size_t n, const double *x, const double *s,
                                    const double *c, double q)
{
    ns_table_t *t = NULL;
    if (ns_table_new(ctx, 1, n, &t) != NS_OK) {
        abort();
    }
    for (size_t a = 0; a < n; a++) {
        t->position[a] = x[a];
        t->salience[a] = s[a];
        t->capability[a] = c[a];
    }
    t->status_quo[0] = q;
    return t;
}

/* Forecast of issue 0 (and its extra columns into extra, if not NULL) with the model
 * `name` and parameters "k=v" (NULL-terminated list, or NULL). Returns the status. */
static inline ns_status run_model(ns_ctx_t *ctx, const char *name, const ns_table_t *t,
                                  const char *const *kv, double *forecast, double *extra)
{
    const ns_model_type_t *m = NULL;
    ns_params_t *p = NULL;
    ns_forecast_t *f = NULL;
    ns_status st = ns_model_find(ctx, name, &m);
    if (st == NS_OK) {
        st = ns_params_new(ctx, &p);
    }
    for (size_t i = 0; st == NS_OK && kv != NULL && kv[i] != NULL; i++) {
        st = ns_params_parse(p, kv[i]);
    }
    if (st == NS_OK) {
        st = ns_forecast(ctx, m, t, p, NULL, &f);
    }
    if (st == NS_OK) {
        *forecast = f->forecast[0];
        for (size_t c = 0; extra != NULL && c < f->n_columns; c++) {
            extra[c] = f->extra[c];
        }
    }
    ns_forecast_free(ctx, f);
    ns_params_free(p);
    return st;
}

/* Uniform on [lo, hi) from a test stream. */
static inline double draw(ns_rng_t *rng, double lo, double hi)
{
    return lo + (hi - lo) * ns_rng_uniform(rng);
}

#endif
