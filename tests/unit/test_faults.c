/* Out-of-memory fault injection along the main paths: for every k (or every k-th of a
 * stride on the long paths, see schedule()), the k-th allocation through the context's
 * hook fails, and the path must return NS_ENOMEM with a message, free everything it
 * allocated (counted here, so that a leak fails this test in every build, not only under
 * LSan) and not crash.
 *
 * Paths: load the UN data (ns_data_load), check a scenario (examples/un_2017_sketch.yaml),
 * read an actor table and forecast it with every model of the registry, import a Decide
 * file, canonical JSON of a scenario, a short sweep of the toy model into a temporary
 * study, and a negotiation (ns_consensus_ws_new, ns_consensus_result_init, solve).
 * Limits: inputs that would exhaust memory are refused early with NS_ELIMIT.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/normsim.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* ---- A counting, failing allocator ------------------------------------------------------ */

typedef struct fault_alloc {
    long count;   /* Allocations so far (malloc and realloc). */
    long fail_at; /* 1-based index of the one to fail; 0: none. */
    long live;    /* Blocks allocated and not yet freed. */
    bool failed;  /* The injected failure happened. */
} fault_alloc_t;

static void *fa_malloc(size_t size, void *user)
{
    fault_alloc_t *f = user;
    if (++f->count == f->fail_at) {
        f->failed = true;
        return NULL;
    }
    void *p = malloc(size);
    f->live += p != NULL;
    return p;
}

static void *fa_realloc(void *ptr, size_t size, void *user)
{
    fault_alloc_t *f = user;
    if (++f->count == f->fail_at) {
        f->failed = true;
        return NULL;
    }
    void *p = realloc(ptr, size);
    f->live += ptr == NULL && p != NULL;
    return p;
}

static void fa_free(void *ptr, void *user)
{
    fault_alloc_t *f = user;
    f->live -= ptr != NULL;
    free(ptr);
}

/* ---- Inputs ---------------------------------------------------------------------------- */

