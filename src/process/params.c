/* The process model's global parameters: defaults and the scenario's overrides
 * (docs/PROCESS.md section 2).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/positions.h"
#include "normsim/process.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void ns_process_params_default(ns_process_params_t *p)
{
    memset(p, 0, sizeof *p);
    ns_consensus_params_default(&p->consensus);
    /* The in-sample maximum-likelihood fit of `normsim backtest history` on its grid
     * (docs/PROCESS.md section 8): forum shopping b = 0.25 and a will of 6 points per
     * paragraph at full salience; f = 0.5 is the engine's default (the grid holds only
     * it). Not tuned per session: one set for every body. */
    p->consensus.forum_shopping = 0.25;
    p->consensus.will_scale = 6.0;
    /* Consultation moves a member a tenth of the way to the stakeholders' view: a
     * nudge, since stakeholders "never decide" (MECHANISM.md 2.3). */
    p->persuasion = 0.1;
    /* 50 replicates give a 90% band of about +-0.11 at p = 0.5. The open bodies (193
     * members) get 20: a negotiation of 193 members that needs the chair's summary costs
     * about 0.1 s of CPU (docs/CONSENSUS.md section 8), and `make run` must stay well
     * under a minute. The band printed beside each p says what 20 draws tell ([0.88, 1]
     * at p = 1). */
    p->replicates = 50;
    p->replicates_large = 20;
    p->seed = 1;
    /* The bodies 73/266 asked to consult the regional organisations do so, but their
     * pull is 0 unless a scenario sets it: the data cannot identify it, and at 0.1 (the
     * stakeholders' nudge) the history backtest's in-sample fit moves from b = 0.25,
     * will 6 to b = 0.75, will 12 with no session more right in or out of sample
     * (docs/PROCESS.md section 8), so the defaults above would no longer be the fit. */
    p->regional_persuasion = 0.0;
    p->consult_regional = -1;
    /* One draft: the single-shot negotiation the backtest was fitted with
     * (docs/PROCESS.md section 8 reports what more rounds change). */
    p->rounds = 1;
    p->cohesion = 0.0;
    for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS; c++) {
        p->camp_cohesion[c] = NAN;
    }
    p->dynamics = NS_DYNAMICS_NONE;
    /* The record's rules are off by default: as pre-registered they make the history
     * backtest no better (docs/RECORD.md section 7), so the documented defaults stay the
     * fit of the model without them. `record: 1` or each record_* key turns them on. */
    p->record_rules = 0;
}

/* Read one parameter in [lo, hi] if the world has it. */
static ns_status read_one(ns_ctx_t *ctx, const ns_world_t *w, const char *key, double lo, double hi,
                          double *out)
{
    double v = 0;
    if (ns_world_param(w, key, &v) != NS_OK) {
        return NS_OK;
    }
    if (isnan(v) || v < lo || v > hi) {
        return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, key, "parameter %s = %g outside [%g, %g]",
                           key, v, lo, hi);
    }
    *out = v;
    return NS_OK;
}

/* Read a 0/1 switch if the world has it. */
static ns_status read_switch(ns_ctx_t *ctx, const ns_world_t *w, const char *key, bool *out)
{
    double v = 0;
    if (ns_world_param(w, key, &v) != NS_OK) {
        return NS_OK;
    }
    if (v != 0.0 && v != 1.0) {
        return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, key, "parameter %s = %g must be 0 or 1", key,
                           v);
    }
    *out = v == 1.0;
    return NS_OK;
}

/* A per-body switch "<prefix><BODY>": 0 or 1, and a body of the world. */
static ns_status check_body_switch(ns_ctx_t *ctx, const ns_world_t *w, const char *key,
                                   size_t prefix)
{
    bool unused = false;
    size_t body = 0;
    ns_status st = read_switch(ctx, w, key, &unused);
    if (st == NS_OK && ns_world_find_body(ctx, w, key + prefix, &body) != NS_OK) {
        st = ns_error_at(ctx, NS_ENOTFOUND, NULL, 0, 0, key, "parameter %s names no body", key);
    }
    return st;
}

