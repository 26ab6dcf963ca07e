/* libFuzzer: the template engine parses any text as a clause body and
 * renders it against a valid profile. */
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "common.h"
#include "profile.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ps_profile *p = fuzz_profile();
  ps_arena arena;
  ps_arena_init(&arena);
  ps_diags *diags = ps_diags_new();
  ps_template t;
  if (ps_template_parse(&t, &arena, "fuzz.md", 1, (const char *)data, size, diags) == 0) {
    ps_buf out = PS_BUF_INIT;
    ps_template_render(&out, &t, ps_profile_root(p), "fuzz.yaml", PS_ESC_MARKDOWN, diags);
    ps_buf_free(&out);
  }
  ps_diags_free(diags);
  ps_arena_free(&arena);
  return 0;
}
