/* The world container, built by hand: adders, lookups with their errors, deep copy,
 * positions, membership by year, GDP by year, parameters, and out-of-memory handling.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <math.h>
#include <string.h>

typedef struct fixture {
    ns_ctx_t *ctx;
    ns_world_t *w;
    size_t usa, rus, chn, ihl, sov, gge, nato;
} fixture_t;

static ns_state_t state(const char *iso3, const char *name, ns_ungroup_t g, bool p5, int since)
{
    ns_state_t s;
    memset(&s, 0, sizeof s);
    memcpy(s.iso3, iso3, 4);
    s.name = name;
    s.group = g;
    s.p5 = p5;
    s.member_since = since;
    s.notes = "";
    return s;
}

/* Three states, one organisation, two dimensions, one GGE with two members. */
static int setup(void **state_ptr)
{
    fixture_t *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(ns_ctx_new(NULL, &f->ctx), NS_OK);
    assert_int_equal(ns_world_new(f->ctx, &f->w), NS_OK);
    ns_state_t s = state("USA", "United States", NS_GROUP_WEOG, true, 1945);
    assert_int_equal(ns_world_add_state(f->ctx, f->w, &s, &f->usa), NS_OK);
    s = state("RUS", "Russian Federation", NS_GROUP_EASTERN_EUROPEAN, true, 1945);
    assert_int_equal(ns_world_add_state(f->ctx, f->w, &s, &f->rus), NS_OK);
    ns_dimension_t d = {"ihl", "IHL applies", "no", "yes", 0, 100, 0};
    assert_int_equal(ns_world_add_dimension(f->ctx, f->w, &d, &f->ihl), NS_OK);
    /* A state added after a dimension must get a position cell for it too. */
    s = state("CHN", "China", NS_GROUP_ASIA_PACIFIC, true, 1945);
    assert_int_equal(ns_world_add_state(f->ctx, f->w, &s, &f->chn), NS_OK);
    ns_org_t o = {"NATO", "North Atlantic Treaty Organization"};
    assert_int_equal(ns_world_add_org(f->ctx, f->w, &o, &f->nato), NS_OK);
    ns_body_t b;
    memset(&b, 0, sizeof b);
    size_t members[] = {f->usa, f->rus};
    ns_verified_t ver[] = {NS_VERIFIED_YES, NS_VERIFIED_NO};
    b.id = "GGE1";
    b.name = "First GGE";
    b.start_year = 2004;
    b.end_year = 2005;
    b.chair = (long)f->rus;
    b.seats = 2;
    b.members = members;
    b.member_verified = ver;
    b.n_members = 2;
    b.outcome = NS_OUTCOME_FAILED;
    assert_int_equal(ns_world_add_body(f->ctx, f->w, &b, &f->gge), NS_OK);
    *state_ptr = f;
    return 0;
}

static int teardown(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    ns_world_free(f->w);
    ns_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void test_counts_and_records(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    assert_int_equal(ns_world_state_count(f->w), 3);
    assert_string_equal(ns_world_state(f->w, f->chn)->iso3, "CHN");
    assert_string_equal(ns_world_state(f->w, f->rus)->name, "Russian Federation");
    assert_null(ns_world_state(f->w, 3));
    assert_int_equal(ns_world_dimension_count(f->w), 1);
    const ns_body_t *b = ns_world_body(f->w, f->gge);
    assert_int_equal(b->n_members, 2);
    assert_int_equal(b->members[1], f->rus);
    assert_int_equal(b->member_verified[1], NS_VERIFIED_NO);
    assert_int_equal(b->chair, (long)f->rus);
    assert_string_equal(b->report_symbol, ""); /* NULL strings are stored as "". */
}

static void test_find_state(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    size_t i = 99;
    assert_int_equal(ns_world_find_state(f->ctx, f->w, "CHN", &i), NS_OK);
    assert_int_equal(i, f->chn);
    /* USS is one substitution from USA and two edits from RUS. */
    assert_int_equal(ns_world_find_state(f->ctx, f->w, "USS", &i), NS_ENOTFOUND);
    assert_string_equal(ns_ctx_errmsg(f->ctx), "unknown state code 'USS' (did you mean USA?)");
    /* Lower case is suggested as upper case. */
    assert_int_equal(ns_world_find_state(f->ctx, f->w, "chn", &i), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "did you mean CHN?"));
    /* Nothing within one edit: no suggestion. */
    assert_int_equal(ns_world_find_state(f->ctx, f->w, "XYZ", &i), NS_ENOTFOUND);
    assert_string_equal(ns_ctx_errmsg(f->ctx), "unknown state code 'XYZ'");
    assert_int_equal(ns_world_find_body(f->ctx, f->w, "GGE2", &i), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "GGE2"));
    assert_int_equal(ns_world_find_org(f->ctx, f->w, "NATO", &i), NS_OK);
    assert_int_equal(i, f->nato);
}

