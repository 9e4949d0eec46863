/* A negotiation's package as rows, one per paragraph: what `normsim negotiate --format
 * csv|json` prints and what the Python package's negotiate() returns as its package
 * (docs/PROCESS.md). One list of columns for both.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "process_internal.h"

#include "core/internal.h"

#include <inttypes.h>
#include <stdio.h>

static const char *const columns[] = {"body",
                                      "year",
                                      "positions_year",
                                      "members",
                                      "paragraph",
                                      "status_quo",
                                      "action",
                                      "text",
                                      "moved",
                                      "objectors",
                                      "adopted",
                                      "p",
                                      "p_lo",
                                      "p_hi",
                                      "replicates",
                                      "seed",
                                      "data",
                                      "forum_shopping",
                                      "will_scale",
                                      "summary_record",
                                      "persuasion",
                                      "rounds",
                                      "max_rounds",
                                      "cohesion",
                                      "regional_persuasion",
                                      "regional_consulted",
                                      "decision",
                                      "k",
                                      "qmv_threshold",
                                      "coalition",
                                      "outvoted",
                                      "objections"};
enum {
    C_BODY,
    C_YEAR,
    C_PYEAR,
    C_MEMBERS,
    C_PARA,
    C_SQ,
    C_ACTION,
    C_TEXT,
    C_MOVED,
    C_OBJECTORS,
    C_ADOPTED,
    C_P,
    C_PLO,
    C_PHI,
    C_RUNS,
    C_SEED,
    C_DATA,
    C_B,
    C_WILL,
    C_F,
    C_RHO,
    C_ROUNDS,
    C_MAX_ROUNDS,
    C_COHESION,
    C_LAMBDA,
    C_REGIONAL,
    C_DECISION,
    C_K,
    C_QMV,
    C_COALITION,
    C_OUTVOTED,
    C_OBJECTIONS,
    C_COUNT
};
_Static_assert(sizeof columns / sizeof columns[0] == C_COUNT, "one name per column");

/* The members of the coalition (in = true) or the outvoted ones, joined by sep. */
static void coalition_list(const ns_negotiation_t *n, bool in, const char *sep, char *buf,
                           size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    if (in) {
        for (size_t i = 0; i < n->table.m && len + 8 < size; i++) {
            if (n->in_coalition[i]) {
                len += (size_t)snprintf(buf + len, size - len, "%s%s", len > 0 ? sep : "",
                                        n->table.member_names[i]);
            }
        }
        return;
    }
    for (size_t o = 0; o < n->n_outvoted && len + 8 < size; o++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s", len > 0 ? sep : "",
                                n->table.member_names[n->outvoted[o].member]);
    }
}

/* The members that object to paragraph k (blockers whose list holds it): their names
 * space-joined ("USA CHN"), or with `detail` each with its objection there and the will
 * it needs overall, ';'-joined ("USA:7.14:20.2;CHN:3.58:20.2"). */
static void objectors(const ns_negotiation_t *n, size_t k, bool detail, char *buf, size_t size)
{
    const ns_consensus_result_t *r = &n->result;
    size_t len = 0;
    buf[0] = '\0';
    for (size_t b = 0; b < r->n_blockers; b++) {
        const ns_consensus_blocker_t *bl = &r->blockers[b];
        const char *who = n->table.member_names[bl->member];
        for (size_t j = 0; j < bl->n_paras; j++) {
            if (bl->paras[j] != k || len + (detail ? 64 : 8) >= size) {
                continue;
            }
            if (detail) {
                len += (size_t)snprintf(buf + len, size - len, "%s%s:%.4g:%.4g", len > 0 ? ";" : "",
                                        who, bl->objection[j], bl->will_needed);
            } else {
                len += (size_t)snprintf(buf + len, size - len, "%s%s", len > 0 ? " " : "", who);
            }
        }
    }
}

