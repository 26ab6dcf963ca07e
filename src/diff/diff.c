/* procspec diff: two versions of a document, compared clause by clause.
 * A version is built from the document model (a profile's document,
 * ps_doc_version_from_document) or read from procspec's Markdown (a DOCX
 * or ODT is read as its Markdown by office_in.c); what an input file is,
 * and the loading of a profile, are src/inputs.c's. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmark-gfm-core-extensions.h>

#include "arena.h"
#include "buf.h"
#include "cmark_mem.h"
#include "diag.h"
#include "diff.h"
#include "document.h"
#include "format.h"
#include "mdcomment.h"
#include "myers.h"
#include "textdiff.h"
#include "writers.h"
#include "xmlw.h"

/* Clauses of one side of a comparison: the most a template library holds.
 * Matching clauses that changed their IDs compares every removed clause
 * with every added one, so time and memory grow with the square of this
 * (60,000 on each side took 23 GB before it was refused). */
#define MAX_DIFF_CLAUSES 2000

/* ---- reading procspec Markdown ---- */

static const char FWSP[] = "\xe3\x80\x80"; /* the full-width space after numbers */

/* The plain text of a Markdown fragment (cmark unescapes it). */
static char *plain_of(ps_arena *arena, cmark_node *root) {
  char *s = ps_cmark_render_plaintext(root);
  if (!s)
    return NULL;
  size_t n = strlen(s);
  while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
    n--;
  char *copy = ps_arena_strndup(arena, s, n);
  ps_cmark_free(s);
  return copy;
}

/* "第3条（秘密の保持）" -> 秘密の保持; "第1　総則" -> 総則; "2　目的" -> 目的. */
static const char *strip_number(const char *h, int *articles) {
  const char *p = h;
  int dai = strncmp(p, "第", 3) == 0;
  p += dai ? 3 : 0;
  size_t digits = strspn(p, "0123456789");
  if (!digits)
    return h;
  p += digits;
  if (dai && strncmp(p, "条（", 6) == 0 && strlen(p) >= 9 && strcmp(p + strlen(p) - 3, "）") == 0) {
    *articles = 1;
    return p + 6; /* the caller trims the closing bracket */
  }
  return strncmp(p, FWSP, 3) == 0 ? p + 3 : h;
}

static int add_item(ps_doc_version *v, ps_version_item it) {
  ps_version_item *items = ps_grow(v->items, &v->cap, v->count, sizeof *items);
  if (!items)
    return PS_ENOMEM;
  v->items = items;
  v->items[v->count++] = it;
  return 0;
}

/* A heading line's text as plain text, its number removed. */
static const char *heading_title(ps_doc_version *v, const char *line, size_t len, int *articles) {
  cmark_node *n = ps_markdown_parse(line, len);
  char *text = n ? plain_of(&v->arena, n) : NULL;
  if (n)
    cmark_node_free(n);
  if (!text)
    return NULL;
  int art = 0;
  const char *t = strip_number(text, &art);
  if (art) {
    *articles = 1;
    return ps_arena_strndup(&v->arena, t, strlen(t) - 3);
  }
  return t;
}

/* GFM cells of the table row at P..E (a row without its leading or
 * trailing pipe has the same cells; "\|" is a pipe inside a cell). */
static size_t row_cells(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t'))
    p++;
  while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
    e--;
  size_t pipes = 0;
  int trailing = 0;
  for (const char *q = p; q < e; q++) {
    if (*q == '\\' && q + 1 < e) {
      q++;
      continue;
    }
    if (*q == '|') {
      pipes++;
      trailing = q + 1 == e;
    }
  }
  int leading = p < e && *p == '|';
  return pipes + 1 - (size_t)leading - (size_t)(trailing && e - p > 1);
}

/* Every row of a table of the body S..S+N (its first line FIRST in the
 * file) has as many cells as the table has columns: cmark drops a cell
 * typed into a row and fills a missing one, which the comparison would
 * then not see. */
static int check_rows(const ps_doc_version *v, cmark_node *root, const char *s, size_t n,
                      unsigned first, ps_diags *diags) {
  cmark_iter *it = ps_cmark_iter_new(root);
  if (!it)
    return PS_ENOMEM;
  const char *line = s;
  int at = 1, rc = 0;
  cmark_event_type ev;
  while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *row = cmark_iter_get_node(it);
    cmark_node *table = cmark_node_parent(row);
    if (ev != CMARK_EVENT_ENTER || strcmp(cmark_node_get_type_string(row), "table_row") != 0 ||
        !table ||
        cmark_node_parent(table) != root) /* a table inside a list or quote is not checked */
      continue;
    int want = cmark_node_get_start_line(row);
    for (; at < want && line < s + n; at++) {
      const char *nl = memchr(line, '\n', (size_t)(s + n - line));
      line = nl ? nl + 1 : s + n;
    }
    const char *end = memchr(line, '\n', (size_t)(s + n - line));
    size_t cells = row_cells(line, end ? end : s + n);
    int columns = cmark_gfm_extensions_get_table_columns(table);
    if (cells != (size_t)columns)
      rc = ps_error_at(
          diags, PS_EINPUT, v->file, first + (unsigned)want - 1, 1,
          "this table row has %zu cells but the table has %d columns, so a cell would be "
          "dropped or left empty without notice; give every row %d cells (write a | "
          "inside a cell as \\|)",
          cells, columns, columns);
  }
  cmark_iter_free(it);
  return rc;
}

/* The clauses of V, its chapter headings not counted. */
static size_t clause_count(const ps_doc_version *v) {
  size_t n = 0;
  for (size_t i = 0; i < v->count; i++)
    n += !v->items[i].chapter;
  return n;
}

/* Finishes the clause whose body is BODY (its first line FIRST in the
 * file): drops the trailing 【refs】 line. */
