#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "fileio.h"

/* A workbook is read back whole: the limit only guards against a runaway. */
#define XLSX_MAX_BYTES ((size_t)256 * 1024 * 1024)

/* Days from 1970-01-01 to Y-M-D (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* libxlsxwriter 1.1.4 writes a workbook's creation time with gmtime(),
 * whose result lives in one buffer of the C library shared by every
 * thread: two workbooks closed at once race on it (ThreadSanitizer, two
 * threads generating the compliance form). Workbooks are therefore
 * closed one at a time. */
static pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;

static lxw_error close_workbook(lxw_workbook *wb) {
  pthread_mutex_lock(&close_lock);
  lxw_error e = workbook_close(wb);
  pthread_mutex_unlock(&close_lock);
  return e;
}

static void remove_temp(ps_xlsx *x) {
  if (x->path[0])
    unlink(x->path);
  if (x->dir[0])
    rmdir(x->dir);
  ps_temp_forget(x->path_slot);
  ps_temp_forget(x->dir_slot);
  x->path_slot = x->dir_slot = -1;
  x->path[0] = x->dir[0] = '\0';
}

int ps_xlsx_open(ps_xlsx *x, const ps_xlsx_props *props, ps_diags *diags) {
  memset(x, 0, sizeof(*x));
  x->dir_slot = x->path_slot = -1;
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp || strlen(tmp) > 40)
    tmp = "/tmp";
  snprintf(x->dir, sizeof x->dir, "%s/procspec-XXXXXX", tmp);
  /* Both tracked, so that a signal during the run removes them too. */
  if ((x->dir_slot = ps_temp_folder_create(x->dir, sizeof x->dir, 0)) < 0) {
    x->dir[0] = '\0';
    return ps_error_at(diags, PS_EIO, tmp, 0, 0,
                       "cannot create a temporary folder for the spreadsheet");
  }
  snprintf(x->path, sizeof x->path, "%s/book.xlsx", x->dir);
  x->path_slot = ps_temp_file_track(x->path);
  lxw_workbook_options opts = {0, x->dir, 0};
  x->wb = workbook_new_opt(x->path, &opts);
  if (!x->wb) {
    remove_temp(x);
    return PS_ENOMEM;
  }
  lxw_doc_properties p; /* copied by libxlsxwriter */
  memset(&p, 0, sizeof p);
  p.title = (char *)props->title;
  p.subject = (char *)props->subject;
  p.author = (char *)props->author;
  p.company = (char *)props->company;
  p.keywords = (char *)props->keywords;
  p.comments = (char *)props->comments;
  p.created =
      (time_t)(days_from_civil(props->year ? props->year : 2000, props->month ? props->month : 1,
                               props->day ? props->day : 1) *
               86400L);
  if (workbook_set_properties(x->wb, &p) != LXW_NO_ERROR) {
    close_workbook(x->wb);
    x->wb = NULL;
    remove_temp(x);
    return PS_ENOMEM;
  }
  return 0;
}

int ps_xlsx_finish(ps_xlsx *x, unsigned char **out, size_t *len, ps_diags *diags) {
  *out = NULL;
  *len = 0;
  lxw_error e = close_workbook(x->wb);
  x->wb = NULL;
  int rc = 0;
  if (e != LXW_NO_ERROR)
    rc = ps_error_at(diags, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? PS_ENOMEM : PS_EIO, NULL, 0, 0,
                     "cannot write the spreadsheet: %s", lxw_strerror(e));
  char *data = NULL;
  if (rc == 0 && (rc = ps_read_file(&data, len, x->path, XLSX_MAX_BYTES, diags)) == 0)
    *out = (unsigned char *)data;
  remove_temp(x);
  return rc;
}

/* The width of the code point at *S, which is advanced past it. */
static size_t char_width(const unsigned char **s) {
  const unsigned char *p = *s;
  unsigned cp = *p++;
  int more = cp < 0xC0 ? 0 : cp < 0xE0 ? 1 : cp < 0xF0 ? 2 : 3;
  if (more)
    cp &= 0x3Fu >> more;
  for (; more > 0 && (*p & 0xC0) == 0x80; more--)
    cp = cp << 6 | (*p++ & 0x3Fu);
  *s = p;
  int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2460 && cp <= 0x24FF) ||
             (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
             (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
             (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
             (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

size_t ps_text_width(const char *s) {
  size_t widest = 0, line = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (p && *p) {
    if (*p == '\n') {
      line = 0;
      p++;
      continue;
    }
    line += char_width(&p);
    if (line > widest)
      widest = line;
  }
  return widest;
}

int ps_xlsx_fit_columns(lxw_worksheet *ws, const char *const *texts, size_t rows, size_t ncols,
                        size_t first_col, double max_width, int *wrap) {
  for (size_t c = 0; c < ncols; c++) {
    size_t widest = 0;
    for (size_t r = 0; r < rows; r++) {
      size_t w = texts[r * ncols + c] ? ps_text_width(texts[r * ncols + c]) : 0;
      widest = w > widest ? w : widest;
    }
    double width = (double)widest + 2;
    wrap[c] = width > max_width;
    width = width < 8 ? 8 : width > max_width ? max_width : width;
    if (worksheet_set_column(ws, (lxw_col_t)(first_col + c), (lxw_col_t)(first_col + c), width,
                             NULL) != LXW_NO_ERROR)
      return PS_ENOMEM;
  }
  return 0;
}

void ps_xlsx_print_setup(lxw_worksheet *ws, size_t header_row) {
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_repeat_rows(ws, (lxw_row_t)header_row, (lxw_row_t)header_row);
}
