/* A loaded profile as JSON: the values as the loader understood them
 * (canonical forms, so a value typed as ９９．９％ comes back as 99.9%),
 * with integers and booleans as JSON numbers and booleans. For programs
 * that fill a form from a profile (procspec serve). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "profile.h"
#include "yamltree.h"

static void json_str(ps_buf *b, const char *s, size_t n) {
  ps_buf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      ps_buf_putc(b, '\\');
      ps_buf_putc(b, (char)c);
    } else if (c < 0x20) {
      ps_buf_printf(b, "\\u%04x", c);
    } else {
      ps_buf_putc(b, (char)c);
    }
  }
  ps_buf_putc(b, '"');
}

/* Iterative over an explicit stack: a profile's depth is bounded by the
 * loader (32), but nothing here recurses. */
typedef struct {
  const ps_ynode *node;
  const ps_ynode *next_child;
} frame;

static void scalar(ps_buf *b, const ps_ynode *n) {
  if (n->vtype == PS_V_INT)
    ps_buf_printf(b, "%ld", n->ival);
  else if (n->vtype == PS_V_BOOL)
    ps_buf_puts(b, n->ival ? "true" : "false");
  else
    json_str(b, n->value, n->len);
}

int ps_profile_json(char **out, size_t *len, const ps_profile *profile) {
  *out = NULL;
  *len = 0;
  ps_buf b = PS_BUF_INIT;
  frame stack[64];
  size_t depth = 0;
  const ps_ynode *root = ps_profile_root(profile);
  ps_buf_putc(&b, '{');
  stack[depth++] = (frame){root, root->first};
  while (depth) {
    frame *f = &stack[depth - 1];
    const ps_ynode *c = f->next_child;
    if (!c) {
      ps_buf_putc(&b, f->node->kind == PS_YMAP ? '}' : ']');
      depth--;
      continue;
    }
    f->next_child = c->next;
    if (c != f->node->first)
      ps_buf_putc(&b, ',');
    if (f->node->kind == PS_YMAP) {
      json_str(&b, c->key, strlen(c->key));
      ps_buf_putc(&b, ':');
    }
    if (c->kind == PS_YSCALAR) {
      scalar(&b, c);
    } else if (depth < sizeof stack / sizeof stack[0]) {
      ps_buf_putc(&b, c->kind == PS_YMAP ? '{' : '[');
      stack[depth++] = (frame){c, c->first};
    } else { /* the loader refuses nesting deeper than 32 */
      ps_buf_free(&b);
      return PS_ELIMIT;
    }
  }
  *out = ps_buf_detach(&b, len);
  if (!*out) {
    ps_buf_free(&b);
    *len = 0;
    return PS_ENOMEM;
  }
  return 0;
}
