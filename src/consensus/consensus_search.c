/* Consensus drafting (normsim's model 7): the chair's search over keep / summary / drop,
 * the result, and the Monte Carlo over position uncertainty.
 *
 * The chair's objective is lexicographic (docs/CONSENSUS.md): a report rather than none;
 * then as many negotiated paragraphs as possible; then the largest Nash product
 * (Nash 1950) of the members' margins; then the largest worst margin. Three facts cut the
 * 3^D choices down (proved in docs/CONSENSUS.md):
 *   1. dropping a paragraph never helps: keeping it at y_d = q_d gives every member the
 *      same margin, and the kept paragraph can do better;
 *   2. the summary is never worse than dropping for any member (it counts as q_d or as a
 *      point between q_d and z_d that the member prefers to q_d), so with a summary
 *      available only keep and summary are searched;
 *   3. when the members' intervals {p : |p - x_id| <= |e_id - x_id|} intersect, keeping
 *      paragraph d beats the summary for every member, so d is never moved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "consensus/consensus_internal.h"

#include <limits.h>
#include <math.h>
#include <string.h>

/* Progress of one search. */
typedef struct search {
    ns_consensus_ws_t *ws;
    ns_consensus_result_t *res;
    long sweeps, choices;
    bool converged;
    /* Only the verdict is wanted: stop once a certificate proves that no choice the
     * greedy can still reach is feasible (then ruled_out is set). */
    bool verdict_only, ruled_out;
} search_t;

/* A certified bound below -2000 tol leaves no room for the solver's verdict to be
 * "feasible" (docs/CONSENSUS.md, section 5: a choice is feasible iff L >= -tol, or the
 * gap is under 1000 tol and centred at >= -tol, so L >= -501 tol). */
static double certain_infeasible(const ns_consensus_ws_t *ws)
{
    return -2000.0 * ws->tol_g;
}

static void solve(search_t *sr, const ns_para_action_t *action, int mode, const double *start,
                  ns__cons_sol_t *sol)
{
    ns__cons_solve_choice(sr->ws, action, mode, start, sol);
    sr->sweeps += sol->sweeps;
    sr->choices++;
    sr->converged = sr->converged && sol->converged;
}

/* An estimate of M* of an infeasible choice for ranking moves: the lower bound is a
 * value actually reached by a draft, so the ranking never trusts an optimistic bound. */
static double mstar_estimate(const ns__cons_sol_t *sol)
{
    return sol->lower;
}

/* Is a better than b for the chair (both feasible, same number kept)? */
static bool better_feasible(const ns__cons_sol_t *a, const ns__cons_sol_t *b)
{
    if (a->nash != b->nash) {
        return a->nash > b->nash;
    }
    return a->lower > b->lower;
}

/* The greedy's comparison of two candidate moves: feasible beats infeasible, then the
 * larger Nash product and worst margin, or for infeasible ones the larger M*. */
static bool better_move(const ns__cons_sol_t *a, const ns__cons_sol_t *b)
{
    if (a->feasible != b->feasible) {
        return a->feasible;
    }
    if (a->feasible) {
        return better_feasible(a, b);
    }
    return mstar_estimate(a) > mstar_estimate(b);
}

/* The dual bound h_A(lambda) = sum_i lambda_i C_i(A) - sum_{d kept} cost_d(lambda) of a
 * choice A for the weights ws->plam (docs/CONSENSUS.md, section 5): >= M*(A). Also fills
 * cost[d] for the kept paragraphs and sumcost[d] = sum_i lambda_i e_id for every one. */
static double plam_bound(ns_consensus_ws_t *ws, const ns_para_action_t *action, double *cost,
                         double *sumcost)
{
    size_t D = ws->D;
    const double *lam = ws->plam;
    double h = 0.0;
    for (size_t k = 0; k < D; k++) {
        sumcost[k] = 0.0;
    }
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t i = ws->act[a];
        double c = ws->base[i];
        for (size_t k = 0; k < D; k++) {
            double e = ws->summary_loss[i * D + k];
            sumcost[k] += lam[i] * e;
            if (action[k] == NS_PARA_SUMMARY) {
                c -= e;
            } else if (action[k] == NS_PARA_DROP) {
                c -= ws->drop_loss[i * D + k];
            }
        }
        h += lam[i] * c;
    }
    for (size_t k = 0; k < D; k++) {
        cost[k] = 0.0;
        if (action[k] == NS_PARA_KEEP) {
            cost[k] = ns__cons_para_cost(ws, lam, k);
            h -= cost[k];
        }
    }
    return h;
}

/* The tangent bound on Nash products (docs/CONSENSUS.md, section 8). ln is concave, so
 * ln g <= ln a + g / a - 1 for every g, a > 0; summed over the members who can block,
 *     sum_i ln g_i(y) <= sum_i (ln a_i - 1) + sum_i g_i(y) / a_i
 *                     <= sum_i (ln a_i - 1) + sum_i C_i / a_i - sum_{d kept} cost_d(1 / a)
 * for every text y of a choice (cost_d: the weighted median or mean problem of the dual
 * bound, with weights 1 / a_i). With a = the margins at the Nash text of one choice the
 * bound is exact for that choice (its optimality conditions say that the Nash text
 * maximises sum_i g_i / a_i), and it bounds every other choice's Nash product. This
 * sets ws->nw to 1 / a for the margins of choice `action` at text y, and returns
 * sum_i (ln a_i - 1), or NAN when a margin is not positive (no bound). */
static double tangent_setup(ns_consensus_ws_t *ws, const ns_para_action_t *action, const double *y)
{
    double c = 0.0;
    ns__cons_margins(ws, action, y, ws->nw);
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t i = ws->act[a];
        double g = ws->nw[i];
        if (!(g > 0.0)) {
            return NAN;
        }
        c += log(g) - 1.0;
        ws->nw[i] = 1.0 / g;
    }
    return c;
}

