#include "walk.h"

#include <cmark-gfm-core-extensions.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmark_mem.h"
#include "textdiff.h"
#include "writers.h"

/* The state of one walk. MODE marks everything emitted as inserted or
 * deleted (a whole clause added or removed); OLD_LEAVES, when set, holds
 * the texts of OLD's paragraphs of a changed clause with the same block
 * structure, each diffed against NEW's paragraph at the same index. */
typedef struct {
  const ps_walk_ops *ops;
  void *ctx;
  ps_granularity granularity;
  ps_rev mode;
  ps_rev told;    /* the mode last passed to ops->block_rev */
  ps_rev row_rev; /* a table row inserted or deleted inside a table that stays */
  char **old_leaves;
  size_t nleaves, leaf;
  int indent;            /* the document indents its body paragraphs */
  int in_list;           /* depth of lists around the current block */
  cmark_node *keep_para; /* the paragraph kept with the references line */
  cmark_node *keep_row;  /* or the table row whose cells are */
  ps_rev drop;           /* one end of a moved clause: the edits the other end shows */
  ps_op_kind last_kind;  /* of the last run a paragraph shows (diff_para) */
  int short_last;        /* the last column of a table is a short one (the 別表's 条項) */
  int before_closing;    /* the clause is the body's last: its end is kept with 以上 */
  unsigned page_cells;   /* TEXT_CELLS, or TEXT_CELLS_LANDSCAPE on landscape pages */
} walker;

/* Finds the last paragraph of BODY, or the last row of a table that ends
 * it, to be kept with the references line that follows. */
static void keep_before_refs(walker *w, cmark_node *body) {
  cmark_node *n = cmark_node_last_child(body);
  while (n) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
      w->keep_para = n;
      return;
    }
    if (strcmp(cmark_node_get_type_string(n), "table") == 0) {
      w->keep_row = cmark_node_last_child(n);
      return;
    }
    if (t != CMARK_NODE_LIST && t != CMARK_NODE_ITEM && t != CMARK_NODE_BLOCK_QUOTE)
      return;
    n = cmark_node_last_child(n);
  }
}

/* Tells the writer the mode of the blocks that follow, if it changed:
 * called before each top-level block, so that a mode set and reset with
 * nothing written in between (a removed chapter heading, then its removed
 * clauses) makes one group. */
static int sync_mode(walker *w) {
  if (w->mode == w->told)
    return 0;
  w->told = w->mode;
  return w->ops->block_rev ? w->ops->block_rev(w->ctx, w->mode) : 0;
}

static int begin_para(walker *w, const ps_para *p) {
  int rc = sync_mode(w);
  return rc < 0 ? rc : w->ops->para_begin(w->ctx, p);
}

/* The revision of what is emitted now: a whole block's, or a row's. */
static ps_rev rev_now(const walker *w) { return w->mode != PS_REV_NONE ? w->mode : w->row_rev; }

static unsigned mode_flags(const walker *w) {
  return rev_now(w) == PS_REV_INS ? PS_INL_INS : rev_now(w) == PS_REV_DEL ? PS_INL_DEL : 0;
}

typedef enum { N_OTHER, N_TABLE, N_ROW, N_CELL } ext_kind;

static ext_kind ext_of(cmark_node *n) {
  const char *t = cmark_node_get_type_string(n);
  if (strcmp(t, "table") == 0)
    return N_TABLE;
  if (strcmp(t, "table_row") == 0)
    return N_ROW;
  if (strcmp(t, "table_cell") == 0)
    return N_CELL;
  return N_OTHER;
}

/* A soft line break inside Japanese text joins the lines with nothing; in
 * Latin text it is a space. */
static const char *soft_break(cmark_node *n) {
  cmark_node *prev = cmark_node_previous(n), *next = cmark_node_next(n);
  const char *a = prev ? cmark_node_get_literal(prev) : NULL;
  const char *b = next ? cmark_node_get_literal(next) : NULL;
  int cjk =
      (a && *a && (unsigned char)a[strlen(a) - 1] >= 0x80) || (b && (unsigned char)b[0] >= 0x80);
  return cjk ? "" : " ";
}

/* Raw HTML that the office writers understand: <u> and </u> around
 * underlined text, <small> and </small> around a note set small and grey,
 * <br> for a line break inside a table cell. 1 when N is one of them (and
 * *marks updated), 2 for <br>, else 0. */
static int known_html(cmark_node *n, unsigned *marks) {
  const char *lit = cmark_node_get_literal(n);
  if (strcmp(lit, "<u>") == 0)
    *marks |= PS_INL_UNDERLINE;
  else if (strcmp(lit, "</u>") == 0)
    *marks &= ~(unsigned)PS_INL_UNDERLINE;
  else if (strcmp(lit, "<small>") == 0)
    *marks |= PS_INL_SMALL;
  else if (strcmp(lit, "</small>") == 0)
    *marks &= ~(unsigned)PS_INL_SMALL;
  else
    return strcmp(lit, "<br>") == 0 ? 2 : 0;
  return 1;
}

static int walk_inlines(walker *w, cmark_node *parent, unsigned inl) {
  unsigned underline = 0; /* and small */
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    int rc = 0, html;
    const char *lit;
    unsigned flags = inl | underline;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HTML_INLINE: /* other raw HTML is shown as written */
      html = known_html(n, &underline);
      lit = cmark_node_get_literal(n);
      rc = html == 2 ? w->ops->line_break(w->ctx)
           : html    ? 0
                     : w->ops->text(w->ctx, lit, strlen(lit), flags);
      break;
    case CMARK_NODE_TEXT:
      lit = cmark_node_get_literal(n);
      rc = w->ops->text(w->ctx, lit, strlen(lit), flags);
      break;
    case CMARK_NODE_CODE:
      lit = cmark_node_get_literal(n);
      rc = w->ops->text(w->ctx, lit, strlen(lit), flags | PS_INL_CODE);
      break;
    case CMARK_NODE_SOFTBREAK:
      lit = soft_break(n);
      rc = *lit ? w->ops->text(w->ctx, lit, strlen(lit), flags) : 0;
      break;
    case CMARK_NODE_LINEBREAK: rc = w->ops->line_break(w->ctx); break;
    case CMARK_NODE_STRONG: rc = walk_inlines(w, n, flags | PS_INL_STRONG); break;
    case CMARK_NODE_EMPH: rc = walk_inlines(w, n, flags | PS_INL_EMPH); break;
    default:
      rc =
          walk_inlines(w, n, flags | (cmark_node_get_type(n) == CMARK_NODE_LINK ? PS_INL_LINK : 0));
      break;
    }
    if (rc < 0)
      return rc;
  }
  return 0;
}

/* The text of a paragraph as the writers show it, formatting dropped. */
static void leaf_text(ps_buf *b, cmark_node *parent) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE)
      ps_buf_puts(b, cmark_node_get_literal(n));
    else if (t == CMARK_NODE_SOFTBREAK)
      ps_buf_puts(b, soft_break(n));
    else if (t == CMARK_NODE_LINEBREAK)
      ps_buf_putc(b, ' ');
    else
      leaf_text(b, n);
  }
}

/* Whether a run of KIND is left out: shown at the other end of a move. */
static int dropped(const walker *w, ps_op_kind kind) {
  return (w->drop == PS_REV_INS && kind == PS_OP_INSERT) ||
         (w->drop == PS_REV_DEL && kind == PS_OP_DELETE);
}

static int emit_run(void *ctx, ps_op_kind kind, const char *s, size_t len) {
  walker *w = ctx;
  if (dropped(w, kind))
    return 0;
  unsigned flags = kind == PS_OP_EQUAL ? 0 : kind == PS_OP_DELETE ? PS_INL_DEL : PS_INL_INS;
  return w->ops->text(w->ctx, s, len, flags);
}

/* Emits B as runs against A: equal text plain, deletions and insertions
 * marked, token by token (textdiff.h). */
static int diff_runs(walker *w, const char *a, const char *b) {
  return ps_diff_text(a, b, w->granularity, emit_run, w);
}

static int last_run(void *ctx, ps_op_kind kind, const char *s, size_t len) {
  walker *w = ctx;
  (void)s, (void)len;
  if (!dropped(w, kind))
    w->last_kind = kind;
  return 0;
}

