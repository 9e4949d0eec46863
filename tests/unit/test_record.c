/* The record as inputs of the history model (docs/RECORD.md): what an empty record gives,
 * that nothing leaks backwards in time, the will rule worked by hand, the bodies'
 * practice on records of views, the agenda (which paragraphs, what stakes), and the forward
 * backtest's blindness to later sessions.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/loader.h"
#include "normsim/data.h"
#include "normsim/positions.h"
#include "normsim/process.h"

#include "test_util.h"

static ns_world_t *world; /* The built-in data, record included. */
static ns_ctx_t *ctx;

static int setup(void **state)
{
    (void)state;
    return ns_ctx_new(NULL, &ctx) == NS_OK && ns_data_load(ctx, NULL, &world) == NS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ns_world_free(world);
    ns_ctx_free(ctx);
    return 0;
}

static size_t body_of(const ns_world_t *w, const char *id)
{
    return test_body(ctx, w, id);
}

static size_t state_of(const ns_world_t *w, const char *iso3)
{
    return test_state(ctx, w, iso3);
}

static size_t dim_of(const ns_world_t *w, const char *id)
{
    return test_dimension(ctx, w, id);
}

static void few(ns_process_params_t *p)
{
    ns_process_params_default(p);
    p->record_rules = NS_RULES_ALL; /* Off by default; these tests are about the rules. */
    p->replicates = 6;
    p->replicates_large = 2;
}

/* The built-in record is there and every row the rules read is sourced. */
static void test_record_loaded(void **state)
{
    (void)state;
    assert_true(ns_world_mandate_count(world) == 9);
    assert_true(ns_world_relation_event_count(world) > 100);
    assert_true(ns_world_stance_count(world) > 100);
    /* The position model, like the process layer, leaves the record out by default. */
    ns_pos_anchors_t an;
    assert_int_equal(ns_positions_anchors(ctx, world, 2016, &an), NS_OK);
    assert_int_equal(an.record_rules, 0);
    const ns_mandate_t *m = ns_world_body_mandate(world, body_of(world, "GGE5"));
    assert_non_null(m);
    assert_int_equal(m->views, 0);
    m = ns_world_body_mandate(world, body_of(world, "OEWG1"));
    assert_true((m->views & NS_VIEWS_CHAIR_SUMMARY) != 0);
}

/* Removing every record row gives the model with every rule switched off, exactly: the
 * same table, will, text, margins and draws. */
static void test_empty_record_is_identity(void **state)
{
    (void)state;
    ns_world_t *bare = NULL;
    assert_int_equal(ns_world_copy(ctx, world, &bare), NS_OK);
    ns_world_drop_record(bare, NS_RECORD_MANDATES | NS_RECORD_RELATIONS | NS_RECORD_STANCES);
    static const char *const bodies[] = {"GGE1", "GGE5", "GGE6"};
    for (size_t k = 0; k < 3; k++) {
        ns_process_params_t on, off;
        few(&on);
        few(&off);
        off.record_rules = 0;
        ns_negotiation_t a, b;
        size_t body = body_of(world, bodies[k]);
        assert_int_equal(ns_process_negotiate(ctx, bare, body, 0, &on, &a), NS_OK);
        assert_int_equal(ns_process_negotiate(ctx, world, body, 0, &off, &b), NS_OK);
        size_t m = a.table.m, d = a.table.d;
        assert_int_equal(m, b.table.m);
        assert_memory_equal(a.table.ideal, b.table.ideal, m * d * sizeof(double));
        assert_memory_equal(a.table.salience, b.table.salience, m * d * sizeof(double));
        assert_memory_equal(a.table.will, b.table.will, m * sizeof(double));
        assert_int_equal(a.table.summary_available, b.table.summary_available);
        assert_int_equal(a.result.adopted, b.result.adopted);
        assert_true(a.result.worst_margin == b.result.worst_margin);
        assert_memory_equal(a.result.text, b.result.text, d * sizeof(double));
        assert_int_equal(a.mc.adopted, b.mc.adopted);
        for (size_t i = 0; i < m; i++) {
            assert_true(a.table.omega[i] == 1.0);
        }
        ns_negotiation_free(&a);
        ns_negotiation_free(&b);
    }
    ns_world_free(bare);
}

/* A stance dated after a session began never changes that session; the same stance dated
 * before it does (and moves the position the documented way). */
