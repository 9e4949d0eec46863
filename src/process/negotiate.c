/* One body's negotiation: the status quo the timeline hands it, the consensus-drafting
 * engine at the point estimates, and P(consensus) over position uncertainty
 * (DESIGN.md model 7; docs/PROCESS.md section 5).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "process_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t ns__process_seed(uint64_t seed, size_t body)
{
    /* Each body its own streams, so that adding a body to a scenario changes no other
     * body's draws (bodies are appended to the world, never reordered). */
    return seed ^ ((uint64_t)(body + 1) << 40);
}

bool ns__process_is_session(const ns_body_t *b)
{
    /* Bodies that decide by k of n or weighted qualified majority negotiate a report too,
     * by the chair's coalition search (coalition.c). */
    return b->kind != NS_BODY_GA && b->decision != NS_DECIDE_MAJORITY;
}

void ns_negotiation_free(ns_negotiation_t *n)
{
    if (n == NULL) {
        return;
    }
    ns_ctx_t *ctx = n->table.ctx;
    ns_consensus_result_free(&n->result);
    if (ctx != NULL) {
        ns_free(ctx, n->world_status_quo);
        ns_free(ctx, n->rounds);
        ns_free(ctx, n->mc_adopted_in_round);
        ns_free(ctx, n->weight);
        ns_free(ctx, n->in_coalition);
        ns_free(ctx, n->outvoted);
    }
    ns__coalition_free(n->coalition);
    ns_process_table_free(&n->table);
    memset(n, 0, sizeof *n);
}

/* The body's decision rule and its members' weights; under consensus (and k = n) every
 * member is in the coalition and nobody is outvoted. */
static ns_status decision_rule(ns_ctx_t *ctx, const ns_world_t *w, ns_negotiation_t *out)
{
    const ns_process_table_t *t = &out->table;
    ns_status st = ns_process_rule(ctx, w, t->body, t->m, &out->rule);
    if (st != NS_OK) {
        return st;
    }
    out->weight = ns_calloc(ctx, t->m, sizeof *out->weight);
    out->in_coalition = ns_calloc(ctx, t->m, sizeof *out->in_coalition);
    if (out->weight == NULL || out->in_coalition == NULL) {
        return NS_ENOMEM;
    }
    out->total_weight = 0.0;
    for (size_t i = 0; i < t->m; i++) {
        /* Weights: capability shares (DESIGN.md's capability, the GDP share normalised
         * over the world) or one per member (docs/PROCESS.md section 11). */
        bool cap = out->rule.decision == NS_DECIDE_WEIGHTED_QMV && out->rule.capability_weights;
        out->weight[i] = cap ? t->capability[i] : 1.0;
        out->total_weight += out->weight[i];
        out->in_coalition[i] = 1;
    }
    if (!(out->total_weight > 0.0)) {
        char key[192];
        snprintf(key, sizeof key, "qmv_weights.%s", ns_world_body(w, t->body)->id);
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, key,
                           "the members' capabilities sum to 0, so capability weights decide "
                           "nothing (set capabilities, or 0 for one weight per member)");
    }
    out->n_coalition = t->m;
    out->coalition_weight = out->total_weight;
    return NS_OK;
}

