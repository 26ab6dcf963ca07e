#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "testutil.h"

/* The sample with FROM replaced by TO; expects loading to fail and
 * returns the problems. */
static ps_diags *sample_fails(const char *from, const char *to) {
  char *text = tu_read(tu_path("samples/e-application.yaml"), NULL);
  char *t = tu_replace(text, from, to);
  ck_assert_msg(strcmp(t, text) != 0, "'%s' not in sample", from);
  ps_profile *p = NULL;
  ps_diags *d;
  ck_assert_int_eq(tu_load(&p, t, &d), PS_EINPUT);
  ck_assert_ptr_null(p);
  free(text);
  free(t);
  return d;
}

START_TEST(sample_loads_with_classes) {
  ps_profile *p = tu_sample("e-application", NULL, NULL);
  ck_assert_int_eq(p->confidentiality, 2);
  ck_assert_int_eq(p->integrity, 2);
  ck_assert_int_eq(p->availability, 2);
  ps_profile_free(p);
}
END_TEST

START_TEST(unknown_key_suggests_the_close_one) {
  ps_diags *d = sample_fails("  provider: 株式会社", "  provder: 株式会社");
  ck_assert(tu_has_diag(d, "unknown key 'service.provder'; did you mean 'provider'?"));
  ck_assert(tu_has_diag(d, "service.provider is missing"));
  ps_diags_free(d);
}
END_TEST

START_TEST(unknown_key_has_its_location) {
  ps_diags *d = sample_fails("procspec: 1 ", "procspec: 1\nfavourite_colour: blue ");
  const ps_diag *g = tu_first_diag(d);
  ck_assert_str_eq(g->file, "test.yaml");
  ck_assert_uint_eq(g->line, 4);
  ck_assert_uint_eq(g->column, 1);
  ps_diags_free(d);
}
END_TEST

START_TEST(wrong_type_is_reported) {
  ps_diags *d = sample_fails("confidentiality: 2", "confidentiality: high");
  ck_assert(tu_has_diag(d, "classification.confidentiality must be a whole number"));
  ps_diags_free(d);
}
END_TEST

START_TEST(class_out_of_range) {
  ps_diags *d = sample_fails("confidentiality: 2", "confidentiality: 4");
  ck_assert(tu_has_diag(d, "allowed values are 1 to 3"));
  ps_diags_free(d);
}
END_TEST

START_TEST(map_where_value_expected) {
  ps_diags *d = sample_fails("  name: 電子申請サービス", "  name: {a: 1}");
  ck_assert(tu_has_diag(d, "service.name must be text, not a map"));
  ps_diags_free(d);
}
END_TEST

START_TEST(end_before_start) {
  ps_diags *d = sample_fails("end: 2029-03-31", "end: 2025-03-31");
  ck_assert(tu_has_diag(d, "is before service.period.start"));
  ps_diags_free(d);
}
END_TEST

START_TEST(impossible_date) {
  ps_diags *d = sample_fails("date: 2026-04-01", "date: 2026-02-30");
  ck_assert(tu_has_diag(d, "no such day"));
  ps_diags_free(d);
}
END_TEST

START_TEST(bad_duration_and_percentage) {
  ps_diags *d = sample_fails("rto: 3h", "rto: 3 hours");
  ck_assert(tu_has_diag(d, "availability_targets.rto must be a duration"));
  ps_diags_free(d);
  d = sample_fails("uptime: 99.5%", "uptime: 120%");
  ck_assert(tu_has_diag(d, "cannot exceed 100%"));
  ps_diags_free(d);
}
END_TEST

START_TEST(enum_lists_its_choices) {
  ps_diags *d = sample_fails("priority: recovery", "priority: fast");
  ck_assert(tu_has_diag(d, "use one of: recovery (復旧優先), continuity (業務継続優先)"));
  ps_diags_free(d);
}
END_TEST

START_TEST(defaults_are_filled_in) {
  ps_profile *p = tu_sample("e-application", "  short_name: 本組合", "");
  const ps_ynode *n = ps_ynode_path(ps_profile_root(p), "organization.short_name");
  ck_assert_ptr_nonnull(n);
  ck_assert_str_eq(n->value, "本組合");
  ps_profile_free(p);
}
END_TEST

