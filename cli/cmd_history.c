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
    /* The record's rules in force (docs/RECORD.md), by name. */
    char record[64] = "off";
    if (p->record_rules != 0) {
        snprintf(record, sizeof record, "%s%s%s%s%s",
                 (p->record_rules & NS_RULE_WILL) ? "+will" : "",
                 (p->record_rules & NS_RULE_STANCES) ? "+stances" : "",
                 (p->record_rules & NS_RULE_SALIENCE) ? "+salience" : "",
                 (p->record_rules & NS_RULE_VIEWS) ? "+views" : "",
                 (p->record_rules & NS_RULE_AGENDA) ? "+agenda" : "");
        memmove(record, record + 1, strlen(record));
    }
    snprintf(buf, size,
             "data %s; model: consensus drafting (model 7, %s loss, %s search); b=%g f=%g "
             "will_scale=%g persuasion=%g summary=%s record=%s; %zu replicates (%zu for bodies "
             "over 50 members), seed %" PRIu64 "%s%s",
             ns_world_data_version(w), c->loss == NS_LOSS_QUADRATIC ? "quadratic" : "linear",
             c->search == NS_SEARCH_EXHAUSTIVE ? "exhaustive" : "greedy", c->forum_shopping,
             c->summary_record, p->will_scale, p->persuasion, c->summary_available ? "yes" : "no",
             record, p->replicates, p->replicates_large, p->seed,
             scenario != NULL ? "; scenario " : "", scenario != NULL ? scenario : "");
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

/* --table ablation: the backtest with each rule of the record switched off in turn. */
static int history_ablation(cli_t *cli, const ns_world_t *w, const ns_process_params_t *params,
                            const ns_history_grid_t *grid, const char *scenario)
{
    ns_rows_t *rows = NULL;
    char line[1024];
    char title[1400];
    ns_status st = ns_history_ablation(cli->ctx, w, params, grid, &rows);
    if (st != NS_OK) {
        return cli_fail(cli, st);
    }
    cli_process_provenance(w, params, scenario, line, sizeof line);
    snprintf(title, sizeof title,
             "Ablation of the record (docs/RECORD.md): the history backtest with every rule, "
             "each rule switched off in turn, none, and each rule alone; right/brier/log_score in "
             "sample, _loo "
             "leave one session out, _forward fitted on earlier sessions only; fitted = "
             "coefficients fitted to the outcomes. %s",
             line);
    int rc = cli_write_rows(cli, rows, cli->format == NS_FORMAT_TABLE ? title : NULL);
    ns_rows_free(rows);
    return rc;
}

/* --table scores: the totals and the in-sample fit, one row per scope. */
static int write_scores(cli_t *cli, const ns_history_backtest_t *bt)
{
    static const char *const cols[] = {"scope",          "right",          "n",
                                       "brier",          "log_score",      "forum_shopping",
                                       "will_scale",     "summary_record", "coefficients",
                                       "log_likelihood", "grid_points"};
    const struct {
        const char *scope;
        double right, n, brier, log_score;
    } score[] = {
        {"in_sample", bt->right, (double)bt->n, bt->brier, bt->log_score},
        {"leave_one_out", bt->right_loo, (double)bt->n, bt->brier_loo, bt->log_score_loo},
        {"forward", bt->right_forward, (double)bt->n_forward, bt->brier_forward,
         bt->log_score_forward},
        {"base_rate_in_sample", (double)majority_right(bt->rows), (double)bt->n, bt->base_brier,
         bt->base_log},
        {"base_rate_leave_one_out", NAN, (double)bt->n, bt->base_brier_loo, bt->base_log_loo},
        {"base_rate_forward", NAN, (double)bt->n_forward, bt->base_brier_forward,
         bt->base_log_forward},
    };
    ns_rows_t *rows = NULL;
    ns_status st = ns_rows_new(cli->ctx, cols, sizeof cols / sizeof cols[0], &rows);
    for (size_t k = 0; st == NS_OK && k < sizeof score / sizeof score[0]; k++) {
        if ((st = ns_rows_add(rows)) != NS_OK || (st = ns_rows_set(rows, 0, score[k].scope)) ||
            (st = ns_rows_set_num(rows, 1, score[k].right, 6)) ||
            (st = ns_rows_set_num(rows, 2, score[k].n, 6)) ||
            (st = ns_rows_set_num(rows, 3, score[k].brier, 6)) ||
            (st = ns_rows_set_num(rows, 4, score[k].log_score, 6))) {
            break;
        }
        if (k == 0 && ((st = ns_rows_set_num(rows, 5, bt->fit_b, 6)) ||
                       (st = ns_rows_set_num(rows, 6, bt->fit_will, 6)) ||
                       (st = ns_rows_set_num(rows, 7, bt->fit_f, 6)) ||
                       (st = ns_rows_setf(rows, 8, "%zu", bt->n_fitted)) ||
                       (st = ns_rows_set_num(rows, 9, bt->log_likelihood, 8)))) {
            break;
        }
        if (k == 0) {
            st = ns_rows_setf(rows, 10, "%zu", bt->grid_points);
        }
    }
    int rc = st == NS_OK
                 ? cli_write_rows(cli, rows, "History backtest: the scores and the in-sample fit")
                 : cli_fail(cli, st);
    ns_rows_free(rows);
    return rc;
}

