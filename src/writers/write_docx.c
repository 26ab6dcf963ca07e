/* DOCX (ECMA-376 Transitional, WordprocessingML). Element order inside
 * w:pPr, w:rPr, w:tblPr, w:tcPr, w:lvl and w:sectPr follows the schema's
 * xsd:sequence; Word rejects other orders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "docx_marks.h"
#include "package.h"
#include "layout.h"
#include "refdoc.h"
#include "walk.h"
#include "writers.h"
#include "xmlw.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PR "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_OD "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

#define MAX_LIST_DEPTH 64
#define MAX_ILVL (PS_LIST_LEVELS - 1)

/* numId 1 numbers the headings (第1, 1 or 第1条); lists start at 2. */
enum { ABSTRACT_HEADINGS = 1, ABSTRACT_BULLET = 2, ABSTRACT_ORDERED = 3 };
#define HEADING_NUM_ID 1

typedef struct {
  int abstract;
  int start;
} num_instance;

typedef struct {
  ps_xw x;
  const ps_document *doc;
  int list_num[MAX_LIST_DEPTH + 1]; /* numId of each open list */
  int list_depth;
  int item_first; /* the current list item's first paragraph is pending */
  num_instance *nums;
  size_t nnums, cap;
  int table_cols;
  int col_width[PS_MAX_COLUMNS];
  int old_widths; /* a redline's table whose widths changed: OLD's below */
  int old_col_width[PS_MAX_COLUMNS];
  int header_row;
  int bookmark;
  int text_width;
  char pending_bookmark[64]; /* a heading's bookmark's name */
  int pending_bookmarks;     /* bookmarks begun in the open paragraph, closed at its end */
  int revision;              /* the next w:ins/w:del id */
  const char *author, *date; /* of tracked changes */
  ps_rev *marks;             /* a redline: each paragraph mark's revision (docx_marks.h) */
  size_t nmarks, mark;       /* how many, and the next one */
  ps_rev moving;             /* in a moved clause: DEL where it was, INS where it went */
  int move_range;            /* the id of its w:moveFromRangeStart or w:moveToRangeStart */
} docx;

static const ps_ns_map w_ns[] = {{NS_W, "w"}, {NULL, NULL}};

static long twips(xmlNodePtr n, const char *attr, long fallback) {
  const char *v = ps_xml_attr(n, NS_W, attr);
  char *end;
  long x = v ? strtol(v, &end, 10) : fallback;
  return v && *end == '\0' && x >= 0 && x <= 31680 ? x : fallback;
}

/* The page (layout.h), or the reference document's size and margins. */
static ps_page page_of(const ps_document *doc) {
  ps_page p = ps_layout_page(0);
  if (doc->reference_docx) {
    xmlNodePtr sect = ps_refdoc_section(doc->reference_docx);
    xmlNodePtr size = ps_xml_child(sect, NS_W, "pgSz"), mar = ps_xml_child(sect, NS_W, "pgMar");
    p.width = twips(size, "w", p.width);
    p.height = twips(size, "h", p.height);
    p.top = twips(mar, "top", p.top);
    p.right = twips(mar, "right", p.right);
    p.bottom = twips(mar, "bottom", p.bottom);
    p.left = twips(mar, "left", p.left);
    p.header = twips(mar, "header", p.header);
    p.footer = twips(mar, "footer", p.footer);
  }
  ps_page_orient(&p, doc->landscape); /* the reference's size, the document's orientation */
  return p;
}

static int text_width(const ps_document *doc) {
  ps_page p = page_of(doc);
  return (int)ps_page_text_width(&p);
}

static void pstyle(ps_xw *x, const char *style) { xw_leaf(x, "w:pStyle", "w:val", style); }

static void run_text(ps_xw *x, const char *s, size_t len) {
  xw_start(x, "w:t");
  xw_attr(x, "xml:space", "preserve");
  xw_text(x, s, len);
  xw_end(x);
}

/* A paragraph holding one run of plain text. */
static void simple_para(ps_xw *x, const char *style, const char *text) {
  xw_start(x, "w:p");
  xw_start(x, "w:pPr");
  pstyle(x, style);
  xw_end(x);
  xw_start(x, "w:r");
  run_text(x, text, strlen(text));
  xw_end(x);
  xw_end(x);
}

static void field_char(ps_xw *x, const char *type) {
  xw_start(x, "w:r");
  xw_leaf(x, "w:fldChar", "w:fldCharType", type);
  xw_end(x);
}

static void instr(ps_xw *x, const char *text) {
  xw_start(x, "w:r");
  xw_start(x, "w:instrText");
  xw_attr(x, "xml:space", "preserve");
  xw_text(x, text, strlen(text));
  xw_end(x);
  xw_end(x);
}

static void bookmark_name(char *out, size_t n, const char *id) {
  /* Word bookmark names allow letters, digits and '_' only; chapter
   * anchors ("section-N") are hidden in Word's list as _Toc names. */
  if (strncmp(id, "section-", 8) == 0) {
    snprintf(out, n, "_Toc_sec%s", id + 8);
    return;
  }
  snprintf(out, n, "%s", id);
  for (char *p = out; *p; p++)
    if (*p == '-')
      *p = '_';
}

/* ECMA-376 17.13.5: the attributes of a tracked change. */
static void revision_attrs(docx *d) {
  xw_attrf(&d->x, "w:id", "%d", d->revision++);
  xw_attr(&d->x, "w:author", d->author);
  xw_attr(&d->x, "w:date", d->date);
}

static void revision_mark(docx *d, ps_rev rev) {
  if (rev != PS_REV_INS && rev != PS_REV_DEL)
    return;
  xw_start(&d->x, rev == PS_REV_INS ? "w:ins" : "w:del");
  revision_attrs(d);
  xw_end(&d->x);
}

/* 17.13.5.21-.24: moved text, or a moved paragraph mark, where it was
 * (w:moveFrom) or where it went (w:moveTo); opened, not closed. */
static void move_start(docx *d) {
  xw_start(&d->x, d->moving == PS_REV_DEL ? "w:moveFrom" : "w:moveTo");
  revision_attrs(d);
}

/* One TOC line: a hyperlink to ANCHOR holding the text, a tab and a
 * PAGEREF field that the word processor fills with the page. In a redline
 * the line may be inserted or deleted: all of it inside one w:ins or
 * w:del, the field's code as w:delInstrText (ECMA-376 17.16.13), so that
 * the line keeps its tab and page either way (issue 14, defect 3). */