static void test_duplicates_and_ranges(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    ns_state_t s = state("USA", "Again", NS_GROUP_WEOG, false, 1945);
    assert_int_equal(ns_world_add_state(f->ctx, f->w, &s, NULL), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "USA"));
    s = state("us!", "Bad", NS_GROUP_WEOG, false, 1945);
    assert_int_equal(ns_world_add_state(f->ctx, f->w, &s, NULL), NS_EINVAL);
    s = state("FRA", "France", (ns_ungroup_t)17, false, 1945);
    assert_int_equal(ns_world_add_state(f->ctx, f->w, &s, NULL), NS_ERANGE);
    assert_int_equal(ns_world_state_count(f->w), 3); /* Failed adds change nothing. */
    ns_dimension_t d = {"ihl", "again", "", "", 0, 100, 0};
    assert_int_equal(ns_world_add_dimension(f->ctx, f->w, &d, NULL), NS_EINVAL);
    ns_dimension_t bad = {"x", "", "", "", 0, 100, 150};
    assert_int_equal(ns_world_add_dimension(f->ctx, f->w, &bad, NULL), NS_ERANGE);
    ns_vote_t v = {0, 0, NS_VOTE_YES}; /* No resolution yet. */
    assert_int_equal(ns_world_add_vote(f->ctx, f->w, &v), NS_EINVAL);
    ns_gdp_t g = {f->usa, 2020, -1.0, NS_VERIFIED_YES};
    assert_int_equal(ns_world_add_gdp(f->ctx, f->w, &g), NS_ERANGE);
    size_t out_of_range[] = {7};
    assert_int_equal(ns_world_set_body_members(f->ctx, f->w, f->gge, out_of_range, NULL, 1),
                     NS_EINVAL);
    assert_int_equal(ns_world_body(f->w, f->gge)->n_members, 2); /* Unchanged. */
}

