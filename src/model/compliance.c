#include "compliance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "format.h"
#include "template.h"
#include "writers.h"
#include "xlsx.h"

const char *const ps_form_columns[PS_FORM_NCOLS] = {"項番", "要件", "回答", "説明・根拠資料",
                                                    "要件ID"};
const char *const ps_form_answers[3] = {"適合", "一部適合", "不適合"};

/* The rows above the table: label and value; the bidder fills the last
 * two. */
enum { CAPTION_ROWS = 7 };

static void caption(const char *rows[CAPTION_ROWS][2], const ps_statements *st) {
  const char *r[CAPTION_ROWS][2] = {{PS_FORM_SPEC, st->title},
                                    {PS_FORM_VERSION, st->version},
                                    {PS_FORM_DATE, st->date},
                                    {PS_FORM_FINGERPRINT, st->fingerprint},
                                    {PS_FORM_BIDDER, ""},
                                    {PS_FORM_FILLED, ""},
                                    {PS_FORM_HOWTO, PS_FORM_HOWTO_TEXT}};
  memcpy(rows, r, sizeof r);
}

/* The cells of the CSV and XLSX form, row-major, PS_FORM_NCOLS a row (NULL
 * for an empty cell): the title, the caption, an empty row, the header
 * and one row per statement. *rows is their number; *header the header's
 * row index. Free the array (not the strings) with free(). */
static const char **form_grid(const ps_statements *st, const char *title, size_t *rows,
                              size_t *header) {
  *header = 1 + CAPTION_ROWS + 1;
  *rows = *header + 1 + st->count;
  const char **g = calloc(*rows * PS_FORM_NCOLS + 1, sizeof(char *));
  if (!g)
    return NULL;
  g[0] = title;
  const char *cap[CAPTION_ROWS][2];
  caption(cap, st);
  for (size_t r = 0; r < CAPTION_ROWS; r++) {
    g[(r + 1) * PS_FORM_NCOLS] = cap[r][0];
    g[(r + 1) * PS_FORM_NCOLS + 1] = cap[r][1];
  }
  for (size_t c = 0; c < PS_FORM_NCOLS; c++)
    g[*header * PS_FORM_NCOLS + c] = ps_form_columns[c];
  for (size_t i = 0; i < st->count; i++) {
    const char **row = g + (*header + 1 + i) * PS_FORM_NCOLS;
    row[PS_FORM_COL_NUMBER] = st->items[i].number;
    row[PS_FORM_COL_TEXT] = st->items[i].text;
    row[PS_FORM_COL_ID] = st->items[i].id;
  }
  return g;
}

int ps_compliance_csv(unsigned char **out, size_t *len, const ps_statements *st,
                      const char *title) {
  *out = NULL;
  *len = 0;
  size_t rows, header;
  const char **g = form_grid(st, title, &rows, &header);
  if (!g)
    return PS_ENOMEM;
  ps_buf b = PS_BUF_INIT;
  ps_buf_puts(&b, "\xef\xbb\xbf");
  for (size_t r = 0; r < rows; r++) {
    size_t n = PS_FORM_NCOLS;
    while (n > 0 && !g[r * PS_FORM_NCOLS + n - 1] && r < header)
      n--;
    for (size_t c = 0; c < n; c++) {
      if (c)
        ps_buf_putc(&b, ',');
      ps_csv_field(&b, g[r * PS_FORM_NCOLS + c] ? g[r * PS_FORM_NCOLS + c] : "");
    }
    ps_buf_puts(&b, "\r\n");
  }
  free(g);
  char *s = ps_buf_detach(&b, len);
  ps_buf_free(&b);
  *out = (unsigned char *)s;
  return s ? 0 : PS_ENOMEM;
}

/* ---- Markdown for the document writers ---- */

static int caption_markdown(ps_buf *b, const ps_statements *st) {
  const char *head[2] = {"項目", "内容"};
  ps_md_row(b, head, 2);
  ps_md_rule(b, 2);
  const char *cap[CAPTION_ROWS][2];
  caption(cap, st);
  for (size_t r = 0; r + 1 < CAPTION_ROWS; r++)
    ps_md_row(b, cap[r], 2);
  return b->failed ? PS_ENOMEM : 0;
}

static int howto_markdown(ps_buf *b, const ps_statements *st) {
  (void)st;
  ps_md_escape(b, PS_FORM_HOWTO_TEXT, strlen(PS_FORM_HOWTO_TEXT));
  ps_buf_putc(b, '\n');
  return b->failed ? PS_ENOMEM : 0;
}

