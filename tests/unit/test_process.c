/* The process model (normsim/process.h): the invariants of issue 5 at the process level
 * (a body of one state adopts its ideal point; unlimited will passes every package;
 * removing a member never shrinks the acceptable drafts; a chair's-summary paragraph is
 * never the reason to block), membership rules against counts worked out by hand, the
 * status quo carried along the timeline, stakeholder persuasion, determinism, errors
 * and out-of-memory; drafting rounds (camp cohesion by hand, single-shot equivalence,
 * never re-deciding an adopted draft, model 5 between rounds) and regional consultation
 * (res. 73/266) against views recomputed here; the package's rows (the csv of
 * `negotiate`) of a table worked by hand.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"

/* One loaded world shared by the tests (read-only); tests that change it copy it. */
static ns_world_t *world;
static ns_ctx_t *wctx;

static int setup(void **state)
{
    (void)state;
    if (ns_ctx_new(NULL, &wctx) != NS_OK || ns_data_load(wctx, NULL, &world) != NS_OK) {
        return -1;
    }
    /* These tests pin the process layer without the record (docs/RECORD.md); an empty
     * record is the identity (tests/unit/test_record.c), and the record's own rules are
     * tested there. */
    ns_world_drop_record(world, NS_RECORD_MANDATES | NS_RECORD_RELATIONS | NS_RECORD_STANCES);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ns_world_free(world);
    ns_ctx_free(wctx);
    return 0;
}

static size_t body_index(const ns_world_t *w, const char *id)
{
    return test_body(wctx, w, id);
}

static size_t state_index(const ns_world_t *w, const char *iso3)
{
    return test_state(wctx, w, iso3);
}

static void few_runs(ns_process_params_t *p)
{
    ns_process_params_default(p);
    p->replicates = 4;
    p->replicates_large = 2;
}

/* A world with one more body: a list body of the given members, 2016, all nine
 * dimensions. */
static ns_world_t *with_list_body(const char *id, const char *const *iso3, size_t n, size_t *index)
{
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
    size_t members[32];
    for (size_t i = 0; i < n; i++) {
        members[i] = state_index(w, iso3[i]);
    }
    ns_body_t b;
    memset(&b, 0, sizeof b);
    b.id = id;
    b.name = id;
    b.kind = NS_BODY_CUSTOM;
    b.start_year = 2016;
    b.end_year = 2017;
    b.membership = NS_MEMBERS_LIST;
    b.decision = NS_DECIDE_CONSENSUS;
    b.seats = (int)n;
    b.chair = -1;
    b.chair_name = "";
    b.establishing_resolution = "";
    b.report_symbol = "";
    b.outcome = NS_OUTCOME_UNKNOWN;
    b.outcome_note = "";
    b.source = "test";
    assert_int_equal(ns_world_add_body(wctx, w, &b, index), NS_OK);
    assert_int_equal(ns_world_set_body_members(wctx, w, *index, members, NULL, n), NS_OK);
    size_t dims[9];
    for (size_t k = 0; k < 9; k++) {
        dims[k] = k;
    }
    assert_int_equal(ns_world_set_body_mandate(wctx, w, *index, dims, 9), NS_OK);
    return w;
}

/* Invariant 1: a body of one state adopts its own ideal point on every paragraph. The
 * ideal is computed independently by the position model on another copy of the world. */
static void test_one_state_adopts_its_ideal(void **state)
{
    (void)state;
    static const char *const usa[] = {"USA"};
    size_t body = 0;
    ns_world_t *w = with_list_body("SOLO", usa, 1, &body);
    ns_world_t *pos = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &pos), NS_OK);
    assert_int_equal(ns_positions_apply(wctx, pos, 2016), NS_OK);
    ns_process_params_t p;
    few_runs(&p);
    ns_negotiation_t n;
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_OK);
    assert_true(n.result.adopted);
    assert_int_equal(n.mc.adopted, n.mc.replicates);
    size_t us = state_index(w, "USA");
    for (size_t k = 0; k < n.table.d; k++) {
        const ns_position_t *x = ns_world_position(pos, NS_ACTOR_STATE, us, n.table.dims[k]);
        assert_int_equal(n.result.action[k], NS_PARA_KEEP);
        assert_true(fabs(n.result.text[k] - x->x) < 1e-6);
    }
    ns_negotiation_free(&n);
    ns_world_free(pos);
    ns_world_free(w);
}

/* Invariant 2: with unlimited will every package passes, the recorded failures (GGE1,
 * GGE5) included, in every replicate. */
static void test_unlimited_will_passes(void **state)
{
    (void)state;
    static const char *const ids[] = {"GGE1", "GGE5", "OEWG1"};
    ns_process_params_t p;
    few_runs(&p);
    p.will_scale = INFINITY;
    for (size_t i = 0; i < 3; i++) {
        ns_negotiation_t n;
        assert_int_equal(ns_process_negotiate(wctx, world, body_index(world, ids[i]), 0, &p, &n),
                         NS_OK);
        assert_true(n.result.adopted);
        assert_int_equal(n.mc.adopted, n.mc.replicates);
        assert_true(n.mc.p == 1.0);
        ns_negotiation_free(&n);
    }
}

/* Invariant 3: removing a member never shrinks the set of acceptable drafts. For drafts
 * drawn at random (and the model's own text), a draft every member of GGE5 accepts is
 * accepted by every member of GGE5 without one of them, for each member removed. The
 * margins come from ns_consensus_margins on tables the process layer builds. */
static void test_removing_a_member_never_shrinks(void **state)
{
    (void)state;
    ns_process_params_t p;
    few_runs(&p);
    p.will_scale = 30; /* Wide acceptance sets, so that many drafts pass. */
    size_t gge5 = body_index(world, "GGE5");
    double sq[16];
    assert_int_equal(ns_process_status_quo(wctx, world, gge5, &p, sq), NS_OK);
    ns_process_table_t full;
    assert_int_equal(ns_process_table_build(wctx, world, gge5, 0, sq, &p, &full), NS_OK);
    ns_consensus_ws_t *ws = NULL;
    assert_int_equal(ns_consensus_ws_new(wctx, full.m, full.d, &ws), NS_OK);
    ns_para_action_t keep[NS_CONSENSUS_MAX_DIMS];
    for (size_t k = 0; k < full.d; k++) {
        keep[k] = NS_PARA_KEEP;
    }
    double g_full[64], g_less[64], y[NS_CONSENSUS_MAX_DIMS];
    ns_consensus_params_t cp;
    ns_process_engine_params(&full, &p, &cp);
    ns_rng_t rng;
    size_t accepted = 0;
    for (size_t drop = 0; drop < full.m; drop++) {
        ns_world_t *w = NULL;
        assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
        size_t members[64];
        size_t n = 0;
        for (size_t i = 0; i < full.m; i++) {
            if (i != drop) {
                members[n++] = full.members[i];
            }
        }
        assert_int_equal(ns_world_set_body_members(wctx, w, gge5, members, NULL, n), NS_OK);
        ns_process_table_t less;
        assert_int_equal(ns_process_table_build(wctx, w, gge5, 0, sq, &p, &less), NS_OK);
        assert_int_equal(less.m, full.m - 1);
        ns_rng_init(&rng, 7, (uint32_t)drop, 0, 0);
        for (int draw = 0; draw < 200; draw++) {
            /* Drafts near the status quo, where acceptance is common. */
            for (size_t k = 0; k < full.d; k++) {
                y[k] = fmin(100, fmax(0, full.status_quo[k] + 30 * (ns_rng_uniform(&rng) - 0.5)));
            }
            assert_int_equal(ns_consensus_margins(wctx, ws, &full.table, &cp, keep, y, g_full),
                             NS_OK);
            assert_int_equal(ns_consensus_margins(wctx, ws, &less.table, &cp, keep, y, g_less),
                             NS_OK);
            bool all_full = true;
            bool all_less = true;
            for (size_t i = 0; i < full.m; i++) {
                all_full = all_full && g_full[i] >= 0;
            }
            for (size_t i = 0; i < less.m; i++) {
                all_less = all_less && g_less[i] >= 0;
            }
            accepted += all_full;
            assert_true(!all_full || all_less);
        }
        ns_process_table_free(&less);
        ns_world_free(w);
    }
    /* The check is not vacuous: some drafts were acceptable to the full body. */
    assert_true(accepted > 0);
    ns_consensus_ws_free(ws);
    ns_process_table_free(&full);
}

/* Invariant 4: a chair's-summary paragraph is never the reason to block: switching each
 * summary paragraph of the model's package to "drop" never raises any member's margin.
 * GGE5 at will_scale 2 moves paragraphs to the summary (docs/PROCESS.md). */
static void test_summary_never_blocked(void **state)
{
    (void)state;
    ns_process_params_t p;
    few_runs(&p);
    p.will_scale = 2;
    ns_negotiation_t n;
    assert_int_equal(ns_process_negotiate(wctx, world, body_index(world, "GGE5"), 0, &p, &n),
                     NS_OK);
    ns_consensus_ws_t *ws = NULL;
    assert_int_equal(ns_consensus_ws_new(wctx, n.table.m, n.table.d, &ws), NS_OK);
    ns_consensus_params_t cp;
    ns_process_engine_params(&n.table, &p, &cp);
    double with[64], without[64];
    size_t summaries = 0;
    assert_int_equal(
        ns_consensus_margins(wctx, ws, &n.table.table, &cp, n.result.action, n.result.text, with),
        NS_OK);
    for (size_t k = 0; k < n.table.d; k++) {
        if (n.result.action[k] != NS_PARA_SUMMARY) {
            continue;
        }
        summaries++;
        ns_para_action_t act[NS_CONSENSUS_MAX_DIMS];
        memcpy(act, n.result.action, sizeof act);
        act[k] = NS_PARA_DROP;
        assert_int_equal(
            ns_consensus_margins(wctx, ws, &n.table.table, &cp, act, n.result.text, without),
            NS_OK);
        for (size_t i = 0; i < n.table.m; i++) {
            assert_true(with[i] >= without[i] - 1e-9);
        }
    }
    assert_true(summaries > 0);
    ns_consensus_ws_free(ws);
    ns_negotiation_free(&n);
}

