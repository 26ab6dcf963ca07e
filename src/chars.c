#include "chars.h"

#include <stdio.h>
#include <string.h>

#include "procspec/procspec.h"

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
    {0x0085, "NEXT LINE"},
    {0x00a0, "NO-BREAK SPACE"},
    {0x00ad, "SOFT HYPHEN"},
    {0x061c, "ARABIC LETTER MARK"},
    {0x115f, "HANGUL CHOSEONG FILLER"},
    {0x1160, "HANGUL JUNGSEONG FILLER"},
    {0x180e, "MONGOLIAN VOWEL SEPARATOR"},
    {0x2000, "EN QUAD"},
    {0x2001, "EM QUAD"},
    {0x2002, "EN SPACE"},
    {0x2003, "EM SPACE"},
    {0x2004, "THREE-PER-EM SPACE"},
    {0x2005, "FOUR-PER-EM SPACE"},
    {0x2006, "SIX-PER-EM SPACE"},
    {0x2007, "FIGURE SPACE"},
    {0x2008, "PUNCTUATION SPACE"},
    {0x2009, "THIN SPACE"},
    {0x200a, "HAIR SPACE"},
    {0x200b, "ZERO WIDTH SPACE"},
    {0x200c, "ZERO WIDTH NON-JOINER"},
    {0x200d, "ZERO WIDTH JOINER"},
    {0x200e, "LEFT-TO-RIGHT MARK"},
    {0x200f, "RIGHT-TO-LEFT MARK"},
    {0x2028, "LINE SEPARATOR"},
    {0x2029, "PARAGRAPH SEPARATOR"},
    {0x202a, "LEFT-TO-RIGHT EMBEDDING"},
    {0x202b, "RIGHT-TO-LEFT EMBEDDING"},
    {0x202c, "POP DIRECTIONAL FORMATTING"},
    {0x202d, "LEFT-TO-RIGHT OVERRIDE"},
    {0x202e, "RIGHT-TO-LEFT OVERRIDE"},
    {0x202f, "NARROW NO-BREAK SPACE"},
    {0x205f, "MEDIUM MATHEMATICAL SPACE"},
    {0x2060, "WORD JOINER"},
    {0x2061, "FUNCTION APPLICATION"},
    {0x2062, "INVISIBLE TIMES"},
    {0x2063, "INVISIBLE SEPARATOR"},
    {0x2064, "INVISIBLE PLUS"},
    {0x2066, "LEFT-TO-RIGHT ISOLATE"},
    {0x2067, "RIGHT-TO-LEFT ISOLATE"},
    {0x2068, "FIRST STRONG ISOLATE"},
    {0x2069, "POP DIRECTIONAL ISOLATE"},
    {0x3000, "IDEOGRAPHIC SPACE"},
    {0x3164, "HANGUL FILLER"},
    {0xfeff, "BYTE ORDER MARK"},
    {0xffa0, "HALFWIDTH HANGUL FILLER"},
    {0xfff9, "INTERLINEAR ANNOTATION ANCHOR"},
    {0xfffa, "INTERLINEAR ANNOTATION SEPARATOR"},
    {0xfffb, "INTERLINEAR ANNOTATION TERMINATOR"},
    {0xfffe, "NONCHARACTER"},
    {0xffff, "NONCHARACTER"},
};

const char *ps_char_name(unsigned cp) {
  size_t lo = 0, hi = sizeof names / sizeof names[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (names[mid].cp == cp)
      return names[mid].name;
    if (names[mid].cp < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
    return "NONCHARACTER";
  return NULL;
}

const char *ps_char_refused(unsigned cp) {
  if (cp == '\t' || cp == '\n')
    return NULL;
  if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
    return "a control character";
  if (cp == 0x2028 || cp == 0x2029)
    return "a line or paragraph separator, which programs treat as a line break or not";
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
    return "a direction control, which makes text read differently from what it says";
  if ((cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
    return "not a character (documents cannot hold it)";
  return NULL;
}

static int hidden(unsigned cp) {
  return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || ps_char_name(cp);
}

static void escape_one(ps_buf *out, unsigned cp, size_t len) {
  if (len == 0) {
    ps_buf_printf(out, "\\x%02x", cp);
  } else if (cp == '\n') {
    ps_buf_puts(out, "\\n");
  } else if (cp == '\t') {
    ps_buf_puts(out, "\\t");
  } else if (cp == '\r') {
    ps_buf_puts(out, "\\r");
  } else if (cp < 0x20 || cp == 0x7f) {
    ps_buf_printf(out, "\\x%02x", cp);
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
