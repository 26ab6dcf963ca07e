/* Profile values as a Japanese keyboard types them.
 *
 * A typed value (number, percentage, duration, date, country, yes/no,
 * choice) written with full-width characters (９９．９％), Japanese units
 * (4時間, 6か月), Japanese dates (令和9年1月15日, R9.1.15, 2027/1/15), はい
 * and いいえ, or the Japanese label of a choice (禁止, 毎日) is rewritten to
 * the canonical form before it is validated, so such a profile gives the
 * same documents, byte for byte, as its ASCII twin. Text values keep what
 * was written, but in NFC and without full-width spaces at either end.
 * Unicode normalisation is utf8proc's. */
#include "normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "i18n.h"

static int is_ascii(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0x80)
      return 0;
  return 1;
}

/* S normalised with utf8proc OPTIONS, copied into ARENA; NULL when S is
 * not valid UTF-8 or memory runs out (*NOMEM then set). */
static char *umap(ps_arena *arena, const char *s, utf8proc_option_t options, int *nomem) {
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t n =
      utf8proc_map((const utf8proc_uint8_t *)s, 0, &out, options | UTF8PROC_NULLTERM);
  if (n < 0) {
    *nomem = n == UTF8PROC_ERROR_NOMEM;
    return NULL;
  }
  char *copy = ps_arena_strndup(arena, (const char *)out, (size_t)n);
  free(out);
  *nomem = copy == NULL;
  return copy;
}

