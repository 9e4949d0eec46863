/* The parameter registry (normsim/params.h): every declaration is well formed and its
 * default allowed; the readers take their defaults from it; unknown keys, suffixes that
 * name no body or camp and values out of range are refused by every reader, with the
 * nearest names; a scenario's bad key is reported at its line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "normsim/normsim.h"
#include "test_util.h"

typedef struct fixture {
    ns_ctx_t *ctx;
    ns_world_t *w;
} fixture_t;

/* A world of two states and one body "B". */
static int setup(void **state)
{
    static fixture_t f;
    memset(&f, 0, sizeof f);
    if (ns_ctx_new(NULL, &f.ctx) != NS_OK || ns_world_new(f.ctx, &f.w) != NS_OK) {
        return -1;
    }
    ns_state_t s;
    memset(&s, 0, sizeof s);
    s.name = "A";
    memcpy(s.iso3, "AAA", 4);
    size_t a = 0;
    if (ns_world_add_state(f.ctx, f.w, &s, &a) != NS_OK) {
        return -1;
    }
    ns_body_t b;
    memset(&b, 0, sizeof b);
    b.id = "B";
    b.name = "body B";
    b.chair = -1;
    if (ns_world_add_body(f.ctx, f.w, &b, NULL) != NS_OK) {
        return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    ns_world_free(f->w);
    ns_ctx_free(f->ctx);
    return 0;
}

/* Every declaration: an owner, a doc, a type-consistent range and a default inside it
 * (or none); names unique per suffix kind. */
static void test_table_well_formed(void **state)
{
    fixture_t *f = *state;
    size_t n = ns_param_def_count();
    assert_true(n >= 30);
    assert_null(ns_param_def_get(n));
    for (size_t i = 0; i < n; i++) {
        const ns_param_def_t *d = ns_param_def_get(i);
        char key[96];
        assert_non_null(d->owner);
        assert_true(strlen(d->doc) > 5);
        assert_true(d->type != NS_PARAM_ENUM || d->choices != NULL);
        assert_true(d->type == NS_PARAM_ENUM || d->type == NS_PARAM_SWITCH || d->min < d->max);
        /* Owners are grouped: an owner seen before reappears only right after itself. */
        if (i > 0 && strcmp(ns_param_def_get(i - 1)->owner, d->owner) != 0) {
            for (size_t j = 0; j + 1 < i; j++) {
                assert_string_not_equal(ns_param_def_get(j)->owner, d->owner);
            }
        }
        for (size_t j = 0; j < i; j++) {
            const ns_param_def_t *e = ns_param_def_get(j);
            assert_false(strcmp(e->name, d->name) == 0 && e->suffix == d->suffix);
        }
        /* The default passes the check of its own key (with a body or camp suffix). */
        if (!isnan(d->dflt)) {
            snprintf(key, sizeof key, "%s%s", d->name,
                     d->suffix == NS_SUFFIX_BODY   ? ".B"
                     : d->suffix == NS_SUFFIX_CAMP ? ".NATO"
                                                   : "");
            assert_int_equal(ns_param_check(f->ctx, f->w, key, d->dflt), NS_OK);
        }
    }
}

/* ns_process_params_default and ns_diffusion_params_default are the registry's
 * defaults (the fitted values of docs/PROCESS.md section 8 and docs/DIFFUSION.md). */
static void test_defaults_from_registry(void **state)
{
    (void)state;
    ns_process_params_t p;
    ns_process_params_default(&p);
    assert_true(p.consensus.forum_shopping == ns_param_default("forum_shopping"));
    assert_true(p.consensus.forum_shopping == 0.25);
    assert_true(p.will_scale == ns_param_default("will_scale"));
    assert_true(p.will_scale == 6.0);
    assert_true(p.consensus.summary_record == ns_param_default("summary_record"));
    assert_true(p.persuasion == ns_param_default("persuasion"));
    assert_int_equal(p.rounds, (size_t)ns_param_default("rounds"));
    assert_true(p.consensus.summary_available);
    assert_true(ns_param_default("qmv_threshold") == NS_PROCESS_QMV_THRESHOLD);
    assert_true(isnan(ns_param_default("nosuch")));
    ns_diffusion_params_t d;
    ns_diffusion_params_default(&d);
    assert_true(d.spont_rate == 0.000311);
    assert_true(d.tipping == 1.0 / 3.0);
    assert_true(d.theta_median == ns_param_default("diffusion.theta_median"));
    assert_null(d.impl_layer);
}

/* Unknown keys: NS_EINVAL naming the key and the nearest declared names. */
static void test_unknown_keys(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(ns_param_check(f->ctx, f->w, "will_scal", 3), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "will_scal: unknown parameter"));
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "'will_scale'"));
    assert_int_equal(ns_param_check(f->ctx, f->w, "forum_shoping", 0.2), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "'forum_shopping'"));
    assert_int_equal(ns_param_check(f->ctx, f->w, "summary_availble.B", 0), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "'summary_available.<BODY>'"));
    assert_int_equal(ns_param_check(f->ctx, f->w, "diffusion.theta_medain", 0.5), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "'diffusion.theta_median'"));
    /* Nothing near: no suggestion, but the listing command. */
    assert_int_equal(ns_param_check(f->ctx, f->w, "zzzzzzzzzzzz", 1), NS_EINVAL);
    assert_null(strstr(ns_ctx_errmsg(f->ctx), "did you mean"));
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "normsim params"));
    /* A plain key given a suffix, and a pattern given none. */
    assert_int_equal(ns_param_check(f->ctx, f->w, "will_scale.B", 1), NS_EINVAL);
    assert_int_equal(ns_param_check(f->ctx, f->w, "qmv_threshold", 0.5), NS_EINVAL);
}

