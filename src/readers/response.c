#define _POSIX_C_SOURCE 200809L
#include "response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "fileio.h"
#include "i18n.h"
#include "init.h"
#include "library.h"
#include "refdoc.h"
#include "safezip.h"

#define NS_S "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PR "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

static const ps_zip_limits response_limits = {1000, (size_t)16 * 1024 * 1024,
                                              (size_t)64 * 1024 * 1024, 200};

void ps_grid_free(ps_grid *g) {
  if (!g)
    return;
  free(g->rows);
  ps_arena_free(&g->arena);
  free(g);
}

/* ---- building rows ---- */

typedef struct {
  ps_grid *g;
  char **cells; /* malloc'd texts of the row being built */
  unsigned *formula;
  size_t n, cap;
  int any_formula;
  ps_diags *diags;
  int rc;
} row_builder;

static void rb_reset(row_builder *b) {
  for (size_t i = 0; i < b->n; i++)
    free(b->cells[i]);
  b->n = 0;
  b->any_formula = 0;
}

static void rb_free(row_builder *b) {
  rb_reset(b);
  free(b->cells);
  free(b->formula);
}

/* Appends a cell (takes TEXT, malloc'd; NULL for an empty cell). */
static void rb_cell(row_builder *b, char *text, int formula) {
  if (b->rc < 0 || b->n >= PS_RESPONSE_MAX_COLS) {
    free(text);
    return;
  }
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 8;
    char **c = realloc(b->cells, cap * sizeof(char *));
    unsigned *f = c ? realloc(b->formula, cap * sizeof(unsigned)) : NULL;
    if (c)
      b->cells = c;
    if (f)
      b->formula = f;
    if (!c || !f) {
      free(text);
      b->rc = PS_ENOMEM;
      return;
    }
    b->cap = cap;
  }
  b->formula[b->n] = (unsigned)formula;
  b->any_formula |= formula;
  b->cells[b->n++] = text;
}

static void rb_end(row_builder *b, unsigned line, unsigned table) {
  ps_grid *g = b->g;
  if (b->rc == 0 && g->count >= PS_RESPONSE_MAX_ROWS)
    b->rc = ps_error_at(b->diags, PS_ELIMIT, g->file, line, 0,
                        "the form has more than %u rows; refused", PS_RESPONSE_MAX_ROWS);
  ps_grid_row *rows = b->rc == 0 ? ps_grow(g->rows, &g->cap, g->count, sizeof(*rows)) : NULL;
  if (b->rc == 0 && !rows)
    b->rc = PS_ENOMEM;
  if (b->rc == 0) {
    g->rows = rows;
    ps_grid_row *r = &g->rows[g->count];
    r->cells = ps_arena_alloc(&g->arena, (b->n + 1) * sizeof(char *));
    r->formula = b->any_formula ? ps_arena_alloc(&g->arena, (b->n + 1) * sizeof(unsigned)) : NULL;
    r->ncells = b->n;
    r->line = line;
    r->table = table;
    if (!r->cells || (b->any_formula && !r->formula))
      b->rc = PS_ENOMEM;
    for (size_t i = 0; b->rc == 0 && i < b->n; i++) {
      r->cells[i] = ps_arena_strdup(&g->arena, b->cells[i] ? b->cells[i] : "");
      if (!r->cells[i])
        b->rc = PS_ENOMEM;
      if (r->formula)
        r->formula[i] = b->formula[i];
    }
    if (b->rc == 0)
      g->count++;
  }
  rb_reset(b);
}

