/* Figures of the diffusion model (normsim/diffusion.h): the adoption curve of each
 * life-cycle stage with its 90 % band and the median tipping year (Finnemore and
 * Sikkink 1998; docs/DIFFUSION.md), a heatmap of implementation by UN regional group
 * and year, and the calibration figure (observed against predicted cumulative
 * adopters, held-out years shaded). Each figure is NAME.csv (the plotted numbers, one
 * header row), NAME.gp (the same numbers in datablocks, never inline '-' data) and
 * NAME.svg / NAME.png drawn by gnuplot (report/figure.h runs it).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/diffusion.h"
#include "report/figure.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { N_GROUPS = NS_GROUP_COUNT - 1, N_VALUES = 9 }; /* 3 stages x mean, lo, hi. */

static const char *const stage_name[3] = {"endorsed", "implemented", "internalised"};
static const char *const stage_colour[3] = {"#2e86c1", "#28b463", "#8e44ad"};

static double cell_num(const ns_rows_t *rows, size_t row, size_t col)
{
    const char *s = ns_rows_cell(rows, row, col);
    char *end = NULL;
    double v = s[0] == '\0' ? NAN : strtod(s, &end);
    return (end != NULL && *end != '\0') ? NAN : v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static ns_status make_dir(ns_ctx_t *ctx, const char *dir)
{
    /* Created if missing; a symbolic link at the path is refused. */
    return ns_file_output_dir(ctx, dir);
}

/* Draw dir/NAME.gp; without gnuplot, an error like the vote figures' (plot.c) unless the
 * caller asked to be told (drawn != NULL). */
static ns_status draw(ns_ctx_t *ctx, const char *dir, const char *name, const char *gnuplot,
                      bool *drawn)
{
    bool ok = false;
    ns_status st = ns__figure_draw(ctx, dir, name, gnuplot != NULL ? gnuplot : "gnuplot", &ok);
    if (st == NS_OK && !ok && drawn == NULL) {
        st = ns_error(ctx, NS_EIO,
                      "gnuplot was not found: the figures' data (.csv) and scripts (.gp) are "
                      "in %s, the SVG and PNG were not drawn; install gnuplot (gnuplot-nox) "
                      "and run each script",
                      dir);
    }
    if (drawn != NULL) {
        *drawn = *drawn && ok;
    }
    return st;
}

static void gp_terminals(FILE *f, const char *name, const char *plot)
{
    fprintf(f,
            "set terminal svg size 820,460 noenhanced font 'Helvetica,12' background "
            "'#ffffff'\nset output '%s.svg'\n%s"
            "set terminal pngcairo size 820,460 noenhanced font 'Helvetica,10' background "
            "'#ffffff'\nset output '%s.png'\nreplot\nunset output\n",
            name, plot, name);
}

/* The curves averaged over the items of the result (one item: its own curves); the
 * band is the average of the items' 5th and 95th percentiles, said in the title. */
typedef struct curves {
    size_t n_items, n_years, states[N_GROUPS];
    int first_year;
    double *all;    /* [year][N_VALUES], group "all". */
    double *share;  /* [group 1..5][year][2]: endorsed, implemented share of the group. */
    double tipping; /* Median over items of the median tipping year; NaN if none. */
    size_t n_tipped;
    char label[96];
} curves_t;

static ns_status collect(ns_ctx_t *ctx, const ns_rows_t *rows, curves_t *c)
{
    size_t c_item = ns_rows_find_column(rows, "norm"), c_group = ns_rows_find_column(rows, "group"),
           c_year = ns_rows_find_column(rows, "year"),
           c_states = ns_rows_find_column(rows, "states"),
           c_val = ns_rows_find_column(rows, "endorsed"),
           c_tip = ns_rows_find_column(rows, "tipping_year");
    size_t n = ns_rows_count(rows);
    double *tips = NULL;
    ns_status st = NS_OK;
    memset(c, 0, sizeof *c);
    if (n == 0 || c_item == SIZE_MAX || c_val == SIZE_MAX || c_tip == SIZE_MAX) {
        return ns_error(ctx, NS_EINVAL, "diffusion figures: no adoption curves to draw");
    }
    const char *first = ns_rows_cell(rows, 0, c_item);
    c->first_year = atoi(ns_rows_cell(rows, 0, c_year));
    for (size_t r = 0; r < n; r++) {
        bool same = strcmp(ns_rows_cell(rows, r, c_item), first) == 0;
        if (same && strcmp(ns_rows_cell(rows, r, c_group), "all") == 0) {
            c->n_years++;
        }
        if (r == 0 || strcmp(ns_rows_cell(rows, r, c_item), ns_rows_cell(rows, r - 1, c_item))) {
            c->n_items++;
        }
    }
    c->all = ns_calloc(ctx, c->n_years * N_VALUES, sizeof(double));
    c->share = ns_calloc(ctx, N_GROUPS * c->n_years * 2, sizeof(double));
    tips = ns_calloc(ctx, c->n_items, sizeof(double));
    if (c->all == NULL || c->share == NULL || tips == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    size_t item = 0;
    for (size_t r = 0; r < n; r++) {
        if (r > 0 && strcmp(ns_rows_cell(rows, r, c_item), ns_rows_cell(rows, r - 1, c_item))) {
            item++;
        }
        int year = atoi(ns_rows_cell(rows, r, c_year));
        if (year < c->first_year || (size_t)(year - c->first_year) >= c->n_years) {
            continue;
        }
        size_t y = (size_t)(year - c->first_year);
        const char *group = ns_rows_cell(rows, r, c_group);
        double states = cell_num(rows, r, c_states);
        if (strcmp(group, "all") == 0) {
            for (size_t v = 0; v < N_VALUES; v++) {
                c->all[y * N_VALUES + v] += cell_num(rows, r, c_val + v) / (double)c->n_items;
            }
            double t = cell_num(rows, r, c_tip);
            if (y == 0 && !isnan(t)) {
                tips[c->n_tipped++] = t;
            }
            continue;
        }
        ns_ungroup_t g;
        if (ns_ungroup_parse(group, &g) != NS_OK || (int)g < 1 || (int)g > (int)N_GROUPS) {
            continue;
        }
        c->states[g - 1] = (size_t)states;
        for (size_t s = 0; s < 2 && states > 0; s++) {
            c->share[((size_t)(g - 1) * c->n_years + y) * 2 + s] +=
                cell_num(rows, r, c_val + 3 * s) / states / (double)c->n_items;
        }
    }
    /* An item tips only when half its runs do; the figure's line is the median item. */
    qsort(tips, c->n_tipped, sizeof(double), cmp_double);
    c->tipping = c->n_tipped > 0 ? tips[(c->n_tipped - 1) / 2] : NAN;
    if (c->n_items == 1) {
        snprintf(c->label, sizeof c->label, "%s", first);
    } else {
        snprintf(c->label, sizeof c->label, "mean of %zu norms (%s..%s)", c->n_items, first,
                 ns_rows_cell(rows, n - 1, c_item));
    }

cleanup:
    ns_free(ctx, tips);
    return st;
}

static ns_status write_curve(ns_ctx_t *ctx, const curves_t *c, const char *dir, const char *name)
{
    char path[4096];
    FILE *f = NULL;
    ns_status st = ns__figure_open(ctx, dir, name, ".csv", &f, path, sizeof path);
    if (st != NS_OK) {
        return st;
    }
    fputs("year,endorsed,endorsed_lo,endorsed_hi,implemented,implemented_lo,implemented_hi,"
          "internalised,internalised_lo,internalised_hi,items,median_tipping_year\n",
          f);
    for (size_t y = 0; y < c->n_years; y++) {
        fprintf(f, "%d", c->first_year + (int)y);
        for (size_t v = 0; v < N_VALUES; v++) {
            fprintf(f, ",%.6g", c->all[y * N_VALUES + v]);
        }
        fprintf(f, ",%zu,", c->n_items);
        if (!isnan(c->tipping)) {
            fprintf(f, "%.0f", c->tipping);
        }
        fputc('\n', f);
    }
    if ((st = ns__figure_close(ctx, f, path)) != NS_OK ||
        (st = ns__figure_open(ctx, dir, name, ".gp", &f, path, sizeof path)) != NS_OK) {
        return st;
    }
    fprintf(f,
            "# %s: adoption curves of the diffusion model (docs/DIFFUSION.md), drawn by\n"
            "# normsim from %s.csv (the same numbers in the datablock below).\n"
            "# Columns: year, then mean, 5th and 95th percentile of endorsed, implemented,\n"
            "# internalised states. Run: gnuplot %s.gp\n$d << EOD\n",
            name, name, name);
    for (size_t y = 0; y < c->n_years; y++) {
        fprintf(f, "%d", c->first_year + (int)y);
        for (size_t v = 0; v < N_VALUES; v++) {
            fprintf(f, " %.6g", c->all[y * N_VALUES + v]);
        }
        fputc('\n', f);
    }
    fputs("EOD\nset title ", f);
    char title[256];
    snprintf(title, sizeof title, "Life after adoption: %s, mean and 90%% band over runs",
             c->label);
    ns__figure_gp_string(f, title);
    fputs("\nset xlabel \"year\"\nset ylabel \"states\"\n"
          "set key left top box opaque\nset grid\nset border 3\nset tics nomirror\n"
          "set yrange [0:*]\nset style fill transparent solid 0.2 noborder\n",
          f);
    if (!isnan(c->tipping)) {
        fprintf(f,
                "set arrow 1 from %.0f, graph 0 to %.0f, graph 1 nohead dt 2 lw 1.5 lc rgb "
                "'#555555'\nset label 1 \"median tipping year %.0f\" at %.0f, graph 0.96 "
                "offset 0.5,0 left\n",
                c->tipping, c->tipping, c->tipping, c->tipping);
    } else {
        fputs("set label 1 \"no tipping point in most runs\" at graph 0.6, graph 0.96\n", f);
    }
    char plot[2048];
    size_t k = (size_t)snprintf(plot, sizeof plot, "plot ");
    for (size_t s = 0; s < 3; s++) {
        k += (size_t)snprintf(plot + k, sizeof plot - k,
                              "%s$d using 1:%zu:%zu with filledcurves lc rgb '%s' notitle, \\\n"
                              "     $d using 1:%zu with lines lw 2 lc rgb '%s' title '%s'",
                              s > 0 ? ", \\\n     " : "", 3 * s + 3, 3 * s + 4, stage_colour[s],
                              3 * s + 2, stage_colour[s], stage_name[s]);
    }
    snprintf(plot + k, sizeof plot - k, "\n");
    gp_terminals(f, name, plot);
    return ns__figure_close(ctx, f, path);
}

static ns_status write_map(ns_ctx_t *ctx, const curves_t *c, const char *dir, const char *name)
{
    char path[4096];
    FILE *f = NULL;
    ns_status st = ns__figure_open(ctx, dir, name, ".csv", &f, path, sizeof path);
    if (st != NS_OK) {
        return st;
    }
    fputs("group,group_index,year,states,endorsed_share,implemented_share\n", f);
    for (size_t g = 0; g < N_GROUPS; g++) {
        for (size_t y = 0; y < c->n_years; y++) {
            const double *v = &c->share[(g * c->n_years + y) * 2];
            fprintf(f, "%s,%zu,%d,%zu,%.6g,%.6g\n", ns_ungroup_id((ns_ungroup_t)(g + 1)), g,
                    c->first_year + (int)y, c->states[g], v[0], v[1]);
        }
    }
    if ((st = ns__figure_close(ctx, f, path)) != NS_OK ||
        (st = ns__figure_open(ctx, dir, name, ".gp", &f, path, sizeof path)) != NS_OK) {
        return st;
    }
    fprintf(f,
            "# %s: mean share of each UN regional group's states implementing the norm, by\n"
            "# year (diffusion model, docs/DIFFUSION.md). Drawn by normsim from %s.csv.\n"
            "# Columns: year, group index, implemented share, endorsed share; one scan line\n"
            "# per group. Run: gnuplot %s.gp\n$m << EOD\n",
            name, name, name);
    for (size_t g = 0; g < N_GROUPS; g++) {
        for (size_t y = 0; y < c->n_years; y++) {
            const double *v = &c->share[(g * c->n_years + y) * 2];
            fprintf(f, "%d %zu %.6g %.6g\n", c->first_year + (int)y, g, v[1], v[0]);
        }
        fputc('\n', f);
    }
    fputs("EOD\nset title ", f);
    char title[256];
    snprintf(title, sizeof title, "Share of each group's states implementing: %s", c->label);
    ns__figure_gp_string(f, title);
    fputs("\nset xlabel \"year\"\nset cblabel \"share implementing\"\nset cbrange [0:1]\n"
          "set palette defined (0 '#f7fbff', 0.5 '#6baed6', 1 '#08306b')\n"
          "set border 3\nset lmargin 10\nset tics nomirror out\nset ytics (",
          f);
    for (size_t g = 0; g < N_GROUPS; g++) {
        fprintf(f, "%s\"%s\" %zu", g > 0 ? ", " : "", ns_ungroup_id((ns_ungroup_t)(g + 1)), g);
    }
    fprintf(f, ")\nset yrange [-0.5:%d.5]\nset xrange [%d.5:%d.5]\n", N_GROUPS - 1,
            c->first_year - 1, c->first_year + (int)c->n_years - 1);
    gp_terminals(f, name, "plot $m using 1:2:3 with image notitle\n");
    return ns__figure_close(ctx, f, path);
}

ns_status ns_diffuse_plot(ns_ctx_t *ctx, const ns_diffuse_result_t *r, const char *dir,
                          const char *prefix, const char *gnuplot, bool *drawn)
{
    ns_rows_t *rows = NULL;
    curves_t c;
    char curve[256], map[256];
    memset(&c, 0, sizeof c);
    if (drawn != NULL) {
        *drawn = true;
    }
    if (prefix == NULL) {
        prefix = "diffusion";
    }
    snprintf(curve, sizeof curve, "%s-curve", prefix);
    snprintf(map, sizeof map, "%s-map", prefix);
    ns_status st = make_dir(ctx, dir);
    if (st == NS_OK && (st = ns_diffuse_result_rows(ctx, r, &rows)) == NS_OK &&
        (st = collect(ctx, rows, &c)) == NS_OK &&
        (st = write_curve(ctx, &c, dir, curve)) == NS_OK &&
        (st = write_map(ctx, &c, dir, map)) == NS_OK &&
        (st = draw(ctx, dir, curve, gnuplot, drawn)) == NS_OK) {
        st = draw(ctx, dir, map, gnuplot, drawn);
    }
    ns_free(ctx, c.all);
    ns_free(ctx, c.share);
    ns_rows_free(rows);
    return st;
}

/* "national_position_il_cyber:published" -> "fit-national_position_il_cyber-published". */
static void fit_name(const char *series, char *out, size_t size)
{
    size_t k = (size_t)snprintf(out, size, "fit-");
    for (const char *s = series; *s != '\0' && k + 1 < size; s++) {
        char ch = *s;
        bool keep = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
                    (ch >= 'A' && ch <= 'Z') || ch == '_';
        out[k++] = keep ? ch : '-';
    }
    out[k] = '\0';
}

static ns_status write_fit(ns_ctx_t *ctx, const ns_fit_summary_t *s, const ns_rows_t *rows,
                           const char *dir, const char *name)
{
    char path[4096];
    FILE *f = NULL;
    ns_status st = ns__figure_open(ctx, dir, name, ".csv", &f, path, sizeof path);
    if (st != NS_OK) {
        return st;
    }
    st = ns_rows_write(ctx, rows, NS_FORMAT_CSV, NULL, f);
    ns_status st2 = ns__figure_close(ctx, f, path);
    if (st != NS_OK || (st = st2) != NS_OK ||
        (st = ns__figure_open(ctx, dir, name, ".gp", &f, path, sizeof path)) != NS_OK) {
        return st;
    }
    fprintf(f,
            "# %s: calibration of the diffusion model on %s (docs/DIFFUSION.md), drawn by\n"
            "# normsim from %s.csv. Columns: year, observed, observed_lo (certain),\n"
            "# observed_hi (possible), predicted (fit on all years), predicted (fit on\n"
            "# %d..%d, then forecast), held out (1/0). Run: gnuplot %s.gp\n$f << EOD\n",
            name, s->series, name, s->first_year, s->cutoff_year, name);
    for (size_t r = 0; r < ns_rows_count(rows); r++) {
        for (size_t c = 0; c < 6; c++) {
            const char *v = ns_rows_cell(rows, r, c);
            fprintf(f, "%s%s", c > 0 ? " " : "", v[0] != '\0' ? v : "NaN");
        }
        fprintf(f, " %d\n", strcmp(ns_rows_cell(rows, r, 6), "yes") == 0);
    }
    fputs("EOD\nset title ", f);
    char title[256];
    snprintf(title, sizeof title, "Calibration on %s: cumulative adopters, observed and predicted",
             s->series);
    ns__figure_gp_string(f, title);
    fputs("\nset xlabel \"year\"\nset ylabel \"cumulative adopters\"\n"
          "set key left top box opaque\nset grid\nset border 3\nset tics nomirror\n"
          "set yrange [0:*]\n",
          f);
    if (s->cutoff_year < s->last_year) {
        fprintf(f,
                "set object 1 rect from first %.1f, graph 0 to first %.1f, graph 1 fc rgb "
                "'#e5e5e5' fs solid 1.0 noborder behind\n"
                "set label 1 \"held out\" at first %.1f, graph 0.04 left\n",
                s->cutoff_year + 0.5, s->last_year + 0.5, s->cutoff_year + 0.6);
    }
    gp_terminals(
        f, name,
        "plot $f using 1:3:4 with filledcurves lc rgb '#f5b041' fs transparent solid 0.35 "
        "noborder title 'observed: certain..possible', \\\n"
        "     $f using 1:2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '#b9770e' title 'observed', "
        "\\\n"
        "     $f using 1:5 with lines lw 2 lc rgb '#1f618d' title 'predicted, fit on all years', "
        "\\\n"
        "     $f using 1:6 with lines lw 2 dt 2 lc rgb '#c0392b' title 'predicted, fit on the "
        "first two thirds'\n");
    return ns__figure_close(ctx, f, path);
}

ns_status ns_fit_plot(ns_ctx_t *ctx, const ns_fit_t *fit, const char *dir, const char *gnuplot,
                      bool *drawn)
{
    ns_rows_t *rows = NULL;
    ns_fit_summary_t s;
    char name[256];
    if (drawn != NULL) {
        *drawn = true;
    }
    ns_fit_summary(fit, &s);
    fit_name(s.series, name, sizeof name);
    ns_status st = make_dir(ctx, dir);
    if (st == NS_OK && (st = ns_fit_rows(ctx, fit, &rows)) == NS_OK &&
        (st = write_fit(ctx, &s, rows, dir, name)) == NS_OK) {
        st = draw(ctx, dir, name, gnuplot, drawn);
    }
    ns_rows_free(rows);
    return st;
}
