/* The bodies of the UN process: the six Groups of Governmental Experts with their member
 * lists (gge_sessions.csv, gge_members.csv), the two Open-ended Working Groups and the
 * Global Mechanism (oewg.csv), and the General Assembly.
 *
 * Every body gets the nine scenario dimensions as its mandate for now (each GGE and
 * OEWG report touched all of norms, law, CBMs and capacity building; MECHANISM.md 4).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "data/loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One GGE row as read, kept until its members are known. */
typedef struct session {
    char id[8];     /* "GGE1" .. "GGE99" */
    char years[12]; /* "2004-2005" */
    int line;       /* Line in gge_sessions.csv, for the member-count check. */
    int n_experts;
    long body;     /* Index of the body in the world; -1 if the filter dropped it. */
    size_t n_rows; /* Member rows of any verification. */
    size_t *members;
    ns_verified_t *verified;
    size_t n_members, cap_members, cap_verified;
} session_t;

typedef struct sessions {
    session_t *items;
    size_t count, cap;
    char file[512]; /* Name of gge_sessions.csv as opened, for late errors. */
} sessions_t;

static void sessions_free(ns_ctx_t *ctx, sessions_t *s)
{
    for (size_t i = 0; i < s->count; i++) {
        ns_free(ctx, s->items[i].members);
        ns_free(ctx, s->items[i].verified);
    }
    ns_free(ctx, s->items);
}

static ns_status set_mandate(ns_ctx_t *ctx, ns_world_t *w, size_t body)
{
    size_t all[64];
    size_t n = ns_world_dimension_count(w);
    if (n > sizeof all / sizeof all[0]) {
        n = sizeof all / sizeof all[0];
    }
    for (size_t d = 0; d < n; d++) {
        all[d] = d;
    }
    return ns_world_set_body_mandate(ctx, w, body, all, n);
}

/* "YYYY-YYYY" equal to start-end. */
static bool years_match(const char *years, int start, int end)
{
    char expect[16];
    snprintf(expect, sizeof expect, "%d-%d", start, end);
    return strcmp(years, expect) == 0;
}

static bool valid_gge_id(const char *s)
{
    size_t n = strlen(s);
    return n >= 4 && n <= 5 && strncmp(s, "GGE", 3) == 0 && s[3] >= '1' && s[3] <= '9' &&
           (n == 4 || (s[4] >= '0' && s[4] <= '9'));
}

