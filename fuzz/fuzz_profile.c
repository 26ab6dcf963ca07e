/* libFuzzer: the profile loader, schema and criteria judge on any bytes. */
#include <stddef.h>
#include <stdint.h>

#include "procspec/procspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ps_diags *diags = ps_diags_new();
  ps_profile *p = NULL;
  if (ps_profile_load_buffer(&p, "fuzz.yaml", (const char *)data, size, diags) == 0)
    ps_profile_judge(p, NULL, diags);
  ps_profile_free(p);
  ps_diags_free(diags);
  return 0;
}
