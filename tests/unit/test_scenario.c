/* Scenario files: a world from scratch, overrides of the UN world, every class of error
 * with its status and line, and out-of-memory at every allocation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

/* Load text and build its world. */
static ns_status build(ns_ctx_t *ctx, const char *text, ns_world_t **world)
{
    ns_scenario_t *sc = NULL;
    *world = NULL;
    ns_status st = ns_scenario_load_mem(ctx, "t.yaml", text, strlen(text), &sc);
    if (st == NS_OK) {
        st = ns_scenario_build_world(ctx, sc, NULL, world);
    }
    ns_scenario_free(sc);
    return st;
}

/* A world from scratch: three states on two dimensions and one body. */
static const char scratch[] = "normsim: 1\n"
                              "name: tiny\n"
                              "base: none\n"
                              "seed: 12345678901\n"
                              "parameters: { forum_shopping: 0.25 }\n"
                              "dimensions:\n"
                              "  - { id: ihl, label: IHL }\n"
                              "  - { id: tax, min: -1, max: 1, silence: 0.5 }\n"
                              "states:\n"
                              "  - { iso3: AAA, name: Aland, group: WEOG, p5: true,\n"
                              "      capability: 2.5, will: 0.5,\n"
                              "      positions: { ihl: { x: 90, sd: 5, salience: 0.9 },\n"
                              "                   tax: -0.5 } }\n"
                              "  - { iso3: BBB, member_since: 1960, group: AFR }\n"
                              "  - { iso3: CCC }\n"
                              "bodies:\n"
                              "  - { id: B1, membership: list, members: [CCC, AAA],\n"
                              "      decision: k_of_n, k: 2, chair: AAA, mandate: [tax],\n"
                              "      start_year: 2001, end_year: 2003, stakeholders: true }\n";

static void test_scratch_world(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_scenario_t *sc = NULL;
    ns_world_t *w = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_scenario_load_mem(ctx, "t.yaml", scratch, strlen(scratch), &sc), NS_OK);
    assert_string_equal(ns_scenario_name(sc), "tiny");
    assert_true(ns_scenario_seed(sc) == 12345678901ULL);
    assert_int_equal(ns_scenario_base(sc), NS_BASE_NONE);
    size_t n = 99;
    assert_int_equal(ns_scenario_check(ctx, sc, NULL, NULL, NULL, &n), NS_OK);
    assert_int_equal(n, 0);
    assert_int_equal(ns_scenario_build_world(ctx, sc, NULL, &w), NS_OK);

    assert_int_equal(ns_world_state_count(w), 3);
    assert_int_equal(ns_world_dimension_count(w), 2);
    assert_int_equal(ns_world_body_count(w), 1);
    const ns_state_t *a = ns_world_state(w, 0);
    assert_string_equal(a->iso3, "AAA");
    assert_string_equal(a->name, "Aland");
    assert_int_equal(a->group, NS_GROUP_WEOG);
    assert_true(a->p5);
    assert_int_equal(a->member_since, 1945); /* the default */
    const ns_state_t *b = ns_world_state(w, 1);
    assert_string_equal(b->name, "BBB"); /* the name defaults to the code */
    assert_int_equal(b->group, NS_GROUP_AFRICAN);
    assert_int_equal(b->member_since, 1960);
    assert_false(b->p5);

    /* Dimensions: defaults 0..100 with silence at the midpoint, and the given scale. */
    const ns_dimension_t *ihl = ns_world_dimension(w, 0);
    assert_string_equal(ihl->id, "ihl");
    assert_true(ihl->scale_min == 0 && ihl->scale_max == 100 && ihl->silence == 50);
    const ns_dimension_t *tax = ns_world_dimension(w, 1);
    assert_true(tax->scale_min == -1 && tax->scale_max == 1 && tax->silence == 0.5);

    const ns_position_t *p = ns_world_position(w, NS_ACTOR_STATE, 0, 0);
    assert_non_null(p);
    assert_true(p->x == 90 && p->sd == 5 && p->salience == 0.9);
    p = ns_world_position(w, NS_ACTOR_STATE, 0, 1);
    assert_true(p->x == -0.5 && p->sd == 0 && isnan(p->salience)); /* bare number: x only */
    p = ns_world_position(w, NS_ACTOR_STATE, 2, 0);
    assert_true(isnan(p->x)); /* never given */
    assert_true(ns_world_capability(w, 0) == 2.5);
    assert_true(ns_world_will(w, 0) == 0.5);
    double v = 0;
    assert_int_equal(ns_world_param(w, "forum_shopping", &v), NS_OK);
    assert_true(v == 0.25);

    const ns_body_t *body = ns_world_body(w, 0);
    assert_string_equal(body->id, "B1");
    assert_int_equal(body->membership, NS_MEMBERS_LIST);
    assert_int_equal(body->decision, NS_DECIDE_K_OF_N);
    assert_int_equal(body->k, 2);
    assert_int_equal(body->chair, 0);
    assert_int_equal(body->start_year, 2001);
    assert_int_equal(body->end_year, 2003);
    assert_true(body->stakeholders_consulted);
    assert_int_equal(body->n_members, 2);
    assert_int_equal(body->members[0], 2); /* CCC, in the order given */
    assert_int_equal(body->members[1], 0); /* AAA */
    assert_int_equal(body->n_mandate, 1);
    assert_int_equal(body->mandate[0], 1); /* tax */

    ns_world_free(w);
    ns_scenario_free(sc);
    ns_ctx_free(ctx);
}

