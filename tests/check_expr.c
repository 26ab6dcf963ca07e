#include <string.h>

#include "expr.h"
#include "testutil.h"
#include "yamltree.h"

static ps_ytree *tree;
static ps_arena arena;

static void setup(void) {
  const char *y = "a: {n: 2, s: hello, b: true, list: [1, 2]}\n";
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_ytree_parse(&tree, "t", y, strlen(y), NULL, d), 0);
  ps_diags_free(d);
  /* Type the scalars as the schema would. */
  ps_ynode *n = ps_ynode_path(tree->root, "a.n");
  n->vtype = PS_V_INT;
  n->ival = 2;
  ps_ynode *b = ps_ynode_path(tree->root, "a.b");
  b->vtype = PS_V_BOOL;
  b->ival = 1;
  ps_arena_init(&arena);
}

static void teardown(void) {
  ps_ytree_free(tree);
  ps_arena_free(&arena);
}

static int truth(const char *src) {
  char why[100];
  ps_expr *e = ps_expr_parse(&arena, src, why, sizeof why);
  ck_assert_msg(e != NULL, "%s: %s", src, why);
  return ps_expr_truthy(e, tree->root, NULL);
}

START_TEST(comparisons) {
  ck_assert(truth("a.n >= 2"));
  ck_assert(!truth("a.n > 2"));
  ck_assert(truth("a.n == 2 and a.s == 'hello'"));
  ck_assert(truth("a.s != \"bye\""));
  ck_assert(truth("not a.n < 2"));
  ck_assert(truth("(a.n == 1 or a.n == 2) and a.b"));
  ck_assert(truth("a.b == true"));
}
END_TEST

START_TEST(missing_values_are_false) {
  ck_assert(!truth("a.missing"));
  ck_assert(!truth("a.missing == 1"));
  ck_assert(truth("not a.missing"));
  ck_assert(truth("a.missing != 1"));
}
END_TEST

START_TEST(lists_are_true_when_not_empty) {
  ck_assert(truth("a.list"));
  ck_assert(truth("a.list == 2"));
}
END_TEST

START_TEST(syntax_errors_say_where) {
  char why[100];
  ck_assert_ptr_null(ps_expr_parse(&arena, "a.n >=", why, sizeof why));
  ck_assert_ptr_null(ps_expr_parse(&arena, "(a.n", why, sizeof why));
  ck_assert_ptr_nonnull(strstr(why, "missing ')'"));
  ck_assert_ptr_null(ps_expr_parse(&arena, "a.n 2", why, sizeof why));
  ck_assert_ptr_null(ps_expr_parse(&arena, "'open", why, sizeof why));
}
END_TEST

START_TEST(deep_nesting_is_refused) {
  char src[400];
  memset(src, '(', 200);
  strcpy(src + 200, "a.n");
  char why[100];
  ck_assert_ptr_null(ps_expr_parse(&arena, src, why, sizeof why));
  memset(src, 0, sizeof src);
  for (int i = 0; i < 90; i++)
    strcat(src, "not ");
  strcat(src, "a.n");
  ck_assert_ptr_null(ps_expr_parse(&arena, src, why, sizeof why));
}
END_TEST

Suite *expr_suite(void) {
  Suite *s = suite_create("expr");
  TCase *tc = tcase_create("expr");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, comparisons);
  tcase_add_test(tc, missing_values_are_false);
  tcase_add_test(tc, lists_are_true_when_not_empty);
  tcase_add_test(tc, syntax_errors_say_where);
  tcase_add_test(tc, deep_nesting_is_refused);
  suite_add_tcase(s, tc);
  return s;
}
