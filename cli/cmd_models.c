/* normsim models: list the collective-decision models, their parameters and sources.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: normsim models [--format table|csv|json]\n"
    "\n"
    "List every built-in collective-decision model with its version, what it computes,\n"
    "the paper(s) it implements, the extra columns it adds to 'normsim forecast', and its\n"
    "parameters: name, default, allowed values (a range [min, max] or a list of choices)\n"
    "and a one-line description. Set parameters with 'normsim forecast --param KEY=VALUE'.\n"
    "\n"
    "options:\n"
    "  --format F   table (default: a readable listing), csv or json (one row per model\n"
    "               and parameter, columns model,version,summary,implements,columns,\n"
    "               parameter,default,allowed,description; a model without parameters\n"
    "               has one row with the parameter cells empty)\n"
    "\n"
    "examples:\n"
    "  normsim models\n"
    "  normsim models --format csv | grep '^nash,'\n"
    "\n"
    "exit codes: 0 success, 2 bad usage.\n";

static void format_default(char *buf, size_t size, const ns_param_spec_t *p)
{
    if (p->choices != NULL) {
        snprintf(buf, size, "%s", p->choices[(size_t)p->dflt]);
    } else {
        snprintf(buf, size, "%g", p->dflt);
    }
}

static void format_allowed(char *buf, size_t size, const ns_param_spec_t *p)
{
    if (p->choices == NULL) {
        snprintf(buf, size, "[%g, %g]", p->min, p->max);
        return;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t c = 0; p->choices[c] != NULL && used < size; c++) {
        int w = snprintf(buf + used, size - used, "%s%s", c > 0 ? "|" : "", p->choices[c]);
        used += w > 0 ? (size_t)w : 0;
    }
}

static void format_columns(char *buf, size_t size, const ns_model_type_t *m)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < m->n_columns && used < size; c++) {
        int w = snprintf(buf + used, size - used, "%s%s", c > 0 ? " " : "", m->columns[c]);
        used += w > 0 ? (size_t)w : 0;
    }
}

static int print_listing(const cli_t *cli, const ns_model_type_t *const *models, size_t n)
{
    char dflt[128], allowed[256], cols[512];
    cli_prose_t prose;
    FILE *out = cli_prose_open(&prose, cli, stdout);
    for (size_t m = 0; m < n; m++) {
        const ns_model_type_t *model = models[m];
        format_columns(cols, sizeof cols, model);
        fprintf(out, "%s %s: %s\n", model->name, model->version, model->summary);
        fprintf(out, "  implements: %s\n", model->cite);
        fprintf(out, "  columns:    issue forecast %s\n", cols);
        if (model->n_params == 0) {
            fprintf(out, "  parameters: none\n");
        } else {
            fprintf(out, "  parameters:\n");
        }
        for (size_t p = 0; p < model->n_params; p++) {
            const ns_param_spec_t *spec = &model->params[p];
            format_default(dflt, sizeof dflt, spec);
            format_allowed(allowed, sizeof allowed, spec);
            fprintf(out, "    %s=%s  (%s)\n      %s\n", spec->name, dflt, allowed, spec->help);
        }
        if (m + 1 < n) {
            fprintf(out, "\n");
        }
    }
    cli_prose_close(&prose);
    return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

static int set_row(ns_rows_t *rows, const ns_model_type_t *model, const ns_param_spec_t *spec)
{
    char buf[512];
    ns_status st = ns_rows_add(rows);
    st = st != NS_OK ? st : ns_rows_set(rows, 0, model->name);
    st = st != NS_OK ? st : ns_rows_set(rows, 1, model->version);
    st = st != NS_OK ? st : ns_rows_set(rows, 2, model->summary);
    st = st != NS_OK ? st : ns_rows_set(rows, 3, model->cite);
    format_columns(buf, sizeof buf, model);
    st = st != NS_OK ? st : ns_rows_set(rows, 4, buf);
    if (spec != NULL) {
        st = st != NS_OK ? st : ns_rows_set(rows, 5, spec->name);
        format_default(buf, sizeof buf, spec);
        st = st != NS_OK ? st : ns_rows_set(rows, 6, buf);
        format_allowed(buf, sizeof buf, spec);
        st = st != NS_OK ? st : ns_rows_set(rows, 7, buf);
        st = st != NS_OK ? st : ns_rows_set(rows, 8, spec->help);
    }
    return st;
}

static int run_models(cli_t *cli, int argc, char **argv)
{
    static const char *const columns[] = {"model",      "version", "summary",
                                          "implements", "columns", "parameter",
                                          "default",    "allowed", "description"};
    for (int i = 1; i < argc; i++) {
        int r = cli_common_option(cli, "models", argc, argv, &i);
        if (r < 0) {
            return CLI_EXIT_USAGE;
        }
        if (r == 0) {
            return cli_usage(cli, "models", "unexpected argument '%s'", argv[i]);
        }
    }
    size_t n = 0;
    const ns_model_type_t *const *models = ns_models(&n);
    if (cli->format == NS_FORMAT_TABLE) {
        return print_listing(cli, models, n);
    }
    ns_rows_t *rows = NULL;
    ns_status st = ns_rows_new(cli->ctx, columns, sizeof columns / sizeof columns[0], &rows);
    for (size_t m = 0; m < n && st == NS_OK; m++) {
        if (models[m]->n_params == 0) {
            st = set_row(rows, models[m], NULL);
        }
        for (size_t p = 0; p < models[m]->n_params && st == NS_OK; p++) {
            st = set_row(rows, models[m], &models[m]->params[p]);
        }
    }
    int rc = st == NS_OK ? cli_write_rows(cli, rows, NULL) : cli_fail(cli, st);
    ns_rows_free(rows);
    return rc;
}

const cli_command_t cli_cmd_models = {
    "models", "list the collective-decision models and their parameters", help, run_models};
