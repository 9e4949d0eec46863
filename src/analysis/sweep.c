/* Studies: Monte Carlo replicates over a grid, on all cores (OpenMP) and across
 * processes (shards), streamed into the store in ordered batches.
 *
 * Determinism: replicate r of point p sees only (seed, p, r) and the point's parameter
 * values; its metrics are computed in parallel but committed by this thread in
 * (point, replicate) order, batch by batch. Nothing a replicate computes depends on the
 * thread count, the shard or on which replicates were already stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#define DEFAULT_BATCH 256u

struct ns_study {
    ns_ctx_t *ctx;
    ns_store_t *store;
    ns_grid_t *grid;
    const ns_study_model_t *model;
    void *state;
    ns_world_t *world;
    uint64_t seed;
    uint32_t runs;
    uint32_t shard_index, shard_count;
    size_t *param_of_dim;       /* The model's parameter index of each grid dimension. */
    double **dim_values;        /* [dim][value index]: the model's number for each label. */
    const char *const *metrics; /* The model's, or those its inputs gave it. */
    size_t n_metrics;
    ns_table_t *table; /* The actor table of a model that needs one. */
};

/* ---- Setting up ------------------------------------------------------------------------ */

static ns_status unknown_model(ns_ctx_t *ctx, const char *name)
{
    char list[512];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < ns_study_model_count() && used < sizeof list; i++) {
        int n = snprintf(list + used, sizeof list - used, "%s%s", i > 0 ? ", " : "",
                         ns_study_model_get(i)->name);
        used += n > 0 ? (size_t)n : 0;
    }
    return ns_error(ctx, NS_ENOTFOUND, "no study model '%s' (models: %s)", name, list);
}

/* Map each grid dimension to a model parameter and each label to its number. */
static ns_status bind_grid(ns_study_t *st)
{
    ns_ctx_t *ctx = st->ctx;
    size_t nd = ns_grid_nparams(st->grid);
    const ns_study_model_t *m = st->model;
    st->param_of_dim = ns_calloc(ctx, nd + 1, sizeof *st->param_of_dim);
    st->dim_values = ns_calloc(ctx, nd + 1, sizeof *st->dim_values);
    if (st->param_of_dim == NULL || st->dim_values == NULL) {
        return NS_ENOMEM;
    }
    for (size_t d = 0; d < nd; d++) {
        const char *name = ns_grid_param(st->grid, d);
        size_t k = 0;
        while (k < m->n_params && strcmp(m->params[k], name) != 0) {
            k++;
        }
        if (k == m->n_params) {
            char list[512], near[256];
            size_t used = 0;
            list[0] = '\0';
            for (size_t i = 0; i < m->n_params && used < sizeof list; i++) {
                int n = snprintf(list + used, sizeof list - used, "%s%s", i > 0 ? ", " : "",
                                 m->params[i]);
                used += n > 0 ? (size_t)n : 0;
            }
            ns__nearest_names(name, m->params, m->n_params, near, sizeof near);
            for (size_t i = 0; near[0] == '\0' && i < m->n_params; i++) {
                /* "theta_median" for "diffusion.theta_median". */
                const char *dot = strrchr(m->params[i], '.');
                if (dot != NULL && strcmp(dot + 1, name) == 0) {
                    snprintf(near, sizeof near, "%s", m->params[i]);
                }
            }
            return ns_error(ctx, NS_EINVAL,
                            "--vary %s: the model %s has no parameter '%s'%s%s%s (it has: %s; "
                            "normsim params %s)",
                            ns_grid_spec(st->grid, d), m->name, name,
                            near[0] != '\0' ? "; did you mean " : "", near,
                            near[0] != '\0' ? "?" : "", list, m->name);
        }
        st->param_of_dim[d] = k;
    }
    /* The model's number for each dimension at each point, converted once here so that
     * the run loop does no parsing. */
    uint32_t np = ns_grid_npoints(st->grid);
    for (size_t d = 0; d < nd; d++) {
        st->dim_values[d] = ns_calloc(ctx, np, sizeof **st->dim_values);
        if (st->dim_values[d] == NULL) {
            return NS_ENOMEM;
        }
    }
    for (uint32_t p = 0; p < np; p++) {
        for (size_t d = 0; d < nd; d++) {
            const char *label = ns_grid_label(st->grid, p, d);
            double v = ns_grid_value(st->grid, p, d);
            ns_status s = NS_OK;
            if (m->parse != NULL) {
                s = m->parse(st->param_of_dim[d], label, &v, ctx);
            } else if (isnan(v)) {
                s = ns_error(ctx, NS_EINVAL, "%s: '%s' is not a number",
                             m->params[st->param_of_dim[d]], label);
            }
            if (s != NS_OK) {
                char why[512];
                snprintf(why, sizeof why, "%s", ns_ctx_errmsg(ctx));
                return ns_error(ctx, s, "--vary %s: %s", ns_grid_spec(st->grid, d), why);
            }
            st->dim_values[d][p] = v;
        }
    }
    return NS_OK;
}

