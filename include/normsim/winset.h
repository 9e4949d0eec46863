/* normsim: win-sets, cores, gridlock and agenda setters (Romer and Rosenthal 1978;
 * Krehbiel 1998; Tsebelis 2002).
 *
 * A committee of n members with ideal points decides by a quota: a proposal y beats the
 * status quo q when at least k members strictly prefer y to q (k = n: unanimity). The
 * win-set W(q) is the set of such y; q is in the core when W(q) is empty. An agenda
 * setter proposes the point of W(q) or q that it likes best.
 *
 * One dimension (exact, closed forms) and d dimensions (salience-weighted Euclidean
 * distance, whose indifference curves are ellipsoids, or salience-weighted city-block
 * distance; numerical, with the tolerances stated below).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_WINSET_H
#define NORMSIM_WINSET_H

#include "normsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- One dimension ---------------------------------------------------------------- */

/* The win-set of q on a line under a k-of-n rule with symmetric single-peaked
 * preferences (any loss increasing in |y - x_i|: the sets do not depend on salience).
 *
 * W(q) = (low, high) minus {q}. When k > n/2 (every proper rule, unanimity included),
 * q is an end of the interval, so W(q) = (low, high) is one open interval. When
 * k <= n/2, points on both sides of q may win and q lies strictly inside (low, high).
 * Open/closed convention: W(q) is open (its ends are points where a pivotal member is
 * indifferent); functions that return a best point, such as the setter's, use its
 * closure, assuming as usual that an indifferent member accepts. */
typedef struct ns_winset1 {
    double status_quo;
    size_t n;             /* Members. */
    size_t k;             /* Members needed (n for unanimity). */
    bool in_core;         /* W(q) is empty. */
    double low, high;     /* Ends of W(q); NaN when it is empty. */
    double gridlock_low;  /* The k-of-n gridlock interval [x_(n-k+1), x_(k)] (Krehbiel */
    double gridlock_high; /* 1998), [x_(1), x_(n)] for unanimity; NaN when k <= n/2 and
                           * the pivots cross (no q is then safe on both sides). */
} ns_winset1_t;

/**
 * Compute the 1-D win-set and gridlock interval.
 *
 * @param ideal    in: n ideal points (finite).
 * @param n        in: members, >= 1.
 * @param k        in: members needed, 1 <= k <= n; 0 means n (unanimity).
 * @param q        in: the status quo (finite).
 * @param scratch  in/out: n doubles of work space (needed only when 0 < k < n; may be
 *                 NULL for unanimity). Its contents are overwritten.
 * @param out      out: the result.
 * @return NS_OK; NS_EINVAL (n = 0, k > n, a non-finite value, missing scratch).
 * Complexity: O(n) for unanimity, O(n log n) otherwise (a sort of the ideal points).
 */
ns_status ns_winset_1d(ns_ctx_t *ctx, const double *ideal, size_t n, size_t k, double q,
                       double *scratch, ns_winset1_t *out);

/* The agenda setter's outcome (Romer and Rosenthal 1978): the point of the closure of
 * W(q) union {q} nearest the setter's ideal point. q when q is in the core. O(1). */
double ns_winset_setter_1d(const ns_winset1_t *w, double setter_ideal);

/* ---- d dimensions ----------------------------------------------------------------- */

typedef enum ns_metric {
    NS_METRIC_EUCLIDEAN = 0, /* sqrt(sum_d s_id (y_d - x_id)^2): ellipsoids */
    NS_METRIC_CITYBLOCK      /* sum_d s_id |y_d - x_id| */
} ns_metric_t;

/* A committee in d dimensions. Everything is borrowed. */
typedef struct ns_committee {
    size_t n;               /* Members, >= 1. */
    size_t d;               /* Dimensions, >= 1. */
    const double *ideal;    /* n * d, member-major: ideal[i * d + j]. */
    const double *salience; /* n * d weights >= 0, or NULL: all 1. */
    ns_metric_t metric;
    size_t k; /* Members needed; 0 or n: unanimity. */
} ns_committee_t;

/* Tolerance of the d-dimensional tests: a member prefers y to q when its distance to y
 * is below its distance to q by more than NS_WINSET_TOL * (1 + its distance to q). */