static int answers_markdown(ps_buf *b, const ps_statements *st) {
  ps_md_row(b, ps_form_columns, PS_FORM_NCOLS);
  ps_md_rule(b, PS_FORM_NCOLS);
  for (size_t i = 0; i < st->count; i++) {
    const char *row[PS_FORM_NCOLS] = {st->items[i].number, st->items[i].text, "", "",
                                      st->items[i].id};
    ps_md_row(b, row, PS_FORM_NCOLS);
  }
  return b->failed ? PS_ENOMEM : 0;
}

/* The form's chapters and clauses: 第1 仕様書 (the caption and how to
 * fill the form), 第2 要件ごとの回答 (the table). */
int ps_compliance_document(ps_document **out, const ps_statements *st, const char *kind,
                           const char *name, const char *title) {
  *out = NULL;
  ps_buf md[3] = {PS_BUF_INIT, PS_BUF_INIT, PS_BUF_INIT};
  int rc = caption_markdown(&md[0], st);
  if (rc == 0)
    rc = howto_markdown(&md[1], st);
  if (rc == 0)
    rc = answers_markdown(&md[2], st);
  if (rc == 0) {
    static const char *const sections[] = {"仕様書", "要件ごとの回答"};
    const ps_plain_clause clauses[] = {{0, "compliance-spec", "対象の仕様書", md[0].ptr},
                                       {0, "compliance-howto", "記入方法", md[1].ptr},
                                       {1, "compliance-answers", "回答欄", md[2].ptr}};
    char iso[32] = "";
    if (st->year)
      snprintf(iso, sizeof iso, "%04d-%02d-%02dT00:00:00Z", st->year, st->month, st->day);
    ps_plain_header h = {kind,
                         name,
                         title,
                         st->organization,
                         st->version[0] ? st->version : NULL,
                         st->date[0] ? st->date : NULL,
                         iso[0] ? iso : NULL};
    rc = ps_document_chapters(out, &h, sections, 2, clauses, 3);
  }
  for (int i = 0; i < 3; i++)
    ps_buf_free(&md[i]);
  if (rc == 0)
    (*out)->landscape = 1;
  return rc;
}

/* ---- XLSX ---- */

typedef struct {
  lxw_format *title, *label, *locked, *editable, *head, *text, *answer, *id;
} form_formats;

static int add_formats(form_formats *f, lxw_workbook *wb) {
  lxw_format **all[] = {&f->title, &f->label, &f->locked, &f->editable,
                        &f->head,  &f->text,  &f->answer, &f->id};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    if (!(*all[i] = workbook_add_format(wb)))
      return PS_ENOMEM;
    format_set_align(*all[i], LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(*all[i]);
  }
  format_set_bold(f->title);
  format_set_font_size(f->title, 14);
  format_set_bold(f->label);
  format_set_bold(f->head);
  format_set_bg_color(f->head, 0xD9D9D9);
  format_set_border(f->head, LXW_BORDER_THIN);
  format_set_border(f->text, LXW_BORDER_THIN);
  format_set_unlocked(f->editable);
  format_set_border(f->editable, LXW_BORDER_THIN);
  format_set_unlocked(f->answer);
  format_set_border(f->answer, LXW_BORDER_THIN);
  format_set_align(f->answer, LXW_ALIGN_CENTER);
  format_set_border(f->id, LXW_BORDER_THIN);
  format_set_font_size(f->id, 8);
  format_set_font_color(f->id, 0x808080);
  return 0;
}

static lxw_format *cell_format(const form_formats *f, size_t r, size_t c, size_t header) {
  if (r == 0)
    return f->title;
  if (r < header)
    return c == 0                                            ? f->label
           : r == 1 + 4 || r == 1 + 5 /* 事業者名, 記入日 */ ? f->editable
                                                             : f->locked;
  if (r == header)
    return f->head;
  return c == PS_FORM_COL_ANSWER ? f->answer
         : c == PS_FORM_COL_NOTE ? f->editable
         : c == PS_FORM_COL_ID   ? f->id
                                 : f->text;
}

