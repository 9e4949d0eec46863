/* normsim: General Assembly roll calls (DESIGN.md section 3, model 8). A resolution is a
 * location on its line's axis; each state's utility difference against the status quo,
 * with logistic noise, falls against two thresholds (an ordered logit): no below the
 * first, abstain between, yes above. The axis is the position model's alignment (0 at
 * the Eastern camp, 1 at the Western; normsim/positions.h), so
 *     eta_i = sign beta (a_i - 1/2),
 *     P(no) = F(cut_no - eta_i), P(no or abstain) = F(cut_abstain - eta_i),
 * F the logistic function, sign +1 when the text's lead sponsor is in the Western camp.
 * The slope beta is fitted by maximum likelihood over the recorded roll calls (leave one
 * out when one of them is forecast); the cut points are the location of the text: from
 * the latest roll call of the same line before the year, or fitted to a given tally so
 * that the expected counts equal it. docs/POSITIONS.md, part 2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_VOTE_H
#define NORMSIM_VOTE_H

#include "normsim/io.h"
#include "normsim/world.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ns_vote_probs {
    double yes, abstain, no;
} ns_vote_probs_t;

/* One text's ordered-logit parameters. */
typedef struct ns_vote_model {
    double beta;        /* Slope on the alignment (> 0). */
    int sign;           /* +1: the yes side is the Western side; -1 the Eastern. */
    double cut_no;      /* Latent cut point between no and abstain. */
    double cut_abstain; /* Between abstain and yes; >= cut_no. */
} ns_vote_model_t;

/* The latent utility difference of a state with alignment a: sign beta (a - 1/2). */
double ns_vote_latent(const ns_vote_model_t *m, double alignment);
/* The three probabilities (they sum to 1). */
ns_vote_probs_t ns_vote_probs(const ns_vote_model_t *m, double alignment);
/* The most probable vote (ties: yes before abstain before no). */
ns_vote_value_t ns_vote_most_probable(ns_vote_probs_t p);

/**
 * Fit the two cut points so that the expected counts equal a tally:
 * sum_i P(no) = no and sum_i P(no or abstain) = no + abstain (each solved to 1e-12 by
 * Newton's method inside a bracket; the sums are monotone in the cut point).
 * @param m          in/out: beta and sign are read, the cuts written.
 * @param alignment  in: n alignments.
 * @return NS_OK; NS_EINVAL when a count is negative or yes + no + abstain != n.
 */
ns_status ns_vote_fit_tally(ns_ctx_t *ctx, ns_vote_model_t *m, const double *alignment, size_t n,
                            int yes, int no, int abstain);

/* What to forecast: a resolution in the data, or a new text of a known line. */
typedef struct ns_vote_request {
    const char *resolution; /* Symbol, or NULL for line + year. */
    const char *line;       /* With year, when resolution is NULL. */
    int year;
    bool tally; /* Fit the cut points to yes / no / abstain. */
    int yes, no, abstain;
    /* With a tally: how many states were absent. yes + no + abstain + absent must equal
     * the number of states; with absent_rest, the states the tally leaves out are absent
     * (as many as there are) and absent is ignored. Who is absent: the states most
     * often absent from the recorded roll calls before the year (docs/POSITIONS.md 2). */
    int absent;
    bool absent_rest;
    bool recorded_tally; /* With a resolution: use its recorded tally. */
} ns_vote_request_t;

typedef struct ns_vote_row {
    size_t state;
    double alignment;
    ns_vote_probs_t p;    /* NaN for a state forecast absent. */
    ns_vote_value_t vote; /* Meaningless when absent. */
    bool absent;          /* Forecast absent (a tally with absentees). */
    double absence;       /* Share of the recorded roll calls before the year held while it
                             was a member that the state missed; NaN if it had none. */
} ns_vote_row_t;

