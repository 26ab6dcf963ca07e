/* An LD_PRELOAD shim for the output-folder tests: a full disk and a failing
 * rename, deterministic and without privileges.
 *   PROCSPEC_FAULT_ENOSPC_AFTER=N  writes to regular files fail with ENOSPC
 *                                  once N bytes were written to them (each
 *                                  process counts its own)
 *   PROCSPEC_FAULT_RENAME=K        the K-th rename of the process fails
 *                                  with EIO
 *   PROCSPEC_FAULT_TERM_AT=TEXT    the process gets SIGTERM right after it
 *                                  opened (fopen) a file whose path holds
 *                                  TEXT: a signal at a known moment */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long long setting(const char *name) {
  const char *v = getenv(name);
  return v && *v ? strtoll(v, NULL, 10) : -1;
}

ssize_t write(int fd, const void *buf, size_t n) {
  static ssize_t (*real)(int, const void *, size_t);
  static long long written;
  if (!real)
    real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
  long long limit = setting("PROCSPEC_FAULT_ENOSPC_AFTER");
  struct stat st;
  if (limit >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    if (written >= limit) {
      errno = ENOSPC;
      return -1;
    }
    if ((long long)n > limit - written)
      n = (size_t)(limit - written);
    written += (long long)n;
  }
  return real(fd, buf, n);
}

int rename(const char *from, const char *to) {
  static int (*real)(const char *, const char *);
  static long long calls;
  if (!real)
    real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  if (++calls == setting("PROCSPEC_FAULT_RENAME")) {
    errno = EIO;
    return -1;
  }
  return real(from, to);
}

/* libxlsxwriter and minizip open with fopen64 (large-file builds). */
static FILE *open_then_signal(const char *name, const char *path, const char *mode) {
  FILE *(*real)(const char *, const char *) =
      (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, name);
  FILE *f = real(path, mode);
  const char *at = getenv("PROCSPEC_FAULT_TERM_AT");
  if (at && *at && strstr(path, at))
    raise(SIGTERM);
  return f;
}

FILE *fopen(const char *path, const char *mode) { return open_then_signal("fopen", path, mode); }

FILE *fopen64(const char *path, const char *mode) {
  return open_then_signal("fopen64", path, mode);
}
