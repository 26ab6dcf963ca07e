/* The 新旧対照表 (old/new comparison table) of a diff: a caption, the note
 * （傍線部分は改正部分）, and a two-column table 改正後 | 改正前 with one row
 * per changed clause, the changed wording underlined on both sides; a new
 * clause underlined whole opposite （新設）, a removed one opposite （削る）
 * (DOMAIN.md section 6). A table inside a clause is shown as rows of
 * cells set apart by ideographic spaces. It is built as Markdown (underlines as <u>,
 * lines as <br>) into a one-clause document that the writers print. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "diff.h"
#include "textdiff.h"
#include "writers.h"

/* Text as it may stand inside a Markdown table cell: Markdown marks and
 * the cell separator escaped, line ends as <br>. */
static void cell_text(ps_buf *b, const char *s, size_t len, int underline) {
  int open = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\n') {
      if (open)
        ps_buf_puts(b, "</u>");
      ps_buf_puts(b, "<br>");
      open = 0;
      continue;
    }
    if (underline && !open && s[i] != ' ') {
      ps_buf_puts(b, "<u>");
      open = 1;
    }
    if (strchr("\\`*_{}[]()#+-.!|~<>&", s[i]))
      ps_buf_putc(b, '\\');
    ps_buf_putc(b, s[i]);
  }
  if (open)
    ps_buf_puts(b, "</u>");
}

/* Whether the line S (LEN bytes, no line end) is a row of a table as the
 * plain text of a clause prints it, "| a | b |"; DELIM: the row under
 * the header, "| --- | --- |". */
static int table_line(const char *s, size_t len, int *delim) {
  while (len && s[len - 1] == ' ')
    len--;
  if (len < 2 || s[0] != '|' || s[len - 1] != '|')
    return 0;
  *delim = 1;
  for (size_t i = 0; i < len; i++)
    if (!strchr("|-: ", s[i]))
      *delim = 0;
  return 1;
}

/* The text of a clause as a cell of the 新旧対照表 shows it: a table in
 * the clause has no rule under its header, and its cells are set apart by
 * an ideographic space instead of the | marks of the plain text, which
 * are markup to a reader of the comparison. */
static int comparison_form(ps_buf *b, const char *text) {
  for (const char *line = text; *line;) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    int delim = 0;
    if (!table_line(line, len, &delim)) {
      ps_buf_append(b, line, len);
    } else if (!delim) {
      const char *p = line + 1, *e = line + len;
      while (e > p && (e[-1] == ' ' || e[-1] == '|'))
        e--;
      while (p < e && *p == ' ')
        p++;
      for (const char *q = p; q < e; q++) {
        if (*q == '|' && q[-1] != '\\') {
          while (b->len && b->ptr[b->len - 1] == ' ')
            b->len--;
          ps_buf_puts(b, "　"); /* U+3000 */
          while (q + 1 < e && q[1] == ' ')
            q++;
        } else if (!(*q == '\\' && q + 1 < e && q[1] == '|')) {
          ps_buf_putc(b, *q);
        }
      }
    }
    if (!end)
      break;
    if (!delim)
      ps_buf_putc(b, '\n');
    line = end + 1;
  }
  return b->failed ? PS_ENOMEM : 0;
}

/* The number a version gives ITEM: 第2の4 under chapters, 第7条 for
 * articles, nothing for unnumbered clauses. */
static void clause_heading(ps_buf *b, const ps_doc_version *v, const ps_version_item *it) {
  size_t chapter, clause;
  ps_version_position(v, it, &chapter, &clause);
  if (v->numbering == PS_NUM_ARTICLES)
    ps_buf_printf(b, "第%zu条（%s）", clause, it->title);
  else if (v->numbering == PS_NUM_CHAPTERS)
    ps_buf_printf(b, "第%zuの%zu　%s", chapter, clause, it->title);
  else
    ps_buf_puts(b, it->title);
}

/* Both cells of a changed clause, as the runs of a text diff come. */
typedef struct {
  ps_buf *new_cell, *old_cell;
  /* Bytes of each side's text shown (the rest, its references line, is
   * compared, not shown), and how far the runs have come in it. */
  size_t old_shown, new_shown, old_at, new_at;
} cell_pair;

/* The part of a run of LEN bytes at *AT that is shown; moves *AT on. */
static size_t shown(size_t *at, size_t limit, size_t len) {
  size_t show = *at >= limit ? 0 : limit - *at < len ? limit - *at : len;
  *at += len;
  return show;
}

