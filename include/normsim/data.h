/* normsim: the built-in UN dataset and its loaders.
 *
 * The CSV files of data/ are embedded in the library at build time, so the program
 * finds its data wherever it is run from; a directory of CSV files with the same names
 * can be loaded instead (the command line's --data DIR). Every file is validated: a
 * broken row is an error naming file:line:column and the field, never skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_DATA_H
#define NORMSIM_DATA_H

#include "normsim/world.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the built-in data ("un-YYYY.MM.N"), stored with every result. */
const char *ns_data_version(void);

/* The embedded files: name ("states.csv") and bytes. n: out, how many. */
typedef struct ns_data_file {
    const char *name;
    const char *bytes;
    size_t size;
} ns_data_file_t;
const ns_data_file_t *ns_data_builtin_files(size_t *n);
/* One embedded file by name, or NULL. */
const ns_data_file_t *ns_data_builtin_file(const char *name);

/* Which rows to take. */
typedef enum ns_verified_filter {
    NS_FILTER_ALL = 0, /* Every row, however sourced. */
    NS_FILTER_PARTLY,  /* Rows marked yes or partly (or with no verified column). */
    NS_FILTER_VERIFIED /* Rows marked yes (or with no verified column). */
} ns_verified_filter_t;

typedef struct ns_data_options {
    const char *dir; /* NULL: the built-in data; else a directory of CSVs. */
    ns_verified_filter_t filter;
} ns_data_options_t;

/**
 * Load the UN world: the 193 states, organisations and memberships, GDP and the cyber
 * index, the scenario's nine dimensions, the GGEs, OEWGs and the Global Mechanism with
 * their members, resolutions and roll-call votes, the 2015 norms, ideal points,
 * national positions and adoption events.
 *
 * @param ctx   in/out: the error names file:line:column and the field.
 * @param opts  in: NULL for the built-in data, all rows.
 * @param out   out: the world; free with ns_world_free().
 * @return NS_OK, NS_EPARSE / NS_EINVAL / NS_ERANGE (bad row), NS_EIO / NS_ENOTFOUND
 *         (file missing or unreadable in opts->dir), NS_ENOMEM.
 */
ns_status ns_data_load(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t **out);

#ifdef __cplusplus
}
#endif
#endif
