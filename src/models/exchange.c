/* The exchange model of Stokman and Van Oosten (1994), "The exchange of voting
 * positions: an object-oriented model of policy networks", in Bueno de Mesquita and
 * Stokman (eds.), European Community Decision Making, Yale UP, 105-127; with the
 * equal-gain exchange rate and a random-rate variant.
 *
 * Actors i with positions x_id, saliences s_id and capabilities c_id on issues d;
 * w_id = c_id s_id. The expected outcome of an issue is the compromise mean
 * O_d = sum_i w_id x_id / W_d, W_d = sum_i w_id (Stokman and Van Oosten, eq. 1), and an
 * actor's utility is -sum_d s_id |x_id - O_d| / R_d (R_d the scale's length).
 *
 * Two actors i and j can exchange on issues p and q when i cares relatively more about
 * p and j about q (s_ip s_jq > s_iq s_jp) and they stand on opposite sides of the
 * outcome on both issues: then j moves its vote on p toward i, which shifts O_p toward i
 * by a = w_jp δ_p / W_p (in range units), and i moves on q toward j, which shifts O_q
 * toward j by b = w_iq δ_q / W_q. The gains are
 *   G_i = s_ip a - s_iq b,   G_j = s_jq b - s_jp a.
 * The equal-gain rate (Stokman and Van Oosten, section 4) sets G_i = G_j:
 *   b / a = (s_ip + s_jp) / (s_iq + s_jq),
 * so that G = a (s_ip s_jq - s_iq s_jp) / (s_iq + s_jq) > 0. The random variant draws
 * b / a uniformly between j's break-even rate s_jp / s_jq and i's, s_ip / s_iq, from the
 * run's seeded stream. The exchange is as large as it can be: the mover goes at most to
 * its partner's position, and no outcome is pushed past the gainer's position (beyond it
 * the gain would no longer be linear in the shift, and the gainer would lose).
 *
 * Rounds: every pair of actors proposes its most profitable exchange (largest G_i + G_j)
 * evaluated at the round's outcomes; proposals are carried out best first, each issue's
 * outcome moved by at most one exchange per round (so every carried-out gain is exactly
 * the one evaluated). A vote that has been traded away stays where the exchange put it:
 * an actor gives on an issue at most once in a run (it has spent that vote; Stokman and
 * Van Oosten treat exchanged positions as committed), which also bounds the run at
 * n m / 2 rounds. The model stops when no exchange gains more than min_gain in total. The forecast
 * of an issue is the compromise mean after the exchanges. With a single issue no exchange is
 * possible.
 *
 * Cost per round O(n^2 m^2) for n actors and m issues, allocation-free.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "models/exchange.h"
#include "models/models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct exchange_state {
    ns_ctx_t *ctx;
    ns_rng_t *rng;
    size_t n, m;
    double rate_random;
    double min_gain;
    double *x, *s, *w;      /* m * n each, issue-major; NaN: sits out. */
    double *out, *wsum;     /* m each. */
    double *range, *start;  /* m each; start: the outcome before any exchange. */
    double *exchanges;      /* m: exchanges that moved each issue. */
    unsigned char *touched; /* m: outcome moved this round. */
    unsigned char *given;   /* m * n: the actor has traded its vote on the issue away. */
    ns__exchange_t *cand;   /* n (n - 1) / 2 proposals. */
    int rounds;
} exchange_state_t;

static void outcomes(size_t n, size_t m, const double *x, const double *w, double *out,
                     double *wsum)
{
    for (size_t d = 0; d < m; d++) {
        double sw = 0.0, swx = 0.0;
        for (size_t a = 0; a < n; a++) {
            double xa = x[d * n + a];
            if (xa == xa) {
                sw += w[d * n + a];
                swx += w[d * n + a] * xa;
            }
        }
        wsum[d] = sw;
        out[d] = sw > 0.0 ? swx / sw : NAN;
    }
}

