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
    if ((st = ns_process_params_read(cli->ctx, *world, params)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (opts->runs != NULL) {
        params->replicates = (size_t)runs;
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

void cli_process_provenance(const ns_world_t *w, const ns_process_params_t *p,
                            const char *scenario, char *buf, size_t size)
{
    const ns_consensus_params_t *c = &p->consensus;
    snprintf(buf, size,
             "data %s; model: consensus drafting (model 7, %s loss, %s search); b=%g f=%g "
             "will_scale=%g persuasion=%g summary=%s; %zu replicates, seed %" PRIu64 "%s%s",
             ns_world_data_version(w), c->loss == NS_LOSS_QUADRATIC ? "quadratic" : "linear",
             c->search == NS_SEARCH_EXHAUSTIVE ? "exhaustive" : "greedy", c->forum_shopping,
             c->summary_record, c->will_scale, p->persuasion, c->summary_available ? "yes" : "no",
             p->replicates, p->seed, scenario != NULL ? "; scenario " : "",
             scenario != NULL ? scenario : "");
}

int cli_backtest_history(cli_t *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage(cli, "backtest", "history: not built yet");
}
