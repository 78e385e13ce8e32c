/*
 * watch.c - FIT, GPX and TCX (and gzip-wrapped) activity files into the
 * training log: detection, gzip, and dispatch to the readers.
 */
#include "watch.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include "activity.h"
#include "export.h"
#include "fit.h"
#include "gpx.h"
#include "import.h"
#include "tcx.h"
#include "xml.h"

/* An XML document: after a byte-order mark and white space, the XML
 * declaration, a comment or the root element of GPX or TCX. */
static int xml_sniff(const unsigned char *p, size_t n)
{
    static const char *const starts[] = {"<?xml", "<!--", "<gpx", "<TrainingCenterDatabase"};
    if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3, n -= 3;
    while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++, n--;
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++) {
        size_t len = strlen(starts[i]);
        if (n >= len && !memcmp(p, starts[i], len))
            return 1;
        /* the sniffed bytes may end inside the long TCX root name */
        if (n < len && n > 4 && !memcmp(p, starts[i], n))
            return 1;
    }
    return 0;
}

int kp__watch_sniff(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1F && p[1] == 0x8B)
        return KP__FORMAT_GZIP;
    if (kp__fit_sniff(p, n))
        return KP_FORMAT_FIT;
    if (kp__export_is_zip(p, n))
        return KP__FORMAT_ZIP;
    return xml_sniff(p, n) ? KP__FORMAT_XML : KP_FORMAT_AUTO;
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

/* FIT sessions as activities: the sport's English name, runs by code. */
static kp_status fit_activities(const kp__fit_result *res, kp__activities *out)
{
    for (size_t i = 0; i < res->nsessions; i++) {
        const kp__fit_session *s = &res->sessions[i];
        kp__activity a;
        kp__activity_clear(&a);
        const char *sn = kp__fit_sport_name(s->sport);
        if (sn)
            snprintf(a.sport, sizeof a.sport, "%s", sn);
        else if (s->sport >= 0 && s->sport < 256)
            snprintf(a.sport, sizeof a.sport, "sport %d", s->sport);
        a.is_run = s->sport == KP_FIT_SPORT_RUNNING;
        a.start_utc = s->start_utc >= 0 ? (double)s->start_utc : NAN;
        a.start_local = s->start_local >= 0 ? (double)s->start_local : NAN;
        a.distance_m = s->distance_m;
        a.elapsed_s = s->elapsed_s;
        a.moving_s = s->timer_s;
        a.ascent_m = s->ascent_m;
        a.descent_m = s->descent_m;
        a.cadence_spm = s->avg_cadence;
        a.avg_hr = s->avg_hr;
        a.max_hr = s->max_hr;
        kp_status rc = kp__activities_push(out, &a);
        if (rc)
            return rc;
    }
    return KP_OK;
}

static kp_status read_fit(const unsigned char *data, size_t size, const char *name,
                          kp__log *log, kp__activities *out)
{
    kp__fit_result res;
    kp_status rc = kp__fit_decode(data, size, name, &res);
    if (rc)
        return rc;
    if (!res.nsessions)
        rc = kp__error(KP_EPARSE, "%s: a FIT file without an activity session%s", name,
                       res.truncated ? " (it ends early)" : "");
    if (!rc && res.truncated)
        rc = kp__log_warn(log, "%s", res.warning);
    if (!rc)
        rc = fit_activities(&res, out);
    kp__fit_result_free(&res);
    return rc;
}

static const char *format_words(int kind)
{
    switch (kind) {
    case KP_FORMAT_FIT: return "a FIT file";
    case KP_FORMAT_GPX: return "a GPX file";
    case KP_FORMAT_TCX: return "a TCX file";
    default: return "not a watch file";
    }
}

static int contains(const unsigned char *p, size_t n, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i + len <= n; i++)
        if (p[i] == (unsigned char)s[0] && !memcmp(p + i, s, len))
            return 1;
    return 0;
}

/* An XML document is GPX or TCX by its root element. */
static kp_status xml_kind(const unsigned char *data, size_t size, const char *name, int *kind)
{
    char root[64];
    /* for messages before the root element is known */
    size_t head = size < 4096 ? size : 4096;
    const char *what = contains(data, head, "<gpx") ? "GPX"
                       : contains(data, head, "<TrainingCenterDatabase") ? "TCX" : "XML";
    kp_status rc = kp__xml_root(data, size, name, what, root, sizeof root);
    if (rc)
        return rc;
    if (!strcmp(root, "gpx"))
        *kind = KP_FORMAT_GPX;
    else if (!strcmp(root, "TrainingCenterDatabase"))
        *kind = KP_FORMAT_TCX;
    else
        return kp__error(KP_EFORMAT, "%s: an XML file that is neither GPX nor TCX "
                         "(root element <%s>)", name, root);
    return KP_OK;
}

kp_status kp__watch_activities(kp__log *log, const unsigned char *data, size_t size,
                               const char *name, kp__activities *out)
{
    int kind = kp__watch_sniff(data, size);
    kp_status rc = KP_OK;
    if (kind == KP__FORMAT_GZIP) {
        unsigned char *inner;
        size_t n;
        rc = gunzip(data, size, name, &inner, &n);
        if (rc)
            return rc;
        int inner_kind = kp__watch_sniff(inner, n);
        if (inner_kind == KP__FORMAT_GZIP || inner_kind == KP__FORMAT_ZIP ||
            inner_kind == KP_FORMAT_AUTO)
            rc = kp__error(KP_EFORMAT, "%s: a gzip file holding %s", name,
                           inner_kind == KP_FORMAT_AUTO ? "no activity file"
                                                        : "another archive");
        else
            rc = kp__watch_activities(log, inner, n, name, out);
        kp__free(inner);
        return rc;
    }
    if (kind == KP__FORMAT_XML)
        rc = xml_kind(data, size, name, &kind);
    if (rc)
        return rc;
    if (kind == KP_FORMAT_FIT)
        return read_fit(data, size, name, log, out);
    if (kind == KP_FORMAT_GPX)
        return kp__gpx_read(data, size, name, out);
    if (kind == KP_FORMAT_TCX)
        return kp__tcx_read(data, size, name, out);
    return kp__error(KP_EFORMAT, "%s: not an activity file (FIT, GPX or TCX)", name);
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
    kp_status rc = KP_OK;
    if (kind == KP__FORMAT_ZIP) {
        if (opts->format != KP_FORMAT_AUTO && opts->format != KP_FORMAT_STRAVA)
            return kp__error(KP_EFORMAT, "%s: not the requested format (the content is a "
                             "ZIP archive)", name);
        return kp__export_zip(log, data, size, name, opts);
    }
    if (kind == KP__FORMAT_XML)
        rc = xml_kind(data, size, name, &kind);
    if (rc)
        return rc;
    if (opts->format != KP_FORMAT_AUTO && (int)opts->format != kind)
        return kp__error(KP_EFORMAT, "%s: not the requested format (the content is %s)", name,
                         format_words(kind));
    kp__activities list = {0};
    rc = kp__watch_activities(log, data, size, name, &list);
    if (!rc)
        rc = kp__activities_import(log, &list, name, opts);
    kp__activities_free(&list);
    return rc;
}
