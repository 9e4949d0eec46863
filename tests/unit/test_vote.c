/* The vote model: known answers on a hand-made three-state world (each probability
 * derived by hand below), cut points fitted to a tally, the mirror symmetry of the
 * sign, invariance of forecasts to the order of input rows, and the error paths
 * (unknown line, a tally that does not sum to the member count, years outside the data).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <math.h>
#include <string.h>

/* Three states at alignments 0, 0.5 and 1 with beta 2, sign +1 and cut points -1 and
 * 0.5. Latent eta = 2 (a - 0.5) = -1, 0, 1. With F(x) = 1 / (1 + e^-x):
 *   a = 0:   P(no) = F(-1 + 1) = F(0) = 0.5;  P(no or abstain) = F(0.5 + 1) = F(1.5)
 *            = 0.8175745; abstain 0.3175745; yes 0.1824255 -> no.
 *   a = 0.5: P(no) = F(-1) = 0.2689414; F(0.5) = 0.6224593; abstain 0.3535179;
 *            yes 0.3775407 -> yes.
 *   a = 1:   P(no) = F(-2) = 0.1192029; F(-0.5) = 0.3775407; abstain 0.2583378;
 *            yes 0.6224593 -> yes. */
static void test_three_states_known_answers(void **state)
{
    (void)state;
    ns_vote_model_t m = {2.0, 1, -1.0, 0.5};
    const double a[3] = {0.0, 0.5, 1.0};
    const double yes[3] = {0.1824255, 0.3775407, 0.6224593};
    const double abstain[3] = {0.3175745, 0.3535179, 0.2583378};
    const double no[3] = {0.5, 0.2689414, 0.1192029};
    const ns_vote_value_t vote[3] = {NS_VOTE_NO, NS_VOTE_YES, NS_VOTE_YES};
    for (int i = 0; i < 3; i++) {
        ns_vote_probs_t p = ns_vote_probs(&m, a[i]);
        assert_float_equal(p.yes, yes[i], 1e-6);
        assert_float_equal(p.abstain, abstain[i], 1e-6);
        assert_float_equal(p.no, no[i], 1e-6);
        assert_int_equal(ns_vote_most_probable(p), vote[i]);
    }
}

/* Three states at the same alignment with tally 1 yes, 1 no, 1 abstain: 3 F(c1) = 1 gives
 * c1 = logit(1/3) = -ln 2, 3 F(c2) = 2 gives c2 = ln 2, and each vote has probability
 * 1/3 for every state. */
static void test_tally_fit_known_answer(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const double same[3] = {0.5, 0.5, 0.5};
    ns_vote_model_t m = {3.0, 1, 0, 0};
    assert_int_equal(ns_vote_fit_tally(ctx, &m, same, 3, 1, 1, 1), NS_OK);
    assert_float_equal(m.cut_no, -log(2.0), 1e-9);
    assert_float_equal(m.cut_abstain, log(2.0), 1e-9);
    ns_vote_probs_t p = ns_vote_probs(&m, 0.5);
    assert_float_equal(p.yes, 1.0 / 3, 1e-9);
    assert_float_equal(p.abstain, 1.0 / 3, 1e-9);
    assert_float_equal(p.no, 1.0 / 3, 1e-9);

    /* Spread states, tally 2 yes, 1 no, 0 abstain: the expected counts equal the tally
     * (the defining condition), and the lowest state is the likeliest no. */
    const double spread[3] = {0.0, 0.5, 1.0};
    assert_int_equal(ns_vote_fit_tally(ctx, &m, spread, 3, 2, 1, 0), NS_OK);
    double sum_yes = 0;
    double sum_no = 0;
    double sum_abstain = 0;
    for (int i = 0; i < 3; i++) {
        ns_vote_probs_t q = ns_vote_probs(&m, spread[i]);
        assert_float_equal(q.yes + q.abstain + q.no, 1.0, 1e-12);
        sum_yes += q.yes;
        sum_no += q.no;
        sum_abstain += q.abstain;
    }
    assert_float_equal(sum_yes, 2.0, 1e-9);
    assert_float_equal(sum_no, 1.0, 1e-9);
    assert_float_equal(sum_abstain, 0.0, 1e-9);
    assert_int_equal(ns_vote_most_probable(ns_vote_probs(&m, 0.0)), NS_VOTE_NO);

    /* Errors: a tally that does not sum to the states, a negative count, a bad slope. */
    assert_int_equal(ns_vote_fit_tally(ctx, &m, spread, 3, 2, 2, 0), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "3 states"));
    assert_int_equal(ns_vote_fit_tally(ctx, &m, spread, 3, 4, -1, 0), NS_EINVAL);
    m.beta = 0;
    assert_int_equal(ns_vote_fit_tally(ctx, &m, spread, 3, 1, 1, 1), NS_EINVAL);
    ns_ctx_free(ctx);
}

