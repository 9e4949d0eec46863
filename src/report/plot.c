/* Figures of the vote backtest: for each roll call, the actual and the predicted votes
 * (the model with the tally) per UN regional group, as two stacked bars per group.
 * Each figure is NAME.csv (the counts), NAME.gp (the same counts in a datablock, never
 * inline '-' data) and NAME.svg / NAME.png drawn by gnuplot (report/figure.h runs it).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/vote.h"
#include "report/figure.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum { N_GROUPS = NS_GROUP_COUNT - 1 };

/* counts[group][0 actual, 1 predicted][vote] for one resolution. */
typedef int counts_t[N_GROUPS][2][3];

static int vote_index(const char *v)
{
    return strcmp(v, "yes") == 0 ? 0 : (strcmp(v, "abstain") == 0 ? 1 : 2);
}

static int group_index(const char *id)
{
    for (int g = 1; g < NS_GROUP_COUNT; g++) {
        if (strcmp(ns_ungroup_id((ns_ungroup_t)g), id) == 0) {
            return g - 1;
        }
    }
    return -1;
}

/* "A/RES/73/27" -> "votes-73-27". */
static void figure_name(const char *symbol, char *out, size_t size)
{
    const char *s = strncmp(symbol, "A/RES/", 6) == 0 ? symbol + 6 : symbol;
    size_t k = (size_t)snprintf(out, size, "votes-");
    for (; *s != '\0' && k + 1 < size; s++) {
        char c = *s;
        out[k++] =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? c : '-';
    }
    out[k] = '\0';
}

static ns_status write_file(ns_ctx_t *ctx, const char *dir, const char *name, const char *ext,
                            const char *symbol, counts_t counts)
{
    char path[4096];
    ns_status st = NS_OK;
    if ((size_t)snprintf(path, sizeof path, "%s/%s%s", dir, name, ext) >= sizeof path) {
        return ns_error(ctx, NS_EINVAL, "%s/%s%s: path too long", dir, name, ext);
    }
    FILE *f = NULL;
    st = ns_file_open_write(ctx, path, &f); /* Never through a symbolic link. */
    if (st != NS_OK) {
        return st;
    }
    bool gp = strcmp(ext, ".gp") == 0;
    if (gp) {
        fprintf(f,
                "# %s: %s, actual against predicted votes (vote model with the tally, left out\n"
                "# of its own fit) per UN regional group. Drawn by normsim from %s.csv (the\n"
                "# same counts, in the datablock below). Run: gnuplot %s.gp\n"
                "$counts << EOD\n",
                name, symbol, name, name);
    } else {
        fputs("resolution,group,x_actual,x_predicted,actual_yes,actual_abstain,actual_no,"
              "predicted_yes,predicted_abstain,predicted_no\n",
              f);
    }
    for (int g = 0; g < N_GROUPS; g++) {
        const char *id = ns_ungroup_id((ns_ungroup_t)(g + 1));
        fprintf(f, gp ? "%s %s %d %d %d %d %d %d %d %d\n" : "%s,%s,%d,%d,%d,%d,%d,%d,%d,%d\n",
                gp ? "-" : symbol, id, 3 * g, 3 * g + 1, counts[g][0][0], counts[g][0][1],
                counts[g][0][2], counts[g][1][0], counts[g][1][1], counts[g][1][2]);
    }
    if (gp) {
        fputs("EOD\n", f);
        fprintf(f,
                "set title \"%s: actual (left) and predicted (right) votes by regional "
                "group\"\n",
                symbol);
        fputs("set ylabel \"states\"\n"
              "set style fill solid 0.9 border lc rgb '#333333'\n"
              "set boxwidth 0.9\n"
              "set key outside right top box\n"
              "set grid ytics\n"
              "set border 3\n"
              "set tics nomirror\n"
              "set yrange [0:*]\n"
              "set xrange [-1:15]\n",
              f);
        fputs("set xtics (", f);
        for (int g = 0; g < N_GROUPS; g++) {
            fprintf(f, "%s\"%s\" %.1f", g > 0 ? ", " : "", ns_ungroup_id((ns_ungroup_t)(g + 1)),
                    3 * g + 0.5);
        }
        fputs(")\n", f);
        /* Stacked by drawing the totals first and the lower parts over them. */
        const char *plot =
            "plot $counts using 3:($5+$6+$7) with boxes lc rgb '#c0392b' title 'no (actual)', "
            "\\\n     '' using 3:($5+$6) with boxes lc rgb '#f1c40f' title 'abstain (actual)', "
            "\\\n     '' using 3:5 with boxes lc rgb '#27ae60' title 'yes (actual)', "
            "\\\n     '' using 4:($8+$9+$10) with boxes lc rgb '#e6a19a' title 'no (predicted)', "
            "\\\n     '' using 4:($8+$9) with boxes lc rgb '#f8e38c' title 'abstain (predicted)', "
            "\\\n     '' using 4:8 with boxes lc rgb '#93d6ad' title 'yes (predicted)'\n";
        fprintf(f,
                "set terminal svg size 860,480 noenhanced font 'Helvetica,12' background "
                "'#ffffff'\nset output '%s.svg'\n%s",
                name, plot);
        fprintf(f,
                "set terminal pngcairo size 860,480 noenhanced font 'Helvetica,10' background "
                "'#ffffff'\nset output '%s.png'\nreplot\nunset output\n",
                name);
    }
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad) {
        st = ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "writing failed (%s)", strerror(errno));
    }
    return st;
}

ns_status ns_vote_backtest_plot(ns_ctx_t *ctx, const ns_vote_backtest_t *b, const char *dir)
{
    ns_status st = NS_OK;
    size_t n = ns_rows_count(b->states);
    st = ns_file_output_dir(ctx, dir); /* Created if missing; a symbolic link is refused. */
    if (st != NS_OK) {
        return st;
    }
    size_t i = 0;
    while (st == NS_OK && i < n) {
        const char *symbol = ns_rows_cell(b->states, i, 0);
        counts_t counts;
        memset(counts, 0, sizeof counts);
        for (; i < n && strcmp(ns_rows_cell(b->states, i, 0), symbol) == 0; i++) {
            int g = group_index(ns_rows_cell(b->states, i, 2));
            if (g >= 0) {
                counts[g][0][vote_index(ns_rows_cell(b->states, i, 3))]++;
                counts[g][1][vote_index(ns_rows_cell(b->states, i, 4))]++;
            }
        }
        char name[128];
        figure_name(symbol, name, sizeof name);
        bool drawn = false;
        if ((st = write_file(ctx, dir, name, ".csv", symbol, counts)) != NS_OK ||
            (st = write_file(ctx, dir, name, ".gp", symbol, counts)) != NS_OK ||
            (st = ns__figure_draw(ctx, dir, name, "gnuplot", &drawn)) != NS_OK) {
            break;
        }
        if (!drawn) {
            st = ns_error(ctx, NS_EIO,
                          "gnuplot was not found: the figures' data (.csv) and scripts (.gp) "
                          "are in %s; install gnuplot (gnuplot-nox) and run each script",
                          dir);
        }
    }
    return st;
}
