#include "document.h"

#include <assert.h>
#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>

#include "cmark_mem.h"
#include "diag.h"
#include "init.h"
#include "format.h"
#include "i18n.h"
#include "judge.h"
#include "profile.h"
#include "walk.h"
#include "xmlw.h"

cmark_node *ps_markdown_parse(const char *text, size_t len) {
  ps_init_once();
  cmark_syntax_extension *table = cmark_find_syntax_extension("table");
  ps_cmark_scope s;
  cmark_node *volatile root = NULL;
  ps_cmark_begin(&s);
  if (setjmp(s.jump) == 0) {
    cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, ps_cmark_mem());
    if (table)
      cmark_parser_attach_syntax_extension(parser, table);
    cmark_parser_feed(parser, text, len);
    root = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    /* cmark_node_get_literal makes its C string on first use: make every
     * one now, inside the scope, so that no later call allocates. */
    cmark_iter *it = cmark_iter_new(root);
    while (cmark_iter_next(it) != CMARK_EVENT_DONE)
      cmark_node_get_literal(cmark_iter_get_node(it));
    cmark_iter_free(it);
  }
  return ps_cmark_end(&s) < 0 ? NULL : root;
}

static int is_leaf(cmark_node *n) {
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_TEXT:
  case CMARK_NODE_SOFTBREAK:
  case CMARK_NODE_LINEBREAK:
  case CMARK_NODE_CODE:
  case CMARK_NODE_HTML_INLINE:
  case CMARK_NODE_CODE_BLOCK:
  case CMARK_NODE_HTML_BLOCK:
  case CMARK_NODE_THEMATIC_BREAK:
  case CMARK_NODE_FOOTNOTE_REFERENCE: return 1;
  default: return 0;
  }
}

/* The line of N in FILE, or 0 when unknown: inlines carry no line, so
 * the nearest block's is taken. */
static unsigned line_of(cmark_node *n, unsigned first) {
  int l = 0;
  for (; n && (l = cmark_node_get_start_line(n)) <= 0; n = cmark_node_parent(n))
    ;
  return first && l > 0 ? first + (unsigned)l - 1 : 0;
}

int ps_markdown_check(cmark_node *root, const char *file, unsigned line, ps_diags *diags) {
  cmark_iter *it = ps_cmark_iter_new(root);
  if (!it)
    return ps_error_at(diags, PS_ENOMEM, file, 0, 0, "out of memory while checking a clause");
  cmark_event_type ev;
  unsigned depth = 0;
  int rc = 0;
  while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_EXIT) {
      depth--;
      continue;
    }
    if (!is_leaf(n) && ++depth > PS_MAX_MARKDOWN_DEPTH)
      rc = ps_error_at(diags, PS_ELIMIT, file, line_of(n, line), 0,
                       "the text is nested more than %d levels deep (quotes, lists or "
                       "emphasis inside each other); flatten it",
                       PS_MAX_MARKDOWN_DEPTH);
    if (rc == 0 && strcmp(cmark_node_get_type_string(n), "table") == 0 &&
        cmark_gfm_extensions_get_table_columns(n) > PS_MAX_COLUMNS)
      rc = ps_error_at(diags, PS_ELIMIT, file, line_of(n, line), 0,
                       "this table has %d columns; a document table can have at most %d",
                       cmark_gfm_extensions_get_table_columns(n), PS_MAX_COLUMNS);
    const char *lit = cmark_node_get_literal(n);
    unsigned cp;
    if (rc == 0 && lit && ps_xml_bad_char(lit, strlen(lit), &cp) < strlen(lit)) {
      char what[64];
      ps_xml_char_name(what, sizeof what, cp);
      rc = ps_error_at(diags, PS_EINPUT, file, line_of(n, line), 0,
                       "the text holds %s (perhaps written as an entity such as &#xFFFE;), "
                       "which DOCX and ODT files cannot carry; remove it",
                       what);
    }
  }
  cmark_iter_free(it);
  return rc;
}

int ps_document_applies(const ps_doc_tpl *doc, const ps_profile *profile) {
  return !doc->when || ps_expr_truthy(doc->when, ps_profile_root(profile), NULL);
}

static long chapter_index(const ps_doc_tpl *d, const char *chapter) {
  for (size_t i = 0; i < d->nchapters; i++)
    if (chapter && strcmp(d->chapters[i].id, chapter) == 0)
      return (long)i;
  return -1;
}

typedef struct {
  const ps_clause_tpl *tpl;
  long chapter;
} pick;

static int cmp_pick(const void *a, const void *b) {
  const pick *x = a, *y = b;
  if (x->chapter != y->chapter)
    return x->chapter < y->chapter ? -1 : 1;
  if (x->tpl->order != y->tpl->order)
    return x->tpl->order < y->tpl->order ? -1 : 1;
  return strcmp(x->tpl->id, y->tpl->id);
}

