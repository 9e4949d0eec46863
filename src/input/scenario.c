/* Scenario files: the schema walker. It checks the YAML tree (scenario_yaml.c) against
 * the format documented in include/normsim/scenario.h and applies it to a world in the
 * same pass, so that what `normsim check` accepts is exactly what the models get.
 *
 * Problems do not stop the walk: each is reported at its node and the walk goes on with
 * the next field, so one run reports every problem. Only running out of memory (or a
 * base world that cannot be loaded) stops it. A value with a problem is left out of the
 * world, except that a new state or body with a bad field is still added (with the
 * default for that field), so that later references to it are not reported as unknown.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/scenario.h"
#include "normsim/params.h"

#include "input/scenario_tree.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define YEAR_MIN  1945
#define YEAR_MAX  2100
#define ID_MAX    64
#define FIELD_MAX 192

struct ns_scenario {
    ns_ctx_t *ctx;
    ns_arena_t arena;
    const char *file;
    const ns_ynode_t *root;
    const char *name;
    uint64_t seed;
    ns_scenario_base_t base;
};

/* ---- The walk's state and problem reports ------------------------------------------ */

typedef struct walk {
    ns_ctx_t *ctx;
    const ns_scenario_t *sc;
    ns_world_t *world;
    ns_diag_cb cb;
    void *user;
    size_t n_problems;
    bool base_un;
    /* The first problem, put back on the context at the end (world lookups in between
     * overwrite the context's message). */
    ns_status first_status;
    int first_line;
    int first_col;
    char first_field[FIELD_MAX];
    char first_msg[1024];
} walk_t;

static void report(walk_t *w, const ns_ynode_t *at, ns_status st, const char *field,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report(walk_t *w, const ns_ynode_t *at, ns_status st, const char *field,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ns_diag_t d = {st,
                   w->sc->file,
                   at != NULL ? at->line : 0,
                   at != NULL ? at->col : 0,
                   field != NULL ? field : "",
                   msg};
    if (w->n_problems == 0) {
        w->first_status = st;
        w->first_line = d.line;
        w->first_col = d.col;
        snprintf(w->first_field, sizeof w->first_field, "%s", d.field);
        snprintf(w->first_msg, sizeof w->first_msg, "%s", msg);
    }
    w->n_problems++;
    if (w->cb != NULL) {
        w->cb(&d, w->user);
    }
}

/* A world function failed: running out of memory stops the walk; anything else (a
 * value the world refuses) is a problem of the file at `at`. *ok tells which. */
static ns_status world_result(walk_t *w, ns_status st, const ns_ynode_t *at, const char *field,
                              bool *ok)
{
    *ok = st == NS_OK;
    if (st == NS_OK) {
        return NS_OK;
    }
    if (st == NS_ENOMEM || st == NS_EINTERNAL || st == NS_EIO) {
        return st;
    }
    const char *msg = ns_ctx_errmsg(w->ctx);
    report(w, at, st, field, "%s", msg[0] != '\0' ? msg : ns_status_str(st));
    return NS_OK;
}

/* out = "prefix.key" (or "key"), cut to FIELD_MAX - 1 bytes: a long path in a message is
 * only a hint, never worth failing for. */
static void join(char *out, const char *prefix, const char *key)
{
    size_t n = 0;
    size_t lp = prefix != NULL ? strlen(prefix) : 0;
    size_t lk = strlen(key);
    if (lp > 0) {
        lp = lp < FIELD_MAX - 2 ? lp : FIELD_MAX - 2;
        memcpy(out, prefix, lp);
        n = lp;
        out[n++] = '.';
    }
    if (lk > FIELD_MAX - 1 - n) {
        lk = FIELD_MAX - 1 - n;
    }
    memcpy(out + n, key, lk);
    out[n + lk] = '\0';
}

static const char *kind_name(const ns_ynode_t *v)
{
    switch (v->kind) {
    case NS_YNODE_MAP: return "a mapping";
    case NS_YNODE_SEQ: return "a list";
    default: return v->quoted ? "quoted text" : "a single value";
    }
}

/* ---- Suggestions ------------------------------------------------------------------- */

/* The closest candidate within distance 2 (1 for words of three letters or fewer). */
static const char *closest(const char *word, const char *const *cands, size_t n)
{
    size_t limit = strlen(word) <= 3 ? 1 : 2;
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t d = ns__edit_distance(word, cands[i]);
        if (d <= limit && d < best_d) {
            best = cands[i];
            best_d = d;
        }
    }
    return best;
}

static const char *closest_dimension(const ns_world_t *world, const char *word)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    size_t limit = strlen(word) <= 3 ? 1 : 2;
    for (size_t i = 0; i < ns_world_dimension_count(world); i++) {
        const char *id = ns_world_dimension(world, i)->id;
        size_t d = ns__edit_distance(word, id);
        if (d <= limit && d < best_d) {
            best = id;
            best_d = d;
        }
    }
    return best;
}

/* ---- Mappings and duplicates ---------------------------------------------------------- */

typedef struct keyed {
    const ns_ynode_t *node;
    size_t order;
} keyed_t;

static int keyed_cmp(const void *pa, const void *pb)
{
    const keyed_t *a = pa;
    const keyed_t *b = pb;
    int c = strcmp(a->node->text, b->node->text);
    if (c != 0) {
        return c;
    }
    return a->order < b->order ? -1 : (a->order > b->order ? 1 : 0);
}

/* Report every scalar of nodes[] whose text repeats an earlier one's ("duplicate WHAT
 * 'x' (first at line N)") and mark it in dup[] (n entries, may be NULL). NULL entries
 * and non-scalars are skipped. O(n log n). */
static ns_status report_duplicates(walk_t *w, const ns_ynode_t *const *nodes, size_t n,
                                   const char *field, const char *what, bool *dup)
{
    ns_status st = NS_OK;
    keyed_t *sorted = NULL;
    size_t m = 0;
    if (n < 2) {
        goto cleanup;
    }
    sorted = ns_calloc(w->ctx, n, sizeof *sorted);
    if (sorted == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        if (nodes[i] != NULL && nodes[i]->kind == NS_YNODE_SCALAR) {
            sorted[m].node = nodes[i];
            sorted[m].order = i;
            m++;
        }
    }
    qsort(sorted, m, sizeof *sorted, keyed_cmp);
    for (size_t i = 1; i < m; i++) {
        size_t first = i - 1;
        while (i < m && strcmp(sorted[i].node->text, sorted[first].node->text) == 0) {
            report(w, sorted[i].node, NS_EINVAL, field, "duplicate %s '%s' (first at line %d)",
                   what, sorted[i].node->text, sorted[first].node->line);
            if (dup != NULL) {
                dup[sorted[i].order] = true;
            }
            i++;
        }
    }

cleanup:
    ns_free(w->ctx, sorted);
    return st;
}

/* Check that v is a mapping with scalar keys, none repeated and, when `keys` is not
 * NULL, each one of keys[]. *ok is false when v is not a mapping (nothing to walk). */
