/*
 * fit.c - FIT activity-file decoder (see fit.h for why it is hand-written).
 *
 * Layout, from the public FIT protocol:
 *   file header  size (12 or 14), protocol version, profile version (u16 LE),
 *                data size (u32 LE), ".FIT", [header CRC (u16 LE), 0 = none]
 *   records      data size bytes of records, each starting with a header byte:
 *                  bit 7 set   compressed-timestamp data message: bits 5-6 local
 *                              type (0..3), bits 0-4 seconds, replacing the low
 *                              5 bits of the last full timestamp (rolling over)
 *                  bit 6 set   definition message; bit 5 = developer fields follow
 *                  otherwise   data message; bits 0-3 local type (0..15)
 *   file CRC     u16 LE, CRC-16 (polynomial 0xA001 reflected, initial 0) of all
 *                bytes before it, header included
 * A definition message: reserved, architecture (0 little, 1 big endian),
 * global message number (u16 in that byte order), field count, then 3 bytes
 * per field (field number, size, base type); with the developer bit, a count
 * and 3 bytes per developer field (number, size, developer index).
 * Timestamps count seconds from 1989-12-31 00:00:00 UTC.
 */
#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "../internal.h"

#define FIT_EPOCH 631065600LL   /* 1989-12-31T00:00:00Z in Unix seconds */
#define MAX_SESSIONS 100000     /* bounds memory for hostile files */

/* global message numbers and field numbers (FIT profile) */
enum { MSG_FILE_ID = 0, MSG_SESSION = 18, MSG_RECORD = 20, MSG_ACTIVITY = 34 };
enum { F_TIMESTAMP = 253, R_DISTANCE = 5 };
enum {
    S_START_TIME = 2, S_SPORT = 5, S_SUB_SPORT = 6, S_ELAPSED = 7, S_TIMER = 8,
    S_DISTANCE = 9, S_AVG_HR = 16, S_MAX_HR = 17, S_AVG_CADENCE = 18,
    S_ASCENT = 22, S_DESCENT = 23, S_AVG_FRACT_CADENCE = 41,
};
enum { A_LOCAL_TIMESTAMP = 5 };
enum { FILE_ID_MANUFACTURER = 1, FILE_ID_PRODUCT = 2 };
#define SPORT_WALKING 11

typedef struct fit_field {
    uint8_t num, size, type;
} fit_field;

typedef struct fit_def {
    int defined;
    int big_endian;
    uint16_t global;
    uint8_t nfields;
    uint32_t size;            /* bytes of one data message, developer fields included */
    int ts_offset;            /* byte offset of field 253 (u32), or -1 */
    int dist_offset;          /* record messages: offset of distance (u32), or -1 */
    fit_field fields[255];
} fit_def;

typedef struct fit_state {
    fit_def defs[16];
    uint32_t last_ts;         /* last full timestamp seen (FIT seconds) */
    int have_ts;
    int64_t local_offset;     /* activity local_timestamp - timestamp */
    int have_offset;
    int64_t record_distance;  /* largest record distance (cm) since the last session, -1 */
} fit_state;

int kp__fit_sniff(const unsigned char *p, size_t n)
{
    return n >= 12 && (p[0] == 12 || p[0] >= 14) && !memcmp(p + 8, ".FIT", 4);
}

static void crc_table(uint16_t t[256])
{
    for (unsigned i = 0; i < 256; i++) {
        uint16_t c = (uint16_t)i;
        for (int k = 0; k < 8; k++)
            c = (uint16_t)(c & 1 ? (c >> 1) ^ 0xA001 : c >> 1);
        t[i] = c;
    }
}

static uint16_t crc16(const uint16_t t[256], const unsigned char *p, size_t n)
{
    uint16_t c = 0;
    for (size_t i = 0; i < n; i++)
        c = (uint16_t)((c >> 8) ^ t[(c ^ p[i]) & 0xFF]);
    return c;
}

static uint32_t rd(const unsigned char *p, unsigned size, int be)
{
    switch (size) {
    case 1: return p[0];
    case 2: return be ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
    default:
        return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
                  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    }
}

/* Value of an unsigned field (enum, uintN, uintNz), first element of an
 * array; -1 when the field holds its "invalid" value or has an odd size. */
