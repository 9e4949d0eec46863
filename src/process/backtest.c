/* The history backtest: the GGEs and OEWGs with a recorded outcome, predicted against
 * actual, with the global parameters fitted by maximum likelihood on a grid, in sample
 * and leave one session out (DESIGN.md model 7; docs/PROCESS.md section 8).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "process_internal.h"

#include <math.h>
#include <string.h>

enum { NS__NCOLS_HISTORY = 6 };

/* Finer than the first grid (0.25-0.75 x 6-16) now that a replay is cheap, and wide in
 * will: the relations record can divide a member's will by ten (docs/RECORD.md 3.1). */
static const double grid_b[] = {0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0};
static const double grid_will[] = {3, 4, 6, 9, 12, 16, 24, 36, 64};
static const double grid_f[] = {0.5};

void ns_history_grid_default(ns_history_grid_t *g)
{
    g->forum_shopping = grid_b;
    g->n_forum_shopping = sizeof grid_b / sizeof grid_b[0];
    g->will_scale = grid_will;
    g->n_will_scale = sizeof grid_will / sizeof grid_will[0];
    g->summary_record = grid_f;
    g->n_summary_record = sizeof grid_f / sizeof grid_f[0];
}

void ns_history_backtest_free(ns_history_backtest_t *b)
{
    if (b == NULL) {
        return;
    }
    ns_rows_free(b->rows);
    ns_rows_free(b->fits);
    ns_rows_free(b->forward);
    memset(b, 0, sizeof *b);
}

/* Replay the sessions at one grid point: P(consensus) of each scored session (p[s]) and
 * the smoothed probability the likelihood uses (ps[s]). */
