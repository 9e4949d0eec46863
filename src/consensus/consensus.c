/* Consensus drafting (normsim's model 7): the solver of one choice of actions.
 *
 * For a fixed choice (which paragraphs are kept, moved to the summary or dropped) the
 * margin of member i is
 *     g_i(y) = C_i - sum_{d kept} s_id l(|y_d - x_id|),
 * where C_i gathers its will, its outside option (o_i = q + b c_i (x_i - q)) and the
 * paragraphs that are not negotiated. Two concave problems follow (docs/CONSENSUS.md):
 *   - the maximin M* = max_y min_i g_i(y): the choice is feasible iff M* >= 0 (to the
 *     tolerance), and its maximiser is the least-violating draft;
 *   - the Nash text argmax_y sum_i ln g_i(y) over the feasible set (Nash 1950, with the
 *     outside options as disagreement point as in Schneider et al. 2010).
 * Both are solved by cyclic coordinate ascent with an exact one-dimensional search. The
 * kinks of the linear loss are separable across coordinates (each g_i is a sum of
 * functions of one coordinate), so the directional derivative of sum_i ln g_i, and of
 * the barrier below, is a sum of per-coordinate terms: a point where no coordinate move
 * improves is a global maximum (Tseng 2001, J. Optim. Theory Appl. 109(3), "regular"
 * functions). The maximin is reached by a barrier path
 *     max_{y,t} t + mu sum_i ln(g_i(y) - t),  mu -> 0,
 * whose optimum gives dual weights lambda_i = mu / (g_i - t) summing to one; every
 * lambda in the simplex bounds M* from above by
 *     h(lambda) = sum_i lambda_i C_i - sum_d min_v sum_i lambda_i s_id l(|v - x_id|)
 * (a weighted median or mean per paragraph), and min_i g_i(y) bounds it from below, so
 * the sign of M* is decided by certificates, not by iteration counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "consensus/consensus_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Sweep caps: the solves converge in far fewer on every instance we have measured
 * (docs/CONSENSUS.md); a solve that hits a cap returns its best point, which is still
 * feasible when the choice is, and clears sol->converged. */
#define NASH_MAX_SWEEPS  2000
#define STAGE_MAX_SWEEPS 200
#define MAX_STAGES       60
#define LINE_MAX_ITER    200
#define SELECT_MAX_STEPS 50
/* Weight of the selection term relative to n / spread^2 (docs/CONSENSUS.md, section 5). */
#define NASH_SELECT_RHO 1e-9
/* Stopping move of the Nash ascent before the selection rule, relative to the spread. */
#define NASH_NEAR_FACE 1e-3

const char *ns_consensus_action_name(ns_para_action_t a)
{
    switch (a) {
    case NS_PARA_KEEP: return "keep";
    case NS_PARA_SUMMARY: return "summary";
    case NS_PARA_DROP: return "drop";
    case NS_PARA_FREE: return "free";
    }
    return "?";
}

void ns_consensus_params_default(ns_consensus_params_t *p)
{
    p->loss = NS_LOSS_LINEAR;
    p->forum_shopping = 0.5;
    p->summary_record = 0.5;
    p->summary_available = true;
    p->search = NS_SEARCH_GREEDY;
    p->tolerance = 0.0;
    p->progress = NULL;
    p->progress_user = NULL;
}

/* ---- Workspace ------------------------------------------------------------------- */