/* Paragraph P holding B's text against A's, its runs marked. At an end of
 * a moved clause, its mark is marked like its last run when that one is
 * deleted or inserted (ps_walk_ops.marks_moves). */
static int diff_para(walker *w, ps_para *p, const char *a, const char *b) {
  int rc = 0;
  if (w->drop != PS_REV_NONE) {
    w->last_kind = PS_OP_EQUAL;
    rc = ps_diff_text(a, b, w->granularity, last_run, w);
    p->rev = w->last_kind == PS_OP_INSERT   ? PS_REV_INS
             : w->last_kind == PS_OP_DELETE ? PS_REV_DEL
                                            : p->rev;
  }
  if (rc == 0)
    rc = begin_para(w, p);
  if (rc == 0)
    rc = diff_runs(w, a, b);
  return rc < 0 ? rc : w->ops->para_end(w->ctx);
}

/* A paragraph whose inline content is INLINES. */
static int para(walker *w, ps_para *p, cmark_node *inlines) {
  p->rev = rev_now(w);
  p->keep_next =
      inlines == w->keep_para || (w->keep_row && cmark_node_parent(inlines) == w->keep_row);
  if (w->old_leaves && w->leaf < w->nleaves) {
    ps_buf b = PS_BUF_INIT;
    leaf_text(&b, inlines);
    int rc = b.failed ? PS_ENOMEM : diff_para(w, p, w->old_leaves[w->leaf++], b.ptr ? b.ptr : "");
    ps_buf_free(&b);
    return rc;
  }
  int rc = begin_para(w, p);
  if (rc == 0)
    rc = walk_inlines(w, inlines, mode_flags(w));
  return rc < 0 ? rc : w->ops->para_end(w->ctx);
}

/* A paragraph of plain TEXT (title lines, headings, references). */
static int text_para(walker *w, ps_para *p, const char *text) {
  p->rev = w->mode;
  int rc = begin_para(w, p);
  if (rc == 0 && *text)
    rc = w->ops->text(w->ctx, text, strlen(text), mode_flags(w));
  return rc < 0 ? rc : w->ops->para_end(w->ctx);
}

/* Code blocks become one paragraph per line. */
static int code_block(walker *w, cmark_node *n) {
  const char *s = cmark_node_get_literal(n);
  ps_para p = {PS_PARA_CODE, 0, 0, 0, w->mode, NULL, PS_INDENT_NONE, 0, NULL};
  while (*s) {
    size_t k = strcspn(s, "\n");
    int rc = begin_para(w, &p);
    if (rc == 0 && k)
      rc = w->ops->text(w->ctx, s, k, PS_INL_CODE | mode_flags(w));
    if (rc == 0)
      rc = w->ops->para_end(w->ctx);
    if (rc < 0)
      return rc;
    s += k + (s[k] == '\n');
  }
  return 0;
}

static int walk_blocks(walker *w, cmark_node *parent, int quote);

/* The width of the text below N in cells (half a full-width character):
 * wide (Japanese) characters count two. A note in <small>…</small> does
 * not count: it is set small and wraps in whatever width its column gets
 * (a form's row IDs stay out of the way of its text). Returns 0, or
 * PS_ENOMEM. */
static int text_cells(cmark_node *n, unsigned *cells) {
  *cells = 0;
  cmark_iter *it = ps_cmark_iter_new(n);
  if (!it)
    return PS_ENOMEM;
  cmark_event_type ev;
  unsigned small = 0;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);
    const char *lit = ev == CMARK_EVENT_ENTER ? cmark_node_get_literal(node) : NULL;
    if (lit && cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE &&
        (strcmp(lit, "<small>") == 0 || strcmp(lit, "</small>") == 0)) {
      small = lit[1] == 's';
      continue;
    }
    if (small)
      continue;
    int prev = -1; /* the last character was wide (1), narrow (0), none (-1) */
    unsigned turns = 0;
    for (const unsigned char *p = (const unsigned char *)lit; p && *p; p++) {
      if ((*p & 0xc0) == 0x80)
        continue;
      /* U+2000 and above (lead byte E2: ①, ※, □, ○ and the like) are as wide
       * as kanji in a Japanese font */
      int wide = *p >= 0xe2;
      *cells += wide ? 2 : 1;
      turns += prev >= 0 && prev != wide && *p != ' ';
      prev = *p == ' ' ? -1 : wide;
    }
    *cells += (turns + 1) / 2; /* the space office writers put between
                                 Japanese and Latin text or digits: a
                                 quarter of a full width each side */
  }
  cmark_iter_free(it);
  return 0;
}

/* Column widths follow the longest text of each column, within bounds, so
 * a short column (番号) stays narrow and prose gets the room. The more
 * columns, the lower the bound, so that in a wide table (a ledger) prose
 * wraps and short entries such as dates keep their width. Widths are in
 * cells (half a full-width character of the body font) plus each cell's
 * margins (CELL_PADDING, 99 twips a side); a short column gets its width
 * out of the TEXT_CELLS of an A4 portrait page (TEXT_CELLS_LANDSCAPE of a
 * landscape one: 16 cm against 24.7 cm between the margins), and the prose columns
 * share the rest in proportion: shrunk with the prose, 「第1の1」 and
 * 「変更」 in a redline's summary were wrapped a character a line. A table
 * of short columns only is spread in proportion. */
#define CELL_PADDING 2
#define SHORT_COLUMN 18
#define TEXT_CELLS 84
#define TEXT_CELLS_LANDSCAPE 130
/* SHORT_LAST: the last column holds a list of clause numbers (第1の2、第3の1)
 * that wraps at its 、 into a short column, however long the list. */
#define LIST_CELLS 16
/* WRITE_IN_CELLS: the least room of a column left empty for the reader. */
#define WRITE_IN_CELLS 10
static int column_weights(cmark_node *t, int ncols, int short_last, unsigned page,
                          unsigned *weights) {
  unsigned need[PS_MAX_COLUMNS] = {0}, total = 0;
  int filled[PS_MAX_COLUMNS] = {0}; /* a row below the header has text there */
  for (cmark_node *row = cmark_node_first_child(t); row; row = cmark_node_next(row)) {
    int col = 0;
    for (cmark_node *cell = cmark_node_first_child(row); cell && col < ncols;
         cell = cmark_node_next(cell), col++) {
      unsigned c;
      if (text_cells(cell, &c) < 0)
        return PS_ENOMEM;
      need[col] = c > need[col] ? c : need[col];
      filled[col] |= cmark_node_first_child(cell) && row != cmark_node_first_child(t);
    }
  }
  unsigned cap = 160 / (unsigned)ncols;
  cap = cap < 12 ? 12 : cap > 40 ? 40 : cap;
  if (short_last && need[ncols - 1] > LIST_CELLS)
    need[ncols - 1] = LIST_CELLS;
  int has_body = cmark_node_next(cmark_node_first_child(t)) != NULL;
  unsigned fixed = 0, flexible = 0;
  for (int c = 0; c < ncols; c++) {
    /* A column left empty below its header is where the reader writes:
     * under a header of prose length (a form's 説明・根拠資料) more room
     * than the prose it answers, under a short one (回答) room for a few
     * words (一部適合). */
    int write_in = has_body && !filled[c];
    unsigned least = write_in ? WRITE_IN_CELLS : 5;
    if (write_in && need[c] > SHORT_COLUMN)
      need[c] = cap * 5 / 4;
    else
      need[c] = need[c] < least ? least : need[c] > cap ? cap : need[c];
    need[c] += CELL_PADDING;
    total += need[c];
    if (need[c] <= SHORT_COLUMN)
      fixed += need[c];
    else
      flexible += need[c];
  }
  if (total == 0) /* no columns (the caller refuses tables of none) */
    return PS_ELIMIT;
  /* Short columns keep their width when they leave the prose at least
   * half the page. */
  int keep = flexible > 0 && fixed * 2 <= page;
  unsigned used = 0;
  for (int c = 0; c < ncols; c++) {
    unsigned w;
    if (!keep)
      w = need[c] * PS_WEIGHT_TOTAL / total;
    else if (need[c] <= SHORT_COLUMN)
      w = need[c] * PS_WEIGHT_TOTAL / page;
    else
      w = (page - fixed) * need[c] * PS_WEIGHT_TOTAL / (page * flexible);
    weights[c] = c + 1 < ncols ? w : PS_WEIGHT_TOTAL - used;
    used += weights[c];
  }
  return 0;
}

