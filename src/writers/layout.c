#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CM(x) ((int)((x)*1440 / 2.54 + 0.5)) /* centimetres to twips */

ps_page ps_layout_page(int landscape) {
  /* A4 (210 x 297 mm); margins 30 mm and 25 mm, the header 15 mm and the
   * footer 10 mm from the edge, as whole twips Word itself writes. */
  ps_page p = {.width = 11906,
               .height = 16838,
               .top = 1701,
               .bottom = 1418,
               .left = 1418,
               .right = 1418,
               .header = 851,
               .footer = 567};
  ps_page_orient(&p, landscape);
  return p;
}

void ps_page_orient(ps_page *p, int landscape) {
  if ((p->width > p->height) != (landscape != 0)) {
    long t = p->width;
    p->width = p->height;
    p->height = t;
  }
}

long ps_page_text_width(const ps_page *p) {
  long w = p->width - p->left - p->right;
  return w > 1440 ? w : 1440;
}

long ps_length_twips(const char *s) {
  if (!s || strlen(s) > 16 || strspn(s, "0123456789.") == 0)
    return 0;
  char *end;
  double v = strtod(s, &end);
  static const struct {
    const char *unit;
    double twips;
  } units[] = {{"cm", 1440 / 2.54}, {"mm", 144 / 2.54}, {"in", 1440}, {"pt", 20}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strcmp(end, units[i].unit) == 0 && v > 0 && v * units[i].twips < 31680 * 2)
      return (long)(v * units[i].twips + 0.5);
  return 0;
}

const char *ps_twips_cm(char *out, size_t size, long twips) {
  snprintf(out, size, "%.3fcm", (double)twips * 2.54 / 1440);
  /* "2.500cm" -> "2.5cm": shorter, and the same value. */
  char *unit = strstr(out, "cm");
  char *p = unit;
  while (p > out && p[-1] == '0')
    p--;
  if (p > out && p[-1] == '.')
    p--;
  memmove(p, unit, 3);
  return out;
}

ps_list_level ps_layout_ordered_level(int level) {
  static const ps_list_level japanese[] = {{PS_NUMFMT_DECIMAL, "(", ")"},
                                           {PS_NUMFMT_IROHA, "", ""},
                                           {PS_NUMFMT_IROHA, "(", ")"},
                                           {PS_NUMFMT_LOWER, "", ""},
                                           {PS_NUMFMT_LOWER, "(", ")"}};
  if (level >= 0 && level < (int)(sizeof japanese / sizeof japanese[0]))
    return japanese[level];
  return (ps_list_level){PS_NUMFMT_DECIMAL, "", "."};
}

const char *ps_layout_bullet(int level) { return level % 2 ? "○" : "・"; }

int ps_layout_heading_number(ps_numbering numbering, int level, const char **prefix,
                             const char **suffix) {
  *prefix = *suffix = "";
  if (numbering == PS_NUM_ARTICLES && level == 1)
    *prefix = "第", *suffix = "条";
  else if (numbering == PS_NUM_CHAPTERS && level == 1)
    *prefix = "第", *suffix = "　";
  else if (numbering == PS_NUM_CHAPTERS && level == 2)
    *suffix = "　";
  else
    return 0;
  return 1;
}