/* With sign -1 the latent value of alignment a is that of 1 - a with sign +1. */
static void test_sign_mirror(void **state)
{
    (void)state;
    ns_vote_model_t east = {1.7, -1, -0.4, 0.9};
    ns_vote_model_t west = {1.7, 1, -0.4, 0.9};
    for (double a = -0.5; a <= 1.5; a += 0.25) {
        ns_vote_probs_t p = ns_vote_probs(&east, a);
        ns_vote_probs_t q = ns_vote_probs(&west, 1.0 - a);
        assert_float_equal(p.yes, q.yes, 1e-12);
        assert_float_equal(p.no, q.no, 1e-12);
    }
}

/* ---- A hand-made world ------------------------------------------------------------ */

static const char *const codes[6] = {"WAA", "WBB", "EAA", "EBB", "NAA", "NBB"};
static const double ideals[6] = {1.0, 2.0, -1.0, 0.0, 0.5, -0.5};
/* Votes on two texts of line "dev" sponsored by EAA (0 yes, 1 abstain, 2 no). They are
 * not perfectly ordered by alignment (NAA votes no in 2001 while WAA votes yes), so the
 * slope has an interior maximum-likelihood estimate. */
static const int votes_2001[6] = {0, 2, 0, 0, 2, 1};
static const int votes_2002[6] = {1, 2, 0, 0, 0, 2};

/* Votes each state cast in the 2001 session (ideal_points.csv n_votes); 40 each unless a
 * test changes it. */
static int session_votes_2001[6] = {40, 40, 40, 40, 40, 40};

/* Build the world with its rows in the given order (reversed or not). */
static ns_world_t *build_world(ns_ctx_t *ctx, bool reversed)
{
    ns_world_t *w = NULL;
    assert_int_equal(ns_world_new(ctx, &w), NS_OK);
    size_t idx[6];
    for (int k = 0; k < 6; k++) {
        int i = reversed ? 5 - k : k;
        ns_state_t s;
        memset(&s, 0, sizeof s);
        memcpy(s.iso3, codes[i], 4);
        s.name = codes[i];
        s.group = NS_GROUP_AFRICAN;
        s.member_since = 1945;
        s.notes = "";
        assert_int_equal(ns_world_add_state(ctx, w, &s, &idx[i]), NS_OK);
    }
    ns_org_t nato = {"NATO", "NATO"};
    ns_org_t sco = {"SCO", "SCO"};
    size_t o_nato = 0;
    size_t o_sco = 0;
    assert_int_equal(ns_world_add_org(ctx, w, reversed ? &sco : &nato, reversed ? &o_sco : &o_nato),
                     NS_OK);
    assert_int_equal(ns_world_add_org(ctx, w, reversed ? &nato : &sco, reversed ? &o_nato : &o_sco),
                     NS_OK);
    for (int k = 0; k < 6; k++) {
        int i = reversed ? 5 - k : k;
        if (i < 4) {
            ns_membership_t m = {idx[i],   i < 2 ? o_nato : o_sco, 1990, 0,
                                 "member", NS_VERIFIED_YES};
            assert_int_equal(ns_world_add_membership(ctx, w, &m), NS_OK);
        }
        for (int year = 2000; year <= 2001; year++) {
            ns_ideal_point_t p = {idx[i],
                                  year - 1945,
                                  year,
                                  ideals[i],
                                  ideals[i] - 0.3,
                                  ideals[i] + 0.3,
                                  year == 2001 ? session_votes_2001[i] : 40};
            assert_int_equal(ns_world_add_ideal_point(ctx, w, &p), NS_OK);
        }
    }
    size_t res[2];
    for (int k = 0; k < 2; k++) {
        int r = reversed ? 1 - k : k;
        ns_resolution_t rs;
        memset(&rs, 0, sizeof rs);
        rs.symbol = r == 0 ? "A/RES/56/1" : "A/RES/57/1";
        rs.kind = "resolution";
        rs.session = 56 + r;
        rs.year = 2001 + r;
        rs.date = r == 0 ? "2001-12-01" : "2002-12-01";
        rs.title = "Developments";
        rs.line = "dev";
        rs.committee = "First";
        rs.lead_sponsor = (long)idx[2];
        rs.adoption = NS_ADOPT_RECORDED_VOTE;
        rs.yes = rs.no = rs.abstain = -1;
        rs.note = "";
        assert_int_equal(ns_world_add_resolution(ctx, w, &rs, &res[r]), NS_OK);
    }
    for (int k = 0; k < 12; k++) {
        int j = reversed ? 11 - k : k;
        int r = j / 6;
        int i = j % 6;
        ns_vote_t v = {res[r], idx[i], (ns_vote_value_t)(r == 0 ? votes_2001[i] : votes_2002[i])};
        assert_int_equal(ns_world_add_vote(ctx, w, &v), NS_OK);
    }
    return w;
}