static void test_stance_never_leaks_backwards(void **state)
{
    (void)state;
    size_t body = body_of(world, "GGE5"); /* First year 2016. */
    size_t bra = state_of(world, "BRA");
    size_t sd = dim_of(world, "self_defence");
    ns_process_params_t p;
    few(&p);
    ns_process_table_t base, later, earlier;
    assert_int_equal(ns_process_table_build(ctx, world, body, 0, NULL, &p, &base), NS_OK);
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(ctx, world, &w), NS_OK);
    ns_stance_t s = {bra, sd, 20160102, -1, NS_VERIFIED_YES};
    assert_int_equal(ns_world_add_stance(ctx, w, &s), NS_OK);
    s.date = 20170600; /* During the session, after its start. */
    assert_int_equal(ns_world_add_stance(ctx, w, &s), NS_OK);
    assert_int_equal(ns_process_table_build(ctx, w, body, 0, NULL, &p, &later), NS_OK);
    assert_memory_equal(base.ideal, later.ideal, base.m * base.d * sizeof(double));
    assert_memory_equal(base.salience, later.salience, base.m * base.d * sizeof(double));
    ns_world_free(w);
    /* Dated 2015: it counts. Brazil is on the table; its self-defence position moves
     * lambda = 0.6 of the way to 10 (the "against" target) from where the model put it. */
    assert_int_equal(ns_world_copy(ctx, world, &w), NS_OK);
    s.date = 20150915;
    assert_int_equal(ns_world_add_stance(ctx, w, &s), NS_OK);
    assert_int_equal(ns_process_table_build(ctx, w, body, 0, NULL, &p, &earlier), NS_OK);
    size_t row = SIZE_MAX, col = SIZE_MAX;
    for (size_t i = 0; i < base.m; i++) {
        row = base.members[i] == bra ? i : row;
    }
    for (size_t k = 0; k < base.d; k++) {
        col = base.dims[k] == sd ? k : col;
    }
    assert_true(row != SIZE_MAX && col != SIZE_MAX);
    double x0 = base.base_ideal[row * base.d + col];
    double x1 = earlier.base_ideal[row * base.d + col];
    /* Brazil has no published stance on self-defence before 2016 in the data, so the
     * pull is the only change: x1 = 0.4 x0 + 0.6 * 10 (before the clamp, inside [0, 100]). */
    assert_true(fabs(x1 - (0.4 * x0 + 6.0)) < 1e-9);
    ns_world_free(w);
    ns_process_table_free(&base);
    ns_process_table_free(&later);
    ns_process_table_free(&earlier);
}

/* The will rule, worked by hand: one conflictual USA-RUS event in GGE5's window. Direct
 * parties: omega = 2 (0 + 1) / (0 + 1 + 2) = 2/3. A NATO member (Germany) shares a camp
 * with the United States: weight 0.3, omega = 2 / 2.3. China shares the SCO with Russia:
 * the same. Brazil is in neither camp: 1. An event before the window changes nothing. */
static void test_will_by_hand(void **state)
{
    (void)state;
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(ctx, world, &w), NS_OK);
    ns_world_drop_record(w, NS_RECORD_RELATIONS);
    ns_relation_event_t e;
    memset(&e, 0, sizeof e);
    e.date = 20161007;
    e.kind = NS_REL_ATTRIBUTION;
    e.n_a = 1;
    e.a[0] = (ns_relation_actor_t){false, state_of(w, "USA")};
    e.n_b = 1;
    e.b[0] = (ns_relation_actor_t){false, state_of(w, "RUS")};
    e.cooperative = -1;
    e.verified = NS_VERIFIED_YES;
    assert_int_equal(ns_world_add_relation_event(ctx, w, &e), NS_OK);
    e.date = 20130000; /* Before the window (2015-01-01 on). */
    e.cooperative = 1;
    assert_int_equal(ns_world_add_relation_event(ctx, w, &e), NS_OK);
    e.date = 20160500;
    e.verified = NS_VERIFIED_NO; /* Unconfirmed: never read. */
    assert_int_equal(ns_world_add_relation_event(ctx, w, &e), NS_OK);
    ns_process_params_t p;
    few(&p);
    ns_process_table_t t;
    assert_int_equal(ns_process_table_build(ctx, w, body_of(w, "GGE5"), 0, NULL, &p, &t), NS_OK);
    for (size_t i = 0; i < t.m; i++) {
        const char *iso3 = t.member_names[i];
        double want = strcmp(iso3, "USA") == 0 || strcmp(iso3, "RUS") == 0   ? 2.0 / 3.0
                      : strcmp(iso3, "DEU") == 0 || strcmp(iso3, "CHN") == 0 ? 2.0 / 2.3
                      : strcmp(iso3, "BRA") == 0                             ? 1.0
                                                                             : NAN;
        if (!isnan(want)) {
            assert_true(fabs(t.omega[i] - want) < 1e-12);
        }
        double sal = 0;
        for (size_t k = 0; k < t.d; k++) {
            sal += t.salience[i * t.d + k];
        }
        assert_true(fabs(t.will[i] - p.will_scale * t.omega[i] * sal) < 1e-9);
    }
    ns_process_table_free(&t);
    /* Switched off, every multiplier is 1. */
    p.record_rules &= ~NS_RULE_WILL;
    assert_int_equal(ns_process_table_build(ctx, w, body_of(w, "GGE5"), 0, NULL, &p, &t), NS_OK);
    for (size_t i = 0; i < t.m; i++) {
        assert_true(t.omega[i] == 1.0);
    }
    ns_process_table_free(&t);
    ns_world_free(w);
}

