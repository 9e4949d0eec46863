/* The representativeness-consensus frontier (MECHANISM.md 3.2, 5.3, 7.1): how the size
 * and the membership rule of a consensus body change the chance of a consensus report,
 * the substance of what is adopted and its legitimacy among all UN member states.
 *
 * One replicate:
 * 1. Seats. `rotation` (the GGE model): body_size seats, the five permanent members
 *    always seated, the rest drawn uniformly from the other members. `open` (the OEWG
 *    model): any state may take part, and those that care most do: body_size
 *    participants drawn with probability proportional to their mean salience
 *    (Efraimidis-Spirakis weighted sampling without replacement, key u^(1/w)).
 *    At body_size >= the number of members both rules seat everyone.
 * 2. Positions: every member state's ideal point on each of the nine dimensions is drawn
 *    as x + sd N(0, 1), clamped to the scale (the position model's uncertainty,
 *    include/normsim/positions.h).
 * 3. The body negotiates with the consensus-drafting engine (include/normsim/
 *    consensus.h: unanimity among the seated, outside options, will, chair's summary),
 *    without a chair, from the status quo at each dimension's silence point.
 * Metrics: adopted (0/1); substance, the mean distance of the adopted text from the
 * status quo over the paragraphs, in scale points, counting the paragraphs moved to a
 * summary or dropped as 0 (they bind nobody); legitimacy, the share of ALL member
 * states (seated or not) whose utility (linear loss, their drawn ideal points and
 * saliences) is higher at the adopted text than at the status quo. Substance and
 * legitimacy are not defined (NaN) when nothing is adopted.
 *
 * Positions are those of the year in the scenario's `parameters: {year: Y}`, by default
 * the last year the position model covers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "analysis/frontier.h"

#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "normsim/consensus.h"
#include "normsim/positions.h"

enum { P_BODY_SIZE, P_MEMBERSHIP };
enum { RULE_ROTATION = 0, RULE_OPEN = 1 };

static const char *const params[] = {"body_size", "membership"};
static const double defaults[] = {25, RULE_ROTATION};
static const char *const param_help[] = {
    "seats (rotation) or participants (open), 1..the number of members (default 25)",
    "rotation (P5 seated, others drawn at random) or open (the engaged take part)",
};
static const char *const metrics[] = {"adopted", "substance", "legitimacy"};

typedef struct frontier {
    size_t m, d;
    double *ideal, *sd, *salience, *capability, *will; /* m x d, m x d, m x d, m, m */
    double *lo, *hi, *status_quo;                      /* d */
    double *engagement;                                /* m: mean salience */
    unsigned char *p5;                                 /* m */
    ns_consensus_params_t cp;
} frontier_t;

static ns_status parse(size_t param, const char *text, double *value, ns_ctx_t *ctx)
{
    if (param == P_MEMBERSHIP) {
        if (strcmp(text, "rotation") == 0 || strcmp(text, "0") == 0) {
            *value = RULE_ROTATION;
        } else if (strcmp(text, "open") == 0 || strcmp(text, "1") == 0) {
            *value = RULE_OPEN;
        } else {
            return ns_error(ctx, NS_EINVAL, "membership: '%s' is not rotation or open", text);
        }
        return NS_OK;
    }
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || v < 1 || v > NS_CONSENSUS_MAX_MEMBERS || v != floor(v)) {
        return ns_error(ctx, NS_ERANGE, "body_size: '%s' is not a whole number in 1..%d", text,
                        NS_CONSENSUS_MAX_MEMBERS);
    }
    *value = v;
    return NS_OK;
}

static void teardown(ns_ctx_t *ctx, void *state)
{
    frontier_t *f = state;
    if (f == NULL) {
        return;
    }
    double *arrays[] = {f->ideal, f->sd, f->salience,   f->capability, f->will,
                        f->lo,    f->hi, f->status_quo, f->engagement};
    for (size_t i = 0; i < NS_ARRAY_LEN(arrays); i++) {
        ns_free(ctx, arrays[i]);
    }
    ns_free(ctx, f->p5);
    ns_free(ctx, f);
}

