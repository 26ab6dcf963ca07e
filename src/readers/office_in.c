/* A generated DOCX or ODT read back as procspec Markdown (office_in.h).
 * One pass over the body turns each paragraph into a role (title, title
 * line, chapter, clause heading, body, list item, table, references
 * line) by its style, and each role into the Markdown write_md.c writes
 * for it; formatting inside a paragraph is dropped (the comparison is of
 * text). */
#include "office_in.h"

#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "document.h"
#include "mdcomment.h"
#include "refdoc.h"
#include "safezip.h"
#include "template.h"
#include "walk.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_CP "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"

#define MAX_LIST_DEPTH 8
#define MAX_BOOKMARKS 20000

/* The package limits of a reference document: a generated document is
 * far smaller. */
static const ps_zip_limits office_limits = {4096, (size_t)16 * 1024 * 1024,
                                            (size_t)64 * 1024 * 1024, 1000};

typedef enum {
  R_BODY,
  R_SKIP,
  R_TITLE,
  R_INFO,
  R_SECTION,
  R_CLAUSE,
  R_HEADING,
  R_CODE,
  R_QUOTE,
  R_REFS,
  R_LIST
} role;

typedef struct {
  ps_arena arena;
  const char *path;
  const ps_library *lib;
  const char *kind;
  ps_numbering numbering;
  int odt;
  xmlNodePtr numbering_root; /* DOCX: word/numbering.xml */
  xmlNodePtr auto_styles[3]; /* ODT: automatic and common styles */
  const char **bookmarks;    /* every bookmark of the body */
  size_t nbookmarks, capbookmarks;
  const char **used; /* clause IDs given so far */
  size_t nused, capused;
  const char *title, *info[3];
  size_t ninfo;
  int started, ended;
  size_t sections, clauses, marked, tracked;
  ps_buf body;    /* clauses, as Markdown */
  ps_buf pending; /* chapter headings before the next clause */
  ps_buf clause;  /* the open clause's body */
  const char *clause_id, *clause_heading, *clause_refs;
  int refs_lines;
  int in_code, list_depth;
  int in_list;  /* the last block written was a list item */
  ps_buf carry; /* DOCX: a paragraph whose mark was deleted joins the next */
  ps_diags *diags;
  int rc;
} reader;

static int is_el(xmlNodePtr n, const char *ns, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
         strcmp((const char *)n->name, name) == 0;
}

int ps_office_is_package(const char *data, size_t len) {
  return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

static int in_list(const char *const *list, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], s) == 0)
      return 1;
  return 0;
}

static void push(reader *r, const char ***list, size_t *n, size_t *cap, const char *s) {
  const char **items = s ? ps_grow(*list, cap, *n, sizeof(char *)) : NULL;
  if (!items) {
    r->rc = PS_ENOMEM;
    return;
  }
  *list = items;
  items[(*n)++] = s;
}

/* A bookmark name as the clause ID it stands for: DOCX writes '-' as '_'
 * (and an ODT saved from such a DOCX keeps the '_'). */
static const char *bookmark_id(reader *r, const char *name) {
  if (!name || name[0] == '_')
    return NULL;
  char *id = ps_arena_strdup(&r->arena, name);
  if (!id)
    return NULL;
  for (char *p = id; *p; p++)
    if (*p == '_')
      *p = '-';
  return ps_clause_id_valid(id) ? id : NULL;
}

static const ps_clause_tpl *library_clause(const reader *r, const char *id) {
  for (size_t i = 0; r->lib && i < r->lib->nclauses; i++)
    if (strcmp(r->lib->clauses[i].id, id) == 0)
      return &r->lib->clauses[i];
  return NULL;
}

/* ---- text of a paragraph ---- */

static void put_text(reader *r, ps_buf *b, const char *s) {
  if (s && ps_buf_puts(b, s) < 0)
    r->rc = PS_ENOMEM;
}

static void docx_mark_changes(reader *r, xmlNodePtr pr) {
  for (xmlNodePtr c = pr ? pr->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->name && strstr((const char *)c->name, "Change"))
      r->tracked++;
}

/* The text of DOCX inline content N as accepted: deletions and moved-away
 * text left out, insertions kept. Bookmark names go to MARKS. */
static void docx_text(reader *r, xmlNodePtr n, ps_buf *b, const char ***marks, size_t *nmarks,
                      size_t *cap) {
  for (xmlNodePtr c = n->children; c && r->rc == 0; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !c->ns || strcmp((const char *)c->ns->href, NS_W) != 0)
      continue;
    const char *name = (const char *)c->name;
    if (strcmp(name, "t") == 0) {
      xmlChar *s = xmlNodeGetContent(c);
      put_text(r, b, (const char *)s);
      xmlFree(s);
    } else if (strcmp(name, "tab") == 0) {
      put_text(r, b, "\t");
    } else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0) {
      const char *type = ps_xml_attr(c, NS_W, "type");
      if (!type || strcmp(type, "textWrapping") == 0)
        put_text(r, b, "\n");
    } else if (strcmp(name, "noBreakHyphen") == 0) {
      put_text(r, b, "-");
    } else if (strcmp(name, "del") == 0 || strcmp(name, "moveFrom") == 0) {
      r->tracked++;
    } else if (strcmp(name, "ins") == 0 || strcmp(name, "moveTo") == 0) {
      r->tracked++;
      docx_text(r, c, b, marks, nmarks, cap);
    } else if (strcmp(name, "rPr") == 0) {
      docx_mark_changes(r, c);
    } else if (strcmp(name, "bookmarkStart") == 0) {
      const char *bm = ps_xml_attr(c, NS_W, "name");
      if (bm && marks)
        push(r, marks, nmarks, cap, ps_arena_strdup(&r->arena, bm));
    } else if (strcmp(name, "r") == 0 || strcmp(name, "hyperlink") == 0 ||
               strcmp(name, "fldSimple") == 0 || strcmp(name, "smartTag") == 0 ||
               strcmp(name, "sdt") == 0 || strcmp(name, "sdtContent") == 0 ||
               strcmp(name, "customXml") == 0) {
      docx_text(r, c, b, marks, nmarks, cap);
    }
  }
}

