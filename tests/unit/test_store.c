/* The study store: file layout, sorted export, summary statistics, the writer claim and
 * every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_util.h"

typedef struct fixture {
    ns_ctx_t *ctx;
    char dir[64];
    char path[128];
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(ns_ctx_new(NULL, &f->ctx), NS_OK);
    snprintf(f->dir, sizeof f->dir, "/tmp/ns-test-store-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/study.sqlite", f->dir);
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

/* Export a table into a string (free with free()). */
static char *export(ns_ctx_t *ctx, const ns_store_t *st, const char *table)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    assert_non_null(mem);
    ns_status s = ns_store_export(ctx, st, table, mem);
    fclose(mem);
    assert_int_equal(s, NS_OK);
    return text;
}

static void put(ns_ctx_t *ctx, ns_store_t *st, uint32_t p, uint32_t r, const char *m, double v)
{
    assert_int_equal(ns_store_put(ctx, st, p, r, m, v), NS_OK);
}

/* Rows inserted out of order export sorted by (point, replicate, metric); a NaN is an
 * empty field; 0.1 is written with the 17 digits that read back as the same double. */
static void test_export_sorted(void **state)
{
    fixture_t *f = *state;
    ns_store_t *st = NULL;
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_CREATE, &st), NS_OK);
    const char *params[] = {"size", "rule"};
    const char *p0[] = {"15", "open"};
    const char *p1[] = {"25", "rotation, fixed"};
    assert_int_equal(ns_store_add_point(f->ctx, st, 0, 2, params, p0), NS_OK);
    assert_int_equal(ns_store_add_point(f->ctx, st, 1, 2, params, p1), NS_OK);
    assert_int_equal(ns_store_begin(f->ctx, st), NS_OK);
    put(f->ctx, st, 1, 0, "b", 2.5);
    put(f->ctx, st, 0, 1, "a", 0.1);
    put(f->ctx, st, 0, 0, "b", NAN);
    put(f->ctx, st, 0, 0, "a", -3);
    assert_int_equal(ns_store_commit(f->ctx, st), NS_OK);
    char *csv = export(f->ctx, st, "results");
    assert_string_equal(csv, "point,replicate,metric,value\n"
                             "0,0,a,-3\n"
                             "0,0,b,\n"
                             "0,1,a,0.10000000000000001\n"
                             "1,0,b,2.5\n");
    free(csv);
    csv = export(f->ctx, st, "points");
    assert_string_equal(csv, "point,size,rule\n0,15,open\n1,25,\"rotation, fixed\"\n");
    free(csv);
    assert_int_equal(strtod("0.10000000000000001", NULL), 0.1);
    ns_store_close(st);
}

/* Summary: values 1, 2, 3, 4 have mean 2.5 and sample sd sqrt(5/3) = 1.2909944487358056
 * (sum of squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, over n - 1 = 3); se is
 * sd / 2; the NULL value is not counted. */
static void test_summary(void **state)
{
    fixture_t *f = *state;
    ns_store_t *st = NULL;
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_CREATE, &st), NS_OK);
    const char *params[] = {"x"};
    const char *v0[] = {"7"};
    assert_int_equal(ns_store_add_point(f->ctx, st, 0, 1, params, v0), NS_OK);
    assert_int_equal(ns_store_begin(f->ctx, st), NS_OK);
    for (uint32_t r = 0; r < 4; r++) {
        put(f->ctx, st, 0, r, "m", r + 1.0);
    }
    put(f->ctx, st, 0, 4, "m", NAN);
    assert_int_equal(ns_store_commit(f->ctx, st), NS_OK);
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_store_summary(f->ctx, st, &rows), NS_OK);
    assert_int_equal(ns_rows_count(rows), 1);
    assert_int_equal(ns_rows_ncols(rows), 9);
    assert_string_equal(ns_rows_column(rows, 1), "x");
    assert_string_equal(ns_rows_cell(rows, 0, 1), "7");
    assert_string_equal(ns_rows_cell(rows, 0, 2), "m");
    assert_string_equal(ns_rows_cell(rows, 0, 3), "4");
    assert_float_equal(strtod(ns_rows_cell(rows, 0, 4), NULL), 2.5, 1e-12);
    assert_float_equal(strtod(ns_rows_cell(rows, 0, 5), NULL), 1.2909944487358056, 1e-10);
    assert_float_equal(strtod(ns_rows_cell(rows, 0, 6), NULL), 1.2909944487358056 / 2, 1e-10);
    assert_float_equal(strtod(ns_rows_cell(rows, 0, 7), NULL), 2.5 - 1.96 * 1.2909944487358056 / 2,
                       1e-10);
    ns_rows_free(rows);
    uint64_t n_rows = 0, n_reps = 0;
    assert_int_equal(ns_store_count(f->ctx, st, &n_rows, &n_reps), NS_OK);
    assert_int_equal(n_rows, 5);
    assert_int_equal(n_reps, 5);
    uint8_t done[6];
    uint32_t n_done = 0;
    assert_int_equal(ns_store_replicates_done(f->ctx, st, 0, 6, done, &n_done), NS_OK);
    assert_int_equal(n_done, 5);
    assert_int_equal(done[4], 1);
    assert_int_equal(done[5], 0);
    ns_store_close(st);
}

