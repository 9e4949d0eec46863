/* Internals shared by the position model and the vote model. Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_MODELS_POSITIONS_INTERNAL_H
#define NS_MODELS_POSITIONS_INTERNAL_H

#include "normsim/positions.h"

/* Which side resolution r's yes vote stands for: +1 the Western camp, -1 the Eastern,
 * 0 unknown. It is the camp of the lead sponsor in the resolution's year; a resolution
 * without a recorded sponsor takes the sponsor of the latest resolution of its line up
 * to its year that has one. */
int ns__positions_resolution_side(ns_ctx_t *ctx, const ns_world_t *w, size_t r);

#endif
