/* Internals of the vote model shared with its backtest. Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_VOTE_INTERNAL_H
#define NS_VOTE_INTERNAL_H

#include "normsim/vote.h"

/* One recorded roll call with what the models need about each voter. */
typedef struct ns__rollcall {
    size_t res; /* Index into the world's resolutions. */
    int year;
    int sign; /* ns_positions_resolution_side; roll calls with 0 are not kept. */
    size_t n;
    size_t *state;
    ns_vote_value_t *vote;
    double *align; /* Position model alignment in the roll call's year. */
    double *ideal; /* Lagged general ideal point (NaN if none). */
    int yes, no, abstain;
} ns__rollcall_t;

typedef struct ns__rollcalls {
    ns_ctx_t *ctx;
    ns__rollcall_t *items;
    size_t n;
    size_t max_voters;
    /* Each roll call's log-likelihood at each slope of the fit's grid (n x NS__BETA_GRID,
     * row k for roll call k), made by the first fit and shared by the later ones. */
    double *grid_ll;
} ns__rollcalls_t;

/* The slope grid of ns__vote_fit_beta: beta = exp(k / 10) for k in [-30, 50]. */
#define NS__BETA_K_MIN (-30)
#define NS__BETA_K_MAX 50
#define NS__BETA_GRID  (NS__BETA_K_MAX - NS__BETA_K_MIN + 1)

/* Every recorded roll call of the world whose side can be told, in the world's
 * resolution order. */
ns_status ns__rollcalls_load(ns_ctx_t *ctx, const ns_world_t *w, ns__rollcalls_t *out);
void ns__rollcalls_destroy(ns__rollcalls_t *rcs);

/* Alignment and lagged ideal point of each state in `year` (ideal may be NULL). */
ns_status ns__vote_alignments(ns_ctx_t *ctx, const ns_world_t *w, int year, const size_t *states,
                              size_t n, double *align, double *ideal);

/* Maximum-likelihood slope over the roll calls other than `skip` (SIZE_MAX: none
 * skipped). NS_ENOTFOUND when no roll call is left. The first call fills rcs->grid_ll. */
ns_status ns__vote_fit_beta(ns_ctx_t *ctx, ns__rollcalls_t *rcs, size_t skip, double *beta,
                            int *n_train);

/* Cut points for a text of `line` in `year` without a tally: the latest roll call of the
 * line before the year (other than skip), else the mean over all earlier roll calls.
 * *source is "line" or "pooled", *from the roll call used (SIZE_MAX for pooled).
 * NS_ENOTFOUND when there is no earlier roll call at all. */
ns_status ns__vote_cuts_from_history(ns_ctx_t *ctx, const ns_world_t *w, const ns__rollcalls_t *rcs,
                                     size_t skip, const char *line, int year, ns_vote_model_t *m,
                                     const char **source, size_t *from);

/* ---- The sponsor rule (docs/RECORD.md section 9; vote_sponsors.c) ------------------ */

/* A voter's part in the rule for one text. */
enum { NS__ROLE_NONE = 0, NS__ROLE_SPONSOR = 1, NS__ROLE_RIVAL = 2 };

/* The two shares of the rule and what they were counted on. */
typedef struct ns__sponsor_rule {
    double q; /* Camp discipline: share of rival-set voters that voted no (0: none). */
    double r; /* Sponsor loyalty: share of sponsor-set voters that voted yes (0: none). */
    int n_q;  /* Roll calls q was counted on (those with a competing draft). */
    int n_r;  /* Roll calls r was counted on (those with sponsor rows). */
    int voters_q, voters_r; /* Voters counted. */
} ns__sponsor_rule_t;

/**
 * Each voter's role on resolution `res` (side `sign`, year `year`): NS__ROLE_SPONSOR for a
 * state with a sponsor row of res, NS__ROLE_RIVAL for the rival set when res has a
 * competing draft (same committee and session, main sponsor on the other side), else
 * NS__ROLE_NONE. *competing tells whether there was a competing draft.
 */
ns_status ns__sponsor_roles(ns_ctx_t *ctx, const ns_world_t *w, size_t res, int sign, int year,
                            const size_t *states, size_t n, unsigned char *role, bool *competing);

/**
 * Count q and r on the roll calls of rcs other than `skip` (an index into rcs or
 * SIZE_MAX); with `before` (a resolution index, or SIZE_MAX for none), only on those
 * dated strictly before it (the forward scheme).
 */
ns_status ns__sponsor_estimate(ns_ctx_t *ctx, const ns_world_t *w, const ns__rollcalls_t *rcs,
                               size_t skip, size_t before, ns__sponsor_rule_t *out);

/* The rule applied to one voter's probabilities. */
ns_vote_probs_t ns__sponsor_apply(const ns__sponsor_rule_t *rule, unsigned char role,
                                  ns_vote_probs_t p);

/* The rule on a forecast of resolution `target` (rows filled without a tally): when the
 * world parameter `sponsors` is 1, q and r are counted forward (on the roll calls of rcs
 * other than skip dated before target) and every row's probabilities and vote change. */
ns_status ns__vote_forecast_sponsors(ns_ctx_t *ctx, const ns_world_t *w, const ns__rollcalls_t *rcs,
                                     size_t skip, size_t target, ns_vote_forecast_t *f);

#endif