/* Membership. Historical: the 25 recorded experts of GGE5. Open: the 193 members of
 * 2019. Rotation with 15 seats for GGE5: the P5 and ten seats shared in the recorded
 * group shares of GGE5's non-P5 members (African 4, Asia-Pacific 5, Eastern European
 * 2, GRULAC 3, WEOG 6 of 20: `normsim data participation` minus the P5), i.e. 2, 2.5,
 * 1, 1.5, 3 seats: floors 2, 2, 1, 1, 3 and the last seat to the tie of remainders 0.5
 * at the lower group number (Asia-Pacific). With the P5: 2, 4, 2, 1, 6. */
static void test_membership_rules(void **state)
{
    (void)state;
    size_t *m = NULL;
    size_t n = 0;
    assert_int_equal(ns_process_members(wctx, world, body_index(world, "GGE5"), 2016, &m, &n),
                     NS_OK);
    assert_int_equal(n, 25);
    ns_free(wctx, m);
    assert_int_equal(ns_process_members(wctx, world, body_index(world, "OEWG1"), 2019, &m, &n),
                     NS_OK);
    assert_int_equal(n, 193);
    ns_free(wctx, m);

    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
    size_t gge5 = body_index(w, "GGE5");
    ns_body_t b = *ns_world_body(w, gge5);
    b.membership = NS_MEMBERS_ROTATION;
    b.seats = 15;
    assert_int_equal(ns_world_set_body_rules(wctx, w, gge5, &b), NS_OK);
    assert_int_equal(ns_process_members(wctx, w, gge5, 2016, &m, &n), NS_OK);
    assert_int_equal(n, 15);
    size_t per_group[NS_GROUP_COUNT] = {0};
    size_t p5 = 0;
    for (size_t i = 0; i < n; i++) {
        const ns_state_t *s = ns_world_state(w, m[i]);
        per_group[s->group]++;
        p5 += s->p5;
        if (i > 0) {
            assert_true(m[i] > m[i - 1]); /* sorted, no duplicate */
        }
    }
    assert_int_equal(p5, 5);
    assert_int_equal(per_group[NS_GROUP_AFRICAN], 2);
    assert_int_equal(per_group[NS_GROUP_ASIA_PACIFIC], 4);
    assert_int_equal(per_group[NS_GROUP_EASTERN_EUROPEAN], 2);
    assert_int_equal(per_group[NS_GROUP_GRULAC], 1);
    assert_int_equal(per_group[NS_GROUP_WEOG], 6);
    ns_free(wctx, m);

    /* Too few seats for the permanent members. */
    b.seats = 3;
    assert_int_equal(ns_world_set_body_rules(wctx, w, gge5, &b), NS_OK);
    assert_int_equal(ns_process_members(wctx, w, gge5, 2016, &m, &n), NS_EINVAL);
    assert_null(m);
    ns_world_free(w);
}

/* The status quo carried along the timeline: GGE1 and GGE2 meet silence (nothing was
 * adopted before; GGE1 failed); GGE5 meets GGE4's negotiated text wherever GGE4 kept a
 * paragraph, computed here by negotiating GGE4 at its own status quo. */
static void test_status_quo_carried(void **state)
{
    (void)state;
    ns_process_params_t p;
    few_runs(&p);
    size_t nd = ns_world_dimension_count(world);
    double sq[16];
    assert_int_equal(ns_process_status_quo(wctx, world, body_index(world, "GGE1"), &p, sq), NS_OK);
    for (size_t k = 0; k < nd; k++) {
        assert_true(sq[k] == ns_world_dimension(world, k)->silence);
    }
    assert_int_equal(ns_process_status_quo(wctx, world, body_index(world, "GGE2"), &p, sq), NS_OK);
    for (size_t k = 0; k < nd; k++) {
        assert_true(sq[k] == ns_world_dimension(world, k)->silence);
    }
    ns_negotiation_t g4;
    assert_int_equal(ns_process_negotiate(wctx, world, body_index(world, "GGE4"), 0, &p, &g4),
                     NS_OK);
    double sq4[16];
    memcpy(sq4, g4.world_status_quo, nd * sizeof *sq4);
    assert_int_equal(ns_process_status_quo(wctx, world, body_index(world, "GGE5"), &p, sq), NS_OK);
    for (size_t k = 0; k < g4.table.d; k++) {
        size_t dim = g4.table.dims[k];
        double expect = g4.result.action[k] == NS_PARA_KEEP ? g4.result.text[k] : sq4[dim];
        assert_true(fabs(sq[dim] - expect) < 1e-12);
    }
    ns_negotiation_free(&g4);
}

/* Stakeholders shift positions in bodies that consult them, by the persuasion rate, and
 * never elsewhere: one stakeholder at 100 on multistakeholder moves every OEWG1 member
 * from x to x + 0.1 (100 - x); GGE5 (not consulted) is untouched. */
static void test_stakeholder_persuasion(void **state)
{
    (void)state;
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
    ns_stakeholder_t sh = {"icrc_test", "A stakeholder", "ngo"};
    size_t s = 0;
    size_t dim = 0;
    assert_int_equal(ns_world_add_stakeholder(wctx, w, &sh, &s), NS_OK);
    assert_int_equal(ns_world_find_dimension(wctx, w, "multistakeholder", &dim), NS_OK);
    ns_position_t pos = {100, 0, 1};
    assert_int_equal(ns_world_set_position(wctx, w, NS_ACTOR_STAKEHOLDER, s, dim, &pos), NS_OK);
    ns_process_params_t p;
    few_runs(&p);
    p.persuasion = 0.1;
    ns_process_table_t open;
    assert_int_equal(ns_process_table_build(wctx, w, body_index(w, "OEWG1"), 0, NULL, &p, &open),
                     NS_OK);
    assert_int_equal(open.n_stakeholders, 1);
    size_t k = 0;
    while (open.dims[k] != dim) {
        k++;
    }
    for (size_t i = 0; i < open.m; i++) {
        double x = open.base_ideal[i * open.d + k];
        assert_true(fabs(open.ideal[i * open.d + k] - (x + 0.1 * (100 - x))) < 1e-12);
    }
    ns_process_table_t gge;
    assert_int_equal(ns_process_table_build(wctx, w, body_index(w, "GGE5"), 0, NULL, &p, &gge),
                     NS_OK);
    for (size_t i = 0; i < gge.m * gge.d; i++) {
        assert_true(gge.ideal[i] == gge.base_ideal[i]);
    }
    ns_process_table_free(&open);
    ns_process_table_free(&gge);
    ns_world_free(w);
}

/* Will = will_scale (1 + own will) x the member's summed salience (process.h). */
static void test_will_formula(void **state)
{
    (void)state;
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
    size_t usa = state_index(w, "USA");
    assert_int_equal(ns_world_set_will(wctx, w, usa, 0.5), NS_OK);
    ns_process_params_t p;
    few_runs(&p);
    p.will_scale = 2;
    ns_process_table_t t;
    assert_int_equal(ns_process_table_build(wctx, w, body_index(w, "GGE5"), 0, NULL, &p, &t),
                     NS_OK);
    for (size_t i = 0; i < t.m; i++) {
        double sal = 0;
        for (size_t k = 0; k < t.d; k++) {
            sal += t.salience[i * t.d + k];
        }
        double own = t.members[i] == usa ? 0.5 : 0.0;
        assert_true(fabs(t.will[i] - 2 * (1 + own) * sal) < 1e-12);
    }
    ns_process_table_free(&t);
    ns_world_free(w);
}

/* The same seed gives the same draws; another seed may not. */
static void test_deterministic(void **state)
{
    (void)state;
    ns_process_params_t p;
    few_runs(&p);
    p.replicates = 12;
    p.will_scale = 2.5;
    size_t b = body_index(world, "GGE4");
    ns_negotiation_t a, c;
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &a), NS_OK);
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &c), NS_OK);
    assert_int_equal(a.mc.adopted, c.mc.adopted);
    assert_int_equal(a.mc.replicates, 12);
    assert_true(a.mc.lo <= a.mc.p && a.mc.p <= a.mc.hi);
    ns_negotiation_free(&a);
    ns_negotiation_free(&c);
}

/* Parameters from the world: ranges checked, the per-body summary switch. */
static void test_params(void **state)
{
    (void)state;
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
    ns_process_params_t p;
    ns_process_params_default(&p);
    assert_int_equal(ns_world_set_param(wctx, w, "forum_shopping", 0.75), NS_OK);
    assert_int_equal(ns_world_set_param(wctx, w, "summary_available.OEWG1", 0), NS_OK);
    assert_int_equal(ns_process_params_read(wctx, w, &p), NS_OK);
    assert_true(p.consensus.forum_shopping == 0.75);
    assert_false(ns_process_summary_available(w, body_index(w, "OEWG1"), &p));
    assert_true(ns_process_summary_available(w, body_index(w, "GGE5"), &p));
    assert_int_equal(ns_world_set_param(wctx, w, "forum_shopping", 1.5), NS_OK);
    assert_int_equal(ns_process_params_read(wctx, w, &p), NS_ERANGE);
    assert_non_null(strstr(ns_ctx_errmsg(wctx), "forum_shopping"));
    assert_int_equal(ns_world_set_param(wctx, w, "forum_shopping", 0.5), NS_OK);
    assert_int_equal(ns_world_set_param(wctx, w, "summary_available.OEWG1", 0.5), NS_OK);
    assert_int_equal(ns_process_params_read(wctx, w, &p), NS_ERANGE);
    assert_int_equal(ns_world_set_param(wctx, w, "summary_available.OEWG1", 1), NS_OK);
    assert_int_equal(ns_world_set_param(wctx, w, "summary_available.NOPE", 1), NS_OK);
    assert_int_equal(ns_process_params_read(wctx, w, &p), NS_ENOTFOUND);
    ns_world_free(w);
}

