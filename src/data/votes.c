/* General Assembly resolutions (unga_resolutions.csv) and their roll calls
 * (unga_votes.csv, Voeten's data). The roll calls are checked against the resolutions:
 * the same date and roll-call id, one vote per state, and per resolution the counts of
 * yes, no and abstain equal the recorded tally.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "data/loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the vote check needs of each resolution row, kept whether or not the filter
 * keeps the row itself. */
typedef struct res_row {
    char symbol[32];
    char date[16];
    int rcid;
    int line;
    int tally[3]; /* yes, abstain, no (ns_vote_value_t order); -1 unknown */
    int counted[3];
    long index; /* In the world; -1 if filtered out. */
} res_row_t;

typedef struct res_rows {
    res_row_t *items;
    size_t count, cap;
    char file[512];
} res_rows_t;

/* Parse "A/RES/SS/NNN" or "decision SS/NNN" into the session; 0 if malformed. */
static int symbol_session(const char *symbol, bool *decision)
{
    const char *p = NULL;
    *decision = false;
    if (strncmp(symbol, "A/RES/", 6) == 0) {
        p = symbol + 6;
    } else if (strncmp(symbol, "decision ", 9) == 0) {
        p = symbol + 9;
        *decision = true;
    } else {
        return 0;
    }
    char *end = NULL;
    long session = strtol(p, &end, 10);
    if (end == p || *end != '/' || session < 1 || session > 200) {
        return 0;
    }
    char *tail = NULL;
    long number = strtol(end + 1, &tail, 10);
    if (tail == end + 1 || *tail != '\0' || number < 1) {
        return 0;
    }
    return (int)session;
}

