/* normsim serve: GET /api/COMMAND?opt=value&... -> `normsim COMMAND --opt value ...
 * --format json`, run as a child (cli/serve_child.c). Only the commands and options of
 * the allow-list below pass; every value is checked against a narrow character set and
 * can never become an option or a path. The body explorer's scenario options (seats,
 * membership, will.ISO3, camp_will.CAMP, stakeholders) become a scenario file that the
 * server writes into a private folder of its own (never a name from the request).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "serve.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum kind {
    K_INT,   /* -?[0-9]{1,9} */
    K_NUM,   /* A finite number. */
    K_WORD,  /* [A-Za-z0-9_.:,/+=-], not starting with '-'. */
    K_FLAG,  /* 1/true/yes: the option is given; 0/false/no: it is not. */
    K_PARAM, /* KEY=VALUE for --param (repeatable). */
    K_STUDY, /* The index of a --study file of the serve command. */
};

typedef struct api_opt {
    const char *key;  /* Query key. */
    const char *flag; /* CLI option; NULL: a positional argument, in table order. */
    enum kind kind;
} api_opt_t;

typedef struct api_cmd {
    const char *name;
    bool json;     /* Add --format json (export prints CSV only). */
    bool outdir;   /* Give -o a private folder (run writes files). */
    bool scenario; /* Accepts the explorer's scenario keys. */
    int slow;      /* Timeout multiplier. */
    api_opt_t opts[16];
} api_cmd_t;

static const api_cmd_t commands[] = {
    {"run",
     true,
     true,
     false,
     10,
     {{"runs", "--runs", K_INT}, {"seed", "--seed", K_INT}, {"param", "--param", K_PARAM}}},
    {"negotiate",
     true,
     false,
     true,
     1,
     {{"body", "--body", K_WORD},
      {"year", "--year", K_INT},
      {"runs", "--runs", K_INT},
      {"seed", "--seed", K_INT},
      {"param", "--param", K_PARAM}}},
    {"vote",
     true,
     false,
     false,
     1,
     {{"resolution", "--resolution", K_WORD},
      {"line", "--line", K_WORD},
      {"year", "--year", K_INT},
      {"tally", "--tally", K_WORD},
      {"recorded-tally", "--recorded-tally", K_FLAG}}},
    {"diffuse",
     true,
     false,
     false,
     3,
     {{"norm", "--norm", K_WORD},
      {"instrument", "--instrument", K_WORD},
      {"years", "--years", K_WORD},
      {"runs", "--runs", K_INT},
      {"seed", "--seed", K_INT},
      {"group", "--group", K_WORD},
      {"capacity-building", "--capacity-building", K_WORD},
      {"channel", "--channel", K_WORD},
      {"mandate", "--mandate", K_WORD},
      {"series", "--series", K_FLAG}}},
    {"data",
     true,
     false,
     false,
     1,
     {{"table", NULL, K_WORD},
      {"year", "--year", K_INT},
      {"dimension", "--dimension", K_WORD},
      {"resolution", "--resolution", K_WORD},
      {"part", "--part", K_WORD},
      {"explain", "--explain", K_WORD}}},
    {"params", true, false, false, 1, {{"owner", NULL, K_WORD}}},
    {"models", true, false, false, 1, {{0}}},
    {"export", false, false, false, 3, {{"study", NULL, K_STUDY}, {"table", NULL, K_WORD}}},
};

/* Shared with the query keys of every command. */
static const api_opt_t common_opts[] = {{"verified", "--verified", K_WORD}};

enum { MAX_ARGS = 128, MAX_VALUE = 200, MAX_RUNS = 5000 };

/* ---- Replies -------------------------------------------------------------------------- */

