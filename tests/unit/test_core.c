/* Core: context errors, allocation hook and fault injection, arenas, random numbers.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "test_util.h"

static void test_error_message_names_place(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_string_equal(ns_ctx_errmsg(ctx), "");
    assert_int_equal(ns_ctx_status(ctx), NS_OK);

    ns_status st =
        ns_error_at(ctx, NS_ERANGE, "t.csv", 12, 7, "salience", "%g is outside [0, 1]", 1.5);
    assert_int_equal(st, NS_ERANGE);
    assert_string_equal(ns_ctx_errmsg(ctx), "t.csv:12:7: salience: 1.5 is outside [0, 1]");
    assert_string_equal(ns_ctx_errfile(ctx), "t.csv");
    assert_int_equal(ns_ctx_errline(ctx), 12);
    assert_int_equal(ns_ctx_errcol(ctx), 7);
    assert_string_equal(ns_ctx_errfield(ctx), "salience");

    /* Unknown parts are left out. */
    ns_error_at(ctx, NS_EIO, "x.yaml", 0, 0, NULL, "cannot open");
    assert_string_equal(ns_ctx_errmsg(ctx), "x.yaml: cannot open");
    ns_error(ctx, NS_EINVAL, "plain %d", 3);
    assert_string_equal(ns_ctx_errmsg(ctx), "plain 3");
    assert_int_equal(ns_ctx_errline(ctx), 0);

    ns_ctx_clear_error(ctx);
    assert_string_equal(ns_ctx_errmsg(ctx), "");
    ns_ctx_free(ctx);
    ns_ctx_free(NULL);
}

static void test_long_message_truncated(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    char big[5000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ns_error_at(ctx, NS_EINVAL, big, 1, 1, big, "%s", big);
    assert_true(strlen(ns_ctx_errmsg(ctx)) < 1024);
    ns_ctx_free(ctx);
}

static void test_status_strings(void **state)
{
    (void)state;
    const int codes[] = {NS_OK,        NS_CONTINUE, NS_DONE,   NS_EINVAL, NS_ENOMEM,  NS_EIO,
                         NS_ENOTFOUND, NS_ERANGE,   NS_EPARSE, NS_ELIMIT, NS_ENOCONV, NS_EINTERNAL};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_string_not_equal(ns_status_str(codes[i]), "unknown status");
    }
    assert_string_equal(ns_status_str(12345), "unknown status");
}

static void test_alloc_failure_is_reported(void **state)
{
    (void)state;
    failing_alloc_t f;
    ns_ctx_t *ctx = failing_ctx(&f, 1);
    assert_non_null(ctx);
    assert_null(ns_malloc(ctx, 10));
    assert_int_equal(ns_ctx_status(ctx), NS_ENOMEM);
    /* The next allocation succeeds. */
    void *p = ns_malloc(ctx, 10);
    assert_non_null(p);
    ns_free(ctx, p);
    /* Overflow is caught before the allocator is called. */
    long before = f.count;
    assert_null(ns_calloc(ctx, SIZE_MAX / 2, 4));
    assert_null(ns_reallocarray(ctx, NULL, SIZE_MAX / 2, 4));
    assert_int_equal(f.count, before);
    ns_ctx_free(ctx);

    /* A failing first allocation makes ns_ctx_new fail cleanly. */
    f.count = 0;
    f.fail_at = 1;
    ns_allocator_t a = {failing_malloc, failing_realloc, failing_free, &f};
    ns_ctx_t *none = (ns_ctx_t *)&f;
    assert_int_equal(ns_ctx_new(&a, &none), NS_ENOMEM);
    assert_null(none);
}

