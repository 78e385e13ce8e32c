/*
 * xml.c - bounded, offline libxml2 reader walk for GPX and TCX (see xml.h).
 */
#include "xml.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include "../date.h"
#include "../internal.h"

/* libxml2 must be initialised once before threads use it. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

/* NONET: never fetch anything.  No NOENT (entities are not substituted), no
 * DTDLOAD/DTDATTR (no external subset is read); a DTD is refused below. */
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING)

typedef struct walk_state {
    char msg[200];          /* first fatal error (else first error) */
    long line;
    int fatal, nomem, have;
} walk_state;

static void on_error(void *arg, xmlErrorPtr err)
{
    walk_state *ws = arg;
    if (!err)
        return;
    if (err->code == XML_ERR_NO_MEMORY)
        ws->nomem = 1;
    int fatal = err->level == XML_ERR_FATAL;
    if (ws->have && (ws->fatal || !fatal))
        return;
    snprintf(ws->msg, sizeof ws->msg, "%s", err->message ? err->message : "XML error");
    size_t n = strlen(ws->msg);
    while (n && isspace((unsigned char)ws->msg[n - 1]))
        ws->msg[--n] = '\0';
    ws->line = err->line;
    ws->fatal = fatal;
    ws->have = 1;
}

/* Strava serves TCX with white space before "<?xml", which XML forbids:
 * skip a UTF-8 byte-order mark and ASCII white space. */
