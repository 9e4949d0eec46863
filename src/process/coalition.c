/* Bodies that decide by k of n or by weighted qualified majority: the chair's search for
 * a winning coalition that accepts one draft, the others outvoted (docs/PROCESS.md
 * section 11).
 *
 * Under such a rule a report needs a winning coalition W (|W| >= k, or weight(W) >=
 * threshold x total weight) whose members all accept the same draft: the engine's
 * unanimity (docs/CONSENSUS.md) among W. Finding the largest set of members with a
 * common acceptable draft is a maximum feasible subsystem problem, NP-hard in general
 * (Amaldi and Kann 1995, "The complexity and approximability of finding maximum feasible
 * subsystems of linear relations", Theoretical Computer Science 147). The chair here
 * uses a greedy deletion heuristic in the manner of Chinneck (2001, "Fast heuristics for
 * the maximum feasible subsystem problem", INFORMS J. Computing 13): start with every
 * member and, while the coalition fails, drop the blocker that needs the most will. It
 * is sound when it adopts (the coalition found does accept the draft) and a heuristic
 * when it does not. Removing a member never shrinks the set of acceptable drafts
 * (docs/CONSENSUS.md, proven invariant) because capabilities are normalised over the
 * world and the summary position z is kept at the full body's, so each drop can only
 * help the members that stay.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "process_internal.h"

#include "core/internal.h"
#include "normsim/params.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Relative slack of the weight comparison, so that a coalition holding exactly the
 * threshold share is not lost to rounding of the sums. */
#define WEIGHT_TOL 1e-12
/* Relative difference of shortfalls below which two blockers are tied. */
#define TIE_TOL 1e-6

ns_status ns_process_rule(ns_ctx_t *ctx, const ns_world_t *w, size_t body, size_t m,
                          ns_process_rule_t *out)
{
    const ns_body_t *b = ns_world_body(w, body);
    char key[192];
    double v = 0;
    memset(out, 0, sizeof *out);
    out->decision = NS_DECIDE_CONSENSUS;
    out->k = m;
    out->threshold = 1.0;
    if (b == NULL) {
        return ns_error(ctx, NS_EINVAL, "body index %zu out of range", body);
    }
    switch (b->decision) {
    case NS_DECIDE_CONSENSUS: return NS_OK;
    case NS_DECIDE_MAJORITY:
        return ns_error(ctx, NS_EINVAL,
                        "body %s decides by majority vote: a negotiation needs consensus, "
                        "k_of_n or weighted_qmv (for the General Assembly see the vote model)",
                        b->id);
    case NS_DECIDE_K_OF_N:
        snprintf(key, sizeof key, "bodies[%s].k", b->id);
        if (b->k < 1 || (size_t)b->k > m) {
            return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, key,
                               "body %s decides by k_of_n with k = %d, but k must be in 1..%zu "
                               "(the members seated in its year)",
                               b->id, b->k, m);
        }
        out->decision = NS_DECIDE_K_OF_N;
        out->k = (size_t)b->k;
        return NS_OK;
    case NS_DECIDE_WEIGHTED_QMV: break;
    }
    out->decision = NS_DECIDE_WEIGHTED_QMV;
    out->k = 0;
    out->threshold = ns_param_default("qmv_threshold");
    out->capability_weights = ns_param_default("qmv_weights") == 1.0;
    /* Checked against the registry here too: the rule can be asked of a world whose
     * parameters ns_process_params_read() has not seen. */
    ns_status st = NS_OK;
    snprintf(key, sizeof key, "qmv_threshold.%s", b->id);
    if (ns_world_param(w, key, &v) == NS_OK) {
        if ((st = ns_param_check(ctx, w, key, v)) != NS_OK) {
            return st;
        }
        out->threshold = v;
    }
    snprintf(key, sizeof key, "qmv_weights.%s", b->id);
    if (ns_world_param(w, key, &v) == NS_OK) {
        if ((st = ns_param_check(ctx, w, key, v)) != NS_OK) {
            return st;
        }
        out->capability_weights = v == 1.0;
    }
    return NS_OK;
}

