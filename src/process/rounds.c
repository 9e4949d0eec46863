/* Drafting rounds: what moves positions between a failed draft and the next one (camp
 * cohesion, consultation heard again, optionally model 5's challenges), the rounds at
 * the point estimates, and the same rounds in every Monte Carlo replicate
 * (DESIGN.md model 7, "between drafting rounds positions may move"; docs/PROCESS.md
 * section 4a).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/model.h"
#include "normsim/table.h"
#include "process_internal.h"

#include <limits.h>
#include <math.h>
#include <string.h>

/* Cohesion of camp c: its own when a scenario set it, else the global one. */
static double camp_kappa(const ns_process_params_t *p, size_t c)
{
    return isnan(p->camp_cohesion[c]) ? p->cohesion : p->camp_cohesion[c];
}

/* Camps close ranks (MECHANISM.md 2.2 and 6.4: camp alignment can override a state's
 * own preference). mu_ck is the salience-weighted mean of camp c's seated members on
 * paragraph k before the step. A member i of camps C_i moves toward the kappa-weighted
 * mean of its camps' means by the largest of their cohesions:
 *   x_ik <- x_ik + kappa_i (m_ik - x_ik),  m_ik = sum_{c in C_i} kappa_c mu_ck / sum kappa_c,
 *   kappa_i = max_{c in C_i} kappa_c.
 * With one camp this is x + kappa (mu - x): kappa = 1 collapses the camp onto its mean
 * (the bloc speaks with one voice, as the EU does through its presidency), kappa = 0
 * leaves it. A weighted-average update in the manner of DeGroot (1974), restricted to the
 * camp. Returns the largest |dx|. */
static double cohesion_step(const ns_process_table_t *t, const ns_process_params_t *p, double *x,
                            ns_process_round_t *rec)
{
    size_t m = t->m;
    size_t d = t->d;
    double mu[NS_PROCESS_MAX_CAMPS][NS_CONSENSUS_MAX_DIMS];
    double den[NS_PROCESS_MAX_CAMPS][NS_CONSENSUS_MAX_DIMS];
    double shift[NS_PROCESS_MAX_CAMPS] = {0};
    size_t members[NS_PROCESS_MAX_CAMPS] = {0};
    double largest = 0;
    memset(mu, 0, sizeof mu);
    memset(den, 0, sizeof den);
    for (size_t i = 0; i < m; i++) {
        for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS; c++) {
            if (!(t->camps[i] & (1u << c))) {
                continue;
            }
            members[c]++;
            for (size_t k = 0; k < d; k++) {
                mu[c][k] += t->salience[i * d + k] * x[i * d + k];
                den[c][k] += t->salience[i * d + k];
            }
        }
    }
    for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS; c++) {
        for (size_t k = 0; k < d; k++) {
            mu[c][k] = den[c][k] > 0 ? mu[c][k] / den[c][k] : NAN;
        }
    }
    for (size_t i = 0; i < m; i++) {
        double moved = 0;
        for (size_t k = 0; k < d; k++) {
            double num = 0;
            double sum = 0;
            double kappa = 0;
            for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS; c++) {
                double kc = camp_kappa(p, c);
                if (!(t->camps[i] & (1u << c)) || !(kc > 0) || isnan(mu[c][k])) {
                    continue;
                }
                num += kc * mu[c][k];
                sum += kc;
                kappa = fmax(kappa, kc);
            }
            if (sum > 0) {
                double before = x[i * d + k];
                x[i * d + k] = before + kappa * (num / sum - before);
                double dx = fabs(x[i * d + k] - before);
                moved += dx;
                largest = fmax(largest, dx);
            }
        }
        /* Told per camp that closes ranks (kappa > 0): a member of two such camps counts
         * in both; a camp with cohesion 0 is not said to move because its members moved
         * with another camp. */
        for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS; c++) {
            if ((t->camps[i] & (1u << c)) && camp_kappa(p, c) > 0) {
                shift[c] += moved;
            }
        }
    }
    if (rec != NULL) {
        for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS; c++) {
            rec->camp_members[c] = members[c];
            rec->camp_shift[c] = members[c] > 0 ? shift[c] / (double)(members[c] * d) : 0.0;
        }
    }
    return largest;
}

/* The positions after the model's last recorded turn, member-major (x[i * d + k]), and
 * how many members take part in each paragraph (counted at turn 0). */
typedef struct after_sink {
    double *x;
    size_t *count;
    size_t d;
} after_sink_t;

static ns_status keep_after(int turn, size_t issue, size_t actor, double position, void *user)
{
    after_sink_t *a = user;
    a->x[actor * a->d + issue] = position;
    a->count[issue] += turn == 0;
    return NS_OK;
}

