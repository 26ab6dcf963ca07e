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
  /* where a reader finds it in the specification: 第5の2, 第5の2第2項,
   * 第5の2第2項第3文, 第5の2第1項(2), 第5の2表3行目, 第5の2の3番目 */
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

/* The SHA-256 of DATA as 64 hex digits and a NUL. */
void ps_sha256_hex(char out[65], const void *data, size_t len);
#endif
