/* Which paragraph marks of a DOCX redline carry the revision (ECMA-376
 * 17.13.5.14-.15). A paragraph inserted or deleted whole has its mark
 * inserted or deleted: accepting (rejecting) the change removes the mark
 * and joins what is left of the paragraph to the one after it. A paragraph
 * right before a table, or the last one of the body or of a table cell,
 * has nothing after it to join: LibreOffice Writer 7.4 keeps it, empty (a
 * removed clause whose body ends in a table left an empty line after
 * Accept All; a clause added with a table before a chapter heading, an
 * empty numbered heading after Reject All). So such a mark stays
 * unmarked, and a paragraph before it hands over its own: the paragraph
 * that stays before the inserted or deleted ones then joins them, and
 * ends at that mark (Writer keeps the formatting of the first of joined
 * paragraphs that has text, as Word does since Word 97). A mark both
 * inserted and deleted would be needed where a deleted paragraph hands
 * its mark to inserted ones; Writer reads only the deletion of such a
 * mark, so that paragraph takes a mark from further back in turn. Where
 * no paragraph that stays comes before (right after another table that
 * goes, at the start of a cell), the marks stay as they are. The last
 * paragraph of a moved and changed clause hands its mark over the same
 * way: such a clause is several changes at each end, which Writer removes
 * one by one, and the paragraph after the end took the formatting of the
 * one the last change began at (a clause heading after it lost its
 * number, or became a list item). Internal. */
#ifndef PS_DOCX_MARKS_H
#define PS_DOCX_MARKS_H
#include <stddef.h>

#include "document.h"
#include "walk.h"

/* The order to walk DOC's units in, into *PLAN (ps_walk_planned; free
 * with ps_walk_plan_free): walk order, unless that leaves marks as
 * Writer cannot remove them, where blocks added and removed whole end in
 * a table with no paragraph kept before it (class 2 -> 1: a removed
 * chapter's tables followed by an added chapter's; a clause whose table
 * and paragraphs were replaced). There the deleted and inserted blocks
 * are interleaved, a deleted paragraph fused with an inserted one of the
 * same style where a stretch needs a mark kept on both sides, and a
 * deleted table and an inserted one of as many columns walked as one
 * where that helps (docx_marks.c, order_region).
 * And the revision of each paragraph mark that walk writes, in the order
 * it writes them, into *MARKS (*N of them; free with free()).
 * Returns 0 or a negative error code (then *PLAN is empty). */
int ps_docx_marks(ps_rev **marks, size_t *n, ps_walk_plan *plan, const ps_document *doc);
#endif
