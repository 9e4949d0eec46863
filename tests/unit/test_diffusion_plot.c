/* Figures of the diffusion model (ns_diffuse_plot, ns_fit_plot): files written without
 * gnuplot, the missing-gnuplot contract (drawn = false with NS_OK, or NS_EIO when the
 * caller did not ask), the CSV rows, and every allocation failing cleanly (ASan checks
 * for leaks).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static ns_ctx_t *wctx;
static ns_world_t *world;
static ns_diffuse_result_t *result;
static char dir[64];

/* A program that is not there, so that nothing is drawn whatever is installed. */
static const char *const no_gnuplot = "/nonexistent/normsim-test-gnuplot";

static int setup(void **state)
{
    (void)state;
    ns_diffuse_options_t o;
    ns_diffuse_options_default(&o);
    o.norm = "2015a";
    o.runs = 10;
    snprintf(dir, sizeof dir, "/tmp/ns-test-dplot-%ld", (long)getpid());
    if (ns_ctx_new(NULL, &wctx) != NS_OK || ns_data_load(wctx, NULL, &world) != NS_OK ||
        ns_diffuse(wctx, world, &o, &result) != NS_OK) {
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    static const char *const files[] = {"diffusion-curve", "diffusion-map",
                                        "fit-paris_call-endorsed"};
    static const char *const ext[] = {".csv", ".gp"};
    for (size_t k = 0; k < 3; k++) {
        for (size_t e = 0; e < 2; e++) {
            char path[128];
            snprintf(path, sizeof path, "%s/%s%s", dir, files[k], ext[e]);
            remove(path);
        }
    }
    rmdir(dir);
    ns_diffuse_result_free(result);
    ns_world_free(world);
    ns_ctx_free(wctx);
    return 0;
}

static size_t count_lines(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    size_t n = 0;
    int c;
    if (f == NULL) {
        return 0;
    }
    while ((c = fgetc(f)) != EOF) {
        n += c == '\n';
    }
    fclose(f);
    return n;
}

static void test_without_gnuplot(void **state)
{
    (void)state;
    bool drawn = true;
    assert_int_equal(ns_diffuse_plot(wctx, result, dir, NULL, no_gnuplot, &drawn), NS_OK);
    assert_false(drawn);
    /* 2015..2030: 16 years after the header; the map 5 groups x 16 years. */
    assert_int_equal(count_lines("diffusion-curve.csv"), 1 + 16);
    assert_int_equal(count_lines("diffusion-map.csv"), 1 + 5 * 16);
    assert_true(count_lines("diffusion-curve.gp") > 16);
    /* Not asked to be told: an error naming the folder, as the vote figures. */
    assert_int_equal(ns_diffuse_plot(wctx, result, dir, NULL, no_gnuplot, NULL), NS_EIO);
    assert_non_null(strstr(ns_ctx_errmsg(wctx), "not drawn"));

    ns_fit_t *fit = NULL;
    ns_diffusion_params_t p;
    ns_diffusion_params_default(&p);
    assert_int_equal(ns_fit_series(wctx, world, "paris_call", &p, &fit), NS_OK);
    drawn = true;
    assert_int_equal(ns_fit_plot(wctx, fit, dir, no_gnuplot, &drawn), NS_OK);
    assert_false(drawn);
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_fit_rows(wctx, fit, &rows), NS_OK);
    assert_int_equal(count_lines("fit-paris_call-endorsed.csv"), 1 + ns_rows_count(rows));
    ns_rows_free(rows);
    ns_fit_free(fit);
}

static void test_bad_dir(void **state)
{
    (void)state;
    bool drawn;
    assert_int_equal(
        ns_diffuse_plot(wctx, result, "/nonexistent/dir/below", NULL, no_gnuplot, &drawn), NS_EIO);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    int succeeded = 0;
    for (long k = 1; k < 400 && !succeeded; k++) {
        failing_alloc_t f;
        ns_ctx_t *ctx = failing_ctx(&f, k);
        assert_non_null(ctx);
        bool drawn;
        ns_status st = ns_diffuse_plot(ctx, result, dir, NULL, no_gnuplot, &drawn);
        if (st == NS_OK) {
            succeeded = 1;
        } else {
            assert_int_equal(st, NS_ENOMEM);
        }
        ns_ctx_free(ctx);
    }
    assert_true(succeeded);
}

/* Progress of ns_diffuse: called before each run (numbered over every norm); non-zero
 * stops the call with NS_EINVAL "interrupted". */
static int stop_at_five(int round, void *user)
{
    int *calls = user;
    (*calls)++;
    return round == 5;
}

static void test_diffuse_progress(void **state)
{
    (void)state;
    ns_diffuse_options_t o;
    ns_diffuse_options_default(&o);
    o.norm = "2015a";
    o.runs = 10;
    int calls = 0;
    o.progress = stop_at_five;
    o.progress_user = &calls;
    ns_diffuse_result_t *r = NULL;
    assert_int_equal(ns_diffuse(wctx, world, &o, &r), NS_EINVAL);
    assert_null(r);
    assert_int_equal(calls, 6);
    assert_non_null(strstr(ns_ctx_errmsg(wctx), "interrupted after 5 of 10 runs"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_without_gnuplot),
        cmocka_unit_test(test_bad_dir),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_diffuse_progress),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
