/* The texts of the 2015 report (A/70/174): its eleven norms (norms_2015.csv), which
 * become the world's norms, and its statements on international law (intl_law_2015.csv)
 * and confidence-building measures (cbms_2015.csv), which are validated but not stored:
 * the world has no record type for them yet.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "data/loader.h"

#include <stdio.h>
#include <string.h>

/* A report symbol "A/SESSION/NUMBER". */
static bool is_report_symbol(const char *s)
{
    int session = 0, number = 0, end = 0;
    return sscanf(s, "A/%d/%d%n", &session, &number, &end) == 2 && s[end] == '\0' && session > 0 &&
           number > 0;
}

static ns_status load_norms(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"letter",    "label",    "paraphrase",        "report",
                                       "paragraph", "verified", "verification_note", "source"};
    enum { N_LETTER, N_LABEL, N_TEXT, N_REPORT, N_PARAGRAPH, N_VERIFIED, N_NOTE, N_SOURCE };
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "norms_2015.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_norm_t n;
        memset(&n, 0, sizeof n);
        const char *letter = ns__text(&t, N_LETTER);
        if (strlen(letter) != 1 || letter[0] < 'a' || letter[0] > 'z') {
            st = ns__error(&t, NS_EINVAL, N_LETTER, "'%s' is not a letter a..z", letter);
            break;
        }
        const char *report = ns__text(&t, N_REPORT);
        if ((st = ns__need(&t, N_LABEL)) != NS_OK || (st = ns__need(&t, N_TEXT)) != NS_OK) {
            break;
        }
        if (!is_report_symbol(report)) {
            st = ns__error(&t, NS_EINVAL, N_REPORT, "'%s' is not a report symbol A/SS/NNN", report);
            break;
        }
        /* The paragraph is 13(a) .. 13(k): it must name the row's letter. */
        const char *para = ns__text(&t, N_PARAGRAPH);
        size_t plen = strlen(para);
        if (plen < 4 || para[plen - 3] != '(' || para[plen - 2] != letter[0] ||
            para[plen - 1] != ')') {
            st = ns__error(&t, NS_EINVAL, N_PARAGRAPH, "'%s' does not end in (%s)", para, letter);
            break;
        }
        if ((st = ns__verified(&t, N_VERIFIED, &n.verified)) != NS_OK) {
            break;
        }
        if (!ns__keep(opts->filter, n.verified)) {
            continue;
        }
        char id[8];
        snprintf(id, sizeof id, "2015%s", letter);
        n.id = id;
        n.label = ns__text(&t, N_LABEL);
        n.text = ns__text(&t, N_TEXT);
        n.report = report;
        n.paragraph = para;
        n.year = 2015;
        /* The body whose consensus report holds the norm (GGE4 for A/70/174). */
        n.body = -1;
        for (size_t b = 0; b < ns_world_body_count(w); b++) {
            if (strcmp(ns_world_body(w, b)->report_symbol, report) == 0) {
                n.body = (long)b;
                n.year = ns_world_body(w, b)->end_year;
            }
        }
        st = ns_world_add_norm(ctx, w, &n, NULL);
        if (st == NS_EINVAL) {
            st = ns__error(&t, NS_EINVAL, N_LETTER, "norm %s appears twice", letter);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

/* intl_law_2015.csv and cbms_2015.csv share a shape: a paragraph number of A/70/174,
 * two text columns of which the first is required, and the verification columns. */
static ns_status check_paragraphs(ns_ctx_t *ctx, const ns_data_options_t *opts, const char *file,
                                  const char *const *cols, size_t ncols)
{
    enum { P_PARAGRAPH, P_WHAT, P_TEXT, P_VERIFIED, P_NOTE, P_SOURCE };
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, file, cols, ncols, &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        int paragraph = 0;
        ns_verified_t v = NS_VERIFIED_NA;
        /* A/70/174 has 36 numbered paragraphs; 100 leaves room for other reports. */
        if ((st = ns__int(&t, P_PARAGRAPH, true, 1, 100, 0, &paragraph)) != NS_OK ||
            (st = ns__need(&t, P_WHAT)) != NS_OK ||
            (st = ns__verified(&t, P_VERIFIED, &v)) != NS_OK) {
            break;
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

ns_status ns__load_texts(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const law_cols[] = {"paragraph", "principle",         "note",
                                           "verified",  "verification_note", "source"};
    static const char *const cbm_cols[] = {"paragraph", "category",          "paraphrase",
                                           "verified",  "verification_note", "source"};
    ns_status st = load_norms(ctx, opts, w);
    if (st == NS_OK) {
        st = check_paragraphs(ctx, opts, "intl_law_2015.csv", law_cols, NS__NCOLS(law_cols));
    }
    if (st == NS_OK) {
        st = check_paragraphs(ctx, opts, "cbms_2015.csv", cbm_cols, NS__NCOLS(cbm_cols));
    }
    return st;
}
