/* The grid of a sweep: the Cartesian product of --vary PARAM=SPEC dimensions.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct dim {
    char *param;
    char *spec; /* The whole "PARAM=SPEC" as given. */
    size_t n;
    char **labels;
    double *values; /* NaN for words. */
} dim_t;

struct ns_grid {
    ns_ctx_t *ctx;
    dim_t *dims;
    size_t n, cap;
    uint32_t npoints;
};

ns_status ns_grid_new(ns_ctx_t *ctx, ns_grid_t **out)
{
    *out = ns_calloc(ctx, 1, sizeof **out);
    if (*out == NULL) {
        return NS_ENOMEM;
    }
    (*out)->ctx = ctx;
    (*out)->npoints = 1;
    return NS_OK;
}

static void dim_destroy(ns_ctx_t *ctx, dim_t *d)
{
    for (size_t i = 0; d->labels != NULL && i < d->n; i++) {
        ns_free(ctx, d->labels[i]);
    }
    ns_free(ctx, d->labels);
    ns_free(ctx, d->values);
    ns_free(ctx, d->param);
    ns_free(ctx, d->spec);
}

void ns_grid_free(ns_grid_t *grid)
{
    if (grid == NULL) {
        return;
    }
    for (size_t i = 0; i < grid->n; i++) {
        dim_destroy(grid->ctx, &grid->dims[i]);
    }
    ns_free(grid->ctx, grid->dims);
    ns_free(grid->ctx, grid);
}

/* A whole string that is one finite number. */
static bool parse_number(const char *s, double *out)
{
    char *end = NULL;
    if (*s == '\0') {
        return false;
    }
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        return false;
    }
    *out = v;
    return true;
}

static ns_status add_value(ns_ctx_t *ctx, dim_t *d, size_t *cap, const char *label, size_t len)
{
    ns_status s = NS_OK;
    size_t cap_values = *cap;
    if (d->n + 1 > *cap) {
        s = ns_grow(ctx, (void **)&d->labels, cap, d->n + 1, sizeof *d->labels);
        if (s == NS_OK) {
            s = ns_grow(ctx, (void **)&d->values, &cap_values, d->n + 1, sizeof *d->values);
        }
        if (s != NS_OK) {
            return s;
        }
    }
    char *copy = ns_malloc(ctx, len + 1);
    if (copy == NULL) {
        return NS_ENOMEM;
    }
    memcpy(copy, label, len);
    copy[len] = '\0';
    double v;
    d->labels[d->n] = copy;
    d->values[d->n] = parse_number(copy, &v) ? v : NAN;
    d->n++;
    return NS_OK;
}

static ns_status parse_range(ns_ctx_t *ctx, dim_t *d, const char *text, const char *spec)
{
    char buf[3][64];
    const char *p = text;
    for (int k = 0; k < 3; k++) {
        const char *colon = k < 2 ? strchr(p, ':') : p + strlen(p);
        if (colon == NULL || (size_t)(colon - p) >= sizeof buf[k]) {
            return ns_error(ctx, NS_EINVAL, "--vary %s: a range is from:to:step", spec);
        }
        memcpy(buf[k], p, (size_t)(colon - p));
        buf[k][colon - p] = '\0';
        p = colon + 1;
    }
    double from, to, step;
    if (!parse_number(buf[0], &from) || !parse_number(buf[1], &to) ||
        !parse_number(buf[2], &step)) {
        return ns_error(ctx, NS_EINVAL, "--vary %s: from, to and step of a range must be numbers",
                        spec);
    }
    if (!(step > 0) || to < from) {
        return ns_error(ctx, NS_EINVAL, "--vary %s: a range needs step > 0 and to >= from", spec);
    }
    /* The tolerance lets 0:1:0.1 end at 1 despite rounding in (to - from) / step. */
    double count = floor((to - from) / step + 1e-9) + 1;
    if (count > NS_STUDY_MAX_POINTS) {
        return ns_error(ctx, NS_ELIMIT, "--vary %s: %.0f values, more than the %u allowed", spec,
                        count, NS_STUDY_MAX_POINTS);
    }
    size_t cap = 0;
    ns_status s = NS_OK;
    for (size_t i = 0; s == NS_OK && i < (size_t)count; i++) {
        /* Multiply rather than accumulate, so the i-th value carries one rounding, and
         * print with 15 digits so 0.1 * 3 reads 0.3; the number is then read back from
         * the label, so value and label agree exactly. */
        char label[64];
        int len = snprintf(label, sizeof label, "%.15g", from + (double)i * step);
        s = add_value(ctx, d, &cap, label, (size_t)len);
    }
    return s;
}