static ns_status replay(ns_ctx_t *ctx, const ns_world_t *w, const ns_process_params_t *params,
                        const size_t *scored, size_t n_scored, double *p, double *ps)
{
    ns_status st = NS_OK;
    size_t n_bodies = ns_world_body_count(w);
    size_t n_dims = ns_world_dimension_count(w);
    ns_process_texts_t texts;
    ns_negotiation_t neg;
    double *sq = NULL;
    memset(&neg, 0, sizeof neg);
    if ((st = ns__process_texts_init(ctx, w, &texts)) != NS_OK) {
        goto cleanup;
    }
    if ((sq = ns_calloc(ctx, n_dims + 1, sizeof *sq)) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    /* Only sessions with a recorded outcome matter: they are scored, and only adopted
     * ones carry their text to later sessions. */
    for (;;) {
        long next = -1;
        for (size_t a = 0; a < n_bodies; a++) {
            const ns_body_t *b = ns_world_body(w, a);
            if (!texts.done[a] && ns__process_is_session(b) && b->outcome != NS_OUTCOME_UNKNOWN &&
                (next < 0 || ns__process_by_start(w, a, (size_t)next) < 0)) {
                next = (long)a;
            }
        }
        if (next < 0) {
            break;
        }
        ns__process_carry(w, (size_t)next, &texts, sq);
        st = ns__process_negotiate_at(ctx, w, (size_t)next, 0, sq, params, true, &neg);
        if (st != NS_OK) {
            goto cleanup;
        }
        for (size_t s = 0; s < n_scored; s++) {
            if (scored[s] == (size_t)next) {
                double r = (double)neg.mc.replicates;
                p[s] = neg.mc.p;
                ps[s] = ((double)neg.mc.adopted + 0.5) / (r + 1.0);
            }
        }
        ns__process_texts_record(w, &neg, &texts);
        ns_negotiation_free(&neg);
    }

cleanup:
    ns_negotiation_free(&neg);
    ns_free(ctx, sq);
    ns__process_texts_destroy(&texts);
    return st;
}

/* The grid point of largest likelihood over the scored sessions s with use[s] set; the
 * first in grid order on ties. */
static size_t best_point(const double *ps, size_t n_points, const size_t *scored, size_t n_scored,
                         const ns_world_t *w, const unsigned char *use, double *loglik)
{
    size_t best = 0;
    double best_ll = -INFINITY;
    for (size_t g = 0; g < n_points; g++) {
        double ll = 0;
        for (size_t s = 0; s < n_scored; s++) {
            if (!use[s]) {
                continue;
            }
            double q = ps[g * n_scored + s];
            bool adopted = ns_world_body(w, scored[s])->outcome == NS_OUTCOME_ADOPTED;
            ll += adopted ? log(q) : log(1.0 - q);
        }
        if (ll > best_ll) {
            best_ll = ll;
            best = g;
        }
    }
    *loglik = best_ll;
    return best;
}

/* The log score of a forecast p of `actual`, with p kept in [0.01, 0.99] so that one
 * certain miss costs log(0.01) and not minus infinity. */
static double log_score(double p, int actual)
{
    double q = fmin(0.99, fmax(0.01, p));
    return actual ? log(q) : log(1.0 - q);
}

/* The sessions that ended (last year) before session s began (first year): an open
 * body has not ended. */
static size_t forward_training(const ns_world_t *w, const size_t *scored, size_t n_scored, size_t s,
                               unsigned char *use)
{
    const ns_body_t *b = ns_world_body(w, scored[s]);
    size_t n = 0;
    for (size_t t = 0; t < n_scored; t++) {
        const ns_body_t *e = ns_world_body(w, scored[t]);
        use[t] = e->end_year != 0 && e->end_year < b->start_year;
        n += use[t];
    }
    return n;
}

ns_status ns_history_backtest(ns_ctx_t *ctx, const ns_world_t *w, const ns_process_params_t *params,
                              const ns_history_grid_t *grid, ns_history_backtest_t *out)
{
    static const char *const cols[] = {"event", "actual", "p", "right", "p_loo", "right_loo"};
    static const char *const fit_cols[] = {"event", "forum_shopping", "will_scale",
                                           "summary_record", "log_likelihood"};
    static const char *const fwd_cols[] = {"event",         "actual",     "p_forward",
                                           "right_forward", "trained_on", "forum_shopping",
                                           "will_scale",    "base_rate"};
    ns_status st = NS_OK;
    size_t n_bodies = ns_world_body_count(w);
    size_t *scored = NULL;
    unsigned char *use = NULL;
    double *p = NULL;
    double *ps = NULL;
    size_t n_scored = 0;
    ns_history_grid_t dflt;
    memset(out, 0, sizeof *out);
    if (grid == NULL) {
        ns_history_grid_default(&dflt);
        grid = &dflt;
    }
    size_t nb = grid->n_forum_shopping;
    size_t nw = grid->n_will_scale;
    size_t nf = grid->n_summary_record;
    size_t n_points = nb * nw * nf;
    if (n_points == 0) {
        st = ns_error(ctx, NS_EINVAL, "the backtest grid is empty");
        goto cleanup;
    }
    if ((scored = ns_calloc(ctx, n_bodies + 1, sizeof *scored)) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t a = 0; a < n_bodies; a++) {
        const ns_body_t *b = ns_world_body(w, a);
        if (ns__process_is_session(b) && b->outcome != NS_OUTCOME_UNKNOWN) {
            scored[n_scored++] = a;
        }
    }
    if (n_scored == 0) {
        st = ns_error(ctx, NS_ENOTFOUND, "no GGE or OEWG with a recorded outcome to backtest");
        goto cleanup;
    }
    /* Sessions in order of first year, as the timeline prints them. */
    for (size_t i = 1; i < n_scored; i++) {
        for (size_t j = i; j > 0 && ns__process_by_start(w, scored[j], scored[j - 1]) < 0; j--) {
            size_t t = scored[j];
            scored[j] = scored[j - 1];
            scored[j - 1] = t;
        }
    }
    p = ns_calloc(ctx, n_points * n_scored, sizeof *p);
    ps = ns_calloc(ctx, n_points * n_scored, sizeof *ps);
    if (p == NULL || ps == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t g = 0; g < n_points; g++) {
        ns_process_params_t at = *params;
        at.consensus.forum_shopping = grid->forum_shopping[g / (nw * nf)];
        at.will_scale = grid->will_scale[(g / nf) % nw];
        at.consensus.summary_record = grid->summary_record[g % nf];
        st = replay(ctx, w, &at, scored, n_scored, p + g * n_scored, ps + g * n_scored);
        if (st != NS_OK) {
            goto cleanup;
        }
    }
    if ((st = ns_rows_new(ctx, cols, NS__NCOLS_HISTORY, &out->rows)) != NS_OK ||
        (st = ns_rows_new(ctx, fit_cols, 5, &out->fits)) != NS_OK ||
        (st = ns_rows_new(ctx, fwd_cols, 8, &out->forward)) != NS_OK) {
        goto cleanup;
    }
    if ((use = ns_calloc(ctx, n_scored, 1)) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    out->n = n_scored;
    out->grid_points = n_points;
    out->n_fitted = (nb > 1) + (nw > 1) + (nf > 1);
    size_t n_adopted = 0;
    for (size_t s = 0; s < n_scored; s++) {
        n_adopted += ns_world_body(w, scored[s])->outcome == NS_OUTCOME_ADOPTED;
    }
    memset(use, 1, n_scored);
    size_t fit = best_point(ps, n_points, scored, n_scored, w, use, &out->log_likelihood);
    out->fit_b = grid->forum_shopping[fit / (nw * nf)];
    out->fit_will = grid->will_scale[(fit / nf) % nw];
    out->fit_f = grid->summary_record[fit % nf];
    for (size_t s = 0; st == NS_OK && s < n_scored; s++) {
        const ns_body_t *b = ns_world_body(w, scored[s]);
        int actual = b->outcome == NS_OUTCOME_ADOPTED;
        double ll = 0;
        memset(use, 1, n_scored);
        use[s] = 0;
        size_t loo = best_point(ps, n_points, scored, n_scored, w, use, &ll);
        double pin = p[fit * n_scored + s];
        double ploo = p[loo * n_scored + s];
        /* The base rates: the share of reports among all sessions (in sample) and among
         * the others (leave one out). */
        double base = (double)n_adopted / (double)n_scored;
        double base_loo =
            ((double)n_adopted - actual) / (double)(n_scored - 1 > 0 ? n_scored - 1 : 1);
        int right = (pin >= 0.5) == (actual == 1);
        int right_loo = (ploo >= 0.5) == (actual == 1);
        double sn = (double)n_scored;
        out->right += right;
        out->right_loo += right_loo;
        out->brier += (pin - actual) * (pin - actual) / sn;
        out->brier_loo += (ploo - actual) * (ploo - actual) / sn;
        out->log_score += log_score(pin, actual) / sn;
        out->log_score_loo += log_score(ploo, actual) / sn;
        out->base_brier += (base - actual) * (base - actual) / sn;
        out->base_brier_loo += (base_loo - actual) * (base_loo - actual) / sn;
        out->base_log += log_score(base, actual) / sn;
        out->base_log_loo += log_score(base_loo, actual) / sn;
        ns_rows_add(out->rows);
        ns_rows_set(out->rows, 0, b->id);
        ns_rows_setf(out->rows, 1, "%d", actual);
        ns_rows_set_num(out->rows, 2, pin, 4);
        ns_rows_setf(out->rows, 3, "%d", right);
        ns_rows_set_num(out->rows, 4, ploo, 4);
        ns_rows_setf(out->rows, 5, "%d", right_loo);
        ns_rows_add(out->fits);
        ns_rows_set(out->fits, 0, b->id);
        ns_rows_set_num(out->fits, 1, grid->forum_shopping[loo / (nw * nf)], 4);
        ns_rows_set_num(out->fits, 2, grid->will_scale[(loo / nf) % nw], 4);
        ns_rows_set_num(out->fits, 3, grid->summary_record[loo % nf], 4);
        st = ns_rows_set_num(out->fits, 4, ll, 5);
        /* Forward: from the third session on, fitted only on those that ended before it
         * began (never on a later one). */
        size_t n_train = s >= 2 ? forward_training(w, scored, n_scored, s, use) : 0;
        if (st != NS_OK || n_train == 0) {
            continue;
        }
        size_t fwd = best_point(ps, n_points, scored, n_scored, w, use, &ll);
        double pf = p[fwd * n_scored + s];
        size_t train_adopted = 0;
        for (size_t t = 0; t < n_scored; t++) {
            train_adopted += use[t] && ns_world_body(w, scored[t])->outcome == NS_OUTCOME_ADOPTED;
        }
        double base_f = (double)train_adopted / (double)n_train;
        int right_f = (pf >= 0.5) == (actual == 1);
        out->n_forward++;
        out->right_forward += right_f;
        out->brier_forward += (pf - actual) * (pf - actual);
        out->log_score_forward += log_score(pf, actual);
        out->base_brier_forward += (base_f - actual) * (base_f - actual);
        out->base_log_forward += log_score(base_f, actual);
        ns_rows_add(out->forward);
        ns_rows_set(out->forward, 0, b->id);
        ns_rows_setf(out->forward, 1, "%d", actual);
        ns_rows_set_num(out->forward, 2, pf, 4);
        ns_rows_setf(out->forward, 3, "%d", right_f);
        ns_rows_setf(out->forward, 4, "%zu", n_train);
        ns_rows_set_num(out->forward, 5, grid->forum_shopping[fwd / (nw * nf)], 4);
        ns_rows_set_num(out->forward, 6, grid->will_scale[(fwd / nf) % nw], 4);
        st = ns_rows_set_num(out->forward, 7, base_f, 4);
    }
    if (out->n_forward > 0) {
        double nf_ = (double)out->n_forward;
        out->brier_forward /= nf_;
        out->log_score_forward /= nf_;
        out->base_brier_forward /= nf_;
        out->base_log_forward /= nf_;
    }
    if (st == NS_OK && (st = ns_rows_add(out->fits)) == NS_OK) {
        ns_rows_set(out->fits, 0, "all (in sample)");
        ns_rows_set_num(out->fits, 1, out->fit_b, 4);
        ns_rows_set_num(out->fits, 2, out->fit_will, 4);
        ns_rows_set_num(out->fits, 3, out->fit_f, 4);
        st = ns_rows_set_num(out->fits, 4, out->log_likelihood, 5);
    }

cleanup:
    ns_free(ctx, use);
    ns_free(ctx, scored);
    ns_free(ctx, p);
    ns_free(ctx, ps);
    return st;
}

ns_status ns_history_ablation(ns_ctx_t *ctx, const ns_world_t *w, const ns_process_params_t *params,
                              const ns_history_grid_t *grid, ns_rows_t **out)
{
    static const char *const cols[] = {
        "variant",           "right",         "brier",         "log_score", "right_loo",
        "brier_loo",         "log_score_loo", "right_forward", "n_forward", "brier_forward",
        "log_score_forward", "fit_b",         "fit_will",      "fitted",    "sessions"};
    static const struct {
        const char *name;
        unsigned rules;
    } variants[] = {
        {"record: every rule", NS_RULES_ALL},
        {"without will from relations (3.1)", NS_RULES_ALL & ~NS_RULE_WILL},
        {"without dated stances (3.2)", NS_RULES_ALL & ~NS_RULE_STANCES},
        {"without legal salience (3.3)", NS_RULES_ALL & ~NS_RULE_SALIENCE},
        {"without records of views (3.4)", NS_RULES_ALL & ~NS_RULE_VIEWS},
        {"without the agenda (3.5)", NS_RULES_ALL & ~NS_RULE_AGENDA},
        {"no record (the model before it)", 0},
        {"only will from relations (3.1)", NS_RULE_WILL},
        {"only dated stances (3.2)", NS_RULE_STANCES},
        {"only legal salience (3.3)", NS_RULE_SALIENCE},
        {"only records of views (3.4)", NS_RULE_VIEWS},
        {"only the agenda (3.5)", NS_RULE_AGENDA},
    };
    ns_status st = NS_OK;
    ns_history_backtest_t bt;
    memset(&bt, 0, sizeof bt);
    *out = NULL;
    if ((st = ns_rows_new(ctx, cols, sizeof cols / sizeof cols[0], out)) != NS_OK) {
        goto cleanup;
    }
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        ns_process_params_t at = *params;
        at.record_rules = variants[v].rules;
        if ((st = ns_history_backtest(ctx, w, &at, grid, &bt)) != NS_OK) {
            goto cleanup;
        }
        ns_rows_t *r = *out;
        ns_rows_add(r);
        ns_rows_set(r, 0, variants[v].name);
        ns_rows_setf(r, 1, "%d", bt.right);
        ns_rows_set_num(r, 2, bt.brier, 4);
        ns_rows_set_num(r, 3, bt.log_score, 4);
        ns_rows_setf(r, 4, "%d", bt.right_loo);
        ns_rows_set_num(r, 5, bt.brier_loo, 4);
        ns_rows_set_num(r, 6, bt.log_score_loo, 4);
        ns_rows_setf(r, 7, "%d", bt.right_forward);
        ns_rows_setf(r, 8, "%zu", bt.n_forward);
        ns_rows_set_num(r, 9, bt.brier_forward, 4);
        ns_rows_set_num(r, 10, bt.log_score_forward, 4);
        ns_rows_set_num(r, 11, bt.fit_b, 4);
        ns_rows_set_num(r, 12, bt.fit_will, 4);
        ns_rows_setf(r, 13, "%zu", bt.n_fitted);
        st = ns_rows_setf(r, 14, "%zu", bt.n);
        ns_history_backtest_free(&bt);
        if (st != NS_OK) {
            goto cleanup;
        }
    }
cleanup:
    ns_history_backtest_free(&bt);
    if (st != NS_OK) {
        ns_rows_free(*out);
        *out = NULL;
    }
    return st;
}
