/* State-level series beyond the bodies: Bailey-Strezhnev-Voeten ideal points
 * (ideal_points.csv), coded national positions on international law
 * (national_positions.csv) and dated adoption events (adoption_events.csv).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "data/loader.h"

#include <stdlib.h>
#include <string.h>

static ns_status load_ideal_points(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"iso3", "session", "year",   "ideal_point",
                                       "q05",  "q95",     "n_votes"};
    enum { I_ISO3, I_SESSION, I_YEAR, I_IDEAL, I_Q05, I_Q95, I_NVOTES };
    /* The estimates are standardised: values beyond +-10 would be a unit or column slip. */
    const double lim = 10.0;
    size_t n_states = ns_world_state_count(w);
    unsigned char *seen = ns_calloc(ctx, n_states * 201 + 1, 1); /* state x session */
    ns__table_t t;
    memset(&t, 0, sizeof t);
    ns_status st = seen == NULL
                       ? NS_ENOMEM
                       : ns__table_open(ctx, opts, "ideal_points.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_ideal_point_t p;
        memset(&p, 0, sizeof p);
        if ((st = ns__state(&t, w, I_ISO3, &p.state)) != NS_OK ||
            (st = ns__int(&t, I_SESSION, true, 1, 200, 0, &p.session)) != NS_OK ||
            (st = ns__year(&t, I_YEAR, true, &p.year)) != NS_OK ||
            (st = ns_csv_double(t.csv, I_IDEAL, cols[I_IDEAL], -lim, lim, &p.ideal)) ||
            (st = ns_csv_double(t.csv, I_Q05, cols[I_Q05], -lim, lim, &p.q05)) != NS_OK ||
            (st = ns_csv_double(t.csv, I_Q95, cols[I_Q95], -lim, lim, &p.q95)) != NS_OK ||
            (st = ns__int(&t, I_NVOTES, true, 0, 100000, 0, &p.n_votes)) != NS_OK) {
            break;
        }
        if (p.year != 1945 + p.session) {
            st = ns__error(&t, NS_EINVAL, I_YEAR, "%d is not the opening year of session %d (%d)",
                           p.year, p.session, 1945 + p.session);
            break;
        }
        if (p.q05 > p.q95) {
            st = ns__error(&t, NS_ERANGE, I_Q95, "q95 %g is below q05 %g", p.q95, p.q05);
            break;
        }
        unsigned char *cell = &seen[p.state * 201 + (size_t)p.session];
        if (*cell) {
            st = ns__error(&t, NS_EINVAL, I_SESSION, "a second estimate for %s in session %d",
                           ns_world_state(w, p.state)->iso3, p.session);
            break;
        }
        *cell = 1;
        st = ns_world_add_ideal_point(ctx, w, &p);
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    ns_free(ctx, seen);
    return st;
}

/* A coded cell: yes -> 1, no -> 0, empty -> -1 (not coded). */
static ns_status coded(ns__table_t *t, size_t i, int *out)
{
    static const char *const values[] = {"no", "yes"};
    int k = -1;
    ns_status st = ns__choice(t, i, values, 2, false, &k);
    *out = k;
    return st;
}

