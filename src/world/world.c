/* The world container: records in growable arrays, their strings in one arena, lookups
 * by id through hash indexes, and a deep copy.
 *
 * Every adder validates and copies its record before anything is changed, so a failed
 * add leaves the world as it was (apart from unused arena bytes).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "world/world_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NO_ROW SIZE_MAX

/* Append one element to a vector (see NS__VEC). */
ns_status ns__world_push(ns_ctx_t *ctx, void **items, size_t *count, size_t *cap, const void *rec,
                         size_t size)
{
    ns_status st = ns_grow(ctx, items, cap, *count + 1, size);
    if (st == NS_OK) {
        memcpy((char *)*items + *count * size, rec, size);
        *count += 1;
    }
    return st;
}

/* Append rec (size bytes) to a vector and to its state's chain: next (parallel to the
 * vector) gets the state's last row so far, *head the new row. Both arrays grow before
 * either changes, so a failure leaves the world as it was. */
static ns_status push_chained(ns_ctx_t *ctx, void **items, size_t *count, size_t *cap,
                              const void *rec, size_t size, size_t **next, size_t *next_count,
                              size_t *next_cap, size_t *head)
{
    size_t n = *count;
    if (ns_grow(ctx, items, cap, n + 1, size) ||
        ns_grow(ctx, (void **)next, next_cap, n + 1, sizeof **next)) {
        return NS_ENOMEM;
    }
    memcpy((char *)*items + n * size, rec, size);
    *count = n + 1;
    (*next)[n] = *head;
    *next_count = n + 1;
    *head = n;
    return NS_OK;
}

#define PUSH_CHAINED(ctx, vec, next_vec, head_slot, rec)                                           \
    push_chained((ctx), (void **)&(vec).items, &(vec).count, &(vec).cap, (rec),                    \
                 sizeof *(vec).items, &(next_vec).items, &(next_vec).count, &(next_vec).cap,       \
                 &(head_slot))

/* A copy of s in the world's arena; NULL is stored as "". NULL only when out of memory. */
static const char *keep(ns_world_t *w, const char *s)
{
    return ns_arena_strdup(&w->strings, s != NULL ? s : "");
}

static ns_status oom(ns_ctx_t *ctx)
{
    return ns_error(ctx, NS_ENOMEM, "out of memory");
}

ns_status ns_world_new(ns_ctx_t *ctx, ns_world_t **out)
{
    ns_status st = NS_OK;
    *out = NULL;
    ns_world_t *w = ns_calloc(ctx, 1, sizeof *w);
    if (w == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    w->ctx = ctx;
    ns_arena_init(&w->strings, ctx);
    w->data_version = "";
    *out = w;
cleanup:
    return st;
}

void ns_world_free(ns_world_t *w)
{
    if (w == NULL) {
        return;
    }
    ns_ctx_t *ctx = w->ctx;
    for (size_t i = 0; i < w->bodies.count; i++) {
        ns_free(ctx, w->bodies.items[i].members);
        ns_free(ctx, w->bodies.items[i].member_verified);
        ns_free(ctx, w->bodies.items[i].mandate);
    }
    void *arrays[] = {
        w->states.items,
        w->capability.items,
        w->will.items,
        w->gdp_head.items,
        w->mem_head.items,
        w->ideal_head.items,
        w->vote_head.items,
        w->orgs.items,
        w->memberships.items,
        w->mem_next.items,
        w->gdp.items,
        w->gdp_next.items,
        w->gci.items,
        w->dims.items,
        w->stakeholders.items,
        w->bodies.items,
        w->resolutions.items,
        w->res_votes.items,
        w->votes.items,
        w->vote_next.items,
        w->norms.items,
        w->ideal_points.items,
        w->ideal_next.items,
        w->national_positions.items,
        w->adoption_events.items,
        w->mandates.items,
        w->relation_events.items,
        w->stances.items,
        w->sponsorships.items,
        w->params.items,
    };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        ns_free(ctx, arrays[i]);
    }
    ns__posgrid_destroy(ctx, &w->state_pos);
    ns__posgrid_destroy(ctx, &w->stakeholder_pos);
    ns__index_destroy(ctx, &w->state_ix);
    ns__index_destroy(ctx, &w->org_ix);
    ns__index_destroy(ctx, &w->dim_ix);
    ns__index_destroy(ctx, &w->stakeholder_ix);
    ns__index_destroy(ctx, &w->body_ix);
    ns__index_destroy(ctx, &w->resolution_ix);
    ns_arena_free(&w->strings);
    ns_free(ctx, w);
}

const char *ns_world_data_version(const ns_world_t *w)
{
    return w->data_version;
}

ns_status ns_world_set_data_version(ns_ctx_t *ctx, ns_world_t *w, const char *version)
{
    const char *v = keep(w, version);
    if (v == NULL) {
        return oom(ctx);
    }
    w->data_version = v;
    return NS_OK;
}

/* ---- Adders ------------------------------------------------------------------------ */

static bool valid_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 3) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}

