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
  const char *file;   /* for diagnostics */
  unsigned first_line; /* line of the file where the text starts */
} ps_template;

typedef enum { PS_ESC_MARKDOWN, PS_ESC_PLAIN } ps_escape;

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

/* Appends S as literal Markdown text: ASCII punctuation is backslash-escaped,
 * line breaks and tabs become spaces, other control characters are dropped
 * and surrounding white space is trimmed. */
int ps_md_escape(ps_buf *out, const char *s, size_t len);
/* Same cleaning without the backslashes, for plain-text titles. */
int ps_plain_clean(ps_buf *out, const char *s, size_t len);
#endif
