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

/* A figure's file stem, as the report names it: "fig-" and the metric with every
 * character but letters, digits, '-' and '_' replaced by '_'. */
static void figure_stem(const char *metric, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "fig-");
    for (const char *p = metric; *p != '\0' && used + 1 < size; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        buf[used++] = ok ? c : '_';
    }
    buf[used] = '\0';
}

static ns_status add_file(ns_rows_t *rows, const char *dir, const char *stem, const char *ext,
                          const char *kind, const char *metric)
{
    ns_status st = ns_rows_add(rows);
    if (st == NS_OK) {
        st = ns_rows_setf(rows, 0, "%s/%s%s", dir, stem, ext);
    }
    if (st == NS_OK) {
        st = ns_rows_set(rows, 1, kind);
    }
    return st == NS_OK ? ns_rows_set(rows, 2, metric) : st;
}

/* csv and json: one row per file written, with its kind (page, figure, data, script)
 * and the metric of a figure's files: the page, then per metric (in the order of the
 * study's summary) its data and script, and its SVG and PNG when drawn (gnuplot found;
 * a metric no replicate defined is not drawn). */
static int print_files(cli_t *cli, const ns_store_t *store, const char *dir, bool drawn)
{
    static const char *const cols[] = {"file", "kind", "metric"};
    ns_rows_t *summary = NULL, *rows = NULL;
    ns_status st = ns_store_summary(cli->ctx, store, &summary);
    if (st == NS_OK) {
        st = ns_rows_new(cli->ctx, cols, sizeof cols / sizeof cols[0], &rows);
    }
    if (st == NS_OK) {
        st = add_file(rows, dir, "index", ".html", "page", "");
    }
    /* The summary's columns: point, the parameters, metric, n, mean, sd, se, ci_low,
     * ci_high. */
    size_t col_metric = st == NS_OK ? ns_rows_find_column(summary, "metric") : SIZE_MAX;
    size_t col_n = st == NS_OK ? ns_rows_find_column(summary, "n") : SIZE_MAX;
    for (size_t r = 0; st == NS_OK && col_metric != SIZE_MAX && r < ns_rows_count(summary); r++) {
        const char *metric = ns_rows_cell(summary, r, col_metric);
        bool seen = false, defined = false;
        for (size_t q = 0; q < ns_rows_count(summary) && !seen; q++) {
            seen = q < r && strcmp(ns_rows_cell(summary, q, col_metric), metric) == 0;
        }
        for (size_t q = 0; q < ns_rows_count(summary) && !defined; q++) {
            defined = strcmp(ns_rows_cell(summary, q, col_metric), metric) == 0 &&
                      col_n != SIZE_MAX && strtoull(ns_rows_cell(summary, q, col_n), NULL, 10) > 0;
        }
        if (seen) {
            continue;
        }
        char stem[256];
        figure_stem(metric, stem, sizeof stem);
        if (drawn && defined) {
            st = add_file(rows, dir, stem, ".svg", "figure", metric);
            if (st == NS_OK) {
                st = add_file(rows, dir, stem, ".png", "figure", metric);
            }
        }
        if (st == NS_OK) {
            st = add_file(rows, dir, stem, ".csv", "data", metric);
        }
        if (st == NS_OK) {
            st = add_file(rows, dir, stem, ".gp", "script", metric);
        }
    }
    int rc = st == NS_OK ? cli_write_rows(cli, rows, NULL) : cli_fail(cli, st);
    ns_rows_free(rows);
    ns_rows_free(summary);
    return rc;
}

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
    size_t figures = 0;
    ns_status st = ns_store_open(cli->ctx, study, NS_STORE_READ, &store);
    if (st == NS_OK) {
        st = ns_report_write(cli->ctx, store, output, &opt, &figures);
    }
    int rc = CLI_EXIT_OK;
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
    } else if (cli->format != NS_FORMAT_TABLE || cli->columns != NULL) {
        rc = print_files(cli, store, output, figures > 0);
    } else {
        printf("%s/index.html: %zu figures\n", output, figures);
    }
    ns_store_close(store);
    if (rc == CLI_EXIT_OK && figures == 0) {
        /* A note, not an error: no "normsim:" prefix. */
        fputs("report: gnuplot not found; wrote the figures' data and scripts only\n", stderr);
    }
    return rc;
}

const cli_command_t cli_cmd_report = {"report", "write the HTML report of a study, with figures",
                                      help, run_report};
