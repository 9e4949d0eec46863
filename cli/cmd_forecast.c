/* normsim forecast: run one collective-decision model on every issue of an actor table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char help[] =
    "usage: normsim forecast TABLE --model NAME [--param KEY=VALUE ...] [--seed S]\n"
    "                        [--max-rounds N] [--trace] [--format table|csv|json]\n"
    "\n"
    "Forecast the outcome of every issue of an actor table with one model.\n"
    "\n"
    "TABLE is a long CSV with the header issue,actor,position,salience,capability and\n"
    "optional columns status_quo, outcome, scale_min, scale_max (constant within an\n"
    "issue; the scale defaults to 0..100). Salience is in [0,1], capability >= 0. A row\n"
    "with an empty position or salience makes that actor sit out that issue.\n"
    "\n"
    "Output: one row per issue with the columns issue, forecast, the model's own columns\n"
    "(see 'normsim models'), when the table has outcomes outcome and abs_error, and\n"
    "model (the model's name; json: an array of these rows as objects). With outcomes,\n"
    "a summary gives the mean and median absolute error over the issues that have both\n"
    "an outcome and a forecast: below the table in table format, on standard error in\n"
    "csv and json (so that the output stays one table).\n"
    "\n"
    "options:\n"
    "  --model NAME       the model (required): compromise, median, winset, nash, eum,\n"
    "                     exchange, smp; 'normsim models' lists them with their parameters\n"
    "  --param KEY=VALUE  set a model parameter; repeat for several\n"
    "  --seed S           seed of models with random draws (default 0)\n"
    "  --max-rounds N     stop iterative models after N rounds (default 1000)\n"
    "  --trace            print instead the position of every actor on every issue\n"
    "                     after every turn, columns turn,actor,dimension,position (turn 0\n"
    "                     the input; dimension is the issue), for models that record\n"
    "                     turns (smp, eum); in separate mode an issue that stopped earlier has\n"
    "                     no rows after its last turn\n"
    "  --strict           a model that needs a status quo (winset, nash) fails on an\n"
    "                     issue without one (exit 2); by default such issues are skipped\n"
    "                     with a note on stderr naming them\n"
    "  --format F         table (default), csv or json\n"
    "\n"
    "A run that lasts over 2 s prints its progress on stderr every 2 s (round R of at\n"
    "most N). eum and exchange cost actors^2 per round and accept at most 5000 actors\n"
    "(about 2 s a round at 5000; docs/ROBUSTNESS.md).\n"
    "\n"
    "examples:\n"
    "  normsim forecast examples/tables/gge15.csv --model compromise\n"
    "  normsim forecast examples/tables/gge15.csv --model nash --param loss=quadratic \\\n"
    "      --format csv\n"
    "  normsim forecast examples/tables/gge15.csv --model winset --param rule=k_of_n \\\n"
    "      --param k=4\n"
    "  normsim forecast examples/tables/gge15.csv --model smp --trace --format csv > turns.csv\n"
    "\n"
    "exit codes: 0 success; 1 failure while running; 2 bad usage, a bad table (the\n"
    "message names file:line), an unknown model or parameter, a value out of range.\n";

typedef struct options {
    const char *table;
    const char *model;
    uint64_t seed;
    int max_rounds;
    bool trace;
    bool strict; /* A model that needs a status quo fails on an issue without one. */
} options_t;

static int parse_u64(cli_t *cli, const char *name, const char *text, uint64_t max, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (text[0] == '\0' || text[0] == '-' || *end != '\0' || errno != 0 || v > max) {
        return cli_usage(cli, "forecast", "%s must be a whole number in [0, %" PRIu64 "], not '%s'",
                         name, max, text);
    }
    *out = (uint64_t)v;
    return CLI_EXIT_OK;
}

static int parse_args(cli_t *cli, int argc, char **argv, options_t *o, ns_params_t *params)
{
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r = cli_common_option(cli, "forecast", argc, argv, &i);
        if (r == 0 && (r = cli_option_value(cli, "forecast", "--model", argc, argv, &i, &v)) > 0) {
            o->model = v;
        } else if (r == 0 &&
                   (r = cli_option_value(cli, "forecast", "--param", argc, argv, &i, &v)) > 0) {
            ns_status st = ns_params_parse(params, v);
            if (st != NS_OK) {
                return cli_fail(cli, st);
            }
        } else if (r == 0 &&
                   (r = cli_option_value(cli, "forecast", "--seed", argc, argv, &i, &v)) > 0) {
            if (parse_u64(cli, "--seed", v, UINT64_MAX, &o->seed) != CLI_EXIT_OK) {
                return CLI_EXIT_USAGE;
            }
        } else if (r == 0 && (r = cli_option_value(cli, "forecast", "--max-rounds", argc, argv, &i,
                                                   &v)) > 0) {
            uint64_t n = 0;
            if (parse_u64(cli, "--max-rounds", v, 1000000000, &n) != CLI_EXIT_OK) {
                return CLI_EXIT_USAGE;
            }
            o->max_rounds = (int)n;
        } else if (r == 0 && strcmp(argv[i], "--trace") == 0) {
            o->trace = true;
            r = 1;
        } else if (r == 0 && strcmp(argv[i], "--strict") == 0) {
            o->strict = true;
            r = 1;
        } else if (r < 0) {
            return CLI_EXIT_USAGE;
        } else if (r == 0) {
            if (argv[i][0] == '-' && argv[i][1] != '\0') {
                return cli_usage(cli, "forecast", "unknown option '%s'", argv[i]);
            }
            if (o->table != NULL) {
                return cli_usage(cli, "forecast", "one TABLE only ('%s' and '%s')", o->table,
                                 argv[i]);
            }
            o->table = argv[i];
        }
    }
    if (o->table == NULL) {
        return cli_usage(cli, "forecast", "missing TABLE");
    }
    if (o->model == NULL) {
        return cli_usage(cli, "forecast", "missing --model NAME (see 'normsim models')");
    }
    return CLI_EXIT_OK;
}

