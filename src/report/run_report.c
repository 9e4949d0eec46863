/* The page report.html of `normsim run`: provenance, the timeline figure (P(consensus
 * report) of each body against the recorded outcome), the GGE participation table beside
 * the paper's figures (MECHANISM.md 3.3), the roll-call map by UN regional group with the
 * vote model's forecast (rollcall_map.c), the diffusion of the 2015 norms after their
 * report (docs/DIFFUSION.md) and links to the run's data files. The SVGs are inlined so
 * the page stands alone; their CSV, script and PNG stay beside it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/data.h"
#include "normsim/diffusion.h"
#include "normsim/process.h"
#include "report/figure.h"
#include "report/rollcall_map.h"

#include <stdlib.h>
#include <string.h>

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
    size_t c_body = ns_rows_find_column(s, "body"), c_year = ns_rows_find_column(s, "start_year"),
           c_end = ns_rows_find_column(s, "end_year"), c_actual = ns_rows_find_column(s, "actual"),
           c_p = ns_rows_find_column(s, "p"), c_lo = ns_rows_find_column(s, "p_lo"),
           c_hi = ns_rows_find_column(s, "p_hi");
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

/* ---- Participation (MECHANISM.md 3.3) ------------------------------------------------ */

static bool is(const ns_rows_t *rows, size_t r, size_t col, const char *text)
{
    return strcmp(ns_rows_cell(rows, r, col), text) == 0;
}

/* The long table of ns_participation_table() beside the page, as CSV. */
static ns_status write_participation_csv(ns_ctx_t *ctx, const ns_rows_t *p, const char *dir,
                                         const char *name)
{
    char path[4096];
    FILE *f = NULL;
    ns_status st = ns__figure_open(ctx, dir, name, ".csv", &f, path, sizeof path);
    if (st != NS_OK) {
        return st;
    }
    st = ns_rows_write(ctx, p, NS_FORMAT_CSV, NULL, f);
    ns_status closed = ns__figure_close(ctx, f, path);
    return st != NS_OK ? st : closed;
}

/* Two HTML tables: states by the number of GGEs they served in, beside the paper; seats
 * per UN regional group per GGE. '*' marks a count resting on an unverified member row. */
/* The record's effects per body (docs/RECORD.md): the worst margin at the point estimates
 * with the rules in force and with each rule toggled, from the sessions rows. */
