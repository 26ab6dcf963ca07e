#define _POSIX_C_SOURCE 200809L /* mkdtemp */
/* The public API as an embedding program sees it: versioned options,
 * refused formats and kinds, in-memory loading, the diagnostic list's
 * limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "testutil.h"

static ps_diags *d;
static ps_library *lib;
static ps_profile *profile;

static void setup(void) {
  d = ps_diags_new();
  ck_assert_int_eq(ps_library_open(&lib, NULL, d), 0);
  profile = tu_sample("e-application", NULL, NULL);
}

static void teardown(void) {
  ps_profile_free(profile);
  ps_library_free(lib);
  ps_diags_free(d);
}

START_TEST(options_without_a_version_are_refused) {
  ps_outputs out = {NULL, 0};
  ps_generate_options zeroed;
  memset(&zeroed, 0, sizeof zeroed);
  ck_assert_int_eq(ps_generate(&out, profile, lib, &zeroed, d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "PS_GENERATE_OPTIONS_INIT"));
  ck_assert_uint_eq(out.count, 0);
  ps_check_options check = {0, NULL, NULL, NULL};
  ck_assert_int_eq(ps_profile_judge(profile, &check, d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "PS_CHECK_OPTIONS_INIT"));
  ps_library_options lo;
  memset(&lo, 0, sizeof lo);
  ps_library *other = NULL;
  ck_assert_int_eq(ps_library_open(&other, &lo, d), PS_EINPUT);
  ck_assert_ptr_null(other);
}
END_TEST

START_TEST(unknown_formats_and_kinds_are_refused) {
  ps_outputs out = {NULL, 0};
  ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
  opts.formats = PS_FMT_DOCX | 0x40;
  ck_assert_int_eq(ps_generate(&out, profile, lib, &opts, d), PS_EINPUT);
  opts.formats = PS_FMT_DOCX;
  opts.doc_kind = "no-such-kind";
  ck_assert_int_eq(ps_generate(&out, profile, lib, &opts, d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "no-such-kind"));
  unsigned char *data = NULL;
  size_t len = 0;
  const ps_profile *one[] = {profile};
  ck_assert_int_eq(ps_ledger_build(&data, &len, one, 1, lib, (ps_ledger_format)99, 0, d),
                   PS_EINPUT);
  ck_assert_ptr_null(data);
}
END_TEST

START_TEST(a_redline_is_docx_or_odt_only) {
  size_t n = 0;
  char *yaml = tu_read(tu_path("samples/e-application.yaml"), &n);
  ps_doc_version *a = NULL;
  ck_assert_int_eq(ps_doc_version_load_buffer(&a, "a.yaml", yaml, n, "spec", lib, d), 0);
  ps_diff *diff = NULL;
  ck_assert_int_eq(ps_diff_build(&diff, a, a, NULL, d), 0);
  unsigned char *out = NULL;
  size_t len = 0;
  ck_assert_int_eq(ps_diff_redline(&out, &len, diff, PS_FMT_MD, NULL, NULL, d), PS_EINPUT);
  ck_assert_ptr_null(out);
  ck_assert_int_eq(ps_diff_redline(&out, &len, diff, PS_FMT_ODT, NULL, NULL, d), 0);
  ck_assert_uint_gt(len, 0);
  free(out);
  ps_diff_options bad = PS_DIFF_OPTIONS_INIT;
  bad.version = 0;
  ps_diff *other = NULL;
  ck_assert_int_eq(ps_diff_build(&other, a, a, &bad, d), PS_EINPUT);
  ps_diff_free(diff);
  ps_doc_version_free(a);
  free(yaml);
}
END_TEST

START_TEST(clause_at_out_of_range_is_an_error_code) {
  ps_clause_info info;
  size_t n = ps_library_clause_count(lib);
  ck_assert_uint_gt(n, 10);
  ck_assert_int_eq(ps_library_clause_at(lib, n - 1, &info), 0);
  ck_assert_int_eq(ps_library_clause_at(lib, n, &info), PS_EINPUT);
}
END_TEST

/* The compiled-in templates are the source tree's templates/ja. */
START_TEST(built_in_templates_equal_the_folder) {
  ps_library *folder = NULL;
  ck_assert_int_eq(ps_library_load(&folder, tu_path("templates/ja"), NULL, d), 0);
  ck_assert_uint_eq(ps_library_clause_count(folder), ps_library_clause_count(lib));
  for (size_t i = 0; i < ps_library_clause_count(lib); i++) {
    ps_clause_info a, b;
    ck_assert_int_eq(ps_library_clause_at(lib, i, &a), 0);
    ck_assert_int_eq(ps_library_clause_at(folder, i, &b), 0);
    ck_assert_str_eq(a.id, b.id);
    ck_assert_str_eq(a.title, b.title);
    ck_assert_int_eq(a.overridden, 0);
    ck_assert_ptr_nonnull(strstr(a.file, "templates/ja/clauses/"));
  }
  ps_library_free(folder);
}
END_TEST

static const char clause[] = "---\nid: spec-purpose\ntitle: 目的（メモリ）\nrefs: [\"2(1)\"]\n"
                             "docs: [spec]\nchapter: general\norder: 10\n---\n本文。\n";
static const char extra[] = "---\nid: spec-memory-extra\ntitle: 追加\nrefs: [\"2(1)\"]\n"
                            "docs: [spec]\nchapter: general\norder: 11\n---\n追加の本文。\n";