bool ns_process_rule_is_coalition(const ns_process_rule_t *rule, size_t m)
{
    return rule->decision == NS_DECIDE_WEIGHTED_QMV ||
           (rule->decision == NS_DECIDE_K_OF_N && rule->k < m);
}

void ns__coalition_free(ns_process_coalition_t *c)
{
    if (c == NULL) {
        return;
    }
    ns_ctx_t *ctx = c->ctx;
    ns_consensus_result_free(&c->res);
    ns_consensus_result_free(&c->look);
    ns_free(ctx, c->in);
    ns_free(ctx, c->index);
    ns_free(ctx, c->ideal);
    ns_free(ctx, c->salience);
    ns_free(ctx, c->capability);
    ns_free(ctx, c->will);
    ns_free(ctx, c->names);
    ns_free(ctx, c->dropped);
    ns_free(ctx, c->cand);
    ns_free(ctx, c);
}

ns_status ns__coalition_new(ns_ctx_t *ctx, const ns_process_table_t *t,
                            const ns_process_rule_t *rule, const double *weight,
                            ns_process_coalition_t **out)
{
    ns_status st = NS_OK;
    size_t m = t->m;
    size_t d = t->d;
    ns_process_coalition_t *c = ns_calloc(ctx, 1, sizeof *c);
    *out = NULL;
    if (c == NULL) {
        return NS_ENOMEM;
    }
    c->ctx = ctx;
    c->m = m;
    c->d = d;
    c->rule = *rule;
    c->weight = weight;
    for (size_t i = 0; i < m; i++) {
        c->total += weight[i];
    }
    c->all_names = t->member_names;
    c->in = ns_calloc(ctx, m, sizeof *c->in);
    c->index = ns_calloc(ctx, m, sizeof *c->index);
    c->ideal = ns_calloc(ctx, m * d, sizeof *c->ideal);
    c->salience = ns_calloc(ctx, m * d, sizeof *c->salience);
    c->capability = ns_calloc(ctx, m, sizeof *c->capability);
    c->will = ns_calloc(ctx, m, sizeof *c->will);
    c->names = ns_calloc(ctx, m, sizeof *c->names);
    c->dropped = ns_calloc(ctx, m, sizeof *c->dropped);
    c->cand = ns_calloc(ctx, m, sizeof *c->cand);
    if (c->in == NULL || c->index == NULL || c->ideal == NULL || c->salience == NULL ||
        c->capability == NULL || c->will == NULL || c->names == NULL || c->dropped == NULL ||
        c->cand == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    if ((st = ns_consensus_result_init(ctx, &c->res, m, t->n_stakeholders)) != NS_OK ||
        (st = ns_consensus_result_init(ctx, &c->look, m, t->n_stakeholders)) != NS_OK) {
        goto cleanup;
    }
    *out = c;
    c = NULL;

cleanup:
    ns__coalition_free(c);
    return st;
}

/* The summary position z of the full body, as the engine would place it
 * (docs/CONSENSUS.md: given, the chair's ideal, or the capability-and-salience weighted
 * compromise of van den Bos 1991 and Achen 2006; q where nobody cares). Kept for every
 * coalition, so that dropping a member never moves the summary. */
static void full_summary(const ns_consensus_table_t *full, double *z)
{
    size_t m = full->m;
    size_t d = full->d;
    for (size_t k = 0; k < d; k++) {
        if (full->summary_at != NULL) {
            z[k] = full->summary_at[k];
        } else if (full->chair >= 0) {
            z[k] = full->ideal[(size_t)full->chair * d + k];
        } else {
            double num = 0.0;
            double den = 0.0;
            for (size_t i = 0; i < m; i++) {
                double wgt = (full->capability != NULL ? full->capability[i] : 1.0) *
                             full->salience[i * d + k];
                num += wgt * full->ideal[i * d + k];
                den += wgt;
            }
            z[k] = den > 0.0 ? num / den : full->status_quo[k];
        }
    }
}

/* The coalition's own table: its members' rows, the full body's summary position, the
 * chair where it is still in the coalition. */
static void compact(ns_process_coalition_t *c, const ns_consensus_table_t *full)
{
    size_t d = c->d;
    size_t n = 0;
    long chair = -1;
    for (size_t i = 0; i < c->m; i++) {
        if (!c->in[i]) {
            continue;
        }
        if (full->chair >= 0 && (size_t)full->chair == i) {
            chair = (long)n;
        }
        c->index[n] = i;
        c->names[n] = c->all_names != NULL ? c->all_names[i] : NULL;
        memcpy(c->ideal + n * d, full->ideal + i * d, d * sizeof *c->ideal);
        memcpy(c->salience + n * d, full->salience + i * d, d * sizeof *c->salience);
        c->capability[n] = full->capability != NULL ? full->capability[i] : 1.0;
        c->will[n] = full->will != NULL ? full->will[i] : 0.0;
        n++;
    }
    c->n_in = n;
    c->sub = *full;
    c->sub.m = n;
    c->sub.ideal = c->ideal;
    c->sub.salience = c->salience;
    c->sub.capability = c->capability;
    c->sub.will = c->will;
    c->sub.summary_at = c->summary_at;
    c->sub.chair = chair;
}

/* Whether the coalition without member i is still winning. */
static bool winning_without(const ns_process_coalition_t *c, size_t i)
{
    if (c->rule.decision == NS_DECIDE_K_OF_N) {
        return c->n_in - 1 >= c->rule.k;
    }
    double w = 0.0;
    for (size_t j = 0; j < c->m; j++) {
        if (c->in[j] && j != i) {
            w += c->weight[j];
        }
    }
    return w >= c->rule.threshold * c->total * (1.0 - WEIGHT_TOL);
}

/* Which blocker of c->res to drop: the one that needs the most will (blockers come sorted
 * by will needed); under weighted QMV, when dropping it would leave the coalition losing,
 * the next one that would not (under k_of_n every member weighs the same, so this is
 * blockers[0]). The least-violating draft equalises the margins of the members it binds
 * (it maximises the smallest margin), so the largest shortfall is nearly always shared by
 * two or more members; the chair then tries each and drops the one whose removal leaves
 * the best draft (adopted, else the largest worst margin; the first in the engine's order
 * on a tie), a one-step lookahead that makes the choice independent of how the engine
 * orders equal shortfalls. *b = n_blockers when no blocker can be dropped. */
static ns_status choose(ns_ctx_t *ctx, ns_consensus_ws_t *ws, ns_process_coalition_t *c,
                        const ns_consensus_table_t *full, const ns_consensus_params_t *cp,
                        size_t *b)
{
    ns_status st = NS_OK;
    const ns_consensus_result_t *r = &c->res;
    size_t first = r->n_blockers;
    size_t *cand = c->cand;
    size_t n_cand = 0;
    *b = r->n_blockers;
    for (size_t j = 0; j < r->n_blockers; j++) {
        size_t i = c->index[r->blockers[j].member];
        if (!winning_without(c, i)) {
            continue;
        }
        if (first == r->n_blockers) {
            first = j;
        }
        double top = r->blockers[first].will_needed;
        if (r->blockers[j].will_needed >= top - TIE_TOL * (1.0 + fabs(top))) {
            cand[n_cand++] = j;
        } else {
            break;
        }
    }
    if (n_cand <= 1) {
        *b = first;
        return NS_OK;
    }
    /* The lookahead solves candidate coalitions in c->look, leaving c->res (and the
     * coalition) as they were. */
    double best = -INFINITY;
    size_t pick = cand[0];
    for (size_t j = 0; j < n_cand; j++) {
        size_t i = c->index[r->blockers[cand[j]].member];
        c->in[i] = 0;
        compact(c, full);
        c->tried++;
        st = ns_consensus_solve(ctx, ws, &c->sub, cp, &c->look);
        c->in[i] = 1;
        if (st != NS_OK) {
            break;
        }
        double score = c->look.adopted ? INFINITY : c->look.worst_margin;
        if (score > best) {
            best = score;
            pick = cand[j];
        }
        if (c->look.adopted) {
            break;
        }
    }
    compact(c, full);
    if (c->n_in == c->m) {
        c->sub = *full; /* Nobody dropped yet: the full table itself, as before. */
    }
    *b = pick;
    return st;
}

ns_status ns__coalition_search(ns_ctx_t *ctx, ns_consensus_ws_t *ws, ns_process_coalition_t *c,
                               const ns_consensus_table_t *full, const ns_consensus_params_t *cp,
                               bool verdict_only)
{
    ns_status st = NS_OK;
    memset(c->in, 1, c->m * sizeof *c->in);
    c->n_in = c->m;
    c->n_dropped = 0;
    c->tried = 0;
    full_summary(full, c->summary_at);
    /* The first coalition is the whole body, on its own table untouched: with nobody to
     * drop (k = n) this is the consensus negotiation to the last digit. */
    c->sub = *full;
    for (size_t i = 0; i < c->m; i++) {
        c->index[i] = i;
        c->names[i] = c->all_names != NULL ? c->all_names[i] : NULL;
    }
    for (;;) {
        if (verdict_only) {
            /* The verdict alone first: its certificates settle an adoption cheaply; a
             * failure needs the full solve for its blockers. */
            c->tried++;
            if ((st = ns_consensus_decide(ctx, ws, &c->sub, cp, &c->res)) != NS_OK ||
                c->res.adopted) {
                break;
            }
        }
        c->tried++;
        if ((st = ns_consensus_solve(ctx, ws, &c->sub, cp, &c->res)) != NS_OK || c->res.adopted) {
            break;
        }
        size_t b = 0;
        if ((st = choose(ctx, ws, c, full, cp, &b)) != NS_OK || b == c->res.n_blockers) {
            break;
        }
        size_t pick = c->index[c->res.blockers[b].member];
        c->dropped[c->n_dropped] = c->res.blockers[b];
        c->dropped[c->n_dropped].member = pick;
        c->n_dropped++;
        c->in[pick] = 0;
        compact(c, full);
    }
    return st;
}

/* The last coalition's outcome told in the full table's indices (docs: ns_negotiation_t):
 * every member's margin at its text, the blockers mapped back. */
static ns_status full_result(ns_ctx_t *ctx, ns_consensus_ws_t *ws, const ns_process_coalition_t *c,
                             const ns_consensus_table_t *full, const ns_consensus_params_t *cp,
                             ns_consensus_result_t *out)
{
    const ns_consensus_result_t *r = &c->res;
    out->m = c->m;
    out->d = r->d;
    out->adopted = r->adopted;
    memcpy(out->action, r->action, sizeof out->action);
    memcpy(out->text, r->text, sizeof out->text);
    memcpy(out->moved, r->moved, sizeof out->moved);
    memcpy(out->move_before, r->move_before, sizeof out->move_before);
    memcpy(out->move_after, r->move_after, sizeof out->move_after);
    out->n_stakeholders = r->n_stakeholders;
    for (size_t s = 0; s < r->n_stakeholders; s++) {
        out->stakeholder_gain[s] = r->stakeholder_gain[s];
    }
    out->n_blockers = r->n_blockers;
    for (size_t b = 0; b < r->n_blockers; b++) {
        out->blockers[b] = r->blockers[b];
        out->blockers[b].member = c->index[r->blockers[b].member];
    }
    out->worst_margin = r->worst_margin;
    out->nash_log = r->nash_log;
    out->sweeps = r->sweeps;
    out->choices = r->choices;
    out->converged = r->converged;
    return ns_consensus_margins(ctx, ws, full, cp, r->action, r->text, out->margin);
}

/* The chair's coalition search as a drafter (ns__process_draft_fn): the Monte Carlo's
 * verdict, counting its engine calls and sweeps, or the point estimates' full outcome in
 * n->result, told in the full table's indices. */
typedef struct coalition_drafter {
    ns_consensus_ws_t *ws;
    ns_process_coalition_t *c;
    const ns_consensus_params_t *cp;
    ns_negotiation_t *n;
} coalition_drafter_t;

static ns_status coalition_draft(ns_ctx_t *ctx, void *arg, const ns_consensus_table_t *tab,
                                 bool verdict_only, bool *adopted)
{
    coalition_drafter_t *cd = arg;
    ns_process_coalition_t *c = cd->c;
    ns_status st = ns__coalition_search(ctx, cd->ws, c, tab, cd->cp, verdict_only);
    if (verdict_only) {
        cd->n->mc_solves += c->tried;
        cd->n->mc.sweeps += c->res.sweeps;
    } else if (st == NS_OK) {
        st = full_result(ctx, cd->ws, c, tab, cd->cp, &cd->n->result);
    }
    *adopted = st == NS_OK && c->res.adopted;
    return st;
}

ns_status ns__coalition_negotiate(ns_ctx_t *ctx, ns_consensus_ws_t *ws,
                                  const ns_process_params_t *params,
                                  const ns_consensus_params_t *cp, uint64_t seed, size_t reps,
                                  bool monte_carlo, ns_negotiation_t *out)
{
    ns_status st = NS_OK;
    ns_process_table_t *t = &out->table;
    if ((st = ns__coalition_new(ctx, t, &out->rule, out->weight, &out->coalition)) != NS_OK) {
        goto cleanup;
    }
    ns_process_coalition_t *c = out->coalition;
    if ((out->outvoted = ns_calloc(ctx, t->m, sizeof *out->outvoted)) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    coalition_drafter_t drafter = {.ws = ws, .c = c, .cp = cp, .n = out};
    /* The Monte Carlo first, around the positions before any round (as for consensus),
     * with the same draws and moves between drafts; then the point estimates' rounds,
     * each draft a whole coalition search. */
    if (monte_carlo &&
        (st = ns__process_mc_rounds(ctx, t, t->ideal, params, seed, reps, coalition_draft, &drafter,
                                    &out->mc, out->mc_adopted_in_round)) != NS_OK) {
        goto cleanup;
    }
    if ((st = ns__process_point_rounds(ctx, params, coalition_draft, &drafter, out)) != NS_OK) {
        goto cleanup;
    }
    memcpy(out->in_coalition, c->in, t->m * sizeof *out->in_coalition);
    out->n_coalition = c->n_in;
    out->coalition_weight = 0.0;
    for (size_t i = 0; i < t->m; i++) {
        out->coalition_weight += c->in[i] ? out->weight[i] : 0.0;
    }
    out->n_outvoted = c->n_dropped;
    memcpy(out->outvoted, c->dropped, c->n_dropped * sizeof *out->outvoted);
    out->coalitions_tried = c->tried;

cleanup:
    return st;
}

/* ---- The story ------------------------------------------------------------------------ */

/* "20 of the 25 members" or "members holding 65% of the weight (capabilities)". */
static void rule_words(const ns_negotiation_t *n, ns__text_t *t)
{
    if (n->rule.decision == NS_DECIDE_K_OF_N) {
        ns__text_put(t, "%zu of the %zu members", n->rule.k, n->table.m);
    } else {
        ns__text_put(t, "members holding %g%% of the weight (%s)", 100.0 * n->rule.threshold,
                     n->rule.capability_weights ? "capability shares" : "one per member");
    }
}

/* The largest objections of a blocker, "countermeasures (13.7), ihl (7.28)". */
static void objections(const ns_process_table_t *tab, const ns_consensus_blocker_t *bl,
                       ns__text_t *t)
{
    for (size_t j = 0; j < bl->n_paras && j < 3; j++) {
        ns__text_put(t, "%s%s (%.3g)", j > 0 ? ", " : "", tab->para_names[bl->paras[j]],
                     bl->objection[j]);
    }
}

ns_status ns_process_explain(ns_ctx_t *ctx, const ns_negotiation_t *n, char *buf, size_t size,
                             size_t *needed)
{
    const ns_process_table_t *tab = &n->table;
    const ns_process_coalition_t *c = n->coalition;
    size_t engine_len = 0;
    ns_status st = NS_OK;
    if (buf == NULL && size > 0) {
        return ns_error(ctx, NS_EINVAL, "explain: no buffer");
    }
    if (c == NULL) {
        return ns_consensus_explain(ctx, &tab->table, &n->result, tab->member_names,
                                    tab->para_names, buf, size, needed);
    }
    ns__text_t t = {buf, size, 0};
    if (size > 0) {
        buf[0] = '\0';
    }
    ns__text_put(&t, "Decision rule: %s; a report needs ",
                 n->rule.decision == NS_DECIDE_K_OF_N ? "k of n" : "weighted qualified majority");
    rule_words(n, &t);
    ns__text_put(&t, " to accept the same draft; the others are outvoted.\n");
    if (n->result.adopted && n->n_outvoted == 0) {
        ns__text_put(&t, "The whole body accepts the draft: nobody is outvoted.\n");
    } else if (n->result.adopted) {
        ns__text_put(
            &t,
            "Adopted by a winning coalition of %zu of the %zu members (%.3g%% of the weight); "
            "the chair's search dropped %zu blocker%s, the one needing the most will first:\n",
            n->n_coalition, tab->m, 100.0 * n->coalition_weight / n->total_weight, n->n_outvoted,
            n->n_outvoted == 1 ? "" : "s");
    } else {
        ns__text_put(
            &t,
            "No winning coalition found: the chair's greedy search (drop the blocker needing "
            "the most will while the coalition stays winning) ended with %zu members (%.3g%% "
            "of the weight) still blocked, and dropping any of its blockers would leave the "
            "coalition losing (it needs ",
            n->n_coalition, 100.0 * n->coalition_weight / n->total_weight);
        rule_words(n, &t);
        ns__text_put(
            &t, "). This is the verdict of a heuristic, not a proof that no winning coalition "
                "exists (finding one is a maximum feasible subsystem problem, NP-hard: Amaldi and "
                "Kann 1995).\n");
        if (n->n_outvoted > 0) {
            ns__text_put(&t, "Dropped on the way, the one needing the most will first:\n");
        }
    }
    for (size_t o = 0; o < n->n_outvoted; o++) {
        const ns_consensus_blocker_t *bl = &n->outvoted[o];
        ns__text_put(&t,
                     "  %s %s: at the best draft of the coalition of %zu it was %.3g short of "
                     "accepting",
                     tab->member_names[bl->member], n->result.adopted ? "outvoted" : "dropped",
                     tab->m - o, bl->will_needed);
        if (bl->n_paras > 0) {
            ns__text_put(&t, " (objecting most to ");
            objections(tab, bl, &t);
            ns__text_put(&t, ")");
        }
        double g = n->result.margin[bl->member];
        if (n->result.adopted && isfinite(g)) {
            ns__text_put(&t, "; at the adopted text its margin is %.3g (%s).\n", g,
                         g < 0 ? "it would have blocked under consensus" : "it would now accept");
        } else {
            ns__text_put(&t, ".\n");
        }
    }
    ns__text_put(&t, "Within the %s coalition (unanimity among its %zu members):\n",
                 n->result.adopted ? "winning" : "last", c->n_in);
    size_t room = t.len < t.size ? t.size - t.len : 0;
    st = ns_consensus_explain(ctx, &c->sub, &c->res, c->names, tab->para_names,
                              room > 0 ? t.buf + t.len : NULL, room, &engine_len);
    if (st != NS_OK && st != NS_ELIMIT) {
        return st;
    }
    t.len += engine_len;
    if (needed != NULL) {
        *needed = t.len;
    }
    if (t.len >= size) {
        return ns_error(ctx, NS_ELIMIT, "explain: %zu bytes needed, %zu given", t.len + 1, size);
    }
    return NS_OK;
}
