#include "template.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "expr.h"
#include "format.h"
#include "schema.h"
#include "i18n.h"
#include "xmlw.h"

#define MAX_NESTING 32
#define MAX_RENDER_OUTPUT 4194304u /* 4 MiB */
/* Nodes visited in one rendering, loop iterations included: loops nested
 * over lists can do exponential work while writing nothing, which the
 * output limit never catches. The templates shipped take a few thousand. */
#define MAX_RENDER_STEPS 1000000ul

typedef enum { T_TEXT, T_VAR, T_IF, T_FOR, T_REF, T_SUBMISSIONS, T_DOC } tkind;
typedef enum { F_NONE, F_DEFAULT, F_COUNT, F_JOIN_AND, F_JOIN_OR } tfilter;

struct ps_tnode {
  tkind kind;
  unsigned line;
  const char *text; /* TEXT: bytes; VAR/FOR: path; FOR: loop variable in var */
  size_t len;
  const char *var;
  tfilter filter;
  const char *filter_arg;
  ps_expr *cond;    /* IF; NULL for an else branch */
  ps_tnode *body;   /* IF then-branch, FOR body */
  ps_tnode *orelse; /* IF: else branch (an IF node for elif) */
  ps_tnode *next;
};

typedef struct {
  ps_arena *arena;
  const char *file;
  const char *src, *p, *end;
  unsigned line;
  ps_diags *diags;
  unsigned depth;
} tparser;

/* NEEDLE in [FROM, tp->end), or NULL: the text need not end with a NUL. */
static const char *find(const tparser *tp, const char *from, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = from; p && p + n <= tp->end; p++)
    if (memcmp(p, needle, n) == 0)
      return p;
  return NULL;
}

static int perr(tparser *tp, unsigned line, const char *msg, const char *detail) {
  return ps_error_at(tp->diags, PS_EINPUT, tp->file, line, 0, "%s%s%.60s", ps_tr(msg),
                     detail ? ": " : "", detail ? detail : "");
}

static ps_tnode *new_tnode(tparser *tp, tkind k, unsigned line) {
  ps_tnode *n = ps_arena_alloc(tp->arena, sizeof(*n));
  if (n) {
    memset(n, 0, sizeof(*n));
    n->kind = k;
    n->line = line;
  }
  return n;
}

static void count_lines(tparser *tp, const char *from, const char *to) {
  for (const char *c = from; c < to; c++)
    tp->line += *c == '\n';
}

/* Whether the text between the previous newline and POS is blank, and the
 * text after END up to the next newline is blank: the tag stands alone. */
static int stands_alone(tparser *tp, const char *tag, const char *after, const char **line_end) {
  assert(tag && after); /* both point into the template text */
  const char *b = tag;
  while (b > tp->src && (b[-1] == ' ' || b[-1] == '\t'))
    b--;
  if (b > tp->src && b[-1] != '\n')
    return 0;
  const char *a = after;
  while (a < tp->end && (*a == ' ' || *a == '\t' || *a == '\r'))
    a++;
  if (a < tp->end && *a != '\n')
    return 0;
  *line_end = a < tp->end ? a + 1 : a;
  return 1;
}

typedef struct {
  char word[16];
  const char *args; /* NUL-terminated copy in the arena */
  unsigned line;
} tag;

static int parse_nodes(tparser *tp, ps_tnode **out, tag *stop);

/* A quoted argument 'text' or "text" right after OPEN (the '(' ); returns
 * it NUL-terminated in place, or NULL when the call is not closed by ')'. */
static char *quoted_arg(char *open) {
  char q = open[1];
  char *close = (q == '\'' || q == '"') ? strchr(open + 2, q) : NULL;
  if (!close || close[1] != ')' || strspn(close + 2, " ") != strlen(close + 2))
    return NULL;
  *close = '\0';
  return open + 2;
}

