/* The built-in UN dataset: counts and facts checked against the CSV text read here
 * independently (plain string handling, not the library's reader), the verified filter,
 * and every broken fixture of tests/data/csv/ loaded through opts.dir.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static ns_world_t *load(ns_ctx_t *ctx, ns_verified_filter_t filter)
{
    ns_data_options_t opts = {NULL, filter};
    ns_world_t *w = NULL;
    ns_status st = ns_data_load(ctx, &opts, &w);
    if (st != NS_OK) {
        fail_msg("load failed: %s", ns_ctx_errmsg(ctx));
    }
    return w;
}

static const char *source_dir(void)
{
    const char *s = getenv("NS_SOURCE_DIR");
    return s != NULL ? s : ".";
}

static void test_states(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = load(ctx, NS_FILTER_ALL);
    assert_int_equal(ns_world_state_count(w), 193);
    /* The P5 (UN Charter Art. 23), in code order. */
    char p5[32] = "";
    for (size_t i = 0; i < ns_world_state_count(w); i++) {
        if (ns_world_state(w, i)->p5) {
            strcat(p5, ns_world_state(w, i)->iso3);
            strcat(p5, " ");
        }
    }
    assert_string_equal(p5, "CHN FRA GBR RUS USA ");
    size_t i = 0;
    assert_int_equal(ns_world_find_state(ctx, w, "USS", &i), NS_ENOTFOUND);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "did you mean USA?"));
    /* Capability: the largest economy is 1; PRK has no GDP at all. */
    assert_int_equal(ns_world_find_state(ctx, w, "USA", &i), NS_OK);
    assert_true(ns_world_capability(w, i) == 1.0);
    assert_int_equal(ns_world_find_state(ctx, w, "PRK", &i), NS_OK);
    assert_true(ns_world_capability(w, i) != ns_world_capability(w, i)); /* NaN */
    assert_string_equal(ns_world_dimension(w, 0)->id, "ihl");
    assert_int_equal(ns_world_dimension_count(w), 9);
    char version[64];
    snprintf(version, sizeof version, "builtin:%s", ns_data_version());
    assert_string_equal(ns_world_data_version(w), version);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* gge_members.csv read as text: its first three fields (gge_id, years, iso3) never hold
 * quotes or commas, so splitting at the first three commas is exact. */
typedef struct gge_text {
    char iso3[200][4];
    int groups[200][7];
    int n_states;
    int rows;
    int per_gge[7];
} gge_text_t;

static void read_members_text(gge_text_t *g)
{
    char path[1024];
    char line[8192];
    snprintf(path, sizeof path, "%s/data/gge_members.csv", source_dir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    memset(g, 0, sizeof *g);
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f) != NULL) {
        int k = 0;
        char iso3[4] = "";
        if (sscanf(line, "GGE%d,%*[^,],%3[A-Z],", &k, iso3) != 2) {
            continue; /* a continuation line of a quoted field */
        }
        assert_true(k >= 1 && k <= 6);
        int s = 0;
        while (s < g->n_states && strcmp(g->iso3[s], iso3) != 0) {
            s++;
        }
        if (s == g->n_states) {
            memcpy(g->iso3[g->n_states++], iso3, 4);
        }
        g->groups[s][k] = 1;
        g->per_gge[k]++;
        g->rows++;
    }
    fclose(f);
}

