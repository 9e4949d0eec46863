/* normsim data: print the recorded UN dataset, one table per subcommand.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"
#include "cmd_positions.h"

#include <stdlib.h>
#include <string.h>

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static const char data_help[] =
    "usage: normsim data TABLE [--format table|csv|json] [--verified yes|partly|all]\n"
    "                          [--data DIR]\n"
    "\n"
    "Print the recorded UN dataset (built in, or the CSV files of --data DIR). These are\n"
    "recorded facts with their verification status, not model output.\n"
    "\n"
    "tables:\n"
    "  states         the 193 UN member states: code, M49, name, UN regional group, P5,\n"
    "                 admission year, capability (GDP share of the largest economy)\n"
    "  bodies         GGE1..GGE6, OEWG1, OEWG2, the Global Mechanism and the General\n"
    "                 Assembly: years, rules, seats, chair, report, outcome\n"
    "  members        one row per recorded GGE member (115 rows for the six groups)\n"
    "  resolutions    the General Assembly resolutions and decisions on ICTs\n"
    "  votes          the roll calls, one row per state and resolution\n"
    "                 (--resolution SYMBOL keeps one resolution)\n"
    "  norms          the eleven voluntary norms of the 2015 report (A/70/174)\n"
    "  participation  how many states served in 6, 5, 4, 3, 2 and 1 of the six GGEs,\n"
    "                 beside the paper's figures (Kavanagh 2017), and the seats per UN\n"
    "                 regional group per GGE (--part counts|seats|all, default all)\n"
    "  positions      where each state stands on the nine dimensions in a year, with its\n"
    "                 uncertainty and salience: model ESTIMATES from the sourced data\n"
    "                 (--year Y, --dimension D, --explain ISO3; see docs/POSITIONS.md)\n"
    "\n"
    "options:\n"
    "  --format F      table (default), csv (header row, loads in pandas and R as is)\n"
    "                  or json (an array of objects)\n"
    "  --verified V    yes: only rows marked verified; partly: yes and partly; all\n"
    "                  (default): every row, however sourced\n"
    "  --data DIR      read the CSV files from DIR instead of the built-in copy\n"
    "\n"
    "In csv and json, participation is one long table, one type per column: table\n"
    "(counts, totals or seats), body (a GGE's id on the seats rows; empty on the rows over\n"
    "all six), un_group (AFR, APG, EEG, GRULAC, WEOG), groups_served (1..6 on the counts\n"
    "rows), measure (states, distinct_states or seats), count, paper (the paper's figure)\n"
    "and unverified: yes where a count rests on a member row not marked verified.\n"
    "\n"
    "examples:\n"
    "  normsim data states --format csv > states.csv\n"
    "  normsim data members --verified yes\n"
    "  normsim data participation\n"
    "  normsim data votes --resolution A/RES/73/27 --format json\n";

static const char *yes_no(bool b)
{
    return b ? "yes" : "no";
}

/* Build a table with the given columns, or report. */
static int new_rows(cli_t *cli, const char *const *cols, size_t n, ns_rows_t **rows)
{
    ns_status st = ns_rows_new(cli->ctx, cols, n, rows);
    return st == NS_OK ? CLI_EXIT_OK : cli_fail(cli, st);
}

static const char *outcome_str(ns_outcome_t o)
{
    switch (o) {
    case NS_OUTCOME_ADOPTED: return "adopted";
    case NS_OUTCOME_FAILED: return "failed";
    case NS_OUTCOME_UNKNOWN: break;
    }
    return "unknown";
}

static ns_status fill_states(const ns_world_t *w, ns_rows_t *rows)
{
    ns_status st = NS_OK;
    for (size_t i = 0; st == NS_OK && i < ns_world_state_count(w); i++) {
        const ns_state_t *s = ns_world_state(w, i);
        if ((st = ns_rows_add(rows)) == NS_OK && (st = ns_rows_set(rows, 0, s->iso3)) == NS_OK &&
            (st = ns_rows_setf(rows, 1, "%d", s->m49)) == NS_OK &&
            (st = ns_rows_set(rows, 2, s->name)) == NS_OK &&
            (st = ns_rows_set(rows, 3, ns_ungroup_name(s->group))) == NS_OK &&
            (st = ns_rows_set(rows, 4, s->p5 ? "1" : "0")) == NS_OK &&
            (st = ns_rows_setf(rows, 5, "%d", s->member_since)) == NS_OK) {
            st = ns_rows_set_num(rows, 6, ns_world_capability(w, i), 4);
        }
    }
    return st;
}

