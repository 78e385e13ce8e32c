/* assess_json.c - read an assessment input document (default:
 * $top_srcdir/examples/assessment.json, or the path given) and print the
 * report JSON. */
#include <kneepain.h>
#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 > cap) {
            char *bigger = realloc(buf, cap = 2 * cap + 4096);
            if (!bigger) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = bigger;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *size = n;
    return buf;
}

int main(int argc, char **argv)
{
    char path[4096];
    if (argc > 1)
        snprintf(path, sizeof path, "%s", argv[1]);
    else {
        const char *top = getenv("top_srcdir");
        snprintf(path, sizeof path, "%s/examples/assessment.json", top ? top : "..");
    }
    size_t size = 0;
    char *input = slurp(path, &size);
    if (!input) {
        perror(path);
        return 1;
    }
    kp_model *model = NULL;
    char *report = NULL;
    int rc = kp_model_default(&model);
    if (!rc)
        rc = kp_assess_json(model, input, size, KP_JSON_PRETTY, &report);
    if (rc) {
        fprintf(stderr, "assess_json: %s: %s: %s\n", path, kp_strerror(rc), kp_error_message());
    } else {
        puts(report);
    }
    kp_free(report);
    kp_model_free(model);
    free(input);
    return rc ? 1 : 0;
}
