/*
 * xml.h - a bounded, offline walk over an XML activity file (internal).
 *
 * GPX and TCX are read with libxml2's streaming reader: only the element
 * path and the text of the innermost element are held, so memory does not
 * grow with the number of track points.  The network is never used and a
 * document type declaration is refused (GPX and TCX need none), so no
 * external or internal entity is ever expanded.  libxml2 reports its errors
 * to a handler here, never to stderr.
 */
#ifndef KP_IMPORT_XML_H
#define KP_IMPORT_XML_H

#include <stddef.h>
#include <stdint.h>
#include "kneepain.h"

/** Deepest element whose path is tracked; deeper elements are skipped. */
#define KP_XML_MAX_DEPTH 32

/** Longest element text kept (activity values are short; longer text is
 * cut, which only names and descriptions reach). */
#define KP_XML_MAX_TEXT 256

typedef enum kp__xml_event { KP_XML_START, KP_XML_END } kp__xml_event;

/** What a handler sees.  path[0] is the root element's local name (any
 * namespace prefix removed, declared or not), path[depth] the current one. */
typedef struct kp__xml_node {
    const char *path[KP_XML_MAX_DEPTH];
    int depth;
    const char *text;   /**< END: the element's own text, trimmed ("" if none) */
    long line;          /**< line of the element (for messages) */
    void *reader;       /**< for kp__xml_attr() */
} kp__xml_node;

/** Non-zero when node's element is `name` and its parent `parent` (NULL:
 * any parent). */
int kp__xml_is(const kp__xml_node *node, const char *name, const char *parent);

/** Value of attribute `name` (local name) of a START element, copied into
 * buf (cut to cap - 1 bytes), or NULL when absent. */
const char *kp__xml_attr(const kp__xml_node *node, const char *name, char *buf, size_t cap);

typedef kp_status (*kp__xml_fn)(void *user, const kp__xml_node *node, kp__xml_event ev);

/** Local name of the root element of an XML document (copied into buf), or
 * an error: KP_EPARSE (not well-formed, a DTD), KP_ENOMEM.  Leading white
 * space before the XML declaration (Strava) is allowed.  `what` as for
 * kp__xml_walk (the reader parses ahead, so an error near the start can
 * come before the root element is known). */
kp_status kp__xml_root(const unsigned char *data, size_t size, const char *name,
                       const char *what, char *buf, size_t cap);

/** Walk the whole document, calling fn for every element start and end.
 * `what` ("GPX") names the file in messages: "name:LINE: a GPX file that is
 * not well-formed XML (...)".  The first non-zero status of fn stops the
 * walk and is returned.  KP_EPARSE, KP_ENOMEM.  Thread-safe. */
kp_status kp__xml_walk(const unsigned char *data, size_t size, const char *name,
                       const char *what, kp__xml_fn fn, void *user);

/** An ISO 8601 date-time as GPX and TCX write it ("2018-05-13T14:11:03.000Z",
 * "...+02:00", no zone = UTC) -> seconds since 1970 UTC in *utc and, when
 * the text has a numeric offset, the written local time in *local (else
 * NAN).  0, or -1 when the text is not such a time. */
int kp__xml_time(const char *s, double *utc, double *local);

#endif
