/* Internals shared by the files of src/process/. Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_PROCESS_INTERNAL_H
#define NS_PROCESS_INTERNAL_H

#include "normsim/process.h"

/* Bodies the timeline carries texts for (the UN world has ten). */
#define NS_PROCESS_MAX_BODIES 256

/* The negotiated text each session left, per world dimension (NaN: no agreed language
 * from that session). */
typedef struct ns_process_texts {
    ns_ctx_t *ctx;
    bool *done;   /* Per body: negotiated already. */
    double *text; /* n_bodies x n_dims. */
} ns_process_texts_t;

ns_status ns__process_texts_init(ns_ctx_t *ctx, const ns_world_t *w, ns_process_texts_t *texts);
void ns__process_texts_destroy(ns_process_texts_t *texts);
/* Keep the kept paragraphs of a negotiation as the body's text. */
void ns__process_texts_record(const ns_world_t *w, const ns_negotiation_t *n,
                              ns_process_texts_t *texts);
/* The status quo body meets, from the texts of the adopted sessions done so far. */
void ns__process_carry(const ns_world_t *w, size_t body, const ns_process_texts_t *texts,
                       double *status_quo);

/* A body that negotiates a report by consensus (not the General Assembly). */
bool ns__process_is_session(const ns_body_t *b);
/* Compare bodies by first year, then index. */
int ns__process_by_start(const ns_world_t *w, size_t a, size_t b);
/* The Monte Carlo seed of a body. */
uint64_t ns__process_seed(uint64_t seed, size_t body);

/* Negotiate a body at a given status quo (per world dimension); Monte Carlo only when
 * asked. `out` must be zeroed or destroyed. */
ns_status ns__process_negotiate_at(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                                   const double *status_quo, const ns_process_params_t *params,
                                   bool monte_carlo, ns_negotiation_t *out);

#endif
