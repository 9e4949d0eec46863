/* normsim diffuse: adoption curves of norms after a report, and the calibration of the
 * diffusion model on dated adoption series.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The help is longer than the 4095 characters a C compiler must accept in one string
 * literal, so it is three literals laid end to end in one object: the first arrays hold
 * their text without a terminator, the last ends the whole. */
#define HELP_START                                                                                 \
    "usage: normsim diffuse [--norm ID | --instrument SERIES] [--years A..B] [--runs N]\n"         \
    "                       [--seed S] [--scenario FILE] [--edges FILE] [--group G]\n"             \
    "                       [--capacity-building developing|all|none]\n"                           \
    "                       [--channel regional|all] [--mandate implementation|norms]\n"           \
    "                       [--format table|csv|json] [--plot DIR]\n"                              \
    "       normsim diffuse --fit SERIES [--format table|csv|json] [--plot DIR]\n"                 \
    "       normsim diffuse --fit-file EVENTS.csv [--holdout-from YEAR] [--event E]\n"             \
    "                       [--per-state | --scores] [--runs N] [--seed S] [--format F]\n"         \
    "       normsim diffuse --series\n"                                                            \
    "\n"                                                                                           \
    "Diffusion of norms after a consensus report (threshold / exposure model on the\n"             \
    "network of states, Granovetter 1978, Valente 1995) with the norm life cycle\n"                \
    "endorse -> implement -> internalise and a tipping point (Finnemore and Sikkink\n"             \
    "1998). The states that joined the report endorse its norms in the entry year; the\n"          \
    "model runs year by year from the next. Prints, per norm, UN regional group (all,\n"           \
    "AFR, APG, EEG, GRULAC, WEOG) and year, the mean number of states that endorsed,\n"            \
    "implemented and internalised with the 5th-95th percentile band over the runs, the\n"          \
    "share of runs past the tipping point and the median tipping year. csv: one row per\n"         \
    "norm, group and year. See docs/DIFFUSION.md.\n"                                               \
    "\n"                                                                                           \
    "options:\n"
#define HELP_OPTIONS                                                                               \
    "  --norm ID              one norm of the 2015 report (2015a .. 2015k); default: all 11\n"     \
    "  --instrument SERIES    an adoption series instead of a norm (see --series): the\n"          \
    "                         states with an event by the entry year start as endorsers,\n"        \
    "                         and the observed column shows the data\n"                            \
    "  --years A..B           entry year A and last year B (default: the norms' year, or\n"        \
    "                         the series' first year, to 15 years later); A alone is allowed\n"    \
    "  --runs N               Monte Carlo replicates (default 1000)\n"                             \
    "  --seed S               random seed (default 1, or the scenario's seed)\n"                   \
    "  --scenario FILE        build the world from a scenario file; its parameters\n"              \
    "                         diffusion.<name> override the defaults;\n"                           \
    "                         diffusion.impl_layer.L: 1 takes implementing peers on\n"             \
    "                         layer L (regional|camp|group)\n"                                     \
    "  --edges FILE           add ties from a CSV edge list: from,to,weight,layer (ISO3)\n"        \
    "  --group G              print only group G (all, AFR, APG, EEG, GRULAC, WEOG)\n"             \
    "  --capacity-building V  developing: states with capacity below 0.5 gain 0.25\n"              \
    "                         (MECHANISM.md 4.4); all: every state gains 0.25; none\n"             \
    "  --channel V            regional: implementation spreads through regional\n"                 \
    "                         organisations (peer weight 0.5, MECHANISM.md 7.3); all\n"            \
    "  --mandate V            implementation: the GGE's mandate turns to implementation,\n"        \
    "                         implementation rate x2, internalisation x1.5 (MECHANISM.md\n"        \
    "                         7.2); norms: the default\n"                                          \
    "  --fit SERIES           fit the model by maximum likelihood on an adoption series\n"         \
    "                         (budapest_convention, paris_call, national_position_il_cyber,\n"     \
    "                         un_cybercrime_convention, or INSTRUMENT:EVENT); prints the\n"        \
    "                         fitted parameters and, per year, observed against predicted\n"       \
    "                         cumulative adopters, with the last third of years held out\n"        \
    "                         (table: summary and years; csv/json: the years)\n"
