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
} ns__rollcalls_t;

/* Every recorded roll call of the world whose side can be told, in the world's
 * resolution order. */
ns_status ns__rollcalls_load(ns_ctx_t *ctx, const ns_world_t *w, ns__rollcalls_t *out);
void ns__rollcalls_destroy(ns__rollcalls_t *rcs);

/* Alignment and lagged ideal point of each state in `year` (ideal may be NULL). */
ns_status ns__vote_alignments(ns_ctx_t *ctx, const ns_world_t *w, int year, const size_t *states,
                              size_t n, double *align, double *ideal);

/* Maximum-likelihood slope over the roll calls other than `skip` (SIZE_MAX: none
 * skipped). NS_ENOTFOUND when no roll call is left. */
ns_status ns__vote_fit_beta(ns_ctx_t *ctx, const ns__rollcalls_t *rcs, size_t skip, double *beta,
                            int *n_train);

/* Cut points for a text of `line` in `year` without a tally: the latest roll call of the
 * line before the year (other than skip), else the mean over all earlier roll calls.
 * *source is "line" or "pooled", *from the roll call used (SIZE_MAX for pooled).
 * NS_ENOTFOUND when there is no earlier roll call at all. */
ns_status ns__vote_cuts_from_history(ns_ctx_t *ctx, const ns_world_t *w, const ns__rollcalls_t *rcs,
                                     size_t skip, const char *line, int year, ns_vote_model_t *m,
                                     const char **source, size_t *from);

#endif