static const ns_vote_row_t *row_of(const ns_world_t *w, const ns_vote_forecast_t *f,
                                   const char *iso3)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(ns_world_state(w, f->rows[i].state)->iso3, iso3) == 0) {
            return &f->rows[i];
        }
    }
    return NULL;
}

static void test_order_invariance(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *a = build_world(ctx, false);
    ns_world_t *b = build_world(ctx, true);
    ns_vote_request_t reqs[3];
    memset(reqs, 0, sizeof reqs);
    reqs[0].resolution = "A/RES/57/1";
    reqs[1].resolution = "A/RES/57/1";
    reqs[1].recorded_tally = true;
    reqs[2].line = "dev";
    reqs[2].year = 2002;
    reqs[2].tally = true;
    reqs[2].yes = 3;
    reqs[2].no = 2;
    reqs[2].abstain = 1;
    for (int q = 0; q < 3; q++) {
        ns_vote_forecast_t *fa = NULL;
        ns_vote_forecast_t *fb = NULL;
        assert_int_equal(ns_vote_forecast(ctx, a, &reqs[q], &fa), NS_OK);
        assert_int_equal(ns_vote_forecast(ctx, b, &reqs[q], &fb), NS_OK);
        assert_int_equal(fa->n, 6);
        assert_int_equal(fb->n, 6);
        assert_int_equal(fa->model.sign, -1); /* Sponsored by the Eastern camp. */
        /* Equal up to the order of floating-point sums. */
        assert_true(fa->model.beta < 100);
        assert_float_equal(fa->model.beta, fb->model.beta, 1e-6);
        for (int i = 0; i < 6; i++) {
            const ns_vote_row_t *ra = row_of(a, fa, codes[i]);
            const ns_vote_row_t *rb = row_of(b, fb, codes[i]);
            assert_non_null(ra);
            assert_non_null(rb);
            assert_float_equal(ra->p.yes, rb->p.yes, 1e-6);
            assert_float_equal(ra->p.abstain, rb->p.abstain, 1e-6);
            assert_float_equal(ra->p.no, rb->p.no, 1e-6);
            assert_int_equal(ra->vote, rb->vote);
        }
        /* The Western states are the likeliest to vote no on an Eastern text. */
        assert_true(row_of(a, fa, "WBB")->p.no > row_of(a, fa, "EAA")->p.no);
        ns_vote_forecast_free(fa);
        ns_vote_forecast_free(fb);
    }
    ns_world_free(a);
    ns_world_free(b);
    ns_ctx_free(ctx);
}

/* One history shared by many forecasts on the built-in data (every resolution, a new
 * text of a line, a tally, an unknown symbol and a year out of range between them) gives
 * what a forecast of its own gives, to the last bit: the shared slope fits and roll calls
 * are the same numbers, only made once. */
