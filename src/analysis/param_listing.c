/* The listing of `normsim params`: every declared parameter of the process and the
 * diffusion model (the registry, src/params/param_registry.c), of each collective-
 * decision model (its ns_param_spec_t list) and of each study model, as one table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"
#include "normsim/model.h"
#include "normsim/params.h"
#include "normsim/study.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { C_OWNER, C_PARAM, C_TYPE, C_ALLOWED, C_DEFAULT, C_DOC };

static ns_status add_row(ns_rows_t *rows, const char *owner, const char *key, const char *type,
                         const char *allowed, const char *dflt, const char *doc)
{
    ns_status st = ns_rows_add(rows);
    if (st == NS_OK && (st = ns_rows_set(rows, C_OWNER, owner)) == NS_OK &&
        (st = ns_rows_set(rows, C_PARAM, key)) == NS_OK &&
        (st = ns_rows_set(rows, C_TYPE, type)) == NS_OK &&
        (st = ns_rows_set(rows, C_ALLOWED, allowed)) == NS_OK &&
        (st = ns_rows_set(rows, C_DEFAULT, dflt)) == NS_OK) {
        st = ns_rows_set(rows, C_DOC, doc);
    }
    return st;
}

static ns_status world_rows(ns_rows_t *rows, const char *owner)
{
    static const char *const types[] = {"real", "int", "switch", "enum"};
    ns_status st = NS_OK;
    for (size_t i = 0; i < ns_param_def_count() && st == NS_OK; i++) {
        const ns_param_def_t *d = ns_param_def_get(i);
        char key[96], range[256], dflt[64];
        if (strcmp(d->owner, owner) != 0) {
            continue;
        }
        if (isnan(d->dflt)) {
            dflt[0] = '\0';
        } else if (d->type == NS_PARAM_ENUM) {
            snprintf(dflt, sizeof dflt, "%s", d->choices[(size_t)d->dflt]);
        } else {
            snprintf(dflt, sizeof dflt, "%.6g", d->dflt);
        }
        st = add_row(rows, d->owner, ns_param_format_key(d, key, sizeof key), types[d->type],
                     ns_param_format_range(d, range, sizeof range), dflt, d->doc);
    }
    return st;
}

static ns_status model_rows(ns_rows_t *rows, const ns_model_type_t *m)
{
    ns_status st = NS_OK;
    for (size_t p = 0; p < m->n_params && st == NS_OK; p++) {
        const ns_param_spec_t *s = &m->params[p];
        char range[256], dflt[64];
        if (s->choices != NULL) {
            size_t used = 0;
            range[0] = '\0';
            for (size_t c = 0; s->choices[c] != NULL && used < sizeof range; c++) {
                int w = snprintf(range + used, sizeof range - used, "%s%s", c > 0 ? ", " : "",
                                 s->choices[c]);
                used += w > 0 ? (size_t)w : 0;
            }
            snprintf(dflt, sizeof dflt, "%s", s->choices[(size_t)s->dflt]);
        } else {
            snprintf(range, sizeof range, "[%g, %g]", s->min, s->max);
            snprintf(dflt, sizeof dflt, "%.6g", s->dflt);
        }
        st = add_row(rows, m->name, s->name, s->choices != NULL ? "enum" : "real", range, dflt,
                     s->help != NULL ? s->help : "");
    }
    return st;
}

static ns_status study_rows(ns_ctx_t *ctx, ns_rows_t *rows, const ns_study_model_t *m)
{
    ns_status st = NS_OK;
    for (size_t p = 0; p < m->n_params && st == NS_OK; p++) {
        char dflt[64];
        double back = 0;
        snprintf(dflt, sizeof dflt, "%.6g", m->defaults[p]);
        /* A default that is the code of a word (the frontier's body 5 is GGE6) is not
         * shown as a number the parser would refuse: the description names it. */
        if (m->parse != NULL &&
            (m->parse(p, dflt, &back, ctx) != NS_OK || back != m->defaults[p])) {
            dflt[0] = '\0';
            ns_ctx_clear_error(ctx);
        }
        /* Study parameters are parsed by their model (words or numbers, --vary): the
         * allowed values are in their description. */
        /* A world parameter a study varies (negotiate's forum_shopping, diffuse's
         * diffusion.theta_median) is described where it is declared. */
        const char *doc = m->param_help != NULL ? m->param_help[p] : NULL;
        const ns_param_def_t *def = ns_param_def_find(m->params[p]);
        if (doc == NULL && def == NULL) {
            def = ns_param_match(m->params[p]);
        }
        if (doc == NULL) {
            doc = def != NULL ? def->doc : "";
        }
        st = add_row(rows, m->name, m->params[p], m->parse != NULL ? "word/number" : "real",
                     "see description", dflt, doc);
    }
    return st;
}

ns_status ns_param_rows(ns_ctx_t *ctx, const char *owner, ns_rows_t **out)
{
    static const char *const cols[] = {"owner",   "parameter", "type",
                                       "allowed", "default",   "description"};
    size_t n_models = 0;
    const ns_model_type_t *const *models = ns_models(&n_models);
    ns_rows_t *rows = NULL;
    bool found = false;
    *out = NULL;
    ns_status st = ns_rows_new(ctx, cols, NS_ARRAY_LEN(cols), &rows);
    static const char *const world_owners[] = {"process", "diffusion", "vote"};
    for (size_t k = 0; k < NS_ARRAY_LEN(world_owners) && st == NS_OK; k++) {
        if (owner == NULL || strcmp(owner, world_owners[k]) == 0) {
            found = true;
            st = world_rows(rows, world_owners[k]);
        }
    }
    for (size_t m = 0; m < n_models && st == NS_OK; m++) {
        if (owner == NULL || strcmp(owner, models[m]->name) == 0) {
            found = true;
            st = model_rows(rows, models[m]);
        }
    }
    for (size_t m = 0; m < ns_study_model_count() && st == NS_OK; m++) {
        const ns_study_model_t *sm = ns_study_model_get(m);
        /* The study of a collective-decision model (sweep --model eum) varies that
         * model's parameters, listed above, and `noise` (normsim help sweep). */
        bool listed = false;
        for (size_t k = 0; k < n_models; k++) {
            listed = listed || strcmp(models[k]->name, sm->name) == 0;
        }
        if (!listed && (owner == NULL || strcmp(owner, sm->name) == 0)) {
            found = true;
            st = study_rows(ctx, rows, sm);
        }
    }
    if (st == NS_OK && !found) {
        char list[512];
        size_t used = (size_t)snprintf(list, sizeof list, "process, diffusion, vote");
        for (size_t m = 0; m < n_models && used < sizeof list; m++) {
            int w = snprintf(list + used, sizeof list - used, ", %s", models[m]->name);
            used += w > 0 ? (size_t)w : 0;
        }
        for (size_t m = 0; m < ns_study_model_count() && used < sizeof list; m++) {
            const char *name = ns_study_model_get(m)->name;
            bool listed = false;
            for (size_t k = 0; k < n_models; k++) {
                listed = listed || strcmp(models[k]->name, name) == 0;
            }
            int w = listed ? 0 : snprintf(list + used, sizeof list - used, ", %s (study)", name);
            used += w > 0 ? (size_t)w : 0;
        }
        st = ns_error(ctx, NS_ENOTFOUND, "no parameters owned by '%s'; the owners are: %s", owner,
                      list);
    }
    if (st != NS_OK) {
        ns_rows_free(rows);
        return st;
    }
    *out = rows;
    return NS_OK;
}
