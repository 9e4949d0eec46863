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

#include "normsim/io.h"
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

/* ---- Participation (MECHANISM.md 3.3) ------------------------------------------------ */

/* The number of GGEs the participation table counts (GGE1..GGE6, 2004-2021). */
#define NS_PARTICIPATION_GGES 6

/**
 * GGE participation counted from the member lists, beside the paper's figures (Lu and
 * Yang 2020, citing Kavanagh 2017: 6, 4, 3, 5, 4 and 18 states served in 6, 5, 4, 3, 2
 * and 1 groups; 40 states, 109 seats). The GGEs are found by id, GGE1..GGE6; one the
 * world lacks (dropped by a verified filter) is left out. One long table, the rows of
 * `normsim data participation --format csv`, one type per column: table (counts, totals,
 * seats), body (a GGE id; empty on the counts and totals rows, which run over all of
 * GGE1..GGE6 the world has), un_group (a UN regional group id), groups_served (an
 * integer), measure (states, distinct_states, seats), count, paper (integers) and
 * unverified (yes or no):
 * - "counts", groups_served k from 6 down to 1, measure "states": the states that sat
 *   in exactly k groups, the paper's count, and unverified "yes" when one of them rests
 *   on a membership row not marked verified ("no" otherwise);
 * - "totals", measures "distinct_states" and "seats" (member rows over the groups), with
 *   the paper's 40 and 109; unverified "yes" when any count does;
 * - "seats", body "GGEk", un_group the group's id (AFR, APG, EEG, GRULAC, WEOG), measure
 *   "seats": the group's member rows in that GGE; paper empty; unverified as for counts.
 *
 * @param out  out: the table; free with ns_rows_free().
 * @return NS_OK, NS_ENOMEM.
 * Complexity: O(states + bodies + GGE members).
 */
ns_status ns_participation_table(ns_ctx_t *ctx, const ns_world_t *w, ns_rows_t **out);

#ifdef __cplusplus
}
#endif
#endif
