/*
 * test_import_watch.c - FIT decoder and gzip on FIT files built byte by
 * byte here (so every figure is known by construction), through the same
 * importer entry points the session uses.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "import/import.h"
#include "import/fit.h"
#include "watch_files.h"

static kp__log log_;
static void setup(void) { kp__log_init(&log_); }
static void teardown(void) { kp__log_free(&log_); }
TestSuite(fit, .init = setup, .fini = teardown);

/* ---- a FIT writer for the tests ----------------------------------------- */

typedef struct fitbuf {
    unsigned char b[8192];
    size_t n;
} fitbuf;

static void put8(fitbuf *f, unsigned v) { f->b[f->n++] = (unsigned char)v; }
static void putn(fitbuf *f, uint32_t v, int size, int be)
{
    for (int i = 0; i < size; i++)
        put8(f, (v >> (8 * (be ? size - 1 - i : i))) & 0xFF);
}

/* CRC-16/ARC bit by bit, as the FIT protocol defines it. */
static uint16_t crc(const unsigned char *p, size_t n)
{
    uint16_t c = 0;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (uint16_t)((c >> 1) ^ 0xA001) : (uint16_t)(c >> 1);
    }
    return c;
}

typedef struct fdef {
    unsigned num, size, type;
} fdef;

static void definition(fitbuf *f, unsigned local, int be, unsigned global, const fdef *fd,
                       unsigned nf, unsigned dev_size)
{
    put8(f, 0x40 | (dev_size ? 0x20 : 0) | local);
    put8(f, 0);
    put8(f, (unsigned)be);
    putn(f, global, 2, be);
    put8(f, nf);
    for (unsigned i = 0; i < nf; i++)
        put8(f, fd[i].num), put8(f, fd[i].size), put8(f, fd[i].type);
    if (dev_size)
        put8(f, 1), put8(f, 0), put8(f, dev_size), put8(f, 0);
}

#define FIT_EPOCH 631065600LL
/* 2024-05-01 20:30:00 UTC; the watch is in New Zealand (UTC+12 in May). */
static int64_t start_unix(void) { return (int64_t)kp__days_from_civil(2024, 5, 1) * 86400 + 20 * 3600 + 1800; }
#define NZ_OFFSET (12 * 3600)

typedef struct fitopt {
    int sport;               /* FIT sport of the sessions */
    int compressed_session;  /* session without timestamp/start_time, sent with a
                                compressed-timestamp header */
    int nsessions;           /* 1 or 2 (the second starts a day later) */
    int no_activity;         /* leave out the activity message (no local time) */
} fitopt;

/* Offset of the second session's data message (for truncation tests). */
static size_t second_session_at;

