/* The roll-call map of the run report (rollcall_map.c). Internal to the library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_REPORT_ROLLCALL_MAP_H
#define NS_REPORT_ROLLCALL_MAP_H

#include "normsim/io.h"
#include "normsim/world.h"
#include "report/figure.h"

/**
 * Write dir/NAME.csv and dir/NAME.gp: every recorded roll call of the world (the
 * resolutions with votes in unga_votes.csv), in date order, by UN regional group: the
 * group's UN members that year and how many voted yes, no, abstained or were absent,
 * beside the vote model's forecast for the states that voted (the timeline's votes
 * table: resolution, iso3, actual, predicted; NULL or empty: no forecast).
 *
 * CSV columns: order, resolution, date, year, line, group, members, yes, no, abstain,
 * absent, share_yes, share_no (of the states voting; empty when none voted),
 * forecast_n (states that voted and were forecast), forecast_yes, forecast_no,
 * forecast_abstain, forecast_share_yes (empty without a forecast).
 *
 * @param n_rollcalls  out: roll calls written (0: the CSV has its header only and the
 *                     script draws nothing; the caller should not draw it).
 * @return NS_OK; NS_EIO / NS_EINVAL (a file, naming it); NS_ENOMEM.
 * Complexity: O(roll calls x states + votes + forecast rows x log states).
 */
ns_status ns__rollcall_map_write(ns_ctx_t *ctx, const ns_world_t *w, const ns_rows_t *votes,
                                 const char *dir, const char *name, size_t *n_rollcalls);

#endif
