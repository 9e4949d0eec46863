/* normsim: study reports. A folder with a self-contained index.html (figures inlined as
 * SVG, tables, the study's provenance) and, for each figure, its SVG, its PNG, its data
 * (CSV: one header row, commas, no comments, loadable by pandas and R without options)
 * and the gnuplot script that draws it from that CSV, so a researcher can restyle it.
 *
 * Figures: one per metric, the mean with its 95 % interval against the first numeric
 * parameter of the grid, one line per value of the other parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_REPORT_H
#define NORMSIM_REPORT_H

#include "normsim/core.h"
#include "normsim/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ns_report_options {
    const char *gnuplot; /* Program to run; NULL: "gnuplot" (found on PATH). */
    const char *title;   /* NULL: the study's model and scenario name. */
    /* Out, unless NULL: after NS_OK, one row per file written (file as DIR/NAME, kind:
     * page, figure, data or script; metric of a figure's files, "" for the page): the
     * page, then per metric in the summary's order its SVG and PNG when drawn, its CSV
     * and its gnuplot script. Free with ns_rows_free(); NULL after a failure. */
    ns_rows_t **files;
} ns_report_options_t;

/**
 * Write the report of a study into dir (created if missing; files in it overwritten).
 *
 * @param n_figures  out: figures drawn (may be NULL). 0 with NS_OK when gnuplot is not
 *                   found: the CSV and scripts are written and the HTML says so.
 * @return NS_OK; NS_EIO (cannot create dir or write a file, the message naming it;
 *         gnuplot failed on a script); NS_EINVAL (a study without results); NS_ENOMEM.
 */
ns_status ns_report_write(ns_ctx_t *ctx, const ns_store_t *store, const char *dir,
                          const ns_report_options_t *opt, size_t *n_figures);

#ifdef __cplusplus
}
#endif
#endif
