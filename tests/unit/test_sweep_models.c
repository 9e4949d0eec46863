/* The study models that sweep other models (src/analysis/sweep_models.c): their
 * parameter lists agree with the parameter registry and with the models' own, and a
 * table model's study gives the hand-computed answer, with the same bytes on 1 and 2
 * threads and after a resume; smp's stochastic transitions too.
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
#include <unistd.h>

#include "normsim/params.h"
#include "normsim/positions.h"
#include "test_util.h"

static bool has_param(const ns_study_model_t *m, const char *name)
{
    for (size_t i = 0; i < m->n_params; i++) {
        if (strcmp(m->params[i], name) == 0) {
            return true;
        }
    }
    return false;
}

/* The registry's declaration a study parameter stands for (qmv_threshold is that of the
 * study's body, qmv_threshold.<BODY>). */
static const ns_param_def_t *declared(const char *name)
{
    const ns_param_def_t *def = ns_param_def_find(name);
    return def != NULL ? def : ns_param_match(name);
}

/* negotiate: every world parameter it varies is declared by the process layer, and it
 * varies every one of them (per camp for the camps' keys), but for the per-body switches
 * summary_available.<BODY> and consult_regional.<BODY> (their global forms are varied). */
static void test_negotiate_params(void **state)
{
    (void)state;
    const ns_study_model_t *m = ns_study_model_find("negotiate");
    assert_non_null(m);
    size_t first = 0;
    while (strcmp(m->params[first], "forum_shopping") != 0) {
        first++;
    }
    for (size_t i = first; i < m->n_params; i++) {
        const ns_param_def_t *def = declared(m->params[i]);
        assert_non_null(def);
        assert_string_equal(def->owner, "process");
    }
    for (size_t i = 0; i < ns_param_def_count(); i++) {
        const ns_param_def_t *def = ns_param_def_get(i);
        char key[128];
        if (strcmp(def->owner, "process") != 0) {
            continue;
        }
        switch (def->suffix) {
        case NS_SUFFIX_NONE: assert_true(has_param(m, def->name)); break;
        case NS_SUFFIX_CAMP:
            for (size_t c = 0; ns_positions_camp_name(c) != NULL; c++) {
                snprintf(key, sizeof key, "%s.%s", def->name, ns_positions_camp_name(c));
                assert_true(has_param(m, key));
            }
            break;
        case NS_SUFFIX_BODY:
            assert_true(has_param(m, def->name) || strcmp(def->name, "summary_available") == 0 ||
                        strcmp(def->name, "consult_regional") == 0);
            break;
        }
    }
    for (size_t c = 0; ns_positions_camp_name(c) != NULL; c++) {
        char key[64];
        snprintf(key, sizeof key, "will.%s", ns_positions_camp_name(c));
        assert_true(has_param(m, key));
    }
}

/* diffuse: the diffusion parameters of the registry, all of them. */
static void test_diffuse_params(void **state)
{
    (void)state;
    const ns_study_model_t *m = ns_study_model_find("diffuse");
    assert_non_null(m);
    size_t n = 0;
    for (size_t i = 0; i < m->n_params; i++) {
        if (strncmp(m->params[i], "diffusion.", 10) == 0) {
            const ns_param_def_t *def = declared(m->params[i]);
            assert_non_null(def);
            assert_string_equal(def->owner, "diffusion");
            n++;
        }
    }
    size_t declared_n = 0;
    for (size_t i = 0; i < ns_param_def_count(); i++) {
        const ns_param_def_t *def = ns_param_def_get(i);
        char key[128];
        if (strcmp(def->owner, "diffusion") == 0) {
            assert_true(has_param(m, ns_param_format_key(def, key, sizeof key)));
            declared_n++;
        }
    }
    assert_int_equal(n, declared_n);
}