ns_status ns_world_add_state(ns_ctx_t *ctx, ns_world_t *w, const ns_state_t *s, size_t *index)
{
    ns_status st = NS_OK;
    char code[4];
    memcpy(code, s->iso3, sizeof code);
    code[3] = '\0';
    if (!valid_code(code)) {
        st = ns_error(ctx, NS_EINVAL, "state code '%s' must be 1 to 3 capital letters or digits",
                      code);
        goto cleanup;
    }
    if (ns__index_get(&w->state_ix, code, NULL)) {
        st = ns_error(ctx, NS_EINVAL, "duplicate state code '%s'", code);
        goto cleanup;
    }
    if ((unsigned)s->group >= NS_GROUP_COUNT) {
        st = ns_error(ctx, NS_ERANGE, "state %s: UN group %d out of range", code, (int)s->group);
        goto cleanup;
    }
    size_t n = w->states.count;
    ns_state_t rec = *s;
    memcpy(rec.iso3, code, sizeof code);
    rec.name = keep(w, s->name);
    rec.notes = keep(w, s->notes);
    /* The index key lives in the arena too: the record's iso3 moves when the array grows. */
    const char *key = keep(w, code);
    if (rec.name == NULL || rec.notes == NULL || key == NULL) {
        st = oom(ctx);
        goto cleanup;
    }
    double nan_value = NAN;
    double zero = 0.0;
    size_t none = NO_ROW;
    /* The position grid first: it refuses a world too large (NS_ELIMIT). */
    if ((st = ns__posgrid_reserve(ctx, &w->state_pos, n + 1, w->dims.count)) != NS_OK) {
        goto cleanup;
    }
    if (ns_grow(ctx, (void **)&w->states.items, &w->states.cap, n + 1, sizeof(ns_state_t)) ||
        ns_grow(ctx, (void **)&w->capability.items, &w->capability.cap, n + 1, sizeof(double)) ||
        ns_grow(ctx, (void **)&w->will.items, &w->will.cap, n + 1, sizeof(double)) ||
        ns_grow(ctx, (void **)&w->gdp_head.items, &w->gdp_head.cap, n + 1, sizeof(size_t)) ||
        ns_grow(ctx, (void **)&w->mem_head.items, &w->mem_head.cap, n + 1, sizeof(size_t)) ||
        ns_grow(ctx, (void **)&w->ideal_head.items, &w->ideal_head.cap, n + 1, sizeof(size_t)) ||
        ns_grow(ctx, (void **)&w->vote_head.items, &w->vote_head.cap, n + 1, sizeof(size_t)) ||
        ns__index_put(ctx, &w->state_ix, key, n)) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    /* Capacity is reserved above, so these pushes cannot fail. */
    PUSH(ctx, w->states, &rec);
    PUSH(ctx, w->capability, &nan_value);
    PUSH(ctx, w->will, &zero);
    PUSH(ctx, w->gdp_head, &none);
    PUSH(ctx, w->mem_head, &none);
    PUSH(ctx, w->ideal_head, &none);
    PUSH(ctx, w->vote_head, &none);
    if (index != NULL) {
        *index = n;
    }
cleanup:
    return st;
}

/* Adds an id to an index after checking it is new and non-empty. */
static ns_status new_id(ns_ctx_t *ctx, ns_world_t *w, ns__index_t *ix, const char *what,
                        const char *id, const char **kept)
{
    if (id == NULL || id[0] == '\0') {
        return ns_error(ctx, NS_EINVAL, "%s id is empty", what);
    }
    if (ns__index_get(ix, id, NULL)) {
        return ns_error(ctx, NS_EINVAL, "duplicate %s id '%s'", what, id);
    }
    *kept = keep(w, id);
    return *kept == NULL ? oom(ctx) : NS_OK;
}

ns_status ns_world_add_org(ns_ctx_t *ctx, ns_world_t *w, const ns_org_t *o, size_t *index)
{
    ns_org_t rec = *o;
    ns_status st = new_id(ctx, w, &w->org_ix, "organisation", o->id, &rec.id);
    if (st != NS_OK) {
        return st;
    }
    if ((rec.name = keep(w, o->name)) == NULL) {
        return oom(ctx);
    }
    size_t n = w->orgs.count;
    if (ns_grow(ctx, (void **)&w->orgs.items, &w->orgs.cap, n + 1, sizeof rec) != NS_OK ||
        ns__index_put(ctx, &w->org_ix, rec.id, n) != NS_OK) {
        return NS_ENOMEM;
    }
    PUSH(ctx, w->orgs, &rec);
    if (index != NULL) {
        *index = n;
    }
    return NS_OK;
}

bool ns__valid_verified(ns_verified_t v)
{
    return (unsigned)v <= NS_VERIFIED_NO;
}

ns_status ns_world_add_membership(ns_ctx_t *ctx, ns_world_t *w, const ns_membership_t *m)
{
    if (m->state >= w->states.count || m->org >= w->orgs.count) {
        return ns_error(ctx, NS_EINVAL, "membership: state %zu or organisation %zu out of range",
                        m->state, m->org);
    }
    if (m->left != 0 && m->joined != 0 && m->left < m->joined) {
        return ns_error(ctx, NS_ERANGE, "membership: left %d before joined %d", m->left, m->joined);
    }
    if (!ns__valid_verified(m->verified)) {
        return ns_error(ctx, NS_ERANGE, "membership: bad verified value");
    }
    ns_membership_t rec = *m;
    if ((rec.status = keep(w, m->status)) == NULL) {
        return oom(ctx);
    }
    return PUSH_CHAINED(ctx, w->memberships, w->mem_next, w->mem_head.items[m->state], &rec);
}

ns_status ns_world_add_gdp(ns_ctx_t *ctx, ns_world_t *w, const ns_gdp_t *g)
{
    if (g->state >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "gdp: state %zu out of range", g->state);
    }
    if (!(g->usd >= 0.0) || !isfinite(g->usd)) {
        return ns_error(ctx, NS_ERANGE, "gdp of %s in %d: %g must be finite and >= 0",
                        w->states.items[g->state].iso3, g->year, g->usd);
    }
    if (!ns__valid_verified(g->verified)) {
        return ns_error(ctx, NS_ERANGE, "gdp: bad verified value");
    }
    return PUSH_CHAINED(ctx, w->gdp, w->gdp_next, w->gdp_head.items[g->state], g);
}

