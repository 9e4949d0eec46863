/* normsim: collective-decision models behind one plug-in interface, and the runner.
 *
 * A model is a const ns_model_type_t: name, citation, parameters, output columns, the
 * size of its per-run state, and init -> step ... -> result -> destroy. The runner owns
 * the loop and the state's memory; models allocate scratch through the context in init
 * and release it in destroy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_MODEL_H
#define NORMSIM_MODEL_H

#include "normsim/core.h"
#include "normsim/table.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NS_MODEL_ABI 2 /* 2: the optional trace method. */

/* One parameter: a number in [min, max], or a choice among named values (choices !=
 * NULL; the value is the index of the choice). */
typedef struct ns_param_spec {
    const char *name;
    double dflt;
    double min;
    double max;
    const char *const *choices; /* NULL-terminated, or NULL for a number. */
    const char *help;           /* One line, with the default's reason where it matters. */
} ns_param_spec_t;

/* Parameter values given by the user, as key=value text. */
typedef struct ns_params ns_params_t;
ns_status ns_params_new(ns_ctx_t *ctx, ns_params_t **out);
void ns_params_free(ns_params_t *params);
/* Add "key=value" (or key and value apart with ns_params_set). */
ns_status ns_params_parse(ns_params_t *params, const char *key_eq_value);
ns_status ns_params_set(ns_params_t *params, const char *key, const char *value);
size_t ns_params_count(const ns_params_t *params);
const char *ns_params_key(const ns_params_t *params, size_t i);
const char *ns_params_value(const ns_params_t *params, size_t i);

typedef struct ns_model_type ns_model_type_t;

/* Receives one recorded position of a per-turn trace: turn (0: the input positions),
 * the table's issue and actor indices, and the position in the table's units. Return
 * NS_OK to go on; any other status stops the trace and is returned by the runner. */
typedef ns_status (*ns_trace_cb)(int turn, size_t issue, size_t actor, double position, void *user);

/**
 * Resolve the values of every parameter of a model: defaults, overridden by `given`
 * (may be NULL). values[] must hold model->n_params doubles.
 * @return NS_OK; NS_EINVAL for an unknown key (the message lists the model's
 *         parameters), a value that is not a number or not one of the choices;
 *         NS_ERANGE for a value outside [min, max].
 */
ns_status ns_params_resolve(ns_ctx_t *ctx, const ns_model_type_t *model, const ns_params_t *given,
                            double *values);

struct ns_model_type {
    int abi_version;     /* NS_MODEL_ABI. */
    const char *name;    /* Registry key, e.g. "compromise". */
    const char *version; /* Of this model's implementation. */
    const char *summary; /* One line. */
    const char *cite;    /* The paper(s) it implements. */
    const ns_param_spec_t *params;
    size_t n_params;
    /* Model-specific output columns, after issue and forecast. */
    const char *const *columns;
    size_t n_columns;
    size_t state_size; /* Bytes of per-run state the runner allocates (zeroed). */

    /* values: the resolved parameters (n_params). rng: the run's stream, owned by the
     * runner. The table is borrowed for the whole run. */
    ns_status (*init)(void *state, ns_ctx_t *ctx, const ns_table_t *table, const double *values,
                      ns_rng_t *rng);
    /* One round: NS_CONTINUE, NS_DONE, or an error. Static models return NS_DONE. */
    ns_status (*step)(void *state, ns_ctx_t *ctx);
    /* Write the forecast of every issue (NaN where none) and the extra columns,
     * extra[i * n_columns + c]. */
    ns_status (*result)(void *state, ns_ctx_t *ctx, double *forecast, double *extra);
    /* Release what init allocated. Called once after a successful init, also after an
     * error in step or result. Optional. */
    void (*destroy)(void *state, ns_ctx_t *ctx);
    /* Optional (NULL: the model records no turns; ABI 2). Called after result: emit every
     * recorded position, in order of turn (within a turn, in an order of the model's
     * choosing); the first status other than NS_OK stops it and is returned. */
    ns_status (*trace)(const void *state, ns_ctx_t *ctx, ns_trace_cb emit, void *user);
};

