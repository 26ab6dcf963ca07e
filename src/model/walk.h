/* The walk shared by the office writers: it visits the title block,
 * sections, clauses and the blocks and inlines of each clause body, and
 * calls one callback per event. Writers differ only in their callbacks
 * (the pattern of cmark's render.c). Every callback returns 0 or a
 * negative error code, which stops the walk. */
#ifndef PS_WALK_H
#define PS_WALK_H
#include <stddef.h>
#include <stdint.h>

#include "document.h"

enum {
  PS_INL_STRONG = 1,
  PS_INL_EMPH = 2,
  PS_INL_CODE = 4,
  PS_INL_LINK = 8,
  PS_INL_INS = 16,       /* redline: inserted text */
  PS_INL_DEL = 32,       /* redline: deleted text */
  PS_INL_UNDERLINE = 64, /* <u>...</u>: the 傍線 of a 新旧対照表 */
  PS_INL_SMALL = 128     /* <small>...</small>: a note set small and grey (a form's row ID) */
};

typedef enum {
  PS_PARA_BODY,
  PS_PARA_HEADING,
  PS_PARA_CODE,
  PS_PARA_CELL,
  PS_PARA_QUOTE,
  PS_PARA_REFS,       /* the criteria references after a clause: 【3.1(1)、3.2①】 */
  PS_PARA_TITLE,      /* the document title */
  PS_PARA_TITLE_INFO, /* a line of the title block: date, organization, version */
  PS_PARA_SECTION,    /* a chapter heading (the text is the section title) */
  PS_PARA_CLAUSE,     /* a clause heading (the text is the clause label) */
  PS_PARA_PAGE_BREAK, /* an empty paragraph that ends the page (after a draft's preface) */
  PS_PARA_CLOSING,    /* 以上, right-aligned after the last clause */
  PS_PARA_APPENDIX    /* the unnumbered heading of a 別表 after 以上 */
} ps_para_kind;

/* How a body paragraph begins (Japanese documents): flush, indented by one
 * full-width character (字下げ), or a numbered paragraph "2　…" whose
 * number stands at the margin and whose later lines are indented by one
 * character. */
typedef enum { PS_INDENT_NONE, PS_INDENT_FIRST, PS_INDENT_NUMBERED } ps_indent;

enum { PS_ROW_DATA = 0, PS_ROW_HEADER = 1, PS_ROW_BLANK = 2 };

/* Column weights of a table, summing to PS_WEIGHT_TOTAL. */
#define PS_WEIGHT_TOTAL 1000
#define PS_MAX_COLUMNS 64

typedef struct ps_para {
  ps_para_kind kind;
  int level;            /* PS_PARA_HEADING: 1 for a heading inside a clause body */
  int header_cell;      /* PS_PARA_CELL in a header row */
  int align;            /* PS_PARA_CELL: 0 none, 'l', 'c', 'r' */
  ps_rev rev;           /* redline: the paragraph (its mark) inserted or deleted */
  const char *bookmark; /* PS_PARA_SECTION, PS_PARA_CLAUSE: the anchor */
  ps_indent indent;     /* PS_PARA_BODY of a document with indent: how it begins */
  int keep_next;        /* keep with the next paragraph (the references line) */
  /* A redline's paragraph fused of a deleted one and an inserted one of
   * the same style (ps_walk_plan): the deleted one, whose text comes
   * first and whose bookmark (a deleted heading's: ps_deleted_anchor)
   * goes with its text; else NULL. The fields above are then the
   * inserted one's, REV PS_REV_NONE. */
  const struct ps_para *was;
} ps_para;

typedef struct {
  /* After the title block, where a table of contents goes. */
  int (*after_title)(void *ctx, const ps_document *doc);
  int (*para_begin)(void *ctx, const ps_para *p);
  int (*para_end)(void *ctx);
  int (*text)(void *ctx, const char *s, size_t len, unsigned inl);
  int (*line_break)(void *ctx);
  int (*list_begin)(void *ctx, int ordered, int start);
  int (*list_end)(void *ctx);
  int (*item_begin)(void *ctx);
  int (*item_end)(void *ctx);
  int (*table_begin)(void *ctx, int ncols, const unsigned *weights);
  int (*table_end)(void *ctx);
  /* KIND: PS_ROW_HEADER, PS_ROW_DATA, or PS_ROW_BLANK for a data row whose
   * cells after the first are blank (a form's row left for writing in,
   * which gets the height of two lines). */
  int (*row_begin)(void *ctx, int kind, ps_rev rev);
  int (*row_end)(void *ctx);
  int (*cell_begin)(void *ctx, int col);
  int (*cell_end)(void *ctx);
  /* Redlines: the blocks that follow, up to the next call, are all
   * inserted (PS_REV_INS), all deleted (PS_REV_DEL) or neither
   * (PS_REV_NONE: only runs inside them may be marked). Called only when
   * the state changes, before the first block it applies to, and with
   * PS_REV_NONE at the end of a document that ends in such blocks. NULL
   * when the writer marks revisions paragraph by paragraph. */
  int (*block_rev)(void *ctx, ps_rev rev);
  /* Redlines: the table that table_begin starts next had OLD_WEIGHTS as
   * OLD's column widths, which differ from NEW's (its rows changed).
   * Called right before that table_begin; NULL when the writer cannot
   * record a change of column widths. */
  int (*table_was)(void *ctx, int ncols, const unsigned *old_weights);
  /* Redlines: one end of moved clause C (C->move; C->rev PS_REV_DEL where
   * it was, PS_REV_INS where it went) begins (BEGIN 1, before its
   * heading) or ends (BEGIN 0, after its last block). NULL when the writer
   * does not mark moves in a way of its own. */
  int (*move)(void *ctx, const ps_clause *c, int begin);
  /* 1: the writer has move marks (DOCX w:moveFrom, w:moveTo). Each end of
   * a moved clause is then walked as NEW's text against OLD's: what both
   * have comes unmarked (the writer marks it moved between the move
   * calls); the edits of a moved and changed clause come marked deleted
   * at the end it left and inserted where it went, and are left out at
   * the other end. There a paragraph's mark is marked (ps_para.rev) like
   * its last run when that one is deleted or inserted: LibreOffice 7.4
   * drops a moved paragraph mark that follows a deleted or inserted run.
   * 0: the end it left is walked deleted whole, the end it went to
   * inserted whole. */
  int marks_moves;
  /* Planned walks only (ps_walk_planned): the blocks that follow, up to
   * the next call, are those of unit INDEX (ps_walk_plan). NULL when not
   * needed. */
  int (*unit)(void *ctx, size_t index);
} ps_walk_ops;

