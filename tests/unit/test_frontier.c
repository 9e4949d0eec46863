/* The frontier study's replicate model (src/analysis/frontier.c, docs/FRONTIER.md): seats
 * per rule and size, regional quotas worked by hand, determinism, a body of everyone
 * under both rules, known answers for substance and legitimacy, bounds, error paths.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/frontier.h"
#include "test_util.h"

/* 23 states: the P5 (USA, GBR, FRA in WEOG; RUS in EEG; CHN in APG) and 18 others:
 * African 6, Asia-Pacific 4, Eastern European 2, GRULAC 3 (BRA chairs), WEOG 3. Two
 * paragraphs with silence 50. Positions and saliences are appended per test. */
static const char world_head[] =
    "normsim: 1\nname: frontier test\nbase: none\nseed: 3\n"
    "parameters: {forum_shopping: 0.25, will_scale: 6%s}\n"
    "dimensions:\n"
    "  - {id: a, min: 0, max: 100, silence: 50}\n"
    "  - {id: b, min: 0, max: 100, silence: 50}\n"
    "bodies:\n"
    "  - {id: GGE6, kind: gge, membership: list, chair: BRA, mandate: [a, b],\n"
    "     start_year: 2019, end_year: 2021, members: [USA, CHN, BRA]}\n"
    "%s"
    "states:\n";

typedef struct state_row {
    const char *iso3, *group;
    bool p5;
} state_row_t;

static const state_row_t rows[] = {
    {"USA", "WEOG", true},    {"GBR", "WEOG", true},    {"FRA", "WEOG", true},
    {"RUS", "EEG", true},     {"CHN", "APG", true},     {"NGA", "AFR", false},
    {"KEN", "AFR", false},    {"EGY", "AFR", false},    {"ZAF", "AFR", false},
    {"GHA", "AFR", false},    {"SEN", "AFR", false},    {"IND", "APG", false},
    {"JPN", "APG", false},    {"IDN", "APG", false},    {"SGP", "APG", false},
    {"POL", "EEG", false},    {"EST", "EEG", false},    {"BRA", "GRULAC", false},
    {"MEX", "GRULAC", false}, {"ARG", "GRULAC", false}, {"DEU", "WEOG", false},
    {"NLD", "WEOG", false},   {"AUS", "WEOG", false},
};
#define N_STATES (sizeof rows / sizeof *rows)
#define LEN(a)   (sizeof(a) / sizeof((a)[0]))

typedef struct fixture {
    ns_ctx_t *ctx;
    const ns_study_model_t *model;
    ns_world_t *world;
    void *state;
    size_t i_adopted, i_kept, i_substance, i_legitimacy, i_worse, i_exp_sub, i_exp_leg;
} fixture_t;

static size_t metric(const ns_study_model_t *m, const char *name)
{
    for (size_t k = 0; k < m->n_metrics; k++) {
        if (strcmp(m->metrics[k], name) == 0) {
            return k;
        }
    }
    fail_msg("no metric %s", name);
    return 0;
}

/* Build the test world: every state at (x[i], x[i]) with sd and salience, extra
 * parameters and stakeholders; then the model's setup. */
static void build(fixture_t *f, const double *x, double sd, const double *salience,
                  const char *extra_params, const char *stakeholders)
{
    char text[8192];
    size_t n = (size_t)snprintf(text, sizeof text, world_head, extra_params, stakeholders);
    for (size_t i = 0; i < N_STATES; i++) {
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "  - {iso3: %s, group: %s, p5: %s, capability: %g, positions: "
                              "{a: {x: %g, sd: %g, salience: %g}, b: {x: %g, sd: %g, "
                              "salience: %g}}}\n",
                              rows[i].iso3, rows[i].group, rows[i].p5 ? "true" : "false",
                              rows[i].p5 ? 1.0 : 0.2, x[i], sd, salience[i], x[i], sd, salience[i]);
        assert_true(n < sizeof text);
    }
    ns_scenario_t *sc = NULL;
    assert_int_equal(ns_scenario_load_mem(f->ctx, "test.yaml", text, n, &sc), NS_OK);
    ns_status s = ns_scenario_build_world(f->ctx, sc, NULL, &f->world);
    if (s != NS_OK) {
        fail_msg("%s", ns_ctx_errmsg(f->ctx));
    }
    ns_scenario_free(sc);
    assert_int_equal(f->model->setup(f->ctx, f->world, &f->state), NS_OK);
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(ns_ctx_new(NULL, &f->ctx), NS_OK);
    f->model = ns_study_model_find("frontier");
    assert_non_null(f->model);
    f->i_adopted = metric(f->model, "adopted");
    f->i_kept = metric(f->model, "kept");
    f->i_substance = metric(f->model, "substance");
    f->i_legitimacy = metric(f->model, "legitimacy");
    f->i_worse = metric(f->model, "worse_off");
    f->i_exp_sub = metric(f->model, "expected_substance");
    f->i_exp_leg = metric(f->model, "expected_legitimacy");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    if (f->state != NULL) {
        f->model->teardown(f->ctx, f->state);
    }
    ns_world_free(f->world);
    ns_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Parameters: body_size, membership (0 rotation, 1 open), body (the default). */
