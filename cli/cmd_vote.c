/* normsim vote: forecast every state's vote on a General Assembly text (the vote model,
 * normsim/vote.h; docs/POSITIONS.md part 2).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include "normsim/params.h"
#include "normsim/vote.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char vote_help[] =
    "usage: normsim vote --resolution SYMBOL [--tally YES,NO,ABSTAIN[,ABSENT] |\n"
    "                    --recorded-tally]\n"
    "       normsim vote --line LINE --year Y [--tally YES,NO,ABSTAIN[,ABSENT]]\n"
    "                    [--param sponsors=1] [--format table|csv|json] [--data DIR]\n"
    "                    [--verified V]\n"
    "\n"
    "Forecast each state's vote on a General Assembly text with the vote model (an\n"
    "ordered logit on the position model's alignment; docs/POSITIONS.md). A text is a\n"
    "location on its line's axis: the cut points come from the latest recorded roll call\n"
    "of the same line before the year (the 'line' column of unga_resolutions.csv), or,\n"
    "with --tally, are fitted so that the expected counts equal the tally. The slope is\n"
    "fitted to every recorded roll call other than the one forecast.\n"
    "\n"
    "The states: for a resolution with a recorded roll call, those that voted in it; for\n"
    "a line and year, every UN member of the year. A tally of three counts may sum to\n"
    "fewer: as announced, the rest were absent. The model says who: the states most\n"
    "often absent from the recorded roll calls before the year (ties: those who voted\n"
    "least in the previous session, docs/POSITIONS.md); it forecasts the others. Four\n"
    "counts name the absent too and must sum to the number of states.\n"
    "\n"
    "options:\n"
    "  --resolution S    a resolution in the data (e.g. A/RES/73/27)\n"
    "  --line L          a line: developments, responsible_behaviour, cybercrime, ...\n"
    "  --year Y          with --line: 1998 to the last ideal-point session + 1\n"
    "  --tally Y,N,A[,X] fit the cut points to this many yes, no and abstain votes\n"
    "                    (X absent; three counts: the states left over are absent)\n"
    "  --recorded-tally  with --resolution: fit to its recorded tally\n"
    "  --param K=V       a world parameter of owner vote (normsim params vote):\n"
    "                    sponsors=1 applies the sponsor rule to a resolution forecast\n"
    "                    without a tally (co-sponsors lean yes; when the other camp tabled\n"
    "                    a competing draft, its members lean no; docs/RECORD.md section 9).\n"
    "                    Off by default: it does not beat the majority rule on 73/27 and\n"
    "                    73/266 (normsim backtest votes)\n"
    "  --format F        table (default), csv or json\n"
    "\n"
    "output columns: iso3, vote (the most probable of yes, abstain, no; or absent),\n"
    "p_yes, p_abstain, p_no (empty for the absent). In table format a first line gives\n"
    "the slope, the cut points and where they come from.\n"
    "\n"
    "exit codes: 0 ok; 2 for an unknown resolution or line, a tally of more than the\n"
    "states (or of four counts not summing to them), a year outside the range, or bad\n"
    "usage; 1 on a failure.\n"
    "\n"
    "examples:\n"
    "  normsim vote --resolution A/RES/73/27\n"
    "  normsim vote --resolution A/RES/73/266 --recorded-tally --format csv\n"
    "  normsim vote --line developments --year 2019 --tally 129,6,45\n"
    "  normsim vote --line developments --year 2019 --tally 120,50,13,10\n";

static int parse_int(const char *text, long min, long max, int *out)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || v < min || v > max) {
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int parse_tally(cli_t *cli, const char *text, ns_vote_request_t *req)
{
    char buf[64];
    if (strlen(text) >= sizeof buf) {
        return cli_usage(cli, "vote", "--tally must be YES,NO,ABSTAIN[,ABSENT], not '%s'", text);
    }
    strcpy(buf, text);
    char *parts[4] = {NULL, NULL, NULL, NULL};
    char *save = NULL;
    char *tok = strtok_r(buf, ",", &save);
    int n = 0;
    while (tok != NULL && n < 4) {
        parts[n++] = tok;
        tok = strtok_r(NULL, ",", &save);
    }
    if (n < 3 || tok != NULL || parse_int(parts[0], 0, 100000, &req->yes) != 0 ||
        parse_int(parts[1], 0, 100000, &req->no) != 0 ||
        parse_int(parts[2], 0, 100000, &req->abstain) != 0 ||
        (n == 4 && parse_int(parts[3], 0, 100000, &req->absent) != 0)) {
        return cli_usage(cli, "vote",
                         "--tally must be three or four counts YES,NO,ABSTAIN[,ABSENT], not '%s'",
                         text);
    }
    /* Three counts: as the General Assembly announces a tally, the rest were absent. */
    req->absent_rest = n == 3;
    req->tally = true;
    return CLI_EXIT_OK;
}

