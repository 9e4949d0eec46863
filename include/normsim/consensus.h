/* normsim: consensus drafting (normsim's model 7, docs/CONSENSUS.md; built on the
 * unanimity win-set of Tsebelis 2002 and the Nash bargaining solution of Nash 1950 with
 * outside options as the disagreement point).
 *
 * A chair drafts a report of one paragraph per mandated dimension. Each paragraph is
 * kept (negotiated: its text y_d is free), moved to a non-negotiated chair's summary (its
 * text sits at z_d and binds nobody), or dropped (y_d = q_d, the status quo). Member i
 * accepts a draft iff U_i(y) >= U_i(o_i) - w_i, with
 *   U_i(y) = - sum_d s_id l(|y_d - x_id|),   l(t) = t or t^2,
 *   o_i    = q + b c_i (x_i - q)             (its outside option: forum shopping),
 * and w_i its political will. The margin of member i is
 *   g_i(y) = U_i(y) - U_i(o_i) + w_i,
 * and the report is adopted iff every member's margin is >= 0 (to the tolerance below).
 * Within a choice of actions the text maximises the Nash product prod_i g_i over the
 * feasible set; if no choice is feasible, the engine reports the least-violating draft
 * argmax_y min_i g_i(y), its blockers and the will each would need.
 *
 * The engine knows nothing of worlds or bodies: it takes a table of numbers. It never
 * allocates after ns_consensus_ws_new() and ns_consensus_result_init(), so a Monte
 * Carlo loop reuses one workspace and one result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_CONSENSUS_H
#define NORMSIM_CONSENSUS_H

#include "normsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest number of paragraphs (mandated dimensions) of one negotiation. */
#define NS_CONSENSUS_MAX_DIMS 16
/* Largest table (members) the engine accepts: the General Assembly and then some. */
#define NS_CONSENSUS_MAX_MEMBERS 4096

typedef enum ns_loss {
    NS_LOSS_LINEAR = 0, /* l(t) = t: city-block utilities. */
    NS_LOSS_QUADRATIC   /* l(t) = t^2: Euclidean (ellipsoid) utilities. */
} ns_loss_t;

/* What the chair does with a paragraph. NS_PARA_FREE (input only) lets the chair choose. */
typedef enum ns_para_action {
    NS_PARA_KEEP = 0, /* Negotiated: its text y_d is part of the consensus. */
    NS_PARA_SUMMARY,  /* Moved to the chair's summary at z_d: binds nobody. */
    NS_PARA_DROP,     /* Left out: y_d = q_d for every member. */
    NS_PARA_FREE
} ns_para_action_t;

/* "keep", "summary", "drop", "free"; "?" for other values. */
const char *ns_consensus_action_name(ns_para_action_t a);

typedef enum ns_consensus_search {
    NS_SEARCH_GREEDY = 0, /* Greedy moves to the summary with an add-back pass: O(D^2)
                           * feasibility solves. The default. */
    NS_SEARCH_EXHAUSTIVE  /* Every keep/summary combination of the free paragraphs:
                           * 2^D solves. Exact for the chair's objective. */
} ns_consensus_search_t;

/* Global parameters (never per session). */
typedef struct ns_consensus_params {
    ns_loss_t loss;
    double forum_shopping; /* b in [0, 1]: strength of the outside option. */
    double summary_record; /* f in [0, 1]: what a chair's summary is worth to those who
                            * prefer its text, as a fraction of the move q -> z. */
    bool summary_available;
    ns_consensus_search_t search;
    double tolerance; /* Relative tolerance of margins and positions; 0: 1e-9. */
    /* Called before each Monte Carlo replicate (0, 1, ...) of ns_consensus_mc and of the
     * process's rounds; non-zero stops the run (NS_EINVAL, "interrupted"). NULL: never. */
    ns_round_cb progress;
    void *progress_user;
} ns_consensus_params_t;

/* b = 0.5, f = 0.5, linear loss, summary available, greedy search,
 * tolerance 1e-9. The defaults' reasons are in docs/CONSENSUS.md. */
void ns_consensus_params_default(ns_consensus_params_t *p);