ns_status ns_world_add_gci(ns_ctx_t *ctx, ns_world_t *w, const ns_gci_t *g)
{
    if (g->state >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "gci: state %zu out of range", g->state);
    }
    if (g->rank < 1 || (!isnan(g->score) && !(g->score >= 0.0 && isfinite(g->score)))) {
        return ns_error(ctx, NS_ERANGE, "gci: rank %d or score %g out of range", g->rank, g->score);
    }
    return PUSH(ctx, w->gci, g);
}

ns_status ns_world_add_dimension(ns_ctx_t *ctx, ns_world_t *w, const ns_dimension_t *d,
                                 size_t *index)
{
    ns_dimension_t rec = *d;
    if (!(d->scale_min < d->scale_max) || !isfinite(d->scale_min) || !isfinite(d->scale_max)) {
        return ns_error(ctx, NS_ERANGE, "dimension '%s': scale [%g, %g] is empty",
                        d->id != NULL ? d->id : "", d->scale_min, d->scale_max);
    }
    if (!(d->silence >= d->scale_min && d->silence <= d->scale_max)) {
        return ns_error(ctx, NS_ERANGE, "dimension '%s': silence %g outside [%g, %g]",
                        d->id != NULL ? d->id : "", d->silence, d->scale_min, d->scale_max);
    }
    ns_status st = new_id(ctx, w, &w->dim_ix, "dimension", d->id, &rec.id);
    if (st != NS_OK) {
        return st;
    }
    rec.label = keep(w, d->label);
    rec.low = keep(w, d->low);
    rec.high = keep(w, d->high);
    if (rec.label == NULL || rec.low == NULL || rec.high == NULL) {
        return oom(ctx);
    }
    size_t n = w->dims.count;
    /* The position grids first: they refuse a world too large (NS_ELIMIT). */
    if ((st = ns__posgrid_reserve(ctx, &w->state_pos, w->states.count, n + 1)) != NS_OK ||
        (st = ns__posgrid_reserve(ctx, &w->stakeholder_pos, w->stakeholders.count, n + 1)) !=
            NS_OK) {
        return st;
    }
    if (ns_grow(ctx, (void **)&w->dims.items, &w->dims.cap, n + 1, sizeof rec) ||
        ns__index_put(ctx, &w->dim_ix, rec.id, n)) {
        return NS_ENOMEM;
    }
    PUSH(ctx, w->dims, &rec);
    if (index != NULL) {
        *index = n;
    }
    return NS_OK;
}

ns_status ns_world_add_stakeholder(ns_ctx_t *ctx, ns_world_t *w, const ns_stakeholder_t *s,
                                   size_t *index)
{
    ns_stakeholder_t rec = *s;
    ns_status st = new_id(ctx, w, &w->stakeholder_ix, "stakeholder", s->id, &rec.id);
    if (st != NS_OK) {
        return st;
    }
    rec.name = keep(w, s->name);
    rec.kind = keep(w, s->kind);
    if (rec.name == NULL || rec.kind == NULL) {
        return oom(ctx);
    }
    size_t n = w->stakeholders.count;
    if ((st = ns__posgrid_reserve(ctx, &w->stakeholder_pos, n + 1, w->dims.count)) != NS_OK) {
        return st; /* NS_ELIMIT (a world too large) or NS_ENOMEM. */
    }
    if (ns_grow(ctx, (void **)&w->stakeholders.items, &w->stakeholders.cap, n + 1, sizeof rec) ||
        ns__index_put(ctx, &w->stakeholder_ix, rec.id, n)) {
        return NS_ENOMEM;
    }
    PUSH(ctx, w->stakeholders, &rec);
    if (index != NULL) {
        *index = n;
    }
    return NS_OK;
}

/* Checked, owned copies of a member list; *members_out etc. are NULL when n is 0. */
static ns_status copy_members(ns_ctx_t *ctx, const ns_world_t *w, const size_t *members,
                              const ns_verified_t *verified, size_t n, size_t **members_out,
                              ns_verified_t **verified_out)
{
    ns_status st = NS_OK;
    size_t *m = NULL;
    ns_verified_t *v = NULL;
    if (n > 0 && members == NULL) {
        st = ns_error(ctx, NS_EINVAL, "body: %zu members but no member list", n);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        if (members[i] >= w->states.count) {
            st = ns_error(ctx, NS_EINVAL, "body: member %zu out of range", members[i]);
            goto cleanup;
        }
        if (verified != NULL && !ns__valid_verified(verified[i])) {
            st = ns_error(ctx, NS_ERANGE, "body: bad verified value of member %zu", i);
            goto cleanup;
        }
    }
    if (n > 0) {
        m = ns_reallocarray(ctx, NULL, n, sizeof *m);
        v = ns_reallocarray(ctx, NULL, n, sizeof *v);
        if (m == NULL || v == NULL) {
            st = NS_ENOMEM;
            goto cleanup;
        }
        memcpy(m, members, n * sizeof *m);
        for (size_t i = 0; i < n; i++) {
            v[i] = verified != NULL ? verified[i] : NS_VERIFIED_NA;
        }
    }
cleanup:
    if (st != NS_OK) {
        ns_free(ctx, m);
        ns_free(ctx, v);
        m = NULL;
        v = NULL;
    }
    *members_out = m;
    *verified_out = v;
    return st;
}

