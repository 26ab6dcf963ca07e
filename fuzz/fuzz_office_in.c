/* libFuzzer: a DOCX or ODT read back as one side of procspec diff. The
 * first byte chooses what the rest is: a whole package (with safezip's
 * size, part and ratio limits), or one XML part read as a DOCX
 * word/document.xml or an ODT content.xml (mutated zips rarely get past
 * the zip checks, so the part reader is fed directly). Whatever it reads
 * must parse as procspec Markdown and compare equal to itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common.h"
#include "diff.h"
#include "office_in.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ps_library *fuzz_library(void) {
  static ps_library *lib;
  if (!lib) {
    ps_diags *d = ps_diags_new();
    if (ps_library_load(&lib, ps_default_template_dir(), NULL, d) != 0)
      abort();
    ps_diags_free(d);
  }
  return lib;
}

/* A version compared with itself shows no difference. */
static void same_as_itself(const ps_doc_version *v, ps_diags *diags) {
  ps_diff *d = NULL;
  if (ps_diff_build(&d, v, v, NULL, diags) == 0 && ps_diff_differs(d))
    abort();
  ps_diff_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  ps_diags *diags = ps_diags_new();
  const char *rest = (const char *)data + 1;
  size_t n = size - 1;
  ps_doc_version *v = NULL;
  if (data[0] % 3 == 0) {
    if (ps_doc_version_load_buffer(&v, "fuzz.docx", rest, n, NULL, fuzz_library(), diags) == 0)
      same_as_itself(v, diags);
  } else {
    ps_office_text text;
    if (ps_office_read_part(&text, "fuzz", data[0] % 3 == 2, rest, n, "annex", fuzz_library(),
                            diags) == 0) {
      if (!text.markdown)
        abort();
      if (ps_doc_version_from_markdown(&v, "fuzz.md", text.markdown, diags) == 0)
        same_as_itself(v, diags);
      free(text.markdown);
    }
  }
  ps_doc_version_free(v);
  ps_diags_free(diags);
  return 0;
}
