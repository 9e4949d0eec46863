/* The report of a study: a self-contained index.html (figures inlined as SVG, the
 * summary table, the provenance) beside each figure's SVG, PNG, CSV and gnuplot script.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/figure.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Provenance shown at the top of the report, in this order. */
static const char *const shown_keys[] = {
    "model",       "model_cite",   "scenario_file",    "seed",    "runs", "vary", "shard",
    "merged_from", "data_version", "software_version", "created",
};

void ns__html_text(FILE *f, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        switch (*p) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*p, f);
        }
    }
}

static bool is_number(const char *s, double *out)
{
    char *end = NULL;
    if (s == NULL || *s == '\0') {
        return false;
    }
    double v = strtod(s, &end);
    if (*end != '\0' || !isfinite(v)) {
        return false;
    }
    *out = v;
    return true;
}

/* Index of text in a list, appending it when new. */
static ns_status intern(ns_ctx_t *ctx, char ***list, size_t *n, size_t *cap, const char *text,
                        size_t *index)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*list)[i], text) == 0) {
            *index = i;
            return NS_OK;
        }
    }
    ns_status s = ns_grow(ctx, (void **)list, cap, *n + 1, sizeof **list);
    if (s != NS_OK) {
        return s;
    }
    if (((*list)[*n] = ns_strdup(ctx, text)) == NULL) {
        return NS_ENOMEM;
    }
    *index = (*n)++;
    return NS_OK;
}

static void free_list(ns_ctx_t *ctx, char **list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ns_free(ctx, list[i]);
    }
    ns_free(ctx, list);
}

/* A file stem from a metric name: letters, digits, '-' and '_' only. */
static void figure_name(const char *metric, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "fig-");
    for (const char *p = metric; *p != '\0' && used + 1 < size; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        buf[used++] = ok ? c : '_';
    }
    buf[used] = '\0';
}

/* The rows of ns_report_options_t.files: the page, then each metric's files. */
static ns_status file_rows(ns_ctx_t *ctx, const char *dir, char **metrics, size_t n_metrics,
                           const bool *drawn, ns_rows_t **out)
{
    static const char *const cols[] = {"file", "kind", "metric"};
    static const struct {
        const char *ext, *kind;
        bool drawn_only;
    } per_metric[] = {{".svg", "figure", true},
                      {".png", "figure", true},
                      {".csv", "data", false},
                      {".gp", "script", false}};
    ns_status s = ns_rows_new(ctx, cols, 3, out);
    if (s == NS_OK && (s = ns_rows_add(*out)) == NS_OK &&
        (s = ns_rows_setf(*out, 0, "%s/index.html", dir)) == NS_OK) {
        s = ns_rows_set(*out, 1, "page");
    }
    for (size_t m = 0; s == NS_OK && m < n_metrics; m++) {
        char name[256];
        figure_name(metrics[m], name, sizeof name);
        for (size_t f = 0; s == NS_OK && f < sizeof per_metric / sizeof per_metric[0]; f++) {
            if (per_metric[f].drawn_only && !drawn[m]) {
                continue;
            }
            if ((s = ns_rows_add(*out)) == NS_OK &&
                (s = ns_rows_setf(*out, 0, "%s/%s%s", dir, name, per_metric[f].ext)) == NS_OK &&
                (s = ns_rows_set(*out, 1, per_metric[f].kind)) == NS_OK) {
                s = ns_rows_set(*out, 2, metrics[m]);
            }
        }
    }
    if (s != NS_OK) {
        ns_rows_free(*out);
        *out = NULL;
    }
    return s;
}

