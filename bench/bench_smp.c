/* KTAB's spatial model of politics on KTAB's own benchmark scenarios: dummyData-a040,
 * -a080 and -a160 (examples/smp/doc/ of lsyaseen/KTAB, MIT licence; copies in
 * bench/data/), 1 dimension, KTAB's default options, read through the KTAB importer;
 * and 193 actors (every UN member; a random table, as KTAB ships none). Prints the CPU
 * time per turn, the turns to convergence and the total beside KTAB's figures from
 * issue 16 (measured -O2 on this machine), the peak memory, and the growth exponent of
 * the time per turn. Usage: bench_smp [DATA_DIR] (default: bench/data of the source).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench_common.h"

#include <math.h>
#include <sys/resource.h>

#ifndef NS_BENCH_DATA
#define NS_BENCH_DATA "bench/data"
#endif

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0; /* Linux: kilobytes. */
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : NS_BENCH_DATA;
    ns_ctx_t *ctx = NULL;
    const ns_model_type_t *smp = NULL;
    if (ns_ctx_new(NULL, &ctx) != NS_OK || ns_model_find(ctx, "smp", &smp) != NS_OK) {
        bench_die(ctx, "setup");
    }
    /* KTAB's figures (issue 16): seconds per turn and to convergence; "-" unknown. */
    static const struct {
        size_t n;
        const char *file;
        const char *ktab_turn;
        const char *ktab_total;
    } cases[] = {
        {40, "dummyData-a040.csv", "-", "4 s"},
        {80, "dummyData-a080.csv", "2.3 s", "40 s"},
        {160, "dummyData-a160.csv", "-", "586 s"},
        {193, NULL, "-", "20-30 min"},
    };
    double logn[4], logt[4];
    printf("%-22s %6s %12s %6s %10s %9s   %-10s %-10s\n", "scenario", "actors", "per turn", "turns",
           "total", "peak MB", "KTAB/turn", "KTAB total");
    for (size_t k = 0; k < 4; k++) {
        ns_table_t *t = NULL;
        char path[1024];
        if (cases[k].file != NULL) {
            snprintf(path, sizeof path, "%s/%s", dir, cases[k].file);
            if (ns_import_file(ctx, NS_IMPORT_KTAB, path, &t) != NS_OK) {
                bench_die(ctx, path);
            }
        } else {
            t = bench_table(ctx, 1, cases[k].n, 2024);
        }
        /* Best of 3 runs (1 at 193 actors) to convergence. */
        double best = 1e300;
        int turns = 0;
        for (int rep = 0; rep < (cases[k].n > 160 ? 1 : 3); rep++) {
            ns_run_options_t opts = {0, 1000, NULL, NULL};
            ns_forecast_t *f = NULL;
            double t0 = bench_now();
            if (ns_forecast(ctx, smp, t, NULL, &opts, &f) != NS_OK) {
                bench_die(ctx, "smp");
            }
            double dt = bench_now() - t0;
            turns = f->rounds;
            best = dt < best ? dt : best;
            ns_forecast_free(ctx, f);
        }
        double per_turn = best / (turns > 0 ? turns : 1);
        logn[k] = log((double)cases[k].n);
        logt[k] = log(per_turn);
        printf("%-22s %6zu %9.2f ms %6d %8.3f s %9.1f   %-10s %-10s\n",
               cases[k].file != NULL ? cases[k].file : "random (seed 2024)", cases[k].n,
               1e3 * per_turn, turns, best, peak_mb(), cases[k].ktab_turn, cases[k].ktab_total);
        ns_table_free(ctx, t);
    }
    /* Least-squares slope of log(time per turn) on log(actors). */
    double mx = 0, my = 0, sxy = 0, sxx = 0;
    for (size_t k = 0; k < 4; k++) {
        mx += logn[k] / 4;
        my += logt[k] / 4;
    }
    for (size_t k = 0; k < 4; k++) {
        sxy += (logn[k] - mx) * (logt[k] - my);
        sxx += (logn[k] - mx) * (logn[k] - mx);
    }
    printf("growth of the time per turn: n^%.2f (least squares, 40-193 actors); "
           "80 -> 160: n^%.2f\n",
           sxy / sxx, (logt[2] - logt[1]) / log(2.0));
    ns_ctx_free(ctx);
    return 0;
}
