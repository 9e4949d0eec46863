/* Tables for people, files for programs. The table format fits the output width (the
 * terminal's when standard output is one: COLUMNS, else the window size; 100 otherwise):
 * long column names wrap at their underscores, columns a command marks as secondary are
 * left out (named on standard error), text cells wrap at spaces, and, last, columns are
 * left out from the right. --wide prints every column unwrapped; --columns a,b,c picks
 * and orders the columns in every format. CSV and JSON are never narrowed. Prose (titles,
 * explanations) wraps at the same width.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* MIN_WRAP: prose never wraps narrower; LONG_WORD: a word of a cell (an identifier, a
 * number with its unit) is broken only when it is longer than this. */
enum { DEFAULT_WIDTH = 100, MIN_WIDTH = 40, MIN_WRAP = 12, LONG_WORD = 30 };

size_t cli_width(void)
{
    if (!isatty(STDOUT_FILENO)) {
        return DEFAULT_WIDTH;
    }
    const char *env = getenv("COLUMNS");
    if (env != NULL && env[0] != '\0') {
        char *end = NULL;
        long n = strtol(env, &end, 10);
        if (*end == '\0' && n >= MIN_WIDTH && n <= 10000) {
            return (size_t)n;
        }
    }
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= MIN_WIDTH) {
        return ws.ws_col;
    }
    return DEFAULT_WIDTH;
}

/* Display width of UTF-8 text: code points, not bytes. */
static size_t text_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n && s[i] != '\0'; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            w++;
        }
    }
    return w;
}

/* Bytes of the first `cols` code points of s[0..n). */
static size_t bytes_for(const char *s, size_t n, size_t cols)
{
    size_t i = 0, w = 0;
    while (i < n) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (w == cols) {
                break;
            }
            w++;
        }
        i++;
    }
    return i;
}

/* The next line of s (length n) at most `width` columns wide, broken at a space where
 * there is one: its length in *len; returns where the line after it starts. */
static const char *next_line(const char *s, size_t n, size_t width, size_t *len)
{
    if (text_width(s, n) <= width) {
        *len = n;
        return s + n;
    }
    size_t fit = bytes_for(s, n, width);
    size_t cut = fit;
    while (cut > 0 && s[cut] != ' ') {
        cut--;
    }
    if (cut == 0) { /* One word wider than the line: break it. */
        *len = fit;
        return s + fit;
    }
    size_t end = cut;
    while (end > 0 && s[end - 1] == ' ') {
        end--;
    }
    *len = end;
    while (cut < n && s[cut] == ' ') {
        cut++;
    }
    return s + cut;
}

void cli_wrap(FILE *out, const char *text, size_t width)
{
    while (*text != '\0') {
        const char *nl = strchr(text, '\n');
        size_t n = nl != NULL ? (size_t)(nl - text) : strlen(text);
        /* Continuation lines of an indented line or a list item hang 2 columns in. */
        size_t indent = 0;
        while (indent < n && text[indent] == ' ') {
            indent++;
        }
        size_t hang = indent > 0 ? indent + 2 : 0;
        if (indent + 1 < n && (text[indent] == '-' || text[indent] == '*') &&
            text[indent + 1] == ' ') {
            hang = indent + 2;
        }
        if (hang + MIN_WRAP > width) {
            hang = 0;
        }
        const char *s = text;
        const char *end = text + n;
        bool first = true;
        do {
            size_t pad = first ? 0 : hang;
            size_t len = 0;
            const char *rest = next_line(s, (size_t)(end - s), width - pad, &len);
            fprintf(out, "%*s%.*s\n", (int)pad, "", (int)len, s);
            s = rest;
            first = false;
        } while (s < end);
        text = nl != NULL ? nl + 1 : end;
    }
}

void cli_print_wrapped(const cli_t *cli, const char *text)
{
    cli_wrap(stdout, text, cli->wide ? SIZE_MAX / 2 : cli_width());
}

static bool looks_numeric(const char *s)
{
    if (s[0] == '\0') {
        return false;
    }
    char *end = NULL;
    double v = strtod(s, &end);
    if (*end != '\0' || !isfinite(v) || s[0] == '+' || s[0] == '.' ||
        strpbrk(s, "xXnNiI") != NULL) {
        return false;
    }
    const char *d = s[0] == '-' ? s + 1 : s;
    return d[0] >= '0' && d[0] <= '9';
}