/* The model's parameter vector at a point. */
static void point_params(const ns_study_t *st, uint32_t point, double *params)
{
    memcpy(params, st->model->defaults, st->model->n_params * sizeof *params);
    for (size_t d = 0; d < ns_grid_nparams(st->grid); d++) {
        params[st->param_of_dim[d]] = st->dim_values[d][point];
    }
}

static ns_status build_world(ns_study_t *st, const char *file, const char *text,
                             const ns_data_options_t *data)
{
    ns_scenario_t *sc = NULL;
    ns_status s = ns_scenario_load_mem(st->ctx, file, text, strlen(text), &sc);
    if (s == NS_OK) {
        s = ns_scenario_build_world(st->ctx, sc, data, &st->world);
    }
    ns_scenario_free(sc);
    return s;
}

static ns_status setup_model(ns_study_t *st, const char *table_file, const char *table_text)
{
    const ns_study_model_t *m = st->model;
    ns_status s = NS_OK;
    if (m->needs_table) {
        if (table_text == NULL || m->setup_table == NULL) {
            return ns_error(st->ctx, NS_EINVAL,
                            "the model %s forecasts an actor table: give one with --table FILE",
                            m->name);
        }
        s = ns_table_read_mem(st->ctx, table_file != NULL ? table_file : "table", table_text,
                              strlen(table_text), &st->table);
        if (s == NS_OK) {
            s = m->setup_table(st->ctx, st->world, st->table, &st->state);
        }
    } else if (table_text != NULL) {
        return ns_error(st->ctx, NS_EINVAL,
                        "--table: the model %s takes no actor table (the table models: eum, "
                        "exchange, compromise, median, nash, winset, smp)",
                        m->name);
    } else if (m->setup != NULL) {
        s = m->setup(st->ctx, st->world, &st->state);
    }
    st->metrics = m->metrics;
    st->n_metrics = m->n_metrics;
    if (s == NS_OK && m->metric_names != NULL) {
        s = m->metric_names(st->state, &st->metrics, &st->n_metrics, st->ctx);
        if (s == NS_OK && (st->n_metrics == 0 || st->n_metrics > NS_STUDY_MAX_METRICS)) {
            s = ns_error(st->ctx, NS_ELIMIT, "%zu metrics: a study stores 1..%u per replicate",
                         st->n_metrics, NS_STUDY_MAX_METRICS);
        }
    }
    return s;
}

static const char *data_version(const ns_study_t *st, const ns_data_options_t *data)
{
    if (st->world != NULL) {
        return ns_world_data_version(st->world);
    }
    return data != NULL && data->dir != NULL ? data->dir : ns_data_version();
}

static ns_status new_study(ns_ctx_t *ctx, ns_study_t **out)
{
    ns_study_t *st = ns_calloc(ctx, 1, sizeof *st);
    if (st == NULL) {
        return NS_ENOMEM;
    }
    st->ctx = ctx;
    st->shard_count = 1;
    *out = st;
    return ns_grid_new(ctx, &st->grid);
}

void ns_study_free(ns_study_t *st)
{
    if (st == NULL) {
        return;
    }
    ns_ctx_t *ctx = st->ctx;
    if (st->model != NULL && st->model->teardown != NULL && st->state != NULL) {
        st->model->teardown(ctx, st->state);
    }
    if (st->dim_values != NULL) {
        for (size_t d = 0; d < ns_grid_nparams(st->grid); d++) {
            ns_free(ctx, st->dim_values[d]);
        }
    }
    ns_free(ctx, st->dim_values);
    ns_free(ctx, st->param_of_dim);
    ns_grid_free(st->grid);
    ns_table_free(ctx, st->table);
    ns_world_free(st->world);
    ns_store_close(st->store);
    ns_free(ctx, st);
}

