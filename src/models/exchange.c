/* The exchange model of Stokman and Van Oosten (1994), "The exchange of voting
 * positions: an object-oriented model of policy networks", in Bueno de Mesquita and
 * Stokman (eds.), European Community Decision Making, Yale UP, 105-127, in two variants:
 *
 *   variant=decide (default): the equal-gain model as the Decide exchange model
 *     (foarsitter/decide-exchange-model) computes it: every valid exchange of a round,
 *     best first, with Decide's recalculation, moves, voting and next-round positions.
 *     Described in full above decide_step() below.
 *   variant=single: normsim's earlier model, described next: at most one exchange per
 *     issue per round, with the equal-gain rate or a random-rate variant.
 *
 * Actors i with positions x_id, saliences s_id and capabilities c_id on issues d;
 * w_id = c_id s_id. The expected outcome of an issue is the compromise mean
 * O_d = sum_i w_id x_id / W_d, W_d = sum_i w_id (Stokman and Van Oosten, eq. 1), and an
 * actor's utility is -sum_d s_id |x_id - O_d| / R_d (R_d the scale's length).
 *
 * Two actors i and j can exchange on issues p and q when i cares relatively more about
 * p and j about q (s_ip s_jq > s_iq s_jp) and they stand on opposite sides of the
 * outcome on both issues: then j moves its vote on p toward i, which shifts O_p toward i
 * by a = w_jp δ_p / W_p (in range units), and i moves on q toward j, which shifts O_q
 * toward j by b = w_iq δ_q / W_q. The gains are
 *   G_i = s_ip a - s_iq b,   G_j = s_jq b - s_jp a.
 * The equal-gain rate (Stokman and Van Oosten, section 4) sets G_i = G_j:
 *   b / a = (s_ip + s_jp) / (s_iq + s_jq),
 * so that G = a (s_ip s_jq - s_iq s_jp) / (s_iq + s_jq) > 0. The random variant draws
 * b / a uniformly between j's break-even rate s_jp / s_jq and i's, s_ip / s_iq, from the
 * run's seeded stream. The exchange is as large as it can be: the mover goes at most to
 * its partner's position, and no outcome is pushed past the gainer's position (beyond it
 * the gain would no longer be linear in the shift, and the gainer would lose).
 *
 * Rounds: every pair of actors proposes its most profitable exchange (largest G_i + G_j)
 * evaluated at the round's outcomes; proposals are carried out best first, each issue's
 * outcome moved by at most one exchange per round (so every carried-out gain is exactly
 * the one evaluated). A vote that has been traded away stays where the exchange put it:
 * an actor gives on an issue at most once in a run (it has spent that vote; Stokman and
 * Van Oosten treat exchanged positions as committed), which also bounds the run at
 * n m / 2 rounds. The model stops when no exchange gains more than min_gain in total. The forecast
 * of an issue is the compromise mean after the exchanges. With a single issue no exchange is
 * possible.
 *
 * Cost per round O(n^2 m^2) for n actors and m issues, allocation-free.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "models/exchange.h"
#include "models/models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct dexchange dexchange_t;

typedef struct exchange_state {
    ns_ctx_t *ctx;
    ns_rng_t *rng;
    size_t n, m;
    int variant; /* NS__EXCHANGE_DECIDE or NS__EXCHANGE_SINGLE. */
    int rounds_max;
    double rate_random;
    double min_gain;
    /* variant=decide: positions on 0..100 (NaN: not in the issue), saliences, powers. */
    double *dx, *ds, *dc;
    double *dnum, *pref, *lo, *span; /* m each. */
    unsigned char *left;             /* m * n. */
    dexchange_t *ex;
    size_t cap_ex, n_ex_alloc;
    size_t *order;
    size_t cap_order;
    double *x, *s, *w;      /* m * n each, issue-major; NaN: sits out. */
    double *out, *wsum;     /* m each. */
    double *range, *start;  /* m each; start: the outcome before any exchange. */
    double *exchanges;      /* m: exchanges that moved each issue. */
    unsigned char *touched; /* m: outcome moved this round. */
    unsigned char *given;   /* m * n: the actor has traded its vote on the issue away. */
    ns__exchange_t *cand;   /* n (n - 1) / 2 proposals. */
    int rounds;
} exchange_state_t;

static void outcomes(size_t n, size_t m, const double *x, const double *w, double *out,
                     double *wsum)
{
    for (size_t d = 0; d < m; d++) {
        double sw = 0.0, swx = 0.0;
        for (size_t a = 0; a < n; a++) {
            double xa = x[d * n + a];
            if (xa == xa) {
                sw += w[d * n + a];
                swx += w[d * n + a] * xa;
            }
        }
        wsum[d] = sw;
        out[d] = sw > 0.0 ? swx / sw : NAN;
    }
}

