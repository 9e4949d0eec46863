/* The study store: one SQLite file per study (see include/normsim/store.h for the file
 * layout, the crash-safety argument and why the writer claim is a row, not a lock
 * mode). This is the only file of normsim that includes sqlite3.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

struct ns_store {
    ns_ctx_t *ctx; /* The opener's; used only for allocation of the store itself. */
    sqlite3 *db;
    char *path;
    bool claimed;   /* This process holds the writer row. */
    bool read_only; /* Opened with NS_STORE_READ. */
    bool immutable; /* Read as an immutable file (a WAL study in a read-only folder). */
    char *tmp_path; /* CREATE: the temporary file, until ns_store_publish(). */
    sqlite3_stmt *put;
};

/* The fields that make two files the same study (merge refuses others); each one named
 * in the message when it differs. */
static const char *const study_key[] = {"model",        "scenario_json",   "seed", "runs", "vary",
                                        "data_version", "software_version"};

static const char schema[] =
    "CREATE TABLE study(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE points(point INTEGER NOT NULL, idx INTEGER NOT NULL, param TEXT NOT NULL,"
    " value TEXT NOT NULL, PRIMARY KEY(point, idx)) WITHOUT ROWID;"
    "CREATE TABLE results(point INTEGER NOT NULL, replicate INTEGER NOT NULL,"
    " metric TEXT NOT NULL, value REAL, PRIMARY KEY(point, replicate, metric)) WITHOUT ROWID;"
    "CREATE TABLE writer(id INTEGER PRIMARY KEY CHECK(id = 1), pid INTEGER NOT NULL,"
    " host TEXT NOT NULL, started TEXT NOT NULL);";

/* ---- Errors ------------------------------------------------------------------------- */

/* Map an SQLite failure to a status and a message that names the file and says what
 * the user can do about it. */
static ns_status db_fail(ns_ctx_t *ctx, const char *path, sqlite3 *db, int rc, const char *what)
{
    int primary = rc & 0xff;
    const char *detail = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int sys = db != NULL ? sqlite3_system_errno(db) : 0;
    switch (primary) {
    case SQLITE_FULL:
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL,
                           "%s: the disk is full; the results committed so far are kept "
                           "(resume with --resume once there is room)",
                           what);
    case SQLITE_READONLY:
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL,
                           "%s: the file or its folder is read-only (%s)", what, detail);
    case SQLITE_CANTOPEN:
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "%s: cannot open the file (%s)", what,
                           sys != 0 ? strerror(sys) : detail);
    case SQLITE_IOERR:
        if (sys == ENOSPC) {
            return db_fail(ctx, path, NULL, SQLITE_FULL, what);
        }
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "%s: input/output error (%s)", what,
                           sys != 0 ? strerror(sys) : detail);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return ns_error_at(ctx, NS_EPARSE, path, 0, 0, NULL,
                           "not a normsim study: not an SQLite file, or a corrupt one (%s)",
                           detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL,
                           "%s: the file is locked by another process (%s)", what, detail);
    case SQLITE_NOMEM: return ns_error(ctx, NS_ENOMEM, "%s: out of memory in SQLite", what);
    default: return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "%s: %s", what, detail);
    }
}

static ns_status fail(ns_ctx_t *ctx, const ns_store_t *st, int rc, const char *what)
{
    int sys = st->db != NULL ? sqlite3_system_errno(st->db) : 0;
    if (st->tmp_path != NULL &&
        ((rc & 0xff) == SQLITE_FULL || ((rc & 0xff) == SQLITE_IOERR && sys == ENOSPC))) {
        /* Not yet in place: no resume is possible, and the temporary file goes. */
        return ns_error_at(ctx, NS_EIO, st->path, 0, 0, NULL,
                           "%s: the disk is full; the study was not created (nothing was "
                           "kept)",
                           what);
    }
    return db_fail(ctx, st->path, st->db, rc, what);
}

/* Run SQL without results. */
static ns_status exec(ns_ctx_t *ctx, const ns_store_t *st, const char *sql, const char *what)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? NS_OK : fail(ctx, st, rc, what);
}

static ns_status prepare(ns_ctx_t *ctx, const ns_store_t *st, const char *sql, sqlite3_stmt **out,
                         const char *what)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    return rc == SQLITE_OK ? NS_OK : fail(ctx, st, rc, what);
}

/* ---- Opening, the claim ------------------------------------------------------------- */

static void now_iso(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        snprintf(buf, size, "unknown");
    }
}

static void host_name(char *buf, size_t size)
{
    if (gethostname(buf, size) != 0) {
        snprintf(buf, size, "unknown");
    }
    buf[size - 1] = '\0';
}

/* Take the writer row. The check and the insert run in one BEGIN IMMEDIATE
 * transaction, so of two processes racing for the row exactly one gets it. */
static ns_status claim(ns_ctx_t *ctx, ns_store_t *st, bool takeover)
{
    sqlite3_stmt *q = NULL;
    char host[256];
    char started[64];
    host_name(host, sizeof host);
    now_iso(started, sizeof started);
    ns_status s = exec(ctx, st, "BEGIN IMMEDIATE", "claiming the study for writing");
    if (s != NS_OK) {
        return s;
    }
    s = prepare(ctx, st, "SELECT pid, host, started FROM writer WHERE id = 1", &q,
                "reading the writer claim");
    if (s != NS_OK) {
        goto cleanup;
    }
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && !takeover) {
        long long pid = sqlite3_column_int64(q, 0);
        const char *their_host = (const char *)sqlite3_column_text(q, 1);
        const char *since = (const char *)sqlite3_column_text(q, 2);
        bool same_host = their_host != NULL && strcmp(their_host, host) == 0;
        /* A row whose process is gone (killed, crashed) is stale: take it over. EPERM
         * means the process exists under another user: alive. */
        bool gone = same_host && pid > 0 && (pid_t)pid != getpid() && kill((pid_t)pid, 0) != 0 &&
                    errno == ESRCH;
        if (!gone) {
            s = ns_error_at(ctx, NS_EIO, st->path, 0, 0, NULL,
                            "the study is being written by process %lld on %s since %s; two "
                            "writers are refused so that results are never mixed: wait for "
                            "it to finish%s",
                            pid, their_host != NULL ? their_host : "?", since != NULL ? since : "?",
                            same_host ? "" : " (if that process is gone, resume with --takeover)");
            goto cleanup;
        }
    } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "reading the writer claim");
        goto cleanup;
    }
    sqlite3_finalize(q);
    q = NULL;
    s = prepare(ctx, st, "INSERT OR REPLACE INTO writer(id, pid, host, started) VALUES(1,?,?,?)",
                &q, "claiming the study for writing");
    if (s != NS_OK) {
        goto cleanup;
    }
    sqlite3_bind_int64(q, 1, (sqlite3_int64)getpid());
    sqlite3_bind_text(q, 2, host, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, started, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(q);
    if (rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "claiming the study for writing");
        goto cleanup;
    }
    s = exec(ctx, st, "COMMIT", "claiming the study for writing");
    if (s == NS_OK) {
        st->claimed = true;
    }