/* The same for ODT. Tracked deletions live in text:tracked-changes, away
 * from the text, so the text as it stands is the accepted text. */
static void odt_text(reader *r, xmlNodePtr n, ps_buf *b, const char ***marks, size_t *nmarks,
                     size_t *cap) {
  for (xmlNodePtr c = n->children; c && r->rc == 0; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      put_text(r, b, (const char *)c->content);
    } else if (is_el(c, NS_TEXT, "s")) {
      const char *k = ps_xml_attr(c, NS_TEXT, "c");
      unsigned long count = k ? strtoul(k, NULL, 10) : 1;
      for (unsigned long i = 0; i < count && i < 1024; i++)
        put_text(r, b, " ");
    } else if (is_el(c, NS_TEXT, "tab")) {
      put_text(r, b, "\t");
    } else if (is_el(c, NS_TEXT, "line-break")) {
      put_text(r, b, "\n");
    } else if (is_el(c, NS_TEXT, "change") || is_el(c, NS_TEXT, "change-start") ||
               is_el(c, NS_TEXT, "change-end")) {
      continue; /* marks of the changes text:tracked-changes counts */
    } else if (is_el(c, NS_TEXT, "bookmark-start") || is_el(c, NS_TEXT, "bookmark")) {
      const char *bm = ps_xml_attr(c, NS_TEXT, "name");
      if (bm && marks)
        push(r, marks, nmarks, cap, ps_arena_strdup(&r->arena, bm));
    } else if (c->type == XML_ELEMENT_NODE && !is_el(c, NS_OFFICE, "annotation") &&
               !is_el(c, NS_TEXT, "note") && !is_el(c, NS_TEXT, "tracked-changes") &&
               !is_el(c, NS_TEXT, "list") && !is_el(c, NS_TABLE, "table")) {
      odt_text(r, c, b, marks, nmarks, cap);
    }
  }
}

/* ---- roles ---- */

static role heading_role(const reader *r, int level) {
  if (r->numbering == PS_NUM_CHAPTERS)
    return level == 1 ? R_SECTION : level == 2 ? R_CLAUSE : R_HEADING;
  return level == 1 ? R_CLAUSE : R_HEADING;
}

static role docx_role(const reader *r, const char *style) {
  if (!style)
    return R_BODY;
  if (strcmp(style, "Title") == 0)
    return R_TITLE;
  if (strcmp(style, "TitleInfo") == 0)
    return R_INFO;
  if (strcmp(style, "HeadingPlain") == 0)
    return R_CLAUSE;
  if (strncmp(style, "Heading", 7) == 0 && style[7] >= '1' && style[7] <= '9' && !style[8])
    return heading_role(r, style[7] - '0');
  if (strcmp(style, "Code") == 0)
    return R_CODE;
  if (strcmp(style, "Quote") == 0)
    return R_QUOTE;
  /* LibreOffice saves a DOCX with style IDs made from the style names:
   * "Clause References" becomes ClauseReferences. */
  if (strcmp(style, "ClauseRefs") == 0 || strcmp(style, "ClauseReferences") == 0)
    return R_REFS;
  if (strncmp(style, "TOC", 3) == 0)
    return R_SKIP;
  if (strcmp(style, "ListParagraph") == 0)
    return R_LIST;
  return R_BODY;
}

/* ODT: an automatic style (P1, Keep_Standard) stands for its parent. */
static const char *odt_base_style(const reader *r, const char *name) {
  for (int depth = 0; name && depth < 4; depth++) {
    const char *parent = NULL;
    for (int s = 0; s < 2 && !parent; s++) /* automatic styles only */
      for (xmlNodePtr c = r->auto_styles[s] ? r->auto_styles[s]->children : NULL; c; c = c->next) {
        const char *sn = is_el(c, NS_STYLE, "style") ? ps_xml_attr(c, NS_STYLE, "name") : NULL;
        if (sn && strcmp(sn, name) == 0) {
          parent = ps_xml_attr(c, NS_STYLE, "parent-style-name");
          break;
        }
      }
    if (!parent)
      return name;
    name = parent;
  }
  return name;
}

static role odt_role(const reader *r, xmlNodePtr p) {
  if (is_el(p, NS_TEXT, "h")) {
    const char *lv = ps_xml_attr(p, NS_TEXT, "outline-level");
    long level = lv ? strtol(lv, NULL, 10) : 1;
    return heading_role(r, level < 1 ? 1 : level > 9 ? 9 : (int)level);
  }
  const char *style = odt_base_style(r, ps_xml_attr(p, NS_TEXT, "style-name"));
  if (!style)
    return R_BODY;
  if (strcmp(style, "Title") == 0)
    return R_TITLE;
  if (strcmp(style, "Title_20_Info") == 0)
    return R_INFO;
  if (strncmp(style, "Heading_20_", 11) == 0 && style[11] >= '1' && style[11] <= '9')
    return heading_role(r, style[11] - '0');
  if (strcmp(style, "Preformatted_20_Text") == 0)
    return R_CODE;
  if (strcmp(style, "Quotations") == 0)
    return R_QUOTE;
  if (strcmp(style, "Clause_20_References") == 0)
    return R_REFS;
  if (strncmp(style, "Contents_20_", 12) == 0)
    return R_SKIP;
  return R_BODY;
}

/* ---- writing Markdown ---- */

/* TEXT escaped as Markdown, its line breaks kept as BREAK. */
static void put_escaped(reader *r, ps_buf *out, const char *text, const char *brk) {
  for (const char *p = text; r->rc == 0;) {
    size_t k = strcspn(p, "\n");
    if (ps_md_escape(out, p, k) < 0)
      r->rc = PS_ENOMEM;
    if (!p[k])
      break;
    put_text(r, out, brk);
    p += k + 1;
  }
}

static void close_code(reader *r) {
  if (r->in_code)
    put_text(r, &r->clause, "```\n\n");
  r->in_code = 0;
}

static void end_list(reader *r) {
  if (r->in_list)
    put_text(r, &r->clause, "\n");
  r->in_list = 0;
  r->list_depth = 0;
}