bool ns__exchange_evaluate(size_t n, const double *x, const double *s, const double *w,
                           const double *out, const double *wsum, const double *range, size_t i,
                           size_t j, size_t p, size_t q, double u, ns__exchange_t *ex)
{
    size_t ip = p * n + i, iq = q * n + i, jp = p * n + j, jq = q * n + j;
    double xip = x[ip], xiq = x[iq], xjp = x[jp], xjq = x[jq];
    if (i == j || p == q || xip != xip || xiq != xiq || xjp != xjp || xjq != xjq) {
        return false;
    }
    double sip = s[ip], siq = s[iq], sjp = s[jp], sjq = s[jq];
    /* i must care relatively more about p, j about q. */
    if (!(sip * sjq > siq * sjp) || !(w[jp] > 0.0) || !(w[iq] > 0.0)) {
        return false;
    }
    double op = out[p], oq = out[q];
    if (!((xip - op) * (xjp - op) < 0.0) || !((xjq - oq) * (xiq - oq) < 0.0)) {
        return false;
    }
    /* Largest shifts of the outcomes, in range units. */
    double share_p = w[jp] / wsum[p], share_q = w[iq] / wsum[q];
    double a_max = fmin(fabs(xip - op), fabs(xip - xjp) * share_p) / range[p];
    double b_max = fmin(fabs(xjq - oq), fabs(xjq - xiq) * share_q) / range[q];
    double rho;
    if (u < 0.0) {
        rho = (sip + sjp) / (siq + sjq);
    } else {
        double lo = sjp / sjq, hi = siq > 0.0 ? sip / siq : INFINITY;
        if (!isfinite(hi)) {
            hi = 2.0 * lo + 1.0; /* i does not care about q at all: any rate suits it. */
        }
        rho = lo + u * (hi - lo);
    }
    if (!(rho > 0.0) || !isfinite(rho)) {
        return false;
    }
    double a = fmin(a_max, b_max / rho);
    double b = rho * a;
    if (!(a > 0.0)) {
        return false;
    }
    ex->gain_i = sip * a - siq * b;
    ex->gain_j = sjq * b - sjp * a;
    /* Back from outcome shifts to vote shifts; the mover stops at its partner. */
    double djp = a * range[p] / share_p, diq = b * range[q] / share_q;
    ex->new_jp = xjp + (xip > xjp ? 1.0 : -1.0) * fmin(djp, fabs(xip - xjp));
    ex->new_iq = xiq + (xjq > xiq ? 1.0 : -1.0) * fmin(diq, fabs(xjq - xiq));
    ex->i = (uint32_t)i;
    ex->j = (uint32_t)j;
    ex->p = (uint16_t)p;
    ex->q = (uint16_t)q;
    return ex->gain_i > 0.0 && ex->gain_j > 0.0;
}

/* ---- variant=decide: the equal-gain model as Decide computes it ------------------------
 *
 * Read from Decide's code (foarsitter/decide-exchange-model: decide/model/base.py,
 * equalgain.py, calculations.py, utils.py), step by step; positions are normalised to
 * 0..100 on the issue's scale as Decide's reader does (Issue.normalize), and forecasts are
 * mapped back.
 *
 * A round (ModelLoop.loop):
 *  1. O_d = sum c s x / sum c s over the actors on d (the NBS); an actor is "left" on d
 *     when x <= O_d.
 *  2. For every pair of issues (p, q), p before q in the table's order, the actors on both
 *     fall in four groups by (left on p, left on q); every actor of the group (right,
 *     right) pairs with every actor of (left, left), and (left, right) with (right, left),
 *     in the table's actor order. Each pair is one candidate exchange: the actor with the
 *     larger s_p / s_q demands p and supplies q (AbstractExchange.__init__).
 *  3. A candidate (EqualGainExchange.calculate): j, who supplies P, moves all the way to
 *     i's position on P; that shifts O_P by dp = |x_iP - x_jP| s_jP c_jP / W_P, and i must
 *     shift O_Q by dq = dp (s_jP + s_iP) / (s_jQ + s_iQ) (equal gains). If i's move would
 *     pass j's position on Q, i moves all the way instead and j's move follows from dq the
 *     same way. The gain is |dq s_iQ - dp s_iP| (= j's). The exchange is valid when both
 *     moves are valid (AbstractExchangeActor.is_move_valid: 1e-10 < |move| <= 100, the
 *     new position in [0, 100], the actor's moves in this exchange all of one sign) and
 *     the gain is at least 1e-10. A move that would push an outcome past the partner's
 *     position is cut back to where the outcome meets it (check_nbs).
 *  4. Carry out the exchange of highest gain; every other exchange that involves one of
 *     its actors on that actor's supply issue continues from the new position, and one
 *     whose actor demands an issue the carried-out exchange moved learns the mover's new
 *     position for its NBS; both are recalculated (AbstractExchange.recalculate). Invalid
 *     ones are dropped. Repeat until no candidate is left. The candidates are kept in the
 *     order of Decide's list (sorted by gain with a stable sort at every pick). When the
 *     first two tie, Decide picks one of them at random and appends the runner-up to its
 *     list a second time; normsim takes the first and appends nothing.
 *  5. Every actor that moved votes at its new position y; the forecast of the round is the
 *     NBS at those voting positions. Its next round starts from
 *     x' = ((1 - s) 0.4 + 0.1) y + (1 - (1 - s) 0.4 - 0.1) x (calculations.new_start_
 *     position with Decide's SALIENCE_WEIGHT 0.4 and FIXED_WEIGHT 0.1); the NBS at these
 *     positions is Decide's "preference" outcome (extra column `preference`).
 * Decide runs a fixed number of rounds (its --iterations, default 10): `rounds`; 0 runs
 * until a round carries out no exchange. Where Decide raises an exception (equal gains
 * that differ, a check it asserts) normsim carries on with its numbers; where Decide's code
 * uses the position that makes the partner's outcome meet (check_nbs: `self.move = delta`
 * with delta a position), normsim does the same, so that the numbers are Decide's.
 */

