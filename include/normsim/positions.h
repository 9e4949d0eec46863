/* normsim: the position model. Where every UN member state stands, in a given year, on
 * each of the nine contested questions of the UN scenario, with an uncertainty and a
 * salience, built from sourced data by one documented procedure (docs/POSITIONS.md;
 * DESIGN.md section 2 "Where positions come from"). Nothing is typed in per state or per
 * session: the inputs are the lagged General Assembly ideal points (Bailey, Strezhnev
 * and Voeten 2017), the cyber roll calls before the year, camp memberships, published
 * national positions on international law, and GDP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_POSITIONS_H
#define NORMSIM_POSITIONS_H

#include "normsim/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* No dated stance on a dimension (ns_pos_account_t). */
#define NS_POS_NO_STANCE 2

/* The nine dimensions the model maps onto, in this order (ids as in the world). */
enum { NS_POS_NDIM = 9 };

/* The model's chosen coefficients for one dimension (docs/POSITIONS.md gives the reason
 * for each number). */
typedef struct ns_pos_dimension_map {
    const char *id;     /* "ihl", "self_defence", ... */
    double west;        /* Position of the Western camp's anchor (alignment 1). */
    double east;        /* Position of the Eastern camp's anchor (alignment 0). */
    double nam_shift;   /* Added for members of the Non-Aligned Movement. */
    const char *np_key; /* The national-position question that informs it, or NULL. */
    bool legal;         /* A question of international law (salience from positions). */
} ns_pos_dimension_map_t;

/* The map, NS_POS_NDIM entries. */
const ns_pos_dimension_map_t *ns_positions_map(void);

/* The model's global choices (docs/POSITIONS.md). */
typedef struct ns_pos_constants {
    double camp_weight;   /* kappa: weight of camp membership in the alignment. */
    double record_weight; /* gamma: weight of the cyber roll-call record. */
    double np_weight;     /* lambda: pull of a published national position. */
    double np_yes;        /* Position a published "yes" pulls toward. */
    double np_no;         /* Position a published "no" pulls toward. */
    double stance_mixed;  /* Position a dated "mixed" stance pulls toward. */
    double model_sd;      /* Structural uncertainty of the map itself (scale points). */
    int max_lag;          /* Oldest session used when the previous one is missing. */
} ns_pos_constants_t;

const ns_pos_constants_t *ns_positions_constants(void);

/* Years the model covers: 1998 to the last session year of the ideal points + 1.
 * NS_OK, or NS_ENOTFOUND when the world has no ideal points. */
ns_status ns_positions_years(ns_ctx_t *ctx, const ns_world_t *w, int *first, int *last);

/* How one state's numbers were made in one year: every input and its contribution. */
typedef struct ns_pos_account {
    size_t state;
    int year;
    /* Ideal point: the session used (0 if none), its year, estimate and 90% interval. */
    int ideal_session, ideal_year;
    double ideal, ideal_q05, ideal_q95, ideal_sd; /* ideal_sd = (q95 - q05) / 3.29 */
    double scaled;    /* t: 0 at the Eastern anchor's mean ideal point, 1 at the West's. */
    double scaled_sd; /* sd of t. */
    /* Camps in the year: bit i set for membership of ns_positions_camp_name(i). */
    unsigned camps;
    int camp_side;     /* +1 Western camp, -1 Eastern camp, 0 neither (or both). */
    double camp_score; /* 1 West, 0 East, t otherwise. */
    /* Cyber roll calls before the year. */
    int n_record;     /* Roll calls in which the state voted. */
    double record;    /* Weighted mean deviation toward the Western side, in [-1, 1]. */
    double alignment; /* a = (1 - kappa) t + kappa camp + gamma record. */
    double alignment_sd;
    /* Published national position (index into the world's, -1 if none by the year). */
    long national_position;
    /* Capability: GDP of the year before (or the nearest earlier), its year, and the
     * log-scaled capability in [0, 1] among members (NaN GDP: the members' median). */
    double gdp;
    int gdp_year;
    double log_capability;
    bool led_line; /* Lead sponsor of a recorded cyber resolution before the year. */
    /* The record (docs/RECORD.md 3.3): attributions, sanctions, indictments and
     * expulsions the state was a direct party to in the two years before the year
     * (verified rows only). Any engages it on ihl, self_defence and countermeasures. */
    int legal_events;
    /* Per dimension, in ns_positions_map() order. */
    struct {
        double from_alignment; /* east + (west - east) a */
        double nam;            /* NAM shift applied (0 if not a member). */
        int np_code;           /* 1 yes, 0 no, -1 not coded or no position. */
        double np_target;      /* Where the code pulls (NaN when none). */
        /* The latest dated stance before the year (docs/RECORD.md 3.2): +1 for, -1
         * against, 0 mixed, NS_POS_NO_STANCE none; its date and where it pulls. */
        int stance;
        ns_date_t stance_date;
        double stance_target;
        double engagement; /* In [0, 1]. */
        ns_position_t result;
    } dim[NS_POS_NDIM];
} ns_pos_account_t;

