/* Networks of states for the diffusion model (DESIGN.md model 9): weighted layers of
 * ties from shared organisations, camps and UN regional groups, or from a user's edge
 * list. Exposure follows Valente (1995): E_i = sum_j X_ij a_j / sum_j X_ij.
 *
 * The layers are dense n x n matrices. With the 193 UN members a layer is 300 KB, and
 * the organisation layers are dense anyway (NAM alone ties 120 states to each other),
 * so a sparse format would save little and cost a branch in the hot loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "diffusion/diffusion_internal.h"

#include "normsim/io.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define MAX_STATES 100000

typedef struct layer {
    char *name;
    double weight;
    double *tie; /* n x n, symmetric. */
} layer_t;

struct ns_net {
    ns_ctx_t *ctx;
    size_t n;
    layer_t *layers;
    size_t n_layers, cap_layers;
    double *total; /* n x n: sum over layers of weight x tie. */
};

/* Regional organisations are the implementation channels of MECHANISM.md 2.4 and 7.3;
 * the others are camps (alliances and alignments, MECHANISM.md 2.2 and 6.4). */
static const char *const regional_orgs[] = {"EU", "AU", "OAS", "OSCE", "ASEAN"};
static const char *const camp_orgs[] = {"NATO", "FiveEyes", "SCO", "CSTO", "BRICS", "NAM", "FOC"};

ns_status ns_net_new(ns_ctx_t *ctx, size_t n, ns_net_t **out)
{
    *out = NULL;
    if (n == 0) {
        return ns_error(ctx, NS_EINVAL, "network: no states");
    }
    if (n > MAX_STATES) {
        return ns_error(ctx, NS_ELIMIT, "network: %zu states, at most %d", n, MAX_STATES);
    }
    ns_net_t *net = ns_calloc(ctx, 1, sizeof *net);
    if (net == NULL) {
        return NS_ENOMEM;
    }
    net->ctx = ctx;
    net->n = n;
    net->total = ns_calloc(ctx, n * n, sizeof(double));
    if (net->total == NULL) {
        ns_free(ctx, net);
        return NS_ENOMEM;
    }
    *out = net;
    return NS_OK;
}

void ns_net_free(ns_net_t *net)
{
    if (net == NULL) {
        return;
    }
    for (size_t l = 0; l < net->n_layers; l++) {
        ns_free(net->ctx, net->layers[l].name);
        ns_free(net->ctx, net->layers[l].tie);
    }
    ns_free(net->ctx, net->layers);
    ns_free(net->ctx, net->total);
    ns_free(net->ctx, net);
}

static void rebuild_total(ns_net_t *net)
{
    size_t nn = net->n * net->n;
    memset(net->total, 0, nn * sizeof(double));
    for (size_t l = 0; l < net->n_layers; l++) {
        const layer_t *ly = &net->layers[l];
        if (ly->weight == 0.0) {
            continue;
        }
        for (size_t k = 0; k < nn; k++) {
            net->total[k] += ly->weight * ly->tie[k];
        }
    }
}

ns_status ns_net_find_layer(const ns_net_t *net, const char *name, size_t *layer)
{
    for (size_t l = 0; l < net->n_layers; l++) {
        if (strcmp(net->layers[l].name, name) == 0) {
            *layer = l;
            return NS_OK;
        }
    }
    return NS_ENOTFOUND;
}

ns_status ns_net_add_layer(ns_ctx_t *ctx, ns_net_t *net, const char *name, double weight,
                           size_t *layer)
{
    if (!isfinite(weight) || weight < 0) {
        return ns_error(ctx, NS_ERANGE, "network layer '%s': weight %g must be >= 0", name, weight);
    }
    size_t found;
    if (ns_net_find_layer(net, name, &found) == NS_OK) {
        if (layer != NULL) {
            *layer = found;
        }
        return ns_net_set_layer_weight(ctx, net, found, weight);
    }
    ns_status st =
        ns_grow(ctx, (void **)&net->layers, &net->cap_layers, net->n_layers + 1, sizeof(layer_t));
    if (st != NS_OK) {
        return st;
    }
    layer_t ly = {ns_strdup(ctx, name), weight, ns_calloc(ctx, net->n * net->n, sizeof(double))};
    if (ly.name == NULL || ly.tie == NULL) {
        ns_free(ctx, ly.name);
        ns_free(ctx, ly.tie);
        return NS_ENOMEM;
    }
    net->layers[net->n_layers] = ly;
    if (layer != NULL) {
        *layer = net->n_layers;
    }
    net->n_layers++;
    return NS_OK;
}