static int finish_clause(ps_doc_version *v, ps_version_item *it, ps_buf *body, unsigned first,
                         ps_diags *diags) {
  if (clause_count(v) >= MAX_DIFF_CLAUSES) /* refused before it takes the time to read them all */
    return ps_error_at(diags, PS_ELIMIT, v->file, it->line, 1,
                       "this document has more than %d clauses; procspec compares documents of "
                       "at most %d clauses (the most a template library holds)",
                       MAX_DIFF_CLAUSES, MAX_DIFF_CLAUSES);
  if (!it->title)
    return ps_error_at(diags, PS_EINPUT, v->file, it->line, 1,
                       "clause '%s' has no heading after its procspec:clause comment; "
                       "was the Markdown edited by hand?",
                       it->id);
  for (size_t i = 0; i < v->count; i++) /* at most MAX_DIFF_CLAUSES */
    if (!v->items[i].chapter && strcmp(v->items[i].id, it->id) == 0)
      return ps_error_at(
          diags, PS_EINPUT, v->file, it->line, 1,
          "clause ID '%s' appears twice (first at line %u), so one of the two clauses "
          "would not be compared; each clause has its own ID: remove the copy, or give "
          "it back the ID procspec wrote",
          it->id, v->items[i].line);
  char *s = body->ptr ? body->ptr : "";
  size_t n = body->len;
  while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
    n--;
  size_t line = n;
  while (line && s[line - 1] != '\n')
    line--;
  if (n - line >= 6 && strncmp(s + line, "【", 3) == 0 && strncmp(s + n - 3, "】", 3) == 0) {
    n = line;
    v->has_refs = 1;
  }
  it->body = ps_markdown_parse(s, n);
  int rc = it->body && (it->text = plain_of(&v->arena, it->body)) ? 0 : PS_ENOMEM;
  if (rc == 0)
    rc = ps_markdown_check(it->body, v->file, first, diags);
  if (rc == 0)
    rc = check_rows(v, it->body, s, n, first, diags);
  if (rc < 0) { /* the clause is not kept, nor its body */
    if (it->body)
      cmark_node_free(it->body);
    it->body = NULL;
    return rc;
  }
  body->len = 0;
  rc = add_item(v, *it);
  if (rc < 0) { /* not kept: its body is freed here (it leaked when the list could not grow) */
    cmark_node_free(it->body);
    it->body = NULL;
  }
  return rc;
}

typedef struct {
  ps_doc_version *v;
  ps_buf body;
  ps_version_item current;
  int in_clause, want_heading, articles, infos;
  int ended;          /* past the procspec:end comment */
  unsigned line;      /* of the line being read */
  unsigned body_line; /* of the current clause's first body line; 0 before it */
} md_reader;

static int finish(md_reader *r, ps_diags *diags) {
  int rc = finish_clause(r->v, &r->current, &r->body, r->body_line ? r->body_line : r->line, diags);
  r->body_line = 0;
  return rc;
}

static int read_line(md_reader *r, const char *line, size_t len, ps_diags *diags) {
  ps_doc_version *v = r->v;
  char value[512];
  int rc = 0;
  r->line++;
  if (r->ended) /* past the appendix or 以上: nothing more is compared */
    return 0;
  ps_mdc_kind comment = ps_mdc_line(line, len);
  if (comment == PS_MDC_CLAUSE) {
    if (r->in_clause && (rc = finish(r, diags)) < 0)
      return rc;
    char *copy = ps_arena_strndup(&v->arena, line, len);
    memset(&r->current, 0, sizeof(r->current));
    r->current.line = r->line;
    if (!copy)
      return PS_ENOMEM;
    if ((rc = ps_mdc_read_clause(&r->current.id, &r->current.refs, copy, len, v->file, r->line,
                                 diags)) < 0)
      return rc;
    r->in_clause = 1;
    r->want_heading = 1;
    return r->current.id && r->current.refs ? 0 : PS_ENOMEM;
  }
  /* The appendix (derived from the clauses) and 以上 are not compared. */
  if (comment == PS_MDC_END || comment == PS_MDC_APPENDIX) {
    if (r->in_clause && (rc = finish(r, diags)) < 0)
      return rc;
    r->in_clause = 0;
    r->ended = 1;
    return 0;
  }
  if (comment == PS_MDC_DOCUMENT) {
    char *copy = ps_arena_strndup(&v->arena, line, len);
    if (!copy)
      return PS_ENOMEM;
    if (ps_mdc_document_attr(copy, "kind", value, sizeof value) == 0 &&
        !(v->kind = ps_arena_strdup(&v->arena, value)))
      return PS_ENOMEM;
    if (ps_mdc_document_attr(copy, "date", value, sizeof value) == 0 && strlen(value) == 10 &&
        (!(v->iso_date = ps_arena_printf(&v->arena, "%sT00:00:00Z", value)) ||
         !(v->iso_date_only = ps_arena_strdup(&v->arena, value))))
      return PS_ENOMEM;
    return 0;
  }
  if (len > 0 && line[0] == '#' && r->want_heading) {
    r->current.title = heading_title(v, line, len, &r->articles);
    r->want_heading = 0;
    if (!r->body_line) /* the body keeps the file's line numbers */
      r->body_line = r->line;
    return r->current.title && ps_buf_putc(&r->body, '\n') == 0 ? 0 : PS_ENOMEM;
  }
  if (len > 3 && strncmp(line, "## ", 3) == 0) { /* a chapter heading */
    if (r->in_clause && (rc = finish(r, diags)) < 0)
      return rc;
    r->in_clause = 0;
    ps_version_item ch = {1, NULL, heading_title(v, line, len, &r->articles), "", "", NULL, 0};
    ch.id = ch.title ? ps_arena_printf(&v->arena, "chapter:%s", ch.title) : NULL;
    return ch.id ? add_item(v, ch) : PS_ENOMEM;
  }
  if (len > 2 && strncmp(line, "# ", 2) == 0 && !v->title && !r->in_clause) {
    v->title = heading_title(v, line, len, &r->articles);
    return v->title ? 0 : PS_ENOMEM;
  }
  if (r->in_clause) {
    if (!r->body_line)
      r->body_line = r->line;
    ps_buf_append(&r->body, line, len);
    return ps_buf_putc(&r->body, '\n');
  }
  if (len && v->title && r->infos < 3 && v->count == 0) /* the title block */
    if (!(v->info[r->infos++] = ps_arena_strndup(&v->arena, line, len)))
      return PS_ENOMEM;
  return 0;
}