/* The anchors of a year: the mean lagged ideal point of NATO members (West) and of SCO
 * members (East), and how many members had one. */
typedef struct ns_pos_anchors {
    int year;
    double west_mean, east_mean;
    int n_west, n_east;
    double log_gdp_min, log_gdp_max, median_log_capability;
    unsigned record_rules; /* NS_RULE_STANCES and NS_RULE_SALIENCE apply when set
                            * (ns_positions_anchors sets 0: the record is off by
                            * default, as in the process layer; docs/RECORD.md). */
} ns_pos_anchors_t;

/* Camps the model reads (bit order of ns_pos_account_t.camps); NULL past the end. */
const char *ns_positions_camp_name(size_t i);

/**
 * Compute the anchors of a year.
 * @return NS_OK, NS_ERANGE (year outside ns_positions_years; exit code 2 in the CLI),
 *         NS_ENOTFOUND (the world lacks the NATO or SCO organisation or ideal points).
 */
ns_status ns_positions_anchors(ns_ctx_t *ctx, const ns_world_t *w, int year, ns_pos_anchors_t *out);

/**
 * Account for one state's positions in the anchors' year. O(rows of the world's tables).
 * @return NS_OK, NS_EINVAL (state out of range or not a UN member that year), NS_ENOMEM.
 */
ns_status ns_positions_explain(ns_ctx_t *ctx, const ns_world_t *w, const ns_pos_anchors_t *anchors,
                               size_t state, ns_pos_account_t *out);

/**
 * One cyber roll call as the record r reads it: the side its yes vote stands for (+1
 * Western, -1 Eastern, 0 unknown: then the roll call is not used), and the mean and
 * variance over voters of the vote's value toward the Western side (1 with it, 0.5
 * abstain, 0 against). The variance is the roll call's weight in r.
 * @return NS_OK, NS_EINVAL (r out of range).
 */
ns_status ns_positions_rollcall(ns_ctx_t *ctx, const ns_world_t *w, size_t r, int *side,
                                double *mean, double *variance);

/**
 * Write every member state's positions for `year` into the world (non-members are left
 * unknown). Each of the model's dimensions must exist in the world.
 * @return NS_OK, NS_ERANGE (year), NS_ENOTFOUND (a dimension missing), NS_ENOMEM.
 */
ns_status ns_positions_apply(ns_ctx_t *ctx, ns_world_t *w, int year);
/* As ns_positions_apply() (which applies none of the record's rules), with the record's
 * rules in `rules` (NS_RULE_STANCES, NS_RULE_SALIENCE; the others of docs/RECORD.md are
 * the process layer's). */
ns_status ns_positions_apply_rules(ns_ctx_t *ctx, ns_world_t *w, int year, unsigned rules);

/* Which side resolution r's yes vote stands for: +1 the Western camp, -1 the Eastern,
 * 0 unknown. It is the camp of the lead sponsor in the resolution's year; a resolution
 * without a recorded sponsor takes the sponsor of the latest resolution of its line up
 * to its year that has one. */
int ns_positions_resolution_side(ns_ctx_t *ctx, const ns_world_t *w, size_t r);

#ifdef __cplusplus
}
#endif
#endif
