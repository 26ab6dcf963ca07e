/* The requirement statements of a document: every sentence that obliges
 * the contractor (「〜すること。」「〜してはならない。」, judged before a
 * parenthetical that closes it), with the sentences that continue it
 * (「〜も同様とする。」「ただし、〜この限りでない。」), and every item of a
 * list or row of a table that such a sentence introduces (「次の…を満た
 * すこと。」). Derived from the document model, never from rendered text,
 * so the compliance form (仕様適合確認書) can never disagree with the
 * specification it was made from. */
#ifndef PS_STATEMENTS_H
#define PS_STATEMENTS_H
#include <stddef.h>

#include "arena.h"
#include "document.h"

typedef struct {
  /* Stable ID: the clause ID and the first 8 hex digits of the SHA-256 of
   * the statement's text, "spec-encryption#1a2b3c4d" (a repeated text in
   * the same clause gets "-2", "-3"). An unchanged statement keeps its ID
   * across versions of the specification, wherever it moves. */
  const char *id;
  /* where a reader finds it in the specification (項番), short enough
   * for a narrow column: 5-2 (第5の2), 5-2-2項 (its second paragraph),
   * 5-2-2項3文 (that paragraph's third sentence), 5-2-1項(2) (item (2)
   * of a numbered list), 5-2表3行 (the third row of a table), 5-2-3番目
   * (the third item of a list without numbers); 第3条2項 in a document
   * numbered by articles */
  const char *number;
  const char *text;   /* plain text */
  size_t clause;      /* index into the document's clauses */
} ps_statement;

typedef struct {
  ps_arena arena;
  const char *title, *version, *date, *organization;
  int year, month, day; /* the document's date; 0 when it has none */
  char fingerprint[65]; /* SHA-256 of the document's canonical text, hex */
  ps_statement *items;
  size_t count, cap;
} ps_statements;

/* Derives the statements of DOC. *out owns them; free with
 * ps_statements_free. Returns 0 or PS_ENOMEM. */
int ps_statements_build(ps_statements **out, const ps_document *doc);
void ps_statements_free(ps_statements *st);

/* NUMBER, a 項番 as earlier forms of procspec 0.1 wrote it
 * (第3の1第1項表1行目, 第2の3第3項第2文, 第3条第2項), as ps_statement
 * numbers are written now (3-1-1項表1行, 2-3-3項2文, 第3条2項), in A;
 * NUMBER itself when it is not of the older form (a current number
 * among them). NULL only when out of memory. */
const char *ps_statement_number_update(ps_arena *a, const char *number);

/* The SHA-256 of DATA as 64 hex digits and a NUL. */
void ps_sha256_hex(char out[65], const void *data, size_t len);
#endif