/* Overriding a state of the UN world changes that state's given fields only. */
static void test_un_override(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_world_t *base = NULL;
    ns_world_t *w = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    if (ns_data_load(ctx, NULL, &base) != NS_OK) {
        ns_ctx_free(ctx);
        skip(); /* the built-in data is another module's test */
    }
    const char *text = "normsim: 1\n"
                       "base: un\n"
                       "states:\n"
                       "  - iso3: USA\n"
                       "    will: 0.7\n"
                       "    positions:\n"
                       "      ihl: { salience: 0.3 }\n"
                       "      cbm: 12\n"
                       "bodies:\n"
                       "  - { id: MINI, members: [USA, CUB], chair: CUB }\n";
    assert_int_equal(build(ctx, text, &w), NS_OK);
    size_t usa = 0, cub = 0, ihl = 0, cbm = 0, mini = 0;
    assert_int_equal(ns_world_find_state(ctx, w, "USA", &usa), NS_OK);
    assert_int_equal(ns_world_find_state(ctx, w, "CUB", &cub), NS_OK);
    assert_int_equal(ns_world_find_dimension(ctx, w, "ihl", &ihl), NS_OK);
    assert_int_equal(ns_world_find_dimension(ctx, w, "cbm", &cbm), NS_OK);
    assert_int_equal(ns_world_state_count(w), ns_world_state_count(base));
    assert_int_equal(ns_world_body_count(w), ns_world_body_count(base) + 1);

    assert_true(ns_world_will(w, usa) == 0.7);
    const ns_position_t *before = ns_world_position(base, NS_ACTOR_STATE, usa, ihl);
    const ns_position_t *after = ns_world_position(w, NS_ACTOR_STATE, usa, ihl);
    assert_true(after->salience == 0.3);
    /* x and sd were not given: they keep the data's values (NaN compares by class). */
    assert_true(after->x == before->x || (isnan(after->x) && isnan(before->x)));
    assert_true(after->sd == before->sd);
    assert_true(ns_world_position(w, NS_ACTOR_STATE, usa, cbm)->x == 12);
    /* Cuba was not named among the states: unchanged. */
    const ns_position_t *c0 = ns_world_position(base, NS_ACTOR_STATE, cub, ihl);
    const ns_position_t *c1 = ns_world_position(w, NS_ACTOR_STATE, cub, ihl);
    assert_true(c0->x == c1->x || (isnan(c0->x) && isnan(c1->x)));
    assert_true(ns_world_will(w, cub) == ns_world_will(base, cub));

    assert_int_equal(ns_world_find_body(ctx, w, "MINI", &mini), NS_OK);
    const ns_body_t *b = ns_world_body(w, mini);
    assert_int_equal(b->n_members, 2);
    assert_int_equal(b->members[0], usa);
    assert_int_equal(b->chair, (long)cub);
    assert_int_equal(b->decision, NS_DECIDE_CONSENSUS);

    ns_world_free(w);
    ns_world_free(base);
    ns_ctx_free(ctx);
}

