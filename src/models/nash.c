/* The Nash bargaining model with the status quo as the disagreement point (Nash 1950,
 * Econometrica 18(2); applied to EU decisions by Achen 2006, in Thomson et al., The
 * European Union Decides, ch. 4, and Schneider, Finke and Bailer 2010, Political Studies
 * 58(1)):
 *     y* = argmax_{y in W(q)} sum_i b_i ln(U_i(y) - U_i(q)),
 *     U_i(y) = -s_i |y - x_i|   (loss=linear)   or   -s_i (y - x_i)^2   (loss=quadratic),
 * b_i = 1 (weighting=symmetric, Nash's axioms) or b_i = c_i (weighting=capability, the
 * asymmetric solution of Kalai 1977 as used by Achen). W(q) is the unanimity win-set of
 * the members (actors taking part with salience > 0); y* = q when W(q) is empty.
 *
 * Invariance: rescaling U_i by a > 0 (e.g. s_i -> 7 s_i) adds b_i ln a to the objective,
 * a constant, so y* does not move (Nash's scale-invariance axiom); the code never
 * multiplies by s_i at all in the derivative below, where it cancels.
 *
 * Exact 1-D maximisation: on W(q) every gain g_i(y) = U_i(y) - U_i(q) is positive and
 * concave in y (|y - x_i| and (y - x_i)^2 are convex), so ln g_i is concave and so is
 * the objective f. Its right derivative f'_+(y) = sum_i b_i g_i'(y+) / g_i(y) is
 * therefore non-increasing, and the maximiser is y* = inf { y : f'_+(y) <= 0 } (a kink
 * x_i when the loss is linear, a root otherwise). Bisection on the sign of f'_+ over
 * W(q) = (low, high) brackets y* and stops when the bracket is shorter than
 * 1e-10 * (scale_max - scale_min), at most 200 halvings; O(n) per halving.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "models/models.h"

#include <math.h>

#define NASH_TOL 1e-10

enum { P_LOSS, P_WEIGHTING, N_PARAMS };
enum { LOSS_LINEAR, LOSS_QUADRATIC };
enum { WEIGHT_SYMMETRIC, WEIGHT_CAPABILITY };
static const char *const losses[] = {"linear", "quadratic", NULL};
static const char *const weightings[] = {"symmetric", "capability", NULL};

static const ns_param_spec_t params[N_PARAMS] = {
    {"loss", LOSS_LINEAR, 0, 1, losses,
     "utility loss in distance: linear (Achen 2006's default) or quadratic"},
    {"weighting", WEIGHT_SYMMETRIC, 0, 1, weightings,
     "bargaining weights b_i: symmetric (all 1, Nash 1950) or capability (b_i = c_i)"},
};

enum { X_WIN_LO, X_WIN_HI, X_BARGAINERS, N_EXTRA };
static const char *const columns[N_EXTRA] = {"winset_low", "winset_high", "n_bargainers"};

typedef struct state {
    const ns_table_t *table;
    int loss;
    int weighting;
    size_t *member; /* n_actors */
    double *ideal;  /* n_actors */
    double *weight; /* n_actors: b_i */
} state_t;

static void destroy(void *state, ns_ctx_t *ctx)
{
    state_t *s = state;
    ns_free(ctx, s->member);
    ns_free(ctx, s->ideal);
    ns_free(ctx, s->weight);
}

static ns_status init(void *state, ns_ctx_t *ctx, const ns_table_t *table, const double *values,
                      ns_rng_t *rng)
{
    state_t *s = state;
    (void)rng;
    ns_status st = ns__require_status_quo(ctx, table, "nash");
    if (st != NS_OK) {
        return st;
    }
    s->table = table;
    s->loss = (int)values[P_LOSS];
    s->weighting = (int)values[P_WEIGHTING];
    size_t n = table->n_actors + 1;
    s->member = ns_malloc(ctx, n * sizeof *s->member);
    s->ideal = ns_malloc(ctx, n * sizeof *s->ideal);
    s->weight = ns_malloc(ctx, n * sizeof *s->weight);
    if (s->member == NULL || s->ideal == NULL || s->weight == NULL) {
        destroy(state, ctx); /* the runner calls destroy only after a successful init */
        return NS_ENOMEM;
    }
    return NS_OK;
}

