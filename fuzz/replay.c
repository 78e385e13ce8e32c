/*
 * replay.c - run fuzz targets over saved inputs without libFuzzer.
 *
 *   fuzz_replay                    every target over fuzz/regressions/<target>/,
 *                                  fuzz/seeds/<target>/ and the seed fixtures
 *                                  (TAP, for make check)
 *   fuzz_replay TARGET PATH...     one target over files or directories
 *
 * Inputs found by the fuzzers (crashes, leaks, timeouts) are saved under
 * fuzz/regressions/<target>/ and so become regression tests of `make check`,
 * which also runs under the sanitizer build and valgrind.
 */
#include "targets.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static long replay_file(const kp_fuzz_target *t, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf)
        return -1;
    t->fn(buf, n);
    free(buf);
    return 1;
}

/* Replays a file or every regular file of a directory (non-recursive,
 * sorted by readdir order).  Returns the number of inputs, -1 on error. */
static long replay_path(const kp_fuzz_target *t, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;   /* a target without saved inputs */
    if (!S_ISDIR(st.st_mode))
        return replay_file(t, path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    long count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        if (stat(sub, &st) == 0 && S_ISREG(st.st_mode)) {
            long r = replay_file(t, sub);
            if (r < 0) {
                count = -1;
                break;
            }
            count += r;
        }
    }
    closedir(d);
    return count;
}

static const kp_fuzz_target *find(const char *name)
{
    for (const kp_fuzz_target *t = kp_fuzz_targets; t->name; t++)
        if (!strcmp(t->name, name))
            return t;
    return NULL;
}

/* Seeds checked in with the project, per target (relative to top_srcdir);
 * fuzz/seeds/<target>/ is replayed for every target that has one. */
static const char *const seeds[][4] = {
    {"model", "models/default.json", "tests/fixtures/models", NULL},
    {"assess", "examples/assessment.json", NULL},
    {"session_load", "examples/assessment.json", NULL},
    {"import_strava", "tests/fixtures/logs", NULL},
    {"import_garmin", "tests/fixtures/logs", NULL},
    {"import_plain", "tests/fixtures/logs", NULL},
    {"import_auto", "tests/fixtures/logs", "examples/python/strava_activities.csv", NULL},
    {"import_fit", "tests/fixtures/logs", NULL},
    {"import_gpx", "tests/fixtures/logs", NULL},
    {"import_tcx", "tests/fixtures/logs", NULL},
    {"restore", "examples/assessment.json", NULL},
    {"vignettes", "tests/vignettes", NULL},
    {"import_file", "tests/fixtures/logs", NULL},
};

int main(int argc, char **argv)
{
    if (argc >= 2) {
        const kp_fuzz_target *t = find(argv[1]);
        if (!t) {
            fprintf(stderr, "fuzz_replay: unknown target %s\n", argv[1]);
            return 2;
        }
        for (int i = 2; i < argc; i++)
            if (replay_path(t, argv[i]) < 0) {
                fprintf(stderr, "fuzz_replay: cannot read %s\n", argv[i]);
                return 1;
            }
        return 0;
    }
    const char *top = getenv("top_srcdir");
    if (!top)
        top = ".";
    size_t n = 0;
    while (kp_fuzz_targets[n].name)
        n++;
    printf("1..%zu\n", n);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        const kp_fuzz_target *t = &kp_fuzz_targets[i];
        char path[4096];
        long count = 0, r;
        int bad = 0;
        static const char *const saved[] = {"regressions", "seeds"};
        for (size_t k = 0; k < 2; k++) {
            snprintf(path, sizeof path, "%s/fuzz/%s/%s", top, saved[k], t->name);
            if ((r = replay_path(t, path)) < 0)
                bad = 1;
            count += r > 0 ? r : 0;
        }
        for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++)
            if (!strcmp(seeds[s][0], t->name))
                for (size_t k = 1; k < 4 && seeds[s][k]; k++) {
                    snprintf(path, sizeof path, "%s/%s", top, seeds[s][k]);
                    if ((r = replay_path(t, path)) < 0)
                        bad = 1;
                    count += r > 0 ? r : 0;
                }
        printf("%s %zu - fuzz target %s: %ld saved inputs replayed\n",
               bad ? "not ok" : "ok", i + 1, t->name, count);
        failed |= bad;
    }
    return failed;
}
