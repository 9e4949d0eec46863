/* Figures of study reports: a line chart of means with 95 % intervals, one line per
 * series, written as its data CSV and a gnuplot script (data in datablocks, never
 * inline '-' data, where a line starting with 'e' would end the data), then drawn to
 * SVG and PNG by running gnuplot on the script.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/figure.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A gnuplot string in double quotes, backslash and quote escaped. The terminals are
 * noenhanced, so '_' and '^' in parameter names print as themselves. */
static void gp_string(FILE *f, const char *text)
{
    fputc('"', f);
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\') {
            fputc('\\', f);
        }
        if (*p != '\n' && *p != '\r') {
            fputc(*p, f);
        }
    }
    fputc('"', f);
}

static ns_status open_out(ns_ctx_t *ctx, const char *dir, const char *name, const char *ext,
                          FILE **out, char *path, size_t size)
{
    if ((size_t)snprintf(path, size, "%s/%s%s", dir, name, ext) >= size) {
        return ns_error(ctx, NS_EINVAL, "%s/%s%s: path too long", dir, name, ext);
    }
    /* Never through a symbolic link planted in the folder. */
    return ns_file_open_write(ctx, path, out);
}

static ns_status close_out(ns_ctx_t *ctx, FILE *f, const char *path)
{
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad) {
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "writing failed (%s)", strerror(errno));
    }
    return NS_OK;
}

ns_status ns__figure_write(ns_ctx_t *ctx, const char *dir, const ns__figure_t *fig)
{
    char path[4096];
    FILE *f = NULL;
    ns_status s = open_out(ctx, dir, fig->name, ".csv", &f, path, sizeof path);
    if (s != NS_OK) {
        return s;
    }
    /* The data: long format, one row per series and x, plain header. */
    fputs("series,", f);
    ns_csv_write_cell(f, fig->xlabel);
    fputs(",mean,ci_low,ci_high,n\n", f);
    for (size_t i = 0; i < fig->n; i++) {
        const ns__figure_point_t *p = &fig->points[i];
        ns_csv_write_cell(f, fig->series[p->series]);
        fprintf(f, ",%.15g,", p->x);
        if (isnan(p->mean)) {
            fputs(",,", f);
        } else {
            fprintf(f, "%.15g,", p->mean);
            if (!isnan(p->lo)) {
                fprintf(f, "%.15g", p->lo);
            }
            fputc(',', f);
            if (!isnan(p->hi)) {
                fprintf(f, "%.15g", p->hi);
            }
        }
        fprintf(f, ",%llu\n", (unsigned long long)p->count);
    }
    s = close_out(ctx, f, path);
    if (s != NS_OK) {
        return s;
    }
    s = open_out(ctx, dir, fig->name, ".gp", &f, path, sizeof path);
    if (s != NS_OK) {
        return s;
    }
    fprintf(f,
            "# %s: drawn by normsim from %s.csv (the same numbers, in datablocks below).\n"
            "# Restyle and run: gnuplot %s.gp  (writes %s.svg and %s.png here)\n",
            fig->name, fig->name, fig->name, fig->name, fig->name);
    for (size_t k = 0; k < fig->n_series; k++) {
        fprintf(f, "$s%zu << EOD\n", k);
        for (size_t i = 0; i < fig->n; i++) {
            const ns__figure_point_t *p = &fig->points[i];
            if (p->series == k && !isnan(p->mean)) {
                fprintf(f, "%.15g %.15g %.15g %.15g\n", p->x, p->mean,
                        isnan(p->lo) ? p->mean : p->lo, isnan(p->hi) ? p->mean : p->hi);
            }
        }
        fputs("EOD\n", f);
    }
    fputs("set title ", f);
    gp_string(f, fig->title);
    fputs("\nset xlabel ", f);
    gp_string(f, fig->xlabel);
    fputs("\nset ylabel ", f);
    gp_string(f, fig->ylabel);
    fputs("\nset key outside right top box\n"
          "set grid\n"
          "set border 3\n"
          "set tics nomirror\n"
          "set offsets graph 0.02, graph 0.02, graph 0.05, graph 0.05\n",
          f);
    if (fig->categorical_x) {
        fputs("set xtics 1\n", f);
    }
    fputs("set terminal svg size 820,460 noenhanced font 'Helvetica,12' background '#ffffff'\n"
          "set output '",
          f);
    fprintf(f, "%s.svg'\nplot ", fig->name);
    for (size_t k = 0; k < fig->n_series; k++) {
        fprintf(f, "%s$s%zu using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 0.6 title ",
                k > 0 ? ", \\\n     " : "", k);
        gp_string(f, fig->series[k]);
    }
    fprintf(
        f,
        "\nset terminal pngcairo size 820,460 noenhanced font 'Helvetica,10' background '#ffffff'\n"
        "set output '%s.png'\n"
        "replot\n"
        "unset output\n",
        fig->name);
    return close_out(ctx, f, path);
}

