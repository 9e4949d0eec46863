/* Monte Carlo adoption curves of norms on the world's network of states (DESIGN.md
 * model 9): entry into the life cycle from the consensus report, then runs of the
 * diffusion model of src/diffusion/diffusion.c, summarised per item, UN regional group and
 * year by the mean and the 5th-95th percentile band.
 *
 * Replicate r of item k uses the streams (seed, r, k, year) and (seed, r, k, thresholds),
 * so results do not depend on the order in which runs are made (or on threads, if the
 * loop over replicates is ever parallelised).
 *
 * Criticality. Finnemore and Sikkink (1998, p. 901) weight the tipping point towards
 * "critical states", those without which the norm's goal is compromised. For cyber
 * norms those are the capable states, so criticality is 1/4 + capacity: every state
 * counts, a capable state up to five times as much as the least capable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "diffusion/diffusion_internal.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_GROUPS  NS_GROUP_COUNT /* Slot 0 ("all") and the five UN groups. */
#define N_STAGES  3              /* Endorsed, implemented, internalised. */
#define MAX_YEARS 200

struct ns_diffuse_result {
    ns_ctx_t *ctx;
    size_t n_items, n_years, runs, n_states;
    int first_year;
    char (*item)[96];
    size_t group_size[N_GROUPS];
    /* Histogram of counts: [item][group][year][stage][0..n_states]. */
    uint32_t *hist;
    uint32_t *tipped_by; /* [item][year]: runs tipped by then. */
    int *tip_year;       /* [item][run]: year or -1. */
    double *observed;    /* [item][group][year], NaN when no series. */
};

void ns_diffuse_options_default(ns_diffuse_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->runs = 1000;
    o->seed = 1;
    ns_diffusion_params_default(&o->params);
}

void ns_diffuse_result_free(ns_diffuse_result_t *r)
{
    if (r == NULL) {
        return;
    }
    ns_free(r->ctx, r->item);
    ns_free(r->ctx, r->hist);
    ns_free(r->ctx, r->tipped_by);
    ns_free(r->ctx, r->tip_year);
    ns_free(r->ctx, r->observed);
    ns_free(r->ctx, r);
}

static size_t hist_index(const ns_diffuse_result_t *r, size_t item, size_t g, size_t y, size_t s)
{
    return (((item * N_GROUPS + g) * r->n_years + y) * N_STAGES + s) * (r->n_states + 1);
}

static ns_status unknown_norm(ns_ctx_t *ctx, const ns_world_t *w, const char *id)
{
    char known[256] = "";
    size_t len = 0;
    for (size_t k = 0; k < ns_world_norm_count(w) && len + 16 < sizeof known; k++) {
        len += (size_t)snprintf(known + len, sizeof known - len, "%s%s", k ? ", " : "",
                                ns_world_norm(w, k)->id);
    }
    return ns_error(ctx, NS_ENOTFOUND, "no norm '%s' (known: %s)", id, len ? known : "none");
}

/* Entry into the cycle for a norm: the members of the body whose consensus report
 * holds it (MECHANISM.md 3.4: a report exists only because every member accepted it). */
static void norm_entry(const ns_world_t *w, const ns_norm_t *norm, uint8_t *initial)
{
    long b = norm->body;
    if (b < 0) {
        /* The norm does not name its body: the body whose report it is. */
        for (size_t k = 0; k < ns_world_body_count(w) && norm->report != NULL; k++) {
            const ns_body_t *body = ns_world_body(w, k);
            if (body->report_symbol != NULL && strcmp(body->report_symbol, norm->report) == 0) {
                b = (long)k;
            }
        }
    }
    if (b < 0) {
        return;
    }
    const ns_body_t *body = ns_world_body(w, (size_t)b);
    for (size_t m = 0; body != NULL && m < body->n_members; m++) {
        initial[body->members[m]] = NS_STAGE_ENDORSED;
    }
}

static ns_status check_years(ns_ctx_t *ctx, int first, int last)
{
    if (first < 1945 || first > 2200 || last < first || last - first >= MAX_YEARS) {
        return ns_error(ctx, NS_EINVAL,
                        "years %d..%d: need 1945 <= first <= last <= 2200 and at most %d years",
                        first, last, MAX_YEARS);
    }
    return NS_OK;
}

/* Everything one call needs, freed in one place. */
typedef struct work {
    ns__series_t series;
    bool have_series;
    ns_net_t *net;
    ns_diffusion_t *model;
    double *capacity, *crit;
    bool *active;
    uint8_t *group;   /* UN group of each state, 0 if none. */
    uint8_t *initial; /* [item][state] */
    size_t *norm_index;
} work_t;

