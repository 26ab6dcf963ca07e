#define _POSIX_C_SOURCE 200809L
/* ODT (OpenDocument 1.3, strict conformance: no foreign elements). The
 * marking of a redline's changes is in odt_redline.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "odt_plan.h"
#include "package.h"
#include "layout.h"
#include "refdoc.h"
#include "walk.h"
#include "write_odt.h"
#include "writers.h"
#include "xmlw.h"

/* The text style of a note (<small>): T1..T15 are the combinations of
 * strong, emphasis, code and link; T16 is small and grey. */
#define ODT_SMALL 16u

static const ps_ns_map odf_ns[] = {{NS_STYLE, "style"}, {NS_FO, "fo"},       {NS_SVG, "svg"},
                                   {NS_TEXT, "text"},   {NS_TABLE, "table"}, {NS_OFFICE, "office"},
                                   {NULL, NULL}};

/* The width between the page's side margins less INDENT (twips), as an
 * ODF length; the page is ours or the reference document's. */
static const char *text_width_cm(char *out, size_t size, const ps_document *doc, long indent);

/* A child of the reference's office:styles: FAMILY style named NAME (or the
 * default style of FAMILY when NAME is NULL). */
static xmlNodePtr ref_style(const ps_document *doc, const char *family, const char *name) {
  if (!doc->reference_odt)
    return NULL;
  xmlNodePtr styles = ps_xml_child(ps_refdoc_styles(doc->reference_odt), NS_OFFICE, "styles");
  for (xmlNodePtr c = styles ? styles->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !c->ns || strcmp((const char *)c->ns->href, NS_STYLE) != 0)
      continue;
    const char *f = ps_xml_attr(c, NS_STYLE, "family");
    const char *n = ps_xml_attr(c, NS_STYLE, "name");
    int is_default = strcmp((const char *)c->name, "default-style") == 0;
    if (f && strcmp(f, family) == 0 &&
        (name ? !is_default && n && strcmp(n, name) == 0 : is_default))
      return c;
  }
  return NULL;
}

static void ns_office(ps_xw *x) {
  xw_attr(x, "xmlns:office", NS_OFFICE);
  xw_attr(x, "xmlns:style", NS_STYLE);
  xw_attr(x, "xmlns:text", NS_TEXT);
  xw_attr(x, "xmlns:table", NS_TABLE);
  xw_attr(x, "xmlns:fo", NS_FO);
  xw_attr(x, "xmlns:svg", NS_SVG);
  xw_attr(x, "office:version", ODF_VERSION);
}

/* Text with ODF white space rules: runs of spaces after the first, and
 * spaces at the start, need text:s (ODF 1.3 part 3, 6.1.3). */
void odt_text(ps_xw *x, const char *s, size_t len, int at_start) {
  size_t i = 0;
  while (i < len) {
    size_t k = i;
    while (k < len && s[k] != ' ')
      k++;
    xw_text(x, s + i, k - i);
    if (k == len)
      break;
    size_t spaces = 0;
    while (k < len && s[k] == ' ')
      k++, spaces++;
    int keep_first = !(at_start && i == 0 && k - spaces == 0);
    if (keep_first)
      xw_text(x, " ", 1), spaces--;
    if (spaces) {
      xw_start(x, "text:s");
      if (spaces > 1)
        xw_attrf(x, "text:c", "%zu", spaces);
      xw_end(x);
    }
    i = k;
  }
}

static void para_text(ps_xw *x, const char *elem, const char *style, const char *text) {
  xw_start(x, elem);
  xw_attr(x, "text:style-name", style);
  odt_text(x, text, strlen(text), 1);
  xw_end(x);
}

void odt_text_elem(ps_xw *x, const char *name, const char *text) {
  xw_start(x, name);
  xw_text(x, text, strlen(text));
  xw_end(x);
}

static void toc_template(ps_xw *x, int level) {
  xw_start(x, "text:table-of-content-entry-template");
  xw_attrf(x, "text:outline-level", "%d", level);
  xw_attrf(x, "text:style-name", "Contents_20_%d", level);
  xw_leaf(x, "text:index-entry-link-start", NULL, NULL);
  xw_leaf(x, "text:index-entry-chapter", NULL, NULL);
  xw_leaf(x, "text:index-entry-text", NULL, NULL);
  xw_start(x, "text:index-entry-tab-stop");
  xw_attr(x, "style:type", "right");
  xw_attr(x, "style:leader-char", ".");
  xw_end(x);
  xw_leaf(x, "text:index-entry-page-number", NULL, NULL);
  xw_leaf(x, "text:index-entry-link-end", NULL, NULL);
  xw_end(x);
}

/* One entry: a link to the heading's bookmark, a tab and the page number
 * as a reference field, which the word processor computes. */
/* One entry, left open: a link to the heading's bookmark, a tab and the
 * page number as a reference field, which the word processor computes. */
static void toc_entry_open(ps_xw *x, const ps_toc_entry *e) {
  char href[80];
  xw_start(x, "text:p");
  xw_attrf(x, "text:style-name", "Contents_20_%d", e->level);
  xw_start(x, "text:a");
  xw_attr(x, "xlink:type", "simple");
  snprintf(href, sizeof href, "#%s", e->anchor);
  xw_attr(x, "xlink:href", href);
  /* Entries keep the text colour: a table of contents, not web links. */
  xw_attr(x, "text:style-name", "Index_20_Link");
  xw_attr(x, "text:visited-style-name", "Index_20_Link");
  odt_text(x, e->text, strlen(e->text), 1);
  xw_leaf(x, "text:tab", NULL, NULL);
  xw_start(x, "text:bookmark-ref");
  xw_attr(x, "text:reference-format", "page");
  xw_attr(x, "text:ref-name", e->anchor);
  xw_text(x, "1", 1);
  xw_end(x);
  xw_end(x);
}

static int collect_toc(void *ctx, const ps_toc_entry *e) {
  toc_list *l = ctx;
  toc_line *v = ps_grow(l->v, &l->cap, l->n, sizeof *v);
  if (!v)
    return PS_ENOMEM;
  l->v = v;
  v[l->n].e = *e;
  snprintf(v[l->n++].anchor, sizeof v->anchor, "%s", e->anchor);
  return 0;
}

const char *const odt_toc_styles[] = {"Contents_20_1", "Contents_20_2"};