ns_status ns_net_add_tie(ns_ctx_t *ctx, ns_net_t *net, size_t layer, size_t i, size_t j, double w)
{
    if (layer >= net->n_layers || i >= net->n || j >= net->n) {
        return ns_error(ctx, NS_EINVAL, "network: tie %zu-%zu in layer %zu out of range", i, j,
                        layer);
    }
    if (i == j) {
        return ns_error(ctx, NS_EINVAL, "network: a state cannot be tied to itself");
    }
    if (!isfinite(w) || w < 0) {
        return ns_error(ctx, NS_ERANGE, "network: tie weight %g must be >= 0", w);
    }
    layer_t *ly = &net->layers[layer];
    size_t n = net->n;
    ly->tie[i * n + j] += w;
    ly->tie[j * n + i] += w;
    net->total[i * n + j] += ly->weight * w;
    net->total[j * n + i] += ly->weight * w;
    return NS_OK;
}

ns_status ns_net_set_layer_weight(ns_ctx_t *ctx, ns_net_t *net, size_t layer, double weight)
{
    if (layer >= net->n_layers) {
        return ns_error(ctx, NS_EINVAL, "network: layer %zu out of range", layer);
    }
    if (!isfinite(weight) || weight < 0) {
        return ns_error(ctx, NS_ERANGE, "network layer '%s': weight %g must be >= 0",
                        net->layers[layer].name, weight);
    }
    net->layers[layer].weight = weight;
    rebuild_total(net);
    return NS_OK;
}

size_t ns_net_size(const ns_net_t *net)
{
    return net->n;
}

size_t ns_net_layer_count(const ns_net_t *net)
{
    return net->n_layers;
}

const char *ns_net_layer_name(const ns_net_t *net, size_t layer)
{
    return layer < net->n_layers ? net->layers[layer].name : NULL;
}

double ns_net_layer_weight(const ns_net_t *net, size_t layer)
{
    return layer < net->n_layers ? net->layers[layer].weight : NAN;
}

const double *ns__net_matrix(const ns_net_t *net, size_t layer)
{
    if (layer == SIZE_MAX) {
        return net->total;
    }
    return layer < net->n_layers ? net->layers[layer].tie : NULL;
}

double ns_net_tie(const ns_net_t *net, size_t layer, size_t i, size_t j)
{
    const double *m = ns__net_matrix(net, layer);
    if (m == NULL || i >= net->n || j >= net->n) {
        return NAN;
    }
    return m[i * net->n + j];
}

void ns_net_exposure(const ns_net_t *net, size_t layer, const double *adopted, double *exposure)
{
    const double *m = ns__net_matrix(net, layer);
    size_t n = net->n;
    for (size_t i = 0; i < n; i++) {
        double num = 0, den = 0;
        if (m != NULL) {
            for (size_t j = 0; j < n; j++) {
                num += m[i * n + j] * adopted[j];
                den += m[i * n + j];
            }
        }
        exposure[i] = den > 0 ? num / den : 0.0;
    }
}

/* Tie every pair of states that belong together to `orgs` in `year`, once per shared
 * organisation. */
static ns_status add_org_layer(ns_ctx_t *ctx, ns_net_t *net, const ns_world_t *w, int year,
                               const char *name, const char *const *orgs, size_t n_orgs)
{
    size_t layer;
    size_t n = net->n;
    ns_status st = ns_net_add_layer(ctx, net, name, 1.0, &layer);
    size_t *members = NULL;
    if (st != NS_OK) {
        goto cleanup;
    }
    members = ns_calloc(ctx, n, sizeof *members);
    if (members == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k < n_orgs; k++) {
        size_t org;
        /* An organisation missing from a user's data directory is simply not a tie. */
        if (ns_world_find_org(ctx, w, orgs[k], &org) != NS_OK) {
            ns_ctx_clear_error(ctx);
            continue;
        }
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (ns_world_in_org(w, i, org, year)) {
                members[m++] = i;
            }
        }
        for (size_t a = 0; a < m; a++) {
            for (size_t b = a + 1; b < m; b++) {
                if ((st = ns_net_add_tie(ctx, net, layer, members[a], members[b], 1.0)) != NS_OK) {
                    goto cleanup;
                }
            }
        }
    }
cleanup:
    ns_free(ctx, members);
    return st;
}