static int parse_filter(tparser *tp, ps_tnode *v, char *f) {
  while (*f == ' ')
    f++;
  static const struct {
    const char *name;
    tfilter filter;
    int arg; /* 0 none, 1 optional, 2 required */
  } filters[] = {{"count", F_COUNT, 0},
                 {"default", F_DEFAULT, 2},
                 {"join_and", F_JOIN_AND, 1},
                 {"join_or", F_JOIN_OR, 1}};
  for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
    size_t n = strlen(filters[i].name);
    if (strncmp(f, filters[i].name, n) != 0 || (f[n] && f[n] != '(' && f[n] != ' '))
      continue;
    char *rest = f + n;
    v->filter = filters[i].filter;
    if (*rest == '(' && filters[i].arg) {
      if (!(v->filter_arg = quoted_arg(rest)))
        return perr(tp, tp->line, "write the filter's argument in quotes, e.g. join_or('形式')", f);
      return 0;
    }
    if (strspn(rest, " ") != strlen(rest) || filters[i].arg == 2)
      return perr(tp, tp->line, "write the filter as default('text')", f);
    v->filter_arg = "";
    return 0;
  }
  return perr(tp, tp->line,
              "unknown filter (known: default('text'), count, join_and, join_or, "
              "join_and('suffix'), join_or('suffix'))",
              f);
}

/* {{ ref('clause-id') }}, {{ doc('kind') }} or {{ submissions() }}: 1 when
 * SRC is one. */
static int parse_call(tparser *tp, char *src, ps_tnode *v, int *rc) {
  while (*src == ' ')
    src++;
  if (strncmp(src, "submissions", 11) == 0 &&
      strncmp(src + 11 + strspn(src + 11, " "), "()", 2) == 0) {
    v->kind = T_SUBMISSIONS;
    *rc = 0;
    return 1;
  }
  if (strncmp(src, "doc(", 4) == 0) {
    char *kind = quoted_arg(src + 3);
    v->kind = T_DOC;
    v->text = kind;
    *rc = kind && *kind ? 0 : perr(tp, tp->line, "name a document as doc('spec')", src);
    return 1;
  }
  if (strncmp(src, "ref(", 4) != 0)
    return 0;
  char *id = quoted_arg(src + 3);
  v->kind = T_REF;
  v->text = id;
  *rc = id && *id ? 0 : perr(tp, tp->line, "write a cross-reference as ref('clause-id')", src);
  return 1;
}

static int parse_var(tparser *tp, const char *inner, size_t n, ps_tnode **out) {
  char *src = ps_arena_strndup(tp->arena, inner, n);
  ps_tnode *v = new_tnode(tp, T_VAR, tp->line);
  if (!src || !v)
    return PS_ENOMEM;
  int rc;
  if (parse_call(tp, src, v, &rc)) {
    *out = v;
    return rc;
  }
  char *bar = strchr(src, '|');
  if (bar) {
    *bar = '\0';
    if ((rc = parse_filter(tp, v, bar + 1)) < 0)
      return rc;
  }
  char why[128];
  ps_expr *e = ps_expr_parse(tp->arena, src, why, sizeof why);
  const char *path;
  if (!e || !ps_expr_is_path(e, &path))
    return perr(tp, tp->line, "{{ }} takes a value name such as service.name", e ? src : why);
  v->text = path;
  *out = v;
  return 0;
}

static int read_tag(tparser *tp, const char *open, tag *t, const char **after) {
  const char *close = find(tp, open + 2, "%}");
  if (!close)
    return perr(tp, tp->line, "unclosed '{%' tag; end it with '%}'", NULL);
  const char *s = open + 2;
  while (*s == ' ' || *s == '-')
    s++;
  size_t w = 0;
  while (s < close && *s >= 'a' && *s <= 'z' && w < sizeof t->word - 1)
    t->word[w++] = *s++;
  t->word[w] = '\0';
  const char *e = close;
  while (e > s && (e[-1] == ' ' || e[-1] == '-'))
    e--;
  while (s < e && *s == ' ')
    s++;
  t->args = ps_arena_strndup(tp->arena, s, (size_t)(e - s));
  t->line = tp->line;
  *after = close + 2;
  return t->args ? 0 : PS_ENOMEM;
}

static int parse_if(tparser *tp, tag *t, ps_tnode **out) {
  char why[128];
  ps_tnode *n = new_tnode(tp, T_IF, t->line);
  if (!n)
    return PS_ENOMEM;
  if (!(n->cond = ps_expr_parse(tp->arena, t->args, why, sizeof why)))
    return perr(tp, t->line, "bad condition in {% if %}", why);
  tag stop = {{0}, NULL, 0};
  int rc = parse_nodes(tp, &n->body, &stop);
  if (rc < 0)
    return rc;
  if (strcmp(stop.word, "elif") == 0) {
    rc = parse_if(tp, &stop, &n->orelse);
  } else if (strcmp(stop.word, "else") == 0) {
    /* The else branch is an IF without a condition, so a body that starts
     * with its own {% if %} is never taken for an elif. */
    if (!(n->orelse = new_tnode(tp, T_IF, stop.line)))
      return PS_ENOMEM;
    rc = parse_nodes(tp, &n->orelse->body, &stop);
    if (rc == 0 && strcmp(stop.word, "endif") != 0)
      rc = perr(tp, t->line, "{% if %} has no {% endif %} after its {% else %}", NULL);
  } else if (strcmp(stop.word, "endif") != 0) {
    rc = perr(tp, t->line, "{% if %} is not closed; add {% endif %}", NULL);
  }
  *out = n;
  return rc;
}

