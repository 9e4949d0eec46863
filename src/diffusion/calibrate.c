/* Maximum-likelihood calibration of the diffusion model on a dated adoption series
 * (ratifications of the Budapest Convention, endorsements of the Paris Call, first
 * national positions on international law in cyberspace, signatures of the UN
 * cybercrime convention).
 *
 * The likelihood. The model of src/diffusion/diffusion.c gives each state fixed
 * threshold theta_i ~ log-normal(log(theta_median), theta_spread) and a spontaneous
 * rate rho_i. Given exposures E_i(t) (computed from the observed adoptions of the end of
 * year t-1), the probability that a state that has not adopted by t-1 adopts in t is
 * the discrete-time hazard
 *     h_i(t) = 1 - (1 - rho_i) (1 - q_i(t)),
 *     q_i(t) = max(0, F(E'_i(t)) - F(M_i(t-1))) / (1 - F(M_i(t-1))),
 * where F is the threshold distribution, E' the exposure divided by the cascade scale
 * after the tipping point, and M_i(t-1) the largest E' the state has already seen
 * without adopting: having stayed out then tells us theta_i > M_i(t-1) (Granovetter
 * 1978 with a threshold distribution; Valente 1995, ch. 5, for the exposure). The
 * survivor function is S_i(t) = prod_{s <= t} (1 - h_i(s)).
 *
 * Interval censoring. An adoption known only to lie between the years e and l
 * (date_earliest..date_latest) contributes P(e <= T <= l) = S_i(e-1) - S_i(l), the
 * probability of adopting within the bounds; an exact year y is the case e = l = y; a
 * state that never adopts contributes S_i(horizon). With a fit window ending at year c
 * the contributions are cut at c: a bound reaching past c contributes S_i(e-1) (it is
 * only known not to have adopted before e), one starting after c contributes S_i(c).
 * For the exposure of others, which needs a_j(t-1), a censored adoption is spread
 * evenly over its bound years (a_j(t) = share of the bound years <= t): a plug-in, not
 * an integral over the unknown dates, chosen because the exact marginal likelihood
 * would sum over every combination of dates.
 *
 * The optimiser is Nelder-Mead (Nelder and Mead 1965) on (logit spont_rate,
 * spont_capacity, log theta_median), written here so that every allocation goes
 * through the context's hook; a fit takes milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "diffusion/diffusion_internal.h"
#include "diffusion/fit_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Series --------------------------------------------------------------------------- */

/* The event that stands for adoption when a series names only the instrument. */
static const char *const default_events[][2] = {
    {"budapest_convention", "ratified"},
    {"paris_call", "endorsed"},
    {"national_position_il_cyber", "published"},
    {"un_cybercrime_convention", "signed"},
};

static int date_year(const char *s)
{
    if (s == NULL || strlen(s) < 4) {
        return 0;
    }
    int y = 0;
    for (int k = 0; k < 4; k++) {
        if (s[k] < '0' || s[k] > '9') {
            return 0;
        }
        y = y * 10 + (s[k] - '0');
    }
    return y;
}

/* Bounds of one event: exact when the year is known, else the bound years. */
static bool event_years(const ns_adoption_event_t *e, int *earliest, int *latest)
{
    if (e->year > 0) {
        *earliest = *latest = e->year;
        return true;
    }
    int lo = date_year(e->date_earliest), hi = date_year(e->date_latest);
    if (lo > 0 && hi >= lo) {
        *earliest = lo;
        *latest = hi;
        return true;
    }
    int y = date_year(e->date);
    *earliest = *latest = y;
    return y > 0;
}

/* Names in any case: equal ignoring ASCII case. */
static bool same_name(const char *a, const char *b)
{
    return ns_names_equal(a, b);
}

static ns_status unknown_series(ns_ctx_t *ctx, const ns_world_t *world, const char *name)
{
    char known[512] = "";
    size_t len = 0;
    for (size_t k = 0; k < ns_world_adoption_event_count(world); k++) {
        const ns_adoption_event_t *e = ns_world_adoption_event(world, k);
        char item[128];
        snprintf(item, sizeof item, "%s:%s", e->instrument, e->event);
        if (strstr(known, item) == NULL && len + strlen(item) + 3 < sizeof known) {
            len += (size_t)snprintf(known + len, sizeof known - len, "%s%s", len ? ", " : "", item);
        }
    }
    return ns_error(ctx, NS_ENOTFOUND, "no adoption series '%s' (known: %s)", name,
                    len ? known : "none in the data");
}