cleanup:
    sqlite3_finalize(q);
    if (s != NS_OK) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
    return s;
}

/* Check that the file is a normsim study of this format. */
static ns_status check_format(ns_ctx_t *ctx, const ns_store_t *st)
{
    sqlite3_stmt *q = NULL;
    ns_status s = NS_OK;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                                "name IN ('study', 'points', 'results', 'writer')",
                                -1, &q, NULL);
    if (rc != SQLITE_OK) {
        s = fail(ctx, st, rc, "reading the file");
        goto cleanup;
    }
    rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        s = fail(ctx, st, rc, "reading the file");
        goto cleanup;
    }
    if (sqlite3_column_int(q, 0) != 4) {
        s = ns_error_at(ctx, NS_EINVAL, st->path, 0, 0, NULL,
                        "an SQLite file, but not a normsim study (it lacks the study, points, "
                        "results and writer tables)");
        goto cleanup;
    }
    sqlite3_finalize(q);
    q = NULL;
    rc = sqlite3_prepare_v2(st->db, "SELECT value FROM study WHERE key = 'format'", -1, &q, NULL);
    if (rc != SQLITE_OK) {
        s = fail(ctx, st, rc, "reading the file");
        goto cleanup;
    }
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const char *format = (const char *)sqlite3_column_text(q, 0);
        if (format == NULL || strcmp(format, NS_STORE_FORMAT) != 0) {
            s = ns_error_at(ctx, NS_EINVAL, st->path, 0, 0, NULL,
                            "a study of format '%s', this normsim reads '%s'",
                            format != NULL ? format : "", NS_STORE_FORMAT);
        }
    } else if (rc == SQLITE_DONE) {
        s = ns_error_at(ctx, NS_EINVAL, st->path, 0, 0, NULL,
                        "not a normsim study (no format in its study table)");
    } else {
        s = fail(ctx, st, rc, "reading the file");
    }
cleanup:
    sqlite3_finalize(q);
    return s;
}

static void remove_files(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char name[4096];
    for (size_t i = 0; i < NS_ARRAY_LEN(suffix); i++) {
        if ((size_t)snprintf(name, sizeof name, "%s%s", path, suffix[i]) < sizeof name) {
            unlink(name);
        }
    }
}

/* The SQLite URI of a file ("file:" and the path with %, ? and # escaped), with a
 * query. Every file is opened by URI (SQLITE_OPEN_URI), so that a path is never taken
 * for a URI and read-only flags can be passed to ATTACH. Free with ns_free(). */
static char *uri_of(ns_ctx_t *ctx, const char *path, const char *query)
{
    size_t n = strlen(path);
    char *uri = ns_malloc(ctx, 8 + 3 * n + strlen(query) + 2);
    if (uri == NULL) {
        return NULL;
    }
    /* "file://" + "/abs" keeps an absolute path whose second character is '/' from
     * reading as an authority; a relative path has no slash in front. */
    size_t k = (size_t)sprintf(uri, "%s", path[0] == '/' ? "file://" : "file:");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) {
            k += (size_t)sprintf(uri + k, "%%%02X", c);
        } else {
            uri[k++] = (char)c;
        }
    }
    sprintf(uri + k, "%s%s", query[0] != '\0' ? "?" : "", query);
    return uri;
}

/* The temporary file a new study is made in, beside its final name so that the link
 * stays on one file system: DIR/.NAME.PID-ID.tmp (hidden; ID is the store's address,
 * unique among the live stores of the process). */
static ns_status temp_name(ns_ctx_t *ctx, const ns_store_t *st, char **out)
{
    const char *path = st->path;
    const char *slash = strrchr(path, '/');
    int dir_len = slash != NULL ? (int)(slash - path + 1) : 0;
    const char *base = path + dir_len;
    size_t size = strlen(path) + 64;
    *out = ns_malloc(ctx, size);
    if (*out == NULL) {
        return NS_ENOMEM;
    }
    snprintf(*out, size, "%.*s.%s.%ld-%" PRIxPTR ".tmp", dir_len, path, base, (long)getpid(),
             (uintptr_t)st);
    return NS_OK;
}

/* Remove the temporary files (and their -journal) that earlier creations of the same
 * study left when they were killed: those whose process no longer exists on this host.
 * (On a folder shared between hosts, a live creation on another host with the same pid
 * could lose its temporary file: its publish then fails and says so.) */
static void remove_stale_temps(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (slash == NULL) {
        snprintf(dir, sizeof dir, ".");
    } else {
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) + (slash == path), path);
    }
    const char *base = slash != NULL ? slash + 1 : path;
    size_t base_len = strlen(base);
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        /* ".BASE.PID-ID.tmp" or ".BASE.PID-ID.tmp-journal" */
        if (name[0] != '.' || strncmp(name + 1, base, base_len) != 0 || name[1 + base_len] != '.') {
            continue;
        }
        const char *num = name + 2 + base_len;
        char *end = NULL;
        long pid = strtol(num, &end, 10);
        const char *tmp = end != NULL ? strstr(end, ".tmp") : NULL;
        if (end == num || *end != '-' || pid <= 0 || tmp == NULL ||
            (strcmp(tmp, ".tmp") != 0 && strcmp(tmp, ".tmp-journal") != 0)) {
            continue;
        }
        if ((pid_t)pid == getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) {
            continue; /* Alive (or not ours to judge): leave it. */
        }
        char victim[8192];
        if ((size_t)snprintf(victim, sizeof victim, "%s/%s", dir, name) < sizeof victim) {
            unlink(victim);
        }
    }
    closedir(d);
}