ns_status ns_consensus_ws_new(ns_ctx_t *ctx, size_t m_max, size_t d_max, ns_consensus_ws_t **out)
{
    ns_status st = NS_OK;
    ns_consensus_ws_t *ws = NULL;
    *out = NULL;
    if (m_max == 0 || m_max > NS_CONSENSUS_MAX_MEMBERS || d_max == 0 ||
        d_max > NS_CONSENSUS_MAX_DIMS) {
        return ns_error(ctx, NS_EINVAL,
                        "consensus workspace: %zu members and %zu paragraphs "
                        "(limits 1..%d and 1..%d)",
                        m_max, d_max, NS_CONSENSUS_MAX_MEMBERS, NS_CONSENSUS_MAX_DIMS);
    }
    ws = ns_calloc(ctx, 1, sizeof *ws);
    if (ws == NULL) {
        return NS_ENOMEM;
    }
    ws->ctx = ctx;
    ws->m_max = m_max;
    ws->d_max = d_max;
    size_t md = m_max * d_max;
    ws->out_loss = ns_calloc(ctx, md, sizeof(double));
    ws->drop_loss = ns_calloc(ctx, md, sizeof(double));
    ws->summary_loss = ns_calloc(ctx, md, sizeof(double));
    ws->draw = ns_calloc(ctx, md, sizeof(double));
    ws->order = ns_calloc(ctx, md, sizeof(uint32_t));
    ws->base = ns_calloc(ctx, m_max, sizeof(double));
    ws->C = ns_calloc(ctx, m_max, sizeof(double));
    ws->g = ns_calloc(ctx, m_max, sizeof(double));
    ws->slack = ns_calloc(ctx, m_max, sizeof(double));
    ws->lam = ns_calloc(ctx, m_max, sizeof(double));
    ws->plam = ns_calloc(ctx, m_max, sizeof(double));
    ws->clam = ns_calloc(ctx, m_max, sizeof(double));
    ws->nw = ns_calloc(ctx, m_max, sizeof(double));
    ws->px = ns_calloc(ctx, md, sizeof(double));
    ws->ps = ns_calloc(ctx, md, sizeof(double));
    ws->pl1 = ns_calloc(ctx, md, sizeof(double));
    ws->pl2 = ns_calloc(ctx, md, sizeof(double));
    ws->pt = ns_calloc(ctx, md, sizeof(double));
    ws->pb = ns_calloc(ctx, md, sizeof(double));
    ws->pw = ns_calloc(ctx, 2 * m_max, sizeof(double));
    ws->pc = ns_calloc(ctx, m_max, sizeof(double));
    ws->pg = ns_calloc(ctx, m_max, sizeof(double));
    ws->cut = -INFINITY;
    ws->act = ns_calloc(ctx, m_max, sizeof(uint32_t));
    ws->keys = ns_calloc(ctx, m_max, sizeof(ns__cons_key_t));
    if (ws->out_loss == NULL || ws->drop_loss == NULL || ws->summary_loss == NULL ||
        ws->draw == NULL || ws->order == NULL || ws->base == NULL || ws->C == NULL ||
        ws->g == NULL || ws->slack == NULL || ws->lam == NULL || ws->plam == NULL ||
        ws->clam == NULL || ws->nw == NULL || ws->px == NULL || ws->ps == NULL || ws->pl1 == NULL ||
        ws->pl2 == NULL || ws->pt == NULL || ws->pb == NULL || ws->pw == NULL || ws->pc == NULL ||
        ws->pg == NULL || ws->act == NULL || ws->keys == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    *out = ws;
    ws = NULL;
cleanup:
    ns_consensus_ws_free(ws);
    return st;
}

void ns_consensus_ws_free(ns_consensus_ws_t *ws)
{
    if (ws == NULL) {
        return;
    }
    ns_ctx_t *ctx = ws->ctx;
    ns_free(ctx, ws->out_loss);
    ns_free(ctx, ws->drop_loss);
    ns_free(ctx, ws->summary_loss);
    ns_free(ctx, ws->draw);
    ns_free(ctx, ws->order);
    ns_free(ctx, ws->base);
    ns_free(ctx, ws->C);
    ns_free(ctx, ws->g);
    ns_free(ctx, ws->slack);
    ns_free(ctx, ws->lam);
    ns_free(ctx, ws->plam);
    ns_free(ctx, ws->clam);
    ns_free(ctx, ws->nw);
    ns_free(ctx, ws->px);
    ns_free(ctx, ws->ps);
    ns_free(ctx, ws->pl1);
    ns_free(ctx, ws->pl2);
    ns_free(ctx, ws->pt);
    ns_free(ctx, ws->pb);
    ns_free(ctx, ws->pw);
    ns_free(ctx, ws->pc);
    ns_free(ctx, ws->pg);
    ns_free(ctx, ws->act);
    ns_free(ctx, ws->keys);
    ns_free(ctx, ws);
}

/* ---- Setup ------------------------------------------------------------------------ */

static bool in_unit(double v)
{
    return v >= 0.0 && v <= 1.0; /* False for NaN. */
}

ns_status ns__cons_setup(ns_ctx_t *ctx, ns_consensus_ws_t *ws, const ns_consensus_table_t *table,
                         const ns_consensus_params_t *params, const double *ideal)
{
    if (table == NULL || params == NULL) {
        return ns_error(ctx, NS_EINVAL, "consensus: missing table or parameters");
    }
    size_t m = table->m, D = table->d;
    if (m == 0 || D == 0 || D > NS_CONSENSUS_MAX_DIMS || m > NS_CONSENSUS_MAX_MEMBERS) {
        return ns_error(ctx, NS_EINVAL,
                        "consensus: %zu members and %zu paragraphs (need 1..%d and 1..%d)", m, D,
                        NS_CONSENSUS_MAX_MEMBERS, NS_CONSENSUS_MAX_DIMS);
    }
    if (m > ws->m_max || D > ws->d_max) {
        return ns_error(ctx, NS_ELIMIT,
                        "consensus: table of %zu members and %zu paragraphs exceeds the "
                        "workspace (%zu, %zu)",
                        m, D, ws->m_max, ws->d_max);
    }
    if (ideal == NULL) {
        ideal = table->ideal;
    }
    if (ideal == NULL || table->salience == NULL || table->status_quo == NULL) {
        return ns_error(ctx, NS_EINVAL, "consensus: ideal, salience and status_quo are required");
    }
    if (params->loss != NS_LOSS_LINEAR && params->loss != NS_LOSS_QUADRATIC) {
        return ns_error(ctx, NS_EINVAL, "consensus: unknown loss %d", (int)params->loss);
    }
    if (!in_unit(params->forum_shopping)) {
        return ns_error(ctx, NS_ERANGE, "consensus: forum_shopping %g outside [0, 1]",
                        params->forum_shopping);
    }
    if (!in_unit(params->summary_record)) {
        return ns_error(ctx, NS_ERANGE, "consensus: summary_record %g outside [0, 1]",
                        params->summary_record);
    }
    if (!(params->tolerance >= 0.0 && params->tolerance < 1e-3)) {
        return ns_error(ctx, NS_ERANGE, "consensus: tolerance %g outside [0, 1e-3)",
                        params->tolerance);
    }
    if (table->chair < -1 || table->chair >= (long)m) {
        return ns_error(ctx, NS_EINVAL, "consensus: chair %ld is not a member (0..%zu or -1)",
                        table->chair, m - 1);
    }
    if (table->n_stakeholders > 0 &&
        (table->stakeholder_ideal == NULL || table->stakeholder_salience == NULL)) {
        return ns_error(ctx, NS_EINVAL, "consensus: stakeholders without positions");
    }

    double pmin = INFINITY, pmax = -INFINITY;
    for (size_t k = 0; k < D; k++) {
        double q = table->status_quo[k];
        if (!isfinite(q)) {
            return ns_error(ctx, NS_EINVAL, "consensus: status quo of paragraph %zu is not finite",
                            k);
        }
        ws->q[k] = q;
        pmin = fmin(pmin, q);
        pmax = fmax(pmax, q);
        ns_para_action_t f = table->forced != NULL ? table->forced[k] : NS_PARA_FREE;
        if (f != NS_PARA_KEEP && f != NS_PARA_SUMMARY && f != NS_PARA_DROP && f != NS_PARA_FREE) {
            return ns_error(ctx, NS_EINVAL, "consensus: paragraph %zu: unknown action %d", k,
                            (int)f);
        }
        if (f == NS_PARA_SUMMARY && !params->summary_available) {
            return ns_error(ctx, NS_EINVAL,
                            "consensus: paragraph %zu is forced into a chair's summary, but "
                            "this body has none",
                            k);
        }
        ws->forced[k] = f;
    }
    for (size_t i = 0; i < m; i++) {
        double c = table->capability != NULL ? table->capability[i] : 1.0;
        double w = table->will != NULL ? table->will[i] : 0.0;
        if (!in_unit(c)) {
            return ns_error(ctx, NS_ERANGE, "consensus: member %zu: capability %g outside [0, 1]",
                            i, c);
        }
        if (!(w >= 0.0)) {
            return ns_error(ctx, NS_ERANGE, "consensus: member %zu: will %g must be >= 0", i, w);
        }
        for (size_t k = 0; k < D; k++) {
            double x = ideal[i * D + k], s = table->salience[i * D + k];
            if (!isfinite(x)) {
                return ns_error(ctx, NS_EINVAL,
                                "consensus: member %zu, paragraph %zu: ideal not finite", i, k);
            }
            if (!in_unit(s)) {
                return ns_error(ctx, NS_ERANGE,
                                "consensus: member %zu, paragraph %zu: salience %g outside [0, 1]",
                                i, k, s);
            }
            /* Comparisons, not fmin/fmax (library calls here): x is finite. */
            pmin = x < pmin ? x : pmin;
            pmax = x > pmax ? x : pmax;
        }
    }
    if (table->summary_at != NULL) {
        for (size_t k = 0; k < D; k++) {
            if (!isfinite(table->summary_at[k])) {
                return ns_error(ctx, NS_EINVAL,
                                "consensus: summary position of paragraph %zu is not finite", k);
            }
            pmin = fmin(pmin, table->summary_at[k]);
            pmax = fmax(pmax, table->summary_at[k]);
        }
    }

    ws->m = m;
    ws->D = D;
    ws->loss = params->loss;
    ws->x = ideal;
    ws->s = table->salience;
    ws->summary_available = params->summary_available;
    ws->sorted = false;
    ws->pos_scale = fmax(1.0, pmax - pmin);
    ws->util_scale = fmax(1.0, (double)D * ns__cons_loss(ws->loss, ws->pos_scale));
    double tol = params->tolerance > 0.0 ? params->tolerance : 1e-9;
    ws->tol_x = tol * ws->pos_scale;
    ws->tol_g = tol * ws->util_scale;

    /* The summary's position z_d: given, the chair's ideal, or the compromise of
     * capability-and-salience weights (van den Bos 1991; Achen 2006), q_d when nobody
     * cares about the paragraph. */
    for (size_t k = 0; k < D; k++) {
        if (table->summary_at != NULL) {
            ws->z[k] = table->summary_at[k];
        } else if (table->chair >= 0) {
            ws->z[k] = ideal[(size_t)table->chair * D + k];
        } else {
            double num = 0.0, den = 0.0;
            for (size_t i = 0; i < m; i++) {
                double wgt = (table->capability != NULL ? table->capability[i] : 1.0) *
                             table->salience[i * D + k];
                num += wgt * ideal[i * D + k];
                den += wgt;
            }
            ws->z[k] = den > 0.0 ? num / den : ws->q[k];
        }
    }

    double b = params->forum_shopping, f = params->summary_record;
    ws->n_act = 0;
    for (size_t i = 0; i < m; i++) {
        double c = table->capability != NULL ? table->capability[i] : 1.0;
        double w = (table->will != NULL ? table->will[i] : 0.0);
        double total_out = 0.0;
        for (size_t k = 0; k < D; k++) {
            size_t ik = i * D + k;
            double x = ideal[ik], s = table->salience[ik], q = ws->q[k], z = ws->z[k];
            /* Outside option o = q + b c (x - q): |o - x| = (1 - b c) |q - x|. */
            ws->out_loss[ik] = s * ns__cons_loss(ws->loss, (1.0 - b * c) * fabs(q - x));
            ws->drop_loss[ik] = s * ns__cons_loss(ws->loss, fabs(q - x));
            /* The summary counts as q for those who (weakly) prefer q to z, and as
             * q + f (z - q) for those who prefer z (DESIGN.md model 7). */
            double e = fabs(z - x) < fabs(q - x) ? q + f * (z - q) : q;
            ws->summary_loss[ik] = s * ns__cons_loss(ws->loss, fabs(e - x));
            total_out += ws->out_loss[ik];
        }
        ws->base[i] = isinf(w) ? INFINITY : w + total_out;
        if (!isinf(w)) {
            ws->act[ws->n_act++] = (uint32_t)i;
        }
    }
    return NS_OK;
}

/* ---- Margins ---------------------------------------------------------------------- */

/* C_i for a choice: base minus what the paragraphs that are not negotiated cost. */
static void set_constants(ns_consensus_ws_t *ws, const ns_para_action_t *action)
{
    for (size_t a = 0; a < ws->n_act; a++) {
        ws->C[ws->act[a]] = ns__cons_constant(ws, action, ws->act[a]);
    }
}

void ns__cons_margins(const ns_consensus_ws_t *ws, const ns_para_action_t *action, const double *y,
                      double *margins)
{
    for (size_t i = 0; i < ws->m; i++) {
        margins[i] = isinf(ws->base[i]) ? ws->base[i] : ns__cons_member_margin(ws, action, y, i);
    }
}

/* g_i = C_i - sum over the kept paragraphs kd[0 .. nk) at y. */
static inline double kept_margin(const ns_consensus_ws_t *ws, const size_t *kd, size_t nk,
                                 const double *y, size_t i)
{
    double g = ws->C[i];
    const double *xi = ws->x + i * ws->D, *si = ws->s + i * ws->D;
    for (size_t j = 0; j < nk; j++) {
        size_t k = kd[j];
        g -= si[k] * ns__cons_loss(ws->loss, fabs(y[k] - xi[k]));
    }
    return g;
}

/* Every margin into ws->g; returns min g. */
static double eval_margins(ns_consensus_ws_t *ws, const size_t *kd, size_t nk, const double *y)
{
    double gmin = INFINITY;
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t i = ws->act[a];
        ws->g[i] = kept_margin(ws, kd, nk, y, i);
        gmin = fmin(gmin, ws->g[i]);
    }
    return gmin;
}