static int parse_for(tparser *tp, tag *t, ps_tnode **out) {
  ps_tnode *n = new_tnode(tp, T_FOR, t->line);
  if (!n)
    return PS_ENOMEM;
  char var[64], list[200];
  int used = 0;
  assert(t->args); /* read_tag returns PS_ENOMEM (checked) when it cannot copy them */
  if (sscanf(t->args, "%63[A-Za-z_] in %199[A-Za-z0-9_.]%n", var, list, &used) != 2 ||
      t->args[used] != '\0')
    return perr(tp, t->line, "write the loop as {% for item in list.path %}", t->args);
  n->var = ps_arena_strdup(tp->arena, var);
  n->text = ps_arena_strdup(tp->arena, list);
  tag stop = {{0}, NULL, 0};
  int rc = parse_nodes(tp, &n->body, &stop);
  if (rc == 0 && strcmp(stop.word, "endfor") != 0)
    rc = perr(tp, t->line, "{% for %} is not closed; add {% endfor %}", NULL);
  *out = n;
  return rc;
}

static void link(ps_tnode ***tail, ps_tnode *n) {
  assert(*tail); /* the last next pointer of the list, or its head: never NULL */
  **tail = n;
  *tail = &n->next;
}

static int add_text(tparser *tp, ps_tnode ***tail, const char *from, const char *to) {
  if (to <= from)
    return 0;
  ps_tnode *n = new_tnode(tp, T_TEXT, tp->line);
  if (!n)
    return PS_ENOMEM;
  n->text = from;
  n->len = (size_t)(to - from);
  link(tail, n);
  count_lines(tp, from, to);
  return 0;
}

/* Emits the text before a tag that spans [OPEN, AFTER) and moves past the
 * tag; a tag alone on its line takes the whole line with it. */
static int pass_tag(tparser *tp, ps_tnode ***tail, const char *open, const char *after) {
  const char *line_end = NULL, *text_end = open;
  int alone = stands_alone(tp, open, after, &line_end);
  while (alone && text_end > tp->p && (text_end[-1] == ' ' || text_end[-1] == '\t'))
    text_end--;
  int rc = add_text(tp, tail, tp->p, text_end);
  if (rc < 0)
    return rc;
  count_lines(tp, text_end, alone ? line_end : after);
  tp->p = alone ? line_end : after;
  return 0;
}

/* Parses until the end or a closing tag (endif, elif, else, endfor), which
 * is returned in STOP. */
static int parse_nodes(tparser *tp, ps_tnode **out, tag *stop) {
  ps_tnode **tail = out;
  if (++tp->depth > MAX_NESTING)
    return perr(tp, tp->line, "blocks nested too deeply", NULL);
  int rc = 0;
  while (tp->p < tp->end && rc == 0) {
    const char *open = tp->p;
    while (open + 1 < tp->end && !(open[0] == '{' && strchr("{%#", open[1])))
      open++;
    if (open + 1 >= tp->end) {
      rc = add_text(tp, &tail, tp->p, tp->end);
      tp->p = tp->end;
      break;
    }
    char kind = open[1];
    const char *after = NULL;
    if (kind == '{') {
      const char *close = find(tp, open + 2, "}}");
      if (!close)
        return perr(tp, tp->line, "unclosed '{{'; end it with '}}'", NULL);
      if ((rc = add_text(tp, &tail, tp->p, open)) < 0)
        return rc;
      ps_tnode *v = NULL;
      if ((rc = parse_var(tp, open + 2, (size_t)(close - open - 2), &v)) < 0)
        return rc;
      link(&tail, v);
      tp->p = close + 2;
      continue;
    }
    if (kind == '#') {
      const char *close = find(tp, open + 2, "#}");
      if (!close)
        return perr(tp, tp->line, "unclosed '{#' comment; end it with '#}'", NULL);
      if ((rc = pass_tag(tp, &tail, open, close + 2)) < 0)
        return rc;
      continue;
    }
    tag t = {{0}, NULL, 0};
    unsigned saved = tp->line; /* the tag's own line, for its messages */
    count_lines(tp, tp->p, open);
    if ((rc = read_tag(tp, open, &t, &after)) < 0)
      return rc;
    tp->line = saved;
    if ((rc = pass_tag(tp, &tail, open, after)) < 0)
      return rc;
    if (strcmp(t.word, "if") == 0 || strcmp(t.word, "for") == 0) {
      ps_tnode *n = NULL;
      rc = t.word[0] == 'i' ? parse_if(tp, &t, &n) : parse_for(tp, &t, &n);
      if (n)
        link(&tail, n);
    } else if (strcmp(t.word, "endif") == 0 || strcmp(t.word, "elif") == 0 ||
               strcmp(t.word, "else") == 0 || strcmp(t.word, "endfor") == 0) {
      if (!stop)
        return perr(tp, t.line, "this tag closes nothing", t.word);
      *stop = t;
      tp->depth--;
      return 0;
    } else {
      return perr(tp, t.line, "unknown tag (known: if, elif, else, endif, for, endfor)", t.word);
    }
  }
  tp->depth--;
  return rc;
}