static void params(const fixture_t *f, double size, double rule, double *p)
{
    memcpy(p, f->model->defaults, f->model->n_params * sizeof *p);
    p[0] = size;
    p[1] = rule;
}

/* A spread world: x from 10 to 98, sd 8, saliences from 0.1 to 1. */
static void build_spread(fixture_t *f)
{
    double x[N_STATES], s[N_STATES];
    for (size_t i = 0; i < N_STATES; i++) {
        x[i] = 10.0 + 4.0 * (double)i;
        s[i] = 0.1 + 0.9 * (double)((i * 7) % N_STATES) / (double)(N_STATES - 1);
    }
    build(f, x, 8.0, s, "", "");
}

static size_t seated_in(const fixture_t *f, const size_t *members, const unsigned char *seat,
                        size_t n, const char *group, bool p5)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const ns_state_t *st = ns_world_state(f->world, members[i]);
        ns_ungroup_t g;
        assert_int_equal(ns_ungroup_parse(group, &g), NS_OK);
        count += seat[i] && st->group == g && st->p5 == p5;
    }
    return count;
}

static bool seated(const fixture_t *f, const size_t *members, const unsigned char *seat, size_t n,
                   const char *iso3)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ns_world_state(f->world, members[i])->iso3, iso3) == 0) {
            return seat[i] != 0;
        }
    }
    fail_msg("%s is not a member", iso3);
    return false;
}

/* Rotation: the P5 and the chair always; the other seats by regional quota. */
static void test_rotation_seats(void **state)
{
    fixture_t *f = *state;
    build_spread(f);
    double p[8];
    const size_t *members = NULL;
    size_t n = 0;
    unsigned char seat[N_STATES];
    static const double sizes[] = {6, 10, 15, 20, 22, 23, 40};
    for (size_t k = 0; k < LEN(sizes); k++) {
        params(f, sizes[k], 0, p);
        for (uint32_t r = 0; r < 20; r++) {
            assert_int_equal(ns__frontier_seats(f->ctx, f->state, p, 9, 0, r, &members, &n, seat),
                             NS_OK);
            assert_int_equal(n, N_STATES);
            size_t total = 0;
            for (size_t i = 0; i < n; i++) {
                total += seat[i];
            }
            size_t want = sizes[k] < N_STATES ? (size_t)sizes[k] : N_STATES;
            assert_int_equal(total, want);
            static const char *const always[] = {"USA", "GBR", "FRA", "RUS", "CHN", "BRA"};
            for (size_t i = 0; i < LEN(always); i++) {
                assert_true(seated(f, members, seat, n, always[i]));
            }
        }
    }
    /* Regional quotas by hand. Weights: non-P5 member states per group, AFR 6, APG 4,
     * EEG 2, GRULAC 3, WEOG 3 (total 18); BRA chairs, so GRULAC has room for 2 more.
     * 15 seats: 9 after the P5 and the chair; exact shares 3, 2, 1, 1.5, 1.5 -> floors
     * 3, 2, 1, 1, 1 and the last seat to the larger remainder, GRULAC and WEOG tied at
     * 0.5, the group listed first: GRULAC. So AFR 3, APG 2, EEG 1, GRULAC 2 (+ chair),
     * WEOG 1.
     * 10 seats: 4 left; shares 1.33, 0.89, 0.44, 0.67, 0.67 -> floors AFR 1, then the
     * remainders APG (0.89), GRULAC (0.67, before WEOG), WEOG: AFR 1, APG 1, EEG 0,
     * GRULAC 1, WEOG 1. */
    static const struct {
        double size;
        size_t afr, apg, eeg, grulac, weog;
    } quota[] = {{15, 3, 2, 1, 2, 1}, {10, 1, 1, 0, 1, 1}};
    for (size_t k = 0; k < LEN(quota); k++) {
        params(f, quota[k].size, 0, p);
        for (uint32_t r = 0; r < 10; r++) {
            assert_int_equal(ns__frontier_seats(f->ctx, f->state, p, 9, 1, r, &members, &n, seat),
                             NS_OK);
            assert_int_equal(seated_in(f, members, seat, n, "AFR", false), quota[k].afr);
            assert_int_equal(seated_in(f, members, seat, n, "APG", false), quota[k].apg);
            assert_int_equal(seated_in(f, members, seat, n, "EEG", false), quota[k].eeg);
            assert_int_equal(seated_in(f, members, seat, n, "GRULAC", false), quota[k].grulac + 1);
            assert_int_equal(seated_in(f, members, seat, n, "WEOG", false), quota[k].weog);
        }
    }
    /* Within a group the seats are drawn: over 200 replicates every African state sits
     * at 15 seats (3 of 6 each time: never seated has probability 2^-200). */
    size_t afr_seen[N_STATES] = {0};
    params(f, 15, 0, p);
    for (uint32_t r = 0; r < 200; r++) {
        assert_int_equal(ns__frontier_seats(f->ctx, f->state, p, 9, 2, r, &members, &n, seat),
                         NS_OK);
        for (size_t i = 0; i < n; i++) {
            afr_seen[i] += seat[i];
        }
    }
    for (size_t i = 0; i < n; i++) {
        assert_true(afr_seen[i] > 0);
    }
}

