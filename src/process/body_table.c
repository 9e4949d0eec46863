/* The table a body negotiates: members, mandate, positions in the body's first year,
 * status quo, capabilities, will and stakeholders' views (DESIGN.md model 7;
 * docs/PROCESS.md section 4).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/positions.h"
#include "process_internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The regional organisations of A/RES/73/266 (MECHANISM.md 2.4), as consultation
 * channels. Four are organisations of data/memberships.csv. The ASEAN Regional Forum is
 * not: it is the ASEAN members (data/memberships.csv, "ASEAN") and, from 2007, the
 * sixteen other state participants listed below (the European Union, its 27th
 * participant, is not a state). Sources for the ARF list "as of July 2007": English
 * Wikipedia's ASEAN Regional Forum article as copied at
 * https://www.bcssolutionbd.com/international/ (ARF page) and
 * http://bankpedia.org/index.php/en/85-english/a/23783-association-of-southeast-asian-nations-asean
 * (both: all ASEAN members, Australia, Bangladesh, Canada, China, the EU, India, Japan,
 * North Korea, South Korea, Mongolia, New Zealand, Pakistan, Papua New Guinea, Russia,
 * Timor-Leste, the United States, Sri Lanka). Before 2007 only the ASEAN core counts:
 * the join years of the others are not sourced here. */
static const char *const regional_ids[] = {"AU", "EU", "OAS", "OSCE", "ARF"};
enum { N_REGIONAL = sizeof regional_ids / sizeof regional_ids[0], ARF = 4 };
static const char *const arf_states[] = {"AUS", "BGD", "CAN", "CHN", "IND", "JPN", "PRK", "KOR",
                                         "MNG", "NZL", "PAK", "PNG", "RUS", "TLS", "USA", "LKA"};
#define ARF_LIST_YEAR 2007

const char *ns_process_regional_name(size_t i)
{
    return i < N_REGIONAL ? regional_ids[i] : NULL;
}

/* Index of organisation `id` in the world, or SIZE_MAX when the world lacks it (a
 * scenario on `base: none`: nobody is in it). */
static size_t org_index(ns_ctx_t *ctx, const ns_world_t *w, const char *id)
{
    size_t org = 0;
    if (ns_world_find_org(ctx, w, id, &org) != NS_OK) {
        ns_ctx_clear_error(ctx);
        return SIZE_MAX;
    }
    return org;
}

/* Whether state s belonged to regional channel o (its organisation's index `org`) in the
 * year. */
static bool in_regional(const ns_world_t *w, size_t o, size_t org, size_t s, int year)
{
    if (org != SIZE_MAX && ns_world_in_org(w, s, org, year)) {
        return true;
    }
    if (o != ARF || year < ARF_LIST_YEAR) {
        return false;
    }
    const char *iso3 = ns_world_state(w, s)->iso3;
    for (size_t k = 0; k < sizeof arf_states / sizeof arf_states[0]; k++) {
        if (strcmp(iso3, arf_states[k]) == 0) {
            return true;
        }
    }
    return false;
}

/* Camps of state s in the year: bit c for ns_positions_camp_name(c) (camp_org[c] its
 * organisation index, SIZE_MAX when absent). */
static unsigned camps_of(const ns_world_t *w, const size_t *camp_org, size_t s, int year)
{
    unsigned bits = 0;
    for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS; c++) {
        if (camp_org[c] != SIZE_MAX && ns_world_in_org(w, s, camp_org[c], year)) {
            bits |= 1u << c;
        }
    }
    return bits;
}

void ns_process_table_free(ns_process_table_t *t)
{
    if (t == NULL || t->ctx == NULL) {
        return;
    }
    ns_ctx_t *ctx = t->ctx;
    ns_free(ctx, t->members);
    ns_free(ctx, t->dims);
    ns_free(ctx, t->base_ideal);
    ns_free(ctx, t->ideal);
    ns_free(ctx, t->salience);
    ns_free(ctx, t->sd);
    ns_free(ctx, t->capability);
    ns_free(ctx, t->will);
    ns_free(ctx, t->relation_coop);
    ns_free(ctx, t->relation_conflict);
    ns_free(ctx, t->omega);
    ns_free(ctx, t->status_quo);
    ns_free(ctx, t->stakeholders);
    ns_free(ctx, t->stakeholder_ideal);
    ns_free(ctx, t->stakeholder_salience);
    ns_free(ctx, t->member_names);
    ns_free(ctx, t->para_names);
    ns_free(ctx, t->regional_view);
    ns_free(ctx, t->regional_member);
    ns_free(ctx, t->camps);
    ns_free(ctx, t->settled);
    memset(t, 0, sizeof *t);
}