static int pair_run(void *ctx, ps_op_kind kind, const char *s, size_t len) {
  cell_pair *p = ctx;
  /* Each side is cut at its own references line: a run equal on both
   * sides may reach OLD's while NEW's text goes on (a row added at the end
   * of a clause), so the cut is counted per side, not found in a run. */
  if (kind != PS_OP_INSERT)
    cell_text(p->old_cell, s, shown(&p->old_at, p->old_shown, len), kind == PS_OP_DELETE);
  if (kind != PS_OP_DELETE)
    cell_text(p->new_cell, s, shown(&p->new_at, p->new_shown, len), kind == PS_OP_INSERT);
  return 0;
}

/* A block of a clause's text (a paragraph, a table, a list: the text
 * between blank lines) and the length of its paragraph number (「2　」:
 * digits and an ideographic space), 0 if it has none. */
typedef struct {
  const char *s;
  size_t len, num;
} unit;

/* The blocks of TEXT into *UNITS (free with free(); an array even when
 * TEXT has none). Returns their number or PS_ENOMEM. */
static long units_of(unit **units, const char *text) {
  size_t n = 0, cap = 1;
  *units = malloc(sizeof **units);
  if (!*units)
    return PS_ENOMEM;
  for (const char *p = text; *p;) {
    const char *end = strstr(p, "\n\n");
    size_t len = end ? (size_t)(end - p) : strlen(p);
    unit *u = ps_grow(*units, &cap, n, sizeof *u);
    if (!u) {
      free(*units);
      *units = NULL;
      return PS_ENOMEM;
    }
    *units = u;
    size_t digits = 0;
    while (digits < len && p[digits] >= '0' && p[digits] <= '9')
      digits++;
    int numbered =
        digits && len - digits >= 3 && memcmp(p + digits, "\xe3\x80\x80", 3) == 0; /* U+3000 */
    u[n++] = (unit){p, len, numbered ? digits + 3 : 0};
    if (!end)
      break;
    p = end + 2;
  }
  return (long)n;
}

typedef struct {
  const unit *a, *b;
} unit_pair;

/* Blocks are the same when their text after the number is: a paragraph
 * renumbered by one added before it is shown as （略） under its new number. */
static int unit_eq(const void *ctx, size_t i, size_t j) {
  const unit_pair *p = ctx;
  const unit *a = &p->a[i], *b = &p->b[j];
  return a->len - a->num == b->len - b->num &&
         memcmp(a->s + a->num, b->s + b->num, a->len - a->num) == 0;
}

/* Starts a block of a cell: blocks are set apart by a blank line. */
static void next_block(ps_buf *cell, int *first) {
  if (!*first)
    ps_buf_puts(cell, "<br><br>");
  *first = 0;
}

/* Blocks A[0..n) that did not change, as 公用文 practice shows them
 * (DOMAIN.md section 6): 「（略）」 with their numbers, 「2　（略）」,
 * 「2・3　（略）」, 「2～4　（略）」; a block without a number after one
 * with a number (its table, its list) is part of it. A number that differs
 * from the other side's is underlined, and those blocks are shown one by one. */
static void abbreviated(ps_buf *cell, const unit *a, const unit *other, size_t n, int *first) {
  assert(n == 0 || (a && other)); /* a run of N equal blocks on both sides */
  int renumbered = 0;
  for (size_t k = 0; k < n; k++)
    renumbered |= a[k].num != other[k].num || memcmp(a[k].s, other[k].s, a[k].num) != 0;
  for (size_t k = 0; k < n;) {
    if (!a[k].num) { /* the unnumbered first paragraph, or text before any number */
      if (k == 0) {
        next_block(cell, first);
        ps_buf_puts(cell, "（略）");
      }
      k++;
      continue;
    }
    size_t last = k; /* the run of numbered blocks k..last shown as one */
    for (size_t j = k + 1; !renumbered && j < n; j++)
      if (a[j].num)
        last = j;
    next_block(cell, first);
    size_t digits = a[k].num - 3, count = 0;
    for (size_t j = k; j <= last; j++)
      count += a[j].num != 0;
    cell_text(cell, a[k].s, digits, renumbered);
    if (count > 1) {
      const unit *l = &a[last];
      ps_buf_puts(cell, count == 2 ? "・" : "～");
      cell_text(cell, l->s, l->num - 3, 0);
    }
    ps_buf_puts(cell, "　（略）");
    k = last + 1;
  }
}