/* The lines of the table of contents, a container of their own. */
static int toc_lines(odt *o) {
  ps_xw *x = &o->x;
  toc_list l = {NULL, 0, 0};
  odt_marks marks, *body = o->m;
  memset(&marks, 0, sizeof marks);
  int rc = ps_toc_each(o->doc, collect_toc, &l);
  size_t *order = rc == 0 && l.n ? malloc(l.n * sizeof *order) : NULL, lines = 0;
  rc = rc < 0 || (l.n && !order) ? PS_ENOMEM : 0;
  for (size_t i = 0; i < l.n; i++)
    l.v[i].e.anchor = l.v[i].anchor;
  if (rc == 0) {
    lines = odt_toc_order(&l, order, &marks.plan);
    rc = ps_plan_decide(&marks.plan);
  }
  o->m = &marks;
  ps_rev group = o->group;
  int skip = o->skip;
  o->group = PS_REV_NONE;
  o->skip = o->changes_pass;
  for (size_t i = 0; order && i < lines && rc == 0; i++) { /* no entries: no ORDER, no lines */
    const ps_toc_entry *e = &l.v[order[i]].e;
    if (e->rev != o->group)
      odt_switch_change(o, e->rev);
    odt_top_block(o, 1);
    if (!o->skip) {
      toc_entry_open(x, e);
      if (o->changes_pass)
        xw_end(x);
      else
        marks.para_open = 1;
    }
  }
  if (rc == 0 && o->group != PS_REV_NONE)
    odt_switch_change(o, PS_REV_NONE);
  if (rc == 0)
    odt_end_container(o, odt_toc_styles[0]);
  o->m = body;
  o->group = group;
  o->skip = skip;
  ps_plan_free(&marks.plan);
  free(order);
  free(l.v);
  return rc < 0 ? rc : xw_status(x);
}

/* ODF 1.3 part 3, 8.3: a table of contents whose body already holds the
 * entries, since LibreOffice does not fill an empty index on load. The
 * changes pass writes only its changes. */
static int toc(odt *o) {
  ps_xw *x = &o->x;
  if (o->changes_pass)
    return toc_lines(o);
  xw_start(x, "text:table-of-content");
  xw_attr(x, "text:name", "目次");
  xw_attr(x, "text:protected", "true");
  xw_start(x, "text:table-of-content-source");
  xw_attr(x, "text:outline-level", "2");
  xw_start(x, "text:index-title-template");
  xw_attr(x, "text:style-name", "Contents_20_Heading");
  xw_text(x, "目次", strlen("目次"));
  xw_end(x);
  toc_template(x, 1);
  toc_template(x, 2);
  xw_end(x);
  xw_start(x, "text:index-body");
  xw_start(x, "text:index-title");
  xw_attr(x, "text:name", "目次_Head");
  para_text(x, "text:p", "Contents_20_Heading", "目次");
  xw_end(x);
  int rc = toc_lines(o);
  xw_end(x);
  xw_end(x);
  return rc;
}

/* ---- walk callbacks ---- */

static int on_after_title(void *ctx, const ps_document *doc) {
  odt *o = ctx;
  if (!doc->toc)
    return 0;
  odt_top_block(o, 0);
  int rc = toc(o);
  if (rc < 0)
    return rc;
  return xw_status(&o->x);
}

/* UNNUMBERED: a heading the outline numbering leaves out (the 別表). */
static void start_heading(odt *o, int level, int unnumbered, const char *bookmark) {
  char style[32];
  snprintf(style, sizeof style, "Heading_20_%d", level);
  xw_start(&o->x, "text:h");
  xw_attr(&o->x, "text:style-name", style);
  xw_attrf(&o->x, "text:outline-level", "%d", level);
  if (unnumbered) /* ODF 1.2 19.852: a heading without a number */
    xw_attr(&o->x, "text:is-list-header", "true");
  o->pending_bookmark[0] = '\0';
  if (bookmark) {
    snprintf(o->pending_bookmark, sizeof o->pending_bookmark, "%s", bookmark);
    xw_leaf(&o->x, "text:bookmark-start", "text:name", bookmark);
  }
}

/* The style of paragraph P (and its outline level, for a heading). */
const char *odt_para_style_of(const odt *o, const ps_para *p, int *level) {
  static const char *const headings[] = {"Heading_20_1", "Heading_20_2", "Heading_20_3"};
  *level = 0;
  switch (p->kind) {
  case PS_PARA_HEADING:
  case PS_PARA_SECTION:
  case PS_PARA_CLAUSE:
  case PS_PARA_APPENDIX:
    *level = p->kind == PS_PARA_HEADING ? 3
             : p->kind == PS_PARA_SECTION || p->kind == PS_PARA_APPENDIX ||
                     o->doc->numbering != PS_NUM_CHAPTERS
                 ? 1
                 : 2;
    return headings[*level - 1];
  case PS_PARA_TITLE: return "Title";
  case PS_PARA_TITLE_INFO:
  case PS_PARA_CLOSING: return "Title_20_Info";
  case PS_PARA_CODE: return "Preformatted_20_Text";
  case PS_PARA_QUOTE: return "Quotations";
  case PS_PARA_REFS: return "Clause_20_References";
  case PS_PARA_PAGE_BREAK: return "Page_20_Break";
  case PS_PARA_BODY:
    return p->indent == PS_INDENT_FIRST      ? "Body_20_Indent"
           : p->indent == PS_INDENT_NUMBERED ? "Numbered_20_Paragraph"
                                             : "Standard";
  case PS_PARA_CELL:
    return p->header_cell    ? "Table_20_Heading"
           : p->align == 'c' ? "Table_20_Contents_20_Center"
           : p->align == 'r' ? "Table_20_Contents_20_Right"
                             : "Table_20_Contents";
  default: return "Standard";
  }
}

/* Paragraph styles whose last paragraph before a references line may be
 * kept with it: each gets an automatic variant "Keep_NAME". */
static const char *const keep_bases[] = {"Standard",
                                         "Body_20_Indent",
                                         "Numbered_20_Paragraph",
                                         "Clause_20_References",
                                         "Table_20_Contents",
                                         "Table_20_Contents_20_Center",
                                         "Table_20_Contents_20_Right",
                                         "Table_20_Heading",
                                         "Preformatted_20_Text",
                                         "Quotations"};

static const char *keep_style(const char *base) {
  static const char *const names[] = {"Keep_Standard",
                                      "Keep_Body_20_Indent",
                                      "Keep_Numbered_20_Paragraph",
                                      "Keep_Clause_20_References",
                                      "Keep_Table_20_Contents",
                                      "Keep_Table_20_Contents_20_Center",
                                      "Keep_Table_20_Contents_20_Right",
                                      "Keep_Table_20_Heading",
                                      "Keep_Preformatted_20_Text",
                                      "Keep_Quotations"};
  for (size_t i = 0; i < sizeof keep_bases / sizeof keep_bases[0]; i++)
    if (strcmp(base, keep_bases[i]) == 0)
      return names[i];
  return base;
}

static int on_para_begin(void *ctx, const ps_para *p) {
  odt *o = ctx;
  ps_xw *x = &o->x;
  int level;
  o->pending_bookmark[0] = '\0';
  o->para_style = odt_para_style_of(o, p, &level);
  if (o->depth == 0)
    odt_top_block(o, 1);
  if (o->skip)
    return 0;
  if (level) {
    char old[80];
    if (p->bookmark && p->rev == PS_REV_DEL)
      ps_deleted_anchor(old, sizeof old, o->doc, p->bookmark);
    start_heading(o, level, p->kind == PS_PARA_APPENDIX,
                  p->bookmark && p->rev == PS_REV_DEL ? old : p->bookmark);
  } else {
    xw_start(x, "text:p");
    xw_attr(x, "text:style-name", p->keep_next ? keep_style(o->para_style) : o->para_style);
  }
  odt_move_annotation(o);
  return xw_status(x);
}

