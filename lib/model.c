/*
 * model.c - model lifetime (reference counting), lookups and the public
 * accessors.  Loading and validation live in model_load.c.
 */
#include "model.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const kp__source_names[3] = {"published", "derived", "estimated"};

/* ---------------------------------------------------------------- arena */

struct kp__arena_block {
    kp__arena_block *next;
    size_t used, size;
    max_align_t data[];
};

#define KP_ARENA_BLOCK 16384

void *kp__arena_alloc(kp__arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    kp__arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > KP_ARENA_BLOCK ? size : KP_ARENA_BLOCK;
        b = kp__malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->size = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *kp__arena_strdup(kp__arena *a, const char *s)
{
    size_t n = strlen(s);
    char *p = kp__arena_alloc(a, n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

void kp__arena_free(kp__arena *a)
{
    kp__arena_block *b = a->head;
    while (b) {
        kp__arena_block *next = b->next;
        kp__free(b);
        b = next;
    }
    a->head = NULL;
}

/* ------------------------------------------------------------ lifetime */

kp_model *kp__model_ref(kp_model *m)
{
    __atomic_add_fetch(&m->refcount, 1, __ATOMIC_RELAXED);
    return m;
}

void kp_model_free(kp_model *m)
{
    if (!m)
        return;
    if (__atomic_sub_fetch(&m->refcount, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    kp__arena arena = m->arena;   /* the model itself lives in its arena */
    kp__arena_free(&arena);
}

/* ------------------------------------------------------------- lookups */

int kp__model_find_finding(const kp_model *m, const char *id)
{
    if (!id)
        return -1;
    /* binary search over ids sorted at load time */
    size_t lo = 0, hi = m->nfindings;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint32_t idx = m->finding_order[mid];
        int c = strcmp(id, m->findings[idx].id);
        if (c == 0)
            return (int)idx;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

int kp__model_find_choice(const kp__finding *f, const char *id)
{
    for (size_t i = 0; id && i < f->nchoices; i++)
        if (strcmp(f->choices[i].id, id) == 0)
            return (int)i;
    return -1;
}

int kp__model_find_in(const kp_model *m, kp_kind kind, const char *id)
{
    if (!id)
        return -1;
    switch (kind) {
    case KP_KIND_FINDING:
        return kp__model_find_finding(m, id);
    case KP_KIND_CAUSE:
        for (size_t i = 0; i < m->ncauses; i++)
            if (!strcmp(m->causes[i].id, id)) return (int)i;
        return -1;
    case KP_KIND_CONDITION:
        for (size_t i = 0; i < m->nconditions; i++)
            if (!strcmp(m->conditions[i].id, id)) return (int)i;
        return -1;
    case KP_KIND_REMEDY:
        for (size_t i = 0; i < m->nremedies; i++)
            if (!strcmp(m->remedies[i].id, id)) return (int)i;
        return -1;
    case KP_KIND_RULE:
        for (size_t i = 0; i < m->nrules; i++)
            if (!strcmp(m->rules[i].id, id)) return (int)i;
        return -1;
    }
    return -1;
}

/* Does locale key `k` equal `want` (or `want` + "-3p" when third)? */
static int key_is(const char *k, const char *want, size_t wlen, int third)
{
    if (strncmp(k, want, wlen))
        return 0;
    return third ? !strcmp(k + wlen, "-3p") : k[wlen] == '\0';
}

static const char *find_text(const kp__text *t, const char *want, size_t wlen, int third)
{
    for (size_t i = 0; i < t->n; i++)
        if (key_is(t->locales[i], want, wlen, third))
            return t->texts[i];
    return NULL;
}

/* Text lookup: "<locale>-3p" (third person) > "<locale>" > the language part
 * of the locale ("de" for "de-AT") > the model default (entry 0). */
const char *kp__text_get(const kp__text *t, const char *locale, int third_person)
{
    if (!t || t->n == 0)
        return NULL;
    const char *r;
    if (!locale || !*locale)
        locale = t->locales[0];
    size_t full = strlen(locale), lang = strcspn(locale, "-_");
    if (third_person && ((r = find_text(t, locale, full, 1)) || (r = find_text(t, locale, lang, 1))))
        return r;
    if ((r = find_text(t, locale, full, 0)) || (r = find_text(t, locale, lang, 0)))
        return r;
    return t->texts[0];
}

const kp__text *kp__model_text(const kp_model *m, const char *key)
{
    for (size_t i = 0; i < m->ntexts; i++)
        if (!strcmp(m->texts[i].key, key))
            return &m->texts[i].text;
    return NULL;
}

static const char *const level_ids[KP_LEVEL_COUNT] = {
    "emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"};

const char *kp_level_id(int level)
{
    return level >= 0 && level < KP_LEVEL_COUNT ? level_ids[level] : NULL;
}

int kp__level_from_id(const char *id)
{
    for (int i = 0; id && i < KP_LEVEL_COUNT; i++)
        if (!strcmp(level_ids[i], id))
            return i;
    return -1;
}

size_t kp__finding_outcome(const kp__finding *f, double v)
{
    switch (f->type) {
    case KP_TYPE_BOOL:
        return v != 0.0;
    case KP_TYPE_CHOICE:
        return (size_t)v;
    case KP_TYPE_NUMBER:
    default: {
        size_t b = 0;
        while (b < f->nbins && v >= f->bins[b])
            b++;
        return b;
    }
    }
}

kp_status kp__finding_check(const kp__finding *f, double v, const char *where)
{
    if (!isfinite(v))
        return kp__error(KP_ERANGE, "%s: value must be a finite number", where);
    switch (f->type) {
    case KP_TYPE_BOOL:
        if (v != 0.0 && v != 1.0)
            return kp__error(KP_ETYPE, "%s: expected true or false", where);
        return KP_OK;
    case KP_TYPE_CHOICE:
        if (v < 0 || v >= (double)f->nchoices || v != floor(v))
            return kp__error(KP_ERANGE, "%s: choice index %g out of range 0..%zu", where, v,
                             f->nchoices - 1);
        return KP_OK;
    case KP_TYPE_NUMBER:
    default:
        if (v < f->min || v > f->max)
            return kp__error(KP_ERANGE, "%s: %g is outside the range %g..%g", where, v, f->min,
                             f->max);
        return KP_OK;
    }
}

/* ----------------------------------------------------- public accessors */

const char *kp_model_id(const kp_model *m) { return m ? m->id : NULL; }
const char *kp_model_version(const kp_model *m) { return m ? m->version : NULL; }
const char *kp_model_sha256(const kp_model *m) { return m ? m->sha256 : NULL; }

size_t kp_model_count(const kp_model *m, kp_kind kind)
{
    if (!m)
        return 0;
    switch (kind) {
    case KP_KIND_FINDING: return m->nfindings;
    case KP_KIND_CAUSE: return m->ncauses;
    case KP_KIND_CONDITION: return m->nconditions;
    case KP_KIND_REMEDY: return m->nremedies;
    case KP_KIND_RULE: return m->nrules;
    }
    return 0;
}

const char *kp_model_item_id(const kp_model *m, kp_kind kind, size_t i)
{
    if (!m || i >= kp_model_count(m, kind))
        return NULL;
    switch (kind) {
    case KP_KIND_FINDING: return m->findings[i].id;
    case KP_KIND_CAUSE: return m->causes[i].id;
    case KP_KIND_CONDITION: return m->conditions[i].id;
    case KP_KIND_REMEDY: return m->remedies[i].id;
    case KP_KIND_RULE: return m->rules[i].id;
    }
    return NULL;
}

const char *kp_model_item_text(const kp_model *m, kp_kind kind, size_t i, const char *locale)
{
    if (!m || i >= kp_model_count(m, kind))
        return NULL;
    switch (kind) {
    case KP_KIND_FINDING: return kp__text_get(&m->findings[i].question, locale, 0);
    case KP_KIND_CAUSE: return kp__text_get(&m->causes[i].name, locale, 0);
    case KP_KIND_CONDITION: return kp__text_get(&m->conditions[i].name, locale, 0);
    case KP_KIND_REMEDY: return kp__text_get(&m->remedies[i].name, locale, 0);
    case KP_KIND_RULE: return kp__text_get(&m->rules[i].text, locale, 0);
    }
    return NULL;
}

kp_status kp_model_find(const kp_model *m, kp_kind kind, const char *id, size_t *index_out)
{
    if (!m || !id || !index_out)
        return kp__error(KP_EINVAL, "kp_model_find: model, id and index_out are required");
    if ((unsigned)kind > KP_KIND_RULE)
        return kp__error(KP_EINVAL, "kp_model_find: invalid kind %d", (int)kind);
    int i = kp__model_find_in(m, kind, id);
    if (i < 0)
        return kp__error(KP_ENOTFOUND, "unknown id '%s'", id);
    *index_out = (size_t)i;
    return KP_OK;
}

int kp_model_finding_type(const kp_model *m, size_t i)
{
    return m && i < m->nfindings ? (int)m->findings[i].type : -1;
}

kp_status kp_model_finding_range(const kp_model *m, size_t i, double *min_out, double *max_out)
{
    if (!m || i >= m->nfindings)
        return kp__error(KP_EINVAL, "finding index out of range");
    if (min_out) *min_out = m->findings[i].min;
    if (max_out) *max_out = m->findings[i].max;
    return KP_OK;
}

size_t kp_model_finding_choice_count(const kp_model *m, size_t i)
{
    return m && i < m->nfindings ? m->findings[i].nchoices : 0;
}

const char *kp_model_finding_choice_id(const kp_model *m, size_t i, size_t c)
{
    if (!m || i >= m->nfindings || c >= m->findings[i].nchoices)
        return NULL;
    return m->findings[i].choices[c].id;
}

int kp_model_finding_is_derived(const kp_model *m, size_t i)
{
    return m && i < m->nfindings && m->findings[i].derived != KP_DERIVED_NONE;
}

size_t kp_model_locale_count(const kp_model *m) { return m ? m->nlocales : 0; }

const char *kp_model_locale(const kp_model *m, size_t i)
{
    return m && i < m->nlocales ? m->locales[i] : NULL;
}

double kp_model_condition_prior(const kp_model *m, size_t i)
{
    return m && i < m->nconditions ? m->conditions[i].prior.value : NAN;
}

/* The sourced number or rule that defines an item, if any. */
static int item_source(const kp_model *m, kp_kind kind, size_t i, kp__source *src, int32_t *cite)
{
    if (!m || i >= kp_model_count(m, kind))
        return 0;
    switch (kind) {
    case KP_KIND_CONDITION:
        *src = m->conditions[i].prior.source;
        *cite = m->conditions[i].prior.cite;
        return 1;
    case KP_KIND_CAUSE:
        *src = m->causes[i].bias.source;
        *cite = m->causes[i].bias.cite;
        return 1;
    case KP_KIND_RULE:
        *src = m->rules[i].source;
        *cite = m->rules[i].cite;
        return 1;
    case KP_KIND_FINDING:
        return 0;
    case KP_KIND_REMEDY:
        if (!m->remedies[i].ndose)
            return 0;
        *src = m->remedies[i].dose[0].value.source;
        *cite = m->remedies[i].dose[0].value.cite;
        return 1;
    }
    return 0;
}

const char *kp_model_item_source(const kp_model *m, kp_kind kind, size_t i)
{
    kp__source src;
    int32_t cite;
    if (kind == KP_KIND_FINDING && m && i < m->nfindings)
        return m->findings[i].in_bayes ? kp__source_names[m->findings[i].lik_source] : NULL;
    return item_source(m, kind, i, &src, &cite) ? kp__source_names[src] : NULL;
}

const char *kp_model_item_cite(const kp_model *m, kp_kind kind, size_t i)
{
    kp__source src;
    int32_t cite;
    if (kind == KP_KIND_FINDING)
        return NULL;
    return item_source(m, kind, i, &src, &cite) ? m->refs[cite].text : NULL;
}