static void toc_entry(docx *d, const char *style, const char *text, const char *anchor,
                      ps_rev rev) {
  ps_xw *x = &d->x;
  char buf[96];
  int marked = rev == PS_REV_INS || rev == PS_REV_DEL;
  xw_start(x, "w:p");
  xw_start(x, "w:pPr");
  pstyle(x, style);
  xw_start(x, "w:tabs");
  xw_start(x, "w:tab");
  xw_attr(x, "w:val", "right");
  xw_attr(x, "w:leader", "dot");
  xw_attrf(x, "w:pos", "%d", d->text_width);
  xw_end(x);
  xw_end(x);
  if (marked) {
    xw_start(x, "w:rPr");
    revision_mark(d, rev);
    xw_end(x);
  }
  xw_end(x);
  xw_start(x, "w:hyperlink");
  xw_attr(x, "w:anchor", anchor);
  xw_attr(x, "w:history", "1");
  if (marked) {
    xw_start(x, rev == PS_REV_INS ? "w:ins" : "w:del");
    revision_attrs(d);
  }
  xw_start(x, "w:r");
  xw_start(x, rev == PS_REV_DEL ? "w:delText" : "w:t");
  xw_attr(x, "xml:space", "preserve");
  xw_text(x, text, strlen(text));
  xw_end(x);
  xw_end(x);
  xw_start(x, "w:r");
  xw_leaf(x, "w:tab", NULL, NULL);
  xw_end(x);
  /* The page is left for the word processor: a guessed number would be
   * wrong, and settings.xml asks Word to update fields on opening. */
  field_char(x, "begin");
  snprintf(buf, sizeof buf, " PAGEREF %s \\h ", anchor);
  if (rev == PS_REV_DEL) {
    xw_start(x, "w:r");
    xw_start(x, "w:delInstrText");
    xw_attr(x, "xml:space", "preserve");
    xw_text(x, buf, strlen(buf));
    xw_end(x);
    xw_end(x);
  } else {
    instr(x, buf);
  }
  field_char(x, "separate");
  field_char(x, "end");
  if (marked)
    xw_end(x);
  xw_end(x);
  xw_end(x);
}

static int docx_toc_line(void *ctx, const ps_toc_entry *e) {
  docx *d = ctx;
  char anchor[64];
  bookmark_name(anchor, sizeof anchor, e->anchor);
  toc_entry(d, e->level == 1 ? "TOC1" : "TOC2", e->text, anchor, e->rev);
  return xw_status(&d->x);
}

/* A table of contents as Word writes one: a TOC field inside a content
 * control, its entries already written so that readers which do not
 * update fields (LibreOffice, pandoc) still show them. */
static void toc(docx *d) {
  ps_xw *x = &d->x;
  const ps_document *doc = d->doc;
  xw_start(x, "w:sdt");
  xw_start(x, "w:sdtPr");
  xw_start(x, "w:docPartObj");
  xw_leaf(x, "w:docPartGallery", "w:val", "Table of Contents");
  xw_leaf(x, "w:docPartUnique", NULL, NULL);
  xw_end(x);
  xw_end(x);
  xw_start(x, "w:sdtContent");
  simple_para(x, "TOCHeading", "目次");
  xw_start(x, "w:p");
  xw_start(x, "w:pPr");
  pstyle(x, "TOC1");
  xw_end(x);
  field_char(x, "begin");
  instr(x, " TOC \\o \"1-2\" \\h \\z \\u ");
  field_char(x, "separate");
  xw_end(x);
  ps_toc_each(doc, docx_toc_line, d);
  xw_start(x, "w:p");
  field_char(x, "end");
  xw_end(x);
  xw_end(x);
  xw_end(x);
}

/* ---- walk callbacks ---- */

static int on_after_title(void *ctx, const ps_document *doc) {
  docx *d = ctx;
  if (doc->toc)
    toc(d);
  return xw_status(&d->x);
}

static const char *para_style(const docx *d, const ps_para *p) {
  switch (p->kind) {
  case PS_PARA_TITLE: return "Title";
  case PS_PARA_TITLE_INFO:
  case PS_PARA_CLOSING: return "TitleInfo";
  case PS_PARA_SECTION:
  case PS_PARA_APPENDIX: return "Heading1"; /* the 別表's unnumbered: numId 0 below */
  case PS_PARA_CLAUSE:
    return d->doc->numbering == PS_NUM_CHAPTERS   ? "Heading2"
           : d->doc->numbering == PS_NUM_ARTICLES ? "Heading1"
                                                  : "HeadingPlain";
  case PS_PARA_HEADING: return "Heading3";
  case PS_PARA_CODE: return "Code";
  case PS_PARA_QUOTE: return "Quote";
  case PS_PARA_CELL: return p->header_cell ? "TableHeading" : "TableText";
  case PS_PARA_REFS: return "ClauseRefs";
  default: return "Normal";
  }
}

/* 字下げ: one full-width character at the body size (10.5pt = 210 twips;
 * the *Chars attributes, in hundredths of a character, let Word follow a
 * house style's size). A numbered paragraph keeps its number at the
 * margin and indents its later lines (17.3.1.12). */
static void body_indent(ps_xw *x, ps_indent indent) {
  xw_start(x, "w:ind");
  if (indent == PS_INDENT_NUMBERED) {
    xw_attr(x, "w:leftChars", "100");
    xw_attr(x, "w:left", "210");
    xw_attr(x, "w:hangingChars", "100");
    xw_attr(x, "w:hanging", "210");
  } else {
    xw_attr(x, "w:firstLineChars", "100");
    xw_attr(x, "w:firstLine", "210");
  }
  xw_end(x);
}

/* The paragraph properties of P that 17.3.1.26 (CT_PPrBase) holds. */
static void para_props(docx *d, const ps_para *p) {
  ps_xw *x = &d->x;
  int in_list = d->list_depth > 0 && p->kind != PS_PARA_CELL;
  int ilvl = d->list_depth - 1 > MAX_ILVL ? MAX_ILVL : d->list_depth - 1;
  pstyle(x, in_list ? "ListParagraph" : para_style(d, p));
  if (p->keep_next)
    xw_leaf(x, "w:keepNext", NULL, NULL);
  if (p->kind == PS_PARA_APPENDIX) { /* 17.9.18: numId 0 takes the style's number away */
    xw_start(x, "w:numPr");
    xw_leaf(x, "w:ilvl", "w:val", "0");
    xw_leaf(x, "w:numId", "w:val", "0");
    xw_end(x);
  }
  if (in_list && d->item_first) {
    xw_start(x, "w:numPr");
    xw_leaf(x, "w:ilvl", "w:val", (char[]){(char)('0' + ilvl), 0});
    xw_start(x, "w:numId");
    xw_attrf(x, "w:val", "%d", d->list_num[d->list_depth - 1]);
    xw_end(x);
    xw_end(x);
  } else if (in_list) {
    /* A later paragraph of a list item: aligned with the item's text. */
    xw_start(x, "w:ind");
    xw_attrf(x, "w:left", "%d", (ilvl + 1) * PS_LIST_INDENT);
    xw_end(x);
  }
  if (p->kind == PS_PARA_BODY && !in_list && p->indent != PS_INDENT_NONE)
    body_indent(x, p->indent);
  if (p->kind == PS_PARA_CELL && (p->align == 'c' || p->align == 'r'))
    xw_leaf(x, "w:jc", "w:val", p->align == 'c' ? "center" : "right");
}

