/* A growable byte buffer with a size cap. Always NUL-terminated after a
 * successful append, so ptr can be used as a C string. */
#ifndef PS_BUF_H
#define PS_BUF_H
#include <stddef.h>

typedef struct {
  char *ptr;
  size_t len;
  size_t cap;
  size_t max; /* 0: PS_BUF_DEFAULT_MAX */
  int failed; /* set when an append failed; later appends are no-ops */
} ps_buf;

#define PS_BUF_DEFAULT_MAX ((size_t)256 * 1024 * 1024)
#define PS_BUF_INIT                                                                                \
  { NULL, 0, 0, 0, 0 }

int ps_buf_append(ps_buf *b, const void *data, size_t len);
int ps_buf_puts(ps_buf *b, const char *s);
int ps_buf_putc(ps_buf *b, char c);
int ps_buf_printf(ps_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the contents to the caller (free with free()); the buffer is
 * reset. Returns NULL if an append failed. */
char *ps_buf_detach(ps_buf *b, size_t *len);
void ps_buf_free(ps_buf *b);

/* Makes room for one more element of ELEM bytes in ITEMS, an array of
 * *CAP elements of which COUNT are used, doubling it when full. Returns
 * the array (moved, perhaps), or NULL when out of memory: then ITEMS and
 * *CAP are unchanged. */
void *ps_grow(void *items, size_t *cap, size_t count, size_t elem);
#endif
