#include "format.h"
#include "i18n.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *why, size_t n, const char *reason) {
  snprintf(why, n, "%s", ps_tr(reason));
  return 0;
}

static int parse_digits(const char **s, long *out, int max_digits) {
  long v = 0;
  int k = 0;
  while (**s >= '0' && **s <= '9' && k < max_digits) {
    v = v * 10 + (**s - '0');
    (*s)++;
    k++;
  }
  *out = v;
  return k;
}

/* Skips the digits at *S; returns how many there were and their value,
 * capped at LONG_MAX / 10 so that any number of digits is safe. */
static int all_digits(const char **s, long *out) {
  long v = 0;
  int k = 0;
  for (; **s >= '0' && **s <= '9'; (*s)++, k++)
    v = v > LONG_MAX / 10 - 10 ? LONG_MAX / 10 : v * 10 + (**s - '0');
  *out = v;
  return k;
}

int ps_parse_int(const char *value, long *out, const char *range, char *why, size_t n) {
  const char *s = value;
  int neg = *s == '-';
  s += neg;
  long v;
  int k = all_digits(&s, &v);
  if (k == 0 || *s)
    return fail(why, n, "not a whole number");
  v = neg ? -v : v;
  if (range) {
    long lo = strtol(range, NULL, 10);
    long hi = strtol(strstr(range, "..") + 2, NULL, 10);
    if (v < lo || v > hi) {
      snprintf(why, n, _("allowed values are %ld to %ld"), lo, hi);
      return 0;
    }
  }
  *out = v;
  return 1;
}

static int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

int ps_parse_date(const char *value, int *y, int *m, int *d, char *why, size_t n) {
  const char *s = value;
  long yy, mm, dd;
  if (parse_digits(&s, &yy, 4) != 4 || *s++ != '-' || parse_digits(&s, &mm, 2) != 2 ||
      *s++ != '-' || parse_digits(&s, &dd, 2) != 2 || *s)
    return fail(why, n, "write it as YYYY-MM-DD, e.g. 2026-04-01");
  if (yy < 1900 || yy > 2999)
    return fail(why, n, "the year must be between 1900 and 2999");
  if (mm < 1 || mm > 12)
    return fail(why, n, "there is no such month");
  if (dd < 1 || dd > days_in_month((int)yy, (int)mm))
    return fail(why, n, "there is no such day in that month");
  *y = (int)yy;
  *m = (int)mm;
  *d = (int)dd;
  return 1;
}

static const char *const units[] = {"min", "h", "d", "mo", "y"};
static const char *const unit_ja[] = {"分", "時間", "日", "か月", "年"};
static const long unit_max[] = {100000, 100000, 10000, 1200, 100};

int ps_parse_duration(const char *value, long *amount, const char **unit, char *why, size_t n) {
  const char *s = value;
  long v;
  if (all_digits(&s, &v) == 0)
    return fail(why, n, "start with a number, e.g. 4h, 30d, 6mo");
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (strcmp(s, units[i]) != 0)
      continue;
    if (v <= 0)
      return fail(why, n, "the number must be 1 or more");
    if (v > unit_max[i]) {
      snprintf(why, n, _("out of range: the largest allowed is %ld%s"), unit_max[i], units[i]);
      return 0;
    }
    *amount = v;
    *unit = units[i];
    return 1;
  }
  return fail(why, n, "the unit must be min, h, d, mo or y");
}

int ps_parse_percent(const char *value, char *why, size_t n) {
  const char *s = value;
  long whole, frac = 0;
  int k = all_digits(&s, &whole), decimals = 0;
  if (k == 0)
    return fail(why, n, "start with a number, e.g. 99.9%");
  if (*s == '.') {
    s++;
    if ((decimals = all_digits(&s, &frac)) == 0)
      return fail(why, n, "a digit must follow the decimal point");
  }
  if (strcmp(s, "%") != 0)
    return fail(why, n, "end with %, e.g. 99.9%");
  if (whole > 100 || (whole == 100 && frac > 0))
    return fail(why, n, "a percentage cannot exceed 100%");
  if (decimals > 3)
    return fail(why, n, "use at most three decimals, e.g. 99.999%");
  return 1;
}

