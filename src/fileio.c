#define _GNU_SOURCE /* syncfs */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

int ps_read_file(char **data, size_t *len, const char *path, size_t max, ps_diags *diags) {
  *data = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ps_error_at(diags, PS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
  struct stat st;
  if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return ps_error_at(diags, PS_EIO, path, 0, 0, "not a regular file");
  }
  if ((unsigned long long)st.st_size > max) {
    close(fd);
    return ps_error_at(diags, PS_ELIMIT, path, 0, 0,
                       "file is %lld bytes; the limit is %zu bytes", (long long)st.st_size, max);
  }
  size_t size = (size_t)st.st_size, used = 0;
  char *buf = malloc(size + 1);
  if (!buf) {
    close(fd);
    return PS_ENOMEM;
  }
  char probe;
  for (;;) {
    /* Read the size stat gave, then probe one byte: a file that grows while
     * it is read is refused rather than silently cut. */
    ssize_t r = used < size ? read(fd, buf + used, size - used) : read(fd, &probe, 1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0 || (r > 0 && used == size)) {
      int e = errno;
      free(buf);
      close(fd);
      return r < 0 ? ps_error_at(diags, PS_EIO, path, 0, 0, "cannot read: %s", strerror(e))
                   : ps_error_at(diags, PS_EIO, path, 0, 0, "file changed while it was read");
    }
    if (r == 0)
      break;
    used += (size_t)r;
  }
  close(fd);
  buf[used] = '\0';
  *data = buf;
  *len = used;
  return 0;
}

int ps_safe_filename(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n > 200 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
    return 0;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++)
    if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
      return 0;
  return 1;
}

static int write_all(int fd, const unsigned char *p, size_t len) {
  while (len) {
    ssize_t w = write(fd, p, len);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    len -= (size_t)w;
  }
  return 0;
}

static void sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

/* "DIR/NAME" or "DIR/.NAME.XXXXXX" in new memory (free with free()). */
static char *join(const char *dir, const char *name, int temporary) {
  size_t n = strlen(dir) + strlen(name) + 16;
  char *p = malloc(n);
  if (p)
    snprintf(p, n, temporary ? "%s/.%s.XXXXXX" : "%s/%s", dir, name);
  return p;
}

/* Flushes every file of the run to disk: one syncfs for the file system,
 * or an fsync per file where syncfs is not available. */
static int flush_files(const char *dir, char *const *tmp, size_t count) {
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    int synced = syncfs(dfd) == 0;
    close(dfd);
    if (synced)
      return 0;
  }
  for (size_t i = 0; i < count; i++) {
    int fd = open(tmp[i], O_RDONLY | O_CLOEXEC);
    int failed = fd < 0 || fsync(fd) < 0;
    if (fd >= 0)
      close(fd);
    if (failed)
      return -1;
  }
  return 0;
}

/* Writes DATA into a new temporary file TMP. Returns 0, or an errno value
 * with *created telling whether the file exists. */
static int write_temp(char *tmp, const void *data, size_t len, int *created) {
  int fd = mkstemp(tmp);
  *created = fd >= 0;
  if (fd < 0)
    return errno ? errno : EIO;
  int e = write_all(fd, data, len) < 0 || fchmod(fd, 0644) < 0 ? errno : 0;
  if (close(fd) < 0 && !e)
    e = errno;
  return e;
}

int ps_write_atomic_all(const char *dir, const char *const *names, const void *const *data,
                        const size_t *sizes, size_t count, ps_diags *diags) {
  for (size_t i = 0; i < count; i++)
    if (!ps_safe_filename(names[i]))
      return ps_error_at(diags, PS_EINPUT, names[i], 0, 0, "unsafe output file name");
  char **tmp = calloc(count + 1, sizeof(char *)), **final = calloc(count + 1, sizeof(char *));
  unsigned char *exists = calloc(count + 1, 1); /* a temporary file to remove */
  int rc = tmp && final && exists ? 0 : PS_ENOMEM;
  for (size_t i = 0; rc == 0 && i < count; i++) {
    if (!(tmp[i] = join(dir, names[i], 1)) || !(final[i] = join(dir, names[i], 0))) {
      rc = PS_ENOMEM;
      break;
    }
    int created;
    int e = write_temp(tmp[i], data[i], sizes[i], &created);
    exists[i] = (unsigned char)created;
    if (e)
      rc = ps_error_at(diags, PS_EIO, final[i], 0, 0, "cannot %s a file in %s: %s",
                       created ? "write" : "create", dir, strerror(e));
  }
  if (rc == 0 && flush_files(dir, tmp, count) < 0)
    rc = ps_error_at(diags, PS_EIO, dir, 0, 0, "cannot flush the documents to disk: %s",
                     strerror(errno));
  /* The data is on disk: now the renames, each replacing a file whole. */
  for (size_t i = 0; rc == 0 && i < count; i++) {
    if (rename(tmp[i], final[i]) < 0)
      rc = ps_error_at(diags, PS_EIO, final[i], 0, 0, "cannot write: %s", strerror(errno));
    else
      exists[i] = 0;
  }
  for (size_t i = 0; exists && i < count; i++)
    if (exists[i])
      unlink(tmp[i]);
  if (rc == 0)
    sync_dir(dir);
  for (size_t i = 0; i < count; i++) {
    if (tmp)
      free(tmp[i]);
    if (final)
      free(final[i]);
  }
  free(tmp);
  free(final);
  free(exists);
  return rc;
}

int ps_write_atomic(const char *dir, const char *name, const void *data, size_t len,
                    ps_diags *diags) {
  return ps_write_atomic_all(dir, &name, &data, &len, 1, diags);
}
