/* Names of the world's enumerations, as written in the data files and on the command
 * line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"
#include "world/world_internal.h"

#include <stdio.h>
#include <string.h>

const char *ns_verified_str(ns_verified_t v)
{
    switch (v) {
    case NS_VERIFIED_YES: return "yes";
    case NS_VERIFIED_PARTLY: return "partly";
    case NS_VERIFIED_NO: return "no";
    case NS_VERIFIED_NA: break;
    }
    return "";
}

/* Indexed by ns_ungroup_t. The long names are those of states.csv. */
static const char *const group_names[NS_GROUP_COUNT] = {
    "", "African", "Asia-Pacific", "Eastern European", "Latin American and Caribbean", "WEOG",
};
static const char *const group_ids[NS_GROUP_COUNT] = {
    "", "AFR", "APG", "EEG", "GRULAC", "WEOG",
};

const char *ns_ungroup_name(ns_ungroup_t g)
{
    return ((unsigned)g < NS_GROUP_COUNT) ? group_names[g] : "";
}

const char *ns_ungroup_id(ns_ungroup_t g)
{
    return ((unsigned)g < NS_GROUP_COUNT) ? group_ids[g] : "";
}

ns_status ns_ungroup_parse(const char *s, ns_ungroup_t *out)
{
    if (s != NULL && s[0] != '\0') {
        for (int g = NS_GROUP_AFRICAN; g < NS_GROUP_COUNT; g++) {
            if (strcmp(s, group_names[g]) == 0 || strcmp(s, group_ids[g]) == 0) {
                *out = (ns_ungroup_t)g;
                return NS_OK;
            }
        }
    }
    return NS_ENOTFOUND;
}

static const char *const membership_rules[] = {"historical", "rotation", "open", "list"};
static const char *const decision_rules[] = {"consensus", "k_of_n", "weighted_qmv", "majority"};
static const char *const body_kinds[] = {"gge", "oewg", "ga", "mechanism", "custom"};

const char *ns_membership_rule_str(ns_membership_rule_t r)
{
    return ((unsigned)r < sizeof membership_rules / sizeof membership_rules[0])
               ? membership_rules[r]
               : "";
}

const char *ns_decision_rule_str(ns_decision_rule_t r)
{
    return ((unsigned)r < sizeof decision_rules / sizeof decision_rules[0]) ? decision_rules[r]
                                                                            : "";
}

const char *ns_body_kind_str(ns_body_kind_t k)
{
    return ((unsigned)k < sizeof body_kinds / sizeof body_kinds[0]) ? body_kinds[k] : "";
}

ns_status ns_membership_rule_parse(const char *s, ns_membership_rule_t *out)
{
    for (size_t i = 0; s != NULL && i < sizeof membership_rules / sizeof membership_rules[0]; i++) {
        if (strcmp(s, membership_rules[i]) == 0) {
            *out = (ns_membership_rule_t)i;
            return NS_OK;
        }
    }
    return NS_ENOTFOUND;
}

ns_status ns_decision_rule_parse(const char *s, ns_decision_rule_t *out)
{
    for (size_t i = 0; s != NULL && i < sizeof decision_rules / sizeof decision_rules[0]; i++) {
        if (strcmp(s, decision_rules[i]) == 0) {
            *out = (ns_decision_rule_t)i;
            return NS_OK;
        }
    }
    return NS_ENOTFOUND;
}

const char *ns_vote_str(ns_vote_value_t v)
{
    switch (v) {
    case NS_VOTE_YES: return "yes";
    case NS_VOTE_ABSTAIN: return "abstain";
    case NS_VOTE_NO: return "no";
    }
    return "";
}

/* ---- Names as people type them ------------------------------------------------------ */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

bool ns_names_equal(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (lower((unsigned char)*a) != lower((unsigned char)*b)) {
            return false;
        }
    }
    return *a == *b;
}

size_t ns_names_distance(const char *a, const char *b)
{
    /* Case-insensitive Levenshtein (core); names over 64 bytes are never near. */
    return ns__edit_distance_fold(a, b, true);
}

