/* normsim serve: the UN process explored in a browser. A small HTTP server
 * (libmicrohttpd, a thread per connection) on 127.0.0.1: the pages and Vega-Lite
 * embedded in the binary, and GET /api/COMMAND answering what `normsim COMMAND ...
 * --format json` prints, by running this program as a child (cli/serve_api.c).
 * docs/SERVE.md describes the API, the pages and the security rules.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _DEFAULT_SOURCE /* realpath() */
#include "cli.h"
#include "serve.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char serve_help[] =
    "usage: normsim serve [--port N] [--listen ADDR] [--study FILE ...] [--jobs N]\n"
    "                     [--timeout S] [--no-warm] [--data DIR]\n"
    "\n"
    "Serve the UN process in a browser: http://127.0.0.1:PORT/ shows the timeline of\n"
    "every body and roll call (p, band, outcome), a body explorer (size, membership\n"
    "rule, will of a state or a camp, b, the chair's summary, stakeholders: the package,\n"
    "the blockers and their margins per paragraph), the votes per country against the\n"
    "record, the studies given with --study, and the diffusion curves. The pages and\n"
    "Vega-Lite are built into the program; nothing is fetched from elsewhere.\n"
    "\n"
    "The JSON API: GET /api/COMMAND?opt=value&... answers what\n"
    "`normsim COMMAND --opt value ... --format json` prints (commands run, negotiate,\n"
    "vote, diffuse, data, params, models; export prints CSV), e.g.\n"
    "/api/negotiate?body=GGE5&runs=20. A bad parameter gives HTTP 400 with the\n"
    "command's one-line message. See docs/SERVE.md.\n"
    "\n"
    "options:\n"
    "  --port N       TCP port (default 8765; 0: any free port, printed at start)\n"
    "  --listen ADDR  listen on this IPv4 address instead of 127.0.0.1 (a warning:\n"
    "                 anyone who reaches it can run the model on this machine)\n"
    "  --study FILE   a study file (normsim sweep) the studies page may open;\n"
    "                 repeatable; no other file is ever read on a request's behalf\n"
    "  --jobs N       model runs at once (default: the number of processors)\n"
    "  --timeout S    seconds a request may run (default 60; run: 10 times more)\n"
    "  --no-warm      do not compute the timeline at start\n"
    "\n"
    "Stops on Ctrl-C (SIGINT) or SIGTERM.\n"
    "\n"
    "exit codes: 0 stopped by a signal; 2 bad usage, a --study file that cannot be\n"
    "read; 1 the port is taken or the server failed.\n"
    "\n"
    "examples:\n"
    "  normsim serve\n"
    "  normsim sweep examples/frontier.yaml --vary body_size=15,25 --runs 20 -o frontier.sqlite\n"
    "  normsim serve --port 9000 --study frontier.sqlite\n";

#if defined(NS_WITH_SERVE)

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'";

typedef struct server {
    serve_api_config_t api;
    unsigned port;
    bool loopback;
    const char *address; /* What we listen on, as given (127.0.0.1 by default). */
} server_t;

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot == NULL) {
        return "application/octet-stream";
    }
    if (strcmp(dot, ".html") == 0) {
        return "text/html; charset=utf-8";
    }
    if (strcmp(dot, ".js") == 0) {
        return "text/javascript; charset=utf-8";
    }
    if (strcmp(dot, ".css") == 0) {
        return "text/css; charset=utf-8";
    }
    if (strcmp(dot, ".txt") == 0) {
        return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, unsigned status, const char *type,
                                  void *body, size_t len, bool owned, bool cacheable)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (r == NULL) {
        if (owned) {
            free(body);
        }
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", cacheable ? "max-age=300" : "no-store");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *conn, unsigned status, const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    if (copy == NULL) {
        return MHD_NO;
    }
    memcpy(copy, text, n + 1);
    return send_reply(conn, status, "text/plain; charset=utf-8", copy, n, true, false);
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    serve_query_t *q = cls;
    if (q->n >= sizeof q->key / sizeof q->key[0]) {
        q->overflow = true;
        return MHD_NO;
    }
    q->key[q->n] = key;
    q->value[q->n++] = value != NULL ? value : "";
    return MHD_YES;
}