ns_status ns__process_negotiate_at(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                                   const double *status_quo, const ns_process_params_t *params,
                                   bool monte_carlo, ns_negotiation_t *out)
{
    ns_status st = NS_OK;
    ns_consensus_ws_t *ws = NULL;
    ns_consensus_params_t cp = params->consensus;
    ns_consensus_result_t scratch;
    double *centre = NULL;
    memset(&scratch, 0, sizeof scratch);
    if ((st = ns_process_table_build(ctx, w, body, year, status_quo, params, &out->table))) {
        goto cleanup;
    }
    const ns_process_table_t *t = &out->table;
    ns_process_engine_params(t, params, &cp);
    if ((st = ns_consensus_ws_new(ctx, t->m, t->d, &ws)) != NS_OK ||
        (st = ns_consensus_result_init(ctx, &out->result, t->m, t->n_stakeholders)) != NS_OK) {
        goto cleanup;
    }
    size_t rounds = params->rounds > 0 ? params->rounds : 1;
    if (rounds > NS_PROCESS_MAX_ROUNDS) {
        st = ns_error(ctx, NS_EINVAL, "%zu drafting rounds (at most %d)", rounds,
                      NS_PROCESS_MAX_ROUNDS);
        goto cleanup;
    }
    if ((out->mc_adopted_in_round = ns_calloc(ctx, rounds, sizeof(size_t))) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    size_t reps = ns_process_replicates(params, t->m);
    uint64_t seed = ns__process_seed(params->seed, body);
    if ((st = decision_rule(ctx, w, out)) != NS_OK) {
        goto cleanup;
    }
    if (ns_process_rule_is_coalition(&out->rule, t->m)) {
        if (monte_carlo && reps == 0) {
            st = ns_error(ctx, NS_EINVAL, "the number of replicates must be positive");
            goto cleanup;
        }
        st = ns__coalition_negotiate(ctx, ws, params, &cp, seed, reps, monte_carlo, out);
        goto cleanup;
    }
    if (monte_carlo) {
        if (reps == 0) {
            st = ns_error(ctx, NS_EINVAL, "the number of replicates must be positive");
            goto cleanup;
        }
        /* The engine's own Monte Carlo first, always: with one draft it is the answer, and
         * the workspace it leaves is the one the point estimates are solved in, so round 1
         * is the single-shot negotiation to the last digit whatever the rounds. */
        st = ns_consensus_mc(ctx, ws, &t->table, t->sd, t->range_lo, t->range_hi, &cp, seed, reps,
                             &out->result, &out->mc);
        if (st != NS_OK) {
            goto cleanup;
        }
        out->mc_adopted_in_round[0] = out->mc.adopted;
        if (rounds > 1) {
            /* The rounds move the table's positions: the draws are centred on the positions
             * before them. */
            if ((centre = ns_calloc(ctx, t->m * t->d, sizeof *centre)) == NULL) {
                st = NS_ENOMEM;
                goto cleanup;
            }
            memcpy(centre, t->ideal, t->m * t->d * sizeof *centre);
        }
    }
    /* The point estimates' rounds; the result holds the last one's negotiation. */
    ns__consensus_drafter_t drafter = {.ws = ws, .cp = &cp, .res = &out->result};
    if ((st = ns__process_point_rounds(ctx, params, ns__process_consensus_draft, &drafter, out)) !=
        NS_OK) {
        goto cleanup;
    }
    if (centre != NULL) {
        /* Every replicate through the same rounds, in a scratch result so that the point
         * estimates' stays. */
        if ((st = ns_consensus_result_init(ctx, &scratch, t->m, t->n_stakeholders)) != NS_OK) {
            goto cleanup;
        }
        memset(out->mc_adopted_in_round, 0, rounds * sizeof *out->mc_adopted_in_round);
        drafter.res = &scratch;
        st = ns__process_mc_rounds(ctx, t, centre, params, seed, reps, ns__process_consensus_draft,
                                   &drafter, &out->mc, out->mc_adopted_in_round);
    }

cleanup:
    ns_consensus_result_free(&scratch);
    ns_free(ctx, centre);
    ns_consensus_ws_free(ws);
    return st;
}

/* Order in which adopted texts become the status quo: by end year, then start. */
typedef struct ended {
    size_t body;
    int end, start;
} ended_t;

static int by_end(const void *a, const void *b)
{
    const ended_t *x = a;
    const ended_t *y = b;
    if (x->end != y->end) {
        return x->end < y->end ? -1 : 1;
    }
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return x->body < y->body ? -1 : x->body > y->body;
}

void ns__process_carry(const ns_world_t *w, size_t body, const ns_process_texts_t *texts,
                       double *status_quo)
{
    size_t n_dims = ns_world_dimension_count(w);
    size_t n_bodies = ns_world_body_count(w);
    const ns_body_t *target = ns_world_body(w, body);
    ended_t order[NS_PROCESS_MAX_BODIES];
    size_t n = 0;
    for (size_t k = 0; k < n_dims; k++) {
        status_quo[k] = ns_world_dimension(w, k)->silence;
    }
    for (size_t a = 0; a < n_bodies && a < NS_PROCESS_MAX_BODIES; a++) {
        const ns_body_t *b = ns_world_body(w, a);
        if (a == body || !texts->done[a] || b->outcome != NS_OUTCOME_ADOPTED || b->end_year == 0 ||
            b->end_year > target->start_year || b->start_year >= target->start_year) {
            continue;
        }
        order[n++] = (ended_t){a, b->end_year, b->start_year};
    }
    qsort(order, n, sizeof *order, by_end);
    for (size_t e = 0; e < n; e++) {
        const double *text = texts->text + order[e].body * n_dims;
        for (size_t k = 0; k < n_dims; k++) {
            if (!isnan(text[k])) {
                status_quo[k] = text[k];
            }
        }
    }
}

ns_status ns__process_texts_init(ns_ctx_t *ctx, const ns_world_t *w, ns_process_texts_t *texts)
{
    size_t n_bodies = ns_world_body_count(w);
    size_t n_dims = ns_world_dimension_count(w);
    memset(texts, 0, sizeof *texts);
    if (n_bodies > NS_PROCESS_MAX_BODIES) {
        return ns_error(ctx, NS_ELIMIT, "%zu bodies; the timeline handles at most %d", n_bodies,
                        NS_PROCESS_MAX_BODIES);
    }
    texts->ctx = ctx;
    texts->done = ns_calloc(ctx, n_bodies + 1, sizeof *texts->done);
    texts->text = ns_calloc(ctx, (n_bodies + 1) * (n_dims + 1), sizeof *texts->text);
    if (texts->done == NULL || texts->text == NULL) {
        return NS_ENOMEM;
    }
    for (size_t i = 0; i < (n_bodies + 1) * (n_dims + 1); i++) {
        texts->text[i] = NAN;
    }
    return NS_OK;
}

void ns__process_texts_destroy(ns_process_texts_t *texts)
{
    if (texts->ctx != NULL) {
        ns_free(texts->ctx, texts->done);
        ns_free(texts->ctx, texts->text);
    }
    memset(texts, 0, sizeof *texts);
}

void ns__process_texts_record(const ns_world_t *w, const ns_negotiation_t *n,
                              ns_process_texts_t *texts)
{
    size_t n_dims = ns_world_dimension_count(w);
    const ns_process_table_t *t = &n->table;
    double *text = texts->text + t->body * n_dims;
    /* Only negotiated paragraphs become agreed language: a chair's summary binds nobody
     * and a dropped paragraph says nothing (DESIGN.md model 7). */
    for (size_t k = 0; k < t->d; k++) {
        if (n->result.action[k] == NS_PARA_KEEP) {
            text[t->dims[k]] = n->result.text[k];
        }
    }
    texts->done[t->body] = true;
}

int ns__process_by_start(const ns_world_t *w, size_t a, size_t b)
{
    const ns_body_t *x = ns_world_body(w, a);
    const ns_body_t *y = ns_world_body(w, b);
    if (x->start_year != y->start_year) {
        return x->start_year < y->start_year ? -1 : 1;
    }
    return a < b ? -1 : a > b;
}

ns_status ns_process_status_quo(ns_ctx_t *ctx, const ns_world_t *w, size_t body,
                                const ns_process_params_t *params, double *status_quo)
{
    ns_status st = NS_OK;
    ns_process_texts_t texts;
    ns_negotiation_t n;
    memset(&n, 0, sizeof n);
    const ns_body_t *target = ns_world_body(w, body);
    size_t n_bodies = ns_world_body_count(w);
    size_t n_dims = ns_world_dimension_count(w);
    double *sq = NULL;
    if ((st = ns__process_texts_init(ctx, w, &texts)) != NS_OK) {
        goto cleanup;
    }
    if (target == NULL) {
        st = ns_error(ctx, NS_EINVAL, "body index %zu out of range", body);
        goto cleanup;
    }
    if ((sq = ns_calloc(ctx, n_dims + 1, sizeof *sq)) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    /* Replay, in order of first year, every earlier adopted session that ended in time
     * to matter (its own status quo from those before it). */
    for (;;) {
        long next = -1;
        for (size_t a = 0; a < n_bodies; a++) {
            const ns_body_t *b = ns_world_body(w, a);
            if (a == body || texts.done[a] || !ns__process_is_session(b) ||
                b->outcome != NS_OUTCOME_ADOPTED || b->end_year == 0 ||
                b->end_year > target->start_year || b->start_year >= target->start_year) {
                continue;
            }
            if (next < 0 || ns__process_by_start(w, a, (size_t)next) < 0) {
                next = (long)a;
            }
        }
        if (next < 0) {
            break;
        }
        ns__process_carry(w, (size_t)next, &texts, sq);
        st = ns__process_negotiate_at(ctx, w, (size_t)next, 0, sq, params, false, &n);
        if (st != NS_OK) {
            goto cleanup;
        }
        ns__process_texts_record(w, &n, &texts);
        ns_negotiation_free(&n);
    }
    ns__process_carry(w, body, &texts, status_quo);

cleanup:
    ns_negotiation_free(&n);
    ns_free(ctx, sq);
    ns__process_texts_destroy(&texts);
    return st;
}

ns_status ns_process_negotiate(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                               const ns_process_params_t *params, ns_negotiation_t *out)
{
    ns_status st = NS_OK;
    size_t n_dims = ns_world_dimension_count(w);
    memset(out, 0, sizeof *out);
    out->table.ctx = ctx;
    out->world_status_quo = ns_calloc(ctx, n_dims + 1, sizeof *out->world_status_quo);
    if (out->world_status_quo == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    if ((st = ns_process_status_quo(ctx, w, body, params, out->world_status_quo)) != NS_OK) {
        goto cleanup;
    }
    st = ns__process_negotiate_at(ctx, w, body, year, out->world_status_quo, params, true, out);

cleanup:
    return st;
}
