/* The sponsor rule of the vote model (docs/RECORD.md section 9): the sponsors and
 * co-sponsors of a text lean to yes, and when the other camp has tabled a competing
 * draft in the same committee session, that camp leans to no. Each lean is a share
 * counted on other roll calls (camp discipline q, sponsor loyalty r), and mixes the
 * vote model's probabilities with a sure vote:
 *     sponsor:  r (1, 0, 0) + (1 - r) p        rival:  q (0, 0, 1) + (1 - q) p
 * over (yes, abstain, no). With no sponsor row the rule is the identity.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/params.h"
#include "normsim/positions.h"
#include "vote/vote_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The committee-and-session prefix of a draft symbol: "A/C.1/73/" of
 * "A/C.1/73/L.27/Rev.1" (up to and with the third '/'); 0 when it has none. */
static size_t draft_prefix(const char *draft)
{
    int slashes = 0;
    for (size_t k = 0; draft != NULL && draft[k] != '\0'; k++) {
        if (draft[k] == '/' && ++slashes == 3) {
            return k + 1;
        }
    }
    return 0;
}

/* A row the rule reads: never an unconfirmed one, whatever the filter let in. */
static bool usable(const ns_sponsorship_t *s)
{
    return s->verified != NS_VERIFIED_NO;
}

static bool sponsors_text(const ns_world_t *w, size_t res, size_t state)
{
    for (size_t k = 0; k < ns_world_sponsorship_count(w); k++) {
        const ns_sponsorship_t *s = ns_world_sponsorship(w, k);
        if (usable(s) && s->resolution == res && s->state == state) {
            return true;
        }
    }
    return false;
}

/* The draft symbol of res as its sponsor rows give it (NULL if none). */
static const char *draft_of(const ns_world_t *w, size_t res)
{
    for (size_t k = 0; k < ns_world_sponsorship_count(w); k++) {
        const ns_sponsorship_t *s = ns_world_sponsorship(w, k);
        if (usable(s) && s->resolution == res && s->draft[0] != '\0') {
            return s->draft;
        }
    }
    return NULL;
}

static ns_status camp_side(ns_ctx_t *ctx, const ns_world_t *w, const ns_pos_anchors_t *anchors,
                           size_t state, int *side)
{
    ns_pos_account_t acc;
    ns_status st = ns_positions_explain(ctx, w, anchors, state, &acc);
    *side = st == NS_OK ? acc.camp_side : 0;
    return st;
}

ns_status ns__sponsor_roles(ns_ctx_t *ctx, const ns_world_t *w, size_t res, int sign, int year,
                            const size_t *states, size_t n, unsigned char *role, bool *competing)
{
    ns_status st = NS_OK;
    ns_pos_anchors_t anchors;
    size_t rival_text = SIZE_MAX;
    *competing = false;
    for (size_t i = 0; i < n; i++) {
        role[i] = sponsors_text(w, res, states[i]) ? NS__ROLE_SPONSOR : NS__ROLE_NONE;
    }
    const char *draft = draft_of(w, res);
    size_t len = draft_prefix(draft);
    if (len == 0) {
        goto cleanup;
    }
    if ((st = ns_positions_anchors(ctx, w, year, &anchors)) != NS_OK) {
        goto cleanup;
    }
    /* A competing draft: a main sponsor, on the other side in the year, of another text
     * whose draft has the same committee and session. */
    for (size_t k = 0; k < ns_world_sponsorship_count(w) && rival_text == SIZE_MAX; k++) {
        const ns_sponsorship_t *s = ns_world_sponsorship(w, k);
        if (!usable(s) || !s->main || s->resolution == res || draft_prefix(s->draft) != len ||
            strncmp(s->draft, draft, len) != 0) {
            continue;
        }
        int side = 0;
        if ((st = camp_side(ctx, w, &anchors, s->state, &side)) != NS_OK) {
            goto cleanup;
        }
        if (side == -sign) {
            rival_text = s->resolution;
        }
    }
    if (rival_text == SIZE_MAX) {
        goto cleanup;
    }
    *competing = true;
    for (size_t i = 0; i < n; i++) {
        if (role[i] == NS__ROLE_SPONSOR) {
            continue;
        }
        int side = 0;
        if ((st = camp_side(ctx, w, &anchors, states[i], &side)) != NS_OK) {
            goto cleanup;
        }
        if (side == -sign || sponsors_text(w, rival_text, states[i])) {
            role[i] = NS__ROLE_RIVAL;
        }
    }
cleanup:
    return st;
}

/* Whether resolution a was voted strictly before b: by year, then by the full dates;
 * two dates of which one is a prefix of the other (a month, a day) are not ordered. */