static ns_status load_national_positions(ns_ctx_t *ctx, const ns_data_options_t *opts,
                                         ns_world_t *w)
{
    static const char *const cols[] = {"iso3",
                                       "first_position_year",
                                       "position_years",
                                       "in_a76_136",
                                       "ihl_applies",
                                       "sovereignty_primary_rule",
                                       "self_defence_available",
                                       "countermeasures_available",
                                       "due_diligence_obligation",
                                       "coding_notes",
                                       "verified",
                                       "source"};
    enum {
        P_ISO3,
        P_FIRST,
        P_YEARS,
        P_A76,
        P_IHL,
        P_SOV,
        P_SD,
        P_CM,
        P_DD,
        P_NOTES,
        P_VERIFIED,
        P_SOURCE
    };
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "national_positions.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_national_position_t p;
        memset(&p, 0, sizeof p);
        if ((st = ns__state(&t, w, P_ISO3, &p.state)) != NS_OK ||
            (st = ns__year(&t, P_FIRST, true, &p.first_year)) != NS_OK ||
            (st = ns__need(&t, P_YEARS)) != NS_OK) {
            break;
        }
        /* "2020;2021": years in increasing order, the first being first_position_year. */
        const char *years = ns__text(&t, P_YEARS);
        int prev = 0;
        for (const char *q = years; *q != '\0';) {
            char *end = NULL;
            long y = strtol(q, &end, 10);
            if (end != q + 4 || (*end != ';' && *end != '\0') || y < 1900 || y > 2100 ||
                y <= prev) {
                st = ns__error(&t, NS_EINVAL, P_YEARS,
                               "'%s' is not a list of increasing years joined by ';'", years);
                break;
            }
            if (prev == 0 && y != p.first_year) {
                st = ns__error(&t, NS_EINVAL, P_YEARS, "starts with %ld, not with %d", y,
                               p.first_year);
                break;
            }
            prev = (int)y;
            q = *end == ';' ? end + 1 : end;
        }
        if (st != NS_OK || (st = coded(&t, P_A76, &p.in_a76_136)) != NS_OK ||
            (st = coded(&t, P_IHL, &p.ihl_applies)) != NS_OK ||
            (st = coded(&t, P_SOV, &p.sovereignty_rule)) != NS_OK ||
            (st = coded(&t, P_SD, &p.self_defence)) != NS_OK ||
            (st = coded(&t, P_CM, &p.countermeasures)) != NS_OK ||
            (st = coded(&t, P_DD, &p.due_diligence)) != NS_OK ||
            (st = ns__verified(&t, P_VERIFIED, &p.verified)) != NS_OK) {
            break;
        }
        for (size_t i = 0; i < ns_world_national_position_count(w); i++) {
            if (ns_world_national_position(w, i)->state == p.state) {
                st = ns__error(&t, NS_EINVAL, P_ISO3, "a second row for %s",
                               ns_world_state(w, p.state)->iso3);
            }
        }
        if (st == NS_OK && ns__keep(opts->filter, p.verified)) {
            p.years = years;
            st = ns_world_add_national_position(ctx, w, &p);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

static ns_status load_adoption_events(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"iso3",   "instrument",    "event",       "year",
                                       "date",   "date_earliest", "date_latest", "verified",
                                       "source", "note"};
    enum {
        A_ISO3,
        A_INSTRUMENT,
        A_EVENT,
        A_YEAR,
        A_DATE,
        A_EARLIEST,
        A_LATEST,
        A_VERIFIED,
        A_SOURCE,
        A_NOTE
    };
    static const char *const instruments[] = {"budapest_convention", "paris_call",
                                              "national_position_il_cyber",
                                              "un_cybercrime_convention"};
    static const char *const events[] = {"signed", "ratified", "in_force", "endorsed", "published"};
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "adoption_events.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_adoption_event_t e;
        memset(&e, 0, sizeof e);
        int instrument = -1, event = -1, date_year = 0, earliest = 0, latest = 0;
        if ((st = ns__state(&t, w, A_ISO3, &e.state)) != NS_OK ||
            (st = ns__choice(&t, A_INSTRUMENT, instruments, NS__NCOLS(instruments), true,
                             &instrument)) != NS_OK ||
            (st = ns__choice(&t, A_EVENT, events, NS__NCOLS(events), true, &event)) != NS_OK ||
            (st = ns__year(&t, A_YEAR, false, &e.year)) != NS_OK ||
            (st = ns__date(&t, A_DATE, false, &date_year)) != NS_OK ||
            (st = ns__date(&t, A_EARLIEST, false, &earliest)) != NS_OK ||
            (st = ns__date(&t, A_LATEST, false, &latest)) != NS_OK ||
            (st = ns__verified(&t, A_VERIFIED, &e.verified)) != NS_OK) {
            break;
        }
        if (date_year != 0 && e.year != 0 && date_year != e.year) {
            st = ns__error(&t, NS_EINVAL, A_YEAR, "%d differs from the year of the date %s", e.year,
                           ns__text(&t, A_DATE));
            break;
        }
        /* ISO dates of equal precision compare as strings. */
        const char *lo = ns__text(&t, A_EARLIEST);
        const char *hi = ns__text(&t, A_LATEST);
        if (lo[0] != '\0' && hi[0] != '\0' && strlen(lo) == strlen(hi) && strcmp(lo, hi) > 0) {
            st = ns__error(&t, NS_ERANGE, A_LATEST, "%s is before date_earliest %s", hi, lo);
            break;
        }
        if (e.year == 0 && date_year == 0 && earliest == 0 && latest == 0) {
            st = ns__error(&t, NS_EINVAL, A_YEAR, "no year, date or date bound is given");
            break;
        }
        if (!ns__keep(opts->filter, e.verified)) {
            continue;
        }
        e.instrument = instruments[instrument];
        e.event = events[event];
        e.date = ns__text(&t, A_DATE);
        e.date_earliest = lo;
        e.date_latest = hi;
        st = ns_world_add_adoption_event(ctx, w, &e);
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

ns_status ns__load_estimates(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    ns_status st = load_ideal_points(ctx, opts, w);
    if (st == NS_OK) {
        st = load_national_positions(ctx, opts, w);
    }
    if (st == NS_OK) {
        st = load_adoption_events(ctx, opts, w);
    }
    return st;
}