/* Whether every cell of ROW after the first holds nothing but spaces
 * (ASCII or U+3000): a form's row left blank for writing in. */
static int blank_row(cmark_node *row) {
  cmark_node *cell = cmark_node_first_child(row);
  if (!cell || !cmark_node_next(cell))
    cell = NULL; /* a one-column row: its only cell decides */
  else
    cell = cmark_node_next(cell);
  for (cmark_node *c = cell ? cell : cmark_node_first_child(row); c; c = cmark_node_next(c)) {
    ps_buf b = PS_BUF_INIT;
    leaf_text(&b, c);
    const char *s = b.ptr ? b.ptr : "";
    while (*s == ' ' || strncmp(s, "\xe3\x80\x80", 3) == 0)
      s += *s == ' ' ? 1 : 3;
    int blank = *s == '\0' && !b.failed;
    ps_buf_free(&b);
    if (!blank)
      return 0;
  }
  return 1;
}

static int leaves(char ***out, size_t *count, cmark_node *body);
static void free_leaves(char **l, size_t n);

/* One row of a table. With OLD_ROW, each cell is shown against OLD_ROW's
 * cell in the same column (a cell OLD_ROW lacks counts as empty). */
static int table_row(walker *w, cmark_node *row, const uint8_t *align, int ncols,
                     cmark_node *old_row) {
  int header = cmark_gfm_extensions_get_table_row_is_header(row);
  int kind = header ? PS_ROW_HEADER : blank_row(row) ? PS_ROW_BLANK : PS_ROW_DATA;
  int rc = w->ops->row_begin(w->ctx, kind, rev_now(w));
  if (rc == 0 && old_row) {
    rc = leaves(&w->old_leaves, &w->nleaves, old_row);
    w->leaf = 0;
  }
  int col = 0;
  for (cmark_node *cell = cmark_node_first_child(row); cell && rc == 0;
       cell = cmark_node_next(cell), col++) {
    ps_para p = {PS_PARA_CELL, 0,    header,         align && col < ncols ? align[col] : 0,
                 PS_REV_NONE,  NULL, PS_INDENT_NONE, 0,
                 NULL};
    rc = w->ops->cell_begin(w->ctx, col);
    if (rc == 0 && old_row && w->leaf >= w->nleaves) { /* a cell OLD lacked: inserted */
      w->row_rev = PS_REV_INS;
      rc = para(w, &p, cell);
      w->row_rev = PS_REV_NONE;
    } else if (rc == 0) {
      rc = para(w, &p, cell);
    }
    if (rc == 0)
      rc = w->ops->cell_end(w->ctx);
  }
  if (old_row) {
    free_leaves(w->old_leaves, w->nleaves);
    w->old_leaves = NULL;
    w->nleaves = 0;
  }
  return rc < 0 ? rc : w->ops->row_end(w->ctx);
}

/* Starts table T (NEW's, in a redline): its column widths; OLD (OLD's
 * table of as many columns, or NULL): its widths too, when they differ. */
static int table_start(walker *w, cmark_node *t, cmark_node *old, int *ncols) {
  *ncols = cmark_gfm_extensions_get_table_columns(t);
  if (*ncols < 1 || *ncols > PS_MAX_COLUMNS)
    return PS_ELIMIT;
  unsigned weights[PS_MAX_COLUMNS], old_weights[PS_MAX_COLUMNS] = {0};
  int rc = column_weights(t, *ncols, w->short_last, w->page_cells, weights);
  if (rc == 0 && old && w->ops->table_was)
    rc = column_weights(old, *ncols, w->short_last, w->page_cells, old_weights);
  if (rc == 0)
    rc = sync_mode(w);
  if (rc == 0 && old && w->ops->table_was &&
      memcmp(weights, old_weights, (size_t)*ncols * sizeof weights[0]) != 0)
    rc = w->ops->table_was(w->ctx, *ncols, old_weights);
  return rc < 0 ? rc : w->ops->table_begin(w->ctx, *ncols, weights);
}

static int table(walker *w, cmark_node *t) {
  int ncols;
  int rc = table_start(w, t, NULL, &ncols);
  uint8_t *align = cmark_gfm_extensions_get_table_alignments(t);
  for (cmark_node *row = cmark_node_first_child(t); row && rc == 0; row = cmark_node_next(row))
    rc = table_row(w, row, align, ncols, NULL);
  return rc < 0 ? rc : w->ops->table_end(w->ctx);
}

static int list(walker *w, cmark_node *n, int quote) {
  int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
  int rc = sync_mode(w);
  if (rc == 0)
    rc = w->ops->list_begin(w->ctx, ordered, cmark_node_get_list_start(n));
  for (cmark_node *item = cmark_node_first_child(n); item && rc == 0;
       item = cmark_node_next(item)) {
    rc = w->ops->item_begin(w->ctx);
    w->in_list++;
    if (rc == 0)
      rc = walk_blocks(w, item, quote);
    w->in_list--;
    if (rc == 0)
      rc = w->ops->item_end(w->ctx);
  }
  return rc < 0 ? rc : w->ops->list_end(w->ctx);
}

/* Whether paragraph N begins with its number, "2　" (digits and a
 * full-width space), as the second and later paragraphs of an article do. */
static int numbered_paragraph(cmark_node *n) {
  cmark_node *t = cmark_node_first_child(n);
  const char *s = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ? cmark_node_get_literal(t) : NULL;
  if (!s || *s < '0' || *s > '9')
    return 0;
  while (*s >= '0' && *s <= '9')
    s++;
  return strncmp(s, "\xe3\x80\x80", 3) == 0; /* U+3000 */
}

/* The paragraph that paragraph or heading N begins (in a block quote
 * when QUOTE): its kind, level, 字下げ and whether it is kept with the
 * references line. */
static ps_para block_para(const walker *w, cmark_node *n, int quote) {
  ps_para p = {
      quote ? PS_PARA_QUOTE : PS_PARA_BODY, 0, 0, 0, PS_REV_NONE, NULL, PS_INDENT_NONE, 0, NULL};
  if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
    p.kind = PS_PARA_HEADING;
    p.level = cmark_node_get_heading_level(n);
  } else if (w->indent && !quote && !w->in_list) {
    p.indent = numbered_paragraph(n) ? PS_INDENT_NUMBERED : PS_INDENT_FIRST;
  }
  p.keep_next = n == w->keep_para;
  return p;
}

static int walk_block(walker *w, cmark_node *n, int quote) {
  ps_para p;
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_PARAGRAPH:
  case CMARK_NODE_HEADING: p = block_para(w, n, quote); return para(w, &p, n);
  case CMARK_NODE_LIST: return list(w, n, quote);
  case CMARK_NODE_CODE_BLOCK: return code_block(w, n);
  case CMARK_NODE_BLOCK_QUOTE: return walk_blocks(w, n, 1);
  default:
    return ext_of(n) == N_TABLE ? table(w, n) : 0; /* thematic breaks and raw HTML carry no text */
  }
}

static int walk_blocks(walker *w, cmark_node *parent, int quote) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    int rc = walk_block(w, n, quote);
    if (rc < 0)
      return rc;
  }
  return 0;
}

char *ps_refs_line(const ps_clause *c) {
  ps_buf b = PS_BUF_INIT;
  ps_buf_puts(&b, "【");
  for (size_t i = 0; i < c->nrefs; i++) {
    if (i)
      ps_buf_puts(&b, "、");
    ps_buf_puts(&b, c->refs[i]);
  }
  ps_buf_puts(&b, "】");
  return ps_buf_detach(&b, NULL);
}

void ps_section_anchor(char *out, size_t n, size_t number) {
  snprintf(out, n, "section-%zu", number);
}

