/* Shared helpers of the command line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

int cli_fail(cli_t *cli, ns_status st)
{
    const char *msg = ns_ctx_errmsg(cli->ctx);
    fprintf(stderr, "%s: %s\n", cli->prog, msg[0] != '\0' ? msg : ns_status_str(st));
    switch (st) {
    case NS_EINVAL:
    case NS_EPARSE:
    case NS_ERANGE:
    case NS_ENOTFOUND:
    case NS_ELIMIT: return CLI_EXIT_USAGE;
    default: return CLI_EXIT_FAILURE;
    }
}

int cli_usage(cli_t *cli, const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: %s: ", cli->prog, command);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see '%s help %s')\n", cli->prog, command);
    va_end(ap);
    return CLI_EXIT_USAGE;
}

int cli_option_value(cli_t *cli, const char *command, const char *name, int argc, char **argv,
                     int *i, const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) {
        return 0;
    }
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0') {
        return 0;
    }
    if (*i + 1 >= argc) {
        cli_usage(cli, command, "%s needs a value", name);
        return -1;
    }
    *i += 1;
    *value = argv[*i];
    return 1;
}

int cli_common_option(cli_t *cli, const char *command, int argc, char **argv, int *i)
{
    const char *v = NULL;
    int r;
    if ((r = cli_option_value(cli, command, "--format", argc, argv, i, &v)) != 0) {
        if (r < 0) {
            return -1;
        }
        if (ns_format_parse(v, &cli->format) != NS_OK) {
            cli_usage(cli, command, "--format must be table, csv or json, not '%s'", v);
            return -1;
        }
        cli->format_given = true;
        return 1;
    }
    if (strcmp(argv[*i], "--wide") == 0) {
        cli->wide = true;
        return 1;
    }
    if ((r = cli_option_value(cli, command, "--columns", argc, argv, i, &v)) != 0) {
        if (r > 0) {
            cli->columns = v;
        }
        return r;
    }
    if ((r = cli_option_value(cli, command, "--data", argc, argv, i, &v)) != 0) {
        if (r > 0) {
            cli->data.dir = v;
        }
        return r;
    }
    if ((r = cli_option_value(cli, command, "--verified", argc, argv, i, &v)) != 0) {
        if (r < 0) {
            return -1;
        }
        if (strcmp(v, "all") == 0) {
            cli->data.filter = NS_FILTER_ALL;
        } else if (strcmp(v, "partly") == 0) {
            cli->data.filter = NS_FILTER_PARTLY;
        } else if (strcmp(v, "yes") == 0) {
            cli->data.filter = NS_FILTER_VERIFIED;
        } else {
            cli_usage(cli, command, "--verified must be yes, partly or all, not '%s'", v);
            return -1;
        }
        return 1;
    }
    return 0;
}

int cli_load_world(cli_t *cli, ns_world_t **out)
{
    ns_status st = ns_data_load(cli->ctx, &cli->data, out);
    return st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
}

int cli_write_rows(cli_t *cli, const ns_rows_t *rows, const char *title)
{
    return cli_write_table(cli, rows, title, NULL);
}
