#include <string.h>

#include "library.h"
#include "testutil.h"

static ps_coverage *cover(const char *sample, const char *from, const char *to, ps_library *lib) {
  ps_profile *p = tu_sample(sample, from, to);
  ps_coverage *cov = NULL;
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_coverage_build(&cov, p, lib, d), 0);
  ps_diags_free(d);
  ps_profile_free(p);
  return cov;
}

static const ps_coverage_row *row(const ps_coverage *cov, const char *req, const char *doc) {
  for (size_t i = 0; i < ps_coverage_rows(cov); i++) {
    const ps_coverage_row *r = ps_coverage_row_at(cov, i);
    if (strcmp(r->requirement, req) == 0 && strcmp(r->document, doc) == 0)
      return r;
  }
  return NULL;
}

START_TEST(class2_sample_is_fully_covered) {
  ps_library *lib = tu_library();
  ps_coverage *cov = cover("e-application", NULL, NULL, lib);
  ck_assert_uint_eq(ps_coverage_uncovered(cov), 0);
  const ps_coverage_row *r = row(cov, "3.1(7)①", "annex");
  ck_assert_ptr_nonnull(r);
  ck_assert_uint_ge(r->nclauses, 1);
  ck_assert_ptr_null(row(cov, "4.2", "application")); /* class 1 only */
  ps_coverage_free(cov);
  ps_library_free(lib);
}
END_TEST

START_TEST(class1_rows_follow_section_4) {
  ps_library *lib = tu_library();
  ps_coverage *cov = cover("e-application", "confidentiality: 2", "confidentiality: 1", lib);
  ck_assert_uint_eq(ps_coverage_uncovered(cov), 0);
  ck_assert_ptr_nonnull(row(cov, "4.2", "application"));
  ck_assert_ptr_null(row(cov, "3.1(1)", "spec"));
  ps_coverage_free(cov);
  ps_library_free(lib);
}
END_TEST

START_TEST(a_removed_clause_shows_as_uncovered) {
  ps_library *lib = tu_library();
  /* Drop the annex clause on secondary use from the library. */
  for (size_t i = 0; i < lib->nclauses; i++)
    if (strcmp(lib->clauses[i].id, "annex-secondary-use") == 0)
      lib->clauses[i].ndocs = 0;
  ps_coverage *cov = cover("e-application", NULL, NULL, lib);
  const ps_coverage_row *r = row(cov, "3.1(7)①", "annex");
  ck_assert_ptr_nonnull(r);
  /* annex-confidentiality also cites 3.1(7)①; the item is still covered once. */
  ck_assert_uint_eq(r->nclauses, 1);
  ps_coverage_free(cov);
  for (size_t i = 0; i < lib->nclauses; i++)
    if (strcmp(lib->clauses[i].id, "annex-confidentiality") == 0)
      lib->clauses[i].ndocs = 0;
  cov = cover("e-application", NULL, NULL, lib);
  ck_assert_uint_eq(row(cov, "3.1(7)①", "annex")->nclauses, 0);
  ck_assert_uint_eq(ps_coverage_uncovered(cov), 1);
  ps_coverage_free(cov);
  ps_library_free(lib);
}
END_TEST

Suite *coverage_suite(void) {
  Suite *s = suite_create("coverage");
  TCase *tc = tcase_create("coverage");
  tcase_add_test(tc, class2_sample_is_fully_covered);
  tcase_add_test(tc, class1_rows_follow_section_4);
  tcase_add_test(tc, a_removed_clause_shows_as_uncovered);
  suite_add_tcase(s, tc);
  return s;
}
