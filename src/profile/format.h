/* Parsing of profile scalars and their Japanese rendering. Each parse
 * function returns 1 when VALUE is valid; otherwise 0 with a short reason
 * in WHY. */
#ifndef PS_FORMAT_H
#define PS_FORMAT_H
#include <stddef.h>

#include "buf.h"
#include "yamltree.h"

/* RANGE is "min..max" or NULL. */
int ps_parse_int(const char *value, long *out, const char *range, char *why, size_t n);
/* YYYY-MM-DD, a real calendar date from 1900 to 2999. */
int ps_parse_date(const char *value, int *y, int *m, int *d, char *why, size_t n);
/* N followed by min, h, d, mo or y; *unit points to a static string. */
int ps_parse_duration(const char *value, long *amount, const char **unit, char *why, size_t n);
/* A number from 0 to 100 with up to three decimals, then '%'. */
int ps_parse_percent(const char *value, char *why, size_t n);
/* The thousandths of a percent VALUE (checked by ps_parse_percent) stands
 * for: 99950 for "99.95%", so that percentages compare as numbers. */
long ps_percent_thousandths(const char *value);
/* CHOICES is "value=label|value=label"; the label is copied into ARENA. */
int ps_parse_enum(const char *value, const char *choices, ps_arena *arena, const char **label,
                  char *why, size_t n);
/* An upper-case ISO 3166-1 alpha-2 code; *label is the Japanese name. */
int ps_parse_country(const char *value, const char **label, char *why, size_t n);

/* Appends the date in the Japanese era: 令和8年4月1日 (令和元年 for 2019). */
int ps_format_date(ps_buf *out, int y, int m, int d);
/* Appends a duration: 4時間, 30日, 6か月, 15分, 1年. */
int ps_format_duration(ps_buf *out, long amount, const char *unit);
/* Appends the display text of a typed scalar; lists are joined with 、. */
int ps_format_node(ps_buf *out, const ps_ynode *n);
#endif
