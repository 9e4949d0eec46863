/* normsim data positions: every member state's position, uncertainty and salience on each
 * dimension in a year, and with --explain, the account of how one state's numbers were
 * made, input by input (docs/POSITIONS.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cmd_positions.h"

#include "normsim/positions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char cli_data_positions_help[] =
    "usage: normsim data positions [--year Y] [--dimension D] [--format table|csv|json]\n"
    "       normsim data positions --explain ISO3 [--year Y]\n"
    "\n"
    "The position model (docs/POSITIONS.md): for every state that was a UN member in year\n"
    "Y, its position (0..100), uncertainty (sd) and salience (0..1) on each dimension:\n"
    "ihl, self_defence, countermeasures, sovereignty, binding, multistakeholder,\n"
    "capacity_building, cbm, norms. Built from the ideal points of the previous session\n"
    "(Bailey, Strezhnev and Voeten 2017), the cyber roll calls before Y, camp memberships,\n"
    "national positions on international law published by Y, and GDP of Y-1.\n"
    "\n"
    "options:\n"
    "  --year Y         1998 to the last ideal-point session + 1 (default: that last year)\n"
    "  --dimension D    only dimension D\n"
    "  --explain ISO3   print how each of the state's numbers was made, input by input\n"
    "  --format F       table (default), csv or json; columns iso3, year, dimension,\n"
    "                   position, sd, salience (with --explain: one row per dimension\n"
    "                   with each contribution)\n"
    "  --data DIR, --verified V   as for every command\n"
    "\n"
    "exit codes: 0 ok; 2 for an unknown state or dimension, or a year outside the range.\n"
    "\n"
    "examples:\n"
    "  normsim data positions --year 2018 --format csv > positions-2018.csv\n"
    "  normsim data positions --year 2017 --dimension self_defence\n"
    "  normsim data positions --explain USA --year 2017\n";

static int parse_year(cli_t *cli, const char *text, int *year)
{
    char *end = NULL;
    long y = strtol(text, &end, 10);
    if (end == text || *end != '\0' || y < 0 || y > 9999) {
        return cli_usage(cli, "data positions", "--year must be a year, not '%s'", text);
    }
    *year = (int)y;
    return CLI_EXIT_OK;
}

static const char *vote_word(int code)
{
    return code == 1 ? "yes" : (code == 0 ? "no" : "not coded");
}

static void print_account(ns_ctx_t *ctx, const ns_world_t *w, const ns_pos_anchors_t *an,
                          const ns_pos_account_t *a)
{
    const ns_state_t *s = ns_world_state(w, a->state);
    const ns_pos_constants_t *k = ns_positions_constants();
    const ns_pos_dimension_map_t *map = ns_positions_map();
    printf("Positions of %s (%s) in %d: how each number was made (docs/POSITIONS.md)\n\n", s->iso3,
           s->name, a->year);

    printf("1. Ideal point (ideal_points.csv; Bailey, Strezhnev and Voeten 2017)\n");
    if (a->ideal_session > 0 && isfinite(a->ideal_sd)) {
        printf("   session %d (%d), the last before %d: ideal point %.4f, 90%% interval "
               "[%.4f, %.4f]\n",
               a->ideal_session, a->ideal_year, a->year, a->ideal, a->ideal_q05, a->ideal_q95);
        printf("   sd = (q95 - q05) / 3.29 = %.4f\n", a->ideal_sd);
    } else {
        printf("   no estimate in the %d sessions before %d: t is set midway between the "
               "camps (0.5) with sd 0.5\n",
               k->max_lag, a->year);
    }
    printf("   anchors of %d: mean ideal point of %d NATO members %.4f (t = 1), of %d SCO "
           "members %.4f (t = 0)\n",
           a->year, an->n_west, an->west_mean, an->n_east, an->east_mean);
    printf("   t = (ideal - SCO mean) / (NATO mean - SCO mean) = %.4f (sd %.4f)\n\n", a->scaled,
           a->scaled_sd);

    printf("2. Camps in %d (memberships.csv)\n", a->year);
    for (size_t c = 0; ns_positions_camp_name(c) != NULL; c++) {
        const char *name = ns_positions_camp_name(c);
        const char *role = c <= 2   ? "Western camp"
                           : c <= 4 ? "Eastern camp"
                           : c == 6 ? "shifts some dimensions (see 7)"
                                    : "no effect (its members straddle the camps)";
        printf("   %-9s %-3s  %s\n", name, (a->camps >> c) & 1u ? "yes" : "no", role);
    }
    printf("   camp score c = %.4f (%s)\n\n", a->camp_score,
           a->camp_side > 0   ? "Western camp: 1"
           : a->camp_side < 0 ? "Eastern camp: 0"
                              : "in neither camp, or in both: c = t, no camp effect");

    printf("3. Cyber roll calls before %d (unga_votes.csv)\n", a->year);
    for (size_t v = 0; v < ns_world_vote_count(w); v++) {
        const ns_vote_t *vote = ns_world_vote(w, v);
        const ns_resolution_t *res = ns_world_resolution(w, vote->resolution);
        int side = 0;
        double mean = 0;
        double var = 0;
        if (vote->state != a->state || res->year >= a->year ||
            ns_positions_rollcall(ctx, w, vote->resolution, &side, &mean, &var) != NS_OK) {
            continue;
        }
        const char *by =
            res->lead_sponsor >= 0 ? ns_world_state(w, (size_t)res->lead_sponsor)->iso3 : "-";
        if (side == 0) {
            printf("   %-13s %d %-22s voted %-7s (side unknown: not used)\n", res->symbol,
                   res->year, res->line, ns_vote_str(vote->vote));
            continue;
        }
        double yes_side = vote->vote == NS_VOTE_YES ? 1.0 : (vote->vote == NS_VOTE_NO ? 0.0 : 0.5);
        double value = side > 0 ? yes_side : 1.0 - yes_side;
        printf("   %-13s %d %-22s lead %-3s yes=%s side; voted %-7s value %.1f, mean %.3f, "
               "weight %.4f\n",
               res->symbol, res->year, res->line, by, side > 0 ? "Western" : "Eastern",
               ns_vote_str(vote->vote), value, mean, var);
    }
    printf("   voted in %d; record r = sum(weight (value - mean)) / sum(weight) = %.4f\n",
           a->n_record, a->record);
    printf("   lead sponsor of a recorded cyber resolution before %d: %s\n\n", a->year,
           a->led_line ? "yes" : "no");

    printf("4. Alignment a = (1 - %.2f) t + %.2f c + %.2f r = %.4f (sd %.4f)\n\n", k->camp_weight,
           k->camp_weight, k->record_weight, a->alignment, a->alignment_sd);

    printf("5. National position on international law (national_positions.csv)\n");
    if (a->national_position >= 0) {
        const ns_national_position_t *np =
            ns_world_national_position(w, (size_t)a->national_position);
        printf("   first published %d (years %s; verified: %s): IHL applies %s, sovereignty "
               "a rule %s, self-defence %s, countermeasures %s, due diligence %s\n",
               np->first_year, np->years, ns_verified_str(np->verified), vote_word(np->ihl_applies),
               vote_word(np->sovereignty_rule), vote_word(np->self_defence),
               vote_word(np->countermeasures), vote_word(np->due_diligence));
        printf("   a coded answer pulls the position: x = %.1f x + %.1f target (yes %.0f, no "
               "%.0f)\n\n",
               1 - k->np_weight, k->np_weight, k->np_yes, k->np_no);
    } else {
        printf("   none published by %d in the data\n\n", a->year);
    }

    printf("6. Capability (gdp.csv, World Bank)\n");
    if (isfinite(a->gdp)) {
        printf("   GDP %d: %.4g current US$; log-scaled among members (log10 %.2f .. %.2f): "
               "%.4f\n\n",
               a->gdp_year, a->gdp, an->log_gdp_min, an->log_gdp_max, a->log_capability);
    } else {
        printf("   no GDP before %d: the members' median %.4f is used\n\n", a->year,
               a->log_capability);
    }

    printf("7. Per dimension: x = east + (west - east) a (+ NAM shift), national position, "
           "clamp to 0..100;\n"
           "   sd = sqrt(((west - east) sd_a (1 - %.1f if coded))^2 + %.0f^2); salience = 0.2 "
           "+ 0.5 capability + 0.3 engagement\n",
           k->np_weight, k->model_sd);
    printf("   %-17s %5s %5s %8s %5s %-9s %8s %6s %5s %8s\n", "dimension", "east", "west", "from_a",
           "NAM", "np", "position", "sd", "eng", "salience");
    for (size_t d = 0; d < NS_POS_NDIM; d++) {
        printf("   %-17s %5.0f %5.0f %8.2f %+5.0f %-9s %8.2f %6.2f %5.2f %8.3f\n", map[d].id,
               map[d].east, map[d].west, a->dim[d].from_alignment, a->dim[d].nam,
               a->dim[d].np_code >= 0 ? vote_word(a->dim[d].np_code) : "-", a->dim[d].result.x,
               a->dim[d].result.sd, a->dim[d].engagement, a->dim[d].result.salience);
    }
}

static ns_status explain_rows(const ns_world_t *w, const ns_pos_account_t *a, ns_rows_t *rows)
{
    ns_status st = NS_OK;
    const ns_pos_dimension_map_t *map = ns_positions_map();
    const char *iso3 = ns_world_state(w, a->state)->iso3;
    for (size_t d = 0; st == NS_OK && d < NS_POS_NDIM; d++) {
        if ((st = ns_rows_add(rows)) != NS_OK || (st = ns_rows_set(rows, 0, iso3)) != NS_OK ||
            (st = ns_rows_setf(rows, 1, "%d", a->year)) != NS_OK ||
            (st = ns_rows_set(rows, 2, map[d].id)) != NS_OK ||
            (st = ns_rows_setf(rows, 3, "%d", a->ideal_session)) != NS_OK ||
            (st = ns_rows_set_num(rows, 4, a->ideal, 6)) != NS_OK ||
            (st = ns_rows_set_num(rows, 5, a->ideal_sd, 6)) != NS_OK ||
            (st = ns_rows_set_num(rows, 6, a->scaled, 6)) != NS_OK ||
            (st = ns_rows_set_num(rows, 7, a->camp_score, 6)) != NS_OK ||
            (st = ns_rows_set_num(rows, 8, a->record, 6)) != NS_OK ||
            (st = ns_rows_set_num(rows, 9, a->alignment, 6)) != NS_OK ||
            (st = ns_rows_set_num(rows, 10, a->dim[d].from_alignment, 6)) != NS_OK ||
            (st = ns_rows_set_num(rows, 11, a->dim[d].nam, 6)) != NS_OK ||
            (st = ns_rows_set(
                 rows, 12, a->dim[d].np_code >= 0 ? vote_word(a->dim[d].np_code) : "")) != NS_OK ||
            (st = ns_rows_set_num(rows, 13, a->log_capability, 6)) != NS_OK ||
            (st = ns_rows_set_num(rows, 14, a->dim[d].result.x, 6)) != NS_OK ||
            (st = ns_rows_set_num(rows, 15, a->dim[d].result.sd, 6)) != NS_OK) {
            break;
        }
        st = ns_rows_set_num(rows, 16, a->dim[d].result.salience, 6);
    }
    return st;
}

int cli_data_positions(cli_t *cli, int argc, char **argv)
{
    static const char *const cols[] = {"iso3", "year", "dimension", "position", "sd", "salience"};
    static const char *const xcols[] = {"iso3",
                                        "year",
                                        "dimension",
                                        "ideal_session",
                                        "ideal",
                                        "ideal_sd",
                                        "t",
                                        "camp",
                                        "record",
                                        "alignment",
                                        "from_alignment",
                                        "nam_shift",
                                        "np_code",
                                        "log_capability",
                                        "position",
                                        "sd",
                                        "salience"};
    const char *year_text = NULL;
    const char *dimension = NULL;
    const char *explain = NULL;
    ns_world_t *w = NULL;
    ns_rows_t *rows = NULL;
    int rc = CLI_EXIT_OK;
    ns_status st = NS_OK;
    for (int i = 1; i < argc; i++) {
        int r = cli_common_option(cli, "data positions", argc, argv, &i);
        if (r == 0) {
            r = cli_option_value(cli, "data positions", "--year", argc, argv, &i, &year_text);
        }
        if (r == 0) {
            r = cli_option_value(cli, "data positions", "--dimension", argc, argv, &i, &dimension);
        }
        if (r == 0) {
            r = cli_option_value(cli, "data positions", "--explain", argc, argv, &i, &explain);
        }
        if (r == 0) {
            rc = cli_usage(cli, "data positions", "unknown argument '%s'", argv[i]);
            goto cleanup;
        }
        if (r < 0) {
            rc = CLI_EXIT_USAGE;
            goto cleanup;
        }
    }
    if ((rc = cli_load_world(cli, &w)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    int first = 0;
    int year = 0;
    if ((st = ns_positions_years(cli->ctx, w, &first, &year)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (year_text != NULL && (rc = parse_year(cli, year_text, &year)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    size_t only_dim = NS_POS_NDIM;
    if (dimension != NULL) {
        for (size_t d = 0; d < NS_POS_NDIM; d++) {
            if (strcmp(ns_positions_map()[d].id, dimension) == 0) {
                only_dim = d;
            }
        }
        if (only_dim == NS_POS_NDIM) {
            rc = cli_usage(cli, "data positions",
                           "no dimension '%s' (ihl, self_defence, countermeasures, sovereignty, "
                           "binding, multistakeholder, capacity_building, cbm, norms)",
                           dimension);
            goto cleanup;
        }
    }
    ns_pos_anchors_t anchors;
    ns_pos_account_t acc;
    if ((st = ns_positions_anchors(cli->ctx, w, year, &anchors)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (explain != NULL) {
        size_t s = 0;
        if ((st = ns_world_lookup_state(cli->ctx, w, explain, &s)) != NS_OK ||
            (st = ns_positions_explain(cli->ctx, w, &anchors, s, &acc)) != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        if (cli->format == NS_FORMAT_TABLE) {
            print_account(cli->ctx, w, &anchors, &acc);
            rc = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
            goto cleanup;
        }
        if ((st = ns_rows_new(cli->ctx, xcols, sizeof xcols / sizeof xcols[0], &rows)) != NS_OK ||
            (st = explain_rows(w, &acc, rows)) != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        rc = cli_write_rows(cli, rows, NULL);
        goto cleanup;
    }
    if ((st = ns_rows_new(cli->ctx, cols, sizeof cols / sizeof cols[0], &rows)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    for (size_t s = 0; s < ns_world_state_count(w); s++) {
        if (!ns_world_is_member(w, s, year)) {
            continue;
        }
        if ((st = ns_positions_explain(cli->ctx, w, &anchors, s, &acc)) != NS_OK) {
            break;
        }
        for (size_t d = 0; st == NS_OK && d < NS_POS_NDIM; d++) {
            if (only_dim != NS_POS_NDIM && d != only_dim) {
                continue;
            }
            if ((st = ns_rows_add(rows)) != NS_OK ||
                (st = ns_rows_set(rows, 0, ns_world_state(w, s)->iso3)) != NS_OK ||
                (st = ns_rows_setf(rows, 1, "%d", year)) != NS_OK ||
                (st = ns_rows_set(rows, 2, ns_positions_map()[d].id)) != NS_OK ||
                (st = ns_rows_setf(rows, 3, "%.2f", acc.dim[d].result.x)) != NS_OK ||
                (st = ns_rows_setf(rows, 4, "%.2f", acc.dim[d].result.sd)) != NS_OK) {
                break;
            }
            st = ns_rows_setf(rows, 5, "%.3f", acc.dim[d].result.salience);
        }
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    char title[96];
    snprintf(title, sizeof title, "Positions in %d (docs/POSITIONS.md)", year);
    rc = cli_write_rows(cli, rows, title);
cleanup:
    ns_rows_free(rows);
    ns_world_free(w);
    return rc;
}
