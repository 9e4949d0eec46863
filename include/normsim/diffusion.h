/* normsim: life after adoption. Networks of states, threshold / exposure diffusion of a
 * norm with the norm life cycle (endorse -> implement -> internalise), Monte Carlo
 * adoption curves, and the maximum-likelihood fit of the global parameters on a dated
 * adoption series.
 *
 * The model (DESIGN.md model 9; docs/DIFFUSION.md is the full reference):
 * - Exposure (Valente 1995): E_i = sum_j X_ij a_j / sum_j X_ij, X the weighted sum of
 *   the network's layers, a_j = 1 when state j has endorsed.
 * - Thresholds (Granovetter 1978): state i endorses in year t when E_i(t-1) >= theta_i,
 *   or spontaneously with probability rho_i = logistic(logit(spont_rate) +
 *   spont_capacity (c_i - 1/2)). Steps are synchronous: every decision of year t sees the
 *   adoption of the end of year t-1.
 * - Life cycle (Finnemore and Sikkink 1998): an endorser implements with hazard
 *   1 - (1 - impl_rate c_i)(1 - impl_peer E^impl_i), which rises with capacity c_i; an
 *   implementer internalises with hazard internal_rate, but only after the tipping point.
 * - Tipping point: the first year the criticality-weighted share of endorsers reaches
 *   `tipping` (default 1/3). From the next year on the cascade regime applies:
 *   thresholds are scaled by cascade_scale (< 1: socialisation, not domestic pressure,
 *   now drives adoption) and internalisation opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_DIFFUSION_H
#define NORMSIM_DIFFUSION_H

#include "normsim/core.h"
#include "normsim/io.h"
#include "normsim/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Networks of states ----------------------------------------------------------- */

/* A weighted, undirected, multi-layer network on n states. Each layer is a dense
 * n x n matrix of tie strengths; the network's X is the sum of the layers, each scaled
 * by its layer weight. */
typedef struct ns_net ns_net_t;

/* Layer names of ns_net_from_world(). */
#define NS_LAYER_REGIONAL "regional" /* EU, AU, OAS, OSCE, ASEAN: shared memberships. */
#define NS_LAYER_CAMP     "camp"     /* NATO, FiveEyes, SCO, CSTO, BRICS, NAM, FOC. */
#define NS_LAYER_GROUP    "group"    /* The same UN regional group. */

/**
 * An empty network on n states (no layers).
 * @return NS_OK, NS_EINVAL (n == 0), NS_ELIMIT (n > 100000), NS_ENOMEM.
 */
ns_status ns_net_new(ns_ctx_t *ctx, size_t n, ns_net_t **out);
void ns_net_free(ns_net_t *net);

/**
 * Add a layer, or find it if `name` exists already (its weight is then replaced).
 * @param weight  in: >= 0 and finite.
 * @param layer   out: the layer's index (may be NULL).
 * @return NS_OK, NS_ERANGE (bad weight), NS_ENOMEM.
 */
ns_status ns_net_add_layer(ns_ctx_t *ctx, ns_net_t *net, const char *name, double weight,
                           size_t *layer);
/* Add w (>= 0, finite) to the tie i-j of a layer, in both directions. Self-ties are
 * refused (NS_EINVAL): a state does not expose itself. */
ns_status ns_net_add_tie(ns_ctx_t *ctx, ns_net_t *net, size_t layer, size_t i, size_t j, double w);
/* Change a layer's weight (>= 0, finite). O(n^2). */
ns_status ns_net_set_layer_weight(ns_ctx_t *ctx, ns_net_t *net, size_t layer, double weight);

size_t ns_net_size(const ns_net_t *net);
size_t ns_net_layer_count(const ns_net_t *net);
const char *ns_net_layer_name(const ns_net_t *net, size_t layer); /* NULL if out of range */
double ns_net_layer_weight(const ns_net_t *net, size_t layer);    /* NaN if out of range */
/* NS_OK and the index, or NS_ENOTFOUND (no message recorded). */
ns_status ns_net_find_layer(const ns_net_t *net, const char *name, size_t *layer);
/* X_ij of one layer (layer < count) or of the whole network (layer == SIZE_MAX). */
double ns_net_tie(const ns_net_t *net, size_t layer, size_t i, size_t j);

