/*
 * fields.c - localized values in training-log exports: numbers with
 * thousands or decimal commas, clock durations, dates in the formats Strava
 * and Garmin write per account language, activity types and header names.
 * Nothing here depends on the C locale.
 */
#include "import.h"
#include "../date.h"

#include <locale.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int kp__field_missing(const char *s)
{
    while (is_space((unsigned char)*s))
        s++;
    if (!*s)
        return 1;
    if (s[0] == '-' && s[1] == '-') {
        s += 2;
        while (is_space((unsigned char)*s))
            s++;
        return !*s;
    }
    return 0;
}

static const double pow10_exact[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Digits in `int_part` (commas already removed) and `frac` -> double.
 * Up to 15 significant digits the quotient of two exact doubles is the
 * correctly rounded value; longer numbers go through strtod. */
static int digits_to_double(const char *ip, size_t ni, const char *fp, size_t nf,
                            int negative, double *out)
{
    char buf[96];
    size_t nd = 0;
    uint64_t mant = 0;
    int significant = 0;
    for (size_t i = 0; i < ni; i++) {
        if (significant || ip[i] != '0')
            significant++;
        mant = mant * 10 + (uint64_t)(ip[i] - '0');
        if (significant > 15)
            goto slow;
    }
    for (size_t i = 0; i < nf; i++) {
        if (significant || fp[i] != '0')
            significant++;
        mant = mant * 10 + (uint64_t)(fp[i] - '0');
        if (significant > 15 || nf > 22)
            goto slow;
    }
    *out = (double)mant / pow10_exact[nf];
    if (negative)
        *out = -*out;
    return 0;
slow:
    if (ni + nf + 3 > sizeof buf)
        return -1;
    if (negative)
        buf[nd++] = '-';
    memcpy(buf + nd, ip, ni);
    nd += ni;
    /* strtod follows LC_NUMERIC, which the host program may have set */
    buf[nd++] = *localeconv()->decimal_point;
    memcpy(buf + nd, fp, nf);
    nd += nf;
    buf[nd] = '\0';
    *out = strtod(buf, NULL);
    return 0;
}

int kp__parse_number(const char *s, double *out)
{
    while (is_space((unsigned char)*s))
        s++;
    int negative = 0;
    if (*s == '-' || *s == '+')
        negative = *s++ == '-';
    const char *start = s;
    char ip[64];
    size_t ni = 0, groups = 0, lead = 0;
    /* integer part, possibly grouped by thousands commas: 1,025 / 12,345.6 */
    while (is_digit((unsigned char)*s) && ni < sizeof ip)
        ip[ni++] = *s++, lead++;
    const char *fp = NULL;
    size_t nf = 0;
    if (*s == ',' && lead >= 1) {
        size_t after = 0;
        while (is_digit((unsigned char)s[1 + after]))
            after++;
        if (after == 3 && lead <= 3) {
            /* thousands separators: every group exactly three digits */
            while (*s == ',' && is_digit((unsigned char)s[1]) && is_digit((unsigned char)s[2]) &&
                   is_digit((unsigned char)s[3]) && !is_digit((unsigned char)s[4])) {
                if (ni + 3 > sizeof ip)
                    return -1;
                memcpy(ip + ni, s + 1, 3);
                ni += 3;
                s += 4;
                groups++;
            }
            if (*s == ',')
                return -1;
        } else if (after >= 1 && after <= 2) {
            /* decimal comma: 2,81 */
            fp = s + 1;
            nf = after;
            s += 1 + after;
            goto tail;
        } else {
            return -1;
        }
    }
    if (*s == '.') {
        fp = ++s;
        while (is_digit((unsigned char)*s))
            s++, nf++;
    }
    if ((*s == 'e' || *s == 'E') && !groups) {
        /* scientific notation is rare in exports; let strtod handle it */
        char buf[96];
        const char *e = s + 1;
        if (*e == '-' || *e == '+')
            e++;
        if (!is_digit((unsigned char)*e))
            return -1;
        while (is_digit((unsigned char)*e))
            e++;
        size_t len = (size_t)(e - start);
        if (len + 2 > sizeof buf)
            return -1;
        memcpy(buf, start, len);
        buf[len] = '\0';
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = *localeconv()->decimal_point;
        *out = strtod(buf, NULL);
        if (negative)
            *out = -*out;
        s = e;
        goto done;
    }
tail:
    if (ni == 0 && nf == 0)
        return -1;
    if (digits_to_double(ip, ni, fp ? fp : "", nf, negative, out))
        return -1;
done:
    while (is_space((unsigned char)*s))
        s++;
    /* "1e999" overflows to infinity; no export field holds one, and callers
     * convert these values to integers */
    return *s || !isfinite(*out) ? -1 : 0;
}

/* No activity lasts 115 days; longer clocks are corrupt cells, and the
 * bound keeps every later conversion to an integer defined. */
#define KP_CLOCK_MAX_SECONDS 1e7

int kp__parse_clock(const char *s, double *seconds_out)
{
    double part[3];
    int n = 0;
    char buf[64];
    while (is_space((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    if (!len || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len + 1);
    for (char *p = buf, *colon;; p = colon + 1) {
        colon = strchr(p, ':');
        if (colon)
            *colon = '\0';
        if (n == 3 || kp__parse_number(p, &part[n]) || part[n] < 0)
            return -1;
        /* only the last part may have a fraction; inner parts are < 60 */
        n++;
        if (!colon)
            break;
    }
    double sec = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && part[i] >= 60)
            return -1;
        /* floor, not a cast to an integer type: "99999999999999999999:25"
         * does not fit one (undefined behaviour) and is simply not whole-free */
        if (i < n - 1 && part[i] != floor(part[i]))
            return -1;
        sec = sec * 60 + part[i];
    }
    if (sec > KP_CLOCK_MAX_SECONDS)
        return -1;
    *seconds_out = sec;
    return 0;
}

/* ---- dates --------------------------------------------------------------- */

typedef struct month_name {
    const char *name;
    int month;
} month_name;

/* Full names and abbreviations (without the trailing dot) in en, es, de,
 * fr, it and pt, lower case as written inside dates. */
static const month_name months[] = {
    {"jan", 1}, {"january", 1}, {"ene", 1}, {"enero", 1}, {"januar", 1}, {"jän", 1},
    {"janv", 1}, {"janvier", 1}, {"gen", 1}, {"gennaio", 1}, {"janeiro", 1},
    {"feb", 2}, {"february", 2}, {"febrero", 2}, {"februar", 2}, {"févr", 2},
    {"fév", 2}, {"février", 2}, {"febbraio", 2}, {"fev", 2}, {"fevereiro", 2},
    {"mar", 3}, {"march", 3}, {"marzo", 3}, {"mär", 3}, {"märz", 3}, {"mrz", 3},
    {"mars", 3}, {"março", 3},
    {"apr", 4}, {"april", 4}, {"abr", 4}, {"abril", 4}, {"avr", 4}, {"avril", 4},
    {"aprile", 4},
    {"may", 5}, {"mayo", 5}, {"mai", 5}, {"mag", 5}, {"maggio", 5}, {"maio", 5},
    {"jun", 6}, {"june", 6}, {"junio", 6}, {"juni", 6}, {"juin", 6}, {"giu", 6},
    {"giugno", 6}, {"junho", 6},
    {"jul", 7}, {"july", 7}, {"julio", 7}, {"juli", 7}, {"juil", 7}, {"juillet", 7},
    {"lug", 7}, {"luglio", 7}, {"julho", 7},
    {"aug", 8}, {"august", 8}, {"ago", 8}, {"agosto", 8}, {"août", 8}, {"aout", 8},
    {"sep", 9}, {"sept", 9}, {"september", 9}, {"septiembre", 9}, {"setiembre", 9},
    {"septembre", 9}, {"set", 9}, {"settembre", 9}, {"setembro", 9},
    {"oct", 10}, {"october", 10}, {"octubre", 10}, {"okt", 10}, {"oktober", 10},
    {"octobre", 10}, {"ott", 10}, {"ottobre", 10}, {"out", 10}, {"outubro", 10},
    {"nov", 11}, {"november", 11}, {"noviembre", 11}, {"novembre", 11}, {"novembro", 11},
    {"dec", 12}, {"december", 12}, {"dic", 12}, {"diciembre", 12}, {"dez", 12},
    {"dezember", 12}, {"déc", 12}, {"décembre", 12}, {"dicembre", 12}, {"dezembro", 12},
};

static int month_lookup(const char *w, size_t n)
{
    while (n && w[n - 1] == '.')
        n--;
    for (size_t i = 0; i < sizeof months / sizeof *months; i++)
        if (months[i].name[0] == w[0] && !strncmp(months[i].name, w, n) &&
            months[i].name[n] == '\0')
            return months[i].month;
    return 0;
}

static int valid_date(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit((unsigned char)s[i]))
            return -1;
        v = v * 10 + s[i] - '0';
    }
    return v;
}

