/* Consensus drafting (model 7): what consensus.c, consensus_search.c and
 * consensus_explain.c share. See docs/CONSENSUS.md for the formalisation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_CONSENSUS_INTERNAL_H
#define NS_CONSENSUS_INTERNAL_H

#include "normsim/consensus.h"

#include <math.h>
#include <stdint.h>

/* Sort key of the weighted-median scans. */
typedef struct ns__cons_key {
    double x;
    uint32_t i;
} ns__cons_key_t;

struct ns_consensus_ws {
    ns_ctx_t *ctx;
    size_t m_max, d_max;

    /* The table being solved (set by ns__cons_setup). */
    size_t m, D;
    ns_loss_t loss;
    const double *x; /* m * D ideal points (the table's, or draw[] in Monte Carlo). */
    const double *s; /* m * D saliences. */
    double q[NS_CONSENSUS_MAX_DIMS];
    double z[NS_CONSENSUS_MAX_DIMS];
    ns_para_action_t forced[NS_CONSENSUS_MAX_DIMS];
    bool summary_available;
    double pos_scale;  /* Spread of every position and status quo, >= 1. */
    double util_scale; /* Largest possible utility loss of one member, >= 1. */
    double tol_x;      /* Position tolerance: tol * pos_scale. */
    double tol_g;      /* Margin tolerance: tol * util_scale. */

    /* Per member and paragraph (m * D): s l(|o - x|), s l(|q - x|), s l(|e - x|). */
    double *out_loss, *drop_loss, *summary_loss;
    double *base;  /* m: w_i + sum_d out_loss_id (the margin before any text). */
    uint32_t *act; /* Members of finite will: the ones that can block. */
    size_t n_act;

    /* Scratch of one solve. */
    double *C;     /* m: constant part of the margin for the choice being solved. */
    double *g;     /* m: margins at the current text. */
    double *slack; /* m: g - t during the maximin phase. */
    double *lam;   /* m: dual weights. */
    /* True while lam holds the normalised barrier weights of the last solve (an
     * infeasible one: the Nash phase reuses lam as scratch). */
    bool lam_valid;
    /* The greedy's copies (m each) of the weights of its parent choice and of the best
     * candidate so far, for the candidates' bounds. */
    double *plam, *clam;
    /* The greedy's weights 1 / g_i at the Nash text of its best feasible candidate so
     * far (m), for the tangent bound on the other candidates' Nash products. */
    double *nw;
    /* The barrier path's copies, paragraph-major over the members who can block
     * (column j of kd, member a: [j * n_act + a]): ideal, salience, and the smoothed
     * loss's slope term -s l' and curvature term s l''; per member the constant C and
     * the smoothed margin (docs/CONSENSUS.md section 8). */
    double *px, *ps, *pl1, *pl2; /* m * D each. */
    /* Member-major copies (member a, column j: [a * nk + j]) of the slopes pl1 and of
     * the slopes times mu / r^2, for the Newton matrix (newton_matrix in consensus.c). */
    double *pt, *pb; /* m * D each. */
    double *pw;      /* 2 m: mu / r and mu / r^2 per member. */
    double *pc, *pg; /* m each. */
    /* A solve stops as soon as its certified upper bound on M* falls below cut (the
     * choice can then no longer win the greedy's comparison); -INFINITY: never. */
    double cut;
    ns__cons_key_t *keys;
    uint32_t *order; /* D * m: active members sorted by x_id, per paragraph. */
    bool sorted;
    double *draw; /* m * D: Monte Carlo ideal points. */
    /* Monte Carlo: a text that was accepted in an earlier replicate (a cheap first try
     * for the next verdict; never changes a verdict, see quick_feasible). */
    double warm[NS_CONSENSUS_MAX_DIMS];
    bool have_warm;
    /* Monte Carlo: the Nash text of the table's own positions with every free paragraph
     * kept, deep inside most replicates' acceptable sets. */
    double nominal[NS_CONSENSUS_MAX_DIMS];
    bool have_nominal;
};

