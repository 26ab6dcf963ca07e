#include "textdiff.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* ---- characters ---- */

/* The code point at S[I] (of LEN bytes) and its length in *K; a stray byte
 * counts as one character of its own. */
static unsigned cp_at(const char *s, size_t len, size_t i, size_t *k) {
  const unsigned char *p = (const unsigned char *)s + i;
  size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 1;
  if (i + n > len)
    n = 1;
  for (size_t j = 1; j < n; j++)
    if ((p[j] & 0xc0) != 0x80)
      n = 1;
  *k = n;
  if (n == 1)
    return p[0];
  unsigned c = p[0] & (0x7f >> n);
  for (size_t j = 1; j < n; j++)
    c = (c << 6) | (p[j] & 0x3f);
  return c;
}

typedef enum { C_OTHER, C_DIGIT, C_ALPHA, C_KANJI, C_HIRAGANA, C_KATAKANA } char_class;

static char_class class_of(unsigned c) {
  if ((c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19))
    return C_DIGIT;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xff21 && c <= 0xff3a) ||
      (c >= 0xff41 && c <= 0xff5a))
    return C_ALPHA;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c == 0x3005 || c == 0x3006 ||
      (c >= 0xf900 && c <= 0xfaff))
    return C_KANJI;
  if ((c >= 0x3041 && c <= 0x3096) || c == 0x309d || c == 0x309e)
    return C_HIRAGANA;
  if ((c >= 0x30a1 && c <= 0x30fa) || (c >= 0x30fc && c <= 0x30fe) || (c >= 0xff66 && c <= 0xff9f))
    return C_KATAKANA;
  return C_OTHER;
}

/* ---- tokens ---- */

typedef struct {
  const char *s;
  size_t len;
} text;

static unsigned peek(const text *t, size_t i, size_t *k) {
  if (i >= t->len) {
    *k = 0;
    return 0;
  }
  return cp_at(t->s, t->len, i, k);
}

static int starts(const text *t, size_t i, const char *word) {
  size_t n = strlen(word);
  return i + n <= t->len && memcmp(t->s + i, word, n) == 0;
}

/* The end of the run of class C (or of digits and letters, for C_ALPHA)
 * that starts at I. */
static size_t run_end(const text *t, size_t i, char_class c) {
  size_t k;
  while (i < t->len) {
    char_class got = class_of(peek(t, i, &k));
    if (!(got == c || (c == C_ALPHA && got == C_DIGIT)))
      break;
    i += k;
  }
  return i;
}

/* Marks that may join two runs of digits and letters inside one code or
 * number: 99.95, 1,000, 2026-04-01, 9:00, ISO/IEC, snake_case. */
static int joiner(unsigned c) {
  return c == '.' || c == ',' || c == ':' || c == '-' || c == '/' || c == '_' || c == 0xff0e ||
         c == 0xff0c || c == 0xff1a;
}

/* Units that belong to the number before them (longest first). */
static const char *const units[] = {
    "か月", "ヶ月", "カ月", "ケ月", "箇月", "か年", "営業日", "時間", "分間", "秒間", "日間",
    "週間", "年間", "世代", "万円", "千円", "億円", "％",     "%",    "時",   "分",   "秒",
    "日",   "週",   "月",   "年",   "回",   "件",   "名",     "人",   "円",   "倍",   "条",
    "項",   "号",   "章",   "節",   "版",   "次",   "桁",     "文字", "台",   "部",   "箇所"};

/* "年M月D日" after a year (2026年4月1日, 令和8年4月): the end, or I. */
static size_t date_tail(const text *t, size_t i) {
  size_t k;
  if (!starts(t, i, "年") || class_of(peek(t, i + 3, &k)) != C_DIGIT)
    return i;
  size_t j = run_end(t, i + 3, C_DIGIT);
  if (!starts(t, j, "月"))
    return i;
  j += 3;
  size_t d = run_end(t, j, C_DIGIT);
  return d > j && starts(t, d, "日") ? d + 3 : j;
}

/* A number or code starting at I (its first character a digit or a
 * letter): joined runs, then a date's tail or a unit. */
static size_t number_end(const text *t, size_t i) {
  size_t j = run_end(t, i, C_ALPHA), k, k2;
  for (;;) {
    unsigned c = peek(t, j, &k);
    if (!k || !joiner(c))
      break;
    char_class next = class_of(peek(t, j + k, &k2));
    if (next != C_DIGIT && next != C_ALPHA)
      break;
    if ((c == ',' || c == 0xff0c) && next != C_DIGIT)
      break;
    j = run_end(t, j + k, C_ALPHA);
  }
  size_t last;
  size_t back = j - 1;
  while (back > i && (((unsigned char)t->s[back]) & 0xc0) == 0x80)
    back--;
  if (class_of(cp_at(t->s, t->len, back, &last)) != C_DIGIT)
    return j; /* a word: no unit */
  size_t d = date_tail(t, j);
  if (d != j)
    return d;
  for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
    if (starts(t, j, units[u]))
      return j + strlen(units[u]);
  return j;
}