static int on_para_begin(void *ctx, const ps_para *p) {
  docx *d = ctx;
  ps_xw *x = &d->x;
  int in_list = d->list_depth > 0 && p->kind != PS_PARA_CELL;
  xw_start(x, "w:p");
  xw_start(x, "w:pPr");
  para_props(d, p);
  ps_rev mark = d->mark < d->nmarks ? d->marks[d->mark] : p->rev;
  d->mark++;
  if (d->moving != PS_REV_NONE && mark == d->moving && p->rev == PS_REV_NONE) {
    /* 17.13.5.21/.23: in a moved clause, the paragraph mark moved away
     * (gone on accept, as if deleted) or moved here (as if inserted). */
    xw_start(x, "w:rPr");
    move_start(d);
    xw_end(x);
    xw_end(x);
  } else if (mark == PS_REV_INS || mark == PS_REV_DEL) {
    /* 17.13.5.16/.14: the paragraph mark itself inserted or deleted (or
     * one before it, for a paragraph that cannot join: docx_marks.h). */
    xw_start(x, "w:rPr");
    revision_mark(d, mark);
    xw_end(x);
  }
  xw_end(x);
  if (in_list)
    d->item_first = 0;
  if (p->kind == PS_PARA_PAGE_BREAK) { /* 17.3.3.1: a break of type page */
    xw_start(x, "w:r");
    xw_leaf(x, "w:br", "w:type", "page");
    xw_end(x);
  }
  d->pending_bookmarks = 0;
  /* A deleted heading's comes back with it (ps_deleted_anchor); a fused
   * paragraph (ps_walk_plan) has the deleted heading's and the inserted
   * one's. */
  const char *anchors[2] = {p->was ? p->was->bookmark : NULL, p->bookmark};
  for (int k = 0; k < 2; k++) {
    if (!anchors[k])
      continue;
    char old[sizeof d->pending_bookmark]; /* what bookmark_name() can hold */
    int gone = k == 0 || p->rev == PS_REV_DEL || d->moving == PS_REV_DEL;
    if (gone)
      ps_deleted_anchor(old, sizeof old, d->doc, anchors[k]);
    bookmark_name(d->pending_bookmark, sizeof d->pending_bookmark, gone ? old : anchors[k]);
    xw_start(x, "w:bookmarkStart");
    xw_attrf(x, "w:id", "%d", d->bookmark + d->pending_bookmarks++);
    xw_attr(x, "w:name", d->pending_bookmark);
    xw_end(x);
  }
  return xw_status(x);
}

static int on_para_end(void *ctx) {
  docx *d = ctx;
  for (int k = 0; k < d->pending_bookmarks; k++) {
    xw_start(&d->x, "w:bookmarkEnd");
    xw_attrf(&d->x, "w:id", "%d", d->bookmark++);
    xw_end(&d->x);
  }
  d->pending_bookmarks = 0;
  xw_end(&d->x);
  return xw_status(&d->x);
}

static int on_text(void *ctx, const char *s, size_t len, unsigned inl) {
  docx *d = ctx;
  ps_xw *x = &d->x;
  int del = (inl & PS_INL_DEL) != 0, wrapped = (inl & (PS_INL_INS | PS_INL_DEL)) != 0;
  if (wrapped) {
    xw_start(x, del ? "w:del" : "w:ins");
    revision_attrs(d);
  } else if (d->moving != PS_REV_NONE) { /* moved text is w:t at both ends */
    move_start(d);
    wrapped = 1;
  }
  inl &= ~(unsigned)(PS_INL_INS | PS_INL_DEL);
  xw_start(x, "w:r");
  if (inl) {
    xw_start(x, "w:rPr");
    if (inl & PS_INL_CODE) {
      xw_start(x, "w:rFonts");
      xw_attr(x, "w:ascii", PS_FONT_CODE);
      xw_attr(x, "w:hAnsi", PS_FONT_CODE);
      xw_attr(x, "w:eastAsia", PS_FONT_GOTHIC);
      xw_end(x);
    }
    if (inl & PS_INL_STRONG)
      xw_leaf(x, "w:b", NULL, NULL);
    if (inl & PS_INL_EMPH)
      xw_leaf(x, "w:i", NULL, NULL);
    if (inl & PS_INL_SMALL) { /* a note: 8 pt, grey */
      xw_leaf(x, "w:color", "w:val", "808080");
      xw_leaf(x, "w:sz", "w:val", "16");
      xw_leaf(x, "w:szCs", "w:val", "16");
    }
    if (inl & (PS_INL_LINK | PS_INL_UNDERLINE))
      xw_leaf(x, "w:u", "w:val", "single");
    xw_end(x);
  }
  xw_start(x, del ? "w:delText" : "w:t");
  xw_attr(x, "xml:space", "preserve");
  xw_text(x, s, len);
  xw_end(x);
  xw_end(x);
  if (wrapped)
    xw_end(x);
  return xw_status(x);
}

static int on_line_break(void *ctx) {
  docx *d = ctx;
  if (d->moving != PS_REV_NONE)
    move_start(d);
  xw_start(&d->x, "w:r");
  xw_leaf(&d->x, "w:br", NULL, NULL);
  xw_end(&d->x);
  if (d->moving != PS_REV_NONE)
    xw_end(&d->x);
  return xw_status(&d->x);
}

static int on_list_begin(void *ctx, int ordered, int start) {
  docx *d = ctx;
  if (d->list_depth >= MAX_LIST_DEPTH)
    return PS_ELIMIT;
  num_instance *nums = ps_grow(d->nums, &d->cap, d->nnums, sizeof *nums);
  if (!nums)
    return PS_ENOMEM;
  d->nums = nums;
  /* Every list gets its own numbering instance, so it restarts at its
   * first number instead of continuing an earlier list. */
  d->nums[d->nnums++] =
      (num_instance){ordered ? ABSTRACT_ORDERED : ABSTRACT_BULLET, start > 0 ? start : 1};
  d->list_num[d->list_depth++] = (int)d->nnums + HEADING_NUM_ID;
  return 0;
}

