/* The parameter registry (normsim/params.h): one const table of every world parameter,
 * the checks of a key and value against it, and the listing of `normsim params`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"
#include "normsim/model.h"
#include "normsim/params.h"
#include "normsim/positions.h"
#include "normsim/process.h"
#include "normsim/study.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- The table --------------------------------------------------------------------- */

static const char *const loss_choices[] = {"linear", "quadratic", NULL};
static const char *const dynamics_choices[] = {"none", "eum", NULL};

/* One entry per parameter, grouped by owner; within an owner, in the order of its
 * documentation. Reals and ints: REAL(owner, name, suffix, min, max, default, doc) with
 * closed bounds, REALX for open ones; SWITCH(owner, name, suffix, default, doc);
 * ENUM(owner, name, default, choices, doc). NAN: no single default (the doc says what
 * applies). Ranges bound every value to what keeps the readers' results finite. */
#define REAL(o, n, s, lo, hi, d, doc)                                                              \
    {                                                                                              \
        o, n, s, NS_PARAM_REAL, lo, hi, false, false, d, NULL, doc                                 \
    }
#define REALX(o, n, s, lo, hi, lo_open, hi_open, d, doc)                                           \
    {                                                                                              \
        o, n, s, NS_PARAM_REAL, lo, hi, lo_open, hi_open, d, NULL, doc                             \
    }
#define INT(o, n, s, lo, hi, d, doc)                                                               \
    {                                                                                              \
        o, n, s, NS_PARAM_INT, lo, hi, false, false, d, NULL, doc                                  \
    }
#define SWITCH(o, n, s, d, doc)                                                                    \
    {                                                                                              \
        o, n, s, NS_PARAM_SWITCH, 0, 1, false, false, d, NULL, doc                                 \
    }
#define ENUM(o, n, d, ch, doc)                                                                     \
    {                                                                                              \
        o, n, NS_SUFFIX_NONE, NS_PARAM_ENUM, 0, 0, false, false, d, ch, doc                        \
    }
#define P    "process"
#define D    "diffusion"
#define NONE NS_SUFFIX_NONE
#define BODY NS_SUFFIX_BODY
#define CAMP NS_SUFFIX_CAMP