ns_status ns__series_load(ns_ctx_t *ctx, const ns_world_t *world, const char *name,
                          ns__series_t *out)
{
    memset(out, 0, sizeof *out);
    char instrument[64], event[32] = "";
    const char *colon = strchr(name, ':');
    size_t ilen = colon ? (size_t)(colon - name) : strlen(name);
    if (ilen == 0 || ilen >= sizeof instrument || (colon && strlen(colon + 1) >= sizeof event)) {
        return unknown_series(ctx, world, name);
    }
    memcpy(instrument, name, ilen);
    instrument[ilen] = '\0';
    if (colon != NULL) {
        snprintf(event, sizeof event, "%s", colon + 1);
    } else {
        for (size_t k = 0; k < sizeof default_events / sizeof default_events[0]; k++) {
            if (same_name(default_events[k][0], instrument)) {
                snprintf(event, sizeof event, "%s", default_events[k][1]);
            }
        }
        /* An instrument of a user's data: its first event in the file. */
        for (size_t k = 0; event[0] == '\0' && k < ns_world_adoption_event_count(world); k++) {
            const ns_adoption_event_t *e = ns_world_adoption_event(world, k);
            if (same_name(e->instrument, instrument)) {
                snprintf(event, sizeof event, "%s", e->event);
            }
        }
    }
    size_t n = ns_world_state_count(world);
    out->n = n;
    out->earliest = ns_calloc(ctx, n ? n : 1, sizeof(int));
    out->latest = ns_calloc(ctx, n ? n : 1, sizeof(int));
    if (out->earliest == NULL || out->latest == NULL) {
        ns__series_destroy(ctx, out);
        return NS_ENOMEM;
    }
    snprintf(out->name, sizeof out->name, "%s:%s", instrument, event);
    size_t found = 0;
    for (size_t k = 0; k < ns_world_adoption_event_count(world); k++) {
        const ns_adoption_event_t *e = ns_world_adoption_event(world, k);
        int lo, hi;
        if (!same_name(e->instrument, instrument) || e->state >= n) {
            continue;
        }
        /* The data's horizon is the latest date of any event of the instrument: the
         * sources list the instrument's status as of then. */
        if (event_years(e, &lo, &hi) && hi > out->horizon) {
            out->horizon = hi;
        }
        if (!same_name(e->event, event) || !event_years(e, &lo, &hi)) {
            continue;
        }
        if (found++ == 0) {
            /* The name as the data spell it. */
            snprintf(out->name, sizeof out->name, "%s:%s", e->instrument, e->event);
        }
        /* Several rows for one state (several position papers): adoption is the first. */
        if (out->earliest[e->state] == 0 || lo < out->earliest[e->state]) {
            out->earliest[e->state] = lo;
        }
        if (out->latest[e->state] == 0 || hi < out->latest[e->state]) {
            out->latest[e->state] = hi;
        }
        if (out->first_year == 0 || lo < out->first_year) {
            out->first_year = lo;
        }
    }
    if (found == 0) {
        ns__series_destroy(ctx, out);
        return unknown_series(ctx, world, name);
    }
    for (size_t i = 0; i < n; i++) {
        if (out->earliest[i] > 0) {
            if (out->earliest[i] == out->latest[i]) {
                out->n_exact++;
            } else {
                out->n_censored++;
            }
        }
    }
    return NS_OK;
}

void ns__series_destroy(ns_ctx_t *ctx, ns__series_t *s)
{
    if (s == NULL) {
        return;
    }
    ns_free(ctx, s->earliest);
    ns_free(ctx, s->latest);
    s->earliest = s->latest = NULL;
}

double ns__series_adopted(const ns__series_t *s, size_t i, int year)
{
    int e = s->earliest[i], l = s->latest[i];
    if (e == 0 || year < e) {
        return 0.0;
    }
    if (year >= l) {
        return 1.0;
    }
    return (double)(year - e + 1) / (double)(l - e + 1);
}

ns_status ns_adoption_series_list(ns_ctx_t *ctx, const ns_world_t *world, ns_rows_t **out)
{
    static const char *const cols[] = {"series",   "states",     "exact",
                                       "censored", "first_year", "horizon"};
    ns_rows_t *rows = NULL;
    ns__series_t s = {0};
    ns_status st = ns_rows_new(ctx, cols, 6, &rows);
    for (size_t k = 0; st == NS_OK && k < ns_world_adoption_event_count(world); k++) {
        const ns_adoption_event_t *e = ns_world_adoption_event(world, k);
        char name[128];
        snprintf(name, sizeof name, "%s:%s", e->instrument, e->event);
        bool seen = false;
        for (size_t r = 0; r < ns_rows_count(rows); r++) {
            seen = seen || strcmp(ns_rows_cell(rows, r, 0), name) == 0;
        }
        if (seen) {
            continue;
        }
        if ((st = ns__series_load(ctx, world, name, &s)) != NS_OK) {
            break;
        }
        if ((st = ns_rows_add(rows)) == NS_OK && (st = ns_rows_set(rows, 0, name)) == NS_OK &&
            (st = ns_rows_setf(rows, 1, "%zu", s.n_exact + s.n_censored)) == NS_OK &&
            (st = ns_rows_setf(rows, 2, "%zu", s.n_exact)) == NS_OK &&
            (st = ns_rows_setf(rows, 3, "%zu", s.n_censored)) == NS_OK &&
            (st = ns_rows_setf(rows, 4, "%d", s.first_year)) == NS_OK) {
            st = ns_rows_setf(rows, 5, "%d", s.horizon);
        }
        ns__series_destroy(ctx, &s);
    }
    if (st != NS_OK) {
        ns_rows_free(rows);
        rows = NULL;
    }
    *out = rows;
    return st;
}

/* ---- The fit ------------------------------------------------------------------------ */

#define N_FREE NS__NM_DIM

