/* Internals of the world module: the layout of ns_world_t and the string index used for
 * lookups by id. Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_WORLD_INTERNAL_H
#define NS_WORLD_INTERNAL_H

#include "normsim/world.h"

/* An open-addressing hash table from a NUL-terminated key (borrowed: the world's arena
 * owns it) to an index. Keys are never removed, so no tombstones are needed. */
typedef struct ns__index {
    const char **keys; /* NULL marks an empty slot. */
    size_t *values;
    size_t cap; /* A power of two, or 0. */
    size_t count;
} ns__index_t;

void ns__index_destroy(ns_ctx_t *ctx, ns__index_t *ix);
/* Insert a key that is not yet present. NS_OK or NS_ENOMEM. */
ns_status ns__index_put(ns_ctx_t *ctx, ns__index_t *ix, const char *key, size_t value);
bool ns__index_get(const ns__index_t *ix, const char *key, size_t *value);

/* Positions of one kind of actor: a row of `stride` cells per actor, stride >= the number
 * of dimensions, so that adding a dimension usually costs nothing. Cells beyond the
 * world's dimension count are kept at the unknown value. */
typedef struct ns__posgrid {
    ns_position_t *cells;
    size_t rows;   /* Actor rows allocated. */
    size_t stride; /* Cells per row. */
} ns__posgrid_t;

void ns__posgrid_destroy(ns_ctx_t *ctx, ns__posgrid_t *g);
/* Make room for n_actors rows of n_dims cells, filling new cells with the unknown
 * position (x = NaN, sd = 0, salience = NaN). */
ns_status ns__posgrid_reserve(ns_ctx_t *ctx, ns__posgrid_t *g, size_t n_actors, size_t n_dims);

/* A body as the world stores it: the public record (whose arrays point at the owned
 * arrays below) and the arrays, which are replaced by set_body_members/mandate. */
typedef struct ns__body {
    ns_body_t rec;
    size_t *members;
    ns_verified_t *member_verified;
    size_t *mandate;
} ns__body_t;

typedef struct ns__param {
    const char *key;
    double value;
} ns__param_t;

/* A dynamic array of records. */
#define NS__VEC(type)                                                                              \
    struct {                                                                                       \
        type *items;                                                                               \
        size_t count, cap;                                                                         \
    }

/* The vote rows of one resolution, by value (index ns_vote_value_t). */
typedef struct ns__vote_counts {
    size_t count[3];
} ns__vote_counts_t;

struct ns_world {
    ns_ctx_t *ctx; /* The context it was made with: owns the allocation hook. */
    ns_arena_t strings;
    const char *data_version;

    NS__VEC(ns_state_t) states;
    NS__VEC(double) capability; /* Parallel to states. */
    NS__VEC(double) will;       /* Parallel to states. */
    NS__VEC(size_t) gdp_head;   /* Parallel to states: first gdp row, SIZE_MAX if none. */
    NS__VEC(size_t) mem_head;   /* Parallel to states: first membership row. */
    NS__VEC(size_t) ideal_head; /* Parallel to states: last ideal point added, SIZE_MAX. */
    NS__VEC(size_t) vote_head;  /* Parallel to states: last vote row added, SIZE_MAX. */
    NS__VEC(ns_org_t) orgs;
    NS__VEC(ns_membership_t) memberships;
    NS__VEC(size_t) mem_next; /* Parallel to memberships: next row of the same state. */
    NS__VEC(ns_gdp_t) gdp;
    NS__VEC(size_t) gdp_next; /* Parallel to gdp. */
    NS__VEC(ns_gci_t) gci;
    NS__VEC(ns_dimension_t) dims;
    NS__VEC(ns_stakeholder_t) stakeholders;
    NS__VEC(ns__body_t) bodies;
    NS__VEC(ns_resolution_t) resolutions;
    NS__VEC(ns__vote_counts_t) res_votes; /* Parallel to resolutions: its vote rows. */
    NS__VEC(ns_vote_t) votes;
    NS__VEC(size_t) vote_next; /* Parallel to votes: the state's previous vote row. */
    NS__VEC(ns_norm_t) norms;
    NS__VEC(ns_ideal_point_t) ideal_points;
    NS__VEC(size_t) ideal_next; /* Parallel to ideal_points: the state's previous row. */
    NS__VEC(ns_national_position_t) national_positions;
    NS__VEC(ns_adoption_event_t) adoption_events;
    NS__VEC(ns_mandate_t) mandates;
    NS__VEC(ns_relation_event_t) relation_events;
    NS__VEC(ns_stance_t) stances;
    NS__VEC(ns_sponsorship_t) sponsorships;
    NS__VEC(ns__param_t) params;

    ns__posgrid_t state_pos;
    ns__posgrid_t stakeholder_pos;

    ns__index_t state_ix;
    ns__index_t org_ix;
    ns__index_t dim_ix;
    ns__index_t stakeholder_ix;
    ns__index_t body_ix;
    ns__index_t resolution_ix;
};

/* Append one record to a vector (see NS__VEC): NS_OK or NS_ENOMEM. */
ns_status ns__world_push(ns_ctx_t *ctx, void **items, size_t *count, size_t *cap, const void *rec,
                         size_t size);
#define PUSH(ctx, vec, rec)                                                                        \
    ns__world_push((ctx), (void **)&(vec).items, &(vec).count, &(vec).cap, (rec),                  \
                   sizeof *(vec).items)

/* Whether v is a verified value. */
bool ns__valid_verified(ns_verified_t v);

#endif