static const char history_help[] =
    "usage: normsim backtest history [--runs N] [--seed S] [--scenario FILE] [--param K=V]\n"
    "                                [--format table|csv|json] [--data DIR] [--verified V]\n"
    "\n"
    "Judge the process model on the recorded outcomes of the six GGEs and the two OEWGs\n"
    "(docs/PROCESS.md section 8), with the record of what states said and did as inputs\n"
    "(docs/RECORD.md). The global parameters forum_shopping b and will_scale are fitted by\n"
    "maximum likelihood over the recorded outcomes on a grid (b in 0.1 .. 1, will_scale in\n"
    "3 .. 64, f = 0.5: 72 points), one set for all sessions, never per session: 2\n"
    "coefficients fitted to the outcomes. p is P(consensus report) by Monte Carlo at\n"
    "the fitted parameters (in sample); p_loo at the parameters fitted without the\n"
    "session being predicted (leave one session out). right: 1 when p >= 0.5 and a report\n"
    "was adopted, or p < 0.5 and none was. Brier score: mean (p - actual)^2.\n"
    "\n"
    "It replays every session at every grid point: about ten seconds with the default 10\n"
    "replicates per session (5 for the open-ended groups); --table ablation runs ten\n"
    "backtests, a few minutes.\n"
    "\n"
    "options:\n"
    "  --runs N      replicates per session and grid point (default 10; 5 for bodies of\n"
    "                more than 50 members; N sets both)\n"
    "  --seed S      random seed (default 1)\n"
    "  --scenario F  backtest a scenario's world (its recorded bodies keep their outcomes)\n"
    "  --param K=V   fix a parameter that is not on the grid (persuasion, loss, ...;\n"
    "                all: normsim params process)\n"
    "  --table T     sessions (default): in sample and leave one out per session;\n"
    "                forward: each session from the third on, fitted only on the sessions\n"
    "                that ended before it began (columns event, actual, p_forward,\n"
    "                right_forward, trained_on, forum_shopping, will_scale, base_rate);\n"
    "                ablation: every rule of the record, each switched off in turn, and\n"
    "                none, with every score and the number of coefficients fitted;\n"
    "                scores: the totals and the fit for programs, one row per scope\n"
    "                (in_sample, leave_one_out, forward, base_rate_in_sample,\n"
    "                base_rate_leave_one_out, base_rate_forward) with right, n, brier,\n"
    "                log_score and, in sample, the fitted forum_shopping, will_scale,\n"
    "                summary_record, coefficients, log_likelihood, grid_points\n"
    "  --param record=1 (or record_will, record_stances, record_salience,\n"
    "                record_views, record_agenda =1) switch the record's rules on\n"
    "                (docs/RECORD.md 3)\n"
    "  --coarse      the first grid, 12 points (b in 0.25, 0.5, 0.75; will_scale in 6, 9,\n"
    "                12, 16), on which the process defaults b = 0.25, will 6 were fitted\n"
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
    "  normsim backtest history --runs 4 --seed 2\n"
    "  normsim backtest history --table forward\n"
    "  normsim backtest history --table ablation --format csv > ablation.csv\n";

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
    bool coarse = false;
    /* --coarse: the first grid, 12 points (docs/PROCESS.md section 8's tables). */
    static const double coarse_b[] = {0.25, 0.5, 0.75};
    static const double coarse_will[] = {6, 9, 12, 16};
    const char *which = "sessions";
    ns_rows_t *ablation = NULL;
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
        if (strcmp(argv[i], "--coarse") == 0) {
            coarse = true;
            continue;
        }
        if (strcmp(argv[i], "--table") == 0) {
            if (i + 1 >= argc ||
                (strcmp(argv[i + 1], "sessions") != 0 && strcmp(argv[i + 1], "forward") != 0 &&
                 strcmp(argv[i + 1], "ablation") != 0 && strcmp(argv[i + 1], "scores") != 0)) {
                rc = cli_usage(cli, "backtest",
                               "history: --table wants sessions, forward, ablation or "
                               "scores");
                goto cleanup;
            }
            which = argv[++i];
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
    if (coarse) {
        grid.forum_shopping = coarse_b;
        grid.n_forum_shopping = sizeof coarse_b / sizeof coarse_b[0];
        grid.will_scale = coarse_will;
        grid.n_will_scale = sizeof coarse_will / sizeof coarse_will[0];
    }
    if (quick) {
        grid.forum_shopping = quick_b;
        grid.n_forum_shopping = sizeof quick_b / sizeof quick_b[0];
        grid.will_scale = quick_will;
        grid.n_will_scale = sizeof quick_will / sizeof quick_will[0];
    }
    if (strcmp(which, "ablation") == 0) {
        rc = history_ablation(cli, w, &params, &grid, opts.scenario);
        goto cleanup;
    }
    if ((st = ns_history_backtest(cli->ctx, w, &params, &grid, &bt)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (strcmp(which, "scores") == 0) {
        rc = write_scores(cli, &bt);
        goto cleanup;
    }
    if (strcmp(which, "forward") == 0) {
        if (cli->format != NS_FORMAT_TABLE) {
            rc = cli_write_rows(cli, bt.forward, NULL);
            goto cleanup;
        }
        snprintf(title, sizeof title,
                 "Forward backtest: each session from the third on, forecast with b and "
                 "will_scale fitted only on the sessions that ended before it began (%zu "
                 "coefficients fitted; grid of %zu points)",
                 bt.n_fitted, bt.grid_points);
        if ((rc = cli_write_rows(cli, bt.forward, title)) == CLI_EXIT_OK) {
            cli_prose_t prose;
            FILE *out = cli_prose_open(&prose, cli, stdout);
            fprintf(out,
                    "\nforward:   %d of %zu right, Brier %.3f, log score %.3f "
                    "(%zu coefficients fitted)\n",
                    bt.right_forward, bt.n_forward, bt.brier_forward, bt.log_score_forward,
                    bt.n_fitted);
            fprintf(out,
                    "base rate: Brier %.3f, log score %.3f (the share of reports among the "
                    "sessions each fit saw)\n",
                    bt.base_brier_forward, bt.base_log_forward);
            cli_prose_close(&prose);
        }
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
    cli_prose_t prose;
    FILE *out = cli_prose_open(&prose, cli, stdout);
    fprintf(out,
            "\nin sample:     %d of %zu right, Brier %.3f, log score %.3f; fitted b = %g, "
            "will_scale = %g, f = %g (%zu coefficients fitted; log-likelihood %.3f, p smoothed "
            "as (adopted + 1/2) / (R + 1))\n",
            bt.right, bt.n, bt.brier, bt.log_score, bt.fit_b, bt.fit_will, bt.fit_f, bt.n_fitted,
            bt.log_likelihood);
    fprintf(out, "leave one out: %d of %zu right, Brier %.3f, log score %.3f\n", bt.right_loo, bt.n,
            bt.brier_loo, bt.log_score_loo);
    fprintf(out, "forward:       %d of %zu right, Brier %.3f, log score %.3f (--table forward)\n",
            bt.right_forward, bt.n_forward, bt.brier_forward, bt.log_score_forward);
    fprintf(out,
            "base rate:     always predicting the majority outcome is right %d of %zu; a "
            "constant p of the share of reports scores Brier %.3f, log score %.3f in sample, "
            "%.3f and %.3f leave one out, %.3f and %.3f forward\n",
            (int)majority_right(bt.rows), bt.n, bt.base_brier, bt.base_log, bt.base_brier_loo,
            bt.base_log_loo, bt.base_brier_forward, bt.base_log_forward);
    cli_prose_close(&prose);

cleanup:
    ns_rows_free(ablation);
    ns_rows_free(table);
    ns_history_backtest_free(&bt);
    ns_world_free(w);
    return rc;
}