static void test_gge_members(void **state)
{
    (void)state;
    gge_text_t text;
    read_members_text(&text);
    /* The text itself: 115 rows, the recorded sizes, 44 states, 6 in all six groups. */
    assert_int_equal(text.rows, 115);
    static const int sizes[7] = {0, 15, 15, 15, 20, 25, 25}; /* MECHANISM.md 3.2 */
    int all_six = 0;
    for (int k = 1; k <= 6; k++) {
        assert_int_equal(text.per_gge[k], sizes[k]);
    }
    for (int s = 0; s < text.n_states; s++) {
        int n = 0;
        for (int k = 1; k <= 6; k++) {
            n += text.groups[s][k];
        }
        all_six += n == 6;
    }
    assert_int_equal(text.n_states, 44);
    assert_int_equal(all_six, 6);

    /* The world agrees with the text, member by member. */
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = load(ctx, NS_FILTER_ALL);
    int total = 0;
    for (int k = 1; k <= 6; k++) {
        char id[8];
        size_t b = 0;
        snprintf(id, sizeof id, "GGE%d", k);
        assert_int_equal(ns_world_find_body(ctx, w, id, &b), NS_OK);
        const ns_body_t *body = ns_world_body(w, b);
        assert_int_equal(body->n_members, sizes[k]);
        assert_int_equal(body->seats, sizes[k]);
        assert_int_equal(body->membership, NS_MEMBERS_HISTORICAL);
        assert_int_equal(body->decision, NS_DECIDE_CONSENSUS);
        assert_int_equal(body->n_mandate, 9);
        for (size_t m = 0; m < body->n_members; m++) {
            const char *iso3 = ns_world_state(w, body->members[m])->iso3;
            int s = 0;
            while (s < text.n_states && strcmp(text.iso3[s], iso3) != 0) {
                s++;
            }
            assert_true(s < text.n_states);
            assert_int_equal(text.groups[s][k], 1);
            total++;
        }
        /* Outcomes (MECHANISM.md 3.5): no consensus in 2004-05 and 2016-17. */
        assert_int_equal(body->outcome,
                         (k == 1 || k == 5) ? NS_OUTCOME_FAILED : NS_OUTCOME_ADOPTED);
    }
    assert_int_equal(total, 115);
    size_t b = 0;
    assert_int_equal(ns_world_find_body(ctx, w, "GGE4", &b), NS_OK);
    assert_string_equal(ns_world_body(w, b)->report_symbol, "A/70/174");
    assert_string_equal(ns_world_state(w, (size_t)ns_world_body(w, b)->chair)->iso3, "BRA");
    /* The open bodies and the Assembly. */
    assert_int_equal(ns_world_find_body(ctx, w, "OEWG1", &b), NS_OK);
    assert_int_equal(ns_world_body(w, b)->outcome, NS_OUTCOME_ADOPTED);
    assert_int_equal(ns_world_body(w, b)->membership, NS_MEMBERS_OPEN);
    assert_true(ns_world_body(w, b)->stakeholders_consulted);
    assert_int_equal(ns_world_find_body(ctx, w, "OEWG2", &b), NS_OK);
    assert_int_equal(ns_world_body(w, b)->outcome, NS_OUTCOME_ADOPTED);
    assert_int_equal(ns_world_find_body(ctx, w, "GM", &b), NS_OK);
    assert_int_equal(ns_world_body(w, b)->outcome, NS_OUTCOME_UNKNOWN);
    assert_int_equal(ns_world_body(w, b)->kind, NS_BODY_MECHANISM);
    assert_int_equal(ns_world_find_body(ctx, w, "GA", &b), NS_OK);
    assert_int_equal(ns_world_body(w, b)->decision, NS_DECIDE_MAJORITY);
    assert_int_equal(ns_world_body_count(w), 10);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

static void test_resolutions_and_votes(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = load(ctx, NS_FILTER_ALL);
    assert_int_equal(ns_world_resolution_count(w), 34);
    assert_int_equal(ns_world_vote_count(w), 1598);
    /* Per resolution, the roll call adds up to the recorded tally. */
    int with_votes = 0;
    for (size_t r = 0; r < ns_world_resolution_count(w); r++) {
        int n[3] = {0, 0, 0};
        for (size_t v = 0; v < ns_world_vote_count(w); v++) {
            if (ns_world_vote(w, v)->resolution == r) {
                n[ns_world_vote(w, v)->vote]++;
            }
        }
        const ns_resolution_t *res = ns_world_resolution(w, r);
        if (n[0] + n[1] + n[2] > 0) {
            with_votes++;
            assert_int_equal(n[NS_VOTE_YES], res->yes);
            assert_int_equal(n[NS_VOTE_NO], res->no);
            assert_int_equal(n[NS_VOTE_ABSTAIN], res->abstain);
        }
    }
    assert_int_equal(with_votes, 9); /* data/README.md lists nine roll calls */
    /* The 2018 split (MECHANISM.md 5.1): 73/27 passed 119-46-14. The United States alone
     * voted no on 60/45 (6.1). */
    size_t r = 0;
    assert_int_equal(ns_world_find_resolution(ctx, w, "A/RES/73/27", &r), NS_OK);
    assert_int_equal(ns_world_resolution(w, r)->yes, 119);
    assert_int_equal(ns_world_resolution(w, r)->no, 46);
    assert_int_equal(ns_world_resolution(w, r)->abstain, 14);
    assert_int_equal(ns_world_find_resolution(ctx, w, "A/RES/60/45", &r), NS_OK);
    size_t usa = 0;
    assert_int_equal(ns_world_find_state(ctx, w, "USA", &usa), NS_OK);
    for (size_t v = 0; v < ns_world_vote_count(w); v++) {
        const ns_vote_t *vote = ns_world_vote(w, v);
        if (vote->resolution == r && vote->vote == NS_VOTE_NO) {
            assert_int_equal(vote->state, usa);
        }
    }
    /* The unnumbered 79th-session row is kept and findable. */
    assert_int_equal(ns_world_find_resolution(ctx, w, "session:79", &r), NS_OK);
    assert_string_equal(ns_world_resolution(w, r)->symbol, "");
    /* Norms 2015a..2015k, from GGE4's report. */
    assert_int_equal(ns_world_norm_count(w), 11);
    assert_string_equal(ns_world_norm(w, 0)->id, "2015a");
    assert_string_equal(ns_world_norm(w, 10)->id, "2015k");
    size_t gge4 = 0;
    assert_int_equal(ns_world_find_body(ctx, w, "GGE4", &gge4), NS_OK);
    assert_int_equal(ns_world_norm(w, 10)->body, (long)gge4);
    assert_int_equal(ns_world_ideal_point_count(w), 3974);
    assert_int_equal(ns_world_gdp_count(w), 4931);
    assert_int_equal(ns_world_membership_count(w), 407);
    assert_int_equal(ns_world_org_count(w), 12);
    assert_int_equal(ns_world_national_position_count(w), 25);
    assert_int_equal(ns_world_adoption_event_count(w), 246);
    assert_int_equal(ns_world_gci_count(w), 45);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

static size_t members_of(ns_ctx_t *ctx, const ns_world_t *w, const char *id, bool *present)
{
    size_t b = 0;
    *present = ns_world_find_body(ctx, w, id, &b) == NS_OK;
    return *present ? ns_world_body(w, b)->n_members : 0;
}

/* data/README.md: GGE1 all 15 'no' (and its session row 'partly'); GGE2 11 'no' and 4
 * 'partly'; GGE5 15 'no' and 10 'partly'; GGE3, GGE4, GGE6 all 'yes'. */
static void test_filters(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    bool present = false;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_world_t *w = load(ctx, NS_FILTER_PARTLY);
    assert_int_equal(members_of(ctx, w, "GGE1", &present), 0);
    assert_true(present);
    assert_int_equal(members_of(ctx, w, "GGE2", &present), 4);
    assert_int_equal(members_of(ctx, w, "GGE5", &present), 10);
    assert_int_equal(members_of(ctx, w, "GGE3", &present), 15);
    ns_world_free(w);
    w = load(ctx, NS_FILTER_VERIFIED);
    members_of(ctx, w, "GGE1", &present);
    assert_false(present); /* the session row itself is 'partly' */
    assert_int_equal(members_of(ctx, w, "GGE2", &present), 0);
    assert_int_equal(members_of(ctx, w, "GGE5", &present), 0);
    assert_int_equal(members_of(ctx, w, "GGE4", &present), 20);
    assert_int_equal(members_of(ctx, w, "GGE6", &present), 25);
    /* Rows without a verified column are all kept. */
    assert_int_equal(ns_world_state_count(w), 193);
    assert_int_equal(ns_world_ideal_point_count(w), 3974);
    assert_int_equal(ns_world_gdp_count(w), 0); /* every GDP row is 'partly' */
    ns_world_free(w);
    ns_ctx_free(ctx);
}

static void test_load_is_fast(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    ns_world_t *w = load(ctx, NS_FILTER_ALL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    printf("built-in load: %.1f ms\n", ms);
    /* The target is well under 100 ms in a release build; sanitizers slow it several
     * times, so the bound here is loose. */
    assert_true(ms < 1000.0);
    ns_world_free(w);
    ns_ctx_free(ctx);
}

/* ---- Broken fixtures ------------------------------------------------------------------ */

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    FILE *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        assert_int_equal(fwrite(buf, 1, n, out), n);
    }
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static const char *const data_files[] = {"adoption_events.csv",
                                         "cbms_2015.csv",
                                         "gdp.csv",
                                         "gge_members.csv",
                                         "gge_sessions.csv",
                                         "ideal_points.csv",
                                         "intl_law_2015.csv",
                                         "itu_gci.csv",
                                         "mandates.csv",
                                         "memberships.csv",
                                         "national_positions.csv",
                                         "norms_2015.csv",
                                         "oewg.csv",
                                         "relations_events.csv",
                                         "sponsors.csv",
                                         "stances.csv",
                                         "states.csv",
                                         "unga_resolutions.csv",
                                         "unga_votes.csv"};

/* Copy data/ to a temporary directory, replace `target` with the fixture, load it, and
 * return the status; the message is left on ctx. */
static ns_status load_broken(ns_ctx_t *ctx, const char *fixture, const char *target)
{
    char dir[] = "/tmp/ns_test_data_XXXXXX";
    char from[2048], to[2048];
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < sizeof data_files / sizeof data_files[0]; i++) {
        snprintf(from, sizeof from, "%s/data/%s", source_dir(), data_files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, data_files[i]);
        copy_file(from, to);
    }
    const char *fixtures = getenv("NS_TEST_DATA");
    snprintf(from, sizeof from, "%s/csv/%s", fixtures != NULL ? fixtures : "tests/data", fixture);
    snprintf(to, sizeof to, "%s/%s", dir, target);
    copy_file(from, to);
    ns_data_options_t opts = {dir, NS_FILTER_ALL};
    ns_world_t *w = NULL;
    ns_status st = ns_data_load(ctx, &opts, &w);
    assert_null(w);
    for (size_t i = 0; i < sizeof data_files / sizeof data_files[0]; i++) {
        snprintf(to, sizeof to, "%s/%s", dir, data_files[i]);
        unlink(to);
    }
    rmdir(dir);
    return st;
}

static void expect_broken(const char *fixture, const char *target, ns_status want,
                          const char *where, const char *detail)
{
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_status st = load_broken(ctx, fixture, target);
    const char *msg = ns_ctx_errmsg(ctx);
    printf("%s: %s\n", fixture, msg);
    assert_int_equal(st, want);
    assert_non_null(strstr(msg, where));
    assert_non_null(strstr(msg, detail));
    ns_ctx_free(ctx);
}

/* Lines and columns counted by hand in each fixture (tests/data/csv/README.md). */
static void test_broken_unknown_iso3(void **state)
{
    (void)state;
    expect_broken("gge_members_unknown_iso3.csv", "gge_members.csv", NS_EINVAL,
                  "gge_members.csv:4:16: iso3: ", "unknown state code 'CHM' (did you mean CHE?)");
}

static void test_broken_bad_year(void **state)
{
    (void)state;
    expect_broken("gdp_bad_year.csv", "gdp.csv", NS_ERANGE, "gdp.csv:4:5: year: ", "1850");
}

static void test_broken_header(void **state)
{
    (void)state;
    expect_broken("oewg_wrong_header.csv", "oewg.csv", NS_EPARSE,
                  "oewg.csv:1:", "expected column 'chair_iso3', found 'chair_iso'");
}

static void test_broken_quote(void **state)
{
    (void)state;
    expect_broken("norms_unterminated_quote.csv", "norms_2015.csv", NS_EPARSE,
                  "norms_2015.csv:3:", "");
}

static void test_broken_truncated(void **state)
{
    (void)state;
    expect_broken("unga_votes_truncated.csv", "unga_votes.csv", NS_EPARSE,
                  "unga_votes.csv:5:", "row has 4 fields, expected 5");
}

static void test_broken_number(void **state)
{
    (void)state;
    expect_broken("ideal_points_nonnumeric.csv", "ideal_points.csv", NS_EINVAL,
                  "ideal_points.csv:4:13: ideal_point: ", "n/a");
}

static void test_missing_dir(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_data_options_t opts = {"/nonexistent/normsim-data", NS_FILTER_ALL};
    ns_world_t *w = NULL;
    assert_int_equal(ns_data_load(ctx, &opts, &w), NS_ENOTFOUND);
    assert_null(w);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "/nonexistent/normsim-data"));
    ns_ctx_free(ctx);
}