/* Every allocation of the summary can fail without a leak or a crash. */
static void test_summary_oom(void **state)
{
    fixture_t *f = *state;
    ns_store_t *st = NULL;
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_CREATE, &st), NS_OK);
    const char *params[] = {"x", "y"};
    const char *v0[] = {"1", "a"};
    const char *v1[] = {"2", "b"};
    assert_int_equal(ns_store_add_point(f->ctx, st, 0, 2, params, v0), NS_OK);
    assert_int_equal(ns_store_add_point(f->ctx, st, 1, 2, params, v1), NS_OK);
    assert_int_equal(ns_store_begin(f->ctx, st), NS_OK);
    for (uint32_t r = 0; r < 3; r++) {
        put(f->ctx, st, 0, r, "m", r);
        put(f->ctx, st, 1, r, "m", r);
        put(f->ctx, st, 1, r, "k", r);
    }
    assert_int_equal(ns_store_commit(f->ctx, st), NS_OK);
    bool succeeded = false;
    for (long k = 1; k < 500 && !succeeded; k++) {
        failing_alloc_t fa;
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_rows_t *rows = NULL;
        ns_status s = ns_store_summary(ctx, st, &rows);
        if (s == NS_OK) {
            succeeded = true;
            assert_int_equal(ns_rows_count(rows), 3);
        } else {
            assert_int_equal(s, NS_ENOMEM);
            assert_null(rows);
        }
        ns_rows_free(rows);
        ns_ctx_free(ctx);
    }
    assert_true(succeeded);
    ns_store_close(st);
}

static void test_meta(void **state)
{
    fixture_t *f = *state;
    ns_store_t *st = NULL;
    char *v = NULL;
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_CREATE, &st), NS_OK);
    assert_int_equal(ns_store_get_meta(f->ctx, st, "format", &v), NS_OK);
    assert_string_equal(v, NS_STORE_FORMAT);
    ns_free(f->ctx, v);
    assert_int_equal(ns_store_set_meta(f->ctx, st, "seed", "42"), NS_OK);
    assert_int_equal(ns_store_get_meta(f->ctx, st, "seed", &v), NS_OK);
    assert_string_equal(v, "42");
    ns_free(f->ctx, v);
    assert_int_equal(ns_store_get_meta(f->ctx, st, "nothing", &v), NS_ENOTFOUND);
    assert_null(v);
    assert_int_equal(ns_store_publish(f->ctx, st), NS_OK);
    ns_store_close(st);
    /* What was committed is there after reopening read-only. */
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_READ, &st), NS_OK);
    assert_int_equal(ns_store_get_meta(f->ctx, st, "seed", &v), NS_OK);
    assert_string_equal(v, "42");
    ns_free(f->ctx, v);
    /* A read-only store refuses writes: the put, and SQLite itself (it was opened with
     * SQLITE_OPEN_READONLY, whoever runs this). */
    assert_int_equal(ns_store_put(f->ctx, st, 0, 0, "m", 1), NS_EINVAL);
    assert_int_equal(ns_store_set_meta(f->ctx, st, "seed", "43"), NS_EIO);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "read-only"));
    ns_store_close(st);
}

