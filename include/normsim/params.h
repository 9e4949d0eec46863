/* The parameter registry: every world parameter that a scenario's `parameters:`, a
 * command's `--param KEY=VALUE` or the API (ns_world_set_param) can set, declared once
 * with its type, range, default, owner and a one-line description (docs/PROCESS.md
 * section 2, docs/DIFFUSION.md). Readers take their defaults and ranges from here, so a
 * value is declared in one place and read in one place.
 *
 * A key is a name ("forum_shopping") or a pattern with a suffix naming a body or a camp
 * of the world ("summary_available.<BODY>", "cohesion.<CAMP>"). The parameters of the
 * collective-decision models (ns_param_spec_t, normsim/model.h) and of the study models
 * (`--vary`, normsim/study.h) are declared with their model; ns_param_rows() lists the
 * three kinds together.
 *
 * To add a parameter: one entry in the table of src/params/param_registry.c (entries
 * are grouped by owner), then read it where it is used with ns_param_default() and
 * ns_world_param().
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NORMSIM_PARAMS_H
#define NORMSIM_PARAMS_H

#include "normsim/core.h"
#include "normsim/io.h"
#include "normsim/world.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a value may be. World parameters are numbers: a switch is 0 or 1, an enum the
 * index of one of its choices, an int a whole number. */
typedef enum ns_param_type {
    NS_PARAM_REAL = 0,
    NS_PARAM_INT,
    NS_PARAM_SWITCH,
    NS_PARAM_ENUM
} ns_param_type_t;

/* What follows "<name>." in a key with a suffix. */
typedef enum ns_param_suffix {
    NS_SUFFIX_NONE = 0, /* The key is the name. */
    NS_SUFFIX_BODY,     /* "<name>.<BODY>": the id of a body of the world. */
    NS_SUFFIX_CAMP      /* "<name>.<CAMP>": a camp of the position model
                         * (ns_positions_camp_name()). */
} ns_param_suffix_t;

/* One declared parameter. */
typedef struct ns_param_def {
    const char *owner;          /* "process", "diffusion", ... */
    const char *name;           /* The key, or the part before ".<BODY>" / ".<CAMP>". */
    ns_param_suffix_t suffix;   /* NS_SUFFIX_NONE for a plain key. */
    ns_param_type_t type;       /* Switch and enum ranges are implied (0..1, 0..n-1). */
    double min, max;            /* Bounds of a real or int (inclusive unless open). */
    bool min_open, max_open;    /* (min, ...] / [..., max). */
    double dflt;                /* NaN: no single default; the doc says what applies. */
    const char *const *choices; /* NS_PARAM_ENUM: the names of 0, 1, ...; NULL-ended. */
    const char *doc;            /* One line. */
} ns_param_def_t;

/* The declared world parameters, grouped by owner; i < ns_param_def_count(). */
size_t ns_param_def_count(void);
const ns_param_def_t *ns_param_def_get(size_t i);

/* The declaration of a name as written in the table ("will_scale", "qmv_threshold"),
 * NULL if none. A name declared both plain and with a suffix ("cohesion") gives the plain
 * one. To find the declaration a key such as "cohesion.NATO" falls under, use
 * ns_param_match(). */
const ns_param_def_t *ns_param_def_find(const char *name);

/* The default of a declared name: NaN if the name is not declared or has no default.
 * Readers call it instead of writing a default of their own. */
double ns_param_default(const char *name);

/**
 * The declaration a key falls under: a plain name, or "<name>.<suffix>" for a
 * declaration with a suffix. The suffix itself is not checked (ns_param_check does).
 * @return the declaration, or NULL.
 */
const ns_param_def_t *ns_param_match(const char *key);

/**
 * Check one key = value against the registry and, for a suffix, the world.
 *
 * @param ctx    in/out: receives the message, which names the key.
 * @param w      in: the world whose bodies a ".<BODY>" suffix must name (NULL: any
 *               non-empty suffix is accepted).
 * @param key    in: as the user wrote it.
 * @param value  in: the number.
 * @return NS_OK; NS_EINVAL for an empty or unknown key (the message gives the nearest declared
 *         names, by edit distance); NS_ENOTFOUND for a suffix that names no body or camp
 *         (with the nearest); NS_ERANGE for a value outside the range, not a whole
 *         number for an int, not 0 or 1 for a switch, not a choice's index for an enum,
 *         or not finite.
 * Complexity: O(declarations x key length^2) for an unknown key, else O(declarations +
 * bodies).
 */
ns_status ns_param_check(ns_ctx_t *ctx, const ns_world_t *w, const char *key, double value);

/**
 * Check every parameter the world holds (ns_world_param_key) with ns_param_check, in the
 * order they were set. Also refuses two impl_layer switches of diffusion set to 1.
 * @return NS_OK or the first problem's status (its message names the key).
 */
ns_status ns_param_check_world(ns_ctx_t *ctx, const ns_world_t *w);

/**
 * Write a declaration's allowed values into buf ("[0, 1]", "(0, 1]", "0 or 1",
 * "1..20", "0 linear, 1 quadratic"). Always NUL-terminated. Returns buf.
 */
char *ns_param_format_range(const ns_param_def_t *def, char *buf, size_t size);

/* The key as the user writes it: the name, or "<name>.<BODY>" / "<name>.<CAMP>". */
char *ns_param_format_key(const ns_param_def_t *def, char *buf, size_t size);

/**
 * The parameters of one owner as rows: owner, parameter, type, allowed, default,
 * description. `owner` is "process" or "diffusion" (world parameters), the name of a
 * collective-decision model (normsim models) or of a study model (normsim sweep
 * --model), or NULL for all of them in that order.
 *
 * @param out  out: free with ns_rows_free().
 * @return NS_OK; NS_ENOTFOUND for an unknown owner (the message lists the owners);
 *         NS_ENOMEM.
 */
ns_status ns_param_rows(ns_ctx_t *ctx, const char *owner, ns_rows_t **out);

#ifdef __cplusplus
}
#endif
#endif