bool ns__cons_keep_dominates(const ns_consensus_ws_t *ws, size_t k)
{
    /* Keeping k at a point p is at least as good as the summary for member i iff
     * |p - x_ik| <= |e_ik - x_ik|: an interval around x_ik. A common point exists iff
     * the intervals of the members who care intersect. Loss is increasing in distance,
     * so the radius can be recovered from summary_loss for either loss. */
    size_t D = ws->D;
    double lo = -INFINITY, hi = INFINITY;
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t ik = (size_t)ws->act[a] * D + k;
        double s = ws->s[ik];
        if (s <= 0.0) {
            continue;
        }
        double l = ws->summary_loss[ik] / s;
        double r = ws->loss == NS_LOSS_LINEAR ? l : sqrt(l);
        double left = ws->x[ik] - r, right = ws->x[ik] + r;
        lo = left > lo ? left : lo;
        hi = right < hi ? right : hi;
    }
    return lo <= hi + ws->tol_x;
}

/* ---- One-dimensional search -------------------------------------------------------- */

/* First and second derivative of phi(v) = sum_i ln(B_i - s_i l(|v - x_i|)) at v, using
 * the one-sided slope `side` (+1 right, -1 left) at kinks of the linear loss. */
static void line_derivs(const ns_consensus_ws_t *ws, size_t k, const double *B, double v, int side,
                        double *d1, double *d2)
{
    size_t D = ws->D;
    double s1 = 0.0, s2 = 0.0;
    if (ws->loss == NS_LOSS_LINEAR) {
        for (size_t a = 0; a < ws->n_act; a++) {
            size_t i = ws->act[a], ik = i * D + k;
            double s = ws->s[ik];
            if (s <= 0.0) {
                continue;
            }
            double u = v - ws->x[ik];
            double sg = u > 0.0 ? 1.0 : (u < 0.0 ? -1.0 : (double)side);
            double den = B[i] - s * fabs(u);
            double r = s / den;
            s1 -= sg * r;
            s2 -= r * r;
        }
    } else {
        for (size_t a = 0; a < ws->n_act; a++) {
            size_t i = ws->act[a], ik = i * D + k;
            double s = ws->s[ik];
            if (s <= 0.0) {
                continue;
            }
            double u = v - ws->x[ik];
            double den = B[i] - s * u * u;
            double r = -2.0 * s * u / den;
            s1 += r;
            s2 += -2.0 * s / den - r * r;
        }
    }
    *d1 = s1;
    *d2 = s2;
}

/* Linear loss: both one-sided first derivatives of phi at v (right *dr, left *dl) and
 * the second derivative in one pass. They differ only by the members whose kink is at
 * v, whose terms enter with the side's sign. The members are the n caring ones of the
 * paragraph, copied contiguously by line_search (ideal cx, salience cs > 0, constant cb)
 * in the order of ws->act, so the sums are those of a loop over ws->act to the bit. */
static void line_slopes(const double *cx, const double *cs, const double *cb, size_t n, double v,
                        double *dr, double *dl, double *d2)
{
    double s1 = 0.0, s2 = 0.0, at = 0.0;
    for (size_t a = 0; a < n; a++) {
        double s = cs[a];
        double u = v - cx[a];
        double r = s / (cb[a] - s * fabs(u));
        if (u > 0.0) {
            s1 -= r;
        } else if (u < 0.0) {
            s1 += r;
        } else {
            at += r;
        }
        s2 -= r * r;
    }
    *dr = s1 - at;
    *dl = s1 + at;
    *d2 = s2;
}

/* Breakpoint of the linear loss strictly inside (a, b) nearest to v, or NAN; over the
 * caring members' ideals cx (ties to the first, as in ws->act order). */
static double nearest_kink(const double *cx, size_t n, double a, double b, double v)
{
    double best = NAN, dist = INFINITY;
    for (size_t j = 0; j < n; j++) {
        double x = cx[j];
        if (x > a && x < b && fabs(x - v) < dist) {
            dist = fabs(x - v);
            best = x;
        }
    }
    return best;
}

/* Maximise phi(v) = sum_i ln(B_i - s_ik l(|v - x_ik|)), B_i = slack_i + s_ik l(|v0 - x_ik|),
 * over v, from v0 where every term is positive. phi is concave; its maximiser is the
 * point where the right derivative turns non-positive. A bracket [a, b] with phi'_+(a) > 0
 * and phi'_-(b) < 0 is shrunk by safeguarded Newton steps; for the linear loss a step is
 * snapped to the nearest kink when one lies close, since optima sit on kinks. */
static double line_search(ns_consensus_ws_t *ws, size_t k, double v0, const double *slack)
{
    size_t D = ws->D;
    double *B = ws->lam; /* Free during line searches. */
    double lo = -INFINITY, hi = INFINITY;
    bool any = false;
    for (size_t j = 0; j < ws->n_act; j++) {
        size_t i = ws->act[j], ik = i * D + k;
        double s = ws->s[ik];
        double l0 = s * ns__cons_loss(ws->loss, fabs(v0 - ws->x[ik]));
        B[i] = slack[i] + l0;
        if (s <= 0.0) {
            continue;
        }
        any = true;
        double r = B[i] / s;
        if (ws->loss == NS_LOSS_QUADRATIC) {
            r = sqrt(r);
        }
        lo = fmax(lo, ws->x[ik] - r);
        hi = fmin(hi, ws->x[ik] + r);
    }
    if (!any || !(lo < hi)) {
        return v0;
    }
    bool lin = ws->loss == NS_LOSS_LINEAR;
    /* Linear loss: the caring members' ideal, salience and constant copied contiguously
     * (pl1, pl2, pg are the barrier path's scratch, free here), so that each of the
     * search's evaluations runs over contiguous memory without the s > 0 test and the
     * indirection; same terms in the same order (docs/CONSENSUS.md, section 8). */
    double *cx = ws->pl1, *cs = ws->pl2, *cb = ws->pg;
    size_t nc = 0;
    if (lin) {
        for (size_t j = 0; j < ws->n_act; j++) {
            size_t i = ws->act[j], ik = i * D + k;
            if (ws->s[ik] > 0.0) {
                cx[nc] = ws->x[ik];
                cs[nc] = ws->s[ik];
                cb[nc] = B[i];
                nc++;
            }
        }
    }
    double d1, d2, a, b, left = 0.0;
    if (lin) {
        line_slopes(cx, cs, cb, nc, v0, &d1, &left, &d2);
    } else {
        line_derivs(ws, k, B, v0, +1, &d1, &d2);
    }
    if (d1 > 0.0) {
        a = v0;
        b = hi;
    } else {
        double l1 = d1, l2 = d2;
        if (lin) {
            l1 = left;
        } else {
            line_derivs(ws, k, B, v0, -1, &l1, &l2);
        }
        if (l1 >= 0.0) {
            return v0; /* 0 lies in the superdifferential: v0 is optimal. */
        }
        a = lo;
        b = v0;
        d1 = l1;
        d2 = l2;
    }
    double v = v0;
    double eps = 0.1 * ws->tol_x;
    for (int it = 0; it < LINE_MAX_ITER && b - a > eps; it++) {
        double cand = d2 < 0.0 ? v - d1 / d2 : NAN;
        double width = b - a;
        if (!(cand > a + 1e-3 * width && cand < b - 1e-3 * width)) {
            cand = 0.5 * (a + b);
        }
        if (ws->loss == NS_LOSS_LINEAR) {
            double kink = nearest_kink(cx, nc, a, b, cand);
            if (!isnan(kink) && fabs(kink - cand) < 0.25 * width) {
                cand = kink;
            }
        }
        double r1, r2, cl = 0.0;
        if (lin) {
            line_slopes(cx, cs, cb, nc, cand, &r1, &cl, &r2);
        } else {
            line_derivs(ws, k, B, cand, +1, &r1, &r2);
        }
        if (r1 > 0.0) {
            a = cand;
            v = cand;
            d1 = r1;
            d2 = r2;
            continue;
        }
        double l1 = lin ? cl : r1, l2 = r2;
        if (l1 >= 0.0) {
            return cand;
        }
        b = cand;
        v = cand;
        d1 = l1;
        d2 = l2;
    }
    /* Both ends are inside the domain except an infinite or boundary one: return the
     * end nearer the optimum that is safely interior. */
    double mid = 0.5 * (a + b);
    return mid;
}

/* ---- The dual bound ---------------------------------------------------------------- */

static int key_cmp(const void *pa, const void *pb)
{
    const ns__cons_key_t *ka = pa, *kb = pb;
    if (ka->x < kb->x) {
        return -1;
    }
    if (ka->x > kb->x) {
        return 1;
    }
    return ka->i < kb->i ? -1 : (ka->i > kb->i);
}

