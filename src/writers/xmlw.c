#include "xmlw.h"

#include <stdarg.h>
#include <stdint.h>
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
    if (c >= 0x20 && c < 0x80) { /* most of every text */
      i++;
      continue;
    }
    if ((c & 0xf0) == 0xe0 && len - i >= 3 && (p[i + 1] & 0xc0) == 0x80 &&
        (p[i + 2] & 0xc0) == 0x80) { /* kana and kanji: what the loop below accepts, at once */
      unsigned v = (c & 0x0f) << 12 | (p[i + 1] & 0x3fu) << 6 | (p[i + 2] & 0x3fu);
      if ((v >= 0x20 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd)) {
        i += 3;
        continue;
      }
    }
    size_t n = c < 0x80             ? 1
               : (c & 0xe0) == 0xc0 ? 2
               : (c & 0xf0) == 0xe0 ? 3
               : (c & 0xf8) == 0xf0 ? 4
                                    : 0;
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

/* Where xmlTextWriter puts the document (its output buffer's write
 * callback): one growing block, handed to the caller by xw_finish. */
struct ps_xw_sink {
  unsigned char *data;
  size_t len, cap;
  int failed; /* a write was refused: the bytes are short */
};

/* Grows *BUF (of *CAP bytes) to at least NEED bytes. */
static int reserve(void **buf, size_t *cap, size_t need) {
  if (need <= *cap)
    return 0;
  size_t n = *cap ? *cap : 512;
  while (n < need) {
    if (n > SIZE_MAX / 2)
      return -1;
    n *= 2;
  }
  void *p = realloc(*buf, n);
  if (!p)
    return -1;
  *buf = p;
  *cap = n;
  return 0;
}

static int sink_write(void *ctx, const char *bytes, int n) {
  ps_xw_sink *k = ctx;
  void *data = k->data;
  if (n == 0)
    return 0;
  if (n < 0 || reserve(&data, &k->cap, k->len + (size_t)n + 1) < 0) {
    k->failed = 1;
    return -1;
  }
  k->data = data;
  memcpy(k->data + k->len, bytes, (size_t)n);
  k->len += (size_t)n;
  return n;
}

static int sink_close(void *ctx) {
  (void)ctx; /* the bytes stay for xw_finish */
  return 0;
}

int xw_open(ps_xw *x) {
  ps_init_once();
  memset(x, 0, sizeof(*x));
  if (!(x->sink = calloc(1, sizeof *x->sink)))
    return -1;
  xmlOutputBufferPtr out = xmlOutputBufferCreateIO(sink_write, sink_close, x->sink, NULL);
  if (!out || !(x->w = xmlNewTextWriter(out))) { /* a writer not made leaves OUT to us */
    if (out) /* its flush may already have given the sink a block */
      xmlOutputBufferClose(out);
    free(x->sink->data);
    free(x->sink);
    x->sink = NULL;
    return -1;
  }
  /* Written raw, as xmlTextWriterStartDocument would: it ignores a failed
   * allocation of its own and goes on. */
  check(x, xmlTextWriterWriteRaw(
               x->w, X("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")));
  return x->failed ? -1 : 0;
}

/* Appends N bytes of S to the pending element. */
static int put(ps_xw *x, const char *s, size_t n) {
  void *p = x->pend;
  if (n > SIZE_MAX - x->plen - 1 || reserve(&p, &x->pcap, x->plen + n + 1) < 0) {
    x->failed = 1;
    return -1;
  }
  x->pend = p;
  memcpy(x->pend + x->plen, s, n);
  x->plen += n;
  x->pend[x->plen] = '\0';
  return 0;
}

/* What a byte becomes, as libxml2 escapes: in text and attribute values;
 * line feed and tab in attribute values only. */
static const char *const entity[256] = {
    ['<'] = "&lt;",   ['>'] = "&gt;",   ['&'] = "&amp;", ['"'] = "&quot;",
    ['\r'] = "&#13;", ['\n'] = "&#10;", ['\t'] = "&#9;",
};

/* Appends S escaped to *BUF, which holds *LEN bytes of *CAP; ATTR: for an
 * attribute value. Keeps *BUF ending in a NUL. */
static int put_escaped(ps_xw *x, char **buf, size_t *len, size_t *cap, const char *s, size_t n,
                       int attr) {
  void *b = *buf;
  if (n > (SIZE_MAX - *len - 1) / 6 || reserve(&b, cap, *len + 6 * n + 1) < 0) {
    x->failed = 1;
    return -1;
  }
  *buf = b;
  char *o = *buf + *len;
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n; i++) {
    const char *e = entity[p[i]];
    if (!e || (!attr && (p[i] == '\n' || p[i] == '\t'))) {
      *o++ = (char)p[i];
    } else {
      size_t k = strlen(e);
      memcpy(o, e, k);
      o += k;
    }
  }
  *len = (size_t)(o - *buf);
  *o = '\0';
  return 0;
}

/* Writes S (N bytes, escaped already) through xmlTextWriter. */
static void write_raw(ps_xw *x, const char *s, size_t n) {
  if (n > 0x7fffffff)
    x->failed = 1;
  if (!x->failed)
    check(x, xmlTextWriterWriteRawLen(x->w, X(s), (int)n));
}

/* Hands the pending element to xmlTextWriter, for a child to come:
 * started, its attributes and its text so far written. */