static void build(fitbuf *f, fitopt o)
{
    const uint32_t t0 = (uint32_t)(start_unix() - FIT_EPOCH);
    f->n = 0;
    put8(f, 14), put8(f, 0x20), putn(f, 2132, 2, 0), putn(f, 0, 4, 0);
    memcpy(f->b + f->n, ".FIT", 4), f->n += 4;
    putn(f, 0, 2, 0);                               /* header CRC, set below */

    static const fdef file_id[] = {{0, 1, 0x00}, {1, 2, 0x84}, {4, 4, 0x86}};
    definition(f, 0, 0, 0, file_id, 3, 0);
    put8(f, 0), put8(f, 4), putn(f, 1, 2, 0), putn(f, t0, 4, 0);

    /* records: a full timestamp whose low 5 bits are 30, then one with a
     * compressed header whose 5-bit offset (2) rolls over: t = tr + 4 */
    const uint32_t tr = (t0 & ~31u) + 32 + 30;
    static const fdef rec_full[] = {{253, 4, 0x86}, {5, 4, 0x86}};
    static const fdef rec_short[] = {{5, 4, 0x86}};
    definition(f, 1, 0, 20, rec_full, 2, 0);
    put8(f, 1), putn(f, tr, 4, 0), putn(f, 0, 4, 0);
    definition(f, 2, 0, 20, rec_short, 1, 0);
    put8(f, 0x80 | (2 << 5) | 2), putn(f, 400, 4, 0);

    for (int s = 0; s < o.nsessions; s++) {
        /* the session in big-endian, with a 3-byte developer field */
        static const fdef full[] = {
            {253, 4, 0x86}, {2, 4, 0x86}, {5, 1, 0x00}, {6, 1, 0x00}, {7, 4, 0x86},
            {8, 4, 0x86}, {9, 4, 0x86}, {16, 1, 0x02}, {17, 1, 0x02}, {18, 1, 0x02},
            {22, 2, 0x84}, {23, 2, 0x84}, {41, 1, 0x02},
        };
        const fdef *fd = o.compressed_session ? full + 2 : full;
        unsigned nf = o.compressed_session ? 11 : 13;
        const uint32_t start = t0 + (uint32_t)s * 86400;
        definition(f, 3, 1, 18, fd, nf, 3);
        if (s == 1)
            second_session_at = f->n;
        if (o.compressed_session) {
            /* timestamp = tr + 4 rolled to the next 32 s with offset 5:
             * (tr + 4) & ~31 = t0 & ~31 + 64, + 5 + 32 (5 < 2 is false: no) */
            put8(f, 0x80 | (3 << 5) | 5);
        } else {
            put8(f, 3);
            putn(f, start + 3724, 4, 1);
            putn(f, start, 4, 1);
        }
        put8(f, (unsigned)o.sport), put8(f, 3);     /* trail */
        putn(f, 3723500, 4, 1);                     /* elapsed 1:02:03.5 */
        putn(f, 3600000, 4, 1);                     /* timer 1:00:00 */
        putn(f, 1000000 + (uint32_t)s * 50000, 4, 1); /* 10 km, 10.5 km */
        put8(f, 150), put8(f, 178), put8(f, 85);    /* HR avg, max; cadence per leg */
        putn(f, 120, 2, 1), putn(f, 118, 2, 1);     /* ascent, descent */
        put8(f, 64);                                /* fractional cadence 64/128 */
        put8(f, 0xAA), put8(f, 0xBB), put8(f, 0xCC); /* developer field */
    }

    if (!o.no_activity) {
        static const fdef act[] = {{253, 4, 0x86}, {5, 4, 0x86}};
        const uint32_t end = t0 + 3724 + (uint32_t)(o.nsessions - 1) * 86400;
        definition(f, 4, 0, 34, act, 2, 0);
        put8(f, 4), putn(f, end, 4, 0), putn(f, end + NZ_OFFSET, 4, 0);
    }

    uint32_t data_size = (uint32_t)(f->n - 14);
    for (int i = 0; i < 4; i++)
        f->b[4 + i] = (unsigned char)(data_size >> (8 * i));
    uint16_t hc = crc(f->b, 12);
    f->b[12] = hc & 0xFF, f->b[13] = hc >> 8;
    uint16_t fc = crc(f->b, f->n);
    putn(f, fc, 2, 0);
}

static const fitopt RUN = {1, 0, 1, 0};

static kp_status import(const void *p, size_t n)
{
    return kp__import_buffer(&log_, p, n, "w.fit", NULL);
}

static int has_warning(const char *text)
{
    for (size_t i = 0; i < log_.nwarnings; i++)
        if (strstr(log_.warnings[i], text))
            return 1;
    return 0;
}

/* ---- decoder ----------------------------------------------------------- */

Test(fit, session_fields_by_construction)
{
    fitbuf f;
    build(&f, RUN);
    kp__fit_result r;
    cr_assert_eq(kp__fit_decode(f.b, f.n, "w.fit", &r), KP_OK, "%s", kp_error_message());
    cr_assert_eq(r.nsessions, 1);
    const kp__fit_session *s = &r.sessions[0];
    cr_assert_eq(s->sport, 1);
    cr_assert_eq(s->sub_sport, 3);
    cr_assert_eq(s->start_utc, start_unix());
    cr_assert_eq(s->start_local, start_unix() + NZ_OFFSET);
    cr_assert_float_eq(s->distance_m, 10000.0, 1e-9);
    cr_assert_float_eq(s->elapsed_s, 3723.5, 1e-9);
    cr_assert_float_eq(s->timer_s, 3600.0, 1e-9);
    cr_assert_float_eq(s->ascent_m, 120.0, 1e-9);
    cr_assert_float_eq(s->descent_m, 118.0, 1e-9);
    /* per leg 85 + 64/128 strides/min = 171 steps/min */
    cr_assert_float_eq(s->avg_cadence, 171.0, 1e-9);
    cr_assert_float_eq(s->avg_hr, 150.0, 1e-9);
    cr_assert_float_eq(s->max_hr, 178.0, 1e-9);
    cr_assert_eq(r.manufacturer, 1);
    cr_assert_eq(r.truncated, 0);
    kp__fit_result_free(&r);
}

