/* The parameter registry (normsim/params.h): one const table of every world parameter,
 * and the checks of a key and value against it (the listing of `normsim params`, which
 * adds the models' and the studies' parameters, is src/analysis/param_listing.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"
#include "normsim/params.h"
#include "normsim/positions.h"
#include "normsim/process.h"

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
    SWITCH(P, "record_agenda", NONE, NAN,
           "the mandate's paragraphs beyond adopted reports (default: record)"),
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