int ps_walk(const ps_document *doc, const ps_walk_ops *ops, void *ctx);

/* A redline's body as units the walk emits in turn: a block of a clause
 * added or removed whole (its heading, each top-level block of its body,
 * its references line), such a chapter heading, or a block added or
 * removed whole in a clause changed in place, which may change places
 * with the blocks of the other side between the same blocks that stay,
 * since accepting every change keeps only the inserted ones in their
 * order and rejecting only the deleted ones; or a unit that stays where
 * it is (any other clause or chapter heading). A writer whose paragraph
 * marks cannot join a table (DOCX in LibreOffice Writer, docx_marks.h)
 * walks them in an order, and with paragraphs of the two sides fused,
 * that leaves a paragraph kept on both sides where one is needed. */
typedef struct {
  ps_rev rev;     /* PS_REV_DEL, PS_REV_INS: may move; PS_REV_NONE: stays */
  int table;      /* a table (nothing else) */
  int empty;      /* emits nothing (a thematic break, raw HTML) */
  int first_para; /* stays: begins with a paragraph (else a table, or nothing) */
  int last_para;  /* stays: ends with a paragraph */
  unsigned key;   /* one paragraph, which may be fused with one of the other
                     side: its style (equal keys, equal paragraph properties),
                     never 0; 0: anything else */
  /* Where it is: */
  int ncols; /* a table: its columns (a deleted table and an inserted
                     one of as many may be walked as one, its rows deleted
                     and inserted) */
  int part;  /* internal */
  size_t section, clause;
  cmark_node *node, *old_node;
} ps_walk_unit;

typedef struct {
  size_t unit;  /* walked in turn */
  size_t fused; /* a unit of the other side fused with UNIT: into its
                   paragraph, or (tables) its rows after UNIT's; or SIZE_MAX */
} ps_walk_step;

typedef struct {
  ps_walk_unit *units;
  size_t nunits;
  ps_walk_step *steps; /* every unit once (as UNIT or FUSED); walk order at first */
  size_t nsteps;
} ps_walk_plan;

/* DOC's units, each a step in walk order (so that ps_walk_planned walks as
 * ps_walk does). Free with ps_walk_plan_free. Returns 0 or PS_ENOMEM. */
int ps_walk_plan_init(ps_walk_plan *plan, const ps_document *doc);
void ps_walk_plan_free(ps_walk_plan *plan);

/* Walks DOC as ps_walk does, its units in PLAN's steps' order. */
int ps_walk_planned(const ps_document *doc, const ps_walk_plan *plan, const ps_walk_ops *ops,
                    void *ctx);

/* Calls FN for each run of DOC's page header, "title（第1.0版）": one
 * unmarked run, or in a redline whose OLD header (title and version)
 * differs, the changed words as deleted (OLD's) and inserted (NEW's) runs
 * between unmarked ones, so that rejecting every change gives OLD's
 * header. Returns 0 or FN's first non-zero. */
int ps_header_each(const ps_document *doc,
                   int (*fn)(void *ctx, ps_rev rev, const char *s, size_t len), void *ctx);

/* One line of a table of contents. */
typedef struct {
  int level;          /* 1 for chapters (and articles), 2 for clauses under chapters */
  const char *text;   /* the heading with its number, as Markdown types it */
  const char *anchor; /* the heading's bookmark: a clause ID or "section-N"
                       * (a deleted heading's: ps_deleted_anchor) */
  ps_rev rev;         /* a redline: NONE, INS or DEL */
} ps_toc_entry;

/* Calls FN for each line of DOC's table of contents, in order. In a
 * redline, a heading whose number or title changed is one deleted line
 * (OLD's) and one inserted line (NEW's). Returns 0 or FN's first non-zero. */
int ps_toc_each(const ps_document *doc, int (*fn)(void *ctx, const ps_toc_entry *e), void *ctx);

/* The bookmark of a deleted heading whose anchor is ANCHOR, into OUT: the
 * anchor itself, unless a heading that stays uses it (a moved clause, a
 * renumbered chapter): then ANCHOR with "-old". After the word processor
 * rejects the changes, the heading and its line in the table of contents
 * come back with the bookmark they share. */
void ps_deleted_anchor(char *out, size_t n, const ps_document *doc, const char *anchor);

/* The anchor of a section heading: "section-N". */
void ps_section_anchor(char *out, size_t n, size_t number);

/* The references line of a clause, "【3.1(1)、3.2①】" (free with free()). */
char *ps_refs_line(const ps_clause *c);
#endif