/* Paragraph k's row: the cells in column order, stopping at the first failure. */
static ns_status paragraph_row(const ns_world_t *w, const ns_negotiation_t *n,
                               const ns_process_params_t *p, size_t k, ns_rows_t *rows)
{
    const ns_process_table_t *t = &n->table;
    const ns_consensus_result_t *r = &n->result;
    char who[2048];
    ns_status st = ns_rows_add(rows);
#define SET(call)                                                                                  \
    do {                                                                                           \
        if (st == NS_OK) {                                                                         \
            st = (call);                                                                           \
        }                                                                                          \
    } while (0)
    SET(ns_rows_set(rows, C_BODY, ns_world_body(w, t->body)->id));
    SET(ns_rows_setf(rows, C_YEAR, "%d", t->year));
    SET(ns_rows_setf(rows, C_PYEAR, "%d", t->positions_year));
    SET(ns_rows_setf(rows, C_MEMBERS, "%zu", t->m));
    SET(ns_rows_set(rows, C_PARA, t->para_names[k]));
    SET(ns_rows_set_num(rows, C_SQ, t->status_quo[k], 4));
    SET(ns_rows_set(rows, C_ACTION, ns_consensus_action_name(r->action[k])));
    SET(ns_rows_set_num(rows, C_TEXT, r->text[k], 4));
    SET(ns_rows_set_num(rows, C_MOVED, r->moved[k], 4));
    objectors(n, k, false, who, sizeof who);
    SET(ns_rows_set(rows, C_OBJECTORS, who));
    SET(ns_rows_set(rows, C_ADOPTED, r->adopted ? "yes" : "no"));
    SET(ns_rows_set_num(rows, C_P, n->mc.p, 4));
    SET(ns_rows_set_num(rows, C_PLO, n->mc.lo, 4));
    SET(ns_rows_set_num(rows, C_PHI, n->mc.hi, 4));
    SET(ns_rows_setf(rows, C_RUNS, "%zu", n->mc.replicates));
    SET(ns_rows_setf(rows, C_SEED, "%" PRIu64, p->seed));
    SET(ns_rows_set(rows, C_DATA, ns_world_data_version(w)));
    SET(ns_rows_set_num(rows, C_B, p->consensus.forum_shopping, 6));
    SET(ns_rows_set_num(rows, C_WILL, p->will_scale, 6));
    SET(ns_rows_set_num(rows, C_F, p->consensus.summary_record, 6));
    SET(ns_rows_set_num(rows, C_RHO, p->persuasion, 6));
    SET(ns_rows_setf(rows, C_ROUNDS, "%zu", n->n_rounds));
    SET(ns_rows_setf(rows, C_MAX_ROUNDS, "%zu", n->max_rounds));
    SET(ns_rows_set_num(rows, C_COHESION, p->cohesion, 6));
    SET(ns_rows_set_num(rows, C_LAMBDA, p->regional_persuasion, 6));
    SET(ns_rows_set(rows, C_REGIONAL, t->regional_consulted ? "yes" : "no"));
    SET(ns_rows_set(rows, C_DECISION, ns_decision_rule_str(n->rule.decision)));
    if (n->rule.decision != NS_DECIDE_WEIGHTED_QMV) {
        SET(ns_rows_setf(rows, C_K, "%zu", n->rule.k));
    } else {
        SET(ns_rows_set_num(rows, C_QMV, n->rule.threshold, 6));
    }
    coalition_list(n, true, ";", who, sizeof who);
    SET(ns_rows_set(rows, C_COALITION, who));
    coalition_list(n, false, ";", who, sizeof who);
    SET(ns_rows_set(rows, C_OUTVOTED, who));
    objectors(n, k, true, who, sizeof who);
    SET(ns_rows_set(rows, C_OBJECTIONS, who));
#undef SET
    return st;
}

ns_status ns_process_package_rows(ns_ctx_t *ctx, const ns_world_t *w, const ns_negotiation_t *n,
                                  const ns_process_params_t *p, ns_rows_t **out)
{
    if (out == NULL) {
        return ns_error(ctx, NS_EINVAL, "package rows: no output");
    }
    *out = NULL;
    if (w == NULL || n == NULL || p == NULL || n->table.body >= ns_world_body_count(w)) {
        return ns_error(ctx, NS_EINVAL, "package rows: no world, negotiation or parameters");
    }
    ns_status st = ns_rows_new(ctx, columns, C_COUNT, out);
    for (size_t k = 0; st == NS_OK && k < n->table.d; k++) {
        st = paragraph_row(w, n, p, k, *out);
    }
    if (st != NS_OK) {
        ns_rows_free(*out);
        *out = NULL;
    }
    return st;
}
