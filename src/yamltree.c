#include "yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"

const ps_ylimits ps_ylimits_default = {
    .max_bytes = 1024 * 1024,
    .max_depth = 32,
    .max_nodes = 100000,
    .max_scalar = 64 * 1024,
};

typedef struct {
  ps_ytree *tree;
  const char *data;
  size_t len;
  const ps_ylimits *lim;
  ps_diags *diags;
  size_t nodes;
  unsigned depth;
} builder;

static unsigned line_of(yaml_mark_t m) { return (unsigned)m.line + 1; }
static unsigned col_of(yaml_mark_t m) { return (unsigned)m.column + 1; }

static ps_ynode *new_node(builder *b, ps_ynode_kind kind, yaml_mark_t mark) {
  if (++b->nodes > b->lim->max_nodes) {
    ps_error_at(b->diags, PS_ELIMIT, b->tree->file, line_of(mark), col_of(mark),
                "the file has more than %zu values; split it or raise the limit",
                b->lim->max_nodes);
    return NULL;
  }
  ps_ynode *n = ps_arena_alloc(&b->tree->arena, sizeof(*n));
  if (!n)
    return NULL;
  memset(n, 0, sizeof(*n));
  n->kind = kind;
  n->line = line_of(mark);
  n->col = col_of(mark);
  return n;
}

static void append_child(ps_ynode *parent, ps_ynode *child) {
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
  parent->count++;
}

/* Line and column (1-based, in characters) of a byte offset. */
static void locate_offset(const builder *b, size_t offset, unsigned *line, unsigned *col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < offset && i < b->len; i++) {
    unsigned char c = (unsigned char)b->data[i];
    if (c == '\n') {
      (*line)++;
      *col = 1;
    } else if ((c & 0xc0) != 0x80) {
      (*col)++;
    }
  }
}

static int next_event(builder *b, yaml_parser_t *p, yaml_event_t *ev) {
  if (yaml_parser_parse(p, ev))
    return 0;
  if (p->error == YAML_READER_ERROR) {
    /* The reader reports a byte offset, not a mark. */
    unsigned line, col;
    locate_offset(b, p->problem_offset, &line, &col);
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line, col,
                       "the file cannot be read as YAML text: %s; save it as UTF-8 without control characters",
                       p->problem ? p->problem : "unreadable byte");
  }
  const char *what = p->problem ? p->problem : "unreadable YAML";
  return ps_error_at(b->diags, PS_EINPUT, b->tree->file,
                     line_of(p->problem_mark), col_of(p->problem_mark),
                     "YAML syntax error: %s%s%s; check indentation, quoting and colons",
                     what, p->context ? " " : "", p->context ? p->context : "");
}

static int parse_node(builder *b, yaml_parser_t *p, yaml_event_t *ev, ps_ynode **out);

static int parse_children(builder *b, yaml_parser_t *p, ps_ynode *parent,
                          yaml_event_type_t end) {
  for (;;) {
    yaml_event_t ev;
    if (next_event(b, p, &ev) < 0)
      return PS_EINPUT;
    if (ev.type == end) {
      yaml_event_delete(&ev);
      return 0;
    }
    const char *key = NULL;
    yaml_mark_t key_mark = ev.start_mark;
    if (parent->kind == PS_YMAP) {
      if (ev.type != YAML_SCALAR_EVENT) {
        yaml_event_delete(&ev);
        return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(key_mark),
                           col_of(key_mark), "a key must be a plain name, not a list or map");
      }
      key = ps_arena_strndup(&b->tree->arena, (const char *)ev.data.scalar.value,
                             ev.data.scalar.length);
      yaml_event_delete(&ev);
      if (!key)
        return PS_ENOMEM;
      ps_ynode *dup = ps_ymap_get(parent, key);
      if (dup)
        return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(key_mark),
                           col_of(key_mark),
                           "duplicate key '%s' (first given at line %u); remove one of them",
                           key, dup->key_line);
      if (next_event(b, p, &ev) < 0)
        return PS_EINPUT;
    }
    ps_ynode *child = NULL;
    int rc = parse_node(b, p, &ev, &child);
    yaml_event_delete(&ev);
    if (rc < 0)
      return rc;
    if (!child)
      return PS_EINPUT;
    if (key) {
      child->key = key;
      child->key_line = line_of(key_mark);
      child->key_col = col_of(key_mark);
    }
    append_child(parent, child);
  }
}

