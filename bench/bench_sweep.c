/* Benchmark of the study machinery: replicates per second into the SQLite store on 1
 * and 2 threads, and peak memory (ru_maxrss) for 10x more replicates, which must stay
 * flat because results stream to the store in batches.
 *
 * The toy-unanimity model is used, with `members` setting the work per replicate:
 * members=25 measures the machinery (store-bound), members=20000 a compute-bound study
 * where threads matter. Each measurement runs in its own child process, so its peak
 * memory is its own.
 *
 * usage: bench_sweep [DIR]   (DIR for the study files; default /tmp)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/normsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Run one study in a child; print replicates/s and peak RSS. */
static int measure(const char *dir, const char *members, uint32_t runs, int threads)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        return 1;
    }
    if (pid > 0) {
        int status = 0;
        waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    }
    ns_ctx_t *ctx = NULL;
    ns_study_t *study = NULL;
    char path[512], vary[64];
    snprintf(path, sizeof path, "%s/bench-sweep-%d.sqlite", dir, (int)getpid());
    snprintf(vary, sizeof vary, "members=%s", members);
    const char *specs[] = {vary, "proposal=0.3,0.5,0.7,0.9"};
    ns_study_spec_t spec;
    memset(&spec, 0, sizeof spec);
    spec.scenario_file = "bench.yaml";
    spec.scenario_text = "normsim: 1\nbase: none\n";
    spec.model = "toy-unanimity";
    spec.seed = 1;
    spec.runs = runs / 4;
    spec.vary = specs;
    spec.n_vary = 2;
    int rc = 1;
    if (ns_ctx_new(NULL, &ctx) != NS_OK || ns_study_create(ctx, path, &spec, &study) != NS_OK) {
        fprintf(stderr, "bench_sweep: %s\n", ctx != NULL ? ns_ctx_errmsg(ctx) : "no memory");
        goto done;
    }
    ns_study_run_options_t opt = {.threads = threads};
    double t0 = now();
    if (ns_study_run(study, &opt) != NS_OK) {
        fprintf(stderr, "bench_sweep: %s\n", ns_ctx_errmsg(ctx));
        goto done;
    }
    double dt = now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("| %-8s | %9u | %7d | %10.0f | %8.2f | %9ld |\n", members, (unsigned)runs, threads,
           runs / dt, dt, ru.ru_maxrss / 1024);
    rc = 0;
done:
    ns_study_free(study);
    ns_ctx_free(ctx);
    unlink(path);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    fflush(stdout);
    _exit(rc);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    printf("normsim %s: study runner and store (toy-unanimity model)\n\n", ns_version());
    printf("| members  | replicates| threads | replicates/s | seconds | peak MiB |\n");
    printf("|----------|----------:|--------:|-------------:|--------:|---------:|\n");
    int rc = 0;
    rc |= measure(dir, "25", 100000, 1);
    rc |= measure(dir, "25", 100000, 2);
    rc |= measure(dir, "25", 1000000, 2);
    rc |= measure(dir, "20000", 4000, 1);
    rc |= measure(dir, "20000", 4000, 2);
    return rc;
}
