#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "outdir.h"

static const cli_command commands[] = {
    {"init", N_("write a new service profile to start from"), cmd_init, usage_init},
    {"generate", N_("write the documents for a service profile"), cmd_generate, usage_generate},
    {"serve", N_("the guided form in the web browser"), cmd_serve, usage_serve},
    {"check", N_("validate a profile and judge it against the criteria"), cmd_check, usage_check},
    {"coverage", N_("print the traceability matrix of a profile"), cmd_coverage, usage_coverage},
    {"diff", N_("compare two versions of a document clause by clause"), cmd_diff, usage_diff},
    {"ledger", N_("write the approved-services ledger of many profiles"), cmd_ledger, usage_ledger},
    {"confirm", N_("read back a filled compliance form (仕様適合確認書)"), cmd_confirm,
     usage_confirm},
    {"clauses", N_("list the clause library"), cmd_clauses, usage_clauses},
    {"schema", N_("print the JSON Schema of the service profile"), cmd_schema, usage_schema},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* The summary of criteria item REF; for an item whose sub-items alone are
 * listed (5.2(4) and its ① to ⑦, 台帳：…), what the sub-items share. */
static const char *summary_of(const ps_library *library, const char *ref, char *buf, size_t n) {
  const char *s = ps_library_requirement_summary(library, ref);
  if (s || !library || !ref || !ref[0])
    return s;
  char child[64];
  snprintf(child, sizeof child, "%s\u2460", ref);
  s = ps_library_requirement_summary(library, child);
  const char *colon = s ? strstr(s, "\uff1a") : NULL;
  if (!colon)
    return NULL;
  snprintf(buf, n, "%.*s", (int)(colon - s), s);
  return buf;
}

void cli_print_findings(const ps_diags *diags, const ps_library *library) {
  static const char *const sev[] = {N_("error"), N_("warning"), N_("note")};
  if (!diags) { /* ps_diags_new failed: there was no room even for the list */
    cli_fail("out of memory; close other programs or process fewer files at once");
    return;
  }
  int ja = strcmp(cli_language(), "ja") == 0;
  /* A command that does not pass its library (generate, ledger, diff, ...)
   * still names each criteria item's summary: from the library as
   * `check` would load it, opened once here when a finding needs it. */
  ps_library *own = NULL;
  for (size_t i = 0; ja && !library && i < ps_diags_count(diags); i++) {
    const ps_diag *d = ps_diags_get(diags, i);
    if (d->ref && d->ref[0]) {
      ps_diags *quiet = ps_diags_new();
      if (quiet && cli_load_library(&own, NULL, quiet) != 0)
        own = NULL; /* without summaries, as the items are named anyway */
      ps_diags_free(quiet);
      library = own;
      break;
    }
  }
  for (size_t i = 0; i < ps_diags_count(diags); i++) {
    const ps_diag *d = ps_diags_get(diags, i);
    if (d->file && d->line)
      fprintf(stderr, "%s:%u:%u: ", d->file, d->line, d->column ? d->column : 1);
    else if (d->file)
      fprintf(stderr, "%s: ", d->file);
    else
      fprintf(stderr, "procspec: ");
    fprintf(stderr, "%s", _(sev[d->severity]));
    char shared[256];
    const char *summary = ja ? summary_of(library, d->ref, shared, sizeof shared) : NULL;
    if (d->ref && d->ref[0])
      fprintf(stderr, summary ? " [%s %s]" : " [%s]", d->ref, summary);
    fprintf(stderr, ": %s\n", d->message);
  }
  ps_library_free(own);
}

void cli_print_diags(const ps_diags *diags) { cli_print_findings(diags, NULL); }

void cli_pad(const char *s, int width) {
  int cells = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p & 0xc0) == 0x80)
      continue;
    /* Lead bytes of U+3000 and above (kana, kanji, full-width forms). */
    cells += *p >= 0xe3 ? 2 : 1;
  }
  fputs(s, stdout);
  for (; cells < width; cells++)
    putchar(' ');
}

int cli_fail(const char *fmt, ...) {
  char msg[2048], shown[4096];
  va_list ap;
  fmt = _(fmt);
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "procspec: %s\n", ps_escape_message(shown, sizeof shown, msg));
  return EXIT_TROUBLE;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push(char ***list, size_t *n, size_t *cap, const char *s) {
  if (!*list || *n == *cap) {
    /* The capacity changes only with the array, so a failed push leaves
     * the list as it was. */
    size_t grown_cap = *list && *cap ? *cap * 2 : 16;
    char **p = realloc(*list, grown_cap * sizeof(char *));
    if (!p)
      return -1;
    *list = p;
    *cap = grown_cap;
  }
  char *copy = strdup(s);
  if (!copy)
    return -1;
  (*list)[(*n)++] = copy;
  return 0;
}