/* A JSON array of strings, as text to free with free(). */
static char *json_strings(const char *const *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        if (json_array_append_new(a, json_string(items[i])) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    char *text = a != NULL ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return text;
}

static ns_status put_meta_u64(ns_ctx_t *ctx, ns_store_t *store, const char *key, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    return ns_store_set_meta(ctx, store, key, buf);
}

/* Record provenance and grid in one transaction. */
static ns_status write_provenance(ns_study_t *st, const ns_study_spec_t *spec, const char *json,
                                  const ns_data_options_t *data)
{
    ns_ctx_t *ctx = st->ctx;
    ns_store_t *store = st->store;
    const ns_study_model_t *m = st->model;
    char *vary = json_strings(spec->vary, spec->n_vary);
    char *params = json_strings(m->params, m->n_params);
    char *metrics = json_strings(st->metrics, st->n_metrics);
    const char **labels = ns_calloc(ctx, ns_grid_nparams(st->grid) + 1, sizeof *labels);
    const char **names = ns_calloc(ctx, ns_grid_nparams(st->grid) + 1, sizeof *names);
    ns_status s = NS_OK;
    if (vary == NULL || params == NULL || metrics == NULL || labels == NULL || names == NULL) {
        s = ns_error(ctx, NS_ENOMEM, "out of memory");
        goto cleanup;
    }
    char shard[64], created[64];
    snprintf(shard, sizeof shard, "%" PRIu32 "/%" PRIu32, st->shard_index, st->shard_count);
    time_t t = time(NULL);
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL ||
        strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        snprintf(created, sizeof created, "unknown");
    }
    s = ns_store_begin(ctx, store);
    if (s != NS_OK) {
        goto cleanup;
    }
    const char *const kv[][2] = {
        {"model", m->name},
        {"model_cite", m->cite != NULL ? m->cite : ""},
        {"scenario", spec->scenario_text},
        {"scenario_file", spec->scenario_file != NULL ? spec->scenario_file : ""},
        {"scenario_json", json},
        {"vary", vary},
        {"params", params},
        {"metrics", metrics},
        {"data_version", data_version(st, data)},
        {"software_version", ns_version()},
        {"shard", shard},
        {"created", created},
    };
    for (size_t i = 0; s == NS_OK && i < NS_ARRAY_LEN(kv); i++) {
        s = ns_store_set_meta(ctx, store, kv[i][0], kv[i][1]);
    }
    if (s == NS_OK && spec->table_text != NULL) {
        s = ns_store_set_meta(ctx, store, "table", spec->table_text);
        if (s == NS_OK) {
            s = ns_store_set_meta(ctx, store, "table_file",
                                  spec->table_file != NULL ? spec->table_file : "");
        }
    }
    if (s == NS_OK) {
        s = put_meta_u64(ctx, store, "seed", st->seed);
    }
    if (s == NS_OK) {
        s = put_meta_u64(ctx, store, "runs", st->runs);
    }
    size_t nd = ns_grid_nparams(st->grid);
    for (size_t d = 0; d < nd; d++) {
        names[d] = ns_grid_param(st->grid, d);
    }
    for (uint32_t p = 0; s == NS_OK && nd > 0 && p < ns_grid_npoints(st->grid); p++) {
        for (size_t d = 0; d < nd; d++) {
            labels[d] = ns_grid_label(st->grid, p, d);
        }
        s = ns_store_add_point(ctx, store, p, nd, names, labels);
    }
    if (s == NS_OK) {
        s = ns_store_commit(ctx, store);
    } else {
        ns_store_rollback(store);
    }
cleanup:
    free(vary);
    free(params);
    free(metrics);
    ns_free(ctx, labels);
    ns_free(ctx, names);
    return s;
}

