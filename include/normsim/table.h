/* normsim: actor tables, the input of the collective-decision models.
 *
 * A table holds, for each issue and actor, a position, a salience in [0, 1] and a
 * capability (>= 0), plus per issue an optional status quo, a recorded outcome and the
 * scale's ends. Stored dense, issue-major: cell (issue i, actor a) is at
 * i * n_actors + a. An actor that sits out an issue has NaN position there.
 *
 * The long CSV format has the header `issue,actor,position,salience,capability` and
 * optional columns `status_quo`, `outcome`, `scale_min`, `scale_max` (other columns are
 * ignored; the scale defaults to 0..100).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_TABLE_H
#define NORMSIM_TABLE_H

#include "normsim/core.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ns_table {
    size_t n_issues;
    size_t n_actors;
    char **issue;       /* n_issues ids, in order of first appearance. */
    char **actor;       /* n_actors names, in order of first appearance. */
    double *position;   /* n_issues * n_actors; NaN: the actor sits out the issue. */
    double *salience;   /* n_issues * n_actors; NaN: sits out. */
    double *capability; /* n_issues * n_actors. */
    double *status_quo; /* n_issues; NaN: none given. */
    double *outcome;    /* n_issues; NaN: none recorded. */
    double *scale_min;  /* n_issues. */
    double *scale_max;  /* n_issues. */
    size_t n_sat_out;   /* Rows read with a missing position or salience. */
} ns_table_t;

/* A table of n_issues x n_actors with every cell missing (NaN), scales 0..100, and
 * names "i1".., "a1".. . Free with ns_table_free(). */
ns_status ns_table_new(ns_ctx_t *ctx, size_t n_issues, size_t n_actors, ns_table_t **out);
void ns_table_free(ns_ctx_t *ctx, ns_table_t *table);
/* Replace a name (copied). */
ns_status ns_table_set_issue(ns_ctx_t *ctx, ns_table_t *t, size_t i, const char *id);
ns_status ns_table_set_actor(ns_ctx_t *ctx, ns_table_t *t, size_t a, const char *name);
/* The issues of t that have a status quo, as a new table (NULL when none has one);
 * keep (room for t->n_issues) gets their indices in t, *n_keep how many. For the models
 * that need a status quo (winset, nash): `forecast` and `validate` run them on these and
 * say which issues were skipped. NS_OK; NS_ENOMEM. */
ns_status ns_table_with_status_quo(ns_ctx_t *ctx, const ns_table_t *t, size_t *keep, size_t *n_keep,
                                   ns_table_t **out);

/**
 * Read a long CSV actor table.
 * @return NS_OK; NS_EPARSE/NS_EINVAL/NS_ERANGE naming file:line and the column (wrong
 *         header, text in a number column, salience outside [0,1], duplicate
 *         issue-actor row, empty file); NS_ELIMIT (line over 1 MiB, too many actors);
 *         NS_EIO/NS_ENOTFOUND; NS_ENOMEM.
 */
ns_status ns_table_read_file(ns_ctx_t *ctx, const char *path, ns_table_t **out);
ns_status ns_table_read_mem(ns_ctx_t *ctx, const char *name, const char *text, size_t size,
                            ns_table_t **out);
/* Write the long CSV form (the columns above, status_quo/outcome/scale only when any
 * issue has them). NS_EIO on a failed write. */
ns_status ns_table_write_csv(ns_ctx_t *ctx, const ns_table_t *t, FILE *out);

/* Index of cell (issue, actor). */
static inline size_t ns_table_at(const ns_table_t *t, size_t issue, size_t actor)
{
    return issue * t->n_actors + actor;
}

#ifdef __cplusplus
}
#endif
#endif