/* Open: the chair always, `size` seats, and the engaged come more often. */
static void test_open_seats(void **state)
{
    fixture_t *f = *state;
    double x[N_STATES], s[N_STATES];
    for (size_t i = 0; i < N_STATES; i++) {
        x[i] = 50.0;
        s[i] = 0.05;
    }
    s[5] = 1.0; /* NGA cares; KEN (6) hardly does. */
    build(f, x, 0.0, s, "", "");
    double p[8];
    const size_t *members = NULL;
    size_t n = 0;
    unsigned char seat[N_STATES];
    size_t nga = 0, ken = 0;
    params(f, 5, 1, p);
    for (uint32_t r = 0; r < 300; r++) {
        assert_int_equal(ns__frontier_seats(f->ctx, f->state, p, 4, 0, r, &members, &n, seat),
                         NS_OK);
        size_t total = 0;
        for (size_t i = 0; i < n; i++) {
            total += seat[i];
        }
        assert_int_equal(total, 5);
        assert_true(seated(f, members, seat, n, "BRA"));
        nga += seated(f, members, seat, n, "NGA");
        ken += seated(f, members, seat, n, "KEN");
    }
    /* Weighted sampling: with weights 1 against 0.05 for the 21 others, NGA takes one of
     * the 4 free seats with probability above 0.9, KEN about 4/22 or less. */
    assert_true(nga > 270);
    assert_true(ken < 100);
}

/* Same (seed, point, replicate): same metrics, bit for bit; another replicate draws
 * other positions and seats. */
static void test_determinism(void **state)
{
    fixture_t *f = *state;
    build_spread(f);
    double p[8], a[16], b[16];
    params(f, 12, 0, p);
    assert_int_equal(f->model->replicate(f->state, p, 11, 3, 7, a, f->ctx), NS_OK);
    assert_int_equal(f->model->replicate(f->state, p, 11, 3, 7, b, f->ctx), NS_OK);
    assert_memory_equal(a, b, f->model->n_metrics * sizeof *a);
    bool differs = false;
    for (uint32_t r = 8; r < 12 && !differs; r++) {
        assert_int_equal(f->model->replicate(f->state, p, 11, 3, r, b, f->ctx), NS_OK);
        differs = memcmp(a, b, f->model->n_metrics * sizeof *a) != 0;
    }
    assert_true(differs);
}

/* Every state at 60 on both paragraphs (sd 0): the report says 60 everywhere, so the
 * substance is |60 - 50| = 10, everyone gains (legitimacy 1, nobody worse off), both
 * paragraphs kept. The same at any size and rule. */
static void test_known_answer_unanimous(void **state)
{
    fixture_t *f = *state;
    double x[N_STATES], s[N_STATES];
    for (size_t i = 0; i < N_STATES; i++) {
        x[i] = 60.0;
        s[i] = 0.5;
    }
    build(f, x, 0.0, s, "", "");
    double p[8], out[16];
    static const double sizes[] = {6, 12, 23};
    for (size_t k = 0; k < LEN(sizes); k++) {
        for (int rule = 0; rule < 2; rule++) {
            params(f, sizes[k], rule, p);
            assert_int_equal(f->model->replicate(f->state, p, 1, 0, 0, out, f->ctx), NS_OK);
            assert_true(out[f->i_adopted] == 1.0);
            assert_true(out[f->i_kept] == 2.0);
            assert_float_equal(out[f->i_substance], 10.0, 1e-3);
            assert_true(out[f->i_legitimacy] == 1.0);
            assert_true(out[f->i_worse] == 0.0);
            assert_true(out[f->i_exp_sub] == out[f->i_substance]);
        }
    }
}

