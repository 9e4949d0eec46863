/* Backtest of the vote model: leave one recorded roll call out, fit the slope on the
 * others, forecast the one left out with and without its tally, and score it beside two
 * baselines (everyone votes with the majority; states ordered by the general ideal point
 * alone with the tally's counts assigned down the order). docs/POSITIONS.md part 3.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "vote/vote_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { M_TALLY, M_HISTORY, M_MAJORITY, M_IDEAL, M_SPONSORS_FWD, M_SPONSORS_LOO, M_COUNT };
static const char *const method_names[M_COUNT] = {
    "model_tally", "model", "majority", "ideal_point_tally", "sponsors_fwd", "sponsors_loo"};
/* The sponsor rule's fitted shares (q, r; docs/RECORD.md 9.3). */
#define SPONSOR_RULE_PARAMS 2

void ns_vote_backtest_free(ns_vote_backtest_t *b)
{
    if (b == NULL) {
        return;
    }
    ns_rows_free(b->summary);
    ns_rows_free(b->confusion);
    ns_rows_free(b->states);
    memset(b, 0, sizeof *b);
}

/* Sort key of the ideal-point baseline: the side-signed ideal point, ties by code. */
typedef struct ranked {
    double key;
    const char *iso3;
    size_t i;
} ranked_t;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked_t *x = a;
    const ranked_t *y = b;
    if (x->key != y->key) {
        return x->key > y->key ? -1 : 1;
    }
    return strcmp(x->iso3, y->iso3);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The baseline: yes to the first `yes` states in the order (the sponsor's side first),
 * then abstain, then no. A state without a lagged ideal point is placed at the median. */
static ns_status ideal_order(ns_ctx_t *ctx, const ns_world_t *w, const ns__rollcall_t *rc,
                             ns_vote_value_t *pred)
{
    ns_status st = NS_OK;
    ranked_t *r = ns_calloc(ctx, rc->n > 0 ? rc->n : 1, sizeof *r);
    double *known = ns_calloc(ctx, rc->n > 0 ? rc->n : 1, sizeof *known);
    if (r == NULL || known == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    size_t n_known = 0;
    for (size_t i = 0; i < rc->n; i++) {
        if (isfinite(rc->ideal[i])) {
            known[n_known++] = rc->ideal[i];
        }
    }
    qsort(known, n_known, sizeof *known, cmp_double);
    double median = n_known > 0 ? known[n_known / 2] : 0.0;
    for (size_t i = 0; i < rc->n; i++) {
        double x = isfinite(rc->ideal[i]) ? rc->ideal[i] : median;
        r[i].key = rc->sign * x;
        r[i].iso3 = ns_world_state(w, rc->state[i])->iso3;
        r[i].i = i;
    }
    qsort(r, rc->n, sizeof *r, cmp_ranked);
    for (size_t k = 0; k < rc->n; k++) {
        pred[r[k].i] = k < (size_t)rc->yes                   ? NS_VOTE_YES
                       : k < (size_t)(rc->yes + rc->abstain) ? NS_VOTE_ABSTAIN
                                                             : NS_VOTE_NO;
    }
cleanup:
    ns_free(ctx, r);
    ns_free(ctx, known);
    return st;
}

static ns_status add_confusion(ns_rows_t *rows, const char *symbol, const char *method,
                               const ns__rollcall_t *rc, const ns_vote_value_t *pred)
{
    ns_status st = NS_OK;
    for (int a = 0; a < 3 && st == NS_OK; a++) {
        for (int p = 0; p < 3 && st == NS_OK; p++) {
            int count = 0;
            for (size_t i = 0; i < rc->n; i++) {
                count += (int)rc->vote[i] == a && (int)pred[i] == p;
            }
            if ((st = ns_rows_add(rows)) != NS_OK || (st = ns_rows_set(rows, 0, symbol)) != NS_OK ||
                (st = ns_rows_set(rows, 1, method)) != NS_OK ||
                (st = ns_rows_set(rows, 2, ns_vote_str((ns_vote_value_t)a))) != NS_OK ||
                (st = ns_rows_set(rows, 3, ns_vote_str((ns_vote_value_t)p))) != NS_OK) {
                break;
            }
            st = ns_rows_setf(rows, 4, "%d", count);
        }
    }
    return st;
}

static double accuracy(const ns__rollcall_t *rc, const ns_vote_value_t *pred)
{
    int hit = 0;
    for (size_t i = 0; i < rc->n; i++) {
        hit += rc->vote[i] == pred[i];
    }
    return rc->n > 0 ? (double)hit / (double)rc->n : NAN;
}

/* One roll call left out: every method's predictions, its rows in the three tables. */
static ns_status backtest_one(ns_ctx_t *ctx, const ns_world_t *w, ns__rollcalls_t *rcs, size_t k,
                              ns_vote_value_t *pred[M_COUNT], ns_vote_probs_t *probs,
                              unsigned char *role, ns_vote_backtest_t *out)
{
    ns_status st = NS_OK;
    const ns__rollcall_t *rc = &rcs->items[k];
    const ns_resolution_t *res = ns_world_resolution(w, rc->res);
    ns_vote_model_t m = {0, rc->sign, 0, 0};
    int n_train = 0;
    bool have_history = true;
    const char *source = "";
    size_t from = SIZE_MAX;
    if ((st = ns__vote_fit_beta(ctx, rcs, k, &m.beta, &n_train)) != NS_OK) {
        goto cleanup;
    }
    /* Model with the tally. */
    if ((st = ns_vote_fit_tally(ctx, &m, rc->align, rc->n, rc->yes, rc->no, rc->abstain)) !=
        NS_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < rc->n; i++) {
        probs[i] = ns_vote_probs(&m, rc->align[i]);
        pred[M_TALLY][i] = ns_vote_most_probable(probs[i]);
    }
    /* Model without it: the location from the line's history. */
    ns_vote_model_t h = m;
    st = ns__vote_cuts_from_history(ctx, w, rcs, k, res->line, rc->year, &h, &source, &from);
    if (st == NS_ENOTFOUND) {
        ns_ctx_clear_error(ctx);
        st = NS_OK;
        have_history = false;
        source = "none";
    } else if (st != NS_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < rc->n; i++) {
        pred[M_HISTORY][i] =
            have_history ? ns_vote_most_probable(ns_vote_probs(&h, rc->align[i])) : NS_VOTE_YES;
    }
    /* The same with the sponsor rule, its shares counted on the roll calls before this
     * one (forward) or on all the others (leave one out). */
    ns__sponsor_rule_t fwd;
    ns__sponsor_rule_t loo;
    bool competing = false;
    if ((st = ns__sponsor_roles(ctx, w, rc->res, rc->sign, rc->year, rc->state, rc->n, role,
                                &competing)) != NS_OK ||
        (st = ns__sponsor_estimate(ctx, w, rcs, k, rc->res, &fwd)) != NS_OK ||
        (st = ns__sponsor_estimate(ctx, w, rcs, k, SIZE_MAX, &loo)) != NS_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < rc->n; i++) {
        ns_vote_probs_t p = ns_vote_probs(&h, rc->align[i]);
        pred[M_SPONSORS_FWD][i] = ns_vote_most_probable(ns__sponsor_apply(&fwd, role[i], p));
        pred[M_SPONSORS_LOO][i] = ns_vote_most_probable(ns__sponsor_apply(&loo, role[i], p));
    }
    /* Baselines. */
    ns_vote_value_t plurality = rc->yes >= rc->no && rc->yes >= rc->abstain ? NS_VOTE_YES
                                : rc->no >= rc->abstain                     ? NS_VOTE_NO
                                                                            : NS_VOTE_ABSTAIN;
    for (size_t i = 0; i < rc->n; i++) {
        pred[M_MAJORITY][i] = plurality;
    }
    if ((st = ideal_order(ctx, w, rc, pred[M_IDEAL])) != NS_OK) {
        goto cleanup;
    }

    ns_rows_t *s = out->summary;
    if ((st = ns_rows_add(s)) != NS_OK || (st = ns_rows_set(s, 0, res->symbol)) != NS_OK ||
        (st = ns_rows_set(s, 1, res->line)) != NS_OK ||
        (st = ns_rows_setf(s, 2, "%d", rc->year)) != NS_OK ||
        (st = ns_rows_setf(s, 3, "%zu", rc->n)) != NS_OK ||
        (st = ns_rows_setf(s, 4, "%.3f", accuracy(rc, pred[M_TALLY]))) != NS_OK ||
        (st = have_history ? ns_rows_setf(s, 5, "%.3f", accuracy(rc, pred[M_HISTORY]))
                           : ns_rows_set(s, 5, "")) != NS_OK ||
        (st = ns_rows_setf(s, 6, "%.3f", accuracy(rc, pred[M_MAJORITY]))) != NS_OK ||
        (st = ns_rows_setf(s, 7, "%.3f", accuracy(rc, pred[M_IDEAL]))) != NS_OK ||
        (st = ns_rows_setf(s, 8, "%.3f", m.beta)) != NS_OK) {
        goto cleanup;
    }
    if (from != SIZE_MAX) {
        st = ns_rows_setf(s, 9, "line:%s", ns_world_resolution(w, rcs->items[from].res)->symbol);
    } else {
        st = ns_rows_set(s, 9, source);
    }
    if (st != NS_OK) {
        goto cleanup;
    }
    if ((st = have_history ? ns_rows_setf(s, 10, "%.3f", accuracy(rc, pred[M_SPONSORS_FWD]))
                           : ns_rows_set(s, 10, "")) != NS_OK ||
        (st = have_history ? ns_rows_setf(s, 11, "%.3f", accuracy(rc, pred[M_SPONSORS_LOO]))
                           : ns_rows_set(s, 11, "")) != NS_OK ||
        (st = ns_rows_set(s, 12, competing ? "yes" : "no")) != NS_OK ||
        (st = ns_rows_setf(s, 13, "%.3f", fwd.q)) != NS_OK ||
        (st = ns_rows_setf(s, 14, "%.3f", fwd.r)) != NS_OK ||
        (st = ns_rows_setf(s, 15, "%.3f", loo.q)) != NS_OK ||
        (st = ns_rows_setf(s, 16, "%.3f", loo.r)) != NS_OK ||
        (st = ns_rows_setf(s, 17, "%d", SPONSOR_RULE_PARAMS)) != NS_OK) {
        goto cleanup;
    }
    for (int meth = 0; meth < M_COUNT; meth++) {
        if ((meth == M_HISTORY || meth == M_SPONSORS_FWD || meth == M_SPONSORS_LOO) &&
            !have_history) {
            continue;
        }
        if ((st = add_confusion(out->confusion, res->symbol, method_names[meth], rc, pred[meth])) !=
            NS_OK) {
            goto cleanup;
        }
    }
    for (size_t i = 0; i < rc->n; i++) {
        const ns_state_t *state = ns_world_state(w, rc->state[i]);
        ns_rows_t *t = out->states;
        if ((st = ns_rows_add(t)) != NS_OK || (st = ns_rows_set(t, 0, res->symbol)) != NS_OK ||
            (st = ns_rows_set(t, 1, state->iso3)) != NS_OK ||
            (st = ns_rows_set(t, 2, ns_ungroup_id(state->group))) != NS_OK ||
            (st = ns_rows_set(t, 3, ns_vote_str(rc->vote[i]))) != NS_OK ||
            (st = ns_rows_set(t, 4, ns_vote_str(pred[M_TALLY][i]))) != NS_OK ||
            (st = ns_rows_setf(t, 5, "%.4f", probs[i].yes)) != NS_OK ||
            (st = ns_rows_setf(t, 6, "%.4f", probs[i].abstain)) != NS_OK ||
            (st = ns_rows_setf(t, 7, "%.4f", probs[i].no)) != NS_OK) {
            goto cleanup;
        }
    }
cleanup:
    return st;
}

ns_status ns_vote_backtest(ns_ctx_t *ctx, const ns_world_t *w, ns_vote_backtest_t *out)
{
    static const char *const summary_cols[] = {
        "resolution",  "line",       "year",         "states",
        "model_tally", "model",      "majority",     "ideal_point_tally",
        "beta",        "cut_source", "sponsors_fwd", "sponsors_loo",
        "competing",   "q_fwd",      "r_fwd",        "q_loo",
        "r_loo",       "rule_params"};
    static const char *const confusion_cols[] = {"resolution", "method", "actual", "predicted",
                                                 "count"};
    static const char *const state_cols[] = {"resolution", "iso3",  "group",     "actual",
                                             "predicted",  "p_yes", "p_abstain", "p_no"};
    ns_status st = NS_OK;
    ns__rollcalls_t rcs = {0};
    ns_vote_value_t *pred[M_COUNT] = {NULL, NULL, NULL, NULL, NULL, NULL};
    ns_vote_probs_t *probs = NULL;
    unsigned char *role = NULL;
    memset(out, 0, sizeof *out);
    if ((st = ns_rows_new(ctx, summary_cols, sizeof summary_cols / sizeof summary_cols[0],
                          &out->summary)) != NS_OK ||
        (st = ns_rows_new(ctx, confusion_cols, sizeof confusion_cols / sizeof confusion_cols[0],
                          &out->confusion)) != NS_OK ||
        (st = ns_rows_new(ctx, state_cols, sizeof state_cols / sizeof state_cols[0],
                          &out->states)) != NS_OK) {
        goto cleanup;
    }
    if ((st = ns__rollcalls_load(ctx, w, &rcs)) != NS_OK) {
        goto cleanup;
    }
    if (rcs.n < 2) {
        st = ns_error(ctx, NS_ENOTFOUND,
                      "backtest votes: need at least two recorded roll calls with a known "
                      "side, found %zu",
                      rcs.n);
        goto cleanup;
    }
    for (int m = 0; m < M_COUNT; m++) {
        pred[m] = ns_calloc(ctx, rcs.max_voters, sizeof *pred[m]);
        if (pred[m] == NULL) {
            st = NS_ENOMEM;
            goto cleanup;
        }
    }
    probs = ns_calloc(ctx, rcs.max_voters, sizeof *probs);
    role = ns_calloc(ctx, rcs.max_voters, sizeof *role);
    if (probs == NULL || role == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k < rcs.n; k++) {
        if ((st = backtest_one(ctx, w, &rcs, k, pred, probs, role, out)) != NS_OK) {
            goto cleanup;
        }
    }
cleanup:
    for (int m = 0; m < M_COUNT; m++) {
        ns_free(ctx, pred[m]);
    }
    ns_free(ctx, probs);
    ns_free(ctx, role);
    ns__rollcalls_destroy(&rcs);
    if (st != NS_OK) {
        ns_vote_backtest_free(out);
    }
    return st;
}
