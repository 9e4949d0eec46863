/* Sponsor rows in the world: who tabled and co-sponsored each General Assembly text
 * (sponsors.csv; docs/RECORD.md section 9).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "world/world_internal.h"

#include <string.h>

ns_status ns_world_add_sponsorship(ns_ctx_t *ctx, ns_world_t *w, const ns_sponsorship_t *s)
{
    if (s->resolution >= w->resolutions.count || s->state >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "sponsorship: resolution or state out of range");
    }
    if (!ns__valid_verified(s->verified)) {
        return ns_error(ctx, NS_ERANGE, "sponsorship of %s: verified is invalid",
                        w->states.items[s->state].iso3);
    }
    ns_sponsorship_t rec = *s;
    if ((rec.draft = ns_arena_strdup(&w->strings, s->draft != NULL ? s->draft : "")) == NULL) {
        return ns_error(ctx, NS_ENOMEM, "out of memory");
    }
    return PUSH(ctx, w->sponsorships, &rec);
}

void ns_world_drop_sponsorships(ns_world_t *w)
{
    w->sponsorships.count = 0;
}

size_t ns_world_sponsorship_count(const ns_world_t *w)
{
    return w->sponsorships.count;
}

const ns_sponsorship_t *ns_world_sponsorship(const ns_world_t *w, size_t i)
{
    return i < w->sponsorships.count ? &w->sponsorships.items[i] : NULL;
}