/* DNS rebinding: a page elsewhere cannot reach us under another host name. */
static bool host_ok(const server_t *s, struct MHD_Connection *conn)
{
    if (!s->loopback) {
        return true;
    }
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    if (host == NULL) {
        return false;
    }
    char want[64];
    const char *names[] = {"127.0.0.1", "localhost", "[::1]", s->address};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(want, sizeof want, "%s:%u", names[i], s->port);
        if (strcmp(host, want) == 0 || strcmp(host, names[i]) == 0) {
            return true;
        }
    }
    return false;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **req)
{
    (void)version;
    (void)upload;
    static int first, too_big;
    server_t *s = cls;
    if (*req == NULL) {
        *req = &first;
        return MHD_YES;
    }
    if (*upload_size != 0) {
        *upload_size = 0; /* A request body is never read. */
        *req = &too_big;
        return MHD_YES;
    }
    if (*req == &too_big) {
        return send_text(conn, 413, "requests have no body\n");
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        return send_text(conn, 405, "only GET and HEAD\n");
    }
    if (!host_ok(s, conn)) {
        return send_text(conn, 421, "unexpected Host header\n");
    }
    if (strncmp(url, "/api/", 5) == 0) {
        serve_query_t q;
        serve_reply_t reply;
        memset(&q, 0, sizeof q);
        MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
        if (strcmp(url + 5, "studies") == 0) {
            serve_api_studies(&s->api, &reply);
        } else {
            serve_api_answer(&s->api, url + 5, &q, &reply);
        }
        if (reply.body == NULL) {
            return send_text(conn, 500, "out of memory\n");
        }
        return send_reply(conn, reply.status, reply.content_type, reply.body, reply.len, true,
                          false);
    }
    const char *path = strcmp(url, "/") == 0 ? "/index.html" : url;
    size_t n = 0;
    const serve_asset_t *assets = serve_assets(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(assets[i].path, path) == 0) {
            return send_reply(conn, 200, content_type(path), (void *)assets[i].bytes,
                              assets[i].size, false, strncmp(path, "/vendor/", 8) == 0);
        }
    }
    return send_text(conn, 404, "not found\n");
}

static void *warm(void *arg)
{
    const server_t *s = arg;
    serve_query_t q;
    serve_reply_t reply;
    memset(&q, 0, sizeof q);
    q.key[0] = "runs";
    q.value[0] = "10"; /* What web/timeline.js asks for first. */
    q.n = 1;
    serve_api_answer(&s->api, "run", &q, &reply);
    free(reply.body);
    return NULL;
}

static int parse_count(cli_t *cli, const char *name, const char *v, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || x < lo || x > hi) {
        return cli_usage(cli, "serve", "%s must be a whole number in %ld..%ld, not '%s'", name, lo,
                         hi, v);
    }
    *out = x;
    return 0;
}