/* One side of a candidate exchange (AbstractExchangeActor). */
typedef struct dside {
    uint32_t actor;
    uint16_t supply, demand;
    double supply_pos; /* Moves to a carried-out exchange's y (recalculate). */
    double demand_pos, start_pos;
    double s_sup, c_sup, s_dem;
    double y, move;
    double *moves; /* Decide's history of this side's moves (is_move_valid). */
    size_t n_moves, cap_moves;
} dside_t;

/* Positions of other actors that carried-out exchanges moved (AbstractExchange.updates). */
typedef struct dupdate {
    uint32_t actor;
    uint16_t issue;
    double pos;
} dupdate_t;

typedef struct dexchange {
    dside_t i, j; /* i supplies Q and demands P; j supplies P and demands Q. */
    double gain, dp, dq;
    bool valid;
    dupdate_t *upd;
    size_t n_upd, cap_upd;
} dexchange_t;

typedef struct dround {
    ns_ctx_t *ctx;
    size_t n;
    const double *x, *s, *c; /* Round-start positions (0..100), saliences, powers. */
    const double *denom;     /* sum c s per issue. */
    const double *num;       /* sum c s x per issue at the round's start. */
    ns_status st;            /* NS_ENOMEM once an allocation failed. */
} dround_t;

static void dpush(dround_t *r, dside_t *a, double v)
{
    if (ns_grow(r->ctx, (void **)&a->moves, &a->cap_moves, a->n_moves + 1, sizeof *a->moves) !=
        NS_OK) {
        r->st = NS_ENOMEM;
        return;
    }
    a->moves[a->n_moves++] = v;
}

static void dpop(dside_t *a)
{
    if (a->n_moves > 0) {
        a->n_moves--;
    }
}

/* AbstractExchangeActor.is_move_valid. */
static bool dmove_valid(const dside_t *a, double move)
{
    if (fabs(move) > 100.0 || fabs(move) <= 1e-10) {
        return false;
    }
    if (a->supply_pos + move < 0.0 || a->supply_pos + move > 100.0) {
        return false;
    }
    double sum = 0.0, lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < a->n_moves; k++) {
        sum += a->moves[k];
        lo = fmin(lo, a->moves[k]);
        hi = fmax(hi, a->moves[k]);
    }
    if (sum > 100.0 || a->n_moves == 0) {
        return false;
    }
    return (lo < 0.0 && hi < 0.0) || (lo > 0.0 && hi > 0.0);
}

/* sum over the others of c s x on a's supply issue, with the exchange's updates. */
static double dothers(const dround_t *r, const dexchange_t *e, const dside_t *a)
{
    size_t n = r->n, d = a->supply;
    double num =
        r->num[d] - r->c[d * n + a->actor] * r->s[d * n + a->actor] * r->x[d * n + a->actor];
    for (size_t k = 0; k < e->n_upd; k++) {
        const dupdate_t *u = &e->upd[k];
        if (u->issue == d && u->actor != a->actor) {
            size_t at = d * n + u->actor;
            num += r->c[at] * r->s[at] * (u->pos - r->x[at]);
        }
    }
    return num;
}

/* calculations.adjusted_nbs: the NBS of a's supply issue with a at `pos`. */
static double dadjust_nbs(const dround_t *r, const dexchange_t *e, const dside_t *a, double pos)
{
    size_t d = a->supply;
    if (!(r->denom[d] != 0.0)) {
        return 0.0;
    }
    return (dothers(r, e, a) + a->c_sup * a->s_sup * pos) / r->denom[d];
}

/* AbstractExchangeActor.check_nbs: a's move must not push the outcome of its supply issue
 * past its partner's position. */
static void dcheck_nbs(dround_t *r, dexchange_t *e, dside_t *a, dside_t *o)
{
    double nbs0 = dadjust_nbs(r, e, a, a->supply_pos), nbs1 = dadjust_nbs(r, e, a, a->y);
    double x = o->demand_pos;
    if ((x - nbs0 >= 0.0 && x - nbs1 >= 0.0) || (x - nbs0 <= 0.0 && x - nbs1 <= 0.0)) {
        return;
    }
    size_t d = a->supply;
    /* calculations.adjusted_nbs_by_position: the position of a that puts the NBS at x. */
    double delta = fabs((x * r->denom[d] - dothers(r, e, a)) / (a->s_sup * a->c_sup));
    e->dp = delta * a->s_sup * a->c_sup / r->denom[d];
    e->dq = (a->s_sup + o->s_dem) / (a->s_dem + o->s_sup) * e->dp;
    o->move = fabs(e->dq * r->denom[o->supply] / (o->c_sup * o->s_sup));
    a->move = delta;
    if (o->supply_pos > a->demand_pos) {
        o->move = -o->move;
    }
    if (a->supply_pos > o->demand_pos) {
        a->move = -a->move;
    }
    dpop(o);
    dpop(a);
    dpush(r, o, o->move);
    dpush(r, a, a->move);
    o->y = o->supply_pos + o->move;
    a->y = a->supply_pos + a->move;
    e->gain = fabs(e->dq * o->s_sup - e->dp * o->s_dem);
    e->valid = dmove_valid(o, o->move) && dmove_valid(a, a->move);
}