/* Open the SQLite connection of st on `file` (the study, or its temporary file). */
static ns_status open_db(ns_ctx_t *ctx, ns_store_t *st, const char *file, int flags,
                         const char *query, const char *what)
{
    char *uri = uri_of(ctx, file, query);
    if (uri == NULL) {
        return NS_ENOMEM;
    }
    /* Each connection is used by one thread at a time (the study's writer). */
    int rc = sqlite3_open_v2(uri, &st->db, flags | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    ns_free(ctx, uri);
    if (rc != SQLITE_OK) {
        return fail(ctx, st, rc, what);
    }
    sqlite3_extended_result_codes(st->db, 1);
    /* Wait for a transient lock (a reader checkpointing, a writer racing for the claim)
     * rather than failing at once. */
    sqlite3_busy_timeout(st->db, 5000);
    return NS_OK;
}

static void close_db(ns_store_t *st)
{
    sqlite3_finalize(st->put);
    st->put = NULL;
    sqlite3_close(st->db);
    st->db = NULL;
}

/* A read-only open: with SQLITE_OPEN_READONLY first, so that a study being written is
 * read through its write-ahead log. A WAL study whose folder cannot be written (a
 * read-only mount, another user's folder) cannot be read that way when its -shm file is
 * missing: SQLite must create it. Then, if no -wal file holds results, the file alone is
 * the whole study, and it is opened as immutable (no locks, no -shm). */
static ns_status open_read(ns_ctx_t *ctx, ns_store_t *st)
{
    ns_status s = open_db(ctx, st, st->path, SQLITE_OPEN_READONLY, "", "opening the study");
    if (s != NS_OK) {
        return s;
    }
    int rc = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    int primary = rc & 0xff;
    if (primary != SQLITE_CANTOPEN && primary != SQLITE_READONLY) {
        return NS_OK; /* Readable, or an error check_format() reports. */
    }
    close_db(st);
    char wal[4200];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", st->path);
    if (stat(wal, &sb) == 0 && sb.st_size > 0) {
        return ns_error_at(ctx, NS_EIO, st->path, 0, 0, NULL,
                           "cannot be read here: its write-ahead log (%s-wal) holds results "
                           "not yet in the file, and the folder is read-only for this user; "
                           "open it once where it can be written, or copy the study with its "
                           "-wal file to a writable folder",
                           st->path);
    }
    st->immutable = true;
    return open_db(ctx, st, st->path, SQLITE_OPEN_READONLY, "mode=ro&immutable=1",
                   "opening the study");
}

/* Set up a connection opened read-write on an existing study: WAL, the claim. */
static ns_status open_write(ns_ctx_t *ctx, ns_store_t *st, bool takeover)
{
    ns_status s = exec(ctx, st, "PRAGMA journal_mode = WAL", "opening the study for writing");
    if (s == NS_OK) {
        s = exec(ctx, st, "PRAGMA synchronous = NORMAL", "opening the study for writing");
    }
    if (s == NS_OK) {
        s = claim(ctx, st, takeover);
    }
    if (s == NS_OK) {
        s = prepare(ctx, st, "INSERT INTO results(point, replicate, metric, value) VALUES(?,?,?,?)",
                    &st->put, "preparing to write results");
    }
    return s;
}

/* CREATE: a new study in a temporary file beside `path`, in rollback-journal mode (one
 * self-contained file, so that it can be renamed), with the schema and format written;
 * ns_store_publish() puts it in place. */
static ns_status open_create(ns_ctx_t *ctx, ns_store_t *st)
{
    int saved_errno = errno;
    remove_stale_temps(st->path);
    errno = saved_errno;
    ns_status s = temp_name(ctx, st, &st->tmp_path);
    if (s != NS_OK) {
        return s;
    }
    /* Make the file ourselves first: SQLite's own message for a read-only or missing
     * folder does not say which; an empty file is a valid new database. */
    int fd = open(st->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        int e = errno;
        ns_free(ctx, st->tmp_path);
        st->tmp_path = NULL; /* Nothing to remove. */
        return ns_error_at(ctx, NS_EIO, st->path, 0, 0, NULL, "cannot create the study (%s)",
                           strerror(e));
    }
    close(fd);
    s = open_db(ctx, st, st->tmp_path, SQLITE_OPEN_READWRITE, "", "creating the study");
    if (s == NS_OK) {
        s = exec(ctx, st, "BEGIN IMMEDIATE", "creating the study");
    }
    if (s == NS_OK) {
        s = exec(ctx, st, schema, "creating the study");
    }
    if (s == NS_OK) {
        s = exec(ctx, st, "INSERT INTO study(key, value) VALUES('format', '" NS_STORE_FORMAT "')",
                 "creating the study");
    }
    if (s == NS_OK) {
        s = exec(ctx, st, "COMMIT", "creating the study");
    }
    if (s == NS_OK) {
        s = prepare(ctx, st, "INSERT INTO results(point, replicate, metric, value) VALUES(?,?,?,?)",
                    &st->put, "preparing to write results");
    }
    return s;
}

/* Writing a study needs the file and its folder (for the -wal and -shm files): say so
 * plainly rather than SQLite's "cannot open the file (No such file or directory)" when
 * the -shm cannot be made on a read-only file system. */
static ns_status check_writable(ns_ctx_t *ctx, const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        snprintf(dir, sizeof dir, ".");
    } else {
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) + (slash == path), path);
    }
    const char *which = access(path, W_OK) != 0 ? path : access(dir, W_OK) != 0 ? dir : NULL;
    if (which == NULL) {
        return NS_OK;
    }
    int e = errno;
    if (which == dir) {
        /* A folder that cannot be written does for a study whose -wal and -shm files are
         * there and writable (SQLite then makes no file). */
        char wal[4200], shm[4200];
        snprintf(wal, sizeof wal, "%s-wal", path);
        snprintf(shm, sizeof shm, "%s-shm", path);
        if (access(wal, W_OK) == 0 && access(shm, W_OK) == 0) {
            return NS_OK;
        }
    }
    return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL,
                       "cannot be written here: %s%s (%s); the study is unchanged, and report, "
                       "export and merge can still read it",
                       which == dir ? "its folder " : "", which == dir ? dir : "the file",
                       strerror(e));
}