/* The open clause, with its comment and heading, onto the body. */
static void flush_clause(reader *r) {
  close_code(r);
  end_list(r);
  if (!r->clause_id)
    return;
  ps_buf *b = &r->body;
  ps_mdc_put_clause(b, r->clause_id, r->clause_refs ? r->clause_refs : "");
  if (ps_buf_printf(b, "%s\n\n", r->clause_heading) < 0 ||
      (r->clause.len && ps_buf_append(b, r->clause.ptr, r->clause.len) < 0) ||
      ps_buf_puts(b, "\n") < 0)
    r->rc = PS_ENOMEM;
  r->clause.len = 0;
  r->clause_id = NULL;
  r->clause_refs = NULL;
}

/* A heading's title: an article's label is "（title）". */
static const char *clause_title(reader *r, const char *text) {
  size_t n = strlen(text);
  if (r->numbering == PS_NUM_ARTICLES && n > 6 && strncmp(text, "（", 3) == 0 &&
      strcmp(text + n - 3, "）") == 0)
    return ps_arena_strndup(&r->arena, text + 3, n - 6);
  return text;
}

/* The clause of the templates whose title is TITLE and whose bookmark is
 * nowhere in the document: the heading of a clause whose bookmark was
 * deleted. */
static const char *id_by_heading(reader *r, const char *title) {
  for (size_t i = 0; r->lib && i < r->lib->nclauses; i++) {
    const ps_clause_tpl *c = &r->lib->clauses[i];
    if (strcmp(c->title, title) != 0 || (r->kind && !ps_clause_in_doc(c, r->kind)) ||
        in_list(r->used, r->nused, c->id))
      continue;
    int bookmarked = 0;
    for (size_t k = 0; k < r->nbookmarks && !bookmarked; k++) {
      const char *id = bookmark_id(r, r->bookmarks[k]);
      bookmarked = id && strcmp(id, c->id) == 0;
    }
    if (!bookmarked)
      return c->id;
  }
  return NULL;
}

/* An ID for a heading that matches no clause: a clause added by hand. */
static const char *added_id(reader *r, const char *title) {
  uint32_t h = 2166136261u; /* FNV-1a: the same title gives the same ID on both sides */
  for (const unsigned char *p = (const unsigned char *)title; *p; p++)
    h = (h ^ *p) * 16777619u;
  return ps_arena_printf(&r->arena, "added-%08x", (unsigned)h);
}

static void start_clause(reader *r, const char *text, const char *const *marks, size_t nmarks) {
  const char *id = NULL;
  for (size_t i = 0; i < nmarks && !id; i++) {
    const char *cand = bookmark_id(r, marks[i]);
    if (cand && !in_list(r->used, r->nused, cand) &&
        (!r->lib || library_clause(r, cand) || strcmp(cand, PS_APPENDIX_ID) == 0))
      id = cand;
  }
  const char *title = clause_title(r, text);
  if (id) {
    r->marked++;
  } else if ((id = id_by_heading(r, title)) != NULL) {
    ps_diag_add(r->diags, 0, PS_SEV_NOTE, r->path, 0, 0, NULL,
                "the heading 「%s」 has lost its bookmark; it was matched by its title to "
                "clause '%s'",
                title, id);
  } else {
    id = added_id(r, title);
    ps_diag_add(r->diags, 0, PS_SEV_NOTE, r->path, 0, 0, NULL,
                "the heading 「%s」 is no clause of the templates (no procspec bookmark, no "
                "clause of that title); it is compared as a clause added by hand",
                title);
  }
  if (!id || !title) {
    r->rc = PS_ENOMEM;
    return;
  }
  flush_clause(r);
  if (strcmp(id, PS_APPENDIX_ID) == 0) { /* derived from the clauses: never compared */
    r->ended = 1;
    return;
  }
  if (r->pending.len && ps_buf_append(&r->body, r->pending.ptr, r->pending.len) < 0)
    r->rc = PS_ENOMEM;
  r->pending.len = 0;
  push(r, &r->used, &r->nused, &r->capused, id);
  r->started = 1;
  r->clause_id = id;
  size_t number = ++r->clauses;
  ps_buf h = PS_BUF_INIT;
  if (r->numbering == PS_NUM_ARTICLES)
    ps_buf_printf(&h, "## 第%zu条（", number);
  else if (r->numbering == PS_NUM_CHAPTERS)
    ps_buf_printf(&h, "### %zu　", number);
  else
    ps_buf_puts(&h, "## ");
  put_escaped(r, &h, title, " ");
  if (r->numbering == PS_NUM_ARTICLES)
    ps_buf_puts(&h, "）");
  r->clause_heading = h.ptr ? ps_arena_strdup(&r->arena, h.ptr) : NULL;
  if (!r->clause_heading)
    r->rc = PS_ENOMEM;
  ps_buf_free(&h);
}

static void section(reader *r, const char *text) {
  if (r->ended)
    return;
  if (r->numbering == PS_NUM_CHAPTERS)
    r->clauses = 0;
  ps_buf_printf(&r->pending, "## 第%zu　", ++r->sections);
  put_escaped(r, &r->pending, text, " ");
  put_text(r, &r->pending, "\n\n");
}

/* "【3.1(1)、3.2①】" -> "3.1(1) 3.2①". */
static void refs_line(reader *r, const char *text) {
  size_t n = strlen(text);
  if (n < 6 || strncmp(text, "【", 3) != 0 || strcmp(text + n - 3, "】") != 0) {
    put_escaped(r, &r->clause, text, "\\\n");
    put_text(r, &r->clause, "\n\n");
    return;
  }
  ps_buf b = PS_BUF_INIT;
  for (const char *p = text + 3, *end = text + n - 3; p < end;) { /* 、 separates them */
    const char *sep = strstr(p, "、");
    size_t k = sep && sep < end ? (size_t)(sep - p) : (size_t)(end - p);
    ps_mdc_put_ref(&b, p, k);
    p += k;
    if (p < end) {
      ps_buf_putc(&b, ' ');
      p += 3;
    }
  }
  r->clause_refs = b.ptr ? ps_arena_strdup(&r->arena, b.ptr) : "";
  ps_buf_free(&b);
  r->refs_lines++;
}

