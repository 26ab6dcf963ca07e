#define _POSIX_C_SOURCE 200809L
/* The redline side of the ODT writer: where the changes of a redline are
 * marked (ODF 1.3 part 3, 5.5), planned by odt_plan.c. write_odt.c writes
 * the document and calls these at each block and run. */
#include <stdio.h>
#include <string.h>

#include "odt_plan.h"
#include "walk.h"
#include "write_odt.h"
#include "xmlw.h"

/* Opens change ID's text:changed-region and its KIND (text:insertion or
 * text:deletion) with the change's author and date. */
static void region_start(odt *o, const char *kind, unsigned id) {
  ps_xw *x = &o->x;
  xw_start(x, "text:changed-region");
  xw_attrf(x, "xml:id", "ct%u", id);
  xw_attrf(x, "text:id", "ct%u", id);
  xw_start(x, kind);
  xw_start(x, "office:change-info");
  odt_text_elem(x, "dc:creator", o->doc->rev_author ? o->doc->rev_author : "procspec");
  odt_text_elem(x, "dc:date", o->doc->rev_date ? o->doc->rev_date : "2000-01-01T00:00:00Z");
  xw_end(x);
}

static void insertion_region(odt *o, unsigned id) {
  region_start(o, "text:insertion", id);
  xw_end(&o->x);
  xw_end(&o->x);
}

/* An empty paragraph of STYLE (a heading when LEVEL is not 0). */
static void empty_para(odt *o, const char *style, int level) {
  xw_start(&o->x, level ? "text:h" : "text:p");
  xw_attr(&o->x, "text:style-name", style);
  if (level)
    xw_attrf(&o->x, "text:outline-level", "%d", level);
  xw_end(&o->x);
}

/* Body: ends the top-level paragraph left open for a mark at its end. */
static void flush_para(odt *o) {
  if (o->m->para_open)
    xw_end(&o->x);
  o->m->para_open = 0;
}

/* A mark in the body: text:change, text:change-start or text:change-end. */
static void mark(odt *o, const char *name, unsigned id) {
  xw_start(&o->x, name);
  xw_attrf(&o->x, "text:change-id", "ct%u", id);
  xw_end(&o->x);
}

/* Body: the marks due before the next top-level block; a block that stays
 * also takes a deletion marked before it. */
static void marks_before_block(odt *o, int stays) {
  odt_marks *m = o->m;
  flush_para(o);
  if (m->ins_end)
    mark(o, "text:change-end", m->ins_end);
  if (stays && m->del_mark)
    mark(o, "text:change", m->del_mark);
  m->mark_waits |= m->ins_end || (stays && m->del_mark);
  m->ins_end = 0;
  m->del_mark = stays ? 0 : m->del_mark;
}

/* A top-level block starts (a paragraph when PARA). */
void odt_top_block(odt *o, int para) {
  if (o->changes_pass || o->skip)
    return;
  marks_before_block(o, o->group == PS_REV_NONE);
  if (para)
    o->m->mark_waits = 0;
}

/* The blocks that follow are inserted, deleted or neither: ends the
 * current change and begins the next one of the plan. */
void odt_switch_change(odt *o, ps_rev rev) {
  odt_marks *m = o->m;
  const ps_plan_group *g = m->cur;
  ps_xw *x = &o->x;
  if (g && o->changes_pass && g->rev == PS_REV_DEL) {
    if (g->place != PS_PLACE_PREV_END) /* the break that joins the next paragraph */
      empty_para(o, g->style, g->level);
    xw_end(x);
    xw_end(x);
  } else if (g && g->rev == PS_REV_INS && !o->changes_pass) {
    if (g->place == PS_PLACE_PREV_END) { /* inside the last inserted paragraph */
      mark(o, "text:change-end", m->cur_id);
      flush_para(o);
    } else {
      m->ins_end = m->cur_id;
    }
  }
  m->cur = rev != PS_REV_NONE && m->next < m->plan.ngroups ? &m->plan.groups[m->next++] : NULL;
  g = m->cur;
  m->cur_id = g ? ++o->change : 0;
  o->group = g ? g->rev : PS_REV_NONE;
  o->skip = o->changes_pass ? o->group != PS_REV_DEL : o->group == PS_REV_DEL;
  if (!g)
    return;
  if (o->changes_pass && g->rev == PS_REV_INS) {
    insertion_region(o, m->cur_id);
    return;
  }
  if (o->changes_pass) {
    region_start(o, "text:deletion", m->cur_id);
    if (g->place == PS_PLACE_PREV_END) /* the rest of the paragraph marked */
      empty_para(o, g->style, g->level);
    return;
  }
  if (g->place == PS_PLACE_PREV_END) {
    /* inside the paragraph left open, which stays open for an insertion
     * marked there after this deletion */
    mark(o, g->rev == PS_REV_DEL ? "text:change" : "text:change-start", m->cur_id);
  } else if (g->rev == PS_REV_DEL && g->place == PS_PLACE_NEXT) {
    m->del_mark = m->cur_id;
  } else {
    marks_before_block(o, 0);
    mark(o, g->rev == PS_REV_DEL ? "text:change" : "text:change-start", m->cur_id);
    m->mark_waits = 1;
  }
}

