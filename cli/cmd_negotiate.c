/* normsim negotiate: one body's consensus drafting (normsim/process.h; docs/PROCESS.md):
 * the package the chair carries or the failure, the blockers and the paragraphs they
 * block, the will each would need, and P(consensus) over position uncertainty; for a
 * body deciding by k of n or weighted qualified majority, the winning coalition the
 * chair found and who was outvoted (docs/PROCESS.md section 11).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cmd_history.h"
#include "normsim/positions.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char negotiate_help[] =
    "usage: normsim negotiate --body ID [--year Y] [--scenario FILE] [--runs N] [--seed S]\n"
    "                         [--explain] [--format table|csv|json] [--data DIR]\n"
    "                         [--verified yes|partly|all]\n"
    "\n"
    "Negotiate one body's report by consensus (normsim's model 7, docs/CONSENSUS.md and\n"
    "docs/PROCESS.md). The chair drafts one paragraph per mandated dimension; each member\n"
    "accepts or blocks; the chair keeps a paragraph, or moves it to a non-negotiated\n"
    "chair's summary. Members sit by the body's rule (historical list, rotation, open);\n"
    "positions come from the position model for the year (docs/POSITIONS.md); the status\n"
    "quo is the language the earlier adopted reports agreed (as the model drafted them).\n"
    "A scenario's body deciding by k_of_n or weighted_qmv needs a winning coalition that\n"
    "accepts one draft: the chair drops the blocker needing the most will while the\n"
    "coalition stays winning; the dropped are outvoted. A failure is the greedy search's,\n"
    "not a proof (docs/PROCESS.md 11); k = n is consensus.\n"
    "\n"
    "Prints the provenance, the recorded outcome, the model's at the point estimates,\n"
    "P(report) with its 90% band over N draws of the positions, each paragraph's status\n"
    "quo, action, text and objectors, the blockers (will needed), the outvoted.\n"
    "\n"
    "options:\n"
    "  --body ID        GGE1..GGE6, OEWG1, OEWG2, GM, or a body of the scenario\n"
    "  --year Y         the year (default: the body's first year; positions after the\n"
    "                   position model's last year are that year's)\n"
    "  --scenario FILE  a scenario (normsim check FILE): its parameters (forum_shopping,\n"
    "                   summary_record, will_scale, persuasion, summary_available[.BODY],\n"
    "                   loss, those below) and seed\n"
    "  --runs N         Monte Carlo replicates (default 50; 4 for bodies over 50 members)\n"
    "  --seed S         random seed (default: the scenario's, else 1)\n"
    "  --param K=V      set a model parameter (as a scenario's parameters: section),\n"
    "                   e.g. --param will_scale=2 (all: normsim params process)\n"
    "  --explain        tell the story: who blocked what, which concession carried the\n"
    "                   text, who was outvoted and why, each drafting round (on stderr\n"
    "                   with csv and json)\n"
    "  --format F       table (default); csv or json: one row per paragraph with the\n"
    "                   outcome, P, data version, parameters, seed, decision, k,\n"
    "                   qmv_threshold, coalition, outvoted, objections (';'-joined)\n"
    "\n"
    "process parameters (--param or a scenario's parameters:, docs/PROCESS.md 2, 4a, 11):\n"
    "  rounds R               drafts at most (1..20, default 1); after a failed draft\n"
    "                         positions move and the chair drafts again\n"
    "  cohesion K             between drafts camps' seated members move K (0..1, default\n"
    "                         0) of the way to the camp's salience-weighted mean\n"
    "  cohesion.CAMP K        one camp: NATO, EU, FiveEyes, SCO, CSTO, BRICS, NAM\n"
    "  dynamics D             1: also a round of model 5 (expected utility) between drafts\n"
    "  regional_persuasion L  in a body consulting regional organisations, their members\n"
    "                         move L (0..1, default 0) toward their organisations' view\n"
    "  consult_regional 0|1   no body / every body consults AU, EU, OAS, OSCE, ARF\n"
    "                         (default: those set up by A/RES/73/266, i.e. GGE6)\n"
    "  consult_regional.BODY  the same switch for one body\n"
    "  qmv_threshold.BODY T   share of the weight a weighted_qmv body needs, (0, 1];\n"
    "                         default 0.65\n"
    "  qmv_weights.BODY 1|0   weights: capability (1, default) or one per member (0)\n"
    "\n"
    "exit codes: 0 ok (adopted or not); 2 bad usage, unknown body, a majority body, k\n"
    "outside 1..members, bad year or bad scenario; 1 failure while running.\n"
    "\n"
    "examples:\n"
    "  normsim negotiate --body GGE5 --explain\n"
    "  normsim negotiate --body OEWG1 --runs 50 --format csv\n"
    "  normsim negotiate --body GGE5 --param rounds=3 --param cohesion.NATO=0.5 --explain\n"
    "  normsim negotiate --body GGE6 --scenario examples/gge6_regional.yaml --explain\n"
    "  normsim negotiate --body K20 --scenario examples/custom_k_of_n.yaml --explain\n";

/* "cohesion 0.5 (NATO 1, SCO 0)": the global cohesion and the camps set apart. */
static void cohesion_text(const ns_process_params_t *p, char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "cohesion %g", p->cohesion);
    const char *sep = " (";
    for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS && ns_positions_camp_name(c) != NULL; c++) {
        if (!isnan(p->camp_cohesion[c]) && len + 32 < size) {
            len += (size_t)snprintf(buf + len, size - len, "%s%s %g", sep,
                                    ns_positions_camp_name(c), p->camp_cohesion[c]);
            sep = ", ";
        }
    }
    if (sep[0] == ',' && len + 2 < size) {
        snprintf(buf + len, size - len, ")");
    }
}

