/* A thin wrapper over libxml2's xmlTextWriter writing to memory. Every
 * call's result is checked; after the first failure later calls do
 * nothing, and xw_finish reports it. Escaping is the writer's job.
 *
 * An element is handed to xmlTextWriter when its first child element
 * starts. One that ends with no child (a leaf such as <w:b/>, or a run of
 * text such as <w:t>...</w:t>), most of a document, reaches it as one
 * xmlTextWriterWriteRaw of the whole element, formatted here exactly as
 * xmlTextWriter would: a third of the calls into libxml2 otherwise. */
#ifndef PS_XMLW_H
#define PS_XMLW_H
#include <libxml/xmlwriter.h>
#include <stddef.h>

#include "procspec/procspec.h"

#define PS_XW_MAX_ATTRS 16 /* attributes an element can hold before xmlTextWriter sees it */

typedef struct ps_xw_sink ps_xw_sink;

typedef struct {
  xmlTextWriterPtr w;
  ps_xw_sink *sink; /* the bytes xmlTextWriter has written */
  int failed;
  unsigned refused; /* the first character refused (see ps_xml_bad_char), or 0 */
  /* The element begun last, not yet handed to xmlTextWriter: "<name",
   * its attributes, then (pending == 2) ">" and its escaped text. */
  int pending;
  char *pend;
  size_t plen, pcap, name_len, text_at, nattrs;
  struct {
    size_t name, name_len, value, value_len;
  } attrs[PS_XW_MAX_ATTRS];
  char *scratch; /* escaped text for xmlTextWriter */
  size_t scap;
} ps_xw;

/* The offset of the first character in S (LEN bytes of UTF-8) that XML 1.0
 * cannot carry (a C0 control other than tab, LF and CR; U+FFFE, U+FFFF; a
 * surrogate; or a byte that is not UTF-8), with its code point in *CP; LEN
 * when there is none. Every text and attribute value xw_* writes passes
 * this one check. */
size_t ps_xml_bad_char(const char *s, size_t len, unsigned *cp);
#define PS_XML_NOT_UTF8 0x110000u /* *cp for a byte that is not UTF-8 */

/* Names what ps_xml_bad_char found, for messages: "the character U+FFFE"
 * or "a byte that is not UTF-8 text". */
void ps_xml_char_name(char *out, size_t n, unsigned cp);

/* The code point the last failed xw_finish of this thread refused (0: it
 * failed for want of memory). */
unsigned xw_last_refused(void);

int xw_open(ps_xw *x);
void xw_start(ps_xw *x, const char *name);
void xw_attr(ps_xw *x, const char *name, const char *value);
void xw_attrf(ps_xw *x, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void xw_end(ps_xw *x);
void xw_text(ps_xw *x, const char *s, size_t len);
/* A writer's failure RC as a message, unless one was added since DIAGS had
 * ERRORS_BEFORE errors: which document (FORMAT, NAME) could not be
 * written and why. Returns RC. */
int xw_report(ps_diags *diags, size_t errors_before, int rc, const char *format, const char *name);

/* <name attr="value"/> */
void xw_leaf(ps_xw *x, const char *name, const char *attr, const char *value);
/* 0 while nothing failed; else PS_EINPUT when a character was refused,
 * PS_ENOMEM otherwise. */
int xw_status(const ps_xw *x);

/* Ends the document; on success *data (free with free()) holds the bytes.
 * Returns 0, PS_EINPUT when a text held a character XML cannot carry, or
 * PS_ENOMEM. */
int xw_finish(ps_xw *x, unsigned char **data, size_t *len);
void xw_discard(ps_xw *x);
#endif
