#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "json.h"

void usage_clauses(void) {
  printf(_("usage: procspec clauses [--doc KIND] [--json] [--templates DIR]\n\n"
           "Lists the clause library: ID, documents, criteria references, condition\n"
           "and title of every clause (with --templates, your overrides are marked *).\n"));
}

static void print_list(FILE *f, const char *const *items, size_t n, const char *sep) {
  for (size_t i = 0; i < n; i++)
    fprintf(f, "%s%s", i ? sep : "", items[i]);
}

static int in_doc(const ps_clause_info *c, const char *kind) {
  for (size_t i = 0; i < c->ndocs; i++)
    if (strcmp(c->docs[i], kind) == 0)
      return 1;
  return 0;
}

static void print_json_clause(const ps_clause_info *c, int first) {
  printf("%s\n  {\"id\": ", first ? "" : ",");
  json_string(stdout, c->id);
  printf(", \"title\": ");
  json_string(stdout, c->title);
  printf(", \"refs\": [");
  for (size_t r = 0; r < c->nrefs; r++) {
    printf("%s", r ? ", " : "");
    json_string(stdout, c->refs[r]);
  }
  printf("], \"docs\": [");
  for (size_t d = 0; d < c->ndocs; d++) {
    printf("%s", d ? ", " : "");
    json_string(stdout, c->docs[d]);
  }
  printf("], \"when\": ");
  json_string(stdout, c->when);
  printf(", \"file\": ");
  json_string(stdout, c->file);
  printf(", \"overridden\": %s}", c->overridden ? "true" : "false");
}

int cmd_clauses(int argc, char **argv) {
  const char *templates = NULL, *kind = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--templates") == 0 && i + 1 < argc)
      templates = argv[++i];
    else if (strcmp(argv[i], "--doc") == 0 && i + 1 < argc)
      kind = argv[++i];
    else if (strcmp(argv[i], "--json") == 0)
      json = 1;
    else
      return cli_fail("unknown argument '%s' for clauses", argv[i]);
  }
  ps_diags *diags = ps_diags_new();
  ps_library *lib = NULL;
  if (!diags || cli_load_library(&lib, templates, diags) < 0) {
    cli_print_diags(diags);
    ps_diags_free(diags);
    return EXIT_TROUBLE;
  }
  if (json)
    printf("[");
  int first = 1;
  for (size_t i = 0; i < ps_library_clause_count(lib); i++) {
    ps_clause_info c;
    ps_library_clause_at(lib, i, &c);
    if (kind && !in_doc(&c, kind))
      continue;
    if (json) {
      print_json_clause(&c, first);
    } else {
      printf("%s", c.overridden ? "*" : " ");
      cli_pad(c.id, 25);
      print_list(stdout, c.docs, c.ndocs, ",");
      printf("  [");
      print_list(stdout, c.refs, c.nrefs, " ");
      printf("]  %s%s%s\n", c.title, c.when ? "  when: " : "", c.when ? c.when : "");
    }
    first = 0;
  }
  if (json)
    printf("\n]\n");
  ps_library_free(lib);
  ps_diags_free(diags);
  return EXIT_OK;
}
