/* The canonical JSON of a scenario, stored with every study: two scenario files that
 * mean the same (layout, comments and key order aside) give the same text, so shards
 * and resumed runs can check that they belong to one study.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Nesting deeper than this is refused, as by the scenario reader. */
#define MAX_DEPTH 64

/* YAML 1.2 core-schema reading of a plain scalar. */
static json_t *scalar_json(const yaml_node_t *node)
{
    const char *s = (const char *)node->data.scalar.value;
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        return json_string(s);
    }
    if (s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0) {
        return json_null();
    }
    if (strcmp(s, "true") == 0) {
        return json_true();
    }
    if (strcmp(s, "false") == 0) {
        return json_false();
    }
    char *end = NULL;
    errno = 0;
    long long i = strtoll(s, &end, 10);
    if (end != s && *end == '\0' && errno == 0) {
        return json_integer(i);
    }
    errno = 0;
    double d = strtod(s, &end);
    if (end != s && *end == '\0' && errno == 0 && isfinite(d)) {
        return json_real(d);
    }
    return json_string(s);
}

static json_t *node_json(yaml_document_t *doc, yaml_node_t *node, int depth)
{
    if (node == NULL || depth > MAX_DEPTH) {
        return NULL;
    }
    json_t *out = NULL;
    switch (node->type) {
    case YAML_SCALAR_NODE: return scalar_json(node);
    case YAML_SEQUENCE_NODE:
        out = json_array();
        for (yaml_node_item_t *it = node->data.sequence.items.start;
             out != NULL && it < node->data.sequence.items.top; it++) {
            json_t *v = node_json(doc, yaml_document_get_node(doc, *it), depth + 1);
            if (v == NULL || json_array_append_new(out, v) != 0) {
                json_decref(out);
                out = NULL;
            }
        }
        return out;
    case YAML_MAPPING_NODE:
        out = json_object();
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
             out != NULL && p < node->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            json_t *v = node_json(doc, yaml_document_get_node(doc, p->value), depth + 1);
            if (k == NULL || k->type != YAML_SCALAR_NODE || v == NULL ||
                k->data.scalar.length > NS_MAX_KEY_BYTES ||
                json_object_set_new(out, (const char *)k->data.scalar.value, v) != 0) {
                json_decref(v);
                json_decref(out);
                out = NULL;
            }
        }
        return out;
    default: return NULL;
    }
}

ns_status ns_study_canonical_json(ns_ctx_t *ctx, const char *name, const char *yaml, char **out)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    bool have_parser = false, have_doc = false;
    json_t *root = NULL;
    char *text = NULL;
    ns_status s = NS_OK;
    *out = NULL;
    if (!yaml_parser_initialize(&parser)) {
        return ns_error(ctx, NS_ENOMEM, "out of memory reading %s", name);
    }
    have_parser = true;
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, strlen(yaml));
    if (!yaml_parser_load(&parser, &doc)) {
        s = ns_error_at(ctx, NS_EPARSE, name, (int)parser.problem_mark.line + 1,
                        (int)parser.problem_mark.column + 1, NULL, "%s",
                        parser.problem != NULL ? parser.problem : "YAML syntax error");
        goto cleanup;
    }
    have_doc = true;
    yaml_node_t *top = yaml_document_get_root_node(&doc);
    root = top != NULL ? node_json(&doc, top, 0) : json_null();
    if (root == NULL) {
        s = ns_error_at(ctx, NS_EPARSE, name, 0, 0, NULL,
                        "cannot be written as JSON (a key that is not text or longer than %d "
                        "bytes, or nesting over %d levels)",
                        NS_MAX_KEY_BYTES, MAX_DEPTH);
        goto cleanup;
    }
    text =
        json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
    if (text == NULL || (*out = ns_strdup(ctx, text)) == NULL) {
        s = ns_error(ctx, NS_ENOMEM, "out of memory writing %s as JSON", name);
    }
cleanup:
    free(text); /* jansson allocates with malloc. */
    json_decref(root);
    if (have_doc) {
        yaml_document_delete(&doc);
    }
    if (have_parser) {
        yaml_parser_delete(&parser);
    }
    return s;
}