ns_status ns_net_from_world(ns_ctx_t *ctx, const ns_world_t *world, int year, ns_net_t **out)
{
    size_t n = ns_world_state_count(world);
    ns_net_t *net = NULL;
    size_t group_layer;
    ns_status st = ns_net_new(ctx, n, &net);
    if (st != NS_OK) {
        goto cleanup;
    }
    if ((st = add_org_layer(ctx, net, world, year, NS_LAYER_REGIONAL, regional_orgs,
                            sizeof regional_orgs / sizeof regional_orgs[0])) != NS_OK ||
        (st = add_org_layer(ctx, net, world, year, NS_LAYER_CAMP, camp_orgs,
                            sizeof camp_orgs / sizeof camp_orgs[0])) != NS_OK ||
        (st = ns_net_add_layer(ctx, net, NS_LAYER_GROUP, 0.5, &group_layer)) != NS_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        ns_ungroup_t gi = ns_world_state(world, i)->group;
        for (size_t j = i + 1; j < n && gi != NS_GROUP_NONE; j++) {
            if (ns_world_state(world, j)->group == gi &&
                (st = ns_net_add_tie(ctx, net, group_layer, i, j, 1.0)) != NS_OK) {
                goto cleanup;
            }
        }
    }
cleanup:
    if (st != NS_OK) {
        ns_net_free(net);
        net = NULL;
    }
    *out = net;
    return st;
}

static ns_status check_header(ns_csv_t *csv)
{
    static const char *const want[] = {"from", "to", "weight", "layer"};
    if (ns_csv_nfields(csv) != 4) {
        return ns_csv_error(csv, NS_EPARSE, 0, NULL,
                            "edge list header must be from,to,weight,layer (%zu fields)",
                            ns_csv_nfields(csv));
    }
    for (size_t k = 0; k < 4; k++) {
        if (strcmp(ns_csv_field(csv, k), want[k]) != 0) {
            return ns_csv_error(csv, NS_EPARSE, k, NULL,
                                "edge list header: expected '%s', found '%s'", want[k],
                                ns_csv_field(csv, k));
        }
    }
    return NS_OK;
}

static ns_status edge_state(ns_csv_t *csv, const ns_world_t *world, size_t k, const char *field,
                            size_t *state)
{
    ns_ctx_t *ctx = ns_csv_ctx(csv);
    const char *code = ns_csv_field(csv, k);
    if (ns_world_find_state(ctx, world, code, state) != NS_OK) {
        /* Keep the world's message (it suggests the closest code) but put it in place. */
        char msg[512];
        snprintf(msg, sizeof msg, "%s", ns_ctx_errmsg(ctx));
        return ns_csv_error(csv, NS_EINVAL, k, field, "%s", msg);
    }
    return NS_OK;
}

ns_status ns_net_read_edges(ns_ctx_t *ctx, ns_net_t *net, const ns_world_t *world, const char *path)
{
    ns_csv_t *csv = NULL;
    ns_status st = ns_csv_open_file(ctx, path, &csv);
    if (st != NS_OK) {
        goto cleanup;
    }
    st = ns_csv_next(csv);
    if (st == NS_DONE) {
        st = ns_error_at(ctx, NS_EPARSE, path, 1, 1, NULL,
                         "empty edge list (expected header from,to,weight,layer)");
        goto cleanup;
    }
    if (st != NS_CONTINUE || (st = check_header(csv)) != NS_OK) {
        goto cleanup;
    }
    while ((st = ns_csv_next(csv)) == NS_CONTINUE) {
        size_t from, to, layer;
        double w;
        if (ns_csv_nfields(csv) != 4) {
            st = ns_csv_error(csv, NS_EINVAL, 0, NULL, "expected 4 fields, found %zu",
                              ns_csv_nfields(csv));
            goto cleanup;
        }
        if ((st = edge_state(csv, world, 0, "from", &from)) != NS_OK ||
            (st = edge_state(csv, world, 1, "to", &to)) != NS_OK ||
            (st = ns_csv_double(csv, 2, "weight", 0, 1e12, &w)) != NS_OK) {
            goto cleanup;
        }
        if (from == to) {
            st = ns_csv_error(csv, NS_EINVAL, 1, "to", "a state cannot be tied to itself");
            goto cleanup;
        }
        const char *name = ns_csv_field(csv, 3);
        if (name[0] == '\0') {
            st = ns_csv_error(csv, NS_EINVAL, 3, "layer", "empty layer name");
            goto cleanup;
        }
        if (ns_net_find_layer(net, name, &layer) != NS_OK &&
            (st = ns_net_add_layer(ctx, net, name, 1.0, &layer)) != NS_OK) {
            goto cleanup;
        }
        if (from >= net->n || to >= net->n) {
            st = ns_csv_error(csv, NS_EINVAL, 0, "from", "state outside the network");
            goto cleanup;
        }
        if ((st = ns_net_add_tie(ctx, net, layer, from, to, w)) != NS_OK) {
            goto cleanup;
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
cleanup:
    ns_csv_free(csv);
    return st;
}