static void test_grow(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    int *items = NULL;
    size_t cap = 0;
    for (size_t n = 1; n <= 1000; n++) {
        assert_int_equal(ns_grow(ctx, (void **)&items, &cap, n, sizeof *items), NS_OK);
        assert_true(cap >= n);
        items[n - 1] = (int)n;
    }
    long sum = 0;
    for (size_t i = 0; i < 1000; i++) {
        sum += items[i];
    }
    assert_int_equal(sum, 1000 * 1001 / 2);
    ns_free(ctx, items);

    /* Growing past SIZE_MAX is refused, and the array is left as it was. */
    char *c = NULL;
    size_t ccap = 0;
    assert_int_equal(ns_grow(ctx, (void **)&c, &ccap, SIZE_MAX, 2), NS_ENOMEM);
    assert_null(c);
    assert_int_equal(ccap, 0);
    ns_ctx_free(ctx);
}

static void test_arena(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_arena_t arena;
    ns_arena_init(&arena, ctx);
    char *strings[2000];
    for (int i = 0; i < 2000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "state-%d", i);
        strings[i] = ns_arena_strdup(&arena, buf);
        assert_non_null(strings[i]);
        assert_int_equal((uintptr_t)strings[i] % _Alignof(max_align_t), 0);
    }
    /* Earlier strings are untouched by later chunks. */
    for (int i = 0; i < 2000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "state-%d", i);
        assert_string_equal(strings[i], buf);
    }
    double *big = ns_arena_alloc(&arena, 1 << 20); /* larger than a chunk */
    assert_non_null(big);
    assert_true(big[1000] == 0.0); /* zero-filled */
    assert_string_equal(ns_arena_strndup(&arena, "abcdef", 3), "abc");
    ns_arena_free(&arena);
    ns_arena_free(&arena); /* twice is harmless */
    ns_ctx_free(ctx);
}

static void test_arena_oom(void **state)
{
    (void)state;
    failing_alloc_t f;
    ns_ctx_t *ctx = failing_ctx(&f, 1);
    ns_arena_t arena;
    ns_arena_init(&arena, ctx);
    assert_null(ns_arena_alloc(&arena, 16));
    assert_int_equal(ns_ctx_status(ctx), NS_ENOMEM);
    assert_non_null(ns_arena_alloc(&arena, 16));
    ns_arena_free(&arena);
    ns_ctx_free(ctx);
}

/* Known-answer vectors of Philox4x32-10 from Random123's kat_vectors file (Salmon et
 * al. 2011): counter and key all zero, all ones, and the digits of pi. */
static void test_rng_philox_known_answers(void **state)
{
    (void)state;
    ns_rng_t rng;
    ns_rng_init(&rng, 0, 0, 0, 0);
    assert_int_equal(ns_rng_u32(&rng), 0x6627e8d5u);
    assert_int_equal(ns_rng_u32(&rng), 0xe169c58du);
    assert_int_equal(ns_rng_u32(&rng), 0xbc57ac4cu);
    assert_int_equal(ns_rng_u32(&rng), 0x9b00dbd8u);

    ns_rng_init(&rng, UINT64_MAX, 0xffffffffu, 0xffffffffu, 0xffffffffu);
    rng.ctr[0] = 0xffffffffu;
    assert_int_equal(ns_rng_u32(&rng), 0x408f276du);
    assert_int_equal(ns_rng_u32(&rng), 0x41c83b0eu);
    assert_int_equal(ns_rng_u32(&rng), 0xa20bc7c6u);
    assert_int_equal(ns_rng_u32(&rng), 0x6d5451fdu);

    ns_rng_init(&rng, 0x299f31d0a4093822ull, 0x85a308d3u, 0x13198a2eu, 0x03707344u);
    rng.ctr[0] = 0x243f6a88u;
    assert_int_equal(ns_rng_u32(&rng), 0xd16cfe09u);
    assert_int_equal(ns_rng_u32(&rng), 0x94fdccebu);
    assert_int_equal(ns_rng_u32(&rng), 0x5001e420u);
    assert_int_equal(ns_rng_u32(&rng), 0x24126ea1u);
}