/* The clauses of the document whose conditions hold, in document order. */
static int select_clauses(pick **out, size_t *count, const ps_library *lib, const ps_doc_tpl *d,
                          const ps_profile *p, const ps_render_env *env, ps_diags *diags) {
  ps_scope scopes[PS_MAX_COMPUTED + 1];
  const ps_scope *scope = ps_render_scopes(env, scopes);
  *count = 0;
  *out = calloc(lib->nclauses + 1, sizeof(pick));
  if (!*out)
    return PS_ENOMEM;
  for (size_t i = 0; i < lib->nclauses; i++) {
    const ps_clause_tpl *c = &lib->clauses[i];
    if (!ps_clause_in_doc(c, d->kind))
      continue;
    long ch = -1;
    if (d->numbering == PS_NUM_CHAPTERS && (ch = chapter_index(d, c->chapter)) < 0)
      return ps_error_at(diags, PS_EINPUT, c->file, 0, 0,
                         "chapter '%s' is not a chapter of document '%s' in documents.yaml",
                         c->chapter ? c->chapter : "(none)", d->kind);
    if (c->when && !ps_expr_truthy(c->when, ps_profile_root(p), scope))
      continue;
    (*out)[(*count)++] = (pick){c, ch};
  }
  qsort(*out, *count, sizeof(pick), cmp_pick);
  return 0;
}

/* The number of each picked clause as a cross-reference prints it:
 * 第4の2 (chapter 4, clause 2), 第7条, or the title when unnumbered. */
static int number_picks(const ps_doc_tpl *d, const pick *picks, size_t n, ps_arena *arena,
                        const char **out) {
  size_t section = 0, in_section = 0;
  for (size_t i = 0; i < n; i++) {
    if (i == 0 || picks[i].chapter != picks[i - 1].chapter) {
      section++;
      in_section = 0;
    }
    in_section++;
    if (d->numbering == PS_NUM_ARTICLES)
      out[i] = ps_arena_printf(arena, "第%zu条", i + 1);
    else if (d->numbering == PS_NUM_CHAPTERS)
      out[i] = ps_arena_printf(arena, "第%zuの%zu", section, in_section);
    else
      out[i] = picks[i].tpl->title;
    if (!out[i])
      return PS_ENOMEM;
  }
  return 0;
}

/* What rendering a document's clauses needs beyond the profile. */
typedef struct {
  ps_document *doc;
  const ps_library *lib;
  const ps_profile *p;
  const ps_doc_tpl *d;
  const pick *picks;
  const char **numbers;
  size_t npicks;
  int note_defaults;
  ps_diags *diags;
  const char **xrefs; /* of the clause being rendered */
  size_t nxrefs, xcap;
  ps_render_env env;
} builder;

static int find_pick(const pick *picks, size_t n, const char *id) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(picks[i].tpl->id, id) == 0)
      return (int)i;
  return -1;
}

/* The number of clause ID in another document that applies to the
 * profile (the template names that document: 仕様書第4の2); 1 when none
 * has it. */
static int xref_other(builder *b, const char *id, ps_buf *out) {
  for (size_t k = 0; k < b->lib->ndocs; k++) {
    const ps_doc_tpl *d = &b->lib->docs[k];
    if (d == b->d || !ps_document_applies(d, b->p))
      continue;
    pick *picks = NULL;
    size_t n = 0;
    ps_diags *quiet = ps_diags_new();
    int rc = quiet ? select_clauses(&picks, &n, b->lib, d, b->p, &b->env, quiet) : PS_ENOMEM;
    ps_diags_free(quiet);
    int at = rc == 0 ? find_pick(picks, n, id) : -1;
    if (at >= 0) {
      const char **numbers = calloc(n, sizeof(*numbers));
      rc = numbers ? number_picks(d, picks, n, &b->doc->arena, numbers) : PS_ENOMEM;
      if (rc == 0)
        rc = ps_buf_puts(out, numbers[at]);
      free(numbers);
    }
    free(picks);
    if (rc < 0 || at >= 0)
      return rc < 0 ? rc : 0;
  }
  return 1;
}

static int xref(void *ctx, const char *id, ps_buf *out) {
  builder *b = ctx;
  const char **grown = ps_grow(b->xrefs, &b->xcap, b->nxrefs, sizeof *grown);
  if (!grown)
    return PS_ENOMEM;
  b->xrefs = grown;
  b->xrefs[b->nxrefs++] = id;
  int at = find_pick(b->picks, b->npicks, id);
  if (at >= 0)
    return ps_buf_puts(out, b->numbers[at]);
  return xref_other(b, id, out);
}

/* How document D is named: by itself when SELF, else by the others. */
static int name_of(ps_buf *out, const ps_doc_tpl *d, int self, const ps_profile *p,
                   ps_diags *diags) {
  if (self ? !d->has_self : !d->has_cited)
    return ps_buf_puts(out, self ? "本書" : d->name);
  return ps_template_render(out, self ? &d->self : &d->cited, ps_profile_root(p),
                            ps_profile_file(p), PS_ESC_PLAIN, diags);
}