/* An article number: 第3条, 第2の4, 第1; or I when none starts at I. */
static size_t article_end(const text *t, size_t i) {
  size_t k;
  if (!starts(t, i, "第") || class_of(peek(t, i + 3, &k)) != C_DIGIT)
    return i;
  size_t j = number_end(t, i + 3);
  if (starts(t, j, "の") && class_of(peek(t, j + 3, &k)) == C_DIGIT)
    j = number_end(t, j + 3);
  return j;
}

/* A date in a Japanese era: 令和8年4月1日, 令和元年; or I. */
static size_t era_end(const text *t, size_t i) {
  static const char *const eras[] = {"令和", "平成", "昭和"};
  size_t k;
  for (size_t e = 0; e < 3; e++) {
    if (!starts(t, i, eras[e]))
      continue;
    size_t j = i + 6;
    if (starts(t, j, "元"))
      j += 3;
    else if (class_of(peek(t, j, &k)) == C_DIGIT)
      j = run_end(t, j, C_DIGIT);
    else
      return i;
    size_t d = date_tail(t, j);
    return d != j ? d : starts(t, j, "年") ? j + 3 : i;
  }
  return i;
}

static int sentence_end(unsigned c) {
  return c == 0x3002 || c == 0xff01 || c == 0xff1f || c == '!' || c == '?' || c == '\n';
}

/* The end of the token that starts at I. */
static size_t token_end(const text *t, size_t i, ps_granularity g) {
  size_t k;
  unsigned c = peek(t, i, &k);
  if (g == PS_GRANULARITY_SENTENCE) {
    while (i < t->len && !sentence_end(c))
      c = peek(t, i += k, &k);
    return i < t->len ? i + k : i;
  }
  size_t j;
  if ((j = article_end(t, i)) != i || (j = era_end(t, i)) != i)
    return j;
  char_class cl = class_of(c);
  if (cl == C_DIGIT || cl == C_ALPHA)
    return number_end(t, i);
  if (g == PS_GRANULARITY_WORD && (cl == C_KANJI || cl == C_HIRAGANA || cl == C_KATAKANA))
    return run_end(t, i, cl);
  return i + k;
}

static long tokenize(ps_token **tokens, const text *t, ps_granularity g) {
  size_t cap = 0, n = 0;
  *tokens = NULL;
  for (size_t i = 0; i < t->len;) {
    size_t end = token_end(t, i, g);
    ps_token *p = ps_grow(*tokens, &cap, n, sizeof *p);
    if (!p) {
      free(*tokens);
      *tokens = NULL;
      return -1;
    }
    *tokens = p;
    (*tokens)[n++] = (ps_token){i, end - i};
    i = end;
  }
  if (!*tokens && !(*tokens = calloc(1, sizeof **tokens)))
    return -1;
  return (long)n;
}

long ps_tokenize(ps_token **tokens, const char *s, ps_granularity g) {
  text t = {s, strlen(s)};
  return tokenize(tokens, &t, g);
}

/* ---- comparing ---- */

/* Joins adjacent stretches of one kind before they reach the caller. */
typedef struct {
  ps_text_run run;
  void *ctx;
  ps_op_kind kind;
  const char *s;
  size_t len;
  int rc;
} emitter;

static void flush(emitter *e) {
  if (e->len && e->rc == 0)
    e->rc = e->run(e->ctx, e->kind, e->s, e->len);
  e->len = 0;
}

static void emit(emitter *e, ps_op_kind kind, const char *s, size_t len) {
  if (!len)
    return;
  if (e->len && e->kind == kind && e->s + e->len == s) {
    e->len += len;
    return;
  }
  flush(e);
  e->kind = kind;
  e->s = s;
  e->len = len;
}

typedef struct {
  const char *a, *b;
  const ps_token *ta, *tb;
} token_pair;

static int token_eq(const void *ctx, size_t i, size_t j) {
  const token_pair *p = ctx;
  return p->ta[i].len == p->tb[j].len &&
         memcmp(p->a + p->ta[i].off, p->b + p->tb[j].off, p->ta[i].len) == 0;
}

/* The tokens of A and B at G and their difference: the number of runs,
 * or PS_MYERS_TOO_DIFFERENT or PS_MYERS_NOMEM. */
typedef struct {
  ps_token *ta, *tb;
  ps_op *ops;
  long nops;
} token_diff;

static void token_diff_run(token_diff *d, const text *a, const text *b, ps_granularity g) {
  memset(d, 0, sizeof *d);
  long na = tokenize(&d->ta, a, g), nb = tokenize(&d->tb, b, g);
  token_pair pair = {a->s, b->s, d->ta, d->tb};
  d->nops = na >= 0 && nb >= 0
                ? ps_myers(&d->ops, (size_t)na, (size_t)nb, token_eq, &pair, PS_TEXT_MAX_EDITS)
                : PS_MYERS_NOMEM; /* tokenize fails for want of memory only */
}

static void token_diff_free(token_diff *d) {
  free(d->ops);
  free(d->ta);
  free(d->tb);
}

