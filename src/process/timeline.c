/* The UN process 1998-2026 replayed: each General Assembly text with its recorded outcome
 * and the vote model's forecast, each GGE, OEWG and the Global Mechanism with
 * P(consensus report) beside what happened (DESIGN.md section 4; docs/PROCESS.md 7).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "process_internal.h"

#include "normsim/vote.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One type per column: a resolution's date, a body's start and end years, members a
 * number beside the membership rule, chair and sponsor ISO3 codes (issue 14 item 6). */
static const char *const event_cols[] = {
    "year",    "date",       "start_year", "end_year", "event",   "id",           "line",
    "members", "membership", "chair",      "sponsor",  "actual",  "forecast",     "p",
    "p_lo",    "p_hi",       "replicates", "vote_yes", "vote_no", "vote_abstain", "verified"};
enum {
    E_YEAR,
    E_DATE,
    E_START,
    E_END,
    E_EVENT,
    E_ID,
    E_LINE,
    E_MEMBERS,
    E_MEMBERSHIP,
    E_CHAIR,
    E_SPONSOR,
    E_ACTUAL,
    E_FORECAST,
    E_P,
    E_PLO,
    E_PHI,
    E_RUNS,
    E_YES,
    E_NO,
    E_ABSTAIN,
    E_VERIFIED
};

static const char *const session_cols[] = {"body",          "kind",
                                           "start_year",    "end_year",
                                           "members",       "positions_year",
                                           "replicates",    "seed",
                                           "actual",        "p",
                                           "p_lo",          "p_hi",
                                           "point",         "kept",
                                           "summary",       "dropped",
                                           "text",          "status_quo",
                                           "blockers",      "blocked",
                                           "will_needed",   "summary_available",
                                           "member_list",   "record",
                                           "record_effects"};
enum {
    S_BODY,
    S_KIND,
    S_START,
    S_END,
    S_MEMBERS,
    S_PYEAR,
    S_RUNS,
    S_SEED,
    S_ACTUAL,
    S_P,
    S_PLO,
    S_PHI,
    S_POINT,
    S_KEPT,
    S_SUMMARY,
    S_DROPPED,
    S_TEXT,
    S_SQ,
    S_BLOCKERS,
    S_BLOCKED,
    S_WILL,
    S_SUMAV,
    S_MEMBERLIST,
    S_RECORD,
    S_RECORD_EFFECTS
};

static const char *const vote_cols[] = {"resolution", "year",      "iso3", "actual",    "predicted",
                                        "p_yes",      "p_abstain", "p_no", "cut_source"};

void ns_timeline_free(ns_timeline_t *t)
{
    if (t == NULL) {
        return;
    }
    ns_rows_free(t->events);
    ns_rows_free(t->sessions);
    ns_rows_free(t->votes);
    memset(t, 0, sizeof *t);
}

static const char *outcome_word(ns_outcome_t o)
{
    switch (o) {
    case NS_OUTCOME_ADOPTED: return "consensus report";
    case NS_OUTCOME_FAILED: return "FAILED: no consensus report";
    case NS_OUTCOME_UNKNOWN: break;
    }
    return "not yet known";
}

