/* Which model forecasts best: out-of-sample scores of the models on a table with
 * recorded outcomes, tunable parameters chosen by K-fold cross-validation over issues,
 * the compromise model as the baseline (include/normsim/validate.h, docs/VALIDATE.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "normsim/validate.h"
#include "analysis/validate_internal.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_FOLDS  10
#define MAX_CANDIDATES 8

/* The candidate parameters of each model, "" its defaults first (ties keep it). The
 * grids are the models' discrete switches whose readings the literature disputes and
 * that cost one run each; numeric parameters (eum's Q and T) are not tuned. */
typedef struct grid {
    const char *model;
    const char *candidate[MAX_CANDIDATES]; /* "k=v,k=v"; NULL-terminated. */
} grid_t;

static const grid_t grids[] = {
    {"nash",
     {"", "loss=quadratic", "weighting=capability", "loss=quadratic,weighting=capability", NULL}},
    {"eum", {"", "centre=mean", NULL}},
};

static const char *const defaults_only[] = {"", NULL};

static const char *const *candidates_of(const ns_model_type_t *m)
{
    for (size_t g = 0; g < NS_ARRAY_LEN(grids); g++) {
        if (strcmp(grids[g].model, m->name) == 0) {
            return grids[g].candidate;
        }
    }
    return defaults_only;
}

void ns_validation_free(ns_ctx_t *ctx, ns_validation_t *v)
{
    if (v == NULL) {
        return;
    }
    ns_free(ctx, v->score);
    ns_free(ctx, v);
}

/* Parameters from "k=v,k=v". */
static ns_status make_params(ns_ctx_t *ctx, const char *text, ns_params_t **out)
{
    char buf[192];
    ns_status st = ns_params_new(ctx, out);
    if (st != NS_OK) {
        return st;
    }
    snprintf(buf, sizeof buf, "%s", text);
    for (char *kv = buf; *kv != '\0' && st == NS_OK;) {
        char *comma = strchr(kv, ',');
        if (comma != NULL) {
            *comma = '\0';
        }
        st = ns_params_parse(*out, kv);
        kv = comma != NULL ? comma + 1 : kv + strlen(kv);
    }
    return st;
}

/* Forecasts of every candidate on every issue of t (NaN where none): fc[c * n_issues + i].
 * A model that fails on t while some issue lacks a status quo is run on the issues that
 * have one (*sq_skipped gets how many were left out). */
/* Whether any issue of t has a status quo. */
static bool has_status_quo(const ns_table_t *t)
{
    for (size_t i = 0; i < t->n_issues; i++) {
        if (t->status_quo[i] == t->status_quo[i]) {
            return true;
        }
    }
    return false;
}