/* A run's bytes: where it starts and how long it is. */
static const char *op_text(const token_diff *d, const ps_op *op, const text *a, const text *b,
                           size_t *len) {
  const char *src = op->kind == PS_OP_INSERT ? b->s : a->s;
  const ps_token *t = op->kind == PS_OP_INSERT ? &d->tb[op->b] : &d->ta[op->a];
  *len = t[op->len - 1].off + t[op->len - 1].len - t[0].off;
  return src + t[0].off;
}

/* Whether the tokens D of two texts have enough in common (equal tokens,
 * twice, over the tokens of both). */
static int similar_tokens(const token_diff *d) {
  size_t same = 0, total = 0;
  for (long i = 0; i < d->nops; i++) {
    size_t n = d->ops[i].len * (d->ops[i].kind == PS_OP_EQUAL ? 2 : 1);
    total += n;
    same += d->ops[i].kind == PS_OP_EQUAL ? n : 0;
  }
  return d->nops >= 0 && (double)same >= PS_TEXT_MIN_SIMILARITY * (double)total;
}

/* Two sentences, token by token, when they have enough in common: then
 * emits them and returns 1; else emits nothing and returns 0. */
static int sentence_pair(emitter *e, const text *a, const text *b, ps_granularity g) {
  token_diff d;
  token_diff_run(&d, a, b, g);
  if (d.nops == PS_MYERS_NOMEM) {
    e->rc = e->rc ? e->rc : PS_ENOMEM;
    token_diff_free(&d);
    return 1; /* nothing more is emitted: the difference has failed */
  }
  int similar = similar_tokens(&d);
  for (long i = 0; similar && i < d.nops; i++) {
    size_t len;
    const char *s = op_text(&d, &d.ops[i], a, b, &len);
    emit(e, d.ops[i].kind, s, len);
  }
  token_diff_free(&d);
  return similar;
}

int ps_text_similar(const char *a, const char *b) {
  text ta = {a, strlen(a)}, tb = {b, strlen(b)};
  token_diff d;
  token_diff_run(&d, &ta, &tb, PS_GRANULARITY_WORD);
  int similar = d.nops == PS_MYERS_NOMEM ? PS_ENOMEM : similar_tokens(&d);
  token_diff_free(&d);
  return similar;
}

/* The sentences between two equal stretches: OLD's A[0..na) against NEW's
 * B[0..nb). Similar sentences are paired in order and compared token by
 * token; the others are deleted or inserted whole. */
static void hunk(emitter *e, const text *a, const ps_token *sa, size_t na, const text *b,
                 const ps_token *sb, size_t nb, ps_granularity g) {
  size_t i = 0, j = 0;
  while (i < na || j < nb) {
    text x = {i < na ? a->s + sa[i].off : NULL, i < na ? sa[i].len : 0};
    text y = {j < nb ? b->s + sb[j].off : NULL, j < nb ? sb[j].len : 0};
    if (i < na && j < nb && g != PS_GRANULARITY_SENTENCE && sentence_pair(e, &x, &y, g)) {
      i++, j++;
    } else if (i < na && (na - i >= nb - j || g == PS_GRANULARITY_SENTENCE)) {
      emit(e, PS_OP_DELETE, x.s, x.len);
      i++;
    } else {
      emit(e, PS_OP_INSERT, y.s, y.len);
      j++;
    }
  }
}

static void by_sentences(emitter *e, const text *a, const text *b, ps_granularity g) {
  token_diff d;
  token_diff_run(&d, a, b, PS_GRANULARITY_SENTENCE);
  if (d.nops == PS_MYERS_NOMEM)
    e->rc = e->rc ? e->rc : PS_ENOMEM;
  else if (d.nops < 0) { /* too different: replaced whole */
    emit(e, PS_OP_DELETE, a->s, a->len);
    emit(e, PS_OP_INSERT, b->s, b->len);
  }
  for (long i = 0; i < d.nops;) {
    size_t len;
    if (d.ops[i].kind == PS_OP_EQUAL) {
      const char *s = op_text(&d, &d.ops[i], a, b, &len);
      emit(e, PS_OP_EQUAL, s, len);
      i++;
      continue;
    }
    size_t a0 = d.ops[i].a, b0 = d.ops[i].b, na = 0, nb = 0;
    for (; i < d.nops && d.ops[i].kind != PS_OP_EQUAL; i++) {
      if (d.ops[i].kind == PS_OP_DELETE)
        a0 = na ? a0 : d.ops[i].a, na += d.ops[i].len;
      else
        b0 = nb ? b0 : d.ops[i].b, nb += d.ops[i].len;
    }
    hunk(e, a, d.ta + a0, na, b, d.tb + b0, nb, g);
  }
  token_diff_free(&d);
}

int ps_diff_text(const char *a, const char *b, ps_granularity g, ps_text_run run, void *ctx) {
  text ta = {a, strlen(a)}, tb = {b, strlen(b)};
  emitter e = {run, ctx, PS_OP_EQUAL, NULL, 0, 0};
  by_sentences(&e, &ta, &tb, g);
  flush(&e);
  return e.rc;
}