void ps_deleted_anchor(char *out, size_t n, const ps_document *doc, const char *anchor) {
  char a[64];
  int kept = 0;
  for (size_t i = 0; i < doc->nsections && !kept; i++) {
    ps_section_anchor(a, sizeof a, doc->sections[i].number);
    kept =
        doc->sections[i].rev != PS_REV_DEL && doc->sections[i].heading[0] && strcmp(a, anchor) == 0;
  }
  for (size_t i = 0; i < doc->nclauses && !kept; i++)
    kept = doc->clauses[i].rev != PS_REV_DEL && strcmp(doc->clauses[i].id, anchor) == 0;
  snprintf(out, n, "%s%s", anchor, kept ? "-old" : "");
}

/* One heading's line: as it is; in a redline, OLD's line deleted and NEW's
 * inserted when the heading was renamed or renumbered, and a deleted
 * heading's line with the bookmark that heading keeps. */
static int toc_line(const ps_document *doc, int (*fn)(void *ctx, const ps_toc_entry *e), void *ctx,
                    int level, const char *old_text, const char *text, const char *anchor,
                    ps_rev rev) {
  if (rev == PS_REV_CHANGED)
    rev = PS_REV_NONE;
  if (rev == PS_REV_NONE && old_text && strcmp(old_text, text) != 0) {
    int rc = fn(ctx, &(ps_toc_entry){level, old_text, anchor, PS_REV_DEL});
    return rc != 0 ? rc : fn(ctx, &(ps_toc_entry){level, text, anchor, PS_REV_INS});
  }
  char old[80];
  if (rev == PS_REV_DEL) {
    ps_deleted_anchor(old, sizeof old, doc, anchor);
    anchor = old;
  }
  return fn(ctx, &(ps_toc_entry){level, text, anchor, rev});
}

int ps_toc_each(const ps_document *doc, int (*fn)(void *ctx, const ps_toc_entry *e), void *ctx) {
  size_t section = (size_t)-1;
  char anchor[80];
  int level = doc->numbering == PS_NUM_CHAPTERS ? 2 : 1, rc = 0;
  for (size_t i = 0; i < doc->nclauses && rc == 0; i++) {
    const ps_clause *c = &doc->clauses[i];
    const ps_section *s = &doc->sections[c->section];
    if (c->section != section && s->heading[0]) {
      section = c->section;
      ps_section_anchor(anchor, sizeof anchor, s->number);
      rc = toc_line(doc, fn, ctx, 1, s->old_heading, s->heading, anchor, s->rev);
    }
    if (rc == 0)
      rc = toc_line(doc, fn, ctx, c->appendix ? 1 : level, c->old_heading, c->heading, c->id,
                    c->rev);
  }
  return rc;
}

/* The structure of a body, without its text: two bodies with the same
 * skeleton can be compared paragraph by paragraph. */
static char *skeleton(cmark_node *body) {
  ps_buf b = PS_BUF_INIT;
  cmark_iter *it = ps_cmark_iter_new(body);
  if (!it)
    return NULL;
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) & CMARK_NODE_TYPE_BLOCK)
      ps_buf_printf(&b, "%s(", cmark_node_get_type_string(n));
    else if (ev == CMARK_EVENT_EXIT && cmark_node_get_type(n) & CMARK_NODE_TYPE_BLOCK)
      ps_buf_putc(&b, ')');
  }
  cmark_iter_free(it);
  return ps_buf_detach(&b, NULL);
}

/* The texts of BODY's paragraphs and cells, in walk order. */
static int leaves(char ***out, size_t *count, cmark_node *body) {
  size_t cap = 16;
  *count = 0;
  *out = malloc(cap * sizeof(char *));
  cmark_iter *it = *out ? ps_cmark_iter_new(body) : NULL;
  if (!it)
    return PS_ENOMEM;
  cmark_event_type ev;
  int rc = 0;
  while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (ev != CMARK_EVENT_ENTER ||
        !(t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || ext_of(n) == N_CELL))
      continue;
    ps_buf b = PS_BUF_INIT;
    leaf_text(&b, n);
    if (*count == cap) {
      char **p = realloc(*out, (cap *= 2) * sizeof(char *));
      if (!p) {
        ps_buf_free(&b);
        rc = PS_ENOMEM;
        break;
      }
      *out = p;
    }
    (*out)[(*count)++] = ps_buf_detach(&b, NULL);
    rc = (*out)[*count - 1] ? 0 : PS_ENOMEM;
  }
  cmark_iter_free(it);
  return rc;
}

static void free_leaves(char **l, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(l[i]);
  free(l);
}

/* KEEP: the line is kept with the next paragraph (以上). */
static int refs_para(walker *w, const char **refs, size_t nrefs, int keep) {
  ps_clause tmp;
  memset(&tmp, 0, sizeof(tmp));
  tmp.refs = refs;
  tmp.nrefs = nrefs;
  char *line = ps_refs_line(&tmp);
  if (!line)
    return PS_ENOMEM;
  ps_para p = {PS_PARA_REFS, 0, 0, 0, PS_REV_NONE, NULL, PS_INDENT_NONE, keep, NULL};
  int rc = text_para(w, &p, line);
  free(line);
  return rc;
}

/* The children of a node, with a key each: equal keys, equal blocks. */
typedef struct {
  cmark_node **nodes;
  char **keys;
  size_t count;
} block_list;

static void block_list_free(block_list *l) {
  for (size_t i = 0; i < l->count; i++)
    free(l->keys[i]);
  free(l->keys);
  free(l->nodes);
}

/* A block's key: its structure, then the texts of its paragraphs and
 * cells, each after a separator no text holds. */
static char *block_key(cmark_node *n) {
  char **texts = NULL;
  size_t count = 0;
  char *shape = skeleton(n);
  int rc = shape ? leaves(&texts, &count, n) : PS_ENOMEM;
  ps_buf b = PS_BUF_INIT;
  /* After a failure TEXTS may hold fewer texts than COUNT says. */
  if (rc == 0) {
    ps_buf_puts(&b, shape);
    for (size_t i = 0; i < count; i++) {
      ps_buf_putc(&b, '\x1f');
      ps_buf_puts(&b, texts[i]);
    }
  }
  free_leaves(texts, count);
  free(shape);
  if (rc < 0 || b.failed) {
    ps_buf_free(&b);
    return NULL;
  }
  return ps_buf_detach(&b, NULL);
}

static int block_list_of(block_list *l, cmark_node *parent) {
  memset(l, 0, sizeof *l);
  size_t n = 0;
  for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c))
    n++;
  l->nodes = calloc(n + 1, sizeof *l->nodes);
  l->keys = calloc(n + 1, sizeof *l->keys);
  if (!l->nodes || !l->keys)
    return PS_ENOMEM;
  for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
    l->nodes[l->count] = c;
    if (!(l->keys[l->count++] = block_key(c)))
      return PS_ENOMEM;
  }
  return 0;
}

static int key_eq(const void *ctx, size_t i, size_t j) {
  const block_list *const *l = ctx;
  return strcmp(l[0]->keys[i], l[1]->keys[j]) == 0;
}

/* The text part of a key (after its structure). */
static const char *key_text(const char *key) {
  const char *t = strchr(key, '\x1f');
  return t ? t : "";
}

/* Block N inserted or deleted whole; a row of a table of NCOLS columns
 * when NCOLS is not 0. */
static int whole(walker *w, cmark_node *n, ps_rev rev, const uint8_t *align, int ncols) {
  int rc;
  if (rev == w->drop) /* shown at the other end of a move */
    return 0;
  if (ncols) {
    w->row_rev = rev;
    rc = table_row(w, n, align, ncols, NULL);
    w->row_rev = PS_REV_NONE;
    return rc;
  }
  w->mode = rev;
  rc = walk_block(w, n, 0);
  w->mode = PS_REV_NONE;
  return rc;
}

/* Which blocks of A and B a difference pairs: the caller's comparison of
 * two blocks, and what it emits. */
typedef struct {
  int (*pairs)(const block_list *a, size_t i, const block_list *b, size_t j);
  int (*changed)(walker *w, cmark_node *a, cmark_node *b, const uint8_t *align, int ncols);
  const uint8_t *align; /* rows: the table's alignments and columns */
  int ncols;
} pairing;

/* One step of a difference between blocks (or rows): block B of NEW as
 * it is ('e'), A of OLD shown changed into B ('c'), A deleted ('d'), B
 * inserted ('i'). */
