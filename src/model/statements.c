#include "statements.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
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

static int starts_with(const char *s, size_t len, const char *prefix) {
  size_t n = strlen(prefix);
  return len >= n && memcmp(s, prefix, n) == 0;
}

/* The length of S (LEN bytes) without a parenthetical that closes it,
 * 「…消去すること（外部サービス提供者に消去させること。）」 -> 「…消去すること」;
 * LEN when it ends in none. */
static size_t before_parenthetical(const char *s, size_t len) {
  static const char open[] = "（", close[] = "）";
  if (!ends_with(s, len, close))
    return len;
  int depth = 0;
  for (size_t i = len; i >= 3; i--) {
    const char *c = s + i - 3;
    if (memcmp(c, close, 3) == 0)
      depth++;
    else if (memcmp(c, open, 3) == 0 && --depth == 0)
      return i - 3;
  }
  return len;
}

/* Whether the sentence S (LEN bytes, trimmed) obliges: 〜こと。 or
 * 〜ならない。 (a prohibition is an obligation too), judged before a
 * parenthetical that ends it (〜消去すること（…させること。）。). */
static int obliges(const char *s, size_t len) {
  if (ends_with(s, len, "。")) {
    len -= 3;
    len = before_parenthetical(s, len);
  }
  return ends_with(s, len, "こと") || ends_with(s, len, "ならない");
}

/* Whether the sentence continues the obligation before it and belongs to
 * its row: 「…する場合も同様とする。」, 「ただし、…は、この限りでない。」. */
static int follows_on(const char *s, size_t len) {
  return ends_with(s, len, "同様とする。") ||
         (starts_with(s, len, "ただし") && ends_with(s, len, "この限りでない。"));
}

/* Finds NEEDLE in S (LEN bytes); NULL when absent. */
static const char *find(const char *s, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(s + i, needle, n) == 0)
      return s + i;
  return NULL;
}

/* A statement of the paragraph being read, kept until the block after the
 * paragraph is known: a list or table it introduces may become part of
 * its text. */
typedef struct {
  ps_buf text;
  unsigned sentence; /* ordinal of its first sentence in the paragraph */
  int introduces;    /* its obliging sentence says 次の: it introduces items to answer */
  int lists;         /* ... items to know rather than to do (次のリスク, 次の脅威) */
} pending;

typedef struct {
  ps_statements *st;
  const ps_document *doc;
  size_t clause;
  const char *prefix; /* 第5の2 */
  unsigned paragraphs; /* the clause's paragraphs (項) */
  unsigned paragraph;  /* the current one, from 1 */
  unsigned sentences;  /* sentences of the current paragraph */
  int says_next;       /* one of them says 次の */
  pending *pend;
  size_t npend, cappend;
  int failed;
} deriver;

static void add(deriver *d, const char *text, size_t len, const char *number) {
  ps_statements *st = d->st;
  if (!number) {
    d->failed = 1;
    return;
  }
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
  s->number = number;
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
  if (!s->text || !s->id)
    d->failed = 1;
  else
    st->count++;
}

/* The separator before a part of a 項番 that begins with a digit: "-"
 * after a digit (5-2-2項), none after a unit (第3条2項, 表1行). */
static const char *joint(const char *prefix) {
  size_t n = strlen(prefix);
  return n && prefix[n - 1] >= '0' && prefix[n - 1] <= '9' ? "-" : "";
}

/* The number of the current paragraph as the reader counts it: 5-2, and
 * 5-2-2項 when the clause has more than one paragraph. */
static const char *base_number(deriver *d) {
  ps_arena *a = &d->st->arena;
  if (d->paragraphs > 1)
    return ps_arena_printf(a, "%s%s%u項", d->prefix, joint(d->prefix), d->paragraph);
  return d->prefix;
}