/* Errors: a year before the position model, a body out of range, no replicates. */
static void test_errors(void **state)
{
    (void)state;
    ns_process_params_t p;
    few_runs(&p);
    ns_process_table_t t;
    assert_int_equal(
        ns_process_table_build(wctx, world, body_index(world, "GGE5"), 1990, NULL, &p, &t),
        NS_ERANGE);
    ns_process_table_free(&t);
    assert_int_equal(ns_process_table_build(wctx, world, 9999, 0, NULL, &p, &t), NS_EINVAL);
    ns_process_table_free(&t);
    ns_negotiation_t n;
    p.replicates = 0;
    assert_int_equal(ns_process_negotiate(wctx, world, body_index(world, "GGE2"), 0, &p, &n),
                     NS_EINVAL);
    ns_negotiation_free(&n);
}

/* Negotiate with the k-th allocation failing, for k = 1, 2, ... (past 200 in strides of
 * `stride`, the world copy making many) until one succeeds: every attempt ends in NS_OK
 * or NS_ENOMEM, never a crash or leak (the sanitizer build checks the leaks), and one
 * below `limit` succeeds. */
static void negotiate_out_of_memory(const ns_world_t *w, size_t body, const ns_process_params_t *p,
                                    long limit, long stride)
{
    bool done = false;
    for (long k = 1; k < limit && !done; k++) {
        failing_alloc_t f;
        ns_ctx_t *ctx = failing_ctx(&f, k);
        assert_non_null(ctx);
        ns_negotiation_t n;
        ns_status st = ns_process_negotiate(ctx, w, body, 0, p, &n);
        assert_true(st == NS_OK || st == NS_ENOMEM);
        done = st == NS_OK;
        ns_negotiation_free(&n);
        ns_ctx_free(ctx);
        if (k > 200) {
            k += stride;
        }
    }
    assert_true(done);
}

/* Out of memory at every allocation of a table build: an error, never a leak or crash
 * (the sanitizer build checks the leaks). */
static void test_out_of_memory(void **state)
{
    (void)state;
    ns_process_params_t p;
    few_runs(&p);
    p.replicates = 1;
    negotiate_out_of_memory(world, body_index(world, "GGE2"), &p, 20000, 37);
}

/* The backtest on a one-point grid with few draws: the rows, the csv columns, and the
 * scores recomputed from the rows. */
static void test_backtest_small(void **state)
{
    (void)state;
    static const double b[] = {0.25};
    static const double will[] = {3, 1000};
    static const double f[] = {0.5};
    ns_history_grid_t g = {b, 1, will, 2, f, 1};
    ns_process_params_t p;
    few_runs(&p);
    p.replicates = 2;
    p.replicates_large = 1;
    ns_history_backtest_t bt;
    assert_int_equal(ns_history_backtest(wctx, world, &p, &g, &bt), NS_OK);
    assert_int_equal(bt.n, 8);
    assert_int_equal(ns_rows_count(bt.rows), 8);
    assert_int_equal(ns_rows_ncols(bt.rows), 6);
    assert_string_equal(ns_rows_column(bt.rows, 0), "event");
    assert_string_equal(ns_rows_column(bt.rows, 5), "right_loo");
    assert_string_equal(ns_rows_cell(bt.rows, 0, 0), "GGE1");
    assert_string_equal(ns_rows_cell(bt.rows, 0, 1), "0");
    assert_string_equal(ns_rows_cell(bt.rows, 4, 0), "GGE5");
    double brier = 0;
    int right = 0;
    for (size_t r = 0; r < 8; r++) {
        double pr = atof(ns_rows_cell(bt.rows, r, 2));
        int actual = atoi(ns_rows_cell(bt.rows, r, 1));
        brier += (pr - actual) * (pr - actual) / 8;
        right += atoi(ns_rows_cell(bt.rows, r, 3));
        assert_int_equal(atoi(ns_rows_cell(bt.rows, r, 3)), (pr >= 0.5) == (actual == 1));
    }
    assert_int_equal(right, bt.right);
    assert_true(fabs(brier - bt.brier) < 1e-3);
    assert_true(bt.grid_points == 2);
    ns_history_backtest_free(&bt);
}

/* ---- Drafting rounds and regional consultation (docs/PROCESS.md section 4a) ---------- */

/* Index of a camp in ns_positions_camp_name() order. */
static size_t camp_bit(const char *name)
{
    for (size_t c = 0; ns_positions_camp_name(c) != NULL; c++) {
        if (strcmp(ns_positions_camp_name(c), name) == 0) {
            return c;
        }
    }
    fail_msg("no camp %s", name);
    return 0;
}

/* A two-member camp: Turkey and Norway, both in NATO and in no other camp in 2016. With
 * cohesion 1 both collapse onto the camp's salience-weighted mean on every paragraph
 * (computed here from the table's positions and saliences); with 0.5 each moves halfway
 * there. */
static void test_cohesion_two_member_camp(void **state)
{
    (void)state;
    static const char *const pair[] = {"TUR", "NOR"};
    size_t body = 0;
    ns_world_t *w = with_list_body("PAIR", pair, 2, &body);
    ns_process_params_t p;
    few_runs(&p);
    ns_process_table_t t;
    assert_int_equal(ns_process_table_build(wctx, w, body, 0, NULL, &p, &t), NS_OK);
    unsigned nato = 1u << camp_bit("NATO");
    assert_int_equal(t.camps[0], nato);
    assert_int_equal(t.camps[1], nato);
    size_t d = t.d;
    for (int half = 0; half < 2; half++) {
        double kappa = half ? 0.5 : 1.0;
        p.cohesion = kappa;
        double x[2 * NS_CONSENSUS_MAX_DIMS];
        memcpy(x, t.ideal, 2 * d * sizeof *x);
        double moved = 0;
        ns_process_round_t rec;
        assert_int_equal(ns_process_move(wctx, &t, &p, x, &rec, &moved), NS_OK);
        size_t changed = 0;
        for (size_t k = 0; k < d; k++) {
            double s0 = t.salience[k];
            double s1 = t.salience[d + k];
            double x0 = t.ideal[k];
            double x1 = t.ideal[d + k];
            if (s0 + s1 == 0) {
                assert_true(x[k] == x0 && x[d + k] == x1);
                continue;
            }
            double mu = (s0 * x0 + s1 * x1) / (s0 + s1);
            assert_true(fabs(x[k] - (x0 + kappa * (mu - x0))) < 1e-9);
            assert_true(fabs(x[d + k] - (x1 + kappa * (mu - x1))) < 1e-9);
            changed += fabs(x0 - x1) > 1e-6;
        }
        assert_true(changed > 0); /* Not vacuous: the two disagree somewhere. */
        assert_true(moved > 0);
        assert_int_equal(rec.camp_members[camp_bit("NATO")], 2);
        assert_true(rec.camp_shift[camp_bit("NATO")] > 0);
        assert_true(rec.camp_shift[camp_bit("SCO")] == 0);
    }
    /* Cohesion 0: nobody moves. */
    p.cohesion = 0;
    double x[2 * NS_CONSENSUS_MAX_DIMS];
    memcpy(x, t.ideal, 2 * d * sizeof *x);
    double moved = 1;
    assert_int_equal(ns_process_move(wctx, &t, &p, x, NULL, &moved), NS_OK);
    assert_true(moved == 0);
    assert_memory_equal(x, t.ideal, 2 * d * sizeof *x);
    ns_process_table_free(&t);
    ns_world_free(w);
}

/* A member of two camps: Germany (NATO and EU) with Turkey (NATO only) and Austria (EU
 * only), cohesion.NATO = 1 and cohesion.EU = 0.5. By section 4a: mu_NATO from DEU and
 * TUR, mu_EU from DEU and AUT; Turkey goes to mu_NATO, Austria halfway to mu_EU, Germany
 * (kappa = max(1, 0.5) = 1) to (1 mu_NATO + 0.5 mu_EU) / 1.5. */
