/* The position model (DESIGN.md section 2, "Where positions come from"; the procedure and
 * the reason for every chosen number are in docs/POSITIONS.md).
 *
 * For a state i in year Y:
 *   t_i  = (theta_i - mean_SCO theta) / (mean_NATO theta - mean_SCO theta)
 *          where theta is the Bailey-Strezhnev-Voeten (2017) ideal point of session Y-1
 *          (never the same session), so 0 is the Eastern camp's mean and 1 the West's;
 *   a_i  = (1 - kappa) t_i + kappa c_i + gamma r_i
 *          with c_i = 1 in the Western camp (NATO, EU, Five Eyes), 0 in the Eastern camp
 *          (SCO, CSTO), t_i otherwise (camp alignment can override a state's own
 *          preference: MECHANISM.md 6.4), and r_i the state's record in the cyber roll
 *          calls before Y;
 *   x_id = east_d + (west_d - east_d) a_i + nam_d [i in NAM]   (MECHANISM.md 6.2, 6.3)
 *          then pulled toward the published national position where one is coded:
 *          x_id <- (1 - lambda) x_id + lambda target;
 *   sd   = sqrt(((west_d - east_d)(1 - kappa) sd_theta / gap (1 - lambda [coded]))^2
 *               + model_sd^2), sd_theta = (q95 - q05) / 3.29;
 *   s_id = 0.2 + 0.5 capability_i + 0.3 engagement_id.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/positions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Anchors are the Western and Eastern camps' positions as MECHANISM.md 6.1-6.3 describe
 * them; docs/POSITIONS.md gives the reason for each number. */
static const ns_pos_dimension_map_t dimension_map[NS_POS_NDIM] = {
    {"ihl", 85, 25, -10, "ihl_applies", true},
    {"self_defence", 85, 10, -10, "self_defence", true},
    {"countermeasures", 80, 10, -10, "countermeasures", true},
    {"sovereignty", 20, 90, 5, NULL, true},
    {"binding", 15, 85, 5, NULL, false},
    {"multistakeholder", 80, 25, 0, NULL, false},
    {"capacity_building", 60, 65, 20, NULL, false},
    {"cbm", 75, 60, 0, NULL, false},
    {"norms", 80, 65, 0, "due_diligence", false},
};

static const ns_pos_constants_t constants = {
    0.3,  /* camp_weight */
    0.3,  /* record_weight */
    0.6,  /* np_weight */
    90.0, /* np_yes */
    10.0, /* np_no */
    50.0, /* stance_mixed: midway between the yes and no targets (docs/RECORD.md 3.2) */
    5.0,  /* model_sd */
    3,    /* max_lag */
};

/* Camps read by the model, in bit order. */
static const char *const camp_names[] = {"NATO", "EU", "FiveEyes", "SCO", "CSTO", "BRICS", "NAM"};
enum { CAMP_NATO, CAMP_EU, CAMP_FIVEEYES, CAMP_SCO, CAMP_CSTO, CAMP_BRICS, CAMP_NAM, CAMP_COUNT };

/* 3.29 = 2 x 1.645: the width of a normal's central 90% interval in sds. */
#define Q90_WIDTH  3.29
#define FIRST_YEAR 1998

const ns_pos_dimension_map_t *ns_positions_map(void)
{
    return dimension_map;
}

const ns_pos_constants_t *ns_positions_constants(void)
{
    return &constants;
}

const char *ns_positions_camp_name(size_t i)
{
    return i < CAMP_COUNT ? camp_names[i] : NULL;
}

ns_status ns_positions_years(ns_ctx_t *ctx, const ns_world_t *w, int *first, int *last)
{
    int max_year = 0;
    for (size_t i = 0; i < ns_world_ideal_point_count(w); i++) {
        const ns_ideal_point_t *p = ns_world_ideal_point(w, i);
        if (p->year > max_year) {
            max_year = p->year;
        }
    }
    if (max_year == 0) {
        return ns_error(ctx, NS_ENOTFOUND, "positions: the data has no ideal points");
    }
    *first = FIRST_YEAR;
    *last = max_year + 1;
    return NS_OK;
}