/* The tangent bound (above) of choice `action` with the weights ws->nw: >= the Nash
 * product sum_i ln g_i of every text of that choice. */
static double tangent_bound(ns_consensus_ws_t *ws, const ns_para_action_t *action, double c)
{
    size_t D = ws->D;
    double h = c;
    for (size_t a = 0; a < ws->n_act; a++) {
        size_t i = ws->act[a];
        h += ns__cons_constant(ws, action, i) * ws->nw[i];
    }
    for (size_t k = 0; k < D; k++) {
        if (action[k] == NS_PARA_KEEP) {
            h -= ns__cons_para_cost(ws, ws->nw, k);
        }
    }
    return h;
}

static double worst_at(const ns_consensus_ws_t *ws, const ns_para_action_t *action,
                       const double *y);

/* Certified upper bounds on M* of the choices the greedy has met (solved, cut short or
 * skipped by a bound), by their set of summary paragraphs: the add-back pass need not
 * solve a choice already proved infeasible. At most D(D+1)/2 + D + 1 entries. */
#define MEMO_MAX (NS_CONSENSUS_MAX_DIMS * (NS_CONSENSUS_MAX_DIMS + 3) / 2 + 1)
typedef struct memo {
    uint32_t mask[MEMO_MAX];
    double upper[MEMO_MAX];
    size_t n;
} memo_t;

static uint32_t summary_mask(size_t D, const ns_para_action_t *action)
{
    uint32_t mask = 0;
    for (size_t k = 0; k < D; k++) {
        mask |= action[k] == NS_PARA_SUMMARY ? 1u << k : 0u;
    }
    return mask;
}

static void memo_put(memo_t *mo, size_t D, const ns_para_action_t *action, double upper)
{
    uint32_t mask = summary_mask(D, action);
    for (size_t e = 0; e < mo->n; e++) {
        if (mo->mask[e] == mask) {
            mo->upper[e] = fmin(mo->upper[e], upper);
            return;
        }
    }
    if (mo->n < MEMO_MAX) {
        mo->mask[mo->n] = mask;
        mo->upper[mo->n++] = upper;
    }
}

static double memo_get(const memo_t *mo, size_t D, const ns_para_action_t *action)
{
    uint32_t mask = summary_mask(D, action);
    for (size_t e = 0; e < mo->n; e++) {
        if (mo->mask[e] == mask) {
            return mo->upper[e];
        }
    }
    return INFINITY;
}

/* Greedy: move to the summary, one at a time, the paragraph whose move most raises the
 * worst margin of the best draft, until a draft is feasible; then try to bring each
 * moved paragraph back. O(D^2) solves at most. Leaves the chosen choice in action, its
 * solution (mode NASH or FULL) in best, and the least-violating choice seen in
 * worst_action / worst.
 *
 * The candidates of one step are ranked by a certified upper bound on their M*: the
 * dual bound with the parent's barrier weights lambda (valid for any lambda in the
 * simplex), h_parent(lambda) + cost_k(lambda) - sum_i lambda_i e_ik for the move of k.
 * They are solved in decreasing order of that bound, and a candidate whose bound is
 * below both the best M* already reached and -2000 tol (so that it is certainly
 * infeasible) cannot win the comparison and is skipped; a solve is also cut short as
 * soon as its own upper bound falls below that level. The moves made are therefore
 * exactly those of solving every candidate (ties go to the lowest paragraph, as in a
 * scan in order). */
