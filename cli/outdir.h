/* Output folders and files of the command line: created when missing,
 * locked against a second run, cleaned up on failure and on signals. */
#ifndef PROCSPEC_CLI_OUTDIR_H
#define PROCSPEC_CLI_OUTDIR_H
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#include "procspec/procspec.h"

/* At most this many batch workers (generate -j). */
#define CLI_MAX_CHILDREN 64

/* An output folder held by this run. */
typedef struct {
  int fd;               /* the open folder, which carries the lock */
  size_t first_created; /* the folders this open created start here */
} cli_outdir;

/* Creates DIR if missing (and its parents) and takes its lock: an flock on
 * the folder itself, so nothing is left in it. When another run holds the
 * lock, waits (saying so on a terminal) or, with NO_WAIT, fails. Returns
 * 0, or EXIT_TROUBLE after printing why. */
int cli_outdir_open(cli_outdir *o, const char *dir, int no_wait);
/* Releases the lock; when FAILED, first removes the folders the open
 * created, if they are empty. */
void cli_outdir_close(cli_outdir *o, int failed);

/* Installs the handler of SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE
 * (those not ignored at start): it ends the batch workers, removes the
 * temporary files and the empty folders the run created, and ends the
 * process by the same signal. */
void cli_signals_install(void);
/* Blocks (BLOCK=1) or restores (BLOCK=0, *SAVED) those signals. */
void cli_signals_block(int block, sigset_t *saved);
/* The batch worker in SLOT has process id PID / has ended. */
void cli_child_started(size_t slot, pid_t pid);
void cli_child_ended(size_t slot);
/* Called in a new worker: it has no workers, and the folders its parent
 * created are the parent's to remove. */
void cli_become_worker(void);
#endif
