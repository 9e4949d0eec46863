/* normsim serve: run this program as a child for one API request. No shell: posix_spawn
 * with an argv; stdout through a pipe up to a cap; the first line of stderr kept; a
 * wall-clock limit after which the child is killed; at most N children at once.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* pipe2(O_CLOEXEC): no other thread's child inherits our pipes. */
#include "serve.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_free = PTHREAD_COND_INITIALIZER;
static unsigned slots_max = 2;
static unsigned slots_used;

void serve_child_init(unsigned slots)
{
    pthread_mutex_lock(&slot_lock);
    slots_max = slots > 0 ? slots : 1;
    pthread_mutex_unlock(&slot_lock);
}

static void slot_take(void)
{
    pthread_mutex_lock(&slot_lock);
    while (slots_used >= slots_max) {
        pthread_cond_wait(&slot_free, &slot_lock);
    }
    slots_used++;
    pthread_mutex_unlock(&slot_lock);
}

static void slot_give(void)
{
    pthread_mutex_lock(&slot_lock);
    slots_used--;
    pthread_cond_signal(&slot_free);
    pthread_mutex_unlock(&slot_lock);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void serve_child_result_free(serve_child_result_t *res)
{
    if (res != NULL) {
        free(res->out);
        res->out = NULL;
    }
}

/* Keep the first line of stderr (what the CLI prints as "normsim: ..."). */
static void keep_message(serve_child_result_t *res, size_t *len, const char *buf, size_t n)
{
    for (size_t i = 0; i < n && *len + 1 < sizeof res->message; i++) {
        if (memchr(res->message, '\n', *len) != NULL) {
            return;
        }
        res->message[(*len)++] = buf[i];
        res->message[*len] = '\0';
    }
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

int serve_child_run(const char *exe, char *const argv[], const char *input, int timeout_ms,
                    size_t cap, serve_child_result_t *res)
{
    int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, in_pipe[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    bool fa_ready = false, attr_ready = false;
    pid_t pid = -1;
    int rc = -1;
    size_t cap_alloc = 0, msg_len = 0, in_off = 0, in_len = input != NULL ? strlen(input) : 0;
    memset(res, 0, sizeof *res);
    res->exit_code = -1;

    slot_take();
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 ||
        (input != NULL && pipe2(in_pipe, O_CLOEXEC) != 0)) {
        snprintf(res->message, sizeof res->message, "cannot make a pipe: %s", strerror(errno));
        goto cleanup;
    }
    if (posix_spawn_file_actions_init(&fa) != 0) {
        snprintf(res->message, sizeof res->message, "out of memory");
        goto cleanup;
    }
    fa_ready = true;
    /* The server blocks SIGINT and SIGTERM and ignores SIGPIPE; the child starts clean. */
    sigset_t none, deflt;
    sigemptyset(&none);
    sigemptyset(&deflt);
    sigaddset(&deflt, SIGPIPE);
    sigaddset(&deflt, SIGINT);
    sigaddset(&deflt, SIGTERM);
    if (posix_spawnattr_init(&attr) != 0) {
        snprintf(res->message, sizeof res->message, "out of memory");
        goto cleanup;
    }
    attr_ready = true;
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &deflt);
    /* Its own process group: the time limit also ends what it started (gnuplot). */
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETPGROUP);
    if (input != NULL) {
        posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
    } else {
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    int e = posix_spawn(&pid, exe, &fa, &attr, argv, environ);
    if (e != 0) {
        pid = -1;
        snprintf(res->message, sizeof res->message, "cannot start %s: %s", exe, strerror(e));
        goto cleanup;
    }
    close_fd(&out_pipe[1]);
    close_fd(&err_pipe[1]);
    close_fd(&in_pipe[0]);
    if (in_pipe[1] >= 0) {
        fcntl(in_pipe[1], F_SETFL, fcntl(in_pipe[1], F_GETFL) | O_NONBLOCK);
    }
    if (in_len == 0) {
        close_fd(&in_pipe[1]);
    }

    long long deadline = now_ms() + timeout_ms;
    while (out_pipe[0] >= 0 || err_pipe[0] >= 0) {
        long long left = deadline - now_ms();
        if (left <= 0) {
            res->timed_out = true;
            break;
        }
        struct pollfd pf[3];
        nfds_t n = 0;
        int which[3];
        if (out_pipe[0] >= 0) {
            pf[n] = (struct pollfd){out_pipe[0], POLLIN, 0};
            which[n++] = 1;
        }
        if (err_pipe[0] >= 0) {
            pf[n] = (struct pollfd){err_pipe[0], POLLIN, 0};
            which[n++] = 2;
        }
        if (in_pipe[1] >= 0) {
            pf[n] = (struct pollfd){in_pipe[1], POLLOUT, 0};
            which[n++] = 0;
        }
        int r = poll(pf, n, (int)(left < 1000 ? left : 1000));
        if (r < 0 && errno != EINTR) {
            break;
        }
        for (nfds_t i = 0; r > 0 && i < n; i++) {
            if (pf[i].revents == 0) {
                continue;
            }
            if (which[i] == 0) {
                ssize_t w = write(in_pipe[1], input + in_off, in_len - in_off);
                if (w > 0) {
                    in_off += (size_t)w;
                }
                if (w < 0 && errno != EAGAIN && errno != EINTR) {
                    in_off = in_len;
                }
                if (in_off >= in_len) {
                    close_fd(&in_pipe[1]);
                }
                continue;
            }
            char buf[16384];
            int fd = which[i] == 1 ? out_pipe[0] : err_pipe[0];
            ssize_t got = read(fd, buf, sizeof buf);
            if (got <= 0) {
                if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
                    close_fd(which[i] == 1 ? &out_pipe[0] : &err_pipe[0]);
                }
                continue;
            }
            if (which[i] == 2) {
                keep_message(res, &msg_len, buf, (size_t)got);
                continue;
            }
            if (res->out_len + (size_t)got > cap) {
                res->too_big = true;
                break;
            }
            if (res->out_len + (size_t)got + 1 > cap_alloc) {
                size_t want = cap_alloc == 0 ? 65536 : cap_alloc * 2;
                while (want < res->out_len + (size_t)got + 1) {
                    want *= 2;
                }
                char *grown = realloc(res->out, want);
                if (grown == NULL) {
                    res->too_big = true;
                    break;
                }
                res->out = grown;
                cap_alloc = want;
            }
            memcpy(res->out + res->out_len, buf, (size_t)got);
            res->out_len += (size_t)got;
            res->out[res->out_len] = '\0';
        }
        if (res->too_big) {
            break;
        }
    }
    if (res->timed_out || res->too_big) {
        kill(-pid, SIGKILL);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    res->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    char *nl = strchr(res->message, '\n');
    if (nl != NULL) {
        *nl = '\0';
    }
    if (res->out == NULL) {
        res->out = calloc(1, 1);
    }
    rc = res->out != NULL ? 0 : -1;

cleanup:
    if (fa_ready) {
        posix_spawn_file_actions_destroy(&fa);
    }
    if (attr_ready) {
        posix_spawnattr_destroy(&attr);
    }
    close_fd(&out_pipe[0]);
    close_fd(&out_pipe[1]);
    close_fd(&err_pipe[0]);
    close_fd(&err_pipe[1]);
    close_fd(&in_pipe[0]);
    close_fd(&in_pipe[1]);
    slot_give();
    return rc;
}

void serve_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d != NULL) {
        struct dirent *ent;
        char path[4096];
        while ((ent = readdir(d)) != NULL) {
            if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) {
                continue;
            }
            snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}
