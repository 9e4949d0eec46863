/* Internals of the expected-utility model (eum.c) that the unit tests check directly.
 * Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_MODELS_EUM_H
#define NS_MODELS_EUM_H

#include "normsim/model.h"

/* Indices of the model's parameters in the resolved values[] (the order of its spec). */
enum {
    NS__EUM_CENTRE = 0, /* 0 median, 1 mean */
    NS__EUM_SECURITY,   /* 0 challengers, 1 own */
    NS__EUM_COMPROMISE, /* 0 ratio, 1 half */
    NS__EUM_OFFER,      /* 0 nearest, 1 strongest */
    NS__EUM_Q,          /* probability that the status quo persists */
    NS__EUM_T,          /* probability that a change is for the better */
    NS__EUM_TOL,        /* convergence tolerance, fraction of the range */
    NS__EUM_NPARAMS
};

/* Utilities of one challenge (Scholz, Calbert and Smith 2011, section 3): see eum.c. */
typedef struct ns__eum_util {
    double success, failure, better, worse, status_quo;
} ns__eum_util_t;

/**
 * The five utilities of actor i for a challenge of j, positions in scale units.
 * @param xi, xj  positions; mu the current centre; range the scale's length (> 0);
 * @param risk    the exponent R_i (1 = risk neutral).
 */
ns__eum_util_t ns__eum_utilities(double xi, double xj, double mu, double range, double risk);

/* EU_i(Δx_ij) = s_j (P U^s + (1-P) U^f) + (1 - s_j) U^s - Q U^sq - (1-Q)(T U^b + (1-T) U^w)
 * (Scholz et al. 2011, eq. for the expected utility of a challenge). */
double ns__eum_expected_utility(const ns__eum_util_t *u, double p_success, double s_target,
                                double q, double t);

/**
 * Probabilities of success of every pair in O(n^2): P[i*n+j] is the probability that i
 * wins a challenge against j, with third-party votes v^k_ij = w_k (|x_k-x_j| - |x_k-x_i|)
 * (w_k = c_k s_k). P[i*n+i] = 0.5, and 0.5 for equal positions. P holds n*n.
 * @return NS_OK or NS_ENOMEM (scratch).
 */
ns_status ns__eum_probabilities(ns_ctx_t *ctx, size_t n, const double *x, const double *w,
                                double *P);

/* The probability matrix and risk exponents of the last round computed for an issue
 * (only the issue last stepped keeps them; tests use one issue). */
const double *ns__eum_last_probabilities(const void *state);
const double *ns__eum_last_risk(const void *state);

#endif
