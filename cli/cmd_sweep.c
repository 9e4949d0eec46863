/* normsim sweep: Monte Carlo replicates over a grid of parameters, into a study file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SCENARIO_BYTES ((size_t)64 << 20)

static const char help[] =
    "usage: normsim sweep SCENARIO --vary PARAM=SPEC ... --runs N [options]\n"
    "       normsim sweep --resume STUDY.sqlite [--threads T] [--takeover]\n"
    "\n"
    "Run N Monte Carlo replicates at every point of a grid of parameters and store every\n"
    "replicate's metrics in one SQLite study file (long format), with the study's\n"
    "provenance: the scenario (as written and as canonical JSON), data and software\n"
    "versions, model, seed and grid. Replicate r of point p draws its random numbers from\n"
    "(seed, p, r) only, so results are identical with any number of threads, split into\n"
    "shards and merged, or killed and resumed.\n"
    "\n"
    "options:\n"
    "  --vary PARAM=SPEC   a dimension of the grid (repeatable); SPEC is a list a,b,c or a\n"
    "                      range from:to:step (both ends included). The grid is the\n"
    "                      Cartesian product, the last --vary varying fastest.\n"
    "  --runs N            replicates per point (required, >= 1)\n"
    "  --model NAME        the replicate model (default frontier); see the list below\n"
    "  --seed S            the study's seed (default: the scenario's seed)\n"
    "  --threads T         threads (default: all cores); results do not depend on it\n"
    "  --shard I/N         run only replicates g = point*runs + replicate with g mod N = I,\n"
    "                      for splitting a study across processes or machines; join the\n"
    "                      shard files with 'normsim merge'\n"
    "  -o, --output FILE   the study file (default: the scenario's name with .sqlite,\n"
    "                      or NAME-shardIofN.sqlite); refused if it exists\n"
    "  --resume FILE       finish a study that was interrupted (killed, disk full): only\n"
    "                      the missing replicates run; the result equals an uninterrupted\n"
    "                      run. Everything but --threads, --batch and --quiet comes from\n"
    "                      the file.\n"
    "  --takeover          with --resume: take over a study whose writer claim was left\n"
    "                      by a process on another host (a claim left on this host by a\n"
    "                      process that is gone is taken over without it)\n"
    "  --batch B           replicates per transaction (default 256): a killed run loses\n"
    "                      at most one batch\n"
    "  --stop-after K      stop cleanly after K batches (to test --resume)\n"
    "  --quiet             no progress\n"
    "\n"
    "Progress goes to standard error: a bar on a terminal, otherwise a line per 10 %.\n"
    "A study file is written by one process at a time: a second writer is refused (exit\n"
    "1) with a message naming the process that holds it.\n"
    "\n"
    "models and their parameters:\n"
    "  toy-unanimity       1-D unanimity vote, ideal points uniform on [0, 1]: members,\n"
    "                      status_quo, proposal; metrics adopted, support, moved\n"
    "  frontier            body size against adoption, substance and legitimacy (when\n"
    "                      built): body_size, membership; see examples/frontier.yaml\n"
    "\n"
    "examples:\n"
    "  normsim sweep examples/frontier.yaml --vary body_size=15:193:2 \\\n"
    "      --vary membership=rotation,open --runs 1000 -o frontier.sqlite\n"
    "  normsim sweep s.yaml --model toy-unanimity --vary members=1:10:1 --runs 500\n"
    "  normsim sweep s.yaml --model toy-unanimity --vary members=1,5 --runs 100 \\\n"
    "      --shard 0/2 -o a.sqlite   # and --shard 1/2 -o b.sqlite, then:\n"
    "  normsim merge all.sqlite a.sqlite b.sqlite\n"
    "  normsim sweep --resume frontier.sqlite\n"
    "\n"
    "exit codes: 0 done, 1 failure while running (disk full, study claimed by another\n"
    "writer, a replicate failed), 2 bad usage or bad input.\n";

typedef struct progress_view {
    bool tty;
    bool quiet;
    int last_decile;
    double last_draw;
    bool drawn;
} progress_view_t;

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void show_progress(const ns_progress_t *p, void *user)
{
    progress_view_t *v = user;
    char line[256];
    if (v->quiet) {
        return;
    }
    if (v->tty) {
        double now = monotonic();
        if (p->done < p->total && now - v->last_draw < 0.1) {
            return;
        }
        v->last_draw = now;
        fprintf(stderr, "\r%s\033[K", ns_progress_format(p, 30, line, sizeof line));
        v->drawn = true;
    } else {
        int decile = p->total > 0 ? (int)(10 * p->done / p->total) : 10;
        if (decile <= v->last_decile) {
            return;
        }
        v->last_decile = decile;
        fprintf(stderr, "%s\n", ns_progress_format(p, 0, line, sizeof line));
    }
    fflush(stderr);
}

static int read_text(cli_t *cli, const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t size = 0, cap = 0;
    *out = NULL;
    if (f == NULL) {
        fprintf(stderr, "%s: %s: cannot read the scenario (%s)\n", cli->prog, path,
                strerror(errno));
        return CLI_EXIT_USAGE;
    }
    int rc = CLI_EXIT_OK;
    for (;;) {
        if (size + 4096 + 1 > cap) {
            cap = cap == 0 ? 8192 : cap * 2;
            char *grown = realloc(text, cap);
            if (grown == NULL) {
                rc = CLI_EXIT_FAILURE;
                fprintf(stderr, "%s: out of memory\n", cli->prog);
                break;
            }
            text = grown;
        }
        size_t n = fread(text + size, 1, cap - size - 1, f);
        size += n;
        if (size > MAX_SCENARIO_BYTES) {
            fprintf(stderr, "%s: %s: larger than 64 MiB\n", cli->prog, path);
            rc = CLI_EXIT_USAGE;
            break;
        }
        if (n == 0) {
            if (ferror(f)) {
                fprintf(stderr, "%s: %s: cannot read the scenario (%s)\n", cli->prog, path,
                        strerror(errno));
                rc = CLI_EXIT_USAGE;
            }
            break;
        }
    }
    fclose(f);
    if (rc == CLI_EXIT_OK) {
        text[size] = '\0';
        if (strlen(text) != size) {
            fprintf(stderr, "%s: %s: binary data (a NUL byte) in the scenario\n", cli->prog, path);
            rc = CLI_EXIT_USAGE;
        }
    }
    if (rc != CLI_EXIT_OK) {
        free(text);
        return rc;
    }
    *out = text;
    return CLI_EXIT_OK;
}

static bool parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    char *end = NULL;
    if (s[0] < '0' || s[0] > '9') {
        return false;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno != 0 || v > max) {
        return false;
    }
    *out = v;
    return true;
}

/* "frontier.yaml" -> "frontier.sqlite" (in the current folder), with the shard. */
static void default_output(const char *scenario, uint32_t index, uint32_t count, char *buf,
                           size_t size)
{
    const char *base = strrchr(scenario, '/');
    base = base != NULL ? base + 1 : scenario;
    size_t len = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot != NULL && dot != base) {
        len = (size_t)(dot - base);
    }
    if (count > 1) {
        snprintf(buf, size, "%.*s-shard%" PRIu32 "of%" PRIu32 ".sqlite", (int)len, base, index,
                 count);
    } else {
        snprintf(buf, size, "%.*s.sqlite", (int)len, base);
    }
}