static ns_status copy_mandate(ns_ctx_t *ctx, const ns_world_t *w, const size_t *dims, size_t n,
                              size_t **out)
{
    *out = NULL;
    if (n > 0 && dims == NULL) {
        return ns_error(ctx, NS_EINVAL, "body: mandate of %zu dimensions but no list", n);
    }
    for (size_t i = 0; i < n; i++) {
        if (dims[i] >= w->dims.count) {
            return ns_error(ctx, NS_EINVAL, "body: mandate dimension %zu out of range", dims[i]);
        }
    }
    if (n == 0) {
        return NS_OK;
    }
    *out = ns_reallocarray(ctx, NULL, n, sizeof **out);
    if (*out == NULL) {
        return NS_ENOMEM;
    }
    memcpy(*out, dims, n * sizeof **out);
    return NS_OK;
}

ns_status ns_world_add_body(ns_ctx_t *ctx, ns_world_t *w, const ns_body_t *b, size_t *index)
{
    ns_status st = NS_OK;
    ns__body_t rec;
    memset(&rec, 0, sizeof rec);
    rec.rec = *b;
    if (b->chair != -1 && (b->chair < 0 || (size_t)b->chair >= w->states.count)) {
        st = ns_error(ctx, NS_EINVAL, "body '%s': chair %ld out of range",
                      b->id != NULL ? b->id : "", b->chair);
        goto cleanup;
    }
    if ((unsigned)b->membership > NS_MEMBERS_LIST || (unsigned)b->decision > NS_DECIDE_MAJORITY ||
        (unsigned)b->kind > NS_BODY_CUSTOM || b->seats < 0 || b->k < 0 ||
        b->outcome < NS_OUTCOME_UNKNOWN || b->outcome > NS_OUTCOME_ADOPTED ||
        !ns__valid_verified(b->verified)) {
        st = ns_error(ctx, NS_ERANGE, "body '%s': a rule, kind, size or outcome is out of range",
                      b->id != NULL ? b->id : "");
        goto cleanup;
    }
    if (b->end_year != 0 && b->end_year < b->start_year) {
        st = ns_error(ctx, NS_ERANGE, "body '%s': ends (%d) before it starts (%d)",
                      b->id != NULL ? b->id : "", b->end_year, b->start_year);
        goto cleanup;
    }
    if ((st = new_id(ctx, w, &w->body_ix, "body", b->id, &rec.rec.id)) != NS_OK) {
        goto cleanup;
    }
    if ((st = copy_members(ctx, w, b->members, b->member_verified, b->n_members, &rec.members,
                           &rec.member_verified)) != NS_OK ||
        (st = copy_mandate(ctx, w, b->mandate, b->n_mandate, &rec.mandate)) != NS_OK) {
        goto cleanup;
    }
    rec.rec.name = keep(w, b->name);
    rec.rec.chair_name = keep(w, b->chair_name);
    rec.rec.establishing_resolution = keep(w, b->establishing_resolution);
    rec.rec.report_symbol = keep(w, b->report_symbol);
    rec.rec.outcome_note = keep(w, b->outcome_note);
    rec.rec.source = keep(w, b->source);
    if (rec.rec.name == NULL || rec.rec.chair_name == NULL ||
        rec.rec.establishing_resolution == NULL || rec.rec.report_symbol == NULL ||
        rec.rec.outcome_note == NULL || rec.rec.source == NULL) {
        st = oom(ctx);
        goto cleanup;
    }
    rec.rec.members = rec.members;
    rec.rec.member_verified = rec.member_verified;
    rec.rec.mandate = rec.mandate;
    size_t n = w->bodies.count;
    if (ns_grow(ctx, (void **)&w->bodies.items, &w->bodies.cap, n + 1, sizeof rec) ||
        ns__index_put(ctx, &w->body_ix, rec.rec.id, n)) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    PUSH(ctx, w->bodies, &rec);
    if (index != NULL) {
        *index = n;
    }
    /* The world owns the arrays now. */
    rec.members = NULL;
    rec.member_verified = NULL;
    rec.mandate = NULL;
cleanup:
    ns_free(ctx, rec.members);
    ns_free(ctx, rec.member_verified);
    ns_free(ctx, rec.mandate);
    return st;
}

ns_status ns_world_set_body_members(ns_ctx_t *ctx, ns_world_t *w, size_t body,
                                    const size_t *members, const ns_verified_t *verified, size_t n)
{
    if (body >= w->bodies.count) {
        return ns_error(ctx, NS_EINVAL, "body %zu out of range", body);
    }
    size_t *m = NULL;
    ns_verified_t *v = NULL;
    ns_status st = copy_members(ctx, w, members, verified, n, &m, &v);
    if (st == NS_OK) {
        ns__body_t *b = &w->bodies.items[body];
        ns_free(ctx, b->members);
        ns_free(ctx, b->member_verified);
        b->members = m;
        b->member_verified = v;
        b->rec.members = m;
        b->rec.member_verified = v;
        b->rec.n_members = n;
    }
    return st;
}

ns_status ns_world_set_body_mandate(ns_ctx_t *ctx, ns_world_t *w, size_t body, const size_t *dims,
                                    size_t n)
{
    if (body >= w->bodies.count) {
        return ns_error(ctx, NS_EINVAL, "body %zu out of range", body);
    }
    size_t *m = NULL;
    ns_status st = copy_mandate(ctx, w, dims, n, &m);
    if (st == NS_OK) {
        ns__body_t *b = &w->bodies.items[body];
        ns_free(ctx, b->mandate);
        b->mandate = m;
        b->rec.mandate = m;
        b->rec.n_mandate = n;
    }
    return st;
}

