#include "chars.h"

#include <stdio.h>
#include <string.h>

#include "procspec/procspec.h"
#include "i18n.h"

size_t ps_utf8_next(const char *s, size_t n, unsigned *cp) {
  const unsigned char *p = (const unsigned char *)s;
  unsigned c = p[0];
  *cp = c;
  if (c < 0x80)
    return 1;
  size_t len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
  if (len == 0 || len > n)
    return 0;
  unsigned v = c & (0x7f >> len);
  for (size_t k = 1; k < len; k++) {
    if ((p[k] & 0xc0) != 0x80)
      return 0;
    v = (v << 6) | (p[k] & 0x3f);
  }
  static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < least[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
    return 0;
  *cp = v;
  return len;
}

/* Sorted by code point. */
static const struct {
  unsigned cp;
  const char *name;
} names[] = {
    {0x0085, N_("NEXT LINE")},
    {0x00a0, N_("NO-BREAK SPACE")},
    {0x00ad, N_("SOFT HYPHEN")},
    {0x061c, N_("ARABIC LETTER MARK")},
    {0x115f, N_("HANGUL CHOSEONG FILLER")},
    {0x1160, N_("HANGUL JUNGSEONG FILLER")},
    {0x180e, N_("MONGOLIAN VOWEL SEPARATOR")},
    {0x2000, N_("EN QUAD")},
    {0x2001, N_("EM QUAD")},
    {0x2002, N_("EN SPACE")},
    {0x2003, N_("EM SPACE")},
    {0x2004, N_("THREE-PER-EM SPACE")},
    {0x2005, N_("FOUR-PER-EM SPACE")},
    {0x2006, N_("SIX-PER-EM SPACE")},
    {0x2007, N_("FIGURE SPACE")},
    {0x2008, N_("PUNCTUATION SPACE")},
    {0x2009, N_("THIN SPACE")},
    {0x200a, N_("HAIR SPACE")},
    {0x200b, N_("ZERO WIDTH SPACE")},
    {0x200c, N_("ZERO WIDTH NON-JOINER")},
    {0x200d, N_("ZERO WIDTH JOINER")},
    {0x200e, N_("LEFT-TO-RIGHT MARK")},
    {0x200f, N_("RIGHT-TO-LEFT MARK")},
    {0x2028, N_("LINE SEPARATOR")},
    {0x2029, N_("PARAGRAPH SEPARATOR")},
    {0x202a, N_("LEFT-TO-RIGHT EMBEDDING")},
    {0x202b, N_("RIGHT-TO-LEFT EMBEDDING")},
    {0x202c, N_("POP DIRECTIONAL FORMATTING")},
    {0x202d, N_("LEFT-TO-RIGHT OVERRIDE")},
    {0x202e, N_("RIGHT-TO-LEFT OVERRIDE")},
    {0x202f, N_("NARROW NO-BREAK SPACE")},
    {0x205f, N_("MEDIUM MATHEMATICAL SPACE")},
    {0x2060, N_("WORD JOINER")},
    {0x2061, N_("FUNCTION APPLICATION")},
    {0x2062, N_("INVISIBLE TIMES")},
    {0x2063, N_("INVISIBLE SEPARATOR")},
    {0x2064, N_("INVISIBLE PLUS")},
    {0x2066, N_("LEFT-TO-RIGHT ISOLATE")},
    {0x2067, N_("RIGHT-TO-LEFT ISOLATE")},
    {0x2068, N_("FIRST STRONG ISOLATE")},
    {0x2069, N_("POP DIRECTIONAL ISOLATE")},
    {0x3000, N_("IDEOGRAPHIC SPACE")},
    {0x3164, N_("HANGUL FILLER")},
    {0xfeff, N_("BYTE ORDER MARK")},
    {0xffa0, N_("HALFWIDTH HANGUL FILLER")},
    {0xfff9, N_("INTERLINEAR ANNOTATION ANCHOR")},
    {0xfffa, N_("INTERLINEAR ANNOTATION SEPARATOR")},
    {0xfffb, N_("INTERLINEAR ANNOTATION TERMINATOR")},
    {0xfffe, N_("NONCHARACTER")},
    {0xffff, N_("NONCHARACTER")},
};

const char *ps_char_name(unsigned cp) {
  size_t lo = 0, hi = sizeof names / sizeof names[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (names[mid].cp == cp)
      return ps_tr(names[mid].name);
    if (names[mid].cp < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
    return ps_tr("NONCHARACTER");
  return NULL;
}

const char *ps_char_refused(unsigned cp) {
  if (cp == '\t' || cp == '\n')
    return NULL;
  if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
    return _("a control character");
  if (cp == 0x2028 || cp == 0x2029)
    return _("a line or paragraph separator, which programs treat as a line break or not");
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
    return _("a direction control, which makes text read differently from what it says");
  if ((cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
    return _("not a character (documents cannot hold it)");
  return NULL;
}

int ps_text_find_refused(const char *s, size_t len, unsigned *line, unsigned *col, size_t *at,
                         size_t *nbytes) {
  const unsigned char *u = (const unsigned char *)s;
  unsigned ln = 1, cl = 1;
  size_t i = 0, n = 1;
  for (; i < len; i += n, cl++) {
    n = 1;
    if ((u[i] >= 0x20 && u[i] < 0x7f) || u[i] == '\t' || u[i] == '\r') /* most of every template */
      continue;
    if (u[i] == '\n') {
      ln++;
      cl = 0;
      continue;
    }
    if ((u[i] & 0xf0) == 0xe0 && len - i >= 3 && (u[i + 1] & 0xc0) == 0x80 &&
        (u[i + 2] & 0xc0) == 0x80) { /* kana and kanji: ranges the checks below accept */
      unsigned v = (u[i] & 0x0fu) << 12 | (u[i + 1] & 0x3fu) << 6 | (u[i + 2] & 0x3fu);
      n = 3;
      if ((v >= 0x800 && v < 0x2000) || (v >= 0x3000 && v < 0xd800) ||
          (v >= 0xe000 && v < 0xfdd0) || (v > 0xfdef && v < 0xfffe))
        continue;
    }
    unsigned cp;
    n = ps_utf8_next(s + i, len - i, &cp);
    if (n == 0 || (cp != '\r' && ps_char_refused(cp)))
      break;
  }
  *line = ln;
  *col = cl;
  if (i >= len)
    return 0;
  *at = i;
  *nbytes = n ? n : 1;
  return 1;
}

static int hidden(unsigned cp) {
  return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || ps_char_name(cp);
}

static void escape_one(ps_buf *out, unsigned cp, size_t len) {
  if (len == 0 || (cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r') || cp == 0x7f) {
    ps_buf_printf(out, "\\x%02x", cp);
  } else if (cp == '\n') {
    ps_buf_puts(out, "\\n");
  } else if (cp == '\t') {
    ps_buf_puts(out, "\\t");
  } else if (cp == '\r') {
    ps_buf_puts(out, "\\r");
  } else {
    const char *name = ps_char_name(cp);
    ps_buf_printf(out, name ? "\\u%04X(%s)" : "\\u%04X", cp, name ? name : "");
  }
}

int ps_escape_append(ps_buf *out, const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t run = i;
    unsigned cp = 0;
    size_t n = 0;
    /* Copy the longest stretch that needs no escape in one append. */
    while (run < len && (n = ps_utf8_next(s + run, len - run, &cp)) != 0 && !hidden(cp))
      run += n;
    ps_buf_append(out, s + i, run - i);
    if (run == len)
      break;
    escape_one(out, cp, n);
    i = run + (n ? n : 1);
  }
  return out->failed ? -1 : 0;
}

char *ps_escape_into(char *out, size_t size, const char *s, size_t max) {
  ps_buf b = PS_BUF_INIT;
  size_t len = strlen(s), cut = len, chars = 0;
  for (size_t i = 0; max && i < len; chars++) {
    unsigned cp;
    size_t n = ps_utf8_next(s + i, len - i, &cp);
    if (chars == max) {
      cut = i;
      break;
    }
    i += n ? n : 1;
  }
  ps_escape_append(&b, s, cut);
  if (cut < len)
    ps_buf_puts(&b, "...");
  if (size) {
    size_t n = b.failed || !b.ptr ? 0 : b.len < size ? b.len : size - 1;
    /* Never end inside a character when OUT is too small. */
    while (n > 0 && n < b.len && ((unsigned char)b.ptr[n] & 0xc0) == 0x80)
      n--;
    if (n)
      memcpy(out, b.ptr, n);
    out[n] = '\0';
  }
  ps_buf_free(&b);
  return out;
}

char *ps_escape_message(char *out, size_t size, const char *text) {
  return ps_escape_into(out, size, text ? text : "", 0);
}
