/* The representativeness-consensus frontier study's replicate model (frontier.c).
 * Internal to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_ANALYSIS_FRONTIER_H
#define NS_ANALYSIS_FRONTIER_H

#include "normsim/study.h"

/* Listed by ns_study_model_get() only once its replicate function is set. */
extern const ns_study_model_t ns__frontier_model;

#endif