/* One paragraph of ROLE holding TEXT, with bookmarks MARKS. */
static void paragraph(reader *r, role ro, const char *text, const char *const *marks,
                      size_t nmarks) {
  if (r->ended || ro == R_SKIP)
    return;
  int named = 0; /* a bookmark of a clause, whatever its style became */
  for (size_t i = 0; i < nmarks && !named; i++) {
    const char *id = bookmark_id(r, marks[i]);
    named = id && ro != R_SECTION &&
            ((r->lib && library_clause(r, id)) || strcmp(id, PS_APPENDIX_ID) == 0);
  }
  if (named || ro == R_CLAUSE) {
    if (*text || named)
      start_clause(r, text, marks, nmarks);
    return;
  }
  if (ro == R_SECTION) {
    if (*text)
      section(r, text);
    return;
  }
  if (!r->started) { /* the title block */
    if (ro == R_TITLE && !r->title)
      r->title = ps_arena_strdup(&r->arena, text);
    else if (ro == R_INFO && r->ninfo < 3 && *text)
      r->info[r->ninfo++] = ps_arena_strdup(&r->arena, text);
    return;
  }
  if (ro == R_INFO) { /* 以上 after the last clause */
    flush_clause(r);
    r->ended = 1;
    return;
  }
  if (!r->clause_id)
    return;
  if (ro == R_CODE) {
    end_list(r);
    if (!r->in_code)
      put_text(r, &r->clause, "```\n");
    r->in_code = 1;
    put_text(r, &r->clause, text);
    put_text(r, &r->clause, "\n");
    return;
  }
  close_code(r);
  if (!*text) /* an empty paragraph is no text */
    return;
  end_list(r);
  ps_buf *b = &r->clause;
  if (ro == R_REFS) {
    refs_line(r, text);
    return;
  }
  put_text(r, b, ro == R_HEADING ? "#### " : ro == R_QUOTE ? "> " : "");
  put_escaped(r, b, text, ro == R_HEADING ? " " : "\\\n");
  put_text(r, b, "\n\n");
}

/* A list item (FIRST: its first paragraph) at DEPTH (1-based). */
static void list_paragraph(reader *r, const char *text, int depth, int ordered, int first) {
  if (r->ended || !r->clause_id || !*text)
    return;
  close_code(r);
  if (depth > r->list_depth + 1)
    depth = r->list_depth + 1;
  if (depth > MAX_LIST_DEPTH)
    depth = MAX_LIST_DEPTH;
  if (!first && depth < 1)
    depth = 1;
  ps_buf *b = &r->clause;
  if (!first)
    put_text(r, b, "\n");
  for (int i = 1; i < depth + !first; i++)
    put_text(r, b, "    ");
  if (first)
    put_text(r, b, ordered ? "1.  " : "-   ");
  put_escaped(r, b, text, "\\\n");
  put_text(r, b, "\n");
  r->in_list = 1;
  r->list_depth = depth;
}

/* A table as a GFM table: the first row is its header. */
typedef struct {
  char **cells;
  size_t n, cap;
  size_t ncols, nrows;
} table_rows;

static void cell(reader *r, table_rows *t, const char *text) {
  char **cells = ps_grow(t->cells, &t->cap, t->n, sizeof(char *));
  if (!cells) {
    r->rc = PS_ENOMEM;
    return;
  }
  t->cells = cells;
  ps_buf b = PS_BUF_INIT;
  put_escaped(r, &b, text, "<br>");
  t->cells[t->n++] = ps_arena_strdup(&r->arena, b.ptr ? b.ptr : "");
  ps_buf_free(&b);
}

static void table_out(reader *r, table_rows *t, const size_t *row_len) {
  if (r->ended || !r->clause_id || t->nrows == 0)
    return;
  close_code(r);
  end_list(r);
  ps_buf *b = &r->clause;
  size_t k = 0;
  for (size_t row = 0; row < t->nrows; row++) {
    put_text(r, b, "|");
    for (size_t c = 0; c < t->ncols; c++) {
      put_text(r, b, " ");
      put_text(r, b, c < row_len[row] ? t->cells[k + c] : "");
      put_text(r, b, " |");
    }
    k += row_len[row];
    put_text(r, b, "\n");
    for (size_t c = 0; row == 0 && c < t->ncols; c++)
      put_text(r, b, c ? " --- |" : "| --- |");
    if (row == 0)
      put_text(r, b, "\n");
  }
  put_text(r, b, "\n");
}

/* ---- DOCX ---- */

/* Whether list NUM_ID at level ILVL is numbered (not bulleted). */
static int docx_ordered(const reader *r, const char *num_id, const char *ilvl) {
  const char *abstract = NULL;
  for (xmlNodePtr c = r->numbering_root ? r->numbering_root->children : NULL; c && !abstract;
       c = c->next) {
    const char *id = is_el(c, NS_W, "num") ? ps_xml_attr(c, NS_W, "numId") : NULL;
    xmlNodePtr a = id && strcmp(id, num_id) == 0 ? ps_xml_child(c, NS_W, "abstractNumId") : NULL;
    abstract = a ? ps_xml_attr(a, NS_W, "val") : NULL;
  }
  for (xmlNodePtr c = r->numbering_root ? r->numbering_root->children : NULL; c && abstract;
       c = c->next) {
    const char *id = is_el(c, NS_W, "abstractNum") ? ps_xml_attr(c, NS_W, "abstractNumId") : NULL;
    if (!id || strcmp(id, abstract) != 0)
      continue;
    for (xmlNodePtr l = c->children; l; l = l->next) {
      const char *lv = is_el(l, NS_W, "lvl") ? ps_xml_attr(l, NS_W, "ilvl") : NULL;
      xmlNodePtr fmt = lv && strcmp(lv, ilvl) == 0 ? ps_xml_child(l, NS_W, "numFmt") : NULL;
      const char *v = fmt ? ps_xml_attr(fmt, NS_W, "val") : NULL;
      if (v)
        return strcmp(v, "bullet") != 0 && strcmp(v, "none") != 0;
    }
  }
  return 1;
}

