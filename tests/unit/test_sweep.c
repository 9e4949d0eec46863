/* Studies: the grid, the canonical scenario JSON, the toy model's known answers, and
 * determinism across threads, shards and resumes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

static const char scenario[] = "normsim: 1\nname: toy\nbase: none\nseed: 7\n";

typedef struct fixture {
    ns_ctx_t *ctx;
    char dir[64];
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(ns_ctx_new(NULL, &f->ctx), NS_OK);
    snprintf(f->dir, sizeof f->dir, "/tmp/ns-test-sweep-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", f->dir);
    }
    ns_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* ---- The grid ----------------------------------------------------------------------- */

static void test_grid_range(void **state)
{
    fixture_t *f = *state;
    ns_grid_t *g = NULL;
    assert_int_equal(ns_grid_new(f->ctx, &g), NS_OK);
    assert_int_equal(ns_grid_npoints(g), 1);
    /* 0:1:0.1 has 11 values: the tolerance keeps the end despite (1 - 0)/0.1 rounding to
     * 9.999999999999998; the label of 0.1 * 3 (0.30000000000000004) reads 0.3. */
    assert_int_equal(ns_grid_add(f->ctx, g, "x=0:1:0.1"), NS_OK);
    assert_int_equal(ns_grid_npoints(g), 11);
    assert_string_equal(ns_grid_label(g, 3, 0), "0.3");
    assert_string_equal(ns_grid_label(g, 10, 0), "1");
    assert_true(ns_grid_value(g, 3, 0) == 0.3);
    /* A list with a word: its number is NaN. The last dimension varies fastest. */
    assert_int_equal(ns_grid_add(f->ctx, g, "rule=open,rotation"), NS_OK);
    assert_int_equal(ns_grid_npoints(g), 22);
    assert_string_equal(ns_grid_label(g, 0, 1), "open");
    assert_string_equal(ns_grid_label(g, 1, 1), "rotation");
    assert_string_equal(ns_grid_label(g, 1, 0), "0");
    assert_string_equal(ns_grid_label(g, 2, 0), "0.1");
    assert_true(isnan(ns_grid_value(g, 1, 1)));
    assert_string_equal(ns_grid_param(g, 1), "rule");
    assert_string_equal(ns_grid_spec(g, 1), "rule=open,rotation");
    /* 15:193:2 from the frontier study: (193 - 15) / 2 + 1 = 90 sizes. */
    assert_int_equal(ns_grid_add(f->ctx, g, "size=15:193:2"), NS_OK);
    assert_int_equal(ns_grid_npoints(g), 22 * 90);
    assert_string_equal(ns_grid_label(g, 89, 2), "193");
    ns_grid_free(g);
}

static void test_grid_errors(void **state)
{
    fixture_t *f = *state;
    ns_grid_t *g = NULL;
    assert_int_equal(ns_grid_new(f->ctx, &g), NS_OK);
    const char *bad[] = {"x",       "=1,2",    "x=",      "x=1,,2",   "x=1,2,1",
                         "x=1:0:1", "x=0:1:0", "x=a:1:1", "x=0:1:-1", "x=0:1:2:3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(ns_grid_add(f->ctx, g, bad[i]), NS_EINVAL);
        assert_non_null(strstr(ns_ctx_errmsg(f->ctx), bad[i][0] == '=' ? "=1,2" : "x"));
    }
    assert_int_equal(ns_grid_add(f->ctx, g, "x=1,2"), NS_OK);
    assert_int_equal(ns_grid_add(f->ctx, g, "x=3"), NS_EINVAL); /* Varied twice. */
    assert_int_equal(ns_grid_add(f->ctx, g, "y=0:2000000:1"), NS_ELIMIT);
    assert_int_equal(ns_grid_add(f->ctx, g, "y=0:999:1"), NS_OK);
    assert_int_equal(ns_grid_add(f->ctx, g, "z=0:999:1"), NS_ELIMIT); /* 2e6 points. */
    assert_int_equal(ns_grid_npoints(g), 2000);
    ns_grid_free(g);
}

/* ---- Canonical JSON ------------------------------------------------------------------ */

