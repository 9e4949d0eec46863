/* The exchange model on the anchor's workload shape: 15 actors x 13 issues, the COP21
 * case (anchor: the Decide exchange model in Python, about 1.0 s per round,
 * /work/shared/DESIGN.md section 8). Target: at most 10 ms per round.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench_common.h"

int main(void)
{
    ns_ctx_t *ctx = NULL;
    const ns_model_type_t *ex = NULL;
    if (ns_ctx_new(NULL, &ctx) != NS_OK || ns_model_find(ctx, "exchange", &ex) != NS_OK) {
        bench_die(ctx, "setup");
    }
    printf("%-28s %14s %14s %8s\n", "workload", "normsim", "anchor", "target");
    ns_table_t *t = bench_table(ctx, 13, 15, 2024);
    int rounds = 0;
    double s = bench_per_round(ctx, ex, t, 1000, 20, &rounds);
    printf("%-28s %11.4f ms %14s %8s  (%d rounds to converge)\n", "exchange 15 x 13", 1e3 * s,
           "1000 ms/round", "10 ms", rounds);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
    return 0;
}
