/* Importers of foreign actor tables (normsim/import.h): Decide's sectioned data files,
 * KTAB's actor CSV, and the wide one-row-per-issue table.
 *
 * Every format is read into one intermediate form (names of actors and issues in order
 * of first appearance, plus a list of cells with the line they came from) and then
 * copied into an ns_table_t, so that checks that need the whole file (duplicates, the
 * scale of an issue) can still name the offending line.
 *
 * Decide's format, as normsim reads it (from Decide's reader, decide/model/helpers/
 * csvparser.py and decide/data/reader.py of foarsitter/decide-exchange-model, and the
 * files of its data/input/), each assumption checked with a file:line:col error:
 *   - Every row is tagged in its first field: #A actor (id, full name, comment), #P issue
 *     (id, name, description), #M labelled point of an issue's scale (issue, position,
 *     meaning), #D actor-issue (actor, issue, position, salience, power[, comment]). #/ and
 *     #O rows, and any other row starting with '#', are comments; blank lines are skipped.
 *   - normsim's earlier reading is kept: in a file with untagged data lines, a tag line
 *     opens a section (its other fields are column titles) whose rows follow untagged; a
 *     row may repeat its section's letter (`D;NL;emissions;4;80;8`).
 *   - Fields are separated by tabs; a line with no tab by semicolons, one with neither by
 *     commas (Decide lets Python's csv.Sniffer guess). Spaces around fields are dropped. A
 *     field may be quoted with ' or " (Decide's cop21.csv quotes every field: '#A'); a
 *     doubled quote inside stands for one. A UTF-8 byte-order mark and CRLF are accepted.
 *   - Numbers may have one decimal comma (0,75) where the separator is not a comma, as
 *     Decide replaces commas by points.
 *   - #M: the lowest and highest labelled points become scale_min and scale_max (0..100
 *     when an issue has fewer than two, Decide's default).
 *   - #D: saliences are in [0,1], or percentages when any salience of the file exceeds 1
 *     (then all are divided by 100); power is the capability (>= 0). Decide drops a row
 *     whose salience is exactly 0; normsim keeps it as salience 0 (the models treat such
 *     an actor as indifferent). Actors and issues must be declared (#A, #P), as in Decide.
 *   Sections may come in any order; ids are resolved after the whole file is read.
 *
 * KTAB's format: see import_ktab() below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "normsim/import.h"
#include "core/internal.h"
#include "normsim/io.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- The intermediate form ----------------------------------------------------------- */

typedef struct namelist {
    char **name;
    int *line; /* Where each was declared (0: first used). */
    size_t count, cap, line_cap;
} namelist_t;

typedef struct cell {
    size_t issue, actor;
    double position, salience, capability;
    int line;
} cell_t;

typedef struct issue_info {
    double status_quo, outcome, scale_min, scale_max; /* NaN: not given. */
} issue_info_t;

typedef struct build {
    ns_ctx_t *ctx;
    const char *file;
    namelist_t actors, issues;
    cell_t *cells;
    size_t n_cells, cells_cap;
    issue_info_t *info; /* One per issue, grown with issues. */
    size_t info_cap;
} build_t;

static void build_init(build_t *b, ns_ctx_t *ctx, const char *file)
{
    memset(b, 0, sizeof *b);
    b->ctx = ctx;
    b->file = file;
}

static void namelist_destroy(ns_ctx_t *ctx, namelist_t *l)
{
    for (size_t i = 0; i < l->count; i++) {
        ns_free(ctx, l->name[i]);
    }
    ns_free(ctx, l->name);
    ns_free(ctx, l->line);
}

static void build_destroy(build_t *b)
{
    namelist_destroy(b->ctx, &b->actors);
    namelist_destroy(b->ctx, &b->issues);
    ns_free(b->ctx, b->cells);
    ns_free(b->ctx, b->info);
}

