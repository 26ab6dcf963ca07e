#include "docx_marks.h"

#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "walk.h"

#define NONE (-1L)
#define MAX_NESTING 32 /* tables inside table cells */
#define MAX_MOVES 64   /* marks handed over for one paragraph */
enum { ACCEPT, REJECT };

typedef struct {
  /* Whether the paragraph's mark is there after Accept All, after Reject
   * All (both: unmarked; only accept: inserted; only reject: deleted) and
   * whether its text has any that is: not deleted, not inserted. */
  unsigned char mark[2], text[2];
  int last;  /* nothing it could join follows: a table, the end of a cell or of the body */
  long prev; /* the paragraph right before it in its cell or the body, or NONE */
} mark_para;

typedef struct {
  mark_para *paras;
  size_t n, cap;
  long open;                  /* the paragraph being walked, or NONE */
  long last[MAX_NESTING + 1]; /* per open cell (0: the body): its paragraph before, or NONE */
  int depth;
  ps_rev moving; /* in a moved clause: DEL where it was, INS where it went,
                    which its moved text and marks amount to */
} planner;

static int on_para_begin(void *ctx, const ps_para *p) {
  planner *pl = ctx;
  mark_para *paras = ps_grow(pl->paras, &pl->cap, pl->n, sizeof *paras);
  if (!paras)
    return PS_ENOMEM;
  pl->paras = paras;
  pl->open = (long)pl->n;
  ps_rev rev = p->rev != PS_REV_NONE ? p->rev : pl->moving;
  pl->paras[pl->n++] =
      (mark_para){{rev != PS_REV_DEL, rev != PS_REV_INS}, {0, 0}, 0, pl->last[pl->depth]};
  pl->last[pl->depth] = pl->open;
  return 0;
}

static int on_para_end(void *ctx) {
  ((planner *)ctx)->open = NONE;
  return 0;
}

static int on_text(void *ctx, const char *s, size_t len, unsigned inl) {
  planner *pl = ctx;
  (void)s;
  if (pl->open == NONE || len == 0)
    return 0;
  mark_para *p = &pl->paras[pl->open];
  if (!(inl & (PS_INL_INS | PS_INL_DEL))) /* moved text */
    inl |= pl->moving == PS_REV_DEL ? PS_INL_DEL : pl->moving == PS_REV_INS ? PS_INL_INS : 0;
  p->text[ACCEPT] |= !(inl & PS_INL_DEL);
  p->text[REJECT] |= !(inl & PS_INL_INS);
  return 0;
}

/* The paragraph before a table or at the end of a cell or of the body. */
static void ends(planner *pl) {
  if (pl->last[pl->depth] != NONE)
    pl->paras[pl->last[pl->depth]].last = 1;
  pl->last[pl->depth] = NONE;
}

static int on_table_begin(void *ctx, int ncols, const unsigned *weights) {
  (void)ncols;
  (void)weights;
  ends(ctx);
  return 0;
}

static int on_cell_begin(void *ctx, int col) {
  planner *pl = ctx;
  (void)col;
  if (pl->depth >= MAX_NESTING)
    return PS_ELIMIT;
  pl->last[++pl->depth] = NONE;
  return 0;
}

static int on_cell_end(void *ctx) {
  planner *pl = ctx;
  ends(pl);
  pl->depth--;
  return 0;
}

static int nothing(void *ctx) {
  (void)ctx;
  return 0;
}

/* A line break is written unmarked: it shows on both sides (moved: as its
 * moved text). */
static int on_line_break(void *ctx) {
  planner *pl = ctx;
  if (pl->moving != PS_REV_NONE)
    return on_text(ctx, "\n", 1, 0);
  if (pl->open != NONE)
    pl->paras[pl->open].text[ACCEPT] = pl->paras[pl->open].text[REJECT] = 1;
  return 0;
}

static int on_list_begin(void *ctx, int ordered, int start) {
  (void)ordered;
  (void)start;
  return nothing(ctx);
}

