/* --format pdf for generate and diff: the library's ODT, converted by
 * LibreOffice (ps_pdf_convert). */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

int cli_parse_pdfa(const char *arg, ps_pdf_options *opts) {
  if (strcmp(arg, "1") == 0 || strcmp(arg, "1b") == 0)
    opts->standard = PS_PDF_A1B;
  else if (strcmp(arg, "2") == 0 || strcmp(arg, "2b") == 0)
    opts->standard = PS_PDF_A2B;
  else
    return cli_fail("--pdf-a takes 1 (PDF/A-1a, which meets PDF/A-1b) or 2 (PDF/A-2b), not '%s'",
                    arg);
  return 0;
}

int cli_parse_pdf_timeout(const char *arg, ps_pdf_options *opts) {
  char *end;
  long n = strtol(arg, &end, 10);
  if (*end || end == arg || n < 1 || n > 3600)
    return cli_fail("--pdf-timeout takes a number of seconds from 1 to 3600, not '%s'", arg);
  opts->timeout_seconds = (unsigned)n;
  return 0;
}

void cli_pdf_request(unsigned *formats) {
  if (*formats & CLI_FMT_PDF)
    *formats = (*formats & ~CLI_FMT_PDF) | PS_FMT_ODT;
}

static int has_ext(const char *name, const char *ext) {
  size_t n = strlen(name), e = strlen(ext);
  return n > e && strcmp(name + n - e, ext) == 0;
}

int cli_add_pdf(ps_outputs *out, unsigned asked, const ps_pdf_options *opts, ps_diags *diags) {
  if (!(asked & CLI_FMT_PDF))
    return 0;
  size_t nodt = 0;
  for (size_t i = 0; i < out->count; i++)
    nodt += has_ext(out->files[i].name, ".odt");
  ps_output *odts = calloc(nodt ? nodt : 1, sizeof *odts);
  if (!odts)
    return PS_ENOMEM;
  size_t k = 0;
  for (size_t i = 0; i < out->count; i++)
    if (has_ext(out->files[i].name, ".odt"))
      odts[k++] = out->files[i];
  ps_outputs pdfs = {NULL, 0};
  int rc = ps_pdf_convert(&pdfs, odts, nodt, opts, diags);
  free(odts);
  if (rc != 0)
    return rc;
  /* Keep the order of kinds: each PDF right after its ODT. */
  int keep_odt = (asked & PS_FMT_ODT) != 0;
  size_t n = 0;
  ps_output *merged = calloc(out->count + pdfs.count, sizeof *merged);
  if (!merged) {
    ps_outputs_free(&pdfs);
    return PS_ENOMEM;
  }
  for (size_t i = 0, p = 0; i < out->count; i++) {
    int odt = has_ext(out->files[i].name, ".odt");
    if (!odt || keep_odt) {
      merged[n++] = out->files[i];
    } else {
      free(out->files[i].name);
      free(out->files[i].data);
    }
    if (odt)
      merged[n++] = pdfs.files[p++];
  }
  free(pdfs.files);
  free(out->files);
  out->files = merged;
  out->count = n;
  return 0;
}