typedef struct {
  char kind;
  size_t a, b;
} block_op;

/* Blocks (or rows) of A against those of B, into *OUT (*N of them; free
 * with free()): the same ones as they are, pairs that P->pairs accepts
 * shown changed, the others deleted or inserted. Returns 0 or a negative
 * error code. */
static int block_ops(block_op **out, size_t *n, const block_list *a, const block_list *b,
                     const pairing *p) {
  const block_list *sides[2] = {a, b};
  ps_op *ops = NULL;
  long nops = ps_myers(&ops, a->count, b->count, key_eq, sides, PS_TEXT_MAX_EDITS);
  ps_op whole_hunk[2] = {{PS_OP_DELETE, 0, 0, a->count}, {PS_OP_INSERT, a->count, 0, b->count}};
  *out = NULL;
  *n = 0;
  if (nops == PS_MYERS_NOMEM)
    return PS_ENOMEM;
  /* Too different: one stretch, paired in order. No runs (both lists
   * empty) is the same stretch, empty. */
  if (nops < 0 || !ops) {
    free(ops);
    ops = NULL;
    nops = 2;
  }
  block_op *steps = malloc((a->count + b->count + 1) * sizeof *steps);
  if (!steps) {
    free(ops);
    return PS_ENOMEM;
  }
  const ps_op *run = ops ? ops : whole_hunk;
  int rc = 0;
  size_t count = 0;
  for (long k = 0; k < nops && rc == 0;) {
    if (run[k].kind == PS_OP_EQUAL) {
      for (size_t x = 0; x < run[k].len; x++)
        steps[count++] = (block_op){'e', 0, run[k].b + x};
      k++;
      continue;
    }
    size_t i = run[k].a, j = run[k].b, ei = i, ej = j;
    for (; k < nops && run[k].kind != PS_OP_EQUAL; k++) {
      if (run[k].kind == PS_OP_DELETE)
        ei = run[k].a + run[k].len;
      else
        ej = run[k].b + run[k].len;
    }
    while ((i < ei || j < ej) && rc == 0) {
      int similar =
          i < ei && j < ej && p->pairs(a, i, b, j) &&
          (ei - i == ej - j ? 1 : ps_text_similar(key_text(a->keys[i]), key_text(b->keys[j])));
      if (similar < 0)
        rc = similar;
      else if (similar)
        steps[count++] = (block_op){'c', i++, j++};
      else if (i < ei && ei - i >= ej - j)
        steps[count++] = (block_op){'d', i++, 0};
      else
        steps[count++] = (block_op){'i', 0, j++};
    }
  }
  free(ops);
  if (rc < 0) {
    free(steps);
    return rc;
  }
  *out = steps;
  *n = count;
  return 0;
}

/* Emits step S of a difference between A and B (block_ops). */
static int block_step(walker *w, const block_op *s, const block_list *a, const block_list *b,
                      const pairing *p) {
  switch (s->kind) {
  case 'e':
    return p->ncols ? table_row(w, b->nodes[s->b], p->align, p->ncols, NULL)
                    : walk_block(w, b->nodes[s->b], 0);
  case 'c': return p->changed(w, a->nodes[s->a], b->nodes[s->b], p->align, p->ncols);
  case 'd': return whole(w, a->nodes[s->a], PS_REV_DEL, p->align, p->ncols);
  default: return whole(w, b->nodes[s->b], PS_REV_INS, p->align, p->ncols);
  }
}

/* Blocks (or rows) of A against those of B (block_ops), emitted. */
static int diff_blocks(walker *w, const block_list *a, const block_list *b, const pairing *p) {
  block_op *steps;
  size_t n;
  int rc = block_ops(&steps, &n, a, b, p);
  for (size_t k = 0; k < n && rc == 0; k++)
    rc = block_step(w, &steps[k], a, b, p);
  free(steps);
  return rc;
}

/* Rows pair when both are header rows or neither is. */
static int rows_pair(const block_list *a, size_t i, const block_list *b, size_t j) {
  return cmark_gfm_extensions_get_table_row_is_header(a->nodes[i]) ==
         cmark_gfm_extensions_get_table_row_is_header(b->nodes[j]);
}

static int row_changed(walker *w, cmark_node *a, cmark_node *b, const uint8_t *align, int ncols) {
  return table_row(w, b, align, ncols, a);
}

/* A table whose rows changed: row by row, and cell by cell in a row that
 * changed (issue 14: not the whole table struck and inserted again). */
static int table_changed(walker *w, cmark_node *ta, cmark_node *tb) {
  /* Zeroed: when the first list fails, the second is freed unfilled. */
  block_list ra = {0}, rb = {0};
  int ncols = 0;
  int rc = block_list_of(&ra, ta);
  if (rc == 0)
    rc = block_list_of(&rb, tb);
  if (rc == 0)
    rc = table_start(w, tb, ta, &ncols);
  pairing p = {rows_pair, row_changed, cmark_gfm_extensions_get_table_alignments(tb), ncols};
  if (rc == 0)
    rc = diff_blocks(w, &ra, &rb, &p);
  if (rc == 0)
    rc = w->ops->table_end(w->ctx);
  block_list_free(&ra);
  block_list_free(&rb);
  return rc;
}

/* Blocks pair when they have the same structure (compared paragraph by
 * paragraph), or are tables of as many columns (compared row by row). */
static int blocks_pair(const block_list *a, size_t i, const block_list *b, size_t j) {
  cmark_node *x = a->nodes[i], *y = b->nodes[j];
  if (ext_of(x) == N_TABLE && ext_of(y) == N_TABLE)
    return cmark_gfm_extensions_get_table_columns(x) == cmark_gfm_extensions_get_table_columns(y);
  size_t lx = strcspn(a->keys[i], "\x1f"), ly = strcspn(b->keys[j], "\x1f");
  return lx == ly && memcmp(a->keys[i], b->keys[j], lx) == 0;
}

static int block_changed(walker *w, cmark_node *a, cmark_node *b, const uint8_t *align, int ncols) {
  (void)align, (void)ncols;
  if (ext_of(a) == N_TABLE && ext_of(b) == N_TABLE)
    return table_changed(w, a, b);
  int rc = leaves(&w->old_leaves, &w->nleaves, a);
  w->leaf = 0;
  if (rc == 0)
    rc = walk_block(w, b, 0);
  free_leaves(w->old_leaves, w->nleaves);
  w->old_leaves = NULL;
  w->nleaves = 0;
  return rc;
}

/* A changed clause body: block by block against OLD's. */
static int body_changed(walker *w, cmark_node *old_body, cmark_node *body) {
  /* Zeroed: when the first list fails, the second is freed unfilled. */
  block_list a = {0}, b = {0};
  int rc = block_list_of(&a, old_body);
  if (rc == 0)
    rc = block_list_of(&b, body);
  pairing p = {blocks_pair, block_changed, NULL, 0};
  if (rc == 0)
    rc = diff_blocks(w, &a, &b, &p);
  block_list_free(&a);
  block_list_free(&b);
  return rc;
}

/* A clause changed in NEW: its heading, body and references against OLD's. */
static int changed_heading(walker *w, const ps_clause *c) {
  ps_para h = {PS_PARA_CLAUSE, 0, 0, 0, PS_REV_NONE, c->id, PS_INDENT_NONE, 0, NULL};
  return diff_para(w, &h, c->old_label ? c->old_label : c->label, c->label);
}

static int changed_refs(walker *w, const ps_clause *c) {
  ps_clause old = *c;
  old.refs = c->old_refs;
  old.nrefs = c->old_nrefs;
  char *a = ps_refs_line(&old), *b = ps_refs_line(c);
  ps_para p = {PS_PARA_REFS, 0, 0, 0, PS_REV_NONE, NULL, PS_INDENT_NONE, 0, NULL};
  int rc = a && b ? diff_para(w, &p, a, b) : PS_ENOMEM;
  free(a);
  free(b);
  return rc;
}

static int changed_clause(walker *w, const ps_document *doc, const ps_clause *c) {
  int rc = changed_heading(w, c);
  if (rc == 0)
    rc = body_changed(w, c->old_body, c->body);
  if (rc == 0 && doc->show_refs)
    rc = changed_refs(w, c);
  return rc;
}

