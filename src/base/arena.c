#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN 4096

struct ps_arena_chunk {
  ps_arena_chunk *next;
  size_t used;
  size_t cap;
  max_align_t data[];
};

void ps_arena_init(ps_arena *arena) { arena->head = NULL; }

void *ps_arena_alloc(ps_arena *arena, size_t size) {
  size_t align = sizeof(max_align_t);
  size = (size + align - 1) / align * align;
  if (size == 0)
    size = align;
  ps_arena_chunk *c = arena->head;
  if (!c || c->cap - c->used < size) {
    size_t cap = size > CHUNK_MIN ? size : CHUNK_MIN;
    c = malloc(sizeof(*c) + cap);
    if (!c)
      return NULL;
    c->cap = cap;
    c->used = 0;
    c->next = arena->head;
    arena->head = c;
  }
  void *p = (char *)c->data + c->used;
  c->used += size;
  return p;
}

char *ps_arena_strndup(ps_arena *arena, const char *s, size_t len) {
  char *p = ps_arena_alloc(arena, len + 1);
  if (!p)
    return NULL;
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *ps_arena_strdup(ps_arena *arena, const char *s) {
  return ps_arena_strndup(arena, s, strlen(s));
}

char *ps_arena_printf(ps_arena *arena, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return NULL;
  char *p = ps_arena_alloc(arena, (size_t)n + 1);
  if (!p)
    return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

void ps_arena_free(ps_arena *arena) {
  ps_arena_chunk *c = arena->head;
  while (c) {
    ps_arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  arena->head = NULL;
}