int ps_template_parse(ps_template *out, ps_arena *arena, const char *file, unsigned first_line,
                      const char *text, size_t len, ps_diags *diags) {
  tparser tp = {arena, file, text, text, text + len, first_line, diags, 0};
  out->root = NULL;
  out->file = file;
  out->first_line = first_line;
  tag stop = {{0}, NULL, 0};
  int rc = parse_nodes(&tp, &out->root, &stop);
  if (rc == 0 && stop.word[0])
    rc = perr(&tp, stop.line, "this tag closes nothing", stop.word);
  return rc;
}

/* ---- checking names against the profile's keys ---- */

/* A loop variable while checking: NAME stands for an item of the list at
 * key path LIST. */
typedef struct cscope cscope;
struct cscope {
  const char *name;
  const char *list;
  const cscope *outer;
};

typedef struct {
  const char *file;
  unsigned line;
  const cscope *scope;
  ps_diags *diags;
  int rc;
} checker;

/* The key path of PATH in the profile's table ("level.to" inside a loop
 * over incident.escalation: "incident.escalation[].to"), into OUT. Returns
 * 0, or -1 for loop.index (which has no key). */
static int key_path(char *out, size_t n, const char *path, const cscope *scope) {
  size_t head = strcspn(path, ".");
  if ((strcmp(path, "loop.index") == 0 || strcmp(path, "loop.last") == 0) && scope)
    return -1;
  for (const cscope *s = scope; s; s = s->outer)
    if (strlen(s->name) == head && strncmp(s->name, path, head) == 0) {
      snprintf(out, n, "%s[]%s", s->list, path + head);
      return 0;
    }
  snprintf(out, n, "%s", path);
  return 0;
}

/* Checks one value name; WANT_LIST: it must be a list ({% for %}). */
static const ps_field *check_name(checker *c, const char *path, int want_list) {
  char key[512];
  if (key_path(key, sizeof key, path, c->scope) < 0) {
    if (want_list)
      c->rc = ps_error_at(c->diags, PS_EINPUT, c->file, c->line, 0,
                          "{%% for %%} needs a list, and 'loop.index' is a number");
    return NULL;
  }
  const ps_field *f = ps_schema_field(key);
  if (!f) {
    if (strcmp(path, "loop.index") == 0 || strcmp(path, "loop.last") == 0) {
      c->rc = ps_error_at(c->diags, PS_EINPUT, c->file, c->line, 0,
                          "'%s' is used outside a {%% for %%} loop", path);
      return NULL;
    }
    /* A hint inside a loop is written with the loop variable, as typed. */
    size_t head = strcspn(path, "."), tail = strlen(path + head), prefix = strlen(key) - tail;
    const char *hint = ps_schema_closest(key);
    char hint_text[512] = "";
    if (hint && strcmp(key, path) != 0 && strncmp(hint, key, prefix) == 0)
      snprintf(hint_text, sizeof hint_text, "%.*s%s", (int)head, path, hint + prefix);
    else if (hint)
      snprintf(hint_text, sizeof hint_text, "%s", hint);
    /* Whole sentences, one per case, so that each translates as one. */
    if (strcmp(key, path) == 0 && hint)
      c->rc = ps_error_at(c->diags, PS_EINPUT, c->file, c->line, 0,
                          "the template uses '%s', which is not a key of the profile; did you "
                          "mean '%s'?",
                          path, hint_text);
    else if (hint)
      c->rc = ps_error_at(c->diags, PS_EINPUT, c->file, c->line, 0,
                          "the template uses '%s', which is not a key of the profile (%s); did "
                          "you mean '%s'?",
                          path, key, hint_text);
    else if (strcmp(key, path) == 0)
      c->rc = ps_error_at(c->diags, PS_EINPUT, c->file, c->line, 0,
                          "the template uses '%s', which is not a key of the profile; see "
                          "docs/profile.md for the keys",
                          path);
    else
      c->rc = ps_error_at(c->diags, PS_EINPUT, c->file, c->line, 0,
                          "the template uses '%s', which is not a key of the profile (%s); see "
                          "docs/profile.md for the keys",
                          path, key);
    return NULL;
  }
  if (want_list && f->type != PS_T_LIST)
    c->rc = ps_error_at(c->diags, PS_EINPUT, c->file, c->line, 0,
                        "{%% for %%} needs a list, and '%s' is not one", path);
  return f;
}

