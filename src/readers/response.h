/* A filled compliance form read back as rows of plain-text cells, from
 * XLSX (the first sheet), CSV, DOCX or ODT (the rows of every table, in
 * order). Cells are text as written: a formula is its formula text, never
 * evaluated; markup is text. Every row knows where it was, so a message
 * can point at the sheet, row and column the user sees. */
#ifndef PS_RESPONSE_H
#define PS_RESPONSE_H
#include <stddef.h>

#include "arena.h"
#include "procspec/procspec.h"

typedef struct {
  const char **cells; /* ncells strings, in the grid's arena */
  size_t ncells;
  unsigned line;     /* sheet row, CSV line, or row of its table (1-based) */
  unsigned table;    /* DOCX/ODT: the table's number (1-based); 0 otherwise */
  unsigned *formula; /* XLSX: nonzero for a cell that held a formula; NULL when none */
} ps_grid_row;

typedef enum { PS_GRID_CSV, PS_GRID_XLSX, PS_GRID_DOCX, PS_GRID_ODT } ps_grid_format;

typedef struct {
  ps_arena arena;
  ps_grid_format format;
  const char *file;
  const char *sheet; /* XLSX: the sheet's name */
  ps_grid_row *rows;
  size_t count, cap;
} ps_grid;

/* Limits for a response file. */
#define PS_RESPONSE_MAX_BYTES ((size_t)32 * 1024 * 1024)
#define PS_RESPONSE_MAX_CELL ((size_t)1024 * 1024)
#define PS_RESPONSE_MAX_ROWS 100000u
#define PS_RESPONSE_MAX_COLS 64u

/* Reads PATH (format from its content: a zip is XLSX, DOCX or ODT by its
 * parts, anything else CSV). *out owns the grid; free with
 * ps_grid_free. */
int ps_grid_load(ps_grid **out, const char *path, ps_diags *diags);
/* The same from memory; NAME for messages. */
int ps_grid_load_buffer(ps_grid **out, const char *name, const char *data, size_t len,
                        ps_diags *diags);
void ps_grid_free(ps_grid *grid);
/* Reads one XML part as the sheet of an XLSX (no shared strings), the
 * document.xml of a DOCX or the content.xml of an ODT (FORMAT), with the
 * same checks; for the fuzzer and tests. */
int ps_grid_load_part(ps_grid **out, const char *name, ps_grid_format format, const char *xml,
                      size_t len, ps_diags *diags);

/* Where cell COL of ROW is, for a message, in the message language:
 * "sheet 仕様適合確認書, row 12, column C", "line 12, field 3", "table 3,
 * row 5, column 3"; with COL PS_GRID_ROW, the row alone ("sheet
 * 仕様適合確認書, row 12"). */
#define PS_GRID_ROW ((size_t)-1)
void ps_grid_where(char *out, size_t n, const ps_grid *g, const ps_grid_row *row, size_t col);
#endif