ns_status ns_world_add_resolution(ns_ctx_t *ctx, ns_world_t *w, const ns_resolution_t *r,
                                  size_t *index)
{
    ns_resolution_t rec = *r;
    const char *symbol = r->symbol != NULL ? r->symbol : "";
    if (symbol[0] != '\0' && ns__index_get(&w->resolution_ix, symbol, NULL)) {
        return ns_error(ctx, NS_EINVAL, "duplicate resolution symbol '%s'", symbol);
    }
    if (r->lead_sponsor != -1 &&
        (r->lead_sponsor < 0 || (size_t)r->lead_sponsor >= w->states.count)) {
        return ns_error(ctx, NS_EINVAL, "resolution '%s': lead sponsor out of range", symbol);
    }
    if (r->yes < -1 || r->no < -1 || r->abstain < -1 || r->rcid < 0 ||
        (unsigned)r->adoption > NS_ADOPT_WITHOUT_VOTE || !ns__valid_verified(r->verified)) {
        return ns_error(ctx, NS_ERANGE, "resolution '%s': a tally, rcid or code is out of range",
                        symbol);
    }
    rec.symbol = keep(w, symbol);
    rec.kind = keep(w, r->kind);
    rec.date = keep(w, r->date);
    rec.title = keep(w, r->title);
    rec.line = keep(w, r->line);
    rec.committee = keep(w, r->committee);
    rec.note = keep(w, r->note);
    if (rec.symbol == NULL || rec.kind == NULL || rec.date == NULL || rec.title == NULL ||
        rec.line == NULL || rec.committee == NULL || rec.note == NULL) {
        return oom(ctx);
    }
    size_t n = w->resolutions.count;
    ns__vote_counts_t none = {{0, 0, 0}};
    if (ns_grow(ctx, (void **)&w->resolutions.items, &w->resolutions.cap, n + 1, sizeof rec) ||
        ns_grow(ctx, (void **)&w->res_votes.items, &w->res_votes.cap, n + 1, sizeof none) ||
        (rec.symbol[0] != '\0' && ns__index_put(ctx, &w->resolution_ix, rec.symbol, n))) {
        return NS_ENOMEM;
    }
    PUSH(ctx, w->resolutions, &rec);
    PUSH(ctx, w->res_votes, &none);
    if (index != NULL) {
        *index = n;
    }
    return NS_OK;
}

ns_status ns_world_add_vote(ns_ctx_t *ctx, ns_world_t *w, const ns_vote_t *v)
{
    if (v->resolution >= w->resolutions.count || v->state >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "vote: resolution %zu or state %zu out of range",
                        v->resolution, v->state);
    }
    if ((unsigned)v->vote > NS_VOTE_NO) {
        return ns_error(ctx, NS_ERANGE, "vote: value %d out of range", (int)v->vote);
    }
    ns_status st = PUSH_CHAINED(ctx, w->votes, w->vote_next, w->vote_head.items[v->state], v);
    if (st == NS_OK) {
        w->res_votes.items[v->resolution].count[v->vote]++;
    }
    return st;
}

ns_status ns_world_add_norm(ns_ctx_t *ctx, ns_world_t *w, const ns_norm_t *nm, size_t *index)
{
    ns_norm_t rec = *nm;
    if (nm->id == NULL || nm->id[0] == '\0') {
        return ns_error(ctx, NS_EINVAL, "norm id is empty");
    }
    /* Norms are few (tens), so a scan is cheaper than an index. */
    for (size_t i = 0; i < w->norms.count; i++) {
        if (strcmp(w->norms.items[i].id, nm->id) == 0) {
            return ns_error(ctx, NS_EINVAL, "duplicate norm id '%s'", nm->id);
        }
    }
    if (nm->body != -1 && (nm->body < 0 || (size_t)nm->body >= w->bodies.count)) {
        return ns_error(ctx, NS_EINVAL, "norm '%s': body %ld out of range", nm->id, nm->body);
    }
    if (!ns__valid_verified(nm->verified)) {
        return ns_error(ctx, NS_ERANGE, "norm '%s': bad verified value", nm->id);
    }
    rec.id = keep(w, nm->id);
    rec.label = keep(w, nm->label);
    rec.text = keep(w, nm->text);
    rec.report = keep(w, nm->report);
    rec.paragraph = keep(w, nm->paragraph);
    if (rec.id == NULL || rec.label == NULL || rec.text == NULL || rec.report == NULL ||
        rec.paragraph == NULL) {
        return oom(ctx);
    }
    size_t n = w->norms.count;
    ns_status st = PUSH(ctx, w->norms, &rec);
    if (st == NS_OK && index != NULL) {
        *index = n;
    }
    return st;
}

ns_status ns_world_add_ideal_point(ns_ctx_t *ctx, ns_world_t *w, const ns_ideal_point_t *p)
{
    if (p->state >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "ideal point: state %zu out of range", p->state);
    }
    if (!isfinite(p->ideal) || !isfinite(p->q05) || !isfinite(p->q95) || p->q05 > p->q95 ||
        p->n_votes < 0) {
        return ns_error(ctx, NS_ERANGE, "ideal point of %s in session %d is inconsistent",
                        w->states.items[p->state].iso3, p->session);
    }
    return PUSH_CHAINED(ctx, w->ideal_points, w->ideal_next, w->ideal_head.items[p->state], p);
}

static bool coded(int v)
{
    return v >= -1 && v <= 1;
}

