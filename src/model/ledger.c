/* The approved-services ledger across many profiles. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "document.h"
#include "format.h"
#include "layout.h"
#include "profile.h"
#include "xlsx.h"
#include "writers.h"

/* The date of a date column for PROFILE, or NULL (not a date column, or
 * no date given). */
static const ps_ynode *ledger_date(const ps_ledger_column *col, const ps_profile *profile) {
  const ps_ynode *n = col->date ? ps_ynode_path(ps_profile_root(profile), col->date) : NULL;
  return n && n->vtype == PS_V_DATE ? n : NULL;
}

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
      const ps_ynode *date = ledger_date(&lib->ledger[c], profiles[r]);
      int rc = date ? ps_format_date(&b, date->year, date->month, date->day)
                    : ps_template_render(&b, &lib->ledger[c].value, ps_profile_root(profiles[r]),
                                         ps_profile_file(profiles[r]), PS_ESC_PLAIN, diags);
      if (rc == 0 && !b.ptr)
        ps_buf_puts(&b, "");
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
void ps_csv_field(ps_buf *b, const char *s) {
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
    ps_csv_field(b, lib->ledger[c].title);
  }
  ps_buf_puts(b, "\r\n");
  for (size_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < lib->nledger; c++) {
      if (c)
        ps_buf_putc(b, ',');
      ps_csv_field(b, cells[r * lib->nledger + c]);
    }
    ps_buf_puts(b, "\r\n");
  }
}

static void md_table(ps_buf *b, char **cells, size_t rows, const ps_library *lib) {
  const char **titles = calloc(lib->nledger + 1, sizeof(char *));
  if (!titles) {
    b->failed = 1;
    return;
  }
  for (size_t c = 0; c < lib->nledger; c++)
    titles[c] = lib->ledger[c].title;
  ps_md_row(b, titles, lib->nledger);
  ps_md_rule(b, lib->nledger);
  for (size_t r = 0; r < rows; r++) {
    /* A printed ledger shows the blanks staff fill in (承認日, ...). */
    for (size_t c = 0; c < lib->nledger; c++) {
      const char *cell = cells[r * lib->nledger + c];
      titles[c] = !cell[0] && lib->ledger[c].form ? lib->ledger[c].form : cell;
    }
    ps_md_row(b, titles, lib->nledger);
  }
  free(titles);
}