/* A numeric character reference (&#xFFFE;, &#27;) in template text that
 * Markdown decodes to a character XML cannot carry. */
static void check_entities(checker *c, const ps_tnode *n) {
  const char *end = n->text + n->len;
  unsigned line = n->line;
  for (const char *p = n->text; p + 3 < end; p++) {
    line += *p == '\n';
    if (p[0] != '&' || p[1] != '#')
      continue;
    int hex = p[2] == 'x' || p[2] == 'X';
    const char *d = p + 2 + hex;
    unsigned long v = 0;
    size_t k = 0;
    for (; d + k < end && k < 8; k++) {
      char ch = d[k];
      int digit = ch >= '0' && ch <= '9'          ? ch - '0'
                  : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                  : hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                                  : -1;
      if (digit < 0)
        break;
      v = v * (hex ? 16 : 10) + (unsigned long)digit;
    }
    if (k == 0 || d + k >= end || d[k] != ';' || v == 0 || v > 0x10ffff ||
        (v >= 0xd800 && v <= 0xdfff))
      continue; /* not a reference, or one Markdown turns into U+FFFD */
    char utf8[8];
    unsigned cp;
    int len = v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
    if (len == 1)
      utf8[0] = (char)v;
    else if (len == 2)
      utf8[0] = (char)(0xc0 | v >> 6), utf8[1] = (char)(0x80 | (v & 0x3f));
    else if (len == 3)
      utf8[0] = (char)(0xe0 | v >> 12), utf8[1] = (char)(0x80 | ((v >> 6) & 0x3f)),
      utf8[2] = (char)(0x80 | (v & 0x3f));
    else
      utf8[0] = (char)(0xf0 | v >> 18), utf8[1] = (char)(0x80 | ((v >> 12) & 0x3f)),
      utf8[2] = (char)(0x80 | ((v >> 6) & 0x3f)), utf8[3] = (char)(0x80 | (v & 0x3f));
    if (ps_xml_bad_char(utf8, (size_t)len, &cp) < (size_t)len)
      c->rc = ps_error_at(c->diags, PS_EINPUT, c->file, line, 0,
                          "'%.*s' stands for U+%04lX, which DOCX and ODT files cannot carry; "
                          "remove it",
                          (int)(d + k + 1 - p), p, v);
  }
}

static int check_expr_name(void *ctx, const char *path) {
  check_name(ctx, path, 0);
  return 0;
}

static void check_nodes(checker *c, const ps_tnode *n) {
  for (; n; n = n->next) {
    c->line = n->line;
    switch (n->kind) {
    case T_TEXT: check_entities(c, n); break;
    case T_REF: /* clause IDs, checked by the library */
    case T_DOC: /* document kinds, checked when rendered */
    case T_SUBMISSIONS: break;
    case T_VAR: check_name(c, n->text, 0); break;
    case T_IF:
      for (const ps_tnode *b = n; b; b = b->orelse) {
        c->line = b->line;
        ps_expr_each_path(b->cond, check_expr_name, c);
        check_nodes(c, b->body);
      }
      break;
    case T_FOR: {
      const ps_field *f = check_name(c, n->text, 1);
      char list[512];
      const cscope *outer = c->scope;
      if (!f || f->type != PS_T_LIST || key_path(list, sizeof list, n->text, outer) < 0)
        break; /* already reported; the body's names cannot be placed */
      cscope inner = {n->var, list, outer};
      c->scope = &inner;
      check_nodes(c, n->body);
      c->scope = outer;
      break;
    }
    }
  }
}

