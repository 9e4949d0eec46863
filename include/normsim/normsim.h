/* normsim: models, replays and forecasts of how states make international norms in
 * consensus bodies. Include this header for the whole public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NORMSIM_H
#define NORMSIM_H

#include "normsim/core.h"
#include "normsim/data.h"
#include "normsim/io.h"
#include "normsim/model.h"
#include "normsim/table.h"
#include "normsim/world.h"

#endif