static void test_duplicate_result(void **state)
{
    fixture_t *f = *state;
    ns_store_t *st = NULL;
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_CREATE, &st), NS_OK);
    assert_int_equal(ns_store_begin(f->ctx, st), NS_OK);
    put(f->ctx, st, 0, 0, "m", 1);
    assert_int_equal(ns_store_put(f->ctx, st, 0, 0, "m", 2), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "already has a result"));
    ns_store_rollback(st);
    ns_store_close(st);
}

/* A second writer, even in the same process, is refused with the holder named; once
 * the first closes, the study can be opened for writing again. */
static void test_two_writers(void **state)
{
    fixture_t *f = *state;
    ns_store_t *a = NULL, *b = NULL;
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_CREATE, &a), NS_OK);
    assert_int_equal(ns_store_publish(f->ctx, a), NS_OK);
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_APPEND, &b), NS_EIO);
    assert_null(b);
    char pid[32];
    snprintf(pid, sizeof pid, "process %ld ", (long)getpid());
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), pid));
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "being written"));
    /* A reader is not refused. */
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_READ, &b), NS_OK);
    ns_store_close(b);
    b = NULL;
    ns_store_close(a);
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_APPEND, &b), NS_OK);
    ns_store_close(b);
}

/* A claim left by a process that died (here: a child that exits without closing) is
 * stale, and taken over. */
static void test_stale_claim(void **state)
{
    fixture_t *f = *state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        ns_ctx_t *ctx = NULL;
        ns_store_t *st = NULL;
        if (ns_ctx_new(NULL, &ctx) != NS_OK ||
            ns_store_open(ctx, f->path, NS_STORE_CREATE, &st) != NS_OK ||
            ns_store_publish(ctx, st) != NS_OK) {
            _exit(1);
        }
        _exit(0); /* Dies holding the claim. */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ns_store_t *st = NULL;
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_APPEND, &st), NS_OK);
    ns_store_close(st);
}

static void test_open_errors(void **state)
{
    fixture_t *f = *state;
    ns_store_t *st = NULL;
    char path[160];
    /* Missing. */
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_READ, &st), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), f->path));
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_APPEND, &st), NS_ENOTFOUND);
    /* Not an SQLite file. */
    snprintf(path, sizeof path, "%s/garbage.sqlite", f->dir);
    FILE *g = fopen(path, "w");
    assert_non_null(g);
    for (int i = 0; i < 200; i++) {
        fputs("this is not a database. ", g);
    }
    fclose(g);
    assert_int_equal(ns_store_open(f->ctx, path, NS_STORE_READ, &st), NS_EPARSE);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "garbage.sqlite"));
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "not a normsim study"));
    assert_int_equal(ns_store_open(f->ctx, path, NS_STORE_APPEND, &st), NS_EPARSE);
    /* An empty file is a valid, empty SQLite database, but not a study. */
    snprintf(path, sizeof path, "%s/empty.sqlite", f->dir);
    g = fopen(path, "w");
    assert_non_null(g);
    fclose(g);
    assert_int_equal(ns_store_open(f->ctx, path, NS_STORE_READ, &st), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "not a normsim study"));
    /* Create over an existing file. */
    assert_int_equal(ns_store_open(f->ctx, path, NS_STORE_CREATE, &st), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "exists"));
    /* A folder. */
    assert_int_equal(ns_store_open(f->ctx, f->dir, NS_STORE_READ, &st), NS_EINVAL);
    /* Create in a missing folder: nothing is left behind. */
    snprintf(path, sizeof path, "%s/no/such/folder.sqlite", f->dir);
    assert_int_equal(ns_store_open(f->ctx, path, NS_STORE_CREATE, &st), NS_EIO);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "cannot create"));
    assert_null(st);
    /* Export of an unknown table. */
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_CREATE, &st), NS_OK);
    assert_int_equal(ns_store_export(f->ctx, st, "nope", stdout), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "results, points, study, summary"));
    ns_store_close(st);
}