static void docx_paragraph(reader *r, xmlNodePtr p) {
  xmlNodePtr ppr = ps_xml_child(p, NS_W, "pPr");
  xmlNodePtr ps = ppr ? ps_xml_child(ppr, NS_W, "pStyle") : NULL;
  xmlNodePtr mark = ppr ? ps_xml_child(ppr, NS_W, "rPr") : NULL;
  role ro = docx_role(r, ps ? ps_xml_attr(ps, NS_W, "val") : NULL);
  docx_mark_changes(r, ppr);
  if (mark && ps_xml_child(mark, NS_W, "ins"))
    r->tracked++;
  const char **marks = NULL;
  size_t nmarks = 0, cap = 0;
  ps_buf b = PS_BUF_INIT;
  put_text(r, &b, r->carry.len ? r->carry.ptr : "");
  r->carry.len = 0;
  docx_text(r, p, &b, &marks, &nmarks, &cap);
  const char *text = b.ptr ? b.ptr : "";
  if (mark && (ps_xml_child(mark, NS_W, "del") || ps_xml_child(mark, NS_W, "moveFrom"))) {
    r->tracked++; /* the paragraph mark deleted: this text runs on into the next paragraph */
    put_text(r, &r->carry, text);
  } else {
    xmlNodePtr num = ppr ? ps_xml_child(ppr, NS_W, "numPr") : NULL;
    xmlNodePtr id = num ? ps_xml_child(num, NS_W, "numId") : NULL;
    xmlNodePtr lvl = num ? ps_xml_child(num, NS_W, "ilvl") : NULL;
    const char *num_id = id ? ps_xml_attr(id, NS_W, "val") : NULL;
    const char *ilvl = lvl ? ps_xml_attr(lvl, NS_W, "val") : NULL;
    if (num_id && strcmp(num_id, "0") != 0 && (ro == R_LIST || ro == R_BODY)) {
      long depth = ilvl ? strtol(ilvl, NULL, 10) + 1 : 1;
      list_paragraph(r, text,
                     depth < 1                ? 1
                     : depth > MAX_LIST_DEPTH ? MAX_LIST_DEPTH
                                              : (int)depth,
                     docx_ordered(r, num_id, ilvl ? ilvl : "0"), 1);
    } else if (ro == R_LIST && r->in_list) {
      list_paragraph(r, text, r->list_depth, 0, 0);
    } else {
      paragraph(r, ro == R_LIST ? R_BODY : ro, text, marks, nmarks);
    }
  }
  free(marks);
  ps_buf_free(&b);
}

/* The text of a cell: its paragraphs, one per line. */
static void docx_cell_text(reader *r, xmlNodePtr n, ps_buf *b) {
  for (xmlNodePtr c = n->children; c && r->rc == 0; c = c->next) {
    if (is_el(c, NS_W, "p")) {
      if (b->len)
        put_text(r, b, "\n");
      docx_text(r, c, b, NULL, NULL, NULL);
    } else if (is_el(c, NS_W, "sdt") || is_el(c, NS_W, "sdtContent") ||
               is_el(c, NS_W, "customXml")) {
      docx_cell_text(r, c, b);
    }
  }
}

static void docx_table(reader *r, xmlNodePtr tbl) {
  table_rows t = {NULL, 0, 0, 0, 0};
  size_t *row_len = NULL, caprows = 0;
  for (xmlNodePtr tr = tbl->children; tr && r->rc == 0; tr = tr->next) {
    if (!is_el(tr, NS_W, "tr"))
      continue;
    xmlNodePtr trpr = ps_xml_child(tr, NS_W, "trPr");
    if (trpr && ps_xml_child(trpr, NS_W, "ins"))
      r->tracked++;
    if (trpr && ps_xml_child(trpr, NS_W, "del")) { /* a deleted row, as accepted: gone */
      r->tracked++;
      continue;
    }
    size_t *lens = ps_grow(row_len, &caprows, t.nrows, sizeof(size_t));
    if (!lens) {
      r->rc = PS_ENOMEM;
      break;
    }
    row_len = lens;
    size_t before = t.n;
    for (xmlNodePtr tc = tr->children; tc && r->rc == 0; tc = tc->next) {
      if (!is_el(tc, NS_W, "tc") || t.n - before >= PS_MAX_COLUMNS)
        continue;
      ps_buf b = PS_BUF_INIT;
      docx_cell_text(r, tc, &b);
      cell(r, &t, b.ptr ? b.ptr : "");
      ps_buf_free(&b);
      xmlNodePtr pr = ps_xml_child(tc, NS_W, "tcPr");
      xmlNodePtr span = pr ? ps_xml_child(pr, NS_W, "gridSpan") : NULL;
      const char *v = span ? ps_xml_attr(span, NS_W, "val") : NULL;
      unsigned long k = v ? strtoul(v, NULL, 10) : 1;
      for (unsigned long i = 1; i < k && t.n - before < PS_MAX_COLUMNS && r->rc == 0; i++)
        cell(r, &t, "");
    }
    row_len[t.nrows++] = t.n - before;
    if (t.n - before > t.ncols)
      t.ncols = t.n - before;
  }
  if (r->rc == 0)
    table_out(r, &t, row_len);
  free(t.cells);
  free(row_len);
}

static void docx_blocks(reader *r, xmlNodePtr parent) {
  for (xmlNodePtr c = parent->children; c && r->rc == 0; c = c->next) {
    if (is_el(c, NS_W, "p"))
      docx_paragraph(r, c);
    else if (is_el(c, NS_W, "tbl"))
      docx_table(r, c);
    else if (is_el(c, NS_W, "sdt") || is_el(c, NS_W, "sdtContent") || is_el(c, NS_W, "customXml"))
      docx_blocks(r, c);
  }
}

/* ---- ODT ---- */

static void odt_block(reader *r, xmlNodePtr n, int depth, int ordered);

static int odt_ordered(const reader *r, const char *style, int inherited) {
  if (!style)
    return inherited;
  if (strcmp(style, "L_Ordered") == 0)
    return 1;
  if (strcmp(style, "L_Bullet") == 0)
    return 0;
  for (int s = 0; s < 3; s++)
    for (xmlNodePtr c = r->auto_styles[s] ? r->auto_styles[s]->children : NULL; c; c = c->next) {
      const char *sn = is_el(c, NS_TEXT, "list-style") ? ps_xml_attr(c, NS_STYLE, "name") : NULL;
      if (!sn || strcmp(sn, style) != 0)
        continue;
      for (xmlNodePtr l = c->children; l; l = l->next)
        if (l->type == XML_ELEMENT_NODE)
          return !is_el(l, NS_TEXT, "list-level-style-bullet");
    }
  return inherited;
}