/**
 * Exposure E_i = sum_j X_ij a_j / sum_j X_ij for every state (0 for a state without
 * ties). a: n values in [0, 1]; exposure: n values out. `layer` as in ns_net_tie().
 * O(n^2).
 */
void ns_net_exposure(const ns_net_t *net, size_t layer, const double *adopted, double *exposure);

/**
 * The network of the world's states in `year`: layer "regional" (tie = number of shared
 * regional organisations), "camp" (number of shared camps) and "group" (1 for states
 * of the same UN regional group), with weights 1, 1 and 0.5. Memberships count when
 * ns_world_in_org() says the state belonged in `year`.
 */
ns_status ns_net_from_world(ns_ctx_t *ctx, const ns_world_t *world, int year, ns_net_t **out);

/**
 * Read an edge list and add its ties: CSV with header `from,to,weight,layer` (from and
 * to are ISO3 codes of the world; weight >= 0; layer a name, created with weight 1 if
 * new). Edges are undirected.
 * @return NS_OK; NS_ENOTFOUND / NS_EIO (file); NS_EPARSE (bad CSV or header), NS_EINVAL
 *         (unknown state, self-tie, wrong number of fields), NS_ERANGE (bad weight),
 *         each with file:line:column and the field; NS_ENOMEM. On error the network may
 *         hold the ties of the rows before the bad one.
 */
ns_status ns_net_read_edges(ns_ctx_t *ctx, ns_net_t *net, const ns_world_t *world,
                            const char *path);

/* ---- Parameters --------------------------------------------------------------------- */

typedef struct ns_diffusion_params {
    /* Endorsement (Granovetter 1978; Valente 1995). */
    double spont_rate;     /* Spontaneous yearly rate at capacity 1/2, in [0, 1). */
    double spont_capacity; /* Log-odds slope of the spontaneous rate in capacity. */
    double theta_median;   /* Median threshold, in (0, 100]. */
    double theta_spread;   /* log(theta_i) ~ N(log(theta_median), theta_spread^2), >= 0; a
                              threshold above 1 (above 1 / cascade_scale in the cascade)
                              is never reached by exposure. */
    double disadopt;       /* Yearly probability that an endorser below its threshold
                              (not yet implementing) drops the norm; 0 = never. */
    /* Life cycle (Finnemore and Sikkink 1998). */
    double tipping;       /* Criticality-weighted share of endorsers that tips, in (0, 1]. */
    double cascade_scale; /* Threshold multiplier after the tipping point, in (0, 1]. */
    double impl_rate;     /* Implementation hazard at capacity 1, in [0, 1]. */
    double impl_peer;     /* Weight of implementing peers in the hazard, in [0, 1]. */
    double internal_rate; /* Internalisation hazard after the tipping point, in [0, 1]. */
    /* Capacity building (MECHANISM.md 4.4): states with capacity below cb_below gain
     * cb_boost (capped at 1). */
    double cb_boost;
    double cb_below;
    /* Network layer of implementing peers ("" or NULL: the whole network). */
    const char *impl_layer;
} ns_diffusion_params_t;

/* Where the default values come from: the fit that produced them. */
typedef struct ns_diffusion_provenance {
    const char *series; /* "national_position_il_cyber:published" */
    int first_year;     /* Years of the fit. */
    int last_year;
    double loglik;   /* Log-likelihood at the fitted values. */
    size_t n_states; /* States at risk. */
    size_t n_events; /* Adoptions (exact and interval-censored). */
    const char *how; /* The command that reproduces it. */
} ns_diffusion_provenance_t;

/* The defaults: spont_rate, spont_capacity and theta_median fitted (see the
 * provenance); the others are documented assumptions (docs/DIFFUSION.md). */
void ns_diffusion_params_default(ns_diffusion_params_t *p);
const ns_diffusion_provenance_t *ns_diffusion_default_provenance(void);

/* Check every field's range. NS_OK or NS_ERANGE naming the field. */
ns_status ns_diffusion_params_check(ns_ctx_t *ctx, const ns_diffusion_params_t *p);