ns_status ns_store_open(ns_ctx_t *ctx, const char *path, ns_store_mode_t mode, ns_store_t **out)
{
    ns_store_t *st = NULL;
    ns_status s = NS_OK;
    *out = NULL;
    struct stat sb;
    /* lstat: a new study is never made through a symbolic link; an existing study is
     * read through one (stat below). */
    bool exists = lstat(path, &sb) == 0;
    if (mode == NS_STORE_CREATE && exists) {
        if (S_ISLNK(sb.st_mode)) {
            return ns_error_at(ctx, NS_EINVAL, path, 0, 0, NULL,
                               "a symbolic link; a new study is never written through one "
                               "(remove it, or choose another name)");
        }
        return ns_error_at(ctx, NS_EINVAL, path, 0, 0, NULL,
                           "the file exists; finish that study with --resume %s, or remove it",
                           path);
    }
    if (mode != NS_STORE_CREATE) {
        if (stat(path, &sb) != 0) {
            return ns_error_at(ctx, NS_ENOTFOUND, path, 0, 0, NULL, "no such file (%s)",
                               strerror(errno));
        }
        /* SQLite would block on opening a FIFO and read a device. */
        if (!S_ISREG(sb.st_mode)) {
            return ns_error_at(ctx, NS_EINVAL, path, 0, 0, NULL, "not a regular file (%s)",
                               S_ISDIR(sb.st_mode)    ? "a folder"
                               : S_ISFIFO(sb.st_mode) ? "a FIFO"
                                                      : "a device or socket");
        }
    }
    st = ns_calloc(ctx, 1, sizeof *st);
    if (st != NULL) {
        /* Before anything can fail: ns_store_close() frees through it (a failed strdup
         * here crashed there; found by tests/unit/test_faults.c). */
        st->ctx = ctx;
    }
    if (st == NULL || (st->path = ns_strdup(ctx, path)) == NULL) {
        s = NS_ENOMEM;
        goto cleanup;
    }
    st->read_only = mode == NS_STORE_READ;
    if (mode == NS_STORE_CREATE) {
        s = open_create(ctx, st);
        goto cleanup;
    }
    if (mode != NS_STORE_READ) {
        s = check_writable(ctx, path);
        if (s != NS_OK) {
            goto cleanup;
        }
    }
    s = mode == NS_STORE_READ
            ? open_read(ctx, st)
            : open_db(ctx, st, path, SQLITE_OPEN_READWRITE, "", "opening the study");
    if (s == NS_OK) {
        s = check_format(ctx, st);
    }
    if (s == NS_OK && mode != NS_STORE_READ) {
        s = open_write(ctx, st, mode == NS_STORE_TAKEOVER);
    }
cleanup:
    if (s == NS_OK) {
        *out = st;
    } else {
        ns_store_close(st);
    }
    return s;
}

ns_status ns_store_publish(ns_ctx_t *ctx, ns_store_t *st)
{
    if (st->tmp_path == NULL) {
        return NS_OK;
    }
    if (!sqlite3_get_autocommit(st->db)) {
        return ns_error_at(ctx, NS_EINTERNAL, st->path, 0, 0, NULL,
                           "published inside a transaction");
    }
    /* Close first: in rollback-journal mode, after its last commit, the file is the
     * whole study; nothing else (no -journal) belongs to it. */
    close_db(st);
    /* link, not rename: it never replaces a file made under that name meanwhile. */
    ns_status s = NS_OK;
    struct stat sb;
    if (link(st->tmp_path, st->path) == 0) {
        unlink(st->tmp_path);
    } else if (errno == EEXIST) {
        s = ns_error_at(ctx, NS_EINVAL, st->path, 0, 0, NULL,
                        "made by another process while this study was being created; not "
                        "replaced (nothing was kept)");
    } else if (lstat(st->path, &sb) == 0 || rename(st->tmp_path, st->path) != 0) {
        /* A file system without hard links: rename after one more check. */
        s = ns_error_at(ctx, NS_EIO, st->path, 0, 0, NULL,
                        "cannot move the new study into place (%s); nothing was kept",
                        strerror(errno));
    }
    if (s != NS_OK) {
        return s; /* ns_store_close() removes the temporary file. */
    }
    ns_free(ctx, st->tmp_path);
    st->tmp_path = NULL;
    /* From here on the study is in place and complete: a failure below leaves a study
     * that --resume finishes. */
    st->read_only = false;
    s = open_db(ctx, st, st->path, SQLITE_OPEN_READWRITE, "", "opening the new study");
    if (s == NS_OK) {
        s = open_write(ctx, st, false);
    }
    return s;
}

void ns_store_close(ns_store_t *st)
{
    if (st == NULL) {
        return;
    }
    sqlite3_finalize(st->put);
    if (st->db != NULL) {
        if (st->claimed) {
            char sql[128];
            snprintf(sql, sizeof sql, "DELETE FROM writer WHERE id = 1 AND pid = %lld",
                     (long long)getpid());
            sqlite3_exec(st->db, sql, NULL, NULL, NULL);
        }
        sqlite3_close(st->db);
    }
    ns_ctx_t *ctx = st->ctx;
    if (st->tmp_path != NULL) {
        remove_files(st->tmp_path); /* Never published: nothing is kept. */
    }
    ns_free(ctx, st->tmp_path);
    ns_free(ctx, st->path);
    ns_free(ctx, st);
}

const char *ns_store_path(const ns_store_t *store)
{
    return store->path;
}

/* ---- Provenance, points, results ---------------------------------------------------- */

ns_status ns_store_set_meta(ns_ctx_t *ctx, ns_store_t *st, const char *key, const char *value)
{
    sqlite3_stmt *q = NULL;
    ns_status s = prepare(ctx, st, "INSERT OR REPLACE INTO study(key, value) VALUES(?, ?)", &q,
                          "writing the study's provenance");
    if (s != NS_OK) {
        return s;
    }
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "writing the study's provenance");
    }
    sqlite3_finalize(q);
    return s;
}

ns_status ns_store_get_meta(ns_ctx_t *ctx, const ns_store_t *st, const char *key, char **value)
{
    sqlite3_stmt *q = NULL;
    *value = NULL;
    ns_status s = prepare(ctx, st, "SELECT value FROM study WHERE key = ?", &q,
                          "reading the study's provenance");
    if (s != NS_OK) {
        return s;
    }
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(q, 0);
        *value = ns_strdup(ctx, v != NULL ? v : "");
        s = *value != NULL ? NS_OK : NS_ENOMEM;
    } else if (rc == SQLITE_DONE) {
        s = ns_error_at(ctx, NS_ENOTFOUND, st->path, 0, 0, key, "not in the study's provenance");
    } else {
        s = fail(ctx, st, rc, "reading the study's provenance");
    }
    sqlite3_finalize(q);
    return s;
}