/* A body of everyone: both rules seat the same table; only consultation differs.
 * Without stakeholders the metrics are equal (same position draws: common random
 * numbers across points). With one stakeholder at 80 and persuasion 1, every member of
 * the open body moves to 80 (docs/PROCESS.md 4: x + rho (v - x)): the report says 80,
 * substance 30, and judged by the states' own positions (60) everyone is worse off:
 * |50 - 60| = 10 < |80 - 60| = 20. Rotation consults nobody: 60, as above. */
static void test_everyone_both_rules(void **state)
{
    fixture_t *f = *state;
    build_spread(f);
    double p[8], a[16], b[16];
    for (uint32_t r = 0; r < 3; r++) {
        params(f, 193, 0, p);
        assert_int_equal(f->model->replicate(f->state, p, 5, 0, r, a, f->ctx), NS_OK);
        params(f, 193, 1, p);
        assert_int_equal(f->model->replicate(f->state, p, 5, 1, r, b, f->ctx), NS_OK);
        assert_memory_equal(a, b, f->model->n_metrics * sizeof *a);
    }
    f->model->teardown(f->ctx, f->state);
    f->state = NULL;
    ns_world_free(f->world);
    f->world = NULL;

    double x[N_STATES], s[N_STATES];
    for (size_t i = 0; i < N_STATES; i++) {
        x[i] = 60.0;
        s[i] = 0.5;
    }
    build(f, x, 0.0, s, ", persuasion: 1",
          "stakeholders:\n"
          "  - {id: ngo, name: NGO, kind: ngo, positions: {a: {x: 80, salience: 1}, "
          "b: {x: 80, salience: 1}}}\n");
    params(f, 23, 0, p);
    assert_int_equal(f->model->replicate(f->state, p, 5, 0, 0, a, f->ctx), NS_OK);
    assert_float_equal(a[f->i_substance], 10.0, 1e-3);
    assert_true(a[f->i_legitimacy] == 1.0);
    params(f, 23, 1, p);
    assert_int_equal(f->model->replicate(f->state, p, 5, 1, 0, b, f->ctx), NS_OK);
    assert_true(b[f->i_adopted] == 1.0);
    assert_float_equal(b[f->i_substance], 30.0, 1e-3);
    assert_true(b[f->i_legitimacy] == 0.0);
    assert_true(b[f->i_worse] == 1.0);
}

/* Bounds over many draws: adopted 0/1; legitimacy and worse_off shares in [0, 1] with
 * sum <= 1; substance in [0, 100]; the expected metrics are the conditional ones times
 * adopted; NaN exactly when nothing is adopted. */
static void test_bounds(void **state)
{
    fixture_t *f = *state;
    build_spread(f);
    double p[8], out[16];
    static const double sizes[] = {6, 9, 15, 23};
    size_t failures = 0, reps = 0;
    for (size_t k = 0; k < LEN(sizes); k++) {
        for (int rule = 0; rule < 2; rule++) {
            params(f, sizes[k], rule, p);
            for (uint32_t r = 0; r < 15; r++) {
                assert_int_equal(f->model->replicate(f->state, p, 2, (uint32_t)k, r, out, f->ctx),
                                 NS_OK);
                double adopted = out[f->i_adopted];
                assert_true(adopted == 0.0 || adopted == 1.0);
                reps++;
                if (adopted == 0.0) {
                    failures++;
                    assert_true(isnan(out[f->i_substance]) && isnan(out[f->i_legitimacy]));
                    assert_true(out[f->i_exp_sub] == 0.0 && out[f->i_exp_leg] == 0.0);
                    continue;
                }
                double leg = out[f->i_legitimacy], worse = out[f->i_worse];
                assert_true(leg >= 0.0 && leg <= 1.0);
                assert_true(worse >= 0.0 && worse <= 1.0 && leg + worse <= 1.0);
                assert_true(out[f->i_substance] >= 0.0 && out[f->i_substance] <= 100.0);
                assert_true(out[f->i_kept] >= 0.0 && out[f->i_kept] <= 2.0);
                assert_true(out[f->i_exp_sub] == out[f->i_substance]);
            }
        }
    }
    assert_true(reps == 120 && failures <= reps);
}