static void odt_list(reader *r, xmlNodePtr list, int depth, int ordered) {
  ordered = odt_ordered(r, ps_xml_attr(list, NS_TEXT, "style-name"), ordered);
  for (xmlNodePtr item = list->children; item && r->rc == 0; item = item->next) {
    if (!is_el(item, NS_TEXT, "list-item") && !is_el(item, NS_TEXT, "list-header"))
      continue;
    int first = is_el(item, NS_TEXT, "list-item");
    for (xmlNodePtr c = item->children; c && r->rc == 0; c = c->next) {
      if (is_el(c, NS_TEXT, "p") || is_el(c, NS_TEXT, "h")) {
        ps_buf b = PS_BUF_INIT;
        odt_text(r, c, &b, NULL, NULL, NULL);
        list_paragraph(r, b.ptr ? b.ptr : "", depth, ordered, first);
        first = first && !(b.ptr && *b.ptr);
        ps_buf_free(&b);
      } else if (is_el(c, NS_TEXT, "list")) {
        odt_list(r, c, depth + 1 > MAX_LIST_DEPTH ? MAX_LIST_DEPTH : depth + 1, ordered);
      } else {
        odt_block(r, c, depth, ordered);
      }
    }
  }
}

static void odt_rows(reader *r, xmlNodePtr n, table_rows *t, size_t **row_len, size_t *caprows) {
  for (xmlNodePtr tr = n->children; tr && r->rc == 0; tr = tr->next) {
    if (is_el(tr, NS_TABLE, "table-header-rows") || is_el(tr, NS_TABLE, "table-rows") ||
        is_el(tr, NS_TABLE, "table-row-group")) {
      odt_rows(r, tr, t, row_len, caprows);
      continue;
    }
    if (!is_el(tr, NS_TABLE, "table-row"))
      continue;
    size_t *lens = ps_grow(*row_len, caprows, t->nrows, sizeof(size_t));
    if (!lens) {
      r->rc = PS_ENOMEM;
      return;
    }
    *row_len = lens;
    size_t before = t->n;
    for (xmlNodePtr tc = tr->children; tc && r->rc == 0; tc = tc->next) {
      if (!is_el(tc, NS_TABLE, "table-cell") && !is_el(tc, NS_TABLE, "covered-table-cell"))
        continue;
      ps_buf b = PS_BUF_INIT;
      for (xmlNodePtr p = tc->children; p && r->rc == 0; p = p->next)
        if (is_el(p, NS_TEXT, "p") || is_el(p, NS_TEXT, "h")) {
          if (b.len)
            put_text(r, &b, "\n");
          odt_text(r, p, &b, NULL, NULL, NULL);
        }
      const char *v = ps_xml_attr(tc, NS_TABLE, "number-columns-repeated");
      unsigned long k = v ? strtoul(v, NULL, 10) : 1;
      for (unsigned long i = 0; i < (k ? k : 1) && t->n - before < PS_MAX_COLUMNS && r->rc == 0;
           i++)
        cell(r, t, b.ptr ? b.ptr : "");
      ps_buf_free(&b);
    }
    (*row_len)[t->nrows++] = t->n - before;
    if (t->n - before > t->ncols)
      t->ncols = t->n - before;
  }
}

static void odt_block(reader *r, xmlNodePtr c, int depth, int ordered) {
  if (is_el(c, NS_TEXT, "p") || is_el(c, NS_TEXT, "h")) {
    const char **marks = NULL;
    size_t nmarks = 0, cap = 0;
    ps_buf b = PS_BUF_INIT;
    odt_text(r, c, &b, &marks, &nmarks, &cap);
    paragraph(r, odt_role(r, c), b.ptr ? b.ptr : "", marks, nmarks);
    free(marks);
    ps_buf_free(&b);
  } else if (is_el(c, NS_TEXT, "list")) {
    odt_list(r, c, depth + 1 > MAX_LIST_DEPTH ? MAX_LIST_DEPTH : depth + 1, ordered);
  } else if (is_el(c, NS_TABLE, "table")) {
    table_rows t = {NULL, 0, 0, 0, 0};
    size_t *row_len = NULL, caprows = 0;
    odt_rows(r, c, &t, &row_len, &caprows);
    if (r->rc == 0)
      table_out(r, &t, row_len);
    free(t.cells);
    free(row_len);
  } else if (is_el(c, NS_TEXT, "section") || is_el(c, NS_TEXT, "soft-page-break")) {
    for (xmlNodePtr k = c->children; k && r->rc == 0; k = k->next)
      odt_block(r, k, depth, ordered);
  } else if (is_el(c, NS_TEXT, "tracked-changes")) {
    for (xmlNodePtr k = c->children; k; k = k->next)
      r->tracked += is_el(k, NS_TEXT, "changed-region");
  }
}

/* ---- the package ---- */

/* Every bookmark name of the body, before any heading is read. */
static void collect_bookmarks(reader *r, xmlNodePtr n) {
  for (xmlNodePtr c = n->children; c && r->rc == 0 && r->nbookmarks < MAX_BOOKMARKS; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    const char *name = is_el(c, NS_W, "bookmarkStart") ? ps_xml_attr(c, NS_W, "name")
                       : is_el(c, NS_TEXT, "bookmark-start") || is_el(c, NS_TEXT, "bookmark")
                           ? ps_xml_attr(c, NS_TEXT, "name")
                           : NULL;
    if (name)
      push(r, &r->bookmarks, &r->nbookmarks, &r->capbookmarks, ps_arena_strdup(&r->arena, name));
    else
      collect_bookmarks(r, c);
  }
}

/* The first element named NAME in namespace NS below N, depth first. */
static xmlNodePtr find_el(xmlNodePtr n, const char *ns, const char *name, int depth) {
  for (xmlNodePtr c = n ? n->children : NULL; c && depth < 8; c = c->next) {
    if (is_el(c, ns, name))
      return c;
    xmlNodePtr f = c->type == XML_ELEMENT_NODE ? find_el(c, ns, name, depth + 1) : NULL;
    if (f)
      return f;
  }
  return NULL;
}