static void open_pending(ps_xw *x) {
  int state = x->pending;
  x->pending = 0;
  if (!state || x->failed)
    return;
  char *p = x->pend, saved = p[1 + x->name_len];
  p[1 + x->name_len] = '\0';
  check(x, xmlTextWriterStartElement(x->w, X(p + 1)));
  p[1 + x->name_len] = saved;
  for (size_t i = 0; i < x->nattrs && !x->failed; i++) {
    size_t end = x->attrs[i].name + x->attrs[i].name_len;
    saved = p[end];
    p[end] = '\0';
    check(x, xmlTextWriterStartAttribute(x->w, X(p + x->attrs[i].name)));
    p[end] = saved;
    write_raw(x, p + x->attrs[i].value, x->attrs[i].value_len);
    if (!x->failed)
      check(x, xmlTextWriterEndAttribute(x->w));
  }
  if (state == 2)
    write_raw(x, p + x->text_at, x->plen - x->text_at);
}

void xw_start(ps_xw *x, const char *name) {
  if (x->failed)
    return;
  open_pending(x);
  size_t n = name ? strlen(name) : 0;
  if (n == 0) { /* as xmlTextWriterStartElement refuses it */
    x->failed = 1;
    return;
  }
  x->plen = x->nattrs = 0;
  x->name_len = n;
  if (put(x, "<", 1) == 0 && put(x, name, n) == 0)
    x->pending = 1;
}

/* The attribute NAME="VALUE" (VALUE escaped already, LEN bytes) of an
 * element xmlTextWriter has. */
static void write_attr(ps_xw *x, const char *name, const char *value, size_t len) {
  check(x, xmlTextWriterStartAttribute(x->w, X(name)));
  write_raw(x, value, len);
  if (!x->failed)
    check(x, xmlTextWriterEndAttribute(x->w));
}

void xw_attr(ps_xw *x, const char *name, const char *value) {
  if (!value) /* as libxml2 did: an attribute without a value fails the part */
    x->failed = 1;
  if (x->failed || !carried(x, value, strlen(value)))
    return;
  size_t len = strlen(value), n = name ? strlen(name) : 0;
  if (x->pending == 2 || n == 0) { /* xmlTextWriter refuses both */
    x->failed = 1;
    return;
  }
  if (x->pending == 1 && x->nattrs < PS_XW_MAX_ATTRS) {
    size_t at = x->plen + 1;
    if (put(x, " ", 1) < 0 || put(x, name, n) < 0 || put(x, "=\"", 2) < 0)
      return;
    size_t value_at = x->plen;
    if (put_escaped(x, &x->pend, &x->plen, &x->pcap, value, len, 1) < 0)
      return;
    x->attrs[x->nattrs].name = at;
    x->attrs[x->nattrs].name_len = n;
    x->attrs[x->nattrs].value = value_at;
    x->attrs[x->nattrs].value_len = x->plen - value_at;
    x->nattrs++;
    put(x, "\"", 1);
    return;
  }
  open_pending(x); /* one attribute too many to keep */
  size_t elen = 0;
  if (!x->failed && put_escaped(x, &x->scratch, &elen, &x->scap, value, len, 1) == 0)
    write_attr(x, name, x->scratch, elen);
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

/* Ends the pending element: the whole of it in one write. */
static void end_pending(ps_xw *x) {
  int state = x->pending;
  x->pending = 0;
  if (state == 1) {
    put(x, "/>", 2);
  } else { /* "</name>", the name copied from the start tag once pend has grown */
    void *p = x->pend;
    if (reserve(&p, &x->pcap, x->plen + x->name_len + 4) < 0) {
      x->failed = 1;
      return;
    }
    char *o = (x->pend = p) + x->plen;
    o[0] = '<';
    o[1] = '/';
    memcpy(o + 2, x->pend + 1, x->name_len);
    o[2 + x->name_len] = '>';
    o[3 + x->name_len] = '\0';
    x->plen += x->name_len + 3;
  }
  write_raw(x, x->pend, x->plen);
}

void xw_end(ps_xw *x) {
  if (x->failed)
    return;
  if (x->pending)
    end_pending(x);
  else
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
  if (x->pending == 1) {
    if (put(x, ">", 1) < 0)
      return;
    x->text_at = x->plen;
    x->pending = 2;
  }
  if (x->pending) {
    put_escaped(x, &x->pend, &x->plen, &x->pcap, s, len, 0);
    return;
  }
  size_t n = 0;
  if (put_escaped(x, &x->scratch, &n, &x->scap, s, len, 0) == 0)
    write_raw(x, x->scratch, n);
}

void xw_leaf(ps_xw *x, const char *name, const char *attr, const char *value) {
  xw_start(x, name);
  if (attr)
    xw_attr(x, attr, value);
  xw_end(x);
}

static void free_buffers(ps_xw *x) {
  if (x->w)
    xmlFreeTextWriter(x->w); /* closes the output buffer into the sink */
  if (x->sink)
    free(x->sink->data);
  free(x->sink);
  free(x->pend);
  free(x->scratch);
  x->w = NULL;
  x->sink = NULL;
  x->pend = x->scratch = NULL;
  x->plen = x->pcap = x->scap = 0;
  x->pending = 0;
}

int xw_finish(ps_xw *x, unsigned char **data, size_t *len) {
  *data = NULL;
  *len = 0;
  open_pending(x);
  if (!x->failed)
    check(x, xmlTextWriterEndDocument(x->w));
  xmlFreeTextWriter(x->w); /* flushes into the sink; a failed flush leaves it short */
  x->w = NULL;
  if (!x->failed && !x->sink->failed && x->sink->data && x->sink->len < x->sink->cap) {
    x->sink->data[x->sink->len] = '\0';
    *data = x->sink->data;
    *len = x->sink->len;
    x->sink->data = NULL;
  }
  int rc = *data ? 0 : x->refused ? PS_EINPUT : PS_ENOMEM;
  free_buffers(x);
  return rc;
}

void xw_discard(ps_xw *x) { free_buffers(x); }

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