/* The text of the consecutive blocks U[0..n): they are slices of one
 * text, so it runs from the first to the end of the last. */
static void blocks_text(ps_buf *b, const unit *u, size_t n) {
  if (n)
    ps_buf_append(b, u[0].s, (size_t)(u[n - 1].s + u[n - 1].len - u[0].s));
}

/* OLD's blocks A[0..na) replaced by NEW's B[0..nb), compared word by word
 * as one text (each side's blocks as written, a blank line apart). The
 * last blocks of a clause are compared with its references line (OLD_REFS,
 * NEW_REFS, or NULL before the last), as the text report compares them, so
 * that both show the same changes; the line itself is not shown. */
static int replaced(ps_buf *new_cell, ps_buf *old_cell, const unit *a, size_t na, const unit *b,
                    size_t nb, const char *old_refs, const char *new_refs, ps_granularity g,
                    int *first_old, int *first_new) {
  assert((na == 0 || a) && (nb == 0 || b));
  ps_buf ta = PS_BUF_INIT, tb = PS_BUF_INIT;
  blocks_text(&ta, a, na);
  blocks_text(&tb, b, nb);
  cell_pair p = {new_cell, old_cell, ta.len, tb.len, 0, 0};
  if (old_refs)
    ps_buf_printf(&ta, "\n【%s】", old_refs);
  if (new_refs)
    ps_buf_printf(&tb, "\n【%s】", new_refs);
  int rc = ta.failed || tb.failed ? PS_ENOMEM : 0;
  if (rc == 0 && na)
    next_block(old_cell, first_old);
  if (rc == 0 && nb)
    next_block(new_cell, first_new);
  if (rc == 0)
    rc = ps_diff_text(ta.ptr ? ta.ptr : "", tb.ptr ? tb.ptr : "", g, pair_run, &p);
  ps_buf_free(&ta);
  ps_buf_free(&tb);
  return rc;
}

/* The text of both cells of a changed clause: the blocks that did not
 * change abbreviated, the others with the wording that differs underlined. */
static int changed_text(ps_buf *new_cell, ps_buf *old_cell, const ps_version_item *o,
                        const ps_version_item *n, const char *ta, const char *tb, ps_granularity g,
                        int refs) {
  unit *a = NULL, *b = NULL;
  ps_op *ops = NULL;
  long na = units_of(&a, ta), nb = na < 0 ? 0 : units_of(&b, tb), nops = 0;
  int rc = na < 0 || nb < 0 || !a || !b ? PS_ENOMEM : 0;
  if (rc == 0) {
    unit_pair up = {a, b};
    nops = ps_myers(&ops, (size_t)na, (size_t)nb, unit_eq, &up, (size_t)-1);
    rc = nops < 0 ? PS_ENOMEM : 0;
  }
  int first_old = 1, first_new = 1;
  size_t ia = 0, ib = 0; /* the blocks not yet shown */
  for (long k = 0; rc == 0 && k <= nops; k++) {
    if (k < nops && ops[k].kind != PS_OP_EQUAL)
      continue;
    size_t ea = k < nops ? ops[k].a : (size_t)na, eb = k < nops ? ops[k].b : (size_t)nb;
    int last = k == nops;
    if (ea > ia || eb > ib)
      rc = replaced(new_cell, old_cell, a + ia, ea - ia, b + ib, eb - ib,
                    last && refs ? o->refs : NULL, last && refs ? n->refs : NULL, g, &first_old,
                    &first_new);
    if (rc == 0 && k < nops) {
      abbreviated(old_cell, a + ea, b + eb, ops[k].len, &first_old);
      abbreviated(new_cell, b + eb, a + ea, ops[k].len, &first_new);
      ia = ea + ops[k].len;
      ib = eb + ops[k].len;
    }
  }
  free(ops);
  free(a);
  free(b);
  return rc;
}

