/* libFuzzer: any Markdown as a clause body through every writer
 * (document tree -> Markdown, DOCX, ODT). */
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "document.h"
#include "writers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ps_document *doc = NULL;
  if (ps_document_single(&doc, "ledger", "台帳", "題名", "団体", "fuzz-clause", "見出し",
                         (const char *)data, size) < 0)
    return 0;
  doc->show_refs = size % 2;
  doc->toc = (size / 2) % 2;
  doc->landscape = (size / 4) % 2;
  ps_diags *diags = ps_diags_new();
  int (*writers[])(unsigned char **, size_t *, const ps_document *,
                   ps_diags *) = {ps_write_md, ps_write_docx, ps_write_odt};
  for (size_t i = 0; i < 3; i++) {
    unsigned char *out = NULL;
    size_t len = 0;
    writers[i](&out, &len, doc, diags);
    free(out);
  }
  ps_diags_free(diags);
  ps_document_free(doc);
  return 0;
}
