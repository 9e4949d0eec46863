/* normsim export: a table of a study file as CSV.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: normsim export STUDY.sqlite TABLE [-o FILE]\n"
    "\n"
    "Write a table of a study as CSV (one header row, commas, RFC 4180 quoting, no\n"
    "comments: it loads in pandas and R without options) to standard output or FILE.\n"
    "The study is only read: a read-only file, folder or file system is fine.\n"
    "\n"
    "tables:\n"
    "  results   point,replicate,metric,value: every replicate's metrics in long format,\n"
    "            sorted by (point, replicate, metric), values with 17 significant digits;\n"
    "            a metric not defined for a replicate is an empty field. Equal studies\n"
    "            export identical bytes, whatever the threads, shards or resumes.\n"
    "  points    point and one column per varied parameter\n"
    "  summary   point, parameters, metric, n, mean, sd, se, ci_low, ci_high (95 %)\n"
    "  study     key,value: the provenance (scenario, versions, seed, grid, ...)\n"
    "\n"
    "options:\n"
    "  --format F          csv (default), json (an array of objects) or table\n"
    "  -o, --output FILE   write to FILE (removed again if writing fails; a symbolic\n"
    "                      link at FILE is refused)\n"
    "\n"
    "examples:\n"
    "  normsim sweep examples/frontier.yaml --vary body_size=15,25 --runs 20 -o frontier.sqlite\n"
    "  normsim export frontier.sqlite results -o results.csv\n"
    "  normsim export frontier.sqlite summary\n"
    "\n"
    "exit codes: 0 written, 1 failure (unreadable study, disk full), 2 bad usage, not a\n"
    "normsim study, unknown table.\n";

static int run_export(cli_t *cli, int argc, char **argv)
{
    const char *args[2] = {NULL, NULL};
    const char *output = NULL;
    size_t n_args = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            return CLI_EXIT_OK;
        }
        if ((r = cli_common_option(cli, "export", argc, argv, &i)) != 0 ||
            (r = cli_option_value(cli, "export", "--output", argc, argv, &i, &v)) != 0 ||
            (r = cli_option_value(cli, "export", "-o", argc, argv, &i, &v)) != 0) {
            if (r < 0) {
                return CLI_EXIT_USAGE;
            }
            if (v != NULL) {
                output = v;
            }
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage(cli, "export", "unknown option '%s'", argv[i]);
        }
        if (n_args == 2) {
            return cli_usage(cli, "export", "too many arguments ('%s')", argv[i]);
        }
        args[n_args++] = argv[i];
    }
    if (n_args < 2) {
        return cli_usage(cli, "export", "a study file and a table are required");
    }
    ns_store_t *store = NULL;
    ns_status st = ns_store_open(cli->ctx, args[0], NS_STORE_READ, &store);
    if (st != NS_OK) {
        return cli_fail(cli, st);
    }
    FILE *out = stdout;
    /* Never through a symbolic link planted at the output's name. */
    if (output != NULL && (st = ns_file_open_write(cli->ctx, output, &out)) != NS_OK) {
        ns_store_close(store);
        return cli_fail(cli, st);
    }
    int written = CLI_EXIT_OK; /* cli_write_rows prints its own error */
    if (!cli->format_given) {
        cli->format = NS_FORMAT_CSV; /* export writes files for programs by default */
    }
    if (cli->format == NS_FORMAT_CSV && cli->columns == NULL) {
        st = ns_store_export(cli->ctx, store, args[1], out);
    } else {
        /* json or a table: the CSV, read back as rows. */
        char *buf = NULL;
        size_t len = 0;
        ns_rows_t *rows = NULL;
        FILE *mem = open_memstream(&buf, &len);
        st = mem != NULL ? ns_store_export(cli->ctx, store, args[1], mem)
                         : ns_error(cli->ctx, NS_ENOMEM, "out of memory");
        if (mem != NULL && fclose(mem) != 0 && st == NS_OK) {
            st = ns_error(cli->ctx, NS_ENOMEM, "out of memory");
        }
        if (st == NS_OK && (st = cli_rows_from_csv(cli, buf, len, &rows)) == NS_OK) {
            written = cli_write_table_to(cli, rows, NULL, NULL, out); /* --columns too */
        }
        ns_rows_free(rows);
        free(buf);
    }
    ns_store_close(store);
    if (output != NULL) {
        if (fclose(out) != 0 && st == NS_OK) {
            st = ns_error_at(cli->ctx, NS_EIO, output, 0, 0, NULL, "writing failed (%s)",
                             strerror(errno));
        }
        if (st != NS_OK || written != CLI_EXIT_OK) {
            remove(output);
        }
    }
    if (written != CLI_EXIT_OK) {
        return written;
    }
    return st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
}

const cli_command_t cli_cmd_export = {"export", "write a table of a study file as CSV", help,
                                      run_export};
