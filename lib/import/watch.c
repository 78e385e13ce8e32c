/*
 * watch.c - FIT (and gzip-wrapped) activity files into the training log.
 */
#include "watch.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include "import.h"
#include "fit.h"

int kp__watch_sniff(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1F && p[1] == 0x8B)
        return KP__FORMAT_GZIP;
    if (kp__fit_sniff(p, n))
        return KP_FORMAT_FIT;
    return KP_FORMAT_AUTO;
}

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return kp__calloc(items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    kp__free(p);
}

/* Inflate a gzip file (several members are read one after the other). */
static kp_status gunzip(const unsigned char *in, size_t n, const char *name,
                        unsigned char **out, size_t *out_size)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    z.zalloc = z_alloc;
    z.zfree = z_free;
    *out = NULL;
    *out_size = 0;
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return kp__oom();
    size_t cap = n * 4 < 65536 ? 65536 : n * 4, len = 0;
    if (cap > KP_WATCH_MAX_BYTES)
        cap = KP_WATCH_MAX_BYTES;
    unsigned char *buf = kp__malloc(cap);
    kp_status rc = buf ? KP_OK : kp__oom();
    z.next_in = (Bytef *)in;
    size_t left = n;
    while (!rc) {
        if (len == cap) {
            if (cap >= KP_WATCH_MAX_BYTES) {
                rc = kp__error(KP_EPARSE, "%s: a gzip file that inflates to more than %zu MiB",
                               name, KP_WATCH_MAX_BYTES >> 20);
                break;
            }
            size_t ncap = cap * 2 > KP_WATCH_MAX_BYTES ? KP_WATCH_MAX_BYTES : cap * 2;
            unsigned char *nb = kp__realloc(buf, ncap);
            if (!nb) {
                rc = kp__oom();
                break;
            }
            buf = nb, cap = ncap;
        }
        uInt in_chunk = left > 1u << 30 ? 1u << 30 : (uInt)left;
        uInt out_chunk = cap - len > 1u << 30 ? 1u << 30 : (uInt)(cap - len);
        z.avail_in = in_chunk;
        z.next_out = buf + len;
        z.avail_out = out_chunk;
        int zr = inflate(&z, Z_NO_FLUSH);
        left -= in_chunk - z.avail_in;
        len += out_chunk - z.avail_out;
        if (zr == Z_STREAM_END) {
            /* another member follows (gzip allows concatenation) */
            if (left >= 2 && z.next_in[0] == 0x1F && z.next_in[1] == 0x8B) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if (zr == Z_MEM_ERROR) {
            rc = kp__oom();
        } else if (zr == Z_BUF_ERROR && left == 0) {
            rc = kp__error(KP_EPARSE, "%s: a gzip file that ends early (byte %zu)", name, n);
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            rc = kp__error(KP_EPARSE, "%s: a damaged gzip file at byte %zu (%s)", name,
                           n - left, z.msg ? z.msg : "inflate failed");
        }
    }
    inflateEnd(&z);
    if (rc) {
        kp__free(buf);
        return rc;
    }
    *out = buf;
    *out_size = len;
    return KP_OK;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static kp_status import_fit(kp__log *log, const unsigned char *data, size_t size,
                            const char *name, const kp_import_options *opts)
{
    kp__fit_result res;
    kp_status rc = kp__fit_decode(data, size, name, &res);
    if (rc)
        return rc;
    if (!res.nsessions) {
        rc = kp__error(KP_EPARSE, "%s: a FIT file without an activity session%s", name,
                       res.truncated ? " (it ends early)" : "");
        kp__fit_result_free(&res);
        return rc;
    }
    kp__row_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.log = log;
    ctx.name = name;
    ctx.opts = opts;
    /* sessions of other sports, counted per sport for one warning each */
    size_t other[256] = {0}, unknown_sport = 0;
    if (res.truncated)
        rc = kp__log_warn(log, "%s", res.warning);
    for (size_t i = 0; !rc && i < res.nsessions; i++) {
        const kp__fit_session *s = &res.sessions[i];
        ctx.line = (long)i + 1;
        if (s->sport != KP_FIT_SPORT_RUNNING) {
            if (s->sport >= 0 && s->sport < 256)
                other[s->sport]++;
            else
                unknown_sport++;
            continue;
        }
        int64_t start = s->start_local >= 0 ? s->start_local : s->start_utc;
        if (start < 0 || isnan(s->distance_m) || s->distance_m > 1e6) {
            rc = kp__import_warn(&ctx, "FIT session %zu has no %s", i + 1,
                                 start < 0 ? "start time" : "usable distance");
            continue;
        }
        kp__run run;
        memset(&run, 0, sizeof run);
        run.day = (int32_t)floor_div(start, 86400);
        run.start_sec = start;
        run.distance_km = s->distance_m / 1000.0;
        double sec = !isnan(s->timer_s) ? s->timer_s : s->elapsed_s;
        run.duration_min = isnan(sec) ? NAN : sec / 60.0;
        run.rpe = NAN;
        run.elevation_gain_m = s->ascent_m;
        run.gear = -1;
        run.is_run = 1;
        rc = kp__import_add(&ctx, &run);
    }
    for (int sp = 0; !rc && sp < 256; sp++)
        if (other[sp]) {
            const char *sn = kp__fit_sport_name(sp);
            char code[32];
            if (!sn)
                snprintf(code, sizeof code, "sport %d", sp), sn = code;
            rc = kp__log_warn(log, "%s: %zu %s %s skipped (only runs are imported)", name,
                              other[sp], sn, other[sp] == 1 ? "activity" : "activities");
        }
    if (!rc && unknown_sport)
        rc = kp__log_warn(log, "%s: %zu %s without a sport skipped", name, unknown_sport,
                          unknown_sport == 1 ? "activity" : "activities");
    if (!rc && ctx.duplicates)
        rc = kp__log_warn(log, "%s: %zu duplicate activities (same start time and distance) "
                          "counted once", name, ctx.duplicates);
    kp__fit_result_free(&res);
    return rc;
}

kp_status kp__watch_import(kp__log *log, const unsigned char *data, size_t size,
                           const char *name, const kp_import_options *opts)
{
    int kind = kp__watch_sniff(data, size);
    if (kind == KP__FORMAT_GZIP) {
        unsigned char *inner;
        size_t n;
        kp_status rc = gunzip(data, size, name, &inner, &n);
        if (rc)
            return rc;
        if (kp__watch_sniff(inner, n) == KP__FORMAT_GZIP)
            rc = kp__error(KP_EFORMAT, "%s: a gzip file holding another gzip file", name);
        else if (kp__watch_sniff(inner, n) == KP_FORMAT_AUTO)
            rc = kp__import_buffer(log, (const char *)inner, n, name, opts);
        else
            rc = kp__watch_import(log, inner, n, name, opts);
        kp__free(inner);
        return rc;
    }
    if (opts->format != KP_FORMAT_AUTO && (int)opts->format != kind)
        return kp__error(KP_EFORMAT, "%s: not the requested format (the content is %s)", name,
                         kind == KP_FORMAT_FIT ? "a FIT file" : "not a watch file");
    if (kind == KP_FORMAT_FIT)
        return import_fit(log, data, size, name, opts);
    return kp__error(KP_EFORMAT, "%s: not a FIT file", name);
}
