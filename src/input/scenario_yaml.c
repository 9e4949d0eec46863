/* YAML text -> a tree of nodes with line and column, through libyaml's event parser.
 *
 * The tree is built with an explicit stack (no recursion), so a hostile file nested
 * thousands of levels deep costs no C stack; nesting beyond MAX_DEPTH is refused.
 * Aliases are refused rather than expanded: expanding them lets a small file grow
 * without bound ("billion laughs"), and a scenario has no need for them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "input/scenario_tree.h"

#include "normsim/scenario.h"

#include <limits.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 64
/* About 80 bytes a node: two million nodes is 160 MB, far above any real scenario (193
 * states with nine positions each is under 10000 nodes) and a bound on what a 64 MiB file
 * of tiny nodes could make us allocate. */
#define MAX_NODES 2000000

/* Line and column (1-based) of a byte offset, for libyaml's reader errors, which carry
 * only an offset. Columns count bytes. */
static void offset_place(const char *text, size_t size, size_t offset, int *line, int *col)
{
    int l = 1;
    int c = 1;
    for (size_t i = 0; i < offset && i < size; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static int mark_int(size_t v)
{
    return v >= (size_t)INT_MAX ? INT_MAX : (int)v + 1;
}

static ns_status parser_error(ns_ctx_t *ctx, const yaml_parser_t *p, const char *name,
                              const char *text, size_t size)
{
    if (p->error == YAML_MEMORY_ERROR) {
        return ns_error(ctx, NS_ENOMEM, "out of memory while parsing %s", name);
    }
    int line = 0;
    int col = 0;
    const char *problem = p->problem != NULL ? p->problem : "malformed YAML";
    if (p->error == YAML_READER_ERROR) {
        /* Invalid UTF-8 or a control character: the file is probably not text. */
        offset_place(text, size, p->problem_offset, &line, &col);
        return ns_error_at(ctx, NS_EPARSE, name, line, col, NULL,
                           "not a YAML text file: %s (byte 0x%02x at offset %zu)", problem,
                           (unsigned)(p->problem_value & 0xff), p->problem_offset);
    }
    line = mark_int(p->problem_mark.line);
    col = mark_int(p->problem_mark.column);
    const char *where = "";
    if (p->problem_mark.index >= size) {
        /* libyaml places an error at the end of the input on the line after the last;
         * a truncated file is clearer reported just after its last character. */
        size_t end = size;
        while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) {
            end--;
        }
        offset_place(text, size, end, &line, &col);
        where = " at the end of the file (truncated?)";
    }
    if (p->context != NULL) {
        return ns_error_at(ctx, NS_EPARSE, name, line, col, NULL,
                           "YAML syntax error: %s%s (%s started at line %d)", problem, where,
                           p->context, mark_int(p->context_mark.line));
    }
    return ns_error_at(ctx, NS_EPARSE, name, line, col, NULL, "YAML syntax error: %s%s", problem,
                       where);
}

/* Append child to parent (or make it the root when there is no parent). */
static ns_status attach(ns_ctx_t *ctx, const char *name, ns_ynode_t *parent, ns_ynode_t *child,
                        ns_ynode_t **root)
{
    if (parent == NULL) {
        *root = child;
        return NS_OK;
    }
    size_t limit = NS_SCENARIO_MAX_ITEMS;
    if (parent->kind == NS_YNODE_MAP) {
        limit *= 2;
    }
    if (parent->n >= limit) {
        return ns_error_at(ctx, NS_ELIMIT, name, parent->line, parent->col, NULL,
                           "more than %d items in one list or mapping", NS_SCENARIO_MAX_ITEMS);
    }
    if (parent->last == NULL) {
        parent->first = child;
    } else {
        parent->last->next = child;
    }
    parent->last = child;
    parent->n++;
    return NS_OK;
}

ns_status ns__yaml_tree_parse(ns_ctx_t *ctx, ns_arena_t *arena, const char *name, const char *text,
                              size_t size, ns_ynode_t **root)
{
    ns_status st = NS_OK;
    yaml_parser_t parser;
    yaml_event_t event;
    bool have_event = false;
    ns_ynode_t *stack[MAX_DEPTH];
    size_t depth = 0;
    int documents = 0;
    size_t n_nodes = 0;
    bool done = false;

    *root = NULL;
    if (!yaml_parser_initialize(&parser)) {
        return ns_error(ctx, NS_ENOMEM, "out of memory while parsing %s", name);
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, size);

    while (!done) {
        if (!yaml_parser_parse(&parser, &event)) {
            st = parser_error(ctx, &parser, name, text, size);
            goto cleanup;
        }
        have_event = true;
        int line = mark_int(event.start_mark.line);
        int col = mark_int(event.start_mark.column);
        ns_ynode_t *parent = depth > 0 ? stack[depth - 1] : NULL;
        ns_ynode_t *node = NULL;

        switch (event.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                st = ns_error_at(ctx, NS_EPARSE, name, line, col, NULL,
                                 "a scenario file holds one YAML document, found a second");
                goto cleanup;
            }
            break;
        case YAML_ALIAS_EVENT:
            st = ns_error_at(ctx, NS_EPARSE, name, line, col, NULL,
                             "YAML aliases (*%s) are not supported in scenario files",
                             (const char *)event.data.alias.anchor);
            goto cleanup;
        case YAML_SCALAR_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (++n_nodes > MAX_NODES) {
                st = ns_error_at(ctx, NS_ELIMIT, name, line, col, NULL,
                                 "more than %d YAML nodes in one file", MAX_NODES);
                goto cleanup;
            }
            node = ns_arena_alloc(arena, sizeof *node);
            if (node == NULL) {
                st = NS_ENOMEM;
                goto cleanup;
            }
            node->line = line;
            node->col = col;
            if (event.type == YAML_SCALAR_EVENT) {
                node->kind = NS_YNODE_SCALAR;
                node->quoted = event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
                node->len = event.data.scalar.length;
                node->text = ns_arena_strndup(arena, (const char *)event.data.scalar.value,
                                              event.data.scalar.length);
                if (node->text == NULL) {
                    st = NS_ENOMEM;
                    goto cleanup;
                }
            } else {
                node->kind = event.type == YAML_MAPPING_START_EVENT ? NS_YNODE_MAP : NS_YNODE_SEQ;
            }
            if (parent != NULL && parent->kind == NS_YNODE_MAP && parent->n % 2 == 0 &&
                node->kind == NS_YNODE_SCALAR && node->len > NS_MAX_KEY_BYTES) {
                st = ns_error_at(ctx, NS_ELIMIT, name, line, col, NULL,
                                 "a key of %zu bytes; keys are at most %d", node->len,
                                 NS_MAX_KEY_BYTES);
                goto cleanup;
            }
            st = attach(ctx, name, parent, node, root);
            if (st != NS_OK) {
                goto cleanup;
            }
            if (event.type != YAML_SCALAR_EVENT) {
                if (depth >= MAX_DEPTH) {
                    st = ns_error_at(ctx, NS_ELIMIT, name, line, col, NULL,
                                     "nested more than %d levels deep", MAX_DEPTH);
                    goto cleanup;
                }
                stack[depth++] = node;
            }
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0) {
                depth--;
            }
            break;
        default: break;
        }
        yaml_event_delete(&event);
        have_event = false;
    }
    if (*root == NULL) {
        st = ns_error_at(ctx, NS_EPARSE, name, 1, 1, NULL,
                         "the file is empty (no YAML document; expected 'normsim: 1')");
    }

cleanup:
    if (have_event) {
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    if (st != NS_OK) {
        *root = NULL;
    }
    return st;
}
