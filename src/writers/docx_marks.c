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
  int last;     /* nothing it could join follows: a table, the end of a cell or of the body */
  int move_end; /* the last paragraph of a moved clause */
  long prev;    /* the paragraph right before it in its cell or the body, or NONE */
  size_t unit;  /* of the plan (ps_walk_plan), SIZE_MAX before the first */
  int top;      /* in the body, not in a table cell */
} mark_para;

typedef struct {
  mark_para *paras;
  size_t n, cap;
  long open;                  /* the paragraph being walked, or NONE */
  long last[MAX_NESTING + 1]; /* per open cell (0: the body): its paragraph before, or NONE */
  int depth;
  ps_rev moving; /* in a moved clause: DEL where it was, INS where it went,
                    which its moved text and marks amount to */
  int edited;    /* the moved clause holds edits of its own (moved and changed) */
  size_t unit;   /* the unit being walked */
} planner;

static int on_para_begin(void *ctx, const ps_para *p) {
  planner *pl = ctx;
  mark_para *paras = ps_grow(pl->paras, &pl->cap, pl->n, sizeof *paras);
  if (!paras)
    return PS_ENOMEM;
  pl->paras = paras;
  pl->open = (long)pl->n;
  ps_rev rev = p->rev != PS_REV_NONE ? p->rev : pl->moving;
  pl->edited |= pl->moving != PS_REV_NONE && p->rev != PS_REV_NONE;
  pl->paras[pl->n++] = (mark_para){{rev != PS_REV_DEL, rev != PS_REV_INS},
                                   {0, 0},
                                   0,
                                   0,
                                   pl->last[pl->depth],
                                   pl->unit,
                                   pl->depth == 0};
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
  pl->edited |= pl->moving != PS_REV_NONE && (inl & (PS_INL_INS | PS_INL_DEL));
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
  planner *pl = ctx;
  (void)kind;
  pl->edited |= pl->moving != PS_REV_NONE && rev != PS_REV_NONE;
  return 0;
}

/* An end of a moved clause, walked as the writer walks it (marks_moves).
 * A moved and changed one is several changes at that end, which Writer
 * removes one by one: its last paragraph hands its mark over (decide()),
 * as one that cannot join does (docx_marks.h). A clause moved unchanged is
 * one change, and keeps its marks. */
static int on_move(void *ctx, const ps_clause *c, int begin) {
  planner *pl = ctx;
  pl->moving = begin ? c->rev : PS_REV_NONE;
  if (!begin && pl->edited && pl->depth == 0 && pl->last[0] != NONE)
    pl->paras[pl->last[0]].move_end = 1;
  pl->edited = 0;
  return 0;
}

static int on_unit(void *ctx, size_t index) {
  ((planner *)ctx)->unit = index;
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
    .unit = on_unit,
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
    if ((p->last || p->move_end) && (!p->mark[ACCEPT] || !p->mark[REJECT]))
      hand_over(pl, (long)i, p->mark[ACCEPT] ? REJECT : ACCEPT);
  }
}

/* The paragraphs whose marks DOC walked in PLAN's order leaves as
 * Writer cannot (decide() found none to hand over), marked in *FAILED
 * (one flag per unit, or NULL); their count, or a negative error code.
 * PL is left with the marks. */
static long plan_marks(planner *pl, const ps_document *doc, const ps_walk_plan *plan,
                       unsigned char *failed) {
  free(pl->paras);
  *pl = (planner){NULL, 0, 0, NONE, {NONE}, 0, PS_REV_NONE, 0, SIZE_MAX};
  int rc = ps_walk_planned(doc, plan, &plan_ops, pl);
  if (rc < 0)
    return rc;
  ends(pl);
  decide(pl);
  long n = 0;
  for (size_t i = 0; i < pl->n; i++) {
    const mark_para *p = &pl->paras[i];
    if (p->top && p->last && (!p->mark[ACCEPT] || !p->mark[REJECT])) {
      n++;
      if (failed && p->unit < plan->nunits)
        failed[p->unit] = 1;
    }
  }
  return n;
}

/* ---- the order of the units that may move ---- */

/* The stretch of paragraphs since the last table: none yet, none kept on
 * both sides (LONE), or one that is (GOOD: a mark the paragraphs before a
 * table can hand theirs to). */
