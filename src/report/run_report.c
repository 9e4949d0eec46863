/* The page report.html of `normsim run`: provenance, the timeline figure (P(consensus
 * report) of each body against the recorded outcome), the diffusion of the 2015 norms
 * after their report (docs/DIFFUSION.md) and links to the run's data files. The SVGs
 * are inlined so the page stands alone; their CSV, script and PNG stay beside it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/diffusion.h"
#include "normsim/process.h"
#include "report/figure.h"

#include <stdlib.h>
#include <string.h>

static void html_text(FILE *f, const char *text)
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

static size_t column(const ns_rows_t *rows, const char *name)
{
    for (size_t c = 0; c < ns_rows_ncols(rows); c++) {
        if (strcmp(ns_rows_column(rows, c), name) == 0) {
            return c;
        }
    }
    return SIZE_MAX;
}

/* The recorded outcome as the figure's 1 / 0; -1 when not yet known. */
static int outcome(const char *actual)
{
    if (strncmp(actual, "adopted", 7) == 0 || strncmp(actual, "consensus", 9) == 0) {
        return 1;
    }
    if (strncmp(actual, "failed", 6) == 0 || strncmp(actual, "FAILED", 6) == 0) {
        return 0;
    }
    return -1;
}

static ns_status write_timeline(ns_ctx_t *ctx, const ns_rows_t *s, const char *dir,
                                const char *name)
{
    char path[4096];
    FILE *f = NULL;
    size_t c_body = column(s, "body"), c_year = column(s, "start_year"),
           c_end = column(s, "end_year"), c_actual = column(s, "actual"), c_p = column(s, "p"),
           c_lo = column(s, "p_lo"), c_hi = column(s, "p_hi");
    if (c_body == SIZE_MAX || c_p == SIZE_MAX || c_lo == SIZE_MAX || c_hi == SIZE_MAX ||
        c_actual == SIZE_MAX || c_year == SIZE_MAX || c_end == SIZE_MAX) {
        return ns_error(ctx, NS_EINVAL, "run report: the sessions table lacks a column");
    }
    ns_status st = ns__figure_open(ctx, dir, name, ".csv", &f, path, sizeof path);
    if (st != NS_OK) {
        return st;
    }
    size_t n = ns_rows_count(s);
    fputs("index,body,start_year,end_year,p,p_lo,p_hi,outcome\n", f);
    for (size_t r = 0; r < n; r++) {
        int o = outcome(ns_rows_cell(s, r, c_actual));
        fprintf(f, "%zu,%s,%s,%s,%s,%s,%s,", r + 1, ns_rows_cell(s, r, c_body),
                ns_rows_cell(s, r, c_year), ns_rows_cell(s, r, c_end), ns_rows_cell(s, r, c_p),
                ns_rows_cell(s, r, c_lo), ns_rows_cell(s, r, c_hi));
        if (o >= 0) {
            fprintf(f, "%d", o);
        }
        fputc('\n', f);
    }
    if ((st = ns__figure_close(ctx, f, path)) != NS_OK ||
        (st = ns__figure_open(ctx, dir, name, ".gp", &f, path, sizeof path)) != NS_OK) {
        return st;
    }
    fprintf(f,
            "# %s: P(consensus report) of each body with its 90%% band, in date order,\n"
            "# against the recorded outcome (1 adopted, 0 failed). Drawn by normsim from\n"
            "# %s.csv. Columns: index, p, p_lo, p_hi, outcome (NaN: not yet known).\n"
            "# Run: gnuplot %s.gp\n$t << EOD\n",
            name, name, name);
    for (size_t r = 0; r < n; r++) {
        int o = outcome(ns_rows_cell(s, r, c_actual));
        fprintf(f, "%zu %s %s %s ", r + 1, ns_rows_cell(s, r, c_p), ns_rows_cell(s, r, c_lo),
                ns_rows_cell(s, r, c_hi));
        if (o >= 0) {
            fprintf(f, "%d\n", o);
        } else {
            fputs("NaN\n", f);
        }
    }
    fputs("EOD\nset title \"Forecast P(consensus report) against what happened\"\n"
          "set ylabel \"P(consensus report); outcome 1 adopted, 0 failed\"\n"
          "set yrange [-0.08:1.08]\nset key outside right top box\nset grid ytics\n"
          "set border 3\nset tics nomirror\nset xtics (",
          f);
    for (size_t r = 0; r < n; r++) {
        fprintf(f, "%s", r > 0 ? ", " : "");
        ns__figure_gp_string(f, ns_rows_cell(s, r, c_body));
        fprintf(f, " %zu", r + 1);
    }
    fprintf(f, ")\nset xrange [0.5:%zu.5]\n", n);
    fputs("set terminal svg size 820,460 noenhanced font 'Helvetica,12' background '#ffffff'\n", f);
    fprintf(f, "set output '%s.svg'\n", name);
    fputs("plot $t using 1:2:3:4 with yerrorbars pt 7 ps 0.9 lw 2 lc rgb '#1f618d' "
          "title 'P(consensus), 90% band', \\\n"
          "     $t using 1:5 with points pt 5 ps 1.3 lc rgb '#c0392b' title 'recorded outcome'\n",
          f);
    fprintf(f,
            "set terminal pngcairo size 820,460 noenhanced font 'Helvetica,10' background "
            "'#ffffff'\nset output '%s.png'\nreplot\nunset output\n",
            name);
    return ns__figure_close(ctx, f, path);
}