void cli_free_list(char **list, size_t count) {
  for (size_t i = 0; i < count; i++)
    free(list[i]);
  free(list);
}

size_t cli_yaml_ext(const char *name) {
  static const char *const exts[] = {".yaml", ".yml"};
  size_t n = strlen(name);
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
    size_t k = strlen(exts[i]);
    if (n > k && strcasecmp(name + n - k, exts[i]) == 0)
      return k;
  }
  return 0;
}

void cli_note(const char *fmt, ...) {
  char msg[2048], shown[4096];
  va_list ap;
  fmt = _(fmt);
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s\n", ps_escape_message(shown, sizeof shown, msg));
}

/* Why the entry NAME of folder DIR is not taken as a profile, or NULL when
 * it is one. */
static const char *skip_reason(const char *dir, const char *name) {
  if (name[0] == '.')
    return N_("a hidden file");
  char path[4096];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (stat(path, &st) < 0)
    return N_("it cannot be read");
  if (S_ISDIR(st.st_mode))
    return N_("a folder (folders inside are not searched)");
  if (S_ISFIFO(st.st_mode))
    return N_("a named pipe (FIFO), not a file");
  if (!S_ISREG(st.st_mode))
    return N_("a device or socket, not a file");
  if (!cli_yaml_ext(name))
    return N_("not a profile (profiles end in .yaml or .yml)");
  return NULL;
}

typedef struct {
  char *path;
  const char *why;
} skipped_entry;

static int cmp_skipped(const void *a, const void *b) {
  return strcmp(((const skipped_entry *)a)->path, ((const skipped_entry *)b)->path);
}

/* Adds the profiles of folder DIR in name order, and says which other
 * entries were skipped and why: a profile left out without a word would
 * be a service silently missing from the ledger. */
static int expand_folder(char ***out, size_t *count, size_t *cap, const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return cli_fail("cannot read the folder %s: %s", dir, strerror(errno));
  size_t first = *count, nskipped = 0, skip_cap = 0;
  skipped_entry *skipped = NULL;
  int rc = 0;
  struct dirent *e;
  char path[4096];
  while (rc == 0 && (e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    const char *why = skip_reason(dir, e->d_name);
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (!why) {
      rc = push(out, count, cap, path);
      continue;
    }
    if (nskipped == skip_cap) {
      skip_cap = skip_cap ? skip_cap * 2 : 8;
      skipped_entry *grown = realloc(skipped, skip_cap * sizeof *skipped);
      if (!grown) {
        rc = -1;
        break;
      }
      skipped = grown;
    }
    skipped[nskipped] = (skipped_entry){strdup(path), why};
    rc = skipped[nskipped++].path ? 0 : -1;
  }
  closedir(d);
  if (rc == 0) {
    if (*count > first) /* *out is NULL while the list is empty */
      qsort(*out + first, *count - first, sizeof(char *), cmp_names);
    if (nskipped) /* readdir's order is the file system's */
      qsort(skipped, nskipped, sizeof *skipped, cmp_skipped);
    for (size_t i = 0; i < nskipped; i++)
      cli_note("%s: note: skipped: %s", skipped[i].path, _(skipped[i].why));
  }
  for (size_t i = 0; i < nskipped; i++)
    free(skipped[i].path);
  free(skipped);
  return rc < 0 ? cli_fail("out of memory") : 0;
}

int cli_expand_profiles(char ***out, size_t *count, char *const *args, size_t nargs) {
  size_t cap = 0;
  *out = NULL;
  *count = 0;
  for (size_t i = 0; i < nargs; i++) {
    struct stat st;
    if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      if (expand_folder(out, count, &cap, args[i]) != 0)
        return EXIT_TROUBLE;
    } else if (push(out, count, &cap, args[i]) < 0) {
      return cli_fail("out of memory");
    }
  }
  return 0;
}

int cli_diag(ps_diags *diags, const char *file, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  fmt = _(fmt);
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ps_diag d = {PS_SEV_ERROR, file, 0, 0, NULL, msg};
  ps_diags_copy(diags, &d);
  return PS_EIO;
}

