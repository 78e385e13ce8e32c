/*
 * log.c - the training-log container: activities, gear and import warnings.
 */
#include "trainload.h"
#include "internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Two exports of the same activity agree on the distance to the metre even
 * when one writes km with fewer decimals; closer than this is "the same". */
#define KP_DUP_DISTANCE_KM 0.0005

void kp__log_init(kp__log *log)
{
    memset(log, 0, sizeof *log);
}

/* Length of the valid UTF-8 sequence at s[0..n) (RFC 3629: no overlong
 * forms, no surrogates, at most U+10FFFF), or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    unsigned cp = c & (0x3F >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Gear names and warnings come from CSV files in any encoding (and warnings
 * are cut to a fixed size, possibly inside a character), but they end up in
 * JSON documents, which must be UTF-8: replace every byte that does not
 * start a valid sequence by '?'.  Returns non-zero when s was changed. */
static int utf8_repair(char *s, size_t n)
{
    int changed = 0;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq((const unsigned char *)s + i, n - i);
        if (!k) {
            s[i] = '?';
            changed = 1;
            k = 1;
        }
        i += k;
    }
    return changed;
}

static int utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq((const unsigned char *)s + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kp__free(v[i]);
}

void kp__log_free(kp__log *log)
{
    if (!log)
        return;
    free_strings(log->gears, log->ngears);
    free_strings(log->warnings, log->nwarnings);
    kp__free(log->runs);
    kp__free(log->gears);
    kp__free(log->gear_start_km);
    kp__free(log->warnings);
    kp__free(log->dup_slots);
    kp__free(log->gear_slots);
    kp__log_init(log);
}

void kp__log_clear(kp__log *log)
{
    free_strings(log->gears, log->ngears);
    free_strings(log->warnings, log->nwarnings);
    log->nruns = log->ngears = log->nwarnings = 0;
    if (log->dup_slots)
        memset(log->dup_slots, 0, log->dup_cap * sizeof *log->dup_slots);
    log->dup_used = 0;
    log->gear_indexed = 0;
    if (log->gear_slots)
        memset(log->gear_slots, 0, log->gear_slots_cap * sizeof *log->gear_slots);
}

static kp_status copy_strings(char ***dst, size_t *cap, char *const *src, size_t n)
{
    *dst = NULL;
    *cap = 0;
    if (!n)
        return KP_OK;
    *dst = kp__calloc(n, sizeof **dst);
    if (!*dst)
        return KP_ENOMEM;
    *cap = n;
    for (size_t i = 0; i < n; i++)
        if (!((*dst)[i] = kp__strdup(src[i])))
            return KP_ENOMEM;
    return KP_OK;
}

static void *copy_array(const void *src, size_t n, size_t elem)
{
    if (!n)
        return NULL;
    void *p = kp__malloc(n * elem);
    if (p)
        memcpy(p, src, n * elem);
    return p;
}

kp_status kp__log_copy(kp__log *dst, const kp__log *src)
{
    kp__log c;
    kp__log_init(&c);
    c.runs = copy_array(src->runs, src->nruns, sizeof *src->runs);
    c.gear_start_km = copy_array(src->gear_start_km, src->ngears, sizeof(double));
    c.dup_slots = copy_array(src->dup_slots, src->dup_cap, sizeof *src->dup_slots);
    if ((src->nruns && !c.runs) || (src->ngears && !c.gear_start_km) ||
        (src->dup_cap && !c.dup_slots))
        goto oom;
    c.nruns = c.runs_cap = src->nruns;
    c.dup_cap = src->dup_cap;
    c.dup_used = src->dup_used;
    /* counts are set as the arrays fill so kp__log_free releases exactly them */
    if (copy_strings(&c.gears, &c.gears_cap, src->gears, src->ngears))
        goto oom_strings;
    c.ngears = src->ngears;
    if (copy_strings(&c.warnings, &c.warnings_cap, src->warnings, src->nwarnings))
        goto oom_strings;
    c.nwarnings = src->nwarnings;
    *dst = c;
    return KP_OK;
oom_strings:
    /* a partially filled string array holds NULLs after the failure point */
    for (size_t i = 0; c.gears && i < c.gears_cap; i++)
        kp__free(c.gears[i]);
    for (size_t i = 0; c.warnings && i < c.warnings_cap; i++)
        kp__free(c.warnings[i]);
    c.ngears = c.nwarnings = 0;
oom:
    kp__log_free(&c);
    return kp__oom();
}