/* A growing text: "a; b; c" into a fixed buffer, truncated safely. */
static void append(char *buf, size_t size, const char *sep, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void append(char *buf, size_t size, const char *sep, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= size) {
        return;
    }
    if (len > 0) {
        snprintf(buf + len, size - len, "%s", sep);
        len = strlen(buf);
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

/* The session row of a negotiated body. */
/* The record's columns (docs/RECORD.md): the rules in force ("off" or "will+views"...)
 * and the worst margin at the point estimates with them and with each rule toggled
 * ("in_force=4.51;will=1.5;stances=0.495;salience=3.91;views=-4.95;all=1.86"). */
static ns_status record_columns(ns_ctx_t *ctx, const ns_world_t *w, const ns_negotiation_t *n,
                                const ns_process_params_t *p, ns_rows_t *rows)
{
    static const struct {
        unsigned rule;
        const char *name;
    } names[] = {{NS_RULE_WILL, "will"},         {NS_RULE_STANCES, "stances"},
                 {NS_RULE_SALIENCE, "salience"}, {NS_RULE_VIEWS, "views"},
                 {NS_RULE_AGENDA, "agenda"},     {NS_RULES_ALL, "all"}};
    char rules[64] = "";
    char effects[512] = "";
    ns_record_effect_t eff[NS_PROCESS_RECORD_EFFECTS];
    size_t n_eff = 0;
    for (size_t k = 0; k + 1 < sizeof names / sizeof names[0]; k++) {
        if ((p->record_rules & names[k].rule) != 0) {
            append(rules, sizeof rules, "+", "%s", names[k].name);
        }
    }
    ns_status st = ns_process_record_effects(ctx, w, n->table.body, n->table.year, p, eff, &n_eff);
    for (size_t e = 0; st == NS_OK && e < n_eff; e++) {
        const char *name = "in_force";
        for (size_t k = 0; e > 0 && k < sizeof names / sizeof names[0]; k++) {
            name = names[k].rule == eff[e].rule ? names[k].name : name;
        }
        append(effects, sizeof effects, ";", "%s=%.4g", name, eff[e].worst_margin);
    }
    if (st == NS_OK) {
        ns_rows_set(rows, S_RECORD, rules[0] != '\0' ? rules : "off");
        st = ns_rows_set(rows, S_RECORD_EFFECTS, effects);
    }
    return st;
}

static ns_status session_row(const ns_world_t *w, const ns_negotiation_t *n,
                             const ns_process_params_t *p, ns_rows_t *rows)
{
    const ns_process_table_t *t = &n->table;
    const ns_consensus_result_t *r = &n->result;
    const ns_body_t *b = ns_world_body(w, t->body);
    char kept[512] = "";
    char summ[512] = "";
    char drop[512] = "";
    char text[1024] = "";
    char sq[1024] = "";
    char who[1024] = "";
    char blocked[2048] = "";
    char will[1024] = "";
    char members[2048] = "";
    ns_status st = ns_rows_add(rows);
    if (st != NS_OK) {
        return st;
    }
    for (size_t k = 0; k < t->d; k++) {
        char *list = r->action[k] == NS_PARA_KEEP      ? kept
                     : r->action[k] == NS_PARA_SUMMARY ? summ
                                                       : drop;
        append(list, 512, ";", "%s", t->para_names[k]);
        append(text, sizeof text, ";", "%s=%.4g", t->para_names[k], r->text[k]);
        append(sq, sizeof sq, ";", "%s=%.4g", t->para_names[k], t->status_quo[k]);
    }
    for (size_t i = 0; i < r->n_blockers; i++) {
        const ns_consensus_blocker_t *bl = &r->blockers[i];
        const char *iso3 = t->member_names[bl->member];
        append(who, sizeof who, ";", "%s", iso3);
        append(will, sizeof will, ";", "%s=%.4g", iso3, bl->will_needed);
        for (size_t j = 0; j < bl->n_paras; j++) {
            append(blocked, sizeof blocked, ";", "%s:%s", iso3, t->para_names[bl->paras[j]]);
        }
    }
    for (size_t i = 0; i < t->m; i++) {
        append(members, sizeof members, ";", "%s", t->member_names[i]);
    }
    ns_rows_set(rows, S_BODY, b->id);
    ns_rows_set(rows, S_KIND, ns_body_kind_str(b->kind));
    ns_rows_setf(rows, S_START, "%d", b->start_year);
    if (b->end_year != 0) {
        ns_rows_setf(rows, S_END, "%d", b->end_year);
    }
    ns_rows_setf(rows, S_MEMBERS, "%zu", t->m);
    ns_rows_setf(rows, S_PYEAR, "%d", t->positions_year);
    ns_rows_setf(rows, S_RUNS, "%zu", n->mc.replicates);
    ns_rows_setf(rows, S_SEED, "%" PRIu64, ns__process_seed(p->seed, t->body));
    ns_rows_set(rows, S_ACTUAL,
                b->outcome == NS_OUTCOME_ADOPTED  ? "adopted"
                : b->outcome == NS_OUTCOME_FAILED ? "failed"
                                                  : "unknown");
    ns_rows_set_num(rows, S_P, n->mc.p, 4);
    ns_rows_set_num(rows, S_PLO, n->mc.lo, 4);
    ns_rows_set_num(rows, S_PHI, n->mc.hi, 4);
    ns_rows_set(rows, S_POINT, r->adopted ? "adopted" : "failed");
    ns_rows_set(rows, S_KEPT, kept);
    ns_rows_set(rows, S_SUMMARY, summ);
    ns_rows_set(rows, S_DROPPED, drop);
    ns_rows_set(rows, S_TEXT, text);
    ns_rows_set(rows, S_SQ, sq);
    ns_rows_set(rows, S_BLOCKERS, who);
    ns_rows_set(rows, S_BLOCKED, blocked);
    ns_rows_set(rows, S_WILL, will);
    ns_rows_set(rows, S_SUMAV, t->summary_available ? "yes" : "no");
    return ns_rows_set(rows, S_MEMBERLIST, members);
}

static ns_status body_event(const ns_world_t *w, const ns_negotiation_t *n, ns_rows_t *rows)
{
    const ns_body_t *b = ns_world_body(w, n->table.body);
    ns_status st = ns_rows_add(rows);
    if (st != NS_OK) {
        return st;
    }
    ns_rows_setf(rows, E_YEAR, "%d", b->start_year);
    ns_rows_setf(rows, E_START, "%d", b->start_year);
    if (b->end_year != 0) {
        ns_rows_setf(rows, E_END, "%d", b->end_year);
    }
    ns_rows_set(rows, E_EVENT, ns_body_kind_str(b->kind));
    ns_rows_set(rows, E_ID, b->id);
    ns_rows_setf(rows, E_LINE, "est. %s", b->establishing_resolution);
    ns_rows_setf(rows, E_MEMBERS, "%zu", n->table.m);
    ns_rows_set(rows, E_MEMBERSHIP, ns_membership_rule_str(b->membership));
    if (b->chair >= 0) {
        ns_rows_set(rows, E_CHAIR, ns_world_state(w, (size_t)b->chair)->iso3);
    }
    ns_rows_set(rows, E_ACTUAL, outcome_word(b->outcome));
    /* A body that can outvote adopts a report, not a consensus report. */
    bool coalition = ns_process_rule_is_coalition(&n->rule, n->table.m);
    ns_rows_set(rows, E_FORECAST,
                n->mc.p >= 0.5 ? (coalition ? "report (outvoting)" : "consensus report")
                               : (coalition ? "no report" : "no consensus"));
    ns_rows_set_num(rows, E_P, n->mc.p, 2);
    ns_rows_set_num(rows, E_PLO, n->mc.lo, 2);
    ns_rows_set_num(rows, E_PHI, n->mc.hi, 2);
    ns_rows_setf(rows, E_RUNS, "%zu", n->mc.replicates);
    return ns_rows_set(rows, E_VERIFIED, ns_verified_str(b->verified));
}

/* A resolution: the recorded outcome, and the vote model's forecast when it has one. */
static ns_status resolution_event(ns_ctx_t *ctx, const ns_world_t *w, ns_vote_history_t *history,
                                  size_t index, ns_timeline_t *out)
{
    const ns_resolution_t *r = ns_world_resolution(w, index);
    ns_vote_forecast_t *f = NULL;
    int *recorded = NULL;
    ns_status st = ns_rows_add(out->events);
    char id[64];
    if (st != NS_OK) {
        goto cleanup;
    }
    if (r->symbol[0] != '\0') {
        snprintf(id, sizeof id, "%s", r->symbol);
    } else {
        snprintf(id, sizeof id, "session:%d", r->session);
    }
    ns_rows_setf(out->events, E_YEAR, "%d", r->year);
    ns_rows_set(out->events, E_DATE, r->date);
    ns_rows_set(out->events, E_EVENT, r->kind);
    ns_rows_set(out->events, E_ID, id);
    ns_rows_set(out->events, E_LINE, r->line);
    if (r->lead_sponsor >= 0) {
        ns_rows_set(out->events, E_SPONSOR, ns_world_state(w, (size_t)r->lead_sponsor)->iso3);
    }
    if (r->adoption == NS_ADOPT_RECORDED_VOTE && r->yes >= 0) {
        ns_rows_setf(out->events, E_ACTUAL, "recorded vote %d-%d-%d", r->yes, r->no, r->abstain);
    } else if (r->adoption == NS_ADOPT_WITHOUT_VOTE) {
        ns_rows_set(out->events, E_ACTUAL, "adopted without a vote");
    } else {
        ns_rows_set(out->events, E_ACTUAL, "not recorded");
    }
    ns_rows_set(out->events, E_VERIFIED, ns_verified_str(r->verified));
    /* The forecast never sees the text's own tally: cut points from the line's latest
     * earlier roll call (normsim/vote.h). */
    ns_vote_request_t req;
    memset(&req, 0, sizeof req);
    req.resolution = id;
    ns_status vs = ns_vote_forecast_with(ctx, history, &req, &f);
    if (vs == NS_ENOMEM) {
        st = vs;
        goto cleanup;
    }
    if (vs != NS_OK) {
        /* No earlier roll call of the line, or a year the position model does not
         * cover: no forecast, said in the row. */
        ns_ctx_clear_error(ctx);
        ns_rows_set(out->events, E_FORECAST, "no vote forecast");
        goto cleanup;
    }
    size_t n_states = ns_world_state_count(w);
    if ((recorded = ns_calloc(ctx, n_states + 1, sizeof *recorded)) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t s = 0; s < n_states; s++) {
        recorded[s] = -1;
    }
    for (size_t v = 0; v < ns_world_vote_count(w); v++) {
        const ns_vote_t *vote = ns_world_vote(w, v);
        if (vote->resolution == index && vote->state < n_states) {
            recorded[vote->state] = (int)vote->vote;
        }
    }
    int count[3] = {0, 0, 0};
    for (size_t i = 0; i < f->n; i++) {
        count[f->rows[i].vote]++;
    }
    ns_rows_set(out->events, E_FORECAST, "vote model");
    ns_rows_setf(out->events, E_YES, "%d", count[NS_VOTE_YES]);
    ns_rows_setf(out->events, E_NO, "%d", count[NS_VOTE_NO]);
    ns_rows_setf(out->events, E_ABSTAIN, "%d", count[NS_VOTE_ABSTAIN]);
    out->votes_available = true;
    /* Per state, beside the recorded vote when there is one. */
    for (size_t i = 0; st == NS_OK && i < f->n; i++) {
        const ns_vote_row_t *row = &f->rows[i];
        int rv = row->state < n_states ? recorded[row->state] : -1;
        const char *actual = rv >= 0 ? ns_vote_str((ns_vote_value_t)rv) : "";
        if ((st = ns_rows_add(out->votes)) != NS_OK) {
            break;
        }
        ns_rows_set(out->votes, 0, id);
        ns_rows_setf(out->votes, 1, "%d", r->year);
        ns_rows_set(out->votes, 2, ns_world_state(w, row->state)->iso3);
        ns_rows_set(out->votes, 3, actual);
        ns_rows_set(out->votes, 4, ns_vote_str(row->vote));
        ns_rows_set_num(out->votes, 5, row->p.yes, 4);
        ns_rows_set_num(out->votes, 6, row->p.abstain, 4);
        ns_rows_set_num(out->votes, 7, row->p.no, 4);
        st = ns_rows_setf(out->votes, 8, "%s%s%s", f->cut_source, f->cut_from[0] ? ":" : "",
                          f->cut_from);
    }

cleanup:
    ns_free(ctx, recorded);
    ns_vote_forecast_free(f);
    return st;
}

/* Events in date order: a body begins its year, resolutions come at the year's end. */
typedef struct event {
    int year;
    bool body;
    char date[16];
    size_t index;
} event_t;

static int by_date(const void *a, const void *b)
{
    const event_t *x = a;
    const event_t *y = b;
    if (x->year != y->year) {
        return x->year < y->year ? -1 : 1;
    }
    if (x->body != y->body) {
        return x->body ? -1 : 1;
    }
    int c = strcmp(x->date, y->date);
    if (c != 0) {
        return c;
    }
    return x->index < y->index ? -1 : x->index > y->index;
}

ns_status ns_timeline_run(ns_ctx_t *ctx, const ns_world_t *w, const ns_process_params_t *params,
                          ns_timeline_t *out)
{
    ns_status st = NS_OK;
    size_t n_res = ns_world_resolution_count(w);
    size_t n_bodies = ns_world_body_count(w);
    size_t n_dims = ns_world_dimension_count(w);
    event_t *events = NULL;
    double *sq = NULL;
    ns_negotiation_t *neg = NULL;
    ns_vote_history_t *history = NULL; /* The resolutions' forecasts share one slope fit. */
    ns_process_texts_t texts;
    memset(&texts, 0, sizeof texts);
    memset(out, 0, sizeof *out);
    if ((st = ns_vote_history_new(ctx, w, &history)) != NS_OK ||
        (st = ns_rows_new(ctx, event_cols, sizeof event_cols / sizeof event_cols[0],
                          &out->events)) != NS_OK ||
        (st = ns_rows_new(ctx, session_cols, sizeof session_cols / sizeof session_cols[0],
                          &out->sessions)) != NS_OK ||
        (st = ns_rows_new(ctx, vote_cols, sizeof vote_cols / sizeof vote_cols[0], &out->votes)) !=
            NS_OK ||
        (st = ns__process_texts_init(ctx, w, &texts)) != NS_OK) {
        goto cleanup;
    }
    events = ns_calloc(ctx, n_res + n_bodies + 1, sizeof *events);
    sq = ns_calloc(ctx, n_dims + 1, sizeof *sq);
    neg = ns_calloc(ctx, n_bodies + 1, sizeof *neg);
    if (events == NULL || sq == NULL || neg == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    /* Negotiate every session in order of first year, each meeting the texts of the
     * adopted sessions that ended before it. */
    for (;;) {
        long next = -1;
        for (size_t a = 0; a < n_bodies; a++) {
            if (!texts.done[a] && ns__process_is_session(ns_world_body(w, a)) &&
                (next < 0 || ns__process_by_start(w, a, (size_t)next) < 0)) {
                next = (long)a;
            }
        }
        if (next < 0) {
            break;
        }
        ns__process_carry(w, (size_t)next, &texts, sq);
        st = ns__process_negotiate_at(ctx, w, (size_t)next, 0, sq, params, true, &neg[next]);
        if (st != NS_OK) {
            goto cleanup;
        }
        ns__process_texts_record(w, &neg[next], &texts);
    }
    size_t n = 0;
    for (size_t i = 0; i < n_res; i++) {
        const ns_resolution_t *r = ns_world_resolution(w, i);
        events[n] = (event_t){r->year, false, "", i};
        snprintf(events[n].date, sizeof events[n].date, "%s", r->date);
        n++;
    }
    for (size_t i = 0; i < n_bodies; i++) {
        if (texts.done[i]) {
            events[n++] = (event_t){ns_world_body(w, i)->start_year, true, "", i};
        }
    }
    qsort(events, n, sizeof *events, by_date);
    for (size_t e = 0; st == NS_OK && e < n; e++) {
        if (events[e].body) {
            st = body_event(w, &neg[events[e].index], out->events);
            if (st == NS_OK) {
                st = session_row(w, &neg[events[e].index], params, out->sessions);
            }
            if (st == NS_OK) {
                st = record_columns(ctx, w, &neg[events[e].index], params, out->sessions);
            }
        } else {
            st = resolution_event(ctx, w, history, events[e].index, out);
        }
    }

cleanup:
    for (size_t i = 0; neg != NULL && i < n_bodies; i++) {
        ns_negotiation_free(&neg[i]);
    }
    ns_free(ctx, neg);
    ns_free(ctx, events);
    ns_free(ctx, sq);
    ns__process_texts_destroy(&texts);
    ns_vote_history_free(history);
    return st;
}