/* EqualGainExchange.calculate (without Decide's randomised variant). */
static void dcalculate(dround_t *r, dexchange_t *e)
{
    dside_t *i = &e->i, *j = &e->j;
    double sum_p = r->denom[j->supply], sum_q = r->denom[i->supply];
    e->dp = fabs(i->demand_pos - j->supply_pos) * j->s_sup * j->c_sup / sum_p;
    e->dq = (j->s_sup + i->s_dem) / (j->s_dem + i->s_sup) * e->dp;
    i->move = e->dq * sum_q / (i->c_sup * i->s_sup);
    j->move = fabs(i->demand_pos - j->supply_pos);
    if (fabs(i->move) > fabs(j->demand_pos - i->supply_pos)) {
        e->dq = fabs(j->demand_pos - i->supply_pos) * i->s_sup * i->c_sup / sum_q;
        e->dp = (i->s_sup + j->s_dem) / (i->s_dem + j->s_sup) * e->dq;
        i->move = fabs(j->demand_pos - i->supply_pos);
        j->move = e->dp * sum_p / (j->c_sup * j->s_sup);
    }
    if (i->supply_pos > j->demand_pos) {
        i->move = -i->move;
    }
    if (j->supply_pos > i->demand_pos) {
        j->move = -j->move;
    }
    dpush(r, i, i->move);
    dpush(r, j, j->move);
    i->y = i->supply_pos + i->move;
    j->y = j->supply_pos + j->move;
    e->gain = fabs(e->dq * i->s_sup - e->dp * i->s_dem);
    e->valid = dmove_valid(i, i->move) && dmove_valid(j, j->move);
    if (e->gain < 1e-10) {
        e->valid = false;
    }
    if (!e->valid) {
        return;
    }
    dcheck_nbs(r, e, i, j);
    dcheck_nbs(r, e, j, i);
    e->valid = dmove_valid(i, i->move) && dmove_valid(j, j->move);
}

static void dset_update(dround_t *r, dexchange_t *e, uint16_t issue, uint32_t actor, double pos)
{
    for (size_t k = 0; k < e->n_upd; k++) {
        if (e->upd[k].issue == issue && e->upd[k].actor == actor) {
            e->upd[k].pos = pos;
            return;
        }
    }
    if (ns_grow(r->ctx, (void **)&e->upd, &e->cap_upd, e->n_upd + 1, sizeof *e->upd) != NS_OK) {
        r->st = NS_ENOMEM;
        return;
    }
    e->upd[e->n_upd++] = (dupdate_t){actor, issue, pos};
}

static const dupdate_t *dfind_update(const dexchange_t *e, uint16_t issue, uint32_t actor)
{
    for (size_t k = 0; k < e->n_upd; k++) {
        if (e->upd[k].issue == issue && e->upd[k].actor == actor) {
            return &e->upd[k];
        }
    }
    return NULL;
}

/* The demand side of e learns where the carried-out side `mover` now stands
 * (AbstractExchange.recalculate and update_updates). */
static void dlearn(dround_t *r, dexchange_t *e, const dside_t *mover)
{
    const dupdate_t *had = dfind_update(e, mover->supply, mover->actor);
    double pos = mover->y;
    if (had != NULL) {
        double before = had->pos;
        if (mover->start_pos <= before) {
            pos = before < mover->y ? before : mover->y;
        } else {
            pos = before > mover->y ? before : mover->y;
        }
    }
    dset_update(r, e, mover->supply, mover->actor, pos);
}

static bool dsame_supply(const dside_t *a, const dside_t *b)
{
    return a->actor == b->actor && a->supply == b->supply;
}

static bool dsame_demand(const dside_t *a, const dside_t *b)
{
    return a->actor == b->actor && a->demand == b->demand;
}

