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

#ifdef NS_WITH_MPI
#include "mpi.h"

#include <fcntl.h>
#include <sys/stat.h>
#endif

#define MAX_SCENARIO_BYTES ((size_t)64 << 20)

/* The scenario of a sweep that names none: the built-in UN world, seed 1 (the seed
 * `normsim negotiate` and `normsim diffuse` take without one). */
static const char builtin_scenario[] = "normsim: 1\nname: built-in\nbase: un\nseed: 1\n";
#define BUILTIN_NAME "built-in"

#ifdef NS_WITH_MPI
#define MPI_HELP                                                                                   \
    "normsim-mpi (docs/MPI.md): 'mpirun -np N normsim-mpi sweep ... -o STUDY.sqlite' runs\n"       \
    "shard r/N on rank r into STUDY-shardrofN.sqlite beside STUDY.sqlite (a folder every\n"        \
    "rank shares), then rank 0 merges them into STUDY.sqlite, the same results as one\n"           \
    "process. --resume STUDY.sqlite with as many ranks finishes an interrupted run;\n"             \
    "--shard is refused; --threads is per rank. An error on any rank stops them all.\n"            \
    "\n"
#else
#define MPI_HELP ""
#endif

/* The help is longer than the 4095 characters a C compiler must accept in one string
 * literal, so it is three literals laid end to end in one object (as cmd_diffuse.c). */
#define HELP_START                                                                                 \
    "usage: normsim sweep [SCENARIO] [--model NAME] --vary PARAM=SPEC ... --runs N\n"              \
    "                     [--table FILE] [options]\n"                                              \
    "       normsim sweep --resume STUDY.sqlite [--threads T] [--takeover]\n"                      \
    "\n"                                                                                           \
    "Run N Monte Carlo replicates at every point of a grid of parameters and store every\n"        \
    "replicate's metrics in one SQLite study file (long format), with the study's\n"               \
    "provenance: the scenario (as written and as canonical JSON), data and software\n"             \
    "versions, model, seed and grid. Replicate r of point p draws its random numbers from\n"       \
    "(seed, p, r) only, so results are identical with any number of threads, split into\n"         \
    "shards and merged, or killed and resumed. Without a SCENARIO the built-in UN world\n"         \
    "(seed 1) is used.\n"                                                                          \
    "\n"                                                                                           \
    "options:\n"                                                                                   \
    "  --vary PARAM=SPEC   a dimension of the grid (repeatable); SPEC is a list a,b,c or a\n"      \
    "                      range from:to:step (both ends included). The grid is the\n"             \
    "                      Cartesian product, the last --vary varying fastest.\n"                  \
    "  --runs N            replicates per point (required, >= 1)\n"                                \
    "  --model NAME        the replicate model (default frontier); see the list below\n"           \
    "  --table FILE        the actor table of a table model (eum ... smp below); it is\n"          \
    "                      recorded in the study, so --resume needs no file\n"                     \
    "  --seed S            the study's seed (default: the scenario's seed)\n"                      \
    "  --threads T         threads (default: all cores); results do not depend on it\n"            \
    "  --shard I/N         run only replicates g = point*runs + replicate with g mod N = I,\n"     \
    "                      for splitting a study across processes or machines; join the\n"         \
    "                      shard files with 'normsim merge'\n"                                     \
    "  -o, --output FILE   the study file (default: the scenario's name with .sqlite,\n"           \
    "                      or NAME-shardIofN.sqlite); refused if it exists or is a link\n"         \
    "  --resume FILE       finish a study that was interrupted (killed, disk full): only\n"        \
    "                      the missing replicates run; the result equals an uninterrupted\n"       \
    "                      run. Everything but --threads, --batch and --quiet comes from\n"        \
    "                      the file.\n"                                                            \
    "  --takeover          with --resume: take over a study whose writer claim was left\n"         \
    "                      by a process on another host (a claim left on this host by a\n"         \
    "                      process that is gone is taken over without it)\n"                       \
    "  --batch B           replicates per transaction (default 256): a killed run loses\n"         \
    "                      at most one batch\n"                                                    \
    "  --stop-after K      stop cleanly after K batches (to test --resume)\n"                      \
    "  --quiet             no progress\n"                                                          \
    "\n"                                                                                           \
    "Progress goes to standard error: a bar on a terminal, otherwise a line per 10 %.\n"           \
    "What was done goes to standard output: a line, or with --format csv or json one row\n"        \
    "with study, model, points, runs, replicates (points x runs), stored, missing (in\n"           \
    "this shard), seed, shard (I/N; merged) and seconds.\n"                                        \
    "A study file is written by one process at a time: a second writer is refused (exit\n"         \
    "1) with a message naming the process that holds it.\n"                                        \
    "\n"