/* One column as laid out. */
typedef struct col {
    size_t src;     /* Column of the rows. */
    size_t natural; /* Widest of the name and the cells. */
    size_t cells;   /* Widest cell. */
    size_t name;    /* Widest piece of the name split after its underscores. */
    size_t word;    /* Widest word of a cell (text columns). */
    bool numeric;   /* Every non-empty cell a number: right-aligned, never wrapped. */
    bool shown;
    size_t width;
} col_t;

static size_t widest_name_piece(const char *name)
{
    size_t best = 0;
    const char *p = name;
    while (*p != '\0') {
        const char *u = strchr(p, '_');
        size_t n = u != NULL ? (size_t)(u - p) + 1 : strlen(p);
        size_t w = text_width(p, n);
        best = w > best ? w : best;
        p += n;
    }
    return best;
}

static size_t widest_word(const char *s)
{
    size_t best = 0;
    while (*s != '\0') {
        size_t n = strcspn(s, " ");
        size_t w = text_width(s, n);
        best = w > best ? w : best;
        s += n;
        s += strspn(s, " ");
    }
    return best;
}

/* The lower bound of a column's width once its cells may wrap. */
static size_t least_width(const col_t *c)
{
    if (c->numeric) {
        return c->cells > c->name ? c->cells : c->name;
    }
    size_t w = c->word < LONG_WORD ? c->word : LONG_WORD;
    if (c->cells < w) {
        w = c->cells;
    }
    return w > c->name ? w : (c->name > 0 ? c->name : 1);
}

static size_t total_width(const col_t *cols, size_t n)
{
    size_t total = 0, shown = 0;
    for (size_t k = 0; k < n; k++) {
        if (cols[k].shown) {
            total += cols[k].width;
            shown++;
        }
    }
    return total + (shown > 0 ? 2 * (shown - 1) : 0);
}

/* Widths for a cap on text columns: each at most `cap`, none below its least width. */
static void set_widths(col_t *cols, size_t n, size_t cap)
{
    for (size_t k = 0; k < n; k++) {
        col_t *c = &cols[k];
        size_t w = c->cells > c->name ? c->cells : c->name;
        if (!c->numeric && w > cap) {
            size_t least = least_width(c);
            w = cap > least ? cap : least;
        }
        c->width = w;
    }
}

/* Natural widths, then the long names wrapped at their underscores, the column that
 * saves most first, until the table fits; false if it does not. */
static bool wrap_names(col_t *cols, size_t n, size_t limit)
{
    for (size_t k = 0; k < n; k++) {
        cols[k].width = cols[k].natural;
    }
    while (total_width(cols, n) > limit) {
        size_t best = SIZE_MAX, saving = 0;
        for (size_t k = 0; k < n; k++) {
            size_t least = cols[k].cells > cols[k].name ? cols[k].cells : cols[k].name;
            if (cols[k].shown && cols[k].width > least && cols[k].width - least > saving) {
                best = k;
                saving = cols[k].width - least;
            }
        }
        if (best == SIZE_MAX) {
            return false;
        }
        cols[best].width -= saving;
    }
    return true;
}

/* Lines the cells of a column take at a width. */
static size_t column_lines(const ns_rows_t *rows, const col_t *c, size_t width)
{
    size_t lines = 0;
    for (size_t r = 0; r < ns_rows_count(rows); r++) {
        const char *s = ns_rows_cell(rows, r, c->src);
        const char *end = s + strlen(s);
        do {
            size_t len = 0;
            s = next_line(s, (size_t)(end - s), width, &len);
            lines++;
        } while (s < end);
    }
    return lines;
}

/* Narrow the text columns one column at a time, each time the one that adds the fewest
 * lines (the widest on a tie), until the table fits; false if it cannot. */
static bool fit_widths(ns_ctx_t *ctx, const ns_rows_t *rows, col_t *cols, size_t n, size_t limit)
{
    set_widths(cols, n, SIZE_MAX);
    size_t *lines = ns_calloc(ctx, n, sizeof *lines);
    bool fits = false;
    if (lines == NULL) {
        return false;
    }
    for (size_t k = 0; k < n; k++) {
        lines[k] = cols[k].numeric ? 0 : column_lines(rows, &cols[k], cols[k].width);
    }
    while (!(fits = total_width(cols, n) <= limit)) {
        size_t best = SIZE_MAX, best_lines = 0, best_cost = SIZE_MAX;
        for (size_t k = 0; k < n; k++) {
            col_t *c = &cols[k];
            if (!c->shown || c->numeric || c->width <= least_width(c)) {
                continue;
            }
            size_t l = column_lines(rows, c, c->width - 1);
            size_t cost = l - lines[k];
            if (cost < best_cost || (cost == best_cost && c->width > cols[best].width)) {
                best = k;
                best_cost = cost;
                best_lines = l;
            }
        }
        if (best == SIZE_MAX) {
            break;
        }
        cols[best].width--;
        lines[best] = best_lines;
    }
    ns_free(ctx, lines);
    return fits;
}