static const unsigned char *skip_lead(const unsigned char *p, size_t *n)
{
    if (*n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3, *n -= 3;
    while (*n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++, (*n)--;
    return p;
}

static const char *local_name(xmlTextReaderPtr rd)
{
    const char *s = (const char *)xmlTextReaderConstLocalName(rd);
    if (!s)
        return "";
    /* an undeclared prefix stays in the name ("gpxdata:cadence") */
    const char *colon = strrchr(s, ':');
    return colon ? colon + 1 : s;
}

int kp__xml_is(const kp__xml_node *node, const char *name, const char *parent)
{
    if (strcmp(node->path[node->depth], name))
        return 0;
    return !parent || (node->depth > 0 && !strcmp(node->path[node->depth - 1], parent));
}

const char *kp__xml_attr(const kp__xml_node *node, const char *name, char *buf, size_t cap)
{
    xmlChar *v = xmlTextReaderGetAttribute(node->reader, (const xmlChar *)name);
    if (!v)
        return NULL;
    snprintf(buf, cap, "%s", (const char *)v);
    xmlFree(v);
    return buf;
}

static kp_status reader_error(const walk_state *ws, const char *name, const char *what,
                              long line)
{
    if (ws->nomem)
        return kp__oom();
    return kp__error(KP_EPARSE, "%s:%ld: a%s %s file that is not well-formed XML (%s)", name,
                     ws->have ? ws->line : line, what[0] == 'X' ? "n" : "", what,
                     ws->have ? ws->msg : "unreadable");
}

/* Some libxml2 errors (encoding conversion, I/O) bypass the reader's
 * handler and go to the calling thread's handlers, stderr by default.
 * These are redirected to the walk for its duration and then put back, so
 * that the library prints nothing and the host application's own libxml2
 * settings are left as they were. */
typedef struct saved_handlers {
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
    xmlGenericErrorFunc generic;
    void *generic_ctx;
} saved_handlers;

static void ignore_generic(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg;
}

static void redirect_errors(saved_handlers *saved, walk_state *ws)
{
    saved->structured = xmlStructuredError;
    saved->structured_ctx = xmlStructuredErrorContext;
    saved->generic = xmlGenericError;
    saved->generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(ws, on_error);
    xmlSetGenericErrorFunc(NULL, ignore_generic);
}

static void restore_errors(const saved_handlers *saved)
{
    xmlSetStructuredErrorFunc(saved->structured_ctx, saved->structured);
    xmlSetGenericErrorFunc(saved->generic_ctx, saved->generic);
}

/* A reader over the document, with libxml2's errors redirected to ws. */
typedef struct xml_reader {
    xmlTextReaderPtr rd;
    walk_state ws;
    saved_handlers saved;
} xml_reader;

static kp_status reader_open(xml_reader *r, const unsigned char *data, size_t size,
                             const char *name)
{
    pthread_once(&xml_once, xml_init);
    memset(r, 0, sizeof *r);
    data = skip_lead(data, &size);
    if (size > INT32_MAX)
        return kp__error(KP_EPARSE, "%s: an XML file too large", name);
    redirect_errors(&r->saved, &r->ws);
    r->rd = xmlReaderForMemory((const char *)data, (int)size, NULL, NULL, READER_OPTIONS);
    if (!r->rd) {
        restore_errors(&r->saved);
        return kp__oom();
    }
    xmlTextReaderSetStructuredErrorHandler(r->rd, on_error, &r->ws);
    return KP_OK;
}

static void reader_close(xml_reader *r)
{
    xmlFreeTextReader(r->rd);
    restore_errors(&r->saved);
}

static void trim_into(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

kp_status kp__xml_walk(const unsigned char *data, size_t size, const char *name,
                       const char *what, kp__xml_fn fn, void *user)
{
    xml_reader xr;
    kp_status st = reader_open(&xr, data, size, name);
    if (st)
        return st;
    xmlTextReaderPtr rd = xr.rd;
    kp__xml_node node;
    memset(&node, 0, sizeof node);
    node.reader = rd;
    char raw[KP_XML_MAX_TEXT], text[KP_XML_MAX_TEXT];
    size_t nraw = 0;
    int text_depth = -1, r;
    while (!st && (r = xmlTextReaderRead(rd)) == 1) {
        int type = xmlTextReaderNodeType(rd), d = xmlTextReaderDepth(rd);
        long line = xmlTextReaderGetParserLineNumber(rd);
        switch (type) {
        case XML_READER_TYPE_DOCUMENT_TYPE:
            st = kp__error(KP_EPARSE, "%s:%ld: a%s %s file with a document type declaration "
                           "(refused: entities are not expanded)", name, line,
                           what[0] == 'X' ? "n" : "", what);
            break;
        case XML_READER_TYPE_ELEMENT:
            if (d < 0 || d >= KP_XML_MAX_DEPTH)
                break;
            node.path[d] = local_name(rd);
            node.depth = d;
            node.line = line;
            node.text = "";
            nraw = 0;
            text_depth = d;
            st = fn(user, &node, KP_XML_START);
            if (!st && xmlTextReaderIsEmptyElement(rd)) {
                node.depth = d;
                node.text = "";
                st = fn(user, &node, KP_XML_END);
                text_depth = -1;
            }
            break;
        case XML_READER_TYPE_END_ELEMENT:
            if (d < 0 || d >= KP_XML_MAX_DEPTH)
                break;
            node.depth = d;
            node.line = line;
            if (text_depth == d)
                trim_into(text, sizeof text, raw, nraw);
            else
                text[0] = '\0';
            node.text = text;
            st = fn(user, &node, KP_XML_END);
            text_depth = -1;
            break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
            if (text_depth == d - 1) {
                const char *v = (const char *)xmlTextReaderConstValue(rd);
                size_t len = v ? strlen(v) : 0;
                if (len > sizeof raw - nraw)
                    len = sizeof raw - nraw;
                memcpy(raw + nraw, v, len);
                nraw += len;
            }
            break;
        default:
            break;
        }
    }
    if (!st && r < 0)
        st = reader_error(&xr.ws, name, what, xmlTextReaderGetParserLineNumber(rd));
    reader_close(&xr);
    return st;
}

kp_status kp__xml_root(const unsigned char *data, size_t size, const char *name,
                       const char *what, char *buf, size_t cap)
{
    xml_reader xr;
    kp_status st = reader_open(&xr, data, size, name);
    if (st)
        return st;
    xmlTextReaderPtr rd = xr.rd;
    int r;
    buf[0] = '\0';
    while ((r = xmlTextReaderRead(rd)) == 1) {
        int type = xmlTextReaderNodeType(rd);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            st = kp__error(KP_EPARSE, "%s:%d: a%s %s file with a document type declaration "
                           "(refused: entities are not expanded)", name,
                           xmlTextReaderGetParserLineNumber(rd), what[0] == 'X' ? "n" : "",
                           what);
            break;
        }
        if (type == XML_READER_TYPE_ELEMENT) {
            snprintf(buf, cap, "%s", local_name(rd));
            break;
        }
    }
    if (!st && r < 0)
        st = reader_error(&xr.ws, name, what, xmlTextReaderGetParserLineNumber(rd));
    else if (!st && r == 0)
        st = kp__error(KP_EPARSE, "%s: an XML file without an element", name);
    reader_close(&xr);
    return st;
}

static int digits(const char **s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++, (*s)++) {
        if (!isdigit((unsigned char)**s))
            return -1;
        v = v * 10 + (**s - '0');
    }
    *out = v;
    return 0;
}

int kp__xml_time(const char *s, double *utc, double *local)
{
    int y, mo, d, h, mi, se;
    *utc = *local = NAN;
    if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' ||
        digits(&s, 2, &d))
        return -1;
    if (*s != 'T' && *s != ' ')
        return -1;
    s++;
    if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi) || *s++ != ':' ||
        digits(&s, 2, &se))
        return -1;
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 60)
        return -1;
    int32_t day = kp__days_from_civil(y, (unsigned)mo, (unsigned)d);
    int cy;
    unsigned cm, cd;
    kp__civil_from_days(day, &cy, &cm, &cd);
    if ((int)cm != mo || (int)cd != d)
        return -1;
    double frac = 0, scale = 0.1;
    if (*s == '.' || *s == ',') {
        s++;
        if (!isdigit((unsigned char)*s))
            return -1;
        for (; isdigit((unsigned char)*s); s++, scale /= 10)
            frac += (*s - '0') * scale;
    }
    double written = (double)day * 86400 + h * 3600 + mi * 60 + se + frac;
    if (!*s || (*s == 'Z' && !s[1])) {
        *utc = written;
        return 0;
    }
    if (*s != '+' && *s != '-')
        return -1;
    int sign = *s++ == '-' ? -1 : 1, oh, om = 0;
    if (digits(&s, 2, &oh))
        return -1;
    if (*s == ':')
        s++;
    if (*s && digits(&s, 2, &om))
        return -1;
    if (*s || oh > 14 || om > 59)
        return -1;
    *local = written;
    *utc = written - sign * (oh * 3600 + om * 60);
    return 0;
}