/* The process line: drafting rounds and what moves between them, regional consultation. */
static void process_line(const ns_negotiation_t *n, const ns_process_params_t *p, FILE *out)
{
    const ns_process_table_t *t = &n->table;
    char coh[256];
    cohesion_text(p, coh, sizeof coh);
    fprintf(out, "drafting rounds: at most %zu (%s, dynamics %s); regional organisations: ",
            n->max_rounds, coh, p->dynamics == NS_DYNAMICS_EUM ? "eum" : "none");
    if (t->regional_consulted) {
        for (size_t o = 0; o < t->n_regional; o++) {
            fprintf(out, "%s%s", o > 0 ? " " : "", ns_process_regional_name(o));
        }
        fprintf(out, " consulted, regional_persuasion %g\n", p->regional_persuasion);
    } else {
        fprintf(out, "not consulted\n");
    }
}

static const char *outcome_text(ns_outcome_t o)
{
    switch (o) {
    case NS_OUTCOME_ADOPTED: return "consensus report adopted";
    case NS_OUTCOME_FAILED: return "no consensus report";
    case NS_OUTCOME_UNKNOWN: break;
    }
    return "not known (not met yet, or not recorded)";
}

static int print_package(cli_t *cli, const ns_negotiation_t *n, const ns_rows_t *package);

/* A body deciding by k of n or weighted QMV: the rule, the coalition's verdict, the
 * outvoted members and why, then the package (docs/PROCESS.md section 11). */
