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
 * goes, at the start of a cell), the marks stay as they are. Internal. */
#ifndef PS_DOCX_MARKS_H
#define PS_DOCX_MARKS_H
#include <stddef.h>

#include "document.h"

/* The revision of each paragraph mark the walk of DOC writes, in the
 * order it writes them, into *MARKS (*N of them; free with free()).
 * Returns 0 or a negative error code. */
int ps_docx_marks(ps_rev **marks, size_t *n, const ps_document *doc);
#endif