static ns_status fill_bodies(const ns_world_t *w, ns_rows_t *rows)
{
    ns_status st = NS_OK;
    for (size_t i = 0; st == NS_OK && i < ns_world_body_count(w); i++) {
        const ns_body_t *b = ns_world_body(w, i);
        const ns_state_t *chair = b->chair >= 0 ? ns_world_state(w, (size_t)b->chair) : NULL;
        if ((st = ns_rows_add(rows)) != NS_OK) {
            break;
        }
        ns_rows_set(rows, 0, b->id);
        ns_rows_set(rows, 1, ns_body_kind_str(b->kind));
        ns_rows_setf(rows, 2, "%d", b->start_year);
        if (b->end_year != 0) {
            ns_rows_setf(rows, 3, "%d", b->end_year);
        }
        ns_rows_set(rows, 4, ns_membership_rule_str(b->membership));
        ns_rows_set(rows, 5, ns_decision_rule_str(b->decision));
        if (b->membership == NS_MEMBERS_HISTORICAL) {
            ns_rows_setf(rows, 6, "%d", b->seats);
            ns_rows_setf(rows, 7, "%zu", b->n_members);
        }
        ns_rows_set(rows, 8, chair != NULL ? chair->iso3 : "");
        ns_rows_set(rows, 9, b->chair_name);
        ns_rows_set(rows, 10, b->report_symbol);
        ns_rows_set(rows, 11, outcome_str(b->outcome));
        ns_rows_set(rows, 12, yes_no(b->stakeholders_consulted));
        st = ns_rows_set(rows, 13, ns_verified_str(b->verified));
    }
    return st;
}

static ns_status fill_members(const ns_world_t *w, ns_rows_t *rows)
{
    ns_status st = NS_OK;
    for (size_t i = 0; st == NS_OK && i < ns_world_body_count(w); i++) {
        const ns_body_t *b = ns_world_body(w, i);
        for (size_t m = 0; st == NS_OK && m < b->n_members; m++) {
            const ns_state_t *s = ns_world_state(w, b->members[m]);
            if ((st = ns_rows_add(rows)) != NS_OK) {
                break;
            }
            ns_rows_set(rows, 0, b->id);
            ns_rows_setf(rows, 1, "%d", b->start_year);
            ns_rows_setf(rows, 2, "%d", b->end_year);
            ns_rows_set(rows, 3, s->iso3);
            ns_rows_set(rows, 4, s->name);
            ns_rows_set(rows, 5, ns_ungroup_name(s->group));
            st = ns_rows_set(rows, 6, ns_verified_str(b->member_verified[m]));
        }
    }
    return st;
}

/* The id by which a resolution can be found: its symbol, or "session:NN" when the row
 * has none (the 79th session's). */
static ns_status set_resolution_id(ns_rows_t *rows, size_t col, const ns_resolution_t *r)
{
    return r->symbol[0] != '\0' ? ns_rows_set(rows, col, r->symbol)
                                : ns_rows_setf(rows, col, "session:%d", r->session);
}

static const char *adoption_str(ns_adoption_t a)
{
    switch (a) {
    case NS_ADOPT_RECORDED_VOTE: return "recorded_vote";
    case NS_ADOPT_WITHOUT_VOTE: return "without_vote";
    case NS_ADOPT_UNKNOWN: break;
    }
    return "unknown";
}

static ns_status set_count(ns_rows_t *rows, size_t col, int n)
{
    return n >= 0 ? ns_rows_setf(rows, col, "%d", n) : NS_OK;
}