size_t ns_names_nearest(const char *query, const char *const *names, size_t n, size_t k,
                        size_t *out)
{
    size_t q = strlen(query != NULL ? query : "");
    /* Close enough to be a slip: one edit in a code of up to 4 characters ("gge9",
     * "CHM"), else a third of the length and at least 2 ("Chnia", "developmnts"). */
    size_t limit = q <= 4 ? 1 : q / 3 > 2 ? q / 3 : 2;
    size_t found = 0;
    for (size_t i = 0; i < n && query != NULL; i++) {
        if (names[i] == NULL || names[i][0] == '\0') {
            continue;
        }
        size_t d = ns_names_distance(query, names[i]);
        if (d > limit) {
            continue;
        }
        /* Insertion into the k best by (distance, list order); a name listed twice once. */
        bool dup = false;
        for (size_t j = 0; j < found; j++) {
            dup = dup || strcmp(names[out[j]], names[i]) == 0;
        }
        if (dup) {
            continue;
        }
        size_t pos = found < k ? found : k;
        while (pos > 0 && ns_names_distance(query, names[out[pos - 1]]) > d) {
            pos--;
        }
        if (pos >= k) {
            continue;
        }
        size_t end = found < k ? found : k - 1;
        for (size_t j = end; j > pos; j--) {
            out[j] = out[j - 1];
        }
        out[pos] = i;
        found = found < k ? found + 1 : k;
    }
    return found;
}

/* " (did you mean A, B or C?)" from up to three names, or "". */
static void did_you_mean(char *buf, size_t size, const char *const *shown, size_t n)
{
    buf[0] = '\0';
    if (n == 0) {
        return;
    }
    size_t len = (size_t)snprintf(buf, size, " (did you mean ");
    for (size_t i = 0; i < n && len < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, shown[i]);
    }
    if (len < size) {
        snprintf(buf + len, size - len, "?)");
    }
}

ns_status ns_names_unknown(ns_ctx_t *ctx, const char *what, const char *query,
                           const char *const *names, size_t n, const char *hint)
{
    size_t best[3];
    const char *shown[3];
    size_t k = ns_names_nearest(query, names, n, 3, best);
    for (size_t i = 0; i < k; i++) {
        shown[i] = names[best[i]];
    }
    char suggest[256];
    did_you_mean(suggest, sizeof suggest, shown, k);
    return ns_error(ctx, NS_ENOTFOUND, "unknown %s '%s'%s%s%s", what, query != NULL ? query : "",
                    suggest, k == 0 && hint != NULL ? "; " : "",
                    k == 0 && hint != NULL ? hint : "");
}

/* Names people use for states whose UN name differs (states.csv holds the UN's names):
 * common short forms and former names. Each maps to an ISO3 code, used only if the
 * world has it. */
static const char *const state_aliases[][2] = {
    {"Russia", "RUS"},
    {"UK", "GBR"},
    {"Britain", "GBR"},
    {"Great Britain", "GBR"},
    {"United Kingdom of Great Britain and Northern Ireland", "GBR"},
    {"US", "USA"},
    {"United States of America", "USA"},
    {"America", "USA"},
    {"South Korea", "KOR"},
    {"North Korea", "PRK"},
    {"DPRK", "PRK"},
    {"Iran", "IRN"},
    {"Syria", "SYR"},
    {"Vietnam", "VNM"},
    {"Laos", "LAO"},
    {"Tanzania", "TZA"},
    {"Bolivia", "BOL"},
    {"Micronesia", "FSM"},
    {"Czech Republic", "CZE"},
    {"Ivory Coast", "CIV"},
    {"Cote d'Ivoire", "CIV"},
    {"Cape Verde", "CPV"},
    {"Swaziland", "SWZ"},
    {"Macedonia", "MKD"},
    {"Burma", "MMR"},
    {"East Timor", "TLS"},
    {"Turkey", "TUR"},
    {"Turkiye", "TUR"},
    {"DRC", "COD"},
    {"DR Congo", "COD"},
    {"Congo-Kinshasa", "COD"},
    {"Congo-Brazzaville", "COG"},
    {"Brunei", "BRN"},
    {"Vatican", "VAT"},
    {"Holy See", "VAT"},
    {"Palestine", "PSE"},
};