/* {{ doc('kind') }}: 本仕様書 in the spec itself, 仕様書 in the annex. */
static int doc_name(void *ctx, const char *kind, ps_buf *out) {
  builder *b = ctx;
  const ps_doc_tpl *d = ps_library_doc(b->lib, kind);
  if (!d)
    return 1;
  ps_buf text = PS_BUF_INIT;
  int rc = name_of(&text, d, d == b->d, b->p, b->diags);
  if (rc == 0)
    rc = ps_md_escape(out, text.ptr ? text.ptr : "", text.len);
  ps_buf_free(&text);
  return rc < 0 ? rc : 0;
}

static int cell(ps_buf *out, builder *b, const ps_template *t, ps_diags *diags) {
  ps_buf text = PS_BUF_INIT;
  int rc = ps_template_render_env(&text, t, ps_profile_root(b->p), ps_profile_file(b->p),
                                  PS_ESC_PLAIN, &b->env, diags);
  ps_buf_puts(out, " ");
  if (rc == 0)
    rc = ps_md_escape(out, text.ptr ? text.ptr : "", text.len);
  ps_buf_puts(out, " |");
  ps_buf_free(&text);
  return rc;
}

/* The rows of the 提出書類 table: every submission that the selected
 * clauses of this document declare, in document order, with the clause
 * that requires it. */
static int submissions(void *ctx, ps_buf *out, ps_diags *diags) {
  builder *b = ctx;
  ps_scope scopes[PS_MAX_COMPUTED + 1];
  const ps_scope *scope = ps_render_scopes(&b->env, scopes);
  for (size_t i = 0; i < b->npicks; i++) {
    const ps_clause_tpl *t = b->picks[i].tpl;
    for (size_t k = 0; k < t->nsubmissions; k++) {
      const ps_submission_tpl *s = &t->submissions[k];
      if (s->when && !ps_expr_truthy(s->when, ps_profile_root(b->p), scope))
        continue;
      ps_buf_puts(out, "|");
      int rc = cell(out, b, &s->name, diags);
      if (rc == 0)
        rc = cell(out, b, &s->deadline, diags);
      if (rc == 0)
        rc = cell(out, b, &s->form, diags);
      if (rc < 0)
        return rc;
      ps_buf_printf(out, " %s |\n", b->numbers[i]);
    }
  }
  return out->failed ? PS_ENOMEM : 0;
}

/* A value the profile leaves out came from defaults.yaml: a note, so that
 * `procspec check` lists every default a document relies on. */
static void used_default(void *ctx, const char *path, const ps_ynode *v) {
  builder *b = ctx;
  if (!b->note_defaults)
    return;
  ps_buf shown = PS_BUF_INIT;
  if (v->kind == PS_YSEQ && v->first && v->first->kind == PS_YMAP) {
    /* A list of groups as the profile would write it, so that the note
     * shows what the documents use (and can be copied into the profile). */
    ps_buf_putc(&shown, '[');
    for (const ps_ynode *e = v->first; e; e = e->next) {
      ps_buf_puts(&shown, e == v->first ? "{" : ", {");
      for (const ps_ynode *k = e->first; k; k = k->next)
        ps_buf_printf(&shown, "%s%s: %s", k == e->first ? "" : ", ", k->key,
                      k->kind == PS_YSCALAR ? k->value : "...");
      ps_buf_putc(&shown, '}');
    }
    ps_buf_putc(&shown, ']');
  } else if (v->kind == PS_YMAP || ps_format_node(&shown, v) < 0 ||
             (v->kind == PS_YSEQ && v->first && v->first->kind != PS_YSCALAR)) {
    ps_buf_free(&shown);
    ps_buf_printf(&shown, _("list of %zu entries written here"),
                  v->kind == PS_YSCALAR ? 1 : v->count);
  }
  ps_diag_add(b->diags, PS_EINPUT, PS_SEV_NOTE, b->lib->defaults_file, v->line, v->col, NULL,
              "%s is not in the profile %s; the documents use the default %s. Write %s into "
              "the profile to set your own value",
              path, ps_profile_file(b->p), shown.ptr ? shown.ptr : "", path);
  ps_buf_free(&shown);
}

/* A copy of N (its children shared) with KEY, standing alone in a list. */
static ps_ynode *keyed_copy(ps_arena *a, const ps_ynode *n, const char *key) {
  ps_ynode *c = ps_arena_alloc(a, sizeof *c);
  if (c) {
    *c = *n;
    c->key = key;
    c->next = NULL;
  }
  return c;
}

static int append_child(ps_ynode *list, ps_ynode *item) {
  if (!item)
    return PS_ENOMEM;
  if (list->last)
    list->last->next = item;
  else
    list->first = item;
  list->last = item;
  list->count++;
  return 0;
}

