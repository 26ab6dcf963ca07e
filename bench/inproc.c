/* In-process benchmark: the full set of one profile (every document kind
 * that applies, in Markdown, DOCX and ODT) generated in memory, nothing
 * written to disk, repeated; prints the median, the minimum and the 90th
 * percentile in milliseconds. The profile and the library are loaded once,
 * as a server embedding the library would.
 *
 *   bench/inproc PROFILE.yaml [RUNS]     (built as bench_inproc by CMake) */
#define _POSIX_C_SOURCE 200809L
#include <procspec/procspec.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PROFILE.yaml [RUNS]\n", argv[0]);
    return 2;
  }
  int runs = argc > 2 ? atoi(argv[2]) : 200;
  if (runs < 1)
    runs = 1;
  ps_diags *diags = ps_diags_new();
  ps_profile *profile = NULL;
  ps_library *library = NULL;
  if (ps_profile_load(&profile, argv[1], diags) != 0 ||
      ps_library_open(&library, NULL, diags) != 0) {
    for (size_t i = 0; i < ps_diags_count(diags); i++)
      fprintf(stderr, "%s\n", ps_diags_get(diags, i)->message);
    return 2;
  }
  ps_generate_options opts = PS_GENERATE_OPTIONS_INIT; /* all kinds, all three formats */
  double *t = malloc((size_t)runs * sizeof *t);
  size_t files = 0, bytes = 0;
  for (int i = -5; i < runs; i++) { /* five warm-up rounds */
    ps_diags *d = ps_diags_new();
    ps_outputs out = {NULL, 0};
    double s = now_ms();
    int rc = ps_generate(&out, profile, library, &opts, d);
    double e = now_ms();
    if (rc != 0) {
      fprintf(stderr, "generate failed\n");
      return 2;
    }
    if (i >= 0)
      t[i] = e - s;
    files = out.count;
    bytes = 0;
    for (size_t k = 0; k < out.count; k++)
      bytes += out.files[k].size;
    ps_outputs_free(&out);
    ps_diags_free(d);
  }
  qsort(t, (size_t)runs, sizeof *t, cmp_double);
  printf("files %zu bytes %zu runs %d median_ms %.3f min_ms %.3f p90_ms %.3f\n", files, bytes, runs,
         t[runs / 2], t[0], t[(runs * 9) / 10]);
  free(t);
  ps_library_free(library);
  ps_profile_free(profile);
  ps_diags_free(diags);
  ps_global_cleanup();
  return 0;
}