bool ns__exchange_evaluate(size_t n, const double *x, const double *s, const double *w,
                           const double *out, const double *wsum, const double *range, size_t i,
                           size_t j, size_t p, size_t q, double u, ns__exchange_t *ex)
{
    size_t ip = p * n + i, iq = q * n + i, jp = p * n + j, jq = q * n + j;
    double xip = x[ip], xiq = x[iq], xjp = x[jp], xjq = x[jq];
    if (i == j || p == q || xip != xip || xiq != xiq || xjp != xjp || xjq != xjq) {
        return false;
    }
    double sip = s[ip], siq = s[iq], sjp = s[jp], sjq = s[jq];
    /* i must care relatively more about p, j about q. */
    if (!(sip * sjq > siq * sjp) || !(w[jp] > 0.0) || !(w[iq] > 0.0)) {
        return false;
    }
    double op = out[p], oq = out[q];
    if (!((xip - op) * (xjp - op) < 0.0) || !((xjq - oq) * (xiq - oq) < 0.0)) {
        return false;
    }
    /* Largest shifts of the outcomes, in range units. */
    double share_p = w[jp] / wsum[p], share_q = w[iq] / wsum[q];
    double a_max = fmin(fabs(xip - op), fabs(xip - xjp) * share_p) / range[p];
    double b_max = fmin(fabs(xjq - oq), fabs(xjq - xiq) * share_q) / range[q];
    double rho;
    if (u < 0.0) {
        rho = (sip + sjp) / (siq + sjq);
    } else {
        double lo = sjp / sjq, hi = siq > 0.0 ? sip / siq : INFINITY;
        if (!isfinite(hi)) {
            hi = 2.0 * lo + 1.0; /* i does not care about q at all: any rate suits it. */
        }
        rho = lo + u * (hi - lo);
    }
    if (!(rho > 0.0) || !isfinite(rho)) {
        return false;
    }
    double a = fmin(a_max, b_max / rho);
    double b = rho * a;
    if (!(a > 0.0)) {
        return false;
    }
    ex->gain_i = sip * a - siq * b;
    ex->gain_j = sjq * b - sjp * a;
    /* Back from outcome shifts to vote shifts; the mover stops at its partner. */
    double djp = a * range[p] / share_p, diq = b * range[q] / share_q;
    ex->new_jp = xjp + (xip > xjp ? 1.0 : -1.0) * fmin(djp, fabs(xip - xjp));
    ex->new_iq = xiq + (xjq > xiq ? 1.0 : -1.0) * fmin(diq, fabs(xjq - xiq));
    ex->i = (uint32_t)i;
    ex->j = (uint32_t)j;
    ex->p = (uint16_t)p;
    ex->q = (uint16_t)q;
    return ex->gain_i > 0.0 && ex->gain_j > 0.0;
}

static int cand_cmp(const void *a, const void *b)
{
    const ns__exchange_t *ea = a, *eb = b;
    double ga = ea->gain_i + ea->gain_j, gb = eb->gain_i + eb->gain_j;
    if (ga != gb) {
        return ga > gb ? -1 : 1;
    }
    /* A fixed order among equal gains keeps runs reproducible across qsort versions. */
    if (ea->i != eb->i) {
        return ea->i < eb->i ? -1 : 1;
    }
    return ea->j < eb->j ? -1 : (ea->j > eb->j);
}

static void exchange_destroy(void *state, ns_ctx_t *ctx)
{
    exchange_state_t *st = state;
    (void)ctx;
    ns_free(st->ctx, st->x);
    ns_free(st->ctx, st->out);
    ns_free(st->ctx, st->touched);
    ns_free(st->ctx, st->given);
    ns_free(st->ctx, st->cand);
    memset(st, 0, sizeof *st);
}

static ns_status exchange_init(void *state, ns_ctx_t *ctx, const ns_table_t *table,
                               const double *values, ns_rng_t *rng)
{
    exchange_state_t *st = state;
    ns_status rc = NS_OK;
    memset(st, 0, sizeof *st);
    st->ctx = ctx;
    st->rng = rng;
    st->n = table->n_actors;
    st->m = table->n_issues;
    st->rate_random = values[NS__EXCHANGE_RATE];
    st->min_gain = values[NS__EXCHANGE_MIN_GAIN];
    if (st->n > NS_MODEL_MAX_ACTORS_QUADRATIC) {
        /* Each round is O(actors^2) per pair of issues: refused before hours of work. */
        rc = ns_error(ctx, NS_ELIMIT,
                      "exchange: %zu actors is over the model's limit of %d (each round costs "
                      "actors^2 per pair of issues); use a smaller table",
                      st->n, NS_MODEL_MAX_ACTORS_QUADRATIC);
        goto cleanup;
    }
    if (st->m > UINT16_MAX || st->n > UINT32_MAX) {
        rc = ns_error(ctx, NS_ELIMIT, "exchange: at most %u issues", (unsigned)UINT16_MAX);
        goto cleanup;
    }
    size_t cells = st->n * st->m;
    size_t c1 = cells > 0 ? cells : 1, m1 = st->m > 0 ? st->m : 1;
    size_t pairs = st->n > 1 ? st->n * (st->n - 1) / 2 : 1;
    st->x = ns_calloc(ctx, 3 * c1, sizeof(double));
    st->out = ns_calloc(ctx, 5 * m1, sizeof(double));
    st->touched = ns_calloc(ctx, m1, 1);
    st->given = ns_calloc(ctx, c1, 1);
    st->cand = ns_calloc(ctx, pairs, sizeof *st->cand);
    if (st->x == NULL || st->out == NULL || st->touched == NULL || st->given == NULL ||
        st->cand == NULL) {
        rc = NS_ENOMEM;
        goto cleanup;
    }
    st->s = st->x + c1;
    st->w = st->x + 2 * c1;
    st->wsum = st->out + m1;
    st->range = st->out + 2 * m1;
    st->start = st->out + 3 * m1;
    st->exchanges = st->out + 4 * m1;
    for (size_t d = 0; d < st->m; d++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t a = 0; a < st->n; a++) {
            size_t at = ns_table_at(table, d, a);
            bool in = ns__takes_part(table, d, a);
            double cap = table->capability[at];
            st->x[at] = in ? table->position[at] : NAN;
            st->s[at] = in ? table->salience[at] : 0.0;
            st->w[at] = in && cap == cap ? cap * table->salience[at] : 0.0;
            if (in) {
                lo = fmin(lo, st->x[at]);
                hi = fmax(hi, st->x[at]);
            }
        }
        double range = table->scale_max[d] - table->scale_min[d];
        if (!(range > 0.0) || !isfinite(range) || hi - lo > range) {
            range = hi - lo;
        }
        st->range[d] = range > 0.0 ? range : 1.0;
    }
    outcomes(st->n, st->m, st->x, st->w, st->out, st->wsum);
    memcpy(st->start, st->out, st->m * sizeof(double));

