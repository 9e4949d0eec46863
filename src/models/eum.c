/* The expected-utility challenge model of Bueno de Mesquita, as specified by Scholz,
 * Calbert and Smith (2011), "Unravelling Bueno De Mesquita's group decision model",
 * Journal of Theoretical Politics 23(4): 510-531 (below: "Scholz").
 *
 * One issue at a time (1-D). Actor i has position x_i, salience s_i in [0,1] and
 * capability c_i; w_i = c_i s_i. Each round:
 *   1. the centre mu: the weighted median of positions (weights w, the position that
 *      beats every other in BDM's pairwise votes), or the weighted mean (`centre`);
 *   2. votes v^k_ij = w_k (|x_k - x_j| - |x_k - x_i|) / R of every actor k on the contest
 *      i against j (R the length of the scale);
 *   3. probabilities of success P_ij = sum_{k: v^k_ij > 0} v^k_ij / sum_k |v^k_ij|, so
 *      that P_ij + P_ji = 1;
 *   4. security levels and risk exponents: Sec_i is the sum over j != i of the
 *      risk-neutral expected utility of j challenging i (`security=challengers`) or of i
 *      challenging j (`security=own`), r_i = (2 Sec_i - max Sec - min Sec) /
 *      (max Sec - min Sec) in [-1,1], R_i = (1 - r_i/3) / (1 + r_i/3) in [0.5, 2];
 *   5. expected utilities EU_i(Δx_ij) of challenging (Scholz, section 3):
 *        EU = s_j (P_ij U^s + (1 - P_ij) U^f) + (1 - s_j) U^s - Q U^sq
 *             - (1 - Q) (T U^b + (1 - T) U^w)
 *      with d = |x_i - x_j| / R, e = (|x_i - mu| - |x_i - x_j|) / R and
 *        U^s = 2 - 4 (0.5 - 0.5 d)^R_i,  U^f = 2 - 4 (0.5 + 0.5 d)^R_i,
 *        U^b = 2 - 4 (0.5 - 0.25 e)^R_i, U^w = 2 - 4 (0.5 + 0.25 e)^R_i,
 *        U^sq = 2 - 4 (0.5)^R_i;
 *   6. offers, from i's view of the pair (a = EU_i(Δx_ij), b = EU_j(Δx_ji), each actor
 *      knowing the others' risk, as Scholz assume):
 *        a > 0, b > 0, a > b:    conflict, i expects to win: j is offered x_i;
 *        a > 0 > b, a > |b|:     compromise: j is offered x_j + (x_i - x_j) |b / a|;
 *        a > 0 > b, a <= |b|:    capitulation: j is offered x_i;
 *        otherwise:              stalemate, no offer from i;
 *      each actor takes one of the offers it received (`offer`);
 *   7. every actor moves at once; stop when the largest move is below tol * R.
 * The forecast is the centre (same `centre` rule) of the final positions.
 *
 * The four ambiguities Scholz point out are switches; the defaults are:
 *   centre=median     BDM's own rule (the Condorcet winner among positions);
 *   security=challengers  Sec_i is how much the others expect to gain by challenging i
 *                     (a vulnerable position reveals risk acceptance, BDM 1985);
 *   compromise=ratio  the step |b/a| of BDM's text; `half` splits the difference;
 *   offer=nearest     an actor accepts the offer that moves it least (the smallest
 *                     concession); `strongest` takes the offer of the most capable
 *                     proposer (ties: the nearer).
 * Q = 0.5 and T = 1 follow Scholz's reading; both are parameters. When max Sec = min Sec
 * (for example two actors, or everyone at one point) the risk ratio is undefined: every
 * actor is then risk neutral, R_i = 1.
 *
 * Cost per round O(n^2) (not the O(n^3) of the direct vote sums): the votes on a pair
 * are piecewise linear in x_k, so with positions sorted and prefix sums of w_k and
 * w_k x_k, a two-pointer sweep gives every pair's sums in amortised O(1). Each round's
 * positions are kept for the trace (and the drafting rounds of src/process/rounds.c,
 * which read them through it): O(rounds x n) memory per issue, an O(n) copy a round.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "models/eum.h"
#include "models/models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct eum_issue {
    size_t n;       /* Actors taking part. */
    double *x;      /* Positions, updated every round. */
    double *s;      /* Saliences. */
    double *c;      /* Capabilities. */
    double range;   /* Length of the scale (> 0). */
    double centre0; /* Centre of the initial positions. */
    int rounds;     /* Rounds taken on this issue. */
    bool converged;
    size_t *actor;   /* The table's index of each actor taking part. */
    double *hist;    /* Positions after each round, turn 0 the input: (rounds + 1) x n. */
    size_t hist_cap; /* Turns hist has room for. */
} eum_issue_t;

