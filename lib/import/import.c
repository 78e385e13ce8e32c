/*
 * import.c - CSV training-log import: libcsv driving, header detection and
 * dispatch of rows to the format (Strava, Garmin, plain).
 *
 * Input is fed to libcsv one physical line at a time so that every record
 * knows the line it starts on (descriptions hold quoted newlines, so record
 * numbers are not line numbers).  Only the columns a format needs are kept,
 * so memory does not grow with rows x columns.
 */
#include "import.h"
#include "watch.h"

#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_FORMAT_COLUMNS 16
#define MAX_STORED_WARNINGS 1000
#define FEED_CHUNK 65536

/* libcsv's parser state between records (ROW_NOT_BEGUN in libcsv.c). */
#define CSV_STATE_ROW_NOT_BEGUN 0
/* ... and inside a field (FIELD_BEGUN); with csv.quoted, inside quotes. */
#define CSV_STATE_FIELD_BEGUN 2

static const kp__format *const formats[] = {
    &kp__format_strava, &kp__format_garmin, &kp__format_plain,
};

typedef struct slot {
    char *buf;
    size_t len, cap;
    int set;
} slot;

struct kp__importer {
    struct csv_parser csv;
    kp__row_ctx ctx;
    kp_import_options opts;
    kp_status status;
    int started;               /* first bytes seen (BOM, delimiter decided) */
    int header_done;
    const kp__format *format;
    char **header;             /* normalized header names until matched */
    size_t nheader, header_cap;
    int *colmap;               /* header column -> format column, or -1 */
    size_t ncolmap;
    int present[MAX_FORMAT_COLUMNS];
    size_t needed_fields;      /* 1 + highest header index of a required column */
    slot slots[MAX_FORMAT_COLUMNS];
    size_t field;              /* index of the next field in the record */
    long line;                 /* physical line being fed (1-based) */
    long record_line;          /* line the current record started on */
    size_t fed;                /* bytes fed so far */
    char name[256];
    /* Watch files (FIT, gzip) are told from CSV by their first bytes and
     * then kept whole for lib/import/watch.c. */
    int decided;
    unsigned char head[KP_WATCH_SNIFF_BYTES];
    size_t nhead;
    int watch;
    unsigned char *whole;
    size_t nwhole, whole_cap;
};

kp_status kp__import_warn(kp__row_ctx *ctx, const char *fmt, ...)
{
    char reason[384];
    va_list ap;
    ctx->warnings++;
    if (ctx->warnings > MAX_STORED_WARNINGS)
        return KP_OK;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    return kp__log_warn(ctx->log, "%s:%ld: %s", ctx->name, ctx->line, reason);
}

kp_status kp__import_add(kp__row_ctx *ctx, const kp__run *run)
{
    /* Optional values outside the ranges kp_session_add_run() accepts
     * (session.c) count as unknown, so that every imported run can be
     * written by kp_session_to_json() and read back. */
    kp__run r0 = *run;
    if (!(r0.duration_min >= 0 && r0.duration_min <= 10000))
        r0.duration_min = NAN;
    if (!(r0.rpe >= 0 && r0.rpe <= 10))
        r0.rpe = NAN;
    if (!(r0.elevation_gain_m >= 0 && r0.elevation_gain_m <= 20000))
        r0.elevation_gain_m = NAN;
    run = &r0;
    int r = kp__log_add(ctx->log, run);
    if (r < 0)
        return r;
    ctx->duplicates += r == 1;
    return KP_OK;
}

static void fail(kp__importer *imp, kp_status st)
{
    if (!imp->status)
        imp->status = st;
}

/* ---- header matching ----------------------------------------------------- */

/* Header column holding occurrence `occ` of alias `a`, or -1. */
static long find_column(char *const *names, size_t n, const char *a, int occ)
{
    int seen = 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], a) && ++seen == occ)
            return (long)i;
    return -1;
}

/* Map the format's columns onto the header; lists missing required columns
 * into `missing` (may be NULL).  Columns with required == 2 form one group
 * of which at least one must be present.  Returns the number missing. */
