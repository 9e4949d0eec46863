/* normsim params: list the parameters a scenario, --param or --vary can set, from the
 * parameter registry (normsim/params.h) and the models' own declarations.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: normsim params [OWNER] [--format table|csv|json]\n"
    "\n"
    "List every parameter that can be set, each declared once: its owner, name (a key\n"
    "with a suffix is written NAME.<BODY> or NAME.<CAMP>: the id of a body of the world,\n"
    "or a camp of the position model: NATO, EU, FiveEyes, SCO, CSTO, BRICS, NAM), type\n"
    "(real, int, switch 0/1, enum), allowed values, default (empty: none; the description\n"
    "says what applies) and a one-line description.\n"
    "\n"
    "Owners:\n"
    "  process     the negotiation model: a scenario's parameters: section or --param\n"
    "              of run, negotiate, backtest history (docs/PROCESS.md section 2)\n"
    "  diffusion   diffusion.* keys of a scenario (docs/DIFFUSION.md)\n"
    "  MODEL       a collective-decision model of 'normsim models': forecast --param\n"
    "  STUDY       a study model of 'normsim sweep' (frontier, toy): --vary\n"
    "Without OWNER, all of them in that order.\n"
    "\n"
    "An unknown key, a suffix that names no body or camp, or a value outside its range\n"
    "is refused with exit status 2 wherever it is given (the message names the key, the\n"
    "nearest declared names and, in a scenario, the file and line); 'normsim check'\n"
    "validates a scenario's parameters against this list. An enum is given by the index\n"
    "of its choice in a scenario (loss: 1) and by index or name with --param\n"
    "(--param loss=quadratic).\n"
    "\n"
    "options:\n"
    "  --format F   table (default), csv or json: columns owner, parameter, type,\n"
    "               allowed, default, description\n"
    "\n"
    "examples:\n"
    "  normsim params process\n"
    "  normsim params diffusion --format csv\n"
    "  normsim params eum\n"
    "\n"
    "exit codes: 0 success, 2 bad usage or an unknown owner.\n";

static int run_params(cli_t *cli, int argc, char **argv)
{
    const char *owner = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_common_option(cli, "params", argc, argv, &i);
        if (r < 0) {
            return CLI_EXIT_USAGE;
        }
        if (r > 0) {
            continue;
        }
        if (argv[i][0] == '-' || owner != NULL) {
            return cli_usage(cli, "params", "unexpected argument '%s'", argv[i]);
        }
        owner = argv[i];
    }
    ns_rows_t *rows = NULL;
    ns_status st = ns_param_rows(cli->ctx, owner, &rows);
    if (st != NS_OK) {
        return cli_fail(cli, st);
    }
    int rc = cli_write_rows(cli, rows, "parameters: declared once each (normsim/params.h)");
    ns_rows_free(rows);
    return rc;
}

const cli_command_t cli_cmd_params = {
    "params", "list the parameters of the process, diffusion, models and studies", help,
    run_params};
