#include "xmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X(s) ((const xmlChar *)(s))

static void check(ps_xw *x, int rc) {
  if (rc < 0)
    x->failed = 1;
}

int xw_open(ps_xw *x) {
  memset(x, 0, sizeof(*x));
  if (!(x->buf = xmlBufferCreate()))
    return -1;
  if (!(x->w = xmlNewTextWriterMemory(x->buf, 0))) {
    xmlBufferFree(x->buf);
    x->buf = NULL;
    return -1;
  }
  check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes"));
  return x->failed ? -1 : 0;
}

void xw_start(ps_xw *x, const char *name) {
  if (!x->failed)
    check(x, xmlTextWriterStartElement(x->w, X(name)));
}

void xw_attr(ps_xw *x, const char *name, const char *value) {
  if (!x->failed)
    check(x, xmlTextWriterWriteAttribute(x->w, X(name), X(value)));
}

void xw_attrf(ps_xw *x, const char *name, const char *fmt, ...) {
  char v[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(v, sizeof v, fmt, ap);
  va_end(ap);
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
  char *copy = malloc(len + 1);
  if (!copy) {
    x->failed = 1;
    return;
  }
  memcpy(copy, s, len);
  copy[len] = '\0';
  check(x, xmlTextWriterWriteString(x->w, X(copy)));
  free(copy);
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
  int rc = -1;
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
