/* ns_data_load: builds the UN world from the dataset, file by file, and the loaders of
 * the country-level files (states, memberships, GDP, the cyber index).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "data/loader.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* ---- states.csv ---------------------------------------------------------------------- */

enum { S_ISO3, S_M49, S_NAME, S_GROUP, S_P5, S_SINCE, S_NOTES };

static bool is_iso3(const char *s)
{
    return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
           s[2] >= 'A' && s[2] <= 'Z';
}

ns_status ns__load_states(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {
        "iso3", "m49", "name", "un_regional_group", "p5", "un_member_since", "notes"};
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "states.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_state_t s;
        memset(&s, 0, sizeof s);
        int p5 = 0;
        st = ns__need(&t, S_ISO3);
        if (st == NS_OK && !is_iso3(ns__text(&t, S_ISO3))) {
            st = ns__error(&t, NS_EINVAL, S_ISO3, "'%s' is not an ISO 3166-1 alpha-3 code",
                           ns__text(&t, S_ISO3));
        }
        if (st == NS_OK && (st = ns__int(&t, S_M49, true, 1, 999, 0, &s.m49)) == NS_OK &&
            (st = ns__need(&t, S_NAME)) == NS_OK &&
            ns_ungroup_parse(ns__text(&t, S_GROUP), &s.group) != NS_OK) {
            st = ns__error(&t, NS_EINVAL, S_GROUP, "'%s' is not a UN regional group",
                           ns__text(&t, S_GROUP));
        }
        if (st == NS_OK && (st = ns__int(&t, S_P5, true, 0, 1, 0, &p5)) == NS_OK &&
            (st = ns__year(&t, S_SINCE, true, &s.member_since)) == NS_OK) {
            if (s.member_since < 1945) {
                st = ns__error(&t, NS_ERANGE, S_SINCE, "%d is before the UN was founded (1945)",
                               s.member_since);
            }
        }
        if (st != NS_OK) {
            break;
        }
        memcpy(s.iso3, ns__text(&t, S_ISO3), 4);
        s.name = ns__text(&t, S_NAME);
        s.p5 = p5 == 1;
        s.notes = ns__text(&t, S_NOTES);
        st = ns_world_add_state(ctx, w, &s, NULL);
        if (st == NS_EINVAL) {
            st = ns__error(&t, NS_EINVAL, S_ISO3, "duplicate state code '%s'", s.iso3);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

/* ---- memberships.csv ----------------------------------------------------------------- */

ns_status ns__load_memberships(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"iso3",   "organisation", "joined_year", "left_year",
                                       "status", "note",         "verified",    "source"};
    enum { M_ISO3, M_ORG, M_JOINED, M_LEFT, M_STATUS, M_NOTE, M_VERIFIED, M_SOURCE };
    static const char *const statuses[] = {"member",
                                           "former",
                                           "suspended",
                                           "excluded",
                                           "contested",
                                           "member_participation_frozen",
                                           "invited_unconfirmed"};
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "memberships.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_membership_t m;
        memset(&m, 0, sizeof m);
        int status = -1;
        const char *org = ns__text(&t, M_ORG);
        if ((st = ns__state(&t, w, M_ISO3, &m.state)) != NS_OK || (st = ns__need(&t, M_ORG))) {
            break;
        }
        if (ns_world_find_org(ctx, w, org, &m.org) != NS_OK) {
            const char *name = ns__data_org_name(org);
            ns_org_t o = {org, name};
            if (name == NULL) {
                st = ns__error(&t, NS_EINVAL, M_ORG,
                               "unknown organisation '%s' (known: NATO, EU, SCO, CSTO, BRICS, "
                               "NAM, FiveEyes, ASEAN, AU, OAS, OSCE, FOC)",
                               org);
                break;
            }
            if ((st = ns_world_add_org(ctx, w, &o, &m.org)) != NS_OK) {
                break;
            }
        }
        if ((st = ns__year(&t, M_JOINED, false, &m.joined)) != NS_OK ||
            (st = ns__year(&t, M_LEFT, false, &m.left)) != NS_OK ||
            (st = ns__choice(&t, M_STATUS, statuses, NS__NCOLS(statuses), true, &status)) ||
            (st = ns__verified(&t, M_VERIFIED, &m.verified)) != NS_OK) {
            break;
        }
        if (m.left != 0 && m.joined != 0 && m.left < m.joined) {
            st = ns__error(&t, NS_ERANGE, M_LEFT, "left in %d, before joining in %d", m.left,
                           m.joined);
            break;
        }
        if (m.left != 0 && status == 0) {
            st = ns__error(&t, NS_EINVAL, M_LEFT, "a current member has a leaving year");
            break;
        }
        m.status = statuses[status];
        if (ns__keep(opts->filter, m.verified)) {
            st = ns_world_add_membership(ctx, w, &m);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

/* ---- gdp.csv --------------------------------------------------------------------------- */

ns_status ns__load_gdp(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"iso3", "year", "gdp_current_usd", "verified", "source"};
    enum { G_ISO3, G_YEAR, G_USD, G_VERIFIED, G_SOURCE };
    /* One bit per state and year, to refuse a repeated (iso3, year). */
    size_t n_states = ns_world_state_count(w);
    unsigned char *seen = ns_calloc(ctx, n_states * 201 / 8 + 1, 1);
    ns__table_t t;
    memset(&t, 0, sizeof t);
    ns_status st =
        seen == NULL ? NS_ENOMEM : ns__table_open(ctx, opts, "gdp.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_gdp_t g;
        memset(&g, 0, sizeof g);
        /* The largest economy is about 3e13 USD; 1e15 leaves room and catches unit slips. */
        if ((st = ns__state(&t, w, G_ISO3, &g.state)) != NS_OK ||
            (st = ns__year(&t, G_YEAR, true, &g.year)) != NS_OK ||
            (st = ns_csv_double(t.csv, G_USD, cols[G_USD], 0.0, 1e15, &g.usd)) != NS_OK ||
            (st = ns__verified(&t, G_VERIFIED, &g.verified)) != NS_OK) {
            break;
        }
        size_t bit = g.state * 201 + (size_t)(g.year - 1900);
        if (seen[bit / 8] & (1u << (bit % 8))) {
            st = ns__error(&t, NS_EINVAL, G_YEAR, "a second row for %s in %d",
                           ns_world_state(w, g.state)->iso3, g.year);
            break;
        }
        seen[bit / 8] |= (unsigned char)(1u << (bit % 8));
        if (ns__keep(opts->filter, g.verified)) {
            st = ns_world_add_gdp(ctx, w, &g);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    ns_free(ctx, seen);
    return st;
}

/* ---- itu_gci.csv ----------------------------------------------------------------------- */

ns_status ns__load_gci(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t *w)
{
    static const char *const cols[] = {"iso3",        "edition",  "rank",   "score",
                                       "score_scale", "verified", "source", "note"};
    enum { C_ISO3, C_EDITION, C_RANK, C_SCORE, C_SCALE, C_VERIFIED, C_SOURCE, C_NOTE };
    static const char *const scales[] = {"0-1", "0-100"};
    static const double scale_max[] = {1.0, 100.0};
    ns__table_t t;
    ns_status st = ns__table_open(ctx, opts, "itu_gci.csv", cols, NS__NCOLS(cols), &t);
    while (st == NS_OK && (st = ns__table_next(&t)) == NS_CONTINUE) {
        st = NS_OK;
        ns_gci_t g;
        memset(&g, 0, sizeof g);
        int scale = -1;
        if ((st = ns__state(&t, w, C_ISO3, &g.state)) != NS_OK ||
            (st = ns__year(&t, C_EDITION, true, &g.edition)) != NS_OK ||
            (st = ns__int(&t, C_RANK, true, 1, 1000, 0, &g.rank)) != NS_OK ||
            (st = ns__choice(&t, C_SCALE, scales, 2, false, &scale)) != NS_OK ||
            (st = ns__verified(&t, C_VERIFIED, &g.verified)) != NS_OK) {
            break;
        }
        if (ns__text(&t, C_SCORE)[0] != '\0' && scale < 0) {
            st = ns__error(&t, NS_EINVAL, C_SCALE, "a score needs its scale (0-1 or 0-100)");
            break;
        }
        if ((st = ns_csv_double_opt(t.csv, C_SCORE, cols[C_SCORE], 0.0,
                                    scale >= 0 ? scale_max[scale] : 0.0, NAN, &g.score))) {
            break;
        }
        if (ns__keep(opts->filter, g.verified)) {
            st = ns_world_add_gci(ctx, w, &g);
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
    ns__table_close(&t);
    return st;
}

/* ---- Capability ---------------------------------------------------------------------- */

/* A state's starting capability c_i (DESIGN.md, model 7: "capability c_i normalised to max
 * 1"): its GDP in the latest year of gdp.csv (or its latest earlier year with data),
 * divided by the largest such GDP. GDP is a crude proxy for cyber capability, kept because
 * it covers every state (the ITU index covers 45); a scenario may override it. States with
 * no GDP at all (PRK) keep NaN, and so does every state when the filter drops all GDP rows
 * (they are all 'partly'). */
static ns_status set_capabilities(ns_ctx_t *ctx, ns_world_t *w)
{
    ns_status st = NS_OK;
    int latest = 0;
    for (size_t i = 0; i < ns_world_gdp_count(w); i++) {
        if (ns_world_gdp(w, i)->year > latest) {
            latest = ns_world_gdp(w, i)->year;
        }
    }
    double largest = 0.0;
    for (size_t s = 0; s < ns_world_state_count(w); s++) {
        double g = ns_world_gdp_at(w, s, latest);
        if (!isnan(g) && g > largest) {
            largest = g;
        }
    }
    for (size_t s = 0; largest > 0.0 && st == NS_OK && s < ns_world_state_count(w); s++) {
        double g = ns_world_gdp_at(w, s, latest);
        st = ns_world_set_capability(ctx, w, s, isnan(g) ? NAN : g / largest);
    }
    return st;
}

/* ---- The whole world ------------------------------------------------------------------- */

static ns_status check_dir(ns_ctx_t *ctx, const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return ns_error(ctx, NS_ENOTFOUND, "data directory '%s' does not exist", dir);
        }
        return ns_error(ctx, NS_EIO, "data directory '%s': %s", dir, strerror(errno));
    }
    if (!S_ISDIR(sb.st_mode)) {
        return ns_error(ctx, NS_EINVAL, "data directory '%s' is not a directory", dir);
    }
    return NS_OK;
}

const char ns__data_mem_dir[] = "memory";

ns_status ns_data_load(ns_ctx_t *ctx, const ns_data_options_t *opts, ns_world_t **out)
{
    static const ns_data_options_t defaults = {NULL, NS_FILTER_ALL};
    ns_world_t *w = NULL;
    char version[64];
    *out = NULL;
    if (opts == NULL) {
        opts = &defaults;
    }
    bool in_memory = opts->dir == ns__data_mem_dir;
    ns_status st = NS_OK;
    if ((unsigned)opts->filter > NS_FILTER_VERIFIED) {
        st = ns_error(ctx, NS_EINVAL, "unknown verified filter %d", (int)opts->filter);
        goto cleanup;
    }
    if (opts->dir != NULL && !in_memory && (st = check_dir(ctx, opts->dir)) != NS_OK) {
        goto cleanup;
    }
    if ((st = ns_world_new(ctx, &w)) != NS_OK) {
        goto cleanup;
    }
    /* Dimensions first, so that bodies can take them as their mandate. */
    const ns_dimension_t *dims = NULL;
    size_t n_dims = ns__data_dimensions(&dims);
    for (size_t d = 0; d < n_dims && st == NS_OK; d++) {
        st = ns_world_add_dimension(ctx, w, &dims[d], NULL);
    }
    if (st != NS_OK || (st = ns__load_states(ctx, opts, w)) != NS_OK ||
        (st = ns__load_memberships(ctx, opts, w)) != NS_OK ||
        (st = ns__load_gdp(ctx, opts, w)) != NS_OK || (st = ns__load_gci(ctx, opts, w)) != NS_OK ||
        (st = ns__load_bodies(ctx, opts, w)) != NS_OK ||
        (st = ns__load_resolutions(ctx, opts, w)) != NS_OK ||
        (st = ns__load_texts(ctx, opts, w)) != NS_OK ||
        (st = ns__load_estimates(ctx, opts, w)) != NS_OK ||
        (st = ns__load_record(ctx, opts, w)) != NS_OK ||
        (st = ns__load_sponsors(ctx, opts, w)) != NS_OK ||
        (st = set_capabilities(ctx, w)) != NS_OK) {
        goto cleanup;
    }
    if (opts->dir != NULL) {
        st = ns_world_set_data_version(ctx, w, opts->dir);
    } else {
        snprintf(version, sizeof version, "builtin:%s", ns_data_version());
        st = ns_world_set_data_version(ctx, w, version);
    }
    if (st == NS_OK) {
        /* Lookups that failed on the way (an organisation not yet added) left messages. */
        ns_ctx_clear_error(ctx);
    }
cleanup:
    if (st != NS_OK) {
        ns_world_free(w);
        w = NULL;
    }
    *out = w;
    return st;
}

ns_status ns__data_load_mem(ns_ctx_t *ctx, ns_verified_filter_t filter, const ns_data_file_t *files,
                            size_t n_files, ns_world_t **out)
{
    ns__data_source_t src = {{ns__data_mem_dir, filter}, files, n_files};
    return ns_data_load(ctx, &src.opts, out);
}
