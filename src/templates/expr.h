/* Conditions and variable paths used by templates and clause `when:`
 * lines: paths (service.name, e.level), numbers, 'strings', true/false,
 * comparisons (== != < <= > >=), and, or, not, parentheses. */
#ifndef PS_EXPR_H
#define PS_EXPR_H
#include "arena.h"
#include "yamltree.h"

typedef struct ps_expr ps_expr;

/* A loop variable bound while a template renders. A scope named
 * PS_SCOPE_DEFAULTS (the outermost) holds the values used where the
 * profile has none (templates/ja/defaults.yaml). A scope whose name is a
 * dotted key path ("availability_targets.remedies"), or whose index is
 * PS_SCOPE_COMPUTED (any key path: "exceptions"), is a value computed from
 * the profile: it stands for that key (and the keys under it) in place of
 * the profile's own value. */
#define PS_SCOPE_DEFAULTS "*defaults"
/* The index of a scope that holds a computed value (its name a key path,
 * dotted or not) rather than a loop variable. */
#define PS_SCOPE_COMPUTED (-1)
typedef struct ps_scope ps_scope;
struct ps_scope {
  const char *name;
  const ps_ynode *node;
  long index; /* 1-based, for loop.index */
  const ps_scope *outer;
  long count; /* items in the loop, for loop.last */
};

/* Parses SRC (NUL-terminated) into ARENA. On error returns NULL and writes
 * a short reason to WHY. */
ps_expr *ps_expr_parse(ps_arena *arena, const char *src, char *why, size_t n);

/* 1 when E is a bare path (so it can be printed); *path is set. */
int ps_expr_is_path(const ps_expr *e, const char **path);

/* Calls FN for every value name E uses, in order; stops at FN's first
 * non-zero result and returns it. */
int ps_expr_each_path(const ps_expr *e, int (*fn)(void *ctx, const char *path), void *ctx);

/* loop.index is the 1-based position in the innermost loop and
 * loop.last is 1 for its last item, 0 otherwise. */
/* Resolves a path: loop variables first, then the profile ROOT, then the
 * defaults scope if there is one. Sets
 * *index for loop.index. Returns NULL when the value is missing. */
const ps_ynode *ps_resolve(const char *path, const ps_ynode *root, const ps_scope *scope,
                           long *index, int *is_index);

/* Evaluates E as a condition; a missing value is false. */
int ps_expr_truthy(const ps_expr *e, const ps_ynode *root, const ps_scope *scope);
#endif
