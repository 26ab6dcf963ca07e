#include "xmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "init.h"

#define X(s) ((const xmlChar *)(s))

static _Thread_local unsigned last_refused;

unsigned xw_last_refused(void) { return last_refused; }

static void check(ps_xw *x, int rc) {
  if (rc < 0)
    x->failed = 1;
}

size_t ps_xml_bad_char(const char *s, size_t len, unsigned *cp) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    unsigned c = p[i];
    size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || i + n > len) {
      *cp = PS_XML_NOT_UTF8;
      return i;
    }
    unsigned v = n == 1 ? c : c & (0x7f >> n);
    for (size_t k = 1; k < n; k++) {
      if ((p[i + k] & 0xc0) != 0x80) {
        *cp = PS_XML_NOT_UTF8;
        return i;
      }
      v = v << 6 | (p[i + k] & 0x3f);
    }
    int ok = v == 0x9 || v == 0xa || v == 0xd || (v >= 0x20 && v <= 0xd7ff) ||
             (v >= 0xe000 && v <= 0xfffd) || (v >= 0x10000 && v <= 0x10ffff);
    if (!ok) {
      *cp = v;
      return i;
    }
    i += n;
  }
  return len;
}

void ps_xml_char_name(char *out, size_t n, unsigned cp) {
  if (cp == PS_XML_NOT_UTF8)
    snprintf(out, n, "a byte that is not UTF-8 text");
  else
    snprintf(out, n, "the character U+%04X", cp);
}

/* Refuses S unless XML can carry all of it. */
static int carried(ps_xw *x, const char *s, size_t len) {
  unsigned cp;
  if (ps_xml_bad_char(s, len, &cp) == len)
    return 1;
  x->failed = 1;
  if (!x->refused)
    x->refused = cp ? cp : PS_XML_NOT_UTF8;
  last_refused = x->refused;
  return 0;
}

int xw_status(const ps_xw *x) { return !x->failed ? 0 : x->refused ? PS_EINPUT : PS_ENOMEM; }

int xw_open(ps_xw *x) {
  ps_init_once();
  memset(x, 0, sizeof(*x));
  if (!(x->buf = xmlBufferCreate()))
    return -1;
  if (!(x->w = xmlNewTextWriterMemory(x->buf, 0))) {
    xmlBufferFree(x->buf);
    x->buf = NULL;
    return -1;
  }
  /* Written raw, as xmlTextWriterStartDocument would: it ignores a failed
   * allocation of its own and goes on. */
  check(x, xmlTextWriterWriteRaw(
               x->w, X("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")));
  return x->failed ? -1 : 0;
}

void xw_start(ps_xw *x, const char *name) {
  if (!x->failed)
    check(x, xmlTextWriterStartElement(x->w, X(name)));
}

/* S escaped for XML into a new string (free with free()), as libxml2
 * escapes it: xmlTextWriterWriteString drops the text without a word when
 * its own escaping runs out of memory, so procspec escapes, and writes the
 * result raw. ATTR: for an attribute value. NULL when out of memory. */
static char *escaped(const char *s, size_t len, int attr) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += strchr("<>&\"\r", s[i]) && s[i] ? 6 : attr && (s[i] == '\n' || s[i] == '\t') ? 5 : 1;
  char *out = malloc(n + 1), *o = out;
  if (!out)
    return NULL;
  for (size_t i = 0; i < len; i++) {
    const char *e = s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" : s[i] == '&' ? "&amp;"
                    : s[i] == '"' ? "&quot;" : s[i] == '\r' ? "&#13;"
                    : attr && s[i] == '\n' ? "&#10;" : attr && s[i] == '\t' ? "&#9;" : NULL;
    if (e) {
      memcpy(o, e, strlen(e));
      o += strlen(e);
    } else {
      *o++ = s[i];
    }
  }
  *o = '\0';
  return out;
}

void xw_attr(ps_xw *x, const char *name, const char *value) {
  if (!value) /* as libxml2 did: an attribute without a value fails the part */
    x->failed = 1;
  if (x->failed || !carried(x, value, strlen(value)))
    return;
  size_t len = strlen(value);
  char *e = escaped(value, len, 1);
  if (!e) {
    x->failed = 1;
    return;
  }
  check(x, xmlTextWriterStartAttribute(x->w, X(name)));
  if (!x->failed)
    check(x, xmlTextWriterWriteRaw(x->w, X(e)));
  if (!x->failed)
    check(x, xmlTextWriterEndAttribute(x->w));
  free(e);
}

void xw_attrf(ps_xw *x, const char *name, const char *fmt, ...) {
  char v[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(v, sizeof v, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof v) /* never written cut short */
    x->failed = 1;
  xw_attr(x, name, v);
}

void xw_end(ps_xw *x) {
  if (!x->failed)
    check(x, xmlTextWriterEndElement(x->w));
}

void xw_text(ps_xw *x, const char *s, size_t len) {
  if (x->failed || len == 0)
    return;
  if (len > 0x7fffffff) {
    x->failed = 1;
    return;
  }
  if (!carried(x, s, len))
    return;
  char *e = escaped(s, len, 0);
  if (!e) {
    x->failed = 1;
    return;
  }
  check(x, xmlTextWriterWriteRaw(x->w, X(e)));
  free(e);
}

void xw_leaf(ps_xw *x, const char *name, const char *attr, const char *value) {
  xw_start(x, name);
  if (attr)
    xw_attr(x, attr, value);
  xw_end(x);
}

int xw_finish(ps_xw *x, unsigned char **data, size_t *len) {
  *data = NULL;
  *len = 0;
  if (!x->failed)
    check(x, xmlTextWriterEndDocument(x->w));
  xmlFreeTextWriter(x->w);
  x->w = NULL;
  int rc = x->refused ? PS_EINPUT : PS_ENOMEM;
  if (!x->failed) {
    size_t n = (size_t)xmlBufferLength(x->buf);
    *data = malloc(n + 1);
    if (*data) {
      memcpy(*data, xmlBufferContent(x->buf), n);
      (*data)[n] = '\0';
      *len = n;
      rc = 0;
    }
  }
  xmlBufferFree(x->buf);
  x->buf = NULL;
  return rc;
}

void xw_discard(ps_xw *x) {
  if (x->w)
    xmlFreeTextWriter(x->w);
  if (x->buf)
    xmlBufferFree(x->buf);
  x->w = NULL;
  x->buf = NULL;
}

int xw_report(ps_diags *diags, size_t errors_before, int rc, const char *format, const char *name) {
  if (ps_diags_errors(diags) > errors_before)
    return rc;
  char what[64];
  ps_xml_char_name(what, sizeof what, last_refused);
  if (rc == PS_EINPUT && last_refused)
    return ps_error_at(diags, rc, NULL, 0, 0,
                       "the %s %s would hold %s, which a %s file cannot carry; remove it "
                       "from the profile or the template",
                       format, name ? name : "document", what, format);
  return ps_error_at(diags, rc, NULL, 0, 0, "%s while writing the %s %s",
                     rc == PS_ENOMEM   ? "out of memory"
                     : rc == PS_ELIMIT ? "a size limit was exceeded"
                                       : "a failure",
                     format, name ? name : "document");
}