static void search_greedy(search_t *sr, const bool *movable, ns_para_action_t *action,
                          ns__cons_sol_t *best)
{
    ns_consensus_ws_t *ws = sr->ws;
    size_t D = ws->D;
    ns_para_action_t trial[NS_CONSENSUS_MAX_DIMS], pick[NS_CONSENSUS_MAX_DIMS];
    ns__cons_sol_t cur, cand, chosen;
    ns_para_action_t worst_action[NS_CONSENSUS_MAX_DIMS];
    ns__cons_sol_t worst;
    double floor = certain_infeasible(ws);

    bool any_movable = false;
    for (size_t k = 0; k < D; k++) {
        any_movable = any_movable || movable[k];
    }
    /* With nothing to move and only the verdict wanted, the first solve may stop as soon
     * as it certifies the choice infeasible. */
    ws->cut = sr->verdict_only && !any_movable ? floor : -INFINITY;
    solve(sr, action, NS__CONS_FULL, NULL, &cur);
    ws->cut = -INFINITY;
    if (cur.cut_off) {
        sr->ruled_out = true;
        *best = cur;
        return;
    }
    memcpy(worst_action, action, sizeof worst_action);
    worst = cur;
    memo_t memo;
    memo.n = 0;
    memo_put(&memo, D, action, cur.upper);
    /* The weights of cur's barrier path, kept in ws->plam (the candidates' solves
     * overwrite ws->lam; the chosen one's are copied to ws->clam). */
    bool bounded = ws->lam_valid;
    if (bounded) {
        memcpy(ws->plam, ws->lam, ws->m * sizeof(double));
    }
    while (!cur.feasible) {
        /* Candidates and their bounds (INFINITY: none known). */
        size_t cands[NS_CONSENSUS_MAX_DIMS], nc = 0;
        double ub[NS_CONSENSUS_MAX_DIMS];
        double cost[NS_CONSENSUS_MAX_DIMS], sumcost[NS_CONSENSUS_MAX_DIMS], h = INFINITY;
        if (bounded) {
            h = plam_bound(ws, action, cost, sumcost);
        }
        double union_bound = h;
        for (size_t k = 0; k < D; k++) {
            if (!movable[k] || action[k] != NS_PARA_KEEP) {
                continue;
            }
            ub[nc] = bounded ? h + cost[k] - sumcost[k] : INFINITY;
            union_bound += bounded ? fmax(0.0, cost[k] - sumcost[k]) : 0.0;
            /* Insertion by bound, largest first; equal bounds keep paragraph order. */
            size_t p = nc++;
            while (p > 0 && ub[p - 1] < ub[p]) {
                double tu = ub[p - 1];
                size_t tk = cands[p - 1];
                ub[p - 1] = ub[p];
                cands[p - 1] = k;
                ub[p] = tu;
                cands[p] = tk;
                p--;
            }
            cands[p] = k;
        }
        if (nc == 0) {
            break; /* Nothing left to move: no consensus. */
        }
        /* Candidates for which the parent's draft already gives every member a margin
         * above tol are feasible (the solver starts inside and goes straight to the
         * Nash text): solved first, their Nash products let the tangent bound discard
         * the others. The order of the solves does not change the move: the
         * comparison is a total order (ties to the lower paragraph). */
        size_t nfirst = 0;
        for (size_t c = 0; c < nc; c++) {
            memcpy(trial, action, sizeof trial);
            trial[cands[c]] = NS_PARA_SUMMARY;
            if (worst_at(ws, trial, cur.y) > ws->tol_g) {
                size_t tk = cands[c];
                double tu = ub[c];
                for (size_t p = c; p > nfirst; p--) {
                    cands[p] = cands[p - 1];
                    ub[p] = ub[p - 1];
                }
                cands[nfirst] = tk;
                ub[nfirst] = tu;
                nfirst++;
            }
        }
        /* Every choice the greedy can still reach keeps or moves each remaining
         * candidate: its dual bound is at most h plus the gains of the moves that
         * lower the bound. Below -2000 tol none of them is feasible. */
        if (sr->verdict_only && union_bound < floor) {
            sr->ruled_out = true;
            break;
        }
        bool found = false, chosen_bounded = false;
        size_t moved_k = 0;
        double tangent_c = NAN; /* sum (ln a - 1) of the tangent bound, NAN: none. */
        for (size_t c = 0; c < nc; c++) {
            size_t k = cands[c];
            /* Below this level a candidate cannot win. If the best so far is infeasible,
             * its lower bound L: a candidate with M* <= U < L has L' <= M* < L and is
             * infeasible (L < -tol, so U < -tol fails both feasibility tests of
             * section 5). If it is feasible, -tol: such a candidate is infeasible. */
            double level = -INFINITY;
            if (found) {
                level = chosen.feasible ? -ws->tol_g : mstar_estimate(&chosen);
            }
            /* The parent's bound ub bounds M*, not the solver's own upper bound, so
             * it also has to rule out the solver's tolerance band (section 5). */
            memcpy(trial, action, sizeof trial);
            trial[k] = NS_PARA_SUMMARY;
            if (found && ub[c] + ws->tol_g < fmin(level, floor)) {
                memo_put(&memo, D, trial, ub[c]);
                continue;
            }
            /* A feasible best so far: a candidate whose Nash product is bounded below
             * it cannot win (strictly: ties would go to the lower paragraph), feasible
             * or not; the margin covers the rounding of the bound. */
            if (found && chosen.feasible && !isnan(tangent_c) &&
                tangent_bound(ws, trial, tangent_c) + 1e-9 * (1.0 + fabs(chosen.nash)) <
                    chosen.nash) {
                continue;
            }
            ws->cut = level;
            solve(sr, trial, NS__CONS_FULL, cur.y, &cand);
            ws->cut = -INFINITY;
            memo_put(&memo, D, trial, cand.upper);
            if (cand.cut_off) {
                continue;
            }
            if (!found || better_move(&cand, &chosen) ||
                (k < moved_k && !better_move(&chosen, &cand))) {
                found = true;
                chosen = cand;
                moved_k = k;
                memcpy(pick, trial, sizeof pick);
                chosen_bounded = ws->lam_valid;
                if (chosen_bounded) {
                    memcpy(ws->clam, ws->lam, ws->m * sizeof(double));
                }
                if (chosen.feasible && chosen.nash > -INFINITY) {
                    tangent_c = tangent_setup(ws, pick, chosen.y);
                }
            }
        }
        double *swap = ws->plam;
        ws->plam = ws->clam;
        ws->clam = swap;
        bounded = chosen_bounded;
        sr->res->move_before[moved_k] = mstar_estimate(&cur);
        sr->res->move_after[moved_k] = chosen.lower;
        memcpy(action, pick, sizeof pick);
        cur = chosen;
        if (!cur.feasible && mstar_estimate(&cur) > mstar_estimate(&worst)) {
            worst = cur;
            memcpy(worst_action, action, sizeof worst_action);
        }
    }
    if (!cur.feasible) {
        memcpy(action, worst_action, sizeof worst_action);
        *best = worst;
        return;
    }
    /* Add-back: a move made early may have become unnecessary. */
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t k = 0; k < D; k++) {
            if (!movable[k] || action[k] != NS_PARA_SUMMARY || ws->forced[k] != NS_PARA_FREE) {
                continue;
            }
            memcpy(trial, action, sizeof trial);
            trial[k] = NS_PARA_KEEP;
            /* Proved below -2000 tol: the solver's verdict cannot be "feasible"
             * (section 5), so the solve would change nothing. */
            if (memo_get(&memo, D, trial) < floor) {
                continue;
            }
            solve(sr, trial, NS__CONS_NASH, cur.y, &cand);
            if (cand.feasible) {
                memcpy(action, trial, sizeof trial);
                sr->res->move_before[k] = NAN;
                sr->res->move_after[k] = NAN;
                cur = cand;
                changed = true;
            }
        }
    }
    *best = cur;
}

/* Exhaustive: every subset of the movable paragraphs, by number moved; stops after the
 * first number at which some choice is feasible. */