static int run_serve(cli_t *cli, int argc, char **argv)
{
    server_t s;
    const char *studies[64];
    char *resolved[64];
    size_t n_studies = 0;
    long port = 8765, jobs = sysconf(_SC_NPROCESSORS_ONLN), timeout = 60;
    const char *listen_addr = NULL;
    bool warm_up = true;
    ns_world_t *world = NULL;
    struct MHD_Daemon *d = NULL;
    int rc = CLI_EXIT_OK;
    memset(&s, 0, sizeof s);
    memset(resolved, 0, sizeof resolved);
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r = cli_common_option(cli, "serve", argc, argv, &i);
        if (r == 0 && (r = cli_option_value(cli, "serve", "--port", argc, argv, &i, &v)) > 0) {
            r = parse_count(cli, "--port", v, 0, 65535, &port) == 0 ? 1 : -1;
        }
        if (r == 0 && (r = cli_option_value(cli, "serve", "--jobs", argc, argv, &i, &v)) > 0) {
            r = parse_count(cli, "--jobs", v, 1, 256, &jobs) == 0 ? 1 : -1;
        }
        if (r == 0 && (r = cli_option_value(cli, "serve", "--timeout", argc, argv, &i, &v)) > 0) {
            r = parse_count(cli, "--timeout", v, 1, 3600, &timeout) == 0 ? 1 : -1;
        }
        if (r == 0) {
            r = cli_option_value(cli, "serve", "--listen", argc, argv, &i, &listen_addr);
        }
        if (r == 0 && (r = cli_option_value(cli, "serve", "--study", argc, argv, &i, &v)) > 0) {
            if (n_studies >= sizeof studies / sizeof studies[0]) {
                rc = cli_usage(cli, "serve", "at most 64 studies");
                goto cleanup;
            }
            resolved[n_studies] = realpath(v, NULL);
            if (resolved[n_studies] == NULL || access(resolved[n_studies], R_OK) != 0) {
                fprintf(stderr, "%s: serve: cannot read study '%s': %s\n", cli->prog, v,
                        strerror(errno));
                rc = CLI_EXIT_USAGE;
                goto cleanup;
            }
            studies[n_studies] = resolved[n_studies];
            n_studies++;
        }
        if (r == 0 && strcmp(argv[i], "--no-warm") == 0) {
            warm_up = false;
            r = 1;
        }
        if (r == 0) {
            rc = cli_usage(cli, "serve", "unknown argument '%s'", argv[i]);
            goto cleanup;
        }
        if (r < 0) {
            rc = CLI_EXIT_USAGE;
            goto cleanup;
        }
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, listen_addr != NULL ? listen_addr : "127.0.0.1", &addr.sin_addr) != 1) {
        rc = cli_usage(cli, "serve", "--listen needs an IPv4 address, not '%s'", listen_addr);
        goto cleanup;
    }
    s.loopback = listen_addr == NULL || strncmp(listen_addr, "127.", 4) == 0;
    s.address = listen_addr != NULL ? listen_addr : "127.0.0.1";
    if (!s.loopback) {
        /* A warning, not an error: no "normsim:" prefix. */
        fprintf(stderr,
                "serve: warning: listening on %s: anyone who can reach it can run the model "
                "on this machine; there is no authentication\n",
                listen_addr);
    }
    if ((rc = cli_load_world(cli, &world)) != CLI_EXIT_OK) {
        goto cleanup;
    }
    static char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) {
        fprintf(stderr, "%s: serve: cannot find this program (/proc/self/exe)\n", cli->prog);
        rc = CLI_EXIT_FAILURE;
        goto cleanup;
    }
    exe[len] = '\0';
    /* The command line reads the environment; the library does not. */
    const char *tmpdir = getenv("TMPDIR");
    s.api.exe = exe;
    s.api.data_dir = cli->data.dir;
    s.api.studies = studies;
    s.api.n_studies = n_studies;
    s.api.world = world;
    s.api.timeout_ms = (int)timeout * 1000;
    s.api.max_output = 64u << 20;
    s.api.tmpdir = tmpdir != NULL && tmpdir[0] == '/' ? tmpdir : "/tmp";
    serve_child_init((unsigned)jobs);
    serve_cache_init(128, 256u << 20);

    /* The signals are waited for below; every thread (and child) starts with them
     * blocked, the children get the default mask back (cli/serve_child.c). */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                             MHD_USE_POLL,
                         (uint16_t)port, NULL, NULL, answer, &s, MHD_OPTION_SOCK_ADDR, &addr,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)256, MHD_OPTION_CONNECTION_TIMEOUT,
                         (unsigned)(timeout * 10 + 30), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                         (size_t)65536, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "%s: serve: cannot listen on %s:%ld (taken?)\n", cli->prog,
                listen_addr != NULL ? listen_addr : "127.0.0.1", port);
        rc = CLI_EXIT_FAILURE;
        goto cleanup;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    s.port = info != NULL ? info->port : (unsigned)port;
    printf("normsim: serving on http://%s:%u/ (Ctrl-C stops)\n",
           listen_addr != NULL ? listen_addr : "127.0.0.1", s.port);
    fflush(stdout);
    pthread_t warm_thread;
    bool warming = warm_up && pthread_create(&warm_thread, NULL, warm, &s) == 0;
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "serve: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    MHD_stop_daemon(d);
    if (warming) {
        pthread_join(warm_thread, NULL);
    }
    serve_cache_clear();

cleanup:
    for (size_t i = 0; i < sizeof resolved / sizeof resolved[0]; i++) {
        free(resolved[i]);
    }
    ns_world_free(world);
    return rc;
}

#else

static int run_serve(cli_t *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr,
            "%s: serve: this normsim was built without the web server (it needs "
            "libmicrohttpd-dev and npm at build time; see docs/SERVE.md)\n",
            cli->prog);
    return CLI_EXIT_FAILURE;
}

#endif

const cli_command_t cli_cmd_serve = {
    "serve", "explore the UN process in a browser: timeline, body explorer, votes, studies",
    serve_help, run_serve};
