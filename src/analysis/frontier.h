/* The representativeness-consensus frontier study's replicate model (frontier.c).
 * Internal to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_ANALYSIS_FRONTIER_H
#define NS_ANALYSIS_FRONTIER_H

#include "normsim/study.h"

/* Listed by ns_study_model_get() only once its replicate function is set. */
extern const ns_study_model_t ns__frontier_model;

/**
 * For tests: who sits at the table in one replicate of the frontier model.
 * @param state    in: from the model's setup.
 * @param params   in: the model's parameters (body_size, membership, body).
 * @param members  out: the base body's member states (world indices, *n of them, the
 *                 order of `seat`); borrowed from state.
 * @param seat     out: *n flags (1 seated), or NULL to ask for *n and *members only.
 * @return NS_OK; NS_EINVAL (a body the world lacks, a rotation body smaller than the
 *         P5 and the chair); NS_ENOMEM.
 */
ns_status ns__frontier_seats(ns_ctx_t *ctx, const void *state, const double *params, uint64_t seed,
                             uint32_t point, uint32_t replicate, const size_t **members, size_t *n,
                             unsigned char *seat);

#endif