/* One negotiation. Everything is borrowed. Member-major arrays: a[i * d + k]. */
typedef struct ns_consensus_table {
    size_t m;                       /* Members (deciders), 1 .. NS_CONSENSUS_MAX_MEMBERS. */
    size_t d;                       /* Paragraphs, 1 .. NS_CONSENSUS_MAX_DIMS. */
    const double *ideal;            /* m * d ideal points x_id (finite). */
    const double *salience;         /* m * d saliences s_id in [0, 1]. */
    const double *capability;       /* m capabilities c_i in [0, 1] (normalised over the world,
                                     * not the table, so that removing a member changes nobody
                                     * else's outside option); NULL: all 1. */
    const double *will;             /* m wills w_i >= 0, INFINITY allowed; NULL: all 0. */
    const double *status_quo;       /* d status quo positions q_d (last agreed language or the
                                     * silence anchor). */
    const double *summary_at;       /* d summary positions z_d, or NULL: the chair's ideal, or
                                     * without a chair the compromise sum c s x / sum c s. */
    const ns_para_action_t *forced; /* d actions imposed on the chair (NS_PARA_FREE lets
                                     * it choose), or NULL: all free. */
    long chair;                     /* Member index of the chair, or -1. */
    /* Stakeholders: evaluated (their margins against q are reported) but never decide. */
    size_t n_stakeholders;
    const double *stakeholder_ideal;    /* n_stakeholders * d. */
    const double *stakeholder_salience; /* n_stakeholders * d. */
} ns_consensus_table_t;

/* Why a member blocks: its will shortfall and the paragraphs that drive it. */
typedef struct ns_consensus_blocker {
    size_t member;
    double will_needed; /* -margin at the least-violating draft, > 0. */
    size_t n_paras;     /* Paragraphs leaving it worse off than its outside option. */
    unsigned char paras[NS_CONSENSUS_MAX_DIMS]; /* Sorted by objection, largest first. */
    double objection[NS_CONSENSUS_MAX_DIMS];    /* s l(|text - x|) - s l(|o - x|) > 0. */
} ns_consensus_blocker_t;

/* The outcome. Initialise once with ns_consensus_result_init() (it allocates the
 * per-member arrays for up to m_max members), reuse, release with ns_consensus_result_free(). */
typedef struct ns_consensus_result {
    ns_ctx_t *ctx; /* Borrowed: the allocator of the arrays. */
    size_t m_max;  /* Capacity in members and stakeholders. */
    size_t s_max;
    size_t m, d;
    bool adopted;
    ns_para_action_t action[NS_CONSENSUS_MAX_DIMS];
    double text[NS_CONSENSUS_MAX_DIMS];  /* Kept: y_d; summary: z_d; drop: q_d. */
    double moved[NS_CONSENSUS_MAX_DIMS]; /* Kept: |y_d - q_d|; summary: |z_d - q_d|;
                                          * drop: 0. */
    /* For a paragraph moved to the summary by the search: the worst margin of the best
     * draft just before and just after the move (NaN otherwise). */
    double move_before[NS_CONSENSUS_MAX_DIMS];
    double move_after[NS_CONSENSUS_MAX_DIMS];
    double *margin;           /* m margins g_i at the text (INFINITY for infinite will). */
    double *stakeholder_gain; /* n_stakeholders: U(text) - U(q) for each stakeholder. */
    size_t n_stakeholders;
    size_t n_blockers;                /* 0 when adopted. */
    ns_consensus_blocker_t *blockers; /* Sorted by will needed, largest first. */
    double worst_margin;              /* min_i g_i at the text (the maximin value M* when not
                                       * adopted). */
    double nash_log;                  /* sum_i ln g_i over finite-will members; -INFINITY when a
                                       * margin is 0 (the feasible set is one point). */
    long sweeps;                      /* Coordinate sweeps of every solve. */
    long choices;                     /* Choices of actions examined. */
    bool converged;                   /* Every solve met its tolerance within its sweep cap. */
} ns_consensus_result_t;

/**
 * Allocate a result for tables of up to m_max members and s_max stakeholders.
 * @return NS_OK, NS_EINVAL (m_max = 0 or too large), NS_ENOMEM (nothing to free).
 */
ns_status ns_consensus_result_init(ns_ctx_t *ctx, ns_consensus_result_t *res, size_t m_max,
                                   size_t s_max);
/* Release the arrays. Accepts a zeroed result and NULL. */
void ns_consensus_result_free(ns_consensus_result_t *res);

/* A reusable workspace for tables of up to m_max members and d_max paragraphs. */
typedef struct ns_consensus_ws ns_consensus_ws_t;

/**
 * @return NS_OK; NS_EINVAL (m_max or d_max 0 or above the limits); NS_ENOMEM.
 */
ns_status ns_consensus_ws_new(ns_ctx_t *ctx, size_t m_max, size_t d_max, ns_consensus_ws_t **out);
void ns_consensus_ws_free(ns_consensus_ws_t *ws);

