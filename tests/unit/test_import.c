/* Importers of Decide, KTAB and wide tables (src/input/import.c): the good fixtures read
 * into the values written in them, the bad ones fail at the right file:line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#define assert_near(got, want, eps) check_near((got), (want), (eps), #got, __LINE__)
static void check_near(double got, double want, double eps, const char *what, int line)
{
    if (!(fabs(got - want) <= eps)) {
        print_error("line %d: %s = %.17g, want %.17g (+- %g)\n", line, what, got, want, eps);
        fail();
    }
}

static const char *fixture(const char *name)
{
    static char path[1024];
    const char *dir = getenv("NS_TEST_DATA");
    snprintf(path, sizeof path, "%s/import/%s", dir != NULL ? dir : "tests/data", name);
    return path;
}

static long find(char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

/* Value of cell (issue, actor) by names; NaN position when absent. */
static size_t cell(const ns_table_t *t, const char *issue, const char *actor)
{
    long i = find(t->issue, t->n_issues, issue), a = find(t->actor, t->n_actors, actor);
    assert_true(i >= 0 && a >= 0);
    return ns_table_at(t, (size_t)i, (size_t)a);
}

static ns_table_t *import_ok(ns_ctx_t *ctx, ns_import_format_t fmt, const char *name)
{
    ns_table_t *t = NULL;
    ns_status st = ns_import_file(ctx, fmt, fixture(name), &t);
    if (st != NS_OK) {
        print_error("%s\n", ns_ctx_errmsg(ctx));
    }
    assert_int_equal(st, NS_OK);
    return t;
}

/* A bad file: the status, the line, and a word of the message. */
static void import_bad(ns_import_format_t fmt, const char *name, ns_status want, int line,
                       const char *word)
{
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = NULL;
    assert_int_equal(ns_import_file(ctx, fmt, fixture(name), &t), want);
    assert_null(t);
    assert_int_equal(ns_ctx_errline(ctx), line);
    assert_non_null(strstr(ns_ctx_errfile(ctx), name));
    if (strstr(ns_ctx_errmsg(ctx), word) == NULL) {
        print_error("message '%s' lacks '%s'\n", ns_ctx_errmsg(ctx), word);
        fail();
    }
    ns_ctx_free(ctx);
}

/* decide_good.tab: #M gives emis the scale 4..10; saliences are percentages (the
 * largest is 90 > 1), so 80 -> 0.8; the UK line repeats the section letter and the
 * NL tax line is split at semicolons; UK sits out the tax issue. */
