/* Networks of states: layers and weights, exposure, the world's organisation and group
 * layers by year, and edge lists with their errors (file:line).
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

static void test_layers_and_weights(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_net_t *net = NULL;
    size_t a, b, again;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_net_new(ctx, 3, &net), NS_OK);
    assert_int_equal(ns_net_add_layer(ctx, net, "a", 1.0, &a), NS_OK);
    assert_int_equal(ns_net_add_layer(ctx, net, "b", 0.5, &b), NS_OK);
    assert_int_equal(ns_net_add_tie(ctx, net, a, 0, 1, 2.0), NS_OK);
    assert_int_equal(ns_net_add_tie(ctx, net, b, 1, 0, 4.0), NS_OK);
    assert_int_equal(ns_net_add_tie(ctx, net, b, 1, 2, 1.0), NS_OK);
    /* X = 1 * 2 + 0.5 * 4 = 4 for 0-1, symmetric; 0.5 for 1-2; 0 for 0-2. */
    assert_true(ns_net_tie(net, SIZE_MAX, 0, 1) == 4.0);
    assert_true(ns_net_tie(net, SIZE_MAX, 1, 0) == 4.0);
    assert_true(ns_net_tie(net, SIZE_MAX, 2, 1) == 0.5);
    assert_true(ns_net_tie(net, SIZE_MAX, 0, 2) == 0.0);
    assert_true(ns_net_tie(net, b, 0, 1) == 4.0);
    /* Re-adding a layer by name finds it and replaces its weight: X_01 = 2 + 2 * 4. */
    assert_int_equal(ns_net_add_layer(ctx, net, "b", 2.0, &again), NS_OK);
    assert_int_equal(again, b);
    assert_int_equal(ns_net_layer_count(net), 2);
    assert_true(ns_net_tie(net, SIZE_MAX, 0, 1) == 10.0);
    assert_string_equal(ns_net_layer_name(net, a), "a");
    assert_null(ns_net_layer_name(net, 9));
    assert_true(isnan(ns_net_layer_weight(net, 9)));
    /* Errors. */
    assert_int_equal(ns_net_add_tie(ctx, net, a, 1, 1, 1.0), NS_EINVAL);
    assert_int_equal(ns_net_add_tie(ctx, net, a, 0, 1, -1.0), NS_ERANGE);
    assert_int_equal(ns_net_add_tie(ctx, net, 7, 0, 1, 1.0), NS_EINVAL);
    assert_int_equal(ns_net_add_layer(ctx, net, "c", NAN, NULL), NS_ERANGE);
    assert_int_equal(ns_net_set_layer_weight(ctx, net, a, -2), NS_ERANGE);
    ns_net_free(net);
    assert_int_equal(ns_net_new(ctx, 0, &net), NS_EINVAL);
    assert_null(net);
    ns_net_free(NULL);
    ns_ctx_free(ctx);
}

/* A star (centre 0, leaves 1, 2, 3 with tie weights 1, 1, 2) and an isolated state 4.
 * With only leaf 3 adopting, the centre's exposure is 2 / (1 + 1 + 2) = 1/2; leaf 1
 * sees its only contact, the centre, not adopting: 0; the isolated state has no ties:
 * 0. With the centre adopting, every leaf sees 1. */
static void test_exposure_known(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_net_t *net = NULL;
    size_t l;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_net_new(ctx, 5, &net), NS_OK);
    assert_int_equal(ns_net_add_layer(ctx, net, "star", 1.0, &l), NS_OK);
    assert_int_equal(ns_net_add_tie(ctx, net, l, 0, 1, 1), NS_OK);
    assert_int_equal(ns_net_add_tie(ctx, net, l, 0, 2, 1), NS_OK);
    assert_int_equal(ns_net_add_tie(ctx, net, l, 0, 3, 2), NS_OK);
    double a[5] = {0, 0, 0, 1, 0}, e[5];
    ns_net_exposure(net, SIZE_MAX, a, e);
    assert_true(e[0] == 0.5);
    assert_true(e[1] == 0 && e[2] == 0 && e[3] == 0 && e[4] == 0);
    double c[5] = {1, 0, 0, 0, 0};
    ns_net_exposure(net, l, c, e);
    assert_true(e[1] == 1 && e[2] == 1 && e[3] == 1 && e[0] == 0 && e[4] == 0);
    ns_net_free(net);
    ns_ctx_free(ctx);
}

/* A small world: AAA and BBB in the EU from 2004 (BBB) and 1958 (AAA), AAA and CCC in
 * NATO, AAA and BBB in WEOG, CCC African. */
static ns_world_t *small_world(ns_ctx_t *ctx)
{
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_new(ctx, &w), NS_OK);
    const char *codes[3] = {"AAA", "BBB", "CCC"};
    ns_ungroup_t groups[3] = {NS_GROUP_WEOG, NS_GROUP_WEOG, NS_GROUP_AFRICAN};
    for (int k = 0; k < 3; k++) {
        ns_state_t s;
        memset(&s, 0, sizeof s);
        memcpy(s.iso3, codes[k], 4);
        s.name = codes[k];
        s.group = groups[k];
        s.member_since = 1945;
        s.notes = "";
        assert_int_equal(ns_world_add_state(ctx, w, &s, NULL), NS_OK);
    }
    ns_org_t eu = {"EU", "European Union"}, nato = {"NATO", "NATO"};
    size_t ieu, inato;
    assert_int_equal(ns_world_add_org(ctx, w, &eu, &ieu), NS_OK);
    assert_int_equal(ns_world_add_org(ctx, w, &nato, &inato), NS_OK);
    ns_membership_t m[4] = {{0, ieu, 1958, 0, "member", NS_VERIFIED_YES},
                            {1, ieu, 2004, 0, "member", NS_VERIFIED_YES},
                            {0, inato, 1949, 0, "member", NS_VERIFIED_YES},
                            {2, inato, 1949, 0, "member", NS_VERIFIED_YES}};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(ns_world_add_membership(ctx, w, &m[k]), NS_OK);
    }
    return w;
}