static const char *el_text(reader *r, xmlNodePtr n) {
  xmlChar *s = n ? xmlNodeGetContent(n) : NULL;
  const char *copy = s ? ps_arena_strdup(&r->arena, (const char *)s) : NULL;
  xmlFree(s);
  return copy;
}

/* The document's kind, subject and date from its properties. */
static int read_properties(reader *r, const ps_zip *z, const char **subject, const char **date) {
  *subject = *date = NULL;
  xmlDocPtr props = ps_zip_xml(z, r->odt ? "meta.xml" : "docProps/core.xml", 0, r->diags);
  if (!props)
    return ps_zip_has(z, r->odt ? "meta.xml" : "docProps/core.xml") ? PS_EINPUT : 0;
  xmlNodePtr root = xmlDocGetRootElement(props);
  *subject = el_text(r, find_el(root, NS_DC, "subject", 0));
  const char *created = el_text(r, r->odt ? find_el(root, NS_META, "creation-date", 0)
                                          : find_el(root, NS_DCTERMS, "created", 0));
  if (!r->title)
    r->title = el_text(r, find_el(root, NS_DC, "title", 0));
  if (created && strlen(created) >= 10 && created[4] == '-' && created[7] == '-')
    *date = ps_arena_strndup(&r->arena, created, 10);
  xmlFreeDoc(props);
  return 0;
}

/* Whether any bookmark names a clause of the templates. */
static int clause_bookmarked(reader *r) {
  for (size_t i = 0; i < r->nbookmarks; i++) {
    const char *id = bookmark_id(r, r->bookmarks[i]);
    if (id && library_clause(r, id))
      return 1;
  }
  return 0;
}

/* The kind of the first bookmarked clause that belongs to one document. */
static const char *kind_of_bookmarks(reader *r) {
  for (size_t i = 0; i < r->nbookmarks; i++) {
    const char *id = bookmark_id(r, r->bookmarks[i]);
    const ps_clause_tpl *c = id ? library_clause(r, id) : NULL;
    if (c && c->ndocs == 1)
      return c->docs[0];
  }
  return NULL;
}

static int choose_kind(reader *r, const char *kind, const char *subject) {
  const char *named = NULL;
  for (size_t i = 0; subject && r->lib && i < r->lib->ndocs && !named; i++)
    if (r->lib->docs[i].name && strcmp(r->lib->docs[i].name, subject) == 0)
      named = r->lib->docs[i].kind;
  if (!named)
    named = kind_of_bookmarks(r);
  r->kind = kind ? kind : named;
  if (!r->kind)
    return ps_error_at(r->diags, PS_EINPUT, r->path, 0, 0,
                       "the document's properties do not say which document it is (subject "
                       "「%s」); give its kind with --doc, for example --doc annex",
                       subject ? subject : "");
  if (named && strcmp(named, r->kind) != 0)
    r->kind = named; /* the diff says that the kinds differ */
  const ps_doc_tpl *doc = r->lib ? ps_library_doc(r->lib, r->kind) : NULL;
  r->numbering = doc ? doc->numbering : PS_NUM_ARTICLES;
  return 0;
}

static int refuse(reader *r, const char *what) {
  return ps_error_at(r->diags, PS_EINPUT, r->path, 0, 0,
                     "this %s was not written by procspec: none of its headings carries the "
                     "bookmark of a procspec clause; compare a document that procspec generate "
                     "wrote (edited since or not), its Markdown (.md) or the service profile",
                     what);
}

/* Reads DOC (a DOCX document.xml or an ODT content.xml) with AUX (the
 * DOCX numbering.xml or the ODT styles.xml, or NULL). */
static int read_document(reader *r, xmlDocPtr doc, xmlDocPtr aux, const char *kind,
                         const char *subject) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  xmlNodePtr body = r->odt ? find_el(root, NS_OFFICE, "text", 0) : find_el(root, NS_W, "body", 0);
  xmlNodePtr aux_root = aux ? xmlDocGetRootElement(aux) : NULL;
  if (r->odt) {
    r->auto_styles[0] = find_el(root, NS_OFFICE, "automatic-styles", 0);
    r->auto_styles[1] = find_el(aux_root, NS_OFFICE, "automatic-styles", 0);
    r->auto_styles[2] = find_el(aux_root, NS_OFFICE, "styles", 0);
  } else {
    r->numbering_root = aux_root;
  }
  if (body)
    collect_bookmarks(r, body);
  int rc = r->rc;
  if (rc == 0 && r->lib && !clause_bookmarked(r)) /* before any note about its headings */
    rc = refuse(r, r->odt ? "ODT" : "DOCX");
  if (rc == 0)
    rc = choose_kind(r, kind, subject);
  if (body && rc == 0) {
    if (r->odt)
      for (xmlNodePtr c = body->children; c && r->rc == 0; c = c->next)
        odt_block(r, c, 0, 1);
    else
      docx_blocks(r, body);
    flush_clause(r);
    rc = r->rc;
  }
  if (rc == 0 && r->marked == 0)
    rc = refuse(r, r->odt ? "ODT" : "DOCX");
  return rc;
}

static int read_body(reader *r, const ps_zip *z, const char *kind, const char *subject) {
  xmlDocPtr doc = ps_zip_xml(z, r->odt ? "content.xml" : "word/document.xml", 1, r->diags);
  if (!doc)
    return PS_EINPUT;
  xmlDocPtr aux = ps_zip_xml(z, r->odt ? "styles.xml" : "word/numbering.xml", 0, r->diags);
  int rc = read_document(r, doc, aux, kind, subject);
  if (aux)
    xmlFreeDoc(aux);
  xmlFreeDoc(doc);
  return rc;
}