static ns_status load_sessions(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w,
                               sessions_t *ss)
{
    static const char *const cols[] = {
        "gge_id",           "years",   "start_year", "end_year",          "establishing_resolution",
        "n_experts",        "chair",   "chair_iso3", "report_symbol",     "related_document",
        "consensus_report", "outcome", "verified",   "verification_note", "source"};
    enum {
        G_ID,
        G_YEARS,
        G_START,
        G_END,
        G_RES,
        G_N,
        G_CHAIR,
        G_CHAIR_ISO3,
        G_REPORT,
        G_RELATED,
        G_CONSENSUS,
        G_OUTCOME,
        G_VERIFIED,
        G_NOTE,
        G_SOURCE
    };
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "gge_sessions.csv", cols, NS__NCOLS(cols), &t);
    if (st == NS_OK) {
        snprintf(ss->file, sizeof ss->file, "%s", ns_csv_name(t.csv));
    }
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_body_t b;
        memset(&b, 0, sizeof b);
        size_t chair = 0;
        int consensus = 0;
        const char *id = ns__text(&t, G_ID);
        if (!valid_gge_id(id)) {
            st = ns__error(&t, NS_EINVAL, G_ID, "'%s' is not a GGE id (GGE1, GGE2, ...)", id);
            break;
        }
        for (size_t i = 0; i < ss->count; i++) {
            if (strcmp(ss->items[i].id, id) == 0) {
                st = ns__error(&t, NS_EINVAL, G_ID, "a second row for %s", id);
                break;
            }
        }
        if (st != NS_OK || (st = ns__year(&t, G_START, true, &b.start_year)) != NS_OK ||
            (st = ns__year(&t, G_END, true, &b.end_year)) != NS_OK) {
            break;
        }
        if (b.end_year < b.start_year) {
            st = ns__error(&t, NS_ERANGE, G_END, "ends in %d, before it starts in %d", b.end_year,
                           b.start_year);
            break;
        }
        if (!years_match(ns__text(&t, G_YEARS), b.start_year, b.end_year)) {
            st = ns__error(&t, NS_EINVAL, G_YEARS, "'%s' does not read %d-%d",
                           ns__text(&t, G_YEARS), b.start_year, b.end_year);
            break;
        }
        /* Never more than 25 experts (MECHANISM.md 3.2); 193 is the hard bound. */
        if ((st = ns__need(&t, G_RES)) != NS_OK ||
            (st = ns__int(&t, G_N, true, 1, 193, 0, &b.seats)) != NS_OK ||
            (st = ns__state(&t, w, G_CHAIR_ISO3, &chair)) != NS_OK ||
            (st = ns__need(&t, G_CHAIR)) != NS_OK ||
            (st = ns__int(&t, G_CONSENSUS, true, 0, 1, 0, &consensus)) != NS_OK ||
            (st = ns__need(&t, G_OUTCOME)) != NS_OK ||
            (st = ns__verified(&t, G_VERIFIED, &b.verified)) != NS_OK) {
            break;
        }
        /* A consensus report has a symbol; without consensus there is no report (3.4). */
        if ((consensus == 1) != (ns__text(&t, G_REPORT)[0] != '\0')) {
            st = ns__error(&t, NS_EINVAL, G_REPORT,
                           consensus ? "a consensus report needs its symbol"
                                     : "no consensus report, but a report symbol is given");
            break;
        }
        session_t s;
        memset(&s, 0, sizeof s);
        snprintf(s.id, sizeof s.id, "%s", id);
        snprintf(s.years, sizeof s.years, "%s", ns__text(&t, G_YEARS));
        s.line = ns__line(&t);
        s.n_experts = b.seats;
        s.body = -1;
        if (ns__keep(opts->filter, b.verified)) {
            char name[64];
            size_t index = 0;
            snprintf(name, sizeof name, "Group of Governmental Experts %s (%s)", id + 3, s.years);
            b.id = id;
            b.name = name;
            b.kind = NS_BODY_GGE;
            b.membership = NS_MEMBERS_HISTORICAL;
            b.decision = NS_DECIDE_CONSENSUS;
            b.chair = (long)chair;
            b.chair_name = ns__text(&t, G_CHAIR);
            b.establishing_resolution = ns__text(&t, G_RES);
            b.report_symbol = ns__text(&t, G_REPORT);
            b.outcome = consensus ? NS_OUTCOME_ADOPTED : NS_OUTCOME_FAILED;
            b.outcome_note = ns__text(&t, G_OUTCOME);
            b.stakeholders_consulted = false;
            b.source = ns__text(&t, G_SOURCE);
            if ((st = ns_world_add_body(ctx, w, &b, &index)) != NS_OK ||
                (st = set_mandate(ctx, w, index)) != NS_OK) {
                break;
            }
            s.body = (long)index;
        }
        if ((st = ns_grow(ctx, (void **)&ss->items, &ss->cap, ss->count + 1, sizeof s)) != NS_OK) {
            break;
        }
        ss->items[ss->count++] = s;
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

