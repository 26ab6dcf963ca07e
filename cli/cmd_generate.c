#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"

void usage_generate(void) {
  printf("usage: procspec generate PROFILE [-o DIR] [--format md,docx,odt] [--doc KIND]\n"
         "                         [--templates DIR] [--no-refs] [--reference-doc FILE]\n\n"
         "Writes the documents for PROFILE into DIR (default: the current folder):\n"
         "KIND.md, KIND.docx and KIND.odt for each document kind that applies.\n\n"
         "  -o, --output DIR   folder for the documents (created if missing)\n"
         "  --format LIST      comma-separated formats: md, docx, odt (default: all)\n"
         "  --doc KIND         only this document kind (e.g. spec)\n"
         "  --templates DIR    your own clause templates, overriding built-in ones by ID\n"
         "                     (also PROCSPEC_TEMPLATES)\n"
         "  --no-refs          leave out the 【3.1(1)】 line of criteria references after\n"
         "                     each clause (e.g. for the copy sent to providers)\n"
         "  --reference-doc FILE.docx|FILE.odt\n"
         "                     take fonts, type sizes and page setup from your own\n"
         "                     house-style document (may be given once per format)\n\n"
         "Nothing is written unless every document was generated; each file is\n"
         "replaced whole, never left half-written.\n");
}

static int parse_formats(const char *list, unsigned *out) {
  *out = 0;
  const char *p = list;
  while (*p) {
    size_t n = strcspn(p, ",");
    if (n == 2 && strncmp(p, "md", 2) == 0)
      *out |= PS_FMT_MD;
    else if (n == 4 && strncmp(p, "docx", 4) == 0)
      *out |= PS_FMT_DOCX;
    else if (n == 3 && strncmp(p, "odt", 3) == 0)
      *out |= PS_FMT_ODT;
    else
      return cli_fail("unknown format '%.*s'; use md, docx or odt", (int)n, p);
    p += n + (p[n] == ',');
  }
  return *out ? 0 : cli_fail("--format needs at least one of md, docx, odt");
}

/* Creates DIR and any missing parents, like mkdir -p. */
static int ensure_dir(const char *dir) {
  char path[4096];
  if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
    return cli_fail("the folder name is too long: %s", dir);
  for (char *p = path + 1;; p++) {
    if (*p != '/' && *p != '\0')
      continue;
    char saved = *p;
    *p = '\0';
    struct stat st;
    if (stat(path, &st) == 0) {
      if (!S_ISDIR(st.st_mode))
        return cli_fail("%s exists and is not a folder", path);
    } else if (mkdir(path, 0777) < 0 && errno != EEXIST) {
      return cli_fail("cannot create the folder %s: %s", path, strerror(errno));
    }
    *p = saved;
    if (saved == '\0')
      return 0;
  }
}

typedef struct {
  const char *profile, *outdir, *templates;
  ps_generate_options gen;
} gen_args;

static int parse_args(gen_args *a, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int has_value = i + 1 < argc;
    if ((strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) && has_value)
      a->outdir = argv[++i];
    else if (strcmp(arg, "--format") == 0 && has_value) {
      if (parse_formats(argv[++i], &a->gen.formats) != 0)
        return EXIT_TROUBLE;
    } else if (strcmp(arg, "--doc") == 0 && has_value)
      a->gen.doc_kind = argv[++i];
    else if (strcmp(arg, "--templates") == 0 && has_value)
      a->templates = argv[++i];
    else if (strcmp(arg, "--no-refs") == 0)
      a->gen.no_refs = 1;
    else if (strcmp(arg, "--reference-doc") == 0 && has_value) {
      const char *ref = argv[++i], *ext = strrchr(ref, '.');
      if (ext && strcmp(ext, ".odt") == 0)
        a->gen.reference_odt = ref;
      else if (ext && strcmp(ext, ".docx") == 0)
        a->gen.reference_docx = ref;
      else
        return cli_fail("--reference-doc takes a .docx or .odt file, not %s", ref);
    }
    else if (arg[0] == '-' && arg[1])
      return cli_fail("unknown option '%s' (or it needs a value); try 'procspec generate --help'",
                      arg);
    else if (a->profile)
      return cli_fail("generate takes one profile; '%s' is extra", arg);
    else
      a->profile = arg;
  }
  return a->profile ? 0 : cli_fail("generate needs a profile; try 'procspec generate --help'");
}

int cmd_generate(int argc, char **argv) {
  gen_args a = {NULL, ".", NULL, {NULL, 0, 0, NULL, NULL}};
  if (parse_args(&a, argc, argv) != 0)
    return EXIT_TROUBLE;
  ps_diags *diags = ps_diags_new();
  if (!diags)
    return cli_fail("out of memory");
  ps_profile *profile = NULL;
  ps_library *lib = NULL;
  ps_outputs out = {NULL, 0};
  int status = EXIT_TROUBLE;
  if (ps_profile_load(&profile, a.profile, diags) == 0 &&
      cli_load_library(&lib, a.templates, diags) == 0 &&
      ps_generate(&out, profile, lib, &a.gen, diags) == 0 && ensure_dir(a.outdir) == 0 &&
      ps_outputs_write(&out, a.outdir, diags) == 0) {
    for (size_t i = 0; i < out.count; i++)
      printf("%s/%s\n", a.outdir, out.files[i].name);
    status = EXIT_OK;
  }
  cli_print_diags(diags);
  ps_outputs_free(&out);
  ps_library_free(lib);
  ps_profile_free(profile);
  ps_diags_free(diags);
  return status;
}
