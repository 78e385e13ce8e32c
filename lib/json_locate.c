/*
 * json_locate.c - walk JSON text (already validated by jansson) far enough to
 * find where a given path's value starts.
 */
#include "json_locate.h"

#include <stdio.h>
#include <string.h>

typedef struct scan {
    const char *p, *end;
    int line, col;
} scan;

static void advance(scan *s)
{
    if (s->p >= s->end)
        return;
    if (*s->p == '\n') {
        s->line++;
        s->col = 1;
    } else if ((*s->p & 0xC0) != 0x80) {
        s->col++;       /* count characters, not UTF-8 continuation bytes */
    }
    s->p++;
}

static void skip_ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        advance(s);
}

/* Skip a string starting at '"'; copy up to cap-1 bytes of its raw content. */
static void skip_string(scan *s, char *copy, size_t cap)
{
    size_t n = 0;
    advance(s);
    while (s->p < s->end && *s->p != '"') {
        if (*s->p == '\\') {
            if (copy && n + 1 < cap) copy[n++] = *s->p;
            advance(s);
        }
        if (copy && n + 1 < cap && s->p < s->end) copy[n++] = *s->p;
        advance(s);
    }
    advance(s);
    if (copy) copy[n] = '\0';
}

static void skip_value(scan *s);

static void skip_container(scan *s, char close)
{
    advance(s);
    for (;;) {
        skip_ws(s);
        if (s->p >= s->end || *s->p == close) {
            advance(s);
            return;
        }
        if (*s->p == ',' || *s->p == ':') {
            advance(s);
            continue;
        }
        skip_value(s);
    }
}

static void skip_value(scan *s)
{
    skip_ws(s);
    if (s->p >= s->end)
        return;
    switch (*s->p) {
    case '"': skip_string(s, NULL, 0); break;
    case '{': skip_container(s, '}'); break;
    case '[': skip_container(s, ']'); break;
    default:
        while (s->p < s->end && !strchr(",}] \t\r\n", *s->p))
            advance(s);
    }
}

void kp__json_locate(const char *text, size_t size, const kp__path_seg *path, size_t depth,
                     int *line, int *column)
{
    scan s = {text, text + size, 1, 1};
    skip_ws(&s);
    for (size_t d = 0; d < depth; d++) {
        int found = 0;
        scan start = s;
        if (path[d].key && s.p < s.end && *s.p == '{') {
            advance(&s);
            for (;;) {
                skip_ws(&s);
                if (s.p >= s.end || *s.p == '}')
                    break;
                if (*s.p == ',') { advance(&s); continue; }
                char key[256];
                skip_string(&s, key, sizeof key);
                skip_ws(&s);
                if (s.p < s.end && *s.p == ':') advance(&s);
                skip_ws(&s);
                if (!strcmp(key, path[d].key)) { found = 1; break; }
                skip_value(&s);
            }
        } else if (!path[d].key && s.p < s.end && *s.p == '[') {
            advance(&s);
            size_t i = 0;
            for (;;) {
                skip_ws(&s);
                if (s.p >= s.end || *s.p == ']')
                    break;
                if (*s.p == ',') { advance(&s); continue; }
                if (i == path[d].index) { found = 1; break; }
                skip_value(&s);
                i++;
            }
        }
        if (!found) {
            s = start;
            break;
        }
    }
    *line = s.line;
    *column = s.col;
}

void kp__json_path_format(const kp__path_seg *path, size_t depth, char *buf, size_t bufsize)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t d = 0; d < depth && n < bufsize; d++) {
        int w;
        if (path[d].key)
            w = snprintf(buf + n, bufsize - n, "%s%s", d ? "." : "", path[d].key);
        else
            w = snprintf(buf + n, bufsize - n, "[%zu]", path[d].index);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    if (n == 0 && bufsize)
        snprintf(buf, bufsize, "(document)");
}
