/* The expected-utility model on the anchor's workload shape: 160 actors on one issue
 * (anchor: a public Python port of the Scholz specification, 1.18 s per round,
 * /work/shared/DESIGN.md section 8), and 193 actors (every UN member). Target: at most
 * 5 ms per round.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench_common.h"

int main(void)
{
    ns_ctx_t *ctx = NULL;
    const ns_model_type_t *eum = NULL;
    if (ns_ctx_new(NULL, &ctx) != NS_OK || ns_model_find(ctx, "eum", &eum) != NS_OK) {
        bench_die(ctx, "setup");
    }
    const size_t sizes[] = {160, 193};
    printf("%-28s %14s %14s %8s\n", "workload", "normsim", "anchor", "target");
    for (size_t k = 0; k < 2; k++) {
        ns_table_t *t = bench_table(ctx, 1, sizes[k], 2024);
        int rounds = 0;
        double s = bench_per_round(ctx, eum, t, 20, 5, &rounds);
        char name[64];
        snprintf(name, sizeof name, "eum %zu actors x 1 issue", sizes[k]);
        printf("%-28s %11.3f ms %14s %8s  (%d rounds per run)\n", name, 1e3 * s,
               k == 0 ? "1180 ms/round" : "-", "5 ms", rounds);
        ns_table_free(ctx, t);
    }
    ns_ctx_free(ctx);
    return 0;
}