static int on_list_end(void *ctx) {
  docx *d = ctx;
  d->list_depth--;
  d->item_first = 0;
  return 0;
}

static int on_item_begin(void *ctx) {
  ((docx *)ctx)->item_first = 1;
  return 0;
}

static int on_item_end(void *ctx) {
  ((docx *)ctx)->item_first = 0;
  return 0;
}

/* The widths of a table's columns in twips, from their weights. */
static void col_widths(const docx *d, int *out, int ncols, const unsigned *weights) {
  for (int i = 0; i < ncols; i++)
    out[i] = (int)((long)d->text_width * (long)weights[i] / PS_WEIGHT_TOTAL);
}

/* A redline's table whose column widths changed: OLD's, recorded as the
 * grid's and the cells' former properties (w:tblGridChange and
 * w:tcPrChange, ECMA-376 17.13.5.33 and .36), so that rejecting the
 * changes gives OLD's widths too. */
static int on_table_was(void *ctx, int ncols, const unsigned *old_weights) {
  docx *d = ctx;
  col_widths(d, d->old_col_width, ncols, old_weights);
  d->old_widths = 1;
  return 0;
}

/* A cell's shading and, unless OLD is set, its width (tcPr's content). */
static void cell_props(docx *d, int width) {
  ps_xw *x = &d->x;
  xw_start(x, "w:tcW");
  xw_attrf(x, "w:w", "%d", width);
  xw_attr(x, "w:type", "dxa");
  xw_end(x);
  if (d->header_row) {
    xw_start(x, "w:shd");
    xw_attr(x, "w:val", "clear");
    xw_attr(x, "w:color", "auto");
    xw_attr(x, "w:fill", "D9D9D9");
    xw_end(x);
  }
}

static int on_table_begin(void *ctx, int ncols, const unsigned *weights) {
  docx *d = ctx;
  ps_xw *x = &d->x;
  d->table_cols = ncols;
  col_widths(d, d->col_width, ncols, weights);
  xw_start(x, "w:tbl");
  xw_start(x, "w:tblPr");
  xw_leaf(x, "w:tblStyle", "w:val", "TableGrid");
  xw_start(x, "w:tblW");
  xw_attr(x, "w:w", "5000");
  xw_attr(x, "w:type", "pct");
  xw_end(x);
  xw_leaf(x, "w:tblLayout", "w:type", "fixed");
  xw_end(x);
  xw_start(x, "w:tblGrid");
  for (int i = 0; i < d->table_cols; i++) {
    xw_start(x, "w:gridCol");
    xw_attrf(x, "w:w", "%d", d->col_width[i]);
    xw_end(x);
  }
  if (d->old_widths) {
    xw_start(x, "w:tblGridChange");
    xw_attrf(x, "w:id", "%d", d->revision++);
    xw_start(x, "w:tblGrid");
    for (int i = 0; i < d->table_cols; i++) {
      xw_start(x, "w:gridCol");
      xw_attrf(x, "w:w", "%d", d->old_col_width[i]);
      xw_end(x);
    }
    xw_end(x);
    xw_end(x);
  }
  xw_end(x);
  return xw_status(x);
}

static int on_end_element(void *ctx) {
  docx *d = ctx;
  xw_end(&d->x);
  return xw_status(&d->x);
}

static int on_table_end(void *ctx) {
  ((docx *)ctx)->old_widths = 0;
  return on_end_element(ctx);
}

static int on_row_begin(void *ctx, int kind, ps_rev rev) {
  docx *d = ctx;
  ps_xw *x = &d->x;
  d->header_row = kind == PS_ROW_HEADER;
  xw_start(x, "w:tr");
  xw_start(x, "w:trPr");
  xw_leaf(x, "w:cantSplit", NULL, NULL);
  if (kind == PS_ROW_BLANK) { /* 17.4.81: room to write in, two lines high */
    xw_start(x, "w:trHeight");
    xw_attr(x, "w:val", "720");
    xw_attr(x, "w:hRule", "atLeast");
    xw_end(x);
  }
  if (kind == PS_ROW_HEADER)
    xw_leaf(x, "w:tblHeader", NULL, NULL);
  /* 17.13.5.17/.13: the row inserted or deleted; rows have no move mark,
   * so one of moved text is deleted where it was and inserted where it went */
  revision_mark(d, rev != PS_REV_NONE ? rev : d->moving);
  xw_end(x);
  return xw_status(x);
}

/* An end of a moved clause: a range of one name at both ends (17.13.5.25-
 * .28), around the blocks whose text and marks are marked moved. */
static int on_move(void *ctx, const ps_clause *c, int begin) {
  docx *d = ctx;
  ps_xw *x = &d->x;
  int from = c->rev == PS_REV_DEL;
  if (begin) {
    d->move_range = d->revision++;
    xw_start(x, from ? "w:moveFromRangeStart" : "w:moveToRangeStart");
    xw_attrf(x, "w:id", "%d", d->move_range);
    xw_attr(x, "w:author", d->author);
    xw_attr(x, "w:date", d->date);
    xw_attrf(x, "w:name", "move%zu", c->move);
    xw_end(x);
    d->moving = from ? PS_REV_DEL : PS_REV_INS;
  } else {
    xw_start(x, from ? "w:moveFromRangeEnd" : "w:moveToRangeEnd");
    xw_attrf(x, "w:id", "%d", d->move_range);
    xw_end(x);
    d->moving = PS_REV_NONE;
  }
  return xw_status(x);
}

static int on_cell_begin(void *ctx, int col) {
  docx *d = ctx;
  ps_xw *x = &d->x;
  int c = col < d->table_cols ? col : 0;
  xw_start(x, "w:tc");
  xw_start(x, "w:tcPr");
  cell_props(d, d->col_width[c]);
  if (d->old_widths && d->old_col_width[c] != d->col_width[c]) {
    xw_start(x, "w:tcPrChange");
    revision_attrs(d);
    xw_start(x, "w:tcPr");
    cell_props(d, d->old_col_width[c]);
    xw_end(x);
    xw_end(x);
  }
  xw_end(x);
  return xw_status(x);
}

static const ps_walk_ops docx_ops = {
    on_after_title, on_para_begin, on_para_end,
    on_text,        on_line_break, on_list_begin,
    on_list_end,    on_item_begin, on_item_end,
    on_table_begin, on_table_end,  on_row_begin,
    on_end_element, on_cell_begin, on_end_element,
    NULL, /* revisions are marked on runs, paragraph marks and rows */
    on_table_was,   on_move,       1,
    NULL, /* set for planned walks (document_part) */
};

