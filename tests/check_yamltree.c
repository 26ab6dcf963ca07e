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
  suite_add_tcase(s, tc);
  return s;
}
