/* normsim: which model forecasts best. Out-of-sample scores of the collective-decision
 * models on a table with recorded outcomes, each model's tunable parameters chosen by
 * K-fold cross-validation over issues, the compromise model as the baseline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_VALIDATE_H
#define NORMSIM_VALIDATE_H

#include "normsim/core.h"
#include "normsim/io.h"
#include "normsim/model.h"
#include "normsim/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ns_validate_options {
    size_t folds;   /* K >= 2; 0: 10. More folds than scorable issues: leave one out. */
    uint64_t seed;  /* Of models with random draws. */
    int max_rounds; /* Of iterative models; 0: 1000. */
} ns_validate_options_t;

/* One model's out-of-sample score over the issues with an outcome. */
typedef struct ns_validate_score {
    const char *model; /* The model's name (static). */
    size_t n;          /* Issues scored. */
    size_t skipped;    /* Issues with an outcome not scored (no status quo, no forecast). */
    double mae;        /* Mean absolute error; NaN when n = 0. */
    double rmse;       /* Root mean squared error. */
    double median_ae;  /* Median absolute error. */
    char params[192];  /* The parameters chosen, with the folds that chose each; "" when
                          the model has no tuned parameter (its defaults). */
    char note[192];    /* Why issues were skipped; "" when none were. */
} ns_validate_score_t;

typedef struct ns_validation {
    size_t n_models;
    size_t n_outcomes;          /* Issues of the table with an outcome. */
    size_t folds;               /* K used. */
    ns_validate_score_t *score; /* n_models; the compromise model first. */
} ns_validation_t;

/**
 * Score models against a table's recorded outcomes, out of sample.
 *
 * The issues with an outcome are dealt into K folds in table order (the r-th such issue
 * goes to fold r mod K). A model with a grid of candidate parameters (nash: loss x
 * weighting; eum: centre; the others: none, their defaults) is run once per candidate
 * on the table; for each fold the candidate with the smallest mean absolute error on
 * the other folds' issues forecasts that fold's issues, so no issue's outcome chooses
 * the parameters that score it. Models read no outcome, so forecasts made on the whole
 * table are the same as on the training issues for every model that forecasts issues
 * apart; the exchange model and smp in joint mode use other issues' positions (never
 * their outcomes). A model that needs a status quo and fails on the whole table is run
 * on the issues that have one; the others are counted in `skipped` with a note.
 *
 * @param table   in: borrowed; needs at least one issue with an outcome.
 * @param models  in: the models to score; the compromise model is added (as the
 *                baseline, first) when missing; NULL with n_models 0: every model.
 * @param opts    in: or NULL (10 folds, seed 0, 1000 rounds).
 * @param out     out: free with ns_validation_free().
 * @return NS_OK; NS_EINVAL (no outcome in the table, folds = 1, a model's error with
 *         the model named); NS_ENOMEM; other errors of the models.
 * Complexity: the models' costs times their candidates, plus O(K x candidates x issues).
 */
ns_status ns_validate(ns_ctx_t *ctx, const ns_table_t *table, const ns_model_type_t *const *models,
                      size_t n_models, const ns_validate_options_t *opts, ns_validation_t **out);
void ns_validation_free(ns_ctx_t *ctx, ns_validation_t *v);

/**
 * The scores as rows with the columns model, n, mae, rmse, median_ae, params, one per
 * model, the compromise row first (numbers with 6 significant digits, empty for NaN).
 * @return NS_OK; NS_ENOMEM.
 */
ns_status ns_validation_rows(ns_ctx_t *ctx, const ns_validation_t *v, ns_rows_t **out);

#ifdef __cplusplus
}
#endif
#endif