/* Takes the text of B (a cell) for a row, checking its size. */
static char *cell_text(row_builder *rb, ps_buf *b, unsigned line, unsigned table, size_t col) {
  if (b->failed) {
    rb->rc = PS_ENOMEM;
    return NULL;
  }
  if (b->len > PS_RESPONSE_MAX_CELL) {
    char where[160];
    ps_grid_row r = {NULL, 0, line, table, NULL};
    ps_grid_where(where, sizeof where, rb->g, &r, col);
    rb->rc = ps_error_at(rb->diags, PS_ELIMIT, rb->g->file, line, (unsigned)col + 1,
                         "%s: the cell holds %zu bytes; the limit is %zu; refused", where, b->len,
                         PS_RESPONSE_MAX_CELL);
    return NULL;
  }
  /* U+FFFE and U+FFFF are UTF-8 but no XML can carry them (the record
   * quotes cells): U+FFFD instead. */
  for (size_t i = 0; i + 2 < b->len; i++)
    if ((unsigned char)b->ptr[i] == 0xEF && (unsigned char)b->ptr[i + 1] == 0xBF &&
        ((unsigned char)b->ptr[i + 2] & 0xFE) == 0xBE)
      b->ptr[i + 2] = (char)0xBD;
  char *s = ps_buf_detach(b, NULL);
  if (!s)
    s = calloc(1, 1);
  if (!s)
    rb->rc = PS_ENOMEM;
  return s;
}

void ps_grid_where(char *out, size_t n, const ps_grid *g, const ps_grid_row *row, size_t col) {
  /* Whole sentences, one for each shape, so that a translation can order
   * the parts as its language does. */
  int row_only = col == PS_GRID_ROW;
  switch (g->format) {
  case PS_GRID_XLSX: {
    const char *sheet = g->sheet ? g->sheet : "1";
    if (row_only) {
      snprintf(out, n, _("sheet %s, row %u"), sheet, row->line);
      break;
    }
    char rev[8], letters[sizeof rev + 1];
    size_t k = 0, c = col + 1;
    while (c > 0 && k < sizeof rev) {
      rev[k++] = (char)('A' + (c - 1) % 26);
      c = (c - 1) / 26;
    }
    for (size_t i = 0; i < k; i++)
      letters[i] = rev[k - 1 - i];
    letters[k] = '\0';
    snprintf(out, n, _("sheet %s, row %u, column %s"), sheet, row->line, letters);
    break;
  }
  case PS_GRID_CSV:
    if (row_only)
      snprintf(out, n, _("line %u"), row->line);
    else
      snprintf(out, n, _("line %u, field %zu"), row->line, col + 1);
    break;
  default:
    if (row_only)
      snprintf(out, n, _("table %u, row %u"), row->table, row->line);
    else
      snprintf(out, n, _("table %u, row %u, column %zu"), row->table, row->line, col + 1);
  }
}

/* ---- CSV (RFC 4180; UTF-8, an optional byte-order mark) ---- */

static int load_csv(ps_grid *g, const char *data, size_t len, ps_diags *diags) {
  size_t bad;
  if (!ps_utf8_text_valid(data, len, &bad)) {
    unsigned line = 1;
    for (size_t i = 0; i < bad; i++)
      line += data[i] == '\n';
    return ps_error_at(diags, PS_EINPUT, g->file, line, 0,
                       "not UTF-8 text (byte %zu); save the form as CSV UTF-8, or send the XLSX",
                       bad + 1);
  }
  if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
    data += 3;
    len -= 3;
  }
  row_builder rb = {g, NULL, NULL, 0, 0, 0, diags, 0};
  size_t i = 0;
  unsigned line = 1;
  while (i < len && rb.rc == 0) {
    unsigned start = line;
    for (;;) {
      ps_buf b = PS_BUF_INIT;
      if (i < len && data[i] == '"') {
        for (i++; i < len; i++) {
          if (data[i] == '"' && i + 1 < len && data[i + 1] == '"')
            i++;
          else if (data[i] == '"')
            break;
          line += data[i] == '\n';
          ps_buf_putc(&b, data[i]);
        }
        if (i >= len) {
          ps_buf_free(&b);
          rb_free(&rb);
          return ps_error_at(diags, PS_EINPUT, g->file, start, 0,
                             "a quoted field that starts here never ends");
        }
        i++;
      }
      while (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r')
        ps_buf_putc(&b, data[i++]);
      if (!b.ptr)
        ps_buf_puts(&b, "");
      rb_cell(&rb, cell_text(&rb, &b, start, 0, rb.n), 0);
      ps_buf_free(&b);
      if (i < len && data[i] == ',') {
        i++;
        continue;
      }
      break;
    }
    if (i < len && data[i] == '\r')
      i++;
    if (i < len && data[i] == '\n') {
      i++;
      line++;
    }
    rb_end(&rb, start, 0);
  }
  int rc = rb.rc;
  rb_free(&rb);
  return rc;
}