static void test_cohesion_member_of_two_camps(void **state)
{
    (void)state;
    static const char *const trio[] = {"DEU", "TUR", "AUT"};
    size_t body = 0;
    ns_world_t *w = with_list_body("TRIO", trio, 3, &body);
    ns_process_params_t p;
    few_runs(&p);
    p.camp_cohesion[camp_bit("NATO")] = 1.0;
    p.camp_cohesion[camp_bit("EU")] = 0.5;
    ns_process_table_t t;
    assert_int_equal(ns_process_table_build(wctx, w, body, 0, NULL, &p, &t), NS_OK);
    /* Members in the world's state order; find each. */
    size_t deu = 0, tur = 0, aut = 0;
    for (size_t i = 0; i < t.m; i++) {
        const char *c = t.member_names[i];
        deu = strcmp(c, "DEU") == 0 ? i : deu;
        tur = strcmp(c, "TUR") == 0 ? i : tur;
        aut = strcmp(c, "AUT") == 0 ? i : aut;
    }
    unsigned nato = 1u << camp_bit("NATO");
    unsigned eu = 1u << camp_bit("EU");
    assert_int_equal(t.camps[deu], nato | eu);
    assert_int_equal(t.camps[tur], nato);
    assert_int_equal(t.camps[aut], eu);
    size_t d = t.d;
    double x[3 * NS_CONSENSUS_MAX_DIMS];
    memcpy(x, t.ideal, 3 * d * sizeof *x);
    double moved = 0;
    assert_int_equal(ns_process_move(wctx, &t, &p, x, NULL, &moved), NS_OK);
    for (size_t k = 0; k < d; k++) {
        double sd_ = t.salience[deu * d + k], st = t.salience[tur * d + k];
        double sa = t.salience[aut * d + k];
        double xd = t.ideal[deu * d + k], xt = t.ideal[tur * d + k], xa = t.ideal[aut * d + k];
        if (sd_ + st == 0 || sd_ + sa == 0) {
            continue;
        }
        double mn = (sd_ * xd + st * xt) / (sd_ + st);
        double me = (sd_ * xd + sa * xa) / (sd_ + sa);
        assert_true(fabs(x[tur * d + k] - mn) < 1e-9);
        assert_true(fabs(x[aut * d + k] - (xa + 0.5 * (me - xa))) < 1e-9);
        assert_true(fabs(x[deu * d + k] - (mn + 0.5 * me) / 1.5) < 1e-9);
    }
    ns_process_table_free(&t);
    ns_world_free(w);
}

/* One round and no movement reproduce the single-shot negotiation exactly: GGE4 at the
 * first will_scale of 3.5, 4, 4.5, 5 where p lies strictly between 0 and 1 (so the check
 * is not vacuous; on 2026-11-25 that was 4, p = 0.33 over 30 draws), with 3 rounds and
 * cohesion 0 adopts in the same replicates as with 1 round (the engine's own Monte
 * Carlo), with the same point outcome. With cohesion 0.5, round 1 is the same in every
 * replicate, so rounds only add adoptions, and the per-round counts add up. */
static void test_rounds_single_shot_and_monotone(void **state)
{
    (void)state;
    size_t b = body_index(world, "GGE4");
    ns_process_params_t p;
    few_runs(&p);
    p.replicates = getenv("NS_SANITIZE") ? 8 : 30;
    ns_negotiation_t one, three, moving;
    static const double wills[] = {3.5, 4, 4.5, 5};
    for (size_t k = 0; k < sizeof wills / sizeof wills[0]; k++) {
        p.will_scale = wills[k];
        assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &one), NS_OK);
        if ((one.mc.adopted > 0 && one.mc.adopted < one.mc.replicates) ||
            k + 1 == sizeof wills / sizeof wills[0]) {
            break;
        }
        ns_negotiation_free(&one);
    }
    assert_int_equal(one.n_rounds, 1);
    assert_int_equal(one.max_rounds, 1);
    p.rounds = 3;
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &three), NS_OK);
    assert_int_equal(three.mc.adopted, one.mc.adopted);
    assert_int_equal(three.mc_adopted_in_round[0], one.mc.adopted);
    assert_int_equal(three.mc_adopted_in_round[1] + three.mc_adopted_in_round[2], 0);
    assert_true(three.mc.lo == one.mc.lo && three.mc.hi == one.mc.hi);
    assert_int_equal(three.result.adopted, one.result.adopted);
    assert_true(three.result.worst_margin == one.result.worst_margin);
    /* Nobody moves, so there is no second draft. */
    assert_int_equal(three.n_rounds, 1);
    p.cohesion = 0.5;
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &moving), NS_OK);
    assert_int_equal(moving.mc_adopted_in_round[0], one.mc.adopted);
    size_t sum = 0;
    for (size_t r = 0; r < 3; r++) {
        sum += moving.mc_adopted_in_round[r];
    }
    assert_int_equal(sum, moving.mc.adopted);
    assert_true(moving.mc.adopted >= one.mc.adopted);
    if (!getenv("NS_SANITIZE")) {
        /* The rounds matter here (at will 4: p 0.33 -> 0.97). */
        assert_true(one.mc.adopted > 0 && one.mc.adopted < one.mc.replicates);
        assert_true(moving.mc.adopted > one.mc.adopted);
    }
    /* The point estimates' rounds: round 1 is the single-shot outcome. */
    assert_int_equal(moving.rounds[0].adopted, one.result.adopted);
    assert_true(moving.rounds[0].worst_margin == one.result.worst_margin);
    ns_negotiation_free(&one);
    ns_negotiation_free(&three);
    ns_negotiation_free(&moving);
}

/* Progress through a negotiation with rounds: called before every replicate of the
 * engine's Monte Carlo and then of the rounds' (2 x replicates in all); 0 changes nothing;
 * non-zero in the rounds' pass stops the call with NS_EINVAL "interrupted". */
typedef struct calls {
    int n;
    int stop_at; /* The call that returns 1 (counted from 1), or 0: none. */
} calls_t;

static int count_calls(int round, void *user)
{
    (void)round;
    calls_t *c = user;
    c->n++;
    return c->n == c->stop_at;
}

static void test_rounds_progress(void **state)
{
    (void)state;
    size_t b = body_index(world, "GGE5");
    ns_process_params_t p;
    few_runs(&p);
    p.rounds = 3;
    p.cohesion = 0.5;
    ns_negotiation_t plain, watched;
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &plain), NS_OK);
    calls_t c = {0, 0};
    p.consensus.progress = count_calls;
    p.consensus.progress_user = &c;
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &watched), NS_OK);
    assert_int_equal(c.n, 2 * (int)plain.mc.replicates);
    assert_int_equal(watched.mc.adopted, plain.mc.adopted);
    ns_negotiation_free(&watched);
    c = (calls_t){0, (int)plain.mc.replicates + 2};
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &watched), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(wctx), "interrupted after 1 of"));
    ns_negotiation_free(&watched);
    ns_negotiation_free(&plain);
}

/* An adopted draft is never re-decided: GGE3 adopts at the defaults; with five rounds
 * and full cohesion it still takes one round and its positions do not move. The same
 * seed gives the same rounds. */
static void test_rounds_never_redecide(void **state)
{
    (void)state;
    size_t b = body_index(world, "GGE3");
    ns_process_params_t p;
    few_runs(&p);
    ns_negotiation_t base, more, again;
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &base), NS_OK);
    assert_true(base.result.adopted);
    p.rounds = 5;
    p.cohesion = 1;
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &more), NS_OK);
    assert_int_equal(more.n_rounds, 1);
    assert_true(more.rounds[0].adopted);
    assert_memory_equal(more.table.ideal, base.table.ideal,
                        base.table.m * base.table.d * sizeof(double));
    assert_memory_equal(more.result.text, base.result.text, base.table.d * sizeof(double));
    /* GGE5 at b 0.5, will 4 fails the first draft: the rounds go on, deterministically. */
    ns_negotiation_free(&more);
    p.consensus.forum_shopping = 0.5;
    p.will_scale = 4;
    p.rounds = 3;
    p.cohesion = 0.5;
    b = body_index(world, "GGE5");
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &more), NS_OK);
    assert_int_equal(ns_process_negotiate(wctx, world, b, 0, &p, &again), NS_OK);
    assert_false(more.rounds[0].adopted);
    assert_true(more.n_rounds >= 2);
    assert_true(more.rounds[0].n_blockers > 0);
    assert_true(more.rounds[0].camp_shift[camp_bit("NATO")] > 0);
    assert_int_equal(more.n_rounds, again.n_rounds);
    assert_int_equal(more.mc.adopted, again.mc.adopted);
    for (size_t r = 0; r + 1 < more.n_rounds; r++) {
        assert_false(more.rounds[r].adopted); /* Only the last round may adopt. */
    }
    ns_negotiation_free(&base);
    ns_negotiation_free(&more);
    ns_negotiation_free(&again);
}

/* Model 5 between rounds: one round of challenges moves a position only toward other
 * members' positions, so every paragraph's positions stay within their range before the
 * round (a challenge ends at the challenger's position or between the two). */
static void test_rounds_eum_within_range(void **state)
{
    (void)state;
    ns_process_params_t p;
    few_runs(&p);
    p.dynamics = NS_DYNAMICS_EUM;
    ns_process_table_t t;
    assert_int_equal(
        ns_process_table_build(wctx, world, body_index(world, "GGE5"), 0, NULL, &p, &t), NS_OK);
    size_t m = t.m, d = t.d;
    double x[64 * NS_CONSENSUS_MAX_DIMS];
    memcpy(x, t.ideal, m * d * sizeof *x);
    double moved = 0;
    ns_process_round_t rec;
    assert_int_equal(ns_process_move(wctx, &t, &p, x, &rec, &moved), NS_OK);
    assert_true(moved > 0);
    assert_true(rec.dynamics_shift > 0);
    for (size_t k = 0; k < d; k++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < m; i++) {
            lo = fmin(lo, t.ideal[i * d + k]);
            hi = fmax(hi, t.ideal[i * d + k]);
        }
        for (size_t i = 0; i < m; i++) {
            assert_true(x[i * d + k] >= lo - 1e-9 && x[i * d + k] <= hi + 1e-9);
        }
    }
    ns_process_table_free(&t);
}

/* ARF participants besides the ASEAN members, as of 2007 (the fact table.c cites). */
static const char *const arf_extra[] = {"AUS", "BGD", "CAN", "CHN", "IND", "JPN", "PRK", "KOR",
                                        "MNG", "NZL", "PAK", "PNG", "RUS", "TLS", "USA", "LKA"};

