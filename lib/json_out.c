/*
 * json_out.c - streaming JSON writer (see json_out.h).
 */
#define _GNU_SOURCE   /* newlocale, uselocale */
#include "json_out.h"
#include "internal.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp__jo_init(kp__jo *w, int pretty, size_t hint)
{
    memset(w, 0, sizeof *w);
    w->pretty = pretty;
    w->cap = hint > 64 ? hint : 64;
    w->buf = kp__malloc(w->cap);
    if (!w->buf) {
        w->failed = 1;
        w->cap = 0;
    }
}

/* Room for n more bytes plus the final NUL; 0 when there is none. */
static int grow(kp__jo *w, size_t n);

static inline int reserve(kp__jo *w, size_t n)
{
    if (__builtin_expect(w->len + n + 1 <= w->cap, 1))
        return 1;
    return grow(w, n);
}

static int grow(kp__jo *w, size_t n)
{
    if (w->failed)
        return 0;
    size_t cap = w->cap * 2;   /* geometric growth: linear total cost */
    if (cap < w->len + n + 1)
        cap = w->len + n + 1;
    char *p = kp__realloc(w->buf, cap);
    if (!p) {
        w->failed = 1;
        return 0;
    }
    w->buf = p;
    w->cap = cap;
    return 1;
}

static inline void raw(kp__jo *w, const char *s, size_t n)
{
    if (!reserve(w, n))
        return;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void newline(kp__jo *w)
{
    size_t n = 1 + 2 * (size_t)w->depth;
    if (!reserve(w, n))
        return;
    w->buf[w->len] = '\n';
    memset(w->buf + w->len + 1, ' ', n - 1);
    w->len += n;
}

/* Separator before a value: none after a key, else a comma between
 * elements and, when pretty, a new indented line. */
static void sep(kp__jo *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->count[w->depth - 1])
        raw(w, ",", 1);
    w->count[w->depth - 1] = 1;
    if (w->pretty)
        newline(w);
}

static void begin(kp__jo *w, char c)
{
    sep(w);
    if (w->depth >= KP__JO_MAX_DEPTH) {
        w->failed = 1;
        return;
    }
    raw(w, &c, 1);
    w->count[w->depth++] = 0;
}

static void end(kp__jo *w, char c)
{
    if (w->depth == 0) {
        w->failed = 1;
        return;
    }
    w->depth--;
    if (w->pretty && w->count[w->depth])
        newline(w);
    raw(w, &c, 1);
}

void kp__jo_begin_object(kp__jo *w) { begin(w, '{'); }
void kp__jo_end_object(kp__jo *w) { end(w, '}'); }
void kp__jo_begin_array(kp__jo *w) { begin(w, '['); }
void kp__jo_end_array(kp__jo *w) { end(w, ']'); }

/* Length of the valid UTF-8 sequence at s (1-4), 0 when invalid
 * (overlong forms, surrogates and code points above U+10FFFF included). */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0xc2 || c > 0xf4)
        return 0;
    if (c < 0xe0)
        return (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c < 0xf0) {
        if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
            return 0;
        if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
            return 0;
        return 3;
    }
    if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
        return 0;
    if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
        return 0;
    return 4;
}

/* 1 for the bytes copied as they are: printable ASCII but quote and
 * backslash */
static const unsigned char plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* A string with the escapes RFC 8259 requires (quote, backslash, control
 * characters); other text is copied as UTF-8.  Invalid UTF-8 becomes
 * U+FFFD so the document stays valid. */