static int office(unsigned char **out, size_t *len, const ps_buf *table, const ps_profile *first,
                  ps_ledger_format fmt, ps_diags *diags) {
  const char *org = ps_ynode_path(ps_profile_root(first), "organization.name")->value;
  ps_document *doc = NULL;
  int rc =
      ps_document_single(&doc, "ledger", "承認済外部サービス台帳", "承認済外部サービス台帳", org,
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

/* The latest document date among the profiles: the workbook's creation
 * date, so that the same profiles give the same bytes. */
static void ledger_props(ps_xlsx_props *p, const ps_profile *const *profiles, size_t count) {
  memset(p, 0, sizeof(*p));
  p->title = p->subject = "承認済外部サービス台帳";
  p->comments = "利用基準5.2(4)の台帳。procspecが作成。";
  p->company = ps_ynode_path(ps_profile_root(profiles[0]), "organization.name")->value;
  p->author = p->company;
  for (size_t i = 0; i < count; i++) {
    const ps_ynode *d = ps_ynode_path(ps_profile_root(profiles[i]), "document.date");
    if (d && d->vtype == PS_V_DATE &&
        d->year * 10000 + d->month * 100 + d->day > p->year * 10000 + p->month * 100 + p->day) {
      p->year = d->year;
      p->month = d->month;
      p->day = d->day;
    }
  }
}

/* A column the ledger's keeper fills in by hand with a date (⑨承認日,
 * ...): blank, printed as a 令和　年　月　日 form. */
static int date_to_fill(const ps_ledger_column *col) {
  return !col->date && col->form && strstr(col->form, "年") && strstr(col->form, "月") &&
         strstr(col->form, "日");
}

/* The workbook's default font (the Normal style: every cell without a
 * format of its own, and the unit of column widths) is the documents'
 * Mincho, not libxlsxwriter's Calibri. libxlsxwriter 1.1.4 has no call
 * for it; its first format is the default one. */
static void default_font(lxw_workbook *wb) {
  lxw_format *normal = STAILQ_FIRST(wb->formats);
  if (normal) {
    format_set_font_name(normal, PS_FONT_MINCHO);
    format_set_font_size(normal, 11);
  }
}

/* Page header (organisation, title) and footer (page N / M) of the
 * printed ledger. "&" starts a code in them, so the name's own "&" is
 * doubled; the whole is kept under Excel's limit of 255 characters. */
static int print_header(lxw_worksheet *ws, const char *org) {
  char head[256], *o = head;
  o += snprintf(head, sizeof head, "&L");
  for (const char *p = org; *p && o < head + 160; p++) {
    if (((unsigned char)*p & 0xc0) != 0x80 && o > head + 150)
      break; /* cut at a character's start */
    if (*p == '&')
      *o++ = '&';
    *o++ = *p;
  }
  snprintf(o, sizeof head - (size_t)(o - head), "&C承認済外部サービス台帳");
  if (worksheet_set_header(ws, head) != LXW_NO_ERROR ||
      worksheet_set_footer(ws, "&C&P / &N ページ") != LXW_NO_ERROR)
    return PS_ENOMEM;
  return 0;
}

/* The hand-filled date columns keep the Japanese-era format for what is
 * typed into them: the column's format, and each blank cell's. */
static int date_columns(lxw_worksheet *ws, const ps_library *lib, size_t count,
                        lxw_format *date_fmt) {
  for (size_t c = 0; c < lib->nledger; c++) {
    if (!date_to_fill(&lib->ledger[c]))
      continue;
    double width = (double)ps_text_width(lib->ledger[c].title) + 2;
    width = width < 18 ? 18 : width > 40 ? 40 : width; /* 令和10年12月31日 */
    if (worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, date_fmt) != LXW_NO_ERROR)
      return PS_ENOMEM;
    for (size_t r = 1; r <= count; r++)
      if (worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, date_fmt) != LXW_NO_ERROR)
        return PS_ENOMEM;
  }
  return 0;
}

/* One data row of the workbook: text cells, and dates as dates. */
static int xlsx_row(lxw_worksheet *ws, size_t row, char **cells, const ps_profile *profile,
                    const ps_library *lib, lxw_format *const *fmts, lxw_format *date_fmt) {
  for (size_t c = 0; c < lib->nledger; c++) {
    const ps_ynode *d = ledger_date(&lib->ledger[c], profile);
    lxw_error e;
    if (d) {
      lxw_datetime dt = {d->year, d->month, d->day, 0, 0, 0};
      e = worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)c, &dt, date_fmt);
    } else if (date_to_fill(&lib->ledger[c]) && !cells[c][0]) {
      continue; /* a blank with the date format: date_columns */
    } else {
      e = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, cells[c], fmts[c]);
    }
    if (e != LXW_NO_ERROR)
      return PS_ENOMEM;
  }
  return 0;
}