static void test_positions(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    const ns_position_t *p = ns_world_position(f->w, NS_ACTOR_STATE, f->chn, f->ihl);
    assert_non_null(p);
    assert_true(isnan(p->x) && isnan(p->salience) && p->sd == 0.0);
    ns_position_t set = {80.0, 5.0, 0.9};
    assert_int_equal(ns_world_set_position(f->ctx, f->w, NS_ACTOR_STATE, f->usa, f->ihl, &set),
                     NS_OK);
    /* Adding dimensions (enough to force the grid to re-lay out) keeps old values and
     * gives every actor an unknown cell on the new ones. */
    for (int k = 0; k < 9; k++) {
        char id[8];
        snprintf(id, sizeof id, "d%d", k);
        ns_dimension_t d = {id, id, "", "", 0, 100, 50};
        assert_int_equal(ns_world_add_dimension(f->ctx, f->w, &d, &f->sov), NS_OK);
    }
    p = ns_world_position(f->w, NS_ACTOR_STATE, f->usa, f->ihl);
    assert_true(p->x == 80.0 && p->sd == 5.0 && p->salience == 0.9);
    p = ns_world_position(f->w, NS_ACTOR_STATE, f->usa, f->sov);
    assert_true(isnan(p->x));
    /* Stakeholders have their own grid. */
    ns_stakeholder_t sh = {"msft", "Microsoft", "company"};
    size_t msft = 0;
    assert_int_equal(ns_world_add_stakeholder(f->ctx, f->w, &sh, &msft), NS_OK);
    p = ns_world_position(f->w, NS_ACTOR_STAKEHOLDER, msft, f->sov);
    assert_true(isnan(p->x));
    assert_null(ns_world_position(f->w, NS_ACTOR_STAKEHOLDER, msft + 1, 0));
    assert_null(ns_world_position(f->w, NS_ACTOR_STATE, 0, 99));
    ns_position_t bad = {120.0, 0.0, 0.5};
    assert_int_equal(ns_world_set_position(f->ctx, f->w, NS_ACTOR_STATE, 0, f->ihl, &bad),
                     NS_ERANGE);
    bad.x = 50.0;
    bad.salience = 1.5;
    assert_int_equal(ns_world_set_position(f->ctx, f->w, NS_ACTOR_STATE, 0, f->ihl, &bad),
                     NS_ERANGE);
    assert_int_equal(ns_world_set_position(f->ctx, f->w, NS_ACTOR_STATE, 3, f->ihl, &set),
                     NS_EINVAL);
    /* Capability: unknown by default; will: 0 by default. */
    assert_true(isnan(ns_world_capability(f->w, f->usa)));
    assert_true(ns_world_will(f->w, f->usa) == 0.0);
    assert_int_equal(ns_world_set_capability(f->ctx, f->w, f->usa, 1.0), NS_OK);
    assert_int_equal(ns_world_set_capability(f->ctx, f->w, f->usa, -1.0), NS_ERANGE);
    assert_int_equal(ns_world_set_will(f->ctx, f->w, f->rus, 0.25), NS_OK);
    assert_true(ns_world_will(f->w, f->rus) == 0.25);
}

static void test_copy_is_deep(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    ns_position_t set = {30.0, 1.0, 0.5};
    assert_int_equal(ns_world_set_position(f->ctx, f->w, NS_ACTOR_STATE, f->rus, f->ihl, &set),
                     NS_OK);
    assert_int_equal(ns_world_set_param(f->ctx, f->w, "will_scale", 2.0), NS_OK);
    ns_world_t *c = NULL;
    assert_int_equal(ns_world_copy(f->ctx, f->w, &c), NS_OK);
    /* Same content ... */
    assert_int_equal(ns_world_state_count(c), 3);
    assert_true(ns_world_position(c, NS_ACTOR_STATE, f->rus, f->ihl)->x == 30.0);
    assert_int_equal(ns_world_body(c, f->gge)->n_members, 2);
    double v = 0;
    assert_int_equal(ns_world_param(c, "will_scale", &v), NS_OK);
    assert_true(v == 2.0);
    /* ... in different memory: strings, member arrays. */
    assert_ptr_not_equal(ns_world_state(c, 0)->name, ns_world_state(f->w, 0)->name);
    assert_ptr_not_equal(ns_world_body(c, f->gge)->members, ns_world_body(f->w, f->gge)->members);
    /* Changing the copy leaves the original alone. */
    ns_position_t moved = {90.0, 0.0, 1.0};
    assert_int_equal(ns_world_set_position(f->ctx, c, NS_ACTOR_STATE, f->rus, f->ihl, &moved),
                     NS_OK);
    size_t one[] = {f->chn};
    assert_int_equal(ns_world_set_body_members(f->ctx, c, f->gge, one, NULL, 1), NS_OK);
    assert_int_equal(ns_world_set_param(f->ctx, c, "will_scale", 3.0), NS_OK);
    ns_state_t s = state("FRA", "France", NS_GROUP_WEOG, true, 1945);
    assert_int_equal(ns_world_add_state(f->ctx, c, &s, NULL), NS_OK);
    assert_true(ns_world_position(f->w, NS_ACTOR_STATE, f->rus, f->ihl)->x == 30.0);
    assert_int_equal(ns_world_body(f->w, f->gge)->n_members, 2);
    assert_int_equal(ns_world_param(f->w, "will_scale", &v), NS_OK);
    assert_true(v == 2.0);
    assert_int_equal(ns_world_state_count(f->w), 3);
    size_t i = 0;
    assert_int_equal(ns_world_find_state(f->ctx, f->w, "FRA", &i), NS_ENOTFOUND);
    assert_int_equal(ns_world_find_state(f->ctx, c, "FRA", &i), NS_OK);
    ns_world_free(c);
}

