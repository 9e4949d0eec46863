/* normsim: the study store. One SQLite file per study holds its provenance, its grid of
 * points and every replicate's results in long format.
 *
 * ---- The file (format 1) ------------------------------------------------------------
 *
 *   study(key TEXT PRIMARY KEY, value TEXT)        provenance, key -> value:
 *       format ("normsim-study 1"), model, scenario (the file's text), scenario_file,
 *       scenario_json (canonical: keys sorted, compact), seed, runs, vary (JSON array
 *       of the PARAM=SPEC arguments), params (JSON array of the model's parameters),
 *       metrics (JSON array), data_version, software_version, shard ("I/N"), created.
 *   points(point INTEGER, param TEXT, value TEXT)  the grid in long format.
 *   results(point, replicate, metric, value)       one row per replicate and metric; a
 *       NaN metric (e.g. the substance of a text that was not adopted) is stored NULL.
 *   writer(id = 1, pid, host, started)             the claim of the one writing process.
 *
 * ---- Crash safety --------------------------------------------------------------------
 *
 * The file is in WAL mode with synchronous=NORMAL: a committed transaction survives a
 * killed process (kill -9); only a power loss may undo the last commits, never corrupt
 * the file. Results are written by the caller in transactions (ns_store_begin/commit),
 * one batch of whole replicates each, so a killed run loses at most the batch in flight
 * and never keeps half a replicate.
 *
 * ---- One writer -----------------------------------------------------------------------
 *
 * A writer takes the `writer` row inside a BEGIN IMMEDIATE transaction (so two processes
 * racing for it are serialised by SQLite's own lock). A second writer finds the row and
 * is refused with a message naming the holder's pid, host and start time; a row left by
 * a process that died (same host, kill(pid, 0) says it no longer exists) is taken over.
 * Why not PRAGMA locking_mode=EXCLUSIVE: it would also shut out readers (export and
 * report of a running study, to watch it), and the refused process could only say
 * "database is locked", not who holds it. The cost: a row left by a process on another
 * host cannot be checked for liveness, so it is refused; remove it with
 * ns_store_open(..., NS_STORE_TAKEOVER) (`--takeover` on the command line).
 *
 * SQLite allocates through its own allocator, outside the context's hook.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_STORE_H
#define NORMSIM_STORE_H

#include "normsim/core.h"
#include "normsim/io.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NS_STORE_FORMAT "normsim-study 1"

typedef struct ns_store ns_store_t;

typedef enum ns_store_mode {
    NS_STORE_READ = 0, /* An existing study, read only (SQLITE_OPEN_READONLY); no claim. A
                        * study in a folder this user cannot write (a read-only mount,
                        * another user's folder) is read too: when its WAL index cannot be
                        * made there and no -wal file holds results, it is opened as
                        * immutable. */
    NS_STORE_CREATE,   /* A new study: refused if the path exists (or is a symbolic link).
                        * It is made in a temporary file beside the path
                        * (DIR/.NAME.PID-ID.tmp) and appears under its name only at
                        * ns_store_publish(); closed before that, it is removed. */
    NS_STORE_APPEND,   /* An existing study, to add results (resume); claims it. */
    NS_STORE_TAKEOVER  /* As APPEND, but removes any writer claim first (the user's call). */
} ns_store_mode_t;

/**
 * Open a study file.
 *
 * @param path  in: the file; also the name used in every message.
 * @param out   out: the store; close it with ns_store_close().
 * @return NS_OK;
 *         NS_ENOTFOUND  (READ/APPEND: no such file);
 *         NS_EINVAL     (CREATE: the file exists; READ/APPEND: an SQLite file that is not
 *                        a normsim study, or of another format version);
 *         NS_EPARSE     (not an SQLite file, or a corrupt one);
 *         NS_EIO        (cannot create or write: read-only folder, disk full; or the
 *                        study is claimed by another live writer, the message naming it).
 * CREATE removes the half-made file when it fails.
 */
ns_status ns_store_open(ns_ctx_t *ctx, const char *path, ns_store_mode_t mode, ns_store_t **out);

/**
 * Put a study opened with NS_STORE_CREATE in place, once its schema and provenance are
 * written: the temporary file is closed and linked under the study's name (never
 * replacing a file made there meanwhile), then reopened for writing (WAL mode, the
 * writer claim). A process killed before leaves nothing under the name (only its
 * temporary file); killed after, a complete study that --resume finishes.
 * A no-op for a store already in place.
 * @return NS_OK; NS_EINVAL (a file appeared under the name: not replaced, nothing
 *         kept); NS_EIO (cannot link or rename; or reopening failed, the study being in
 *         place); NS_EINTERNAL inside a transaction.
 */
