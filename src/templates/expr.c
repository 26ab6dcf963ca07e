#include "expr.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { E_PATH, E_INT, E_STR, E_BOOL, E_NOT, E_AND, E_OR, E_CMP } ekind;
typedef enum { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE } ecmp;

struct ps_expr {
  ekind kind;
  ecmp cmp;
  const char *str; /* PATH, STR */
  long num;        /* INT, BOOL */
  ps_expr *left, *right;
};

typedef struct {
  ps_arena *arena;
  const char *s;
  char *why;
  size_t n;
  int failed;
  unsigned depth;
  unsigned nodes;
} parser;

/* Operands and operators of one condition: every walk over the tree
 * (evaluation, the path check) recurses, so its size is bounded. */
#define MAX_EXPR_NODES 200

static void skip_ws(parser *p) {
  while (*p->s == ' ' || *p->s == '\t')
    p->s++;
}

static int is_ident(char c, int first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (!first && ((c >= '0' && c <= '9') || c == '.'));
}

static ps_expr *fail(parser *p, const char *msg) {
  if (!p->failed)
    snprintf(p->why, p->n, _("%s near '%.20s'"), ps_tr(msg), p->s);
  p->failed = 1;
  return NULL;
}

static ps_expr *node(parser *p, ekind k) {
  if (++p->nodes > MAX_EXPR_NODES)
    return fail(p, "condition too long (more than 200 names, values and operators)");
  ps_expr *e = ps_arena_alloc(p->arena, sizeof(*e));
  if (!e)
    return fail(p, "out of memory");
  memset(e, 0, sizeof(*e));
  e->kind = k;
  return e;
}

static int keyword(parser *p, const char *kw) {
  size_t k = strlen(kw);
  if (strncmp(p->s, kw, k) == 0 && !is_ident(p->s[k], 0)) {
    p->s += k;
    skip_ws(p);
    return 1;
  }
  return 0;
}

static ps_expr *parse_or(parser *p);

static ps_expr *parse_primary(parser *p) {
  skip_ws(p);
  if (++p->depth > 50)
    return fail(p, "condition nested too deeply");
  ps_expr *e = NULL;
  char c = *p->s;
  if (c == '(') {
    p->s++;
    e = parse_or(p);
    skip_ws(p);
    if (!e || *p->s != ')')
      return fail(p, "missing ')'");
    p->s++;
  } else if (c == '\'' || c == '"') {
    const char *end = strchr(p->s + 1, c);
    if (!end)
      return fail(p, "unterminated string");
    if (!(e = node(p, E_STR)))
      return NULL;
    if (!(e->str = ps_arena_strndup(p->arena, p->s + 1, (size_t)(end - p->s - 1))))
      return fail(p, "out of memory");
    p->s = end + 1;
  } else if ((c >= '0' && c <= '9') || c == '-') {
    char *end;
    if (!(e = node(p, E_INT)))
      return NULL;
    e->num = strtol(p->s, &end, 10);
    if (end == p->s)
      return fail(p, "expected a number");
    p->s = end;
  } else if (keyword(p, "true") || keyword(p, "false")) {
    if (!(e = node(p, E_BOOL)))
      return NULL;
    e->num = c == 't';
  } else if (is_ident(c, 1)) {
    const char *start = p->s;
    while (is_ident(*p->s, 0))
      p->s++;
    if (p->s[-1] == '.')
      return fail(p, "a name cannot end with '.'");
    if (!(e = node(p, E_PATH)))
      return NULL;
    if (!(e->str = ps_arena_strndup(p->arena, start, (size_t)(p->s - start))))
      return fail(p, "out of memory");
  } else {
    return fail(p, "expected a name, number or string");
  }
  p->depth--;
  skip_ws(p);
  return e;
}

static ps_expr *parse_cmp(parser *p) {
  ps_expr *l = parse_primary(p);
  if (!l)
    return NULL;
  static const struct {
    const char *op;
    ecmp cmp;
  } ops[] = {{"==", C_EQ}, {"!=", C_NE}, {"<=", C_LE}, {">=", C_GE}, {"<", C_LT}, {">", C_GT}};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    size_t k = strlen(ops[i].op);
    if (strncmp(p->s, ops[i].op, k) != 0)
      continue;
    p->s += k;
    ps_expr *e = node(p, E_CMP);
    if (!e)
      return NULL;
    e->cmp = ops[i].cmp;
    e->left = l;
    e->right = parse_primary(p);
    return e->right ? e : NULL;
  }
  return l;
}

static ps_expr *parse_not(parser *p) {
  skip_ws(p);
  if (keyword(p, "not")) {
    if (++p->depth > 50)
      return fail(p, "condition nested too deeply");
    ps_expr *e = node(p, E_NOT);
    if (!e || !(e->left = parse_not(p)))
      return NULL;
    p->depth--;
    return e;
  }
  return parse_cmp(p);
}

static ps_expr *parse_binary(parser *p, const char *kw, ekind k, ps_expr *(*sub)(parser *)) {
  ps_expr *l = sub(p);
  while (l && keyword(p, kw)) {
    ps_expr *e = node(p, k);
    if (!e)
      return NULL;
    e->left = l;
    if (!(e->right = sub(p)))
      return NULL;
    l = e;
  }
  return l;
}

static ps_expr *parse_and(parser *p) { return parse_binary(p, "and", E_AND, parse_not); }
static ps_expr *parse_or(parser *p) { return parse_binary(p, "or", E_OR, parse_and); }