/* Appends to LIST the step {below: BELOW, reduction: STEP's reduction}. */
static int add_step(ps_arena *a, ps_ynode *list, const ps_ynode *below, const ps_ynode *step) {
  const ps_ynode *cut = step ? ps_ymap_get(step, "reduction") : NULL;
  if (!cut)
    return 0;
  ps_ynode *map = keyed_copy(a, step, NULL);
  if (!map)
    return PS_ENOMEM;
  map->first = map->last = NULL;
  map->count = 0;
  int rc = append_child(map, keyed_copy(a, below, "below"));
  if (rc == 0)
    rc = append_child(map, keyed_copy(a, cut, "reduction"));
  return rc == 0 ? append_child(list, map) : rc;
}

/* The steps of the fee reduction table as the documents print them
 * (availability_targets.remedies): the profile's steps at or below the
 * uptime target (a step above it would reduce the fee while the target is
 * met; check warns of it, and makes it an error when no step is left), or,
 * when the profile has none, the steps of defaults.yaml made relative to
 * the target: its first reduction below the target itself, then its
 * further reductions at its percentages that lie below the target (99.5%:
 * 99.5%, 99.0%, 95.0%), so there is no gap between the target and the
 * first step. NULL when there is no uptime target to relate them to. */
static int effective_remedies(const ps_ynode **out, ps_arena *a, const ps_profile *p,
                              const ps_ynode *defaults) {
  *out = NULL;
  const ps_ynode *root = ps_profile_root(p);
  const ps_ynode *uptime = ps_ynode_path(root, "availability_targets.uptime");
  const ps_ynode *given = ps_ynode_path(root, "availability_targets.remedies");
  const ps_ynode *ladder =
      defaults ? ps_ynode_path(defaults, "availability_targets.remedies") : NULL;
  if (!uptime || uptime->kind != PS_YSCALAR || (!given && !ladder))
    return 0;
  long target = ps_percent_thousandths(uptime->value);
  ps_ynode *list = ps_arena_alloc(a, sizeof *list);
  if (!list)
    return PS_ENOMEM;
  *list = *(given ? given : ladder);
  list->first = list->last = NULL;
  list->count = 0;
  int rc = 0;
  if (given) {
    for (const ps_ynode *r = given->first; r && rc == 0; r = r->next) {
      const ps_ynode *below = ps_ymap_get(r, "below");
      if (below && ps_percent_thousandths(below->value) <= target)
        rc = append_child(list, keyed_copy(a, r, NULL));
    }
  } else {
    /* The first reduction at the target, the next ones at the ladder's
     * percentages below it, as long as reductions remain. */
    const ps_ynode *reduction = ladder->first;
    rc = add_step(a, list, uptime, reduction);
    reduction = reduction ? reduction->next : NULL;
    for (const ps_ynode *r = ladder->first; r && reduction && rc == 0; r = r->next) {
      const ps_ynode *below = ps_ymap_get(r, "below");
      if (!below || ps_percent_thousandths(below->value) >= target)
        continue;
      rc = add_step(a, list, below, reduction);
      reduction = reduction->next;
    }
  }
  *out = list;
  return rc;
}

/* The profile's `exceptions` as the documents show them: those that the
 * judge finds covering a deviation of the profile (an exception for an item
 * the profile meets anyway is no accepted deviation; check warns of it). A
 * list of copies of those entries, or NULL when none is in use. */
static int exceptions_in_use(const ps_ynode **out, ps_arena *a, const ps_profile *p,
                             const ps_library *lib) {
  *out = NULL;
  const ps_ynode *given = ps_ynode_path(ps_profile_root(p), "exceptions");
  if (!given || given->kind != PS_YSEQ || given->count == 0)
    return 0;
  unsigned char *used = calloc(given->count, 1);
  if (!used)
    return PS_ENOMEM;
  int rc = ps_exceptions_in_use(p, lib, used, given->count);
  ps_ynode *list = NULL;
  size_t i = 0;
  for (const ps_ynode *e = given->first; e && rc == 0; e = e->next, i++) {
    if (!used[i])
      continue;
    if (!list && (list = keyed_copy(a, given, given->key)) != NULL) {
      list->first = list->last = NULL;
      list->count = 0;
    }
    rc = list ? append_child(list, keyed_copy(a, e, NULL)) : PS_ENOMEM;
  }
  free(used);
  *out = list;
  return rc;
}

/* Fills ENV's computed values: the fee reduction steps and the exceptions
 * in use, where the profile has them. */
