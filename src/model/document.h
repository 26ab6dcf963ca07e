/* One generated document: a title block and an ordered list of clauses,
 * grouped into sections (chapters). Each clause keeps its ID and criteria
 * references and holds its body as a cmark-gfm tree. Every writer walks
 * this structure; none re-parses another writer's output. */
#ifndef PS_DOCUMENT_H
#define PS_DOCUMENT_H
#include <cmark-gfm.h>

#include "arena.h"
#include "library.h"

/* Revision marks of a redline (procspec diff --format docx|odt). */
typedef enum { PS_REV_NONE, PS_REV_INS, PS_REV_DEL, PS_REV_CHANGED } ps_rev;

typedef struct {
  const char *id;
  const char *title;
  const char *heading;     /* as typed in Markdown: "第1　総則"; "" for none */
  size_t number;           /* 1-based */
  ps_rev rev;              /* NONE, INS or DEL */
  const char *old_heading; /* redline, a chapter in both: OLD's heading, or NULL */
} ps_section;

typedef struct {
  const char *id;
  const char *title;
  const char *number;  /* "1", "第3条"; "" when unnumbered */
  const char *label;   /* the heading as office numbering completes it:
                          the title, or "（title）" after 第N条 */
  const char *heading; /* "1　目的", "第3条（秘密の保持）" */
  const char **refs;
  size_t nrefs;
  const char **xrefs; /* clause IDs its text refers to ({{ ref('id') }}) */
  size_t nxrefs;
  size_t section;   /* index into sections */
  cmark_node *body; /* a CMARK_NODE_DOCUMENT; owned by the document */
  /* Redlines only: how the clause changed; for PS_REV_CHANGED, OLD's body
   * and label (bodies are owned by the diff, not the document). */
  ps_rev rev;
  cmark_node *old_body;
  const char *old_label;
  const char *old_heading;
  const char **old_refs;
  size_t old_nrefs;
  int borrowed; /* body and old_body are not freed with the document */
  /* Redlines: one end of a clause that moved (issue 14, defect 7), the
   * end it left with rev PS_REV_DEL (OLD's text), the end it went to
   * with PS_REV_INS (NEW's). MOVE is the move's number (1, 2, ...; 0: not
   * moved), MOVE_PEER the index of the other end in the clauses. At the
   * end it went to, MOVE_NOTE says where it was (第3条から移動), for
   * writers without a move mark. */
  size_t move, move_peer;
  const char *move_note;
  /* The 別表 after 以上 (ps_document_add_appendix): an unnumbered heading on
   * a new page, its clause column a short one. */
  int appendix;
} ps_clause;

typedef struct {
  ps_arena arena;
  const char *kind; /* spec, annex, ... */
  const char *name; /* 調達仕様書 */
  const char *title;
  const char *organization;
  const char *date;     /* 令和8年4月1日, or NULL */
  const char *iso_date; /* 2026-04-01T00:00:00Z, or NULL */
  const char *version;  /* "1.0", or NULL */
  ps_numbering numbering;
  int toc;                           /* a table of contents after the title block */
  int landscape;                     /* landscape pages */
  int indent;                        /* body paragraphs indented by one character (字下げ) */
  int show_refs;                     /* print each clause's criteria references */
  const char *closing;               /* 以上: the right-aligned last line, or NULL */
  const char *self_name;             /* how it calls itself: 本仕様書, 本書, この特記事項 */
  int redline;                       /* a redline: clauses and sections carry revisions */
  cmark_node *preface;               /* a draft's first page (what is unmet), or NULL; owned */
  const char *old_lines[4];          /* redline: OLD's date, organization, version, title */
  const char *rev_author, *rev_date; /* redline: who and when (xsd:dateTime) */
  ps_granularity granularity;        /* redline: how finely runs are compared */
  const struct ps_refdoc *reference_docx; /* house style for DOCX, or NULL */
  const struct ps_refdoc *reference_odt;  /* house style for ODT, or NULL */
  ps_section *sections;
  size_t nsections;
  ps_clause *clauses;
  size_t nclauses;
} ps_document;

/* Whether document KIND applies to PROFILE (its `when:` condition). */
int ps_document_applies(const ps_doc_tpl *doc, const ps_profile *profile);

/* Builds document KIND for PROFILE. *out owns the result; free with
 * ps_document_free. */
int ps_document_build(ps_document **out, const ps_profile *profile, const ps_library *lib,
                      const char *kind, ps_diags *diags);
/* The same; NOTE_DEFAULTS: a note in DIAGS for each value taken from
 * defaults.yaml because the profile has none. */
int ps_document_build_ex(ps_document **out, const ps_profile *profile, const ps_library *lib,
                         const char *kind, int note_defaults, ps_diags *diags);
void ps_document_free(ps_document *doc);

/* Appends the appendix that quotes the criteria items DOC relies on, with
 * their text from requirements.yaml (the criteria's own words, or the
 * summary where an item has none) and the clauses that implement them: an
 * unnumbered 別表 after 以上, headed 「別表　利用基準の要求事項（第1の1関係）」,
 * not a numbered chapter or article; nothing when no clause cites an item.
 * Only items that apply to PROFILE are quoted. Call it after the body is
 * built. */
int ps_document_add_appendix(ps_document *doc, const ps_library *lib, const ps_profile *profile,
                             ps_diags *diags);
#define PS_APPENDIX_ID "appendix-criteria"

/* A document of one unnumbered clause holding MARKDOWN (already escaped),
 * for outputs built outside the clause library such as the ledger. */
int ps_document_single(ps_document **out, const char *kind, const char *name, const char *title,
                       const char *organization, const char *clause_id, const char *clause_title,
                       const char *markdown, size_t len);

/* Deepest nesting of blocks and inlines a document body may have: the
 * walk and the writers recurse over it. */
#define PS_MAX_MARKDOWN_DEPTH 48

/* Checks a parsed Markdown body before any writer sees it: nesting no
 * deeper than PS_MAX_MARKDOWN_DEPTH, tables of at most PS_MAX_COLUMNS
 * columns, and only characters XML can carry (an entity such as &#xFFFE;
 * decodes to one that it cannot). Errors name FILE, at LINE (the body's
 * first line in FILE) plus the node's line, or at line 0 when LINE is 0
 * (the body was rendered from a template, so its lines are not the
 * file's). Returns 0, PS_EINPUT or PS_ELIMIT. */
int ps_markdown_check(cmark_node *root, const char *file, unsigned line, ps_diags *diags);

/* A document of chapters built outside the clause library (the
 * compliance form, the confirmation record): SECTIONS titles the
 * chapters (第1, 第2, ...); each of CLAUSES is numbered within its chapter
 * and holds its Markdown (already escaped). Strings are copied. */
typedef struct {
  size_t section; /* index into SECTIONS */
  const char *id, *title;
  const char *markdown;
} ps_plain_clause;

typedef struct {
  const char *kind, *name, *title, *organization;
  const char *version, *date, *iso_date; /* may be NULL */
} ps_plain_header;

int ps_document_chapters(ps_document **out, const ps_plain_header *header,
                         const char *const *sections, size_t nsections,
                         const ps_plain_clause *clauses, size_t nclauses);

/* Parses Markdown with the GFM table extension; the caller frees the tree
 * with cmark_node_free. NULL when out of memory. */
cmark_node *ps_markdown_parse(const char *text, size_t len);
#endif
