/* Example: libprocspec in a multi-threaded program, with no file read by
 * the library. The profile is in memory (read once by main), the clause
 * library is the built-in templates with one clause replaced by an
 * in-memory template, and four threads generate every document of the
 * profile in all formats at the same time, sharing the loaded library.
 *
 *   cc -pthread threads.c $(pkg-config --cflags --libs procspec) -o threads
 *   ./threads profile.yaml
 *
 * Prints one line per thread and exits 0 when every thread produced the
 * same files with the replaced clause in them. */
#include <procspec/procspec.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 4
#define ROUNDS 3

/* A municipality's own wording of the purpose clause, as a program might
 * keep it in a database. */
static const char purpose_clause[] =
    "---\n"
    "id: spec-purpose\n"
    "title: 目的\n"
    "refs: [\"2(1)\"]\n"
    "docs: [spec]\n"
    "chapter: general\n"
    "order: 10\n"
    "---\n"
    "本仕様書は、{{ organization.name }}が外部サービス「{{ service.name }}」を安全に"
    "利用するための要件を定める（組込み例）。\n";

typedef struct {
  const ps_library *library; /* shared, read only */
  const char *yaml;          /* shared, read only */
  size_t yaml_len;
  size_t files, bytes; /* this thread's results */
  int found, failed;
} job;

static void *generate(void *arg) {
  job *j = arg;
  for (int round = 0; round < ROUNDS && !j->failed; round++) {
    ps_diags *diags = ps_diags_new(); /* one list per thread: not shared */
    ps_profile *profile = NULL;
    ps_outputs out = {NULL, 0};
    ps_generate_options opts = PS_GENERATE_OPTIONS_INIT;
    if (!diags ||
        ps_profile_load_buffer(&profile, "profile.yaml", j->yaml, j->yaml_len, diags) != 0 ||
        ps_generate(&out, profile, j->library, &opts, diags) != 0) {
      for (size_t i = 0; i < ps_diags_count(diags); i++)
        fprintf(stderr, "%s\n", ps_diags_get(diags, i)->message);
      j->failed = 1;
    }
    j->files = out.count;
    j->bytes = 0;
    for (size_t i = 0; i < out.count; i++) {
      j->bytes += out.files[i].size;
      if (strcmp(out.files[i].name, "spec.md") == 0)
        j->found = strstr((const char *)out.files[i].data, "（組込み例）") != NULL;
    }
    ps_outputs_free(&out);
    ps_profile_free(profile);
    ps_diags_free(diags);
  }
  return NULL;
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *data = NULL;
  long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) &&
      fread(data, 1, (size_t)n, f) == (size_t)n) {
    *len = (size_t)n;
  } else {
    free(data);
    data = NULL;
  }
  if (f)
    fclose(f);
  return data;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PROFILE.yaml\n", argv[0]);
    return 2;
  }
  size_t len = 0;
  char *yaml = read_all(argv[1], &len);
  if (!yaml) {
    perror(argv[1]);
    return 2;
  }
  ps_file files[] = {{"clauses/spec-purpose.md", purpose_clause, sizeof purpose_clause - 1}};
  ps_template_layer layer = {NULL, files, 1, "our-templates"};
  ps_library_options lopts = PS_LIBRARY_OPTIONS_INIT;
  lopts.layers = &layer;
  lopts.nlayers = 1;
  ps_diags *diags = ps_diags_new();
  ps_library *library = NULL;
  int status = 1;
  if (diags && ps_library_open(&library, &lopts, diags) == 0) {
    job jobs[NTHREADS];
    pthread_t threads[NTHREADS];
    int started = 0;
    for (int i = 0; i < NTHREADS; i++) {
      jobs[i] = (job){library, yaml, len, 0, 0, 0, 0};
      if (pthread_create(&threads[i], NULL, generate, &jobs[i]) != 0)
        break;
      started++;
    }
    status = started == NTHREADS ? 0 : 1;
    for (int i = 0; i < started; i++) {
      pthread_join(threads[i], NULL);
      printf("thread %d: %zu files, %zu bytes, own clause %s\n", i, jobs[i].files, jobs[i].bytes,
             jobs[i].found ? "used" : "MISSING");
      if (jobs[i].failed || !jobs[i].found || jobs[i].files == 0 ||
          jobs[i].files != jobs[0].files || jobs[i].bytes != jobs[0].bytes)
        status = 1;
    }
  } else {
    for (size_t i = 0; i < ps_diags_count(diags); i++)
      fprintf(stderr, "%s\n", ps_diags_get(diags, i)->message);
  }
  ps_library_free(library);
  ps_diags_free(diags);
  free(yaml);
  ps_global_cleanup();
  return status;
}
