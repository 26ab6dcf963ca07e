#include "yamltree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "chars.h"
#include "diag.h"
#include "i18n.h"

const ps_ylimits ps_ylimits_default = {
    .max_bytes = (size_t)1024 * 1024,
    .max_depth = 32,
    .max_nodes = 100000,
    .max_scalar = (size_t)64 * 1024,
};

/* One key of one map, in the table that finds duplicate keys: a map of
 * 100,000 keys must not take quadratic time. */
typedef struct {
  const ps_ynode *map;
  const char *key;
  unsigned line;
} key_slot;

typedef struct {
  ps_ytree *tree;
  const char *data;
  size_t len;
  const ps_ylimits *lim;
  ps_diags *diags;
  size_t nodes;
  unsigned depth;
  key_slot *keys; /* open addressing, a power of two in size */
  size_t nkeys, keys_cap;
} builder;

static unsigned line_of(yaml_mark_t m) { return (unsigned)m.line + 1; }
static unsigned col_of(yaml_mark_t m) { return (unsigned)m.column + 1; }

static ps_ynode *new_node(builder *b, ps_ynode_kind kind, yaml_mark_t mark) {
  if (++b->nodes > b->lim->max_nodes) {
    ps_error_at(b->diags, PS_ELIMIT, b->tree->file, line_of(mark), col_of(mark),
                "the file has more than %zu values; split it or raise the limit",
                b->lim->max_nodes);
    return NULL;
  }
  ps_ynode *n = ps_arena_alloc(&b->tree->arena, sizeof(*n));
  if (!n)
    return NULL;
  memset(n, 0, sizeof(*n));
  n->kind = kind;
  n->line = line_of(mark);
  n->col = col_of(mark);
  return n;
}

static void append_child(ps_ynode *parent, ps_ynode *child) {
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
  parent->count++;
}

static size_t key_hash(const ps_ynode *map, const char *key) {
  uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)map;
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
    h ^= *p;
    h *= 1099511628211u;
  }
  return (size_t)(h ^ (h >> 31));
}

static key_slot *key_find(key_slot *keys, size_t cap, const ps_ynode *map, const char *key) {
  size_t i = key_hash(map, key) & (cap - 1);
  while (keys[i].map && (keys[i].map != map || strcmp(keys[i].key, key) != 0))
    i = (i + 1) & (cap - 1);
  return &keys[i];
}

/* Records KEY of MAP, given at LINE. Returns 0, the line where the key was
 * first given when it is a duplicate, or -1 when out of memory. */
static long remember_key(builder *b, const ps_ynode *map, const char *key, unsigned line) {
  if ((b->nkeys + 1) * 3 > b->keys_cap * 2) {
    size_t cap = b->keys_cap ? b->keys_cap * 2 : 64;
    key_slot *keys = calloc(cap, sizeof *keys);
    if (!keys)
      return -1;
    for (size_t i = 0; i < b->keys_cap; i++)
      if (b->keys[i].map)
        *key_find(keys, cap, b->keys[i].map, b->keys[i].key) = b->keys[i];
    free(b->keys);
    b->keys = keys;
    b->keys_cap = cap;
  }
  key_slot *slot = key_find(b->keys, b->keys_cap, map, key);
  if (slot->map)
    return slot->line;
  *slot = (key_slot){map, key, line};
  b->nkeys++;
  return 0;
}

/* Line and column (1-based, in characters) of a byte offset. */
static void locate_offset(const builder *b, size_t offset, unsigned *line, unsigned *col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < offset && i < b->len; i++) {
    unsigned char c = (unsigned char)b->data[i];
    if (c == '\n') {
      (*line)++;
      *col = 1;
    } else if ((c & 0xc0) != 0x80) {
      (*col)++;
    }
  }
}

/* Where a syntax error near LINE comes from a full-width space (U+3000)
 * in the indentation: the first one in the leading blanks of LINE or the
 * two lines before it. Returns 1 and its place, or 0. */