START_TEST(an_in_memory_layer_overrides_and_adds) {
  ps_file files[] = {{"clauses/spec-purpose.md", clause, sizeof clause - 1},
                     {"clauses/spec-memory-extra.md", extra, sizeof extra - 1},
                     {"notes.txt", "ignored", 7}};
  ps_template_layer layer = {NULL, files, 3, "mem"};
  ps_library_options o = PS_LIBRARY_OPTIONS_INIT;
  o.layers = &layer;
  o.nlayers = 1;
  ps_library *mem = NULL;
  ck_assert_int_eq(ps_library_open(&mem, &o, d), 0);
  ck_assert_uint_eq(ps_library_clause_count(mem), ps_library_clause_count(lib) + 1);
  int replaced = 0, added = 0;
  for (size_t i = 0; i < ps_library_clause_count(mem); i++) {
    ps_clause_info c;
    ps_library_clause_at(mem, i, &c);
    if (strcmp(c.id, "spec-purpose") == 0) {
      replaced = strcmp(c.title, "目的（メモリ）") == 0 && c.overridden;
      ck_assert_str_eq(c.file, "mem/clauses/spec-purpose.md");
    }
    added |= strcmp(c.id, "spec-memory-extra") == 0;
  }
  ck_assert(replaced && added);
  ps_library_free(mem);
}
END_TEST

START_TEST(one_id_twice_in_a_layer_is_an_error) {
  ps_file files[] = {{"clauses/a.md", clause, sizeof clause - 1},
                     {"clauses/b.md", clause, sizeof clause - 1}};
  ps_template_layer layer = {NULL, files, 2, "mem"};
  ps_library_options o = PS_LIBRARY_OPTIONS_INIT;
  o.layers = &layer;
  o.nlayers = 1;
  ps_library *mem = NULL;
  ck_assert_int_eq(ps_library_open(&mem, &o, d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "already used by mem/clauses/a.md"));
}
END_TEST

START_TEST(a_reference_document_loads_from_memory) {
  ps_refdoc *ref = NULL;
  ck_assert_int_eq(ps_refdoc_load_buffer(&ref, "junk.docx", "not a zip", 9, d), PS_EINPUT);
  ck_assert_ptr_null(ref);
  ck_assert_str_eq(ps_diags_get(d, ps_diags_count(d) - 1)->file, "junk.docx");
  ps_outputs out = {NULL, 0};
  ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
  opts.doc_kind = "spec";
  opts.formats = PS_FMT_ODT;
  ck_assert_int_eq(ps_generate(&out, profile, lib, &opts, d), 0);
  ck_assert_int_eq(ps_refdoc_load_buffer(&ref, "ours.odt", out.files[0].data, out.files[0].size, d),
                   0);
  ck_assert_int_eq(ps_refdoc_format(ref), PS_FMT_ODT);
  /* Given as the DOCX style, it is refused with its name. */
  ps_outputs again = {NULL, 0};
  opts.docx_style = ref;
  ck_assert_int_eq(ps_generate(&again, profile, lib, &opts, d), PS_EINPUT);
  ck_assert_str_eq(ps_diags_get(d, ps_diags_count(d) - 1)->file, "ours.odt");
  opts.docx_style = NULL;
  opts.odt_style = ref;
  ck_assert_int_eq(ps_generate(&again, profile, lib, &opts, d), 0);
  ps_outputs_free(&again);
  ps_refdoc_free(ref);
  ps_outputs_free(&out);
}
END_TEST

START_TEST(the_list_says_when_it_is_truncated) {
  ps_diags *many = ps_diags_new();
  for (int i = 0; i < 1005; i++)
    ps_error_at(many, PS_EINPUT, "f", 1, 1, "problem %d", i);
  ck_assert_uint_eq(ps_diags_count(many), 1000);
  ck_assert_uint_eq(ps_diags_dropped(many), 5);
  ck_assert_uint_eq(ps_diags_dropped(d), 0);
  ps_diags_free(many);
}
END_TEST

START_TEST(write_file_replaces_whole) {
  char dir[] = "/tmp/ps-api-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  char path[64];
  snprintf(path, sizeof path, "%s/ledger.csv", dir);
  ck_assert_int_eq(ps_write_file(path, "a,b\n", 4, d), 0);
  size_t n = 0;
  char *back = tu_read(path, &n);
  ck_assert_uint_eq(n, 4);
  ck_assert_int_eq(memcmp(back, "a,b\n", 4), 0);
  free(back);
  unlink(path);
  rmdir(dir);
}
END_TEST

Suite *api_suite(void) {
  Suite *s = suite_create("api");
  TCase *t = tcase_create("api");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, options_without_a_version_are_refused);
  tcase_add_test(t, unknown_formats_and_kinds_are_refused);
  tcase_add_test(t, a_redline_is_docx_or_odt_only);
  tcase_add_test(t, clause_at_out_of_range_is_an_error_code);
  tcase_add_test(t, built_in_templates_equal_the_folder);
  tcase_add_test(t, an_in_memory_layer_overrides_and_adds);
  tcase_add_test(t, one_id_twice_in_a_layer_is_an_error);
  tcase_add_test(t, a_reference_document_loads_from_memory);
  tcase_add_test(t, the_list_says_when_it_is_truncated);
  tcase_add_test(t, write_file_replaces_whole);
  suite_add_tcase(s, t);
  return s;
}