static ns_status parse_list(ns_ctx_t *ctx, dim_t *d, const char *text, const char *spec)
{
    size_t cap = 0;
    ns_status s = NS_OK;
    const char *p = text;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        if (len == 0) {
            return ns_error(ctx, NS_EINVAL, "--vary %s: an empty value in the list", spec);
        }
        s = add_value(ctx, d, &cap, p, len);
        if (s != NS_OK) {
            return s;
        }
        if (d->n > NS_STUDY_MAX_POINTS) {
            return ns_error(ctx, NS_ELIMIT, "--vary %s: more than %u values", spec,
                            NS_STUDY_MAX_POINTS);
        }
        if (comma == NULL) {
            break;
        }
        p = comma + 1;
    }
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(d->labels[i], d->labels[j]) == 0) {
                return ns_error(ctx, NS_EINVAL, "--vary %s: '%s' is listed twice", spec,
                                d->labels[i]);
            }
        }
    }
    return s;
}

ns_status ns_grid_add(ns_ctx_t *ctx, ns_grid_t *grid, const char *spec)
{
    dim_t d;
    memset(&d, 0, sizeof d);
    ns_status s = NS_OK;
    const char *eq = strchr(spec, '=');
    if (eq == NULL || eq == spec || eq[1] == '\0') {
        return ns_error(ctx, NS_EINVAL, "--vary '%s': expected PARAM=a,b,c or PARAM=from:to:step",
                        spec);
    }
    if (grid->n >= NS_STUDY_MAX_PARAMS) {
        return ns_error(ctx, NS_ELIMIT, "more than %u --vary parameters", NS_STUDY_MAX_PARAMS);
    }
    d.param = ns_malloc(ctx, (size_t)(eq - spec) + 1);
    d.spec = ns_strdup(ctx, spec);
    if (d.param == NULL || d.spec == NULL) {
        s = NS_ENOMEM;
        goto cleanup;
    }
    memcpy(d.param, spec, (size_t)(eq - spec));
    d.param[eq - spec] = '\0';
    for (size_t i = 0; i < grid->n; i++) {
        if (strcmp(grid->dims[i].param, d.param) == 0) {
            s = ns_error(ctx, NS_EINVAL, "--vary %s: %s is already varied", spec, d.param);
            goto cleanup;
        }
    }
    /* A range has exactly two colons and no comma; anything else is a list. */
    const char *body = eq + 1;
    const char *c1 = strchr(body, ':');
    bool range = c1 != NULL && strchr(body, ',') == NULL;
    s = range ? parse_range(ctx, &d, body, spec) : parse_list(ctx, &d, body, spec);
    if (s != NS_OK) {
        goto cleanup;
    }
    if ((uint64_t)grid->npoints * d.n > NS_STUDY_MAX_POINTS) {
        s = ns_error(ctx, NS_ELIMIT, "--vary %s: the grid would have %llu points, more than %u",
                     spec, (unsigned long long)grid->npoints * d.n, NS_STUDY_MAX_POINTS);
        goto cleanup;
    }
    s = ns_grow(ctx, (void **)&grid->dims, &grid->cap, grid->n + 1, sizeof *grid->dims);
    if (s != NS_OK) {
        goto cleanup;
    }
    grid->npoints *= (uint32_t)d.n;
    grid->dims[grid->n++] = d;
    memset(&d, 0, sizeof d);
cleanup:
    dim_destroy(ctx, &d);
    return s;
}

size_t ns_grid_nparams(const ns_grid_t *grid)
{
    return grid->n;
}

const char *ns_grid_param(const ns_grid_t *grid, size_t i)
{
    return grid->dims[i].param;
}

const char *ns_grid_spec(const ns_grid_t *grid, size_t i)
{
    return grid->dims[i].spec;
}

uint32_t ns_grid_npoints(const ns_grid_t *grid)
{
    return grid->npoints;
}

/* Index into dimension i at a point: mixed radix, the last dimension fastest. */
static size_t index_at(const ns_grid_t *grid, uint32_t point, size_t i)
{
    uint32_t stride = 1;
    for (size_t j = i + 1; j < grid->n; j++) {
        stride *= (uint32_t)grid->dims[j].n;
    }
    return (point / stride) % grid->dims[i].n;
}

const char *ns_grid_label(const ns_grid_t *grid, uint32_t point, size_t i)
{
    return grid->dims[i].labels[index_at(grid, point, i)];
}

double ns_grid_value(const ns_grid_t *grid, uint32_t point, size_t i)
{
    return grid->dims[i].values[index_at(grid, point, i)];
}
