/* The ODT writer's state, shared by write_odt.c (the document) and
 * odt_redline.c (the marks of a redline's changes). Internal. */
#ifndef PS_WRITE_ODT_H
#define PS_WRITE_ODT_H
#include "document.h"
#include "odt_plan.h"
#include "walk.h"
#include "xmlw.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_LOEXT "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define ODF_VERSION "1.3"
#define MIMETYPE "application/vnd.oasis.opendocument.text"

/* A redline is walked three times (ODF 1.3 part 3, 5.5). The first walk
 * (with the column widths) plans where each change of whole blocks is
 * marked (odt_plan.h). The second writes text:tracked-changes: one
 * text:changed-region per change, the deleted content inside its
 * text:deletion. The third writes the body: a text:change where content
 * was deleted, text:change-start/-end around inserted content. The
 * last two number the changes in the same order. Edits inside a paragraph are
 * marked inside it. The table of contents is planned and marked the
 * same way, as a container of its own. */

/* The marks of one container (the body, or the index body) being written. */
typedef struct {
  ps_plan plan;
  size_t next;              /* the plan's next change */
  const ps_plan_group *cur; /* the change being walked, or NULL */
  unsigned cur_id;
  int para_open;     /* body: the last top-level paragraph's element is open */
  unsigned ins_end;  /* body: an insertion to end before the next block */
  unsigned del_mark; /* body: a deletion to mark before the next block that stays */
  int mark_waits;    /* body: a mark between blocks waits for a paragraph */
} odt_marks;

typedef struct {
  ps_xw x;
  const ps_document *doc;
  int in_header_rows;
  unsigned tables;
  unsigned char weight_used[PS_WEIGHT_TOTAL + 1]; /* column widths seen */
  char pending_bookmark[80];                      /* a heading's bookmark, closed at its end */
  /* Redlines: */
  int changes_pass;       /* writing text:tracked-changes, not the body */
  int skip;               /* this walk does not write the current blocks */
  unsigned change;        /* the number of the last change */
  ps_rev group;           /* the blocks being walked: inserted, deleted or neither */
  int depth;              /* lists and tables open around the current block */
  odt_marks body, *m;     /* the body's marks; the container's being written */
  const char *para_style; /* the style of the paragraph being walked */
  const char *move_note;  /* a moved clause's comment (第3条から移動), for its heading */
} odt;

/* A line of the table of contents, with a copy of its anchor (a
 * section's is built for the call); e.anchor is pointed at it once all
 * lines are collected. */
typedef struct {
  ps_toc_entry e;
  char anchor[80];
} toc_line;

typedef struct {
  toc_line *v;
  size_t n, cap;
} toc_list;

/* The paragraph styles of the table of contents' two levels. */
extern const char *const odt_toc_styles[2];

/* write_odt.c */
/* Text with ODF white space rules (text:s). */
void odt_text(ps_xw *x, const char *s, size_t len, int at_start);
void odt_text_elem(ps_xw *x, const char *name, const char *text);
/* A run of text with the automatic style of its PS_INL_* FORMAT. */
void odt_span(odt *o, const char *s, size_t len, unsigned format);
/* The style of paragraph P (and its outline level, for a heading). */
const char *odt_para_style_of(const odt *o, const ps_para *p, int *level);

/* odt_redline.c */
/* A top-level block starts (a paragraph when PARA): the marks due before it. */
void odt_top_block(odt *o, int para);
/* The blocks that follow are inserted, deleted or neither. */
void odt_switch_change(odt *o, ps_rev rev);
/* The end of a container; marks still due get a paragraph of STYLE. */
void odt_end_container(odt *o, const char *style);
void odt_changed_run(odt *o, const char *s, size_t len, unsigned format, unsigned rev);
/* The walk's move callback, and the comment of a moved clause at the
 * start of the paragraph just begun (its heading). */
int odt_on_move(void *ctx, const ps_clause *c, int begin);
void odt_move_annotation(odt *o);
/* Orders the table of contents' lines of L into ORDER and plans their marks. */
size_t odt_toc_order(const toc_list *l, size_t *order, ps_plan *plan);
/* The first walk's callbacks that plan a redline (odt_plan.h). */
void odt_plan_other_block(odt *o);
int odt_plan_toc(void *ctx, const ps_document *doc);
int odt_plan_para(void *ctx, const ps_para *p);
int odt_plan_list(void *ctx, int ordered, int start);
int odt_plan_block_end(void *ctx);
int odt_plan_change(void *ctx, ps_rev rev);
#endif
