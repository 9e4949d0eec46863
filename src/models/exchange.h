/* Internals of the exchange model (exchange.c) that the unit tests check directly.
 * Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_MODELS_EXCHANGE_H
#define NS_MODELS_EXCHANGE_H

#include "normsim/model.h"

enum {
    NS__EXCHANGE_VARIANT = 0, /* NS__EXCHANGE_DECIDE or NS__EXCHANGE_SINGLE */
    NS__EXCHANGE_RATE,        /* single: 0 equal, 1 random */
    NS__EXCHANGE_MIN_GAIN,    /* single: smallest total gain worth an exchange */
    NS__EXCHANGE_ROUNDS,      /* decide: rounds to run (0: until nothing moves) */
    NS__EXCHANGE_NPARAMS
};

/* Values of the parameter `variant`. */
enum { NS__EXCHANGE_DECIDE = 0, NS__EXCHANGE_SINGLE = 1 };

/* One exchange: actor i moves on issue q toward j, actor j moves on issue p toward i. */
typedef struct ns__exchange {
    double gain_i, gain_j; /* Expected utility gains (salience x share of the range). */
    double new_iq, new_jp; /* The positions after the exchange. */
    uint32_t i, j;
    uint16_t p, q;
} ns__exchange_t;

/**
 * The exchange between i (gaining on p, giving on q) and j (gaining on q, giving on p)
 * on a table-shaped world: x, s, w are issue-major (d * n + a), out[d] the compromise
 * mean and wsum[d] = sum of w on issue d, range[d] the scale's length. `u` in [0,1]
 * places the rate between the two actors' break-even rates (random variant); u < 0
 * asks for the equal-gain rate.
 * @return true and *out filled if the exchange is possible and profitable.
 */
bool ns__exchange_evaluate(size_t n, const double *x, const double *s, const double *w,
                           const double *out, const double *wsum, const double *range, size_t i,
                           size_t j, size_t p, size_t q, double u, ns__exchange_t *ex);

/* Positions of a state of variant=single after init (issue-major, n_actors per issue; NaN
 * sits out). */
const double *ns__exchange_positions(const void *state);

#endif