static void sort_members(ns_consensus_ws_t *ws)
{
    size_t D = ws->D, n = ws->n_act;
    for (size_t k = 0; k < D; k++) {
        for (size_t a = 0; a < n; a++) {
            ws->keys[a].x = ws->x[(size_t)ws->act[a] * D + k];
            ws->keys[a].i = ws->act[a];
        }
        qsort(ws->keys, n, sizeof ws->keys[0], key_cmp);
        for (size_t a = 0; a < n; a++) {
            ws->order[k * ws->m_max + a] = ws->keys[a].i;
        }
    }
    ws->sorted = true;
}

double ns__cons_para_cost(ns_consensus_ws_t *ws, const double *lam, size_t k)
{
    size_t D = ws->D;
    double best = 0.0;
    if (ws->loss == NS_LOSS_QUADRATIC) {
        double sw = 0.0, swx = 0.0;
        for (size_t a = 0; a < ws->n_act; a++) {
            size_t i = ws->act[a];
            double w = lam[i] * ws->s[i * D + k];
            sw += w;
            swx += w * ws->x[i * D + k];
        }
        double v = sw > 0.0 ? swx / sw : 0.0;
        for (size_t a = 0; a < ws->n_act; a++) {
            size_t i = ws->act[a];
            double u = v - ws->x[i * D + k];
            best += lam[i] * ws->s[i * D + k] * u * u;
        }
        return best;
    }
    if (!ws->sorted) {
        sort_members(ws);
    }
    const uint32_t *ord = ws->order + k * ws->m_max;
    double total = 0.0;
    for (size_t a = 0; a < ws->n_act; a++) {
        total += lam[ord[a]] * ws->s[(size_t)ord[a] * D + k];
    }
    /* The weighted median minimises sum w |v - x|. */
    double acc = 0.0, v = 0.0;
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t i = ord[a];
        acc += lam[i] * ws->s[i * D + k];
        v = ws->x[i * D + k];
        if (acc >= 0.5 * total) {
            break;
        }
    }
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t i = ws->act[a];
        best += lam[i] * ws->s[i * D + k] * fabs(v - ws->x[i * D + k]);
    }
    return best;
}

/* h(lambda) >= M* for lambda = ws->lam (non-negative, summing to one over act). */
static double dual_bound(ns_consensus_ws_t *ws, const size_t *kd, size_t nk)
{
    double h = 0.0;
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t i = ws->act[a];
        h += ws->lam[i] * ws->C[i];
    }
    for (size_t j = 0; j < nk; j++) {
        h -= ns__cons_para_cost(ws, ws->lam, kd[j]);
    }
    return h;
}

/* ---- Solves -------------------------------------------------------------------------- */

static void spd_solve(double *A, size_t n, const double *b, double *z);

/* sum_i ln g_i(y) with the exact loss, -INFINITY outside the feasible set. */
static double nash_at(const ns_consensus_ws_t *ws, const size_t *kd, size_t nk, const double *y)
{
    double v = 0.0;
    for (size_t a = 0; a < ws->n_act; a++) {
        double g = kept_margin(ws, kd, nk, y, ws->act[a]);
        if (!(g > 0.0)) {
            return -INFINITY;
        }
        v += log(g);
    }
    return v;
}

/* One Newton step on F(y) = sum_i ln g_i(y) over the kept coordinates that do not sit
 * on a kink of the linear loss (those stay fixed: that is where the optima of the
 * linear loss sit, and F is smooth in the others near y), from the margins in ws->g.
 * The Hessian -sum_i grad g_i grad g_i^T / g_i^2 (+ the curvature of the quadratic
 * loss) is negative definite or semidefinite; a backtracking search on the exact F
 * keeps the step only if it raises F. It only accelerates the coordinate ascent, whose
 * one-sided derivatives certify the optimum (see nash_ascent). Returns true if y moved. */
static bool nash_newton(ns_consensus_ws_t *ws, const size_t *kd, size_t nk, double *y)
{
    enum { N = NS_CONSENSUS_MAX_DIMS };
    size_t D = ws->D, fk[N], nf = 0;
    for (size_t j = 0; j < nk; j++) {
        size_t k = kd[j];
        bool kink = false;
        if (ws->loss == NS_LOSS_LINEAR) {
            for (size_t a = 0; a < ws->n_act && !kink; a++) {
                size_t ik = (size_t)ws->act[a] * D + k;
                kink = ws->s[ik] > 0.0 && y[k] == ws->x[ik];
            }
        }
        if (!kink) {
            fk[nf++] = k;
        }
    }
    if (nf == 0) {
        return false;
    }
    double A[N * N] = {0}, grad[N] = {0}, step[N], av[N];
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t i = ws->act[a];
        double g = ws->g[i], ig = 1.0 / g, ig2 = ig * ig;
        for (size_t f = 0; f < nf; f++) {
            size_t ik = i * D + fk[f];
            double u = y[fk[f]] - ws->x[ik], s = ws->s[ik];
            if (ws->loss == NS_LOSS_LINEAR) {
                av[f] = u > 0.0 ? -s : s;
            } else {
                av[f] = -2.0 * s * u;
                A[f * nf + f] += 2.0 * s * ig;
            }
            grad[f] += av[f] * ig;
        }
        for (size_t f = 0; f < nf; f++) {
            for (size_t e = 0; e <= f; e++) {
                A[f * nf + e] += ig2 * av[f] * av[e];
            }
        }
    }
    for (size_t f = 0; f < nf; f++) {
        for (size_t e = f + 1; e < nf; e++) {
            A[f * nf + e] = A[e * nf + f];
        }
    }
    spd_solve(A, nf, grad, step);
    double dec = 0.0, len = 0.0;
    for (size_t f = 0; f < nf; f++) {
        dec += grad[f] * step[f];
        len = fmax(len, fabs(step[f]));
    }
    if (!(dec > 0.0) || !(len > ws->tol_x)) {
        return false;
    }
    /* A flat direction (too few members to pin every coordinate) would send the step
     * far away: no step longer than the spread of positions. */
    double alpha = fmin(1.0, ws->pos_scale / len);
    double f0 = nash_at(ws, kd, nk, y), trial[N];
    memcpy(trial, y, D * sizeof(double));
    for (int half = 0; half < 40; half++) {
        for (size_t f = 0; f < nf; f++) {
            trial[fk[f]] = y[fk[f]] + alpha * step[f];
        }
        double f1 = nash_at(ws, kd, nk, trial);
        if (f1 >= f0 + 0.25 * alpha * dec) {
            memcpy(y, trial, D * sizeof(double));
            return true;
        }
        alpha *= 0.5;
    }
    return false;
}

/* The smoothed selection objective Phi(y) = sum_i ln g~_i(y) - rho sum_{d kept}
 * (y_d - q_d)^2, g~_i = C_i - sum_d s_id h(y_d - x_id), h(u) = sqrt(u^2 + eps^2) - eps <= |u|
 * (linear loss), so g~ >= g and Phi is finite wherever the exact margins are positive.
 * Iterates stay where the exact margins are positive, as the coordinate ascent needs.
 * Fills grad and the negated Hessian H (row-major nk x nk, lower triangle and diagonal)
 * when they are not NULL. Returns -INFINITY outside the domain. */
static double select_eval(const ns_consensus_ws_t *ws, const size_t *kd, size_t nk, const double *y,
                          double rho, double eps, double *grad, double *H)
{
    enum { N = NS_CONSENSUS_MAX_DIMS };
    size_t D = ws->D;
    double v = 0.0;
    if (grad != NULL) {
        memset(grad, 0, nk * sizeof(double));
        memset(H, 0, nk * nk * sizeof(double));
    }
    for (size_t j = 0; j < nk; j++) {
        double u = y[kd[j]] - ws->q[kd[j]];
        v -= rho * u * u;
        if (grad != NULL) {
            grad[j] = -2.0 * rho * u;
            H[j * nk + j] = 2.0 * rho;
        }
    }
    double dg[N], curv[N];
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t i = ws->act[a];
        const double *xi = ws->x + i * D, *si = ws->s + i * D;
        double g = ws->C[i], gx = g;
        for (size_t j = 0; j < nk; j++) {
            size_t k = kd[j];
            double u = y[k] - xi[k], r = sqrt(u * u + eps * eps);
            g -= si[k] * (r - eps);
            gx -= si[k] * fabs(u);
            /* d g~ / d y_k and - d2 g~ / d y_k^2; with eps = 0 (the exact loss) at a kink,
             * a fixed coordinate there, 0. */
            dg[j] = r > 0.0 ? -si[k] * u / r : 0.0;
            curv[j] = r > 0.0 ? si[k] * eps * eps / (r * r * r) : 0.0;
        }
        if (!(gx > 0.0)) {
            return -INFINITY; /* Stay where the exact margins are positive (g~ >= g). */
        }
        v += log(g);
        if (grad != NULL) {
            double ig = 1.0 / g, ig2 = ig * ig;
            for (size_t j = 0; j < nk; j++) {
                grad[j] += dg[j] * ig;
                H[j * nk + j] += curv[j] * ig;
                for (size_t e = 0; e <= j; e++) {
                    H[j * nk + e] += ig2 * dg[j] * dg[e];
                }
            }
        }
    }
    return v;
}