ns_status ns_study_create(ns_ctx_t *ctx, const char *path, const ns_study_spec_t *spec,
                          ns_study_t **out)
{
    ns_study_t *st = NULL;
    char *json = NULL;
    *out = NULL;
    ns_status s = new_study(ctx, &st);
    if (s != NS_OK) {
        goto cleanup;
    }
    st->model = ns_study_model_find(spec->model);
    if (st->model == NULL) {
        s = unknown_model(ctx, spec->model);
        goto cleanup;
    }
    if (spec->runs == 0 || spec->runs > NS_STUDY_MAX_RUNS) {
        s = ns_error(ctx, spec->runs == 0 ? NS_EINVAL : NS_ELIMIT,
                     "--runs %" PRIu32 ": must be 1..%u", spec->runs, NS_STUDY_MAX_RUNS);
        goto cleanup;
    }
    st->seed = spec->seed;
    st->runs = spec->runs;
    st->shard_count = spec->shard_count == 0 ? 1 : spec->shard_count;
    st->shard_index = spec->shard_index;
    if (st->shard_index >= st->shard_count) {
        s = ns_error(ctx, NS_EINVAL, "--shard %" PRIu32 "/%" PRIu32 ": I must be below N",
                     st->shard_index, st->shard_count);
        goto cleanup;
    }
    for (size_t i = 0; i < spec->n_vary; i++) {
        s = ns_grid_add(ctx, st->grid, spec->vary[i]);
        if (s != NS_OK) {
            goto cleanup;
        }
    }
    if ((uint64_t)ns_grid_npoints(st->grid) * st->runs > UINT32_MAX) {
        s = ns_error(ctx, NS_ELIMIT,
                     "%" PRIu32 " points x %" PRIu32 " runs: more than 2^32 "
                     "replicates",
                     ns_grid_npoints(st->grid), st->runs);
        goto cleanup;
    }
    s = bind_grid(st);
    if (s != NS_OK) {
        goto cleanup;
    }
    s = ns_study_canonical_json(ctx, spec->scenario_file, spec->scenario_text, &json);
    if (s == NS_OK && st->model->needs_world) {
        s = build_world(st, spec->scenario_file, spec->scenario_text, spec->data);
    }
    if (s == NS_OK) {
        s = setup_model(st, spec->table_file, spec->table_text);
    }
    if (s == NS_OK) {
        s = ns_store_open(ctx, path, NS_STORE_CREATE, &st->store);
    }
    if (s == NS_OK) {
        s = write_provenance(st, spec, json, spec->data);
    }
    if (s == NS_OK) {
        /* Only now does the study appear under its name: a kill before leaves nothing
         * there, a kill after a study --resume finishes. */
        s = ns_store_publish(ctx, st->store);
    }
    if (s == NS_OK) {
        *out = st;
        st = NULL;
    }
cleanup:
    ns_free(ctx, json);
    /* Unpublished, the store's temporary file is removed on close; published, the
     * study stays (complete, resumable), and the error says so. */
    ns_study_free(st);
    return s;
}

/* ---- Resuming ------------------------------------------------------------------------------ */

static ns_status meta_u64(ns_study_t *st, const char *key, uint64_t max, uint64_t *out)
{
    char *text = NULL;
    ns_status s = ns_store_get_meta(st->ctx, st->store, key, &text);
    if (s == NS_OK) {
        char *end = NULL;
        unsigned long long v = strtoull(text, &end, 10);
        if (end == text || *end != '\0' || v > max) {
            s = ns_error_at(st->ctx, NS_EINVAL, ns_store_path(st->store), 0, 0, key,
                            "'%s' is not a valid value", text);
        } else {
            *out = v;
        }
    }
    ns_free(st->ctx, text);
    return s;
}