/* Both cells of a changed clause: each side's heading, then its text. */
static int changed_cells(const ps_diff *d, const ps_version_item *o, const ps_version_item *n,
                         ps_buf *new_cell, ps_buf *old_cell) {
  ps_buf ho = PS_BUF_INIT, hn = PS_BUF_INIT;
  clause_heading(&ho, d->old_v, o);
  clause_heading(&hn, d->new_v, n);
  cell_pair p = {new_cell, old_cell, (size_t)-1, (size_t)-1, 0, 0};
  ps_buf ta = PS_BUF_INIT, tb = PS_BUF_INIT;
  comparison_form(&ta, o->text);
  comparison_form(&tb, n->text);
  int rc = ho.failed || hn.failed || ta.failed || tb.failed ? PS_ENOMEM : 0;
  if (rc == 0)
    rc = ps_diff_text(ho.ptr, hn.ptr, d->options.granularity, pair_run, &p);
  ps_buf_puts(new_cell, "<br>");
  ps_buf_puts(old_cell, "<br>");
  if (rc == 0)
    rc = changed_text(new_cell, old_cell, o, n, ta.ptr ? ta.ptr : "", tb.ptr ? tb.ptr : "",
                      d->options.granularity, !d->options.no_refs);
  ps_buf_free(&ta);
  ps_buf_free(&tb);
  ps_buf_free(&ho);
  ps_buf_free(&hn);
  return rc;
}

/* One side of a clause that the other side lacks: all of it underlined. */
static int whole_cell(const ps_doc_version *v, const ps_version_item *it, ps_buf *cell) {
  ps_buf h = PS_BUF_INIT;
  clause_heading(&h, v, it);
  if (h.failed)
    return PS_ENOMEM;
  ps_buf t = PS_BUF_INIT;
  int rc = comparison_form(&t, it->text);
  cell_text(cell, h.ptr, h.len, 1);
  ps_buf_puts(cell, "<br>");
  if (rc == 0)
    cell_text(cell, t.ptr, t.len, 1);
  ps_buf_free(&t);
  ps_buf_free(&h);
  return rc;
}

/* The title block as its first row when a line of it changed (a changed
 * 題名 heads the table in 公用文 practice): each side's title, date,
 * organization and version on lines of their own, the changed wording
 * underlined; lines that did not change shown plain, for context. */
static int title_cells(const ps_diff *d, ps_buf *new_cell, ps_buf *old_cell) {
  const char *o[4], *n[4];
  o[0] = d->old_v->title;
  n[0] = d->new_v->title;
  ps_version_info(d->old_v, o + 1);
  ps_version_info(d->new_v, n + 1);
  static const char *const fields[] = {"title", "date", "organization", "version"};
  int rc = 0;
  for (size_t k = 0; k < 4 && rc == 0; k++) {
    const ps_title_change *t = NULL;
    for (size_t i = 0; i < d->ntitles && !t; i++)
      t = strcmp(d->titles[i].field, fields[k]) == 0 ? &d->titles[i] : NULL;
    const char *a = t ? t->old_value : o[k], *b = t ? t->new_value : n[k];
    if (a && old_cell->len)
      ps_buf_puts(old_cell, "<br>");
    if (b && new_cell->len)
      ps_buf_puts(new_cell, "<br>");
    if (t && a && b) {
      cell_pair p = {new_cell, old_cell, (size_t)-1, (size_t)-1, 0, 0};
      rc = ps_diff_text(a, b, d->options.granularity, pair_run, &p);
      continue;
    }
    if (a)
      cell_text(old_cell, a, strlen(a), t != NULL);
    if (b)
      cell_text(new_cell, b, strlen(b), t != NULL);
  }
  return rc;
}

static void row(ps_buf *md, const ps_buf *new_cell, const ps_buf *old_cell, int old_first) {
  const ps_buf *left = old_first ? old_cell : new_cell, *right = old_first ? new_cell : old_cell;
  ps_buf_printf(md, "| %s | %s |\n", left->ptr ? left->ptr : "", right->ptr ? right->ptr : "");
}

/* Whether NEW holds a clause with the ID of OLD's removed ITEM (a move:
 * shown where NEW has it). */
static int in_new(const ps_diff *d, const ps_version_item *it) {
  for (size_t i = 0; i < d->nseq; i++)
    if (d->seq[i].new_item && !d->seq[i].new_item->chapter &&
        strcmp(d->seq[i].new_item->id, it->id) == 0)
      return 1;
  return 0;
}

static const ps_version_item *old_of(const ps_diff *d, const ps_version_item *n) {
  for (size_t i = 0; i < d->old_v->count; i++)
    if (!d->old_v->items[i].chapter && strcmp(d->old_v->items[i].id, n->id) == 0)
      return &d->old_v->items[i];
  return NULL;
}

