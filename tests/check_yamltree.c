#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "yamltree.h"

static ps_ytree *parse_ok(const char *text) {
  ps_ytree *t = NULL;
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_ytree_parse(&t, "t.yaml", text, strlen(text), NULL, d), 0);
  ps_diags_free(d);
  return t;
}

static const ps_diag *parse_fails(const char *text, const ps_ylimits *lim, ps_diags *d, int code) {
  ps_ytree *t = NULL;
  ck_assert_int_eq(ps_ytree_parse(&t, "t.yaml", text, strlen(text), lim, d), code);
  ck_assert_ptr_null(t);
  return tu_first_diag(d);
}

START_TEST(positions_are_one_based) {
  ps_ytree *t = parse_ok("a: 1\nb:\n  c: x\n");
  ps_ynode *c = ps_ynode_path(t->root, "b.c");
  ck_assert_ptr_nonnull(c);
  ck_assert_str_eq(c->value, "x");
  ck_assert_uint_eq(c->line, 3);
  ck_assert_uint_eq(c->col, 6);
  ck_assert_uint_eq(c->key_line, 3);
  ck_assert_uint_eq(c->key_col, 3);
  ps_ytree_free(t);
}
END_TEST

START_TEST(quoted_scalars_are_marked) {
  ps_ytree *t = parse_ok("a: \"1\"\nb: 1\n");
  ck_assert_int_eq(ps_ymap_get(t->root, "a")->quoted, 1);
  ck_assert_int_eq(ps_ymap_get(t->root, "b")->quoted, 0);
  ps_ytree_free(t);
}
END_TEST

START_TEST(duplicate_key_names_both_lines) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a: 1\nb: 2\na: 3\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 3);
  ck_assert_ptr_nonnull(strstr(g->message, "duplicate key 'a'"));
  ck_assert_ptr_nonnull(strstr(g->message, "line 1"));
  ps_diags_free(d);
}
END_TEST

START_TEST(aliases_are_refused) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a: &x [1, 2]\nb: *x\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 2);
  ck_assert_ptr_nonnull(strstr(g->message, "aliases"));
  ps_diags_free(d);
}
END_TEST

START_TEST(depth_is_limited) {
  ps_ylimits lim = ps_ylimits_default;
  lim.max_depth = 3;
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a: {b: {c: {d: 1}}}\n", &lim, d, PS_ELIMIT);
  ck_assert_ptr_nonnull(strstr(g->message, "nesting"));
  ps_diags_free(d);
}
END_TEST

START_TEST(second_document_is_refused) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a: 1\n---\nb: 2\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 2);
  ck_assert_ptr_nonnull(strstr(g->message, "more than one YAML document"));
  ps_diags_free(d);
}
END_TEST

START_TEST(invalid_utf8_is_a_located_error) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a: ok\nb: \xff\xfe\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 2);
  ps_diags_free(d);
}
END_TEST

START_TEST(syntax_error_has_location) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a: [1, 2\nb: 3\n", NULL, d, PS_EINPUT);
  ck_assert_uint_gt(g->line, 0);
  ck_assert_ptr_nonnull(strstr(g->message, "YAML syntax error"));
  ps_diags_free(d);
}
END_TEST

START_TEST(oversized_input_is_refused) {
  ps_ylimits lim = ps_ylimits_default;
  lim.max_bytes = 4;
  ps_diags *d = ps_diags_new();
  parse_fails("a: 12345\n", &lim, d, PS_ELIMIT);
  ps_diags_free(d);
}
END_TEST

START_TEST(empty_input_has_no_root) {
  ps_ytree *t = parse_ok("");
  ck_assert_ptr_null(t->root);
  ps_ytree_free(t);
}
END_TEST

