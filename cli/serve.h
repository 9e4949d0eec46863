/* normsim serve: the parts of the web server that are not HTTP (cli/cmd_serve.c is).
 * An API request runs this same program as a child with an argv built from an allow-list
 * (cli/serve_api.c), captured through pipes with a size cap and a wall-clock timeout
 * (cli/serve_child.c). docs/SERVE.md says why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef NS_SERVE_H
#define NS_SERVE_H

#include "normsim/normsim.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- cli/serve_child.c ---------------------------------------------------------- */

typedef struct serve_child_result {
    int exit_code;     /* The child's exit code; -1 if it died by a signal. */
    bool timed_out;    /* Killed after the wall-clock limit. */
    bool too_big;      /* Killed when stdout passed the size cap. */
    char *out;         /* stdout, NUL-terminated; the caller frees it. */
    size_t out_len;    /* Bytes of out, without the NUL. */
    char message[512]; /* The first line of stderr (or the server's own reason). */
} serve_child_result_t;

/* Run exe with argv (argv[0] included, NULL-terminated), no shell, stdin from `input`
 * (NULL: /dev/null), stdout captured up to cap bytes, stderr's first line kept; the child
 * is killed after timeout_ms. Waits for a free slot first (at most `slots` children at
 * once, serve_child_init). Returns 0, or -1 when the child could not be started
 * (message says why). */
int serve_child_run(const char *exe, char *const argv[], const char *input, int timeout_ms,
                    size_t cap, serve_child_result_t *res);
void serve_child_init(unsigned slots);
void serve_child_result_free(serve_child_result_t *res);

/* Remove a private output folder of `run` (plain files only, no recursion) and the folder. */
void serve_remove_dir(const char *dir);

/* ---- cli/serve_api.c -------------------------------------------------------------- */

typedef struct serve_query {
    size_t n;
    const char *key[48];
    const char *value[48];
    bool overflow; /* More than 48 parameters were given. */
} serve_query_t;

typedef struct serve_api_config {
    const char *exe;            /* This program (/proc/self/exe). */
    const char *data_dir;       /* --data DIR of the serve command, or NULL. */
    const char *const *studies; /* The --study files, in order. */
    size_t n_studies;
    const ns_world_t *world; /* For camp memberships (camp_will.CAMP). */
    int timeout_ms;          /* Per request; `run` gets 10 times more. */
    size_t max_output;       /* Bytes of a child's stdout. */
    const char *tmpdir;      /* Where private folders are made (TMPDIR, else /tmp). */
} serve_api_config_t;

typedef struct serve_reply {
    unsigned status;          /* HTTP status. */
    const char *content_type; /* Static string. */
    char *body;               /* malloc'd; the caller frees it. */
    size_t len;
} serve_reply_t;

/* Answer GET /api/COMMAND?query. Always fills reply (a 4xx or 5xx with a one-line
 * message on failure). Thread-safe. */
void serve_api_answer(const serve_api_config_t *cfg, const char *command,
                      const serve_query_t *query, serve_reply_t *reply);
/* The API's list of studies: [{"index": 0, "name": "file.sqlite"}, ...]. */
void serve_api_studies(const serve_api_config_t *cfg, serve_reply_t *reply);
/* Cached answers (identical argv and input give identical bytes): set the capacity. */
void serve_cache_init(size_t entries, size_t max_bytes);
void serve_cache_clear(void);

/* Append s to buf as the inside of a JSON string. Returns false if it does not fit. */
bool serve_json_escape(char *buf, size_t size, size_t *len, const char *s);

/* ---- build/serve_assets.c (tools/embed.c web) ----------------------------------- */

typedef struct serve_asset {
    const char *path; /* "/index.html", "/vendor/vega.min.js", ... */
    const unsigned char *bytes;
    size_t size;
} serve_asset_t;

const serve_asset_t *serve_assets(size_t *n);

#endif