/* ---- parts ---- */

static void sect_pr(ps_xw *x, const ps_document *doc) {
  ps_page p = page_of(doc);
  xw_start(x, "w:sectPr");
  xw_start(x, "w:headerReference");
  xw_attr(x, "w:type", "default");
  xw_attr(x, "r:id", "rIdHeader1");
  xw_end(x);
  xw_start(x, "w:footerReference");
  xw_attr(x, "w:type", "default");
  xw_attr(x, "r:id", "rIdFooter1");
  xw_end(x);
  xw_start(x, "w:pgSz");
  xw_attrf(x, "w:w", "%ld", p.width);
  xw_attrf(x, "w:h", "%ld", p.height);
  if (doc->landscape)
    xw_attr(x, "w:orient", "landscape");
  xw_end(x);
  xw_start(x, "w:pgMar");
  xw_attrf(x, "w:top", "%ld", p.top);
  xw_attrf(x, "w:right", "%ld", p.right);
  xw_attrf(x, "w:bottom", "%ld", p.bottom);
  xw_attrf(x, "w:left", "%ld", p.left);
  xw_attrf(x, "w:header", "%ld", p.header);
  xw_attrf(x, "w:footer", "%ld", p.footer);
  xw_attr(x, "w:gutter", "0");
  xw_end(x);
  xw_start(x, "w:docGrid");
  xw_attr(x, "w:type", "lines");
  xw_attr(x, "w:linePitch", "360");
  xw_end(x);
  xw_end(x);
}

static int document_part(docx *d, unsigned char **out, size_t *len) {
  ps_xw *x = &d->x;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "w:document");
  xw_attr(x, "xmlns:w", NS_W);
  xw_attr(x, "xmlns:r", NS_R);
  xw_start(x, "w:body");
  ps_walk_plan plan = {NULL, 0, NULL, 0};
  int rc = d->doc->redline ? ps_docx_marks(&d->marks, &d->nmarks, &plan, d->doc) : 0;
  if (rc == 0)
    rc = d->doc->redline ? ps_walk_planned(d->doc, &plan, &docx_ops, d)
                         : ps_walk(d->doc, &docx_ops, d);
  ps_walk_plan_free(&plan);
  if (rc < 0) {
    xw_discard(x);
    return rc;
  }
  sect_pr(x, d->doc);
  xw_end(x);
  xw_end(x);
  return xw_finish(x, out, len);
}

static void fonts(ps_xw *x, const char *latin, const char *east_asia) {
  xw_start(x, "w:rFonts");
  xw_attr(x, "w:ascii", latin);
  xw_attr(x, "w:hAnsi", latin);
  xw_attr(x, "w:eastAsia", east_asia);
  xw_attr(x, "w:cs", latin);
  xw_end(x);
}

static void half_points(ps_xw *x, int hp) {
  xw_start(x, "w:sz");
  xw_attrf(x, "w:val", "%d", hp);
  xw_end(x);
  xw_start(x, "w:szCs");
  xw_attrf(x, "w:val", "%d", hp);
  xw_end(x);
}

/* The reference document's style with this ID, or NULL. */
static xmlNodePtr ref_style(const ps_document *doc, const char *id) {
  if (!doc->reference_docx)
    return NULL;
  xmlNodePtr root = ps_refdoc_styles(doc->reference_docx);
  for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
    const char *sid = c->type == XML_ELEMENT_NODE ? ps_xml_attr(c, NS_W, "styleId") : NULL;
    if (sid && strcmp(sid, id) == 0 && strcmp((const char *)c->name, "style") == 0)
      return c;
  }
  return NULL;
}

static const char *jc_of(ps_align a) {
  static const char *const jc[] = {[PS_ALIGN_JUSTIFY] = "both",
                                   [PS_ALIGN_LEFT] = "left",
                                   [PS_ALIGN_CENTER] = "center",
                                   [PS_ALIGN_RIGHT] = "right"};
  return jc[a];
}

/* One paragraph style of the layout (layout.h). */
static void style_para(ps_xw *x, const ps_style *s, const ps_document *doc) {
  int numbered = doc->numbering != PS_NUM_NONE;
  xmlNodePtr ref_rpr = ps_xml_child(ref_style(doc, s->docx_id), NS_W, "rPr");
  xw_start(x, "w:style");
  xw_attr(x, "w:type", "paragraph");
  if (strcmp(s->docx_id, "Normal") == 0)
    xw_attr(x, "w:default", "1");
  xw_attr(x, "w:styleId", s->docx_id);
  xw_leaf(x, "w:name", "w:val", s->docx_name);
  if (strcmp(s->docx_id, "Normal") != 0) {
    xw_leaf(x, "w:basedOn", "w:val", "Normal");
    xw_leaf(x, "w:next", "w:val", "Normal");
  }
  xw_leaf(x, "w:qFormat", NULL, NULL);
  xw_start(x, "w:pPr");
  if (s->keep_next)
    xw_leaf(x, "w:keepNext", NULL, NULL);
  if (numbered && s->num_level) {
    /* ECMA-376 17.3.1.19: a style's numPr links it to the heading list. */
    xw_start(x, "w:numPr");
    xw_start(x, "w:ilvl");
    xw_attrf(x, "w:val", "%d", s->num_level - 1);
    xw_end(x);
    xw_start(x, "w:numId");
    xw_attrf(x, "w:val", "%d", HEADING_NUM_ID);
    xw_end(x);
    xw_end(x);
  }
  /* Only body text is set on the line grid (w:docGrid); headings, the
   * title and table cells keep their own spacing, as the ODT writer's
   * style:snap-to-layout-grid="false" (ECMA-376 17.3.1.32). */
  if (!s->on_grid)
    xw_leaf(x, "w:snapToGrid", "w:val", "0");
  if (s->before || s->after) {
    xw_start(x, "w:spacing");
    xw_attrf(x, "w:before", "%d", s->before);
    xw_attrf(x, "w:after", "%d", s->after);
    xw_end(x);
  }
  if (s->indent) {
    xw_start(x, "w:ind");
    xw_attrf(x, "w:left", "%d", s->indent);
    xw_end(x);
  }
  xw_leaf(x, "w:jc", "w:val", jc_of(s->align));
  if (s->outline) {
    xw_start(x, "w:outlineLvl");
    xw_attrf(x, "w:val", "%d", s->outline - 1);
    xw_end(x);
  }
  xw_end(x);
  if (ref_rpr) {
    /* The house style's fonts and sizes; our numbering and layout stay. */
    ps_xml_copy(x, ref_rpr, w_ns, NULL);
  } else if (s->asian_font || s->latin_font || s->bold || s->half_points || s->color) {
    xw_start(x, "w:rPr");
    if (s->asian_font || s->latin_font)
      fonts(x, s->latin_font ? s->latin_font : PS_FONT_LATIN,
            s->asian_font ? s->asian_font : PS_FONT_MINCHO);
    if (s->bold)
      xw_leaf(x, "w:b", NULL, NULL);
    if (s->color)
      xw_leaf(x, "w:color", "w:val", s->color);
    if (s->half_points)
      half_points(x, s->half_points);
    xw_end(x);
  }
  xw_end(x);
}