#define HELP_MODELS                                                                                \
    "models and their parameters:\n"                                                               \
    "  toy-unanimity       1-D unanimity vote, ideal points uniform on [0, 1]: members,\n"         \
    "                      status_quo, proposal; metrics adopted, support, moved\n"                \
    "  frontier            a consensus body's size and membership against adoption,\n"             \
    "                      substance and legitimacy (docs/FRONTIER.md): body_size,\n"              \
    "                      membership (rotation, open), body (GGE1..GGE6, OEWG1, OEWG2,\n"         \
    "                      GM; default GGE6); see examples/frontier.yaml\n"                        \
    "  negotiate           normsim negotiate over a grid: body (GGE1..GM, default GGE5),\n"        \
    "                      year, body_size (rotating seats), membership (historical,\n"            \
    "                      rotation, open), mc_runs (draws per replicate, default 1),\n"           \
    "                      will.CAMP (NATO, EU, FiveEyes, SCO, CSTO, BRICS, NAM) and the\n"        \
    "                      process parameters (normsim params negotiate); metrics\n"               \
    "                      adopted, p, worst_margin, kept, summary, dropped, blockers,\n"          \
    "                      members, rounds\n"                                                      \
    "  eum, exchange, compromise, median, nash, winset, smp\n"                                     \
    "                      normsim forecast on --table FILE: the model's parameters\n"             \
    "                      (normsim params MODEL) and noise (sd of a perturbation of\n"            \
    "                      every position, a share of the issue's scale; default 0);\n"            \
    "                      metrics outcome.ISSUE per issue, mean_shift (mean |outcome -\n"         \
    "                      status quo|), rounds, converged\n"                                      \
    "  diffuse             normsim diffuse for one norm: norm (2015a..2015k), last_year\n"         \
    "                      and the diffusion.* parameters (normsim params diffuse);\n"             \
    "                      metrics endorsed, implemented, internalised (by the last\n"             \
    "                      year), year_half (first year half the states endorse),\n"               \
    "                      tipped, tipping_year\n"                                                 \
    "\n"                                                                                           \
    "Replicate r of negotiate, diffuse and the table models is the model's own command\n"          \
    "with --seed S+r (S the study's seed) at every point, so its numbers can be checked\n"         \
    "one by one (docs/SWEEP.md). What differs between replicates is only what the model\n"         \
    "draws: negotiate the positions within their uncertainty (p; the point estimates'\n"           \
    "adopted, worst_margin, kept ... are the same in each), diffuse the thresholds and\n"          \
    "hazards, a table model the noise (and exchange rate=random, smp Stochastic): with\n"          \
    "noise 0 a deterministic model gives every replicate the same numbers; use --runs 1.\n"        \
    "Parameters left out of the grid keep the scenario's values.\n"                                \
    "\n"
#define HELP_END                                                                                   \
    "examples:\n"                                                                                  \
    "  normsim sweep examples/frontier.yaml --vary body_size=15,25,50,100,193 \\\n"                \
    "      --vary membership=rotation,open --runs 200 -o frontier.sqlite\n"                        \
    "  normsim sweep --resume frontier.sqlite\n"                                                   \
    "  normsim sweep examples/frontier.yaml --model toy-unanimity --vary members=1:10:1 \\\n"      \
    "      --runs 100 --shard 0/2 -o a.sqlite\n"                                                   \
    "  normsim sweep examples/frontier.yaml --model toy-unanimity --vary members=1:10:1 \\\n"      \
    "      --runs 100 --shard 1/2 -o b.sqlite\n"                                                   \
    "  normsim merge all.sqlite a.sqlite b.sqlite\n"                                               \
    "  normsim sweep --model negotiate --vary body_size=15,25 --runs 20 -o s.sqlite\n"             \
    "  normsim sweep --model negotiate --vary will_scale=2,6 --vary will.NATO=0,1 \\\n"            \
    "      --vary mc_runs=10 --runs 5 -o will.sqlite\n"                                            \
    "  normsim sweep --model eum --table examples/tables/gge15.csv --vary Q=0.5,0.9 \\\n"          \
    "      --vary noise=0,0.05 --runs 50 -o eum.sqlite\n"                                          \
    "  normsim sweep --model diffuse --vary diffusion.theta_median=0.4:0.8:0.2 \\\n"               \
    "      --runs 20 -o diffuse.sqlite\n"                                                          \
    "\n" MPI_HELP                                                                                  \
    "exit codes: 0 done, 1 failure while running (disk full, study claimed by another\n"           \
    "writer, a replicate failed), 2 bad usage or bad input.\n"

static const struct {
    char start[sizeof HELP_START - 1];
    char models[sizeof HELP_MODELS - 1];
    char end[sizeof HELP_END];
} help_text = {HELP_START, HELP_MODELS, HELP_END};
_Static_assert(sizeof help_text == sizeof HELP_START - 1 + sizeof HELP_MODELS - 1 + sizeof HELP_END,
               "the help's parts are contiguous");