int ps_template_check(const ps_template *t, ps_diags *diags) {
  checker c = {t->file, t->first_line, NULL, diags, 0};
  check_nodes(&c, t->root);
  return c.rc;
}

int ps_expr_check(const ps_expr *e, const char *file, unsigned line, ps_diags *diags) {
  checker c = {file, line, NULL, diags, 0};
  ps_expr_each_path(e, check_expr_name, &c);
  return c.rc;
}

/* ---- rendering ---- */

static int clean(ps_buf *out, const char *s, size_t len, int md) {
  while (len && strchr(" \t\r\n", *s))
    s++, len--;
  while (len && strchr(" \t\r\n", s[len - 1]))
    len--;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    /* Lines of a value that may span lines join as walk.c joins a soft
     * line break: with nothing inside Japanese text, else with a space. */
    if (c == '\n' && ((unsigned char)s[i - 1] >= 0x80 || (unsigned char)s[i + 1] >= 0x80))
      continue;
    if (c == '\n' || c == '\r' || c == '\t')
      c = ' ';
    if (c < 0x20 || c == 0x7f)
      continue;
    if (md && c < 0x80 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c))
      ps_buf_putc(out, '\\');
    ps_buf_putc(out, (char)c);
  }
  return out->failed ? -1 : 0;
}

int ps_md_escape(ps_buf *out, const char *s, size_t len) { return clean(out, s, len, 1); }
int ps_plain_clean(ps_buf *out, const char *s, size_t len) { return clean(out, s, len, 0); }

typedef struct {
  ps_buf *out;
  const ps_template *t;
  const ps_ynode *root;
  const char *profile_file;
  ps_escape esc;
  const ps_render_env *env;
  ps_diags *diags;
  unsigned long steps;
} renderer;

static int render_nodes(renderer *r, const ps_tnode *n, const ps_scope *scope);

static int too_many_steps(renderer *r, const ps_tnode *n) {
  return ps_error_at(r->diags, PS_ELIMIT, r->t->file, n->line, 0,
                     "rendering this template takes more than %lu steps (loops nested over "
                     "lists?); simplify it",
                     MAX_RENDER_STEPS);
}

static int missing(renderer *r, const ps_tnode *n, const char *why) {
  return ps_error_at(r->diags, PS_EINPUT, r->t->file, n->line, 0,
                     "the template uses '%s', %s in the profile %s; add it to the profile "
                     "or guard the text with {%% if %s %%}",
                     n->text, why, r->profile_file, n->text);
}

static int emit(renderer *r, const char *s, size_t len) {
  return r->esc == PS_ESC_MARKDOWN ? ps_md_escape(r->out, s, len) : ps_plain_clean(r->out, s, len);
}

static int ends_with(const char *s, size_t len, const char *suffix) {
  size_t k = strlen(suffix);
  return k <= len && memcmp(s + len - k, suffix, k) == 0;
}

int ps_join_ja(ps_buf *out, const ps_ynode *n, const char *conj, const char *suffix) {
  const ps_ynode *first = n->kind == PS_YSEQ ? n->first : n;
  size_t count = n->kind == PS_YSEQ ? n->count : 1, i = 0;
  for (const ps_ynode *c = first; c && i < count; c = c->next, i++) {
    if (i > 0)
      ps_buf_puts(out, i + 1 == count ? conj : "、");
    size_t at = out->len;
    if (ps_format_node(out, c) < 0)
      return -1;
    if (suffix && *suffix && !ends_with(out->ptr ? out->ptr + at : "", out->len - at, suffix))
      ps_buf_puts(out, suffix);
  }
  return out->failed ? -1 : 0;
}

/* Whether PATH comes from the profile itself (or a loop variable). */
static int in_profile(const renderer *r, const char *path, const ps_scope *scope) {
  size_t head = strcspn(path, ".");
  for (const ps_scope *s = scope; s; s = s->outer)
    if (strlen(s->name) == head && strncmp(s->name, path, head) == 0)
      return 1;
  return ps_ynode_path(r->root, path) != NULL;
}

