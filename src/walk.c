#include "walk.h"

#include <cmark-gfm-core-extensions.h>
#include <string.h>

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

static int table(const ps_walk_ops *ops, void *ctx, cmark_node *t) {
  int ncols = cmark_gfm_extensions_get_table_columns(t);
  uint8_t *align = cmark_gfm_extensions_get_table_alignments(t);
  int rc = ops->table_begin(ctx, ncols);
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
    if (rc == 0)
      rc = ops->clause_end(ctx, c, i);
  }
  return rc;
}