static ns_status load_members(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w,
                              sessions_t *ss)
{
    static const char *const cols[] = {
        "gge_id", "years", "iso3", "name", "verified", "verification_note", "source"};
    enum { M_ID, M_YEARS, M_ISO3, M_NAME, M_VERIFIED, M_NOTE, M_SOURCE };
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "gge_members.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        session_t *s = NULL;
        size_t state = 0;
        ns_verified_t v = NS_VERIFIED_NA;
        for (size_t i = 0; i < ss->count; i++) {
            if (strcmp(ss->items[i].id, ns__text(&t, M_ID)) == 0) {
                s = &ss->items[i];
            }
        }
        if (s == NULL) {
            st = ns__error(&t, NS_EINVAL, M_ID, "'%s' is not a GGE of gge_sessions.csv",
                           ns__text(&t, M_ID));
            break;
        }
        if (strcmp(ns__text(&t, M_YEARS), s->years) != 0) {
            st = ns__error(&t, NS_EINVAL, M_YEARS, "'%s' differs from %s's years %s",
                           ns__text(&t, M_YEARS), s->id, s->years);
            break;
        }
        if ((st = ns__state(&t, w, M_ISO3, &state)) != NS_OK ||
            (st = ns__verified(&t, M_VERIFIED, &v)) != NS_OK) {
            break;
        }
        const char *name = ns_world_state(w, state)->name;
        if (strcmp(ns__text(&t, M_NAME), name) != 0) {
            st = ns__error(&t, NS_EINVAL, M_NAME, "'%s' is not the name of %s in states.csv (%s)",
                           ns__text(&t, M_NAME), ns_world_state(w, state)->iso3, name);
            break;
        }
        for (size_t i = 0; i < s->n_members; i++) {
            if (s->members[i] == state) {
                st = ns__error(&t, NS_EINVAL, M_ISO3, "%s is listed twice in %s", name, s->id);
                break;
            }
        }
        s->n_rows++;
        if (st != NS_OK || s->body < 0 || !ns__keep(opts->filter, v)) {
            continue;
        }
        if ((st = ns_grow(ctx, (void **)&s->members, &s->cap_members, s->n_members + 1,
                          sizeof *s->members)) != NS_OK ||
            (st = ns_grow(ctx, (void **)&s->verified, &s->cap_verified, s->n_members + 1,
                          sizeof *s->verified)) != NS_OK) {
            break;
        }
        s->members[s->n_members] = state;
        s->verified[s->n_members] = v;
        s->n_members++;
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    /* The member list must account for every seat the session row records. */
    for (size_t i = 0; st == NS_OK && i < ss->count; i++) {
        session_t *s = &ss->items[i];
        if (s->n_rows != (size_t)s->n_experts) {
            st = ns_error_at(ctx, NS_EINVAL, ss->file, s->line, 0, "n_experts",
                             "%s has %d experts, but gge_members.csv lists %zu members", s->id,
                             s->n_experts, s->n_rows);
        } else if (s->body >= 0) {
            st = ns_world_set_body_members(ctx, w, (size_t)s->body, s->members, s->verified,
                                           s->n_members);
        }
    }
    return st;
}

/* "2019-2021" or "2026-(permanent)". */
static ns_status oewg_years(ns__table_t *t, size_t i, int *start, int *end)
{
    const char *s = ns__text(t, i);
    char *rest = NULL;
    long a = strtol(s, &rest, 10);
    long b = 0;
    if (rest == s + 4 && rest[0] == '-') {
        if (strcmp(rest + 1, "(permanent)") == 0) {
            b = 0;
        } else {
            char *tail = NULL;
            b = strtol(rest + 1, &tail, 10);
            if (tail != rest + 5 || *tail != '\0') {
                b = -1;
            }
        }
    } else {
        b = -1;
    }
    if (b < 0 || a < 1900 || a > 2100 || (b != 0 && (b < a || b > 2100))) {
        return ns__error(t, NS_EINVAL, i, "'%s' is not YYYY-YYYY or YYYY-(permanent)", s);
    }
    *start = (int)a;
    *end = (int)b;
    return NS_OK;
}