static int fullwidth_indent(const builder *b, unsigned line, unsigned *at_line, unsigned *at_col) {
  unsigned l = 1;
  for (size_t i = 0; i < b->len && l <= line;) {
    size_t start = i;
    unsigned col = 1;
    int found = 0;
    while (i < b->len && !found) {
      if (b->data[i] == ' ' || b->data[i] == '\t') {
        i++;
        col++;
      } else if (b->len - i >= 3 && memcmp(b->data + i, "\xe3\x80\x80", 3) == 0) {
        found = 1;
      } else {
        break;
      }
    }
    if (found && l + 2 >= line) {
      *at_line = l;
      *at_col = col;
      return 1;
    }
    const char *nl = memchr(b->data + start, '\n', b->len - start);
    i = nl ? (size_t)(nl - b->data) + 1 : b->len;
    l++;
  }
  return 0;
}

/* libyaml's own words for the syntax errors a profile meets, marked so
 * that the message catalog carries them (ps_tr translates them where they
 * are shown; others stay as libyaml says them). */
static const char *const libyaml_words[] __attribute__((unused)) = {
    N_("found character that cannot start any token"), N_("did not find expected key"),
    N_("did not find expected node content"), N_("did not find expected '-' indicator"),
    N_("did not find expected ',' or ']'"), N_("did not find expected ',' or '}'"),
    N_("could not find expected ':'"), N_("mapping values are not allowed in this context"),
    N_("mapping keys are not allowed in this context"),
    N_("block sequence entries are not allowed in this context"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found unexpected end of stream"), N_("found unexpected ':'"),
    N_("found unknown escape character"), N_("found undefined alias"),
    N_("did not find expected comment or line break"), N_("did not find expected whitespace"),
    N_("found unexpected document indicator"), N_("while parsing a block mapping"),
    N_("while parsing a block collection"), N_("while parsing a block node"),
    N_("while parsing a flow mapping"), N_("while parsing a flow sequence"),
    N_("while parsing a flow node"), N_("while parsing a node"), N_("while scanning a simple key"),
    N_("while scanning a plain scalar"), N_("while scanning a quoted scalar"),
    N_("while scanning a block scalar"), N_("while parsing a quoted scalar"),
    N_("while scanning for the next token"), N_("did not find expected <document start>"),
    N_("did not find expected <stream-start>"),
    N_("did not find expected whitespace or line break"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find the expected '>'"), N_("did not find expected '!'"),
    N_("did not find expected tag URI"), N_("did not find URI escaped octet"),
    N_("did not find expected digit or '.' character"),
    N_("did not find expected hexdecimal number"), N_("did not find expected version number"),
    N_("could not find expected directive name"), N_("found an indentation indicator equal to 0"),
    N_("found duplicate %TAG directive"), N_("found duplicate %YAML directive"),
    N_("found incompatible YAML document"), N_("found invalid Unicode character escape code"),
    N_("found undefined tag handle"), N_("found unexpected non-alphabetical character"),
    N_("found unknown directive name"), N_("found extremely long version number"),
    N_("found an incorrect leading UTF-8 octet"), N_("found an incorrect trailing UTF-8 octet"),
    N_("while scanning an alias"), N_("while scanning an anchor"), N_("while scanning a tag"),
    N_("while scanning a directive"), N_("while parsing a tag"),
    /* the reader's words: the file is not YAML text */
    N_("control characters are not allowed"), N_("invalid leading UTF-8 octet"),
    N_("invalid trailing UTF-8 octet"), N_("incomplete UTF-8 octet sequence"),
    N_("invalid length of a UTF-8 sequence"), N_("invalid Unicode character"),
    N_("incomplete UTF-16 character"), N_("incomplete UTF-16 surrogate pair"),
    N_("input is too long"), N_("input error"), N_("unreadable byte")};

static int next_event(builder *b, yaml_parser_t *p, yaml_event_t *ev) {
  if (yaml_parser_parse(p, ev))
    return 0;
  if (p->error == YAML_READER_ERROR) {
    /* The reader reports a byte offset, not a mark. */
    unsigned line, col;
    locate_offset(b, p->problem_offset, &line, &col);
    return ps_error_at(
        b->diags, PS_EINPUT, b->tree->file, line, col,
        "the file cannot be read as YAML text: %s; save it as UTF-8 without control characters",
        ps_tr(p->problem ? p->problem : "unreadable byte"));
  }
  unsigned line = line_of(p->problem_mark), col = col_of(p->problem_mark);
  if (fullwidth_indent(b, line, &line, &col))
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line, col,
                       "a full-width space (U+3000) is used for indentation; indent with "
                       "half-width spaces");
  const char *what = p->problem ? ps_tr(p->problem) : _("unreadable YAML");
  return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line, col,
                     "YAML syntax error: %s%s%s; check indentation, quoting and colons", what,
                     p->context ? " " : "", p->context ? ps_tr(p->context) : "");
}