static int match_format(const kp__format *f, char *const *names, size_t n,
                        long *where, char *missing, size_t cap)
{
    int nmissing = 0, group_found = 0, group_size = 0;
    char group[160] = "";
    if (missing && cap)
        missing[0] = '\0';
    for (size_t k = 0; k < f->ncolumns; k++) {
        const kp__column *c = &f->columns[k];
        where[k] = -1;
        for (const char *const *a = c->aliases; *a && where[k] < 0; a++)
            where[k] = find_column(names, n, *a, c->occurrence);
        if (c->required == 2) {
            size_t used = strlen(group);
            snprintf(group + used, sizeof group - used, "%s%s", group_size++ ? " or " : "",
                     c->label);
            group_found |= where[k] >= 0;
        }
        if (where[k] < 0 && c->required == 1) {
            if (missing) {
                size_t used = strlen(missing);
                snprintf(missing + used, cap - used, "%s%s", nmissing ? ", " : "", c->label);
            }
            nmissing++;
        }
    }
    if (group_size && !group_found) {
        if (missing) {
            size_t used = strlen(missing);
            snprintf(missing + used, cap - used, "%s%s", nmissing ? ", " : "", group);
        }
        nmissing++;
    }
    return nmissing;
}

static kp_status use_format(kp__importer *imp, const kp__format *f, const long *where)
{
    imp->format = f;
    imp->ncolmap = imp->nheader;
    imp->colmap = kp__malloc((imp->nheader ? imp->nheader : 1) * sizeof *imp->colmap);
    if (!imp->colmap)
        return kp__oom();
    for (size_t i = 0; i < imp->nheader; i++)
        imp->colmap[i] = -1;
    for (size_t k = 0; k < f->ncolumns; k++) {
        imp->present[k] = where[k] >= 0;
        if (where[k] >= 0) {
            imp->colmap[where[k]] = (int)k;
            /* short rows are fine as long as the required columns are there */
            if (f->columns[k].required && (size_t)where[k] + 1 > imp->needed_fields)
                imp->needed_fields = (size_t)where[k] + 1;
        }
    }
    if (f->header)
        f->header(&imp->ctx, imp->header, imp->nheader);
    return KP_OK;
}

static kp_status unknown_header(kp__importer *imp)
{
    char msg[900] = "", missing[300];
    long where[MAX_FORMAT_COLUMNS];
    size_t used = 0;
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        const kp__format *f = formats[i];
        if (imp->opts.format != KP_FORMAT_AUTO && imp->opts.format != f->id)
            continue;
        match_format(f, imp->header, imp->nheader, where, missing, sizeof missing);
        used += (size_t)snprintf(msg + used, used < sizeof msg ? sizeof msg - used : 0,
                                 "%s%s columns not found: %s", used ? "; " : "",
                                 f->name, missing);
        if (used >= sizeof msg)
            break;
    }
    return kp__error(KP_EFORMAT, "%s:1: header not recognised as a training log (%s)",
                     imp->name, msg);
}

static kp_status process_row(kp__importer *imp);

/* A plain log may come without a header: "2024-05-01,8.2,...". */
static int headerless_plain(kp__importer *imp)
{
    int32_t day;
    int64_t sec;
    double km;
    if (imp->opts.format != KP_FORMAT_AUTO && imp->opts.format != KP_FORMAT_PLAIN)
        return 0;
    if (imp->nheader < 2 || imp->nheader > 5 ||
        kp__parse_datetime(imp->header[0], &day, &sec) ||
        kp__parse_number(imp->header[1], &km))
        return 0;
    return 1;
}

static kp_status header_done(kp__importer *imp)
{
    long where[MAX_FORMAT_COLUMNS];
    imp->header_done = 1;
    if (headerless_plain(imp)) {
        /* positional columns; the first line is already a run */
        for (size_t k = 0; k < MAX_FORMAT_COLUMNS; k++)
            where[k] = k < 5 && k < imp->nheader ? (long)k : -1;
        kp_status st = use_format(imp, &kp__format_plain, where);
        if (st)
            return st;
        for (size_t i = 0; i < imp->nheader; i++) {
            slot *s = &imp->slots[i];
            size_t len = strlen(imp->header[i]);
            if (kp__grow((void **)&s->buf, &s->cap, len + 1, 1))
                return kp__oom();
            memcpy(s->buf, imp->header[i], len + 1);
            s->len = len;
            s->set = 1;
        }
        imp->field = imp->nheader;
        return process_row(imp);
    }
    for (size_t i = 0; i < imp->nheader; i++)
        kp__header_normalize(imp->header[i]);
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        const kp__format *f = formats[i];
        if (imp->opts.format != KP_FORMAT_AUTO && imp->opts.format != f->id)
            continue;
        if (!match_format(f, imp->header, imp->nheader, where, NULL, 0))
            return use_format(imp, f, where);
    }
    return unknown_header(imp);
}