static ns_status step(void *state, ns_ctx_t *ctx)
{
    (void)state;
    (void)ctx;
    return NS_DONE;
}

/* f'_+(y) up to the positive factors s_i, which cancel in g_i' / g_i. */
static double slope(const state_t *s, size_t n, double q, double y)
{
    double d = 0.0;
    for (size_t m = 0; m < n; m++) {
        double x = s->ideal[m];
        double ratio;
        if (s->loss == LOSS_LINEAR) {
            double gain = fabs(q - x) - fabs(y - x);
            ratio = (y >= x ? -1.0 : 1.0) / gain;
        } else {
            double gain = (q - x) * (q - x) - (y - x) * (y - x);
            ratio = -2.0 * (y - x) / gain;
        }
        d += s->weight[m] * ratio;
    }
    return d;
}

static ns_status result(void *state, ns_ctx_t *ctx, double *forecast, double *extra)
{
    state_t *s = state;
    const ns_table_t *t = s->table;
    for (size_t i = 0; i < t->n_issues; i++) {
        double *x = extra + i * N_EXTRA;
        double q = t->status_quo[i];
        size_t n = ns__members(t, i, s->member);
        double total_b = 0.0;
        for (size_t m = 0; m < n; m++) {
            size_t at = ns_table_at(t, i, s->member[m]);
            s->ideal[m] = t->position[at];
            s->weight[m] = s->weighting == WEIGHT_CAPABILITY ? t->capability[at] : 1.0;
            total_b += s->weight[m];
        }
        x[X_BARGAINERS] = (double)n;
        if (n == 0) {
            forecast[i] = q; /* Nobody wants a change. */
            continue;
        }
        ns_winset1_t w;
        ns_status st = ns_winset_1d(ctx, s->ideal, n, 0, q, NULL, &w);
        if (st != NS_OK) {
            return st;
        }
        x[X_WIN_LO] = w.low;
        x[X_WIN_HI] = w.high;
        if (w.in_core || !(w.low < w.high)) {
            forecast[i] = q; /* No interior to bargain over. */
            continue;
        }
        if (!(total_b > 0.0)) {
            forecast[i] = NAN; /* All weights zero: the objective is flat. */
            continue;
        }
        double lo = w.low, hi = w.high;
        double eps = NASH_TOL * (t->scale_max[i] - t->scale_min[i]);
        for (int it = 0; it < 200 && hi - lo > eps; it++) {
            double mid = 0.5 * (lo + hi);
            if (slope(s, n, q, mid) > 0.0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        /* Texts off the issue's scale are not on the table: the bisection's last step can
         * leave the interval's end by rounding (fuzzing found -3.7e-9 on 0..100). */
        double y = 0.5 * (lo + hi);
        forecast[i] =
            y < t->scale_min[i] ? t->scale_min[i] : (y > t->scale_max[i] ? t->scale_max[i] : y);
    }
    return NS_OK;
}

const ns_model_type_t ns_model_nash = {
    .abi_version = NS_MODEL_ABI,
    .name = "nash",
    .version = "1.0",
    .summary = "Nash bargaining solution over the unanimity win-set, status quo as disagreement",
    .cite = "Nash (1950), Econometrica 18(2); Achen (2006), in Thomson et al., The European Union "
            "Decides; Schneider, Finke and Bailer (2010), Political Studies 58(1)",
    .params = params,
    .n_params = N_PARAMS,
    .columns = columns,
    .n_columns = N_EXTRA,
    .state_size = sizeof(state_t),
    .init = init,
    .step = step,
    .result = result,
    .destroy = destroy,
    .trace = NULL, /* a static model has no turns */
};
