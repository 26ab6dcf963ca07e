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

int ps_write_atomic_all(const char *dir, const char *const *names, const void *const *data,
                        const size_t *sizes, size_t count, ps_diags *diags) {
  char **tmp = calloc(count + 1, sizeof(char *));
  char **final = calloc(count + 1, sizeof(char *));
  int rc = tmp && final ? 0 : PS_ENOMEM;
  size_t made = 0;
  for (size_t i = 0; rc == 0 && i < count; i++, made++) {
    if (!ps_safe_filename(names[i])) {
      rc = ps_error_at(diags, PS_EINPUT, names[i], 0, 0, "unsafe output file name");
      break;
    }
    size_t n = strlen(dir) + strlen(names[i]) + 32;
    final[i] = malloc(n);
    tmp[i] = malloc(n);
    if (!final[i] || !tmp[i]) {
      rc = PS_ENOMEM;
      made++;
      break;
    }
    snprintf(final[i], n, "%s/%s", dir, names[i]);
    snprintf(tmp[i], n, "%s/.%s.XXXXXX", dir, names[i]);
    int fd = mkstemp(tmp[i]);
    if (fd < 0) {
      rc = ps_error_at(diags, PS_EIO, final[i], 0, 0, "cannot create a file in %s: %s", dir,
                       strerror(errno));
      tmp[i][0] = '\0';
      made++;
      break;
    }
    int bad = write_all(fd, data[i], sizes[i]) < 0 || fchmod(fd, 0644) < 0;
    int e = errno;
    /* One syncfs for all files below; a file system without it gets fsync. */
    if (!bad && i + 1 == count && syncfs(fd) < 0)
      for (size_t k = 0; k <= i && !bad; k++) {
        int kfd = open(tmp[k], O_RDONLY | O_CLOEXEC);
        bad = kfd < 0 || fsync(kfd) < 0;
        e = errno;
        if (kfd >= 0)
          close(kfd);
      }
    if (close(fd) < 0 && !bad) {
      bad = 1;
      e = errno;
    }
    if (bad) {
      rc = ps_error_at(diags, PS_EIO, final[i], 0, 0, "cannot write: %s", strerror(e));
      made++;
      break;
    }
  }
  /* The data is on disk: now the renames, each replacing a file whole. */
  for (size_t i = 0; rc == 0 && i < count; i++)
    if (rename(tmp[i], final[i]) < 0) {
      rc = ps_error_at(diags, PS_EIO, final[i], 0, 0, "cannot write: %s", strerror(errno));
      for (size_t k = i; k < count; k++)
        unlink(tmp[k]);
    }
  if (rc < 0) {
    for (size_t i = 0; tmp && i < made && i < count; i++)
      if (tmp[i] && tmp[i][0] && access(tmp[i], F_OK) == 0)
        unlink(tmp[i]);
  } else {
    sync_dir(dir);
  }
  for (size_t i = 0; i < count; i++) {
    if (tmp)
      free(tmp[i]);
    if (final)
      free(final[i]);
  }
  free(tmp);
  free(final);
  return rc;
}

int ps_write_atomic(const char *dir, const char *name, const void *data, size_t len,
                    ps_diags *diags) {
  return ps_write_atomic_all(dir, &name, &data, &len, 1, diags);
}
