/* normsim winset: per issue of an actor table, the win-set of the status quo, the core
 * test, the gridlock interval and the agenda setter's outcome (1-D, exact).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: normsim winset TABLE [--rule consensus|k-of-n=K] [--setter ACTOR]\n"
    "                      [--format table|csv|json]\n"
    "\n"
    "For every issue of an actor table (see 'normsim help forecast' for its format; a\n"
    "status_quo column is required), compute on the issue's line:\n"
    "  status_quo      q\n"
    "  in_core         yes when no proposal beats q (the win-set W(q) is empty)\n"
    "  winset_low/high W(q) = (winset_low, winset_high), an open interval; empty cells\n"
    "                  when q is in the core. Under k-of-n with K <= n/2 both sides of q\n"
    "                  can win and W(q) is that interval without q itself\n"
    "  gridlock_low/high  [x_(1), x_(n)] under consensus, [x_(n-K+1), x_(K)] under\n"
    "                  k-of-n (Krehbiel 1998); empty when K <= n/2 and the pivots cross\n"
    "  setter          the agenda setter\n"
    "  setter_outcome  the point of W(q) or q nearest the setter's position (Romer and\n"
    "                  Rosenthal 1978); an end of W(q) is reported as reachable, on the\n"
    "                  usual assumption that an indifferent member accepts\n"
    "The members of an issue are the actors with a position and a salience > 0 there\n"
    "(an indifferent actor neither vetoes nor votes). Every member prefers points nearer\n"
    "its position, whatever its salience.\n"
    "\n"
    "options:\n"
    "  --rule R        consensus (default: every member must accept) or k-of-n=K (K\n"
    "                  members suffice; K must not exceed the members of any issue)\n"
    "  --setter ACTOR  the agenda setter (an actor name of the table); default: on each\n"
    "                  issue the member with the greatest capability (ties: table order).\n"
    "                  An issue where ACTOR is not a member gets empty setter cells\n"
    "  --format F      table (default), csv or json\n"
    "\n"
    "examples:\n"
    "  normsim winset examples/tables/gge15.csv\n"
    "  normsim winset examples/tables/gge15.csv --rule k-of-n=4 --setter DEU --format csv\n"
    "\n"
    "exit codes: 0 success; 1 failure while running; 2 bad usage or a bad table (no\n"
    "status quo, K larger than an issue's members, unknown setter).\n";

static const char *const columns[] = {"issue",         "status_quo",  "in_core",
                                      "winset_low",    "winset_high", "gridlock_low",
                                      "gridlock_high", "setter",      "setter_outcome"};

static int parse_rule(cli_t *cli, const char *v, size_t *k)
{
    if (strcmp(v, "consensus") == 0) {
        *k = 0;
        return CLI_EXIT_OK;
    }
    if (strncmp(v, "k-of-n=", 7) == 0) {
        char *end = NULL;
        errno = 0;
        long n = strtol(v + 7, &end, 10);
        if (v[7] != '\0' && *end == '\0' && errno == 0 && n >= 1 && n <= 100000) {
            *k = (size_t)n;
            return CLI_EXIT_OK;
        }
    }
    return cli_usage(cli, "winset", "--rule must be consensus or k-of-n=K with K >= 1, not '%s'",
                     v);
}

static int setter_of(const ns_table_t *t, size_t i, const char *setter)
{
    int best = -1;
    for (size_t a = 0; a < t->n_actors; a++) {
        size_t at = ns_table_at(t, i, a);
        bool member = t->position[at] == t->position[at] && t->salience[at] > 0.0;
        if (!member) {
            continue;
        }
        if (setter != NULL) {
            if (strcmp(t->actor[a], setter) == 0) {
                return (int)a;
            }
        } else if (best < 0 || t->capability[at] > t->capability[ns_table_at(t, i, (size_t)best)]) {
            best = (int)a;
        }
    }
    return best;
}

static ns_status issue_row(cli_t *cli, ns_rows_t *rows, const ns_table_t *t, size_t i, size_t k,
                           const char *setter, double *ideal, double *scratch)
{
    ns_ctx_t *ctx = cli->ctx;
    size_t n = 0;
    for (size_t a = 0; a < t->n_actors; a++) {
        size_t at = ns_table_at(t, i, a);
        if (t->position[at] == t->position[at] && t->salience[at] > 0.0) {
            ideal[n++] = t->position[at];
        }
    }
    double q = t->status_quo[i];
    if (q != q) {
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, "status_quo",
                           "issue '%s' has no status quo; winset needs a status_quo column",
                           t->issue[i]);
    }
    ns_status st = ns_rows_add(rows);
    st = st != NS_OK ? st : ns_rows_set(rows, 0, t->issue[i]);
    st = st != NS_OK ? st : ns_rows_set_num(rows, 1, q, 12);
    if (st != NS_OK || n == 0) {
        return st; /* No member: nothing to compute; the cells stay empty. */
    }
    if (k > n) {
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, "rule",
                           "k-of-n=%zu but issue '%s' has only %zu members", k, t->issue[i], n);
    }
    ns_winset1_t w;
    if ((st = ns_winset_1d(ctx, ideal, n, k, q, scratch, &w)) != NS_OK) {
        return st;
    }
    st = ns_rows_set(rows, 2, w.in_core ? "yes" : "no");
    st = st != NS_OK ? st : ns_rows_set_num(rows, 3, w.low, 12);
    st = st != NS_OK ? st : ns_rows_set_num(rows, 4, w.high, 12);
    st = st != NS_OK ? st : ns_rows_set_num(rows, 5, w.gridlock_low, 12);
    st = st != NS_OK ? st : ns_rows_set_num(rows, 6, w.gridlock_high, 12);
    int s = setter_of(t, i, setter);
    if (st == NS_OK && s >= 0) {
        st = ns_rows_set(rows, 7, t->actor[s]);
        double x = t->position[ns_table_at(t, i, (size_t)s)];
        st = st != NS_OK ? st : ns_rows_set_num(rows, 8, ns_winset_setter_1d(&w, x), 12);
    }
    return st;
}