int ps_parse_enum(const char *value, const char *choices, ps_arena *arena, const char **label,
                  char *why, size_t n) {
  size_t vlen = strlen(value);
  const char *p = choices;
  char names[256] = "";
  size_t used = 0;
  while (*p) {
    size_t klen = strcspn(p, "=");
    const char *lab = p + klen + 1;
    size_t llen = strcspn(lab, "|");
    if (klen == vlen && strncmp(p, value, klen) == 0) {
      *label = ps_arena_strndup(arena, lab, llen);
      return *label != NULL;
    }
    used += (size_t)snprintf(names + used, used < sizeof names ? sizeof names - used : 0,
                             /* TRANSLATORS: one choice of a list: its key and label. */
                             _("%s%.*s (%.*s)"), used ? _(", ") : "", (int)klen, p, (int)llen, lab);
    p = lab + llen + (lab[llen] == '|');
  }
  snprintf(why, n, _("use one of: %.200s"), names);
  return 0;
}

static const struct {
  const char *code, *name;
} countries[] = {
    {"JP", "日本"},         {"US", "アメリカ合衆国"}, {"GB", "英国"},       {"DE", "ドイツ"},
    {"FR", "フランス"},     {"IE", "アイルランド"},   {"NL", "オランダ"},   {"SG", "シンガポール"},
    {"KR", "大韓民国"},     {"CN", "中華人民共和国"}, {"TW", "台湾"},       {"HK", "香港"},
    {"IN", "インド"},       {"AU", "オーストラリア"}, {"CA", "カナダ"},     {"FI", "フィンランド"},
    {"SE", "スウェーデン"}, {"CH", "スイス"},         {"BR", "ブラジル"},   {"VN", "ベトナム"},
    {"PH", "フィリピン"},   {"TH", "タイ"},           {"MY", "マレーシア"}, {"ID", "インドネシア"},
};

int ps_parse_country(const char *value, const char **label, char *why, size_t n) {
  if (strlen(value) != 2 || value[0] < 'A' || value[0] > 'Z' || value[1] < 'A' || value[1] > 'Z')
    return fail(why, n, "use the two upper-case letters of ISO 3166-1, e.g. JP");
  *label = value;
  for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
    if (strcmp(countries[i].code, value) == 0)
      *label = countries[i].name;
  return 1;
}

int ps_format_date(ps_buf *out, int y, int m, int d) {
  static const struct {
    const char *name;
    int first; /* yyyymmdd of the era's first day */
  } eras[] = {{"令和", 20190501}, {"平成", 19890108}, {"昭和", 19261225}};
  int key = y * 10000 + m * 100 + d;
  for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
    if (key < eras[i].first)
      continue;
    int year = y - eras[i].first / 10000 + 1;
    if (year == 1)
      return ps_buf_printf(out, "%s元年%d月%d日", eras[i].name, m, d);
    return ps_buf_printf(out, "%s%d年%d月%d日", eras[i].name, year, m, d);
  }
  return ps_buf_printf(out, "%d年%d月%d日", y, m, d);
}

int ps_format_duration(ps_buf *out, long amount, const char *unit) {
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strcmp(unit, units[i]) == 0)
      return ps_buf_printf(out, "%ld%s", amount, unit_ja[i]);
  return ps_buf_printf(out, "%ld%s", amount, unit);
}

long ps_percent_thousandths(const char *value) {
  char *end;
  long whole = strtol(value, &end, 10), frac = 0, scale = 100;
  if (*end == '.')
    for (const char *p = end + 1; *p >= '0' && *p <= '9' && scale; p++, scale /= 10)
      frac += (*p - '0') * scale;
  return whole * 1000 + frac;
}

int ps_format_node(ps_buf *out, const ps_ynode *n) {
  if (n->kind == PS_YSEQ) {
    for (const ps_ynode *c = n->first; c; c = c->next) {
      if (c != n->first)
        ps_buf_puts(out, "、");
      if (ps_format_node(out, c) < 0)
        return -1;
    }
    return out->failed ? -1 : 0;
  }
  if (n->kind == PS_YMAP)
    return -1;
  switch (n->vtype) {
  case PS_V_DATE: return ps_format_date(out, n->year, n->month, n->day);
  case PS_V_DURATION: return ps_format_duration(out, n->ival, n->unit);
  case PS_V_BOOL: return ps_buf_puts(out, n->ival ? "あり" : "なし");
  case PS_V_ENUM: return ps_buf_puts(out, n->label);
  default: return ps_buf_append(out, n->value, n->len);
  }
}