ns_status ns_world_add_national_position(ns_ctx_t *ctx, ns_world_t *w,
                                         const ns_national_position_t *p)
{
    if (p->state >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "national position: state %zu out of range", p->state);
    }
    if (!coded(p->in_a76_136) || !coded(p->ihl_applies) || !coded(p->sovereignty_rule) ||
        !coded(p->self_defence) || !coded(p->countermeasures) || !coded(p->due_diligence) ||
        !ns__valid_verified(p->verified)) {
        return ns_error(ctx, NS_ERANGE, "national position of %s: a coded value is not 1, 0 or -1",
                        w->states.items[p->state].iso3);
    }
    ns_national_position_t rec = *p;
    if ((rec.years = keep(w, p->years)) == NULL) {
        return oom(ctx);
    }
    return PUSH(ctx, w->national_positions, &rec);
}

ns_status ns_world_add_adoption_event(ns_ctx_t *ctx, ns_world_t *w, const ns_adoption_event_t *e)
{
    if (e->state >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "adoption event: state %zu out of range", e->state);
    }
    if (!ns__valid_verified(e->verified)) {
        return ns_error(ctx, NS_ERANGE, "adoption event: bad verified value");
    }
    ns_adoption_event_t rec = *e;
    rec.instrument = keep(w, e->instrument);
    rec.event = keep(w, e->event);
    rec.date = keep(w, e->date);
    rec.date_earliest = keep(w, e->date_earliest);
    rec.date_latest = keep(w, e->date_latest);
    if (rec.instrument == NULL || rec.event == NULL || rec.date == NULL ||
        rec.date_earliest == NULL || rec.date_latest == NULL) {
        return oom(ctx);
    }
    return PUSH(ctx, w->adoption_events, &rec);
}

/* ---- Counts and records ------------------------------------------------------------ */

#define GETTERS(name, vec, type, expr)                                                             \
    size_t ns_world_##name##_count(const ns_world_t *w)                                            \
    {                                                                                              \
        return w->vec.count;                                                                       \
    }                                                                                              \
    const type *ns_world_##name(const ns_world_t *w, size_t i)                                     \
    {                                                                                              \
        return i < w->vec.count ? expr : NULL;                                                     \
    }

GETTERS(state, states, ns_state_t, &w->states.items[i])
GETTERS(org, orgs, ns_org_t, &w->orgs.items[i])
GETTERS(membership, memberships, ns_membership_t, &w->memberships.items[i])
GETTERS(gdp, gdp, ns_gdp_t, &w->gdp.items[i])
GETTERS(gci, gci, ns_gci_t, &w->gci.items[i])
GETTERS(dimension, dims, ns_dimension_t, &w->dims.items[i])
GETTERS(stakeholder, stakeholders, ns_stakeholder_t, &w->stakeholders.items[i])
GETTERS(body, bodies, ns_body_t, &w->bodies.items[i].rec)
GETTERS(resolution, resolutions, ns_resolution_t, &w->resolutions.items[i])
GETTERS(vote, votes, ns_vote_t, &w->votes.items[i])
GETTERS(norm, norms, ns_norm_t, &w->norms.items[i])
GETTERS(ideal_point, ideal_points, ns_ideal_point_t, &w->ideal_points.items[i])
GETTERS(national_position, national_positions, ns_national_position_t,
        &w->national_positions.items[i])
GETTERS(adoption_event, adoption_events, ns_adoption_event_t, &w->adoption_events.items[i])

/* ---- Lookups ----------------------------------------------------------------------- */

/* Whether a and b differ by at most one insertion, deletion or substitution. */
static bool within_one_edit(const char *a, const char *b)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);
    if (la < lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    if (la - lb > 1) {
        return false;
    }
    size_t i = 0;
    while (i < lb && a[i] == b[i]) {
        i++;
    }
    if (la == lb) {
        return i == la || strcmp(a + i + 1, b + i + 1) == 0;
    }
    return strcmp(a + i + 1, b + i) == 0;
}

ns_status ns_world_find_state(ns_ctx_t *ctx, const ns_world_t *w, const char *iso3, size_t *index)
{
    if (iso3 != NULL && ns__index_get(&w->state_ix, iso3, index)) {
        return NS_OK;
    }
    const char *code = iso3 != NULL ? iso3 : "";
    /* Suggest the alphabetically first code within one edit of the upper-cased query, so
     * the message is the same whatever order the states were added in. */
    char upper[8] = {0};
    size_t n = strlen(code);
    const char *best = NULL;
    if (n < sizeof upper) {
        for (size_t i = 0; i < n; i++) {
            upper[i] = (char)toupper((unsigned char)code[i]);
        }
        for (size_t i = 0; i < w->states.count; i++) {
            const char *cand = w->states.items[i].iso3;
            if (within_one_edit(upper, cand) && (best == NULL || strcmp(cand, best) < 0)) {
                best = cand;
            }
        }
    }
    if (best != NULL) {
        return ns_error(ctx, NS_ENOTFOUND, "unknown state code '%s' (did you mean %s?)", code,
                        best);
    }
    return ns_error(ctx, NS_ENOTFOUND, "unknown state code '%s'", code);
}

static ns_status find_in(ns_ctx_t *ctx, const ns__index_t *ix, const char *what, const char *id,
                         size_t *index)
{
    if (id != NULL && ns__index_get(ix, id, index)) {
        return NS_OK;
    }
    return ns_error(ctx, NS_ENOTFOUND, "unknown %s '%s'", what, id != NULL ? id : "");
}

ns_status ns_world_find_org(ns_ctx_t *ctx, const ns_world_t *w, const char *id, size_t *index)
{
    return find_in(ctx, &w->org_ix, "organisation", id, index);
}

ns_status ns_world_find_dimension(ns_ctx_t *ctx, const ns_world_t *w, const char *id, size_t *index)
{
    return find_in(ctx, &w->dim_ix, "dimension", id, index);
}