/* The practice on records of views: the GGEs to 2017 adopted a report or nothing; OEWG1
 * had a Chair's Summary; the rule off, or a per-body parameter, decides otherwise. */
static void test_views_rule(void **state)
{
    (void)state;
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(ctx, world, &w), NS_OK);
    ns_process_params_t p;
    few(&p);
    ns_process_params_default(&p); /* The record is off by default. */
    assert_int_equal(ns_process_params_read(ctx, w, &p), NS_OK);
    assert_int_equal(p.record_rules, 0);
    assert_true(ns_process_summary_available(w, body_of(w, "GGE5"), &p));
    assert_int_equal(ns_world_set_param(ctx, w, "record", 1), NS_OK);
    assert_int_equal(ns_process_params_read(ctx, w, &p), NS_OK);
    assert_int_equal(p.record_rules, NS_RULES_ALL);
    assert_false(ns_process_summary_available(w, body_of(w, "GGE5"), &p));
    assert_true(ns_process_summary_available(w, body_of(w, "OEWG1"), &p));
    assert_true(ns_process_summary_available(w, body_of(w, "GGE6"), &p));
    assert_int_equal(ns_world_set_param(ctx, w, "record_views", 0), NS_OK);
    assert_int_equal(ns_process_params_read(ctx, w, &p), NS_OK);
    assert_true(ns_process_summary_available(w, body_of(w, "GGE5"), &p));
    assert_int_equal(ns_world_set_param(ctx, w, "record_views", 1), NS_OK);
    assert_int_equal(ns_world_set_param(ctx, w, "summary_available.GGE5", 1), NS_OK);
    assert_int_equal(ns_process_params_read(ctx, w, &p), NS_OK);
    assert_true(ns_process_summary_available(w, body_of(w, "GGE5"), &p));
    assert_int_equal(ns_world_set_param(ctx, w, "record_views", 2), NS_OK);
    assert_int_equal(ns_process_params_read(ctx, w, &p), NS_ERANGE);
    ns_world_free(w);
}

/* The forward backtest never sees a later session: flipping GGE6's recorded outcome
 * changes no forward forecast of a session that began before GGE6 ended. */
static void test_forward_never_sees_later(void **state)
{
    (void)state;
    static const double b[] = {0.25, 0.75};
    static const double will[] = {4, 24};
    static const double f[] = {0.5};
    ns_history_grid_t g = {b, 2, will, 2, f, 1};
    ns_process_params_t p;
    few(&p);
    p.replicates = 2;
    p.replicates_large = 1;
    ns_history_backtest_t one, two;
    assert_int_equal(ns_history_backtest(ctx, world, &p, &g, &one), NS_OK);
    assert_int_equal(one.n_fitted, 2);
    assert_int_equal(one.n_forward, 6); /* GGE3 .. OEWG2. */
    assert_string_equal(ns_rows_cell(one.forward, 0, 0), "GGE3");
    assert_string_equal(ns_rows_cell(one.forward, 0, 4), "2"); /* GGE1 and GGE2. */
    assert_string_equal(ns_rows_cell(one.forward, 3, 0), "GGE6");
    assert_string_equal(ns_rows_cell(one.forward, 3, 4), "5");
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(ctx, world, &w), NS_OK);
    size_t gge6 = body_of(w, "GGE6");
    ns_body_t rec = *ns_world_body(w, gge6);
    rec.outcome = NS_OUTCOME_FAILED;
    assert_int_equal(ns_world_set_body_rules(ctx, w, gge6, &rec), NS_OK);
    assert_int_equal(ns_history_backtest(ctx, w, &p, &g, &two), NS_OK);
    for (size_t r = 0; r < 4; r++) { /* GGE3, GGE4, GGE5, GGE6 itself. */
        for (size_t c = 2; c < 8; c++) {
            if (c == 3 && r == 3) {
                continue; /* right_forward of GGE6 depends on its own outcome. */
            }
            assert_string_equal(ns_rows_cell(one.forward, r, c), ns_rows_cell(two.forward, r, c));
        }
    }
    /* The scores add up. */
    double brier = 0;
    for (size_t r = 0; r < one.n_forward; r++) {
        double pf = atof(ns_rows_cell(one.forward, r, 2));
        int actual = atoi(ns_rows_cell(one.forward, r, 1));
        brier += (pf - actual) * (pf - actual) / (double)one.n_forward;
    }
    assert_true(fabs(brier - one.brier_forward) < 1e-3);
    ns_history_backtest_free(&one);
    ns_history_backtest_free(&two);
    ns_world_free(w);
}

