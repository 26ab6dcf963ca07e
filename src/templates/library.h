/* The clause library: document kinds (documents.yaml) and clause templates
 * (clauses/NAME.md, each a YAML front matter block and a Markdown body). */
#ifndef PS_LIBRARY_H
#define PS_LIBRARY_H
#include "arena.h"
#include "expr.h"
#include "procspec/procspec.h"
#include "template.h"
#include "yamltree.h"

typedef struct {
  const char *id;
  const char *title; /* the template's source */
  ps_template title_t; /* rendered as plain text: a title may follow the profile */
} ps_chapter_tpl;

typedef enum { PS_NUM_CHAPTERS, PS_NUM_ARTICLES, PS_NUM_NONE } ps_numbering;

typedef struct {
  const char *kind;  /* spec, annex, ... */
  const char *name;  /* 調達仕様書 */
  ps_template title; /* rendered as plain text */
  /* How the document calls itself (本仕様書, 本書, この特記事項) and how
   * the others cite it (仕様書, 仕様書別紙): {{ doc('spec') }}. Plain-text
   * templates; has_*: given in documents.yaml (else 本書 and NAME). */
  ps_template self, cited;
  int has_self, has_cited;
  ps_numbering numbering;
  int toc;             /* 1: a table of contents after the title block */
  int landscape;       /* 1: landscape pages (wide tables) */
  int indent;          /* 1: body paragraphs begin with a one-character indent (字下げ) */
  const char *when_src; /* the condition as written in documents.yaml, or NULL */
  ps_expr *when;         /* NULL: always */
  const char *form_of; /* a compliance form: one row per requirement statement
                          of this document kind; NULL for a document of clauses */
  ps_chapter_tpl *chapters;
  size_t nchapters;
} ps_doc_tpl;

/* A document the clause requires the contractor to submit: one row of
 * the 提出書類 table. Each field is a plain-text template. */
typedef struct {
  ps_template name, deadline, form;
  ps_expr *when; /* NULL: always */
} ps_submission_tpl;

typedef struct {
  const char *id;
  const char *title;
  const char *file;
  ps_submission_tpl *submissions;
  size_t nsubmissions;
  const char **refs;
  size_t nrefs;
  const char **docs;
  size_t ndocs;
  const char *chapter; /* NULL for documents without chapters */
  long order;
  const char *when_src;
  ps_expr *when; /* NULL: always */
  ps_template body;
  int overrides; /* the layer it comes from: 0 the base, 1.. the layers over it */
} ps_clause_tpl;

/* One requirement item of the criteria (requirements.yaml). */
typedef struct {
  const char *id;   /* 3.1(7)① */
  const char *text;     /* short summary */
  const char *criteria; /* the criteria's own text of the item (a template's source), or NULL */
  ps_template criteria_t; /* the same, parsed: names the organization from the profile */
  const char *when_src;
  ps_expr *when;     /* applies to a profile when true; NULL: always */
  const char **docs; /* documents that must carry a clause for it */
  size_t ndocs;
} ps_requirement;

/* One column of the approved-services ledger (ledger.yaml). */
typedef struct {
  const char *title;
  ps_template value; /* rendered as plain text; empty for a date column */
  const char *date;  /* a date column: the profile path of its date, or NULL */
  const char *form;  /* printed (DOCX, ODT, Markdown) where the value is empty: the
                        blank staff fill in, e.g. 令和　年　月　日; or NULL */
} ps_ledger_column;

struct ps_library {
  ps_arena arena;
  ps_ytree *defaults_tree;  /* defaults.yaml, typed like a profile */
  const ps_ynode *defaults; /* its root, or NULL */
  const char *defaults_file;
  ps_ledger_column *ledger;
  size_t nledger;
  ps_requirement *requirements;
  size_t nrequirements;
  ps_doc_tpl *docs;
  size_t ndocs;
  ps_clause_tpl *clauses;
  size_t nclauses, cap;
};

const ps_requirement *ps_library_requirement(const ps_library *lib, const char *id);
const ps_doc_tpl *ps_library_doc(const ps_library *lib, const char *kind);
/* Whether clause C belongs to document KIND. */
int ps_clause_in_doc(const ps_clause_tpl *c, const char *kind);
/* 1 when S is valid UTF-8 without NUL or C0 controls other than tab, LF
 * and CR; otherwise 0 and *bad is the byte offset of the problem. */
int ps_utf8_text_valid(const char *s, size_t len, size_t *bad);
/* 1 when ID is a clause ID as templates may write it: a lower-case letter,
 * then lower-case letters, digits and '-', at most 38 characters. */
int ps_clause_id_valid(const char *id);

#endif
