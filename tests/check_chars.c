#include <string.h>

#include "buf.h"
#include "chars.h"
#include "diag.h"
#include "testutil.h"

static char *shown(const char *s, size_t len) {
  static char out[512];
  ps_buf b = PS_BUF_INIT;
  ck_assert_int_eq(ps_escape_append(&b, s, len), 0);
  ck_assert_uint_lt(b.len, sizeof out);
  memcpy(out, b.ptr ? b.ptr : "", b.len);
  out[b.len] = '\0';
  ps_buf_free(&b);
  return out;
}

START_TEST(controls_never_reach_the_terminal) {
  ck_assert_str_eq(shown("a\nb", 3), "a\\nb");
  ck_assert_str_eq(shown("\x1b[31mred", 8), "\\x1b[31mred");
  ck_assert_str_eq(shown("t\tr\r", 4), "t\\tr\\r");
  ck_assert_str_eq(shown("\x7f", 1), "\\x7f");
  ck_assert_str_eq(shown("c1\xc2\x9b", 4), "c1\\u009B");
  ck_assert_str_eq(shown("bad\xff", 4), "bad\\xff");
  ck_assert_str_eq(shown("cut\xe3\x81", 5), "cut\\xe3\\x81");
}
END_TEST

START_TEST(invisible_characters_are_named) {
  ck_assert_str_eq(shown("\xe3\x80\x80x", 4), "\\u3000(IDEOGRAPHIC SPACE)x");
  ck_assert_str_eq(shown("a\xe2\x80\x8b", 4), "a\\u200B(ZERO WIDTH SPACE)");
  ck_assert_str_eq(shown("\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0", 9),
                   "\\u200C(ZERO WIDTH NON-JOINER)\\u200D(ZERO WIDTH JOINER)\\u2060(WORD JOINER)");
  ck_assert_str_eq(shown("\xef\xbb\xbf", 3), "\\uFEFF(BYTE ORDER MARK)");
  ck_assert_str_eq(shown("\xe2\x80\xa8\xe2\x80\xa9", 6),
                   "\\u2028(LINE SEPARATOR)\\u2029(PARAGRAPH SEPARATOR)");
  ck_assert_str_eq(shown("\xe2\x80\xae", 3), "\\u202E(RIGHT-TO-LEFT OVERRIDE)");
  ck_assert_str_eq(shown("\xe2\x81\xa6", 3), "\\u2066(LEFT-TO-RIGHT ISOLATE)");
  ck_assert_str_eq(shown("\xc2\xa0", 2), "\\u00A0(NO-BREAK SPACE)");
  ck_assert_str_eq(shown("\xef\xbf\xbe", 3), "\\uFFFE(NONCHARACTER)");
  /* Visible text, Japanese included, is copied as it is. */
  ck_assert_str_eq(shown("本組合 \\ 'x'", strlen("本組合 \\ 'x'")), "本組合 \\ 'x'");
}
END_TEST

START_TEST(escaping_twice_changes_nothing) {
  const char *s = "a\n\x1b\xe3\x80\x80\xe2\x80\x8b\xff";
  char once[256];
  ck_assert_uint_lt(strlen(shown(s, strlen(s))), sizeof once);
  strcpy(once, shown(s, strlen(s)));
  ck_assert_str_eq(shown(once, strlen(once)), once);
}
END_TEST

START_TEST(escape_into_cuts_at_a_character) {
  char out[64];
  ck_assert_str_eq(ps_escape_into(out, sizeof out, "本組合の関係者", 3), "本組合...");
  ck_assert_str_eq(ps_escape_into(out, 5, "本組合", 0), "本");
  ck_assert_str_eq(ps_escape_message(out, sizeof out, "x\ny"), "x\\ny");
}
END_TEST

START_TEST(refused_characters) {
  ck_assert_ptr_null(ps_char_refused('\t'));
  ck_assert_ptr_null(ps_char_refused('\n'));
  ck_assert_ptr_null(ps_char_refused(0x3000));
  ck_assert_ptr_null(ps_char_refused(0x200b));
  ck_assert_ptr_nonnull(ps_char_refused('\r'));
  ck_assert_ptr_nonnull(ps_char_refused(0x1b));
  ck_assert_ptr_nonnull(ps_char_refused(0x85));
  ck_assert_ptr_nonnull(ps_char_refused(0x2028));
  ck_assert_ptr_nonnull(ps_char_refused(0x202e));
  ck_assert_ptr_nonnull(ps_char_refused(0xfffe));
  ck_assert_ptr_nonnull(ps_char_refused(0x1ffff));
  ck_assert_ptr_nonnull(ps_char_refused(0xfdd0));
}
END_TEST

/* Every diagnostic shows its values this way, whatever its caller formatted. */
START_TEST(diagnostics_cannot_forge_a_line) {
  ps_diags *d = ps_diags_new();
  ps_error_at(d, PS_EINPUT, "a\nb.yaml", 1, 1, "unknown key '%s'",
              "x\nb.yaml:9:9: error: forged\x1b[2J");
  const ps_diag *g = ps_diags_get(d, 0);
  ck_assert_str_eq(g->message, "unknown key 'x\\nb.yaml:9:9: error: forged\\x1b[2J'");
  ck_assert_str_eq(g->file, "a\\nb.yaml");
  ps_diags *copy = ps_diags_new();
  ps_diags_copy(copy, g);
  ck_assert_str_eq(ps_diags_get(copy, 0)->message, g->message);
  ps_diags_free(copy);
  ps_diags_free(d);
}
END_TEST

Suite *chars_suite(void) {
  Suite *s = suite_create("chars");
  TCase *tc = tcase_create("chars");
  tcase_add_test(tc, controls_never_reach_the_terminal);
  tcase_add_test(tc, invisible_characters_are_named);
  tcase_add_test(tc, escaping_twice_changes_nothing);
  tcase_add_test(tc, escape_into_cuts_at_a_character);
  tcase_add_test(tc, refused_characters);
  tcase_add_test(tc, diagnostics_cannot_forge_a_line);
  suite_add_tcase(s, tc);
  return s;
}