static ns_status check_map(walk_t *w, const ns_ynode_t *v, const char *field,
                           const char *const *keys, size_t n_keys, bool *ok)
{
    ns_status st = NS_OK;
    const ns_ynode_t **key_nodes = NULL;
    *ok = false;
    if (v->kind != NS_YNODE_MAP) {
        report(w, v, NS_EINVAL, field, "expected a mapping (key: value), found %s", kind_name(v));
        goto cleanup;
    }
    *ok = true;
    key_nodes = ns_calloc(w->ctx, v->n / 2 + 1, sizeof *key_nodes);
    if (key_nodes == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    size_t i = 0;
    for (const ns_ynode_t *k = v->first; k != NULL && k->next != NULL; k = k->next->next) {
        if (k->kind != NS_YNODE_SCALAR) {
            report(w, k, NS_EINVAL, field, "a key must be a plain name, found %s", kind_name(k));
            continue;
        }
        key_nodes[i++] = k;
        if (keys == NULL) {
            continue;
        }
        bool known = false;
        for (size_t j = 0; j < n_keys && !known; j++) {
            known = strcmp(k->text, keys[j]) == 0;
        }
        if (!known) {
            char path[FIELD_MAX];
            join(path, field, k->text);
            const char *hint = closest(k->text, keys, n_keys);
            if (hint != NULL) {
                report(w, k, NS_EINVAL, path, "unknown key '%s' (did you mean '%s'?)", k->text,
                       hint);
            } else {
                char list[512];
                size_t len = 0;
                list[0] = '\0';
                for (size_t j = 0; j < n_keys && len < sizeof list; j++) {
                    len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                            j > 0 ? ", " : "", keys[j]);
                }
                report(w, k, NS_EINVAL, path, "unknown key '%s' (known keys: %s)", k->text, list);
            }
        }
    }
    st = report_duplicates(w, key_nodes, i, field, "key", NULL);

cleanup:
    ns_free(w->ctx, key_nodes);
    return st;
}

/* The value of `key` in mapping v (its first occurrence), or NULL. */
static const ns_ynode_t *map_get(const ns_ynode_t *v, const char *key)
{
    if (v == NULL || v->kind != NS_YNODE_MAP) {
        return NULL;
    }
    for (const ns_ynode_t *k = v->first; k != NULL && k->next != NULL; k = k->next->next) {
        if (k->kind == NS_YNODE_SCALAR && strcmp(k->text, key) == 0) {
            return k->next;
        }
    }
    return NULL;
}

/* ---- Typed values ------------------------------------------------------------------- */

static bool is_scalar(walk_t *w, const ns_ynode_t *v, const char *field, const char *expected)
{
    if (v->kind == NS_YNODE_SCALAR) {
        return true;
    }
    report(w, v, NS_EINVAL, field, "expected %s, found %s", expected, kind_name(v));
    return false;
}