const ps_style ps_layout_styles[] = {
    /* No space after body paragraphs: lines keep the 18 pt grid. */
    {.docx_id = "Normal",
     .docx_name = "Normal",
     .odt_name = "Standard",
     .align = PS_ALIGN_JUSTIFY,
     .on_grid = 1},
    {.docx_id = "Title",
     .docx_name = "Title",
     .odt_name = "Title",
     .before = CM(0.8),
     .after = CM(0.8),
     .align = PS_ALIGN_CENTER,
     .asian_font = PS_FONT_GOTHIC,
     .bold = 1,
     .half_points = 32},
    {.docx_id = "TitleInfo",
     .docx_name = "Title Info",
     .odt_name = "Title_20_Info",
     .odt_display = "Title Info",
     .align = PS_ALIGN_RIGHT},
    {.docx_id = "Heading1",
     .docx_name = "heading 1",
     .odt_name = "Heading_20_1",
     .odt_display = "Heading 1",
     .outline = 1,
     .num_level = 1,
     .keep_next = 1,
     .before = CM(0.6),
     .align = PS_ALIGN_LEFT,
     .asian_font = PS_FONT_GOTHIC,
     .bold = 1,
     .half_points = 24},
    {.docx_id = "Heading2",
     .docx_name = "heading 2",
     .odt_name = "Heading_20_2",
     .odt_display = "Heading 2",
     .outline = 2,
     .num_level = 2,
     .keep_next = 1,
     .before = CM(0.4),
     .align = PS_ALIGN_LEFT,
     .asian_font = PS_FONT_GOTHIC,
     .bold = 1,
     .half_points = 22},
    {.docx_id = "Heading3",
     .docx_name = "heading 3",
     .odt_name = "Heading_20_3",
     .odt_display = "Heading 3",
     .outline = 3,
     .keep_next = 1,
     .before = CM(0.2),
     .indent = PS_LIST_INDENT / 2,
     .align = PS_ALIGN_LEFT,
     .asian_font = PS_FONT_GOTHIC,
     .half_points = 21},
    /* DOCX: an unnumbered heading (documents without numbering); ODT
     * leaves the outline number out instead. */
    {.docx_id = "HeadingPlain",
     .docx_name = "Heading Plain",
     .outline = 1,
     .keep_next = 1,
     .before = CM(0.4),
     .align = PS_ALIGN_LEFT,
     .asian_font = PS_FONT_GOTHIC,
     .bold = 1,
     .half_points = 22},
    {.docx_id = "ListParagraph",
     .docx_name = "List Paragraph",
     .align = PS_ALIGN_JUSTIFY,
     .on_grid = 1},
    {.docx_id = "TableText",
     .docx_name = "Table Text",
     .odt_name = "Table_20_Contents",
     .odt_display = "Table Contents",
     .align = PS_ALIGN_LEFT,
     .half_points = 20},
    {.odt_name = "Table_20_Contents_20_Center",
     .odt_display = "Table Contents Center",
     .align = PS_ALIGN_CENTER,
     .half_points = 20},
    {.odt_name = "Table_20_Contents_20_Right",
     .odt_display = "Table Contents Right",
     .align = PS_ALIGN_RIGHT,
     .half_points = 20},
    {.docx_id = "TableHeading",
     .docx_name = "Table Heading",
     .odt_name = "Table_20_Heading",
     .odt_display = "Table Heading",
     .keep_next = 1,
     .align = PS_ALIGN_CENTER,
     .asian_font = PS_FONT_GOTHIC,
     .bold = 1,
     .half_points = 20},
    {.docx_id = "Code",
     .docx_name = "Code",
     .odt_name = "Preformatted_20_Text",
     .odt_display = "Preformatted Text",
     .indent = PS_LIST_INDENT / 2,
     .align = PS_ALIGN_LEFT,
     .asian_font = PS_FONT_GOTHIC,
     .latin_font = PS_FONT_CODE,
     .half_points = 18},
    {.docx_id = "Quote",
     .docx_name = "Quote",
     .odt_name = "Quotations",
     .indent = PS_LIST_INDENT,
     .align = PS_ALIGN_JUSTIFY},
    {.docx_id = "ClauseRefs",
     .docx_name = "Clause References",
     .odt_name = "Clause_20_References",
     .odt_display = "Clause References",
     .after = CM(0.1),
     .align = PS_ALIGN_RIGHT,
     .asian_font = PS_FONT_GOTHIC,
     .half_points = 16,
     .color = "595959"},
    {
        .docx_id = "TOCHeading",
        .docx_name = "TOC Heading",
        .odt_name = "Contents_20_Heading",
        .odt_display = "Contents Heading",
        .keep_next = 1,
        .before = CM(0.4),
        .after = CM(0.3),
        .align = PS_ALIGN_CENTER,
        .asian_font = PS_FONT_GOTHIC,
        .bold = 1,
        .half_points = 24,
    },
    {.docx_id = "TOC1",
     .docx_name = "toc 1",
     .odt_name = "Contents_20_1",
     .odt_display = "Contents 1",
     .before = CM(0.1),
     .align = PS_ALIGN_LEFT},
    {.docx_id = "TOC2",
     .docx_name = "toc 2",
     .odt_name = "Contents_20_2",
     .odt_display = "Contents 2",
     .indent = PS_LIST_INDENT,
     .align = PS_ALIGN_LEFT},
    {.docx_id = "Header",
     .docx_name = "header",
     .odt_name = "Header",
     .align = PS_ALIGN_RIGHT,
     .half_points = 18,
     .color = "595959"},
    {.docx_id = "Footer", .docx_name = "footer", .odt_name = "Footer", .align = PS_ALIGN_CENTER},
    /* ODT: the empty paragraph that ends a draft's preface page (DOCX
     * writes a page break run instead). */
    {.odt_name = "Page_20_Break",
     .odt_display = "Page Break",
     .align = PS_ALIGN_LEFT,
     .page_break_after = 1},
    /* ODT: 字下げ, one full-width character at the body size, and a numbered
     * paragraph hanging its number at the margin (DOCX indents these
     * paragraphs one by one: write_docx.c body_indent). */
    {.odt_name = "Body_20_Indent",
     .odt_display = "Body Indent",
     .align = PS_ALIGN_JUSTIFY,
     .first_line = PS_BODY_HALF_POINTS * 10,
     .on_grid = 1},
    {.odt_name = "Numbered_20_Paragraph",
     .odt_display = "Numbered Paragraph",
     .align = PS_ALIGN_JUSTIFY,
     .indent = PS_BODY_HALF_POINTS * 10,
     .first_line = -PS_BODY_HALF_POINTS * 10,
     .on_grid = 1},
};

const size_t ps_layout_nstyles = sizeof ps_layout_styles / sizeof ps_layout_styles[0];