static void border(ps_xw *x, const char *side) {
  xw_start(x, side);
  xw_attr(x, "w:val", "single");
  xw_attr(x, "w:sz", "4");
  xw_attr(x, "w:space", "0");
  xw_attr(x, "w:color", "000000");
  xw_end(x);
}

static void table_style(ps_xw *x) {
  xw_start(x, "w:style");
  xw_attr(x, "w:type", "table");
  xw_attr(x, "w:styleId", "TableGrid");
  xw_leaf(x, "w:name", "w:val", "Table Grid");
  xw_start(x, "w:tblPr");
  xw_start(x, "w:tblBorders");
  static const char *sides[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"};
  for (size_t i = 0; i < 6; i++)
    border(x, sides[i]);
  xw_end(x);
  xw_start(x, "w:tblCellMar");
  /* ECMA-376 17.4.42: top, left, bottom, right; the ODT cells' padding. */
  static const char *mar[] = {"w:top", "w:left", "w:bottom", "w:right"};
  for (size_t i = 0; i < 4; i++) {
    xw_start(x, mar[i]);
    xw_attrf(x, "w:w", "%d", i % 2 ? PS_CELL_MARGIN_SIDE : PS_CELL_MARGIN_TOP);
    xw_attr(x, "w:type", "dxa");
    xw_end(x);
  }
  xw_end(x);
  xw_end(x);
  xw_end(x);
}

static int is_our_style(const char *id) {
  for (size_t i = 0; i < ps_layout_nstyles; i++)
    if (ps_layout_styles[i].docx_id && strcmp(ps_layout_styles[i].docx_id, id) == 0)
      return 1;
  return strcmp(id, "TableGrid") == 0;
}

/* The reference's other paragraph, character and table styles, so the
 * user finds the house styles in the document; without numbering links
 * (the reference's numbering is not copied) and without default flags. */
static void reference_extra_styles(ps_xw *x, const ps_document *doc) {
  static const char *const skip[] = {"w:numPr", "w:default", "w:rsid", NULL};
  if (!doc->reference_docx)
    return;
  xmlNodePtr root = ps_refdoc_styles(doc->reference_docx);
  for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
    const char *id = c->type == XML_ELEMENT_NODE ? ps_xml_attr(c, NS_W, "styleId") : NULL;
    const char *type = ps_xml_attr(c, NS_W, "type");
    if (!id || !type || is_our_style(id) || strcmp((const char *)c->name, "style") != 0 ||
        strcmp(type, "numbering") == 0)
      continue;
    ps_xml_copy(x, c, w_ns, skip);
  }
}

static int styles_part(const ps_document *doc, unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "w:styles");
  xw_attr(x, "xmlns:w", NS_W);
  xmlNodePtr ref_defaults =
      doc->reference_docx ? ps_xml_child(ps_refdoc_styles(doc->reference_docx), NS_W, "docDefaults")
                          : NULL;
  if (ref_defaults) {
    ps_xml_copy(x, ref_defaults, w_ns, NULL);
  } else {
    xw_start(x, "w:docDefaults");
    xw_start(x, "w:rPrDefault");
    xw_start(x, "w:rPr");
    fonts(x, PS_FONT_LATIN, PS_FONT_MINCHO);
    xw_leaf(x, "w:kern", "w:val", "2");
    half_points(x, PS_BODY_HALF_POINTS);
    xw_start(x, "w:lang");
    xw_attr(x, "w:val", "en-US");
    xw_attr(x, "w:eastAsia", "ja-JP");
    xw_end(x);
    xw_end(x);
    xw_end(x);
    xw_end(x);
  }
  for (size_t i = 0; i < ps_layout_nstyles; i++)
    if (ps_layout_styles[i].docx_id)
      style_para(x, &ps_layout_styles[i], doc);
  table_style(x);
  reference_extra_styles(x, doc);
  xw_end(x);
  return xw_finish(x, out, len);
}

static void level(ps_xw *x, int ilvl, const char *fmt, const char *text) {
  xw_start(x, "w:lvl");
  xw_attrf(x, "w:ilvl", "%d", ilvl);
  xw_leaf(x, "w:start", "w:val", "1");
  xw_leaf(x, "w:numFmt", "w:val", fmt);
  xw_leaf(x, "w:lvlText", "w:val", text);
  xw_leaf(x, "w:lvlJc", "w:val", "left");
  xw_start(x, "w:pPr");
  xw_start(x, "w:ind");
  xw_attrf(x, "w:left", "%d", (ilvl + 1) * PS_LIST_INDENT);
  xw_attrf(x, "w:hanging", "%d", PS_LIST_INDENT);
  xw_end(x);
  xw_end(x);
  xw_end(x);
}

/* The list levels of layout.h: (1), ア, (ア), a, (a), 6. ... or bullets. */
static void abstract_num(ps_xw *x, int id, int ordered) {
  static const char *const num_fmt[] = {[PS_NUMFMT_DECIMAL] = "decimal",
                                        [PS_NUMFMT_IROHA] = "aiueoFullWidth",
                                        [PS_NUMFMT_LOWER] = "lowerLetter"};
  xw_start(x, "w:abstractNum");
  xw_attrf(x, "w:abstractNumId", "%d", id);
  xw_leaf(x, "w:multiLevelType", "w:val", "hybridMultilevel");
  for (int i = 0; i <= MAX_ILVL; i++) {
    char text[32];
    ps_list_level l = ps_layout_ordered_level(i);
    snprintf(text, sizeof text, "%s%%%d%s", l.prefix, i + 1, l.suffix);
    if (ordered)
      level(x, i, num_fmt[l.format], text);
    else
      level(x, i, "bullet", ps_layout_bullet(i));
  }
  xw_end(x);
}

/* One heading level: the number only, no indent, no separator (the
 * number text ends with a full-width space or 条). */
