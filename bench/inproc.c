/* In-process benchmark: the full set of one profile (every document kind
 * that applies, in Markdown, DOCX and ODT) generated in memory, nothing
 * written to disk, repeated; prints the median, the minimum and the 90th
 * percentile in milliseconds. The profile and the library are loaded once,
 * as a server embedding the library would.
 *
 * It also measures a floor that no generator of these formats can go
 * below with the libraries the formats need: DOCX, ODT and XLSX are ZIP
 * packages, so every byte of their XML is deflated. The parts of the
 * generated packages are read back once, then deflated alone (zlib, level
 * 1, procspec's level) RUNS times; the median of that is the floor.
 *
 *   bench/inproc PROFILE.yaml [RUNS]     (built as bench_inproc by CMake) */
#define _POSIX_C_SOURCE 200809L
#include <procspec/procspec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>
#include <zlib.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

typedef struct {
  unsigned char **data;
  size_t *len, count, cap;
} parts;

/* Appends the uncompressed parts of the ZIP package in BUF to P; 0 when
 * BUF is no ZIP package (Markdown, CSV). */
static int read_parts(parts *p, const unsigned char *buf, size_t size) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(buf, size, 0, &ze);
  zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
  if (!za) {
    zip_source_free(src);
    zip_error_fini(&ze);
    return 0;
  }
  zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    zip_file_t *f = zip_stat_index(za, (zip_uint64_t)i, 0, &st) == 0
                        ? zip_fopen_index(za, (zip_uint64_t)i, 0)
                        : NULL;
    if (!f)
      return -1;
    if (p->count == p->cap) {
      p->cap = p->cap ? 2 * p->cap : 64;
      p->data = realloc(p->data, p->cap * sizeof *p->data);
      p->len = realloc(p->len, p->cap * sizeof *p->len);
      if (!p->data || !p->len)
        return -1;
    }
    unsigned char *d = malloc(st.size ? st.size : 1);
    if (!d || zip_fread(f, d, st.size) != (zip_int64_t)st.size)
      return -1;
    zip_fclose(f);
    p->data[p->count] = d;
    p->len[p->count++] = st.size;
  }
  zip_close(za);
  zip_error_fini(&ze);
  return 0;
}

/* Deflates every part once, as a raw stream at level 1. */
static int deflate_all(const parts *p) {
  static unsigned char out[1 << 16];
  for (size_t i = 0; i < p->count; i++) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      return -1;
    z.next_in = p->data[i];
    z.avail_in = (uInt)p->len[i];
    int rc;
    do {
      z.next_out = out;
      z.avail_out = sizeof out;
      rc = deflate(&z, Z_FINISH);
    } while (rc == Z_OK);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
      return -1;
  }
  return 0;
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
  parts p = {NULL, NULL, 0, 0};
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
    for (size_t k = 0; k < out.count; k++) {
      bytes += out.files[k].size;
      if (i == runs - 1 && read_parts(&p, out.files[k].data, out.files[k].size) != 0) {
        fprintf(stderr, "cannot read back %s\n", out.files[k].name);
        return 2;
      }
    }
    ps_outputs_free(&out);
    ps_diags_free(d);
  }
  qsort(t, (size_t)runs, sizeof *t, cmp_double);
  printf("files %zu bytes %zu runs %d median_ms %.3f min_ms %.3f p90_ms %.3f\n", files, bytes, runs,
         t[runs / 2], t[0], t[(runs * 9) / 10]);
  size_t xml = 0;
  for (size_t k = 0; k < p.count; k++)
    xml += p.len[k];
  for (int i = -5; i < runs; i++) {
    double s = now_ms();
    if (deflate_all(&p) != 0) {
      fprintf(stderr, "deflate failed\n");
      return 2;
    }
    if (i >= 0)
      t[i] = now_ms() - s;
  }
  qsort(t, (size_t)runs, sizeof *t, cmp_double);
  printf("floor: %zu package parts, %zu bytes, deflated alone: median_ms %.3f min_ms %.3f\n",
         p.count, xml, t[runs / 2], t[0]);
  for (size_t k = 0; k < p.count; k++)
    free(p.data[k]);
  free(p.data);
  free(p.len);
  free(t);
  ps_library_free(library);
  ps_profile_free(profile);
  ps_diags_free(diags);
  ps_global_cleanup();
  return 0;
}
