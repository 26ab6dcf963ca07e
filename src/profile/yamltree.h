/* A YAML document as a tree of maps, sequences and scalars, each node with
 * its 1-based line and column (lines as an editor counts them). Aliases,
 * tags, duplicate keys, non-scalar keys, multi-document streams and text
 * that holds characters a document cannot carry are refused; a null value
 * is absent. All memory lives in the tree's arena. */
#ifndef PS_YAMLTREE_H
#define PS_YAMLTREE_H
#include <stddef.h>

#include "arena.h"
#include "procspec/procspec.h"

typedef enum { PS_YMAP, PS_YSEQ, PS_YSCALAR } ps_ynode_kind;

/* Typed meaning of a scalar once the schema has checked it. */
typedef enum {
  PS_V_NONE,
  PS_V_STR,
  PS_V_INT,
  PS_V_BOOL,
  PS_V_DATE,
  PS_V_DURATION,
  PS_V_PERCENT,
  PS_V_ENUM
} ps_vtype;

typedef struct ps_ynode ps_ynode;
struct ps_ynode {
  ps_ynode_kind kind;
  unsigned line, col;
  const char *key; /* set on a map's children */
  unsigned key_line, key_col;
  ps_ynode *first, *last; /* children of a map or sequence */
  ps_ynode *next;
  size_t count; /* number of children */
  /* A map's keys whose value is YAML null (~, null or nothing): absent
   * from the children, kept here (linked by next) for messages. */
  ps_ynode *nulls, *nulls_last;
  const char *value; /* scalar text */
  size_t len;
  int quoted; /* scalar was quoted (so never a number or bool) */
  /* Filled by schema validation. */
  ps_vtype vtype;
  long ival;            /* INT, BOOL (0/1), DURATION amount */
  int year, month, day; /* DATE */
  const char *unit;     /* DURATION unit: min h d mo y */
  const char *label;    /* ENUM: display text */
};

typedef struct {
  size_t max_bytes;   /* input size */
  unsigned max_depth; /* nesting of maps and sequences */
  size_t max_nodes;
  size_t max_scalar; /* bytes in one scalar */
} ps_ylimits;

extern const ps_ylimits ps_ylimits_default;

typedef struct {
  ps_arena arena;
  ps_ynode *root;   /* NULL for an empty document */
  const char *file; /* name for diagnostics, in the arena */
} ps_ytree;

/* Parses DATA. On success *out owns a new tree (free with ps_ytree_free).
 * On failure returns PS_EINPUT or PS_ELIMIT with a diagnostic at the
 * place of the problem. */
int ps_ytree_parse(ps_ytree **out, const char *file, const char *data, size_t len,
                   const ps_ylimits *limits, ps_diags *diags);
void ps_ytree_free(ps_ytree *tree);

/* Child of map M with key KEY, or NULL. */
ps_ynode *ps_ymap_get(const ps_ynode *m, const char *key);
/* Follows a dotted path such as "service.period.start" from N. */
ps_ynode *ps_ynode_path(const ps_ynode *n, const char *path);
#endif
