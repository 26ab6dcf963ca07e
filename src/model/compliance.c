#include "compliance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "format.h"
#include "layout.h"
#include "template.h"
#include "writers.h"
#include "xlsx.h"

const char *const ps_form_columns[PS_FORM_NCOLS] = {"項番", "要件", "回答", "説明・根拠資料",
                                                    "要件ID"};
const char *const ps_form_answers[3] = {"適合", "一部適合", "不適合"};

/* The 説明・根拠資料 column's header in the CSV and XLSX: the label and,
 * on the next line, what goes there. */
static const char note_head[] = "説明・根拠資料\n" PS_FORM_NOTE_HEAD_NOTE;

/* The rows above the table, as a Japanese 確認書 carries them: to whom
 * (宛先), the bidder's lines to fill in (記入日, 所在地, 商号又は名称,
 * 代表者職氏名), the declaration, the specification answered (with its
 * fingerprint) and how to fill the form. */
enum { CAPTION_ROWS = 11, CAPTION_DECLARATION = 5, CAPTION_SPEC = 6, CAPTION_HOWTO = 10 };

typedef struct {
  const char *label, *value; /* value NULL: the label is a sentence across the table */
  int editable;              /* the bidder writes the value */
} caption_row;

/* The head of the organisation ORG as a bidder addresses it: サンプル市長
 * 様, 京都府知事 様, 乙訓福祉施設事務組合管理者 様; ORG 様 otherwise. */
static void addressee(char *out, size_t n, const char *org) {
  static const struct {
    const char *ends, *head;
  } heads[] = {{"広域連合", "長"}, {"組合", "管理者"}, {"市", "長"},   {"町", "長"},
               {"村", "長"},       {"区", "長"},     {"都", "知事"}, {"道", "知事"},
               {"府", "知事"},     {"県", "知事"}};
  size_t len = strlen(org);
  const char *head = "";
  for (size_t i = 0; i < sizeof heads / sizeof heads[0] && !*head; i++) {
    size_t k = strlen(heads[i].ends);
    if (len >= k && strcmp(org + len - k, heads[i].ends) == 0)
      head = heads[i].head;
  }
  snprintf(out, n, "%s%s\xe3\x80\x80様", org, head);
}

static void caption(caption_row rows[CAPTION_ROWS], const ps_statements *st, const char *to) {
  const caption_row r[CAPTION_ROWS] = {{PS_FORM_TO, to, 0},
                                       {PS_FORM_FILLED, "", 1},
                                       {PS_FORM_ADDRESS, "", 1},
                                       {PS_FORM_BIDDER, "", 1},
                                       {PS_FORM_REPRESENTATIVE, "", 1},
                                       {PS_FORM_DECLARATION, NULL, 0},
                                       {PS_FORM_SPEC, st->title, 0},
                                       {PS_FORM_VERSION, st->version, 0},
                                       {PS_FORM_DATE, st->date, 0},
                                       {PS_FORM_FINGERPRINT, st->fingerprint, 0},
                                       {PS_FORM_HOWTO, PS_FORM_HOWTO_TEXT, 0}};
  memcpy(rows, r, sizeof r);
}

/* The cells of the CSV and XLSX form, row-major, PS_FORM_NCOLS a row (NULL
 * for an empty cell): the title, the caption, an empty row, the header
 * and one row per statement. *rows is their number; *header the header's
 * row index. Free the array (not the strings) with free(). */