static ns_status setup(ns_ctx_t *ctx, const ns_world_t *world, void **state)
{
    ns_world_t *w = NULL;
    frontier_t *f = ns_calloc(ctx, 1, sizeof *f);
    size_t *member = NULL;
    ns_status s = f != NULL ? ns_world_copy(ctx, world, &w) : NS_ENOMEM;
    int first = 0, last = 0;
    if (s == NS_OK) {
        s = ns_positions_years(ctx, w, &first, &last);
    }
    double year = last;
    if (s == NS_OK && ns_world_param(w, "year", &year) == NS_OK &&
        (year < first || year > last || year != floor(year))) {
        s = ns_error(ctx, NS_ERANGE, "parameters.year: %g outside the position model's %d..%d",
                     year, first, last);
    }
    if (s == NS_OK) {
        s = ns_positions_apply(ctx, w, (int)year);
    }
    if (s != NS_OK) {
        goto cleanup;
    }
    const ns_pos_dimension_map_t *map = ns_positions_map();
    size_t d = NS_POS_NDIM, n = ns_world_state_count(w);
    size_t dims[NS_POS_NDIM];
    for (size_t k = 0; k < d && s == NS_OK; k++) {
        s = ns_world_find_dimension(ctx, w, map[k].id, &dims[k]);
    }
    member = ns_calloc(ctx, n + 1, sizeof *member);
    if (s != NS_OK || member == NULL) {
        s = s != NS_OK ? s : NS_ENOMEM;
        goto cleanup;
    }
    /* Members: the states with a position on every dimension that year. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        bool known = true;
        for (size_t k = 0; k < d && known; k++) {
            const ns_position_t *p = ns_world_position(w, NS_ACTOR_STATE, i, dims[k]);
            known = p != NULL && isfinite(p->x) && isfinite(p->salience);
        }
        if (known) {
            member[m++] = i;
        }
    }
    if (m == 0 || m > NS_CONSENSUS_MAX_MEMBERS) {
        s = ns_error(ctx, NS_EINVAL, "the scenario's world has %zu states with positions", m);
        goto cleanup;
    }
    f->m = m;
    f->d = d;
    f->ideal = ns_calloc(ctx, m * d, sizeof *f->ideal);
    f->sd = ns_calloc(ctx, m * d, sizeof *f->sd);
    f->salience = ns_calloc(ctx, m * d, sizeof *f->salience);
    f->capability = ns_calloc(ctx, m, sizeof *f->capability);
    f->will = ns_calloc(ctx, m, sizeof *f->will);
    f->engagement = ns_calloc(ctx, m, sizeof *f->engagement);
    f->lo = ns_calloc(ctx, d, sizeof *f->lo);
    f->hi = ns_calloc(ctx, d, sizeof *f->hi);
    f->status_quo = ns_calloc(ctx, d, sizeof *f->status_quo);
    f->p5 = ns_calloc(ctx, m, sizeof *f->p5);
    if (f->ideal == NULL || f->sd == NULL || f->salience == NULL || f->capability == NULL ||
        f->will == NULL || f->engagement == NULL || f->lo == NULL || f->hi == NULL ||
        f->status_quo == NULL || f->p5 == NULL) {
        s = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k < d; k++) {
        const ns_dimension_t *dim = ns_world_dimension(w, dims[k]);
        f->lo[k] = dim->scale_min;
        f->hi[k] = dim->scale_max;
        f->status_quo[k] = dim->silence;
    }
    /* Capabilities normalised over the world (consensus.h: so that seating a state
     * changes nobody else's outside option); unknown ones at the median-free middle. */
    double cmax = 0;
    for (size_t i = 0; i < m; i++) {
        double c = ns_world_capability(w, member[i]);
        cmax = isfinite(c) && c > cmax ? c : cmax;
    }
    for (size_t i = 0; i < m; i++) {
        const ns_state_t *st = ns_world_state(w, member[i]);
        double c = ns_world_capability(w, member[i]);
        double will = ns_world_will(w, member[i]);
        f->capability[i] = isfinite(c) && cmax > 0 ? c / cmax : 0.5;
        f->will[i] = isfinite(will) && will >= 0 ? will : 0;
        f->p5[i] = st->p5;
        double sum = 0;
        for (size_t k = 0; k < d; k++) {
            const ns_position_t *p = ns_world_position(w, NS_ACTOR_STATE, member[i], dims[k]);
            f->ideal[i * d + k] = p->x;
            f->sd[i * d + k] = isfinite(p->sd) && p->sd > 0 ? p->sd : 0;
            f->salience[i * d + k] = p->salience;
            sum += p->salience;
        }
        /* A state that cares about nothing still attends now and then. */
        f->engagement[i] = fmax(sum / (double)d, 0.01);
    }
    ns_consensus_params_default(&f->cp);
    double v;
    if (ns_world_param(w, "forum_shopping", &v) == NS_OK) {
        f->cp.forum_shopping = v;
    }
    if (ns_world_param(w, "will_scale", &v) == NS_OK) {
        f->cp.will_scale = v;
    }
    *state = f;
    f = NULL;
cleanup:
    ns_free(ctx, member);
    ns_world_free(w);
    teardown(ctx, f);
    return s;
}