static ns_status load_resolutions(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w,
                                  res_rows_t *rows)
{
    static const char *const cols[] = {"symbol",
                                       "kind",
                                       "session",
                                       "date",
                                       "title_short",
                                       "line",
                                       "committee",
                                       "lead_sponsor_iso3",
                                       "lead_sponsor_note",
                                       "adoption",
                                       "plenary_outcome_note",
                                       "yes",
                                       "no",
                                       "abstain",
                                       "first_committee_yes",
                                       "first_committee_no",
                                       "first_committee_abstain",
                                       "first_committee_note",
                                       "rcid",
                                       "verified",
                                       "verification_note",
                                       "source"};
    enum {
        R_SYMBOL,
        R_KIND,
        R_SESSION,
        R_DATE,
        R_TITLE,
        R_LINE,
        R_COMMITTEE,
        R_SPONSOR,
        R_SPONSOR_NOTE,
        R_ADOPTION,
        R_OUTCOME_NOTE,
        R_YES,
        R_NO,
        R_ABSTAIN,
        R_FC_YES,
        R_FC_NO,
        R_FC_ABSTAIN,
        R_FC_NOTE,
        R_RCID,
        R_VERIFIED,
        R_VNOTE,
        R_SOURCE
    };
    static const char *const kinds[] = {"resolution", "decision"};
    static const char *const lines[] = {"developments", "responsible_behaviour", "joint", "poa",
                                        "cybercrime",   "oewg_follow_up"};
    static const char *const committees[] = {"First", "Third"};
    static const char *const adoptions[] = {"unknown", "recorded_vote", "without_vote"};
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "unga_resolutions.csv", cols, NS__NCOLS(cols), &t);
    if (st == NS_OK) {
        snprintf(rows->file, sizeof rows->file, "%s", ns_csv_name(t.csv));
    }
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_resolution_t r;
        memset(&r, 0, sizeof r);
        int kind = -1, line = -1, committee = -1, adoption = -1;
        int fc = 0;
        const char *symbol = ns__text(&t, R_SYMBOL);
        bool decision = false;
        int symbol_sess = symbol[0] != '\0' ? symbol_session(symbol, &decision) : 0;
        if (symbol[0] != '\0' && symbol_sess == 0) {
            st = ns__error(&t, NS_EINVAL, R_SYMBOL,
                           "'%s' is not A/RES/SESSION/NUMBER or decision SESSION/NUMBER", symbol);
            break;
        }
        if ((st = ns__choice(&t, R_KIND, kinds, 2, true, &kind)) != NS_OK ||
            (st = ns__int(&t, R_SESSION, true, 1, 200, 0, &r.session)) != NS_OK) {
            break;
        }
        if (symbol[0] != '\0' && (symbol_sess != r.session || decision != (kind == 1))) {
            st = ns__error(&t, NS_EINVAL, R_SESSION,
                           "session %d and kind %s do not match the symbol '%s'", r.session,
                           kinds[kind], symbol);
            break;
        }
        if ((st = ns__date(&t, R_DATE, true, &r.year)) != NS_OK) {
            break;
        }
        /* Session N opens in September of 1945 + N and closes the next September. */
        if (r.year != 1945 + r.session && r.year != 1946 + r.session) {
            st = ns__error(&t, NS_ERANGE, R_DATE, "%d is outside session %d (%d-%d)", r.year,
                           r.session, 1945 + r.session, 1946 + r.session);
            break;
        }
        if ((st = ns__choice(&t, R_LINE, lines, NS__NCOLS(lines), false, &line)) != NS_OK ||
            (st = ns__choice(&t, R_COMMITTEE, committees, 2, false, &committee)) != NS_OK ||
            (st = ns__choice(&t, R_ADOPTION, adoptions, 3, true, &adoption)) != NS_OK) {
            break;
        }
        /* Lead sponsors: one code or several joined by ';' (76/19: RUS;USA); the first is
         * kept as the lead. */
        r.lead_sponsor = -1;
        const char *sponsors = ns__text(&t, R_SPONSOR);
        for (const char *p = sponsors; st == NS_OK && *p != '\0';) {
            const char *semi = strchr(p, ';');
            size_t len = semi != NULL ? (size_t)(semi - p) : strlen(p);
            char code[8] = {0};
            size_t state = 0;
            if (len == 0 || len >= sizeof code) {
                st = ns__error(&t, NS_EINVAL, R_SPONSOR, "'%s' is not a ';'-separated code list",
                               sponsors);
                break;
            }
            memcpy(code, p, len);
            if (ns_world_find_state(ctx, w, code, &state) != NS_OK) {
                char msg[256];
                snprintf(msg, sizeof msg, "%s", ns_ctx_errmsg(ctx));
                st = ns__error(&t, NS_EINVAL, R_SPONSOR, "%s (not in states.csv)", msg);
                break;
            }
            if (r.lead_sponsor < 0) {
                r.lead_sponsor = (long)state;
            }
            p += len + (semi != NULL ? 1 : 0);
        }
        /* No chamber has more than 193 members. */
        if (st != NS_OK || (st = ns__int(&t, R_YES, false, 0, 193, -1, &r.yes)) != NS_OK ||
            (st = ns__int(&t, R_NO, false, 0, 193, -1, &r.no)) != NS_OK ||
            (st = ns__int(&t, R_ABSTAIN, false, 0, 193, -1, &r.abstain)) != NS_OK ||
            (st = ns__int(&t, R_FC_YES, false, 0, 193, -1, &fc)) != NS_OK ||
            (st = ns__int(&t, R_FC_NO, false, 0, 193, -1, &fc)) != NS_OK ||
            (st = ns__int(&t, R_FC_ABSTAIN, false, 0, 193, -1, &fc)) != NS_OK ||
            (st = ns__int(&t, R_RCID, false, 1, 1000000, 0, &r.rcid)) != NS_OK ||
            (st = ns__verified(&t, R_VERIFIED, &r.verified)) != NS_OK) {
            break;
        }
        bool tallied = r.yes >= 0 && r.no >= 0 && r.abstain >= 0;
        if (adoption == 1 && !tallied) {
            st = ns__error(&t, NS_EINVAL, R_YES, "a recorded vote needs yes, no and abstain");
            break;
        }
        if (adoption != 1 && (r.yes >= 0 || r.no >= 0 || r.abstain >= 0)) {
            st = ns__error(&t, NS_EINVAL, R_YES, "a plenary tally without a recorded vote");
            break;
        }
        if (tallied && r.yes + r.no + r.abstain > 193) {
            st = ns__error(&t, NS_ERANGE, R_YES, "%d votes in all, more than 193 members",
                           r.yes + r.no + r.abstain);
            break;
        }
        res_row_t row;
        memset(&row, 0, sizeof row);
        if (strlen(symbol) >= sizeof row.symbol) {
            st = ns__error(&t, NS_ELIMIT, R_SYMBOL, "symbol longer than %zu bytes",
                           sizeof row.symbol - 1);
            break;
        }
        for (size_t i = 0; symbol[0] != '\0' && i < rows->count; i++) {
            if (strcmp(rows->items[i].symbol, symbol) == 0) {
                st = ns__error(&t, NS_EINVAL, R_SYMBOL, "'%s' appears twice", symbol);
                break;
            }
        }
        if (st != NS_OK) {
            break;
        }
        snprintf(row.symbol, sizeof row.symbol, "%s", symbol);
        snprintf(row.date, sizeof row.date, "%s", ns__text(&t, R_DATE));
        row.rcid = r.rcid;
        row.line = ns__line(&t);
        row.tally[NS_VOTE_YES] = r.yes;
        row.tally[NS_VOTE_ABSTAIN] = r.abstain;
        row.tally[NS_VOTE_NO] = r.no;
        row.index = -1;
        if (ns__keep(opts->filter, r.verified)) {
            size_t index = 0;
            r.symbol = symbol;
            r.kind = kinds[kind];
            r.date = ns__text(&t, R_DATE);
            r.title = ns__text(&t, R_TITLE);
            r.line = line >= 0 ? lines[line] : "";
            r.committee = committee >= 0 ? committees[committee] : "";
            r.adoption = adoption == 1   ? NS_ADOPT_RECORDED_VOTE
                         : adoption == 2 ? NS_ADOPT_WITHOUT_VOTE
                                         : NS_ADOPT_UNKNOWN;
            r.note = ns__text(&t, R_OUTCOME_NOTE);
            if ((st = ns_world_add_resolution(ctx, w, &r, &index)) != NS_OK) {
                break;
            }
            row.index = (long)index;
        }
        if ((st = ns_grow(ctx, (void **)&rows->items, &rows->cap, rows->count + 1, sizeof row)) !=
            NS_OK) {
            break;
        }
        rows->items[rows->count++] = row;
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

