/* Study models that sweep normsim's other models (`normsim sweep --model NAME`), so that
 * a grid of their parameters is run as BehaviorSpace runs a NetLogo model: the same
 * store, resume, shards and report as the frontier study.
 *
 * Replicate r of every point runs the model as its own command runs it with --seed S+r
 * (S the study's seed, modulo 2^64): the same seeds at every point (common random
 * numbers, so that differences between points are not Monte Carlo noise), and each
 * replicate's numbers equal the command's to the last digit:
 *   negotiate  `normsim negotiate --body B --runs mc_runs --seed S+r` with the point's
 *              --param values, on a world whose body B seats body_size members by the
 *              membership rule and whose camps' states have the will given;
 *   diffuse    `normsim diffuse --norm N --runs 1 --seed S+r` with the point's
 *              diffusion parameters;
 *   eum, exchange, compromise, median, nash, winset, smp
 *              `normsim forecast TABLE --model M --param ... --seed S+r`, on the table's
 *              positions perturbed by noise x (scale length) x N(0, 1) when noise > 0
 *              (the stream (S, NS_ALL_POINTS, r, 0): the same draws at every point).
 * What a replicate draws at random: negotiate the positions within their uncertainty
 * (mc_runs draws; the point estimates' outcome is the same in every replicate), diffuse
 * the thresholds and the yearly hazards, a table model nothing unless noise > 0 or the
 * model itself draws (exchange rate=random, smp StateTransitions=Stochastic): without
 * noise a deterministic model gives every replicate the same numbers, and --runs 1 is
 * all it needs.
 *
 * A parameter left out of the grid keeps the scenario's value (or the model's default):
 * the defaults below are NaN, "not set", but for the study's own (body, mc_runs, norm,
 * noise).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "analysis/sweep_models.h"

#include "core/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normsim/diffusion.h"
#include "normsim/model.h"
#include "normsim/params.h"
#include "normsim/process.h"

/* The point index of streams every point shares (no grid has this many points). */
#define ALL_POINTS UINT32_MAX

/* Room for the largest parameter list below. */
static const double not_set[NS_STUDY_MAX_PARAMS] = {
    NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
    NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
    NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
    NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};

static ns_status number(const char *name, const char *text, double *value, ns_ctx_t *ctx)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v)) {
        return ns_error(ctx, NS_EINVAL, "%s: '%s' is not a number", name, text);
    }
    *value = v;
    return NS_OK;
}

static ns_status whole(const char *name, const char *text, double lo, double hi, double *value,
                       ns_ctx_t *ctx)
{
    ns_status s = number(name, text, value, ctx);
    if (s == NS_OK && (*value < lo || *value > hi || *value != floor(*value))) {
        s = ns_error(ctx, NS_ERANGE, "%s: %s is not a whole number in %g..%g", name, text, lo, hi);
    }
    return s;
}

/* A word among `words` (any case), as its index. */
static ns_status word(const char *name, const char *text, const char *const *words, size_t n,
                      double *value, ns_ctx_t *ctx)
{
    char list[256], near[128];
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcasecmp(text, words[i]) == 0) {
            *value = (double)i;
            return NS_OK;
        }
    }
    list[0] = '\0';
    for (size_t i = 0; i < n && used < sizeof list; i++) {
        int k = snprintf(list + used, sizeof list - used, "%s%s", i > 0 ? ", " : "", words[i]);
        used += k > 0 ? (size_t)k : 0;
    }
    ns__nearest_names(text, words, n, near, sizeof near);
    return ns_error(ctx, NS_EINVAL, "%s: '%s' is not one of %s%s%s%s", name, text, list,
                    near[0] != '\0' ? "; did you mean " : "", near, near[0] != '\0' ? "?" : "");
}

/* A world parameter of the registry (normsim/params.h): a number, or an enum's choice by
 * name (loss=quadratic), checked against the declaration. */
static ns_status registry_value(const char *key, const char *text, double *value, ns_ctx_t *ctx)
{
    const ns_param_def_t *def = ns_param_match(key);
    ns_status s = NS_OK;
    char *end = NULL;
    bool named = false;
    for (size_t c = 0; def != NULL && def->choices != NULL && def->choices[c] != NULL; c++) {
        if (strcmp(text, def->choices[c]) == 0) {
            *value = (double)c;
            named = true;
        }
    }
    if (!named && def != NULL && def->choices != NULL && strtod(text, &end) == 0 && end == text) {
        size_t n = 0;
        while (def->choices[n] != NULL) {
            n++;
        }
        return word(key, text, def->choices, n, value, ctx);
    }
    if (!named) {
        s = number(key, text, value, ctx);
    }
    return s == NS_OK ? ns_param_check(ctx, NULL, key, *value) : s;
}

