/* normsim merge: join the shard files of one study.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: normsim merge OUT.sqlite SHARD.sqlite... [--partial]\n"
    "\n"
    "Join the shard files of one study (made by 'normsim sweep --shard I/N') into a new\n"
    "study file. The shards must come from the same study: the same model, scenario\n"
    "(canonical JSON), seed, runs, grid, data and software versions; a shard of another\n"
    "study is refused with the field that differs. Results present in several shards must\n"
    "agree. The merged file exports the same results, byte for byte, as the study run in\n"
    "one process. The shards are only read (a read-only file or folder is fine).\n"
    "\n"
    "Every shard I/N of the run must be given once: a file given twice, the same shard\n"
    "index twice, or a missing shard is refused (the message names the missing ones).\n"
    "OUT must not exist; it appears only once the merge is complete.\n"
    "\n"
    "options:\n"
    "  --partial   merge an incomplete set of shards (or a merged study with others); the\n"
    "              output records the shards it holds (merged_shards, missing_shards in\n"
    "              'normsim export OUT study'), and 'normsim sweep --resume OUT' runs the\n"
    "              missing replicates\n"
    "  --format F  table (default: a line), or csv or json: one row with study, shards\n"
    "              (files given), merged_shards (0/2, 1/2), missing_shards (empty when\n"
    "              complete; unknown), replicates and complete (yes or no)\n"
    "\n"
    "examples:\n"
    "  normsim sweep examples/frontier.yaml --vary body_size=15,25 --runs 20 --shard 0/2\n"
    "  normsim sweep examples/frontier.yaml --vary body_size=15,25 --runs 20 --shard 1/2\n"
    "  normsim merge frontier.sqlite frontier-shard0of2.sqlite frontier-shard1of2.sqlite\n"
    "\n"
    "exit codes: 0 merged, 1 failure while writing (disk full, read-only folder), 2 bad\n"
    "usage, a missing shard, a shard given twice, not a study, shards of different\n"
    "studies.\n";

/* csv and json: one row, study, shards (files given), merged_shards ("0/2, 1/2"; empty
 * when no shard index is recorded), missing_shards (empty when complete; "unknown"),
 * replicates, complete (yes or no). */
static int print_rows(cli_t *cli, const char *study, size_t shards, const char *merged,
                      const char *missing, uint64_t replicates)
{
    static const char *const cols[] = {"study",          "shards",     "merged_shards",
                                       "missing_shards", "replicates", "complete"};
    ns_rows_t *rows = NULL;
    ns_status st = ns_rows_new(cli->ctx, cols, sizeof cols / sizeof cols[0], &rows);
    if (st == NS_OK && (st = ns_rows_add(rows)) == NS_OK) {
        ns_rows_set(rows, 0, study);
        ns_rows_setf(rows, 1, "%zu", shards);
        ns_rows_set(rows, 2, merged);
        ns_rows_set(rows, 3, missing);
        ns_rows_setf(rows, 4, "%llu", (unsigned long long)replicates);
        st = ns_rows_set(rows, 5, missing[0] == '\0' ? "yes" : "no");
    }
    int rc = st == NS_OK ? cli_write_rows(cli, rows, NULL) : cli_fail(cli, st);
    ns_rows_free(rows);
    return rc;
}

static int run_merge(cli_t *cli, int argc, char **argv)
{
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t n = 0;
    bool partial = false;
    int rc = CLI_EXIT_OK;
    char *merged = NULL, *missing = NULL;
    if (files == NULL) {
        fprintf(stderr, "%s: out of memory\n", cli->prog);
        return CLI_EXIT_FAILURE;
    }
    for (int i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            goto cleanup;
        }
        if (strcmp(argv[i], "--partial") == 0) {
            partial = true;
            continue;
        }
        if ((r = cli_common_option(cli, "merge", argc, argv, &i)) != 0) {
            if (r < 0) {
                rc = CLI_EXIT_USAGE;
                goto cleanup;
            }
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            rc = cli_usage(cli, "merge", "unknown option '%s'", argv[i]);
            goto cleanup;
        }
        files[n++] = argv[i];
    }
    if (n < 2) {
        rc = cli_usage(cli, "merge", "an output file and at least one shard are required");
        goto cleanup;
    }
    ns_status st = ns_study_merge(cli->ctx, files[0], files + 1, n - 1, partial);
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    uint64_t replicates = 0;
    ns_store_t *store = NULL;
    st = ns_store_open(cli->ctx, files[0], NS_STORE_READ, &store);
    if (st == NS_OK) {
        st = ns_store_count(cli->ctx, store, NULL, &replicates);
    }
    if (st == NS_OK) {
        st = ns_store_get_meta(cli->ctx, store, "merged_shards", &merged);
    }
    if (st == NS_OK) {
        st = ns_store_get_meta(cli->ctx, store, "missing_shards", &missing);
    }
    ns_store_close(store);
    if (st != NS_OK) {
        rc = cli_fail(cli, st);
        goto cleanup;
    }
    if (cli->format != NS_FORMAT_TABLE || cli->columns != NULL) {
        rc = print_rows(cli, files[0], n - 1, merged, missing, replicates);
        goto cleanup;
    }
    /* Say what was kept: the shards merged and, for a partial merge, what is missing. */
    printf("%s: %zu shards merged (%s), %llu replicates", files[0], n - 1,
           merged[0] != '\0' ? merged : "no shard index recorded", (unsigned long long)replicates);
    if (strcmp(missing, "unknown") == 0) {
        printf("; partial: which replicates are missing is not known "
               "('normsim sweep --resume %s' runs them)\n",
               files[0]);
    } else if (missing[0] != '\0') {
        printf("; partial: shards %s missing ('normsim sweep --resume %s' runs them)\n", missing,
               files[0]);
    } else {
        printf("; complete\n");
    }
cleanup:
    ns_free(cli->ctx, merged);
    ns_free(cli->ctx, missing);
    free(files);
    return rc;
}

const cli_command_t cli_cmd_merge = {"merge", "join the shard files of one study", help, run_merge};