/* Override fields from the world's named parameters "diffusion.<field>" (for example
 * "diffusion.theta_median" set by a scenario file), and the layer of implementing peers
 * from "diffusion.impl_layer.<regional|camp|group>" = 1 (0: no change; another value, or
 * two layers at 1: NS_ERANGE). NS_OK or NS_ERANGE. */
ns_status ns_diffusion_params_from_world(ns_ctx_t *ctx, const ns_world_t *world,
                                         ns_diffusion_params_t *p);

/* The paper's options as parameter changes (MECHANISM.md 4.4, 7.2, 7.3; documented in
 * docs/DIFFUSION.md). name: "capacity-building" (value "developing", "all" or "none"),
 * "channel" ("regional" or "all"), "mandate" ("implementation" or "norms").
 * NS_OK, NS_EINVAL (unknown name or value, the message lists the choices). */
ns_status ns_diffusion_params_option(ns_ctx_t *ctx, ns_diffusion_params_t *p, const char *name,
                                     const char *value);

/* ---- Capacity ------------------------------------------------------------------------ */

/**
 * Capacity c_i in [0, 1] of every state of the world in `year`: log GDP (the nearest
 * earlier year) rescaled to [0, 1] over the states with data, averaged with the ITU
 * cyber index score (0-1) where the state has one; states without GDP get the lowest
 * observed capacity of their UN group. out: ns_world_state_count(world) values.
 */
ns_status ns_diffusion_capacity(ns_ctx_t *ctx, const ns_world_t *world, int year, double *out);

/* ---- One run --------------------------------------------------------------------------- */

/* Life-cycle stages. */
enum { NS_STAGE_NONE = 0, NS_STAGE_ENDORSED, NS_STAGE_IMPLEMENTED, NS_STAGE_INTERNALISED };

typedef struct ns_diffusion ns_diffusion_t;

/**
 * A diffusion model on a network: borrows `net` (must outlive the model), copies the
 * parameters. Every state starts with capacity 1/2, criticality 1, and thresholds drawn
 * from the parameters at each ns_diffusion_reset().
 * @return NS_OK, NS_ERANGE (bad parameter), NS_EINVAL (impl_layer not in the network),
 *         NS_ENOMEM.
 */
ns_status ns_diffusion_new(ns_ctx_t *ctx, const ns_net_t *net, const ns_diffusion_params_t *p,
                           ns_diffusion_t **out);
void ns_diffusion_free(ns_diffusion_t *d);

/* Capacity (n values in [0, 1], before capacity building), criticality (n values >= 0,
 * not all 0) and fixed thresholds (n values >= 0; NULL: draw them at each reset). */
ns_status ns_diffusion_set_capacity(ns_ctx_t *ctx, ns_diffusion_t *d, const double *capacity);
ns_status ns_diffusion_set_criticality(ns_ctx_t *ctx, ns_diffusion_t *d, const double *crit);
ns_status ns_diffusion_set_thresholds(ns_ctx_t *ctx, ns_diffusion_t *d, const double *theta);
/* Exclude states (for example non-members) from the run: they never move and never
 * count. active: n booleans; NULL: all active. */
ns_status ns_diffusion_set_active(ns_ctx_t *ctx, ns_diffusion_t *d, const bool *active);

/**
 * Start a run: stages from `initial` (n values NS_STAGE_*; NULL: nobody), thresholds
 * drawn from the stream (seed, replicate, norm, 0xffffffff) unless fixed. The tipping
 * test is applied to the initial state. No allocation.
 */
void ns_diffusion_reset(ns_diffusion_t *d, const uint8_t *initial, uint64_t seed,
                        uint32_t replicate, uint32_t norm);
/**
 * One synchronous year. Every state draws one uniform from the stream (seed,
 * replicate, norm, year), in state order, whatever its stage, so that runs of two
 * scenarios with the same seed use common random numbers. No allocation. O(n + changes
 * x n).
 */
void ns_diffusion_step(ns_diffusion_t *d, int year);