static int write_grid(lxw_worksheet *ws, const char **g, size_t rows, size_t header,
                      const form_formats *f) {
  for (size_t r = 0; r < rows; r++)
    for (size_t c = 0; c < PS_FORM_NCOLS; c++) {
      lxw_format *fmt = cell_format(f, r, c, header);
      const char *s = g[r * PS_FORM_NCOLS + c];
      lxw_error e = s ? worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, fmt)
                    : r >= header || (r < header && c == 1 && fmt == f->editable)
                        ? worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, fmt)
                        : LXW_NO_ERROR;
      if (e != LXW_NO_ERROR)
        return PS_ENOMEM;
    }
  return 0;
}

/* 回答 takes one of the three answers only; Excel and Calc show a list. */
static int answer_validation(lxw_worksheet *ws, size_t header, size_t rows) {
  if (rows <= header + 1)
    return 0;
  lxw_data_validation v;
  memset(&v, 0, sizeof v);
  v.validate = LXW_VALIDATION_TYPE_LIST;
  /* libxlsxwriter's list is of char *, never written through. */
  static char conforms[] = "適合", partly[] = "一部適合", fails[] = "不適合";
  char *list[4] = {conforms, partly, fails, NULL};
  v.value_list = list;
  v.ignore_blank = LXW_VALIDATION_ON;
  v.show_error = LXW_VALIDATION_ON;
  v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
  v.error_title = "回答";
  v.error_message = "「適合」「一部適合」「不適合」のいずれかを選んでください。";
  v.show_input = LXW_VALIDATION_ON;
  v.input_title = "回答";
  v.input_message = "適合・一部適合・不適合から選んでください。";
  return worksheet_data_validation_range(ws, (lxw_row_t)(header + 1), PS_FORM_COL_ANSWER,
                                         (lxw_row_t)(rows - 1), PS_FORM_COL_ANSWER,
                                         &v) == LXW_NO_ERROR
             ? 0
             : PS_ENOMEM;
}

static int form_sheet(lxw_workbook *wb, const char **g, size_t rows, size_t header) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, PS_FORM_NAME);
  form_formats f;
  if (!ws || add_formats(&f, wb) < 0)
    return PS_ENOMEM;
  static const double widths[PS_FORM_NCOLS] = {16, 60, 10, 50, 26};
  for (size_t c = 0; c < PS_FORM_NCOLS; c++)
    if (worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL) != LXW_NO_ERROR)
      return PS_ENOMEM;
  int rc = write_grid(ws, g, rows, header, &f);
  if (rc == 0)
    rc = answer_validation(ws, header, rows);
  if (rc < 0)
    return rc;
  /* The instructions span the table's width. */
  worksheet_merge_range(ws, CAPTION_ROWS, 1, CAPTION_ROWS, PS_FORM_NCOLS - 1, PS_FORM_HOWTO_TEXT,
                        f.locked);
  worksheet_set_row(ws, CAPTION_ROWS, 45, NULL);
  worksheet_freeze_panes(ws, (lxw_row_t)(header + 1), 0);
  ps_xlsx_print_setup(ws, header);
  lxw_protection prot;
  memset(&prot, 0, sizeof prot);
  prot.format_rows = 1; /* the bidder may make rows taller for long answers */
  prot.format_columns = 1;
  worksheet_protect(ws, NULL, &prot);
  return 0;
}

int ps_compliance_xlsx(unsigned char **out, size_t *len, const ps_statements *st, const char *title,
                       ps_diags *diags) {
  *out = NULL;
  *len = 0;
  ps_xlsx_props props = {title, st->title, st->organization, st->organization, PS_FORM_NAME,
                         NULL,  st->year,  st->month,        st->day};
  char comments[160];
  snprintf(comments, sizeof comments, "%s %s", PS_FORM_FINGERPRINT, st->fingerprint);
  props.comments = comments;
  size_t rows, header;
  const char **g = form_grid(st, title, &rows, &header);
  if (!g)
    return PS_ENOMEM;
  ps_xlsx x;
  int rc = ps_xlsx_open(&x, &props, diags);
  if (rc < 0) {
    free(g);
    return rc;
  }
  rc = form_sheet(x.wb, g, rows, header);
  if (rc == 0 && workbook_set_custom_property_string(x.wb, "procspec-fingerprint",
                                                     st->fingerprint) != LXW_NO_ERROR)
    rc = PS_ENOMEM;
  free(g);
  int frc = ps_xlsx_finish(&x, out, len, diags);
  if (rc < 0) {
    free(*out);
    *out = NULL;
    *len = 0;
    return rc;
  }
  return frc;
}
