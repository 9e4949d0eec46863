/* Actor tables: the long CSV `issue,actor,position,salience,capability` (plus optional
 * status_quo, outcome, scale_min, scale_max) read into the dense issue-major form of
 * normsim/table.h.
 *
 * Reading is two passes over memory: the CSV rows are parsed into a compact list (with
 * their line numbers, so that checks which need the whole issue, such as "position
 * inside the issue's scale", can still name the offending line), then copied into the
 * dense arrays. Names are looked up in open-addressing hash tables, so reading is
 * O(rows) expected.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"
#include "normsim/io.h"
#include "normsim/table.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Dense storage is n_issues * n_actors cells of three doubles; refuse tables whose
 * dense form would exceed this many cells (1.2 GB) rather than try. */
#define MAX_CELLS ((size_t)50 * 1000 * 1000)

/* ---- Construction ------------------------------------------------------------------ */

static char *name_of(ns_ctx_t *ctx, const char *prefix, size_t i)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%s%zu", prefix, i + 1);
    return ns_strdup(ctx, buf);
}

ns_status ns_table_new(ns_ctx_t *ctx, size_t n_issues, size_t n_actors, ns_table_t **out)
{
    ns_status st = NS_OK;
    ns_table_t *t = NULL;
    *out = NULL;
    if (n_actors > NS_MAX_ACTORS) {
        return ns_error(ctx, NS_ELIMIT, "%zu actors; normsim accepts at most %d", n_actors,
                        NS_MAX_ACTORS);
    }
    if (n_issues > NS_MAX_DIMS) {
        /* The reader stops at this many issues; so does every other maker of tables. */
        return ns_error(ctx, NS_ELIMIT, "%zu issues; normsim accepts at most %d", n_issues,
                        NS_MAX_DIMS);
    }
    if (n_issues > 0 && n_actors > MAX_CELLS / n_issues) {
        return ns_error(ctx, NS_ELIMIT,
                        "%zu issues x %zu actors is more than %zu cells; split the table", n_issues,
                        n_actors, MAX_CELLS);
    }
    t = ns_calloc(ctx, 1, sizeof *t);
    if (t == NULL) {
        return NS_ENOMEM;
    }
    t->n_issues = n_issues;
    t->n_actors = n_actors;
    size_t cells = n_issues * n_actors;
    /* Allocate at least one element so that an empty table still has valid arrays. */
    t->issue = ns_calloc(ctx, n_issues + 1, sizeof *t->issue);
    t->actor = ns_calloc(ctx, n_actors + 1, sizeof *t->actor);
    t->position = ns_calloc(ctx, cells + 1, sizeof(double));
    t->salience = ns_calloc(ctx, cells + 1, sizeof(double));
    t->capability = ns_calloc(ctx, cells + 1, sizeof(double));
    t->status_quo = ns_calloc(ctx, n_issues + 1, sizeof(double));
    t->outcome = ns_calloc(ctx, n_issues + 1, sizeof(double));
    t->scale_min = ns_calloc(ctx, n_issues + 1, sizeof(double));
    t->scale_max = ns_calloc(ctx, n_issues + 1, sizeof(double));
    if (t->issue == NULL || t->actor == NULL || t->position == NULL || t->salience == NULL ||
        t->capability == NULL || t->status_quo == NULL || t->outcome == NULL ||
        t->scale_min == NULL || t->scale_max == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t c = 0; c < cells; c++) {
        t->position[c] = NAN;
        t->salience[c] = NAN;
        t->capability[c] = NAN;
    }
    for (size_t i = 0; i < n_issues; i++) {
        t->status_quo[i] = NAN;
        t->outcome[i] = NAN;
        t->scale_min[i] = 0.0;
        t->scale_max[i] = 100.0;
        if ((t->issue[i] = name_of(ctx, "i", i)) == NULL) {
            st = NS_ENOMEM;
            goto cleanup;
        }
    }
    for (size_t a = 0; a < n_actors; a++) {
        if ((t->actor[a] = name_of(ctx, "a", a)) == NULL) {
            st = NS_ENOMEM;
            goto cleanup;
        }
    }
    *out = t;
    t = NULL;
cleanup:
    ns_table_free(ctx, t);
    return st;
}

