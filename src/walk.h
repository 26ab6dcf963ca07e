/* The walk shared by the office writers: it visits the title block,
 * sections, clauses and the blocks and inlines of each clause body, and
 * calls one callback per event. Writers differ only in their callbacks
 * (the pattern of cmark's render.c). Every callback returns 0 or a
 * negative error code, which stops the walk. */
#ifndef PS_WALK_H
#define PS_WALK_H
#include <stddef.h>

#include "document.h"

enum { PS_INL_STRONG = 1, PS_INL_EMPH = 2, PS_INL_CODE = 4, PS_INL_LINK = 8 };

typedef enum {
  PS_PARA_BODY,
  PS_PARA_HEADING,
  PS_PARA_CODE,
  PS_PARA_CELL,
  PS_PARA_QUOTE,
  PS_PARA_REFS /* the criteria references after a clause: 【3.1(1)、3.2①】 */
} ps_para_kind;

/* Column weights of a table, summing to PS_WEIGHT_TOTAL. */
#define PS_WEIGHT_TOTAL 1000
#define PS_MAX_COLUMNS 64

typedef struct {
  ps_para_kind kind;
  int level;       /* PS_PARA_HEADING: 1 for a heading inside a clause body */
  int header_cell; /* PS_PARA_CELL in a header row */
  int align;       /* PS_PARA_CELL: 0 none, 'l', 'c', 'r' */
} ps_para;

typedef struct {
  int (*title_block)(void *ctx, const ps_document *doc);
  int (*section)(void *ctx, const ps_section *s);
  int (*clause_begin)(void *ctx, const ps_clause *c, size_t index);
  int (*clause_end)(void *ctx, const ps_clause *c, size_t index);
  int (*para_begin)(void *ctx, const ps_para *p);
  int (*para_end)(void *ctx);
  int (*text)(void *ctx, const char *s, size_t len, unsigned inl);
  int (*line_break)(void *ctx);
  int (*list_begin)(void *ctx, int ordered, int start);
  int (*list_end)(void *ctx);
  int (*item_begin)(void *ctx);
  int (*item_end)(void *ctx);
  int (*table_begin)(void *ctx, int ncols, const unsigned *weights);
  int (*table_end)(void *ctx);
  int (*row_begin)(void *ctx, int header);
  int (*row_end)(void *ctx);
  int (*cell_begin)(void *ctx, int col);
  int (*cell_end)(void *ctx);
} ps_walk_ops;

int ps_walk(const ps_document *doc, const ps_walk_ops *ops, void *ctx);

/* The references line of a clause, "【3.1(1)、3.2①】" (free with free()). */
char *ps_refs_line(const ps_clause *c);
#endif