ns_status ns_study_resume(ns_ctx_t *ctx, const char *path, const ns_data_options_t *data,
                          bool takeover, ns_study_t **out)
{
    ns_study_t *st = NULL;
    char *model = NULL, *scenario = NULL, *file = NULL, *vary = NULL, *shard = NULL,
         *version = NULL, *table = NULL, *table_file = NULL;
    json_t *specs = NULL;
    *out = NULL;
    ns_status s = new_study(ctx, &st);
    if (s == NS_OK) {
        s = ns_store_open(ctx, path, takeover ? NS_STORE_TAKEOVER : NS_STORE_APPEND, &st->store);
    }
    const char *keys[] = {"model", "scenario", "scenario_file", "vary", "shard", "data_version"};
    char **values[] = {&model, &scenario, &file, &vary, &shard, &version};
    for (size_t i = 0; s == NS_OK && i < NS_ARRAY_LEN(keys); i++) {
        s = ns_store_get_meta(ctx, st->store, keys[i], values[i]);
    }
    uint64_t seed = 0, runs = 0;
    if (s == NS_OK) {
        s = meta_u64(st, "seed", UINT64_MAX, &seed);
    }
    if (s == NS_OK) {
        s = meta_u64(st, "runs", NS_STUDY_MAX_RUNS, &runs);
    }
    if (s != NS_OK) {
        goto cleanup;
    }
    st->seed = seed;
    st->runs = (uint32_t)runs;
    if (strcmp(shard, "merged") == 0) {
        st->shard_index = 0;
        st->shard_count = 1;
    } else if (sscanf(shard, "%" SCNu32 "/%" SCNu32, &st->shard_index, &st->shard_count) != 2 ||
               st->shard_count == 0 || st->shard_index >= st->shard_count) {
        s = ns_error_at(ctx, NS_EINVAL, path, 0, 0, "shard", "'%s' is not I/N", shard);
        goto cleanup;
    }
    st->model = ns_study_model_find(model);
    if (st->model == NULL) {
        s = unknown_model(ctx, model);
        goto cleanup;
    }
    json_error_t err;
    specs = json_loads(vary, 0, &err);
    if (specs == NULL || !json_is_array(specs)) {
        s = ns_error_at(ctx, NS_EINVAL, path, 0, 0, "vary", "not a JSON array of strings");
        goto cleanup;
    }
    for (size_t i = 0; s == NS_OK && i < json_array_size(specs); i++) {
        const char *spec = json_string_value(json_array_get(specs, i));
        s = spec != NULL ? ns_grid_add(ctx, st->grid, spec)
                         : ns_error_at(ctx, NS_EINVAL, path, 0, 0, "vary", "not a string");
    }
    if (s == NS_OK) {
        s = bind_grid(st);
    }
    if (s == NS_OK && st->model->needs_world) {
        s = build_world(st, file, scenario, data);
    }
    if (s == NS_OK && strcmp(version, data_version(st, data)) != 0) {
        s = ns_error_at(ctx, NS_EINVAL, path, 0, 0, "data_version",
                        "the study was made with data %s, this run would use %s; resume it "
                        "with the same data",
                        version, data_version(st, data));
    }
    if (s == NS_OK && st->model->needs_table) {
        /* The table as recorded: the study's input, whatever the file says now. */
        s = ns_store_get_meta(ctx, st->store, "table", &table);
        if (s == NS_OK) {
            s = ns_store_get_meta(ctx, st->store, "table_file", &table_file);
        }
    }
    if (s == NS_OK) {
        s = setup_model(st, table_file, table);
    }
    if (s == NS_OK) {
        *out = st;
        st = NULL;
    }
cleanup:
    json_decref(specs);
    ns_free(ctx, model);
    ns_free(ctx, scenario);
    ns_free(ctx, file);
    ns_free(ctx, vary);
    ns_free(ctx, shard);
    ns_free(ctx, version);
    ns_free(ctx, table);
    ns_free(ctx, table_file);
    ns_study_free(st);
    return s;
}

/* ---- Running ----------------------------------------------------------------------------- */

typedef struct job {
    uint32_t point;
    uint32_t replicate;
    ns_status status;
} job_t;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool in_shard(const ns_study_t *st, uint32_t point, uint32_t replicate)
{
    uint64_t g = (uint64_t)point * st->runs + replicate;
    return g % st->shard_count == st->shard_index;
}

ns_status ns_study_missing(ns_study_t *st, uint64_t *missing)
{
    uint8_t *done = ns_malloc(st->ctx, st->runs);
    ns_status s = done != NULL ? NS_OK : NS_ENOMEM;
    uint64_t n = 0;
    for (uint32_t p = 0; s == NS_OK && p < ns_grid_npoints(st->grid); p++) {
        s = ns_store_replicates_done(st->ctx, st->store, p, st->runs, done, NULL);
        for (uint32_t r = 0; s == NS_OK && r < st->runs; r++) {
            n += !done[r] && in_shard(st, p, r);
        }
    }
    ns_free(st->ctx, done);
    *missing = n;
    return s;
}