/* Organisation index, or SIZE_MAX when the world lacks it (an absent camp is simply
 * never joined, so the lookup's error is cleared). */
static size_t org_index(ns_ctx_t *ctx, const ns_world_t *w, const char *id)
{
    size_t k = SIZE_MAX;
    if (ns_world_find_org(ctx, w, id, &k) != NS_OK) {
        ns_ctx_clear_error(ctx);
        k = SIZE_MAX;
    }
    return k;
}

static unsigned camps_of(ns_ctx_t *ctx, const ns_world_t *w, size_t state, int year)
{
    unsigned bits = 0;
    for (size_t c = 0; c < CAMP_COUNT; c++) {
        size_t o = org_index(ctx, w, camp_names[c]);
        if (o != SIZE_MAX && ns_world_in_org(w, state, o, year)) {
            bits |= 1u << c;
        }
    }
    return bits;
}

/* +1 Western camp, -1 Eastern, 0 neither or both. */
static int side_of(unsigned bits)
{
    bool west = (bits & ((1u << CAMP_NATO) | (1u << CAMP_EU) | (1u << CAMP_FIVEEYES))) != 0;
    bool east = (bits & ((1u << CAMP_SCO) | (1u << CAMP_CSTO))) != 0;
    return west == east ? 0 : (west ? 1 : -1);
}

