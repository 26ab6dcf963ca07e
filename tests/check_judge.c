#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "testutil.h"

/* Judges the e-application sample with FROM replaced by TO. */
static ps_diags *judge_sample(const char *from, const char *to, int *errors) {
  ps_profile *p = tu_sample("e-application", from, to);
  ps_diags *d = ps_diags_new();
  *errors = ps_profile_judge(p, NULL, d);
  ps_profile_free(p);
  return d;
}

static const ps_diag *find_ref(const ps_diags *d, const char *ref) {
  for (size_t i = 0; i < ps_diags_count(d); i++)
    if (ps_diags_get(d, i)->ref && strcmp(ps_diags_get(d, i)->ref, ref) == 0)
      return ps_diags_get(d, i);
  return NULL;
}

START_TEST(sample_meets_the_criteria) {
  int errors;
  ps_diags *d = judge_sample(NULL, NULL, &errors);
  ck_assert_int_eq(errors, 0);
  ck_assert_uint_eq(ps_diags_count(d), 0);
  ps_diags_free(d);
}
END_TEST

START_TEST(class2_needs_availability_targets_but_class1_does_not) {
  char *text = tu_read(tu_path("samples/e-application.yaml"), NULL);
  char *cut = strstr(text, "availability_targets:");
  memmove(cut, strstr(text, "incident:"), strlen(strstr(text, "incident:")) + 1);
  ps_profile *p = NULL;
  ps_diags *d;
  ck_assert_int_eq(tu_load(&p, text, &d), 0);
  ck_assert_int_eq(ps_profile_judge(p, NULL, d), 1);
  const ps_diag *g = find_ref(d, "3.1(3)");
  ck_assert_ptr_nonnull(g);
  ck_assert_int_eq(g->severity, PS_SEV_ERROR);
  ck_assert_ptr_nonnull(strstr(g->message, "availability_targets is missing"));
  ps_profile_free(p);
  ps_diags_free(d);
  char *c1 = tu_replace(text, "confidentiality: 2", "confidentiality: 1");
  ck_assert_int_eq(tu_load(&p, c1, &d), 0);
  ck_assert_int_eq(ps_profile_judge(p, NULL, d), 0);
  ps_profile_free(p);
  ps_diags_free(d);
  free(c1);
  free(text);
}
END_TEST

START_TEST(foreign_country_is_located_on_the_value) {
  int errors;
  ps_diags *d = judge_sample("countries: [JP]", "countries: [JP, US]", &errors);
  ck_assert_int_eq(errors, 1);
  const ps_diag *g = find_ref(d, "3.1(4)");
  ck_assert_ptr_nonnull(g);
  ck_assert_str_eq(g->file, "test.yaml");
  ck_assert_uint_eq(g->line, 27);
  ck_assert_uint_eq(g->column, 33);
  ck_assert_ptr_nonnull(strstr(g->message, "data_location.countries includes US"));
  ps_diags_free(d);
}
END_TEST

START_TEST(thresholds_are_configurable) {
  ps_profile *p = tu_sample("e-application", NULL, NULL);
  ps_diags *d = ps_diags_new();
  ps_check_options strict = {"99.99%", "1h"};
  ck_assert_int_eq(ps_profile_judge(p, &strict, d), 0);
  ck_assert_uint_eq(ps_diags_count(d), 2);
  ck_assert_int_eq(find_ref(d, "3.1(3)")->severity, PS_SEV_WARNING);
  ck_assert_int_eq(find_ref(d, "3.1(6)①")->severity, PS_SEV_WARNING);
  ps_diags_free(d);
  d = ps_diags_new();
  ps_check_options bad = {"lots", NULL};
  ck_assert_int_eq(ps_profile_judge(p, &bad, d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "--min-uptime"));
  ps_diags_free(d);
  ps_profile_free(p);
}
END_TEST

Suite *judge_suite(void) {
  Suite *s = suite_create("judge");
  TCase *tc = tcase_create("judge");
  tcase_add_test(tc, sample_meets_the_criteria);
  tcase_add_test(tc, class2_needs_availability_targets_but_class1_does_not);
  tcase_add_test(tc, foreign_country_is_located_on_the_value);
  tcase_add_test(tc, thresholds_are_configurable);
  suite_add_tcase(s, tc);
  return s;
}
