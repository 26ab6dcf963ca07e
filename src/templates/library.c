#define _DEFAULT_SOURCE /* strdup, realpath, d_type */
#include "library.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "chars.h"
#include "diag.h"
#include "fileio.h"
#include "xmlw.h"
#include "schema.h"
#include "yamltree.h"

#define MAX_TEMPLATE_BYTES 262144 /* 256 KiB */
#define MAX_CLAUSES 2000

int ps_utf8_text_valid(const char *s, size_t len, size_t *bad) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    unsigned char c = p[i];
    size_t n = c < 0x80             ? 1
               : (c & 0xe0) == 0xc0 ? 2
               : (c & 0xf0) == 0xe0 ? 3
               : (c & 0xf8) == 0xf0 ? 4
                                    : 0;
    if (n == 1 && (c == 0x7f || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')))
      n = 0;
    if (n == 2 && c < 0xc2)
      n = 0;
    if (n == 0 || i + n > len) {
      *bad = i;
      return 0;
    }
    for (size_t k = 1; k < n; k++)
      if ((p[i + k] & 0xc0) != 0x80) {
        *bad = i;
        return 0;
      }
    if ((n == 3 && c == 0xe0 && p[i + 1] < 0xa0) || (n == 3 && c == 0xed && p[i + 1] >= 0xa0) ||
        (n == 4 && c == 0xf0 && p[i + 1] < 0x90) ||
        (n == 4 && (c > 0xf4 || (c == 0xf4 && p[i + 1] >= 0x90)))) {
      *bad = i;
      return 0;
    }
    i += n;
  }
  return 1;
}

const ps_requirement *ps_library_requirement(const ps_library *lib, const char *id) {
  for (size_t i = 0; i < lib->nrequirements; i++)
    if (strcmp(lib->requirements[i].id, id) == 0)
      return &lib->requirements[i];
  return NULL;
}

const char *ps_library_requirement_summary(const ps_library *lib, const char *id) {
  const ps_requirement *r = lib && id ? ps_library_requirement(lib, id) : NULL;
  return r ? r->text : NULL;
}

size_t ps_library_doc_count(const ps_library *lib) { return lib->ndocs; }

const char *ps_library_doc_kind(const ps_library *lib, size_t i) {
  return i < lib->ndocs ? lib->docs[i].kind : NULL;
}

const ps_doc_tpl *ps_library_doc(const ps_library *lib, const char *kind) {
  for (size_t i = 0; i < lib->ndocs; i++)
    if (strcmp(lib->docs[i].kind, kind) == 0)
      return &lib->docs[i];
  return NULL;
}

int ps_clause_in_doc(const ps_clause_tpl *c, const char *kind) {
  for (size_t i = 0; i < c->ndocs; i++)
    if (strcmp(c->docs[i], kind) == 0)
      return 1;
  return 0;
}

/* ---- small helpers over a front-matter tree ---- */

typedef struct {
  ps_library *lib;
  const char *file;
  ps_diags *diags;
} loader;

/* An error at node N (NULL: the file's start) of the file being loaded. */
__attribute__((format(printf, 3, 4))) static int lerr(loader *l, const ps_ynode *n, const char *fmt,
                                                      ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = ps_diag_vadd(l->diags, PS_EINPUT, PS_SEV_ERROR, l->file, n ? n->line : 1, n ? n->col : 1,
                        NULL, fmt, ap);
  va_end(ap);
  return rc;
}

static const char *get_str(loader *l, const ps_ynode *map, const char *key, int required, int *rc) {
  const ps_ynode *n = ps_ymap_get(map, key);
  if (!n) {
    if (required && *rc == 0)
      *rc = lerr(l, map, "the clause header needs '%s'", key);
    return NULL;
  }
  if (n->kind != PS_YSCALAR) {
    *rc = lerr(l, n, "'%s' must be a single value", key);
    return NULL;
  }
  const char *s = ps_arena_strdup(&l->lib->arena, n->value);
  if (!s && *rc == 0)
    *rc = PS_ENOMEM;
  return s;
}

static const char **get_list(loader *l, const ps_ynode *map, const char *key, size_t *count,
                             int *rc) {
  const ps_ynode *n = ps_ymap_get(map, key);
  *count = 0;
  if (!n || n->kind != PS_YSEQ || n->count == 0) {
    *rc = lerr(l, n ? n : map, "'%s' must be a list such as [spec]", key);
    return NULL;
  }
  const char **v = ps_arena_alloc(&l->lib->arena, n->count * sizeof(*v));
  if (!v) {
    *rc = PS_ENOMEM;
    return NULL;
  }
  for (const ps_ynode *c = n->first; c; c = c->next) {
    if (c->kind != PS_YSCALAR) {
      *rc = lerr(l, c, "each entry of '%s' must be a single value", key);
      return NULL;
    }
    if (!(v[(*count)++] = ps_arena_strdup(&l->lib->arena, c->value))) {
      *rc = PS_ENOMEM;
      return NULL;
    }
  }
  return v;
}