static int parse_node(builder *b, yaml_parser_t *p, yaml_event_t *ev, ps_ynode **out) {
  yaml_mark_t m = ev->start_mark;
  switch (ev->type) {
  case YAML_ALIAS_EVENT:
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                       "YAML aliases (*%s) are not allowed in profiles; write the value out",
                       (const char *)ev->data.alias.anchor);
  case YAML_SCALAR_EVENT: {
    if (ev->data.scalar.length > b->lim->max_scalar)
      return ps_error_at(b->diags, PS_ELIMIT, b->tree->file, line_of(m), col_of(m),
                         "value is %zu bytes long; the limit is %zu",
                         ev->data.scalar.length, b->lim->max_scalar);
    ps_ynode *n = new_node(b, PS_YSCALAR, m);
    if (!n)
      return b->nodes > b->lim->max_nodes ? PS_ELIMIT : PS_ENOMEM;
    n->value = ps_arena_strndup(&b->tree->arena, (const char *)ev->data.scalar.value,
                                ev->data.scalar.length);
    if (!n->value)
      return PS_ENOMEM;
    if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
      return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                         "value contains a NUL character");
    n->len = ev->data.scalar.length;
    n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    *out = n;
    return 0;
  }
  case YAML_SEQUENCE_START_EVENT:
  case YAML_MAPPING_START_EVENT: {
    int is_map = ev->type == YAML_MAPPING_START_EVENT;
    if (++b->depth > b->lim->max_depth)
      return ps_error_at(b->diags, PS_ELIMIT, b->tree->file, line_of(m), col_of(m),
                         "nesting deeper than %u levels", b->lim->max_depth);
    ps_ynode *n = new_node(b, is_map ? PS_YMAP : PS_YSEQ, m);
    if (!n)
      return b->nodes > b->lim->max_nodes ? PS_ELIMIT : PS_ENOMEM;
    int rc = parse_children(b, p, n, is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT);
    b->depth--;
    if (rc < 0)
      return rc;
    *out = n;
    return 0;
  }
  default:
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                       "unexpected YAML structure");
  }
}

/* Reads the stream: exactly one document (or none). */
static int parse_stream(builder *b, yaml_parser_t *p) {
  yaml_event_t ev;
  int rc = 0;
  int docs = 0;
  for (;;) {
    if ((rc = next_event(b, p, &ev)) < 0)
      return rc;
    yaml_event_type_t t = ev.type;
    yaml_mark_t m = ev.start_mark;
    if (t == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      return 0;
    }
    if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
      yaml_event_delete(&ev);
      return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                         "the file holds more than one YAML document ('---'); keep one profile per file");
    }
    if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT ||
        t == YAML_SCALAR_EVENT || t == YAML_ALIAS_EVENT) {
      rc = parse_node(b, p, &ev, &b->tree->root);
      yaml_event_delete(&ev);
      if (rc < 0)
        return rc;
      continue;
    }
    yaml_event_delete(&ev);
  }
}

int ps_ytree_parse(ps_ytree **out, const char *file, const char *data, size_t len,
                   const ps_ylimits *limits, ps_diags *diags) {
  *out = NULL;
  if (!limits)
    limits = &ps_ylimits_default;
  if (len > limits->max_bytes)
    return ps_error_at(diags, PS_ELIMIT, file, 0, 0,
                       "file is %zu bytes; the limit is %zu bytes", len, limits->max_bytes);
  ps_ytree *tree = calloc(1, sizeof(*tree));
  if (!tree)
    return PS_ENOMEM;
  ps_arena_init(&tree->arena);
  tree->file = ps_arena_strdup(&tree->arena, file);
  if (!tree->file) {
    ps_ytree_free(tree);
    return PS_ENOMEM;
  }
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    ps_ytree_free(tree);
    return PS_ENOMEM;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  builder b = {tree, data, len, limits, diags, 0, 0};
  int rc = parse_stream(&b, &parser);
  yaml_parser_delete(&parser);
  if (rc < 0) {
    ps_ytree_free(tree);
    return rc;
  }
  *out = tree;
  return 0;
}

void ps_ytree_free(ps_ytree *tree) {
  if (!tree)
    return;
  ps_arena_free(&tree->arena);
  free(tree);
}

ps_ynode *ps_ymap_get(const ps_ynode *m, const char *key) {
  if (!m || m->kind != PS_YMAP)
    return NULL;
  for (ps_ynode *c = m->first; c; c = c->next)
    if (strcmp(c->key, key) == 0)
      return c;
  return NULL;
}

ps_ynode *ps_ynode_path(const ps_ynode *n, const char *path) {
  char part[128];
  const char *s = path;
  while (n && *s) {
    size_t k = strcspn(s, ".");
    if (k >= sizeof part)
      return NULL;
    memcpy(part, s, k);
    part[k] = '\0';
    n = ps_ymap_get(n, part);
    s += k;
    if (*s == '.')
      s++;
  }
  return (ps_ynode *)n;
}
