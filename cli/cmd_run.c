/* normsim run: the UN process 1998-2026 replayed, forecasts beside what happened
 * (normsim/process.h ns_timeline_run; docs/PROCESS.md section 7). Prints the timeline and
 * writes timeline.csv, sessions.json and votes.csv into an output folder, each through a
 * temporary name and a rename so that a failed write never leaves half a file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cmd_history.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char run_help[] =
    "usage: normsim run [--scenario FILE] [--runs N] [--seed S] [--param K=V] [-o DIR]\n"
    "                   [--format table|csv|json] [--data DIR] [--verified yes|partly|all]\n"
    "\n"
    "Replay the UN process on ICTs and international security, 1998 to 2026, with the\n"
    "model's forecast beside what happened (docs/PROCESS.md). One row per event in date\n"
    "order:\n"
    "  - each General Assembly resolution or decision: the recorded outcome (tally of a\n"
    "    roll call, or adopted without a vote) and the vote model's forecast tally\n"
    "    (vote_yes/vote_no/vote_abstain: most probable votes, cut points from the line's\n"
    "    latest earlier roll call, never from the text's own tally; 'no vote forecast'\n"
    "    where there is no earlier roll call of the line);\n"
    "  - each GGE, OEWG and the Global Mechanism: its members, what happened, and the\n"
    "    probability p of a consensus report with its 90% band over 'replicates' Monte\n"
    "    Carlo draws of the positions (fixed seed). Each body meets the language the\n"
    "    earlier adopted reports agreed, as the model drafted them.\n"
    "The title line names the data version, the model, its parameters, the replicates\n"
    "and the seed. Bodies after the position model's last year (2019 with the built-in\n"
    "data) use that year's positions.\n"
    "\n"
    "Files written into DIR (created if missing; default ./normsim-out):\n"
    "  timeline.csv   the printed table\n"
    "  sessions.json  {provenance, sessions: one object per GGE/OEWG/GM with its members,\n"
    "                 p and band, the package (kept, summary, dropped, text), status quo,\n"
    "                 blockers and the paragraphs they block, will needed}\n"
    "  votes.csv      per resolution and state: recorded and predicted vote, p_yes,\n"
    "                 p_abstain, p_no\n"
    "  report.html    a self-contained page: provenance, the forecasts against the\n"
    "                 outcomes, the diffusion of the 2015 norms (200 runs), links to\n"
    "                 the files; its figures (run-*.svg/.png/.csv/.gp) beside it\n"
    "                 (without gnuplot the page says the figures were not drawn)\n"
    "\n"
    "options:\n"
    "  --scenario FILE  run a scenario instead of the built-in world\n"
    "  --runs N         Monte Carlo replicates per body (default 50, 4 for bodies of\n"
    "                   more than 50 members; N sets both)\n"
    "  --seed S         random seed (default: the scenario's, else 1)\n"
    "  --param K=V      set a model parameter (forum_shopping, will_scale, ...; all:\n"
    "                   normsim params process); an unknown key exits 2\n"
    "  -o DIR           output folder (default ./normsim-out); an existing file that is\n"
    "                   not a folder is refused\n"
    "  --format F       table (default), csv or json for what is printed\n"
    "\n"
    "exit codes: 0 ok; 2 bad usage, bad scenario, -o naming a file; 1 a failure while\n"
    "running, such as a full disk (the message names the file).\n"
    "\n"
    "examples:\n"
    "  normsim run\n"
    "  normsim run --runs 20 --seed 7 -o out/\n"
    "  normsim run --scenario examples/oewg1_no_summary.yaml -o out-nosummary\n";

/* What goes into one file: the rows in a format, wrapped by `head` and `tail` (for the
 * JSON object; NULL for none), or the HTML report. */
typedef struct file_content {
    const ns_rows_t *rows;
    ns_format_t fmt;
    const char *head, *tail;
    /* The report: world, timeline, provenance line, output folder. */
    const ns_world_t *w;
    const ns_timeline_t *tl;
    const char *provenance, *dir;
} file_content_t;

