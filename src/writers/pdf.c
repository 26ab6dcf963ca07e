/* PDF through LibreOffice in headless mode.
 *
 * procspec does not lay out pages itself: the ODT it writes is converted by
 * LibreOffice Writer, which computes page breaks, the table of contents'
 * page numbers and embeds the fonts. Every run uses a private temporary
 * folder for the input files, the output and LibreOffice's user profile, so
 * a conversion works while the user has LibreOffice open and leaves nothing
 * behind. LibreOffice stamps each PDF with the export time and a random ID;
 * those bytes are rewritten in place (same length, so the cross-reference
 * table stays valid) so that the same input gives the same PDF. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "diag.h"
#include "fileio.h"
#include "i18n.h"

extern char **environ;

/* The largest PDF read back (a 100-page specification is about 1 MB). */
#define PDF_MAX_BYTES ((size_t)256 << 20)
#define PDF_DEFAULT_TIMEOUT 180u
static const char *const pdf_package_hint =
    N_("install LibreOffice Writer (Debian: apt-get install libreoffice-writer-nogui)");

/* Maps the Windows fonts the documents name to the IPAex fonts of Debian's
 * fonts-ipaexfont, so Mincho and Gothic are embedded as Word would show them. */
static const char fonts_conf[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
    "<fontconfig>\n"
    "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
    "  <alias binding=\"same\"><family>ＭＳ "
    "明朝</family><prefer><family>IPAex明朝</family></prefer></alias>\n"
    "  <alias binding=\"same\"><family>MS "
    "Mincho</family><prefer><family>IPAex明朝</family></prefer></alias>\n"
    "  <alias binding=\"same\"><family>ＭＳ "
    "ゴシック</family><prefer><family>IPAexゴシック</family></prefer></alias>\n"
    "  <alias binding=\"same\"><family>MS "
    "Gothic</family><prefer><family>IPAexゴシック</family></prefer></alias>\n"
    "  <alias binding=\"same\"><family>Century</family><prefer><family>DejaVu "
    "Serif</family></prefer></alias>\n"
    "</fontconfig>\n";

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void remove_tree(const char *dir) { nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

static int write_whole(const char *path, const void *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return -1;
  const unsigned char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      close(fd);
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return close(fd);
}

/* The filter argument of --convert-to: LibreOffice 7.4 takes the export
 * options as JSON. */
static const char *filter_for(ps_pdf_standard pdfa) {
  switch (pdfa) {
  case PS_PDF_A1B:
    return "pdf:writer_pdf_Export:{\"SelectPdfVersion\":{\"type\":\"long\",\"value\":\"1\"}}";
  case PS_PDF_A2B:
    return "pdf:writer_pdf_Export:{\"SelectPdfVersion\":{\"type\":\"long\",\"value\":\"2\"}}";
  case PS_PDF_PLAIN: break;
  }
  return "pdf:writer_pdf_Export";
}

/* Waits for PID up to TIMEOUT seconds; kills its process group after
 * that. Returns its wait status, or -1 on timeout. */
static int wait_bounded(pid_t pid, unsigned timeout) {
  struct timespec start, now, nap = {0, 20L * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    int status;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
      return status;
    if (r < 0 && errno != EINTR)
      return -1;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((unsigned)(now.tv_sec - start.tv_sec) >= timeout) {
      kill(-pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return -1;
    }
    nanosleep(&nap, NULL);
  }
}

/* The environment of the LibreOffice process: ours, with HOME in the
 * private folder, TMPDIR there too (so LibreOffice's own temporary files go
 * with it) and, unless the user set one, our font configuration. */
static char **child_env(const char *home, const char *fontconf, const char *tmpdir) {
  size_t n = 0;
  while (environ[n])
    n++;
  char **env = calloc(n + 4, sizeof *env);
  if (!env)
    return NULL;
  size_t k = 0;
  int have_fc = 0;
  for (size_t i = 0; i < n; i++) {
    if (strncmp(environ[i], "HOME=", 5) == 0 || strncmp(environ[i], "TMPDIR=", 7) == 0)
      continue;
    if (strncmp(environ[i], "FONTCONFIG_FILE=", 16) == 0)
      have_fc = 1;
    env[k++] = environ[i];
  }
  env[k++] = (char *)home;
  env[k++] = (char *)tmpdir;
  if (!have_fc)
    env[k++] = (char *)fontconf;
  env[k] = NULL;
  return env;
}

typedef struct {
  char *dir;      /* the private folder */
  char *profile;  /* file URL of LibreOffice's user profile */
  char *home;     /* HOME=... */
  char *fontconf; /* FONTCONFIG_FILE=... */
  char *log;      /* LibreOffice's own output */
  char *outdir;
  char *tmpdir; /* TMPDIR=...: LibreOffice's own temporary files stay inside */
  int slot;     /* the private folder in the table of temporary files, or -1 */
} pdf_run;

static void run_free(pdf_run *r) {
  if (r->dir)
    remove_tree(r->dir);
  ps_temp_forget(r->slot);
  free(r->dir), free(r->profile), free(r->home), free(r->fontconf), free(r->log), free(r->outdir);
  free(r->tmpdir);
}

/* A malloc'd string made by FMT, or NULL when out of memory. */
static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (p) {
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  return p;
}

static int run_init(pdf_run *r, ps_diags *diags) {
  const char *tmp = getenv("TMPDIR");
  r->dir = dup_printf("%s/procspec-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!r->dir)
    return ps_error_at(diags, PS_ENOMEM, NULL, 0, 0,
                       "out of memory while preparing the PDF conversion");
  /* Tracked, so that a signal during the conversion ends LibreOffice and
   * removes the folder with its profile. */
  if ((r->slot = ps_temp_folder_create(r->dir, strlen(r->dir) + 1, 1)) < 0) {
    int e = errno;
    free(r->dir);
    r->dir = NULL;
    return ps_error_at(diags, PS_EIO, NULL, 0, 0,
                       "cannot create a temporary folder for the PDF conversion: %s", strerror(e));
  }
  char *conf = dup_printf("%s/fonts.conf", r->dir);
  r->profile = dup_printf("file://%s/profile", r->dir);
  r->home = dup_printf("HOME=%s", r->dir);
  r->fontconf = dup_printf("FONTCONFIG_FILE=%s/fonts.conf", r->dir);
  r->log = dup_printf("%s/soffice.log", r->dir);
  r->outdir = dup_printf("%s/out", r->dir);
  r->tmpdir = dup_printf("TMPDIR=%s", r->dir);
  if (!conf || !r->profile || !r->home || !r->fontconf || !r->log || !r->outdir || !r->tmpdir) {
    free(conf);
    return ps_error_at(diags, PS_ENOMEM, NULL, 0, 0,
                       "out of memory while preparing the PDF conversion");
  }
  int rc = 0;
  if (write_whole(conf, fonts_conf, sizeof fonts_conf - 1) != 0 || mkdir(r->outdir, 0700) != 0)
    rc = ps_error_at(diags, PS_EIO, NULL, 0, 0, "cannot prepare the PDF conversion in %s: %s",
                     r->dir, strerror(errno));
  free(conf);
  return rc;
}

/* Starts LibreOffice on ARGV's files and waits for it. */
static int run_soffice(pdf_run *r, const char *program, char **argv, unsigned timeout,
                       ps_diags *diags) {
  char **env = child_env(r->home, r->fontconf, r->tmpdir);
  if (!env)
    return ps_error_at(diags, PS_ENOMEM, NULL, 0, 0, "out of memory while starting LibreOffice");
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, r->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  /* Its own process group, so a timeout kills soffice.bin as well. The
   * group is recorded with the signals held, so that Ctrl-C (which does not
   * reach another group) ends it too; the child gets the old mask. */
  sigset_t saved;
  ps_hold_signals(1, &saved);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &saved);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  pid_t pid;
  int e = posix_spawnp(&pid, program, &fa, &attr, argv, env);
  if (e == 0)
    ps_temp_process(pid, 1);
  ps_hold_signals(0, &saved);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  free(env);
  if (e == ENOENT)
    return ps_error_at(diags, PS_EIO, NULL, 0, 0,
                       "PDF needs LibreOffice, but '%s' was not found: %s", program,
                       ps_tr(pdf_package_hint));
  if (e != 0)
    return ps_error_at(diags, PS_EIO, NULL, 0, 0, "cannot start LibreOffice ('%s'): %s", program,
                       strerror(e));
  int status = wait_bounded(pid, timeout);
  ps_temp_process(pid, 0);
  if (status == -1)
    return ps_error_at(diags, PS_EIO, NULL, 0, 0,
                       "LibreOffice did not finish the PDF conversion within %u seconds; "
                       "nothing was written (raise the limit with --pdf-timeout)",
                       timeout);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return ps_error_at(diags, PS_EIO, NULL, 0, 0,
                       "LibreOffice failed to convert the documents to PDF (exit status %d); "
                       "nothing was written",
                       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return 0;
}

/* The N bytes right after the first KEY in PDF, or NULL. */
static unsigned char *find_after(unsigned char *pdf, size_t len, const char *key, size_t n) {
  size_t k = strlen(key);
  for (size_t i = 0; i + k + n <= len; i++)
    if (memcmp(pdf + i, key, k) == 0)
      return pdf + i + k;
  return NULL;
}

/* Overwrites the N bytes after the first KEY with REPL. */
static void patch_after(unsigned char *pdf, size_t len, const char *key, const char *repl,
                        size_t n) {
  unsigned char *at = find_after(pdf, len, key, n);
  if (at)
    memcpy(at, repl, n);
}

/* Makes a PDF reproducible: export time -> DATE (YYYY-MM-DD), the random
 * file ID -> a hash of the rest of the file. */
static void normalise_pdf(unsigned char *pdf, size_t len, const char *date) {
  char d14[15], iso[21];
  snprintf(d14, sizeof d14, "%.4s%.2s%.2s000000", date, date + 5, date + 8);
  snprintf(iso, sizeof iso, "%.10sT00:00:00Z", date);
  patch_after(pdf, len, "/CreationDate(D:", d14, 14);
  patch_after(pdf, len, "<xmp:CreateDate>", iso, 20);
  patch_after(pdf, len, "<xmp:ModifyDate>", iso, 20);
  patch_after(pdf, len, "<xmp:MetadataDate>", iso, 20);
  /* LibreOffice's own checksum covers the export time: zeroed, then both
   * it and the file ID become a hash of the rest of the file. */
  unsigned char *sum = find_after(pdf, len, "/DocChecksum /", 32);
  unsigned char *id1 = find_after(pdf, len, "/ID [ <", 32 + 3 + 32);
  unsigned char *id2 = id1 ? memchr(id1 + 32, '<', 3) : NULL;
  if (id2 && (size_t)(id2 + 1 + 32 - pdf) > len)
    id2 = NULL;
  unsigned char *slots[] = {sum, id1, id2 ? id2 + 1 : NULL};
  for (size_t i = 0; i < 3; i++)
    if (slots[i])
      memset(slots[i], '0', 32);
  /* Two FNV-1a style hashes: 128 bits, enough for an ID. */
  uint64_t h1 = 1469598103934665603ull, h2 = 0x9e3779b97f4a7c15ull;
  for (size_t j = 0; j < len; j++) {
    h1 = (h1 ^ pdf[j]) * 1099511628211ull;
    h2 = (h2 ^ pdf[j]) * 0x100000001b3ull + 1;
  }
  char hex[33];
  snprintf(hex, sizeof hex, "%016llX%016llX", (unsigned long long)h1, (unsigned long long)h2);
  for (size_t i = 0; i < 3; i++)
    if (slots[i])
      memcpy(slots[i], hex, 32);
}

/* The creation date procspec wrote into an ODT's meta.xml (YYYY-MM-DD),
 * or the fallback. */
static void odt_date(char out[11], const ps_output *odt) {
  snprintf(out, 11, "2000-01-01");
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(odt->data, odt->size, 0, &ze);
  zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
  if (!z) {
    zip_source_free(src);
    zip_error_fini(&ze);
    return;
  }
  zip_file_t *f = zip_fopen(z, "meta.xml", 0);
  char buf[4096];
  zip_int64_t n = f ? zip_fread(f, buf, sizeof buf - 1) : -1;
  if (f)
    zip_fclose(f);
  zip_discard(z);
  zip_error_fini(&ze);
  if (n <= 0)
    return;
  buf[n] = '\0';
  const char *p = strstr(buf, "<meta:creation-date>");
  if (!p)
    return;
  p += strlen("<meta:creation-date>");
  if (strlen(p) >= 10 && p[4] == '-' && p[7] == '-')
    memcpy(out, p, 10), out[10] = '\0';
}

static char *pdf_name(const char *name) {
  const char *dot = strrchr(name, '.');
  size_t stem = dot ? (size_t)(dot - name) : strlen(name);
  char *p = malloc(stem + 5);
  if (p)
    snprintf(p, stem + 5, "%.*s.pdf", (int)stem, name);
  return p;
}

static int convert_in(pdf_run *r, ps_outputs *out, const ps_output *in, size_t n,
                      const ps_pdf_options *opts, ps_diags *diags) {
  const char *program = opts && opts->soffice ? opts->soffice : getenv("PROCSPEC_SOFFICE");
  if (!program || !*program)
    program = "soffice";
  unsigned timeout = opts && opts->timeout_seconds ? opts->timeout_seconds : PDF_DEFAULT_TIMEOUT;
  size_t fixed = 8;
  char **argv = calloc(fixed + n + 1, sizeof *argv);
  char *envarg = dup_printf("-env:UserInstallation=%s", r->profile);
  int rc = 0;
  if (!argv || !envarg) {
    rc = ps_error_at(diags, PS_ENOMEM, NULL, 0, 0, "out of memory while starting LibreOffice");
    goto out;
  }
  argv[0] = (char *)program;
  argv[1] = envarg;
  argv[2] = "--headless";
  argv[3] = "--norestore";
  argv[4] = "--convert-to";
  argv[5] = (char *)filter_for(opts ? opts->standard : PS_PDF_PLAIN);
  argv[6] = "--outdir";
  argv[7] = r->outdir;
  for (size_t i = 0; i < n && rc == 0; i++) {
    if (!ps_safe_filename(in[i].name)) {
      rc = ps_error_at(diags, PS_EINPUT, NULL, 0, 0, "unsafe document name for PDF conversion");
      break;
    }
    argv[fixed + i] = dup_printf("%s/%s", r->dir, in[i].name);
    if (!argv[fixed + i])
      rc = ps_error_at(diags, PS_ENOMEM, NULL, 0, 0,
                       "out of memory while preparing the PDF conversion");
    else if (write_whole(argv[fixed + i], in[i].data, in[i].size) != 0)
      rc = ps_error_at(diags, PS_EIO, NULL, 0, 0, "cannot write %s for the PDF conversion: %s",
                       argv[fixed + i], strerror(errno));
  }
  if (rc == 0)
    rc = run_soffice(r, program, argv, timeout, diags);
  for (size_t i = 0; i < n && rc == 0; i++) {
    char *name = pdf_name(in[i].name);
    char *path = name ? dup_printf("%s/%s", r->outdir, name) : NULL;
    char *data = NULL;
    size_t len = 0;
    if (!path) {
      free(name);
      rc = ps_error_at(diags, PS_ENOMEM, NULL, 0, 0, "out of memory while reading the PDF");
      break;
    }
    ps_diags *quiet = ps_diags_new();
    int rr = quiet ? ps_read_file(&data, &len, path, PDF_MAX_BYTES, quiet) : PS_ENOMEM;
    ps_diags_free(quiet);
    free(path);
    if (rr != 0) {
      free(name);
      rc = ps_error_at(diags, PS_EIO, NULL, 0, 0,
                       "LibreOffice wrote no PDF for %s; nothing was written", in[i].name);
      break;
    }
    char date[11];
    odt_date(date, &in[i]);
    normalise_pdf((unsigned char *)data, len, date);
    out->files[out->count].name = name;
    out->files[out->count].data = (unsigned char *)data;
    out->files[out->count].size = len;
    out->count++;
  }
out:
  if (argv)
    for (size_t i = 0; i < n; i++)
      free(argv[fixed + i]);
  free(argv);
  free(envarg);
  return rc;
}

int ps_pdf_convert(ps_outputs *out, const ps_output *inputs, size_t count,
                   const ps_pdf_options *opts, ps_diags *diags) {
  out->files = NULL;
  out->count = 0;
  if (count == 0)
    return 0;
  out->files = calloc(count, sizeof *out->files);
  if (!out->files)
    return ps_error_at(diags, PS_ENOMEM, NULL, 0, 0,
                       "out of memory while preparing the PDF conversion");
  pdf_run r = {0};
  r.slot = -1;
  int rc = run_init(&r, diags);
  if (rc == 0)
    rc = convert_in(&r, out, inputs, count, opts, diags);
  run_free(&r);
  if (rc != 0)
    ps_outputs_free(out);
  return rc;
}