static char *read_source_file(const char *rel, size_t *size)
{
    const char *dir = getenv("NS_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : ".", rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[n] = '\0';
    *size = n;
    return buf;
}

typedef struct inputs {
    char *table;
    size_t table_size;
    char *decide;
    size_t decide_size;
    char *scenario_path;
    char *scenario;
    size_t scenario_size;
    char study_path[256];
} inputs_t;

static inputs_t in;

/* ---- The paths -------------------------------------------------------------------------- */

typedef ns_status (*path_fn)(ns_ctx_t *ctx);

static ns_status path_data(ns_ctx_t *ctx)
{
    ns_world_t *w = NULL;
    ns_status st = ns_data_load(ctx, NULL, &w);
    ns_world_free(w);
    return st;
}

static ns_status path_scenario(ns_ctx_t *ctx)
{
    ns_scenario_t *sc = NULL;
    size_t n = 0;
    ns_status st = ns_scenario_load_file(ctx, in.scenario_path, &sc);
    if (st == NS_OK) {
        st = ns_scenario_check(ctx, sc, NULL, NULL, NULL, &n);
    }
    ns_scenario_free(sc);
    return st;
}

static ns_status path_forecast(ns_ctx_t *ctx)
{
    ns_table_t *t = NULL;
    ns_status st = ns_table_read_mem(ctx, "good.csv", in.table, in.table_size, &t);
    size_t n_models = 0;
    const ns_model_type_t *const *models = ns_models(&n_models);
    ns_run_options_t opts = {3, 50, NULL, NULL};
    for (size_t m = 0; st == NS_OK && m < n_models; m++) {
        ns_forecast_t *f = NULL;
        st = ns_forecast(ctx, models[m], t, NULL, &opts, &f);
        /* A model that needs what the table lacks, or that does not converge in 50
         * rounds, is not what this test is about: go on with the next. */
        if (st == NS_EINVAL || st == NS_ENOCONV) {
            st = NS_OK;
        }
        ns_forecast_free(ctx, f);
    }
    ns_table_free(ctx, t);
    return st;
}

static ns_status path_import(ns_ctx_t *ctx)
{
    ns_table_t *t = NULL;
    ns_status st =
        ns_import_mem(ctx, NS_IMPORT_DECIDE, "decide_good.tab", in.decide, in.decide_size, &t);
    ns_table_free(ctx, t);
    return st;
}

static ns_status path_canon(ns_ctx_t *ctx)
{
    char *json = NULL;
    ns_status st = ns_study_canonical_json(ctx, "un_2017_sketch.yaml", in.scenario, &json);
    ns_free(ctx, json);
    return st;
}

static void remove_study(void)
{
    char p[300];
    unlink(in.study_path);
    snprintf(p, sizeof p, "%s-wal", in.study_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", in.study_path);
    unlink(p);
}

static ns_status path_sweep(ns_ctx_t *ctx)
{
    static const char *const vary[] = {"members=2:3:1", "proposal=0.2,0.5"};
    ns_study_spec_t spec;
    memset(&spec, 0, sizeof spec);
    spec.scenario_file = "toy.yaml";
    spec.scenario_text = "normsim: 1\nname: toy\nbase: none\nseed: 11\n";
    spec.model = "toy-unanimity";
    spec.seed = 11;
    spec.runs = 8;
    spec.vary = vary;
    spec.n_vary = 2;
    ns_study_t *study = NULL;
    remove_study();
    ns_status st = ns_study_create(ctx, in.study_path, &spec, &study);
    if (st == NS_OK) {
        ns_study_run_options_t opt;
        memset(&opt, 0, sizeof opt);
        opt.threads = 1; /* The counting allocator is not thread-safe. */
        opt.batch = 8;
        st = ns_study_run(study, &opt);
    }
    ns_study_free(study);
    remove_study();
    return st;
}

static ns_status path_negotiate(ns_ctx_t *ctx)
{
    /* Three members, two paragraphs: a small table the engine solves in a few sweeps. */
    static const double ideal[] = {10, 20, 50, 60, 90, 30};
    static const double sal[] = {0.9, 0.5, 0.6, 0.6, 0.8, 0.4};
    static const double will[] = {0.5, 0.5, 0.5};
    static const double sq[] = {50, 50};
    ns_consensus_table_t t;
    memset(&t, 0, sizeof t);
    t.m = 3;
    t.d = 2;
    t.ideal = ideal;
    t.salience = sal;
    t.will = will;
    t.status_quo = sq;
    t.chair = 1;
    ns_consensus_params_t p;
    ns_consensus_params_default(&p);
    ns_consensus_ws_t *ws = NULL;
    ns_consensus_result_t res;
    memset(&res, 0, sizeof res);
    ns_status st = ns_consensus_ws_new(ctx, 3, 2, &ws);
    if (st == NS_OK) {
        st = ns_consensus_result_init(ctx, &res, 3, 0);
    }
    if (st == NS_OK) {
        st = ns_consensus_solve(ctx, ws, &t, &p, &res);
    }
    ns_consensus_result_free(&res);
    ns_consensus_ws_free(ws);
    return st;
}

/* ---- The driver --------------------------------------------------------------------------- */

/* Under ASan a load of the UN data takes ~0.3 s, so the long paths are sampled: every k up
 * to 100, then `budget` values of k spread evenly (a stride), then the last 20. */
#if defined(__SANITIZE_ADDRESS__)
#define BUDGET 60
#else
#define BUDGET 400
#endif

static long next_k(long k, long n)
{
    long stride = n > 120 + BUDGET ? (n - 120) / BUDGET : 1;
    if (k < 100 || k >= n - 20 || stride <= 1) {
        return k + 1;
    }
    long next = k + stride;
    return next > n - 20 ? n - 20 : next;
}

/* Run one path with fault injection; returns the number of allocations of a clean run. */
static long inject(const char *name, path_fn fn)
{
    fault_alloc_t f = {0, 0, 0, false};
    ns_allocator_t a = {fa_malloc, fa_realloc, fa_free, &f};
    ns_ctx_t *ctx = NULL;

    /* A clean run: NS_OK, and the count of allocations to fail. */
    assert_int_equal(ns_ctx_new(&a, &ctx), NS_OK);
    long base = f.count;
    ns_status st = fn(ctx);
    if (st != NS_OK) {
        fprintf(stderr, "%s: clean run failed: %s\n", name, ns_ctx_errmsg(ctx));
    }
    assert_int_equal(st, NS_OK);
    long n = f.count - base;
    ns_ctx_free(ctx);
    assert_int_equal(f.live, 0);
    assert_true(n > 0);

    long tried = 0;
    for (long k = 1; k <= n; k = next_k(k, n)) {
        f = (fault_alloc_t){0, 0, 0, false};
        ctx = NULL;
        assert_int_equal(ns_ctx_new(&a, &ctx), NS_OK);
        f.count = 0;
        f.fail_at = k;
        st = fn(ctx);
        bool clean = st == NS_ENOMEM && ns_ctx_errmsg(ctx)[0] != '\0';
        if (!clean || !f.failed) {
            fprintf(stderr, "%s: allocation %ld of %ld failed: status %d (%s), '%s'\n", name, k, n,
                    st, ns_status_str(st), ns_ctx_errmsg(ctx));
        }
        ns_ctx_free(ctx);
        if (f.live != 0) {
            fprintf(stderr, "%s: allocation %ld of %ld failed: %ld blocks leaked\n", name, k, n,
                    f.live);
        }
        assert_true(f.failed);
        assert_true(clean);
        assert_int_equal(f.live, 0);
        tried++;
    }
    fprintf(stderr, "%-10s %6ld allocations, %5ld failure points injected\n", name, n, tried);
    return n;
}

static void test_data(void **state)
{
    (void)state;
    inject("data", path_data);
}

static void test_scenario(void **state)
{
    (void)state;
    inject("scenario", path_scenario);
}

static void test_forecast(void **state)
{
    (void)state;
    inject("forecast", path_forecast);
}

static void test_import(void **state)
{
    (void)state;
    inject("import", path_import);
}

static void test_canon(void **state)
{
    (void)state;
    inject("canon", path_canon);
}

static void test_sweep(void **state)
{
    (void)state;
    inject("sweep", path_sweep);
}

static void test_negotiate(void **state)
{
    (void)state;
    inject("negotiate", path_negotiate);
}

/* ---- Limits: refused early, with a message ------------------------------------------------ */

/* An allocator that refuses anything over 64 MiB, so that a limit missing from a parser
 * shows up as NS_ENOMEM (or a failure) instead of an attempt at gigabytes. */
static void *cap_malloc(size_t size, void *user)
{
    (void)user;
    return size > ((size_t)64 << 20) ? NULL : malloc(size);
}

static void *cap_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    return size > ((size_t)64 << 20) ? NULL : realloc(ptr, size);
}

static void cap_free(void *ptr, void *user)
{
    (void)user;
    free(ptr);
}

static ns_ctx_t *cap_ctx(void)
{
    ns_allocator_t a = {cap_malloc, cap_realloc, cap_free, NULL};
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(&a, &ctx), NS_OK);
    return ctx;
}

