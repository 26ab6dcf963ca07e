/* The approved-services ledger across many profiles. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "document.h"
#include "writers.h"

/* Renders every cell: count rows of ncols plain strings (free each). */
static int render_cells(char ***cells, const ps_profile *const *profiles, size_t count,
                        const ps_library *lib, ps_diags *diags) {
  size_t n = count * lib->nledger;
  *cells = calloc(n + 1, sizeof(char *));
  if (!*cells)
    return PS_ENOMEM;
  for (size_t r = 0; r < count; r++)
    for (size_t c = 0; c < lib->nledger; c++) {
      ps_buf b = PS_BUF_INIT;
      int rc = ps_template_render(&b, &lib->ledger[c].value, ps_profile_root(profiles[r]),
                                  ps_profile_file(profiles[r]), PS_ESC_PLAIN, diags);
      char *s = rc == 0 ? ps_buf_detach(&b, NULL) : NULL;
      ps_buf_free(&b);
      if (!s)
        return rc < 0 ? rc : PS_ENOMEM;
      (*cells)[r * lib->nledger + c] = s;
    }
  return 0;
}

/* A CSV field, always quoted. A leading = + - @ would make spreadsheet
 * software run the value as a formula, so such a value gets a leading
 * apostrophe: profile values are data. */
static void csv_field(ps_buf *b, const char *s) {
  ps_buf_putc(b, '"');
  if (strchr("=+-@", s[0]) && s[0])
    ps_buf_putc(b, '\'');
  for (; *s; s++) {
    if (*s == '"')
      ps_buf_putc(b, '"');
    ps_buf_putc(b, *s);
  }
  ps_buf_putc(b, '"');
}

static void csv(ps_buf *b, char **cells, size_t rows, const ps_library *lib, int bom) {
  if (bom)
    ps_buf_puts(b, "\xef\xbb\xbf");
  for (size_t c = 0; c < lib->nledger; c++) {
    if (c)
      ps_buf_putc(b, ',');
    csv_field(b, lib->ledger[c].title);
  }
  ps_buf_puts(b, "\r\n");
  for (size_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < lib->nledger; c++) {
      if (c)
        ps_buf_putc(b, ',');
      csv_field(b, cells[r * lib->nledger + c]);
    }
    ps_buf_puts(b, "\r\n");
  }
}

static void md_row(ps_buf *b, const char *const *cells, size_t n, int escape) {
  ps_buf_putc(b, '|');
  for (size_t c = 0; c < n; c++) {
    ps_buf_putc(b, ' ');
    if (escape)
      ps_md_escape(b, cells[c], strlen(cells[c]));
    else
      ps_buf_puts(b, cells[c]);
    ps_buf_puts(b, " |");
  }
  ps_buf_putc(b, '\n');
}

static void md_table(ps_buf *b, char **cells, size_t rows, const ps_library *lib) {
  const char **titles = calloc(lib->nledger + 1, sizeof(char *));
  if (!titles) {
    b->failed = 1;
    return;
  }
  for (size_t c = 0; c < lib->nledger; c++)
    titles[c] = lib->ledger[c].title;
  md_row(b, titles, lib->nledger, 1);
  for (size_t c = 0; c < lib->nledger; c++)
    titles[c] = "---";
  md_row(b, titles, lib->nledger, 0);
  for (size_t r = 0; r < rows; r++)
    md_row(b, (const char *const *)cells + r * lib->nledger, lib->nledger, 1);
  free(titles);
}

static int office(unsigned char **out, size_t *len, const ps_buf *table,
                  const ps_profile *first, ps_ledger_format fmt, ps_diags *diags) {
  const char *org = ps_ynode_path(ps_profile_root(first), "organization.name")->value;
  ps_document *doc = NULL;
  int rc = ps_document_single(&doc, "ledger", "承認済外部サービス台帳", "承認済外部サービス台帳", org,
                              "ledger-table", "登録されている外部サービス", table->ptr, table->len);
  if (rc < 0)
    return rc;
  doc->landscape = 1; /* eight columns need the width of a landscape page */
  rc = fmt == PS_LEDGER_MD     ? ps_write_md(out, len, doc, diags)
       : fmt == PS_LEDGER_DOCX ? ps_write_docx(out, len, doc, diags)
                               : ps_write_odt(out, len, doc, diags);
  ps_document_free(doc);
  return rc;
}

int ps_ledger_write(unsigned char **out, size_t *len, const ps_profile *const *profiles,
                    size_t count, const ps_library *lib, ps_ledger_format fmt, int bom,
                    ps_diags *diags) {
  *out = NULL;
  *len = 0;
  if (count == 0)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "the ledger needs at least one profile");
  char **cells = NULL;
  ps_buf b = PS_BUF_INIT;
  int rc = render_cells(&cells, profiles, count, lib, diags);
  if (rc == 0) {
    if (fmt == PS_LEDGER_CSV)
      csv(&b, cells, count, lib, bom);
    else
      md_table(&b, cells, count, lib);
    rc = b.failed ? PS_ENOMEM : 0;
  }
  if (rc == 0 && fmt == PS_LEDGER_CSV) {
    char *s = ps_buf_detach(&b, len);
    *out = (unsigned char *)s;
    rc = s ? 0 : PS_ENOMEM;
  } else if (rc == 0) {
    rc = office(out, len, &b, profiles[0], fmt, diags);
  }
  ps_buf_free(&b);
  for (size_t i = 0; cells && i < count * lib->nledger; i++)
    free(cells[i]);
  free(cells);
  return rc;
}