static void reply_text(serve_reply_t *reply, unsigned status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void reply_text(serve_reply_t *reply, unsigned status, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof buf - 1 ? (size_t)n : sizeof buf - 2;
    buf[len++] = '\n';
    reply->status = status;
    reply->content_type = "text/plain; charset=utf-8";
    reply->body = malloc(len);
    reply->len = reply->body != NULL ? len : 0;
    if (reply->body != NULL) {
        memcpy(reply->body, buf, len);
    }
}

bool serve_json_escape(char *buf, size_t size, size_t *len, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        char tmp[8];
        const char *piece = tmp;
        if (*p == '"' || *p == '\\') {
            snprintf(tmp, sizeof tmp, "\\%c", *p);
        } else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&' || *p == 0x7f) {
            snprintf(tmp, sizeof tmp, "\\u%04x", *p);
        } else {
            tmp[0] = (char)*p;
            tmp[1] = '\0';
        }
        size_t n = strlen(piece);
        if (*len + n + 1 > size) {
            return false;
        }
        memcpy(buf + *len, piece, n + 1);
        *len += n;
    }
    return true;
}

/* ---- The cache -------------------------------------------------------------------------- */

typedef struct cache_entry {
    char *key;
    char *body;
    size_t len;
    const char *content_type;
    unsigned long long used;
} cache_entry_t;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cache_entry_t *cache;
static size_t cache_cap;
static size_t cache_max_bytes;
static unsigned long long cache_clock;

void serve_cache_init(size_t entries, size_t max_bytes)
{
    serve_cache_clear();
    pthread_mutex_lock(&cache_lock);
    cache = calloc(entries, sizeof *cache);
    cache_cap = cache != NULL ? entries : 0;
    cache_max_bytes = max_bytes;
    pthread_mutex_unlock(&cache_lock);
}

void serve_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < cache_cap; i++) {
        free(cache[i].key);
        free(cache[i].body);
    }
    free(cache);
    cache = NULL;
    cache_cap = 0;
    pthread_mutex_unlock(&cache_lock);
}

static bool cache_get(const char *key, serve_reply_t *reply)
{
    bool hit = false;
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < cache_cap && !hit; i++) {
        if (cache[i].key != NULL && strcmp(cache[i].key, key) == 0) {
            reply->body = malloc(cache[i].len + 1);
            if (reply->body != NULL) {
                memcpy(reply->body, cache[i].body, cache[i].len);
                reply->len = cache[i].len;
                reply->status = 200;
                reply->content_type = cache[i].content_type;
                cache[i].used = ++cache_clock;
                hit = true;
            }
        }
    }
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

static void cache_put(const char *key, const serve_reply_t *reply)
{
    pthread_mutex_lock(&cache_lock);
    if (cache_cap > 0 && reply->len <= cache_max_bytes / cache_cap) {
        size_t victim = 0;
        for (size_t i = 0; i < cache_cap; i++) {
            if (cache[i].key != NULL && strcmp(cache[i].key, key) == 0) {
                victim = cache_cap; /* Another thread got there first. */
                break;
            }
            if (cache[i].key == NULL || cache[i].used < cache[victim].used) {
                victim = i;
                if (cache[i].key == NULL) {
                    break;
                }
            }
        }
        if (victim < cache_cap) {
            char *k = strdup(key);
            char *b = malloc(reply->len + 1);
            if (k != NULL && b != NULL) {
                memcpy(b, reply->body, reply->len);
                free(cache[victim].key);
                free(cache[victim].body);
                cache[victim] =
                    (cache_entry_t){k, b, reply->len, reply->content_type, ++cache_clock};
            } else {
                free(k);
                free(b);
            }
        }
    }
    pthread_mutex_unlock(&cache_lock);
}

/* Requests being computed: a second identical request waits for the first one's answer
 * (the timeline warming at start and a user opening it, many users at once). */
enum { MAX_INFLIGHT = 64 };
static char *inflight[MAX_INFLIGHT];
static pthread_cond_t inflight_done = PTHREAD_COND_INITIALIZER;

/* Wait while an identical request is being computed, then register this one (the caller
 * calls inflight_end when done, and looks in the cache first). */
static void inflight_begin(const char *key)
{
    pthread_mutex_lock(&cache_lock);
    for (;;) {
        size_t free_slot = MAX_INFLIGHT, i;
        for (i = 0; i < MAX_INFLIGHT; i++) {
            if (inflight[i] != NULL && strcmp(inflight[i], key) == 0) {
                break;
            }
            if (inflight[i] == NULL && free_slot == MAX_INFLIGHT) {
                free_slot = i;
            }
        }
        if (i < MAX_INFLIGHT) {
            pthread_cond_wait(&inflight_done, &cache_lock);
            continue; /* Look again: it may be done now. */
        }
        if (free_slot < MAX_INFLIGHT) {
            inflight[free_slot] = strdup(key); /* NULL: computed without sharing. */
        }
        break;
    }
    pthread_mutex_unlock(&cache_lock);
}

