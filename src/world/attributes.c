/* Positions, saliences, capabilities and political will of the world's actors.
 *
 * Each actor kind keeps a grid of one row per actor and one cell per dimension. A new
 * cell is "unknown" (x = NaN, sd = 0, salience = NaN): positions are estimated by the
 * position pipeline or given by a scenario, never invented here.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "world/world_internal.h"

#include "core/internal.h"

#include <math.h>
#include <string.h>

static const ns_position_t unknown_position = {NAN, 0.0, NAN};

void ns__posgrid_destroy(ns_ctx_t *ctx, ns__posgrid_t *g)
{
    if (g == NULL) {
        return;
    }
    ns_free(ctx, g->cells);
    memset(g, 0, sizeof *g);
}

/* Positions (actors x dimensions) one world may hold: 4 million, e.g. 100000 actors on
 * 40 dimensions, 96 MB of cells (up to 4 times that after geometric growth). */
#define NS__MAX_POS_CELLS ((size_t)4 << 20)

ns_status ns__posgrid_reserve(ns_ctx_t *ctx, ns__posgrid_t *g, size_t n_actors, size_t n_dims)
{
    ns_status st = NS_OK;
    if (n_actors <= g->rows && n_dims <= g->stride) {
        goto cleanup;
    }
    /* Refuse before allocating: a scenario of 100000 stakeholders (its list limit) on
     * 1000 dimensions would ask for gigabytes. The grid holds what the models accept:
     * NS_MAX_ACTORS actors, NS_MAX_DIMS dimensions, and NS__MAX_POS_CELLS cells. */
    if (n_actors > NS_MAX_ACTORS || n_dims > NS_MAX_DIMS ||
        (n_dims > 0 && n_actors > NS__MAX_POS_CELLS / n_dims)) {
        st = ns_error(ctx, NS_ELIMIT,
                      "%zu actors x %zu dimensions: normsim accepts at most %d actors, %d "
                      "dimensions and %zu positions in a world",
                      n_actors, n_dims, NS_MAX_ACTORS, NS_MAX_DIMS, (size_t)NS__MAX_POS_CELLS);
        goto cleanup;
    }
    /* Grow geometrically in both directions so that adding actors or dimensions one at
     * a time costs amortised O(1) cells each. */
    size_t rows = g->rows;
    size_t stride = g->stride;
    while (rows < n_actors) {
        rows = rows > 0 ? 2 * rows : 8;
    }
    while (stride < n_dims) {
        stride = stride > 0 ? 2 * stride : 4;
    }
    ns_position_t *cells = ns_calloc(ctx, rows, stride * sizeof *cells);
    if (cells == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t r = 0; r < rows; r++) {
        for (size_t d = 0; d < stride; d++) {
            cells[r * stride + d] =
                (r < g->rows && d < g->stride) ? g->cells[r * g->stride + d] : unknown_position;
        }
    }
    ns_free(ctx, g->cells);
    g->cells = cells;
    g->rows = rows;
    g->stride = stride;
cleanup:
    return st;
}

static const ns__posgrid_t *grid_of(const ns_world_t *w, ns_actor_kind_t kind, size_t *n)
{
    if (kind == NS_ACTOR_STATE) {
        *n = w->states.count;
        return &w->state_pos;
    }
    if (kind == NS_ACTOR_STAKEHOLDER) {
        *n = w->stakeholders.count;
        return &w->stakeholder_pos;
    }
    *n = 0;
    return NULL;
}

ns_status ns_world_set_position(ns_ctx_t *ctx, ns_world_t *w, ns_actor_kind_t kind, size_t actor,
                                size_t dim, const ns_position_t *p)
{
    size_t n = 0;
    const ns__posgrid_t *g = grid_of(w, kind, &n);
    if (g == NULL || actor >= n || dim >= w->dims.count || p == NULL) {
        return ns_error(ctx, NS_EINVAL, "position: actor %zu or dimension %zu out of range", actor,
                        dim);
    }
    const ns_dimension_t *d = &w->dims.items[dim];
    if (!isnan(p->x) && !(p->x >= d->scale_min && p->x <= d->scale_max)) {
        return ns_error(ctx, NS_ERANGE, "position %g on '%s' outside [%g, %g]", p->x, d->id,
                        d->scale_min, d->scale_max);
    }
    if (!(p->sd >= 0.0) || isinf(p->sd)) {
        return ns_error(ctx, NS_ERANGE, "uncertainty %g on '%s' must be finite and >= 0", p->sd,
                        d->id);
    }
    if (!isnan(p->salience) && !(p->salience >= 0.0 && p->salience <= 1.0)) {
        return ns_error(ctx, NS_ERANGE, "salience %g on '%s' outside [0, 1]", p->salience, d->id);
    }
    ((ns__posgrid_t *)g)->cells[actor * g->stride + dim] = *p;
    return NS_OK;
}

const ns_position_t *ns_world_position(const ns_world_t *w, ns_actor_kind_t kind, size_t actor,
                                       size_t dim)
{
    size_t n = 0;
    const ns__posgrid_t *g = grid_of(w, kind, &n);
    if (g == NULL || actor >= n || dim >= w->dims.count) {
        return NULL;
    }
    return &g->cells[actor * g->stride + dim];
}

ns_status ns_world_set_capability(ns_ctx_t *ctx, ns_world_t *w, size_t state, double c)
{
    if (state >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "capability: state %zu out of range", state);
    }
    if (!isnan(c) && !(c >= 0.0 && isfinite(c))) {
        return ns_error(ctx, NS_ERANGE, "capability %g of %s must be >= 0", c,
                        w->states.items[state].iso3);
    }
    w->capability.items[state] = c;
    return NS_OK;
}

double ns_world_capability(const ns_world_t *w, size_t state)
{
    return state < w->states.count ? w->capability.items[state] : NAN;
}

ns_status ns_world_set_will(ns_ctx_t *ctx, ns_world_t *w, size_t state, double will)
{
    if (state >= w->states.count) {
        return ns_error(ctx, NS_EINVAL, "will: state %zu out of range", state);
    }
    if (!(will >= 0.0 && isfinite(will))) {
        return ns_error(ctx, NS_ERANGE, "political will %g of %s must be finite and >= 0", will,
                        w->states.items[state].iso3);
    }
    w->will.items[state] = will;
    return NS_OK;
}

double ns_world_will(const ns_world_t *w, size_t state)
{
    return state < w->states.count ? w->will.items[state] : NAN;
}
