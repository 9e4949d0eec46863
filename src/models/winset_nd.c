/* Win-sets in d dimensions (Tsebelis 2002, ch. 1; Romer and Rosenthal 1978 for the
 * setter; Nash 1950 for the bargaining solution): salience-weighted Euclidean
 * preferences (indifference curves are ellipsoids) and city-block (L1) preferences.
 *
 * The core test is exact up to a tolerance (a phase-one simplex, see in_core_subset);
 * the setter's outcome and the Nash solution are found numerically by a Nelder-Mead
 * simplex (own implementation, so that its memory goes through the context's allocation
 * hook) with the tolerances stated in normsim/winset.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "models/models.h"

#include <math.h>
#include <string.h>

#define PIVOT_TOL   1e-12
#define FEAS_TOL    1e-9
#define MAX_SUBSETS 100000

static double weight(const ns_committee_t *c, size_t i, size_t j)
{
    return c->salience != NULL ? c->salience[i * c->d + j] : 1.0;
}

double ns_winset_distance(const ns_committee_t *c, size_t i, const double *y)
{
    const double *x = c->ideal + i * c->d;
    double sum = 0.0;
    for (size_t j = 0; j < c->d; j++) {
        double diff = y[j] - x[j];
        sum += c->metric == NS_METRIC_EUCLIDEAN ? weight(c, i, j) * diff * diff
                                                : weight(c, i, j) * fabs(diff);
    }
    return c->metric == NS_METRIC_EUCLIDEAN ? sqrt(sum) : sum;
}

static size_t quota(const ns_committee_t *c)
{
    return c->k == 0 ? c->n : c->k;
}

static ns_status check(ns_ctx_t *ctx, const ns_committee_t *c)
{
    if (c->n == 0 || c->d == 0 || c->ideal == NULL || quota(c) > c->n ||
        (c->metric != NS_METRIC_EUCLIDEAN && c->metric != NS_METRIC_CITYBLOCK)) {
        return ns_error(ctx, NS_EINVAL,
                        "win-set: malformed committee (n %zu, d %zu, k %zu, metric %d)", c->n, c->d,
                        c->k, (int)c->metric);
    }
    return NS_OK;
}

/* Member i strictly prefers y to q, with the tolerance of normsim/winset.h. */
static bool prefers(const ns_committee_t *c, size_t i, const double *q, const double *y)
{
    double dq = ns_winset_distance(c, i, q);
    return ns_winset_distance(c, i, y) < dq - NS_WINSET_TOL * (1.0 + dq);
}

/* Member i weakly accepts y (y in the closure of its preferred-to set). */
static bool accepts(const ns_committee_t *c, size_t i, const double *q, const double *y)
{
    double dq = ns_winset_distance(c, i, q);
    return ns_winset_distance(c, i, y) <= dq + NS_WINSET_TOL * (1.0 + dq);
}

ns_status ns_winset_contains(ns_ctx_t *ctx, const ns_committee_t *c, const double *q,
                             const double *y, bool *out)
{
    ns_status st = check(ctx, c);
    if (st != NS_OK) {
        return st;
    }
    size_t count = 0;
    for (size_t i = 0; i < c->n; i++) {
        count += prefers(c, i, q, y);
    }
    *out = count >= quota(c);
    return NS_OK;
}

/* ---- The core: a phase-one simplex ------------------------------------------------- */

/* Is { z >= 0 : A z = b } non-empty? A is m x nv (row-major), b >= 0. Phase one of the
 * simplex method with one artificial variable per row, Bland's rule (no cycling), pivot
 * tolerance 1e-12; feasible when the artificial sum falls to FEAS_TOL * (1 + sum b). */
