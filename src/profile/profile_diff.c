/* The values that differ between two profiles (ps_profile_compare), for
 * the diff's report of what changed in the profile behind the documents. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "format.h"
#include "profile.h"
#include "schema.h"

typedef struct {
  int (*fn)(void *ctx, const ps_profile_change *change);
  void *ctx;
} compare_env;

/* The display text of N: a scalar or a list of scalars as documents print
 * it; a map as its values joined with 、. */
static int display(ps_buf *out, const ps_ynode *n) {
  if (n->kind != PS_YMAP) {
    int scalars = 1;
    for (const ps_ynode *c = n->kind == PS_YSEQ ? n->first : NULL; c; c = c->next)
      scalars &= c->kind == PS_YSCALAR;
    if (scalars)
      return ps_format_node(out, n);
  }
  for (const ps_ynode *c = n->first; c; c = c->next) {
    if (c != n->first)
      ps_buf_puts(out, "、");
    if (display(out, c) < 0)
      return -1;
  }
  return out->failed ? -1 : 0;
}

static int report(compare_env *env, const char *path, const ps_ynode *a, const ps_ynode *b) {
  ps_buf old_text = PS_BUF_INIT, new_text = PS_BUF_INIT;
  int rc = 0;
  if (a && (display(&old_text, a) < 0 || ps_buf_putc(&old_text, '\0') < 0))
    rc = PS_ENOMEM;
  if (b && (display(&new_text, b) < 0 || ps_buf_putc(&new_text, '\0') < 0))
    rc = PS_ENOMEM;
  if (rc == 0 && !(a && b && strcmp(old_text.ptr, new_text.ptr) == 0)) {
    /* The schema's row: list positions as [] ("subcontractors[].name"). */
    ps_buf row = PS_BUF_INIT;
    for (const char *p = path; *p; p++) {
      if (*p == '[') {
        ps_buf_puts(&row, "[]");
        p += strcspn(p, "]");
        if (!*p)
          break;
      } else {
        ps_buf_putc(&row, *p);
      }
    }
    const ps_field *f = row.ptr ? ps_schema_field(row.ptr) : NULL;
    ps_profile_change c = {path, a ? old_text.ptr : NULL, b ? new_text.ptr : NULL,
                           f ? f->help : NULL};
    rc = row.failed ? PS_ENOMEM : env->fn(env->ctx, &c);
    ps_buf_free(&row);
  }
  ps_buf_free(&old_text);
  ps_buf_free(&new_text);
  return rc;
}

/* 1 when A and B hold the same values (as documents print them). */
static int same(const ps_ynode *a, const ps_ynode *b) {
  if (a->kind != b->kind || a->count != b->count)
    return 0;
  if (a->kind == PS_YSCALAR) {
    ps_buf x = PS_BUF_INIT, y = PS_BUF_INIT;
    int eq = ps_format_node(&x, a) == 0 && ps_format_node(&y, b) == 0 && x.len == y.len &&
             (x.len == 0 || memcmp(x.ptr, y.ptr, x.len) == 0);
    ps_buf_free(&x);
    ps_buf_free(&y);
    return eq;
  }
  for (const ps_ynode *c = a->first, *d = b->first; c && d; c = c->next, d = d->next)
    if ((c->key && (!d->key || strcmp(c->key, d->key) != 0)) || !same(c, d))
      return 0;
  return 1;
}

static int compare(compare_env *env, const char *path, const ps_ynode *a, const ps_ynode *b);

/* PATH.KEY, or KEY at the root. */
static char *join_key(const char *path, const char *key) {
  ps_buf b = PS_BUF_INIT;
  if (*path)
    ps_buf_printf(&b, "%s.%s", path, key);
  else
    ps_buf_puts(&b, key);
  return ps_buf_detach(&b, NULL);
}

static int compare_maps(compare_env *env, const char *path, const ps_ynode *a, const ps_ynode *b) {
  int rc = 0;
  for (const ps_ynode *n = b ? b->first : NULL; n && rc == 0; n = n->next) {
    char *p = join_key(path, n->key);
    rc = p ? compare(env, p, a ? ps_ymap_get(a, n->key) : NULL, n) : PS_ENOMEM;
    free(p);
  }
  for (const ps_ynode *o = a ? a->first : NULL; o && rc == 0; o = o->next) {
    if (b && ps_ymap_get(b, o->key))
      continue;
    char *p = join_key(path, o->key);
    rc = p ? compare(env, p, o, NULL) : PS_ENOMEM;
    free(p);
  }
  return rc;
}

static const ps_ynode *item_at(const ps_ynode *seq, size_t i) {
  const ps_ynode *n = seq ? seq->first : NULL;
  while (n && i--)
    n = n->next;
  return n;
}

/* Lists of maps: the items equal at the start and at the end are passed
 * over; the rest are paired by position, and the surplus of either side
 * is added or removed. */
static int compare_lists(compare_env *env, const char *path, const ps_ynode *a, const ps_ynode *b) {
  size_t na = a ? a->count : 0, nb = b ? b->count : 0, head = 0, tail = 0;
  while (head < na && head < nb && same(item_at(a, head), item_at(b, head)))
    head++;
  while (tail < na - head && tail < nb - head &&
         same(item_at(a, na - 1 - tail), item_at(b, nb - 1 - tail)))
    tail++;
  int rc = 0;
  for (size_t i = head; rc == 0 && (i < na - tail || i < nb - tail); i++) {
    const ps_ynode *o = i < na - tail ? item_at(a, i) : NULL;
    const ps_ynode *n = i < nb - tail ? item_at(b, i) : NULL;
    ps_buf p = PS_BUF_INIT;
    ps_buf_printf(&p, "%s[%zu]", path, i + 1);
    /* An item added or removed is one change, not one per key. */
    rc = p.failed ? PS_ENOMEM : o && n ? compare(env, p.ptr, o, n) : report(env, p.ptr, o, n);
    ps_buf_free(&p);
  }
  return rc;
}

static int scalar_list(const ps_ynode *n) {
  if (!n || n->kind != PS_YSEQ)
    return 0;
  for (const ps_ynode *c = n->first; c; c = c->next)
    if (c->kind != PS_YSCALAR)
      return 0;
  return 1;
}

static int compare(compare_env *env, const char *path, const ps_ynode *a, const ps_ynode *b) {
  if (!a && !b)
    return 0;
  if (a && b && same(a, b))
    return 0;
  const ps_ynode *any = a ? a : b;
  int kinds_agree = !a || !b || a->kind == b->kind;
  if (kinds_agree && any->kind == PS_YMAP)
    return compare_maps(env, path, a, b);
  if (kinds_agree && any->kind == PS_YSEQ && !scalar_list(a) && !scalar_list(b))
    return compare_lists(env, path, a, b);
  return report(env, path, a, b);
}

int ps_profile_compare(const ps_profile *old_profile, const ps_profile *new_profile,
                       int (*fn)(void *ctx, const ps_profile_change *change), void *ctx) {
  compare_env env = {fn, ctx};
  return compare(&env, "", ps_profile_root(old_profile), ps_profile_root(new_profile));
}