/* AbstractExchange.recalculate: e after the exchange done was carried out. */
static void drecalculate(dround_t *r, dexchange_t *e, const dexchange_t *done)
{
    bool re_i = false, re_j = false;
    const dside_t *src[2] = {&done->i, &done->j};
    dside_t *mine[2] = {&e->i, &e->j};
    bool *flag[2] = {&re_i, &re_j};
    for (int m = 0; m < 2; m++) {
        for (int k = 0; k < 2; k++) {
            if (dsame_supply(mine[m], src[k])) {
                mine[m]->supply_pos = src[k]->y;
                dpush(r, mine[m], src[k]->n_moves > 0 ? src[k]->moves[src[k]->n_moves - 1] : 0.0);
                *flag[m] = true;
                break;
            }
        }
    }
    bool re_calc = re_i || re_j;
    if (re_calc) {
        dpop(&e->i);
        dpop(&e->j);
    }
    if (dsame_demand(&done->j, &e->j) || dsame_demand(&done->j, &e->i)) {
        dlearn(r, e, &done->i);
        if (!re_calc) {
            dpop(&e->i);
            dpop(&e->j);
            re_calc = true;
        }
    }
    if (dsame_demand(&done->i, &e->j) || dsame_demand(&done->i, &e->i)) {
        dlearn(r, e, &done->j);
        if (!re_calc) {
            dpop(&e->i);
            dpop(&e->j);
            re_calc = true;
        }
    }
    if (re_calc) {
        dcalculate(r, e);
    }
}

/* The NBS of every issue at the positions dx, on the issue's own scale (NaN: nobody). */
static void decide_nbs(const exchange_state_t *st, double *out)
{
    size_t n = st->n;
    for (size_t d = 0; d < st->m; d++) {
        double den = 0.0, num = 0.0;
        bool any = false;
        for (size_t a = 0; a < n; a++) {
            size_t at = d * n + a;
            if (st->dx[at] == st->dx[at]) {
                den += st->dc[at] * st->ds[at];
                num += st->dc[at] * st->ds[at] * st->dx[at];
                any = true;
            }
        }
        double nbs = den != 0.0 ? num / den : 0.0;
        /* Issue.de_normalize. */
        out[d] = any ? st->lo[d] + nbs * st->span[d] / 100.0 : NAN;
    }
}