static int parse_markdown(ps_doc_version *v, const char *text, ps_diags *diags) {
  md_reader r;
  memset(&r, 0, sizeof(r));
  r.v = v;
  int rc = 0;
  for (const char *p = text; *p && rc == 0;) {
    size_t len = strcspn(p, "\n");
    rc = read_line(&r, p, len, diags);
    p += len + (p[len] == '\n');
  }
  if (rc == 0 && r.in_clause)
    rc = finish(&r, diags);
  ps_buf_free(&r.body);
  if (rc == 0 && !v->kind)
    rc = ps_error_at(diags, PS_EINPUT, v->file, 1, 1,
                     "this Markdown was not written by procspec (it does not start with "
                     "<!-- procspec:document ... -->); compare the .md file that procspec generate "
                     "wrote, or the profile it came from");
  int chapters = 0;
  for (size_t i = 0; i < v->count; i++)
    chapters |= v->items[i].chapter;
  v->numbering = r.articles ? PS_NUM_ARTICLES : chapters ? PS_NUM_CHAPTERS : PS_NUM_NONE;
  const char *info[3];
  ps_version_info(v, info);
  if (rc == 0 && info[2] && /* "第1.0版" -> "1.0" */
      !(v->version = ps_arena_strndup(&v->arena, info[2] + 3, strlen(info[2]) - 6)))
    rc = PS_ENOMEM;
  return rc;
}

/* ---- building a version ---- */

/* An empty version named NAME; NULL when out of memory. */
static ps_doc_version *version_new(const char *name) {
  ps_doc_version *v = calloc(1, sizeof(*v));
  if (!v)
    return NULL;
  ps_arena_init(&v->arena);
  if (!(v->file = ps_arena_strdup(&v->arena, name))) {
    ps_doc_version_free(v);
    return NULL;
  }
  return v;
}

int ps_doc_version_from_markdown(ps_doc_version **out, const char *name, const char *text,
                                 ps_diags *diags) {
  *out = NULL;
  ps_doc_version *v = version_new(name);
  int rc = v ? parse_markdown(v, text, diags) : PS_ENOMEM;
  if (rc < 0) {
    ps_doc_version_free(v);
    return rc;
  }
  *out = v;
  return 0;
}

int ps_doc_version_new_absent(ps_doc_version **out, const char *name, const char *kind) {
  *out = NULL;
  ps_doc_version *v = version_new(name);
  if (!v || !(v->kind = ps_arena_strdup(&v->arena, kind))) {
    ps_doc_version_free(v);
    return PS_ENOMEM;
  }
  v->absent = 1;
  v->numbering = PS_NUM_NONE;
  *out = v;
  return 0;
}

/* Adds TEXT to V's title block as the Markdown reader reads the line
 * ps_write_md writes for it (escaped; none for an empty one), so that a
 * profile and its own Markdown have the same title block. */
static int add_info(ps_doc_version *v, size_t *n, const char *text) {
  if (!text)
    return 0;
  ps_buf b = PS_BUF_INIT;
  int rc = ps_md_title_line(&b, text);
  for (const char *p = b.ptr; rc == 0 && p && *p && *n < 3;) {
    size_t len = strcspn(p, "\n");
    if (len && !(v->info[(*n)++] = ps_arena_strndup(&v->arena, p, len)))
      rc = PS_ENOMEM;
    p += len + (p[len] == '\n');
  }
  ps_buf_free(&b);
  return rc;
}

/* V's kind, title block and numbering from DOC's. */
static int header_from_document(ps_doc_version *v, const ps_document *doc) {
  ps_arena *a = &v->arena;
  v->kind = ps_arena_strdup(a, doc->kind);
  v->numbering = doc->numbering;
  /* A document without a title has no title block either. */
  int titled = doc->title && *doc->title;
  if (!v->kind || (titled && !(v->title = ps_arena_strdup(a, doc->title))))
    return PS_ENOMEM;
  if (doc->iso_date && strlen(doc->iso_date) >= 10) { /* only the date part is compared */
    v->iso_date_only = ps_arena_strndup(a, doc->iso_date, 10);
    v->iso_date = v->iso_date_only ? ps_arena_printf(a, "%sT00:00:00Z", v->iso_date_only) : NULL;
    if (!v->iso_date)
      return PS_ENOMEM;
  }
  if (!v->title)
    return 0;
  size_t n = 0;
  const char *label =
      doc->version && *doc->version ? ps_arena_printf(a, "第%s版", doc->version) : NULL;
  if (doc->version && *doc->version && (!label || !(v->version = ps_arena_strdup(a, doc->version))))
    return PS_ENOMEM;
  int rc = add_info(v, &n, doc->date);
  if (rc == 0)
    rc = add_info(v, &n, doc->organization);
  return rc == 0 ? add_info(v, &n, label) : rc;
}

/* The item of clause C of DOC, its body moved out of DOC. */
static int clause_from_document(ps_doc_version *v, ps_document *doc, ps_clause *c) {
  assert(!c->borrowed); /* only a document that owns its bodies can give them away */
  ps_buf refs = PS_BUF_INIT;
  ps_mdc_put_refs(&refs, c->refs, c->nrefs); /* as the Markdown's clause comment carries them */
  ps_version_item it = {0,
                        ps_arena_strdup(&v->arena, c->id),
                        ps_arena_strdup(&v->arena, c->title),
                        refs.ptr ? ps_arena_strdup(&v->arena, refs.ptr) : "",
                        NULL,
                        c->body,
                        0};
  int rc =
      refs.failed || !it.id || !it.title || !it.refs || !(it.text = plain_of(&v->arena, c->body))
          ? PS_ENOMEM
          : add_item(v, it);
  ps_buf_free(&refs);
  if (rc == 0)
    c->body = NULL; /* the version's now */
  v->has_refs |= doc->show_refs && c->nrefs;
  return rc;
}