/* Refuses characters that would make the lines libyaml counts differ
 * from the lines an editor shows (U+2028, U+2029, U+0085), and any other
 * character no document may hold, at the place it was written. Control
 * characters below U+0080 are left to libyaml's reader. */
static int scan_raw(const builder *b) {
  unsigned line = 1, col = 1;
  for (size_t i = 0; i < b->len;) {
    unsigned cp;
    size_t n = ps_utf8_next(b->data + i, b->len - i, &cp);
    if (n == 0) /* not UTF-8: libyaml's reader says so */
      return 0;
    const char *why = cp >= 0x80 ? ps_char_refused(cp) : NULL;
    if (why)
      return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line, col,
                         "the character '%.*s' is %s; delete it", (int)n, b->data + i, why);
    if (cp == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    i += n;
  }
  return 0;
}

/* What a Japanese input method types where YAML wants an ASCII sign:
 * "key：value" (U+FF1A), "key:　value" (U+3000 after the colon), a list
 * entry begun with "－" or "ー", a comment begun with "＃". YAML takes each
 * as text, or breaks on a later line; these scans point at the character
 * itself. One line at a time, skipping quoted text, comments and the
 * lines of block scalars (| and >), where any character is text. */
typedef struct {
  const builder *b;
  unsigned line;
  const char *s; /* the line, N bytes without its newline */
  size_t n;
  char quote;       /* the open quote carried over from an earlier line */
  int block_indent; /* the indentation of the key a block scalar follows; -1: none */
} fw_scan;

/* Column (1-based, in characters) of byte K of the line. */
static unsigned fw_col(const fw_scan *f, size_t k) {
  unsigned col = 1;
  for (size_t i = 0; i < k; i++)
    col += ((unsigned char)f->s[i] & 0xc0) != 0x80;
  return col;
}

static int fw_at(const fw_scan *f, size_t k, const char *sign) {
  size_t len = strlen(sign);
  return f->n - k >= len && memcmp(f->s + k, sign, len) == 0;
}

/* A blank: an ASCII space or tab, or U+3000; its length in bytes or 0. */
static size_t fw_blank(const fw_scan *f, size_t k) {
  if (k < f->n && (f->s[k] == ' ' || f->s[k] == '\t'))
    return 1;
  return fw_at(f, k, "\xe3\x80\x80") ? 3 : 0;
}

/* The dashes an input method gives for '-': full-width hyphen-minus, the
 * long vowel mark, minus sign, hyphen, horizontal bar; length or 0. */
static size_t fw_dash(const fw_scan *f, size_t k) {
  static const char *const dashes[] = {"\xef\xbc\x8d", "\xe3\x83\xbc", "\xe2\x88\x92",
                                       "\xe2\x80\x90", "\xe2\x80\x95"};
  for (size_t i = 0; i < sizeof dashes / sizeof *dashes; i++)
    if (fw_at(f, k, dashes[i]))
      return 3;
  return 0;
}

/* A key at byte K: an ASCII name followed by a full-width colon, or by a
 * colon and U+3000. */
