/* Consensus drafting (normsim's model 7): the outcome told in plain sentences.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "consensus/consensus_internal.h"

#include "core/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void member_name(char *out, size_t size, const char *const *names, size_t i)
{
    if (names != NULL && names[i] != NULL) {
        snprintf(out, size, "%s", names[i]);
    } else {
        snprintf(out, size, "member %zu", i);
    }
}

static void para_name(char *out, size_t size, const char *const *names, size_t k)
{
    if (names != NULL && names[k] != NULL) {
        snprintf(out, size, "%s", names[k]);
    } else {
        snprintf(out, size, "paragraph %zu", k);
    }
}

ns_status ns_consensus_explain(ns_ctx_t *ctx, const ns_consensus_table_t *table,
                               const ns_consensus_result_t *res, const char *const *member_names,
                               const char *const *para_names, char *buf, size_t size,
                               size_t *needed)
{
    if (table == NULL || res == NULL || (buf == NULL && size > 0) || res->d != table->d ||
        res->m != table->m) {
        return ns_error(ctx, NS_EINVAL, "consensus explain: result does not match the table");
    }
    ns__text_t t = {buf, size, 0};
    if (size > 0) {
        buf[0] = '\0';
    }
    char who[96], what[96];
    size_t D = res->d, kept = 0, summ = 0, drop = 0;
    for (size_t k = 0; k < D; k++) {
        kept += res->action[k] == NS_PARA_KEEP;
        summ += res->action[k] == NS_PARA_SUMMARY;
        drop += res->action[k] == NS_PARA_DROP;
    }
    if (res->adopted) {
        ns__text_put(
            &t,
            "The report is adopted by consensus: %zu of %zu paragraphs negotiated, %zu in the "
            "chair's summary, %zu dropped.\n",
            kept, D, summ, drop);
    } else {
        ns__text_put(&t,
                     "No consensus: no draft the chair could table is acceptable to every member "
                     "(the best draft leaves the worst-off member %.3g short).\n",
                     -res->worst_margin);
    }
    for (size_t k = 0; k < D; k++) {
        para_name(what, sizeof what, para_names, k);
        double q = table->status_quo[k];
        switch (res->action[k]) {
        case NS_PARA_KEEP:
            if (res->moved[k] > 1e-6 * (1.0 + fabs(q))) {
                ns__text_put(&t, "%s: %s at %.3g (status quo %.3g).\n", what,
                             res->adopted ? "agreed" : "best draft", res->text[k], q);
            } else {
                ns__text_put(&t, "%s: %s at the status quo %.3g (nothing new).\n", what,
                             res->adopted ? "agreed" : "best draft", q);
            }
            break;
        case NS_PARA_SUMMARY:
            if (!isnan(res->move_before[k])) {
                ns__text_put(&t,
                             "%s: moved to the chair's summary at %.3g; the move raised the worst "
                             "margin from %.3g to %.3g.\n",
                             what, res->text[k], res->move_before[k], res->move_after[k]);
            } else {
                ns__text_put(&t, "%s: in the chair's summary at %.3g.\n", what, res->text[k]);
            }
            break;
        case NS_PARA_DROP:
            ns__text_put(&t, "%s: dropped (status quo %.3g stands).\n", what, q);
            break;
        case NS_PARA_FREE: break;
        }
    }
    if (res->adopted) {
        /* Who carried the text: the members it leaves closest to their walk-away value. */
        size_t shown[3], n_shown = 0;
        for (size_t r = 0; r < 3; r++) {
            size_t arg = res->m;
            for (size_t i = 0; i < res->m; i++) {
                bool used = false;
                for (size_t j = 0; j < n_shown; j++) {
                    used = used || shown[j] == i;
                }
                if (!used && isfinite(res->margin[i]) &&
                    (arg == res->m || res->margin[i] < res->margin[arg])) {
                    arg = i;
                }
            }
            if (arg == res->m) {
                break;
            }
            shown[n_shown++] = arg;
        }
        if (n_shown > 0) {
            ns__text_put(&t, "Closest to blocking:");
            for (size_t j = 0; j < n_shown; j++) {
                member_name(who, sizeof who, member_names, shown[j]);
                ns__text_put(&t, "%s %s (margin %.3g)", j == 0 ? "" : ",", who,
                             res->margin[shown[j]]);
            }
            ns__text_put(&t, ".\n");
        }
    } else {
        for (size_t b = 0; b < res->n_blockers; b++) {
            const ns_consensus_blocker_t *bl = &res->blockers[b];
            member_name(who, sizeof who, member_names, bl->member);
            ns__text_put(&t, "%s blocks: it would need %.3g more political will", who,
                         bl->will_needed);
            if (bl->n_paras > 0) {
                ns__text_put(&t, "; its objection comes from");
                for (size_t j = 0; j < bl->n_paras; j++) {
                    para_name(what, sizeof what, para_names, bl->paras[j]);
                    ns__text_put(&t, "%s %s (%.3g)", j == 0 ? "" : ",", what, bl->objection[j]);
                }
            }
            ns__text_put(&t, ".\n");
        }
    }
    if (needed != NULL) {
        *needed = t.len;
    }
    if (t.len >= size) {
        return ns_error(ctx, NS_ELIMIT, "consensus explain: %zu bytes needed, %zu given", t.len + 1,
                        size);
    }
    return NS_OK;
}
