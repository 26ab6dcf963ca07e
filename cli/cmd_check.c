#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"

void usage_check(void) {
  printf(_("usage: procspec check PROFILE... [--json] [--min-uptime PCT] [--max-rto DURATION]\n"
           "                      [--templates DIR]\n\n"
           "Validates each service profile and judges it against the criteria. Every\n"
           "problem is printed as FILE:LINE:COL: error [SECTION]: message. A profile that\n"
           "meets the criteria is also run through the templates (nothing is written),\n"
           "so that a template needing a value the profile lacks is found here.\n\n"
           "  --json              print the findings as JSON on standard output\n"
           "  --templates DIR     your own clause templates (as for generate)\n"
           "  --min-uptime PCT    weakest uptime accepted for availability class 2 (99.5%%)\n"
           "  --max-rto DURATION  longest recovery time accepted for availability class 2 (24h)\n\n"
           "Exit 0 when every profile can be approved (warnings allowed), 1 when the\n"
           "criteria are not met, 2 when a profile cannot be read or is malformed.\n"));
}

static const char *severity_name(ps_severity s) {
  return s == PS_SEV_ERROR ? "error" : s == PS_SEV_WARNING ? "warning" : "note";
}

static void print_json(const char *file, const ps_diags *diags, int loaded, int first) {
  printf("%s\n  {\"file\": ", first ? "" : ",");
  json_string(stdout, file);
  printf(", \"readable\": %s, \"approvable\": %s, \"findings\": [", loaded ? "true" : "false",
         loaded && !ps_diags_errors(diags) ? "true" : "false");
  for (size_t i = 0; i < ps_diags_count(diags); i++) {
    const ps_diag *d = ps_diags_get(diags, i);
    printf("%s\n    {\"severity\": \"%s\", \"file\": ", i ? "," : "", severity_name(d->severity));
    json_string(stdout, d->file);
    printf(", \"line\": %u, \"column\": %u, \"ref\": ", d->line, d->column);
    json_string(stdout, d->ref);
    printf(", \"message\": ");
    json_string(stdout, d->message);
    printf("}");
  }
  printf("]}");
}

/* Renders every applicable document in memory: a template error shows up
 * in DIAGS without anything being written. Only errors are passed on; the
 * judge's warnings are already there. */
static int dry_run(const ps_profile *profile, const ps_library *lib, ps_diags *diags) {
  ps_outputs out = {NULL, 0};
  ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
  opts.formats = PS_FMT_ALL; /* every writer's limits too: what check accepts, generate writes */
  opts.judged = 1;           /* cmd_check has judged it, with its own thresholds */
  opts.note_defaults = 1;    /* list the defaults the documents use */
  ps_diags *own = ps_diags_new();
  if (!own)
    return PS_ENOMEM;
  int rc = ps_generate(&out, profile, lib, &opts, own);
  for (size_t i = 0; i < ps_diags_count(own); i++) {
    const ps_diag *d = ps_diags_get(own, i);
    int seen = 0; /* one note for a default several documents use, or the judge gave */
    for (size_t k = 0; k < ps_diags_count(diags) && d->severity == PS_SEV_NOTE; k++)
      seen |= strcmp(ps_diags_get(diags, k)->message, d->message) == 0;
    if (d->severity == PS_SEV_ERROR || (d->severity == PS_SEV_NOTE && !seen))
      ps_diags_copy(diags, d);
  }
  ps_diags_free(own);
  ps_outputs_free(&out);
  return rc;
}

/* Checks one profile; adds its verdict to *status. */
static void check_one(const char *path, const ps_library *lib, const ps_check_options *opts,
                      int json, int first, int *status) {
  ps_diags *diags = ps_diags_new();
  if (!diags) {
    *status = cli_fail("out of memory");
    return;
  }
  ps_profile *profile = NULL;
  const char *name = strcmp(path, "-") == 0 ? STDIN_NAME : path;
  int loaded = cli_load_profile(&profile, path, diags) == 0;
  int verdict = loaded ? ps_profile_judge(profile, opts, diags) : PS_EINPUT;
  if (verdict == 0 && dry_run(profile, lib, diags) < 0)
    verdict = PS_EINPUT;
  if (!loaded || verdict < 0)
    *status = EXIT_TROUBLE;
  else if (verdict > 0 && *status == EXIT_OK)
    *status = EXIT_FINDINGS;
  if (json) {
    print_json(name, diags, loaded, first);
  } else {
    cli_print_findings(diags, lib);
    if (loaded && verdict == 0) {
      size_t notes = 0;
      for (size_t k = 0; k < ps_diags_count(diags); k++)
        notes += ps_diags_get(diags, k)->severity == PS_SEV_NOTE;
      size_t warnings = ps_diags_count(diags) - notes;
      char w[64], nt[64], shown[4096];
      snprintf(w, sizeof w, dngettext("procspec", "%zu warning", "%zu warnings", warnings),
               warnings);
      snprintf(nt, sizeof nt, dngettext("procspec", "%zu note", "%zu notes", notes), notes);
      fprintf(stderr, _("%s: meets the criteria (%s, %s)\n"),
              ps_escape_message(shown, sizeof shown, name), w, nt);
    }
  }
  ps_profile_free(profile);
  ps_diags_free(diags);
}

int cmd_check(int argc, char **argv) {
  ps_check_options opts = PS_CHECK_OPTIONS_INIT;
  const char *templates = NULL;
  int json = 0;
  char **args = calloc((size_t)argc, sizeof *args), **paths = NULL;
  size_t nargs = 0, npaths = 0;
  if (!args)
    return cli_fail("out of memory");
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0)
      json = 1;
    else if (strcmp(argv[i], "--templates") == 0 && i + 1 < argc)
      templates = argv[++i];
    else if (strcmp(argv[i], "--min-uptime") == 0 && i + 1 < argc)
      opts.min_uptime = argv[++i];
    else if (strcmp(argv[i], "--max-rto") == 0 && i + 1 < argc)
      opts.max_rto = argv[++i];
    else if (argv[i][0] == '-' && argv[i][1]) {
      free(args);
      return cli_fail("unknown option '%s' for check (or it needs a value)", argv[i]);
    } else
      args[nargs++] = argv[i];
  }
  int status = EXIT_TROUBLE;
  ps_library *lib = NULL;
  ps_diags *lib_diags = NULL;
  if (!nargs) {
    cli_fail("check needs a profile; try 'procspec check --help'");
    goto out;
  }
  /* Folders give their profiles, as for generate and ledger. */
  if (cli_expand_profiles(&paths, &npaths, args, nargs) != 0 || cli_stdin_once(paths, npaths) != 0)
    goto out;
  if (!npaths) {
    cli_fail("no profile (*.yaml or *.yml) in %s", args[0]);
    goto out;
  }
  lib_diags = ps_diags_new();
  if (!lib_diags || cli_load_library(&lib, templates, lib_diags) < 0) {
    cli_print_diags(lib_diags);
    goto out;
  }
  cli_print_diags(lib_diags); /* warnings: files of the template folder skipped */
  opts.library = lib;
  status = EXIT_OK;
  if (json)
    printf("[");
  for (size_t k = 0; k < npaths; k++)
    check_one(paths[k], lib, &opts, json, k == 0, &status);
  if (json)
    printf("\n]\n");
out:
  ps_diags_free(lib_diags);
  ps_library_free(lib);
  cli_free_list(paths, npaths);
  free(args);
  return status;
}