static const char **form_grid(const ps_statements *st, const char *title, const char *to,
                              size_t *rows, size_t *header) {
  *header = 1 + CAPTION_ROWS + 1;
  *rows = *header + 1 + st->count;
  const char **g = calloc(*rows * PS_FORM_NCOLS + 1, sizeof(char *));
  if (!g)
    return NULL;
  g[0] = title;
  caption_row cap[CAPTION_ROWS];
  caption(cap, st, to);
  for (size_t r = 0; r < CAPTION_ROWS; r++) {
    g[(r + 1) * PS_FORM_NCOLS] = cap[r].label;
    g[(r + 1) * PS_FORM_NCOLS + 1] = cap[r].value;
  }
  for (size_t c = 0; c < PS_FORM_NCOLS; c++)
    g[*header * PS_FORM_NCOLS + c] = ps_form_columns[c];
  g[*header * PS_FORM_NCOLS + PS_FORM_COL_NOTE] = note_head;
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
  char to[512];
  addressee(to, sizeof to, st->organization);
  const char **g = form_grid(st, title, to, &rows, &header);
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

/* The addressee, the bidder's lines (a table with blank values, taller
 * rows for writing in) and the declaration. */
static int bidder_markdown(ps_buf *b, const ps_statements *st) {
  char to[512];
  addressee(to, sizeof to, st->organization);
  caption_row cap[CAPTION_ROWS];
  caption(cap, st, to);
  ps_md_escape(b, to, strlen(to));
  ps_buf_puts(b, "\n\n");
  /* The header says who writes; its length gives the column the width
   * to write in. */
  const char *head[2] = {"項目", "内容（入札者が記入してください。）"};
  ps_md_row(b, head, 2);
  ps_md_rule(b, 2);
  for (size_t r = 1; r < CAPTION_DECLARATION; r++) {
    const char *row[2] = {cap[r].label, cap[r].value};
    ps_md_row(b, row, 2);
  }
  ps_buf_puts(b, "\n");
  ps_md_escape(b, PS_FORM_DECLARATION, strlen(PS_FORM_DECLARATION));
  ps_buf_putc(b, '\n');
  return b->failed ? PS_ENOMEM : 0;
}

/* The specification answered: title, version, date, fingerprint. */
static int caption_markdown(ps_buf *b, const ps_statements *st) {
  const char *head[2] = {"項目", "内容"};
  ps_md_row(b, head, 2);
  ps_md_rule(b, 2);
  caption_row cap[CAPTION_ROWS];
  caption(cap, st, "");
  for (size_t r = CAPTION_SPEC; r < CAPTION_HOWTO; r++) {
    const char *row[2] = {cap[r].label, cap[r].value};
    ps_md_row(b, row, 2);
  }
  return b->failed ? PS_ENOMEM : 0;
}

static int howto_markdown(ps_buf *b, const ps_statements *st) {
  (void)st;
  ps_md_escape(b, PS_FORM_HOWTO_TEXT, strlen(PS_FORM_HOWTO_TEXT));
  ps_buf_putc(b, '\n');
  return b->failed ? PS_ENOMEM : 0;
}

/* The answers table. The items a statement holds, one a line in the
 * CSV and XLSX, are lines of the cell (<br>); the requirement ID is a
 * note (<small>), set small and grey, that does not widen its column. */
static int answers_markdown(ps_buf *b, const ps_statements *st) {
  /* The header cells are escaped; the note under 説明・根拠資料 is on a
   * line of its own (<br>) and gives the column its width. */
  ps_buf_puts(b, "|");
  for (size_t c = 0; c < PS_FORM_NCOLS; c++) {
    ps_buf_putc(b, ' ');
    ps_md_escape(b, ps_form_columns[c], strlen(ps_form_columns[c]));
    if (c == PS_FORM_COL_NOTE)
      ps_buf_puts(b, "<br>" PS_FORM_NOTE_HEAD_NOTE);
    ps_buf_puts(b, " |");
  }
  ps_buf_putc(b, '\n');
  ps_md_rule(b, PS_FORM_NCOLS);
  for (size_t i = 0; i < st->count && !b->failed; i++) {
    const ps_statement *s = &st->items[i];
    ps_buf_puts(b, "| ");
    ps_md_escape(b, s->number, strlen(s->number));
    ps_buf_puts(b, " | ");
    for (const char *p = s->text, *nl; *p; p = nl + (*nl == '\n')) {
      nl = strchr(p, '\n');
      if (!nl)
        nl = p + strlen(p);
      if (p != s->text)
        ps_buf_puts(b, "<br>");
      ps_md_escape(b, p, (size_t)(nl - p));
    }
    ps_buf_puts(b, " |  |  | <small>");
    ps_md_escape(b, s->id, strlen(s->id));
    ps_buf_puts(b, "</small> |\n");
  }
  return b->failed ? PS_ENOMEM : 0;
}

/* The form's chapters and clauses: 第1 回答者及び仕様書 (to whom, the
 * bidder's lines and declaration, the specification answered, how to
 * fill the form), 第2 要件ごとの回答 (the table). */
int ps_compliance_document(ps_document **out, const ps_statements *st, const char *kind,
                           const char *name, const char *title) {
  *out = NULL;
  ps_buf md[4] = {PS_BUF_INIT, PS_BUF_INIT, PS_BUF_INIT, PS_BUF_INIT};
  int rc = bidder_markdown(&md[0], st);
  if (rc == 0)
    rc = caption_markdown(&md[1], st);
  if (rc == 0)
    rc = howto_markdown(&md[2], st);
  if (rc == 0)
    rc = answers_markdown(&md[3], st);
  if (rc == 0) {
    static const char *const sections[] = {"回答者及び仕様書", "要件ごとの回答"};
    const ps_plain_clause clauses[] = {{0, "compliance-bidder", "宛先及び回答者", md[0].ptr},
                                       {0, "compliance-spec", "対象の仕様書", md[1].ptr},
                                       {0, "compliance-howto", "記入方法", md[2].ptr},
                                       {1, "compliance-answers", "回答欄", md[3].ptr}};
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
    rc = ps_document_chapters(out, &h, sections, 2, clauses, 4);
  }
  for (int i = 0; i < 4; i++)
    ps_buf_free(&md[i]);
  if (rc == 0)
    (*out)->landscape = 1;
  return rc;
}

/* ---- XLSX ---- */

typedef struct {
  lxw_format *title, *label, *locked, *editable, *head, *text, *answer, *id, *sentence;
} form_formats;

/* Points of the body font (as the DOCX's), of the requirement ID's, and
 * of a line of each. */
#define FORM_FONT_SIZE 10.5
#define FORM_ID_SIZE 8
#define FORM_LINE_PT 14.0

static int add_formats(form_formats *f, lxw_workbook *wb) {
  lxw_format **all[] = {&f->title, &f->label,  &f->locked, &f->editable, &f->head,
                        &f->text,  &f->answer, &f->id,     &f->sentence};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    if (!(*all[i] = workbook_add_format(wb)))
      return PS_ENOMEM;
    format_set_align(*all[i], LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(*all[i]);
    format_set_font_name(*all[i], PS_FONT_MINCHO);
    format_set_font_size(*all[i], FORM_FONT_SIZE);
  }
  format_set_bold(f->title);
  format_set_font_size(f->title, 14);
  format_set_align(f->title, LXW_ALIGN_CENTER);
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
  format_set_font_size(f->id, FORM_ID_SIZE);
  format_set_font_color(f->id, 0x808080);
  return 0;
}

static lxw_format *cell_format(const form_formats *f, const caption_row *cap, size_t r, size_t c,
                               size_t header) {
  if (r == 0)
    return f->title;
  if (r <= CAPTION_ROWS) {
    const caption_row *row = &cap[r - 1];
    if (!row->value)
      return f->sentence;
    return c == 0 ? f->label : row->editable ? f->editable : f->locked;
  }
  if (r < header)
    return f->locked;
  if (r == header)
    return f->head;
  return c == PS_FORM_COL_ANSWER ? f->answer
         : c == PS_FORM_COL_NOTE ? f->editable
         : c == PS_FORM_COL_ID   ? f->id
                                 : f->text;
}

static int write_grid(lxw_worksheet *ws, const char **g, size_t rows, size_t header,
                      const form_formats *f, const caption_row *cap) {
  for (size_t r = 0; r < rows; r++)
    for (size_t c = 0; c < PS_FORM_NCOLS; c++) {
      lxw_format *fmt = cell_format(f, cap, r, c, header);
      const char *s = g[r * PS_FORM_NCOLS + c];
      lxw_error e = s ? worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, fmt)
                    : r >= header || (c == 1 && fmt == f->editable)
                        ? worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, fmt)
                        : LXW_NO_ERROR;
      if (e != LXW_NO_ERROR)
        return PS_ENOMEM;
    }
  return 0;
}

