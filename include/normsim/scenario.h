/* normsim: scenario files. A scenario is a YAML file that starts from the built-in UN
 * world (`base: un`) or from nothing (`base: none`) and adds or changes parameters,
 * dimensions, states, stakeholders and bodies.
 *
 * ---- The format (version 1) ----------------------------------------------------------
 *
 *   normsim: 1                  # required: the format version
 *   name: "GGE 2017 with more will"
 *   description: "free text"   # optional, ignored by the models
 *   base: un                    # un (the built-in data) or none (an empty world)
 *   seed: 42                    # integer >= 0; the study's random seed (default 0)
 *   parameters:                 # key -> number, declared in the registry (params.h)
 *     forum_shopping: 0.3
 *   dimensions:                 # new dimensions (ids must not exist yet)
 *     - { id: ai, label: "...", low: "...", high: "...", min: 0, max: 100, silence: 50 }
 *   states:
 *     - { iso3: USA, will: 0.2, capability: 1.0,
 *         positions: { ihl: { x: 90, sd: 5, salience: 0.9 }, cbm: 60 } }
 *   stakeholders:
 *     - { id: microsoft, name: Microsoft, kind: company,
 *         positions: { multistakeholder: { x: 95, salience: 0.8 } } }
 *   bodies:
 *     - { id: G5, name: "...", kind: custom, membership: list, members: [USA, RUS, CHN],
 *         decision: k_of_n, k: 2, seats: 3, chair: USA, mandate: [ihl, cbm],
 *         stakeholders: false, start_year: 2016, end_year: 2017 }
 *
 * Keys of every mapping are checked: an unknown key is an error (with a suggestion when
 * a known key is close). Rules, per section:
 * - dimensions: id (required, unique), label, low, high (text), min < max (default 0
 *   and 100), silence in [min, max] (default the midpoint).
 * - states: iso3 (required, three capital letters, unique in the file). With base
 *   `none` every entry adds a state: name (default the code), group (African,
 *   Asia-Pacific, Eastern European, Latin American and Caribbean, WEOG, or AFR, APG,
 *   EEG, GRULAC), p5 (true/false), member_since (1945..2100, default 1945), m49
 *   (0..999). With base `un` an entry whose iso3 is a known state changes it: only
 *   capability, will and positions may be given (the world keeps the sourced name,
 *   group and membership); an unknown iso3 adds a state only when it gives a name,
 *   else it is reported as unknown with the closest known code.
 *   capability >= 0, will >= 0. positions: dimension id -> { x, sd, salience } or a
 *   bare number (x); x within the dimension's [min, max], sd >= 0, salience in [0, 1];
 *   fields not given keep their previous value.
 * - stakeholders: id (required, unique); name, kind (company, ngo, academia, ...),
 *   positions as for states. A known id of the base world may only change positions.
 * - bodies: id (required, unique); a known body of the base world may only change
 *   members and mandate. New bodies: name, kind (gge, oewg, ga, mechanism, custom;
 *   default custom), membership (historical, rotation, open, list; default list),
 *   members (ISO3 codes, no duplicates; required and only allowed for historical and
 *   list), seats >= 0, decision (consensus, k_of_n, majority, weighted_qmv; default
 *   consensus), k (1..members, or 1..seats for rotation; required for k_of_n and only
 *   allowed there), chair (a state, and a member for historical and list bodies),
 *   mandate (dimension ids), stakeholders (true/false), start_year and end_year
 *   (1945..2100, end >= start).
 * Numbers must be finite (.nan and .inf are refused); quoted scalars are text, never
 * numbers. Anchors and aliases are refused. Files over 64 MiB and lists of more than
 * 100000 items are refused (NS_ELIMIT).
 *
 * Why not libcyaml: libcyaml loads into C structs through a fixed schema, but its
 * mappings must have fixed keys, while `positions` and `parameters` are keyed by
 * user-chosen names; it also stops at the first error and gives no line or column for
 * errors found after the load (unknown state, value out of a dimension's range), and
 * `normsim check` must report every problem with its place. So the file is read with
 * libyaml into a small tree that keeps each node's line and column, and a schema walker
 * checks and applies it in one pass. (libyaml allocates with malloc, outside the
 * context's hook; the tree itself is allocated through the hook.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef NORMSIM_SCENARIO_H
#define NORMSIM_SCENARIO_H

#include "normsim/core.h"
#include "normsim/data.h"
#include "normsim/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The largest scenario file accepted, and the longest list in it. */
#define NS_SCENARIO_MAX_BYTES ((size_t)64 << 20)
#define NS_SCENARIO_MAX_ITEMS 100000