/* Spaces are held back until text follows, so that no line ends in spaces. */
static void put_cell(FILE *out, size_t *pending, const char *s, size_t len, size_t width,
                     bool right)
{
    size_t w = text_width(s, len);
    size_t pad = width > w ? width - w : 0;
    if (right) {
        *pending += pad;
        pad = 0;
    }
    if (len > 0) {
        fprintf(out, "%*s%.*s", (int)*pending, "", (int)len, s);
        *pending = 0;
    }
    *pending += pad + 2;
}

/* Lines of the name split after underscores to fit `width`: piece k of line `line` when
 * the name takes `lines` lines, bottom-aligned. */
static size_t name_lines(const char *name, size_t width, const char **starts, size_t *lens,
                         size_t max)
{
    size_t count = 0;
    const char *p = name;
    while (*p != '\0' && count < max) {
        size_t len = 0;
        const char *q = p;
        while (*q != '\0') {
            const char *u = strchr(q, '_');
            size_t n = u != NULL ? (size_t)(u - q) + 1 : strlen(q);
            if (len > 0 && text_width(p, len + n) > width) {
                break;
            }
            len += n;
            q += n;
        }
        starts[count] = p;
        lens[count] = len;
        count++;
        p += len;
    }
    return count;
}

enum { MAX_NAME_LINES = 8 };

static ns_status write_fitted(ns_ctx_t *ctx, const ns_rows_t *rows, const col_t *cols, size_t n,
                              FILE *out)
{
    /* The names, bottom-aligned over the rule. */
    size_t height = 1;
    for (size_t k = 0; k < n; k++) {
        if (cols[k].shown) {
            const char *st[MAX_NAME_LINES];
            size_t ln[MAX_NAME_LINES];
            size_t h = name_lines(ns_rows_column(rows, cols[k].src), cols[k].width, st, ln,
                                  MAX_NAME_LINES);
            height = h > height ? h : height;
        }
    }
    for (size_t line = 0; line < height; line++) {
        size_t pending = 0;
        for (size_t k = 0; k < n; k++) {
            if (!cols[k].shown) {
                continue;
            }
            const char *st[MAX_NAME_LINES];
            size_t ln[MAX_NAME_LINES];
            size_t h = name_lines(ns_rows_column(rows, cols[k].src), cols[k].width, st, ln,
                                  MAX_NAME_LINES);
            size_t first = height - h;
            if (line >= first) {
                put_cell(out, &pending, st[line - first], ln[line - first], cols[k].width, false);
            } else {
                put_cell(out, &pending, "", 0, cols[k].width, false);
            }
        }
        fputc('\n', out);
    }
    size_t pending = 0;
    for (size_t k = 0; k < n; k++) {
        if (cols[k].shown) {
            fprintf(out, "%*s", (int)pending, "");
            for (size_t i = 0; i < cols[k].width; i++) {
                fputc('-', out);
            }
            pending = 2;
        }
    }
    fputc('\n', out);
    /* The rows, text cells wrapped at spaces. */
    const char **at = ns_calloc(ctx, n, sizeof *at);
    if (at == NULL) {
        return NS_ENOMEM;
    }
    for (size_t r = 0; r < ns_rows_count(rows); r++) {
        for (size_t k = 0; k < n; k++) {
            at[k] = ns_rows_cell(rows, r, cols[k].src);
        }
        bool more = true;
        while (more) {
            more = false;
            pending = 0;
            for (size_t k = 0; k < n; k++) {
                if (!cols[k].shown) {
                    continue;
                }
                const char *s = at[k];
                size_t len = strlen(s);
                bool right = cols[k].numeric && looks_numeric(s);
                const char *rest = s + len;
                if (!right) {
                    rest = next_line(s, len, cols[k].width, &len);
                }
                put_cell(out, &pending, s, len, cols[k].width, right);
                at[k] = rest;
                more = more || *rest != '\0';
            }
            fputc('\n', out);
        }
    }
    ns_free(ctx, at);
    return NS_OK;
}