void ns_table_free(ns_ctx_t *ctx, ns_table_t *t)
{
    if (t == NULL) {
        return;
    }
    if (t->issue != NULL) {
        for (size_t i = 0; i < t->n_issues; i++) {
            ns_free(ctx, t->issue[i]);
        }
    }
    if (t->actor != NULL) {
        for (size_t a = 0; a < t->n_actors; a++) {
            ns_free(ctx, t->actor[a]);
        }
    }
    ns_free(ctx, t->issue);
    ns_free(ctx, t->actor);
    ns_free(ctx, t->position);
    ns_free(ctx, t->salience);
    ns_free(ctx, t->capability);
    ns_free(ctx, t->status_quo);
    ns_free(ctx, t->outcome);
    ns_free(ctx, t->scale_min);
    ns_free(ctx, t->scale_max);
    ns_free(ctx, t);
}

static ns_status set_name(ns_ctx_t *ctx, char **slot, const char *name)
{
    char *copy = ns_strdup(ctx, name);
    if (copy == NULL) {
        return NS_ENOMEM;
    }
    ns_free(ctx, *slot);
    *slot = copy;
    return NS_OK;
}

ns_status ns_table_set_issue(ns_ctx_t *ctx, ns_table_t *t, size_t i, const char *id)
{
    if (i >= t->n_issues) {
        return ns_error(ctx, NS_EINVAL, "issue %zu out of range (table has %zu)", i, t->n_issues);
    }
    return set_name(ctx, &t->issue[i], id);
}

ns_status ns_table_set_actor(ns_ctx_t *ctx, ns_table_t *t, size_t a, const char *name)
{
    if (a >= t->n_actors) {
        return ns_error(ctx, NS_EINVAL, "actor %zu out of range (table has %zu)", a, t->n_actors);
    }
    return set_name(ctx, &t->actor[a], name);
}

/* ---- Name lookup: open addressing, linear probing ------------------------------- */

typedef struct names {
    char **name; /* Owned strings, in order of first appearance. */
    size_t count;
    size_t cap;     /* Of name[]. */
    uint32_t *slot; /* Index + 1 into name[], 0 = empty; size mask + 1 (a power of two). */
    size_t mask;
} names_t;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s != '\0'; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    }
    return h;
}

static void names_destroy(ns_ctx_t *ctx, names_t *n)
{
    if (n->name != NULL) {
        for (size_t i = 0; i < n->count; i++) {
            ns_free(ctx, n->name[i]);
        }
    }
    ns_free(ctx, n->name);
    ns_free(ctx, n->slot);
    memset(n, 0, sizeof *n);
}

static ns_status names_rehash(ns_ctx_t *ctx, names_t *n, size_t size)
{
    uint32_t *slot = ns_calloc(ctx, size, sizeof *slot);
    if (slot == NULL) {
        return NS_ENOMEM;
    }
    for (size_t i = 0; i < n->count; i++) {
        size_t h = (size_t)hash(n->name[i]) & (size - 1);
        while (slot[h] != 0) {
            h = (h + 1) & (size - 1);
        }
        slot[h] = (uint32_t)(i + 1);
    }
    ns_free(ctx, n->slot);
    n->slot = slot;
    n->mask = size - 1;
    return NS_OK;
}

/* Find `key`, adding it when new. *index is its position; *added tells which. */
static ns_status names_intern(ns_ctx_t *ctx, names_t *n, const char *key, size_t *index,
                              bool *added)
{
    ns_status st;
    if (n->slot == NULL || 2 * (n->count + 1) > n->mask + 1) {
        size_t size = n->slot == NULL ? 64 : 2 * (n->mask + 1);
        if ((st = names_rehash(ctx, n, size)) != NS_OK) {
            return st;
        }
    }
    size_t h = (size_t)hash(key) & n->mask;
    while (n->slot[h] != 0) {
        size_t i = n->slot[h] - 1;
        if (strcmp(n->name[i], key) == 0) {
            *index = i;
            *added = false;
            return NS_OK;
        }
        h = (h + 1) & n->mask;
    }
    if ((st = ns_grow(ctx, (void **)&n->name, &n->cap, n->count + 1, sizeof *n->name)) != NS_OK) {
        return st;
    }
    if ((n->name[n->count] = ns_strdup(ctx, key)) == NULL) {
        return NS_ENOMEM;
    }
    n->slot[h] = (uint32_t)(n->count + 1);
    *index = n->count++;
    *added = true;
    return NS_OK;
}

/* ---- Reading -------------------------------------------------------------------- */