/* Damped Newton steps on Phi (select_eval) for one eps, moving only the coordinates
 * kd[mv[0 .. nm)] (the others stay fixed), from a point where every exact margin is
 * positive. Returns the steps taken. */
static long select_stage(const ns_consensus_ws_t *ws, const size_t *kd, size_t nk, double *y,
                         double rho, double eps, const size_t *mv_in, size_t nm)
{
    enum { N = NS_CONSENSUS_MAX_DIMS };
    size_t D = ws->D, mv[N];
    memcpy(mv, mv_in, nm * sizeof mv[0]);
    long steps = 0;
    double grad[N], H[N * N], A[N * N], p[N], sc[N], b[N], trial[N];
    memcpy(trial, y, ws->D * sizeof(double));
    for (int it = 0; it < SELECT_MAX_STEPS && nm > 0; it++) {
        double f0 = select_eval(ws, kd, nk, y, rho, eps, grad, H);
        if (!(f0 > -INFINITY)) {
            break;
        }
        /* Jacobi scaling before the Cholesky: the curvature at a kink (~ 1 / eps) and
         * along the face (~ rho) differ by many orders of magnitude. */
        for (size_t a = 0; a < nm; a++) {
            sc[a] = 1.0 / sqrt(H[mv[a] * nk + mv[a]]);
            b[a] = grad[mv[a]] * sc[a];
        }
        for (size_t a = 0; a < nm; a++) {
            for (size_t e = 0; e <= a; e++) {
                size_t hi = mv[a] > mv[e] ? mv[a] : mv[e], lo = mv[a] + mv[e] - hi;
                A[a * nm + e] = H[hi * nk + lo] * sc[a] * sc[e];
                A[e * nm + a] = A[a * nm + e];
            }
        }
        spd_solve(A, nm, b, p);
        double dec = 0.0, len = 0.0;
        for (size_t a = 0; a < nm; a++) {
            dec += b[a] * p[a];
            p[a] *= sc[a];
            len = fmax(len, fabs(p[a]));
        }
        if (!(dec > 0.0) || !(len > 1e-3 * ws->tol_x)) {
            break;
        }
        double alpha = fmin(1.0, ws->pos_scale / len);
        /* Exact loss: the model holds up to the first kink the step meets; the step stops
         * there and that coordinate is put on the kink and fixed (an active set). */
        size_t hit = N;
        double at = NAN;
        for (size_t a = 0; a < nm && eps == 0.0; a++) {
            size_t k = kd[mv[a]];
            for (size_t c = 0; c < ws->n_act; c++) {
                size_t ik = (size_t)ws->act[c] * D + k;
                double t = (ws->x[ik] - y[k]) / p[a];
                if (ws->s[ik] > 0.0 && t > 0.0 && t < alpha) {
                    alpha = t;
                    hit = a;
                    at = ws->x[ik];
                }
            }
        }
        /* Below the rounding of Phi the Armijo test cannot tell; there the quadratic model
         * is exact to the last digits and the full step is taken. */
        bool tiny = dec <= 1e-13 * (1.0 + fabs(f0));
        bool moved = false;
        for (int half = 0; half < 60 && !moved; half++) {
            for (size_t a = 0; a < nm; a++) {
                trial[kd[mv[a]]] = y[kd[mv[a]]] + alpha * p[a];
            }
            double f1 = select_eval(ws, kd, nk, trial, rho, eps, NULL, NULL);
            if (tiny ? f1 > -INFINITY : f1 >= f0 + 0.25 * alpha * dec) {
                moved = true;
            } else {
                alpha *= 0.5;
                hit = N;
            }
        }
        if (!moved) {
            break; /* At the rounding floor of Phi. */
        }
        steps++;
        for (size_t a = 0; a < nm; a++) {
            y[kd[mv[a]]] = trial[kd[mv[a]]];
        }
        if (hit < N) {
            y[kd[mv[hit]]] = at;
            mv[hit] = mv[--nm];
        }
    }
    return steps;
}

/* The selection rule's solver (docs/CONSENSUS.md, sections 4-5). For the linear loss the
 * Nash objective can be flat along directions that leave every margin unchanged, so its
 * maximisers form a whole face and the text would depend on the path to it. Tikhonov
 * regularisation (Tikhonov & Arsenin 1977) makes the maximiser unique: sum_i ln g_i -
 * rho |y - q|^2 is strictly concave, and as rho -> 0 its maximiser tends to the point
 * of the optimal face nearest q (the minimum-norm selection). Coordinate ascent would
 * zigzag along the face (condition ~ 1 / rho) and stall where the face meets a kink, so
 * the regularised problem is solved by damped Newton steps in all kept coordinates on
 * the smoothed loss h = sqrt(u^2 + eps^2) - eps, eps = 1e-5 of the spread (it starts
 * at a maximiser, so no continuation is needed), then on the exact loss with an active set:
 * the coordinates the smoothed point shows on a kink are put there, and a step that
 * meets a kink stops on it and fixes that coordinate. Newton's iterates converge to the
 * unique maximiser whatever the start, so the point does not depend on the path that
 * led to the Nash phase; nash_ascent then finishes on the exact loss. From a strictly
 * feasible y; returns the Newton steps taken. */
static long nash_select(const ns_consensus_ws_t *ws, const size_t *kd, size_t nk, double *y)
{
    enum { N = NS_CONSENSUS_MAX_DIMS };
    size_t D = ws->D, mv[N], nm = 0;
    /* rho relative to n / spread^2, the scale of the objective's curvature. */
    double rho = NASH_SELECT_RHO * (double)ws->n_act / (ws->pos_scale * ws->pos_scale);
    double eps = 1e-5 * ws->pos_scale;
    long steps = 0;
    for (size_t j = 0; j < nk; j++) {
        mv[j] = j;
    }
    steps += select_stage(ws, kd, nk, y, rho, eps, mv, nk);
    /* The smoothing biases the point along the face by O(eps). Last stage on the exact
     * loss with the active set the smoothed solution shows: a coordinate within 10 eps of
     * a kink is put on it and fixed; the margins are then linear in the others, and the
     * Newton steps solve the regularised problem in them exactly. If putting the
     * coordinates on their kinks leaves a margin non-positive, the smoothed point stays. */
    double snap[N];
    memcpy(snap, y, D * sizeof(double));
    for (size_t j = 0; j < nk; j++) {
        size_t k = kd[j];
        double best = NAN, dist = 10.0 * eps;
        for (size_t a = 0; a < ws->n_act; a++) {
            size_t ik = (size_t)ws->act[a] * D + k;
            if (ws->s[ik] > 0.0 && fabs(y[k] - ws->x[ik]) <= dist) {
                dist = fabs(y[k] - ws->x[ik]);
                best = ws->x[ik];
            }
        }
        if (isnan(best)) {
            mv[nm++] = j;
        } else {
            snap[k] = best;
        }
    }
    if (select_eval(ws, kd, nk, snap, rho, 0.0, NULL, NULL) > -INFINITY) {
        memcpy(y, snap, D * sizeof(double));
        steps += select_stage(ws, kd, nk, y, rho, 0.0, mv, nm);
    }
    return steps;
}

/* Coordinate ascent on sum_i ln g_i from a strictly feasible y, each sweep followed by
 * a Newton step on the coordinates off the kinks. The stopping rule is the coordinate
 * ascent's: a sweep that moves no coordinate by more than tol (tol_x: no one-sided
 * coordinate derivative can improve, which for these "regular" functions certifies the
 * global maximum, Tseng 2001; a larger tol only brings y near the optimal face for
 * nash_select). Returns sweeps plus Newton steps. */
static long nash_ascent(ns_consensus_ws_t *ws, const size_t *kd, size_t nk, double *y, double tol,
                        bool *converged)
{
    long sweeps = 0;
    *converged = false;
    for (; sweeps < NASH_MAX_SWEEPS;) {
        sweeps++;
        eval_margins(ws, kd, nk, y); /* Fresh margins each sweep: no drift. */
        double maxmove = 0.0;
        for (size_t j = 0; j < nk; j++) {
            size_t k = kd[j];
            double v = line_search(ws, k, y[k], ws->g);
            if (v != y[k]) {
                size_t D = ws->D;
                for (size_t a = 0; a < ws->n_act; a++) {
                    size_t i = ws->act[a], ik = i * D + k;
                    double s = ws->s[ik];
                    ws->g[i] += s * (ns__cons_loss(ws->loss, fabs(y[k] - ws->x[ik])) -
                                     ns__cons_loss(ws->loss, fabs(v - ws->x[ik])));
                }
                maxmove = fmax(maxmove, fabs(v - y[k]));
                y[k] = v;
            }
        }
        if (maxmove <= tol) {
            *converged = true;
            break;
        }
        if (nk > 1) {
            eval_margins(ws, kd, nk, y);
            sweeps += nash_newton(ws, kd, nk, y);
        }
    }
    return sweeps;
}

static double nash_value(const ns_consensus_ws_t *ws)
{
    double v = 0.0;
    for (size_t a = 0; a < ws->n_act; a++) {
        double g = ws->g[ws->act[a]];
        if (!(g > 0.0)) {
            return -INFINITY;
        }
        v += log(g);
    }
    return v;
}