static int on_end_element(void *ctx) {
  odt *o = ctx;
  if (!o->skip)
    xw_end(&o->x);
  return xw_status(&o->x);
}

static int on_block_end(void *ctx) {
  odt *o = ctx;
  o->depth--;
  return on_end_element(ctx);
}

static int on_para_end(void *ctx) {
  odt *o = ctx;
  if (o->skip)
    return 0;
  if (o->pending_bookmark[0])
    xw_leaf(&o->x, "text:bookmark-end", "text:name", o->pending_bookmark);
  o->pending_bookmark[0] = '\0';
  if (o->doc->redline && !o->changes_pass && o->depth == 0) {
    o->m->para_open = 1; /* until the next block: a change may be marked at its end */
    return xw_status(&o->x);
  }
  return on_end_element(ctx);
}

void odt_span(odt *o, const char *s, size_t len, unsigned format) {
  if (format) {
    xw_start(&o->x, "text:span");
    xw_attrf(&o->x, "text:style-name", "T%u", format);
  }
  odt_text(&o->x, s, len, 0);
  if (format)
    xw_end(&o->x);
}

static int on_text(void *ctx, const char *s, size_t len, unsigned inl) {
  odt *o = ctx;
  /* An underline (a 新旧対照表's 傍線) looks as a link does: one style; a
   * note (<small>) has a style of its own, T16. */
  unsigned format = inl & PS_INL_SMALL
                        ? ODT_SMALL
                        : (inl & (PS_INL_STRONG | PS_INL_EMPH | PS_INL_CODE | PS_INL_LINK)) |
                              (inl & PS_INL_UNDERLINE ? PS_INL_LINK : 0);
  /* Runs are marked only in paragraphs that are not inserted or deleted whole. */
  unsigned rev = o->group == PS_REV_NONE ? inl & (PS_INL_INS | PS_INL_DEL) : 0;
  if (rev || o->changes_pass)
    odt_changed_run(o, s, len, format, rev);
  else if (!o->skip)
    odt_span(o, s, len, format);
  return xw_status(&o->x);
}

static int on_line_break(void *ctx) {
  odt *o = ctx;
  if (!o->skip)
    xw_leaf(&o->x, "text:line-break", NULL, NULL);
  return xw_status(&o->x);
}

/* The blocks that follow are inserted, deleted or neither (walk.h). */
static int on_block_rev(void *ctx, ps_rev rev) {
  odt *o = ctx;
  odt_switch_change(o, rev);
  return xw_status(&o->x);
}

/* A list or table starts a top-level block. */
static void block_begin(odt *o) {
  if (o->depth++ == 0)
    odt_top_block(o, 0);
}

static int on_list_begin(void *ctx, int ordered, int start) {
  odt *o = ctx;
  block_begin(o);
  if (o->skip)
    return 0;
  xw_start(&o->x, "text:list");
  xw_attr(&o->x, "text:style-name", ordered ? "L_Ordered" : "L_Bullet");
  (void)start; /* a new text:list restarts its numbering at 1 */
  return xw_status(&o->x);
}

static int on_item_begin(void *ctx) {
  odt *o = ctx;
  if (o->skip)
    return 0;
  xw_start(&o->x, "text:list-item");
  return xw_status(&o->x);
}

static int on_table_begin(void *ctx, int ncols, const unsigned *weights) {
  odt *o = ctx;
  ps_xw *x = &o->x;
  block_begin(o);
  if (o->skip)
    return 0;
  xw_start(x, "table:table");
  xw_attrf(x, "table:name", "Table%u", ++o->tables);
  xw_attr(x, "table:style-name", "Tbl");
  for (int c = 0; c < ncols; c++) {
    xw_start(x, "table:table-column");
    xw_attrf(x, "table:style-name", "Col%u", weights[c]);
    xw_end(x);
  }
  o->in_header_rows = 0;
  return xw_status(x);
}

static int on_table_end(void *ctx) {
  odt *o = ctx;
  if (o->in_header_rows && !o->skip)
    xw_end(&o->x);
  o->in_header_rows = 0;
  return on_block_end(ctx);
}

static int on_row_begin(void *ctx, int kind, ps_rev rev) {
  odt *o = ctx;
  ps_xw *x = &o->x;
  int header = kind == PS_ROW_HEADER;
  if (o->skip)
    return 0;
  if (header && !o->in_header_rows) {
    xw_start(x, "table:table-header-rows");
    o->in_header_rows = 1;
  } else if (!header && o->in_header_rows) {
    xw_end(x);
    o->in_header_rows = 0;
  }
  xw_start(x, "table:table-row");
  /* A row inserted or deleted in a table that stays: LibreOffice's mark
   * (loext:text-changes-only="false") makes accepting or rejecting the
   * change of its text insert or remove the row itself. Rows of a table
   * inserted or deleted whole change with their table. */
  xw_attr(x, "table:style-name",
          rev != PS_REV_NONE && o->group == PS_REV_NONE ? "TblRowTracked"
          : kind == PS_ROW_BLANK                        ? "TblRowBlank"
                                                        : "TblRow");
  o->in_header_rows = header ? 1 : o->in_header_rows;
  return xw_status(x);
}

static int on_cell_begin(void *ctx, int col) {
  odt *o = ctx;
  (void)col;
  if (o->skip)
    return 0;
  xw_start(&o->x, "table:table-cell");
  xw_attr(&o->x, "table:style-name", o->in_header_rows ? "TblHead" : "TblCell");
  xw_attr(&o->x, "office:value-type", "string");
  return xw_status(&o->x);
}

static const ps_walk_ops odt_ops = {
    .after_title = on_after_title,
    .para_begin = on_para_begin,
    .para_end = on_para_end,
    .text = on_text,
    .line_break = on_line_break,
    .list_begin = on_list_begin,
    .list_end = on_block_end,
    .item_begin = on_item_begin,
    .item_end = on_end_element,
    .table_begin = on_table_begin,
    .table_end = on_table_end,
    .row_begin = on_row_begin,
    .row_end = on_end_element,
    .cell_begin = on_cell_begin,
    .cell_end = on_end_element,
    .block_rev = on_block_rev,
    .move = odt_on_move,
};

/* ---- the first pass: which column widths the tables use ---- */

static int nop(void *ctx) {
  (void)ctx;
  return 0;
}
static int nop_text(void *ctx, const char *s, size_t n, unsigned i) {
  (void)ctx, (void)s, (void)n, (void)i;
  return 0;
}
static int nop_row(void *ctx, int header, ps_rev rev) {
  (void)ctx, (void)header, (void)rev;
  return 0;
}
static int nop_cell(void *ctx, int col) {
  (void)ctx, (void)col;
  return 0;
}

static int collect_widths(void *ctx, int ncols, const unsigned *weights) {
  odt *o = ctx;
  for (int c = 0; c < ncols; c++)
    o->weight_used[weights[c]] = 1;
  odt_plan_other_block(o);
  o->depth++;
  return 0;
}

