/* normsim check: validate scenario files and report every problem with its place.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <string.h>

typedef struct check_run {
    size_t problems; /* In the file being checked. */
    ns_rows_t *rows; /* csv and json: one row per problem and per valid file. */
} check_run_t;

/* The columns of csv and json: status is "ok" (with the world's size) or "problem". */
static const char *const check_cols[] = {"file",    "status", "line",   "col",       "field",
                                         "message", "states", "bodies", "dimensions"};

static void add_row(check_run_t *run, const char *file, const char *status, int line, int col,
                    const char *field, const char *message)
{
    if (ns_rows_add(run->rows) != NS_OK) {
        return;
    }
    ns_rows_set(run->rows, 0, file);
    ns_rows_set(run->rows, 1, status);
    if (line > 0) {
        ns_rows_setf(run->rows, 2, "%d", line);
    }
    if (col > 0) {
        ns_rows_setf(run->rows, 3, "%d", col);
    }
    ns_rows_set(run->rows, 4, field);
    ns_rows_set(run->rows, 5, message);
}

/* One problem per line, "FILE:LINE:COL: field: message", as compilers write them, so
 * that editors can jump to it; in csv and json a row. */
static void print_problem(const ns_diag_t *d, void *user)
{
    check_run_t *run = user;
    run->problems++;
    if (run->rows != NULL) {
        add_row(run, d->file, "problem", d->line, d->line > 0 ? d->col : 0, d->field, d->message);
        return;
    }
    fprintf(stderr, "%s", d->file);
    if (d->line > 0) {
        fprintf(stderr, ":%d", d->line);
        if (d->col > 0) {
            fprintf(stderr, ":%d", d->col);
        }
    }
    if (d->field[0] != '\0') {
        fprintf(stderr, ": %s", d->field);
    }
    fprintf(stderr, ": %s\n", d->message);
}

/* Whether a status from loading or checking means the input is bad (exit 2) rather than
 * a failure while running (exit 1). A missing or unreadable scenario is bad input. */
static bool bad_input(ns_status st)
{
    return st == NS_EINVAL || st == NS_EPARSE || st == NS_ERANGE || st == NS_ENOTFOUND ||
           st == NS_ELIMIT || st == NS_EIO;
}

/* Check one file. Returns the exit code for it. */
static int check_file(cli_t *cli, const char *path, bool quiet, size_t *problems, ns_rows_t *rows)
{
    ns_scenario_t *sc = NULL;
    ns_world_t *world = NULL;
    check_run_t run = {0, rows};
    int rc = CLI_EXIT_OK;

    ns_ctx_clear_error(cli->ctx);
    ns_status st = ns_scenario_load_file(cli->ctx, path, &sc);
    if (st != NS_OK) {
        /* The context's message already reads "FILE:LINE:COL: message". */
        const char *msg = ns_ctx_errmsg(cli->ctx);
        if (rows != NULL) {
            add_row(&run, path, "problem", 0, 0, "", msg[0] != '\0' ? msg : ns_status_str(st));
        } else {
            fprintf(stderr, "%s\n", msg[0] != '\0' ? msg : ns_status_str(st));
        }
        if (bad_input(st)) {
            *problems += 1;
            rc = CLI_EXIT_USAGE;
        } else {
            rc = CLI_EXIT_FAILURE;
        }
        goto cleanup;
    }
    st = ns_scenario_check(cli->ctx, sc, &cli->data, print_problem, &run, NULL);
    *problems += run.problems;
    if (run.problems > 0) {
        rc = CLI_EXIT_USAGE;
        goto cleanup;
    }
    if (st == NS_OK) {
        st = ns_scenario_build_world(cli->ctx, sc, &cli->data, &world);
    }
    if (st != NS_OK) {
        /* The scenario could not be checked: the base data did not load, or memory ran
         * out. */
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (rows != NULL) {
        add_row(&run, path, "ok", 0, 0, "", "");
        ns_rows_setf(rows, 6, "%zu", ns_world_state_count(world));
        ns_rows_setf(rows, 7, "%zu", ns_world_body_count(world));
        ns_rows_setf(rows, 8, "%zu", ns_world_dimension_count(world));
    } else if (!quiet) {
        printf("%s: ok (%zu states, %zu bodies, %zu dimensions)\n", path,
               ns_world_state_count(world), ns_world_body_count(world),
               ns_world_dimension_count(world));
    }

cleanup:
    ns_world_free(world);
    ns_scenario_free(sc);
    return rc;
}

static int run_check(cli_t *cli, int argc, char **argv)
{
    bool quiet = false;
    bool options = true;
    int n_files = 0;
    /* Options may come before or after the files (until "--"); the files move to the
     * front of argv, in their order. */
    for (int i = 1; i < argc; i++) {
        if (!options || argv[i][0] != '-' || argv[i][1] == '\0') {
            argv[1 + n_files++] = argv[i];
            continue;
        }
        if (strcmp(argv[i], "--") == 0) {
            options = false;
            continue;
        }
        if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = true;
            continue;
        }
        int r = cli_common_option(cli, "check", argc, argv, &i);
        if (r < 0) {
            return CLI_EXIT_USAGE;
        }
        if (r == 0) {
            return cli_usage(cli, "check", "unknown option '%s'", argv[i]);
        }
    }
    if (n_files == 0) {
        return cli_usage(cli, "check", "no scenario file given");
    }
    argc = 1 + n_files;
    n_files = 0;
    int i = 1;
    int rc = CLI_EXIT_OK;
    size_t problems = 0;
    size_t bad_files = 0;
    ns_rows_t *rows = NULL;
    ns_status st = NS_OK;
    if (cli->format != NS_FORMAT_TABLE &&
        (st = ns_rows_new(cli->ctx, check_cols, sizeof check_cols / sizeof check_cols[0], &rows)) !=
            NS_OK) {
        return cli_fail(cli, st);
    }
    for (; i < argc; i++) {
        n_files++;
        int file_rc = check_file(cli, argv[i], quiet, &problems, rows);
        if (file_rc != CLI_EXIT_OK) {
            bad_files++;
        }
        /* A failure while running outranks bad input: the results are incomplete. */
        if (file_rc == CLI_EXIT_FAILURE || (file_rc == CLI_EXIT_USAGE && rc == CLI_EXIT_OK)) {
            rc = file_rc;
        }
    }
    if (rows != NULL) {
        int wrc = cli_write_rows(cli, rows, NULL);
        rc = rc == CLI_EXIT_OK ? wrc : rc;
        ns_rows_free(rows);
    }
    if (problems > 0 || bad_files > 0) {
        fprintf(stderr, "%s: check: %zu problem%s in %zu of %d file%s\n", cli->prog, problems,
                problems == 1 ? "" : "s", bad_files, n_files, n_files == 1 ? "" : "s");
    } else if (!quiet) {
        /* Not an error: no "normsim:" prefix. */
        fprintf(stderr, "check: %d file%s, no problems\n", n_files, n_files == 1 ? "" : "s");
    }
    return rc;
}