static int fw_key(const fw_scan *f, size_t k) {
  size_t key = k;
  while (k < f->n && ((f->s[k] >= 'a' && f->s[k] <= 'z') || (f->s[k] >= 'A' && f->s[k] <= 'Z') ||
                      f->s[k] == '_' || (k > key && f->s[k] >= '0' && f->s[k] <= '9')))
    k++;
  if (k == key)
    return 0;
  if (fw_at(f, k, "\xef\xbc\x9a"))
    return ps_error_at(f->b->diags, PS_EINPUT, f->b->tree->file, f->line, fw_col(f, k),
                       "a full-width colon (\xef\xbc\x9a) follows the key '%.*s'; write a "
                       "half-width ':' and a space",
                       (int)(k - key), f->s + key);
  if (fw_at(f, k, ":\xe3\x80\x80"))
    return ps_error_at(f->b->diags, PS_EINPUT, f->b->tree->file, f->line, fw_col(f, k + 1),
                       "a full-width space (U+3000) follows the colon after the key '%.*s'; "
                       "write a half-width space",
                       (int)(k - key), f->s + key);
  return 0;
}

/* Skips quoted text from byte K (just after the opening quote, or the
 * start of a line inside one); returns where it ends, clearing the quote
 * when it closes on this line. */
static size_t fw_skip_quoted(fw_scan *f, size_t k) {
  while (k < f->n) {
    char c = f->s[k++];
    /* "\"" in double quotes, '' in single ones: the quote goes on */
    int escaped = (f->quote == '"' && c == '\\') ||
                  (c == '\'' && f->quote == '\'' && k < f->n && f->s[k] == '\'');
    if (escaped && k < f->n)
      k++;
    else if (c == f->quote) {
      f->quote = 0;
      break;
    }
  }
  return k;
}

/* Whether the line ends a "key: |" or "- >-" that starts a block scalar. */
static int fw_opens_block(const fw_scan *f, size_t end) {
  while (end > 0 && (f->s[end - 1] == ' ' || f->s[end - 1] == '\t'))
    end--;
  size_t k = end;
  while (k > 0 &&
         (f->s[k - 1] == '-' || f->s[k - 1] == '+' || (f->s[k - 1] >= '1' && f->s[k - 1] <= '9')))
    k--;
  if (k == 0 || (f->s[k - 1] != '|' && f->s[k - 1] != '>'))
    return 0;
  k--;
  return k == 0 || f->s[k - 1] == ' ';
}

/* The signs after the indentation and any "- " list markers. */
static int fw_line_start(fw_scan *f, size_t k) {
  size_t d = fw_dash(f, k);
  if (d && (k + d == f->n || fw_blank(f, k + d)))
    return ps_error_at(f->b->diags, PS_EINPUT, f->b->tree->file, f->line, fw_col(f, k),
                       "a list entry starts with the full-width '%.*s'; write a half-width '-' "
                       "and a space (put the text in quotes if it is not a list entry)",
                       (int)d, f->s + k);
  return 0;
}

