/* normsim: studies. Monte Carlo replicates over a grid of parameter points, run on all
 * cores and across processes (shards), streamed into a store (store.h).
 *
 * A study is (scenario, replicate model, seed, runs, vary specs). Replicate r of point p
 * draws its random numbers from ns_rng_init(seed, p, r, ...) and nothing else, so its
 * result never depends on the thread, the process, the shard or what ran before: 1 or
 * 2 threads, one process or shards merged, a run or a killed run resumed all give the
 * same rows, and the sorted export gives the same bytes.
 *
 * The runner does not know the model: a replicate model (ns_study_model_t) declares its
 * parameters and metrics and computes one replicate. The grid is the Cartesian product
 * of the --vary specs (the last one varies fastest); points are numbered from 0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_STUDY_H
#define NORMSIM_STUDY_H

#include "normsim/core.h"
#include "normsim/data.h"
#include "normsim/store.h"
#include "normsim/table.h"
#include "normsim/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits, refused with NS_ELIMIT before any work. */
#define NS_STUDY_MAX_POINTS  1000000u
#define NS_STUDY_MAX_RUNS    100000000u
#define NS_STUDY_MAX_PARAMS  64u
#define NS_STUDY_MAX_METRICS 64u
#define NS_STUDY_MAX_THREADS 1024

/* ---- The grid ------------------------------------------------------------------------ */

typedef struct ns_grid ns_grid_t;

ns_status ns_grid_new(ns_ctx_t *ctx, ns_grid_t **out);
void ns_grid_free(ns_grid_t *grid);

/**
 * Add one dimension of the grid from "PARAM=SPEC", SPEC a list `a,b,c` (numbers or
 * words) or a range `from:to:step` (numbers, step > 0, to >= from; values from + i*step
 * up to to, with a tolerance of 1e-9 steps for rounding).
 * @return NS_OK; NS_EINVAL (malformed; the message quotes the spec and says why, or
 *         PARAM given twice); NS_ELIMIT (more than NS_STUDY_MAX_POINTS points).
 */
ns_status ns_grid_add(ns_ctx_t *ctx, ns_grid_t *grid, const char *spec);

size_t ns_grid_nparams(const ns_grid_t *grid);
const char *ns_grid_param(const ns_grid_t *grid, size_t i);
const char *ns_grid_spec(const ns_grid_t *grid, size_t i); /* As given to ns_grid_add. */
uint32_t ns_grid_npoints(const ns_grid_t *grid);           /* 1 when no dimension. */
/* Value of parameter i at a point: as text, and as a number (NaN for a word). */
const char *ns_grid_label(const ns_grid_t *grid, uint32_t point, size_t i);
double ns_grid_value(const ns_grid_t *grid, uint32_t point, size_t i);

/* ---- Replicate models ------------------------------------------------------------------ */

/**
 * Compute one replicate. Called concurrently from several threads with the same
 * `state`, which it must only read.
 *
 * @param state     in: from the model's setup.
 * @param params    in: the model's parameters at this point (n_params values, in the
 *                  model's order; defaults where the grid does not vary them).
 * @param seed      in: the study's seed; draw with ns_rng_init(&rng, seed, point,
 *                  replicate, k) for the k-th stream the replicate needs.
 * @param metrics   out: n_metrics values (NaN: not defined for this replicate).
 * @param ctx       in/out: a context owned by the calling thread, for errors and
 *                  allocation.
 */
typedef ns_status (*ns_replicate_cb)(const void *state, const double *params, uint64_t seed,
                                     uint32_t point, uint32_t replicate, double *metrics,
                                     ns_ctx_t *ctx);

typedef struct ns_study_model {
    const char *name;    /* --model NAME */
    const char *summary; /* One line for `normsim sweep --help`. */
    const char *cite;    /* What it implements. */
    size_t n_params;
    const char *const *params; /* Names that --vary accepts. */
    const double *defaults;
    const char *const *param_help; /* One line per parameter. */
    size_t n_metrics;
    const char *const *metrics;
    /* Turn a parameter's text into its number; NULL: numbers only. Words such as
     * `rotation` are categorical parameters. NS_EINVAL with a message. */
    ns_status (*parse)(size_t param, const char *text, double *value, ns_ctx_t *ctx);
    /* Prepare the shared read-only state from the scenario's world (NULL when the model
     * does not need one: needs_world false). Optional. */
    bool needs_world;
    ns_status (*setup)(ns_ctx_t *ctx, const ns_world_t *world, void **state);
    void (*teardown)(ns_ctx_t *ctx, void *state);
    ns_replicate_cb replicate;
    /* Optional, for models of an actor table (the study's --table; NS_EINVAL without
     * one): called instead of setup, with the world when needs_world (else NULL) and the
     * table, borrowed until teardown. */
    bool needs_table;
    ns_status (*setup_table)(ns_ctx_t *ctx, const ns_world_t *world, const ns_table_t *table,
                             void **state);
    /* Optional: metrics that depend on the inputs (one per issue of the table), called
     * after setup: *names (borrowed from state until teardown) replace `metrics`, *n at
     * most NS_STUDY_MAX_METRICS (NS_ELIMIT otherwise). NULL: the static list. */
    ns_status (*metric_names)(const void *state, const char *const **names, size_t *n,
                              ns_ctx_t *ctx);
} ns_study_model_t;

