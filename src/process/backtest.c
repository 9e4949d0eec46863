/* The history backtest: the GGEs and OEWGs with a recorded outcome, predicted against
 * actual, with the global parameters fitted by maximum likelihood on a grid, in sample
 * and leave one session out (DESIGN.md model 7; docs/PROCESS.md section 8).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "process_internal.h"

#include <math.h>
#include <string.h>

static const double grid_b[] = {0.25, 0.5, 0.75};
static const double grid_will[] = {6, 9, 12, 16};
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

void ns_history_backtest_destroy(ns_history_backtest_t *b)
{
    if (b == NULL) {
        return;
    }
    ns_rows_free(b->rows);
    ns_rows_free(b->fits);
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
        ns_negotiation_destroy(&neg);
    }

cleanup:
    ns_negotiation_destroy(&neg);
    ns_free(ctx, sq);
    ns__process_texts_destroy(&texts);
    return st;
}

/* The grid point of largest likelihood over the scored sessions except `skip` (n_scored
 * for none); the first in grid order on ties. */
static size_t best_point(const double *ps, size_t n_points, const size_t *scored, size_t n_scored,
                         const ns_world_t *w, size_t skip, double *loglik)
{
    size_t best = 0;
    double best_ll = -INFINITY;
    for (size_t g = 0; g < n_points; g++) {
        double ll = 0;
        for (size_t s = 0; s < n_scored; s++) {
            if (s == skip) {
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

ns_status ns_history_backtest(ns_ctx_t *ctx, const ns_world_t *w, const ns_process_params_t *params,
                              const ns_history_grid_t *grid, ns_history_backtest_t *out)
{
    static const char *const cols[] = {"event", "actual", "p", "right", "p_loo", "right_loo"};
    static const char *const fit_cols[] = {"event", "forum_shopping", "will_scale",
                                           "summary_record", "log_likelihood"};
    ns_status st = NS_OK;
    size_t n_bodies = ns_world_body_count(w);
    size_t *scored = NULL;
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
    if ((st = ns_rows_new(ctx, cols, 6, &out->rows)) != NS_OK ||
        (st = ns_rows_new(ctx, fit_cols, 5, &out->fits)) != NS_OK) {
        goto cleanup;
    }
    out->n = n_scored;
    out->grid_points = n_points;
    size_t fit = best_point(ps, n_points, scored, n_scored, w, n_scored, &out->log_likelihood);
    out->fit_b = grid->forum_shopping[fit / (nw * nf)];
    out->fit_will = grid->will_scale[(fit / nf) % nw];
    out->fit_f = grid->summary_record[fit % nf];
    for (size_t s = 0; st == NS_OK && s < n_scored; s++) {
        const ns_body_t *b = ns_world_body(w, scored[s]);
        int actual = b->outcome == NS_OUTCOME_ADOPTED;
        double ll = 0;
        size_t loo = best_point(ps, n_points, scored, n_scored, w, s, &ll);
        double pin = p[fit * n_scored + s];
        double ploo = p[loo * n_scored + s];
        int right = (pin >= 0.5) == (actual == 1);
        int right_loo = (ploo >= 0.5) == (actual == 1);
        out->right += right;
        out->right_loo += right_loo;
        out->brier += (pin - actual) * (pin - actual) / (double)n_scored;
        out->brier_loo += (ploo - actual) * (ploo - actual) / (double)n_scored;
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
    }
    if (st == NS_OK && (st = ns_rows_add(out->fits)) == NS_OK) {
        ns_rows_set(out->fits, 0, "all (in sample)");
        ns_rows_set_num(out->fits, 1, out->fit_b, 4);
        ns_rows_set_num(out->fits, 2, out->fit_will, 4);
        ns_rows_set_num(out->fits, 3, out->fit_f, 4);
        st = ns_rows_set_num(out->fits, 4, out->log_likelihood, 5);
    }

cleanup:
    ns_free(ctx, scored);
    ns_free(ctx, p);
    ns_free(ctx, ps);
    return st;
}