/* The ablation's rows and the effects of switching each rule off. */
static void test_ablation_and_effects(void **state)
{
    (void)state;
    static const double b[] = {0.25};
    static const double will[] = {6};
    static const double f[] = {0.5};
    ns_history_grid_t g = {b, 1, will, 1, f, 1};
    ns_process_params_t p;
    few(&p);
    p.replicates = 1;
    p.replicates_large = 1;
    ns_rows_t *rows = NULL;
    assert_int_equal(ns_history_ablation(ctx, world, &p, &g, &rows), NS_OK);
    assert_int_equal(ns_rows_count(rows), 12);
    assert_string_equal(ns_rows_cell(rows, 5, 0), "without the agenda (3.5)");
    assert_string_equal(ns_rows_cell(rows, 6, 0), "no record (the model before it)");
    assert_string_equal(ns_rows_cell(rows, 11, 0), "only the agenda (3.5)");
    assert_string_equal(ns_rows_cell(rows, 0, 13), "0"); /* One grid point: nothing fitted. */
    ns_rows_free(rows);
    ns_record_effect_t eff[NS_PROCESS_RECORD_EFFECTS];
    size_t n = 0;
    assert_int_equal(ns_process_record_effects(ctx, world, body_of(world, "GGE5"), 0, &p, eff, &n),
                     NS_OK);
    assert_int_equal(n, 7);
    assert_int_equal(eff[0].rule, 0);
    assert_int_equal(eff[5].rule, NS_RULE_AGENDA);
    assert_int_equal(eff[6].rule, NS_RULES_ALL);
    assert_false(eff[1].on); /* In force, so toggled off. */
    /* With every rule off, GGE5 is the model before the record. */
    ns_world_t *bare = NULL;
    assert_int_equal(ns_world_copy(ctx, world, &bare), NS_OK);
    ns_world_drop_record(bare, NS_RECORD_MANDATES | NS_RECORD_RELATIONS | NS_RECORD_STANCES);
    ns_negotiation_t neg;
    assert_int_equal(ns_process_negotiate(ctx, bare, body_of(bare, "GGE5"), 0, &p, &neg), NS_OK);
    assert_true(neg.result.worst_margin == eff[6].worst_margin);
    char buf[4096];
    assert_int_equal(ns_process_record_explain(ctx, bare, &neg, &p, buf, sizeof buf, NULL), NS_OK);
    assert_non_null(strstr(buf, "mandates.csv does not say"));
    ns_negotiation_free(&neg);
    ns_world_free(bare);
}

/* Bits of the named dimensions. */
static uint64_t dims_bits(const ns_world_t *w, const char *const *ids)
{
    uint64_t bits = 0;
    for (size_t k = 0; ids[k] != NULL; k++) {
        bits |= UINT64_C(1) << dim_of(w, ids[k]);
    }
    return bits;
}

