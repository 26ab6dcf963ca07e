/* Output folders and single output files: created when missing (and removed
 * again when the run fails, if it made them), locked so that two runs never
 * write into one folder at once, and cleaned up when the user ends the run
 * with a signal. */
#define _GNU_SOURCE /* flock, O_CLOEXEC with strict C11 */
#include "outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"

/* Folders this process created, in order, for the signal handler: fixed
 * tables, because the handler can neither lock nor allocate. Entries below
 * created_base belong to the parent of a batch worker. */
#define MAX_CREATED 64
static char created_path[MAX_CREATED][PATH_MAX];
static volatile sig_atomic_t ncreated, created_base;
static volatile pid_t children[CLI_MAX_CHILDREN];

static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
#define NHANDLED (sizeof handled / sizeof handled[0])

static void remove_created(size_t from) {
  for (size_t i = (size_t)ncreated; i-- > from;)
    rmdir(created_path[i]);
}

/* Ends the batch workers, removes the temporary files and the folders
 * this run created (rmdir leaves a folder that holds anything), then ends
 * the process by the same signal. Only async-signal-safe calls. */
static void on_signal(int sig) {
  int saved = errno;
  for (size_t i = 0; i < CLI_MAX_CHILDREN; i++)
    if (children[i] > 0)
      kill(children[i], sig);
  for (size_t i = 0; i < CLI_MAX_CHILDREN; i++)
    if (children[i] > 0)
      waitpid(children[i], NULL, 0);
  ps_remove_temp_files();
  remove_created((size_t)created_base);
  errno = saved;
  raise(sig); /* SA_RESETHAND restored the default action */
}

void cli_signals_install(void) {
  for (size_t i = 0; i < NHANDLED; i++) {
    struct sigaction old, sa;
    /* A signal ignored when we started (nohup, a background job) stays ignored. */
    if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t k = 0; k < NHANDLED; k++)
      sigaddset(&sa.sa_mask, handled[k]);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigaction(handled[i], &sa, NULL);
  }
}

void cli_signals_block(int block, sigset_t *saved) {
  if (!block) {
    sigprocmask(SIG_SETMASK, saved, NULL);
    return;
  }
  sigset_t set;
  sigemptyset(&set);
  for (size_t i = 0; i < NHANDLED; i++)
    sigaddset(&set, handled[i]);
  sigprocmask(SIG_BLOCK, &set, saved);
}

void cli_child_started(size_t slot, pid_t pid) {
  if (slot < CLI_MAX_CHILDREN)
    children[slot] = pid;
}

void cli_child_ended(size_t slot) {
  if (slot < CLI_MAX_CHILDREN)
    children[slot] = 0;
}

void cli_become_worker(void) {
  for (size_t i = 0; i < CLI_MAX_CHILDREN; i++)
    children[i] = 0;
  created_base = ncreated;
}

/* Records PATH as created by this run (when the table is full, the
 * folder is simply kept on failure). */
static void remember_created(const char *path) {
  if (ncreated >= MAX_CREATED || strlen(path) >= PATH_MAX)
    return;
  memcpy(created_path[ncreated], path, strlen(path) + 1);
  ncreated = ncreated + 1;
}

/* Creates DIR and any missing parents, like mkdir -p, remembering each
 * folder it made. */
static int ensure_dir(const char *dir) {
  char path[PATH_MAX];
  if (!dir[0])
    return cli_fail("the output folder name is empty; give a folder with -o, or leave -o out "
                    "for the current folder");
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
        return cli_fail("%s exists and is not a folder; choose another output folder", path);
    } else {
      /* Made and remembered at once, so that a signal cannot leave it. */
      sigset_t held;
      cli_signals_block(1, &held);
      int made = mkdir(path, 0777) == 0, e = errno;
      if (made)
        remember_created(path);
      cli_signals_block(0, &held);
      if (!made && e != EEXIST)
        return cli_fail("cannot create the folder %s: %s", path, strerror(e));
    }
    *p = saved;
    if (saved == '\0')
      return 0;
  }
}

/* Takes the lock of the open folder FD (DIR); waits for another run
 * unless NO_WAIT. Returns 0, 1 when DIR was replaced meanwhile (try
 * again), or EXIT_TROUBLE. */
static int lock_dir(int fd, const char *dir, int no_wait) {
  if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
    if (errno != EWOULDBLOCK && errno != EINTR)
      return 0; /* a file system without locks: write unlocked, as before */
    if (no_wait)
      return cli_fail("another procspec run is writing into %s; try again when it has "
                      "finished, or leave out --no-wait to wait for it",
                      dir);
    char shown[4096];
    if (isatty(STDERR_FILENO))
      fprintf(stderr, _("procspec: waiting for another procspec run writing into %s ...\n"),
              ps_escape_message(shown, sizeof shown, dir));
    while (flock(fd, LOCK_EX) < 0)
      if (errno != EINTR)
        return 0;
  }
  /* The run we waited for may have removed the folder it had created. */
  struct stat held, now;
  if (fstat(fd, &held) == 0 &&
      (stat(dir, &now) < 0 || now.st_ino != held.st_ino || now.st_dev != held.st_dev))
    return 1;
  return 0;
}