/* "cohesion.<CAMP>": a camp of the position model, a value in [0, 1]. */
static ns_status read_camp(ns_ctx_t *ctx, const ns_world_t *w, const char *key,
                           ns_process_params_t *p)
{
    const char *camp = key + 9;
    for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS && ns_positions_camp_name(c) != NULL; c++) {
        if (strcmp(camp, ns_positions_camp_name(c)) == 0) {
            return read_one(ctx, w, key, 0, 1, &p->camp_cohesion[c]);
        }
    }
    return ns_error_at(ctx, NS_ENOTFOUND, NULL, 0, 0, key,
                       "parameter %s names no camp (NATO, EU, FiveEyes, SCO, CSTO, BRICS, NAM)",
                       key);
}

/* The drafting rounds and what moves between them. */
static ns_status read_rounds(ns_ctx_t *ctx, const ns_world_t *w, ns_process_params_t *p)
{
    ns_status st = NS_OK;
    double rounds = (double)p->rounds;
    double dynamics = (double)p->dynamics;
    bool regional = p->consult_regional == 1;
    if ((st = read_one(ctx, w, "rounds", 1, NS_PROCESS_MAX_ROUNDS, &rounds)) ||
        (st = read_one(ctx, w, "cohesion", 0, 1, &p->cohesion)) ||
        (st = read_one(ctx, w, "regional_persuasion", 0, 1, &p->regional_persuasion)) ||
        (st = read_one(ctx, w, "dynamics", 0, 1, &dynamics))) {
        return st;
    }
    if (rounds != floor(rounds)) {
        return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, "rounds",
                           "parameter rounds = %g must be a whole number", rounds);
    }
    if (dynamics != 0.0 && dynamics != 1.0) {
        return ns_error_at(ctx, NS_ERANGE, NULL, 0, 0, "dynamics",
                           "parameter dynamics = %g must be 0 (none) or 1 (eum)", dynamics);
    }
    double v = 0;
    if (ns_world_param(w, "consult_regional", &v) == NS_OK) {
        if ((st = read_switch(ctx, w, "consult_regional", &regional)) != NS_OK) {
            return st;
        }
        p->consult_regional = regional ? 1 : 0;
    }
    p->rounds = (size_t)rounds;
    p->dynamics = dynamics == 1.0 ? NS_DYNAMICS_EUM : NS_DYNAMICS_NONE;
    return NS_OK;
}

