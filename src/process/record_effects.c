/* What the record did to one negotiation (docs/RECORD.md): the inputs it set (the body's
 * practice on records of views, the relations record's will, dated stances, legal
 * salience, the agenda) and, by toggling each rule in turn at the point estimates, which of them
 * move the outcome and by how much.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"
#include "normsim/positions.h"
#include "process_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
    unsigned rule;
    const char *name;
} rule_names[] = {
    {NS_RULE_WILL, "will from the relations record (3.1)"},
    {NS_RULE_STANCES, "dated stances (3.2)"},
    {NS_RULE_SALIENCE, "legal salience from attributions and sanctions (3.3)"},
    {NS_RULE_VIEWS, "the body's practice on records of views (3.4)"},
    {NS_RULE_AGENDA, "the agenda: the mandate's paragraphs beyond adopted reports (3.5)"},
};
enum { N_RULES = sizeof rule_names / sizeof rule_names[0] };

/* The negotiation at the point estimates with the rules `rules`: adopted and the worst
 * margin. The status quo is the earlier reports' texts under those rules, as
 * ns_process_negotiate() makes it; no Monte Carlo is run (one replicate was, and
 * thrown away: half of what a replay spent on the record's effects). */
static ns_status point(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                       const ns_process_params_t *params, unsigned rules, bool *adopted,
                       double *margin)
{
    ns_process_params_t at = *params;
    ns_negotiation_t neg;
    double *sq = ns_calloc(ctx, ns_world_dimension_count(w) + 1, sizeof *sq);
    memset(&neg, 0, sizeof neg);
    neg.table.ctx = ctx; /* So that a failure before the table is built still frees. */
    at.record_rules = rules;
    ns_status st = sq == NULL ? NS_ENOMEM : ns_process_status_quo(ctx, w, body, &at, sq);
    if (st == NS_OK) {
        st = ns__process_negotiate_at(ctx, w, body, year, sq, &at, false, &neg);
    }
    ns_free(ctx, sq);
    if (st == NS_OK) {
        *adopted = neg.result.adopted;
        *margin = neg.result.worst_margin;
    }
    ns_negotiation_free(&neg);
    return st;
}

ns_status ns_process_record_effects(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                                    const ns_process_params_t *params, ns_record_effect_t *out,
                                    size_t *n)
{
    ns_status st = NS_OK;
    unsigned in_force = params->record_rules & NS_RULES_ALL;
    *n = 0;
    /* The rules in force, then each rule toggled in turn, then every rule toggled. */
    out[0].rule = 0;
    out[0].on = false;
    st = point(ctx, w, body, year, params, in_force, &out[0].adopted, &out[0].worst_margin);
    *n = st == NS_OK;
    for (size_t r = 0; st == NS_OK && r <= N_RULES; r++) {
        unsigned bit = r < N_RULES ? rule_names[r].rule : NS_RULES_ALL;
        ns_record_effect_t *e = &out[*n];
        e->rule = bit;
        e->on = (in_force & bit) == 0;
        st = point(ctx, w, body, year, params, in_force ^ bit, &e->adopted, &e->worst_margin);
        *n += st == NS_OK;
    }
    return st;
}

const char *ns_process_rule_name(unsigned rule)
{
    for (size_t r = 0; r < N_RULES; r++) {
        if (rule_names[r].rule == rule) {
            return rule_names[r].name;
        }
    }
    return rule == NS_RULES_ALL ? "every rule toggled" : "none";
}

/* 3.5: which paragraphs the mandate put on the table, which an earlier adopted report
 * had settled, and which stayed off. */
static void agenda_explain(ns__text_t *text, const ns_world_t *w, const ns_process_table_t *t,
                           unsigned rules)
{
    const ns_body_t *b = ns_world_body(w, t->body);
    if ((rules & NS_RULE_AGENDA) == 0) {
        ns__text_put(text, "- Agenda: rule off; all %zu paragraphs on the table at full stakes.\n",
                     t->d);
        return;
    }
    if (!t->agenda) {
        ns__text_put(text,
                     "- Agenda: mandates.csv does not say for %s; all %zu paragraphs on the "
                     "table.\n",
                     b->id, t->d);
        return;
    }
    size_t n_settled = 0;
    ns__text_put(text,
                 "- Agenda (mandates.csv): %zu of %zu paragraphs on the table; new (full "
                 "stakes):",
                 t->d, b->n_mandate);
    for (size_t k = 0; k < t->d; k++) {
        n_settled += t->settled[k];
        if (!t->settled[k]) {
            ns__text_put(text, " %s", t->para_names[k]);
        }
    }
    ns__text_put(text, n_settled == t->d ? " none" : "");
    ns__text_put(text, "; settled by an earlier adopted report (stakes x f):");
    for (size_t k = 0; k < t->d; k++) {
        if (t->settled[k]) {
            ns__text_put(text, " %s", t->para_names[k]);
        }
    }
    ns__text_put(text, n_settled == 0 ? " none" : "");
    ns__text_put(text, "; off the table (status quo kept):");
    size_t off = 0;
    for (size_t j = 0; j < b->n_mandate; j++) {
        bool on = false;
        for (size_t k = 0; k < t->d; k++) {
            on = on || t->dims[k] == b->mandate[j];
        }
        if (!on) {
            ns__text_put(text, " %s", ns_world_dimension(w, b->mandate[j])->id);
            off++;
        }
    }
    ns__text_put(text, "%s.\n", off == 0 ? " none" : "");
}