/* The first walk: the column widths the tables use, and a redline's plan. */
static const ps_walk_ops width_ops = {
    .after_title = odt_plan_toc,
    .para_begin = odt_plan_para,
    .para_end = nop,
    .text = nop_text,
    .line_break = nop,
    .list_begin = odt_plan_list,
    .list_end = odt_plan_block_end,
    .item_begin = nop,
    .item_end = nop,
    .table_begin = collect_widths,
    .table_end = odt_plan_block_end,
    .row_begin = nop_row,
    .row_end = nop,
    .cell_begin = nop_cell,
    .cell_end = nop,
    .block_rev = odt_plan_change,
};

/* ---- styles ---- */

static void font_face(ps_xw *x, const char *name, const char *generic, const char *pitch) {
  xw_start(x, "style:font-face");
  xw_attr(x, "style:name", name);
  xw_attrf(x, "svg:font-family", "'%s'", name);
  xw_attr(x, "style:font-family-generic", generic);
  xw_attr(x, "style:font-pitch", pitch);
  xw_end(x);
}

static void font_decls(ps_xw *x, const ps_document *doc) {
  static const char *ours[] = {PS_FONT_LATIN, PS_FONT_CODE, PS_FONT_MINCHO, PS_FONT_GOTHIC};
  xw_start(x, "office:font-face-decls");
  font_face(x, PS_FONT_LATIN, "roman", "variable");
  font_face(x, PS_FONT_CODE, "modern", "fixed");
  font_face(x, PS_FONT_MINCHO, "roman", "variable");
  font_face(x, PS_FONT_GOTHIC, "swiss", "variable");
  xmlNodePtr decls = doc->reference_odt ? ps_xml_child(ps_refdoc_styles(doc->reference_odt),
                                                       NS_OFFICE, "font-face-decls")
                                        : NULL;
  for (xmlNodePtr c = decls ? decls->children : NULL; c; c = c->next) {
    const char *name = c->type == XML_ELEMENT_NODE ? ps_xml_attr(c, NS_STYLE, "name") : NULL;
    int dup = 0;
    for (size_t i = 0; name && i < sizeof ours / sizeof ours[0]; i++)
      dup |= strcmp(name, ours[i]) == 0;
    if (name && !dup)
      ps_xml_copy(x, c, odf_ns, NULL);
  }
  xw_end(x);
}

static void text_style_props(ps_xw *x, unsigned inl) {
  xw_start(x, "style:text-properties");
  if (inl & PS_INL_CODE) {
    xw_attr(x, "style:font-name", PS_FONT_CODE);
    xw_attr(x, "style:font-name-asian", PS_FONT_GOTHIC);
  }
  if (inl & PS_INL_STRONG) {
    xw_attr(x, "fo:font-weight", "bold");
    xw_attr(x, "style:font-weight-asian", "bold");
  }
  if (inl & PS_INL_EMPH) {
    xw_attr(x, "fo:font-style", "italic");
    xw_attr(x, "style:font-style-asian", "italic");
  }
  if (inl & PS_INL_LINK) {
    xw_attr(x, "style:text-underline-style", "solid");
    xw_attr(x, "style:text-underline-width", "auto");
    xw_attr(x, "style:text-underline-color", "font-color");
  }
  if (inl == ODT_SMALL) {
    xw_attr(x, "fo:color", "#808080");
    xw_attr(x, "fo:font-size", "8pt");
    xw_attr(x, "style:font-size-asian", "8pt");
    xw_attr(x, "style:font-size-complex", "8pt");
  }
  xw_end(x);
}

static void cell_style(ps_xw *x, const char *name, int header) {
  xw_start(x, "style:style");
  xw_attr(x, "style:name", name);
  xw_attr(x, "style:family", "table-cell");
  xw_start(x, "style:table-cell-properties");
  if (header)
    xw_attr(x, "fo:background-color", "#d9d9d9");
  char cm[32];
  ps_twips_cm(cm, sizeof cm, PS_CELL_MARGIN_TOP);
  xw_attr(x, "fo:padding-top", cm);
  xw_attr(x, "fo:padding-bottom", cm);
  ps_twips_cm(cm, sizeof cm, PS_CELL_MARGIN_SIDE);
  xw_attr(x, "fo:padding-left", cm);
  xw_attr(x, "fo:padding-right", cm);
  xw_attr(x, "fo:border", "0.5pt solid #000000");
  xw_end(x);
  xw_end(x);
}

static void content_auto_styles(ps_xw *x, const odt *o) {
  xw_start(x, "office:automatic-styles");
  for (size_t i = 0; i < sizeof keep_bases / sizeof keep_bases[0]; i++) {
    xw_start(x, "style:style");
    xw_attr(x, "style:name", keep_style(keep_bases[i]));
    xw_attr(x, "style:family", "paragraph");
    xw_attr(x, "style:parent-style-name", keep_bases[i]);
    xw_start(x, "style:paragraph-properties");
    xw_attr(x, "fo:keep-with-next", "always");
    xw_end(x);
    xw_end(x);
  }
  for (unsigned inl = 1; inl <= ODT_SMALL; inl++) {
    xw_start(x, "style:style");
    xw_attrf(x, "style:name", "T%u", inl);
    xw_attr(x, "style:family", "text");
    text_style_props(x, inl);
    xw_end(x);
  }
  xw_start(x, "style:style");
  xw_attr(x, "style:name", "Tbl");
  xw_attr(x, "style:family", "table");
  xw_start(x, "style:table-properties");
  char width[32];
  xw_attr(x, "style:width", text_width_cm(width, sizeof width, o->doc, 0));
  xw_attr(x, "table:align", "margins");
  xw_attr(x, "table:border-model", "collapsing"); /* one border between cells, as in DOCX */
  xw_end(x);
  xw_end(x);
  for (unsigned w = 0; w <= PS_WEIGHT_TOTAL; w++) {
    if (!o->weight_used[w])
      continue;
    xw_start(x, "style:style");
    xw_attrf(x, "style:name", "Col%u", w);
    xw_attr(x, "style:family", "table-column");
    xw_start(x, "style:table-column-properties");
    xw_attrf(x, "style:rel-column-width", "%u*", w ? w : 1);
    xw_end(x);
    xw_end(x);
  }
  static const char *const rows[] = {"TblRow", "TblRowBlank"};
  for (size_t i = 0; i < 2; i++) {
    xw_start(x, "style:style");
    xw_attr(x, "style:name", rows[i]);
    xw_attr(x, "style:family", "table-row");
    xw_start(x, "style:table-row-properties");
    if (i == 1) /* room to write in, as the DOCX trHeight: 36pt (ODF 17.17.2) */
      xw_attr(x, "style:min-row-height", "36pt");
    xw_attr(x, "fo:keep-together", "always");
    xw_end(x);
    xw_end(x);
  }
  if (o->doc->redline) {
    xw_start(x, "style:style");
    xw_attr(x, "style:name", "TblRowTracked");
    xw_attr(x, "style:family", "table-row");
    xw_start(x, "style:table-row-properties");
    xw_attr(x, "fo:keep-together", "always");
    xw_attr(x, "loext:text-changes-only", "false");
    xw_end(x);
    xw_end(x);
  }
  cell_style(x, "TblCell", 0);
  cell_style(x, "TblHead", 1);
  xw_end(x);
}