typedef struct keyed {
    double x;
    size_t i;
} keyed_t;

typedef struct eum_state {
    ns_ctx_t *ctx;
    size_t n_issues;
    eum_issue_t *issue;
    double values[NS__EUM_NPARAMS];
    /* Scratch for the largest issue (nmax actors). */
    size_t nmax;
    double *w, *P, *E, *risk, *sec, *offer, *offer_key, *prefix_w, *prefix_xw;
    size_t *order;
    keyed_t *keyed;
} eum_state_t;

/* ---- Utilities and expected utility (Scholz, section 3) ------------------------------ */

ns__eum_util_t ns__eum_utilities(double xi, double xj, double mu, double range, double risk)
{
    double d = fabs(xi - xj) / range;
    double e = (fabs(xi - mu) - fabs(xi - xj)) / range;
    /* Rounding can push d a hair past 1; the base of a power must stay >= 0. */
    d = d > 1.0 ? 1.0 : d;
    e = e > 1.0 ? 1.0 : (e < -1.0 ? -1.0 : e);
    ns__eum_util_t u;
    if (risk == 1.0) {
        u.success = 2.0 * d;
        u.failure = -2.0 * d;
        u.better = e;
        u.worse = -e;
        u.status_quo = 0.0;
    } else {
        u.success = 2.0 - 4.0 * pow(0.5 - 0.5 * d, risk);
        u.failure = 2.0 - 4.0 * pow(0.5 + 0.5 * d, risk);
        u.better = 2.0 - 4.0 * pow(0.5 - 0.25 * e, risk);
        u.worse = 2.0 - 4.0 * pow(0.5 + 0.25 * e, risk);
        u.status_quo = 2.0 - 4.0 * pow(0.5, risk);
    }
    return u;
}

double ns__eum_expected_utility(const ns__eum_util_t *u, double p_success, double s_target,
                                double q, double t)
{
    /* Scholz: a target that does not care about the issue (1 - s_j) gives in without a
     * fight; otherwise the challenge succeeds with probability P. */
    return s_target * (p_success * u->success + (1.0 - p_success) * u->failure) +
           (1.0 - s_target) * u->success - q * u->status_quo -
           (1.0 - q) * (t * u->better + (1.0 - t) * u->worse);
}

/* ---- Probabilities of success in O(n^2) --------------------------------------------- */

static int keyed_cmp(const void *a, const void *b)
{
    const keyed_t *ka = a, *kb = b;
    if (ka->x < kb->x) {
        return -1;
    }
    if (ka->x > kb->x) {
        return 1;
    }
    return ka->i < kb->i ? -1 : (ka->i > kb->i);
}

/* Sort actors by position into order[], and fill the prefix sums
 * W[t] = sum_{u<t} w_(u), X[t] = sum_{u<t} w_(u) x_(u). */
static void sort_and_prefix(size_t n, const double *x, const double *w, keyed_t *keyed,
                            size_t *order, double *W, double *X)
{
    for (size_t i = 0; i < n; i++) {
        keyed[i].x = x[i];
        keyed[i].i = i;
    }
    qsort(keyed, n, sizeof *keyed, keyed_cmp);
    W[0] = 0.0;
    X[0] = 0.0;
    for (size_t t = 0; t < n; t++) {
        order[t] = keyed[t].i;
        W[t + 1] = W[t] + w[keyed[t].i];
        X[t + 1] = X[t] + w[keyed[t].i] * keyed[t].x;
    }
}

/* The votes on a < b: for x_k <= a the vote for a is w_k (b - a); for x_k >= b the vote
 * for b is w_k (b - a); between them the vote is w_k (a + b - 2 x_k), for a when x_k is
 * below the midpoint m and for b above it. Sums over sorted ranges come from W and X. */
