/* PDF through LibreOffice in headless mode.
 *
 * procspec does not lay out pages itself: the ODT it writes is converted by
 * LibreOffice Writer, which computes page breaks, the table of contents'
 * page numbers and embeds the fonts. Every run uses a private temporary
 * folder for the input files, the output and LibreOffice's user profile, so
 * a conversion works while the user has LibreOffice open and leaves nothing
 * behind.
 *
 * The same input gives the same PDF. LibreOffice stamps each PDF with the
 * export time (the information dictionary, the XMP metadata and, in PDF/A,
 * the header of the ICC colour profile) and a random ID, and numbers some
 * objects in an order that can change from run to run (it emits fonts in
 * the order of their addresses in memory). procspec sets the times to the
 * document's date and lets qpdf write the file again: qpdf numbers the
 * objects in the order it reaches them from the catalogue, whatever order
 * they came in, and derives the ID from the content. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <qpdf/qpdf-c.h>
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

/* Sets the export times LibreOffice wrote in the clear (the information
 * dictionary and the XMP metadata) to DATE (YYYY-MM-DD), in place. */
static void set_plain_dates(unsigned char *pdf, size_t len, const char *date) {
  char d14[15], iso[21];
  snprintf(d14, sizeof d14, "%.4s%.2s%.2s000000", date, date + 5, date + 8);
  snprintf(iso, sizeof iso, "%.10sT00:00:00Z", date);
  patch_after(pdf, len, "/CreationDate(D:", d14, 14);
  patch_after(pdf, len, "<xmp:CreateDate>", iso, 20);
  patch_after(pdf, len, "<xmp:ModifyDate>", iso, 20);
  patch_after(pdf, len, "<xmp:MetadataDate>", iso, 20);
}

/* The number the N decimal digits at S make; 0 when one is not a digit. */
static unsigned digits(const char *s, int n) {
  unsigned v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return 0;
    v = v * 10 + (unsigned)(s[i] - '0');
  }
  return v;
}

/* The ICC profile of a PDF/A output intent carries its creation time in
 * bytes 24-35 of its header (ICC.1, 7.2.1: six big-endian 16-bit numbers):
 * set to DATE at midnight. Returns 0 or qpdf's error code. */
static int set_icc_date(qpdf_data q, qpdf_oh profile, const char *date) {
  unsigned char *icc = NULL;
  size_t n = 0;
  QPDF_BOOL filtered = QPDF_FALSE;
  if (qpdf_oh_get_stream_data(q, profile, qpdf_dl_generalized, &filtered, &icc, &n) & QPDF_ERRORS)
    return QPDF_ERRORS;
  /* ICC.1 7.2.9: "acsp" at 36 marks a profile; the profile ID (84-99),
   * an MD5 over the header, is left zero by LibreOffice's lcms profile. */
  static const unsigned char zero_id[16];
  if (filtered && n >= 128 && memcmp(icc + 36, "acsp", 4) == 0 &&
      memcmp(icc + 84, zero_id, sizeof zero_id) == 0) {
    unsigned v[6] = {digits(date, 4), digits(date + 5, 2), digits(date + 8, 2), 0, 0, 0};
    for (size_t i = 0; i < 6; i++)
      icc[24 + 2 * i] = (unsigned char)(v[i] >> 8), icc[25 + 2 * i] = (unsigned char)v[i];
    /* Written back without a filter; the writer compresses it again. */
    qpdf_oh_replace_stream_data(q, profile, icc, n, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
  }
  free(icc);
  return 0;
}

/* Rewrites the PDF in *DATA (LEN bytes, malloc'd) so that the same
 * document gives the same bytes: export times -> DATE (YYYY-MM-DD), objects
 * renumbered by qpdf in the order it reaches them, the file ID derived from
 * the content. On success *DATA and *LEN are replaced by the new file. */
static int reproducible_pdf(unsigned char **data, size_t *len, const char *date, const char *name,
                            ps_diags *diags) {
  set_plain_dates(*data, *len, date);
  qpdf_data q = qpdf_init();
  if (!q)
    return ps_error_at(diags, PS_ENOMEM, NULL, 0, 0, "out of memory while reading the PDF");
  qpdf_silence_errors(q);
  qpdf_set_suppress_warnings(q, QPDF_TRUE);
  int rc = 0;
  /* A file qpdf has to repair (it warns) is as wrong as one it cannot
   * read: LibreOffice's own PDF needs no repair. */
  if ((qpdf_read_memory(q, name, (const char *)*data, (unsigned long long)*len, NULL) &
       QPDF_ERRORS) ||
      qpdf_more_warnings(q)) {
    rc = -1;
    goto out;
  }
  /* The random ID and LibreOffice's checksum over the export time go; qpdf
   * writes an ID made from the content. */
  qpdf_oh trailer = qpdf_get_trailer(q);
  qpdf_oh_remove_key(q, trailer, "/ID");
  qpdf_oh_remove_key(q, trailer, "/DocChecksum");
  qpdf_oh intents = qpdf_oh_get_key(q, qpdf_get_root(q), "/OutputIntents");
  int count = qpdf_oh_is_array(q, intents) ? qpdf_oh_get_array_n_items(q, intents) : 0;
  for (int i = 0; i < count && rc == 0; i++) {
    qpdf_oh profile =
        qpdf_oh_get_key(q, qpdf_oh_get_array_item(q, intents, i), "/DestOutputProfile");
    if (qpdf_oh_is_stream(q, profile) && set_icc_date(q, profile, date) != 0)
      rc = -1;
  }
  if (rc != 0 || (qpdf_init_write_memory(q) & QPDF_ERRORS)) {
    rc = -1;
    goto out;
  }
  /* LibreOffice's streams are kept byte for byte (no decoding), only the
   * profile written back above is compressed; no object streams and an end
   * of line before "endstream", as PDF/A-1 asks (ISO 19005-1, 6.1.7). */
  qpdf_set_decode_level(q, qpdf_dl_none);
  qpdf_set_compress_streams(q, QPDF_TRUE);
  qpdf_set_object_stream_mode(q, qpdf_o_disable);
  qpdf_set_newline_before_endstream(q, QPDF_TRUE);
  qpdf_set_deterministic_ID(q, QPDF_TRUE);
  if (qpdf_write(q) & QPDF_ERRORS) {
    rc = -1;
    goto out;
  }
  size_t n = qpdf_get_buffer_length(q);
  unsigned char *copy = malloc(n ? n : 1);
  if (!copy) {
    rc = ps_error_at(diags, PS_ENOMEM, NULL, 0, 0, "out of memory while writing the PDF");
    goto out;
  }
  memcpy(copy, qpdf_get_buffer(q), n);
  free(*data);
  *data = copy;
  *len = n;
out:
  if (rc == -1) {
    qpdf_error e = qpdf_has_error(q) ? qpdf_get_error(q) : qpdf_next_warning(q);
    rc = ps_error_at(diags, PS_EIO, NULL, 0, 0,
                     "LibreOffice wrote %s, but it could not be read back (%s); "
                     "nothing was written",
                     name, e ? qpdf_get_error_full_text(q, e) : "qpdf");
  }
  qpdf_cleanup(&q);
  return rc;
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
    unsigned char *bytes = (unsigned char *)data;
    if ((rc = reproducible_pdf(&bytes, &len, date, name, diags)) != 0) {
      free(bytes);
      free(name);
      break;
    }
    out->files[out->count].name = name;
    out->files[out->count].data = bytes;
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