ns_status ns__figure_draw(ns_ctx_t *ctx, const char *dir, const char *name, const char *gnuplot,
                          bool *drawn)
{
    char script[512];
    *drawn = false;
    if ((size_t)snprintf(script, sizeof script, "%s.gp", name) >= sizeof script) {
        return ns_error(ctx, NS_EINVAL, "%s: figure name too long", name);
    }
    /* gnuplot opens its outputs following symbolic links: refuse a link planted where
     * it will write. */
    static const char *const drawn_ext[] = {".svg", ".png"};
    int saved_errno = errno; /* A missing file is the usual case, not an error. */
    for (size_t i = 0; i < sizeof drawn_ext / sizeof drawn_ext[0]; i++) {
        char out[4096];
        struct stat sb;
        if ((size_t)snprintf(out, sizeof out, "%s/%s%s", dir, name, drawn_ext[i]) < sizeof out &&
            lstat(out, &sb) == 0 && S_ISLNK(sb.st_mode)) {
            return ns_error_at(ctx, NS_EINVAL, out, 0, 0, NULL,
                               "a symbolic link; refusing to write through it (remove it)");
        }
    }
    errno = saved_errno;
    /* fork and exec, not popen: no shell to quote for, and no SIGPIPE if gnuplot dies. */
    pid_t pid = fork();
    if (pid < 0) {
        return ns_error(ctx, NS_EIO, "cannot start %s (%s)", gnuplot, strerror(errno));
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, STDIN_FILENO);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        if (chdir(dir) == 0) {
            execlp(gnuplot, gnuplot, script, (char *)NULL);
        }
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return ns_error(ctx, NS_EIO, "waiting for %s failed (%s)", gnuplot, strerror(errno));
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        return NS_OK; /* Not installed: the caller says so in the report. */
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return ns_error_at(ctx, NS_EIO, dir, 0, 0, NULL,
                           "%s failed on %s (run 'cd %s && %s %s' to see why)", gnuplot, script,
                           dir, gnuplot, script);
    }
    *drawn = true;
    return NS_OK;
}

ns_status ns__figure_open(ns_ctx_t *ctx, const char *dir, const char *name, const char *ext,
                          FILE **out, char *path, size_t size)
{
    return open_out(ctx, dir, name, ext, out, path, size);
}

ns_status ns__figure_close(ns_ctx_t *ctx, FILE *f, const char *path)
{
    return close_out(ctx, f, path);
}

void ns__figure_gp_string(FILE *f, const char *text)
{
    gp_string(f, text);
}

bool ns__figure_inline_svg(FILE *html, const char *dir, const char *name)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s.svg", dir, name) >= sizeof path) {
        return false;
    }
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return false;
    }
    char line[4096];
    bool inside = false;
    while (fgets(line, sizeof line, f) != NULL) {
        if (!inside) {
            char *start = strstr(line, "<svg");
            if (start == NULL) {
                continue;
            }
            inside = true;
            fputs(start, html);
        } else {
            fputs(line, html);
        }
    }
    fclose(f);
    return inside;
}