/* One end of a moved clause, for a writer with move marks: NEW's text
 * against OLD's, the edits the other end shows left out. */
static int moved_clause(walker *w, const ps_document *doc, const ps_clause *c) {
  const ps_clause *peer = &doc->clauses[c->move_peer];
  const ps_clause *o = c->rev == PS_REV_DEL ? c : peer;
  ps_clause n = c->rev == PS_REV_DEL ? *peer : *c;
  n.old_body = o->body;
  n.old_label = o->label;
  n.old_refs = o->refs;
  n.old_nrefs = o->nrefs;
  w->drop = c->rev == PS_REV_DEL ? PS_REV_INS : PS_REV_DEL;
  int rc = changed_clause(w, doc, &n);
  w->drop = PS_REV_NONE;
  return rc;
}

static int plain_clause(walker *w, const ps_document *doc, const ps_clause *c);

/* A clause; an end of a moved one between the writer's move calls. */
static int clause(walker *w, const ps_document *doc, const ps_clause *c) {
  int move =
      c->move && c->move_peer < doc->nclauses && (c->rev == PS_REV_DEL || c->rev == PS_REV_INS);
  int rc = move && w->ops->move ? w->ops->move(w->ctx, c, 1) : 0;
  if (rc == 0)
    rc = move && w->ops->marks_moves ? moved_clause(w, doc, c)
         : c->rev == PS_REV_CHANGED  ? changed_clause(w, doc, c)
                                     : plain_clause(w, doc, c);
  if (rc == 0 && move && w->ops->move)
    rc = w->ops->move(w->ctx, c, 0);
  return rc;
}

/* A clause as it is, or inserted or deleted whole. */
static int plain_clause(walker *w, const ps_document *doc, const ps_clause *c) {
  w->mode = c->rev;
  ps_para h = {c->appendix ? PS_PARA_APPENDIX : PS_PARA_CLAUSE,
               0,
               0,
               0,
               PS_REV_NONE,
               c->id,
               PS_INDENT_NONE,
               0,
               NULL};
  int rc = *c->label ? text_para(w, &h, c->label) : 0; /* a document of one untitled clause */
  w->short_last = c->appendix;
  /* The references line follows the text, and the text's last paragraph
   * (or the last row of a table) is kept with it: the line never stands
   * alone at the top of a page. The body's last clause ends kept with
   * 以上, so that neither the line nor 以上 stands alone on the last page. */
  if ((doc->show_refs && c->nrefs) || w->before_closing)
    keep_before_refs(w, c->body);
  if (rc == 0)
    rc = walk_blocks(w, c->body, 0);
  w->keep_para = w->keep_row = NULL;
  w->short_last = 0;
  if (rc == 0 && doc->show_refs && c->nrefs)
    rc = refs_para(w, c->refs, c->nrefs, w->before_closing);
  w->mode = PS_REV_NONE;
  return rc;
}

/* The title block: date, organization and version lines, then the title;
 * in a redline, a line that differs is OLD's deleted and NEW's inserted. */
static int title_block(walker *w, const ps_document *doc) {
  char vbuf[128];
  const char *version = ps_version_label(doc, vbuf, sizeof vbuf);
  const char *lines[] = {doc->date, doc->organization, version, doc->title};
  int rc = 0;
  for (size_t i = 0; i < 4 && rc == 0; i++) {
    ps_para p = {i == 3 ? PS_PARA_TITLE : PS_PARA_TITLE_INFO,
                 0,
                 0,
                 0,
                 PS_REV_NONE,
                 NULL,
                 PS_INDENT_NONE,
                 0,
                 NULL};
    const char *old = doc->redline ? doc->old_lines[i] : lines[i];
    int same = (!old && !lines[i]) || (old && lines[i] && strcmp(old, lines[i]) == 0);
    if (!same && old) {
      w->mode = PS_REV_DEL;
      rc = text_para(w, &p, old);
    }
    w->mode = same ? PS_REV_NONE : PS_REV_INS;
    if (rc == 0 && lines[i])
      rc = text_para(w, &p, lines[i]);
    w->mode = PS_REV_NONE;
  }
  return rc;
}

typedef struct {
  int (*fn)(void *ctx, ps_rev rev, const char *s, size_t len);
  void *ctx;
} header_runs;

static int header_run(void *ctx, ps_op_kind kind, const char *s, size_t len) {
  const header_runs *h = ctx;
  return h->fn(h->ctx,
               kind == PS_OP_EQUAL    ? PS_REV_NONE
               : kind == PS_OP_DELETE ? PS_REV_DEL
                                      : PS_REV_INS,
               s, len);
}

int ps_header_each(const ps_document *doc,
                   int (*fn)(void *ctx, ps_rev rev, const char *s, size_t len), void *ctx) {
  char text[1024], old[1024];
  ps_header_text(doc, text, sizeof text);
  const char *title = doc->old_lines[3] ? doc->old_lines[3] : "", *version = doc->old_lines[2];
  if (doc->redline) /* as ps_header_text, of OLD's title and version label */
    snprintf(old, sizeof old, "%s%s%s%s", title, version ? "（" : "", version ? version : "",
             version ? "）" : "");
  if (!doc->redline || strcmp(old, text) == 0)
    return fn(ctx, PS_REV_NONE, text, strlen(text));
  header_runs h = {fn, ctx};
  return ps_diff_text(old, text, doc->granularity, header_run, &h);
}

/* What comes before the first clause: the title block, a draft's preface
 * and the table of contents. */
static int walk_front(walker *w, const ps_document *doc) {
  int rc = title_block(w, doc);
  if (rc == 0)
    rc = sync_mode(w);
  if (rc == 0 && doc->preface) {
    ps_para p = {PS_PARA_PAGE_BREAK, 0, 0, 0, PS_REV_NONE, NULL, PS_INDENT_NONE, 0, NULL};
    rc = walk_blocks(w, doc->preface, 0);
    if (rc == 0)
      rc = text_para(w, &p, "");
  }
  w->indent = doc->indent;
  if (rc == 0 && w->ops->after_title)
    rc = w->ops->after_title(w->ctx, doc);
  return rc;
}

static int section_heading(walker *w, const ps_section *s) {
  char anchor[64];
  ps_section_anchor(anchor, sizeof anchor, s->number);
  ps_para p = {PS_PARA_SECTION, 0, 0, 0, PS_REV_NONE, anchor, PS_INDENT_NONE, 0, NULL};
  w->mode = s->rev;
  int rc = text_para(w, &p, s->title);
  w->mode = PS_REV_NONE;
  return rc;
}

/* 以上, right-aligned after the body. */
static int closing(walker *w, const ps_document *doc) {
  ps_para p = {PS_PARA_CLOSING, 0, 0, 0, PS_REV_NONE, NULL, PS_INDENT_NONE, 0, NULL};
  return doc->closing ? text_para(w, &p, doc->closing) : 0;
}

/* 以上 ends the body; the 別表 follows on a new page. */
static int close_body(walker *w, const ps_document *doc) {
  ps_para p = {PS_PARA_PAGE_BREAK, 0, 0, 0, PS_REV_NONE, NULL, PS_INDENT_NONE, 0, NULL};
  int rc = closing(w, doc);
  return rc == 0 ? text_para(w, &p, "") : rc;
}

/* Whether clause I is the body's last, whose end is kept with 以上. */
static int before_closing(const ps_document *doc, size_t i) {
  return doc->closing && !doc->redline && !doc->clauses[i].appendix &&
         (i + 1 == doc->nclauses || doc->clauses[i + 1].appendix);
}

#define WALKER_INIT(ops, ctx, doc)                                                                 \
  {                                                                                                \
    ops, ctx, (doc)->granularity, PS_REV_NONE, PS_REV_NONE, PS_REV_NONE, NULL, 0, 0, 0, 0, NULL,   \
        NULL, PS_REV_NONE, PS_OP_EQUAL, 0, 0, (doc)->landscape ? TEXT_CELLS_LANDSCAPE : TEXT_CELLS \
  }