/* The table's rows, in NEW's order with removed clauses where they stood. */
static int rows(ps_buf *md, const ps_diff *d, const ps_comparison_options *opts) {
  int rc = 0;
  for (size_t i = 0; i < d->nseq && rc == 0; i++) {
    const ps_merged *m = &d->seq[i];
    const ps_version_item *n = m->new_item, *o = n ? old_of(d, n) : m->old_item;
    if ((n ? n : o)->chapter || (!n && in_new(d, o)))
      continue;
    ps_buf nc = PS_BUF_INIT, oc = PS_BUF_INIT;
    int same = n && o && strcmp(n->title, o->title) == 0 && strcmp(n->text, o->text) == 0;
    if (same && !opts->show_unchanged) {
      continue;
    } else if (same) {
      clause_heading(&nc, d->new_v, n);
      clause_heading(&oc, d->old_v, o);
      ps_buf_puts(&nc, "<br>（略）");
      ps_buf_puts(&oc, "<br>（略）");
    } else if (n && o) {
      rc = changed_cells(d, o, n, &nc, &oc);
    } else if (n) {
      rc = whole_cell(d->new_v, n, &nc);
      ps_buf_puts(&oc, "（新設）");
    } else {
      rc = whole_cell(d->old_v, o, &oc);
      ps_buf_puts(&nc, "（削る）");
    }
    if (rc == 0 && (nc.failed || oc.failed))
      rc = PS_ENOMEM;
    if (rc == 0)
      row(md, &nc, &oc, opts->old_first);
    ps_buf_free(&nc);
    ps_buf_free(&oc);
  }
  return rc;
}

static int comparison_impl(unsigned char **out, size_t *len, const ps_diff *d, unsigned format,
                           const ps_comparison_options *options, ps_diags *diags) {
  *out = NULL;
  *len = 0;
  ps_comparison_options defaults = {0, 0};
  const ps_comparison_options *opts = options ? options : &defaults;
  const ps_doc_version *nv = d->new_v->absent ? d->old_v : d->new_v;
  const char *name = nv->title ? nv->title : nv->kind;
  ps_buf md = PS_BUF_INIT;
  ps_buf_puts(&md, "（傍線部分は改正部分）\n\n");
  ps_buf_puts(&md, opts->old_first ? "| 改正前 | 改正後 |\n| --- | --- |\n"
                                   : "| 改正後 | 改正前 |\n| --- | --- |\n");
  int rc = 0;
  if (d->ntitles) {
    ps_buf nc = PS_BUF_INIT, oc = PS_BUF_INIT;
    rc = title_cells(d, &nc, &oc);
    if (rc == 0 && (nc.failed || oc.failed))
      rc = PS_ENOMEM;
    if (rc == 0)
      row(&md, &nc, &oc, opts->old_first);
    ps_buf_free(&nc);
    ps_buf_free(&oc);
  }
  if (rc == 0)
    rc = rows(&md, d, opts);
  if (rc == 0 && md.failed)
    rc = PS_ENOMEM;
  ps_buf title = PS_BUF_INIT;
  ps_buf_printf(&title, "%s　新旧対照表", name);
  const char *info[3];
  ps_version_info(nv, info);
  ps_document *doc = NULL;
  if (rc == 0)
    rc = title.failed
             ? PS_ENOMEM
             : ps_document_single(&doc, nv->kind, "新旧対照表", title.ptr, info[1] ? info[1] : "",
                                  "comparison", "", md.ptr, md.len);
  ps_buf_free(&md);
  ps_buf_free(&title);
  if (rc < 0 || !doc) /* DOC is set whenever rc is 0 */
    return rc < 0 ? rc : PS_ENOMEM;
  doc->landscape = 1;
  doc->date = info[0] ? ps_arena_strdup(&doc->arena, info[0]) : NULL;
  if (format == PS_FMT_MD)
    rc = ps_write_md(out, len, doc, diags);
  else if (format == PS_FMT_ODT)
    rc = ps_write_odt(out, len, doc, diags);
  else if (format == PS_FMT_DOCX)
    rc = ps_write_docx(out, len, doc, diags);
  else
    rc = ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "a 新旧対照表 is written as .docx, .odt or .md");
  ps_document_free(doc);
  return rc;
}

int ps_diff_comparison(unsigned char **out, size_t *len, const ps_diff *d, unsigned format,
                       const ps_comparison_options *options, ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors, comparison_impl(out, len, d, format, options, diags),
                      "writing the 新旧対照表");
}