enum { EMPTY, LONE, GOOD, NSTATES };
#define SWITCH 2         /* a change between the deleted and the inserted side */
#define FUSE 1           /* two paragraphs of one style, or two tables, walked as one */
#define MAX_CELLS 262144 /* (deleted + 1) x (inserted + 1) units of one region */
#define INF 0x3fffffff
#define FAIL 10000 /* a mark Writer cannot remove: worse than any number of changes of side */

typedef struct {
  int cost;
  unsigned char action, from; /* 0: a deleted unit, 1: an inserted unit, 2: one of each fused
                                 (two paragraphs, or two tables) */
} dp_cell;

/* The state after unit U; *COST grows by FAIL where U is a table that
 * ends a stretch with no paragraph kept on both sides (one Writer leaves
 * empty) or follows another. */
static int after(int state, const ps_walk_unit *u, int *cost) {
  if (u->empty)
    return state;
  if (u->table) {
    *cost += state == GOOD ? 0 : FAIL;
    return EMPTY;
  }
  return state == GOOD ? GOOD : LONE;
}

/* Orders the units DEL[0..m) and INS[0..n) of one region (between units
 * that stay; START the state the region begins in, END_ANY whether it
 * may end in any state, as before a paragraph) so that as few stretches
 * as can be end in a table with no paragraph kept on both sides, fusing a
 * deleted and an inserted paragraph of one style where a stretch needs
 * one and walking a deleted and an inserted table of as
 * many columns as one where that helps, with the fewest changes of side.
 * Appends the steps to OUT (*N_OUT). Returns 1, 0 if the region is too
 * large to order (nothing appended), or PS_ENOMEM. */
static int order_region(ps_walk_step *out, size_t *n_out, const ps_walk_plan *plan,
                        const size_t *del, size_t m, const size_t *ins, size_t n, int start,
                        int end_any) {
  size_t cols = n + 1, cells = (m + 1) * cols;
  if (cells > MAX_CELLS)
    return 0;
  dp_cell *dp = malloc(cells * NSTATES * 2 * sizeof *dp);
  if (!dp)
    return PS_ENOMEM;
  for (size_t k = 0; k < cells * NSTATES * 2; k++)
    dp[k] = (dp_cell){INF, 0, 0};
#define AT(a, b, st, side) dp[(((a)*cols + (b)) * NSTATES + (size_t)(st)) * 2 + (size_t)(side)]
  AT(0, 0, start, 0).cost = AT(0, 0, start, 1).cost = 0;
  for (size_t a = 0; a <= m; a++)
    for (size_t b = 0; b <= n; b++)
      for (int st = 0; st < NSTATES; st++)
        for (int side = 0; side < 2; side++) {
          int c = AT(a, b, st, side).cost;
          if (c >= INF)
            continue;
          unsigned char from = (unsigned char)(st * 2 + side);
          const ps_walk_unit *d = a < m ? &plan->units[del[a]] : NULL;
          const ps_walk_unit *i = b < n ? &plan->units[ins[b]] : NULL;
          if (d) {
            int nc = c + (side == 1 ? SWITCH : 0), t = after(st, d, &nc);
            dp_cell *x = &AT(a + 1, b, t, 0);
            if (nc < x->cost)
              *x = (dp_cell){nc, 0, from};
          }
          if (i) {
            int nc = c + (side == 0 ? SWITCH : 0), t = after(st, i, &nc);
            dp_cell *x = &AT(a, b + 1, t, 1);
            if (nc < x->cost)
              *x = (dp_cell){nc, 1, from};
          }
          if (d && i && d->table && i->table && d->ncols == i->ncols) {
            /* one table: its deleted rows, then its inserted ones */
            int nc = c + FUSE + (side == 1 ? SWITCH : 0) + SWITCH + (st == GOOD ? 0 : FAIL);
            dp_cell *x = &AT(a + 1, b + 1, EMPTY, 1);
            if (nc < x->cost)
              *x = (dp_cell){nc, 2, from};
          }
          if (d && i && d->key && d->key == i->key) {
            dp_cell *x = &AT(a + 1, b + 1, GOOD, 1);
            int nc = c + FUSE + (side == 1 ? SWITCH : 0) + SWITCH;
            if (nc < x->cost)
              *x = (dp_cell){nc, 2, from};
          }
        }
  int best = -1, best_cost = INF;
  for (int k = 0; k < NSTATES * 2; k++) {
    int st = k / 2, c = AT(m, n, st, k % 2).cost + (end_any || st == GOOD ? 0 : FAIL);
    if (c < best_cost) {
      best_cost = c;
      best = k;
    }
  }
  if (best < 0) {
    free(dp);
    return 0;
  }
  /* Back from (m, n): the steps in reverse, then turned around. */
  size_t a = m, b = n, first = *n_out;
  int k = best;
  while (a > 0 || b > 0) {
    const dp_cell *x = &AT(a, b, k / 2, k % 2);
    if (x->action == 2) {
      out[(*n_out)++] = (ps_walk_step){del[--a], ins[--b]};
    } else if (x->action == 1) {
      out[(*n_out)++] = (ps_walk_step){ins[--b], SIZE_MAX};
    } else {
      out[(*n_out)++] = (ps_walk_step){del[--a], SIZE_MAX};
    }
    k = x->from;
  }
#undef AT
  for (size_t lo = first, hi = *n_out; lo + 1 < hi; lo++, hi--) {
    ps_walk_step t = out[lo];
    out[lo] = out[hi - 1];
    out[hi - 1] = t;
  }
  free(dp);
  return 1;
}