/* Merge: shards that disagree on a result, or on what study they are, are refused. */
static void test_merge_conflicts(void **state)
{
    fixture_t *f = *state;
    char a[160], b[160], out[160];
    snprintf(a, sizeof a, "%s/a.sqlite", f->dir);
    snprintf(b, sizeof b, "%s/b.sqlite", f->dir);
    snprintf(out, sizeof out, "%s/out.sqlite", f->dir);
    static const char *const keys[] = {"model",        "scenario_json",   "seed", "runs", "vary",
                                       "data_version", "software_version"};
    const char *files[] = {a, b};
    for (int i = 0; i < 2; i++) {
        ns_store_t *st = NULL;
        assert_int_equal(ns_store_open(f->ctx, files[i], NS_STORE_CREATE, &st), NS_OK);
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            assert_int_equal(ns_store_set_meta(f->ctx, st, keys[k], "same"), NS_OK);
        }
        assert_int_equal(ns_store_begin(f->ctx, st), NS_OK);
        put(f->ctx, st, 0, 0, "m", i == 0 ? 1.0 : 2.0); /* The same row, two values. */
        put(f->ctx, st, 0, 1 + (uint32_t)i, "m", 5.0);
        assert_int_equal(ns_store_set_meta(f->ctx, st, "shard", i == 0 ? "0/2" : "1/2"), NS_OK);
        assert_int_equal(ns_store_commit(f->ctx, st), NS_OK);
        assert_int_equal(ns_store_publish(f->ctx, st), NS_OK);
        ns_store_close(st);
    }
    assert_int_equal(ns_study_merge(f->ctx, out, files, 2, false), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "differs from an earlier shard"));
    assert_int_equal(access(out, F_OK), -1); /* A failed merge leaves no file. */
    /* Change the seed of b: refused before anything is copied, the field named. */
    ns_store_t *st = NULL;
    assert_int_equal(ns_store_open(f->ctx, b, NS_STORE_APPEND, &st), NS_OK);
    assert_int_equal(ns_store_set_meta(f->ctx, st, "seed", "other"), NS_OK);
    ns_store_close(st);
    assert_int_equal(ns_study_merge(f->ctx, out, files, 2, false), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "its seed differs"));
    assert_int_equal(access(out, F_OK), -1);
    /* One shard of two is refused, the missing one named; with partial it merges. */
    assert_int_equal(ns_study_merge(f->ctx, out, files, 1, false), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "1/2"));
    assert_int_equal(access(out, F_OK), -1);
    assert_int_equal(ns_study_merge(f->ctx, out, files, 1, true), NS_OK);
    assert_int_equal(ns_store_open(f->ctx, out, NS_STORE_READ, &st), NS_OK);
    char *csv = export(f->ctx, st, "results");
    assert_string_equal(csv, "point,replicate,metric,value\n0,0,m,1\n0,1,m,5\n");
    free(csv);
    char *v = NULL;
    assert_int_equal(ns_store_get_meta(f->ctx, st, "shard", &v), NS_OK);
    assert_string_equal(v, "merged");
    ns_free(f->ctx, v);
    assert_int_equal(ns_store_get_meta(f->ctx, st, "missing_shards", &v), NS_OK);
    assert_string_equal(v, "1/2");
    ns_free(f->ctx, v);
    ns_store_close(st);
}

/* A shard study for the merge tests: shard "I/N", one result row per replicate given. */
static void make_shard(fixture_t *f, const char *path, const char *shard, uint32_t replicate)
{
    ns_store_t *st = NULL;
    assert_int_equal(ns_store_open(f->ctx, path, NS_STORE_CREATE, &st), NS_OK);
    static const char *const keys[] = {"model",        "scenario_json",   "seed", "runs", "vary",
                                       "data_version", "software_version"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        assert_int_equal(ns_store_set_meta(f->ctx, st, keys[k], "same"), NS_OK);
    }
    assert_int_equal(ns_store_set_meta(f->ctx, st, "shard", shard), NS_OK);
    assert_int_equal(ns_store_begin(f->ctx, st), NS_OK);
    put(f->ctx, st, 0, replicate, "m", (double)replicate);
    assert_int_equal(ns_store_commit(f->ctx, st), NS_OK);
    assert_int_equal(ns_store_publish(f->ctx, st), NS_OK);
    ns_store_close(st);
}