static ns_status load_oewg(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"body_id",
                                       "name",
                                       "years",
                                       "establishing_resolution",
                                       "establishing_date",
                                       "establishing_note",
                                       "chair",
                                       "chair_iso3",
                                       "participation",
                                       "sessions",
                                       "final_report",
                                       "reports_note",
                                       "outcome",
                                       "verified",
                                       "verification_note",
                                       "source"};
    enum {
        O_ID,
        O_NAME,
        O_YEARS,
        O_RES,
        O_DATE,
        O_RES_NOTE,
        O_CHAIR,
        O_CHAIR_ISO3,
        O_PART,
        O_SESSIONS,
        O_REPORT,
        O_REPORTS_NOTE,
        O_OUTCOME,
        O_VERIFIED,
        O_NOTE,
        O_SOURCE
    };
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "oewg.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_body_t b;
        memset(&b, 0, sizeof b);
        int date_year = 0;
        size_t chair = 0;
        size_t index = 0;
        b.chair = -1;
        if ((st = ns__need(&t, O_ID)) != NS_OK || (st = ns__need(&t, O_NAME)) != NS_OK ||
            (st = oewg_years(&t, O_YEARS, &b.start_year, &b.end_year)) != NS_OK ||
            (st = ns__need(&t, O_RES)) != NS_OK ||
            (st = ns__date(&t, O_DATE, false, &date_year)) != NS_OK ||
            (st = ns__verified(&t, O_VERIFIED, &b.verified)) != NS_OK) {
            break;
        }
        if (ns__text(&t, O_CHAIR_ISO3)[0] != '\0') {
            if ((st = ns__state(&t, w, O_CHAIR_ISO3, &chair)) != NS_OK ||
                (st = ns__need(&t, O_CHAIR)) != NS_OK) {
                break;
            }
            b.chair = (long)chair;
        }
        if (date_year != 0 && date_year > b.start_year) {
            st = ns__error(&t, NS_ERANGE, O_DATE, "established in %d, after it began in %d",
                           date_year, b.start_year);
            break;
        }
        if (!ns__keep(opts->filter, b.verified)) {
            continue;
        }
        const char *id = ns__text(&t, O_ID);
        const char *outcome = ns__text(&t, O_OUTCOME);
        const char *report = ns__text(&t, O_REPORT);
        /* Outcome as recorded: a final report adopted by consensus (OEWG1, OEWG2), a
         * recorded failure, or not yet known (the Global Mechanism has not met). */
        b.outcome = NS_OUTCOME_UNKNOWN;
        if (report[0] != '\0' && strstr(outcome, "adopted by consensus") != NULL) {
            b.outcome = NS_OUTCOME_ADOPTED;
        } else if (strncmp(outcome, "no consensus", 12) == 0) {
            b.outcome = NS_OUTCOME_FAILED;
        }
        b.id = id;
        b.name = ns__text(&t, O_NAME);
        b.kind = strncmp(b.name, "Global Mechanism", 16) == 0 ? NS_BODY_MECHANISM : NS_BODY_OEWG;
        b.membership = NS_MEMBERS_OPEN;
        b.decision = NS_DECIDE_CONSENSUS;
        b.chair_name = ns__text(&t, O_CHAIR);
        b.establishing_resolution = ns__text(&t, O_RES);
        b.report_symbol = report;
        b.outcome_note = outcome;
        b.stakeholders_consulted = true; /* MECHANISM.md 5.2 */
        b.source = ns__text(&t, O_SOURCE);
        st = ns_world_add_body(ctx, w, &b, &index);
        if (st == NS_EINVAL) {
            st = ns__error(&t, NS_EINVAL, O_ID, "body '%s' is defined twice", id);
        }
        if (st == NS_OK) {
            st = set_mandate(ctx, w, index);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

/* The General Assembly: every member state votes; the majority decides. */
static ns_status add_assembly(ns_ctx_t *ctx, ns_world_t *w)
{
    ns_body_t b;
    size_t index = 0;
    memset(&b, 0, sizeof b);
    b.id = "GA";
    b.name = "United Nations General Assembly";
    b.kind = NS_BODY_GA;
    b.start_year = 1945;
    b.membership = NS_MEMBERS_OPEN;
    b.decision = NS_DECIDE_MAJORITY;
    b.chair = -1;
    b.outcome = NS_OUTCOME_UNKNOWN;
    b.verified = NS_VERIFIED_NA;
    b.source = "UN Charter, Chapter IV";
    ns_status st = ns_world_add_body(ctx, w, &b, &index);
    return st == NS_OK ? set_mandate(ctx, w, index) : st;
}

ns_status ns__load_bodies(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    sessions_t ss;
    memset(&ss, 0, sizeof ss);
    ns_status st = load_sessions(ctx, opts, w, &ss);
    if (st == NS_OK) {
        st = load_members(ctx, opts, w, &ss);
    }
    if (st == NS_OK) {
        st = load_oewg(ctx, opts, w);
    }
    if (st == NS_OK) {
        st = add_assembly(ctx, w);
    }
    sessions_free(ctx, &ss);
    return st;
}