/* The latest ideal point of `state` in years [year - max_lag, year - 1], or NULL. */
static const ns_ideal_point_t *lagged_ideal(const ns_world_t *w, size_t state, int year)
{
    return ns_world_ideal_point_latest(w, state, year - constants.max_lag, year - 1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

ns_status ns_positions_anchors(ns_ctx_t *ctx, const ns_world_t *w, int year, ns_pos_anchors_t *out)
{
    ns_status st = NS_OK;
    double *logs = NULL;
    int first = 0;
    int last = 0;
    if ((st = ns_positions_years(ctx, w, &first, &last)) != NS_OK) {
        goto cleanup;
    }
    if (year < first || year > last) {
        st = ns_error(ctx, NS_ERANGE,
                      "year %d is outside the years positions can be made for (%d to %d: "
                      "the first resolution year to the last ideal-point session + 1)",
                      year, first, last);
        goto cleanup;
    }
    size_t nato = org_index(ctx, w, "NATO");
    size_t sco = org_index(ctx, w, "SCO");
    if (nato == SIZE_MAX || sco == SIZE_MAX) {
        st = ns_error(ctx, NS_ENOTFOUND, "positions: the data lacks the NATO or SCO organisation");
        goto cleanup;
    }
    memset(out, 0, sizeof *out);
    out->year = year;
    out->record_rules = 0; /* The record is off by default (docs/RECORD.md 7). */
    size_t n = ns_world_state_count(w);
    logs = ns_calloc(ctx, n > 0 ? n : 1, sizeof *logs);
    if (logs == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    size_t n_logs = 0;
    double sum_w = 0;
    double sum_e = 0;
    out->log_gdp_min = INFINITY;
    out->log_gdp_max = -INFINITY;
    for (size_t s = 0; s < n; s++) {
        if (!ns_world_is_member(w, s, year)) {
            continue;
        }
        const ns_ideal_point_t *p = lagged_ideal(w, s, year);
        if (p != NULL && ns_world_in_org(w, s, nato, year)) {
            sum_w += p->ideal;
            out->n_west++;
        }
        if (p != NULL && ns_world_in_org(w, s, sco, year)) {
            sum_e += p->ideal;
            out->n_east++;
        }
        double g = ns_world_gdp_at(w, s, year - 1);
        if (isfinite(g) && g > 0) {
            double lg = log10(g);
            logs[n_logs++] = lg;
            out->log_gdp_min = fmin(out->log_gdp_min, lg);
            out->log_gdp_max = fmax(out->log_gdp_max, lg);
        }
    }
    out->west_mean = out->n_west > 0 ? sum_w / out->n_west : NAN;
    out->east_mean = out->n_east > 0 ? sum_e / out->n_east : NAN;
    if (n_logs == 0 || !(out->log_gdp_max > out->log_gdp_min)) {
        out->log_gdp_min = 0;
        out->log_gdp_max = 1;
        out->median_log_capability = 0.5;
    } else {
        qsort(logs, n_logs, sizeof *logs, cmp_double);
        double med =
            n_logs % 2 ? logs[n_logs / 2] : 0.5 * (logs[n_logs / 2 - 1] + logs[n_logs / 2]);
        out->median_log_capability =
            (med - out->log_gdp_min) / (out->log_gdp_max - out->log_gdp_min);
    }
cleanup:
    ns_free(ctx, logs);
    return st;
}

static bool same_line(const ns_resolution_t *a, const ns_resolution_t *b)
{
    return a->line != NULL && b->line != NULL && a->line[0] != '\0' &&
           strcmp(a->line, b->line) == 0;
}

/* Which side a roll call's yes vote stands for: the lead sponsor's camp in its year (for a
 * resolution without a recorded sponsor, the latest earlier one of its line that has one).
 * 0 when it cannot be told. */
int ns_positions_resolution_side(ns_ctx_t *ctx, const ns_world_t *w, size_t r)
{
    const ns_resolution_t *res = ns_world_resolution(w, r);
    const ns_resolution_t *by = res->lead_sponsor >= 0 ? res : NULL;
    for (size_t k = 0; res->lead_sponsor < 0 && k < ns_world_resolution_count(w); k++) {
        const ns_resolution_t *o = ns_world_resolution(w, k);
        if (o->lead_sponsor >= 0 && o->year <= res->year && same_line(o, res) &&
            (by == NULL || o->year > by->year)) {
            by = o;
        }
    }
    if (by == NULL) {
        return 0;
    }
    return side_of(camps_of(ctx, w, (size_t)by->lead_sponsor, res->year));
}

/* The state's record in the cyber roll calls before `year`: per roll call r, the vote's
 * value toward the Western side (1 with it, 0.5 abstain, 0 against) minus the roll
 * call's mean, averaged with weight var_r (a roll call in which all vote alike says
 * nothing about who differs). */
static ns_status record_of(ns_ctx_t *ctx, const ns_world_t *w, size_t state, int year,
                           ns_pos_account_t *acc)
{
    ns_status st = NS_OK;
    size_t nres = ns_world_resolution_count(w);
    double *sum = ns_calloc(ctx, nres + 1, 3 * sizeof *sum); /* sum, sumsq, count */
    int *side = ns_calloc(ctx, nres + 1, sizeof *side);
    double *mine = ns_calloc(ctx, nres + 1, sizeof *mine);
    if (sum == NULL || side == NULL || mine == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t r = 0; r < nres; r++) {
        const ns_resolution_t *res = ns_world_resolution(w, r);
        side[r] = res->year < year ? ns_positions_resolution_side(ctx, w, r) : 0;
        mine[r] = NAN;
        if (res->lead_sponsor >= 0 && (size_t)res->lead_sponsor == state && res->year < year &&
            res->adoption == NS_ADOPT_RECORDED_VOTE) {
            acc->led_line = true;
        }
    }
    /* Each value is 1, 0.5 or 0, so the sums come exactly from the counts. */
    for (size_t r = 0; r < nres; r++) {
        if (side[r] == 0) {
            continue;
        }
        size_t c[3];
        ns_world_vote_counts(w, r, c);
        double with = (double)(side[r] > 0 ? c[NS_VOTE_YES] : c[NS_VOTE_NO]);
        double half = (double)c[NS_VOTE_ABSTAIN];
        sum[3 * r] = with + 0.5 * half;
        sum[3 * r + 1] = with + 0.25 * half;
        sum[3 * r + 2] = with + half + (double)(side[r] > 0 ? c[NS_VOTE_NO] : c[NS_VOTE_YES]);
        const ns_vote_t *v = ns_world_vote_of(w, state, r);
        if (v != NULL) {
            double yes_side = v->vote == NS_VOTE_YES ? 1.0 : (v->vote == NS_VOTE_NO ? 0.0 : 0.5);
            mine[r] = side[r] > 0 ? yes_side : 1.0 - yes_side;
        }
    }
    double num = 0;
    double den = 0;
    for (size_t r = 0; r < nres; r++) {
        double n = sum[3 * r + 2];
        if (n < 1 || isnan(mine[r])) {
            continue;
        }
        double mean = sum[3 * r] / n;
        double var = sum[3 * r + 1] / n - mean * mean;
        acc->n_record++;
        num += var * (mine[r] - mean);
        den += var;
    }
    acc->record = den > 0 ? num / den : 0.0;
cleanup:
    ns_free(ctx, sum);
    ns_free(ctx, side);
    ns_free(ctx, mine);
    return st;
}

ns_status ns_positions_rollcall(ns_ctx_t *ctx, const ns_world_t *w, size_t r, int *side,
                                double *mean, double *variance)
{
    if (r >= ns_world_resolution_count(w)) {
        return ns_error(ctx, NS_EINVAL, "roll call: resolution %zu out of range", r);
    }
    *side = ns_positions_resolution_side(ctx, w, r);
    double sum = 0;
    double sumsq = 0;
    double n = 0;
    for (size_t i = 0; *side != 0 && i < ns_world_vote_count(w); i++) {
        const ns_vote_t *v = ns_world_vote(w, i);
        if (v->resolution != r) {
            continue;
        }
        double yes_side = v->vote == NS_VOTE_YES ? 1.0 : (v->vote == NS_VOTE_NO ? 0.0 : 0.5);
        double value = *side > 0 ? yes_side : 1.0 - yes_side;
        sum += value;
        sumsq += value * value;
        n += 1;
    }
    *mean = n > 0 ? sum / n : NAN;
    *variance = n > 0 ? sumsq / n - (sum / n) * (sum / n) : NAN;
    return NS_OK;
}

static int np_code(const ns_national_position_t *np, const char *key)
{
    if (np == NULL || key == NULL) {
        return -1;
    }
    if (strcmp(key, "ihl_applies") == 0) {
        return np->ihl_applies;
    }
    if (strcmp(key, "self_defence") == 0) {
        return np->self_defence;
    }
    if (strcmp(key, "countermeasures") == 0) {
        return np->countermeasures;
    }
    if (strcmp(key, "due_diligence") == 0) {
        return np->due_diligence;
    }
    return -1;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

/* The questions of the law of responses to cyber operations (docs/RECORD.md 3.3). */
static bool responses_question(const char *id)
{
    return strcmp(id, "ihl") == 0 || strcmp(id, "self_defence") == 0 ||
           strcmp(id, "countermeasures") == 0;
}

/* Public attributions, sanctions, indictments and expulsions (verified rows) that state
 * s was a direct party to in the two years before `year`. */
static int legal_events(const ns_world_t *w, size_t s, int year)
{
    int n = 0;
    for (size_t i = 0; i < ns_world_relation_event_count(w); i++) {
        const ns_relation_event_t *e = ns_world_relation_event(w, i);
        int y = e->date / 10000;
        bool kind = e->kind == NS_REL_ATTRIBUTION || e->kind == NS_REL_SANCTION ||
                    e->kind == NS_REL_INDICTMENT || e->kind == NS_REL_EXPULSION;
        if (kind && e->verified != NS_VERIFIED_NO && y >= year - 2 && y <= year - 1 &&
            ns_world_relation_party(w, e, s)) {
            n++;
        }
    }
    return n;
}

/* The latest verified stance of state s on dimension `id` dated before 1 January of
 * `year` (of two rows with the same date, the later in the file). */
static void latest_stance(ns_ctx_t *ctx, const ns_world_t *w, size_t s, const char *id, int year,
                          int *stance, ns_date_t *date)
{
    size_t dim = 0;
    *stance = NS_POS_NO_STANCE;
    *date = 0;
    if (ns_world_stance_count(w) == 0) {
        return;
    }
    if (ns_world_find_dimension(ctx, w, id, &dim) != NS_OK) {
        ns_ctx_clear_error(ctx);
        return;
    }
    for (size_t i = 0; i < ns_world_stance_count(w); i++) {
        const ns_stance_t *t = ns_world_stance(w, i);
        if (t->state == s && t->dim == dim && t->verified != NS_VERIFIED_NO &&
            t->date < year * 10000 && t->date >= *date) {
            *stance = t->stance;
            *date = t->date;
        }
    }
}

static double stance_target(int stance)
{
    return stance == 1    ? constants.np_yes
           : stance == -1 ? constants.np_no
           : stance == 0  ? constants.stance_mixed
                          : NAN;
}

ns_status ns_positions_explain(ns_ctx_t *ctx, const ns_world_t *w, const ns_pos_anchors_t *anchors,
                               size_t state, ns_pos_account_t *out)
{
    ns_status st = NS_OK;
    int year = anchors->year;
    if (state >= ns_world_state_count(w) || !ns_world_is_member(w, state, year)) {
        st = ns_error(ctx, NS_EINVAL, "positions: %s was not a UN member in %d",
                      state < ns_world_state_count(w) ? ns_world_state(w, state)->iso3 : "state",
                      year);
        goto cleanup;
    }
    memset(out, 0, sizeof *out);
    out->state = state;
    out->year = year;
    out->national_position = -1;

    /* Ideal point of the previous session, rescaled between the camps' means. */
    double gap = anchors->west_mean - anchors->east_mean;
    const ns_ideal_point_t *p = lagged_ideal(w, state, year);
    if (p != NULL && anchors->n_west > 0 && anchors->n_east > 0 && gap > 0) {
        out->ideal_session = p->session;
        out->ideal_year = p->year;
        out->ideal = p->ideal;
        out->ideal_q05 = p->q05;
        out->ideal_q95 = p->q95;
        out->ideal_sd = (p->q95 - p->q05) / Q90_WIDTH;
        out->scaled = (p->ideal - anchors->east_mean) / gap;
        out->scaled_sd = out->ideal_sd / gap;
    } else {
        /* No lagged session (1998, or a state without estimates): midway between the
         * camps, with an sd that spans both. */
        out->ideal = out->ideal_q05 = out->ideal_q95 = out->ideal_sd = NAN;
        if (p != NULL) {
            out->ideal_session = p->session;
            out->ideal_year = p->year;
            out->ideal = p->ideal;
        }
        out->scaled = 0.5;
        out->scaled_sd = 0.5;
    }

    out->camps = camps_of(ctx, w, state, year);
    out->camp_side = side_of(out->camps);
    out->camp_score = out->camp_side > 0 ? 1.0 : (out->camp_side < 0 ? 0.0 : out->scaled);
    if ((st = record_of(ctx, w, state, year, out)) != NS_OK) {
        goto cleanup;
    }
    out->alignment = (1 - constants.camp_weight) * out->scaled +
                     constants.camp_weight * out->camp_score +
                     constants.record_weight * out->record;
    out->alignment_sd = (1 - constants.camp_weight) * out->scaled_sd;

    /* Published national position on international law, if public by the year. */
    const ns_national_position_t *np = NULL;
    for (size_t i = 0; i < ns_world_national_position_count(w); i++) {
        const ns_national_position_t *q = ns_world_national_position(w, i);
        if (q->state == state && q->first_year > 0 && q->first_year <= year) {
            np = q;
            out->national_position = (long)i;
        }
    }

    const ns_gdp_t *g = ns_world_gdp_row_at(w, state, year - 1);
    out->gdp = g != NULL ? g->usd : NAN;
    out->gdp_year = g != NULL ? g->year : 0;
    out->log_capability = isfinite(out->gdp) && out->gdp > 0
                              ? clamp((log10(out->gdp) - anchors->log_gdp_min) /
                                          (anchors->log_gdp_max - anchors->log_gdp_min),
                                      0, 1)
                              : anchors->median_log_capability;

    out->legal_events =
        (anchors->record_rules & NS_RULE_SALIENCE) != 0 ? legal_events(w, state, year) : 0;
    bool nam = (out->camps & (1u << CAMP_NAM)) != 0;
    double general = out->led_line ? 1.0 : fmin(1.0, 2.0 * fabs(out->record));
    for (size_t d = 0; d < NS_POS_NDIM; d++) {
        const ns_pos_dimension_map_t *m = &dimension_map[d];
        double span = m->west - m->east;
        double x = m->east + span * out->alignment;
        out->dim[d].from_alignment = x;
        out->dim[d].nam = nam ? m->nam_shift : 0.0;
        x += out->dim[d].nam;
        int code = np_code(np, m->np_key);
        out->dim[d].np_code = code;
        out->dim[d].np_target = code == 1 ? constants.np_yes : (code == 0 ? constants.np_no : NAN);
        double keep = 1.0;
        if (code >= 0) {
            keep = 1 - constants.np_weight;
            x = keep * x + constants.np_weight * out->dim[d].np_target;
        }
        /* The latest dated stance before the year pulls as a published position does
         * (docs/RECORD.md 3.2); it is engagement on its question. */
        out->dim[d].stance = NS_POS_NO_STANCE;
        out->dim[d].stance_date = 0;
        if ((anchors->record_rules & NS_RULE_STANCES) != 0) {
            latest_stance(ctx, w, state, m->id, year, &out->dim[d].stance,
                          &out->dim[d].stance_date);
        }
        out->dim[d].stance_target = stance_target(out->dim[d].stance);
        if (out->dim[d].stance != NS_POS_NO_STANCE) {
            keep *= 1 - constants.np_weight;
            x = (1 - constants.np_weight) * x + constants.np_weight * out->dim[d].stance_target;
        }
        double prop = fabs(span) * out->alignment_sd * keep;
        double eng = general;
        if ((m->legal && np != NULL) || out->dim[d].stance != NS_POS_NO_STANCE) {
            eng = 1.0;
        }
        /* A party to a public attribution, sanction, indictment or expulsion has a stake
         * in the law of responses to cyber operations (docs/RECORD.md 3.3). */
        if (out->legal_events > 0 && responses_question(m->id)) {
            eng = 1.0;
        }
        if (strcmp(m->id, "capacity_building") == 0 && nam) {
            eng = 1.0;
        }
        out->dim[d].engagement = eng;
        out->dim[d].result.x = clamp(x, 0, 100);
        out->dim[d].result.sd = sqrt(prop * prop + constants.model_sd * constants.model_sd);
        out->dim[d].result.salience = clamp(0.2 + 0.5 * out->log_capability + 0.3 * eng, 0, 1);
    }
cleanup:
    return st;
}

ns_status ns_positions_apply(ns_ctx_t *ctx, ns_world_t *w, int year)
{
    return ns_positions_apply_rules(ctx, w, year, 0);
}

ns_status ns_positions_apply_rules(ns_ctx_t *ctx, ns_world_t *w, int year, unsigned rules)
{
    ns_status st = NS_OK;
    ns_pos_anchors_t anchors;
    ns_pos_account_t acc;
    size_t dims[NS_POS_NDIM];
    if ((st = ns_positions_anchors(ctx, w, year, &anchors)) != NS_OK) {
        goto cleanup;
    }
    anchors.record_rules = rules;
    for (size_t d = 0; d < NS_POS_NDIM; d++) {
        if ((st = ns_world_find_dimension(ctx, w, dimension_map[d].id, &dims[d])) != NS_OK) {
            goto cleanup;
        }
    }
    for (size_t s = 0; s < ns_world_state_count(w); s++) {
        if (!ns_world_is_member(w, s, year)) {
            continue;
        }
        if ((st = ns_positions_explain(ctx, w, &anchors, s, &acc)) != NS_OK) {
            goto cleanup;
        }
        for (size_t d = 0; d < NS_POS_NDIM; d++) {
            st = ns_world_set_position(ctx, w, NS_ACTOR_STATE, s, dims[d], &acc.dim[d].result);
            if (st != NS_OK) {
                goto cleanup;
            }
        }
    }
cleanup:
    return st;
}
