/* normsim report: the HTML report of a study, with its figures.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: normsim report STUDY.sqlite [-o DIR] [--gnuplot PROGRAM] [--title TEXT]\n"
    "\n"
    "Write the report of a study into DIR (default: the study's name with -report):\n"
    "  index.html      self-contained: the figures inlined as SVG, the summary table,\n"
    "                  the study's provenance and scenario\n"
    "  fig-METRIC.svg  one figure per metric: the mean and its 95 % interval against the\n"
    "  fig-METRIC.png  first numeric parameter of the grid, one line per value of the\n"
    "                  other parameters\n"
    "  fig-METRIC.csv  the figure's data (header row, commas, no comments: loads in\n"
    "                  pandas and R without options)\n"
    "  fig-METRIC.gp   the gnuplot script that draws it (the data in datablocks); edit\n"
    "                  and run 'gnuplot fig-METRIC.gp' in DIR to restyle\n"
    "Without gnuplot the CSV files and scripts are still written and the page says so.\n"
    "The study may still be running: the report shows what is stored. The study is only\n"
    "read: a read-only file, folder or file system is fine.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR    the folder (created if missing; its files are overwritten;\n"
    "                      a symbolic link at DIR or at one of its files is refused)\n"
    "  --gnuplot PROGRAM   the gnuplot to run (default: gnuplot on the PATH)\n"
    "  --title TEXT        the page's title\n"
    "  --format F          table (default: a line naming the page and the figures), or\n"
    "                      csv or json: one row per file written, with file, kind (page,\n"
    "                      figure, data, script) and metric (a figure's)\n"
    "\n"
    "examples:\n"
    "  normsim sweep examples/frontier.yaml --vary body_size=15,25 --runs 20 -o frontier.sqlite\n"
    "  normsim report frontier.sqlite -o frontier-report\n"
    "\n"
    "exit codes: 0 written, 1 failure (cannot write DIR, gnuplot failed), 2 bad usage,\n"
    "not a normsim study, a study without results.\n";

static int run_report(cli_t *cli, int argc, char **argv)
{
    const char *study = NULL, *output = NULL;
    ns_report_options_t opt;
    memset(&opt, 0, sizeof opt);
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            return CLI_EXIT_OK;
        }
        if ((r = cli_common_option(cli, "report", argc, argv, &i)) != 0) {
            if (r < 0) {
                return CLI_EXIT_USAGE;
            }
            continue;
        }
        if ((r = cli_option_value(cli, "report", "--output", argc, argv, &i, &v)) != 0 ||
            (r = cli_option_value(cli, "report", "-o", argc, argv, &i, &v)) != 0) {
            if (r < 0) {
                return CLI_EXIT_USAGE;
            }
            output = v;
            continue;
        }
        if ((r = cli_option_value(cli, "report", "--gnuplot", argc, argv, &i, &v)) != 0) {
            if (r < 0) {
                return CLI_EXIT_USAGE;
            }
            opt.gnuplot = v;
            continue;
        }
        if ((r = cli_option_value(cli, "report", "--title", argc, argv, &i, &v)) != 0) {
            if (r < 0) {
                return CLI_EXIT_USAGE;
            }
            opt.title = v;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage(cli, "report", "unknown option '%s'", argv[i]);
        }
        if (study != NULL) {
            return cli_usage(cli, "report", "one study file only ('%s' and '%s')", study, argv[i]);
        }
        study = argv[i];
    }
    if (study == NULL) {
        return cli_usage(cli, "report", "a study file is required");
    }
    char dir[4096];
    if (output == NULL) {
        const char *dot = strrchr(study, '.');
        const char *slash = strrchr(study, '/');
        size_t len =
            dot != NULL && (slash == NULL || dot > slash) ? (size_t)(dot - study) : strlen(study);
        snprintf(dir, sizeof dir, "%.*s-report", (int)len, study);
        output = dir;
    }
    ns_store_t *store = NULL;
    ns_rows_t *files = NULL;
    size_t figures = 0;
    ns_status st = ns_store_open(cli->ctx, study, NS_STORE_READ, &store);
    if (st == NS_OK) {
        /* csv and json: one row per file written, as the library lists them. */
        bool list = cli->format != NS_FORMAT_TABLE || cli->columns != NULL;
        opt.files = list ? &files : NULL;
        st = ns_report_write(cli->ctx, store, output, &opt, &figures);
    }
    int rc = CLI_EXIT_OK;
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
    } else if (files != NULL) {
        rc = cli_write_rows(cli, files, NULL);
    } else {
        printf("%s/index.html: %zu figures\n", output, figures);
    }
    ns_rows_free(files);
    ns_store_close(store);
    if (rc == CLI_EXIT_OK && figures == 0) {
        /* A note, not an error: no "normsim:" prefix. */
        fputs("report: gnuplot not found; wrote the figures' data and scripts only\n", stderr);
    }
    return rc;
}

const cli_command_t cli_cmd_report = {"report", "write the HTML report of a study, with figures",
                                      help, run_report};