static int items_from_document(ps_doc_version *v, ps_document *doc) {
  size_t section = (size_t)-1;
  int rc = 0;
  for (size_t i = 0; i < doc->nclauses && rc == 0; i++) {
    ps_clause *c = &doc->clauses[i];
    if (strcmp(c->id, PS_APPENDIX_ID) == 0) /* derived from the clauses: never compared */
      break;
    const ps_section *s = &doc->sections[c->section];
    if (c->section != section && s->heading[0]) {
      ps_version_item ch = {1,
                            ps_arena_printf(&v->arena, "chapter:%s", s->title),
                            ps_arena_strdup(&v->arena, s->title),
                            "",
                            "",
                            NULL,
                            0};
      rc = ch.id && ch.title ? add_item(v, ch) : PS_ENOMEM;
    }
    section = c->section;
    if (rc == 0)
      rc = clause_from_document(v, doc, c);
  }
  return rc;
}

void ps_doc_version_title_props(ps_doc_version *v, const char *name) {
  const char *info[3];
  ps_version_info(v, info);
  memset(v->props, 0, sizeof v->props);
  v->props[PS_PROP_TITLE] = v->title;
  v->props[PS_PROP_SUBJECT] = name;
  v->props[PS_PROP_CREATOR] = info[1];
  v->props[PS_PROP_VERSION] = v->version;
  v->props[PS_PROP_CREATED] = v->iso_date_only;
  v->props_known = ((1u << PS_NPROPS) - 1) & ~(name ? 0u : 1u << PS_PROP_SUBJECT);
}

int ps_doc_version_from_document(ps_doc_version **out, const char *name, ps_document *doc) {
  *out = NULL;
  ps_doc_version *v = version_new(name);
  int rc = v ? header_from_document(v, doc) : PS_ENOMEM;
  if (rc == 0)
    rc = items_from_document(v, doc);
  const char *subject = rc == 0 && doc->name ? ps_arena_strdup(&v->arena, doc->name) : NULL;
  if (rc == 0 && doc->name && !subject)
    rc = PS_ENOMEM;
  if (rc == 0) /* the properties generate writes, the name as the subject */
    ps_doc_version_title_props(v, subject);
  if (rc < 0) {
    ps_doc_version_free(v);
    return rc;
  }
  *out = v;
  return 0;
}

int ps_doc_version_absent(const ps_doc_version *v) { return v->absent; }

void ps_doc_version_describe(const ps_doc_version *v, ps_doc_info *out) {
  const char *info[3];
  ps_version_info(v, info);
  memset(out, 0, sizeof(*out));
  out->source = v->file;
  out->from_profile = v->from_profile;
  out->source_type = v->source_type ? v->source_type : v->from_profile ? "profile" : "markdown";
  out->kind = v->kind;
  out->title = v->title;
  out->date = info[0];
  out->organization = info[1];
  out->version = v->version;
  out->iso_date = v->iso_date_only;
}

void ps_version_position(const ps_doc_version *v, const ps_version_item *it, size_t *chapter,
                         size_t *clause) {
  *chapter = *clause = 0;
  for (size_t i = 0; i < v->count; i++) {
    if (v->items[i].chapter) {
      (*chapter)++;
      *clause = v->numbering == PS_NUM_CHAPTERS ? 0 : *clause;
    } else {
      (*clause)++;
    }
    if (&v->items[i] == it)
      break;
  }
}

int ps_version_number(const char **out, ps_arena *arena, const ps_doc_version *v,
                      const ps_version_item *it) {
  *out = NULL;
  size_t chapter, clause;
  ps_version_position(v, it, &chapter, &clause);
  if (v->numbering == PS_NUM_ARTICLES)
    *out = ps_arena_printf(arena, "第%zu条", clause);
  else if (v->numbering == PS_NUM_CHAPTERS && chapter)
    *out = ps_arena_printf(arena, "第%zuの%zu", chapter, clause);
  else
    return 0;
  return *out ? 0 : PS_ENOMEM;
}

void ps_doc_version_free(ps_doc_version *v) {
  if (!v)
    return;
  for (size_t i = 0; i < v->count; i++)
    if (v->items[i].body)
      cmark_node_free(v->items[i].body);
  free(v->items);
  ps_arena_free(&v->arena);
  free(v);
}

/* ---- comparing ---- */

static int id_eq(const void *ctx, size_t i, size_t j) {
  const ps_doc_version *const *v = ctx;
  return strcmp(v[0]->items[i].id, v[1]->items[j].id) == 0;
}

static const ps_version_item *find(const ps_doc_version *v, const char *id, size_t *pos) {
  size_t clause = 0;
  for (size_t i = 0; i < v->count; i++) {
    clause += !v->items[i].chapter;
    if (strcmp(v->items[i].id, id) == 0) {
      *pos = clause;
      return &v->items[i];
    }
  }
  return NULL;
}

/* Whether the references of clauses are compared: a DOCX or ODT that does
 * not show them does not say what they were; with no_refs they are no part
 * of the comparison at all (as generate --no-refs leaves them out). */
static int refs_compared(const ps_diff *d) {
  return !d->options.no_refs && !d->old_v->refs_unknown && !d->new_v->refs_unknown;
}

static int same_clause(const ps_diff *d, const ps_version_item *a, const ps_version_item *b) {
  return strcmp(a->title, b->title) == 0 && strcmp(a->text, b->text) == 0 &&
         (!refs_compared(d) || strcmp(a->refs, b->refs) == 0);
}

/* The stretches of a changed clause, gathered before they go to the arena. */
typedef struct {
  ps_diff *d;
  ps_text_change *items;
  size_t count, cap;
} change_list;

static int collect_run(void *ctx, ps_op_kind kind, const char *s, size_t len) {
  change_list *l = ctx;
  ps_text_change *items = ps_grow(l->items, &l->cap, l->count, sizeof *items);
  if (!items)
    return PS_ENOMEM;
  l->items = items;
  const char *text = ps_arena_strndup(&l->d->arena, s, len);
  if (!text)
    return PS_ENOMEM;
  l->items[l->count++] = (ps_text_change){kind == PS_OP_EQUAL    ? PS_TEXT_EQUAL
                                          : kind == PS_OP_DELETE ? PS_TEXT_DELETED
                                                                 : PS_TEXT_INSERTED,
                                          text};
  return 0;
}