static void work_destroy(ns_ctx_t *ctx, work_t *w)
{
    if (w->have_series) {
        ns__series_destroy(ctx, &w->series);
    }
    ns_diffusion_free(w->model);
    ns_net_free(w->net);
    ns_free(ctx, w->capacity);
    ns_free(ctx, w->crit);
    ns_free(ctx, w->active);
    ns_free(ctx, w->group);
    ns_free(ctx, w->initial);
    ns_free(ctx, w->norm_index);
}

/* Pick the items and the years. */
static ns_status choose_items(ns_ctx_t *ctx, const ns_world_t *world,
                              const ns_diffuse_options_t *opt, work_t *w, size_t *n_items,
                              int *first, int *last)
{
    ns_status st = NS_OK;
    size_t n_norms = ns_world_norm_count(world);
    *first = opt->first_year;
    if (opt->instrument != NULL) {
        if ((st = ns__series_load(ctx, world, opt->instrument, &w->series)) != NS_OK) {
            return st;
        }
        w->have_series = true;
        *n_items = 1;
        if (*first == 0) {
            *first = w->series.first_year;
        }
    } else {
        w->norm_index = ns_calloc(ctx, n_norms ? n_norms : 1, sizeof(size_t));
        if (w->norm_index == NULL) {
            return NS_ENOMEM;
        }
        *n_items = 0;
        int year = 0;
        for (size_t k = 0; k < n_norms; k++) {
            const ns_norm_t *nm = ns_world_norm(world, k);
            /* Ids in any case ("2015F"). */
            if (opt->norm == NULL ||
                (strlen(nm->id) == strlen(opt->norm) && ns_names_equal(nm->id, opt->norm))) {
                w->norm_index[(*n_items)++] = k;
                year = nm->year > year ? nm->year : year;
            }
        }
        if (*n_items == 0) {
            return opt->norm != NULL ? unknown_norm(ctx, world, opt->norm)
                                     : ns_error(ctx, NS_ENOTFOUND, "the world has no norms");
        }
        if (*first == 0) {
            *first = year;
        }
    }
    *last = opt->last_year != 0 ? opt->last_year : *first + 15;
    return check_years(ctx, *first, *last);
}

static void record(ns_diffuse_result_t *r, const ns_diffusion_t *d, const uint8_t *group,
                   const bool *active, size_t item, size_t y)
{
    size_t counts[N_GROUPS][N_STAGES];
    memset(counts, 0, sizeof counts);
    const uint8_t *stage = ns__diffusion_stages(d);
    for (size_t i = 0; i < r->n_states; i++) {
        if (!active[i]) {
            continue;
        }
        size_t g = group[i];
        uint8_t s = stage[i];
        for (size_t k = 0; k < s && k < N_STAGES; k++) {
            counts[0][k]++;
            counts[g][k] += g > 0;
        }
    }
    for (size_t g = 0; g < N_GROUPS; g++) {
        for (size_t k = 0; k < N_STAGES; k++) {
            r->hist[hist_index(r, item, g, y, k) + counts[g][k]]++;
        }
    }
}

