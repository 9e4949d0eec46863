/* The two baselines a diffusion forecast is scored against: the Bass model and a
 * logistic curve on the cumulative counts, each fitted by least squares to the same
 * years.
 *
 * Bass (1969): the share F(t) of the potential m that has adopted by time t solves
 * dF/dt = (p + q F)(1 - F), so
 *     F(t) = (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t),
 * with p the coefficient of innovation and q of imitation. The parameters are fitted as
 * Srinivasan and Mason (1986) do, by nonlinear least squares on the adoptions of each
 * period, a_k = m (F(k) - F(k-1)), not on the cumulative counts, whose errors are
 * autocorrelated.
 * Logistic: N(t) = K / (1 + e^-r(t - t0)), least squares on the cumulative counts (the
 * curve of Griliches 1957, the usual benchmark of epidemic diffusion).
 * Time t counts years from the end of the year before the first: t = k + 1 at the end
 * of the k-th year (k from 0). The potential m and the ceiling K are kept between the
 * last count fitted and the number of states that can adopt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "diffusion/fit_internal.h"

#include <math.h>
#include <string.h>

double ns__nelder_mead(ns__nm_cb fn, void *arg, double *x)
{
    enum { D = NS__NM_DIM };
    double simplex[D + 1][D], val[D + 1];
    for (int restart = 0; restart < 2; restart++) {
        for (int v = 0; v <= D; v++) {
            memcpy(simplex[v], x, sizeof simplex[v]);
            if (v > 0) {
                simplex[v][v - 1] += 1.0;
            }
            val[v] = fn(arg, simplex[v]);
        }
        for (int iter = 0; iter < 2000; iter++) {
            /* Order: best first. */
            for (int a = 1; a <= D; a++) {
                for (int b = a; b > 0 && val[b] < val[b - 1]; b--) {
                    double tv = val[b];
                    val[b] = val[b - 1];
                    val[b - 1] = tv;
                    double tx[D];
                    memcpy(tx, simplex[b], sizeof tx);
                    memcpy(simplex[b], simplex[b - 1], sizeof tx);
                    memcpy(simplex[b - 1], tx, sizeof tx);
                }
            }
            if (fabs(val[D] - val[0]) < 1e-9 * (1 + fabs(val[0]))) {
                break;
            }
            double c[D] = {0}, r[D], t[D];
            for (int v = 0; v < D; v++) {
                for (int k = 0; k < D; k++) {
                    c[k] += simplex[v][k] / D;
                }
            }
            for (int k = 0; k < D; k++) {
                r[k] = c[k] + (c[k] - simplex[D][k]);
            }
            double fr = fn(arg, r);
            if (fr < val[0]) {
                for (int k = 0; k < D; k++) {
                    t[k] = c[k] + 2.0 * (c[k] - simplex[D][k]);
                }
                double fe = fn(arg, t);
                bool expand = fe < fr;
                memcpy(simplex[D], expand ? t : r, sizeof t);
                val[D] = expand ? fe : fr;
            } else if (fr < val[D - 1]) {
                memcpy(simplex[D], r, sizeof r);
                val[D] = fr;
            } else {
                for (int k = 0; k < D; k++) {
                    t[k] = c[k] + 0.5 * (simplex[D][k] - c[k]);
                }
                double fc = fn(arg, t);
                if (fc < val[D]) {
                    memcpy(simplex[D], t, sizeof t);
                    val[D] = fc;
                } else {
                    for (int v = 1; v <= D; v++) {
                        for (int k = 0; k < D; k++) {
                            simplex[v][k] = simplex[0][k] + 0.5 * (simplex[v][k] - simplex[0][k]);
                        }
                        val[v] = fn(arg, simplex[v]);
                    }
                }
            }
        }
        int best = 0;
        for (int v = 1; v <= D; v++) {
            best = val[v] < val[best] ? v : best;
        }
        memcpy(x, simplex[best], sizeof simplex[best]);
    }
    return fn(arg, x);
}

static double logistic(double x)
{
    return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
}

double ns_curve_at(const ns_curve_t *c, double t)
{
    if (c->kind == NS_CURVE_BASS) {
        if (t <= 0) {
            return 0.0;
        }
        double e = exp(-(c->p + c->q) * t);
        return c->m * (1.0 - e) / (1.0 + (c->q / c->p) * e);
    }
    return c->k * logistic(c->r * (t - c->t0));
}

