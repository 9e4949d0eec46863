/* The representativeness-consensus frontier (MECHANISM.md 3.2, 5.3, 7.1): how the size
 * and the membership rule of a consensus body change the chance of a consensus report,
 * the substance of what it adopts and its legitimacy among all UN member states.
 * docs/FRONTIER.md is the reference; this comment is the summary.
 *
 * The base is a real body and its first year (study parameter `body`, default GGE6,
 * 2019): its mandate, its chair, and the status quo it met (ns_process_status_quo: the
 * last agreed language as the process model replays it, for GGE6 the 2015 report's
 * text). Every number a member brings is the process layer's (docs/PROCESS.md 4): one
 * ns_process_table_t is built in setup for a copy of the world in which the body is open
 * to every UN member state, so it holds each state's position before any consultation
 * (base_ideal), as a body that does not hear stakeholders hears it (ideal: the body's own
 * regional consultation, if any) and as one that does (open_ideal), its sd, salience,
 * capability (normalised over the world) and will (will_scale (1 + v_i) sum_d s_id).
 *
 * One replicate:
 * 1. Seats (stream (seed, point, replicate, 0)). `rotation` (the GGE): the P5, the chair,
 *    and the other seats shared among the five regional groups by largest remainders in
 *    proportion to their non-P5 member states (docs/PROCESS.md 3), drawn at random within
 *    each group. `open` (the OEWG): the chair, and participants drawn with probability
 *    increasing in engagement (mean salience over the mandate; Efraimidis and Spirakis
 *    2006 weighted sampling without replacement). At body_size >= the number of member
 *    states both rules seat everyone.
 * 2. Positions (stream (seed, ALL_POINTS, replicate, 1 + state): the same draws at every
 *    point, common random numbers, so that differences between sizes and rules are not
 *    Monte Carlo noise): x + sd N(0, 1) clamped to the dimension's scale, x the position
 *    the body hears: with the stakeholders' pull under `open`, without it under
 *    `rotation`.
 * 3. The seated negotiate with the consensus-drafting engine (ns_consensus_decide: the
 *    verdict and, when adopted, the Nash text), the chair's summary at the chair's ideal.
 *    One draft: the process layer's drafting rounds (parameter `rounds`) are not applied.
 *
 * Metrics (docs/FRONTIER.md 3 says why each is defined as it is):
 *   adopted              1 if a consensus report is adopted, else 0
 *   kept, summary        paragraphs negotiated / moved to the chair's summary (NaN if no
 *                        report)
 *   substance            mean over the mandate of |text - q| for kept paragraphs (summary
 *                        and dropped count 0), scale points; NaN if no report
 *   legitimacy           share of ALL member states (seated or not) strictly better off at
 *                        the report than at the status quo; NaN if no report
 *   worse_off            share of all member states strictly worse off; NaN if no report
 *   expected_substance   substance, 0 when no report (nothing moves)
 *   expected_legitimacy  legitimacy, 0 when no report (nobody gains)
 * Utilities are the engine's (docs/CONSENSUS.md 1): U_i(y) = -sum_d s_id l(|y_d - x_id|),
 * a summary paragraph counting q + f (z - q) for those who prefer z, q for the others,
 * evaluated at every state's drawn position before consultation (one yardstick for both
 * rules).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "analysis/frontier.h"

#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "normsim/consensus.h"
#include "normsim/process.h"

enum { P_BODY_SIZE, P_MEMBERSHIP, P_BODY };
enum { RULE_ROTATION = 0, RULE_OPEN = 1 };
enum {
    M_ADOPTED,
    M_KEPT,
    M_SUMMARY,
    M_SUBSTANCE,
    M_LEGITIMACY,
    M_WORSE_OFF,
    M_EXPECTED_SUBSTANCE,
    M_EXPECTED_LEGITIMACY,
    N_METRICS
};

/* The point index of the position streams, shared by every point (common random
 * numbers). No grid has this many points (NS_STUDY_MAX_POINTS). */
#define ALL_POINTS UINT32_MAX

