/* Benchmark of the frontier study's replicate model (docs/FRONTIER.md): CPU time per
 * replicate at each body size and membership rule of examples/frontier.yaml, on the
 * built-in UN world with GGE6 (2019) as the base, and P(consensus) as a sanity check.
 * The whole study's budget (issue 6): 9 sizes x 2 rules x 1,000 replicates under 60 s
 * on 2 cores, i.e. 120 CPU seconds for 18,000 replicates, 6.7 ms on average.
 *
 * usage: bench_frontier [REPLICATES]   (per point; default 20)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench_common.h"

#include <math.h>
#include <string.h>

int main(int argc, char **argv)
{
    uint32_t runs = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 20;
    static const double sizes[] = {15, 20, 25, 35, 50, 75, 100, 150, 193};
    ns_ctx_t *ctx = NULL;
    ns_world_t *w = NULL;
    void *state = NULL;
    if (runs == 0 || ns_ctx_new(NULL, &ctx) != NS_OK) {
        fprintf(stderr, "usage: bench_frontier [REPLICATES > 0]\n");
        return 2;
    }
    const ns_study_model_t *model = ns_study_model_find("frontier");
    if (model == NULL || ns_data_load(ctx, NULL, &w) != NS_OK) {
        bench_die(ctx, "world");
    }
    double t0 = bench_now();
    if (model->setup(ctx, w, &state) != NS_OK) {
        bench_die(ctx, "setup");
    }
    printf("setup (status quo replay, tables of 9 bodies): %.2f s CPU\n", bench_now() - t0);
    printf("%9s %-9s %12s %9s %10s\n", "body_size", "rule", "ms/replicate", "P(adopt)",
           "E[subst.]");
    double total = 0;
    double metrics[64];
    size_t m_adopted = 0, m_substance = 0;
    for (size_t k = 0; k < model->n_metrics; k++) {
        m_adopted = strcmp(model->metrics[k], "adopted") == 0 ? k : m_adopted;
        m_substance = strcmp(model->metrics[k], "expected_substance") == 0 ? k : m_substance;
    }
    for (size_t r = 0; r < 2; r++) {
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
            double p[8];
            memcpy(p, model->defaults, model->n_params * sizeof *p);
            p[0] = sizes[i];
            p[1] = (double)r;
            double start = bench_now(), adopted = 0, substance = 0;
            for (uint32_t k = 0; k < runs; k++) {
                if (model->replicate(state, p, 2026, (uint32_t)(2 * i + r), k, metrics, ctx) !=
                    NS_OK) {
                    bench_die(ctx, "replicate");
                }
                adopted += metrics[m_adopted];
                substance += metrics[m_substance];
            }
            double per = (bench_now() - start) / runs;
            total += per;
            printf("%9g %-9s %12.2f %9.2f %10.2f\n", sizes[i], r ? "open" : "rotation", 1e3 * per,
                   adopted / runs, substance / runs);
            fflush(stdout);
        }
    }
    printf("the study at 1000 replicates per point: %.0f CPU s (%.0f s on 2 cores)\n", 1000 * total,
           500 * total);
    model->teardown(ctx, state);
    ns_world_free(w);
    ns_ctx_free(ctx);
    return 0;
}