int cli_outdir_open(cli_outdir *o, const char *dir, int no_wait) {
  o->fd = -1;
  o->first_created = (size_t)ncreated;
  for (int attempt = 0; attempt < 10; attempt++) {
    if (ensure_dir(dir) != 0)
      return EXIT_TROUBLE;
    o->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (o->fd < 0)
      return cli_fail("cannot open the folder %s: %s", dir, strerror(errno));
    int rc = lock_dir(o->fd, dir, no_wait);
    if (rc == 0)
      return 0;
    close(o->fd);
    o->fd = -1;
    if (rc != 1)
      return rc;
  }
  return cli_fail("the folder %s keeps being removed by another program", dir);
}

void cli_outdir_close(cli_outdir *o, int failed) {
  sigset_t saved;
  cli_signals_block(1, &saved);
  if (failed)
    remove_created(o->first_created);
  if ((size_t)ncreated > o->first_created)
    ncreated = (sig_atomic_t)o->first_created;
  if (o->fd >= 0)
    close(o->fd); /* releases the lock */
  o->fd = -1;
  cli_signals_block(0, &saved);
}

/* Appends an error about PATH (NULL: none) to DIAGS; returns CODE. */
static int file_error(ps_diags *diags, int code, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int file_error(ps_diags *diags, int code, const char *path, const char *fmt, ...) {
  char message[1024];
  va_list ap;
  fmt = _(fmt);
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  ps_diag d = {PS_SEV_ERROR, path, 0, 0, NULL, message};
  return ps_diags_copy(diags, &d) < 0 ? PS_ENOMEM : code;
}

/* /dev/stdout, /dev/fd/N, /proc/self/fd/N: the descriptor N itself, so
 * that a redirection's offset and append mode are kept. -1 otherwise. */
static int fd_path(const char *path) {
  if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
    return STDOUT_FILENO;
  if (strcmp(path, "/dev/stderr") == 0)
    return STDERR_FILENO;
  const char *n = strncmp(path, "/dev/fd/", 8) == 0          ? path + 8
                  : strncmp(path, "/proc/self/fd/", 14) == 0 ? path + 14
                                                             : NULL;
  if (!n || !*n || strspn(n, "0123456789") != strlen(n) || strlen(n) > 6)
    return -1;
  return (int)strtol(n, NULL, 10);
}

/* Writes into a device or FIFO in place: it is not a file to replace. FD
 * is a descriptor to write to (kept open), or -1 to open PATH. */
static int write_special(const char *path, int fd, const unsigned char *data, size_t len,
                         ps_diags *diags) {
  int own = fd < 0 ? open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC) : dup(fd);
  FILE *f = own >= 0 ? fdopen(own, "wb") : NULL;
  if (!f) {
    int e = errno;
    if (own >= 0)
      close(own);
    return file_error(diags, PS_EIO, path, "cannot open for writing: %s", strerror(e));
  }
  int ok = fwrite(data, 1, len, f) == len;
  ok &= fclose(f) == 0;
  return ok ? 0 : file_error(diags, PS_EIO, path, "cannot write: %s", strerror(errno));
}

int cli_write_file(const char *path, const unsigned char *data, size_t len, ps_diags *diags) {
  if (!path[0])
    return file_error(diags, PS_EINPUT, NULL,
                      "the output file name is empty; give a file with -o, or -o - for "
                      "standard output");
  int fd = fd_path(path);
  if (fd >= 0) {
    struct stat st;
    if (fstat(fd, &st) < 0)
      return file_error(diags, PS_EIO, path, "cannot write: %s", strerror(errno));
    return write_special(path, fd, data, len, diags);
  }
  struct stat st;
  if (stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))
    return write_special(path, -1, data, len, diags);
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return file_error(diags, PS_EINPUT, path,
                      "is a folder; give the name of the file to write (e.g. %s/ledger.csv)", path);
  /* A regular file, nothing yet, or anything else: the library replaces a
   * regular file (or a link's target) whole and refuses the rest. */
  char *copy = strdup(path);
  if (!copy)
    return file_error(diags, PS_ENOMEM, path, "out of memory while preparing to write");
  char *slash = strrchr(copy, '/');
  const char *dir = ".", *name = copy;
  if (slash) {
    *slash = '\0';
    dir = slash == copy ? "/" : copy;
    name = slash + 1;
  }
  ps_outputs one = {&(ps_output){(char *)name, (unsigned char *)data, len}, 1};
  int rc = ps_outputs_write(&one, dir, diags);
  free(copy);
  return rc;
}
