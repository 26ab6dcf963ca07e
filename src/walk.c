#include "walk.h"

#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

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
static int soft_break(const ps_walk_ops *ops, void *ctx, cmark_node *n, unsigned inl) {
  cmark_node *prev = cmark_node_previous(n), *next = cmark_node_next(n);
  const char *a = prev ? cmark_node_get_literal(prev) : NULL;
  const char *b = next ? cmark_node_get_literal(next) : NULL;
  int cjk = (a && *a && (unsigned char)a[strlen(a) - 1] >= 0x80) ||
            (b && (unsigned char)b[0] >= 0x80);
  return cjk ? 0 : ops->text(ctx, " ", 1, inl);
}

static int walk_inlines(const ps_walk_ops *ops, void *ctx, cmark_node *parent, unsigned inl) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    int rc = 0;
    const char *lit;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_HTML_INLINE:
      lit = cmark_node_get_literal(n);
      rc = ops->text(ctx, lit, strlen(lit), inl);
      break;
    case CMARK_NODE_CODE:
      lit = cmark_node_get_literal(n);
      rc = ops->text(ctx, lit, strlen(lit), inl | PS_INL_CODE);
      break;
    case CMARK_NODE_SOFTBREAK:
      rc = soft_break(ops, ctx, n, inl);
      break;
    case CMARK_NODE_LINEBREAK:
      rc = ops->line_break(ctx);
      break;
    case CMARK_NODE_STRONG:
      rc = walk_inlines(ops, ctx, n, inl | PS_INL_STRONG);
      break;
    case CMARK_NODE_EMPH:
      rc = walk_inlines(ops, ctx, n, inl | PS_INL_EMPH);
      break;
    default:
      rc = walk_inlines(ops, ctx, n, inl | (cmark_node_get_type(n) == CMARK_NODE_LINK ? PS_INL_LINK : 0));
      break;
    }
    if (rc < 0)
      return rc;
  }
  return 0;
}

static int para(const ps_walk_ops *ops, void *ctx, const ps_para *p, cmark_node *inlines) {
  int rc = ops->para_begin(ctx, p);
  if (rc == 0)
    rc = walk_inlines(ops, ctx, inlines, 0);
  return rc < 0 ? rc : ops->para_end(ctx);
}

/* Code blocks become one paragraph per line. */
static int code_block(const ps_walk_ops *ops, void *ctx, cmark_node *n) {
  const char *s = cmark_node_get_literal(n);
  ps_para p = {PS_PARA_CODE, 0, 0, 0};
  while (*s) {
    size_t k = strcspn(s, "\n");
    int rc = ops->para_begin(ctx, &p);
    if (rc == 0 && k)
      rc = ops->text(ctx, s, k, PS_INL_CODE);
    if (rc == 0)
      rc = ops->para_end(ctx);
    if (rc < 0)
      return rc;
    s += k + (s[k] == '\n');
  }
  return 0;
}

static int walk_blocks(const ps_walk_ops *ops, void *ctx, cmark_node *parent, int quote);

/* Terminal cells of the text below N: wide (Japanese) characters count two. */
static unsigned text_cells(cmark_node *n) {
  unsigned cells = 0;
  cmark_iter *it = cmark_iter_new(n);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    const char *lit = ev == CMARK_EVENT_ENTER ? cmark_node_get_literal(cmark_iter_get_node(it)) : NULL;
    for (const unsigned char *p = (const unsigned char *)lit; p && *p; p++)
      if ((*p & 0xc0) != 0x80)
        cells += *p >= 0xe3 ? 2 : 1;
  }
  cmark_iter_free(it);
  return cells;
}

/* Column widths follow the longest text of each column, within bounds, so
 * a short column (番号) stays narrow and prose gets the room. */
static void column_weights(cmark_node *t, int ncols, unsigned *weights) {
  unsigned need[PS_MAX_COLUMNS] = {0}, total = 0;
  for (cmark_node *row = cmark_node_first_child(t); row; row = cmark_node_next(row)) {
    int col = 0;
    for (cmark_node *cell = cmark_node_first_child(row); cell && col < ncols;
         cell = cmark_node_next(cell), col++) {
      unsigned c = text_cells(cell);
      need[col] = c > need[col] ? c : need[col];
    }
  }
  for (int c = 0; c < ncols; c++) {
    need[c] = need[c] < 6 ? 6 : need[c] > 40 ? 40 : need[c];
    total += need[c];
  }
  unsigned used = 0;
  for (int c = 0; c < ncols; c++) {
    weights[c] = c + 1 < ncols ? need[c] * PS_WEIGHT_TOTAL / total : PS_WEIGHT_TOTAL - used;
    used += weights[c];
  }
}

