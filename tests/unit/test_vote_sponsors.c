/* The sponsor rule of the vote model (docs/RECORD.md section 9): the mixture worked by
 * hand, the roles and shares on the built-in data against counts made independently
 * from the CSV files, that a sponsor row of a later text never changes an earlier
 * forecast, that without sponsor rows (in the world or in the file) the rule gives back
 * today's forecasts exactly, and the loader's errors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "data/loader.h"
#include "normsim/data.h"
#include "vote/vote_internal.h"

#include "test_util.h"

static ns_world_t *world; /* The built-in data, sponsor rows included. */
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

/* q = 0.75, r = 0.9 and a voter at p = (0.7, 0.2, 0.1) over (yes, abstain, no):
 *   sponsor: 0.9 (1, 0, 0) + 0.1 p = (0.97, 0.02, 0.01)          -> yes
 *   rival:   0.75 (0, 0, 1) + 0.25 p = (0.175, 0.05, 0.775)      -> no
 *   neither: p unchanged                                          -> yes */
static void test_mixture_by_hand(void **state)
{
    (void)state;
    ns__sponsor_rule_t rule = {0.75, 0.9, 1, 1, 10, 10};
    ns_vote_probs_t p = {0.7, 0.2, 0.1};
    ns_vote_probs_t s = ns__sponsor_apply(&rule, NS__ROLE_SPONSOR, p);
    assert_float_equal(s.yes, 0.97, 1e-12);
    assert_float_equal(s.abstain, 0.02, 1e-12);
    assert_float_equal(s.no, 0.01, 1e-12);
    ns_vote_probs_t r = ns__sponsor_apply(&rule, NS__ROLE_RIVAL, p);
    assert_float_equal(r.yes, 0.175, 1e-12);
    assert_float_equal(r.abstain, 0.05, 1e-12);
    assert_float_equal(r.no, 0.775, 1e-12);
    assert_int_equal(ns_vote_most_probable(r), NS_VOTE_NO);
    ns_vote_probs_t n = ns__sponsor_apply(&rule, NS__ROLE_NONE, p);
    assert_true(n.yes == p.yes && n.abstain == p.abstain && n.no == p.no);
    /* Shares of 0 (nothing to count on) leave every voter as the model has it. */
    ns__sponsor_rule_t off = {0, 0, 0, 0, 0, 0};
    ns_vote_probs_t o = ns__sponsor_apply(&off, NS__ROLE_RIVAL, p);
    assert_true(o.yes == p.yes && o.abstain == p.abstain && o.no == p.no);
}

static size_t rollcall_of(const ns__rollcalls_t *rcs, const char *symbol)
{
    size_t res = SIZE_MAX;
    assert_int_equal(ns_world_find_resolution(ctx, world, symbol, &res), NS_OK);
    for (size_t k = 0; k < rcs->n; k++) {
        if (rcs->items[k].res == res) {
            return k;
        }
    }
    fail_msg("%s is not a roll call", symbol);
    return SIZE_MAX;
}

static unsigned char role_of(const ns__rollcall_t *rc, const unsigned char *role, const char *iso3)
{
    for (size_t i = 0; i < rc->n; i++) {
        if (strcmp(ns_world_state(world, rc->state[i])->iso3, iso3) == 0) {
            return role[i];
        }
    }
    fail_msg("%s did not vote", iso3);
    return 0;
}

/* Counted by hand from data/unga_votes.csv and data/memberships.csv (2018): on 73/27
 * the Western-camp voters (NATO, EU, FiveEyes, none also SCO or CSTO) were 37, of whom
 * 36 voted no and Turkey abstained; on 73/266 the Eastern-camp voters were 8 (CHN, RUS
 * no; BLR, PAK abstain; IND, KAZ, TJK, UZB yes). So the forward q of 73/266 (only 73/27
 * before it has a competing draft) is 36/37, and of 74/247 (both before it) 38/45; the
 * leave-one-out q of 73/27 is 2/8. Every main sponsor voted yes on its own text. */