/* ---- negotiate -------------------------------------------------------------------------- */

static const char *const bodies[] = {"GGE1", "GGE2",  "GGE3",  "GGE4", "GGE5",
                                     "GGE6", "OEWG1", "OEWG2", "GM"};
#define DEFAULT_BODY 4 /* GGE5 */
static const char *const rules[] = {"historical", "rotation", "open"};
static const char *const camps[] = {"NATO", "EU", "FiveEyes", "SCO", "CSTO", "BRICS", "NAM"};
#define N_CAMPS 7

enum { NG_BODY, NG_YEAR, NG_BODY_SIZE, NG_MEMBERSHIP, NG_MC_RUNS, NG_WILL, NG_REGISTRY = 12 };

/* The process parameters of the registry a negotiate study varies, as --param names
 * them; qmv_threshold and qmv_weights are those of the study's body (".<BODY>"). */
static const char *const negotiate_params[] = {
    "body", "year", "body_size", "membership", "mc_runs", "will.NATO", "will.EU", "will.FiveEyes",
    "will.SCO", "will.CSTO", "will.BRICS", "will.NAM",
    /* NG_REGISTRY: */
    "forum_shopping", "will_scale", "summary_record", "persuasion", "summary_available", "loss",
    "regional_persuasion", "consult_regional", "rounds", "cohesion", "cohesion.NATO", "cohesion.EU",
    "cohesion.FiveEyes", "cohesion.SCO", "cohesion.CSTO", "cohesion.BRICS", "cohesion.NAM",
    "dynamics", "record", "record_will", "record_stances", "record_salience", "record_views",
    "record_agenda", "qmv_threshold", "qmv_weights"};
#define N_NEGOTIATE_PARAMS NS_ARRAY_LEN(negotiate_params)

static const char *const negotiate_help[N_NEGOTIATE_PARAMS] = {
    "the body negotiating: GGE1..GGE6, OEWG1, OEWG2 or GM (default GGE5)",
    "the year (default 0: the body's first year)",
    "seats, 5..4096: the body seats this many by rotation (the P5, regional quotas, those "
    "who ask first); ignored under membership historical or open (default: as recorded)",
    "historical (the recorded members), rotation (body_size seats) or open (every member "
    "state) (default: the body's rule; rotation when body_size is given)",
    "draws of the positions per replicate (negotiate --runs; default 1)",
    "the will of every NATO member state in the year (>= 0; default: the scenario's)",
    "the will of every EU member state",
    "the will of every FiveEyes state",
    "the will of every SCO member state",
    "the will of every CSTO member state",
    "the will of every BRICS member",
    "the will of every NAM member state",
};

static const char *const negotiate_metrics[] = {
    "adopted", "p", "worst_margin", "kept", "summary", "dropped", "blockers", "members", "rounds"};

static ns_status negotiate_parse(size_t param, const char *text, double *value, ns_ctx_t *ctx)
{
    const char *name = negotiate_params[param];
    switch (param) {
    case NG_BODY: return word(name, text, bodies, NS_ARRAY_LEN(bodies), value, ctx);
    case NG_YEAR: return whole(name, text, 0, 2100, value, ctx);
    case NG_BODY_SIZE: return whole(name, text, 5, NS_CONSENSUS_MAX_MEMBERS, value, ctx);
    case NG_MEMBERSHIP: {
        double v = 0;
        ns_status s = word(name, text, rules, NS_ARRAY_LEN(rules), &v, ctx);
        static const double rule_of[] = {NS_MEMBERS_HISTORICAL, NS_MEMBERS_ROTATION,
                                         NS_MEMBERS_OPEN};
        if (s == NS_OK) {
            *value = rule_of[(size_t)v];
        }
        return s;
    }
    case NG_MC_RUNS: return whole(name, text, 1, 1000000, value, ctx);
    default: break;
    }
    if (param < NG_REGISTRY) {
        ns_status s = number(name, text, value, ctx);
        if (s == NS_OK && *value < 0) {
            s = ns_error(ctx, NS_ERANGE, "%s: %s is negative", name, text);
        }
        return s;
    }
    char key[96];
    if (strncmp(name, "qmv_", 4) == 0) {
        snprintf(key, sizeof key, "%s.BODY", name);
    } else {
        snprintf(key, sizeof key, "%s", name);
    }
    return registry_value(key, text, value, ctx);
}