struct ns_fit {
    ns_ctx_t *ctx;
    ns__series_t series;
    size_t n;
    int first, cutoff, last; /* Years. */
    size_t n_years;
    double *exposure; /* n_years x n: E_i(t) from the observed adoption of t-1. */
    double *share;    /* n_years: weighted share of adopters at the end of t-1. */
    bool *member;     /* n_years x n. */
    double *capacity; /* n */
    double *hazard;   /* n_years x n, scratch for the current parameters. */
    double *ties;     /* n_years x n x n: the network of each year. */
    ns_diffusion_params_t base, full, train;
    double loglik, loglik_train, loglik_holdout;
    /* A user's file (ns_fit_file): the forecast by simulation and the baselines. */
    bool from_file;
    size_t runs;
    double *sim_mean;   /* n_years: mean cumulative adopters over the runs. */
    uint32_t *sim_hist; /* n_years x (n + 1): runs with each count. */
    double *p_end;      /* n: share of runs adopted by the last year. */
    double *observed;   /* n_years: cumulative adopters in the file. */
    double ceiling;     /* States that can adopt: UN members of the last year. */
    char (*iso3)[4];    /* n: the states' codes, for the per-state rows. */
    ns_curve_t curve[2];
    bool curve_ok[2];
};

static double norm_cdf(double z)
{
    return 0.5 * erfc(-z / sqrt(2.0));
}

/* F(x) = P(theta <= x) for log(theta) ~ N(m, s^2). */
static double threshold_cdf(double x, double m, double s)
{
    if (x <= 0) {
        return 0.0;
    }
    double z = log(x) - m;
    if (s <= 0) {
        return z >= 0 ? 1.0 : 0.0;
    }
    return norm_cdf(z / s);
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

/* Hazards h_i(t) for every state and year, given exposure rows (observed or mean
 * field) and the tipping shares. */
static double hazard(const ns_diffusion_params_t *p, double capacity, double e, double share,
                     double *memory)
{
    double m = log(p->theta_median);
    double scale = share >= p->tipping ? p->cascade_scale : 1.0;
    double ee = e / scale;
    double f_now = threshold_cdf(ee, m, p->theta_spread);
    double f_old = threshold_cdf(*memory, m, p->theta_spread);
    double q = f_old >= 1 ? 1.0 : fmax(0.0, f_now - f_old) / (1 - f_old);
    if (ee > *memory) {
        *memory = ee;
    }
    double c = capacity < p->cb_below ? fmin(1.0, capacity + p->cb_boost) : capacity;
    double rho =
        p->spont_rate > 0
            ? logistic(log(p->spont_rate / (1 - p->spont_rate)) + p->spont_capacity * (c - 0.5))
            : 0.0;
    return 1.0 - (1.0 - rho) * (1.0 - q);
}

static void fill_hazards(ns_fit_t *f, const ns_diffusion_params_t *p)
{
    for (size_t i = 0; i < f->n; i++) {
        double memory = 0;
        for (size_t t = 0; t < f->n_years; t++) {
            double h = hazard(p, f->capacity[i], f->exposure[t * f->n + i], f->share[t], &memory);
            f->hazard[t * f->n + i] = f->member[t * f->n + i] ? h : 0.0;
        }
    }
}

/* Log-likelihood of the years first..end (end <= last), hazards already filled. */
static double loglik_window(const ns_fit_t *f, int end)
{
    double ll = 0;
    size_t n_end = (size_t)(end - f->first) + 1;
    for (size_t i = 0; i < f->n; i++) {
        int e = f->series.earliest[i], l = f->series.latest[i];
        double surv = 1.0, s_before = 1.0, s_at_l = 1.0;
        for (size_t t = 0; t < n_end; t++) {
            int year = f->first + (int)t;
            surv *= 1.0 - f->hazard[t * f->n + i];
            if (e > 0 && year == e - 1) {
                s_before = surv;
            }
            if (e > 0 && year == l) {
                s_at_l = surv;
            }
        }
        double lik;
        if (e == 0 || e > end) {
            lik = surv; /* Never adopted within the window. */
        } else if (l <= end) {
            lik = s_before - s_at_l; /* Adopted within [e, l]. */
        } else {
            lik = s_before; /* Bound reaches past the window: not before e. */
        }
        ll += log(fmax(lik, 1e-300));
    }
    return ll;
}

static void unpack(const ns_diffusion_params_t *base, const double *x, ns_diffusion_params_t *p)
{
    *p = *base;
    p->spont_rate = logistic(x[0]);
    p->spont_capacity = fmax(-50, fmin(50, x[1]));
    p->theta_median = fmin(100, exp(fmax(-30, x[2])));
}

static double objective(ns_fit_t *f, const double *x, int end)
{
    ns_diffusion_params_t p;
    unpack(&f->base, x, &p);
    fill_hazards(f, &p);
    return -loglik_window(f, end);
}

typedef struct window {
    ns_fit_t *f;
    int end;
} window_t;

static double window_objective(void *arg, const double *x)
{
    window_t *w = arg;
    return objective(w->f, x, w->end);
}

/* Maximum likelihood on the years first..end (src/diffusion/baselines.c: Nelder-Mead). */
static ns_status nelder_mead(ns_fit_t *f, int end, double *x)
{
    window_t w = {f, end};
    if (!isfinite(ns__nelder_mead(window_objective, &w, x))) {
        return ns_error(f->ctx, NS_ENOCONV, "fit of %s did not converge", f->series.name);
    }
    return NS_OK;
}

void ns_fit_free(ns_fit_t *fit)
{
    if (fit == NULL) {
        return;
    }
    ns_ctx_t *ctx = fit->ctx;
    ns__series_destroy(ctx, &fit->series);
    ns_free(ctx, fit->exposure);
    ns_free(ctx, fit->share);
    ns_free(ctx, fit->member);
    ns_free(ctx, fit->capacity);
    ns_free(ctx, fit->hazard);
    ns_free(ctx, fit->ties);
    ns_free(ctx, fit->sim_mean);
    ns_free(ctx, fit->sim_hist);
    ns_free(ctx, fit->p_end);
    ns_free(ctx, fit->observed);
    ns_free(ctx, fit->iso3);
    ns_free(ctx, fit);
}

/* Exposure of each state: the tie-weighted share of its neighbours that adopted,
 * e_i = sum_j X_ij a_j / sum_j X_ij (0 without a tie; Valente 1995). */
static void exposure_of(const double *tie, const double *adopted, size_t n, double *e)
{
    for (size_t i = 0; i < n; i++) {
        double num = 0, den = 0;
        for (size_t j = 0; j < n; j++) {
            num += tie[i * n + j] * adopted[j];
            den += tie[i * n + j];
        }
        e[i] = den > 0 ? num / den : 0.0;
    }
}
/* Criticality 1/4 + capacity, as in src/diffusion/diffuse.c (see its top comment). */
static double weighted_share(const ns_fit_t *f, const double *adopted)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < f->n; i++) {
        double w = 0.25 + f->capacity[i];
        num += w * adopted[i];
        den += w;
    }
    return den > 0 ? num / den : 0;
}