ns_status ns_store_publish(ns_ctx_t *ctx, ns_store_t *store);

/* Release the writer claim (if any) and close; an unpublished new study is removed.
 * Accepts NULL. */
void ns_store_close(ns_store_t *store);

const char *ns_store_path(const ns_store_t *store);

/* Provenance. set: NS_OK or NS_EIO. get: *value is a copy to free with ns_free();
 * NS_ENOTFOUND if the key is absent. */
ns_status ns_store_set_meta(ns_ctx_t *ctx, ns_store_t *store, const char *key, const char *value);
ns_status ns_store_get_meta(ns_ctx_t *ctx, const ns_store_t *store, const char *key, char **value);

/* Record one point of the grid: n parameters with their values as text. NS_EIO. */
ns_status ns_store_add_point(ns_ctx_t *ctx, ns_store_t *store, uint32_t point, size_t n,
                             const char *const *params, const char *const *values);

/* Transactions around a batch of results. begin is BEGIN IMMEDIATE. */
ns_status ns_store_begin(ns_ctx_t *ctx, ns_store_t *store);
ns_status ns_store_commit(ns_ctx_t *ctx, ns_store_t *store);
void ns_store_rollback(ns_store_t *store);

/* One result row; a NaN value is stored NULL. Inside a transaction. NS_EIO (disk full,
 * the message naming the file), NS_EINVAL (the row exists with another value). */
ns_status ns_store_put(ns_ctx_t *ctx, ns_store_t *store, uint32_t point, uint32_t replicate,
                       const char *metric, double value);

/**
 * Which replicates of a point have results.
 * @param done  out: runs flags, done[r] = 1 when replicate r has any row.
 * @param n_done out: how many (may be NULL).
 */
ns_status ns_store_replicates_done(ns_ctx_t *ctx, const ns_store_t *store, uint32_t point,
                                   uint32_t runs, uint8_t *done, uint32_t *n_done);

/* Number of result rows and of distinct (point, replicate) pairs. */
ns_status ns_store_count(ns_ctx_t *ctx, const ns_store_t *store, uint64_t *rows,
                         uint64_t *replicates);

/**
 * Summary per point and metric: columns point, then one column per parameter (its
 * value), then metric, n, mean, sd, se, ci_low, ci_high (normal 95 % interval of the
 * mean, mean +- 1.96 se). NULL results are not counted. Rows sorted by point, metric.
 * Streams the results once (O(rows) time, O(points x metrics) memory).
 */
ns_status ns_store_summary(ns_ctx_t *ctx, const ns_store_t *store, ns_rows_t **out);

/**
 * Write a table as CSV (header row, comma, RFC 4180 quoting, no comment lines):
 *   results  point,replicate,metric,value sorted by (point, replicate, metric); values
 *            with 17 significant digits (round-trip exact); NULL as an empty field.
 *   points   point,PARAM1,PARAM2,...  one row per point.
 *   study    key,value sorted by key.
 *   summary  as ns_store_summary().
 * Equal studies export identical bytes (except `study`, which holds creation times).
 * @return NS_OK, NS_ENOTFOUND (unknown table, the message lists the tables), NS_EIO.
 */
ns_status ns_store_export(ns_ctx_t *ctx, const ns_store_t *store, const char *table, FILE *out);

/**
 * Merge shard studies into a new store created by the caller (NS_STORE_CREATE): the
 * provenance of the first shard (with shard "merged", merged_from the count,
 * merged_shards the list "0/4, 1/4" and missing_shards the shards not given: "" when
 * complete, "unknown" when an input records no shard index), every point and every
 * result. The shards are opened read-only. Refuses (NS_EINVAL) shards of different
 * studies, naming the first field that differs (model, scenario, seed, runs, vary, data
 * or software version); the same file given twice; the same shard index given twice;
 * shards of runs with different shard counts; results that disagree on a value; and,
 * unless `partial`, an incomplete set of shards (the message names the missing ones)
 * or an input without a shard index (a merged study).
 */
ns_status ns_store_merge(ns_ctx_t *ctx, ns_store_t *out, const char *const *shards, size_t n,
                         bool partial);

#ifdef __cplusplus
}
#endif
#endif