/* The agenda of every body as docs/record/agenda.md codes it by hand. */
static void test_agenda_coding(void **state)
{
    (void)state;
    static const char *const sov[] = {"sovereignty", NULL};
    static const char *const gge3[] = {"sovereignty", "norms", "binding", "cbm", NULL};
    static const char *const gge4[] = {"sovereignty", "norms",        "binding",         "cbm",
                                       "ihl",         "self_defence", "countermeasures", NULL};
    static const char *const gge6[] = {
        "sovereignty",  "norms",           "binding",           "cbm", "ihl",
        "self_defence", "countermeasures", "capacity_building", NULL};
    uint64_t all = (UINT64_C(1) << ns_world_dimension_count(world)) - 1;
    static const struct {
        const char *body;
        int on;      /* Index into the lists below. */
        int settled; /* -1: none. */
    } cases[] = {{"GGE1", 0, -1}, {"GGE2", 0, -1}, {"GGE3", 1, 0},  {"GGE4", 2, 1}, {"GGE5", 2, 2},
                 {"GGE6", 3, 2},  {"OEWG1", 4, 2}, {"OEWG2", 4, 4}, {"GM", 4, 4}};
    uint64_t lists[5];
    lists[0] = dims_bits(world, sov);
    lists[1] = dims_bits(world, gge3);
    lists[2] = dims_bits(world, gge4);
    lists[3] = dims_bits(world, gge6);
    lists[4] = all;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint64_t on = 0;
        uint64_t settled = 0;
        assert_true(ns_process_agenda(world, body_of(world, cases[c].body), &on, &settled));
        assert_true(on == lists[cases[c].on]);
        assert_true(settled == (cases[c].settled < 0 ? 0 : lists[cases[c].settled]));
    }
    /* GGE1's table under the rule: sovereignty alone, at full stakes, from silence. */
    ns_process_params_t p;
    few(&p);
    p.record_rules = NS_RULE_AGENDA;
    ns_process_table_t t;
    assert_int_equal(ns_process_table_build(ctx, world, body_of(world, "GGE1"), 0, NULL, &p, &t),
                     NS_OK);
    assert_true(t.agenda);
    assert_int_equal(t.d, 1);
    assert_string_equal(t.para_names[0], "sovereignty");
    assert_int_equal(t.settled[0], 0);
    ns_process_table_free(&t);
}

/* A hand-worked case: GGE2 asked only about threats and adopted a report (2009-10); GGE3
 * (2012) asked about CBMs and stakeholders. GGE3's table: multistakeholder and cbm, in
 * the world's order, both new (full salience: GGE2 settled sovereignty only). When GGE2
 * asked about CBMs instead, cbm is settled and its salience is f times the full one. */
static void test_agenda_by_hand(void **state)
{
    (void)state;
    ns_process_params_t p;
    few(&p);
    p.record_rules = NS_RULE_AGENDA;
    ns_process_params_t off = p;
    off.record_rules = 0;
    size_t gge2 = body_of(world, "GGE2");
    size_t gge3 = body_of(world, "GGE3");
    size_t cbm = dim_of(world, "cbm");
    size_t msh = dim_of(world, "multistakeholder");
    ns_process_table_t full;
    assert_int_equal(ns_process_table_build(ctx, world, gge3, 0, NULL, &off, &full), NS_OK);
    assert_false(full.agenda);
    assert_int_equal(full.d, 9);
    for (int variant = 0; variant < 2; variant++) {
        ns_world_t *w = NULL;
        assert_int_equal(ns_world_copy(ctx, world, &w), NS_OK);
        ns_world_drop_record(w, NS_RECORD_MANDATES);
        ns_mandate_t m2 = {.body = gge2,
                           .resolution = "A/RES/60/45",
                           .topics = variant == 0 ? NS_TOPIC_THREATS : NS_TOPIC_CBM,
                           .verified = NS_VERIFIED_YES};
        ns_mandate_t m3 = {.body = gge3,
                           .resolution = "A/RES/66/24",
                           .topics = NS_TOPIC_CBM | NS_TOPIC_STAKEHOLDERS,
                           .verified = NS_VERIFIED_YES};
        assert_int_equal(ns_world_add_mandate(ctx, w, &m2), NS_OK);
        assert_int_equal(ns_world_add_mandate(ctx, w, &m3), NS_OK);
        uint64_t on = 0;
        uint64_t settled = 0;
        assert_true(ns_process_agenda(w, gge3, &on, &settled));
        assert_true(on == ((UINT64_C(1) << cbm) | (UINT64_C(1) << msh)));
        assert_true(settled == (variant == 0 ? 0 : UINT64_C(1) << cbm));
        ns_process_table_t t;
        assert_int_equal(ns_process_table_build(ctx, w, gge3, 0, NULL, &p, &t), NS_OK);
        assert_int_equal(t.d, 2);
        assert_int_equal(t.dims[0], msh); /* The world's order: multistakeholder first. */
        assert_int_equal(t.dims[1], cbm);
        assert_int_equal(t.settled[0], 0);
        assert_int_equal(t.settled[1], variant);
        for (size_t i = 0; i < t.m; i++) {
            assert_int_equal(t.members[i], full.members[i]);
            double s_msh = full.salience[i * 9 + msh];
            double s_cbm = full.salience[i * 9 + cbm];
            assert_true(t.salience[i * 2] == s_msh);
            assert_true(t.salience[i * 2 + 1] == (variant == 0 ? s_cbm : 0.5 * s_cbm));
        }
        ns_process_table_free(&t);
        /* The rule off on the same world: all nine paragraphs, today's table. */
        assert_int_equal(ns_process_table_build(ctx, w, gge3, 0, NULL, &off, &t), NS_OK);
        assert_int_equal(t.d, 9);
        assert_memory_equal(t.salience, full.salience, t.m * 9 * sizeof(double));
        ns_process_table_free(&t);
        ns_world_free(w);
    }
    ns_process_table_free(&full);
}