static void pair_probabilities(size_t n, const double *x, const size_t *order, const double *W,
                               const double *X, double *P)
{
    for (size_t p = 0; p < n; p++) {
        size_t i = order[p];
        double a = x[i];
        P[i * n + i] = 0.5;
        /* lo: #{x <= a}; pointers L = #{x < m}, U = #{x <= m}, hi = #{x < b}. */
        size_t lo = p + 1;
        while (lo < n && x[order[lo]] <= a) {
            lo++;
        }
        size_t L = lo, U = lo, hi = lo;
        for (size_t q = p + 1; q < n; q++) {
            size_t j = order[q];
            double b = x[j];
            if (b == a) {
                P[i * n + j] = 0.5;
                P[j * n + i] = 0.5;
                continue;
            }
            double m = 0.5 * (a + b);
            while (L < n && x[order[L]] < m) {
                L++;
            }
            if (U < L) {
                U = L;
            }
            while (U < n && x[order[U]] <= m) {
                U++;
            }
            while (hi < n && x[order[hi]] < b) {
                hi++;
            }
            double gap = b - a;
            double for_a = gap * W[lo] + (a + b) * (W[L] - W[lo]) - 2.0 * (X[L] - X[lo]);
            double for_b = gap * (W[n] - W[hi]) + 2.0 * (X[hi] - X[U]) - (a + b) * (W[hi] - W[U]);
            /* Differences of prefix sums can leave a tiny negative residue. */
            for_a = for_a > 0.0 ? for_a : 0.0;
            for_b = for_b > 0.0 ? for_b : 0.0;
            double total = for_a + for_b;
            if (total > 0.0) {
                P[i * n + j] = for_a / total;
                P[j * n + i] = for_b / total;
            } else {
                P[i * n + j] = 0.5;
                P[j * n + i] = 0.5;
            }
        }
    }
}

ns_status ns__eum_probabilities(ns_ctx_t *ctx, size_t n, const double *x, const double *w,
                                double *P)
{
    ns_status rc = NS_OK;
    size_t m = n > 0 ? n : 1;
    keyed_t *keyed = ns_calloc(ctx, m, sizeof *keyed);
    size_t *order = ns_calloc(ctx, m, sizeof *order);
    double *W = ns_calloc(ctx, 2 * m + 2, sizeof *W);
    if (keyed == NULL || order == NULL || W == NULL) {
        rc = NS_ENOMEM;
        goto cleanup;
    }
    sort_and_prefix(n, x, w, keyed, order, W, W + m + 1);
    pair_probabilities(n, x, order, W, W + m + 1, P);

cleanup:
    ns_free(ctx, keyed);
    ns_free(ctx, order);
    ns_free(ctx, W);
    return rc;
}

/* ---- Centre --------------------------------------------------------------------------- */

/* Weighted median over sorted positions: the smallest x_(t) whose cumulative weight
 * reaches half the total; when it reaches exactly half, every point up to the next
 * position is a median and the midpoint is taken. Mean: sum w x / sum w. A zero total
 * weight falls back to equal weights' answer via the positions' mean. */
static double centre_sorted(size_t n, const double *x, const size_t *order, const double *W,
                            const double *X, bool mean)
{
    double total = W[n];
    if (n == 0) {
        return NAN;
    }
    if (!(total > 0.0)) {
        double sum = 0.0;
        for (size_t t = 0; t < n; t++) {
            sum += x[order[t]];
        }
        return sum / (double)n;
    }
    if (mean) {
        return X[n] / total;
    }
    double half = 0.5 * total;
    for (size_t t = 0; t < n; t++) {
        double cum = W[t + 1];
        if (cum >= half) {
            if (fabs(cum - half) <= 1e-12 * total && t + 1 < n) {
                return 0.5 * (x[order[t]] + x[order[t + 1]]);
            }
            return x[order[t]];
        }
    }
    return x[order[n - 1]];
}

static double issue_centre(eum_state_t *st, const eum_issue_t *is)
{
    for (size_t k = 0; k < is->n; k++) {
        st->w[k] = is->c[k] * is->s[k];
    }
    sort_and_prefix(is->n, is->x, st->w, st->keyed, st->order, st->prefix_w, st->prefix_xw);
    return centre_sorted(is->n, is->x, st->order, st->prefix_w, st->prefix_xw,
                         st->values[NS__EUM_CENTRE] != 0.0);
}

/* ---- One round ---------------------------------------------------------------------- */