/* Whether query names `name` up to a parenthesis ("Iran" for "Iran (Islamic Republic
 * of)"). */
static bool same_before_paren(const char *query, const char *name)
{
    const char *paren = strstr(name, " (");
    if (paren == NULL || (size_t)(paren - name) != strlen(query)) {
        return false;
    }
    for (size_t i = 0; query[i] != '\0'; i++) {
        if (lower((unsigned char)query[i]) != lower((unsigned char)name[i])) {
            return false;
        }
    }
    return true;
}

/* Whether a word of name starts with query (case-insensitive; a word starts after a
 * space, hyphen or parenthesis): "Syria" in "Syrian Arab Republic". */
static bool word_prefix(const char *query, const char *name)
{
    size_t q = strlen(query);
    for (const char *p = name; *p != '\0'; p++) {
        if (p != name && p[-1] != ' ' && p[-1] != '-' && p[-1] != '(') {
            continue;
        }
        size_t k = 0;
        while (k < q && p[k] != '\0' &&
               lower((unsigned char)p[k]) == lower((unsigned char)query[k])) {
            k++;
        }
        if (k == q) {
            return true;
        }
    }
    return false;
}

ns_status ns_world_lookup_state(ns_ctx_t *ctx, const ns_world_t *w, const char *text, size_t *index)
{
    ns_status st = NS_OK;
    const char **names = NULL;
    size_t n = w->states.count;
    size_t found = SIZE_MAX;
    const char *query = text != NULL ? text : "";
    if (ns__index_get(&w->state_ix, query, index)) {
        goto cleanup;
    }
    for (size_t i = 0; i < n && found == SIZE_MAX; i++) {
        const ns_state_t *s = &w->states.items[i];
        if (ns_names_equal(query, s->iso3) || (s->name != NULL && ns_names_equal(query, s->name))) {
            found = i;
        }
    }
    for (size_t a = 0; found == SIZE_MAX && a < sizeof state_aliases / sizeof state_aliases[0];
         a++) {
        size_t k = 0;
        if (ns_names_equal(query, state_aliases[a][0]) &&
            ns__index_get(&w->state_ix, state_aliases[a][1], &k)) {
            found = k;
        }
    }
    for (size_t i = 0; found == SIZE_MAX && i < n; i++) {
        const char *name = w->states.items[i].name;
        if (name != NULL && same_before_paren(query, name)) {
            found = i;
        }
    }
    /* The start of a word of one name only, from 4 letters ("Syrian", "Lao People");
     * when several names have it ("Guinea", "Republic") they are suggested below. */
    size_t prefixed[3];
    size_t n_prefixed = 0;
    for (size_t i = 0; found == SIZE_MAX && strlen(query) >= 4 && i < n; i++) {
        const char *name = w->states.items[i].name;
        if (name != NULL && word_prefix(query, name)) {
            if (n_prefixed < 3) {
                prefixed[n_prefixed] = i;
            }
            n_prefixed++;
        }
    }
    if (found == SIZE_MAX && n_prefixed == 1) {
        found = prefixed[0];
    }
    if (found != SIZE_MAX) {
        *index = found;
        goto cleanup;
    }
    /* The names with a word that starts with the query, then the nearest codes and
     * names, each shown as "CHN (China)". */
    names = ns_calloc(ctx, 2 * n + 1, sizeof *names);
    if (names == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        names[i] = w->states.items[i].iso3;
        names[n + i] = w->states.items[i].name;
    }
    size_t best[6];
    size_t k = n_prefixed < 3 ? n_prefixed : 3;
    memcpy(best, prefixed, k * sizeof *best);
    k += ns_names_nearest(query, names, 2 * n, 3, best + k);
    char shown[3][96];
    const char *list[3];
    size_t m = 0;
    for (size_t i = 0; i < k && m < 3; i++) {
        const ns_state_t *s = &w->states.items[best[i] % n];
        bool dup = false;
        for (size_t j = 0; j < i; j++) {
            dup = dup || best[j] % n == best[i] % n;
        }
        if (!dup) {
            snprintf(shown[m], sizeof shown[m], "%s (%s)", s->iso3, s->name != NULL ? s->name : "");
            list[m] = shown[m];
            m++;
        }
    }
    char suggest[320];
    did_you_mean(suggest, sizeof suggest, list, m);
    st = ns_error(ctx, NS_ENOTFOUND, "unknown state '%s'%s", query,
                  m > 0 ? suggest : " (an ISO3 code or a name; normsim data states lists them)");
cleanup:
    ns_free(ctx, (void *)names);
    return st;
}

