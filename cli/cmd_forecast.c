/* normsim forecast: placeholder until its issue lands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

static int run_forecast(cli_t *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s: forecast: not built yet\n", cli->prog);
    return CLI_EXIT_FAILURE;
}

const cli_command_t cli_cmd_forecast = {"forecast", "(not built yet)", "normsim forecast: not built yet\n", run_forecast};