static ns_status write_content(cli_t *cli, const file_content_t *c, FILE *f)
{
    ns_status st = NS_OK;
    if (c->tl != NULL) {
        return ns_run_report_write(cli->ctx, c->w, c->tl, c->provenance, c->dir, 0, f, NULL);
    }
    if (c->head != NULL && fputs(c->head, f) == EOF) {
        st = NS_EIO;
    }
    if (st == NS_OK) {
        st = ns_rows_write(cli->ctx, c->rows, c->fmt, NULL, f);
    }
    if (st == NS_OK && c->tail != NULL && fputs(c->tail, f) == EOF) {
        st = NS_EIO;
    }
    return st;
}

/* Write one file of DIR through DIR/.NAME.tmp and a rename. */
static int write_file(cli_t *cli, const char *dir, const char *name, const file_content_t *c)
{
    char path[4096];
    char tmp[4096];
    int rc = CLI_EXIT_OK;
    ns_status st = NS_OK;
    FILE *f = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp.%ld", dir, name, (long)getpid());
    /* Never through a symbolic link planted at the temporary name. */
    st = ns_file_open_write(cli->ctx, tmp, &f);
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    errno = 0;
    st = write_content(cli, c, f);
    int err = st == NS_EIO ? errno : 0;
    if (fflush(f) != 0 || ferror(f)) {
        st = NS_EIO;
        err = errno;
    }
    if (fclose(f) != 0 && st == NS_OK) {
        st = NS_EIO;
        err = errno;
    }
    f = NULL;
    if (st != NS_OK) {
        fprintf(stderr, "%s: %s: write failed: %s\n", cli->prog, path,
                err != 0 ? strerror(err) : ns_ctx_errmsg(cli->ctx));
        remove(tmp);
        rc = CLI_EXIT_FAILURE;
        goto cleanup;
    }
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "%s: %s: cannot replace: %s\n", cli->prog, path, strerror(errno));
        remove(tmp);
        rc = CLI_EXIT_FAILURE;
    }

cleanup:
    if (f != NULL) {
        fclose(f);
    }
    return rc;
}

/* JSON string escaping for the provenance (paths and versions). */
static void json_string(char *out, size_t size, const char *s)
{
    size_t n = 0;
    if (size < 3) {
        return;
    }
    out[n++] = '"';
    for (; *s != '\0' && n + 8 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < 0x20) {
            n += (size_t)snprintf(out + n, size - n, "\\u%04x", c);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n++] = '"';
    out[n] = '\0';
}

