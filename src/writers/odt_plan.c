#include "odt_plan.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"

#define STAYS ((size_t)-1)

void ps_plan_change(ps_plan *p, ps_rev rev) {
  p->rev = rev;
  if (rev == PS_REV_NONE || p->failed)
    return;
  ps_plan_group *g = ps_grow(p->groups, &p->cap_groups, p->ngroups, sizeof *g);
  if (!g) {
    p->failed = 1;
    return;
  }
  p->groups = g;
  p->groups[p->ngroups++] = (ps_plan_group){rev, PS_PLACE_NEXT, "Standard", 0};
}

void ps_plan_block_add(ps_plan *p, int para, const char *style, int level) {
  if (p->failed)
    return;
  ps_plan_block *b = ps_grow(p->blocks, &p->cap_blocks, p->nblocks, sizeof *b);
  if (!b) {
    p->failed = 1;
    return;
  }
  p->blocks = b;
  size_t group = p->rev == PS_REV_NONE ? STAYS : p->ngroups - 1;
  p->blocks[p->nblocks++] = (ps_plan_block){group, para, style, level};
}

static ps_rev rev_of(const ps_plan *p, size_t i) {
  return p->blocks[i].group == STAYS ? PS_REV_NONE : p->groups[p->blocks[i].group].rev;
}

/* The first block from I on that is not deleted (that stays, with
 * STAYING); p->nblocks if none. */
static size_t find(const ps_plan *p, size_t i, int staying) {
  for (; i < p->nblocks; i++) {
    ps_rev r = rev_of(p, i);
    if (staying ? r == PS_REV_NONE : r != PS_REV_DEL)
      return i;
  }
  return p->nblocks;
}

static void take_style(ps_plan_group *g, const ps_plan_block *b) {
  g->style = b->style;
  g->level = b->level;
}

/* Marked before paragraph T, deleted blocks come back with their first
 * paragraph joined to T's start: it takes T's formatting. */
static int joins_well(const ps_plan_block *first, const ps_plan_block *t) {
  return !first->para || (strcmp(first->style, t->style) == 0 && first->level == t->level);
}

int ps_plan_decide(ps_plan *p) {
  if (p->failed)
    return PS_ENOMEM;
  size_t s = 0;
  for (size_t g = 0; g < p->ngroups; g++) {
    ps_plan_group *grp = &p->groups[g];
    while (s < p->nblocks && p->blocks[s].group != g)
      s++;
    size_t e = s;
    while (e < p->nblocks && p->blocks[e].group == g)
      e++;
    if (s == e) /* no blocks (cannot happen): any place is right */
      continue;
    /* right after a paragraph that stays, which is left open for a mark */
    int after_para = s > 0 && p->blocks[s - 1].group == STAYS && p->blocks[s - 1].para;
    int ends_para = p->blocks[e - 1].para;
    size_t body = find(p, e, 0); /* the next block written in the body */
    int body_para = body < p->nblocks && p->blocks[body].para;
    if (grp->rev == PS_REV_INS) {
      /* At the end of the paragraph before, past deletions marked there too. */
      size_t i = s;
      while (i > 0 && p->blocks[i - 1].group != STAYS &&
             p->groups[p->blocks[i - 1].group].rev == PS_REV_DEL &&
             p->groups[p->blocks[i - 1].group].place == PS_PLACE_PREV_END)
        i--;
      after_para = i > 0 && p->blocks[i - 1].group == STAYS && p->blocks[i - 1].para;
      grp->place = !body_para && after_para && ends_para ? PS_PLACE_PREV_END : PS_PLACE_NEXT;
      s = e;
      continue;
    }
    /* A deletion, best at the end of the paragraph before: each paragraph
     * comes back as it was. Else before the next paragraph that stays,
     * past an insertion (that paragraph is there whether the insertion is
     * accepted or not) but not past another deletion, which would come
     * back first; else where the blocks were. */
    size_t next = find(p, e, 1);
    int next_ok = next < p->nblocks && p->blocks[next].para;
    for (size_t i = e; i < next && i < p->nblocks && next_ok; i++)
      next_ok = rev_of(p, i) != PS_REV_DEL;
    const ps_plan_block *first = &p->blocks[s];
    if (after_para && ends_para) {
      grp->place = PS_PLACE_PREV_END;
      take_style(grp, &p->blocks[s - 1]);
    } else if (next_ok && (joins_well(first, &p->blocks[next]) || !body_para ||
                           !joins_well(first, &p->blocks[body]))) {
      grp->place = PS_PLACE_NEXT;
      take_style(grp, &p->blocks[next]);
    } else {
      grp->place = PS_PLACE_START;
      if (body_para)
        take_style(grp, &p->blocks[body]);
    }
    s = e;
  }
  return 0;
}

void ps_plan_free(ps_plan *p) {
  free(p->blocks);
  free(p->groups);
  p->blocks = NULL;
  p->groups = NULL;
}
