/* Markdown: the title block and headings are built as cmark nodes so that
 * cmark escapes them; clause bodies are rendered by cmark's CommonMark
 * renderer. Each clause is preceded by an HTML comment carrying its ID and
 * criteria references, which later tools read back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmark_mem.h"
#include "diag.h"
#include "mdcomment.h"
#include "walk.h"
#include "writers.h"

const char *ps_version_label(const ps_document *doc, char *buf, size_t n) {
  if (!doc->version)
    return NULL;
  snprintf(buf, n, "第%s版", doc->version);
  return buf;
}

void ps_header_text(const ps_document *doc, char *buf, size_t n) {
  char vbuf[128];
  const char *version = ps_version_label(doc, vbuf, sizeof vbuf);
  snprintf(buf, n, "%s%s%s%s", doc->title, version ? "（" : "", version ? version : "",
           version ? "）" : "");
}

static int append_rendered(ps_buf *out, cmark_node *root) {
  char *s = ps_cmark_render_commonmark(root);
  if (!s)
    return PS_ENOMEM;
  ps_buf_puts(out, s);
  ps_cmark_free(s);
  return out->failed ? PS_ENOMEM : 0;
}

/* Renders one heading or paragraph holding TEXT. */
static int append_block(ps_buf *out, cmark_node_type type, int level, const char *text) {
  ps_cmark_scope s;
  cmark_node *volatile doc = NULL;
  ps_cmark_begin(&s);
  if (setjmp(s.jump) == 0) {
    cmark_mem *mem = ps_cmark_mem();
    doc = cmark_node_new_with_mem(CMARK_NODE_DOCUMENT, mem);
    cmark_node *block = cmark_node_new_with_mem(type, mem);
    cmark_node *t = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem);
    if (type == CMARK_NODE_HEADING)
      cmark_node_set_heading_level(block, level);
    cmark_node_set_literal(t, text);
    cmark_node_append_child(block, t);
    cmark_node_append_child(doc, block);
  }
  if (ps_cmark_end(&s) < 0) /* what the scope made is freed */
    return PS_ENOMEM;
  int rc = append_rendered(out, doc);
  ps_buf_putc(out, '\n');
  cmark_node_free(doc);
  return rc;
}

int ps_md_title_line(ps_buf *out, const char *text) {
  return append_block(out, CMARK_NODE_PARAGRAPH, 0, text);
}

/* The comment naming the clause, with its references (mdcomment.h). */
static void clause_comment(ps_buf *out, const ps_clause *c) {
  ps_buf refs = PS_BUF_INIT;
  ps_mdc_put_refs(&refs, c->refs, c->nrefs);
  if (refs.failed)
    out->failed = 1;
  ps_mdc_put_clause(out, c->id, refs.ptr ? refs.ptr : "");
  ps_buf_free(&refs);
}

int ps_write_md(unsigned char **out, size_t *len, const ps_document *doc, ps_diags *diags) {
  (void)diags;
  ps_buf b = PS_BUF_INIT;
  char vbuf[128];
  const char *version = ps_version_label(doc, vbuf, sizeof vbuf);
  ps_mdc_put_document(&b, doc->kind, doc->iso_date);
  int rc = append_block(&b, CMARK_NODE_HEADING, 1, doc->title);
  const char *lines[] = {doc->date, doc->organization, version};
  for (size_t i = 0; i < 3 && rc == 0; i++)
    if (lines[i])
      rc = append_block(&b, CMARK_NODE_PARAGRAPH, 0, lines[i]);
  if (rc == 0 && doc->preface) {
    rc = append_rendered(&b, doc->preface);
    ps_buf_puts(&b, "\n---\n\n"); /* the page break after a draft's first page */
  }
  size_t section = (size_t)-1;
  int closed = 0;
  for (size_t i = 0; i < doc->nclauses && rc == 0; i++) {
    const ps_clause *c = &doc->clauses[i];
    if (c->appendix && !closed && doc->closing) { /* 以上 ends the body; the 別表 follows */
      closed = 1;
      ps_mdc_put_marker(&b, PS_MDC_END);
      rc = append_block(&b, CMARK_NODE_PARAGRAPH, 0, doc->closing);
    }
    if (strcmp(c->id, PS_APPENDIX_ID) == 0) /* derived from the clauses: never compared */
      ps_mdc_put_marker(&b, PS_MDC_APPENDIX);
    if (c->section != section) {
      section = c->section;
      if (doc->sections[section].heading[0])
        rc = append_block(&b, CMARK_NODE_HEADING, 2, doc->sections[section].heading);
    }
    clause_comment(&b, c);
    if (rc == 0 && c->heading[0]) /* a document of one untitled clause has none */
      rc = append_block(&b, CMARK_NODE_HEADING,
                        doc->numbering != PS_NUM_CHAPTERS || c->appendix ? 2 : 3, c->heading);
    if (rc == 0)
      rc = append_rendered(&b, c->body);
    if (rc == 0 && doc->show_refs && c->nrefs) {
      char *line = ps_refs_line(c);
      ps_buf_putc(&b, '\n');
      rc = line ? append_block(&b, CMARK_NODE_PARAGRAPH, 0, line) : PS_ENOMEM;
      free(line);
    }
    ps_buf_putc(&b, '\n');
  }
  if (rc == 0 && doc->closing && !closed) {
    ps_mdc_put_marker(&b, PS_MDC_END);
    rc = append_block(&b, CMARK_NODE_PARAGRAPH, 0, doc->closing);
  }
  if (rc < 0) {
    ps_buf_free(&b);
    return rc;
  }
  /* One trailing newline. */
  while (b.len > 1 && b.ptr[b.len - 1] == '\n' && b.ptr[b.len - 2] == '\n')
    b.ptr[--b.len] = '\0';
  char *s = ps_buf_detach(&b, len);
  if (!s)
    return PS_ENOMEM;
  *out = (unsigned char *)s;
  return 0;
}