size_t kp__log_run_count(const kp__log *log)
{
    size_t n = 0;
    for (size_t i = 0; i < log->nruns; i++)
        n += log->runs[i].is_run != 0;
    return n;
}

/* Trim ASCII white space and the no-break spaces exports put around names. */
static void trim(const char **s, size_t *len)
{
    const unsigned char *b = (const unsigned char *)*s;
    size_t n = *len;
    for (;;) {
        if (n && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n')) {
            b++, n--;
        } else if (n >= 2 && b[0] == 0xC2 && b[1] == 0xA0) {
            b += 2, n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\r' || b[n - 1] == '\n')) {
            n--;
        } else if (n >= 2 && b[n - 2] == 0xC2 && b[n - 1] == 0xA0) {
            n -= 2;
        } else {
            break;
        }
    }
    *s = (const char *)b;
    *len = n;
}

static kp_status gear_add(kp__log *log, const char *name, size_t len, int32_t *index_out);

kp_status kp__log_gear(kp__log *log, const char *name, int32_t *index_out)
{
    *index_out = -1;
    if (!name)
        return KP_OK;
    size_t len = strlen(name);
    trim(&name, &len);
    if (!len)
        return KP_OK;
    char *repaired = NULL;
    if (!utf8_valid(name, len)) {
        if (!(repaired = kp__strndup(name, len)))
            return kp__oom();
        utf8_repair(repaired, len);
        name = repaired;
    }
    kp_status st = gear_add(log, name, len, index_out);
    kp__free(repaired);
    return st;
}

/* Probes of the gear and duplicate sets, counted only when the sources are
 * compiled into tests/test_scale.c (-DKP_COUNT_PROBES): it shows that the
 * cost per row stays constant on pathological logs without timing
 * anything. */
#ifdef KP_COUNT_PROBES
size_t kp__log_probes;
#  define PROBE() (kp__log_probes++)
#else
#  define PROBE() ((void)0)
#endif

static uint64_t hash_bytes(const void *p, size_t n)
{
    /* FNV-1a: names come from files, but a collision costs only a probe */
    const unsigned char *b = p;
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3u;
    return h;
}

static void gear_slot_insert(kp__log *log, size_t g)
{
    size_t mask = log->gear_slots_cap - 1;
    size_t i = (size_t)hash_bytes(log->gears[g], strlen(log->gears[g])) & mask;
    while (PROBE(), log->gear_slots[i])
        i = (i + 1) & mask;
    log->gear_slots[i] = (uint32_t)(g + 1);
}

/* Make the set cover gears[0..ngears) with room for one more, at most half
 * full.  Gear names are a file's free text: 10^5 distinct names must not
 * cost 10^10 comparisons. */
static int gear_index_reserve(kp__log *log)
{
    size_t need = log->ngears + 1;
    int rebuild = log->gear_indexed > log->ngears;
    size_t cap = log->gear_slots_cap;
    while (cap < 2 * need)
        cap = cap ? cap * 2 : 16;
    if (cap != log->gear_slots_cap) {
        uint32_t *slots = kp__calloc(cap, sizeof *slots);
        if (!slots)
            return KP_ENOMEM;
        kp__free(log->gear_slots);
        log->gear_slots = slots;
        log->gear_slots_cap = cap;
        rebuild = 1;
    } else if (rebuild) {
        memset(log->gear_slots, 0, cap * sizeof *log->gear_slots);
    }
    if (rebuild)
        log->gear_indexed = 0;
    for (; log->gear_indexed < log->ngears; log->gear_indexed++)
        gear_slot_insert(log, log->gear_indexed);
    return 0;
}

static kp_status gear_add(kp__log *log, const char *name, size_t len, int32_t *index_out)
{
    if (gear_index_reserve(log))
        return kp__oom();
    size_t mask = log->gear_slots_cap - 1;
    for (size_t i = (size_t)hash_bytes(name, len) & mask; PROBE(), log->gear_slots[i];
         i = (i + 1) & mask) {
        size_t g = log->gear_slots[i] - 1;
        if (strlen(log->gears[g]) == len && !memcmp(log->gears[g], name, len)) {
            *index_out = (int32_t)g;
            return KP_OK;
        }
    }
    if (log->ngears >= kp__limits()->max_gears)
        return kp__error(KP_ERANGE, "training log: more than %zu gear names "
                         "(kp_limits.max_gears)", kp__limits()->max_gears);
    size_t cap = log->gears_cap;
    if (kp__grow((void **)&log->gears, &cap, log->ngears + 1, sizeof *log->gears))
        return kp__oom();
    size_t cap2 = log->gears_cap;
    if (kp__grow((void **)&log->gear_start_km, &cap2, log->ngears + 1, sizeof(double)))
        return kp__oom();
    log->gears_cap = cap < cap2 ? cap : cap2;
    char *copy = kp__strndup(name, len);
    if (!copy)
        return kp__oom();
    log->gears[log->ngears] = copy;
    log->gear_start_km[log->ngears] = 0.0;
    gear_slot_insert(log, log->ngears);
    log->gear_indexed = log->ngears + 1;
    *index_out = (int32_t)log->ngears++;
    return KP_OK;
}