static int on_row_begin(void *ctx, int kind, ps_rev rev) {
  (void)kind;
  (void)rev;
  return nothing(ctx);
}

/* An end of a moved clause, walked as the writer walks it (marks_moves). */
static int on_move(void *ctx, const ps_clause *c, int begin) {
  ((planner *)ctx)->moving = begin ? c->rev : PS_REV_NONE;
  return 0;
}

/* Callbacks left NULL are called only when set (after_title, block_rev,
 * table_was). */
static const ps_walk_ops plan_ops = {
    .para_begin = on_para_begin,
    .para_end = on_para_end,
    .text = on_text,
    .line_break = on_line_break,
    .list_begin = on_list_begin,
    .list_end = nothing,
    .item_begin = nothing,
    .item_end = nothing,
    .table_begin = on_table_begin,
    .table_end = nothing,
    .row_begin = on_row_begin,
    .row_end = nothing,
    .cell_begin = on_cell_begin,
    .cell_end = on_cell_end,
    .move = on_move,
    .marks_moves = 1,
};

/* Gives paragraph P the mark it lacks after Accept All (SIDE ACCEPT) or
 * Reject All (REJECT): the nearest paragraph before it that has one hands
 * it over, if no text in between shows on that side (the same text then
 * ends at P's mark instead of at its own). A paragraph left with neither
 * (a mark both inserted and deleted, which Writer 7.4 reads as only
 * deleted) takes the other side's mark from further back in turn. Returns
 * 1 if it could; else changes nothing. */
static int hand_over(planner *pl, long p, int side) {
  struct {
    long from, to;
    int side;
  } moves[MAX_MOVES];
  int n = 0;
  for (long cur = p;;) {
    long t = cur;
    int found = 0;
    while (!pl->paras[t].text[side]) { /* (t, cur] shows nothing on SIDE */
      t = pl->paras[t].prev;
      if (t == NONE)
        break;
      if (pl->paras[t].mark[side]) {
        found = 1;
        break;
      }
    }
    if (!found || n == MAX_MOVES)
      break;
    pl->paras[t].mark[side] = 0;
    pl->paras[cur].mark[side] = 1;
    moves[n].from = t;
    moves[n].to = cur;
    moves[n++].side = side;
    if (pl->paras[t].mark[!side])
      return 1;
    cur = t;
    side = !side;
  }
  while (n-- > 0) {
    pl->paras[moves[n].from].mark[moves[n].side] = 1;
    pl->paras[moves[n].to].mark[moves[n].side] = 0;
  }
  return 0;
}

/* Each last paragraph gets an unmarked mark where the marks before it can
 * hand theirs over. */
static void decide(planner *pl) {
  for (size_t i = 0; i < pl->n; i++) {
    mark_para *p = &pl->paras[i];
    if (p->last && (!p->mark[ACCEPT] || !p->mark[REJECT]))
      hand_over(pl, (long)i, p->mark[ACCEPT] ? REJECT : ACCEPT);
  }
}

int ps_docx_marks(ps_rev **marks, size_t *n, const ps_document *doc) {
  *marks = NULL;
  *n = 0;
  planner pl = {NULL, 0, 0, NONE, {NONE}, 0, PS_REV_NONE};
  int rc = ps_walk(doc, &plan_ops, &pl);
  if (rc == 0) {
    ends(&pl);
    decide(&pl);
    *marks = malloc((pl.n ? pl.n : 1) * sizeof **marks);
    if (!*marks)
      rc = PS_ENOMEM;
  }
  for (size_t i = 0; rc == 0 && i < pl.n; i++)
    (*marks)[i] = !pl.paras[i].mark[ACCEPT]   ? PS_REV_DEL
                  : !pl.paras[i].mark[REJECT] ? PS_REV_INS
                                              : PS_REV_NONE;
  if (rc == 0)
    *n = pl.n;
  free(pl.paras);
  return rc;
}
