/* normsim backtest history: the process model judged on the recorded outcomes of the six
 * GGEs and the two OEWGs, in sample and leave one session out (normsim/process.h,
 * docs/PROCESS.md section 8). Also the options the process commands share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cmd_history.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cli_process_option(cli_t *cli, const char *command, int argc, char **argv, int *i,
                       cli_process_opts_t *opts)
{
    int r = cli_option_value(cli, command, "--scenario", argc, argv, i, &opts->scenario);
    if (r == 0) {
        r = cli_option_value(cli, command, "--runs", argc, argv, i, &opts->runs);
    }
    if (r == 0) {
        r = cli_option_value(cli, command, "--seed", argc, argv, i, &opts->seed);
    }
    const char *kv = NULL;
    if (r == 0 && (r = cli_option_value(cli, command, "--param", argc, argv, i, &kv)) > 0) {
        if (opts->n_param >= sizeof opts->param / sizeof opts->param[0]) {
            cli_usage(cli, command, "at most 16 --param options");
            return -1;
        }
        opts->param[opts->n_param++] = kv;
    }
    return r;
}

/* A whole number in [lo, hi], or false. */
static bool parse_count(const char *s, unsigned long long lo, unsigned long long hi,
                        unsigned long long *out)
{
    char *end = NULL;
    if (s == NULL || *s == '\0' || *s == '-' || *s == '+') {
        return false;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi) {
        return false;
    }
    *out = v;
    return true;
}