static int xlsx(unsigned char **out, size_t *len, char **cells, const ps_profile *const *profiles,
                size_t count, const ps_library *lib, ps_diags *diags) {
  ps_xlsx_props props;
  ledger_props(&props, profiles, count);
  ps_xlsx x;
  int rc = ps_xlsx_open(&x, &props, diags);
  if (rc < 0)
    return rc;
  default_font(x.wb);
  lxw_worksheet *ws = workbook_add_worksheet(x.wb, "台帳");
  lxw_format *head = workbook_add_format(x.wb), *wrap = workbook_add_format(x.wb);
  lxw_format *date = workbook_add_format(x.wb);
  const char **texts = calloc((count + 1) * lib->nledger + 1, sizeof(char *));
  int *wraps = calloc(lib->nledger + 1, sizeof(int));
  lxw_format **fmts = calloc(lib->nledger + 1, sizeof(lxw_format *));
  rc = ws && head && wrap && date && texts && wraps && fmts ? 0 : PS_ENOMEM;
  if (rc == 0) {
    lxw_format *all[] = {head, wrap, date};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
      format_set_font_name(all[i], PS_FONT_MINCHO);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(date, PS_XLSX_WAREKI);
    format_set_align(date, LXW_ALIGN_VERTICAL_TOP);
    for (size_t c = 0; c < lib->nledger; c++)
      texts[c] = lib->ledger[c].title;
    for (size_t i = 0; i < count * lib->nledger; i++)
      texts[lib->nledger + i] = cells[i];
    rc = ps_xlsx_fit_columns(ws, texts, count + 1, lib->nledger, 0, 40, wraps);
  }
  for (size_t c = 0; rc == 0 && c < lib->nledger; c++) {
    fmts[c] = wraps[c] ? wrap : NULL;
    if (worksheet_write_string(ws, 0, (lxw_col_t)c, lib->ledger[c].title, head) != LXW_NO_ERROR)
      rc = PS_ENOMEM;
  }
  for (size_t r = 0; rc == 0 && r < count; r++)
    rc = xlsx_row(ws, r + 1, cells + r * lib->nledger, profiles[r], lib, fmts, date);
  if (rc == 0)
    rc = date_columns(ws, lib, count, date);
  if (rc == 0)
    rc = print_header(ws, props.company);
  if (rc == 0) {
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)count, (lxw_col_t)(lib->nledger - 1));
    ps_xlsx_print_setup(ws, 0);
  }
  free(texts);
  free(wraps);
  free(fmts);
  int frc = ps_xlsx_finish(&x, out, len, diags);
  if (rc < 0) {
    free(*out);
    *out = NULL;
    *len = 0;
    return rc;
  }
  return frc;
}

/* A ledger is one organization's: a profile of another organization is
 * warned about at its organization.name (the ledger is still written). */
static void one_organization(const ps_profile *const *profiles, size_t count, ps_diags *diags) {
  const ps_ynode *first = ps_ynode_path(ps_profile_root(profiles[0]), "organization.name");
  for (size_t i = 1; i < count; i++) {
    const ps_ynode *org = ps_ynode_path(ps_profile_root(profiles[i]), "organization.name");
    if (strcmp(org->value, first->value) != 0)
      ps_diag_add(diags, PS_EINPUT, PS_SEV_WARNING, ps_profile_file(profiles[i]), org->line,
                  org->col, "5.2(4)",
                  "organization.name is '%s', but %s is of '%s'; a ledger lists the approved "
                  "services of one organization: make a ledger for each organization",
                  org->value, ps_profile_file(profiles[0]), first->value);
  }
}

int ps_ledger_write(unsigned char **out, size_t *len, const ps_profile *const *profiles,
                    size_t count, const ps_library *lib, ps_ledger_format fmt, int bom,
                    ps_diags *diags) {
  return ps_ledger_build(out, len, profiles, count, lib, fmt, bom, diags);
}

static int ledger_build_impl(unsigned char **out, size_t *len, const ps_profile *const *profiles,
                             size_t count, const ps_library *lib, ps_ledger_format fmt, int bom,
                             ps_diags *diags) {
  *out = NULL;
  *len = 0;
  if ((int)fmt < (int)PS_LEDGER_CSV || (int)fmt > (int)PS_LEDGER_XLSX)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "unknown ledger format %d", (int)fmt);
  if (count == 0)
    return ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "the ledger needs at least one profile");
  one_organization(profiles, count, diags);
  char **cells = NULL;
  ps_buf b = PS_BUF_INIT;
  int rc = render_cells(&cells, profiles, count, lib, diags);
  if (rc == 0 && fmt == PS_LEDGER_XLSX) {
    rc = xlsx(out, len, cells, profiles, count, lib, diags);
  } else if (rc == 0) {
    if (fmt == PS_LEDGER_CSV)
      csv(&b, cells, count, lib, bom);
    else
      md_table(&b, cells, count, lib);
    rc = b.failed ? PS_ENOMEM : 0;
  }
  if (rc == 0 && fmt == PS_LEDGER_XLSX) {
    /* written above */
  } else if (rc == 0 && fmt == PS_LEDGER_CSV) {
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

int ps_ledger_build(unsigned char **out, size_t *len, const ps_profile *const *profiles,
                    size_t count, const ps_library *lib, ps_ledger_format fmt, int bom,
                    ps_diags *diags) {
  size_t errors = ps_diags_errors(diags);
  return ps_diag_fail(diags, errors,
                      ledger_build_impl(out, len, profiles, count, lib, fmt, bom, diags),
                      "writing the ledger");
}