static int content_part(odt *o, unsigned char **out, size_t *len) {
  ps_xw *x = &o->x;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "office:document-content");
  ns_office(x);
  xw_attr(x, "xmlns:xlink", "http://www.w3.org/1999/xlink");
  if (o->doc->redline) {
    xw_attr(x, "xmlns:dc", NS_DC);
    xw_attr(x, "xmlns:loext", NS_LOEXT);
  }
  font_decls(x, o->doc);
  int rc = ps_walk(o->doc, &width_ops, o);
  if (rc == 0)
    rc = ps_plan_decide(&o->body.plan);
  if (rc < 0) {
    xw_discard(x);
    return rc;
  }
  content_auto_styles(x, o);
  xw_start(x, "office:body");
  xw_start(x, "office:text");
  if (o->doc->redline) {
    xw_start(x, "text:tracked-changes");
    o->changes_pass = o->skip = 1;
    rc = ps_walk(o->doc, &odt_ops, o);
    xw_end(x);
    o->changes_pass = o->skip = 0;
    o->change = 0;
    o->body.next = 0;
  }
  if (rc == 0)
    rc = ps_walk(o->doc, &odt_ops, o);
  if (rc < 0) {
    xw_discard(x);
    return rc;
  }
  odt_end_container(o, "Standard");
  xw_end(x);
  xw_end(x);
  xw_end(x);
  return xw_finish(x, out, len);
}

static const char *align_of(ps_align a) {
  static const char *const align[] = {[PS_ALIGN_JUSTIFY] = "justify",
                                      [PS_ALIGN_LEFT] = "start",
                                      [PS_ALIGN_CENTER] = "center",
                                      [PS_ALIGN_RIGHT] = "end"};
  return align[a];
}

static void text_props(ps_xw *x, const ps_style *s) {
  char size[16], color[16];
  snprintf(size, sizeof size, "%gpt", s->half_points / 2.0);
  snprintf(color, sizeof color, "#%s", s->color ? s->color : "");
  xw_start(x, "style:text-properties");
  if (s->latin_font)
    xw_attr(x, "style:font-name", s->latin_font);
  if (s->color)
    xw_attr(x, "fo:color", color);
  if (s->half_points)
    xw_attr(x, "fo:font-size", size);
  if (s->bold)
    xw_attr(x, "fo:font-weight", "bold");
  if (s->asian_font)
    xw_attr(x, "style:font-name-asian", s->asian_font);
  if (s->half_points)
    xw_attr(x, "style:font-size-asian", size);
  if (s->bold)
    xw_attr(x, "style:font-weight-asian", "bold");
  xw_end(x);
}

/* One paragraph style of the layout (layout.h). */
static void para_style(ps_xw *x, const ps_style *s, const ps_document *doc) {
  xmlNodePtr ref_text =
      ps_xml_child(ref_style(doc, "paragraph", s->odt_name), NS_STYLE, "text-properties");
  char cm[32];
  xw_start(x, "style:style");
  xw_attr(x, "style:name", s->odt_name);
  if (s->odt_display)
    xw_attr(x, "style:display-name", s->odt_display);
  xw_attr(x, "style:family", "paragraph");
  if (strcmp(s->odt_name, "Standard") != 0) {
    xw_attr(x, "style:parent-style-name", "Standard");
    xw_attr(x, "style:next-style-name", "Standard");
  }
  if (s->outline)
    xw_attrf(x, "style:default-outline-level", "%d", s->outline);
  xw_start(x, "style:paragraph-properties");
  xw_attr(x, "fo:margin-top", ps_twips_cm(cm, sizeof cm, s->before));
  xw_attr(x, "fo:margin-bottom", ps_twips_cm(cm, sizeof cm, s->after));
  if (s->indent)
    xw_attr(x, "fo:margin-left", ps_twips_cm(cm, sizeof cm, s->indent));
  xw_attr(x, "fo:text-align", align_of(s->align));
  if (s->keep_next)
    xw_attr(x, "fo:keep-with-next", "always");
  if (s->page_break_after)
    xw_attr(x, "fo:break-after", "page"); /* ODF 20.193 */
  /* Only body text is set on the line grid; headings, the title and
   * table cells keep their own spacing, as Word lays them out. */
  if (!s->on_grid)
    xw_attr(x, "style:snap-to-layout-grid", "false");
  /* 字下げ by one full-width character at the body size, as in DOCX; a
   * numbered paragraph hangs its number at the margin (ODF 20.216). */
  if (s->first_line) /* in points: a character at the body size */
    xw_attrf(x, "fo:text-indent", "%gpt", s->first_line / 20.0);
  if (strncmp(s->odt_name, "Contents_20_", 12) == 0 && s->odt_name[12] != 'H') {
    /* The right tab stop for the page numbers of the table of contents, at
     * the right margin (the position counts from the paragraph's indent). */
    xw_start(x, "style:tab-stops");
    xw_start(x, "style:tab-stop");
    xw_attr(x, "style:position", text_width_cm(cm, sizeof cm, doc, s->indent));
    xw_attr(x, "style:type", "right");
    xw_attr(x, "style:leader-style", "dotted");
    xw_attr(x, "style:leader-text", ".");
    xw_end(x);
    xw_end(x);
  }
  xw_end(x);
  if (ref_text)
    ps_xml_copy(x, ref_text, odf_ns, NULL); /* the house style's fonts and sizes */
  else if (s->asian_font || s->bold || s->half_points || s->latin_font || s->color)
    text_props(x, s);
  xw_end(x);
}

static void default_style(ps_xw *x, const ps_document *doc) {
  xw_start(x, "style:default-style");
  xw_attr(x, "style:family", "paragraph");
  xw_start(x, "style:paragraph-properties");
  xw_attr(x, "style:line-break", "strict");
  xw_attr(x, "style:writing-mode", "lr-tb");
  xw_end(x);
  xmlNodePtr ref_text =
      ps_xml_child(ref_style(doc, "paragraph", NULL), NS_STYLE, "text-properties");
  if (ref_text) {
    ps_xml_copy(x, ref_text, odf_ns, NULL);
    xw_end(x);
    return;
  }
  xw_start(x, "style:text-properties");
  xw_attr(x, "style:font-name", PS_FONT_LATIN);
  xw_attrf(x, "fo:font-size", "%gpt", PS_BODY_HALF_POINTS / 2.0);
  xw_attr(x, "fo:language", "en");
  xw_attr(x, "fo:country", "US");
  xw_attr(x, "style:font-name-asian", PS_FONT_MINCHO);
  xw_attrf(x, "style:font-size-asian", "%gpt", PS_BODY_HALF_POINTS / 2.0);
  xw_attr(x, "style:language-asian", "ja");
  xw_attr(x, "style:country-asian", "JP");
  xw_end(x);
  xw_end(x);
}