typedef struct ns_vote_forecast {
    ns_ctx_t *ctx; /* Borrowed; frees the forecast. */
    int year;
    const char *line;   /* Borrowed from the world. */
    const char *symbol; /* The resolution's symbol as the data spell it; NULL for a line. */
    ns_vote_model_t model;
    const char *cut_source; /* "tally", "line" (latest roll call of the line) or "pooled". */
    const char *cut_from;   /* Symbol of the roll call the cuts come from ("" if none). */
    int n_training;         /* Roll calls beta was fitted on. */
    size_t n_absent;        /* Rows forecast absent. */
    int n_attendance;       /* Recorded roll calls the attendance was read from. */
    size_t n;
    ns_vote_row_t *rows; /* One per state forecast, in the world's state order. */
    /* The sponsor rule (world parameter `sponsors`, docs/RECORD.md section 9): whether it
     * was applied (a resolution forecast without a tally), and its two shares counted on
     * the recorded roll calls before the text (q camp discipline, r sponsor loyalty). */
    bool sponsors;
    double sponsor_q, sponsor_r;
} ns_vote_forecast_t;

/**
 * Forecast every vote on one text. States: for a resolution with recorded votes, the
 * states that voted; otherwise the UN members of the year. With a tally that leaves
 * states out (req->absent or absent_rest), the states most often absent from the
 * recorded roll calls before the year (ties: the smaller share of the previous
 * session's roll calls voted in, the more recent absence, the world's state order) are
 * forecast absent, and the cut points are fitted to the others.
 * @return NS_OK; NS_ENOTFOUND (unknown resolution or line, or no earlier roll call to
 *         place the text and no tally); NS_EINVAL (a tally that does not sum to the
 *         number of states, or sums to more than them, or --recorded-tally without a
 *         recorded vote); NS_ERANGE (a year outside ns_positions_years); NS_ENOMEM.
 * Free the result with ns_vote_forecast_free().
 */
ns_status ns_vote_forecast(ns_ctx_t *ctx, const ns_world_t *w, const ns_vote_request_t *req,
                           ns_vote_forecast_t **out);
void ns_vote_forecast_free(ns_vote_forecast_t *f);

/**
 * What forecasts on one world share: its roll calls with each voter's alignment, and each
 * slope fitted so far. ns_vote_forecast_with() on one history gives the same forecasts as
 * ns_vote_forecast() on its world, without reading the roll calls and fitting the slope
 * again (a replay forecasts every resolution of a world). The world must outlive the
 * history and stay unchanged. A history is not for two threads at once.
 */
typedef struct ns_vote_history ns_vote_history_t;
ns_status ns_vote_history_new(ns_ctx_t *ctx, const ns_world_t *w, ns_vote_history_t **out);
void ns_vote_history_free(ns_vote_history_t *h);
ns_status ns_vote_forecast_with(ns_ctx_t *ctx, ns_vote_history_t *h, const ns_vote_request_t *req,
                                ns_vote_forecast_t **out);

/* ---- Backtest ---------------------------------------------------------------------- */

/* Leave-one-resolution-out over the recorded roll calls. */
typedef struct ns_vote_backtest {
    /* resolution, line, year, states, model_tally, model, majority, ideal_point_tally,
     * beta, cut_source: accuracy (share of states whose vote was predicted). */
    ns_rows_t *summary;
    /* resolution, method, actual, predicted, count (every cell, zeros included). */
    ns_rows_t *confusion;
    /* resolution, iso3, group, actual, predicted, p_yes, p_abstain, p_no (the model with
     * the tally). */
    ns_rows_t *states;
} ns_vote_backtest_t;

/**
 * Run the backtest. Methods: model_tally (cuts fitted to the recorded tally), model (cuts
 * from the line's latest earlier roll call, else pooled), majority (everyone votes as the
 * plurality did), ideal_point_tally (states ordered by the lagged general ideal point
 * alone, the tally's counts assigned down the order).
 * @return NS_OK, NS_ENOTFOUND (no recorded roll calls), NS_ENOMEM.
 */
ns_status ns_vote_backtest(ns_ctx_t *ctx, const ns_world_t *w, ns_vote_backtest_t *out);
void ns_vote_backtest_free(ns_vote_backtest_t *b);

/**
 * Figures: for each roll call, predicted against actual votes by UN regional group,
 * written to DIR as votes-<session>-<number>.svg and .png with the .csv data and the .gp
 * script beside them, through gnuplot.
 * @return NS_OK, NS_EIO (gnuplot missing or failed, a file not writable).
 */
ns_status ns_vote_backtest_plot(ns_ctx_t *ctx, const ns_vote_backtest_t *b, const char *dir);

#ifdef __cplusplus
}
#endif
#endif