static ns_status fill_resolutions(const ns_world_t *w, ns_rows_t *rows)
{
    ns_status st = NS_OK;
    for (size_t i = 0; st == NS_OK && i < ns_world_resolution_count(w); i++) {
        const ns_resolution_t *r = ns_world_resolution(w, i);
        if ((st = ns_rows_add(rows)) != NS_OK) {
            break;
        }
        set_resolution_id(rows, 0, r);
        ns_rows_set(rows, 1, r->kind);
        ns_rows_setf(rows, 2, "%d", r->session);
        ns_rows_set(rows, 3, r->date);
        ns_rows_set(rows, 4, r->line);
        ns_rows_set(rows, 5, r->committee);
        ns_rows_set(rows, 6,
                    r->lead_sponsor >= 0 ? ns_world_state(w, (size_t)r->lead_sponsor)->iso3 : "");
        ns_rows_set(rows, 7, adoption_str(r->adoption));
        set_count(rows, 8, r->yes);
        set_count(rows, 9, r->no);
        set_count(rows, 10, r->abstain);
        if (r->rcid > 0) {
            ns_rows_setf(rows, 11, "%d", r->rcid);
        }
        ns_rows_set(rows, 12, ns_verified_str(r->verified));
        st = ns_rows_set(rows, 13, r->title);
    }
    return st;
}

static ns_status fill_votes(const ns_world_t *w, const char *only, ns_rows_t *rows)
{
    ns_status st = NS_OK;
    for (size_t i = 0; st == NS_OK && i < ns_world_vote_count(w); i++) {
        const ns_vote_t *v = ns_world_vote(w, i);
        const ns_resolution_t *r = ns_world_resolution(w, v->resolution);
        const ns_state_t *s = ns_world_state(w, v->state);
        if (only != NULL && strcmp(r->symbol, only) != 0) {
            continue;
        }
        if ((st = ns_rows_add(rows)) != NS_OK) {
            break;
        }
        set_resolution_id(rows, 0, r);
        ns_rows_set(rows, 1, r->date);
        ns_rows_set(rows, 2, s->iso3);
        ns_rows_set(rows, 3, s->name);
        st = ns_rows_set(rows, 4, ns_vote_str(v->vote));
    }
    return st;
}

static ns_status fill_norms(const ns_world_t *w, ns_rows_t *rows)
{
    ns_status st = NS_OK;
    for (size_t i = 0; st == NS_OK && i < ns_world_norm_count(w); i++) {
        const ns_norm_t *n = ns_world_norm(w, i);
        if ((st = ns_rows_add(rows)) != NS_OK) {
            break;
        }
        ns_rows_set(rows, 0, n->id);
        ns_rows_set(rows, 1, n->report);
        ns_rows_set(rows, 2, n->paragraph);
        ns_rows_set(rows, 3, n->body >= 0 ? ns_world_body(w, (size_t)n->body)->id : "");
        ns_rows_setf(rows, 4, "%d", n->year);
        ns_rows_set(rows, 5, ns_verified_str(n->verified));
        st = ns_rows_set(rows, 6, n->label);
    }
    return st;
}

/* ---- participation ------------------------------------------------------------------- */

/* The library counts (ns_participation_table, a long table); the text tables below are
 * two views of it: states by groups served beside the paper, and seats per UN regional
 * group per GGE. */

/* The columns of the long table (normsim/data.h). */
enum { P_TABLE, P_BODY, P_UN_GROUP, P_SERVED, P_MEASURE, P_COUNT, P_PAPER, P_UNVERIFIED, P_NCOLS };

static bool is(const ns_rows_t *rows, size_t r, size_t col, const char *text)
{
    return strcmp(ns_rows_cell(rows, r, col), text) == 0;
}

/* The seats the recorded GGEs had (15+15+15+20+25+25 for the six), for the note. */
static int recorded_seats(const ns_world_t *w)
{
    int seats = 0;
    for (int g = 1; g <= NS_PARTICIPATION_GGES; g++) {
        char id[8];
        snprintf(id, sizeof id, "GGE%d", g);
        for (size_t i = 0; i < ns_world_body_count(w); i++) {
            if (strcmp(ns_world_body(w, i)->id, id) == 0) {
                seats += ns_world_body(w, i)->seats;
                break;
            }
        }
    }
    return seats;
}