/* ---- XML helpers ---- */

static int is_el(xmlNodePtr n, const char *ns, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
         strcmp((const char *)n->name, name) == 0;
}

static const char *attr(xmlNodePtr n, const char *name) {
  for (xmlAttrPtr a = n->properties; a; a = a->next)
    if (!a->ns && strcmp((const char *)a->name, name) == 0 && a->children)
      return (const char *)a->children->content;
  return NULL;
}

/* Appends the text of every NS:t (or text node for ODT) under N. */
static void xlsx_text(ps_buf *b, xmlNodePtr n) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (is_el(c, NS_S, "rPh") || is_el(c, NS_S, "phoneticPr"))
      continue; /* furigana, not the cell's text */
    if (is_el(c, NS_S, "t")) {
      xmlChar *s = xmlNodeGetContent(c);
      if (s)
        ps_buf_puts(b, (const char *)s);
      xmlFree(s);
    } else if (c->type == XML_ELEMENT_NODE) {
      xlsx_text(b, c);
    }
  }
}

/* ---- XLSX ---- */

typedef struct {
  char **items;
  size_t count;
} shared_strings;

static void sst_free(shared_strings *s) {
  for (size_t i = 0; i < s->count; i++)
    free(s->items[i]);
  free(s->items);
}

static int load_sst(shared_strings *s, const ps_zip *z, ps_diags *diags) {
  memset(s, 0, sizeof(*s));
  if (!ps_zip_has(z, "xl/sharedStrings.xml"))
    return 0;
  xmlDocPtr doc = ps_zip_xml(z, "xl/sharedStrings.xml", 1, diags);
  if (!doc)
    return PS_EINPUT;
  size_t n = 0;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  for (xmlNodePtr si = root ? root->children : NULL; si; si = si->next)
    n += is_el(si, NS_S, "si");
  s->items = calloc(n + 1, sizeof(char *));
  int rc = s->items ? 0 : PS_ENOMEM;
  for (xmlNodePtr si = root ? root->children : NULL; si && rc == 0; si = si->next) {
    if (!is_el(si, NS_S, "si"))
      continue;
    ps_buf b = PS_BUF_INIT;
    xlsx_text(&b, si);
    s->items[s->count] = b.failed ? NULL : ps_buf_detach(&b, NULL);
    if (!s->items[s->count] && !(s->items[s->count] = calloc(1, 1)))
      rc = PS_ENOMEM;
    else
      s->count++;
    ps_buf_free(&b);
  }
  xmlFreeDoc(doc);
  return rc;
}

/* The part of the workbook's first sheet, "xl/worksheets/sheet1.xml",
 * and its name. */
