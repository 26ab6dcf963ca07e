#define _GNU_SOURCE /* syncfs */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <dirent.h>
#include <stdint.h>
#include <unistd.h>

#include "diag.h"

const char *ps_file_kind(unsigned mode) {
  mode_t m = (mode_t)mode;
  return S_ISREG(m)                 ? "a file"
         : S_ISDIR(m)               ? "a folder"
         : S_ISFIFO(m)              ? "a named pipe (FIFO)"
         : S_ISSOCK(m)              ? "a socket"
         : S_ISCHR(m) || S_ISBLK(m) ? "a device"
                                    : "not a file";
}

int ps_read_file(char **data, size_t *len, const char *path, size_t max, ps_diags *diags) {
  *data = NULL;
  *len = 0;
  /* Without O_NONBLOCK, opening a named pipe waits for a writer forever;
   * fstat then refuses it, and a regular file is read blocking as usual. */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return ps_error_at(diags, PS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
  struct stat st;
  if (fstat(fd, &st) < 0) {
    int e = errno;
    close(fd);
    return ps_error_at(diags, PS_EIO, path, 0, 0, "cannot read: %s", strerror(e));
  }
  int flags = fcntl(fd, F_GETFL);
  if (!S_ISREG(st.st_mode) || flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
    close(fd);
    return ps_error_at(diags, PS_EIO, path, 0, 0,
                       "this is %s, not a regular file; give the path "
                       "of a file",
                       ps_file_kind((unsigned)st.st_mode));
  }
  if ((unsigned long long)st.st_size > max) {
    close(fd);
    return ps_error_at(diags, PS_ELIMIT, path, 0, 0, "file is %lld bytes; the limit is %zu bytes",
                       (long long)st.st_size, max);
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

/* ---- Temporary files a signal handler can remove ----
 * A fixed table, so that ps_remove_temp_files needs neither locks nor
 * malloc. A slot is FREE, CLAIMED (its path being written) or LIVE (a file
 * of that name exists and is ours). Creating a file and marking it LIVE,
 * and renaming it and freeing the slot, happen with the termination
 * signals blocked, so a handler never sees a file that is not marked. */
enum { SLOT_FREE, SLOT_CLAIMED, SLOT_LIVE };
#define TEMP_SLOTS 128
static _Atomic int slot_state[TEMP_SLOTS];
static char slot_path[TEMP_SLOTS][PATH_MAX];
/* 0 a file, 1 a private folder, 2 a private folder removed with all it holds */
static unsigned char slot_folder[TEMP_SLOTS];
/* Process groups of helper programs (LibreOffice) working in such a folder. */
#define TEMP_GROUPS 8
static _Atomic pid_t temp_group[TEMP_GROUPS];

/* getdents64's record; glibc has no name for it. */
struct dirent64_raw {
  uint64_t ino;
  int64_t off;
  unsigned short reclen;
  unsigned char type;
  char name[];
};

/* Removes NAME in the folder PARENT with everything in it, with
 * async-signal-safe calls only (no opendir, no malloc). */
static void remove_tree_now(int parent, const char *name, int depth) {
  int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    unlinkat(parent, name, 0);
    return;
  }
  char buf[2048];
  /* Entries removed while reading may hide others: read until a pass
   * finds nothing. */
  for (int pass = 0, found = 1; found && pass < 8 && depth < 32; pass++) {
    found = 0;
    lseek(fd, 0, SEEK_SET);
    long n;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
      for (long at = 0; at < n;) {
        struct dirent64_raw *e = (struct dirent64_raw *)(void *)(buf + at);
        at += e->reclen;
        if (strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0)
          continue;
        found = 1;
        if (e->type == DT_DIR || (unlinkat(fd, e->name, 0) < 0 && errno == EISDIR))
          remove_tree_now(fd, e->name, depth + 1);
      }
  }
  close(fd);
  unlinkat(parent, name, AT_REMOVEDIR);
}

void ps_remove_temp_files(void) {
  int saved = errno;
  for (int i = 0; i < TEMP_GROUPS; i++) {
    pid_t pid = atomic_load(&temp_group[i]);
    if (pid > 0) {
      kill(-pid, SIGKILL);
      waitpid(pid, NULL, 0);
    }
  }
  for (int i = 0; i < TEMP_SLOTS; i++)
    if (atomic_load(&slot_state[i]) == SLOT_LIVE && !slot_folder[i])
      unlink(slot_path[i]);
  for (int i = 0; i < TEMP_SLOTS; i++)
    if (atomic_load(&slot_state[i]) == SLOT_LIVE && slot_folder[i] == 1)
      rmdir(slot_path[i]);
    else if (atomic_load(&slot_state[i]) == SLOT_LIVE && slot_folder[i] == 2)
      remove_tree_now(AT_FDCWD, slot_path[i], 0);
  errno = saved;
}

void ps_temp_process(pid_t group, int running) {
  for (int i = 0; i < TEMP_GROUPS; i++) {
    pid_t expected = running ? 0 : group;
    if (atomic_compare_exchange_strong(&temp_group[i], &expected, running ? group : 0))
      return;
  }
}

void ps_hold_signals(int block, void *saved) {
  if (!block) {
    pthread_sigmask(SIG_SETMASK, saved, NULL);
    return;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGQUIT);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, saved);
}

static int slot_claim(void) {
  for (int i = 0; i < TEMP_SLOTS; i++) {
    int expected = SLOT_FREE;
    if (atomic_compare_exchange_strong(&slot_state[i], &expected, SLOT_CLAIMED))
      return i;
  }
  return -1;
}

static void slot_release(int slot) {
  if (slot >= 0) {
    slot_folder[slot] = 0;
    atomic_store(&slot_state[slot], SLOT_FREE);
  }
}

int ps_temp_folder_create(char *tmpl, size_t size, int whole_tree) {
  int slot = slot_claim();
  if (slot < 0 || size > PATH_MAX || strlen(tmpl) >= size) {
    slot_release(slot);
    errno = slot < 0 ? EMFILE : ENAMETOOLONG;
    return -1;
  }
  memcpy(slot_path[slot], tmpl, strlen(tmpl) + 1);
  slot_folder[slot] = whole_tree ? 2 : 1;
  sigset_t saved;
  ps_hold_signals(1, &saved);
  int made = mkdtemp(slot_path[slot]) != NULL;
  if (made)
    atomic_store(&slot_state[slot], SLOT_LIVE);
  ps_hold_signals(0, &saved);
  if (!made) {
    int e = errno;
    slot_release(slot);
    errno = e;
    return -1;
  }
  memcpy(tmpl, slot_path[slot], strlen(tmpl) + 1);
  return slot;
}

int ps_temp_file_track(const char *path) {
  int slot = slot_claim();
  if (slot < 0 || strlen(path) >= PATH_MAX) {
    slot_release(slot);
    return -1;
  }
  memcpy(slot_path[slot], path, strlen(path) + 1);
  atomic_store(&slot_state[slot], SLOT_LIVE);
  return slot;
}

void ps_temp_forget(int slot) { slot_release(slot); }

/* One file of a write: where it goes, its temporary file, and the hard
 * link that keeps the old file until every rename has succeeded. */
typedef struct {
  char *final;  /* the path the document ends up at */
  char *backup; /* DIR/.NAME.XXXXXX~, a second name of the old file */
  int slot;     /* temporary file DIR/.NAME.XXXXXX in slot_path, or -1 */
  int existed;  /* the final path held a regular file */
  int linked;   /* final is where a symbolic link in DIR points */
  int backed_up;
} target;

/* The folder part of PATH in new memory ("." when there is none). */
static char *dir_of(const char *path) {
  if (!path) /* a target is written only after resolve_target set its path */
    return NULL;
  const char *slash = strrchr(path, '/');
  if (!slash)
    return strdup(".");
  if (slash == path)
    return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

/* Where DIR/NAME is written: itself, or the file a symbolic link there
 * points to (the link is kept and its target replaced, as an editor does).
 * Anything but a regular file or nothing is refused before any file is
 * written. */
static int resolve_target(target *t, const char *dir, const char *name, ps_diags *diags) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *path = malloc(n);
  if (!path)
    return ps_error_at(diags, PS_ENOMEM, name, 0, 0, "out of memory while preparing to write");
  snprintf(path, n, "%s/%s", dir, name);
  struct stat st;
  int rc = 0;
  if (lstat(path, &st) < 0) {
    if (errno != ENOENT)
      rc = ps_error_at(diags, PS_EIO, path, 0, 0, "cannot look at this file: %s", strerror(errno));
  } else if (S_ISLNK(st.st_mode)) {
    char *real = realpath(path, NULL);
    if (!real || stat(real, &st) < 0 || !S_ISREG(st.st_mode)) {
      rc = ps_error_at(diags, PS_EINPUT, path, 0, 0,
                       "is a symbolic link to %s; procspec replaces only regular files: "
                       "remove the link or choose another output folder",
                       real ? "something that is not a regular file" : "a missing file");
      free(real);
    } else {
      free(path);
      path = real;
      t->existed = t->linked = 1;
    }
  } else if (!S_ISREG(st.st_mode)) {
    rc = ps_error_at(diags, PS_EINPUT, path, 0, 0,
                     "is %s, not a document; procspec replaces only regular files: move it "
                     "away or choose another output folder",
                     S_ISDIR(st.st_mode)    ? "a folder"
                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "a device");
  } else {
    t->existed = 1;
  }
  if (rc < 0) {
    free(path);
    return rc;
  }
  t->final = path;
  return 0;
}

/* Creates the temporary file of T beside its final path and writes DATA
 * into it. Returns 0 or an errno value. */
static int write_temp(target *t, const void *data, size_t len) {
  /* final is DIR/NAME or a real path, set by resolve_target: never without a slash */
  const char *slash = t->final ? strrchr(t->final, '/') : NULL;
  if (!slash)
    return EINVAL;
  if ((t->slot = slot_claim()) < 0)
    return EMFILE;
  char *tmp = slot_path[t->slot], *dir = dir_of(t->final);
  const char *name = slash + 1;
  int n = dir ? snprintf(tmp, PATH_MAX, "%s/.%s.XXXXXX", dir, name) : -1;
  free(dir);
  if (n < 0)
    return ENOMEM;
  if (n >= PATH_MAX)
    return ENAMETOOLONG;
  sigset_t saved;
  ps_hold_signals(1, &saved);
  int fd = mkostemp(tmp, O_CLOEXEC);
  if (fd >= 0)
    atomic_store(&slot_state[t->slot], SLOT_LIVE);
  ps_hold_signals(0, &saved);
  if (fd < 0)
    return errno ? errno : EIO;
  int e = write_all(fd, data, len) < 0 || fchmod(fd, 0644) < 0 ? errno : 0;
  if (close(fd) < 0 && !e)
    e = errno;
  return e;
}

/* Removes T's temporary file, if any, and frees its slot. */
static void drop_temp(target *t) {
  if (t->slot >= 0 && atomic_load(&slot_state[t->slot]) == SLOT_LIVE)
    unlink(slot_path[t->slot]);
  slot_release(t->slot);
  t->slot = -1;
}

/* Flushes the folders of the renamed files, each once. */
static void sync_dirs(const target *t, size_t count) {
  char *last = NULL;
  for (size_t i = 0; i < count; i++) {
    char *dir = dir_of(t[i].final);
    int fd = dir && (!last || strcmp(dir, last) != 0)
                 ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                 : -1;
    if (fd >= 0) {
      fsync(fd);
      close(fd);
    }
    free(last);
    last = dir;
  }
  free(last);
}

/* Flushes every temporary file to disk: one syncfs for the file system,
 * or an fsync per file where syncfs is not available. */
static int flush_files(const char *dir, const target *t, size_t count) {
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int all_here = 1;
  for (size_t i = 0; i < count; i++)
    all_here &= !t[i].linked;
  if (dfd >= 0) {
    int synced = all_here && syncfs(dfd) == 0;
    close(dfd);
    if (synced)
      return 0;
  }
  for (size_t i = 0; i < count; i++) {
    int fd = open(slot_path[t[i].slot], O_RDONLY | O_CLOEXEC);
    int failed = fd < 0 || fsync(fd) < 0;
    if (fd >= 0)
      close(fd);
    if (failed)
      return -1;
  }
  return 0;
}

/* Puts back what the renames before K replaced. Returns the number of
 * files that could not be restored. */
static size_t roll_back(target *t, size_t k) {
  size_t lost = 0;
  for (size_t j = 0; j < k; j++) {
    int ok = t[j].backed_up  ? rename(t[j].backup, t[j].final) == 0
             : !t[j].existed ? unlink(t[j].final) == 0
                             : 0;
    if (ok)
      t[j].backed_up = 0;
    lost += !ok;
  }
  return lost;
}

/* Renames every temporary file over its final path, all or none: each old
 * file first gets a second name (a hard link), so that when a rename
 * fails the ones before it are undone. The termination signals wait until
 * the set is complete. */
static int rename_all(target *t, size_t count, ps_diags *diags) {
  sigset_t saved;
  ps_hold_signals(1, &saved);
  int rc = 0;
  for (size_t i = 0; i < count && rc == 0; i++) {
    if (!t[i].existed)
      continue;
    size_t n = strlen(slot_path[t[i].slot]) + 2;
    if (!(t[i].backup = malloc(n)))
      rc = ps_error_at(diags, PS_ENOMEM, t[i].final, 0, 0,
                       "out of memory before replacing the documents; none was changed");
    else {
      snprintf(t[i].backup, n, "%s~", slot_path[t[i].slot]);
      t[i].backed_up = link(t[i].final, t[i].backup) == 0;
    }
  }
  size_t done = 0;
  for (; rc == 0 && done < count; done++) {
    if (rename(slot_path[t[done].slot], t[done].final) < 0)
      break;
    atomic_store(&slot_state[t[done].slot], SLOT_CLAIMED);
  }
  if (rc == 0 && done < count) {
    int e = errno;
    size_t lost = roll_back(t, done);
    rc = ps_error_at(
        diags, PS_EIO, t[done].final, 0, 0, "cannot replace this file: %s; %s", strerror(e),
        lost ? "some documents already replaced could not be put back" : "no document was changed");
  }
  for (size_t i = 0; i < count; i++)
    if (t[i].backed_up)
      unlink(t[i].backup);
  ps_hold_signals(0, &saved);
  return rc;
}

int ps_write_atomic_all(const char *dir, const char *const *names, const void *const *data,
                        const size_t *sizes, size_t count, ps_diags *diags) {
  for (size_t i = 0; i < count; i++)
    if (!ps_safe_filename(names[i]))
      return ps_error_at(diags, PS_EINPUT, names[i], 0, 0, "unsafe output file name");
  target *t = calloc(count + 1, sizeof *t);
  if (!t)
    return ps_error_at(diags, PS_ENOMEM, dir, 0, 0, "out of memory while preparing to write");
  for (size_t i = 0; i < count; i++)
    t[i].slot = -1;
  int rc = 0;
  /* Every target is checked before anything is written. */
  for (size_t i = 0; i < count && rc == 0; i++)
    rc = resolve_target(&t[i], dir, names[i], diags);
  for (size_t i = 0; i < count && rc == 0; i++) {
    int e = write_temp(&t[i], data[i], sizes[i]);
    if (e == EMFILE && t[i].slot < 0)
      rc = ps_error_at(diags, PS_ELIMIT, t[i].final, 0, 0,
                       "more than %d files are being written at once", TEMP_SLOTS);
    else if (e)
      rc = ps_error_at(diags, PS_EIO, t[i].final, 0, 0, "cannot %s a file in %s: %s",
                       atomic_load(&slot_state[t[i].slot]) == SLOT_LIVE ? "write" : "create", dir,
                       strerror(e));
  }
  if (rc == 0 && flush_files(dir, t, count) < 0)
    rc = ps_error_at(diags, PS_EIO, dir, 0, 0, "cannot flush the documents to disk: %s",
                     strerror(errno));
  if (rc == 0)
    rc = rename_all(t, count, diags);
  if (rc == 0)
    sync_dirs(t, count);
  for (size_t i = 0; i < count; i++) {
    drop_temp(&t[i]);
    free(t[i].final);
    free(t[i].backup);
  }
  free(t);
  return rc;
}

int ps_write_atomic(const char *dir, const char *name, const void *data, size_t len,
                    ps_diags *diags) {
  return ps_write_atomic_all(dir, &name, &data, &len, 1, diags);
}