/* The duplicate set is keyed by start time and by the distance rounded
 * down to KP_DUP_DISTANCE_KM: rows with one start time (a watch that wrote
 * no time of day, a device clock reset) must not all share one probe chain.
 * Two activities that are the same lie in the same or a neighbouring bucket. */
static double dup_bucket(double km) { return floor(km / KP_DUP_DISTANCE_KM); }

/* 64-bit finaliser (every input bit reaches every output bit) */
static uint64_t mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdu;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53u;
    k ^= k >> 33;
    return k;
}

/* The bucket's bit pattern varies only in a few high mantissa bits (it is
 * an integer-valued double), so both keys go through a full mixer: a
 * multiplicative hash of the raw pattern put thousands of buckets on a few
 * hundred slots (test_scale: 234 probes per row). */
static size_t hash_start(int64_t start_sec, double bucket, size_t mask)
{
    uint64_t b;
    bucket += 0.0;   /* -0 and 0 are one bucket */
    memcpy(&b, &bucket, sizeof b);
    return (size_t)mix64((uint64_t)start_sec ^ mix64(b)) & mask;
}

static int same_activity(const kp__run *a, const kp__run *b)
{
    return a->start_sec == b->start_sec &&
           fabs(a->distance_km - b->distance_km) < KP_DUP_DISTANCE_KM;
}

static void dup_insert(kp__log *log, size_t run_index)
{
    size_t mask = log->dup_cap - 1;
    const kp__run *r = &log->runs[run_index];
    size_t i = hash_start(r->start_sec, dup_bucket(r->distance_km), mask);
    while (PROBE(), log->dup_slots[i])
        i = (i + 1) & mask;
    log->dup_slots[i] = (uint32_t)(run_index + 1);
    log->dup_used++;
}

/* Keep the set at most half full so probes stay short. */
static int dup_reserve(kp__log *log)
{
    if ((log->dup_used + 1) * 2 <= log->dup_cap)
        return 0;
    size_t ncap = log->dup_cap ? log->dup_cap * 2 : 64;
    uint32_t *slots = kp__calloc(ncap, sizeof *slots);
    if (!slots)
        return KP_ENOMEM;
    kp__free(log->dup_slots);
    log->dup_slots = slots;
    log->dup_cap = ncap;
    log->dup_used = 0;
    for (size_t r = 0; r < log->nruns; r++)
        if (log->runs[r].start_sec >= 0)
            dup_insert(log, r);
    return 0;
}

int kp__log_add(kp__log *log, const kp__run *run)
{
    if (run->start_sec >= 0 && log->dup_cap) {
        size_t mask = log->dup_cap - 1;
        double b = dup_bucket(run->distance_km);
        for (int d = -1; d <= 1; d++)
            for (size_t i = hash_start(run->start_sec, b + d, mask); PROBE(), log->dup_slots[i];
                 i = (i + 1) & mask)
                if (same_activity(&log->runs[log->dup_slots[i] - 1], run))
                    return 1;
    }
    if (log->nruns >= kp__limits()->max_runs)
        return kp__error(KP_ERANGE, "training log: more than %zu activities "
                         "(kp_limits.max_runs)", kp__limits()->max_runs);
    if (kp__grow((void **)&log->runs, &log->runs_cap, log->nruns + 1, sizeof *log->runs))
        return kp__oom();
    if (run->start_sec >= 0 && dup_reserve(log))
        return kp__oom();
    log->runs[log->nruns++] = *run;
    if (run->start_sec >= 0)
        dup_insert(log, log->nruns - 1);
    return 0;
}

kp_status kp__log_warn(kp__log *log, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (kp__grow((void **)&log->warnings, &log->warnings_cap, log->nwarnings + 1,
                 sizeof *log->warnings))
        return kp__oom();
    char *copy = kp__strdup(buf);
    if (!copy)
        return kp__oom();
    utf8_repair(copy, strlen(copy));
    log->warnings[log->nwarnings++] = copy;
    return KP_OK;
}