static ns_status negotiate_setup(ns_ctx_t *ctx, const ns_world_t *world, void **state)
{
    (void)ctx;
    *state = (void *)world;
    return NS_OK;
}

/* The world of one point: the scenario's, with the point's parameters, body rules and
 * camps' will. */
static ns_status negotiate_world(ns_ctx_t *ctx, const ns_world_t *base, const double *params,
                                 size_t body, int year, ns_world_t **out)
{
    ns_world_t *w = NULL;
    const ns_body_t *b = ns_world_body(base, body);
    ns_status s = ns_world_copy(ctx, base, &w);
    for (size_t k = NG_REGISTRY; s == NS_OK && k < N_NEGOTIATE_PARAMS; k++) {
        if (isnan(params[k])) {
            continue;
        }
        char key[128];
        if (strncmp(negotiate_params[k], "qmv_", 4) == 0) {
            snprintf(key, sizeof key, "%s.%s", negotiate_params[k], b->id);
        } else {
            snprintf(key, sizeof key, "%s", negotiate_params[k]);
        }
        s = ns_world_set_param(ctx, w, key, params[k]);
    }
    if (s == NS_OK && (!isnan(params[NG_BODY_SIZE]) || !isnan(params[NG_MEMBERSHIP]))) {
        /* The rules from the unchanged world: its strings stay valid while set. */
        ns_body_t r = *b;
        r.membership = isnan(params[NG_MEMBERSHIP]) ? NS_MEMBERS_ROTATION
                                                    : (ns_membership_rule_t)params[NG_MEMBERSHIP];
        if (!isnan(params[NG_BODY_SIZE])) {
            r.seats = (int)params[NG_BODY_SIZE];
        } else if (r.membership == NS_MEMBERS_ROTATION && r.seats <= 0) {
            r.seats = (int)b->n_members;
        }
        s = ns_world_set_body_rules(ctx, w, body, &r);
    }
    for (size_t c = 0; s == NS_OK && c < N_CAMPS; c++) {
        double will = params[NG_WILL + c];
        size_t org = 0;
        if (isnan(will)) {
            continue;
        }
        s = ns_world_find_org(ctx, w, camps[c], &org);
        for (size_t i = 0; s == NS_OK && i < ns_world_state_count(w); i++) {
            if (ns_world_in_org(w, i, org, year)) {
                s = ns_world_set_will(ctx, w, i, will);
            }
        }
    }
    if (s != NS_OK) {
        ns_world_free(w);
        w = NULL;
    }
    *out = w;
    return s;
}

static double finite_or_nan(double x)
{
    return isfinite(x) ? x : NAN;
}

static ns_status negotiate_replicate(const void *state, const double *params, uint64_t seed,
                                     uint32_t point, uint32_t replicate, double *metrics,
                                     ns_ctx_t *ctx)
{
    (void)point;
    const ns_world_t *base = state;
    ns_world_t *w = NULL;
    ns_negotiation_t neg;
    ns_process_params_t pp;
    size_t body = 0;
    memset(&neg, 0, sizeof neg);
    size_t which = isnan(params[NG_BODY]) ? DEFAULT_BODY : (size_t)params[NG_BODY];
    ns_status s = ns_world_find_body(ctx, base, bodies[which], &body);
    if (s != NS_OK) {
        return s;
    }
    const ns_body_t *b = ns_world_body(base, body);
    int year = params[NG_YEAR] > 0 ? (int)params[NG_YEAR] : b->start_year;
    s = negotiate_world(ctx, base, params, body, year, &w);
    if (s == NS_OK) {
        ns_process_params_default(&pp);
        s = ns_process_params_read(ctx, w, &pp);
    }
    if (s == NS_OK) {
        pp.replicates = isnan(params[NG_MC_RUNS]) ? 1 : (size_t)params[NG_MC_RUNS];
        pp.replicates_large = pp.replicates;
        pp.seed = seed + replicate; /* `normsim negotiate --seed S+r` */
        s = ns_process_negotiate(ctx, w, body, params[NG_YEAR] > 0 ? year : 0, &pp, &neg);
    }
    if (s == NS_OK) {
        const ns_consensus_result_t *r = &neg.result;
        size_t count[3] = {0, 0, 0};
        for (size_t k = 0; k < neg.table.d; k++) {
            if (r->action[k] <= NS_PARA_DROP) {
                count[r->action[k]]++;
            }
        }
        metrics[0] = r->adopted ? 1.0 : 0.0;
        metrics[1] = neg.mc.p;
        metrics[2] = finite_or_nan(r->worst_margin);
        /* Paragraphs of the package (kept, summary, dropped): of the adopted report, or
         * of the least-violating draft when none is adopted. */
        metrics[3] = (double)count[NS_PARA_KEEP];
        metrics[4] = (double)count[NS_PARA_SUMMARY];
        metrics[5] = (double)count[NS_PARA_DROP];
        metrics[6] = (double)r->n_blockers;
        metrics[7] = (double)neg.table.m;
        metrics[8] = (double)neg.n_rounds;
    }
    ns_negotiation_free(&neg);
    ns_world_free(w);
    return s;
}