static void quoted(kp__jo *w, const char *str)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    /* the common case, plain ASCII with nothing to escape: one copy */
    const unsigned char *run = s;
    while (plain[*s])
        s++;
    size_t n0 = (size_t)(s - run);
    if (!reserve(w, n0 + 2))
        return;
    char *o = w->buf + w->len;
    *o++ = '"';
    memcpy(o, run, n0);
    o[n0] = '"';
    w->len += n0 + 1;   /* the closing quote is kept only if nothing follows */
    if (!*s) {
        w->len++;
        return;
    }
    for (;;) {
        unsigned c = *s;
        if (!c)
            break;
        if (c >= 0x80) {
            size_t n = utf8_len(s);
            if (n) {
                raw(w, (const char *)s, n);
                s += n;
            } else {
                raw(w, "\\ufffd", 6);
                s++;
            }
        } else if (c < 0x20 || c == '"' || c == '\\') {
            char e[6] = {'\\', 'u', '0', '0', 0, 0};
            switch (c) {
            case '"': e[1] = '"'; break;
            case '\\': e[1] = '\\'; break;
            case '\b': e[1] = 'b'; break;
            case '\f': e[1] = 'f'; break;
            case '\n': e[1] = 'n'; break;
            case '\r': e[1] = 'r'; break;
            case '\t': e[1] = 't'; break;
            default:
                e[4] = hex[c >> 4];
                e[5] = hex[c & 15];
                raw(w, e, 6);
                s++;
                continue;
            }
            raw(w, e, 2);
            s++;
        } else {
            run = s;
            while (plain[*s])
                s++;
            raw(w, (const char *)run, (size_t)(s - run));
        }
    }
    raw(w, "\"", 1);
}

void kp__jo_key(kp__jo *w, const char *key)
{
    sep(w);
    quoted(w, key);
    raw(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
    w->after_key = 1;
}

void kp__jo_string(kp__jo *w, const char *s)
{
    if (!s) {
        kp__jo_null(w);
        return;
    }
    sep(w);
    quoted(w, s);
}

void kp__jo_null(kp__jo *w)
{
    sep(w);
    raw(w, "null", 4);
}

void kp__jo_bool(kp__jo *w, int v)
{
    sep(w);
    if (v)
        raw(w, "true", 4);
    else
        raw(w, "false", 5);
}

void kp__jo_int(kp__jo *w, long long v)
{
    char d[24];
    size_t i = sizeof d;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--i] = '-';
    sep(w);
    raw(w, d + i, sizeof d - i);
}

void kp__jo_real(kp__jo *w, double v)
{
    if (!isfinite(v)) {
        kp__jo_null(w);
        return;
    }
    char d[32];
    size_t n = kp__jo_format_double(v, d);
    if (!strpbrk(d, ".e")) {   /* keep it a real for typed readers */
        d[n++] = '.';
        d[n++] = '0';
    }
    sep(w);
    raw(w, d, n);
}

char *kp__jo_finish(kp__jo *w)
{
    if (w->failed || w->depth) {
        kp__jo_discard(w);
        return NULL;
    }
    w->buf[w->len] = '\0';
    char *s = w->buf;
    w->buf = NULL;
    return s;
}

void kp__jo_discard(kp__jo *w)
{
    kp__free(w->buf);
    w->buf = NULL;
    w->cap = w->len = 0;
    w->failed = 1;
}

/* ------------------------------------------------------ numbers */

typedef unsigned __int128 u128;

/* Digits and decimal exponent as in printf's %g, under the "C" locale, for
 * the values the exact path below does not cover (subnormals, very small
 * or very large magnitudes): the fewest of 1..17 digits that read back. */
static size_t format_fallback(double v, char out[32])
{
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    int n = 0;
    for (int p = 1; p <= 17; p++) {
        n = snprintf(out, 32, "%.*g", p, v);
        if (!c || strtod(out, NULL) == v)
            break;
    }
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    for (int i = 0; i < n; i++)   /* no locale at all: mend a decimal comma */
        if (out[i] == ',')
            out[i] = '.';
    return (size_t)n;
}

/* Digits of r/s (r < s) until the number written is within mm below or
 * mp above (mm = mp/2 when tight); returns the last digit, rounded, and
 * leaves the earlier ones in dig[0..*nd).  Bounds count when even. */
#define DIGIT_LOOP(name, T)                                                  \
    static unsigned name(char *dig, int *nd, T r, T s, T mp, int tight,       \
                         int even)                                           \
    {                                                                        \
        unsigned d;                                                          \
        int low, high;                                                       \
        for (;;) {                                                           \
            r *= 10;                                                         \
            mp *= 10;                                                        \
            if (sizeof(T) == 8) { /* one instruction */                     \
                d = (unsigned)(r / s);                                       \
                r %= s;                                                      \
            } else { /* d < 10: subtracting beats a 128-bit division */      \
                d = 0;                                                       \
                while (r >= s) {                                             \
                    r -= s;                                                  \
                    d++;                                                     \
                }                                                            \
            }                                                                \
            T mm = tight ? mp >> 1 : mp;                                     \
            low = r < mm || (even && r == mm);                               \
            high = r + mp > s || (even && r + mp == s);                      \
            if (low || high || *nd >= 17)                                    \
                break;                                                       \
            dig[(*nd)++] = (char)('0' + d);                                  \
        }                                                                    \
        if (high && (!low || 2 * r >= s))                                    \
            d++;                                                             \
        return d;                                                            \
    }
