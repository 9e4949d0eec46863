/* The process model's global parameters: defaults and the scenario's overrides
 * (docs/PROCESS.md section 2).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/params.h"
#include "normsim/positions.h"
#include "normsim/process.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A declared default (normsim/params.h): every default of the process model lives in the
 * registry's table, with its reason. */
static double dflt(const char *name)
{
    return ns_param_default(name);
}

void ns_process_params_default(ns_process_params_t *p)
{
    memset(p, 0, sizeof *p);
    ns_consensus_params_default(&p->consensus);
    p->consensus.forum_shopping = dflt("forum_shopping");
    p->consensus.summary_record = dflt("summary_record");
    p->consensus.summary_available = dflt("summary_available") == 1.0;
    p->consensus.loss = dflt("loss") == 1.0 ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
    p->will_scale = dflt("will_scale");
    p->persuasion = dflt("persuasion");
    /* 50 replicates give a 90% band of about +-0.11 at p = 0.5. The open bodies (193
     * members) get 20: a negotiation of 193 members that needs the chair's summary costs
     * about 0.1 s of CPU (docs/CONSENSUS.md section 8), and `make run` must stay well
     * under a minute. The band printed beside each p says what 20 draws tell ([0.88, 1]
     * at p = 1). */
    p->replicates = 50;
    p->replicates_large = 20;
    p->seed = 1;
    /* The bodies 73/266 asked to consult the regional organisations do so (consult_regional
     * unset: -1), but their pull is 0 unless a scenario sets it: the data cannot identify
     * it, and at 0.1 (the stakeholders' nudge) the history backtest's in-sample fit moves
     * from b = 0.25, will 6 to b = 0.75, will 12 with no session more right in or out of
     * sample (docs/PROCESS.md section 8), so the defaults above would no longer be the
     * fit. */
    p->regional_persuasion = dflt("regional_persuasion");
    p->consult_regional = -1;
    /* One draft: the single-shot negotiation the backtest was fitted with
     * (docs/PROCESS.md section 8 reports what more rounds change). */
    p->rounds = (size_t)dflt("rounds");
    p->cohesion = dflt("cohesion");
    for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS; c++) {
        p->camp_cohesion[c] = NAN;
    }
    p->dynamics = dflt("dynamics") == 1.0 ? NS_DYNAMICS_EUM : NS_DYNAMICS_NONE;
    /* The record's rules are off by default: as pre-registered they make the history
     * backtest no better (docs/RECORD.md section 7), so the documented defaults stay the
     * fit of the model without them. `record: 1` or each record_* key turns them on. */
    p->record_rules = dflt("record") == 1.0 ? NS_RULES_ALL : 0;
}

/* The world's value of a key, already checked against the registry, over *out. */
static void read_real(const ns_world_t *w, const char *key, double *out)
{
    double v = 0;
    if (ns_world_param(w, key, &v) == NS_OK) {
        *out = v;
    }
}

static void read_switch(const ns_world_t *w, const char *key, bool *out)
{
    double v = 0;
    if (ns_world_param(w, key, &v) == NS_OK) {
        *out = v == 1.0;
    }
}

ns_status ns_process_params_read(ns_ctx_t *ctx, const ns_world_t *w, ns_process_params_t *p)
{
    /* Every key, per-body and per-camp ones included, is checked against the registry
     * before any is read, so that a bad one is reported before any work and the readers
     * below (and the per-body lookups later) only see declared, valid values. */
    ns_status st = ns_param_check_world(ctx, w);
    if (st != NS_OK) {
        return st;
    }
    double rounds = (double)p->rounds;
    double loss = p->consensus.loss == NS_LOSS_QUADRATIC ? 1.0 : 0.0;
    double dynamics = p->dynamics == NS_DYNAMICS_EUM ? 1.0 : 0.0;
    double regional = p->consult_regional;
    read_real(w, "forum_shopping", &p->consensus.forum_shopping);
    read_real(w, "summary_record", &p->consensus.summary_record);
    read_real(w, "will_scale", &p->will_scale);
    read_real(w, "persuasion", &p->persuasion);
    read_switch(w, "summary_available", &p->consensus.summary_available);
    read_real(w, "loss", &loss);
    read_real(w, "regional_persuasion", &p->regional_persuasion);
    read_real(w, "consult_regional", &regional);
    read_real(w, "rounds", &rounds);
    read_real(w, "cohesion", &p->cohesion);
    read_real(w, "dynamics", &dynamics);
    for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS && ns_positions_camp_name(c) != NULL; c++) {
        char key[64];
        snprintf(key, sizeof key, "cohesion.%s", ns_positions_camp_name(c));
        read_real(w, key, &p->camp_cohesion[c]);
    }
    /* The record's rules (docs/RECORD.md section 3): `record` switches all, then each
     * record_* key one. */
    static const struct {
        const char *key;
        unsigned bit;
    } rules[] = {{"record_will", NS_RULE_WILL},
                 {"record_stances", NS_RULE_STANCES},
                 {"record_salience", NS_RULE_SALIENCE},
                 {"record_views", NS_RULE_VIEWS},
                 {"record_agenda", NS_RULE_AGENDA}};
    bool all = p->record_rules == NS_RULES_ALL;
    double v = 0;
    if (ns_world_param(w, "record", &v) == NS_OK) {
        read_switch(w, "record", &all);
        p->record_rules = all ? NS_RULES_ALL : 0;
    }
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        bool on = (p->record_rules & rules[r].bit) != 0;
        read_switch(w, rules[r].key, &on);
        p->record_rules = on ? p->record_rules | rules[r].bit : p->record_rules & ~rules[r].bit;
    }
    p->consensus.loss = loss == 1.0 ? NS_LOSS_QUADRATIC : NS_LOSS_LINEAR;
    p->consult_regional = (int)regional;
    p->rounds = (size_t)rounds;
    p->dynamics = dynamics == 1.0 ? NS_DYNAMICS_EUM : NS_DYNAMICS_NONE;
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
}