const ns_study_model_t ns__negotiate_study = {
    .name = "negotiate",
    .summary = "one body's consensus drafting (normsim negotiate) over its size, membership "
               "rule, camps' will and process parameters",
    .cite = "docs/PROCESS.md, docs/CONSENSUS.md: the consensus-drafting engine (model 7)",
    .n_params = N_NEGOTIATE_PARAMS,
    .params = negotiate_params,
    .defaults = not_set,
    .param_help = negotiate_help,
    .n_metrics = NS_ARRAY_LEN(negotiate_metrics),
    .metrics = negotiate_metrics,
    .parse = negotiate_parse,
    .needs_world = true,
    .setup = negotiate_setup,
    .teardown = NULL,
    .replicate = negotiate_replicate,
};

/* ---- diffuse ---------------------------------------------------------------------------- */

static const char *const norms[] = {"2015a", "2015b", "2015c", "2015d", "2015e", "2015f",
                                    "2015g", "2015h", "2015i", "2015j", "2015k"};

enum { DF_NORM, DF_LAST_YEAR, DF_REGISTRY };

static const char *const diffuse_params[] = {"norm",
                                             "last_year",
                                             "diffusion.spont_rate",
                                             "diffusion.spont_capacity",
                                             "diffusion.theta_median",
                                             "diffusion.theta_spread",
                                             "diffusion.disadopt",
                                             "diffusion.tipping",
                                             "diffusion.cascade_scale",
                                             "diffusion.impl_rate",
                                             "diffusion.impl_peer",
                                             "diffusion.internal_rate",
                                             "diffusion.cb_boost",
                                             "diffusion.cb_below",
                                             "diffusion.impl_layer.regional",
                                             "diffusion.impl_layer.camp",
                                             "diffusion.impl_layer.group"};
#define N_DIFFUSE_PARAMS NS_ARRAY_LEN(diffuse_params)

static const char *const diffuse_help[N_DIFFUSE_PARAMS] = {
    "the norm of the 2015 report: 2015a..2015k (default 2015a)",
    "the last year (default 0: the norm's year + 15)",
};

static const char *const diffuse_metrics[] = {"endorsed",  "implemented", "internalised",
                                              "year_half", "tipped",      "tipping_year"};

static ns_status diffuse_parse(size_t param, const char *text, double *value, ns_ctx_t *ctx)
{
    if (param == DF_NORM) {
        return word("norm", text, norms, NS_ARRAY_LEN(norms), value, ctx);
    }
    if (param == DF_LAST_YEAR) {
        return whole("last_year", text, 0, 2200, value, ctx);
    }
    return registry_value(diffuse_params[param], text, value, ctx);
}

static double cell(const ns_rows_t *rows, size_t row, size_t col)
{
    const char *text = ns_rows_cell(rows, row, col);
    char *end = NULL;
    double v = strtod(text, &end);
    return text[0] != '\0' && *end == '\0' ? v : NAN;
}