/* Adds the statements of the paragraph read last. */
static void flush(deriver *d) {
  const char *base = d->npend ? base_number(d) : NULL;
  for (size_t i = 0; i < d->npend; i++) {
    pending *p = &d->pend[i];
    if (!base || p->text.failed)
      d->failed = 1;
    else if (!d->failed) {
      const char *number = d->sentences > 1 ? ps_arena_printf(&d->st->arena, "%s%s%u文", base,
                                                              joint(base), p->sentence)
                                            : base;
      add(d, p->text.ptr, p->text.len, number);
    }
    ps_buf_free(&p->text);
  }
  d->npend = 0;
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

/* Whether the sentence is about the buyer or its users (本市は, 本組合の
 * 利用者は): what they do is no requirement the bidder answers. */
static int buyers_sentence(const char *s, size_t len) {
  static const char *const buyer[] = {"本市", "本組合", "本町", "本村", "本区", "本県"};
  static const char *const topic[] = {"は", "の利用者は", "の職員は"};
  for (size_t i = 0; i < sizeof buyer / sizeof buyer[0]; i++) {
    size_t n = strlen(buyer[i]);
    if (!starts_with(s, len, buyer[i]))
      continue;
    for (size_t j = 0; j < sizeof topic / sizeof topic[0]; j++)
      if (starts_with(s + n, len - n, topic[j]))
        return 1;
  }
  return 0;
}

static void sentence(deriver *d, const char *s, size_t len, unsigned k, int *continues) {
  if (find(s, len, "次の") || find(s, len, "次に掲げる"))
    d->says_next = 1;
  if (obliges(s, len) && !buyers_sentence(s, len)) {
    pending *p = ps_grow(d->pend, &d->cappend, d->npend, sizeof(*p));
    if (!p) {
      d->failed = 1;
      return;
    }
    d->pend = p;
    p = &d->pend[d->npend++];
    p->text = (ps_buf)PS_BUF_INIT;
    ps_buf_append(&p->text, s, len);
    p->sentence = k;
    const char *next = find(s, len, "次の");
    p->introduces = next || find(s, len, "次に掲げる");
    p->lists = next && (starts_with(next + 6, len - (size_t)(next + 6 - s), "リスク") ||
                        starts_with(next + 6, len - (size_t)(next + 6 - s), "脅威"));
    *continues = 1;
  } else if (*continues && d->npend && follows_on(s, len)) {
    ps_buf_append(&d->pend[d->npend - 1].text, s, len);
  } else {
    *continues = 0;
  }
}

/* Calls FN for each sentence of S (LEN bytes) with its ordinal from 1; a
 * sentence ends at 。 outside brackets, so 「（以下「本組合」という。）」
 * does not end one. Returns the number of sentences. */
typedef void sentence_fn(const char *s, size_t len, unsigned k, void *ctx);

static unsigned split(const char *s, size_t len, sentence_fn *fn, void *ctx) {
  const char *end = s + len;
  int depth = 0;
  unsigned k = 0;
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
      if (p > start)
        fn(start, (size_t)(p - start), ++k, ctx);
      start = p = skip_space(p, end);
    }
  }
  return k;
}

typedef struct {
  deriver *d;
  int continues;
} reading;

static void read_sentence(const char *s, size_t len, unsigned k, void *ctx) {
  reading *r = ctx;
  sentence(r->d, s, len, k, &r->continues);
}

/* Reads the sentences of a paragraph. Its obliging sentences, with the
 * sentences that continue them, wait in d->pend. */
static void paragraph(deriver *d, cmark_node *para) {
  ps_buf b = PS_BUF_INIT;
  plain_text(&b, para, '\n');
  if (b.failed) {
    d->failed = 1;
    ps_buf_free(&b);
    return;
  }
  reading r = {d, 0};
  d->says_next = 0;
  d->sentences = split(b.ptr ? b.ptr : "", b.len, read_sentence, &r);
  ps_buf_free(&b);
}

static void count_obliging(const char *s, size_t len, unsigned k, void *ctx) {
  (void)k;
  *(int *)ctx += obliges(s, len);
}

/* Whether an item of list N has a sentence that obliges. */
static int list_obliges(deriver *d, cmark_node *n) {
  int count = 0;
  for (cmark_node *item = cmark_node_first_child(n); item && !count; item = cmark_node_next(item)) {
    ps_buf b = PS_BUF_INIT;
    plain_text(&b, item, '\n');
    if (b.failed)
      d->failed = 1;
    else
      split(b.ptr ? b.ptr : "", b.len, count_obliging, &count);
    ps_buf_free(&b);
  }
  return count > 0;
}

static void cell_text(ps_buf *b, cmark_node *cell) { plain_text(b, cell, '\n'); }

static int is_table(cmark_node *n) { return strcmp(cmark_node_get_type_string(n), "table") == 0; }

/* A table row as one line: its first cell and, in parentheses, each
 * further cell under its column header: 稼働率（要求水準：99.95%以上）. */
static void table_row(ps_buf *b, cmark_node *row, cmark_node *header) {
  cmark_node *h = header ? cmark_node_first_child(header) : NULL;
  size_t col = 0;
  for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c), col++) {
    if (col == 1)
      ps_buf_puts(b, "（");
    else if (col > 1)
      ps_buf_puts(b, "、");
    if (col > 0 && h) {
      size_t before = b->len;
      cell_text(b, h);
      if (b->len > before)
        ps_buf_puts(b, "：");
    }
    cell_text(b, c);
    h = h ? cmark_node_next(h) : NULL;
  }
  if (col > 1)
    ps_buf_puts(b, "）");
}

