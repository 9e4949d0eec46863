/* normsim data: placeholder until its issue lands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

static int run_data(cli_t *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s: data: not built yet\n", cli->prog);
    return CLI_EXIT_FAILURE;
}

const cli_command_t cli_cmd_data = {"data", "(not built yet)", "normsim data: not built yet\n", run_data};