/* Suffixes name a body of the world or a camp. */
static void test_suffixes(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(ns_param_check(f->ctx, f->w, "summary_available.B", 0), NS_OK);
    assert_int_equal(ns_param_check(f->ctx, f->w, "summary_available.C", 0), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "names no body"));
    assert_int_equal(ns_param_check(f->ctx, f->w, "consult_regional.", 1), NS_ENOTFOUND);
    assert_int_equal(ns_param_check(f->ctx, NULL, "summary_available.C", 0), NS_OK);
    assert_int_equal(ns_param_check(f->ctx, f->w, "cohesion.NATO", 0.5), NS_OK);
    assert_int_equal(ns_param_check(f->ctx, f->w, "cohesion.NAT0", 0.5), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "'NATO'"));
    assert_int_equal(ns_param_check(f->ctx, f->w, "cohesion.WARSAW", 0.5), NS_ENOTFOUND);
}

/* Ranges and types: reals (closed and open bounds), ints, switches, enums. */
static void test_ranges(void **state)
{
    fixture_t *f = *state;
    static const struct {
        const char *key;
        double value;
        ns_status want;
    } cases[] = {
        {"forum_shopping", 0, NS_OK},
        {"forum_shopping", 1, NS_OK},
        {"forum_shopping", 1.01, NS_ERANGE},
        {"forum_shopping", -0.01, NS_ERANGE},
        {"will_scale", 1e6, NS_OK},
        {"will_scale", 1e308, NS_ERANGE}, /* every paragraph 0 before the bound */
        {"will_scale", INFINITY, NS_ERANGE},
        {"will_scale", NAN, NS_ERANGE},
        {"rounds", 20, NS_OK},
        {"rounds", 21, NS_ERANGE},
        {"rounds", 1.5, NS_ERANGE},
        {"summary_available", 1, NS_OK},
        {"summary_available", 0.5, NS_ERANGE},
        {"loss", 1, NS_OK},
        {"loss", 2, NS_ERANGE},
        {"dynamics", 0.5, NS_ERANGE},
        {"qmv_threshold.B", 1, NS_OK},
        {"qmv_threshold.B", 0, NS_ERANGE},      /* (0, 1] */
        {"diffusion.spont_rate", 1, NS_ERANGE}, /* [0, 1) */
        {"diffusion.theta_median", 0, NS_ERANGE},
        {"diffusion.impl_layer.regional", 1, NS_OK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ns_status st = ns_param_check(f->ctx, f->w, cases[i].key, cases[i].value);
        if (st != cases[i].want) {
            fail_msg("%s = %g: status %d, want %d (%s)", cases[i].key, cases[i].value, st,
                     cases[i].want, ns_ctx_errmsg(f->ctx));
        }
        if (st != NS_OK) {
            assert_non_null(strstr(ns_ctx_errmsg(f->ctx), cases[i].key));
        }
    }
    char buf[64];
    assert_string_equal(ns_param_format_range(ns_param_def_find("qmv_threshold"), buf, sizeof buf),
                        "(0, 1]");
    assert_string_equal(ns_param_format_range(ns_param_def_find("loss"), buf, sizeof buf),
                        "0 linear, 1 quadratic");
    assert_string_equal(ns_param_format_key(ns_param_def_find("cohesion"), buf, sizeof buf),
                        "cohesion");
}

/* The readers refuse what the registry refuses: a misspelt key set on the world was
 * ignored by ns_process_params_read and ns_diffusion_params_from_world before. */
static void test_readers_refuse(void **state)
{
    fixture_t *f = *state;
    ns_world_t *c = NULL;
    ns_process_params_t p;
    ns_diffusion_params_t d;
    assert_int_equal(ns_world_copy(f->ctx, f->w, &c), NS_OK);
    assert_int_equal(ns_world_set_param(f->ctx, c, "will_scale", 3), NS_OK);
    assert_int_equal(ns_world_set_param(f->ctx, c, "cohesion.EU", 0.5), NS_OK);
    ns_process_params_default(&p);
    assert_int_equal(ns_process_params_read(f->ctx, c, &p), NS_OK);
    assert_true(p.will_scale == 3);
    assert_true(p.camp_cohesion[1] == 0.5);
    assert_int_equal(ns_world_set_param(f->ctx, c, "will_scal", 3), NS_OK);
    assert_int_equal(ns_process_params_read(f->ctx, c, &p), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "will_scal"));
    ns_diffusion_params_default(&d);
    assert_int_equal(ns_diffusion_params_from_world(f->ctx, c, &d), NS_EINVAL);
    ns_world_free(c);

    assert_int_equal(ns_world_copy(f->ctx, f->w, &c), NS_OK);
    assert_int_equal(ns_world_set_param(f->ctx, c, "diffusion.impl_layer.camp", 1), NS_OK);
    assert_int_equal(ns_world_set_param(f->ctx, c, "diffusion.impl_layer.group", 1), NS_OK);
    ns_diffusion_params_default(&d);
    assert_int_equal(ns_diffusion_params_from_world(f->ctx, c, &d), NS_ERANGE);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "one layer"));
    ns_world_free(c);
}

