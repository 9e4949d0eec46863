/* normsim import: placeholder until its issue lands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

static int run_import(cli_t *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s: import: not built yet\n", cli->prog);
    return CLI_EXIT_FAILURE;
}

const cli_command_t cli_cmd_import = {"import", "(not built yet)", "normsim import: not built yet\n", run_import};