/* One scenario per class of error: the status and the line (and column) where it is.
 * Lines are counted by hand from the text. */
typedef struct bad_case {
    const char *what;
    const char *text;
    ns_status status;
    int line;
    int col; /* 0: not checked */
} bad_case_t;

#define HEAD "normsim: 1\nbase: none\n"
#define DIMS "dimensions: [ { id: ihl } ]\n"

static const bad_case_t bad_cases[] = {
    {"syntax error", HEAD "states:\n  - { iso3: AAA }}\n", NS_EPARSE, 4, 0},
    {"unknown top key", HEAD "sead: 3\n", NS_EINVAL, 3, 1},
    {"unknown nested key", HEAD DIMS "states:\n  - { iso3: AAA, positions: { ihl: { y: 3 } } }\n",
     NS_EINVAL, 5, 38},
    {"unknown member",
     HEAD "states: [ { iso3: AAA } ]\nbodies:\n  - { id: B, members: [AAA, ZZZ] }\n", NS_ENOTFOUND,
     5, 29},
    {"unknown dimension", HEAD DIMS "states:\n  - { iso3: AAA, positions: { ihk: 3 } }\n",
     NS_ENOTFOUND, 5, 31},
    {"salience out of range",
     HEAD DIMS "states:\n  - { iso3: AAA,\n      positions: { ihl: { salience: 1.5 } } }\n",
     NS_ERANGE, 6, 37},
    {"position outside scale", HEAD DIMS "states:\n  - { iso3: AAA, positions: { ihl: 101 } }\n",
     NS_ERANGE, 5, 36},
    {"negative capability", HEAD "states:\n  - { iso3: AAA, capability: -1 }\n", NS_ERANGE, 4, 30},
    {"negative will", HEAD "states:\n  - { iso3: AAA, will: -0.1 }\n", NS_ERANGE, 4, 24},
    {"year", HEAD "states:\n  - { iso3: AAA, member_since: 1900 }\n", NS_ERANGE, 4, 32},
    {"nan", HEAD "states:\n  - { iso3: AAA, will: .nan }\n", NS_ERANGE, 4, 24},
    {"inf", HEAD "parameters: { b: .inf }\n", NS_ERANGE, 3, 18},
    {"duplicate state", HEAD "states:\n  - { iso3: AAA }\n  - { iso3: AAA }\n", NS_EINVAL, 5, 13},
    {"duplicate body",
     HEAD "states: [ { iso3: AAA } ]\nbodies:\n  - { id: B, members: [AAA] }\n"
          "  - { id: B, members: [AAA] }\n",
     NS_EINVAL, 6, 11},
    {"duplicate dimension", HEAD "dimensions: [ { id: d }, { id: d } ]\n", NS_EINVAL, 3, 32},
    {"duplicate member",
     HEAD "states: [ { iso3: AAA } ]\nbodies:\n  - { id: B, members: [AAA, AAA] }\n", NS_EINVAL, 5,
     29},
    {"duplicate key", HEAD "seed: 1\nseed: 2\n", NS_EINVAL, 4, 1},
    {"text for a number", HEAD "states:\n  - { iso3: AAA, will: high }\n", NS_EINVAL, 4, 24},
    {"quoted number", HEAD "states:\n  - { iso3: AAA, will: \"0.5\" }\n", NS_EINVAL, 4, 24},
    {"list for a mapping", HEAD "states:\n  - [AAA]\n", NS_EINVAL, 4, 5},
    {"mapping for a list", HEAD "states: { iso3: AAA }\n", NS_EINVAL, 3, 9},
    {"not a mapping", "- normsim\n", NS_EINVAL, 1, 1},
    {"missing version", "base: none\n", NS_EINVAL, 1, 1},
    {"wrong version", "normsim: 2\n", NS_EINVAL, 1, 10},
    {"empty", "", NS_EPARSE, 1, 1},
    {"comments only", "# nothing here\n", NS_EPARSE, 1, 1},
    {"truncated", HEAD "states:\n  - { iso3: AAA, positions: { ihl: { x: 3", NS_EPARSE, 4, 0},
    {"alias", HEAD "seed: &s 3\nname: *s\n", NS_EPARSE, 4, 7},
    {"list without members", HEAD "bodies:\n  - { id: B, membership: list }\n", NS_EINVAL, 4, 5},
    {"chair not member",
     HEAD "states: [ { iso3: AAA }, { iso3: BBB } ]\n"
          "bodies:\n  - { id: B, members: [AAA], chair: BBB }\n",
     NS_EINVAL, 5, 37},
    {"k above members",
     HEAD "states: [ { iso3: AAA } ]\n"
          "bodies:\n  - { id: B, members: [AAA], decision: k_of_n, k: 2 }\n",
     NS_ERANGE, 5, 51},
    {"negative seats", HEAD "bodies:\n  - { id: B, membership: open, seats: -3 }\n", NS_ERANGE, 4,
     39},
    {"bad iso3", HEAD "states: [ { iso3: usa } ]\n", NS_EINVAL, 3, 19},
    {"bad base", "normsim: 1\nbase: mars\n", NS_EINVAL, 2, 7},
};