/* ---- rows ------------------------------------------------------------------ */

static kp_status process_row(kp__importer *imp)
{
    const char *v[MAX_FORMAT_COLUMNS];
    kp_status st = KP_OK;
    imp->ctx.line = imp->record_line;
    if (imp->field < imp->needed_fields) {
        st = kp__import_warn(&imp->ctx, "row has %zu fields, expected at least %zu",
                             imp->field, imp->needed_fields);
    } else {
        for (size_t k = 0; k < imp->format->ncolumns; k++)
            v[k] = !imp->present[k] ? NULL : imp->slots[k].set ? imp->slots[k].buf : "";
        st = imp->format->row(&imp->ctx, v);
    }
    for (size_t k = 0; k < MAX_FORMAT_COLUMNS; k++)
        imp->slots[k].set = 0;
    imp->field = 0;
    return st;
}

/* No cell of a training log is near the limit; a longer one is a wrong file
 * or an unclosed quote, held in memory whole otherwise.  Checked per field
 * and, for a field still being read, after every chunk fed. */
static void field_too_long(kp__importer *imp)
{
    fail(imp, kp__error(KP_ERANGE, "%s:%ld: field longer than %zu bytes "
                        "(kp_limits.max_field_bytes)", imp->name, imp->record_line,
                        kp__limits()->max_field_bytes));
}

static void on_field(void *data, size_t len, void *user)
{
    kp__importer *imp = user;
    size_t i = imp->field++;
    if (imp->status)
        return;
    if (len > kp__limits()->max_field_bytes) {
        field_too_long(imp);
        return;
    }
    if (!imp->header_done) {
        if (kp__grow((void **)&imp->header, &imp->header_cap, imp->nheader + 1,
                     sizeof *imp->header)) {
            fail(imp, kp__oom());
            return;
        }
        char *copy = kp__strndup(data ? data : "", data ? len : 0);
        if (!copy) {
            fail(imp, kp__oom());
            return;
        }
        imp->header[imp->nheader++] = copy;
        return;
    }
    if (i >= imp->ncolmap || imp->colmap[i] < 0)
        return;
    slot *s = &imp->slots[imp->colmap[i]];
    if (kp__grow((void **)&s->buf, &s->cap, len + 1, 1)) {
        fail(imp, kp__oom());
        return;
    }
    memcpy(s->buf, data, len);
    s->buf[len] = '\0';
    s->len = len;
    s->set = 1;
}

static void on_record(int c, void *user)
{
    kp__importer *imp = user;
    (void)c;
    if (imp->status) {
        imp->field = 0;
        return;
    }
    if (!imp->header_done) {
        imp->field = 0;
        kp_status st = header_done(imp);
        if (st)
            fail(imp, st);
        return;
    }
    kp_status st = process_row(imp);
    if (st)
        fail(imp, st);
}

/* ---- streaming API ----------------------------------------------------------- */

kp_status kp__import_begin(kp__importer **out, kp__log *log, const char *name,
                           const kp_import_options *opts)
{
    *out = NULL;
    if (opts && (opts->version == 0 || opts->version > KP_IMPORT_OPTIONS_VERSION))
        return kp__error(KP_EVERSION, "import options: unsupported version %u", opts->version);
    if (opts && (opts->format < KP_FORMAT_AUTO || opts->format > KP_FORMAT_TCX))
        return kp__error(KP_EINVAL, "import options: unknown format %d", (int)opts->format);
    kp__importer *imp = kp__calloc(1, sizeof *imp);
    if (!imp)
        return kp__oom();
    if (csv_init(&imp->csv, CSV_APPEND_NULL)) {
        kp__free(imp);
        return kp__oom();
    }
    csv_set_realloc_func(&imp->csv, kp__realloc);
    csv_set_free_func(&imp->csv, kp__free);
    kp_import_options defaults = KP_IMPORT_OPTIONS_INIT;
    imp->opts = opts ? *opts : defaults;
    snprintf(imp->name, sizeof imp->name, "%s", name && *name ? name : "<buffer>");
    imp->ctx.log = log;
    imp->ctx.name = imp->name;
    imp->ctx.opts = &imp->opts;
    imp->line = 1;
    imp->record_line = 1;
    *out = imp;
    return KP_OK;
}