#define NS_WINSET_TOL 1e-9

/* Member i's weighted distance to y. O(d). */
double ns_winset_distance(const ns_committee_t *c, size_t i, const double *y);

/**
 * Is y in W(q): strictly preferred to q by at least k members (with NS_WINSET_TOL)?
 * @return NS_OK; NS_EINVAL for a malformed committee.  O(n d).
 */
ns_status ns_winset_contains(ns_ctx_t *ctx, const ns_committee_t *c, const double *q,
                             const double *y, bool *out);

/**
 * Is q in the core (W(q) empty)?
 *
 * Unanimity: W(q) is empty iff no direction improves every member (the utilities are
 * concave), iff (Gordan's theorem) 0 lies in the convex hull of the members'
 * superdifferentials at q. For common Euclidean weights this is "q in the convex hull of
 * the ideal points". Decided exactly by a phase-one simplex with tolerance 1e-9.
 * k-of-n: W(q) is non-empty iff some k members have a non-empty unanimity win-set; the
 * C(n, k) subsets are enumerated.
 *
 * @return NS_OK; NS_EINVAL (malformed committee); NS_ELIMIT (more than 100000 subsets
 *         for k-of-n); NS_ENOMEM.
 * Complexity: a simplex on (d + 1) rows and O(n d) columns per subset.
 */
ns_status ns_winset_in_core(ns_ctx_t *ctx, const ns_committee_t *c, const double *q, bool *out);

/**
 * The agenda setter's outcome under unanimity: the point of the closure of W(q) union
 * {q} nearest (in its own weighted metric) the setter's ideal point.
 *
 * Method: if the setter's ideal is in the closure of W(q) it is the answer. Otherwise a
 * bisection on the segment q -> setter ideal finds the last acceptable point p (the
 * closure of W(q) is convex and holds q), and a penalised Nelder-Mead search (normsim's
 * own, so that memory goes through the context; exact penalty on the members' losses;
 * three restarts, each stopped when the simplex is below 1e-10 of the problem's scale)
 * refines it; the refined point is pulled back onto the
 * closure by bisection towards q, and the better of it and p is returned. The result is
 * always acceptable to every member (to NS_WINSET_TOL) and never worse for the setter
 * than q or p. Accuracy: for Euclidean preferences, within 1e-5 of the scale of the
 * optimum point (1e-6 in the setter's distance) in the tests; for city-block preferences
 * Nelder-Mead can stall on the kinks (gaps of a few per cent of the setter's distance were seen on
 * random 2-d cases), so treat that result as a good acceptable proposal, not the optimum. (An exact
 * LP formulation for city-block is the planned fix.)
 *
 * @param setter           in: d coordinates of the setter's ideal point.
 * @param setter_salience  in: d weights, or NULL for 1.
 * @param out              out: d coordinates.
 * @return NS_OK; NS_EINVAL (k-of-n, malformed committee); NS_ENOMEM.
 */
ns_status ns_winset_setter(ns_ctx_t *ctx, const ns_committee_t *c, const double *q,
                           const double *setter, const double *setter_salience, double *out);

/**
 * The Nash bargaining solution with q as disagreement point (Nash 1950): the y that
 * maximises sum_i b_i ln(U_i(y) - U_i(q)), U_i = -(member i's weighted distance), over
 * W(q) under unanimity; q when W(q) is empty.
 *
 * Method: the objective is concave on W(q) (each gain is concave and positive there). A
 * start inside W(q) is found by maximising min_i gain_i (Nelder-Mead); then
 * Nelder-Mead on the objective (minus infinity outside W(q)) until the simplex is below
 * 1e-10 of the scale. Tolerance in practice: 1e-6 of the scale.
 *
 * @param bargaining  in: n weights b_i >= 0, or NULL for 1 (the symmetric solution).
 * @param out         out: d coordinates.
 * @return NS_OK; NS_EINVAL (k-of-n, malformed committee); NS_ENOMEM.
 */
ns_status ns_winset_nash(ns_ctx_t *ctx, const ns_committee_t *c, const double *q,
                         const double *bargaining, double *out);

#ifdef __cplusplus
}
#endif
#endif
