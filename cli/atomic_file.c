/*
 * atomic_file.c - write a temporary file beside the target, fsync it, rename
 * it over the target (see atomic_file.h).
 */
#include "atomic_file.h"
#include "safe_text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *path, const char *what, int err)
{
    cli_errorf("kneepain: %s: %s%s%s", path, what, err ? ": " : "", err ? strerror(err) : "");
    return -1;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The rename itself is durable only once the directory is flushed. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);   /* best effort: some file systems refuse it */
        close(fd);
    }
}

int cli_atomic_write(const char *path, const char *data, size_t len)
{
    struct stat st;
    mode_t mode = 0600;
    if (lstat(path, &st) == 0) {
        if (S_ISLNK(st.st_mode))
            return fail(path, "is a symbolic link; not following it", 0);
        if (!S_ISREG(st.st_mode))
            return fail(path, "is not a regular file", 0);
        mode = st.st_mode & 07777;
    } else if (errno != ENOENT) {
        return fail(path, "cannot check the file", errno);
    }
    /* "<dir>/.<name>.XXXXXX": same directory, so rename() never crosses a
     * file system */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    size_t size = strlen(path) + 9;
    char *tmp = malloc(size), *dir = malloc(dirlen + 2);
    if (!tmp || !dir) {
        free(tmp);
        free(dir);
        return fail(path, "out of memory", 0);
    }
    snprintf(tmp, size, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
    snprintf(dir, dirlen + 2, "%.*s", dirlen ? (int)dirlen : 1, dirlen ? path : ".");
    int rc = 0, fd = mkstemp(tmp);
    if (fd < 0)
        rc = fail(path, "cannot create a temporary file beside it", errno);
    else if (fchmod(fd, mode) || write_all(fd, data, len) || fsync(fd)) {
        rc = fail(path, "cannot write", errno);
        close(fd);
    } else if (close(fd)) {
        rc = fail(path, "cannot write", errno);
    } else if (rename(tmp, path)) {
        rc = fail(path, "cannot replace", errno);
    }
    if (rc && fd >= 0)
        unlink(tmp);
    if (!rc)
        sync_dir(dir);
    free(tmp);
    free(dir);
    return rc;
}
