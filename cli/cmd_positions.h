/* normsim data positions: the position model's output and its account, state by state.
 * Wired under `normsim data` (cli/cmd_data.c calls it for the `positions` table).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_CLI_CMD_POSITIONS_H
#define NS_CLI_CMD_POSITIONS_H

#include "cli.h"

/* The full help text of `normsim data positions`. */
extern const char cli_data_positions_help[];

/* argv[0] is "positions"; the options follow. Returns an exit code. */
int cli_data_positions(cli_t *cli, int argc, char **argv);

#endif
