/* Myers' O((N+M)D) difference of two token sequences (E. Myers, "An O(ND)
 * Difference Algorithm and Its Variations", 1986). The tokens of a text
 * are in textdiff.h. */
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

/* Returned by ps_myers when the difference has more than MAX_D edits (the
 * caller then replaces the whole), and when memory ran out (the caller
 * fails: a replaced whole would be a different document, in silence). */
#define PS_MYERS_TOO_DIFFERENT (-1)
#define PS_MYERS_NOMEM (-2)

/* Differences between A[0..n) and B[0..m) as runs of operations, in order.
 * EQ(ctx, i, j) compares A[i] with B[j]. Returns the number of runs (free
 * *ops), or one of the two codes above. */
long ps_myers(ps_op **ops, size_t n, size_t m, ps_token_eq eq, const void *ctx, size_t max_d);

#endif
