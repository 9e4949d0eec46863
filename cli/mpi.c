/* The MPI side of normsim-mpi (see mpi.h). Only this file includes mpi.h; the library
 * knows nothing of MPI.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "mpi.h"

#include "cli.h"

#include <stdlib.h>
#include <string.h>

#ifdef NS_WITH_MPI
#include <mpi.h>
#include <time.h>

/* Wait for a collective without spinning. A rank that is done waits, at the end of its
 * shard, for the slowest one, and rank 0's merge keeps the others waiting too: Open
 * MPI's blocking calls poll a core at 100 % all that time, a core that the OpenMP
 * threads of the other ranks on the node could use. Testing every millisecond costs at
 * most a few ms per step, against minutes of waiting in a large study. */
static void wait_idle(MPI_Request *request)
{
    const struct timespec pause = {0, 1000000};
    int done = 0;
    MPI_Test(request, &done, MPI_STATUS_IGNORE);
    while (!done) {
        nanosleep(&pause, NULL);
        MPI_Test(request, &done, MPI_STATUS_IGNORE);
    }
}

int cli_mpi_start(cli_mpi_t *mpi, const char *prog)
{
    int provided = 0;
    mpi->rank = 0;
    mpi->size = 1;
    mpi->started = false;
    /* FUNNELED: the study's OpenMP threads compute, only the main thread calls MPI. */
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "%s: sweep: MPI could not be started\n", prog);
        return CLI_EXIT_FAILURE;
    }
    mpi->started = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi->size);
    return CLI_EXIT_OK;
}

void cli_mpi_stop(cli_mpi_t *mpi)
{
    if (mpi->started) {
        /* mpirun ends the whole job as soon as one rank exits non-zero: wait until every
         * rank has finished its cleanup (removing a shard it made) before any exits. */
        MPI_Request request;
        MPI_Ibarrier(MPI_COMM_WORLD, &request);
        wait_idle(&request);
        MPI_Finalize();
        mpi->started = false;
    }
}

int cli_mpi_agree(const cli_mpi_t *mpi, int rc)
{
    int worst = rc;
    MPI_Request request;
    MPI_Iallreduce(&rc, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &request);
    wait_idle(&request);
    (void)mpi;
    return worst;
}

uint64_t cli_mpi_sum(const cli_mpi_t *mpi, uint64_t value)
{
    uint64_t sum = value;
    MPI_Request request;
    MPI_Iallreduce(&value, &sum, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD, &request);
    wait_idle(&request);
    (void)mpi;
    return sum;
}

int cli_mpi_share_text(const cli_mpi_t *mpi, int rc, char **text)
{
    /* head[0]: rank 0's exit code; head[1]: the text's length. The scenario is at most
     * 64 MiB (cmd_sweep.c), so it fits one int-counted broadcast. */
    long long head[2] = {rc, 0};
    if (mpi->rank == 0 && rc == CLI_EXIT_OK) {
        head[1] = (long long)strlen(*text);
    }
    MPI_Bcast(head, 2, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    if (head[0] != CLI_EXIT_OK) {
        return (int)head[0];
    }
    char *copy = mpi->rank == 0 ? *text : malloc((size_t)head[1] + 1);
    /* Agree before the broadcast: a rank that could not allocate must not leave the
     * others waiting in it. */
    int ok = copy != NULL, all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all_ok) {
        if (!ok) {
            fprintf(stderr, "normsim: out of memory\n");
        }
        if (mpi->rank != 0) {
            free(copy);
        }
        return CLI_EXIT_FAILURE;
    }
    MPI_Bcast(copy, (int)head[1] + 1, MPI_CHAR, 0, MPI_COMM_WORLD);
    *text = copy;
    return CLI_EXIT_OK;
}

#else /* One rank, no MPI: the plain normsim. */

int cli_mpi_start(cli_mpi_t *mpi, const char *prog)
{
    (void)prog;
    mpi->rank = 0;
    mpi->size = 1;
    mpi->started = false;
    return CLI_EXIT_OK;
}

void cli_mpi_stop(cli_mpi_t *mpi)
{
    (void)mpi;
}

int cli_mpi_agree(const cli_mpi_t *mpi, int rc)
{
    (void)mpi;
    return rc;
}

uint64_t cli_mpi_sum(const cli_mpi_t *mpi, uint64_t value)
{
    (void)mpi;
    return value;
}

int cli_mpi_share_text(const cli_mpi_t *mpi, int rc, char **text)
{
    (void)mpi;
    (void)text;
    return rc;
}

#endif
