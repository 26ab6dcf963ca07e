/* Myers' O((N+M)D) difference of two token sequences (E. Myers, "An O(ND)
 * Difference Algorithm and Its Variations", 1986), and the tokenizer used
 * inside clauses: one token per code point for Japanese, one per word for
 * Latin text, so a multi-byte character is never split. */
#ifndef PS_MYERS_H
#define PS_MYERS_H
#include <stddef.h>

typedef enum { PS_OP_EQUAL, PS_OP_DELETE, PS_OP_INSERT } ps_op_kind;

typedef struct {
  ps_op_kind kind;
  size_t a, b; /* start in A (EQUAL, DELETE) and in B (EQUAL, INSERT) */
  size_t len;  /* tokens */
} ps_op;

typedef int (*ps_token_eq)(const void *ctx, size_t i, size_t j);

/* Differences between A[0..n) and B[0..m) as runs of operations, in order.
 * EQ(ctx, i, j) compares A[i] with B[j]. Returns the number of runs (free
 * *ops), or -1 when out of memory or when the difference has more than
 * MAX_D edits (the caller then replaces the whole). */
long ps_myers(ps_op **ops, size_t n, size_t m, ps_token_eq eq, const void *ctx, size_t max_d);

/* A token of text: an offset and a length in bytes. */
typedef struct {
  size_t off, len;
} ps_token;

/* Splits UTF-8 TEXT into tokens: an ASCII letter/digit run is one token,
 * any other character (each kanji, kana, punctuation, space) is one.
 * Returns the count (free *tokens), or -1 when out of memory. */
long ps_tokenize(ps_token **tokens, const char *text);

/* The edit limit of ps_diff_text: beyond it a text counts as replaced whole. */
#define PS_TEXT_MAX_EDITS 20000

/* Receives one stretch of a text difference: LEN bytes at S, taken from A
 * for EQUAL and DELETE and from B for INSERT. Returns 0 to go on. */
typedef int (*ps_text_run)(void *ctx, ps_op_kind kind, const char *s, size_t len);

/* Compares A with B token by token (ps_tokenize) and calls RUN for each
 * stretch in order. When they differ by more than PS_TEXT_MAX_EDITS edits,
 * or memory runs out, A is reported deleted and B inserted whole (empty
 * texts are not reported). Returns 0 or the first non-zero RUN result. */
int ps_diff_text(const char *a, const char *b, ps_text_run run, void *ctx);
#endif