/* The changes of a clause's text, token by token (textdiff.h). */
static int text_changes(ps_diff *d, ps_clause_change *c, const char *a, const char *b) {
  change_list l = {d, NULL, 0, 0};
  int rc = ps_diff_text(a, b, d->options.granularity, collect_run, &l);
  ps_text_change *out = rc == 0 ? ps_arena_alloc(&d->arena, (l.count + 1) * sizeof(*out)) : NULL;
  if (rc == 0 && !out)
    rc = PS_ENOMEM;
  if (rc == 0) {
    memcpy(out, l.items, l.count * sizeof(*out));
    c->changes = out;
    c->nchanges = l.count;
  }
  free(l.items);
  return rc;
}

static int add_change(ps_diff *d, const ps_version_item *o, const ps_version_item *n, size_t opos,
                      size_t npos, ps_change_kind kind) {
  assert(o || n); /* a change has an old side, a new side or both */
  ps_clause_change *c = &d->changes[d->count++];
  memset(c, 0, sizeof(*c));
  c->id = (n ? n : o)->id;
  c->title = (n ? n : o)->title;
  c->refs = d->options.no_refs ? "" : (n ? n : o)->refs;
  c->old_position = opos;
  c->new_position = npos;
  c->kind = kind;
  d->totals[kind]++;
  if (o) {
    if (ps_version_number(&c->old_number, &d->arena, d->old_v, o) < 0)
      return PS_ENOMEM;
    c->old_text = o->text;
    c->old_refs = d->options.no_refs ? NULL : o->refs;
  }
  if (n) {
    if (ps_version_number(&c->new_number, &d->arena, d->new_v, n) < 0)
      return PS_ENOMEM;
    c->new_text = n->text;
  }
  if (o && n && strcmp(o->title, n->title) != 0)
    c->old_title = o->title;
  if (kind == PS_CHANGE_CHANGED || kind == PS_CHANGE_MOVED_CHANGED) {
    /* The references line belongs to the clause's text. */
    int refs = refs_compared(d);
    char *a = refs ? ps_arena_printf(&d->arena, "%s\n【%s】", o->text, o->refs)
                   : ps_arena_strdup(&d->arena, o->text);
    char *b = refs ? ps_arena_printf(&d->arena, "%s\n【%s】", n->text, n->refs)
                   : ps_arena_strdup(&d->arena, n->text);
    return a && b ? text_changes(d, c, a, b) : PS_ENOMEM;
  }
  return 0;
}

/* The merged sequence from the difference of the two ID sequences. */
static int merge(ps_diff *d) {
  const ps_doc_version *sides[2] = {d->old_v, d->new_v};
  ps_op *ops = NULL;
  long nops = ps_myers(&ops, d->old_v->count, d->new_v->count, id_eq, sides, (size_t)-1);
  if (nops < 0) /* no limit on the edits: only memory can fail */
    return PS_ENOMEM;
  d->seq = ps_arena_alloc(&d->arena, (d->old_v->count + d->new_v->count + 1) * sizeof(ps_merged));
  if (!d->seq) {
    free(ops);
    return PS_ENOMEM;
  }
  for (long i = 0; i < nops; i++)
    for (size_t k = 0; k < ops[i].len; k++) {
      const ps_version_item *o =
          ops[i].kind != PS_OP_INSERT ? &d->old_v->items[ops[i].a + k] : NULL;
      const ps_version_item *n =
          ops[i].kind != PS_OP_DELETE ? &d->new_v->items[ops[i].b + k] : NULL;
      ps_rev rev = !o                                     ? PS_REV_INS
                   : !n                                   ? PS_REV_DEL
                   : (o->chapter || same_clause(d, o, n)) ? PS_REV_NONE
                                                          : PS_REV_CHANGED;
      d->seq[d->nseq++] = (ps_merged){o, n, rev};
    }
  free(ops);
  return 0;
}

/* Clause changes by ID: in NEW's order, then the removed ones. */
static int classify(ps_diff *d) {
  d->changes =
      ps_arena_alloc(&d->arena, (d->old_v->count + d->new_v->count + 1) * sizeof(ps_clause_change));
  if (!d->changes)
    return PS_ENOMEM;
  int rc = 0;
  size_t npos = 0;
  for (size_t i = 0; i < d->new_v->count && rc == 0; i++) {
    const ps_version_item *n = &d->new_v->items[i];
    if (n->chapter)
      continue;
    npos++;
    size_t opos = 0;
    const ps_version_item *o = find(d->old_v, n->id, &opos);
    int moved = 0;
    for (size_t s = 0; o && s < d->nseq; s++) /* moved: not aligned by the merge */
      moved |= d->seq[s].new_item == n && !d->seq[s].old_item;
    ps_change_kind kind = !o                     ? PS_CHANGE_ADDED
                          : same_clause(d, o, n) ? (moved ? PS_CHANGE_MOVED : PS_CHANGE_UNCHANGED)
                          : moved                ? PS_CHANGE_MOVED_CHANGED
                                                 : PS_CHANGE_CHANGED;
    rc = add_change(d, o, n, o ? opos : 0, npos, kind);
  }
  size_t opos = 0;
  for (size_t i = 0; i < d->old_v->count && rc == 0; i++) {
    const ps_version_item *o = &d->old_v->items[i];
    if (o->chapter)
      continue;
    opos++;
    size_t np;
    if (!find(d->new_v, o->id, &np))
      rc = add_change(d, o, NULL, opos, 0, PS_CHANGE_REMOVED);
  }
  return rc;
}

/* The title block, line by line, the title first (issue 14, defect 4). */
static void compare_title(ps_diff *d) {
  if (d->options.ignore_title || d->old_v->absent || d->new_v->absent)
    return;
  const char *o[4], *n[4];
  ps_version_info(d->old_v, o);
  ps_version_info(d->new_v, n);
  o[3] = d->old_v->title;
  n[3] = d->new_v->title;
  static const char *const fields[] = {"date", "organization", "version", "title"};
  static const int order[] = {3, 0, 1, 2};
  for (size_t i = 0; i < 4; i++) {
    int k = order[i];
    if ((o[k] || n[k]) && (!o[k] || !n[k] || strcmp(o[k], n[k]) != 0))
      d->titles[d->ntitles++] = (ps_title_change){fields[k], o[k], n[k]};
  }
}