static void test_membership_and_gdp_by_year(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    ns_state_t s = state("MNE", "Montenegro", NS_GROUP_EASTERN_EUROPEAN, false, 2006);
    size_t mne = 0;
    assert_int_equal(ns_world_add_state(f->ctx, f->w, &s, &mne), NS_OK);
    assert_false(ns_world_is_member(f->w, mne, 2005));
    assert_true(ns_world_is_member(f->w, mne, 2006));
    assert_false(ns_world_is_member(f->w, 99, 2006));
    /* NATO: joined 2017; a former spell 1990-1995 counts only inside it. */
    ns_membership_t m = {mne, f->nato, 2017, 0, "member", NS_VERIFIED_YES};
    assert_int_equal(ns_world_add_membership(f->ctx, f->w, &m), NS_OK);
    ns_membership_t old = {mne, f->nato, 1990, 1995, "former", NS_VERIFIED_YES};
    assert_int_equal(ns_world_add_membership(f->ctx, f->w, &old), NS_OK);
    assert_false(ns_world_in_org(f->w, mne, f->nato, 2016));
    assert_true(ns_world_in_org(f->w, mne, f->nato, 2017));
    assert_true(ns_world_in_org(f->w, mne, f->nato, 1994));
    assert_false(ns_world_in_org(f->w, mne, f->nato, 1995));
    assert_false(ns_world_in_org(f->w, f->usa, f->nato, 2017));
    /* GDP: years 2000 and 2010, added out of order. */
    ns_gdp_t g = {f->usa, 2010, 15.0, NS_VERIFIED_YES};
    assert_int_equal(ns_world_add_gdp(f->ctx, f->w, &g), NS_OK);
    g.year = 2000;
    g.usd = 10.0;
    assert_int_equal(ns_world_add_gdp(f->ctx, f->w, &g), NS_OK);
    assert_true(ns_world_gdp_at(f->w, f->usa, 2000) == 10.0);
    assert_true(ns_world_gdp_at(f->w, f->usa, 2009) == 10.0); /* nearest earlier */
    assert_true(ns_world_gdp_at(f->w, f->usa, 2023) == 15.0);
    assert_true(isnan(ns_world_gdp_at(f->w, f->usa, 1999))); /* nothing earlier */
    assert_true(isnan(ns_world_gdp_at(f->w, f->rus, 2010))); /* no data */
}

/* The lookups by state (ideal points, GDP rows, votes) and the vote counts give what a
 * scan of every row in order gives, ties included: rows added out of order, two rows of
 * one year or one vote, states without rows. */