static int first_sheet(ps_grid *g, const ps_zip *z, char *part, size_t n, ps_diags *diags) {
  xmlDocPtr wb = ps_zip_xml(z, "xl/workbook.xml", 1, diags);
  xmlDocPtr rels = wb ? ps_zip_xml(z, "xl/_rels/workbook.xml.rels", 1, diags) : NULL;
  int rc = PS_EINPUT;
  xmlNodePtr sheets = wb ? ps_xml_child(xmlDocGetRootElement(wb), NS_S, "sheets") : NULL;
  xmlNodePtr sheet = sheets ? ps_xml_child(sheets, NS_S, "sheet") : NULL;
  const char *rid = sheet ? ps_xml_attr(sheet, NS_R, "id") : NULL;
  if (wb && rels && !rid)
    ps_error_at(diags, PS_EINPUT, g->file, 0, 0, "the workbook has no sheet");
  xmlNodePtr rels_root = rels ? xmlDocGetRootElement(rels) : NULL;
  for (xmlNodePtr r = rid && rels_root ? rels_root->children : NULL; r; r = r->next) {
    const char *id = is_el(r, NS_PR, "Relationship") ? attr(r, "Id") : NULL;
    const char *target = id && strcmp(id, rid) == 0 ? attr(r, "Target") : NULL;
    if (!target)
      continue;
    if (strstr(target, "..") || strlen(target) > 200) {
      ps_error_at(diags, PS_EINPUT, g->file, 0, 0, "the workbook's sheet is outside xl/");
      break;
    }
    if (target[0] == '/')
      snprintf(part, n, "%s", target + 1);
    else
      snprintf(part, n, "xl/%s", target);
    const char *name = attr(sheet, "name");
    g->sheet = ps_arena_strdup(&g->arena, name ? name : "1");
    rc = g->sheet ? 0 : PS_ENOMEM;
    break;
  }
  if (rc == PS_EINPUT && wb && rels && rid)
    ps_error_at(diags, PS_EINPUT, g->file, 0, 0, "the workbook's first sheet has no part");
  if (wb)
    xmlFreeDoc(wb);
  if (rels)
    xmlFreeDoc(rels);
  return rc;
}

/* Column index of a cell reference "AB12" (0-based), or -1. */
static long ref_column(const char *ref) {
  long col = 0;
  int k = 0;
  for (; ref && ref[k] >= 'A' && ref[k] <= 'Z' && k < 4; k++)
    col = col * 26 + (ref[k] - 'A' + 1);
  return k ? col - 1 : -1;
}

static void xlsx_cell(row_builder *rb, xmlNodePtr c, const shared_strings *sst, unsigned line) {
  const char *t = attr(c, "t");
  ps_buf b = PS_BUF_INIT;
  int formula = 0;
  for (xmlNodePtr k = c->children; k; k = k->next) {
    if (is_el(k, NS_S, "f")) {
      xmlChar *s = xmlNodeGetContent(k);
      ps_buf_putc(&b, '=');
      ps_buf_puts(&b, s ? (const char *)s : "");
      xmlFree(s);
      formula = 1;
      break;
    }
  }
  for (xmlNodePtr k = c->children; k && !formula; k = k->next) {
    if (is_el(k, NS_S, "is")) {
      xlsx_text(&b, k);
    } else if (is_el(k, NS_S, "v")) {
      xmlChar *s = xmlNodeGetContent(k);
      if (t && strcmp(t, "s") == 0) {
        char *end;
        unsigned long i = strtoul(s ? (const char *)s : "", &end, 10);
        if (s && *end == '\0' && i < sst->count)
          ps_buf_puts(&b, sst->items[i]);
      } else {
        ps_buf_puts(&b, s ? (const char *)s : "");
      }
      xmlFree(s);
    }
  }
  if (!b.ptr)
    ps_buf_puts(&b, "");
  rb_cell(rb, cell_text(rb, &b, line, 0, rb->n), formula);
  ps_buf_free(&b);
}

static int xlsx_rows(ps_grid *g, xmlDocPtr sheet, const shared_strings *sst, ps_diags *diags) {
  xmlNodePtr data = ps_xml_child(xmlDocGetRootElement(sheet), NS_S, "sheetData");
  row_builder rb = {g, NULL, NULL, 0, 0, 0, diags, 0};
  unsigned line = 0;
  for (xmlNodePtr row = data ? data->children : NULL; row && rb.rc == 0; row = row->next) {
    if (!is_el(row, NS_S, "row"))
      continue;
    const char *r = attr(row, "r");
    unsigned long n = r ? strtoul(r, NULL, 10) : line + 1;
    line = n > line && n <= 1048576 ? (unsigned)n : line + 1;
    for (xmlNodePtr c = row->children; c && rb.rc == 0; c = c->next) {
      if (!is_el(c, NS_S, "c"))
        continue;
      long col = ref_column(attr(c, "r"));
      while (col >= 0 && (size_t)col > rb.n && rb.n < PS_RESPONSE_MAX_COLS && rb.rc == 0)
        rb_cell(&rb, calloc(1, 1), 0);
      xlsx_cell(&rb, c, sst, line);
    }
    rb_end(&rb, line, 0);
  }
  int rc = rb.rc;
  rb_free(&rb);
  return rc;
}