static int table(const ps_walk_ops *ops, void *ctx, cmark_node *t) {
  int ncols = cmark_gfm_extensions_get_table_columns(t);
  if (ncols < 1 || ncols > PS_MAX_COLUMNS)
    return PS_ELIMIT;
  uint8_t *align = cmark_gfm_extensions_get_table_alignments(t);
  unsigned weights[PS_MAX_COLUMNS];
  column_weights(t, ncols, weights);
  int rc = ops->table_begin(ctx, ncols, weights);
  for (cmark_node *row = cmark_node_first_child(t); row && rc == 0; row = cmark_node_next(row)) {
    int header = cmark_gfm_extensions_get_table_row_is_header(row);
    rc = ops->row_begin(ctx, header);
    int col = 0;
    for (cmark_node *cell = cmark_node_first_child(row); cell && rc == 0;
         cell = cmark_node_next(cell), col++) {
      ps_para p = {PS_PARA_CELL, 0, header, align && col < ncols ? align[col] : 0};
      rc = ops->cell_begin(ctx, col);
      if (rc == 0)
        rc = para(ops, ctx, &p, cell);
      if (rc == 0)
        rc = ops->cell_end(ctx);
    }
    if (rc == 0)
      rc = ops->row_end(ctx);
  }
  return rc < 0 ? rc : ops->table_end(ctx);
}

static int list(const ps_walk_ops *ops, void *ctx, cmark_node *n, int quote) {
  int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
  int rc = ops->list_begin(ctx, ordered, cmark_node_get_list_start(n));
  for (cmark_node *item = cmark_node_first_child(n); item && rc == 0; item = cmark_node_next(item)) {
    rc = ops->item_begin(ctx);
    if (rc == 0)
      rc = walk_blocks(ops, ctx, item, quote);
    if (rc == 0)
      rc = ops->item_end(ctx);
  }
  return rc < 0 ? rc : ops->list_end(ctx);
}

static int walk_blocks(const ps_walk_ops *ops, void *ctx, cmark_node *parent, int quote) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    int rc = 0;
    ps_para p = {quote ? PS_PARA_QUOTE : PS_PARA_BODY, 0, 0, 0};
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
      rc = para(ops, ctx, &p, n);
      break;
    case CMARK_NODE_HEADING:
      p.kind = PS_PARA_HEADING;
      p.level = cmark_node_get_heading_level(n);
      rc = para(ops, ctx, &p, n);
      break;
    case CMARK_NODE_LIST:
      rc = list(ops, ctx, n, quote);
      break;
    case CMARK_NODE_CODE_BLOCK:
      rc = code_block(ops, ctx, n);
      break;
    case CMARK_NODE_BLOCK_QUOTE:
      rc = walk_blocks(ops, ctx, n, 1);
      break;
    default:
      if (ext_of(n) == N_TABLE)
        rc = table(ops, ctx, n);
      break; /* thematic breaks and raw HTML blocks carry no text */
    }
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

static int refs_para(const ps_walk_ops *ops, void *ctx, const ps_clause *c) {
  char *line = ps_refs_line(c);
  if (!line)
    return PS_ENOMEM;
  ps_para p = {PS_PARA_REFS, 0, 0, 0};
  int rc = ops->para_begin(ctx, &p);
  if (rc == 0)
    rc = ops->text(ctx, line, strlen(line), 0);
  if (rc == 0)
    rc = ops->para_end(ctx);
  free(line);
  return rc;
}

int ps_walk(const ps_document *doc, const ps_walk_ops *ops, void *ctx) {
  int rc = ops->title_block(ctx, doc);
  size_t section = (size_t)-1;
  for (size_t i = 0; i < doc->nclauses && rc == 0; i++) {
    const ps_clause *c = &doc->clauses[i];
    if (c->section != section) {
      section = c->section;
      if (doc->sections[section].heading[0])
        rc = ops->section(ctx, &doc->sections[section]);
    }
    if (rc == 0)
      rc = ops->clause_begin(ctx, c, i);
    if (rc == 0)
      rc = walk_blocks(ops, ctx, c->body, 0);
    if (rc == 0 && doc->show_refs && c->nrefs)
      rc = refs_para(ops, ctx, c);
    if (rc == 0)
      rc = ops->clause_end(ctx, c, i);
  }
  return rc;
}