static void inflight_end(const char *key)
{
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < MAX_INFLIGHT; i++) {
        if (inflight[i] != NULL && strcmp(inflight[i], key) == 0) {
            free(inflight[i]);
            inflight[i] = NULL;
            break;
        }
    }
    pthread_cond_broadcast(&inflight_done);
    pthread_mutex_unlock(&cache_lock);
}

/* ---- Checking values -------------------------------------------------------------------- */

static bool is_word(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > MAX_VALUE || v[0] == '-') {
        return false;
    }
    for (const char *p = v; *p != '\0'; p++) {
        if (!isalnum((unsigned char)*p) && strchr("_.:,/+=-", *p) == NULL) {
            return false;
        }
    }
    return strstr(v, "..") == NULL || strchr(v, '/') == NULL; /* "2015..2030", not "../". */
}

static bool is_int(const char *v, long lo, long hi, long *out)
{
    char *end = NULL;
    if (v[0] == '\0' || strlen(v) > 10) {
        return false;
    }
    long x = strtol(v, &end, 10);
    if (*end != '\0' || x < lo || x > hi) {
        return false;
    }
    if (out != NULL) {
        *out = x;
    }
    return true;
}

static bool is_num(const char *v, double *out)
{
    char *end = NULL;
    if (v[0] == '\0' || strlen(v) > 32 || v[0] == '-' || isspace((unsigned char)v[0])) {
        return false;
    }
    double x = strtod(v, &end);
    if (*end != '\0' || !isfinite(x)) {
        return false;
    }
    *out = x;
    return true;
}

static int flag_value(const char *v)
{
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || v[0] == '\0') {
        return 1;
    }
    if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "no") == 0) {
        return 0;
    }
    return -1;
}

static bool is_param(const char *v)
{
    const char *eq = strchr(v, '=');
    if (eq == NULL || eq == v || !is_word(v)) {
        return false;
    }
    for (const char *p = v; p < eq; p++) {
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.') {
            return false;
        }
    }
    return eq[1] != '\0';
}

static bool is_iso3(const char *v)
{
    return strlen(v) == 3 && isupper((unsigned char)v[0]) && isupper((unsigned char)v[1]) &&
           isupper((unsigned char)v[2]);
}

/* ---- The explorer's scenario ----------------------------------------------------------- */

typedef struct text {
    char *s;
    size_t len, cap;
    bool failed;
} text_t;

static void text_add(text_t *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void text_add(text_t *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf || t->failed) {
        t->failed = true;
        return;
    }
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t want = t->cap == 0 ? 1024 : t->cap * 2;
        while (want < t->len + (size_t)n + 1) {
            want *= 2;
        }
        char *grown = realloc(t->s, want);
        if (grown == NULL) {
            t->failed = true;
            return;
        }
        t->s = grown;
        t->cap = want;
    }
    memcpy(t->s + t->len, buf, (size_t)n + 1);
    t->len += (size_t)n;
}

static void text_append(text_t *t, const char *s)
{
    size_t n = strlen(s);
    if (t->failed || t->len + n + 1 > t->cap) {
        size_t want = t->cap == 0 ? 1024 : t->cap;
        while (want < t->len + n + 1) {
            want *= 2;
        }
        char *grown = t->failed ? NULL : realloc(t->s, want);
        if (grown == NULL) {
            t->failed = true;
            return;
        }
        t->s = grown;
        t->cap = want;
    }
    memcpy(t->s + t->len, s, n + 1);
    t->len += n;
}

/* The states with a will of their own: will.ISO3 first, then camp_will.CAMP for the
 * current members of the camp that have no will.ISO3. */
typedef struct will_set {
    char iso3[200][4];
    double will[200];
    size_t n;
} will_set_t;