/* One round of variant=decide (ModelLoop.loop). */
static ns_status decide_step(exchange_state_t *st)
{
    size_t n = st->n, m = st->m;
    dround_t r = {st->ctx, n, st->dx, st->ds, st->dc, st->wsum, st->dnum, NS_OK};
    /* 1. The NBS of every issue at the round's start, and who stands left of it. */
    for (size_t d = 0; d < m; d++) {
        double den = 0.0, num = 0.0;
        for (size_t a = 0; a < n; a++) {
            size_t at = d * n + a;
            if (st->dx[at] == st->dx[at]) {
                den += st->dc[at] * st->ds[at];
                num += st->dc[at] * st->ds[at] * st->dx[at];
            }
        }
        st->wsum[d] = den;
        st->dnum[d] = num;
        double nbs = den != 0.0 ? num / den : 0.0;
        for (size_t a = 0; a < n; a++) {
            size_t at = d * n + a;
            st->left[at] = st->dx[at] == st->dx[at] && st->dx[at] <= nbs;
        }
    }
    /* 2. The candidates, in Decide's order: issue pairs, then groups A-D and B-C, then
     * actors. */
    size_t n_ex = 0;
    for (size_t p = 0; p < m; p++) {
        for (size_t q = p + 1; q < m; q++) {
            for (int kind = 0; kind < 2; kind++) {
                /* kind 0: right on both with left on both; kind 1: (left on p, right on q)
                 * with (right on p, left on q). */
                for (size_t i = 0; i < n; i++) {
                    size_t ip = p * n + i, iq = q * n + i;
                    if (st->dx[ip] != st->dx[ip] || st->dx[iq] != st->dx[iq] ||
                        st->left[ip] != (kind == 1) || st->left[iq] != false) {
                        continue;
                    }
                    for (size_t j = 0; j < n; j++) {
                        size_t jp = p * n + j, jq = q * n + j;
                        if (st->dx[jp] != st->dx[jp] || st->dx[jq] != st->dx[jq] ||
                            st->left[jp] != (kind == 0) || st->left[jq] != true) {
                            continue;
                        }
                        if (ns_grow(st->ctx, (void **)&st->ex, &st->cap_ex, n_ex + 1,
                                    sizeof *st->ex) != NS_OK) {
                            return NS_ENOMEM;
                        }
                        if (n_ex >= st->n_ex_alloc) {
                            memset(&st->ex[n_ex], 0, sizeof *st->ex);
                            st->n_ex_alloc = n_ex + 1;
                        }
                        dexchange_t *e = &st->ex[n_ex++];
                        /* Who demands p: the one with the larger s_p / s_q. */
                        size_t dem = i, sup = j;
                        if (st->ds[ip] / st->ds[iq] < st->ds[jp] / st->ds[jq]) {
                            dem = j;
                            sup = i;
                        }
                        dside_t *sides[2] = {&e->i, &e->j};
                        size_t who[2] = {dem, sup}, supply[2] = {q, p}, demand[2] = {p, q};
                        for (int k = 0; k < 2; k++) {
                            dside_t *a = sides[k];
                            size_t s_at = supply[k] * n + who[k], d_at = demand[k] * n + who[k];
                            a->actor = (uint32_t)who[k];
                            a->supply = (uint16_t)supply[k];
                            a->demand = (uint16_t)demand[k];
                            a->supply_pos = a->start_pos = st->dx[s_at];
                            a->demand_pos = st->dx[d_at];
                            a->s_sup = st->ds[s_at];
                            a->c_sup = st->dc[s_at];
                            a->s_dem = st->ds[d_at];
                            a->y = a->move = 0.0;
                            a->n_moves = 0;
                        }
                        e->n_upd = 0;
                        e->gain = e->dp = e->dq = 0.0;
                        dcalculate(&r, e);
                        if (r.st != NS_OK) {
                            return r.st;
                        }
                    }
                }
            }
        }
    }
    /* 3-4. Carry out the best candidate, recalculate the others, until none is left. */
    if (ns_grow(st->ctx, (void **)&st->order, &st->cap_order, 2 * n_ex + 1, sizeof *st->order) !=
        NS_OK) {
        return NS_ENOMEM;
    }
    size_t *order = st->order, *done = st->order + n_ex;
    size_t n_order = n_ex, n_done = 0;
    for (size_t k = 0; k < n_ex; k++) {
        order[k] = k;
    }
    while (n_order > 0) {
        /* Decide sorts its list by gain, highest first, with Python's stable sort, and
         * takes the first (EqualGainModel.highest_gain): among equal gains the one that
         * stood first in the list, which keeps the order of the earlier sorts. An
         * insertion sort is stable and fast on a list that was sorted a moment ago. */
        for (size_t k = 1; k < n_order; k++) {
            size_t moving = order[k], at = k;
            while (at > 0 && st->ex[order[at - 1]].gain < st->ex[moving].gain) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = moving;
        }
        size_t chosen = order[0];
        memmove(&order[0], &order[1], (n_order - 1) * sizeof *order);
        n_order--;
        if (!st->ex[chosen].valid) {
            continue;
        }
        size_t kept = 0;
        for (size_t k = 0; k < n_order; k++) {
            dexchange_t *e = &st->ex[order[k]];
            if (!e->valid) {
                continue;
            }
            drecalculate(&r, e, &st->ex[chosen]);
            if (r.st != NS_OK) {
                return r.st;
            }
            if (e->valid) {
                order[kept++] = order[k];
            }
        }
        n_order = kept;
        done[n_done++] = chosen;
    }
    if (n_done == 0) {
        return NS_DONE; /* Nothing moves: every later round would be this one. */
    }
    /* 5. Vote at y: the round's outcome; then the next round's starting positions. */
    for (size_t k = 0; k < n_done; k++) {
        const dexchange_t *e = &st->ex[done[k]];
        st->dx[e->i.supply * n + e->i.actor] = e->i.y;
        st->dx[e->j.supply * n + e->j.actor] = e->j.y;
        st->exchanges[e->i.supply] += 1.0;
        st->exchanges[e->j.supply] += 1.0;
    }
    decide_nbs(st, st->out);
    for (size_t k = 0; k < n_done; k++) {
        const dexchange_t *e = &st->ex[done[k]];
        const dside_t *sides[2] = {&e->i, &e->j};
        for (int s = 0; s < 2; s++) {
            const dside_t *a = sides[s];
            /* calculations.new_start_position, SALIENCE_WEIGHT 0.4, FIXED_WEIGHT 0.1. */
            double keep = 1.0 - (1.0 - a->s_sup) * 0.4 - 0.1;
            st->dx[a->supply * n + a->actor] =
                (1.0 - a->s_sup) * 0.4 * a->y + 0.1 * a->y + keep * a->start_pos;
        }
    }
    decide_nbs(st, st->pref);
    st->rounds++;
    if (st->rounds_max > 0 && st->rounds >= st->rounds_max) {
        return NS_DONE;
    }
    return NS_CONTINUE;
}

static int cand_cmp(const void *a, const void *b)
{
    const ns__exchange_t *ea = a, *eb = b;
    double ga = ea->gain_i + ea->gain_j, gb = eb->gain_i + eb->gain_j;
    if (ga != gb) {
        return ga > gb ? -1 : 1;
    }
    /* A fixed order among equal gains keeps runs reproducible across qsort versions. */
    if (ea->i != eb->i) {
        return ea->i < eb->i ? -1 : 1;
    }
    return ea->j < eb->j ? -1 : (ea->j > eb->j);
}

static void exchange_destroy(void *state, ns_ctx_t *ctx)
{
    exchange_state_t *st = state;
    (void)ctx;
    ns_free(st->ctx, st->x);
    ns_free(st->ctx, st->out);
    ns_free(st->ctx, st->touched);
    ns_free(st->ctx, st->given);
    ns_free(st->ctx, st->cand);
    for (size_t k = 0; k < st->n_ex_alloc; k++) {
        ns_free(st->ctx, st->ex[k].i.moves);
        ns_free(st->ctx, st->ex[k].j.moves);
        ns_free(st->ctx, st->ex[k].upd);
    }
    ns_free(st->ctx, st->ex);
    ns_free(st->ctx, st->order);
    ns_free(st->ctx, st->dx);
    ns_free(st->ctx, st->dnum);
    ns_free(st->ctx, st->left);
    memset(st, 0, sizeof *st);
}