enum { COL_ISSUE, COL_ACTOR, COL_POS, COL_SAL, COL_CAP, COL_SQ, COL_OUT, COL_MIN, COL_MAX, N_COLS };
static const char *const column_names[N_COLS] = {"issue",    "actor",      "position",
                                                 "salience", "capability", "status_quo",
                                                 "outcome",  "scale_min",  "scale_max"};
#define N_REQUIRED 5

typedef struct row {
    uint32_t issue, actor;
    int line;
    double position, salience, capability;
} row_t;

/* Per-issue constants as read, with the line where each was first given. */
typedef struct issue_info {
    double value[4]; /* status_quo, outcome, scale_min, scale_max; NaN = not given */
    int line[4];
} issue_info_t;

typedef struct reader {
    ns_ctx_t *ctx;
    ns_csv_t *csv;
    size_t col[N_COLS]; /* Field index of each known column, SIZE_MAX if absent. */
    names_t issues, actors;
    row_t *rows;
    size_t n_rows, cap_rows;
    issue_info_t *info;
    size_t cap_info;
} reader_t;

static ns_status read_header(reader_t *r)
{
    ns_csv_t *csv = r->csv;
    ns_status st = ns_csv_next(csv);
    if (st == NS_DONE) {
        return ns_error_at(r->ctx, NS_EPARSE, ns_csv_name(csv), 1, 1, NULL,
                           "empty file; expected the header "
                           "issue,actor,position,salience,capability");
    }
    if (st != NS_CONTINUE) {
        return st;
    }
    for (size_t c = 0; c < N_COLS; c++) {
        r->col[c] = SIZE_MAX;
    }
    for (size_t f = 0; f < ns_csv_nfields(csv); f++) {
        const char *h = ns_csv_field(csv, f);
        for (size_t c = 0; c < N_COLS; c++) {
            if (strcmp(h, column_names[c]) != 0) {
                continue;
            }
            if (r->col[c] != SIZE_MAX) {
                return ns_csv_error(csv, NS_EPARSE, f, h, "column '%s' appears twice", h);
            }
            r->col[c] = f;
        }
    }
    for (size_t c = 0; c < N_REQUIRED; c++) {
        if (r->col[c] == SIZE_MAX) {
            return ns_error_at(r->ctx, NS_EPARSE, ns_csv_name(csv), ns_csv_line(csv), 1,
                               column_names[c],
                               "header lacks column '%s' (the header needs issue,actor,"
                               "position,salience,capability; names are exact)",
                               column_names[c]);
        }
    }
    return NS_OK;
}

/* A number column: empty gives NaN; otherwise finite and in [min, max]. */
static ns_status read_number(reader_t *r, size_t c, double min, double max, double *out)
{
    *out = NAN;
    if (r->col[c] == SIZE_MAX) {
        return NS_OK;
    }
    ns_status st =
        ns_csv_double_opt(r->csv, r->col[c], column_names[c], -HUGE_VAL, HUGE_VAL, NAN, out);
    if (st != NS_OK) {
        return st;
    }
    if (*out != *out) {
        return NS_OK;
    }
    if (!isfinite(*out)) {
        return ns_csv_error(r->csv, NS_EPARSE, r->col[c], column_names[c],
                            "'%s' is not a finite number", ns_csv_field(r->csv, r->col[c]));
    }
    if (*out < min || *out > max) {
        return ns_csv_error(r->csv, NS_ERANGE, r->col[c], column_names[c], "%g is outside [%g, %g]",
                            *out, min, max);
    }
    return NS_OK;
}

static ns_status read_issue_constant(reader_t *r, size_t c, issue_info_t *info)
{
    double v;
    ns_status st = read_number(r, c, -HUGE_VAL, HUGE_VAL, &v);
    if (st != NS_OK || v != v) {
        return st;
    }
    size_t k = c - COL_SQ;
    if (info->value[k] != info->value[k]) {
        info->value[k] = v;
        info->line[k] = ns_csv_line(r->csv);
        return NS_OK;
    }
    if (info->value[k] != v) {
        return ns_csv_error(r->csv, NS_EINVAL, r->col[c], column_names[c],
                            "%g differs from %g given for the same issue on line %d; %s must "
                            "be constant within an issue",
                            v, info->value[k], info->line[k], column_names[c]);
    }
    return NS_OK;
}