START_TEST(null_values_are_absent) {
  ps_ytree *t = parse_ok("a: ~\nb: null\nc:\nd: x\ne: NULL\n");
  ck_assert_ptr_null(ps_ymap_get(t->root, "a"));
  ck_assert_ptr_null(ps_ymap_get(t->root, "b"));
  ck_assert_ptr_null(ps_ymap_get(t->root, "c"));
  ck_assert_ptr_null(ps_ymap_get(t->root, "e"));
  ck_assert_str_eq(ps_ymap_get(t->root, "d")->value, "x");
  ck_assert_uint_eq(t->root->count, 1);
  /* Kept aside for messages, with the key's place. */
  ck_assert_str_eq(t->root->nulls->key, "a");
  ck_assert_str_eq(t->root->nulls->next->next->key, "c");
  ck_assert_uint_eq(t->root->nulls->next->next->key_line, 3);
  ps_ytree_free(t);
}
END_TEST

START_TEST(quoted_null_is_text) {
  ps_ytree *t = parse_ok("a: \"~\"\nb: 'null'\n");
  ck_assert_str_eq(ps_ymap_get(t->root, "a")->value, "~");
  ck_assert_str_eq(ps_ymap_get(t->root, "b")->value, "null");
  ps_ytree_free(t);
}
END_TEST

START_TEST(null_document_is_empty) {
  ps_ytree *t = parse_ok("~\n");
  ck_assert_ptr_null(t->root);
  ps_ytree_free(t);
}
END_TEST

START_TEST(null_list_entry_is_refused) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a:\n  - x\n  -\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 3);
  ck_assert_ptr_nonnull(strstr(g->message, "entry of this list is empty"));
  ps_diags_free(d);
}
END_TEST

START_TEST(duplicate_of_a_null_key_is_found) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a: ~\nb: 1\na: 2\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 3);
  ck_assert_ptr_nonnull(strstr(g->message, "first given at line 1"));
  ps_diags_free(d);
}
END_TEST

START_TEST(tags_are_refused_with_place) {
  static const struct {
    const char *text, *shown;
    unsigned line, col;
  } cases[] = {
      {"a: 1\nb: !!binary aGVsbG8=\n", "'!!binary'", 2, 4},
      {"a: !!python/object:os.system x\n", "'!!python/object:os.system'", 1, 4},
      {"a: !foo x\n", "'!foo'", 1, 4},
      {"a: !!str x\n", "'!!str'", 1, 4},
      {"a: !!map {b: 1}\n", "'!!map'", 1, 4},
      {"a: !!seq [1]\n", "'!!seq'", 1, 4},
      {"!!str a: 1\n", "'!!str'", 1, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ps_diags *d = ps_diags_new();
    const ps_diag *g = parse_fails(cases[i].text, NULL, d, PS_EINPUT);
    ck_assert_msg(strstr(g->message, cases[i].shown), "%s: %s", cases[i].text, g->message);
    ck_assert_ptr_nonnull(strstr(g->message, "not part of this file's format"));
    ck_assert_uint_eq(g->line, cases[i].line);
    ck_assert_uint_eq(g->column, cases[i].col);
    ps_diags_free(d);
  }
}
END_TEST

START_TEST(escaped_controls_are_refused_and_shown) {
  static const struct {
    const char *text, *shown;
  } cases[] = {
      {"a: \"\\e[31mred\"\n", "'\\x1b'"},
      {"a: \"bell\\a\"\n", "'\\x07'"},
      {"a: \"x\\ry\"\n", "'\\r'"},
      {"a: \"x\\Ly\"\n", "'\\u2028(LINE SEPARATOR)'"},
      {"a: \"x\\Py\"\n", "'\\u2029(PARAGRAPH SEPARATOR)'"},
      {"a: \"x\\Ny\"\n", "'\\u0085(NEXT LINE)'"},
      {"a: \"x\\x9by\"\n", "'\\u009B'"},
      {"a: \"x\\uFFFEy\"\n", "'\\uFFFE(NONCHARACTER)'"},
      {"a: \"x\\uFDD0y\"\n", "'\\uFDD0(NONCHARACTER)'"},
      {"a: \"x\\u202Ey\"\n", "'\\u202E(RIGHT-TO-LEFT OVERRIDE)'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ps_diags *d = ps_diags_new();
    const ps_diag *g = parse_fails(cases[i].text, NULL, d, PS_EINPUT);
    ck_assert_msg(strstr(g->message, cases[i].shown), "%s: %s", cases[i].text, g->message);
    ck_assert_uint_eq(g->line, 1);
    ck_assert_uint_eq(g->column, 4);
    ck_assert_ptr_null(strchr(g->message, '\n'));
    ck_assert_ptr_null(strchr(g->message, 0x1b));
    ps_diags_free(d);
  }
}
END_TEST

START_TEST(tabs_and_line_breaks_stay_in_values) {
  ps_ytree *t = parse_ok("a: \"x\\ty\\nz\"\nb: |\n  one\n  two\n");
  ck_assert_str_eq(ps_ymap_get(t->root, "a")->value, "x\ty\nz");
  ck_assert_str_eq(ps_ymap_get(t->root, "b")->value, "one\ntwo\n");
  ps_ytree_free(t);
}
END_TEST

/* libyaml counts U+2028 as a line break; an editor does not. Refused at the
 * place an editor shows, so no later line number is shifted. */
START_TEST(raw_line_separator_is_refused_where_an_editor_shows_it) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a: 1\nb: x\xe2\x80\xa8y\nc: [\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 2);
  ck_assert_uint_eq(g->column, 5);
  ck_assert_ptr_nonnull(strstr(g->message, "\\u2028(LINE SEPARATOR)"));
  ps_diags_free(d);
  d = ps_diags_new();
  g = parse_fails("# note\xc2\x85x\na: 1\nb: \"\\uFDD0\"\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 1);
  ck_assert_uint_eq(g->column, 7);
  ps_diags_free(d);
}
END_TEST

START_TEST(fullwidth_space_in_indentation_is_pointed_at) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a:\n  b: 1\n\xe3\x80\x80 c: 2\nd: 3\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 3);
  ck_assert_uint_eq(g->column, 1);
  ck_assert_ptr_nonnull(strstr(g->message, "full-width space (U+3000)"));
  ps_diags_free(d);
  d = ps_diags_new();
  g = parse_fails("a:\n  b: 1\n  \xe3\x80\x80"
                  "c: 2\n",
                  NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 3);
  ck_assert_uint_eq(g->column, 3);
  ck_assert_ptr_nonnull(strstr(g->message, "full-width space (U+3000)"));
  ps_diags_free(d);
}
END_TEST

