/* Who sits at the table: the membership rules of bodies (MECHANISM.md 3.2, 5.2;
 * DESIGN.md section 2 "Body"). docs/PROCESS.md section 3.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/process.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What decides a state's place in its group's queue for a rotating seat. */
typedef struct candidate {
    size_t state;
    bool asks;
    int last_served; /* Start year of the last GGE it sat in before the year; 0 if never. */
    double capability;
    const char *iso3;
} candidate_t;

static int by_priority(const void *a, const void *b)
{
    const candidate_t *x = a;
    const candidate_t *y = b;
    if (x->asks != y->asks) {
        return x->asks ? -1 : 1;
    }
    if (x->last_served != y->last_served) {
        return x->last_served < y->last_served ? -1 : 1;
    }
    if (x->capability != y->capability) {
        return x->capability > y->capability ? -1 : 1;
    }
    return strcmp(x->iso3, y->iso3);
}

/* A state "asks" for a seat when it has shown it wants a say: a published national
 * position on international law by the year, a cyber resolution it led before the year,
 * or a positive will given by a scenario. */
static bool asks(const ns_world_t *w, size_t s, int year)
{
    if (ns_world_will(w, s) > 0) {
        return true;
    }
    for (size_t i = 0; i < ns_world_national_position_count(w); i++) {
        const ns_national_position_t *np = ns_world_national_position(w, i);
        if (np->state == s && np->first_year > 0 && np->first_year <= year) {
            return true;
        }
    }
    for (size_t i = 0; i < ns_world_resolution_count(w); i++) {
        const ns_resolution_t *r = ns_world_resolution(w, i);
        if (r->lead_sponsor == (long)s && r->year < year) {
            return true;
        }
    }
    return false;
}

/* The start year of the last GGE (any body of kind GGE starting before `year`) whose
 * member list holds s; 0 if none. */
static int last_served(const ns_world_t *w, size_t s, int year)
{
    int last = 0;
    for (size_t b = 0; b < ns_world_body_count(w); b++) {
        const ns_body_t *body = ns_world_body(w, b);
        if (body->kind != NS_BODY_GGE || body->start_year >= year || body->start_year <= last) {
            continue;
        }
        for (size_t k = 0; k < body->n_members; k++) {
            if (body->members[k] == s) {
                last = body->start_year;
                break;
            }
        }
    }
    return last;
}

static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a;
    size_t y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

void ns_process_apportion(const double weight[NS_GROUP_COUNT], const size_t cap[NS_GROUP_COUNT],
                          size_t seats, size_t quota[NS_GROUP_COUNT])
{
    double total = 0;
    for (int g = 1; g < NS_GROUP_COUNT; g++) {
        quota[g] = 0;
        total += cap[g] > 0 ? weight[g] : 0;
    }
    size_t given = 0;
    double rem[NS_GROUP_COUNT] = {0};
    if (total > 0) {
        for (int g = 1; g < NS_GROUP_COUNT; g++) {
            if (cap[g] == 0) {
                continue;
            }
            double exact = (double)seats * weight[g] / total;
            quota[g] = (size_t)floor(exact);
            if (quota[g] > cap[g]) {
                quota[g] = cap[g];
            }
            rem[g] = exact - floor(exact);
            given += quota[g];
        }
    }
    /* Hand out what is left by largest remainder, then to any group with room (a
     * capped group's seats go to the others). */
    while (given < seats) {
        int best = 0;
        for (int g = 1; g < NS_GROUP_COUNT; g++) {
            if (quota[g] < cap[g] && (best == 0 || rem[g] > rem[best])) {
                best = g;
            }
        }
        if (best == 0) {
            break;
        }
        quota[best]++;
        rem[best] = -1.0;
        given++;
    }
}

