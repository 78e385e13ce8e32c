/*
 * export.c - a Strava bulk export: the ZIP archive or its folder (see
 * export.h).
 *
 * Entries are read one at a time; an activity file is decoded at once and
 * only its activities are kept, so memory grows with the number of
 * activities, not with the size of the export.  activities.csv is kept
 * whole (it is at most kp_limits.max_log_bytes) and read last, whatever its
 * place in the archive.
 *
 * A row of activities.csv and a file are the same activity when the file is
 * the one the row names, or when their start times (UTC in both) are within
 * a minute of each other.  The row stays (it has the gear and the account's
 * activity type) and takes from the file what the row lacks: the local day
 * of a FIT file (a run at 07:00 in New Zealand is on the previous UTC day),
 * the duration and the elevation gain when the row has none.
 */
#include "export.h"

#include <archive.h>
#include <archive_entry.h>
#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "activity.h"
#include "import.h"
#include "watch.h"

/* Same activity: start times this close (seconds). */
#define SAME_START_S 60
/* Inflated bytes read from one archive at most (a ZIP bomb stops here). */
#define MAX_EXPORT_BYTES ((uint64_t)4 << 30)

typedef struct file_acts {
    char *key;                 /* "activities/<file name>", as the CSV names it */
    kp__activities acts;
} file_acts;

typedef struct export_state {
    kp__log *log;
    const kp_import_options *opts;
    const char *name;          /* the archive or folder, for messages */
    char *csv;
    size_t ncsv;
    int have_csv;
    file_acts *files;
    size_t nfiles, files_cap;
    size_t unreadable;
} export_state;

int kp__export_is_zip(const unsigned char *p, size_t n)
{
    return n >= 4 && p[0] == 'P' && p[1] == 'K' &&
           ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6));
}

static void state_free(export_state *x)
{
    kp__free(x->csv);
    for (size_t i = 0; i < x->nfiles; i++) {
        kp__free(x->files[i].key);
        kp__activities_free(&x->files[i].acts);
    }
    kp__free(x->files);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The folder an entry is in ("activities" for "export_1/activities/2.fit"). */
static int in_activities(const char *path)
{
    const char *base = base_name(path);
    size_t len = (size_t)(base - path);
    return len >= 11 && !memcmp(base - 11, "activities/", 11) &&
           (len == 11 || base[-12] == '/');
}

static int is_list(const char *path)
{
    /* at the top, or one folder down (the export folder inside the ZIP) */
    const char *slash = strchr(path, '/');
    return !strcmp(base_name(path), "activities.csv") && (!slash || !strchr(slash + 1, '/'));
}

static int wanted(const char *path)
{
    return is_list(path) || (in_activities(path) && *base_name(path));
}

static kp_status add_entry(export_state *x, const char *path, const unsigned char *data,
                           size_t n)
{
    if (is_list(path)) {
        if (x->have_csv)
            return kp__log_warn(x->log, "%s: a second activities.csv (%s) ignored", x->name,
                                path);
        x->csv = kp__malloc(n ? n : 1);
        if (!x->csv)
            return kp__oom();
        memcpy(x->csv, data, n);
        x->ncsv = n;
        x->have_csv = 1;
        return KP_OK;
    }
    char shown[1024];
    snprintf(shown, sizeof shown, "%s/%s", x->name, path);
    kp__activities acts = {0};
    kp_status rc = kp__watch_activities(x->log, data, n, shown, &acts);
    if (rc == KP_ENOMEM) {
        kp__activities_free(&acts);
        return rc;
    }
    if (rc) {
        /* one unreadable file does not lose the rest of the export */
        kp__activities_free(&acts);
        x->unreadable++;
        return kp__log_warn(x->log, "%s (skipped)", kp_error_message());
    }
    if (kp__grow((void **)&x->files, &x->files_cap, x->nfiles + 1, sizeof *x->files)) {
        kp__activities_free(&acts);
        return kp__oom();
    }
    char key[600];
    snprintf(key, sizeof key, "activities/%s", base_name(path));
    file_acts *f = &x->files[x->nfiles];
    f->key = kp__strndup(key, strlen(key));
    f->acts = acts;
    if (!f->key) {
        kp__activities_free(&f->acts);
        return kp__oom();
    }
    x->nfiles++;
    return KP_OK;
}

/* ---- the Filename column of activities.csv ----------------------------- */

typedef struct names_state {
    long column;               /* -1 until the header is read */
    size_t field;
    int header_done;
    char **names;
    size_t n, cap;
    int nomem;
} names_state;

static void names_field(void *data, size_t len, void *user)
{
    names_state *s = user;
    size_t i = s->field++;
    if (s->nomem)
        return;
    if (!s->header_done) {
        char cell[64];
        size_t k = len < sizeof cell - 1 ? len : sizeof cell - 1;
        memcpy(cell, data ? data : "", k);
        cell[k] = '\0';
        kp__header_normalize(cell);
        if (s->column < 0 && !strcmp(cell, "filename"))
            s->column = (long)i;
        return;
    }
    if ((long)i != s->column || !len)
        return;
    if (kp__grow((void **)&s->names, &s->cap, s->n + 1, sizeof *s->names) ||
        !(s->names[s->n] = kp__strndup(data, len))) {
        s->nomem = 1;
        return;
    }
    s->n++;
}

static void names_record(int c, void *user)
{
    names_state *s = user;
    (void)c;
    s->header_done = 1;
    s->field = 0;
}

static void names_free(names_state *s)
{
    for (size_t i = 0; i < s->n; i++)
        kp__free(s->names[i]);
    kp__free(s->names);
}

/* Files the rows name; a CSV libcsv cannot read is reported by the CSV
 * import itself. */
static kp_status named_files(const export_state *x, names_state *s)
{
    struct csv_parser p;
    memset(s, 0, sizeof *s);
    s->column = -1;
    if (csv_init(&p, CSV_APPEND_NULL))
        return kp__oom();
    csv_set_realloc_func(&p, kp__realloc);
    csv_set_free_func(&p, kp__free);
    const char *data = x->csv;
    size_t n = x->ncsv;
    if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        data += 3, n -= 3;
    csv_parse(&p, data, n, names_field, names_record, s);
    csv_fini(&p, names_field, names_record, s);
    csv_free(&p);
    return s->nomem ? kp__oom() : KP_OK;
}

static int named(const names_state *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], key))
            return 1;
    return 0;
}