static void test_history_same_as_alone(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    ns_world_t *w = NULL;
    ns_vote_history_t *h = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    assert_int_equal(ns_data_load(ctx, NULL, &w), NS_OK);
    assert_int_equal(ns_vote_history_new(ctx, w, &h), NS_OK);
    size_t n_res = ns_world_resolution_count(w);
    int ok = 0;
    int failed = 0;
    for (size_t r = 0; r < n_res + 4; r++) {
        ns_vote_request_t req;
        memset(&req, 0, sizeof req);
        if (r < n_res) {
            req.resolution = ns_world_resolution(w, r)->symbol;
        } else if (r == n_res) {
            req.resolution = "A/RES/99/999"; /* Unknown. */
        } else if (r == n_res + 1) {
            req.line = "developments";
            req.year = 2019;
        } else if (r == n_res + 2) {
            req.line = "developments";
            req.year = 1990; /* Out of range. */
        } else {
            req.line = "developments";
            req.year = 2019;
            req.tally = true;
            req.yes = 120;
            req.no = 50;
            req.abstain = 13;
            req.absent_rest = true;
        }
        if (r < n_res && (r % 3 != 0 || req.resolution[0] == '\0')) {
            continue; /* A third of them: enough to share fits, in a third of the time. */
        }
        ns_vote_forecast_t *alone = NULL;
        ns_vote_forecast_t *shared = NULL;
        ns_status sa = ns_vote_forecast(ctx, w, &req, &alone);
        char msg[512];
        snprintf(msg, sizeof msg, "%s", sa != NS_OK ? ns_ctx_errmsg(ctx) : "");
        ns_status sb = ns_vote_forecast_with(ctx, h, &req, &shared);
        assert_int_equal(sa, sb);
        if (sa != NS_OK) {
            assert_string_equal(msg, ns_ctx_errmsg(ctx));
            assert_null(shared);
            failed++;
            continue;
        }
        ok++;
        assert_true(alone->model.beta == shared->model.beta);
        assert_true(alone->model.cut_no == shared->model.cut_no);
        assert_true(alone->model.cut_abstain == shared->model.cut_abstain);
        assert_int_equal(alone->n_training, shared->n_training);
        assert_int_equal(alone->n, shared->n);
        for (size_t i = 0; i < alone->n; i++) {
            assert_int_equal(alone->rows[i].state, shared->rows[i].state);
            assert_int_equal(alone->rows[i].vote, shared->rows[i].vote);
            assert_memory_equal(&alone->rows[i].p, &shared->rows[i].p, sizeof alone->rows[i].p);
        }
        ns_vote_forecast_free(alone);
        ns_vote_forecast_free(shared);
    }
    assert_true(ok >= 5);
    assert_true(failed >= 2);
    ns_vote_history_free(h);
    ns_vote_history_free(NULL);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = build_world(ctx, false);
    ns_vote_forecast_t *f = NULL;
    ns_vote_request_t req;

    memset(&req, 0, sizeof req);
    req.line = "nope";
    req.year = 2002;
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "nope"));
    assert_null(f);

    req.line = "dev";
    req.tally = true;
    req.yes = 1;
    req.no = 1;
    req.abstain = 1; /* 3, but 6 members in 2002. */
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "6 states"));

    req.tally = false;
    req.year = 1997;
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_ERANGE);
    req.year = 2003; /* Ideal points end in 2001: the last year is 2002. */
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_ERANGE);

    /* 2001 without a tally: no roll call before 2001 to place the text. */
    req.year = 2001;
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "--tally"));

    memset(&req, 0, sizeof req);
    req.resolution = "A/RES/99/1";
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_ENOTFOUND);

    /* A new text of the line: every member forecast; the cuts come from 2001. */
    memset(&req, 0, sizeof req);
    req.line = "dev";
    req.year = 2002;
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_OK);
    assert_int_equal(f->n, 6);
    assert_string_equal(f->cut_source, "line");
    assert_string_equal(f->cut_from, "A/RES/56/1");
    ns_vote_forecast_free(f);
    ns_vote_forecast_free(NULL);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* Add a roll call of line "dev" (sponsor EAA) in 2001 at `date` in which every state but
 * those named in `missing` votes yes. */
