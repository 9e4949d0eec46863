/* normsim run: for now, the built-in timeline of the UN process as recorded. The process
 * model that will put a forecast beside each event is not built yet, and the output says
 * so on its first line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char run_help[] =
    "usage: normsim run [--format table|csv|json] [--verified yes|partly|all] [--data DIR]\n"
    "\n"
    "Print the timeline of the UN process on ICTs and international security, 1998 to\n"
    "2026, as RECORDED DATA, NOT A FORECAST: the process model that will replay it is not\n"
    "built yet. One row per event in date order:\n"
    "  - each General Assembly resolution or decision: year, date, symbol, line (the\n"
    "    Russian-led 'developments' text, the US-led 'responsible_behaviour' text, the\n"
    "    joint text, the Programme of Action, ...), how it was adopted and the recorded\n"
    "    tally yes/no/abstain where there was a roll call;\n"
    "  - each body (GGE1..GGE6, OEWG1, OEWG2, the Global Mechanism): years, number of\n"
    "    members (or 'open'), chair, outcome and report symbol.\n"
    "Every row carries its 'verified' status from the data.\n"
    "\n"
    "options:\n"
    "  --format F      table (default), csv or json\n"
    "  --verified V    yes, partly or all (default): which rows of the data to use\n"
    "  --data DIR      read the CSV files from DIR instead of the built-in copy\n"
    "\n"
    "examples:\n"
    "  normsim run\n"
    "  normsim run --format csv > timeline.csv\n"
    "  normsim run --verified yes\n";

static const char *const columns[] = {
    "year",    "date", "event", "id",      "line",   "members", "chair_or_sponsor",
    "outcome", "yes",  "no",    "abstain", "report", "verified"};
enum {
    C_YEAR,
    C_DATE,
    C_EVENT,
    C_ID,
    C_LINE,
    C_MEMBERS,
    C_CHAIR,
    C_OUTCOME,
    C_YES,
    C_NO,
    C_ABSTAIN,
    C_REPORT,
    C_VERIFIED
};

/* One event: a resolution or a body, ordered by date. */
typedef struct event {
    char date[16]; /* ISO date, or the start year of a body. */
    bool body;
    size_t index;
    size_t order; /* Position in the world, to keep the sort stable. */
} event_t;

static int by_date(const void *a, const void *b)
{
    const event_t *x = a;
    const event_t *y = b;
    /* Compare on the year first: "2018" (a body) sorts before "2018-12-05". */
    int c = strncmp(x->date, y->date, 4);
    if (c == 0 && x->body != y->body) {
        c = x->body ? -1 : 1; /* A body begins its year; resolutions come at the year's end. */
    }
    if (c == 0) {
        c = strcmp(x->date, y->date);
    }
    if (c == 0) {
        c = x->order < y->order ? -1 : x->order > y->order;
    }
    return c;
}

static const char *adoption_text(ns_adoption_t a)
{
    switch (a) {
    case NS_ADOPT_RECORDED_VOTE: return "recorded vote";
    case NS_ADOPT_WITHOUT_VOTE: return "without a vote";
    case NS_ADOPT_UNKNOWN: break;
    }
    return "not recorded";
}

static ns_status add_resolution(const ns_world_t *w, const ns_resolution_t *r, ns_rows_t *rows)
{
    ns_status st = ns_rows_add(rows);
    if (st != NS_OK) {
        return st;
    }
    ns_rows_setf(rows, C_YEAR, "%d", r->year);
    ns_rows_set(rows, C_DATE, r->date);
    ns_rows_set(rows, C_EVENT, r->kind);
    if (r->symbol[0] != '\0') {
        ns_rows_set(rows, C_ID, r->symbol);
    } else {
        ns_rows_setf(rows, C_ID, "(no symbol, session %d)", r->session);
    }
    ns_rows_set(rows, C_LINE, r->line);
    if (r->lead_sponsor >= 0) {
        ns_rows_setf(rows, C_CHAIR, "sponsor %s", ns_world_state(w, (size_t)r->lead_sponsor)->iso3);
    }
    ns_rows_set(rows, C_OUTCOME, adoption_text(r->adoption));
    if (r->yes >= 0) {
        ns_rows_setf(rows, C_YES, "%d", r->yes);
        ns_rows_setf(rows, C_NO, "%d", r->no);
        ns_rows_setf(rows, C_ABSTAIN, "%d", r->abstain);
    }
    return ns_rows_set(rows, C_VERIFIED, ns_verified_str(r->verified));
}