static void test_world_layers_by_year(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = small_world(ctx);
    ns_net_t *net = NULL;
    size_t regional, camp, group;
    assert_int_equal(ns_net_from_world(ctx, w, 2000, &net), NS_OK);
    assert_int_equal(ns_net_find_layer(net, NS_LAYER_REGIONAL, &regional), NS_OK);
    assert_int_equal(ns_net_find_layer(net, NS_LAYER_CAMP, &camp), NS_OK);
    assert_int_equal(ns_net_find_layer(net, NS_LAYER_GROUP, &group), NS_OK);
    /* 2000: BBB not yet in the EU. */
    assert_true(ns_net_tie(net, regional, 0, 1) == 0);
    assert_true(ns_net_tie(net, camp, 0, 2) == 1);
    assert_true(ns_net_tie(net, group, 0, 1) == 1);
    assert_true(ns_net_tie(net, group, 0, 2) == 0);
    /* Whole network: camp 1 x 1 for AAA-CCC; group 0.5 x 1 for AAA-BBB. */
    assert_true(ns_net_tie(net, SIZE_MAX, 0, 2) == 1.0);
    assert_true(ns_net_tie(net, SIZE_MAX, 0, 1) == 0.5);
    ns_net_free(net);
    assert_int_equal(ns_net_from_world(ctx, w, 2010, &net), NS_OK);
    assert_true(ns_net_tie(net, regional, 0, 1) == 1);
    assert_true(ns_net_tie(net, SIZE_MAX, 0, 1) == 1.5);
    ns_net_free(net);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

static char *write_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/ns_test_edges_%ld.csv", (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void expect_edge_error(ns_ctx_t *ctx, const ns_world_t *w, const char *text, ns_status st,
                              int line, const char *field)
{
    ns_net_t *net = NULL;
    assert_int_equal(ns_net_new(ctx, 3, &net), NS_OK);
    char *path = write_file(text);
    assert_int_equal(ns_net_read_edges(ctx, net, w, path), st);
    assert_int_equal(ns_ctx_errline(ctx), line);
    assert_string_equal(ns_ctx_errfile(ctx), path);
    if (field != NULL) {
        assert_string_equal(ns_ctx_errfield(ctx), field);
    }
    unlink(path);
    ns_net_free(net);
}

static void test_edge_list(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = small_world(ctx);
    ns_net_t *net = NULL;
    assert_int_equal(ns_net_new(ctx, 3, &net), NS_OK);
    char *path = write_file("from,to,weight,layer\nAAA,BBB,2,trade\nBBB,CCC,1.5,trade\n"
                            "AAA,CCC,1,cert\nAAA,BBB,1,trade\n");
    assert_int_equal(ns_net_read_edges(ctx, net, w, path), NS_OK);
    unlink(path);
    size_t trade, cert;
    assert_int_equal(ns_net_find_layer(net, "trade", &trade), NS_OK);
    assert_int_equal(ns_net_find_layer(net, "cert", &cert), NS_OK);
    assert_true(ns_net_tie(net, trade, 1, 0) == 3.0); /* 2 + 1, undirected */
    assert_true(ns_net_tie(net, trade, 2, 1) == 1.5);
    assert_true(ns_net_tie(net, cert, 0, 2) == 1.0);
    ns_net_free(net);

    expect_edge_error(ctx, w, "from,to,weight,layer\nAAA,BBB,1,x\nAAA,ZZZ,1,x\n", NS_EINVAL, 3,
                      "to");
    expect_edge_error(ctx, w, "from,to,weight,layer\nAAA,BBB,-1,x\n", NS_ERANGE, 2, "weight");
    expect_edge_error(ctx, w, "from,to,weight,layer\nAAA,BBB,heavy,x\n", NS_EINVAL, 2, "weight");
    expect_edge_error(ctx, w, "from,to,weight\nAAA,BBB,1\n", NS_EPARSE, 1, NULL);
    expect_edge_error(ctx, w, "from,to,weight,layer\nAAA,BBB,1\n", NS_EINVAL, 2, NULL);
    expect_edge_error(ctx, w, "from,to,weight,layer\nAAA,AAA,1,x\n", NS_EINVAL, 2, "to");
    expect_edge_error(ctx, w, "from,to,weight,layer\nAAA,BBB,1,\n", NS_EINVAL, 2, "layer");
    expect_edge_error(ctx, w, "", NS_EPARSE, 1, NULL);

    assert_int_equal(ns_net_new(ctx, 3, &net), NS_OK);
    ns_status st = ns_net_read_edges(ctx, net, w, "/nonexistent/edges.csv");
    assert_true(st == NS_ENOTFOUND || st == NS_EIO);
    ns_net_free(net);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layers_and_weights),
        cmocka_unit_test(test_exposure_known),
        cmocka_unit_test(test_world_layers_by_year),
        cmocka_unit_test(test_edge_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
