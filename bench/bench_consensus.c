/* Consensus drafting (model 7): negotiations per second on one core, for a GGE-sized
 * table (25 members) and a General Assembly-sized one (193), 9 paragraphs, positions
 * drawn around camp centres as in the UN scenario (issue 6 targets: 20,000 and 2,000 per
 * second). Each negotiation is one Monte Carlo replicate: a fresh draw of positions, the
 * greedy search, the final text. Then the full negotiation of the table itself
 * (ns_consensus_solve) and its outcome alone (ns_consensus_decide).
 * Usage: bench_consensus [replicates]
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/normsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* CPU time of this process: the figure "per second on one core" does not depend on what
 * else the machine runs (a shared machine's wall clock does). */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int run(ns_ctx_t *ctx, size_t m, size_t reps, double will, double b)
{
    enum { D = 9 };
    double *x = malloc(m * D * sizeof *x), *s = malloc(m * D * sizeof *s);
    double *sd = malloc(m * D * sizeof *sd), *c = malloc(m * sizeof *c), *w = malloc(m * sizeof *w);
    double q[D];
    ns_rng_t rng;
    ns_rng_init(&rng, 2017, 0, 0, 0);
    /* Two camps (a third of the members in one), positions spread within camps. */
    for (size_t i = 0; i < m; i++) {
        double centre = i % 3 == 0 ? 25.0 : 70.0;
        c[i] = i < 5 ? 1.0 : 0.05 + 0.4 * ns_rng_uniform(&rng);
        w[i] = will;
        for (size_t k = 0; k < D; k++) {
            x[i * D + k] = centre + 10.0 * ns_rng_normal(&rng);
            s[i * D + k] = 0.2 + 0.8 * ns_rng_uniform(&rng);
            sd[i * D + k] = 8.0;
        }
    }
    for (size_t k = 0; k < D; k++) {
        q[k] = 50.0;
    }
    ns_consensus_table_t t = {0};
    t.m = m;
    t.d = D;
    t.ideal = x;
    t.salience = s;
    t.capability = c;
    t.will = w;
    t.status_quo = q;
    t.chair = -1;
    ns_consensus_params_t p;
    ns_consensus_params_default(&p);
    p.forum_shopping = b;
    ns_consensus_ws_t *ws = NULL;
    ns_consensus_result_t res;
    ns_consensus_mc_t mc;
    int rc = 1;
    if (ns_consensus_ws_new(ctx, m, D, &ws) != NS_OK ||
        ns_consensus_result_init(ctx, &res, m, 0) != NS_OK) {
        goto cleanup;
    }
    double t0 = now();
    if (ns_consensus_mc(ctx, ws, &t, sd, 0, 100, &p, 1, reps, &res, &mc) != NS_OK) {
        fprintf(stderr, "bench_consensus: %s\n", ns_ctx_errmsg(ctx));
        goto cleanup;
    }
    double dt = now() - t0;
    printf("consensus m=%zu D=%d b=%.2f will=%g: %zu negotiations in %.3f s = %.0f per second "
           "(P(consensus) %.3f [%.3f, %.3f], %.1f sweeps each)\n",
           m, D, b, will, reps, dt, (double)reps / dt, mc.p, mc.lo, mc.hi,
           (double)mc.sweeps / (double)reps);
    /* The full outcome of single negotiations (text, margins, blockers, the greedy's
     * record): ns_consensus_solve on the table, which Monte Carlo runs only for its last
     * replicate. */
    size_t full = reps / 100 > 0 ? reps / 100 : 1;
    t0 = now();
    for (size_t r = 0; r < full; r++) {
        if (ns_consensus_solve(ctx, ws, &t, &p, &res) != NS_OK) {
            fprintf(stderr, "bench_consensus: %s\n", ns_ctx_errmsg(ctx));
            goto cleanup;
        }
    }
    dt = now() - t0;
    printf("  full solve (text and record): %zu in %.3f s = %.1f per second (adopted %d, "
           "%ld sweeps, %ld choices)\n",
           full, dt, (double)full / dt, (int)res.adopted, res.sweeps, res.choices);
    /* The outcome without a failure's diagnostics (ns_consensus_decide): the same text
     * when adopted, the verdict alone (from a certificate) when not. */
    size_t dec = reps / 10 > 0 ? reps / 10 : 1;
    t0 = now();
    for (size_t r = 0; r < dec; r++) {
        if (ns_consensus_decide(ctx, ws, &t, &p, &res) != NS_OK) {
            fprintf(stderr, "bench_consensus: %s\n", ns_ctx_errmsg(ctx));
            goto cleanup;
        }
    }
    dt = now() - t0;
    printf("  decide (the outcome, no diagnostics): %zu in %.3f s = %.1f per second (adopted "
           "%d, %ld sweeps, %ld choices)\n",
           dec, dt, (double)dec / dt, (int)res.adopted, res.sweeps, res.choices);
    rc = 0;
    ns_consensus_result_free(&res);
cleanup:
    ns_consensus_ws_free(ws);
    free(x);
    free(s);
    free(sd);
    free(c);
    free(w);
    return rc;
}

int main(int argc, char **argv)
{
    size_t reps = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000;
    ns_ctx_t *ctx = NULL;
    if (ns_ctx_new(NULL, &ctx) != NS_OK) {
        return 1;
    }
    int rc = 0;
    rc |= run(ctx, 25, reps, 40.0, 0.3);
    rc |= run(ctx, 25, reps, 5.0, 0.5);
    rc |= run(ctx, 193, reps / 4, 40.0, 0.3);
    rc |= run(ctx, 193, reps / 4, 5.0, 0.5);
    ns_ctx_free(ctx);
    return rc;
}
