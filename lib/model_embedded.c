/*
 * model_embedded.c - the default model compiled into the library, and the
 * public loaders.
 */
#include "model.h"
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

extern const unsigned char kp__default_model_json[];
extern const size_t kp__default_model_json_size;

static pthread_mutex_t default_lock = PTHREAD_MUTEX_INITIALIZER;
static kp_model *default_model;

/* The default model is parsed once and shared; the library keeps one
 * reference for the life of the process.  A failed parse (out of memory)
 * is retried on the next call. */
kp_status kp_model_default(kp_model **out)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_model_default: out is NULL");
    *out = NULL;
    pthread_mutex_lock(&default_lock);
    if (!default_model) {
        kp_model *m;
        kp_status rc = kp__model_parse(&m, (const char *)kp__default_model_json,
                                       kp__default_model_json_size, "default.json");
        if (rc) {
            pthread_mutex_unlock(&default_lock);
            return rc;
        }
        default_model = m;
    }
    *out = kp__model_ref(default_model);
    pthread_mutex_unlock(&default_lock);
    return KP_OK;
}

kp_status kp_model_load_buffer(kp_model **out, const char *data, size_t size, const char *name)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_model_load_buffer: out is NULL");
    *out = NULL;
    if (!data)
        return kp__error(KP_EINVAL, "kp_model_load_buffer: data is NULL");
    return kp__model_parse(out, data, size, name ? name : "<buffer>");
}

kp_status kp_model_load_file(kp_model **out, const char *path)
{
    if (!out)
        return kp__error(KP_EINVAL, "kp_model_load_file: out is NULL");
    *out = NULL;
    if (!path)
        return kp__error(KP_EINVAL, "kp_model_load_file: path is NULL");
    FILE *f = fopen(path, "rb");
    if (!f)
        return kp__error(KP_EIO, "%s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (kp__grow((void **)&buf, &cap, len + 65536, 1)) {
            fclose(f);
            kp__free(buf);
            return kp__oom();
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        kp__free(buf);
        return kp__error(KP_EIO, "%s: read error", path);
    }
    kp_status rc = kp__model_parse(out, buf ? buf : "", len, path);
    kp__free(buf);
    return rc;
}