static void heading_level(ps_xw *x, int ilvl, const char *style, const char *text) {
  xw_start(x, "w:lvl");
  xw_attrf(x, "w:ilvl", "%d", ilvl);
  xw_leaf(x, "w:start", "w:val", "1");
  xw_leaf(x, "w:numFmt", "w:val", text ? "decimal" : "none");
  if (style)
    xw_leaf(x, "w:pStyle", "w:val", style);
  xw_leaf(x, "w:suff", "w:val", "nothing");
  xw_leaf(x, "w:lvlText", "w:val", text ? text : "");
  xw_leaf(x, "w:lvlJc", "w:val", "left");
  xw_start(x, "w:pPr");
  xw_start(x, "w:ind");
  xw_attr(x, "w:left", "0");
  xw_attr(x, "w:firstLine", "0");
  xw_end(x);
  xw_end(x);
  xw_end(x);
}

/* The heading numbers of Japanese official documents: 第1 and 1 in a
 * specification, 第1条 in a contract annex. */
static void heading_numbering(ps_xw *x, ps_numbering numbering) {
  xw_start(x, "w:abstractNum");
  xw_attrf(x, "w:abstractNumId", "%d", ABSTRACT_HEADINGS);
  xw_leaf(x, "w:multiLevelType", "w:val", "multilevel");
  static const char *const styles[] = {"Heading1", "Heading2"};
  for (int i = 0; i <= MAX_ILVL; i++) {
    const char *prefix, *suffix;
    char text[32];
    if (ps_layout_heading_number(numbering, i + 1, &prefix, &suffix)) {
      snprintf(text, sizeof text, "%s%%%d%s", prefix, i + 1, suffix);
      heading_level(x, i, i < 2 ? styles[i] : NULL, text);
    } else {
      heading_level(x, i, NULL, NULL);
    }
  }
  xw_end(x);
}

static int numbering_part(const docx *d, unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "w:numbering");
  xw_attr(x, "xmlns:w", NS_W);
  heading_numbering(x, d->doc->numbering);
  abstract_num(x, ABSTRACT_BULLET, 0);
  abstract_num(x, ABSTRACT_ORDERED, 1);
  xw_start(x, "w:num");
  xw_attrf(x, "w:numId", "%d", HEADING_NUM_ID);
  xw_start(x, "w:abstractNumId");
  xw_attrf(x, "w:val", "%d", ABSTRACT_HEADINGS);
  xw_end(x);
  xw_end(x);
  for (size_t i = 0; i < d->nnums; i++) {
    xw_start(x, "w:num");
    xw_attrf(x, "w:numId", "%zu", i + 1 + HEADING_NUM_ID);
    xw_start(x, "w:abstractNumId");
    xw_attrf(x, "w:val", "%d", d->nums[i].abstract);
    xw_end(x);
    for (int l = 0; l <= MAX_ILVL; l++) {
      xw_start(x, "w:lvlOverride");
      xw_attrf(x, "w:ilvl", "%d", l);
      xw_start(x, "w:startOverride");
      xw_attrf(x, "w:val", "%d", d->nums[i].start);
      xw_end(x);
      xw_end(x);
    }
    xw_end(x);
  }
  xw_end(x);
  return xw_finish(x, out, len);
}

static int settings_part(const ps_document *doc, unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "w:settings");
  xw_attr(x, "xmlns:w", NS_W);
  xw_leaf(x, "w:defaultTabStop", "w:val", "840");
  xw_leaf(x, "w:characterSpacingControl", "w:val", "compressPunctuation");
  if (doc->toc)
    xw_leaf(x, "w:updateFields", "w:val", "true"); /* fills the TOC's page numbers */
  xw_start(x, "w:compat");
  xw_start(x, "w:compatSetting");
  xw_attr(x, "w:name", "compatibilityMode");
  xw_attr(x, "w:uri", "http://schemas.microsoft.com/office/word");
  xw_attr(x, "w:val", "15");
  xw_end(x);
  xw_end(x);
  xw_end(x);
  return xw_finish(x, out, len);
}

static void footer_text(ps_xw *x, const char *s) {
  xw_start(x, "w:r");
  run_text(x, s, strlen(s));
  xw_end(x);
}

static int footer_part(unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "w:ftr");
  xw_attr(x, "xmlns:w", NS_W);
  xw_start(x, "w:p");
  xw_start(x, "w:pPr");
  pstyle(x, "Footer");
  xw_end(x);
  footer_text(x, "- ");
  xw_start(x, "w:fldSimple");
  xw_attr(x, "w:instr", " PAGE ");
  footer_text(x, "1");
  xw_end(x);
  footer_text(x, " -");
  xw_end(x);
  xw_end(x);
  return xw_finish(x, out, len);
}

typedef struct {
  docx *d;
  ps_xw *x;
} header_writer;

/* A run of the page header; in a redline, inside w:ins or w:del. */
static int header_run(void *ctx, ps_rev rev, const char *s, size_t len) {
  header_writer *h = ctx;
  ps_xw *x = h->x;
  int marked = rev == PS_REV_INS || rev == PS_REV_DEL;
  if (marked) {
    xw_start(x, rev == PS_REV_INS ? "w:ins" : "w:del");
    xw_attrf(x, "w:id", "%d", h->d->revision++);
    xw_attr(x, "w:author", h->d->author);
    xw_attr(x, "w:date", h->d->date);
  }
  xw_start(x, "w:r");
  xw_start(x, rev == PS_REV_DEL ? "w:delText" : "w:t");
  xw_attr(x, "xml:space", "preserve");
  xw_text(x, s, len);
  xw_end(x);
  xw_end(x);
  if (marked)
    xw_end(x);
  return 0;
}

/* The page header: the title and version, right-aligned; in a redline,
 * OLD's where they differ, as tracked changes (issue 14, defect 4). */
static int header_part(docx *d, unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "w:hdr");
  xw_attr(x, "xmlns:w", NS_W);
  xw_start(x, "w:p");
  xw_start(x, "w:pPr");
  pstyle(x, "Header");
  xw_end(x);
  header_writer h = {d, x};
  int rc = ps_header_each(d->doc, header_run, &h);
  xw_end(x);
  xw_end(x);
  if (rc < 0)
    x->failed = 1; /* no memory: xw_finish says so */
  return xw_finish(x, out, len);
}