/* A table model's study: the model's parameters, in its order, then noise. */
static void test_table_params(void **state)
{
    ns_ctx_t *ctx = *state;
    static const char *const names[] = {"eum",  "exchange", "compromise", "median",
                                        "nash", "winset",   "smp"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        const ns_study_model_t *m = ns_study_model_find(names[k]);
        const ns_model_type_t *model = NULL;
        assert_non_null(m);
        assert_true(m->needs_table);
        assert_int_equal(ns_model_find(ctx, names[k], &model), NS_OK);
        assert_int_equal(m->n_params, model->n_params + 1);
        for (size_t i = 0; i < model->n_params; i++) {
            assert_string_equal(m->params[i], model->params[i].name);
        }
        assert_string_equal(m->params[model->n_params], "noise");
    }
}

/* Two actors on one issue, status quo 30: A at 0 (salience 1, capability 1), B at 60
 * (salience 1, capability 2). The compromise is the weighted mean (0 + 2 x 60) / 3 = 40,
 * a shift of 10 from the status quo, in every replicate without noise. */
static const char table[] = "issue,actor,position,salience,capability,status_quo\n"
                            "x,A,0,1,1,30\n"
                            "x,B,60,1,2,30\n";

static char *export_text(ns_ctx_t *ctx, ns_store_t *store)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    assert_non_null(mem);
    assert_int_equal(ns_store_export(ctx, store, "results", mem), NS_OK);
    fclose(mem);
    return text;
}

static ns_study_t *compromise_study(ns_ctx_t *ctx, const char *path)
{
    static const char *const vary[] = {"noise=0,0.1"};
    ns_study_spec_t spec;
    memset(&spec, 0, sizeof spec);
    spec.scenario_file = "none.yaml";
    spec.scenario_text = "normsim: 1\nname: none\nbase: none\nseed: 3\n";
    spec.model = "compromise";
    spec.seed = 3;
    spec.runs = 40;
    spec.vary = vary;
    spec.n_vary = 1;
    spec.table_file = "two.csv";
    spec.table_text = table;
    ns_study_t *st = NULL;
    assert_int_equal(ns_study_create(ctx, path, &spec, &st), NS_OK);
    return st;
}

static void test_compromise_study(void **state)
{
    ns_ctx_t *ctx = *state;
    char dir[] = "/tmp/ns-test-sweep-models-XXXXXX";
    char one[96], two[96], cmd[128];
    assert_non_null(mkdtemp(dir));
    snprintf(one, sizeof one, "%s/one.sqlite", dir);
    snprintf(two, sizeof two, "%s/two.sqlite", dir);

    ns_study_t *st = compromise_study(ctx, one);
    assert_int_equal(ns_study_metric_count(st), 4);
    assert_string_equal(ns_study_metric(st, 0), "outcome.x");
    assert_string_equal(ns_study_metric(st, 1), "mean_shift");
    ns_study_run_options_t opt = {.threads = 1};
    assert_int_equal(ns_study_run(st, &opt), NS_OK);
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_store_summary(ctx, ns_study_store(st), &rows), NS_OK);
    /* Point 0 (noise 0), metrics by name: converged, mean_shift, outcome.x, rounds. */
    assert_string_equal(ns_rows_cell(rows, 1, 2), "mean_shift");
    assert_float_equal(strtod(ns_rows_cell(rows, 1, 4), NULL), 10.0, 1e-12);
    assert_string_equal(ns_rows_cell(rows, 1, 5), "0"); /* sd */
    assert_string_equal(ns_rows_cell(rows, 2, 2), "outcome.x");
    assert_float_equal(strtod(ns_rows_cell(rows, 2, 4), NULL), 40.0, 1e-12);
    /* Noise 0.1 (sd 10 points on 0..100): the outcome varies around 40. */
    double sd = strtod(ns_rows_cell(rows, 6, 5), NULL);
    assert_string_equal(ns_rows_cell(rows, 6, 2), "outcome.x");
    assert_true(sd > 1 && sd < 20);
    ns_rows_free(rows);
    char *a = export_text(ctx, ns_study_store(st));
    ns_study_free(st);

    /* Two threads, stopped after 2 batches of 7, then resumed: the same bytes; the
     * resumed study reads its table back from the file. */
    st = compromise_study(ctx, two);
    ns_study_run_options_t part = {.threads = 2, .batch = 7, .max_batches = 2};
    assert_int_equal(ns_study_run(st, &part), NS_OK);
    ns_study_free(st);
    assert_int_equal(ns_study_resume(ctx, two, NULL, false, &st), NS_OK);
    assert_int_equal(ns_study_metric_count(st), 4);
    assert_int_equal(ns_study_run(st, &part), NS_OK);
    part.max_batches = 0;
    assert_int_equal(ns_study_run(st, &part), NS_OK);
    char *b = export_text(ctx, ns_study_store(st));
    ns_study_free(st);
    assert_string_equal(a, b);
    free(a);
    free(b);

    /* Without a table: refused, and no file is left. */
    ns_study_spec_t spec;
    memset(&spec, 0, sizeof spec);
    spec.scenario_file = "none.yaml";
    spec.scenario_text = "normsim: 1\nname: none\nbase: none\n";
    spec.model = "eum";
    spec.runs = 1;
    snprintf(one, sizeof one, "%s/none.sqlite", dir);
    assert_int_equal(ns_study_create(ctx, one, &spec, &st), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "--table"));
    assert_int_equal(access(one, F_OK), -1);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* smp with StateTransitions=Stochastic: each replicate draws its transitions from its
 * own seed (S + r), each draw a function of (seed, turn, actor) alone, so the replicates
 * differ and the study gives the same bytes on 1 thread and on 2 threads in batches. */
