/* Internals of the data loader: a validating reader for one CSV file of the dataset and
 * the loaders of each group of files. Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_DATA_LOADER_H
#define NS_DATA_LOADER_H

#include "normsim/data.h"
#include "normsim/io.h"

/* One open data file whose header has been checked against the expected columns. */
typedef struct ns__table {
    ns_csv_t *csv;
    const char *const *cols;
    size_t ncols;
    size_t rows;       /* Records read after the header. */
    bool may_be_empty; /* A table that may hold only its header (the record's). */
} ns__table_t;

/* Open `name` from opts->dir (or the embedded copy) and check that its header is exactly
 * `cols`. NS_EPARSE on a wrong header (the message names the expected column and lists
 * the whole expected header), NS_ENOTFOUND / NS_EIO for a missing file. */
ns_status ns__table_open(ns_ctx_t *ctx, const ns_data_options_t *opts, const char *name,
                         const char *const *cols, size_t ncols, ns__table_t *t);
void ns__table_close(ns__table_t *t);
/* NS_CONTINUE with a record of exactly ncols fields, NS_DONE, or an error; NS_EINVAL
 * naming the file when it ends with no record after its header, unless may_be_empty
 * (every table of the dataset but the record's is required: an empty one would replay
 * with every position 0; an empty record is the model without it, docs/RECORD.md). */
ns_status ns__table_next(ns__table_t *t);
/* Field i of the current record. */
const char *ns__text(const ns__table_t *t, size_t i);
int ns__line(const ns__table_t *t);

/* Field parsers: each reports an error at the field ("FILE:LINE:COL: column: reason"). */
ns_status ns__need(ns__table_t *t, size_t i); /* NS_EINVAL if empty. */
ns_status ns__state(ns__table_t *t, const ns_world_t *w, size_t i, size_t *state);
ns_status ns__choice(ns__table_t *t, size_t i, const char *const *choices, size_t n, bool required,
                     int *k); /* *k = -1 when empty and optional. */
ns_status ns__verified(ns__table_t *t, size_t i, ns_verified_t *v);
ns_status ns__year(ns__table_t *t, size_t i, bool required, int *year); /* 0 when empty. */
/* ISO 8601 "YYYY", "YYYY-MM" or "YYYY-MM-DD"; *year is 0 when empty and optional. */
ns_status ns__date(ns__table_t *t, size_t i, bool required, int *year);
ns_status ns__int(ns__table_t *t, size_t i, bool required, long min, long max, long dflt, int *out);
ns_status ns__error(ns__table_t *t, ns_status st, size_t i, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Whether a row with this verified value passes the filter. */
bool ns__keep(ns_verified_filter_t filter, ns_verified_t v);

/* The scenario's dimensions and the organisations' full names (tables.c). */
size_t ns__data_dimensions(const ns_dimension_t **dims);
const char *ns__data_org_name(const char *id); /* NULL if unknown. */

/* Loaders, in the order ns_data_load calls them. */
ns_status ns__load_states(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);
ns_status ns__load_memberships(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);
ns_status ns__load_gdp(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);
ns_status ns__load_gci(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);
ns_status ns__load_bodies(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);
ns_status ns__load_resolutions(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);
ns_status ns__load_texts(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);
ns_status ns__load_estimates(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);
ns_status ns__load_record(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);
ns_status ns__load_sponsors(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w);

/* Loading from files held in memory (the fuzz targets of fuzz/ and the fault-injection
 * tests): ns__data_load_mem() passes the loaders a source whose opts.dir is the address
 * ns__data_mem_dir, and ns__table_open() then takes each file from `files` when it is
 * there and from the built-in data otherwise. A marker address rather than a new field,
 * because ns_data_options_t is public and every loader already takes it. */
extern const char ns__data_mem_dir[];
typedef struct ns__data_source {
    ns_data_options_t opts; /* First member: loaders see &src->opts. */
    const ns_data_file_t *files;
    size_t n_files;
} ns__data_source_t;

/* As ns_data_load() with the built-in files replaced by those of `files` that have the
 * same name (the data version is then "memory"). */
ns_status ns__data_load_mem(ns_ctx_t *ctx, ns_verified_filter_t filter, const ns_data_file_t *files,
                            size_t n_files, ns_world_t **out);

#define NS__NCOLS(a) (sizeof(a) / sizeof((a)[0]))

#endif