static void search_exhaustive(search_t *sr, const bool *movable, ns_para_action_t *action,
                              ns__cons_sol_t *best)
{
    ns_consensus_ws_t *ws = sr->ws;
    size_t D = ws->D;
    size_t idx[NS_CONSENSUS_MAX_DIMS], n = 0;
    for (size_t k = 0; k < D; k++) {
        if (movable[k]) {
            idx[n++] = k;
        }
    }
    ns_para_action_t base[NS_CONSENSUS_MAX_DIMS], trial[NS_CONSENSUS_MAX_DIMS];
    ns_para_action_t best_feas[NS_CONSENSUS_MAX_DIMS], best_inf[NS_CONSENSUS_MAX_DIMS];
    memcpy(base, action, sizeof base);
    ns__cons_sol_t cand, feas, inf;
    bool have_feas = false, have_inf = false;
    for (size_t moved = 0; moved <= n && !have_feas; moved++) {
        for (uint32_t mask = 0; mask < (1u << n); mask++) {
            size_t bits = 0;
            for (uint32_t v = mask; v != 0; v &= v - 1) {
                bits++;
            }
            if (bits != moved) {
                continue;
            }
            memcpy(trial, base, sizeof trial);
            for (size_t j = 0; j < n; j++) {
                if (mask & (1u << j)) {
                    trial[idx[j]] = NS_PARA_SUMMARY;
                }
            }
            solve(sr, trial, NS__CONS_FULL, NULL, &cand);
            if (cand.feasible) {
                if (!have_feas || better_feasible(&cand, &feas)) {
                    feas = cand;
                    memcpy(best_feas, trial, sizeof best_feas);
                    have_feas = true;
                }
            } else if (!have_inf || mstar_estimate(&cand) > mstar_estimate(&inf)) {
                inf = cand;
                memcpy(best_inf, trial, sizeof best_inf);
                have_inf = true;
            }
        }
    }
    if (have_feas) {
        memcpy(action, best_feas, sizeof best_feas);
        *best = feas;
    } else {
        memcpy(action, best_inf, sizeof best_inf);
        *best = inf;
    }
}

/* ---- Result -------------------------------------------------------------------------- */

ns_status ns_consensus_result_init(ns_ctx_t *ctx, ns_consensus_result_t *res, size_t m_max,
                                   size_t s_max)
{
    memset(res, 0, sizeof *res);
    if (m_max == 0 || m_max > NS_CONSENSUS_MAX_MEMBERS || s_max > NS_CONSENSUS_MAX_MEMBERS) {
        return ns_error(ctx, NS_EINVAL, "consensus result: %zu members, %zu stakeholders", m_max,
                        s_max);
    }
    res->ctx = ctx;
    res->margin = ns_calloc(ctx, m_max, sizeof(double));
    res->blockers = ns_calloc(ctx, m_max, sizeof(ns_consensus_blocker_t));
    res->stakeholder_gain = ns_calloc(ctx, s_max > 0 ? s_max : 1, sizeof(double));
    if (res->margin == NULL || res->blockers == NULL || res->stakeholder_gain == NULL) {
        ns_consensus_result_free(res);
        return NS_ENOMEM;
    }
    res->m_max = m_max;
    res->s_max = s_max;
    return NS_OK;
}

void ns_consensus_result_free(ns_consensus_result_t *res)
{
    if (res == NULL || res->ctx == NULL) {
        return;
    }
    ns_free(res->ctx, res->margin);
    ns_free(res->ctx, res->blockers);
    ns_free(res->ctx, res->stakeholder_gain);
    memset(res, 0, sizeof *res);
}

static void fill_blockers(const ns_consensus_ws_t *ws, const ns_consensus_table_t *table,
                          const ns_para_action_t *action, const double *y,
                          ns_consensus_result_t *res)
{
    size_t D = ws->D;
    (void)table;
    res->n_blockers = 0;
    for (size_t i = 0; i < ws->m; i++) {
        if (!(res->margin[i] < -ws->tol_g)) {
            continue;
        }
        ns_consensus_blocker_t *bl = &res->blockers[res->n_blockers++];
        bl->member = i;
        bl->will_needed = -res->margin[i];
        bl->n_paras = 0;
        for (size_t k = 0; k < D; k++) {
            size_t ik = i * D + k;
            double loss;
            if (action[k] == NS_PARA_KEEP) {
                loss = ws->s[ik] * ns__cons_loss(ws->loss, fabs(y[k] - ws->x[ik]));
            } else if (action[k] == NS_PARA_SUMMARY) {
                loss = ws->summary_loss[ik];
            } else {
                loss = ws->drop_loss[ik];
            }
            double obj = loss - ws->out_loss[ik];
            if (obj > ws->tol_g) {
                /* Insertion by objection, largest first. */
                size_t p = bl->n_paras++;
                while (p > 0 && bl->objection[p - 1] < obj) {
                    bl->objection[p] = bl->objection[p - 1];
                    bl->paras[p] = bl->paras[p - 1];
                    p--;
                }
                bl->objection[p] = obj;
                bl->paras[p] = (unsigned char)k;
            }
        }
    }
    /* Largest shortfall first; ties by member index (stable insertion sort). */
    for (size_t a = 1; a < res->n_blockers; a++) {
        ns_consensus_blocker_t tmp = res->blockers[a];
        size_t p = a;
        while (p > 0 && res->blockers[p - 1].will_needed < tmp.will_needed) {
            res->blockers[p] = res->blockers[p - 1];
            p--;
        }
        res->blockers[p] = tmp;
    }
}

static void fill_stakeholders(const ns_consensus_ws_t *ws, const ns_consensus_table_t *table,
                              const ns_consensus_params_t *params, ns_consensus_result_t *res)
{
    size_t D = ws->D;
    res->n_stakeholders = table->n_stakeholders;
    for (size_t j = 0; j < table->n_stakeholders; j++) {
        double gain = 0.0;
        for (size_t k = 0; k < D; k++) {
            double x = table->stakeholder_ideal[j * D + k];
            double s = table->stakeholder_salience[j * D + k];
            double q = ws->q[k], z = ws->z[k], e = q;
            if (res->action[k] == NS_PARA_KEEP) {
                e = res->text[k];
            } else if (res->action[k] == NS_PARA_SUMMARY && fabs(z - x) < fabs(q - x)) {
                e = q + params->summary_record * (z - q);
            }
            gain +=
                s * (ns__cons_loss(ws->loss, fabs(q - x)) - ns__cons_loss(ws->loss, fabs(e - x)));
        }
        res->stakeholder_gain[j] = gain;
    }
}