static int load_xlsx(ps_grid *g, const ps_zip *z, ps_diags *diags) {
  g->format = PS_GRID_XLSX;
  char part[256];
  shared_strings sst;
  int rc = first_sheet(g, z, part, sizeof part, diags);
  if (rc < 0)
    return rc;
  if ((rc = load_sst(&sst, z, diags)) < 0) {
    sst_free(&sst);
    return rc;
  }
  xmlDocPtr sheet = ps_zip_xml(z, part, 1, diags);
  rc = sheet ? xlsx_rows(g, sheet, &sst, diags) : PS_EINPUT;
  if (sheet)
    xmlFreeDoc(sheet);
  sst_free(&sst);
  return rc;
}

/* ---- DOCX ---- */

/* The text of a DOCX cell: its paragraphs joined by line breaks. Deleted
 * text (w:delText) is not text. */
static void docx_text(ps_buf *b, xmlNodePtr n) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (is_el(c, NS_W, "t")) {
      xmlChar *s = xmlNodeGetContent(c);
      ps_buf_puts(b, s ? (const char *)s : "");
      xmlFree(s);
    } else if (is_el(c, NS_W, "tab")) {
      ps_buf_putc(b, '\t');
    } else if (is_el(c, NS_W, "br") || is_el(c, NS_W, "cr")) {
      ps_buf_putc(b, '\n');
    } else if (is_el(c, NS_W, "p")) {
      if (b->len)
        ps_buf_putc(b, '\n');
      docx_text(b, c);
    } else if (!is_el(c, NS_W, "del") && !is_el(c, NS_W, "tbl")) {
      docx_text(b, c);
    }
  }
}

static void docx_table(row_builder *rb, xmlNodePtr tbl, unsigned table) {
  unsigned line = 0;
  for (xmlNodePtr tr = tbl->children; tr && rb->rc == 0; tr = tr->next) {
    if (!is_el(tr, NS_W, "tr"))
      continue;
    line++;
    for (xmlNodePtr tc = tr->children; tc && rb->rc == 0; tc = tc->next) {
      if (!is_el(tc, NS_W, "tc"))
        continue;
      ps_buf b = PS_BUF_INIT;
      docx_text(&b, tc);
      if (!b.ptr)
        ps_buf_puts(&b, "");
      rb_cell(rb, cell_text(rb, &b, line, table, rb->n), 0);
      ps_buf_free(&b);
      xmlNodePtr pr = ps_xml_child(tc, NS_W, "tcPr");
      xmlNodePtr span = pr ? ps_xml_child(pr, NS_W, "gridSpan") : NULL;
      const char *v = span ? ps_xml_attr(span, NS_W, "val") : NULL;
      unsigned long k = v ? strtoul(v, NULL, 10) : 1;
      for (unsigned long i = 1; i < k && i < PS_RESPONSE_MAX_COLS; i++)
        rb_cell(rb, calloc(1, 1), 0);
    }
    rb_end(rb, line, table);
  }
}

/* Every table of the body, nested ones included as text of their cell. */
static void docx_tables(row_builder *rb, xmlNodePtr n, unsigned *table) {
  for (xmlNodePtr c = n->children; c && rb->rc == 0; c = c->next) {
    if (is_el(c, NS_W, "tbl"))
      docx_table(rb, c, ++*table);
    else if (c->type == XML_ELEMENT_NODE && !is_el(c, NS_W, "p"))
      docx_tables(rb, c, table);
  }
}

/* ---- ODT ---- */