/* The built-in replicate models, and lookup by name (NULL if unknown). */
size_t ns_study_model_count(void);
const ns_study_model_t *ns_study_model_get(size_t i);
const ns_study_model_t *ns_study_model_find(const char *name);

/* ---- Progress -------------------------------------------------------------------------- */

typedef struct ns_progress {
    uint64_t done;  /* Replicates finished in this run (resumed ones not counted). */
    uint64_t total; /* Replicates this run has to do. */
    double elapsed; /* Seconds since the run started. */
    double rate;    /* Replicates per second so far. */
    double eta;     /* Seconds left at that rate (NaN before the first batch). */
} ns_progress_t;

/* Called after each committed batch, from the thread that called ns_study_run. */
typedef void (*ns_progress_cb)(const ns_progress_t *progress, void *user);

/**
 * Format a progress line into buf (always NUL-terminated, truncated to size): with
 * bar_width > 0 "[####......]   42.0%  1234/2938  5120/s  eta 0:03", without a bar
 * " 42.0%  1234/2938  5120/s  eta 0:03" ("eta --:--" while unknown). Returns buf.
 */
char *ns_progress_format(const ns_progress_t *progress, int bar_width, char *buf, size_t size);

/* ---- Studies ---------------------------------------------------------------------------- */

typedef struct ns_study_spec {
    const char *scenario_file; /* As the user named it (provenance, messages). */
    const char *scenario_text; /* The scenario's YAML text (NUL-terminated). */
    const char *model;         /* A replicate model's name. */
    uint64_t seed;
    uint32_t runs;           /* Replicates per point, >= 1. */
    const char *const *vary; /* "PARAM=SPEC" strings. */
    size_t n_vary;
    uint32_t shard_index;          /* This process runs replicates g with */
    uint32_t shard_count;          /* g mod shard_count == shard_index (count 0 = 1). */
    const ns_data_options_t *data; /* Where the world's data come from (NULL: built-in). */
    const char *table_file;        /* An actor table for the models that need one (as */
    const char *table_text;        /* named, and its CSV text), recorded; NULL: none. */
} ns_study_spec_t;

typedef struct ns_study ns_study_t;

/**
 * Create a study file (refused if it exists) and record its provenance and grid.
 * @return NS_OK; NS_ENOTFOUND (unknown model, the message lists them);
 *         NS_EINVAL (a vary spec or parameter the model does not have, runs 0, bad
 *         shard); NS_EPARSE (the scenario); NS_ELIMIT; the statuses of ns_store_open.
 */
ns_status ns_study_create(ns_ctx_t *ctx, const char *path, const ns_study_spec_t *spec,
                          ns_study_t **out);

/**
 * Reopen a study to finish it: the spec is read back from the file.
 * @param data       in: the data options (NULL: built-in); the data version must match
 *                   the one recorded (NS_EINVAL otherwise).
 * @param takeover   in: remove a writer claim left by a process on another host.
 */
ns_status ns_study_resume(ns_ctx_t *ctx, const char *path, const ns_data_options_t *data,
                          bool takeover, ns_study_t **out);

void ns_study_free(ns_study_t *study);

typedef struct ns_study_run_options {
    int threads;    /* OpenMP threads; 0: OpenMP's default. Ignored without OpenMP. */
    uint32_t batch; /* Replicates per transaction; 0: 256. */
    ns_progress_cb progress;
    void *progress_user;
    /* Stop (cleanly, between batches) after this many batches; 0: no limit. For tests
     * of resume. */
    uint64_t max_batches;
} ns_study_run_options_t;

/**
 * Run every missing replicate of this shard. Results are committed in batches, in
 * (point, replicate) order.
 * @return NS_OK; the replicate model's error; NS_EIO (the store: disk full etc.).
 * Memory: O(batch x metrics + runs), independent of the number of replicates stored.
 */
ns_status ns_study_run(ns_study_t *study, const ns_study_run_options_t *opt);

const ns_grid_t *ns_study_grid(const ns_study_t *study);
const ns_study_model_t *ns_study_model(const ns_study_t *study);
/* The metrics this study stores (the model's, or those its inputs gave it). */
size_t ns_study_metric_count(const ns_study_t *study);
const char *ns_study_metric(const ns_study_t *study, size_t i);
ns_store_t *ns_study_store(ns_study_t *study);
uint32_t ns_study_runs(const ns_study_t *study);
/* Replicates of this shard still missing (after a run: 0 unless it stopped early). */
ns_status ns_study_missing(ns_study_t *study, uint64_t *missing);

/* Merge shard files into a new file `path` (see ns_store_merge; `partial` accepts an
 * incomplete set). The file appears only once complete: a failed or killed merge leaves
 * nothing under `path`. */
ns_status ns_study_merge(ns_ctx_t *ctx, const char *path, const char *const *shards, size_t n,
                         bool partial);

/**
 * The canonical JSON of a YAML text: mappings as objects with sorted keys, plain
 * scalars that read as numbers, true/false or null as such, everything else as
 * strings; compact. Two scenario files that differ only in layout, comments or key
 * order give the same text. *out is freed with ns_free().
 * @return NS_OK, NS_EPARSE (the message names file:line:col), NS_ENOMEM.
 */
ns_status ns_study_canonical_json(ns_ctx_t *ctx, const char *name, const char *yaml, char **out);

#ifdef __cplusplus
}
#endif
#endif