static int fw_scan_line(fw_scan *f) {
  size_t k = 0;
  if (f->quote)
    k = fw_skip_quoted(f, 0);
  size_t indent = 0;
  while (indent < f->n && f->s[indent] == ' ')
    indent++;
  if (f->block_indent >= 0) {
    if (indent == f->n || (int)indent > f->block_indent)
      return 0; /* a line of the block scalar, or a blank one */
    f->block_indent = -1;
  }
  if (k == 0) {
    k = indent;
    while (k + 1 < f->n && f->s[k] == '-' && (f->s[k + 1] == ' ' || f->s[k + 1] == '\t'))
      for (k++; k < f->n && (f->s[k] == ' ' || f->s[k] == '\t');)
        k++;
    if (fw_line_start(f, k) < 0)
      return PS_EINPUT;
  }
  int key_here = 1, flow = 0;
  unsigned long long maps = 0; /* bit D: the flow collection at depth D is a map */
  size_t end = f->n;
  for (; k < f->n; k++) {
    char c = f->s[k];
    int after_blank = k == 0 || fw_blank(f, k - 1) || (k >= 3 && fw_blank(f, k - 3) == 3);
    if (key_here && fw_key(f, k) < 0)
      return PS_EINPUT;
    key_here = 0;
    if (c == '#' && after_blank) {
      end = k;
      break;
    }
    if (fw_at(f, k, "\xef\xbc\x83") && after_blank)
      return ps_error_at(f->b->diags, PS_EINPUT, f->b->tree->file, f->line, fw_col(f, k),
                         "a full-width '\xef\xbc\x83' starts a comment; write a half-width '#' "
                         "(put the value in quotes if the '\xef\xbc\x83' belongs to it)");
    if ((c == '"' || c == '\'') && (after_blank || (k > 0 && strchr("{[,:", f->s[k - 1])))) {
      f->quote = c;
      k = fw_skip_quoted(f, k + 1) - 1;
      continue;
    }
    if ((c == '{' || c == '[') && flow < 63) {
      maps = c == '{' ? maps | 1ull << flow : maps & ~(1ull << flow);
      flow++;
    } else if ((c == '}' || c == ']') && flow > 0) {
      flow--;
    }
    /* A key follows "{" and a comma of a flow map, not one of a list
     * ([ISMAP, JIS：Q27001] is text). */
    if (c == '{' || (c == ',' && flow > 0 && (maps >> (flow - 1) & 1))) {
      while (k + 1 < f->n && f->s[k + 1] == ' ')
        k++;
      key_here = 1;
    }
  }
  if (!f->quote && fw_opens_block(f, end))
    f->block_indent = (int)indent;
  return 0;
}

static int scan_fullwidth_syntax(const builder *b) {
  fw_scan f = {b, 1, NULL, 0, 0, -1};
  for (size_t i = 0; i < b->len; f.line++) {
    f.s = b->data + i;
    const char *end = memchr(f.s, '\n', b->len - i);
    f.n = end ? (size_t)(end - f.s) : b->len - i;
    if (f.n && f.s[f.n - 1] == '\r')
      f.n--;
    if (fw_scan_line(&f) < 0)
      return PS_EINPUT;
    i += (end ? (size_t)(end - f.s) : b->len - i) + 1;
  }
  return 0;
}

/* "!!binary" for libyaml's "tag:yaml.org,2002:binary"; other tags as given. */
static int refuse_tag(builder *b, const unsigned char *tag, yaml_mark_t m) {
  static const char core[] = "tag:yaml.org,2002:";
  const char *t = (const char *)tag;
  int is_core = strncmp(t, core, sizeof core - 1) == 0;
  return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                     "the YAML tag '%s%.80s' is not part of this file's format; remove it "
                     "(put the value in quotes if it must be read as text)",
                     is_core ? "!!" : "", is_core ? t + sizeof core - 1 : t);
}

/* A plain ~, null or nothing: YAML's null, which means the value is absent. */
static int is_null(const yaml_event_t *ev) {
  if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.tag ||
      ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return 0;
  const char *v = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  return n == 0 || (n == 1 && v[0] == '~') ||
         (n == 4 &&
          (memcmp(v, "null", 4) == 0 || memcmp(v, "Null", 4) == 0 || memcmp(v, "NULL", 4) == 0));
}

/* Text of a scalar value: no character that no document may hold. The
 * place is the start of the value: an escape such as "\e" has no column
 * of its own in the text it produces. */
static int check_value_text(builder *b, const char *s, size_t len, yaml_mark_t m) {
  for (size_t i = 0; i < len;) {
    unsigned cp;
    size_t n = ps_utf8_next(s + i, len - i, &cp);
    const char *why = n ? ps_char_refused(cp) : "not UTF-8";
    if (why)
      return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                         "the value holds '%.*s', %s (perhaps written as an escape such as "
                         "\\e or \\u); remove it",
                         (int)(n ? n : 1), s + i, why);
    i += n;
  }
  return 0;
}