/* Removes ASCII spaces and U+3000 at both ends, in place. */
static char *trim_spaces(char *s, int ascii_too) {
  for (;;) {
    if (ascii_too && (*s == ' ' || *s == '\t'))
      s++;
    else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
      s += 3;
    else
      break;
  }
  size_t n = strlen(s);
  for (;;) {
    if (ascii_too && n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
      n--;
    else if (n >= 3 && strncmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
      n -= 3;
    else
      break;
  }
  s[n] = '\0';
  return s;
}

/* Reads 1 to MAX digits at *S. */
static int digits(const char **s, int *out, int max) {
  int n = 0, v = 0;
  while (n < max && **s >= '0' && **s <= '9') {
    v = v * 10 + (**s - '0');
    (*s)++;
    n++;
  }
  *out = v;
  return n;
}

static int skip(const char **s, const char *const *words) {
  for (; *words; words++) {
    size_t k = strlen(*words);
    if (strncmp(*s, *words, k) == 0) {
      *s += k;
      return 1;
    }
  }
  return 0;
}

typedef struct {
  const char *names[3]; /* kanji, and the initial in both cases */
  int base;             /* Gregorian year of its year 0 */
  int first, last;      /* first and last day, as YYYYMMDD */
  const char *name_ja;
} era;

static const era eras[] = {
    {{"令和", "R", "r"}, 2018, 20190501, 29991231, "令和"},
    {{"平成", "H", "h"}, 1988, 19890108, 20190430, "平成"},
    {{"昭和", "S", "s"}, 1925, 19261225, 19890107, "昭和"},
    {{"大正", "T", "t"}, 1911, 19120730, 19261224, "大正"},
};

static int fail(char *why, size_t n, const char *msg) {
  snprintf(why, n, "%s", msg);
  return -1;
}

/* 令和9年1月15日, R9.1.15, 2027/1/15, 2027年1月15日 -> YYYY-MM-DD in OUT.
 * Returns 1 when rewritten, 0 when not such a form, -1 (WHY set) when it
 * is one but names no day of that era. */
static int japanese_date(const char *s, char out[16], char *why, size_t n) {
  static const char *const sep_year[] = {"年", ".", "/", NULL};
  static const char *const sep_month[] = {"月", ".", "/", NULL};
  static const char *const day_end[] = {"日", NULL};
  const era *e = NULL;
  for (size_t i = 0; i < sizeof eras / sizeof eras[0] && !e; i++)
    for (size_t k = 0; k < 3; k++)
      if (strncmp(s, eras[i].names[k], strlen(eras[i].names[k])) == 0) {
        e = &eras[i];
        s += strlen(eras[i].names[k]);
        break;
      }
  int y, m, d;
  if (e && strncmp(s, "元", strlen("元")) == 0) {
    y = 1;
    s += strlen("元");
  } else if (!digits(&s, &y, e ? 2 : 4) || (!e && y < 1000)) {
    return 0;
  }
  if (!skip(&s, sep_year) || !digits(&s, &m, 2) || !skip(&s, sep_month) || !digits(&s, &d, 2))
    return 0;
  skip(&s, day_end);
  if (*s)
    return 0;
  if (e) {
    if (y < 1)
      return fail(why, n, _("an era year starts at 1 (元年)"));
    y += e->base;
    int ymd = y * 10000 + m * 100 + d;
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31 && (ymd < e->first || ymd > e->last)) {
      snprintf(why, n, _("that day is not in the %s era (%d-%02d-%02d)"), e->name_ja, y, m, d);
      return -1;
    }
  }
  snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
  return 1;
}

/* The units of a duration as typed, and the unit a fraction of each is
 * written in (0.5時間 is 30min; a fraction of a month or a minute has no
 * exact smaller unit). Weeks are written in days. */
static const struct {
  const char *typed, *unit;
  int days_per; /* for weeks: the number of days in one */
} duration_units[] = {
    {"分間", "min", 0},  {"分", "min", 0},    {"時間", "h", 0},  {"日間", "d", 0},
    {"日", "d", 0},      {"週間", "d", 7},    {"週", "d", 7},    {"か月間", "mo", 0},
    {"ヶ月間", "mo", 0}, {"カ月間", "mo", 0}, {"か月", "mo", 0}, {"ヶ月", "mo", 0},
    {"カ月", "mo", 0},   {"ヵ月", "mo", 0},   {"ケ月", "mo", 0}, {"箇月", "mo", 0},
    {"年間", "y", 0},    {"年", "y", 0},      {"min", "min", 0}, {"h", "h", 0},
    {"d", "d", 0},       {"mo", "mo", 0},     {"y", "y", 0}};

/* A whole number of UNIT from MILLI thousandths of it: the unit itself, or
 * the next smaller one the number is whole in. Returns 0 when neither. */
static int whole_duration(long long milli, const char *unit, char *out, size_t size) {
  static const struct {
    const char *unit, *smaller;
    int factor;
  } down[] = {{"y", "mo", 12}, {"d", "h", 24}, {"h", "min", 60}};
  if (milli % 1000 == 0) {
    snprintf(out, size, "%lld%s", milli / 1000, unit);
    return 1;
  }
  for (size_t i = 0; i < sizeof down / sizeof down[0]; i++)
    if (strcmp(unit, down[i].unit) == 0 && milli * down[i].factor % 1000 == 0) {
      snprintf(out, size, "%lld%s", milli * down[i].factor / 1000, down[i].smaller);
      return 1;
    }
  return 0;
}

/* 30分, 4時間, 90日, 2週間, 6か月 (ヶ月, カ月, ヵ月, ケ月, 箇月), 1年 -> 30min ...;
 * 0.5時間 -> 30min, 1.5日 -> 36h. Returns 1 when rewritten, 0 when not such
 * a form, -1 (WHY set) for a fraction no unit holds whole. */
static int japanese_duration(const char *s, char *out, size_t size, char *why, size_t n) {
  const char *p = s;
  int v, frac = 0;
  if (!digits(&p, &v, 7))
    return 0;
  long long milli = (long long)v * 1000;
  if (*p == '.') {
    p++;
    int k = digits(&p, &frac, 3);
    if (!k || (*p >= '0' && *p <= '9'))
      return 0;
    while (k++ < 3)
      frac *= 10;
    milli += frac;
  }
  while (*p == ' ')
    p++;
  for (size_t i = 0; i < sizeof duration_units / sizeof duration_units[0]; i++) {
    if (strcmp(p, duration_units[i].typed) != 0)
      continue;
    if (duration_units[i].days_per)
      milli *= duration_units[i].days_per;
    if (!frac && strcmp(duration_units[i].typed, duration_units[i].unit) == 0 &&
        p == s + strspn(s, "0123456789"))
      return 0; /* already canonical: "4h" */
    if (whole_duration(milli, duration_units[i].unit, out, size))
      return 1;
    return fail(why, n,
                _("a duration is a whole number of minutes, hours, days, months or years; "
                  "write a fraction in a smaller unit (1.5時間 as 90分)"));
  }
  return 0;
}

/* Other words officers use for a choice's label: 日次 for 毎日. */
static const char *label_synonym(const char *value) {
  static const struct {
    const char *typed, *label;
  } synonyms[] = {{"日次", "毎日"},          {"1日1回", "毎日"},
                  {"日ごと", "毎日"},        {"週次", "毎週"},
                  {"週1回", "毎週"},         {"月次", "毎月"},
                  {"月1回", "毎月"},         {"毎時", "1時間ごと"},
                  {"時間ごと", "1時間ごと"}, {"常時", "常時（レプリケーション）"}};
  for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
    if (strcmp(value, synonyms[i].typed) == 0)
      return synonyms[i].label;
  return NULL;
}

/* Removes every ASCII space of S, in place (令和 9年 1月 15日). */
static void drop_spaces(char *s) {
  char *o = s;
  for (; *s; s++)
    if (*s != ' ')
      *o++ = *s;
  *o = '\0';
}

/* The key of CHOICES ("key=label|...") whose label is VALUE. */
static const char *choice_for_label(const char *choices, const char *value, ps_arena *arena) {
  size_t vn = strlen(value);
  for (const char *p = choices; p && *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    if (eq) {
      size_t label_len = len - (size_t)(eq + 1 - p);
      if (label_len == vn && memcmp(eq + 1, value, vn) == 0)
        return ps_arena_strndup(arena, p, (size_t)(eq - p));
    }
    p = bar ? bar + 1 : NULL;
  }
  return NULL;
}

int ps_canonical_value(const char **out, ps_arena *arena, ps_ftype type, const char *choices,
                       const char *value, char *why, size_t why_size) {
  *out = value;
  int nomem = 0;
  if (type == PS_T_STR || type == PS_T_TEXT) {
    if (is_ascii(value))
      return 0;
    char *nfc = umap(arena, value, UTF8PROC_COMPOSE | UTF8PROC_STABLE, &nomem);
    if (!nfc)
      return nomem ? PS_ENOMEM : 0;
    nfc = trim_spaces(nfc, 0);
    if (strcmp(nfc, value) == 0)
      return 0;
    *out = nfc;
    return 1;
  }
  if (type == PS_T_MAP || type == PS_T_LIST)
    return 0;
  char *v = is_ascii(value)
                ? ps_arena_strdup(arena, value)
                : umap(arena, value, UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE, &nomem);
  if (!v)
    return nomem || is_ascii(value) ? PS_ENOMEM : 0;
  v = trim_spaces(v, 1);
  char buf[64];
  const char *canon = v;
  switch (type) {
  case PS_T_BOOL:
    if (strcmp(v, "はい") == 0)
      canon = "true";
    else if (strcmp(v, "いいえ") == 0)
      canon = "false";
    break;
  case PS_T_DATE: {
    char date[16];
    drop_spaces(v);
    int r = japanese_date(v, date, why, why_size);
    if (r < 0)
      return PS_EINPUT;
    if (r > 0)
      canon = ps_arena_strdup(arena, date);
    break;
  }
  case PS_T_DURATION: {
    int r = japanese_duration(v, buf, sizeof buf, why, why_size);
    if (r < 0)
      return PS_EINPUT;
    if (r > 0)
      canon = ps_arena_strdup(arena, buf);
    break;
  }
  case PS_T_PERCENT: {
    size_t k = strlen(v);
    if (k > 1 && v[k - 1] == '%' && v[k - 2] == ' ') { /* 99.9 % */
      while (k > 1 && v[k - 2] == ' ')
        k--;
      v[k - 1] = '%';
      v[k] = '\0';
    }
    break;
  }
  case PS_T_ENUM: {
    const char *label = label_synonym(v);
    const char *key = choice_for_label(choices, label ? label : v, arena);
    if (key)
      canon = key;
    break;
  }
  default: break;
  }
  if (!canon)
    return PS_ENOMEM;
  if (strcmp(canon, value) == 0)
    return 0;
  *out = canon;
  return 1;
}