static int computed_values(ps_render_env *env, ps_arena *a, const ps_profile *p,
                           const ps_library *lib) {
  const ps_ynode *remedies = NULL, *exceptions = NULL;
  int rc = effective_remedies(&remedies, a, p, lib->defaults);
  if (rc == 0 && remedies) {
    env->computed[env->ncomputed].path = "availability_targets.remedies";
    env->computed[env->ncomputed++].node = remedies;
  }
  /* Always in place of the profile's list, empty (absent) when none is in use. */
  if (rc == 0 && ps_ynode_path(ps_profile_root(p), "exceptions") &&
      (rc = exceptions_in_use(&exceptions, a, p, lib)) == 0) {
    env->computed[env->ncomputed].path = "exceptions";
    env->computed[env->ncomputed++].node = exceptions;
  }
  return rc;
}

static const char *render_plain(ps_document *doc, const ps_template *t, const ps_profile *p,
                                ps_diags *diags, int *rc) {
  ps_buf b = PS_BUF_INIT;
  *rc = ps_template_render(&b, t, ps_profile_root(p), ps_profile_file(p), PS_ESC_PLAIN, diags);
  const char *s = *rc == 0 && b.ptr ? ps_arena_strdup(&doc->arena, b.ptr) : "";
  ps_buf_free(&b);
  if (!s) {
    *rc = PS_ENOMEM;
    s = "";
  }
  return s;
}

static int fill_header(ps_document *doc, const ps_doc_tpl *d, const ps_profile *p,
                       ps_diags *diags) {
  int rc;
  const ps_ynode *root = ps_profile_root(p);
  doc->kind = d->kind;
  doc->name = d->name;
  doc->numbering = d->numbering;
  doc->toc = d->toc;
  doc->landscape = d->landscape;
  doc->indent = d->indent;
  doc->show_refs = 1;
  doc->closing = "以上";
  doc->title = render_plain(doc, &d->title, p, diags, &rc);
  if (rc < 0)
    return rc;
  ps_buf self = PS_BUF_INIT;
  rc = name_of(&self, d, 1, p, diags);
  doc->self_name = rc == 0 && self.ptr ? ps_arena_strdup(&doc->arena, self.ptr) : NULL;
  ps_buf_free(&self);
  if (rc < 0 || !doc->self_name)
    return rc < 0 ? rc : PS_ENOMEM;
  doc->organization = ps_ynode_path(root, "organization.name")->value;
  /* document.editions: this kind's own version and date, where given. */
  const ps_ynode *edition = NULL;
  const ps_ynode *editions = ps_ynode_path(root, "document.editions");
  for (const ps_ynode *e = editions ? editions->first : NULL; e && !edition; e = e->next)
    if (strcmp(ps_ymap_get(e, "kind")->value, d->kind) == 0)
      edition = e;
  const ps_ynode *date = edition && ps_ymap_get(edition, "date")
                             ? ps_ymap_get(edition, "date")
                             : ps_ynode_path(root, "document.date");
  if (date) {
    ps_buf b = PS_BUF_INIT;
    ps_format_date(&b, date->year, date->month, date->day);
    doc->date = b.ptr && !b.failed ? ps_arena_strdup(&doc->arena, b.ptr) : NULL;
    ps_buf_free(&b);
    doc->iso_date = ps_arena_printf(&doc->arena, "%04d-%02d-%02dT00:00:00Z", date->year,
                                    date->month, date->day);
    if (!doc->date || !doc->iso_date)
      return PS_ENOMEM;
  }
  const ps_ynode *version = edition && ps_ymap_get(edition, "version")
                                ? ps_ymap_get(edition, "version")
                                : ps_ynode_path(root, "document.version");
  doc->version = version ? version->value : NULL;
  return 0;
}

static int add_section(ps_document *doc, const ps_doc_tpl *d, long chapter, const ps_profile *p,
                       ps_diags *diags) {
  ps_section *s = &doc->sections[doc->nsections++];
  memset(s, 0, sizeof(*s));
  s->number = doc->nsections;
  if (chapter < 0) {
    s->id = s->title = s->heading = "";
    return 0;
  }
  int rc;
  s->id = d->chapters[chapter].id;
  s->title = render_plain(doc, &d->chapters[chapter].title_t, p, diags, &rc);
  if (rc < 0)
    return rc;
  s->heading = ps_arena_printf(&doc->arena, "第%zu　%s", s->number, s->title);
  return s->heading ? 0 : PS_ENOMEM;
}

