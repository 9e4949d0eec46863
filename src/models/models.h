/* Internals shared by the model files: the built-in model types, listed by the registry,
 * and small helpers that several models use. Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_MODELS_MODELS_H
#define NS_MODELS_MODELS_H

#include "core/internal.h"
#include "normsim/winset.h"

/* The built-in models, one per file of src/models/. */
extern const ns_model_type_t ns_model_compromise; /* compromise.c */
extern const ns_model_type_t ns_model_median;     /* median.c */
extern const ns_model_type_t ns_model_winset;     /* winset.c */
extern const ns_model_type_t ns_model_nash;       /* nash.c */
extern const ns_model_type_t ns_model_eum;        /* eum.c */
extern const ns_model_type_t ns_model_exchange;   /* exchange.c */
extern const ns_model_type_t ns_model_smp;        /* smp.c */

/* True when actor a takes part in issue i: position and salience are both given. */
static inline bool ns__takes_part(const ns_table_t *t, size_t i, size_t a)
{
    size_t at = ns_table_at(t, i, a);
    return t->position[at] == t->position[at] && t->salience[at] == t->salience[at];
}

/* The members of issue i: actors that take part with salience > 0 (an actor with
 * salience 0 is indifferent, so it neither vetoes nor bargains). Writes their indices to
 * member[] (n_actors slots) and returns how many. O(n_actors). */
size_t ns__members(const ns_table_t *t, size_t i, size_t *member);

/* NS_EINVAL naming the first issue without a status quo, for models that need one. */
ns_status ns__require_status_quo(ns_ctx_t *ctx, const ns_table_t *t, const char *model);

#endif
