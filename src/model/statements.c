#include "statements.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmark_mem.h"

void ps_sha256_hex(char out[65], const void *data, size_t len) {
  struct sha256_ctx ctx;
  unsigned char digest[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  sha256_update(&ctx, len, data);
  sha256_digest(&ctx, sizeof digest, digest);
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < sizeof digest; i++) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  out[64] = '\0';
}

/* The plain text of a node: its text and code, soft breaks dropped (the
 * text is Japanese), hard breaks and block ends as SEP. */
static void plain_text(ps_buf *b, cmark_node *node, char sep) {
  cmark_iter *it = ps_cmark_iter_new(node);
  if (!it) {
    b->failed = 1;
    return;
  }
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
      ps_buf_puts(b, cmark_node_get_literal(n));
    else if ((ev == CMARK_EVENT_ENTER && t == CMARK_NODE_LINEBREAK) ||
             (ev == CMARK_EVENT_EXIT && n != node && b->len && b->ptr[b->len - 1] != sep &&
              (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING)))
      ps_buf_putc(b, sep);
  }
  cmark_iter_free(it);
  while (b->len && (b->ptr[b->len - 1] == sep || b->ptr[b->len - 1] == ' '))
    b->ptr[--b->len] = '\0';
}

static int ends_with(const char *s, size_t len, const char *suffix) {
  size_t n = strlen(suffix);
  return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Whether the sentence S (LEN bytes, trimmed) obliges: 〜こと。 or
 * 〜ならない。 (a prohibition is an obligation too). */
static int obliges(const char *s, size_t len) {
  return ends_with(s, len, "こと。") || ends_with(s, len, "ならない。") ||
         ends_with(s, len, "こと");
}

typedef struct {
  ps_statements *st;
  const ps_document *doc;
  size_t clause;
  const char *prefix; /* 第5の2 */
  unsigned statement; /* (k) of the clause */
  unsigned sub;       /* ア, イ… under statement k */
  int introduces;     /* the last block ended in an obligation */
  int failed;
} deriver;

static const char *const kana[] = {
    "ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ", "ス", "セ", "ソ",
    "タ", "チ", "ツ", "テ", "ト", "ナ", "ニ", "ヌ", "ネ", "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ",
    "マ", "ミ", "ム", "メ", "モ", "ヤ", "ユ", "ヨ", "ラ", "リ", "ル", "レ", "ロ", "ワ"};

static void add(deriver *d, const char *text, size_t len, int sub) {
  ps_statements *st = d->st;
  ps_statement *items = ps_grow(st->items, &st->cap, st->count, sizeof(*items));
  if (!items) {
    d->failed = 1;
    return;
  }
  st->items = items;
  ps_arena *a = &st->arena;
  ps_statement *s = &st->items[st->count];
  s->clause = d->clause;
  s->text = ps_arena_strndup(a, text, len);
  if (sub) {
    unsigned k = d->sub++;
    s->number = k < sizeof kana / sizeof kana[0]
                    ? ps_arena_printf(a, "%s(%u)%s", d->prefix, d->statement, kana[k])
                    : ps_arena_printf(a, "%s(%u)-%u", d->prefix, d->statement, k + 1);
  } else {
    d->sub = 0;
    s->number = ps_arena_printf(a, "%s(%u)", d->prefix, ++d->statement);
  }
  char hash[65];
  ps_sha256_hex(hash, text, len);
  const char *cid = d->doc->clauses[d->clause].id;
  s->id = ps_arena_printf(a, "%s#%.8s", cid, hash);
  for (unsigned n = 2; s->id; n++) {
    size_t i = 0;
    while (i < st->count && strcmp(st->items[i].id, s->id) != 0)
      i++;
    if (i == st->count)
      break;
    s->id = ps_arena_printf(a, "%s#%.8s-%u", cid, hash, n);
  }
  if (!s->text || !s->number || !s->id)
    d->failed = 1;
  else
    st->count++;
}

/* Skips ASCII and ideographic spaces at the start of S. */
static const char *skip_space(const char *s, const char *end) {
  for (;;) {
    if (s < end && (*s == ' ' || *s == '\n' || *s == '\t'))
      s++;
    else if (end - s >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
      s += 3;
    else
      return s;
  }
}

/* Adds the obliging sentences of a paragraph; a sentence ends at 。 outside
 * brackets, so 「（以下「本組合」という。）」 does not end one. Returns
 * whether the last sentence obliges. */
static int paragraph(deriver *d, cmark_node *para) {
  ps_buf b = PS_BUF_INIT;
  plain_text(&b, para, '\n');
  if (b.failed) {
    d->failed = 1;
    ps_buf_free(&b);
    return 0;
  }
  const char *s = b.ptr ? b.ptr : "", *end = s + b.len;
  int depth = 0, last = 0;
  const char *start = skip_space(s, end);
  for (const char *p = start; p < end;) {
    int bracket_open = (end - p >= 3) && (memcmp(p, "（", 3) == 0 || memcmp(p, "「", 3) == 0 ||
                                          memcmp(p, "『", 3) == 0);
    int bracket_close = (end - p >= 3) && (memcmp(p, "）", 3) == 0 || memcmp(p, "」", 3) == 0 ||
                                           memcmp(p, "』", 3) == 0);
    int stop = depth == 0 && end - p >= 3 && memcmp(p, "。", 3) == 0;
    depth += bracket_open - bracket_close;
    depth = depth < 0 ? 0 : depth;
    p += (*p & 0x80) ? ((*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4) : 1;
    if (p > end)
      p = end;
    if (stop || p == end) {
      size_t len = (size_t)(p - start);
      last = len > 0 && obliges(start, len);
      if (last)
        add(d, start, len, 0);
      start = p = skip_space(p, end);
    }
  }
  ps_buf_free(&b);
  return last;
}

static void cell_text(ps_buf *b, cmark_node *cell) { plain_text(b, cell, '\n'); }

/* A table row introduced by an obligation: its first cell and, in
 * parentheses, each further cell under its column header:
 * 稼働率（月間）（要求水準：99.95%以上）. */
static void table_row(deriver *d, cmark_node *row, cmark_node *header) {
  ps_buf b = PS_BUF_INIT;
  cmark_node *h = header ? cmark_node_first_child(header) : NULL;
  size_t col = 0;
  for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c), col++) {
    if (col == 1)
      ps_buf_puts(&b, "（");
    else if (col > 1)
      ps_buf_puts(&b, "、");
    if (col > 0 && h) {
      size_t before = b.len;
      cell_text(&b, h);
      if (b.len > before)
        ps_buf_puts(&b, "：");
    }
    cell_text(&b, c);
    h = h ? cmark_node_next(h) : NULL;
  }
  if (col > 1)
    ps_buf_puts(&b, "）");
  if (b.failed)
    d->failed = 1;
  else if (b.len)
    add(d, b.ptr, b.len, 1);
  ps_buf_free(&b);
}

static void blocks(deriver *d, cmark_node *parent);

static void block(deriver *d, cmark_node *n) {
  cmark_node_type t = cmark_node_get_type(n);
  int introduced = d->introduces;
  d->introduces = 0;
  if (t == CMARK_NODE_PARAGRAPH) {
    d->introduces = paragraph(d, n);
  } else if (t == CMARK_NODE_LIST && introduced) {
    for (cmark_node *item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
      ps_buf b = PS_BUF_INIT;
      plain_text(&b, item, '\n');
      if (b.failed)
        d->failed = 1;
      else if (b.len)
        add(d, b.ptr, b.len, 1);
      ps_buf_free(&b);
    }
  } else if (t == CMARK_NODE_LIST || t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE) {
    blocks(d, n);
  } else if (strcmp(cmark_node_get_type_string(n), "table") == 0 && introduced) {
    cmark_node *header = cmark_node_first_child(n);
    for (cmark_node *row = cmark_node_next(header); row; row = cmark_node_next(row))
      table_row(d, row, header);
  }
}

static void blocks(deriver *d, cmark_node *parent) {
  for (cmark_node *n = cmark_node_first_child(parent); n && !d->failed; n = cmark_node_next(n))
    block(d, n);
}

/* The canonical text the fingerprint is taken of: the title block, then
 * each clause's ID, heading and plain text. */
static int fingerprint(ps_statements *st, const ps_document *doc) {
  ps_buf b = PS_BUF_INIT;
  ps_buf_printf(&b, "procspec-document/1\n%s\n%s\n%s\n%s\n", doc->kind, doc->title,
                doc->version ? doc->version : "", doc->date ? doc->date : "");
  for (size_t i = 0; i < doc->nclauses; i++) {
    const ps_clause *c = &doc->clauses[i];
    ps_buf_printf(&b, "\n[%s]\n%s\n%s\n", c->id, doc->sections[c->section].heading, c->heading);
    plain_text(&b, c->body, '\n');
    ps_buf_putc(&b, '\n');
  }
  if (b.failed) {
    ps_buf_free(&b);
    return PS_ENOMEM;
  }
  ps_sha256_hex(st->fingerprint, b.ptr, b.len);
  ps_buf_free(&b);
  return 0;
}

/* 第5の2 for clause 2 of chapter 5; the article number (第3条) in a
 * document numbered by articles; the title where there is no number. */
static const char *clause_prefix(ps_arena *a, const ps_document *doc, const ps_clause *c) {
  if (doc->numbering == PS_NUM_CHAPTERS && c->number[0])
    return ps_arena_printf(a, "第%zuの%s", doc->sections[c->section].number, c->number);
  return ps_arena_strdup(a, c->number[0] ? c->number : c->title);
}

/* Reads a decimal number of at most WIDTH characters (after leading
 * blanks, as sscanf's %Nd does) at *S into *OUT and moves *S past it.
 * Returns -1 when there is none. */
static int date_field(const char **s, size_t width, int *out) {
  const char *p = *s;
  while (isspace((unsigned char)*p))
    p++;
  char field[8];
  size_t n = 0;
  while (n < width && n < sizeof field - 1 && p[n])
    field[n] = p[n], n++;
  field[n] = '\0';
  char *end;
  errno = 0;
  long v = strtol(field, &end, 10);
  if (end == field || errno == ERANGE || v < INT_MIN || v > INT_MAX)
    return -1;
  *out = (int)v;
  *s = p + (end - field);
  return 0;
}

/* The YYYY-MM-DD at the start of ISO (what follows is ignored): 0, or -1
 * when it does not begin so. */
static int parse_date(const char *iso, int *year, int *month, int *day) {
  const char *p = iso;
  if (date_field(&p, 4, year) < 0 || *p++ != '-' || date_field(&p, 2, month) < 0 || *p++ != '-' ||
      date_field(&p, 2, day) < 0)
    return -1;
  return 0;
}

int ps_statements_build(ps_statements **out, const ps_document *doc) {
  *out = NULL;
  ps_statements *st = calloc(1, sizeof(*st));
  if (!st)
    return PS_ENOMEM;
  ps_arena_init(&st->arena);
  st->title = ps_arena_strdup(&st->arena, doc->title);
  st->version = ps_arena_strdup(&st->arena, doc->version ? doc->version : "");
  st->date = ps_arena_strdup(&st->arena, doc->date ? doc->date : "");
  st->organization = ps_arena_strdup(&st->arena, doc->organization ? doc->organization : "");
  if (doc->iso_date && parse_date(doc->iso_date, &st->year, &st->month, &st->day) < 0)
    st->year = st->month = st->day = 0;
  deriver d = {st, doc, 0, NULL,
               0,  0,   0, !st->title || !st->version || !st->date || !st->organization};
  for (size_t i = 0; i < doc->nclauses && !d.failed; i++) {
    d.clause = i;
    d.statement = d.sub = 0;
    d.introduces = 0;
    d.prefix = clause_prefix(&st->arena, doc, &doc->clauses[i]);
    if (!d.prefix)
      d.failed = 1;
    else
      blocks(&d, doc->clauses[i].body);
  }
  if (d.failed || fingerprint(st, doc) < 0) {
    ps_statements_free(st);
    return PS_ENOMEM;
  }
  *out = st;
  return 0;
}

void ps_statements_free(ps_statements *st) {
  if (!st)
    return;
  free(st->items);
  ps_arena_free(&st->arena);
  free(st);
}