static bool voted_before(const ns_world_t *w, size_t a, size_t b)
{
    const ns_resolution_t *ra = ns_world_resolution(w, a);
    const ns_resolution_t *rb = ns_world_resolution(w, b);
    if (ra->year != rb->year) {
        return ra->year < rb->year;
    }
    const char *da = ra->date != NULL ? ra->date : "";
    const char *db = rb->date != NULL ? rb->date : "";
    size_t la = strlen(da);
    size_t lb = strlen(db);
    if (strncmp(da, db, la < lb ? la : lb) == 0) {
        return false;
    }
    return strcmp(da, db) < 0;
}

ns_status ns__sponsor_estimate(ns_ctx_t *ctx, const ns_world_t *w, const ns__rollcalls_t *rcs,
                               size_t skip, size_t before, ns__sponsor_rule_t *out)
{
    ns_status st = NS_OK;
    unsigned char *role = ns_calloc(ctx, rcs->max_voters > 0 ? rcs->max_voters : 1, 1);
    long no_rival = 0, n_rival = 0, yes_sponsor = 0, n_sponsor = 0;
    memset(out, 0, sizeof *out);
    if (role == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k < rcs->n; k++) {
        const ns__rollcall_t *rc = &rcs->items[k];
        if (k == skip || (before != SIZE_MAX && !voted_before(w, rc->res, before))) {
            continue;
        }
        bool competing = false;
        if ((st = ns__sponsor_roles(ctx, w, rc->res, rc->sign, rc->year, rc->state, rc->n, role,
                                    &competing)) != NS_OK) {
            goto cleanup;
        }
        long sponsors = 0, rivals = 0;
        for (size_t i = 0; i < rc->n; i++) {
            if (role[i] == NS__ROLE_SPONSOR) {
                sponsors++;
                yes_sponsor += rc->vote[i] == NS_VOTE_YES;
            } else if (role[i] == NS__ROLE_RIVAL) {
                rivals++;
                no_rival += rc->vote[i] == NS_VOTE_NO;
            }
        }
        n_sponsor += sponsors;
        n_rival += rivals;
        out->n_r += sponsors > 0;
        out->n_q += competing && rivals > 0;
    }
    out->q = n_rival > 0 ? (double)no_rival / (double)n_rival : 0.0;
    out->r = n_sponsor > 0 ? (double)yes_sponsor / (double)n_sponsor : 0.0;
    out->voters_q = (int)n_rival;
    out->voters_r = (int)n_sponsor;
cleanup:
    ns_free(ctx, role);
    return st;
}

ns_vote_probs_t ns__sponsor_apply(const ns__sponsor_rule_t *rule, unsigned char role,
                                  ns_vote_probs_t p)
{
    double m = role == NS__ROLE_SPONSOR ? rule->r : role == NS__ROLE_RIVAL ? rule->q : 0.0;
    ns_vote_probs_t out = {(1.0 - m) * p.yes, (1.0 - m) * p.abstain, (1.0 - m) * p.no};
    if (role == NS__ROLE_SPONSOR) {
        out.yes += m;
    } else if (role == NS__ROLE_RIVAL) {
        out.no += m;
    }
    return out;
}

ns_status ns__vote_forecast_sponsors(ns_ctx_t *ctx, const ns_world_t *w, const ns__rollcalls_t *rcs,
                                     size_t skip, size_t target, ns_vote_forecast_t *f)
{
    ns_status st = NS_OK;
    size_t *states = NULL;
    unsigned char *role = NULL;
    double on = 0;
    if (ns_world_param(w, "sponsors", &on) != NS_OK) {
        on = ns_param_default("sponsors");
    }
    if (!(on == 1) || target == SIZE_MAX) {
        goto cleanup;
    }
    states = ns_calloc(ctx, f->n > 0 ? f->n : 1, sizeof *states);
    role = ns_calloc(ctx, f->n > 0 ? f->n : 1, sizeof *role);
    if (states == NULL || role == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < f->n; i++) {
        states[i] = f->rows[i].state;
    }
    ns__sponsor_rule_t rule;
    bool competing = false;
    if ((st = ns__sponsor_roles(ctx, w, target, f->model.sign, f->year, states, f->n, role,
                                &competing)) != NS_OK ||
        (st = ns__sponsor_estimate(ctx, w, rcs, skip, target, &rule)) != NS_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < f->n; i++) {
        if (!f->rows[i].absent) {
            f->rows[i].p = ns__sponsor_apply(&rule, role[i], f->rows[i].p);
            f->rows[i].vote = ns_vote_most_probable(f->rows[i].p);
        }
    }
    f->sponsors = true;
    f->sponsor_q = rule.q;
    f->sponsor_r = rule.r;
cleanup:
    ns_free(ctx, states);
    ns_free(ctx, role);
    return st;
}