/* "H:MM[:SS[.fff]]" at s; returns characters used or 0. */
static size_t parse_time(const char *s, int *h, int *m, int *sec)
{
    const char *p = s;
    int parts[3] = {0, 0, 0}, n = 0;
    while (n < 3) {
        int digits = 0, v = 0;
        while (is_digit((unsigned char)*p) && digits < 3)
            v = v * 10 + *p++ - '0', digits++;
        if (!digits || (n > 0 && digits != 2))
            return 0;
        parts[n++] = v;
        if (*p != ':')
            break;
        p++;
    }
    if (n < 2)
        return 0;
    if (*p == '.' && n == 3)
        for (p++; is_digit((unsigned char)*p); p++)
            ;
    if (parts[0] > 23 || parts[1] > 59 || parts[2] > 60)
        return 0;
    *h = parts[0], *m = parts[1], *sec = parts[2];
    return (size_t)(p - s);
}

static int finish(int y, int mo, int d, int h, int mi, int s, int has_time,
                  int32_t *day_out, int64_t *sec_out)
{
    if (!valid_date(y, mo, d))
        return -1;
    *day_out = kp__days_from_civil(y, (unsigned)mo, (unsigned)d);
    *sec_out = has_time ? (int64_t)*day_out * 86400 + h * 3600 + mi * 60 + s : -1;
    return 0;
}

