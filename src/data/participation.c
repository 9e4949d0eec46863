/* GGE participation counted from the recorded member lists (gge_members.csv), beside the
 * paper's figures (MECHANISM.md 3.3). The paper (Lu and Yang 2020, citing Kavanagh 2017)
 * counts the states that served in 6, 5, 4, 3, 2 and 1 of the six groups; the member
 * lists of the data are counted the same way, and every count that rests on a
 * membership row not marked verified is flagged, since the 2004-05 list and parts of the
 * 2009-10 and 2016-17 lists are not confirmed by a source read.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/data.h"

#include <stdio.h>
#include <string.h>

enum { N_GGE = NS_PARTICIPATION_GGES };

/* The paper's figures: states that served in 6, 5, 4, 3, 2 and 1 groups. */
static const int paper_served[N_GGE] = {6, 4, 3, 5, 4, 18};

/* One type per column: body a GGE id (empty on the rows over all the GGEs), un_group a
 * regional group id, groups_served and the counts integers. */
static const char *const columns[] = {"table",   "body",  "un_group", "groups_served",
                                      "measure", "count", "paper",    "unverified"};
enum { COL_TABLE, COL_BODY, COL_UN_GROUP, COL_SERVED, COL_MEASURE, COL_COUNT, COL_PAPER, COL_UNV };

typedef struct tally {
    bool have[N_GGE];
    int served[N_GGE + 1]; /* served[k]: states that sat in exactly k groups. */
    bool served_unverified[N_GGE + 1];
    int distinct;
    int seats; /* Member rows over the groups. */
    int by_group[NS_GROUP_COUNT][N_GGE];
    bool by_group_unverified[NS_GROUP_COUNT][N_GGE];
} tally_t;

/* Which of GGE1..GGE6 body b is, or -1. */
static int gge_number(const ns_body_t *b)
{
    for (int g = 0; g < N_GGE; g++) {
        char id[8];
        snprintf(id, sizeof id, "GGE%d", g + 1);
        if (strcmp(b->id, id) == 0) {
            return g;
        }
    }
    return -1;
}

static ns_status count(ns_ctx_t *ctx, const ns_world_t *w, tally_t *t)
{
    size_t n = ns_world_state_count(w);
    ns_status st = NS_OK;
    int *served = ns_calloc(ctx, n + 1, sizeof *served);
    bool *unverified = ns_calloc(ctx, n + 1, sizeof *unverified);
    if (served == NULL || unverified == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < ns_world_body_count(w); i++) {
        const ns_body_t *b = ns_world_body(w, i);
        int g = gge_number(b);
        /* The first body of an id counts (ids are unique in a world). */
        if (g < 0 || t->have[g]) {
            continue;
        }
        t->have[g] = true;
        for (size_t m = 0; m < b->n_members; m++) {
            size_t s = b->members[m];
            bool unsure = b->member_verified[m] != NS_VERIFIED_YES;
            ns_ungroup_t grp = ns_world_state(w, s)->group;
            served[s]++;
            unverified[s] = unverified[s] || unsure;
            t->seats++;
            t->by_group[grp][g]++;
            t->by_group_unverified[grp][g] = t->by_group_unverified[grp][g] || unsure;
        }
    }
    for (size_t s = 0; s < n; s++) {
        /* A state listed twice in one group would count more than N_GGE; the loader
         * refuses duplicates, so the clamp only keeps the index in range. */
        int k = served[s] > N_GGE ? N_GGE : served[s];
        if (k > 0) {
            t->distinct++;
            t->served[k]++;
            t->served_unverified[k] = t->served_unverified[k] || unverified[s];
        }
    }
cleanup:
    ns_free(ctx, served);
    ns_free(ctx, unverified);
    return st;
}

static int paper_distinct(void)
{
    int n = 0;
    for (int k = 0; k < N_GGE; k++) {
        n += paper_served[k];
    }
    return n;
}

static int paper_seats(void)
{
    int n = 0;
    for (int k = 0; k < N_GGE; k++) {
        n += paper_served[k] * (N_GGE - k);
    }
    return n;
}

static const char *yes_no(bool b)
{
    return b ? "yes" : "no";
}

static ns_status fill(const tally_t *t, ns_rows_t *rows)
{
    ns_status st = NS_OK;
    bool any_unverified = false;
    for (int k = N_GGE; st == NS_OK && k >= 1; k--) {
        any_unverified = any_unverified || t->served_unverified[k];
        if ((st = ns_rows_add(rows)) == NS_OK &&
            (st = ns_rows_set(rows, COL_TABLE, "counts")) == NS_OK &&
            (st = ns_rows_setf(rows, COL_SERVED, "%d", k)) == NS_OK &&
            (st = ns_rows_set(rows, COL_MEASURE, "states")) == NS_OK &&
            (st = ns_rows_setf(rows, COL_COUNT, "%d", t->served[k])) == NS_OK &&
            (st = ns_rows_setf(rows, COL_PAPER, "%d", paper_served[N_GGE - k])) == NS_OK) {
            st = ns_rows_set(rows, COL_UNV, yes_no(t->served_unverified[k]));
        }
    }
    const struct {
        const char *measure;
        int count, paper;
    } totals[] = {{"distinct_states", t->distinct, paper_distinct()},
                  {"seats", t->seats, paper_seats()}};
    for (size_t k = 0; st == NS_OK && k < sizeof totals / sizeof totals[0]; k++) {
        if ((st = ns_rows_add(rows)) == NS_OK &&
            (st = ns_rows_set(rows, COL_TABLE, "totals")) == NS_OK &&
            (st = ns_rows_set(rows, COL_MEASURE, totals[k].measure)) == NS_OK &&
            (st = ns_rows_setf(rows, COL_COUNT, "%d", totals[k].count)) == NS_OK &&
            (st = ns_rows_setf(rows, COL_PAPER, "%d", totals[k].paper)) == NS_OK) {
            st = ns_rows_set(rows, COL_UNV, yes_no(any_unverified));
        }
    }
    for (int g = 0; st == NS_OK && g < N_GGE; g++) {
        for (int grp = NS_GROUP_AFRICAN; t->have[g] && st == NS_OK && grp < NS_GROUP_COUNT; grp++) {
            if ((st = ns_rows_add(rows)) == NS_OK &&
                (st = ns_rows_set(rows, COL_TABLE, "seats")) == NS_OK &&
                (st = ns_rows_setf(rows, COL_BODY, "GGE%d", g + 1)) == NS_OK &&
                (st = ns_rows_set(rows, COL_UN_GROUP, ns_ungroup_id((ns_ungroup_t)grp))) == NS_OK &&
                (st = ns_rows_set(rows, COL_MEASURE, "seats")) == NS_OK &&
                (st = ns_rows_setf(rows, COL_COUNT, "%d", t->by_group[grp][g])) == NS_OK) {
                st = ns_rows_set(rows, COL_UNV, yes_no(t->by_group_unverified[grp][g]));
            }
        }
    }
    return st;
}

ns_status ns_participation_table(ns_ctx_t *ctx, const ns_world_t *w, ns_rows_t **out)
{
    tally_t t;
    ns_rows_t *rows = NULL;
    memset(&t, 0, sizeof t);
    *out = NULL;
    ns_status st = count(ctx, w, &t);
    if (st == NS_OK &&
        (st = ns_rows_new(ctx, columns, sizeof columns / sizeof columns[0], &rows)) == NS_OK &&
        (st = fill(&t, rows)) == NS_OK) {
        *out = rows;
        rows = NULL;
    }
    ns_rows_free(rows);
    return st;
}