ns_status ns_world_find_stakeholder(ns_ctx_t *ctx, const ns_world_t *w, const char *id,
                                    size_t *index)
{
    return find_in(ctx, &w->stakeholder_ix, "stakeholder", id, index);
}

ns_status ns_world_find_body(ns_ctx_t *ctx, const ns_world_t *w, const char *id, size_t *index)
{
    return find_in(ctx, &w->body_ix, "body", id, index);
}

ns_status ns_world_find_resolution(ns_ctx_t *ctx, const ns_world_t *w, const char *symbol,
                                   size_t *index)
{
    if (symbol != NULL && ns__index_get(&w->resolution_ix, symbol, index)) {
        return NS_OK;
    }
    /* "session:NN" names the unnumbered record of session NN (the data has one such row,
     * in the 79th session), which has no symbol to look it up by. */
    if (symbol != NULL && strncmp(symbol, "session:", 8) == 0) {
        char *end = NULL;
        long session = strtol(symbol + 8, &end, 10);
        if (end != symbol + 8 && *end == '\0') {
            for (size_t i = 0; i < w->resolutions.count; i++) {
                const ns_resolution_t *r = &w->resolutions.items[i];
                if (r->session == session && r->symbol[0] == '\0') {
                    if (index != NULL) {
                        *index = i;
                    }
                    return NS_OK;
                }
            }
        }
    }
    return ns_error(ctx, NS_ENOTFOUND, "unknown resolution '%s'", symbol != NULL ? symbol : "");
}

/* ---- Questions by year ------------------------------------------------------------- */

bool ns_world_is_member(const ns_world_t *w, size_t state, int year)
{
    if (state >= w->states.count) {
        return false;
    }
    /* An unknown admission year (0) counts as a member throughout. */
    int since = w->states.items[state].member_since;
    return since == 0 || year >= since;
}

bool ns_world_in_org(const ns_world_t *w, size_t state, size_t org, int year)
{
    if (state >= w->states.count) {
        return false;
    }
    /* A spell counts from its joining year up to, not including, its leaving year; an
     * unknown joining year counts as always. Former members count within their spell;
     * suspended, excluded, contested and unconfirmed rows never count. */
    for (size_t m = w->mem_head.items[state]; m != NO_ROW; m = w->mem_next.items[m]) {
        const ns_membership_t *ms = &w->memberships.items[m];
        if (ms->org != org ||
            (strcmp(ms->status, "member") != 0 && strcmp(ms->status, "former") != 0)) {
            continue;
        }
        if ((ms->joined == 0 || year >= ms->joined) && (ms->left == 0 || year < ms->left)) {
            return true;
        }
    }
    return false;
}

const ns_gdp_t *ns_world_gdp_row_at(const ns_world_t *w, size_t state, int year)
{
    if (state >= w->states.count) {
        return NULL;
    }
    const ns_gdp_t *best = NULL;
    for (size_t g = w->gdp_head.items[state]; g != NO_ROW; g = w->gdp_next.items[g]) {
        const ns_gdp_t *row = &w->gdp.items[g];
        if (row->year <= year && (best == NULL || row->year > best->year)) {
            best = row;
        }
    }
    return best;
}

double ns_world_gdp_at(const ns_world_t *w, size_t state, int year)
{
    const ns_gdp_t *row = ns_world_gdp_row_at(w, state, year);
    return row != NULL ? row->usd : NAN;
}

void ns_world_vote_counts(const ns_world_t *w, size_t r, size_t counts[3])
{
    for (int v = 0; v < 3; v++) {
        counts[v] = r < w->resolutions.count ? w->res_votes.items[r].count[v] : 0;
    }
}

const ns_vote_t *ns_world_vote_of(const ns_world_t *w, size_t state, size_t r)
{
    if (state >= w->states.count) {
        return NULL;
    }
    /* The chain runs from the last row added: the first match is the last row. */
    for (size_t k = w->vote_head.items[state]; k != NO_ROW; k = w->vote_next.items[k]) {
        if (w->votes.items[k].resolution == r) {
            return &w->votes.items[k];
        }
    }
    return NULL;
}

const ns_ideal_point_t *ns_world_ideal_point_latest(const ns_world_t *w, size_t state, int from,
                                                    int to)
{
    if (state >= w->states.count) {
        return NULL;
    }
    /* The chain runs from the last row added to the first; >= keeps the first added of a
     * year, as a scan in row order keeping strictly later years would. */
    const ns_ideal_point_t *best = NULL;
    for (size_t k = w->ideal_head.items[state]; k != NO_ROW; k = w->ideal_next.items[k]) {
        const ns_ideal_point_t *p = &w->ideal_points.items[k];
        if (p->year >= from && p->year <= to && (best == NULL || p->year >= best->year)) {
            best = p;
        }
    }
    return best;
}

/* ---- Parameters -------------------------------------------------------------------- */

ns_status ns_world_set_param(ns_ctx_t *ctx, ns_world_t *w, const char *key, double value)
{
    if (key == NULL || key[0] == '\0') {
        return ns_error(ctx, NS_EINVAL, "parameter name is empty");
    }
    if (!isfinite(value)) {
        return ns_error(ctx, NS_ERANGE, "parameter '%s': %g is not a finite number", key, value);
    }
    for (size_t i = 0; i < w->params.count; i++) {
        if (strcmp(w->params.items[i].key, key) == 0) {
            w->params.items[i].value = value;
            return NS_OK;
        }
    }
    ns__param_t p = {keep(w, key), value};
    if (p.key == NULL) {
        return oom(ctx);
    }
    return PUSH(ctx, w->params, &p);
}