static ns_status diffuse_replicate(const void *state, const double *params, uint64_t seed,
                                   uint32_t point, uint32_t replicate, double *metrics,
                                   ns_ctx_t *ctx)
{
    (void)point;
    ns_world_t *w = NULL;
    ns_diffuse_result_t *res = NULL;
    ns_rows_t *rows = NULL;
    ns_diffuse_options_t opt;
    ns_diffuse_options_default(&opt);
    ns_status s = ns_world_copy(ctx, state, &w);
    for (size_t k = DF_REGISTRY; s == NS_OK && k < N_DIFFUSE_PARAMS; k++) {
        if (!isnan(params[k])) {
            s = ns_world_set_param(ctx, w, diffuse_params[k], params[k]);
        }
    }
    if (s == NS_OK) {
        s = ns_diffusion_params_from_world(ctx, w, &opt.params);
    }
    if (s == NS_OK) {
        opt.norm = norms[isnan(params[DF_NORM]) ? 0 : (size_t)params[DF_NORM]];
        opt.last_year = isnan(params[DF_LAST_YEAR]) ? 0 : (int)params[DF_LAST_YEAR];
        opt.runs = 1;
        opt.seed = seed + replicate; /* `normsim diffuse --runs 1 --seed S+r` */
        s = ns_diffuse(ctx, w, &opt, &res);
    }
    if (s == NS_OK) {
        s = ns_diffuse_result_rows(ctx, res, &rows);
    }
    if (s == NS_OK) {
        size_t col[16];
        static const char *const want[] = {"group",    "year",        "states",
                                           "endorsed", "implemented", "internalised",
                                           "p_tipped", "tipping_year"};
        for (size_t k = 0; k < NS_ARRAY_LEN(want); k++) {
            col[k] = SIZE_MAX;
            for (size_t c = 0; c < ns_rows_ncols(rows); c++) {
                if (strcmp(ns_rows_column(rows, c), want[k]) == 0) {
                    col[k] = c;
                }
            }
            if (col[k] == SIZE_MAX) {
                s = ns_error(ctx, NS_EINVAL, "diffuse: no column %s", want[k]);
            }
        }
        for (size_t k = 0; k < NS_ARRAY_LEN(diffuse_metrics); k++) {
            metrics[k] = NAN;
        }
        /* The rows of the group "all", in year order: the last year's counts, and the
         * first year at least half the states endorse. */
        for (size_t r = 0; s == NS_OK && r < ns_rows_count(rows); r++) {
            if (strcmp(ns_rows_cell(rows, r, col[0]), "all") != 0) {
                continue;
            }
            double year = cell(rows, r, col[1]);
            double endorsed = cell(rows, r, col[3]);
            if (isnan(metrics[3]) && endorsed >= cell(rows, r, col[2]) / 2.0) {
                metrics[3] = year;
            }
            metrics[0] = endorsed;
            metrics[1] = cell(rows, r, col[4]);
            metrics[2] = cell(rows, r, col[5]);
            metrics[4] = cell(rows, r, col[6]);
            metrics[5] = cell(rows, r, col[7]);
        }
    }
    ns_rows_free(rows);
    ns_diffuse_result_free(res);
    ns_world_free(w);
    return s;
}

const ns_study_model_t ns__diffuse_study = {
    .name = "diffuse",
    .summary = "diffusion of a norm after the 2015 report (normsim diffuse) over the "
               "diffusion parameters",
    .cite = "docs/DIFFUSION.md: threshold / exposure model with the norm life cycle",
    .n_params = N_DIFFUSE_PARAMS,
    .params = diffuse_params,
    .defaults = not_set,
    .param_help = diffuse_help,
    .n_metrics = NS_ARRAY_LEN(diffuse_metrics),
    .metrics = diffuse_metrics,
    .parse = diffuse_parse,
    .needs_world = true,
    .setup = negotiate_setup, /* The state is the world. */
    .teardown = NULL,
    .replicate = diffuse_replicate,
};

/* ---- The models of an actor table ---------------------------------------------------------- */

/* The study's state: the model, the table (borrowed from the study until teardown) and
 * the metric names: outcome.<issue> for each issue the model forecasts (winset and nash
 * skip those without a status quo), mean_shift when one of them has a status quo,
 * rounds, converged. A metric no replicate could define is left out, so that every
 * figure of the report has data. */
typedef struct table_study {
    const ns_model_type_t *model;
    const ns_table_t *table;
    size_t n_metrics;
    char **metric;
    size_t *metric_of_issue; /* n_issues: its outcome's metric, SIZE_MAX if none. */
    size_t shift_metric;     /* mean_shift's, SIZE_MAX if none. */
} table_study_t;