/* ---- The maximin by a barrier path and Newton steps -------------------------------------- */

/* Copy the kept paragraphs' ideals and saliences and the constants C of the members who
 * can block into the paragraph-major arrays of the barrier path (ws->px, ps, pc): the
 * loops over members then run over contiguous memory, two members at a time. */
static void path_gather(ns_consensus_ws_t *ws, const size_t *kd, size_t nk)
{
    size_t D = ws->D, n = ws->n_act;
    for (size_t a = 0; a < n; a++) {
        size_t i = ws->act[a];
        ws->pc[a] = ws->C[i];
        for (size_t j = 0; j < nk; j++) {
            ws->px[j * n + a] = ws->x[i * D + kd[j]];
            ws->ps[j * n + a] = ws->s[i * D + kd[j]];
        }
    }
}

/* The smoothed margins of the members who can block at y into ws->pg (index a of act),
 * and with derivs the terms -s l' and s l'' into ws->pl1, pl2. The linear loss is
 * smoothed to l(u) = sqrt(u^2 + eps^2) - eps on the barrier path only (it stays below |u|
 * and within eps of it), with l' = u / h and l'' = eps^2 / h^3 (h = sqrt(u^2 + eps^2));
 * the certificates L and U are always computed with the exact loss, so smoothing moves
 * the path, never the verdict. Each member's numbers are computed by the same operations
 * in the same order whether one or two members at a time (SSE2): IEEE arithmetic and
 * square root are correctly rounded, so the path is the same to the last bit. */
static void path_margins(ns_consensus_ws_t *ws, const size_t *kd, size_t nk, const double *y,
                         double eps, bool derivs)
{
    size_t n = ws->n_act;
    double *restrict g = ws->pg;
    memcpy(g, ws->pc, n * sizeof(double));
    for (size_t j = 0; j < nk; j++) {
        const double *restrict X = ws->px + j * n, *restrict S = ws->ps + j * n;
        double *restrict L1 = ws->pl1 + j * n, *restrict L2 = ws->pl2 + j * n;
        double yj = y[kd[j]];
        size_t a = 0;
        if (ws->loss == NS_LOSS_QUADRATIC) {
            for (; a < n; a++) {
                double u = yj - X[a];
                g[a] -= S[a] * (u * u);
                if (derivs) {
                    L1[a] = -S[a] * (2.0 * u);
                    L2[a] = S[a] * 2.0;
                }
            }
            continue;
        }
        double e2 = eps * eps;
#if defined(__SSE2__)
        __m128d vy = _mm_set1_pd(yj), ve = _mm_set1_pd(eps), ve2 = _mm_set1_pd(e2);
        __m128d sign = _mm_set1_pd(-0.0);
        for (; a + 1 < n; a += 2) {
            __m128d u = _mm_sub_pd(vy, _mm_loadu_pd(X + a));
            __m128d h = _mm_sqrt_pd(_mm_add_pd(_mm_mul_pd(u, u), ve2));
            __m128d s = _mm_loadu_pd(S + a);
            _mm_storeu_pd(g + a, _mm_sub_pd(_mm_loadu_pd(g + a), _mm_mul_pd(s, _mm_sub_pd(h, ve))));
            if (derivs) {
                _mm_storeu_pd(L1 + a, _mm_mul_pd(_mm_xor_pd(s, sign), _mm_div_pd(u, h)));
                _mm_storeu_pd(L2 + a,
                              _mm_mul_pd(s, _mm_div_pd(ve2, _mm_mul_pd(_mm_mul_pd(h, h), h))));
            }
        }
#endif
        for (; a < n; a++) {
            double u = yj - X[a];
            double h = sqrt(u * u + e2);
            g[a] -= S[a] * (h - eps);
            if (derivs) {
                L1[a] = -S[a] * (u / h);
                L2[a] = S[a] * (e2 / (h * h * h));
            }
        }
    }
}

/* Change of the smoothed barrier Psi(y, t) = t + mu sum_i ln(g_i(y) - t) from the
 * current point, whose slacks g_i - t are r0 (index a of act), to (y, t); -INFINITY
 * outside. Computed as (t - t0) + mu sum_i ln(r_i / r0_i) rather than as a difference of
 * two values of Psi: deep in an infeasible path |t| is large and Psi's own rounding
 * (|t| x 1e-16) hid the progress of the late stages' steps, which then stalled short
 * of the centre. The logarithms are taken four ratios at a time (one log of their
 * product; a log costs more than the rest of a member's terms); a ratio outside
 * [1e-60, 1e60] is taken alone, so a product never under- or overflows. */
static double barrier_gain(ns_consensus_ws_t *ws, const size_t *kd, size_t nk, const double *y,
                           double t, double dt, const double *r0, double mu, double eps)
{
    path_margins(ws, kd, nk, y, eps, false);
    double v = 0.0, prod = 1.0;
    int np = 0;
    for (size_t a = 0; a < ws->n_act; a++) {
        double r = ws->pg[a] - t;
        if (!(r > 0.0)) {
            return -INFINITY;
        }
        double q = r / r0[a];
        if (q < 1e-60 || q > 1e60) {
            v += log(q);
            continue;
        }
        prod *= q;
        if (++np == 4) {
            v += log(prod);
            prod = 1.0;
            np = 0;
        }
    }
    v += log(prod);
    return dt + mu * v;
}

/* Cholesky solve of A z = b for a symmetric positive definite n x n A (row-major, n <= 17),
 * with a relative ridge when a pivot is not positive. */
static void spd_solve(double *A, size_t n, const double *b, double *z)
{
    double scale = 0.0;
    for (size_t i = 0; i < n; i++) {
        scale = fmax(scale, fabs(A[i * n + i]));
    }
    double ridge = 1e-14 * (scale > 0.0 ? scale : 1.0);
    for (size_t j = 0; j < n; j++) {
        double d = A[j * n + j];
        for (size_t k = 0; k < j; k++) {
            d -= A[j * n + k] * A[j * n + k];
        }
        d = d > ridge ? sqrt(d) : sqrt(ridge);
        A[j * n + j] = d;
        for (size_t i = j + 1; i < n; i++) {
            double v = A[i * n + j];
            for (size_t k = 0; k < j; k++) {
                v -= A[i * n + k] * A[j * n + k];
            }
            A[i * n + j] = v / d;
        }
    }
    for (size_t i = 0; i < n; i++) {
        double v = b[i];
        for (size_t k = 0; k < i; k++) {
            v -= A[i * n + k] * z[k];
        }
        z[i] = v / A[i * n + i];
    }
    for (size_t i = n; i-- > 0;) {
        double v = z[i];
        for (size_t k = i + 1; k < n; k++) {
            v -= A[k * n + i] * z[k];
        }
        z[i] = v / A[i * n + i];
    }
}

/* The barrier's gradient and Newton matrix (lower triangle, n = nk + 1) at the point
 * whose smoothed margins and terms path_margins left in ws->pg, pl1, pl2 (A and grad
 * zeroed, grad[nk] = 1): per member i, with r = g_i - t, a = dg_i/dy and w = mu / r,
 *   grad += w (a, -1),  A += w diag(-d2g_i/dy^2, 0) + (w / r) (a, -1)(a, -1)^T
 * (Nocedal & Wright 2006, section 19.3). Each entry is summed over the members in their
 * order from zero, its terms rounded as (mu / r^2 a_j) a_k, so the matrix is the same to
 * the last bit as a member-by-member update (docs/CONSENSUS.md section 8, follow-up 4);
 * but it is built entry by entry, the sums held in registers (two entries per SSE2
 * register, several registers per pass over the members) instead of a load-add-store of
 * A per member and entry. The off-diagonal entries run over member-major copies of the
 * slopes (ws->pt: a, ws->pb: (mu / r^2) a; member a, column j at [a * nk + j]). The
 * slacks r go to r0 for the line search. */