static bool in_channel(const ns_world_t *w, const char *org_id, size_t s, int year)
{
    size_t org = 0;
    bool arf = strcmp(org_id, "ARF") == 0;
    assert_int_equal(ns_world_find_org(wctx, w, arf ? "ASEAN" : org_id, &org), NS_OK);
    if (ns_world_in_org(w, s, org, year)) {
        return true;
    }
    for (size_t k = 0; arf && k < sizeof arf_extra / sizeof arf_extra[0]; k++) {
        if (strcmp(ns_world_state(w, s)->iso3, arf_extra[k]) == 0) {
            return true;
        }
    }
    return false;
}

/* Regional consultation (res. 73/266): GGE6 hears the AU, EU, OAS, OSCE and ARF by
 * default. Each organisation's view is recomputed here from the position model of 2019
 * over ALL its member states (seated or not), and each seated member must sit at
 * x + 0.1 (mean of its organisations' views - x); a member of none is not moved. Germany
 * (EU and OSCE) is checked against the two-organisation formula written out. GGE5 does
 * not consult them unless consult_regional.GGE5 = 1. */
static void test_regional_consultation(void **state)
{
    (void)state;
    static const char *const orgs[] = {"AU", "EU", "OAS", "OSCE", "ARF"};
    ns_process_params_t p;
    few_runs(&p);
    assert_true(p.regional_persuasion == 0); /* The default: heard, nobody moves. */
    p.regional_persuasion = 0.1;
    size_t g6 = body_index(world, "GGE6");
    assert_true(ns_process_consults_regional(world, g6, &p));
    assert_false(ns_process_consults_regional(world, body_index(world, "GGE5"), &p));
    ns_process_table_t t;
    assert_int_equal(ns_process_table_build(wctx, world, g6, 0, NULL, &p, &t), NS_OK);
    assert_true(t.regional_consulted);
    assert_int_equal(t.n_regional, 5);
    ns_world_t *pos = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &pos), NS_OK);
    assert_int_equal(ns_positions_apply(wctx, pos, t.positions_year), NS_OK);
    size_t d = t.d;
    double view[5][NS_CONSENSUS_MAX_DIMS];
    for (size_t o = 0; o < 5; o++) {
        for (size_t k = 0; k < d; k++) {
            double num = 0, den = 0;
            for (size_t s = 0; s < ns_world_state_count(world); s++) {
                if (!ns_world_is_member(world, s, 2019) || !in_channel(world, orgs[o], s, 2019)) {
                    continue;
                }
                const ns_position_t *x = ns_world_position(pos, NS_ACTOR_STATE, s, t.dims[k]);
                if (x == NULL || isnan(x->x)) {
                    continue;
                }
                double sal = isnan(x->salience) ? 0.5 : fmin(1, fmax(0, x->salience));
                num += sal * x->x;
                den += sal;
            }
            view[o][k] = den > 0 ? num / den : NAN;
            assert_true(fabs(t.regional_view[o * d + k] - view[o][k]) < 1e-9 ||
                        (isnan(view[o][k]) && isnan(t.regional_view[o * d + k])));
        }
    }
    size_t moved = 0, unmoved = 0;
    for (size_t i = 0; i < t.m; i++) {
        for (size_t k = 0; k < d; k++) {
            double sum = 0;
            size_t n = 0;
            for (size_t o = 0; o < 5; o++) {
                if (in_channel(world, orgs[o], t.members[i], 2019) && !isnan(view[o][k])) {
                    sum += view[o][k];
                    n++;
                }
            }
            double x = t.base_ideal[i * d + k];
            double want = n > 0 ? x + 0.1 * (sum / (double)n - x) : x;
            assert_true(fabs(t.ideal[i * d + k] - want) < 1e-9);
            moved += n > 0 && k == 0;
            unmoved += n == 0 && k == 0;
        }
        if (strcmp(t.member_names[i], "DEU") == 0) {
            for (size_t k = 0; k < d; k++) {
                double x = t.base_ideal[i * d + k];
                double want = x + 0.1 * ((view[1][k] + view[3][k]) / 2 - x);
                assert_true(fabs(t.ideal[i * d + k] - want) < 1e-9);
            }
        }
    }
    assert_true(moved > 0 && unmoved > 0); /* Both cases occur in GGE6. */
    ns_process_table_free(&t);
    /* GGE5: not consulted, nobody moves; switched on, members move. */
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
    size_t g5 = body_index(w, "GGE5");
    assert_int_equal(ns_process_table_build(wctx, w, g5, 0, NULL, &p, &t), NS_OK);
    assert_false(t.regional_consulted);
    assert_memory_equal(t.ideal, t.base_ideal, t.m * t.d * sizeof(double));
    ns_process_table_free(&t);
    assert_int_equal(ns_world_set_param(wctx, w, "consult_regional.GGE5", 1), NS_OK);
    assert_int_equal(ns_process_params_read(wctx, w, &p), NS_OK);
    assert_int_equal(ns_process_table_build(wctx, w, g5, 0, NULL, &p, &t), NS_OK);
    assert_true(t.regional_consulted);
    size_t differ = 0;
    for (size_t i = 0; i < t.m * t.d; i++) {
        differ += t.ideal[i] != t.base_ideal[i];
    }
    assert_true(differ > 0);
    /* lambda 0: heard, but nobody moves. */
    p.regional_persuasion = 0;
    ns_process_table_reparam(&t, w, NULL, &p);
    assert_memory_equal(t.ideal, t.base_ideal, t.m * t.d * sizeof(double));
    ns_process_table_free(&t);
    ns_world_free(w);
    ns_world_free(pos);
}

/* The new parameters: ranges and names checked; each error names its key. */
static void test_round_params(void **state)
{
    (void)state;
    static const struct {
        const char *key;
        double value;
        ns_status want;
    } bad[] = {
        {"rounds", 0, NS_ERANGE},
        {"rounds", 2.5, NS_ERANGE},
        {"rounds", 21, NS_ERANGE},
        {"cohesion", 1.5, NS_ERANGE},
        {"cohesion.NATO", -0.1, NS_ERANGE},
        {"cohesion.WARSAW", 0.5, NS_ENOTFOUND},
        {"dynamics", 2, NS_ERANGE},
        {"dynamics", 0.5, NS_ERANGE},
        {"regional_persuasion", 1.5, NS_ERANGE},
        {"consult_regional", 0.5, NS_ERANGE},
        {"consult_regional.NOPE", 1, NS_ENOTFOUND},
        {"consult_regional.GGE5", 2, NS_ERANGE},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ns_world_t *w = NULL;
        assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
        ns_process_params_t p;
        ns_process_params_default(&p);
        assert_int_equal(ns_world_set_param(wctx, w, bad[i].key, bad[i].value), NS_OK);
        assert_int_equal(ns_process_params_read(wctx, w, &p), bad[i].want);
        assert_non_null(strstr(ns_ctx_errmsg(wctx), bad[i].key));
        ns_world_free(w);
    }
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
    ns_process_params_t p;
    ns_process_params_default(&p);
    assert_int_equal(p.rounds, 1);
    assert_true(p.cohesion == 0 && isnan(p.camp_cohesion[0]));
    assert_int_equal(ns_world_set_param(wctx, w, "rounds", 4), NS_OK);
    assert_int_equal(ns_world_set_param(wctx, w, "cohesion", 0.25), NS_OK);
    assert_int_equal(ns_world_set_param(wctx, w, "cohesion.SCO", 0.75), NS_OK);
    assert_int_equal(ns_world_set_param(wctx, w, "dynamics", 1), NS_OK);
    assert_int_equal(ns_world_set_param(wctx, w, "consult_regional", 0), NS_OK);
    assert_int_equal(ns_process_params_read(wctx, w, &p), NS_OK);
    assert_int_equal(p.rounds, 4);
    assert_true(p.cohesion == 0.25);
    assert_true(p.camp_cohesion[camp_bit("SCO")] == 0.75);
    assert_true(isnan(p.camp_cohesion[camp_bit("NATO")]));
    assert_int_equal(p.dynamics, NS_DYNAMICS_EUM);
    assert_false(ns_process_consults_regional(w, body_index(w, "GGE6"), &p));
    ns_world_free(w);
}

/* Out of memory anywhere in a negotiation with rounds, cohesion, regional consultation
 * and model 5 between rounds (GGE5 at b 0.5, will 4 fails every draft): an error, never
 * a leak or crash. */
static void test_rounds_out_of_memory(void **state)
{
    (void)state;
    ns_process_params_t p;
    few_runs(&p);
    p.replicates = 1;
    p.rounds = 2;
    p.cohesion = 0.5;
    p.consult_regional = 1;
    p.dynamics = NS_DYNAMICS_EUM;
    p.consensus.forum_shopping = 0.5;
    p.will_scale = 4;
    negotiate_out_of_memory(world, body_index(world, "GGE1"), &p, 40000, 53);
}

/* Largest-remainder apportionment, by hand: whole parts, remainders with ties to the
 * lower group, caps, and full groups. */
