/* The model registry, parameters and the runner: lookup, every parameter error, the
 * progress callback, and out-of-memory at every allocation of a forecast.
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

#include "model_util.h"
#include "test_util.h"

static void test_registry_lists_models(void **state)
{
    (void)state;
    size_t n = 0;
    const ns_model_type_t *const *m = ns_models(&n);
    const char *want[] = {"compromise", "median", "winset", "nash", "eum", "exchange", "smp"};
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(m[i]->name, want[i]);
        assert_int_equal(m[i]->abi_version, NS_MODEL_ABI);
        assert_true(strlen(m[i]->cite) > 10);
        assert_non_null(m[i]->init);
        assert_non_null(m[i]->step);
        assert_non_null(m[i]->result);
        /* Every default is allowed by its own spec. */
        for (size_t p = 0; p < m[i]->n_params; p++) {
            const ns_param_spec_t *s = &m[i]->params[p];
            assert_true(s->dflt >= s->min && s->dflt <= s->max);
            assert_non_null(s->help);
        }
    }
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const ns_model_type_t *found = NULL;
    assert_int_equal(ns_model_find(ctx, "nash", &found), NS_OK);
    assert_ptr_equal(found, m[3]);
    assert_int_equal(ns_model_find(ctx, "bdm", &found), NS_ENOTFOUND);
    assert_null(found);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "compromise, median, winset, nash"));
    ns_ctx_free(ctx);
}

static void test_params(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_params_t *p = NULL;
    const ns_model_type_t *m = NULL;
    double v[8];
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_model_find(ctx, "winset", &m), NS_OK);
    assert_int_equal(ns_params_new(ctx, &p), NS_OK);
    /* Defaults: rule consensus (choice 0), k 0, setter_rank 1. */
    assert_int_equal(ns_params_resolve(ctx, m, NULL, v), NS_OK);
    assert_true(v[0] == 0 && v[1] == 0 && v[2] == 1);
    /* Choices by name, numbers; a later value replaces an earlier one. */
    assert_int_equal(ns_params_parse(p, "rule=k_of_n"), NS_OK);
    assert_int_equal(ns_params_parse(p, "k=3"), NS_OK);
    assert_int_equal(ns_params_parse(p, "k=4"), NS_OK);
    assert_int_equal(ns_params_count(p), 2);
    assert_int_equal(ns_params_resolve(ctx, m, p, v), NS_OK);
    assert_true(v[0] == 1 && v[1] == 4);
    /* Not key=value. */
    assert_int_equal(ns_params_parse(p, "k"), NS_EINVAL);
    assert_int_equal(ns_params_parse(p, "=3"), NS_EINVAL);
    /* Out of range. */
    assert_int_equal(ns_params_set(p, "setter_rank", "0"), NS_OK);
    assert_int_equal(ns_params_resolve(ctx, m, p, v), NS_ERANGE);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "setter_rank"));
    /* Not a number; not a choice. */
    assert_int_equal(ns_params_set(p, "setter_rank", "two"), NS_OK);
    assert_int_equal(ns_params_resolve(ctx, m, p, v), NS_EINVAL);
    assert_int_equal(ns_params_set(p, "setter_rank", "1"), NS_OK);
    assert_int_equal(ns_params_set(p, "rule", "majority"), NS_OK);
    assert_int_equal(ns_params_resolve(ctx, m, p, v), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "consensus, k_of_n"));
    /* Unknown key: the message lists the valid ones. */
    assert_int_equal(ns_params_set(p, "rule", "consensus"), NS_OK);
    assert_int_equal(ns_params_set(p, "setter", "1"), NS_OK);
    assert_int_equal(ns_params_resolve(ctx, m, p, v), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "rule, k, setter_rank"));
    ns_params_free(p);
    ns_params_free(NULL);
    ns_ctx_free(ctx);
}

static int stop_at_first(int round, void *user)
{
    *(int *)user = round;
    return 1;
}

static void test_runner(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    double x[] = {20, 40}, s[] = {1, 1}, c[] = {1, 1};
    ns_table_t *t = one_issue(ctx, 2, x, s, c, 0);
    const ns_model_type_t *m = NULL;
    ns_forecast_t *f = NULL;
    assert_int_equal(ns_model_find(ctx, "compromise", &m), NS_OK);
    assert_int_equal(ns_forecast(ctx, m, t, NULL, NULL, &f), NS_OK);
    assert_int_equal(f->rounds, 1);
    assert_true(f->converged);
    assert_int_equal(f->n_issues, 1);
    assert_near(f->forecast[0], 30, 1e-12);
    ns_forecast_free(ctx, f);
    ns_forecast_free(ctx, NULL);
    /* A progress callback that asks to stop: NS_EINVAL "interrupted", nothing out. */
    int seen = 0;
    ns_run_options_t run = {0, 10, stop_at_first, &seen};
    f = NULL;
    assert_int_equal(ns_forecast(ctx, m, t, NULL, &run, &f), NS_EINVAL);
    assert_null(f);
    assert_int_equal(seen, 1);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "interrupted"));
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    /* Fail every allocation of a forecast in turn, for each of this file's models: each
     * run fails with NS_ENOMEM and leaks nothing (ASan), until one succeeds. */
    const char *models[] = {"compromise", "median", "winset", "nash"};
    for (size_t k = 0; k < 4; k++) {
        int failures = 0;
        for (long at = 1; at < 1000; at++) {
            failing_alloc_t fa;
            ns_ctx_t *ctx = failing_ctx(&fa, 0);
            assert_non_null(ctx);
            double x[] = {20, 40, 60}, s[] = {1, 1, 1}, c[] = {1, 2, 3};
            ns_table_t *t = one_issue(ctx, 3, x, s, c, 0);
            const ns_model_type_t *m = NULL;
            ns_forecast_t *f = NULL;
            assert_int_equal(ns_model_find(ctx, models[k], &m), NS_OK);
            fa.count = 0;
            fa.fail_at = at;
            ns_status st = ns_forecast(ctx, m, t, NULL, NULL, &f);
            fa.fail_at = 0;
            ns_forecast_free(ctx, f);
            ns_table_free(ctx, t);
            ns_ctx_free(ctx);
            if (st == NS_OK) {
                break;
            }
            assert_int_equal(st, NS_ENOMEM);
            failures++;
        }
        assert_true(failures >= 4);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_lists_models),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_runner),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
