/* Win-sets on a line, and the `winset` forecasting model: the agenda setter's outcome
 * (Romer and Rosenthal 1978) under unanimity or a k-of-n rule (Tsebelis 2002, ch. 1-2;
 * Krehbiel 1998 for the pivots).
 *
 * Why the 1-D win-set is what ns_winset_1d computes. With symmetric single-peaked
 * preferences member i strictly prefers y to q iff |y - x_i| < |q - x_i|: its
 * preferred-to set P_i(q) is the open interval between q and its reflection 2 x_i - q
 * (empty when x_i = q). Take y > q. Then y is in P_i(q) iff x_i > (q + y) / 2. So the
 * number of members preferring y is #{i : x_i > (q + y) / 2}, which does not increase
 * with y, and it is at least k iff (q + y) / 2 < x_(n-k+1) (order statistics ascending),
 * i.e. iff q < y < 2 x_(n-k+1) - q. Symmetrically, for y < q: at least k members prefer
 * y iff 2 x_(k) - q < y < q. Hence
 *     W(q) = (2 x_(k) - q, q) union (q, 2 x_(n-k+1) - q),
 * each part present only when x_(k) < q, resp. x_(n-k+1) > q. The reflected endpoints
 * 2 x_i - q are sorted by sorting the x_i, which is what the code does.
 * One interval or two: when k > n/2 we have n-k+1 <= k so x_(n-k+1) <= x_(k), and the
 * two conditions x_(n-k+1) > q and x_(k) < q cannot both hold: W(q) is one interval with
 * q at one end. When k <= n/2 both sides may win (any minority of k can), and W(q) is
 * two intervals meeting at q (the brief's "one interval" holds only for k > n/2).
 * W(q) is empty iff x_(n-k+1) <= q <= x_(k): the gridlock interval [x_(n-k+1), x_(k)]
 * of Krehbiel (1998), [x_(1), x_(n)] (the Pareto set) for unanimity.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "models/models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

ns_status ns_winset_1d(ns_ctx_t *ctx, const double *ideal, size_t n, size_t k, double q,
                       double *scratch, ns_winset1_t *out)
{
    if (k == 0) {
        k = n;
    }
    if (n == 0 || k > n) {
        return ns_error(ctx, NS_EINVAL, "win-set: need 1 <= k <= n members (k %zu, n %zu)", k, n);
    }
    if (!isfinite(q)) {
        return ns_error(ctx, NS_EINVAL, "win-set: the status quo is not a finite number");
    }
    double lo_pivot, hi_pivot; /* x_(n-k+1) and x_(k) */
    if (k == n) {
        /* Unanimity needs only the extremes: O(n), no sort. */
        lo_pivot = HUGE_VAL;
        hi_pivot = -HUGE_VAL;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(ideal[i])) {
                return ns_error(ctx, NS_EINVAL, "win-set: ideal point %zu is not finite", i);
            }
            lo_pivot = fmin(lo_pivot, ideal[i]);
            hi_pivot = fmax(hi_pivot, ideal[i]);
        }
    } else {
        if (scratch == NULL) {
            return ns_error(ctx, NS_EINVAL, "win-set: k-of-n needs n doubles of scratch");
        }
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(ideal[i])) {
                return ns_error(ctx, NS_EINVAL, "win-set: ideal point %zu is not finite", i);
            }
        }
        memcpy(scratch, ideal, n * sizeof *scratch);
        qsort(scratch, n, sizeof *scratch, cmp_double);
        lo_pivot = scratch[n - k]; /* x_(n-k+1), 1-based */
        hi_pivot = scratch[k - 1]; /* x_(k) */
    }
    out->status_quo = q;
    out->n = n;
    out->k = k;
    bool up = lo_pivot > q;   /* points above q win */
    bool down = hi_pivot < q; /* points below q win */
    out->in_core = !up && !down;
    out->low = down ? 2.0 * hi_pivot - q : (up ? q : NAN);
    out->high = up ? 2.0 * lo_pivot - q : (down ? q : NAN);
    if (lo_pivot <= hi_pivot) {
        out->gridlock_low = lo_pivot;
        out->gridlock_high = hi_pivot;
    } else {
        out->gridlock_low = NAN;
        out->gridlock_high = NAN;
    }
    return NS_OK;
}

