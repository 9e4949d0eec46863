/* normsim backtest: judge a model on the recorded outcomes. `backtest votes` runs the
 * vote model's leave-one-resolution-out backtest (normsim/vote.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include "cmd_history.h"
#include "normsim/vote.h"

#include <string.h>

static const char backtest_help[] =
    "usage: normsim backtest votes [--table summary|confusion|states] [--plot DIR]\n"
    "                              [--format table|csv|json] [--data DIR] [--verified V]\n"
    "       normsim backtest history [--runs N] [--seed S] [--scenario F] [--format F]\n"
    "         (the six GGEs and two OEWGs, predicted against actual, in sample and leave\n"
    "         one session out; csv columns event,actual,p,right,p_loo,right_loo;\n"
    "         docs/PROCESS.md section 8)\n"
    "\n"
    "Leave-one-resolution-out backtest of the vote model over the recorded General\n"
    "Assembly roll calls (unga_votes.csv): for each roll call, the slope is fitted on the\n"
    "others and the roll call is forecast (docs/POSITIONS.md). Accuracy is the share of\n"
    "states whose vote is the predicted one, for six methods:\n"
    "  model_tally        the vote model, cut points fitted to the recorded tally\n"
    "  model              the vote model, cut points from the latest roll call of the same\n"
    "                     line before the year (cut_source line:SYMBOL), else from all\n"
    "                     earlier roll calls (pooled); empty when there is none\n"
    "  majority           baseline: every state votes as the plurality did\n"
    "  ideal_point_tally  baseline: states ordered by the general ideal point of the\n"
    "                     previous session alone, the tally's yes, abstain and no counts\n"
    "                     assigned down the order\n"
    "  sponsors_fwd       the model column with the sponsor rule (docs/RECORD.md 9):\n"
    "                     sponsors lean yes by r, and when the other camp tabled a\n"
    "                     competing draft (competing = yes) its members lean no by q; q\n"
    "                     and r are shares counted on the roll calls voted before this\n"
    "                     one (q_fwd, r_fwd; 0 when there is none)\n"
    "  sponsors_loo       the same with q and r counted on every other roll call (q_loo,\n"
    "                     r_loo); rule_params: the rule's fitted shares (2)\n"
    "\n"
    "options:\n"
    "  --table T    summary (default): one row per roll call with each method's\n"
    "               accuracy and the fitted slope (beta);\n"
    "               confusion: resolution, method, actual, predicted, count (long);\n"
    "               states: resolution, iso3, group, actual, predicted, p_yes,\n"
    "               p_abstain, p_no (the model with the tally)\n"
    "  --plot DIR   also write one figure per roll call, predicted against actual by UN\n"
    "               regional group, as SVG and PNG with the CSV data and the gnuplot\n"
    "               script beside (needs gnuplot)\n"
    "  --format F   table (default), csv or json\n"
    "\n"
    "exit codes: 0 ok; 2 bad usage; 1 on a failure (e.g. gnuplot missing with --plot).\n"
    "\n"
    "examples:\n"
    "  normsim backtest votes\n"
    "  normsim backtest votes --table confusion --format csv > confusion.csv\n"
    "  normsim backtest votes --plot figures/\n";

static int run_backtest(cli_t *cli, int argc, char **argv)
{
    const char *table = "summary";
    const char *plot = NULL;
    ns_world_t *w = NULL;
    ns_vote_backtest_t bt;
    memset(&bt, 0, sizeof bt);
    ns_status st = NS_OK;
    int rc = CLI_EXIT_OK;
    if (argc >= 2 && strcmp(argv[1], "history") == 0) {
        return cli_backtest_history(cli, argc - 1, argv + 1); /* cli/cmd_history.c */
    }
    if (argc < 2 || strcmp(argv[1], "votes") != 0) {
        rc = argc < 2 ? cli_usage(cli, "backtest", "what to backtest? votes")
                      : cli_usage(cli, "backtest", "no backtest '%s' (votes)", argv[1]);
        goto cleanup;
    }
    for (int i = 2; i < argc; i++) {
        int r = cli_common_option(cli, "backtest", argc, argv, &i);
        if (r == 0) {
            r = cli_option_value(cli, "backtest", "--table", argc, argv, &i, &table);
        }
        if (r == 0) {
            r = cli_option_value(cli, "backtest", "--plot", argc, argv, &i, &plot);
        }
        if (r == 0) {
            rc = cli_usage(cli, "backtest", "unknown argument '%s'", argv[i]);
            goto cleanup;
        }
        if (r < 0) {
            rc = CLI_EXIT_USAGE;
            goto cleanup;
        }
    }
    if (strcmp(table, "summary") != 0 && strcmp(table, "confusion") != 0 &&
        strcmp(table, "states") != 0) {
        rc = cli_usage(cli, "backtest", "--table must be summary, confusion or states, not '%s'",
                       table);
        goto cleanup;
    }
    if ((rc = cli_load_world(cli, &w)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    if ((st = ns_vote_backtest(cli->ctx, w, &bt)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (plot != NULL && (st = ns_vote_backtest_plot(cli->ctx, &bt, plot)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (strcmp(table, "summary") == 0) {
        rc = cli_write_rows(cli, bt.summary,
                            "Vote model, leave-one-resolution-out: accuracy per roll call");
    } else if (strcmp(table, "confusion") == 0) {
        rc = cli_write_rows(cli, bt.confusion, "Confusion matrices (actual x predicted)");
    } else {
        rc = cli_write_rows(cli, bt.states, "Forecasts with the tally, per state");
    }
cleanup:
    ns_vote_backtest_free(&bt);
    ns_world_free(w);
    return rc;
}

const cli_command_t cli_cmd_backtest = {
    "backtest", "judge a model on recorded outcomes (votes: the General Assembly roll calls)",
    backtest_help, run_backtest};
