/*
 * inputs.c - the receipt's copy of the session inputs and its digest
 * (see inputs.h).
 */
#include "inputs.h"
#include "internal.h"
#include "sha256.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct kp__inputs {
    int refcount;               /* atomic */
    int64_t as_of, load_unit;
    size_t nruns, ngears, ndiary;
    kp__run *runs;              /* in canonical order */
    char **gears;               /* log order (runs refer to them by index) */
    double *gear_start_km;
    kp__pain *diary;            /* by day */
};

/* qsort has no context argument: the gear names, per thread */
static _Thread_local char *const *sort_gears;

static int cmp_run(const void *a, const void *b)
{
    const kp__run *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    if (x->distance_km != y->distance_km) return x->distance_km < y->distance_km ? -1 : 1;
    if (x->start_sec != y->start_sec) return x->start_sec < y->start_sec ? -1 : 1;
    if (x->is_run != y->is_run) return x->is_run - y->is_run;
    /* remaining fields, so that ties cannot depend on insertion order */
    const double fx[3] = {x->duration_min, x->rpe, x->elevation_gain_m};
    const double fy[3] = {y->duration_min, y->rpe, y->elevation_gain_m};
    for (int i = 0; i < 3; i++) {
        int nx = isnan(fx[i]), ny = isnan(fy[i]);
        if (nx != ny) return nx - ny;
        if (!nx && fx[i] != fy[i]) return fx[i] < fy[i] ? -1 : 1;
    }
    const char *gx = x->gear >= 0 ? sort_gears[x->gear] : "";
    const char *gy = y->gear >= 0 ? sort_gears[y->gear] : "";
    return strcmp(gx, gy);
}

static int cmp_pain(const void *a, const void *b)
{
    const kp__pain *x = a, *y = b;
    return x->day < y->day ? -1 : x->day > y->day;
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

kp__inputs *kp__inputs_snapshot(const kp_session *s)
{
    const kp__log *log = &s->log;
    size_t strbytes = 0;
    for (size_t g = 0; g < log->ngears; g++)
        strbytes += strlen(log->gears[g]) + 1;
    size_t o_runs = align8(sizeof(kp__inputs));
    size_t o_start = o_runs + align8(log->nruns * sizeof(kp__run));
    size_t o_gears = o_start + align8(log->ngears * sizeof(double));
    size_t o_diary = o_gears + align8(log->ngears * sizeof(char *));
    size_t o_str = o_diary + align8(s->ndiary * sizeof(kp__pain));
    char *block = kp__malloc(o_str + strbytes);
    if (!block)
        return NULL;
    kp__inputs *in = (kp__inputs *)block;
    in->refcount = 1;
    in->as_of = s->as_of;
    in->load_unit = s->load_unit;
    in->nruns = log->nruns;
    in->ngears = log->ngears;
    in->ndiary = s->ndiary;
    in->runs = (kp__run *)(block + o_runs);
    in->gear_start_km = (double *)(block + o_start);
    in->gears = (char **)(block + o_gears);
    in->diary = (kp__pain *)(block + o_diary);
    char *str = block + o_str;
    for (size_t g = 0; g < log->ngears; g++) {
        size_t n = strlen(log->gears[g]) + 1;
        memcpy(str, log->gears[g], n);
        in->gears[g] = str;
        str += n;
        in->gear_start_km[g] = log->gear_start_km[g];
    }
    if (log->nruns) {
        memcpy(in->runs, log->runs, log->nruns * sizeof(kp__run));
        sort_gears = in->gears;
        qsort(in->runs, in->nruns, sizeof(kp__run), cmp_run);
    }
    if (s->ndiary) {
        memcpy(in->diary, s->diary, s->ndiary * sizeof(kp__pain));
        qsort(in->diary, in->ndiary, sizeof(kp__pain), cmp_pain);
    }
    return in;
}

kp__inputs *kp__inputs_ref(kp__inputs *in)
{
    if (in)
        __atomic_add_fetch(&in->refcount, 1, __ATOMIC_RELAXED);
    return in;
}

void kp__inputs_unref(kp__inputs *in)
{
    if (in && __atomic_sub_fetch(&in->refcount, 1, __ATOMIC_ACQ_REL) == 0)
        kp__free(in);
}

/* Doubles are hashed as their bytes, with every NaN ("unknown") alike. */
static void hash_double(kp__sha256 *h, double v)
{
    if (isnan(v))
        v = NAN;
    if (v == 0)
        v = 0;   /* -0 and +0 alike */
    kp__sha256_update(h, &v, sizeof v);
}

static void hash_i64(kp__sha256 *h, int64_t v) { kp__sha256_update(h, &v, sizeof v); }

void kp__inputs_digest(const kp__inputs *in, char hex[65])
{
    kp__sha256 h;
    kp__sha256_init(&h);
    kp__sha256_update(&h, "kneepain-input/1", 16);
    hash_i64(&h, in->as_of);
    hash_i64(&h, in->load_unit);
    hash_i64(&h, (int64_t)in->nruns);
    for (size_t i = 0; i < in->nruns; i++) {
        const kp__run *r = &in->runs[i];
        hash_i64(&h, r->day);
        hash_i64(&h, r->is_run);
        hash_double(&h, r->distance_km);
        hash_double(&h, r->duration_min);
        hash_double(&h, r->rpe);
        hash_double(&h, r->elevation_gain_m);
        const char *g = r->gear >= 0 ? in->gears[r->gear] : "";
        kp__sha256_update(&h, g, strlen(g) + 1);
    }
    hash_i64(&h, (int64_t)in->ngears);
    for (size_t g = 0; g < in->ngears; g++) {
        kp__sha256_update(&h, in->gears[g], strlen(in->gears[g]) + 1);
        hash_double(&h, in->gear_start_km[g]);
    }
    hash_i64(&h, (int64_t)in->ndiary);
    for (size_t i = 0; i < in->ndiary; i++) {
        hash_i64(&h, in->diary[i].day);
        hash_double(&h, in->diary[i].during);
        hash_double(&h, in->diary[i].after);
        hash_double(&h, in->diary[i].next_morning);
    }
    kp__sha256_hex(&h, hex);
}