/* A table of 10^7 actors: the header and one row per actor would be 10^7 lines; the
 * reader must stop at its actor limit (100000) with NS_ELIMIT, having read ~100001 rows,
 * not build the whole table. */
static void test_limit_actors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = cap_ctx();
    /* 150000 distinct actors are enough to cross the limit; the text is ~3.5 MB. */
    size_t cap = 150000 * 24 + 64, len = 0;
    char *text = malloc(cap);
    len += (size_t)snprintf(text, cap, "issue,actor,position,salience,capability\n");
    for (long a = 0; a < 150000; a++) {
        len += (size_t)snprintf(text + len, cap - len, "i,a%ld,50,0.5,1\n", a);
    }
    ns_table_t *t = NULL;
    assert_int_equal(ns_table_read_mem(ctx, "big.csv", text, len, &t), NS_ELIMIT);
    assert_null(t);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "actors"));
    /* The same through the wide importer: 150000 actor columns. */
    ns_ctx_clear_error(ctx);
    free(text);
    ns_ctx_free(ctx);
    /* ns_table_new refuses 10^7 actors before allocating (10^7 x 8 x 3 bytes would pass
     * the 64 MiB cap only in part). */
    ctx = cap_ctx();
    assert_int_equal(ns_table_new(ctx, 1, 10000000, &t), NS_ELIMIT);
    assert_null(t);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "actors"));
    /* 10^6 issues (dimensions): over the 1024 allowed. */
    assert_int_equal(ns_table_new(ctx, 1000000, 2, &t), NS_ELIMIT);
    assert_null(t);
    ns_ctx_free(ctx);
}