static void add_rollcall_without(ns_ctx_t *ctx, ns_world_t *w, const char *symbol, const char *date,
                                 const char *const *missing, size_t n_missing)
{
    size_t eaa = 0;
    size_t r = 0;
    assert_int_equal(ns_world_find_state(ctx, w, "EAA", &eaa), NS_OK);
    ns_resolution_t rs;
    memset(&rs, 0, sizeof rs);
    rs.symbol = symbol;
    rs.kind = "resolution";
    rs.session = 56;
    rs.year = 2001;
    rs.date = date;
    rs.title = "Developments";
    rs.line = "dev";
    rs.committee = "First";
    rs.lead_sponsor = (long)eaa;
    rs.adoption = NS_ADOPT_RECORDED_VOTE;
    rs.yes = rs.no = rs.abstain = -1;
    rs.note = "";
    assert_int_equal(ns_world_add_resolution(ctx, w, &rs, &r), NS_OK);
    for (size_t s = 0; s < ns_world_state_count(w); s++) {
        bool away = false;
        for (size_t k = 0; k < n_missing; k++) {
            away = away || strcmp(ns_world_state(w, s)->iso3, missing[k]) == 0;
        }
        if (!away) {
            ns_vote_t v = {r, s, NS_VOTE_YES};
            assert_int_equal(ns_world_add_vote(ctx, w, &v), NS_OK);
        }
    }
}

/* Tallies as announced. The hand-made world's two roll calls have everyone present; two
 * more in 2001 miss NAA and NBB (A/RES/56/2, 10 December) and NAA and EBB (A/RES/56/3,
 * 20 December). Before 2002 each state held 3 roll calls: NAA missed 2 (share 2/3), NBB
 * and EBB 1 each (1/3; every state voted in 40 roll calls of the 2001 session, and EBB's
 * absence is the later one), the others none. So a tally of
 * 5 of the 6 members leaves NAA absent, one of 4 NAA and EBB, one of 3 NAA, EBB and NBB;
 * the absent have no probabilities, and the others' expected counts equal the tally. */