/* A copy of the chosen columns of rows, in the chosen order. */
static ns_status pick(cli_t *cli, const ns_rows_t *rows, const col_t *cols, size_t n,
                      ns_rows_t **out)
{
    const char **names = ns_calloc(cli->ctx, n, sizeof *names);
    size_t m = 0;
    ns_status st = NS_OK;
    if (names == NULL) {
        return NS_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        if (cols[k].shown) {
            names[m++] = ns_rows_column(rows, cols[k].src);
        }
    }
    if ((st = ns_rows_new(cli->ctx, names, m, out)) != NS_OK) {
        goto cleanup;
    }
    for (size_t r = 0; r < ns_rows_count(rows) && st == NS_OK; r++) {
        st = ns_rows_add(*out);
        for (size_t k = 0, j = 0; k < n && st == NS_OK; k++) {
            if (cols[k].shown) {
                st = ns_rows_set(*out, j++, ns_rows_cell(rows, r, cols[k].src));
            }
        }
    }
    if (st != NS_OK) {
        ns_rows_free(*out);
        *out = NULL;
    }

cleanup:
    ns_free(cli->ctx, names);
    return st;
}

static void list_columns(const ns_rows_t *rows, FILE *out)
{
    for (size_t c = 0; c < ns_rows_ncols(rows); c++) {
        fprintf(out, "%s%s", c > 0 ? ", " : "", ns_rows_column(rows, c));
    }
}

/* The columns --columns names, in its order; all of them without it. Returns the count
 * (0 after a usage error). */
static size_t choose(cli_t *cli, const ns_rows_t *rows, col_t *cols)
{
    size_t n = 0;
    if (cli->columns == NULL) {
        for (size_t c = 0; c < ns_rows_ncols(rows); c++) {
            cols[n++].src = c;
        }
        return n;
    }
    for (const char *p = cli->columns; *p != '\0';) {
        size_t len = strcspn(p, ",");
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(len < 255 ? len : 255), p);
        size_t c = ns_rows_find_column(rows, name);
        if (c != SIZE_MAX && n < ns_rows_ncols(rows)) {
            cols[n++].src = c;
        } else if (c == SIZE_MAX && len > 0) {
            fprintf(stderr, "--columns: this table has no column '%s' (it has: ", name);
            list_columns(rows, stderr);
            fputs(")\n", stderr);
        }
        p += len;
        p += *p == ',' ? 1 : 0;
    }
    if (n == 0) {
        cli_usage(cli, "--columns", "none of '%s' is a column of the table", cli->columns);
    }
    return n;
}