static ns_status check_capacity(ns_ctx_t *ctx, const ns_consensus_table_t *table,
                                const ns_consensus_result_t *res)
{
    if (res == NULL || res->margin == NULL) {
        return ns_error(ctx, NS_EINVAL, "consensus: result not initialised");
    }
    if (table != NULL && (table->m > res->m_max || table->n_stakeholders > res->s_max)) {
        return ns_error(ctx, NS_ELIMIT,
                        "consensus: result holds %zu members and %zu stakeholders, table has "
                        "%zu and %zu",
                        res->m_max, res->s_max, table->m, table->n_stakeholders);
    }
    return NS_OK;
}

/* The chair's starting choice (fact 1: a free paragraph starts kept and is never
 * dropped) and the paragraphs the search may move to the summary (facts 2 and 3). */
static bool start_choice(const ns_consensus_ws_t *ws, ns_para_action_t *action, bool *movable)
{
    bool any = false;
    for (size_t k = 0; k < ws->D; k++) {
        action[k] = ws->forced[k] == NS_PARA_FREE ? NS_PARA_KEEP : ws->forced[k];
        movable[k] = ws->forced[k] == NS_PARA_FREE && ws->summary_available &&
                     !ns__cons_keep_dominates(ws, k);
        any = any || movable[k];
    }
    return any;
}

/* A verdict of "not adopted" without the diagnostics: the starting choice, text and
 * margins NaN, no blockers. */
static void fill_not_adopted(const ns_consensus_ws_t *ws, ns_consensus_result_t *res)
{
    bool movable[NS_CONSENSUS_MAX_DIMS];
    start_choice(ws, res->action, movable);
    res->m = ws->m;
    res->d = ws->D;
    res->adopted = false;
    for (size_t k = 0; k < ws->D; k++) {
        res->move_before[k] = NAN;
        res->move_after[k] = NAN;
        res->text[k] = NAN;
        res->moved[k] = NAN;
    }
    for (size_t i = 0; i < ws->m; i++) {
        res->margin[i] = NAN;
    }
    res->worst_margin = NAN;
    res->nash_log = -INFINITY;
    res->n_blockers = 0;
    res->n_stakeholders = 0;
}

/* The search and the result, after ns__cons_setup. With verdict_only, a certificate
 * that the search cannot succeed ends it early and res gets fill_not_adopted(); the
 * moves and texts are otherwise those of the full negotiation. Returns the verdict. */
static bool negotiate(ns_consensus_ws_t *ws, const ns_consensus_table_t *table,
                      const ns_consensus_params_t *params, ns_consensus_result_t *res,
                      bool verdict_only)
{
    size_t D = ws->D;
    search_t sr = {ws, res, 0, 0, true, verdict_only, false};
    ns_para_action_t action[NS_CONSENSUS_MAX_DIMS];
    bool movable[NS_CONSENSUS_MAX_DIMS];
    start_choice(ws, action, movable);
    for (size_t k = 0; k < D; k++) {
        res->move_before[k] = NAN;
        res->move_after[k] = NAN;
    }
    /* Every solve of the search runs to the full tolerance (mode FULL, or NASH for a
     * feasible choice, whose Nash text is as accurate), so the chosen solution is the
     * final text: the least-violating draft when no choice is feasible. */
    ns__cons_sol_t fin;
    if (params->search == NS_SEARCH_EXHAUSTIVE) {
        search_exhaustive(&sr, movable, action, &fin);
    } else {
        search_greedy(&sr, movable, action, &fin);
    }
    res->sweeps = sr.sweeps;
    res->choices = sr.choices;
    res->converged = sr.converged;
    if (sr.ruled_out || (verdict_only && !fin.feasible)) {
        fill_not_adopted(ws, res);
        return false;
    }

    res->m = ws->m;
    res->d = D;
    res->adopted = fin.feasible;
    for (size_t k = 0; k < D; k++) {
        res->action[k] = action[k];
        res->text[k] = action[k] == NS_PARA_KEEP      ? fin.y[k]
                       : action[k] == NS_PARA_SUMMARY ? ws->z[k]
                                                      : ws->q[k];
        res->moved[k] = action[k] == NS_PARA_DROP ? 0.0 : fabs(res->text[k] - ws->q[k]);
    }
    ns__cons_margins(ws, action, fin.y, res->margin);
    res->worst_margin = INFINITY;
    for (size_t i = 0; i < ws->m; i++) {
        res->worst_margin = fmin(res->worst_margin, res->margin[i]);
    }
    res->nash_log = fin.feasible ? fin.nash : -INFINITY;
    res->n_blockers = 0;
    if (!fin.feasible) {
        fill_blockers(ws, table, action, fin.y, res);
    }
    fill_stakeholders(ws, table, params, res);
    return res->adopted;
}

ns_status ns_consensus_solve(ns_ctx_t *ctx, ns_consensus_ws_t *ws,
                             const ns_consensus_table_t *table, const ns_consensus_params_t *params,
                             ns_consensus_result_t *res)
{
    if (ws == NULL) {
        return ns_error(ctx, NS_EINVAL, "consensus: missing workspace");
    }
    ns_status st = check_capacity(ctx, table, res);
    if (st == NS_OK) {
        st = ns__cons_setup(ctx, ws, table, params, NULL);
    }
    if (st == NS_OK) {
        negotiate(ws, table, params, res, false);
    }
    return st;
}