#define HELP_END                                                                                   \
    "  --fit-file F           fit the model on any adoption series: a CSV file with the\n"         \
    "                         columns iso3,date (and optionally event; others ignored),\n"         \
    "                         iso3 a code or name, date a year or an ISO date; a state\n"          \
    "                         listed twice adopted at its first date. Prints the three\n"          \
    "                         models' errors side by side (the diffusion model, the Bass\n"        \
    "                         model and a logistic on the counts, fitted to the same\n"            \
    "                         years), then per year: year, observed, predicted, lo, hi\n"          \
    "                         (5th-95th percentile of --runs runs, default 1000),\n"               \
    "                         held_out (csv/json: the years only)\n"                               \
    "  --holdout-from Y       with --fit-file: fit on the events before Y, forecast the\n"         \
    "                         rest from the observed state at the end of Y-1\n"                    \
    "  --event E              with --fit-file: the event that stands for adoption when\n"          \
    "                         the file holds several (signed, ratified, ...)\n"                    \
    "  --per-state            with --fit-file: per state iso3, adopted_year, p_by_end\n"           \
    "                         (the probability it has adopted by the last year)\n"                 \
    "  --scores               with --fit-file: the three models' errors only; with --fit:\n"       \
    "                         the fitted parameters and log-likelihoods only, one row per\n"       \
    "                         fit (fit, first_year, last_year, spont_rate, spont_capacity,\n"      \
    "                         theta_median, log_likelihood, held_out_log_likelihood)\n"            \
    "  --plot DIR             also write figures into DIR: diffusion-curve and\n"                  \
    "                         diffusion-map, or with --fit, fit-SERIES (SVG, PNG, CSV,\n"          \
    "                         gnuplot script; docs/DIFFUSION.md). No gnuplot: exit 1\n"            \
    "  --series               list the adoption series of the data\n"                              \
    "  --format F             table (default), csv or json\n"                                      \
    "\n"                                                                                           \
    "examples:\n"                                                                                  \
    "  normsim diffuse --norm 2015f --years 2015..2035 --group all\n"                              \
    "  normsim diffuse --capacity-building developing --format csv > cb.csv\n"                     \
    "  normsim diffuse --instrument paris_call --years 2018..2024 --group all\n"                   \
    "  normsim diffuse --fit budapest_convention\n"                                                \
    "  normsim diffuse --fit national_position_il_cyber --plot figures/\n"                         \
    "  normsim diffuse --fit-file examples/events/national_positions.csv --holdout-from 2022\n"    \
    "\n"                                                                                           \
    "exit codes: 0 ok, 1 failure while running, 2 bad usage or "                                   \
    "input (unknown norm or\n"                                                                     \
    "series, bad years, a broken edge list: FILE:LINE:COL).\n"

static const struct {
    char start[sizeof HELP_START - 1];
    char options[sizeof HELP_OPTIONS - 1];
    char end[sizeof HELP_END];
} help_text = {HELP_START, HELP_OPTIONS, HELP_END};
_Static_assert(sizeof help_text ==
                   sizeof HELP_START - 1 + sizeof HELP_OPTIONS - 1 + sizeof HELP_END,
               "the help's parts are contiguous");
#define help ((const char *)&help_text)

typedef struct diffuse_args {
    const char *norm, *instrument, *years, *runs, *seed, *scenario, *edges, *group, *fit, *plot;
    const char *fit_file, *holdout_from, *event;
    bool per_state, scores;
    const char *option_name[3];
    const char *option_value[3];
    size_t n_options;
    bool list_series;
} diffuse_args_t;

static int parse_years(cli_t *cli, const char *s, int *first, int *last)
{
    char *end;
    errno = 0;
    long a = strtol(s, &end, 10), b;
    if (end == s || errno != 0) {
        return cli_usage(cli, "diffuse", "--years must be A..B or A, not '%s'", s);
    }
    if (*end == '\0') {
        b = 0;
    } else if (strncmp(end, "..", 2) == 0) {
        const char *rest = end + 2;
        b = strtol(rest, &end, 10);
        if (end == rest || *end != '\0' || errno != 0) {
            return cli_usage(cli, "diffuse", "--years must be A..B or A, not '%s'", s);
        }
    } else {
        return cli_usage(cli, "diffuse", "--years must be A..B or A, not '%s'", s);
    }
    if (a < 1945 || a > 2200 || (b != 0 && (b < a || b > 2200))) {
        return cli_usage(cli, "diffuse", "--years %s: need 1945 <= A <= B <= 2200", s);
    }
    *first = (int)a;
    *last = (int)b;
    return 0;
}

