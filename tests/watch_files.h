/*
 * watch_files.h - finding and reading the real watch recordings for the
 * import tests (../shared/data/watch-logs; the tests skip without it).
 */
#ifndef KP_TEST_WATCH_FILES_H
#define KP_TEST_WATCH_FILES_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

/* ../shared/data/watch-logs beside the source tree (or beside the folder
 * holding it, for a worktree), or $KP_WATCH_LOGS. */
static inline int watch_logs(char *dir, size_t cap)
{
    const char *env = getenv("KP_WATCH_LOGS");
    const char *const rel[] = {"/../shared/data/watch-logs", "/../../shared/data/watch-logs"};
    struct stat st;
    if (env && stat(env, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(dir, cap, "%s", env);
        return 1;
    }
    for (size_t i = 0; i < 2; i++) {
        snprintf(dir, cap, "%s%s", KP_SRCDIR, rel[i]);
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return 1;
    }
    return 0;
}

static inline unsigned char *read_any(const char *path, size_t *n)
{
    gzFile g = gzopen(path, "rb");   /* reads plain files as they are */
    cr_assert(g, "cannot open %s", path);
    size_t cap = 1 << 20, len = 0;
    unsigned char *buf = malloc(cap);
    int got;
    while ((got = gzread(g, buf + len, (unsigned)(cap - len))) > 0) {
        len += (size_t)got;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    gzclose(g);
    *n = len;
    return buf;
}

/* Call fn(path, name) for every file in dir/sub[k] (NULL-terminated lists)
 * whose name contains one of ext; *total adds up what fn returns.  Returns
 * the number of files.  A missing folder is passed over. */
typedef size_t (*watch_file_fn)(const char *path, const char *name);
static inline size_t each_watch_file(const char *dir, const char *const *sub,
                                     const char *const *ext, watch_file_fn fn, size_t *total)
{
    char path[2048];
    size_t files = 0;
    for (size_t k = 0; sub[k]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, sub[k]);
        DIR *d = opendir(path);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            int match = 0;
            for (size_t x = 0; ext[x]; x++)
                match |= strstr(e->d_name, ext[x]) != NULL;
            if (!match)
                continue;
            snprintf(path, sizeof path, "%s/%s/%s", dir, sub[k], e->d_name);
            *total += fn(path, e->d_name);
            files++;
        }
        closedir(d);
    }
    return files;
}

#endif