static long name_find(const namelist_t *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++) {
        if (strcmp(l->name[i], name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

static ns_status name_add(ns_ctx_t *ctx, namelist_t *l, const char *name, int line)
{
    if (ns_grow(ctx, (void **)&l->name, &l->cap, l->count + 1, sizeof *l->name) != NS_OK ||
        ns_grow(ctx, (void **)&l->line, &l->line_cap, l->count + 1, sizeof *l->line) != NS_OK) {
        return NS_ENOMEM;
    }
    char *copy = ns_strdup(ctx, name);
    if (copy == NULL) {
        return NS_ENOMEM;
    }
    l->name[l->count] = copy;
    l->line[l->count] = line;
    l->count++;
    return NS_OK;
}

/* Declare an issue and its (empty) scale information. */
static ns_status issue_add(build_t *b, const char *id, int line)
{
    if (name_add(b->ctx, &b->issues, id, line) != NS_OK ||
        ns_grow(b->ctx, (void **)&b->info, &b->info_cap, b->issues.count, sizeof *b->info) !=
            NS_OK) {
        return NS_ENOMEM;
    }
    issue_info_t *info = &b->info[b->issues.count - 1];
    info->status_quo = info->outcome = info->scale_min = info->scale_max = NAN;
    return NS_OK;
}

static ns_status cell_add(build_t *b, const cell_t *c)
{
    if (ns_grow(b->ctx, (void **)&b->cells, &b->cells_cap, b->n_cells + 1, sizeof *b->cells) !=
        NS_OK) {
        return NS_ENOMEM;
    }
    b->cells[b->n_cells++] = *c;
    return NS_OK;
}

/* Copy the intermediate form into a table; duplicates of (issue, actor) are refused at
 * the line of the second. */
static ns_status build_table(build_t *b, ns_table_t **out)
{
    ns_ctx_t *ctx = b->ctx;
    ns_status st = NS_OK;
    ns_table_t *t = NULL;
    *out = NULL;
    if (b->actors.count == 0 || b->issues.count == 0) {
        st = ns_error_at(ctx, NS_EINVAL, b->file, 0, 0, NULL, "no %s in the file",
                         b->actors.count == 0 ? "actors" : "issues");
        goto cleanup;
    }
    if ((st = ns_table_new(ctx, b->issues.count, b->actors.count, &t)) != NS_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < b->issues.count; i++) {
        if ((st = ns_table_set_issue(ctx, t, i, b->issues.name[i])) != NS_OK) {
            goto cleanup;
        }
        const issue_info_t *info = &b->info[i];
        t->status_quo[i] = info->status_quo;
        t->outcome[i] = info->outcome;
        if (info->scale_min == info->scale_min) {
            t->scale_min[i] = info->scale_min;
        }
        if (info->scale_max == info->scale_max) {
            t->scale_max[i] = info->scale_max;
        }
        if (!(t->scale_min[i] < t->scale_max[i])) {
            st = ns_error_at(ctx, NS_EINVAL, b->file, b->issues.line[i], 0, "scale_max",
                             "issue '%s': scale_min %g is not below scale_max %g",
                             b->issues.name[i], t->scale_min[i], t->scale_max[i]);
            goto cleanup;
        }
        /* As the long reader does: a status quo or outcome off the scale is refused (found
         * by fuzzing, tests/fuzz/regressions/wide: the import wrote a table that its own
         * reader then refused). */
        const double given[2] = {t->status_quo[i], t->outcome[i]};
        static const char *const what[2] = {"status_quo", "outcome"};
        for (int k = 0; k < 2; k++) {
            if (given[k] == given[k] &&
                (given[k] < t->scale_min[i] || given[k] > t->scale_max[i])) {
                st = ns_error_at(ctx, NS_ERANGE, b->file, b->issues.line[i], 0, what[k],
                                 "issue '%s': %g is outside the scale [%g, %g]", b->issues.name[i],
                                 given[k], t->scale_min[i], t->scale_max[i]);
                goto cleanup;
            }
        }
    }
    for (size_t a = 0; a < b->actors.count; a++) {
        if ((st = ns_table_set_actor(ctx, t, a, b->actors.name[a])) != NS_OK) {
            goto cleanup;
        }
    }
    for (size_t k = 0; k < b->n_cells; k++) {
        const cell_t *c = &b->cells[k];
        size_t at = ns_table_at(t, c->issue, c->actor);
        if (t->capability[at] == t->capability[at]) {
            st = ns_error_at(ctx, NS_EINVAL, b->file, c->line, 0, NULL,
                             "actor '%s' appears twice on issue '%s'", b->actors.name[c->actor],
                             b->issues.name[c->issue]);
            goto cleanup;
        }
        t->position[at] = c->position;
        t->salience[at] = c->salience;
        t->capability[at] = c->capability;
        if (c->position != c->position) {
            t->n_sat_out++;
        }
        double lo = t->scale_min[c->issue], hi = t->scale_max[c->issue];
        if (c->position == c->position && (c->position < lo || c->position > hi)) {
            st = ns_error_at(ctx, NS_ERANGE, b->file, c->line, 0, "position",
                             "%g is outside issue '%s''s scale [%g, %g]", c->position,
                             b->issues.name[c->issue], lo, hi);
            goto cleanup;
        }
    }
    *out = t;
    t = NULL;
cleanup:
    ns_table_free(ctx, t);
    return st;
}

/* A percentage as a share: 43.31 / 100 is 0.43310000000000004 in binary; rounded to 15
 * significant digits it is the double nearest 0.4331, which prints as the user wrote it. */
static double share_of_percent(double percent)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.15g", percent / 100.0);
    return strtod(buf, NULL);
}

/* ---- Decide -------------------------------------------------------------------------- */

#define DECIDE_MAX_FIELDS 16

typedef struct fields {
    size_t n;
    char *text[DECIDE_MAX_FIELDS];
    int col[DECIDE_MAX_FIELDS];
} fields_t;

/* Split a line (modified in place) at tabs, or at semicolons when it has no tab, or at
 * commas when it has neither (Decide's reader lets Python's csv.Sniffer guess the
 * delimiter; its own files use tabs or semicolons). Spaces around a field are dropped. A
 * field that starts with a single or double quote runs to the matching quote (a doubled
 * quote inside stands for one), as Decide's shipped files quote every field: '#A'<TAB>'EU28'.
 * Columns are those of the field's first character in the line, quote included. */
static void split_line(char *line, fields_t *f)
{
    char sep = strchr(line, '\t') != NULL ? '\t' : strchr(line, ';') != NULL ? ';' : ',';
    char *p = line;
    f->n = 0;
    for (;;) {
        while (*p == ' ' || *p == '\r') {
            p++;
        }
        char *start = p, *w = p;
        int col = (int)(p - line) + 1;
        if (*p == '\'' || *p == '"') {
            char quote = *p++;
            while (*p != '\0') {
                if (*p == quote) {
                    if (p[1] == quote) {
                        *w++ = quote;
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                *w++ = *p++;
            }
        }
        /* The rest up to the separator (all of an unquoted field; text after a closing
         * quote is kept, as Python's csv module keeps it). */
        while (*p != '\0' && *p != sep) {
            *w++ = *p++;
        }
        bool more = *p == sep;
        char *next = more ? p + 1 : p;
        /* w never passes p: the terminator cannot overwrite text still to be read. */
        while (w > start && (w[-1] == ' ' || w[-1] == '\r')) {
            w--;
        }
        *w = '\0';
        if (f->n < DECIDE_MAX_FIELDS) {
            f->text[f->n] = start;
            f->col[f->n] = col;
        }
        f->n++;
        if (!more) {
            break;
        }
        p = next;
    }
    /* Trailing empty fields (a separator at the end of a line) carry nothing. */
    while (f->n > 0 && f->n <= DECIDE_MAX_FIELDS && f->text[f->n - 1][0] == '\0') {
        f->n--;
    }
}

/* A number of a Decide file. Decide reads "0,75" as 0.75 (its parser replaces the comma
 * by a point), so one decimal comma is accepted where the separator is not a comma. */
static ns_status parse_number(build_t *b, int line, int col, const char *field, const char *text,
                              double min, double max, double *out)
{
    char buf[64];
    size_t len = strlen(text);
    if (len == 0) {
        return ns_error_at(b->ctx, NS_EINVAL, b->file, line, col, field, "missing value");
    }
    if (len >= sizeof buf) {
        return ns_error_at(b->ctx, NS_EINVAL, b->file, line, col, field,
                           "'%.40s...' is not a number", text);
    }
    memcpy(buf, text, len + 1);
    char *comma = strchr(buf, ',');
    if (comma != NULL && strchr(buf, '.') == NULL && strchr(comma + 1, ',') == NULL) {
        *comma = '.';
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        return ns_error_at(b->ctx, NS_EINVAL, b->file, line, col, field, "'%s' is not a number",
                           text);
    }
    if (v < min || v > max) {
        return ns_error_at(b->ctx, NS_ERANGE, b->file, line, col, field, "%g is outside [%g, %g]",
                           v, min, max);
    }
    *out = v;
    return NS_OK;
}

/* Which of the two layouts a Decide file has. Decide's own files tag every row ('#A' id
 * name, '#D' actor issue position salience power, ...) and mark comments with '#/' or
 * '#O'. normsim's earlier reading also takes a tag line as the title line of a section
 * whose rows follow untagged. A file with any untagged, non-blank line is read that way
 * (its tag lines are titles); otherwise every tagged line is a row. */
static bool uses_sections(const char *text)
{
    const char *p = text;
    while (*p != '\0') {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\'' || *p == '"') {
            p++;
        }
        if (*p != '\0' && *p != '\n' && *p != '#') {
            return true;
        }
        const char *nl = strchr(p, '\n');
        if (nl == NULL) {
            break;
        }
        p = nl + 1;
    }
    return false;
}

/* A #D row waiting for its actor and issue ids to be resolved. */
typedef struct decide_row {
    char *actor, *issue;
    int line, actor_col, issue_col, sal_col;
    double position, salience, power;
    bool scale_row; /* A #M row: only issue and position are used. */
} decide_row_t;

static ns_status import_decide(build_t *b, const char *text, size_t size)
{
    ns_ctx_t *ctx = b->ctx;
    ns_status st = NS_OK;
    char *buf = ns_malloc(ctx, size + 1);
    decide_row_t *rows = NULL;
    size_t n_rows = 0, rows_cap = 0;
    if (buf == NULL) {
        return NS_ENOMEM;
    }
    memcpy(buf, text, size);
    buf[size] = '\0';
    if (memchr(text, '\0', size) != NULL) {
        st = ns_error_at(ctx, NS_EPARSE, b->file, 0, 0, NULL, "NUL byte: not a text file");
        goto cleanup;
    }
    char section = 0;
    int line = 0;
    double max_salience = 0.0;
    char *first = buf;
    if (size >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        first += 3; /* A UTF-8 byte-order mark, as spreadsheet programs write. */
    }
    bool sections = uses_sections(first);
    for (char *p = first; p < buf + size;) {
        char *nl = memchr(p, '\n', (size_t)(buf + size - p));
        char *next = nl != NULL ? nl + 1 : buf + size;
        if (nl != NULL) {
            *nl = '\0';
        }
        line++;
        if (strlen(p) > NS_MAX_LINE_BYTES) {
            st = ns_error_at(ctx, NS_ELIMIT, b->file, line, 0, NULL,
                             "line longer than the 1 MiB limit");
            goto cleanup;
        }
        fields_t f;
        split_line(p, &f);
        p = next;
        if (f.n == 0) {
            continue;
        }
        const char *head = f.text[0];
        bool tagged = false;
        if (head[0] == '#') {
            if ((head[1] == 'A' || head[1] == 'P' || head[1] == 'M' || head[1] == 'D') &&
                head[2] == '\0') {
                section = head[1];
                tagged = !sections;
            }
            if (!tagged || f.n == 1) {
                continue; /* A section header, a comment (#/, #O) or a bare tag. */
            }
        }
        if (section == 0) {
            st = ns_error_at(ctx, NS_EPARSE, b->file, line, f.col[0], NULL,
                             "data before any #A, #P, #M or #D section (each row of a Decide "
                             "file starts with its tag: #A, #P, #M, #D, or #/ for a comment)");
            goto cleanup;
        }
        if (f.n > DECIDE_MAX_FIELDS) {
            st = ns_error_at(ctx, NS_EPARSE, b->file, line, 0, NULL,
                             "%zu fields; a Decide line has at most %d", f.n, DECIDE_MAX_FIELDS);
            goto cleanup;
        }
        size_t k = tagged ? 1 : 0;
        if (head[0] == section && head[1] == '\0') {
            k = 1; /* The section letter repeated on the data line. */
        }
        size_t have = f.n - k;
        if (section == 'A' || section == 'P') {
            namelist_t *l = section == 'A' ? &b->actors : &b->issues;
            const char *what = section == 'A' ? "actor" : "issue";
            if (have < 1 || f.text[k][0] == '\0') {
                st = ns_error_at(ctx, NS_EINVAL, b->file, line, have < 1 ? 0 : f.col[k], what,
                                 "missing %s id", what);
                goto cleanup;
            }
            long dup = name_find(l, f.text[k]);
            if (dup >= 0) {
                st = ns_error_at(ctx, NS_EINVAL, b->file, line, f.col[k], what,
                                 "%s '%s' declared twice (first on line %d)", what, f.text[k],
                                 l->line[dup]);
                goto cleanup;
            }
            st = section == 'A' ? name_add(ctx, l, f.text[k], line) : issue_add(b, f.text[k], line);
            if (st != NS_OK) {
                goto cleanup;
            }
            continue;
        }
        size_t need = section == 'M' ? 2 : 5;
        if (have < need) {
            st = ns_error_at(ctx, NS_EPARSE, b->file, line, 0, NULL,
                             "a #%c line needs %zu fields (%s), this one has %zu", section, need,
                             section == 'M' ? "issue, position[, meaning]"
                                            : "actor, issue, position, salience, power",
                             have);
            goto cleanup;
        }
        if (ns_grow(ctx, (void **)&rows, &rows_cap, n_rows + 1, sizeof *rows) != NS_OK) {
            st = NS_ENOMEM;
            goto cleanup;
        }
        decide_row_t *r = &rows[n_rows];
        memset(r, 0, sizeof *r);
        r->line = line;
        if (section == 'M') {
            r->scale_row = true;
            r->issue = f.text[k];
            r->issue_col = f.col[k];
            st = parse_number(b, line, f.col[k + 1], "position", f.text[k + 1], -HUGE_VAL, HUGE_VAL,
                              &r->position);
        } else {
            r->actor = f.text[k];
            r->actor_col = f.col[k];
            r->issue = f.text[k + 1];
            r->issue_col = f.col[k + 1];
            r->sal_col = f.col[k + 3];
            if ((st = parse_number(b, line, f.col[k + 2], "position", f.text[k + 2], -HUGE_VAL,
                                   HUGE_VAL, &r->position)) != NS_OK ||
                (st = parse_number(b, line, f.col[k + 3], "salience", f.text[k + 3], 0.0, 100.0,
                                   &r->salience)) != NS_OK ||
                (st = parse_number(b, line, f.col[k + 4], "power", f.text[k + 4], 0.0, HUGE_VAL,
                                   &r->power)) != NS_OK) {
                goto cleanup;
            }
            max_salience = fmax(max_salience, r->salience);
        }
        if (st != NS_OK) {
            goto cleanup;
        }
        n_rows++;
    }
    /* Resolve ids, now that every section has been read. */
    double sal_scale = max_salience > 1.0 ? 100.0 : 1.0; /* Percentages: divided by it. */
    for (size_t k = 0; k < n_rows; k++) {
        decide_row_t *r = &rows[k];
        long issue = name_find(&b->issues, r->issue);
        if (issue < 0) {
            st = ns_error_at(ctx, NS_EINVAL, b->file, r->line, r->issue_col, "issue",
                             "unknown issue '%s' (not declared in #P)", r->issue);
            goto cleanup;
        }
        if (r->scale_row) {
            issue_info_t *info = &b->info[issue];
            info->scale_min = info->scale_min == info->scale_min
                                  ? fmin(info->scale_min, r->position)
                                  : r->position;
            info->scale_max = info->scale_max == info->scale_max
                                  ? fmax(info->scale_max, r->position)
                                  : r->position;
            continue;
        }
        long actor = name_find(&b->actors, r->actor);
        if (actor < 0) {
            st = ns_error_at(ctx, NS_EINVAL, b->file, r->line, r->actor_col, "actor",
                             "unknown actor '%s' (not declared in #A)", r->actor);
            goto cleanup;
        }
        cell_t c = {(size_t)issue, (size_t)actor,
                    r->position,   sal_scale == 1.0 ? r->salience : share_of_percent(r->salience),
                    r->power,      r->line};
        if ((st = cell_add(b, &c)) != NS_OK) {
            goto cleanup;
        }
    }
    /* A single labelled point says nothing about the scale's length. */
    for (size_t i = 0; i < b->issues.count; i++) {
        if (!(b->info[i].scale_min < b->info[i].scale_max)) {
            b->info[i].scale_min = b->info[i].scale_max = NAN;
        }
    }

cleanup:
    ns_free(ctx, rows);
    ns_free(ctx, buf);
    return st;
}

/* ---- KTAB ---------------------------------------------------------------------------- */

/* Field i without the spaces around it (KTAB's files pad cells: "  XYZ Position"), as a
 * pointer into the field and a length. An absent field is empty. */
static const char *trimmed(const ns_csv_t *csv, size_t i, size_t *len)
{
    const char *s = ns_csv_field(csv, i);
    if (s == NULL) {
        *len = 0;
        return "";
    }
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    *len = n;
    return s;
}

/* A copy of the trimmed field i (fallback when it is blank); the caller frees it. */
static char *trimmed_copy(build_t *b, const ns_csv_t *csv, size_t i, const char *fallback)
{
    size_t len;
    const char *s = trimmed(csv, i, &len);
    if (len == 0) {
        s = fallback;
        len = strlen(fallback);
    }
    char *copy = ns_malloc(b->ctx, len + 1);
    if (copy != NULL) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

/* The number in field i, spaces around it allowed. Empty: *out = dflt when allow_empty,
 * else NS_EINVAL. Errors name the field's place. */
static ns_status ktab_number(ns_csv_t *csv, size_t i, const char *field, double min, double max,
                             bool allow_empty, double dflt, double *out)
{
    size_t len;
    const char *s = trimmed(csv, i, &len);
    char buf[64];
    if (len == 0) {
        if (allow_empty) {
            *out = dflt;
            return NS_OK;
        }
        return ns_csv_error(csv, NS_EINVAL, i, field, "missing value");
    }
    if (len >= sizeof buf) {
        return ns_csv_error(csv, NS_EINVAL, i, field, "'%.40s...' is not a number", s);
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        return ns_csv_error(csv, NS_EINVAL, i, field, "'%s' is not a number", buf);
    }
    if (v < min || v > max) {
        return ns_csv_error(csv, NS_ERANGE, i, field, "%g is outside [%g, %g]", v, min, max);
    }
    *out = v;
    return NS_OK;
}

static bool is_number(const ns_csv_t *csv, size_t i)
{
    size_t len;
    const char *s = trimmed(csv, i, &len);
    char buf[64], *end = NULL;
    if (len == 0 || len >= sizeof buf) {
        return false;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    strtod(buf, &end);
    return end != buf && *end == '\0';
}

/* Fields in the current record, not counting trailing ones that are empty or blank
 * (KTAB's files often end rows with ", "). */
static size_t used_fields(const ns_csv_t *csv)
{
    size_t n = ns_csv_nfields(csv);
    while (n > 0) {
        size_t len;
        trimmed(csv, n - 1, &len);
        if (len > 0) {
            break;
        }
        n--;
    }
    return n;
}

/* KTAB's actor CSV as its reader (SMPModel::csvRead, examples/smp of KTAB) takes it: a
 * scenario row (name, description, number of actors, number of dimensions), the header
 * (Actor, Description, Power, then a position and a salience title per dimension; the
 * position title names the dimension), then one row per actor. Cells may be padded with
 * spaces; rows may end with a comma. KTAB requires the scenario row; normsim also reads a
 * file without it (the dimensions are then counted from the header). */
static ns_status import_ktab(build_t *b, ns_csv_t *csv)
{
    ns_ctx_t *ctx = b->ctx;
    double announced_actors = -1.0;
    int scenario_line = 0, scenario_col = 0;
    size_t dims = 0, n_rows = 0;
    ns_status st = ns_csv_next(csv);
    if (st == NS_DONE) {
        st = ns_error_at(ctx, NS_EINVAL, b->file, 1, 0, NULL, "empty file");
        goto cleanup;
    }
    if (st != NS_CONTINUE) {
        goto cleanup;
    }
    if (is_number(csv, 1)) {
        st = ns_csv_error(csv, NS_EPARSE, 1, NULL,
                          "a number in the second column: this looks like one of KTAB's output "
                          "files (effective powers, a position log), not a scenario");
        goto cleanup;
    }
    /* The header's third column (power) is a title; a scenario row has a number there. */
    if (is_number(csv, 2)) {
        scenario_line = ns_csv_line(csv);
        scenario_col = ns_csv_field_col(csv, 2);
        if ((st = ktab_number(csv, 2, "actors", 0.0, 1e9, false, 0.0, &announced_actors)) !=
            NS_OK) {
            goto cleanup;
        }
        if (is_number(csv, 3)) {
            double d;
            if ((st = ktab_number(csv, 3, "dimensions", 1.0, 65535.0, false, 0.0, &d)) != NS_OK) {
                goto cleanup;
            }
            if (d != floor(d)) {
                st = ns_csv_error(csv, NS_EINVAL, 3, "dimensions", "%g is not a whole number", d);
                goto cleanup;
            }
            dims = (size_t)d;
        }
        st = ns_csv_next(csv);
        if (st == NS_DONE) {
            st = ns_error_at(ctx, NS_EINVAL, b->file, ns_csv_line(csv), 0, NULL,
                             "no header row after the scenario row");
            goto cleanup;
        }
        if (st != NS_CONTINUE) {
            goto cleanup;
        }
    }
    size_t nf = used_fields(csv);
    if (dims == 0 && nf >= 5 && (nf - 3) % 2 == 0) {
        dims = (nf - 3) / 2;
    }
    if (dims == 0 || nf < 3 + 2 * dims || is_number(csv, 2)) {
        st = ns_error_at(ctx, NS_EPARSE, b->file, ns_csv_line(csv), 1, NULL,
                         "expected the header Actor,Description,Power,pos1,sal1[,pos2,sal2...] "
                         "(%zu columns found%s)",
                         nf, dims > 0 ? "; the scenario row announces more dimensions" : "");
        goto cleanup;
    }
    size_t width = 3 + 2 * dims;
    for (size_t d = 0; d < dims; d++) {
        char fallback[32];
        snprintf(fallback, sizeof fallback, "dim%zu", d + 1);
        char *title = trimmed_copy(b, csv, 3 + 2 * d, fallback);
        if (title == NULL) {
            st = NS_ENOMEM;
            goto cleanup;
        }
        if (name_find(&b->issues, title) >= 0) {
            st = ns_csv_error(csv, NS_EINVAL, 3 + 2 * d, "header",
                              "position column '%s' appears twice", title);
        } else {
            st = issue_add(b, title, ns_csv_line(csv));
        }
        ns_free(ctx, title);
        if (st != NS_OK) {
            goto cleanup;
        }
    }
    while ((st = ns_csv_next(csv)) == NS_CONTINUE) {
        size_t have = used_fields(csv);
        if (have == 0) {
            continue;
        }
        if (have > width || have < 3) {
            st = ns_error_at(ctx, NS_EPARSE, b->file, ns_csv_line(csv), 0, NULL,
                             "%zu fields where the header has %zu", have, width);
            goto cleanup;
        }
        size_t len;
        trimmed(csv, 0, &len);
        if (len == 0) {
            st = ns_csv_error(csv, NS_EINVAL, 0, "name", "missing actor name");
            goto cleanup;
        }
        double power;
        if ((st = ktab_number(csv, 2, "power", 0.0, HUGE_VAL, false, 0.0, &power)) != NS_OK) {
            goto cleanup;
        }
        size_t actor = b->actors.count;
        char *name = trimmed_copy(b, csv, 0, "");
        if (name == NULL) {
            st = NS_ENOMEM;
            goto cleanup;
        }
        long dup = name_find(&b->actors, name);
        if (dup >= 0) {
            st = ns_csv_error(csv, NS_EINVAL, 0, "name",
                              "actor '%s' appears twice (first on line %d)", name,
                              b->actors.line[dup]);
        } else {
            st = name_add(ctx, &b->actors, name, ns_csv_line(csv));
        }
        ns_free(ctx, name);
        if (st != NS_OK) {
            goto cleanup;
        }
        n_rows++;
        for (size_t d = 0; d < dims; d++) {
            double pos, sal;
            if ((st = ktab_number(csv, 3 + 2 * d, "position", -HUGE_VAL, HUGE_VAL, true, NAN,
                                  &pos)) != NS_OK ||
                (st = ktab_number(csv, 4 + 2 * d, "salience", 0.0, 100.0, true, NAN, &sal)) !=
                    NS_OK) {
                goto cleanup;
            }
            if ((pos != pos) != (sal != sal)) {
                st = ns_csv_error(csv, NS_EINVAL, pos != pos ? 3 + 2 * d : 4 + 2 * d,
                                  pos != pos ? "position" : "salience",
                                  "missing value (give both position and salience, or "
                                  "neither to sit out)");
                goto cleanup;
            }
            if (pos != pos) {
                continue; /* Sits out this dimension. */
            }
            /* KTAB saliences are percentages. */
            cell_t c = {d, actor, pos, share_of_percent(sal), power, ns_csv_line(csv)};
            if ((st = cell_add(b, &c)) != NS_OK) {
                goto cleanup;
            }
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
        /* KTAB reads exactly the announced number of actor rows. */
        if (announced_actors >= 0.0 && announced_actors != (double)n_rows) {
            st = ns_error_at(ctx, NS_EINVAL, b->file, scenario_line, scenario_col, "actors",
                             "the scenario row announces %g actors, the file has %zu",
                             announced_actors, n_rows);
        }
    }
cleanup:
    return st;
}

/* ---- KTAB's XML scenarios ------------------------------------------------------------- */

/* The text of a leaf element with the five predefined entities decoded and the spaces
 * around it dropped; the caller frees it. NULL when out of memory. */
static char *xml_text(ns_ctx_t *ctx, const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
        s++;
        len--;
    }
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n')) {
        len--;
    }
    char *out = ns_malloc(ctx, len + 1), *w = out;
    if (out == NULL) {
        return NULL;
    }
    static const char *const ent[5] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    static const char rep[5] = {'&', '<', '>', '"', '\''};
    for (size_t k = 0; k < len;) {
        int e = -1;
        for (int m = 0; m < 5 && s[k] == '&'; m++) {
            size_t el = strlen(ent[m]);
            if (k + el <= len && memcmp(s + k, ent[m], el) == 0) {
                e = m;
            }
        }
        if (e >= 0) {
            *w++ = rep[e];
            k += strlen(ent[e]);
        } else {
            *w++ = s[k++];
        }
    }
    *w = '\0';
    return out;
}

#define XML_MAX_DEPTH 32

/* The actor being read. */
typedef struct xml_actor {
    char *name;
    int line;
    double capability;
    double *coord, *sal; /* dims each. */
    size_t n_coord, n_sal;
} xml_actor_t;

static ns_status xml_number(build_t *b, int line, const char *field, const char *text, double min,
                            double max, double *out)
{
    if (text[0] == '\0') {
        *out = NAN;
        return NS_OK;
    }
    return parse_number(b, line, 0, field, text, min, max, out);
}

/* Close the actor: add it and its cells. An empty or missing coordinate: the actor sits
 * out that dimension. */
static ns_status xml_actor_done(build_t *b, xml_actor_t *a)
{
    ns_status st = NS_OK;
    if (a->name == NULL || a->name[0] == '\0') {
        return ns_error_at(b->ctx, NS_EINVAL, b->file, a->line, 0, "name",
                           "an <Actor> without a <name>");
    }
    long dup = name_find(&b->actors, a->name);
    if (dup >= 0) {
        return ns_error_at(b->ctx, NS_EINVAL, b->file, a->line, 0, "name",
                           "actor '%s' appears twice (first on line %d)", a->name,
                           b->actors.line[dup]);
    }
    if (a->capability != a->capability) {
        return ns_error_at(b->ctx, NS_EINVAL, b->file, a->line, 0, "capability",
                           "actor '%s' has no <capability>", a->name);
    }
    size_t actor = b->actors.count;
    if ((st = name_add(b->ctx, &b->actors, a->name, a->line)) != NS_OK) {
        return st;
    }
    for (size_t d = 0; d < b->issues.count; d++) {
        double pos = d < a->n_coord ? a->coord[d] : NAN, sal = d < a->n_sal ? a->sal[d] : NAN;
        if (pos != pos) {
            continue;
        }
        if (sal != sal) {
            return ns_error_at(b->ctx, NS_EINVAL, b->file, a->line, 0, "dSal",
                               "actor '%s' has a position but no salience on '%s'", a->name,
                               b->issues.name[d]);
        }
        cell_t c = {d, actor, pos, share_of_percent(sal), a->capability, a->line};
        if ((st = cell_add(b, &c)) != NS_OK) {
            return st;
        }
    }
    return NS_OK;
}

/* KTAB's XML scenario (SMPModel::xmlRead): <Scenario> with <Dimensions> of <dName> and
 * <Actors> of <Actor> (<name>, <description>, <capability>, <Position> of <dCoord>,
 * <Salience> of <dSal>, both on 0..100). Other elements (<ModelParameters>,
 * <IdealAdjustment>, ...) are skipped. A small reader of well-formed XML: elements, text,
 * comments, the XML declaration and the five predefined entities. */
static ns_status import_ktab_xml(build_t *b, const char *text, size_t size)
{
    ns_ctx_t *ctx = b->ctx;
    ns_status st = NS_OK;
    const char *stack[XML_MAX_DEPTH];
    size_t stack_len[XML_MAX_DEPTH];
    size_t depth = 0;
    int line = 1;
    const char *p = text, *end = text + size, *text_start = NULL;
    xml_actor_t act;
    memset(&act, 0, sizeof act);
    bool in_actor = false, seen_scenario = false;
    char *leaf = NULL;
    while (p < end) {
        if (*p != '<') {
            line += *p == '\n';
            p++;
            continue;
        }
        const char *lt = p;
        int tag_line = line;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *c = p + 4;
            while (c + 3 <= end && memcmp(c, "-->", 3) != 0) {
                line += *c == '\n';
                c++;
            }
            if (c + 3 > end) {
                st = ns_error_at(ctx, NS_EPARSE, b->file, tag_line, 0, NULL, "unclosed comment");
                goto cleanup;
            }
            p = c + 3;
            continue;
        }
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (gt == NULL) {
            st = ns_error_at(ctx, NS_EPARSE, b->file, tag_line, 0, NULL, "unclosed '<'");
            goto cleanup;
        }
        for (const char *c = p; c < gt; c++) {
            line += *c == '\n';
        }
        p = gt + 1;
        if (lt[1] == '?' || lt[1] == '!') {
            continue; /* The declaration, a DOCTYPE. */
        }
        bool closing = lt[1] == '/', empty = gt[-1] == '/';
        const char *name = lt + (closing ? 2 : 1), *ne = name;
        while (ne < gt && *ne != ' ' && *ne != '\t' && *ne != '\r' && *ne != '\n' && *ne != '/') {
            ne++;
        }
        size_t nlen = (size_t)(ne - name);
        if (nlen == 0) {
            st = ns_error_at(ctx, NS_EPARSE, b->file, tag_line, 0, NULL, "a tag without a name");
            goto cleanup;
        }
        if (!closing) {
            if (depth == XML_MAX_DEPTH) {
                st = ns_error_at(ctx, NS_ELIMIT, b->file, tag_line, 0, NULL,
                                 "elements nested deeper than %d", XML_MAX_DEPTH);
                goto cleanup;
            }
            if (depth == 0) {
                if (nlen != 8 || memcmp(name, "Scenario", 8) != 0) {
                    st = ns_error_at(ctx, NS_EPARSE, b->file, tag_line, 0, NULL,
                                     "the root element is <%.*s>, KTAB's is <Scenario>", (int)nlen,
                                     name);
                    goto cleanup;
                }
                seen_scenario = true;
            }
            stack[depth] = name;
            stack_len[depth] = nlen;
            depth++;
            text_start = p;
            if (nlen == 5 && memcmp(name, "Actor", 5) == 0 && depth >= 2 &&
                stack_len[depth - 2] == 6 && memcmp(stack[depth - 2], "Actors", 6) == 0) {
                if (b->issues.count == 0) {
                    st = ns_error_at(ctx, NS_EPARSE, b->file, tag_line, 0, NULL,
                                     "an <Actor> before the <Dimensions>");
                    goto cleanup;
                }
                ns_free(ctx, act.name);
                memset(&act, 0, sizeof act);
                act.line = tag_line;
                act.capability = NAN;
                act.coord = ns_calloc(ctx, 2 * b->issues.count, sizeof(double));
                if (act.coord == NULL) {
                    st = NS_ENOMEM;
                    goto cleanup;
                }
                act.sal = act.coord + b->issues.count;
                in_actor = true;
            }
            if (!empty) {
                continue;
            }
            /* <x/>: an element with no text, closed at once. */
            closing = true;
            text_start = gt;
            lt = gt;
        }
        if (depth == 0 || stack_len[depth - 1] != nlen || memcmp(stack[depth - 1], name, nlen)) {
            st = ns_error_at(ctx, NS_EPARSE, b->file, tag_line, 0, NULL,
                             "</%.*s> does not close the open element", (int)nlen, name);
            goto cleanup;
        }
        depth--;
        const char *parent = depth > 0 ? stack[depth - 1] : "";
        size_t plen = depth > 0 ? stack_len[depth - 1] : 0;
#define IS(s, n, lit) ((n) == sizeof(lit) - 1 && memcmp((s), (lit), sizeof(lit) - 1) == 0)
        bool want = (IS(name, nlen, "dName") && IS(parent, plen, "Dimensions")) ||
                    (in_actor && ((IS(name, nlen, "name") && IS(parent, plen, "Actor")) ||
                                  (IS(name, nlen, "capability") && IS(parent, plen, "Actor")) ||
                                  (IS(name, nlen, "dCoord") && IS(parent, plen, "Position")) ||
                                  (IS(name, nlen, "dSal") && IS(parent, plen, "Salience"))));
        if (want) {
            ns_free(ctx, leaf);
            leaf = xml_text(ctx, text_start,
                            text_start != NULL && lt >= text_start ? (size_t)(lt - text_start) : 0);
            if (leaf == NULL) {
                st = NS_ENOMEM;
                goto cleanup;
            }
            if (IS(name, nlen, "dName")) {
                char fallback[32];
                snprintf(fallback, sizeof fallback, "dim%zu", b->issues.count + 1);
                const char *id = leaf[0] != '\0' ? leaf : fallback;
                if (name_find(&b->issues, id) >= 0) {
                    st = ns_error_at(ctx, NS_EINVAL, b->file, tag_line, 0, "dName",
                                     "dimension '%s' appears twice", id);
                    goto cleanup;
                }
                if ((st = issue_add(b, id, tag_line)) != NS_OK) {
                    goto cleanup;
                }
            } else if (IS(name, nlen, "name")) {
                ns_free(ctx, act.name);
                act.name = leaf;
                leaf = NULL;
            } else if (IS(name, nlen, "capability")) {
                if ((st = parse_number(b, tag_line, 0, "capability", leaf, 0.0, HUGE_VAL,
                                       &act.capability)) != NS_OK) {
                    goto cleanup;
                }
            } else {
                bool coord = IS(name, nlen, "dCoord");
                size_t *count = coord ? &act.n_coord : &act.n_sal;
                if (*count >= b->issues.count) {
                    st =
                        ns_error_at(ctx, NS_EPARSE, b->file, tag_line, 0, coord ? "dCoord" : "dSal",
                                    "more values than the %zu dimensions", b->issues.count);
                    goto cleanup;
                }
                double *slot = coord ? &act.coord[*count] : &act.sal[*count];
                if ((st = xml_number(b, tag_line, coord ? "dCoord" : "dSal", leaf,
                                     coord ? -HUGE_VAL : 0.0, coord ? HUGE_VAL : 100.0, slot)) !=
                    NS_OK) {
                    goto cleanup;
                }
                (*count)++;
            }
        }
        if (in_actor && IS(name, nlen, "Actor") && IS(parent, plen, "Actors")) {
            if ((st = xml_actor_done(b, &act)) != NS_OK) {
                goto cleanup;
            }
            ns_free(ctx, act.coord);
            act.coord = act.sal = NULL;
            in_actor = false;
        }
#undef IS
        text_start = NULL;
    }
    if (!seen_scenario) {
        st = ns_error_at(ctx, NS_EPARSE, b->file, line, 0, NULL, "no <Scenario> element");
    } else if (depth != 0) {
        st = ns_error_at(ctx, NS_EPARSE, b->file, line, 0, NULL, "the file ends inside <%.*s>",
                         (int)stack_len[depth - 1], stack[depth - 1]);
    }
cleanup:
    ns_free(ctx, leaf);
    ns_free(ctx, act.name);
    ns_free(ctx, act.coord);
    return st;
}

/* ---- Wide ---------------------------------------------------------------------------- */

enum { COL_IGNORED = 0, COL_ISSUE, COL_POS, COL_SAL, COL_CAP, COL_INFO };

typedef struct wide_col {
    int kind;
    size_t actor; /* For COL_POS / COL_SAL / COL_CAP. */
    int info;     /* For COL_INFO: 0 status_quo, 1 outcome, 2 scale_min, 3 scale_max. */
} wide_col_t;

static const char *const info_names[] = {"status_quo", "outcome", "scale_min", "scale_max"};

static ns_status import_wide(build_t *b, ns_csv_t *csv)
{
    ns_ctx_t *ctx = b->ctx;
    wide_col_t *cols = NULL;
    size_t *sal_col = NULL, *cap_col = NULL;
    ns_status st = ns_csv_next(csv);
    if (st == NS_DONE) {
        st = ns_error_at(ctx, NS_EINVAL, b->file, 1, 0, NULL, "empty file");
        goto cleanup;
    }
    if (st != NS_CONTINUE) {
        goto cleanup;
    }
    size_t nf = ns_csv_nfields(csv);
    cols = ns_calloc(ctx, nf, sizeof *cols);
    if (cols == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    size_t issue_col = nf;
    /* Pass 1: reserved names and positions (which declare the actors). */
    for (size_t k = 0; k < nf; k++) {
        const char *h = ns_csv_field(csv, k);
        if (strcmp(h, "issue") == 0) {
            if (issue_col != nf) {
                st = ns_csv_error(csv, NS_EPARSE, k, "issue", "column 'issue' appears twice");
                goto cleanup;
            }
            issue_col = k;
            cols[k].kind = COL_ISSUE;
            continue;
        }
        for (int i = 0; i < 4; i++) {
            if (strcmp(h, info_names[i]) == 0) {
                cols[k].kind = COL_INFO;
                cols[k].info = i;
            }
        }
        if (cols[k].kind == COL_INFO || h[0] != 'p') {
            continue;
        }
        if (h[1] == '\0' || name_find(&b->actors, h + 1) >= 0) {
            st = ns_csv_error(csv, NS_EPARSE, k, h,
                              h[1] == '\0' ? "position column without an actor name"
                                           : "column appears twice");
            goto cleanup;
        }
        cols[k].kind = COL_POS;
        cols[k].actor = b->actors.count;
        if ((st = name_add(ctx, &b->actors, h + 1, ns_csv_line(csv))) != NS_OK) {
            goto cleanup;
        }
    }
    if (issue_col == nf) {
        st = ns_error_at(ctx, NS_EPARSE, b->file, ns_csv_line(csv), 1, "issue",
                         "the header has no 'issue' column");
        goto cleanup;
    }
    if (b->actors.count == 0) {
        st = ns_error_at(ctx, NS_EPARSE, b->file, ns_csv_line(csv), 1, NULL,
                         "the header has no p<actor> position column");
        goto cleanup;
    }
    size_t n_actors = b->actors.count;
    sal_col = ns_calloc(ctx, 2 * n_actors, sizeof *sal_col);
    if (sal_col == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    cap_col = sal_col + n_actors;
    for (size_t a = 0; a < 2 * n_actors; a++) {
        sal_col[a] = nf;
    }
    /* Pass 2: saliences and capabilities must name an actor with a position column. */
    for (size_t k = 0; k < nf; k++) {
        const char *h = ns_csv_field(csv, k);
        if (cols[k].kind != COL_IGNORED || (h[0] != 's' && h[0] != 'c')) {
            continue;
        }
        long a = name_find(&b->actors, h + 1);
        if (a < 0) {
            st = ns_csv_error(csv, NS_EPARSE, k, h, "no position column 'p%s' for this %s", h + 1,
                              h[0] == 's' ? "salience" : "capability");
            goto cleanup;
        }
        size_t *slot = h[0] == 's' ? &sal_col[a] : &cap_col[a];
        if (*slot != nf) {
            st = ns_csv_error(csv, NS_EPARSE, k, h, "column appears twice");
            goto cleanup;
        }
        *slot = k;
        cols[k].kind = h[0] == 's' ? COL_SAL : COL_CAP;
        cols[k].actor = (size_t)a;
    }
    for (size_t a = 0; a < n_actors; a++) {
        if (sal_col[a] == nf) {
            st = ns_error_at(ctx, NS_EPARSE, b->file, ns_csv_line(csv), 1, NULL,
                             "actor '%s' has a position column but no salience column 's%s'",
                             b->actors.name[a], b->actors.name[a]);
            goto cleanup;
        }
    }
    while ((st = ns_csv_next(csv)) == NS_CONTINUE) {
        if (used_fields(csv) == 0) {
            continue;
        }
        if (ns_csv_nfields(csv) != nf) {
            st = ns_error_at(ctx, NS_EPARSE, b->file, ns_csv_line(csv), 0, NULL,
                             "%zu fields where the header has %zu", ns_csv_nfields(csv), nf);
            goto cleanup;
        }
        const char *id = ns_csv_field(csv, issue_col);
        if (id[0] == '\0') {
            st = ns_csv_error(csv, NS_EINVAL, issue_col, "issue", "missing issue id");
            goto cleanup;
        }
        long dup = name_find(&b->issues, id);
        if (dup >= 0) {
            st = ns_csv_error(csv, NS_EINVAL, issue_col, "issue",
                              "issue '%s' appears twice (first on line %d)", id,
                              b->issues.line[dup]);
            goto cleanup;
        }
        size_t issue = b->issues.count;
        if ((st = issue_add(b, id, ns_csv_line(csv))) != NS_OK) {
            goto cleanup;
        }
        issue_info_t *info = &b->info[issue];
        double *info_v[4] = {&info->status_quo, &info->outcome, &info->scale_min, &info->scale_max};
        for (size_t k = 0; k < nf; k++) {
            if (cols[k].kind == COL_INFO) {
                st = ns_csv_double_opt(csv, k, info_names[cols[k].info], -HUGE_VAL, HUGE_VAL, NAN,
                                       info_v[cols[k].info]);
                if (st != NS_OK) {
                    goto cleanup;
                }
            }
            if (cols[k].kind != COL_POS) {
                continue;
            }
            size_t a = cols[k].actor;
            double pos, sal, cap = 1.0;
            if ((st = ns_csv_double_opt(csv, k, "position", -HUGE_VAL, HUGE_VAL, NAN, &pos)) !=
                    NS_OK ||
                (st = ns_csv_double_opt(csv, sal_col[a], "salience", 0.0, 1.0, NAN, &sal)) !=
                    NS_OK ||
                (cap_col[a] != nf && (st = ns_csv_double_opt(csv, cap_col[a], "capability", 0.0,
                                                             HUGE_VAL, 1.0, &cap)) != NS_OK)) {
                goto cleanup;
            }
            if ((pos != pos) != (sal != sal)) {
                st = ns_csv_error(csv, NS_EINVAL, pos != pos ? k : sal_col[a],
                                  pos != pos ? "position" : "salience",
                                  "actor '%s': give both position and salience, or neither "
                                  "to sit out",
                                  b->actors.name[a]);
                goto cleanup;
            }
            if (pos != pos) {
                continue;
            }
            cell_t c = {issue, a, pos, sal, cap, ns_csv_line(csv)};
            if ((st = cell_add(b, &c)) != NS_OK) {
                goto cleanup;
            }
        }
    }
    if (st == NS_DONE) {
        st = NS_OK;
    }
cleanup:
    ns_free(ctx, cols);
    ns_free(ctx, sal_col);
    return st;
}

/* ---- Entry points -------------------------------------------------------------------- */

static bool any_position(const ns_table_t *t)
{
    for (size_t k = 0; k < t->n_issues * t->n_actors; k++) {
        if (t->position[k] == t->position[k]) {
            return true;
        }
    }
    return false;
}

/* The first character after a byte-order mark and spaces is '<'. */
static bool looks_like_xml(const char *text, size_t size)
{
    size_t k = size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (k < size && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n')) {
        k++;
    }
    return k < size && text[k] == '<';
}

ns_status ns_import_format_parse(ns_ctx_t *ctx, const char *name, ns_import_format_t *out)
{
    if (strcmp(name, "decide") == 0) {
        *out = NS_IMPORT_DECIDE;
    } else if (strcmp(name, "ktab") == 0) {
        *out = NS_IMPORT_KTAB;
    } else if (strcmp(name, "wide") == 0) {
        *out = NS_IMPORT_WIDE;
    } else {
        return ns_error(ctx, NS_EINVAL, "unknown import format '%s' (decide, ktab, wide)", name);
    }
    return NS_OK;
}

ns_status ns_import_mem(ns_ctx_t *ctx, ns_import_format_t fmt, const char *name, const char *text,
                        size_t size, ns_table_t **out)
{
    build_t b;
    ns_csv_t *csv = NULL;
    ns_status st = NS_OK;
    *out = NULL;
    build_init(&b, ctx, name);
    /* A spreadsheet saved as a workbook: .xlsx is a ZIP archive, .xls an OLE2 file. */
    if ((size >= 4 && memcmp(text, "PK\x03\x04", 4) == 0) ||
        (size >= 8 && memcmp(text, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)) {
        st = ns_error_at(ctx, NS_EPARSE, name, 0, 0, NULL,
                         "a spreadsheet workbook (.xlsx or .xls), not text: save it as CSV "
                         "(tab-separated for Decide) and import that file");
        goto cleanup;
    }
    if (fmt == NS_IMPORT_DECIDE) {
        st = import_decide(&b, text, size);
    } else if (fmt == NS_IMPORT_KTAB && looks_like_xml(text, size)) {
        st = import_ktab_xml(&b, text, size);
    } else if (fmt == NS_IMPORT_KTAB || fmt == NS_IMPORT_WIDE) {
        if ((st = ns_csv_open_mem(ctx, name, text, size, &csv)) == NS_OK) {
            st = fmt == NS_IMPORT_KTAB ? import_ktab(&b, csv) : import_wide(&b, csv);
        }
    } else {
        st = ns_error(ctx, NS_EINVAL, "unknown import format %d", (int)fmt);
    }
    if (st == NS_OK) {
        st = build_table(&b, out);
    }
    if (st == NS_OK && !any_position(*out)) {
        /* Found by fuzzing (tests/fuzz/regressions/decide): a file whose every row is
         * skipped or sat out gave a table of actors without a single position, which no
         * model can use and whose long CSV has no rows. The long reader refuses the same
         * ("the table has a header but no rows"). */
        ns_table_free(ctx, *out);
        *out = NULL;
        st = ns_error_at(ctx, NS_EINVAL, name, 0, 0, NULL,
                         "no actor has a position on any issue; nothing to import");
    }
cleanup:
    ns_csv_free(csv);
    build_destroy(&b);
    return st;
}

ns_status ns_import_file(ns_ctx_t *ctx, ns_import_format_t fmt, const char *path, ns_table_t **out)
{
    char *bytes = NULL;
    size_t size = 0;
    *out = NULL;
    ns_status st = ns_read_file(ctx, path, NS_MAX_FILE_BYTES, &bytes, &size);
    if (st == NS_OK) {
        st = ns_import_mem(ctx, fmt, path, bytes, size, out);
    }
    ns_free(ctx, bytes);
    return st;
}