static int assemble(reader *r, ps_office_text *out, const char *date) {
  ps_buf md = PS_BUF_INIT;
  /* Only a date of the form 2026-04-01 is the document's. */
  ps_mdc_put_document(
      &md, r->kind, date && strlen(date) == 10 && strspn(date, "0123456789-") == 10 ? date : NULL);
  ps_buf_puts(&md, "# ");
  put_escaped(r, &md, r->title ? r->title : "", " ");
  ps_buf_puts(&md, "\n\n");
  for (size_t i = 0; i < r->ninfo; i++) { /* the Markdown reader keeps these lines as they are */
    for (const char *p = r->info[i] ? r->info[i] : ""; *p; p++)
      ps_buf_putc(&md, *p == '\n' || *p == '\r' ? ' ' : *p);
    ps_buf_puts(&md, "\n\n");
  }
  if (r->body.len)
    ps_buf_append(&md, r->body.ptr, r->body.len);
  out->markdown = r->rc == 0 ? ps_buf_detach(&md, &out->len) : NULL;
  ps_buf_free(&md);
  out->refs_known = r->refs_lines > 0;
  return out->markdown ? 0 : PS_ENOMEM;
}

static void reader_init(reader *r, const char *path, int odt, const ps_library *lib,
                        ps_diags *diags) {
  memset(r, 0, sizeof(*r));
  ps_arena_init(&r->arena);
  r->path = path;
  r->lib = lib;
  r->diags = diags;
  r->odt = odt;
}

/* Notes the tracked changes and hands over the Markdown. */
static int reader_finish(reader *r, int rc, ps_office_text *out, const char *date) {
  if (rc == 0 && r->tracked)
    ps_diag_add(r->diags, 0, PS_SEV_NOTE, r->path, 0, 0, NULL,
                "the document holds %zu tracked changes; they were read as accepted (as after "
                "Accept All in Word or Writer)",
                r->tracked);
  if (rc == 0)
    rc = assemble(r, out, date);
  free(r->bookmarks);
  free(r->used);
  ps_buf_free(&r->body);
  ps_buf_free(&r->pending);
  ps_buf_free(&r->clause);
  ps_buf_free(&r->carry);
  ps_arena_free(&r->arena);
  return rc;
}

int ps_office_read(ps_office_text *out, const char *path, const char *data, size_t len,
                   const char *kind, const ps_library *lib, ps_diags *diags) {
  memset(out, 0, sizeof(*out));
  ps_zip z;
  int rc = ps_zip_open(&z, path, N_("DOCX or ODT"), data, len, &office_limits, diags);
  if (rc == PS_EINPUT)
    ps_diag_add(diags, 0, PS_SEV_NOTE, path, 0, 0, NULL,
                "the file begins like a DOCX or ODT but cannot be read as one (cut short or "
                "damaged?); open it in Word or Writer and save it again, or compare its "
                "Markdown (.md) or the service profile");
  if (rc < 0)
    return rc;
  reader r;
  reader_init(&r, path, !ps_zip_has(&z, "word/document.xml"), lib, diags);
  const char *subject = NULL, *date = NULL;
  if (r.odt && !ps_zip_has(&z, "content.xml"))
    rc = ps_error_at(diags, PS_EINPUT, path, 0, 0,
                     "a zip file that is neither a DOCX nor an ODT; compare a document that "
                     "procspec generate wrote, its Markdown (.md) or the service profile");
  if (rc == 0)
    rc = read_properties(&r, &z, &subject, &date);
  if (rc == 0)
    rc = read_body(&r, &z, kind, subject);
  rc = reader_finish(&r, rc, out, date);
  ps_zip_close(&z);
  return rc;
}

int ps_office_read_part(ps_office_text *out, const char *name, int odt, const char *xml, size_t len,
                        const char *kind, const ps_library *lib, ps_diags *diags) {
  memset(out, 0, sizeof(*out));
  reader r;
  reader_init(&r, name, odt, lib, diags);
  xmlDocPtr doc =
      ps_xml_parse_untrusted(name, odt ? "content.xml" : "word/document.xml", xml, len, diags);
  int rc = doc ? read_document(&r, doc, NULL, kind, NULL) : PS_EINPUT;
  if (doc)
    xmlFreeDoc(doc);
  return reader_finish(&r, rc, out, NULL);
}

int ps_office_properties(const char *out[PS_NPROPS], unsigned *known, int *is_odt, ps_arena *arena,
                         const char *path, const char *data, size_t len, ps_diags *diags) {
  for (size_t k = 0; k < PS_NPROPS; k++)
    out[k] = NULL;
  *known = 0;
  ps_zip z;
  int rc = ps_zip_open(&z, path, N_("DOCX or ODT"), data, len, &office_limits, diags);
  if (rc < 0)
    return rc;
  int odt = *is_odt = !ps_zip_has(&z, "word/document.xml");
  const char *part = odt ? "meta.xml" : "docProps/core.xml";
  xmlDocPtr props = ps_zip_xml(&z, part, 0, diags);
  if (!props)
    rc = ps_zip_has(&z, part) ? PS_EINPUT : 0;
  xmlNodePtr root = props ? xmlDocGetRootElement(props) : NULL;
  static const struct {
    const char *docx_ns, *docx, *odt_ns, *odt;
  } where[PS_NPROPS] = {
      {NS_DC, "title", NS_DC, "title"},
      {NS_DC, "subject", NS_DC, "subject"},
      {NS_DC, "creator", NS_META, "initial-creator"},
      {NS_CP, "keywords", NS_META, "keyword"},
      {NS_DC, "description", NS_DC, "description"},
      {NS_CP, "version", NULL, NULL},
      {NS_DCTERMS, "created", NS_META, "creation-date"},
  };
  for (size_t k = 0; k < PS_NPROPS && rc == 0; k++) {
    const char *ns = odt ? where[k].odt_ns : where[k].docx_ns,
               *name = odt ? where[k].odt : where[k].docx;
    if (!name)
      continue;
    *known |= 1u << k;
    xmlNodePtr n = root ? find_el(root, ns, name, 0) : NULL;
    xmlChar *text = n ? xmlNodeGetContent(n) : NULL;
    size_t tlen = text ? strlen((const char *)text) : 0;
    if (k == PS_PROP_CREATED) /* the date: the time is always midnight UTC */
      tlen = tlen >= 10 ? 10 : 0;
    if (tlen && !(out[k] = ps_arena_strndup(arena, (const char *)text, tlen)))
      rc = PS_ENOMEM;
    xmlFree(text);
  }
  if (props)
    xmlFreeDoc(props);
  ps_zip_close(&z);
  return rc;
}
