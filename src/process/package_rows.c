/* A negotiation's package as rows, one per paragraph: what `normsim negotiate --format
 * csv|json` prints and what the Python package's negotiate() returns as its package
 * (docs/PROCESS.md); and its blockers, one row per blocker, as negotiate's table shows
 * them and the Python package returns them. One list of columns for both.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "process_internal.h"

#include "core/internal.h"

#include <inttypes.h>

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

/* The lists a row holds. */
typedef enum list_kind {
    LIST_OBJECTORS,  /* The members objecting to paragraph k, space-joined ("USA CHN"). */
    LIST_OBJECTIONS, /* Each with its objection there and the will it needs overall,
                      * ';'-joined ("USA:7.14:20.2;CHN:3.58:20.2"). */
    LIST_COALITION,  /* The members of the coalition, ';'-joined. */
    LIST_OUTVOTED    /* The outvoted, in the order the chair dropped them, ';'-joined. */
} list_kind_t;

static void put_list(ns__text_t *t, const ns_negotiation_t *n, size_t k, list_kind_t kind)
{
    const ns_consensus_result_t *r = &n->result;
    const char *const *names = n->table.member_names;
    size_t count = 0;
    switch (kind) {
    case LIST_OBJECTORS:
    case LIST_OBJECTIONS:
        /* The blockers whose list holds paragraph k. */
        for (size_t b = 0; b < r->n_blockers; b++) {
            const ns_consensus_blocker_t *bl = &r->blockers[b];
            for (size_t j = 0; j < bl->n_paras; j++) {
                if (bl->paras[j] != k) {
                    continue;
                }
                if (kind == LIST_OBJECTORS) {
                    ns__text_put(t, "%s%s", count++ > 0 ? " " : "", names[bl->member]);
                } else {
                    ns__text_put(t, "%s%s:%.4g:%.4g", count++ > 0 ? ";" : "", names[bl->member],
                                 bl->objection[j], bl->will_needed);
                }
            }
        }
        break;
    case LIST_COALITION:
        for (size_t i = 0; i < n->table.m; i++) {
            if (n->in_coalition[i]) {
                ns__text_put(t, "%s%s", count++ > 0 ? ";" : "", names[i]);
            }
        }
        break;
    case LIST_OUTVOTED:
        for (size_t o = 0; o < n->n_outvoted; o++) {
            ns__text_put(t, "%s%s", o > 0 ? ";" : "", names[n->outvoted[o].member]);
        }
        break;
    }
}

/* A list as a string of its own length (free with ns_free); NULL when out of memory. */
static char *list_text(ns_ctx_t *ctx, const ns_negotiation_t *n, size_t k, list_kind_t kind)
{
    ns__text_t t = {NULL, 0, 0};
    put_list(&t, n, k, kind); /* Measures. */
    char *buf = ns_malloc(ctx, t.len + 1);
    if (buf != NULL) {
        buf[0] = '\0';
        t = (ns__text_t){buf, t.len + 1, 0};
        put_list(&t, n, k, kind);
    }
    return buf;
}

/* Sets column col of the last row to a list; NS_ENOMEM when out of memory. */
static ns_status set_list(ns_ctx_t *ctx, ns_rows_t *rows, size_t col, const ns_negotiation_t *n,
                          size_t k, list_kind_t kind)
{
    char *text = list_text(ctx, n, k, kind);
    if (text == NULL) {
        return NS_ENOMEM;
    }
    ns_status st = ns_rows_set(rows, col, text);
    ns_free(ctx, text);
    return st;
}

/* Paragraph k's row: the cells in column order, stopping at the first failure. */
static ns_status paragraph_row(ns_ctx_t *ctx, const ns_world_t *w, const ns_negotiation_t *n,
                               const ns_process_params_t *p, size_t k, ns_rows_t *rows)
{
    const ns_process_table_t *t = &n->table;
    const ns_consensus_result_t *r = &n->result;
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
    SET(set_list(ctx, rows, C_OBJECTORS, n, k, LIST_OBJECTORS));
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
    SET(set_list(ctx, rows, C_COALITION, n, k, LIST_COALITION));
    SET(set_list(ctx, rows, C_OUTVOTED, n, k, LIST_OUTVOTED));
    SET(set_list(ctx, rows, C_OBJECTIONS, n, k, LIST_OBJECTIONS));
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
        st = paragraph_row(ctx, w, n, p, k, *out);
    }
    if (st != NS_OK) {
        ns_rows_free(*out);
        *out = NULL;
    }
    return st;
}

/* Blocker b's paragraphs with its objection to each: "ihl (12.5), norms (3.1)". */
static void put_paragraphs(ns__text_t *t, const ns_negotiation_t *n, size_t b)
{
    const ns_consensus_blocker_t *bl = &n->result.blockers[b];
    for (size_t j = 0; j < bl->n_paras; j++) {
        ns__text_put(t, "%s%s (%.3g)", j > 0 ? ", " : "", n->table.para_names[bl->paras[j]],
                     bl->objection[j]);
    }
}

ns_status ns_process_blocker_rows(ns_ctx_t *ctx, const ns_negotiation_t *n, ns_rows_t **out)
{
    static const char *const cols[] = {"blocker", "will_needed", "will", "paragraphs"};
    if (out == NULL) {
        return ns_error(ctx, NS_EINVAL, "blocker rows: no output");
    }
    *out = NULL;
    if (n == NULL) {
        return ns_error(ctx, NS_EINVAL, "blocker rows: no negotiation");
    }
    ns_status st = ns_rows_new(ctx, cols, 4, out);
    for (size_t b = 0; st == NS_OK && b < n->result.n_blockers; b++) {
        const ns_consensus_blocker_t *bl = &n->result.blockers[b];
        ns__text_t t = {NULL, 0, 0};
        put_paragraphs(&t, n, b); /* Measures. */
        char *which = ns_malloc(ctx, t.len + 1);
        if (which == NULL) {
            st = NS_ENOMEM;
            break;
        }
        which[0] = '\0';
        t = (ns__text_t){which, t.len + 1, 0};
        put_paragraphs(&t, n, b);
        st = ns_rows_add(*out);
        if (st == NS_OK) {
            st = ns_rows_set(*out, 0, n->table.member_names[bl->member]);
        }
        if (st == NS_OK) {
            st = ns_rows_set_num(*out, 1, bl->will_needed, 4);
        }
        if (st == NS_OK) {
            st = ns_rows_set_num(*out, 2, n->table.will[bl->member], 4);
        }
        if (st == NS_OK) {
            st = ns_rows_set(*out, 3, which);
        }
        ns_free(ctx, which);
    }
    if (st != NS_OK) {
        ns_rows_free(*out);
        *out = NULL;
    }
    return st;
}