uint8_t ns_diffusion_stage(const ns_diffusion_t *d, size_t state);
/* States at or beyond a stage. */
size_t ns_diffusion_count(const ns_diffusion_t *d, int stage);
/* Criticality-weighted share of endorsers (stage >= 1) among active states. */
double ns_diffusion_weighted_share(const ns_diffusion_t *d);
/* Whether the tipping point has been passed, and the year it was (0: at reset; -1: not). */
bool ns_diffusion_tipped(const ns_diffusion_t *d);
int ns_diffusion_tipping_year(const ns_diffusion_t *d);
double ns_diffusion_threshold(const ns_diffusion_t *d, size_t state);
double ns_diffusion_exposure(const ns_diffusion_t *d, size_t state);

/* ---- Monte Carlo on the world ----------------------------------------------------------- */

typedef struct ns_diffuse_options {
    const char *norm;       /* A norm id ("2015a"), or NULL. */
    const char *instrument; /* An adoption series "instrument[:event]", or NULL. Neither:
                               every norm of the world. */
    int first_year;         /* Entry year (0: the norms' year, or the series' first). */
    int last_year;          /* 0: first_year + 15. */
    size_t runs;            /* Replicates, >= 1. */
    uint64_t seed;
    const char *edges; /* A user edge list to add, or NULL. */
    ns_diffusion_params_t params;
    /* Called before each run (counted over every norm: 0, 1, ...); non-zero stops the
     * call (NS_EINVAL, "interrupted"). NULL: never. */
    ns_round_cb progress;
    void *progress_user;
} ns_diffuse_options_t;

/* Defaults: no norm (all), 1000 runs, seed 1, the default parameters. */
void ns_diffuse_options_default(ns_diffuse_options_t *o);

typedef struct ns_diffuse_result ns_diffuse_result_t;

/**
 * Entry into the cycle: the states that joined the consensus report of a norm (the
 * members of its body) endorse it in the entry year; for an instrument, the states
 * whose event is dated (or bounded) no later than the entry year. Then runs of the
 * model from the next year to last_year on the network of the entry year.
 * @return NS_OK; NS_ENOTFOUND (unknown norm or instrument, message lists the known
 *         ones); NS_EINVAL / NS_ERANGE (bad years, runs or parameters; an edge list
 *         error with file:line); NS_ENOMEM.
 * Complexity: O(runs x norms x years x n + runs x norms x n^2).
 */
ns_status ns_diffuse(ns_ctx_t *ctx, const ns_world_t *world, const ns_diffuse_options_t *opt,
                     ns_diffuse_result_t **out);
void ns_diffuse_result_free(ns_diffuse_result_t *r);

/**
 * The curves as a table: one row per item (norm or instrument), group ("all", then the
 * UN groups) and year, with columns norm, group, year, states, endorsed, endorsed_lo,
 * endorsed_hi, implemented(_lo,_hi), internalised(_lo,_hi), p_tipped, tipping_year
 * (median over runs that tipped; empty if fewer than half did), observed (instrument
 * only: expected count of adopters, interval-censored dates spread evenly).
 * Means and the 5th-95th percentile band over runs, in numbers of states.
 */
ns_status ns_diffuse_result_rows(ns_ctx_t *ctx, const ns_diffuse_result_t *r, ns_rows_t **out);

/* ---- Calibration ----------------------------------------------------------------------- */

typedef struct ns_fit ns_fit_t;

/**
 * Fit spont_rate, spont_capacity and theta_median by maximum likelihood on the dated
 * adoption series `series` ("instrument" or "instrument:event"), other parameters as in
 * `base`. Discrete-time hazard per state-year; interval-censored dates contribute the
 * probability of adopting within their bounds; exposure from the observed adoptions
 * (docs/DIFFUSION.md). The series is fitted on its first two thirds of years, then on all
 * years; the held-out third is forecast from the observed state at the cutoff.
 * @return NS_OK, NS_ENOTFOUND (unknown series), NS_EINVAL (no events), NS_ENOCONV,
 *         NS_ENOMEM.
 */
ns_status ns_fit_series(ns_ctx_t *ctx, const ns_world_t *world, const char *series,
                        const ns_diffusion_params_t *base, ns_fit_t **out);
