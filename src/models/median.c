/* The median model: the weighted median of the positions (weights w_i = c_i s_i), and
 * the Condorcet winner among the actors' positions under the pairwise vote
 *     V(j, k) = sum_i w_i (|x_i - x_k| - |x_i - x_j|) / R      (R: the scale's range)
 * (Black 1948, "On the rationale of group decision-making", J. Political Economy 56;
 * the weighted form as in Thomson et al. 2006, The European Union Decides).
 * Position x_j is the Condorcet winner when V(j, k) > 0 for every other position x_k.
 *
 * Why this is O(n log n): the weighted median is the Condorcet winner when unique.
 * Let D(y) = sum_i w_i |x_i - y|. Then V(j, k) = (D(x_k) - D(x_j)) / R, so x_j beats x_k
 * iff D(x_j) < D(x_k), and x_j is the Condorcet winner iff it is the unique minimiser of
 * D over the set of distinct positions. D is convex and piecewise linear with kinks only
 * at positions; with the distinct positions p_1 < ... < p_m, their summed weights W_l,
 * the total W and the cumulative C_l = W_1 + ... + W_l, the slope of D between p_l and
 * p_(l+1) is C_l - (W - C_l) = 2 C_l - W, which does not decrease in l. Let j be the
 * first index with C_j >= W/2.
 *  - If C_j > W/2: D falls until p_j (slopes 2 C_l - W < 0 for l < j) and rises after it
 *    (2 C_j - W > 0), so p_j is D's unique minimiser on the whole line, hence among the
 *    positions: it beats every other position. It is also the weighted median (less than
 *    half of the weight lies on each side).
 *  - If C_j = W/2: D is flat from p_j to the next position with positive weight p_l, so
 *    D(p_j) = D(p_l): p_j and p_l tie, and no position beats all others (any other
 *    position has larger D). No Condorcet winner; the weighted median is the interval
 *    [p_j, p_l], reported as its midpoint.
 *  - If W = 0 every vote is a tie: a winner exists only when all positions coincide.
 * The code sorts once (O(n log n)) and scans; ties C_j = W/2 are decided with a relative
 * tolerance of 1e-12 * W so that weights such as 0.1 + 0.2 vs 0.3 tie as they should.
 * tests/unit/test_median.c checks this identity against the O(n^2) pairwise votes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "models/models.h"

#include <math.h>
#include <stdlib.h>

#define TIE_TOL 1e-12

enum { X_MEDIAN, X_CONDORCET, X_EXISTS, N_EXTRA };
static const char *const columns[N_EXTRA] = {"weighted_median", "condorcet", "condorcet_exists"};

typedef struct voter {
    double position;
    double weight;
} voter_t;

typedef struct state {
    const ns_table_t *table;
    voter_t *voter; /* n_actors: scratch, allocated once in init */
} state_t;

static ns_status init(void *state, ns_ctx_t *ctx, const ns_table_t *table, const double *values,
                      ns_rng_t *rng)
{
    state_t *s = state;
    (void)values;
    (void)rng;
    s->table = table;
    s->voter = ns_malloc(ctx, (table->n_actors + 1) * sizeof *s->voter);
    return s->voter == NULL ? NS_ENOMEM : NS_OK;
}

static void destroy(void *state, ns_ctx_t *ctx)
{
    ns_free(ctx, ((state_t *)state)->voter);
}

static ns_status step(void *state, ns_ctx_t *ctx)
{
    (void)state;
    (void)ctx;
    return NS_DONE;
}

static int cmp_position(const void *a, const void *b)
{
    double x = ((const voter_t *)a)->position, y = ((const voter_t *)b)->position;
    return (x > y) - (x < y);
}

/* One issue: median, Condorcet winner (NaN if none) from n voters, sorted here. */
static void solve(voter_t *v, size_t n, double *median, double *condorcet)
{
    *median = NAN;
    *condorcet = NAN;
    if (n == 0) {
        return;
    }
    qsort(v, n, sizeof *v, cmp_position);
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        total += v[i].weight;
    }
    if (!(total > 0.0)) {
        if (v[0].position == v[n - 1].position) {
            *condorcet = v[0].position;
            *median = v[0].position;
        }
        return;
    }
    double half = 0.5 * total, tol = TIE_TOL * total, cum = 0.0;
    size_t i = 0;
    while (i < n) {
        /* Sum the weight of one distinct position. */
        double p = v[i].position;
        while (i < n && v[i].position == p) {
            cum += v[i].weight;
            i++;
        }
        if (cum < half - tol) {
            continue;
        }
        if (cum > half + tol) {
            *median = p;
            *condorcet = p;
            return;
        }
        /* A tie: D is flat up to the next position with positive weight. */
        while (i < n && !(v[i].weight > 0.0)) {
            i++;
        }
        *median = i < n ? 0.5 * (p + v[i].position) : p;
        return;
    }
}

static ns_status result(void *state, ns_ctx_t *ctx, double *forecast, double *extra)
{
    state_t *s = state;
    const ns_table_t *t = s->table;
    (void)ctx;
    for (size_t i = 0; i < t->n_issues; i++) {
        size_t n = 0;
        for (size_t a = 0; a < t->n_actors; a++) {
            if (ns__takes_part(t, i, a)) {
                size_t at = ns_table_at(t, i, a);
                s->voter[n].position = t->position[at];
                s->voter[n].weight = t->capability[at] * t->salience[at];
                n++;
            }
        }
        double *x = extra + i * N_EXTRA;
        solve(s->voter, n, &x[X_MEDIAN], &x[X_CONDORCET]);
        x[X_EXISTS] = x[X_CONDORCET] == x[X_CONDORCET] ? 1.0 : 0.0;
        forecast[i] = x[X_MEDIAN];
    }
    return NS_OK;
}

const ns_model_type_t ns_model_median = {
    .abi_version = NS_MODEL_ABI,
    .name = "median",
    .version = "1.0",
    .summary = "weighted median of the positions, and the Condorcet winner among them",
    .cite = "Black (1948), J. Political Economy 56(1); weighted pairwise votes as in Thomson et "
            "al. (2006), The European Union Decides",
    .params = NULL,
    .n_params = 0,
    .columns = columns,
    .n_columns = N_EXTRA,
    .state_size = sizeof(state_t),
    .init = init,
    .step = step,
    .result = result,
    .destroy = destroy,
    .trace = NULL, /* a static model has no turns */
};
