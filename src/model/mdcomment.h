/* The HTML comments of procspec's Markdown: what the text alone would not
 * say, so that the Markdown reads back as the document it was written
 * from. This is their one definition: write_md.c and office_in.c write
 * them with these functions, the diff's Markdown reader reads them with
 * these functions.
 *
 *   <!-- procspec:document kind="spec" date="2026-04-01" -->  first line
 *   <!-- procspec:clause id="spec-purpose" refs="3.1(1) 3.2①" -->
 *                                 before each clause's heading
 *   <!-- procspec:appendix -->   before the appendix (derived, not compared)
 *   <!-- procspec:end -->        before the closing 以上 (not compared)
 *
 * An ID and a reference never hold "--", '"' or '>' (a reference loses
 * them, and its spaces, in the comment). */
#ifndef PS_MDCOMMENT_H
#define PS_MDCOMMENT_H
#include <stddef.h>

#include "buf.h"
#include "diag.h"

typedef enum {
  PS_MDC_NONE,     /* not a procspec comment */
  PS_MDC_DOCUMENT, /* <!-- procspec:document ... --> */
  PS_MDC_CLAUSE,   /* <!-- procspec:clause ... --> */
  PS_MDC_APPENDIX, /* <!-- procspec:appendix --> */
  PS_MDC_END       /* <!-- procspec:end --> */
} ps_mdc_kind;

/* Which comment the line LINE (LEN bytes, without its newline) is. */
ps_mdc_kind ps_mdc_line(const char *line, size_t len);

/* Appends the document comment of KIND and a blank line; DATE (an ISO
 * date or date-time, of which the date is kept) may be NULL. */
void ps_mdc_put_document(ps_buf *out, const char *kind, const char *date);
/* Appends the clause comment of ID with REFS (the value as
 * ps_mdc_put_refs writes it, "" for none) and a blank line. */
void ps_mdc_put_clause(ps_buf *out, const char *id, const char *refs);
/* Appends the marker comment KIND (PS_MDC_APPENDIX or PS_MDC_END) and a
 * blank line. */
void ps_mdc_put_marker(ps_buf *out, ps_mdc_kind kind);
/* Appends the reference REF (LEN bytes) as a refs value carries it. */
void ps_mdc_put_ref(ps_buf *out, const char *ref, size_t len);
/* Appends REFS[0..N) as a refs value: separated by one space. */
void ps_mdc_put_refs(ps_buf *out, const char *const *refs, size_t n);

/* The value of attribute NAME of the document comment LINE (a
 * NUL-terminated string) into OUT (N bytes, truncated); -1 when absent. */
int ps_mdc_document_attr(const char *line, const char *name, char *out, size_t n);
/* Reads the clause comment LINE (LEN bytes, NUL-terminated, changed in
 * place: *ID and *REFS point into it). FILE and AT (the line number)
 * locate the errors: a damaged comment, no ID, an ID with characters
 * procspec never writes. *REFS is "" when the comment has none. Returns
 * 0 or PS_EINPUT. */
int ps_mdc_read_clause(const char **id, const char **refs, char *line, size_t len, const char *file,
                       unsigned at, ps_diags *diags);
#endif