static int64_t field_value(const fit_field *f, const unsigned char *p, int be, unsigned want)
{
    if (f->size < want || f->size % want)
        return -1;
    uint32_t v = rd(p, want, be);
    uint32_t invalid = want == 1 ? 0xFFu : want == 2 ? 0xFFFFu : 0xFFFFFFFFu;
    int zero_invalid = (f->type & 0x1F) == 0x0A || (f->type & 0x1F) == 0x0B ||
                       (f->type & 0x1F) == 0x0C;
    if (v == invalid || (zero_invalid && v == 0))
        return -1;
    return v;
}

static double scaled(int64_t v, double scale)
{
    return v < 0 ? NAN : (double)v / scale;
}

static kp_status add_session(kp__fit_result *res, const fit_def *d, const unsigned char *p,
                             const fit_state *st, const char *name, size_t at)
{
    kp__fit_session s;
    int64_t start = -1, ts = st->have_ts ? (int64_t)st->last_ts : -1, cad = -1, frac = -1;
    s.sport = s.sub_sport = -1;
    s.start_utc = s.start_local = -1;
    s.distance_m = s.elapsed_s = s.timer_s = s.ascent_m = s.descent_m = NAN;
    s.avg_cadence = s.avg_hr = s.max_hr = NAN;
    for (unsigned i = 0; i < d->nfields; i++) {
        const fit_field *f = &d->fields[i];
        const int be = d->big_endian;
        switch (f->num) {
        case F_TIMESTAMP: ts = field_value(f, p, be, 4); break;
        case S_START_TIME: start = field_value(f, p, be, 4); break;
        case S_SPORT: s.sport = (int)field_value(f, p, be, 1); break;
        case S_SUB_SPORT: s.sub_sport = (int)field_value(f, p, be, 1); break;
        case S_ELAPSED: s.elapsed_s = scaled(field_value(f, p, be, 4), 1000); break;
        case S_TIMER: s.timer_s = scaled(field_value(f, p, be, 4), 1000); break;
        case S_DISTANCE: s.distance_m = scaled(field_value(f, p, be, 4), 100); break;
        case S_AVG_HR: s.avg_hr = scaled(field_value(f, p, be, 1), 1); break;
        case S_MAX_HR: s.max_hr = scaled(field_value(f, p, be, 1), 1); break;
        case S_AVG_CADENCE: cad = field_value(f, p, be, 1); break;
        case S_AVG_FRACT_CADENCE: frac = field_value(f, p, be, 1); break;
        case S_ASCENT: s.ascent_m = scaled(field_value(f, p, be, 2), 1); break;
        case S_DESCENT: s.descent_m = scaled(field_value(f, p, be, 2), 1); break;
        default: break;
        }
        p += f->size;
    }
    if (start < 0 && ts >= 0 && !isnan(s.elapsed_s))
        start = ts - (int64_t)llround(s.elapsed_s);
    /* some devices leave the session distance out: the records have it */
    if (isnan(s.distance_m) && st->record_distance >= 0)
        s.distance_m = (double)st->record_distance / 100.0;
    if (start >= 0)
        s.start_utc = start + FIT_EPOCH;
    if (cad >= 0) {
        double c = (double)cad + (frac >= 0 ? (double)frac / 128.0 : 0.0);
        /* running and walking cadence is counted per leg (strides/min) */
        s.avg_cadence = s.sport == KP_FIT_SPORT_RUNNING || s.sport == SPORT_WALKING ? 2 * c : c;
    }
    if (res->nsessions >= MAX_SESSIONS)
        return kp__error(KP_EPARSE, "%s: byte %zu: more than %d sessions in a FIT file", name,
                         at, MAX_SESSIONS);
    if (kp__grow((void **)&res->sessions, &res->cap, res->nsessions + 1, sizeof s))
        return kp__oom();
    res->sessions[res->nsessions++] = s;
    return KP_OK;
}

static void read_activity(fit_state *st, const fit_def *d, const unsigned char *p)
{
    int64_t ts = st->have_ts ? (int64_t)st->last_ts : -1, local = -1;
    for (unsigned i = 0; i < d->nfields; i++) {
        const fit_field *f = &d->fields[i];
        if (f->num == F_TIMESTAMP)
            ts = field_value(f, p, d->big_endian, 4);
        else if (f->num == A_LOCAL_TIMESTAMP)
            local = field_value(f, p, d->big_endian, 4);
        p += f->size;
    }
    /* the offset is a whole number of quarter hours at most 14 h away */
    if (ts >= 0 && local >= 0 && llabs(local - ts) <= 14 * 3600) {
        st->local_offset = local - ts;
        st->have_offset = 1;
    }
}

