#include "cmark_mem.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "procspec/procspec.h"

/* The header before each block, padded so the block stays aligned for any
 * type. */
#define HEADER                                                                                     \
  ((sizeof(ps_cmark_block) + alignof(max_align_t) - 1) / alignof(max_align_t) *                    \
   alignof(max_align_t))

static _Thread_local ps_cmark_scope *current;

static void unlink_block(ps_cmark_block *b) {
  b->prev->next = b->next;
  b->next->prev = b->prev;
}

/* Out of memory: back to the scope's setjmp; outside any scope there is
 * nothing to return to, and cmark would dereference NULL. */
static void *out_of_memory(void) {
  if (!current)
    abort();
  current->failed = 1;
  longjmp(current->jump, 1);
}

static void *track(ps_cmark_block *b, size_t size) {
  b->size = size;
  ps_cmark_block *ring = current ? &current->ring : NULL;
  if (ring) {
    b->next = ring->next;
    b->prev = ring;
    ring->next->prev = b;
    ring->next = b;
  } else {
    b->prev = b->next = b;
  }
  return (char *)b + HEADER;
}

static void *mem_calloc(size_t n, size_t size) {
  if (size && n > (SIZE_MAX - HEADER) / size)
    return out_of_memory();
  ps_cmark_block *b = calloc(1, HEADER + n * size);
  return b ? track(b, n * size) : out_of_memory();
}

static void mem_free(void *p) {
  if (!p)
    return;
  ps_cmark_block *b = (ps_cmark_block *)((char *)p - HEADER);
  unlink_block(b);
  free(b);
}

/* A new block and a copy, so that a failure leaves the old block as it
 * was (in the ring it belongs to). */
static void *mem_realloc(void *p, size_t size) {
  if (size > SIZE_MAX - HEADER)
    return out_of_memory();
  ps_cmark_block *b = malloc(HEADER + size);
  if (!b)
    return out_of_memory();
  void *q = track(b, size);
  if (p) {
    ps_cmark_block *old = (ps_cmark_block *)((char *)p - HEADER);
    memcpy(q, p, old->size < size ? old->size : size);
    mem_free(p);
  }
  return q;
}

static cmark_mem allocator = {mem_calloc, mem_realloc, mem_free};

cmark_mem *ps_cmark_mem(void) { return &allocator; }

void ps_cmark_begin(ps_cmark_scope *s) {
  s->ring.prev = s->ring.next = &s->ring;
  s->ring.size = 0;
  s->failed = 0;
  s->outer = current;
  current = s;
}

int ps_cmark_end(ps_cmark_scope *s) {
  current = s->outer;
  if (s->failed) {
    while (s->ring.next != &s->ring) {
      ps_cmark_block *b = s->ring.next;
      unlink_block(b);
      free(b);
    }
    return PS_ENOMEM;
  }
  /* The blocks outlive the scope: they stay a ring among themselves. */
  if (s->ring.next != &s->ring)
    unlink_block(&s->ring);
  return 0;
}

cmark_iter *ps_cmark_iter_new(cmark_node *root) {
  ps_cmark_scope s;
  cmark_iter *volatile it = NULL;
  ps_cmark_begin(&s);
  if (setjmp(s.jump) == 0)
    it = cmark_iter_new(root);
  return ps_cmark_end(&s) < 0 ? NULL : it;
}

static char *render(cmark_node *root, int plain) {
  ps_cmark_scope s;
  char *volatile out = NULL;
  ps_cmark_begin(&s);
  if (setjmp(s.jump) == 0)
    out = plain ? cmark_render_plaintext_with_mem(root, CMARK_OPT_DEFAULT, 0, &allocator)
                : cmark_render_commonmark_with_mem(root, CMARK_OPT_DEFAULT, 0, &allocator);
  return ps_cmark_end(&s) < 0 ? NULL : out;
}

char *ps_cmark_render_commonmark(cmark_node *root) { return render(root, 0); }
char *ps_cmark_render_plaintext(cmark_node *root) { return render(root, 1); }
void ps_cmark_free(void *p) { mem_free(p); }
