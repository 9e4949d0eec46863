/* Deep copy of a world: every record is added again to a new world through the public
 * adders, so the copy has its own arena, arrays and indexes, and the adders' checks
 * hold for it by construction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "world/world_internal.h"

#include <string.h>

static ns_status copy_records(ns_ctx_t *ctx, const ns_world_t *src, ns_world_t *dst)
{
    ns_status st = NS_OK;
#define COPY_ALL(vec, add)                                                                         \
    for (size_t i = 0; i < src->vec.count; i++) {                                                  \
        if ((st = add) != NS_OK) {                                                                 \
            goto cleanup;                                                                          \
        }                                                                                          \
    }
    /* Order matters: later records refer to earlier ones by index. */
    COPY_ALL(states, ns_world_add_state(ctx, dst, &src->states.items[i], NULL))
    COPY_ALL(orgs, ns_world_add_org(ctx, dst, &src->orgs.items[i], NULL))
    COPY_ALL(dims, ns_world_add_dimension(ctx, dst, &src->dims.items[i], NULL))
    COPY_ALL(stakeholders, ns_world_add_stakeholder(ctx, dst, &src->stakeholders.items[i], NULL))
    /* Membership and GDP rows are chained per state newest first; adding them in their
     * original order rebuilds identical chains. */
    COPY_ALL(memberships, ns_world_add_membership(ctx, dst, &src->memberships.items[i]))
    COPY_ALL(gdp, ns_world_add_gdp(ctx, dst, &src->gdp.items[i]))
    COPY_ALL(gci, ns_world_add_gci(ctx, dst, &src->gci.items[i]))
    COPY_ALL(bodies, ns_world_add_body(ctx, dst, &src->bodies.items[i].rec, NULL))
    COPY_ALL(resolutions, ns_world_add_resolution(ctx, dst, &src->resolutions.items[i], NULL))
    COPY_ALL(votes, ns_world_add_vote(ctx, dst, &src->votes.items[i]))
    COPY_ALL(norms, ns_world_add_norm(ctx, dst, &src->norms.items[i], NULL))
    COPY_ALL(ideal_points, ns_world_add_ideal_point(ctx, dst, &src->ideal_points.items[i]))
    COPY_ALL(national_positions,
             ns_world_add_national_position(ctx, dst, &src->national_positions.items[i]))
    COPY_ALL(adoption_events, ns_world_add_adoption_event(ctx, dst, &src->adoption_events.items[i]))
    COPY_ALL(mandates, ns_world_add_mandate(ctx, dst, &src->mandates.items[i]))
    COPY_ALL(relation_events, ns_world_add_relation_event(ctx, dst, &src->relation_events.items[i]))
    COPY_ALL(stances, ns_world_add_stance(ctx, dst, &src->stances.items[i]))
    COPY_ALL(sponsorships, ns_world_add_sponsorship(ctx, dst, &src->sponsorships.items[i]))
    COPY_ALL(params,
             ns_world_set_param(ctx, dst, src->params.items[i].key, src->params.items[i].value))
#undef COPY_ALL
    /* Capability, will and positions are plain values; copy them without the setters'
     * range checks, which they passed when they were set. */
    for (size_t a = 0; a < src->states.count; a++) {
        dst->capability.items[a] = src->capability.items[a];
        dst->will.items[a] = src->will.items[a];
    }
    for (size_t a = 0; a < src->states.count && src->dims.count > 0; a++) {
        memcpy(&dst->state_pos.cells[a * dst->state_pos.stride],
               &src->state_pos.cells[a * src->state_pos.stride],
               src->dims.count * sizeof(ns_position_t));
    }
    for (size_t a = 0; a < src->stakeholders.count && src->dims.count > 0; a++) {
        memcpy(&dst->stakeholder_pos.cells[a * dst->stakeholder_pos.stride],
               &src->stakeholder_pos.cells[a * src->stakeholder_pos.stride],
               src->dims.count * sizeof(ns_position_t));
    }
    st = ns_world_set_data_version(ctx, dst, src->data_version);
cleanup:
    return st;
}

ns_status ns_world_copy(ns_ctx_t *ctx, const ns_world_t *src, ns_world_t **out)
{
    ns_world_t *dst = NULL;
    *out = NULL;
    ns_status st = ns_world_new(ctx, &dst);
    if (st == NS_OK) {
        st = copy_records(ctx, src, dst);
    }
    if (st != NS_OK) {
        ns_world_free(dst);
        dst = NULL;
    }
    *out = dst;
    return st;
}
