/* normsim run: placeholder until its issue lands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

static int run_run(cli_t *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s: run: not built yet\n", cli->prog);
    return CLI_EXIT_FAILURE;
}

const cli_command_t cli_cmd_run = {"run", "(not built yet)", "normsim run: not built yet\n", run_run};