typedef struct runner {
    ns_study_t *st;
    const ns_study_run_options_t *opt;
    job_t *jobs;
    double *params;  /* batch x n_params */
    double *metrics; /* batch x n_metrics */
    size_t n_jobs, batch;
    ns_ctx_t **thread_ctx;
    int threads;
    uint64_t done, total, batches;
    double start;
} runner_t;

/* Compute a batch in parallel, then commit it in order. */
static ns_status run_batch(runner_t *rn)
{
    ns_study_t *st = rn->st;
    const ns_study_model_t *m = st->model;
    ns_ctx_t *ctx = st->ctx;
    long n = (long)rn->n_jobs;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(rn->threads)
#endif
    for (long j = 0; j < n; j++) {
#ifdef _OPENMP
        ns_ctx_t *tctx = rn->thread_ctx[omp_get_thread_num()];
#else
        ns_ctx_t *tctx = rn->thread_ctx[0];
#endif
        job_t *job = &rn->jobs[j];
        job->status =
            m->replicate(st->state, rn->params + (size_t)j * m->n_params, st->seed, job->point,
                         job->replicate, rn->metrics + (size_t)j * st->n_metrics, tctx);
    }
    for (size_t j = 0; j < rn->n_jobs; j++) {
        if (rn->jobs[j].status < 0) {
            /* Run the first failing replicate again on this thread: its message is then
             * the same whatever the thread count. */
            job_t *job = &rn->jobs[j];
            ns_status s =
                m->replicate(st->state, rn->params + j * m->n_params, st->seed, job->point,
                             job->replicate, rn->metrics + j * st->n_metrics, ctx);
            if (s >= 0) {
                s = ns_error(ctx, job->status, "point %" PRIu32 " replicate %" PRIu32 ": %s",
                             job->point, job->replicate, ns_status_str(job->status));
            }
            return s;
        }
    }
    ns_status s = ns_store_begin(ctx, st->store);
    for (size_t j = 0; s == NS_OK && j < rn->n_jobs; j++) {
        for (size_t k = 0; s == NS_OK && k < st->n_metrics; k++) {
            s = ns_store_put(ctx, st->store, rn->jobs[j].point, rn->jobs[j].replicate,
                             st->metrics[k], rn->metrics[j * st->n_metrics + k]);
        }
    }
    if (s == NS_OK) {
        s = ns_store_commit(ctx, st->store);
    } else {
        ns_store_rollback(st->store);
    }
    if (s != NS_OK) {
        return s;
    }
    rn->done += rn->n_jobs;
    rn->batches++;
    rn->n_jobs = 0;
    if (rn->opt->progress != NULL) {
        ns_progress_t p;
        p.done = rn->done;
        p.total = rn->total;
        p.elapsed = now_seconds() - rn->start;
        p.rate = p.elapsed > 0 ? (double)p.done / p.elapsed : 0;
        p.eta = p.rate > 0 ? (double)(p.total - p.done) / p.rate : NAN;
        rn->opt->progress(&p, rn->opt->progress_user);
    }
    return NS_OK;
}