ns_status ns_consensus_margins(ns_ctx_t *ctx, ns_consensus_ws_t *ws,
                               const ns_consensus_table_t *table,
                               const ns_consensus_params_t *params, const ns_para_action_t *action,
                               const double *y, double *margins)
{
    if (ws == NULL || action == NULL || y == NULL || margins == NULL) {
        return ns_error(ctx, NS_EINVAL, "consensus margins: missing argument");
    }
    ns_status st = ns__cons_setup(ctx, ws, table, params, NULL);
    if (st != NS_OK) {
        return st;
    }
    for (size_t k = 0; k < table->d; k++) {
        if (action[k] != NS_PARA_KEEP && action[k] != NS_PARA_SUMMARY &&
            action[k] != NS_PARA_DROP) {
            return ns_error(ctx, NS_EINVAL, "consensus margins: paragraph %zu has no action", k);
        }
        if (action[k] == NS_PARA_SUMMARY && !params->summary_available) {
            return ns_error(ctx, NS_EINVAL,
                            "consensus margins: paragraph %zu in a summary that does not exist", k);
        }
        if (action[k] == NS_PARA_KEEP && !isfinite(y[k])) {
            return ns_error(ctx, NS_EINVAL, "consensus margins: text of paragraph %zu", k);
        }
    }
    ns__cons_margins(ws, action, y, margins);
    return NS_OK;
}

/* ---- Monte Carlo ---------------------------------------------------------------------- */

/* A certificate that no choice the search may make is feasible, from pairs of members
 * (linear loss; docs/CONSENSUS.md, section 5, "quick verdicts"). For a choice A, a text
 * y and a weight alpha in [0, 1] on two members i and j,
 *     min(g_i, g_j) <= alpha g_i + (1 - alpha) g_j <= h_A(alpha)
 *       = alpha B_i + (1 - alpha) B_j - sum_{d kept} min(alpha a_d, (1 - alpha) b_d)
 *                                     - sum_{d summary} (alpha e_id + (1 - alpha) e_jd),
 * where B is the margin before any negotiable paragraph, a_d = s_id |x_id - x_jd|,
 * b_d = s_jd |x_id - x_jd| (the weighted two-point median sits at an ideal) and e the
 * summary costs. For one alpha the choice that maximises h_A takes, paragraph by
 * paragraph, the smaller of the two costs (only "kept" for a paragraph the search never
 * moves), so max_A h_A(alpha) < 0 proves M* < 0 for every choice at once. That bound is
 * convex and piecewise linear in alpha: its minimum is at 0, 1 or where two of the three
 * lines alpha a_d, (1 - alpha) b_d, alpha e_id + (1 - alpha) e_jd cross. A value below
 * -2000 tol leaves no room for the solver's own verdict (section 5) to differ. Members
 * are screened by their margin at the weighted centre of the ideals (each paragraph at
 * its cheaper action): the pairs among the K least satisfied there are tried. */
#define PAIR_CANDIDATES 16
static double pair_bound(const double *av, const double *bv, const double *ei, const double *ej,
                         size_t nd, double Bi, double Bj, double al)
{
    double h = al * Bi + (1.0 - al) * Bj, be = 1.0 - al;
    for (size_t f = 0; f < nd; f++) {
        /* Plain comparisons: no NaN can occur here, and fmin is a libm call. */
        double u = al * av[f], v = be * bv[f], w = al * ei[f] + be * ej[f];
        u = v < u ? v : u;
        h -= w < u ? w : u;
    }
    return h;
}