static void test_decide_good(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = import_ok(ctx, NS_IMPORT_DECIDE, "decide_good.tab");
    assert_int_equal(t->n_actors, 3);
    assert_int_equal(t->n_issues, 2);
    assert_string_equal(t->actor[2], "UK");
    assert_string_equal(t->issue[0], "emis");
    assert_near(t->scale_min[0], 4.0, 0.0);
    assert_near(t->scale_max[0], 10.0, 0.0);
    assert_near(t->scale_min[1], 0.0, 0.0);
    assert_near(t->scale_max[1], 100.0, 0.0);
    size_t c = cell(t, "emis", "DE");
    assert_near(t->position[c], 4.0, 0.0);
    assert_near(t->salience[c], 0.8, 1e-15);
    assert_near(t->capability[c], 16.0, 0.0);
    c = cell(t, "tax", "NL");
    assert_near(t->position[c], 75.0, 0.0);
    assert_near(t->salience[c], 0.5, 1e-15);
    assert_true(isnan(t->position[cell(t, "tax", "UK")]));
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* ktab_good.csv: a scenario row, a header with a trailing comma, saliences in percent,
 * UK without a second-dimension entry (sits out). */
static void test_ktab_good(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = import_ok(ctx, NS_IMPORT_KTAB, "ktab_good.csv");
    assert_int_equal(t->n_actors, 3);
    assert_int_equal(t->n_issues, 2);
    assert_string_equal(t->issue[0], "Pos 1");
    size_t c = cell(t, "Pos 2", "DE");
    assert_near(t->position[c], 25.0, 0.0);
    assert_near(t->salience[c], 0.3, 1e-15);
    assert_near(t->capability[c], 16.0, 0.0);
    assert_near(t->salience[cell(t, "Pos 1", "UK")], 0.9, 1e-15);
    assert_true(isnan(t->position[cell(t, "Pos 2", "UK")]));
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);

    /* Without the scenario row the header comes first: the same table. */
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const char *text = "name,desc,power,p1,s1\nA,,2,10,50\nB,,1,90,100\n";
    assert_int_equal(ns_import_mem(ctx, NS_IMPORT_KTAB, "m.csv", text, strlen(text), &t), NS_OK);
    assert_int_equal(t->n_actors, 2);
    assert_near(t->salience[1], 1.0, 0.0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* wide_good.csv: capabilities from c<actor>, status quo and outcome, DE sits out tax. */
static void test_wide_good(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = import_ok(ctx, NS_IMPORT_WIDE, "wide_good.csv");
    assert_int_equal(t->n_actors, 2);
    assert_int_equal(t->n_issues, 2);
    assert_near(t->status_quo[0], 4.0, 0.0);
    assert_near(t->outcome[0], 8.0, 0.0);
    assert_true(isnan(t->outcome[1]));
    size_t c = cell(t, "emis", "DE");
    assert_near(t->capability[c], 16.0, 0.0);
    assert_near(t->salience[c], 0.8, 0.0);
    assert_true(isnan(t->position[cell(t, "tax", "DE")]));
    /* Round trip: the long CSV written reads back into the same cells. */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_non_null(mem);
    assert_int_equal(ns_table_write_csv(ctx, t, mem), NS_OK);
    fclose(mem);
    ns_table_t *back = NULL;
    assert_int_equal(ns_table_read_mem(ctx, "back.csv", buf, len, &back), NS_OK);
    assert_near(back->capability[cell(back, "emis", "DE")], 16.0, 0.0);
    assert_near(back->position[cell(back, "tax", "NL")], 75.0, 0.0);
    free(buf);
    ns_table_free(ctx, back);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
}

/* Decide's files as its repository ships them (foarsitter/decide-exchange-model,
 * data/input/): every row tagged, every field quoted, tabs, trailing tabs; comment rows
 * #O and #/; labelled scale points; semicolons with decimal commas, a BOM and CRLF. The
 * fixtures are written for normsim in those layouts (Decide's repository states no
 * licence, so its data files are not copied). */
static void test_decide_shipped_layouts(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    /* quoted.csv: '#A'\t'South bloc'\t'South bloc'\t''\t ... */
    ns_table_t *t = import_ok(ctx, NS_IMPORT_DECIDE, "decide/quoted.csv");
    assert_int_equal(t->n_actors, 3);
    assert_int_equal(t->n_issues, 3);
    assert_string_equal(t->actor[1], "South bloc");
    assert_string_equal(t->issue[2], "label");
    size_t c = cell(t, "aid", "South bloc");
    assert_near(t->position[c], 10.0, 0.0);
    assert_near(t->salience[c], 0.8, 0.0);
    assert_near(t->capability[c], 0.5, 0.0);
    assert_true(isnan(t->position[cell(t, "label", "East")])); /* No #D row: sits out. */
    ns_table_free(ctx, t);
    /* sample.txt: #O and #/ rows are comments; fee's scale is 0.5..7 from its #M rows. */
    t = import_ok(ctx, NS_IMPORT_DECIDE, "decide/sample.txt");
    assert_int_equal(t->n_actors, 3);
    assert_string_equal(t->issue[1], "fee");
    assert_near(t->scale_min[1], 0.5, 0.0);
    assert_near(t->scale_max[1], 7.0, 0.0);
    assert_near(t->position[cell(t, "fee", "Red")], 0.5, 0.0);
    assert_near(t->salience[cell(t, "toll", "Mayor")], 0.95, 0.0);
    ns_table_free(ctx, t);
    /* semicolon.csv: BOM, CRLF, 0,9 is 0.9 and 70,5 is 70.5. */
    t = import_ok(ctx, NS_IMPORT_DECIDE, "decide/semicolon.csv");
    assert_string_equal(t->actor[0], "N");
    assert_near(t->salience[cell(t, "tax", "N")], 0.9, 0.0);
    assert_near(t->capability[cell(t, "tax", "S")], 0.5, 0.0);
    assert_near(t->position[cell(t, "aid", "N")], 70.5, 0.0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
    /* with_errors.csv: a negative power, refused at its cell as Decide refuses it. */
    import_bad(NS_IMPORT_DECIDE, "decide/with_errors.csv", NS_ERANGE, 5, "-0.5");
}

/* A field quoted with the separator and a doubled quote inside, from memory. */
static void test_decide_quotes(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const char *text = "'#A'\t'a\tb'\t'x'\n\"#A\"\t\"it\"\"s\"\n'#P'\t'q'\n"
                       "'#D'\t'a\tb'\t'q'\t'1,5'\t0.5\t1\n'#D'\t'it\"s'\t'q'\t2\t0.5\t1\n";
    ns_table_t *t = NULL;
    assert_int_equal(ns_import_mem(ctx, NS_IMPORT_DECIDE, "q.csv", text, strlen(text), &t), NS_OK);
    assert_string_equal(t->actor[0], "a\tb");
    assert_string_equal(t->actor[1], "it\"s");
    assert_near(t->position[ns_table_at(t, 0, 0)], 1.5, 0.0);
    ns_table_free(ctx, t);
    /* An error in a quoted cell names the column of its opening quote. */
    text = "'#A'\t'n'\n'#P'\t'q'\n'#D'\t'n'\t'q'\t'x'\t0.5\t1\n";
    assert_int_equal(ns_import_mem(ctx, NS_IMPORT_DECIDE, "q.csv", text, strlen(text), &t),
                     NS_EINVAL);
    assert_int_equal(ns_ctx_errline(ctx), 3);
    assert_int_equal(ns_ctx_errcol(ctx), 14);
    ns_ctx_free(ctx);
}

/* KTAB's files of examples/smp/doc/ (repository lsyaseen/KTAB, MIT licence; copied to
 * tests/data/import/ktab/ with the licence): cells padded with spaces, a trailing ", "
 * on every row, the dimension count from the scenario row. */
static void test_ktab_shipped(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *t = import_ok(ctx, NS_IMPORT_KTAB, "ktab/SOE-Policy.csv");
    assert_int_equal(t->n_actors, 26);
    assert_int_equal(t->n_issues, 1);
    assert_string_equal(t->issue[0], "Policy Position");
    assert_near(t->position[cell(t, "Policy Position", "USA")], 100.0, 0.0);
    assert_near(t->salience[cell(t, "Policy Position", "ZGB")], 0.5, 0.0);
    assert_near(t->capability[cell(t, "Policy Position", "XJ")], 100.0, 0.0);
    ns_table_free(ctx, t);
    t = import_ok(ctx, NS_IMPORT_KTAB, "ktab/dummyData-a040.csv");
    assert_int_equal(t->n_actors, 40);
    assert_string_equal(t->issue[0], "XYZ Position"); /* "  XYZ Position", trimmed. */
    /* 43.31 % is the double nearest 0.4331, not 0.43310000000000004. */
    assert_true(t->salience[cell(t, "XYZ Position", "Act-1001")] == 0.4331);
    ns_table_free(ctx, t);
    const char *files[] = {"ktab/dummyData_3Dim.csv", "ktab/dummyData_3Dim-no-final-comma.csv",
                           "ktab/SOE-Pol-Comp.csv"};
    const size_t dims[] = {3, 3, 2}, actors[] = {7, 7, 13};
    for (size_t k = 0; k < 3; k++) {
        t = import_ok(ctx, NS_IMPORT_KTAB, files[k]);
        assert_int_equal(t->n_issues, dims[k]);
        assert_int_equal(t->n_actors, actors[k]);
        ns_table_free(ctx, t);
    }
    ns_ctx_free(ctx);
    /* KTAB's output next to them (an effective-power log) is refused by name. */
    import_bad(NS_IMPORT_KTAB, "ktab/SOE-Policy.csv_effPow.csv", NS_EPARSE, 1, "output");
    /* The scenario row's actor count is checked, as KTAB reads exactly that many. */
    ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    const char *text = "s,d, 3, 1,\nA,D,P,p,s\nA,,1,10,50\nB,,1,90,50\n";
    assert_int_equal(ns_import_mem(ctx, NS_IMPORT_KTAB, "k.csv", text, strlen(text), &t),
                     NS_EINVAL);
    assert_int_equal(ns_ctx_errline(ctx), 1);
    assert_non_null(strstr(ns_ctx_errmsg(ctx), "announces 3 actors, the file has 2"));
    ns_ctx_free(ctx);
}

/* KTAB's XML scenarios (examples/smp/doc/, MIT): dummyData_3Dim.xml holds the table of
 * dummyData_3Dim.csv, cell for cell; smpExample.xml leaves Alice's first coordinate
 * empty (she sits out FirstDim) and carries model parameters and ideal adjustments,
 * which are skipped. */
static void test_ktab_xml(void **state)
{
    (void)state;
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_table_t *x = import_ok(ctx, NS_IMPORT_KTAB, "ktab/dummyData_3Dim.xml");
    ns_table_t *c = import_ok(ctx, NS_IMPORT_KTAB, "ktab/dummyData_3Dim.csv");
    assert_int_equal(x->n_actors, 7);
    assert_int_equal(x->n_issues, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(x->issue[i], c->issue[i]);
    }
    for (size_t k = 0; k < 21; k++) {
        assert_true(x->position[k] == c->position[k]);
        assert_true(x->salience[k] == c->salience[k]);
        assert_true(x->capability[k] == c->capability[k]);
    }
    ns_table_free(ctx, x);
    ns_table_free(ctx, c);
    ns_table_t *t = import_ok(ctx, NS_IMPORT_KTAB, "ktab/smpExample.xml");
    assert_int_equal(t->n_actors, 5);
    assert_string_equal(t->issue[2], "YADN");
    assert_true(isnan(t->position[cell(t, "FirstDim", "Alice")]));
    assert_near(t->position[cell(t, "SecondDim", "Alice")], 39.8, 0.0);
    assert_near(t->salience[cell(t, "YADN", "Ellie")], 0.158, 0.0);
    assert_near(t->capability[cell(t, "YADN", "David")], 135.4, 0.0);
    ns_table_free(ctx, t);
    ns_ctx_free(ctx);
    struct {
        const char *text;
        ns_status want;
        int line;
    } bad[] = {
        {"<Scenario>\n<Dimensions><dName>a</dName></Dimensions>\n<Actors><Actor>"
         "<name>A</name><capability>1</capability><Position><dCoord>1</dCoord>"
         "<dCoord>2</dCoord></Position></Actor></Actors></Scenario>\n",
         NS_EPARSE, 3}, /* two coordinates, one dimension */
        {"<Scenario><Actors>\n<Actor><name>A</name></Actor></Actors></Scenario>", NS_EPARSE, 2},
        {"<Scenario><Dimensions><dName>a</dName></Dimensions>\n</Actors></Scenario>", NS_EPARSE, 2},
        {"<Scenario><Dimensions><dName>a</dName></Dimensions>\n<Actors><Actor><name>A</name>"
         "<capability>x</capability></Actor></Actors></Scenario>",
         NS_EINVAL, 2},
        {"<scenario/>", NS_EPARSE, 1},
        {"<Scenario>\n<Dimensions>", NS_EPARSE, 2},
        {"<Scenario><!-- open", NS_EPARSE, 1},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
        t = NULL;
        ns_status st =
            ns_import_mem(ctx, NS_IMPORT_KTAB, "x.xml", bad[k].text, strlen(bad[k].text), &t);
        if (st != bad[k].want || ns_ctx_errline(ctx) != bad[k].line) {
            print_error("case %zu: status %d line %d (%s)\n", k, st, ns_ctx_errline(ctx),
                        ns_ctx_errmsg(ctx));
            fail();
        }
        assert_null(t);
        ns_ctx_free(ctx);
    }
    /* Out of memory at every allocation: NS_ENOMEM, nothing leaked. */
    for (long k = 1;; k++) {
        failing_alloc_t fa;
        ns_ctx_t *fctx = failing_ctx(&fa, k);
        t = NULL;
        ns_status st = ns_import_file(fctx, NS_IMPORT_KTAB, fixture("ktab/smpExample.xml"), &t);
        ns_table_free(fctx, t);
        ns_ctx_free(fctx);
        if (st == NS_OK) {
            break;
        }
        assert_int_equal(st, NS_ENOMEM);
        assert_true(k < 10000);
    }
}

/* A workbook instead of text: one line that says what to do, for every format. */
static void test_workbook(void **state)
{
    (void)state;
    import_bad(NS_IMPORT_DECIDE, "decide/workbook.xlsx", NS_EPARSE, 0, "save it as CSV");
    import_bad(NS_IMPORT_KTAB, "decide/workbook.xlsx", NS_EPARSE, 0, "save it as CSV");
}

static void test_bad_fixtures(void **state)
{
    (void)state;
    import_bad(NS_IMPORT_DECIDE, "decide_bad_actor.tab", NS_EINVAL, 7, "unknown actor 'FR'");
    import_bad(NS_IMPORT_DECIDE, "decide_bad_number.tab", NS_EINVAL, 6, "not a number");
    import_bad(NS_IMPORT_KTAB, "ktab_bad_header.csv", NS_EPARSE, 1, "header");
    import_bad(NS_IMPORT_KTAB, "ktab_bad_salience.csv", NS_ERANGE, 3, "180");
    import_bad(NS_IMPORT_WIDE, "wide_bad_missing_salience.csv", NS_EPARSE, 1, "sDE");
    import_bad(NS_IMPORT_WIDE, "wide_bad_duplicate.csv", NS_EINVAL, 3, "twice");
    import_bad(NS_IMPORT_WIDE, "no_such_file.csv", NS_ENOTFOUND, 0, "cannot open");
}

/* Error paths from memory: each documented status at least once. */
static void test_error_paths(void **state)
{
    (void)state;
    struct {
        ns_import_format_t fmt;
        const char *text;
        ns_status want;
        int line;
    } cases[] = {
        {NS_IMPORT_DECIDE, "NL\tNetherlands\n", NS_EPARSE, 1},             /* no section */
        {NS_IMPORT_DECIDE, "#A\nNL\n#A\nNL\n", NS_EINVAL, 4},              /* duplicate */
        {NS_IMPORT_DECIDE, "#A\nNL\n#P\nx\n#D\nNL\tx\t1\n", NS_EPARSE, 6}, /* 3 fields */
        {NS_IMPORT_DECIDE, "#A\nNL\n#P\nx\n#D\nNL\tx\t1\t0.5\t-1\n", NS_ERANGE, 6},
        {NS_IMPORT_DECIDE, "#A\nNL\n#P\nx\n#D\nNL\ty\t1\t0.5\t1\n", NS_EINVAL, 6},
        {NS_IMPORT_DECIDE, "#A\nNL\n", NS_EINVAL, 0}, /* no issues */
        {NS_IMPORT_DECIDE, "#A\nNL\n#P\nx\n#M\nx\t0\nx\t10\n#D\nNL\tx\t20\t1\t1\n", NS_ERANGE,
         9}, /* outside the #M scale */
        {NS_IMPORT_KTAB, "", NS_EINVAL, 1},
        {NS_IMPORT_KTAB, "s,d,2,1\n", NS_EINVAL, 1},
        {NS_IMPORT_KTAB, "n,d,power,p,s\nA,,x,1,1\n", NS_EINVAL, 2},
        {NS_IMPORT_KTAB, "n,d,power,p,s\nA,,1,1,1\nA,,1,1,1\n", NS_EINVAL, 3},
        {NS_IMPORT_KTAB, "n,d,power,p,s\nA,,1,1,1,9,9\n", NS_EPARSE, 2},
        {NS_IMPORT_KTAB, "n,d,power,p,s\nA,,1,1,\n", NS_EINVAL, 2},
        {NS_IMPORT_KTAB, "n,d,power,p,s\n\"A,,1,1,1\n", NS_EPARSE, 2},
        {NS_IMPORT_WIDE, "pA,sA\n1,0.5\n", NS_EPARSE, 1},    /* no issue column */
        {NS_IMPORT_WIDE, "issue,note\nx,y\n", NS_EPARSE, 1}, /* no actor */
        {NS_IMPORT_WIDE, "issue,pA,sA,sB\nx,1,0.5,0.5\n", NS_EPARSE, 1},
        {NS_IMPORT_WIDE, "issue,pA,sA\nx,1,1.5\n", NS_ERANGE, 2},
        {NS_IMPORT_WIDE, "issue,pA,sA\nx,1\n", NS_EPARSE, 2},
        {NS_IMPORT_WIDE, "issue,pA,sA,scale_min,scale_max\nx,1,0.5,10,0\n", NS_EINVAL, 2},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ns_ctx_t *ctx = NULL;
        assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
        ns_table_t *t = NULL;
        ns_status st =
            ns_import_mem(ctx, cases[k].fmt, "m.txt", cases[k].text, strlen(cases[k].text), &t);
        if (st != cases[k].want || ns_ctx_errline(ctx) != cases[k].line) {
            print_error("case %zu: status %d line %d (%s), want %d line %d\n", k, st,
                        ns_ctx_errline(ctx), ns_ctx_errmsg(ctx), cases[k].want, cases[k].line);
            fail();
        }
        assert_null(t);
        ns_table_free(ctx, t);
        ns_ctx_free(ctx);
    }
    ns_ctx_t *ctx = NULL;
    assert_int_equal(ns_ctx_new(NULL, &ctx), NS_OK);
    ns_import_format_t fmt;
    assert_int_equal(ns_import_format_parse(ctx, "ktab", &fmt), NS_OK);
    assert_int_equal(fmt, NS_IMPORT_KTAB);
    assert_int_equal(ns_import_format_parse(ctx, "excel", &fmt), NS_EINVAL);
    ns_ctx_free(ctx);
}

/* Out of memory at every allocation of each good import: NS_ENOMEM, nothing leaked. */
static void test_out_of_memory(void **state)
{
    (void)state;
    const char *names[] = {"decide_good.tab", "ktab_good.csv", "wide_good.csv"};
    ns_import_format_t fmts[] = {NS_IMPORT_DECIDE, NS_IMPORT_KTAB, NS_IMPORT_WIDE};
    for (size_t f = 0; f < 3; f++) {
        for (long k = 1;; k++) {
            failing_alloc_t fa;
            ns_ctx_t *ctx = failing_ctx(&fa, k);
            assert_non_null(ctx);
            ns_table_t *t = NULL;
            ns_status st = ns_import_file(ctx, fmts[f], fixture(names[f]), &t);
            ns_table_free(ctx, t);
            ns_ctx_free(ctx);
            if (st == NS_OK) {
                break;
            }
            assert_int_equal(st, NS_ENOMEM);
            assert_true(k < 10000);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide_good),
        cmocka_unit_test(test_ktab_good),
        cmocka_unit_test(test_wide_good),
        cmocka_unit_test(test_bad_fixtures),
        cmocka_unit_test(test_error_paths),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_decide_shipped_layouts),
        cmocka_unit_test(test_decide_quotes),
        cmocka_unit_test(test_ktab_shipped),
        cmocka_unit_test(test_workbook),
        cmocka_unit_test(test_ktab_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
