/* The roll-call map of the run report: every recorded General Assembly roll call on the
 * cyber resolutions (unga_votes.csv, Voeten's data) by UN regional group, the recorded
 * votes beside the vote model's forecast (the timeline's votes table). Two heat maps
 * side by side, rows the roll calls in date order, columns the five groups; a cell's
 * colour is the share of the group's states voting that voted yes, its text the counts
 * yes/no/abstain and the absent. The 2018 split (MECHANISM.md 5.1: 73/27 and 73/266 ran
 * along camp lines) is what a reader looks for, and whether the model saw it coming.
 * Written as NAME.csv (long: one row per roll call and group) and NAME.gp (the same
 * numbers in datablocks, never inline '-' data); report/figure.h draws it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/rollcall_map.h"

#include <stdlib.h>
#include <string.h>

enum { N_GROUPS = NS_GROUP_COUNT - 1 };

typedef struct cell {
    int members;
    int vote[3];     /* Recorded, in ns_vote_value_t order: yes, abstain, no. */
    int forecast_n;  /* States that voted and were forecast. */
    int forecast[3]; /* Their forecast votes, same order. */
} cell_t;

typedef struct rollcall {
    size_t res;
    const char *date;
    bool forecast;
    cell_t cell[N_GROUPS];
} rollcall_t;

static int by_date(const void *a, const void *b)
{
    const rollcall_t *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    return c != 0 ? c : (x->res > y->res) - (x->res < y->res);
}

static int vote_index(const char *v)
{
    if (strcmp(v, "yes") == 0) {
        return NS_VOTE_YES;
    }
    if (strcmp(v, "abstain") == 0) {
        return NS_VOTE_ABSTAIN;
    }
    return strcmp(v, "no") == 0 ? NS_VOTE_NO : -1;
}

/* The id under which the timeline names a resolution (its symbol, or "session:N"). */
static bool same_id(const ns_resolution_t *r, const char *id)
{
    if (r->symbol[0] != '\0') {
        return strcmp(r->symbol, id) == 0;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "session:%d", r->session);
    return strcmp(buf, id) == 0;
}

/* The recorded votes; a state that voted but the data do not make a UN member that year
 * still counts among the members, so that the four counts always add up. */
static void count_recorded(const ns_world_t *w, const size_t *slot, rollcall_t *rc, size_t n)
{
    size_t n_states = ns_world_state_count(w);
    for (size_t k = 0; k < n; k++) {
        int year = ns_world_resolution(w, rc[k].res)->year;
        for (size_t s = 0; s < n_states; s++) {
            ns_ungroup_t g = ns_world_state(w, s)->group;
            if (g != NS_GROUP_NONE && ns_world_is_member(w, s, year)) {
                rc[k].cell[g - 1].members++;
            }
        }
    }
    for (size_t i = 0; i < ns_world_vote_count(w); i++) {
        const ns_vote_t *v = ns_world_vote(w, i);
        const ns_state_t *s = ns_world_state(w, v->state);
        if (slot[v->resolution] == 0 || s == NULL || s->group == NS_GROUP_NONE) {
            continue;
        }
        rollcall_t *r = &rc[slot[v->resolution] - 1];
        r->cell[s->group - 1].vote[v->vote]++;
        if (!ns_world_is_member(w, v->state, ns_world_resolution(w, r->res)->year)) {
            r->cell[s->group - 1].members++;
        }
    }
}

/* The forecast of the states that voted, from the timeline's votes table. */
static void count_forecast(ns_ctx_t *ctx, const ns_world_t *w, const ns_rows_t *votes,
                           rollcall_t *rc, size_t n)
{
    if (votes == NULL) {
        return;
    }
    size_t c_res = ns_rows_find_column(votes, "resolution"),
           c_iso = ns_rows_find_column(votes, "iso3"),
           c_actual = ns_rows_find_column(votes, "actual"),
           c_pred = ns_rows_find_column(votes, "predicted");
    if (c_res == SIZE_MAX || c_iso == SIZE_MAX || c_actual == SIZE_MAX || c_pred == SIZE_MAX) {
        return;
    }
    rollcall_t *cur = NULL;
    const char *cur_id = NULL;
    for (size_t row = 0; row < ns_rows_count(votes); row++) {
        const char *id = ns_rows_cell(votes, row, c_res);
        if (cur_id == NULL || strcmp(id, cur_id) != 0) {
            cur_id = id;
            cur = NULL;
            for (size_t k = 0; k < n && cur == NULL; k++) {
                cur = same_id(ns_world_resolution(w, rc[k].res), id) ? &rc[k] : NULL;
            }
        }
        int actual = vote_index(ns_rows_cell(votes, row, c_actual));
        int predicted = vote_index(ns_rows_cell(votes, row, c_pred));
        size_t s = 0;
        if (cur == NULL || actual < 0 || predicted < 0) {
            continue; /* Not a roll call, or the state did not vote. */
        }
        if (ns_world_find_state(ctx, w, ns_rows_cell(votes, row, c_iso), &s) != NS_OK) {
            ns_ctx_clear_error(ctx);
            continue;
        }
        ns_ungroup_t g = ns_world_state(w, s)->group;
        if (g != NS_GROUP_NONE) {
            cur->forecast = true;
            cur->cell[g - 1].forecast_n++;
            cur->cell[g - 1].forecast[predicted]++;
        }
    }
}