void ns_process_table_reparam(ns_process_table_t *t, const ns_world_t *w, const double *status_quo,
                              const ns_process_params_t *params)
{
    size_t m = t->m;
    size_t d = t->d;
    if (status_quo != NULL) {
        for (size_t k = 0; k < d; k++) {
            t->status_quo[k] = status_quo[t->dims[k]];
        }
    }
    /* Will in points of every paragraph at full salience (process.h): the scale times
     * the state's own extra will, in the member's utility units. */
    for (size_t i = 0; i < m; i++) {
        double sal = 0;
        for (size_t k = 0; k < d; k++) {
            sal += t->salience[i * d + k];
        }
        double own = ns_world_will(w, t->members[i]);
        double scale = params->will_scale;
        /* Unlimited will is unlimited whatever the saliences (INFINITY x 0 is NaN). */
        t->will[i] = scale == 0.0   ? 0.0
                     : isinf(scale) ? INFINITY
                                    : scale * (1.0 + (isnan(own) ? 0.0 : own)) * t->omega[i] * sal;
    }
    t->regional_consulted = ns_process_consults_regional(w, t->body, params);
    const ns_body_t *b = ns_world_body(w, t->body);
    t->stakeholders_consulted = b != NULL && b->stakeholders_consulted;
    memcpy(t->ideal, t->base_ideal, m * d * sizeof *t->ideal);
    ns__process_consult(t, params, t->ideal, NULL, NULL);
    t->summary_available = ns_process_summary_available(w, t->body, params);
}

void ns__process_consult(const ns_process_table_t *t, const ns_process_params_t *params, double *x,
                         double *shift, double *largest)
{
    size_t m = t->m;
    size_t d = t->d;
    double moved = 0;
    double top = 0;
    bool stakeholders = t->stakeholders_consulted && t->n_stakeholders > 0;
    for (size_t k = 0; k < d; k++) {
        /* Regional consultation (MECHANISM.md 2.4, res. 73/266): each organisation relays
         * the salience-weighted mean view of all its member states (regional_view), and a
         * seated member moves lambda of the way to the equal-weight mean of the views of
         * the consulted organisations it belongs to:
         *   x <- x + lambda (r_i - x),  r_i = mean_{o : i in o} v_o.
         * The same linear pull as the stakeholders' below (DeGroot 1974; Friedkin and
         * Johnsen 1990), with organisations as the channels that carry the views of states
         * without a seat. */
        for (size_t i = 0; t->regional_consulted && i < m; i++) {
            double sum = 0;
            size_t n = 0;
            for (size_t o = 0; o < t->n_regional; o++) {
                double v = t->regional_view[o * d + k];
                if (t->regional_member[i * t->n_regional + o] && !isnan(v)) {
                    sum += v;
                    n++;
                }
            }
            if (n > 0) {
                double before = x[i * d + k];
                x[i * d + k] = before + params->regional_persuasion * (sum / (double)n - before);
                double dx = fabs(x[i * d + k] - before);
                moved += dx;
                top = fmax(top, dx);
            }
        }
        /* Stakeholder consultation (MECHANISM.md 2.3, 5.2): stakeholders speak and members
         * listen, moving rho of the way to the salience-weighted mean of the stakeholders'
         * views: x <- x + rho (v - x). */
        double num = 0;
        double den = 0;
        for (size_t s = 0; stakeholders && s < t->n_stakeholders; s++) {
            num += t->stakeholder_salience[s * d + k] * t->stakeholder_ideal[s * d + k];
            den += t->stakeholder_salience[s * d + k];
        }
        for (size_t i = 0; den > 0 && i < m; i++) {
            double before = x[i * d + k];
            x[i * d + k] = before + params->persuasion * (num / den - before);
            double dx = fabs(x[i * d + k] - before);
            moved += dx;
            top = fmax(top, dx);
        }
    }
    if (shift != NULL) {
        *shift = m * d > 0 ? moved / (double)(m * d) : 0.0;
    }
    if (largest != NULL) {
        *largest = fmax(*largest, top);
    }
}