ps_expr *ps_expr_parse(ps_arena *arena, const char *src, char *why, size_t n) {
  parser p = {arena, src, why, n, 0, 0, 0};
  ps_expr *e = parse_or(&p);
  skip_ws(&p);
  if (e && *p.s)
    return fail(&p, "unexpected text");
  return p.failed ? NULL : e;
}

int ps_expr_is_path(const ps_expr *e, const char **path) {
  if (e->kind != E_PATH)
    return 0;
  *path = e->str;
  return 1;
}

int ps_expr_each_path(const ps_expr *e, int (*fn)(void *ctx, const char *path), void *ctx) {
  if (!e)
    return 0;
  if (e->kind == E_PATH)
    return fn(ctx, e->str);
  int rc = ps_expr_each_path(e->left, fn, ctx);
  return rc ? rc : ps_expr_each_path(e->right, fn, ctx);
}

const ps_ynode *ps_resolve(const char *path, const ps_ynode *root, const ps_scope *scope,
                           long *index, int *is_index) {
  size_t head = strcspn(path, ".");
  *is_index = 0;
  int is_last = strcmp(path, "loop.last") == 0;
  if ((is_last || strcmp(path, "loop.index") == 0) && scope &&
      strcmp(scope->name, PS_SCOPE_DEFAULTS) != 0 && !strchr(scope->name, '.') &&
      scope->index != PS_SCOPE_COMPUTED) {
    *index = is_last ? scope->index == scope->count : scope->index;
    *is_index = 1;
    return NULL;
  }
  const ps_ynode *defaults = NULL;
  for (const ps_scope *s = scope; s; s = s->outer) {
    size_t n = strlen(s->name);
    if (strcmp(s->name, PS_SCOPE_DEFAULTS) == 0)
      defaults = s->node;
    else if ((strchr(s->name, '.') || s->index == PS_SCOPE_COMPUTED) &&
             strncmp(s->name, path, n) == 0 &&
             (path[n] == '\0' || path[n] == '.'))
      return path[n] ? ps_ynode_path(s->node, path + n + 1) : s->node;
    else if (strlen(s->name) == head && strncmp(s->name, path, head) == 0)
      return path[head] ? ps_ynode_path(s->node, path + head + 1) : s->node;
  }
  const ps_ynode *n = ps_ynode_path(root, path);
  return n || !defaults ? n : ps_ynode_path(defaults, path);
}

/* A value for comparison: a number when the node is an int or bool. */
typedef struct {
  int missing, is_num;
  long num;
  const char *str;
} value;

static value eval_value(const ps_expr *e, const ps_ynode *root, const ps_scope *scope) {
  value v = {0, 0, 0, ""};
  if (e->kind == E_INT || e->kind == E_BOOL) {
    v.is_num = 1;
    v.num = e->num;
  } else if (e->kind == E_STR) {
    v.str = e->str;
  } else if (e->kind == E_PATH) {
    int is_index;
    const ps_ynode *n = ps_resolve(e->str, root, scope, &v.num, &is_index);
    if (is_index) {
      v.is_num = 1;
    } else if (!n) {
      v.missing = 1;
    } else if (n->kind != PS_YSCALAR) {
      v.is_num = 1;
      v.num = (long)n->count;
    } else if (n->vtype == PS_V_INT || n->vtype == PS_V_BOOL) {
      v.is_num = 1;
      v.num = n->ival;
    } else if (n->vtype == PS_V_PERCENT) { /* thousandths, so 99.95% > 99.9% */
      char *end;
      long whole = strtol(n->value, &end, 10), frac = 0, scale = 100;
      if (*end == '.')
        for (const char *p = end + 1; *p >= '0' && *p <= '9' && scale; p++, scale /= 10)
          frac += (*p - '0') * scale;
      v.is_num = 1;
      v.num = whole * 1000 + frac;
    } else {
      v.str = n->value;
    }
  } else {
    v.is_num = 1;
    v.num = ps_expr_truthy(e, root, scope);
  }
  return v;
}

static int compare(ecmp op, const value *a, const value *b) {
  if (a->missing || b->missing)
    return op == C_NE && a->missing != b->missing;
  int c;
  if (a->is_num && b->is_num)
    c = (a->num > b->num) - (a->num < b->num);
  else if (!a->is_num && !b->is_num)
    c = strcmp(a->str, b->str);
  else
    return op == C_NE;
  switch (op) {
  case C_EQ: return c == 0;
  case C_NE: return c != 0;
  case C_LT: return c < 0;
  case C_LE: return c <= 0;
  case C_GT: return c > 0;
  default: return c >= 0;
  }
}

int ps_expr_truthy(const ps_expr *e, const ps_ynode *root, const ps_scope *scope) {
  switch (e->kind) {
  case E_NOT: return !ps_expr_truthy(e->left, root, scope);
  case E_AND: return ps_expr_truthy(e->left, root, scope) && ps_expr_truthy(e->right, root, scope);
  case E_OR: return ps_expr_truthy(e->left, root, scope) || ps_expr_truthy(e->right, root, scope);
  case E_CMP: {
    value a = eval_value(e->left, root, scope), b = eval_value(e->right, root, scope);
    return compare(e->cmp, &a, &b);
  }
  default: {
    value v = eval_value(e, root, scope);
    return !v.missing && (v.is_num ? v.num != 0 : v.str[0] != '\0');
  }
  }
}