ns_status ns_store_add_point(ns_ctx_t *ctx, ns_store_t *st, uint32_t point, size_t n,
                             const char *const *params, const char *const *values)
{
    sqlite3_stmt *q = NULL;
    ns_status s = prepare(ctx, st, "INSERT INTO points(point, idx, param, value) VALUES(?,?,?,?)",
                          &q, "writing the grid");
    for (size_t i = 0; s == NS_OK && i < n; i++) {
        sqlite3_bind_int64(q, 1, point);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
        sqlite3_bind_text(q, 3, params[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, values[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        if (rc != SQLITE_DONE) {
            s = fail(ctx, st, rc, "writing the grid");
        }
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return s;
}

ns_status ns_store_begin(ns_ctx_t *ctx, ns_store_t *st)
{
    return exec(ctx, st, "BEGIN IMMEDIATE", "starting a transaction");
}

ns_status ns_store_commit(ns_ctx_t *ctx, ns_store_t *st)
{
    ns_status s = exec(ctx, st, "COMMIT", "committing results");
    if (s != NS_OK) {
        ns_store_rollback(st);
    }
    return s;
}

void ns_store_rollback(ns_store_t *st)
{
    if (st != NULL && st->db != NULL && !sqlite3_get_autocommit(st->db)) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
}

ns_status ns_store_put(ns_ctx_t *ctx, ns_store_t *st, uint32_t point, uint32_t replicate,
                       const char *metric, double value)
{
    if (st->put == NULL) {
        return ns_error_at(ctx, NS_EINVAL, st->path, 0, 0, NULL, "opened read-only");
    }
    sqlite3_bind_int64(st->put, 1, point);
    sqlite3_bind_int64(st->put, 2, replicate);
    sqlite3_bind_text(st->put, 3, metric, -1, SQLITE_STATIC);
    if (isnan(value)) {
        sqlite3_bind_null(st->put, 4);
    } else {
        sqlite3_bind_double(st->put, 4, value);
    }
    int rc = sqlite3_step(st->put);
    sqlite3_reset(st->put);
    if (rc == SQLITE_DONE) {
        return NS_OK;
    }
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        return ns_error_at(ctx, NS_EINVAL, st->path, 0, 0, metric,
                           "point %u replicate %u already has a result", (unsigned)point,
                           (unsigned)replicate);
    }
    return fail(ctx, st, rc, "writing results");
}

ns_status ns_store_replicates_done(ns_ctx_t *ctx, const ns_store_t *st, uint32_t point,
                                   uint32_t runs, uint8_t *done, uint32_t *n_done)
{
    sqlite3_stmt *q = NULL;
    uint32_t n = 0;
    memset(done, 0, runs);
    ns_status s = prepare(ctx, st, "SELECT DISTINCT replicate FROM results WHERE point = ?", &q,
                          "reading finished replicates");
    if (s != NS_OK) {
        return s;
    }
    sqlite3_bind_int64(q, 1, point);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 r = sqlite3_column_int64(q, 0);
        if (r >= 0 && r < (sqlite3_int64)runs && !done[r]) {
            done[r] = 1;
            n++;
        }
    }
    if (rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "reading finished replicates");
    }
    sqlite3_finalize(q);
    if (n_done != NULL) {
        *n_done = n;
    }
    return s;
}

ns_status ns_store_count(ns_ctx_t *ctx, const ns_store_t *st, uint64_t *rows, uint64_t *replicates)
{
    sqlite3_stmt *q = NULL;
    ns_status s = prepare(ctx, st,
                          "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT point, "
                          "replicate FROM results)) FROM results",
                          &q, "counting results");
    if (s != NS_OK) {
        return s;
    }
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        if (rows != NULL) {
            *rows = (uint64_t)sqlite3_column_int64(q, 0);
        }
        if (replicates != NULL) {
            *replicates = (uint64_t)sqlite3_column_int64(q, 1);
        }
    } else {
        s = fail(ctx, st, rc, "counting results");
    }
    sqlite3_finalize(q);
    return s;
}

/* ---- Summary -------------------------------------------------------------------------- */

/* Welford's running mean and variance, stable where sum-of-squares is not. */
typedef struct acc {
    char *metric;
    uint64_t n;
    double mean;
    double m2;
} acc_t;

typedef struct summary {
    ns_ctx_t *ctx;
    ns_rows_t *rows;
    size_t n_params;
    char **param_values; /* Of the current point. */
    acc_t *accs;
    size_t n_accs, cap_accs;
} summary_t;

static int acc_cmp(const void *a, const void *b)
{
    return strcmp(((const acc_t *)a)->metric, ((const acc_t *)b)->metric);
}

static ns_status flush_point(summary_t *sm, sqlite3_int64 point)
{
    ns_status s = NS_OK;
    qsort(sm->accs, sm->n_accs, sizeof *sm->accs, acc_cmp);
    for (size_t k = 0; s == NS_OK && k < sm->n_accs; k++) {
        const acc_t *a = &sm->accs[k];
        size_t col = 0;
        double sd = a->n > 1 ? sqrt(a->m2 / (double)(a->n - 1)) : NAN;
        double se = a->n > 1 ? sd / sqrt((double)a->n) : NAN;
        double mean = a->n > 0 ? a->mean : NAN;
        s = ns_rows_add(sm->rows);
        if (s == NS_OK) {
            s = ns_rows_setf(sm->rows, col++, "%lld", (long long)point);
        }
        for (size_t i = 0; s == NS_OK && i < sm->n_params; i++) {
            s = ns_rows_set(sm->rows, col++,
                            sm->param_values[i] != NULL ? sm->param_values[i] : "");
        }
        if (s == NS_OK) {
            s = ns_rows_set(sm->rows, col++, a->metric);
        }
        if (s == NS_OK) {
            s = ns_rows_setf(sm->rows, col++, "%llu", (unsigned long long)a->n);
        }
        const double v[] = {mean, sd, se, mean - 1.96 * se, mean + 1.96 * se};
        for (size_t i = 0; s == NS_OK && i < NS_ARRAY_LEN(v); i++) {
            s = ns_rows_set_num(sm->rows, col++, v[i], 12);
        }
    }
    for (size_t k = 0; k < sm->n_accs; k++) {
        ns_free(sm->ctx, sm->accs[k].metric);
    }
    sm->n_accs = 0;
    return s;
}

/* Read the parameter values of a point into sm->param_values. */
static ns_status load_point(ns_ctx_t *ctx, const ns_store_t *st, sqlite3_stmt *q, summary_t *sm,
                            sqlite3_int64 point)
{
    ns_status s = NS_OK;
    for (size_t i = 0; i < sm->n_params; i++) {
        ns_free(ctx, sm->param_values[i]);
        sm->param_values[i] = NULL;
    }
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, point);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 idx = sqlite3_column_int64(q, 0);
        const char *v = (const char *)sqlite3_column_text(q, 1);
        if (idx >= 0 && (size_t)idx < sm->n_params) {
            sm->param_values[idx] = ns_strdup(ctx, v != NULL ? v : "");
            if (sm->param_values[idx] == NULL) {
                return NS_ENOMEM;
            }
        }
    }
    if (rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "reading the grid");
    }
    return s;
}