/**
 * Negotiate one report.
 *
 * @param ws      in/out: workspace at least as large as the table.
 * @param table   in: borrowed.
 * @param params  in: global parameters.
 * @param res     out: the outcome (its capacity must hold table->m members and the
 *                stakeholders).
 * @return NS_OK (adopted or not: see res->adopted); NS_EINVAL (a malformed table or
 *         parameter; the message names it); NS_ELIMIT (table larger than ws or res).
 *         Never allocates.
 * Complexity: each feasibility or Nash solve is O(m d) per coordinate evaluation; the
 * greedy search makes O(d^2) solves at most, the exhaustive one 2^d.
 */
ns_status ns_consensus_solve(ns_ctx_t *ctx, ns_consensus_ws_t *ws,
                             const ns_consensus_table_t *table, const ns_consensus_params_t *params,
                             ns_consensus_result_t *res);

/**
 * The outcome of one negotiation without the diagnostics of a failure: for studies that
 * need what a body adopts, not why it failed (the frontier study, sweeps).
 *
 * When the report is adopted, res holds exactly what ns_consensus_solve() gives
 * (actions, the Nash text, margins, worst margin). When it is not, res->adopted is false,
 * res->n_blockers is 0, and the least-violating draft, margins and blockers are not
 * computed (text and margins are NaN): only the verdict is certain, decided by the
 * certificates of docs/CONSENSUS.md section 5.
 * @return as ns_consensus_solve(). Never allocates.
 */
ns_status ns_consensus_decide(ns_ctx_t *ctx, ns_consensus_ws_t *ws,
                              const ns_consensus_table_t *table,
                              const ns_consensus_params_t *params, ns_consensus_result_t *res);

/**
 * Margins of every member for one given draft: actions per paragraph (no
 * NS_PARA_FREE), and y_d for kept paragraphs (other entries ignored).
 *
 * @param margins  out: m margins g_i (INFINITY for infinite will).
 * @return NS_OK, NS_EINVAL, NS_ELIMIT. O(m d).
 */
ns_status ns_consensus_margins(ns_ctx_t *ctx, ns_consensus_ws_t *ws,
                               const ns_consensus_table_t *table,
                               const ns_consensus_params_t *params, const ns_para_action_t *action,
                               const double *y, double *margins);

/* Monte Carlo over position uncertainty. */
typedef struct ns_consensus_mc {
    size_t replicates;
    size_t adopted;
    double p;      /* adopted / replicates. */
    double lo, hi; /* 90% Wilson score interval of p. */
    long sweeps;   /* Total coordinate sweeps (work done). */
} ns_consensus_mc_t;

/* Set mc->p = adopted / replicates (replicates > 0) and its 90% Wilson score interval
 * [lo, hi] (Wilson 1927): unlike the normal approximation it stays inside [0, 1] and is
 * not degenerate when every replicate agrees. */
void ns_consensus_mc_band(ns_consensus_mc_t *mc);

/**
 * P(consensus) over R replicates: in replicate r each ideal point is drawn as
 * x_id + sd_id N(0, 1), clamped to [lo, hi], from the stream (seed, r, i, k), so the
 * answer does not depend on the order or the thread that runs the replicates.
 *
 * @param sd      in: m * d standard deviations >= 0 (NULL: no uncertainty).
 * @param lo, hi  in: range of positions (e.g. 0 and 100).
 * @param res     in/out: scratch result (its last replicate's outcome is left in it;
 *                earlier replicates are decided by their verdict alone, see
 *                docs/CONSENSUS.md section 7).
 * @return NS_OK, NS_EINVAL, NS_ELIMIT. Never allocates.
 */
ns_status ns_consensus_mc(ns_ctx_t *ctx, ns_consensus_ws_t *ws, const ns_consensus_table_t *table,
                          const double *sd, double lo, double hi,
                          const ns_consensus_params_t *params, uint64_t seed, size_t replicates,
                          ns_consensus_result_t *res, ns_consensus_mc_t *out);

/**
 * Tell the outcome in plain sentences (who blocked what, which concession carried the
 * text), one per line, into buf (always NUL-terminated when size > 0).
 *
 * @param member_names  in: m names, or NULL ("member 3").
 * @param para_names    in: d names, or NULL ("paragraph 2").
 * @param needed        out: bytes the full text needs, without the NUL (may be NULL).
 * @return NS_OK; NS_ELIMIT when buf was too small (it holds a truncated text).
 */
ns_status ns_consensus_explain(ns_ctx_t *ctx, const ns_consensus_table_t *table,
                               const ns_consensus_result_t *res, const char *const *member_names,
                               const char *const *para_names, char *buf, size_t size,
                               size_t *needed);

#ifdef __cplusplus
}
#endif
#endif