static int make_dir(cli_t *cli, const char *dir)
{
    struct stat sb;
    if (lstat(dir, &sb) == 0) {
        if (S_ISLNK(sb.st_mode)) {
            fprintf(stderr,
                    "%s: run: -o %s: a symbolic link; refusing to write through it (name the "
                    "real folder)\n",
                    cli->prog, dir);
            return CLI_EXIT_USAGE;
        }
        if (!S_ISDIR(sb.st_mode)) {
            fprintf(stderr,
                    "%s: run: -o %s: exists and is not a folder; refusing to overwrite it\n",
                    cli->prog, dir);
            return CLI_EXIT_USAGE;
        }
        return CLI_EXIT_OK;
    }
    if (mkdir(dir, 0777) != 0) {
        fprintf(stderr, "%s: run: -o %s: cannot create the folder: %s\n", cli->prog, dir,
                strerror(errno));
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

static int run_run(cli_t *cli, int argc, char **argv)
{
    cli_process_opts_t opts;
    const char *dir = "normsim-out";
    ns_world_t *w = NULL;
    ns_timeline_t tl;
    ns_process_params_t params;
    ns_status st = NS_OK;
    int rc = CLI_EXIT_OK;
    char line[1024];
    char head[4096];
    char data[512];
    char scen[1024];
    memset(&opts, 0, sizeof opts);
    memset(&tl, 0, sizeof tl);
    for (int i = 1; i < argc; i++) {
        int r = cli_common_option(cli, "run", argc, argv, &i);
        if (r == 0) {
            r = cli_process_option(cli, "run", argc, argv, &i, &opts);
        }
        if (r == 0) {
            r = cli_option_value(cli, "run", "-o", argc, argv, &i, &dir);
        }
        if (r == 0) {
            r = cli_option_value(cli, "run", "--output", argc, argv, &i, &dir);
        }
        if (r == 0) {
            rc = cli_usage(cli, "run", "unexpected argument '%s'", argv[i]);
            goto cleanup;
        }
        if (r < 0) {
            rc = CLI_EXIT_USAGE;
            goto cleanup;
        }
    }
    if (dir[0] == '\0') {
        rc = cli_usage(cli, "run", "-o needs a folder name");
        goto cleanup;
    }
    if ((rc = cli_process_setup(cli, "run", &opts, &w, &params)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    /* Refuse a bad -o before the work, not after. */
    if ((rc = make_dir(cli, dir)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    if ((st = ns_timeline_run(cli->ctx, w, &params, &tl)) != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    cli_process_provenance(w, &params, opts.scenario, line, sizeof line);
    json_string(data, sizeof data, ns_world_data_version(w));
    json_string(scen, sizeof scen, opts.scenario != NULL ? opts.scenario : "");
    snprintf(
        head, sizeof head,
        "{\"data_version\": %s, \"software\": \"%s\", \"scenario\": %s,\n"
        " \"model\": \"consensus drafting (model 7)\", \"loss\": \"%s\",\n"
        " \"parameters\": {\"forum_shopping\": %.17g, \"summary_record\": %.17g, "
        "\"will_scale\": %.17g, \"persuasion\": %.17g, \"summary_available\": %s, "
        "\"record_will\": %d, \"record_stances\": %d, \"record_salience\": %d, "
        "\"record_views\": %d, \"record_agenda\": %d},\n"
        " \"replicates\": %zu, \"replicates_large\": %zu, \"seed\": %" PRIu64 ",\n"
        " \"sessions\": ",
        data, ns_version(), scen,
        params.consensus.loss == NS_LOSS_QUADRATIC ? "quadratic" : "linear",
        params.consensus.forum_shopping, params.consensus.summary_record, params.will_scale,
        params.persuasion, params.consensus.summary_available ? "true" : "false",
        (params.record_rules & NS_RULE_WILL) != 0, (params.record_rules & NS_RULE_STANCES) != 0,
        (params.record_rules & NS_RULE_SALIENCE) != 0, (params.record_rules & NS_RULE_VIEWS) != 0,
        (params.record_rules & NS_RULE_AGENDA) != 0, params.replicates, params.replicates_large,
        params.seed);
    const file_content_t files[] = {
        {.rows = tl.events, .fmt = NS_FORMAT_CSV},
        {.rows = tl.sessions, .fmt = NS_FORMAT_JSON, .head = head, .tail = "}\n"},
        {.rows = tl.votes, .fmt = NS_FORMAT_CSV},
        {.w = w, .tl = &tl, .provenance = line, .dir = dir},
    };
    static const char *const names[] = {"timeline.csv", "sessions.json", "votes.csv",
                                        "report.html"};
    for (size_t k = 0; k < 4; k++) {
        if ((rc = write_file(cli, dir, names[k], &files[k])) != CLI_EXIT_OK) {
            goto cleanup;
        }
    }
    char title[1400];
    snprintf(title, sizeof title,
             "The UN process 1998-2026 replayed: forecasts beside outcomes (p = P(consensus "
             "report), 90%% band). %s",
             line);
    rc = cli_write_table(
        cli, tl.events, title,
        "verified,date,start_year,end_year,line,replicates,membership,chair,sponsor,event");
    if (rc == CLI_EXIT_OK && cli->format == NS_FORMAT_TABLE) {
        char wrote[4 * 4096 + 128];
        snprintf(wrote, sizeof wrote,
                 "\nwrote %s/timeline.csv, %s/sessions.json, %s/votes.csv, %s/report.html\n", dir,
                 dir, dir, dir);
        cli_print_wrapped(cli, wrote);
    }

cleanup:
    ns_timeline_free(&tl);
    ns_world_free(w);
    return rc;
}

const cli_command_t cli_cmd_run = {
    "run", "replay the UN process 1998-2026: forecasts beside what happened", run_help, run_run};
