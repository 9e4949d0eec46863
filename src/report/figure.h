/* Figures of reports (figure.c). Internal to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_REPORT_FIGURE_H
#define NS_REPORT_FIGURE_H

#include "core/internal.h"

#include <stdio.h>

typedef struct ns__figure_point {
    size_t series;
    double x;
    double mean, lo, hi; /* NaN: not defined (no value, or one value for lo/hi). */
    uint64_t count;
} ns__figure_point_t;

typedef struct ns__figure {
    const char *name; /* File stem: NAME.csv, NAME.gp, NAME.svg, NAME.png. */
    const char *title;
    const char *xlabel;
    const char *ylabel;
    bool categorical_x; /* x is a point number, not a parameter value. */
    size_t n_series;
    const char *const *series; /* Labels, e.g. "membership=open". */
    size_t n;
    const ns__figure_point_t *points;
} ns__figure_t;

/* Write NAME.csv and NAME.gp into dir. NS_EIO naming the file. */
ns_status ns__figure_write(ns_ctx_t *ctx, const char *dir, const ns__figure_t *fig);

/* Run gnuplot on dir/NAME.gp (which writes NAME.svg and NAME.png). *drawn is false
 * with NS_OK when the program is not found; NS_EIO when it fails on the script. */
ns_status ns__figure_draw(ns_ctx_t *ctx, const char *dir, const char *name, const char *gnuplot,
                          bool *drawn);

/* Open dir/NAME EXT for writing (path receives the file name for messages) and close
 * it, checking for write errors: for figures whose CSV and script are written by their
 * own module (diffusion_plot.c, run_report.c). NS_EINVAL (path too long), NS_EIO. */
ns_status ns__figure_open(ns_ctx_t *ctx, const char *dir, const char *name, const char *ext,
                          FILE **out, char *path, size_t size);
ns_status ns__figure_close(ns_ctx_t *ctx, FILE *f, const char *path);

/* Write text as a double-quoted gnuplot string (quote and backslash escaped). */
void ns__figure_gp_string(FILE *f, const char *text);

/* Write text into an HTML page with <, >, & and " escaped (html.c). */
void ns__html_text(FILE *f, const char *text);

/* Copy the SVG file dir/NAME.svg into an HTML page from its <svg element on (the XML
 * prolog and doctype are not allowed inside HTML). false when it cannot be read. */
bool ns__figure_inline_svg(FILE *html, const char *dir, const char *name);

#endif
