/* The study models that sweep normsim's other models (sweep_models.c): negotiate, the
 * collective-decision models of an actor table, and diffuse. Internal to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_ANALYSIS_SWEEP_MODELS_H
#define NS_ANALYSIS_SWEEP_MODELS_H

#include "normsim/study.h"

extern const ns_study_model_t ns__negotiate_study;
extern const ns_study_model_t ns__diffuse_study;
/* One per collective-decision model of a table, named as it: eum, exchange, compromise,
 * median, nash, winset, smp. */
extern const ns_study_model_t ns__table_study_eum;
extern const ns_study_model_t ns__table_study_exchange;
extern const ns_study_model_t ns__table_study_compromise;
extern const ns_study_model_t ns__table_study_median;
extern const ns_study_model_t ns__table_study_nash;
extern const ns_study_model_t ns__table_study_winset;
extern const ns_study_model_t ns__table_study_smp;

#endif
