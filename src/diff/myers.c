#include "myers.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The furthest-reaching path ends of each diagonal k, for every D: V[d]
 * keeps d*2+1 entries, enough to backtrack without recomputing. */
typedef struct {
  long **v;
  size_t count;
} trace;

static void trace_free(trace *t) {
  for (size_t i = 0; i < t->count; i++)
    free(t->v[i]);
  free(t->v);
}

static int push_op(ps_op **ops, size_t *n, size_t *cap, ps_op op) {
  if (op.len == 0)
    return 0;
  if (*n && (*ops)[*n - 1].kind == op.kind) {
    /* Backtracking produces runs in reverse; merge with the neighbour. */
    ps_op *last = &(*ops)[*n - 1];
    last->len += op.len;
    last->a = op.a;
    last->b = op.b;
    return 0;
  }
  ps_op *p = ps_grow(*ops, cap, *n, sizeof *p);
  if (!p)
    return -1;
  *ops = p;
  (*ops)[(*n)++] = op;
  return 0;
}

/* Keeps round D's furthest points (diagonals -D..D of V) for backtracking. */
static int keep_round(trace *t, const long *v, long off, long d) {
  size_t size = (size_t)(2 * d + 1) * sizeof(long);
  if (!(t->v[t->count] = malloc(size)))
    return -1;
  memcpy(t->v[t->count++], v + off - d, size);
  return 0;
}

static long forward(trace *t, size_t n, size_t m, ps_token_eq eq, const void *ctx, size_t max_d) {
  long max = (long)(n + m);
  long *v = calloc((size_t)(2 * max + 3), sizeof(long));
  if (!v)
    return PS_MYERS_NOMEM;
  long off = max + 1;
  t->v = calloc((size_t)(max + 2), sizeof(long *));
  if (!t->v) {
    free(v);
    return PS_MYERS_NOMEM;
  }
  for (long d = 0; d <= max && (size_t)d <= max_d; d++) {
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                        : v[off + k - 1] + 1;
      long y = x - k;
      while (x < (long)n && y < (long)m && eq(ctx, (size_t)x, (size_t)y))
        x++, y++;
      v[off + k] = x;
      if (x >= (long)n && y >= (long)m) {
        int rc = keep_round(t, v, off, d);
        free(v);
        return rc < 0 ? PS_MYERS_NOMEM : d;
      }
    }
    if (keep_round(t, v, off, d) < 0) {
      free(v);
      return PS_MYERS_NOMEM;
    }
  }
  free(v);
  return PS_MYERS_TOO_DIFFERENT;
}

long ps_myers(ps_op **ops, size_t n, size_t m, ps_token_eq eq, const void *ctx, size_t max_d) {
  *ops = NULL;
  trace t = {NULL, 0};
  long dmax = forward(&t, n, m, eq, ctx, max_d);
  if (dmax < 0) {
    trace_free(&t);
    return dmax;
  }
  size_t count = 0, cap = 0;
  long x = (long)n, y = (long)m;
  int failed = 0;
  for (long d = dmax; d > 0 && !failed; d--) {
    const long *v = t.v[d - 1]; /* V after d-1 edits, diagonals -(d-1)..(d-1) */
    long k = x - y;
    long prev_k = (k == -d || (k != d && v[k - 1 + d - 1] < v[k + 1 + d - 1])) ? k + 1 : k - 1;
    long prev_x = v[prev_k + d - 1], prev_y = prev_x - prev_k;
    long sx = prev_k == k + 1 ? prev_x : prev_x + 1; /* after the edit */
    long sy = sx - k;
    failed |=
        push_op(ops, &count, &cap, (ps_op){PS_OP_EQUAL, (size_t)sx, (size_t)sy, (size_t)(x - sx)});
    if (prev_k == k + 1)
      failed |=
          push_op(ops, &count, &cap, (ps_op){PS_OP_INSERT, (size_t)prev_x, (size_t)prev_y, 1});
    else
      failed |=
          push_op(ops, &count, &cap, (ps_op){PS_OP_DELETE, (size_t)prev_x, (size_t)prev_y, 1});
    x = prev_x;
    y = prev_y;
  }
  if (!failed)
    failed |= push_op(ops, &count, &cap, (ps_op){PS_OP_EQUAL, 0, 0, (size_t)x});
  trace_free(&t);
  if (failed) {
    free(*ops);
    *ops = NULL;
    return PS_MYERS_NOMEM;
  }
  /* Reverse into document order. */
  for (size_t i = 0; i < count / 2; i++) {
    ps_op tmp = (*ops)[i];
    (*ops)[i] = (*ops)[count - 1 - i];
    (*ops)[count - 1 - i] = tmp;
  }
  return (long)count;
}