static const ns_param_def_t table[] = {
    /* process (docs/PROCESS.md section 2). b = 0.25 and will_scale = 6 are the in-sample
     * maximum-likelihood fit of `normsim backtest history --coarse` (section 8: the first,
     * 12-point grid; the 72-point default grid's likelihood is flat and peaks elsewhere
     * with the same sessions right); f = 0.5 is not identified on the grid. will_scale above 1e6
     * changes nothing on 0-100 scales (every member's will already exceeds any loss) and near 1e308
     * overflows. */
    REAL(P, "forum_shopping", NONE, 0, 1, 0.25,
         "b: strength of the outside option o_i = q + b c_i (x_i - q)"),
    REAL(P, "will_scale", NONE, 0, 1e6, 6,
         "will of member i: w_i = will_scale (1 + v_i) sum_d s_id"),
    REAL(P, "summary_record", NONE, 0, 1, 0.5,
         "f: what a chair's summary is worth to those who prefer it"),
    REAL(P, "persuasion", NONE, 0, 1, 0.1,
         "rho: pull of stakeholders' views in bodies that consult them"),
    SWITCH(P, "summary_available", NONE, 1, "0 forbids chair's summaries everywhere"),
    SWITCH(P, "summary_available", BODY, NAN, "the same for one body (default: summary_available)"),
    ENUM(P, "loss", 0, loss_choices, "members' loss in distance from their ideal"),
    REAL(P, "regional_persuasion", NONE, 0, 1, 0,
         "lambda: pull of the regional organisations' views in bodies that consult them"),
    SWITCH(P, "consult_regional", NONE, NAN,
           "0: no body consults the regional organisations; 1: every body; unset: those set up by "
           "A/RES/73/266"),
    SWITCH(P, "consult_regional", BODY, NAN, "the same switch for one body"),
    INT(P, "rounds", NONE, 1, NS_PROCESS_MAX_ROUNDS, 1,
        "R: drafts at most (1: the single-shot negotiation)"),
    REAL(P, "cohesion", NONE, 0, 1, 0, "kappa: between drafts, camps close ranks by kappa"),
    REAL(P, "cohesion", CAMP, 0, 1, NAN, "the same for one camp (default: cohesion)"),
    ENUM(P, "dynamics", 0, dynamics_choices,
         "eum: also one round of model 5 per paragraph between drafts"),
    /* The record (docs/RECORD.md section 3): off by default, section 7 says why. */
    SWITCH(P, "record", NONE, 0, "1: every rule of the record (docs/RECORD.md) on"),
    SWITCH(P, "record_will", NONE, NAN, "will from the relations record (default: record)"),
    SWITCH(P, "record_stances", NONE, NAN, "positions pulled by dated stances (default: record)"),
    SWITCH(P, "record_salience", NONE, NAN,
           "legal salience from attributions and sanctions (default: record)"),
    SWITCH(P, "record_views", NONE, NAN,
           "the body's practice on records of views (default: record)"),
    REALX(P, "qmv_threshold", BODY, 0, 1, true, false, NS_PROCESS_QMV_THRESHOLD,
          "T: share of the weight a weighted_qmv body needs"),
    SWITCH(P, "qmv_weights", BODY, 1,
           "a weighted_qmv body's weights: 1 capability, 0 one per member"),
    /* diffusion (docs/DIFFUSION.md, "Parameters and their sources"). spont_rate,
     * spont_capacity and theta_median are the fit of `normsim diffuse --fit
     * national_position_il_cyber` (provenance in ns_diffusion_default_provenance()); the
     * others are documented assumptions. */
    REALX(D, "diffusion.spont_rate", NONE, 0, 1, false, true, 0.000311,
          "spontaneous yearly endorsement rate at capacity 1/2 (fitted)"),
    REAL(D, "diffusion.spont_capacity", NONE, -50, 50, 16.0,
         "log-odds slope of the spontaneous rate in capacity (fitted)"),
    REALX(D, "diffusion.theta_median", NONE, 0, 100, true, false, 0.616,
          "median threshold of peer exposure (fitted)"),
    REAL(D, "diffusion.theta_spread", NONE, 0, 20, 1.0,
         "sd of log thresholds (assumption, fixed in the fit)"),
    REAL(D, "diffusion.disadopt", NONE, 0, 1, 0.0,
         "yearly probability that an endorser below its threshold drops the norm"),
    REALX(D, "diffusion.tipping", NONE, 0, 1, true, false, 1.0 / 3.0,
          "criticality-weighted share of endorsers that tips (Finnemore and Sikkink 1998)"),
    REALX(D, "diffusion.cascade_scale", NONE, 0, 1, true, false, 0.5,
          "threshold multiplier after the tipping point (assumption)"),
    REAL(D, "diffusion.impl_rate", NONE, 0, 1, 0.15,
         "implementation hazard at capacity 1 (assumption)"),
    REAL(D, "diffusion.impl_peer", NONE, 0, 1, 0.1,
         "weight of implementing peers in the hazard (assumption)"),
    REAL(D, "diffusion.internal_rate", NONE, 0, 1, 0.1,
         "internalisation hazard after the tipping point (assumption)"),
    REAL(D, "diffusion.cb_boost", NONE, 0, 1, 0.0,
         "capacity building: capacity gained by states below cb_below"),
    REAL(D, "diffusion.cb_below", NONE, 0, 2, 0.0,
         "capacity building: states below this capacity gain cb_boost"),
    SWITCH(D, "diffusion.impl_layer.regional", NONE, 0,
           "1: implementing peers are those of the same regional organisations"),
    SWITCH(D, "diffusion.impl_layer.camp", NONE, 0,
           "1: implementing peers are those of the same camps"),
    SWITCH(D, "diffusion.impl_layer.group", NONE, 0,
           "1: implementing peers are those of the same UN regional group"),
    /* vote (docs/RECORD.md section 9): off, because as written before any score it does
     * not beat the majority rule on 73/27 and 73/266 (section 9.5). */
    SWITCH("vote", "sponsors", NONE, 0,
           "1: sponsor rule of the vote model (co-sponsors and a rival camp's draft)"),
};

#undef REAL
#undef REALX
#undef INT
#undef SWITCH
#undef ENUM
#undef P
#undef D
#undef NONE
#undef BODY
#undef CAMP

size_t ns_param_def_count(void)
{
    return NS_ARRAY_LEN(table);
}

const ns_param_def_t *ns_param_def_get(size_t i)
{
    return i < NS_ARRAY_LEN(table) ? &table[i] : NULL;
}

const ns_param_def_t *ns_param_def_find(const char *name)
{
    /* A plain key first: "summary_available" is both a plain key and a pattern. */
    for (size_t pass = 0; name != NULL && pass < 2; pass++) {
        for (size_t i = 0; i < NS_ARRAY_LEN(table); i++) {
            if ((pass == 1 || table[i].suffix == NS_SUFFIX_NONE) &&
                strcmp(table[i].name, name) == 0) {
                return &table[i];
            }
        }
    }
    return NULL;
}

double ns_param_default(const char *name)
{
    const ns_param_def_t *d = ns_param_def_find(name);
    return d != NULL ? d->dflt : NAN;
}