/* Merge refuses the same file twice, the same shard index twice (two files), and names
 * the missing shards of an incomplete set; partial accepts it and records what was
 * kept. (Before: "merged" with exit 0 in all three cases.) */
static void test_merge_shard_set(void **state)
{
    fixture_t *f = *state;
    char s0[160], s1[160], s1b[160], s2[160], out[160];
    snprintf(s0, sizeof s0, "%s/s0.sqlite", f->dir);
    snprintf(s1, sizeof s1, "%s/s1.sqlite", f->dir);
    snprintf(s1b, sizeof s1b, "%s/s1-copy.sqlite", f->dir);
    snprintf(s2, sizeof s2, "%s/s2.sqlite", f->dir);
    snprintf(out, sizeof out, "%s/out.sqlite", f->dir);
    make_shard(f, s0, "0/3", 0);
    make_shard(f, s1, "1/3", 1);
    make_shard(f, s1b, "1/3", 1);
    make_shard(f, s2, "2/3", 2);
    const char *twice[] = {s0, s1, s0};
    assert_int_equal(ns_study_merge(f->ctx, out, twice, 3, false), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "given twice"));
    assert_int_equal(ns_study_merge(f->ctx, out, twice, 3, true), NS_EINVAL);
    assert_int_equal(access(out, F_OK), -1);
    const char *same_index[] = {s0, s1, s1b, s2};
    assert_int_equal(ns_study_merge(f->ctx, out, same_index, 4, false), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "s1-copy.sqlite"));
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "shard given twice"));
    const char *missing[] = {s2, s0};
    assert_int_equal(ns_study_merge(f->ctx, out, missing, 2, false), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "1 of the 3 shards"));
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "1/3"));
    assert_int_equal(access(out, F_OK), -1);
    assert_int_equal(ns_study_merge(f->ctx, out, missing, 2, true), NS_OK);
    ns_store_t *st = NULL;
    char *v = NULL;
    assert_int_equal(ns_store_open(f->ctx, out, NS_STORE_READ, &st), NS_OK);
    assert_int_equal(ns_store_get_meta(f->ctx, st, "merged_shards", &v), NS_OK);
    assert_string_equal(v, "0/3, 2/3");
    ns_free(f->ctx, v);
    assert_int_equal(ns_store_get_meta(f->ctx, st, "missing_shards", &v), NS_OK);
    assert_string_equal(v, "1/3");
    ns_free(f->ctx, v);
    ns_store_close(st);
    /* The complete set merges without partial, and says nothing is missing. */
    assert_int_equal(unlink(out), 0);
    const char *all[] = {s2, s1, s0};
    assert_int_equal(ns_study_merge(f->ctx, out, all, 3, false), NS_OK);
    assert_int_equal(ns_store_open(f->ctx, out, NS_STORE_READ, &st), NS_OK);
    assert_int_equal(ns_store_get_meta(f->ctx, st, "missing_shards", &v), NS_OK);
    assert_string_equal(v, "");
    ns_free(f->ctx, v);
    ns_store_close(st);
}

/* Entries of a folder, "." and ".." aside. */
static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

/* A process killed while it creates a study leaves nothing under the study's name (a
 * new study can be made there at once); killed once the study is published, a study
 * that can be resumed. (Before: a file with the schema and no provenance, which
 * neither --resume nor a new sweep accepted.) */
static void test_create_killed(void **state)
{
    fixture_t *f = *state;
    for (int published = 0; published < 2; published++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            ns_ctx_t *ctx = NULL;
            ns_store_t *st = NULL;
            if (ns_ctx_new(NULL, &ctx) != NS_OK ||
                ns_store_open(ctx, f->path, NS_STORE_CREATE, &st) != NS_OK ||
                ns_store_set_meta(ctx, st, "seed", "1") != NS_OK ||
                (published && ns_store_publish(ctx, st) != NS_OK)) {
                _exit(1);
            }
            raise(SIGKILL);
            _exit(2);
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        ns_store_t *st = NULL;
        if (!published) {
            assert_int_equal(access(f->path, F_OK), -1);
            assert_int_equal(count_files(f->dir), 1); /* The killed process's temporary file. */
            assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_CREATE, &st), NS_OK);
            ns_store_close(st); /* Unpublished: removed again. */
            assert_int_equal(access(f->path, F_OK), -1);
            /* The next creation removed the dead process's temporary file too. */
            assert_int_equal(count_files(f->dir), 0);
        } else {
            char *v = NULL;
            assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_APPEND, &st), NS_OK);
            assert_int_equal(ns_store_get_meta(f->ctx, st, "seed", &v), NS_OK);
            assert_string_equal(v, "1");
            ns_free(f->ctx, v);
            ns_store_close(st);
        }
    }
}