static void test_lookups_by_state(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    /* Ideal points: USA 2003, 2001, 2003 again (the first of 2003 wins), RUS 2002. */
    ns_ideal_point_t p = {f->usa, 58, 2003, 1.5, 1.0, 2.0, 10};
    assert_int_equal(ns_world_add_ideal_point(f->ctx, f->w, &p), NS_OK);
    p.session = 56;
    p.year = 2001;
    p.ideal = 1.1;
    assert_int_equal(ns_world_add_ideal_point(f->ctx, f->w, &p), NS_OK);
    p.session = 99;
    p.year = 2003;
    p.ideal = 1.9;
    assert_int_equal(ns_world_add_ideal_point(f->ctx, f->w, &p), NS_OK);
    ns_ideal_point_t q = {f->rus, 57, 2002, -1.0, -1.5, -0.5, 10};
    assert_int_equal(ns_world_add_ideal_point(f->ctx, f->w, &q), NS_OK);
    const ns_ideal_point_t *got = ns_world_ideal_point_latest(f->w, f->usa, 2000, 2005);
    assert_non_null(got);
    assert_int_equal(got->session, 58);
    got = ns_world_ideal_point_latest(f->w, f->usa, 2000, 2002);
    assert_non_null(got);
    assert_int_equal(got->session, 56);
    assert_null(ns_world_ideal_point_latest(f->w, f->usa, 2004, 2010));
    assert_null(ns_world_ideal_point_latest(f->w, f->chn, 1900, 2100));
    assert_null(ns_world_ideal_point_latest(f->w, 99, 1900, 2100));
    got = ns_world_ideal_point_latest(f->w, f->rus, 2002, 2002);
    assert_non_null(got);
    assert_true(got->ideal == -1.0);
    /* GDP: two rows of 2010; the row behind gdp_at is the last added, with its year. */
    ns_gdp_t g = {f->chn, 2010, 5.0, NS_VERIFIED_YES};
    assert_int_equal(ns_world_add_gdp(f->ctx, f->w, &g), NS_OK);
    g.usd = 6.0;
    assert_int_equal(ns_world_add_gdp(f->ctx, f->w, &g), NS_OK);
    const ns_gdp_t *row = ns_world_gdp_row_at(f->w, f->chn, 2015);
    assert_non_null(row);
    assert_int_equal(row->year, 2010);
    assert_true(row->usd == ns_world_gdp_at(f->w, f->chn, 2015));
    assert_null(ns_world_gdp_row_at(f->w, f->chn, 2009));
    assert_null(ns_world_gdp_row_at(f->w, 99, 2015));
    /* Votes: two resolutions; USA votes twice on the first (the last row counts for
     * vote_of, both rows for the counts, as a scan would). */
    ns_resolution_t r;
    memset(&r, 0, sizeof r);
    r.symbol = "A/RES/1";
    r.year = 2018;
    r.lead_sponsor = -1;
    size_t r1 = 0;
    size_t r2 = 0;
    assert_int_equal(ns_world_add_resolution(f->ctx, f->w, &r, &r1), NS_OK);
    r.symbol = "A/RES/2";
    assert_int_equal(ns_world_add_resolution(f->ctx, f->w, &r, &r2), NS_OK);
    ns_vote_t v[] = {{r1, f->usa, NS_VOTE_NO},
                     {r1, f->rus, NS_VOTE_YES},
                     {r2, f->rus, NS_VOTE_ABSTAIN},
                     {r1, f->usa, NS_VOTE_ABSTAIN}};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(ns_world_add_vote(f->ctx, f->w, &v[i]), NS_OK);
    }
    size_t c[3];
    ns_world_vote_counts(f->w, r1, c);
    assert_int_equal(c[NS_VOTE_YES], 1);
    assert_int_equal(c[NS_VOTE_ABSTAIN], 1);
    assert_int_equal(c[NS_VOTE_NO], 1);
    ns_world_vote_counts(f->w, r2, c);
    assert_int_equal(c[NS_VOTE_YES] + c[NS_VOTE_NO], 0);
    assert_int_equal(c[NS_VOTE_ABSTAIN], 1);
    ns_world_vote_counts(f->w, 99, c);
    assert_int_equal(c[0] + c[1] + c[2], 0);
    assert_int_equal(ns_world_vote_of(f->w, f->usa, r1)->vote, NS_VOTE_ABSTAIN);
    assert_int_equal(ns_world_vote_of(f->w, f->rus, r2)->vote, NS_VOTE_ABSTAIN);
    assert_null(ns_world_vote_of(f->w, f->usa, r2));
    assert_null(ns_world_vote_of(f->w, f->chn, r1));
    assert_null(ns_world_vote_of(f->w, 99, r1));
    /* A copy has the same lookups. */
    ns_world_t *copy = NULL;
    assert_int_equal(ns_world_copy(f->ctx, f->w, &copy), NS_OK);
    assert_int_equal(ns_world_ideal_point_latest(copy, f->usa, 2000, 2005)->session, 58);
    assert_int_equal(ns_world_vote_of(copy, f->usa, r1)->vote, NS_VOTE_ABSTAIN);
    ns_world_vote_counts(copy, r1, c);
    assert_int_equal(c[NS_VOTE_NO], 1);
    ns_world_free(copy);
}

