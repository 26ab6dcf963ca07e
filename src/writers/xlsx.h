/* Spreadsheets (XLSX) through libxlsxwriter, in memory and reproducible.
 * libxlsxwriter 1.1.4 writes only to a file, so the workbook is written
 * into a private temporary folder, read back and removed; the caller
 * writes the bytes atomically like any other output. */
#ifndef PS_XLSX_H
#define PS_XLSX_H
#include <stddef.h>
#include <xlsxwriter.h>

#include "procspec/procspec.h"

/* Document properties. CREATED (YYYY, MM, DD) is fixed by the input, never
 * the clock, so the same input gives the same bytes. */
typedef struct {
  const char *title, *subject, *author, *company, *keywords, *comments;
  int year, month, day;
} ps_xlsx_props;

typedef struct {
  char dir[64];
  char path[96];
  int dir_slot, path_slot; /* in the table of temporary files (fileio.h) */
  lxw_workbook *wb;
} ps_xlsx;

/* Starts a workbook. On failure nothing is left behind. */
int ps_xlsx_open(ps_xlsx *x, const ps_xlsx_props *props, ps_diags *diags);
/* Closes the workbook and hands its bytes to *out (free with free()); the
 * temporary files are removed whether or not this succeeds. */
int ps_xlsx_finish(ps_xlsx *x, unsigned char **out, size_t *len, ps_diags *diags);

/* The display width of S in character cells: East Asian wide and
 * full-width characters count 2; for text of several lines, the widest. */
size_t ps_text_width(const char *s);

/* The number format of a date in the Japanese era, as ps_format_date
 * writes it: 令和8年4月1日, 令和元年5月1日. Excel and LibreOffice both
 * read [$-411]ggge (era and year); neither LibreOffice nor older Excel
 * reads the [$-ja-JP-x-gannen] tag that would write 元年, so the first
 * year of Reiwa (serials 43586..43830) has a section of its own. */
#define PS_XLSX_WAREKI                                                                             \
  "[>=43831][$-411]ggge\"年\"m\"月\"d\"日\";[>=43586][$-411]\"令和元年\"m\"月\"d\"日\";"  \
  "[$-411]ggge\"年\"m\"月\"d\"日\""

/* Sets column widths that fit TEXTS (rows x ncols, row-major, NULL
 * allowed): each column as wide as its widest cell, between 8 and
 * MAX_WIDTH cells; WRAP[c] is set to 1 for a column whose text is wider
 * than MAX_WIDTH (so the caller wraps it). */
int ps_xlsx_fit_columns(lxw_worksheet *ws, const char *const *texts, size_t rows, size_t ncols,
                        size_t first_col, double max_width, int *wrap);

/* A4, landscape, fit to one page wide, ROW repeated at the top of every
 * printed page. */
void ps_xlsx_print_setup(lxw_worksheet *ws, size_t header_row);
#endif