static int render_call(renderer *r, const ps_tnode *n) {
  if (n->kind == T_SUBMISSIONS) {
    if (!r->env || !r->env->submissions)
      return ps_error_at(r->diags, PS_EINPUT, r->t->file, n->line, 0,
                         "submissions() can only be used in a clause body");
    return r->env->submissions(r->env->ctx, r->out, r->diags);
  }
  if (n->kind == T_DOC) {
    int rc = r->env && r->env->doc_name ? r->env->doc_name(r->env->ctx, n->text, r->out) : 1;
    if (rc > 0)
      return ps_error_at(r->diags, PS_EINPUT, r->t->file, n->line, 0,
                         "doc('%s') names no document kind of documents.yaml (spec, annex, ...)",
                         n->text);
    return rc;
  }
  int rc = r->env && r->env->xref ? r->env->xref(r->env->ctx, n->text, r->out) : 1;
  if (rc > 0)
    return ps_error_at(r->diags, PS_EINPUT, r->t->file, n->line, 0,
                       "ref('%s') names no clause of the documents generated for %s; use the id "
                       "of a clause that is present (procspec clauses lists them) or guard the "
                       "text with {%% if %%}",
                       n->text, r->profile_file);
  return rc;
}

static int render_var(renderer *r, const ps_tnode *n, const ps_scope *scope) {
  long index = 0;
  int is_index;
  if (n->kind != T_VAR)
    return render_call(r, n);
  const ps_ynode *v = ps_resolve(n->text, r->root, scope, &index, &is_index);
  if (v && r->env && r->env->used_default && !in_profile(r, n->text, scope))
    r->env->used_default(r->env->ctx, n->text, v);
  if (n->filter == F_COUNT) {
    if (v && v->kind == PS_YSCALAR)
      return ps_error_at(r->diags, PS_EINPUT, r->t->file, n->line, 0,
                         "'| count' needs a list, and '%s' is a single value", n->text);
    return ps_buf_printf(r->out, "%zu", v ? v->count : 0);
  }
  if (is_index)
    return ps_buf_printf(r->out, "%ld", index);
  if (!v && n->filter == F_DEFAULT)
    return emit(r, n->filter_arg, strlen(n->filter_arg));
  if (!v)
    return missing(r, n, "which has no value");
  if (v->kind == PS_YMAP)
    return missing(r, n, "which is a group of keys, not a value,");
  ps_buf tmp = PS_BUF_INIT;
  int rc;
  if (n->filter == F_JOIN_AND || n->filter == F_JOIN_OR) {
    for (const ps_ynode *c = v->kind == PS_YSEQ ? v->first : NULL; c; c = c->next)
      if (c->kind != PS_YSCALAR) {
        ps_buf_free(&tmp);
        return ps_error_at(r->diags, PS_EINPUT, r->t->file, n->line, 0,
                           "'| %s' joins a list of values, and '%s' holds groups of keys; loop "
                           "over it with {%% for %%}",
                           n->filter == F_JOIN_AND ? "join_and" : "join_or", n->text);
      }
    rc = ps_join_ja(&tmp, v, n->filter == F_JOIN_AND ? "及び" : "又は", n->filter_arg);
  } else if (v->kind == PS_YSEQ) {
    /* A list printed bare would be joined with 「、」 only, which is wrong
     * Japanese for the last item; the template must say 及び or 又は. */
    return ps_error_at(r->diags, PS_EINPUT, r->t->file, n->line, 0,
                       "'%s' is a list and is printed without saying how to join it; write "
                       "{{ %s | join_and }} (「A、B及びC」) or {{ %s | join_or }} (「A、B又はC」)",
                       n->text, n->text, n->text);
  } else {
    rc = ps_format_node(&tmp, v);
  }
  if (rc == 0)
    rc = emit(r, tmp.ptr ? tmp.ptr : "", tmp.len);
  ps_buf_free(&tmp);
  return rc;
}