static void read_file_id(kp__fit_result *res, const fit_def *d, const unsigned char *p)
{
    for (unsigned i = 0; i < d->nfields; i++) {
        const fit_field *f = &d->fields[i];
        if (f->num == FILE_ID_MANUFACTURER)
            res->manufacturer = (int)field_value(f, p, d->big_endian, 2);
        else if (f->num == FILE_ID_PRODUCT)
            res->product = (int)field_value(f, p, d->big_endian, 2);
        p += f->size;
    }
}

static void truncated(kp__fit_result *res, const char *name, size_t at, const char *what)
{
    res->truncated = 1;
    snprintf(res->warning, sizeof res->warning,
             "%s: FIT file ends early at byte %zu (inside %s); the activities before it are kept",
             name, at, what);
}

/* Records of one FIT file: p[begin..end) (offsets into the whole buffer).
 * Returns KP_OK also when the data stop early (res->truncated). */
static kp_status decode_records(const unsigned char *buf, size_t begin, size_t end,
                                int short_data, const char *name, fit_state *st,
                                kp__fit_result *res)
{
    size_t i = begin;
    while (i < end) {
        const unsigned h = buf[i];
        const size_t at = i++;
        if (h & 0x40 && !(h & 0x80)) {
            /* definition message */
            fit_def *d = &st->defs[h & 0x0F];
            if (end - i < 5) {
                truncated(res, name, at, "a definition message");
                return KP_OK;
            }
            const int be = buf[i + 1];
            if (be > 1)
                return kp__error(KP_EPARSE, "%s: byte %zu: FIT definition message with "
                                 "architecture %d (0 or 1 expected)", name, at + 2, be);
            const unsigned nf = buf[i + 4];
            size_t need = 5 + 3 * (size_t)nf;
            if (end - i < need) {
                truncated(res, name, at, "a definition message");
                return KP_OK;
            }
            d->defined = 0;
            d->big_endian = be;
            d->global = (uint16_t)rd(buf + i + 2, 2, be);
            d->nfields = (uint8_t)nf;
            d->ts_offset = d->dist_offset = -1;
            uint32_t size = 0;
            for (unsigned k = 0; k < nf; k++) {
                const unsigned char *q = buf + i + 5 + 3 * k;
                fit_field *f = &d->fields[k];
                f->num = q[0], f->size = q[1], f->type = q[2];
                if (f->num == F_TIMESTAMP && f->size == 4)
                    d->ts_offset = (int)size;
                if (f->num == R_DISTANCE && f->size == 4 && d->global == MSG_RECORD)
                    d->dist_offset = (int)size;
                size += f->size;
            }
            i += need;
            if (h & 0x20) {
                /* developer fields: only their sizes matter */
                if (end - i < 1) {
                    truncated(res, name, at, "a definition message");
                    return KP_OK;
                }
                const unsigned ndev = buf[i];
                if (end - i < 1 + 3 * (size_t)ndev) {
                    truncated(res, name, at, "a definition message");
                    return KP_OK;
                }
                for (unsigned k = 0; k < ndev; k++)
                    size += buf[i + 1 + 3 * k + 1];
                i += 1 + 3 * (size_t)ndev;
            }
            d->size = size;
            d->defined = 1;
            continue;
        }
        /* data message, normal or with a compressed timestamp */
        const unsigned local = h & 0x80 ? (h >> 5) & 0x03 : h & 0x0F;
        const fit_def *d = &st->defs[local];
        if (!d->defined)
            return kp__error(KP_EPARSE, "%s: byte %zu: FIT data message for local type %u, "
                             "which no definition message describes", name, at, local);
        if (end - i < d->size) {
            truncated(res, name, at, "a data message");
            return KP_OK;
        }
        if (h & 0x80) {
            if (st->have_ts) {
                uint32_t off = h & 0x1F;
                uint32_t ts = (st->last_ts & ~0x1Fu) + off;
                if (off < (st->last_ts & 0x1F))
                    ts += 0x20;
                st->last_ts = ts;
            }
        } else if (d->ts_offset >= 0) {
            uint32_t ts = rd(buf + i + d->ts_offset, 4, d->big_endian);
            if (ts != 0xFFFFFFFFu)
                st->last_ts = ts, st->have_ts = 1;
        }
        const unsigned char *p = buf + i;
        kp_status rc = KP_OK;
        if (d->dist_offset >= 0) {
            uint32_t cm = rd(p + d->dist_offset, 4, d->big_endian);
            if (cm != 0xFFFFFFFFu && (int64_t)cm > st->record_distance)
                st->record_distance = cm;
        } else if (d->global == MSG_SESSION) {
            rc = add_session(res, d, p, st, name, at);
            st->record_distance = -1;
        }
        if (d->global == MSG_ACTIVITY)
            read_activity(st, d, p);
        else if (d->global == MSG_FILE_ID && res->manufacturer < 0)
            read_file_id(res, d, p);
        if (rc)
            return rc;
        i += d->size;
    }
    if (short_data)
        truncated(res, name, end, "the records");
    return KP_OK;
}

