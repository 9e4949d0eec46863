/* Benchmark: win-sets and Nash bargaining in several dimensions, per call, at 25 and 193
 * members on 9 dimensions (issue: "Nash bargaining and win-sets: 25 and 193 members, 9
 * dimensions: figures per call"). Ideal points uniform on 0..100, saliences on
 * [0.05, 1], status quo drawn near the ideals' centre so that the win-set is usually
 * non-empty for 25 members and, like the UN bodies, often empty for 193.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench_common.h"

enum { DIMS = 9 };

static void bench_committee(ns_ctx_t *ctx, size_t n, ns_metric_t metric, int calls)
{
    double *ideal = malloc(n * DIMS * sizeof *ideal);
    double *sal = malloc(n * DIMS * sizeof *sal);
    double q[DIMS], out[DIMS], setter[DIMS];
    if (ideal == NULL || sal == NULL) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    double t_contains = 0, t_core = 0, t_setter = 0, t_nash = 0;
    int in_core = 0;
    for (int call = 0; call < calls; call++) {
        ns_rng_t rng;
        ns_rng_init(&rng, 2026, (uint32_t)n, (uint32_t)call, (uint32_t)metric);
        for (size_t i = 0; i < n * DIMS; i++) {
            ideal[i] = 100.0 * ns_rng_uniform(&rng);
            sal[i] = 0.05 + 0.95 * ns_rng_uniform(&rng);
        }
        for (size_t j = 0; j < DIMS; j++) {
            q[j] = 20.0 + 60.0 * ns_rng_uniform(&rng);
            setter[j] = ideal[j];
        }
        ns_committee_t c = {n, DIMS, ideal, sal, metric, 0};
        bool yes = false;
        double t0 = bench_now();
        if (ns_winset_contains(ctx, &c, q, setter, &yes) != NS_OK) {
            bench_die(ctx, "contains");
        }
        double t1 = bench_now();
        if (ns_winset_in_core(ctx, &c, q, &yes) != NS_OK) {
            bench_die(ctx, "in_core");
        }
        in_core += yes;
        double t2 = bench_now();
        if (ns_winset_setter(ctx, &c, q, setter, sal, out) != NS_OK) {
            bench_die(ctx, "setter");
        }
        double t3 = bench_now();
        if (ns_winset_nash(ctx, &c, q, NULL, out) != NS_OK) {
            bench_die(ctx, "nash");
        }
        double t4 = bench_now();
        t_contains += t1 - t0;
        t_core += t2 - t1;
        t_setter += t3 - t2;
        t_nash += t4 - t3;
    }
    printf("%-9s %4zu members  contains %9.4f ms  core test %8.3f ms  setter %8.3f ms  "
           "nash %8.3f ms  (%d of %d status quos in the core)\n",
           metric == NS_METRIC_EUCLIDEAN ? "euclidean" : "cityblock", n, 1e3 * t_contains / calls,
           1e3 * t_core / calls, 1e3 * t_setter / calls, 1e3 * t_nash / calls, in_core, calls);
    free(ideal);
    free(sal);
}

int main(void)
{
    ns_ctx_t *ctx = NULL;
    if (ns_ctx_new(NULL, &ctx) != NS_OK) {
        return 1;
    }
    printf("win-sets and Nash bargaining, 9 dimensions, unanimity: CPU time per call "
           "(mean of 20 random committees)\n");
    const size_t sizes[] = {25, 193};
    for (int m = 0; m < 2; m++) {
        for (size_t s = 0; s < 2; s++) {
            bench_committee(ctx, sizes[s], m == 0 ? NS_METRIC_EUCLIDEAN : NS_METRIC_CITYBLOCK, 20);
        }
    }
    ns_ctx_free(ctx);
    return 0;
}