int ps_clause_id_valid(const char *id) {
  size_t n = strlen(id);
  if (n == 0 || n > 38 || id[0] < 'a' || id[0] > 'z')
    return 0;
  for (const char *p = id; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
      return 0;
  return 1;
}

static ps_expr *get_when(loader *l, const ps_ynode *map, const char **src, int *rc) {
  *src = get_str(l, map, "when", 0, rc);
  if (!*src)
    return NULL;
  char why[128];
  ps_expr *e = ps_expr_parse(&l->lib->arena, *src, why, sizeof why);
  const ps_ynode *when = ps_ymap_get(map, "when");
  if (!e)
    *rc = lerr(l, when, "bad condition in 'when': %s", why);
  else if (ps_expr_check(e, l->file, when->line, l->diags) < 0)
    *rc = PS_EINPUT;
  return e;
}

/* ---- template layers: a folder, or files in memory ---- */

/* The in-memory file NAME of layer S, or NULL. */
static const ps_file *layer_file(const ps_template_layer *s, const char *name) {
  for (size_t i = 0; i < s->nfiles; i++)
    if (s->files[i].name && strcmp(s->files[i].name, name) == 0)
      return &s->files[i];
  return NULL;
}

/* The name diagnostics give file NAME of layer S ("DIR/NAME"), in the
 * library's arena. */
static const char *layer_path(ps_library *lib, const ps_template_layer *s, const char *name) {
  const char *base = s->dir ? s->dir : s->name ? s->name : "(memory)";
  size_t n = strlen(base) + strlen(name) + 2;
  char *p = ps_arena_alloc(&lib->arena, n);
  if (p)
    snprintf(p, n, "%s/%s", base, name);
  return p;
}

static int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static int layer_has(const ps_template_layer *s, const char *name) {
  if (!s->dir)
    return layer_file(s, name) != NULL;
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", s->dir, name);
  return file_exists(path);
}

/* Reads file NAME of layer S into *data (NUL-terminated, malloc'd); PATH
 * is its name for diagnostics. */
static int layer_read(char **data, size_t *len, const ps_template_layer *s, const char *path,
                      const char *name, ps_diags *diags) {
  if (s->dir)
    return ps_read_file(data, len, path, MAX_TEMPLATE_BYTES, diags);
  *data = NULL;
  *len = 0;
  const ps_file *f = layer_file(s, name);
  if (!f || (!f->data && f->size))
    return ps_error_at(diags, PS_EIO, path, 0, 0, "no such template file");
  if (f->size > MAX_TEMPLATE_BYTES)
    return ps_error_at(diags, PS_ELIMIT, path, 0, 0, "file is %zu bytes; the limit is %d bytes",
                       f->size, MAX_TEMPLATE_BYTES);
  if (!(*data = malloc(f->size + 1)))
    return PS_ENOMEM;
  if (f->size)
    memcpy(*data, f->data, f->size);
  (*data)[f->size] = '\0';
  *len = f->size;
  return 0;
}

/* Reads a YAML file whose root holds a list under KEY. On success the
 * caller owns *tree and *list points into it. */
static int load_list_file(loader *l, const ps_template_layer *s, const char *name, const char *key,
                          ps_ytree **tree, const ps_ynode **list) {
  char *data;
  size_t len;
  *tree = NULL;
  const char *path = l->file;
  int rc = layer_read(&data, &len, s, path, name, l->diags);
  if (rc < 0)
    return rc;
  rc = ps_ytree_parse(tree, path, data, len, NULL, l->diags);
  free(data);
  if (rc < 0)
    return rc;
  *list = ps_ymap_get((*tree)->root, key);
  if (!*list || (*list)->kind != PS_YSEQ) {
    ps_ytree_free(*tree);
    *tree = NULL;
    return lerr(l, NULL, "this file needs a list '%s'", key);
  }
  return 0;
}

/* ---- documents.yaml ---- */

/* A one-line template of documents.yaml (a title, how a document is
 * named), at N's line. */
static int plain_template(loader *l, ps_template *t, const ps_ynode *n, const char *src) {
  int rc = ps_template_parse(t, &l->lib->arena, l->file, n->line, src, strlen(src), l->diags);
  return rc < 0 ? rc : ps_template_check(t, l->diags);
}

static int load_doc(loader *l, const ps_ynode *n, ps_doc_tpl *d) {
  int rc = 0;
  const char *title_src;
  if (n->kind != PS_YMAP)
    return lerr(l, n, "each document must be a map with kind, name and title");
  d->kind = get_str(l, n, "kind", 1, &rc);
  d->name = get_str(l, n, "name", 1, &rc);
  title_src = get_str(l, n, "title", 1, &rc);
  const char *numbering = get_str(l, n, "numbering", 0, &rc);
  d->when = get_when(l, n, &d->when_src, &rc);
  if (rc < 0)
    return rc;
  if (numbering && strcmp(numbering, "articles") != 0 && strcmp(numbering, "chapters") != 0)
    return lerr(l, ps_ymap_get(n, "numbering"), "numbering must be chapters or articles, not '%s'",
                numbering);
  d->numbering =
      numbering && strcmp(numbering, "articles") == 0 ? PS_NUM_ARTICLES : PS_NUM_CHAPTERS;
  d->form_of = get_str(l, n, "form_of", 0, &rc);
  const char *toc = get_str(l, n, "toc", 0, &rc);
  const char *orientation = get_str(l, n, "orientation", 0, &rc);
  const char *indent = get_str(l, n, "indent", 0, &rc);
  if (rc < 0)
    return rc;
  if (indent && strcmp(indent, "true") != 0 && strcmp(indent, "false") != 0)
    return lerr(l, ps_ymap_get(n, "indent"), "indent must be true or false, not '%s'", indent);
  d->indent = indent && strcmp(indent, "true") == 0;
  if (toc && strcmp(toc, "true") != 0 && strcmp(toc, "false") != 0)
    return lerr(l, ps_ymap_get(n, "toc"), "toc must be true or false, not '%s'", toc);
  if (orientation && strcmp(orientation, "portrait") != 0 && strcmp(orientation, "landscape") != 0)
    return lerr(l, ps_ymap_get(n, "orientation"),
                "orientation must be portrait or landscape, not '%s'", orientation);
  d->toc = toc && strcmp(toc, "true") == 0;
  d->landscape = orientation && strcmp(orientation, "landscape") == 0;
  const ps_ynode *title = ps_ymap_get(n, "title");
  if ((rc = ps_template_parse(&d->title, &l->lib->arena, l->file, title->line, title_src,
                              strlen(title_src), l->diags)) < 0 ||
      (rc = ps_template_check(&d->title, l->diags)) < 0)
    return rc;
  const char *self_src = get_str(l, n, "self", 0, &rc);
  const char *cited_src = get_str(l, n, "cited", 0, &rc);
  if (rc < 0)
    return rc;
  if (self_src && ((rc = plain_template(l, &d->self, ps_ymap_get(n, "self"), self_src)) < 0))
    return rc;
  if (cited_src && ((rc = plain_template(l, &d->cited, ps_ymap_get(n, "cited"), cited_src)) < 0))
    return rc;
  d->has_self = self_src != NULL;
  d->has_cited = cited_src != NULL;
  const ps_ynode *ch = ps_ymap_get(n, "chapters");
  if (!ch)
    return 0;
  if (ch->kind != PS_YSEQ)
    return lerr(l, ch, "chapters must be a list of {id, title}");
  d->chapters = ps_arena_alloc(&l->lib->arena, (ch->count + 1) * sizeof(*d->chapters));
  if (!d->chapters)
    return PS_ENOMEM;
  for (const ps_ynode *c = ch->first; c; c = c->next) {
    ps_chapter_tpl *t = &d->chapters[d->nchapters++];
    if (c->kind != PS_YMAP)
      return lerr(l, c, "a chapter must be a map {id, title}");
    t->id = get_str(l, c, "id", 1, &rc);
    t->title = get_str(l, c, "title", 1, &rc);
    if (rc < 0 || (rc = plain_template(l, &t->title_t, ps_ymap_get(c, "title"), t->title)) < 0)
      return rc;
  }
  return 0;
}

static int load_documents(loader *l, const ps_template_layer *s, const char *name) {
  ps_ytree *tree;
  const ps_ynode *docs;
  int rc = load_list_file(l, s, name, "documents", &tree, &docs);
  if (rc < 0)
    return rc;
  l->lib->docs = ps_arena_alloc(&l->lib->arena, (docs->count + 1) * sizeof(ps_doc_tpl));
  if (!l->lib->docs)
    rc = PS_ENOMEM;
  l->lib->ndocs = 0;
  for (const ps_ynode *d = docs->first; d && rc == 0; d = d->next) {
    ps_doc_tpl *t = &l->lib->docs[l->lib->ndocs++];
    memset(t, 0, sizeof(*t));
    rc = load_doc(l, d, t);
  }
  ps_ytree_free(tree);
  return rc;
}

/* ---- requirements.yaml ---- */

static int load_requirement(loader *l, const ps_ynode *n, ps_requirement *r) {
  int rc = 0;
  if (n->kind != PS_YMAP)
    return lerr(l, n, "each requirement must be a map {id, when, docs, text}");
  r->id = get_str(l, n, "id", 1, &rc);
  r->text = get_str(l, n, "text", 1, &rc);
  r->criteria = get_str(l, n, "criteria", 0, &rc);
  if (rc == 0 && r->criteria)
    rc = plain_template(l, &r->criteria_t, ps_ymap_get(n, "criteria"), r->criteria);
  r->docs = get_list(l, n, "docs", &r->ndocs, &rc);
  r->when = get_when(l, n, &r->when_src, &rc);
  if (rc == 0 && ps_library_requirement(l->lib, r->id))
    rc = lerr(l, ps_ymap_get(n, "id"), "requirement '%s' is listed twice", r->id);
  return rc;
}

static int load_requirements(loader *l, const ps_template_layer *s, const char *name) {
  ps_ytree *tree;
  const ps_ynode *list;
  int rc = load_list_file(l, s, name, "requirements", &tree, &list);
  if (rc < 0)
    return rc;
  l->lib->requirements = ps_arena_alloc(&l->lib->arena, (list->count + 1) * sizeof(ps_requirement));
  if (!l->lib->requirements)
    rc = PS_ENOMEM;
  l->lib->nrequirements = 0;
  for (const ps_ynode *n = list->first; n && rc == 0; n = n->next) {
    ps_requirement *r = &l->lib->requirements[l->lib->nrequirements];
    memset(r, 0, sizeof(*r));
    if ((rc = load_requirement(l, n, r)) == 0)
      l->lib->nrequirements++;
  }
  ps_ytree_free(tree);
  return rc;
}

static int load_ledger(loader *l, const ps_template_layer *s, const char *name) {
  ps_ytree *tree;
  const ps_ynode *list;
  int rc = load_list_file(l, s, name, "columns", &tree, &list);
  if (rc < 0)
    return rc;
  l->lib->ledger = ps_arena_alloc(&l->lib->arena, (list->count + 1) * sizeof(ps_ledger_column));
  if (!l->lib->ledger)
    rc = PS_ENOMEM;
  l->lib->nledger = 0;
  for (const ps_ynode *n = list->first; n && rc == 0; n = n->next) {
    ps_ledger_column *c = &l->lib->ledger[l->lib->nledger];
    if (n->kind != PS_YMAP) {
      rc = lerr(l, n, "each column must be a map {title, value} or {title, date}");
      break;
    }
    c->title = get_str(l, n, "title", 1, &rc);
    c->date = get_str(l, n, "date", 0, &rc);
    c->form = get_str(l, n, "form", 0, &rc);
    const char *value = get_str(l, n, "value", !c->date, &rc);
    if (rc == 0 && c->date && value)
      rc = lerr(l, n, "a column has either a value or a date, not both");
    if (rc == 0)
      rc = ps_template_parse(&c->value, &l->lib->arena, l->file,
                             value ? ps_ymap_get(n, "value")->line : n->line, value ? value : "",
                             value ? strlen(value) : 0, l->diags);
    if (rc == 0)
      rc = ps_template_check(&c->value, l->diags);
    if (rc == 0)
      l->lib->nledger++;
  }
  ps_ytree_free(tree);
  return rc;
}

/* Every reference of every clause must name an item of the catalogue, so a
 * typo cannot make a clause silently count for nothing. */
static int check_refs(ps_library *lib, ps_diags *diags) {
  int rc = 0;
  for (size_t i = 0; i < lib->nclauses; i++)
    for (size_t r = 0; r < lib->clauses[i].nrefs; r++)
      if (!ps_library_requirement(lib, lib->clauses[i].refs[r]))
        rc = ps_error_at(diags, PS_EINPUT, lib->clauses[i].file, 0, 0,
                         "clause '%s' cites '%s', which is not an item of requirements.yaml",
                         lib->clauses[i].id, lib->clauses[i].refs[r]);
  return rc;
}

/* Every {{ ref('id') }} must name a clause of the library, so that a typo
 * is reported where it is written, whatever the profile. */
typedef struct {
  ps_library *lib;
  const ps_clause_tpl *from;
  ps_diags *diags;
  int rc;
} ref_check;

static int check_one_ref(void *ctx, const char *id, unsigned line) {
  ref_check *k = ctx;
  for (size_t i = 0; i < k->lib->nclauses; i++)
    if (strcmp(k->lib->clauses[i].id, id) == 0)
      return 0;
  k->rc = ps_error_at(k->diags, PS_EINPUT, k->from->file, line, 0,
                      "ref('%s') names no clause; write the id of an existing clause (see "
                      "procspec clauses)",
                      id);
  return 0;
}

static int check_xrefs(ps_library *lib, ps_diags *diags) {
  ref_check k = {lib, NULL, diags, 0};
  for (size_t i = 0; i < lib->nclauses; i++) {
    k.from = &lib->clauses[i];
    ps_template_each_ref(&lib->clauses[i].body, check_one_ref, &k);
  }
  return k.rc;
}

/* defaults.yaml: the values documents use where a profile leaves a term
 * without a number; typed like a profile, nothing required. */
static int load_defaults(loader *l, const ps_template_layer *s, const char *name) {
  char *data;
  size_t len;
  const char *path = l->file;
  int rc = layer_read(&data, &len, s, path, name, l->diags);
  if (rc < 0)
    return rc;
  rc = ps_ytree_parse(&l->lib->defaults_tree, path, data, len, NULL, l->diags);
  free(data);
  if (rc < 0)
    return rc;
  ps_ynode *root = l->lib->defaults_tree->root;
  ps_ynode *values = root && root->kind == PS_YMAP ? ps_ymap_get(root, "defaults") : NULL;
  if (!values || values->kind != PS_YMAP)
    return lerr(l, root, "this file needs a map '%s' of profile keys", "defaults");
  ps_ytree *tree = l->lib->defaults_tree;
  tree->root = values; /* checked like a profile's root, typed in place */
  rc = ps_schema_type_partial(tree, l->diags);
  tree->root = root;
  l->lib->defaults = values;
  l->lib->defaults_file = path;
  return rc;
}

/* ---- clauses ---- */

/* Splits "---\n<yaml>\n---\n<body>" and returns the body offset. */
static int split_front_matter(const char *data, size_t len, size_t *yaml_end, size_t *body,
                              unsigned *body_line) {
  if (len < 4 || strncmp(data, "---", 3) != 0 || (data[3] != '\n' && data[3] != '\r'))
    return -1;
  unsigned line = 1;
  for (size_t i = 3; i < len; i++) {
    if (data[i] != '\n')
      continue;
    line++;
    if (i + 3 < len + 0 && strncmp(data + i + 1, "---", 3) == 0 &&
        (i + 4 == len || data[i + 4] == '\n' || data[i + 4] == '\r')) {
      *yaml_end = i + 1;
      size_t b = i + 4;
      while (b < len && data[b] != '\n')
        b++;
      *body = b < len ? b + 1 : len;
      *body_line = line + 1;
      return 0;
    }
  }
  return -1;
}

static int get_template(loader *l, const ps_ynode *map, const char *key, ps_template *t) {
  const ps_ynode *n = ps_ymap_get(map, key);
  if (!n || n->kind != PS_YSCALAR)
    return lerr(l, n ? n : map, "each submission needs '%s' as text (name, deadline, form)", key);
  const char *src = ps_arena_strdup(&l->lib->arena, n->value);
  return src ? ps_template_parse(t, &l->lib->arena, l->file, n->line, src, strlen(src), l->diags)
             : PS_ENOMEM;
}

/* submissions: [{name, deadline, form, when}]: the documents the clause
 * requires, for the 提出書類 table. */
static int get_submissions(loader *l, const ps_ynode *fm, ps_clause_tpl *c) {
  const ps_ynode *list = ps_ymap_get(fm, "submissions");
  if (!list)
    return 0;
  if (list->kind != PS_YSEQ || list->count == 0)
    return lerr(l, list, "'%s' must be a list of {name, deadline, form}", "submissions");
  c->submissions = ps_arena_alloc(&l->lib->arena, list->count * sizeof(*c->submissions));
  if (!c->submissions)
    return PS_ENOMEM;
  for (const ps_ynode *n = list->first; n; n = n->next) {
    ps_submission_tpl *s = &c->submissions[c->nsubmissions++];
    memset(s, 0, sizeof(*s));
    if (n->kind != PS_YMAP)
      return lerr(l, n, "each submission must be a map {name, deadline, form}");
    for (const ps_ynode *k = n->first; k; k = k->next)
      if (strcmp(k->key, "name") != 0 && strcmp(k->key, "deadline") != 0 &&
          strcmp(k->key, "form") != 0 && strcmp(k->key, "when") != 0)
        return ps_diag_add(l->diags, PS_EINPUT, PS_SEV_ERROR, l->file, k->key_line, k->key_col,
                           NULL, "unknown submission key '%s' (known: name, deadline, form, when)",
                           k->key);
    int rc = 0;
    const char *when_src;
    if ((rc = get_template(l, n, "name", &s->name)) < 0 ||
        (rc = get_template(l, n, "deadline", &s->deadline)) < 0 ||
        (rc = get_template(l, n, "form", &s->form)) < 0)
      return rc;
    s->when = get_when(l, n, &when_src, &rc);
    if (rc < 0)
      return rc;
  }
  return 0;
}

static int fill_clause(loader *l, const ps_ynode *fm, ps_clause_tpl *c) {
  int rc = 0;
  c->id = get_str(l, fm, "id", 1, &rc);
  c->title = get_str(l, fm, "title", 1, &rc);
  c->refs = get_list(l, fm, "refs", &c->nrefs, &rc);
  c->docs = get_list(l, fm, "docs", &c->ndocs, &rc);
  c->chapter = get_str(l, fm, "chapter", 0, &rc);
  const char *order = get_str(l, fm, "order", 1, &rc);
  c->when = get_when(l, fm, &c->when_src, &rc);
  if (rc < 0)
    return rc;
  if (!ps_clause_id_valid(c->id))
    return lerr(l, ps_ymap_get(fm, "id"),
                "clause id '%.60s' must start with a-z and use only a-z, 0-9 and '-' "
                "(at most 38 characters)",
                c->id);
  char *end;
  c->order = strtol(order, &end, 10);
  if (*end)
    return lerr(l, ps_ymap_get(fm, "order"), "order must be a whole number, not '%s'", order);
  if ((rc = get_submissions(l, fm, c)) < 0)
    return rc;
  for (const ps_ynode *k = fm->first; k; k = k->next) {
    static const char *known[] = {"id",      "title", "refs", "docs",
                                  "chapter", "order", "when", "submissions"};
    int ok = 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
      ok |= strcmp(k->key, known[i]) == 0;
    if (!ok)
      return ps_diag_add(l->diags, PS_EINPUT, PS_SEV_ERROR, l->file, k->key_line, k->key_col, NULL,
                         "unknown clause header key '%s' (known: id, title, refs, docs, "
                         "chapter, order, when, submissions)",
                         k->key);
  }
  return 0;
}

/* Text of a template file: UTF-8 without characters no document may hold,
 * each refused at its line and column. */
static int check_template_text(loader *l, const char *path, const char *text, size_t len) {
  unsigned line, col;
  size_t at, n;
  if (!ps_text_find_refused(text, len, &line, &col, &at, &n))
    return 0;
  unsigned cp;
  if (!ps_utf8_next(text + at, len - at, &cp))
    return ps_error_at(l->diags, PS_EINPUT, path, line, col,
                       "byte %zu is not valid UTF-8 text; save the file as UTF-8", at);
  return ps_error_at(l->diags, PS_EINPUT, path, line, col, "the character '%.*s' is %s; delete it",
                     (int)n, text + at, ps_char_refused(cp));
}

static int load_clause(loader *l, const ps_template_layer *s, const char *name, ps_clause_tpl *c) {
  char *file_data;
  size_t len, yaml_end, body, bad;
  unsigned body_line, cp;
  memset(c, 0, sizeof(*c));
  const char *path = c->file = layer_path(l->lib, s, name);
  if (!path)
    return PS_ENOMEM;
  l->file = path;
  int rc = layer_read(&file_data, &len, s, path, name, l->diags);
  if (rc < 0)
    return rc;
  /* Editors on Windows start UTF-8 files with a byte order mark. */
  const char *data = file_data;
  if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
    data += 3;
    len -= 3;
  }
  ps_ytree *tree = NULL;
  if ((rc = check_template_text(l, path, data, len)) < 0) {
    /* reported */
  } else if ((bad = ps_xml_bad_char(data, len, &cp)) < len) {
    unsigned line = 1;
    for (size_t i = 0; i < bad; i++)
      line += data[i] == '\n';
    rc = ps_error_at(l->diags, PS_EINPUT, path, line, 0,
                     "the character U+%04X cannot be carried by DOCX and ODT files; remove it", cp);
  } else if (split_front_matter(data, len, &yaml_end, &body, &body_line) < 0) {
    rc = ps_error_at(l->diags, PS_EINPUT, path, 1, 1,
                     "a clause file starts with a '---' header block closed by '---'");
  } else if ((rc = ps_ytree_parse(&tree, path, data, yaml_end, NULL, l->diags)) == 0) {
    if (!tree->root || tree->root->kind != PS_YMAP)
      rc = ps_error_at(l->diags, PS_EINPUT, path, 1, 1, "the header must be a map of keys");
    else if ((rc = fill_clause(l, tree->root, c)) == 0) {
      char *text = ps_arena_strndup(&l->lib->arena, data + body, len - body);
      rc = text ? ps_template_parse(&c->body, &l->lib->arena, c->file, body_line, text, len - body,
                                    l->diags)
                : PS_ENOMEM;
      if (rc == 0)
        rc = ps_template_check(&c->body, l->diags);
    }
  }
  ps_ytree_free(tree);
  free(file_data);
  return rc;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A clause template's file name: NAME.md, the extension in any case
 * (NAME.MD written on Windows is a clause template too). */
static int is_clause_name(const char *name) {
  size_t n = strlen(name);
  return n > 3 && strcasecmp(name + n - 3, ".md") == 0;
}

/* 1 when entry E of folder DIR is a folder (or a link to one). */
static int is_folder(const char *dir, const struct dirent *e) {
  if (e->d_type == DT_DIR)
    return 1;
  if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
    return 0;
  char path[4096 + 256];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* 1 when in-memory files A and B lie in the same subfolder of clauses/.
 * A is any file's name: NULL, or shorter than "clauses/". */
static int same_folder(const char *a, const char *b) {
  if (!a || strncmp(a, "clauses/", 8) != 0)
    return 0;
  const char *sa = strchr(a + 8, '/'), *sb = strchr(b + 8, '/');
  return sa && sb && sa - a == sb - b && strncmp(a, b, (size_t)(sa - a)) == 0;
}

/* A file of a clauses folder that is not loaded is said, never passed
 * over in silence: a clause saved as .txt would otherwise be missing from
 * the documents without a word. PATH is the file (in LAYER when not
 * NULL). */
static int skipped_note(ps_diags *diags, const char *layer, const char *path, int folder) {
  char where[4096 + 300];
  if (layer)
    snprintf(where, sizeof where, "%s/%s", layer, path);
  else
    snprintf(where, sizeof where, "%s", path);
  int rc = folder ? ps_diag_add(diags, 0, PS_SEV_WARNING, where, 0, 0, NULL,
                                "skipped: a folder (clause templates are read from the "
                                "clauses folder itself, not from folders inside it)")
                  : ps_diag_add(diags, 0, PS_SEV_WARNING, where, 0, 0, NULL,
                                "skipped: not a clause template (clause templates are "
                                "files ending in .md); rename it to NAME.md if it is one");
  return rc < 0 ? rc : 0;
}

/* The names of the clause files (clauses/NAME.md) of an in-memory layer. */
static int list_md_memory(char ***out, size_t *count, const ps_template_layer *s, ps_diags *diags) {
  size_t cap = 0;
  int rc = 0;
  for (size_t i = 0; i < s->nfiles && rc == 0; i++) {
    const char *name = s->files[i].name;
    if (!name || strncmp(name, "clauses/", 8) != 0)
      continue;
    const char *base = name + 8, *slash = strchr(base, '/');
    if (slash) {
      if (slash == base || base[0] == '.' || (i > 0 && same_folder(s->files[i - 1].name, name)))
        continue; /* one note per folder */
      char folder[256];
      snprintf(folder, sizeof folder, "%.*s", (int)(slash - name), name);
      rc = skipped_note(diags, s->name, folder, 1);
      continue;
    }
    if (base[0] == '.')
      continue;
    if (!is_clause_name(base)) {
      rc = skipped_note(diags, s->name, name, 0);
      continue;
    }
    char **grown = ps_grow(*out, &cap, *count, sizeof *grown);
    if (!grown)
      return PS_ENOMEM;
    *out = grown;
    if (*count >= MAX_CLAUSES)
      return ps_error_at(diags, PS_ELIMIT, s->name, 0, 0, "more than %d clause files", MAX_CLAUSES);
    if (!((*out)[*count] = strdup(name + 8)))
      return PS_ENOMEM;
    (*count)++;
  }
  return rc;
}

/* The .md files of LAYER's clauses folder, sorted so the result never
 * depends on readdir or on the order of in-memory files. */
static int list_md(char ***out, size_t *count, const ps_template_layer *s, ps_diags *diags) {
  *out = NULL;
  *count = 0;
  if (!s->dir) {
    int rc = list_md_memory(out, count, s, diags);
    if (*out)
      qsort(*out, *count, sizeof(**out), cmp_str);
    return rc;
  }
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/clauses", s->dir);
  DIR *d = opendir(dir);
  if (!d)
    return ps_error_at(diags, PS_EIO, dir, 0, 0, "cannot open the template folder: %s",
                       strerror(errno));
  size_t cap = 0;
  char **names = NULL;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue; /* hidden: editors' swap and lock files */
    int folder = is_folder(dir, e);
    if (folder || !is_clause_name(e->d_name)) {
      char path[4096 + 256];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      if ((rc = skipped_note(diags, NULL, path, folder)) < 0)
        break;
      continue;
    }
    char **grown = ps_grow(names, &cap, *count, sizeof *grown);
    if (!grown) {
      rc = PS_ENOMEM;
      break;
    }
    names = grown;
    if (*count >= MAX_CLAUSES) {
      rc = ps_error_at(diags, PS_ELIMIT, dir, 0, 0, "more than %d clause files", MAX_CLAUSES);
      break;
    }
    if (!(names[*count] = strdup(e->d_name))) {
      rc = PS_ENOMEM;
      break;
    }
    (*count)++;
  }
  closedir(d);
  if (names)
    qsort(names, *count, sizeof(*names), cmp_str);
  *out = names;
  return rc;
}

static void free_names(char **names, size_t count) {
  for (size_t i = 0; i < count; i++)
    free(names[i]);
  free(names);
}

static ps_clause_tpl *find_clause(ps_library *lib, const char *id) {
  for (size_t i = 0; i < lib->nclauses; i++)
    if (strcmp(lib->clauses[i].id, id) == 0)
      return &lib->clauses[i];
  return NULL;
}

/* Loads the .md files of LAYER's clauses folder. Within one layer an ID may
 * appear once; a clause of layer LEVEL replaces the one of a lower layer
 * with the same ID. */
static int load_clauses(loader *l, const ps_template_layer *s, int level) {
  char path[4096];
  char **names;
  size_t count;
  int rc = list_md(&names, &count, s, l->diags);
  for (size_t i = 0; i < count && rc == 0; i++) {
    snprintf(path, sizeof path, "clauses/%s", names[i]);
    ps_clause_tpl c;
    if ((rc = load_clause(l, s, path, &c)) < 0)
      break;
    l->file = c.file;
    c.overrides = level;
    assert(c.id); /* load_clause refuses a clause without an id */
    ps_clause_tpl *same = find_clause(l->lib, c.id);
    if (same && same->overrides == level) {
      rc = ps_error_at(l->diags, PS_EINPUT, c.file, 0, 0,
                       "clause id '%s' is already used by %s; each clause needs its own id", c.id,
                       same->file);
      break;
    }
    if (same) {
      *same = c;
      continue;
    }
    ps_clause_tpl *clauses =
        ps_grow(l->lib->clauses, &l->lib->cap, l->lib->nclauses, sizeof *clauses);
    if (!clauses) {
      rc = PS_ENOMEM;
      break;
    }
    l->lib->clauses = clauses;
    l->lib->clauses[l->lib->nclauses++] = c;
  }
  free_names(names, count);
  l->file = NULL; /* it pointed into this function's PATH */
  return rc;
}

/* The built-in templates, compiled in (builtin_templates.c, generated). */
extern const ps_file ps_builtin_templates[];
extern const size_t ps_builtin_templates_count;

/* Loads the list files and defaults.yaml, each from the topmost layer that
 * has it. */
static int load_list_files(loader *l, const ps_template_layer *layers, size_t nlayers) {
  static const struct {
    const char *name;
    int (*load)(loader *, const ps_template_layer *, const char *);
  } files[] = {
      {.name = "requirements.yaml", .load = load_requirements},
      {.name = "documents.yaml", .load = load_documents},
      {.name = "ledger.yaml", .load = load_ledger},
      {.name = "defaults.yaml", .load = load_defaults},
  };
  int rc = 0;
  for (size_t i = 0; i < sizeof files / sizeof files[0] && rc == 0; i++) {
    size_t top = 0;
    for (size_t k = nlayers; k-- > 1;)
      if (layer_has(&layers[k], files[i].name)) {
        top = k;
        break;
      }
    /* A template folder without defaults: every value comes from the profile. */
    if (top == 0 && strcmp(files[i].name, "defaults.yaml") == 0 &&
        !layer_has(&layers[0], files[i].name))
      continue;
    /* Templates keep the file name for their diagnostics. */
    if (!(l->file = layer_path(l->lib, &layers[top], files[i].name)))
      return PS_ENOMEM;
    rc = files[i].load(l, &layers[top], files[i].name);
  }
  return rc;
}

static int check_options(const ps_library_options *o, ps_diags *diags) {
  if (o->version != PS_LIBRARY_OPTIONS_VERSION)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                       "ps_library_options version %u is not supported (initialise it with "
                       "PS_LIBRARY_OPTIONS_INIT)",
                       o->version);
  for (size_t i = 0; i < o->nlayers; i++)
    if (!o->layers[i].dir && o->layers[i].nfiles && !o->layers[i].files)
      return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "template layer %zu has no files", i + 1);
  return 0;
}