/* One round of model 5 (the expected-utility challenge model of Bueno de Mesquita as
 * specified by Scholz, Calbert and Smith 2011) on every paragraph, through the model
 * registry: the members are its actors (position x, salience s, capability c), with the
 * model's default switches. Positions are replaced by those after the round. */
static ns_status eum_step(ns_ctx_t *ctx, const ns_process_table_t *t, double *x, double *shift,
                          double *largest)
{
    ns_status st = NS_OK;
    const ns_model_type_t *model = NULL;
    ns_table_t *tab = NULL;
    void *state = NULL;
    bool initialised = false;
    double *after = NULL;
    size_t *count = NULL;
    double values[32];
    size_t m = t->m;
    size_t d = t->d;
    double moved = 0;
    if ((st = ns_model_find(ctx, "eum", &model)) != NS_OK) {
        goto cleanup;
    }
    if (model->n_params > sizeof values / sizeof values[0]) {
        st = ns_error(ctx, NS_ELIMIT, "model eum has %zu parameters", model->n_params);
        goto cleanup;
    }
    if ((st = ns_params_resolve(ctx, model, NULL, values)) != NS_OK ||
        (st = ns_table_new(ctx, d, m, &tab)) != NS_OK) {
        goto cleanup;
    }
    for (size_t k = 0; k < d; k++) {
        tab->scale_min[k] = t->range_lo;
        tab->scale_max[k] = t->range_hi;
        tab->status_quo[k] = t->status_quo[k];
        for (size_t i = 0; i < m; i++) {
            size_t at = ns_table_at(tab, k, i);
            tab->position[at] = x[i * d + k];
            tab->salience[at] = t->salience[i * d + k];
            tab->capability[at] = t->capability[i];
        }
    }
    if ((state = ns_calloc(ctx, 1, model->state_size)) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    /* The model draws nothing; its stream is a fixed key for form's sake. */
    ns_rng_t rng;
    ns_rng_init(&rng, 0, 0, 0, 0);
    if ((st = model->init(state, ctx, tab, values, &rng)) != NS_OK) {
        goto cleanup;
    }
    initialised = true;
    st = model->step(state, ctx);
    if (st != NS_CONTINUE && st != NS_DONE) {
        goto cleanup;
    }
    /* The positions after the round, read through the model's trace. */
    after = ns_calloc(ctx, m * d + 1, sizeof *after);
    count = ns_calloc(ctx, d + 1, sizeof *count);
    if (after == NULL || count == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    after_sink_t sink = {.x = after, .count = count, .d = d};
    if (model->trace == NULL) {
        st = ns_error(ctx, NS_EINVAL, "model eum records no positions");
        goto cleanup;
    }
    if ((st = model->trace(state, ctx, keep_after, &sink)) != NS_OK) {
        goto cleanup;
    }
    for (size_t k = 0; k < d; k++) {
        /* Every member takes part (position and salience are set), in table order. */
        for (size_t i = 0; m > 0 && count[k] == m && i < m; i++) {
            double dx = fabs(after[i * d + k] - x[i * d + k]);
            moved += dx;
            *largest = fmax(*largest, dx);
            x[i * d + k] = after[i * d + k];
        }
    }
    *shift = m * d > 0 ? moved / (double)(m * d) : 0.0;

cleanup:
    if (initialised && model->destroy != NULL) {
        model->destroy(state, ctx);
    }
    ns_free(ctx, state);
    ns_free(ctx, after);
    ns_free(ctx, count);
    ns_table_free(ctx, tab);
    return st;
}

ns_status ns_process_move(ns_ctx_t *ctx, const ns_process_table_t *t,
                          const ns_process_params_t *params, double *x, ns_process_round_t *rec,
                          double *moved)
{
    ns_status st = NS_OK;
    double largest = cohesion_step(t, params, x, rec);
    double consult = 0;
    double dynamics = 0;
    /* The consultations go on between drafts: the same pull again, from where the
     * members now stand (in a body that hears nobody this is a no-op). */
    ns__process_consult(t, params, x, &consult, &largest);
    if (params->dynamics == NS_DYNAMICS_EUM) {
        st = eum_step(ctx, t, x, &dynamics, &largest);
    }
    if (rec != NULL) {
        rec->consult_shift = consult;
        rec->dynamics_shift = dynamics;
    }
    *moved = largest;
    return st;
}

/* Keep a round's verdict, worst margin and largest blockers. */
static void record(const ns_consensus_result_t *r, ns_process_round_t *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->adopted = r->adopted;
    rec->worst_margin = r->worst_margin;
    rec->n_blockers = r->n_blockers;
    for (size_t b = 0; b < r->n_blockers && b < NS_PROCESS_ROUND_BLOCKERS; b++) {
        rec->blocker[b] = r->blockers[b].member;
        rec->will_needed[b] = r->blockers[b].will_needed;
    }
}

ns_status ns__process_consensus_draft(ns_ctx_t *ctx, void *arg, const ns_consensus_table_t *tab,
                                      bool verdict_only, bool *adopted)
{
    ns__consensus_drafter_t *c = arg;
    ns_status st = verdict_only ? ns_consensus_decide(ctx, c->ws, tab, c->cp, c->res)
                                : ns_consensus_solve(ctx, c->ws, tab, c->cp, c->res);
    *adopted = st == NS_OK && c->res->adopted;
    return st;
}

ns_status ns__process_point_rounds(ns_ctx_t *ctx, const ns_process_params_t *params,
                                   ns__process_draft_fn draft, void *arg, ns_negotiation_t *n)
{
    ns_status st = NS_OK;
    ns_process_table_t *t = &n->table;
    size_t rounds = params->rounds > 0 ? params->rounds : 1;
    n->max_rounds = rounds;
    n->n_rounds = 0;
    if ((n->rounds = ns_calloc(ctx, rounds, sizeof *n->rounds)) == NULL) {
        return NS_ENOMEM;
    }
    for (size_t r = 0; r < rounds; r++) {
        bool adopted = false;
        if ((st = draft(ctx, arg, &t->table, false, &adopted)) != NS_OK) {
            break;
        }
        record(&n->result, &n->rounds[r]);
        n->n_rounds = r + 1;
        /* An adopted draft is final: rounds never re-decide it. */
        if (adopted || r + 1 == rounds) {
            break;
        }
        double moved = 0;
        if ((st = ns_process_move(ctx, t, params, t->ideal, &n->rounds[r], &moved)) != NS_OK) {
            break;
        }
        if (!(moved > 0)) {
            /* Nobody moved: the next draft would be this one again. */
            break;
        }
    }
    return st;
}

void ns__process_draw(const ns_process_table_t *t, const double *centre, uint64_t seed, size_t r,
                      double *draw)
{
    for (size_t i = 0; i < t->m; i++) {
        for (size_t k = 0; k < t->d; k++) {
            size_t ik = i * t->d + k;
            double x = centre[ik];
            if (t->sd[ik] > 0.0) {
                ns_rng_t rng;
                ns_rng_init(&rng, seed, (uint32_t)r, (uint32_t)i, (uint32_t)k);
                x += t->sd[ik] * ns_rng_normal(&rng);
                x = x < t->range_lo ? t->range_lo : (x > t->range_hi ? t->range_hi : x);
            }
            draw[ik] = x;
        }
    }
}

ns_status ns__process_mc_rounds(ns_ctx_t *ctx, const ns_process_table_t *t, const double *centre,
                                const ns_process_params_t *params, uint64_t seed, size_t replicates,
                                ns__process_draft_fn draft, void *arg, ns_consensus_mc_t *out,
                                size_t *adopted_in_round)
{
    ns_status st = NS_OK;
    size_t m = t->m;
    size_t d = t->d;
    size_t rounds = params->rounds > 0 ? params->rounds : 1;
    double *draw = NULL;
    memset(out, 0, sizeof *out);
    if (replicates == 0 || replicates > UINT32_MAX) {
        return ns_error(ctx, NS_EINVAL, "Monte Carlo: %zu replicates", replicates);
    }
    if ((draw = ns_calloc(ctx, m * d, sizeof *draw)) == NULL) {
        return NS_ENOMEM;
    }
    ns_consensus_table_t tab = t->table;
    tab.ideal = draw;
    out->replicates = replicates;
    for (size_t r = 0; r < replicates; r++) {
        const ns_consensus_params_t *cp = &params->consensus;
        if (cp->progress != NULL &&
            cp->progress(r > INT_MAX ? INT_MAX : (int)r, cp->progress_user) != 0) {
            st = ns_error(ctx, NS_EINVAL, "Monte Carlo: interrupted after %zu of %zu replicates", r,
                          replicates);
            goto cleanup;
        }
        ns__process_draw(t, centre, seed, r, draw);
        for (size_t round = 0; round < rounds; round++) {
            bool adopted = false;
            if ((st = draft(ctx, arg, &tab, true, &adopted)) != NS_OK) {
                goto cleanup;
            }
            if (adopted) {
                out->adopted++;
                adopted_in_round[round]++;
                break;
            }
            double moved = 0;
            if (round + 1 == rounds ||
                (st = ns_process_move(ctx, t, params, draw, NULL, &moved)) != NS_OK ||
                !(moved > 0)) {
                break;
            }
        }
        if (st != NS_OK) {
            goto cleanup;
        }
    }
    ns_consensus_mc_band(out);

cleanup:
    ns_free(ctx, draw);
    return st;
}