static void figure(FILE *out, const char *dir, const char *name, bool drawn, const char *caption)
{
    fputs("<figure>\n", out);
    if (!drawn || !ns__figure_inline_svg(out, dir, name)) {
        fprintf(out,
                "<p class=\"note\">Figure not drawn: gnuplot was not found. Its data and "
                "script are <a href=\"%s.csv\">%s.csv</a> and <a href=\"%s.gp\">%s.gp</a> "
                "(run <code>gnuplot %s.gp</code>).</p>\n",
                name, name, name, name, name);
    }
    fprintf(out,
            "<figcaption>%s Files: <a href=\"%s.svg\">SVG</a>, <a href=\"%s.png\">PNG</a>, "
            "<a href=\"%s.csv\">data</a>, <a href=\"%s.gp\">gnuplot script</a>."
            "</figcaption>\n</figure>\n",
            caption, name, name, name, name);
}

ns_status ns_run_report_write(ns_ctx_t *ctx, const ns_world_t *w, const ns_timeline_t *t,
                              const char *provenance, const char *dir, size_t diffusion_runs,
                              FILE *out, size_t *n_figures)
{
    ns_diffuse_result_t *res = NULL;
    ns_diffuse_options_t opt;
    bool drawn_timeline = false, drawn_diffusion = false;
    size_t drawn = 0;
    ns_status st = write_timeline(ctx, t->sessions, dir, "run-timeline");
    if (st == NS_OK) {
        st = ns__figure_draw(ctx, dir, "run-timeline", "gnuplot", &drawn_timeline);
    }
    if (st != NS_OK) {
        goto cleanup;
    }
    drawn += drawn_timeline;
    /* The 2015 report's norms (the default: every norm of the world), fewer runs than
     * `normsim diffuse` so that the run stays quick. */
    ns_diffuse_options_default(&opt);
    opt.runs = diffusion_runs > 0 ? diffusion_runs : 200;
    if ((st = ns_diffuse(ctx, w, &opt, &res)) != NS_OK ||
        (st = ns_diffuse_plot(ctx, res, dir, "run-diffusion", "gnuplot", &drawn_diffusion)) !=
            NS_OK) {
        goto cleanup;
    }
    drawn += drawn_diffusion ? 2 : 0;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>normsim run: the UN process 1998-2026 replayed</title>\n<style>\n"
          "body{font-family:Helvetica,Arial,sans-serif;max-width:60em;margin:2em auto;"
          "padding:0 1em;color:#222}\n"
          "figure{margin:1em 0}figure svg{max-width:100%;height:auto}\n"
          "figcaption{font-size:90%;color:#444}.prov{font-family:monospace;font-size:85%;"
          "background:#f4f4f4;padding:.5em}.note{color:#a04000}\n"
          "</style>\n</head>\n<body>\n<h1>The UN process 1998-2026 replayed</h1>\n"
          "<p class=\"prov\">",
          out);
    html_text(out, provenance);
    fputs("</p>\n<h2>Forecasts against outcomes</h2>\n", out);
    figure(out, dir, "run-timeline", drawn_timeline,
           "Each GGE, OEWG and the Global Mechanism in date order: the model's probability "
           "of a consensus report (point) with its 90% band over the Monte Carlo replicates, "
           "and the recorded outcome (square: 1 adopted, 0 failed; none when not yet "
           "known).");
    fputs("<h2>Participation</h2>\n<p>The participation table (how many states served in "
          "how many GGEs) is computed by the command line, not the library, so it is not "
          "part of this page: run <code>normsim data participation</code>.</p>\n",
          out);
    fprintf(out, "<h2>After adoption: diffusion of the 2015 norms</h2>\n");
    char caption[512];
    snprintf(caption, sizeof caption,
             "Diffusion model (docs/DIFFUSION.md) with its default parameters, %zu runs, "
             "seed %llu: states that endorsed, implemented and internalised the 11 norms of "
             "the 2015 report (mean over the norms, 90%% band), and the median tipping year.",
             opt.runs, (unsigned long long)opt.seed);
    figure(out, dir, "run-diffusion-curve", drawn_diffusion, caption);
    figure(out, dir, "run-diffusion-map", drawn_diffusion,
           "Share of each UN regional group's states implementing, by year (mean over runs "
           "and norms).");
    fputs("<h2>Data</h2>\n<ul>\n"
          "<li><a href=\"timeline.csv\">timeline.csv</a>: the printed timeline, one row per "
          "event</li>\n"
          "<li><a href=\"sessions.json\">sessions.json</a>: provenance and one object per "
          "body</li>\n"
          "<li><a href=\"votes.csv\">votes.csv</a>: recorded and predicted vote per "
          "resolution and state</li>\n"
          "</ul>\n</body>\n</html>\n",
          out);
    if (ferror(out)) {
        st = ns_error(ctx, NS_EIO, "report.html: writing failed");
    }

cleanup:
    ns_diffuse_result_free(res);
    if (n_figures != NULL) {
        *n_figures = drawn;
    }
    return st;
}