static void will_put(will_set_t *ws, const char *iso3, double will, bool override)
{
    for (size_t i = 0; i < ws->n; i++) {
        if (strcmp(ws->iso3[i], iso3) == 0) {
            if (override) {
                ws->will[i] = will;
            }
            return;
        }
    }
    if (ws->n < sizeof ws->iso3 / sizeof ws->iso3[0]) {
        snprintf(ws->iso3[ws->n], sizeof ws->iso3[0], "%s", iso3);
        ws->will[ws->n++] = will;
    }
}

static bool camp_will(const ns_world_t *w, const char *camp, double will, will_set_t *ws)
{
    size_t org = (size_t)-1;
    for (size_t i = 0; w != NULL && i < ns_world_org_count(w); i++) {
        if (strcmp(ns_world_org(w, i)->id, camp) == 0) {
            org = i;
        }
    }
    if (org == (size_t)-1) {
        return false;
    }
    for (size_t i = 0; i < ns_world_membership_count(w); i++) {
        const ns_membership_t *m = ns_world_membership(w, i);
        if (m->org == org && m->left == 0) {
            will_put(ws, ns_world_state(w, m->state)->iso3, will, false);
        }
    }
    return true;
}

/* Build the scenario from the explorer's keys; *used is false when none was given.
 * Returns false after filling reply with a 400. */
static bool explorer_scenario(const serve_api_config_t *cfg, const serve_query_t *q,
                              const char *body, text_t *yaml, bool *used, serve_reply_t *reply)
{
    static will_set_t ws; /* Too big for a thread's stack; guarded below. */
    static pthread_mutex_t ws_lock = PTHREAD_MUTEX_INITIALIZER;
    const char *seats = NULL, *membership = NULL;
    int stakeholders = -1;
    bool ok = true;
    *used = false;
    pthread_mutex_lock(&ws_lock);
    ws.n = 0;
    for (size_t pass = 0; pass < 2 && ok; pass++) {
        for (size_t i = 0; i < q->n && ok; i++) {
            const char *k = q->key[i], *v = q->value[i];
            double x = 0;
            if (pass == 0 && strncmp(k, "will.", 5) == 0) {
                *used = true;
                if (!is_iso3(k + 5) || !is_num(v, &x)) {
                    reply_text(reply, 400, "%s: a state's will needs will.ISO3=NUMBER >= 0", k);
                    ok = false;
                } else {
                    will_put(&ws, k + 5, x, true);
                }
            } else if (pass == 1 && strncmp(k, "camp_will.", 10) == 0) {
                *used = true;
                if (!is_num(v, &x) || !camp_will(cfg->world, k + 10, x, &ws)) {
                    reply_text(reply, 400,
                               "%.40s: a camp's will needs camp_will.CAMP=NUMBER >= 0 with a "
                               "camp of the data (NATO, EU, FiveEyes, SCO, CSTO, BRICS, NAM)",
                               k);
                    ok = false;
                }
            } else if (pass == 0 && strcmp(k, "seats") == 0) {
                *used = true;
                if (!is_int(v, 1, 4096, NULL)) {
                    reply_text(reply, 400, "seats must be a whole number in 1..4096");
                    ok = false;
                }
                seats = v;
            } else if (pass == 0 && strcmp(k, "membership") == 0) {
                *used = true;
                if (strcmp(v, "historical") != 0 && strcmp(v, "rotation") != 0 &&
                    strcmp(v, "open") != 0) {
                    reply_text(reply, 400, "membership must be historical, rotation or open");
                    ok = false;
                }
                membership = v;
            } else if (pass == 0 && strcmp(k, "stakeholders") == 0) {
                *used = true;
                if ((stakeholders = flag_value(v)) < 0) {
                    reply_text(reply, 400, "stakeholders must be 0 or 1");
                    ok = false;
                }
            }
        }
    }
    if (ok && *used) {
        if (body == NULL || !is_word(body)) {
            reply_text(reply, 400, "the explorer's options need body=ID");
            ok = false;
        }
    }
    if (ok && *used) {
        /* seed 1: the command's default without a scenario, so that a setting and the
         * recorded body draw the same replicates (--seed, when given, still wins). */
        text_add(yaml, "normsim: 1\nname: \"normsim serve: body explorer\"\nbase: un\n"
                       "seed: 1\n");
        if (ws.n > 0) {
            text_add(yaml, "states:\n");
        }
        for (size_t i = 0; i < ws.n; i++) {
            text_add(yaml, "  - iso3: %s\n    will: %.17g\n", ws.iso3[i], ws.will[i]);
        }
        if (stakeholders == 1) {
            /* Two illustrative voices of the multistakeholder community (docs/SERVE.md). */
            text_add(yaml, "stakeholders:\n"
                           "  - id: industry\n    name: \"Industry (illustrative)\"\n"
                           "    kind: company\n    positions:\n"
                           "      multistakeholder: { x: 95, salience: 0.8 }\n"
                           "      capacity_building: { x: 80, salience: 0.5 }\n"
                           "      norms: { x: 85, salience: 0.6 }\n"
                           "  - id: civil_society\n    name: \"Civil society (illustrative)\"\n"
                           "    kind: ngo\n    positions:\n"
                           "      multistakeholder: { x: 100, salience: 0.9 }\n"
                           "      ihl: { x: 85, salience: 0.6 }\n");
        }
        if (seats != NULL || membership != NULL || stakeholders >= 0) {
            text_add(yaml, "bodies:\n  - id: %s\n", body);
            if (membership != NULL) {
                text_add(yaml, "    membership: %s\n", membership);
            }
            if (seats != NULL) {
                text_add(yaml, "    seats: %s\n", seats);
            }
            if (stakeholders >= 0) {
                text_add(yaml, "    stakeholders: %s\n", stakeholders ? "true" : "false");
            }
        }
        if (yaml->failed) {
            reply_text(reply, 500, "out of memory");
            ok = false;
        }
    }
    pthread_mutex_unlock(&ws_lock);
    return ok;
}