ns_status ns_diffuse(ns_ctx_t *ctx, const ns_world_t *world, const ns_diffuse_options_t *opt,
                     ns_diffuse_result_t **out)
{
    *out = NULL;
    work_t w;
    memset(&w, 0, sizeof w);
    ns_diffuse_result_t *r = NULL;
    size_t n = ns_world_state_count(world), n_items = 0;
    int first = 0, last = 0;
    ns_status st = NS_OK;
    if (opt->runs == 0 || opt->runs > 10000000) {
        st = ns_error(ctx, NS_EINVAL, "runs %zu: need 1..10000000", opt->runs);
        goto cleanup;
    }
    if (n == 0) {
        st = ns_error(ctx, NS_EINVAL, "the world has no states");
        goto cleanup;
    }
    if ((st = ns_diffusion_params_check(ctx, &opt->params)) != NS_OK ||
        (st = choose_items(ctx, world, opt, &w, &n_items, &first, &last)) != NS_OK ||
        (st = ns_net_from_world(ctx, world, first, &w.net)) != NS_OK) {
        goto cleanup;
    }
    if (opt->edges != NULL && (st = ns_net_read_edges(ctx, w.net, world, opt->edges)) != NS_OK) {
        goto cleanup;
    }
    if ((st = ns_diffusion_new(ctx, w.net, &opt->params, &w.model)) != NS_OK) {
        goto cleanup;
    }
    w.capacity = ns_malloc(ctx, n * sizeof(double));
    w.crit = ns_malloc(ctx, n * sizeof(double));
    w.active = ns_malloc(ctx, n * sizeof(bool));
    w.group = ns_calloc(ctx, n, 1);
    w.initial = ns_calloc(ctx, n_items * n, 1);
    r = ns_calloc(ctx, 1, sizeof *r);
    if (w.capacity == NULL || w.crit == NULL || w.active == NULL || w.initial == NULL ||
        w.group == NULL || r == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    r->ctx = ctx;
    r->n_items = n_items;
    r->n_years = (size_t)(last - first) + 1;
    r->runs = opt->runs;
    r->n_states = n;
    r->first_year = first;
    size_t cells = n_items * N_GROUPS * r->n_years * N_STAGES * (n + 1);
    r->item = ns_calloc(ctx, n_items, sizeof *r->item);
    r->hist = ns_calloc(ctx, cells, sizeof(uint32_t));
    r->tipped_by = ns_calloc(ctx, n_items * r->n_years, sizeof(uint32_t));
    r->tip_year = ns_calloc(ctx, n_items * opt->runs, sizeof(int));
    r->observed = ns_calloc(ctx, n_items * N_GROUPS * r->n_years, sizeof(double));
    if (r->item == NULL || r->hist == NULL || r->tipped_by == NULL || r->tip_year == NULL ||
        r->observed == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    if ((st = ns_diffusion_capacity(ctx, world, first, w.capacity)) != NS_OK) {
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        w.crit[i] = 0.25 + w.capacity[i];
        w.active[i] = ns_world_is_member(world, i, first);
        size_t g = (size_t)ns_world_state(world, i)->group;
        w.group[i] = (uint8_t)(g < N_GROUPS ? g : 0);
        if (w.active[i]) {
            r->group_size[0]++;
            r->group_size[w.group[i]] += w.group[i] > 0;
        }
    }
    if ((st = ns_diffusion_set_capacity(ctx, w.model, w.capacity)) != NS_OK ||
        (st = ns_diffusion_set_criticality(ctx, w.model, w.crit)) != NS_OK ||
        (st = ns_diffusion_set_active(ctx, w.model, w.active)) != NS_OK) {
        goto cleanup;
    }
    for (size_t k = 0; k < n_items; k++) {
        uint8_t *init = w.initial + k * n;
        if (w.have_series) {
            snprintf(r->item[k], sizeof r->item[k], "%s", w.series.name);
            for (size_t i = 0; i < n; i++) {
                if (w.series.earliest[i] > 0 && w.series.latest[i] <= first) {
                    init[i] = NS_STAGE_ENDORSED;
                }
            }
        } else {
            const ns_norm_t *nm = ns_world_norm(world, w.norm_index[k]);
            snprintf(r->item[k], sizeof r->item[k], "%s", nm->id);
            norm_entry(world, nm, init);
        }
        for (size_t y = 0; y < r->n_years; y++) {
            for (size_t g = 0; g < N_GROUPS; g++) {
                double obs = w.have_series ? 0.0 : NAN;
                for (size_t i = 0; w.have_series && i < n; i++) {
                    size_t gi = (size_t)ns_world_state(world, i)->group;
                    if (g == 0 || gi == g) {
                        obs += ns__series_adopted(&w.series, i, first + (int)y);
                    }
                }
                r->observed[(k * N_GROUPS + g) * r->n_years + y] = obs;
            }
        }
    }
    /* The runs. Item k's stream id is its index among the world's norms (or 0 for an
     * instrument), so a norm draws the same numbers whether run alone or with others. */
    for (size_t k = 0; k < n_items; k++) {
        uint32_t stream = w.have_series ? 0u : (uint32_t)w.norm_index[k];
        for (size_t run = 0; run < opt->runs; run++) {
            size_t done = k * opt->runs + run;
            if (opt->progress != NULL &&
                opt->progress(done > INT_MAX ? INT_MAX : (int)done, opt->progress_user) != 0) {
                st = ns_error(ctx, NS_EINVAL, "diffuse: interrupted after %zu of %zu runs", done,
                              n_items * opt->runs);
                goto cleanup;
            }
            ns_diffusion_reset(w.model, w.initial + k * n, opt->seed, (uint32_t)run, stream);
            record(r, w.model, w.group, w.active, k, 0);
            for (size_t y = 1; y < r->n_years; y++) {
                ns_diffusion_step(w.model, first + (int)y);
                record(r, w.model, w.group, w.active, k, y);
                r->tipped_by[k * r->n_years + y] += ns_diffusion_tipped(w.model);
            }
            r->tipped_by[k * r->n_years] += ns_diffusion_tipping_year(w.model) == 0;
            int ty = ns_diffusion_tipping_year(w.model);
            r->tip_year[k * opt->runs + run] = ty == 0 ? first : ty;
        }
    }
cleanup:
    work_destroy(ctx, &w);
    if (st != NS_OK) {
        ns_diffuse_result_free(r);
        r = NULL;
    }
    *out = r;
    return st;
}

/* The q-quantile of a histogram of `total` counts: the smallest value whose cumulative
 * count reaches ceil(q total). */
static size_t hist_quantile(const uint32_t *h, size_t bins, size_t total, double q)
{
    size_t need = (size_t)ceil(q * (double)total);
    size_t cum = 0;
    if (need == 0) {
        need = 1;
    }
    for (size_t k = 0; k < bins; k++) {
        cum += h[k];
        if (cum >= need) {
            return k;
        }
    }
    return bins - 1;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

ns_status ns_diffuse_result_rows(ns_ctx_t *ctx, const ns_diffuse_result_t *r, ns_rows_t **out)
{
    static const char *const cols[] = {"norm",
                                       "group",
                                       "year",
                                       "states",
                                       "endorsed",
                                       "endorsed_lo",
                                       "endorsed_hi",
                                       "implemented",
                                       "implemented_lo",
                                       "implemented_hi",
                                       "internalised",
                                       "internalised_lo",
                                       "internalised_hi",
                                       "p_tipped",
                                       "tipping_year",
                                       "observed"};
    size_t n_cols = sizeof cols / sizeof cols[0];
    ns_rows_t *rows = NULL;
    int *years = ns_malloc(ctx, (r->runs ? r->runs : 1) * sizeof(int));
    ns_status st = years == NULL ? NS_ENOMEM : ns_rows_new(ctx, cols, n_cols, &rows);
    for (size_t k = 0; st == NS_OK && k < r->n_items; k++) {
        /* Median tipping year over all runs, counting runs that never tipped as
         * "later than any": defined only when at least half the runs tipped. */
        size_t m = 0;
        for (size_t run = 0; run < r->runs; run++) {
            int y = r->tip_year[k * r->runs + run];
            years[m++] = y < 0 ? 1 << 30 : y;
        }
        qsort(years, m, sizeof(int), cmp_int);
        int median = years[(m - 1) / 2];
        for (size_t g = 0; st == NS_OK && g < N_GROUPS; g++) {
            for (size_t y = 0; st == NS_OK && y < r->n_years; y++) {
                if ((st = ns_rows_add(rows)) != NS_OK ||
                    (st = ns_rows_set(rows, 0, r->item[k])) != NS_OK ||
                    (st = ns_rows_set(rows, 1, g == 0 ? "all" : ns_ungroup_id((ns_ungroup_t)g))) !=
                        NS_OK ||
                    (st = ns_rows_setf(rows, 2, "%d", r->first_year + (int)y)) != NS_OK ||
                    (st = ns_rows_setf(rows, 3, "%zu", r->group_size[g])) != NS_OK) {
                    break;
                }
                for (size_t s = 0; st == NS_OK && s < N_STAGES; s++) {
                    const uint32_t *h = r->hist + hist_index(r, k, g, y, s);
                    double mean = 0;
                    for (size_t c = 0; c <= r->n_states; c++) {
                        mean += (double)c * h[c];
                    }
                    mean /= (double)r->runs;
                    if ((st = ns_rows_set_num(rows, 4 + 3 * s, mean, 4)) == NS_OK &&
                        (st = ns_rows_setf(rows, 5 + 3 * s, "%zu",
                                           hist_quantile(h, r->n_states + 1, r->runs, 0.05))) ==
                            NS_OK) {
                        st = ns_rows_setf(rows, 6 + 3 * s, "%zu",
                                          hist_quantile(h, r->n_states + 1, r->runs, 0.95));
                    }
                }
                if (st == NS_OK) {
                    st = ns_rows_set_num(
                        rows, 13, (double)r->tipped_by[k * r->n_years + y] / (double)r->runs, 3);
                }
                if (st == NS_OK && median < (1 << 30)) {
                    st = ns_rows_setf(rows, 14, "%d", median);
                }
                if (st == NS_OK) {
                    st = ns_rows_set_num(rows, 15, r->observed[(k * N_GROUPS + g) * r->n_years + y],
                                         4);
                }
            }
        }
    }
    ns_free(ctx, years);
    if (st != NS_OK) {
        ns_rows_free(rows);
        rows = NULL;
    }
    *out = rows;
    return st;
}
