/* A user's adoption series from a CSV file: columns iso3 and date, optionally event
 * (national strategies, treaty ratifications, any dated adoption). Every error names the
 * file, line, column and field.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "diffusion/fit_internal.h"

#include <stdio.h>
#include <string.h>

/* A date "YYYY", "YYYY-MM" or "YYYY-MM-DD" (month 1-12, day 1-31): its year, or 0. */
static int date_year(const char *s)
{
    size_t len = strlen(s);
    if (len != 4 && len != 7 && len != 10) {
        return 0;
    }
    int parts[3] = {0, 0, 0};
    size_t widths[3] = {4, 2, 2};
    const char *p = s;
    for (size_t k = 0; k < 3 && p < s + len; k++) {
        if (k > 0) {
            if (*p != '-') {
                return 0;
            }
            p++;
        }
        for (size_t d = 0; d < widths[k]; d++, p++) {
            if (*p < '0' || *p > '9') {
                return 0;
            }
            parts[k] = parts[k] * 10 + (*p - '0');
        }
    }
    if ((len >= 7 && (parts[1] < 1 || parts[1] > 12)) ||
        (len == 10 && (parts[2] < 1 || parts[2] > 31))) {
        return 0;
    }
    return parts[0] >= 1000 && parts[0] <= 2999 ? parts[0] : 0;
}

/* Up to 8 distinct events, for the message that asks to choose one. */
typedef struct events_seen {
    char names[8][32];
    size_t n;
    bool more;
} events_seen_t;

static void see_event(events_seen_t *e, const char *name)
{
    for (size_t k = 0; k < e->n; k++) {
        if (strcmp(e->names[k], name) == 0) {
            return;
        }
    }
    if (e->n < 8) {
        snprintf(e->names[e->n++], sizeof e->names[0], "%s", name);
    } else {
        e->more = true;
    }
}

static void list_events(const events_seen_t *e, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < e->n && len < size; k++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? ", " : "", e->names[k]);
    }
    if (e->more && len < size) {
        snprintf(buf + len, size - len, ", ...");
    }
}