/* Errors: unknown body, body_size 0, membership 'x' (parse); a body the world lacks;
 * rotation below the P5 and the chair; a world without any base body. */
static void test_errors(void **state)
{
    fixture_t *f = *state;
    const ns_study_model_t *m = f->model;
    double v = 0;
    assert_int_equal(m->parse(2, "GGE9", &v, f->ctx), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "GGE9"));
    assert_int_equal(m->parse(0, "0", &v, f->ctx), NS_ERANGE);
    assert_int_equal(m->parse(0, "2.5", &v, f->ctx), NS_ERANGE);
    assert_int_equal(m->parse(1, "x", &v, f->ctx), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "rotation or open"));
    assert_int_equal(m->parse(2, "GGE6", &v, f->ctx), NS_OK);
    assert_true(v == m->defaults[2]);
    assert_int_equal(m->parse(1, "open", &v, f->ctx), NS_OK);
    assert_true(v == 1.0);

    build_spread(f);
    double p[8], out[16];
    params(f, 5, 0, p);
    assert_int_equal(m->replicate(f->state, p, 1, 0, 0, out, f->ctx), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "chair"));
    params(f, 10, 0, p);
    assert_int_equal(m->parse(2, "OEWG1", &p[2], f->ctx), NS_OK);
    assert_int_equal(m->replicate(f->state, p, 1, 0, 0, out, f->ctx), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "OEWG1"));

    static const char none[] = "normsim: 1\nname: empty\nbase: none\n"
                               "dimensions:\n  - {id: a}\n"
                               "states:\n  - {iso3: USA, group: WEOG, p5: true}\n";
    ns_scenario_t *sc = NULL;
    ns_world_t *w = NULL;
    void *st = NULL;
    assert_int_equal(ns_scenario_load_mem(f->ctx, "none.yaml", none, strlen(none), &sc), NS_OK);
    assert_int_equal(ns_scenario_build_world(f->ctx, sc, NULL, &w), NS_OK);
    assert_int_equal(m->setup(f->ctx, w, &st), NS_EINVAL);
    assert_null(st);
    ns_world_free(w);
    ns_scenario_free(sc);
}

/* Out of memory at every allocation of setup and of one replicate: a clean NS_ENOMEM,
 * no leak (the sanitizer build checks). */
static void test_out_of_memory(void **state)
{
    fixture_t *f = *state;
    build_spread(f);
    failing_alloc_t fa;
    double p[8], out[16];
    params(f, 12, 1, p);
    for (long k = 1; k < 400; k++) {
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        void *st = NULL;
        ns_status s = f->model->setup(ctx, f->world, &st);
        if (s == NS_OK) {
            s = f->model->replicate(st, p, 1, 0, 0, out, ctx);
            f->model->teardown(ctx, st);
        }
        ns_ctx_free(ctx);
        if (s == NS_OK) {
            return;
        }
        assert_int_equal(s, NS_ENOMEM);
    }
    fail_msg("setup and a replicate need more than 400 allocations");
}

/* The real base: GGE6 in 2019 on the built-in data. Rotation at 25 seats always seats
 * the P5 and Brazil (the chair); the table holds the 193 member states of 2019. */
static void test_un_gge6(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(ns_data_load(f->ctx, NULL, &f->world), NS_OK);
    assert_int_equal(f->model->setup(f->ctx, f->world, &f->state), NS_OK);
    double p[8];
    const size_t *members = NULL;
    size_t n = 0;
    unsigned char seat[256];
    params(f, 25, 0, p);
    assert_int_equal(ns__frontier_seats(f->ctx, f->state, p, 1, 0, 0, &members, &n, NULL), NS_OK);
    assert_int_equal(n, 193);
    for (uint32_t r = 0; r < 5; r++) {
        assert_int_equal(ns__frontier_seats(f->ctx, f->state, p, 1, 0, r, &members, &n, seat),
                         NS_OK);
        size_t total = 0;
        for (size_t i = 0; i < n; i++) {
            total += seat[i];
        }
        assert_int_equal(total, 25);
        static const char *const always[] = {"USA", "GBR", "FRA", "RUS", "CHN", "BRA"};
        for (size_t i = 0; i < LEN(always); i++) {
            assert_true(seated(f, members, seat, n, always[i]));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rotation_seats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_seats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_determinism, setup, teardown),
        cmocka_unit_test_setup_teardown(test_known_answer_unanimous, setup, teardown),
        cmocka_unit_test_setup_teardown(test_everyone_both_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_un_gge6, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
