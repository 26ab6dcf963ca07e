/* The layout both office writers use: fonts, type sizes, paragraph
 * styles, page geometry and margins, list numbering and heading numbers.
 * One table, so that a document's DOCX and ODT look the same; each writer
 * only spells the values in its format (twips and half-points for DOCX,
 * centimetres and points for ODT). Lengths here are in twips (1/1440 inch,
 * 1/20 point). */
#ifndef PS_LAYOUT_H
#define PS_LAYOUT_H
#include <stddef.h>

#include "library.h"

#define PS_FONT_MINCHO "ＭＳ 明朝"
#define PS_FONT_GOTHIC "ＭＳ ゴシック"
#define PS_FONT_LATIN "Century"
#define PS_FONT_CODE "Courier New"
#define PS_BODY_HALF_POINTS 21 /* 10.5 pt */

/* Page size and margins, in twips. */
typedef struct {
  long width, height;
  long top, bottom, left, right;
  long header, footer; /* from the page edge to the header's top / footer's bottom */
} ps_page;

/* Our page: A4, 30 mm top margin, 25 mm at the other sides. LANDSCAPE
 * turns it. */
ps_page ps_layout_page(int landscape);
/* Turns P to LANDSCAPE or portrait, keeping its size. */
void ps_page_orient(ps_page *p, int landscape);
/* The width between the side margins (at least one inch). */
long ps_page_text_width(const ps_page *p);

/* A length of a reference document ("2.5cm", "25mm", "1in", "72pt") in
 * twips; 0 when it is not a plain positive length of those units. */
long ps_length_twips(const char *s);
/* TWIPS as an ODF length in centimetres, "2.5cm", into OUT. */
const char *ps_twips_cm(char *out, size_t size, long twips);

/* A table cell's margins inside its borders, in twips: 0.175 cm at the
 * sides (Word's default), 0.1 cm above and below. */
#define PS_CELL_MARGIN_SIDE 99
#define PS_CELL_MARGIN_TOP 57

/* Lists: the same number of levels in both formats, each indented one
 * step further. */
#define PS_LIST_LEVELS 9
#define PS_LIST_INDENT 420 /* twips per level */

typedef enum {
  PS_NUMFMT_DECIMAL, /* 1 */
  PS_NUMFMT_IROHA,   /* ア (katakana in aiueo order, full width) */
  PS_NUMFMT_LOWER    /* a */
} ps_numfmt;

typedef struct {
  ps_numfmt format;
  const char *prefix, *suffix;
} ps_list_level;

/* Level L (0-based) of an ordered list: the Japanese official order (1),
 * ア, (ア), a, (a), then 6. 7. ... */
ps_list_level ps_layout_ordered_level(int level);
/* The bullet of level L (0-based): ・ and ○ in turn. */
const char *ps_layout_bullet(int level);

/* The number of a heading of outline LEVEL (1-based) for NUMBERING: the
 * text before and after the number (第 and 条, 第 and a full-width
 * space, ...). 0 when headings of that level carry no number. */
int ps_layout_heading_number(ps_numbering numbering, int level, const char **prefix,
                             const char **suffix);

typedef enum { PS_ALIGN_JUSTIFY, PS_ALIGN_LEFT, PS_ALIGN_CENTER, PS_ALIGN_RIGHT } ps_align;

/* One paragraph style. A NULL name means the format has no such style
 * (DOCX aligns table cells per paragraph; ODT has a style per alignment). */
typedef struct {
  /* The pointers first, then the ints: no padding between them. */
  const char *docx_id, *docx_name;
  const char *odt_name, *odt_display;
  const char *asian_font; /* NULL: the default Mincho */
  const char *latin_font; /* NULL: the default Century */
  const char *color;      /* RGB hex without '#', or NULL */
  int outline;            /* heading outline level, or 0 */
  int num_level;          /* the heading numbering level it carries + 1, or 0 */
  int keep_next;
  int before, after, indent; /* twips */
  ps_align align;
  int bold;
  int half_points; /* 0: the default size */
  int page_break_after;
  int first_line; /* twips the first line is indented; negative: hanging */
  int on_grid;    /* 1: snapped to the 18 pt line grid (body text only) */
} ps_style;

extern const ps_style ps_layout_styles[];
extern const size_t ps_layout_nstyles;
#endif