/* Positions of the year into `into` (a copy of w): the model's where it applies, the
 * world's own values (a scenario's) over them. */
static ns_status positions_of_year(ns_ctx_t *ctx, const ns_world_t *w, int year, unsigned rules,
                                   int *used, ns_world_t **into)
{
    ns_status st = NS_OK;
    ns_world_t *copy = NULL;
    int first = 0;
    int last = 0;
    *used = year;
    if ((st = ns_world_copy(ctx, w, &copy)) != NS_OK) {
        goto cleanup;
    }
    st = ns_positions_years(ctx, w, &first, &last);
    if (st == NS_ENOTFOUND) {
        /* A world without ideal points (a scenario on `base: none`): its own positions
         * are all there is. */
        ns_ctx_clear_error(ctx);
        st = NS_OK;
        *into = copy;
        copy = NULL;
        goto cleanup;
    }
    if (st != NS_OK) {
        goto cleanup;
    }
    if (year < first) {
        st = ns_error(ctx, NS_ERANGE, "year %d is before the position model's first year %d", year,
                      first);
        goto cleanup;
    }
    /* After the model's last year, the latest positions stand in (docs/PROCESS.md 4). */
    *used = year > last ? last : year;
    if ((st = ns_positions_apply_rules(ctx, copy, *used, rules)) != NS_OK) {
        goto cleanup;
    }
    *into = copy;
    copy = NULL;

cleanup:
    ns_world_free(copy);
    return st;
}

/* The camps of the relations rule: the position model's Western (NATO, EU, FiveEyes) and
 * Eastern (SCO, CSTO) camps, as bits of ns_process_table_t.camps. */
static unsigned relation_camps(void)
{
    unsigned bits = 0;
    for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS && ns_positions_camp_name(c) != NULL; c++) {
        const char *n = ns_positions_camp_name(c);
        if (strcmp(n, "NATO") == 0 || strcmp(n, "EU") == 0 || strcmp(n, "FiveEyes") == 0 ||
            strcmp(n, "SCO") == 0 || strcmp(n, "CSTO") == 0) {
            bits |= 1u << c;
        }
    }
    return bits;
}

/* Will from the relations record (docs/RECORD.md 3.1). The window runs from 1 January of
 * the year before the body's first year to its report date (mandates.csv), else the end
 * of its last year, else (still meeting) the end of the record. Member i weighs an event
 * 1 as a direct party, kappa (the position model's camp weight) when it shares a camp
 * with a permanent member that is a direct party, else 0; C_i and K_i add the weights of
 * cooperative and conflictual events, and omega_i = 2 (C_i + 1) / (C_i + K_i + 2). */