static ns_status read_row(reader_t *r)
{
    ns_ctx_t *ctx = r->ctx;
    ns_csv_t *csv = r->csv;
    ns_status st;
    const char *issue = ns_csv_field(csv, r->col[COL_ISSUE]);
    const char *actor = ns_csv_field(csv, r->col[COL_ACTOR]);
    if (issue == NULL || actor == NULL) {
        return ns_csv_error(csv, NS_EPARSE, ns_csv_nfields(csv), NULL,
                            "%zu fields; the header has more", ns_csv_nfields(csv));
    }
    if (issue[0] == '\0') {
        return ns_csv_error(csv, NS_EINVAL, r->col[COL_ISSUE], "issue", "empty issue id");
    }
    if (actor[0] == '\0') {
        return ns_csv_error(csv, NS_EINVAL, r->col[COL_ACTOR], "actor", "empty actor name");
    }
    size_t ii, aa;
    bool added;
    if ((st = names_intern(ctx, &r->issues, issue, &ii, &added)) != NS_OK) {
        return st;
    }
    if (added) {
        if (r->issues.count > NS_MAX_DIMS) {
            return ns_csv_error(csv, NS_ELIMIT, r->col[COL_ISSUE], "issue", "more than %d issues",
                                NS_MAX_DIMS);
        }
        if ((st = ns_grow(ctx, (void **)&r->info, &r->cap_info, r->issues.count,
                          sizeof *r->info)) != NS_OK) {
            return st;
        }
        for (size_t k = 0; k < 4; k++) {
            r->info[ii].value[k] = NAN;
            r->info[ii].line[k] = 0;
        }
    }
    if ((st = names_intern(ctx, &r->actors, actor, &aa, &added)) != NS_OK) {
        return st;
    }
    if (added && r->actors.count > NS_MAX_ACTORS) {
        return ns_csv_error(csv, NS_ELIMIT, r->col[COL_ACTOR], "actor", "more than %d actors",
                            NS_MAX_ACTORS);
    }
    row_t row = {(uint32_t)ii, (uint32_t)aa, ns_csv_line(csv), NAN, NAN, NAN};
    if ((st = read_number(r, COL_POS, -HUGE_VAL, HUGE_VAL, &row.position)) != NS_OK ||
        (st = read_number(r, COL_SAL, 0.0, 1.0, &row.salience)) != NS_OK ||
        (st = read_number(r, COL_CAP, 0.0, HUGE_VAL, &row.capability)) != NS_OK) {
        return st;
    }
    bool sits_out = row.position != row.position || row.salience != row.salience;
    if (!sits_out && row.capability != row.capability) {
        return ns_csv_error(csv, NS_EINVAL, r->col[COL_CAP], "capability",
                            "capability is missing (only position or salience may be left "
                            "empty, to make the actor sit out the issue)");
    }
    for (size_t c = COL_SQ; c < N_COLS; c++) {
        if ((st = read_issue_constant(r, c, &r->info[ii])) != NS_OK) {
            return st;
        }
    }
    if ((st = ns_grow(ctx, (void **)&r->rows, &r->cap_rows, r->n_rows + 1, sizeof *r->rows)) !=
        NS_OK) {
        return st;
    }
    r->rows[r->n_rows++] = row;
    return NS_OK;
}