/* The value of property K that V's title block gives (NULL for the
 * subject, keywords and description, which it does not show). */
static const char *shown_in_title_block(const ps_doc_version *v, size_t k) {
  const char *info[3];
  ps_version_info(v, info);
  return k == PS_PROP_TITLE     ? v->title
         : k == PS_PROP_CREATOR ? info[1]
         : k == PS_PROP_VERSION ? v->version
         : k == PS_PROP_CREATED ? v->iso_date_only
                                : NULL;
}

static int same_text(const char *a, const char *b) {
  return (!a || !*a) ? (!b || !*b) : b && strcmp(a, b) == 0;
}

/* The document properties both sides say, each that differs; not one
 * that only follows its side's title block on both sides (its change is
 * reported there, or left out with ignore_title). */
static void compare_props(ps_diff *d) {
  const ps_doc_version *o = d->old_v, *n = d->new_v;
  if (o->absent || n->absent)
    return;
  static const char *const fields[PS_NPROPS] = {"title",       "subject", "creator", "keywords",
                                                "description", "version", "created"};
  for (size_t k = 0; k < PS_NPROPS; k++) {
    if (!(o->props_known & n->props_known & (1u << k)) || same_text(o->props[k], n->props[k]))
      continue;
    const char *ot = shown_in_title_block(o, k), *nt = shown_in_title_block(n, k);
    if (ot && nt && same_text(o->props[k], ot) && same_text(n->props[k], nt))
      continue;
    d->props[d->nprops++] = (ps_title_change){fields[k], o->props[k], n->props[k]};
  }
}

static int diff_build_impl(ps_diff **out, const ps_doc_version *old_v, const ps_doc_version *new_v,
                           const ps_diff_options *options, ps_diags *diags) {
  *out = NULL;
  if (options && options->version != PS_DIFF_OPTIONS_VERSION)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                       "ps_diff_options version %u is not supported (initialise it with "
                       "PS_DIFF_OPTIONS_INIT)",
                       options->version);
  if (strcmp(old_v->kind, new_v->kind) != 0)
    return ps_error_at(diags, PS_EINPUT, new_v->file, 0, 0,
                       "OLD is of kind '%s' and NEW of kind '%s'; compare the same kind "
                       "(use --doc)",
                       old_v->kind, new_v->kind);
  for (int side = 0; side < 2; side++) {
    const ps_doc_version *v = side ? new_v : old_v;
    if (clause_count(v) > MAX_DIFF_CLAUSES)
      return ps_error_at(diags, PS_ELIMIT, v->file, 0, 0,
                         "this document has %zu clauses; procspec compares documents of at most "
                         "%d clauses (the most a template library holds)",
                         clause_count(v), MAX_DIFF_CLAUSES);
  }
  if (old_v->absent && new_v->absent)
    return ps_error_at(diags, PS_EINPUT, new_v->file, 0, 0,
                       "the %s applies to neither profile (its condition is false for both); "
                       "choose another document with --doc",
                       new_v->kind);
  ps_diff *d = calloc(1, sizeof(*d));
  if (!d)
    return PS_ENOMEM;
  ps_arena_init(&d->arena);
  d->old_v = old_v;
  d->new_v = new_v;
  if (options)
    d->options = *options;
  int rc = merge(d);
  if (rc == 0)
    rc = classify(d);
  compare_title(d);
  compare_props(d);
  if (rc < 0) {
    ps_diff_free(d);
    return rc;
  }
  *out = d;
  return 0;
}

int ps_diff_build(ps_diff **out, const ps_doc_version *old_v, const ps_doc_version *new_v,
                  const ps_diff_options *options, ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors, diff_build_impl(out, old_v, new_v, options, diags),
                      "comparing the documents");
}

size_t ps_diff_count(const ps_diff *d) { return d->count; }
const ps_clause_change *ps_diff_at(const ps_diff *d, size_t i) {
  return i < d->count ? &d->changes[i] : NULL;
}
size_t ps_diff_total(const ps_diff *d, ps_change_kind k) {
  return (size_t)k < 6 ? d->totals[k] : 0;
}
size_t ps_diff_title_count(const ps_diff *d) { return d->ntitles; }
const ps_title_change *ps_diff_title_at(const ps_diff *d, size_t i) {
  return i < d->ntitles ? &d->titles[i] : NULL;
}

size_t ps_diff_property_count(const ps_diff *d) { return d->nprops; }
const ps_title_change *ps_diff_property_at(const ps_diff *d, size_t i) {
  return i < d->nprops ? &d->props[i] : NULL;
}

int ps_diff_differs(const ps_diff *d) {
  if (d->ntitles || d->nprops)
    return 1;
  for (size_t i = 0; i < d->nseq; i++)
    if (d->seq[i].rev != PS_REV_NONE)
      return 1;
  return 0;
}

void ps_diff_free(ps_diff *d) {
  if (!d)
    return;
  ps_arena_free(&d->arena);
  free(d);
}

/* ---- the redline ---- */

/* "3.1(1) 3.2①" into an array in ARENA. */
static const char **split_refs(ps_arena *arena, const char *refs, size_t *n) {
  *n = 0;
  size_t cap = 1;
  for (const char *p = refs; *p; p++)
    cap += *p == ' ';
  const char **out = ps_arena_alloc(arena, cap * sizeof(char *));
  for (const char *p = refs; out && *p;) {
    size_t k = strcspn(p, " ");
    if (k)
      out[(*n)++] = ps_arena_strndup(arena, p, k);
    p += k + (p[k] == ' ');
  }
  return out;
}

/* The info lines of a title block: which is the date, the organization
 * and the version ("第1.0版"). */
void ps_version_info(const ps_doc_version *v, const char *out[3]) {
  out[0] = out[1] = out[2] = NULL;
  for (size_t i = 0; i < 3 && v->info[i]; i++) {
    const char *l = v->info[i];
    size_t n = strlen(l);
    if (strncmp(l, "第", 3) == 0 && n > 6 && strcmp(l + n - 3, "版") == 0)
      out[2] = l;
    else if (strstr(l, "年") && strstr(l, "月") && strstr(l, "日") && !out[0])
      out[0] = l;
    else
      out[1] = l;
  }
}