static bool pairs_rule_out(ns_consensus_ws_t *ws, const bool *movable)
{
    if (ws->loss != NS_LOSS_LINEAR || ws->n_act < 1) {
        return false;
    }
    size_t D = ws->D, n = ws->n_act;
    double centre[NS_CONSENSUS_MAX_DIMS];
    for (size_t k = 0; k < D; k++) {
        double sw = 0.0, swx = 0.0;
        for (size_t a = 0; a < n; a++) {
            size_t ik = (size_t)ws->act[a] * D + k;
            sw += ws->s[ik];
            swx += ws->s[ik] * ws->x[ik];
        }
        centre[k] = sw > 0.0 ? swx / sw : ws->q[k];
    }
    /* B_i in ws->slack. Opposed members make the strongest pairs, so the K / 2 lowest
     * screening scores are kept on either side of the centre (the side of member i is
     * the sign of sum_d s_id (x_id - centre_d)). */
    uint32_t cand[2][PAIR_CANDIDATES / 2];
    double score[2][PAIR_CANDIDATES / 2];
    size_t nside[2] = {0, 0}, half = PAIR_CANDIDATES / 2;
    for (size_t a = 0; a < n; a++) {
        size_t i = ws->act[a];
        double b = ws->base[i];
        for (size_t k = 0; k < D; k++) {
            if (ws->forced[k] == NS_PARA_SUMMARY) {
                b -= ws->summary_loss[i * D + k];
            } else if (ws->forced[k] == NS_PARA_DROP) {
                b -= ws->drop_loss[i * D + k];
            }
        }
        ws->slack[i] = b;
        double sc = b, dir = 0.0;
        for (size_t k = 0; k < D; k++) {
            size_t ik = i * D + k;
            if (ws->forced[k] == NS_PARA_SUMMARY || ws->forced[k] == NS_PARA_DROP) {
                continue;
            }
            double l = ws->s[ik] * fabs(centre[k] - ws->x[ik]);
            sc -= movable[k] ? fmin(l, ws->summary_loss[ik]) : l;
            dir += ws->s[ik] * (ws->x[ik] - centre[k]);
        }
        size_t sd = dir > 0.0;
        size_t *nc = &nside[sd];
        if (*nc == half && !(sc < score[sd][*nc - 1])) {
            continue;
        }
        size_t p = *nc < half ? (*nc)++ : *nc - 1;
        while (p > 0 && score[sd][p - 1] > sc) {
            score[sd][p] = score[sd][p - 1];
            cand[sd][p] = cand[sd][p - 1];
            p--;
        }
        score[sd][p] = sc;
        cand[sd][p] = (uint32_t)i;
    }
    uint32_t all[PAIR_CANDIDATES];
    size_t nc = 0;
    /* Interleave the two sides so that the likeliest opposed pairs come first. */
    for (size_t u = 0; u < half; u++) {
        for (size_t sd = 0; sd < 2; sd++) {
            if (u < nside[sd]) {
                all[nc++] = cand[sd][u];
            }
        }
    }
    double thr = -2000.0 * ws->tol_g;
    for (size_t u = 0; u < nc; u++) {
        size_t i = all[u];
        if (ws->slack[i] < thr) {
            return true; /* alpha = 1: member i alone. */
        }
        for (size_t v = u + 1; v < nc; v++) {
            size_t j = all[v];
            double av[NS_CONSENSUS_MAX_DIMS], bv[NS_CONSENSUS_MAX_DIMS];
            double ei[NS_CONSENSUS_MAX_DIMS], ej[NS_CONSENSUS_MAX_DIMS];
            size_t nd = 0;
            for (size_t k = 0; k < D; k++) {
                if (ws->forced[k] == NS_PARA_SUMMARY || ws->forced[k] == NS_PARA_DROP) {
                    continue;
                }
                size_t ik = i * D + k, jk = j * D + k;
                double dist = fabs(ws->x[ik] - ws->x[jk]);
                av[nd] = ws->s[ik] * dist;
                bv[nd] = ws->s[jk] * dist;
                ei[nd] = movable[k] ? ws->summary_loss[ik] : INFINITY;
                ej[nd] = movable[k] ? ws->summary_loss[jk] : INFINITY;
                if (av[nd] + bv[nd] > 0.0) {
                    nd++;
                }
            }
            for (size_t e = 0; e < nd; e++) {
                double cross[3];
                size_t nx = 0;
                cross[nx++] = bv[e] / (av[e] + bv[e]);
                if (isfinite(ei[e])) {
                    double d1 = av[e] - ei[e] + ej[e], d2 = bv[e] - ej[e] + ei[e];
                    if (d1 > 0.0) {
                        cross[nx++] = ej[e] / d1;
                    }
                    if (d2 > 0.0) {
                        cross[nx++] = (bv[e] - ej[e]) / d2;
                    }
                }
                for (size_t c = 0; c < nx; c++) {
                    double al = cross[c];
                    if (al > 0.0 && al < 1.0 &&
                        pair_bound(av, bv, ei, ej, nd, ws->slack[i], ws->slack[j], al) < thr) {
                        return true;
                    }
                }
            }
        }
    }
    return false;
}

/* Worst margin of a choice at text y (kept coordinates), over the members who can block. */
static double worst_at(const ns_consensus_ws_t *ws, const ns_para_action_t *action, const double *y)
{
    double gmin = INFINITY;
    for (size_t a = 0; a < ws->n_act; a++) {
        gmin = fmin(gmin, ns__cons_member_margin(ws, action, y, ws->act[a]));
    }
    return gmin;
}

/* A draft that every member accepts proves the choice feasible, as the solver's first
 * test does (worst margin >= -tol). Tried: the Nash text of the table's own positions
 * (deep inside most replicates' acceptable sets), the last text found acceptable in an
 * earlier replicate, and the salience-weighted mean of the ideals. */
static bool quick_feasible(ns_consensus_ws_t *ws, const ns_para_action_t *action)
{
    size_t D = ws->D, n = ws->n_act;
    double mean[NS_CONSENSUS_MAX_DIMS];
    if (ws->have_nominal && worst_at(ws, action, ws->nominal) >= -ws->tol_g) {
        return true;
    }
    if (ws->have_warm && worst_at(ws, action, ws->warm) >= -ws->tol_g) {
        return true;
    }
    for (size_t k = 0; k < D; k++) {
        double sw = 0.0, swx = 0.0;
        for (size_t a = 0; a < n; a++) {
            size_t ik = (size_t)ws->act[a] * D + k;
            sw += ws->s[ik];
            swx += ws->s[ik] * ws->x[ik];
        }
        mean[k] = sw > 0.0 ? swx / sw : ws->q[k];
    }
    if (worst_at(ws, action, mean) >= -ws->tol_g) {
        memcpy(ws->warm, mean, sizeof ws->warm);
        ws->have_warm = true;
        return true;
    }
    return false;
}

ns_status ns_consensus_decide(ns_ctx_t *ctx, ns_consensus_ws_t *ws,
                              const ns_consensus_table_t *table,
                              const ns_consensus_params_t *params, ns_consensus_result_t *res)
{
    if (ws == NULL) {
        return ns_error(ctx, NS_EINVAL, "consensus: missing workspace");
    }
    ns_status st = check_capacity(ctx, table, res);
    if (st == NS_OK) {
        st = ns__cons_setup(ctx, ws, table, params, NULL);
    }
    if (st != NS_OK) {
        return st;
    }
    /* No Monte Carlo texts: the outcome must not depend on earlier calls. */
    ws->have_warm = false;
    ws->have_nominal = false;
    ns_para_action_t action[NS_CONSENSUS_MAX_DIMS];
    bool movable[NS_CONSENSUS_MAX_DIMS];
    start_choice(ws, action, movable);
    /* A pair certificate rules every choice out at once (docs/CONSENSUS.md, section 5);
     * a draft every member accepts makes it pointless to look for one. Otherwise the
     * chair's search, which stops at the first certificate that it cannot succeed, and
     * whose moves and texts are those of ns_consensus_solve. */
    if (!quick_feasible(ws, action) && pairs_rule_out(ws, movable)) {
        fill_not_adopted(ws, res);
        res->sweeps = 0;
        res->choices = 0;
        res->converged = true;
        return NS_OK;
    }
    negotiate(ws, table, params, res, true);
    return NS_OK;
}

