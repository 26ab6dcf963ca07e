/* libFuzzer: two procspec Markdown documents (split at the first NUL)
 * compared, and the redline written. */
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = fuzz_string(data, size);
  if (!s)
    return 0;
  size_t half = strlen(s);
  const char *second = half < size ? s + half + 1 : s;
  ps_diags *diags = ps_diags_new();
  ps_doc_version *a = NULL, *b = NULL;
  ps_diff *d = NULL;
  if (ps_doc_version_from_markdown(&a, "old.md", s, diags) == 0 &&
      ps_doc_version_from_markdown(&b, "new.md", second, diags) == 0 &&
      ps_diff_build(&d, a, b, NULL, diags) == 0) {
    unsigned char *out = NULL;
    size_t len = 0;
    ps_diff_redline(&out, &len, d, PS_FMT_DOCX, "fuzz", "2026-04-01", diags);
    free(out);
  }
  ps_diff_free(d);
  ps_doc_version_free(a);
  ps_doc_version_free(b);
  ps_diags_free(diags);
  free(s);
  return 0;
}