/* A templates folder must be a folder: anything else is named for what it is. */
static int check_folder(const char *dir, ps_diags *diags) {
  struct stat st;
  if (stat(dir, &st) < 0)
    return ps_error_at(diags, PS_EIO, dir, 0, 0, "cannot open the template folder: %s",
                       strerror(errno));
  if (!S_ISDIR(st.st_mode))
    return ps_error_at(diags, PS_EIO, dir, 0, 0,
                       "this is %s, not a folder; give the folder of your templates",
                       ps_file_kind((unsigned)st.st_mode));
  return 0;
}

static int library_open_impl(ps_library **out, const ps_library_options *opts, ps_diags *diags) {
  *out = NULL;
  static const ps_library_options defaults = PS_LIBRARY_OPTIONS_INIT;
  const ps_library_options *o = opts ? opts : &defaults;
  int rc = check_options(o, diags);
  if (rc == 0 && o->base_dir)
    rc = check_folder(o->base_dir, diags);
  for (size_t i = 0; i < o->nlayers && rc == 0; i++)
    if (o->layers[i].dir)
      rc = check_folder(o->layers[i].dir, diags);
  if (rc < 0)
    return rc;
  /* Layer 0 is the base; the caller's layers follow. */
  ps_template_layer *layers = calloc(o->nlayers + 1, sizeof(*layers));
  ps_library *lib = calloc(1, sizeof(*lib));
  if (!layers || !lib) {
    free(layers);
    free(lib);
    return PS_ENOMEM;
  }
  if (o->base_dir) {
    layers[0].dir = o->base_dir;
  } else {
    layers[0].files = ps_builtin_templates;
    layers[0].nfiles = ps_builtin_templates_count;
    layers[0].name = "templates/ja";
  }
  for (size_t i = 0; i < o->nlayers; i++)
    layers[i + 1] = o->layers[i];
  ps_arena_init(&lib->arena);
  loader l = {lib, NULL, diags};
  rc = load_list_files(&l, layers, o->nlayers + 1);
  for (size_t i = 0; i <= o->nlayers && rc == 0; i++)
    rc = load_clauses(&l, &layers[i], (int)i);
  if (rc == 0)
    rc = check_refs(lib, diags);
  if (rc == 0)
    rc = check_xrefs(lib, diags);
  free(layers);
  if (rc < 0) {
    ps_library_free(lib);
    return rc;
  }
  *out = lib;
  return 0;
}