static ns_status feasible(ns_ctx_t *ctx, size_t m, size_t nv, const double *A, const double *b,
                          bool *out)
{
    size_t cols = nv + m, width = cols + 1;
    double *T = ns_calloc(ctx, (m + 1) * width, sizeof *T);
    size_t *basis = ns_calloc(ctx, m + 1, sizeof *basis);
    if (T == NULL || basis == NULL) {
        ns_free(ctx, T);
        ns_free(ctx, basis);
        return NS_ENOMEM;
    }
    double *d = T + m * width; /* minus the reduced costs of the phase-one objective */
    double total = 0.0;
    for (size_t r = 0; r < m; r++) {
        double *row = T + r * width;
        memcpy(row, A + r * nv, nv * sizeof *row);
        row[nv + r] = 1.0;
        row[cols] = b[r];
        basis[r] = nv + r;
        total += b[r];
        for (size_t j = 0; j < nv; j++) {
            d[j] += row[j];
        }
        d[cols] += b[r];
    }
    for (size_t it = 0; it < 50 * (m + cols); it++) {
        size_t enter = cols;
        for (size_t j = 0; j < cols && enter == cols; j++) {
            if (d[j] > PIVOT_TOL) {
                enter = j; /* Bland: the first improving column */
            }
        }
        if (enter == cols) {
            break;
        }
        size_t leave = m;
        double best = HUGE_VAL;
        for (size_t r = 0; r < m; r++) {
            double a = T[r * width + enter];
            if (a > PIVOT_TOL) {
                double ratio = T[r * width + cols] / a;
                if (ratio < best - PIVOT_TOL ||
                    (ratio <= best + PIVOT_TOL && leave < m && basis[r] < basis[leave])) {
                    best = ratio;
                    leave = r;
                }
            }
        }
        if (leave == m) {
            break; /* unbounded cannot happen in phase one; stop defensively */
        }
        double *prow = T + leave * width;
        double p = prow[enter];
        for (size_t j = 0; j < width; j++) {
            prow[j] /= p;
        }
        for (size_t r = 0; r <= m; r++) {
            double *row = T + r * width;
            double f = row[enter];
            if (r == leave || f == 0.0) {
                continue;
            }
            for (size_t j = 0; j < width; j++) {
                row[j] -= f * prow[j];
            }
        }
        basis[leave] = enter;
    }
    *out = d[cols] <= FEAS_TOL * (1.0 + total);
    ns_free(ctx, T);
    ns_free(ctx, basis);
    return NS_OK;
}

/* Unanimity core of the members in subset[0..n): W(q) is empty iff no direction v
 * improves every member's (concave) utility at q, iff (Gordan's theorem) 0 is in the
 * convex hull of the union of their superdifferentials at q. Euclidean: the gradient
 * g_i = S_i (x_i - q) / |x_i - q|_S. City-block: g_ij = s_ij sign(x_ij - q_j), and any
 * value in [-s_ij, s_ij] where x_ij = q_j. LP in z = (lambda, p, m, t) >= 0:
 *   sum_i lambda_i g_i(fixed part) + sum_ties (p_ij - m_ij) = 0  (d rows)
 *   sum_i lambda_i = 1
 *   p_ij + m_ij + t_ij - s_ij lambda_i = 0                        (one row per tie)
 * A member already at q's distance zero cannot gain: q is then in the core at once. */