/* A world of 10^6 dimensions: refused at the 1025th (NS_MAX_DIMS = 1024), before the
 * position grid of every state grows to it. */
static void test_limit_dimensions(void **state)
{
    (void)state;
    ns_ctx_t *ctx = cap_ctx();
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_new(ctx, &w), NS_OK);
    ns_status st = NS_OK;
    long added = 0;
    for (long d = 0; d < 1000000 && st == NS_OK; d++) {
        char id[32];
        snprintf(id, sizeof id, "d%ld", d);
        ns_dimension_t dim = {.id = id,
                              .label = "",
                              .low = "",
                              .high = "",
                              .scale_min = 0,
                              .scale_max = 100,
                              .silence = 50};
        st = ns_world_add_dimension(ctx, w, &dim, NULL);
        added += st == NS_OK;
    }
    assert_int_equal(st, NS_ELIMIT);
    assert_int_equal(added, 1024);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "dimensions"));
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* A line of more than 1 MiB (the CSV record limit) is refused as soon as the reader has
 * passed 1 MiB, whatever the file's length: a 1 GB line would be refused the same way,
 * after 1 MiB (the 1 GiB file limit is tested on files; see ns_read_file). */
static void test_limit_line(void **state)
{
    (void)state;
    ns_ctx_t *ctx = cap_ctx();
    size_t len = ((size_t)1 << 20) + 100;
    char *text = malloc(len);
    memset(text, 'x', len);
    ns_csv_t *csv = NULL;
    assert_int_equal(ns_csv_open_mem(ctx, "long.csv", text, len, &csv), NS_OK);
    assert_int_equal(ns_csv_next(csv), NS_ELIMIT);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "long.csv"));
    ns_csv_free(csv);
    ns_table_t *t = NULL;
    ns_ctx_clear_error(ctx);
    assert_int_equal(ns_table_read_mem(ctx, "long.csv", text, len, &t), NS_ELIMIT);
    for (int fmt = NS_IMPORT_DECIDE; fmt <= NS_IMPORT_WIDE; fmt++) {
        ns_ctx_clear_error(ctx);
        ns_status st = ns_import_mem(ctx, (ns_import_format_t)fmt, "long.in", text, len, &t);
        if (st != NS_ELIMIT) {
            fprintf(stderr, "import format %d: %d %s\n", fmt, st, ns_ctx_errmsg(ctx));
        }
        assert_int_equal(st, NS_ELIMIT);
        assert_null(t);
    }
    free(text);
    ns_ctx_free(ctx);
}

/* A file over the size limit is refused from its size (stat), before it is read: a
 * sparse file of 2 GiB takes no disk space. */
static void test_limit_file(void **state)
{
    (void)state;
    char path[] = "/tmp/ns-test-faults-big-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    if (ftruncate(fd, (off_t)2 << 30) != 0) {
        close(fd);
        unlink(path);
        skip();
    }
    close(fd);
    ns_ctx_t *ctx = cap_ctx();
    ns_table_t *t = NULL;
    ns_csv_t *csv = NULL;
    ns_scenario_t *sc = NULL;
    assert_int_equal(ns_csv_open_file(ctx, path, &csv), NS_ELIMIT);
    assert_int_equal(ns_table_read_file(ctx, path, &t), NS_ELIMIT);
    assert_int_equal(ns_import_file(ctx, NS_IMPORT_WIDE, path, &t), NS_ELIMIT);
    assert_int_equal(ns_scenario_load_file(ctx, path, &sc), NS_ELIMIT);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "ns-test-faults-big"));
    ns_ctx_free(ctx);
    unlink(path);
}

