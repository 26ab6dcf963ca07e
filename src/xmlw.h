/* A thin wrapper over libxml2's xmlTextWriter writing to memory. Every
 * call's result is checked; after the first failure later calls do
 * nothing, and xw_finish reports it. Escaping is the writer's job. */
#ifndef PS_XMLW_H
#define PS_XMLW_H
#include <libxml/xmlwriter.h>
#include <stddef.h>

typedef struct {
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
  int failed;
} ps_xw;

int xw_open(ps_xw *x);
void xw_start(ps_xw *x, const char *name);
void xw_attr(ps_xw *x, const char *name, const char *value);
void xw_attrf(ps_xw *x, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void xw_end(ps_xw *x);
void xw_text(ps_xw *x, const char *s, size_t len);
/* <name attr="value"/> */
void xw_leaf(ps_xw *x, const char *name, const char *attr, const char *value);
/* Ends the document; on success *data (free with free()) holds the bytes. */
int xw_finish(ps_xw *x, unsigned char **data, size_t *len);
void xw_discard(ps_xw *x);
#endif
