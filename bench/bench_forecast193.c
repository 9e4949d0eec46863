/* A forecast of every UN member on nine issues (193 actors x 9 issues, a random table
 * from a fixed seed) with eum and with compromise, called from C: the baseline of
 * bench/bench_python.py, which times the same call through the Python package (issue 17:
 * within 2x). With a file argument, also writes the table there as long CSV.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench_common.h"

/* Seconds of one whole forecast (the best of reps): ns_forecast alone, the table in
 * memory. */
static double forecast_seconds(ns_ctx_t *ctx, const ns_model_type_t *model, const ns_table_t *t,
                               int max_rounds, int reps)
{
    double best = 1e300;
    for (int r = 0; r < reps; r++) {
        ns_run_options_t opts = {0, max_rounds, NULL, NULL};
        ns_forecast_t *f = NULL;
        double t0 = bench_now();
        if (ns_forecast(ctx, model, t, NULL, &opts, &f) != NS_OK) {
            bench_die(ctx, model->name);
        }
        double dt = bench_now() - t0;
        ns_forecast_free(ctx, f);
        best = dt < best ? dt : best;
    }
    return best;
}

int main(int argc, char **argv)
{
    ns_ctx_t *ctx = NULL;
    const ns_model_type_t *eum = NULL;
    const ns_model_type_t *compromise = NULL;
    if (ns_ctx_new(NULL, &ctx) != NS_OK || ns_model_find(ctx, "eum", &eum) != NS_OK ||
        ns_model_find(ctx, "compromise", &compromise) != NS_OK) {
        bench_die(ctx, "setup");
    }
    ns_table_t *t = bench_table(ctx, 9, 193, 2024);
    if (argc > 1) {
        FILE *out = NULL;
        if (ns_file_open_write(ctx, argv[1], &out) != NS_OK) {
            bench_die(ctx, argv[1]);
        }
        ns_status st = ns_table_write_csv(ctx, t, out);
        if (fclose(out) != 0 || st != NS_OK) {
            bench_die(ctx, argv[1]);
        }
    }
    /* Machine-readable lines: model, rounds, seconds per forecast. */
    printf("c eum 20 %.6f\n", forecast_seconds(ctx, eum, t, 20, 5));
    printf("c compromise 1 %.6f\n", forecast_seconds(ctx, compromise, t, 0, 20));
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
    return 0;
}