/* Header names in any case ("ISO3", "Date"). */
static bool same_name(const char *a, const char *b)
{
    return strlen(a) == strlen(b) && ns_names_distance(a, b) == 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

ns_status ns__series_read_file(ns_ctx_t *ctx, const ns_world_t *world, const char *path,
                               const char *event, ns__series_t *out)
{
    ns_status st = NS_OK;
    ns_csv_t *csv = NULL;
    events_seen_t seen;
    memset(&seen, 0, sizeof seen);
    memset(out, 0, sizeof *out);
    size_t n = ns_world_state_count(world);
    out->n = n;
    out->earliest = ns_calloc(ctx, n ? n : 1, sizeof(int));
    out->latest = ns_calloc(ctx, n ? n : 1, sizeof(int));
    if (out->earliest == NULL || out->latest == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    if ((st = ns_csv_open_file(ctx, path, &csv)) != NS_OK) {
        goto cleanup;
    }
    /* The header: iso3 and date required, event optional, others ignored. */
    size_t c_iso = SIZE_MAX, c_date = SIZE_MAX, c_event = SIZE_MAX;
    if ((st = ns_csv_next(csv)) == NS_DONE) {
        st = ns_error_at(ctx, NS_EINVAL, path, 1, 0, "header",
                         "the file is empty; it needs a header with iso3,date (and optionally "
                         "event)");
        goto cleanup;
    }
    if (st != NS_CONTINUE) {
        goto cleanup;
    }
    for (size_t i = 0; i < ns_csv_nfields(csv); i++) {
        const char *h = ns_csv_field(csv, i);
        if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0) {
            h += 3; /* A byte-order mark, as spreadsheets write it. */
        }
        size_t *slot = same_name(h, "iso3")    ? &c_iso
                       : same_name(h, "date")  ? &c_date
                       : same_name(h, "event") ? &c_event
                                               : NULL;
        if (slot != NULL && *slot != SIZE_MAX) {
            st = ns_csv_error(csv, NS_EINVAL, i, "header", "column '%s' appears twice", h);
            goto cleanup;
        }
        if (slot != NULL) {
            *slot = i;
        }
    }
    if (c_iso == SIZE_MAX || c_date == SIZE_MAX) {
        st = ns_csv_error(csv, NS_EINVAL, SIZE_MAX, "header",
                          "needs the columns iso3 and date (and optionally event), not '%s%s'",
                          ns_csv_field(csv, 0) != NULL ? ns_csv_field(csv, 0) : "",
                          ns_csv_nfields(csv) > 1 ? ",..." : "");
        goto cleanup;
    }
    if (event != NULL && c_event == SIZE_MAX) {
        st = ns_csv_error(csv, NS_EINVAL, SIZE_MAX, "header",
                          "an event ('%s') was asked for, but the file has no event column", event);
        goto cleanup;
    }
    size_t rows = 0;
    size_t chosen = 0;
    int first_line = 0;
    while ((st = ns_csv_next(csv)) == NS_CONTINUE) {
        rows++;
        const char *iso = ns_csv_field(csv, c_iso);
        const char *date = ns_csv_field(csv, c_date);
        const char *ev = c_event != SIZE_MAX ? ns_csv_field(csv, c_event) : NULL;
        if (iso == NULL || date == NULL || (c_event != SIZE_MAX && ev == NULL)) {
            st = ns_csv_error(csv, NS_EINVAL, ns_csv_nfields(csv), "row",
                              "%zu fields, the header has more", ns_csv_nfields(csv));
            goto cleanup;
        }
        size_t state = 0;
        if ((st = ns_world_lookup_state(ctx, world, iso, &state)) != NS_OK) {
            if (st == NS_ENOMEM) {
                goto cleanup;
            }
            char msg[512];
            snprintf(msg, sizeof msg, "%s", ns_ctx_errmsg(ctx));
            st = ns_csv_error(csv, NS_EINVAL, c_iso, "iso3", "%s", msg);
            goto cleanup;
        }
        int year = date_year(date);
        if (year == 0) {
            st = ns_csv_error(csv, NS_EINVAL, c_date, "date",
                              "'%s' is not a year or an ISO date (2019, 2019-05 or 2019-05-14)",
                              date);
            goto cleanup;
        }
        if (ev != NULL) {
            if (ev[0] == '\0') {
                st = ns_csv_error(csv, NS_EINVAL, c_event, "event", "empty event");
                goto cleanup;
            }
            see_event(&seen, ev);
        }
        /* The horizon: the latest date of any row, whatever its event (the file
         * describes the instrument's status as of then). */
        if (year > out->horizon) {
            out->horizon = year;
        }
        if (event != NULL && ev != NULL && !same_name(ev, event)) {
            continue;
        }
        if (seen.n > 1 && event == NULL) {
            char known[300];
            list_events(&seen, known, sizeof known);
            st = ns_csv_error(csv, NS_EINVAL, c_event, "event",
                              "the file holds several events (%s): choose one with --event", known);
            goto cleanup;
        }
        if (!ns_world_is_member(world, state, year)) {
            st = ns_csv_error(csv, NS_EINVAL, c_iso, "iso3",
                              "%s was not a UN member in %d, the year of its event; the "
                              "model's states are the UN's members",
                              ns_world_state(world, state)->iso3, year);
            goto cleanup;
        }
        if (first_line == 0) {
            first_line = ns_csv_line(csv);
            snprintf(out->name, sizeof out->name, "%s%s%s", base_name(path), ev ? ":" : "",
                     ev ? ev : "");
        }
        chosen++;
        /* Several rows for one state: it adopted at the first. */
        if (out->earliest[state] == 0 || year < out->earliest[state]) {
            out->earliest[state] = out->latest[state] = year;
        }
        if (out->first_year == 0 || year < out->first_year) {
            out->first_year = year;
        }
    }
    if (st != NS_DONE) {
        goto cleanup;
    }
    st = NS_OK;
    if (chosen == 0) {
        char known[300];
        list_events(&seen, known, sizeof known);
        st = ns_error_at(ctx, NS_EINVAL, path, 0, 0, event != NULL ? "event" : NULL,
                         rows == 0 ? "no adoption rows after the header"
                                   : "no row with event '%s' (the file's events: %s)",
                         event != NULL ? event : "", known);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        out->n_exact += out->earliest[i] > 0;
    }
cleanup:
    ns_csv_free(csv);
    if (st != NS_OK) {
        ns__series_destroy(ctx, out);
    }
    return st;
}