ns_status ns_world_param(const ns_world_t *w, const char *key, double *value)
{
    for (size_t i = 0; key != NULL && i < w->params.count; i++) {
        if (strcmp(w->params.items[i].key, key) == 0) {
            *value = w->params.items[i].value;
            return NS_OK;
        }
    }
    return NS_ENOTFOUND;
}

size_t ns_world_param_count(const ns_world_t *w)
{
    return w->params.count;
}

const char *ns_world_param_key(const ns_world_t *w, size_t i)
{
    return i < w->params.count ? w->params.items[i].key : NULL;
}

/* ---- Replacing records (scenario overrides) ---- */

ns_status ns_world_set_state(ns_ctx_t *ctx, ns_world_t *w, size_t index, const ns_state_t *s)
{
    if (index >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "state %zu out of range", index);
    }
    ns_state_t *cur = &w->states.items[index];
    if (strncmp(cur->iso3, s->iso3, sizeof cur->iso3) != 0) {
        return ns_error(ctx, NS_EINVAL, "state %s: the code cannot be changed (to '%.3s')",
                        cur->iso3, s->iso3);
    }
    if ((unsigned)s->group >= NS_GROUP_COUNT) {
        return ns_error(ctx, NS_ERANGE, "state %s: UN group %d out of range", cur->iso3,
                        (int)s->group);
    }
    const char *name = keep(w, s->name);
    const char *notes = keep(w, s->notes);
    if (name == NULL || notes == NULL) {
        return oom(ctx);
    }
    ns_state_t rec = *s;
    memcpy(rec.iso3, cur->iso3, sizeof rec.iso3);
    rec.name = name;
    rec.notes = notes;
    *cur = rec;
    return NS_OK;
}

ns_status ns_world_set_dimension(ns_ctx_t *ctx, ns_world_t *w, size_t index,
                                 const ns_dimension_t *d)
{
    if (index >= w->dims.count) {
        return ns_error(ctx, NS_EINVAL, "dimension %zu out of range", index);
    }
    ns_dimension_t *cur = &w->dims.items[index];
    if (d->id == NULL || strcmp(cur->id, d->id) != 0) {
        return ns_error(ctx, NS_EINVAL, "dimension '%s': the id cannot be changed", cur->id);
    }
    if (!(d->scale_min < d->scale_max) || !isfinite(d->scale_min) || !isfinite(d->scale_max)) {
        return ns_error(ctx, NS_ERANGE, "dimension '%s': scale [%g, %g] is empty", cur->id,
                        d->scale_min, d->scale_max);
    }
    if (!(d->silence >= d->scale_min && d->silence <= d->scale_max)) {
        return ns_error(ctx, NS_ERANGE, "dimension '%s': silence %g outside [%g, %g]", cur->id,
                        d->silence, d->scale_min, d->scale_max);
    }
    ns_dimension_t rec = *d;
    rec.id = cur->id;
    rec.label = keep(w, d->label);
    rec.low = keep(w, d->low);
    rec.high = keep(w, d->high);
    if (rec.label == NULL || rec.low == NULL || rec.high == NULL) {
        return oom(ctx);
    }
    *cur = rec;
    return NS_OK;
}

ns_status ns_world_set_body_rules(ns_ctx_t *ctx, ns_world_t *w, size_t index, const ns_body_t *b)
{
    if (index >= w->bodies.count) {
        return ns_error(ctx, NS_EINVAL, "body %zu out of range", index);
    }
    ns__body_t *cur = &w->bodies.items[index];
    if (b->chair != -1 && (b->chair < 0 || (size_t)b->chair >= w->states.count)) {
        return ns_error(ctx, NS_EINVAL, "body '%s': chair %ld out of range", cur->rec.id, b->chair);
    }
    if ((unsigned)b->membership > NS_MEMBERS_LIST || (unsigned)b->decision > NS_DECIDE_MAJORITY ||
        (unsigned)b->kind > NS_BODY_CUSTOM || b->seats < 0 || b->k < 0 ||
        b->outcome < NS_OUTCOME_UNKNOWN || b->outcome > NS_OUTCOME_ADOPTED ||
        !ns__valid_verified(b->verified)) {
        return ns_error(ctx, NS_ERANGE, "body '%s': a rule, kind, size or outcome is out of range",
                        cur->rec.id);
    }
    if (b->end_year != 0 && b->end_year < b->start_year) {
        return ns_error(ctx, NS_ERANGE, "body '%s': ends (%d) before it starts (%d)", cur->rec.id,
                        b->end_year, b->start_year);
    }
    ns_body_t rec = *b;
    rec.id = cur->rec.id;
    rec.name = keep(w, b->name);
    rec.chair_name = keep(w, b->chair_name);
    rec.establishing_resolution = keep(w, b->establishing_resolution);
    rec.report_symbol = keep(w, b->report_symbol);
    rec.outcome_note = keep(w, b->outcome_note);
    rec.source = keep(w, b->source);
    if (rec.name == NULL || rec.chair_name == NULL || rec.establishing_resolution == NULL ||
        rec.report_symbol == NULL || rec.outcome_note == NULL || rec.source == NULL) {
        return oom(ctx);
    }
    /* Members and mandate are the body's own arrays; set them with their own setters. */
    rec.members = cur->members;
    rec.member_verified = cur->member_verified;
    rec.n_members = cur->rec.n_members;
    rec.mandate = cur->mandate;
    rec.n_mandate = cur->rec.n_mandate;
    cur->rec = rec;
    return NS_OK;
}
