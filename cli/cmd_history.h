/* The process model's commands share these: `normsim backtest history` (wired from
 * cmd_backtest.c), and the options that `negotiate`, `run` and `backtest history` have in
 * common (--scenario, --runs, --seed).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_CLI_CMD_HISTORY_H
#define NS_CLI_CMD_HISTORY_H

#include "cli.h"

/* `normsim backtest history ...`: argv[0] is "history". Returns an exit code. */
int cli_backtest_history(cli_t *cli, int argc, char **argv);

/* Options of the process commands. */
typedef struct cli_process_opts {
    const char *scenario;  /* --scenario FILE, or NULL */
    const char *runs;      /* --runs N, or NULL */
    const char *seed;      /* --seed S, or NULL */
    const char *param[16]; /* --param KEY=VALUE (a world parameter), in order */
    size_t n_param;
} cli_process_opts_t;

/* If argv[*i] is --scenario, --runs, --seed or --param, consume it and return 1; 0 if not; -1
 * after a usage error. */
int cli_process_option(cli_t *cli, const char *command, int argc, char **argv, int *i,
                       cli_process_opts_t *opts);

/* Load the world (the scenario's, or the data's) and the parameters: defaults, then the
 * world's parameters, then the scenario's seed, then --runs and --seed. Prints the error
 * and returns the exit code on failure (0 on success). */
int cli_process_setup(cli_t *cli, const char *command, const cli_process_opts_t *opts,
                      ns_world_t **world, ns_process_params_t *params);

/* One line naming everything a number depends on: data version, model, parameters,
 * replicates and seed (and the scenario file). Written into buf. */
void cli_process_provenance(const ns_world_t *w, const ns_process_params_t *p, const char *scenario,
                            char *buf, size_t size);

#endif