static void eum_round(eum_state_t *st, eum_issue_t *is)
{
    size_t n = is->n;
    const double *x = is->x;
    double R = is->range;
    double Q = st->values[NS__EUM_Q], T = st->values[NS__EUM_T];
    double *P = st->P, *E = st->E;

    /* Steps 1-3: centre and probabilities from one sort. */
    for (size_t k = 0; k < n; k++) {
        st->w[k] = is->c[k] * is->s[k];
    }
    sort_and_prefix(n, x, st->w, st->keyed, st->order, st->prefix_w, st->prefix_xw);
    double mu = centre_sorted(n, x, st->order, st->prefix_w, st->prefix_xw,
                              st->values[NS__EUM_CENTRE] != 0.0);
    pair_probabilities(n, x, st->order, st->prefix_w, st->prefix_xw, P);

    /* Step 4: security from the risk-neutral expected utilities. With R = 1 the
     * utilities are linear (see ns__eum_utilities) and EU_i(Δx_ij) reduces to
     * 2d (1 - 2 s_j (1 - P_ij)) - (1 - Q)(2T - 1) e (derived in tests/unit/test_eum.c),
     * so no power is needed here. */
    bool own = st->values[NS__EUM_SECURITY] != 0.0;
    double status_weight = (1.0 - Q) * (2.0 * T - 1.0);
    for (size_t i = 0; i < n; i++) {
        st->sec[i] = 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        double to_centre = fabs(x[i] - mu);
        for (size_t j = 0; j < n; j++) {
            if (j == i) {
                continue;
            }
            double gap = fabs(x[i] - x[j]);
            double d = gap / R;
            double e = (to_centre - gap) / R;
            d = d > 1.0 ? 1.0 : d;
            e = e > 1.0 ? 1.0 : (e < -1.0 ? -1.0 : e);
            double eu = 2.0 * d * (1.0 - 2.0 * is->s[j] * (1.0 - P[i * n + j])) - status_weight * e;
            /* eu is i's gain from challenging j: it adds to i's own sum, or to the
             * vulnerability of j. */
            st->sec[own ? i : j] += eu;
        }
    }
    double smax = -INFINITY, smin = INFINITY;
    for (size_t i = 0; i < n; i++) {
        smax = st->sec[i] > smax ? st->sec[i] : smax;
        smin = st->sec[i] < smin ? st->sec[i] : smin;
    }
    double spread = smax - smin;
    for (size_t i = 0; i < n; i++) {
        double r = 0.0; /* Guard: max Sec = min Sec leaves everyone risk neutral. */
        if (spread > 1e-12 * (fabs(smax) + fabs(smin)) && spread > 0.0) {
            r = (2.0 * st->sec[i] - smax - smin) / spread;
        }
        st->risk[i] = (1.0 - r / 3.0) / (1.0 + r / 3.0);
    }

    /* Step 5: expected utilities with each challenger's own risk exponent. The same
     * equations as ns__eum_utilities / ns__eum_expected_utility, arranged for speed:
     * the bases of U^s and U^f depend on the pair only, so their logarithms are shared
     * by EU_ij and EU_ji, and x^R is taken as exp(R log x); terms whose weight is zero
     * (U^w when T = 1, U^b when T = 0, both when Q = 1) are skipped. */
    double wb = (1.0 - Q) * T, ww = (1.0 - Q) * (1.0 - T);
    for (size_t i = 0; i < n; i++) {
        st->sec[i] = 2.0 - 4.0 * exp(st->risk[i] * log(0.5)); /* U^sq_i, reusing sec. */
        E[i * n + i] = 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            if (x[i] == x[j]) {
                E[i * n + j] = E[j * n + i] = 0.0;
                continue;
            }
            double gap = fabs(x[i] - x[j]);
            double d = gap / R;
            d = d > 1.0 ? 1.0 : d;
            double log_s = log(0.5 - 0.5 * d), log_f = log(0.5 + 0.5 * d);
            for (int dir = 0; dir < 2; dir++) {
                size_t a = dir == 0 ? i : j, b = dir == 0 ? j : i;
                double ra = st->risk[a], p = P[a * n + b], sb = is->s[b];
                double us = 2.0 - 4.0 * exp(ra * log_s), uf = 2.0 - 4.0 * exp(ra * log_f);
                double eu = sb * (p * us + (1.0 - p) * uf) + (1.0 - sb) * us - Q * st->sec[a];
                if (wb != 0.0 || ww != 0.0) {
                    double e = (fabs(x[a] - mu) - gap) / R;
                    e = e > 1.0 ? 1.0 : (e < -1.0 ? -1.0 : e);
                    if (wb != 0.0) {
                        eu -= wb * (2.0 - 4.0 * exp(ra * log(0.5 - 0.25 * e)));
                    }
                    if (ww != 0.0) {
                        eu -= ww * (2.0 - 4.0 * exp(ra * log(0.5 + 0.25 * e)));
                    }
                }
                E[a * n + b] = eu;
            }
        }
    }

    /* Step 6: offers. offer[j] is the accepted new position, offer_key[j] its rank. */
    bool half = st->values[NS__EUM_COMPROMISE] != 0.0;
    bool strongest = st->values[NS__EUM_OFFER] != 0.0;
    for (size_t j = 0; j < n; j++) {
        st->offer[j] = x[j];
        st->offer_key[j] = -1.0;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            if (j == i || x[i] == x[j]) {
                continue;
            }
            double a = E[i * n + j], b = E[j * n + i];
            double target;
            if (a > 0.0 && b > 0.0 && a > b) {
                target = x[i]; /* Conflict that i expects to win. */
            } else if (a > 0.0 && b < 0.0 && a > -b) {
                target = half ? 0.5 * (x[i] + x[j]) : x[j] + (x[i] - x[j]) * (-b / a);
            } else if (a > 0.0 && b < 0.0) {
                target = x[i]; /* Capitulation. */
            } else {
                continue; /* Stalemate: i makes no offer. */
            }
            double move = fabs(target - x[j]);
            bool take;
            if (st->offer_key[j] < 0.0) {
                take = true;
            } else if (strongest) {
                double best_c = st->offer_key[j];
                take =
                    is->c[i] > best_c || (is->c[i] == best_c && move < fabs(st->offer[j] - x[j]));
            } else {
                take = move < fabs(st->offer[j] - x[j]);
            }
            if (take) {
                st->offer[j] = target;
                st->offer_key[j] = strongest ? is->c[i] : move;
            }
        }
    }

    /* Step 7: everyone moves at once. */
    double largest = 0.0;
    for (size_t j = 0; j < n; j++) {
        double move = fabs(st->offer[j] - is->x[j]);
        largest = move > largest ? move : largest;
        is->x[j] = st->offer[j];
    }
    is->rounds++;
    if (largest <= st->values[NS__EUM_TOL] * R) {
        is->converged = true;
    }
}