ns_status ns_process_params_read(ns_ctx_t *ctx, const ns_world_t *w, ns_process_params_t *p)
{
    ns_status st = NS_OK;
    bool quadratic = p->consensus.loss == NS_LOSS_QUADRATIC;
    if ((st = read_one(ctx, w, "forum_shopping", 0, 1, &p->consensus.forum_shopping)) ||
        (st = read_one(ctx, w, "summary_record", 0, 1, &p->consensus.summary_record)) ||
        (st = read_one(ctx, w, "will_scale", 0, INFINITY, &p->consensus.will_scale)) ||
        (st = read_one(ctx, w, "persuasion", 0, 1, &p->persuasion)) ||
        (st = read_switch(ctx, w, "summary_available", &p->consensus.summary_available)) ||
        (st = read_switch(ctx, w, "loss", &quadratic)) || (st = read_rounds(ctx, w, p))) {
        return st;
    }
    p->consensus.loss = quadratic ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
    /* The record's rules, each a 0/1 switch (docs/RECORD.md section 3). */
    static const struct {
        const char *key;
        unsigned bit;
    } rules[] = {{"record_will", NS_RULE_WILL},
                 {"record_stances", NS_RULE_STANCES},
                 {"record_salience", NS_RULE_SALIENCE},
                 {"record_views", NS_RULE_VIEWS}};
    bool all = false;
    double v_all = 0;
    if (ns_world_param(w, "record", &v_all) == NS_OK) {
        if ((st = read_switch(ctx, w, "record", &all)) != NS_OK) {
            return st;
        }
        p->record_rules = all ? NS_RULES_ALL : 0;
    }
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        bool on = (p->record_rules & rules[r].bit) != 0;
        if ((st = read_switch(ctx, w, rules[r].key, &on)) != NS_OK) {
            return st;
        }
        p->record_rules = on ? p->record_rules | rules[r].bit : p->record_rules & ~rules[r].bit;
    }
    /* Per-body and per-camp keys are checked here too, so that a bad one is reported
     * before any work (the per-body lookups then only read valid values). */
    for (size_t i = 0; i < ns_world_param_count(w); i++) {
        const char *key = ns_world_param_key(w, i);
        if (strncmp(key, "summary_available.", 18) == 0) {
            st = check_body_switch(ctx, w, key, 18);
        } else if (strncmp(key, "consult_regional.", 17) == 0) {
            st = check_body_switch(ctx, w, key, 17);
        } else if (strncmp(key, "cohesion.", 9) == 0) {
            st = read_camp(ctx, w, key, p);
        } else if (strncmp(key, "qmv_weights.", 12) == 0) {
            st = check_body_switch(ctx, w, key, 12);
        } else if (strncmp(key, "qmv_threshold.", 14) == 0) {
            /* The range (0, 1] is checked with the body's rule (ns_process_rule()). */
            size_t body = 0;
            if (ns_world_find_body(ctx, w, key + 14, &body) != NS_OK) {
                st = ns_error_at(ctx, NS_ENOTFOUND, NULL, 0, 0, key, "parameter %s names no body",
                                 key);
            }
        }
        if (st != NS_OK) {
            return st;
        }
    }
    return NS_OK;
}

bool ns_process_summary_available(const ns_world_t *w, size_t body, const ns_process_params_t *p)
{
    const ns_body_t *b = ns_world_body(w, body);
    char key[160];
    double v = 0;
    if (b != NULL) {
        snprintf(key, sizeof key, "summary_available.%s", b->id);
        if (ns_world_param(w, key, &v) == NS_OK) {
            return v == 1.0;
        }
    }
    /* The body's own practice (docs/RECORD.md 3.4): a body that adopted a consensus
     * report or nothing cannot turn to a summary; without a record, the global switch. */
    const ns_mandate_t *m = ns_world_body_mandate(w, body);
    if (p->consensus.summary_available && (p->record_rules & NS_RULE_VIEWS) != 0 && m != NULL &&
        m->verified != NS_VERIFIED_NO && m->views != NS_VIEWS_UNKNOWN) {
        return m->views != 0;
    }
    return p->consensus.summary_available;
}

bool ns_process_consults_regional(const ns_world_t *w, size_t body, const ns_process_params_t *p)
{
    const ns_body_t *b = ns_world_body(w, body);
    char key[160];
    double v = 0;
    if (b == NULL) {
        return false;
    }
    snprintf(key, sizeof key, "consult_regional.%s", b->id);
    if (ns_world_param(w, key, &v) == NS_OK) {
        return v == 1.0;
    }
    if (p->consult_regional == 0 || p->consult_regional == 1) {
        return p->consult_regional == 1;
    }
    /* A/RES/73/266 (22 December 2018), which established the sixth GGE, asked it to hold
     * consultations with the African Union, the European Union, the Organization of
     * American States, the OSCE and the ASEAN Regional Forum (MECHANISM.md 2.4). */
    return b->establishing_resolution != NULL &&
           strcmp(b->establishing_resolution, "A/RES/73/266") == 0;
}

size_t ns_process_replicates(const ns_process_params_t *p, size_t m)
{
    return m > 50 ? p->replicates_large : p->replicates;
}

void ns_process_engine_params(const ns_process_table_t *t, const ns_process_params_t *p,
                              ns_consensus_params_t *out)
{
    *out = p->consensus;
    out->summary_available = t->summary_available;
    /* The table's wills are already will_scale (1 + v_i) sum_d s_id (table.c); the
     * engine would multiply them by its own will_scale again. */
    out->will_scale = 1.0;
}