#define SWEEP_HELP ((const char *)&help_text)

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
    FILE *f = NULL;
    char *text = NULL;
    size_t size = 0, cap = 0;
    *out = NULL;
    /* A regular file only: a FIFO is refused without blocking, a device or folder too. */
    ns_status st = ns_file_open_read(cli->ctx, path, &f);
    if (st != NS_OK) {
        return cli_fail(cli, st) == CLI_EXIT_FAILURE ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
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

/* The command line of one sweep, as parsed. */
typedef struct sweep_args {
    const char *scenario, *output, *resume, *model, *table;
    const char **vary; /* argc + 1 slots, from the caller */
    size_t n_vary;
    uint64_t runs, seed, threads, batch, stop_after;
    bool have_seed, have_runs, takeover, quiet, help;
    uint32_t shard_index, shard_count;
} sweep_args_t;

/* Parse argv into *a. Returns 0, or the exit code after printing a usage error; sets
 * a->help when the help was printed. Reads nothing but argv, so every MPI rank comes to
 * the same answer. */
static int parse_args(cli_t *cli, int argc, char **argv, sweep_args_t *a)
{
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(SWEEP_HELP, stdout);
            a->help = true;
            return CLI_EXIT_OK;
        }
        if (strcmp(argv[i], "--takeover") == 0) {
            a->takeover = true;
            continue;
        }
        if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            a->quiet = true;
            continue;
        }
        if ((r = cli_common_option(cli, "sweep", argc, argv, &i)) != 0) {
            if (r < 0) {
                return CLI_EXIT_USAGE;
            }
            continue;
        }
        const char *name = argv[i];
        if ((r = cli_option_value(cli, "sweep", "--vary", argc, argv, &i, &v)) != 0) {
            if (r > 0) {
                a->vary[a->n_vary++] = v;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--runs", argc, argv, &i, &v)) != 0) {
            if (r > 0 &&
                !(a->have_runs = parse_u64(v, NS_STUDY_MAX_RUNS, &a->runs) && a->runs > 0)) {
                return cli_usage(cli, "sweep", "--runs must be a whole number 1..%u, not '%s'",
                                 NS_STUDY_MAX_RUNS, v);
            }
        } else if ((r = cli_option_value(cli, "sweep", "--seed", argc, argv, &i, &v)) != 0) {
            if (r > 0 && !(a->have_seed = parse_u64(v, UINT64_MAX, &a->seed))) {
                return cli_usage(cli, "sweep", "--seed must be a whole number >= 0, not '%s'", v);
            }
        } else if ((r = cli_option_value(cli, "sweep", "--threads", argc, argv, &i, &v)) != 0) {
            if (r > 0 && (!parse_u64(v, NS_STUDY_MAX_THREADS, &a->threads) || a->threads == 0)) {
                return cli_usage(cli, "sweep", "--threads must be 1..%d, not '%s'",
                                 NS_STUDY_MAX_THREADS, v);
            }
        } else if ((r = cli_option_value(cli, "sweep", "--batch", argc, argv, &i, &v)) != 0) {
            if (r > 0 && (!parse_u64(v, 1000000, &a->batch) || a->batch == 0)) {
                return cli_usage(cli, "sweep", "--batch must be 1..1000000, not '%s'", v);
            }
        } else if ((r = cli_option_value(cli, "sweep", "--stop-after", argc, argv, &i, &v)) != 0) {
            if (r > 0 && (!parse_u64(v, UINT32_MAX, &a->stop_after) || a->stop_after == 0)) {
                return cli_usage(cli, "sweep", "--stop-after must be a whole number >= 1, not '%s'",
                                 v);
            }
        } else if ((r = cli_option_value(cli, "sweep", "--shard", argc, argv, &i, &v)) != 0) {
            char tail;
            if (r > 0 && (sscanf(v, "%" SCNu32 "/%" SCNu32 "%c", &a->shard_index, &a->shard_count,
                                 &tail) != 2 ||
                          a->shard_count == 0 || a->shard_index >= a->shard_count || v[0] == '-')) {
                return cli_usage(cli, "sweep", "--shard must be I/N with 0 <= I < N, not '%s'", v);
            }
        } else if ((r = cli_option_value(cli, "sweep", "--model", argc, argv, &i, &v)) != 0) {
            if (r > 0) {
                a->model = v;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--table", argc, argv, &i, &v)) != 0) {
            if (r > 0) {
                a->table = v;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--resume", argc, argv, &i, &v)) != 0) {
            if (r > 0) {
                a->resume = v;
            }
        } else if ((r = cli_option_value(cli, "sweep", "--output", argc, argv, &i, &v)) != 0 ||
                   (r = cli_option_value(cli, "sweep", "-o", argc, argv, &i, &v)) != 0) {
            if (r > 0) {
                a->output = v;
            }
        } else if (name[0] == '-' && name[1] != '\0') {
            return cli_usage(cli, "sweep", "unknown option '%s'", name);
        } else if (a->scenario == NULL) {
            a->scenario = name;
        } else {
            return cli_usage(cli, "sweep", "one scenario only ('%s' and '%s')", a->scenario, name);
        }
        if (r < 0) {
            return CLI_EXIT_USAGE;
        }
    }
    return CLI_EXIT_OK;
}

/* What the options say together, before any file is touched. */
static int check_args(cli_t *cli, const sweep_args_t *a)
{
    if (a->resume != NULL) {
        if (a->scenario != NULL || a->n_vary > 0 || a->have_runs || a->have_seed ||
            a->output != NULL || a->shard_count > 1 || a->table != NULL) {
            return cli_usage(cli, "sweep",
                             "--resume takes the scenario, grid, runs, seed and shard from the "
                             "study file; give only --threads, --batch or --quiet with it");
        }
        return CLI_EXIT_OK;
    }
    if (!a->have_runs) {
        return cli_usage(cli, "sweep", "--runs N is required");
    }
    if (a->takeover) {
        return cli_usage(cli, "sweep", "--takeover goes with --resume");
    }
    return CLI_EXIT_OK;
}

/* The scenario's text: the file's, or the built-in world's when none is named. */
static int scenario_text(cli_t *cli, const sweep_args_t *a, char **text)
{
    if (a->scenario != NULL) {
        return read_text(cli, a->scenario, text);
    }
    *text = strdup(builtin_scenario);
    if (*text == NULL) {
        fprintf(stderr, "%s: out of memory\n", cli->prog);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* The study's seed: --seed, or the scenario's. Loading the scenario also checks it. */
static int study_seed(cli_t *cli, const sweep_args_t *a, const char *text, uint64_t *seed)
{
    ns_scenario_t *sc = NULL;
    const char *name = a->scenario != NULL ? a->scenario : BUILTIN_NAME;
    ns_status st = ns_scenario_load_mem(cli->ctx, name, text, strlen(text), &sc);
    if (st == NS_OK) {
        *seed = a->have_seed ? a->seed : ns_scenario_seed(sc);
    }
    ns_scenario_free(sc);
    return st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
}

/* Create the study file `path`, holding shard index/count of the study. */
static int create_study(cli_t *cli, const sweep_args_t *a, const char *text, uint64_t seed,
                        const char *path, uint32_t index, uint32_t count, ns_study_t **study)
{
    ns_study_spec_t spec;
    char *table = NULL;
    memset(&spec, 0, sizeof spec);
    if (a->table != NULL) {
        int rc = read_text(cli, a->table, &table);
        if (rc != CLI_EXIT_OK) {
            return rc;
        }
    }
    spec.table_file = a->table;
    spec.table_text = table;
    spec.scenario_file = a->scenario != NULL ? a->scenario : BUILTIN_NAME;
    spec.scenario_text = text;
    spec.model = a->model;
    spec.seed = seed;
    spec.runs = (uint32_t)a->runs;
    spec.vary = a->vary;
    spec.n_vary = a->n_vary;
    spec.shard_index = index;
    spec.shard_count = count;
    spec.data = &cli->data;
    ns_status st = ns_study_create(cli->ctx, path, &spec, study);
    free(table);
    return st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
}

/* What a sweep did. The table format prints `line` (the sentence people read); csv and
 * json one row: study, model, points, runs, replicates (points x runs), stored, missing,
 * seed, shard, seconds. model and seed are read from `store` when the caller passes none. */
typedef struct sweep_done {
    const char *line;
    const char *study, *model, *seed, *shard;
    uint32_t points, runs;
    uint64_t stored, missing;
    double seconds;
} sweep_done_t;

static int print_done(cli_t *cli, const ns_store_t *store, const sweep_done_t *d)
{
    static const char *const cols[] = {"study",  "model",   "points", "runs",  "replicates",
                                       "stored", "missing", "seed",   "shard", "seconds"};
    if (cli->format == NS_FORMAT_TABLE && cli->columns == NULL) {
        fputs(d->line, stdout);
        return CLI_EXIT_OK;
    }
    char *model = NULL, *seed = NULL, *shard = NULL;
    ns_rows_t *rows = NULL;
    ns_status st = NS_OK;
    if (store != NULL && d->model == NULL) {
        st = ns_store_get_meta(cli->ctx, store, "model", &model);
    }
    if (st == NS_OK && store != NULL && d->seed == NULL) {
        st = ns_store_get_meta(cli->ctx, store, "seed", &seed);
    }
    if (st == NS_OK && store != NULL && d->shard == NULL) {
        st = ns_store_get_meta(cli->ctx, store, "shard", &shard);
    }
    if (st == NS_OK) {
        st = ns_rows_new(cli->ctx, cols, sizeof cols / sizeof cols[0], &rows);
    }
    if (st == NS_OK && (st = ns_rows_add(rows)) == NS_OK) {
        ns_rows_set(rows, 0, d->study);
        ns_rows_set(rows, 1, d->model != NULL ? d->model : model != NULL ? model : "");
        ns_rows_setf(rows, 2, "%" PRIu32, d->points);
        ns_rows_setf(rows, 3, "%" PRIu32, d->runs);
        ns_rows_setf(rows, 4, "%" PRIu64, (uint64_t)d->points * d->runs);
        ns_rows_setf(rows, 5, "%" PRIu64, d->stored);
        ns_rows_setf(rows, 6, "%" PRIu64, d->missing);
        ns_rows_set(rows, 7, d->seed != NULL ? d->seed : seed != NULL ? seed : "");
        ns_rows_set(rows, 8, d->shard != NULL ? d->shard : shard != NULL ? shard : "");
        st = ns_rows_setf(rows, 9, "%.2f", d->seconds);
    }
    int rc = st == NS_OK ? cli_write_rows(cli, rows, NULL) : cli_fail(cli, st);
    ns_rows_free(rows);
    ns_free(cli->ctx, model);
    ns_free(cli->ctx, seed);
    ns_free(cli->ctx, shard);
    return rc;
}

/* Run the study's missing replicates, with progress on standard error unless quiet. */
static int run_study(cli_t *cli, ns_study_t *study, const sweep_args_t *a, bool quiet)
{
    progress_view_t view;
    memset(&view, 0, sizeof view);
    view.tty = isatty(STDERR_FILENO) == 1;
    view.quiet = quiet;
    view.last_decile = -1;
    ns_study_run_options_t opt;
    memset(&opt, 0, sizeof opt);
    opt.threads = (int)a->threads;
    opt.batch = (uint32_t)a->batch;
    opt.max_batches = a->stop_after;
    opt.progress = show_progress;
    opt.progress_user = &view;
    ns_status st = ns_study_run(study, &opt);
    if (view.drawn) {
        fputc('\n', stderr);
    }
    return st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
}

/* The sweep in one process (the plain normsim, and normsim-mpi on one rank). */
static int sweep_one(cli_t *cli, const sweep_args_t *a)
{
    const char *output = a->output;
    char *text = NULL;
    ns_study_t *study = NULL;
    char name[4096];
    int rc = CLI_EXIT_OK;
    if (a->resume != NULL) {
        ns_status st = ns_study_resume(cli->ctx, a->resume, &cli->data, a->takeover, &study);
        if (st != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        output = a->resume;
    } else {
        uint64_t seed = 0;
        rc = scenario_text(cli, a, &text);
        if (rc == CLI_EXIT_OK) {
            rc = study_seed(cli, a, text, &seed);
        }
        if (rc != CLI_EXIT_OK) {
            goto cleanup;
        }
        if (output == NULL) {
            default_output(a->scenario != NULL ? a->scenario : a->model, a->shard_index,
                           a->shard_count, name, sizeof name);
            output = name;
        }
        rc = create_study(cli, a, text, seed, output, a->shard_index, a->shard_count, &study);
        if (rc != CLI_EXIT_OK) {
            goto cleanup;
        }
        output = ns_store_path(ns_study_store(study));
    }
    double start = monotonic();
    rc = run_study(cli, study, a, a->quiet);
    if (rc != CLI_EXIT_OK) {
        goto cleanup;
    }
    double seconds = monotonic() - start;
    uint64_t stored = 0, missing = 0;
    ns_status st = ns_store_count(cli->ctx, ns_study_store(study), NULL, &stored);
    if (st == NS_OK) {
        st = ns_study_missing(study, &missing);
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    char line[4400];
    sweep_done_t done = {line,
                         output,
                         NULL,
                         NULL,
                         NULL,
                         ns_grid_npoints(ns_study_grid(study)),
                         ns_study_runs(study),
                         stored,
                         missing,
                         seconds};
    snprintf(line, sizeof line,
             "%s: %" PRIu32 " points x %" PRIu32 " runs; %" PRIu64 " replicates stored, %" PRIu64
             " missing in this shard; %.2f s\n",
             output, done.points, done.runs, stored, missing, seconds);
    rc = print_done(cli, ns_study_store(study), &done);
cleanup:
    ns_study_free(study);
    free(text);
    return rc;
}

#ifdef NS_WITH_MPI
/* ---- normsim-mpi: one study over MPI ranks (docs/MPI.md) ------------------------------ */

/* Ranks other than 0 send standard error to /dev/null while they do what every rank
 * does alike (parse the same argv, load the same scenario text), so that a usage error
 * reads once, not once per rank. Returns the saved descriptor (-1: nothing to restore). */
static int silence_stderr(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0) {
        dup2(null, STDERR_FILENO);
    }
    if (null >= 0) {
        close(null);
    }
    return saved;
}

static void restore_stderr(int saved)
{
    fflush(stderr);
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
}

/* "dir/study.sqlite" -> "dir/study-shard1of4.sqlite": rank 1's shard of 4, beside the
 * output and named as `normsim sweep --shard 1/4` names its file. False if too long. */
static bool shard_name(const char *output, int rank, int size, char *buf, size_t cap)
{
    const char *base = strrchr(output, '/');
    base = base != NULL ? base + 1 : output;
    const char *dot = strrchr(base, '.');
    size_t stem = dot != NULL && dot != base ? (size_t)(dot - output) : strlen(output);
    int n = snprintf(buf, cap, "%.*s-shard%dof%d%s", (int)stem, output, rank, size, output + stem);
    return n > 0 && (size_t)n < cap;
}

static bool file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* A study file and SQLite's companions. */
static void remove_study(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char name[4200];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        if ((size_t)snprintf(name, sizeof name, "%s%s", path, suffix[i]) < sizeof name) {
            unlink(name);
        }
    }
}

/* Reopen this rank's shard left by an interrupted run, checking that it is this rank's. */
static int resume_shard(cli_t *cli, const sweep_args_t *a, const cli_mpi_t *mpi, const char *output,
                        const char *shard, ns_study_t **study)
{
    char *recorded = NULL;
    char want[64];
    snprintf(want, sizeof want, "%d/%d", mpi->rank, mpi->size);
    if (!file_exists(shard)) {
        return cli_fail(cli, ns_error_at(cli->ctx, NS_ENOTFOUND, shard, 0, 0, NULL,
                                         "no such shard file: an MPI --resume finishes the "
                                         "shard files that an interrupted normsim-mpi sweep "
                                         "of %s left beside it, with as many ranks as it had "
                                         "(%d here)",
                                         output, mpi->size));
    }
    ns_status st = ns_study_resume(cli->ctx, shard, &cli->data, a->takeover, study);
    if (st == NS_OK) {
        st = ns_store_get_meta(cli->ctx, ns_study_store(*study), "shard", &recorded);
    }
    if (st == NS_OK && strcmp(recorded, want) != 0) {
        st = ns_error_at(cli->ctx, NS_EINVAL, shard, 0, 0, "shard",
                         "holds shard %s, not %s; resume with as many ranks as the run had",
                         recorded, want);
    }
    ns_free(cli->ctx, recorded);
    return st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
}

/* Rank 0: merge the shards into `output` with the library call `normsim merge` uses,
 * through a temporary file beside it that becomes `output` only once complete (a
 * killed merge leaves no half study under that name), then remove the shards. */
static int merge_shards(cli_t *cli, const char *output, int size, uint64_t *stored)
{
    char tmp[4200];
    char **shards = calloc((size_t)size, sizeof *shards);
    ns_status st = shards != NULL ? NS_OK : ns_error(cli->ctx, NS_ENOMEM, "out of memory");
    for (int r = 0; st == NS_OK && r < size; r++) {
        shards[r] = malloc(4200);
        if (shards[r] == NULL) {
            st = ns_error(cli->ctx, NS_ENOMEM, "out of memory");
        } else {
            shard_name(output, r, size, shards[r], 4200);
        }
    }
    if (st == NS_OK) {
        snprintf(tmp, sizeof tmp, "%s.merge-XXXXXX", output);
        int fd = mkstemp(tmp);
        if (fd < 0) {
            st = ns_error_at(cli->ctx, NS_EIO, output, 0, 0, NULL,
                             "cannot create a temporary file beside it (%s)", strerror(errno));
        } else {
            /* Only the unique name is wanted: the store creates the file itself. */
            close(fd);
            unlink(tmp);
            st = ns_study_merge(cli->ctx, tmp, (const char *const *)shards, (size_t)size, false);
        }
    }
    if (st == NS_OK) {
        char wal[4300];
        snprintf(wal, sizeof wal, "%s-wal", tmp);
        struct stat sb;
        if (stat(wal, &sb) == 0 && sb.st_size > 0) {
            /* The store checkpoints on close; a WAL left over would be lost by the rename. */
            st = ns_error_at(cli->ctx, NS_EIO, tmp, 0, 0, NULL,
                             "the merged study kept a write-ahead log; it is left here, "
                             "the shards are kept");
        } else if (link(tmp, output) == 0) {
            /* link, not rename: it never replaces a file made under that name meanwhile. */
            unlink(tmp);
        } else if (errno == EEXIST) {
            st = ns_error_at(cli->ctx, NS_EIO, output, 0, 0, NULL,
                             "made by someone else during the sweep; the merged study is "
                             "left in %s",
                             tmp);
        } else if (file_exists(output) || rename(tmp, output) != 0) {
            /* A file system without hard links: rename after one more check. */
            st = ns_error_at(cli->ctx, NS_EIO, output, 0, 0, NULL,
                             "cannot move the merged study %s here (%s)", tmp, strerror(errno));
        }
    }
    if (st == NS_OK) {
        for (int r = 0; r < size; r++) {
            remove_study(shards[r]);
        }
        ns_store_t *store = NULL;
        st = ns_store_open(cli->ctx, output, NS_STORE_READ, &store);
        if (st == NS_OK) {
            st = ns_store_count(cli->ctx, store, NULL, stored);
        }
        ns_store_close(store);
    }
    for (int r = 0; shards != NULL && r < size; r++) {
        free(shards[r]);
    }
    free(shards);
    return st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
}

/* normsim-mpi sweep: rank r of N runs shard r/N into OUTPUT-shardrofN beside the output,
 * then rank 0 merges them into the output. Every step ends with cli_mpi_agree(), so an
 * error on any rank ends every rank with the worst exit code. */
static int sweep_mpi(cli_t *cli, int argc, char **argv, sweep_args_t *a)
{
    cli_mpi_t mpi;
    char *text = NULL;
    ns_study_t *study = NULL;
    char output_name[4096], shard[4200];
    const char *output = NULL;
    uint64_t seed = 0;
    uint32_t points = 0, runs = 0;
    uint64_t missing = 0, stored = 0;
    double start = 0;
    int saved = -1;
    bool fresh = false; /* this rank's shard was made by this run and holds no result */
    char *model = NULL, *seed_text = NULL; /* rank 0: the study's, for csv and json */
    char line[9000], shards[64];
    int rc = cli_mpi_start(&mpi, cli->prog);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (mpi.size == 1) {
        rc = parse_args(cli, argc, argv, a);
        if (rc == CLI_EXIT_OK && !a->help) {
            rc = check_args(cli, a);
        }
        if (rc == CLI_EXIT_OK && !a->help) {
            rc = sweep_one(cli, a);
        }
        goto cleanup;
    }

    /* 1. What every rank does alike; only rank 0 speaks. */
    if (mpi.rank != 0) {
        saved = silence_stderr();
    }
    rc = parse_args(cli, argc, argv, a);
    if (rc == CLI_EXIT_OK && !a->help) {
        rc = check_args(cli, a);
    }
    if (rc == CLI_EXIT_OK && !a->help && a->shard_count > 1) {
        rc = cli_usage(cli, "sweep",
                       "--shard is for the plain normsim; under MPI rank r of N runs shard "
                       "r/N by itself");
    }
    if (rc == CLI_EXIT_OK && !a->help) {
        if (a->resume != NULL || a->output != NULL) {
            output = a->resume != NULL ? a->resume : a->output;
        } else {
            default_output(a->scenario != NULL ? a->scenario : a->model, 0, 1, output_name,
                           sizeof output_name);
            output = output_name;
        }
        if (!shard_name(output, mpi.rank, mpi.size, shard, sizeof shard)) {
            rc = cli_usage(cli, "sweep", "the output name is too long ('%.60s...')", output);
        }
    }
    rc = cli_mpi_agree(&mpi, rc);
    if (rc == CLI_EXIT_OK && !a->help && a->resume == NULL) {
        /* Rank 0 reads the scenario and every rank gets its very text: the shards are
         * then of one study even if the file changes while the ranks start. */
        if (mpi.rank == 0) {
            rc = scenario_text(cli, a, &text);
        }
        rc = cli_mpi_share_text(&mpi, rc, &text);
        if (rc == CLI_EXIT_OK) {
            rc = study_seed(cli, a, text, &seed);
        }
        rc = cli_mpi_agree(&mpi, rc);
    }
    restore_stderr(saved);
    if (rc != CLI_EXIT_OK || a->help) {
        goto cleanup;
    }

    /* 2. The files: the output must not exist, nor (for a new run) the shards. */
    if (mpi.rank == 0 && file_exists(output)) {
        rc = cli_fail(cli, ns_error_at(cli->ctx, NS_EINVAL, output, 0, 0, NULL,
                                       a->resume != NULL
                                           ? "the file exists: a finished study, or one of the "
                                             "plain normsim (resume that with 'normsim sweep "
                                             "--resume'); an MPI --resume finishes the shard "
                                             "files an interrupted normsim-mpi sweep left"
                                           : "the file exists; remove it or choose another "
                                             "output"));
    }
    if (rc == CLI_EXIT_OK && a->resume == NULL && file_exists(shard)) {
        rc = cli_fail(cli, ns_error_at(cli->ctx, NS_EINVAL, shard, 0, 0, NULL,
                                       "the file exists (left by an interrupted normsim-mpi "
                                       "sweep?); finish it with 'mpirun -np %d normsim-mpi "
                                       "sweep --resume %s', or remove it",
                                       mpi.size, output));
    }
    rc = cli_mpi_agree(&mpi, rc);
    /* Rank 0 first: an error every rank would meet alike (an unknown parameter, a data
     * version that differs) is then reported once. */
    for (int turn = 0; turn < 2 && rc == CLI_EXIT_OK; turn++) {
        if ((mpi.rank == 0) == (turn == 0)) {
            if (a->resume != NULL) {
                rc = resume_shard(cli, a, &mpi, output, shard, &study);
            } else {
                rc = create_study(cli, a, text, seed, shard, (uint32_t)mpi.rank, (uint32_t)mpi.size,
                                  &study);
                fresh = rc == CLI_EXIT_OK;
            }
        }
        rc = cli_mpi_agree(&mpi, rc);
    }
    /* Rank 0 merges what the others wrote: it must see their files. */
    for (int r = 1; mpi.rank == 0 && rc == CLI_EXIT_OK && r < mpi.size; r++) {
        char other[4200];
        shard_name(output, r, mpi.size, other, sizeof other);
        if (!file_exists(other)) {
            rc = cli_fail(cli, ns_error_at(cli->ctx, NS_EIO, other, 0, 0, NULL,
                                           "rank %d's shard is not visible from rank 0: the "
                                           "output's folder must be on a file system that "
                                           "every rank shares",
                                           r));
        }
    }
    rc = cli_mpi_agree(&mpi, rc);
    if (rc != CLI_EXIT_OK) {
        goto cleanup;
    }

    /* 3. Every rank runs its shard; progress from rank 0 only (its shard is 1/N of the
     * replicates, spread over the whole grid, so its pace is the study's). */
    points = ns_grid_npoints(ns_study_grid(study));
    runs = ns_study_runs(study);
    fresh = false;
    start = monotonic();
    rc = run_study(cli, study, a, a->quiet || mpi.rank != 0);
    if (rc == CLI_EXIT_OK) {
        ns_status st = ns_study_missing(study, &missing);
        rc = st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
    }
    if (rc == CLI_EXIT_OK && mpi.rank == 0) { /* for csv and json: the study's model, seed */
        ns_status st = ns_store_get_meta(cli->ctx, ns_study_store(study), "model", &model);
        if (st == NS_OK) {
            st = ns_store_get_meta(cli->ctx, ns_study_store(study), "seed", &seed_text);
        }
        rc = st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
    }
    /* Close the shard (and release its writer claim) before rank 0 reads it. */
    ns_study_free(study);
    study = NULL;
    rc = cli_mpi_agree(&mpi, rc);
    if (rc != CLI_EXIT_OK) {
        if (mpi.rank == 0) {
            fprintf(stderr,
                    "%s: %s: not made; the shard files beside it keep what was committed: "
                    "finish with 'mpirun -np %d normsim-mpi sweep --resume %s'\n",
                    cli->prog, output, mpi.size, output);
        }
        goto cleanup;
    }
    missing = cli_mpi_sum(&mpi, missing);
    if (missing > 0) {
        /* --stop-after: the shards stay as they are, to be resumed. */
        if (mpi.rank == 0) {
            snprintf(line, sizeof line,
                     "%s: %" PRIu32 " points x %" PRIu32 " runs; stopped with %" PRIu64
                     " replicates missing; the %d shard files beside it are kept: finish with "
                     "'mpirun -np %d normsim-mpi sweep --resume %s'\n",
                     output, points, runs, missing, mpi.size, mpi.size, output);
            snprintf(shards, sizeof shards, "not merged: %d shards", mpi.size);
            sweep_done_t done = {line,   output, model,  seed_text, shards,
                                 points, runs,   stored, missing,   monotonic() - start};
            rc = print_done(cli, NULL, &done);
        }
        goto cleanup;
    }

    /* 4. Rank 0 merges; the others wait for its verdict. */
    if (mpi.rank == 0) {
        rc = merge_shards(cli, output, mpi.size, &stored);
    }
    rc = cli_mpi_agree(&mpi, rc);
    if (rc == CLI_EXIT_OK && mpi.rank == 0) {
        double seconds = monotonic() - start;
        snprintf(line, sizeof line,
                 "%s: %" PRIu32 " points x %" PRIu32 " runs; %" PRIu64
                 " replicates stored, %" PRIu64 " missing; %d ranks merged; %.2f s\n",
                 output, points, runs, stored, (uint64_t)points * runs - stored, mpi.size, seconds);
        snprintf(shards, sizeof shards, "merged");
        sweep_done_t done = {line,      output, model,
                             seed_text, shards, points,
                             runs,      stored, (uint64_t)points * runs - stored,
                             seconds};
        rc = print_done(cli, NULL, &done);
    }
cleanup:
    ns_study_free(study);
    if (fresh && rc != CLI_EXIT_OK) {
        /* Made by this run, no result in it: nothing to resume, so nothing to leave. */
        remove_study(shard);
    }
    free(text);
    ns_free(cli->ctx, model);
    ns_free(cli->ctx, seed_text);
    fflush(stdout);
    cli_mpi_stop(&mpi);
    return rc;
}
#endif

static int run_sweep(cli_t *cli, int argc, char **argv)
{
    sweep_args_t a;
    memset(&a, 0, sizeof a);
    a.model = "frontier";
    a.shard_count = 1;
    a.vary = calloc((size_t)argc + 1, sizeof *a.vary);
    if (a.vary == NULL) {
        fprintf(stderr, "%s: out of memory\n", cli->prog);
        return CLI_EXIT_FAILURE;
    }
#ifdef NS_WITH_MPI
    int rc = sweep_mpi(cli, argc, argv, &a);
#else
    int rc = parse_args(cli, argc, argv, &a);
    if (rc == CLI_EXIT_OK && !a.help) {
        rc = check_args(cli, &a);
    }
    if (rc == CLI_EXIT_OK && !a.help) {
        rc = sweep_one(cli, &a);
    }
#endif
    free(a.vary);
    return rc;
}

const cli_command_t cli_cmd_sweep = {
    "sweep", "Monte Carlo over a grid of parameters, into a study file", SWEEP_HELP, run_sweep};
