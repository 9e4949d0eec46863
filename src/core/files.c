/* Opening files for reading and writing: inputs must be regular files (a FIFO never
 * blocks, a device or a folder is refused), outputs never follow a symbolic link.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static const char *kind(mode_t mode)
{
    return S_ISDIR(mode)    ? "a folder"
           : S_ISFIFO(mode) ? "a FIFO"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISSOCK(mode) ? "a socket"
           : S_ISLNK(mode)  ? "a symbolic link"
                            : "not a file";
}

ns_status ns_file_open_read(ns_ctx_t *ctx, const char *path, FILE **out)
{
    *out = NULL;
    /* O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting
     * for one; fstat then refuses it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR) {
            return ns_error_at(ctx, NS_ENOTFOUND, path, 0, 0, NULL, "cannot open: %s", strerror(e));
        }
        if (e == ENXIO) { /* A socket, or a device without its driver. */
            return ns_error_at(ctx, NS_EINVAL, path, 0, 0, NULL, "not a regular file");
        }
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(e));
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return ns_error_at(ctx, NS_EINVAL, path, 0, 0, NULL, "not a regular file (%s)",
                           kind(sb.st_mode));
    }
    /* Reads of a regular file never block; clear the flag anyway. */
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) {
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        int e = errno;
        close(fd);
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(e));
    }
    *out = f;
    return NS_OK;
}

ns_status ns_file_open_write(ns_ctx_t *ctx, const char *path, FILE **out)
{
    *out = NULL;
    /* Not O_TRUNC yet: a FIFO or device at the path is refused before anything. */
    int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
    if (fd < 0) {
        int e = errno;
        struct stat sb;
        if (e == ELOOP && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
            return ns_error_at(ctx, NS_EINVAL, path, 0, 0, NULL,
                               "a symbolic link; refusing to write through it (remove it, "
                               "or name the real file)");
        }
        if (e == EISDIR || e == ENXIO) {
            return ns_error_at(ctx, NS_EINVAL, path, 0, 0, NULL, "not a regular file");
        }
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(e));
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return ns_error_at(ctx, NS_EINVAL, path, 0, 0, NULL, "not a regular file (%s)",
                           kind(sb.st_mode));
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) {
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    if (ftruncate(fd, 0) != 0) {
        int e = errno;
        close(fd);
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(e));
    }
    FILE *f = fdopen(fd, "wb");
    if (f == NULL) {
        int e = errno;
        close(fd);
        return ns_error_at(ctx, NS_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(e));
    }
    *out = f;
    return NS_OK;
}

ns_status ns_file_output_dir(ns_ctx_t *ctx, const char *dir)
{
    struct stat sb;
    int saved_errno = errno; /* Restored on success: a missing folder is no error. */
    if (lstat(dir, &sb) != 0) {
        if (errno != ENOENT) {
            return ns_error_at(ctx, NS_EIO, dir, 0, 0, NULL, "cannot use the folder: %s",
                               strerror(errno));
        }
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            return ns_error_at(ctx, NS_EIO, dir, 0, 0, NULL, "cannot create the folder: %s",
                               strerror(errno));
        }
        if (lstat(dir, &sb) != 0) {
            return ns_error_at(ctx, NS_EIO, dir, 0, 0, NULL, "cannot use the folder: %s",
                               strerror(errno));
        }
    }
    if (S_ISLNK(sb.st_mode)) {
        return ns_error_at(ctx, NS_EINVAL, dir, 0, 0, NULL,
                           "a symbolic link; refusing to write through it (name the real "
                           "folder)");
    }
    if (!S_ISDIR(sb.st_mode)) {
        return ns_error_at(ctx, NS_EINVAL, dir, 0, 0, NULL, "not a folder");
    }
    errno = saved_errno;
    return NS_OK;
}