/* Level LEVEL (1-based), indented one step (layout.h) per level. */
static void list_level_props(ps_xw *x, int level) {
  char cm[32], indent[40];
  snprintf(indent, sizeof indent, "-%s", ps_twips_cm(cm, sizeof cm, PS_LIST_INDENT));
  xw_start(x, "style:list-level-properties");
  xw_attr(x, "text:list-level-position-and-space-mode", "label-alignment");
  xw_start(x, "style:list-level-label-alignment");
  xw_attr(x, "text:label-followed-by", "listtab");
  xw_attr(x, "text:list-tab-stop-position",
          ps_twips_cm(cm, sizeof cm, (long)PS_LIST_INDENT * level));
  xw_attr(x, "fo:text-indent", indent);
  xw_attr(x, "fo:margin-left", ps_twips_cm(cm, sizeof cm, (long)PS_LIST_INDENT * level));
  xw_end(x);
  xw_end(x);
}

/* The list levels of layout.h: (1), ア, (ア), a, (a), 6. ... or bullets. */
static void list_styles(ps_xw *x) {
  static const char *const num_format[] = {
      [PS_NUMFMT_DECIMAL] = "1", [PS_NUMFMT_IROHA] = "ア", [PS_NUMFMT_LOWER] = "a"};
  xw_start(x, "text:list-style");
  xw_attr(x, "style:name", "L_Bullet");
  for (int l = 1; l <= PS_LIST_LEVELS; l++) {
    xw_start(x, "text:list-level-style-bullet");
    xw_attrf(x, "text:level", "%d", l);
    xw_attr(x, "text:bullet-char", ps_layout_bullet(l - 1));
    list_level_props(x, l);
    xw_end(x);
  }
  xw_end(x);
  xw_start(x, "text:list-style");
  xw_attr(x, "style:name", "L_Ordered");
  for (int l = 1; l <= PS_LIST_LEVELS; l++) {
    ps_list_level n = ps_layout_ordered_level(l - 1);
    xw_start(x, "text:list-level-style-number");
    xw_attrf(x, "text:level", "%d", l);
    xw_attr(x, "style:num-prefix", n.prefix);
    xw_attr(x, "style:num-suffix", n.suffix);
    xw_attr(x, "style:num-format", num_format[n.format]);
    list_level_props(x, l);
    xw_end(x);
  }
  xw_end(x);
}

/* Heading numbers, produced by the word processor (ODF 1.3 part 3,
 * 16.39): 第1 and 1 in a specification, 第1条 in a contract annex. */
static void outline_style(ps_xw *x, ps_numbering numbering) {
  xw_start(x, "text:outline-style");
  xw_attr(x, "style:name", "Outline");
  for (int l = 1; l <= 10; l++) {
    const char *prefix, *suffix;
    const char *format = ps_layout_heading_number(numbering, l, &prefix, &suffix) ? "1" : "";
    xw_start(x, "text:outline-level-style");
    xw_attrf(x, "text:level", "%d", l);
    if (*prefix)
      xw_attr(x, "style:num-prefix", prefix);
    if (*suffix)
      xw_attr(x, "style:num-suffix", suffix);
    xw_attr(x, "style:num-format", format);
    xw_start(x, "style:list-level-properties");
    xw_attr(x, "text:list-level-position-and-space-mode", "label-alignment");
    xw_start(x, "style:list-level-label-alignment");
    xw_attr(x, "text:label-followed-by", "nothing");
    xw_end(x);
    xw_end(x);
    xw_end(x);
  }
  xw_end(x);
}

/* The page-layout-properties of the reference's first master page. */
static xmlNodePtr ref_page(const ps_document *doc) {
  if (!doc->reference_odt)
    return NULL;
  xmlNodePtr root = ps_refdoc_styles(doc->reference_odt);
  xmlNodePtr master =
      ps_xml_child(ps_xml_child(root, NS_OFFICE, "master-styles"), NS_STYLE, "master-page");
  const char *layout = ps_xml_attr(master, NS_STYLE, "page-layout-name");
  xmlNodePtr autos = ps_xml_child(root, NS_OFFICE, "automatic-styles");
  for (xmlNodePtr c = autos ? autos->children : NULL; c && layout; c = c->next) {
    const char *name = c->type == XML_ELEMENT_NODE ? ps_xml_attr(c, NS_STYLE, "name") : NULL;
    if (name && strcmp(name, layout) == 0 && strcmp((const char *)c->name, "page-layout") == 0)
      return ps_xml_child(c, NS_STYLE, "page-layout-properties");
  }
  return NULL;
}

/* A length of the reference page in twips, or OURS when it is not a plain
 * length. */
static long ref_twips(xmlNodePtr props, const char *name, long ours) {
  long v = ps_length_twips(ps_xml_attr(props, NS_FO, name));
  return v > 0 ? v : ours;
}

/* The height of the header (HEADER 1) or footer (0) area of the
 * reference page's layout, in twips, or 0 when it has none. */
static long ref_band(xmlNodePtr props, int header) {
  xmlNodePtr band = props ? ps_xml_child(props->parent, NS_STYLE,
                                         header ? "header-style" : "footer-style")
                          : NULL;
  xmlNodePtr hf = ps_xml_child(band, NS_STYLE, "header-footer-properties");
  return hf ? ps_length_twips(ps_xml_attr(hf, NS_FO, "min-height")) : 0;
}

/* The page (layout.h), or the reference document's size and margins. As
 * in DOCX, top and bottom are where the body begins and ends, header and
 * footer where the header and footer begin and end; a reference ODT's
 * page margins are the header's and footer's distances when it has a
 * header or footer of a fixed least height, the body's otherwise. */
static ps_page page_of(const ps_document *doc) {
  ps_page p = ps_layout_page(0);
  xmlNodePtr ref = ref_page(doc);
  p.width = ref_twips(ref, "page-width", p.width);
  p.height = ref_twips(ref, "page-height", p.height);
  long top = ref_twips(ref, "margin-top", 0), bottom = ref_twips(ref, "margin-bottom", 0);
  long head = ref_band(ref, 1), foot = ref_band(ref, 0);
  if (top > 0 && head > 0)
    p.header = top, p.top = top + head;
  else if (top > 0)
    p.top = top;
  if (bottom > 0 && foot > 0)
    p.footer = bottom, p.bottom = bottom + foot;
  else if (bottom > 0)
    p.bottom = bottom;
  if (p.header > p.top / 2) /* room for the header's line */
    p.header = p.top / 2;
  if (p.footer > p.bottom / 2)
    p.footer = p.bottom / 2;
  p.left = ref_twips(ref, "margin-left", p.left);
  p.right = ref_twips(ref, "margin-right", p.right);
  ps_page_orient(&p, doc->landscape); /* the reference's size, the document's orientation */
  return p;
}

/* The width between the side margins less INDENT, as an ODF length. */
static const char *text_width_cm(char *out, size_t size, const ps_document *doc, long indent) {
  ps_page p = page_of(doc);
  return ps_twips_cm(out, size, ps_page_text_width(&p) - indent);
}

/* ELEM (style:header-style or style:footer-style): the band between the
 * page margin (the header's or footer's distance from the edge) and the
 * body, HEIGHT twips high, its spacing to the body on the side MARGIN
 * names, shrinking when the text needs more room (dynamic spacing): Word's
 * layout of w:pgMar's header and top, and LibreOffice's import of it. */