static ns_status load_votes(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w,
                            res_rows_t *rows)
{
    static const char *const cols[] = {"resolution", "date", "rcid", "iso3", "vote"};
    enum { V_RES, V_DATE, V_RCID, V_ISO3, V_VOTE };
    static const char *const values[] = {"yes", "abstain", "no"}; /* ns_vote_value_t order */
    size_t n_states = ns_world_state_count(w);
    /* One byte per resolution and state: a state votes once per roll call. */
    unsigned char *voted = ns_calloc(ctx, rows->count * n_states + 1, 1);
    ns__table_t t;
    memset(&t, 0, sizeof t);
    ns_status st = voted == NULL
                       ? NS_ENOMEM
                       : ns__table_open(ctx, opts, "unga_votes.csv", cols, NS__NCOLS(cols), &t);
    size_t last = 0;
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        const char *symbol = ns__text(&t, V_RES);
        int year = 0, rcid = 0, vote = -1;
        size_t state = 0;
        /* Rows come grouped by resolution: try the last match first. */
        if (last >= rows->count || strcmp(rows->items[last].symbol, symbol) != 0) {
            last = rows->count;
            for (size_t i = 0; symbol[0] != '\0' && i < rows->count; i++) {
                if (strcmp(rows->items[i].symbol, symbol) == 0) {
                    last = i;
                    break;
                }
            }
        }
        if (last == rows->count) {
            st = ns__error(&t, NS_EINVAL, V_RES, "'%s' is not in unga_resolutions.csv", symbol);
            break;
        }
        res_row_t *row = &rows->items[last];
        if ((st = ns__date(&t, V_DATE, true, &year)) != NS_OK ||
            (st = ns__int(&t, V_RCID, true, 1, 1000000, 0, &rcid)) != NS_OK ||
            (st = ns__state(&t, w, V_ISO3, &state)) != NS_OK ||
            (st = ns__choice(&t, V_VOTE, values, 3, true, &vote)) != NS_OK) {
            break;
        }
        if (strcmp(ns__text(&t, V_DATE), row->date) != 0) {
            st = ns__error(&t, NS_EINVAL, V_DATE, "'%s' differs from the date of %s (%s)",
                           ns__text(&t, V_DATE), symbol, row->date);
            break;
        }
        if (rcid != row->rcid) {
            st = ns__error(&t, NS_EINVAL, V_RCID, "%d differs from the rcid of %s (%d)", rcid,
                           symbol, row->rcid);
            break;
        }
        if (!ns_world_is_member(w, state, year)) {
            st = ns__error(&t, NS_EINVAL, V_ISO3, "%s was not a UN member in %d",
                           ns_world_state(w, state)->iso3, year);
            break;
        }
        unsigned char *cell = &voted[last * n_states + state];
        if (*cell) {
            st = ns__error(&t, NS_EINVAL, V_ISO3, "%s votes twice on %s",
                           ns_world_state(w, state)->iso3, symbol);
            break;
        }
        *cell = 1;
        row->counted[vote]++;
        /* Roll calls have no verified column; they follow their resolution. */
        if (row->index >= 0) {
            ns_vote_t v = {(size_t)row->index, state, (ns_vote_value_t)vote};
            st = ns_world_add_vote(ctx, w, &v);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    ns_free(ctx, voted);
    /* Per resolution with a roll call, the counts must equal the recorded tally. */
    for (size_t i = 0; st == NS_OK && i < rows->count; i++) {
        const res_row_t *row = &rows->items[i];
        int total = row->counted[0] + row->counted[1] + row->counted[2];
        for (int v = 0; st == NS_OK && total > 0 && v < 3; v++) {
            if (row->counted[v] != row->tally[v]) {
                st = ns_error_at(ctx, NS_EINVAL, rows->file, row->line, 0, values[v],
                                 "%s records %d, but unga_votes.csv has %d '%s' votes", row->symbol,
                                 row->tally[v], row->counted[v], values[v]);
            }
        }
    }
    return st;
}

ns_status ns__load_resolutions(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    res_rows_t rows;
    memset(&rows, 0, sizeof rows);
    ns_status st = load_resolutions(ctx, opts, w, &rows);
    if (st == NS_OK) {
        st = load_votes(ctx, opts, w, &rows);
    }
    ns_free(ctx, rows.items);
    return st;
}