typedef struct diags {
    size_t n;
    int line[4];
    char field[4][128];
} diags_t;

static void collect(const ns_diag_t *d, void *user)
{
    diags_t *g = user;
    if (g->n < 4) {
        g->line[g->n] = d->line;
        snprintf(g->field[g->n], sizeof g->field[g->n], "%s", d->field);
    }
    g->n++;
}

/* A scenario's unknown key and its suffix naming a body the scenario adds later: each
 * problem at its line; `parameters: {forum_shoping: 0.2}` was accepted before. */
static void test_scenario_keys(void **state)
{
    fixture_t *f = *state;
    static const char text[] = "normsim: 1\n"
                               "base: none\n"
                               "parameters:\n"
                               "  forum_shoping: 0.2\n"
                               "  summary_available.X: 0\n"
                               "  summary_available.Y: 0\n"
                               "  will_scale: 1e308\n"
                               "states: [ { iso3: AAA } ]\n"
                               "bodies:\n"
                               "  - { id: X, members: [AAA] }\n";
    ns_scenario_t *sc = NULL;
    diags_t g;
    memset(&g, 0, sizeof g);
    assert_int_equal(ns_scenario_load_mem(f->ctx, "s.yaml", text, sizeof text - 1, &sc), NS_OK);
    size_t n = 0;
    assert_int_not_equal(ns_scenario_check(f->ctx, sc, NULL, collect, &g, &n), NS_OK);
    assert_int_equal(n, 3);
    assert_int_equal(g.line[0], 4);
    assert_string_equal(g.field[0], "parameters.forum_shoping");
    assert_int_equal(g.line[1], 6);
    assert_string_equal(g.field[1], "parameters.summary_available.Y");
    assert_int_equal(g.line[2], 7);
    ns_scenario_free(sc);
}

/* The listing: one row per declaration of an owner; an unknown owner is NS_ENOTFOUND. */
static void test_rows(void **state)
{
    fixture_t *f = *state;
    ns_rows_t *rows = NULL;
    size_t n_process = 0;
    for (size_t i = 0; i < ns_param_def_count(); i++) {
        n_process += strcmp(ns_param_def_get(i)->owner, "process") == 0;
    }
    assert_int_equal(ns_param_rows(f->ctx, "process", &rows), NS_OK);
    assert_int_equal(ns_rows_count(rows), n_process);
    assert_string_equal(ns_rows_cell(rows, 0, 1), "forum_shopping");
    ns_rows_free(rows);
    assert_int_equal(ns_param_rows(f->ctx, "eum", &rows), NS_OK);
    assert_true(ns_rows_count(rows) > 0);
    assert_string_equal(ns_rows_cell(rows, 0, 0), "eum");
    ns_rows_free(rows);
    assert_int_equal(ns_param_rows(f->ctx, "frontier", &rows), NS_OK);
    assert_int_equal(ns_rows_count(rows), 3);
    ns_rows_free(rows);
    assert_int_equal(ns_param_rows(f->ctx, NULL, &rows), NS_OK);
    assert_true(ns_rows_count(rows) > ns_param_def_count());
    ns_rows_free(rows);
    assert_int_equal(ns_param_rows(f->ctx, "nosuch", &rows), NS_ENOTFOUND);
    assert_null(rows);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "process, diffusion"));
}

/* Out of memory at every allocation of the listing: NS_ENOMEM, nothing returned, nothing
 * leaked (the sanitizer build checks the last). A NULL key is NS_EINVAL. */
static void test_rows_out_of_memory(void **state)
{
    (void)state;
    failing_alloc_t fa;
    bool passed = false;
    for (long k = 1; k < 100000 && !passed; k++) {
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_rows_t *rows = NULL;
        ns_status st = ns_param_rows(ctx, NULL, &rows);
        if (st == NS_OK) {
            passed = true;
            assert_true(ns_rows_count(rows) > 0);
            ns_rows_free(rows);
        } else {
            assert_int_equal(st, NS_ENOMEM);
            assert_null(rows);
        }
        ns_ctx_free(ctx);
    }
    assert_true(passed);
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_param_check(ctx, NULL, NULL, 1), NS_EINVAL);
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_well_formed),
        cmocka_unit_test(test_defaults_from_registry),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_suffixes),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_readers_refuse),
        cmocka_unit_test(test_scenario_keys),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_rows_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