static ns_status in_core_subset(ns_ctx_t *ctx, const ns_committee_t *c, const size_t *subset,
                                size_t n, const double *q, bool *out)
{
    size_t d = c->d, ties = 0;
    for (size_t s = 0; s < n; s++) {
        if (ns_winset_distance(c, subset[s], q) <= 0.0) {
            *out = true;
            return NS_OK;
        }
        for (size_t j = 0; c->metric == NS_METRIC_CITYBLOCK && j < d; j++) {
            ties += c->ideal[subset[s] * d + j] == q[j] && weight(c, subset[s], j) > 0.0;
        }
    }
    size_t m = d + 1 + ties, nv = n + 3 * ties;
    double *A = ns_calloc(ctx, m * nv + 1, sizeof *A);
    double *b = ns_calloc(ctx, m, sizeof *b);
    ns_status st = NS_OK;
    if (A == NULL || b == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    size_t tie = 0;
    for (size_t s = 0; s < n; s++) {
        size_t i = subset[s];
        const double *x = c->ideal + i * d;
        double norm = ns_winset_distance(c, i, q);
        for (size_t j = 0; j < d; j++) {
            double w = weight(c, i, j);
            if (c->metric == NS_METRIC_EUCLIDEAN) {
                A[j * nv + s] = w * (x[j] - q[j]) / norm;
            } else if (x[j] != q[j]) {
                A[j * nv + s] = x[j] > q[j] ? w : -w;
            } else if (w > 0.0) {
                size_t row = d + 1 + tie, col = n + 3 * tie;
                A[j * nv + col] = 1.0;      /* p */
                A[j * nv + col + 1] = -1.0; /* m */
                A[row * nv + col] = 1.0;
                A[row * nv + col + 1] = 1.0;
                A[row * nv + col + 2] = 1.0; /* slack t */
                A[row * nv + s] = -w;
                tie++;
            }
        }
        A[d * nv + s] = 1.0;
    }
    b[d] = 1.0;
    st = feasible(ctx, m, nv, A, b, out);
cleanup:
    ns_free(ctx, A);
    ns_free(ctx, b);
    return st;
}

ns_status ns_winset_in_core(ns_ctx_t *ctx, const ns_committee_t *c, const double *q, bool *out)
{
    ns_status st = check(ctx, c);
    if (st != NS_OK) {
        return st;
    }
    size_t n = c->n, k = quota(c);
    /* C(n, k), refused beyond MAX_SUBSETS. */
    double subsets = 1.0;
    for (size_t r = 0; r < k; r++) {
        subsets = subsets * (double)(n - r) / (double)(r + 1);
    }
    if (subsets > MAX_SUBSETS + 0.5) {
        return ns_error(ctx, NS_ELIMIT,
                        "core test: %zu-of-%zu needs %.0f subsets; at most %d are tried", k, n,
                        subsets, MAX_SUBSETS);
    }
    size_t *subset = ns_malloc(ctx, k * sizeof *subset);
    if (subset == NULL) {
        return NS_ENOMEM;
    }
    for (size_t r = 0; r < k; r++) {
        subset[r] = r;
    }
    *out = true;
    for (;;) {
        bool core = true;
        if ((st = in_core_subset(ctx, c, subset, k, q, &core)) != NS_OK) {
            break;
        }
        if (!core) {
            *out = false; /* these k members agree on a move */
            break;
        }
        /* Next k-subset in lexicographic order. */
        size_t r = k;
        while (r > 0 && subset[r - 1] == n - k + r - 1) {
            r--;
        }
        if (r == 0) {
            break;
        }
        subset[r - 1]++;
        for (size_t s = r; s < k; s++) {
            subset[s] = subset[s - 1] + 1;
        }
    }
    ns_free(ctx, subset);
    return st;
}

/* ---- Nelder-Mead ------------------------------------------------------------------ */

typedef double (*objective_fn)(const double *y, const void *data);

typedef struct simplex {
    size_t d;
    double *v;   /* (d + 1) * d vertices */
    double *f;   /* d + 1 values */
    double *cen; /* d: centroid */
    double *tr;  /* d: trial points */
    double *tr2; /* d */
} simplex_t;

static ns_status simplex_init(ns_ctx_t *ctx, simplex_t *s, size_t d)
{
    s->d = d;
    s->v = ns_calloc(ctx, (d + 1) * d, sizeof(double));
    s->f = ns_calloc(ctx, d + 1, sizeof(double));
    s->cen = ns_calloc(ctx, 3 * d, sizeof(double));
    if (s->v == NULL || s->f == NULL || s->cen == NULL) {
        return NS_ENOMEM;
    }
    s->tr = s->cen + d;
    s->tr2 = s->cen + 2 * d;
    return NS_OK;
}

static void simplex_destroy(ns_ctx_t *ctx, simplex_t *s)
{
    ns_free(ctx, s->v);
    ns_free(ctx, s->f);
    ns_free(ctx, s->cen);
}

/* Minimise fn from start with initial steps `step`, until the simplex's largest edge
 * from the best vertex is below tol or 200 d^2 + 2000 iterations. The best point is
 * left in start. Standard coefficients (reflection 1, expansion 2, contraction 1/2,
 * shrink 1/2; Lagarias et al. 1998). */
static void nelder_mead(simplex_t *s, objective_fn fn, const void *data, double *start, double step,
                        double tol)
{
    size_t d = s->d, best = 0;
    for (size_t p = 0; p <= d; p++) {
        double *v = s->v + p * d;
        memcpy(v, start, d * sizeof *v);
        if (p > 0) {
            v[p - 1] += step;
        }
        s->f[p] = fn(v, data);
    }
    for (size_t it = 0; it < 200 * d * d + 2000; it++) {
        size_t worst = 0, second = 0;
        best = 0;
        for (size_t p = 1; p <= d; p++) {
            if (s->f[p] < s->f[best]) {
                best = p;
            }
            if (s->f[p] > s->f[worst]) {
                worst = p;
            }
        }
        second = best;
        for (size_t p = 0; p <= d; p++) {
            if (p != worst && s->f[p] > s->f[second]) {
                second = p;
            }
        }
        double size = 0.0;
        for (size_t p = 0; p <= d; p++) {
            for (size_t j = 0; j < d; j++) {
                size = fmax(size, fabs(s->v[p * d + j] - s->v[best * d + j]));
            }
        }
        if (size < tol) {
            break;
        }
        double *w = s->v + worst * d;
        for (size_t j = 0; j < d; j++) {
            double sum = 0.0;
            for (size_t p = 0; p <= d; p++) {
                sum += p == worst ? 0.0 : s->v[p * d + j];
            }
            s->cen[j] = sum / (double)d;
            s->tr[j] = 2.0 * s->cen[j] - w[j];
        }
        double fr = fn(s->tr, data);
        if (fr < s->f[best]) {
            for (size_t j = 0; j < d; j++) {
                s->tr2[j] = 3.0 * s->cen[j] - 2.0 * w[j];
            }
            double fe = fn(s->tr2, data);
            bool expand = fe < fr;
            memcpy(w, expand ? s->tr2 : s->tr, d * sizeof *w);
            s->f[worst] = expand ? fe : fr;
            continue;
        }
        if (fr < s->f[second]) {
            memcpy(w, s->tr, d * sizeof *w);
            s->f[worst] = fr;
            continue;
        }
        /* Contract towards the better of the worst vertex and its reflection. */
        bool outside = fr < s->f[worst];
        for (size_t j = 0; j < d; j++) {
            s->tr2[j] = outside ? 0.5 * (s->cen[j] + s->tr[j]) : 0.5 * (s->cen[j] + w[j]);
        }
        double fc = fn(s->tr2, data);
        if (fc < (outside ? fr : s->f[worst])) {
            memcpy(w, s->tr2, d * sizeof *w);
            s->f[worst] = fc;
            continue;
        }
        const double *bv = s->v + best * d;
        for (size_t p = 0; p <= d; p++) {
            if (p == best) {
                continue;
            }
            double *v = s->v + p * d;
            for (size_t j = 0; j < d; j++) {
                v[j] = bv[j] + 0.5 * (v[j] - bv[j]);
            }
            s->f[p] = fn(v, data);
        }
    }
    best = 0;
    for (size_t p = 1; p <= d; p++) {
        if (s->f[p] < s->f[best]) {
            best = p;
        }
    }
    memcpy(start, s->v + best * d, d * sizeof *start);
}

/* ---- The setter and Nash ----------------------------------------------------------- */

typedef struct problem {
    const ns_committee_t *c;
    const double *q;
    const double *dq;         /* n: members' distances to q */
    const double *setter;     /* d */
    const double *setter_sal; /* d or NULL */
    const double *b;          /* n or NULL */
    double penalty;
} problem_t;

static double setter_distance(const problem_t *p, const double *y)
{
    const ns_committee_t *c = p->c;
    double sum = 0.0;
    for (size_t j = 0; j < c->d; j++) {
        double w = p->setter_sal != NULL ? p->setter_sal[j] : 1.0;
        double diff = y[j] - p->setter[j];
        sum += c->metric == NS_METRIC_EUCLIDEAN ? w * diff * diff : w * fabs(diff);
    }
    return c->metric == NS_METRIC_EUCLIDEAN ? sqrt(sum) : sum;
}

/* Setter's distance plus an exact penalty on the members' losses beyond q's. */
static double setter_objective(const double *y, const void *data)
{
    const problem_t *p = data;
    double excess = 0.0;
    for (size_t i = 0; i < p->c->n; i++) {
        excess += fmax(0.0, ns_winset_distance(p->c, i, y) - p->dq[i]);
    }
    return setter_distance(p, y) + p->penalty * excess;
}

static bool all_accept(const problem_t *p, const double *y)
{
    for (size_t i = 0; i < p->c->n; i++) {
        if (!accepts(p->c, i, p->q, y)) {
            return false;
        }
    }
    return true;
}

/* The farthest point from q on the segment q -> y that every member accepts, into out:
 * the closure of W(q) is convex and holds q, so acceptability along the segment is an
 * interval [0, t*] and bisection (60 halvings) finds t*. */
static void pull_back(const problem_t *p, const double *y, double *out)
{
    size_t d = p->c->d;
    double lo = 0.0, hi = 1.0;
    for (size_t j = 0; j < d; j++) {
        out[j] = y[j];
    }
    if (all_accept(p, out)) {
        return;
    }
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi);
        for (size_t j = 0; j < d; j++) {
            out[j] = p->q[j] + mid * (y[j] - p->q[j]);
        }
        if (all_accept(p, out)) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    for (size_t j = 0; j < d; j++) {
        out[j] = p->q[j] + lo * (y[j] - p->q[j]);
    }
}