static void test_builtin_files(void **state)
{
    (void)state;
    size_t n = 0;
    const ns_data_file_t *files = ns_data_builtin_files(&n);
    assert_int_equal(n, sizeof data_files / sizeof data_files[0]);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(ns_data_builtin_file(files[i].name), &files[i]);
    }
    assert_null(ns_data_builtin_file("nope.csv"));
    assert_non_null(strstr(ns_data_builtin_file("states.csv")->bytes, "AFG,4,Afghanistan"));
}

/* Every allocation of a full load may fail: the load must return NS_ENOMEM and leak
 * nothing. Allocations are tried one by one for the first 60 and then in steps, which
 * reaches every loader at a tolerable cost. */
static void test_load_out_of_memory(void **state)
{
    (void)state;
    bool done = false;
    for (long k = 1; !done && k < 100000; k += k < 60 ? 1 : 23) {
        failing_alloc_t fa;
        ns_ctx_t *ctx = failing_ctx(&fa, k);
        assert_non_null(ctx);
        ns_world_t *w = NULL;
        ns_status st = ns_data_load(ctx, NULL, &w);
        if (st == NS_OK) {
            done = true;
        } else {
            assert_int_equal(st, NS_ENOMEM);
            assert_null(w);
        }
        ns_world_free(w);
        ns_ctx_free(ctx);
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_gge_members),
        cmocka_unit_test(test_resolutions_and_votes),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_load_is_fast),
        cmocka_unit_test(test_broken_unknown_iso3),
        cmocka_unit_test(test_broken_bad_year),
        cmocka_unit_test(test_broken_header),
        cmocka_unit_test(test_broken_quote),
        cmocka_unit_test(test_broken_truncated),
        cmocka_unit_test(test_broken_number),
        cmocka_unit_test(test_missing_dir),
        cmocka_unit_test(test_builtin_files),
        cmocka_unit_test(test_load_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