/* The items of list or table N, one at a time: the marker the reader
 * sees ((1) in a numbered list, ・ otherwise), the item's text, and its
 * ordinal. Returns the number of items. */
typedef void item_fn(deriver *d, const char *marker, const ps_buf *text, unsigned k, int table,
                     void *ctx);

static void each_item(deriver *d, cmark_node *n, item_fn *fn, void *ctx) {
  unsigned k = 0;
  if (is_table(n)) {
    cmark_node *header = cmark_node_first_child(n);
    for (cmark_node *row = header ? cmark_node_next(header) : NULL; row && !d->failed;
         row = cmark_node_next(row)) {
      ps_buf b = PS_BUF_INIT;
      table_row(&b, row, header);
      if (b.failed)
        d->failed = 1;
      else if (b.len)
        fn(d, "・", &b, ++k, 1, ctx);
      ps_buf_free(&b);
    }
    return;
  }
  int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
  int start = cmark_node_get_list_start(n);
  for (cmark_node *item = cmark_node_first_child(n); item && !d->failed;
       item = cmark_node_next(item)) {
    ps_buf b = PS_BUF_INIT;
    plain_text(&b, item, '\n');
    char marker[32] = "・";
    if (ordered)
      snprintf(marker, sizeof marker, "(%d)", start + (int)k);
    if (b.failed)
      d->failed = 1;
    else if (b.len)
      fn(d, marker, &b, ++k, 0, ctx);
    else
      k++;
    ps_buf_free(&b);
  }
}

/* The number of an item as the reader finds it: 2-6-1項(2) for the
 * second item of a numbered list, 8-1表3行 for the third row of a table,
 * 2-2-3番目 for the third of a list without numbers. */
static const char *item_number(deriver *d, const char *marker, unsigned k, int table) {
  ps_arena *a = &d->st->arena;
  const char *base = base_number(d);
  if (!base)
    return NULL;
  if (table)
    return ps_arena_printf(a, "%s表%u行", base, k);
  if (marker[0] == '(')
    return ps_arena_printf(a, "%s%s", base, marker);
  return ps_arena_printf(a, "%s%s%u番目", base, joint(base), k);
}

static void own_row(deriver *d, const char *marker, const ps_buf *text, unsigned k, int table,
                    void *ctx) {
  (void)ctx;
  add(d, text->ptr, text->len, item_number(d, marker, k, table));
}

static void inline_item(deriver *d, const char *marker, const ps_buf *text, unsigned k, int table,
                        void *ctx) {
  (void)d, (void)k, (void)table;
  ps_buf *b = ctx;
  ps_buf_putc(b, '\n');
  ps_buf_puts(b, marker);
  if (marker[0] == '(')
    ps_buf_putc(b, ' ');
  ps_buf_append(b, text->ptr, text->len);
}

static void loose_item(deriver *d, const char *marker, const ps_buf *text, unsigned k, int table,
                       void *ctx);

/* The list or table N after the paragraph read last. The statement that
 * says 次の introduces it: each item is a row of its own, numbered as the
 * reader finds it. Items to know rather than to do (次のリスク, 次の脅威,
 * the exceptions of a ただし), and the items of a list or table a
 * paragraph introduces without obliging (次のとおりとする。受注者は、これ
 * に…こと。), stay in the text of the paragraph's last statement. A list
 * no sentence introduces is read for obligations of its own. */
static void hang(deriver *d, cmark_node *n) {
  size_t i = d->npend;
  while (i > 0 && !d->pend[i - 1].introduces)
    i--;
  pending *p = i > 0 ? &d->pend[i - 1] : &d->pend[d->npend - 1];
  if (i > 0 && !p->lists) {
    flush(d);
    each_item(d, n, own_row, NULL);
  } else if (i == 0 && !d->says_next && !is_table(n) && list_obliges(d, n)) {
    flush(d);
    each_item(d, n, loose_item, n);
  } else {
    each_item(d, n, inline_item, &p->text);
    flush(d);
  }
}

static void blocks(deriver *d, cmark_node *parent);

/* The obliging sentences inside the items of a list no statement
 * introduces, numbered by the item. */
static void loose_item(deriver *d, const char *marker, const ps_buf *text, unsigned k, int table,
                       void *ctx) {
  (void)text;
  cmark_node *item = cmark_node_first_child(ctx);
  for (unsigned i = 1; item && i < k; i++)
    item = cmark_node_next(item);
  const char *saved = d->prefix;
  unsigned paragraphs = d->paragraphs, paragraph = d->paragraph;
  d->prefix = item_number(d, marker, k, table);
  d->paragraphs = 1;
  if (!d->prefix)
    d->failed = 1;
  else if (item)
    blocks(d, item);
  flush(d);
  d->prefix = saved;
  d->paragraphs = paragraphs;
  d->paragraph = paragraph;
}

