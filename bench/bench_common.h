/* Shared by the benchmarks: random actor tables from a fixed seed, a clock,
 * and timing (CPU time) of one model's rounds through the public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_BENCH_COMMON_H
#define NS_BENCH_COMMON_H

#include "normsim/normsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* CPU time of the process: the models are single-threaded, so on an idle machine this is
 * the wall time, and on a shared one it leaves out the time other processes took. */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline void bench_die(ns_ctx_t *ctx, const char *what)
{
    fprintf(stderr, "bench: %s: %s\n", what, ns_ctx_errmsg(ctx));
    exit(1);
}

/* n actors x m issues: positions uniform on 0..100, saliences on [0.05, 1], one
 * capability per actor on [1, 10], status quo 50 (for the models that need one). */
static inline ns_table_t *bench_table(ns_ctx_t *ctx, size_t m, size_t n, uint64_t seed)
{
    ns_table_t *t = NULL;
    if (ns_table_new(ctx, m, n, &t) != NS_OK) {
        bench_die(ctx, "table");
    }
    ns_rng_t rng;
    ns_rng_init(&rng, seed, (uint32_t)n, (uint32_t)m, 0);
    for (size_t a = 0; a < n; a++) {
        double cap = 1.0 + 9.0 * ns_rng_uniform(&rng);
        for (size_t d = 0; d < m; d++) {
            size_t at = ns_table_at(t, d, a);
            t->position[at] = 100.0 * ns_rng_uniform(&rng);
            t->salience[at] = 0.05 + 0.95 * ns_rng_uniform(&rng);
            t->capability[at] = cap;
        }
    }
    for (size_t d = 0; d < m; d++) {
        t->status_quo[d] = 50.0;
    }
    return t;
}

/* Seconds per round of `model` on t: the best of `reps` runs of at most max_rounds
 * rounds each (a static model counts its one step as its round). *rounds gets the
 * rounds of the last run. */
/* Seconds per round of a forecast (the best of `reps`), with the model's parameters
 * `params` (NULL: its defaults). */
static inline double bench_per_round_with(ns_ctx_t *ctx, const ns_model_type_t *model,
                                          const ns_table_t *t, const ns_params_t *params,
                                          int max_rounds, int reps, int *rounds)
{
    double best = 1e300;
    for (int r = 0; r < reps; r++) {
        ns_run_options_t opts = {42, max_rounds, NULL, NULL};
        ns_forecast_t *f = NULL;
        double t0 = bench_now();
        if (ns_forecast(ctx, model, t, params, &opts, &f) != NS_OK) {
            bench_die(ctx, model->name);
        }
        double dt = (bench_now() - t0) / (f->rounds > 0 ? f->rounds : 1);
        *rounds = f->rounds;
        ns_forecast_free(ctx, f);
        best = dt < best ? dt : best;
    }
    return best;
}

static inline double bench_per_round(ns_ctx_t *ctx, const ns_model_type_t *model,
                                     const ns_table_t *t, int max_rounds, int reps, int *rounds)
{
    return bench_per_round_with(ctx, model, t, NULL, max_rounds, reps, rounds);
}

#endif