static ns_study_t *smp_study(ns_ctx_t *ctx, const char *path)
{
    static const char *const vary[] = {"StateTransitions=Stochastic", "max_turns=4"};
    ns_study_spec_t spec;
    memset(&spec, 0, sizeof spec);
    spec.scenario_file = "none.yaml";
    spec.scenario_text = "normsim: 1\nname: none\nbase: none\nseed: 5\n";
    spec.model = "smp";
    spec.seed = 5;
    spec.runs = 24;
    spec.vary = vary;
    spec.n_vary = 2;
    spec.table_file = "three.csv";
    spec.table_text = "issue,actor,position,salience,capability\n"
                      "x,A,20,0.5,1\n"
                      "x,B,60,1,4\n"
                      "x,C,90,0.8,2\n";
    ns_study_t *st = NULL;
    assert_int_equal(ns_study_create(ctx, path, &spec, &st), NS_OK);
    return st;
}

static void test_smp_stochastic_study(void **state)
{
    ns_ctx_t *ctx = *state;
    char dir[] = "/tmp/ns-test-sweep-smp-XXXXXX";
    char one[96], two[96], cmd[128];
    assert_non_null(mkdtemp(dir));
    snprintf(one, sizeof one, "%s/one.sqlite", dir);
    snprintf(two, sizeof two, "%s/two.sqlite", dir);
    ns_study_t *st = smp_study(ctx, one);
    ns_study_run_options_t opt = {.threads = 1};
    assert_int_equal(ns_study_run(st, &opt), NS_OK);
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_store_summary(ctx, ns_study_store(st), &rows), NS_OK);
    size_t metric = ns_rows_find_column(rows, "metric"), sd = ns_rows_find_column(rows, "sd");
    assert_true(metric != SIZE_MAX && sd != SIZE_MAX);
    bool varies = false;
    for (size_t row = 0; row < ns_rows_count(rows); row++) {
        if (strcmp(ns_rows_cell(rows, row, metric), "outcome.x") == 0) {
            varies = strtod(ns_rows_cell(rows, row, sd), NULL) > 1.0;
        }
    }
    assert_true(varies);
    ns_rows_free(rows);
    char *a = export_text(ctx, ns_study_store(st));
    ns_study_free(st);
    st = smp_study(ctx, two);
    ns_study_run_options_t part = {.threads = 2, .batch = 5};
    assert_int_equal(ns_study_run(st, &part), NS_OK);
    char *b = export_text(ctx, ns_study_store(st));
    ns_study_free(st);
    assert_string_equal(a, b);
    free(a);
    free(b);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    ns_ctx_free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_negotiate_params),
        cmocka_unit_test(test_diffuse_params),
        cmocka_unit_test_setup_teardown(test_table_params, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compromise_study, setup, teardown),
        cmocka_unit_test_setup_teardown(test_smp_stochastic_study, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