/* Characters that show as nothing at all (U+200B, U+00AD, U+FEFF, U+2060,
 * ...): named like the spaces, but unlike them invisible in a document. */
static int invisible(unsigned cp) {
  int space_like =
      cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f || cp == 0x3000;
  return !space_like && ps_char_name(cp) != NULL;
}

/* A value that would carry an invisible character into the contract
 * documents, unseen by whoever reads them: a warning at the character
 * (exact for a value on one line without escapes), naming it. */
static int warn_invisible(builder *b, const char *s, size_t len, yaml_mark_t m) {
  unsigned cp, index = 0;
  size_t i = 0, n = 0;
  for (; i < len; i += n, index++) {
    n = ps_utf8_next(s + i, len - i, &cp);
    if (!n)
      return 0;
    if (invisible(cp))
      break;
  }
  if (i >= len)
    return 0;
  /* libyaml's mark counts characters: find the value's first byte, to
   * see whether it is an opening quote. */
  size_t at = 0;
  for (size_t line = 0; line < m.line && at < b->len; at++)
    line += b->data[at] == '\n';
  for (size_t c = 0; c < m.column && at < b->len; at++)
    c += at + 1 >= b->len || ((unsigned char)b->data[at + 1] & 0xc0) != 0x80;
  unsigned col = col_of(m) + index + (at < b->len && (b->data[at] == '"' || b->data[at] == '\''));
  return ps_diag_add(b->diags, 0, PS_SEV_WARNING, b->tree->file, line_of(m), col, NULL,
                     "the value holds the invisible character '%.*s' here, which the "
                     "documents would carry unseen; delete it",
                     (int)n, s + i);
}

/* A key is a plain name: no control, line-breaking or invisible character,
 * each refused at its own column (exact for unquoted keys). */
static int check_key_text(builder *b, const char *key, size_t len, yaml_mark_t m) {
  unsigned col =
      col_of(m) + (m.index < b->len && (b->data[m.index] == '"' || b->data[m.index] == '\''));
  for (size_t i = 0; i < len; col++) {
    unsigned cp;
    size_t n = ps_utf8_next(key + i, len - i, &cp);
    if (n && cp == 0x3000 && i == 0)
      return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col,
                         "a full-width space (U+3000) before the key '%s'; indent with "
                         "half-width spaces",
                         key);
    if (!n || cp < 0x20 || ps_char_refused(cp) || ps_char_name(cp))
      return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col,
                         "the key '%s' holds the invisible or control character '%.*s' here; "
                         "delete it",
                         key, (int)(n ? n : 1), key + i);
    i += n;
  }
  return 0;
}

static int parse_node(builder *b, yaml_parser_t *p, yaml_event_t *ev, ps_ynode **out);

/* A key whose value is null: absent, but kept on the map for messages.
 * A list entry cannot be absent. */
static int add_null(builder *b, ps_ynode *parent, const char *key, yaml_mark_t key_mark,
                    yaml_mark_t m) {
  if (parent->kind != PS_YMAP)
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                       "an entry of this list is empty (~, null or nothing after '-'); "
                       "write its value or remove the entry");
  ps_ynode *n = new_node(b, PS_YSCALAR, m);
  if (!n)
    return b->nodes > b->lim->max_nodes ? PS_ELIMIT : PS_ENOMEM;
  n->value = "";
  n->key = key;
  n->key_line = line_of(key_mark);
  n->key_col = col_of(key_mark);
  if (parent->nulls_last)
    parent->nulls_last->next = n;
  else
    parent->nulls = n;
  parent->nulls_last = n;
  return 0;
}