/* The bodies a study may take as its base: the UN's consensus bodies, by id. The
 * parameter's number is the index here (a parameter is a number; the grid keeps the
 * label). A scenario may change their members and mandate (reform 7.2 does). */
static const char *const base_bodies[] = {"GGE1", "GGE2",  "GGE3",  "GGE4", "GGE5",
                                          "GGE6", "OEWG1", "OEWG2", "GM"};
#define DEFAULT_BODY 5 /* GGE6 */

static const char *const param_names[] = {"body_size", "membership", "body"};
static const double defaults[] = {25, RULE_ROTATION, DEFAULT_BODY};
static const char *const param_help[] = {
    "seats (rotation) or participants (open), 1..4096; all member states at or above "
    "their number (default 25)",
    "rotation (P5, chair, regional quotas drawn at random) or open (chair, the engaged "
    "take part, stakeholders consulted)",
    "the base body: GGE1..GGE6, OEWG1, OEWG2 or GM (default GGE6: its mandate, chair, "
    "status quo and first year's positions)",
};
static const char *const metrics[] = {"adopted",
                                      "kept",
                                      "summary",
                                      "substance",
                                      "legitimacy",
                                      "worse_off",
                                      "expected_substance",
                                      "expected_legitimacy"};

/* One base body: its table with every member state of its first year seated. */
typedef struct base {
    bool present;
    ns_process_table_t t;
    ns_consensus_params_t cp;
    double *open_ideal;            /* m x d: positions in a body that hears the stakeholders. */
    double *lo, *hi;               /* d: each paragraph's scale. */
    double *engagement;            /* m: mean salience over the mandate. */
    unsigned char *p5;             /* m */
    unsigned char *group;          /* m: regional group, NS_GROUP_NONE if none. */
    unsigned char *eligible;       /* m: may take a rotating seat (not P5, not chair, a group). */
    double weight[NS_GROUP_COUNT]; /* Non-P5 member states of each group. */
    size_t cap[NS_GROUP_COUNT];    /* Eligible states of each group. */
    size_t fixed;                  /* Seats rotation always fills: P5 and chair. */
} base_t;