static void share(FILE *f, int part, int whole)
{
    if (whole > 0) {
        fprintf(f, "%.4f", (double)part / whole);
    }
}

static void write_csv(FILE *f, const ns_world_t *w, const rollcall_t *rc, size_t n)
{
    fputs("order,resolution,date,year,line,group,members,yes,no,abstain,absent,share_yes,"
          "share_no,forecast_n,forecast_yes,forecast_no,forecast_abstain,forecast_share_yes\n",
          f);
    for (size_t k = 0; k < n; k++) {
        const ns_resolution_t *r = ns_world_resolution(w, rc[k].res);
        for (int g = 0; g < N_GROUPS; g++) {
            const cell_t *c = &rc[k].cell[g];
            int yes = c->vote[NS_VOTE_YES], no = c->vote[NS_VOTE_NO],
                abstain = c->vote[NS_VOTE_ABSTAIN], voting = yes + no + abstain;
            fprintf(f, "%zu,", k + 1);
            ns_csv_write_cell(f, r->symbol);
            fputc(',', f);
            ns_csv_write_cell(f, r->date);
            fprintf(f, ",%d,", r->year);
            ns_csv_write_cell(f, r->line);
            fprintf(f, ",%s,%d,%d,%d,%d,%d,", ns_ungroup_id((ns_ungroup_t)(g + 1)), c->members, yes,
                    no, abstain, c->members - voting);
            share(f, yes, voting);
            fputc(',', f);
            share(f, no, voting);
            if (rc[k].forecast) {
                fprintf(f, ",%d,%d,%d,%d,", c->forecast_n, c->forecast[NS_VOTE_YES],
                        c->forecast[NS_VOTE_NO], c->forecast[NS_VOTE_ABSTAIN]);
                share(f, c->forecast[NS_VOTE_YES], c->forecast_n);
                fputc('\n', f);
            } else {
                fputs(",,,,,\n", f);
            }
        }
    }
}

