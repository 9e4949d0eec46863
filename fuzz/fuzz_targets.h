/* The bodies of the fuzz targets, shared by the libFuzzer programs (fuzz/fuzz_*.c,
 * built with clang -fsanitize=fuzzer,address,undefined) and by the regression runner
 * (tests/unit/test_fuzz_regressions.c, built with the normal compiler), so that a crash
 * input replays through exactly the code that found it.
 *
 * Each ns_fuzz_<target>(data, size) feeds the bytes to one parser entry point and then
 * checks what the parser promises: a status among the documented codes, never
 * NS_EINTERNAL; a message on the context for every error; and on success an output
 * that honours its invariants (saliences in [0, 1], no infinite number, a table that
 * reads back equal to what it writes). It returns 0 when every promise holds, and -1
 * after printing the broken promise to stderr (the fuzz programs then abort, so that
 * libFuzzer saves the input). Memory errors are left to ASan and UBSan.
 *
 * Only the fuzz harness prints; the library never does.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NS_FUZZ_TARGETS_H
#define NS_FUZZ_TARGETS_H

#include "data/loader.h"
#include "normsim/normsim.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The fuzz inputs are kept small: the limits of 1 MiB lines and 64 MiB files are tested
 * by tests/unit/test_faults.c, and libFuzzer finds more per second on short inputs. */
#define NS_FUZZ_MAX_INPUT ((size_t)1 << 16)

static inline int ns_fuzz_fail(const char *target, const char *what, const ns_ctx_t *ctx)
{
    fprintf(stderr, "fuzz %s: %s (status %d: %s)\n", target, what, ns_ctx_status(ctx),
            ns_ctx_errmsg(ctx));
    return -1;
}

/* The status codes a parser may return for bad input. */
static inline bool ns_fuzz_status_ok(ns_status st)
{
    return st == NS_OK || st == NS_EINVAL || st == NS_ENOMEM || st == NS_EIO ||
           st == NS_ENOTFOUND || st == NS_ERANGE || st == NS_EPARSE || st == NS_ELIMIT;
}

/* A failed call must leave a message on the context. */
static inline int ns_fuzz_check_status(const char *target, ns_ctx_t *ctx, ns_status st)
{
    if (!ns_fuzz_status_ok(st)) {
        return ns_fuzz_fail(target, "undocumented status", ctx);
    }
    if (st != NS_OK && ns_ctx_errmsg(ctx)[0] == '\0') {
        return ns_fuzz_fail(target, "an error without a message", ctx);
    }
    return 0;
}

/* A NUL-terminated copy of the input (the YAML entry points want one). */
static inline char *ns_fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s != NULL) {
        if (size > 0) {
            memcpy(s, data, size);
        }
        s[size] = '\0';
    }
    return s;
}

/* ---- CSV reader (io.h) ---------------------------------------------------------------- */