/* Checks that need the whole issue, then the dense copy. */
static ns_status build(reader_t *r, ns_table_t *t)
{
    ns_ctx_t *ctx = r->ctx;
    const char *file = ns_csv_name(r->csv);
    ns_status st = NS_OK;
    unsigned char *seen = ns_calloc(ctx, t->n_issues * t->n_actors + 1, 1);
    if (seen == NULL) {
        return NS_ENOMEM;
    }
    for (size_t i = 0; i < t->n_issues; i++) {
        const issue_info_t *info = &r->info[i];
        t->status_quo[i] = info->value[0];
        t->outcome[i] = info->value[1];
        if (info->value[2] == info->value[2]) {
            t->scale_min[i] = info->value[2];
        }
        if (info->value[3] == info->value[3]) {
            t->scale_max[i] = info->value[3];
        }
        if (!(t->scale_min[i] < t->scale_max[i])) {
            int line = info->line[3] != 0 ? info->line[3] : info->line[2];
            st = ns_error_at(ctx, NS_EINVAL, file, line, 0, "scale_max",
                             "issue '%s': scale_min %g is not below scale_max %g", t->issue[i],
                             t->scale_min[i], t->scale_max[i]);
            goto cleanup;
        }
        for (size_t k = 0; k < 2; k++) {
            double v = info->value[k];
            if (v == v && (v < t->scale_min[i] || v > t->scale_max[i])) {
                st = ns_error_at(ctx, NS_ERANGE, file, info->line[k], 0, column_names[COL_SQ + k],
                                 "issue '%s': %g is outside the scale [%g, %g]", t->issue[i], v,
                                 t->scale_min[i], t->scale_max[i]);
                goto cleanup;
            }
        }
    }
    for (size_t k = 0; k < r->n_rows; k++) {
        const row_t *row = &r->rows[k];
        size_t at = ns_table_at(t, row->issue, row->actor);
        if (seen[at]) {
            st = ns_error_at(ctx, NS_EINVAL, file, row->line, 0, NULL,
                             "duplicate row for issue '%s', actor '%s'", t->issue[row->issue],
                             t->actor[row->actor]);
            goto cleanup;
        }
        seen[at] = 1;
        double lo = t->scale_min[row->issue], hi = t->scale_max[row->issue];
        if (row->position == row->position && (row->position < lo || row->position > hi)) {
            st = ns_error_at(ctx, NS_ERANGE, file, row->line, (int)r->col[COL_POS] + 1, "position",
                             "%g is outside issue '%s''s scale [%g, %g]", row->position,
                             t->issue[row->issue], lo, hi);
            goto cleanup;
        }
        if (row->position != row->position || row->salience != row->salience) {
            t->n_sat_out++;
            continue;
        }
        t->position[at] = row->position;
        t->salience[at] = row->salience;
        t->capability[at] = row->capability;
    }
cleanup:
    ns_free(ctx, seen);
    return st;
}

static ns_status read_csv(ns_ctx_t *ctx, ns_csv_t *csv, ns_table_t **out)
{
    ns_status st;
    ns_table_t *t = NULL;
    reader_t r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.csv = csv;
    if ((st = read_header(&r)) != NS_OK) {
        goto cleanup;
    }
    while ((st = ns_csv_next(csv)) == NS_CONTINUE) {
        if ((st = read_row(&r)) != NS_OK) {
            goto cleanup;
        }
    }
    if (st != NS_DONE) {
        goto cleanup;
    }
    if (r.n_rows == 0) {
        st = ns_error_at(ctx, NS_EPARSE, ns_csv_name(csv), 2, 1, NULL,
                         "the table has a header but no rows");
        goto cleanup;
    }
    if ((st = ns_table_new(ctx, r.issues.count, r.actors.count, &t)) != NS_OK) {
        goto cleanup;
    }
    /* Move the interned names into the table. */
    for (size_t i = 0; i < t->n_issues; i++) {
        ns_free(ctx, t->issue[i]);
        t->issue[i] = r.issues.name[i];
        r.issues.name[i] = NULL;
    }
    for (size_t a = 0; a < t->n_actors; a++) {
        ns_free(ctx, t->actor[a]);
        t->actor[a] = r.actors.name[a];
        r.actors.name[a] = NULL;
    }
    if ((st = build(&r, t)) != NS_OK) {
        goto cleanup;
    }
    *out = t;
    t = NULL;
    st = NS_OK;
cleanup:
    ns_table_free(ctx, t);
    names_destroy(ctx, &r.issues);
    names_destroy(ctx, &r.actors);
    ns_free(ctx, r.rows);
    ns_free(ctx, r.info);
    return st;
}

ns_status ns_table_read_file(ns_ctx_t *ctx, const char *path, ns_table_t **out)
{
    ns_csv_t *csv = NULL;
    *out = NULL;
    ns_status st = ns_csv_open_file(ctx, path, &csv);
    if (st == NS_OK) {
        st = read_csv(ctx, csv, out);
    }
    ns_csv_free(csv);
    return st;
}

ns_status ns_table_read_mem(ns_ctx_t *ctx, const char *name, const char *text, size_t size,
                            ns_table_t **out)
{
    ns_csv_t *csv = NULL;
    *out = NULL;
    ns_status st = ns_csv_open_mem(ctx, name, text, size, &csv);
    if (st == NS_OK) {
        st = read_csv(ctx, csv, out);
    }
    ns_csv_free(csv);
    return st;
}

/* ---- Writing -------------------------------------------------------------------- */

static void put_num(FILE *out, double v)
{
    char buf[32];
    fputc(',', out);
    fputs(ns_format_double(buf, v), out);
}