/* Copy, turning U+202F / U+00A0 (no-break spaces) into ' ' and ASCII into
 * lower case. */
static int prepare(const char *s, char *buf, size_t cap)
{
    size_t n = 0;
    while (is_space((unsigned char)*s))
        s++;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (n + 2 > cap)
            return -1;
        if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) {
            buf[n++] = ' ';
            p += 2;
        } else if (p[0] == 0xC2 && p[1] == 0xA0) {
            buf[n++] = ' ';
            p += 1;
        } else {
            buf[n++] = (char)lower(*p);
        }
    }
    while (n && is_space((unsigned char)buf[n - 1]))
        n--;
    buf[n] = '\0';
    return 0;
}

int kp__parse_datetime(const char *text, int32_t *day_out, int64_t *sec_out)
{
    char s[128];
    int h = 0, mi = 0, sec = 0;
    if (prepare(text, s, sizeof s) || !*s)
        return -1;

    /* ISO: 2014-09-12 16:54:28, 2014-09-12T16:54:28Z, 2014-09-12 */
    if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
        int y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2);
        const char *p = s + 10;
        int has_time = 0;
        if (*p == ' ' || *p == 't') {
            size_t used = parse_time(p + 1, &h, &mi, &sec);
            if (!used)
                return -1;
            p += 1 + used;
            has_time = 1;
            if (*p == 'z')
                p++;
        }
        if (*p)
            return -1;
        return finish(y, mo, d, h, mi, sec, has_time, day_out, sec_out);
    }
    /* German: 09.12.2022, 15:24:49 */
    if (strlen(s) >= 10 && s[2] == '.' && s[5] == '.' && is_digit((unsigned char)s[6])) {
        int d = num(s, 2), mo = num(s + 3, 2), y = num(s + 6, 4);
        const char *p = s + 10;
        int has_time = 0;
        while (*p == ',' || *p == ' ')
            p++;
        if (*p) {
            size_t used = parse_time(p, &h, &mi, &sec);
            if (!used || p[used])
                return -1;
            has_time = 1;
        }
        return finish(y, mo, d, h, mi, sec, has_time, day_out, sec_out);
    }

    /* Words and numbers: "oct 6, 2022, 11:19:20 pm", "22 may 2024, 08:19:26",
     * "2 ago 2026, 12:20:32 p.m.", "24 mai 2012 à 16:27:40",
     * "lun., 30 juin 2014 7:03", "6 de out. de 2022 23:19:20".  Words that
     * are not months or am/pm (weekdays, "à", "de") carry no date. */
    int year = -1, day = -1, month = 0, has_time = 0, ampm = 0;
    for (const char *p = s; *p;) {
        unsigned char c = (unsigned char)*p;
        if (is_digit(c)) {
            size_t n = 0;
            while (is_digit((unsigned char)p[n]))
                n++;
            if (p[n] == ':') {
                size_t used = parse_time(p, &h, &mi, &sec);
                if (!used || has_time)
                    return -1;
                has_time = 1;
                p += used;
                continue;
            }
            if (n == 4 && year < 0)
                year = num(p, 4);
            else if (n <= 2 && day < 0)
                day = num(p, (int)n);
            else
                return -1; /* a second day-like number: ambiguous, not guessed */
            p += n;
        } else if ((c >= 'a' && c <= 'z') || c >= 0x80) {
            size_t n = 0;
            while (((unsigned char)p[n] >= 'a' && (unsigned char)p[n] <= 'z') ||
                   (unsigned char)p[n] >= 0x80 || p[n] == '.')
                n++;
            int m;
            if ((n == 2 && (!strncmp(p, "am", 2) || !strncmp(p, "pm", 2))) ||
                (n == 4 && (!strncmp(p, "a.m.", 4) || !strncmp(p, "p.m.", 4))))
                ampm = p[0] == 'a' ? 1 : 2;
            else if ((m = month_lookup(p, n)) != 0)
                month = m; /* the last month word wins over a weekday like "mar." */
            p += n;
        } else if (c == ' ' || c == ',' || c == '\t') {
            p++;
        } else {
            return -1; /* '/', '-', ... : numeric formats we cannot order safely */
        }
    }
    if (year < 0 || day < 0 || !month)
        return -1;
    if (ampm) {
        if (!has_time || h < 1 || h > 12)
            return -1;
        h = ampm == 1 ? (h == 12 ? 0 : h) : (h == 12 ? 12 : h + 12);
    }
    return finish(year, month, day, h, mi, sec, has_time, day_out, sec_out);
}