START_TEST(not_a_map) {
  ps_profile *p = NULL;
  ps_diags *d;
  ck_assert_int_eq(tu_load(&p, "- just\n- a list\n", &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "must be a YAML map"));
  ps_diags_free(d);
  ck_assert_int_eq(tu_load(&p, "", &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "profile is empty"));
  ps_diags_free(d);
}
END_TEST

START_TEST(empty_list_is_refused) {
  ps_diags *d = sample_fails("export_formats: [CSV, PDF]", "export_formats: []");
  ck_assert(tu_has_diag(d, "empty list"));
  ps_diags_free(d);
}
END_TEST

START_TEST(all_problems_are_reported_at_once) {
  char *text = tu_read(tu_path("samples/e-application.yaml"), NULL);
  char *a = tu_replace(text, "rto: 3h", "rto: soon");
  char *b = tu_replace(a, "uptime: 99.5%", "uptime: always");
  ps_profile *p = NULL;
  ps_diags *d;
  ck_assert_int_eq(tu_load(&p, b, &d), PS_EINPUT);
  ck_assert_uint_eq(ps_diags_errors(d), 2);
  ps_diags_free(d);
  free(a);
  free(b);
  free(text);
}
END_TEST

START_TEST(null_is_absent_never_text) {
  /* An optional key with ~ is as if it were not written. */
  ps_profile *p = tu_sample("e-application", "  users: 本組合の関係者内に限る", "  users: ~");
  ck_assert_ptr_null(ps_ynode_path(ps_profile_root(p), "service.users"));
  ps_profile_free(p);
  p = tu_sample("e-application", "  users: 本組合の関係者内に限る", "  users:");
  ck_assert_ptr_null(ps_ynode_path(ps_profile_root(p), "service.users"));
  ps_profile_free(p);
  /* A required one says so where it was written. */
  ps_diags *d = sample_fails("  provider: 株式会社サンプルクラウド", "  provider: null");
  ck_assert(tu_has_diag(d, "service.provider has no value (~, null or nothing after the colon)"));
  ck_assert_uint_eq(tu_first_diag(d)->line, 16);
  ps_diags_free(d);
  /* A misspelt key is reported even without a value. */
  d = sample_fails("  users: 本組合の関係者内に限る", "  usres: ~");
  ck_assert(tu_has_diag(d, "unknown key 'service.usres'; did you mean 'users'?"));
  ps_diags_free(d);
}
END_TEST

START_TEST(line_breaks_only_where_the_field_allows_them) {
  ps_diags *d =
      sample_fails("  provider: 株式会社サンプルクラウド", "  provider: \"株式会社\\nサンプル\"");
  ck_assert(tu_has_diag(d, "service.provider must be one line of text; it holds a line break "
                           "after '株式会社'"));
  ps_diags_free(d);
  /* A block scalar's final line break is not part of the text. */
  ps_profile *p = tu_sample("e-application", "  provider: 株式会社サンプルクラウド",
                            "  provider: |\n    株式会社サンプルクラウド");
  ps_profile_free(p);
  p = tu_sample("e-application", "  users: 本組合の関係者内に限る",
                "  users: |\n    本組合の\n    関係者内に限る");
  ps_profile_free(p);
}
END_TEST

Suite *profile_suite(void) {
  Suite *s = suite_create("profile");
  TCase *tc = tcase_create("validate");
  tcase_add_test(tc, sample_loads_with_classes);
  tcase_add_test(tc, unknown_key_suggests_the_close_one);
  tcase_add_test(tc, unknown_key_has_its_location);
  tcase_add_test(tc, wrong_type_is_reported);
  tcase_add_test(tc, class_out_of_range);
  tcase_add_test(tc, map_where_value_expected);
  tcase_add_test(tc, end_before_start);
  tcase_add_test(tc, impossible_date);
  tcase_add_test(tc, bad_duration_and_percentage);
  tcase_add_test(tc, enum_lists_its_choices);
  tcase_add_test(tc, defaults_are_filled_in);
  tcase_add_test(tc, not_a_map);
  tcase_add_test(tc, empty_list_is_refused);
  tcase_add_test(tc, all_problems_are_reported_at_once);
  tcase_add_test(tc, null_is_absent_never_text);
  tcase_add_test(tc, line_breaks_only_where_the_field_allows_them);
  suite_add_tcase(s, tc);
  return s;
}
