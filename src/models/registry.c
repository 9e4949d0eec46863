/* The registry of built-in models, in listing order.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "models/models.h"

#include <string.h>

static const ns_model_type_t *const registry[] = {
    &ns_model_compromise, &ns_model_median,   &ns_model_winset, &ns_model_nash,
    &ns_model_eum,        &ns_model_exchange, &ns_model_smp,
};

const ns_model_type_t *const *ns_models(size_t *n)
{
    *n = NS_ARRAY_LEN(registry);
    return registry;
}

ns_status ns_model_find(ns_ctx_t *ctx, const char *name, const ns_model_type_t **out)
{
    char known[256];
    size_t used = 0;
    *out = NULL;
    known[0] = '\0';
    for (size_t m = 0; m < NS_ARRAY_LEN(registry); m++) {
        if (strcmp(registry[m]->name, name) == 0) {
            *out = registry[m];
            return NS_OK;
        }
        if (used < sizeof known) {
            int w = snprintf(known + used, sizeof known - used, "%s%s", m > 0 ? ", " : "",
                             registry[m]->name);
            used += w > 0 ? (size_t)w : 0;
        }
    }
    return ns_error(ctx, NS_ENOTFOUND, "no model '%s'; the models are: %s", name, known);
}