static void newton_matrix(ns_consensus_ws_t *ws, size_t nk, double t, double mu, double *A,
                          double *grad, double *r0)
{
    enum { NT = NS_CONSENSUS_MAX_DIMS * NS_CONSENSUS_MAX_DIMS / 4 + NS_CONSENSUS_MAX_DIMS };
    size_t n = nk + 1, na = ws->n_act;
    double *restrict T = ws->pt, *restrict Bm = ws->pb;
    const double *restrict L1 = ws->pl1, *restrict L2 = ws->pl2;
    double *restrict W = ws->pw, *restrict W2 = ws->pw + ws->m_max;
    double gl = grad[nk], al = A[nk * n + nk];
    for (size_t a = 0; a < na; a++) {
        double r = ws->pg[a] - t, ir = mu / r, ir2 = mu / (r * r);
        r0[a] = r;
        W[a] = ir;
        W2[a] = ir2;
        gl -= ir;
        al += ir2;
    }
    grad[nk] = gl;
    A[nk * n + nk] = al;
    /* Gradient, diagonal and last row, paragraph by paragraph over the members (four
     * paragraphs per pass with SSE2), each entry's terms in the member order. */
    size_t j0 = 0;
#if defined(__SSE2__)
    for (; j0 + 3 < nk; j0 += 4) {
        const double *p0 = L1 + j0 * na, *p1 = p0 + na, *p2 = p1 + na, *p3 = p2 + na;
        const double *q0 = L2 + j0 * na, *q1 = q0 + na, *q2 = q1 + na, *q3 = q2 + na;
        __m128d g0 = _mm_setzero_pd(), g1 = g0, d0 = g0, d1 = g0, e0 = g0, e1 = g0;
        for (size_t a = 0; a < na; a++) {
            __m128d w = _mm_set1_pd(W[a]), w2 = _mm_set1_pd(W2[a]);
            __m128d u0 = _mm_set_pd(p1[a], p0[a]), u1 = _mm_set_pd(p3[a], p2[a]);
            __m128d c0 = _mm_set_pd(q1[a], q0[a]), c1 = _mm_set_pd(q3[a], q2[a]);
            __m128d b0 = _mm_mul_pd(w2, u0), b1 = _mm_mul_pd(w2, u1);
            _mm_storeu_pd(T + a * nk + j0, u0);
            _mm_storeu_pd(T + a * nk + j0 + 2, u1);
            _mm_storeu_pd(Bm + a * nk + j0, b0);
            _mm_storeu_pd(Bm + a * nk + j0 + 2, b1);
            g0 = _mm_add_pd(g0, _mm_mul_pd(w, u0));
            g1 = _mm_add_pd(g1, _mm_mul_pd(w, u1));
            d0 = _mm_add_pd(_mm_add_pd(d0, _mm_mul_pd(w, c0)), _mm_mul_pd(b0, u0));
            d1 = _mm_add_pd(_mm_add_pd(d1, _mm_mul_pd(w, c1)), _mm_mul_pd(b1, u1));
            e0 = _mm_sub_pd(e0, b0);
            e1 = _mm_sub_pd(e1, b1);
        }
        double gv[4], dv[4], ev[4];
        _mm_storeu_pd(gv, g0);
        _mm_storeu_pd(gv + 2, g1);
        _mm_storeu_pd(dv, d0);
        _mm_storeu_pd(dv + 2, d1);
        _mm_storeu_pd(ev, e0);
        _mm_storeu_pd(ev + 2, e1);
        for (size_t u = 0; u < 4; u++) {
            grad[j0 + u] = gv[u];
            A[(j0 + u) * n + j0 + u] = dv[u];
            A[nk * n + j0 + u] = ev[u];
        }
    }
#endif
    for (size_t j = j0; j < nk; j++) {
        const double *p = L1 + j * na, *q = L2 + j * na;
        double gs = 0.0, ds = 0.0, es = 0.0;
        for (size_t a = 0; a < na; a++) {
            double ad = p[a], b = W2[a] * ad;
            T[a * nk + j] = ad;
            Bm[a * nk + j] = b;
            gs += W[a] * ad;
            ds += W[a] * q[a];
            ds += b * ad;
            es -= b;
        }
        grad[j] = gs;
        A[j * n + j] = ds;
        A[nk * n + j] = es;
    }
    /* Tasks: row j, entries k0 and k0 + 1 (the second only when below the diagonal). */
    uint8_t tj[NT], tk[NT];
    size_t nt = 0;
    for (size_t j = 1; j < nk; j++) {
        for (size_t k0 = 0; k0 < j; k0 += 2) {
            tj[nt] = (uint8_t)j;
            tk[nt] = (uint8_t)k0;
            nt++;
        }
    }
    for (size_t g0 = 0; g0 < nt; g0 += 4) {
        /* A short last group repeats its last task (same sum, stored twice). */
        size_t j[4], k[4];
        for (size_t u = 0; u < 4; u++) {
            size_t q = g0 + u < nt ? g0 + u : nt - 1;
            j[u] = tj[q];
            k[u] = tk[q];
        }
        double out[4][2];
#if defined(__SSE2__)
        __m128d s0 = _mm_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
        for (size_t a = 0; a < na; a++) {
            const double *tr = T + a * nk, *br = Bm + a * nk;
            s0 = _mm_add_pd(s0, _mm_mul_pd(_mm_set1_pd(br[j[0]]), _mm_loadu_pd(tr + k[0])));
            s1 = _mm_add_pd(s1, _mm_mul_pd(_mm_set1_pd(br[j[1]]), _mm_loadu_pd(tr + k[1])));
            s2 = _mm_add_pd(s2, _mm_mul_pd(_mm_set1_pd(br[j[2]]), _mm_loadu_pd(tr + k[2])));
            s3 = _mm_add_pd(s3, _mm_mul_pd(_mm_set1_pd(br[j[3]]), _mm_loadu_pd(tr + k[3])));
        }
        _mm_storeu_pd(out[0], s0);
        _mm_storeu_pd(out[1], s1);
        _mm_storeu_pd(out[2], s2);
        _mm_storeu_pd(out[3], s3);
#else
        memset(out, 0, sizeof out);
        for (size_t a = 0; a < na; a++) {
            const double *tr = T + a * nk, *br = Bm + a * nk;
            for (size_t u = 0; u < 4; u++) {
                out[u][0] += br[j[u]] * tr[k[u]];
                out[u][1] += k[u] + 1 < j[u] ? br[j[u]] * tr[k[u] + 1] : 0.0;
            }
        }
#endif
        for (size_t u = 0; u < 4; u++) {
            A[j[u] * n + k[u]] = out[u][0];
            if (k[u] + 1 < j[u]) {
                A[j[u] * n + k[u] + 1] = out[u][1];
            }
        }
    }
}

/* Damped Newton on the smoothed barrier in (y, t), from a point where every g_i > t.
 * Returns the Newton steps taken; t is updated. */
static long barrier_stage(ns_consensus_ws_t *ws, const size_t *kd, size_t nk, double *y, double *t,
                          double mu, double eps, bool stop_inside)
{
    enum { NMAX = NS_CONSENSUS_MAX_DIMS + 1 };
    size_t D = ws->D, n = nk + 1;
    double A[NMAX * NMAX], grad[NMAX], step[NMAX];
    long steps = 0;
    double alpha_last = 1.0;
    double *r0 = ws->slack; /* Slacks at the current point (free during the path). */
    for (int it = 0; it < 100; it++) {
        steps++;
        memset(A, 0, sizeof A);
        memset(grad, 0, sizeof grad);
        grad[nk] = 1.0;
        path_margins(ws, kd, nk, y, eps, true);
        newton_matrix(ws, nk, *t, mu, A, grad, r0);
        for (size_t j = 0; j < n; j++) {
            for (size_t k = j + 1; k < n; k++) {
                A[j * n + k] = A[k * n + j];
            }
        }
        spd_solve(A, n, grad, step);
        double dec = 0.0;
        for (size_t j = 0; j < n; j++) {
            dec += grad[j] * step[j];
        }
        if (!(dec > 1e-10 * mu)) {
            break;
        }
        /* First trial: four times the last accepted step of this stage, up to 1. The
         * smoothed linear loss bends within eps of every kink, so the quadratic model
         * holds only on a short step and a full step was halved 5-6 times on average
         * (docs/CONSENSUS.md, section 8); the accepted lengths vary slowly along a
         * stage, so starting near the last one saves most of those trial points while
         * still letting the step grow back to 1 (Armijo rule, Nocedal & Wright 2006,
         * section 3.1). */
        double alpha = fmin(1.0, 4.0 * alpha_last), ny[NS_CONSENSUS_MAX_DIMS], nt = *t;
        double gain = -INFINITY;
        memcpy(ny, y, D * sizeof(double));
        for (int half = 0; half < 60; half++) {
            for (size_t j = 0; j < nk; j++) {
                ny[kd[j]] = y[kd[j]] + alpha * step[j];
            }
            nt = *t + alpha * step[nk];
            gain = barrier_gain(ws, kd, nk, ny, nt, nt - *t, r0, mu, eps);
            if (gain >= 0.25 * alpha * dec) {
                break;
            }
            alpha *= 0.5;
        }
        if (!(gain > 0.0)) {
            break;
        }
        alpha_last = alpha;
        memcpy(y, ny, D * sizeof(double));
        *t = nt;
        /* When only the sign of M* is asked for, a text every member accepts with room
         * to spare settles it: no need to finish the stage (O(m d), against O(m d^2) for
         * a step). */
        if (stop_inside && eval_margins(ws, kd, nk, y) > ws->tol_g) {
            break;
        }
    }
    return steps;
}