int ps_walk(const ps_document *doc, const ps_walk_ops *ops, void *ctx) {
  walker w = WALKER_INIT(ops, ctx, doc);
  int rc = walk_front(&w, doc);
  size_t section = (size_t)-1;
  int closed = 0;
  for (size_t i = 0; i < doc->nclauses && rc == 0; i++) {
    const ps_clause *c = &doc->clauses[i];
    if (c->appendix && !closed) {
      closed = 1;
      if ((rc = close_body(&w, doc)) != 0)
        break;
    }
    if (c->section != section) {
      section = c->section;
      if (doc->sections[section].heading[0])
        rc = section_heading(&w, &doc->sections[section]);
    }
    w.before_closing = before_closing(doc, i);
    if (rc == 0)
      rc = clause(&w, doc, c);
    w.before_closing = 0;
  }
  if (rc == 0 && !closed)
    rc = closing(&w, doc);
  return rc == 0 ? sync_mode(&w) : rc;
}

/* ---- planned walks (ps_walk_plan) ---- */

/* Units: a chapter heading; of a clause added or removed whole, its
 * heading, a block, its references; a clause that stays where it is; of a
 * clause changed in place, its heading, a block as it is or changed
 * (U_CHANGED), its references (a block added or removed is a U_BLOCK). */
enum { U_SECTION, U_HEADING, U_BLOCK, U_REFS, U_CLAUSE, U_CHEAD, U_EQUAL, U_CHANGED, U_CREFS };

/* The style of a paragraph unit, as ps_walk_unit.key: the fields of
 * ps_para that a writer's paragraph properties follow. */
static unsigned para_key(const ps_para *p) {
  return 1u + (unsigned)p->kind + 16u * (unsigned)p->indent + 64u * (unsigned)(p->keep_next != 0) +
         128u * (unsigned)p->level;
}

static int add_unit(ps_walk_plan *plan, size_t *cap, const ps_walk_unit *u) {
  ps_walk_unit *units = ps_grow(plan->units, cap, plan->nunits, sizeof *units);
  if (!units)
    return PS_ENOMEM;
  plan->units = units;
  plan->units[plan->nunits++] = *u;
  return 0;
}

/* Whether clause C is walked as blocks that may move: added or removed
 * whole, not moved. */
static int movable(const ps_document *doc, const ps_clause *c) {
  return (c->rev == PS_REV_INS || c->rev == PS_REV_DEL) &&
         !(c->move && c->move_peer < doc->nclauses);
}

/* Whether the first (LAST: the last) block of BODY is a table. */
static int table_at(cmark_node *body, int last) {
  cmark_node *n = last ? cmark_node_last_child(body) : cmark_node_first_child(body);
  return n && ext_of(n) == N_TABLE;
}

/* U as block N (of a clause whose blocks W walks). */
static void block_unit(ps_walk_unit *u, const walker *w, cmark_node *n) {
  cmark_node_type t = cmark_node_get_type(n);
  u->part = U_BLOCK;
  u->node = n;
  u->old_node = NULL;
  u->key = 0;
  u->table = ext_of(n) == N_TABLE;
  u->ncols = u->table ? cmark_gfm_extensions_get_table_columns(n) : 0;
  u->empty = !u->table && t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING &&
             t != CMARK_NODE_LIST && t != CMARK_NODE_CODE_BLOCK && t != CMARK_NODE_BLOCK_QUOTE;
  u->first_para = u->last_para = !u->table && !u->empty;
  if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
    ps_para p = block_para(w, n, 0);
    u->key = para_key(&p);
  }
}

/* The units of clause C changed in place (not moved), into PLAN: its
 * heading, its blocks as body_changed() walks them, its references. */
static int changed_units(ps_walk_plan *plan, size_t *cap, const ps_document *doc, size_t i) {
  const ps_clause *c = &doc->clauses[i];
  walker w = WALKER_INIT(NULL, NULL, doc);
  w.indent = doc->indent;
  ps_walk_unit u = {PS_REV_NONE, 0, 0, 1, 1, 0, 0, U_CHEAD, c->section, i, NULL, NULL};
  block_list a = {0}, b = {0};
  block_op *ops = NULL;
  size_t nops = 0;
  pairing p = {blocks_pair, block_changed, NULL, 0};
  int rc = add_unit(plan, cap, &u);
  if (rc == 0)
    rc = block_list_of(&a, c->old_body);
  if (rc == 0)
    rc = block_list_of(&b, c->body);
  if (rc == 0)
    rc = block_ops(&ops, &nops, &a, &b, &p);
  for (size_t k = 0; k < nops && rc == 0; k++) {
    char kind = ops[k].kind;
    block_unit(&u, &w, kind == 'd' ? a.nodes[ops[k].a] : b.nodes[ops[k].b]);
    u.rev = kind == 'd' ? PS_REV_DEL : kind == 'i' ? PS_REV_INS : PS_REV_NONE;
    if (kind == 'e' || kind == 'c') { /* stays: never fused */
      u.part = kind == 'e' ? U_EQUAL : U_CHANGED;
      u.old_node = kind == 'c' ? a.nodes[ops[k].a] : NULL;
      u.key = 0;
      u.ncols = 0;
    }
    rc = add_unit(plan, cap, &u);
  }
  if (rc == 0 && doc->show_refs) {
    u = (ps_walk_unit){PS_REV_NONE, 0, 0, 1, 1, 0, 0, U_CREFS, c->section, i, NULL, NULL};
    rc = add_unit(plan, cap, &u);
  }
  free(ops);
  block_list_free(&a);
  block_list_free(&b);
  return rc;
}

/* The units of movable clause C, into PLAN. */
static int clause_units(ps_walk_plan *plan, size_t *cap, const ps_document *doc, size_t i) {
  const ps_clause *c = &doc->clauses[i];
  walker w = WALKER_INIT(NULL, NULL, doc);
  w.indent = doc->indent;
  ps_walk_unit u = {c->rev, 0, 0, 0, 0, 0, 0, U_HEADING, c->section, i, NULL, NULL};
  ps_para h = {PS_PARA_CLAUSE, 0, 0, 0, PS_REV_NONE, c->id, PS_INDENT_NONE, 0, NULL};
  u.key = para_key(&h);
  int rc = *c->label ? add_unit(plan, cap, &u) : 0;
  if (doc->show_refs && c->nrefs)
    keep_before_refs(&w, c->body);
  for (cmark_node *n = cmark_node_first_child(c->body); n && rc == 0; n = cmark_node_next(n)) {
    block_unit(&u, &w, n);
    rc = add_unit(plan, cap, &u);
  }
  if (rc == 0 && doc->show_refs && c->nrefs) {
    ps_para r = {PS_PARA_REFS, 0, 0, 0, PS_REV_NONE, NULL, PS_INDENT_NONE, 0, NULL};
    u = (ps_walk_unit){c->rev, 0, 0, 0, 0, para_key(&r), 0, U_REFS, c->section, i, NULL, NULL};
    rc = add_unit(plan, cap, &u);
  }
  return rc;
}

void ps_walk_plan_free(ps_walk_plan *plan) {
  free(plan->units);
  free(plan->steps);
  plan->units = NULL;
  plan->steps = NULL;
  plan->nunits = plan->nsteps = 0;
}

int ps_walk_plan_init(ps_walk_plan *plan, const ps_document *doc) {
  *plan = (ps_walk_plan){NULL, 0, NULL, 0};
  size_t cap = 0, section = (size_t)-1;
  int rc = 0;
  for (size_t i = 0; i < doc->nclauses && rc == 0; i++) {
    const ps_clause *c = &doc->clauses[i];
    if (c->section != section) {
      section = c->section;
      const ps_section *s = &doc->sections[section];
      ps_para p = {PS_PARA_SECTION, 0, 0, 0, PS_REV_NONE, NULL, PS_INDENT_NONE, 0, NULL};
      ps_walk_unit u = {s->rev == PS_REV_INS || s->rev == PS_REV_DEL ? s->rev : PS_REV_NONE,
                        0,
                        0,
                        1,
                        1,
                        para_key(&p),
                        0,
                        U_SECTION,
                        section,
                        i,
                        NULL,
                        NULL};
      if (s->heading[0])
        rc = add_unit(plan, &cap, &u);
    }
    if (rc == 0 && !c->appendix && movable(doc, c)) {
      rc = clause_units(plan, &cap, doc, i);
    } else if (rc == 0 && !c->appendix && c->rev == PS_REV_CHANGED &&
               !(c->move && c->move_peer < doc->nclauses)) {
      rc = changed_units(plan, &cap, doc, i);
    } else if (rc == 0) {
      int refs = doc->show_refs && c->nrefs;
      ps_walk_unit u = {PS_REV_NONE,
                        0,
                        0,
                        *c->label != '\0' || !table_at(c->body, 0),
                        refs || !table_at(c->body, 1),
                        0,
                        0,
                        U_CLAUSE,
                        c->section,
                        i,
                        NULL,
                        NULL};
      rc = add_unit(plan, &cap, &u);
    }
  }
  if (rc == 0 && plan->nunits) {
    plan->steps = malloc(plan->nunits * sizeof *plan->steps);
    if (!plan->steps)
      rc = PS_ENOMEM;
    for (size_t k = 0; rc == 0 && k < plan->nunits; k++)
      plan->steps[k] = (ps_walk_step){k, SIZE_MAX};
    plan->nsteps = rc == 0 ? plan->nunits : 0;
  }
  if (rc < 0)
    ps_walk_plan_free(plan);
  return rc;
}

