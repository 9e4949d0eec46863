/* The built-in replicate models of studies, and their registry.
 *
 * toy-unanimity: a one-dimensional unanimity vote with random ideal points, small
 * enough to check by hand, so that the study machinery (grid, threads, shards, store,
 * resume) is tested on a model whose answer is known. Each of `members` states has an
 * ideal point x ~ U(0, 1); a proposal p replaces the status quo q only if every member
 * strictly prefers it: |x - p| < |x - q| (Euclidean preferences, the spatial model of
 * MECHANISM.md 3.1; unanimity is the consensus rule of 3.2). For q < p a member accepts
 * iff x > (q + p) / 2, so P(accept) = 1 - (q + p) / 2 and P(adopted) = P(accept)^members.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/frontier.h"
#include "analysis/sweep_models.h"

enum { TOY_MEMBERS, TOY_STATUS_QUO, TOY_PROPOSAL };

static const char *const toy_params[] = {"members", "status_quo", "proposal"};
static const double toy_defaults[] = {5, 0, 0.5};
static const char *const toy_param_help[] = {
    "number of members, 1..100000 (default 5)",
    "status quo on [0, 1] (default 0)",
    "the proposal on [0, 1] (default 0.5)",
};
static const char *const toy_metrics[] = {"adopted", "support", "moved"};

static ns_status toy_parse(size_t param, const char *text, double *value, ns_ctx_t *ctx)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v)) {
        return ns_error(ctx, NS_EINVAL, "%s: '%s' is not a number", toy_params[param], text);
    }
    if (param == TOY_MEMBERS && (v < 1 || v > 100000 || v != floor(v))) {
        return ns_error(ctx, NS_ERANGE, "members: %s is not a whole number in 1..100000", text);
    }
    if (param != TOY_MEMBERS && (v < 0 || v > 1)) {
        return ns_error(ctx, NS_ERANGE, "%s: %s outside [0, 1]", toy_params[param], text);
    }
    *value = v;
    return NS_OK;
}

static ns_status toy_replicate(const void *state, const double *params, uint64_t seed,
                               uint32_t point, uint32_t replicate, double *metrics, ns_ctx_t *ctx)
{
    (void)state;
    (void)ctx;
    ns_rng_t rng;
    ns_rng_init(&rng, seed, point, replicate, 0);
    uint32_t members = (uint32_t)params[TOY_MEMBERS];
    double q = params[TOY_STATUS_QUO];
    double p = params[TOY_PROPOSAL];
    uint32_t accept = 0;
    for (uint32_t i = 0; i < members; i++) {
        double x = ns_rng_uniform(&rng);
        if (fabs(x - p) < fabs(x - q)) {
            accept++;
        }
    }
    bool adopted = accept == members;
    metrics[0] = adopted ? 1.0 : 0.0;
    metrics[1] = (double)accept / (double)members;
    /* Not defined when nothing is adopted: stored NULL, not counted in means. */
    metrics[2] = adopted ? fabs(p - q) : NAN;
    return NS_OK;
}

static const ns_study_model_t toy_model = {
    .name = "toy-unanimity",
    .summary = "1-D unanimity vote with uniform random ideal points (a known-answer test model)",
    .cite = "MECHANISM.md 3.1-3.2: Euclidean preferences, adoption by consensus",
    .n_params = NS_ARRAY_LEN(toy_params),
    .params = toy_params,
    .defaults = toy_defaults,
    .param_help = toy_param_help,
    .n_metrics = NS_ARRAY_LEN(toy_metrics),
    .metrics = toy_metrics,
    .parse = toy_parse,
    .needs_world = false,
    .setup = NULL,
    .teardown = NULL,
    .replicate = toy_replicate,
};

static const ns_study_model_t *const registry[] = {&toy_model,
                                                   &ns__frontier_model,
                                                   &ns__negotiate_study,
                                                   &ns__table_study_eum,
                                                   &ns__table_study_exchange,
                                                   &ns__table_study_compromise,
                                                   &ns__table_study_median,
                                                   &ns__table_study_nash,
                                                   &ns__table_study_winset,
                                                   &ns__table_study_smp,
                                                   &ns__diffuse_study};

size_t ns_study_model_count(void)
{
    size_t n = 0;
    for (size_t i = 0; i < NS_ARRAY_LEN(registry); i++) {
        n += registry[i] != NULL && registry[i]->replicate != NULL;
    }
    return n;
}

const ns_study_model_t *ns_study_model_get(size_t i)
{
    for (size_t k = 0; k < NS_ARRAY_LEN(registry); k++) {
        if (registry[k] != NULL && registry[k]->replicate != NULL) {
            if (i == 0) {
                return registry[k];
            }
            i--;
        }
    }
    return NULL;
}

const ns_study_model_t *ns_study_model_find(const char *name)
{
    for (size_t i = 0; i < ns_study_model_count(); i++) {
        const ns_study_model_t *m = ns_study_model_get(i);
        if (strcmp(m->name, name) == 0) {
            return m;
        }
    }
    return NULL;
}