static void header_footer_style(ps_xw *x, const char *elem, const char *margin, long height) {
  char cm[32];
  long least = 57; /* 1 mm for the text */
  xw_start(x, elem);
  xw_start(x, "style:header-footer-properties");
  xw_attr(x, "fo:min-height", ps_twips_cm(cm, sizeof cm, height));
  xw_attr(x, margin, ps_twips_cm(cm, sizeof cm, height > least ? height - least : 0));
  xw_attr(x, "style:dynamic-spacing", "true");
  xw_end(x);
  xw_end(x);
}

/* The line grid of Japanese layout, as the DOCX writer's w:docGrid (lines
 * of 18pt): body lines then fall on the same pitch in Writer and Word
 * (ODF 20.299-20.310). */
static void line_grid(ps_xw *x, const ps_page *p) {
  long text = p->height - p->top - p->bottom;
  int lines = text > 0 ? (int)(text / 360) : 0; /* 18 pt = 360 twips */
  if (lines < 1)
    return;
  xw_attr(x, "style:layout-grid-mode", "line");
  xw_attrf(x, "style:layout-grid-lines", "%d", lines);
  xw_attr(x, "style:layout-grid-base-height", "18pt");
  xw_attr(x, "style:layout-grid-ruby-height", "0cm");
  xw_attr(x, "style:layout-grid-ruby-below", "false");
  xw_attr(x, "style:layout-grid-print", "false");
  xw_attr(x, "style:layout-grid-display", "false");
  xw_attr(x, "style:layout-grid-snap-to", "true");
}

static void page_layout(ps_xw *x, const ps_document *doc) {
  ps_page p = page_of(doc);
  char cm[32];
  xw_start(x, "office:automatic-styles");
  xw_start(x, "style:page-layout");
  xw_attr(x, "style:name", "pm1");
  xw_start(x, "style:page-layout-properties");
  xw_attr(x, "fo:page-width", ps_twips_cm(cm, sizeof cm, p.width));
  xw_attr(x, "fo:page-height", ps_twips_cm(cm, sizeof cm, p.height));
  xw_attr(x, "style:print-orientation", doc->landscape ? "landscape" : "portrait");
  xw_attr(x, "fo:margin-top", ps_twips_cm(cm, sizeof cm, p.header));
  xw_attr(x, "fo:margin-bottom", ps_twips_cm(cm, sizeof cm, p.footer));
  xw_attr(x, "fo:margin-left", ps_twips_cm(cm, sizeof cm, p.left));
  xw_attr(x, "fo:margin-right", ps_twips_cm(cm, sizeof cm, p.right));
  line_grid(x, &p);
  xw_end(x);
  header_footer_style(x, "style:header-style", "fo:margin-bottom", p.top - p.header);
  header_footer_style(x, "style:footer-style", "fo:margin-top", p.bottom - p.footer);
  xw_end(x);
  xw_end(x);
}

typedef struct {
  ps_xw *x;
  const ps_document *doc;
  unsigned next; /* the next change's number: ph1, ph2, ... (the body's are ct1, ...) */
  int regions;   /* 1: this pass writes the text:tracked-changes, 0: the paragraph */
  int at_start;
} header_writer;

/* A run of the page header. In a redline, a first pass registers each
 * change in the header's own text:tracked-changes (a deletion holds its
 * text), the second marks it in the paragraph, as LibreOffice does. */
static int header_run(void *ctx, ps_rev rev, const char *s, size_t len) {
  header_writer *h = ctx;
  ps_xw *x = h->x;
  if (rev != PS_REV_INS && rev != PS_REV_DEL) {
    if (!h->regions)
      odt_text(x, s, len, h->at_start);
    h->at_start = 0;
    return 0;
  }
  unsigned id = h->next++;
  if (h->regions) {
    if (id == 1)
      xw_start(x, "text:tracked-changes");
    xw_start(x, "text:changed-region");
    xw_attrf(x, "xml:id", "ph%u", id);
    xw_attrf(x, "text:id", "ph%u", id);
    xw_start(x, rev == PS_REV_INS ? "text:insertion" : "text:deletion");
    xw_start(x, "office:change-info");
    odt_text_elem(x, "dc:creator", h->doc->rev_author ? h->doc->rev_author : "procspec");
    odt_text_elem(x, "dc:date", h->doc->rev_date ? h->doc->rev_date : "2000-01-01T00:00:00Z");
    xw_end(x);
    if (rev == PS_REV_DEL) {
      xw_start(x, "text:p");
      xw_attr(x, "text:style-name", "Header");
      odt_text(x, s, len, 1);
      xw_end(x);
    }
    xw_end(x);
    xw_end(x);
    return 0;
  }
  if (rev == PS_REV_DEL) {
    xw_start(x, "text:change");
    xw_attrf(x, "text:change-id", "ph%u", id);
    xw_end(x);
    return 0;
  }
  xw_start(x, "text:change-start");
  xw_attrf(x, "text:change-id", "ph%u", id);
  xw_end(x);
  odt_text(x, s, len, h->at_start);
  h->at_start = 0;
  xw_start(x, "text:change-end");
  xw_attrf(x, "text:change-id", "ph%u", id);
  xw_end(x);
  return 0;
}

static int master_page(ps_xw *x, const ps_document *doc) {
  xw_start(x, "office:master-styles");
  xw_start(x, "style:master-page");
  xw_attr(x, "style:name", "Standard");
  xw_attr(x, "style:page-layout-name", "pm1");
  xw_start(x, "style:header");
  header_writer h = {x, doc, 1, 1, 1};
  int rc = ps_header_each(doc, header_run, &h);
  if (h.next > 1)
    xw_end(x); /* text:tracked-changes */
  h = (header_writer){x, doc, 1, 0, 1};
  xw_start(x, "text:p");
  xw_attr(x, "text:style-name", "Header");
  if (rc == 0)
    rc = ps_header_each(doc, header_run, &h);
  xw_end(x);
  xw_end(x);
  xw_start(x, "style:footer");
  xw_start(x, "text:p");
  xw_attr(x, "text:style-name", "Footer");
  xw_text(x, "- ", 2);
  xw_start(x, "text:page-number");
  xw_attr(x, "text:select-page", "current");
  xw_text(x, "1", 1);
  xw_end(x);
  xw_text(x, " -", 2);
  xw_end(x);
  xw_end(x);
  xw_end(x);
  xw_end(x);
  return rc;
}

static int is_our_style(const char *name) {
  for (size_t i = 0; i < ps_layout_nstyles; i++)
    if (ps_layout_styles[i].odt_name && strcmp(ps_layout_styles[i].odt_name, name) == 0)
      return 1;
  return strcmp(name, "Index_20_Link") == 0;
}

/* The reference's other named paragraph and text styles, for the user to
 * find in the document; list links are dropped (lists are ours). */