static ns_status write_page(ns_ctx_t *ctx, const ns_store_t *store, const char *dir,
                            const ns_rows_t *rows, size_t n_params, char **metrics,
                            size_t n_metrics, const bool *drawn, const bool *empty,
                            const char *title, const char *note)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/index.html", dir) >= sizeof path) {
        return ns_error(ctx, NS_EINVAL, "%s: path too long", dir);
    }
    FILE *f = NULL;
    ns_status opened = ns_file_open_write(ctx, path, &f); /* Never through a link. */
    if (opened != NS_OK) {
        return opened;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    ns__html_text(f, title);
    fputs("</title>\n<style>\n"
          "body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;"
          "color:#222;background:#fff}\n"
          "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em}\n"
          "table{border-collapse:collapse;font-size:.9em}"
          "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
          "th{background:#f2f2f2}\n"
          "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
          "figure{margin:1em 0}figure svg{max-width:100%;height:auto}\n"
          "figcaption{font-size:.9em;color:#555}pre{background:#f7f7f7;padding:1em;"
          "overflow:auto}\n.note{background:#fff4d6;padding:.6em 1em}\n"
          "</style>\n</head>\n<body>\n<h1>",
          f);
    ns__html_text(f, title);
    fputs("</h1>\n", f);
    if (note != NULL) {
        fputs("<p class=\"note\">", f);
        ns__html_text(f, note);
        fputs("</p>\n", f);
    }
    fputs("<h2>Study</h2>\n<table>\n", f);
    ns_status s = NS_OK;
    for (size_t i = 0; s == NS_OK && i < NS_ARRAY_LEN(shown_keys); i++) {
        char *value = NULL;
        s = ns_store_get_meta(ctx, store, shown_keys[i], &value);
        if (s == NS_ENOTFOUND) {
            ns_ctx_clear_error(ctx);
            s = NS_OK;
            continue;
        }
        if (s == NS_OK) {
            fputs("<tr><th>", f);
            ns__html_text(f, shown_keys[i]);
            fputs("</th><td>", f);
            ns__html_text(f, value);
            fputs("</td></tr>\n", f);
        }
        ns_free(ctx, value);
    }
    fputs("</table>\n<h2>Figures</h2>\n", f);
    for (size_t m = 0; m < n_metrics; m++) {
        char name[256];
        figure_name(metrics[m], name, sizeof name);
        fputs("<figure>\n", f);
        if (drawn[m]) {
            (void)ns__figure_inline_svg(f, dir, name);
        }
        fprintf(f, "<figcaption>");
        ns__html_text(f, metrics[m]);
        if (empty[m]) {
            /* A metric no replicate defined (a year a diffusion never reached): no
             * figure, and no file but its empty data. */
            fprintf(f,
                    ": not defined in any replicate, so not drawn. Files: <a "
                    "href=\"%s.csv\">data (CSV)</a>.</figcaption>\n</figure>\n",
                    name);
            continue;
        }
        fprintf(f,
                ": mean and 95 %% interval. Files: <a href=\"%s.svg\">SVG</a>, "
                "<a href=\"%s.png\">PNG</a>, <a href=\"%s.csv\">data (CSV)</a>, "
                "<a href=\"%s.gp\">gnuplot script</a>.</figcaption>\n</figure>\n",
                name, name, name, name);
    }
    fputs("<h2>Summary</h2>\n<table>\n<tr>", f);
    size_t ncols = ns_rows_ncols(rows);
    for (size_t c = 0; c < ncols; c++) {
        fputs("<th>", f);
        ns__html_text(f, ns_rows_column(rows, c));
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (size_t r = 0; r < ns_rows_count(rows); r++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < ncols; c++) {
            double v;
            bool num = c == 0 || c > n_params + 1 ? is_number(ns_rows_cell(rows, r, c), &v) : false;
            fputs(num ? "<td class=\"num\">" : "<td>", f);
            ns__html_text(f, ns_rows_cell(rows, r, c));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    char *scenario = NULL;
    if (s == NS_OK && ns_store_get_meta(ctx, store, "scenario", &scenario) == NS_OK) {
        fputs("<h2>Scenario</h2>\n<pre>", f);
        ns__html_text(f, scenario);
        fputs("</pre>\n", f);
    }
    ns_ctx_clear_error(ctx);
    ns_free(ctx, scenario);
    fputs("</body>\n</html>\n", f);
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad) {
        s = ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "writing failed (%s)", strerror(errno));
    }
    return s;
}