static void table_teardown(ns_ctx_t *ctx, void *state)
{
    table_study_t *ts = state;
    if (ts == NULL) {
        return;
    }
    for (size_t k = 0; ts->metric != NULL && k < ts->n_metrics; k++) {
        ns_free(ctx, ts->metric[k]);
    }
    ns_free(ctx, ts->metric);
    ns_free(ctx, ts->metric_of_issue);
    ns_free(ctx, ts);
}

/* Add a metric name to the state. */
static ns_status add_metric(ns_ctx_t *ctx, table_study_t *ts, const char *prefix, const char *name)
{
    char text[96];
    snprintf(text, sizeof text, "%s%s", prefix, name);
    ts->metric[ts->n_metrics] = ns_strdup(ctx, text);
    if (ts->metric[ts->n_metrics] == NULL) {
        return NS_ENOMEM;
    }
    ts->n_metrics++;
    return NS_OK;
}

static ns_status table_setup(ns_ctx_t *ctx, const char *model, const ns_table_t *table,
                             void **state)
{
    static const char *const tail[] = {"rounds", "converged"};
    size_t ni = table->n_issues;
    size_t *keep = ns_calloc(ctx, ni + 1, sizeof *keep);
    size_t n_keep = 0;
    ns_table_t *sub = NULL;
    ns_forecast_t *f = NULL;
    bool shift = false;
    table_study_t *ts = ns_calloc(ctx, 1, sizeof *ts);
    ns_status s = ts != NULL && keep != NULL ? NS_OK : NS_ENOMEM;
    if (s == NS_OK) {
        ts->table = table;
        ts->shift_metric = SIZE_MAX;
        s = ns_model_find(ctx, model, &ts->model);
    }
    if (s == NS_OK) {
        /* Which issues the model forecasts: one round at its defaults. */
        ns_run_options_t opt;
        memset(&opt, 0, sizeof opt);
        opt.max_rounds = 1;
        s = ns_forecast_status_quo_issues(ctx, ts->model, table, NULL, &opt, keep, &n_keep, &sub,
                                          &f);
    }
    for (size_t j = 0; s == NS_OK && j < n_keep; j++) {
        shift = shift || !isnan(table->status_quo[keep[j]]);
    }
    if (s == NS_OK && n_keep + shift + NS_ARRAY_LEN(tail) > NS_STUDY_MAX_METRICS) {
        s = ns_error(ctx, NS_ELIMIT,
                     "the model forecasts %zu issues of the table; a study stores one metric "
                     "per issue, at most %zu",
                     n_keep, (size_t)NS_STUDY_MAX_METRICS - NS_ARRAY_LEN(tail) - 1);
    }
    if (s == NS_OK) {
        ts->metric = ns_calloc(ctx, n_keep + 1 + NS_ARRAY_LEN(tail), sizeof *ts->metric);
        ts->metric_of_issue = ns_calloc(ctx, ni + 1, sizeof *ts->metric_of_issue);
        s = ts->metric != NULL && ts->metric_of_issue != NULL ? NS_OK : NS_ENOMEM;
    }
    for (size_t i = 0; s == NS_OK && i < ni; i++) {
        ts->metric_of_issue[i] = SIZE_MAX;
    }
    for (size_t j = 0; s == NS_OK && j < n_keep; j++) {
        ts->metric_of_issue[keep[j]] = ts->n_metrics;
        s = add_metric(ctx, ts, "outcome.", table->issue[keep[j]]);
    }
    if (s == NS_OK && shift) {
        ts->shift_metric = ts->n_metrics;
        s = add_metric(ctx, ts, "", "mean_shift");
    }
    for (size_t k = 0; s == NS_OK && k < NS_ARRAY_LEN(tail); k++) {
        s = add_metric(ctx, ts, "", tail[k]);
    }
    ns_forecast_free(ctx, f);
    ns_table_free(ctx, sub);
    ns_free(ctx, keep);
    if (s != NS_OK) {
        table_teardown(ctx, ts);
        ts = NULL;
    }
    *state = ts;
    return s;
}

static ns_status table_metric_names(const void *state, const char *const **names, size_t *n,
                                    ns_ctx_t *ctx)
{
    (void)ctx;
    const table_study_t *ts = state;
    *names = (const char *const *)ts->metric;
    *n = ts->n_metrics;
    return NS_OK;
}

/* The model's parameter `name` (NULL: none). */
static const ns_param_spec_t *spec_of(const ns_model_type_t *m, const char *name)
{
    for (size_t i = 0; i < m->n_params; i++) {
        if (strcmp(m->params[i].name, name) == 0) {
            return &m->params[i];
        }
    }
    return NULL;
}