static void relations_will(const ns_world_t *w, bool on, ns_process_table_t *t)
{
    const ns_body_t *b = ns_world_body(w, t->body);
    const ns_mandate_t *mandate = ns_world_body_mandate(w, t->body);
    double kappa = ns_positions_constants()->camp_weight;
    unsigned camp_bits = relation_camps();
    int start = t->year < b->start_year ? t->year : b->start_year;
    t->window_from = (start - 1) * 10000;
    t->window_to =
        mandate != NULL && mandate->verified != NS_VERIFIED_NO && mandate->report_date != 0
            ? mandate->report_date
        : b->end_year != 0 ? b->end_year * 10000 + 1231
                           : 0;
    for (size_t i = 0; i < t->m; i++) {
        t->relation_coop[i] = 0;
        t->relation_conflict[i] = 0;
    }
    for (size_t k = 0; k < ns_world_relation_event_count(w); k++) {
        const ns_relation_event_t *e = ns_world_relation_event(w, k);
        if (!on || e->verified == NS_VERIFIED_NO || e->date < t->window_from ||
            (t->window_to != 0 && e->date > t->window_to)) {
            continue;
        }
        /* The camps of the permanent members that are direct parties. */
        unsigned leader_camps = 0;
        for (size_t i = 0; i < t->m; i++) {
            if (ns_world_state(w, t->members[i])->p5 &&
                ns_world_relation_party(w, e, t->members[i])) {
                leader_camps |= t->camps[i] & camp_bits;
            }
        }
        for (size_t i = 0; i < t->m; i++) {
            double weight = ns_world_relation_party(w, e, t->members[i]) ? 1.0
                            : (t->camps[i] & leader_camps) != 0          ? kappa
                                                                         : 0.0;
            if (e->cooperative > 0) {
                t->relation_coop[i] += weight;
            } else {
                t->relation_conflict[i] += weight;
            }
        }
    }
    for (size_t i = 0; i < t->m; i++) {
        double c = t->relation_coop[i];
        t->omega[i] = 2.0 * (c + 1.0) / (c + t->relation_conflict[i] + 2.0);
    }
}

/* Every array of the table, for m members, d paragraphs and s stakeholders. */
static ns_status alloc_arrays(ns_ctx_t *ctx, ns_process_table_t *t, size_t m, size_t d, size_t s)
{
    t->dims = ns_calloc(ctx, d, sizeof *t->dims);
    t->base_ideal = ns_calloc(ctx, m * d, sizeof(double));
    t->ideal = ns_calloc(ctx, m * d, sizeof(double));
    t->salience = ns_calloc(ctx, m * d, sizeof(double));
    t->sd = ns_calloc(ctx, m * d, sizeof(double));
    t->capability = ns_calloc(ctx, m, sizeof(double));
    t->will = ns_calloc(ctx, m, sizeof(double));
    t->status_quo = ns_calloc(ctx, d, sizeof(double));
    t->stakeholders = ns_calloc(ctx, s + 1, sizeof *t->stakeholders);
    t->stakeholder_ideal = ns_calloc(ctx, (s + 1) * d, sizeof(double));
    t->stakeholder_salience = ns_calloc(ctx, (s + 1) * d, sizeof(double));
    t->member_names = ns_calloc(ctx, m, sizeof *t->member_names);
    t->para_names = ns_calloc(ctx, d, sizeof *t->para_names);
    t->regional_view = ns_calloc(ctx, N_REGIONAL * d, sizeof(double));
    t->regional_member = ns_calloc(ctx, m * N_REGIONAL, 1);
    t->camps = ns_calloc(ctx, m, sizeof *t->camps);
    t->relation_coop = ns_calloc(ctx, m, sizeof(double));
    t->relation_conflict = ns_calloc(ctx, m, sizeof(double));
    t->omega = ns_calloc(ctx, m, sizeof(double));
    t->settled = ns_calloc(ctx, d, 1);
    bool ok = t->settled && t->relation_coop && t->relation_conflict && t->omega && t->dims &&
              t->base_ideal && t->ideal && t->salience && t->sd && t->capability && t->will &&
              t->status_quo && t->stakeholders && t->stakeholder_ideal && t->stakeholder_salience &&
              t->member_names && t->para_names && t->regional_view && t->regional_member &&
              t->camps;
    return ok ? NS_OK : NS_ENOMEM;
}

/* One member's position on one paragraph: the year's (model or scenario), with the
 * documented fallbacks for what is unknown. */
static void member_position(const ns_world_t *w, const ns_world_t *pos, size_t state, size_t dim,
                            double q, double *x, double *sd, double *sal)
{
    const ns_position_t *own = ns_world_position(w, NS_ACTOR_STATE, state, dim);
    const ns_position_t *model = ns_world_position(pos, NS_ACTOR_STATE, state, dim);
    ns_position_t p = model != NULL ? *model : (ns_position_t){NAN, 0, NAN};
    if (own != NULL) {
        if (!isnan(own->x)) {
            p.x = own->x;
        }
        if (own->sd > 0) {
            p.sd = own->sd;
        }
        if (!isnan(own->salience)) {
            p.salience = own->salience;
        }
    }
    if (isnan(p.x)) {
        /* No view at all: at the status quo, not caring. */
        *x = q;
        *sd = 0;
        *sal = 0;
        return;
    }
    *x = p.x;
    *sd = isnan(p.sd) || p.sd < 0 ? 0 : p.sd;
    /* A known position without a salience weighs half. */
    *sal = isnan(p.salience) ? 0.5 : fmin(1.0, fmax(0.0, p.salience));
}

