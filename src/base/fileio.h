/* Reading input files with a size limit, and durable, atomic writes. */
#ifndef PS_FILEIO_H
#define PS_FILEIO_H
#include <stddef.h>
#include <sys/types.h>

#include "procspec/procspec.h"

/* Reads PATH whole into *data (NUL-terminated; free with free()). Files
 * larger than MAX bytes are refused with PS_ELIMIT; anything but a regular
 * file (a folder, named pipe, socket or device) with PS_EIO, at once. */
int ps_read_file(char **data, size_t *len, const char *path, size_t max, ps_diags *diags);

/* What a file of st_mode MODE is, for messages: "a folder", "a named
 * pipe (FIFO)", ... */
const char *ps_file_kind(unsigned mode);

/* Writes DATA to DIR/NAME through a temporary file in DIR, a flush to
 * disk, a rename and a flush of DIR. NAME must be a plain file name; when
 * DIR/NAME is a symbolic link to a regular file, that file is replaced
 * (through a temporary file beside it) and the link kept. A folder,
 * device, FIFO or socket there is refused. On failure the old file, if
 * any, is untouched and the temporary file removed. */
int ps_write_atomic(const char *dir, const char *name, const void *data, size_t len,
                    ps_diags *diags);

/* Writes COUNT files into DIR as ps_write_atomic does, flushing them with
 * one syncfs instead of one fsync each: every target is checked, every
 * temporary file written, the file system flushed, then all are renamed
 * and DIR is flushed. If anything fails, no file is replaced: a failed
 * rename puts back the files renamed before it (the old ones are kept
 * under a second name, a hard link, until the last rename). */
int ps_write_atomic_all(const char *dir, const char *const *names, const void *const *data,
                        const size_t *sizes, size_t count, ps_diags *diags);

/* Temporary files outside an output folder, which ps_remove_temp_files
 * removes when a signal ends the run. ps_temp_folder_create makes the
 * private folder TMPL (ending in XXXXXX, filled in place; SIZE is its
 * buffer's size) and returns its slot, or -1 with errno set; with
 * WHOLE_TREE it is removed with everything in it, else only when empty.
 * ps_temp_file_track marks PATH, a file in such a folder that may not
 * exist yet, and returns its slot or -1 (the file is then simply not
 * removed on a signal). ps_temp_forget frees a slot (-1 is ignored) once
 * its file or folder is removed. */
int ps_temp_folder_create(char *tmpl, size_t size, int whole_tree);
int ps_temp_file_track(const char *path);
void ps_temp_forget(int slot);
/* A helper program's process group that ps_remove_temp_files kills (and
 * waits for) before it removes the folders: RUNNING 1 records it, 0
 * forgets it. */
void ps_temp_process(pid_t group, int running);
/* Blocks (BLOCK=1) the termination signals (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT, SIGPIPE) of this thread, saving the old mask in *SAVED (a
 * sigset_t), or restores *SAVED (BLOCK=0). */
void ps_hold_signals(int block, void *saved);

/* 1 when NAME is a safe single file name: no '/', not "." or "..", no
 * control characters, not empty, at most 200 bytes. */
int ps_safe_filename(const char *name);
#endif
