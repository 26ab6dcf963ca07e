/* Example: generating a procurement specification with libprocspec.
 *
 *   cc generate_spec.c $(pkg-config --cflags --libs procspec) -o generate_spec
 *   ./generate_spec profile.yaml out/
 *
 * Loads and validates the profile, judges it against the criteria, and
 * writes the specification as DOCX into the folder, atomically. */
#include <procspec/procspec.h>
#include <stdio.h>

static void print(const ps_diags *diags) {
  for (size_t i = 0; i < ps_diags_count(diags); i++) {
    const ps_diag *d = ps_diags_get(diags, i);
    fprintf(stderr, "%s:%u:%u: %s\n", d->file ? d->file : "procspec", d->line, d->column,
            d->message);
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s PROFILE OUTDIR\n", argv[0]);
    return 2;
  }
  ps_diags *diags = ps_diags_new();
  ps_profile *profile = NULL;
  ps_library *library = NULL;
  ps_outputs outputs = {NULL, 0};
  ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
  opts.doc_kind = "spec";
  opts.formats = PS_FMT_DOCX;
  int status = 1;
  if (ps_profile_load(&profile, argv[1], diags) == 0 &&
      ps_library_open(&library, NULL, diags) == 0 &&
      ps_generate(&outputs, profile, library, &opts, diags) == 0 &&
      ps_outputs_write(&outputs, argv[2], diags) == 0) {
    for (size_t i = 0; i < outputs.count; i++)
      printf("%s/%s (%zu bytes)\n", argv[2], outputs.files[i].name, outputs.files[i].size);
    status = 0;
  }
  print(diags);
  ps_outputs_free(&outputs);
  ps_library_free(library);
  ps_profile_free(profile);
  ps_diags_free(diags);
  ps_global_cleanup();
  return status;
}
