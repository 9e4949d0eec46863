/* Shared between the diffusion files (network.c, diffusion.c, diffusion/calibrate.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_DIFFUSION_INTERNAL_H
#define NS_DIFFUSION_INTERNAL_H

#include "normsim/diffusion.h"

#include <stdint.h>

/* The dense n x n tie matrix of a layer, or of the whole network (SIZE_MAX). */
const double *ns__net_matrix(const ns_net_t *net, size_t layer);

/* The stages of every state (n values), for callers that read them all each year. */
const uint8_t *ns__diffusion_stages(const ns_diffusion_t *d);

/* A dated adoption series: for each state the first year it can have adopted
 * (earliest) and the year by which it had (latest); both 0 when it never did in the
 * data. earliest == latest for an exactly dated event. */
typedef struct ns__series {
    char name[96]; /* "instrument:event" */
    size_t n;      /* States of the world. */
    int *earliest;
    int *latest;
    int first_year; /* Earliest year of any event. */
    int horizon;    /* Latest year the data cover (the latest date or bound). */
    size_t n_exact, n_censored;
} ns__series_t;

/* Load a series by name ("instrument" takes the instrument's default event).
 * NS_ENOTFOUND lists the known series. */
ns_status ns__series_load(ns_ctx_t *ctx, const ns_world_t *world, const char *name,
                          ns__series_t *out);
void ns__series_destroy(ns_ctx_t *ctx, ns__series_t *s);
/* Expected adoption of state i by the end of `year`, dates spread evenly over bounds. */
double ns__series_adopted(const ns__series_t *s, size_t i, int year);

#endif