static void test_every_error_class(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case_t *c = &bad_cases[i];
        ns_world_t *w = NULL;
        ns_ctx_clear_error(ctx);
        ns_status st = build(ctx, c->text, &w);
        print_message("%-24s -> %s\n", c->what, ns_ctx_errmsg(ctx));
        if (st != c->status || ns_ctx_errline(ctx) != c->line ||
            (c->col != 0 && ns_ctx_errcol(ctx) != c->col)) {
            fail_msg("%s: got status %d at %d:%d (%s), expected %d at %d:%d", c->what, st,
                     ns_ctx_errline(ctx), ns_ctx_errcol(ctx), ns_ctx_errmsg(ctx), c->status,
                     c->line, c->col);
        }
        assert_null(w);
        assert_string_equal(ns_ctx_errfile(ctx), "t.yaml");
        /* The message names the place. */
        char place[32];
        snprintf(place, sizeof place, "t.yaml:%d:", c->line);
        assert_non_null(strstr(ns_ctx_errmsg(ctx), place));
    }
    ns_ctx_free(ctx);
}

static void test_suggestions(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_world_t *w = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(build(ctx, HEAD "states: [ { iso3: AAA, capabilty: 1 } ]\n", &w), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "did you mean 'capability'"));
    assert_string_equal(ns_ctx_errfield(ctx), "states[AAA].capabilty");
    assert_int_equal(build(ctx, HEAD DIMS "states: [ { iso3: AAA, positions: { ihk: 1 } } ]\n", &w),
                     NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "did you mean 'ihl'"));
    ns_ctx_free(ctx);
}

typedef struct seen {
    size_t n;
    int lines[8];
    ns_status status[8];
} seen_t;

static void collect(const ns_diag_t *d, void *user)
{
    seen_t *s = user;
    if (s->n < 8) {
        s->lines[s->n] = d->line;
        s->status[s->n] = d->status;
    }
    s->n++;
}

/* Every problem is reported, not only the first, each at its own line. */
static void test_reports_every_problem(void **state)
{
    (void)state;
    const char *text = HEAD DIMS                                    /* lines 1-3 */
        "states:\n"                                                 /* 4 */
        "  - { iso3: AAA, will: -1 }\n"                             /* 5: negative will */
        "  - { iso3: BBB, colour: red }\n"                          /* 6: unknown key */
        "  - { iso3: CCC, positions: { ihl: { salience: 2 } } }\n"; /* 7: out of range */
    ns_ctx_t *ctx = NULL;
    ns_scenario_t *sc = NULL;
    seen_t seen;
    memset(&seen, 0, sizeof seen);
    size_t n = 0;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_scenario_load_mem(ctx, "t.yaml", text, strlen(text), &sc), NS_OK);
    assert_int_equal(ns_scenario_check(ctx, sc, NULL, collect, &seen, &n), NS_ERANGE);
    assert_int_equal(n, 3);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.lines[0], 5);
    assert_int_equal(seen.lines[1], 6);
    assert_int_equal(seen.lines[2], 7);
    assert_int_equal(seen.status[0], NS_ERANGE);
    assert_int_equal(seen.status[1], NS_EINVAL);
    assert_int_equal(seen.status[2], NS_ERANGE);
    /* The context holds the first. */
    assert_int_equal(ns_ctx_errline(ctx), 5);
    ns_scenario_free(sc);
    ns_ctx_free(ctx);
}