static void block(deriver *d, cmark_node *n) {
  cmark_node_type t = cmark_node_get_type(n);
  if (t == CMARK_NODE_PARAGRAPH) {
    flush(d);
    d->paragraph++;
    paragraph(d, n);
  } else if ((t == CMARK_NODE_LIST || is_table(n)) && d->npend) {
    hang(d, n);
  } else {
    flush(d);
    if (t == CMARK_NODE_LIST)
      each_item(d, n, loose_item, n);
    else if (t == CMARK_NODE_BLOCK_QUOTE)
      blocks(d, n);
  }
}

static void blocks(deriver *d, cmark_node *parent) {
  for (cmark_node *n = cmark_node_first_child(parent); n && !d->failed; n = cmark_node_next(n))
    block(d, n);
  flush(d);
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

/* 5-2 for clause 2 of chapter 5 (第5の2); the article number (第3条) in a
 * document numbered by articles; the title where there is no number. */
static const char *clause_prefix(ps_arena *a, const ps_document *doc, const ps_clause *c) {
  if (doc->numbering == PS_NUM_CHAPTERS && c->number[0])
    return ps_arena_printf(a, "%zu-%s", doc->sections[c->section].number, c->number);
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
  deriver d;
  memset(&d, 0, sizeof d);
  d.st = st;
  d.doc = doc;
  d.failed = !st->title || !st->version || !st->date || !st->organization;
  for (size_t i = 0; i < doc->nclauses && !d.failed; i++) {
    d.clause = i;
    d.paragraph = 0;
    d.paragraphs = 0;
    for (cmark_node *n = cmark_node_first_child(doc->clauses[i].body); n; n = cmark_node_next(n))
      d.paragraphs += cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH;
    d.prefix = clause_prefix(&st->arena, doc, &doc->clauses[i]);
    if (!d.prefix)
      d.failed = 1;
    else
      blocks(&d, doc->clauses[i].body);
  }
  flush(&d);
  free(d.pend);
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

/* Reads the decimal digits at *S (at most 9) into OUT, moving *S past
 * them; 0 when there are none. */
static int old_digits(const char **s, char out[16]) {
  size_t n = 0;
  while (n < 9 && **s >= '0' && **s <= '9')
    out[n++] = *(*s)++;
  out[n] = '\0';
  return n > 0 && !(**s >= '0' && **s <= '9');
}

/* Whether *S begins with LIT; moves *S past it when it does. */
static int old_lit(const char **s, const char *lit) {
  size_t n = strlen(lit);
  if (strncmp(*s, lit, n) != 0)
    return 0;
  *s += n;
  return 1;
}

const char *ps_statement_number_update(ps_arena *a, const char *number) {
  const char *s = number;
  char x[16], y[16];
  ps_buf b = PS_BUF_INIT;
  int ok = 0;
  if (old_lit(&s, "第") && old_digits(&s, x)) {
    if (old_lit(&s, "の") && old_digits(&s, y))
      ps_buf_printf(&b, "%s-%s", x, y), ok = 1;
    else if (old_lit(&s, "条"))
      ps_buf_printf(&b, "第%s条", x), ok = 1;
  }
  while (ok && *s) {
    /* A part that begins with a digit follows a digit after a "-". */
    const char *dash = b.len && b.ptr[b.len - 1] >= '0' && b.ptr[b.len - 1] <= '9' ? "-" : "";
    const char *at = s;
    if (old_lit(&s, "第") && old_digits(&s, x) && (old_lit(&s, "項") || old_lit(&s, "文")))
      ps_buf_printf(&b, "%s%s%.3s", dash, x, s - 3); /* 項 or 文: three bytes */
    else if ((s = at, old_lit(&s, "表")) && old_digits(&s, x) && old_lit(&s, "行目"))
      ps_buf_printf(&b, "表%s行", x);
    else if ((s = at, old_lit(&s, "の")) && old_digits(&s, x) && old_lit(&s, "番目"))
      ps_buf_printf(&b, "%s%s番目", dash, x);
    else if ((s = at, old_lit(&s, "(")) && old_digits(&s, x) && old_lit(&s, ")"))
      ps_buf_printf(&b, "(%s)", x);
    else
      ok = 0;
  }
  const char *out = ok && !b.failed ? ps_arena_strndup(a, b.ptr, b.len)
                                    : ps_arena_strdup(a, number);
  ps_buf_free(&b);
  return out;
}