/* ---- putting rows and files together ----------------------------------- */

/* The row among runs[from..] that starts within SAME_START_S of a, or -1. */
static long same_row(const kp__log *log, size_t from, const kp__activity *a)
{
    if (isnan(a->start_utc))
        return -1;
    for (size_t i = from; i < log->nruns; i++)
        if (log->runs[i].start_sec >= 0 &&
            fabs((double)log->runs[i].start_sec - a->start_utc) <= SAME_START_S)
            return (long)i;
    return -1;
}

static void add_detail(kp__run *row, const kp__activity *a)
{
    if (!isnan(a->start_local))
        row->day = (int32_t)floor(a->start_local / 86400);
    double sec = !isnan(a->moving_s) ? a->moving_s : a->elapsed_s;
    if (isnan(row->duration_min) && sec >= 0 && sec / 60 <= 10000)
        row->duration_min = sec / 60;
    if (isnan(row->elevation_gain_m) && a->ascent_m >= 0 && a->ascent_m <= 20000)
        row->elevation_gain_m = a->ascent_m;
}

static kp_status finish(export_state *x, const char *kind)
{
    /* a folder that is not an export cannot be read as a log: KP_EIO, as
     * for any directory */
    if (!x->have_csv)
        return kp__error(strcmp(kind, "folder") ? KP_EFORMAT : KP_EIO,
                         "%s: a %s without activities.csv (not a Strava export)", x->name, kind);
    names_state names;
    kp_status rc = named_files(x, &names);
    size_t first = x->log->nruns;
    char csv_name[1024];
    snprintf(csv_name, sizeof csv_name, "%s/activities.csv", x->name);
    if (!rc) {
        kp_import_options o = *x->opts;
        o.format = KP_FORMAT_STRAVA;
        rc = kp__import_buffer(x->log, x->csv, x->ncsv, csv_name, &o);
    }
    size_t rows = x->log->nruns - first, matched = 0, duplicates = 0;
    kp__activities extra = {0};
    for (size_t f = 0; !rc && f < x->nfiles; f++) {
        int listed = named(&names, x->files[f].key);
        for (size_t k = 0; !rc && k < x->files[f].acts.n; k++) {
            const kp__activity *a = &x->files[f].acts.v[k];
            long row = same_row(x->log, first, a);
            if (row >= 0 && row < (long)(first + rows)) {
                add_detail(&x->log->runs[row], a);
                matched += listed, duplicates += !listed;
            } else if (!listed || a->is_run) {
                /* a file of its own, or a run whose row could not be read */
                rc = kp__activities_push(&extra, a);
            }
            /* else: the row's own type kept it out (the CSV import said so) */
        }
    }
    if (!rc && extra.n)
        rc = kp__activities_import(x->log, &extra, x->name, x->opts);
    if (!rc)
        rc = kp__log_warn(x->log, "%s: %zu activities from activities.csv, %zu of them with "
                          "their activity file; %zu more from files alone; %zu files repeating "
                          "a row counted once", x->name, rows, matched, extra.n, duplicates);
    kp__activities_free(&extra);
    names_free(&names);
    return rc;
}

/* ---- ZIP ------------------------------------------------------------------ */