/* A value of the model's parameter `name` (its choice by name, or a number in range), or
 * of `noise`, a share of each issue's scale in [0, 1]. */
static ns_status table_parse(const char *model, const char *name, const char *text, double *value,
                             ns_ctx_t *ctx)
{
    const ns_model_type_t *m = NULL;
    ns_status s = ns_model_find(ctx, model, &m);
    const ns_param_spec_t *spec = s == NS_OK ? spec_of(m, name) : NULL;
    if (s != NS_OK) {
        return s;
    }
    if (spec == NULL) { /* noise */
        s = number(name, text, value, ctx);
        if (s == NS_OK && (*value < 0 || *value > 1)) {
            s = ns_error(ctx, NS_ERANGE, "noise: %s outside [0, 1]", text);
        }
        return s;
    }
    if (spec->choices != NULL) {
        size_t n = 0;
        while (spec->choices[n] != NULL) {
            n++;
        }
        return word(name, text, spec->choices, n, value, ctx);
    }
    s = number(name, text, value, ctx);
    if (s == NS_OK && (*value < spec->min || *value > spec->max)) {
        s = ns_error(ctx, NS_ERANGE, "%s: %s outside [%g, %g]", name, text, spec->min, spec->max);
    }
    return s;
}

static ns_status table_replicate(const void *state, const char *const *names, size_t n_params,
                                 const double *params, uint64_t seed, uint32_t replicate,
                                 double *metrics, ns_ctx_t *ctx)
{
    const table_study_t *ts = state;
    const ns_table_t *table = ts->table;
    size_t ni = table->n_issues, na = table->n_actors;
    ns_params_t *given = NULL;
    ns_forecast_t *f = NULL;
    ns_table_t *sub = NULL;
    ns_table_t local = *table;
    double *position = NULL;
    size_t *keep = ns_calloc(ctx, ni + 1, sizeof *keep);
    size_t n_keep = 0;
    double noise = params[n_params - 1];
    ns_status s = keep != NULL ? ns_params_new(ctx, &given) : NS_ENOMEM;
    /* The model's parameters set at this point, as `--param KEY=VALUE`. */
    for (size_t k = 0; s == NS_OK && k + 1 < n_params; k++) {
        const ns_param_spec_t *spec = spec_of(ts->model, names[k]);
        char text[64];
        if (isnan(params[k]) || spec == NULL) {
            continue;
        }
        if (spec->choices != NULL) {
            snprintf(text, sizeof text, "%s", spec->choices[(size_t)params[k]]);
        } else {
            snprintf(text, sizeof text, "%.17g", params[k]);
        }
        s = ns_params_set(given, names[k], text);
    }
    if (s == NS_OK && noise > 0) {
        /* Every cell draws, in issue-major order, also where the actor sits out, so
         * that the draws of a cell do not depend on the others. */
        ns_rng_t rng;
        ns_rng_init(&rng, seed, ALL_POINTS, replicate, 0);
        position = ns_calloc(ctx, ni * na + 1, sizeof *position);
        s = position != NULL ? NS_OK : NS_ENOMEM;
        for (size_t i = 0; s == NS_OK && i < ni; i++) {
            double lo = table->scale_min[i], hi = table->scale_max[i];
            for (size_t a = 0; a < na; a++) {
                double x = table->position[i * na + a] + noise * (hi - lo) * ns_rng_normal(&rng);
                position[i * na + a] = x < lo ? lo : x > hi ? hi : x;
            }
        }
        local.position = position;
    }
    if (s == NS_OK) {
        ns_run_options_t opt;
        memset(&opt, 0, sizeof opt);
        opt.seed = seed + replicate; /* `normsim forecast --seed S+r` */
        s = ns_forecast_status_quo_issues(ctx, ts->model, &local, given, &opt, keep, &n_keep, &sub,
                                          &f);
    }
    if (s == NS_OK) {
        double shift = 0;
        size_t n_shift = 0;
        for (size_t k = 0; k < ts->n_metrics; k++) {
            metrics[k] = NAN;
        }
        for (size_t j = 0; j < n_keep; j++) {
            size_t i = keep[j];
            double y = finite_or_nan(f->forecast[j]);
            if (ts->metric_of_issue[i] != SIZE_MAX) {
                metrics[ts->metric_of_issue[i]] = y;
            }
            if (!isnan(y) && !isnan(table->status_quo[i])) {
                shift += fabs(y - table->status_quo[i]);
                n_shift++;
            }
        }
        if (ts->shift_metric != SIZE_MAX) {
            metrics[ts->shift_metric] = n_shift > 0 ? shift / (double)n_shift : NAN;
        }
        metrics[ts->n_metrics - 2] = (double)f->rounds;
        metrics[ts->n_metrics - 1] = f->converged ? 1.0 : 0.0;
    }
    ns_forecast_free(ctx, f);
    ns_table_free(ctx, sub);
    ns_params_free(given);
    ns_free(ctx, position);
    ns_free(ctx, keep);
    return s;
}

