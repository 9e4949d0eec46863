/* The YAML tree of a scenario file: every node keeps its line and column, so that the
 * schema walker (scenario.c) can report problems at their place. Internal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_INPUT_SCENARIO_TREE_H
#define NS_INPUT_SCENARIO_TREE_H

#include "core/internal.h"

typedef enum ns_ynode_kind { NS_YNODE_SCALAR = 0, NS_YNODE_MAP, NS_YNODE_SEQ } ns_ynode_kind_t;

/* A mapping's children alternate key, value, key, value; a sequence's are its items.
 * Allocated from the tree's arena. */
typedef struct ns_ynode ns_ynode_t;
struct ns_ynode {
    ns_ynode_kind_t kind;
    int line;         /* 1-based. */
    int col;          /* 1-based. */
    bool quoted;      /* A scalar written in quotes or as a block: text, never a number. */
    const char *text; /* Scalars: NUL-terminated value. */
    size_t len;
    ns_ynode_t *first; /* Children. */
    ns_ynode_t *last;
    ns_ynode_t *next; /* Next sibling. */
    size_t n;         /* Number of children. */
};

/**
 * Parse YAML text into a tree (one document).
 * @param arena  in/out: the nodes and their text are allocated here.
 * @param name   in: file name for messages.
 * @param root   out: the document's root node.
 * @return NS_OK, NS_EPARSE (syntax error, binary data, empty document, aliases,
 *         several documents), NS_ELIMIT (nesting or list length), NS_ENOMEM.
 */
ns_status ns__yaml_tree_parse(ns_ctx_t *ctx, ns_arena_t *arena, const char *name, const char *text,
                              size_t size, ns_ynode_t **root);

#endif
