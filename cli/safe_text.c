/*
 * safe_text.c - escape terminal control sequences in untrusted text (gear
 * and activity names from imported logs, values quoted in error messages),
 * so that a file cannot move the cursor, retitle the window or hide text.
 */
#include "safe_text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1..4), 0 if invalid. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n = s[0] < 0xC2 ? 0 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : s[0] < 0xF5 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* overlong three- and four-byte forms, surrogates, beyond U+10FFFF */
    if ((n == 3 && s[0] == 0xE0 && s[1] < 0xA0) || (n == 3 && s[0] == 0xED && s[1] >= 0xA0) ||
        (n == 4 && s[0] == 0xF0 && s[1] < 0x90) || (n == 4 && s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

size_t cli_put_safe(FILE *out, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t written = 0;
    while (s && *s) {
        size_t n = *s < 0x80 ? 1 : utf8_len(s);
        if (*s < 0x20 || *s == 0x7F || n == 0) {
            written += (size_t)fprintf(out, "\\x%02x", *s);
            s++;
        } else if (n == 2 && s[0] == 0xC2 && s[1] < 0xA0) {
            /* U+0080..U+009F: C1 controls such as CSI (U+009B) */
            written += (size_t)fprintf(out, "\\u%04x", s[1]);
            s += 2;
        } else {
            written += fwrite(s, 1, n, out);
            s += n;
        }
    }
    return written;
}

void cli_errorf(const char *fmt, ...)
{
    char small[512] = "", *msg = small;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len >= (int)sizeof small && (msg = malloc((size_t)len + 1))) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    cli_put_safe(stderr, msg ? msg : small);
    fputc('\n', stderr);
    if (msg != small)
        free(msg);
}
