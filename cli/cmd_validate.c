/* normsim validate: which model forecasts best on a table with recorded outcomes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: normsim validate TABLE [--models all|NAME,NAME...] [--folds K] [--seed S]\n"
    "                        [--max-rounds N] [--format table|csv|json]\n"
    "\n"
    "Score the collective-decision models against the recorded outcomes of an actor table\n"
    "(see 'normsim help forecast' for its format; an outcome column is required), out of\n"
    "sample. The issues with an outcome are dealt into K folds in table order (the r-th\n"
    "goes to fold r mod K). A model with candidate parameters (nash: loss x weighting;\n"
    "eum: centre; the others none: their defaults) forecasts each fold with the\n"
    "candidate that has the smallest mean absolute error on the other folds, so no\n"
    "issue's outcome chooses the parameters that score it.\n"
    "\n"
    "Output: one row per model, the compromise model (the baseline) first, with the\n"
    "columns model, n (issues scored), mae (mean absolute error), rmse, median_ae and\n"
    "params (the candidates chosen, with the folds that chose each; empty: defaults).\n"
    "Models that need a status quo (nash, winset) skip issues without one; a note on\n"
    "standard error says how many.\n"
    "\n"
    "options:\n"
    "  --models M      all (default) or a comma-separated list of model names\n"
    "  --folds K       folds of the cross-validation, K >= 2 (default 10; more folds\n"
    "                  than issues with an outcome: leave one out)\n"
    "  --seed S        seed of models with random draws (default 0)\n"
    "  --max-rounds N  stop iterative models after N rounds (default 1000)\n"
    "  --format F      table (default), csv or json\n"
    "\n"
    "examples:\n"
    "  normsim validate examples/tables/gge15.csv --models all --folds 5\n"
    "  normsim validate examples/tables/gge15.csv --models median,nash --format csv\n"
    "\n"
    "exit codes: 0 success; 1 failure while running; 2 bad usage, a bad table (the\n"
    "message names file:line), a table without outcomes, an unknown model.\n";

typedef struct options {
    const char *table;
    const char *models;
    ns_validate_options_t v;
} options_t;

static int parse_count(cli_t *cli, const char *name, const char *text, unsigned long long min,
                       unsigned long long max, unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (text[0] == '\0' || text[0] == '-' || *end != '\0' || errno != 0 || v < min || v > max) {
        return cli_usage(cli, "validate", "%s must be a whole number in [%llu, %llu], not '%s'",
                         name, min, max, text);
    }
    *out = v;
    return CLI_EXIT_OK;
}

static int parse_args(cli_t *cli, int argc, char **argv, options_t *o)
{
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        unsigned long long n = 0;
        int r = cli_common_option(cli, "validate", argc, argv, &i);
        if (r == 0 && (r = cli_option_value(cli, "validate", "--models", argc, argv, &i, &v)) > 0) {
            o->models = v;
        } else if (r == 0 &&
                   (r = cli_option_value(cli, "validate", "--folds", argc, argv, &i, &v)) > 0) {
            if (parse_count(cli, "--folds", v, 2, 1000000, &n) != CLI_EXIT_OK) {
                return CLI_EXIT_USAGE;
            }
            o->v.folds = (size_t)n;
        } else if (r == 0 &&
                   (r = cli_option_value(cli, "validate", "--seed", argc, argv, &i, &v)) > 0) {
            if (parse_count(cli, "--seed", v, 0, UINT64_MAX, &n) != CLI_EXIT_OK) {
                return CLI_EXIT_USAGE;
            }
            o->v.seed = (uint64_t)n;
        } else if (r == 0 && (r = cli_option_value(cli, "validate", "--max-rounds", argc, argv, &i,
                                                   &v)) > 0) {
            if (parse_count(cli, "--max-rounds", v, 1, 1000000000, &n) != CLI_EXIT_OK) {
                return CLI_EXIT_USAGE;
            }
            o->v.max_rounds = (int)n;
        } else if (r < 0) {
            return CLI_EXIT_USAGE;
        } else if (r == 0) {
            if (argv[i][0] == '-' && argv[i][1] != '\0') {
                return cli_usage(cli, "validate", "unknown option '%s'", argv[i]);
            }
            if (o->table != NULL) {
                return cli_usage(cli, "validate", "one TABLE only ('%s' and '%s')", o->table,
                                 argv[i]);
            }
            o->table = argv[i];
        }
    }
    if (o->table == NULL) {
        return cli_usage(cli, "validate", "missing TABLE");
    }
    return CLI_EXIT_OK;
}

/* The models of a comma-separated list ("all": every model). */
static ns_status find_models(cli_t *cli, const char *spec, const ns_model_type_t **list, size_t cap,
                             size_t *n)
{
    *n = 0;
    if (spec == NULL || strcmp(spec, "all") == 0) {
        return NS_OK; /* The library's default: every model. */
    }
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *name = buf; *name != '\0';) {
        char *comma = strchr(name, ',');
        if (comma != NULL) {
            *comma = '\0';
        }
        if (*n == cap) {
            return ns_error(cli->ctx, NS_EINVAL, "--models: too many models");
        }
        ns_status st = ns_model_find(cli->ctx, name, &list[*n]);
        if (st != NS_OK) {
            return st;
        }
        (*n)++;
        name = comma != NULL ? comma + 1 : name + strlen(name);
    }
    return NS_OK;
}

static int run_validate(cli_t *cli, int argc, char **argv)
{
    options_t o = {NULL, NULL, {0, 0, 0}};
    ns_table_t *table = NULL;
    ns_validation_t *v = NULL;
    ns_rows_t *rows = NULL;
    const ns_model_type_t *list[64];
    size_t n_list = 0;
    ns_status st;
    int rc;
    if ((rc = parse_args(cli, argc, argv, &o)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    if ((st = find_models(cli, o.models, list, 64, &n_list)) != NS_OK ||
        (st = ns_table_read_file(cli->ctx, o.table, &table)) != NS_OK ||
        (st = ns_validate(cli->ctx, table, n_list > 0 ? list : NULL, n_list, &o.v, &v)) != NS_OK ||
        (st = ns_validation_rows(cli->ctx, v, &rows)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    for (size_t m = 0; m < v->n_models; m++) {
        if (v->score[m].note[0] != '\0') {
            fprintf(stderr, "note: %s: %s\n", v->score[m].model, v->score[m].note);
        }
    }
    char title[512];
    snprintf(title, sizeof title,
             "out-of-sample errors on %s: %zu issues with an outcome, %zu-fold cross-validation "
             "over issues; baseline: compromise",
             o.table, v->n_outcomes, v->folds);
    rc = cli_write_rows(cli, rows, title);
cleanup:
    ns_rows_free(rows);
    ns_validation_free(cli->ctx, v);
    ns_table_free(cli->ctx, table);
    return rc;
}

const cli_command_t cli_cmd_validate = {
    "validate", "which model forecasts best on a table with outcomes (cross-validated)", help,
    run_validate};