Test(fit, compressed_timestamp_rolls_over)
{
    /* the session has neither timestamp nor start_time: its time comes from
     * the compressed header alone.  Last full time tr = (t0 & ~31) + 62,
     * the record's offset 2 < 30 rolls over: tr + 4 = (t0 & ~31) + 66
     * (low bits 2); the session's offset 5 >= 2: (t0 & ~31) + 69.  Start =
     * that minus the 3723.5 s elapsed (rounded half away: 3724). */
    fitopt o = RUN;
    o.compressed_session = 1;
    fitbuf f;
    build(&f, o);
    kp__fit_result r;
    cr_assert_eq(kp__fit_decode(f.b, f.n, "w.fit", &r), KP_OK, "%s", kp_error_message());
    cr_assert_eq(r.nsessions, 1);
    int64_t t0 = start_unix() - FIT_EPOCH;
    int64_t want = (t0 & ~31LL) + 69 - 3724 + FIT_EPOCH;
    cr_assert_eq(r.sessions[0].start_utc, want, "%lld vs %lld",
                 (long long)r.sessions[0].start_utc, (long long)want);
    kp__fit_result_free(&r);
}

Test(fit, run_enters_the_log_on_the_local_day)
{
    fitbuf f;
    build(&f, RUN);
    cr_assert_eq(import(f.b, f.n), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    const kp__run *r = &log_.runs[0];
    /* 20:30 UTC on 1 May is 08:30 on 2 May in New Zealand */
    cr_assert_eq(r->day, kp__days_from_civil(2024, 5, 2));
    cr_assert_eq(r->start_sec, start_unix() + NZ_OFFSET);
    cr_assert_float_eq(r->distance_km, 10.0, 1e-9);
    cr_assert_float_eq(r->duration_min, 60.0, 1e-9);
    cr_assert_float_eq(r->elevation_gain_m, 120.0, 1e-9);
    cr_assert(r->is_run);
    cr_assert_eq(log_.nwarnings, 0);
}

Test(fit, without_local_time_the_utc_day_is_used)
{
    fitopt o = RUN;
    o.no_activity = 1;
    fitbuf f;
    build(&f, o);
    cr_assert_eq(import(f.b, f.n), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.runs[0].day, kp__days_from_civil(2024, 5, 1));
}

Test(fit, fed_one_byte_at_a_time)
{
    fitbuf f;
    build(&f, RUN);
    kp__importer *imp;
    cr_assert_eq(kp__import_begin(&imp, &log_, "w.fit", NULL), KP_OK);
    for (size_t i = 0; i < f.n; i++)
        cr_assert_eq(kp__import_feed(imp, (const char *)f.b + i, 1), KP_OK);
    cr_assert_eq(kp__import_end(imp), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    cr_assert_float_eq(log_.runs[0].distance_km, 10.0, 1e-9);
}

Test(fit, other_sports_are_skipped_by_name)
{
    fitopt o = RUN;
    o.sport = 2;  /* cycling */
    o.nsessions = 2;
    fitbuf f;
    build(&f, o);
    cr_assert_eq(import(f.b, f.n), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 0);
    cr_assert(has_warning("w.fit: 2 cycling activities skipped"), "%s",
              log_.nwarnings ? log_.warnings[0] : "(no warning)");
}

Test(fit, two_sessions_two_runs)
{
    fitopt o = RUN;
    o.nsessions = 2;
    fitbuf f;
    build(&f, o);
    cr_assert_eq(import(f.b, f.n), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 2);
    cr_assert_float_eq(log_.runs[0].distance_km + log_.runs[1].distance_km, 20.5, 1e-9);
}

Test(fit, bad_file_crc_is_an_error_naming_the_byte)
{
    fitbuf f;
    build(&f, RUN);
    f.b[40] ^= 0x01;
    cr_assert_eq(import(f.b, f.n), KP_EPARSE);
    char want[64];
    snprintf(want, sizeof want, "bad CRC at byte %zu", f.n - 2);
    cr_assert(strstr(kp_error_message(), want), "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 0);
}

Test(fit, bad_header_crc_is_an_error)
{
    fitbuf f;
    build(&f, RUN);
    f.b[13] ^= 0x40;
    cr_assert_eq(import(f.b, f.n), KP_EPARSE);
    cr_assert(strstr(kp_error_message(), "bad header CRC at byte 12"), "%s", kp_error_message());
}

Test(fit, zero_header_crc_means_none)
{
    fitbuf f;
    build(&f, RUN);
    /* with the header CRC zeroed, the file CRC must be recomputed */
    f.b[12] = f.b[13] = 0;
    uint16_t fc = crc(f.b, f.n - 2);
    f.b[f.n - 2] = fc & 0xFF, f.b[f.n - 1] = fc >> 8;
    cr_assert_eq(import(f.b, f.n), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 1);
}

Test(fit, truncated_file_keeps_what_was_read)
{
    fitopt o = RUN;
    o.nsessions = 2;
    fitbuf f;
    build(&f, o);
    /* cut inside the second session's data message */
    cr_assert_eq(import(f.b, second_session_at + 10), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    cr_assert_float_eq(log_.runs[0].distance_km, 10.0, 1e-9);
    char want[80];
    snprintf(want, sizeof want, "ends early at byte %zu", second_session_at);
    cr_assert(has_warning(want), "%s", log_.nwarnings ? log_.warnings[0] : "(no warning)");
}

Test(fit, truncated_before_any_session_is_an_error)
{
    fitbuf f;
    build(&f, RUN);
    cr_assert_eq(import(f.b, 60), KP_EPARSE);
    cr_assert(strstr(kp_error_message(), "without an activity session (it ends early)"), "%s",
              kp_error_message());
}

Test(fit, undefined_local_message_is_an_error)
{
    fitbuf f;
    build(&f, RUN);
    /* the first definition's header byte becomes a data message of type 7 */
    f.b[14] = 0x07;
    uint16_t fc = crc(f.b, f.n - 2);
    f.b[f.n - 2] = fc & 0xFF, f.b[f.n - 1] = fc >> 8;
    cr_assert_eq(import(f.b, f.n), KP_EPARSE);
    cr_assert(strstr(kp_error_message(), "byte 14: FIT data message for local type 7"), "%s",
              kp_error_message());
}

Test(fit, requested_fit_but_csv_given)
{
    kp_import_options o = KP_IMPORT_OPTIONS_INIT;
    o.format = KP_FORMAT_FIT;
    const char csv[] = "date,distance_km\n2024-05-01,8\n";
    cr_assert_eq(kp__import_buffer(&log_, csv, sizeof csv - 1, "x.csv", &o), KP_EFORMAT);
    cr_assert(strstr(kp_error_message(), "not a FIT file"), "%s", kp_error_message());
}

Test(fit, csv_shorter_than_the_sniff_window_still_imports)
{
    const char csv[] = "foo,bar\n";   /* 8 bytes: an unknown header */
    cr_assert_eq(kp__import_buffer(&log_, csv, sizeof csv - 1, "x.csv", NULL), KP_EFORMAT);
    cr_assert(strstr(kp_error_message(), "header not recognised"), "%s", kp_error_message());
}

/* ---- gzip -------------------------------------------------------------- */

static size_t gzip(const void *in, size_t n, unsigned char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    cr_assert_eq(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t len = cap - z.avail_out;
    deflateEnd(&z);
    return len;
}

Test(fit, gzip_fit_is_inflated_then_detected)
{
    fitbuf f;
    build(&f, RUN);
    unsigned char gz[8192];
    size_t n = gzip(f.b, f.n, gz, sizeof gz);
    cr_assert_eq(import(gz, n), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    cr_assert_float_eq(log_.runs[0].distance_km, 10.0, 1e-9);
}

Test(fit, gzip_csv_goes_to_the_csv_importer)
{
    const char csv[] = "date,distance_km\n2024-05-01,8.5\n2024-05-03,6\n";
    unsigned char gz[512];
    size_t n = gzip(csv, sizeof csv - 1, gz, sizeof gz);
    cr_assert_eq(kp__import_buffer(&log_, (const char *)gz, n, "log.csv.gz", NULL), KP_OK,
                 "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 2);
    cr_assert_float_eq(log_.runs[0].distance_km + log_.runs[1].distance_km, 14.5, 1e-9);
}

Test(fit, damaged_gzip_says_what_it_is)
{
    fitbuf f;
    build(&f, RUN);
    unsigned char gz[8192];
    size_t n = gzip(f.b, f.n, gz, sizeof gz);
    cr_assert_eq(import(gz, n / 2), KP_EPARSE);
    cr_assert(strstr(kp_error_message(), "a gzip file that ends early"), "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 0);
}

/* ---- committed fixtures ------------------------------------------------- */

/* tests/fixtures/logs/watch_run.fit is build(RUN) written out (run this
 * program with KP_WRITE_FIT_FIXTURE=path to regenerate it), so the fuzz
 * seeds and the CLI tests use a file whose every figure is known. */
Test(fit, committed_fixture_is_the_built_file)
{
    fitbuf f;
    build(&f, RUN);
    const char *out = getenv("KP_WRITE_FIT_FIXTURE");
    if (out) {
        FILE *w = fopen(out, "wb");
        cr_assert(w && fwrite(f.b, 1, f.n, w) == f.n && fclose(w) == 0);
    }
    FILE *r = fopen(KP_SRCDIR "/tests/fixtures/logs/watch_run.fit", "rb");
    cr_assert(r, "tests/fixtures/logs/watch_run.fit missing");
    unsigned char got[8192];
    size_t n = fread(got, 1, sizeof got, r);
    fclose(r);
    cr_assert_eq(n, f.n);
    cr_assert(!memcmp(got, f.b, n));
}

Test(fit, committed_gzip_fixture)
{
    FILE *r = fopen(KP_SRCDIR "/tests/fixtures/logs/watch_run.fit.gz", "rb");
    cr_assert(r, "tests/fixtures/logs/watch_run.fit.gz missing");
    unsigned char got[8192];
    size_t n = fread(got, 1, sizeof got, r);
    fclose(r);
    cr_assert_eq(import(got, n), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    cr_assert_float_eq(log_.runs[0].distance_km, 10.0, 1e-9);
}

/* ---- real recordings --------------------------------------------------- */

static int same(double c, double py)
{
    return py < 0 ? isnan(c) : fabs(c - py) < 1e-6;
}

/* One real FIT file against tests/fit_summary.py, session by session;
 * returns the number of sessions. */
static size_t compare_fit(const char *path, const char *name)
{
    char cmd[4400];
    size_t n;
    unsigned char *buf = read_any(path, &n);
    kp__fit_result r;
    cr_assert_eq(kp__fit_decode(buf, n, name, &r), KP_OK, "%s", kp_error_message());
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/fit_summary.py '%s'", KP_SRCDIR, path);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    size_t i = 0;
    int sport;
    double dist, timer, elapsed, ascent, cad, maxhr;
    while (fscanf(p, "%d %lf %lf %lf %lf %lf %lf", &sport, &dist, &timer, &elapsed, &ascent,
                  &cad, &maxhr) == 7) {
        cr_assert(i < r.nsessions, "%s: fewer sessions than the reader found", name);
        const kp__fit_session *s = &r.sessions[i];
        cr_assert_eq(s->sport, sport, "%s session %zu sport", name, i);
        /* a session without distance takes the records' (Suunto) */
        cr_assert(dist < 0 ? s->distance_m > 0 : same(s->distance_m, dist),
                  "%s session %zu distance %f vs %f", name, i, s->distance_m, dist);
        cr_assert(same(s->timer_s, timer), "%s session %zu timer", name, i);
        cr_assert(same(s->elapsed_s, elapsed), "%s session %zu elapsed", name, i);
        cr_assert(same(s->ascent_m, ascent), "%s session %zu ascent", name, i);
        double legs = sport == 1 || sport == 11 ? 2 : 1;
        cr_assert(same(s->avg_cadence, cad < 0 ? -1 : legs * cad),
                  "%s session %zu cadence %f vs %f", name, i, s->avg_cadence, cad);
        cr_assert(same(s->max_hr, maxhr), "%s session %zu max HR", name, i);
        i++;
    }
    cr_assert_eq(pclose(p), 0, "%s: fit_summary.py failed", name);
    cr_assert_eq(i, r.nsessions, "%s: %zu sessions vs %zu", name, r.nsessions, i);
    cr_assert_eq(r.truncated, 0, "%s", r.warning);
    kp__fit_result_free(&r);
    free(buf);
    return i;
}

/* Every FIT session of every real recording against tests/fit_summary.py,
 * an independent reader, field by field. */
Test(fit, real_recordings_match_an_independent_reader)
{
    char dir[1024];
    if (!watch_logs(dir, sizeof dir))
        cr_skip_test("../shared/data/watch-logs not present");
    if (access("/usr/bin/python3", X_OK))
        cr_skip_test("/usr/bin/python3 not present");
    static const char *const sub[] = {"fit", "gz", "strava-export/activities", NULL};
    static const char *const ext[] = {".fit", NULL};
    size_t sessions = 0;
    size_t files = each_watch_file(dir, sub, ext, compare_fit, &sessions);
    cr_assert_geq(files, 30, "only %zu FIT files found in %s", files, dir);
    cr_log_info("%zu FIT files, %zu sessions compared", files, sessions);
}