/* One study model per collective-decision model: its parameters (as `normsim params
 * MODEL` lists them; tests/unit/test_sweep_models.c checks that they agree) and noise,
 * always the last. */
static const char *const eum_params[] = {"centre", "security", "compromise", "offer",
                                         "Q",      "T",        "tol",        "noise"};
static const char *const exchange_params[] = {"variant", "rate", "min_gain", "rounds", "noise"};
static const char *const compromise_params[] = {"noise"};
static const char *const median_params[] = {"noise"};
static const char *const nash_params[] = {"loss", "weighting", "noise"};
static const char *const winset_params[] = {"rule", "k", "setter_rank", "noise"};
static const char *const smp_params[] = {"VictoryProbModel",
                                         "VotingRule",
                                         "PCEModel",
                                         "StateTransitions",
                                         "BigRRange",
                                         "BigRAdjust",
                                         "ThirdPartyCommit",
                                         "InterVecBrgn",
                                         "BargnModel",
                                         "dimensions",
                                         "seed",
                                         "min_turns",
                                         "max_turns",
                                         "stop_ratio",
                                         "min_sig_delta",
                                         "noise"};

#define TABLE_STUDY(ID, SUMMARY)                                                                   \
    static ns_status ID##_parse(size_t param, const char *text, double *value, ns_ctx_t *ctx)      \
    {                                                                                              \
        return table_parse(#ID, ID##_params[param], text, value, ctx);                             \
    }                                                                                              \
    static ns_status ID##_setup(ns_ctx_t *ctx, const ns_world_t *world, const ns_table_t *table,   \
                                void **state)                                                      \
    {                                                                                              \
        (void)world;                                                                               \
        return table_setup(ctx, #ID, table, state);                                                \
    }                                                                                              \
    static ns_status ID##_replicate(const void *state, const double *params, uint64_t seed,        \
                                    uint32_t point, uint32_t replicate, double *metrics,           \
                                    ns_ctx_t *ctx)                                                 \
    {                                                                                              \
        (void)point;                                                                               \
        return table_replicate(state, ID##_params, NS_ARRAY_LEN(ID##_params), params, seed,        \
                               replicate, metrics, ctx);                                           \
    }                                                                                              \
    const ns_study_model_t ns__table_study_##ID = {                                                \
        .name = #ID,                                                                               \
        .summary = SUMMARY,                                                                        \
        .cite = "normsim forecast --model " #ID " (normsim models)",                               \
        .n_params = NS_ARRAY_LEN(ID##_params),                                                     \
        .params = ID##_params,                                                                     \
        .defaults = not_set,                                                                       \
        .param_help = NULL,                                                                        \
        .n_metrics = 0,                                                                            \
        .metrics = NULL,                                                                           \
        .parse = ID##_parse,                                                                       \
        .needs_world = false,                                                                      \
        .setup = NULL,                                                                             \
        .teardown = table_teardown,                                                                \
        .replicate = ID##_replicate,                                                               \
        .needs_table = true,                                                                       \
        .setup_table = ID##_setup,                                                                 \
        .metric_names = table_metric_names,                                                        \
    };

TABLE_STUDY(eum, "expected utility (model 5) on the actor table of --table")
TABLE_STUDY(exchange, "the exchange model (Decide's equal-gain rounds) on --table")
TABLE_STUDY(compromise, "the weighted mean of the positions of --table")
TABLE_STUDY(median, "the weighted median of the positions of --table")
TABLE_STUDY(nash, "the Nash bargaining solution on --table")
TABLE_STUDY(winset, "the winset of the status quo on --table")
TABLE_STUDY(smp, "KTAB's spatial model of politics on --table")