static inline int ns_fuzz_csv(const uint8_t *data, size_t size)
{
    ns_ctx_t *ctx = NULL;
    ns_csv_t *csv = NULL;
    int rc = 0;
    if (size > NS_FUZZ_MAX_INPUT || ns_ctx_new(NULL, &ctx) != NS_OK) {
        goto cleanup;
    }
    ns_status st = ns_csv_open_mem(ctx, "fuzz.csv", (const char *)data, size, &csv);
    int last_line = 0;
    while (st == NS_OK && (st = ns_csv_next(csv)) == NS_CONTINUE) {
        st = NS_OK;
        size_t n = ns_csv_nfields(csv);
        if (n == 0 || ns_csv_field(csv, n) != NULL || ns_csv_line(csv) < last_line ||
            ns_csv_line(csv) < 1) {
            rc = ns_fuzz_fail("csv", "a record with no field or a line going back", ctx);
            goto cleanup;
        }
        last_line = ns_csv_line(csv);
        for (size_t i = 0; i < n; i++) {
            const char *f = ns_csv_field(csv, i);
            if (f == NULL || ns_csv_field_line(csv, i) < ns_csv_line(csv) ||
                ns_csv_field_col(csv, i) < 1) {
                rc = ns_fuzz_fail("csv", "a field without text or place", ctx);
                goto cleanup;
            }
            /* The number helpers on every field: any value must be in range and finite. */
            double d = 0.0;
            long l = 0;
            if (ns_csv_double(csv, i, "x", -1e6, 1e6, &d) == NS_OK &&
                (!isfinite(d) || d < -1e6 || d > 1e6)) {
                rc = ns_fuzz_fail("csv", "ns_csv_double returned a value out of range", ctx);
                goto cleanup;
            }
            if (ns_csv_int(csv, i, "k", -5, 5, &l) == NS_OK && (l < -5 || l > 5)) {
                rc = ns_fuzz_fail("csv", "ns_csv_int returned a value out of range", ctx);
                goto cleanup;
            }
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns_ctx_clear_error(ctx);
    if (st != NS_OK && st != NS_EPARSE && st != NS_ELIMIT && st != NS_ENOMEM) {
        rc = ns_fuzz_fail("csv", "undocumented status of ns_csv_next", ctx);
    }
cleanup:
    ns_csv_free(csv);
    ns_ctx_free(ctx);
    return rc;
}

/* ---- Actor tables (table.h, import.h) -------------------------------------------------- */

/* What every table the parsers return must satisfy. */
static inline int ns_fuzz_check_table(const char *target, ns_ctx_t *ctx, const ns_table_t *t)
{
    if (t == NULL || t->n_issues == 0 || t->n_actors == 0) {
        return ns_fuzz_fail(target, "an empty table returned as a success", ctx);
    }
    for (size_t i = 0; i < t->n_issues; i++) {
        if (t->issue[i] == NULL || !isfinite(t->scale_min[i]) || !isfinite(t->scale_max[i]) ||
            !(t->scale_min[i] < t->scale_max[i]) || isinf(t->status_quo[i]) ||
            isinf(t->outcome[i])) {
            return ns_fuzz_fail(target, "an issue with a bad scale, status quo or outcome", ctx);
        }
        for (size_t a = 0; a < t->n_actors; a++) {
            size_t k = ns_table_at(t, i, a);
            double x = t->position[k], s = t->salience[k], c = t->capability[k];
            if (isinf(x) || isinf(s) || isinf(c) || (!isnan(s) && (s < 0.0 || s > 1.0)) ||
                (!isnan(c) && c < 0.0)) {
                return ns_fuzz_fail(target, "a cell out of range", ctx);
            }
        }
    }
    for (size_t a = 0; a < t->n_actors; a++) {
        if (t->actor[a] == NULL) {
            return ns_fuzz_fail(target, "an actor without a name", ctx);
        }
    }
    return 0;
}

static inline bool ns_fuzz_same(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* A table written as long CSV reads back the same (ns_table_write_csv writes 17
 * significant digits, which round-trip every double). */
static inline int ns_fuzz_roundtrip(const char *target, ns_ctx_t *ctx, const ns_table_t *t)
{
    char *buf = NULL;
    size_t len = 0;
    ns_table_t *back = NULL;
    int rc = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (mem == NULL) {
        return 0;
    }
    ns_status st = ns_table_write_csv(ctx, t, mem);
    fclose(mem);
    if (st != NS_OK) {
        rc = ns_fuzz_fail(target, "ns_table_write_csv failed on a table it read", ctx);
        goto cleanup;
    }
    st = ns_table_read_mem(ctx, "roundtrip.csv", buf, len, &back);
    if (st != NS_OK) {
        fprintf(stderr, "--- written:\n%s---\n", buf);
        rc = ns_fuzz_fail(target, "the written table does not read back", ctx);
        goto cleanup;
    }
    /* Names and cells must survive; the order of actors and issues need not (the long
     * form lists them by first appearance, issue by issue, which can differ from the
     * order of the file they were read from). */
    bool same = back->n_issues == t->n_issues && back->n_actors == t->n_actors;
    for (size_t i = 0; same && i < t->n_issues; i++) {
        size_t bi = 0;
        while (bi < back->n_issues && strcmp(back->issue[bi], t->issue[i]) != 0) {
            bi++;
        }
        same = bi < back->n_issues && ns_fuzz_same(back->status_quo[bi], t->status_quo[i]) &&
               ns_fuzz_same(back->outcome[bi], t->outcome[i]) &&
               back->scale_min[bi] == t->scale_min[i] && back->scale_max[bi] == t->scale_max[i];
        for (size_t a = 0; same && a < t->n_actors; a++) {
            size_t ba = 0;
            while (ba < back->n_actors && strcmp(back->actor[ba], t->actor[a]) != 0) {
                ba++;
            }
            if (ba == back->n_actors) {
                same = false;
                break;
            }
            size_t k = ns_table_at(t, i, a), bk = ns_table_at(back, bi, ba);
            /* A cell where the actor sits out (NaN position or salience) must still sit
             * out; the reader keeps no number there (the importers keep the salience and
             * capability given with a missing position, which the long form drops). */
            bool out = isnan(t->position[k]) || isnan(t->salience[k]);
            same = out ? isnan(back->position[bk]) || isnan(back->salience[bk])
                       : ns_fuzz_same(back->position[bk], t->position[k]) &&
                             ns_fuzz_same(back->salience[bk], t->salience[k]) &&
                             ns_fuzz_same(back->capability[bk], t->capability[k]);
        }
    }
    if (!same) {
        fprintf(stderr, "--- written:\n%s---\n", buf);
        rc = ns_fuzz_fail(target, "the table read back differs from the one written", ctx);
    }
cleanup:
    ns_table_free(ctx, back);
    free(buf);
    return rc;
}

static inline int ns_fuzz_table(const uint8_t *data, size_t size)
{
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL;
    int rc = 0;
    if (size > NS_FUZZ_MAX_INPUT || ns_ctx_new(NULL, &ctx) != NS_OK) {
        goto cleanup;
    }
    ns_status st = ns_table_read_mem(ctx, "fuzz.csv", (const char *)data, size, &t);
    if ((rc = ns_fuzz_check_status("table", ctx, st)) != 0) {
        goto cleanup;
    }
    if (st == NS_OK && ((rc = ns_fuzz_check_table("table", ctx, t)) != 0 ||
                        (rc = ns_fuzz_roundtrip("table", ctx, t)) != 0)) {
        goto cleanup;
    }
cleanup:
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
    return rc;
}

static inline int ns_fuzz_import(ns_import_format_t fmt, const char *target, const uint8_t *data,
                                 size_t size)
{
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL;
    int rc = 0;
    if (size > NS_FUZZ_MAX_INPUT || ns_ctx_new(NULL, &ctx) != NS_OK) {
        goto cleanup;
    }
    ns_status st = ns_import_mem(ctx, fmt, "fuzz.in", (const char *)data, size, &t);
    if ((rc = ns_fuzz_check_status(target, ctx, st)) != 0) {
        goto cleanup;
    }
    /* What normsim import does next: write the long CSV, which must read back. */
    if (st == NS_OK && ((rc = ns_fuzz_check_table(target, ctx, t)) != 0 ||
                        (rc = ns_fuzz_roundtrip(target, ctx, t)) != 0)) {
        goto cleanup;
    }
cleanup:
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
    return rc;
}

static inline int ns_fuzz_decide(const uint8_t *data, size_t size)
{
    return ns_fuzz_import(NS_IMPORT_DECIDE, "decide", data, size);
}

static inline int ns_fuzz_ktab(const uint8_t *data, size_t size)
{
    return ns_fuzz_import(NS_IMPORT_KTAB, "ktab", data, size);
}

static inline int ns_fuzz_wide(const uint8_t *data, size_t size)
{
    return ns_fuzz_import(NS_IMPORT_WIDE, "wide", data, size);
}

/* ---- Forecasts on parsed tables (model.h) ---------------------------------------------- */

/* Every model of the registry on a table that parsed: a small table only (the models
 * are O(n^2) or more per round) and few rounds, so that an execution stays short. */
static inline int ns_fuzz_forecast(const uint8_t *data, size_t size)
{
    ns_ctx_t *ctx = NULL;
    ns_table_t *t = NULL;
    int rc = 0;
    if (size > 4096 || ns_ctx_new(NULL, &ctx) != NS_OK) {
        goto cleanup;
    }
    ns_status st = ns_table_read_mem(ctx, "fuzz.csv", (const char *)data, size, &t);
    if ((rc = ns_fuzz_check_status("forecast", ctx, st)) != 0 || st != NS_OK ||
        t->n_actors * t->n_issues > 64) {
        goto cleanup;
    }
    size_t n_models = 0;
    const ns_model_type_t *const *models = ns_models(&n_models);
    ns_run_options_t opts = {7, 20, NULL, NULL};
    for (size_t m = 0; m < n_models; m++) {
        ns_forecast_t *f = NULL;
        ns_ctx_clear_error(ctx);
        st = ns_forecast(ctx, models[m], t, NULL, &opts, &f);
        if (st == NS_ENOCONV) {
            st = NS_OK;
        }
        if (ns_fuzz_check_status(models[m]->name, ctx, st) != 0) {
            rc = -1;
        }
        for (size_t i = 0; f != NULL && rc == 0 && i < f->n_issues; i++) {
            /* A forecast is a position on the issue's scale, or NaN (none), up to the
             * rounding of a weighted mean (1e-12 of the scale's width). nash once ended
             * its search 3.7e-9 below the scale (tests/fuzz/regressions/forecast). */
            double x = f->forecast[i];
            double tol = 1e-12 * (t->scale_max[i] - t->scale_min[i]);
            if (isinf(x) ||
                (!isnan(x) && (x < t->scale_min[i] - tol || x > t->scale_max[i] + tol))) {
                fprintf(stderr, "model %s issue %zu: forecast %.17g outside [%g, %g]\n",
                        models[m]->name, i, x, t->scale_min[i], t->scale_max[i]);
                rc = ns_fuzz_fail("forecast", "a forecast off the issue's scale", ctx);
            }
        }
        ns_forecast_free(ctx, f);
        if (rc != 0) {
            goto cleanup;
        }
    }
cleanup:
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
    return rc;
}

/* ---- A smaller UN dataset ----------------------------------------------------------- */

/* Loading the whole built-in dataset takes about 20 ms, and 300 ms under ASan with
 * coverage, which would leave a few executions per second. The scenario and data targets
 * therefore load it with the large files (over 60 kB: GDP, memberships, ideal points,
 * adoption events; not the votes, which the resolutions' tallies are checked against)
 * cut after their first 80 lines: every loader still runs on real rows, in a fraction
 * of the time. The cut copies are made once per process, and must load. */
static inline const ns__data_source_t *ns_fuzz_small_data(void)
{
    static ns_data_file_t files[32];
    static ns__data_source_t src;
    if (src.files == NULL) {
        size_t n = 0;
        const ns_data_file_t *all = ns_data_builtin_files(&n);
        size_t k = 0;
        for (size_t i = 0; i < n && k < 32; i++) {
            if (all[i].size <= 60000) {
                continue;
            }
            size_t len = 0, lines = 0;
            while (len < all[i].size && lines < 80) {
                lines += all[i].bytes[len++] == '\n';
            }
            files[k++] = (ns_data_file_t){all[i].name, all[i].bytes, len};
        }
        src.opts.dir = ns__data_mem_dir;
        src.opts.filter = NS_FILTER_ALL;
        src.files = files;
        src.n_files = k;
        ns_ctx_t *ctx = NULL;
        ns_world_t *w = NULL;
        if (ns_ctx_new(NULL, &ctx) != NS_OK || ns_data_load(ctx, &src.opts, &w) != NS_OK) {
            fprintf(stderr, "fuzz: the cut dataset does not load: %s\n", ns_ctx_errmsg(ctx));
            abort();
        }
        ns_world_free(w);
        ns_ctx_free(ctx);
    }
    return &src;
}

/* ---- Scenario files (scenario.h) and their canonical JSON (study.h) ----------------- */

static inline void ns_fuzz_count_diag(const ns_diag_t *d, void *user)
{
    size_t *n = user;
    (*n)++;
    /* The strings are read here, while valid, so that ASan sees a dangling one. */
    if (d->file == NULL || d->field == NULL || d->message == NULL || strlen(d->message) == 0) {
        abort();
    }
}

static inline int ns_fuzz_scenario(const uint8_t *data, size_t size)
{
    ns_ctx_t *ctx = NULL;
    ns_scenario_t *sc = NULL;
    ns_world_t *w = NULL;
    int rc = 0;
    if (size > NS_FUZZ_MAX_INPUT || ns_ctx_new(NULL, &ctx) != NS_OK) {
        goto cleanup;
    }
    ns_status st = ns_scenario_load_mem(ctx, "fuzz.yaml", (const char *)data, size, &sc);
    if ((rc = ns_fuzz_check_status("scenario", ctx, st)) != 0 || st != NS_OK) {
        goto cleanup;
    }
    (void)ns_scenario_name(sc);
    (void)ns_scenario_seed(sc);
    size_t n_problems = 0, n_calls = 0;
    const ns_data_options_t *data_opts = &ns_fuzz_small_data()->opts;
    st = ns_scenario_check(ctx, sc, data_opts, ns_fuzz_count_diag, &n_calls, &n_problems);
    if ((rc = ns_fuzz_check_status("scenario check", ctx, st)) != 0) {
        goto cleanup;
    }
    if ((st == NS_OK) != (n_problems == 0) || n_calls != n_problems) {
        rc = ns_fuzz_fail("scenario check", "status, problem count and callbacks disagree", ctx);
        goto cleanup;
    }
    bool checked = st == NS_OK;
    st = ns_scenario_build_world(ctx, sc, data_opts, &w);
    if ((rc = ns_fuzz_check_status("scenario build", ctx, st)) != 0) {
        goto cleanup;
    }
    if ((st == NS_OK) != checked || (st == NS_OK) != (w != NULL)) {
        rc = ns_fuzz_fail("scenario build", "build and check disagree", ctx);
        goto cleanup;
    }
    for (size_t i = 0; w != NULL && i < ns_world_state_count(w); i++) {
        double c = ns_world_capability(w, i), will = ns_world_will(w, i);
        if (isinf(c) || c < 0.0 || !isfinite(will) || will < 0.0) {
            rc = ns_fuzz_fail("scenario build", "a state with a bad capability or will", ctx);
            goto cleanup;
        }
    }
cleanup:
    ns_world_free(w);
    ns_scenario_free(sc);
    ns_ctx_free(ctx);
    return rc;
}

static inline int ns_fuzz_canon(const uint8_t *data, size_t size)
{
    ns_ctx_t *ctx = NULL;
    char *text = NULL, *json = NULL, *again = NULL;
    int rc = 0;
    if (size > NS_FUZZ_MAX_INPUT || ns_ctx_new(NULL, &ctx) != NS_OK ||
        (text = ns_fuzz_cstr(data, size)) == NULL) {
        goto cleanup;
    }
    ns_status st = ns_study_canonical_json(ctx, "fuzz.yaml", text, &json);
    if ((rc = ns_fuzz_check_status("canon", ctx, st)) != 0 || st != NS_OK) {
        goto cleanup;
    }
    /* JSON is YAML: its canonical form is itself. */
    st = ns_study_canonical_json(ctx, "canon.json", json, &again);
    if (st != NS_OK || strcmp(json, again) != 0) {
        fprintf(stderr, "--- first: %s\n--- again: %s\n", json, again ? again : "(failed)");
        rc = ns_fuzz_fail("canon", "the canonical JSON is not a fixed point", ctx);
    }
cleanup:
    ns_free(ctx, again);
    ns_free(ctx, json);
    free(text);
    ns_ctx_free(ctx);
    return rc;
}

/* ---- The data loader (data.h) ----------------------------------------------------------- */

/* The first byte picks which file of the dataset the rest replaces; the other files come
 * from the built-in data, so a mutation reaches the loader of that file with a valid
 * world behind it. */
static inline int ns_fuzz_data(const uint8_t *data, size_t size)
{
    ns_ctx_t *ctx = NULL;
    ns_world_t *w = NULL;
    int rc = 0;
    size_t n_files = 0;
    const ns_data_file_t *files = ns_data_builtin_files(&n_files);
    const ns__data_source_t *small = ns_fuzz_small_data();
    ns_data_file_t over[33];
    if (size < 1 || size > NS_FUZZ_MAX_INPUT || n_files == 0 || small->n_files > 32 ||
        ns_ctx_new(NULL, &ctx) != NS_OK) {
        goto cleanup;
    }
    /* The fuzzed file first: ns__table_open takes the first file of a name. */
    over[0] = (ns_data_file_t){files[data[0] % n_files].name, (const char *)data + 1, size - 1};
    memcpy(over + 1, small->files, small->n_files * sizeof *over);
    ns_verified_filter_t filter = (ns_verified_filter_t)((data[0] / n_files) % 3);
    ns_status st = ns__data_load_mem(ctx, filter, over, small->n_files + 1, &w);
    if ((rc = ns_fuzz_check_status("data", ctx, st)) != 0) {
        goto cleanup;
    }
    for (size_t i = 0; w != NULL && i < ns_world_state_count(w); i++) {
        double c = ns_world_capability(w, i);
        if (isinf(c) || c < 0.0 || c > 1.0) {
            rc = ns_fuzz_fail("data", "a state with a capability outside [0, 1]", ctx);
            goto cleanup;
        }
    }
cleanup:
    ns_world_free(w);
    ns_ctx_free(ctx);
    return rc;
}

/* ---- Edge lists (diffusion.h) ----------------------------------------------------------- */

/* ns_net_read_edges takes a path, so the input is written to a temporary file. The
 * world is loaded once per process (a harness may keep state; the library may not). */
static inline char *ns_fuzz_edges_path(void)
{
    static char path[64];
    return path;
}

static inline void ns_fuzz_edges_unlink(void)
{
    unlink(ns_fuzz_edges_path());
}

static inline int ns_fuzz_edges(const uint8_t *data, size_t size)
{
    static ns_ctx_t *wctx = NULL;
    static ns_world_t *world = NULL;
    char *path = ns_fuzz_edges_path();
    ns_ctx_t *ctx = NULL;
    ns_net_t *net = NULL;
    int rc = 0;
    if (world == NULL) {
        int fd = -1;
        snprintf(path, 64, "/tmp/ns_fuzz_edges_XXXXXX");
        if (ns_ctx_new(NULL, &wctx) != NS_OK || ns_data_load(wctx, NULL, &world) != NS_OK ||
            (fd = mkstemp(path)) < 0) {
            fprintf(stderr, "fuzz edges: cannot set up\n");
            abort();
        }
        close(fd);
        atexit(ns_fuzz_edges_unlink);
    }
    if (size > NS_FUZZ_MAX_INPUT || ns_ctx_new(NULL, &ctx) != NS_OK) {
        goto cleanup;
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size) {
        if (f != NULL) {
            fclose(f);
        }
        goto cleanup;
    }
    fclose(f);
    ns_status st = ns_net_new(ctx, ns_world_state_count(world), &net);
    if (st == NS_OK) {
        st = ns_net_read_edges(ctx, net, world, path);
        if ((rc = ns_fuzz_check_status("edges", ctx, st)) != 0) {
            goto cleanup;
        }
    }
    for (size_t l = 0; net != NULL && l < ns_net_layer_count(net); l++) {
        double weight = ns_net_layer_weight(net, l);
        if (!isfinite(weight) || weight < 0.0 || ns_net_layer_name(net, l) == NULL) {
            rc = ns_fuzz_fail("edges", "a layer with a bad weight or no name", ctx);
            goto cleanup;
        }
    }
cleanup:
    ns_net_free(net);
    ns_ctx_free(ctx);
    return rc;
}

/* ---- The registry of targets ----------------------------------------------------------- */

typedef struct ns_fuzz_target {
    const char *name;
    int (*run)(const uint8_t *data, size_t size);
} ns_fuzz_target_t;

static const ns_fuzz_target_t ns_fuzz_targets[] = {
    {"csv", ns_fuzz_csv},           {"table", ns_fuzz_table}, {"decide", ns_fuzz_decide},
    {"ktab", ns_fuzz_ktab},         {"wide", ns_fuzz_wide},   {"forecast", ns_fuzz_forecast},
    {"scenario", ns_fuzz_scenario}, {"canon", ns_fuzz_canon}, {"data", ns_fuzz_data},
    {"edges", ns_fuzz_edges},
};

#endif
