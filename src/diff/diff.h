/* Internal entry points of the diff, for tests and fuzzing. */
#ifndef PS_DIFF_H
#define PS_DIFF_H
#include <cmark-gfm.h>

#include "arena.h"
#include "document.h"
#include "office_in.h"
#include "procspec/procspec.h"

/* The diff's own view of a version and of a comparison, shared by the
 * reports built from it (diff.c, comparison.c). */

typedef struct {
  int chapter;    /* 1: a chapter heading, 0: a clause */
  const char *id; /* clause ID, or "chapter:" + title */
  const char *title;
  const char *refs; /* space-separated, as in the Markdown comment */
  const char *text; /* plain text of the body, for comparing and showing */
  cmark_node *body;
  unsigned line; /* of its procspec:clause comment; 0 for a chapter */
} ps_version_item;

struct ps_doc_version {
  ps_arena arena;
  const char *file;
  const char *kind, *title, *iso_date;
  int has_refs;              /* clauses end with a 【references】 line */
  int refs_unknown;          /* read from a DOCX or ODT that does not show them */
  int absent;                /* a profile to which the document kind does not apply */
  int from_profile;          /* generated from a profile (else read from Markdown) */
  const char *source_type;   /* "profile", "markdown", "docx" or "odt" */
  const char *iso_date_only; /* 2026-04-01, or NULL */
  const char *version;       /* "1.0" from the title block's 第1.0版, or NULL */
  const char *info[3];       /* date, organization, version lines */
  /* The document properties (title, subject, ...; office_in.h), and a bit
   * 1u << prop for each one this side says: a profile all, a Markdown
   * document all but the subject, a DOCX or ODT what its format holds. */
  const char *props[PS_NPROPS];
  unsigned props_known;
  ps_numbering numbering;
  ps_version_item *items;
  size_t count, cap;
};

/* One position of the merged sequence: NEW's order, with OLD's removed
 * items where they stood. */
typedef struct {
  const ps_version_item *old_item, *new_item;
  ps_rev rev; /* NONE (same), INS, DEL, or CHANGED */
} ps_merged;

struct ps_diff {
  ps_arena arena;
  const ps_doc_version *old_v, *new_v;
  ps_diff_options options;
  ps_clause_change *changes;
  size_t count;
  ps_merged *seq;
  size_t nseq;
  size_t totals[6];
  ps_title_change titles[4];
  size_t ntitles;
  ps_title_change props[PS_NPROPS]; /* the document properties that differ */
  size_t nprops;
};

/* The info lines of V's title block: date, organization and version
 * ("第1.0版"), each NULL when absent. */
void ps_version_info(const ps_doc_version *v, const char *out[3]);

/* The number V gives clause IT as a reader sees it into *OUT (in ARENA):
 * 第2の4 under chapters, 第7条 for articles; NULL for unnumbered clauses.
 * Returns 0 or PS_ENOMEM. */
/* Where ITEM stands in V: the number of its chapter and its number within
 * the chapter (under PS_NUM_CHAPTERS) or in the whole document. */
void ps_version_position(const ps_doc_version *v, const ps_version_item *it, size_t *chapter,
                         size_t *clause);
int ps_version_number(const char **out, ps_arena *arena, const ps_doc_version *v,
                      const ps_version_item *it);

/* A version read from procspec Markdown held in TEXT (NUL-terminated);
 * NAME (copied) names it in messages. *out owns its clause bodies. */
int ps_doc_version_from_markdown(ps_doc_version **out, const char *name, const char *text,
                                 ps_diags *diags);

/* A version built from the document model DOC, with no Markdown between:
 * its clauses, their IDs, titles and references, its chapters, title
 * block, numbering and kind are DOC's (the clauses up to the appendix,
 * which is derived from them and not compared), and the document
 * properties its title block gives (ps_doc_version_title_props, DOC's
 * name as the subject). Strings are copied, so
 * nothing is borrowed from DOC, nor from the profile or library DOC was
 * built with. Each clause body is MOVED into the version: DOC's clauses
 * are left with a NULL body, and the version frees the bodies; DOC is
 * still the caller's to free, before or after the version. DOC must own
 * its bodies (not a redline). NAME (copied) names the version in
 * messages. Returns 0 or PS_ENOMEM; on failure DOC keeps the bodies not
 * yet moved and the version (with those moved) is freed. */
int ps_doc_version_from_document(ps_doc_version **out, const char *name, ps_document *doc);

/* The document properties V's title block gives, as generate writes
 * them: the title, the organization (creator), the version and the date;
 * NAME (the document's name, the subject; NULL when not known) must live
 * as long as V (in its arena). A version from a document has them. */
void ps_doc_version_title_props(ps_doc_version *v, const char *name);

/* A version of document KIND that does not exist on its side (its
 * condition is false for the profile): compared as a document without
 * clauses. Returns 0 or PS_ENOMEM. */
int ps_doc_version_new_absent(ps_doc_version **out, const char *name, const char *kind);
#endif