static void test_canonical_json(void **state)
{
    fixture_t *f = *state;
    char *a = NULL, *b = NULL, *c = NULL;
    assert_int_equal(
        ns_study_canonical_json(f->ctx, "a", "b: [1, 2.5, x]\na: {z: true, y: ~}\n", &a), NS_OK);
    assert_string_equal(a, "{\"a\":{\"y\":null,\"z\":true},\"b\":[1,2.5,\"x\"]}");
    /* Order, layout and comments do not matter. */
    assert_int_equal(ns_study_canonical_json(f->ctx, "b",
                                             "# comment\na:\n  z: true\n  y: null\nb:\n  - 1\n"
                                             "  - 2.50\n  - x\n",
                                             &b),
                     NS_OK);
    assert_string_equal(a, b);
    /* A quoted number is text. */
    assert_int_equal(ns_study_canonical_json(f->ctx, "c", "v: '1'\n", &c), NS_OK);
    assert_string_equal(c, "{\"v\":\"1\"}");
    ns_free(f->ctx, a);
    ns_free(f->ctx, b);
    ns_free(f->ctx, c);
    assert_int_equal(ns_study_canonical_json(f->ctx, "bad.yaml", "a: [1, 2\n", &a), NS_EPARSE);
    assert_null(a);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "bad.yaml:"));
}

/* ---- Progress ------------------------------------------------------------------------ */

static void test_progress_format(void **state)
{
    (void)state;
    ns_progress_t p = {.done = 25, .total = 100, .elapsed = 5, .rate = 5, .eta = 75};
    char buf[128];
    assert_string_equal(ns_progress_format(&p, 8, buf, sizeof buf),
                        "[##......]   25.0%  25/100  5/s  eta 1:15");
    assert_string_equal(ns_progress_format(&p, 0, buf, sizeof buf),
                        " 25.0%  25/100  5/s  eta 1:15");
    p.eta = NAN;
    p.done = 0;
    assert_string_equal(ns_progress_format(&p, 0, buf, sizeof buf),
                        "  0.0%  0/100  5/s  eta --:--");
    p.eta = 3723;
    assert_non_null(strstr(ns_progress_format(&p, 0, buf, sizeof buf), "eta 1:02:03"));
    assert_string_equal(ns_progress_format(&p, 0, buf, 6), "  0.0");
}

/* ---- Studies --------------------------------------------------------------------------- */

static ns_study_t *create(fixture_t *f, const char *name, const char *const *vary, size_t n_vary,
                          uint32_t runs, uint32_t shard, uint32_t shards)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    ns_study_spec_t spec;
    memset(&spec, 0, sizeof spec);
    spec.scenario_file = "toy.yaml";
    spec.scenario_text = scenario;
    spec.model = "toy-unanimity";
    spec.seed = 7;
    spec.runs = runs;
    spec.vary = vary;
    spec.n_vary = n_vary;
    spec.shard_index = shard;
    spec.shard_count = shards;
    ns_study_t *st = NULL;
    assert_int_equal(ns_study_create(f->ctx, path, &spec, &st), NS_OK);
    return st;
}

static char *export_file(fixture_t *f, const char *name)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    ns_store_t *st = NULL;
    assert_int_equal(ns_store_open(f->ctx, path, NS_STORE_READ, &st), NS_OK);
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    assert_non_null(mem);
    assert_int_equal(ns_store_export(f->ctx, st, "results", mem), NS_OK);
    fclose(mem);
    ns_store_close(st);
    return text;
}

static void count_progress(const ns_progress_t *p, void *user)
{
    ns_progress_t *last = user;
    assert_true(p->done <= p->total);
    assert_true(p->done > last->done); /* Called after each batch, growing. */
    *last = *p;
}

/* The toy model against its closed form: with the status quo at 0 and the proposal at
 * 0.5, a member with ideal point x ~ U(0, 1) accepts iff x > 0.25, so the mean support is
 * 0.75 and P(adopted) = 0.75^members (0.75, 0.5625, 0.421875). Checked within 4
 * standard errors of 4000 replicates (a false alarm about once in 16000 runs; the
 * seed is fixed, so the test is deterministic). */