static ns_status add_body(const ns_world_t *w, const ns_body_t *b, ns_rows_t *rows)
{
    ns_status st = ns_rows_add(rows);
    if (st != NS_OK) {
        return st;
    }
    ns_rows_setf(rows, C_YEAR, "%d", b->start_year);
    if (b->end_year != 0) {
        ns_rows_setf(rows, C_DATE, "%d-%d", b->start_year, b->end_year);
    } else {
        ns_rows_setf(rows, C_DATE, "%d-", b->start_year);
    }
    ns_rows_set(rows, C_EVENT, ns_body_kind_str(b->kind));
    ns_rows_set(rows, C_ID, b->id);
    ns_rows_setf(rows, C_LINE, "est. %s", b->establishing_resolution);
    if (b->membership == NS_MEMBERS_HISTORICAL) {
        /* The recorded size; the member list may be shorter under --verified. */
        ns_rows_setf(rows, C_MEMBERS, "%d", b->seats);
    } else {
        ns_rows_set(rows, C_MEMBERS, ns_membership_rule_str(b->membership));
    }
    if (b->chair >= 0) {
        ns_rows_setf(rows, C_CHAIR, "%s (%s)", b->chair_name,
                     ns_world_state(w, (size_t)b->chair)->iso3);
    }
    switch (b->outcome) {
    case NS_OUTCOME_ADOPTED: ns_rows_set(rows, C_OUTCOME, "consensus report"); break;
    case NS_OUTCOME_FAILED: ns_rows_set(rows, C_OUTCOME, "FAILED: no consensus report"); break;
    case NS_OUTCOME_UNKNOWN: ns_rows_set(rows, C_OUTCOME, "not yet known"); break;
    }
    ns_rows_set(rows, C_REPORT, b->report_symbol);
    return ns_rows_set(rows, C_VERIFIED, ns_verified_str(b->verified));
}

static int run_run(cli_t *cli, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int r = cli_common_option(cli, "run", argc, argv, &i);
        if (r < 0) {
            return CLI_EXIT_USAGE;
        }
        if (r > 0) {
            continue;
        }
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(run_help, stdout);
            return CLI_EXIT_OK;
        }
        return cli_usage(cli, "run", "unexpected argument '%s'", argv[i]);
    }
    ns_world_t *w = NULL;
    ns_rows_t *rows = NULL;
    event_t *events = NULL;
    ns_status st = NS_OK;
    int rc = cli_load_world(cli, &w);
    if (rc != CLI_EXIT_OK) {
        goto cleanup;
    }
    size_t n_res = ns_world_resolution_count(w);
    size_t n_bodies = ns_world_body_count(w);
    size_t n = 0;
    events = ns_calloc(cli->ctx, n_res + n_bodies + 1, sizeof *events);
    if (events == NULL) {
        rc = cli_fail(cli, NS_ENOMEM);
        goto cleanup;
    }
    for (size_t i = 0; i < n_res; i++) {
        const ns_resolution_t *r = ns_world_resolution(w, i);
        snprintf(events[n].date, sizeof events[n].date, "%s", r->date);
        events[n].index = i;
        events[n].order = n;
        n++;
    }
    for (size_t i = 0; i < n_bodies; i++) {
        const ns_body_t *b = ns_world_body(w, i);
        if (b->kind == NS_BODY_GA) {
            continue; /* The Assembly is where resolutions happen, not an event. */
        }
        snprintf(events[n].date, sizeof events[n].date, "%04d", b->start_year);
        events[n].body = true;
        events[n].index = i;
        events[n].order = n;
        n++;
    }
    qsort(events, n, sizeof *events, by_date);
    if ((st = ns_rows_new(cli->ctx, columns, sizeof columns / sizeof columns[0], &rows))) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    for (size_t e = 0; st == NS_OK && e < n; e++) {
        st = events[e].body ? add_body(w, ns_world_body(w, events[e].index), rows)
                            : add_resolution(w, ns_world_resolution(w, events[e].index), rows);
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    rc = cli_write_rows(cli, rows,
                        "RECORDED DATA, NOT A FORECAST (the process model is not built yet): "
                        "the UN process on ICTs, 1998-2026");
cleanup:
    ns_free(cli->ctx, events);
    ns_rows_free(rows);
    ns_world_free(w);
    return rc;
}

const cli_command_t cli_cmd_run = {
    "run", "replay the UN process (for now: the recorded timeline, not a forecast)", run_help,
    run_run};