static void test_resolutions_and_params(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    ns_resolution_t r;
    memset(&r, 0, sizeof r);
    r.symbol = "A/RES/73/27";
    r.session = 73;
    r.year = 2018;
    r.lead_sponsor = (long)f->rus;
    r.yes = 119;
    r.no = 46;
    r.abstain = 14;
    size_t i = 0;
    assert_int_equal(ns_world_add_resolution(f->ctx, f->w, &r, &i), NS_OK);
    assert_int_equal(ns_world_add_resolution(f->ctx, f->w, &r, NULL), NS_EINVAL); /* dup */
    /* Unnumbered rows may repeat and are found by session. */
    r.symbol = "";
    r.session = 79;
    r.yes = r.no = r.abstain = -1;
    size_t u = 0;
    assert_int_equal(ns_world_add_resolution(f->ctx, f->w, &r, &u), NS_OK);
    size_t found = 99;
    assert_int_equal(ns_world_find_resolution(f->ctx, f->w, "session:79", &found), NS_OK);
    assert_int_equal(found, u);
    assert_int_equal(ns_world_find_resolution(f->ctx, f->w, "A/RES/73/27", &found), NS_OK);
    assert_int_equal(found, i);
    assert_int_equal(ns_world_find_resolution(f->ctx, f->w, "session:80", &found), NS_ENOTFOUND);
    ns_vote_t v = {i, f->usa, NS_VOTE_NO};
    assert_int_equal(ns_world_add_vote(f->ctx, f->w, &v), NS_OK);
    assert_int_equal(ns_world_vote(f->w, 0)->vote, NS_VOTE_NO);
    double x = 0;
    assert_int_equal(ns_world_param(f->w, "b", &x), NS_ENOTFOUND);
    assert_int_equal(ns_world_set_param(f->ctx, f->w, "b", 0.5), NS_OK);
    assert_int_equal(ns_world_set_param(f->ctx, f->w, "b", 0.75), NS_OK); /* replaces */
    assert_int_equal(ns_world_param_count(f->w), 1);
    assert_int_equal(ns_world_param(f->w, "b", &x), NS_OK);
    assert_true(x == 0.75);
    assert_string_equal(ns_world_param_key(f->w, 0), "b");
    assert_int_equal(ns_world_set_param(f->ctx, f->w, "", 1.0), NS_EINVAL);
    assert_int_equal(ns_world_set_data_version(f->ctx, f->w, "builtin:x"), NS_OK);
    assert_string_equal(ns_world_data_version(f->w), "builtin:x");
}

static void test_names(void **state_ptr)
{
    (void)state_ptr;
    ns_ungroup_t g;
    assert_int_equal(ns_ungroup_parse("Latin American and Caribbean", &g), NS_OK);
    assert_int_equal(g, NS_GROUP_GRULAC);
    assert_int_equal(ns_ungroup_parse("EEG", &g), NS_OK);
    assert_int_equal(g, NS_GROUP_EASTERN_EUROPEAN);
    assert_int_equal(ns_ungroup_parse("Nowhere", &g), NS_ENOTFOUND);
    assert_string_equal(ns_ungroup_id(NS_GROUP_ASIA_PACIFIC), "APG");
    assert_string_equal(ns_verified_str(NS_VERIFIED_PARTLY), "partly");
    ns_decision_rule_t d;
    assert_int_equal(ns_decision_rule_parse("k_of_n", &d), NS_OK);
    assert_int_equal(d, NS_DECIDE_K_OF_N);
    ns_membership_rule_t m;
    assert_int_equal(ns_membership_rule_parse("rotation", &m), NS_OK);
    assert_string_equal(ns_membership_rule_str(m), "rotation");
    assert_string_equal(ns_vote_str(NS_VOTE_ABSTAIN), "abstain");
}