ns_status ns_world_lookup_body(ns_ctx_t *ctx, const ns_world_t *w, const char *text, size_t *index)
{
    ns_status st = NS_OK;
    const char **names = NULL;
    size_t n = w->bodies.count;
    const char *query = text != NULL ? text : "";
    if (ns__index_get(&w->body_ix, query, index)) {
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        if (ns_names_equal(query, w->bodies.items[i].rec.id)) {
            *index = i;
            goto cleanup;
        }
    }
    names = ns_calloc(ctx, n + 1, sizeof *names);
    if (names == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        names[i] = w->bodies.items[i].rec.id;
    }
    st = ns_names_unknown(ctx, "body", query, names, n, "normsim data bodies lists them");
cleanup:
    ns_free(ctx, (void *)names);
    return st;
}

/* A symbol in the form people shorten it to: upper case, without spaces, without the
 * leading "A/" and "RES/" ("A/RES/73/27", "a/res/73/27" and "73/27" all give "73/27"). */
static void short_symbol(const char *symbol, char *out, size_t size)
{
    size_t len = 0;
    for (const char *p = symbol; *p != '\0' && len + 1 < size; p++) {
        if (*p != ' ') {
            char c = *p;
            out[len++] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        }
    }
    out[len] = '\0';
    size_t skip = 0;
    if (strncmp(out, "A/", 2) == 0) {
        skip = 2;
    }
    if (strncmp(out + skip, "RES/", 4) == 0) {
        skip += 4;
    }
    memmove(out, out + skip, len - skip + 1);
}

ns_status ns_world_lookup_resolution(ns_ctx_t *ctx, const ns_world_t *w, const char *text,
                                     size_t *index)
{
    ns_status st = NS_OK;
    const char **names = NULL;
    char *shorts = NULL;
    size_t n = w->resolutions.count;
    const char *query = text != NULL ? text : "";
    if (ns__index_get(&w->resolution_ix, query, index)) {
        goto cleanup;
    }
    if (strncmp(query, "session:", 8) == 0) {
        st = ns_world_find_resolution(ctx, w, query, index);
        goto cleanup;
    }
    char want[64];
    char have[64];
    short_symbol(query, want, sizeof want);
    for (size_t i = 0; want[0] != '\0' && i < n; i++) {
        short_symbol(w->resolutions.items[i].symbol, have, sizeof have);
        if (strcmp(want, have) == 0) {
            *index = i;
            goto cleanup;
        }
    }
    /* Nearest by short form ("73/99" is one edit from 73/29 and two from 73/27), shown
     * in full. */
    names = ns_calloc(ctx, n + 1, sizeof *names);
    shorts = ns_calloc(ctx, n + 1, sizeof have);
    if (names == NULL || shorts == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        short_symbol(w->resolutions.items[i].symbol, shorts + i * sizeof have, sizeof have);
        names[i] = shorts + i * sizeof have;
    }
    size_t best[3];
    const char *shown[3];
    size_t k = ns_names_nearest(want, names, n, 3, best);
    for (size_t i = 0; i < k; i++) {
        shown[i] = w->resolutions.items[best[i]].symbol;
    }
    char suggest[256];
    did_you_mean(suggest, sizeof suggest, shown, k);
    st = ns_error(ctx, NS_ENOTFOUND, "unknown resolution '%s'%s", query,
                  k > 0 ? suggest
                        : "; a symbol such as A/RES/73/27 or 73/27 (normsim data resolutions "
                          "lists them)");
cleanup:
    ns_free(ctx, (void *)names);
    ns_free(ctx, shorts);
    return st;
}