START_TEST(invisible_character_in_key_is_shown_at_its_column) {
  ps_diags *d = ps_diags_new();
  const ps_diag *g = parse_fails("a:\n  pro\xe2\x80\x8bvider: x\n", NULL, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 2);
  ck_assert_uint_eq(g->column, 6);
  ck_assert_ptr_nonnull(strstr(g->message, "'pro\\u200B(ZERO WIDTH SPACE)vider'"));
  ps_diags_free(d);
}
END_TEST

/* What an input method types for ':', '-' and '#' is pointed at; the same
 * characters in quoted text, comments and block scalars are text. */
START_TEST(fullwidth_syntax_signs_are_pointed_at) {
  static const struct {
    const char *text;
    unsigned line, col;
    const char *says;
  } cases[] = {
      {"a:\n  uptime:\xe3\x80\x80"
       "99.9%\n",
       2, 10, "follows the colon after the key 'uptime'"},
      {"a:\n  - x\n  \xef\xbc\x8d y\n", 3, 3, "full-width '\xef\xbc\x8d'"},
      {"a:\n  - x\n  \xe3\x83\xbc y\n", 3, 3, "full-width '\xe3\x83\xbc'"},
      {"a: 1\n\xef\xbc\x83 note\n", 2, 1, "starts a comment"},
      {"a: 24h  \xef\xbc\x83 note\n", 1, 9, "starts a comment"},
      {"p: {start\xef\xbc\x9a"
       "2026-04-01, end: x}\n",
       1, 10, "follows the key 'start'"},
      {"p: {a: 1, end\xef\xbc\x9a"
       "x}\n",
       1, 14, "follows the key 'end'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    ps_diags *d = ps_diags_new();
    const ps_diag *g = parse_fails(cases[i].text, NULL, d, PS_EINPUT);
    ck_assert_uint_eq(g->line, cases[i].line);
    ck_assert_uint_eq(g->column, cases[i].col);
    ck_assert_msg(strstr(g->message, cases[i].says), "case %zu: %s", i, g->message);
    ps_diags_free(d);
  }
  ps_ytree_free(
      parse_ok("a: \"x \xef\xbc\x83 y\xef\xbc\x9a z\"\n# a\xef\xbc\x9a b \xef\xbc\x83\n"
               "b: |\n  \xe3\x83\xbc x\n  \xef\xbc\x83 y\n  k\xef\xbc\x9a z\nc: '\xef\xbc\x8d x'\n"
               "d: \xe9\x95\xb7\xe3\x83\xbc \xe3\x83\xbc x\n"
               "e: [ISMAP, JIS\xef\xbc\x9aQ27001]\nf: {a: [x, y], b: 1}\n"));
}
END_TEST

/* 95,000 keys in one map took a minute with a duplicate check that looked
 * at every earlier key; bench/run.sh times it. */
START_TEST(many_keys_in_one_map) {
  size_t n = 95000;
  char *text = malloc(n * 16 + 32);
  size_t len = 0;
  for (size_t i = 0; i < n; i++)
    len += (size_t)sprintf(text + len, "k%zu: %zu\n", i, i);
  ps_ytree *t = NULL;
  ps_diags *d = ps_diags_new();
  ps_ylimits lim = ps_ylimits_default;
  lim.max_bytes = len + 32;
  ck_assert_int_eq(ps_ytree_parse(&t, "t.yaml", text, len, &lim, d), 0);
  ck_assert_uint_eq(t->root->count, n);
  ps_ytree_free(t);
  len += (size_t)sprintf(text + len, "k94999: again\n");
  lim.max_bytes = len + 32;
  const ps_diag *g = parse_fails(text, &lim, d, PS_EINPUT);
  ck_assert_uint_eq(g->line, 95001);
  ck_assert_ptr_nonnull(strstr(g->message, "first given at line 95000"));
  ps_diags_free(d);
  free(text);
}
END_TEST

Suite *yamltree_suite(void) {
  Suite *s = suite_create("yamltree");
  TCase *tc = tcase_create("parse");
  tcase_add_test(tc, positions_are_one_based);
  tcase_add_test(tc, quoted_scalars_are_marked);
  tcase_add_test(tc, duplicate_key_names_both_lines);
  tcase_add_test(tc, aliases_are_refused);
  tcase_add_test(tc, depth_is_limited);
  tcase_add_test(tc, second_document_is_refused);
  tcase_add_test(tc, invalid_utf8_is_a_located_error);
  tcase_add_test(tc, syntax_error_has_location);
  tcase_add_test(tc, oversized_input_is_refused);
  tcase_add_test(tc, empty_input_has_no_root);
  tcase_add_test(tc, null_values_are_absent);
  tcase_add_test(tc, quoted_null_is_text);
  tcase_add_test(tc, null_document_is_empty);
  tcase_add_test(tc, null_list_entry_is_refused);
  tcase_add_test(tc, duplicate_of_a_null_key_is_found);
  tcase_add_test(tc, tags_are_refused_with_place);
  tcase_add_test(tc, escaped_controls_are_refused_and_shown);
  tcase_add_test(tc, tabs_and_line_breaks_stay_in_values);
  tcase_add_test(tc, raw_line_separator_is_refused_where_an_editor_shows_it);
  tcase_add_test(tc, fullwidth_space_in_indentation_is_pointed_at);
  tcase_add_test(tc, invisible_character_in_key_is_shown_at_its_column);
  tcase_add_test(tc, fullwidth_syntax_signs_are_pointed_at);
  suite_add_tcase(s, tc);
  /* Not a timing test (bench/run.sh times it): the limit only has to allow
   * a slow sanitizer build on a busy machine. */
  TCase *big = tcase_create("big");
  tcase_set_timeout(big, 120);
  tcase_add_test(big, many_keys_in_one_map);
  suite_add_tcase(s, big);
  return s;
}