kp_status kp__fit_decode(const unsigned char *buf, size_t n, const char *name,
                         kp__fit_result *res)
{
    uint16_t table[256];
    memset(res, 0, sizeof *res);
    res->manufacturer = res->product = -1;
    if (!kp__fit_sniff(buf, n))
        return kp__error(KP_EFORMAT, "%s: not a FIT file (no \".FIT\" file header)", name);
    crc_table(table);
    fit_state *st = kp__calloc(1, sizeof *st);
    if (!st)
        return kp__oom();
    kp_status rc = KP_OK;
    size_t pos = 0;
    /* a file may hold several FIT files one after the other */
    while (!rc && !res->truncated && n - pos >= 12 && kp__fit_sniff(buf + pos, n - pos)) {
        const size_t hs = buf[pos];
        if (n - pos < hs) {
            truncated(res, name, pos, "the file header");
            break;
        }
        if (hs >= 14) {
            uint16_t stored = (uint16_t)rd(buf + pos + 12, 2, 0);
            if (stored && stored != crc16(table, buf + pos, 12)) {
                rc = kp__error(KP_EPARSE, "%s: a FIT file with a bad header CRC at byte %zu",
                               name, pos + 12);
                break;
            }
        }
        const size_t data_size = rd(buf + pos + 4, 4, 0);
        const size_t begin = pos + hs;
        size_t end = begin + data_size;
        int short_data = 0;
        if (data_size > n - begin) {
            end = n;
            short_data = 1;
        } else if (n - end < 2) {
            short_data = 1;  /* records complete, CRC missing */
        } else {
            uint16_t stored = (uint16_t)rd(buf + end, 2, 0);
            if (stored != crc16(table, buf + pos, end - pos)) {
                rc = kp__error(KP_EPARSE, "%s: a FIT file with a bad CRC at byte %zu", name,
                               end);
                break;
            }
        }
        /* local definitions do not carry over into a chained file */
        memset(st->defs, 0, sizeof st->defs);
        st->have_offset = 0;
        st->record_distance = -1;
        size_t before = res->nsessions;
        rc = decode_records(buf, begin, end, short_data, name, st, res);
        /* the activity message (usually last) gives the local-time offset
         * for the sessions of its file */
        for (size_t k = before; !rc && k < res->nsessions; k++)
            if (st->have_offset && res->sessions[k].start_utc >= 0)
                res->sessions[k].start_local = res->sessions[k].start_utc + st->local_offset;
        pos = end + 2;
        if (pos > n)
            break;
    }
    kp__free(st);
    if (rc)
        kp__fit_result_free(res);
    return rc;
}

void kp__fit_result_free(kp__fit_result *res)
{
    kp__free(res->sessions);
    res->sessions = NULL;
    res->nsessions = res->cap = 0;
}

const char *kp__fit_sport_name(int sport)
{
    static const char *const names[] = {
        "generic", "running", "cycling", "transition", "fitness equipment", "swimming",
        "basketball", "soccer", "tennis", "american football", "training", "walking",
        "cross-country skiing", "alpine skiing", "snowboarding", "rowing", "mountaineering",
        "hiking", "multisport", "paddling",
    };
    return sport >= 0 && (size_t)sport < sizeof names / sizeof *names ? names[sport] : NULL;
}