static int render_for(renderer *r, const ps_tnode *n, const ps_scope *scope) {
  long idx;
  int is_index;
  const ps_ynode *list = ps_resolve(n->text, r->root, scope, &idx, &is_index);
  if (!list)
    return 0; /* an absent list loops zero times */
  if (r->env && r->env->used_default && !in_profile(r, n->text, scope))
    r->env->used_default(r->env->ctx, n->text, list);
  if (list->kind != PS_YSEQ)
    return ps_error_at(r->diags, PS_EINPUT, r->t->file, n->line, 0,
                       "{%% for %%} needs a list, and '%s' is not one", n->text);
  long i = 0;
  for (const ps_ynode *item = list->first; item; item = item->next) {
    if (++r->steps > MAX_RENDER_STEPS) /* an empty body visits no node */
      return too_many_steps(r, n);
    ps_scope inner = {n->var, item, ++i, scope, (long)list->count};
    int rc = render_nodes(r, n->body, &inner);
    if (rc < 0)
      return rc;
  }
  return 0;
}

static int render_nodes(renderer *r, const ps_tnode *n, const ps_scope *scope) {
  for (; n; n = n->next) {
    int rc = 0;
    if (++r->steps > MAX_RENDER_STEPS)
      return too_many_steps(r, n);
    switch (n->kind) {
    case T_TEXT: rc = ps_buf_append(r->out, n->text, n->len); break;
    case T_VAR:
    case T_REF:
    case T_DOC:
    case T_SUBMISSIONS: rc = render_var(r, n, scope); break;
    case T_IF: {
      const ps_tnode *branch = n;
      while (branch && branch->cond && !ps_expr_truthy(branch->cond, r->root, scope))
        branch = branch->orelse;
      if (branch)
        rc = render_nodes(r, branch->body, scope);
      break;
    }
    case T_FOR: rc = render_for(r, n, scope); break;
    }
    if (rc < 0)
      return rc;
    if (r->out->failed || r->out->len > MAX_RENDER_OUTPUT)
      return ps_error_at(r->diags, PS_ELIMIT, r->t->file, n->line, 0,
                         "the rendered text is larger than %u bytes", MAX_RENDER_OUTPUT);
  }
  return 0;
}

int ps_template_render_env(ps_buf *out, const ps_template *t, const ps_ynode *root,
                           const char *profile_file, ps_escape esc, const ps_render_env *env,
                           ps_diags *diags) {
  renderer r = {out, t, root, profile_file, esc, env, diags, 0};
  ps_scope scopes[PS_MAX_COMPUTED + 1];
  return render_nodes(&r, t->root, ps_render_scopes(env, scopes));
}

const ps_scope *ps_render_scopes(const ps_render_env *env, ps_scope buf[PS_MAX_COMPUTED + 1]) {
  const ps_scope *outer = NULL;
  size_t n = 0;
  if (env && env->defaults) {
    buf[n] = (ps_scope){PS_SCOPE_DEFAULTS, env->defaults, 0, NULL, 0};
    outer = &buf[n++];
  }
  for (size_t i = 0; env && i < env->ncomputed && i < PS_MAX_COMPUTED; i++) {
    buf[n] = (ps_scope){env->computed[i].path, env->computed[i].node, PS_SCOPE_COMPUTED, outer, 0};
    outer = &buf[n++];
  }
  return outer;
}

int ps_template_render(ps_buf *out, const ps_template *t, const ps_ynode *root,
                       const char *profile_file, ps_escape esc, ps_diags *diags) {
  return ps_template_render_env(out, t, root, profile_file, esc, NULL, diags);
}

static int each_ref(const ps_tnode *n, int (*fn)(void *, const char *, unsigned), void *ctx) {
  for (; n; n = n->next) {
    int rc = 0;
    if (n->kind == T_REF)
      rc = fn(ctx, n->text, n->line);
    if (rc == 0 && n->body)
      rc = each_ref(n->body, fn, ctx);
    if (rc == 0 && n->orelse)
      rc = each_ref(n->orelse, fn, ctx);
    if (rc)
      return rc;
  }
  return 0;
}

int ps_template_each_ref(const ps_template *t, int (*fn)(void *ctx, const char *id, unsigned line),
                         void *ctx) {
  return each_ref(t->root, fn, ctx);
}

void ps_md_row(ps_buf *out, const char *const *cells, size_t n) {
  ps_buf_putc(out, '|');
  for (size_t i = 0; i < n; i++) {
    ps_buf_putc(out, ' ');
    ps_md_escape(out, cells[i], strlen(cells[i]));
    ps_buf_puts(out, " |");
  }
  ps_buf_putc(out, '\n');
}

void ps_md_rule(ps_buf *out, size_t n) {
  ps_buf_putc(out, '|');
  for (size_t i = 0; i < n; i++)
    ps_buf_puts(out, " --- |");
  ps_buf_putc(out, '\n');
}
