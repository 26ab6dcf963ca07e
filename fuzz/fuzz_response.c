/* libFuzzer: a bidder's filled compliance form, read back. The first byte
 * chooses what the rest is: a whole response file (CSV, or a zip read as
 * XLSX, DOCX or ODT, with its size, part and ratio limits), or one XML part
 * read as an XLSX sheet, a DOCX document or an ODT content (mutated zips
 * rarely get past the zip checks, so the part readers are fed directly). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "procspec/procspec.h"
#include "response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  ps_diags *diags = ps_diags_new();
  ps_grid *g = NULL;
  const char *rest = (const char *)data + 1;
  size_t n = size - 1;
  static const ps_grid_format parts[] = {PS_GRID_XLSX, PS_GRID_DOCX, PS_GRID_ODT};
  if (data[0] % 4 == 0)
    ps_grid_load_buffer(&g, "response", rest, n, diags);
  else
    ps_grid_load_part(&g, "part.xml", parts[data[0] % 4 - 1], rest, n, diags);
  /* Every cell is a string; every row can say where it is. */
  for (size_t i = 0; g && i < g->count; i++) {
    char where[200];
    for (size_t c = 0; c < g->rows[i].ncells; c++)
      if (!g->rows[i].cells[c])
        abort();
    ps_grid_where(where, sizeof where, g, &g->rows[i], g->rows[i].ncells);
  }
  ps_grid_free(g);
  ps_diags_free(diags);
  return 0;
}