/* A YAML list of 10^7 items: refused at NS_SCENARIO_MAX_ITEMS (100000) items. The text is
 * "[0,0,0,...]" with 150001 items, past the limit, well under the 64 MiB file limit. */
static void test_limit_yaml_list(void **state)
{
    (void)state;
    ns_ctx_t *ctx = cap_ctx();
    size_t n = 150001, cap = 64 + 2 * n, len = 0;
    char *text = malloc(cap);
    len += (size_t)snprintf(text, cap, "normsim: 1\nbase: none\nx: [");
    for (size_t i = 0; i < n; i++) {
        text[len++] = '0';
        text[len++] = i + 1 < n ? ',' : ']';
    }
    text[len++] = '\n';
    ns_scenario_t *sc = NULL;
    assert_int_equal(ns_scenario_load_mem(ctx, "list.yaml", text, len, &sc), NS_ELIMIT);
    assert_null(sc);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "list.yaml"));
    free(text);
    ns_ctx_free(ctx);
}

/* NaN, infinity and out-of-range numbers are refused by every parser. Each case: the
 * input and the status it must give. */
static void test_numbers(void **state)
{
    (void)state;
    static const struct {
        int fmt; /* -1: long table; else an import format. */
        const char *text;
        ns_status want;
    } cases[] = {
        {-1, "issue,actor,position,salience,capability\ni,a,nan,0.5,1\n", NS_EINVAL},
        {-1, "issue,actor,position,salience,capability\ni,a,inf,0.5,1\n", NS_EINVAL},
        {-1, "issue,actor,position,salience,capability\ni,a,50,0.5,-inf\n", NS_EINVAL},
        {-1, "issue,actor,position,salience,capability\ni,a,50,0.5,1e999\n", NS_EINVAL},
        {-1, "issue,actor,position,salience,capability\ni,a,50,NaN,1\n", NS_EINVAL},
        {-1, "issue,actor,position,salience,capability\ni,a,50,0.5,-1\n", NS_ERANGE},
        {-1, "issue,actor,position,salience,capability,status_quo\ni,a,50,0.5,1,inf\n", NS_EINVAL},
        {-1, "issue,actor,position,salience,capability,scale_min,scale_max\ni,a,5,0.5,1,0,nan\n",
         NS_EINVAL},
        {NS_IMPORT_WIDE, "issue,pA,sA\ni,nan,0.5\n", NS_EINVAL},
        {NS_IMPORT_WIDE, "issue,pA,sA\ni,50,inf\n", NS_EINVAL},
        {NS_IMPORT_WIDE, "issue,pA,sA,cA\ni,50,0.5,-2\n", NS_ERANGE},
        {NS_IMPORT_KTAB, "name,desc,power,pos1,sal1\nA,x,inf,50,50\n", NS_EINVAL},
        {NS_IMPORT_KTAB, "name,desc,power,pos1,sal1\nA,x,1,nan,50\n", NS_EINVAL},
        {NS_IMPORT_KTAB, "name,desc,power,pos1,sal1\nA,x,1,50,150\n", NS_ERANGE},
        {NS_IMPORT_DECIDE, "#A\nA\tA\n#P\ni\tI\n#D\nA\ti\tnan\t50\t1\n", NS_EINVAL},
        {NS_IMPORT_DECIDE, "#A\nA\tA\n#P\ni\tI\n#D\nA\ti\t50\t50\tinf\n", NS_EINVAL},
        {NS_IMPORT_DECIDE, "#A\nA\tA\n#P\ni\tI\n#D\nA\ti\t50\t50\t-1\n", NS_ERANGE},
    };
    ns_ctx_t *ctx = cap_ctx();
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ns_table_t *t = NULL;
        ns_ctx_clear_error(ctx);
        ns_status st =
            cases[k].fmt < 0
                ? ns_table_read_mem(ctx, "n.csv", cases[k].text, strlen(cases[k].text), &t)
                : ns_import_mem(ctx, (ns_import_format_t)cases[k].fmt, "n.in", cases[k].text,
                                strlen(cases[k].text), &t);
        /* Text that is no finite number is refused as invalid or out of range (the
         * parsers differ); a finite number out of range is NS_ERANGE. */
        bool ok =
            cases[k].want == NS_ERANGE ? st == NS_ERANGE : (st == NS_EINVAL || st == NS_ERANGE);
        if (!ok) {
            fprintf(stderr, "case %zu: status %d, want %d: %s\n", k, st, cases[k].want,
                    ns_ctx_errmsg(ctx));
        }
        assert_true(ok);
        assert_null(t);
        assert_true(ns_ctx_errmsg(ctx)[0] != '\0');
    }
    /* Scenario numbers: .nan, .inf and out-of-range values are problems of the check. */
    static const char *const yaml[] = {
        "normsim: 1\nbase: none\nparameters: { a: .nan }\n",
        "normsim: 1\nbase: none\nparameters: { a: .inf }\n",
        "normsim: 1\nbase: none\nparameters: { a: -.Inf }\n",
        "normsim: 1\nbase: none\nseed: -1\n",
        "normsim: 1\nbase: none\nseed: 1e30\n",
        "normsim: 1\nbase: none\ndimensions:\n  - { id: d, min: 0, max: .nan }\n",
        "normsim: 1\nbase: none\ndimensions:\n  - { id: d, min: 0, max: 1e400 }\n",
        "normsim: 1\nbase: none\nstates:\n  - { iso3: AAA, capability: .inf }\n",
        "normsim: 1\nbase: none\nstates:\n  - { iso3: AAA, will: -1 }\n",
    };
    for (size_t k = 0; k < sizeof yaml / sizeof yaml[0]; k++) {
        ns_scenario_t *sc = NULL;
        size_t n = 0;
        ns_ctx_clear_error(ctx);
        assert_int_equal(ns_scenario_load_mem(ctx, "n.yaml", yaml[k], strlen(yaml[k]), &sc), NS_OK);
        ns_status st = ns_scenario_check(ctx, sc, NULL, NULL, NULL, &n);
        if (st == NS_OK) {
            fprintf(stderr, "yaml case %zu accepted: %s", k, yaml[k]);
        }
        assert_true(st == NS_EINVAL || st == NS_ERANGE || st == NS_EPARSE);
        assert_true(n >= 1);
        ns_scenario_free(sc);
    }
    ns_ctx_free(ctx);
}