static void reference_extra_styles(ps_xw *x, const ps_document *doc) {
  static const char *const skip[] = {"style:list-style-name", "style:master-page-name", NULL};
  xmlNodePtr styles = doc->reference_odt
                          ? ps_xml_child(ps_refdoc_styles(doc->reference_odt), NS_OFFICE, "styles")
                          : NULL;
  for (xmlNodePtr c = styles ? styles->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "style") != 0)
      continue;
    const char *name = ps_xml_attr(c, NS_STYLE, "name");
    const char *family = ps_xml_attr(c, NS_STYLE, "family");
    if (name && family && !is_our_style(name) &&
        (strcmp(family, "paragraph") == 0 || strcmp(family, "text") == 0))
      ps_xml_copy(x, c, odf_ns, skip);
  }
}

static int styles_part(const ps_document *doc, unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "office:document-styles");
  ns_office(x);
  if (doc->redline) /* the header's changes carry their author */
    xw_attr(x, "xmlns:dc", NS_DC);
  font_decls(x, doc);
  xw_start(x, "office:styles");
  default_style(x, doc);
  /* Word's line grid: a line on the grid is a whole number of pitches
   * high, where it begins on the page is not snapped (LibreOffice's
   * "standard mode", as it lays out a DOCX's w:docGrid). */
  xw_start(x, "style:default-page-layout");
  xw_start(x, "style:page-layout-properties");
  xw_attr(x, "style:layout-grid-standard-mode", "true");
  xw_end(x);
  xw_end(x);
  for (size_t i = 0; i < ps_layout_nstyles; i++)
    if (ps_layout_styles[i].odt_name)
      para_style(x, &ps_layout_styles[i], doc);
  reference_extra_styles(x, doc);
  xw_start(x, "style:style");
  xw_attr(x, "style:name", "Index_20_Link");
  xw_attr(x, "style:display-name", "Index Link");
  xw_attr(x, "style:family", "text");
  xw_start(x, "style:text-properties");
  xw_attr(x, "fo:color", "#000000");
  xw_attr(x, "style:text-underline-style", "none");
  xw_end(x);
  xw_end(x);
  outline_style(x, doc->numbering);
  list_styles(x);
  xw_end(x);
  page_layout(x, doc);
  if (master_page(x, doc) < 0)
    x->failed = 1; /* no memory: xw_finish says so */
  xw_end(x);
  return xw_finish(x, out, len);
}

static int meta_part(const ps_document *doc, unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "office:document-meta");
  xw_attr(x, "xmlns:office", NS_OFFICE);
  xw_attr(x, "xmlns:meta", NS_META);
  xw_attr(x, "xmlns:dc", NS_DC);
  xw_attr(x, "office:version", ODF_VERSION);
  xw_start(x, "office:meta");
  odt_text_elem(x, "meta:generator", "procspec/" PROCSPEC_VERSION);
  odt_text_elem(x, "dc:title", doc->title);
  odt_text_elem(x, "dc:subject", doc->name);
  odt_text_elem(x, "meta:initial-creator", doc->organization);
  if (doc->iso_date)
    odt_text_elem(x, "meta:creation-date", doc->iso_date);
  odt_text_elem(x, "dc:language", "ja-JP");
  xw_end(x);
  xw_end(x);
  return xw_finish(x, out, len);
}

/* The one application setting the layout needs: the space between two
 * paragraphs is the larger of the first's space below and the second's
 * space above, as in a DOCX (LibreOffice's AddParaTableSpacing, which it
 * turns off when it reads a DOCX); without it the DOCX and the ODT of a
 * document break their pages at different lines. */
static int settings_part(unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "office:document-settings");
  xw_attr(x, "xmlns:office", NS_OFFICE);
  xw_attr(x, "xmlns:config", "urn:oasis:names:tc:opendocument:xmlns:config:1.0");
  xw_attr(x, "xmlns:ooo", "http://openoffice.org/2004/office");
  xw_attr(x, "office:version", ODF_VERSION);
  xw_start(x, "office:settings");
  xw_start(x, "config:config-item-set");
  xw_attr(x, "config:name", "ooo:configuration-settings");
  xw_start(x, "config:config-item");
  xw_attr(x, "config:name", "AddParaTableSpacing");
  xw_attr(x, "config:type", "boolean");
  xw_text(x, "false", 5);
  xw_end(x);
  xw_end(x);
  xw_end(x);
  xw_end(x);
  return xw_finish(x, out, len);
}

static void file_entry(ps_xw *x, const char *path, const char *type) {
  xw_start(x, "manifest:file-entry");
  xw_attr(x, "manifest:full-path", path);
  if (strcmp(path, "/") == 0)
    xw_attr(x, "manifest:version", ODF_VERSION);
  xw_attr(x, "manifest:media-type", type);
  xw_end(x);
}

static int manifest_part(unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "manifest:manifest");
  xw_attr(x, "xmlns:manifest", "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0");
  xw_attr(x, "manifest:version", ODF_VERSION);
  file_entry(x, "/", MIMETYPE);
  file_entry(x, "content.xml", "text/xml");
  file_entry(x, "styles.xml", "text/xml");
  file_entry(x, "meta.xml", "text/xml");
  file_entry(x, "settings.xml", "text/xml");
  xw_end(x);
  return xw_finish(x, out, len);
}

static int write_odt(unsigned char **out, size_t *len, const ps_document *doc, ps_diags *diags) {
  odt o;
  memset(&o, 0, sizeof o);
  o.doc = doc;
  o.m = &o.body;
  ps_package *pkg = ps_package_new();
  if (!pkg)
    return PS_ENOMEM;
  /* ODF 1.3 part 2, 3.3: mimetype first, stored, no extra field. */
  unsigned char *mt = (unsigned char *)strdup(MIMETYPE);
  int rc = ps_package_add(pkg, "mimetype", mt, strlen(MIMETYPE), 1);
  unsigned char *p = NULL;
  size_t n = 0;
  if (rc == 0 && (rc = manifest_part(&p, &n)) == 0)
    rc = ps_package_add(pkg, "META-INF/manifest.xml", p, n, 0);
  if (rc == 0 && (rc = content_part(&o, &p, &n)) == 0)
    rc = ps_package_add(pkg, "content.xml", p, n, 0);
  ps_plan_free(&o.body.plan);
  if (rc == 0 && (rc = styles_part(doc, &p, &n)) == 0)
    rc = ps_package_add(pkg, "styles.xml", p, n, 0);
  if (rc == 0 && (rc = meta_part(doc, &p, &n)) == 0)
    rc = ps_package_add(pkg, "meta.xml", p, n, 0);
  if (rc == 0 && (rc = settings_part(&p, &n)) == 0)
    rc = ps_package_add(pkg, "settings.xml", p, n, 0);
  if (rc < 0) {
    ps_package_free(pkg);
    return rc;
  }
  return ps_package_finish(pkg, out, len, diags);
}

int ps_write_odt(unsigned char **out, size_t *len, const ps_document *doc, ps_diags *diags) {
  size_t before = ps_diags_errors(diags);
  int rc = write_odt(out, len, doc, diags);
  return rc < 0 ? xw_report(diags, before, rc, "ODT", doc->name) : 0;
}
