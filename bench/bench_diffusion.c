/* Benchmark: a 193-state, 11-norm, 30-year diffusion with 1,000 replicates (issue 7's
 * target: under 5 s on 2 cores). Prints the wall time and a checksum of the curves so
 * that two builds can be compared.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/normsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t runs = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000;
    ns_ctx_t *ctx = NULL;
    ns_world_t *world = NULL;
    ns_diffuse_result_t *res = NULL;
    ns_rows_t *rows = NULL;
    int rc = 1;
    if (ns_ctx_new(NULL, &ctx) != NS_OK) {
        return 1;
    }
    if (ns_data_load(ctx, NULL, &world) != NS_OK) {
        fprintf(stderr, "bench_diffusion: %s\n", ns_ctx_errmsg(ctx));
        goto cleanup;
    }
    ns_diffuse_options_t opt;
    ns_diffuse_options_default(&opt);
    opt.first_year = 2015;
    opt.last_year = 2044; /* 30 years */
    opt.runs = runs;
    opt.seed = 1;
    double t0 = now();
    if (ns_diffuse(ctx, world, &opt, &res) != NS_OK ||
        ns_diffuse_result_rows(ctx, res, &rows) != NS_OK) {
        fprintf(stderr, "bench_diffusion: %s\n", ns_ctx_errmsg(ctx));
        goto cleanup;
    }
    double t1 = now();
    double checksum = 0;
    for (size_t r = 0; r < ns_rows_count(rows); r++) {
        checksum += atof(ns_rows_cell(rows, r, 4));
    }
    printf("bench_diffusion: %zu states, %zu norms, 30 years, %zu runs: %.3f s "
           "(target < 5 s on 2 cores); checksum %.6g\n",
           ns_world_state_count(world), ns_world_norm_count(world), runs, t1 - t0, checksum);
    rc = 0;
cleanup:
    ns_rows_free(rows);
    ns_diffuse_result_free(res);
    ns_world_free(world);
    ns_ctx_free(ctx);
    return rc;
}