static double scale_of(const ns_committee_t *c, const double *q, const double *extra)
{
    double scale = 0.0;
    for (size_t i = 0; i < c->n; i++) {
        for (size_t j = 0; j < c->d; j++) {
            scale = fmax(scale, fabs(c->ideal[i * c->d + j] - q[j]));
        }
    }
    for (size_t j = 0; extra != NULL && j < c->d; j++) {
        scale = fmax(scale, fabs(extra[j] - q[j]));
    }
    return scale > 0.0 ? scale : 1.0;
}

static ns_status unanimity_only(ns_ctx_t *ctx, const ns_committee_t *c, const char *what)
{
    ns_status st = check(ctx, c);
    if (st == NS_OK && quota(c) != c->n) {
        st = ns_error(ctx, NS_EINVAL, "%s in d dimensions is computed under unanimity only", what);
    }
    return st;
}

ns_status ns_winset_setter(ns_ctx_t *ctx, const ns_committee_t *c, const double *q,
                           const double *setter, const double *setter_salience, double *out)
{
    ns_status st = unanimity_only(ctx, c, "the setter's outcome");
    if (st != NS_OK) {
        return st;
    }
    size_t d = c->d;
    simplex_t s;
    memset(&s, 0, sizeof s);
    double *dq = ns_calloc(ctx, c->n + 3 * d, sizeof *dq);
    if (dq == NULL || (st = simplex_init(ctx, &s, d)) != NS_OK) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    double *seg = dq + c->n, *refined = seg + d, *back = refined + d;
    for (size_t i = 0; i < c->n; i++) {
        dq[i] = ns_winset_distance(c, i, q);
    }
    double max_w = 1.0;
    for (size_t i = 0; c->salience != NULL && i < c->n * d; i++) {
        max_w = fmax(max_w, c->salience[i]);
    }
    for (size_t j = 0; setter_salience != NULL && j < d; j++) {
        max_w = fmax(max_w, setter_salience[j]);
    }
    problem_t p = {c, q, dq, setter, setter_salience, NULL, 1e3 * max_w};
    pull_back(&p, setter, seg); /* the setter's ideal itself when acceptable */
    memcpy(out, seg, d * sizeof *out);
    if (memcmp(seg, setter, d * sizeof *seg) == 0) {
        goto cleanup;
    }
    double scale = scale_of(c, q, setter);
    memcpy(refined, seg, d * sizeof *refined);
    /* Restarts with fresh simplices of alternating size and sign: Nelder-Mead can stall
     * on the kinks of the penalty, and a new simplex usually moves it on. */
    for (int restart = 0; restart < 12; restart++) {
        double step = (restart % 2 == 0 ? 1.0 : -1.0) * scale * (restart % 3 == 0 ? 0.2 : 0.02);
        nelder_mead(&s, setter_objective, &p, refined, step, 1e-10 * scale);
    }
    pull_back(&p, refined, back);
    if (setter_distance(&p, back) < setter_distance(&p, seg)) {
        memcpy(out, back, d * sizeof *out);
    }
cleanup:
    simplex_destroy(ctx, &s);
    ns_free(ctx, dq);
    return st;
}