/* The verdict alone, equal to negotiate()'s res->adopted (up to the tolerances of
 * section 5): a pair certificate rules every choice out, or keeping every paragraph is
 * already feasible (the greedy's first choice), or the full search decides. */
static bool decide(ns_consensus_ws_t *ws, const ns_consensus_table_t *table,
                   const ns_consensus_params_t *params, ns_consensus_result_t *res, long *sweeps)
{
    ns_para_action_t action[NS_CONSENSUS_MAX_DIMS];
    bool movable[NS_CONSENSUS_MAX_DIMS];
    bool any_movable = start_choice(ws, action, movable);
    if (quick_feasible(ws, action)) {
        return true;
    }
    if (pairs_rule_out(ws, movable)) {
        return false;
    }
    ns__cons_sol_t sol;
    ns__cons_solve_choice(ws, action, NS__CONS_DECIDE, NULL, &sol);
    *sweeps += sol.sweeps;
    if (sol.feasible) {
        memcpy(ws->warm, sol.y, sizeof ws->warm);
        ws->have_warm = true;
        return true;
    }
    if (!any_movable) {
        return false;
    }
    bool adopted = negotiate(ws, table, params, res, true);
    *sweeps += res->sweeps;
    return adopted;
}

ns_status ns_consensus_mc(ns_ctx_t *ctx, ns_consensus_ws_t *ws, const ns_consensus_table_t *table,
                          const double *sd, double lo, double hi,
                          const ns_consensus_params_t *params, uint64_t seed, size_t replicates,
                          ns_consensus_result_t *res, ns_consensus_mc_t *out)
{
    if (ws == NULL || table == NULL || out == NULL) {
        return ns_error(ctx, NS_EINVAL, "consensus Monte Carlo: missing argument");
    }
    if (replicates == 0 || replicates > UINT32_MAX) {
        return ns_error(ctx, NS_EINVAL, "consensus Monte Carlo: %zu replicates", replicates);
    }
    if (!(lo < hi) || !isfinite(lo) || !isfinite(hi)) {
        return ns_error(ctx, NS_EINVAL, "consensus Monte Carlo: position range [%g, %g]", lo, hi);
    }
    ns_status st = check_capacity(ctx, table, res);
    if (st != NS_OK) {
        return st;
    }
    /* Validate once with the table's own points (also checks the sizes). */
    st = ns__cons_setup(ctx, ws, table, params, NULL);
    if (st != NS_OK) {
        return st;
    }
    size_t m = table->m, D = table->d;
    if (sd != NULL) {
        for (size_t ik = 0; ik < m * D; ik++) {
            if (!(sd[ik] >= 0.0) || isinf(sd[ik])) {
                return ns_error(ctx, NS_ERANGE,
                                "consensus Monte Carlo: member %zu, paragraph %zu: sd %g", ik / D,
                                ik % D, sd[ik]);
            }
        }
    }
    memset(out, 0, sizeof *out);
    out->replicates = replicates;
    ws->have_warm = false; /* Nothing carried over from an earlier call. */
    ws->have_nominal = false;
    if (sd != NULL && replicates > 1) {
        /* The table's own Nash text: a deep first try for each replicate's verdict. */
        ns_para_action_t action[NS_CONSENSUS_MAX_DIMS];
        for (size_t k = 0; k < D; k++) {
            action[k] = ws->forced[k] == NS_PARA_FREE ? NS_PARA_KEEP : ws->forced[k];
        }
        ns__cons_sol_t sol;
        ns__cons_solve_choice(ws, action, NS__CONS_NASH, NULL, &sol);
        memcpy(ws->nominal, sol.y, sizeof ws->nominal);
        ws->have_nominal = true;
        out->sweeps += sol.sweeps;
    }
    for (size_t r = 0; r < replicates; r++) {
        if (params->progress != NULL &&
            params->progress(r > INT_MAX ? INT_MAX : (int)r, params->progress_user) != 0) {
            return ns_error(ctx, NS_EINVAL,
                            "consensus Monte Carlo: interrupted after %zu of %zu "
                            "replicates",
                            r, replicates);
        }
        for (size_t i = 0; i < m; i++) {
            for (size_t k = 0; k < D; k++) {
                size_t ik = i * D + k;
                double x = table->ideal[ik];
                if (sd != NULL && sd[ik] > 0.0) {
                    /* One stream per (replicate, member, paragraph): the draw does not
                     * depend on which thread runs the replicate or in which order. */
                    ns_rng_t rng;
                    ns_rng_init(&rng, seed, (uint32_t)r, (uint32_t)i, (uint32_t)k);
                    x += sd[ik] * ns_rng_normal(&rng);
                    x = x < lo ? lo : (x > hi ? hi : x);
                }
                ws->draw[ik] = x;
            }
        }
        st = ns__cons_setup(ctx, ws, table, params, ws->draw);
        if (st != NS_OK) {
            return st;
        }
        if (r + 1 < replicates) {
            /* Only the verdict of the earlier replicates is used; the last one leaves
             * its full outcome in res. */
            long sw = 0;
            out->adopted += decide(ws, table, params, res, &sw);
            out->sweeps += sw;
        } else {
            negotiate(ws, table, params, res, false);
            out->adopted += res->adopted;
            out->sweeps += res->sweeps;
        }
    }
    ns_consensus_mc_band(out);
    return NS_OK;
}

void ns_consensus_mc_band(ns_consensus_mc_t *mc)
{
    double n = (double)mc->replicates, p = (double)mc->adopted / n, z = 1.6448536269514722;
    double z2 = z * z;
    double centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    double half = z * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / (1.0 + z2 / n);
    mc->p = p;
    mc->lo = fmax(0.0, centre - half);
    mc->hi = fmin(1.0, centre + half);
}