/* YAML's spellings of infinity and not-a-number, which strtod does not all know. */
static bool yaml_nonfinite(const char *s)
{
    static const char *const words[] = {".nan",  ".NaN",  ".NAN",  ".inf",  ".Inf",  ".INF",
                                        "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
    for (size_t i = 0; i < NS_ARRAY_LEN(words); i++) {
        if (strcmp(s, words[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* A finite number in [lo, hi]. Reports and returns false otherwise. */
static bool get_number(walk_t *w, const ns_ynode_t *v, const char *field, double lo, double hi,
                       double *out)
{
    if (!is_scalar(w, v, field, "a number")) {
        return false;
    }
    if (v->quoted) {
        report(w, v, NS_EINVAL, field, "expected a number, found quoted text \"%.40s\"", v->text);
        return false;
    }
    if (yaml_nonfinite(v->text)) {
        report(w, v, NS_ERANGE, field, "'%s' is not a finite number", v->text);
        return false;
    }
    char *end = NULL;
    errno = 0;
    double x = strtod(v->text, &end);
    if (v->text[0] == '\0' || end == v->text || *end != '\0') {
        report(w, v, NS_EINVAL, field, "expected a number, found '%.40s'", v->text);
        return false;
    }
    if (!isfinite(x) || errno == ERANGE) {
        report(w, v, NS_ERANGE, field, "'%.40s' is not a finite number", v->text);
        return false;
    }
    if (x < lo || x > hi) {
        if (isinf(hi)) {
            report(w, v, NS_ERANGE, field, "%g is out of range: must be >= %g", x, lo);
        } else {
            report(w, v, NS_ERANGE, field, "%g is outside [%g, %g]", x, lo, hi);
        }
        return false;
    }
    *out = x;
    return true;
}

static bool get_int(walk_t *w, const ns_ynode_t *v, const char *field, long lo, long hi, long *out)
{
    if (!is_scalar(w, v, field, "an integer")) {
        return false;
    }
    char *end = NULL;
    errno = 0;
    long x = strtol(v->text, &end, 10);
    if (v->quoted || v->text[0] == '\0' || *end != '\0') {
        report(w, v, NS_EINVAL, field, "expected an integer, found '%.40s'", v->text);
        return false;
    }
    if (errno == ERANGE || x < lo || x > hi) {
        report(w, v, NS_ERANGE, field, "%.40s is outside [%ld, %ld]", v->text, lo, hi);
        return false;
    }
    *out = x;
    return true;
}

static bool get_bool(walk_t *w, const ns_ynode_t *v, const char *field, bool *out)
{
    if (!is_scalar(w, v, field, "true or false")) {
        return false;
    }
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    for (size_t i = 0; i < 3 && !v->quoted; i++) {
        if (strcmp(v->text, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(v->text, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    report(w, v, NS_EINVAL, field, "expected true or false, found '%.40s'", v->text);
    return false;
}

/* Text: any scalar without NUL bytes; `nonempty` refuses "". */
static bool get_text(walk_t *w, const ns_ynode_t *v, const char *field, bool nonempty,
                     const char **out)
{
    if (!is_scalar(w, v, field, "text")) {
        return false;
    }
    if (strlen(v->text) != v->len) {
        report(w, v, NS_EINVAL, field, "text contains a NUL character");
        return false;
    }
    if (nonempty && v->text[0] == '\0') {
        report(w, v, NS_EINVAL, field, "must not be empty");
        return false;
    }
    *out = v->text;
    return true;
}

/* An id: 1..64 letters, digits, '_', '-', '.' or ':'. */
static bool get_id(walk_t *w, const ns_ynode_t *v, const char *field, const char **out)
{
    const char *s = NULL;
    if (!get_text(w, v, field, true, &s)) {
        return false;
    }
    bool good = strlen(s) <= ID_MAX;
    for (const char *p = s; *p != '\0' && good; p++) {
        good = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
               *p == '_' || *p == '-' || *p == '.' || *p == ':';
    }
    if (!good) {
        report(w, v, NS_EINVAL, field,
               "'%.40s' is not an id (1 to %d letters, digits, '_', '-', '.', ':')", s, ID_MAX);
        return false;
    }
    *out = s;
    return true;
}

static bool get_iso3(walk_t *w, const ns_ynode_t *v, const char *field, const char **out)
{
    const char *s = NULL;
    if (!get_text(w, v, field, true, &s)) {
        return false;
    }
    bool good = strlen(s) == 3;
    for (const char *p = s; *p != '\0' && good; p++) {
        good = *p >= 'A' && *p <= 'Z';
    }
    if (!good) {
        report(w, v, NS_EINVAL, field,
               "'%.40s' is not an ISO 3166-1 alpha-3 code (three capital letters)", s);
        return false;
    }
    *out = s;
    return true;
}

/* One of names[] (exact); *out receives its index. */
static bool get_word(walk_t *w, const ns_ynode_t *v, const char *field, const char *const *names,
                     size_t n, int *out)
{
    const char *s = NULL;
    if (!get_text(w, v, field, true, &s)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    }
    char list[256];
    size_t len = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && len < sizeof list; i++) {
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i > 0 ? ", " : "", names[i]);
    }
    report(w, v, NS_EINVAL, field, "'%.40s' is not one of: %s", s, list);
    return false;
}

/* Look a state up; an unknown code is reported with the world's suggestion. */
static bool find_state(walk_t *w, const ns_ynode_t *v, const char *field, size_t *index)
{
    const char *iso3 = NULL;
    if (!get_iso3(w, v, field, &iso3)) {
        return false;
    }
    if (ns_world_find_state(w->ctx, w->world, iso3, index) == NS_OK) {
        return true;
    }
    const char *msg = ns_ctx_errmsg(w->ctx);
    if (msg[0] != '\0' && strstr(msg, iso3) != NULL) {
        report(w, v, NS_ENOTFOUND, field, "%s", msg);
    } else {
        report(w, v, NS_ENOTFOUND, field, "unknown state '%s'", iso3);
    }
    return false;
}

static bool find_dimension(walk_t *w, const ns_ynode_t *v, const char *field, size_t *index)
{
    const char *id = NULL;
    if (!get_text(w, v, field, true, &id)) {
        return false;
    }
    if (ns_world_find_dimension(w->ctx, w->world, id, index) == NS_OK) {
        return true;
    }
    const char *hint = closest_dimension(w->world, id);
    if (hint != NULL) {
        report(w, v, NS_ENOTFOUND, field, "unknown dimension '%.40s' (did you mean '%s'?)", id,
               hint);
    } else {
        char list[256];
        size_t len = 0;
        size_t n = ns_world_dimension_count(w->world);
        list[0] = '\0';
        for (size_t i = 0; i < n && i < 12 && len < sizeof list; i++) {
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i > 0 ? ", " : "",
                                    ns_world_dimension(w->world, i)->id);
        }
        report(w, v, NS_ENOTFOUND, field, "unknown dimension '%.40s' (known: %s%s)", id,
               n > 0 ? list : "none", n > 12 ? ", ..." : "");
    }
    return false;
}

/* ---- Sections ------------------------------------------------------------------------ */

static ns_status walk_parameters(walk_t *w, const ns_ynode_t *v)
{
    bool ok = false;
    ns_status st = check_map(w, v, "parameters", NULL, 0, &ok);
    if (st != NS_OK || !ok) {
        return st;
    }
    for (const ns_ynode_t *k = v->first; k != NULL && k->next != NULL; k = k->next->next) {
        const char *key = NULL;
        double x = 0;
        char path[FIELD_MAX];
        if (k->kind != NS_YNODE_SCALAR || !get_id(w, k, "parameters", &key)) {
            continue;
        }
        join(path, "parameters", key);
        if (!get_number(w, k->next, path, -HUGE_VAL, HUGE_VAL, &x)) {
            continue;
        }
        st = world_result(w, ns_world_set_param(w->ctx, w->world, key, x), k->next, path, &ok);
        if (st != NS_OK) {
            return st;
        }
    }
    return NS_OK;
}

/* A parameter refused by the registry, at its key (at its value for a range). */
static void report_parameter(walk_t *w, const ns_ynode_t *k, ns_status st)
{
    char path[FIELD_MAX];
    /* The message starts with the key, which the field names already. */
    const char *msg = ns_ctx_errmsg(w->ctx);
    size_t n = strlen(k->text);
    if (strncmp(msg, k->text, n) == 0 && strncmp(msg + n, ": ", 2) == 0) {
        msg += n + 2;
    }
    join(path, "parameters", k->text);
    report(w, st == NS_ERANGE ? k->next : k, st, path, "%s", msg);
}

/* Every parameter against the registry (normsim/params.h), once the bodies a
 * "<name>.<BODY>" key may name are in the world: an unknown key (with the nearest
 * names), a suffix that names no body or camp, a value out of range, each at its line;
 * then what involves several keys (two layers of implementing peers). */
static void check_parameters(walk_t *w, const ns_ynode_t *v)
{
    if (v->kind != NS_YNODE_MAP) {
        return;
    }
    bool all_ok = true;
    for (const ns_ynode_t *k = v->first; k != NULL && k->next != NULL; k = k->next->next) {
        double x = 0;
        /* Keys whose value was refused are reported already. */
        if (k->kind != NS_YNODE_SCALAR || ns_world_param(w->world, k->text, &x) != NS_OK) {
            continue;
        }
        ns_status st = ns_param_check(w->ctx, w->world, k->text, x);
        if (st != NS_OK) {
            report_parameter(w, k, st);
            all_ok = false;
        }
    }
    ns_status st = all_ok ? ns_param_check_world(w->ctx, w->world) : NS_OK;
    for (const ns_ynode_t *k = v->first; st != NS_OK && k != NULL && k->next != NULL;
         k = k->next->next) {
        if (k->kind == NS_YNODE_SCALAR && strcmp(k->text, ns_ctx_errfield(w->ctx)) == 0) {
            report_parameter(w, k, st);
            st = NS_OK;
        }
    }
}

/* positions: dimension id -> { x, sd, salience } or a bare number (x). */
static ns_status walk_positions(walk_t *w, const ns_ynode_t *v, const char *prefix,
                                ns_actor_kind_t kind, size_t actor, bool actor_ok)
{
    static const char *const keys[] = {"x", "sd", "salience"};
    char field[FIELD_MAX];
    bool ok = false;
    join(field, prefix, "positions");
    ns_status st = check_map(w, v, field, NULL, 0, &ok);
    if (st != NS_OK || !ok) {
        return st;
    }
    for (const ns_ynode_t *k = v->first; k != NULL && k->next != NULL; k = k->next->next) {
        const ns_ynode_t *val = k->next;
        size_t dim = 0;
        if (k->kind != NS_YNODE_SCALAR || !find_dimension(w, k, field, &dim)) {
            continue;
        }
        char path[FIELD_MAX];
        char sub[FIELD_MAX];
        join(path, field, k->text);
        const ns_dimension_t *d = ns_world_dimension(w->world, dim);
        ns_position_t p = {NAN, 0, NAN};
        const ns_position_t *old = actor_ok ? ns_world_position(w->world, kind, actor, dim) : NULL;
        if (old != NULL) {
            p = *old;
        }
        bool good = true;
        if (val->kind == NS_YNODE_SCALAR) {
            good = get_number(w, val, path, d->scale_min, d->scale_max, &p.x);
        } else {
            st = check_map(w, val, path, keys, NS_ARRAY_LEN(keys), &ok);
            if (st != NS_OK) {
                return st;
            }
            if (!ok) {
                continue;
            }
            const ns_ynode_t *x = map_get(val, "x");
            const ns_ynode_t *sd = map_get(val, "sd");
            const ns_ynode_t *sal = map_get(val, "salience");
            join(sub, path, "x");
            good = (x == NULL || get_number(w, x, sub, d->scale_min, d->scale_max, &p.x)) && good;
            join(sub, path, "sd");
            good = (sd == NULL || get_number(w, sd, sub, 0, HUGE_VAL, &p.sd)) && good;
            join(sub, path, "salience");
            good = (sal == NULL || get_number(w, sal, sub, 0, 1, &p.salience)) && good;
        }
        if (good && actor_ok) {
            st = world_result(w, ns_world_set_position(w->ctx, w->world, kind, actor, dim, &p), val,
                              path, &ok);
            if (st != NS_OK) {
                return st;
            }
        }
    }
    return NS_OK;
}

/* The id nodes of a section's items (NULL where missing), and which repeat. */
static ns_status collect_ids(walk_t *w, const ns_ynode_t *seq, const char *key, const char *section,
                             const char *what, const ns_ynode_t ***ids, bool **dup)
{
    ns_status st = NS_OK;
    *ids = ns_calloc(w->ctx, seq->n + 1, sizeof **ids);
    *dup = ns_calloc(w->ctx, seq->n + 1, sizeof **dup);
    if (*ids == NULL || *dup == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    size_t i = 0;
    for (const ns_ynode_t *item = seq->first; item != NULL; item = item->next, i++) {
        (*ids)[i] = map_get(item, key);
    }
    st = report_duplicates(w, *ids, seq->n, section, what, *dup);

cleanup:
    return st;
}

/* "states[USA]" for an item with a usable id, else "states[2]". */
static void item_path(char *out, const char *section, const ns_ynode_t *id, size_t i)
{
    if (id != NULL && id->kind == NS_YNODE_SCALAR && id->len > 0 && id->len <= ID_MAX) {
        snprintf(out, FIELD_MAX, "%s[%s]", section, id->text);
    } else {
        snprintf(out, FIELD_MAX, "%s[%zu]", section, i);
    }
}

static bool is_seq(walk_t *w, const ns_ynode_t *v, const char *field)
{
    if (v->kind == NS_YNODE_SEQ) {
        return true;
    }
    report(w, v, NS_EINVAL, field, "expected a list (- item), found %s", kind_name(v));
    return false;
}

/* A key given where it may not be: report each of item's keys outside allowed[]. */
static void refuse_keys(walk_t *w, const ns_ynode_t *item, const char *path,
                        const char *const *allowed, size_t n, const char *why)
{
    for (const ns_ynode_t *k = item->first; k != NULL && k->next != NULL; k = k->next->next) {
        bool fine = k->kind != NS_YNODE_SCALAR;
        for (size_t j = 0; j < n && !fine; j++) {
            fine = strcmp(k->text, allowed[j]) == 0;
        }
        if (!fine) {
            char field[FIELD_MAX];
            join(field, path, k->text);
            report(w, k, NS_EINVAL, field, "%s", why);
        }
    }
}

static ns_status walk_dimensions(walk_t *w, const ns_ynode_t *seq)
{
    static const char *const keys[] = {"id", "label", "low", "high", "min", "max", "silence"};
    ns_status st = NS_OK;
    const ns_ynode_t **ids = NULL;
    bool *dup = NULL;
    if (!is_seq(w, seq, "dimensions")) {
        goto cleanup;
    }
    st = collect_ids(w, seq, "id", "dimensions", "dimension", &ids, &dup);
    if (st != NS_OK) {
        goto cleanup;
    }
    size_t i = 0;
    for (const ns_ynode_t *item = seq->first; item != NULL; item = item->next, i++) {
        char path[FIELD_MAX];
        char field[FIELD_MAX];
        bool ok = false;
        item_path(path, "dimensions", ids[i], i);
        st = check_map(w, item, path, keys, NS_ARRAY_LEN(keys), &ok);
        if (st != NS_OK) {
            goto cleanup;
        }
        if (!ok) {
            continue;
        }
        ns_dimension_t d = {NULL, "", "", "", 0, 100, NAN};
        bool good = true;
        bool exists = false; /* A dimension of the base world: change what is named. */
        size_t index = 0;
        join(field, path, "id");
        if (ids[i] == NULL) {
            report(w, item, NS_EINVAL, field, "missing 'id'");
            good = false;
        } else if (!get_id(w, ids[i], field, &d.id) || dup[i]) {
            good = false;
        } else if (ns_world_find_dimension(w->ctx, w->world, d.id, &index) == NS_OK) {
            exists = true;
            d = *ns_world_dimension(w->world, index);
        }
        const char *const text_keys[] = {"label", "low", "high"};
        const char **text_out[] = {&d.label, &d.low, &d.high};
        for (size_t j = 0; j < 3; j++) {
            const ns_ynode_t *v = map_get(item, text_keys[j]);
            join(field, path, text_keys[j]);
            good = (v == NULL || get_text(w, v, field, false, text_out[j])) && good;
        }
        const ns_ynode_t *vmin = map_get(item, "min");
        const ns_ynode_t *vmax = map_get(item, "max");
        const ns_ynode_t *vsil = map_get(item, "silence");
        join(field, path, "min");
        good =
            (vmin == NULL || get_number(w, vmin, field, -HUGE_VAL, HUGE_VAL, &d.scale_min)) && good;
        join(field, path, "max");
        good =
            (vmax == NULL || get_number(w, vmax, field, -HUGE_VAL, HUGE_VAL, &d.scale_max)) && good;
        if (good && !(d.scale_min < d.scale_max)) {
            join(field, path, "max");
            report(w, vmax != NULL ? vmax : vmin, NS_ERANGE, field,
                   "max (%g) must be greater than min (%g)", d.scale_max, d.scale_min);
            good = false;
        }
        join(field, path, "silence");
        if (vsil != NULL) {
            good = get_number(w, vsil, field, d.scale_min, d.scale_max, &d.silence) && good;
        } else if (!exists) {
            d.silence = (d.scale_min + d.scale_max) / 2;
        } else if (good && !(d.silence >= d.scale_min && d.silence <= d.scale_max)) {
            report(w, item, NS_ERANGE, field,
                   "the recorded silence %g is outside the new scale [%g, %g]; give 'silence'",
                   d.silence, d.scale_min, d.scale_max);
            good = false;
        }
        if (good && exists) {
            st = world_result(w, ns_world_set_dimension(w->ctx, w->world, index, &d), item, path,
                              &ok);
            if (st != NS_OK) {
                goto cleanup;
            }
        } else if (good) {
            st = world_result(w, ns_world_add_dimension(w->ctx, w->world, &d, NULL), item, path,
                              &ok);
            if (st != NS_OK) {
                goto cleanup;
            }
        }
    }

cleanup:
    ns_free(w->ctx, ids);
    ns_free(w->ctx, dup);
    return st;
}

static ns_status walk_states(walk_t *w, const ns_ynode_t *seq)
{
    static const char *const keys[] = {"iso3", "name",       "group", "p5",       "member_since",
                                       "m49",  "capability", "will",  "positions"};
    static const char *const change_keys[] = {"iso3", "capability", "will", "positions"};
    ns_status st = NS_OK;
    const ns_ynode_t **ids = NULL;
    bool *dup = NULL;
    if (!is_seq(w, seq, "states")) {
        goto cleanup;
    }
    st = collect_ids(w, seq, "iso3", "states", "state", &ids, &dup);
    if (st != NS_OK) {
        goto cleanup;
    }
    size_t i = 0;
    for (const ns_ynode_t *item = seq->first; item != NULL; item = item->next, i++) {
        char path[FIELD_MAX];
        char field[FIELD_MAX];
        bool ok = false;
        const char *iso3 = NULL;
        size_t index = 0;
        bool have = false; /* A state to apply capability, will and positions to. */
        item_path(path, "states", ids[i], i);
        st = check_map(w, item, path, keys, NS_ARRAY_LEN(keys), &ok);
        if (st != NS_OK) {
            goto cleanup;
        }
        if (!ok) {
            continue;
        }
        join(field, path, "iso3");
        if (ids[i] == NULL) {
            report(w, item, NS_EINVAL, field, "missing 'iso3'");
            continue;
        }
        if (!get_iso3(w, ids[i], field, &iso3) || dup[i]) {
            continue;
        }
        const ns_ynode_t *vname = map_get(item, "name");
        if (ns_world_find_state(w->ctx, w->world, iso3, &index) == NS_OK) {
            /* A state of the base world: its sourced record stays. */
            refuse_keys(w, item, path, change_keys, NS_ARRAY_LEN(change_keys),
                        "a state of the base world keeps its recorded name, group and "
                        "membership; only capability, will and positions can be changed");
            have = true;
        } else if (w->base_un && vname == NULL) {
            /* With base un a code that is not in the data is most likely a typo. */
            const char *msg = ns_ctx_errmsg(w->ctx);
            if (msg[0] != '\0' && strstr(msg, iso3) != NULL) {
                report(w, ids[i], NS_ENOTFOUND, field, "%s (to add a new state, give its name)",
                       msg);
            } else {
                report(w, ids[i], NS_ENOTFOUND, field,
                       "unknown state '%s' (to add a new state, give its name)", iso3);
            }
            continue;
        } else {
            ns_state_t s;
            memset(&s, 0, sizeof s);
            memcpy(s.iso3, iso3, 4);
            s.name = iso3;
            s.notes = "";
            s.member_since = YEAR_MIN;
            const ns_ynode_t *v = NULL;
            long n = 0;
            int g = 0;
            static const char *const groups[] = {"African",
                                                 "Asia-Pacific",
                                                 "Eastern European",
                                                 "Latin American and Caribbean",
                                                 "WEOG",
                                                 "AFR",
                                                 "APG",
                                                 "EEG",
                                                 "GRULAC"};
            join(field, path, "name");
            if (vname != NULL) {
                (void)get_text(w, vname, field, true, &s.name);
            }
            join(field, path, "group");
            if ((v = map_get(item, "group")) != NULL &&
                get_word(w, v, field, groups, NS_ARRAY_LEN(groups), &g)) {
                (void)ns_ungroup_parse(groups[g], &s.group);
            }
            join(field, path, "p5");
            if ((v = map_get(item, "p5")) != NULL) {
                (void)get_bool(w, v, field, &s.p5);
            }
            join(field, path, "member_since");
            if ((v = map_get(item, "member_since")) != NULL &&
                get_int(w, v, field, YEAR_MIN, YEAR_MAX, &n)) {
                s.member_since = (int)n;
            }
            join(field, path, "m49");
            if ((v = map_get(item, "m49")) != NULL && get_int(w, v, field, 0, 999, &n)) {
                s.m49 = (int)n;
            }
            st = world_result(w, ns_world_add_state(w->ctx, w->world, &s, &index), item, path,
                              &have);
            if (st != NS_OK) {
                goto cleanup;
            }
        }
        const ns_ynode_t *v = NULL;
        double x = 0;
        join(field, path, "capability");
        if ((v = map_get(item, "capability")) != NULL && get_number(w, v, field, 0, HUGE_VAL, &x) &&
            have) {
            st =
                world_result(w, ns_world_set_capability(w->ctx, w->world, index, x), v, field, &ok);
            if (st != NS_OK) {
                goto cleanup;
            }
        }
        join(field, path, "will");
        if ((v = map_get(item, "will")) != NULL && get_number(w, v, field, 0, HUGE_VAL, &x) &&
            have) {
            st = world_result(w, ns_world_set_will(w->ctx, w->world, index, x), v, field, &ok);
            if (st != NS_OK) {
                goto cleanup;
            }
        }
        if ((v = map_get(item, "positions")) != NULL) {
            st = walk_positions(w, v, path, NS_ACTOR_STATE, index, have);
            if (st != NS_OK) {
                goto cleanup;
            }
        }
    }

cleanup:
    ns_free(w->ctx, ids);
    ns_free(w->ctx, dup);
    return st;
}

static ns_status walk_stakeholders(walk_t *w, const ns_ynode_t *seq)
{
    static const char *const keys[] = {"id", "name", "kind", "positions"};
    static const char *const change_keys[] = {"id", "positions"};
    ns_status st = NS_OK;
    const ns_ynode_t **ids = NULL;
    bool *dup = NULL;
    if (!is_seq(w, seq, "stakeholders")) {
        goto cleanup;
    }
    st = collect_ids(w, seq, "id", "stakeholders", "stakeholder", &ids, &dup);
    if (st != NS_OK) {
        goto cleanup;
    }
    size_t i = 0;
    for (const ns_ynode_t *item = seq->first; item != NULL; item = item->next, i++) {
        char path[FIELD_MAX];
        char field[FIELD_MAX];
        bool ok = false;
        bool have = false;
        size_t index = 0;
        ns_stakeholder_t s = {NULL, NULL, "other"};
        item_path(path, "stakeholders", ids[i], i);
        st = check_map(w, item, path, keys, NS_ARRAY_LEN(keys), &ok);
        if (st != NS_OK) {
            goto cleanup;
        }
        if (!ok) {
            continue;
        }
        join(field, path, "id");
        if (ids[i] == NULL) {
            report(w, item, NS_EINVAL, field, "missing 'id'");
            continue;
        }
        if (!get_id(w, ids[i], field, &s.id) || dup[i]) {
            continue;
        }
        if (ns_world_find_stakeholder(w->ctx, w->world, s.id, &index) == NS_OK) {
            refuse_keys(w, item, path, change_keys, NS_ARRAY_LEN(change_keys),
                        "a stakeholder of the base world keeps its record; only positions "
                        "can be changed");
            have = true;
        } else {
            const ns_ynode_t *v = NULL;
            s.name = s.id;
            join(field, path, "name");
            if ((v = map_get(item, "name")) != NULL) {
                (void)get_text(w, v, field, true, &s.name);
            }
            join(field, path, "kind");
            if ((v = map_get(item, "kind")) != NULL) {
                (void)get_id(w, v, field, &s.kind);
            }
            st = world_result(w, ns_world_add_stakeholder(w->ctx, w->world, &s, &index), item, path,
                              &have);
            if (st != NS_OK) {
                goto cleanup;
            }
        }
        const ns_ynode_t *v = map_get(item, "positions");
        if (v != NULL) {
            st = walk_positions(w, v, path, NS_ACTOR_STAKEHOLDER, index, have);
            if (st != NS_OK) {
                goto cleanup;
            }
        }
    }

cleanup:
    ns_free(w->ctx, ids);
    ns_free(w->ctx, dup);
    return st;
}

/* A list of states or dimensions: resolved indices (unknown and repeated entries are
 * reported and left out). *items is allocated, *n set. */
static ns_status resolve_list(walk_t *w, const ns_ynode_t *seq, const char *field, bool states,
                              size_t **items, size_t *n)
{
    ns_status st = NS_OK;
    const ns_ynode_t **nodes = NULL;
    bool *dup = NULL;
    *items = NULL;
    *n = 0;
    if (!is_seq(w, seq, field)) {
        goto cleanup;
    }
    nodes = ns_calloc(w->ctx, seq->n + 1, sizeof *nodes);
    dup = ns_calloc(w->ctx, seq->n + 1, sizeof *dup);
    *items = ns_calloc(w->ctx, seq->n + 1, sizeof **items);
    if (nodes == NULL || dup == NULL || *items == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    size_t i = 0;
    for (const ns_ynode_t *v = seq->first; v != NULL; v = v->next) {
        nodes[i++] = v;
    }
    st = report_duplicates(w, nodes, seq->n, field, states ? "member" : "dimension", dup);
    if (st != NS_OK) {
        goto cleanup;
    }
    for (i = 0; i < seq->n; i++) {
        size_t index = 0;
        bool found = states ? find_state(w, nodes[i], field, &index)
                            : find_dimension(w, nodes[i], field, &index);
        if (found && !dup[i]) {
            (*items)[(*n)++] = index;
        }
    }

cleanup:
    ns_free(w->ctx, nodes);
    ns_free(w->ctx, dup);
    if (st != NS_OK) {
        ns_free(w->ctx, *items);
        *items = NULL;
        *n = 0;
    }
    return st;
}

static bool contains(const size_t *items, size_t n, size_t x)
{
    for (size_t i = 0; i < n; i++) {
        if (items[i] == x) {
            return true;
        }
    }
    return false;
}

/* Members and mandate of body `index` (when have is true). */
static ns_status apply_lists(walk_t *w, const ns_ynode_t *item, const char *path, size_t index,
                             bool have, const ns_ynode_t *vmembers, const size_t *members,
                             size_t n_members)
{
    ns_status st = NS_OK;
    ns_verified_t *verified = NULL;
    size_t *mandate = NULL;
    size_t n_mandate = 0;
    char field[FIELD_MAX];
    bool ok = false;
    const ns_ynode_t *v = map_get(item, "mandate");
    join(field, path, "mandate");
    if (v != NULL) {
        st = resolve_list(w, v, field, false, &mandate, &n_mandate);
        if (st != NS_OK) {
            goto cleanup;
        }
        if (have && v->kind == NS_YNODE_SEQ) {
            st = world_result(
                w, ns_world_set_body_mandate(w->ctx, w->world, index, mandate, n_mandate), v, field,
                &ok);
            if (st != NS_OK) {
                goto cleanup;
            }
        }
    }
    if (have && vmembers != NULL && vmembers->kind == NS_YNODE_SEQ) {
        join(field, path, "members");
        verified = ns_calloc(w->ctx, n_members + 1, sizeof *verified);
        if (verified == NULL) {
            st = NS_ENOMEM;
            goto cleanup;
        }
        st = world_result(
            w, ns_world_set_body_members(w->ctx, w->world, index, members, verified, n_members),
            vmembers, field, &ok);
    }

cleanup:
    ns_free(w->ctx, verified);
    ns_free(w->ctx, mandate);
    return st;
}

static ns_status walk_body(walk_t *w, const ns_ynode_t *item, const ns_ynode_t *vid,
                           const char *path)
{
    static const char *const kinds[] = {"gge", "oewg", "ga", "mechanism", "custom"};
    static const ns_body_kind_t kind_of[] = {NS_BODY_GGE, NS_BODY_OEWG, NS_BODY_GA,
                                             NS_BODY_MECHANISM, NS_BODY_CUSTOM};
    static const char *const rules[] = {"historical", "rotation", "open", "list"};
    static const ns_membership_rule_t rule_of[] = {NS_MEMBERS_HISTORICAL, NS_MEMBERS_ROTATION,
                                                   NS_MEMBERS_OPEN, NS_MEMBERS_LIST};
    static const char *const decisions[] = {"consensus", "k_of_n", "majority", "weighted_qmv"};
    static const ns_decision_rule_t decision_of[] = {NS_DECIDE_CONSENSUS, NS_DECIDE_K_OF_N,
                                                     NS_DECIDE_MAJORITY, NS_DECIDE_WEIGHTED_QMV};
    ns_status st = NS_OK;
    size_t *members = NULL;
    size_t n_members = 0;
    char field[FIELD_MAX];
    size_t index = 0;
    bool have = false;
    bool listed = false; /* Historical or list: the members are given. */
    const ns_ynode_t *vmembers = map_get(item, "members");
    const ns_ynode_t *v = NULL;
    ns_body_t b;
    memset(&b, 0, sizeof b);

    join(field, path, "members");
    if (vmembers != NULL) {
        st = resolve_list(w, vmembers, field, true, &members, &n_members);
        if (st != NS_OK) {
            goto cleanup;
        }
    }
    join(field, path, "id");
    if (!get_id(w, vid, field, &b.id)) {
        goto cleanup;
    }
    int word = 0;
    long n = 0;
    /* A body of the base world starts from its record, so that a scenario changes only
     * what it names (size, rule, chair, ...); a new body starts from defaults. */
    const ns_body_t *old = NULL;
    bool exists = ns_world_find_body(w->ctx, w->world, b.id, &index) == NS_OK;
    if (exists) {
        old = ns_world_body(w->world, index);
        b = *old;
    } else {
        b.name = b.id;
        b.kind = NS_BODY_CUSTOM;
        b.membership = NS_MEMBERS_LIST;
        b.decision = NS_DECIDE_CONSENSUS;
        b.chair = -1;
        b.chair_name = "";
        b.establishing_resolution = "";
        b.report_symbol = "";
        b.outcome = NS_OUTCOME_UNKNOWN;
        b.outcome_note = "";
        b.source = "scenario";
        b.verified = NS_VERIFIED_NA;
    }
    join(field, path, "name");
    if ((v = map_get(item, "name")) != NULL) {
        (void)get_text(w, v, field, true, &b.name);
    }
    join(field, path, "kind");
    if ((v = map_get(item, "kind")) != NULL &&
        get_word(w, v, field, kinds, NS_ARRAY_LEN(kinds), &word)) {
        b.kind = kind_of[word];
    }
    join(field, path, "membership");
    if ((v = map_get(item, "membership")) != NULL &&
        get_word(w, v, field, rules, NS_ARRAY_LEN(rules), &word)) {
        b.membership = rule_of[word];
    }
    listed = b.membership == NS_MEMBERS_HISTORICAL || b.membership == NS_MEMBERS_LIST;
    /* The members the checks below hold the chair and k against. */
    const size_t *roster = vmembers != NULL ? members : (exists ? old->members : NULL);
    size_t n_roster = vmembers != NULL ? n_members : (exists ? old->n_members : 0);
    join(field, path, "members");
    if (listed && n_roster == 0 &&
        (vmembers == NULL || (vmembers->kind == NS_YNODE_SEQ && vmembers->n == 0))) {
        report(w, vmembers != NULL ? vmembers : item, NS_EINVAL, field,
               "membership '%s' needs a non-empty 'members' list", rules[b.membership]);
    } else if (!listed && vmembers != NULL) {
        report(w, vmembers, NS_EINVAL, field,
               "'members' is only used with membership historical or list");
    }
    join(field, path, "seats");
    if ((v = map_get(item, "seats")) != NULL &&
        get_int(w, v, field, 0, NS_SCENARIO_MAX_ITEMS, &n)) {
        b.seats = (int)n;
    }
    if (listed && (vmembers != NULL || b.seats == 0)) {
        b.seats = (int)n_roster;
    }
    join(field, path, "decision");
    if ((v = map_get(item, "decision")) != NULL &&
        get_word(w, v, field, decisions, NS_ARRAY_LEN(decisions), &word)) {
        b.decision = decision_of[word];
    }
    join(field, path, "k");
    v = map_get(item, "k");
    if (v != NULL && b.decision != NS_DECIDE_K_OF_N) {
        report(w, v, NS_EINVAL, field, "'k' is only used with decision k_of_n");
    } else if (v == NULL && b.decision == NS_DECIDE_K_OF_N) {
        report(w, item, NS_EINVAL, field, "decision k_of_n needs 'k'");
    } else if (v != NULL && get_int(w, v, field, 1, NS_SCENARIO_MAX_ITEMS, &n)) {
        b.k = (int)n;
        if (listed && n_roster > 0 && (size_t)n > n_roster) {
            report(w, v, NS_ERANGE, field, "k = %ld is more than the %zu members", n, n_roster);
        } else if (b.membership == NS_MEMBERS_ROTATION && b.seats > 0 && n > b.seats) {
            report(w, v, NS_ERANGE, field, "k = %ld is more than the %d seats", n, b.seats);
        }
    }
    join(field, path, "chair");
    size_t chair = 0;
    if ((v = map_get(item, "chair")) != NULL && find_state(w, v, field, &chair)) {
        b.chair = (long)chair;
        b.chair_name = ns_world_state(w->world, chair)->name;
        if (listed && n_roster > 0 && !contains(roster, n_roster, chair)) {
            report(w, v, NS_EINVAL, field, "the chair %s is not among the members",
                   ns_world_state(w->world, chair)->iso3);
        }
    }
    join(field, path, "stakeholders");
    if ((v = map_get(item, "stakeholders")) != NULL) {
        (void)get_bool(w, v, field, &b.stakeholders_consulted);
    }
    join(field, path, "start_year");
    if ((v = map_get(item, "start_year")) != NULL && get_int(w, v, field, YEAR_MIN, YEAR_MAX, &n)) {
        b.start_year = (int)n;
    }
    join(field, path, "end_year");
    if ((v = map_get(item, "end_year")) != NULL && get_int(w, v, field, YEAR_MIN, YEAR_MAX, &n)) {
        b.end_year = (int)n;
        if (b.start_year > 0 && b.end_year < b.start_year) {
            report(w, v, NS_ERANGE, field, "end_year %d is before start_year %d", b.end_year,
                   b.start_year);
        }
    }
    if (exists && vmembers != NULL && listed && map_get(item, "chair") == NULL && b.chair >= 0 &&
        vmembers->kind == NS_YNODE_SEQ && !contains(members, n_members, (size_t)b.chair)) {
        join(field, path, "members");
        report(w, vmembers, NS_EINVAL, field, "the chair (%s) is not among the members",
               ns_world_state(w->world, (size_t)b.chair)->iso3);
    }
    if (exists) {
        st = world_result(w, ns_world_set_body_rules(w->ctx, w->world, index, &b), item, path,
                          &have);
    } else {
        st = world_result(w, ns_world_add_body(w->ctx, w->world, &b, &index), item, path, &have);
    }
    if (st != NS_OK) {
        goto cleanup;
    }
    st = apply_lists(w, item, path, index, have, listed ? vmembers : NULL, members, n_members);

cleanup:
    ns_free(w->ctx, members);
    return st;
}

static ns_status walk_bodies(walk_t *w, const ns_ynode_t *seq)
{
    static const char *const keys[] = {
        "id", "name",  "kind",    "membership",   "members",    "seats",   "decision",
        "k",  "chair", "mandate", "stakeholders", "start_year", "end_year"};
    ns_status st = NS_OK;
    const ns_ynode_t **ids = NULL;
    bool *dup = NULL;
    if (!is_seq(w, seq, "bodies")) {
        goto cleanup;
    }
    st = collect_ids(w, seq, "id", "bodies", "body", &ids, &dup);
    if (st != NS_OK) {
        goto cleanup;
    }
    size_t i = 0;
    for (const ns_ynode_t *item = seq->first; item != NULL; item = item->next, i++) {
        char path[FIELD_MAX];
        char field[FIELD_MAX];
        bool ok = false;
        item_path(path, "bodies", ids[i], i);
        st = check_map(w, item, path, keys, NS_ARRAY_LEN(keys), &ok);
        if (st != NS_OK) {
            goto cleanup;
        }
        if (!ok || dup[i]) {
            continue;
        }
        if (ids[i] == NULL) {
            join(field, path, "id");
            report(w, item, NS_EINVAL, field, "missing 'id'");
            continue;
        }
        st = walk_body(w, item, ids[i], path);
        if (st != NS_OK) {
            goto cleanup;
        }
    }

cleanup:
    ns_free(w->ctx, ids);
    ns_free(w->ctx, dup);
    return st;
}

/* ---- The whole file ------------------------------------------------------------------ */

static const char *const top_keys[] = {"normsim",      "name",       "description", "base",
                                       "seed",         "parameters", "dimensions",  "states",
                                       "stakeholders", "bodies"};

/* Check the top level and load the base world into w->world. */
static ns_status walk_top(walk_t *w, const ns_data_options_t *data)
{
    const ns_ynode_t *root = w->sc->root;
    ns_status st = NS_OK;
    bool ok = false;
    bool base_ok = true;
    const ns_ynode_t *v = NULL;
    long version = 0;

    if (root->kind != NS_YNODE_MAP) {
        report(w, root, NS_EINVAL, "",
               "a scenario is a mapping that starts with 'normsim: 1', found %s", kind_name(root));
        return ns_world_new(w->ctx, &w->world);
    }
    st = check_map(w, root, "", top_keys, NS_ARRAY_LEN(top_keys), &ok);
    if (st != NS_OK) {
        return st;
    }
    if ((v = map_get(root, "normsim")) == NULL) {
        report(w, root, NS_EINVAL, "normsim", "missing the format version 'normsim: 1'");
    } else if (get_int(w, v, "normsim", 0, 1000000, &version) && version != 1) {
        report(w, v, NS_EINVAL, "normsim",
               "format version %ld is not supported (this normsim reads version 1)", version);
    }
    const char *text = NULL;
    if ((v = map_get(root, "name")) != NULL) {
        (void)get_text(w, v, "name", false, &text);
    }
    if ((v = map_get(root, "description")) != NULL) {
        (void)get_text(w, v, "description", false, &text);
    }
    if ((v = map_get(root, "seed")) != NULL && is_scalar(w, v, "seed", "an integer")) {
        char *end = NULL;
        errno = 0;
        (void)strtoull(v->text, &end, 10);
        if (v->quoted || v->text[0] < '0' || v->text[0] > '9' || *end != '\0' || errno == ERANGE) {
            report(w, v, NS_EINVAL, "seed", "expected an integer in [0, 2^64), found '%.40s'",
                   v->text);
        }
    }
    w->base_un = false;
    if ((v = map_get(root, "base")) != NULL) {
        static const char *const bases[] = {"none", "un"};
        int b = 0;
        base_ok = get_word(w, v, "base", bases, 2, &b);
        w->base_un = base_ok && b == 1;
    }
    if (w->base_un) {
        st = ns_data_load(w->ctx, data, &w->world);
    } else {
        st = ns_world_new(w->ctx, &w->world);
    }
    if (st != NS_OK) {
        return st;
    }
    if ((v = map_get(root, "parameters")) != NULL) {
        st = walk_parameters(w, v);
    }
    if (st == NS_OK && (v = map_get(root, "dimensions")) != NULL) {
        st = walk_dimensions(w, v);
    }
    if (st == NS_OK && (v = map_get(root, "states")) != NULL) {
        st = walk_states(w, v);
    }
    if (st == NS_OK && (v = map_get(root, "stakeholders")) != NULL) {
        st = walk_stakeholders(w, v);
    }
    if (st == NS_OK && (v = map_get(root, "bodies")) != NULL) {
        st = walk_bodies(w, v);
    }
    if (st == NS_OK && (v = map_get(root, "parameters")) != NULL) {
        check_parameters(w, v);
    }
    return st;
}

/* Walk the scenario; on return w->world is the built world (or NULL after a fatal
 * error) and w->n_problems counts the problems. */
static ns_status walk(ns_ctx_t *ctx, const ns_scenario_t *sc, const ns_data_options_t *data,
                      ns_diag_cb cb, void *user, walk_t *w)
{
    memset(w, 0, sizeof *w);
    w->ctx = ctx;
    w->sc = sc;
    w->cb = cb;
    w->user = user;
    ns_status st = walk_top(w, data);
    if (st != NS_OK) {
        ns_world_free(w->world);
        w->world = NULL;
        w->n_problems = 0;
        return st;
    }
    if (w->n_problems > 0) {
        return ns_error_at(ctx, w->first_status, sc->file, w->first_line, w->first_col,
                           w->first_field, "%s", w->first_msg);
    }
    ns_ctx_clear_error(ctx);
    return NS_OK;
}

ns_status ns_scenario_check(ns_ctx_t *ctx, const ns_scenario_t *sc, const ns_data_options_t *data,
                            ns_diag_cb cb, void *user, size_t *n_problems)
{
    walk_t w;
    ns_status st = walk(ctx, sc, data, cb, user, &w);
    ns_world_free(w.world);
    if (n_problems != NULL) {
        *n_problems = w.n_problems;
    }
    return st;
}

ns_status ns_scenario_build_world(ns_ctx_t *ctx, const ns_scenario_t *sc,
                                  const ns_data_options_t *data, ns_world_t **out)
{
    walk_t w;
    *out = NULL;
    ns_status st = walk(ctx, sc, data, NULL, NULL, &w);
    if (st != NS_OK) {
        ns_world_free(w.world);
        return st;
    }
    *out = w.world;
    return NS_OK;
}

/* ---- Loading ------------------------------------------------------------------------- */

/* name, seed and base as written, for the accessors; the walk checks them. */
static void read_header(ns_scenario_t *sc)
{
    const ns_ynode_t *v = map_get(sc->root, "name");
    sc->name = v != NULL && v->kind == NS_YNODE_SCALAR ? v->text : "";
    v = map_get(sc->root, "seed");
    if (v != NULL && v->kind == NS_YNODE_SCALAR && !v->quoted && v->text[0] >= '0' &&
        v->text[0] <= '9') {
        char *end = NULL;
        errno = 0;
        unsigned long long s = strtoull(v->text, &end, 10);
        if (*end == '\0' && errno == 0) {
            sc->seed = (uint64_t)s;
        }
    }
    v = map_get(sc->root, "base");
    sc->base = v != NULL && v->kind == NS_YNODE_SCALAR && strcmp(v->text, "un") == 0 ? NS_BASE_UN
                                                                                     : NS_BASE_NONE;
}

ns_status ns_scenario_load_mem(ns_ctx_t *ctx, const char *name, const char *text, size_t size,
                               ns_scenario_t **out)
{
    ns_status st = NS_OK;
    ns_scenario_t *sc = NULL;
    ns_ynode_t *root = NULL;
    *out = NULL;
    if (name == NULL) {
        name = "<scenario>";
    }
    if (size > NS_SCENARIO_MAX_BYTES) {
        st = ns_error_at(ctx, NS_ELIMIT, name, 0, 0, NULL,
                         "scenario of %zu bytes is over the %zu MiB limit", size,
                         NS_SCENARIO_MAX_BYTES >> 20);
        goto cleanup;
    }
    sc = ns_calloc(ctx, 1, sizeof *sc);
    if (sc == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    sc->ctx = ctx;
    ns_arena_init(&sc->arena, ctx);
    sc->file = ns_arena_strdup(&sc->arena, name);
    if (sc->file == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    st = ns__yaml_tree_parse(ctx, &sc->arena, name, text, size, &root);
    if (st != NS_OK) {
        goto cleanup;
    }
    sc->root = root;
    read_header(sc);
    *out = sc;
    sc = NULL;

cleanup:
    ns_scenario_free(sc);
    return st;
}

ns_status ns_scenario_load_file(ns_ctx_t *ctx, const char *path, ns_scenario_t **out)
{
    ns_status st = NS_OK;
    FILE *f = NULL;
    char *text = NULL;
    size_t size = 0;
    size_t cap = 0;
    *out = NULL;

    /* A regular file only: a FIFO is refused without blocking, a device or folder too. */
    st = ns_file_open_read(ctx, path, &f);
    if (st == NS_ENOTFOUND) {
        st = ns_error_at(ctx, NS_ENOTFOUND, path, 0, 0, NULL, "no such file");
    }
    if (st != NS_OK) {
        goto cleanup;
    }
    /* A regular file over the limit is refused from its size, before any allocation
     * (without this a 2 GiB file grew the buffer to 128 MiB before the check below
     * refused it; tests/unit/test_faults.c). */
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) &&
        (unsigned long long)sb.st_size > NS_SCENARIO_MAX_BYTES) {
        st = ns_error_at(ctx, NS_ELIMIT, path, 0, 0, NULL,
                         "file of %lld bytes is over the %zu MiB limit for scenarios",
                         (long long)sb.st_size, NS_SCENARIO_MAX_BYTES >> 20);
        goto cleanup;
    }
    /* Read in chunks rather than trusting the size from stat, so that pipes work and
     * a file that grows while read still stops at the limit. */
    for (;;) {
        if (size > NS_SCENARIO_MAX_BYTES) {
            st = ns_error_at(ctx, NS_ELIMIT, path, 0, 0, NULL,
                             "file is over the %zu MiB limit for scenarios",
                             NS_SCENARIO_MAX_BYTES >> 20);
            goto cleanup;
        }
        st = ns_grow(ctx, (void **)&text, &cap, size + 65536, 1);
        if (st != NS_OK) {
            goto cleanup;
        }
        size_t got = fread(text + size, 1, cap - size, f);
        size += got;
        if (got == 0) {
            break;
        }
    }
    if (ferror(f)) {
        st = ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "read failed: %s", strerror(errno));
        goto cleanup;
    }
    st = ns_scenario_load_mem(ctx, path, text, size, out);

cleanup:
    if (f != NULL) {
        fclose(f);
    }
    ns_free(ctx, text);
    return st;
}

void ns_scenario_free(ns_scenario_t *sc)
{
    if (sc == NULL) {
        return;
    }
    ns_ctx_t *ctx = sc->ctx;
    ns_arena_free(&sc->arena);
    ns_free(ctx, sc);
}

const char *ns_scenario_name(const ns_scenario_t *sc)
{
    return sc->name;
}

uint64_t ns_scenario_seed(const ns_scenario_t *sc)
{
    return sc->seed;
}

ns_scenario_base_t ns_scenario_base(const ns_scenario_t *sc)
{
    return sc->base;
}

const char *ns_scenario_file(const ns_scenario_t *sc)
{
    return sc->file;
}