double ns_winset_setter_1d(const ns_winset1_t *w, double setter_ideal)
{
    if (w->in_core) {
        return w->status_quo;
    }
    /* q lies in [low, high] (an end, or inside when k <= n/2), so the closure of
     * W(q) union {q} is [low, high] and the nearest point is a clamp. */
    return fmin(fmax(setter_ideal, w->low), w->high);
}

/* ---- Helpers shared with nash.c ---------------------------------------------------- */

ns_status ns__require_status_quo(ns_ctx_t *ctx, const ns_table_t *t, const char *model)
{
    for (size_t i = 0; i < t->n_issues; i++) {
        if (t->status_quo[i] != t->status_quo[i]) {
            return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, "status_quo",
                               "model %s needs a status quo, and issue '%s' has none (add a "
                               "status_quo column)",
                               model, t->issue[i]);
        }
    }
    return NS_OK;
}

size_t ns__members(const ns_table_t *t, size_t i, size_t *member)
{
    size_t n = 0;
    for (size_t a = 0; a < t->n_actors; a++) {
        if (ns__takes_part(t, i, a) && t->salience[ns_table_at(t, i, a)] > 0.0) {
            member[n++] = a;
        }
    }
    return n;
}

/* ---- The winset model ------------------------------------------------------------ */

enum { P_RULE, P_K, P_SETTER_RANK, N_PARAMS };
enum { RULE_CONSENSUS, RULE_K_OF_N };
static const char *const rules[] = {"consensus", "k_of_n", NULL};

static const ns_param_spec_t params[N_PARAMS] = {
    {"rule", RULE_CONSENSUS, 0, 1, rules,
     "consensus: every member must accept (UN consensus bodies); k_of_n: k members suffice"},
    {"k", 0, 0, NS_MAX_ACTORS, NULL,
     "members needed under rule=k_of_n (required then; >= 1 and at most the members of "
     "every issue)"},
    {"setter_rank", 1, 1, NS_MAX_ACTORS, NULL,
     "the agenda setter is the member with the setter_rank-th greatest capability on the "
     "issue (1: the strongest, as a chair backed by power; ties: table order)"},
};

enum { X_GRID_LO, X_GRID_HI, X_WIN_LO, X_WIN_HI, X_SETTER, N_EXTRA };
static const char *const columns[N_EXTRA] = {"gridlock_low", "gridlock_high", "winset_low",
                                             "winset_high", "setter_position"};

typedef struct by_capability {
    double capability;
    size_t actor;
} by_capability_t;

typedef struct state {
    const ns_table_t *table;
    size_t k; /* 0: unanimity */
    size_t setter_rank;
    size_t *member;         /* n_actors */
    double *ideal;          /* n_actors */
    double *sorted;         /* n_actors */
    by_capability_t *order; /* n_actors */
} state_t;

static ns_status init(void *state, ns_ctx_t *ctx, const ns_table_t *table, const double *values,
                      ns_rng_t *rng)
{
    state_t *s = state;
    (void)rng;
    ns_status st = ns__require_status_quo(ctx, table, "winset");
    if (st != NS_OK) {
        return st;
    }
    s->table = table;
    s->k = values[P_RULE] == RULE_K_OF_N ? (size_t)values[P_K] : 0;
    s->setter_rank = (size_t)values[P_SETTER_RANK];
    if (values[P_RULE] == RULE_K_OF_N && s->k == 0) {
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, "k",
                           "model winset: rule=k_of_n needs k=K with K >= 1");
    }
    size_t n = table->n_actors + 1;
    s->member = ns_malloc(ctx, n * sizeof *s->member);
    s->ideal = ns_malloc(ctx, n * sizeof *s->ideal);
    s->sorted = ns_malloc(ctx, n * sizeof *s->sorted);
    s->order = ns_malloc(ctx, n * sizeof *s->order);
    if (s->member == NULL || s->ideal == NULL || s->sorted == NULL || s->order == NULL) {
        return NS_ENOMEM; /* destroy is not called after a failed init: free here */
    }
    return NS_OK;
}