ns_status ns_study_run(ns_study_t *st, const ns_study_run_options_t *opt)
{
    ns_ctx_t *ctx = st->ctx;
    const ns_study_model_t *m = st->model;
    ns_study_run_options_t defaults;
    memset(&defaults, 0, sizeof defaults);
    if (opt == NULL) {
        opt = &defaults;
    }
    runner_t rn;
    memset(&rn, 0, sizeof rn);
    rn.st = st;
    rn.opt = opt;
    rn.batch = opt->batch > 0 ? opt->batch : DEFAULT_BATCH;
    rn.start = now_seconds();
    uint8_t *done = NULL;
    ns_status s = NS_OK;
    if (opt->threads < 0 || opt->threads > NS_STUDY_MAX_THREADS) {
        return ns_error(ctx, NS_EINVAL, "--threads %d: must be 0..%d", opt->threads,
                        NS_STUDY_MAX_THREADS);
    }
#ifdef _OPENMP
    rn.threads = opt->threads > 0 ? opt->threads : omp_get_max_threads();
#else
    rn.threads = 1;
#endif
    s = ns_study_missing(st, &rn.total);
    if (s != NS_OK) {
        return s;
    }
    rn.jobs = ns_calloc(ctx, rn.batch, sizeof *rn.jobs);
    rn.params = ns_calloc(ctx, rn.batch * (m->n_params + 1), sizeof *rn.params);
    rn.metrics = ns_calloc(ctx, rn.batch * (st->n_metrics + 1), sizeof *rn.metrics);
    rn.thread_ctx = ns_calloc(ctx, (size_t)rn.threads, sizeof *rn.thread_ctx);
    done = ns_malloc(ctx, st->runs);
    if (rn.jobs == NULL || rn.params == NULL || rn.metrics == NULL || rn.thread_ctx == NULL ||
        done == NULL) {
        s = NS_ENOMEM;
        goto cleanup;
    }
    /* Each thread reports errors and allocates through its own context, with the
     * caller's allocation hook. */
    for (int t = 0; t < rn.threads; t++) {
        if (ns_ctx_new(&ctx->alloc, &rn.thread_ctx[t]) != NS_OK) {
            s = ns_error(ctx, NS_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    for (uint32_t p = 0; s == NS_OK && p < ns_grid_npoints(st->grid); p++) {
        s = ns_store_replicates_done(ctx, st->store, p, st->runs, done, NULL);
        for (uint32_t r = 0; s == NS_OK && r < st->runs; r++) {
            if (done[r] || !in_shard(st, p, r)) {
                continue;
            }
            job_t *job = &rn.jobs[rn.n_jobs];
            job->point = p;
            job->replicate = r;
            job->status = NS_OK;
            point_params(st, p, rn.params + rn.n_jobs * m->n_params);
            rn.n_jobs++;
            if (rn.n_jobs == rn.batch) {
                s = run_batch(&rn);
                if (s == NS_OK && opt->max_batches > 0 && rn.batches >= opt->max_batches) {
                    goto cleanup;
                }
            }
        }
    }
    if (s == NS_OK && rn.n_jobs > 0) {
        s = run_batch(&rn);
    }
cleanup:
    for (int t = 0; rn.thread_ctx != NULL && t < rn.threads; t++) {
        ns_ctx_free(rn.thread_ctx[t]);
    }
    ns_free(ctx, rn.thread_ctx);
    ns_free(ctx, rn.jobs);
    ns_free(ctx, rn.params);
    ns_free(ctx, rn.metrics);
    ns_free(ctx, done);
    return s;
}

const ns_grid_t *ns_study_grid(const ns_study_t *study)
{
    return study->grid;
}

const ns_study_model_t *ns_study_model(const ns_study_t *study)
{
    return study->model;
}

size_t ns_study_metric_count(const ns_study_t *study)
{
    return study->n_metrics;
}

const char *ns_study_metric(const ns_study_t *study, size_t i)
{
    return i < study->n_metrics ? study->metrics[i] : NULL;
}

ns_store_t *ns_study_store(ns_study_t *study)
{
    return study->store;
}

uint32_t ns_study_runs(const ns_study_t *study)
{
    return study->runs;
}

ns_status ns_study_merge(ns_ctx_t *ctx, const char *path, const char *const *shards, size_t n,
                         bool partial)
{
    ns_store_t *out = NULL;
    if (n == 0) {
        return ns_error(ctx, NS_EINVAL, "no shard to merge");
    }
    /* Open the shards first, so that a missing or foreign shard is reported before the
     * output file is made. */
    for (size_t i = 0; i < n; i++) {
        ns_store_t *shard = NULL;
        ns_status s = ns_store_open(ctx, shards[i], NS_STORE_READ, &shard);
        ns_store_close(shard);
        if (s != NS_OK) {
            return s;
        }
    }
    ns_status s = ns_store_open(ctx, path, NS_STORE_CREATE, &out);
    if (s != NS_OK) {
        return s;
    }
    s = ns_store_merge(ctx, out, shards, n, partial);
    if (s == NS_OK) {
        s = ns_store_publish(ctx, out);
    }
    ns_store_close(out);
    return s;
}