const ns_param_def_t *ns_param_match(const char *key)
{
    if (key == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < NS_ARRAY_LEN(table); i++) {
        const ns_param_def_t *d = &table[i];
        size_t n = strlen(d->name);
        if (d->suffix == NS_SUFFIX_NONE ? strcmp(key, d->name) == 0
                                        : strncmp(key, d->name, n) == 0 && key[n] == '.') {
            return d;
        }
    }
    return NULL;
}

/* ---- Formatting -------------------------------------------------------------------- */

char *ns_param_format_key(const ns_param_def_t *def, char *buf, size_t size)
{
    static const char *const suffixes[] = {"", ".<BODY>", ".<CAMP>"};
    snprintf(buf, size, "%s%s", def->name, suffixes[def->suffix]);
    return buf;
}

char *ns_param_format_range(const ns_param_def_t *def, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    switch (def->type) {
    case NS_PARAM_SWITCH: snprintf(buf, size, "0 or 1"); break;
    case NS_PARAM_INT: snprintf(buf, size, "%g..%g", def->min, def->max); break;
    case NS_PARAM_ENUM:
        for (size_t c = 0; def->choices[c] != NULL && used < size; c++) {
            int w = snprintf(buf + used, size - used, "%s%zu %s", c > 0 ? ", " : "", c,
                             def->choices[c]);
            used += w > 0 ? (size_t)w : 0;
        }
        break;
    case NS_PARAM_REAL:
        snprintf(buf, size, "%c%g, %g%c", def->min_open ? '(' : '[', def->min, def->max,
                 def->max_open ? ')' : ']');
        break;
    }
    return buf;
}

/* ---- Checking ---------------------------------------------------------------------- */

/* The distance of a key to a declaration: a key "x.y" against a pattern compares x with
 * the name (the suffix is the user's); otherwise the whole key with the name. */
static size_t key_distance(const char *key, const ns_param_def_t *d)
{
    if (d->suffix != NS_SUFFIX_NONE) {
        const char *dot = strrchr(key, '.');
        char head[64];
        size_t n = dot != NULL ? (size_t)(dot - key) : strlen(key);
        if (n >= sizeof head) {
            return SIZE_MAX;
        }
        memcpy(head, key, n);
        head[n] = '\0';
        return ns__edit_distance(head, d->name);
    }
    return ns__edit_distance(key, d->name);
}

static size_t def_dist(const char *word, size_t i, const void *cands)
{
    return key_distance(word, &((const ns_param_def_t *)cands)[i]);
}

static void def_name(size_t i, const void *cands, char *buf, size_t size)
{
    ns_param_format_key(&((const ns_param_def_t *)cands)[i], buf, size);
}

static size_t camp_dist(const char *word, size_t i, const void *cands)
{
    (void)cands;
    return ns__edit_distance(word, ns_positions_camp_name(i));
}

static void camp_name(size_t i, const void *cands, char *buf, size_t size)
{
    (void)cands;
    snprintf(buf, size, "%s", ns_positions_camp_name(i));
}

static size_t body_dist(const char *word, size_t i, const void *cands)
{
    return ns__edit_distance(word, ns_world_body((const ns_world_t *)cands, i)->id);
}

static void body_name(size_t i, const void *cands, char *buf, size_t size)
{
    snprintf(buf, size, "%s", ns_world_body((const ns_world_t *)cands, i)->id);
}

static size_t camp_count(void)
{
    size_t n = 0;
    while (ns_positions_camp_name(n) != NULL) {
        n++;
    }
    return n;
}

/* The suffix of a key: a body of w or a camp. */
static ns_status check_suffix(ns_ctx_t *ctx, const ns_world_t *w, const char *key,
                              const ns_param_def_t *d)
{
    const char *suffix = key + strlen(d->name) + 1;
    char hint[256];
    if (d->suffix == NS_SUFFIX_CAMP) {
        for (size_t c = 0; ns_positions_camp_name(c) != NULL; c++) {
            if (strcmp(suffix, ns_positions_camp_name(c)) == 0) {
                return NS_OK;
            }
        }
        ns__nearest(suffix, camp_count(), camp_dist, camp_name, NULL, hint, sizeof hint);
        return ns_error_at(ctx, NS_ENOTFOUND, NULL, 0, 0, key,
                           "'%s' names no camp (%s%s%sthe camps: NATO, EU, FiveEyes, SCO, CSTO, "
                           "BRICS, NAM)",
                           suffix, hint[0] != '\0' ? "did you mean " : "", hint,
                           hint[0] != '\0' ? "? " : "");
    }
    if (suffix[0] == '\0') {
        return ns_error_at(ctx, NS_ENOTFOUND, NULL, 0, 0, key, "names no body (%s.<BODY>)",
                           d->name);
    }
    if (w == NULL) {
        return NS_OK;
    }
    for (size_t b = 0; b < ns_world_body_count(w); b++) {
        if (strcmp(ns_world_body(w, b)->id, suffix) == 0) {
            return NS_OK;
        }
    }
    ns__nearest(suffix, ns_world_body_count(w), body_dist, body_name, w, hint, sizeof hint);
    return ns_error_at(ctx, NS_ENOTFOUND, NULL, 0, 0, key, "'%s' names no body of the world%s%s%s",
                       suffix, hint[0] != '\0' ? " (did you mean " : "", hint,
                       hint[0] != '\0' ? "?)" : "");
}