int cli_write_table_to(cli_t *cli, const ns_rows_t *rows, const char *title, const char *secondary,
                       FILE *out)
{
    size_t ncols = ns_rows_ncols(rows);
    col_t *cols = ns_calloc(cli->ctx, ncols, sizeof *cols);
    ns_rows_t *picked = NULL;
    ns_status st = NS_OK;
    int rc = CLI_EXIT_OK;
    if (cols == NULL) {
        return cli_fail(cli, NS_ENOMEM);
    }
    size_t n = choose(cli, rows, cols);
    if (n == 0) {
        rc = CLI_EXIT_USAGE;
        goto cleanup;
    }
    for (size_t k = 0; k < n; k++) {
        col_t *c = &cols[k];
        const char *name = ns_rows_column(rows, c->src);
        c->shown = true;
        c->numeric = true;
        c->name = widest_name_piece(name);
        for (size_t r = 0; r < ns_rows_count(rows); r++) {
            const char *s = ns_rows_cell(rows, r, c->src);
            size_t w = text_width(s, strlen(s));
            c->cells = w > c->cells ? w : c->cells;
            if (s[0] != '\0' && !looks_numeric(s)) {
                c->numeric = false;
            }
            size_t word = widest_word(s);
            c->word = word > c->word ? word : c->word;
        }
        size_t wn = text_width(name, strlen(name));
        c->natural = c->cells > wn ? c->cells : wn;
        c->width = c->natural;
    }
    size_t limit = out == stdout ? cli_width() : (size_t)DEFAULT_WIDTH;
    bool fitted = false;
    if (cli->format == NS_FORMAT_TABLE && !cli->wide && total_width(cols, n) > limit) {
        fitted = true;
        /* Long names wrap first; then the secondary columns go, in the order listed;
         * then text cells wrap; then columns go from the right. Columns named by
         * --columns stay. */
        bool fits = wrap_names(cols, n, limit);
        for (const char *p = secondary; !fits && cli->columns == NULL && p != NULL && *p;) {
            size_t len = strcspn(p, ",");
            for (size_t k = 0; k < n; k++) {
                const char *name = ns_rows_column(rows, cols[k].src);
                if (strlen(name) == len && strncmp(name, p, len) == 0) {
                    cols[k].shown = false;
                }
            }
            fits = wrap_names(cols, n, limit);
            p += len;
            p += *p == ',' ? 1 : 0;
        }
        size_t last = n;
        while (!fits && !(fits = fit_widths(cli->ctx, rows, cols, n, limit)) &&
               cli->columns == NULL && last > 1) {
            while (last > 1 && !cols[last - 1].shown) {
                last--;
            }
            cols[--last].shown = false;
        }
    }
    bool all = !fitted && n == ncols;
    for (size_t k = 0; k < n && all; k++) {
        all = cols[k].src == k;
    }
    if (fitted) {
        if (title != NULL) {
            cli_wrap(out, title, limit);
        }
        st = write_fitted(cli->ctx, rows, cols, n, out);
        char note[2048];
        size_t len = 0;
        for (size_t k = 0; k < n && len < sizeof note; k++) {
            if (!cols[k].shown) {
                len += (size_t)snprintf(note + len, sizeof note - len, "%s%s",
                                        len > 0 ? ", " : "(not shown, to fit the width: ",
                                        ns_rows_column(rows, cols[k].src));
            }
        }
        if (len > 0 && len < sizeof note) {
            snprintf(note + len, sizeof note - len,
                     "; --wide shows every column, --columns picks them)\n");
            cli_wrap(stderr, note, limit);
        }
    } else {
        const ns_rows_t *shown = rows;
        if (!all && (st = pick(cli, rows, cols, n, &picked)) != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        shown = picked != NULL ? picked : rows;
        if (cli->format == NS_FORMAT_TABLE && title != NULL && !cli->wide) {
            cli_wrap(out, title, limit);
            title = NULL;
        }
        st = ns_rows_write(cli->ctx, shown, cli->format, title, out);
    }
    if (st == NS_OK && fflush(out) != 0) {
        st = ns_error(cli->ctx, NS_EIO, "writing %s failed",
                      out == stdout ? "standard output" : "the output file");
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
    }

cleanup:
    ns_rows_free(picked);
    ns_free(cli->ctx, cols);
    return rc;
}

int cli_write_table(cli_t *cli, const ns_rows_t *rows, const char *title, const char *secondary)
{
    return cli_write_table_to(cli, rows, title, secondary, stdout);
}

FILE *cli_prose_open(cli_prose_t *p, const cli_t *cli, FILE *to)
{
    p->cli = cli;
    p->to = to;
    p->buf = NULL;
    p->len = 0;
    p->f = open_memstream(&p->buf, &p->len);
    return p->f != NULL ? p->f : to; /* Out of memory: unwrapped rather than lost. */
}

void cli_prose_flush(cli_prose_t *p)
{
    if (p->f == NULL) {
        return;
    }
    fclose(p->f);
    if (p->buf != NULL) {
        cli_wrap(p->to, p->buf, p->cli->wide ? SIZE_MAX / 2 : cli_width());
    }
    free(p->buf);
    cli_prose_open(p, p->cli, p->to);
}

void cli_prose_close(cli_prose_t *p)
{
    cli_prose_flush(p);
    if (p->f != NULL) {
        fclose(p->f);
        free(p->buf);
        p->f = NULL;
        p->buf = NULL;
    }
}

ns_status cli_rows_from_csv(cli_t *cli, const char *text, size_t len, ns_rows_t **out)
{
    ns_csv_t *csv = NULL;
    const char **names = NULL;
    ns_status st = ns_csv_open_mem(cli->ctx, "output", text, len, &csv);
    *out = NULL;
    if (st != NS_OK) {
        return st;
    }
    if ((st = ns_csv_next(csv)) != NS_CONTINUE) {
        st = st == NS_DONE ? ns_error(cli->ctx, NS_EINTERNAL, "no header row") : st;
        goto cleanup;
    }
    size_t nc = ns_csv_nfields(csv);
    if ((names = ns_calloc(cli->ctx, nc, sizeof *names)) == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t c = 0; c < nc; c++) {
        names[c] = ns_csv_field(csv, c);
    }
    if ((st = ns_rows_new(cli->ctx, names, nc, out)) != NS_OK) {
        goto cleanup;
    }
    while ((st = ns_csv_next(csv)) == NS_CONTINUE) {
        st = ns_rows_add(*out);
        for (size_t c = 0; c < ns_csv_nfields(csv) && c < nc && st == NS_OK; c++) {
            st = ns_rows_set(*out, c, ns_csv_field(csv, c));
        }
        if (st != NS_OK) {
            goto cleanup;
        }
    }
    st = st == NS_DONE ? NS_OK : st;

cleanup:
    if (st != NS_OK) {
        ns_rows_free(*out);
        *out = NULL;
    }
    ns_free(cli->ctx, names);
    ns_csv_free(csv);
    return st;
}
