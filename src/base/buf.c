#include "buf.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(ps_buf *b, size_t extra) {
  size_t max = b->max ? b->max : PS_BUF_DEFAULT_MAX;
  if (b->failed || extra > max - b->len - 1) {
    b->failed = 1;
    return -1;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need)
    cap = cap > max / 2 ? max : cap * 2;
  char *p = realloc(b->ptr, cap);
  if (!p) {
    b->failed = 1;
    return -1;
  }
  b->ptr = p;
  b->cap = cap;
  return 0;
}

int ps_buf_append(ps_buf *b, const void *data, size_t len) {
  if (grow(b, len) < 0)
    return -1;
  assert(b->ptr); /* grow() succeeded: ptr holds at least len + 1 bytes */
  if (len)
    memcpy(b->ptr + b->len, data, len);
  b->len += len;
  b->ptr[b->len] = '\0';
  return 0;
}

int ps_buf_puts(ps_buf *b, const char *s) { return ps_buf_append(b, s, strlen(s)); }

int ps_buf_putc(ps_buf *b, char c) { return ps_buf_append(b, &c, 1); }

int ps_buf_printf(ps_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || grow(b, (size_t)n) < 0) {
    b->failed = 1;
    return -1;
  }
  va_start(ap, fmt);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

char *ps_buf_detach(ps_buf *b, size_t *len) {
  if (b->failed || (!b->ptr && ps_buf_append(b, "", 0) < 0)) {
    ps_buf_free(b);
    return NULL;
  }
  char *p = b->ptr;
  if (len)
    *len = b->len;
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}

void ps_buf_free(ps_buf *b) {
  free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
}

void *ps_grow(void *items, size_t *cap, size_t count, size_t elem) {
  if (count < *cap)
    return items;
  size_t n = *cap ? *cap : 8;
  if (n > SIZE_MAX / 2 / elem)
    return NULL;
  void *p = realloc(items, 2 * n * elem);
  if (p)
    *cap = 2 * n;
  return p;
}
