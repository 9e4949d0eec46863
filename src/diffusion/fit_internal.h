/* Internals shared by the calibration (calibrate.c) and the baseline curves
 * (baselines.c). Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_DIFFUSION_FIT_INTERNAL_H
#define NS_DIFFUSION_FIT_INTERNAL_H

#include "diffusion/diffusion_internal.h"
#include "normsim/diffusion.h"

#define NS__NM_DIM 3

/* The function Nelder-Mead minimises: arg, a point of NS__NM_DIM coordinates. */
typedef double (*ns__nm_cb)(void *arg, const double *x);

/* Nelder and Mead (1965), standard coefficients, first simplex steps of 1 along each
 * axis, restarted once from the optimum so that a collapsed simplex does not stop it
 * early. x: in, the start; out, the best point. Returns the value there. No
 * allocation. */
double ns__nelder_mead(ns__nm_cb fn, void *arg, double *x);

/* Read a user's adoption events (columns iso3, date, optional event; ns_fit_file) into
 * a series of exactly dated adoptions: errors name FILE:LINE:COL: FIELD. The series'
 * horizon is the latest date of any row (of any event). */
ns_status ns__series_read_file(ns_ctx_t *ctx, const ns_world_t *world, const char *path,
                               const char *event, ns__series_t *out);

#endif