/* Reorders the regions of PLAN (runs of units that may move) that hold
 * or touch a unit in FAILED. PLAN's steps are in walk order. Returns 0
 * or PS_ENOMEM. */
static int reorder(ps_walk_plan *plan, const ps_document *doc, const unsigned char *failed) {
  size_t nu = plan->nunits;
  if (!failed || nu == 0)
    return 0;
  ps_walk_step *steps = malloc((nu ? nu : 1) * sizeof *steps);
  size_t *del = malloc((nu ? nu : 1) * sizeof *del), *ins = malloc((nu ? nu : 1) * sizeof *ins);
  int rc = steps && del && ins ? 0 : PS_ENOMEM;
  size_t ns = 0;
  for (size_t u = 0; u < nu && rc == 0;) {
    if (plan->units[u].rev == PS_REV_NONE) {
      steps[ns++] = (ps_walk_step){u, SIZE_MAX};
      u++;
      continue;
    }
    size_t end = u, m = 0, n = 0;
    int touched = 0;
    while (end < nu && plan->units[end].rev != PS_REV_NONE) {
      touched |= failed[end];
      if (plan->units[end].rev == PS_REV_DEL)
        del[m++] = end;
      else
        ins[n++] = end;
      end++;
    }
    touched |= (u > 0 && failed[u - 1]) || (end < nu && failed[end]);
    const ps_walk_unit *prev = u > 0 ? &plan->units[u - 1] : NULL;
    const ps_walk_unit *next = end < nu ? &plan->units[end] : NULL;
    int start = !prev || prev->last_para ? GOOD : EMPTY;
    int end_any = next ? next->first_para : doc->closing != NULL;
    int done =
        touched && m && n ? order_region(steps, &ns, plan, del, m, ins, n, start, end_any) : 0;
    if (done < 0)
      rc = done;
    for (size_t k = u; done == 0 && k < end; k++)
      steps[ns++] = (ps_walk_step){k, SIZE_MAX};
    u = end;
  }
  free(del);
  free(ins);
  if (rc < 0) {
    free(steps);
    return rc;
  }
  free(plan->steps);
  plan->steps = steps;
  plan->nsteps = ns;
  return 0;
}

int ps_docx_marks(ps_rev **marks, size_t *n, ps_walk_plan *plan, const ps_document *doc) {
  *marks = NULL;
  *n = 0;
  planner pl = {NULL, 0, 0, NONE, {NONE}, 0, PS_REV_NONE, 0, SIZE_MAX};
  int rc = ps_walk_plan_init(plan, doc);
  unsigned char *failed = rc == 0 ? calloc(plan->nunits ? plan->nunits : 1, 1) : NULL;
  if (rc == 0 && !failed)
    rc = PS_ENOMEM;
  long bad = rc == 0 ? plan_marks(&pl, doc, plan, failed) : rc;
  if (bad > 0) { /* walk order leaves marks Writer cannot remove: try another */
    rc = reorder(plan, doc, failed);
    long now = rc == 0 ? plan_marks(&pl, doc, plan, NULL) : rc;
    if (now >= bad) { /* no better: walk order */
      ps_walk_plan_free(plan);
      rc = ps_walk_plan_init(plan, doc);
      now = rc == 0 ? plan_marks(&pl, doc, plan, NULL) : rc;
    }
    bad = now;
  }
  free(failed);
  rc = bad < 0 ? (int)bad : 0;
  if (rc == 0) {
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
  else
    ps_walk_plan_free(plan);
  free(pl.paras);
  return rc;
}