ns_status ns_report_write(ns_ctx_t *ctx, const ns_store_t *store, const char *dir,
                          const ns_report_options_t *opt, size_t *n_figures)
{
    ns_rows_t *rows = NULL;
    char **metrics = NULL, **series = NULL;
    size_t n_metrics = 0, cap_metrics = 0, n_series = 0, cap_series = 0;
    ns__figure_point_t *points = NULL;
    size_t *point_metric = NULL;
    bool *drawn = NULL;
    char *model = NULL;
    size_t figures = 0, undefined = 0; /* Drawn; not defined in any replicate. */
    const char *gnuplot = opt != NULL && opt->gnuplot != NULL ? opt->gnuplot : "gnuplot";
    if (n_figures != NULL) {
        *n_figures = 0;
    }
    if (opt != NULL && opt->files != NULL) {
        *opt->files = NULL;
    }
    ns_status s = ns_store_summary(ctx, store, &rows);
    if (s != NS_OK) {
        goto cleanup;
    }
    size_t n_rows = ns_rows_count(rows);
    if (n_rows == 0) {
        s = ns_error_at(ctx, NS_EINVAL, ns_store_path(store), 0, 0, NULL,
                        "no results yet: nothing to report");
        goto cleanup;
    }
    s = ns_file_output_dir(ctx, dir); /* Created if missing; a symbolic link is refused. */
    if (s != NS_OK) {
        goto cleanup;
    }
    /* Columns: point, the parameters, then metric, n, mean, sd, se, ci_low, ci_high. */
    size_t n_params = ns_rows_ncols(rows) - 8;
    size_t col_metric = 1 + n_params, col_n = col_metric + 1, col_mean = col_metric + 2,
           col_lo = col_metric + 5, col_hi = col_metric + 6;
    /* The x axis: the first parameter whose values are all numbers. */
    size_t xcol = 0;
    for (size_t c = 1; c <= n_params && xcol == 0; c++) {
        bool numeric = true;
        double v;
        for (size_t r = 0; r < n_rows && numeric; r++) {
            numeric = is_number(ns_rows_cell(rows, r, c), &v);
        }
        if (numeric) {
            xcol = c;
        }
    }
    points = ns_calloc(ctx, n_rows, sizeof *points);
    point_metric = ns_calloc(ctx, n_rows, sizeof *point_metric);
    if (points == NULL || point_metric == NULL) {
        s = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t r = 0; s == NS_OK && r < n_rows; r++) {
        /* The series: every parameter but x, as "name=value, ...". */
        char label[1024];
        size_t used = 0;
        label[0] = '\0';
        for (size_t c = 1; c <= n_params && used < sizeof label; c++) {
            if (c == xcol) {
                continue;
            }
            int k = snprintf(label + used, sizeof label - used, "%s%s=%s", used > 0 ? ", " : "",
                             ns_rows_column(rows, c), ns_rows_cell(rows, r, c));
            used += k > 0 ? (size_t)k : 0;
        }
        if (label[0] == '\0') {
            snprintf(label, sizeof label, "all");
        }
        s = intern(ctx, &series, &n_series, &cap_series, label, &points[r].series);
        if (s == NS_OK) {
            s = intern(ctx, &metrics, &n_metrics, &cap_metrics, ns_rows_cell(rows, r, col_metric),
                       &point_metric[r]);
        }
        double v;
        points[r].x = xcol > 0 ? strtod(ns_rows_cell(rows, r, xcol), NULL)
                               : strtod(ns_rows_cell(rows, r, 0), NULL);
        points[r].mean = is_number(ns_rows_cell(rows, r, col_mean), &v) ? v : NAN;
        points[r].lo = is_number(ns_rows_cell(rows, r, col_lo), &v) ? v : NAN;
        points[r].hi = is_number(ns_rows_cell(rows, r, col_hi), &v) ? v : NAN;
        points[r].count = strtoull(ns_rows_cell(rows, r, col_n), NULL, 10);
    }
    if (s != NS_OK) {
        goto cleanup;
    }
    drawn = ns_calloc(ctx, 2 * (n_metrics + 1), sizeof *drawn);
    bool *empty = drawn + n_metrics + 1;
    ns__figure_point_t *subset = ns_calloc(ctx, n_rows, sizeof *subset);
    if (drawn == NULL || subset == NULL) {
        ns_free(ctx, subset);
        s = NS_ENOMEM;
        goto cleanup;
    }
    const char *xlabel = xcol > 0 ? ns_rows_column(rows, xcol) : "point";
    for (size_t m = 0; s == NS_OK && m < n_metrics; m++) {
        size_t n = 0;
        empty[m] = true;
        for (size_t r = 0; r < n_rows; r++) {
            if (point_metric[r] == m) {
                empty[m] = empty[m] && points[r].count == 0;
                subset[n++] = points[r];
            }
        }
        char name[256], title[512], ylabel[512];
        figure_name(metrics[m], name, sizeof name);
        snprintf(title, sizeof title, "%s by %s", metrics[m], xlabel);
        snprintf(ylabel, sizeof ylabel, "%s (mean, 95%% interval)", metrics[m]);
        ns__figure_t fig = {
            name, title, xlabel, ylabel, xcol == 0, n_series, (const char *const *)series,
            n,    subset};
        s = ns__figure_write(ctx, dir, &fig);
        if (s == NS_OK && !empty[m]) {
            s = ns__figure_draw(ctx, dir, name, gnuplot, &drawn[m]);
        }
        figures += drawn[m];
        undefined += empty[m];
    }
    ns_free(ctx, subset);
    if (s != NS_OK) {
        goto cleanup;
    }
    char title[512];
    if (opt != NULL && opt->title != NULL) {
        snprintf(title, sizeof title, "%s", opt->title);
    } else {
        char *file = NULL;
        if (ns_store_get_meta(ctx, store, "model", &model) != NS_OK) {
            ns_ctx_clear_error(ctx);
        }
        if (ns_store_get_meta(ctx, store, "scenario_file", &file) != NS_OK) {
            ns_ctx_clear_error(ctx);
        }
        snprintf(title, sizeof title, "normsim study: %s on %s", model != NULL ? model : "?",
                 file != NULL && file[0] != '\0' ? file : "?");
        ns_free(ctx, file);
    }
    s = write_page(ctx, store, dir, rows, n_params, metrics, n_metrics, drawn,
                   drawn + n_metrics + 1, title,
                   figures + undefined < n_metrics
                       ? "Some figures were not drawn: gnuplot was not found. Their data (CSV) "
                         "and scripts are in this folder; install gnuplot and run each script."
                       : NULL);
    if (s == NS_OK && opt != NULL && opt->files != NULL) {
        s = file_rows(ctx, dir, metrics, n_metrics, drawn, opt->files);
    }
    if (s == NS_OK && n_figures != NULL) {
        *n_figures = figures;
    }
cleanup:
    ns_free(ctx, model);
    ns_free(ctx, drawn);
    ns_free(ctx, points);
    ns_free(ctx, point_metric);
    free_list(ctx, metrics, n_metrics);
    free_list(ctx, series, n_series);
    ns_rows_free(rows);
    return s;
}
