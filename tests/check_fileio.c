#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "testutil.h"

static char dir[64];

static void setup(void) {
  strcpy(dir, "/tmp/procspec-io-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  ck_assert_int_eq(system(cmd), 0);
}

static size_t entries(void) {
  char cmd[160];
  snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
  FILE *f = popen(cmd, "r");
  size_t n = 0;
  ck_assert_int_eq(fscanf(f, "%zu", &n), 1);
  pclose(f);
  return n;
}

START_TEST(atomic_write_replaces_whole_file) {
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_write_atomic(dir, "a.txt", "old contents", 12, d), 0);
  ck_assert_int_eq(ps_write_atomic(dir, "a.txt", "new", 3, d), 0);
  char path[128];
  snprintf(path, sizeof path, "%s/a.txt", dir);
  size_t len;
  char *s = tu_read(path, &len);
  ck_assert_str_eq(s, "new");
  free(s);
  ck_assert_uint_eq(entries(), 1); /* no temporary file left */
  ps_diags_free(d);
}
END_TEST

START_TEST(unsafe_names_are_refused) {
  ps_diags *d = ps_diags_new();
  const char *bad[] = {"../x", "a/b", "..", ".", "", "a\nb"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    ck_assert_int_eq(ps_write_atomic(dir, bad[i], "x", 1, d), PS_EINPUT);
  ck_assert_uint_eq(entries(), 0);
  ck_assert(ps_safe_filename("spec.docx"));
  ck_assert(ps_safe_filename("調達仕様書.docx"));
  ps_diags_free(d);
}
END_TEST

START_TEST(failed_write_keeps_the_old_file) {
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_write_atomic(dir, "keep.txt", "signed", 6, d), 0);
  char missing[128];
  snprintf(missing, sizeof missing, "%s/no/such/dir", dir);
  ck_assert_int_eq(ps_write_atomic(missing, "keep.txt", "x", 1, d), PS_EIO);
  ck_assert(tu_has_diag(d, "cannot create"));
  char path[128];
  snprintf(path, sizeof path, "%s/keep.txt", dir);
  char *s = tu_read(path, NULL);
  ck_assert_str_eq(s, "signed");
  free(s);
  ps_diags_free(d);
}
END_TEST

START_TEST(read_limits) {
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_write_atomic(dir, "big.txt", "0123456789", 10, d), 0);
  char path[128];
  snprintf(path, sizeof path, "%s/big.txt", dir);
  char *data;
  size_t len;
  ck_assert_int_eq(ps_read_file(&data, &len, path, 5, d), PS_ELIMIT);
  ck_assert_int_eq(ps_read_file(&data, &len, path, 10, d), 0);
  ck_assert_uint_eq(len, 10);
  free(data);
  ck_assert_int_eq(ps_read_file(&data, &len, dir, 10, d), PS_EIO);
  ck_assert(tu_has_diag(d, "not a regular file"));
  ps_diags_free(d);
}
END_TEST

START_TEST(a_failed_batch_replaces_nothing) {
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_write_atomic(dir, "a.docx", "old a", 5, d), 0);
  const char *names[] = {"a.docx", "../escape", "c.odt"};
  const void *data[] = {"new a", "x", "new c"};
  size_t sizes[] = {5, 1, 5};
  ck_assert_int_eq(ps_write_atomic_all(dir, names, data, sizes, 3, d), PS_EINPUT);
  char path[128];
  snprintf(path, sizeof path, "%s/a.docx", dir);
  char *s = tu_read(path, NULL);
  ck_assert_str_eq(s, "old a");
  free(s);
  ck_assert_uint_eq(entries(), 1); /* no temporary file, no c.odt */
  const char *good[] = {"a.docx", "c.odt"};
  const void *gdata[] = {"new a", "new c"};
  size_t gsizes[] = {5, 5};
  ck_assert_int_eq(ps_write_atomic_all(dir, good, gdata, gsizes, 2, d), 0);
  s = tu_read(path, NULL);
  ck_assert_str_eq(s, "new a");
  free(s);
  ck_assert_uint_eq(entries(), 2);
  ps_diags_free(d);
}
END_TEST

START_TEST(a_folder_at_a_target_replaces_nothing) {
  ps_diags *d = ps_diags_new();
  const char *names[] = {"a.md", "b.docx", "c.odt"};
  const void *old[] = {"old a", "old b", "old c"}, *new[] = {"new a", "new b", "new c"};
  size_t sizes[] = {5, 5, 5};
  ck_assert_int_eq(ps_write_atomic_all(dir, names, old, sizes, 3, d), 0);
  char path[128];
  snprintf(path, sizeof path, "%s/c.odt", dir);
  ck_assert_int_eq(unlink(path), 0);
  ck_assert_int_eq(mkdir(path, 0755), 0);
  ck_assert_int_eq(ps_write_atomic_all(dir, names, new, sizes, 3, d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "is a folder"));
  snprintf(path, sizeof path, "%s/a.md", dir);
  char *s = tu_read(path, NULL);
  ck_assert_str_eq(s, "old a"); /* the first target was not replaced */
  free(s);
  ck_assert_uint_eq(entries(), 3); /* and no temporary file is left */
  ps_diags_free(d);
}
END_TEST

START_TEST(a_link_to_a_document_keeps_the_link) {
  ps_diags *d = ps_diags_new();
  ck_assert_int_eq(ps_write_atomic(dir, "real.md", "old", 3, d), 0);
  char link[128], real[128];
  snprintf(link, sizeof link, "%s/spec.md", dir);
  snprintf(real, sizeof real, "%s/real.md", dir);
  ck_assert_int_eq(symlink("real.md", link), 0);
  ck_assert_int_eq(ps_write_atomic(dir, "spec.md", "new", 3, d), 0);
  struct stat st;
  ck_assert_int_eq(lstat(link, &st), 0);
  ck_assert(S_ISLNK(st.st_mode));
  char *s = tu_read(real, NULL);
  ck_assert_str_eq(s, "new");
  free(s);
  ck_assert_uint_eq(entries(), 2);
  /* A link to something that is not a document is refused. */
  snprintf(link, sizeof link, "%s/null.md", dir);
  ck_assert_int_eq(symlink("/dev/null", link), 0);
  ck_assert_int_eq(ps_write_atomic(dir, "null.md", "x", 1, d), PS_EINPUT);
  ck_assert(tu_has_diag(d, "symbolic link"));
  ck_assert_int_eq(lstat("/dev/null", &st), 0);
  ck_assert(S_ISCHR(st.st_mode));
  ps_diags_free(d);
}
END_TEST

Suite *fileio_suite(void) {
  Suite *s = suite_create("fileio");
  TCase *tc = tcase_create("fileio");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, atomic_write_replaces_whole_file);
  tcase_add_test(tc, unsafe_names_are_refused);
  tcase_add_test(tc, failed_write_keeps_the_old_file);
  tcase_add_test(tc, read_limits);
  tcase_add_test(tc, a_failed_batch_replaces_nothing);
  tcase_add_test(tc, a_folder_at_a_target_replaces_nothing);
  tcase_add_test(tc, a_link_to_a_document_keeps_the_link);
  suite_add_tcase(s, tc);
  return s;
}