/* The loader's errors name the file, line and field. */
static void test_bad_rows(void **state)
{
    (void)state;
    static const struct {
        const char *file, *text, *want;
    } cases[] = {
        {"relations_events.csv",
         "date,kind,actor_a,actor_b,cooperative,description,source,verified\n"
         "2016-10-07,attribution,USA,XYZ,-1,x,s,yes\n",
         "relations_events.csv:2:"},
        {"relations_events.csv",
         "date,kind,actor_a,actor_b,cooperative,description,source,verified\n"
         "2016-10-07,hug,USA,RUS,1,x,s,yes\n",
         "kind"},
        {"relations_events.csv",
         "date,kind,actor_a,actor_b,cooperative,description,source,verified\n"
         "2016-10-07,attribution,USA,RUS,0,x,s,yes\n",
         "cooperative"},
        {"stances.csv",
         "date,iso3,dimension,stance,document,source_kind,source,verified,note\n"
         "2016-13-01,USA,ihl,for,d,other,s,yes,n\n",
         "stances.csv:2:"},
        {"stances.csv",
         "date,iso3,dimension,stance,document,source_kind,source,verified,note\n"
         "2016-01-01,USA,warp,for,d,other,s,yes,n\n",
         "'warp' is not a dimension"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ns_data_file_t f = {cases[k].file, cases[k].text, strlen(cases[k].text)};
        ns_world_t *w = NULL;
        ns_status st = ns__data_load_mem(ctx, NS_FILTER_ALL, &f, 1, &w);
        assert_true(st != NS_OK);
        assert_null(w);
        assert_non_null(strstr(ns_ctx_errmsg(ctx), cases[k].want));
    }
}

/* The record's tables may hold only their header: the model without the record. */
static void test_empty_tables_load(void **state)
{
    (void)state;
    ns_data_file_t f[] = {
        {"mandates.csv", "", 0},
        {"relations_events.csv",
         "date,kind,actor_a,actor_b,cooperative,description,source,verified\n", 0},
        {"stances.csv", "date,iso3,dimension,stance,document,source_kind,source,verified,note\n",
         0},
    };
    const ns_data_file_t *builtin = ns_data_builtin_file("mandates.csv");
    const char *nl = memchr(builtin->bytes, '\n', builtin->size);
    f[0].bytes = builtin->bytes;
    f[0].size = (size_t)(nl - builtin->bytes) + 1;
    f[1].size = strlen(f[1].bytes);
    f[2].size = strlen(f[2].bytes);
    ns_world_t *w = NULL;
    assert_int_equal(ns__data_load_mem(ctx, NS_FILTER_ALL, f, 3, &w), NS_OK);
    assert_int_equal(ns_world_mandate_count(w), 0);
    assert_int_equal(ns_world_relation_event_count(w), 0);
    assert_int_equal(ns_world_stance_count(w), 0);
    ns_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_loaded),
        cmocka_unit_test(test_empty_record_is_identity),
        cmocka_unit_test(test_stance_never_leaks_backwards),
        cmocka_unit_test(test_will_by_hand),
        cmocka_unit_test(test_views_rule),
        cmocka_unit_test(test_forward_never_sees_later),
        cmocka_unit_test(test_ablation_and_effects),
        cmocka_unit_test(test_agenda_coding),
        cmocka_unit_test(test_agenda_by_hand),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_empty_tables_load),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