static int run_winset(cli_t *cli, int argc, char **argv)
{
    const char *path = NULL, *setter = NULL;
    size_t k = 0;
    ns_table_t *t = NULL;
    ns_rows_t *rows = NULL;
    double *ideal = NULL, *scratch = NULL;
    ns_status st;
    int rc = CLI_EXIT_OK;
    for (int i = 1; i < argc && rc == CLI_EXIT_OK; i++) {
        const char *v = NULL;
        int r = cli_common_option(cli, "winset", argc, argv, &i);
        if (r == 0 && (r = cli_option_value(cli, "winset", "--rule", argc, argv, &i, &v)) > 0) {
            rc = parse_rule(cli, v, &k);
        } else if (r == 0 &&
                   (r = cli_option_value(cli, "winset", "--setter", argc, argv, &i, &v)) > 0) {
            setter = v;
        } else if (r < 0) {
            rc = CLI_EXIT_USAGE;
        } else if (r == 0 && argv[i][0] == '-' && argv[i][1] != '\0') {
            rc = cli_usage(cli, "winset", "unknown option '%s'", argv[i]);
        } else if (r == 0 && path != NULL) {
            rc = cli_usage(cli, "winset", "one TABLE only ('%s' and '%s')", path, argv[i]);
        } else if (r == 0) {
            path = argv[i];
        }
    }
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (path == NULL) {
        return cli_usage(cli, "winset", "missing TABLE");
    }
    if ((st = ns_table_read_file(cli->ctx, path, &t)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (t->n_sat_out > 0) {
        fprintf(stderr,
                "note: %zu rows had a missing position or salience; those actors sit out "
                "those issues\n",
                t->n_sat_out);
    }
    if (setter != NULL) {
        size_t a = 0;
        while (a < t->n_actors && strcmp(t->actor[a], setter) != 0) {
            a++;
        }
        if (a == t->n_actors) {
            rc = cli_usage(cli, "winset", "--setter: no actor '%s' in %s", setter, path);
            goto cleanup;
        }
    }
    ideal = calloc(t->n_actors + 1, sizeof *ideal);
    scratch = calloc(t->n_actors + 1, sizeof *scratch);
    if (ideal == NULL || scratch == NULL) {
        rc = cli_fail(cli, ns_error(cli->ctx, NS_ENOMEM, "out of memory"));
        goto cleanup;
    }
    st = ns_rows_new(cli->ctx, columns, sizeof columns / sizeof columns[0], &rows);
    for (size_t i = 0; i < t->n_issues && st == NS_OK; i++) {
        st = issue_row(cli, rows, t, i, k, setter, ideal, scratch);
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    char title[256];
    snprintf(title, sizeof title, "win-sets in %s (%s)", path, k == 0 ? "consensus" : "k-of-n");
    rc = cli_write_rows(cli, rows, title);
cleanup:
    free(ideal);
    free(scratch);
    ns_rows_free(rows);
    ns_table_free(cli->ctx, t);
    return rc;
}

const cli_command_t cli_cmd_winset = {
    "winset", "win-sets, core, gridlock and agenda-setter outcomes of an actor table", help,
    run_winset};