static int print_counts(cli_t *cli, const ns_world_t *w, const ns_rows_t *long_rows)
{
    static const char *const cols[] = {"groups_served", "states", "paper", "unverified"};
    ns_rows_t *rows = NULL;
    ns_status st = NS_OK;
    const char *distinct = "", *paper_distinct = "", *paper_seats = "";
    int rc = new_rows(cli, cols, NCOLS(cols), &rows);
    for (size_t r = 0; rc == CLI_EXIT_OK && st == NS_OK && r < ns_rows_count(long_rows); r++) {
        bool counts = is(long_rows, r, P_TABLE, "counts");
        if (!counts && !is(long_rows, r, P_TABLE, "totals")) {
            continue;
        }
        if (!counts && is(long_rows, r, P_MEASURE, "distinct_states")) {
            distinct = ns_rows_cell(long_rows, r, P_COUNT);
            paper_distinct = ns_rows_cell(long_rows, r, P_PAPER);
        } else if (!counts && is(long_rows, r, P_MEASURE, "seats")) {
            paper_seats = ns_rows_cell(long_rows, r, P_PAPER);
        }
        if ((st = ns_rows_add(rows)) == NS_OK) {
            /* The view's first column: the groups served, or the total's name. */
            const char *measure = ns_rows_cell(long_rows, r, P_MEASURE);
            ns_rows_set(rows, 0,
                        counts ? ns_rows_cell(long_rows, r, P_SERVED)
                        : strcmp(measure, "distinct_states") == 0 ? "distinct states"
                                                                  : measure);
            ns_rows_set(rows, 1, ns_rows_cell(long_rows, r, P_COUNT));
            ns_rows_set(rows, 2, ns_rows_cell(long_rows, r, P_PAPER));
            st = ns_rows_set(rows, 3, counts && is(long_rows, r, P_UNVERIFIED, "yes") ? "*" : "");
        }
    }
    if (rc == CLI_EXIT_OK && st != NS_OK) {
        rc = cli_fail(cli, st);
    }
    if (rc == CLI_EXIT_OK) {
        rc = cli_write_rows(cli, rows,
                            "RECORDED DATA: states by number of GGEs served (from "
                            "gge_members.csv), beside the paper's figures (Kavanagh 2017)");
    }
    if (rc == CLI_EXIT_OK) {
        cli_prose_t prose;
        fprintf(cli_prose_open(&prose, cli, stdout),
                "note: the paper's figures count %s states and %s seats; the six groups had %d "
                "seats (15+15+15+20+25+25) and the member lists name %s distinct states.\n"
                "* = the count includes a state whose membership row is not verified "
                "(GGE1, GGE2 and GGE5 lists rest partly on unverified sources).\n",
                paper_distinct, paper_seats, recorded_seats(w), distinct);
        cli_prose_close(&prose);
    }
    ns_rows_free(rows);
    return rc;
}

/* The seats of one UN regional group (NS_GROUP_COUNT: all groups) in GGE g (1-based):
 * *n member rows, *unsure when one is unverified; false when the GGE is not there. */
static bool seats_of(const ns_rows_t *long_rows, int grp, int g, int *n, bool *unsure)
{
    char body[8];
    bool have = false;
    snprintf(body, sizeof body, "GGE%d", g);
    *n = 0;
    *unsure = false;
    for (size_t r = 0; r < ns_rows_count(long_rows); r++) {
        if (!is(long_rows, r, P_TABLE, "seats") || !is(long_rows, r, P_BODY, body)) {
            continue;
        }
        have = true;
        if (grp == NS_GROUP_COUNT ||
            is(long_rows, r, P_UN_GROUP, ns_ungroup_id((ns_ungroup_t)grp))) {
            *n += atoi(ns_rows_cell(long_rows, r, P_COUNT));
            *unsure = *unsure || is(long_rows, r, P_UNVERIFIED, "yes");
        }
    }
    return have;
}

static int print_seats(cli_t *cli, const ns_rows_t *long_rows)
{
    static const char *const cols[] = {"un_group", "GGE1", "GGE2", "GGE3",
                                       "GGE4",     "GGE5", "GGE6", "total"};
    ns_rows_t *rows = NULL;
    ns_status st = NS_OK;
    int rc = new_rows(cli, cols, NCOLS(cols), &rows);
    for (int grp = NS_GROUP_AFRICAN; rc == CLI_EXIT_OK && st == NS_OK && grp <= NS_GROUP_COUNT;
         grp++) {
        if ((st = ns_rows_add(rows)) != NS_OK) {
            break;
        }
        int total = 0;
        ns_rows_set(rows, 0,
                    grp < NS_GROUP_COUNT ? ns_ungroup_name((ns_ungroup_t)grp) : "all groups");
        for (int g = 1; g <= NS_PARTICIPATION_GGES; g++) {
            int n = 0;
            bool unsure = false;
            if (seats_of(long_rows, grp, g, &n, &unsure)) {
                ns_rows_setf(rows, (size_t)g, "%d%s", n, unsure ? "*" : "");
            }
            total += n;
        }
        st = ns_rows_setf(rows, 7, "%d", total);
    }
    if (rc == CLI_EXIT_OK && st != NS_OK) {
        rc = cli_fail(cli, st);
    }
    if (rc == CLI_EXIT_OK) {
        rc = cli_write_rows(cli, rows,
                            "RECORDED DATA: GGE seats per UN regional group (* = includes an "
                            "unverified member row)");
    }
    ns_rows_free(rows);
    return rc;
}