static void test_files_and_limits(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_scenario_t *sc = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);

    assert_int_equal(ns_scenario_load_file(ctx, "/nonexistent/dir/s.yaml", &sc), NS_ENOTFOUND);
    assert_null(sc);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "/nonexistent/dir/s.yaml"));
    /* A folder is not a regular file: bad input (exit 2). */
    assert_int_equal(ns_scenario_load_file(ctx, "/", &sc), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "not a regular file"));

    /* Binary garbage: a NUL byte and invalid UTF-8. */
    const char garbage[] = {'\x7f', 'E', 'L', 'F', '\0', '\xff', '\xfe', '\n'};
    assert_int_equal(ns_scenario_load_mem(ctx, "g.bin", garbage, sizeof garbage, &sc), NS_EPARSE);
    assert_int_equal(ns_ctx_errline(ctx), 1);

    /* A list one item over the limit: "[0,0,...,0]". */
    size_t items = NS_SCENARIO_MAX_ITEMS + 1;
    char *big = malloc(2 * items + 16);
    assert_non_null(big);
    size_t len = 0;
    len += (size_t)sprintf(big, "x: [");
    for (size_t i = 0; i < items; i++) {
        big[len++] = '0';
        big[len++] = ',';
    }
    big[len - 1] = ']';
    assert_int_equal(ns_scenario_load_mem(ctx, "big.yaml", big, len, &sc), NS_ELIMIT);
    /* At the limit itself it loads. */
    memcpy(big + len - 3, "]  ", 3);
    assert_int_equal(ns_scenario_load_mem(ctx, "big.yaml", big, len, &sc), NS_OK);
    ns_scenario_free(sc);
    sc = NULL;
    free(big);

    /* A file over 64 MiB is refused (a sparse file: no disk space used). */
    char path[] = "/tmp/ns_scenario_big_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)NS_SCENARIO_MAX_BYTES + 1), 0);
    close(fd);
    assert_int_equal(ns_scenario_load_file(ctx, path, &sc), NS_ELIMIT);
    unlink(path);

    /* Deep nesting is refused, not recursed into. */
    char deep[400];
    memset(deep, '[', 200);
    memset(deep + 200, ']', 200);
    assert_int_equal(ns_scenario_load_mem(ctx, "deep.yaml", deep, sizeof deep, &sc), NS_ELIMIT);
    ns_ctx_free(ctx);
}

/* Out of memory at each allocation in turn: every failure is NS_ENOMEM, nothing leaks
 * (AddressSanitizer's leak check), and once no allocation fails the world is whole. */
static void test_fault_injection(void **state)
{
    (void)state;
    failing_alloc_t fa;
    long k = 1;
    for (;; k++) {
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_world_t *w = NULL;
        ns_status st = build(ctx, scratch, &w);
        if (st == NS_OK) {
            assert_int_equal(ns_world_state_count(w), 3);
            assert_int_equal(ns_world_body_count(w), 1);
            ns_world_free(w);
            ns_ctx_free(ctx);
            break;
        }
        ns_ctx_free(ctx);
        if (st != NS_ENOMEM) {
            fail_msg("allocation %ld failed: status %d, expected NS_ENOMEM", k, st);
        }
        assert_null(w);
        assert_true(k < 100000);
    }
    print_message("load+build survived %ld failing allocations\n", k - 1);
    assert_true(k > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scratch_world),         cmocka_unit_test(test_un_override),
        cmocka_unit_test(test_every_error_class),     cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_reports_every_problem), cmocka_unit_test(test_files_and_limits),
        cmocka_unit_test(test_fault_injection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
