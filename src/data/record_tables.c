/* The record tables (docs/RECORD.md): mandates.csv (what each body was asked and its
 * practice on records of views), relations_events.csv (dated cyber-relations events among
 * the permanent five and the camps) and stances.csv (dated public stances of states).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "data/loader.h"

#include <stdlib.h>
#include <string.h>

/* A date field as YYYYMMDD (00 for an unknown month or day); 0 when empty and optional.
 * The shape and range are those of ns__date(). */
static ns_status date_of(ns__table_t *t, size_t i, bool required, ns_date_t *out)
{
    int year = 0;
    ns_status st = ns__date(t, i, required, &year);
    *out = 0;
    if (st == NS_OK && year != 0) {
        const char *s = ns__text(t, i);
        size_t n = strlen(s);
        *out = year * 10000 + (n >= 7 ? atoi(s + 5) * 100 : 0) + (n >= 10 ? atoi(s + 8) : 0);
    }
    return st;
}

/* ---- mandates.csv -------------------------------------------------------------------- */

enum {
    M_BODY,
    M_START,
    M_END,
    M_RESOLUTION,
    M_ADOPTED,
    M_ADOPTION,
    M_YES,
    M_NO,
    M_ABSTAIN,
    M_TOPIC0, /* The ten topic columns, in NS_TOPIC_* bit order. */
    M_DECISION = M_TOPIC0 + 10,
    M_VIEWS,
    M_MEMBERS,
    M_CHAIR,
    M_OUTCOME,
    M_REPORT,
    M_REPORT_DATE,
    M_SOURCE,
    M_VERIFIED,
    M_NOTES
};

/* record_of_views: "none", or one or both kinds joined by ';'; empty: not known. */
static ns_status views_of(ns__table_t *t, unsigned *views)
{
    const char *s = ns__text(t, M_VIEWS);
    *views = 0;
    if (s[0] == '\0') {
        *views = NS_VIEWS_UNKNOWN;
        return NS_OK;
    }
    if (strcmp(s, "none") == 0) {
        return NS_OK;
    }
    if (strcmp(s, "chair_summary") == 0) {
        *views = NS_VIEWS_CHAIR_SUMMARY;
    } else if (strcmp(s, "national_contributions") == 0) {
        *views = NS_VIEWS_NATIONAL_CONTRIBUTIONS;
    } else if (strcmp(s, "chair_summary;national_contributions") == 0) {
        *views = NS_VIEWS_CHAIR_SUMMARY | NS_VIEWS_NATIONAL_CONTRIBUTIONS;
    } else {
        return ns__error(t, NS_EINVAL, M_VIEWS,
                         "'%s' is not none, chair_summary, national_contributions or "
                         "chair_summary;national_contributions",
                         s);
    }
    return NS_OK;
}

/* The row agrees with the body as gge_sessions.csv / oewg.csv record it. */
static ns_status check_body(ns__table_t *t, const ns_body_t *b, int start, int end, int outcome)
{
    if (start != b->start_year) {
        return ns__error(t, NS_EINVAL, M_START, "%d differs from %s's start year %d", start, b->id,
                         b->start_year);
    }
    if (end != b->end_year) {
        return ns__error(t, NS_EINVAL, M_END, "%d differs from %s's end year %d", end, b->id,
                         b->end_year);
    }
    /* outcome: report, no_report, ongoing. */
    ns_outcome_t want = outcome == 0   ? NS_OUTCOME_ADOPTED
                        : outcome == 1 ? NS_OUTCOME_FAILED
                                       : NS_OUTCOME_UNKNOWN;
    if (want != b->outcome) {
        return ns__error(t, NS_EINVAL, M_OUTCOME, "'%s' differs from %s's recorded outcome",
                         ns__text(t, M_OUTCOME), b->id);
    }
    return NS_OK;
}