/* Recorded cells at x = 1..5, forecast cells at x = 7..11; the first roll call on top. */
static void write_gp(FILE *f, const ns_world_t *w, const rollcall_t *rc, size_t n, const char *name)
{
    bool any_forecast = false, any_missing = false;
    fprintf(f,
            "# %s: the recorded roll calls on the cyber resolutions by UN regional group\n"
            "# (left) beside the vote model's forecast for the states that voted (right).\n"
            "# Colour: share of the group's states voting that voted yes; text: yes/no/abstain\n"
            "# and the absent. Drawn by normsim from %s.csv. Columns: x, y, share yes, yes,\n"
            "# no, abstain, absent. Run: gnuplot %s.gp\n$recorded << EOD\n",
            name, name, name);
    for (size_t k = 0; k < n; k++) {
        for (int g = 0; g < N_GROUPS; g++) {
            const cell_t *c = &rc[k].cell[g];
            int voting = c->vote[0] + c->vote[1] + c->vote[2];
            fprintf(f, "%d %zu %.4f %d %d %d %d\n", g + 1, n - k,
                    voting > 0 ? (double)c->vote[NS_VOTE_YES] / voting : 0.0, c->vote[NS_VOTE_YES],
                    c->vote[NS_VOTE_NO], c->vote[NS_VOTE_ABSTAIN], c->members - voting);
        }
    }
    fputs("EOD\n$forecast << EOD\n", f);
    for (size_t k = 0; k < n; k++) {
        for (int g = 0; rc[k].forecast && g < N_GROUPS; g++) {
            const cell_t *c = &rc[k].cell[g];
            any_forecast = true;
            fprintf(f, "%d %zu %.4f %d %d %d\n", g + 7, n - k,
                    c->forecast_n > 0 ? (double)c->forecast[NS_VOTE_YES] / c->forecast_n : 0.0,
                    c->forecast[NS_VOTE_YES], c->forecast[NS_VOTE_NO],
                    c->forecast[NS_VOTE_ABSTAIN]);
        }
    }
    fputs("EOD\n$none << EOD\n", f);
    for (size_t k = 0; k < n; k++) {
        if (!rc[k].forecast) {
            any_missing = true;
            fprintf(f, "9 %zu\n", n - k);
        }
    }
    fputs("EOD\nset title \"General Assembly roll calls by UN regional group: recorded "
          "(left) and forecast (right)\" offset 0,1\n"
          "set cblabel \"share of those voting who voted yes\"\nset cbrange [0:1]\n"
          "set palette defined (0 '#b2182b', 0.5 '#f7f7f7', 1 '#1a9850')\n"
          "set style fill solid 1.0 border lc rgb '#ffffff'\n"
          "set border 0\nset tics scale 0\nset lmargin 24\nset tmargin 6\nset bmargin 4\n",
          f);
    fprintf(f, "set xrange [0.4:11.6]\nset yrange [0.4:%zu.6]\nset xtics (", n);
    for (int g = 0; g < 2 * N_GROUPS; g++) {
        fprintf(f, "%s\"%s\" %d", g > 0 ? ", " : "",
                ns_ungroup_id((ns_ungroup_t)(g % N_GROUPS + 1)), g < N_GROUPS ? g + 1 : g + 2);
    }
    fputs(")\nset ytics (", f);
    for (size_t k = 0; k < n; k++) {
        const ns_resolution_t *r = ns_world_resolution(w, rc[k].res);
        char label[96];
        snprintf(label, sizeof label, "%s (%d)", r->symbol, r->year);
        fputs(k > 0 ? ", " : "", f);
        ns__figure_gp_string(f, label);
        fprintf(f, " %zu", n - k);
    }
    fputs(")\nset label 1 \"recorded\" at first 3, graph 1.025 center\n"
          "set label 2 \"model forecast (states that voted)\" at first 9, graph 1.025 center\n"
          "set label 3 \"cells: yes/no/abstain, then the absent\" at graph 0.5, graph -0.1 "
          "center\n",
          f);
    const char *terminal[2] = {"svg size 900,600 noenhanced font 'Helvetica,12' background "
                               "'#ffffff'",
                               "pngcairo size 900,600 noenhanced font 'Helvetica,10' "
                               "background '#ffffff'"};
    const char *ext[2] = {"svg", "png"};
    for (int t = 0; t < 2; t++) {
        fprintf(f, "set terminal %s\nset output '%s.%s'\n", terminal[t], name, ext[t]);
        fputs("plot $recorded using 1:2:(0.5):(0.5):3 with boxxyerror fc palette notitle, \\\n"
              "     $recorded using 1:2:(sprintf(\"%d/%d/%d\", $4, $5, $6) . ($7 > 0 ? "
              "sprintf(\"\\n%d absent\", $7) : \"\")) with labels font ',8' notitle",
              f);
        if (any_forecast) {
            fputs(", \\\n     $forecast using 1:2:(0.5):(0.5):3 with boxxyerror fc palette "
                  "notitle, \\\n     $forecast using 1:2:(sprintf(\"%d/%d/%d\", $4, $5, $6)) "
                  "with labels font ',8' notitle",
                  f);
        }
        if (any_missing) {
            fputs(", \\\n     $none using 1:2:(2.5):(0.5) with boxxyerror fc rgb '#e5e5e5' "
                  "notitle, \\\n     $none using 1:2:(\"no forecast: no earlier roll call of "
                  "the line\") with labels font ',8' notitle",
                  f);
        }
        fputs("\n", f);
    }
    fputs("unset output\n", f);
}

ns_status ns__rollcall_map_write(ns_ctx_t *ctx, const ns_world_t *w, const ns_rows_t *votes,
                                 const char *dir, const char *name, size_t *n_rollcalls)
{
    char path[4096];
    FILE *f = NULL;
    size_t n_res = ns_world_resolution_count(w), n = 0;
    rollcall_t *rc = NULL;
    ns_status st = NS_OK;
    /* slot[r]: 1 + the roll call's place in date order; 0 for a text without a roll call. */
    size_t *slot = ns_calloc(ctx, n_res + 1, sizeof *slot);
    if (slot == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < ns_world_vote_count(w); i++) {
        const ns_vote_t *v = ns_world_vote(w, i);
        if (v->resolution < n_res && slot[v->resolution] == 0) {
            slot[v->resolution] = 1;
            n++;
        }
    }
    if ((rc = ns_calloc(ctx, n + 1, sizeof *rc)) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t r = 0, k = 0; r < n_res; r++) {
        if (slot[r] != 0) {
            rc[k].res = r;
            rc[k++].date = ns_world_resolution(w, r)->date;
        }
    }
    qsort(rc, n, sizeof *rc, by_date);
    for (size_t k = 0; k < n; k++) {
        slot[rc[k].res] = k + 1;
    }
    count_recorded(w, slot, rc, n);
    count_forecast(ctx, w, votes, rc, n);
    if ((st = ns__figure_open(ctx, dir, name, ".csv", &f, path, sizeof path)) != NS_OK) {
        goto cleanup;
    }
    write_csv(f, w, rc, n);
    if ((st = ns__figure_close(ctx, f, path)) != NS_OK ||
        (st = ns__figure_open(ctx, dir, name, ".gp", &f, path, sizeof path)) != NS_OK) {
        goto cleanup;
    }
    if (n > 0) {
        write_gp(f, w, rc, n, name);
    } else {
        fprintf(f, "# %s: the world has no recorded roll call; nothing to draw.\n", name);
    }
    st = ns__figure_close(ctx, f, path);

cleanup:
    if (n_rollcalls != NULL) {
        *n_rollcalls = st == NS_OK ? n : 0;
    }
    ns_free(ctx, rc);
    ns_free(ctx, slot);
    return st;
}
