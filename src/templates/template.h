/* The template language of clause bodies and titles:
 *   {{ path }}  {{ path | default('text') }}  {{ list | count }}
 *   {% if cond %} ... {% elif cond %} ... {% else %} ... {% endif %}
 *   {% for x in list %} ... {{ x.key }} {{ loop.index }} ... {% endfor %}
 *   {# comment #}
 * A line holding only a {% %} or {# #} tag disappears whole. Values are
 * escaped so they are always literal text in the rendered Markdown. */
#ifndef PS_TEMPLATE_H
#define PS_TEMPLATE_H
#include "arena.h"
#include "buf.h"
#include "procspec/procspec.h"
#include "expr.h"
#include "yamltree.h"

typedef struct ps_tnode ps_tnode;

typedef struct {
  ps_tnode *root;
  const char *file;    /* for diagnostics */
  unsigned first_line; /* line of the file where the text starts */
} ps_template;

typedef enum { PS_ESC_MARKDOWN, PS_ESC_PLAIN } ps_escape;

#define PS_MAX_COMPUTED 4

/* What a clause body may reach beyond the profile while it renders. */
typedef struct {
  /* Values the profile leaves out (defaults.yaml), or NULL. */
  const ps_ynode *defaults;
  /* Appends the number of clause ID as the reader sees it (第4の2, 第7条),
   * in this document or another that applies; returns 0, or 1 when ID is
   * in none of them. */
  int (*xref)(void *ctx, const char *id, ps_buf *out);
  /* Appends the Markdown rows of the 提出書類 table. */
  int (*submissions)(void *ctx, ps_buf *out, ps_diags *diags);
  /* Appends how document KIND is named here: by itself (本仕様書, or 本書
   * for a 別紙), by the others (仕様書); returns 1 when KIND is unknown. */
  int (*doc_name)(void *ctx, const char *kind, ps_buf *out);
  /* Told each time a value comes from DEFAULTS. */
  void (*used_default)(void *ctx, const char *path, const ps_ynode *value);
  void *ctx;
  /* Values computed from the profile, each used in place of the key
   * PATH (a NULL node: the key reads as absent); see PS_SCOPE_DEFAULTS. */
  struct {
    const char *path;
    const ps_ynode *node;
  } computed[PS_MAX_COMPUTED];
  size_t ncomputed;
} ps_render_env;

/* The scopes ENV gives a template outside any loop: its computed values,
 * then its defaults, chained through outer in BUF; the innermost, or NULL
 * when ENV (which may be NULL) gives none. */
const ps_scope *ps_render_scopes(const ps_render_env *env, ps_scope buf[PS_MAX_COMPUTED + 1]);

/* Calls FN for each {{ ref('id') }} of T, with its line. Returns 0 or FN's
 * first non-zero. */
int ps_template_each_ref(const ps_template *t, int (*fn)(void *ctx, const char *id, unsigned line),
                         void *ctx);

/* Parses TEXT (of LEN bytes, starting at FIRST_LINE of FILE) into ARENA. */
int ps_template_parse(ps_template *out, ps_arena *arena, const char *file, unsigned first_line,
                      const char *text, size_t len, ps_diags *diags);

/* Checks every value name T uses ({{ }}, {% if %} conditions, {% for %}
 * lists, and loop variables' keys against the list item's keys) against
 * the profile's keys, in every branch, so a misspelt name is found when
 * the library loads rather than silently taken as absent. Reports each
 * unknown name at its template line; returns 0 or PS_EINPUT. */
int ps_template_check(const ps_template *t, ps_diags *diags);

/* The same for a condition (a clause's `when:`) at FILE:LINE. */
int ps_expr_check(const ps_expr *e, const char *file, unsigned line, ps_diags *diags);

/* Renders T against the profile ROOT, appending to OUT. PROFILE_FILE names
 * the profile in "missing value" errors. */
int ps_template_render(ps_buf *out, const ps_template *t, const ps_ynode *root,
                       const char *profile_file, ps_escape esc, ps_diags *diags);
/* The same with ENV (may be NULL): defaults, cross-references and the
 * 提出書類 rows. Without ENV, ref(), doc() and submissions() are errors. */
int ps_template_render_env(ps_buf *out, const ps_template *t, const ps_ynode *root,
                           const char *profile_file, ps_escape esc, const ps_render_env *env,
                           ps_diags *diags);

/* Appends the items of N (a list, or one value) in 公用文 style, each
 * followed by SUFFIX unless it already ends with it: 「A」, 「A及びB」,
 * 「A、B及びC」 with CONJ 及び, or 又は. */
int ps_join_ja(ps_buf *out, const ps_ynode *n, const char *conj, const char *suffix);

/* Appends S as literal Markdown text: ASCII punctuation is backslash-escaped,
 * line breaks and tabs become spaces, other control characters are dropped
 * and surrounding white space is trimmed. */
int ps_md_escape(ps_buf *out, const char *s, size_t len);
/* Appends one row of a GFM table, each of the N cells escaped as
 * ps_md_escape does; ps_md_rule the row under a table's header. */
void ps_md_row(ps_buf *out, const char *const *cells, size_t n);
void ps_md_rule(ps_buf *out, size_t n);
/* Same cleaning without the backslashes, for plain-text titles. */
int ps_plain_clean(ps_buf *out, const char *s, size_t len);
#endif