/* Standard input whole, at most MAX bytes (more is an error). */
static int read_stdin(char **out, size_t *len, size_t max, ps_diags *diags) {
  size_t cap = (size_t)64 * 1024, used = 0;
  char *buf = malloc(cap);
  *out = NULL;
  *len = 0;
  while (buf) {
    if (used == cap) {
      char *grown = cap <= max ? realloc(buf, cap * 2) : NULL;
      if (!grown) {
        free(buf);
        return cap > max ? cli_diag(diags, STDIN_NAME, "the input is larger than %zu bytes", max)
                         : PS_ENOMEM;
      }
      buf = grown;
      cap *= 2;
    }
    ssize_t r = read(STDIN_FILENO, buf + used, cap - used);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      int e = errno;
      free(buf);
      return cli_diag(diags, STDIN_NAME, "cannot read: %s", strerror(e));
    }
    if (r == 0) {
      *out = buf;
      *len = used;
      return 0;
    }
    used += (size_t)r;
  }
  return PS_ENOMEM;
}

int cli_load_profile(ps_profile **out, const char *path, ps_diags *diags) {
  if (strcmp(path, "-") != 0)
    return ps_profile_load(out, path, diags);
  *out = NULL;
  char *data;
  size_t len;
  /* Far above the loader's own limit, which then says how large it is. */
  int rc = read_stdin(&data, &len, (size_t)64 * 1024 * 1024, diags);
  if (rc == 0)
    rc = ps_profile_load_buffer(out, STDIN_NAME, data, len, diags);
  free(data);
  return rc;
}

int cli_stdin_once(char *const *paths, size_t n) {
  size_t dashes = 0;
  for (size_t i = 0; i < n; i++)
    dashes += strcmp(paths[i], "-") == 0;
  if (dashes > 1)
    return cli_fail("standard input (-) can be read only once; give it once");
  return 0;
}

int cli_stdin_alone(char *const *paths, size_t n) {
  for (size_t i = 0; n > 1 && i < n; i++)
    if (strcmp(paths[i], "-") == 0)
      return cli_fail("standard input (-) can only be the one profile of a run: with several, "
                      "each service's folder is named after its file");
  return 0;
}

int cli_load_library(ps_library **out, const char *user_dir, ps_diags *diags) {
  /* Built in, then $PROCSPEC_TEMPLATES, then --templates, each overriding
   * the ones below clause by clause. */
  ps_template_layer layers[2];
  ps_library_options opts = PS_LIBRARY_OPTIONS_INIT;
  const char *env = getenv("PROCSPEC_TEMPLATES");
  if (env && *env)
    layers[opts.nlayers++] = (ps_template_layer){.dir = env};
  if (user_dir)
    layers[opts.nlayers++] = (ps_template_layer){.dir = user_dir};
  opts.layers = layers;
  return ps_library_open(out, &opts, diags);
}

static void usage(FILE *f) {
  fputs(_("usage: procspec COMMAND [OPTIONS] ...\n\n"
          "Generate procurement specifications and contract documents for external\n"
          "(cloud) services from a service profile.\n\ncommands:\n"),
        f);
  for (size_t i = 0; i < NCOMMANDS; i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fputs(_("\n'procspec help COMMAND' or 'procspec COMMAND --help' describes a command;\n"
          "--lang ja|en chooses the language of messages (default: from LANG).\n"
          "Exit status: 0 success, 1 findings or differences, 2 trouble.\n"),
        f);
}

static const cli_command *find_command(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(name, commands[i].name) == 0)
      return &commands[i];
  return NULL;
}

static int unknown_command(const char *name) {
  char shown[1024];
  fprintf(stderr, _("procspec: unknown command '%s'\n\n"),
          ps_escape_message(shown, sizeof shown, name));
  usage(stderr);
  return EXIT_TROUBLE;
}

static int run(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_TROUBLE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      (strcmp(argv[1], "help") == 0 && argc == 2)) {
    usage(stdout);
    return EXIT_OK;
  }
  if (strcmp(argv[1], "help") == 0) {
    const cli_command *c = find_command(argv[2]);
    if (!c)
      return unknown_command(argv[2]);
    c->usage();
    return EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("procspec %s\n", ps_version());
    return EXIT_OK;
  }
  const cli_command *c = find_command(argv[1]);
  if (!c)
    return unknown_command(argv[1]);
  for (int a = 2; a < argc; a++)
    if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
      c->usage();
      return EXIT_OK;
    }
  return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv) {
  cli_signals_install();
  if (cli_lang_setup(&argc, argv) != 0)
    return EXIT_TROUBLE;
  int status = run(argc, argv);
  /* A report that did not reach standard output (a full disk, a closed
   * pipe) is trouble, not success. */
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, _("procspec: cannot write to standard output: %s\n"), strerror(errno));
    status = EXIT_TROUBLE;
  }
  ps_global_cleanup();
  return status;
}
