/* The MPI side of normsim-mpi: the few collective steps `sweep` needs to spread a study
 * over ranks (docs/MPI.md). Built into the plain normsim too, where NS_WITH_MPI is not
 * defined and every function is the one-rank stub, so the CLI globs stay one list.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_CLI_MPI_H
#define NS_CLI_MPI_H

#include <stdbool.h>
#include <stdint.h>

typedef struct cli_mpi {
    int rank; /* 0 .. size-1 in MPI_COMM_WORLD */
    int size;
    bool started; /* MPI_Init_thread succeeded: cli_mpi_stop() must finalize */
} cli_mpi_t;

/* Start MPI (threads funnelled: OpenMP threads never call MPI). Returns 0, or
 * CLI_EXIT_FAILURE after printing why. Without NS_WITH_MPI: rank 0 of 1. */
int cli_mpi_start(cli_mpi_t *mpi, const char *prog);

/* Wait for every rank, then finalize MPI if it was started. Every rank calls it once,
 * last, after its cleanup. */
void cli_mpi_stop(cli_mpi_t *mpi);

/* The worst exit code over all ranks (2 > 1 > 0): every rank calls it at the same step
 * and continues only if it is 0, so that an error on one rank stops them all. */
int cli_mpi_agree(const cli_mpi_t *mpi, int rc);

/* The sum of a count over all ranks. */
uint64_t cli_mpi_sum(const cli_mpi_t *mpi, uint64_t value);

/* Rank 0's text and exit code to every rank: on rank 0 *text is its text (or NULL when
 * rc != 0); elsewhere *text receives a malloc'd copy (NULL when rank 0's rc != 0).
 * Returns rank 0's rc, or CLI_EXIT_FAILURE when a copy cannot be allocated. */
int cli_mpi_share_text(const cli_mpi_t *mpi, int rc, char **text);

#endif