typedef struct frontier {
    base_t base[NS_ARRAY_LEN(base_bodies)];
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
    if (param == P_BODY) {
        for (size_t i = 0; i < NS_ARRAY_LEN(base_bodies); i++) {
            if (strcmp(text, base_bodies[i]) == 0) {
                *value = (double)i;
                return NS_OK;
            }
        }
        return ns_error(ctx, NS_EINVAL,
                        "body: '%s' is not a UN consensus body (GGE1..GGE6, OEWG1, OEWG2, GM)",
                        text);
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

static void base_destroy(ns_ctx_t *ctx, base_t *b)
{
    ns_process_table_free(&b->t);
    ns_free(ctx, b->open_ideal);
    ns_free(ctx, b->lo);
    ns_free(ctx, b->hi);
    ns_free(ctx, b->engagement);
    ns_free(ctx, b->p5);
    ns_free(ctx, b->group);
    ns_free(ctx, b->eligible);
    memset(b, 0, sizeof *b);
}

static void teardown(ns_ctx_t *ctx, void *state)
{
    frontier_t *f = state;
    if (f == NULL) {
        return;
    }
    for (size_t i = 0; i < NS_ARRAY_LEN(f->base); i++) {
        base_destroy(ctx, &f->base[i]);
    }
    ns_free(ctx, f);
}

/* The base body `body` of world w: its table in the copy `open` (where the body is open
 * to every member state) at the status quo it met in w, the positions with and without
 * stakeholder consultation, and what seating needs. */
static ns_status base_build(ns_ctx_t *ctx, const ns_world_t *w, ns_world_t *open, size_t body,
                            const ns_process_params_t *pp, base_t *b)
{
    double *sq = ns_calloc(ctx, ns_world_dimension_count(w) + 1, sizeof *sq);
    ns_body_t rules = *ns_world_body(w, body);
    rules.membership = NS_MEMBERS_OPEN;
    rules.stakeholders_consulted = true;
    ns_status s = sq != NULL ? NS_OK : NS_ENOMEM;
    if (s == NS_OK) {
        s = ns_process_status_quo(ctx, w, body, pp, sq);
    }
    if (s == NS_OK) {
        s = ns_world_set_body_rules(ctx, open, body, &rules);
    }
    if (s == NS_OK) {
        s = ns_process_table_build(ctx, open, body, 0, sq, pp, &b->t);
    }
    if (s == NS_OK && b->t.m > NS_CONSENSUS_MAX_MEMBERS) {
        s = ns_error(ctx, NS_ELIMIT, "body %s: %zu member states (at most %d)", rules.id, b->t.m,
                     NS_CONSENSUS_MAX_MEMBERS);
    }
    if (s == NS_OK) {
        b->open_ideal = ns_calloc(ctx, b->t.m * b->t.d, sizeof *b->open_ideal);
        s = b->open_ideal != NULL ? NS_OK : NS_ENOMEM;
    }
    if (s == NS_OK) {
        /* The open body hears the stakeholders (MECHANISM.md 5.2); the rotating one does
         * not. Everything else the process layer does to positions (the body's own
         * regional consultation) is the same under both rules. */
        memcpy(b->open_ideal, b->t.ideal, b->t.m * b->t.d * sizeof *b->open_ideal);
        rules.stakeholders_consulted = false;
        s = ns_world_set_body_rules(ctx, open, body, &rules);
    }
    if (s != NS_OK) {
        goto cleanup;
    }
    ns_process_table_reparam(&b->t, open, NULL, pp);
    size_t m = b->t.m, d = b->t.d;
    b->lo = ns_calloc(ctx, d, sizeof *b->lo);
    b->hi = ns_calloc(ctx, d, sizeof *b->hi);
    b->engagement = ns_calloc(ctx, m, sizeof *b->engagement);
    b->p5 = ns_calloc(ctx, m, 1);
    b->group = ns_calloc(ctx, m, 1);
    b->eligible = ns_calloc(ctx, m, 1);
    if (b->lo == NULL || b->hi == NULL || b->engagement == NULL || b->p5 == NULL ||
        b->group == NULL || b->eligible == NULL) {
        s = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k < d; k++) {
        const ns_dimension_t *dim = ns_world_dimension(w, b->t.dims[k]);
        b->lo[k] = dim->scale_min;
        b->hi[k] = dim->scale_max;
    }
    /* The engine's parameters as the process layer hands them (wills carry the scale). */
    ns_process_engine_params(&b->t, pp, &b->cp);
    b->fixed = b->t.table.chair >= 0 ? 1 : 0;
    for (size_t i = 0; i < m; i++) {
        const ns_state_t *st = ns_world_state(w, b->t.members[i]);
        double sum = 0;
        for (size_t k = 0; k < d; k++) {
            sum += b->t.salience[i * d + k];
        }
        /* A state that cares about nothing still attends now and then. */
        b->engagement[i] = fmax(sum / (double)d, 0.01);
        b->p5[i] = st->p5;
        bool grouped = st->group > NS_GROUP_NONE && st->group < NS_GROUP_COUNT;
        b->group[i] = grouped ? (unsigned char)st->group : NS_GROUP_NONE;
        bool chair = (long)i == b->t.table.chair;
        if (st->p5 && !chair) {
            b->fixed++;
        }
        if (!st->p5 && grouped) {
            b->weight[st->group] += 1.0;
            if (!chair) {
                b->eligible[i] = 1;
                b->cap[st->group]++;
            }
        }
    }
    b->present = true;

cleanup:
    ns_free(ctx, sq);
    return s;
}

static ns_status setup(ns_ctx_t *ctx, const ns_world_t *world, void **state)
{
    ns_world_t *open = NULL;
    frontier_t *f = ns_calloc(ctx, 1, sizeof *f);
    ns_process_params_t pp;
    ns_process_params_default(&pp);
    ns_status s = f != NULL ? NS_OK : NS_ENOMEM;
    if (s == NS_OK) {
        s = ns_process_params_read(ctx, world, &pp);
    }
    if (s == NS_OK) {
        s = ns_world_copy(ctx, world, &open);
    }
    size_t found = 0;
    for (size_t i = 0; s == NS_OK && i < NS_ARRAY_LEN(base_bodies); i++) {
        size_t body = 0;
        if (ns_world_find_body(ctx, world, base_bodies[i], &body) != NS_OK) {
            ns_ctx_clear_error(ctx);
            continue;
        }
        const ns_body_t *b = ns_world_body(world, body);
        if (b->kind == NS_BODY_GA || b->decision != NS_DECIDE_CONSENSUS) {
            continue;
        }
        s = base_build(ctx, world, open, body, &pp, &f->base[i]);
        found += s == NS_OK;
        /* Later bodies' status quos are replayed in `world`, never in the copy. */
    }
    if (s == NS_OK && found == 0) {
        s = ns_error(ctx, NS_EINVAL,
                     "the scenario's world has none of the consensus bodies GGE1..GGE6, "
                     "OEWG1, OEWG2, GM the frontier study starts from");
    }
    if (s != NS_OK) {
        goto cleanup;
    }
    *state = f;
    f = NULL;
cleanup:
    ns_world_free(open);
    teardown(ctx, f);
    return s;
}

/* Choose the seated members (seat[i] = 1). `order` and `key` are m scratch entries. */
static ns_status seat_body(const base_t *b, int rule, size_t size, ns_rng_t *rng,
                           unsigned char *seat, size_t *order, double *key, ns_ctx_t *ctx)
{
    size_t m = b->t.m;
    long chair = b->t.table.chair;
    if (size >= m) {
        memset(seat, 1, m);
        return NS_OK;
    }
    memset(seat, 0, m);
    if (rule == RULE_ROTATION) {
        if (size < b->fixed) {
            return ns_error(ctx, NS_EINVAL,
                            "body_size %zu: rotation seats the five permanent members and the "
                            "chair, %zu seats at least",
                            size, b->fixed);
        }
        size_t quota[NS_GROUP_COUNT];
        ns_process_apportion(b->weight, b->cap, size - b->fixed, quota);
        for (size_t i = 0; i < m; i++) {
            seat[i] = (unsigned char)(b->p5[i] || (long)i == chair);
        }
        /* Within each group a uniform draw of its quota (partial Fisher-Yates): the
         * study averages over who gets the seats, where the GGE's queue would seat the
         * same states every time (docs/FRONTIER.md 2). */
        for (int g = 1; g < NS_GROUP_COUNT; g++) {
            size_t n = 0;
            for (size_t i = 0; i < m; i++) {
                if (b->eligible[i] && b->group[i] == g) {
                    order[n++] = i;
                }
            }
            for (size_t k = 0; k < quota[g] && k < n; k++) {
                size_t j = k + ns_rng_below(rng, (uint32_t)(n - k));
                size_t pick = order[j];
                order[j] = order[k];
                order[k] = pick;
                seat[pick] = 1;
            }
        }
        return NS_OK;
    }
    /* Open: the chair, then the largest keys u^(1/w), a weighted sample without
     * replacement with inclusion increasing in engagement (Efraimidis and Spirakis 2006). */
    size_t seated = 0;
    if (chair >= 0 && size > 0) {
        seat[chair] = 1;
        seated = 1;
    }
    for (size_t i = 0; i < m; i++) {
        double u = ns_rng_uniform(rng);
        key[i] = seat[i] ? -1.0 : pow(u, 1.0 / b->engagement[i]);
    }
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
    return NS_OK;
}

/* Loss l(t) of the engine. */
static double loss(const ns_consensus_params_t *cp, double t)
{
    return cp->loss == NS_LOSS_QUADRATIC ? t * t : t;
}

/* What paragraph k of the outcome is worth to a member at x (docs/CONSENSUS.md 1): kept
 * at its text; a summary at q + f (z - q) for a member who prefers z, else q; dropped
 * at q. Returns the position it counts as. */
static double counts_as(const ns_consensus_result_t *res, const ns_consensus_params_t *cp, size_t k,
                        double q, double x)
{
    if (res->action[k] == NS_PARA_KEEP) {
        return res->text[k];
    }
    if (res->action[k] == NS_PARA_SUMMARY) {
        double z = res->text[k];
        return fabs(z - x) < fabs(q - x) ? q + cp->summary_record * (z - q) : q;
    }
    return q;
}

/* The base body of a parameter vector, or NULL (with the message) if the world lacks it. */
static const base_t *base_of(const frontier_t *f, const double *p, ns_ctx_t *ctx)
{
    size_t code = (size_t)p[P_BODY];
    if (code < NS_ARRAY_LEN(f->base) && f->base[code].present) {
        return &f->base[code];
    }
    (void)ns_error(ctx, NS_EINVAL, "body %s: not a consensus body of the scenario's world",
                   code < NS_ARRAY_LEN(base_bodies) ? base_bodies[code] : "?");
    return NULL;
}

ns_status ns__frontier_seats(ns_ctx_t *ctx, const void *state, const double *params, uint64_t seed,
                             uint32_t point, uint32_t replicate, const size_t **members, size_t *n,
                             unsigned char *seat)
{
    const base_t *b = base_of(state, params, ctx);
    if (b == NULL) {
        return NS_EINVAL;
    }
    *members = b->t.members;
    *n = b->t.m;
    if (seat == NULL) {
        return NS_OK;
    }
    size_t *order = ns_calloc(ctx, b->t.m, sizeof *order);
    double *key = ns_calloc(ctx, b->t.m, sizeof *key);
    ns_status s = order != NULL && key != NULL ? NS_OK : NS_ENOMEM;
    if (s == NS_OK) {
        ns_rng_t rng;
        ns_rng_init(&rng, seed, point, replicate, 0);
        s = seat_body(b, (int)params[P_MEMBERSHIP], (size_t)params[P_BODY_SIZE], &rng, seat, order,
                      key, ctx);
    }
    ns_free(ctx, order);
    ns_free(ctx, key);
    return s;
}

static ns_status replicate(const void *state, const double *p, uint64_t seed, uint32_t point,
                           uint32_t rep, double *out, ns_ctx_t *ctx)
{
    const base_t *b = base_of(state, p, ctx);
    if (b == NULL) {
        return NS_EINVAL;
    }
    size_t m = b->t.m, d = b->t.d;
    size_t size = (size_t)p[P_BODY_SIZE];
    int rule = (int)p[P_MEMBERSHIP];
    size_t body = size < m ? size : m;
    ns_consensus_ws_t *ws = NULL;
    ns_consensus_result_t res;
    memset(&res, 0, sizeof res);
    /* Scratch of one replicate in one block: every state's drawn position before any
     * consultation (x0, the yardstick of legitimacy) and as the body hears it (x1), m x d
     * each; the body's ideals and saliences
     * (body x d), capabilities and wills (body); keys (m). */
    double *x0 = ns_calloc(ctx, 2 * m * d + 2 * body * d + 2 * body + m, sizeof *x0);
    unsigned char *seat = ns_calloc(ctx, m, 1);
    size_t *order = ns_calloc(ctx, m, sizeof *order);
    ns_status s = x0 != NULL && seat != NULL && order != NULL ? NS_OK : NS_ENOMEM;
    if (s == NS_OK) {
        s = ns_consensus_ws_new(ctx, body, d, &ws);
    }
    if (s == NS_OK) {
        s = ns_consensus_result_init(ctx, &res, body, 0);
    }
    if (s != NS_OK) {
        goto cleanup;
    }
    double *x1 = x0 + m * d, *bx = x1 + m * d, *bs = bx + body * d, *bc = bs + body * d,
           *bw = bc + body, *key = bw + body;
    ns_rng_t rng;
    ns_rng_init(&rng, seed, point, rep, 0);
    if ((s = seat_body(b, rule, size, &rng, seat, order, key, ctx)) != NS_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < m; i++) {
        /* The state's own stream: its draw is the same at every point and whatever else
         * the world holds. */
        ns_rng_init(&rng, seed, ALL_POINTS, rep, (uint32_t)(1 + b->t.members[i]));
        for (size_t k = 0; k < d; k++) {
            double e = b->t.sd[i * d + k] * ns_rng_normal(&rng);
            x0[i * d + k] = fmin(fmax(b->t.base_ideal[i * d + k] + e, b->lo[k]), b->hi[k]);
            double heard = rule == RULE_OPEN ? b->open_ideal[i * d + k] : b->t.ideal[i * d + k];
            x1[i * d + k] = fmin(fmax(heard + e, b->lo[k]), b->hi[k]);
        }
    }
    long chair = -1;
    size_t n = 0;
    for (size_t i = 0; i < m; i++) {
        if (seat[i]) {
            memcpy(bx + n * d, x1 + i * d, d * sizeof *x1);
            memcpy(bs + n * d, b->t.salience + i * d, d * sizeof *bs);
            bc[n] = b->t.capability[i];
            bw[n] = b->t.will[i];
            chair = (long)i == b->t.table.chair ? (long)n : chair;
            n++;
        }
    }
    ns_consensus_table_t table;
    memset(&table, 0, sizeof table);
    table.m = n;
    table.d = d;
    table.ideal = bx;
    table.salience = bs;
    table.capability = bc;
    table.will = bw;
    table.status_quo = b->t.status_quo;
    table.chair = chair; /* The summary sits at the chair's ideal. */
    if ((s = ns_consensus_decide(ctx, ws, &table, &b->cp, &res)) != NS_OK) {
        goto cleanup;
    }
    for (size_t k = 0; k < N_METRICS; k++) {
        out[k] = NAN;
    }
    out[M_ADOPTED] = res.adopted ? 1 : 0;
    out[M_EXPECTED_SUBSTANCE] = 0;
    out[M_EXPECTED_LEGITIMACY] = 0;
    if (!res.adopted) {
        goto cleanup;
    }
    size_t kept = 0, summary = 0;
    double moved = 0;
    for (size_t k = 0; k < d; k++) {
        kept += res.action[k] == NS_PARA_KEEP;
        summary += res.action[k] == NS_PARA_SUMMARY;
        moved += res.action[k] == NS_PARA_KEEP ? fabs(res.text[k] - b->t.status_quo[k]) : 0;
    }
    /* Every member state, seated or not, at its own position before consultation. */
    size_t better = 0, worse = 0;
    for (size_t i = 0; i < m; i++) {
        double gain = 0;
        for (size_t k = 0; k < d; k++) {
            double xi = x0[i * d + k], q = b->t.status_quo[k];
            double y = counts_as(&res, &b->cp, k, q, xi);
            gain += b->t.salience[i * d + k] *
                    (loss(&b->cp, fabs(q - xi)) - loss(&b->cp, fabs(y - xi)));
        }
        /* Strictly, beyond rounding: a state on the text's side by 1e-9 points is
         * indifferent. */
        better += gain > 1e-9;
        worse += gain < -1e-9;
    }
    out[M_KEPT] = (double)kept;
    out[M_SUMMARY] = (double)summary;
    out[M_SUBSTANCE] = moved / (double)d;
    out[M_LEGITIMACY] = (double)better / (double)m;
    out[M_WORSE_OFF] = (double)worse / (double)m;
    out[M_EXPECTED_SUBSTANCE] = out[M_SUBSTANCE];
    out[M_EXPECTED_LEGITIMACY] = out[M_LEGITIMACY];

cleanup:
    ns_consensus_result_free(&res);
    ns_consensus_ws_free(ws);
    ns_free(ctx, x0);
    ns_free(ctx, seat);
    ns_free(ctx, order);
    return s;
}

const ns_study_model_t ns__frontier_model = {
    .name = "frontier",
    .summary = "consensus body size and membership against adoption, substance, legitimacy",
    .cite = "MECHANISM.md 3.2, 5.3, 7.1; docs/FRONTIER.md; the process layer "
            "(docs/PROCESS.md) and consensus drafting (docs/CONSENSUS.md)",
    .n_params = NS_ARRAY_LEN(param_names),
    .params = param_names,
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