/* Exposure rows E(t) and tipping shares from the observed adoptions of t-1. */
static ns_status observed_exposure(ns_ctx_t *ctx, const ns_world_t *world, ns_fit_t *f)
{
    ns_status st = NS_OK;
    double *adopted = ns_malloc(ctx, f->n * sizeof(double));
    ns_net_t *net = NULL;
    if (adopted == NULL) {
        return NS_ENOMEM;
    }
    for (size_t t = 0; t < f->n_years; t++) {
        int year = f->first + (int)t;
        if ((st = ns_net_from_world(ctx, world, year, &net)) != NS_OK) {
            goto cleanup;
        }
        for (size_t i = 0; i < f->n; i++) {
            adopted[i] = ns__series_adopted(&f->series, i, year - 1);
            f->member[t * f->n + i] = ns_world_is_member(world, i, year);
        }
        ns_net_exposure(net, SIZE_MAX, adopted, f->exposure + t * f->n);
        memcpy(f->ties + t * f->n * f->n, ns__net_matrix(net, SIZE_MAX),
               f->n * f->n * sizeof(double));
        f->share[t] = weighted_share(f, adopted);
        ns_net_free(net);
        net = NULL;
    }
cleanup:
    ns_net_free(net);
    ns_free(ctx, adopted);
    return st;
}

/* Prepare the fit of a loaded series and run it: fit on first..cutoff (cutoff 0: the
 * first two thirds of the years) and, unless train_only, on every year. */