ns_status ns_process_record_explain(ns_ctx_t *ctx, const ns_world_t *w, const ns_negotiation_t *n,
                                    const ns_process_params_t *params, char *buf, size_t size,
                                    size_t *needed)
{
    ns__text_t text = {buf, size, 0};
    const ns_process_table_t *t = &n->table;
    const ns_body_t *b = ns_world_body(w, t->body);
    const ns_mandate_t *m = ns_world_body_mandate(w, t->body);
    unsigned rules = params->record_rules;
    if (size > 0) {
        buf[0] = '\0';
    }
    ns__text_put(&text, "The record (docs/RECORD.md):\n");
    /* 3.4: the practice. */
    if ((rules & NS_RULE_VIEWS) == 0) {
        ns__text_put(&text, "- Records of views: rule off; the global summary switch applies.\n");
    } else if (m == NULL || m->verified == NS_VERIFIED_NO || m->views == NS_VIEWS_UNKNOWN) {
        ns__text_put(&text,
                     "- Records of views: mandates.csv does not say for %s; the global "
                     "summary switch applies.\n",
                     b->id);
    } else {
        ns__text_put(&text, "- Records of views: %s's practice was %s (mandates.csv), so %s.\n",
                     b->id,
                     m->views == 0                        ? "a consensus report or nothing"
                     : m->views == NS_VIEWS_CHAIR_SUMMARY ? "a report with a Chair's Summary"
                     : m->views == NS_VIEWS_NATIONAL_CONTRIBUTIONS
                         ? "a report with a compendium of national contributions"
                         : "a report with a Chair's Summary and a compendium of national views",
                     t->summary_available ? "the chair may move paragraphs to a summary"
                                          : "the chair cannot move paragraphs to a summary");
    }
    /* 3.1: relations. */
    if ((rules & NS_RULE_WILL) == 0) {
        ns__text_put(&text, "- Will from relations: rule off (every multiplier 1).\n");
    } else {
        char until[32];
        if (t->window_to == 0) {
            snprintf(until, sizeof until, "the end of the record");
        } else {
            snprintf(until, sizeof until, "%04d-%02d", t->window_to / 10000,
                     t->window_to / 100 % 100);
        }
        ns__text_put(&text,
                     "- Will from relations, events from %d to %s: the multiplier omega = 2 (C + "
                     "1) / (C + K + 2) of the permanent members (and of the member it lowers "
                     "most, if another):",
                     t->window_from / 10000, until);
        size_t low = 0;
        for (size_t i = 0; i < t->m; i++) {
            if (t->omega[i] < t->omega[low]) {
                low = i;
            }
        }
        for (size_t i = 0; i < t->m; i++) {
            if (ns_world_state(w, t->members[i])->p5 || (i == low && t->omega[i] < 1.0)) {
                ns__text_put(&text, " %s %.2f (C %.1f, K %.1f)", t->member_names[i], t->omega[i],
                             t->relation_coop[i], t->relation_conflict[i]);
            }
        }
        ns__text_put(&text, ".\n");
    }
    agenda_explain(&text, w, t, rules);
    /* 3.2 and 3.3: the position model's account of each member in the positions' year. */
    ns_pos_anchors_t anchors;
    ns_pos_account_t acc;
    bool any_stance = false;
    size_t legal = 0;
    size_t others = 0;
    if ((rules & (NS_RULE_STANCES | NS_RULE_SALIENCE)) != 0 &&
        ns_positions_anchors(ctx, w, t->positions_year, &anchors) == NS_OK) {
        anchors.record_rules = rules;
        const ns_pos_dimension_map_t *map = ns_positions_map();
        for (size_t i = 0; i < t->m; i++) {
            if (ns_positions_explain(ctx, w, &anchors, t->members[i], &acc) != NS_OK) {
                ns_ctx_clear_error(ctx);
                continue;
            }
            legal += acc.legal_events > 0;
            /* In a wide body, the permanent members' stances; the others are counted. */
            bool listed = t->m <= 50 || ns_world_state(w, t->members[i])->p5;
            bool first = true;
            for (size_t d = 0; d < NS_POS_NDIM; d++) {
                if (acc.dim[d].stance == NS_POS_NO_STANCE) {
                    continue;
                }
                if (!listed) {
                    others += first;
                    first = false;
                    continue;
                }
                if (!any_stance) {
                    ns__text_put(&text, "- Dated stances before %d (stances.csv) in force:",
                                 t->positions_year);
                    any_stance = true;
                }
                if (first) {
                    ns__text_put(&text, " %s", t->member_names[i]);
                }
                ns__text_put(&text, "%s %s %s (%d)", first ? "" : ",", map[d].id,
                             acc.dim[d].stance > 0   ? "for"
                             : acc.dim[d].stance < 0 ? "against"
                                                     : "mixed",
                             acc.dim[d].stance_date / 10000);
                first = false;
            }
            if (!first && listed) {
                ns__text_put(&text, ";");
            }
        }
        ns_ctx_clear_error(ctx);
    }
    if (others > 0) {
        ns__text_put(&text, "%s and %zu other members with stances in force.",
                     any_stance ? "" : "- Dated stances in force:", others);
    }
    if ((rules & NS_RULE_STANCES) != 0 && !any_stance && others == 0) {
        ns__text_put(&text, "- Dated stances: none of the members stated one before %d.",
                     t->positions_year);
    }
    ns__text_put(&text, "\n");
    if ((rules & NS_RULE_SALIENCE) != 0) {
        ns__text_put(&text,
                     "- Legal salience: %zu of %zu members were parties to a public attribution, "
                     "sanction, indictment or expulsion in %d-%d, and care fully about ihl, "
                     "self-defence and countermeasures.\n",
                     legal, t->m, t->positions_year - 2, t->positions_year - 1);
    }
    if (needed != NULL) {
        *needed = text.len;
    }
    return text.len < size ? NS_OK : NS_ELIMIT;
}