const cli_command_t cli_cmd_check = {
    "check", "validate scenario files, reporting every problem with file:line:column",
    "usage: normsim check [OPTIONS] FILE... [OPTIONS]\n"
    "\n"
    "Validate scenario files (YAML) against the scenario format and against their base\n"
    "world, and report every problem, not only the first. Each problem is printed to\n"
    "standard error on its own line as\n"
    "\n"
    "  FILE:LINE:COLUMN: FIELD: MESSAGE\n"
    "\n"
    "for example\n"
    "\n"
    "  gge.yaml:14:43: states[USA].positions.ihl.salience: 1.5 is outside [0, 1]\n"
    "\n"
    "followed by a summary line. A file without problems prints\n"
    "\"FILE: ok (N states, M bodies, K dimensions)\" to standard output: the size of the\n"
    "world the scenario builds. With --format csv or json the problems and the valid\n"
    "files are rows on standard output instead: file, status (ok or problem), line,\n"
    "col, field, message, and for a valid file states, bodies, dimensions.\n"
    "\n"
    "What is checked: YAML syntax (also binary, empty and truncated files); unknown keys\n"
    "at any level (with a suggestion); the format version (normsim: 1); unknown ISO3\n"
    "codes (with the closest known code) and unknown dimension ids; values out of range\n"
    "(salience outside [0,1], a position outside its dimension's scale, negative\n"
    "capability, will or seats, k above the number of members, years outside\n"
    "1945..2100, .nan and .inf); duplicate states, stakeholders, bodies, dimensions,\n"
    "keys and members; wrong types (text where a number is expected, a list where a\n"
    "mapping is); bodies with membership list or historical but no members, and chairs\n"
    "that are not members; parameters: against the parameter registry ('normsim\n"
    "params': unknown keys with the nearest names, ranges and types, a .<BODY> suffix\n"
    "naming no body of the scenario's world, a .<CAMP> suffix naming no camp). The\n"
    "format is described in include/normsim/scenario.h and\n"
    "in examples/un_2017_sketch.yaml.\n"
    "\n"
    "options:\n"
    "  -q, --quiet       print only problems (no ok lines, no summary when all pass)\n"
    "  --data DIR        base world for 'base: un' from the CSVs in DIR\n"
    "  --verified V      rows of the base world to use: yes, partly or all (default)\n"
    "  --format F        table (default: the lines above), csv or json\n"
    "  --                end of options (for file names that start with '-')\n"
    "\n"
    "exit status:\n"
    "  0  every file is valid\n"
    "  1  a failure while running (out of memory, the base data could not be loaded)\n"
    "  2  bad usage, or at least one file has a problem (including a missing or\n"
    "     unreadable file)\n"
    "\n"
    "examples:\n"
    "  normsim check examples/un_2017_sketch.yaml examples/scratch.yaml\n"
    "  normsim check --quiet examples/gge5_15_members.yaml && echo valid\n"
    "  normsim --data ./data check examples/gge5_15_members.yaml\n",
    run_check};