static int run_sweep(cli_t *cli, int argc, char **argv)
{
    const char *scenario = NULL, *output = NULL, *resume = NULL, *model = "frontier";
    const char **vary = NULL;
    size_t n_vary = 0;
    uint64_t runs = 0, seed = 0, threads = 0, batch = 0, stop_after = 0;
    bool have_seed = false, have_runs = false, takeover = false, quiet = false;
    uint32_t shard_index = 0, shard_count = 1;
    char *text = NULL;
    ns_study_t *study = NULL;
    ns_scenario_t *sc = NULL;
    int rc = CLI_EXIT_OK;
    vary = calloc((size_t)argc + 1, sizeof *vary);
    if (vary == NULL) {
        fprintf(stderr, "%s: out of memory\n", cli->prog);
        return CLI_EXIT_FAILURE;
    }
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            goto cleanup;
        }
        if (strcmp(argv[i], "--takeover") == 0) {
            takeover = true;
            continue;
        }
        if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = true;
            continue;
        }
        if ((r = cli_common_option(cli, "sweep", argc, argv, &i)) != 0) {
            if (r < 0) {
                rc = CLI_EXIT_USAGE;
                goto cleanup;
            }
            continue;
        }
        const char *name = argv[i];
        if ((r = cli_option_value(cli, "sweep", "--vary", argc, argv, &i, &v)) != 0) {
            if (r > 0) {
                vary[n_vary++] = v;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--runs", argc, argv, &i, &v)) != 0) {
            if (r > 0 && !(have_runs = parse_u64(v, NS_STUDY_MAX_RUNS, &runs) && runs > 0)) {
                rc = cli_usage(cli, "sweep", "--runs must be a whole number 1..%u, not '%s'",
                               NS_STUDY_MAX_RUNS, v);
                goto cleanup;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--seed", argc, argv, &i, &v)) != 0) {
            if (r > 0 && !(have_seed = parse_u64(v, UINT64_MAX, &seed))) {
                rc = cli_usage(cli, "sweep", "--seed must be a whole number >= 0, not '%s'", v);
                goto cleanup;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--threads", argc, argv, &i, &v)) != 0) {
            if (r > 0 && (!parse_u64(v, NS_STUDY_MAX_THREADS, &threads) || threads == 0)) {
                rc = cli_usage(cli, "sweep", "--threads must be 1..%d, not '%s'",
                               NS_STUDY_MAX_THREADS, v);
                goto cleanup;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--batch", argc, argv, &i, &v)) != 0) {
            if (r > 0 && (!parse_u64(v, 1000000, &batch) || batch == 0)) {
                rc = cli_usage(cli, "sweep", "--batch must be 1..1000000, not '%s'", v);
                goto cleanup;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--stop-after", argc, argv, &i, &v)) != 0) {
            if (r > 0 && (!parse_u64(v, UINT32_MAX, &stop_after) || stop_after == 0)) {
                rc = cli_usage(cli, "sweep", "--stop-after must be a whole number >= 1, not '%s'",
                               v);
                goto cleanup;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--shard", argc, argv, &i, &v)) != 0) {
            char tail;
            if (r > 0 &&
                (sscanf(v, "%" SCNu32 "/%" SCNu32 "%c", &shard_index, &shard_count, &tail) != 2 ||
                 shard_count == 0 || shard_index >= shard_count || v[0] == '-')) {
                rc = cli_usage(cli, "sweep", "--shard must be I/N with 0 <= I < N, not '%s'", v);
                goto cleanup;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--model", argc, argv, &i, &v)) != 0) {
            if (r > 0) {
                model = v;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--resume", argc, argv, &i, &v)) != 0) {
            if (r > 0) {
                resume = v;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--output", argc, argv, &i, &v)) != 0 ||
                   (r = cli_option_value(cli, "sweep", "-o", argc, argv, &i, &v)) != 0) {
            if (r > 0) {
                output = v;
            }
        } else if (name[0] == '-' && name[1] != '\0') {
            rc = cli_usage(cli, "sweep", "unknown option '%s'", name);
            goto cleanup;
        } else if (scenario == NULL) {
            scenario = name;
        } else {
            rc = cli_usage(cli, "sweep", "one scenario only ('%s' and '%s')", scenario, name);
            goto cleanup;
        }
        if (r < 0) {
            rc = CLI_EXIT_USAGE;
            goto cleanup;
        }
    }
    if (resume != NULL) {
        if (scenario != NULL || n_vary > 0 || have_runs || have_seed || output != NULL ||
            shard_count > 1) {
            rc = cli_usage(cli, "sweep",
                           "--resume takes the scenario, grid, runs, seed and shard from the "
                           "study file; give only --threads, --batch or --quiet with it");
            goto cleanup;
        }
        ns_status st = ns_study_resume(cli->ctx, resume, &cli->data, takeover, &study);
        if (st != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        output = resume;
    } else {
        if (scenario == NULL) {
            rc = cli_usage(cli, "sweep", "a scenario file is required");
            goto cleanup;
        }
        if (!have_runs) {
            rc = cli_usage(cli, "sweep", "--runs N is required");
            goto cleanup;
        }
        if (takeover) {
            rc = cli_usage(cli, "sweep", "--takeover goes with --resume");
            goto cleanup;
        }
        rc = read_text(cli, scenario, &text);
        if (rc != CLI_EXIT_OK) {
            goto cleanup;
        }
        ns_status st = ns_scenario_load_mem(cli->ctx, scenario, text, strlen(text), &sc);
        if (st != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        char name[4096];
        if (output == NULL) {
            default_output(scenario, shard_index, shard_count, name, sizeof name);
            output = name;
        }
        ns_study_spec_t spec;
        memset(&spec, 0, sizeof spec);
        spec.scenario_file = scenario;
        spec.scenario_text = text;
        spec.model = model;
        spec.seed = have_seed ? seed : ns_scenario_seed(sc);
        spec.runs = (uint32_t)runs;
        spec.vary = vary;
        spec.n_vary = n_vary;
        spec.shard_index = shard_index;
        spec.shard_count = shard_count;
        spec.data = &cli->data;
        st = ns_study_create(cli->ctx, output, &spec, &study);
        if (st != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        output = ns_store_path(ns_study_store(study));
    }
    progress_view_t view;
    memset(&view, 0, sizeof view);
    view.tty = isatty(STDERR_FILENO) == 1;
    view.quiet = quiet;
    view.last_decile = -1;
    ns_study_run_options_t opt;
    memset(&opt, 0, sizeof opt);
    opt.threads = (int)threads;
    opt.batch = (uint32_t)batch;
    opt.max_batches = stop_after;
    opt.progress = show_progress;
    opt.progress_user = &view;
    double start = monotonic();
    ns_status st = ns_study_run(study, &opt);
    if (view.drawn) {
        fputc('\n', stderr);
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    double seconds = monotonic() - start;
    uint64_t stored = 0, missing = 0;
    st = ns_store_count(cli->ctx, ns_study_store(study), NULL, &stored);
    if (st == NS_OK) {
        st = ns_study_missing(study, &missing);
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    printf("%s: %" PRIu32 " points x %" PRIu32 " runs; %" PRIu64 " replicates stored, %" PRIu64
           " missing in this shard; %.2f s\n",
           output, ns_grid_npoints(ns_study_grid(study)), ns_study_runs(study), stored, missing,
           seconds);
cleanup:
    ns_study_free(study);
    ns_scenario_free(sc);
    free(text);
    free(vary);
    return rc;
}

const cli_command_t cli_cmd_sweep = {
    "sweep", "Monte Carlo over a grid of parameters, into a study file", help, run_sweep};