static bool is_explorer_key(const char *k)
{
    return strncmp(k, "will.", 5) == 0 || strncmp(k, "camp_will.", 10) == 0 ||
           strcmp(k, "seats") == 0 || strcmp(k, "membership") == 0 ||
           strcmp(k, "stakeholders") == 0;
}

/* ---- The answer ------------------------------------------------------------------------- */

static const api_opt_t *find_opt(const api_cmd_t *cmd, const char *key)
{
    for (size_t i = 0; i < sizeof cmd->opts / sizeof cmd->opts[0] && cmd->opts[i].key; i++) {
        if (strcmp(cmd->opts[i].key, key) == 0) {
            return &cmd->opts[i];
        }
    }
    for (size_t i = 0; i < sizeof common_opts / sizeof common_opts[0]; i++) {
        if (strcmp(common_opts[i].key, key) == 0) {
            return &common_opts[i];
        }
    }
    return NULL;
}

static void allowed_keys(const api_cmd_t *cmd, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof cmd->opts / sizeof cmd->opts[0] && cmd->opts[i].key; i++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", cmd->opts[i].key);
        if (len >= size) {
            return;
        }
    }
    if (cmd->scenario && len < size) {
        snprintf(buf + len, size - len,
                 ", seats, membership, will.ISO3, camp_will.CAMP, "
                 "stakeholders");
    }
}