static ns_status exchange_init(void *state, ns_ctx_t *ctx, const ns_table_t *table,
                               const double *values, ns_rng_t *rng)
{
    exchange_state_t *st = state;
    ns_status rc = NS_OK;
    memset(st, 0, sizeof *st);
    st->ctx = ctx;
    st->rng = rng;
    st->n = table->n_actors;
    st->m = table->n_issues;
    st->variant = (int)values[NS__EXCHANGE_VARIANT];
    st->rounds_max = (int)values[NS__EXCHANGE_ROUNDS];
    st->rate_random = values[NS__EXCHANGE_RATE];
    st->min_gain = values[NS__EXCHANGE_MIN_GAIN];
    if (st->n > NS_MODEL_MAX_ACTORS_QUADRATIC) {
        /* Each round is O(actors^2) per pair of issues: refused before hours of work. */
        rc = ns_error(ctx, NS_ELIMIT,
                      "exchange: %zu actors is over the model's limit of %d (each round costs "
                      "actors^2 per pair of issues); use a smaller table",
                      st->n, NS_MODEL_MAX_ACTORS_QUADRATIC);
        goto cleanup;
    }
    if (st->m > UINT16_MAX || st->n > UINT32_MAX) {
        rc = ns_error(ctx, NS_ELIMIT, "exchange: at most %u issues", (unsigned)UINT16_MAX);
        goto cleanup;
    }
    size_t cells = st->n * st->m;
    size_t c1 = cells > 0 ? cells : 1, m1 = st->m > 0 ? st->m : 1;
    size_t pairs = st->n > 1 ? st->n * (st->n - 1) / 2 : 1;
    st->x = ns_calloc(ctx, 3 * c1, sizeof(double));
    st->out = ns_calloc(ctx, 5 * m1, sizeof(double));
    st->touched = ns_calloc(ctx, m1, 1);
    st->given = ns_calloc(ctx, c1, 1);
    st->cand = ns_calloc(ctx, pairs, sizeof *st->cand);
    if (st->x == NULL || st->out == NULL || st->touched == NULL || st->given == NULL ||
        st->cand == NULL) {
        rc = NS_ENOMEM;
        goto cleanup;
    }
    st->s = st->x + c1;
    st->w = st->x + 2 * c1;
    st->wsum = st->out + m1;
    st->range = st->out + 2 * m1;
    st->start = st->out + 3 * m1;
    st->exchanges = st->out + 4 * m1;
    for (size_t d = 0; d < st->m; d++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t a = 0; a < st->n; a++) {
            size_t at = ns_table_at(table, d, a);
            bool in = ns__takes_part(table, d, a);
            double cap = table->capability[at];
            st->x[at] = in ? table->position[at] : NAN;
            st->s[at] = in ? table->salience[at] : 0.0;
            st->w[at] = in && cap == cap ? cap * table->salience[at] : 0.0;
            if (in) {
                lo = fmin(lo, st->x[at]);
                hi = fmax(hi, st->x[at]);
            }
        }
        double range = table->scale_max[d] - table->scale_min[d];
        if (!(range > 0.0) || !isfinite(range) || hi - lo > range) {
            range = hi - lo;
        }
        st->range[d] = range > 0.0 ? range : 1.0;
    }
    outcomes(st->n, st->m, st->x, st->w, st->out, st->wsum);
    memcpy(st->start, st->out, st->m * sizeof(double));
    if (st->variant == NS__EXCHANGE_DECIDE) {
        st->dx = ns_calloc(ctx, 3 * c1, sizeof(double));
        st->dnum = ns_calloc(ctx, 4 * m1, sizeof(double));
        st->left = ns_calloc(ctx, c1, 1);
        if (st->dx == NULL || st->dnum == NULL || st->left == NULL) {
            rc = NS_ENOMEM;
            goto cleanup;
        }
        st->ds = st->dx + c1;
        st->dc = st->dx + 2 * c1;
        st->pref = st->dnum + m1;
        st->lo = st->dnum + 2 * m1;
        st->span = st->dnum + 3 * m1;
        for (size_t d = 0; d < st->m; d++) {
            /* Decide normalises every issue to 0..100 on its scale (Issue.normalize). */
            double lo = table->scale_min[d], span = table->scale_max[d] - lo;
            if (!(span > 0.0) || !isfinite(span)) {
                lo = 0.0;
                span = 100.0;
            }
            st->lo[d] = lo;
            st->span[d] = span;
            for (size_t a = 0; a < st->n; a++) {
                size_t at = ns_table_at(table, d, a);
                double sal = table->salience[at], cap = table->capability[at];
                /* Decide leaves out a row of salience 0; a power of 0 would divide by zero
                 * in its exchange rates, so such an actor sits out too. */
                bool in = ns__takes_part(table, d, a) && sal > 0.0 && cap == cap && cap > 0.0;
                st->dx[at] = in ? (table->position[at] - lo) * (100.0 / span) : NAN;
                st->ds[at] = in ? sal : 0.0;
                st->dc[at] = in ? cap : 0.0;
            }
        }
        decide_nbs(st, st->start);
        memcpy(st->out, st->start, st->m * sizeof(double));
        memcpy(st->pref, st->start, st->m * sizeof(double));
    }

