#include "i18n.h"

#include <libintl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Japanese catalog read from its .mo file (GNU gettext's format:
 * a magic number, the count of messages and the offsets of two tables
 * of (length, offset) pairs, originals and translations), while a
 * caller of this thread asks for Japanese whatever the language of the
 * process (ps_i18n_japanese). */
typedef struct {
  unsigned char *data;
  size_t size;
  uint32_t count, originals, translations;
  int swapped; /* written on a machine of the other byte order */
} mo_catalog;

static _Thread_local mo_catalog *japanese;

static uint32_t mo_word(const mo_catalog *c, size_t at) {
  if (at + 4 > c->size)
    return 0;
  const unsigned char *p = c->data + at;
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  return c->swapped
             ? (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24)
             : v;
}

/* String I of the table at TABLE, or NULL when the file says otherwise
 * than it is (a length or offset past its end, no NUL). */
static const char *mo_string(const mo_catalog *c, uint32_t table, uint32_t i) {
  size_t at = (size_t)table + (size_t)i * 8;
  uint32_t len = mo_word(c, at), off = mo_word(c, at + 4);
  if (at + 8 > c->size || (size_t)off + len >= c->size || c->data[(size_t)off + len] != '\0')
    return NULL;
  return (const char *)c->data + off;
}

static const char *mo_lookup(const mo_catalog *c, const char *msgid) {
  for (uint32_t i = 0; i < c->count; i++) {
    const char *o = mo_string(c, c->originals, i);
    if (o && strcmp(o, msgid) == 0) {
      const char *t = mo_string(c, c->translations, i);
      return t && *t ? t : msgid;
    }
  }
  return msgid;
}

static mo_catalog *mo_load(const char *path) {
  FILE *f = fopen(path, "rb");
  mo_catalog *c = f ? calloc(1, sizeof *c) : NULL;
  if (c && fseek(f, 0, SEEK_END) == 0) {
    long n = ftell(f);
    if (n > 28 && n < (1L << 26) && fseek(f, 0, SEEK_SET) == 0 &&
        (c->data = malloc((size_t)n)) != NULL && fread(c->data, 1, (size_t)n, f) == (size_t)n)
      c->size = (size_t)n;
  }
  if (f)
    fclose(f);
  if (c && c->size) {
    uint32_t magic = mo_word(c, 0);
    c->swapped = magic == 0xde120495u;
    if (magic == 0x950412deu || c->swapped) {
      c->count = mo_word(c, 8);
      c->originals = mo_word(c, 12);
      c->translations = mo_word(c, 16);
      return c;
    }
  }
  if (c)
    free(c->data);
  free(c);
  return NULL;
}

int ps_i18n_japanese(int on) {
  if (!on) {
    if (japanese)
      free(japanese->data);
    free(japanese);
    japanese = NULL;
    return 0;
  }
  if (japanese)
    return 0;
  const char *dir = bindtextdomain(PS_TEXTDOMAIN, NULL);
  char path[4096];
  if (!dir || snprintf(path, sizeof path, "%s/ja/LC_MESSAGES/%s.mo", dir, PS_TEXTDOMAIN) >=
                  (int)sizeof path)
    return -1;
  japanese = mo_load(path);
  return japanese ? 0 : -1;
}

const char *ps_tr(const char *msgid) {
  return japanese ? mo_lookup(japanese, msgid) : dgettext(PS_TEXTDOMAIN, msgid);
}