/* ---- Model interface ---------------------------------------------------------------- */

/* Append the issue's current positions to its history as turn `rounds`. */
static ns_status record_turn(ns_ctx_t *ctx, eum_issue_t *is)
{
    size_t turn = (size_t)is->rounds;
    if (is->n == 0) {
        return NS_OK;
    }
    if (turn >= is->hist_cap) {
        size_t cap = is->hist_cap > 0 ? 2 * is->hist_cap : 8;
        double *h = ns_reallocarray(ctx, is->hist, cap * is->n, sizeof *h);
        if (h == NULL) {
            return NS_ENOMEM;
        }
        is->hist = h;
        is->hist_cap = cap;
    }
    memcpy(is->hist + turn * is->n, is->x, is->n * sizeof *is->x);
    return NS_OK;
}

static void eum_destroy(void *state, ns_ctx_t *ctx)
{
    eum_state_t *st = state;
    (void)ctx;
    if (st->issue != NULL) {
        for (size_t d = 0; d < st->n_issues; d++) {
            ns_free(st->ctx, st->issue[d].x);
            ns_free(st->ctx, st->issue[d].actor);
            ns_free(st->ctx, st->issue[d].hist);
        }
    }
    ns_free(st->ctx, st->issue);
    ns_free(st->ctx, st->w);
    ns_free(st->ctx, st->P);
    ns_free(st->ctx, st->order);
    ns_free(st->ctx, st->keyed);
    memset(st, 0, sizeof *st);
}