static ns_status load_mandates(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"body",
                                       "start_year",
                                       "end_year",
                                       "mandating_resolution",
                                       "date_adopted",
                                       "adoption",
                                       "yes",
                                       "no",
                                       "abstain",
                                       "threats",
                                       "norms",
                                       "international_law",
                                       "cbm",
                                       "capacity_building",
                                       "regular_dialogue",
                                       "binding_instrument",
                                       "stakeholders",
                                       "regional_orgs",
                                       "national_contributions",
                                       "decision_rule",
                                       "record_of_views",
                                       "members",
                                       "chair_iso3",
                                       "outcome",
                                       "report_symbol",
                                       "report_date",
                                       "source",
                                       "verified",
                                       "notes"};
    static const char *const yes_no[] = {"no", "yes"};
    static const char *const adoptions[] = {"without_vote", "recorded_vote"};
    static const char *const decisions[] = {"consensus", "k_of_n", "weighted_qmv", "majority"};
    static const char *const outcomes[] = {"report", "no_report", "ongoing"};
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "mandates.csv", cols, NS__NCOLS(cols), &t);
    t.may_be_empty = true;
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_mandate_t m;
        memset(&m, 0, sizeof m);
        int start = 0, end = 0, k = -1, outcome = -1, tally = 0;
        size_t chair = 0;
        if ((st = ns__need(&t, M_BODY)) != NS_OK) {
            break;
        }
        if (ns_world_find_body(ctx, w, ns__text(&t, M_BODY), &m.body) != NS_OK) {
            ns_ctx_clear_error(ctx);
            if (opts->filter != NS_FILTER_ALL) {
                /* The body's own row may have been left out by --verified. */
                continue;
            }
            st = ns__error(&t, NS_ENOTFOUND, M_BODY,
                           "'%s' is not a body of gge_sessions.csv or "
                           "oewg.csv",
                           ns__text(&t, M_BODY));
            break;
        }
        if ((st = ns__year(&t, M_START, true, &start)) != NS_OK ||
            (st = ns__year(&t, M_END, false, &end)) != NS_OK ||
            (st = ns__need(&t, M_RESOLUTION)) != NS_OK ||
            (st = date_of(&t, M_ADOPTED, false, &m.adopted)) != NS_OK ||
            (st = ns__choice(&t, M_ADOPTION, adoptions, 2, false, &k)) != NS_OK ||
            (st = ns__int(&t, M_YES, false, 0, 200, -1, &tally)) != NS_OK ||
            (st = ns__int(&t, M_NO, false, 0, 200, -1, &tally)) != NS_OK ||
            (st = ns__int(&t, M_ABSTAIN, false, 0, 200, -1, &tally)) != NS_OK) {
            break;
        }
        for (size_t c = 0; c < 10 && st == NS_OK; c++) {
            st = ns__choice(&t, M_TOPIC0 + c, yes_no, 2, false, &k);
            if (k == 1) {
                m.topics |= 1u << c;
            }
        }
        if (st != NS_OK || (st = ns__choice(&t, M_DECISION, decisions, 4, true, &k)) != NS_OK ||
            (st = views_of(&t, &m.views)) != NS_OK ||
            (st = ns__choice(&t, M_OUTCOME, outcomes, 3, true, &outcome)) != NS_OK ||
            (st = date_of(&t, M_REPORT_DATE, false, &m.report_date)) != NS_OK ||
            (st = ns__verified(&t, M_VERIFIED, &m.verified)) != NS_OK) {
            break;
        }
        if (ns__text(&t, M_CHAIR)[0] != '\0' && (st = ns__state(&t, w, M_CHAIR, &chair)) != NS_OK) {
            break;
        }
        const char *members = ns__text(&t, M_MEMBERS);
        char *endp = NULL;
        long n = strtol(members, &endp, 10);
        if (strcmp(members, "all") != 0 && (endp == members || *endp != '\0' || n < 1 || n > 200)) {
            st = ns__error(&t, NS_EINVAL, M_MEMBERS, "'%s' is not a number of members or 'all'",
                           members);
            break;
        }
        if ((st = check_body(&t, ns_world_body(w, m.body), start, end, outcome)) != NS_OK) {
            break;
        }
        if (!ns__keep(opts->filter, m.verified)) {
            continue;
        }
        m.resolution = ns__text(&t, M_RESOLUTION);
        st = ns_world_add_mandate(ctx, w, &m);
        if (st == NS_EINVAL) {
            st = ns__error(&t, NS_EINVAL, M_BODY, "a second row for %s", ns__text(&t, M_BODY));
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

/* ---- relations_events.csv ------------------------------------------------------------ */

enum { R_DATE, R_KIND, R_A, R_B, R_COOP, R_DESCRIPTION, R_SOURCE, R_VERIFIED };

/* A side: actors joined by ';', each an ISO3 code or an organisation of memberships.csv;
 * "UN" (the General Assembly as a forum) names nobody. */
static ns_status side_of(ns_ctx_t *ctx, ns__table_t *t, const ns_world_t *w, size_t i,
                         ns_relation_actor_t *actors, size_t *n)
{
    const char *s = ns__text(t, i);
    *n = 0;
    while (*s != '\0') {
        const char *e = strchr(s, ';');
        size_t len = e != NULL ? (size_t)(e - s) : strlen(s);
        char id[32];
        if (len == 0 || len >= sizeof id) {
            return ns__error(t, NS_EINVAL, i, "'%s' is not a list of actors joined by ';'",
                             ns__text(t, i));
        }
        memcpy(id, s, len);
        id[len] = '\0';
        size_t index = 0;
        if (strcmp(id, "UN") != 0) {
            if (*n == NS_RELATION_MAX_ACTORS) {
                return ns__error(t, NS_ELIMIT, i, "more than %d actors on one side",
                                 NS_RELATION_MAX_ACTORS);
            }
            if (ns_world_find_state(ctx, w, id, &index) == NS_OK) {
                actors[*n] = (ns_relation_actor_t){false, index};
            } else if (ns_world_find_org(ctx, w, id, &index) == NS_OK) {
                actors[*n] = (ns_relation_actor_t){true, index};
            } else {
                ns_ctx_clear_error(ctx);
                return ns__error(t, NS_ENOTFOUND, i,
                                 "'%s' is neither a state of states.csv, an organisation of "
                                 "memberships.csv nor UN",
                                 id);
            }
            ns_ctx_clear_error(ctx);
            *n += 1;
        }
        s += len;
        s += *s == ';' ? 1 : 0;
    }
    return NS_OK;
}

static ns_status load_relations(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"date",        "kind",        "actor_a", "actor_b",
                                       "cooperative", "description", "source",  "verified"};
    const char *kinds[NS_REL_KIND_COUNT];
    for (size_t k = 0; k < NS_REL_KIND_COUNT; k++) {
        kinds[k] = ns_relation_kind_str((ns_relation_kind_t)k);
    }
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "relations_events.csv", cols, NS__NCOLS(cols), &t);
    t.may_be_empty = true;
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_relation_event_t e;
        memset(&e, 0, sizeof e);
        int kind = -1;
        if ((st = date_of(&t, R_DATE, true, &e.date)) != NS_OK ||
            (st = ns__choice(&t, R_KIND, kinds, NS_REL_KIND_COUNT, true, &kind)) != NS_OK ||
            (st = ns__need(&t, R_A)) != NS_OK ||
            (st = side_of(ctx, &t, w, R_A, e.a, &e.n_a)) != NS_OK ||
            (st = side_of(ctx, &t, w, R_B, e.b, &e.n_b)) != NS_OK ||
            (st = ns__int(&t, R_COOP, true, -1, 1, 0, &e.cooperative)) != NS_OK ||
            (st = ns__need(&t, R_SOURCE)) != NS_OK ||
            (st = ns__verified(&t, R_VERIFIED, &e.verified)) != NS_OK) {
            break;
        }
        if (e.cooperative == 0) {
            st = ns__error(&t, NS_ERANGE, R_COOP, "must be 1 (cooperative) or -1 (conflictual)");
            break;
        }
        if (e.n_a == 0) {
            st = ns__error(&t, NS_EINVAL, R_A, "names nobody (UN cannot act alone)");
            break;
        }
        e.kind = (ns_relation_kind_t)kind;
        if (ns__keep(opts->filter, e.verified)) {
            st = ns_world_add_relation_event(ctx, w, &e);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

/* ---- stances.csv --------------------------------------------------------------------- */

enum { T_DATE, T_ISO3, T_DIM, T_STANCE, T_DOCUMENT, T_KIND, T_SOURCE, T_VERIFIED, T_NOTE };

static ns_status load_stances(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"date",        "iso3",   "dimension", "stance", "document",
                                       "source_kind", "source", "verified",  "note"};
    static const char *const stances[] = {"against", "mixed", "for"};
    static const char *const kinds[] = {"sg_reply",   "gge_statement",  "national_position",
                                        "compendium", "oewg_statement", "first_committee",
                                        "other"};
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "stances.csv", cols, NS__NCOLS(cols), &t);
    t.may_be_empty = true;
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_stance_t s;
        memset(&s, 0, sizeof s);
        int stance = -1, kind = -1;
        if ((st = date_of(&t, T_DATE, true, &s.date)) != NS_OK ||
            (st = ns__state(&t, w, T_ISO3, &s.state)) != NS_OK ||
            (st = ns__need(&t, T_DIM)) != NS_OK) {
            break;
        }
        if (ns_world_find_dimension(ctx, w, ns__text(&t, T_DIM), &s.dim) != NS_OK) {
            ns_ctx_clear_error(ctx);
            st = ns__error(&t, NS_ENOTFOUND, T_DIM, "'%s' is not a dimension", ns__text(&t, T_DIM));
            break;
        }
        if ((st = ns__choice(&t, T_STANCE, stances, 3, true, &stance)) != NS_OK ||
            (st = ns__choice(&t, T_KIND, kinds, NS__NCOLS(kinds), true, &kind)) != NS_OK ||
            (st = ns__need(&t, T_SOURCE)) != NS_OK ||
            (st = ns__verified(&t, T_VERIFIED, &s.verified)) != NS_OK) {
            break;
        }
        s.stance = stance - 1;
        if (ns__keep(opts->filter, s.verified)) {
            st = ns_world_add_stance(ctx, w, &s);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

ns_status ns__load_record(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    ns_status st = load_mandates(ctx, opts, w);
    if (st == NS_OK) {
        st = load_relations(ctx, opts, w);
    }
    if (st == NS_OK) {
        st = load_stances(ctx, opts, w);
    }
    return st;
}