static int add_clause(ps_document *doc, builder *bld, const ps_clause_tpl *t, size_t in_section,
                      const ps_profile *p, ps_diags *diags) {
  ps_clause *c = &doc->clauses[doc->nclauses];
  memset(c, 0, sizeof(*c));
  c->id = t->id;
  c->title = t->title;
  c->refs = t->refs;
  c->nrefs = t->nrefs;
  c->section = doc->nsections - 1;
  if (doc->numbering == PS_NUM_NONE) {
    c->number = "";
    c->heading = c->label = c->title;
  } else if (doc->numbering == PS_NUM_ARTICLES) {
    c->number = ps_arena_printf(&doc->arena, "第%zu条", doc->nclauses + 1);
    c->label = ps_arena_printf(&doc->arena, "（%s）", c->title);
    c->heading = ps_arena_printf(&doc->arena, "%s%s", c->number, c->label);
  } else {
    c->number = ps_arena_printf(&doc->arena, "%zu", in_section);
    c->label = c->title;
    c->heading = ps_arena_printf(&doc->arena, "%s　%s", c->number, c->title);
  }
  if (!c->number || !c->label || !c->heading)
    return PS_ENOMEM;
  ps_buf b = PS_BUF_INIT;
  bld->nxrefs = 0;
  int rc = ps_template_render_env(&b, &t->body, ps_profile_root(p), ps_profile_file(p),
                                  PS_ESC_MARKDOWN, &bld->env, diags);
  if (rc == 0 && !(c->body = ps_markdown_parse(b.ptr ? b.ptr : "", b.len)))
    rc = ps_error_at(diags, PS_ENOMEM, t->file, 0, 0, "out of memory while reading clause '%s'",
                     t->id);
  ps_buf_free(&b);
  if (rc == 0 && (rc = ps_markdown_check(c->body, t->file, 0, diags)) < 0) {
    cmark_node_free(c->body);
    c->body = NULL;
  }
  if (rc == 0 && bld->nxrefs) {
    c->xrefs = ps_arena_alloc(&doc->arena, bld->nxrefs * sizeof(*c->xrefs));
    if (c->xrefs) {
      memcpy(c->xrefs, bld->xrefs, bld->nxrefs * sizeof(*c->xrefs));
      c->nxrefs = bld->nxrefs;
    } else {
      cmark_node_free(c->body);
      c->body = NULL;
      rc = PS_ENOMEM;
    }
  }
  if (rc == 0)
    doc->nclauses++;
  return rc;
}

int ps_document_build(ps_document **out, const ps_profile *p, const ps_library *lib,
                      const char *kind, ps_diags *diags) {
  return ps_document_build_ex(out, p, lib, kind, 0, diags);
}

int ps_document_build_ex(ps_document **out, const ps_profile *p, const ps_library *lib,
                         const char *kind, int note_defaults, ps_diags *diags) {
  *out = NULL;
  const ps_doc_tpl *d = ps_library_doc(lib, kind);
  if (!d)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "unknown document kind '%s'", kind);
  ps_document *doc = calloc(1, sizeof(*doc));
  pick *picks = NULL;
  size_t npicks = 0;
  if (!doc)
    return PS_ENOMEM;
  ps_arena_init(&doc->arena);
  ps_render_env env = {lib->defaults, xref, submissions, doc_name, used_default, NULL, {{0}}, 0};
  int rc = fill_header(doc, d, p, diags);
  if (rc == 0)
    rc = computed_values(&env, &doc->arena, p, lib);
  if (rc == 0)
    rc = select_clauses(&picks, &npicks, lib, d, p, &env, diags);
  if (rc == 0) {
    doc->clauses = ps_arena_alloc(&doc->arena, (npicks + 1) * sizeof(ps_clause));
    doc->sections = ps_arena_alloc(&doc->arena, (npicks + 1) * sizeof(ps_section));
    if (!doc->clauses || !doc->sections)
      rc = PS_ENOMEM;
  }
  const char **numbers = rc == 0 ? calloc(npicks + 1, sizeof(*numbers)) : NULL;
  if (rc == 0 && !numbers)
    rc = PS_ENOMEM;
  if (rc == 0)
    rc = number_picks(d, picks, npicks, &doc->arena, numbers);
  builder bld = {doc,
                 lib,
                 p,
                 d,
                 picks,
                 numbers,
                 npicks,
                 note_defaults,
                 diags,
                 NULL,
                 0,
                 0,
                 env};
  bld.env.ctx = &bld;
  size_t in_section = 0;
  for (size_t i = 0; i < npicks && rc == 0; i++) {
    if (i == 0 || picks[i].chapter != picks[i - 1].chapter) {
      rc = add_section(doc, d, d->numbering == PS_NUM_CHAPTERS ? picks[i].chapter : -1, p, diags);
      in_section = 0;
    }
    if (rc == 0)
      rc = add_clause(doc, &bld, picks[i].tpl, ++in_section, p, diags);
  }
  free(bld.xrefs);
  free(numbers);
  free(picks);
  if (rc < 0) {
    ps_document_free(doc);
    return rc;
  }
  *out = doc;
  return 0;
}

void ps_document_free(ps_document *doc) {
  if (!doc)
    return;
  assert(doc->clauses || doc->nclauses == 0);
  for (size_t i = 0; i < doc->nclauses; i++)
    if (!doc->clauses[i].borrowed && doc->clauses[i].body)
      cmark_node_free(doc->clauses[i].body);
  if (doc->preface)
    cmark_node_free(doc->preface);
  ps_arena_free(&doc->arena);
  free(doc);
}