static void test_toy_known_answer(void **state)
{
    fixture_t *f = *state;
    const char *vary[] = {"members=1:3:1"};
    ns_study_t *st = create(f, "toy.sqlite", vary, 1, 4000, 0, 1);
    ns_progress_t last;
    memset(&last, 0, sizeof last);
    ns_study_run_options_t opt = {.threads = 2, .progress = count_progress, .progress_user = &last};
    assert_int_equal(ns_study_run(st, &opt), NS_OK);
    assert_int_equal(last.done, 12000);
    assert_int_equal(last.total, 12000);
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_store_summary(f->ctx, ns_study_store(st), &rows), NS_OK);
    /* Rows: per point, metrics sorted by name: adopted, moved, support. */
    assert_int_equal(ns_rows_count(rows), 9);
    for (int n = 1; n <= 3; n++) {
        size_t r = (size_t)(n - 1) * 3;
        assert_string_equal(ns_rows_cell(rows, r, 2), "adopted");
        double p = pow(0.75, n);
        double mean = strtod(ns_rows_cell(rows, r, 4), NULL);
        assert_true(fabs(mean - p) < 4 * sqrt(p * (1 - p) / 4000));
        /* moved is defined only when adopted: n counts the adopted replicates. */
        assert_string_equal(ns_rows_cell(rows, r + 1, 2), "moved");
        assert_float_equal(strtod(ns_rows_cell(rows, r + 1, 4), NULL), 0.5, 1e-12);
        double adopted = strtod(ns_rows_cell(rows, r + 1, 3), NULL);
        assert_float_equal(adopted / 4000, mean, 1e-9);
        /* Support: the mean of n Bernoulli(0.75) shares, variance 0.1875 / n. */
        double support = strtod(ns_rows_cell(rows, r + 2, 4), NULL);
        assert_true(fabs(support - 0.75) < 4 * sqrt(0.1875 / n / 4000));
    }
    ns_rows_free(rows);
    uint64_t missing = 1;
    assert_int_equal(ns_study_missing(st, &missing), NS_OK);
    assert_int_equal(missing, 0);
    ns_study_free(st);
}

/* One study run four ways exports the same bytes: 1 thread, 2 threads with another
 * batch size, two shards merged, and a run stopped after 3 batches then resumed from
 * the file. */
static void test_determinism(void **state)
{
    fixture_t *f = *state;
    const char *vary[] = {"members=1,4,9", "proposal=0.3:0.9:0.3"};
    const uint32_t runs = 300;
    ns_study_t *st = create(f, "one.sqlite", vary, 2, runs, 0, 1);
    ns_study_run_options_t opt = {.threads = 1};
    assert_int_equal(ns_study_run(st, &opt), NS_OK);
    ns_study_free(st);
    char *one = export_file(f, "one.sqlite");
    /* 9 points x 300 runs x 3 metrics, plus the header. */
    size_t lines = 0;
    for (const char *p = one; *p != '\0'; p++) {
        lines += *p == '\n';
    }
    assert_int_equal(lines, 1 + 9 * 300 * 3);

    st = create(f, "two.sqlite", vary, 2, runs, 0, 1);
    opt.threads = 2;
    opt.batch = 7;
    assert_int_equal(ns_study_run(st, &opt), NS_OK);
    ns_study_free(st);
    char *two = export_file(f, "two.sqlite");
    assert_string_equal(one, two);

    for (uint32_t k = 0; k < 2; k++) {
        char name[32];
        snprintf(name, sizeof name, "shard%u.sqlite", (unsigned)k);
        st = create(f, name, vary, 2, runs, k, 2);
        opt.threads = 2;
        opt.batch = 0;
        assert_int_equal(ns_study_run(st, &opt), NS_OK);
        ns_study_free(st);
    }
    char s0[160], s1[160], merged[160];
    snprintf(s0, sizeof s0, "%s/shard0.sqlite", f->dir);
    snprintf(s1, sizeof s1, "%s/shard1.sqlite", f->dir);
    snprintf(merged, sizeof merged, "%s/merged.sqlite", f->dir);
    const char *shards[] = {s1, s0}; /* Order does not matter. */
    assert_int_equal(ns_study_merge(f->ctx, merged, shards, 2, false), NS_OK);
    char *m = export_file(f, "merged.sqlite");
    assert_string_equal(one, m);
    char *half = export_file(f, "shard0.sqlite");
    assert_true(strlen(half) < strlen(one));

    st = create(f, "resumed.sqlite", vary, 2, runs, 0, 1);
    opt.threads = 2;
    opt.batch = 100;
    opt.max_batches = 3;
    assert_int_equal(ns_study_run(st, &opt), NS_OK);
    uint64_t missing = 0;
    assert_int_equal(ns_study_missing(st, &missing), NS_OK);
    assert_int_equal(missing, 9 * 300 - 300);
    ns_study_free(st);
    char path[160];
    snprintf(path, sizeof path, "%s/resumed.sqlite", f->dir);
    assert_int_equal(ns_study_resume(f->ctx, path, NULL, false, &st), NS_OK);
    assert_int_equal(ns_study_runs(st), runs);
    assert_int_equal(ns_grid_npoints(ns_study_grid(st)), 9);
    opt.max_batches = 0;
    opt.threads = 1;
    assert_int_equal(ns_study_run(st, &opt), NS_OK);
    ns_study_free(st);
    char *resumed = export_file(f, "resumed.sqlite");
    assert_string_equal(one, resumed);
    free(one);
    free(two);
    free(m);
    free(half);
    free(resumed);
}

