/* The record in the world: mandates and practice of the bodies, dated relations events
 * among the permanent five and the camps, dated stances of states (docs/RECORD.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "world/world_internal.h"

#include <string.h>

static const char *const kind_names[NS_REL_KIND_COUNT] = {
    "agreement",       "dialogue_started", "dialogue_suspended",
    "joint_statement", "attribution",      "sanction",
    "indictment",      "expulsion",        "code_of_conduct",
    "forum",           "cosponsorship",    "vote"};

const char *ns_relation_kind_str(ns_relation_kind_t k)
{
    return (unsigned)k < NS_REL_KIND_COUNT ? kind_names[k] : "?";
}

/* YYYYMMDD with month 0-12 and day 0-31 (0: unknown), a day only with a month. */
static bool valid_date(ns_date_t d)
{
    int y = d / 10000;
    int m = d / 100 % 100;
    int day = d % 100;
    return y >= 1900 && y <= 2100 && m <= 12 && day <= 31 && (m > 0 || day == 0);
}

ns_status ns_world_add_mandate(ns_ctx_t *ctx, ns_world_t *w, const ns_mandate_t *m)
{
    if (m->body >= w->bodies.count) {
        return ns_error(ctx, NS_EINVAL, "mandate: body %zu out of range", m->body);
    }
    if (ns_world_body_mandate(w, m->body) != NULL) {
        return ns_error(ctx, NS_EINVAL, "a second mandate for body %s",
                        w->bodies.items[m->body].rec.id);
    }
    if ((m->adopted != 0 && !valid_date(m->adopted)) ||
        (m->report_date != 0 && !valid_date(m->report_date)) || !ns__valid_verified(m->verified) ||
        (m->views > (NS_VIEWS_CHAIR_SUMMARY | NS_VIEWS_NATIONAL_CONTRIBUTIONS) &&
         m->views != NS_VIEWS_UNKNOWN)) {
        return ns_error(ctx, NS_ERANGE, "mandate of %s: a date, the views or verified is invalid",
                        w->bodies.items[m->body].rec.id);
    }
    ns_mandate_t rec = *m;
    if ((rec.resolution =
             ns_arena_strdup(&w->strings, m->resolution != NULL ? m->resolution : "")) == NULL) {
        return ns_error(ctx, NS_ENOMEM, "out of memory");
    }
    return PUSH(ctx, w->mandates, &rec);
}

/* Every actor of one side exists. */
static bool valid_side(const ns_world_t *w, const ns_relation_actor_t *a, size_t n)
{
    if (n > NS_RELATION_MAX_ACTORS) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (a[i].index >= (a[i].org ? w->orgs.count : w->states.count)) {
            return false;
        }
    }
    return true;
}

ns_status ns_world_add_relation_event(ns_ctx_t *ctx, ns_world_t *w, const ns_relation_event_t *e)
{
    if (!valid_side(w, e->a, e->n_a) || !valid_side(w, e->b, e->n_b) || e->n_a == 0) {
        return ns_error(ctx, NS_EINVAL, "relations event: an actor is missing or out of range");
    }
    if (!valid_date(e->date) || (e->cooperative != 1 && e->cooperative != -1) ||
        (unsigned)e->kind >= NS_REL_KIND_COUNT || !ns__valid_verified(e->verified)) {
        return ns_error(ctx, NS_ERANGE,
                        "relations event: the date, kind, cooperative or verified is invalid");
    }
    return PUSH(ctx, w->relation_events, e);
}

ns_status ns_world_add_stance(ns_ctx_t *ctx, ns_world_t *w, const ns_stance_t *s)
{
    if (s->state >= w->states.count || s->dim >= w->dims.count) {
        return ns_error(ctx, NS_EINVAL, "stance: state or dimension out of range");
    }
    if (!valid_date(s->date) || s->stance < -1 || s->stance > 1 ||
        !ns__valid_verified(s->verified)) {
        return ns_error(ctx, NS_ERANGE, "stance of %s: the date, stance or verified is invalid",
                        w->states.items[s->state].iso3);
    }
    return PUSH(ctx, w->stances, s);
}

void ns_world_drop_record(ns_world_t *w, unsigned which)
{
    if ((which & NS_RECORD_MANDATES) != 0) {
        w->mandates.count = 0;
    }
    if ((which & NS_RECORD_RELATIONS) != 0) {
        w->relation_events.count = 0;
    }
    if ((which & NS_RECORD_STANCES) != 0) {
        w->stances.count = 0;
    }
}

size_t ns_world_mandate_count(const ns_world_t *w)
{
    return w->mandates.count;
}

const ns_mandate_t *ns_world_mandate(const ns_world_t *w, size_t i)
{
    return i < w->mandates.count ? &w->mandates.items[i] : NULL;
}

size_t ns_world_relation_event_count(const ns_world_t *w)
{
    return w->relation_events.count;
}

const ns_relation_event_t *ns_world_relation_event(const ns_world_t *w, size_t i)
{
    return i < w->relation_events.count ? &w->relation_events.items[i] : NULL;
}

size_t ns_world_stance_count(const ns_world_t *w)
{
    return w->stances.count;
}

const ns_stance_t *ns_world_stance(const ns_world_t *w, size_t i)
{
    return i < w->stances.count ? &w->stances.items[i] : NULL;
}

const ns_mandate_t *ns_world_body_mandate(const ns_world_t *w, size_t body)
{
    for (size_t i = 0; i < w->mandates.count; i++) {
        if (w->mandates.items[i].body == body) {
            return &w->mandates.items[i];
        }
    }
    return NULL;
}

/* Whether state s is among the actors of one side, itself or as a member of a named
 * organisation in the event's year. */
static bool on_side(const ns_world_t *w, const ns_relation_actor_t *a, size_t n, size_t s, int year)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i].org ? ns_world_in_org(w, s, a[i].index, year) : a[i].index == s) {
            return true;
        }
    }
    return false;
}

bool ns_world_relation_party(const ns_world_t *w, const ns_relation_event_t *e, size_t state)
{
    int year = e->date / 10000;
    return on_side(w, e->a, e->n_a, state, year) || on_side(w, e->b, e->n_b, state, year);
}