static void test_shares_known_answers(void **state)
{
    (void)state;
    ns__rollcalls_t rcs;
    assert_int_equal(ns__rollcalls_load(ctx, world, &rcs), NS_OK);
    size_t k27 = rollcall_of(&rcs, "A/RES/73/27");
    size_t k266 = rollcall_of(&rcs, "A/RES/73/266");
    size_t k187 = rollcall_of(&rcs, "A/RES/73/187");
    size_t k247 = rollcall_of(&rcs, "A/RES/74/247");
    ns__sponsor_rule_t rule;
    assert_int_equal(ns__sponsor_estimate(ctx, world, &rcs, k266, rcs.items[k266].res, &rule),
                     NS_OK);
    assert_float_equal(rule.q, 36.0 / 37.0, 1e-12);
    assert_int_equal(rule.n_q, 1);
    assert_float_equal(rule.r, 1.0, 1e-12);
    assert_int_equal(ns__sponsor_estimate(ctx, world, &rcs, k247, rcs.items[k247].res, &rule),
                     NS_OK);
    assert_float_equal(rule.q, 38.0 / 45.0, 1e-12);
    assert_int_equal(rule.n_q, 2);
    /* Nothing before 73/27 has a competing draft: its forward q is 0, the rule off. */
    assert_int_equal(ns__sponsor_estimate(ctx, world, &rcs, k27, rcs.items[k27].res, &rule), NS_OK);
    assert_true(rule.q == 0.0 && rule.n_q == 0);
    assert_int_equal(ns__sponsor_estimate(ctx, world, &rcs, k27, SIZE_MAX, &rule), NS_OK);
    assert_float_equal(rule.q, 2.0 / 8.0, 1e-12);

    /* Roles: on 73/266 the United States sponsors, Russia (the competing draft's main
     * sponsor, Eastern camp) is a rival, Brazil (no camp) neither; 73/187 (A/C.3/73)
     * has no competing draft. */
    const ns__rollcall_t *rc = &rcs.items[k266];
    unsigned char role[400];
    bool competing = false;
    assert_true(rc->n <= sizeof role);
    assert_int_equal(ns__sponsor_roles(ctx, world, rc->res, rc->sign, rc->year, rc->state, rc->n,
                                       role, &competing),
                     NS_OK);
    assert_true(competing);
    assert_int_equal(role_of(rc, role, "USA"), NS__ROLE_SPONSOR);
    assert_int_equal(role_of(rc, role, "RUS"), NS__ROLE_RIVAL);
    assert_int_equal(role_of(rc, role, "BRA"), NS__ROLE_NONE);
    rc = &rcs.items[k187];
    assert_int_equal(ns__sponsor_roles(ctx, world, rc->res, rc->sign, rc->year, rc->state, rc->n,
                                       role, &competing),
                     NS_OK);
    assert_false(competing);
    ns__rollcalls_destroy(&rcs);
}

static ns_vote_forecast_t *forecast(const ns_world_t *w, const char *symbol)
{
    ns_vote_request_t req;
    memset(&req, 0, sizeof req);
    req.resolution = symbol;
    ns_vote_forecast_t *f = NULL;
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_OK);
    return f;
}

/* Bit for bit: the same states, probabilities and votes. */
static void assert_same_forecast(const ns_vote_forecast_t *a, const ns_vote_forecast_t *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->rows[i].state, b->rows[i].state);
        assert_int_equal(a->rows[i].vote, b->rows[i].vote);
        assert_memory_equal(&a->rows[i].p, &b->rows[i].p, sizeof a->rows[i].p);
    }
}

/* The roll calls before 74/247 that can be forecast without a tally (60/45, the first,
 * has no earlier roll call to place it). */
static const char *const rollcalls[] = {"A/RES/61/54", "A/RES/62/17",  "A/RES/63/37", "A/RES/71/28",
                                        "A/RES/73/27", "A/RES/73/266", "A/RES/73/187"};

/* A world with every sponsor row of `symbol` left out (NULL: every row). */
static ns_world_t *without_rows_of(const char *symbol)
{
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_copy(ctx, world, &w), NS_OK);
    ns_world_drop_sponsorships(w);
    size_t res = SIZE_MAX;
    if (symbol != NULL) {
        assert_int_equal(ns_world_find_resolution(ctx, world, symbol, &res), NS_OK);
    }
    for (size_t k = 0; symbol != NULL && k < ns_world_sponsorship_count(world); k++) {
        const ns_sponsorship_t *s = ns_world_sponsorship(world, k);
        if (s->resolution != res) {
            assert_int_equal(ns_world_add_sponsorship(ctx, w, s), NS_OK);
        }
    }
    assert_int_equal(ns_world_set_param(ctx, w, "sponsors", 1), NS_OK);
    return w;
}

/* The 46 co-sponsor rows of 74/247 (voted 2019-12-27) never change the forecast of a
 * roll call voted before it, with the rule on. */
