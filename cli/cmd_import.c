/* normsim import: convert another tool's actor table into normsim's long CSV.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char import_help[] =
    "usage: normsim import decide|ktab|wide FILE [-o OUT.csv]\n"
    "\n"
    "Read an actor table written for another forecasting tool and write it as normsim's\n"
    "long CSV (issue,actor,position,salience,capability[,status_quo,outcome,scale_min,\n"
    "scale_max]), ready for 'normsim forecast'. Standard output unless -o is given.\n"
    "\n"
    "Formats:\n"
    "  decide  Decide's data file (as in its data/input/): rows tagged #A (actor id,\n"
    "          name), #P (issue id, name), #M (issue, position, meaning: labelled points\n"
    "          that set the issue's scale) and #D (actor, issue, position, salience,\n"
    "          power); #/ and #O rows are comments. Fields are separated by tabs (or\n"
    "          semicolons, or commas), may be quoted with ' or \", and numbers may have a\n"
    "          decimal comma. Saliences above 1 anywhere in the file mean percentages.\n"
    "  ktab    KTAB's actor CSV (as in its examples/smp/doc/): a scenario row (name,\n"
    "          description, number of actors, number of dimensions), then the header\n"
    "          Actor,Description,Power,pos1,sal1[,pos2,sal2...] and one row per actor.\n"
    "          Cells are trimmed; saliences are percentages; the issue ids are the\n"
    "          position column titles (\"  XYZ Position\" becomes \"XYZ Position\").\n"
    "          KTAB's XML scenarios (<Scenario> ... <Actors>) are read too.\n"
    "  wide    one row per issue: issue, p<actor> (position), s<actor> (salience in\n"
    "          [0,1]), optional c<actor> (capability, default 1), status_quo, outcome,\n"
    "          scale_min, scale_max. An empty p<actor> cell: the actor sits out.\n"
    "A spreadsheet workbook (.xlsx) is refused in one line: save it as CSV first.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE   write the CSV to FILE instead of standard output\n"
    "  --format F          csv (default: the file 'normsim forecast' reads), json (an\n"
    "                      array of objects, one per row) or table\n"
    "\n"
    "Errors name the place: normsim: FILE:LINE:COL: field: message.\n"
    "Exit status: 0 ok; 1 writing failed; 2 bad usage or a bad input file.\n"
    "\n"
    "Examples:\n"
    "  normsim import ktab examples/tables/ktab_norms.csv -o norms.csv\n"
    "  normsim import decide examples/tables/decide_norms.tab -o norms-decide.csv\n"
    "  normsim forecast norms-decide.csv --model exchange\n"
    "  normsim import wide examples/tables/wide_norms.csv --output table.csv\n";

/* The long table as rows, for --format json and table: the CSV written, read back. */
static ns_status table_rows(cli_t *cli, const ns_table_t *table, ns_rows_t **out)
{
    char *buf = NULL;
    size_t len = 0;
    ns_status st = NS_OK;
    *out = NULL;
    FILE *mem = open_memstream(&buf, &len);
    if (mem == NULL) {
        return ns_error(cli->ctx, NS_ENOMEM, "out of memory");
    }
    st = ns_table_write_csv(cli->ctx, table, mem);
    if (fclose(mem) != 0 && st == NS_OK) {
        st = ns_error(cli->ctx, NS_ENOMEM, "out of memory");
    }
    if (st == NS_OK) {
        st = cli_rows_from_csv(cli, buf, len, out);
    }
    free(buf);
    return st;
}

static int run_import(cli_t *cli, int argc, char **argv)
{
    const char *format = NULL, *path = NULL, *output = NULL;
    ns_table_t *table = NULL;
    FILE *out = NULL;
    int rc = CLI_EXIT_OK;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r = cli_option_value(cli, "import", "-o", argc, argv, &i, &v);
        if (r == 0) {
            r = cli_option_value(cli, "import", "--output", argc, argv, &i, &v);
        }
        if (r < 0) {
            return CLI_EXIT_USAGE;
        }
        if (r > 0) {
            output = v;
            continue;
        }
        if ((r = cli_common_option(cli, "import", argc, argv, &i)) != 0) {
            if (r < 0) {
                return CLI_EXIT_USAGE;
            }
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage(cli, "import", "unknown option '%s'", argv[i]);
        }
        if (format == NULL) {
            format = argv[i];
        } else if (path == NULL) {
            path = argv[i];
        } else {
            return cli_usage(cli, "import", "unexpected argument '%s'", argv[i]);
        }
    }
    if (format == NULL || path == NULL) {
        return cli_usage(cli, "import", "needs a format (decide, ktab, wide) and a FILE");
    }
    ns_import_format_t fmt;
    ns_status st = ns_import_format_parse(cli->ctx, format, &fmt);
    if (st != NS_OK) {
        return cli_usage(cli, "import", "%s", ns_ctx_errmsg(cli->ctx));
    }
    if ((st = ns_import_file(cli->ctx, fmt, path, &table)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    out = stdout;
    /* Never through a symbolic link planted at the output's name. */
    if (output != NULL && (st = ns_file_open_write(cli->ctx, output, &out)) != NS_OK) {
        out = stdout;
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (!cli->format_given) {
        cli->format = NS_FORMAT_CSV; /* import writes files for programs by default */
    }
    if (cli->format == NS_FORMAT_CSV && cli->columns == NULL) {
        st = ns_table_write_csv(cli->ctx, table, out);
    } else {
        ns_rows_t *rows = NULL;
        if ((st = table_rows(cli, table, &rows)) == NS_OK) {
            rc = cli_write_table_to(cli, rows, NULL, NULL, out); /* --columns too */
        }
        ns_rows_free(rows);
    }
    if (st == NS_OK && fflush(out) != 0) {
        st = ns_error(cli->ctx, NS_EIO, "%s: write failed: %s",
                      output != NULL ? output : "standard output", strerror(errno));
    }
    if (out != stdout && fclose(out) != 0 && st == NS_OK) {
        st = ns_error(cli->ctx, NS_EIO, "%s: write failed: %s", output, strerror(errno));
    }
    out = NULL;
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
    }
cleanup:
    ns_table_free(cli->ctx, table);
    return rc;
}

const cli_command_t cli_cmd_import = {
    "import", "convert a Decide, KTAB or wide actor table into normsim's long CSV", import_help,
    run_import};