DIGIT_LOOP(digit_loop64, uint64_t)
DIGIT_LOOP(digit_loop128, u128)

/*
 * Shortest digits by exact integer arithmetic (Steele & White's free-format
 * method): v = m * 2^e lies in the interval of reals that round to it,
 * (v - mm, v + mp); digits are produced until the number written so far is
 * inside that interval.  All quantities are scaled by 4 so the halved
 * lower gap of a power of two stays integral.  With 128-bit integers this
 * is exact for e in [-120, 60], i.e. about 3.4e-21 <= |v| < 2^113.
 */
size_t kp__jo_format_double(double v, char out[32])
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int neg = (int)(bits >> 63);
    int be = (int)((bits >> 52) & 0x7ff);
    uint64_t frac = bits & ((1ull << 52) - 1);
    if (be == 0 && frac == 0) {   /* +0 and -0 */
        out[0] = '0';
        out[1] = '\0';
        return 1;
    }
    int e = be - 1075;
    if (be == 0 || be == 0x7ff || e < -120 || e > 60)
        return format_fallback(v, out);
    uint64_t m = frac | (1ull << 52);
    int even = !(m & 1);   /* a tie on reading rounds to even: bounds count */
    int tight = frac == 0 && be > 1;   /* the gap below is half the gap above */
    u128 r = (u128)m << 2, s = 4, mp = 2;
    if (e >= 0) {
        r <<= e;
        mp <<= e;
    } else {
        s <<= -e;
    }
    int k = 0;   /* v = 0.d1d2... * 10^k */
    while (even ? r + mp >= s : r + mp > s) {
        s *= 10;
        k++;
    }
    while (even ? (r + mp) * 10 < s : (r + mp) * 10 <= s) {
        r *= 10;
        mp *= 10;
        k--;
    }
    char dig[20];
    int nd = 0;
    unsigned d;
    if (s < (u128)1 << 60)   /* 10 * s fits 64 bits: the cheaper loop */
        d = digit_loop64(dig, &nd, (uint64_t)r, (uint64_t)s, (uint64_t)mp, tight, even);
    else
        d = digit_loop128(dig, &nd, r, s, mp, tight, even);
    /* a carry (never expected from the interval test) ripples left */
    while (d == 10) {
        if (nd == 0) {
            d = 1;
            k++;
            break;
        }
        d = (unsigned)(dig[--nd] - '0') + 1;
    }
    dig[nd++] = (char)('0' + d);

    char *p = out;
    if (neg)
        *p++ = '-';
    int x = k - 1;   /* scientific exponent */
    if (x >= -5 && x <= 15) {
        if (k <= 0) {
            *p++ = '0';
            *p++ = '.';
            for (int i = 0; i < -k; i++)
                *p++ = '0';
            memcpy(p, dig, (size_t)nd);
            p += nd;
        } else if (k >= nd) {
            memcpy(p, dig, (size_t)nd);
            p += nd;
            for (int i = nd; i < k; i++)
                *p++ = '0';
        } else {
            memcpy(p, dig, (size_t)k);
            p += k;
            *p++ = '.';
            memcpy(p, dig + k, (size_t)(nd - k));
            p += nd - k;
        }
    } else {
        *p++ = dig[0];
        if (nd > 1) {
            *p++ = '.';
            memcpy(p, dig + 1, (size_t)(nd - 1));
            p += nd - 1;
        }
        *p++ = 'e';
        if (x < 0) {
            *p++ = '-';
            x = -x;
        }
        char xd[4];
        int nx = 0;
        do {
            xd[nx++] = (char)('0' + x % 10);
            x /= 10;
        } while (x);
        while (nx)
            *p++ = xd[--nx];
    }
    *p = '\0';
    return (size_t)(p - out);
}
