/*
 * test_alloc_isolation.c - kp_set_allocator() changes the library's
 * allocations only, never jansson's process-wide allocator: a host that
 * uses jansson itself keeps its objects (and its own jansson allocator),
 * and every string the library returns comes from the caller's allocator.
 *
 * The allocator installed here tags each block with a header; freeing a
 * block without the tag (one from malloc, or from jansson) is counted as
 * foreign and not freed, so the test reports it instead of crashing.
 */
#include "helpers.h"

#include <jansson.h>
#include <stdint.h>

#define TAG 0x6b70616c6c6f6321ull   /* "kpalloc!" */

typedef union header {
    uint64_t tag;
    max_align_t align;
} header;

static long tagged_allocs, live, foreign;

static void *tagged_malloc(size_t n)
{
    header *h = malloc(sizeof *h + n);
    if (!h)
        return NULL;
    h->tag = TAG;
    tagged_allocs++;
    live++;
    return h + 1;
}

static int is_tagged(void *p) { return ((header *)p - 1)->tag == TAG; }

static void tagged_free(void *p)
{
    if (!p)
        return;
    if (!is_tagged(p)) {
        foreign++;   /* not ours: leave it alone */
        return;
    }
    header *h = (header *)p - 1;
    h->tag = 0;
    live--;
    free(h);
}

static void *tagged_realloc(void *p, size_t n)
{
    if (!p)
        return tagged_malloc(n);
    if (!is_tagged(p)) {
        foreign++;
        return NULL;
    }
    header *h = realloc((header *)p - 1, sizeof *h + n);
    if (!h)
        return NULL;
    tagged_allocs++;
    return h + 1;
}

static const kp_allocator tagged = {KP_ALLOCATOR_VERSION, tagged_malloc, tagged_realloc,
                                    tagged_free};

/* A string returned by the library: it must come from our allocator. */
static void check_ours(char *text, const char *what)
{
    cr_assert_not_null(text, "%s", what);
    cr_assert(is_tagged(text), "%s: returned text not allocated by kp_set_allocator's functions",
              what);
    kp_free(text);
}

/* Every library call that parses or writes JSON, under the installed
 * allocator; everything is released before returning. */
static void use_the_library(void)
{
    size_t n;
    char *input = read_text_file(EXAMPLE_INPUT, &n);
    char *model_text = read_text_file(MINIMAL_MODEL, NULL);
    kp_model *minimal = NULL;
    cr_assert_eq(kp_model_load_buffer(&minimal, model_text, strlen(model_text), "minimal.json"),
                 KP_OK, "%s", kp_error_message());
    kp_model_free(minimal);

    /* loaded, not kp_model_default(): that one lives for the whole process */
    kp_model *m = NULL;
    cr_assert_eq(kp_model_load_file(&m, KP_SRCDIR "/models/default.json"), KP_OK, "%s",
                 kp_error_message());
    kp_session *s = NULL;
    cr_assert_eq(kp_session_from_json(&s, m, input, n), KP_OK, "%s", kp_error_message());
    kp_report *r = assess(s);
    char *text = NULL;
    cr_assert_eq(kp_report_to_json(r, KP_JSON_PRETTY, &text), KP_OK);
    check_ours(text, "kp_report_to_json");
    cr_assert_eq(kp_session_to_json(s, &text), KP_OK);
    check_ours(text, "kp_session_to_json");
    cr_assert_eq(kp_assess_json(m, input, n, 0, &text), KP_OK, "%s", kp_error_message());
    check_ours(text, "kp_assess_json");

    kp_whatif *w = NULL;
    cr_assert_eq(kp_report_triage_changes(r, &w), KP_OK, "%s", kp_error_message());
    cr_assert_eq(kp_whatif_to_json(w, &text), KP_OK);
    check_ours(text, "kp_whatif_to_json");
    kp_whatif_free(w);

    kp_interview *iv = NULL;
    cr_assert_eq(kp_interview_new(&iv, s, NULL), KP_OK, "%s", kp_error_message());
    char *saved = NULL;
    cr_assert_eq(kp_interview_to_json(iv, &saved), KP_OK);
    kp_interview *iv2 = NULL;
    kp_session *s2 = NULL;
    cr_assert_eq(kp_interview_restore_json(&iv2, &s2, m, saved, strlen(saved), NULL), KP_OK,
                 "%s", kp_error_message());
    kp_interview_free(iv2);
    kp_session_free(s2);
    check_ours(saved, "kp_interview_to_json");
    kp_interview_free(iv);

    kp_restore *info = NULL;
    cr_assert_eq(kp_session_restore_json(&s2, m, input, n, &info), KP_OK, "%s",
                 kp_error_message());
    kp_restore_free(info);
    kp_session_free(s2);

    const char *vignettes = "{\"format\": \"kneepain-vignettes/1\", \"vignettes\": ["
                            "{\"id\": \"a\", \"input\": {\"evidence\": {\"calf_swelling\": true}},"
                            " \"expect\": {\"triage\": \"emergency\"}}]}";
    cr_assert_eq(kp_vignettes_run(m, vignettes, strlen(vignettes), NULL, &text), KP_OK, "%s",
                 kp_error_message());
    check_ours(text, "kp_vignettes_run");

    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(m);
    free(input);
    free(model_text);
}