static int print_coalition(cli_t *cli, const ns_negotiation_t *n, const ns_rows_t *package,
                           cli_prose_t *prose)
{
    FILE *out = prose->f != NULL ? prose->f : stdout;
    static const char *const cols[] = {"member", "short_when_dropped", "margin_at_text",
                                       "paragraphs (objection)"};
    const ns_process_table_t *t = &n->table;
    const ns_consensus_result_t *r = &n->result;
    ns_rows_t *rows = NULL;
    ns_status st = NS_OK;
    int rc = CLI_EXIT_OK;
    char who[2048];
    if (n->rule.decision == NS_DECIDE_K_OF_N) {
        fprintf(out, "decision rule: k_of_n, %zu of the %zu members must accept the same draft; ",
                n->rule.k, t->m);
    } else {
        fprintf(out,
                "decision rule: weighted_qmv, members holding %g%% of the weight (%s) must accept "
                "the same draft; ",
                100.0 * n->rule.threshold,
                n->rule.capability_weights ? "capability shares" : "one per member");
    }
    fprintf(out, "the chair's greedy coalition search (docs/PROCESS.md section 11)\n");
    if (r->adopted) {
        fprintf(out,
                "model, point estimates: REPORT ADOPTED by a coalition of %zu of %zu members "
                "(%.3g%% of the weight); outvoted: ",
                n->n_coalition, t->m, 100.0 * n->coalition_weight / n->total_weight);
        for (size_t o = 0; o < n->n_outvoted; o++) {
            fprintf(out, "%s%s", o > 0 ? ", " : "", t->member_names[n->outvoted[o].member]);
        }
        fprintf(out, "%s\n", n->n_outvoted > 0 ? "" : "nobody");
    } else {
        fprintf(out,
                "model, point estimates: NO WINNING COALITION FOUND by the chair's greedy search "
                "(a heuristic, not a proof): its last coalition of %zu members leaves the "
                "worst-off %.3g points short\n",
                n->n_coalition, -r->worst_margin);
    }
    fprintf(out,
            "P(report adopted by the rule) = %.2f, 90%% band [%.2f, %.2f], %zu replicates (%zu "
            "engine calls; %zu at the point estimates)\n\n",
            n->mc.p, n->mc.lo, n->mc.hi, n->mc.replicates, n->mc_solves, n->coalitions_tried);
    if (n->n_outvoted > 0) {
        if ((st = ns_rows_new(cli->ctx, cols, 4, &rows)) != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        for (size_t o = 0; st == NS_OK && o < n->n_outvoted; o++) {
            const ns_consensus_blocker_t *bl = &n->outvoted[o];
            size_t len = 0;
            who[0] = '\0';
            for (size_t j = 0; j < bl->n_paras && len + 64 < sizeof who; j++) {
                len +=
                    (size_t)snprintf(who + len, sizeof who - len, "%s%s (%.3g)", j > 0 ? ", " : "",
                                     t->para_names[bl->paras[j]], bl->objection[j]);
            }
            st = ns_rows_add(rows);
            ns_rows_set(rows, 0, t->member_names[bl->member]);
            ns_rows_set_num(rows, 1, bl->will_needed, 4);
            ns_rows_set_num(rows, 2, r->margin[bl->member], 4);
            ns_rows_set(rows, 3, who);
        }
        if (st != NS_OK) {
            rc = cli_fail(cli, st);
            goto cleanup;
        }
        cli_prose_flush(prose);
        if ((rc = cli_write_rows(cli, rows,
                                 r->adopted ? "Outvoted, in the order the chair dropped them"
                                            : "Dropped before the search ran out"))) {
            goto cleanup;
        }
        fprintf(out, "\n");
    }
    cli_prose_flush(prose);
    rc = print_package(cli, n, package);

cleanup:
    ns_rows_free(rows);
    return rc;
}

/* The human report: header, paragraphs (of the package's rows), blockers. */
static int print_table(cli_t *cli, const ns_world_t *w, const ns_negotiation_t *n,
                       const ns_process_params_t *p, const ns_rows_t *package, const char *scenario)
{
    const ns_process_table_t *t = &n->table;
    const ns_consensus_result_t *r = &n->result;
    const ns_body_t *b = ns_world_body(w, t->body);
    char line[1024];
    int rc = CLI_EXIT_OK;
    cli_prose_t prose;
    FILE *out = cli_prose_open(&prose, cli, stdout);
    cli_process_provenance(w, p, scenario, line, sizeof line);
    fprintf(out, "%s (%s), %d: %zu members (%s), positions of %d\n", b->id, b->name, t->year, t->m,
            ns_membership_rule_str(b->membership), t->positions_year);
    fprintf(out, "%s\n", line);
    process_line(n, p, out);
    fprintf(out, "summary for this body: %s\n",
            t->summary_available ? "available" : "not available");
    fprintf(out, "recorded outcome: %s\n", outcome_text(b->outcome));
    if (n->coalition != NULL) {
        rc = print_coalition(cli, n, package, &prose);
        cli_prose_close(&prose);
        return rc;
    }
    if (r->adopted) {
        fprintf(out, "model, point estimates: CONSENSUS REPORT\n");
    } else {
        fprintf(out,
                "model, point estimates: NO CONSENSUS (the best draft leaves the worst-off member "
                "%.3g points short)\n",
                -r->worst_margin);
    }
    fprintf(out, "P(consensus report) = %.2f, 90%% band [%.2f, %.2f], %zu replicates\n\n", n->mc.p,
            n->mc.lo, n->mc.hi, n->mc.replicates);
    cli_prose_close(&prose);
    return print_package(cli, n, package);
}

/* The package (the columns of the csv's rows that concern the paragraphs) and the
 * blockers (of the last coalition tried, under a coalition rule). */
static int print_package(cli_t *cli, const ns_negotiation_t *n, const ns_rows_t *package)
{
    static const char *const para_cols[] = {"paragraph", "status_quo", "action",
                                            "text",      "moved",      "objectors"};
    static const char *const block_cols[] = {"blocker", "will_needed", "will",
                                             "paragraphs (objection)"};
    const ns_consensus_result_t *r = &n->result;
    ns_rows_t *paras = NULL;
    ns_rows_t *blocks = NULL;
    ns_rows_t *lib_blocks = NULL;
    ns_status st = NS_OK;
    int rc = CLI_EXIT_OK;
    if ((st = ns_rows_new(cli->ctx, para_cols, 6, &paras)) != NS_OK ||
        (st = ns_rows_new(cli->ctx, block_cols, 4, &blocks)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    for (size_t k = 0; st == NS_OK && k < ns_rows_count(package); k++) {
        st = ns_rows_add(paras);
        for (size_t c = 0; st == NS_OK && c < 6; c++) {
            st = ns_rows_set(paras, c,
                             ns_rows_cell(package, k, ns_rows_find_column(package, para_cols[c])));
        }
    }
    /* The library's blocker rows, under a header that says what the numbers are. */
    if (st == NS_OK) {
        st = ns_process_blocker_rows(cli->ctx, n, &lib_blocks);
    }
    for (size_t i = 0; st == NS_OK && i < ns_rows_count(lib_blocks); i++) {
        st = ns_rows_add(blocks);
        for (size_t c = 0; st == NS_OK && c < 4; c++) {
            st = ns_rows_set(blocks, c, ns_rows_cell(lib_blocks, i, c));
        }
    }
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if ((rc =
             cli_write_rows(cli, paras, "The package (text and status quo on each 0-100 scale)"))) {
        goto cleanup;
    }
    if (r->n_blockers > 0) {
        printf("\n");
        rc = cli_write_rows(cli, blocks,
                            n->coalition != NULL
                                ? "Blockers of the last coalition tried, at its least-violating "
                                  "draft (will needed = how far short)"
                                : "Blockers at the least-violating draft (will needed = how far "
                                  "short)");
    }

cleanup:
    ns_rows_free(paras);
    ns_rows_free(blocks);
    ns_rows_free(lib_blocks);
    return rc;
}

/* The members that block round r, "CHN (27.4 short), USA (27.4 short)". */
static void round_blockers(const ns_negotiation_t *n, const ns_process_round_t *r, char *buf,
                           size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t b = 0; b < r->n_blockers && b < NS_PROCESS_ROUND_BLOCKERS && len + 64 < size; b++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s (%.3g short)", b > 0 ? ", " : "",
                                n->table.member_names[r->blocker[b]], r->will_needed[b]);
    }
    if (r->n_blockers > NS_PROCESS_ROUND_BLOCKERS && len + 32 < size) {
        snprintf(buf + len, size - len, " and %zu more", r->n_blockers - NS_PROCESS_ROUND_BLOCKERS);
    }
}

/* The story of the drafting rounds (docs/PROCESS.md section 4a). */
static void explain_rounds(const ns_negotiation_t *n, FILE *out)
{
    char who[512];
    fprintf(out, "Drafting rounds (at most %zu):\n", n->max_rounds);
    for (size_t r = 0; r < n->n_rounds; r++) {
        const ns_process_round_t *rd = &n->rounds[r];
        if (rd->adopted) {
            fprintf(out, "  round %zu: adopted (worst margin %.3g).\n", r + 1, rd->worst_margin);
            break;
        }
        round_blockers(n, rd, who, sizeof who);
        fprintf(out, "  round %zu: no consensus, blocked by %s.\n", r + 1, who);
        if (r + 1 == n->n_rounds) {
            if (n->n_rounds < n->max_rounds) {
                fprintf(out, "  between rounds nobody moved, so the chair has no new draft to "
                             "offer.\n");
            }
            break;
        }
        fprintf(out, "  between rounds %zu and %zu:", r + 1, r + 2);
        bool any = false;
        for (size_t c = 0; c < NS_PROCESS_MAX_CAMPS && ns_positions_camp_name(c) != NULL; c++) {
            if (rd->camp_shift[c] > 0) {
                fprintf(out,
                        "%s the %s camp closed ranks (its %zu seated members moved %.3g "
                        "points on average)",
                        any ? ";" : "", ns_positions_camp_name(c), rd->camp_members[c],
                        rd->camp_shift[c]);
                any = true;
            }
        }
        if (rd->consult_shift > 0) {
            fprintf(out, "%s the consultations moved members %.3g points on average",
                    any ? ";" : "", rd->consult_shift);
            any = true;
        }
        if (rd->dynamics_shift > 0) {
            fprintf(out, "%s model 5's challenges moved members %.3g points on average",
                    any ? ";" : "", rd->dynamics_shift);
            any = true;
        }
        fprintf(out, "%s.\n", any ? "" : " nobody moved");
    }
    if (n->mc.replicates > 0) {
        fprintf(out, "In the Monte Carlo, drafts adopted");
        for (size_t r = 0; r < n->max_rounds; r++) {
            fprintf(out, "%s in round %zu: %zu", r > 0 ? "," : "", r + 1,
                    n->mc_adopted_in_round[r]);
        }
        fprintf(out, " (of %zu draws).\n", n->mc.replicates);
    }
}

/* Which regional organisations the body heard and how far their members moved. */
static void explain_regional(const ns_negotiation_t *n, const ns_process_params_t *p, FILE *out)
{
    const ns_process_table_t *t = &n->table;
    size_t heard = 0;
    for (size_t i = 0; i < t->m; i++) {
        bool in = false;
        for (size_t o = 0; o < t->n_regional; o++) {
            in = in || t->regional_member[i * t->n_regional + o];
        }
        heard += in;
    }
    fprintf(out,
            "The body consults the regional organisations (AU, EU, OAS, OSCE, ASEAN Regional "
            "Forum; res. 73/266): %zu of its %zu members belong to one",
            heard, t->m);
    if (p->regional_persuasion > 0) {
        fprintf(out,
                " and moved %g of the way to their view (the salience-weighted mean of all "
                "their member states).\n",
                p->regional_persuasion);
    } else {
        fprintf(out, "; with regional_persuasion 0 nobody moves (a scenario sets the pull).\n");
    }
}

static int print_explain(cli_t *cli, const ns_negotiation_t *n, const ns_process_params_t *p,
                         FILE *out)
{
    size_t needed = 0;
    char *buf = NULL;
    int rc = CLI_EXIT_OK;
    ns_status st = ns_process_explain(cli->ctx, n, NULL, 0, &needed);
    if (st != NS_OK && st != NS_ELIMIT) {
        return cli_fail(cli, st);
    }
    if ((buf = ns_malloc(cli->ctx, needed + 1)) == NULL) {
        return cli_fail(cli, NS_ENOMEM);
    }
    st = ns_process_explain(cli->ctx, n, buf, needed + 1, NULL);
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
    } else {
        fprintf(out, "\n%s", buf);
        if (n->mc.replicates > 0 && n->coalition != NULL) {
            fprintf(out,
                    "Over %zu draws of the positions within their uncertainty, the chair's "
                    "search finds a winning coalition in %zu (p = %.2f, 90%% band %.2f to "
                    "%.2f), at %zu engine calls.\n",
                    n->mc.replicates, n->mc.adopted, n->mc.p, n->mc.lo, n->mc.hi, n->mc_solves);
        } else if (n->mc.replicates > 0) {
            fprintf(out,
                    "Over %zu draws of the positions within their uncertainty, a consensus "
                    "report is adopted in %zu (p = %.2f, 90%% band %.2f to %.2f).\n",
                    n->mc.replicates, n->mc.adopted, n->mc.p, n->mc.lo, n->mc.hi);
        }
        if (n->table.regional_consulted) {
            explain_regional(n, p, out);
        }
        if (n->max_rounds > 1) {
            explain_rounds(n, out);
        }
    }
    ns_free(cli->ctx, buf);
    return rc;
}