static bool cell_given(const ns_table_t *t, size_t at)
{
    return t->position[at] == t->position[at] || t->capability[at] == t->capability[at];
}

static bool actor_given(const ns_table_t *t, size_t a)
{
    for (size_t i = 0; i < t->n_issues; i++) {
        if (cell_given(t, ns_table_at(t, i, a))) {
            return true;
        }
    }
    return false;
}

static bool issue_given(const ns_table_t *t, size_t i)
{
    for (size_t a = 0; a < t->n_actors; a++) {
        if (cell_given(t, ns_table_at(t, i, a))) {
            return true;
        }
    }
    return false;
}

ns_status ns_table_write_csv(ns_ctx_t *ctx, const ns_table_t *t, FILE *out)
{
    bool any_sq = false, any_out = false, any_scale = false;
    for (size_t i = 0; i < t->n_issues; i++) {
        any_sq |= t->status_quo[i] == t->status_quo[i];
        any_out |= t->outcome[i] == t->outcome[i];
        any_scale |= t->scale_min[i] != 0.0 || t->scale_max[i] != 100.0;
    }
    fputs("issue,actor,position,salience,capability", out);
    fputs(any_sq ? ",status_quo" : "", out);
    fputs(any_out ? ",outcome" : "", out);
    fputs(any_scale ? ",scale_min,scale_max" : "", out);
    fputc('\n', out);
    for (size_t i = 0; i < t->n_issues; i++) {
        for (size_t a = 0; a < t->n_actors; a++) {
            size_t at = ns_table_at(t, i, a);
            /* A cell never given has no row, unless its actor (or its issue) has no given
             * cell anywhere: then one sat-out row (empty position, salience, capability)
             * keeps it in the table, on its first issue (for its first actor). Without it
             * the written table lost the actors that sat out every issue, and read back
             * with fewer actors than it was written from (found by fuzzing; see
             * tests/fuzz/regressions/table). */
            if (!cell_given(t, at) && !(i == 0 && !actor_given(t, a)) &&
                !(a == 0 && !issue_given(t, i))) {
                continue;
            }
            ns_csv_write_cell(out, t->issue[i]);
            fputc(',', out);
            ns_csv_write_cell(out, t->actor[a]);
            put_num(out, t->position[at]);
            put_num(out, t->salience[at]);
            put_num(out, t->capability[at]);
            if (any_sq) {
                put_num(out, t->status_quo[i]);
            }
            if (any_out) {
                put_num(out, t->outcome[i]);
            }
            if (any_scale) {
                put_num(out, t->scale_min[i]);
                put_num(out, t->scale_max[i]);
            }
            fputc('\n', out);
        }
    }
    if (ferror(out) || fflush(out) != 0) {
        return ns_error(ctx, NS_EIO, "writing the actor table failed");
    }
    return NS_OK;
}

ns_status ns_table_with_status_quo(ns_ctx_t *ctx, const ns_table_t *t, size_t *keep, size_t *n_keep,
                                   ns_table_t **out)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_issues; i++) {
        if (t->status_quo[i] == t->status_quo[i]) {
            keep[n++] = i;
        }
    }
    *n_keep = n;
    *out = NULL;
    if (n == 0) {
        return NS_OK;
    }
    ns_table_t *s = NULL;
    ns_status st = ns_table_new(ctx, n, t->n_actors, &s);
    for (size_t a = 0; a < t->n_actors && st == NS_OK; a++) {
        st = ns_table_set_actor(ctx, s, a, t->actor[a]);
    }
    for (size_t k = 0; k < n && st == NS_OK; k++) {
        size_t i = keep[k];
        st = ns_table_set_issue(ctx, s, k, t->issue[i]);
        memcpy(s->position + k * t->n_actors, t->position + i * t->n_actors,
               t->n_actors * sizeof(double));
        memcpy(s->salience + k * t->n_actors, t->salience + i * t->n_actors,
               t->n_actors * sizeof(double));
        memcpy(s->capability + k * t->n_actors, t->capability + i * t->n_actors,
               t->n_actors * sizeof(double));
        s->status_quo[k] = t->status_quo[i];
        s->outcome[k] = t->outcome[i];
        s->scale_min[k] = t->scale_min[i];
        s->scale_max[k] = t->scale_max[i];
    }
    if (st != NS_OK) {
        ns_table_free(ctx, s);
        return st;
    }
    *out = s;
    return NS_OK;
}