/* The text of paragraph unit U, marked FLAGS, into the open paragraph. */
static int unit_text(walker *w, const ps_document *doc, const ps_walk_unit *u, unsigned flags) {
  const ps_clause *c = &doc->clauses[u->clause];
  const char *text = NULL;
  char *line = NULL;
  switch (u->part) {
  case U_SECTION: text = doc->sections[u->section].title; break;
  case U_HEADING: text = c->label; break;
  case U_REFS:
    text = line = ps_refs_line(c);
    if (!line)
      return PS_ENOMEM;
    break;
  default: return walk_inlines(w, u->node, flags);
  }
  int rc = *text ? w->ops->text(w->ctx, text, strlen(text), flags) : 0;
  free(line);
  return rc;
}

/* The paragraph that begins unit U (one paragraph: u->key != 0). */
static ps_para unit_para(walker *w, const ps_document *doc, const ps_walk_unit *u, char *anchor,
                         size_t n) {
  ps_para p = {PS_PARA_BODY, 0, 0, 0, PS_REV_NONE, NULL, PS_INDENT_NONE, 0, NULL};
  const ps_clause *c = &doc->clauses[u->clause];
  switch (u->part) {
  case U_SECTION:
    p.kind = PS_PARA_SECTION;
    ps_section_anchor(anchor, n, doc->sections[u->section].number);
    p.bookmark = anchor;
    break;
  case U_HEADING:
    p.kind = PS_PARA_CLAUSE;
    p.bookmark = c->id;
    break;
  case U_REFS: p.kind = PS_PARA_REFS; break;
  default: p = block_para(w, u->node, 0); break;
  }
  return p;
}

/* Sets W up for the blocks of unit U's clause (keep_before_refs). */
static void enter_unit(walker *w, const ps_document *doc, const ps_walk_unit *u) {
  const ps_clause *c = &doc->clauses[u->clause];
  w->keep_para = w->keep_row = NULL;
  if (u->part == U_BLOCK && c->rev != PS_REV_CHANGED && doc->show_refs && c->nrefs)
    keep_before_refs(w, c->body);
}

static void leave_unit(walker *w) {
  w->keep_para = w->keep_row = NULL;
  w->mode = PS_REV_NONE;
}

static int fused_tables(walker *w, const ps_document *doc, const ps_walk_unit *u,
                        const ps_walk_unit *v);

/* Units U (deleted) and V (inserted), one paragraph each, as one
 * paragraph: U's text deleted, then V's inserted, its mark kept on both
 * sides, with V's properties (and U's as they were: ps_para.was). */
static int fused(walker *w, const ps_document *doc, const ps_walk_unit *u, const ps_walk_unit *v) {
  char anchor[64], old_anchor[64];
  if (u->rev == PS_REV_INS) {
    const ps_walk_unit *t = u;
    u = v;
    v = t;
  }
  if (u->table)
    return fused_tables(w, doc, u, v);
  enter_unit(w, doc, u);
  ps_para old = unit_para(w, doc, u, old_anchor, sizeof old_anchor);
  enter_unit(w, doc, v);
  ps_para p = unit_para(w, doc, v, anchor, sizeof anchor);
  p.was = &old;
  w->mode = PS_REV_NONE;
  int rc = begin_para(w, &p);
  if (rc == 0) {
    enter_unit(w, doc, u);
    rc = unit_text(w, doc, u, PS_INL_DEL);
  }
  if (rc == 0) {
    enter_unit(w, doc, v);
    rc = unit_text(w, doc, v, PS_INL_INS);
  }
  leave_unit(w);
  return rc < 0 ? rc : w->ops->para_end(w->ctx);
}

/* Tables U (deleted) and V (inserted), of as many columns, as one: V's
 * widths (U's as they were), U's rows deleted, then V's inserted. */
static int fused_tables(walker *w, const ps_document *doc, const ps_walk_unit *u,
                        const ps_walk_unit *v) {
  int ncols;
  enter_unit(w, doc, u);
  w->mode = PS_REV_NONE;
  int rc = table_start(w, v->node, u->node, &ncols);
  const ps_walk_unit *side[2] = {u, v};
  for (int k = 0; k < 2 && rc == 0; k++) {
    enter_unit(w, doc, side[k]);
    w->row_rev = k ? PS_REV_INS : PS_REV_DEL;
    uint8_t *align = cmark_gfm_extensions_get_table_alignments(side[k]->node);
    for (cmark_node *row = cmark_node_first_child(side[k]->node); row && rc == 0;
         row = cmark_node_next(row))
      rc = table_row(w, row, align, ncols, NULL);
  }
  w->row_rev = PS_REV_NONE;
  leave_unit(w);
  return rc < 0 ? rc : w->ops->table_end(w->ctx);
}

static int walk_unit(walker *w, const ps_document *doc, const ps_walk_unit *u) {
  const ps_clause *c = &doc->clauses[u->clause];
  int rc = 0;
  enter_unit(w, doc, u);
  if (u->part == U_SECTION) {
    rc = section_heading(w, &doc->sections[u->section]);
  } else if (u->part == U_CLAUSE) {
    w->before_closing = before_closing(doc, u->clause);
    rc = clause(w, doc, c);
    w->before_closing = 0;
  } else if (u->part == U_CHEAD) {
    rc = changed_heading(w, c);
  } else if (u->part == U_EQUAL) {
    rc = walk_block(w, u->node, 0);
  } else if (u->part == U_CHANGED) {
    rc = block_changed(w, u->old_node, u->node, NULL, 0);
  } else if (u->part == U_CREFS) {
    rc = changed_refs(w, c);
  } else {
    w->mode = u->rev;
    if (u->part == U_HEADING) {
      ps_para h = {PS_PARA_CLAUSE, 0, 0, 0, PS_REV_NONE, c->id, PS_INDENT_NONE, 0, NULL};
      rc = text_para(w, &h, c->label);
    } else if (u->part == U_REFS) {
      rc = refs_para(w, c->refs, c->nrefs, 0);
    } else {
      rc = walk_block(w, u->node, 0);
    }
  }
  leave_unit(w);
  return rc;
}

int ps_walk_planned(const ps_document *doc, const ps_walk_plan *plan, const ps_walk_ops *ops,
                    void *ctx) {
  walker w = WALKER_INIT(ops, ctx, doc);
  int rc = walk_front(&w, doc);
  int closed = 0;
  for (size_t k = 0; k < plan->nsteps && rc == 0; k++) {
    const ps_walk_step *s = &plan->steps[k];
    const ps_walk_unit *u = &plan->units[s->unit];
    if (doc->clauses[u->clause].appendix && !closed) { /* units of the 別表 stay put */
      closed = 1;
      if ((rc = close_body(&w, doc)) != 0)
        break;
    }
    rc = ops->unit ? ops->unit(ctx, s->unit) : 0;
    if (rc == 0)
      rc = s->fused == SIZE_MAX ? walk_unit(&w, doc, u) : fused(&w, doc, u, &plan->units[s->fused]);
  }
  if (rc == 0 && !closed)
    rc = closing(&w, doc);
  return rc == 0 ? sync_mode(&w) : rc;
}
