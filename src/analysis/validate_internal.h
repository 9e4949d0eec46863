/* Internals of the cross-validation (validate.c) that the unit tests check directly.
 * Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_ANALYSIS_VALIDATE_INTERNAL_H
#define NS_ANALYSIS_VALIDATE_INTERNAL_H

#include <stddef.h>

/**
 * K-fold choice among candidate forecasts: for each fold k the candidate c with the
 * smallest mean absolute error over the issues of the other folds (fc[c * n_issues + i]
 * against outcome[i], NaN forecasts left out; ties: the smaller c) forecasts fold k.
 * fold[i] in [0, K), SIZE_MAX for an issue without an outcome.
 * pred (n_issues) gets each issue's out-of-sample forecast (NaN outside every fold),
 * chosen (n_cand) how many folds chose each candidate. O(K x n_cand x n_issues).
 */
void ns__validate_choose(const double *fc, size_t n_cand, size_t n_issues, const double *outcome,
                         const size_t *fold, size_t K, double *pred, size_t *chosen);

#endif