void ns_fit_free(ns_fit_t *fit);

/* The fitted parameters (on all years, and on the first two thirds), the log-likelihoods
 * and the years. */
typedef struct ns_fit_summary {
    const char *series;
    int first_year, cutoff_year, last_year; /* Fit on first..cutoff; held out after. */
    size_t n_states, n_exact, n_censored;
    double loglik, loglik_train, loglik_holdout; /* loglik: all years at the full fit. */
    ns_diffusion_params_t full, train;
} ns_fit_summary_t;
void ns_fit_summary(const ns_fit_t *fit, ns_fit_summary_t *out);

/* Per year: observed cumulative adopters (certain: dated or bounded by then; possible:
 * earliest bound by then), the model's predicted cumulative count from the full fit
 * (one step ahead) and from the training fit (one step ahead in the fit years, then
 * forecast from the cutoff), and whether the year was held out. */
ns_status ns_fit_rows(ns_ctx_t *ctx, const ns_fit_t *fit, ns_rows_t **out);

/* The adoption series of the world: "instrument:event" names, for messages and help. */
ns_status ns_adoption_series_list(ns_ctx_t *ctx, const ns_world_t *world, ns_rows_t **out);

/* ---- Any adoption series: a user's events file ----------------------------------------- */

typedef struct ns_fit_file_options {
    const char *event; /* With an `event` column: the event that stands for adoption; NULL:
                          the file must hold one event only. */
    int holdout_from;  /* Fit on the events before this year, forecast the rest; 0: fit on
                          every year (then the per-year forecast is one step ahead). */
    size_t runs;       /* Monte Carlo runs of the forecast band (>= 1). */
    uint64_t seed;
} ns_fit_file_options_t;

/* Defaults: event NULL, no held-out years, 1000 runs, seed 1. */
void ns_fit_file_options_default(ns_fit_file_options_t *o);

/**
 * Fit the diffusion model, as ns_fit_series() does, on the adoption events of a CSV file
 * with the header columns iso3 and date and optionally event (other columns are
 * ignored). iso3 is a state's ISO3 code or name in any case (ns_world_lookup_state);
 * date a year (2019) or an ISO date (2019-05-14, 2019-05); a state listed more than once
 * adopted at its first date. With opt->holdout_from = Y the model is fitted on the years
 * before Y from the events before Y alone (a held-out event changes nothing that the
 * fit or the forecast computes), then run forward from the observed state at the end of
 * Y - 1 to the last year of the file. The forecast is the model itself run opt->runs
 * times (adoption drawn state by state with the fitted hazards), so its band is the
 * model's 5th-95th percentile. The Bass model and a logistic curve are fitted to the
 * same years (ns_curve_fit) and forecast the held-out years from the same observed
 * count (docs/DIFFUSION.md).
 * @return NS_OK; NS_EINVAL, NS_ENOTFOUND or NS_EPARSE for a bad file, each with
 *         FILE:LINE:COL: FIELD (a missing column, an unknown state, a bad date, a state
 *         not a UN member in the year of its event, no event chosen among several);
 *         NS_EINVAL for a held-out year that leaves no fit year or no held-out year;
 *         NS_EIO (unreadable file); NS_ENOCONV; NS_ENOMEM.
 */
ns_status ns_fit_file(ns_ctx_t *ctx, const ns_world_t *world, const char *path,
                      const ns_fit_file_options_t *opt, const ns_diffusion_params_t *base,
                      ns_fit_t **out);

/* Per year of a file fit: year, observed (cumulative adopters in the file), predicted
 * (mean over the runs), lo, hi (5th and 95th percentiles), held_out (yes/no). */
ns_status ns_fit_file_rows(ns_ctx_t *ctx, const ns_fit_t *fit, ns_rows_t **out);
/* Per state (UN members of the last year, and every adopter): iso3, adopted_year (the
 * file's, empty if none), p_by_end (the share of runs in which it has adopted by the
 * last year, given the events before the held-out years). */
