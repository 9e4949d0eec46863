/* normsim: parse the command, hand it to cli/cmd_<name>.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

extern const cli_command_t cli_cmd_run;
extern const cli_command_t cli_cmd_data;
extern const cli_command_t cli_cmd_check;
extern const cli_command_t cli_cmd_models;
extern const cli_command_t cli_cmd_forecast;
extern const cli_command_t cli_cmd_validate;
extern const cli_command_t cli_cmd_winset;
extern const cli_command_t cli_cmd_import;
extern const cli_command_t cli_cmd_vote;
extern const cli_command_t cli_cmd_backtest;
extern const cli_command_t cli_cmd_diffuse;
extern const cli_command_t cli_cmd_sweep;
extern const cli_command_t cli_cmd_merge;
extern const cli_command_t cli_cmd_export;
extern const cli_command_t cli_cmd_report;
extern const cli_command_t cli_cmd_negotiate;
extern const cli_command_t cli_cmd_params;
extern const cli_command_t cli_cmd_serve;

static const cli_command_t *const commands[] = {
    &cli_cmd_run,       &cli_cmd_data,   &cli_cmd_check,  &cli_cmd_models, &cli_cmd_forecast,
    &cli_cmd_validate,  &cli_cmd_winset, &cli_cmd_import, &cli_cmd_vote,   &cli_cmd_backtest,
    &cli_cmd_diffuse,   &cli_cmd_sweep,  &cli_cmd_merge,  &cli_cmd_export, &cli_cmd_report,
    &cli_cmd_negotiate, &cli_cmd_params, &cli_cmd_serve,
};

static const cli_command_t *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i]->name, name) == 0) {
            return commands[i];
        }
    }
    return NULL;
}

/* `normsim COMMAND ... --help` prints the command's help (up to a `--`). */
static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            return true;
        }
    }
    return false;
}

static void print_help(FILE *out)
{
    fprintf(out, "usage: normsim [--data DIR] [--verified yes|partly|all] COMMAND [ARGS]\n"
                 "\n"
                 "Models, replays and forecasts of how states make international norms in\n"
                 "consensus bodies (UN GGE, OEWG, General Assembly).\n"
                 "\n"
                 "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    }
    fprintf(out,
            "  %-10s %s\n"
            "\n"
            "options for every command:\n"
            "  --data DIR        read the data CSVs from DIR instead of the built-in copy\n"
            "  --verified V      rows to use: yes (verified only), partly, all (default)\n"
            "  --format F        table (default), csv or json\n"
            "  --columns A,B,C   print these columns, in this order (every format)\n"
            "  --wide            tables with every column, unwrapped (by default a table\n"
            "                    fits the terminal, or 100 columns when not printing to one)\n"
            "  --help, --version\n"
            "\n"
            "exit codes: 0 success, 1 failure while running, 2 bad usage or bad input.\n"
            "The data directory can also be set with NORMSIM_DATA.\n",
            "help", "help COMMAND: the full help of a command");
}

static int help_command(cli_t *cli, int argc, char **argv)
{
    if (argc < 2) {
        print_help(stdout);
        return CLI_EXIT_OK;
    }
    const cli_command_t *cmd = find_command(argv[1]);
    if (cmd == NULL) {
        fprintf(stderr, "%s: help: no command '%s' (see '%s --help')\n", cli->prog, argv[1],
                cli->prog);
        return CLI_EXIT_USAGE;
    }
    fputs(cmd->help, stdout);
    return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    cli_t cli;
    memset(&cli, 0, sizeof cli);
    cli.prog = "normsim";
    cli.format = NS_FORMAT_TABLE;
    cli.data.filter = NS_FILTER_ALL;

    /* The library reads no environment variable; the command line does. */
    const char *env_data = getenv("NORMSIM_DATA");
    if (env_data != NULL && env_data[0] != '\0') {
        cli.data.dir = env_data;
    }

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help(stdout);
            return CLI_EXIT_OK;
        }
        if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
            printf("normsim %s (data %s)\n", ns_version(), ns_data_version());
            return CLI_EXIT_OK;
        }
        int r = cli_common_option(&cli, "normsim", argc, argv, &i);
        if (r < 0) {
            return CLI_EXIT_USAGE;
        }
        if (r == 0) {
            fprintf(stderr, "%s: unknown option '%s' (see '%s --help')\n", cli.prog, argv[i],
                    cli.prog);
            return CLI_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        print_help(stderr);
        return CLI_EXIT_USAGE;
    }
    if (ns_ctx_new(NULL, &cli.ctx) != NS_OK) {
        fprintf(stderr, "%s: out of memory\n", cli.prog);
        return CLI_EXIT_FAILURE;
    }
    int rc;
    if (strcmp(argv[i], "help") == 0) {
        rc = help_command(&cli, argc - i, argv + i);
    } else {
        const cli_command_t *cmd = find_command(argv[i]);
        if (cmd == NULL) {
            fprintf(stderr, "%s: unknown command '%s' (see '%s --help')\n", cli.prog, argv[i],
                    cli.prog);
            rc = CLI_EXIT_USAGE;
        } else {
            rc = wants_help(argc - i, argv + i) ? (fputs(cmd->help, stdout), CLI_EXIT_OK)
                                                : cmd->run(&cli, argc - i, argv + i);
        }
    }
    ns_ctx_free(cli.ctx);
    return rc;
}