/* Reads a map's key; *key is NULL after an error. */
static int read_key(builder *b, ps_ynode *parent, yaml_event_t *ev, const char **key) {
  yaml_mark_t m = ev->start_mark;
  *key = NULL;
  if (ev->type != YAML_SCALAR_EVENT)
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                       "a key must be a plain name, not a list or map");
  if (ev->data.scalar.tag)
    return refuse_tag(b, ev->data.scalar.tag, m);
  const char *k = ps_arena_strndup(&b->tree->arena, (const char *)ev->data.scalar.value,
                                   ev->data.scalar.length);
  if (!k)
    return PS_ENOMEM;
  int rc = check_key_text(b, k, ev->data.scalar.length, m);
  if (rc < 0)
    return rc;
  long first = remember_key(b, parent, k, line_of(m));
  if (first < 0)
    return PS_ENOMEM;
  if (first > 0)
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                       "duplicate key '%s' (first given at line %ld); remove one of them", k,
                       first);
  *key = k;
  return 0;
}

static int parse_children(builder *b, yaml_parser_t *p, ps_ynode *parent, yaml_event_type_t end) {
  for (;;) {
    yaml_event_t ev;
    if (next_event(b, p, &ev) < 0)
      return PS_EINPUT;
    if (ev.type == end) {
      yaml_event_delete(&ev);
      return 0;
    }
    const char *key = NULL;
    yaml_mark_t key_mark = ev.start_mark;
    if (parent->kind == PS_YMAP) {
      int rc = read_key(b, parent, &ev, &key);
      yaml_event_delete(&ev);
      if (rc < 0)
        return rc;
      if (next_event(b, p, &ev) < 0)
        return PS_EINPUT;
    }
    if (is_null(&ev)) {
      int rc = add_null(b, parent, key, key_mark, ev.start_mark);
      yaml_event_delete(&ev);
      if (rc < 0)
        return rc;
      continue;
    }
    ps_ynode *child = NULL;
    int rc = parse_node(b, p, &ev, &child);
    yaml_event_delete(&ev);
    if (rc < 0)
      return rc;
    if (!child)
      return PS_EINPUT;
    if (key) {
      child->key = key;
      child->key_line = line_of(key_mark);
      child->key_col = col_of(key_mark);
    }
    append_child(parent, child);
  }
}

static int parse_scalar(builder *b, yaml_event_t *ev, ps_ynode **out) {
  yaml_mark_t m = ev->start_mark;
  const char *text = (const char *)ev->data.scalar.value;
  size_t len = ev->data.scalar.length;
  if (ev->data.scalar.tag)
    return refuse_tag(b, ev->data.scalar.tag, m);
  if (len > b->lim->max_scalar)
    return ps_error_at(b->diags, PS_ELIMIT, b->tree->file, line_of(m), col_of(m),
                       "value is %zu bytes long; the limit is %zu", len, b->lim->max_scalar);
  if (memchr(text, '\0', len))
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                       "value contains a NUL character");
  int rc = check_value_text(b, text, len, m);
  if (rc == 0)
    rc = warn_invisible(b, text, len, m);
  if (rc < 0)
    return rc;
  ps_ynode *n = new_node(b, PS_YSCALAR, m);
  if (!n)
    return b->nodes > b->lim->max_nodes ? PS_ELIMIT : PS_ENOMEM;
  n->value = ps_arena_strndup(&b->tree->arena, text, len);
  if (!n->value)
    return PS_ENOMEM;
  n->len = len;
  n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
  *out = n;
  return 0;
}

static int parse_node(builder *b, yaml_parser_t *p, yaml_event_t *ev, ps_ynode **out) {
  yaml_mark_t m = ev->start_mark;
  switch (ev->type) {
  case YAML_ALIAS_EVENT:
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                       "YAML aliases (*%s) are not allowed in profiles; write the value out",
                       (const char *)ev->data.alias.anchor);
  case YAML_SCALAR_EVENT: return parse_scalar(b, ev, out);
  case YAML_SEQUENCE_START_EVENT:
  case YAML_MAPPING_START_EVENT: {
    int is_map = ev->type == YAML_MAPPING_START_EVENT;
    const unsigned char *tag = is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    if (tag)
      return refuse_tag(b, tag, m);
    if (++b->depth > b->lim->max_depth)
      return ps_error_at(b->diags, PS_ELIMIT, b->tree->file, line_of(m), col_of(m),
                         "nesting deeper than %u levels", b->lim->max_depth);
    ps_ynode *n = new_node(b, is_map ? PS_YMAP : PS_YSEQ, m);
    if (!n)
      return b->nodes > b->lim->max_nodes ? PS_ELIMIT : PS_ENOMEM;
    int rc = parse_children(b, p, n, is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT);
    b->depth--;
    if (rc < 0)
      return rc;
    *out = n;
    return 0;
  }
  default:
    return ps_error_at(b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
                       "unexpected YAML structure");
  }
}