/* Body: the end of a container; marks still due get a paragraph to stand
 * before. */
void odt_end_container(odt *o, const char *style) {
  if (o->changes_pass)
    return;
  marks_before_block(o, 1);
  if (o->m->mark_waits)
    empty_para(o, style, 0);
  o->m->mark_waits = 0;
}

/* The lines of the table of contents in the order they are written: in a
 * redline, each run of changed lines as OLD's lines (one deletion), then
 * NEW's (one insertion). Fills ORDER with indexes into L and returns how
 * many. */
size_t odt_toc_order(const toc_list *l, size_t *order, ps_plan *plan) {
  size_t n = 0;
  for (size_t i = 0; i < l->n;) {
    if (l->v[i].e.rev == PS_REV_NONE) {
      ps_plan_change(plan, PS_REV_NONE);
      ps_plan_block_add(plan, 1, odt_toc_styles[l->v[i].e.level > 1], 0);
      order[n++] = i++;
      continue;
    }
    size_t j = i;
    while (j < l->n && l->v[j].e.rev != PS_REV_NONE)
      j++;
    static const ps_rev revs[] = {PS_REV_DEL, PS_REV_INS};
    for (size_t r = 0; r < 2; r++) {
      int any = 0;
      for (size_t k = i; k < j; k++) {
        if (l->v[k].e.rev != revs[r])
          continue;
        if (!any)
          ps_plan_change(plan, revs[r]);
        any = 1;
        ps_plan_block_add(plan, 1, odt_toc_styles[l->v[k].e.level > 1], 0);
        order[n++] = k;
      }
    }
    i = j;
  }
  ps_plan_change(plan, PS_REV_NONE);
  return n;
}

/* A run of text in a redline: in the changes pass, the region of an
 * inserted or deleted run; in the body, its marks (FORMAT: PS_INL_* of
 * the run; REV: PS_INL_INS, PS_INL_DEL or 0). */
void odt_changed_run(odt *o, const char *s, size_t len, unsigned format, unsigned rev) {
  if (o->changes_pass && rev == PS_INL_INS) {
    insertion_region(o, ++o->change);
  } else if (o->changes_pass && rev) {
    region_start(o, "text:deletion", ++o->change);
    xw_start(&o->x, "text:p"); /* the deleted run, in a paragraph of its own */
    xw_attr(&o->x, "text:style-name", o->para_style);
    odt_span(o, s, len, format);
    xw_end(&o->x);
    xw_end(&o->x);
    xw_end(&o->x);
  } else if (!o->skip && rev == PS_INL_DEL) {
    mark(o, "text:change", ++o->change);
  } else if (!o->skip && rev == PS_INL_INS) {
    unsigned id = ++o->change;
    mark(o, "text:change-start", id);
    odt_span(o, s, len, format);
    mark(o, "text:change-end", id);
  } else if (!o->skip) {
    odt_span(o, s, len, format);
  }
}

/* ODF has no move mark (issue 14, defect 7): a moved clause is deleted
 * where it was and inserted where it went, and the heading it has there
 * carries a comment saying where it was (14.1, office:annotation). Inside
 * the insertion, the comment goes when the insertion is rejected. */
int odt_on_move(void *ctx, const ps_clause *c, int begin) {
  odt *o = ctx;
  o->move_note = begin && c->rev == PS_REV_INS ? c->move_note : NULL;
  return 0;
}

void odt_move_annotation(odt *o) {
  if (!o->move_note || o->changes_pass || o->skip)
    return;
  ps_xw *x = &o->x;
  xw_start(x, "office:annotation");
  odt_text_elem(x, "dc:creator", o->doc->rev_author ? o->doc->rev_author : "procspec");
  odt_text_elem(x, "dc:date", o->doc->rev_date ? o->doc->rev_date : "2000-01-01T00:00:00Z");
  odt_text_elem(x, "text:p", o->move_note);
  xw_end(x);
  o->move_note = NULL;
}

/* A list, table or index at the top level, for the plan of a redline. */
void odt_plan_other_block(odt *o) {
  if (o->doc->redline && o->depth == 0)
    ps_plan_block_add(&o->body.plan, 0, "Standard", 0);
}

int odt_plan_toc(void *ctx, const ps_document *doc) {
  if (doc->toc)
    odt_plan_other_block(ctx);
  return 0;
}

int odt_plan_para(void *ctx, const ps_para *p) {
  odt *o = ctx;
  int level;
  if (o->doc->redline && o->depth == 0) {
    const char *style = odt_para_style_of(o, p, &level);
    ps_plan_block_add(&o->body.plan, 1, style, level);
  }
  return 0;
}

int odt_plan_list(void *ctx, int ordered, int start) {
  odt *o = ctx;
  (void)ordered, (void)start;
  odt_plan_other_block(o);
  o->depth++;
  return 0;
}

int odt_plan_block_end(void *ctx) {
  ((odt *)ctx)->depth--;
  return 0;
}

int odt_plan_change(void *ctx, ps_rev rev) {
  odt *o = ctx;
  ps_plan_change(&o->body.plan, rev);
  return 0;
}