static int parse_count(cli_t *cli, const char *name, const char *s, unsigned long long max,
                       unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (s[0] == '-' || end == s || *end != '\0' || errno != 0 || v > max) {
        return cli_usage(cli, "diffuse", "%s must be an integer 0..%llu, not '%s'", name, max, s);
    }
    *out = v;
    return 0;
}

static int parse_args(cli_t *cli, int argc, char **argv, diffuse_args_t *a)
{
    static const char *const scenario_options[] = {"capacity-building", "channel", "mandate"};
    for (int i = 1; i < argc; i++) {
        const char **slot[] = {&a->norm,     &a->instrument,   &a->years, &a->runs, &a->seed,
                               &a->scenario, &a->edges,        &a->group, &a->fit,  &a->plot,
                               &a->fit_file, &a->holdout_from, &a->event};
        static const char *const names[] = {
            "--norm",     "--instrument",   "--years", "--runs", "--seed",
            "--scenario", "--edges",        "--group", "--fit",  "--plot",
            "--fit-file", "--holdout-from", "--event"};
        int r = cli_common_option(cli, "diffuse", argc, argv, &i);
        for (size_t k = 0; r == 0 && k < sizeof names / sizeof names[0]; k++) {
            r = cli_option_value(cli, "diffuse", names[k], argc, argv, &i, slot[k]);
        }
        for (size_t k = 0; r == 0 && k < 3; k++) {
            char opt[32];
            const char *v = NULL;
            snprintf(opt, sizeof opt, "--%s", scenario_options[k]);
            r = cli_option_value(cli, "diffuse", opt, argc, argv, &i, &v);
            if (r > 0) {
                a->option_name[a->n_options] = scenario_options[k];
                a->option_value[a->n_options++] = v;
            }
        }
        if (r == 0 && strcmp(argv[i], "--series") == 0) {
            a->list_series = true;
            r = 1;
        }
        if (r == 0 && strcmp(argv[i], "--per-state") == 0) {
            a->per_state = true;
            r = 1;
        }
        if (r == 0 && strcmp(argv[i], "--scores") == 0) {
            a->scores = true;
            r = 1;
        }
        if (r < 0) {
            return CLI_EXIT_USAGE;
        }
        if (r == 0) {
            return cli_usage(cli, "diffuse", "unknown argument '%s'", argv[i]);
        }
    }
    if (a->norm != NULL && a->instrument != NULL) {
        return cli_usage(cli, "diffuse", "give --norm or --instrument, not both");
    }
    if (a->fit_file != NULL && (a->norm != NULL || a->instrument != NULL || a->fit != NULL ||
                                a->plot != NULL || a->group != NULL || a->years != NULL)) {
        return cli_usage(cli, "diffuse",
                         "--fit-file goes with --holdout-from, --event, --per-state, --scores, "
                         "--runs and --seed only");
    }
    if (a->fit_file == NULL && (a->holdout_from != NULL || a->event != NULL || a->per_state)) {
        return cli_usage(cli, "diffuse",
                         "--holdout-from, --event and --per-state go with --fit-file");
    }
    if (a->scores && a->fit_file == NULL && a->fit == NULL) {
        return cli_usage(cli, "diffuse", "--scores goes with --fit or --fit-file");
    }
    if (a->per_state && a->scores) {
        return cli_usage(cli, "diffuse", "give --per-state or --scores, not both");
    }
    return 0;
}