/* Reads the stream: exactly one document (or none; a null document is none). */
static int parse_stream(builder *b, yaml_parser_t *p) {
  yaml_event_t ev;
  int rc = 0;
  int docs = 0;
  for (;;) {
    if ((rc = next_event(b, p, &ev)) < 0)
      return rc;
    yaml_event_type_t t = ev.type;
    yaml_mark_t m = ev.start_mark;
    if (t == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      return 0;
    }
    if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
      yaml_event_delete(&ev);
      return ps_error_at(
          b->diags, PS_EINPUT, b->tree->file, line_of(m), col_of(m),
          "the file holds more than one YAML document ('---'); keep one profile per file");
    }
    if ((t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT ||
         t == YAML_SCALAR_EVENT || t == YAML_ALIAS_EVENT) &&
        !is_null(&ev)) {
      rc = parse_node(b, p, &ev, &b->tree->root);
      yaml_event_delete(&ev);
      if (rc < 0)
        return rc;
      continue;
    }
    yaml_event_delete(&ev);
  }
}

int ps_ytree_parse(ps_ytree **out, const char *file, const char *data, size_t len,
                   const ps_ylimits *limits, ps_diags *diags) {
  *out = NULL;
  if (!limits)
    limits = &ps_ylimits_default;
  if (len > limits->max_bytes)
    return ps_error_at(diags, PS_ELIMIT, file, 0, 0, "file is %zu bytes; the limit is %zu bytes",
                       len, limits->max_bytes);
  ps_ytree *tree = calloc(1, sizeof(*tree));
  if (!tree)
    return PS_ENOMEM;
  ps_arena_init(&tree->arena);
  tree->file = ps_arena_strdup(&tree->arena, file);
  if (!tree->file) {
    ps_ytree_free(tree);
    return PS_ENOMEM;
  }
  builder b = {tree, data, len, limits, diags, 0, 0, NULL, 0, 0};
  int rc = scan_raw(&b);
  if (rc == 0)
    rc = scan_fullwidth_syntax(&b);
  if (rc < 0) {
    ps_ytree_free(tree);
    return rc;
  }
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    ps_ytree_free(tree);
    return PS_ENOMEM;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  rc = parse_stream(&b, &parser);
  yaml_parser_delete(&parser);
  free(b.keys);
  if (rc < 0) {
    ps_ytree_free(tree);
    return rc;
  }
  *out = tree;
  return 0;
}

void ps_ytree_free(ps_ytree *tree) {
  if (!tree)
    return;
  ps_arena_free(&tree->arena);
  free(tree);
}

ps_ynode *ps_ymap_get(const ps_ynode *m, const char *key) {
  if (!m || m->kind != PS_YMAP)
    return NULL;
  for (ps_ynode *c = m->first; c; c = c->next)
    if (strcmp(c->key, key) == 0)
      return c;
  return NULL;
}

ps_ynode *ps_ynode_path(const ps_ynode *n, const char *path) {
  char part[128];
  const char *s = path;
  while (n && *s) {
    size_t k = strcspn(s, ".");
    if (k >= sizeof part)
      return NULL;
    memcpy(part, s, k);
    part[k] = '\0';
    n = ps_ymap_get(n, part);
    s += k;
    if (*s == '.')
      s++;
  }
  return (ps_ynode *)n;
}