static ns_status run_candidates(ns_ctx_t *ctx, const ns_model_type_t *m, const ns_table_t *t,
                                const char *const *cand, size_t n_cand, const ns_run_options_t *run,
                                double *fc, size_t *sq_skipped)
{
    ns_status st = NS_OK;
    ns_table_t *sub = NULL;
    size_t *keep = ns_calloc(ctx, t->n_issues + 1, sizeof *keep);
    size_t n_keep = t->n_issues;
    *sq_skipped = 0;
    if (keep == NULL) {
        return NS_ENOMEM;
    }
    for (size_t i = 0; i < n_cand * t->n_issues; i++) {
        fc[i] = NAN;
    }
    for (size_t c = 0; c < n_cand && st == NS_OK; c++) {
        ns_params_t *p = NULL;
        ns_forecast_t *f = NULL;
        st = make_params(ctx, cand[c], &p);
        if (st == NS_OK && c == 0) {
            /* The first candidate finds which issues the model can score: all, or those
             * with a status quo; the others run on the same. */
            st = ns_forecast_status_quo_issues(ctx, m, t, p, run, keep, &n_keep, &sub, &f);
            if (st == NS_EINVAL && !has_status_quo(t)) {
                /* The model needs a status quo and no issue has one: nothing to score. */
                ns_ctx_clear_error(ctx);
                st = NS_OK;
                n_keep = 0;
            }
            *sq_skipped = t->n_issues - n_keep;
        } else if (st == NS_OK && n_keep > 0) {
            st = ns_forecast(ctx, m, sub != NULL ? sub : t, p, run, &f);
        }
        for (size_t k = 0; st == NS_OK && f != NULL && k < n_keep; k++) {
            fc[c * t->n_issues + keep[k]] = f->forecast[k];
        }
        if (st != NS_OK && st != NS_ENOMEM) {
            char msg[768];
            snprintf(msg, sizeof msg, "%s", ns_ctx_errmsg(ctx));
            st = ns_error(ctx, st, "validate: model %s%s%s: %s", m->name,
                          cand[c][0] ? " with " : "", cand[c], msg);
        }
        ns_forecast_free(ctx, f);
        ns_params_free(p);
    }
    ns_table_free(ctx, sub);
    ns_free(ctx, keep);
    return st;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void ns__validate_choose(const double *fc, size_t n_cand, size_t n_issues, const double *outcome,
                         const size_t *fold, size_t K, double *pred, size_t *chosen)
{
    for (size_t c = 0; c < n_cand; c++) {
        chosen[c] = 0;
    }
    for (size_t i = 0; i < n_issues; i++) {
        pred[i] = NAN;
    }
    for (size_t k = 0; k < K; k++) {
        /* The candidate with the smallest mean absolute error on the other folds (fold k's
         * outcomes unseen); ties keep the earlier candidate, the defaults first. */
        size_t best = 0;
        double best_mae = INFINITY;
        for (size_t c = 0; c < n_cand && n_cand > 1; c++) {
            double e = 0.0;
            size_t n = 0;
            for (size_t i = 0; i < n_issues; i++) {
                double d = fabs(fc[c * n_issues + i] - outcome[i]);
                if (fold[i] != SIZE_MAX && fold[i] != k && d == d) {
                    e += d;
                    n++;
                }
            }
            if (n > 0 && e / (double)n < best_mae) {
                best_mae = e / (double)n;
                best = c;
            }
        }
        chosen[best]++;
        for (size_t i = 0; i < n_issues; i++) {
            if (fold[i] == k) {
                pred[i] = fc[best * n_issues + i];
            }
        }
    }
}

/* Score one model: choose its candidate per fold on the other folds, score the fold. */
static ns_status score_model(ns_ctx_t *ctx, const ns_model_type_t *m, const ns_table_t *t,
                             const size_t *fold, size_t K, const ns_run_options_t *run,
                             ns_validate_score_t *s)
{
    const char *const *cand = candidates_of(m);
    size_t n_cand = 0, n_issues = t->n_issues, sq_skipped = 0;
    while (cand[n_cand] != NULL) {
        n_cand++;
    }
    ns_status st = NS_OK;
    double *fc = ns_calloc(ctx, n_cand * n_issues + 1, sizeof *fc);
    double *err = ns_calloc(ctx, n_issues + 1, sizeof *err);
    double *pred = ns_calloc(ctx, n_issues + 1, sizeof *pred);
    size_t *chosen = ns_calloc(ctx, n_cand + 1, sizeof *chosen); /* [c]: folds choosing c */
    memset(s, 0, sizeof *s);
    s->model = m->name;
    s->mae = s->rmse = s->median_ae = NAN;
    if (fc == NULL || err == NULL || pred == NULL || chosen == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    if ((st = run_candidates(ctx, m, t, cand, n_cand, run, fc, &sq_skipped)) != NS_OK) {
        goto cleanup;
    }
    ns__validate_choose(fc, n_cand, n_issues, t->outcome, fold, K, pred, chosen);
    double sum = 0.0, sum2 = 0.0;
    size_t no_forecast = 0;
    for (size_t i = 0; i < n_issues; i++) {
        double d = fabs(pred[i] - t->outcome[i]);
        if (fold[i] == SIZE_MAX) {
            continue;
        }
        if (d == d) {
            err[s->n++] = d;
            sum += d;
            sum2 += d * d;
        } else if (t->status_quo[i] == t->status_quo[i] || sq_skipped == 0) {
            no_forecast++;
        }
    }
    size_t with_outcome = 0, sq_missing_scored = 0;
    for (size_t i = 0; i < n_issues; i++) {
        if (fold[i] != SIZE_MAX) {
            with_outcome++;
            sq_missing_scored += sq_skipped > 0 && t->status_quo[i] != t->status_quo[i];
        }
    }
    s->skipped = with_outcome - s->n;
    if (s->n > 0) {
        qsort(err, s->n, sizeof *err, cmp_double);
        s->mae = sum / (double)s->n;
        s->rmse = sqrt(sum2 / (double)s->n);
        s->median_ae = s->n % 2 == 1 ? err[s->n / 2] : 0.5 * (err[s->n / 2 - 1] + err[s->n / 2]);
    }
    size_t used = 0;
    if (sq_missing_scored > 0) {
        used += (size_t)snprintf(s->note, sizeof s->note,
                                 "%zu issues without a status quo skipped (the model needs one)",
                                 sq_missing_scored);
    }
    if (no_forecast > 0 && used < sizeof s->note) {
        snprintf(s->note + used, sizeof s->note - used, "%s%zu issues without a forecast",
                 used > 0 ? "; " : "", no_forecast);
    }
    used = 0;
    for (size_t c = 0; c < n_cand && n_cand > 1 && used < sizeof s->params; c++) {
        if (chosen[c] > 0) {
            int w = snprintf(s->params + used, sizeof s->params - used, "%s%s (%zu/%zu folds)",
                             used > 0 ? "; " : "", cand[c][0] ? cand[c] : "defaults", chosen[c], K);
            used += w > 0 ? (size_t)w : 0;
        }
    }
cleanup:
    ns_free(ctx, chosen);
    ns_free(ctx, pred);
    ns_free(ctx, err);
    ns_free(ctx, fc);
    return st;
}

ns_status ns_validate(ns_ctx_t *ctx, const ns_table_t *table, const ns_model_type_t *const *models,
                      size_t n_models, const ns_validate_options_t *opts, ns_validation_t **out)
{
    ns_status st = NS_OK;
    ns_validation_t *v = NULL;
    size_t *fold = NULL;
    const ns_model_type_t *baseline = NULL;
    const ns_model_type_t **list = NULL;
    size_t n_list = 0;
    ns_validate_options_t o = {DEFAULT_FOLDS, 0, 0};
    *out = NULL;
    if (opts != NULL) {
        o = *opts;
    }
    if (o.folds == 0) {
        o.folds = DEFAULT_FOLDS;
    }
    if (o.folds == 1) {
        return ns_error(ctx, NS_EINVAL,
                        "validate: folds must be 2 or more (1 would fit the "
                        "parameters on the issues it scores)");
    }
    if (models == NULL || n_models == 0) {
        models = ns_models(&n_models);
    }
    if ((st = ns_model_find(ctx, "compromise", &baseline)) != NS_OK) {
        return st;
    }
    v = ns_calloc(ctx, 1, sizeof *v);
    fold = ns_calloc(ctx, table->n_issues + 1, sizeof *fold);
    list = ns_calloc(ctx, n_models + 1, sizeof *list);
    if (v == NULL || fold == NULL || list == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    /* The baseline first, then the others in the order given, each once. */
    list[n_list++] = baseline;
    for (size_t m = 0; m < n_models; m++) {
        bool seen = false;
        for (size_t k = 0; k < n_list; k++) {
            seen |= list[k] == models[m] || strcmp(list[k]->name, models[m]->name) == 0;
        }
        if (!seen) {
            list[n_list++] = models[m];
        }
    }
    for (size_t i = 0; i < table->n_issues; i++) {
        fold[i] = SIZE_MAX;
        if (table->outcome[i] == table->outcome[i]) {
            fold[i] = v->n_outcomes++;
        }
    }
    if (v->n_outcomes == 0) {
        st = ns_error(ctx, NS_EINVAL,
                      "validate: the table has no issue with an outcome (column "
                      "'outcome')");
        goto cleanup;
    }
    v->folds = o.folds < v->n_outcomes ? o.folds : v->n_outcomes;
    for (size_t i = 0; i < table->n_issues; i++) {
        if (fold[i] != SIZE_MAX) {
            fold[i] %= v->folds;
        }
    }
    v->score = ns_calloc(ctx, n_list, sizeof *v->score);
    if (v->score == NULL) {
        st = NS_ENOMEM;
        goto cleanup;
    }
    v->n_models = n_list;
    ns_run_options_t run = {o.seed, o.max_rounds, NULL, NULL};
    for (size_t m = 0; m < n_list && st == NS_OK; m++) {
        st = score_model(ctx, list[m], table, fold, v->folds, &run, &v->score[m]);
    }
cleanup:
    ns_free(ctx, list);
    ns_free(ctx, fold);
    if (st != NS_OK) {
        ns_validation_free(ctx, v);
        v = NULL;
    }
    *out = v;
    return st;
}

ns_status ns_validation_rows(ns_ctx_t *ctx, const ns_validation_t *v, ns_rows_t **out)
{
    static const char *const cols[] = {"model", "n", "mae", "rmse", "median_ae", "params"};
    ns_rows_t *rows = NULL;
    ns_status st = ns_rows_new(ctx, cols, NS_ARRAY_LEN(cols), &rows);
    for (size_t m = 0; m < v->n_models && st == NS_OK; m++) {
        const ns_validate_score_t *s = &v->score[m];
        st = ns_rows_add(rows);
        st = st != NS_OK ? st : ns_rows_set(rows, 0, s->model);
        st = st != NS_OK ? st : ns_rows_setf(rows, 1, "%zu", s->n);
        st = st != NS_OK ? st : ns_rows_set_num(rows, 2, s->mae, 6);
        st = st != NS_OK ? st : ns_rows_set_num(rows, 3, s->rmse, 6);
        st = st != NS_OK ? st : ns_rows_set_num(rows, 4, s->median_ae, 6);
        st = st != NS_OK ? st : ns_rows_set(rows, 5, s->params);
    }
    if (st != NS_OK) {
        ns_rows_free(rows);
        rows = NULL;
    }
    *out = rows;
    return st;
}