int ps_document_single(ps_document **out, const char *kind, const char *name, const char *title,
                       const char *organization, const char *clause_id, const char *clause_title,
                       const char *markdown, size_t len) {
  *out = NULL;
  ps_document *doc = calloc(1, sizeof(*doc));
  if (!doc)
    return PS_ENOMEM;
  ps_arena_init(&doc->arena);
  doc->kind = ps_arena_strdup(&doc->arena, kind);
  doc->name = ps_arena_strdup(&doc->arena, name);
  doc->title = ps_arena_strdup(&doc->arena, title);
  doc->organization = ps_arena_strdup(&doc->arena, organization);
  doc->numbering = PS_NUM_NONE;
  doc->sections = ps_arena_alloc(&doc->arena, sizeof(ps_section));
  doc->clauses = ps_arena_alloc(&doc->arena, sizeof(ps_clause));
  if (!doc->kind || !doc->name || !doc->title || !doc->organization || !doc->sections ||
      !doc->clauses) {
    ps_document_free(doc);
    return PS_ENOMEM;
  }
  doc->sections[0] = (ps_section){"", "", "", 1, PS_REV_NONE, NULL};
  doc->nsections = 1;
  ps_clause *c = &doc->clauses[0];
  memset(c, 0, sizeof(*c));
  c->id = ps_arena_strdup(&doc->arena, clause_id);
  c->title = c->heading = c->label = ps_arena_strdup(&doc->arena, clause_title);
  c->number = "";
  if (!c->id || !c->title || !(c->body = ps_markdown_parse(markdown, len))) {
    ps_document_free(doc);
    return PS_ENOMEM;
  }
  doc->nclauses = 1;
  *out = doc;
  return 0;
}

/* The number of clause C as the reader sees it: 第4の2, 第7条, or its title. */
static const char *clause_number(ps_document *doc, const ps_clause *c) {
  if (doc->numbering == PS_NUM_CHAPTERS)
    return ps_arena_printf(&doc->arena, "第%zuの%s", doc->sections[c->section].number, c->number);
  return c->number[0] ? c->number : c->title;
}

static int clause_cites(const ps_clause *c, const char *id) {
  for (size_t r = 0; r < c->nrefs; r++)
    if (strcmp(c->refs[r], id) == 0)
      return 1;
  return 0;
}

int ps_document_add_appendix(ps_document *doc, const ps_library *lib, const ps_profile *p,
                             ps_diags *diags) {
  size_t body_clauses = doc->nclauses;
  ps_buf md = PS_BUF_INIT;
  const char *self = doc->self_name ? doc->self_name : "本書";
  ps_md_escape(&md, self, strlen(self));
  ps_buf_puts(&md, "の各条項が実施する外部サービスの利用基準の要求事項は、次のとおりとする。\n\n"
                   "| 項目 | 利用基準の規定 | 該当する条項 |\n| --- | --- | --- |\n");
  size_t rows = 0;
  for (size_t r = 0; r < lib->nrequirements; r++) {
    const ps_requirement *req = &lib->requirements[r];
    size_t hits = 0;
    if (req->when && !ps_expr_truthy(req->when, ps_profile_root(p), NULL))
      continue; /* an item that does not apply to this service is not quoted */
    for (size_t i = 0; i < body_clauses; i++) {
      if (!clause_cites(&doc->clauses[i], req->id))
        continue;
      if (hits++ == 0) {
        ps_buf quote = PS_BUF_INIT;
        int rc = req->criteria ? ps_template_render(&quote, &req->criteria_t, ps_profile_root(p),
                                                    ps_profile_file(p), PS_ESC_PLAIN, diags)
                               : ps_buf_puts(&quote, req->text);
        ps_buf_puts(&md, "| ");
        ps_md_escape(&md, req->id, strlen(req->id));
        ps_buf_puts(&md, " | ");
        if (rc == 0)
          rc = ps_md_escape(&md, quote.ptr ? quote.ptr : "", quote.len);
        ps_buf_free(&quote);
        if (rc < 0) {
          ps_buf_free(&md);
          return rc;
        }
        ps_buf_puts(&md, " | ");
      } else {
        ps_buf_puts(&md, "、");
      }
      const char *num = clause_number(doc, &doc->clauses[i]);
      if (!num) {
        ps_buf_free(&md);
        return PS_ENOMEM;
      }
      ps_md_escape(&md, num, strlen(num));
    }
    if (hits) {
      ps_buf_puts(&md, " |\n");
      rows++;
    }
  }
  if (!rows) { /* nothing cited: no appendix */
    ps_buf_free(&md);
    return 0;
  }
  if (md.failed) {
    ps_buf_free(&md);
    return PS_ENOMEM;
  }
  /* Room for one more section and clause: the arrays were sized for the
   * body, so copy them into larger ones. */
  ps_section *sections = ps_arena_alloc(&doc->arena, (doc->nsections + 1) * sizeof(*sections));
  ps_clause *clauses = ps_arena_alloc(&doc->arena, (doc->nclauses + 1) * sizeof(*clauses));
  if (!sections || !clauses) {
    ps_buf_free(&md);
    return PS_ENOMEM;
  }
  memcpy(sections, doc->sections, doc->nsections * sizeof(*sections));
  memcpy(clauses, doc->clauses, doc->nclauses * sizeof(*clauses));
  doc->sections = sections;
  doc->clauses = clauses;
  /* A section without a heading: the 別表 is no chapter of the body. */
  ps_section *sec = &doc->sections[doc->nsections++];
  memset(sec, 0, sizeof(*sec));
  sec->number = doc->nsections;
  sec->id = "appendix";
  sec->title = "別表";
  sec->heading = "";
  ps_clause *c = &doc->clauses[doc->nclauses];
  memset(c, 0, sizeof(*c));
  c->id = PS_APPENDIX_ID;
  c->title = "利用基準の要求事項";
  c->section = doc->nsections - 1;
  c->number = "";
  c->appendix = 1;
  /* 「（第1の1関係）」: the clause that sets out what the document is for. */
  const char *first = body_clauses ? clause_number(doc, &doc->clauses[0]) : NULL;
  c->heading = c->label =
      first && *first ? ps_arena_printf(&doc->arena, "別表　%s（%s関係）", c->title, first)
                      : ps_arena_printf(&doc->arena, "別表　%s", c->title);
  c->body = ps_markdown_parse(md.ptr, md.len);
  ps_buf_free(&md);
  if (!c->heading || !c->body) {
    if (c->body)
      cmark_node_free(c->body);
    return PS_ENOMEM;
  }
  doc->nclauses++;
  return 0;
}