/* The lines S takes in a column of WIDTH characters (of the body font)
 * at SIZE points: wide characters count two, each line of S wraps on its
 * own. */
static unsigned wrapped_lines(const char *s, double width, double size) {
  double room = (width - 1) * FORM_FONT_SIZE / size, line = 0;
  unsigned lines = 1;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '\n') {
      lines++, line = 0;
      continue;
    }
    if ((*p & 0xc0) == 0x80)
      continue;
    double w = *p >= 0xe3 ? 2 : 1;
    if (line + w > room && line > 0)
      lines++, line = 0;
    line += w;
  }
  return lines;
}

/* Characters of the body font a column holds: 項番 its longest number
 * (2-3-3項2文), 要件 some twenty-five full-width characters a line, and
 * 説明・根拠資料, where the bidder writes how and with what evidence, the
 * widest. */
static const double form_widths[PS_FORM_NCOLS] = {14, 52, 10, 66, 14};

/* Every row gets the height its text needs, so wrapped text never runs
 * into the row below (Calc does not grow a row of a written file). */
static int row_heights(lxw_worksheet *ws, const char **g, size_t rows, size_t header,
                       const caption_row *cap) {
  double all = 0;
  for (size_t c = 0; c < PS_FORM_NCOLS; c++)
    all += form_widths[c];
  for (size_t r = 0; r < rows; r++) {
    unsigned lines = 1;
    double line_pt = FORM_LINE_PT;
    for (size_t c = 0; c < PS_FORM_NCOLS; c++) {
      const char *s = g[r * PS_FORM_NCOLS + c];
      if (!s)
        continue;
      double width = form_widths[c], size = FORM_FONT_SIZE;
      if (r == 0 || (r <= CAPTION_ROWS && !cap[r - 1].value))
        width = all; /* the title and the declaration span the table */
      else if (r == 1 + CAPTION_HOWTO && c == 1)
        width = all - form_widths[0];
      if (r == 0)
        size = 14, line_pt = 20;
      else if (r > header && c == PS_FORM_COL_ID)
        size = FORM_ID_SIZE;
      unsigned n = wrapped_lines(s, width, size);
      lines = n > lines ? n : lines;
    }
    if (r > CAPTION_ROWS && r < header)
      continue; /* the empty row before the table */
    int blank = r <= CAPTION_ROWS && r > 0 && cap[r - 1].editable;
    double height = lines * line_pt + 4 + (blank ? 8 : 0);
    if (worksheet_set_row(ws, (lxw_row_t)r, height, NULL) != LXW_NO_ERROR)
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

static int form_sheet(lxw_workbook *wb, const char **g, size_t rows, size_t header,
                      const caption_row *cap) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, PS_FORM_NAME);
  form_formats f;
  if (!ws || add_formats(&f, wb) < 0)
    return PS_ENOMEM;
  for (size_t c = 0; c < PS_FORM_NCOLS; c++)
    if (worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, form_widths[c], NULL) !=
        LXW_NO_ERROR)
      return PS_ENOMEM;
  int rc = write_grid(ws, g, rows, header, &f, cap);
  if (rc == 0)
    rc = answer_validation(ws, header, rows);
  if (rc == 0)
    rc = row_heights(ws, g, rows, header, cap);
  if (rc < 0)
    return rc;
  /* The title and the declaration span the table, and so do the
   * instructions right of their label. */
  if (worksheet_merge_range(ws, 0, 0, 0, PS_FORM_NCOLS - 1, g[0], f.title) != LXW_NO_ERROR ||
      worksheet_merge_range(ws, 1 + CAPTION_DECLARATION, 0, 1 + CAPTION_DECLARATION,
                            PS_FORM_NCOLS - 1, PS_FORM_DECLARATION, f.sentence) != LXW_NO_ERROR ||
      worksheet_merge_range(ws, 1 + CAPTION_HOWTO, 1, 1 + CAPTION_HOWTO, PS_FORM_NCOLS - 1,
                            PS_FORM_HOWTO_TEXT, f.locked) != LXW_NO_ERROR)
    return PS_ENOMEM;
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
  char to[512];
  addressee(to, sizeof to, st->organization);
  caption_row cap[CAPTION_ROWS];
  caption(cap, st, to);
  const char **g = form_grid(st, title, to, &rows, &header);
  if (!g)
    return PS_ENOMEM;
  ps_xlsx x;
  int rc = ps_xlsx_open(&x, &props, diags);
  if (rc < 0) {
    free(g);
    return rc;
  }
  rc = form_sheet(x.wb, g, rows, header, cap);
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