static void odt_text(ps_buf *b, xmlNodePtr n) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      ps_buf_puts(b, (const char *)c->content);
    } else if (is_el(c, NS_TEXT, "s")) {
      const char *k = ps_xml_attr(c, NS_TEXT, "c");
      unsigned long count = k ? strtoul(k, NULL, 10) : 1;
      for (unsigned long i = 0; i < count && i < 1024; i++)
        ps_buf_putc(b, ' ');
    } else if (is_el(c, NS_TEXT, "tab")) {
      ps_buf_putc(b, '\t');
    } else if (is_el(c, NS_TEXT, "line-break")) {
      ps_buf_putc(b, '\n');
    } else if (is_el(c, NS_TEXT, "p") || is_el(c, NS_TEXT, "h")) {
      if (b->len)
        ps_buf_putc(b, '\n');
      odt_text(b, c);
    } else if (c->type == XML_ELEMENT_NODE && !is_el(c, NS_TEXT, "tracked-changes") &&
               !is_el(c, NS_OFFICE, "annotation") && !is_el(c, NS_TEXT, "note")) {
      odt_text(b, c);
    }
  }
}

static unsigned long repeat(xmlNodePtr n, const char *name) {
  const char *v = ps_xml_attr(n, NS_TABLE, name);
  unsigned long k = v ? strtoul(v, NULL, 10) : 1;
  return k < 1 ? 1 : k;
}

static void odt_row(row_builder *rb, xmlNodePtr tr, unsigned line, unsigned table) {
  for (xmlNodePtr tc = tr->children; tc && rb->rc == 0; tc = tc->next) {
    if (!is_el(tc, NS_TABLE, "table-cell") && !is_el(tc, NS_TABLE, "covered-table-cell"))
      continue;
    ps_buf b = PS_BUF_INIT;
    odt_text(&b, tc);
    if (!b.ptr)
      ps_buf_puts(&b, "");
    /* A cell repeated N times: Calc writes the empty tail of a row so. */
    unsigned long k = repeat(tc, "number-columns-repeated");
    for (unsigned long i = 0; i < k && rb->n < PS_RESPONSE_MAX_COLS && rb->rc == 0; i++) {
      char *copy = b.ptr ? strdup(b.ptr) : calloc(1, 1);
      rb_cell(rb, copy ? copy : NULL, 0);
      if (!copy)
        rb->rc = PS_ENOMEM;
    }
    ps_buf_free(&b);
  }
  rb_end(rb, line, table);
}

static void odt_rows(row_builder *rb, xmlNodePtr n, unsigned *line, unsigned table) {
  for (xmlNodePtr c = n->children; c && rb->rc == 0; c = c->next) {
    if (is_el(c, NS_TABLE, "table-row")) {
      /* Repeated rows are blank filler; one is enough. */
      ++*line;
      odt_row(rb, c, *line, table);
      *line +=
          (unsigned)(repeat(c, "number-rows-repeated") > 1000 ? 1000
                                                              : repeat(c, "number-rows-repeated")) -
          1;
    } else if (is_el(c, NS_TABLE, "table-header-rows") || is_el(c, NS_TABLE, "table-rows") ||
               is_el(c, NS_TABLE, "table-row-group")) {
      odt_rows(rb, c, line, table);
    }
  }
}

static void odt_tables(row_builder *rb, xmlNodePtr n, unsigned *table) {
  for (xmlNodePtr c = n->children; c && rb->rc == 0; c = c->next) {
    if (is_el(c, NS_TABLE, "table")) {
      unsigned line = 0;
      odt_rows(rb, c, &line, ++*table);
    } else if (c->type == XML_ELEMENT_NODE && !is_el(c, NS_TEXT, "p") && !is_el(c, NS_TEXT, "h")) {
      odt_tables(rb, c, table);
    }
  }
}

static int tables_of(ps_grid *g, xmlDocPtr doc, int odt, ps_diags *diags) {
  row_builder rb = {g, NULL, NULL, 0, 0, 0, diags, 0};
  unsigned table = 0;
  if (odt)
    odt_tables(&rb, xmlDocGetRootElement(doc), &table);
  else
    docx_tables(&rb, xmlDocGetRootElement(doc), &table);
  int rc = rb.rc;
  rb_free(&rb);
  return rc;
}