ns_status ns_store_summary(ns_ctx_t *ctx, const ns_store_t *st, ns_rows_t **out)
{
    sqlite3_stmt *names = NULL, *pq = NULL, *rq = NULL;
    const char **columns = NULL;
    char **params = NULL;
    summary_t sm;
    memset(&sm, 0, sizeof sm);
    sm.ctx = ctx;
    *out = NULL;
    ns_status s = prepare(ctx, st, "SELECT param FROM points WHERE point = 0 ORDER BY idx", &names,
                          "reading the grid");
    size_t cap = 0;
    int rc;
    while (s == NS_OK && (rc = sqlite3_step(names)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(names, 0);
        s = ns_grow(ctx, (void **)&params, &cap, sm.n_params + 1, sizeof *params);
        if (s == NS_OK &&
            (params[sm.n_params] = ns_strdup(ctx, name != NULL ? name : "")) == NULL) {
            s = NS_ENOMEM;
        }
        if (s == NS_OK) {
            sm.n_params++;
        }
    }
    if (s == NS_OK && rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "reading the grid");
    }
    if (s != NS_OK) {
        goto cleanup;
    }
    static const char *const tail[] = {"metric", "n", "mean", "sd", "se", "ci_low", "ci_high"};
    size_t n_cols = 1 + sm.n_params + NS_ARRAY_LEN(tail);
    columns = ns_calloc(ctx, n_cols, sizeof *columns);
    sm.param_values = ns_calloc(ctx, sm.n_params + 1, sizeof *sm.param_values);
    if (columns == NULL || sm.param_values == NULL) {
        s = NS_ENOMEM;
        goto cleanup;
    }
    columns[0] = "point";
    for (size_t i = 0; i < sm.n_params; i++) {
        columns[1 + i] = params[i];
    }
    for (size_t i = 0; i < NS_ARRAY_LEN(tail); i++) {
        columns[1 + sm.n_params + i] = tail[i];
    }
    s = ns_rows_new(ctx, columns, n_cols, &sm.rows);
    if (s == NS_OK) {
        s = prepare(ctx, st, "SELECT idx, value FROM points WHERE point = ?", &pq,
                    "reading the grid");
    }
    if (s == NS_OK) {
        /* The primary key's order: no sort, one pass, memory bounded by the metrics of
         * one point. */
        s = prepare(ctx, st,
                    "SELECT point, metric, value FROM results ORDER BY point, replicate, metric",
                    &rq, "reading results");
    }
    sqlite3_int64 current = -1;
    while (s == NS_OK && (rc = sqlite3_step(rq)) == SQLITE_ROW) {
        sqlite3_int64 point = sqlite3_column_int64(rq, 0);
        const char *metric = (const char *)sqlite3_column_text(rq, 1);
        if (point != current) {
            if (current >= 0) {
                s = flush_point(&sm, current);
            }
            if (s == NS_OK) {
                s = load_point(ctx, st, pq, &sm, point);
            }
            current = point;
        }
        size_t k = 0;
        while (s == NS_OK && k < sm.n_accs && strcmp(sm.accs[k].metric, metric) != 0) {
            k++;
        }
        if (s == NS_OK && k == sm.n_accs) {
            s = ns_grow(ctx, (void **)&sm.accs, &sm.cap_accs, k + 1, sizeof *sm.accs);
            if (s == NS_OK) {
                memset(&sm.accs[k], 0, sizeof sm.accs[k]);
                sm.accs[k].metric = ns_strdup(ctx, metric != NULL ? metric : "");
                s = sm.accs[k].metric != NULL ? NS_OK : NS_ENOMEM;
                if (s == NS_OK) {
                    sm.n_accs++;
                }
            }
        }
        if (s == NS_OK && sqlite3_column_type(rq, 2) != SQLITE_NULL) {
            acc_t *a = &sm.accs[k];
            double x = sqlite3_column_double(rq, 2);
            a->n++;
            double d = x - a->mean;
            a->mean += d / (double)a->n;
            a->m2 += d * (x - a->mean);
        }
    }
    if (s == NS_OK && rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "reading results");
    }
    if (s == NS_OK && current >= 0) {
        s = flush_point(&sm, current);
    }
    if (s == NS_OK) {
        *out = sm.rows;
        sm.rows = NULL;
    }
cleanup:
    sqlite3_finalize(names);
    sqlite3_finalize(pq);
    sqlite3_finalize(rq);
    for (size_t k = 0; k < sm.n_accs; k++) {
        ns_free(ctx, sm.accs[k].metric);
    }
    ns_free(ctx, sm.accs);
    for (size_t i = 0; i < sm.n_params; i++) {
        ns_free(ctx, params[i]);
        if (sm.param_values != NULL) {
            ns_free(ctx, sm.param_values[i]);
        }
    }
    ns_free(ctx, sm.param_values);
    ns_free(ctx, params);
    ns_free(ctx, columns);
    ns_rows_free(sm.rows);
    return s;
}

/* ---- Export ---------------------------------------------------------------------------- */

/* A CSV field, quoted only when it must be (RFC 4180). */
static ns_status export_results(ns_ctx_t *ctx, const ns_store_t *st, FILE *out)
{
    sqlite3_stmt *q = NULL;
    ns_status s = prepare(ctx, st,
                          "SELECT point, replicate, metric, value FROM results "
                          "ORDER BY point, replicate, metric",
                          &q, "reading results");
    if (s != NS_OK) {
        return s;
    }
    fputs("point,replicate,metric,value\n", out);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        fprintf(out, "%lld,%lld,", (long long)sqlite3_column_int64(q, 0),
                (long long)sqlite3_column_int64(q, 1));
        const char *metric = (const char *)sqlite3_column_text(q, 2);
        ns_csv_write_cell(out, metric != NULL ? metric : "");
        if (sqlite3_column_type(q, 3) == SQLITE_NULL) {
            fputs(",\n", out);
        } else {
            /* 17 significant digits: the double reads back exactly. */
            fprintf(out, ",%.17g\n", sqlite3_column_double(q, 3));
        }
    }
    if (rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "reading results");
    }
    sqlite3_finalize(q);
    return s;
}

static ns_status export_points(ns_ctx_t *ctx, const ns_store_t *st, FILE *out)
{
    sqlite3_stmt *q = NULL;
    ns_status s = prepare(ctx, st, "SELECT param FROM points WHERE point = 0 ORDER BY idx", &q,
                          "reading the grid");
    if (s != NS_OK) {
        return s;
    }
    fputs("point", out);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 0);
        fputc(',', out);
        ns_csv_write_cell(out, name != NULL ? name : "");
    }
    fputc('\n', out);
    sqlite3_finalize(q);
    q = NULL;
    if (rc != SQLITE_DONE) {
        return fail(ctx, st, rc, "reading the grid");
    }
    s = prepare(ctx, st, "SELECT point, value FROM points ORDER BY point, idx", &q,
                "reading the grid");
    if (s != NS_OK) {
        return s;
    }
    sqlite3_int64 current = -1;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 point = sqlite3_column_int64(q, 0);
        const char *v = (const char *)sqlite3_column_text(q, 1);
        if (point != current) {
            if (current >= 0) {
                fputc('\n', out);
            }
            fprintf(out, "%lld", (long long)point);
            current = point;
        }
        fputc(',', out);
        ns_csv_write_cell(out, v != NULL ? v : "");
    }
    if (current >= 0) {
        fputc('\n', out);
    }
    if (rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "reading the grid");
    }
    sqlite3_finalize(q);
    return s;
}