typedef struct curve_data {
    ns_curve_kind_t kind;
    const double *cum;
    size_t n;
    double floor, ceiling; /* Bounds of m or K. */
} curve_data_t;

/* The unconstrained coordinates: Bass (log p, log q, z), logistic (log r, t0, z), with
 * m or K = floor + (ceiling - floor) logistic(z). */
static void unpack(const curve_data_t *d, const double *x, ns_curve_t *c)
{
    memset(c, 0, sizeof *c);
    c->kind = d->kind;
    double top = d->floor + (d->ceiling - d->floor) * logistic(x[2]);
    if (d->kind == NS_CURVE_BASS) {
        c->p = exp(fmax(-30, fmin(5, x[0])));
        c->q = exp(fmax(-30, fmin(5, x[1])));
        c->m = top;
    } else {
        c->r = exp(fmax(-30, fmin(5, x[0])));
        c->t0 = x[1];
        c->k = top;
    }
}

static double sse(void *arg, const double *x)
{
    const curve_data_t *d = arg;
    ns_curve_t c;
    unpack(d, x, &c);
    double s = 0;
    for (size_t k = 0; k < d->n; k++) {
        double t = (double)k + 1;
        double e;
        if (d->kind == NS_CURVE_BASS) {
            double observed = d->cum[k] - (k > 0 ? d->cum[k - 1] : 0.0);
            e = ns_curve_at(&c, t) - ns_curve_at(&c, t - 1) - observed;
        } else {
            e = ns_curve_at(&c, t) - d->cum[k];
        }
        s += e * e;
    }
    return isfinite(s) ? s : HUGE_VAL;
}

ns_status ns_curve_fit(ns_ctx_t *ctx, ns_curve_kind_t kind, const double *cumulative, size_t n,
                       double ceiling, ns_curve_t *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    if (n < 3) {
        return ns_error(ctx, NS_EINVAL,
                        "a %s curve has three parameters: it needs at least 3 years to fit, "
                        "not %zu",
                        kind == NS_CURVE_BASS ? "Bass" : "logistic", n);
    }
    double last = cumulative[n - 1];
    if (!(ceiling >= last) || !(last > 0)) {
        return ns_error(ctx, NS_EINVAL,
                        "curve fit: the counts must rise above 0 and stay within the %g "
                        "states that can adopt",
                        ceiling);
    }
    /* The ceiling must stay above the last count; a hair above it when they are equal, so
     * that the transform is defined. */
    curve_data_t d = {kind, cumulative, n, last, ceiling > last ? ceiling : last + 1e-9};
    /* Several starts, the best kept: the surface is flat in some directions (a young
     * series says little about m) and Nelder-Mead is local. */
    static const double bass_starts[][2] = {{0.01, 0.3}, {0.001, 0.8}, {0.05, 0.05}, {0.1, 1.0}};
    static const double z_starts[] = {-2.0, 0.0, 2.0};
    double best_val = HUGE_VAL;
    double best_x[NS__NM_DIM] = {0, 0, 0};
    for (size_t a = 0; a < sizeof bass_starts / sizeof bass_starts[0]; a++) {
        for (size_t b = 0; b < sizeof z_starts / sizeof z_starts[0]; b++) {
            double x[NS__NM_DIM];
            if (kind == NS_CURVE_BASS) {
                x[0] = log(bass_starts[a][0]);
                x[1] = log(bass_starts[a][1]);
            } else {
                /* Rate from the start's q, midpoint spread over the window. */
                x[0] = log(bass_starts[a][1] + 0.1);
                x[1] = (double)n * (double)(a + 1) / 4.0;
            }
            x[2] = z_starts[b];
            double v = ns__nelder_mead(sse, &d, x);
            if (v < best_val) {
                best_val = v;
                memcpy(best_x, x, sizeof x);
            }
        }
    }
    if (!isfinite(best_val)) {
        return ns_error(ctx, NS_ENOCONV, "the %s curve fit did not converge",
                        kind == NS_CURVE_BASS ? "Bass" : "logistic");
    }
    unpack(&d, best_x, out);
    out->sse = best_val;
    return NS_OK;
}