cleanup:
    if (rc != NS_OK) {
        exchange_destroy(st, ctx);
    }
    return rc;
}

static ns_status exchange_step(void *state, ns_ctx_t *ctx)
{
    exchange_state_t *st = state;
    size_t n = st->n, m = st->m, n_cand = 0;
    (void)ctx;
    /* Every pair proposes its best exchange at this round's outcomes. */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            double u = st->rate_random != 0.0 ? ns_rng_uniform(st->rng) : -1.0;
            ns__exchange_t best = {0};
            double best_total = st->min_gain;
            bool found = false;
            for (size_t p = 0; p < m; p++) {
                for (size_t q = 0; q < m; q++) {
                    ns__exchange_t ex;
                    /* Both orientations: i gains on p, or j gains on p. */
                    if (!st->given[q * n + i] && !st->given[p * n + j] &&
                        ns__exchange_evaluate(n, st->x, st->s, st->w, st->out, st->wsum, st->range,
                                              i, j, p, q, u, &ex) &&
                        ex.gain_i + ex.gain_j > best_total) {
                        best = ex;
                        best_total = ex.gain_i + ex.gain_j;
                        found = true;
                    }
                }
            }
            if (found) {
                st->cand[n_cand++] = best;
            }
        }
    }
    if (n_cand == 0) {
        return NS_DONE;
    }
    qsort(st->cand, n_cand, sizeof *st->cand, cand_cmp);
    memset(st->touched, 0, m);
    for (size_t k = 0; k < n_cand; k++) {
        const ns__exchange_t *ex = &st->cand[k];
        if (st->touched[ex->p] || st->touched[ex->q]) {
            continue;
        }
        st->touched[ex->p] = st->touched[ex->q] = 1;
        st->given[ex->p * n + ex->j] = st->given[ex->q * n + ex->i] = 1;
        st->x[ex->p * n + ex->j] = ex->new_jp;
        st->x[ex->q * n + ex->i] = ex->new_iq;
        st->exchanges[ex->p] += 1.0;
        st->exchanges[ex->q] += 1.0;
    }
    outcomes(n, m, st->x, st->w, st->out, st->wsum);
    st->rounds++;
    return NS_CONTINUE;
}

static ns_status exchange_result(void *state, ns_ctx_t *ctx, double *forecast, double *extra)
{
    exchange_state_t *st = state;
    (void)ctx;
    for (size_t d = 0; d < st->m; d++) {
        forecast[d] = st->out[d];
        extra[d * 3 + 0] = st->rounds;
        extra[d * 3 + 1] = st->exchanges[d];
        extra[d * 3 + 2] = st->start[d];
    }
    return NS_OK;
}

const double *ns__exchange_positions(const void *state)
{
    return ((const exchange_state_t *)state)->x;
}

static const char *const rate_choices[] = {"equal", "random", NULL};

static const ns_param_spec_t exchange_params[NS__EXCHANGE_NPARAMS] = {
    {"rate", 0, 0, 1, rate_choices,
     "exchange rate: equal gains for both actors (equal, default, Stokman and Van Oosten) "
     "or drawn between the two break-even rates from the run's seed (random)"},
    {"min_gain", 1e-9, 0, 1, NULL,
     "smallest total expected-utility gain worth an exchange; the model stops below it"},
};

static const char *const exchange_columns[] = {"rounds", "exchanges", "initial"};

const ns_model_type_t ns_model_exchange = {
    .abi_version = NS_MODEL_ABI,
    .name = "exchange",
    .version = "1.0",
    .summary = "exchange of voting positions across pairs of issues; forecast: the "
               "compromise mean after the exchanges",
    .cite = "Stokman and Van Oosten (1994), The exchange of voting positions, in European "
            "Community Decision Making, Yale UP, 105-127",
    .params = exchange_params,
    .n_params = NS__EXCHANGE_NPARAMS,
    .columns = exchange_columns,
    .n_columns = 3,
    .state_size = sizeof(exchange_state_t),
    .init = exchange_init,
    .step = exchange_step,
    .result = exchange_result,
    .destroy = exchange_destroy,
};