static ns_status export_study(ns_ctx_t *ctx, const ns_store_t *st, FILE *out)
{
    sqlite3_stmt *q = NULL;
    ns_status s = prepare(ctx, st, "SELECT key, value FROM study ORDER BY key", &q,
                          "reading the study's provenance");
    if (s != NS_OK) {
        return s;
    }
    fputs("key,value\n", out);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0);
        const char *v = (const char *)sqlite3_column_text(q, 1);
        ns_csv_write_cell(out, k != NULL ? k : "");
        fputc(',', out);
        ns_csv_write_cell(out, v != NULL ? v : "");
        fputc('\n', out);
    }
    if (rc != SQLITE_DONE) {
        s = fail(ctx, st, rc, "reading the study's provenance");
    }
    sqlite3_finalize(q);
    return s;
}

ns_status ns_store_export(ns_ctx_t *ctx, const ns_store_t *st, const char *table, FILE *out)
{
    ns_status s;
    if (strcmp(table, "results") == 0) {
        s = export_results(ctx, st, out);
    } else if (strcmp(table, "points") == 0) {
        s = export_points(ctx, st, out);
    } else if (strcmp(table, "study") == 0) {
        s = export_study(ctx, st, out);
    } else if (strcmp(table, "summary") == 0) {
        ns_rows_t *rows = NULL;
        s = ns_store_summary(ctx, st, &rows);
        if (s == NS_OK) {
            s = ns_rows_write(ctx, rows, NS_FORMAT_CSV, NULL, out);
        }
        ns_rows_free(rows);
    } else {
        return ns_error_at(ctx, NS_ENOTFOUND, st->path, 0, 0, NULL,
                           "no table '%s' (tables: results, points, study, summary)", table);
    }
    if (s == NS_OK && (fflush(out) != 0 || ferror(out))) {
        s = ns_error(ctx, NS_EIO, "writing the %s table failed (%s)", table, strerror(errno));
    }
    return s;
}

/* ---- Merge ---------------------------------------------------------------------------- */

static ns_status same_study(ns_ctx_t *ctx, const ns_store_t *first, const ns_store_t *other)
{
    ns_status s = NS_OK;
    /* The actor table, recorded only by the studies of a table model, must agree too:
     * absent from both is agreement. */
    for (size_t i = 0; s == NS_OK && i <= NS_ARRAY_LEN(study_key); i++) {
        const char *key = i < NS_ARRAY_LEN(study_key) ? study_key[i] : "table";
        char *a = NULL, *b = NULL;
        s = ns_store_get_meta(ctx, first, key, &a);
        if (i == NS_ARRAY_LEN(study_key)) {
            ns_status t = ns_store_get_meta(ctx, other, key, &b);
            if (s == NS_ENOTFOUND && t == NS_ENOTFOUND) {
                ns_ctx_clear_error(ctx);
                s = NS_OK;
                break;
            }
            s = s != NS_OK ? s : t;
        } else if (s == NS_OK) {
            s = ns_store_get_meta(ctx, other, key, &b);
        }
        if (s == NS_OK && strcmp(a, b) != 0) {
            s = ns_error_at(ctx, NS_EINVAL, other->path, 0, 0, key,
                            "a different study from %s (its %s differs: '%.60s' against "
                            "'%.60s'); only shards of one study can be merged",
                            first->path, key, b, a);
        }
        ns_free(ctx, a);
        ns_free(ctx, b);
    }
    return s;
}

/* Copy one shard's grid and results into the output inside one transaction. The shard
 * is attached read-only (immutable when it had to be opened so, see open_read()). */
static ns_status merge_one(ns_ctx_t *ctx, ns_store_t *out, const char *shard, bool immutable)
{
    sqlite3_stmt *q = NULL;
    char *uri = uri_of(ctx, shard, immutable ? "mode=ro&immutable=1" : "mode=ro");
    if (uri == NULL) {
        return NS_ENOMEM;
    }
    ns_status s = prepare(ctx, out, "ATTACH DATABASE ? AS shard", &q, "attaching a shard");
    if (s != NS_OK) {
        ns_free(ctx, uri);
        return s;
    }
    sqlite3_bind_text(q, 1, uri, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    ns_free(ctx, uri);
    q = NULL;
    if (rc != SQLITE_DONE) {
        return db_fail(ctx, shard, out->db, rc, "attaching the shard");
    }
    s = ns_store_begin(ctx, out);
    if (s != NS_OK) {
        goto detach;
    }
    s = prepare(ctx, out,
                "SELECT r.point, r.replicate, r.metric FROM shard.results r JOIN main.results m "
                "USING (point, replicate, metric) WHERE r.value IS NOT m.value LIMIT 1",
                &q, "comparing shards");
    if (s == NS_OK) {
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            s = ns_error_at(ctx, NS_EINVAL, shard, 0, 0, NULL,
                            "point %lld replicate %lld metric %s differs from an earlier shard; "
                            "the shards were not made by the same program",
                            (long long)sqlite3_column_int64(q, 0),
                            (long long)sqlite3_column_int64(q, 1),
                            (const char *)sqlite3_column_text(q, 2));
        } else if (rc != SQLITE_DONE) {
            s = db_fail(ctx, shard, out->db, rc, "comparing shards");
        }
    }
    sqlite3_finalize(q);
    if (s == NS_OK) {
        s = exec(ctx, out, "INSERT OR IGNORE INTO main.points SELECT * FROM shard.points",
                 "merging the grid");
    }
    if (s == NS_OK) {
        s = exec(ctx, out, "INSERT OR IGNORE INTO main.results SELECT * FROM shard.results",
                 "merging results");
    }
    if (s == NS_OK) {
        s = ns_store_commit(ctx, out);
    } else {
        ns_store_rollback(out);
    }
detach:
    sqlite3_exec(out->db, "DETACH DATABASE shard", NULL, NULL, NULL);
    return s;
}

/* What a merge knows of each input: which file it is and which shard it holds. */
typedef struct shard_info {
    dev_t dev;
    ino_t ino;
    bool immutable;
    bool sharded; /* shard is "I/N"; false for "merged" or none recorded. */
    uint32_t index, count;
} shard_info_t;