static ns_status eum_init(void *state, ns_ctx_t *ctx, const ns_table_t *table, const double *values,
                          ns_rng_t *rng)
{
    eum_state_t *st = state;
    ns_status rc = NS_OK;
    (void)rng;
    memset(st, 0, sizeof *st);
    st->ctx = ctx;
    memcpy(st->values, values, sizeof st->values);
    st->n_issues = table->n_issues;
    if (table->n_actors > NS_MODEL_MAX_ACTORS_QUADRATIC) {
        /* Each round is O(actors^2) per issue: refused before hours of work. */
        return ns_error(ctx, NS_ELIMIT,
                        "eum: %zu actors is over the model's limit of %d (each round costs "
                        "actors^2 per issue: about 2 s a round at %d actors); use a smaller "
                        "table, or the compromise or median model",
                        table->n_actors, NS_MODEL_MAX_ACTORS_QUADRATIC,
                        NS_MODEL_MAX_ACTORS_QUADRATIC);
    }
    st->issue = ns_calloc(ctx, table->n_issues > 0 ? table->n_issues : 1, sizeof *st->issue);
    if (st->issue == NULL) {
        rc = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t d = 0; d < table->n_issues; d++) {
        eum_issue_t *is = &st->issue[d];
        size_t n = 0;
        for (size_t a = 0; a < table->n_actors; a++) {
            n += ns__takes_part(table, d, a);
        }
        is->n = n;
        /* One block holds x, s and c. */
        is->x = ns_calloc(ctx, 3 * (n > 0 ? n : 1), sizeof(double));
        if (is->x == NULL) {
            rc = NS_ENOMEM;
            goto cleanup;
        }
        is->s = is->x + n;
        is->c = is->x + 2 * n;
        is->actor = ns_calloc(ctx, n > 0 ? n : 1, sizeof *is->actor);
        if (is->actor == NULL) {
            rc = NS_ENOMEM;
            goto cleanup;
        }
        double lo = INFINITY, hi = -INFINITY;
        size_t k = 0;
        for (size_t a = 0; a < table->n_actors; a++) {
            if (!ns__takes_part(table, d, a)) {
                continue;
            }
            size_t at = ns_table_at(table, d, a);
            is->actor[k] = a;
            is->x[k] = table->position[at];
            is->s[k] = table->salience[at];
            is->c[k] = table->capability[at] == table->capability[at] ? table->capability[at] : 0.0;
            lo = is->x[k] < lo ? is->x[k] : lo;
            hi = is->x[k] > hi ? is->x[k] : hi;
            k++;
        }
        /* The range normalises distances to [0,1] (Scholz); the scale is used unless the
         * positions stray outside it. */
        double range = table->scale_max[d] - table->scale_min[d];
        if (!(range > 0.0) || !isfinite(range) || hi - lo > range) {
            range = hi - lo;
        }
        is->range = range > 0.0 ? range : 1.0;
        is->converged = n < 2;
        if ((rc = record_turn(ctx, is)) != NS_OK) {
            goto cleanup;
        }
        st->nmax = n > st->nmax ? n : st->nmax;
    }
    size_t m = st->nmax > 0 ? st->nmax : 1;
    /* One block for the per-actor vectors: w, risk, sec, offer, offer_key (m each) and
     * the prefix sums (m + 1 each). */
    st->w = ns_calloc(ctx, 7 * m + 2, sizeof(double));
    st->P = ns_calloc(ctx, 2 * m * m, sizeof(double));
    st->order = ns_calloc(ctx, m, sizeof *st->order);
    st->keyed = ns_calloc(ctx, m, sizeof *st->keyed);
    if (st->w == NULL || st->P == NULL || st->order == NULL || st->keyed == NULL) {
        rc = NS_ENOMEM;
        goto cleanup;
    }
    st->risk = st->w + m;
    st->sec = st->w + 2 * m;
    st->offer = st->w + 3 * m;
    st->offer_key = st->w + 4 * m;
    st->prefix_w = st->w + 5 * m;
    st->prefix_xw = st->w + 6 * m + 1;
    st->E = st->P + m * m;
    for (size_t d = 0; d < st->n_issues; d++) {
        st->issue[d].centre0 = issue_centre(st, &st->issue[d]);
    }

cleanup:
    if (rc != NS_OK) {
        eum_destroy(st, ctx);
    }
    return rc;
}