void ns__cons_solve_choice(ns_consensus_ws_t *ws, const ns_para_action_t *action, int mode,
                           const double *start, ns__cons_sol_t *sol)
{
    size_t D = ws->D;
    size_t kd[NS_CONSENSUS_MAX_DIMS] = {0}, nk = 0;
    double *y = sol->y;
    sol->sweeps = 0;
    sol->converged = true;
    sol->cut_off = false;
    sol->nash = -INFINITY;
    ws->lam_valid = false;
    set_constants(ws, action);
    for (size_t k = 0; k < D; k++) {
        y[k] = ws->q[k];
        if (action[k] != NS_PARA_KEEP) {
            continue;
        }
        bool cares = false;
        for (size_t a = 0; a < ws->n_act && !cares; a++) {
            cares = ws->s[(size_t)ws->act[a] * D + k] > 0.0;
        }
        if (cares) {
            kd[nk++] = k;
        }
    }

    if (ws->n_act == 0) {
        /* Every member has unlimited will: nobody can block, and the Nash objective is
         * empty. Its limit for equal large wills is the utilitarian text, the weighted
         * median (linear) or mean (quadratic) of the ideal points per paragraph. */
        sol->feasible = true;
        sol->lower = sol->upper = INFINITY;
        for (size_t j = 0; j < nk; j++) {
            size_t k = kd[j];
            double sw = 0.0, swx = 0.0;
            for (size_t i = 0; i < ws->m; i++) {
                sw += ws->s[i * D + k];
                swx += ws->s[i * D + k] * ws->x[i * D + k];
            }
            if (ws->loss == NS_LOSS_QUADRATIC) {
                y[k] = swx / sw;
                continue;
            }
            /* Weighted median by a quadratic scan: only reached with infinite wills. */
            double best = INFINITY;
            for (size_t c = 0; c < ws->m; c++) {
                double v = ws->x[c * D + k], cost = 0.0;
                for (size_t i = 0; i < ws->m; i++) {
                    cost += ws->s[i * D + k] * fabs(v - ws->x[i * D + k]);
                }
                if (cost < best || (cost == best && v < y[k])) {
                    best = cost;
                    y[k] = v;
                }
            }
        }
        sol->nash = 0.0;
        return;
    }

    /* A starting text: the caller's, q, or the salience-weighted mean; the one with the
     * largest worst margin. */
    double cand[NS_CONSENSUS_MAX_DIMS];
    double gmin = eval_margins(ws, kd, nk, y);
    for (size_t j = 0; j < nk; j++) {
        size_t k = kd[j];
        double sw = 0.0, swx = 0.0;
        for (size_t a = 0; a < ws->n_act; a++) {
            size_t ik = (size_t)ws->act[a] * D + k;
            sw += ws->s[ik];
            swx += ws->s[ik] * ws->x[ik];
        }
        cand[k] = swx / sw;
    }
    for (int pass = 0; pass < 2; pass++) {
        const double *src = pass == 0 ? cand : start;
        if (src == NULL || nk == 0) {
            continue;
        }
        double trial[NS_CONSENSUS_MAX_DIMS];
        memcpy(trial, y, sizeof trial);
        for (size_t j = 0; j < nk; j++) {
            trial[kd[j]] = src[kd[j]];
        }
        double gm = eval_margins(ws, kd, nk, trial);
        if (gm > gmin) {
            gmin = gm;
            memcpy(y, trial, sizeof trial);
        }
    }
    gmin = eval_margins(ws, kd, nk, y);
    sol->lower = gmin;
    sol->upper = INFINITY;

    if (nk == 0) {
        /* Nothing to negotiate: the margins are constants. */
        sol->upper = gmin;
        sol->feasible = gmin >= -ws->tol_g;
        if (sol->feasible) {
            sol->nash = nash_value(ws);
        }
        return;
    }

    bool interior = gmin > ws->tol_g;
    if (!interior) {
        path_gather(ws, kd, nk);
        /* Phase one: the barrier path towards the maximin, mu divided by 10 per stage,
         * each stage solved by damped Newton steps in (y, t). */
        double gmax = -INFINITY;
        for (size_t a = 0; a < ws->n_act; a++) {
            gmax = fmax(gmax, ws->g[ws->act[a]]);
        }
        double n = (double)ws->n_act;
        double mu = fmax(ws->tol_g, (gmax - gmin + fabs(gmin)) / n);
        double best_lower = gmin;
        double best_y[NS_CONSENSUS_MAX_DIMS];
        memcpy(best_y, y, sizeof best_y);
        bool decided = false;
        double t = gmin - mu;
        for (int stage = 0; stage < MAX_STAGES && !decided && mu > 1e-6 * ws->tol_g / n; stage++) {
            /* Smoothing width: the smoothed margin is within nk eps smax <= 10 mu of the
             * exact one, the order of the barrier's own suboptimality (n mu), so the path
             * still tends to the maximin; the certificates use the exact loss. A wider
             * eps than the former 0.1 mu / nk keeps the Newton model valid over longer
             * steps near the kinks (about a third fewer Newton steps on the frontier's
             * tables, docs/CONSENSUS.md section 8). */
            double eps = 10.0 * mu / (double)nk;
            /* A point strictly inside for this mu and eps: g_eps >= g, so t below the
             * exact minimum works. */
            double lower = eval_margins(ws, kd, nk, y);
            if (!(t < lower)) {
                t = lower - mu;
            }
            sol->sweeps += barrier_stage(ws, kd, nk, y, &t, mu, eps, mode != NS__CONS_FULL);
            lower = eval_margins(ws, kd, nk, y);
            /* Dual weights from the barrier's optimality: lambda_i = mu / (g_i - t) with
             * the smoothed margins the path uses (any lambda in the simplex gives a valid
             * bound; these give the tight one). */
            double z = 0.0;
            path_margins(ws, kd, nk, y, eps, false);
            for (size_t a = 0; a < ws->n_act; a++) {
                size_t i = ws->act[a];
                ws->lam[i] = 1.0 / fmax(ws->pg[a] - t, 1e-300);
                z += ws->lam[i];
            }
            for (size_t a = 0; a < ws->n_act; a++) {
                ws->lam[ws->act[a]] /= z;
            }
            ws->lam_valid = true;
            double upper = dual_bound(ws, kd, nk);
            if (lower > best_lower) {
                best_lower = lower;
                memcpy(best_y, y, sizeof best_y);
            }
            sol->upper = fmin(sol->upper, upper);
            if (best_lower > ws->tol_g) {
                interior = true;
                decided = true;
            } else if (sol->upper - best_lower <= 1000.0 * ws->tol_g &&
                       (mode != NS__CONS_FULL || mu * n <= ws->tol_g)) {
                /* Certified to a thousand times the margin tolerance (the barrier's dual
                 * weights lose precision below that), and in full mode the path followed
                 * until mu n <= tol, where the lower bound is within tol of M*
                 * (docs/CONSENSUS.md). */
                decided = true;
            } else if (mode != NS__CONS_FULL && sol->upper < -0.5 * ws->tol_g) {
                decided = true;
            } else if (sol->upper < ws->cut) {
                /* The caller only needs to know that M* is below its cut. */
                decided = true;
                sol->cut_off = true;
            }
            mu /= 10.0;
        }
        if (!decided) {
            sol->converged = false;
        }
        memcpy(y, best_y, sizeof best_y);
        gmin = eval_margins(ws, kd, nk, y);
        sol->lower = gmin;
    }
    sol->feasible =
        interior || gmin >= -ws->tol_g ||
        (sol->upper - gmin <= 1000.0 * ws->tol_g && 0.5 * (gmin + sol->upper) >= -ws->tol_g);
    if (sol->feasible && gmin > 0.0 && mode != NS__CONS_DECIDE) {
        bool conv;
        ws->lam_valid = false; /* The line searches use lam as scratch. */
        /* With the selection rule to follow (linear loss, several kept paragraphs), the
         * first ascent only has to come near the optimal face: to 1e-3 of the spread.
         * Beyond that the coordinate ascent crawls along the face (most of the Nash
         * phase's time on the frontier's tables), which nash_select's Newton steps
         * cross in a few; the final ascent certifies the optimum at tol_x. The text
         * stays the selected one to the selection solver's resolution, not to the bit
         * (docs/CONSENSUS.md, section 8, follow-up 5). */
        bool selecting = ws->loss == NS_LOSS_LINEAR && nk > 1;
        double near = selecting ? NASH_NEAR_FACE * ws->pos_scale : ws->tol_x;
        sol->sweeps += nash_ascent(ws, kd, nk, y, fmax(near, ws->tol_x), &conv);
        if (selecting) {
            /* The selection rule: of the Nash maximisers, the one nearest q
             * (nash_select), then the exact loss's coordinate ascent again, whose
             * one-sided derivatives certify the optimum. The quadratic loss and a single
             * kept paragraph need none: each kept paragraph enters some g_i strictly
             * concavely (resp. ln is strictly concave along the one coordinate), so the
             * maximiser is unique. */
            sol->sweeps += nash_select(ws, kd, nk, y);
            bool conv2;
            sol->sweeps += nash_ascent(ws, kd, nk, y, ws->tol_x, &conv2);
            conv = conv && conv2;
        }
        sol->converged = sol->converged && conv;
        gmin = eval_margins(ws, kd, nk, y);
        sol->lower = gmin;
    }
    if (sol->feasible) {
        sol->nash = nash_value(ws);
    }
}
