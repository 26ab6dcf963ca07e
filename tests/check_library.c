#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "library.h"
#include "testutil.h"

static char dir[64];

static void write_file(const char *rel, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  FILE *f = fopen(path, "w");
  ck_assert(f != NULL);
  fputs(text, f);
  fclose(f);
}

static void setup(void) {
  strcpy(dir, "/tmp/procspec-lib-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  char sub[128];
  snprintf(sub, sizeof sub, "%s/clauses", dir);
  ck_assert_int_eq(mkdir(sub, 0755), 0);
}

static void teardown(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  ck_assert_int_eq(system(cmd), 0);
}

static int load_user(ps_library **lib, ps_diags **d) {
  *d = ps_diags_new();
  return ps_library_load(lib, tu_path("templates/ja"), dir, *d);
}

START_TEST(builtin_library_loads) {
  ps_library *lib = tu_library();
  ck_assert_ptr_nonnull(ps_library_doc(lib, "spec"));
  ck_assert_ptr_nonnull(ps_library_doc(lib, "annex"));
  ck_assert_uint_gt(lib->nclauses, 20);
  for (size_t i = 0; i < lib->nclauses; i++)
    ck_assert_uint_gt(lib->clauses[i].nrefs, 0);
  ps_library_free(lib);
}
END_TEST

START_TEST(override_replaces_by_id) {
  write_file("clauses/mine.md", "---\nid: spec-purpose\ntitle: 本仕様書の目的\nrefs: [\"2(1)\"]\n"
                                "docs: [spec]\nchapter: general\norder: 10\n---\n独自の文言。\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), 0);
  size_t found = 0;
  for (size_t i = 0; i < lib->nclauses; i++)
    if (strcmp(lib->clauses[i].id, "spec-purpose") == 0) {
      found++;
      ck_assert_str_eq(lib->clauses[i].title, "本仕様書の目的");
      ck_assert_int_eq(lib->clauses[i].overrides, 1);
    }
  ck_assert_uint_eq(found, 1);
  ps_library_free(lib);
  ps_diags_free(d);
}
END_TEST

START_TEST(duplicate_id_in_one_folder_is_an_error) {
  const char *c = "---\nid: my-clause\ntitle: A\nrefs: [\"3.2①\"]\ndocs: [spec]\nchapter: general\n"
                  "order: 1\n---\nx\n";
  write_file("clauses/a.md", c);
  write_file("clauses/b.md", c);
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "already used"));
  ps_diags_free(d);
}
END_TEST

START_TEST(header_errors_name_file_and_line) {
  write_file("clauses/bad.md", "---\nid: Bad_ID\ntitle: A\nrefs: [\"x\"]\ndocs: [spec]\norder: 1\n---\nx\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  const ps_diag *g = tu_first_diag(d);
  ck_assert_ptr_nonnull(strstr(g->file, "bad.md"));
  ck_assert_uint_eq(g->line, 2);
  ck_assert(tu_has_diag(d, "clause id 'Bad_ID'"));
  ps_diags_free(d);
}
END_TEST

START_TEST(body_errors_carry_the_file_line) {
  write_file("clauses/open.md", "---\nid: open-if\ntitle: A\nrefs: [\"x\"]\ndocs: [spec]\n"
                                "chapter: general\norder: 1\n---\nline 9\n{% if service.name %}\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert_uint_eq(tu_first_diag(d)->line, 10);
  ck_assert(tu_has_diag(d, "not closed"));
  ps_diags_free(d);
}
END_TEST

START_TEST(missing_header_and_unknown_keys) {
  write_file("clauses/nohead.md", "just text\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "header block"));
  ps_diags_free(d);
  unlink(strcat(strcpy((char[128]){0}, dir), "/clauses/nohead.md"));
  write_file("clauses/extra.md", "---\nid: x\ntitle: A\nrefs: [\"x\"]\ndocs: [spec]\norder: 1\n"
                                 "colour: red\n---\nx\n");
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "unknown clause header key 'colour'"));
  ps_diags_free(d);
}
END_TEST

START_TEST(bom_and_crlf_templates_are_accepted) {
  /* As Notepad saves it: a byte order mark and CR LF line ends. */
  write_file("clauses/mine.md", "\xef\xbb\xbf---\r\nid: spec-purpose\r\ntitle: 本仕様書の目的\r\n"
                                "refs: [\"2(1)\"]\r\ndocs: [spec]\r\nchapter: general\r\norder: 10\r\n"
                                "---\r\n{% if service.users %}\r\n独自の文言。\r\n{% endif %}\r\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), 0);
  int found = 0;
  for (size_t i = 0; i < lib->nclauses; i++)
    found |= strcmp(lib->clauses[i].id, "spec-purpose") == 0 && lib->clauses[i].overrides &&
             strcmp(lib->clauses[i].title, "本仕様書の目的") == 0;
  ck_assert(found);
  ps_library_free(lib);
  ps_diags_free(d);
}
END_TEST

START_TEST(characters_no_document_holds_are_located) {
  write_file("clauses/bad.md", "---\nid: x\ntitle: A\nrefs: [\"2(1)\"]\ndocs: [spec]\norder: 1\n---\n"
                               "一行目\n二\xe2\x80\xae行目\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  const ps_diag *g = tu_first_diag(d);
  ck_assert_uint_eq(g->line, 9);
  ck_assert_uint_eq(g->column, 2);
  ck_assert(tu_has_diag(d, "'\\u202E(RIGHT-TO-LEFT OVERRIDE)' is a direction control"));
  ps_diags_free(d);
}
END_TEST

START_TEST(invalid_utf8_template) {
  write_file("clauses/bin.md", "---\nid: x\ntitle: A\nrefs: [\"x\"]\ndocs: [spec]\norder: 1\n---\n\xc3\x28\n");
  ps_library *lib = NULL;
  ps_diags *d;
  ck_assert_int_eq(load_user(&lib, &d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "not valid UTF-8"));
  ps_diags_free(d);
}
END_TEST

START_TEST(utf8_validator) {
  size_t bad;
  ck_assert(ps_utf8_text_valid("日本語\tok\n", strlen("日本語\tok\n"), &bad));
  ck_assert(!ps_utf8_text_valid("a\x01", 2, &bad));
  ck_assert_uint_eq(bad, 1);
  ck_assert(!ps_utf8_text_valid("\xed\xa0\x80", 3, &bad)); /* a surrogate */
  ck_assert(!ps_utf8_text_valid("\xc0\xaf", 2, &bad));     /* overlong */
  ck_assert(!ps_utf8_text_valid("\xe6\x97", 2, &bad));     /* truncated */
}
END_TEST

Suite *library_suite(void) {
  Suite *s = suite_create("library");
  TCase *tc = tcase_create("library");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, builtin_library_loads);
  tcase_add_test(tc, override_replaces_by_id);
  tcase_add_test(tc, duplicate_id_in_one_folder_is_an_error);
  tcase_add_test(tc, header_errors_name_file_and_line);
  tcase_add_test(tc, body_errors_carry_the_file_line);
  tcase_add_test(tc, missing_header_and_unknown_keys);
  tcase_add_test(tc, invalid_utf8_template);
  tcase_add_test(tc, bom_and_crlf_templates_are_accepted);
  tcase_add_test(tc, characters_no_document_holds_are_located);
  tcase_add_test(tc, utf8_validator);
  suite_add_tcase(s, tc);
  return s;
}