/* Progress of a long run on stderr: nothing for the first 2 s, then one line every 2 s
 * ("round R of at most M"), so that a large table with a quadratic model (eum, exchange)
 * never runs silently for minutes. */
typedef struct progress {
    const char *prog;
    const char *model;
    int max_rounds;
    struct timespec start;
    double last; /* Seconds at the last line. */
} progress_t;

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

static int show_progress(int round, void *user)
{
    progress_t *p = user;
    double t = seconds_since(&p->start);
    if (t >= 2.0 && t - p->last >= 2.0) {
        fprintf(stderr, "progress: model %s: round %d of at most %d, %.0f s so far\n", p->model,
                round, p->max_rounds, t);
        fflush(stderr);
        p->last = t;
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct summary {
    size_t n;
    double mean, median;
} summary_t;

/* Mean and median absolute error over issues with an outcome and a forecast. */
static ns_status summarise(ns_ctx_t *ctx, const ns_table_t *t, const ns_forecast_t *f, summary_t *s)
{
    double *err = ns_calloc(ctx, t->n_issues + 1, sizeof *err);
    if (err == NULL) {
        return NS_ENOMEM;
    }
    s->n = 0;
    double sum = 0.0;
    for (size_t i = 0; i < t->n_issues; i++) {
        double e = fabs(f->forecast[i] - t->outcome[i]);
        if (e == e) {
            err[s->n++] = e;
            sum += e;
        }
    }
    qsort(err, s->n, sizeof *err, cmp_double);
    s->mean = s->n > 0 ? sum / (double)s->n : NAN;
    s->median = s->n == 0       ? NAN
                : s->n % 2 == 1 ? err[s->n / 2]
                                : 0.5 * (err[s->n / 2 - 1] + err[s->n / 2]);
    ns_free(ctx, err);
    return NS_OK;
}

static ns_status make_rows(ns_ctx_t *ctx, const ns_model_type_t *m, const ns_table_t *t,
                           const ns_forecast_t *f, bool outcomes, ns_rows_t **out)
{
    const char *names[64];
    size_t nc = 0;
    names[nc++] = "issue";
    names[nc++] = "forecast";
    for (size_t c = 0; c < m->n_columns && nc < 60; c++) {
        names[nc++] = m->columns[c];
    }
    size_t extra = nc - 2;
    if (outcomes) {
        names[nc++] = "outcome";
        names[nc++] = "abs_error";
    }
    names[nc++] = "model"; /* Last: the columns before it keep their places. */
    ns_rows_t *rows = NULL;
    ns_status st = ns_rows_new(ctx, names, nc, &rows);
    for (size_t i = 0; i < t->n_issues && st == NS_OK; i++) {
        st = ns_rows_add(rows);
        st = st != NS_OK ? st : ns_rows_set(rows, 0, t->issue[i]);
        st = st != NS_OK ? st : ns_rows_set_num(rows, 1, f->forecast[i], 12);
        for (size_t c = 0; c < extra && st == NS_OK; c++) {
            st = ns_rows_set_num(rows, 2 + c, f->extra[i * f->n_columns + c], 12);
        }
        if (outcomes && st == NS_OK) {
            st = ns_rows_set_num(rows, 2 + extra, t->outcome[i], 12);
            st = st != NS_OK
                     ? st
                     : ns_rows_set_num(rows, 3 + extra, fabs(f->forecast[i] - t->outcome[i]), 12);
        }
        if (st == NS_OK) {
            st = ns_rows_set(rows, nc - 1, m->name);
        }
    }
    if (st != NS_OK) {
        ns_rows_free(rows);
        rows = NULL;
    }
    *out = rows;
    return st;
}

/* The trace's rows: turn, actor, dimension (the issue), position. */
typedef struct trace_sink {
    const ns_table_t *table;
    ns_rows_t *rows;
} trace_sink_t;

static ns_status trace_row(int turn, size_t issue, size_t actor, double position, void *user)
{
    trace_sink_t *sink = user;
    ns_status st = ns_rows_add(sink->rows);
    st = st != NS_OK ? st : ns_rows_setf(sink->rows, 0, "%d", turn);
    st = st != NS_OK ? st : ns_rows_set(sink->rows, 1, sink->table->actor[actor]);
    st = st != NS_OK ? st : ns_rows_set(sink->rows, 2, sink->table->issue[issue]);
    return st != NS_OK ? st : ns_rows_set_num(sink->rows, 3, position, 12);
}

/* The note on stderr naming the issues a model skipped for want of a status quo. */
static void note_skipped(const ns_table_t *t, size_t n_keep)
{
    fprintf(stderr,
            "note: %zu of %zu issues have no status quo and were skipped (the model needs "
            "one; --strict refuses instead):",
            t->n_issues - n_keep, t->n_issues);
    for (size_t i = 0; i < t->n_issues; i++) {
        if (t->status_quo[i] != t->status_quo[i]) {
            fprintf(stderr, " %s", t->issue[i]);
        }
    }
    fputc('\n', stderr);
}

static int run_forecast(cli_t *cli, int argc, char **argv)
{
    options_t o = {NULL, NULL, 0, 0, false, false};
    ns_params_t *params = NULL;
    ns_table_t *table = NULL;
    ns_table_t *full_table = NULL; /* The table read, when `table` is its issues with a
                                    * status quo. */
    ns_table_t *sq_table = NULL;
    size_t n_keep = 0;
    ns_forecast_t *f = NULL;
    ns_rows_t *rows = NULL;
    const ns_model_type_t *model = NULL;
    ns_status st;
    int rc;
    if ((st = ns_params_new(cli->ctx, &params)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if ((rc = parse_args(cli, argc, argv, &o, params)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    if ((st = ns_model_find(cli->ctx, o.model, &model)) != NS_OK ||
        (st = ns_table_read_file(cli->ctx, o.table, &table)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (table->n_sat_out > 0) {
        fprintf(stderr,
                "note: %zu rows had a missing position or salience; those actors sit out "
                "those issues\n",
                table->n_sat_out);
    }
    progress_t progress = {
        cli->prog, model->name, o.max_rounds > 0 ? o.max_rounds : 1000, {0, 0}, 0.0};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    ns_run_options_t run = {o.seed, o.max_rounds, show_progress, &progress};
    if (o.trace) {
        static const char *const trace_cols[] = {"turn", "actor", "dimension", "position"};
        trace_sink_t sink = {table, NULL};
        if ((st = ns_rows_new(cli->ctx, trace_cols, 4, &sink.rows)) != NS_OK ||
            (st = ns_forecast_trace(cli->ctx, model, table, params, &run, trace_row, &sink, &f)) !=
                NS_OK) {
            ns_rows_free(sink.rows);
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        rows = sink.rows;
        if (!f->converged) {
            fprintf(stderr, "note: model %s stopped after %d rounds without converging\n",
                    model->name, f->rounds);
        }
        char title[256];
        snprintf(title, sizeof title,
                 "model %s %s on %s: positions after every turn (turn 0: the input)", model->name,
                 model->version, o.table);
        rc = cli_write_rows(cli, rows, title);
        goto cleanup;
    }
    if (o.strict) {
        st = ns_forecast(cli->ctx, model, table, params, &run, &f);
    } else if ((st = ns_forecast_status_quo_issues(cli->ctx, model, table, params, &run, NULL,
                                                   &n_keep, &sq_table, &f)) == NS_OK &&
               sq_table != NULL) {
        /* The model needs a status quo: the issues that have one were forecast. */
        note_skipped(table, n_keep);
        full_table = table;
        table = sq_table;
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (!f->converged) {
        fprintf(stderr, "note: model %s stopped after %d rounds without converging\n", model->name,
                f->rounds);
    }
    bool outcomes = false;
    for (size_t i = 0; i < table->n_issues; i++) {
        outcomes |= table->outcome[i] == table->outcome[i];
    }
    summary_t s = {0, NAN, NAN};
    if ((st = make_rows(cli->ctx, model, table, f, outcomes, &rows)) != NS_OK ||
        (outcomes && (st = summarise(cli->ctx, table, f, &s)) != NS_OK)) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    char title[256];
    snprintf(title, sizeof title, "model %s %s on %s", model->name, model->version, o.table);
    if ((rc = cli_write_table(cli, rows, title, "model")) != CLI_EXIT_OK || !outcomes) {
        goto cleanup;
    }
    FILE *sink = cli->format == NS_FORMAT_TABLE ? stdout : stderr;
    fprintf(sink,
            "%smean absolute error %.6g, median absolute error %.6g, over %zu issues "
            "with an outcome\n",
            cli->format == NS_FORMAT_TABLE ? "\n" : "summary: ", s.mean, s.median, s.n);
    if (fflush(sink) != 0) {
        rc = cli_fail(cli, ns_error(cli->ctx, NS_EIO, "writing the summary failed"));
    }
cleanup:
    ns_rows_free(rows);
    ns_forecast_free(cli->ctx, f);
    ns_table_free(cli->ctx, table);
    ns_table_free(cli->ctx, full_table);
    ns_params_free(params);
    return rc;
}

const cli_command_t cli_cmd_forecast = {
    "forecast", "forecast every issue of an actor table with one model", help, run_forecast};
