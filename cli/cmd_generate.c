#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "outdir.h"

#define MAX_JOBS CLI_MAX_CHILDREN

void usage_generate(void) {
  printf(
      _("usage: procspec generate PROFILE|DIR... [-o DIR] [--format LIST] [--doc KIND]\n"
        "                         [-j N] [--templates DIR] [--refs inline|appendix|none]\n"
        "                         [--no-refs] [--reference-doc FILE]\n"
        "                         [--no-wait] [--pdf-a 1|2] [--pdf-timeout SECONDS] [--draft]\n\n"
        "Writes the documents of each service profile: KIND.md, KIND.docx and KIND.odt\n"
        "for each document kind that applies. With one profile they go into DIR\n"
        "(default: the current folder); with several profiles, or folders of them\n"
        "(*.yaml, *.yml), each service gets its own folder DIR/NAME.\n\n"
        "  -o, --output DIR   folder for the documents (created if missing)\n"
        "  --format LIST      comma-separated formats: md, docx, odt, pdf, xlsx, csv\n"
        "                     (default: md, docx and odt, and for the compliance form\n"
        "                     also xlsx and csv; pdf needs LibreOffice)\n"
        "  --doc KIND         only this document kind (e.g. spec)\n"
        "  -j, --jobs N       generate N services at a time (default 1)\n"
        "  --templates DIR    your own clause templates, overriding built-in ones by ID\n"
        "                     (also PROCSPEC_TEMPLATES)\n"
        "  --refs WHERE       where the criteria references (【3.1(1)】) go: appendix\n"
        "                     (default: a last table quoting each criteria item the\n"
        "                     document relies on, with the clauses that implement it),\n"
        "                     inline (a small line after each clause, kept on the page\n"
        "                     of its text) or none\n"
        "  --no-refs          the same as --refs none\n"
        "  --reference-doc FILE.docx|FILE.odt\n"
        "                     take fonts, type sizes and page setup from your own\n"
        "                     house-style document (may be given once per format)\n"
        "  --pdf-a 1|2        write PDF/A-1a (tagged; it meets PDF/A-1b too) or PDF/A-2b\n"
        "  --pdf-timeout N    give LibreOffice at most N seconds (default 180)\n"
        "  --no-wait          when another procspec run is writing into the same\n"
        "                     folder, fail at once instead of waiting for it\n"
        "  --draft            write the documents even if the profile does not yet meet\n"
        "                     the criteria: each is titled （案） and its first page lists\n"
        "                     what is unmet (finding, criteria item, profile key)\n\n"
        "Nothing of a service is written unless all its documents were generated\n"
        "and every one can be written: each file is replaced whole, all of them or\n"
        "none, and Ctrl-C leaves no temporary file. A broken profile is reported\n"
        "and the others are still generated; the exit status is then 2.\n"));
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
    else if (n == 3 && strncmp(p, "pdf", 3) == 0)
      *out |= CLI_FMT_PDF;
    else if (n == 4 && strncmp(p, "xlsx", 4) == 0)
      *out |= PS_FMT_XLSX;
    else if (n == 3 && strncmp(p, "csv", 3) == 0)
      *out |= PS_FMT_CSV;
    else
      return cli_fail("unknown format '%.*s'; use md, docx, odt, pdf, xlsx or csv", (int)n, p);
    p += n + (p[n] == ',');
  }
  return *out ? 0 : cli_fail("--format needs at least one of md, docx, odt, pdf, xlsx, csv");
}

typedef struct {
  const char *outdir, *templates;
  ps_generate_options gen;
  ps_pdf_options pdf;
  char **inputs;
  size_t ninputs;
  long jobs;
  int no_wait;
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
    else if (strcmp(arg, "--no-wait") == 0)
      a->no_wait = 1;
    else if (strcmp(arg, "--draft") == 0)
      a->gen.draft = 1;
    else if (strcmp(arg, "--refs") == 0 && has_value) {
      const char *v = argv[++i];
      if (strcmp(v, "inline") == 0)
        a->gen.refs = PS_REFS_INLINE;
      else if (strcmp(v, "appendix") == 0)
        a->gen.refs = PS_REFS_APPENDIX;
      else if (strcmp(v, "none") == 0)
        a->gen.refs = PS_REFS_NONE;
      else
        return cli_fail("--refs takes inline, appendix or none, not '%s'", v);
    } else if ((strcmp(arg, "-j") == 0 || strcmp(arg, "--jobs") == 0) && has_value) {
      char *end;
      a->jobs = strtol(argv[++i], &end, 10);
      if (*end || a->jobs < 1 || a->jobs > MAX_JOBS)
        return cli_fail("-j takes a number from 1 to %d", MAX_JOBS);
    } else if (strcmp(arg, "--pdf-a") == 0 && has_value) {
      if (cli_parse_pdfa(argv[++i], &a->pdf) != 0)
        return EXIT_TROUBLE;
    } else if (strcmp(arg, "--pdf-timeout") == 0 && has_value) {
      if (cli_parse_pdf_timeout(argv[++i], &a->pdf) != 0)
        return EXIT_TROUBLE;
    } else if (strcmp(arg, "--reference-doc") == 0 && has_value) {
      const char *ref = argv[++i], *ext = strrchr(ref, '.');
      if (ext && strcasecmp(ext, ".odt") == 0)
        a->gen.reference_odt = ref;
      else if (ext && strcasecmp(ext, ".docx") == 0)
        a->gen.reference_docx = ref;
      else
        return cli_fail("--reference-doc takes a .docx or .odt file, not %s", ref);
    } else if (arg[0] == '-' && arg[1])
      return cli_fail("unknown option '%s' (or it needs a value); try 'procspec generate --help'",
                      arg);
    else
      a->inputs[a->ninputs++] = argv[i];
  }
  return a->ninputs ? 0 : cli_fail("generate needs a profile; try 'procspec generate --help'");
}

