/*
 * batch.c - score many cases at once from a row-major matrix (cohorts).
 * The same inference as a session, without training log or report.
 */
#include "engine.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

kp_status kp_model_score(const kp_model *m, const double *matrix, size_t rows, size_t cols,
                         const char *const *columns, double *cond_out, double *cause_out,
                         int *levels_out)
{
    if (!m || (!matrix && rows && cols) || (cols && !columns))
        return kp__error(KP_EINVAL, "kp_model_score: model, matrix and columns are required");
    size_t nf = m->nfindings, nc = m->nconditions, nk = m->ncauses;
    int *colmap = kp__malloc((cols + 1) * sizeof *colmap);
    double *value = kp__calloc(nf + 1, sizeof *value);
    uint8_t *known = kp__calloc(nf + 1, 1);
    double *logpost = kp__malloc((nc + 1) * sizeof *logpost);
    double *post = kp__malloc((nc + 1) * sizeof *post);
    double *logit = kp__malloc((nk + 1) * sizeof *logit);
    double *score = kp__malloc((nk + 1) * sizeof *score);
    uint8_t *fired = kp__malloc(m->nrules + 1);
    kp_status rc = KP_OK;
    if (!colmap || !value || !known || !logpost || !post || !logit || !score || !fired)
        rc = kp__oom();
    for (size_t c = 0; !rc && c < cols; c++) {
        int f = kp__model_find_finding(m, columns[c]);
        if (f < 0)
            rc = kp__error(KP_ENOTFOUND, "columns[%zu]: unknown finding '%s'", c,
                           columns[c] ? columns[c] : "(null)");
        for (size_t d = 0; !rc && d < c; d++)
            if (colmap[d] == f)
                rc = kp__error(KP_EINVAL, "columns[%zu]: finding '%s' appears twice", c, columns[c]);
        if (!rc)
            colmap[c] = f;
    }
    for (size_t r = 0; !rc && r < rows; r++) {
        const double *row = matrix + r * cols;
        memset(known, 0, nf);
        for (size_t c = 0; c < cols; c++) {
            double v = row[c];
            if (isnan(v))
                continue;
            const kp__finding *f = &m->findings[colmap[c]];
            /* fast range test first; the message is only built on error */
            if (!(v >= f->min && v <= f->max) ||
                (f->type != KP_TYPE_NUMBER && v != (double)(long)v)) {
                char where[128];
                snprintf(where, sizeof where, "row %zu, column '%s'", r, f->id);
                if ((rc = kp__finding_check(f, v, where)))
                    break;
            }
            value[colmap[c]] = v;
            known[colmap[c]] = 1;
        }
        if (rc)
            break;
        kp__posterior(m, value, known, logpost, post);
        if (cond_out)
            memcpy(cond_out + r * nc, post, nc * sizeof *post);
        if (cause_out) {
            kp__cause_scores(m, value, known, logit, score, NULL);
            memcpy(cause_out + r * nk, score, nk * sizeof *score);
        }
        if (levels_out)
            levels_out[r] = kp__triage(m, value, known, fired);
    }
    kp__free(colmap);
    kp__free(value);
    kp__free(known);
    kp__free(logpost);
    kp__free(post);
    kp__free(logit);
    kp__free(score);
    kp__free(fired);
    return rc;
}