Test(alloc_isolation, host_jansson_objects_survive)
{
    /* the host's own document, made before the allocator is installed */
    json_t *before = json_pack("{s:s, s:[i,i,i]}", "host", "object made before", "n", 1, 2, 3);
    cr_assert_not_null(before);
    cr_assert_eq(kp_set_allocator(&tagged), KP_OK);

    use_the_library();

    /* jansson objects the host makes now do not use the library's allocator */
    long count = tagged_allocs;
    json_t *during = json_pack("{s:s}", "host", "object made while installed");
    char *dump = json_dumps(during, 0);
    cr_assert_not_null(dump);
    free(dump);   /* jansson's default allocator is malloc */
    cr_assert_eq(tagged_allocs, count, "the host's jansson calls went through kp_set_allocator");

    json_decref(before);
    cr_assert_eq(foreign, 0, "%ld host blocks were freed through kp_set_allocator's free", foreign);
    cr_assert_eq(kp_set_allocator(NULL), KP_OK);
    json_decref(during);
    cr_assert_eq(foreign, 0);
    cr_assert_eq(live, 0, "%ld blocks of the library's allocator still live", live);
    cr_assert_gt(tagged_allocs, 100, "the library did not allocate through kp_set_allocator (%ld)",
                 tagged_allocs);
}

static long host_allocs;
static void *host_malloc(size_t n)
{
    host_allocs++;
    return malloc(n);
}
static void host_free(void *p) { free(p); }

Test(alloc_isolation, host_jansson_allocator_kept)
{
    json_set_alloc_funcs(host_malloc, host_free);
    cr_assert_eq(kp_set_allocator(&tagged), KP_OK);
    json_malloc_t mf = NULL;
    json_free_t ff = NULL;
    json_get_alloc_funcs(&mf, &ff);
    cr_assert(mf == host_malloc && ff == host_free,
              "kp_set_allocator replaced the host's jansson allocator");

    use_the_library();
    json_get_alloc_funcs(&mf, &ff);
    cr_assert(mf == host_malloc && ff == host_free);
    cr_assert_gt(host_allocs, 0, "jansson did not use the host's allocator");

    cr_assert_eq(kp_set_allocator(NULL), KP_OK);
    json_get_alloc_funcs(&mf, &ff);
    cr_assert(mf == host_malloc && ff == host_free,
              "kp_set_allocator(NULL) replaced the host's jansson allocator");
    cr_assert_eq(foreign, 0);
    cr_assert_eq(live, 0);
    json_set_alloc_funcs(malloc, free);
}
