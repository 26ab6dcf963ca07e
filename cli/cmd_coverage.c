#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "json.h"

void usage_coverage(void) {
  printf(_("usage: procspec coverage PROFILE [--format text|md|json] [--templates DIR]\n\n"
           "Prints the traceability matrix: every requirement item of the criteria that\n"
           "applies to PROFILE, the documents that must carry it, and the clauses that\n"
           "implement it there. Exit 1 when any item is not covered.\n"));
}

static void print_text(const ps_coverage *cov) {
  cli_pad(_("requirement"), 15);
  cli_pad(_("document"), 13);
  printf("%s\n", _("clauses"));
  for (size_t i = 0; i < ps_coverage_rows(cov); i++) {
    const ps_coverage_row *r = ps_coverage_row_at(cov, i);
    cli_pad(r->requirement, 15);
    cli_pad(r->document, 13);
    if (!r->nclauses)
      printf(_("NOT COVERED: %s"), r->text);
    for (size_t c = 0; c < r->nclauses; c++)
      printf("%s%s", c ? " " : "", r->clauses[c]);
    putchar('\n');
  }
}

static void print_md(const ps_coverage *cov) {
  printf("| 要求事項 | 要旨 | 文書 | 条文 |\n| --- | --- | --- | --- |\n");
  for (size_t i = 0; i < ps_coverage_rows(cov); i++) {
    const ps_coverage_row *r = ps_coverage_row_at(cov, i);
    printf("| %s | %s | %s | ", r->requirement, r->text, r->document);
    if (!r->nclauses)
      printf("**未対応**");
    for (size_t c = 0; c < r->nclauses; c++)
      printf("%s`%s`", c ? " " : "", r->clauses[c]);
    printf(" |\n");
  }
}

static void print_json(const ps_coverage *cov) {
  printf("{\"rows\": [");
  for (size_t i = 0; i < ps_coverage_rows(cov); i++) {
    const ps_coverage_row *r = ps_coverage_row_at(cov, i);
    printf("%s\n  {\"requirement\": ", i ? "," : "");
    json_string(stdout, r->requirement);
    printf(", \"document\": ");
    json_string(stdout, r->document);
    printf(", \"text\": ");
    json_string(stdout, r->text);
    printf(", \"covered\": %s, \"clauses\": [", r->nclauses ? "true" : "false");
    for (size_t c = 0; c < r->nclauses; c++) {
      printf("%s", c ? ", " : "");
      json_string(stdout, r->clauses[c]);
    }
    printf("]}");
  }
  printf("\n], \"uncovered\": %zu}\n", ps_coverage_uncovered(cov));
}

int cmd_coverage(int argc, char **argv) {
  const char *profile_path = NULL, *templates = NULL, *format = "text";
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
      format = argv[++i];
    else if (strcmp(argv[i], "--json") == 0)
      format = "json";
    else if (strcmp(argv[i], "--templates") == 0 && i + 1 < argc)
      templates = argv[++i];
    else if (argv[i][0] == '-' && argv[i][1])
      return cli_fail("unknown option '%s' for coverage", argv[i]);
    else if (profile_path)
      return cli_fail("coverage takes one profile");
    else
      profile_path = argv[i];
  }
  if (!profile_path)
    return cli_fail("coverage needs a profile; try 'procspec coverage --help'");
  if (strcmp(format, "text") != 0 && strcmp(format, "md") != 0 && strcmp(format, "json") != 0)
    return cli_fail("unknown format '%s'; use text, md or json", format);
  ps_diags *diags = ps_diags_new();
  ps_profile *profile = NULL;
  ps_library *lib = NULL;
  ps_coverage *cov = NULL;
  int status = EXIT_TROUBLE;
  if (diags && cli_load_profile(&profile, profile_path, diags) == 0 &&
      cli_load_library(&lib, templates, diags) == 0 &&
      ps_coverage_build(&cov, profile, lib, diags) == 0) {
    if (format[0] == 'j')
      print_json(cov);
    else if (format[0] == 'm')
      print_md(cov);
    else
      print_text(cov);
    size_t missing = ps_coverage_uncovered(cov);
    char shown[4096];
    fprintf(stderr, _("%s: %zu rows, %zu not covered\n"),
            ps_escape_message(shown, sizeof shown,
                              strcmp(profile_path, "-") == 0 ? STDIN_NAME : profile_path),
            ps_coverage_rows(cov), missing);
    status = missing ? EXIT_FINDINGS : EXIT_OK;
  }
  cli_print_diags(diags);
  ps_coverage_free(cov);
  ps_library_free(lib);
  ps_profile_free(profile);
  ps_diags_free(diags);
  return status;
}