/* Choose `size` of m members into seat[] (1 = seated). */
static void seat_body(const frontier_t *f, int rule, size_t size, ns_rng_t *rng,
                      unsigned char *seat, double *key)
{
    size_t m = f->m;
    if (size >= m) {
        memset(seat, 1, m);
        return;
    }
    memset(seat, 0, m);
    size_t seated = 0;
    for (size_t i = 0; i < m; i++) {
        /* Rotation: the P5 first, then uniform keys; open: keys u^(1/w), the largest
         * `size` of which are a weighted sample without replacement (Efraimidis and
         * Spirakis 2006). */
        double u = ns_rng_uniform(rng);
        if (rule == RULE_ROTATION) {
            key[i] = f->p5[i] ? 2.0 + u : u;
        } else {
            key[i] = pow(u, 1.0 / f->engagement[i]);
        }
    }
    /* Partial selection of the `size` largest keys: O(m size), size <= m <= 193. */
    while (seated < size) {
        size_t best = m;
        for (size_t i = 0; i < m; i++) {
            if (!seat[i] && (best == m || key[i] > key[best])) {
                best = i;
            }
        }
        seat[best] = 1;
        seated++;
    }
}

static ns_status replicate(const void *state, const double *p, uint64_t seed, uint32_t point,
                           uint32_t rep, double *out, ns_ctx_t *ctx)
{
    const frontier_t *f = state;
    size_t m = f->m, d = f->d;
    size_t size = (size_t)p[P_BODY_SIZE];
    int rule = (int)p[P_MEMBERSHIP];
    ns_consensus_ws_t *ws = NULL;
    ns_consensus_result_t res;
    memset(&res, 0, sizeof res);
    /* Scratch of one replicate, in one block: drawn ideals (m x d), the body's table
     * (size x d ideals and saliences, size capabilities and wills), keys. */
    size_t body = size < m ? size : m;
    double *x = ns_calloc(ctx, m * d + 2 * body * d + 2 * body + m, sizeof *x);
    unsigned char *seat = ns_calloc(ctx, m, 1);
    ns_status s = x != NULL && seat != NULL ? NS_OK : NS_ENOMEM;
    if (s == NS_OK) {
        s = ns_consensus_ws_new(ctx, body, d, &ws);
    }
    if (s == NS_OK) {
        s = ns_consensus_result_init(ctx, &res, body, 0);
    }
    if (s != NS_OK) {
        goto cleanup;
    }
    double *bx = x + m * d, *bs = bx + body * d, *bc = bs + body * d, *bw = bc + body,
           *key = bw + body;
    ns_rng_t rng;
    ns_rng_init(&rng, seed, point, rep, 0);
    seat_body(f, rule, size, &rng, seat, key);
    ns_rng_init(&rng, seed, point, rep, 1);
    for (size_t i = 0; i < m * d; i++) {
        size_t k = i % d;
        double v = f->ideal[i] + f->sd[i] * ns_rng_normal(&rng);
        x[i] = fmin(fmax(v, f->lo[k]), f->hi[k]);
    }
    size_t b = 0;
    for (size_t i = 0; i < m; i++) {
        if (seat[i]) {
            memcpy(bx + b * d, x + i * d, d * sizeof *x);
            memcpy(bs + b * d, f->salience + i * d, d * sizeof *x);
            bc[b] = f->capability[i];
            bw[b] = f->will[i];
            b++;
        }
    }
    ns_consensus_table_t table;
    memset(&table, 0, sizeof table);
    table.m = b;
    table.d = d;
    table.ideal = bx;
    table.salience = bs;
    table.capability = bc;
    table.will = bw;
    table.status_quo = f->status_quo;
    table.chair = -1;
    s = ns_consensus_solve(ctx, ws, &table, &f->cp, &res);
    if (s != NS_OK) {
        goto cleanup;
    }
    out[0] = res.adopted ? 1 : 0;
    out[1] = NAN;
    out[2] = NAN;
    if (res.adopted) {
        double moved = 0;
        for (size_t k = 0; k < d; k++) {
            moved += res.action[k] == NS_PARA_KEEP ? fabs(res.text[k] - f->status_quo[k]) : 0;
        }
        out[1] = moved / (double)d;
        size_t prefer = 0;
        for (size_t i = 0; i < m; i++) {
            double gain = 0;
            for (size_t k = 0; k < d; k++) {
                if (res.action[k] == NS_PARA_KEEP) {
                    double xi = x[i * d + k];
                    gain += f->salience[i * d + k] *
                            (fabs(f->status_quo[k] - xi) - fabs(res.text[k] - xi));
                }
            }
            prefer += gain > 1e-9;
        }
        out[2] = (double)prefer / (double)m;
    }
cleanup:
    ns_consensus_result_destroy(&res);
    ns_consensus_ws_free(ws);
    ns_free(ctx, x);
    ns_free(ctx, seat);
    return s;
}

const ns_study_model_t ns__frontier_model = {
    .name = "frontier",
    .summary = "consensus body size and membership against adoption, substance, legitimacy",
    .cite = "MECHANISM.md 3.2, 5.3, 7.1; consensus drafting (include/normsim/consensus.h)",
    .n_params = NS_ARRAY_LEN(params),
    .params = params,
    .defaults = defaults,
    .param_help = param_help,
    .n_metrics = NS_ARRAY_LEN(metrics),
    .metrics = metrics,
    .parse = parse,
    .needs_world = true,
    .setup = setup,
    .teardown = teardown,
    .replicate = replicate,
};