static void test_apportion(void **state)
{
    (void)state;
    enum { G = NS_GROUP_COUNT };
    const size_t roomy[G] = {0, 99, 99, 99, 99, 99};
    size_t q[G];
    const double w1[G] = {0, 5, 3, 2, 0, 0};
    ns_process_apportion(w1, roomy, 10, q);
    assert_true(q[1] == 5 && q[2] == 3 && q[3] == 2 && q[4] == 0 && q[5] == 0);
    /* 0.6 each: the three remainders go to the three lowest groups. */
    const double w2[G] = {0, 1, 1, 1, 1, 1};
    ns_process_apportion(w2, roomy, 3, q);
    assert_true(q[1] == 1 && q[2] == 1 && q[3] == 1 && q[4] == 0 && q[5] == 0);
    /* Exact 5, 0.5, 0.5: group 1 capped at 2; one seat each by remainder; the two left to
     * the first group with room. */
    const double w3[G] = {0, 10, 1, 1, 0, 0};
    const size_t cap3[G] = {0, 2, 5, 5, 0, 0};
    ns_process_apportion(w3, cap3, 6, q);
    assert_true(q[1] == 2 && q[2] == 3 && q[3] == 1 && q[4] == 0 && q[5] == 0);
    /* Every group full: fewer seats than asked. A group without room has no share. */
    const size_t cap4[G] = {0, 1, 1, 0, 0, 0};
    ns_process_apportion(w2, cap4, 10, q);
    assert_true(q[1] == 1 && q[2] == 1 && q[3] == 0 && q[4] == 0 && q[5] == 0);
}

/* ---- Bodies deciding by k of n or weighted QMV (docs/PROCESS.md section 11) ------------ */

/* A world with one more list body deciding by `decision` (k for k_of_n): the given states
 * seated in 2004 (no text agreed before, so the status quo is the silence anchor), one
 * paragraph, sovereignty; each state's position x (sd 0, salience 1) and capability c
 * set here, so that acceptance sets can be worked out by hand. */
static ns_world_t *rule_world(const char *const *iso3, const double *x, const double *c, size_t n,
                              ns_decision_rule_t decision, int k, size_t *index)
{
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(wctx, world, &w), NS_OK);
    size_t sov = 0;
    assert_int_equal(ns_world_find_dimension(wctx, w, "sovereignty", &sov), NS_OK);
    size_t members[64];
    for (size_t i = 0; i < n; i++) {
        members[i] = state_index(w, iso3[i]);
        ns_position_t pos = {x[i], 0.0, 1.0};
        assert_int_equal(ns_world_set_position(wctx, w, NS_ACTOR_STATE, members[i], sov, &pos),
                         NS_OK);
        assert_int_equal(ns_world_set_capability(wctx, w, members[i], c[i]), NS_OK);
    }
    ns_body_t b;
    memset(&b, 0, sizeof b);
    b.id = "RULE";
    b.name = "RULE";
    b.kind = NS_BODY_CUSTOM;
    b.start_year = 2004;
    b.end_year = 2005;
    b.membership = NS_MEMBERS_LIST;
    b.decision = decision;
    b.k = k;
    b.seats = (int)n;
    b.chair = -1;
    b.chair_name = "";
    b.establishing_resolution = "";
    b.report_symbol = "";
    b.outcome = NS_OUTCOME_UNKNOWN;
    b.outcome_note = "";
    b.source = "test";
    assert_int_equal(ns_world_add_body(wctx, w, &b, index), NS_OK);
    assert_int_equal(ns_world_set_body_members(wctx, w, *index, members, NULL, n), NS_OK);
    assert_int_equal(ns_world_set_body_mandate(wctx, w, *index, &sov, 1), NS_OK);
    return w;
}

/* Hand-worked parameters for the 1-D tables: full forum shopping (b = 1), no will, no
 * chair's summary, so member i accepts y iff |y - x_i| <= (1 - c_i) |q - x_i|. */
static void hand_params(ns_process_params_t *p)
{
    few_runs(p);
    p->consensus.forum_shopping = 1.0;
    p->will_scale = 0.0;
    p->consensus.summary_available = false;
}

static size_t member_of(const ns_negotiation_t *n, const ns_world_t *w, const char *iso3)
{
    size_t s = state_index(w, iso3);
    for (size_t i = 0; i < n->table.m; i++) {
        if (n->table.members[i] == s) {
            return i;
        }
    }
    fail_msg("%s is not seated", iso3);
    return 0;
}

/* 2 of 3, worked by hand. q = 50 (sovereignty's silence, checked), c = 0.5 for all:
 * A = TUR at 20 accepts [5, 35], B = NOR at 30 accepts [20, 40], C = BRA at 90 accepts
 * [70, 110]. No draft suits all three (consensus fails); the least-violating draft is
 * y = 52.5 where A and C are both 17.5 short (B 12.5): a tie. Dropping A leaves B and C
 * disjoint (best 15 short); dropping C leaves A and B with [20, 35] in common, so the
 * chair drops C. Their Nash compromise maximises (35 - y)(y - 20) on [20, 30]: y = 27.5,
 * both margins 7.5. C is outvoted: 17.5 short when dropped, margin 20 - 62.5 = -42.5 at
 * the text. */
static void test_k_of_n_two_of_three(void **state)
{
    (void)state;
    static const char *const iso3[] = {"TUR", "NOR", "BRA"};
    static const double x[] = {20, 30, 90};
    static const double c[] = {0.5, 0.5, 0.5};
    size_t body = 0;
    ns_world_t *w = rule_world(iso3, x, c, 3, NS_DECIDE_K_OF_N, 2, &body);
    size_t sov = 0;
    assert_int_equal(ns_world_find_dimension(wctx, w, "sovereignty", &sov), NS_OK);
    assert_true(ns_world_dimension(w, sov)->silence == 50.0);
    ns_process_params_t p;
    hand_params(&p);
    ns_negotiation_t n;
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_OK);
    assert_true(fabs(n.table.status_quo[0] - 50.0) < 1e-12);
    assert_int_equal(n.rule.decision, NS_DECIDE_K_OF_N);
    assert_int_equal(n.rule.k, 2);
    assert_non_null(n.coalition);
    assert_true(n.result.adopted);
    assert_int_equal(n.result.action[0], NS_PARA_KEEP);
    assert_true(fabs(n.result.text[0] - 27.5) < 1e-5);
    size_t a = member_of(&n, w, "TUR");
    size_t bb = member_of(&n, w, "NOR");
    size_t cc = member_of(&n, w, "BRA");
    assert_int_equal(n.n_coalition, 2);
    assert_true(n.in_coalition[a] && n.in_coalition[bb] && !n.in_coalition[cc]);
    assert_int_equal(n.n_outvoted, 1);
    assert_int_equal(n.outvoted[0].member, cc);
    assert_true(fabs(n.outvoted[0].will_needed - 17.5) < 1e-5);
    assert_true(fabs(n.result.margin[a] - 7.5) < 1e-5);
    assert_true(fabs(n.result.margin[bb] - 7.5) < 1e-5);
    assert_true(fabs(n.result.margin[cc] + 42.5) < 1e-5);
    assert_int_equal(n.mc.adopted, n.mc.replicates); /* sd 0: every draw is the point. */
    /* The story names the outvoted member and why. */
    size_t need = 0;
    ns_status st = ns_process_explain(wctx, &n, NULL, 0, &need);
    assert_true(st == NS_ELIMIT || st == NS_OK);
    char buf[4096];
    assert_true(need < sizeof buf);
    assert_int_equal(ns_process_explain(wctx, &n, buf, sizeof buf, NULL), NS_OK);
    assert_non_null(strstr(buf, "BRA outvoted: at the best draft of the coalition of 3 it was "
                                "17.5 short"));
    assert_non_null(strstr(buf, "its margin is -42.5"));
    ns_negotiation_free(&n);
    /* By consensus the same table fails, blocked by TUR and BRA (17.5 short each). */
    ns_body_t rules = *ns_world_body(w, body);
    rules.decision = NS_DECIDE_CONSENSUS;
    rules.k = 0;
    assert_int_equal(ns_world_set_body_rules(wctx, w, body, &rules), NS_OK);
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_OK);
    assert_null(n.coalition);
    assert_false(n.result.adopted);
    assert_true(fabs(n.result.worst_margin + 17.5) < 1e-5);
    assert_true(fabs(n.result.text[0] - 52.5) < 1e-5);
    ns_negotiation_free(&n);
    ns_world_free(w);
}

/* Compare two negotiations field by field: the same outcome to the last digit. */
static void assert_same_negotiation(const ns_negotiation_t *a, const ns_negotiation_t *b)
{
    assert_int_equal(a->result.adopted, b->result.adopted);
    assert_int_equal(a->result.m, b->result.m);
    assert_true(a->result.worst_margin == b->result.worst_margin);
    for (size_t k = 0; k < a->table.d; k++) {
        assert_int_equal(a->result.action[k], b->result.action[k]);
        assert_true(a->result.text[k] == b->result.text[k]);
    }
    for (size_t i = 0; i < a->table.m; i++) {
        assert_true(a->result.margin[i] == b->result.margin[i]);
    }
    assert_int_equal(a->result.n_blockers, b->result.n_blockers);
    for (size_t j = 0; j < a->result.n_blockers; j++) {
        assert_int_equal(a->result.blockers[j].member, b->result.blockers[j].member);
        assert_true(a->result.blockers[j].will_needed == b->result.blockers[j].will_needed);
    }
    assert_int_equal(a->mc.replicates, b->mc.replicates);
    assert_int_equal(a->mc.adopted, b->mc.adopted);
    assert_true(a->mc.lo == b->mc.lo && a->mc.hi == b->mc.hi);
}

/* Certificates on the 2016-17 group's 25 members (a list body, so the rule can change):
 * with k = n the rule is consensus and the negotiation is consensus's exactly, adopted
 * (default parameters) or not (b = 0.5, will 4); where the full body agrees, every
 * k <= n adopts the same text with nobody outvoted. */