static ns_status check_value(ns_ctx_t *ctx, const char *key, const ns_param_def_t *d, double v)
{
    char range[256];
    bool ok = isfinite(v);
    switch (d->type) {
    case NS_PARAM_SWITCH: ok = v == 0.0 || v == 1.0; break;
    case NS_PARAM_ENUM: {
        size_t n = 0;
        while (d->choices[n] != NULL) {
            n++;
        }
        ok = ok && v >= 0 && v < (double)n && v == floor(v);
        break;
    }
    case NS_PARAM_INT: ok = ok && v == floor(v) && v >= d->min && v <= d->max; break;
    case NS_PARAM_REAL:
        ok = ok && (d->min_open ? v > d->min : v >= d->min) &&
             (d->max_open ? v < d->max : v <= d->max);
        break;
    }
    if (ok) {
        return NS_OK;
    }
    return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, key, "%g is not %s%s", v,
                       d->type == NS_PARAM_INT ? "a whole number in " : "in ",
                       ns_param_format_range(d, range, sizeof range));
}

ns_status ns_param_check(ns_ctx_t *ctx, const ns_world_t *w, const char *key, double value)
{
    if (key == NULL || key[0] == '\0') {
        return ns_error(ctx, NS_EINVAL, "parameter with an empty name");
    }
    const ns_param_def_t *d = ns_param_match(key);
    if (d == NULL) {
        char hint[256];
        ns__nearest(key, NS_ARRAY_LEN(table), def_dist, def_name, table, hint, sizeof hint);
        return ns_error_at(
            ctx, NS_EINVAL, NULL, 0, 0, key, "unknown parameter%s%s%s; 'normsim params' lists them",
            hint[0] != '\0' ? " (did you mean " : "", hint, hint[0] != '\0' ? "?)" : "");
    }
    ns_status st = NS_OK;
    if (d->suffix != NS_SUFFIX_NONE && (st = check_suffix(ctx, w, key, d)) != NS_OK) {
        return st;
    }
    return check_value(ctx, key, d, value);
}

ns_status ns_param_check_world(ns_ctx_t *ctx, const ns_world_t *w)
{
    const char *layer = NULL;
    for (size_t i = 0; i < ns_world_param_count(w); i++) {
        const char *key = ns_world_param_key(w, i);
        double v = NAN;
        (void)ns_world_param(w, key, &v);
        ns_status st = ns_param_check(ctx, w, key, v);
        if (st != NS_OK) {
            return st;
        }
        /* One layer of implementing peers at most (docs/DIFFUSION.md). */
        if (strncmp(key, "diffusion.impl_layer.", 21) == 0 && v == 1.0) {
            if (layer != NULL) {
                return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, key,
                                   "%s is 1 too: choose one layer of implementing peers", layer);
            }
            layer = key;
        }
    }
    return NS_OK;
}

/* ---- Listing ----------------------------------------------------------------------- */

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
    for (size_t i = 0; i < NS_ARRAY_LEN(table) && st == NS_OK; i++) {
        const ns_param_def_t *d = &table[i];
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
        st = add_row(rows, m->name, m->params[p], m->parse != NULL ? "word/number" : "real",
                     "see description", dflt, m->param_help != NULL ? m->param_help[p] : "");
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
        if (owner == NULL || strcmp(owner, sm->name) == 0) {
            found = true;
            st = study_rows(ctx, rows, sm);
        }
    }
    if (st == NS_OK && !found) {
        char list[512];
        size_t used = (size_t)snprintf(list, sizeof list, "process, diffusion");
        for (size_t m = 0; m < n_models && used < sizeof list; m++) {
            int w = snprintf(list + used, sizeof list - used, ", %s", models[m]->name);
            used += w > 0 ? (size_t)w : 0;
        }
        for (size_t m = 0; m < ns_study_model_count() && used < sizeof list; m++) {
            int w = snprintf(list + used, sizeof list - used, ", %s (study)",
                             ns_study_model_get(m)->name);
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