/* The delimiter is ',' unless the first line has ';' and no ',' outside
 * quotes (exports written by European spreadsheet settings). */
static void choose_delimiter(kp__importer *imp, const char *data, size_t size)
{
    size_t commas = 0, semicolons = 0;
    int quoted = 0;
    for (size_t i = 0; i < size && data[i] != '\n'; i++) {
        if (data[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            commas += data[i] == ',', semicolons += data[i] == ';';
    }
    if (semicolons && !commas)
        csv_set_delim(&imp->csv, ';');
}

static kp_status csv_feed(kp__importer *imp, const char *data, size_t size)
{
    if (!imp->started && size) {
        if (size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
            data += 3, size -= 3;
        choose_delimiter(imp, data, size);
        imp->started = 1;
    }
    while (size) {
        /* at most FEED_CHUNK bytes at a time so that the field buffer's
         * growth step can follow its size between calls (below) */
        size_t span = size < FEED_CHUNK ? size : FEED_CHUNK;
        const char *nl = memchr(data, '\n', span);
        size_t piece = nl ? (size_t)(nl - data) + 1 : span;
        /* libcsv grows its field buffer by a fixed step: a field of n bytes
         * would cost n / step reallocations, each possibly a copy.  A step
         * as large as the buffer makes the growth geometric. */
        csv_set_blk_size(&imp->csv, imp->csv.entry_size > 128 ? imp->csv.entry_size : 128);
        if (imp->csv.pstate == CSV_STATE_ROW_NOT_BEGUN)
            imp->record_line = imp->line;
        if (csv_parse(&imp->csv, data, piece, on_field, on_record, imp) != piece)
            fail(imp, csv_error(&imp->csv) == CSV_ENOMEM
                          ? kp__oom()
                          : kp__error(KP_EPARSE, "%s:%ld: %s", imp->name, imp->line,
                                      csv_strerror(csv_error(&imp->csv))));
        if (!imp->status && imp->csv.entry_pos > kp__limits()->max_field_bytes)
            field_too_long(imp);
        if (imp->status)
            return imp->status;
        if (nl)
            imp->line++;
        data += piece;
        size -= piece;
    }
    return KP_OK;
}

static kp_status watch_keep(kp__importer *imp, const char *data, size_t size)
{
    if (size > KP_WATCH_MAX_BYTES - imp->nwhole) {
        int kind = kp__watch_sniff(imp->whole, imp->nwhole);
        fail(imp, kp__error(KP_EPARSE, "%s: a %s file larger than %zu MiB", imp->name,
                            kind == KP_FORMAT_FIT   ? "FIT"
                            : kind == KP__FORMAT_XML ? "XML"
                            : kind == KP__FORMAT_ZIP ? "ZIP"
                                                     : "gzip",
                            KP_WATCH_MAX_BYTES >> 20));
        return imp->status;
    }
    if (kp__grow((void **)&imp->whole, &imp->whole_cap, imp->nwhole + size, 1)) {
        fail(imp, kp__oom());
        return imp->status;
    }
    memcpy(imp->whole + imp->nwhole, data, size);
    imp->nwhole += size;
    return KP_OK;
}

/* Tell a watch file from CSV by the held first bytes plus `data`, then
 * pass everything on. */
static kp_status decide(kp__importer *imp, const char *data, size_t size)
{
    char *joined = NULL;
    imp->decided = 1;
    if (imp->nhead) {
        joined = kp__malloc(imp->nhead + size + 1);
        if (!joined) {
            fail(imp, kp__oom());
            return imp->status;
        }
        memcpy(joined, imp->head, imp->nhead);
        if (size)
            memcpy(joined + imp->nhead, data, size);
        data = joined;
        size += imp->nhead;
    }
    kp_status st;
    if (kp__watch_sniff((const unsigned char *)data, size) != KP_FORMAT_AUTO) {
        imp->watch = 1;
        st = watch_keep(imp, data, size);
    } else if (imp->opts.format == KP_FORMAT_FIT) {
        fail(imp, kp__error(KP_EFORMAT, "%s: not a FIT file (no \".FIT\" file header)",
                            imp->name));
        st = imp->status;
    } else if (imp->opts.format == KP_FORMAT_GPX || imp->opts.format == KP_FORMAT_TCX) {
        fail(imp, kp__error(KP_EFORMAT, "%s: not a %s file (no XML document)", imp->name,
                            imp->opts.format == KP_FORMAT_GPX ? "GPX" : "TCX"));
        st = imp->status;
    } else {
        st = csv_feed(imp, data, size);
    }
    kp__free(joined);
    return st;
}

kp_status kp__import_feed(kp__importer *imp, const char *data, size_t size)
{
    if (imp->status)
        return imp->status;
    size_t max = kp__limits()->max_log_bytes;
    if (size > max - imp->fed) {
        fail(imp, kp__error(KP_ERANGE, "%s: training log larger than %zu bytes "
                            "(kp_limits.max_log_bytes)", imp->name, max));
        return imp->status;
    }
    imp->fed += size;
    if (imp->watch)
        return watch_keep(imp, data, size);
    if (!imp->decided) {
        if (imp->nhead + size < KP_WATCH_SNIFF_BYTES) {
            memcpy(imp->head + imp->nhead, data, size);
            imp->nhead += size;
            return KP_OK;
        }
        return decide(imp, data, size);
    }
    return csv_feed(imp, data, size);
}

static void importer_free(kp__importer *imp)
{
    kp__free(imp->whole);
    csv_free(&imp->csv);
    for (size_t i = 0; i < imp->nheader; i++)
        kp__free(imp->header[i]);
    kp__free(imp->header);
    kp__free(imp->colmap);
    for (size_t k = 0; k < MAX_FORMAT_COLUMNS; k++)
        kp__free(imp->slots[k].buf);
    kp__free(imp);
}

void kp__import_discard(kp__importer *imp) { importer_free(imp); }

kp_status kp__import_end(kp__importer *imp)
{
    if (!imp->status && !imp->decided)
        decide(imp, NULL, 0);
    if (imp->watch) {
        if (!imp->status)
            fail(imp, kp__watch_import(imp->ctx.log, imp->whole, imp->nwhole, imp->name,
                                       &imp->opts));
        kp_status st = imp->status;
        importer_free(imp);
        return st;
    }
    if (!imp->status && imp->csv.quoted && imp->csv.pstate == CSV_STATE_FIELD_BEGUN)
        /* libcsv would take everything up to the end of the file as one
         * field and silently drop the rows in it (a truncated download) */
        fail(imp, kp__error(KP_EPARSE, "%s:%ld: quoted field not closed before the end of the "
                            "file", imp->name, imp->record_line));
    if (!imp->status) {
        /* a last record without a final newline */
        if (imp->csv.pstate == CSV_STATE_ROW_NOT_BEGUN)
            imp->record_line = imp->line;
        csv_fini(&imp->csv, on_field, on_record, imp);
    }
    if (!imp->status && !imp->header_done)
        fail(imp, kp__error(KP_EFORMAT, "%s:1: empty file: no header line", imp->name));
    kp__row_ctx *ctx = &imp->ctx;
    if (!imp->status && ctx->warnings > MAX_STORED_WARNINGS)
        fail(imp, kp__log_warn(ctx->log, "%s: %zu more unreadable rows not listed", imp->name,
                               ctx->warnings - MAX_STORED_WARNINGS));
    if (!imp->status && ctx->duplicates)
        fail(imp, kp__log_warn(ctx->log, "%s: %zu duplicate activities (same start time and "
                               "distance) counted once", imp->name, ctx->duplicates));
    kp_status st = imp->status;
    importer_free(imp);
    return st;
}

kp_status kp__import_buffer(kp__log *log, const char *data, size_t size,
                            const char *name, const kp_import_options *opts)
{
    kp__importer *imp;
    kp_status st = kp__import_begin(&imp, log, name, opts);
    if (st)
        return st;
    kp__import_feed(imp, data, size);
    return kp__import_end(imp);
}