static int setup(void **state)
{
    (void)state;
    in.table = read_source_file("tests/data/tables/good.csv", &in.table_size);
    in.decide = read_source_file("tests/data/import/decide_good.tab", &in.decide_size);
    in.scenario = read_source_file("examples/un_2017_sketch.yaml", &in.scenario_size);
    const char *dir = getenv("NS_SOURCE_DIR");
    size_t n = strlen(dir != NULL ? dir : ".") + 64;
    in.scenario_path = malloc(n);
    snprintf(in.scenario_path, n, "%s/examples/un_2017_sketch.yaml", dir != NULL ? dir : ".");
    snprintf(in.study_path, sizeof in.study_path, "/tmp/ns-test-faults-%ld.sqlite", (long)getpid());
    return in.table != NULL && in.decide != NULL && in.scenario != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(in.table);
    free(in.decide);
    free(in.scenario);
    free(in.scenario_path);
    remove_study();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forecast),
        cmocka_unit_test(test_import),
        cmocka_unit_test(test_canon),
        cmocka_unit_test(test_negotiate),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_data),
        cmocka_unit_test(test_scenario),
        cmocka_unit_test(test_limit_actors),
        cmocka_unit_test(test_limit_line),
        cmocka_unit_test(test_limit_file),
        cmocka_unit_test(test_limit_yaml_list),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_limit_dimensions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