/* Check one value; on success push its argv words. */
static bool add_value(const serve_api_config_t *cfg, const api_opt_t *o, const char *v,
                      const char **argv, size_t *argc, serve_reply_t *reply)
{
    long x = 0;
    double d = 0;
    bool ok = true;
    switch (o->kind) {
    case K_INT:
        ok = is_int(v, -1000000000L, 1000000000L, &x) &&
             (strcmp(o->key, "runs") != 0 || (x >= 1 && x <= MAX_RUNS));
        break;
    case K_NUM: ok = is_num(v, &d); break;
    case K_WORD: ok = is_word(v); break;
    case K_PARAM: ok = is_param(v); break;
    case K_FLAG: ok = flag_value(v) >= 0; break;
    case K_STUDY: ok = is_int(v, 0, (long)cfg->n_studies - 1, &x); break;
    }
    if (!ok) {
        if (o->kind == K_STUDY) {
            reply_text(reply, 400, "study must be the index of a study given to serve (0..%zu)",
                       cfg->n_studies > 0 ? cfg->n_studies - 1 : 0);
        } else if (o->kind == K_INT && strcmp(o->key, "runs") == 0) {
            reply_text(reply, 400, "runs must be a whole number in 1..%d", MAX_RUNS);
        } else {
            reply_text(reply, 400, "%s: value not allowed (%s)", o->key,
                       o->kind == K_INT     ? "a whole number"
                       : o->kind == K_NUM   ? "a number >= 0"
                       : o->kind == K_PARAM ? "KEY=VALUE"
                       : o->kind == K_FLAG  ? "0 or 1"
                                            : "letters, digits and _.:,/+=-");
        }
        return false;
    }
    if (*argc + 3 >= MAX_ARGS) {
        reply_text(reply, 400, "too many parameters");
        return false;
    }
    if (o->kind == K_FLAG) {
        if (flag_value(v) == 1) {
            argv[(*argc)++] = o->flag;
        }
        return true;
    }
    if (o->flag != NULL) {
        argv[(*argc)++] = o->flag;
    }
    argv[(*argc)++] = o->kind == K_STUDY ? cfg->studies[x] : v;
    return true;
}

static void key_join(text_t *key, const char *const *argv, size_t argc, const char *input)
{
    for (size_t i = 0; i < argc; i++) {
        text_add(key, "%s\x1f", argv[i]);
    }
    if (input != NULL) {
        text_add(key, "\x1e");
        text_append(key, input);
    }
}