/* 1 when NAME can be a folder of its own in the output folder: not empty,
 * not hidden (which also rules out "." and ".."), no separator, no control
 * character. */
static int folder_name_ok(const char *name) {
  if (!name[0] || name[0] == '.' || strlen(name) > 200)
    return 0;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++)
    if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
      return 0;
  return 1;
}

/* The folder of one service in a batch: OUTDIR/NAME, NAME the profile's
 * file name without .yaml or .yml. NULL after printing why when NAME cannot be a
 * folder of its own ("..yaml" would write into OUTDIR, "...yaml" into its
 * parent), or when out of memory. */
static char *service_dir(const char *outdir, const char *profile) {
  const char *base = strrchr(profile, '/');
  base = base ? base + 1 : profile;
  size_t n = strlen(base) - cli_yaml_ext(base);
  char *name = strndup(base, n);
  if (!name) {
    cli_fail("out of memory");
    return NULL;
  }
  int safe = folder_name_ok(name);
  free(name);
  if (!safe) {
    /* The name may hold the very control character that is refused. */
    char shown_profile[4096], shown_outdir[4096];
    fprintf(stderr, "%s: %s: ", ps_escape_message(shown_profile, sizeof shown_profile, profile),
            _("error"));
    fprintf(stderr,
            _("this file name cannot name the service's folder in %s (it must not start with a "
              "dot or hold a control character); rename the profile, e.g. to "
              "service-name.yaml\n"),
            ps_escape_message(shown_outdir, sizeof shown_outdir, outdir));
    return NULL;
  }
  size_t size = strlen(outdir) + n + 2;
  char *dir = malloc(size);
  if (dir)
    snprintf(dir, size, "%s/%.*s", outdir, (int)n, base);
  else
    cli_fail("out of memory");
  return dir;
}

/* Generates one service; returns 0 on success. Messages go to stderr, the
 * files written to stdout. */
static int generate_one(const gen_args *a, const ps_library *lib, const char *profile_path,
                        const char *dir) {
  ps_diags *diags = ps_diags_new();
  ps_profile *profile = NULL;
  ps_outputs out = {NULL, 0};
  cli_outdir held = {-1, 0};
  int ok = 0;
  ps_generate_options gen = a->gen;
  cli_pdf_request(&gen.formats);
  if (diags && cli_load_profile(&profile, profile_path, diags) == 0 &&
      ps_generate(&out, profile, lib, &gen, diags) == 0 &&
      cli_add_pdf(&out, a->gen.formats, &a->pdf, diags) == 0 &&
      cli_outdir_open(&held, dir, a->no_wait) == 0 && ps_outputs_write(&out, dir, diags) == 0)
    ok = 1;
  cli_outdir_close(&held, !ok);
  for (size_t i = 0; ok && i < out.count; i++)
    printf("%s/%s\n", dir, out.files[i].name);
  fflush(stdout);
  cli_print_diags(diags);
  ps_outputs_free(&out);
  ps_profile_free(profile);
  ps_diags_free(diags);
  return ok ? 0 : -1;
}

typedef struct {
  size_t done, total, failed;
  int show;
} progress;

static void progress_step(progress *p, int ok) {
  p->done++;
  p->failed += !ok;
  if (p->show) {
    fputc('\r', stderr);
    fprintf(stderr, _("[%zu/%zu] %zu failed "), p->done, p->total, p->failed);
  }
}

static void progress_end(progress *p) {
  if (p->show)
    fprintf(stderr, "\r%*s\r", 40, "");
}

static int run_serial(const gen_args *a, const ps_library *lib, char **dirs, progress *p) {
  for (size_t i = 0; i < a->ninputs; i++)
    progress_step(p, generate_one(a, lib, a->inputs[i], dirs[i]) == 0);
  return 0;
}

/* N worker processes share the loaded library; each reports every finished
 * service by one byte on a pipe ('1' done, '0' failed). */