static int load_tables(ps_grid *g, const ps_zip *z, int odt, ps_diags *diags) {
  g->format = odt ? PS_GRID_ODT : PS_GRID_DOCX;
  xmlDocPtr doc = ps_zip_xml(z, odt ? "content.xml" : "word/document.xml", 1, diags);
  if (!doc)
    return PS_EINPUT;
  int rc = tables_of(g, doc, odt, diags);
  xmlFreeDoc(doc);
  return rc;
}

/* ---- entry points ---- */

static int load_zip(ps_grid *g, const char *data, size_t len, ps_diags *diags) {
  ps_zip z;
  int rc = ps_zip_open(&z, g->file, N_("XLSX, DOCX or ODT"), data, len, &response_limits, diags);
  if (rc < 0)
    return rc;
  if (ps_zip_has(&z, "xl/workbook.xml"))
    rc = load_xlsx(g, &z, diags);
  else if (ps_zip_has(&z, "word/document.xml"))
    rc = load_tables(g, &z, 0, diags);
  else if (ps_zip_has(&z, "content.xml"))
    rc = load_tables(g, &z, 1, diags);
  else
    rc = ps_error_at(diags, PS_EINPUT, g->file, 0, 0,
                     "a zip file that is not an XLSX, DOCX or ODT; send the form as procspec "
                     "wrote it (XLSX, CSV, DOCX or ODT)");
  ps_zip_close(&z);
  return rc;
}

static ps_grid *grid_new(const char *name) {
  ps_init_once();
  ps_grid *g = calloc(1, sizeof(*g));
  if (!g)
    return NULL;
  ps_arena_init(&g->arena);
  if (!(g->file = ps_arena_strdup(&g->arena, name))) {
    ps_grid_free(g);
    return NULL;
  }
  return g;
}

int ps_grid_load_part(ps_grid **out, const char *name, ps_grid_format format, const char *xml,
                      size_t len, ps_diags *diags) {
  *out = NULL;
  ps_grid *g = grid_new(name);
  if (!g)
    return PS_ENOMEM;
  g->format = format;
  xmlDocPtr doc = ps_xml_parse_untrusted(name, "part", xml, len, diags);
  int rc = doc ? 0 : PS_EINPUT;
  if (rc == 0 && format == PS_GRID_XLSX) {
    shared_strings none = {NULL, 0};
    rc = xlsx_rows(g, doc, &none, diags);
  } else if (rc == 0) {
    rc = tables_of(g, doc, format == PS_GRID_ODT, diags);
  }
  if (doc)
    xmlFreeDoc(doc);
  if (rc < 0) {
    ps_grid_free(g);
    return rc;
  }
  *out = g;
  return 0;
}

int ps_grid_load_buffer(ps_grid **out, const char *name, const char *data, size_t len,
                        ps_diags *diags) {
  *out = NULL;
  if (len > PS_RESPONSE_MAX_BYTES)
    return ps_error_at(diags, PS_ELIMIT, name, 0, 0, "the file is %zu bytes; the limit is %zu", len,
                       PS_RESPONSE_MAX_BYTES);
  ps_grid *g = grid_new(name);
  if (!g)
    return PS_ENOMEM;
  int rc = len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0
               ? load_zip(g, data, len, diags)
               : (g->format = PS_GRID_CSV, load_csv(g, data, len, diags));
  if (rc < 0) {
    ps_grid_free(g);
    return rc;
  }
  *out = g;
  return 0;
}

int ps_grid_load(ps_grid **out, const char *path, ps_diags *diags) {
  *out = NULL;
  char *data = NULL;
  size_t len = 0;
  int rc = ps_read_file(&data, &len, path, PS_RESPONSE_MAX_BYTES, diags);
  if (rc == 0)
    rc = ps_grid_load_buffer(out, path, data, len, diags);
  free(data);
  return rc;
}