static void test_rng_streams(void **state)
{
    (void)state;
    /* Same key and stream: same numbers, whatever was drawn elsewhere in between. */
    ns_rng_t a, b, other;
    ns_rng_init(&a, 42, 7, 3, 0);
    ns_rng_init(&other, 42, 8, 3, 0);
    double first[100];
    for (int i = 0; i < 100; i++) {
        first[i] = ns_rng_uniform(&a);
        (void)ns_rng_uniform(&other);
    }
    ns_rng_init(&b, 42, 7, 3, 0);
    for (int i = 0; i < 100; i++) {
        assert_true(first[i] == ns_rng_uniform(&b));
    }
    /* Different stream ids give different numbers. */
    ns_rng_init(&a, 42, 7, 3, 0);
    ns_rng_init(&b, 42, 7, 4, 0);
    int same = 0;
    for (int i = 0; i < 100; i++) {
        same += ns_rng_u32(&a) == ns_rng_u32(&b);
    }
    assert_true(same < 3);
}

static void test_rng_distributions(void **state)
{
    (void)state;
    /* Moments of 200000 draws: uniform mean 1/2 (sd of the mean 0.00065), variance 1/12;
     * normal mean 0 (sd of the mean 0.0022), variance 1. Bounds at about 5 sd. */
    ns_rng_t rng;
    ns_rng_init(&rng, 2026, 1, 0, 0);
    const int n = 200000;
    double su = 0, su2 = 0, sn = 0, sn2 = 0;
    long counts[7] = {0};
    for (int i = 0; i < n; i++) {
        double u = ns_rng_uniform(&rng);
        assert_true(u >= 0.0 && u < 1.0);
        su += u;
        su2 += u * u;
        double z = ns_rng_normal(&rng);
        assert_true(isfinite(z));
        sn += z;
        sn2 += z * z;
        uint32_t k = ns_rng_below(&rng, 7);
        assert_true(k < 7);
        counts[k]++;
    }
    double mu = su / n, vu = su2 / n - mu * mu;
    assert_true(fabs(mu - 0.5) < 0.0035);
    assert_true(fabs(vu - 1.0 / 12.0) < 0.002);
    double mz = sn / n, vz = sn2 / n - mz * mz;
    assert_true(fabs(mz) < 0.012);
    assert_true(fabs(vz - 1.0) < 0.02);
    /* Each face of the 7-sided die: expected n/7 = 28571, sd 156. */
    for (int k = 0; k < 7; k++) {
        assert_true(labs(counts[k] - n / 7) < 800);
    }
}

static void test_version(void **state)
{
    (void)state;
    assert_string_equal(ns_version(), NS_VERSION_STRING);
    assert_true(strncmp(ns_data_version(), "un-", 3) == 0);
}

/* One convention for releasing (docs/DESIGN.md section 3): every public ns_*_free accepts
 * NULL and does nothing, so cleanup paths need no checks. */
static void test_every_free_accepts_null(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_consensus_result_free(NULL);
    ns_consensus_ws_free(NULL);
    ns_arena_free(NULL);
    ns_net_free(NULL);
    ns_diffusion_free(NULL);
    ns_diffuse_result_free(NULL);
    ns_fit_free(NULL);
    ns_csv_free(NULL);
    ns_rows_free(NULL);
    ns_params_free(NULL);
    ns_forecast_free(ctx, NULL);
    ns_process_table_free(NULL);
    ns_negotiation_free(NULL);
    ns_timeline_free(NULL);
    ns_history_backtest_free(NULL);
    ns_scenario_free(NULL);
    ns_grid_free(NULL);
    ns_study_free(NULL);
    ns_table_free(ctx, NULL);
    ns_validation_free(ctx, NULL);
    ns_vote_forecast_free(NULL);
    ns_vote_backtest_free(NULL);
    ns_world_free(NULL);
    ns_ctx_free(ctx);
    ns_ctx_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_message_names_place),
        cmocka_unit_test(test_long_message_truncated),
        cmocka_unit_test(test_status_strings),
        cmocka_unit_test(test_alloc_failure_is_reported),
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_arena_oom),
        cmocka_unit_test(test_rng_philox_known_answers),
        cmocka_unit_test(test_rng_streams),
        cmocka_unit_test(test_rng_distributions),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_every_free_accepts_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
