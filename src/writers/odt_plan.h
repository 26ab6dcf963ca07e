/* Where an ODT redline marks a change of whole blocks (ODF 1.3 part 3,
 * 5.5). A mark between blocks stands at the start of the paragraph that
 * follows it; a mark inside a paragraph at its end stands before that
 * paragraph's break. A change of whole paragraphs must hold exactly one
 * paragraph break, or accepting or rejecting it leaves an empty
 * paragraph or joins two. So a change is either
 * - "break, blocks": marked at the end of the paragraph before it (a
 *   deletion starts with an empty paragraph like that one; the last block
 *   must be a paragraph, to end where the break was), or
 * - "blocks, break": marked before a paragraph (a deletion ends with an
 *   empty paragraph like that one, which it joins).
 * Writer brings deleted blocks back as a paste at the mark: the first
 * deleted paragraph joins the paragraph marked and takes its formatting,
 * the last keeps its own. So a deletion goes at the end of the paragraph
 * before when it can; else before the next paragraph that stays, or
 * where it was, before an insertion, whichever starts like the deleted
 * blocks. The plan records the top-level blocks of a document (or of a
 * table of contents) and the changes they belong to, then chooses. */
#ifndef PS_ODT_PLAN_H
#define PS_ODT_PLAN_H
#include <stddef.h>

#include "document.h"

typedef enum {
  PS_PLACE_NEXT,     /* "blocks, break" before the next paragraph (that stays) */
  PS_PLACE_PREV_END, /* "break, blocks" at the end of the paragraph before */
  PS_PLACE_START     /* "blocks, break" where the blocks were (a deletion) */
} ps_place;

typedef struct {
  ps_rev rev; /* PS_REV_INS or PS_REV_DEL */
  ps_place place;
  const char *style; /* a deletion's empty paragraph: its style and */
  int level;         /* outline level (0: text:p) */
} ps_plan_group;

typedef struct {
  size_t group; /* its change, or (size_t)-1 for a block that stays */
  int para;     /* a paragraph (not a list, table or index) */
  const char *style;
  int level;
} ps_plan_block;

typedef struct {
  ps_plan_block *blocks;
  size_t nblocks, cap_blocks;
  ps_plan_group *groups;
  size_t ngroups, cap_groups;
  ps_rev rev; /* the change being recorded, PS_REV_NONE between changes */
  int failed;
} ps_plan;

/* The blocks recorded next are inserted or deleted (a new change), or
 * stay (PS_REV_NONE). */
void ps_plan_change(ps_plan *p, ps_rev rev);
/* A top-level block; STYLE is a string that outlives the plan. */
void ps_plan_block_add(ps_plan *p, int para, const char *style, int level);
/* Chooses the place of every change: 0, or PS_ENOMEM if recording failed. */
int ps_plan_decide(ps_plan *p);
void ps_plan_free(ps_plan *p);
#endif
