/* The replay behind `normsim run` and its parts, on the built-in data: the whole timeline
 * (every body negotiated with its Monte Carlo, every resolution's vote forecast, the
 * record's effects), the vote backtest, one vote forecast, and the positions of every
 * state in one year. CPU seconds, the best of `reps` (default 3).
 * usage: bench_replay [reps]
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench_common.h"

#include <math.h>
#include <string.h>

typedef struct item {
    const char *name;
    double best;
} item_t;

static void timeline(ns_ctx_t *ctx, const ns_world_t *w)
{
    ns_process_params_t p;
    ns_process_params_default(&p);
    ns_timeline_t t;
    if (ns_timeline_run(ctx, w, &p, &t) != NS_OK) {
        bench_die(ctx, "timeline");
    }
    ns_timeline_free(&t);
}

static void backtest(ns_ctx_t *ctx, const ns_world_t *w)
{
    ns_vote_backtest_t b;
    if (ns_vote_backtest(ctx, w, &b) != NS_OK) {
        bench_die(ctx, "vote backtest");
    }
    ns_vote_backtest_free(&b);
}

static void one_vote(ns_ctx_t *ctx, const ns_world_t *w)
{
    ns_vote_request_t req;
    memset(&req, 0, sizeof req);
    req.resolution = "A/RES/73/27";
    ns_vote_forecast_t *f = NULL;
    if (ns_vote_forecast(ctx, w, &req, &f) != NS_OK) {
        bench_die(ctx, "vote forecast");
    }
    ns_vote_forecast_free(f);
}

static void positions(ns_ctx_t *ctx, const ns_world_t *w)
{
    ns_pos_anchors_t anchors;
    ns_pos_account_t acc;
    if (ns_positions_anchors(ctx, w, 2017, &anchors) != NS_OK) {
        bench_die(ctx, "anchors");
    }
    for (size_t s = 0; s < ns_world_state_count(w); s++) {
        if (ns_world_is_member(w, s, 2017) &&
            ns_positions_explain(ctx, w, &anchors, s, &acc) != NS_OK) {
            bench_die(ctx, "positions");
        }
    }
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 3;
    reps = reps > 0 ? reps : 3;
    ns_ctx_t *ctx = NULL;
    ns_world_t *w = NULL;
    if (ns_ctx_new(NULL, &ctx) != NS_OK || ns_data_load(ctx, NULL, &w) != NS_OK) {
        bench_die(ctx, "data");
    }
    void (*fn[])(ns_ctx_t *, const ns_world_t *) = {timeline, backtest, one_vote, positions};
    item_t items[] = {{"timeline (ns_timeline_run, default parameters)", INFINITY},
                      {"vote backtest (ns_vote_backtest)", INFINITY},
                      {"one vote forecast (A/RES/73/27)", INFINITY},
                      {"positions of every member in 2017", INFINITY}};
    for (size_t k = 0; k < sizeof items / sizeof items[0]; k++) {
        for (int r = 0; r < reps; r++) {
            double t0 = bench_now();
            fn[k](ctx, w);
            double dt = bench_now() - t0;
            items[k].best = dt < items[k].best ? dt : items[k].best;
        }
        printf("%-50s %8.3f s\n", items[k].name, items[k].best);
    }
    printf("data %s, best of %d, CPU seconds\n", ns_world_data_version(w), reps);
    ns_world_free(w);
    ns_ctx_free(ctx);
    return 0;
}