/* The regional organisations' views and memberships, and the members' camps. */
static void regional_and_camps(ns_ctx_t *ctx, const ns_world_t *w, const ns_world_t *pos,
                               ns_process_table_t *t)
{
    size_t d = t->d;
    int year = t->year;
    size_t camp_org[NS_PROCESS_MAX_CAMPS];
    for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS; c++) {
        const char *name = ns_positions_camp_name(c);
        camp_org[c] = name != NULL ? org_index(ctx, w, name) : SIZE_MAX;
    }
    for (size_t i = 0; i < t->m; i++) {
        t->camps[i] = camps_of(w, camp_org, t->members[i], year);
    }
    t->n_regional = N_REGIONAL;
    for (size_t o = 0; o < N_REGIONAL; o++) {
        size_t org = org_index(ctx, w, o == ARF ? "ASEAN" : regional_ids[o]);
        double num[NS_CONSENSUS_MAX_DIMS] = {0};
        double den[NS_CONSENSUS_MAX_DIMS] = {0};
        /* The view of all member states in the year, seated or not: that is how states
         * without a seat are heard (MECHANISM.md 2.4). */
        for (size_t s = 0; s < ns_world_state_count(w); s++) {
            if (!ns_world_is_member(w, s, year) || !in_regional(w, o, org, s, year)) {
                continue;
            }
            for (size_t k = 0; k < d; k++) {
                double x = 0;
                double sd = 0;
                double sal = 0;
                member_position(w, pos, s, t->dims[k], t->status_quo[k], &x, &sd, &sal);
                num[k] += sal * x;
                den[k] += sal;
            }
        }
        for (size_t k = 0; k < d; k++) {
            t->regional_view[o * d + k] = den[k] > 0 ? num[k] / den[k] : NAN;
        }
        for (size_t i = 0; i < t->m; i++) {
            t->regional_member[i * N_REGIONAL + o] = in_regional(w, o, org, t->members[i], year);
        }
    }
}

