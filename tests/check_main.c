#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const struct {
  const char *name;
  Suite *(*make)(void);
} suites[] = {
    {"yamltree", yamltree_suite},
    {"format", format_suite},
    {"profile", profile_suite},
    {"expr", expr_suite},
    {"template", template_suite},
    {"library", library_suite},
    {"document", document_suite},
    {"writers", writers_suite},
    {"fileio", fileio_suite},
    {"judge", judge_suite},
    {"coverage", coverage_suite},
    {"diff", diff_suite},
    {"normalize", normalize_suite},
    {"chars", chars_suite},
    {"walk", walk_suite},
    {"api", api_suite},
    {"compliance", compliance_suite},
    {"office_in", office_in_suite},
};

int main(int argc, char **argv) {
  SRunner *sr = NULL;
  for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
    if (argc > 1 && strcmp(argv[1], suites[i].name) != 0)
      continue;
    if (!sr)
      sr = srunner_create(suites[i].make());
    else
      srunner_add_suite(sr, suites[i].make());
  }
  if (!sr) {
    fprintf(stderr, "unknown suite %s\n", argv[1]);
    return 2;
  }
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