/* Read one input's identity and shard; refuse a file given twice. */
static ns_status shard_identify(ns_ctx_t *ctx, const ns_store_t *st, const char *const *shards,
                                size_t i, shard_info_t *info)
{
    struct stat sb;
    if (stat(shards[i], &sb) != 0) {
        return ns_error_at(ctx, NS_ENOTFOUND, shards[i], 0, 0, NULL, "no such file (%s)",
                           strerror(errno));
    }
    info[i].dev = sb.st_dev;
    info[i].ino = sb.st_ino;
    info[i].immutable = st->immutable;
    for (size_t j = 0; j < i; j++) {
        if (info[j].dev == info[i].dev && info[j].ino == info[i].ino) {
            return ns_error_at(ctx, NS_EINVAL, shards[i], 0, 0, NULL,
                               "the same file as %s, given twice; each shard is merged once",
                               shards[j]);
        }
    }
    char *shard = NULL;
    ns_status s = ns_store_get_meta(ctx, st, "shard", &shard);
    if (s == NS_ENOTFOUND) {
        ns_ctx_clear_error(ctx);
        return NS_OK; /* No shard recorded: which replicates it holds is not known. */
    }
    if (s != NS_OK) {
        return s;
    }
    unsigned idx = 0, cnt = 0;
    int end = 0;
    if (sscanf(shard, "%u/%u%n", &idx, &cnt, &end) == 2 && shard[end] == '\0' && cnt > 0 &&
        idx < cnt) {
        info[i].sharded = true;
        info[i].index = idx;
        info[i].count = cnt;
    }
    ns_free(ctx, shard);
    for (size_t j = 0; info[i].sharded && j < i; j++) {
        if (info[j].sharded && info[j].count != info[i].count) {
            return ns_error_at(ctx, NS_EINVAL, shards[i], 0, 0, "shard",
                               "shard %u/%u, but %s is a shard of %u; only the shards of one "
                               "run can be merged",
                               info[i].index, info[i].count, shards[j], info[j].count);
        }
        if (info[j].sharded && info[j].index == info[i].index) {
            return ns_error_at(ctx, NS_EINVAL, shards[i], 0, 0, "shard",
                               "holds shard %u/%u, as %s does; a shard given twice", info[i].index,
                               info[i].count, shards[j]);
        }
    }
    return NS_OK;
}

/* Append "I/N" of every shard index in [0, count) that is (want_given) or is not among
 * the inputs to buf, comma-separated; the number listed in *listed. */
static void shard_list(const shard_info_t *info, size_t n, uint32_t count, bool want_given,
                       char *buf, size_t size, size_t *listed)
{
    size_t len = 0;
    *listed = 0;
    buf[0] = '\0';
    for (uint32_t k = 0; k < count; k++) {
        bool given = false;
        for (size_t i = 0; i < n && !given; i++) {
            given = info[i].sharded && info[i].index == k;
        }
        if (given != want_given) {
            continue;
        }
        if (len + 32 >= size) {
            snprintf(buf + len, size - len, ", ...");
            len = strlen(buf);
            (*listed)++;
            continue;
        }
        len +=
            (size_t)snprintf(buf + len, size - len, "%s%u/%u", *listed > 0 ? ", " : "", k, count);
        (*listed)++;
    }
}

ns_status ns_store_merge(ns_ctx_t *ctx, ns_store_t *out, const char *const *shards, size_t n,
                         bool partial)
{
    ns_store_t *first = NULL, *other = NULL;
    sqlite3_stmt *q = NULL;
    shard_info_t *info = NULL;
    char given[512], missing[512];
    size_t n_given = 0, n_missing = 0;
    ns_status s = NS_OK;
    if (n == 0) {
        return ns_error(ctx, NS_EINVAL, "no shard to merge");
    }
    info = ns_calloc(ctx, n, sizeof *info);
    if (info == NULL) {
        return NS_ENOMEM;
    }
    s = ns_store_open(ctx, shards[0], NS_STORE_READ, &first);
    if (s == NS_OK) {
        s = shard_identify(ctx, first, shards, 0, info);
    }
    for (size_t i = 1; s == NS_OK && i < n; i++) {
        s = ns_store_open(ctx, shards[i], NS_STORE_READ, &other);
        if (s == NS_OK) {
            s = same_study(ctx, first, other);
        }
        if (s == NS_OK) {
            s = shard_identify(ctx, other, shards, i, info);
        }
        ns_store_close(other);
        other = NULL;
    }
    if (s != NS_OK) {
        goto cleanup;
    }
    /* Which shards are there, and which are missing. An input without a shard index
     * (a merged study, or none recorded) leaves the set unknown. */
    uint32_t count = 0;
    bool unknown = false;
    for (size_t i = 0; i < n; i++) {
        if (info[i].sharded) {
            count = info[i].count;
        } else {
            unknown = true;
        }
    }
    shard_list(info, n, count, true, given, sizeof given, &n_given);
    shard_list(info, n, count, false, missing, sizeof missing, &n_missing);
    if (!partial && unknown) {
        for (size_t i = 0; i < n; i++) {
            if (!info[i].sharded) {
                s = ns_error_at(ctx, NS_EINVAL, shards[i], 0, 0, "shard",
                                "not a shard of a sharded run (a merged study, or no shard "
                                "recorded): which replicates it holds cannot be checked; "
                                "merge with --partial to accept it");
                goto cleanup;
            }
        }
    }
    if (!partial && n_missing > 0) {
        s = ns_error(ctx, NS_EINVAL,
                     "%zu of the %" PRIu32 " shards of the study are missing (%s; given %s); "
                     "name every shard, or merge with --partial to keep only these",
                     n_missing, count, missing, given);
        goto cleanup;
    }
    /* The provenance of the first shard, but for what makes this file the merge. */
    s = prepare(ctx, first, "SELECT key, value FROM study WHERE key NOT IN ('format', 'shard')", &q,
                "reading the study's provenance");
    int rc;
    while (s == NS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        s = ns_store_set_meta(ctx, out, (const char *)sqlite3_column_text(q, 0),
                              (const char *)sqlite3_column_text(q, 1));
    }
    if (s == NS_OK && rc != SQLITE_DONE) {
        s = fail(ctx, first, rc, "reading the study's provenance");
    }
    sqlite3_finalize(q);
    q = NULL;
    ns_store_close(first);
    first = NULL;
    char number[32];
    snprintf(number, sizeof number, "%zu", n);
    if (s == NS_OK) {
        s = ns_store_set_meta(ctx, out, "shard", "merged");
    }
    if (s == NS_OK) {
        s = ns_store_set_meta(ctx, out, "merged_from", number);
    }
    /* What was kept, for the reader of the merged study: the shards merged and those
     * missing ("" when complete; "unknown" when an input had no shard index). */
    if (s == NS_OK) {
        s = ns_store_set_meta(ctx, out, "merged_shards", given);
    }
    if (s == NS_OK) {
        s = ns_store_set_meta(ctx, out, "missing_shards", unknown ? "unknown" : missing);
    }
    for (size_t i = 0; s == NS_OK && i < n; i++) {
        s = merge_one(ctx, out, shards[i], info[i].immutable);
    }
cleanup:
    sqlite3_finalize(q);
    ns_store_close(first);
    ns_free(ctx, info);
    return s;
}