cleanup:
    if (rc != NS_OK) {
        exchange_destroy(st, ctx);
    }
    return rc;
}

static ns_status exchange_step(void *state, ns_ctx_t *ctx)
{
    exchange_state_t *st = state;
    size_t n = st->n, m = st->m, n_cand = 0;
    (void)ctx;
    if (st->variant == NS__EXCHANGE_DECIDE) {
        return decide_step(st);
    }
    /* Every pair proposes its best exchange at this round's outcomes. */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            double u = st->rate_random != 0.0 ? ns_rng_uniform(st->rng) : -1.0;
            ns__exchange_t best = {0};
            double best_total = st->min_gain;
            bool found = false;
            for (size_t p = 0; p < m; p++) {
                for (size_t q = 0; q < m; q++) {
                    ns__exchange_t ex;
                    /* Both orientations: i gains on p, or j gains on p. */
                    if (!st->given[q * n + i] && !st->given[p * n + j] &&
                        ns__exchange_evaluate(n, st->x, st->s, st->w, st->out, st->wsum, st->range,
                                              i, j, p, q, u, &ex) &&
                        ex.gain_i + ex.gain_j > best_total) {
                        best = ex;
                        best_total = ex.gain_i + ex.gain_j;
                        found = true;
                    }
                }
            }
            if (found) {
                st->cand[n_cand++] = best;
            }
        }
    }
    if (n_cand == 0) {
        return NS_DONE;
    }
    qsort(st->cand, n_cand, sizeof *st->cand, cand_cmp);
    memset(st->touched, 0, m);
    for (size_t k = 0; k < n_cand; k++) {
        const ns__exchange_t *ex = &st->cand[k];
        if (st->touched[ex->p] || st->touched[ex->q]) {
            continue;
        }
        st->touched[ex->p] = st->touched[ex->q] = 1;
        st->given[ex->p * n + ex->j] = st->given[ex->q * n + ex->i] = 1;
        st->x[ex->p * n + ex->j] = ex->new_jp;
        st->x[ex->q * n + ex->i] = ex->new_iq;
        st->exchanges[ex->p] += 1.0;
        st->exchanges[ex->q] += 1.0;
    }
    outcomes(n, m, st->x, st->w, st->out, st->wsum);
    st->rounds++;
    return NS_CONTINUE;
}

static ns_status exchange_result(void *state, ns_ctx_t *ctx, double *forecast, double *extra)
{
    exchange_state_t *st = state;
    (void)ctx;
    for (size_t d = 0; d < st->m; d++) {
        forecast[d] = st->out[d];
        extra[d * 4 + 0] = st->rounds;
        extra[d * 4 + 1] = st->exchanges[d];
        extra[d * 4 + 2] = st->start[d];
        extra[d * 4 + 3] = st->variant == NS__EXCHANGE_DECIDE ? st->pref[d] : st->out[d];
    }
    return NS_OK;
}

const double *ns__exchange_positions(const void *state)
{
    return ((const exchange_state_t *)state)->x;
}

static const char *const rate_choices[] = {"equal", "random", NULL};
static const char *const variant_choices[] = {"decide", "single", NULL};

static const ns_param_spec_t exchange_params[NS__EXCHANGE_NPARAMS] = {
    {"variant", NS__EXCHANGE_DECIDE, 0, 1, variant_choices,
     "decide (default): every valid exchange of a round, best first, as the Decide "
     "equal-gain model computes it; single: normsim's earlier model, at most one exchange "
     "per issue per round"},
    {"rate", 0, 0, 1, rate_choices,
     "single only: exchange rate, equal gains for both actors (equal, default, Stokman and "
     "Van Oosten) or drawn between the two break-even rates from the run's seed (random)"},
    {"min_gain", 1e-9, 0, 1, NULL,
     "single only: smallest total expected-utility gain worth an exchange; the model stops "
     "below it (decide: Decide's 1e-10)"},
    {"rounds", 10, 0, 1e6, NULL,
     "decide only: rounds to run, as Decide's --iterations (default 10); 0: until a round "
     "carries out no exchange"},
};

static const char *const exchange_columns[] = {"rounds", "exchanges", "initial", "preference"};

const ns_model_type_t ns_model_exchange = {
    .abi_version = NS_MODEL_ABI,
    .name = "exchange",
    .version = "2.0",
    .summary = "exchange of voting positions across pairs of issues; forecast: the "
               "compromise mean after the exchanges",
    .cite = "Stokman and Van Oosten (1994), The exchange of voting positions, in European "
            "Community Decision Making, Yale UP, 105-127; variant=decide as the Decide "
            "exchange model computes it (foarsitter/decide-exchange-model, equal gain)",
    .params = exchange_params,
    .n_params = NS__EXCHANGE_NPARAMS,
    .columns = exchange_columns,
    .n_columns = 4,
    .state_size = sizeof(exchange_state_t),
    .init = exchange_init,
    .step = exchange_step,
    .result = exchange_result,
    .destroy = exchange_destroy,
};
