/* Canonical forms of values typed with a Japanese input method. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "normalize.h"
#include "testutil.h"

static ps_arena arena;

static void setup(void) { ps_arena_init(&arena); }
static void teardown(void) { ps_arena_free(&arena); }

/* The canonical form of VALUE for TYPE, or "=" when unchanged, or "!" and
 * the reason when refused. */
static const char *canon(ps_ftype type, const char *choices, const char *value) {
  static char result[256];
  const char *out;
  char why[160] = "";
  int r = ps_canonical_value(&out, &arena, type, choices, value, why, sizeof why);
  if (r == 1)
    snprintf(result, sizeof result, "%s", out);
  else if (r == 0)
    snprintf(result, sizeof result, "=");
  else
    snprintf(result, sizeof result, "!%s", why);
  return result;
}

START_TEST(full_width_numbers) {
  ck_assert_str_eq(canon(PS_T_PERCENT, NULL, "９９．９５％"), "99.95%");
  ck_assert_str_eq(canon(PS_T_INT, NULL, "２"), "2");
  ck_assert_str_eq(canon(PS_T_COUNTRY, NULL, "ＪＰ"), "JP");
  ck_assert_str_eq(canon(PS_T_PERCENT, NULL, "99.9%"), "=");
}
END_TEST

START_TEST(japanese_durations) {
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "30分"), "30min");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "４時間"), "4h");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "90日間"), "90d");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "6か月"), "6mo");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "6ヶ月"), "6mo");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "6カ月"), "6mo");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "1年"), "1y");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "4 時間"), "4h");
  /* Weeks are written in days. */
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "2週間"), "14d");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "２週"), "14d");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "4h"), "=");
  /* Not a duration this knows: left for the validator to refuse. */
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "4刻"), "=");
}
END_TEST

/* A fraction is written in the next smaller unit it is whole in; one that
 * no unit holds whole is refused with the way to write it. */
START_TEST(fractional_durations) {
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "0.5時間"), "30min");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "０．５時間"), "30min");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "1.5日"), "36h");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "0.5年"), "6mo");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "0.5h"), "30min");
  ck_assert_str_eq(canon(PS_T_DURATION, NULL, "2.0時間"), "2h");
  ck_assert(strstr(canon(PS_T_DURATION, NULL, "0.5か月"), "!a duration is a whole number"));
  ck_assert(strstr(canon(PS_T_DURATION, NULL, "0.25分"), "90分"));
}
END_TEST

/* Spaces people type between the parts. */
START_TEST(spaces_inside_typed_values) {
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "令和 9年 1月 15日"), "2027-01-15");
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "令和　９年　１月　１５日"), "2027-01-15");
  ck_assert_str_eq(canon(PS_T_PERCENT, NULL, "99.9 %"), "99.9%");
  ck_assert_str_eq(canon(PS_T_PERCENT, NULL, "９９．９　％"), "99.9%");
}
END_TEST

START_TEST(japanese_dates) {
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "令和9年1月15日"), "2027-01-15");
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "R9.1.15"), "2027-01-15");
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "Ｒ９．１．１５"), "2027-01-15");
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "2027/1/15"), "2027-01-15");
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "2027年1月15日"), "2027-01-15");
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "令和元年5月1日"), "2019-05-01");
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "平成31年4月30日"), "2019-04-30");
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "H1.1.8"), "1989-01-08");
  ck_assert_str_eq(canon(PS_T_DATE, NULL, "2027-01-15"), "=");
}
END_TEST

START_TEST(era_boundaries) {
  ck_assert(canon(PS_T_DATE, NULL, "令和元年4月30日")[0] == '!');
  ck_assert(canon(PS_T_DATE, NULL, "平成31年5月1日")[0] == '!');
  ck_assert(canon(PS_T_DATE, NULL, "平成元年1月7日")[0] == '!');
  ck_assert(canon(PS_T_DATE, NULL, "昭和64年1月7日")[0] != '!');
  ck_assert(canon(PS_T_DATE, NULL, "令和0年1月1日")[0] == '!');
}
END_TEST

START_TEST(yes_no_and_labels) {
  ck_assert_str_eq(canon(PS_T_BOOL, NULL, "はい"), "true");
  ck_assert_str_eq(canon(PS_T_BOOL, NULL, "いいえ"), "false");
  ck_assert_str_eq(canon(PS_T_ENUM, "prohibited=禁止|allowed=許可", "禁止"), "prohibited");
  ck_assert_str_eq(canon(PS_T_ENUM, "daily=毎日|weekly=毎週", "毎週"), "weekly");
  ck_assert_str_eq(canon(PS_T_ENUM, "daily=毎日|weekly=毎週", "毎月"), "=");
  /* Words officers use for the same choice, where the field has it. */
  ck_assert_str_eq(canon(PS_T_ENUM, "daily=毎日|weekly=毎週", "日次"), "daily");
  ck_assert_str_eq(canon(PS_T_ENUM, "daily=毎日|weekly=毎週", "週次"), "weekly");
  ck_assert_str_eq(canon(PS_T_ENUM, "prohibited=禁止|allowed=許可", "日次"), "=");
}
END_TEST

START_TEST(text_keeps_what_was_written) {
  ck_assert_str_eq(canon(PS_T_STR, NULL, "　電子申請サービス　"), "電子申請サービス");
  /* Full-width letters and digits in text stay as written (NFC, not NFKC). */
  ck_assert_str_eq(canon(PS_T_STR, NULL, "ＳＯＣ２報告書"), "=");
  /* A decomposed が (か + U+3099) becomes the composed character. */
  ck_assert_str_eq(canon(PS_T_STR, NULL, "か\xe3\x82\x99"), "が");
  ck_assert_str_eq(canon(PS_T_STR, NULL, "plain"), "=");
}
END_TEST

Suite *normalize_suite(void) {
  Suite *s = suite_create("normalize");
  TCase *tc = tcase_create("canonical");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, full_width_numbers);
  tcase_add_test(tc, japanese_durations);
  tcase_add_test(tc, fractional_durations);
  tcase_add_test(tc, spaces_inside_typed_values);
  tcase_add_test(tc, japanese_dates);
  tcase_add_test(tc, era_boundaries);
  tcase_add_test(tc, yes_no_and_labels);
  tcase_add_test(tc, text_keeps_what_was_written);
  suite_add_tcase(s, tc);
  return s;
}
