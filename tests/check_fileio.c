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

Suite *fileio_suite(void) {
  Suite *s = suite_create("fileio");
  TCase *tc = tcase_create("fileio");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, atomic_write_replaces_whole_file);
  tcase_add_test(tc, unsafe_names_are_refused);
  tcase_add_test(tc, failed_write_keeps_the_old_file);
  tcase_add_test(tc, read_limits);
  tcase_add_test(tc, a_failed_batch_replaces_nothing);
  suite_add_tcase(s, tc);
  return s;
}