static void record_html(FILE *out, const ns_rows_t *sessions)
{
    size_t body = SIZE_MAX, rules = SIZE_MAX, effects = SIZE_MAX, actual = SIZE_MAX;
    for (size_t c = 0; c < ns_rows_ncols(sessions); c++) {
        const char *name = ns_rows_column(sessions, c);
        body = strcmp(name, "body") == 0 ? c : body;
        rules = strcmp(name, "record") == 0 ? c : rules;
        effects = strcmp(name, "record_effects") == 0 ? c : effects;
        actual = strcmp(name, "actual") == 0 ? c : actual;
    }
    if (body == SIZE_MAX || rules == SIZE_MAX || effects == SIZE_MAX || actual == SIZE_MAX) {
        return;
    }
    fputs("<h2>What the record moves</h2>\n<p>The worst margin of each body at the point "
          "estimates (negative: how far the best draft leaves its worst-off member short) with "
          "the record's rules in force and with each rule toggled: will from the relations "
          "record, dated stances, legal salience, the body's practice on records of views, "
          "the agenda (the mandate's paragraphs beyond adopted reports), and all of them "
          "(docs/RECORD.md).</p>\n<table>\n<tr><th>body</th><th>recorded</th>"
          "<th>rules in force</th><th>worst margin, and with each rule toggled</th></tr>\n",
          out);
    for (size_t r = 0; r < ns_rows_count(sessions); r++) {
        fputs("<tr><td>", out);
        ns__html_text(out, ns_rows_cell(sessions, r, body));
        fputs("</td><td>", out);
        ns__html_text(out, ns_rows_cell(sessions, r, actual));
        fputs("</td><td>", out);
        ns__html_text(out, ns_rows_cell(sessions, r, rules));
        fputs("</td><td>", out);
        ns__html_text(out, ns_rows_cell(sessions, r, effects));
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

static void participation_html(FILE *out, const ns_rows_t *p)
{
    fputs("<table>\n<caption>States by the number of GGEs they served in</caption>\n"
          "<tr><th>GGEs served</th><th>states (member lists)</th><th>paper</th></tr>\n",
          out);
    for (size_t r = 0; r < ns_rows_count(p); r++) {
        /* Columns: table, body, un_group, groups_served, measure, count, paper,
         * unverified (ns_participation_table). */
        bool counts = is(p, r, 0, "counts");
        if (!counts && !is(p, r, 0, "totals")) {
            continue;
        }
        const char *measure = ns_rows_cell(p, r, 4);
        fputs("<tr><td>", out);
        ns__html_text(out, counts                                    ? ns_rows_cell(p, r, 3)
                           : strcmp(measure, "distinct_states") == 0 ? "distinct states"
                                                                     : measure);
        fputs("</td><td class=\"num\">", out);
        ns__html_text(out, ns_rows_cell(p, r, 5));
        fputs(counts && is(p, r, 7, "yes") ? "*" : "", out);
        fputs("</td><td class=\"num\">", out);
        ns__html_text(out, ns_rows_cell(p, r, 6));
        fputs("</td></tr>\n", out);
    }
    fputs(
        "</table>\n<table>\n<caption>GGE seats per UN regional group</caption>\n<tr><th>group</th>",
        out);
    for (int g = 1; g <= NS_PARTICIPATION_GGES; g++) {
        fprintf(out, "<th>GGE%d</th>", g);
    }
    fputs("<th>total</th></tr>\n", out);
    /* One row per group, then all groups (grp == NS_GROUP_COUNT), as the command prints. */
    for (int grp = NS_GROUP_AFRICAN; grp <= NS_GROUP_COUNT; grp++) {
        bool all = grp == NS_GROUP_COUNT;
        int total = 0;
        fputs("<tr><td>", out);
        ns__html_text(out, all ? "all groups" : ns_ungroup_name((ns_ungroup_t)grp));
        fputs("</td>", out);
        for (int g = 1; g <= NS_PARTICIPATION_GGES; g++) {
            char body[8];
            int n = 0;
            bool have = false, unsure = false;
            snprintf(body, sizeof body, "GGE%d", g);
            for (size_t r = 0; r < ns_rows_count(p); r++) {
                if (is(p, r, 0, "seats") && is(p, r, 1, body) &&
                    (all || is(p, r, 2, ns_ungroup_id((ns_ungroup_t)grp)))) {
                    have = true;
                    n += atoi(ns_rows_cell(p, r, 5));
                    unsure = unsure || is(p, r, 7, "yes");
                }
            }
            total += n;
            if (have) {
                fprintf(out, "<td class=\"num\">%d%s</td>", n, unsure ? "*" : "");
            } else {
                fputs("<td></td>", out); /* Not in the world (a verified filter). */
            }
        }
        fprintf(out, "<td class=\"num\">%d</td></tr>\n", total);
    }
    fputs("</table>\n", out);
}

ns_status ns_run_report_write(ns_ctx_t *ctx, const ns_world_t *w, const ns_timeline_t *t,
                              const char *provenance, const char *dir, size_t diffusion_runs,
                              FILE *out, size_t *n_figures)
{
    ns_diffuse_result_t *res = NULL;
    ns_rows_t *participation = NULL;
    ns_diffuse_options_t opt;
    bool drawn_timeline = false, drawn_diffusion = false, drawn_rollcall = false;
    size_t drawn = 0, n_rollcalls = 0;
    ns_status st = write_timeline(ctx, t->sessions, dir, "run-timeline");
    if (st == NS_OK) {
        st = ns__figure_draw(ctx, dir, "run-timeline", "gnuplot", &drawn_timeline);
    }
    if (st == NS_OK && (st = ns_participation_table(ctx, w, &participation)) == NS_OK) {
        st = write_participation_csv(ctx, participation, dir, "run-participation");
    }
    if (st == NS_OK) {
        st = ns__rollcall_map_write(ctx, w, t->votes_available ? t->votes : NULL, dir,
                                    "run-rollcall-map", &n_rollcalls);
    }
    if (st == NS_OK && n_rollcalls > 0) {
        st = ns__figure_draw(ctx, dir, "run-rollcall-map", "gnuplot", &drawn_rollcall);
    }
    if (st != NS_OK) {
        goto cleanup;
    }
    drawn += drawn_rollcall;
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
          "table{border-collapse:collapse;margin:1em 0}caption{text-align:left;font-weight:bold}"
          "td,th{border:1px solid #ccc;padding:.2em .6em}td.num{text-align:right}\n"
          "figcaption{font-size:90%;color:#444}.prov{font-family:monospace;font-size:85%;"
          "background:#f4f4f4;padding:.5em}.note{color:#a04000}\n"
          "</style>\n</head>\n<body>\n<h1>The UN process 1998-2026 replayed</h1>\n"
          "<p class=\"prov\">",
          out);
    ns__html_text(out, provenance);
    fputs("</p>\n<h2>Forecasts against outcomes</h2>\n", out);
    figure(out, dir, "run-timeline", drawn_timeline,
           "Each GGE, OEWG and the Global Mechanism in date order: the model's probability "
           "of a consensus report (point) with its 90% band over the Monte Carlo replicates, "
           "and the recorded outcome (square: 1 adopted, 0 failed; none when not yet "
           "known).");
    record_html(out, t->sessions);
    fputs("<h2>Participation in the GGEs</h2>\n<p>Counted from the recorded member lists "
          "(gge_members.csv) beside the paper's figures (Lu and Yang 2020, citing Kavanagh "
          "2017; MECHANISM.md 3.3). * = the count includes a member row not marked verified "
          "(the 2004-05 list and parts of the 2009-10 and 2016-17 lists). The same numbers: "
          "<a href=\"run-participation.csv\">run-participation.csv</a> and <code>normsim "
          "data participation</code>.</p>\n",
          out);
    participation_html(out, participation);
    fputs("<h2>General Assembly roll calls by regional group</h2>\n", out);
    if (n_rollcalls == 0) {
        fputs("<p>The world has no recorded roll call.</p>\n", out);
    } else {
        figure(out, dir, "run-rollcall-map", drawn_rollcall,
               "Each recorded roll call on the cyber resolutions (unga_votes.csv, Voeten) in "
               "date order, by UN regional group: left what the states did, right what the "
               "vote model forecast for the states that voted (cut points from the line's "
               "latest earlier roll call, never the text's own tally). Colour: share of the "
               "group's states voting that voted yes; text: yes/no/abstain, and the group's "
               "UN members absent.");
    }
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
          "<li><a href=\"run-participation.csv\">run-participation.csv</a>: GGE "
          "participation (table, body, un_group, groups_served, measure, count, paper, "
          "unverified)</li>\n"
          "<li><a href=\"run-rollcall-map.csv\">run-rollcall-map.csv</a>: the roll calls "
          "by regional group, recorded and forecast</li>\n"
          "</ul>\n</body>\n</html>\n",
          out);
    if (ferror(out)) {
        st = ns_error(ctx, NS_EIO, "report.html: writing failed");
    }

cleanup:
    ns_rows_free(participation);
    ns_diffuse_result_free(res);
    if (n_figures != NULL) {
        *n_figures = drawn;
    }
    return st;
}