/* min_i of the members' gains relative to their distances to q, negated. */
static double neg_min_gain(const double *y, const void *data)
{
    const problem_t *p = data;
    double worst = HUGE_VAL;
    for (size_t i = 0; i < p->c->n; i++) {
        double gain = (p->dq[i] - ns_winset_distance(p->c, i, y)) / (1.0 + p->dq[i]);
        worst = fmin(worst, gain);
    }
    return -worst;
}

/* Minus the Nash product's logarithm; +infinity outside W(q). */
static double neg_nash(const double *y, const void *data)
{
    const problem_t *p = data;
    double sum = 0.0;
    for (size_t i = 0; i < p->c->n; i++) {
        double b = p->b != NULL ? p->b[i] : 1.0;
        double gain = p->dq[i] - ns_winset_distance(p->c, i, y);
        if (!(gain > 0.0)) {
            return HUGE_VAL;
        }
        sum += b * log(gain);
    }
    return -sum;
}

ns_status ns_winset_nash(ns_ctx_t *ctx, const ns_committee_t *c, const double *q,
                         const double *bargaining, double *out)
{
    ns_status st = unanimity_only(ctx, c, "the Nash solution");
    if (st != NS_OK) {
        return st;
    }
    size_t d = c->d;
    simplex_t s;
    memset(&s, 0, sizeof s);
    double *dq = ns_calloc(ctx, c->n + 1, sizeof *dq);
    if (dq == NULL || (st = simplex_init(ctx, &s, d)) != NS_OK) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < c->n; i++) {
        dq[i] = ns_winset_distance(c, i, q);
    }
    memcpy(out, q, d * sizeof *out);
    bool core = true;
    if ((st = ns_winset_in_core(ctx, c, q, &core)) != NS_OK || core) {
        goto cleanup; /* no interior: y* = q */
    }
    problem_t p = {c, q, dq, NULL, NULL, bargaining, 0.0};
    double scale = scale_of(c, q, NULL);
    /* A start inside W(q): the point that maximises the smallest relative gain. */
    for (int restart = 0; restart < 3; restart++) {
        nelder_mead(&s, neg_min_gain, &p, out, 0.05 * scale, 1e-10 * scale);
    }
    if (!(neg_nash(out, &p) < HUGE_VAL)) {
        memcpy(out, q, d * sizeof *out); /* W(q) too thin to enter: treat as empty */
        goto cleanup;
    }
    for (int restart = 0; restart < 3; restart++) {
        nelder_mead(&s, neg_nash, &p, out, 0.05 * scale, 1e-10 * scale);
    }
cleanup:
    simplex_destroy(ctx, &s);
    ns_free(ctx, dq);
    return st;
}
