/* Replays every input of tests/fuzz/regressions/TARGET/ (crashes the fuzzers found, kept
 * after the fix) and of fuzz/corpus/TARGET/ (the seeds) through the same harness the
 * fuzz programs use (fuzz/fuzz_targets.h), in the normal build; under -DNS_SANITIZE=ON
 * ASan and UBSan check every replay. A harness returns 0 when the parser kept every
 * promise (documented status, a message with every error, a valid table that reads
 * back...), so this test fails on the broken promise as well as on a crash.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "../../fuzz/fuzz_targets.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static const char *source_dir(void)
{
    const char *s = getenv("NS_SOURCE_DIR");
    return s != NULL ? s : ".";
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay every file of DIR through the harness; returns the number of files (missing
 * directory: 0). Each failure is reported with its path. */
static size_t replay_dir(const ns_fuzz_target_t *t, const char *dir, size_t *failures)
{
    DIR *d = opendir(dir);
    char *names[4096];
    size_t n = 0;
    if (d == NULL) {
        return 0;
    }
    for (struct dirent *e; (e = readdir(d)) != NULL && n < 4096;) {
        if (e->d_name[0] != '.') {
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_names);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static uint8_t buf[1 << 20];
        size_t size = fread(buf, 1, sizeof buf, f);
        fclose(f);
        if (t->run(buf, size) != 0) {
            fprintf(stderr, "FAILED: %s %s\n", t->name, path);
            (*failures)++;
        }
        free(names[i]);
    }
    return n;
}

static void test_replay_all(void **state)
{
    (void)state;
    size_t failures = 0, total = 0, regressions = 0;
    for (size_t k = 0; k < sizeof ns_fuzz_targets / sizeof ns_fuzz_targets[0]; k++) {
        const ns_fuzz_target_t *t = &ns_fuzz_targets[k];
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", source_dir(), t->name);
        size_t seeds = replay_dir(t, dir, &failures);
        /* Every target has seeds: a missing corpus would make this test vacuous. */
        if (seeds == 0) {
            fprintf(stderr, "no seeds in %s\n", dir);
            failures++;
        }
        snprintf(dir, sizeof dir, "%s/tests/fuzz/regressions/%s", source_dir(), t->name);
        size_t regs = replay_dir(t, dir, &failures);
        total += seeds + regs;
        regressions += regs;
    }
    fprintf(stderr, "replayed %zu inputs (%zu regressions)\n", total, regressions);
    assert_int_equal(failures, 0);
    assert_true(regressions >= 4);
}

/* The harness does detect a broken promise: a table target fed a table whose salience
 * the reader would refuse is clean (an error with a message), and the check of a table
 * returned as a success catches a salience of 2 planted in a valid table. */
static void test_harness_catches(void **state)
{
    (void)state;
    static const char good[] = "issue,actor,position,salience,capability\nihl,USA,20,0.5,1\n";
    static const char bad[] = "issue,actor,position,salience,capability\nihl,USA,20,1.5,1\n";
    assert_int_equal(ns_fuzz_table((const uint8_t *)good, sizeof good - 1), 0);
    assert_int_equal(ns_fuzz_table((const uint8_t *)bad, sizeof bad - 1), 0);
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_table_read_mem(ctx, "good.csv", good, sizeof good - 1, &t), NS_OK);
    assert_int_equal(ns_fuzz_check_table("test", ctx, t), 0);
    t->salience[0] = 2.0;
    assert_int_equal(ns_fuzz_check_table("test", ctx, t), -1);
    t->salience[0] = 0.5;
    t->capability[0] = INFINITY;
    assert_int_equal(ns_fuzz_check_table("test", ctx, t), -1);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
    /* An undocumented status and an error without a message are both caught. */
    assert_true(ns_fuzz_status_ok(NS_ELIMIT));
    assert_false(ns_fuzz_status_ok(NS_EINTERNAL));
    assert_false(ns_fuzz_status_ok(42));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_all),
        cmocka_unit_test(test_harness_catches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