static void test_k_equal_n_is_consensus(void **state)
{
    (void)state;
    size_t gge5 = body_index(world, "GGE5");
    const ns_body_t *rec = ns_world_body(world, gge5);
    const char *iso3[32];
    for (size_t i = 0; i < rec->n_members; i++) {
        iso3[i] = ns_world_state(world, rec->members[i])->iso3;
    }
    size_t body = 0;
    ns_world_t *w = with_list_body("KN", iso3, rec->n_members, &body);
    size_t m = rec->n_members;
    for (int pass = 0; pass < 2; pass++) {
        ns_process_params_t p;
        few_runs(&p);
        p.replicates = getenv("NS_SANITIZE") ? 2 : 6;
        if (pass == 1) {
            p.consensus.forum_shopping = 0.5;
            p.will_scale = 4;
        }
        ns_body_t rules = *ns_world_body(w, body);
        rules.decision = NS_DECIDE_CONSENSUS;
        rules.k = 0;
        assert_int_equal(ns_world_set_body_rules(wctx, w, body, &rules), NS_OK);
        ns_negotiation_t cons, kn;
        assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &cons), NS_OK);
        assert_int_equal(cons.result.adopted, pass == 0);
        rules.decision = NS_DECIDE_K_OF_N;
        rules.k = (int)m;
        assert_int_equal(ns_world_set_body_rules(wctx, w, body, &rules), NS_OK);
        assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &kn), NS_OK);
        assert_false(ns_process_rule_is_coalition(&kn.rule, m));
        assert_int_equal(kn.rule.k, m);
        assert_same_negotiation(&cons, &kn);
        assert_int_equal(kn.n_outvoted, 0);
        assert_int_equal(kn.n_coalition, m);
        ns_negotiation_free(&kn);
        if (pass == 0) {
            /* The full body agrees: any k adopts, through the search, nobody outvoted. */
            static const int ks[] = {1, 13, 24};
            for (size_t j = 0; j < 3; j++) {
                rules.k = ks[j];
                assert_int_equal(ns_world_set_body_rules(wctx, w, body, &rules), NS_OK);
                assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &kn), NS_OK);
                assert_non_null(kn.coalition);
                assert_true(kn.result.adopted);
                assert_int_equal(kn.n_outvoted, 0);
                assert_int_equal(kn.n_coalition, m);
                assert_int_equal(kn.coalitions_tried, 1);
                assert_same_negotiation(&cons, &kn);
                ns_negotiation_free(&kn);
            }
        }
        ns_negotiation_free(&cons);
    }
    ns_world_free(w);
}

/* Lowering k never turns an adopted body into a failed one, on random 1-D tables of 7
 * (positions uniform on [0, 100], capabilities uniform on [0, 1], hand parameters), and
 * every adoption is certified: the coalition holds at least k members, each with a
 * margin >= 0 at the text, and the outvoted are the others. */
static void test_lower_k_never_fails_more(void **state)
{
    (void)state;
    static const char *const iso3[] = {"TUR", "NOR", "BRA", "IND", "KEN", "JPN", "MEX"};
    size_t tables = getenv("NS_SANITIZE") ? 4 : 16;
    size_t adopted_somewhere = 0;
    size_t failed_somewhere = 0;
    for (size_t t = 0; t < tables; t++) {
        ns_rng_t rng;
        ns_rng_init(&rng, 2024, (uint32_t)t, 0, 0);
        double x[7], c[7];
        for (size_t i = 0; i < 7; i++) {
            x[i] = 100 * ns_rng_uniform(&rng);
            c[i] = ns_rng_uniform(&rng);
        }
        bool before = false;
        for (int k = 7; k >= 1; k--) {
            size_t body = 0;
            ns_world_t *w = rule_world(iso3, x, c, 7, NS_DECIDE_K_OF_N, k, &body);
            ns_process_params_t p;
            hand_params(&p);
            p.replicates = 1;
            ns_negotiation_t n;
            assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_OK);
            bool now = n.result.adopted;
            assert_true(now || !before); /* adopted at k + 1 -> adopted at k */
            if (now) {
                assert_true(n.n_coalition >= (size_t)k);
                assert_int_equal(n.n_coalition + n.n_outvoted, 7);
                for (size_t i = 0; i < 7; i++) {
                    if (n.in_coalition[i]) {
                        assert_true(n.result.margin[i] >= -1e-6);
                    }
                }
                for (size_t o = 0; o < n.n_outvoted; o++) {
                    assert_false(n.in_coalition[n.outvoted[o].member]);
                }
            }
            adopted_somewhere += now;
            failed_somewhere += !now;
            before = now;
            ns_negotiation_free(&n);
            ns_world_free(w);
        }
    }
    /* The tables exercise both verdicts. */
    assert_true(adopted_somewhere > 0 && failed_somewhere > 0);
}

/* Weighted QMV, worked by hand: H = USA at 90 with capability 0.6, L1 = TUR at 20 and
 * L2 = NOR at 30 with 0.2 each (weights = capabilities, total 1), threshold 0.65: every
 * winning coalition holds H (L1 + L2 weigh 0.4) and H alone (0.6) is not winning. H
 * accepts [74, 106], L1 [-4, 44], L2 [14, 46]: H's set meets neither, so no winning
 * coalition agrees and the heavy member alone blocks. The search drops L1 (15 short at
 * y = 59, tied with H, who cannot be dropped), then cannot drop H or L2 (0.6 < 0.65), and
 * ends with H and L2 both 14 short at y = 60. With one weight each (2 of 3 win), H can be
 * outvoted: L1 and L2 share [14, 44] and adopt. */
static void test_qmv_heavy_member_blocks(void **state)
{
    (void)state;
    static const char *const iso3[] = {"USA", "TUR", "NOR"};
    static const double x[] = {90, 20, 30};
    static const double c[] = {0.6, 0.2, 0.2};
    size_t body = 0;
    ns_world_t *w = rule_world(iso3, x, c, 3, NS_DECIDE_WEIGHTED_QMV, 0, &body);
    ns_process_params_t p;
    hand_params(&p);
    ns_negotiation_t n;
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_OK);
    assert_true(n.rule.threshold == NS_PROCESS_QMV_THRESHOLD);
    assert_true(n.rule.capability_weights);
    size_t h = member_of(&n, w, "USA");
    size_t l1 = member_of(&n, w, "TUR");
    size_t l2 = member_of(&n, w, "NOR");
    assert_true(fabs(n.total_weight - 1.0) < 1e-12);
    assert_false(n.result.adopted);
    assert_int_equal(n.mc.adopted, 0);
    assert_int_equal(n.n_outvoted, 1);
    assert_int_equal(n.outvoted[0].member, l1);
    assert_true(fabs(n.outvoted[0].will_needed - 15.0) < 1e-5);
    assert_true(n.in_coalition[h] && n.in_coalition[l2] && !n.in_coalition[l1]);
    assert_true(fabs(n.coalition_weight - 0.8) < 1e-12);
    assert_true(fabs(n.result.worst_margin + 14.0) < 1e-5);
    assert_true(fabs(n.result.text[0] - 60.0) < 1e-5);
    bool h_blocks = false;
    for (size_t j = 0; j < n.result.n_blockers; j++) {
        h_blocks = h_blocks || n.result.blockers[j].member == h;
    }
    assert_true(h_blocks);
    char buf[4096];
    assert_int_equal(ns_process_explain(wctx, &n, buf, sizeof buf, NULL), NS_OK);
    assert_non_null(strstr(buf, "not a proof"));
    ns_negotiation_free(&n);
    /* One weight per member: H is outvoted, L1 and L2 adopt inside [14, 44]. */
    assert_int_equal(ns_world_set_param(wctx, w, "qmv_weights.RULE", 0), NS_OK);
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_OK);
    assert_false(n.rule.capability_weights);
    assert_true(n.result.adopted);
    assert_int_equal(n.n_outvoted, 1);
    assert_int_equal(n.outvoted[0].member, h);
    assert_true(n.result.text[0] >= 14.0 - 1e-6 && n.result.text[0] <= 44.0 + 1e-6);
    ns_negotiation_free(&n);
    /* Threshold 0.5: H alone (0.6) wins and adopts its own ideal. */
    assert_int_equal(ns_world_set_param(wctx, w, "qmv_weights.RULE", 1), NS_OK);
    assert_int_equal(ns_world_set_param(wctx, w, "qmv_threshold.RULE", 0.5), NS_OK);
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_OK);
    assert_true(n.result.adopted);
    assert_int_equal(n.n_coalition, 1);
    assert_true(n.in_coalition[h]);
    assert_true(fabs(n.result.text[0] - 90.0) < 1e-5);
    ns_negotiation_free(&n);
    ns_world_free(w);
}

/* The package's rows (ns_process_package_rows, what `negotiate --format csv` prints) on
 * the 2-of-3 table worked by hand above: adopted at 27.5 by TUR and NOR, BRA outvoted;
 * by consensus the draft at 52.5 that all three block, TUR and BRA 17.5 short, NOR 12.5
 * (will 0: each objects by its shortfall). Then the errors, and out of memory at every
 * allocation of the rows. */