static ns_status rotation(ns_ctx_t *ctx, const ns_world_t *w, const ns_body_t *b, int year,
                          size_t *out, size_t *n_out)
{
    ns_status st = NS_OK;
    size_t n_states = ns_world_state_count(w);
    candidate_t *cand = ns_calloc(ctx, n_states + 1, sizeof *cand);
    size_t n = 0;
    size_t n_cand = 0;
    double weight[NS_GROUP_COUNT] = {0};
    size_t cap[NS_GROUP_COUNT] = {0};
    size_t quota[NS_GROUP_COUNT] = {0};
    if (cand == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    if (b->seats < 5) {
        st = ns_error(ctx, NS_EINVAL,
                      "body %s: rotation needs at least 5 seats (the permanent members), not %d",
                      b->id, b->seats);
        goto cleanup;
    }
    for (size_t s = 0; s < n_states; s++) {
        const ns_state_t *state = ns_world_state(w, s);
        if (!ns_world_is_member(w, s, year)) {
            continue;
        }
        if (state->p5) {
            out[n++] = s;
            continue;
        }
        if (state->group <= NS_GROUP_NONE || state->group >= NS_GROUP_COUNT) {
            continue;
        }
        double c = ns_world_capability(w, s);
        cand[n_cand] = (candidate_t){s, asks(w, s, year), last_served(w, s, year),
                                     isnan(c) ? 0.0 : c, state->iso3};
        cap[state->group]++;
        n_cand++;
    }
    size_t open_seats = (size_t)b->seats > n ? (size_t)b->seats - n : 0;
    if (open_seats > n_cand) {
        st = ns_error(ctx, NS_EINVAL, "body %s: %d seats but only %zu member states in %d", b->id,
                      b->seats, n + n_cand, year);
        goto cleanup;
    }
    /* Recorded group shares when the body has a member list (a recorded GGE resized
     * keeps its regional balance); else the groups' sizes (equitable geographical
     * distribution, MECHANISM.md 3.2). */
    size_t recorded = 0;
    for (size_t k = 0; k < b->n_members; k++) {
        const ns_state_t *state = ns_world_state(w, b->members[k]);
        if (state != NULL && !state->p5 && state->group > NS_GROUP_NONE &&
            state->group < NS_GROUP_COUNT) {
            weight[state->group] += 1.0;
            recorded++;
        }
    }
    if (recorded == 0) {
        for (int g = 1; g < NS_GROUP_COUNT; g++) {
            weight[g] = (double)cap[g];
        }
    }
    ns_process_apportion(weight, cap, open_seats, quota);
    qsort(cand, n_cand, sizeof *cand, by_priority);
    for (size_t k = 0; k < n_cand; k++) {
        ns_ungroup_t g = ns_world_state(w, cand[k].state)->group;
        if (quota[g] > 0) {
            out[n++] = cand[k].state;
            quota[g]--;
        }
    }
    qsort(out, n, sizeof *out, by_index);
    *n_out = n;

cleanup:
    ns_free(ctx, cand);
    return st;
}

ns_status ns_process_members(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                             size_t **members, size_t *n)
{
    ns_status st = NS_OK;
    const ns_body_t *b = ns_world_body(w, body);
    size_t n_states = ns_world_state_count(w);
    size_t *out = NULL;
    size_t count = 0;
    *members = NULL;
    *n = 0;
    if (b == NULL) {
        st = ns_error(ctx, NS_EINVAL, "body index %zu out of range", body);
        goto cleanup;
    }
    out = ns_calloc(ctx, n_states + 1, sizeof *out);
    if (out == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    switch (b->membership) {
    case NS_MEMBERS_HISTORICAL:
    case NS_MEMBERS_LIST:
        for (size_t k = 0; k < b->n_members; k++) {
            if (ns_world_is_member(w, b->members[k], year)) {
                out[count++] = b->members[k];
            }
        }
        qsort(out, count, sizeof *out, by_index);
        break;
    case NS_MEMBERS_OPEN:
        for (size_t s = 0; s < n_states; s++) {
            if (ns_world_is_member(w, s, year)) {
                out[count++] = s;
            }
        }
        break;
    case NS_MEMBERS_ROTATION: st = rotation(ctx, w, b, year, out, &count); break;
    }
    if (st == NS_OK && count == 0) {
        st = ns_error(ctx, NS_EINVAL, "body %s has no member state in %d", b->id, year);
    }
    if (st != NS_OK) {
        goto cleanup;
    }
    *members = out;
    *n = count;
    out = NULL;

cleanup:
    ns_free(ctx, out);
    return st;
}