/* Solution of one choice of actions. */
typedef struct ns__cons_sol {
    bool feasible;
    double lower, upper;             /* Bounds on M* = max_y min_i g_i(y): lower = min g at y. */
    double y[NS_CONSENSUS_MAX_DIMS]; /* Kept paragraphs; q_d elsewhere. */
    double nash;                     /* sum ln g_i at y when feasible, else -INFINITY. */
    long sweeps;
    bool converged;
    bool cut_off; /* Stopped because upper < ws->cut: infeasible, lower not refined. */
} ns__cons_sol_t;

/* What a solve is asked for. */
enum {
    NS__CONS_DECIDE = 0, /* Stop as soon as the sign of M* is known (no Nash text). */
    NS__CONS_NASH = 1,   /* If feasible, the Nash text; if not, stop at the sign. */
    NS__CONS_FULL = 2    /* If feasible, the Nash text; if not, M* to the tolerance. */
};

/* Validate the table and parameters, and precompute the per-member terms. ideal may
 * replace the table's ideal points (Monte Carlo); NULL uses the table's. */
ns_status ns__cons_setup(ns_ctx_t *ctx, ns_consensus_ws_t *ws, const ns_consensus_table_t *table,
                         const ns_consensus_params_t *params, const double *ideal);

/* Solve one choice (no NS_PARA_FREE). start: kept coordinates to try first, or NULL. */
void ns__cons_solve_choice(ns_consensus_ws_t *ws, const ns_para_action_t *action, int mode,
                           const double *start, ns__cons_sol_t *sol);

/* Margins of every member (INFINITY for infinite will) for a choice and text. */
void ns__cons_margins(const ns_consensus_ws_t *ws, const ns_para_action_t *action, const double *y,
                      double *margins);

/* min_v sum_i lam_i s_ik l(|v - x_ik|) over the members who can block: the cost of a
 * negotiated paragraph k in the dual bound h(lambda) (docs/CONSENSUS.md, section 5). */
double ns__cons_para_cost(ns_consensus_ws_t *ws, const double *lam, size_t k);

/* True when keeping paragraph k is at least as good as the summary for every member
 * (docs/CONSENSUS.md, lemma 3): the search then never moves it. */
bool ns__cons_keep_dominates(const ns_consensus_ws_t *ws, size_t k);

/* Loss l(t) for t >= 0. */
static inline double ns__cons_loss(ns_loss_t loss, double t)
{
    return loss == NS_LOSS_LINEAR ? t : t * t;
}

/* C_i of a choice: member i's base minus what the paragraphs that are not negotiated
 * (summary, dropped) cost it. */
static inline double ns__cons_constant(const ns_consensus_ws_t *ws, const ns_para_action_t *action,
                                       size_t i)
{
    size_t D = ws->D;
    double c = ws->base[i];
    for (size_t k = 0; k < D; k++) {
        if (action[k] == NS_PARA_SUMMARY) {
            c -= ws->summary_loss[i * D + k];
        } else if (action[k] == NS_PARA_DROP) {
            c -= ws->drop_loss[i * D + k];
        }
    }
    return c;
}

/* Member i's margin for a choice at text y (kept paragraphs at y), every paragraph's
 * cost taken in paragraph order. */
static inline double ns__cons_member_margin(const ns_consensus_ws_t *ws,
                                            const ns_para_action_t *action, const double *y,
                                            size_t i)
{
    size_t D = ws->D;
    double g = ws->base[i];
    for (size_t k = 0; k < D; k++) {
        size_t ik = i * D + k;
        if (action[k] == NS_PARA_SUMMARY) {
            g -= ws->summary_loss[ik];
        } else if (action[k] == NS_PARA_DROP) {
            g -= ws->drop_loss[ik];
        } else {
            g -= ws->s[ik] * ns__cons_loss(ws->loss, fabs(y[k] - ws->x[ik]));
        }
    }
    return g;
}

#endif
