/* Model parameters: key=value text from the user, resolved against a model's
 * ns_param_spec_t list (defaults, ranges, named choices).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"
#include "normsim/model.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct pair {
    char *key;
    char *value;
} pair_t;

struct ns_params {
    ns_ctx_t *ctx;
    pair_t *pair;
    size_t count, cap;
};

ns_status ns_params_new(ns_ctx_t *ctx, ns_params_t **out)
{
    *out = ns_calloc(ctx, 1, sizeof **out);
    if (*out == NULL) {
        return NS_ENOMEM;
    }
    (*out)->ctx = ctx;
    return NS_OK;
}

void ns_params_free(ns_params_t *params)
{
    if (params == NULL) {
        return;
    }
    for (size_t i = 0; i < params->count; i++) {
        ns_free(params->ctx, params->pair[i].key);
        ns_free(params->ctx, params->pair[i].value);
    }
    ns_free(params->ctx, params->pair);
    ns_free(params->ctx, params);
}

ns_status ns_params_set(ns_params_t *params, const char *key, const char *value)
{
    ns_ctx_t *ctx = params->ctx;
    if (key[0] == '\0') {
        return ns_error(ctx, NS_EINVAL, "parameter with an empty name");
    }
    char *k = ns_strdup(ctx, key);
    char *v = ns_strdup(ctx, value);
    ns_status st = NS_OK;
    if (k == NULL || v == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    /* A later value for the same key replaces the earlier one, as on most command lines. */
    for (size_t i = 0; i < params->count; i++) {
        if (strcmp(params->pair[i].key, key) == 0) {
            ns_free(ctx, params->pair[i].value);
            params->pair[i].value = v;
            v = NULL;
            goto cleanup;
        }
    }
    if ((st = ns_grow(ctx, (void **)&params->pair, &params->cap, params->count + 1,
                      sizeof *params->pair)) != NS_OK) {
        goto cleanup;
    }
    params->pair[params->count].key = k;
    params->pair[params->count].value = v;
    params->count++;
    k = NULL;
    v = NULL;
cleanup:
    ns_free(ctx, k);
    ns_free(ctx, v);
    return st;
}

ns_status ns_params_parse(ns_params_t *params, const char *key_eq_value)
{
    ns_ctx_t *ctx = params->ctx;
    const char *eq = strchr(key_eq_value, '=');
    if (eq == NULL) {
        return ns_error(ctx, NS_EINVAL, "parameter '%s' is not of the form key=value",
                        key_eq_value);
    }
    size_t n = (size_t)(eq - key_eq_value);
    char *key = ns_malloc(ctx, n + 1);
    if (key == NULL) {
        return NS_ENOMEM;
    }
    memcpy(key, key_eq_value, n);
    key[n] = '\0';
    ns_status st = ns_params_set(params, key, eq + 1);
    ns_free(ctx, key);
    return st;
}

size_t ns_params_count(const ns_params_t *params)
{
    return params == NULL ? 0 : params->count;
}

const char *ns_params_key(const ns_params_t *params, size_t i)
{
    return i < ns_params_count(params) ? params->pair[i].key : NULL;
}

const char *ns_params_value(const ns_params_t *params, size_t i)
{
    return i < ns_params_count(params) ? params->pair[i].value : NULL;
}

/* "a, b, c" into buf. */
static void list_names(char *buf, size_t size, const ns_model_type_t *model)
{
    buf[0] = '\0';
    size_t used = 0;
    for (size_t p = 0; p < model->n_params && used < size; p++) {
        int w = snprintf(buf + used, size - used, "%s%s", p > 0 ? ", " : "", model->params[p].name);
        used += w > 0 ? (size_t)w : 0;
    }
    if (model->n_params == 0) {
        snprintf(buf, size, "(none)");
    }
}

static void list_choices(char *buf, size_t size, const char *const *choices)
{
    buf[0] = '\0';
    size_t used = 0;
    for (size_t c = 0; choices[c] != NULL && used < size; c++) {
        int w = snprintf(buf + used, size - used, "%s%s", c > 0 ? ", " : "", choices[c]);
        used += w > 0 ? (size_t)w : 0;
    }
}

static ns_status resolve_one(ns_ctx_t *ctx, const ns_model_type_t *model,
                             const ns_param_spec_t *spec, const char *text, double *out)
{
    char buf[512];
    if (spec->choices != NULL) {
        for (size_t c = 0; spec->choices[c] != NULL; c++) {
            if (strcmp(spec->choices[c], text) == 0) {
                *out = (double)c;
                return NS_OK;
            }
        }
        list_choices(buf, sizeof buf, spec->choices);
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, spec->name,
                           "model %s: '%s' is not one of: %s", model->name, text, buf);
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (text[0] == '\0' || end == text || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, spec->name,
                           "model %s: '%s' is not a finite number", model->name, text);
    }
    if (v < spec->min || v > spec->max) {
        return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, spec->name,
                           "model %s: %g is outside [%g, %g]", model->name, v, spec->min,
                           spec->max);
    }
    *out = v;
    return NS_OK;
}

ns_status ns_params_resolve(ns_ctx_t *ctx, const ns_model_type_t *model, const ns_params_t *given,
                            double *values)
{
    for (size_t p = 0; p < model->n_params; p++) {
        values[p] = model->params[p].dflt;
    }
    for (size_t i = 0; i < ns_params_count(given); i++) {
        const char *key = ns_params_key(given, i);
        size_t p = 0;
        while (p < model->n_params && strcmp(model->params[p].name, key) != 0) {
            p++;
        }
        if (p == model->n_params) {
            char buf[512], near[256];
            const char *names[64];
            size_t n = model->n_params < 64 ? model->n_params : 64;
            for (size_t k = 0; k < n; k++) {
                names[k] = model->params[k].name;
            }
            list_names(buf, sizeof buf, model);
            ns__nearest_names(key, names, n, near, sizeof near);
            return ns_error_at(ctx, NS_EINVAL, NULL, 0, 0, key,
                               "model %s has no parameter '%s'%s%s%s; its parameters are: %s",
                               model->name, key, near[0] != '\0' ? " (did you mean " : "", near,
                               near[0] != '\0' ? "?)" : "", buf);
        }
        ns_status st =
            resolve_one(ctx, model, &model->params[p], ns_params_value(given, i), &values[p]);
        if (st != NS_OK) {
            return st;
        }
    }
    return NS_OK;
}