/* Names as people type them (issue 14 item 7): codes and names in any case, body ids in
 * any case, resolution short forms; a miss names the nearest of the right list. */
static void test_lookup_as_typed(void **state_ptr)
{
    fixture_t *f = *state_ptr;
    size_t i = 99;
    static const char *const chn[] = {"CHN", "chn", "Chn", "China", "CHINA", "china"};
    for (size_t k = 0; k < sizeof chn / sizeof chn[0]; k++) {
        i = 99;
        assert_int_equal(ns_world_lookup_state(f->ctx, f->w, chn[k], &i), NS_OK);
        assert_int_equal(i, f->chn);
    }
    assert_int_equal(ns_world_lookup_state(f->ctx, f->w, "russian federation", &i), NS_OK);
    assert_int_equal(i, f->rus);
    /* A common name (an alias of the code), the start of a word of one name only. */
    static const char *const as_rus[] = {"Russia", "russ", "federation"};
    static const char *const as_usa[] = {"united", "US", "United States of America"};
    for (size_t k = 0; k < 3; k++) {
        i = 99;
        assert_int_equal(ns_world_lookup_state(f->ctx, f->w, as_rus[k], &i), NS_OK);
        assert_int_equal(i, f->rus);
        i = 99;
        assert_int_equal(ns_world_lookup_state(f->ctx, f->w, as_usa[k], &i), NS_OK);
        assert_int_equal(i, f->usa);
    }
    /* Under 4 letters a word's start is not enough ("Rus" is no code). */
    assert_int_equal(ns_world_lookup_state(f->ctx, f->w, "Chi", &i), NS_ENOTFOUND);
    /* "Chnia" is two edits from "China" (a transposition); "Rusian Federation" one from
     * "Russian Federation". */
    assert_int_equal(ns_world_lookup_state(f->ctx, f->w, "Chnia", &i), NS_ENOTFOUND);
    assert_string_equal(ns_ctx_errmsg(f->ctx), "unknown state 'Chnia' (did you mean CHN (China)?)");
    assert_int_equal(ns_world_lookup_state(f->ctx, f->w, "Rusian Federation", &i), NS_ENOTFOUND);
    assert_string_equal(ns_ctx_errmsg(f->ctx),
                        "unknown state 'Rusian Federation' (did you mean RUS (Russian "
                        "Federation)?)");
    /* USS: one edit from USA, two from RUS (a 3-letter code allows one). */
    assert_int_equal(ns_world_lookup_state(f->ctx, f->w, "uss", &i), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "(did you mean USA (United States)?)"));
    assert_int_equal(ns_world_lookup_state(f->ctx, f->w, "XYZ", &i), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "normsim data states"));

    assert_int_equal(ns_world_lookup_body(f->ctx, f->w, "gge1", &i), NS_OK);
    assert_int_equal(i, f->gge);
    assert_int_equal(ns_world_lookup_body(f->ctx, f->w, "gge2", &i), NS_ENOTFOUND);
    assert_string_equal(ns_ctx_errmsg(f->ctx), "unknown body 'gge2' (did you mean GGE1?)");

    ns_resolution_t r;
    memset(&r, 0, sizeof r);
    r.symbol = "A/RES/73/27";
    r.session = 73;
    r.year = 2018;
    r.lead_sponsor = -1;
    r.yes = r.no = r.abstain = -1;
    size_t r27 = 0;
    size_t r266 = 0;
    assert_int_equal(ns_world_add_resolution(f->ctx, f->w, &r, &r27), NS_OK);
    r.symbol = "A/RES/73/266";
    assert_int_equal(ns_world_add_resolution(f->ctx, f->w, &r, &r266), NS_OK);
    static const char *const forms[] = {"A/RES/73/27", "73/27", "a/res/73/27", "res/73/27",
                                        "A/RES/73/ 27"};
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        i = 99;
        assert_int_equal(ns_world_lookup_resolution(f->ctx, f->w, forms[k], &i), NS_OK);
        assert_int_equal(i, r27);
    }
    assert_int_equal(ns_world_lookup_resolution(f->ctx, f->w, "73/266", &i), NS_OK);
    assert_int_equal(i, r266);
    /* 73/28 is one edit from 73/27 and two from 73/266. */
    assert_int_equal(ns_world_lookup_resolution(f->ctx, f->w, "73/28", &i), NS_ENOTFOUND);
    assert_string_equal(ns_ctx_errmsg(f->ctx),
                        "unknown resolution '73/28' (did you mean A/RES/73/27 or A/RES/73/266?)");
    assert_int_equal(ns_world_lookup_resolution(f->ctx, f->w, "zz", &i), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(f->ctx), "normsim data resolutions"));
}

