/* normsim validate: out-of-sample scores by hand, the fold choice by hand, the baseline
 * first, status-quo skipping, error paths and out of memory.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/validate_internal.h"
#include "model_util.h"
#include "test_util.h"

static ns_table_t *small_table(ns_ctx_t *ctx)
{
    char path[1024];
    const char *dir = getenv("NS_TEST_DATA");
    snprintf(path, sizeof path, "%s/tables/validate_small.csv", dir != NULL ? dir : "tests/data");
    ns_table_t *t = NULL;
    assert_int_equal(ns_table_read_file(ctx, path, &t), NS_OK);
    return t;
}

static const ns_validate_score_t *score_of(const ns_validation_t *v, const char *model)
{
    for (size_t m = 0; m < v->n_models; m++) {
        if (strcmp(v->score[m].model, model) == 0) {
            return &v->score[m];
        }
    }
    fail_msg("no score for %s", model);
    return NULL;
}

/* tests/data/tables/validate_small.csv, two actors A (c 1) and B, saliences 1:
 *   i1: A 0, B 100 (c 3): compromise 75, outcome 70, error 5; status quo 50
 *   i2: A 20, B 60: 40, outcome 50, error 10; status quo 30
 *   i3: A 0, B 100: 50, outcome 30, error 20; no status quo
 *   i4: both 40: 40, outcome 40, error 0
 *   i5: no outcome, not scored.
 * Compromise: MAE 35/4 = 8.75, RMSE sqrt(525/4), median (5 + 10)/2 = 7.5.
 * Nash (needs a status quo, so i3 is skipped): on i1 and i2 no point gains both actors
 * (A's ideal lies below the status quo, B's above), so the forecast is the status quo:
 * errors 20, 20 and 0: MAE 40/3, RMSE sqrt(800/3), median 20. Its four candidates all
 * forecast the same, so every fold keeps the defaults. */
static void test_known_scores(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = small_table(ctx);
    const ns_model_type_t *nash = NULL;
    assert_int_equal(ns_model_find(ctx, "nash", &nash), NS_OK);
    ns_validation_t *v = NULL;
    ns_validate_options_t o = {0, 0, 0};
    assert_int_equal(ns_validate(ctx, t, &nash, 1, &o, &v), NS_OK);
    assert_int_equal(v->n_models, 2);
    assert_int_equal(v->n_outcomes, 4);
    assert_int_equal(v->folds, 4); /* 10 asked by default, 4 issues: leave one out. */
    assert_string_equal(v->score[0].model, "compromise");
    assert_int_equal(v->score[0].n, 4);
    assert_int_equal(v->score[0].skipped, 0);
    assert_near(v->score[0].mae, 8.75, 1e-12);
    assert_near(v->score[0].rmse, sqrt(525.0 / 4.0), 1e-12);
    assert_near(v->score[0].median_ae, 7.5, 1e-12);
    assert_string_equal(v->score[0].params, "");
    assert_string_equal(v->score[0].note, "");
    const ns_validate_score_t *s = score_of(v, "nash");
    assert_int_equal(s->n, 3);
    assert_int_equal(s->skipped, 1);
    assert_near(s->mae, 40.0 / 3.0, 1e-9);
    assert_near(s->rmse, sqrt(800.0 / 3.0), 1e-9);
    assert_near(s->median_ae, 20.0, 1e-9);
    assert_string_equal(s->params, "defaults (4/4 folds)");
    assert_non_null(strstr(s->note, "1 issues without a status quo"));

    /* The rows: the columns of the issue, the baseline first. */
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_validation_rows(ctx, v, &rows), NS_OK);
    assert_int_equal(ns_rows_ncols(rows), 6);
    assert_string_equal(ns_rows_column(rows, 0), "model");
    assert_string_equal(ns_rows_column(rows, 5), "params");
    assert_string_equal(ns_rows_cell(rows, 0, 0), "compromise");
    assert_string_equal(ns_rows_cell(rows, 0, 2), "8.75");
    assert_string_equal(ns_rows_cell(rows, 1, 1), "3");
    ns_rows_free(rows);
    ns_validation_free(ctx, v);

    /* Every model (NULL list): seven rows, compromise first, each once. */
    assert_int_equal(ns_validate(ctx, t, NULL, 0, NULL, &v), NS_OK);
    size_t n = 0;
    ns_models(&n);
    assert_int_equal(v->n_models, n);
    assert_string_equal(v->score[0].model, "compromise");
    assert_int_equal(score_of(v, "winset")->skipped, 1);
    assert_int_equal(score_of(v, "median")->n, 4);
    ns_validation_free(ctx, v);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Two candidates, four issues, two folds (fold = index mod 2), outcomes 10..40:
 *   candidate 0: 10, 20, 32, 0   (errors 0, 0, 2, 40)
 *   candidate 1: 15, 25, 35, 45  (errors 5 each)
 * Fold 0 (issues 0, 2) is chosen on issues 1, 3: MAE 20 against 5, candidate 1.
 * Fold 1 (issues 1, 3) is chosen on issues 0, 2: MAE 1 against 5, candidate 0, even
 * though candidate 1 is better on issue 3 itself: the scored issue never chooses. */