typedef struct {
  ps_document *doc;
  const ps_doc_version *old_v, *new_v;
  size_t new_sections, new_clauses; /* numbers as NEW shows them */
} redline_builder;

/* The number OLD gave the clause IT (within its chapter, or overall). */
static size_t old_number(const ps_doc_version *v, const ps_version_item *it) {
  size_t n = 0;
  for (size_t i = 0; i < v->count && &v->items[i] != it; i++) {
    if (v->items[i].chapter && v->numbering == PS_NUM_CHAPTERS)
      n = 0;
    else if (!v->items[i].chapter)
      n++;
  }
  return n + 1;
}

/* The number OLD gave chapter IT. */
static size_t old_chapter_number(const ps_doc_version *v, const ps_version_item *it) {
  size_t number = 1;
  for (size_t i = 0; i < v->count && &v->items[i] != it; i++)
    number += v->items[i].chapter;
  return number;
}

static int add_section_item(redline_builder *b, const ps_diff *d, const ps_merged *m) {
  ps_document *doc = b->doc;
  ps_section *s = &doc->sections[doc->nsections++];
  const ps_version_item *it = m->new_item ? m->new_item : m->old_item;
  size_t number = 0;
  if (m->rev == PS_REV_DEL) {
    number = old_chapter_number(d->old_v, m->old_item);
  } else {
    number = ++b->new_sections;
    b->new_clauses = 0;
  }
  *s = (ps_section){
      it->id,         it->title, ps_arena_printf(&doc->arena, "第%zu　%s", number, it->title),
      doc->nsections, m->rev,    NULL};
  if (s->heading && m->rev == PS_REV_NONE && m->old_item) /* a table-of-contents line may change */
    s->old_heading = ps_arena_printf(&doc->arena, "第%zu　%s",
                                     old_chapter_number(d->old_v, m->old_item), m->old_item->title);
  return s->heading && (s->rev != PS_REV_NONE || !m->old_item || s->old_heading) ? 0 : PS_ENOMEM;
}

static const char *label_of(ps_document *doc, const char *title) {
  return doc->numbering == PS_NUM_ARTICLES ? ps_arena_printf(&doc->arena, "（%s）", title) : title;
}

static const char *heading_of(ps_document *doc, size_t number, const char *title) {
  if (doc->numbering == PS_NUM_ARTICLES)
    return ps_arena_printf(&doc->arena, "第%zu条（%s）", number, title);
  if (doc->numbering == PS_NUM_CHAPTERS)
    return ps_arena_printf(&doc->arena, "%zu　%s", number, title);
  return title;
}

/* Where clause IT stood in V, for the end of a move that has it now:
 * 「第3条から移動」, 「第2の5から移動」, or in a document without numbers
 * after which clause. NULL when out of memory. */
static const char *move_note(ps_arena *arena, const ps_doc_version *v, const ps_version_item *it) {
  const char *where = NULL;
  if (ps_version_number(&where, arena, v, it) < 0)
    return NULL;
  if (where)
    return ps_arena_printf(arena, "%sから移動", where);
  const ps_version_item *prev = NULL;
  for (size_t i = 0; i < v->count && &v->items[i] != it; i++)
    if (!v->items[i].chapter)
      prev = &v->items[i];
  return prev ? ps_arena_printf(arena, "「%s」の次から移動", prev->title)
              : ps_arena_strdup(arena, "冒頭から移動");
}

#define MOVE_UNPAIRED ((size_t)-1)

static int add_clause_item(redline_builder *b, const ps_merged *m) {
  ps_document *doc = b->doc;
  if (doc->nsections == 0) /* a document without chapters */
    doc->sections[doc->nsections++] = (ps_section){"", "", "", 1, PS_REV_NONE, NULL};
  ps_clause *c = &doc->clauses[doc->nclauses++];
  memset(c, 0, sizeof(*c));
  const ps_version_item *it = m->new_item ? m->new_item : m->old_item;
  size_t number = m->rev == PS_REV_DEL ? 0 : ++b->new_clauses;
  c->id = it->id;
  c->title = it->title;
  c->label = label_of(doc, it->title);
  c->heading = heading_of(doc, number ? number : b->new_clauses + 1, it->title);
  c->number = "";
  c->refs = split_refs(&doc->arena, it->refs, &c->nrefs);
  c->section = doc->nsections - 1;
  c->body = it->body;
  c->borrowed = 1;
  c->rev = m->rev;
  if (m->old_item) /* the table of contents shows OLD's number on reject */
    c->old_heading = heading_of(doc, old_number(b->old_v, m->old_item), m->old_item->title);
  if (m->rev == PS_REV_DEL)
    c->heading = c->old_heading;
  if (m->rev == PS_REV_CHANGED) {
    assert(m->old_item); /* a CHANGED or MOVED match always has both items */
    c->old_body = m->old_item->body;
    c->old_label = label_of(doc, m->old_item->title);
    c->old_refs = split_refs(&doc->arena, m->old_item->refs, &c->old_nrefs);
  }
  size_t pos;
  const ps_version_item *from = m->rev == PS_REV_INS ? find(b->old_v, it->id, &pos) : NULL;
  if (from || (m->rev == PS_REV_DEL && find(b->new_v, it->id, &pos))) /* an end of a move */
    c->move = MOVE_UNPAIRED;
  if (from && !(c->move_note = move_note(&doc->arena, b->old_v, from)))
    return PS_ENOMEM;
  return c->label && c->heading && c->refs ? 0 : PS_ENOMEM;
}

/* Numbers the moves in the order their first ends come and tells each end
 * where the other is. */
static void pair_moves(ps_document *doc) {
  size_t moves = 0;
  for (size_t i = 0; i < doc->nclauses; i++) {
    ps_clause *c = &doc->clauses[i];
    for (size_t j = i + 1; c->move == MOVE_UNPAIRED && j < doc->nclauses; j++) {
      ps_clause *e = &doc->clauses[j];
      if (e->move == MOVE_UNPAIRED && e->rev != c->rev && strcmp(e->id, c->id) == 0) {
        c->move = e->move = ++moves;
        c->move_peer = j;
        e->move_peer = i;
      }
    }
    if (c->move == MOVE_UNPAIRED) /* cannot happen: both ends are in the merged sequence */
      c->move = 0;
  }
}