static ns_status eum_step(void *state, ns_ctx_t *ctx)
{
    eum_state_t *st = state;
    bool done = true;
    for (size_t d = 0; d < st->n_issues; d++) {
        if (!st->issue[d].converged) {
            eum_round(st, &st->issue[d]);
            ns_status rc = record_turn(ctx, &st->issue[d]);
            if (rc != NS_OK) {
                return rc;
            }
        }
        done = done && st->issue[d].converged;
    }
    return done ? NS_DONE : NS_CONTINUE;
}

static ns_status eum_result(void *state, ns_ctx_t *ctx, double *forecast, double *extra)
{
    eum_state_t *st = state;
    (void)ctx;
    for (size_t d = 0; d < st->n_issues; d++) {
        eum_issue_t *is = &st->issue[d];
        forecast[d] = issue_centre(st, is);
        extra[d * 3 + 0] = is->rounds;
        extra[d * 3 + 1] = forecast[d];
        extra[d * 3 + 2] = is->centre0;
    }
    return NS_OK;
}

/* Every actor's position on every issue after every round (turn 0: the input), turn by
 * turn; an issue that converged earlier stops at its last round. */
static ns_status eum_trace(const void *state, ns_ctx_t *ctx, ns_trace_cb emit, void *user)
{
    const eum_state_t *st = state;
    int last = 0;
    (void)ctx;
    for (size_t d = 0; d < st->n_issues; d++) {
        last = st->issue[d].rounds > last ? st->issue[d].rounds : last;
    }
    for (int t = 0; t <= last; t++) {
        for (size_t d = 0; d < st->n_issues; d++) {
            const eum_issue_t *is = &st->issue[d];
            if (t > is->rounds || is->n == 0) {
                continue;
            }
            const double *h = is->hist + (size_t)t * is->n;
            for (size_t a = 0; a < is->n; a++) {
                ns_status rc = emit(t, d, is->actor[a], h[a], user);
                if (rc != NS_OK) {
                    return rc;
                }
            }
        }
    }
    return NS_OK;
}

const double *ns__eum_last_probabilities(const void *state)
{
    return ((const eum_state_t *)state)->P;
}

const double *ns__eum_last_risk(const void *state)
{
    return ((const eum_state_t *)state)->risk;
}

static const char *const centre_choices[] = {"median", "mean", NULL};
static const char *const security_choices[] = {"challengers", "own", NULL};
static const char *const compromise_choices[] = {"ratio", "half", NULL};
static const char *const offer_choices[] = {"nearest", "strongest", NULL};

static const ns_param_spec_t eum_params[NS__EUM_NPARAMS] = {
    {"centre", 0, 0, 1, centre_choices,
     "median (default, BDM's Condorcet winner, weights c*s) or mean; also the forecast"},
    {"security", 0, 0, 1, security_choices,
     "Sec_i sums what the others gain by challenging i (challengers, default) or what i "
     "gains by challenging them (own)"},
    {"compromise", 0, 0, 1, compromise_choices,
     "a compromise moves the target |EU_j/EU_i| of the way (ratio, default, BDM's text) "
     "or halfway (half)"},
    {"offer", 0, 0, 1, offer_choices,
     "each actor accepts the offer that moves it least (nearest, default) or that of the "
     "most capable proposer (strongest)"},
    {"Q", 0.5, 0, 1, NULL,
     "probability that the status quo persists without a challenge "
     "(0.5, Scholz et al.)"},
    {"T", 1.0, 0, 1, NULL,
     "probability that a change without a challenge is for the "
     "better (1, Scholz et al.)"},
    {"tol", 1e-6, 0, 1, NULL, "stop when the largest move is below tol times the scale's length"},
};

static const char *const eum_columns[] = {"rounds", "centre", "initial_centre"};

const ns_model_type_t ns_model_eum = {
    .abi_version = NS_MODEL_ABI,
    .name = "eum",
    .version = "1.0",
    .summary = "expected-utility challenge model (Bueno de Mesquita); forecast: centre of "
               "the final positions",
    .cite = "Scholz, Calbert and Smith (2011), Unravelling Bueno De Mesquita's group "
            "decision model, J. Theoretical Politics 23(4): 510-531",
    .params = eum_params,
    .n_params = NS__EUM_NPARAMS,
    .columns = eum_columns,
    .n_columns = 3,
    .state_size = sizeof(eum_state_t),
    .init = eum_init,
    .step = eum_step,
    .result = eum_result,
    .destroy = eum_destroy,
    .trace = eum_trace,
};