static void test_study_errors(void **state)
{
    fixture_t *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/bad.sqlite", f->dir);
    ns_study_spec_t spec;
    memset(&spec, 0, sizeof spec);
    spec.scenario_file = "toy.yaml";
    spec.scenario_text = scenario;
    spec.model = "toy-unanimity";
    spec.runs = 10;
    ns_study_t *st = NULL;
    const char *vary[] = {"voters=1,2"};
    spec.vary = vary;
    spec.n_vary = 1;
    assert_int_equal(ns_study_create(f->ctx, path, &spec, &st), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "has no parameter 'voters'"));
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "members, status_quo, proposal"));
    const char *range[] = {"members=0,3"};
    spec.vary = range;
    assert_int_equal(ns_study_create(f->ctx, path, &spec, &st), NS_ERANGE);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "--vary members=0,3: members: 0"));
    const char *word[] = {"proposal=high"};
    spec.vary = word;
    assert_int_equal(ns_study_create(f->ctx, path, &spec, &st), NS_EINVAL);
    spec.n_vary = 0;
    spec.model = "nope";
    assert_int_equal(ns_study_create(f->ctx, path, &spec, &st), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "toy-unanimity"));
    spec.model = "toy-unanimity";
    spec.runs = 0;
    assert_int_equal(ns_study_create(f->ctx, path, &spec, &st), NS_EINVAL);
    spec.runs = 10;
    spec.shard_index = 2;
    spec.shard_count = 2;
    assert_int_equal(ns_study_create(f->ctx, path, &spec, &st), NS_EINVAL);
    spec.shard_index = 0;
    spec.scenario_text = "a: [1\n";
    assert_int_equal(ns_study_create(f->ctx, path, &spec, &st), NS_EPARSE);
    assert_null(st);
    assert_int_equal(access(path, F_OK), -1); /* Nothing made on failure. */
    /* Resume of a study claimed by a live writer (this process) is refused. */
    spec.scenario_text = scenario;
    assert_int_equal(ns_study_create(f->ctx, path, &spec, &st), NS_OK);
    ns_study_t *again = NULL;
    assert_int_equal(ns_study_resume(f->ctx, path, NULL, false, &again), NS_EIO);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "being written by process"));
    ns_study_run_options_t opt = {.threads = -1};
    assert_int_equal(ns_study_run(st, &opt), NS_EINVAL);
    ns_study_free(st);
    /* A resumed study whose data version differs is refused. */
    ns_data_options_t data = {.dir = "/elsewhere", .filter = NS_FILTER_ALL};
    assert_int_equal(ns_study_resume(f->ctx, path, &data, false, &again), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "same data"));
    assert_null(again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_grid_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grid_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_canonical_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_format, setup, teardown),
        cmocka_unit_test_setup_teardown(test_toy_known_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_determinism, setup, teardown),
        cmocka_unit_test_setup_teardown(test_study_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