static int build_redline(ps_document **out, const ps_diff *d, const char *author, const char *date,
                         const char *front_matter, ps_diags *diags) {
  const ps_doc_version *nv = d->new_v, *ov = d->old_v;
  ps_document *doc = calloc(1, sizeof(*doc));
  if (!doc)
    return PS_ENOMEM;
  ps_arena_init(&doc->arena);
  const char *ni[3], *oi[3];
  ps_version_info(nv, ni);
  ps_version_info(ov, oi);
  doc->kind = nv->kind;
  doc->name = nv->props[PS_PROP_SUBJECT] ? nv->props[PS_PROP_SUBJECT] /* NEW's properties */
              : nv->title                ? nv->title
                                         : nv->kind;
  doc->title = nv->title ? nv->title : "";
  doc->date = ni[0];
  doc->organization = ni[1] ? ni[1] : "";
  if (ni[2]) /* "第1.0版" -> "1.0" */
    doc->version = ps_arena_strndup(&doc->arena, ni[2] + 3, strlen(ni[2]) - 6);
  doc->iso_date = nv->iso_date;
  doc->numbering = nv->numbering;
  doc->toc = strcmp(nv->kind, "spec") == 0 && nv->numbering == PS_NUM_CHAPTERS;
  doc->landscape = strcmp(nv->kind, "ledger") == 0;
  doc->show_refs = nv->has_refs && !d->options.no_refs && refs_compared(d);
  doc->closing = "以上"; /* as procspec generate ends every document (document.c) */
  doc->redline = 1;
  const ps_doc_version *tv = d->options.ignore_title ? nv : ov; /* NEW's title block, unmarked */
  if (tv == nv)
    memcpy(oi, ni, sizeof oi);
  doc->old_lines[0] = oi[0];
  doc->old_lines[1] = oi[1];
  doc->old_lines[2] = oi[2];
  doc->old_lines[3] = tv->title;
  doc->rev_author = ps_arena_strdup(&doc->arena, author);
  doc->granularity = d->options.granularity;
  doc->rev_date = date           ? ps_arena_printf(&doc->arena, "%.10sT00:00:00Z", date)
                  : nv->iso_date ? nv->iso_date
                                 : "2000-01-01T00:00:00Z";
  doc->sections = ps_arena_alloc(&doc->arena, (d->nseq + 1) * sizeof(ps_section));
  doc->clauses = ps_arena_alloc(&doc->arena, (d->nseq + 1) * sizeof(ps_clause));
  int rc = doc->sections && doc->clauses && doc->rev_author && doc->rev_date ? 0 : PS_ENOMEM;
  if (rc == 0 && front_matter) { /* the caller's page before the body, untracked */
    doc->preface = ps_markdown_parse(front_matter, strlen(front_matter));
    rc = doc->preface ? ps_markdown_check(doc->preface, "front matter", 0, diags) : PS_ENOMEM;
  }
  redline_builder b = {doc, ov, nv, 0, 0};
  for (size_t i = 0; i < d->nseq && rc == 0; i++) {
    const ps_merged *m = &d->seq[i];
    rc = (m->new_item ? m->new_item : m->old_item)->chapter ? add_section_item(&b, d, m)
                                                            : add_clause_item(&b, m);
  }
  if (rc == 0)
    pair_moves(doc);
  if (rc < 0) {
    ps_document_free(doc);
    return rc;
  }
  *out = doc;
  return 0;
}

static int diff_redline_impl(unsigned char **out, size_t *len, const ps_diff *d, ps_format format,
                             const ps_redline_options *o, ps_diags *diags) {
  const char *author = o->author, *date = o->date;
  *out = NULL;
  *len = 0;
  if (format != PS_FMT_DOCX && format != PS_FMT_ODT)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                       "a redline is written as DOCX or ODT (format %d is neither)", (int)format);
  if (date) {
    int y, m, dd;
    char why[100];
    if (!ps_parse_date(date, &y, &m, &dd, why, sizeof why))
      return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "--date %s: %s", date, why);
  }
  unsigned cp;
  if (author && ps_xml_bad_char(author, strlen(author), &cp) < strlen(author)) {
    char what[64];
    ps_xml_char_name(what, sizeof what, cp);
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                       "the author name holds %s, which DOCX and ODT files cannot carry; "
                       "remove it",
                       what);
  }
  if (d->old_v->absent || d->new_v->absent)
    return ps_error_at(
        diags, PS_EINPUT, (d->old_v->absent ? d->old_v : d->new_v)->file, 0, 0,
        "there is no %s for this profile (it does not apply), so the %s exists on one "
        "side only and has no tracked changes to show; use --format text, md or json",
        d->new_v->kind, d->new_v->kind);
  ps_document *doc = NULL;
  int rc = build_redline(&doc, d, author ? author : "procspec", date, o->front_matter, diags);
  if (rc < 0)
    return rc;
  rc = format == PS_FMT_ODT ? ps_write_odt(out, len, doc, diags)
                            : ps_write_docx(out, len, doc, diags);
  ps_document_free(doc);
  return rc;
}

int ps_diff_redline_ex(unsigned char **out, size_t *len, const ps_diff *d, ps_format format,
                       const ps_redline_options *options, ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  ps_redline_options defaults = PS_REDLINE_OPTIONS_INIT;
  if (options && options->version != PS_REDLINE_OPTIONS_VERSION) {
    *out = NULL;
    *len = 0;
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0,
                       "ps_redline_options version %u is not supported (initialise it with "
                       "PS_REDLINE_OPTIONS_INIT)",
                       options->version);
  }
  return ps_diag_fail(diags, errors,
                      diff_redline_impl(out, len, d, format, options ? options : &defaults, diags),
                      "writing the redline");
}

int ps_diff_redline(unsigned char **out, size_t *len, const ps_diff *d, ps_format format,
                    const char *author, const char *date, ps_diags *diags) {
  ps_redline_options o = PS_REDLINE_OPTIONS_INIT;
  o.author = author;
  o.date = date;
  return ps_diff_redline_ex(out, len, d, format, &o, diags);
}