/* One problem found in an input file. Strings are valid during the callback only. */
typedef struct ns_diag {
    ns_status status;    /* NS_EPARSE, NS_EINVAL, NS_ERANGE or NS_ENOTFOUND. */
    const char *file;    /* As the user named it. */
    int line;            /* 1-based; 0 if unknown. */
    int col;             /* 1-based; 0 if unknown. */
    const char *field;   /* Path of the key, e.g. "states[USA].positions.ihl.x"; "" if none. */
    const char *message; /* Without the place, e.g. "salience 1.5 outside [0, 1]". */
} ns_diag_t;

typedef void (*ns_diag_cb)(const ns_diag_t *diag, void *user);

typedef enum ns_scenario_base {
    NS_BASE_NONE = 0, /* An empty world. */
    NS_BASE_UN        /* The UN world of ns_data_load(). */
} ns_scenario_base_t;

typedef struct ns_scenario ns_scenario_t;

/**
 * Read a scenario file and parse its YAML (the schema is checked later, by
 * ns_scenario_check() or ns_scenario_build_world()).
 *
 * @param path  in: the file; also the name used in messages.
 * @param out   out: the scenario; free with ns_scenario_free().
 * @return NS_OK; NS_ENOTFOUND (no such file) or NS_EIO (unreadable), the message naming
 *         the file; NS_ELIMIT (over 64 MiB, a list over 100000 items, nesting over 64
 *         levels); NS_EPARSE (empty file, YAML syntax error, binary data, truncated
 *         file, anchors or aliases; the message names file:line:column); NS_ENOMEM.
 */
ns_status ns_scenario_load_file(ns_ctx_t *ctx, const char *path, ns_scenario_t **out);

/* As ns_scenario_load_file() for text in memory (borrowed during the call only); `name`
 * is used in messages. */
ns_status ns_scenario_load_mem(ns_ctx_t *ctx, const char *name, const char *text, size_t size,
                               ns_scenario_t **out);

void ns_scenario_free(ns_scenario_t *sc);

/* The scenario's `name` ("" if none), `seed` (0 if none) and `base` (NS_BASE_NONE if
 * absent or invalid). Read from the file as is, before any check. */
const char *ns_scenario_name(const ns_scenario_t *sc);
uint64_t ns_scenario_seed(const ns_scenario_t *sc);
ns_scenario_base_t ns_scenario_base(const ns_scenario_t *sc);
const char *ns_scenario_file(const ns_scenario_t *sc);

/**
 * Check a scenario against its schema and its base world, reporting every problem.
 *
 * @param data        in: where the UN world comes from for `base: un` (NULL: built-in).
 * @param cb          in: called once per problem, in file order within each section
 *                    (may be NULL).
 * @param n_problems  out: how many problems were found (may be NULL).
 * @return NS_OK when there is no problem; the status of the first problem when there
 *         are some (its message, with file:line:column, is on the context); NS_ENOMEM,
 *         or the status of ns_data_load() when the base world cannot be loaded (then
 *         the check did not run and *n_problems is 0).
 * Complexity: O(items x log states) on top of loading the base world.
 */
ns_status ns_scenario_check(ns_ctx_t *ctx, const ns_scenario_t *sc, const ns_data_options_t *data,
                            ns_diag_cb cb, void *user, size_t *n_problems);

/**
 * Build the world a scenario describes: the base world with the scenario applied.
 *
 * @param out  out: the world; free with ns_world_free(). NULL on failure.
 * @return NS_OK; the status of the first problem (as ns_scenario_check() would report
 *         it) if the scenario has any; NS_ENOMEM; the status of ns_data_load().
 */
ns_status ns_scenario_build_world(ns_ctx_t *ctx, const ns_scenario_t *sc,
                                  const ns_data_options_t *data, ns_world_t **out);

#ifdef __cplusplus
}
#endif
#endif