static int run_vote(cli_t *cli, int argc, char **argv)
{
    static const char *const cols[] = {"iso3", "vote", "p_yes", "p_abstain", "p_no"};
    ns_vote_request_t req;
    memset(&req, 0, sizeof req);
    const char *year_text = NULL;
    const char *tally_text = NULL;
    ns_world_t *w = NULL;
    ns_vote_forecast_t *f = NULL;
    ns_rows_t *rows = NULL;
    ns_status st = NS_OK;
    int rc = CLI_EXIT_OK;
    const char *param[8];
    size_t n_param = 0;
    for (int i = 1; i < argc; i++) {
        int r = cli_common_option(cli, "vote", argc, argv, &i);
        const char *kv = NULL;
        if (r == 0 && (r = cli_option_value(cli, "vote", "--param", argc, argv, &i, &kv)) > 0) {
            if (n_param >= sizeof param / sizeof param[0]) {
                rc = cli_usage(cli, "vote", "at most 8 --param options");
                goto cleanup;
            }
            param[n_param++] = kv;
        }
        if (r == 0) {
            r = cli_option_value(cli, "vote", "--resolution", argc, argv, &i, &req.resolution);
        }
        if (r == 0) {
            r = cli_option_value(cli, "vote", "--line", argc, argv, &i, &req.line);
        }
        if (r == 0) {
            r = cli_option_value(cli, "vote", "--year", argc, argv, &i, &year_text);
        }
        if (r == 0) {
            r = cli_option_value(cli, "vote", "--tally", argc, argv, &i, &tally_text);
        }
        if (r == 0 && strcmp(argv[i], "--recorded-tally") == 0) {
            req.recorded_tally = true;
            r = 1;
        }
        if (r == 0) {
            rc = cli_usage(cli, "vote", "unknown argument '%s'", argv[i]);
            goto cleanup;
        }
        if (r < 0) {
            rc = CLI_EXIT_USAGE;
            goto cleanup;
        }
    }
    if ((req.resolution == NULL) == (req.line == NULL)) {
        rc = cli_usage(cli, "vote", "give either --resolution SYMBOL or --line LINE --year Y");
        goto cleanup;
    }
    if (req.line != NULL && year_text == NULL) {
        rc = cli_usage(cli, "vote", "--line needs --year");
        goto cleanup;
    }
    if (req.resolution != NULL && year_text != NULL) {
        rc = cli_usage(cli, "vote", "--year goes with --line; a resolution has its own year");
        goto cleanup;
    }
    if (year_text != NULL && parse_int(year_text, 0, 9999, &req.year) != 0) {
        rc = cli_usage(cli, "vote", "--year must be a year, not '%s'", year_text);
        goto cleanup;
    }
    if (tally_text != NULL && (rc = parse_tally(cli, tally_text, &req)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    if (req.recorded_tally && (req.tally || req.resolution == NULL)) {
        rc = cli_usage(cli, "vote", "--recorded-tally goes with --resolution and not --tally");
        goto cleanup;
    }
    if ((rc = cli_load_world(cli, &w)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    for (size_t k = 0; k < n_param; k++) {
        char key[128];
        const char *eq = strchr(param[k], '=');
        size_t len = eq != NULL ? (size_t)(eq - param[k]) : 0;
        char *end = NULL;
        double v = eq != NULL ? strtod(eq + 1, &end) : NAN;
        if (eq == NULL || len == 0 || len >= sizeof key || end == eq + 1 || *end != '\0' ||
            isnan(v)) {
            rc = cli_usage(cli, "vote", "--param wants KEY=NUMBER, not '%s'", param[k]);
            goto cleanup;
        }
        memcpy(key, param[k], len);
        key[len] = '\0';
        if ((st = ns_param_check(cli->ctx, w, key, v)) != NS_OK ||
            (st = ns_world_set_param(cli->ctx, w, key, v)) != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
    }
    if ((st = ns_vote_forecast(cli->ctx, w, &req, &f)) != NS_OK ||
        (st = ns_rows_new(cli->ctx, cols, sizeof cols / sizeof cols[0], &rows)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    for (size_t i = 0; st == NS_OK && i < f->n; i++) {
        const ns_vote_row_t *r = &f->rows[i];
        if ((st = ns_rows_add(rows)) != NS_OK ||
            (st = ns_rows_set(rows, 0, ns_world_state(w, r->state)->iso3)) != NS_OK ||
            (st = ns_rows_set(rows, 1, r->absent ? "absent" : ns_vote_str(r->vote))) != NS_OK) {
            break;
        }
        if (r->absent) {
            continue; /* No probabilities: the cut points place the text among voters. */
        }
        if ((st = ns_rows_setf(rows, 2, "%.4f", r->p.yes)) != NS_OK ||
            (st = ns_rows_setf(rows, 3, "%.4f", r->p.abstain)) != NS_OK) {
            break;
        }
        st = ns_rows_setf(rows, 4, "%.4f", r->p.no);
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    char absent[160] = "";
    if (f->n_absent > 0) {
        snprintf(absent, sizeof absent,
                 "; %zu absent: those most often absent from the %d recorded roll calls "
                 "before %d",
                 f->n_absent, f->n_attendance, f->year);
    }
    char rule[160] = "";
    if (f->sponsors) {
        snprintf(rule, sizeof rule,
                 "; sponsor rule q = %.3f, r = %.3f (2 shares counted on the roll calls "
                 "before it)",
                 f->sponsor_q, f->sponsor_r);
    }
    char title[640];
    snprintf(title, sizeof title,
             "%s, line %s, %d: %zu states; slope %.3f (fitted on %d roll calls), yes side %s, "
             "cut points %.3f / %.3f from %s%s%s%s",
             f->symbol != NULL ? f->symbol : "new text", f->line, f->year, f->n, f->model.beta,
             f->n_training, f->model.sign > 0 ? "Western" : "Eastern", f->model.cut_no,
             f->model.cut_abstain,
             strcmp(f->cut_source, "line") == 0     ? "the line's latest roll call "
             : strcmp(f->cut_source, "pooled") == 0 ? "all earlier roll calls (pooled)"
                                                    : "the tally",
             f->cut_from, absent, rule);
    rc = cli_write_rows(cli, rows, title);
cleanup:
    ns_rows_free(rows);
    ns_vote_forecast_free(f);
    ns_world_free(w);
    return rc;
}

const cli_command_t cli_cmd_vote = {
    "vote", "forecast each state's vote on a General Assembly text (yes/abstain/no)", vote_help,
    run_vote};
