/* normsim: models, replays and forecasts of how states make international norms in
 * consensus bodies. Include this header for the whole public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NORMSIM_H
#define NORMSIM_H

#include "normsim/consensus.h"
#include "normsim/core.h"
#include "normsim/data.h"
#include "normsim/diffusion.h"
#include "normsim/import.h"
#include "normsim/io.h"
#include "normsim/model.h"
#include "normsim/params.h"
#include "normsim/positions.h"
#include "normsim/process.h"
#include "normsim/report.h"
#include "normsim/scenario.h"
#include "normsim/store.h"
#include "normsim/study.h"
#include "normsim/table.h"
#include "normsim/validate.h"
#include "normsim/vote.h"
#include "normsim/winset.h"
#include "normsim/world.h"

#endif