static kp_status read_entry(struct archive *a, const char *name, const char *path,
                            unsigned char **buf, size_t *cap, size_t *len, uint64_t *total)
{
    *len = 0;
    for (;;) {
        if (*len == *cap) {
            if (*cap >= KP_WATCH_MAX_BYTES)
                return kp__error(KP_ERANGE, "%s: %s is larger than %zu MiB", name, path,
                                 KP_WATCH_MAX_BYTES >> 20);
            size_t ncap = *cap ? *cap * 2 : 1 << 16;
            if (ncap > KP_WATCH_MAX_BYTES)
                ncap = KP_WATCH_MAX_BYTES;
            unsigned char *nb = kp__realloc(*buf, ncap);
            if (!nb)
                return kp__oom();
            *buf = nb, *cap = ncap;
        }
        la_ssize_t got = archive_read_data(a, *buf + *len, *cap - *len);
        if (got < 0)
            return kp__error(KP_EPARSE, "%s: a damaged ZIP archive at %s (%s)", name, path,
                             archive_error_string(a) ? archive_error_string(a) : "read error");
        if (got == 0)
            return KP_OK;
        *len += (size_t)got;
        *total += (uint64_t)got;
        if (*total > MAX_EXPORT_BYTES)
            return kp__error(KP_ERANGE, "%s: a ZIP archive that inflates to more than %llu GiB",
                             name, (unsigned long long)(MAX_EXPORT_BYTES >> 30));
    }
}

kp_status kp__export_zip(kp__log *log, const unsigned char *data, size_t size,
                         const char *name, const kp_import_options *opts)
{
    export_state x;
    memset(&x, 0, sizeof x);
    x.log = log, x.opts = opts, x.name = name;
    struct archive *a = archive_read_new();
    if (!a)
        return kp__oom();
    kp_status rc = KP_OK;
    archive_read_support_format_zip(a);
    if (archive_read_open_memory(a, data, size) != ARCHIVE_OK)
        rc = kp__error(KP_EPARSE, "%s: a damaged ZIP archive (%s)", name,
                       archive_error_string(a) ? archive_error_string(a) : "unreadable");
    unsigned char *buf = NULL;
    size_t cap = 0, len;
    uint64_t total = 0;
    struct archive_entry *e;
    int r = ARCHIVE_OK;
    while (!rc && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *path = archive_entry_pathname(e);
        if (!path || archive_entry_filetype(e) != AE_IFREG || !wanted(path))
            continue;
        rc = read_entry(a, name, path, &buf, &cap, &len, &total);
        if (!rc)
            rc = add_entry(&x, path, buf, len);
    }
    if (!rc && r != ARCHIVE_EOF)
        rc = kp__error(KP_EPARSE, "%s: a damaged ZIP archive (%s)", name,
                       archive_error_string(a) ? archive_error_string(a) : "unreadable");
    kp__free(buf);
    archive_read_free(a);
    if (!rc)
        rc = finish(&x, "ZIP archive");
    state_free(&x);
    return rc;
}

/* ---- folder --------------------------------------------------------------- */

static kp_status read_file(const char *path, unsigned char **buf, size_t *len, int *missing)
{
    FILE *f = fopen(path, "rb");
    *buf = NULL, *len = 0;
    if (!f) {
        if (missing && errno == ENOENT) {
            *missing = 1;
            return KP_OK;
        }
        return kp__error(KP_EIO, "%s: %s", path, strerror(errno));
    }
    size_t cap = 0;
    kp_status rc = KP_OK;
    for (;;) {
        if (*len == cap) {
            if (cap >= KP_WATCH_MAX_BYTES) {
                rc = kp__error(KP_ERANGE, "%s: larger than %zu MiB", path,
                               KP_WATCH_MAX_BYTES >> 20);
                break;
            }
            size_t ncap = cap ? cap * 2 : 1 << 16;
            unsigned char *nb = kp__realloc(*buf, ncap);
            if (!nb) {
                rc = kp__oom();
                break;
            }
            *buf = nb, cap = ncap;
        }
        size_t got = fread(*buf + *len, 1, cap - *len, f);
        if (!got) {
            if (ferror(f))
                rc = kp__error(KP_EIO, "%s: read error", path);
            break;
        }
        *len += got;
    }
    fclose(f);
    if (rc) {
        kp__free(*buf);
        *buf = NULL;
    }
    return rc;
}

kp_status kp__export_dir(kp__log *log, const char *path, const kp_import_options *opts)
{
    export_state x;
    memset(&x, 0, sizeof x);
    x.log = log, x.opts = opts, x.name = path;
    char full[4096];
    unsigned char *buf;
    size_t len;
    int missing = 0;
    snprintf(full, sizeof full, "%s/activities.csv", path);
    kp_status rc = read_file(full, &buf, &len, &missing);
    if (!rc && !missing)
        rc = add_entry(&x, "activities.csv", buf, len);
    kp__free(buf);
    snprintf(full, sizeof full, "%s/activities", path);
    DIR *d = rc ? NULL : opendir(full);
    struct dirent *e;
    while (!rc && d && (e = readdir(d))) {
        char rel[600];
        struct stat st;
        snprintf(full, sizeof full, "%s/activities/%s", path, e->d_name);
        if (stat(full, &st) || !S_ISREG(st.st_mode))
            continue;
        snprintf(rel, sizeof rel, "activities/%s", e->d_name);
        rc = read_file(full, &buf, &len, NULL);
        if (!rc)
            rc = add_entry(&x, rel, buf, len);
        kp__free(buf);
    }
    if (d)
        closedir(d);
    if (!rc)
        rc = finish(&x, "folder");
    state_free(&x);
    return rc;
}