ns_status ns_fit_state_rows(ns_ctx_t *ctx, const ns_fit_t *fit, ns_rows_t **out);
/* The three models side by side: model (diffusion, bass, logistic), parameters,
 * fit_rmse (over the fit years: one step ahead for the diffusion model, the fitted
 * curve for the others), held_out_years, held_out_rmse, held_out_mae, predicted_last,
 * observed_last. Errors are in numbers of states of the cumulative count; empty where
 * there are no held-out years or a curve could not be fitted (fewer than 3 fit years).
 * Then the fitted parameters one per column (12 significant digits; `parameters` holds
 * them rounded, as text): spont_rate, spont_capacity, theta_median, log_likelihood (of
 * the fit years), held_out_log_likelihood (the diffusion model's row), bass_p, bass_q,
 * bass_m, logistic_k, logistic_r, logistic_t0 (a year). */
ns_status ns_fit_compare_rows(ns_ctx_t *ctx, const ns_fit_t *fit, ns_rows_t **out);

/* ---- Baseline curves ---------------------------------------------------------------- */

typedef enum ns_curve_kind { NS_CURVE_BASS = 0, NS_CURVE_LOGISTIC } ns_curve_kind_t;

typedef struct ns_curve {
    ns_curve_kind_t kind;
    double p, q, m;  /* Bass: innovation, imitation, potential adopters. */
    double k, r, t0; /* Logistic: ceiling, rate, midpoint (years from t = 0). */
    double sse;      /* Residual sum of squares at the fit. */
} ns_curve_t;

/**
 * Fit a curve by least squares to cumulative counts at t = 1..n (the end of each year,
 * t = 0 the end of the year before the first): the Bass model on the yearly adoptions
 * (Srinivasan and Mason 1986), the logistic on the cumulative counts. The potential m
 * or ceiling K is kept between the last count and `ceiling`.
 * @return NS_OK; NS_EINVAL (fewer than 3 years, counts not above 0 or above the
 *         ceiling); NS_ENOCONV.
 */
ns_status ns_curve_fit(ns_ctx_t *ctx, ns_curve_kind_t kind, const double *cumulative, size_t n,
                       double ceiling, ns_curve_t *out);
/* Cumulative adopters of the curve at time t (Bass: m F(t), 0 for t <= 0). */
double ns_curve_at(const ns_curve_t *c, double t);

/* ---- Figures ------------------------------------------------------------------------ */

/**
 * Figures of a result into dir (created if missing): PREFIX-curve (mean endorsed,
 * implemented and internalised states of group "all" by year with the 5th-95th
 * percentile band, and the median tipping year as a dashed vertical line) and PREFIX-map
 * (heatmap of UN regional group x year: the mean share of the group's states
 * implementing). A result of several items (norms) is drawn as their mean, the band the
 * mean of their bands, and the tipping year the median over items. Each figure is
 * NAME.csv, NAME.gp (gnuplot script with the data in datablocks), NAME.svg and NAME.png.
 * @param prefix   file stem prefix; NULL: "diffusion".
 * @param gnuplot  program to run; NULL: "gnuplot" on PATH.
 * @param drawn    out: false when gnuplot was not found (then NS_OK: the CSV and .gp are
 *                 written). NULL: a missing gnuplot is NS_EIO, as for the vote figures.
 * @return NS_OK; NS_EIO (a file or the directory cannot be written, gnuplot failed on a
 *         script, gnuplot missing with drawn NULL); NS_ENOMEM.
 */
ns_status ns_diffuse_plot(ns_ctx_t *ctx, const ns_diffuse_result_t *r, const char *dir,
                          const char *prefix, const char *gnuplot, bool *drawn);

/**
 * The calibration figure fit-SERIES (':' written '-') into dir: observed cumulative
 * adopters (band: certain..possible) against the prediction of the full fit and of the
 * fit on the first two thirds, the held-out years shaded. CSV columns are those of
 * ns_fit_rows(). gnuplot, drawn and the return value as ns_diffuse_plot().
 */
ns_status ns_fit_plot(ns_ctx_t *ctx, const ns_fit_t *fit, const char *dir, const char *gnuplot,
                      bool *drawn);

#ifdef __cplusplus
}
#endif
#endif
