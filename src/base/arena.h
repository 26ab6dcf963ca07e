/* A region allocator for the many small strings of a profile or a template:
 * everything is freed at once by ps_arena_free. */
#ifndef PS_ARENA_H
#define PS_ARENA_H
#include <stddef.h>

typedef struct ps_arena_chunk ps_arena_chunk;
typedef struct {
  ps_arena_chunk *head;
} ps_arena;

void ps_arena_init(ps_arena *arena);
/* Returns SIZE bytes aligned for any type, owned by ARENA; NULL when out of
 * memory. */
void *ps_arena_alloc(ps_arena *arena, size_t size);
/* Copies LEN bytes of S and a terminating NUL into the arena. */
char *ps_arena_strndup(ps_arena *arena, const char *s, size_t len);
char *ps_arena_strdup(ps_arena *arena, const char *s);
/* Formats into the arena (vsnprintf rules). */
char *ps_arena_printf(ps_arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ps_arena_free(ps_arena *arena);
#endif
