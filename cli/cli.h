/* The normsim command line: a thin client of libnormsim. Each command lives in its own
 * cli/cmd_<name>.c and is listed in main.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_CLI_H
#define NS_CLI_H

#include "normsim/normsim.h"

#include <stdio.h>

/* Exit codes (documented in the README and the man page). */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

typedef struct cli {
    ns_ctx_t *ctx;
    ns_data_options_t data; /* --data DIR, --verified yes|partly|all */
    ns_format_t format;     /* --format table|csv|json */
    bool format_given;
    bool wide;           /* --wide: tables with every column, unwrapped */
    const char *columns; /* --columns a,b,c: the columns to print, in order (NULL: all) */
    const char *prog;    /* "normsim" */
} cli_t;

typedef struct cli_command {
    const char *name;
    const char *summary; /* One line for `normsim --help`. */
    const char *help;    /* Full text for `normsim help NAME`, ending in a newline. */
    int (*run)(cli_t *cli, int argc, char **argv); /* argv[0] is the command name. */
} cli_command_t;

/* Print "normsim: MESSAGE" (the context's error) to stderr and return the exit code for
 * the status: 2 for bad input or usage, 1 for a failure while running. */
int cli_fail(cli_t *cli, ns_status st);
/* Print "normsim: COMMAND: MESSAGE" and "see 'normsim help COMMAND'", return 2. */
int cli_usage(cli_t *cli, const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Options shared by every command: --format F, --data DIR, --verified V, --wide,
 * --columns LIST. If argv[*i] is
 * one of them, consume it (and its value), and return 1; return 0 if it is not; return
 * -1 after printing a usage error (the exit code is then 2). */
int cli_common_option(cli_t *cli, const char *command, int argc, char **argv, int *i);
/* If argv[*i] is `name` (or `name=value`), store its value and return 1; 0 if not;
 * -1 after a usage error (missing value). */
int cli_option_value(cli_t *cli, const char *command, const char *name, int argc, char **argv,
                     int *i, const char **value);

/* Load the world that --data and --verified describe. Prints the error itself and
 * returns the exit code on failure (0 on success). */
int cli_load_world(cli_t *cli, ns_world_t **out);

/* Write a table in the chosen format to stdout; returns an exit code. */
int cli_write_rows(cli_t *cli, const ns_rows_t *rows, const char *title);
/* The same; `secondary` (comma-separated column names, NULL for none) are the columns
 * the table format leaves out first when the table is wider than the output (cli/table.c).
 * The title is wrapped at the output width. */
int cli_write_table(cli_t *cli, const ns_rows_t *rows, const char *title, const char *secondary);
/* The same to `out` (a file a command writes: --columns apply, a table fits 100 columns). */
int cli_write_table_to(cli_t *cli, const ns_rows_t *rows, const char *title, const char *secondary,
                       FILE *out);

/* The width prose and tables fit: the terminal's when standard output is one (COLUMNS,
 * else the window size), 100 otherwise. */
size_t cli_width(void);
/* Write text, each of its lines wrapped at spaces to `width` columns; continuation lines
 * keep the line's indentation (and a "- " list item's). */
void cli_wrap(FILE *out, const char *text, size_t width);
/* cli_wrap to standard output at cli_width(); unwrapped with --wide. */
void cli_print_wrapped(const cli_t *cli, const char *text);

/* CSV text (a header row, then rows) as rows, for commands whose library call writes
 * CSV and that print json or a table on request. */
ns_status cli_rows_from_csv(cli_t *cli, const char *text, size_t len, ns_rows_t **out);

/* Prose written piece by piece (fprintf to the FILE that cli_prose_open returns) and
 * printed wrapped at cli_width() (unwrapped with --wide) to `to` by cli_prose_flush (call
 * it before printing a table) and cli_prose_close. */
typedef struct cli_prose {
    const cli_t *cli;
    FILE *f, *to;
    char *buf;
    size_t len;
} cli_prose_t;
FILE *cli_prose_open(cli_prose_t *p, const cli_t *cli, FILE *to);
void cli_prose_flush(cli_prose_t *p);
void cli_prose_close(cli_prose_t *p);

#endif
