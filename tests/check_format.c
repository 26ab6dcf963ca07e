#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "testutil.h"

static void expect_date(int y, int m, int d, const char *want) {
  ps_buf b = PS_BUF_INIT;
  ck_assert_int_eq(ps_format_date(&b, y, m, d), 0);
  ck_assert_str_eq(b.ptr, want);
  ps_buf_free(&b);
}

START_TEST(reiwa_dates) {
  expect_date(2026, 4, 1, "令和8年4月1日");
  expect_date(2019, 5, 1, "令和元年5月1日");
  expect_date(2020, 1, 1, "令和2年1月1日");
}
END_TEST

START_TEST(era_boundaries) {
  expect_date(2019, 4, 30, "平成31年4月30日");
  expect_date(1989, 1, 8, "平成元年1月8日");
  expect_date(1989, 1, 7, "昭和64年1月7日");
}
END_TEST

static int date_ok(const char *s) {
  int y, m, d;
  char why[100];
  return ps_parse_date(s, &y, &m, &d, why, sizeof why);
}

START_TEST(impossible_dates_are_refused) {
  ck_assert(!date_ok("2026-02-30"));
  ck_assert(!date_ok("2026-13-01"));
  ck_assert(!date_ok("2100-02-29"));
  ck_assert(!date_ok("2026-4-1"));
  ck_assert(!date_ok("2026-04-01x"));
  ck_assert(date_ok("2024-02-29"));
  ck_assert(date_ok("2000-02-29"));
}
END_TEST

static void expect_duration(const char *in, const char *want) {
  long amount;
  const char *unit;
  char why[100];
  ck_assert_msg(ps_parse_duration(in, &amount, &unit, why, sizeof why), "%s: %s", in, why);
  ps_buf b = PS_BUF_INIT;
  ps_format_duration(&b, amount, unit);
  ck_assert_str_eq(b.ptr, want);
  ps_buf_free(&b);
}

START_TEST(durations_in_japanese) {
  expect_duration("4h", "4時間");
  expect_duration("30d", "30日");
  expect_duration("6mo", "6か月");
  expect_duration("15min", "15分");
  expect_duration("1y", "1年");
}
END_TEST

START_TEST(malformed_durations_are_refused) {
  long a;
  const char *u;
  char why[100];
  const char *bad[] = {"4 hours", "h", "0h", "-1d", "4x", "9999999h", "4H", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    ck_assert_msg(!ps_parse_duration(bad[i], &a, &u, why, sizeof why), "%s accepted", bad[i]);
}
END_TEST

START_TEST(percentages) {
  char why[100];
  ck_assert(ps_parse_percent("99.9%", why, sizeof why));
  ck_assert(ps_parse_percent("100%", why, sizeof why));
  ck_assert(!ps_parse_percent("100.1%", why, sizeof why));
  ck_assert(!ps_parse_percent("99.9", why, sizeof why));
  ck_assert(!ps_parse_percent("abc%", why, sizeof why));
  ck_assert(!ps_parse_percent("1000%", why, sizeof why));
}
END_TEST

/* The reason names the real problem, not the first character that did not
 * fit: "99.9999%" has too many decimals, "1000000min" is too long a time. */
START_TEST(reasons_name_the_real_problem) {
  char why[160];
  long a;
  const char *u;
  ck_assert(!ps_parse_percent("99.9999%", why, sizeof why));
  ck_assert_ptr_nonnull(strstr(why, "at most three decimals"));
  ck_assert(!ps_parse_percent("1000%", why, sizeof why));
  ck_assert_ptr_nonnull(strstr(why, "cannot exceed 100%"));
  ck_assert(!ps_parse_duration("1000000min", &a, &u, why, sizeof why));
  ck_assert_ptr_nonnull(strstr(why, "out of range"));
  ck_assert_ptr_nonnull(strstr(why, "100000min"));
  ck_assert(!ps_parse_duration("99999999999999999999999h", &a, &u, why, sizeof why));
  ck_assert_ptr_nonnull(strstr(why, "largest allowed is 100000h"));
  ck_assert(!ps_parse_duration("0d", &a, &u, why, sizeof why));
  ck_assert_ptr_nonnull(strstr(why, "1 or more"));
  ck_assert(!ps_parse_duration("4hours", &a, &u, why, sizeof why));
  ck_assert_ptr_nonnull(strstr(why, "unit must be"));
  ck_assert(!ps_parse_int("1234567890123", &a, "1..3", why, sizeof why));
  ck_assert_ptr_nonnull(strstr(why, "1 to 3"));
}
END_TEST

START_TEST(ints_respect_ranges) {
  long v;
  char why[100];
  ck_assert(ps_parse_int("2", &v, "1..3", why, sizeof why));
  ck_assert_int_eq(v, 2);
  ck_assert(!ps_parse_int("4", &v, "1..3", why, sizeof why));
  ck_assert_ptr_nonnull(strstr(why, "1 to 3"));
  ck_assert(!ps_parse_int("two", &v, NULL, why, sizeof why));
}
END_TEST

/* ps_grow keeps every element, doubles when full, and refuses a size
 * that overflows, leaving the array as it was. */
START_TEST(arrays_grow_by_doubling) {
  size_t cap = 0, n = 0;
  int *v = NULL;
  for (int i = 0; i < 100; i++) {
    int *p = ps_grow(v, &cap, n, sizeof *p);
    ck_assert_ptr_nonnull(p);
    v = p;
    v[n++] = i;
    ck_assert_uint_ge(cap, n);
  }
  ck_assert_uint_eq(cap, 128);
  for (int i = 0; i < 100; i++)
    ck_assert_int_eq(v[i], i);
  ck_assert_ptr_eq(ps_grow(v, &cap, 99, sizeof *v), v); /* room left: unchanged */
  size_t huge = (size_t)-1 / 4;
  ck_assert_ptr_null(ps_grow(v, &huge, huge, 8));
  ck_assert_uint_eq(huge, (size_t)-1 / 4);
  free(v);
}
END_TEST

START_TEST(countries) {
  const char *label;
  char why[100];
  ck_assert(ps_parse_country("JP", &label, why, sizeof why));
  ck_assert_str_eq(label, "日本");
  ck_assert(!ps_parse_country("jp", &label, why, sizeof why));
  ck_assert(!ps_parse_country("JPN", &label, why, sizeof why));
}
END_TEST

Suite *format_suite(void) {
  Suite *s = suite_create("format");
  TCase *tc = tcase_create("format");
  tcase_add_test(tc, reiwa_dates);
  tcase_add_test(tc, era_boundaries);
  tcase_add_test(tc, impossible_dates_are_refused);
  tcase_add_test(tc, durations_in_japanese);
  tcase_add_test(tc, malformed_durations_are_refused);
  tcase_add_test(tc, percentages);
  tcase_add_test(tc, reasons_name_the_real_problem);
  tcase_add_test(tc, ints_respect_ranges);
  tcase_add_test(tc, countries);
  tcase_add_test(tc, arrays_grow_by_doubling);
  suite_add_tcase(s, tc);
  return s;
}