/* Edit distances worked by hand, and the nearest names in order. */
static void test_names_nearest(void **state_ptr)
{
    (void)state_ptr;
    assert_int_equal(ns_names_distance("kitten", "sitting"), 3);
    assert_int_equal(ns_names_distance("China", "Chnia"), 2);
    assert_int_equal(ns_names_distance("GGE5", "gge5"), 0);
    assert_int_equal(ns_names_distance("", "abc"), 3);
    static const char *const names[] = {"GGE1", "GGE2", "OEWG1", NULL, "GGE2", "gge22"};
    size_t out[3];
    /* GGE3: one edit from GGE1 and GGE2 (GGE2 listed twice counts once), two from gge22. */
    assert_int_equal(ns_names_nearest("GGE3", names, 6, 3, out), 2);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 1);
    assert_int_equal(ns_names_nearest("GGE22", names, 6, 1, out), 1);
    assert_int_equal(out[0], 5); /* Distance 0 beats the earlier GGE2 at 1. */
    assert_int_equal(ns_names_nearest("nothing near", names, 6, 3, out), 0);
}

/* Build the fixture world under a context that fails the k-th allocation, for every k
 * until one run succeeds: each failure must come back as NS_ENOMEM without leaking
 * (the sanitizer build checks the leaks). */
static void test_out_of_memory(void **state_ptr)
{
    (void)state_ptr;
    bool done = false;
    for (long k = 1; k < 500 && !done; k++) {
        failing_alloc_t fa;
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_world_t *w = NULL;
        ns_status st = ns_world_new(ctx, &w);
        for (int i = 0; st == NS_OK && i < 40; i++) {
            char code[4];
            snprintf(code, sizeof code, "A%02d", i);
            ns_state_t s = state(code, "x", NS_GROUP_AFRICAN, false, 1960);
            st = ns_world_add_state(ctx, w, &s, NULL);
            if (st == NS_OK && i % 10 == 0) {
                char id[8];
                snprintf(id, sizeof id, "d%d", i);
                ns_dimension_t d = {id, "", "", "", 0, 1, 0};
                st = ns_world_add_dimension(ctx, w, &d, NULL);
            }
        }
        ns_world_t *c = NULL;
        if (st == NS_OK) {
            st = ns_world_copy(ctx, w, &c);
        }
        if (st == NS_OK) {
            done = true;
        } else {
            assert_int_equal(st, NS_ENOMEM);
        }
        ns_world_free(c);
        ns_world_free(w);
        ns_ctx_free(ctx);
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_counts_and_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_and_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_is_deep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookups_by_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_membership_and_gdp_by_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resolutions_and_params, setup, teardown),
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup_teardown(test_lookup_as_typed, setup, teardown),
        cmocka_unit_test(test_names_nearest),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