static void destroy(void *state, ns_ctx_t *ctx)
{
    state_t *s = state;
    ns_free(ctx, s->member);
    ns_free(ctx, s->ideal);
    ns_free(ctx, s->sorted);
    ns_free(ctx, s->order);
}

static ns_status init_checked(void *state, ns_ctx_t *ctx, const ns_table_t *table,
                              const double *values, ns_rng_t *rng)
{
    ns_status st = init(state, ctx, table, values, rng);
    if (st != NS_OK) {
        destroy(state, ctx);
    }
    return st;
}

static ns_status step(void *state, ns_ctx_t *ctx)
{
    (void)state;
    (void)ctx;
    return NS_DONE; /* A static model: everything happens in result. */
}

static int cmp_capability(const void *a, const void *b)
{
    const by_capability_t *x = a, *y = b;
    if (x->capability != y->capability) {
        return x->capability < y->capability ? 1 : -1; /* descending */
    }
    return (x->actor > y->actor) - (x->actor < y->actor);
}

static ns_status result(void *state, ns_ctx_t *ctx, double *forecast, double *extra)
{
    state_t *s = state;
    const ns_table_t *t = s->table;
    for (size_t i = 0; i < t->n_issues; i++) {
        double *x = extra + i * N_EXTRA;
        size_t n = ns__members(t, i, s->member);
        if (n == 0) {
            continue; /* No member: no forecast (NaN). */
        }
        if (s->k > n) {
            return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, "k",
                               "model winset: k=%zu but issue '%s' has only %zu members", s->k,
                               t->issue[i], n);
        }
        if (s->setter_rank > n) {
            return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, "setter_rank",
                               "model winset: setter_rank=%zu but issue '%s' has only %zu "
                               "members",
                               s->setter_rank, t->issue[i], n);
        }
        for (size_t m = 0; m < n; m++) {
            size_t at = ns_table_at(t, i, s->member[m]);
            s->ideal[m] = t->position[at];
            s->order[m].capability = t->capability[at];
            s->order[m].actor = s->member[m];
        }
        ns_winset1_t w;
        ns_status st = ns_winset_1d(ctx, s->ideal, n, s->k, t->status_quo[i], s->sorted, &w);
        if (st != NS_OK) {
            return st;
        }
        qsort(s->order, n, sizeof *s->order, cmp_capability);
        double setter = t->position[ns_table_at(t, i, s->order[s->setter_rank - 1].actor)];
        forecast[i] = ns_winset_setter_1d(&w, setter);
        x[X_GRID_LO] = w.gridlock_low;
        x[X_GRID_HI] = w.gridlock_high;
        x[X_WIN_LO] = w.low;
        x[X_WIN_HI] = w.high;
        x[X_SETTER] = setter;
    }
    return NS_OK;
}

const ns_model_type_t ns_model_winset = {
    .abi_version = NS_MODEL_ABI,
    .name = "winset",
    .version = "1.0",
    .summary = "agenda setter's outcome: the point of the win-set W(q) or q nearest the setter",
    .cite = "Romer and Rosenthal (1978), Public Choice 33(4); Tsebelis (2002), Veto Players; "
            "Krehbiel (1998), Pivotal Politics",
    .params = params,
    .n_params = N_PARAMS,
    .columns = columns,
    .n_columns = N_EXTRA,
    .state_size = sizeof(state_t),
    .init = init_checked,
    .step = step,
    .result = result,
    .destroy = destroy,
    .trace = NULL, /* a static model has no turns */
};