/* What the record set, and which of its rules moved the outcome (docs/RECORD.md). */
static int explain_record(cli_t *cli, const ns_world_t *w, const ns_negotiation_t *n,
                          const ns_process_params_t *p, int year, FILE *out)
{
    size_t needed = 0;
    ns_status st = ns_process_record_explain(cli->ctx, w, n, p, NULL, 0, &needed);
    char *buf = NULL;
    ns_record_effect_t eff[NS_PROCESS_RECORD_EFFECTS];
    size_t n_eff = 0;
    if (st != NS_OK && st != NS_ELIMIT) {
        return cli_fail(cli, st);
    }
    if ((buf = ns_malloc(cli->ctx, needed + 1)) == NULL) {
        return cli_fail(cli, NS_ENOMEM);
    }
    st = ns_process_record_explain(cli->ctx, w, n, p, buf, needed + 1, NULL);
    if (st == NS_OK) {
        fprintf(out, "\n%s", buf);
        st = ns_process_record_effects(cli->ctx, w, n->table.body, year, p, eff, &n_eff);
    }
    ns_free(cli->ctx, buf);
    if (st != NS_OK) {
        return cli_fail(cli, st);
    }
    if (n_eff > 1) {
        fprintf(out, "Which rules of the record move the outcome (point estimates; worst margin, "
                     "negative = how far the best draft leaves its worst-off member short):\n");
        fprintf(out, "  rules in force (%s): %s, worst margin %.3g\n",
                p->record_rules == 0 ? "none; --param record=1 turns them on" : "see above",
                eff[0].adopted ? "report" : "no report", eff[0].worst_margin);
        for (size_t k = 1; k < n_eff; k++) {
            if (eff[k].rule == NS_RULES_ALL) {
                fprintf(out, "  every rule %s: ", p->record_rules == 0 ? "on" : "toggled");
            } else {
                fprintf(out, "  %s %s: ", eff[k].on ? "with" : "without",
                        ns_process_rule_name(eff[k].rule));
            }
            fprintf(out, "%s, worst margin %.3g (%+.3g)%s\n",
                    eff[k].adopted ? "report" : "no report", eff[k].worst_margin,
                    eff[k].worst_margin - eff[0].worst_margin,
                    eff[k].adopted != eff[0].adopted ? ": the outcome turns" : "");
        }
    }
    return CLI_EXIT_OK;
}