static void test_tally_with_absentees(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = build_world(ctx, false);
    const char *const away2[] = {"NAA", "NBB"};
    const char *const away3[] = {"NAA", "EBB"};
    add_rollcall_without(ctx, w, "A/RES/56/2", "2001-12-10", away2, 2);
    add_rollcall_without(ctx, w, "A/RES/56/3", "2001-12-20", away3, 2);
    static const struct {
        int yes, no, abstain;
        const char *absent[3];
    } cases[] = {
        {3, 1, 1, {"NAA", NULL, NULL}},
        {2, 1, 1, {"NAA", "EBB", NULL}},
        {1, 1, 1, {"NAA", "EBB", "NBB"}},
        {3, 2, 1, {NULL, NULL, NULL}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ns_vote_request_t req;
        memset(&req, 0, sizeof req);
        req.line = "dev";
        req.year = 2002;
        req.tally = true;
        req.absent_rest = true;
        req.yes = cases[c].yes;
        req.no = cases[c].no;
        req.abstain = cases[c].abstain;
        ns_vote_forecast_t *f = NULL;
        assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_OK);
        assert_int_equal(f->n, 6);
        assert_int_equal(f->n_attendance, 3);
        size_t n_absent = 0;
        double sum_yes = 0;
        double sum_no = 0;
        for (size_t i = 0; i < f->n; i++) {
            const char *iso3 = ns_world_state(w, f->rows[i].state)->iso3;
            bool expected = false;
            for (int k = 0; k < 3; k++) {
                expected = expected ||
                           (cases[c].absent[k] != NULL && strcmp(cases[c].absent[k], iso3) == 0);
            }
            assert_int_equal(f->rows[i].absent, expected);
            if (f->rows[i].absent) {
                n_absent++;
                assert_true(isnan(f->rows[i].p.yes));
            } else {
                sum_yes += f->rows[i].p.yes;
                sum_no += f->rows[i].p.no;
            }
        }
        assert_int_equal(n_absent, f->n_absent);
        assert_int_equal(n_absent, 6 - cases[c].yes - cases[c].no - cases[c].abstain);
        assert_float_equal(sum_yes, cases[c].yes, 1e-6);
        assert_float_equal(sum_no, cases[c].no, 1e-6);
        assert_float_equal(row_of(w, f, "NAA")->absence, 2.0 / 3, 1e-12);
        assert_float_equal(row_of(w, f, "EBB")->absence, 1.0 / 3, 1e-12);
        assert_float_equal(row_of(w, f, "WAA")->absence, 0.0, 1e-12);
        ns_vote_forecast_free(f);
    }

    /* Four counts: the absent are given and the sum must be the members'. */
    ns_vote_request_t req;
    memset(&req, 0, sizeof req);
    req.line = "dev";
    req.year = 2002;
    req.tally = true;
    req.yes = 2;
    req.no = 1;
    req.abstain = 1;
    req.absent = 2;
    ns_vote_forecast_t *f = NULL;
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_OK);
    assert_int_equal(f->n_absent, 2);
    assert_true(row_of(w, f, "NAA")->absent && row_of(w, f, "EBB")->absent);
    ns_vote_forecast_free(f);
    req.absent = 1; /* 2 + 1 + 1 + 1 = 5, not 6. */
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "1 absent"));
    assert_null(f);
    /* Three counts summing to more than the members. */
    req.absent_rest = true;
    req.yes = 5;
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_EINVAL);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "more than the 6"));
    ns_world_free(w);

    /* The session before the year breaks the tie of NBB and EBB (1/3 each): NBB voted in
     * 20 of the 2001 session's roll calls against 40 for the others (share 1/2 against
     * 1), which outweighs EBB's later absence. */
    session_votes_2001[5] = 20;
    w = build_world(ctx, false);
    session_votes_2001[5] = 40;
    add_rollcall_without(ctx, w, "A/RES/56/2", "2001-12-10", away2, 2);
    add_rollcall_without(ctx, w, "A/RES/56/3", "2001-12-20", away3, 2);
    req.yes = 2;
    req.no = 1;
    req.abstain = 1;
    assert_int_equal(ns_vote_forecast(ctx, w, &req, &f), NS_OK);
    assert_true(row_of(w, f, "NAA")->absent && row_of(w, f, "NBB")->absent);
    assert_false(row_of(w, f, "EBB")->absent);
    ns_vote_forecast_free(f);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* Out of memory at every allocation of a forecast and a backtest: an error, no leak. */
static void test_out_of_memory(void **state)
{
    (void)state;
    failing_alloc_t fa;
    ns_ctx_t *build = NULL;
    assert_int_equal(ns_ctx_new(NULL, &build), NS_OK);
    ns_world_t *w = build_world(build, false);
    ns_vote_request_t req;
    memset(&req, 0, sizeof req);
    req.resolution = "A/RES/57/1";
    ns_vote_request_t absentees;
    memset(&absentees, 0, sizeof absentees);
    absentees.line = "dev";
    absentees.year = 2002;
    absentees.tally = true;
    absentees.absent_rest = true;
    absentees.yes = absentees.no = absentees.abstain = 1;
    for (long k = 1; k < 400; k++) {
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_vote_forecast_t *f = NULL;
        ns_status st = ns_vote_forecast(ctx, w, &req, &f);
        assert_true(st == NS_OK || st == NS_ENOMEM);
        ns_vote_forecast_free(f);
        f = NULL;
        st = ns_vote_forecast(ctx, w, &absentees, &f); /* The attendance path. */
        assert_true(st == NS_OK || st == NS_ENOMEM);
        ns_vote_forecast_free(f);
        ns_vote_backtest_t bt;
        st = ns_vote_backtest(ctx, w, &bt);
        assert_true(st == NS_OK || st == NS_ENOMEM);
        ns_vote_backtest_free(&bt);
        ns_ctx_free(ctx);
    }
    ns_world_free(w);
    ns_ctx_free(build);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_states_known_answers),
        cmocka_unit_test(test_tally_fit_known_answer),
        cmocka_unit_test(test_sign_mirror),
        cmocka_unit_test(test_order_invariance),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_history_same_as_alone),
        cmocka_unit_test(test_tally_with_absentees),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