static void test_later_rows_never_change_earlier_forecasts(void **state)
{
    (void)state;
    ns_world_t *with = NULL;
    assert_int_equal(ns_world_copy(ctx, world, &with), NS_OK);
    assert_int_equal(ns_world_set_param(ctx, with, "sponsors", 1), NS_OK);
    ns_world_t *without = without_rows_of("A/RES/74/247");
    for (size_t k = 0; k < sizeof rollcalls / sizeof rollcalls[0]; k++) {
        ns_vote_forecast_t *a = forecast(with, rollcalls[k]);
        ns_vote_forecast_t *b = forecast(without, rollcalls[k]);
        assert_true(a->sponsors && b->sponsors);
        assert_same_forecast(a, b);
        ns_vote_forecast_free(a);
        ns_vote_forecast_free(b);
    }
    /* The same rows do change 74/247 itself (its co-sponsors lean yes). */
    ns_vote_forecast_t *a = forecast(with, "A/RES/74/247");
    ns_vote_forecast_t *b = forecast(without, "A/RES/74/247");
    bool differs = false;
    for (size_t i = 0; i < a->n; i++) {
        differs = differs || a->rows[i].p.yes != b->rows[i].p.yes;
    }
    assert_true(differs);
    ns_vote_forecast_free(a);
    ns_vote_forecast_free(b);
    ns_world_free(with);
    ns_world_free(without);
}

/* Without any sponsor row the rule, switched on, gives back the forecasts without it. */
static void test_no_rows_is_today(void **state)
{
    (void)state;
    ns_world_t *empty = without_rows_of(NULL);
    static const char *const all[] = {"A/RES/61/54",  "A/RES/71/28",  "A/RES/73/27",
                                      "A/RES/73/266", "A/RES/73/187", "A/RES/74/247"};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        ns_vote_forecast_t *today = forecast(world, all[k]);
        ns_vote_forecast_t *ruled = forecast(empty, all[k]);
        assert_false(today->sponsors);
        assert_true(ruled->sponsors);
        assert_true(ruled->sponsor_q == 0.0 && ruled->sponsor_r == 0.0);
        assert_same_forecast(today, ruled);
        ns_vote_forecast_free(today);
        ns_vote_forecast_free(ruled);
    }
    ns_world_free(empty);
}

/* sponsors.csv with only its header: the world has no sponsor row, and the rule on gives
 * back the forecasts of the built-in data without it, bit for bit. */
static void test_header_only_file_is_today(void **state)
{
    (void)state;
    static const char header[] = "resolution,draft_symbol,iso3,role,source,verified\n";
    ns_data_file_t f = {"sponsors.csv", header, sizeof header - 1};
    ns_world_t *w = NULL;
    assert_int_equal(ns__data_load_mem(ctx, NS_FILTER_ALL, &f, 1, &w), NS_OK);
    assert_int_equal(ns_world_sponsorship_count(w), 0);
    assert_int_equal(ns_world_set_param(ctx, w, "sponsors", 1), NS_OK);
    ns_vote_forecast_t *today = forecast(world, "A/RES/73/266");
    ns_vote_forecast_t *ruled = forecast(w, "A/RES/73/266");
    assert_same_forecast(today, ruled);
    ns_vote_forecast_free(today);
    ns_vote_forecast_free(ruled);
    ns_world_free(w);
}

/* Bad rows fail the load with the file, line and reason. */
static void test_bad_rows(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *want;
    } cases[] = {
        {"resolution,draft_symbol,iso3,role,source,verified\n"
         "A/RES/1/1,,RUS,sponsor,s,yes\n",
         "'A/RES/1/1' is not in unga_resolutions.csv"},
        {"resolution,draft_symbol,iso3,role,source,verified\n"
         "A/RES/73/27,,RUS,author,s,yes\n",
         "sponsors.csv:2:"},
        {"resolution,draft_symbol,iso3,role,source,verified\n"
         "A/RES/73/27,,XYZ,sponsor,s,yes\n",
         "sponsors.csv:2:"},
        {"resolution,draft_symbol,iso3,role,source,verified\n"
         "A/RES/73/27,,RUS,sponsor,,yes\n",
         "sponsors.csv:2:"},
        {"resolution,iso3,role,source,verified\n", "draft_symbol"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ns_data_file_t f = {"sponsors.csv", cases[k].text, strlen(cases[k].text)};
        ns_world_t *w = NULL;
        assert_true(ns__data_load_mem(ctx, NS_FILTER_ALL, &f, 1, &w) != NS_OK);
        assert_null(w);
        assert_non_null(strstr(ns_ctx_errmsg(ctx), cases[k].want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixture_by_hand),
        cmocka_unit_test(test_shares_known_answers),
        cmocka_unit_test(test_later_rows_never_change_earlier_forecasts),
        cmocka_unit_test(test_no_rows_is_today),
        cmocka_unit_test(test_header_only_file_is_today),
        cmocka_unit_test(test_bad_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
