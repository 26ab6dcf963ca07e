#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"

void usage_ledger(void) {
  printf(
      _("usage: procspec ledger PROFILE|DIR... [-o FILE] [--format csv|md|docx|odt|xlsx] [--bom]\n"
        "                       [--templates DIR]\n\n"
        "Writes the approved-services ledger (承認済外部サービス台帳): one row per\n"
        "profile with the items of 5.2(4). The format follows FILE's extension unless\n"
        "--format is given; without -o, CSV or Markdown goes to standard output.\n"
        "XLSX is a workbook for Excel or LibreOffice Calc: the header row stays in\n"
        "view, every column has a filter, dates are dates shown in the Japanese era.\n\n"
        "  --bom   start the CSV with a byte-order mark, for spreadsheet software\n"));
}

static int format_of(const char *name, ps_ledger_format *fmt) {
  static const struct {
    const char *name;
    ps_ledger_format fmt;
  } formats[] = {{"csv", PS_LEDGER_CSV},
                 {"md", PS_LEDGER_MD},
                 {"docx", PS_LEDGER_DOCX},
                 {"odt", PS_LEDGER_ODT},
                 {"xlsx", PS_LEDGER_XLSX}};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcasecmp(name, formats[i].name) == 0) { /* LEDGER.CSV as saved on Windows */
      *fmt = formats[i].fmt;
      return 0;
    }
  return -1;
}

typedef struct {
  const char *output, *format, *templates;
  int bom;
  char **profiles;
  size_t nprofiles;
} ledger_args;

static int parse_args(ledger_args *a, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    int more = i + 1 < argc;
    if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && more)
      a->output = argv[++i];
    else if (strcmp(argv[i], "--format") == 0 && more)
      a->format = argv[++i];
    else if (strcmp(argv[i], "--templates") == 0 && more)
      a->templates = argv[++i];
    else if (strcmp(argv[i], "--bom") == 0)
      a->bom = 1;
    else if (argv[i][0] == '-' && argv[i][1])
      return cli_fail("unknown option '%s' for ledger (or it needs a value)", argv[i]);
    else
      a->profiles[a->nprofiles++] = argv[i];
  }
  return a->nprofiles ? 0 : cli_fail("ledger needs at least one profile");
}

static int run(ledger_args *a, ps_ledger_format fmt, ps_diags *diags) {
  ps_profile **profiles = calloc(a->nprofiles, sizeof(*profiles));
  ps_library *lib = NULL;
  unsigned char *data = NULL;
  size_t len = 0;
  int rc = profiles ? 0 : (cli_fail("out of memory while reading the profiles"), PS_ENOMEM);
  for (size_t i = 0; i < a->nprofiles && rc == 0; i++)
    rc = cli_load_profile(&profiles[i], a->profiles[i], diags);
  if (rc == 0)
    rc = cli_load_library(&lib, a->templates, diags);
  if (rc == 0)
    rc = ps_ledger_build(&data, &len, (const ps_profile *const *)profiles, a->nprofiles, lib, fmt,
                         a->bom, diags);
  if (rc == 0 && a->output)
    rc = cli_write_file(a->output, data, len, diags);
  else if (rc == 0 && fwrite(data, 1, len, stdout) != len)
    rc = PS_EIO;
  free(data);
  ps_library_free(lib);
  for (size_t i = 0; profiles && i < a->nprofiles; i++)
    ps_profile_free(profiles[i]);
  free(profiles);
  return rc;
}

int cmd_ledger(int argc, char **argv) {
  char **args = calloc((size_t)argc, sizeof(char *)), **expanded = NULL;
  size_t nexpanded = 0;
  ledger_args a = {NULL, NULL, NULL, 0, args, 0};
  if (!a.profiles)
    return cli_fail("out of memory");
  int status = EXIT_TROUBLE;
  ps_ledger_format fmt = PS_LEDGER_CSV;
  if (parse_args(&a, argc, argv) != 0 ||
      cli_expand_profiles(&expanded, &nexpanded, a.profiles, a.nprofiles) != 0 ||
      cli_stdin_once(expanded, nexpanded) != 0)
    goto out;
  a.profiles = expanded;
  a.nprofiles = nexpanded;
  /* The extension of the file name, not of a folder on the way to it. */
  const char *base = a.output ? strrchr(a.output, '/') : NULL;
  base = base ? base + 1 : a.output;
  const char *ext = base ? strrchr(base, '.') : NULL;
  if (a.format ? format_of(a.format, &fmt) < 0 : ext && format_of(ext + 1, &fmt) < 0) {
    cli_fail("unknown ledger format '%s'; use csv, md, docx, odt or xlsx",
             a.format ? a.format : ext + 1);
    goto out;
  }
  if (!a.output && (fmt == PS_LEDGER_DOCX || fmt == PS_LEDGER_ODT || fmt == PS_LEDGER_XLSX)) {
    cli_fail("a DOCX, ODT or XLSX ledger needs -o FILE");
    goto out;
  }
  ps_diags *diags = ps_diags_new();
  if (diags && run(&a, fmt, diags) == 0)
    status = EXIT_OK;
  cli_print_diags(diags);
  ps_diags_free(diags);
out:
  free(args);
  cli_free_list(expanded, nexpanded);
  return status;
}