static int content_types_part(unsigned char **out, size_t *len) {
  static const char *overrides[][2] = {
      {"/word/document.xml",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
      {"/word/styles.xml",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"},
      {"/word/numbering.xml",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"},
      {"/word/settings.xml",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"},
      {"/word/footer1.xml",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"},
      {"/word/header1.xml",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"},
      {"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
      {"/docProps/app.xml",
       "application/vnd.openxmlformats-officedocument.extended-properties+xml"},
  };
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "Types");
  xw_attr(x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
  xw_start(x, "Default");
  xw_attr(x, "Extension", "rels");
  xw_attr(x, "ContentType", "application/vnd.openxmlformats-package.relationships+xml");
  xw_end(x);
  xw_start(x, "Default");
  xw_attr(x, "Extension", "xml");
  xw_attr(x, "ContentType", "application/xml");
  xw_end(x);
  for (size_t i = 0; i < sizeof overrides / sizeof overrides[0]; i++) {
    xw_start(x, "Override");
    xw_attr(x, "PartName", overrides[i][0]);
    xw_attr(x, "ContentType", overrides[i][1]);
    xw_end(x);
  }
  xw_end(x);
  return xw_finish(x, out, len);
}

/* RELS: {Id, Type, Target} triples. */
static int rels_part(const char *(*rels)[3], size_t n, unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "Relationships");
  xw_attr(x, "xmlns", NS_PR);
  for (size_t i = 0; i < n; i++) {
    xw_start(x, "Relationship");
    xw_attr(x, "Id", rels[i][0]);
    xw_attr(x, "Type", rels[i][1]);
    xw_attr(x, "Target", rels[i][2]);
    xw_end(x);
  }
  xw_end(x);
  return xw_finish(x, out, len);
}

static int root_rels(unsigned char **out, size_t *len) {
  const char *rels[][3] = {
      {"rId1", REL_OD "officeDocument", "word/document.xml"},
      {"rId2",
       "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
       "docProps/core.xml"},
      {"rId3", REL_OD "extended-properties", "docProps/app.xml"},
  };
  return rels_part(rels, 3, out, len);
}

static int document_rels(unsigned char **out, size_t *len) {
  const char *rels[][3] = {
      {"rIdStyles", REL_OD "styles", "styles.xml"},
      {"rIdNumbering", REL_OD "numbering", "numbering.xml"},
      {"rIdSettings", REL_OD "settings", "settings.xml"},
      {"rIdFooter1", REL_OD "footer", "footer1.xml"},
      {"rIdHeader1", REL_OD "header", "header1.xml"},
  };
  return rels_part(rels, 5, out, len);
}

static void text_elem(ps_xw *x, const char *name, const char *text) {
  xw_start(x, name);
  xw_text(x, text, strlen(text));
  xw_end(x);
}

static int core_part(const ps_document *doc, unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "cp:coreProperties");
  xw_attr(x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
  xw_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  xw_attr(x, "xmlns:dcterms", "http://purl.org/dc/terms/");
  xw_attr(x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  text_elem(x, "dc:title", doc->title);
  text_elem(x, "dc:subject", doc->name);
  text_elem(x, "dc:creator", doc->organization);
  text_elem(x, "dc:language", "ja-JP");
  if (doc->version)
    text_elem(x, "cp:version", doc->version);
  if (doc->iso_date) {
    xw_start(x, "dcterms:created");
    xw_attr(x, "xsi:type", "dcterms:W3CDTF");
    xw_text(x, doc->iso_date, strlen(doc->iso_date));
    xw_end(x);
  }
  xw_end(x);
  return xw_finish(x, out, len);
}

static int app_part(unsigned char **out, size_t *len) {
  ps_xw xx, *x = &xx;
  if (xw_open(x) < 0)
    return PS_ENOMEM;
  xw_start(x, "Properties");
  xw_attr(x, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  text_elem(x, "Application", "procspec");
  xw_end(x);
  return xw_finish(x, out, len);
}

static int write_docx(unsigned char **out, size_t *len, const ps_document *doc, ps_diags *diags) {
  docx d;
  memset(&d, 0, sizeof d);
  d.doc = doc;
  d.bookmark = 1;
  d.text_width = text_width(doc);
  d.author = doc->rev_author ? doc->rev_author : "procspec";
  d.date = doc->rev_date ? doc->rev_date : "2000-01-01T00:00:00Z";
  ps_package *pkg = ps_package_new();
  if (!pkg)
    return PS_ENOMEM;
  unsigned char *data = NULL;
  size_t n = 0;
  int rc = document_part(&d, &data, &n);
  struct {
    const char *name;
    int (*make)(unsigned char **, size_t *);
  } fixed[] = {
      {"_rels/.rels", root_rels},
      {"word/_rels/document.xml.rels", document_rels},

      {"word/footer1.xml", footer_part},
      {"docProps/app.xml", app_part},
  };
  unsigned char *ct = NULL;
  size_t ctn = 0;
  if (rc == 0 && (rc = content_types_part(&ct, &ctn)) == 0)
    rc = ps_package_add(pkg, "[Content_Types].xml", ct, ctn, 0);
  if (rc == 0)
    rc = ps_package_add(pkg, "word/document.xml", data, n, 0);
  else
    free(data);
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && rc == 0; i++) {
    unsigned char *p = NULL;
    size_t pn = 0;
    if ((rc = fixed[i].make(&p, &pn)) == 0)
      rc = ps_package_add(pkg, fixed[i].name, p, pn, 0);
  }
  unsigned char *p = NULL;
  size_t pn = 0;
  if (rc == 0 && (rc = numbering_part(&d, &p, &pn)) == 0)
    rc = ps_package_add(pkg, "word/numbering.xml", p, pn, 0);
  if (rc == 0 && (rc = settings_part(doc, &p, &pn)) == 0)
    rc = ps_package_add(pkg, "word/settings.xml", p, pn, 0);
  if (rc == 0 && (rc = styles_part(doc, &p, &pn)) == 0)
    rc = ps_package_add(pkg, "word/styles.xml", p, pn, 0);
  if (rc == 0 && (rc = header_part(&d, &p, &pn)) == 0)
    rc = ps_package_add(pkg, "word/header1.xml", p, pn, 0);
  if (rc == 0 && (rc = core_part(doc, &p, &pn)) == 0)
    rc = ps_package_add(pkg, "docProps/core.xml", p, pn, 0);
  free(d.nums);
  free(d.marks);
  if (rc < 0) {
    ps_package_free(pkg);
    return rc;
  }
  return ps_package_finish(pkg, out, len, diags);
}

int ps_write_docx(unsigned char **out, size_t *len, const ps_document *doc, ps_diags *diags) {
  size_t before = ps_diags_errors(diags);
  int rc = write_docx(out, len, doc, diags);
  return rc < 0 ? xw_report(diags, before, rc, "DOCX", doc->name) : 0;
}