/* Keep the rows of the long table that --part asks for. */
static int select_part(cli_t *cli, const ns_rows_t *all, bool counts, bool seats, ns_rows_t **out)
{
    const char *cols[P_NCOLS];
    size_t nc = ns_rows_ncols(all);
    for (size_t c = 0; c < nc && c < NCOLS(cols); c++) {
        cols[c] = ns_rows_column(all, c);
    }
    int rc = new_rows(cli, cols, nc < NCOLS(cols) ? nc : NCOLS(cols), out);
    ns_status st = NS_OK;
    for (size_t r = 0; rc == CLI_EXIT_OK && st == NS_OK && r < ns_rows_count(all); r++) {
        if (is(all, r, P_TABLE, "seats") ? !seats : !counts) {
            continue;
        }
        st = ns_rows_add(*out);
        for (size_t c = 0; st == NS_OK && c < ns_rows_ncols(*out); c++) {
            st = ns_rows_set(*out, c, ns_rows_cell(all, r, c));
        }
    }
    if (rc == CLI_EXIT_OK && st != NS_OK) {
        rc = cli_fail(cli, st);
    }
    return rc;
}

static int run_participation(cli_t *cli, const ns_world_t *w, const char *part)
{
    bool counts = part == NULL || strcmp(part, "all") == 0 || strcmp(part, "counts") == 0;
    bool seats = part == NULL || strcmp(part, "all") == 0 || strcmp(part, "seats") == 0;
    if (!counts && !seats) {
        return cli_usage(cli, "data", "--part must be counts, seats or all, not '%s'", part);
    }
    ns_rows_t *all = NULL, *shown = NULL;
    int rc = CLI_EXIT_OK;
    ns_status st = ns_participation_table(cli->ctx, w, &all);
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
    } else if (cli->format == NS_FORMAT_TABLE) {
        if (counts) {
            rc = print_counts(cli, w, all);
        }
        if (rc == CLI_EXIT_OK && seats) {
            if (counts) {
                printf("\n");
            }
            rc = print_seats(cli, all);
        }
    } else if ((rc = select_part(cli, all, counts, seats, &shown)) == CLI_EXIT_OK) {
        rc = cli_write_rows(cli, shown, NULL);
    }
    ns_rows_free(shown);
    ns_rows_free(all);
    return rc;
}

/* ---- The command ----------------------------------------------------------------------- */

