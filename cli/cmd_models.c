/* normsim models: placeholder until its issue lands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

static int run_models(cli_t *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s: models: not built yet\n", cli->prog);
    return CLI_EXIT_FAILURE;
}

const cli_command_t cli_cmd_models = {"models", "(not built yet)", "normsim models: not built yet\n", run_models};