int cli_process_setup(cli_t *cli, const char *command, const cli_process_opts_t *opts,
                      ns_world_t **world, ns_process_params_t *params)
{
    ns_scenario_t *sc = NULL;
    ns_status st = NS_OK;
    int rc = CLI_EXIT_OK;
    unsigned long long runs = 0;
    unsigned long long seed = 0;
    *world = NULL;
    ns_process_params_default(params);
    if (opts->runs != NULL && !parse_count(opts->runs, 1, 1000000, &runs)) {
        rc = cli_usage(cli, command, "--runs must be a whole number in 1..1000000, not '%s'",
                       opts->runs);
        goto cleanup;
    }
    if (opts->seed != NULL && !parse_count(opts->seed, 0, UINT64_MAX, &seed)) {
        rc = cli_usage(cli, command, "--seed must be a whole number >= 0, not '%s'", opts->seed);
        goto cleanup;
    }
    if (opts->scenario != NULL) {
        if ((st = ns_scenario_load_file(cli->ctx, opts->scenario, &sc)) != NS_OK ||
            (st = ns_scenario_build_world(cli->ctx, sc, &cli->data, world)) != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        params->seed = ns_scenario_seed(sc);
    } else if ((rc = cli_load_world(cli, world)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    for (size_t k = 0; k < opts->n_param; k++) {
        /* KEY=VALUE over the world's (or the scenario's) parameters. */
        char key[128];
        const char *eq = strchr(opts->param[k], '=');
        char *end = NULL;
        double v = eq != NULL ? strtod(eq + 1, &end) : NAN;
        size_t len = eq != NULL ? (size_t)(eq - opts->param[k]) : 0;
        if (eq != NULL && len > 0 && len < sizeof key) {
            memcpy(key, opts->param[k], len);
            key[len] = '\0';
            /* An enum parameter's value may be the name of its choice (loss=quadratic). */
            const ns_param_def_t *def = ns_param_match(key);
            for (size_t c = 0; def != NULL && def->choices != NULL && def->choices[c] != NULL;
                 c++) {
                if (strcmp(eq + 1, def->choices[c]) == 0) {
                    v = (double)c;
                    end = (char *)eq + 1 + strlen(eq + 1);
                }
            }
        }
        if (eq == NULL || len == 0 || len >= sizeof key || end == eq + 1 || *end != '\0' ||
            isnan(v)) {
            rc = cli_usage(cli, command, "--param wants KEY=NUMBER, not '%s'", opts->param[k]);
            goto cleanup;
        }
        if ((st = ns_world_set_param(cli->ctx, *world, key, v)) != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
    }
    if ((st = ns_process_params_read(cli->ctx, *world, params)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (opts->runs != NULL) {
        params->replicates = (size_t)runs;
        params->replicates_large = (size_t)runs;
    }
    if (opts->seed != NULL) {
        params->seed = (uint64_t)seed;
    }

cleanup:
    if (rc != CLI_EXIT_OK) {
        ns_world_free(*world);
        *world = NULL;
    }
    ns_scenario_free(sc);
    return rc;
}

void cli_process_provenance(const ns_world_t *w, const ns_process_params_t *p, const char *scenario,
                            char *buf, size_t size)
{
    const ns_consensus_params_t *c = &p->consensus;
    snprintf(buf, size,
             "data %s; model: consensus drafting (model 7, %s loss, %s search); b=%g f=%g "
             "will_scale=%g persuasion=%g summary=%s; %zu replicates (%zu for bodies over 50 "
             "members), seed %" PRIu64 "%s%s",
             ns_world_data_version(w), c->loss == NS_LOSS_QUADRATIC ? "quadratic" : "linear",
             c->search == NS_SEARCH_EXHAUSTIVE ? "exhaustive" : "greedy", c->forum_shopping,
             c->summary_record, p->will_scale, p->persuasion, c->summary_available ? "yes" : "no",
             p->replicates, p->replicates_large, p->seed, scenario != NULL ? "; scenario " : "",
             scenario != NULL ? scenario : "");
}

/* How many sessions "always the majority outcome" gets right. */
static size_t majority_right(const ns_rows_t *rows)
{
    size_t adopted = 0;
    size_t n = ns_rows_count(rows);
    for (size_t r = 0; r < n; r++) {
        adopted += strcmp(ns_rows_cell(rows, r, 1), "1") == 0;
    }
    return adopted * 2 >= n ? adopted : n - adopted;
}

static const char history_help[] =
    "usage: normsim backtest history [--runs N] [--seed S] [--scenario FILE] [--param K=V]\n"
    "                                [--format table|csv|json] [--data DIR] [--verified V]\n"
    "\n"
    "Judge the process model on the recorded outcomes of the six GGEs and the two OEWGs\n"
    "(docs/PROCESS.md section 8). The global parameters forum_shopping b, will_scale and\n"
    "summary_record f are fitted by maximum likelihood over the recorded outcomes on a\n"
    "small grid (b in 0.25, 0.5, 0.75; will_scale in 6, 9, 12, 16; f = 0.5: 12 points), one\n"
    "set for all sessions, never per session. p is P(consensus report) by Monte Carlo at\n"
    "the fitted parameters (in sample); p_loo at the parameters fitted without the\n"
    "session being predicted (leave one session out). right: 1 when p >= 0.5 and a report\n"
    "was adopted, or p < 0.5 and none was. Brier score: mean (p - actual)^2.\n"
    "\n"
    "It replays every session at every grid point, so it is slow: about a minute and a\n"
    "half with the default 10 replicates per session (5 for the open-ended groups).\n"
    "\n"
    "options:\n"
    "  --runs N      replicates per session and grid point (default 10; 5 for bodies of\n"
    "                more than 50 members; N sets both)\n"
    "  --seed S      random seed (default 1)\n"
    "  --scenario F  backtest a scenario's world (its recorded bodies keep their outcomes)\n"
    "  --param K=V   fix a parameter that is not on the grid (persuasion, loss, ...;\n"
    "                all: normsim params process)\n"
    "  --quick       a two-point grid (b in 0.25, 0.5; will_scale 6; f 0.5) for a first\n"
    "                look and for tests: the same columns, a coarser fit\n"
    "  --format F    table (default): the sessions with the parameters each leave-one-out\n"
    "                fit chose, then the totals; csv: exactly the columns\n"
    "                event,actual,p,right,p_loo,right_loo, one row per session, nothing\n"
    "                else; json: the same rows as an array of objects\n"
    "\n"
    "exit codes: 0 ok; 2 bad usage or bad scenario; 1 failure while running.\n"
    "\n"
    "examples:\n"
    "  normsim backtest history\n"
    "  normsim backtest history --format csv > history.csv\n"
    "  normsim backtest history --runs 4 --seed 2\n";

int cli_backtest_history(cli_t *cli, int argc, char **argv)
{
    cli_process_opts_t opts;
    ns_world_t *w = NULL;
    ns_process_params_t params;
    ns_history_backtest_t bt;
    ns_rows_t *table = NULL;
    ns_status st = NS_OK;
    int rc = CLI_EXIT_OK;
    char line[1024];
    char title[1400];
    bool quick = false;
    /* --quick: two grid points instead of twelve (the fit is coarser, the columns the same). */
    static const double quick_b[] = {0.25, 0.5};
    static const double quick_will[] = {6};
    ns_history_grid_t grid;
    ns_history_grid_default(&grid);
    memset(&opts, 0, sizeof opts);
    memset(&bt, 0, sizeof bt);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(history_help, stdout);
            goto cleanup;
        }
        if (strcmp(argv[i], "--quick") == 0) {
            quick = true;
            continue;
        }
        int r = cli_common_option(cli, "backtest", argc, argv, &i);
        if (r == 0) {
            r = cli_process_option(cli, "backtest", argc, argv, &i, &opts);
        }
        if (r == 0) {
            rc = cli_usage(cli, "backtest", "history: unknown argument '%s'", argv[i]);
            goto cleanup;
        }
        if (r < 0) {
            rc = CLI_EXIT_USAGE;
            goto cleanup;
        }
    }
    if ((rc = cli_process_setup(cli, "backtest", &opts, &w, &params)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    if (opts.runs == NULL) {
        /* 12 grid points x 8 sessions: fewer draws than a single run. */
        params.replicates = 10;
        params.replicates_large = 5;
    }
    if (quick) {
        grid.forum_shopping = quick_b;
        grid.n_forum_shopping = sizeof quick_b / sizeof quick_b[0];
        grid.will_scale = quick_will;
        grid.n_will_scale = sizeof quick_will / sizeof quick_will[0];
    }
    if ((st = ns_history_backtest(cli->ctx, w, &params, &grid, &bt)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (cli->format != NS_FORMAT_TABLE) {
        rc = cli_write_rows(cli, bt.rows, NULL);
        goto cleanup;
    }
    /* The table: the six columns and, beside them, what the leave-one-out fit chose. */
    static const char *const cols[] = {"event",     "actual", "p",        "right", "p_loo",
                                       "right_loo", "loo_b",  "loo_will", "loo_f"};
    if ((st = ns_rows_new(cli->ctx, cols, 9, &table)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    for (size_t r = 0; st == NS_OK && r < ns_rows_count(bt.rows); r++) {
        st = ns_rows_add(table);
        for (size_t c = 0; c < 6; c++) {
            ns_rows_set(table, c, ns_rows_cell(bt.rows, r, c));
        }
        for (size_t c = 0; c < 3; c++) {
            ns_rows_set(table, 6 + c, ns_rows_cell(bt.fits, r, 1 + c));
        }
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    /* The provenance names the parameters in force: the fitted ones on the grid. */
    params.consensus.forum_shopping = bt.fit_b;
    params.will_scale = bt.fit_will;
    params.consensus.summary_record = bt.fit_f;
    cli_process_provenance(w, &params, opts.scenario, line, sizeof line);
    snprintf(title, sizeof title,
             "History backtest: P(consensus report) against the recorded outcome, in sample and "
             "leave one session out (grid of %zu points; b, will_scale, f below are the in-sample "
             "fit). %s",
             bt.grid_points, line);
    if ((rc = cli_write_rows(cli, table, title)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    printf("\nin sample:     %d of %zu right, Brier %.3f; fitted b = %g, will_scale = %g, "
           "f = %g (log-likelihood %.3f, p smoothed as (adopted + 1/2) / (R + 1))\n",
           bt.right, bt.n, bt.brier, bt.fit_b, bt.fit_will, bt.fit_f, bt.log_likelihood);
    printf("leave one out: %d of %zu right, Brier %.3f\n", bt.right_loo, bt.n, bt.brier_loo);
    printf("base rate:     always predicting the majority outcome is right %d of %zu\n",
           (int)majority_right(bt.rows), bt.n);

cleanup:
    ns_rows_free(table);
    ns_history_backtest_destroy(&bt);
    ns_world_free(w);
    return rc;
}
