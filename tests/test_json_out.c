/*
 * test_json_out.c - the streaming JSON writer (lib/json_out.c, compiled
 * into this program): shortest round-trip numbers on random doubles of
 * every magnitude, string escaping, layout, and allocation failure.
 */
/* the library hides its kp__ functions: the writer is compiled in here */
#include "json_out.c"

#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* the library allocator, here plain malloc with an optional failure */
static long fail_after = -1;
void *kp__malloc(size_t n);
void *kp__realloc(void *p, size_t n);
void kp__free(void *p);
void *kp__malloc(size_t n) { return fail_after == 0 ? NULL : (fail_after > 0 ? fail_after-- : 0, malloc(n)); }
void *kp__realloc(void *p, size_t n) { return fail_after == 0 ? NULL : (fail_after > 0 ? fail_after-- : 0, realloc(p, n)); }
void kp__free(void *p) { free(p); }

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* significant digits of a decimal text (leading/trailing zeros excluded) */
static int digits(const char *s)
{
    int first = -1, last = -1, i = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9') {
            if (*s != '0') {
                if (first < 0)
                    first = i;
                last = i;
            }
            i++;
        }
    return first < 0 ? 0 : last - first + 1;
}

static void check_shortest(double v)
{
    char out[32], ref[40];
    size_t n = kp__jo_format_double(v, out);
    cr_assert_eq(strlen(out), n);
    cr_assert_leq(n, 25u, "%s", out);
    double back = strtod(out, NULL);
    cr_assert(back == v, "%.17g written as %s reads back as %.17g", v, out, back);
    int p = 1;
    for (; p < 17; p++) {
        snprintf(ref, sizeof ref, "%.*e", p - 1, v);
        if (strtod(ref, NULL) == v)
            break;
    }
    cr_assert_leq(digits(out), p, "%.17g written as %s; %d digits suffice", v, out, p);
}

Test(json_out, numbers_read_back_with_the_fewest_digits)
{
    for (long i = 0; i < 300000; i++) {
        uint64_t b = next();
        double v;
        switch (i % 4) {
        case 0: memcpy(&v, &b, sizeof v); break;                           /* any bits */
        case 1: v = (double)(b % 100000) / pow(10, (double)(next() % 9)); break;   /* short decimals */
        case 2: v = ldexp((double)(b >> 11), -(int)(next() % 130)); break; /* fractions */
        default: v = ((double)(int64_t)(b % 2000001) - 1e6) / (double)(1 + next() % 1000); break;
        }
        if (isfinite(v))
            check_shortest(v);
    }
    const double edge[] = {0.1, 0.3, 1, 100, 1e15, 1e16, 1e-5, 1e-6, 5e-324, 2.2250738585072014e-308,
                           1.7976931348623157e308, 9007199254740993.0, 0.30000000000000004, 1e23,
                           8.41e21, 4.35e-21, 3e-21, 2.5, -2.5, 0.5, 1.5, 123456.789};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
        check_shortest(edge[i]);
    char out[32];
    kp__jo_format_double(0.1, out);
    cr_assert_str_eq(out, "0.1");
    kp__jo_format_double(-0.0, out);
    cr_assert_str_eq(out, "0");
    kp__jo_format_double(1e-7, out);
    cr_assert_str_eq(out, "1e-7");
    kp__jo_format_double(41.666666666666664, out);
    cr_assert_str_eq(out, "41.666666666666664");
}

Test(json_out, numbers_ignore_a_comma_locale)
{
    if (!setlocale(LC_ALL, "de_DE.UTF-8"))
        cr_skip_test("de_DE.UTF-8 locale not installed");
    char out[32];
    kp__jo_format_double(0.25, out);
    cr_assert_str_eq(out, "0.25");
    kp__jo_format_double(1e-300, out);   /* the printf path */
    cr_assert_str_eq(out, "1e-300");
    setlocale(LC_ALL, "C");
}

static char *doc(int pretty)
{
    kp__jo w;
    kp__jo_init(&w, pretty, 1);   /* tiny first buffer: growth is exercised */
    kp__jo_begin_object(&w);
    kp__jo_key(&w, "s");
    kp__jo_string(&w, "a\"b\\c\n\t\x01/\xc3\xa9\xff");
    kp__jo_key(&w, "n");
    kp__jo_real(&w, 2);
    kp__jo_key(&w, "z");
    kp__jo_real(&w, -0.0);
    kp__jo_key(&w, "nan");
    kp__jo_real(&w, NAN);
    kp__jo_key(&w, "inf");
    kp__jo_real(&w, INFINITY);
    kp__jo_key(&w, "i");
    kp__jo_int(&w, -42);
    kp__jo_key(&w, "a");
    kp__jo_begin_array(&w);
    kp__jo_bool(&w, 1);
    kp__jo_null(&w);
    kp__jo_begin_object(&w);
    kp__jo_end_object(&w);
    kp__jo_begin_array(&w);
    kp__jo_end_array(&w);
    kp__jo_end_array(&w);
    kp__jo_key(&w, "x");
    kp__jo_string(&w, NULL);
    kp__jo_end_object(&w);
    return kp__jo_finish(&w);
}

Test(json_out, escapes_and_layout)
{
    char *s = doc(0);
    cr_assert_str_eq(s, "{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001/\xc3\xa9\\ufffd\",\"n\":2.0,\"z\":0.0,"
                        "\"nan\":null,\"inf\":null,\"i\":-42,\"a\":[true,null,{},[]],\"x\":null}");
    free(s);
    s = doc(1);
    cr_assert_str_eq(s, "{\n  \"s\": \"a\\\"b\\\\c\\n\\t\\u0001/\xc3\xa9\\ufffd\",\n  \"n\": 2.0,\n"
                        "  \"z\": 0.0,\n  \"nan\": null,\n  \"inf\": null,\n  \"i\": -42,\n"
                        "  \"a\": [\n    true,\n    null,\n    {},\n    []\n  ],\n  \"x\": null\n}");
    free(s);
}

Test(json_out, an_allocation_failure_gives_no_text)
{
    for (long k = 0; k < 6; k++) {
        fail_after = k;
        char *s = doc(0);
        fail_after = -1;
        if (s) {   /* enough allocations succeeded: the text is whole */
            cr_assert_eq(s[strlen(s) - 1], '}');
            free(s);
        }
    }
    fail_after = 0;
    cr_assert_null(doc(0));
    fail_after = -1;
}

Test(json_out, unbalanced_or_too_deep_gives_no_text)
{
    kp__jo w;
    kp__jo_init(&w, 0, 64);
    kp__jo_begin_array(&w);
    cr_assert_null(kp__jo_finish(&w));
    kp__jo_init(&w, 0, 64);
    for (int i = 0; i < KP__JO_MAX_DEPTH + 1; i++)
        kp__jo_begin_array(&w);
    for (int i = 0; i < KP__JO_MAX_DEPTH + 1; i++)
        kp__jo_end_array(&w);
    cr_assert_null(kp__jo_finish(&w));
}
