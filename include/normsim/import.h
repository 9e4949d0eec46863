/* normsim: importers of actor tables written for other forecasting tools.
 *
 * Each importer reads one foreign format into an ns_table_t (normsim/table.h), which
 * ns_table_write_csv() then writes as normsim's long CSV. Three formats:
 *
 *   decide  Decide's data files: rows tagged #A (actors: id, name), #P (issues: id,
 *           name), #M (issue, position, meaning: the labelled points of an issue's scale)
 *           and #D (actor, issue, position, salience, power); #/ and #O comments; fields
 *           separated by tabs (or semicolons, or commas), optionally quoted with ' or ",
 *           decimal commas allowed. See src/input/import.c for the details.
 *   ktab    KTAB's actor CSV: a scenario row (name, description, actors, dimensions;
 *           optional for normsim), then the header `Actor,Description,Power,pos1,sal1,
 *           pos2,sal2,...` and one row per actor; cells padded with spaces are trimmed;
 *           saliences are percentages (0..100). Also KTAB's XML scenario (<Scenario>
 *           with <Dimensions> and <Actors>), recognised by its first character '<'.
 *   Any format: a spreadsheet workbook (.xlsx, .xls) is refused with NS_EPARSE and a
 *   message that says to save it as CSV.
 *   wide    one row per issue: `issue`, then `p<actor>` (position) and `s<actor>`
 *           (salience in [0,1]) for each actor, optional `c<actor>` (capability,
 *           default 1), `status_quo`, `outcome`, `scale_min`, `scale_max`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_IMPORT_H
#define NORMSIM_IMPORT_H

#include "normsim/core.h"
#include "normsim/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ns_import_format {
    NS_IMPORT_DECIDE = 0,
    NS_IMPORT_KTAB,
    NS_IMPORT_WIDE
} ns_import_format_t;

/* "decide", "ktab" or "wide"; NS_EINVAL (message lists them) otherwise. */
ns_status ns_import_format_parse(ns_ctx_t *ctx, const char *name, ns_import_format_t *out);

/**
 * Read a foreign actor table.
 *
 * @param name   in: the file name used in error messages.
 * @param text   in: borrowed; need not be NUL-terminated.
 * @param out    out: the table; free it with ns_table_free().
 * @return NS_OK; NS_EPARSE (malformed line or header), NS_EINVAL (unknown actor or
 *         issue, duplicate, missing field), NS_ERANGE (salience or capability out of
 *         range), each naming file:line:col and the field; NS_ELIMIT (too many actors);
 *         NS_ENOMEM.
 * Complexity: O(size + cells); names are looked up linearly per row (O(rows x actors)
 * for decide), which is fine for the few hundred actors these tools handle.
 */
ns_status ns_import_mem(ns_ctx_t *ctx, ns_import_format_t fmt, const char *name, const char *text,
                        size_t size, ns_table_t **out);

/* As ns_import_mem on a file's bytes. NS_ENOTFOUND / NS_EIO when it cannot be read,
 * NS_ELIMIT over 1 GiB. */
ns_status ns_import_file(ns_ctx_t *ctx, ns_import_format_t fmt, const char *path, ns_table_t **out);

#ifdef __cplusplus
}
#endif
#endif
