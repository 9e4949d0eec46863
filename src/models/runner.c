/* The runner: owns a model run's state and loop, init -> step ... -> result -> destroy.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "models/models.h"

#include <math.h>
#include <string.h>

void ns_forecast_free(ns_ctx_t *ctx, ns_forecast_t *f)
{
    if (f == NULL) {
        return;
    }
    ns_free(ctx, f->forecast);
    ns_free(ctx, f->extra);
    ns_free(ctx, f);
}

/* A forecast is a number or NaN (not forecast); an infinity comes from inputs whose sums
 * overflow (capabilities near 1e308), and is refused rather than printed as "Inf". */
static ns_status check_finite(ns_ctx_t *ctx, const ns_model_type_t *model, const ns_table_t *table,
                              const ns_forecast_t *f)
{
    for (size_t i = 0; i < f->n_issues; i++) {
        for (size_t c = 0; c <= f->n_columns; c++) {
            double v = c == 0 ? f->forecast[i] : f->extra[i * f->n_columns + c - 1];
            if (isinf(v)) {
                return ns_error(ctx, NS_ERANGE,
                                "model %s, issue '%s': the %s is not finite (%s): the inputs "
                                "are too large for a finite answer (capabilities and saliences "
                                "are relative: scale them down)",
                                model->name, table->issue[i],
                                c == 0 ? "forecast" : model->columns[c - 1],
                                v > 0 ? "Inf" : "-Inf");
            }
        }
    }
    return NS_OK;
}

static ns_status run(ns_ctx_t *ctx, const ns_model_type_t *model, const ns_table_t *table,
                     const ns_params_t *params, const ns_run_options_t *opts, ns_trace_cb emit,
                     void *user, ns_forecast_t **out)
{
    ns_status st;
    ns_forecast_t *f = NULL;
    double *values = NULL;
    void *state = NULL;
    bool initialised = false;
    ns_run_options_t run = {0, 1000, NULL, NULL};
    ns_rng_t rng;
    *out = NULL;
    if (opts != NULL) {
        run = *opts;
        if (run.max_rounds <= 0) {
            run.max_rounds = 1000;
        }
    }
    if (model->abi_version != NS_MODEL_ABI) {
        return ns_error(ctx, NS_EINVAL, "model %s has interface version %d, not %d", model->name,
                        model->abi_version, NS_MODEL_ABI);
    }
    if (emit != NULL && model->trace == NULL) {
        return ns_error(ctx, NS_EINVAL,
                        "model %s records no turns to trace (the iterative model smp does)",
                        model->name);
    }
    values = ns_calloc(ctx, model->n_params + 1, sizeof *values);
    f = ns_calloc(ctx, 1, sizeof *f);
    state = ns_calloc(ctx, model->state_size + 1, 1);
    if (values == NULL || f == NULL || state == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    f->n_issues = table->n_issues;
    f->n_columns = model->n_columns;
    f->forecast = ns_calloc(ctx, table->n_issues + 1, sizeof *f->forecast);
    f->extra = ns_calloc(ctx, table->n_issues * model->n_columns + 1, sizeof *f->extra);
    if (f->forecast == NULL || f->extra == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < table->n_issues; i++) {
        f->forecast[i] = NAN;
    }
    for (size_t c = 0; c < table->n_issues * model->n_columns; c++) {
        f->extra[c] = NAN;
    }
    if ((st = ns_params_resolve(ctx, model, params, values)) != NS_OK) {
        goto cleanup;
    }
    /* The run's stream: a pure function of the seed (replicate 0). */
    ns_rng_init(&rng, run.seed, 0, 0, 0);
    if ((st = model->init(state, ctx, table, values, &rng)) != NS_OK) {
        goto cleanup;
    }
    initialised = true;
    st = NS_CONTINUE;
    while (f->rounds < run.max_rounds) {
        st = model->step(state, ctx);
        if (st < 0) {
            goto cleanup;
        }
        f->rounds++;
        if (run.progress != NULL && run.progress(f->rounds, run.user) != 0) {
            st = ns_error(ctx, NS_EINVAL, "model %s: interrupted after round %d", model->name,
                          f->rounds);
            goto cleanup;
        }
        if (st == NS_DONE) {
            break;
        }
    }
    f->converged = st == NS_DONE;
    if ((st = model->result(state, ctx, f->forecast, f->extra)) != NS_OK ||
        (st = check_finite(ctx, model, table, f)) != NS_OK ||
        (emit != NULL && (st = model->trace(state, ctx, emit, user)) != NS_OK)) {
        goto cleanup;
    }
    *out = f;
    f = NULL;
cleanup:
    if (initialised && model->destroy != NULL) {
        model->destroy(state, ctx);
    }
    ns_free(ctx, state);
    ns_free(ctx, values);
    ns_forecast_free(ctx, f);
    return st;
}

ns_status ns_forecast(ns_ctx_t *ctx, const ns_model_type_t *model, const ns_table_t *table,
                      const ns_params_t *params, const ns_run_options_t *opts, ns_forecast_t **out)
{
    return run(ctx, model, table, params, opts, NULL, NULL, out);
}

ns_status ns_forecast_status_quo_issues(ns_ctx_t *ctx, const ns_model_type_t *model,
                                        const ns_table_t *table, const ns_params_t *params,
                                        const ns_run_options_t *opts, size_t *keep, size_t *n_keep,
                                        ns_table_t **sub_out, ns_forecast_t **out)
{
    ns_table_t *sub = NULL;
    size_t *scratch = NULL;
    size_t n = 0;
    if (sub_out != NULL) {
        *sub_out = NULL;
    }
    *n_keep = table->n_issues;
    for (size_t i = 0; keep != NULL && i < table->n_issues; i++) {
        keep[i] = i;
    }
    ns_status st = ns_forecast(ctx, model, table, params, opts, out);
    for (size_t i = 0; st == NS_EINVAL && i < table->n_issues; i++) {
        n += table->status_quo[i] == table->status_quo[i];
    }
    if (st != NS_EINVAL || n == 0 || n == table->n_issues) {
        return st;
    }
    /* The model needs a status quo: the issues that have one. */
    ns_ctx_clear_error(ctx);
    if (keep == NULL && (keep = scratch = ns_calloc(ctx, table->n_issues, sizeof *keep)) == NULL) {
        return NS_ENOMEM;
    }
    if ((st = ns_table_with_status_quo(ctx, table, keep, n_keep, &sub)) == NS_OK) {
        st = run(ctx, model, sub, params, opts, NULL, NULL, out);
    }
    if (st == NS_OK && sub_out != NULL) {
        *sub_out = sub;
        sub = NULL;
    }
    ns_table_free(ctx, sub);
    ns_free(ctx, scratch);
    return st;
}

ns_status ns_forecast_trace(ns_ctx_t *ctx, const ns_model_type_t *model, const ns_table_t *table,
                            const ns_params_t *params, const ns_run_options_t *opts,
                            ns_trace_cb emit, void *user, ns_forecast_t **out)
{
    if (emit == NULL) {
        *out = NULL;
        return ns_error(ctx, NS_EINVAL, "ns_forecast_trace: no trace callback");
    }
    return run(ctx, model, table, params, opts, emit, user, out);
}