int ps_library_open(ps_library **out, const ps_library_options *opts, ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors, library_open_impl(out, opts, diags), "loading the templates");
}

int ps_library_load(ps_library **out, const char *base_dir, const char *user_dir, ps_diags *diags) {
  ps_template_layer user = {.dir = user_dir};
  ps_library_options o = PS_LIBRARY_OPTIONS_INIT;
  o.base_dir = base_dir;
  o.layers = &user;
  o.nlayers = user_dir ? 1 : 0;
  return ps_library_open(out, &o, diags);
}

void ps_library_free(ps_library *lib) {
  if (!lib)
    return;
  ps_ytree_free(lib->defaults_tree);
  ps_arena_free(&lib->arena);
  free(lib->clauses);
  free(lib);
}

const char *ps_default_template_dir(void) {
  const char *env = getenv("PROCSPEC_TEMPLATES");
  return env && *env ? env : NULL;
}

size_t ps_library_clause_count(const ps_library *lib) { return lib->nclauses; }

int ps_library_clause_at(const ps_library *lib, size_t i, ps_clause_info *out) {
  if (i >= lib->nclauses)
    return PS_EINPUT;
  const ps_clause_tpl *c = &lib->clauses[i];
  *out = (ps_clause_info){.id = c->id,
                          .title = c->title,
                          .file = c->file,
                          .refs = c->refs,
                          .nrefs = c->nrefs,
                          .docs = c->docs,
                          .ndocs = c->ndocs,
                          .chapter = c->chapter,
                          .order = c->order,
                          .when = c->when_src,
                          .overridden = c->overrides > 0};
  return 0;
}