/* A symbolic link, a FIFO (which must not block) and a folder are refused as studies;
 * a new study is never created through a symbolic link. */
static void test_not_regular(void **state)
{
    fixture_t *f = *state;
    ns_store_t *st = NULL;
    char fifo[160], link_path[160], target[160];
    snprintf(fifo, sizeof fifo, "%s/fifo.sqlite", f->dir);
    snprintf(link_path, sizeof link_path, "%s/link.sqlite", f->dir);
    snprintf(target, sizeof target, "%s/target", f->dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(ns_store_open(f->ctx, fifo, NS_STORE_READ, &st), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "not a regular file"));
    assert_int_equal(ns_store_open(f->ctx, f->dir, NS_STORE_READ, &st), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "not a regular file"));
    assert_int_equal(symlink(target, link_path), 0); /* Dangling: the target is missing. */
    assert_int_equal(ns_store_open(f->ctx, link_path, NS_STORE_CREATE, &st), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "symbolic link"));
    assert_int_equal(access(target, F_OK), -1);
}

/* The user the read-only tests run as: root can write anywhere, so as root the check
 * runs in a child that has become nobody (65534). Returns false when that fails. */
static bool become_reader(void)
{
    if (geteuid() != 0) {
        return true;
    }
    return setgid(65534) == 0 && setuid(65534) == 0;
}

/* A finished study in a folder its reader cannot write (chmod a-w; read by another user
 * when run as root) is read: its provenance and results. (Before: "attempt to write a
 * readonly database": SQLite could not make the WAL index.) */
static void test_read_only_folder(void **state)
{
    fixture_t *f = *state;
    ns_store_t *st = NULL;
    assert_int_equal(ns_store_open(f->ctx, f->path, NS_STORE_CREATE, &st), NS_OK);
    assert_int_equal(ns_store_set_meta(f->ctx, st, "seed", "7"), NS_OK);
    assert_int_equal(ns_store_begin(f->ctx, st), NS_OK);
    put(f->ctx, st, 0, 0, "m", 2.5);
    assert_int_equal(ns_store_commit(f->ctx, st), NS_OK);
    assert_int_equal(ns_store_publish(f->ctx, st), NS_OK);
    ns_store_close(st);
    assert_int_equal(chmod(f->path, 0444), 0);
    assert_int_equal(chmod(f->dir, 0555), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        ns_ctx_t *ctx = NULL;
        ns_store_t *rd = NULL;
        char *v = NULL;
        if (!become_reader()) {
            _exit(77);
        }
        if (access(f->dir, W_OK) == 0) {
            _exit(78); /* The folder is still writable: the test would prove nothing. */
        }
        if (ns_ctx_new(NULL, &ctx) != NS_OK) {
            _exit(1);
        }
        if (ns_store_open(ctx, f->path, NS_STORE_READ, &rd) != NS_OK) {
            fprintf(stderr, "read-only open: %s\n", ns_ctx_errmsg(ctx));
            _exit(3);
        }
        if (ns_store_get_meta(ctx, rd, "seed", &v) != NS_OK || strcmp(v, "7") != 0) {
            _exit(4);
        }
        ns_free(ctx, v);
        uint64_t rows = 0;
        if (ns_store_count(ctx, rd, &rows, NULL) != NS_OK || rows != 1) {
            _exit(5);
        }
        ns_store_close(rd);
        /* Nothing was made in the folder (it could not be), and it still reads. */
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(chmod(f->dir, 0700), 0);
    assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) == 77 || WEXITSTATUS(status) == 78) {
        skip();
    }
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_export_sorted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary_oom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_meta, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_result, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_writers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_claim, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_shard_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_killed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_folder, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