static int run_parallel(const gen_args *a, const ps_library *lib, char **dirs, progress *p) {
  int fds[2];
  if (pipe(fds) < 0)
    return cli_fail("cannot start workers: %s", strerror(errno));
  pid_t pids[MAX_JOBS];
  long started = 0;
  fflush(stdout);
  fflush(stderr);
  for (long k = 0; k < a->jobs; k++) {
    /* The signal handler must know every worker to end it with the run. */
    sigset_t saved;
    cli_signals_block(1, &saved);
    pid_t pid = fork();
    if (pid > 0)
      cli_child_started((size_t)k, pid);
    if (pid == 0)
      cli_become_worker();
    cli_signals_block(0, &saved);
    if (pid < 0)
      break;
    if (pid == 0) {
      close(fds[0]);
      for (size_t i = (size_t)k; i < a->ninputs; i += (size_t)a->jobs) {
        char c = generate_one(a, lib, a->inputs[i], dirs[i]) == 0 ? '1' : '0';
        if (write(fds[1], &c, 1) != 1)
          _exit(EXIT_TROUBLE);
      }
      _exit(EXIT_OK);
    }
    pids[started++] = pid;
  }
  close(fds[1]);
  char c;
  while (read(fds[0], &c, 1) == 1)
    progress_step(p, c == '1');
  close(fds[0]);
  int trouble = started < a->jobs;
  for (long k = 0; k < started; k++) {
    int status;
    if (waitpid(pids[k], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      trouble = 1;
    cli_child_ended((size_t)k);
  }
  if (trouble)
    p->failed += p->total - p->done + (started < a->jobs);
  return 0;
}

/* Loads the reference document at *PATH once for the whole batch; the
 * options then carry the loaded document instead of the path. */
static int load_style(ps_refdoc **out, const char **path, const ps_refdoc **use, ps_diags *diags) {
  *out = NULL;
  if (!*path)
    return 0;
  int rc = ps_refdoc_load(out, *path, diags);
  if (rc == 0) {
    *use = *out;
    *path = NULL;
  }
  return rc;
}

/* Two profiles with the same file name would write into the same folder. */
static int check_names(char **dirs, size_t n) {
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      if (strcmp(dirs[i], dirs[j]) == 0)
        return cli_fail("two profiles would both write into %s; rename one of them", dirs[i]);
  return 0;
}

int cmd_generate(int argc, char **argv) {
  char **args = calloc((size_t)argc, sizeof(char *));
  gen_args a = {".", NULL, PS_GENERATE_OPTIONS_INIT, PS_PDF_OPTIONS_INIT, args, 0, 1, 0};
  cli_outdir top = {-1, 0};
  ps_refdoc *docx_style = NULL, *odt_style = NULL;
  char **inputs = NULL, **dirs = NULL;
  size_t ninputs = 0;
  ps_library *lib = NULL;
  ps_diags *diags = ps_diags_new();
  int status = EXIT_TROUBLE;
  if (!a.inputs || !diags) {
    cli_fail("out of memory; close other programs or process fewer files at once");
    goto out;
  }
  if (parse_args(&a, argc, argv) != 0)
    goto out;
  int batch = a.ninputs > 1;
  struct stat st;
  assert(a.ninputs > 0 && a.inputs[0]); /* parse_args refuses a call without an input */
  batch |= stat(a.inputs[0], &st) == 0 && S_ISDIR(st.st_mode);
  if (cli_expand_profiles(&inputs, &ninputs, a.inputs, a.ninputs) != 0 ||
      cli_stdin_alone(inputs, ninputs) != 0)
    goto out;
  if (!ninputs) {
    cli_fail("no profile (*.yaml or *.yml) in %s", a.inputs[0]);
    goto out;
  }
  a.inputs = inputs;
  a.ninputs = ninputs;
  dirs = calloc(ninputs, sizeof(char *));
  int named = dirs != NULL;
  for (size_t i = 0; dirs && i < ninputs; i++)
    named &= (dirs[i] = batch ? service_dir(a.outdir, inputs[i]) : strdup(a.outdir)) != NULL;
  if (!named || check_names(dirs, ninputs) != 0)
    goto out;
  if (cli_load_library(&lib, a.templates, diags) < 0 ||
      load_style(&docx_style, &a.gen.reference_docx, &a.gen.docx_style, diags) < 0 ||
      load_style(&odt_style, &a.gen.reference_odt, &a.gen.odt_style, diags) < 0) {
    cli_print_diags(diags);
    goto out;
  }
  /* A batch holds its folder for the whole run, so that two batches into
   * one folder never mix; each service's folder is locked as well. */
  if (batch && cli_outdir_open(&top, a.outdir, a.no_wait) != 0)
    goto out;
  progress p = {0, ninputs, 0, batch && isatty(STDERR_FILENO)};
  if (a.jobs > 1 && ninputs > 1)
    run_parallel(&a, lib, dirs, &p);
  else
    run_serial(&a, lib, dirs, &p);
  progress_end(&p);
  if (batch && p.failed)
    fprintf(stderr, _("procspec: %zu of %zu profiles failed; the others were generated\n"),
            p.failed, p.total);
  status = p.failed ? EXIT_TROUBLE : EXIT_OK;
out:
  cli_outdir_close(&top, status != EXIT_OK);
  free(args);
  cli_free_list(inputs, ninputs);
  cli_free_list(dirs, dirs ? ninputs : 0);
  ps_library_free(lib);
  ps_refdoc_free(docx_style);
  ps_refdoc_free(odt_style);
  ps_diags_free(diags);
  return status;
}