/* The fitted parameters and log-likelihoods, one row per fit, one type per column. */
static ns_status fit_param_rows(ns_ctx_t *ctx, const ns_fit_summary_t *s, ns_rows_t **out)
{
    static const char *const cols[] = {"fit",
                                       "first_year",
                                       "last_year",
                                       "spont_rate",
                                       "spont_capacity",
                                       "theta_median",
                                       "log_likelihood",
                                       "held_out_log_likelihood"};
    ns_status st = ns_rows_new(ctx, cols, sizeof cols / sizeof cols[0], out);
    for (int k = 0; k < 2 && st == NS_OK; k++) {
        const ns_diffusion_params_t *p = k == 0 ? &s->full : &s->train;
        if ((st = ns_rows_add(*out)) != NS_OK ||
            (st = ns_rows_set(*out, 0, k == 0 ? "all_years" : "first_two_thirds")) != NS_OK ||
            (st = ns_rows_setf(*out, 1, "%d", s->first_year)) != NS_OK ||
            (st = ns_rows_setf(*out, 2, "%d", k == 0 ? s->last_year : s->cutoff_year)) != NS_OK ||
            (st = ns_rows_set_num(*out, 3, p->spont_rate, 6)) != NS_OK ||
            (st = ns_rows_set_num(*out, 4, p->spont_capacity, 6)) != NS_OK ||
            (st = ns_rows_set_num(*out, 5, p->theta_median, 6)) != NS_OK ||
            (st = ns_rows_set_num(*out, 6, k == 0 ? s->loglik : s->loglik_train, 8)) != NS_OK) {
            break;
        }
        st = ns_rows_set_num(*out, 7, k == 0 ? NAN : s->loglik_holdout, 8);
    }
    return st;
}

static int print_fit(cli_t *cli, const ns_world_t *world, const char *series,
                     const ns_diffusion_params_t *base, const char *plot, bool scores)
{
    ns_fit_t *fit = NULL;
    ns_rows_t *years = NULL, *summary = NULL;
    static const char *const cols[] = {"quantity", "fit_all_years", "fit_first_two_thirds"};
    int rc = CLI_EXIT_OK;
    ns_status st = ns_fit_series(cli->ctx, world, series, base, &fit);
    if (st == NS_OK && scores) {
        ns_fit_summary_t s;
        ns_fit_summary(fit, &s);
        if ((st = fit_param_rows(cli->ctx, &s, &summary)) == NS_OK) {
            char title[256];
            snprintf(title, sizeof title,
                     "fit of %s: %zu states, %zu adopters (%zu exact, %zu interval-censored)",
                     s.series, s.n_states, s.n_exact + s.n_censored, s.n_exact, s.n_censored);
            rc = cli_write_rows(cli, summary, title);
        }
    } else if (st == NS_OK) {
        st = ns_fit_rows(cli->ctx, fit, &years);
    }
    if (st == NS_OK && !scores && cli->format == NS_FORMAT_TABLE) {
        ns_fit_summary_t s;
        ns_fit_summary(fit, &s);
        st = ns_rows_new(cli->ctx, cols, 3, &summary);
        struct {
            const char *name;
            double all, train;
            int digits;
        } lines[] = {
            {"years", s.last_year, s.cutoff_year, 4},
            {"spont_rate", s.full.spont_rate, s.train.spont_rate, 3},
            {"spont_capacity", s.full.spont_capacity, s.train.spont_capacity, 3},
            {"theta_median", s.full.theta_median, s.train.theta_median, 3},
            {"log_likelihood", s.loglik, s.loglik_train, 6},
            {"held_out_log_likelihood", NAN, s.loglik_holdout, 6},
        };
        for (size_t k = 0; st == NS_OK && k < sizeof lines / sizeof lines[0]; k++) {
            if ((st = ns_rows_add(summary)) == NS_OK &&
                (st = ns_rows_set(summary, 0, lines[k].name)) == NS_OK) {
                if (k == 0) {
                    if ((st = ns_rows_setf(summary, 1, "%d..%d", s.first_year, s.last_year)) ==
                        NS_OK) {
                        st = ns_rows_setf(summary, 2, "%d..%d", s.first_year, s.cutoff_year);
                    }
                } else if ((st = ns_rows_set_num(summary, 1, lines[k].all, lines[k].digits)) ==
                           NS_OK) {
                    st = ns_rows_set_num(summary, 2, lines[k].train, lines[k].digits);
                }
            }
        }
        if (st == NS_OK) {
            char title[256];
            snprintf(title, sizeof title,
                     "fit of %s: %zu states, %zu adopters (%zu exact, %zu interval-censored)",
                     s.series, s.n_states, s.n_exact + s.n_censored, s.n_exact, s.n_censored);
            rc = cli_write_rows(cli, summary, title);
            if (rc == CLI_EXIT_OK) {
                fputc('\n', stdout);
            }
        }
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
    } else if (rc == CLI_EXIT_OK && !scores) {
        rc = cli_write_rows(cli, years,
                            "cumulative adopters: observed (interval-censored dates spread "
                            "evenly; lo/hi: certain/possible) and predicted");
    }
    if (rc == CLI_EXIT_OK && plot != NULL &&
        (st = ns_fit_plot(cli->ctx, fit, plot, NULL, NULL)) != NS_OK) {
        rc = cli_fail(cli, st);
    }
    ns_rows_free(summary);
    ns_rows_free(years);
    ns_fit_free(fit);
    return rc;
}