/* The registry: every built-in model, in listing order. */
const ns_model_type_t *const *ns_models(size_t *n);
/* By name; NS_ENOTFOUND with a message listing the known models. */
ns_status ns_model_find(ns_ctx_t *ctx, const char *name, const ns_model_type_t **out);

/* A forecast: one value per issue plus the model's extra columns. */
typedef struct ns_forecast {
    size_t n_issues;
    size_t n_columns;
    double *forecast; /* n_issues. */
    double *extra;    /* n_issues * n_columns. */
    int rounds;       /* Steps taken. */
    bool converged;   /* The model returned NS_DONE before max_rounds. */
} ns_forecast_t;

/* The most actors a model whose every round costs O(actors^2) per issue (eum) or per
 * pair of issues (exchange) accepts: refused at init with NS_ELIMIT beyond it. At the
 * limit a round of eum takes about 2 s on one core (0.3 s at 2,000 actors), so that the
 * default 1000 rounds stay under an hour per issue; the runner's progress callback
 * reports each round. docs/ROBUSTNESS.md section 4. */
#define NS_MODEL_MAX_ACTORS_QUADRATIC 5000

typedef struct ns_run_options {
    uint64_t seed;        /* For models with random draws. */
    int max_rounds;       /* 0: 1000. */
    ns_round_cb progress; /* After every round (normsim/core.h). */
    void *user;
} ns_run_options_t;

/**
 * Forecast every issue of a table with one model.
 *
 * @param model   in: from ns_model_find().
 * @param table   in: borrowed; not modified.
 * @param params  in: user values, or NULL for the defaults.
 * @param opts    in: or NULL (seed 0, 1000 rounds at most).
 * @param out     out: free with ns_forecast_free().
 * @return NS_OK; NS_EINVAL/NS_ERANGE (bad parameter; the message names it); NS_ERANGE
 *         when a forecast or extra column is infinite (inputs too large for a finite
 *         answer; the message names the issue); NS_ENOMEM; errors of the model.
 * Complexity: that of the model times the rounds it takes.
 */
ns_status ns_forecast(ns_ctx_t *ctx, const ns_model_type_t *model, const ns_table_t *table,
                      const ns_params_t *params, const ns_run_options_t *opts, ns_forecast_t **out);
void ns_forecast_free(ns_ctx_t *ctx, ns_forecast_t *f);

/**
 * ns_forecast(), except that when the model refuses the table (NS_EINVAL) because some
 * issues have no status quo (winset, nash need one) it forecasts the issues that have one
 * instead. keep (room for table->n_issues; may be NULL) gets the indices in table of the
 * issues the forecast covers, in order, and *n_keep how many (table->n_issues when none
 * was skipped).
 * @param sub  out (may be NULL): the table of the issues forecast when some were skipped
 *             (free it with ns_table_free()), else NULL.
 * @return those of ns_forecast(); the model's own error when every issue, or none, lacks a
 *         status quo.
 */
ns_status ns_forecast_status_quo_issues(ns_ctx_t *ctx, const ns_model_type_t *model,
                                        const ns_table_t *table, const ns_params_t *params,
                                        const ns_run_options_t *opts, size_t *keep, size_t *n_keep,
                                        ns_table_t **sub, ns_forecast_t **out);

/**
 * ns_forecast() that also hands every recorded position of every turn to `emit` (turn 0
 * the input), after the run and before the model's state is released.
 *
 * @param emit  in: called once per (turn, issue, actor) the model recorded.
 * @return those of ns_forecast(); NS_EINVAL when the model records no turns (its trace
 *         method is NULL; the message names the model); a status emit returned.
 * Complexity: that of the run plus one call per recorded position.
 */
ns_status ns_forecast_trace(ns_ctx_t *ctx, const ns_model_type_t *model, const ns_table_t *table,
                            const ns_params_t *params, const ns_run_options_t *opts,
                            ns_trace_cb emit, void *user, ns_forecast_t **out);

#ifdef __cplusplus
}
#endif
#endif