ns_status ns_process_table_build(ns_ctx_t *ctx, const ns_world_t *w, size_t body, int year,
                                 const double *status_quo, const ns_process_params_t *params,
                                 ns_process_table_t *out)
{
    ns_status st = NS_OK;
    ns_world_t *pos = NULL;
    const ns_body_t *b = ns_world_body(w, body);
    memset(out, 0, sizeof *out);
    out->ctx = ctx;
    out->body = body;
    if (b == NULL) {
        st = ns_error(ctx, NS_EINVAL, "body index %zu out of range", body);
        goto cleanup;
    }
    if (year == 0) {
        year = b->start_year;
    }
    out->year = year;
    if (year < 1945 || year > 2100) {
        st = ns_error(ctx, NS_ERANGE, "year %d outside 1945..2100", year);
        goto cleanup;
    }
    /* The agenda (docs/RECORD.md 3.5): with the rule, only the paragraphs the mandate
     * asks for are on the table; the others keep their status quo. */
    uint64_t on = 0;
    uint64_t settled = 0;
    out->agenda =
        (params->record_rules & NS_RULE_AGENDA) != 0 && ns_process_agenda(w, body, &on, &settled);
    size_t d = b->n_mandate;
    if (out->agenda) {
        d = 0;
        for (size_t k = 0; k < b->n_mandate; k++) {
            d += b->mandate[k] < 64 && (on >> b->mandate[k] & 1u) != 0;
        }
    }
    if (d == 0 || d > NS_CONSENSUS_MAX_DIMS) {
        st = ns_error(ctx, NS_EINVAL, "body %s has %zu mandated dimensions (1 to %d allowed)",
                      b->id, d, NS_CONSENSUS_MAX_DIMS);
        goto cleanup;
    }
    if ((st = ns_process_members(ctx, w, body, year, &out->members, &out->m)) != NS_OK) {
        goto cleanup;
    }
    if (out->m > NS_CONSENSUS_MAX_MEMBERS) {
        st = ns_error(ctx, NS_ELIMIT, "body %s has %zu members (at most %d)", b->id, out->m,
                      NS_CONSENSUS_MAX_MEMBERS);
        goto cleanup;
    }
    if ((st = positions_of_year(ctx, w, year, params->record_rules, &out->positions_year, &pos)) !=
        NS_OK) {
        goto cleanup;
    }
    size_t n_sh = ns_world_stakeholder_count(w);
    size_t m = out->m;
    if ((st = alloc_arrays(ctx, out, m, d, n_sh)) != NS_OK) {
        goto cleanup;
    }
    out->d = d;
    out->range_lo = INFINITY;
    out->range_hi = -INFINITY;
    for (size_t j = 0, k = 0; j < b->n_mandate && k < d; j++) {
        size_t dk = b->mandate[j];
        if (out->agenda && (dk >= 64 || (on >> dk & 1u) == 0)) {
            continue;
        }
        const ns_dimension_t *dim = ns_world_dimension(w, dk);
        out->dims[k] = dk;
        out->para_names[k] = dim->id;
        out->status_quo[k] = status_quo != NULL ? status_quo[dk] : dim->silence;
        out->range_lo = fmin(out->range_lo, dim->scale_min);
        out->range_hi = fmax(out->range_hi, dim->scale_max);
        out->settled[k] = out->agenda && (settled >> dk & 1u) != 0;
        k++;
    }
    out->table.chair = -1;
    for (size_t i = 0; i < m; i++) {
        size_t s = out->members[i];
        out->member_names[i] = ns_world_state(w, s)->iso3;
        double c = ns_world_capability(w, s);
        out->capability[i] = isnan(c) ? 0.0 : fmin(1.0, fmax(0.0, c));
        if (b->chair >= 0 && (size_t)b->chair == s) {
            out->table.chair = (long)i;
        }
        for (size_t k = 0; k < d; k++) {
            member_position(w, pos, s, out->dims[k], out->status_quo[k],
                            &out->base_ideal[i * d + k], &out->sd[i * d + k],
                            &out->salience[i * d + k]);
            /* A paragraph an earlier adopted report settled: lower stakes, f (the worth of
             * a record that adds no binding language; fixed, not fitted). */
            if (out->settled[k]) {
                out->salience[i * d + k] *= params->consensus.summary_record;
            }
        }
    }
    /* Stakeholders with a view on the mandate: evaluated always, heard only where the
     * body consults them. */
    for (size_t s = 0; s < n_sh; s++) {
        size_t row = out->n_stakeholders;
        bool any = false;
        for (size_t k = 0; k < d; k++) {
            const ns_position_t *p = ns_world_position(w, NS_ACTOR_STAKEHOLDER, s, out->dims[k]);
            bool known = p != NULL && !isnan(p->x);
            out->stakeholder_ideal[row * d + k] = known ? p->x : out->status_quo[k];
            out->stakeholder_salience[row * d + k] =
                known ? (isnan(p->salience) ? 0.5 : p->salience) : 0.0;
            any = any || known;
        }
        if (any) {
            out->stakeholders[row] = s;
            out->n_stakeholders++;
        }
    }
    regional_and_camps(ctx, w, pos, out);
    relations_will(w, (params->record_rules & NS_RULE_WILL) != 0, out);
    ns_process_table_reparam(out, w, NULL, params);
    out->table.m = m;
    out->table.d = d;
    out->table.ideal = out->ideal;
    out->table.salience = out->salience;
    out->table.capability = out->capability;
    out->table.will = out->will;
    out->table.status_quo = out->status_quo;
    out->table.summary_at = NULL;
    out->table.forced = NULL;
    out->table.n_stakeholders = out->n_stakeholders;
    out->table.stakeholder_ideal = out->stakeholder_ideal;
    out->table.stakeholder_salience = out->stakeholder_salience;

cleanup:
    ns_world_free(pos);
    return st;
}
