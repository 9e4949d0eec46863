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

/* Consultation of the table's stakeholders and regional organisations, where the body
 * hears them, applied to positions x (m * d) in place (docs/PROCESS.md section 4). The
 * mean |dx| over members and paragraphs goes to *shift, and *largest is raised to the
 * largest |dx| (both may be NULL). */
void ns__process_consult(const ns_process_table_t *t, const ns_process_params_t *params, double *x,
                         double *shift, double *largest);

/* Replicate r's positions into draw (m x d): the draw of ns_consensus_mc(), one stream
 * per (replicate, member, paragraph), centre + sd N(0, 1) clamped to the table's range,
 * so that round 1 of replicate r is the single-shot negotiation's replicate r. */
void ns__process_draw(const ns_process_table_t *t, const double *centre, uint64_t seed, size_t r,
                      double *draw);

/* One draft decided on tab (the point estimates' table, or a replicate's with its drawn
 * positions): by the consensus engine (ns__process_consensus_draft) or by the chair's
 * coalition search (coalition.c). verdict_only: the Monte Carlo's verdict, else the full
 * outcome, kept where the drafter keeps it (for the point estimates: n->result).
 * *adopted: the verdict. */
typedef ns_status (*ns__process_draft_fn)(ns_ctx_t *ctx, void *arg, const ns_consensus_table_t *tab,
                                          bool verdict_only, bool *adopted);

/* The consensus engine as a drafter: ns_consensus_decide() for a verdict,
 * ns_consensus_solve() otherwise, into res. */
typedef struct ns__consensus_drafter {
    ns_consensus_ws_t *ws;
    const ns_consensus_params_t *cp;
    ns_consensus_result_t *res;
} ns__consensus_drafter_t;

ns_status ns__process_consensus_draft(ns_ctx_t *ctx, void *arg, const ns_consensus_table_t *tab,
                                      bool verdict_only, bool *adopted);

/* P(adoption) with drafting rounds in every replicate: the draws of ns_consensus_mc()
 * around centre (m * d), then in each replicate the rounds of ns_process_negotiate(),
 * each draft decided by `draft` (verdict only). adopted_in_round: params->rounds
 * counters (added to). */
ns_status ns__process_mc_rounds(ns_ctx_t *ctx, const ns_process_table_t *t, const double *centre,
                                const ns_process_params_t *params, uint64_t seed, size_t replicates,
                                ns__process_draft_fn draft, void *arg, ns_consensus_mc_t *out,
                                size_t *adopted_in_round);

/* The drafting rounds at the point estimates: decide a draft (`draft`, in full, its
 * outcome left in n->result); while not adopted and rounds remain, move t->ideal and
 * decide again. Records each round in n->rounds (allocated here). */
ns_status ns__process_point_rounds(ns_ctx_t *ctx, const ns_process_params_t *params,
                                   ns__process_draft_fn draft, void *arg, ns_negotiation_t *n);

/* ---- The chair's coalition search (coalition.c; docs/PROCESS.md section 11) ---------- */

/* Scratch and outcome of the search, allocated once per negotiation. `sub` is the last
 * coalition's table: the full table itself while nobody has been dropped, else the
 * compacted arrays below; `res` its outcome in its own indices. */
struct ns_process_coalition {
    ns_ctx_t *ctx;
    size_t m, d;
    ns_process_rule_t rule;
    const double *weight; /* m (borrowed from the negotiation). */
    double total;         /* Sum of the weights. */
    unsigned char *in;    /* m: member i in the coalition. */
    size_t n_in;
    size_t *index;                                /* n_in: coalition position -> table index. */
    double *ideal, *salience, *capability, *will; /* Compacted rows. */
    const char **names;                           /* n_in member names. */
    const char *const *all_names;                 /* m (borrowed from the table). */
    double summary_at[NS_CONSENSUS_MAX_DIMS];     /* The full body's z, kept fixed. */
    ns_consensus_table_t sub;
    ns_consensus_result_t res;
    ns_consensus_result_t look;      /* The lookahead's scratch outcome. */
    ns_consensus_blocker_t *dropped; /* m: who was dropped, in order (table indices). */
    size_t n_dropped;
    size_t *cand; /* m: the lookahead's candidates. */
    size_t tried; /* Engine calls of the last search. */
};

/* Allocate the search's scratch for table t. weight: m weights (borrowed). */
ns_status ns__coalition_new(ns_ctx_t *ctx, const ns_process_table_t *t,
                            const ns_process_rule_t *rule, const double *weight,
                            ns_process_coalition_t **out);
void ns__coalition_free(ns_process_coalition_t *c);

/* The chair's greedy search on `full` (the table, perhaps with drawn positions): start
 * with every member, negotiate by unanimity within the coalition; while it fails, drop
 * the blocker that needs the most will whose removal leaves the coalition winning. With
 * verdict_only the engine's cheaper ns_consensus_decide() tries each coalition first
 * (the Monte Carlo). c->res ends with the last coalition's outcome. */
ns_status ns__coalition_search(ns_ctx_t *ctx, ns_consensus_ws_t *ws, ns_process_coalition_t *c,
                               const ns_consensus_table_t *full, const ns_consensus_params_t *cp,
                               bool verdict_only);

/* A coalition body's negotiation (rule already in out->rule, weights in out->weight):
 * the Monte Carlo (when asked) and the point estimates' rounds, each draft decided by the
 * search. */
ns_status ns__coalition_negotiate(ns_ctx_t *ctx, ns_consensus_ws_t *ws,
                                  const ns_process_params_t *params,
                                  const ns_consensus_params_t *cp, uint64_t seed, size_t reps,
                                  bool monte_carlo, ns_negotiation_t *out);

#endif