static void test_package_rows(void **state)
{
    (void)state;
    static const char *const iso3[] = {"TUR", "NOR", "BRA"};
    static const double x[] = {20, 30, 90};
    static const double c[] = {0.5, 0.5, 0.5};
    size_t body = 0;
    ns_world_t *w = rule_world(iso3, x, c, 3, NS_DECIDE_K_OF_N, 2, &body);
    ns_process_params_t p;
    hand_params(&p);
    ns_negotiation_t n;
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_OK);
    assert_int_equal(ns_process_package_rows(wctx, w, &n, &p, &rows), NS_OK);
    assert_int_equal(ns_rows_ncols(rows), 32);
    assert_int_equal(ns_rows_count(rows), 1);
    static const char *const want[][2] = {{"body", "RULE"},        {"year", "2004"},
                                          {"members", "3"},        {"paragraph", "sovereignty"},
                                          {"status_quo", "50"},    {"action", "keep"},
                                          {"text", "27.5"},        {"objectors", ""},
                                          {"adopted", "yes"},      {"p", "1"},
                                          {"replicates", "4"},     {"seed", "1"},
                                          {"forum_shopping", "1"}, {"will_scale", "0"},
                                          {"decision", "k_of_n"},  {"k", "2"},
                                          {"qmv_threshold", ""},   {"outvoted", "BRA"},
                                          {"objections", ""}};
    for (size_t j = 0; j < sizeof want / sizeof want[0]; j++) {
        size_t col = ns_rows_find_column(rows, want[j][0]);
        assert_true(col < 32);
        assert_string_equal(ns_rows_cell(rows, 0, col), want[j][1]);
    }
    /* The coalition in the table's order, the world's order of states. */
    assert_string_equal(ns_rows_cell(rows, 0, ns_rows_find_column(rows, "coalition")), "NOR;TUR");
    ns_rows_free(rows);
    /* Out of memory at every allocation: an error and no rows, never a leak. */
    bool done = false;
    for (long k = 1; k < 1000 && !done; k++) {
        failing_alloc_t f;
        ns_ctx_t *ctx = failing_ctx(&f, k);
        assert_non_null(ctx);
        rows = NULL;
        ns_status st = ns_process_package_rows(ctx, w, &n, &p, &rows);
        assert_true(st == NS_OK || st == NS_ENOMEM);
        assert_true((st == NS_OK) == (rows != NULL));
        done = st == NS_OK;
        ns_rows_free(rows);
        ns_ctx_free(ctx);
    }
    assert_true(done);
    /* Errors; *out is NULL after one. */
    static const char *const one[] = {"x"};
    ns_rows_t *other = NULL;
    assert_int_equal(ns_rows_new(wctx, one, 1, &other), NS_OK);
    assert_int_equal(ns_process_package_rows(wctx, w, &n, &p, NULL), NS_EINVAL);
    rows = other;
    assert_int_equal(ns_process_package_rows(wctx, NULL, &n, &p, &rows), NS_EINVAL);
    assert_null(rows);
    ns_rows_free(other);
    ns_negotiation_free(&n);
    /* By consensus: every member objects to the one paragraph, and all are in. */
    ns_body_t rules = *ns_world_body(w, body);
    rules.decision = NS_DECIDE_CONSENSUS;
    rules.k = 0;
    assert_int_equal(ns_world_set_body_rules(wctx, w, body, &rules), NS_OK);
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_OK);
    assert_int_equal(ns_process_package_rows(wctx, w, &n, &p, &rows), NS_OK);
    const char *objectors = ns_rows_cell(rows, 0, ns_rows_find_column(rows, "objectors"));
    const char *objections = ns_rows_cell(rows, 0, ns_rows_find_column(rows, "objections"));
    /* Largest shortfall first (the tie of BRA and TUR as the engine orders it). */
    assert_string_equal(objectors, "BRA TUR NOR");
    assert_string_equal(objections, "BRA:17.5:17.5;TUR:17.5:17.5;NOR:12.5:12.5");
    assert_string_equal(ns_rows_cell(rows, 0, ns_rows_find_column(rows, "adopted")), "no");
    assert_string_equal(ns_rows_cell(rows, 0, ns_rows_find_column(rows, "text")), "52.5");
    assert_string_equal(ns_rows_cell(rows, 0, ns_rows_find_column(rows, "decision")), "consensus");
    assert_string_equal(ns_rows_cell(rows, 0, ns_rows_find_column(rows, "k")), "3");
    assert_string_equal(ns_rows_cell(rows, 0, ns_rows_find_column(rows, "outvoted")), "");
    assert_string_equal(ns_rows_cell(rows, 0, ns_rows_find_column(rows, "coalition")),
                        "BRA;NOR;TUR");
    ns_rows_free(rows);
    /* The blockers' rows: one per blocker, in the engine's order, with the will each
     * needs, its will (0 here) and its objection to the one paragraph. */
    assert_int_equal(ns_process_blocker_rows(wctx, &n, &rows), NS_OK);
    assert_int_equal(ns_rows_count(rows), 3);
    static const char *const blockers[3][4] = {{"BRA", "17.5", "0", "sovereignty (17.5)"},
                                               {"TUR", "17.5", "0", "sovereignty (17.5)"},
                                               {"NOR", "12.5", "0", "sovereignty (12.5)"}};
    for (size_t i = 0; i < 3; i++) {
        for (size_t col = 0; col < 4; col++) {
            assert_string_equal(ns_rows_cell(rows, i, col), blockers[i][col]);
        }
    }
    ns_rows_free(rows);
    assert_int_equal(ns_process_blocker_rows(wctx, NULL, &rows), NS_EINVAL);
    assert_null(rows);
    assert_int_equal(ns_process_blocker_rows(wctx, &n, NULL), NS_EINVAL);
    ns_negotiation_free(&n);
    ns_world_free(w);
}

/* Errors name the field: k = 0, k above the members seated, a threshold outside (0, 1],
 * a weights switch other than 0 or 1, capability weights that sum to 0, majority. */
static void test_rule_errors(void **state)
{
    (void)state;
    static const char *const iso3[] = {"TUR", "NOR", "BRA"};
    static const double x[] = {20, 30, 90};
    static const double c[] = {0.5, 0.5, 0.5};
    static const double zero[] = {0, 0, 0};
    static const int bad_k[] = {0, 4};
    ns_process_params_t p;
    hand_params(&p);
    ns_negotiation_t n;
    size_t body = 0;
    for (size_t j = 0; j < 2; j++) {
        ns_world_t *w = rule_world(iso3, x, c, 3, NS_DECIDE_K_OF_N, bad_k[j], &body);
        assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_EINVAL);
        assert_string_equal(ns_ctx_errfield(wctx), "bodies[RULE].k");
        ns_negotiation_free(&n);
        ns_world_free(w);
    }
    static const double thresholds[] = {0.0, -0.2, 1.5};
    ns_world_t *w = rule_world(iso3, x, c, 3, NS_DECIDE_WEIGHTED_QMV, 0, &body);
    for (size_t j = 0; j < 3; j++) {
        assert_int_equal(ns_world_set_param(wctx, w, "qmv_threshold.RULE", thresholds[j]), NS_OK);
        assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_ERANGE);
        assert_string_equal(ns_ctx_errfield(wctx), "qmv_threshold.RULE");
        ns_negotiation_free(&n);
    }
    assert_int_equal(ns_world_set_param(wctx, w, "qmv_threshold.RULE", 1.0), NS_OK);
    assert_int_equal(ns_world_set_param(wctx, w, "qmv_weights.RULE", 0.5), NS_OK);
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_ERANGE);
    assert_string_equal(ns_ctx_errfield(wctx), "qmv_weights.RULE");
    ns_negotiation_free(&n);
    ns_world_free(w);
    w = rule_world(iso3, x, zero, 3, NS_DECIDE_WEIGHTED_QMV, 0, &body);
    assert_int_equal(ns_process_negotiate(wctx, w, body, 0, &p, &n), NS_EINVAL);
    assert_string_equal(ns_ctx_errfield(wctx), "qmv_weights.RULE");
    ns_negotiation_free(&n);
    ns_world_free(w);
    w = rule_world(iso3, x, c, 3, NS_DECIDE_MAJORITY, 0, &body);
    ns_process_rule_t rule;
    assert_int_equal(ns_process_rule(wctx, w, body, 3, &rule), NS_EINVAL);
    ns_world_free(w);
}

/* Out of memory anywhere in a coalition body's negotiation: an error, never a leak. */
static void test_rule_out_of_memory(void **state)
{
    (void)state;
    static const char *const iso3[] = {"TUR", "NOR", "BRA"};
    static const double x[] = {20, 30, 90};
    static const double c[] = {0.5, 0.5, 0.5};
    size_t body = 0;
    ns_world_t *w = rule_world(iso3, x, c, 3, NS_DECIDE_K_OF_N, 2, &body);
    ns_process_params_t p;
    hand_params(&p);
    p.replicates = 1;
    negotiate_out_of_memory(w, body, &p, 20000, 37);
    ns_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_state_adopts_its_ideal),
        cmocka_unit_test(test_unlimited_will_passes),
        cmocka_unit_test(test_removing_a_member_never_shrinks),
        cmocka_unit_test(test_summary_never_blocked),
        cmocka_unit_test(test_membership_rules),
        cmocka_unit_test(test_status_quo_carried),
        cmocka_unit_test(test_stakeholder_persuasion),
        cmocka_unit_test(test_will_formula),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_backtest_small),
        cmocka_unit_test(test_cohesion_two_member_camp),
        cmocka_unit_test(test_cohesion_member_of_two_camps),
        cmocka_unit_test(test_rounds_single_shot_and_monotone),
        cmocka_unit_test(test_rounds_never_redecide),
        cmocka_unit_test(test_rounds_progress),
        cmocka_unit_test(test_rounds_eum_within_range),
        cmocka_unit_test(test_regional_consultation),
        cmocka_unit_test(test_round_params),
        cmocka_unit_test(test_apportion),
        cmocka_unit_test(test_rounds_out_of_memory),
        cmocka_unit_test(test_k_of_n_two_of_three),
        cmocka_unit_test(test_k_equal_n_is_consensus),
        cmocka_unit_test(test_lower_k_never_fails_more),
        cmocka_unit_test(test_qmv_heavy_member_blocks),
        cmocka_unit_test(test_package_rows),
        cmocka_unit_test(test_rule_errors),
        cmocka_unit_test(test_rule_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