/* ---- activity types and header names ---------------------------------- */

static const char *const run_types[] = {
    /* Strava and Garmin, English */
    "run", "trail run", "virtual run", "running", "trail running", "treadmill running",
    "track running", "indoor running", "virtual running", "street running", "ultra run",
    /* es */
    "carrera", "carrera virtual", "carrera de montaña", "carrera por sendero",
    "carrera en cinta", "carrera en pista", "correr",
    /* pt */
    "corrida", "corrida virtual", "corrida em trilha", "corrida de trilha",
    "corrida na esteira", "corrida em pista",
    /* de */
    "lauf", "laufen", "traillauf", "trailrun", "virtueller lauf", "laufbandtraining",
    "laufen auf der bahn", "bahnlauf", "berglauf",
    /* da */
    "løb", "trailløb", "løbebånd", "virtuelt løb", "baneløb",
    /* pl */
    "bieganie", "bieganie na bieżni", "bieganie po bieżni", "bieganie w terenie",
    "bieganie terenowe", "bieg wirtualny", "bieganie wirtualne", "bieganie na stadionie",
    /* fr */
    "course à pied", "course", "trail", "course virtuelle", "course sur tapis",
    "course à pied sur tapis roulant", "course sur piste", "course à pied sur piste",
    /* it */
    "corsa", "corsa virtuale", "corsa su tapis roulant", "corsa su pista", "corsa trail",
    /* nl */
    "hardlopen", "hardloopsessie", "virtuele hardloopsessie",
};

static const char *const swim_types[] = {
    "swim", "swimming", "pool swim", "pool swimming", "open water swimming", "lap swimming",
    "natación", "schwimmen", "natation", "nuoto", "natação", "svømning", "pływanie",
    "zwemmen",
};

static int in_list(const char *type, const char *const *list, size_t n)
{
    char buf[96];
    if (prepare(type, buf, sizeof buf))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (list[i][0] == buf[0] && !strcmp(buf, list[i]))
            return 1;
    return 0;
}

int kp__activity_is_run(const char *type)
{
    return in_list(type, run_types, sizeof run_types / sizeof *run_types);
}

int kp__activity_is_swim(const char *type)
{
    return in_list(type, swim_types, sizeof swim_types / sizeof *swim_types);
}

void kp__header_normalize(char *s)
{
    char *w = s;
    int in_tag = 0;
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p == '<') {
            in_tag = 1;
        } else if (*p == '>' && in_tag) {
            in_tag = 0;
        } else if (!in_tag) {
            if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
                *w++ = '\'';
                p += 2;
            } else if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
                p += 2; /* byte-order mark */
            } else {
                *w++ = (char)lower(*p);
            }
        }
    }
    *w = '\0';
    char *b = s;
    while (is_space((unsigned char)*b))
        b++;
    size_t n = strlen(b);
    while (n && is_space((unsigned char)b[n - 1]))
        n--;
    memmove(s, b, n);
    s[n] = '\0';
}
