/* The compromise model: the capability- and salience-weighted mean of the positions,
 *     o = sum_i w_i x_i / sum_i w_i,   w_i = c_i s_i
 * (van den Bos 1991, "Dutch EC Policy Making", ch. 5; Achen 2006, in Thomson et al.,
 * "The European Union Decides", ch. 4, where it forecasts as well as the richer models).
 * It is the point where the weights balance: sum_i w_i (x_i - o) = 0.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "models/models.h"

#include <math.h>

enum { X_TOTAL_WEIGHT, X_N_ACTORS, N_EXTRA };
static const char *const columns[N_EXTRA] = {"total_weight", "n_actors"};

typedef struct state {
    const ns_table_t *table;
} state_t;

static ns_status init(void *state, ns_ctx_t *ctx, const ns_table_t *table, const double *values,
                      ns_rng_t *rng)
{
    (void)ctx;
    (void)values;
    (void)rng;
    ((state_t *)state)->table = table;
    return NS_OK;
}

static ns_status step(void *state, ns_ctx_t *ctx)
{
    (void)state;
    (void)ctx;
    return NS_DONE;
}

static ns_status result(void *state, ns_ctx_t *ctx, double *forecast, double *extra)
{
    const ns_table_t *t = ((state_t *)state)->table;
    (void)ctx;
    for (size_t i = 0; i < t->n_issues; i++) {
        double sum_w = 0.0, sum_wx = 0.0;
        size_t n = 0;
        for (size_t a = 0; a < t->n_actors; a++) {
            if (!ns__takes_part(t, i, a)) {
                continue;
            }
            size_t at = ns_table_at(t, i, a);
            double w = t->capability[at] * t->salience[at];
            sum_w += w;
            sum_wx += w * t->position[at];
            n++;
        }
        /* No weight (nobody cares or nobody can act): the mean is undefined. */
        forecast[i] = sum_w > 0.0 ? sum_wx / sum_w : NAN;
        extra[i * N_EXTRA + X_TOTAL_WEIGHT] = sum_w;
        extra[i * N_EXTRA + X_N_ACTORS] = (double)n;
    }
    return NS_OK;
}

const ns_model_type_t ns_model_compromise = {
    .abi_version = NS_MODEL_ABI,
    .name = "compromise",
    .version = "1.0",
    .summary = "capability x salience weighted mean of the positions",
    .cite = "van den Bos (1991), Dutch EC Policy Making; Achen (2006), in Thomson et al., The "
            "European Union Decides",
    .params = NULL,
    .n_params = 0,
    .columns = columns,
    .n_columns = N_EXTRA,
    .state_size = sizeof(state_t),
    .init = init,
    .step = step,
    .result = result,
    .destroy = NULL,
    .trace = NULL, /* a static model has no turns */
};