static int run_negotiate(cli_t *cli, int argc, char **argv)
{
    cli_process_opts_t opts;
    memset(&opts, 0, sizeof opts);
    const char *body_id = NULL;
    const char *year_text = NULL;
    bool explain = false;
    ns_world_t *w = NULL;
    ns_rows_t *rows = NULL;
    ns_negotiation_t neg;
    ns_process_params_t params;
    ns_status st = NS_OK;
    int rc = CLI_EXIT_OK;
    long year = 0;
    memset(&neg, 0, sizeof neg);
    for (int i = 1; i < argc; i++) {
        int r = cli_common_option(cli, "negotiate", argc, argv, &i);
        if (r == 0) {
            r = cli_process_option(cli, "negotiate", argc, argv, &i, &opts);
        }
        if (r == 0) {
            r = cli_option_value(cli, "negotiate", "--body", argc, argv, &i, &body_id);
        }
        if (r == 0) {
            r = cli_option_value(cli, "negotiate", "--year", argc, argv, &i, &year_text);
        }
        if (r == 0 && strcmp(argv[i], "--explain") == 0) {
            explain = true;
            r = 1;
        }
        if (r == 0) {
            rc = cli_usage(cli, "negotiate", "unknown argument '%s'", argv[i]);
            goto cleanup;
        }
        if (r < 0) {
            rc = CLI_EXIT_USAGE;
            goto cleanup;
        }
    }
    if (body_id == NULL) {
        rc = cli_usage(cli, "negotiate", "which body? --body ID (e.g. GGE5)");
        goto cleanup;
    }
    if (year_text != NULL) {
        char *end = NULL;
        errno = 0;
        year = strtol(year_text, &end, 10);
        if (errno != 0 || *end != '\0' || end == year_text || year < 1945 || year > 2100) {
            rc = cli_usage(cli, "negotiate", "--year must be a year in 1945..2100, not '%s'",
                           year_text);
            goto cleanup;
        }
    }
    if ((rc = cli_process_setup(cli, "negotiate", &opts, &w, &params)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    size_t body = 0;
    if ((st = ns_world_lookup_body(cli->ctx, w, body_id, &body)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    const ns_body_t *b = ns_world_body(w, body);
    if (b->kind == NS_BODY_GA || b->decision == NS_DECIDE_MAJORITY) {
        rc = cli_usage(cli, "negotiate",
                       "body %s decides by %s; negotiate runs bodies deciding by consensus, "
                       "k_of_n or weighted_qmv (for the General Assembly see 'normsim vote')",
                       b->id, ns_decision_rule_str(b->decision));
        goto cleanup;
    }
    if ((st = ns_process_negotiate(cli->ctx, w, body, (int)year, &params, &neg)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if ((st = ns_process_package_rows(cli->ctx, w, &neg, &params, &rows)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (cli->format == NS_FORMAT_TABLE) {
        rc = print_table(cli, w, &neg, &params, rows, opts.scenario);
    } else {
        rc = cli_write_rows(cli, rows, NULL);
    }
    if (rc == CLI_EXIT_OK && explain) {
        /* In csv and json the data stays clean on stdout; the story goes to stderr. */
        cli_prose_t prose;
        FILE *story = cli_prose_open(&prose, cli, cli->format == NS_FORMAT_TABLE ? stdout : stderr);
        rc = print_explain(cli, &neg, &params, story);
        if (rc == CLI_EXIT_OK && b->kind != NS_BODY_GA) {
            rc = explain_record(cli, w, &neg, &params, (int)year, story);
        }
        cli_prose_close(&prose);
    }

cleanup:
    ns_negotiation_free(&neg);
    ns_rows_free(rows);
    ns_world_free(w);
    return rc;
}

const cli_command_t cli_cmd_negotiate = {
    "negotiate", "negotiate one body's report by consensus: package, blockers, P(consensus)",
    negotiate_help, run_negotiate};