/* A user's series: the fit on the years before --holdout-from, the forecast of the rest,
 * and the three models' errors side by side. */
static int print_fit_file(cli_t *cli, const ns_world_t *world, const diffuse_args_t *a,
                          const ns_diffusion_params_t *base, size_t runs, uint64_t seed)
{
    ns_fit_file_options_t opt;
    ns_fit_file_options_default(&opt);
    opt.event = a->event;
    opt.runs = runs;
    opt.seed = seed;
    if (a->holdout_from != NULL) {
        char *end = NULL;
        long y = strtol(a->holdout_from, &end, 10);
        if (end == a->holdout_from || *end != '\0' || y < 1000 || y > 2999) {
            return cli_usage(cli, "diffuse", "--holdout-from must be a year, not '%s'",
                             a->holdout_from);
        }
        opt.holdout_from = (int)y;
    }
    ns_fit_t *fit = NULL;
    ns_rows_t *years = NULL, *compare = NULL;
    int rc = CLI_EXIT_OK;
    ns_status st = ns_fit_file(cli->ctx, world, a->fit_file, &opt, base, &fit);
    if (st == NS_OK) {
        st = a->per_state ? ns_fit_state_rows(cli->ctx, fit, &years)
                          : ns_fit_file_rows(cli->ctx, fit, &years);
    }
    if (st == NS_OK && (a->scores || cli->format == NS_FORMAT_TABLE)) {
        st = ns_fit_compare_rows(cli->ctx, fit, &compare);
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    ns_fit_summary_t s;
    ns_fit_summary(fit, &s);
    char title[320];
    if (cli->format == NS_FORMAT_TABLE || a->scores) {
        snprintf(title, sizeof title,
                 "fit of %s on %d..%d (%zu states, %zu adopters in the file), forecast to %d; "
                 "errors in states, cumulative",
                 s.series, s.first_year, s.cutoff_year, s.n_states, s.n_exact, s.last_year);
        /* People read the parameters as text; programs get them one per column. */
        rc = cli_write_table(cli, compare, title,
                             "spont_rate,spont_capacity,theta_median,log_likelihood,"
                             "held_out_log_likelihood,bass_p,bass_q,bass_m,logistic_k,"
                             "logistic_r,logistic_t0");
        if (rc != CLI_EXIT_OK || a->scores) {
            goto cleanup;
        }
        fputc('\n', stdout);
    }
    snprintf(title, sizeof title,
             a->per_state ? "per state: the file's adoption year and the probability of having "
                            "adopted by %d, given the events before %d"
                          : "cumulative adopters by %d: observed and predicted (mean, 5th-95th "
                            "percentile of the runs), from the events before %d",
             s.last_year, s.cutoff_year + 1);
    rc = cli_write_rows(cli, years, title);
cleanup:
    ns_rows_free(years);
    ns_rows_free(compare);
    ns_fit_free(fit);
    return rc;
}

/* Keep only the rows of one group. */
static int filter_group(cli_t *cli, const ns_rows_t *all, const char *group, ns_rows_t **out)
{
    size_t nc = ns_rows_ncols(all);
    const char *cols[32];
    ns_rows_t *rows = NULL;
    ns_status st;
    for (size_t c = 0; c < nc && c < 32; c++) {
        cols[c] = ns_rows_column(all, c);
    }
    if (strcmp(group, "all") != 0) {
        ns_ungroup_t g;
        if (ns_ungroup_parse(group, &g) != NS_OK) {
            return cli_usage(cli, "diffuse",
                             "--group must be all, AFR, APG, EEG, GRULAC or WEOG, not '%s'", group);
        }
        group = ns_ungroup_id(g);
    }
    st = ns_rows_new(cli->ctx, cols, nc, &rows);
    for (size_t r = 0; st == NS_OK && r < ns_rows_count(all); r++) {
        if (strcmp(ns_rows_cell(all, r, 1), group) != 0) {
            continue;
        }
        st = ns_rows_add(rows);
        for (size_t c = 0; st == NS_OK && c < nc; c++) {
            st = ns_rows_set(rows, c, ns_rows_cell(all, r, c));
        }
    }
    if (st != NS_OK) {
        ns_rows_free(rows);
        return cli_fail(cli, st);
    }
    *out = rows;
    return 0;
}

static int run_diffuse(cli_t *cli, int argc, char **argv)
{
    diffuse_args_t a;
    memset(&a, 0, sizeof a);
    ns_diffuse_options_t opt;
    ns_diffuse_options_default(&opt);
    ns_world_t *world = NULL;
    ns_scenario_t *sc = NULL;
    ns_diffuse_result_t *res = NULL;
    ns_rows_t *rows = NULL, *shown = NULL;
    ns_status st = NS_OK;
    int rc = parse_args(cli, argc, argv, &a);
    unsigned long long v = 0;
    if (rc != 0) {
        goto cleanup;
    }
    if (a.years != NULL && (rc = parse_years(cli, a.years, &opt.first_year, &opt.last_year)) != 0) {
        goto cleanup;
    }
    if (a.runs != NULL) {
        if ((rc = parse_count(cli, "--runs", a.runs, 10000000, &v)) != 0) {
            goto cleanup;
        }
        if (v == 0) {
            rc = cli_usage(cli, "diffuse", "--runs must be at least 1");
            goto cleanup;
        }
        opt.runs = (size_t)v;
    }
    for (size_t k = 0; k < a.n_options; k++) {
        if ((st = ns_diffusion_params_option(cli->ctx, &opt.params, a.option_name[k],
                                             a.option_value[k])) != NS_OK) {
            rc = cli_usage(cli, "diffuse", "%s", ns_ctx_errmsg(cli->ctx));
            goto cleanup;
        }
    }
    if (a.scenario != NULL) {
        if ((st = ns_scenario_load_file(cli->ctx, a.scenario, &sc)) != NS_OK ||
            (st = ns_scenario_build_world(cli->ctx, sc, &cli->data, &world)) != NS_OK ||
            (st = ns_diffusion_params_from_world(cli->ctx, world, &opt.params)) != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        opt.seed = ns_scenario_seed(sc);
    } else if ((rc = cli_load_world(cli, &world)) != 0) {
        goto cleanup;
    }
    if (a.seed != NULL) {
        if ((rc = parse_count(cli, "--seed", a.seed, UINT64_MAX, &v)) != 0) {
            goto cleanup;
        }
        opt.seed = (uint64_t)v;
    }
    if (a.list_series) {
        if ((st = ns_adoption_series_list(cli->ctx, world, &rows)) != NS_OK) {
            rc = cli_fail(cli, st);
        } else {
            rc = cli_write_rows(cli, rows, "adoption series in the data");
        }
        goto cleanup;
    }
    if (a.fit != NULL) {
        rc = print_fit(cli, world, a.fit, &opt.params, a.plot, a.scores);
        goto cleanup;
    }
    if (a.fit_file != NULL) {
        rc = print_fit_file(cli, world, &a, &opt.params, opt.runs, opt.seed);
        goto cleanup;
    }
    opt.norm = a.norm;
    opt.instrument = a.instrument;
    opt.edges = a.edges;
    if ((st = ns_diffuse(cli->ctx, world, &opt, &res)) != NS_OK ||
        (st = ns_diffuse_result_rows(cli->ctx, res, &rows)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (a.group != NULL && (rc = filter_group(cli, rows, a.group, &shown)) != 0) {
        goto cleanup;
    }
    {
        char title[160];
        snprintf(title, sizeof title,
                 "adoption curves: mean [5th-95th percentile] number of states, %zu runs, "
                 "seed %llu",
                 opt.runs, (unsigned long long)opt.seed);
        rc = cli_write_rows(cli, shown != NULL ? shown : rows, title);
    }
    if (rc == CLI_EXIT_OK && a.plot != NULL &&
        (st = ns_diffuse_plot(cli->ctx, res, a.plot, NULL, NULL, NULL)) != NS_OK) {
        rc = cli_fail(cli, st);
    }
cleanup:
    ns_rows_free(shown);
    ns_rows_free(rows);
    ns_diffuse_result_free(res);
    ns_world_free(world);
    ns_scenario_free(sc);
    return rc;
}

const cli_command_t cli_cmd_diffuse = {
    "diffuse", "adoption curves of norms after a report; calibration on adoption series", help,
    run_diffuse};
