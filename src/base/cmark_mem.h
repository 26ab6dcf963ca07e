/* cmark-gfm's default allocator aborts the process when memory runs out,
 * and cmark never checks what its allocator returns. procspec gives every
 * cmark object its own allocator (ps_cmark_mem) and makes every cmark
 * call that allocates inside a scope:
 *
 *   ps_cmark_scope s;
 *   ps_cmark_begin(&s);
 *   if (setjmp(s.jump) == 0) {
 *     ... cmark calls ...
 *   }
 *   if (ps_cmark_end(&s) < 0)  -> out of memory; nothing of it is left
 *
 * When an allocation fails inside the scope, the allocator jumps back to
 * its setjmp, and ps_cmark_end frees every block allocated in the scope
 * and not yet freed: cmark's half-built objects are discarded whole, the
 * objects made before the scope are untouched. Locals assigned inside the
 * scope and read after it must be volatile (C11 7.13.2.1). */
#ifndef PS_CMARK_MEM_H
#define PS_CMARK_MEM_H
#include <cmark-gfm.h>
#include <setjmp.h>

/* The blocks of one scope form a ring through this header. */
typedef struct ps_cmark_block ps_cmark_block;
struct ps_cmark_block {
  ps_cmark_block *prev, *next;
  size_t size;
};

typedef struct ps_cmark_scope {
  jmp_buf jump;
  ps_cmark_block ring; /* sentinel */
  struct ps_cmark_scope *outer;
  int failed;
} ps_cmark_scope;

/* The allocator of every cmark parser and node procspec makes. */
cmark_mem *ps_cmark_mem(void);

void ps_cmark_begin(ps_cmark_scope *s);
/* Leaves S: returns 0, or PS_ENOMEM when an allocation failed (then every
 * block allocated within S has been freed). */
int ps_cmark_end(ps_cmark_scope *s);

/* A cmark iterator over ROOT, or NULL when out of memory. */
cmark_iter *ps_cmark_iter_new(cmark_node *root);
/* ROOT rendered as CommonMark or plain text (no wrapping); free with
 * ps_cmark_free. NULL when out of memory. */
char *ps_cmark_render_commonmark(cmark_node *root);
char *ps_cmark_render_plaintext(cmark_node *root);
/* Frees what ps_cmark_render_* returned. */
void ps_cmark_free(void *p);
#endif