static void test_fold_choice(void **state)
{
    (void)state;
    const double fc[] = {10, 20, 32, 0, 15, 25, 35, 45};
    const double outcome[] = {10, 20, 30, 40};
    const size_t fold[] = {0, 1, 0, 1};
    double pred[4];
    size_t chosen[2];
    ns__validate_choose(fc, 2, 4, outcome, fold, 2, pred, chosen);
    assert_int_equal(chosen[0], 1);
    assert_int_equal(chosen[1], 1);
    assert_near(pred[0], 15, 0);
    assert_near(pred[1], 20, 0);
    assert_near(pred[2], 35, 0);
    assert_near(pred[3], 0, 0);
    /* An issue without an outcome (SIZE_MAX) is neither trained on nor forecast. */
    const size_t fold2[] = {0, 1, SIZE_MAX, 1};
    ns__validate_choose(fc, 2, 4, outcome, fold2, 2, pred, chosen);
    assert_true(isnan(pred[2]));
    /* Fold 1 now trains on issue 0 alone: candidate 0 (error 0). */
    assert_near(pred[3], 0, 0);
}

static void test_errors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = small_table(ctx);
    ns_validation_t *v = NULL;
    ns_validate_options_t one = {1, 0, 0};
    assert_int_equal(ns_validate(ctx, t, NULL, 0, &one, &v), NS_EINVAL);
    assert_null(v);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "folds"));
    for (size_t i = 0; i < t->n_issues; i++) {
        t->outcome[i] = NAN;
    }
    assert_int_equal(ns_validate(ctx, t, NULL, 0, NULL, &v), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "outcome"));
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    ns_ctx_t *plain = NULL;
    assert_int_equal(ns_ctx_new(NULL, &plain), NS_OK);
    ns_table_t *t = small_table(plain);
    const ns_model_type_t *m[2];
    assert_int_equal(ns_model_find(plain, "nash", &m[0]), NS_OK);
    assert_int_equal(ns_model_find(plain, "median", &m[1]), NS_OK);
    bool succeeded = false;
    for (long k = 1; k < 2000 && !succeeded; k++) {
        failing_alloc_t fa;
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_validation_t *v = NULL;
        ns_status st = ns_validate(ctx, t, m, 2, NULL, &v);
        if (st == NS_OK) {
            succeeded = true;
            assert_int_equal(v->n_models, 3);
        } else {
            assert_int_equal(st, NS_ENOMEM);
            assert_null(v);
        }
        ns_validation_free(ctx, v);
        ns_ctx_free(ctx);
    }
    assert_true(succeeded);
    ns_table_free(plain, t);
    ns_ctx_free(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_scores),
        cmocka_unit_test(test_fold_choice),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
