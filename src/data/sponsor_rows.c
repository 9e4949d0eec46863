/* Loader of sponsors.csv: the sponsors and co-sponsors of the General Assembly texts on
 * ICT security (docs/record/sponsors.md; the vote model's sponsor rule, docs/RECORD.md
 * section 9).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "data/loader.h"

#include <string.h>

enum { S_RESOLUTION, S_DRAFT, S_ISO3, S_ROLE, S_SOURCE, S_VERIFIED };

ns_status ns__load_sponsors(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"resolution", "draft_symbol", "iso3",
                                       "role",       "source",       "verified"};
    static const char *const roles[] = {"sponsor", "cosponsor"};
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "sponsors.csv", cols, NS__NCOLS(cols), &t);
    t.may_be_empty = true;
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_sponsorship_t s;
        memset(&s, 0, sizeof s);
        int role = -1;
        if ((st = ns__need(&t, S_RESOLUTION)) != NS_OK) {
            break;
        }
        if (ns_world_find_resolution(ctx, w, ns__text(&t, S_RESOLUTION), &s.resolution) != NS_OK) {
            ns_ctx_clear_error(ctx);
            /* Under --verified the text's own row may have been left out (71/28 is
             * `partly`); its sponsor rows go with it. With every row an unknown symbol is
             * an error. */
            if (opts->filter != NS_FILTER_ALL) {
                continue;
            }
            st = ns__error(&t, NS_ENOTFOUND, S_RESOLUTION, "'%s' is not in unga_resolutions.csv",
                           ns__text(&t, S_RESOLUTION));
            break;
        }
        if ((st = ns__state(&t, w, S_ISO3, &s.state)) != NS_OK ||
            (st = ns__choice(&t, S_ROLE, roles, NS__NCOLS(roles), true, &role)) != NS_OK ||
            (st = ns__need(&t, S_SOURCE)) != NS_OK ||
            (st = ns__verified(&t, S_VERIFIED, &s.verified)) != NS_OK) {
            break;
        }
        s.main = role == 0;
        s.draft = ns__text(&t, S_DRAFT);
        if (ns__keep(opts->filter, s.verified)) {
            st = ns_world_add_sponsorship(ctx, w, &s);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}