static const char *dup_or_null(ps_arena *a, const char *s, int *failed) {
  char *d = s ? ps_arena_strdup(a, s) : NULL;
  *failed |= s && !d;
  return d;
}

static int plain_clause(ps_document *doc, const ps_plain_clause *pc, size_t number) {
  ps_arena *a = &doc->arena;
  ps_clause *c = &doc->clauses[doc->nclauses];
  memset(c, 0, sizeof(*c));
  c->id = ps_arena_strdup(a, pc->id);
  c->title = c->label = ps_arena_strdup(a, pc->title);
  c->section = pc->section;
  c->number = ps_arena_printf(a, "%zu", number);
  c->heading = ps_arena_printf(a, "%zu　%s", number, pc->title);
  if (!c->id || !c->title || !c->number || !c->heading ||
      !(c->body = ps_markdown_parse(pc->markdown, strlen(pc->markdown))))
    return PS_ENOMEM;
  doc->nclauses++;
  return 0;
}

int ps_document_chapters(ps_document **out, const ps_plain_header *h, const char *const *sections,
                         size_t nsections, const ps_plain_clause *clauses, size_t nclauses) {
  *out = NULL;
  ps_document *doc = calloc(1, sizeof(*doc));
  if (!doc)
    return PS_ENOMEM;
  ps_arena_init(&doc->arena);
  ps_arena *a = &doc->arena;
  int failed = 0;
  doc->kind = dup_or_null(a, h->kind, &failed);
  doc->name = dup_or_null(a, h->name, &failed);
  doc->title = dup_or_null(a, h->title, &failed);
  doc->organization = dup_or_null(a, h->organization ? h->organization : "", &failed);
  doc->version = dup_or_null(a, h->version, &failed);
  doc->date = dup_or_null(a, h->date, &failed);
  doc->iso_date = dup_or_null(a, h->iso_date, &failed);
  doc->numbering = PS_NUM_CHAPTERS;
  doc->sections = ps_arena_alloc(a, (nsections + 1) * sizeof(ps_section));
  doc->clauses = ps_arena_alloc(a, (nclauses + 1) * sizeof(ps_clause));
  int rc = failed || !doc->sections || !doc->clauses ? PS_ENOMEM : 0;
  for (size_t i = 0; rc == 0 && i < nsections; i++) {
    ps_section *sec = &doc->sections[doc->nsections++];
    memset(sec, 0, sizeof(*sec));
    sec->id = ps_arena_printf(a, "section-%zu", i + 1);
    sec->title = ps_arena_strdup(a, sections[i]);
    sec->number = i + 1;
    sec->heading = ps_arena_printf(a, "第%zu　%s", i + 1, sections[i]);
    if (!sec->id || !sec->title || !sec->heading)
      rc = PS_ENOMEM;
  }
  for (size_t i = 0, n = 0; rc == 0 && i < nclauses; i++) {
    n = i > 0 && clauses[i - 1].section == clauses[i].section ? n + 1 : 1;
    rc = clauses[i].section < nsections ? plain_clause(doc, &clauses[i], n) : PS_EINPUT;
  }
  if (rc < 0) {
    ps_document_free(doc);
    return rc;
  }
  *out = doc;
  return 0;
}