void serve_api_answer(const serve_api_config_t *cfg, const char *command, const serve_query_t *q,
                      serve_reply_t *reply)
{
    const api_cmd_t *cmd = NULL;
    const char *argv[MAX_ARGS];
    size_t argc = 0;
    text_t yaml = {0}, key = {0};
    char outdir[4096];
    bool made_dir = false, in_flight = false;
    serve_child_result_t res;
    memset(&res, 0, sizeof res);
    memset(reply, 0, sizeof *reply);
    snprintf(outdir, sizeof outdir, "%s/normsim-serve-XXXXXX",
             cfg->tmpdir != NULL ? cfg->tmpdir : "/tmp");

    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, command) == 0) {
            cmd = &commands[i];
        }
    }
    if (cmd == NULL) {
        reply_text(reply, 404,
                   "no API command '%.60s' (run, negotiate, vote, diffuse, data, "
                   "params, models, export)",
                   command);
        goto cleanup;
    }
    if (q->overflow) {
        reply_text(reply, 400, "too many parameters");
        goto cleanup;
    }
    argv[argc++] = "normsim";
    if (cfg->data_dir != NULL) {
        argv[argc++] = "--data";
        argv[argc++] = cfg->data_dir;
    }
    argv[argc++] = cmd->name;
    /* Positional arguments first, in the table's order. */
    for (size_t j = 0; j < sizeof cmd->opts / sizeof cmd->opts[0] && cmd->opts[j].key; j++) {
        if (cmd->opts[j].flag != NULL) {
            continue;
        }
        for (size_t i = 0; i < q->n; i++) {
            if (strcmp(q->key[i], cmd->opts[j].key) == 0 &&
                !add_value(cfg, &cmd->opts[j], q->value[i], argv, &argc, reply)) {
                goto cleanup;
            }
        }
    }
    const char *body = NULL;
    for (size_t i = 0; i < q->n; i++) {
        const api_opt_t *o = find_opt(cmd, q->key[i]);
        if (o != NULL && o->flag == NULL) {
            continue;
        }
        if (o == NULL && cmd->scenario && is_explorer_key(q->key[i])) {
            continue;
        }
        if (o == NULL || strcmp(q->key[i], "format") == 0) {
            char allowed[512];
            allowed_keys(cmd, allowed, sizeof allowed);
            reply_text(reply, 400, "%s: unknown option '%.60s' (allowed: %s)", cmd->name, q->key[i],
                       allowed);
            goto cleanup;
        }
        if (!add_value(cfg, o, q->value[i], argv, &argc, reply)) {
            goto cleanup;
        }
        if (strcmp(q->key[i], "body") == 0) {
            body = q->value[i];
        }
    }
    bool scenario = false;
    if (cmd->scenario && !explorer_scenario(cfg, q, body, &yaml, &scenario, reply)) {
        goto cleanup;
    }
    if (cmd->json) {
        argv[argc++] = "--format";
        argv[argc++] = "json";
    }
    key_join(&key, argv, argc, scenario ? yaml.s : NULL);
    if (key.failed) {
        reply_text(reply, 500, "out of memory");
        goto cleanup;
    }
    if (cache_get(key.s, reply)) {
        goto cleanup;
    }
    /* After waiting for an identical request, its answer is in the cache (unless it
     * failed: then this one runs too, and says why). */
    inflight_begin(key.s);
    in_flight = true;
    if (cache_get(key.s, reply)) {
        goto cleanup;
    }
    /* A private folder (mode 0700) for what the child reads or writes: the explorer's
     * scenario (the loader wants a regular file), run's output files. */
    char scenario_path[sizeof outdir + 16];
    if (cmd->outdir || scenario) {
        if (mkdtemp(outdir) == NULL) {
            reply_text(reply, 500, "cannot make a private folder for %s", cmd->name);
            goto cleanup;
        }
        made_dir = true;
    }
    if (scenario) {
        snprintf(scenario_path, sizeof scenario_path, "%s/scenario.yaml", outdir);
        FILE *f = fopen(scenario_path, "w");
        bool written = f != NULL && fwrite(yaml.s, 1, yaml.len, f) == yaml.len;
        if (f == NULL || fclose(f) != 0 || !written) {
            reply_text(reply, 500, "cannot write the scenario in a private folder");
            goto cleanup;
        }
        argv[argc++] = "--scenario";
        argv[argc++] = scenario_path;
    }
    if (cmd->outdir) {
        argv[argc++] = "-o";
        argv[argc++] = outdir;
    }
    argv[argc] = NULL;
    if (serve_child_run(cfg->exe, (char *const *)argv, NULL, cfg->timeout_ms * cmd->slow,
                        cfg->max_output, &res) != 0) {
        reply_text(reply, 500, "%s", res.message);
    } else if (res.timed_out) {
        reply_text(reply, 504, "%s: over the time limit of %d s", cmd->name,
                   cfg->timeout_ms * cmd->slow / 1000);
    } else if (res.too_big) {
        reply_text(reply, 502, "%s: output over %zu bytes", cmd->name, cfg->max_output);
    } else if (res.exit_code == 0) {
        reply->status = 200;
        reply->content_type =
            cmd->json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8";
        reply->body = res.out;
        reply->len = res.out_len;
        res.out = NULL;
        cache_put(key.s, reply);
    } else {
        reply_text(reply, res.exit_code == 2 ? 400 : 500, "%s",
                   res.message[0] != '\0' ? res.message : "the command failed");
    }

cleanup:
    if (in_flight) {
        inflight_end(key.s);
    }
    if (made_dir) {
        serve_remove_dir(outdir);
    }
    serve_child_result_free(&res);
    free(yaml.s);
    free(key.s);
}

void serve_api_studies(const serve_api_config_t *cfg, serve_reply_t *reply)
{
    text_t t = {0};
    text_add(&t, "[");
    for (size_t i = 0; i < cfg->n_studies; i++) {
        const char *slash = strrchr(cfg->studies[i], '/');
        char name[600];
        size_t len = 0;
        name[0] = '\0';
        serve_json_escape(name, sizeof name, &len, slash != NULL ? slash + 1 : cfg->studies[i]);
        text_add(&t, "%s\n  {\"index\": %zu, \"name\": \"%s\"}", i > 0 ? "," : "", i, name);
    }
    text_add(&t, "\n]\n");
    memset(reply, 0, sizeof *reply);
    if (t.failed) {
        free(t.s);
        reply_text(reply, 500, "out of memory");
        return;
    }
    reply->status = 200;
    reply->content_type = "application/json; charset=utf-8";
    reply->body = t.s;
    reply->len = t.len;
}
