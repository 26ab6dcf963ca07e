/* Writers: a document to the bytes of one file format. *out is malloc'd
 * and owned by the caller. */
#ifndef PS_WRITERS_H
#define PS_WRITERS_H
#include <stddef.h>

#include "buf.h"
#include "document.h"

int ps_write_md(unsigned char **out, size_t *len, const ps_document *doc, ps_diags *diags);
/* Appends TEXT as ps_write_md writes a line of the title block: a
 * paragraph of Markdown (escaped), with its newline. Returns 0 or
 * PS_ENOMEM. */
int ps_md_title_line(ps_buf *out, const char *text);
int ps_write_docx(unsigned char **out, size_t *len, const ps_document *doc, ps_diags *diags);
int ps_write_odt(unsigned char **out, size_t *len, const ps_document *doc, ps_diags *diags);

/* The text of the title block lines, shared by every writer:
 * date, organization, version (each may be NULL). */
const char *ps_version_label(const ps_document *doc, char *buf, size_t n);

/* The page header of the office formats: the title, and the version in
 * parentheses, "電子申請サービス調達仕様書（第1.0版）". */
void ps_header_text(const ps_document *doc, char *buf, size_t n);
/* Appends S as a quoted CSV field. A leading = + - @ gets an apostrophe
 * so that spreadsheet software does not run the value as a formula. */
void ps_csv_field(ps_buf *b, const char *s);
#endif