static int run_data(cli_t *cli, int argc, char **argv)
{
    static const char *const state_cols[] = {
        "iso3", "m49", "name", "un_group", "p5", "un_member_since", "capability"};
    static const char *const body_cols[] = {
        "id",           "kind",      "start_year", "end_year", "membership",    "decision",
        "seats",        "n_members", "chair_iso3", "chair",    "report_symbol", "outcome",
        "stakeholders", "verified"};
    static const char *const member_cols[] = {"body", "start_year", "end_year", "iso3",
                                              "name", "un_group",   "verified"};
    static const char *const res_cols[] = {"id",        "kind",         "session",  "date", "line",
                                           "committee", "lead_sponsor", "adoption", "yes",  "no",
                                           "abstain",   "rcid",         "verified", "title"};
    static const char *const vote_cols[] = {"resolution", "date", "iso3", "name", "vote"};
    static const char *const norm_cols[] = {"id",   "report",   "paragraph", "body",
                                            "year", "verified", "label"};
    const char *table = NULL;
    const char *part = NULL;
    const char *only = NULL;
    /* Positions are model estimates with options of their own (cmd_positions.c). */
    if (argc > 1 && strcmp(argv[1], "positions") == 0) {
        return cli_data_positions(cli, argc - 1, argv + 1);
    }
    for (int i = 1; i < argc; i++) {
        int r = cli_common_option(cli, "data", argc, argv, &i);
        if (r == 0) {
            r = cli_option_value(cli, "data", "--part", argc, argv, &i, &part);
        }
        if (r == 0) {
            r = cli_option_value(cli, "data", "--resolution", argc, argv, &i, &only);
        }
        if (r < 0) {
            return CLI_EXIT_USAGE;
        }
        if (r > 0) {
            continue;
        }
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(data_help, stdout);
            return CLI_EXIT_OK;
        }
        if (argv[i][0] == '-' || table != NULL) {
            return cli_usage(cli, "data", "unexpected argument '%s'", argv[i]);
        }
        table = argv[i];
    }
    if (table == NULL) {
        return cli_usage(cli, "data",
                         "which table? states, bodies, members, resolutions, "
                         "votes, norms or participation");
    }
    const char *const *cols = NULL;
    size_t ncols = 0;
    const char *title = NULL;
    if (strcmp(table, "states") == 0) {
        cols = state_cols, ncols = NCOLS(state_cols);
        title = "RECORDED DATA: UN member states (states.csv; capability = GDP share of the "
                "largest economy, latest year)";
    } else if (strcmp(table, "bodies") == 0) {
        cols = body_cols, ncols = NCOLS(body_cols);
        title = "RECORDED DATA: bodies of the UN process (gge_sessions.csv, oewg.csv)";
    } else if (strcmp(table, "members") == 0) {
        cols = member_cols, ncols = NCOLS(member_cols);
        title = "RECORDED DATA: GGE members (gge_members.csv)";
    } else if (strcmp(table, "resolutions") == 0) {
        cols = res_cols, ncols = NCOLS(res_cols);
        title = "RECORDED DATA: General Assembly resolutions (unga_resolutions.csv)";
    } else if (strcmp(table, "votes") == 0) {
        cols = vote_cols, ncols = NCOLS(vote_cols);
        title = "RECORDED DATA: roll-call votes (unga_votes.csv, Voeten)";
    } else if (strcmp(table, "norms") == 0) {
        cols = norm_cols, ncols = NCOLS(norm_cols);
        title = "RECORDED DATA: the 2015 voluntary norms (norms_2015.csv; paraphrases)";
    } else if (strcmp(table, "participation") != 0) {
        return cli_usage(cli, "data", "unknown table '%s'", table);
    }
    if (part != NULL && strcmp(table, "participation") != 0) {
        return cli_usage(cli, "data", "--part applies to participation only");
    }
    if (only != NULL && strcmp(table, "votes") != 0) {
        return cli_usage(cli, "data", "--resolution applies to votes only");
    }
    ns_world_t *w = NULL;
    ns_rows_t *rows = NULL;
    int rc = cli_load_world(cli, &w);
    if (rc != CLI_EXIT_OK) {
        goto cleanup;
    }
    if (only != NULL) {
        size_t index = 0;
        ns_status st = ns_world_lookup_resolution(cli->ctx, w, only, &index);
        if (st != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        only = ns_world_resolution(w, index)->symbol;
    }
    if (cols == NULL) {
        rc = run_participation(cli, w, part);
        goto cleanup;
    }
    if ((rc = new_rows(cli, cols, ncols, &rows)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    ns_status st = NS_OK;
    switch (table[0]) {
    case 's': st = fill_states(w, rows); break;
    case 'b': st = fill_bodies(w, rows); break;
    case 'm': st = fill_members(w, rows); break;
    case 'r': st = fill_resolutions(w, rows); break;
    case 'v': st = fill_votes(w, only, rows); break;
    default: st = fill_norms(w, rows); break;
    }
    rc = st == NS_OK ? cli_write_rows(cli, rows, title) : cli_fail(cli, st);
cleanup:
    ns_rows_free(rows);
    ns_world_free(w);
    return rc;
}

const cli_command_t cli_cmd_data = {"data",
                                    "print the recorded UN dataset (states, bodies, "
                                    "members, resolutions, votes, norms, participation)",
                                    data_help, run_data};