static ns_status fit_run(ns_ctx_t *ctx, const ns_world_t *world, ns_fit_t *f, int cutoff,
                         bool train_only)
{
    ns_status st = NS_OK;
    const ns_diffusion_params_t *base = &f->base;
    f->n = f->series.n;
    f->first = f->series.first_year;
    f->last = f->series.horizon;
    f->n_years = (size_t)(f->last - f->first) + 1;
    if (cutoff != 0) {
        f->cutoff = cutoff;
    } else {
        /* Fit on the first two thirds of the years, hold out the rest (at least one year
         * each when the series spans two or more). */
        f->cutoff = f->first + (int)((2 * f->n_years + 2) / 3) - 1;
        if (f->n_years >= 2 && f->cutoff >= f->last) {
            f->cutoff = f->last - 1;
        }
    }
    size_t cells = f->n_years * f->n;
    f->exposure = ns_calloc(ctx, cells, sizeof(double));
    f->hazard = ns_calloc(ctx, cells, sizeof(double));
    f->member = ns_calloc(ctx, cells, sizeof(bool));
    f->share = ns_calloc(ctx, f->n_years, sizeof(double));
    f->capacity = ns_calloc(ctx, f->n, sizeof(double));
    f->ties = ns_calloc(ctx, cells * f->n, sizeof(double));
    if (f->exposure == NULL || f->hazard == NULL || f->member == NULL || f->share == NULL ||
        f->capacity == NULL || f->ties == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    if ((st = ns_diffusion_capacity(ctx, world, f->first, f->capacity)) != NS_OK ||
        (st = observed_exposure(ctx, world, f)) != NS_OK) {
        goto cleanup;
    }
    double start[N_FREE] = {
        log(base->spont_rate > 0 ? base->spont_rate / (1 - base->spont_rate) : 0.01),
        base->spont_capacity, log(base->theta_median)};
    double x_train[N_FREE], x_full[N_FREE];
    memcpy(x_train, start, sizeof start);
    memcpy(x_full, start, sizeof start);
    if ((st = nelder_mead(f, f->cutoff, x_train)) != NS_OK ||
        (!train_only && (st = nelder_mead(f, f->last, x_full)) != NS_OK)) {
        goto cleanup;
    }
    if (train_only) {
        memcpy(x_full, x_train, sizeof x_train);
    }
    unpack(base, x_train, &f->train);
    unpack(base, x_full, &f->full);
    f->loglik_train = -objective(f, x_train, f->cutoff);
    /* Predictive log-likelihood of the held-out years given the fit years:
     * log L(all) - log L(fit window), both at the training values. */
    f->loglik_holdout =
        f->cutoff < f->last ? -objective(f, x_train, f->last) - f->loglik_train : NAN;
    f->loglik = -objective(f, x_full, f->last);
cleanup:
    return st;
}

ns_status ns_fit_series(ns_ctx_t *ctx, const ns_world_t *world, const char *series,
                        const ns_diffusion_params_t *base, ns_fit_t **out)
{
    *out = NULL;
    ns_status st = ns_diffusion_params_check(ctx, base);
    if (st != NS_OK) {
        return st;
    }
    ns_fit_t *f = ns_calloc(ctx, 1, sizeof *f);
    if (f == NULL) {
        return NS_ENOMEM;
    }
    f->ctx = ctx;
    f->base = *base;
    if ((st = ns__series_load(ctx, world, series, &f->series)) != NS_OK) {
        goto cleanup;
    }
    st = fit_run(ctx, world, f, 0, false);
cleanup:
    if (st != NS_OK) {
        ns_fit_free(f);
        f = NULL;
    }
    *out = f;
    return st;
}

void ns_fit_summary(const ns_fit_t *fit, ns_fit_summary_t *out)
{
    out->series = fit->series.name;
    out->first_year = fit->first;
    out->cutoff_year = fit->cutoff;
    out->last_year = fit->last;
    out->n_states = fit->n;
    out->n_exact = fit->series.n_exact;
    out->n_censored = fit->series.n_censored;
    out->loglik = fit->loglik;
    out->loglik_train = fit->loglik_train;
    out->loglik_holdout = fit->loglik_holdout;
    out->full = fit->full;
    out->train = fit->train;
}

/* Predicted cumulative adopters by the end of each year: one step ahead (exposure from
 * the observed adoption of the year before) while the year before is at most `cutoff`,
 * then the mean-field forecast: expected adoption p_i propagated with exposures and
 * tipping shares computed from p itself, using no data after the cutoff.
 * scratch: 4 n doubles. */
static void predict(const ns_fit_t *f, const ns_diffusion_params_t *p, int cutoff, double *pred,
                    double *scratch)
{
    size_t n = f->n;
    double *prev = scratch, *pm = scratch + n, *memory = scratch + 2 * n, *e = scratch + 3 * n;
    memset(memory, 0, n * sizeof(double));
    memset(pm, 0, n * sizeof(double));
    for (size_t t = 0; t < f->n_years; t++) {
        int year = f->first + (int)t;
        double share;
        const double *tie = f->ties + t * n * n;
        if (year - 1 <= cutoff) {
            for (size_t i = 0; i < n; i++) {
                prev[i] = ns__series_adopted(&f->series, i, year - 1);
            }
            memcpy(e, f->exposure + t * n, n * sizeof(double));
            share = f->share[t];
        } else {
            memcpy(prev, pm, n * sizeof(double));
            exposure_of(tie, prev, n, e);
            share = weighted_share(f, prev);
        }
        double total = 0;
        for (size_t i = 0; i < n; i++) {
            double h = hazard(p, f->capacity[i], e[i], share, &memory[i]);
            if (!f->member[t * n + i]) {
                h = 0;
            }
            pm[i] = prev[i] + (1 - prev[i]) * h;
            total += pm[i];
        }
        pred[t] = total;
    }
}

ns_status ns_fit_rows(ns_ctx_t *ctx, const ns_fit_t *fit, ns_rows_t **out)
{
    static const char *const cols[] = {"year",        "observed",       "observed_lo",
                                       "observed_hi", "predicted_full", "predicted_train",
                                       "held_out"};
    const ns_fit_t *f = fit;
    ns_rows_t *rows = NULL;
    double *full = ns_calloc(ctx, 2 * f->n_years + 4 * f->n, sizeof(double));
    ns_status st = full == NULL ? NS_ENOMEM : ns_rows_new(ctx, cols, 7, &rows);
    if (st != NS_OK) {
        goto cleanup;
    }
    double *train = full + f->n_years;
    predict(f, &f->full, f->last, full, train + f->n_years);
    predict(f, &f->train, f->cutoff, train, train + f->n_years);
    for (size_t t = 0; t < f->n_years && st == NS_OK; t++) {
        int year = f->first + (int)t;
        double obs = 0, lo = 0, hi = 0;
        for (size_t i = 0; i < f->n; i++) {
            obs += ns__series_adopted(&f->series, i, year);
            lo += f->series.earliest[i] > 0 && f->series.latest[i] <= year;
            hi += f->series.earliest[i] > 0 && f->series.earliest[i] <= year;
        }
        if ((st = ns_rows_add(rows)) == NS_OK &&
            (st = ns_rows_setf(rows, 0, "%d", year)) == NS_OK &&
            (st = ns_rows_set_num(rows, 1, obs, 4)) == NS_OK &&
            (st = ns_rows_set_num(rows, 2, lo, 4)) == NS_OK &&
            (st = ns_rows_set_num(rows, 3, hi, 4)) == NS_OK &&
            (st = ns_rows_set_num(rows, 4, full[t], 4)) == NS_OK &&
            (st = ns_rows_set_num(rows, 5, train[t], 4)) == NS_OK) {
            st = ns_rows_set(rows, 6, year > f->cutoff ? "yes" : "no");
        }
    }
cleanup:
    ns_free(ctx, full);
    if (st != NS_OK) {
        ns_rows_free(rows);
        rows = NULL;
    }
    *out = rows;
    return st;
}

/* ---- Any adoption series: a user's file ---------------------------------------------- */

void ns_fit_file_options_default(ns_fit_file_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->runs = 1000;
    o->seed = 1;
}

/* The model run forward opt->runs times. In a year whose previous year is at most the
 * cutoff, every run starts from the observed adoptions of the year before (one step
 * ahead; exposure, tipping share and the threshold memory as in the likelihood); after
 * it, from the run's own adoptions, with exposure and share computed from them. A state
 * that has not adopted adopts with its hazard h_i(t) (one uniform per state and year,
 * stream (seed, run)): given the memory M_i, this is exactly the model's chance of
 * adopting, so the runs are draws of the model itself. scratch: 4 n doubles. */
static void simulate(ns_fit_t *f, const ns_diffusion_params_t *p, uint64_t seed, double *scratch)
{
    size_t n = f->n;
    double *adopted = scratch, *memory = scratch + n, *e = scratch + 2 * n, *prev = scratch + 3 * n;
    size_t bins = n + 1;
    memset(f->sim_mean, 0, f->n_years * sizeof(double));
    memset(f->sim_hist, 0, f->n_years * bins * sizeof(uint32_t));
    memset(f->p_end, 0, n * sizeof(double));
    for (size_t run = 0; run < f->runs; run++) {
        ns_rng_t rng;
        ns_rng_init(&rng, seed, (uint32_t)run, 0x66696c65u, 0);
        memset(memory, 0, n * sizeof(double));
        memset(adopted, 0, n * sizeof(double));
        for (size_t t = 0; t < f->n_years; t++) {
            int year = f->first + (int)t;
            double share;
            if (year - 1 <= f->cutoff) {
                for (size_t i = 0; i < n; i++) {
                    prev[i] = ns__series_adopted(&f->series, i, year - 1) >= 1.0 ? 1.0 : 0.0;
                }
                memcpy(e, f->exposure + t * n, n * sizeof(double));
                share = f->share[t];
            } else {
                memcpy(prev, adopted, n * sizeof(double));
                const double *tie = f->ties + t * n * n;
                exposure_of(tie, prev, n, e);
                share = weighted_share(f, prev);
            }
            size_t count = 0;
            for (size_t i = 0; i < n; i++) {
                double h = hazard(p, f->capacity[i], e[i], share, &memory[i]);
                double u = ns_rng_uniform(&rng);
                if (!f->member[t * n + i]) {
                    h = 0;
                }
                adopted[i] = prev[i] >= 1.0 || u < h ? 1.0 : 0.0;
                count += adopted[i] >= 1.0;
            }
            f->sim_mean[t] += (double)count / (double)f->runs;
            f->sim_hist[t * bins + count]++;
        }
        for (size_t i = 0; i < n; i++) {
            f->p_end[i] += adopted[i] / (double)f->runs;
        }
    }
}

/* The smallest count reached by at least a share q of the runs (as the curves of
 * ns_diffuse_result_rows). */
static size_t sim_quantile(const ns_fit_t *f, size_t t, double q)
{
    size_t bins = f->n + 1;
    size_t need = (size_t)ceil(q * (double)f->runs);
    size_t cum = 0;
    need = need == 0 ? 1 : need;
    for (size_t k = 0; k < bins; k++) {
        cum += f->sim_hist[t * bins + k];
        if (cum >= need) {
            return k;
        }
    }
    return bins - 1;
}

ns_status ns_fit_file(ns_ctx_t *ctx, const ns_world_t *world, const char *path,
                      const ns_fit_file_options_t *opt, const ns_diffusion_params_t *base,
                      ns_fit_t **out)
{
    *out = NULL;
    double *scratch = NULL;
    ns_status st = ns_diffusion_params_check(ctx, base);
    if (st != NS_OK) {
        return st;
    }
    if (opt->runs < 1) {
        return ns_error(ctx, NS_EINVAL, "runs must be at least 1");
    }
    ns_fit_t *f = ns_calloc(ctx, 1, sizeof *f);
    if (f == NULL) {
        return NS_ENOMEM;
    }
    f->ctx = ctx;
    f->base = *base;
    f->from_file = true;
    f->runs = opt->runs;
    if ((st = ns__series_read_file(ctx, world, path, opt->event, &f->series)) != NS_OK) {
        goto cleanup;
    }
    int first = f->series.first_year, last = f->series.horizon;
    int cutoff = last;
    if (opt->holdout_from != 0) {
        if (opt->holdout_from <= first || opt->holdout_from > last) {
            st = ns_error(ctx, NS_EINVAL,
                          "--holdout-from %d: the events of %s run from %d to %d; give a year "
                          "after %d (something to fit) and no later than %d (something to "
                          "forecast)",
                          opt->holdout_from, path, first, last, first, last);
            goto cleanup;
        }
        cutoff = opt->holdout_from - 1;
    }
    /* With held-out years only the training fit is made: nothing below reads an event
     * after the cutoff except the observed column. */
    if ((st = fit_run(ctx, world, f, cutoff, opt->holdout_from != 0)) != NS_OK) {
        goto cleanup;
    }
    f->sim_mean = ns_calloc(ctx, f->n_years, sizeof(double));
    f->sim_hist = ns_calloc(ctx, f->n_years * (f->n + 1), sizeof(uint32_t));
    f->p_end = ns_calloc(ctx, f->n ? f->n : 1, sizeof(double));
    f->observed = ns_calloc(ctx, f->n_years, sizeof(double));
    f->iso3 = ns_calloc(ctx, f->n ? f->n : 1, sizeof *f->iso3);
    scratch = ns_calloc(ctx, 4 * f->n + 1, sizeof(double));
    if (f->sim_mean == NULL || f->sim_hist == NULL || f->p_end == NULL || f->observed == NULL ||
        f->iso3 == NULL || scratch == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < f->n; i++) {
        memcpy(f->iso3[i], ns_world_state(world, i)->iso3, sizeof f->iso3[i]);
    }
    for (size_t t = 0; t < f->n_years; t++) {
        for (size_t i = 0; i < f->n; i++) {
            f->observed[t] += ns__series_adopted(&f->series, i, f->first + (int)t);
        }
    }
    f->ceiling = 0;
    for (size_t i = 0; i < f->n; i++) {
        f->ceiling += f->member[(f->n_years - 1) * f->n + i] ||
                      (f->series.earliest[i] > 0 && f->series.earliest[i] <= f->cutoff);
    }
    simulate(f, &f->train, opt->seed, scratch);
    /* The baselines on the same fit years; too few years (or no rise) leaves a curve
     * out, which the comparison shows as empty cells, not an error. */
    size_t n_fit = (size_t)(f->cutoff - f->first) + 1;
    for (int c = 0; c < 2; c++) {
        ns_status cs = ns_curve_fit(ctx, c == 0 ? NS_CURVE_BASS : NS_CURVE_LOGISTIC, f->observed,
                                    n_fit, f->ceiling, &f->curve[c]);
        if (cs == NS_ENOMEM) {
            st = cs;
            goto cleanup;
        }
        f->curve_ok[c] = cs == NS_OK;
    }
cleanup:
    ns_free(ctx, scratch);
    if (st != NS_OK) {
        ns_fit_free(f);
        f = NULL;
    }
    *out = f;
    return st;
}

static ns_status file_fit_only(ns_ctx_t *ctx, const ns_fit_t *fit)
{
    return fit->from_file ? NS_OK : ns_error(ctx, NS_EINVAL, "not a fit of a file (ns_fit_file)");
}

ns_status ns_fit_file_rows(ns_ctx_t *ctx, const ns_fit_t *fit, ns_rows_t **out)
{
    static const char *const cols[] = {"year", "observed", "predicted", "lo", "hi", "held_out"};
    const ns_fit_t *f = fit;
    ns_rows_t *rows = NULL;
    ns_status st = file_fit_only(ctx, fit);
    if (st == NS_OK) {
        st = ns_rows_new(ctx, cols, 6, &rows);
    }
    for (size_t t = 0; st == NS_OK && t < f->n_years; t++) {
        int year = f->first + (int)t;
        if ((st = ns_rows_add(rows)) == NS_OK &&
            (st = ns_rows_setf(rows, 0, "%d", year)) == NS_OK &&
            (st = ns_rows_set_num(rows, 1, f->observed[t], 4)) == NS_OK &&
            (st = ns_rows_set_num(rows, 2, f->sim_mean[t], 4)) == NS_OK &&
            (st = ns_rows_setf(rows, 3, "%zu", sim_quantile(f, t, 0.05))) == NS_OK &&
            (st = ns_rows_setf(rows, 4, "%zu", sim_quantile(f, t, 0.95))) == NS_OK) {
            st = ns_rows_set(rows, 5, year > f->cutoff ? "yes" : "no");
        }
    }
    if (st != NS_OK) {
        ns_rows_free(rows);
        rows = NULL;
    }
    *out = rows;
    return st;
}

ns_status ns_fit_state_rows(ns_ctx_t *ctx, const ns_fit_t *fit, ns_rows_t **out)
{
    static const char *const cols[] = {"iso3", "adopted_year", "p_by_end"};
    const ns_fit_t *f = fit;
    ns_rows_t *rows = NULL;
    ns_status st = file_fit_only(ctx, fit);
    if (st == NS_OK) {
        st = ns_rows_new(ctx, cols, 3, &rows);
    }
    for (size_t i = 0; st == NS_OK && i < f->n; i++) {
        int year = f->series.earliest[i];
        if (year == 0 && !f->member[(f->n_years - 1) * f->n + i]) {
            continue;
        }
        if ((st = ns_rows_add(rows)) == NS_OK && (st = ns_rows_set(rows, 0, f->iso3[i])) == NS_OK &&
            (year == 0 || (st = ns_rows_setf(rows, 1, "%d", year)) == NS_OK)) {
            st = ns_rows_set_num(rows, 2, f->p_end[i], 4);
        }
    }
    if (st != NS_OK) {
        ns_rows_free(rows);
        rows = NULL;
    }
    *out = rows;
    return st;
}

/* Squared and absolute errors of a forecast of the held-out years, and over the fit
 * years, of the cumulative count. */
typedef struct scores {
    double fit_rmse, rmse, mae, last;
    int held_out;
} scores_t;

static scores_t score(const ns_fit_t *f, const double *pred)
{
    scores_t s = {0, 0, 0, pred[f->n_years - 1], 0};
    size_t n_fit = 0;
    for (size_t t = 0; t < f->n_years; t++) {
        double e = pred[t] - f->observed[t];
        if (f->first + (int)t > f->cutoff) {
            s.rmse += e * e;
            s.mae += fabs(e);
            s.held_out++;
        } else {
            s.fit_rmse += e * e;
            n_fit++;
        }
    }
    s.fit_rmse = n_fit > 0 ? sqrt(s.fit_rmse / (double)n_fit) : NAN;
    s.rmse = s.held_out > 0 ? sqrt(s.rmse / s.held_out) : NAN;
    s.mae = s.held_out > 0 ? s.mae / s.held_out : NAN;
    return s;
}

ns_status ns_fit_compare_rows(ns_ctx_t *ctx, const ns_fit_t *fit, ns_rows_t **out)
{
    /* The fitted parameters also one per column, at full precision, for programs; a
     * model's empty where they are another's. */
    static const char *const cols[] = {"model",
                                       "parameters",
                                       "fit_rmse",
                                       "held_out_years",
                                       "held_out_rmse",
                                       "held_out_mae",
                                       "predicted_last",
                                       "observed_last",
                                       "spont_rate",
                                       "spont_capacity",
                                       "theta_median",
                                       "log_likelihood",
                                       "held_out_log_likelihood",
                                       "bass_p",
                                       "bass_q",
                                       "bass_m",
                                       "logistic_k",
                                       "logistic_r",
                                       "logistic_t0"};
    enum { N_COLS = sizeof cols / sizeof cols[0], C_PARAMS = 8 };
    const ns_fit_t *f = fit;
    ns_rows_t *rows = NULL;
    double *pred = NULL;
    ns_status st = file_fit_only(ctx, fit);
    if (st == NS_OK && (pred = ns_calloc(ctx, f->n_years, sizeof(double))) == NULL) {
        st = NS_ENOMEM;
    }
    if (st == NS_OK) {
        st = ns_rows_new(ctx, cols, N_COLS, &rows);
    }
    for (int m = 0; st == NS_OK && m < 3; m++) {
        char params[160];
        bool ok = true;
        if (m == 0) {
            memcpy(pred, f->sim_mean, f->n_years * sizeof(double));
            snprintf(params, sizeof params, "spont_rate=%.3g spont_capacity=%.3g theta_median=%.3g",
                     f->train.spont_rate, f->train.spont_capacity, f->train.theta_median);
        } else {
            const ns_curve_t *c = &f->curve[m - 1];
            ok = f->curve_ok[m - 1];
            if (m == 1) {
                snprintf(params, sizeof params, "p=%.3g q=%.3g m=%.4g", c->p, c->q, c->m);
            } else {
                snprintf(params, sizeof params, "K=%.4g r=%.3g t0=%.1f", c->k, c->r,
                         f->first - 1 + c->t0);
            }
            /* The curve itself over the fit years; after them, the observed count at the
             * cutoff plus the curve's increments, as the diffusion model starts from
             * the observed state there. */
            double t_cut = (double)(f->cutoff - f->first) + 1;
            double at_cut = f->observed[(size_t)(f->cutoff - f->first)];
            for (size_t t = 0; ok && t < f->n_years; t++) {
                double tt = (double)t + 1;
                pred[t] = f->first + (int)t <= f->cutoff
                              ? ns_curve_at(c, tt)
                              : at_cut + ns_curve_at(c, tt) - ns_curve_at(c, t_cut);
            }
        }
        scores_t sc = score(f, pred);
        if ((st = ns_rows_add(rows)) != NS_OK ||
            (st = ns_rows_set(rows, 0,
                              m == 0   ? "diffusion"
                              : m == 1 ? "bass"
                                       : "logistic")) != NS_OK ||
            (st = ns_rows_setf(rows, 3, "%d", sc.held_out)) != NS_OK ||
            (st = ns_rows_set_num(rows, 7, f->observed[f->n_years - 1], 4)) != NS_OK) {
            break;
        }
        if (!ok) {
            st = ns_rows_set(rows, 1, "(fewer than 3 fit years or no rise: not fitted)");
            continue;
        }
        if ((st = ns_rows_set(rows, 1, params)) == NS_OK &&
            (st = ns_rows_set_num(rows, 2, sc.fit_rmse, 4)) == NS_OK &&
            (st = ns_rows_set_num(rows, 4, sc.rmse, 4)) == NS_OK &&
            (st = ns_rows_set_num(rows, 5, sc.mae, 4)) == NS_OK) {
            st = ns_rows_set_num(rows, 6, sc.last, 4);
        }
        double v[6] = {NAN, NAN, NAN, NAN, NAN, NAN};
        if (m == 0) {
            const double d[5] = {f->train.spont_rate, f->train.spont_capacity,
                                 f->train.theta_median, f->loglik_train, f->loglik_holdout};
            for (size_t k = 0; k < 5 && st == NS_OK; k++) {
                st = ns_rows_set_num(rows, C_PARAMS + k, d[k], 12);
            }
        } else {
            const ns_curve_t *c = &f->curve[m - 1];
            const double bass[3] = {c->p, c->q, c->m};
            const double logistic[3] = {c->k, c->r, f->first - 1 + c->t0};
            memcpy(m == 1 ? v : v + 3, m == 1 ? bass : logistic, sizeof bass);
        }
        for (size_t k = 0; k < 6 && st == NS_OK; k++) {
            st = ns_rows_set_num(rows, C_PARAMS + 5 + k, v[k], 12);
        }
    }
    ns_free(ctx, pred);
    if (st != NS_OK) {
        ns_rows_free(rows);
        rows = NULL;
    }
    *out = rows;
    return st;
}
